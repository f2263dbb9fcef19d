/*
 * t_http: retry decisions, Retry-After, the JSON fields of push API
 * answers, JSON quoting and UTF-8 cutting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "tap.h"
#include "util.h"

static void
test_actions(void)
{
	ok(http_action(200) == HTTP_DONE && http_action(204) == HTTP_DONE,
	    "2xx: delivered");
	ok(http_action(429) == HTTP_RETRY && http_action(500) == HTTP_RETRY &&
	    http_action(503) == HTTP_RETRY && http_action(408) == HTTP_RETRY,
	    "429, 408, 5xx: retry");
	ok(http_action(400) == HTTP_FAIL && http_action(401) == HTTP_FAIL &&
	    http_action(404) == HTTP_FAIL && http_action(301) == HTTP_FAIL,
	    "other 4xx and 3xx: never retried");
}

static void
test_retry_after(void)
{
	int64_t now = 784111777;	/* Sun, 06 Nov 1994 08:49:37 GMT */

	is_int(http_retry_after("120", now), 120, "delay-seconds");
	is_int(http_retry_after(" 5 ", now), 5, "blanks around");
	is_int(http_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), 10,
	    "IMF-fixdate 10 s ahead");
	is_int(http_retry_after("Sun, 06 Nov 1994 08:40:00 GMT", now), 0,
	    "a date in the past: now");
	is_int(http_retry_after("-3", now), -1, "negative refused");
	/* issue 14, item 3: any server can send these */
	is_int(http_retry_after("Sun, 06 Nov -2147483648 08:49:47 GMT", now),
	    -1, "year -2147483648 refused, no overflow");
	is_int(http_retry_after("Sun, 06 Nov 99999 08:49:47 GMT", now), -1,
	    "year 99999 refused");
	is_int(http_retry_after("Sun, 06 Nov 1994 -8:49:47 GMT", now), -1,
	    "negative hour refused");
	is_int(http_retry_after("soon", now), -1, "garbage refused");
	is_int(http_retry_after("Sun, 06 Foo 1994 08:49:47 GMT", now), -1,
	    "bad month refused");
}

static void
test_json(void)
{
	static const char ok_answer[] =
	    "{\"status\":1,\"request\":\"5042853c-402d-4a18-abcb-168734a801de\"}";
	static const char bad_user[] =
	    "{\"user\":\"invalid\",\"errors\":[\"user identifier is not valid\","
	    "\"application token is invalid\"],\"status\":0,"
	    "\"request\":\"x\"}";
	static const char tricky[] =
	    " { \"nested\" : {\"request\":\"no\",\"a\":[1,{\"b\":[]}]} ,"
	    "\"s\":\"q\\\"\\\\\\/\\n\\u00e5\\ud83d\\ude00\", \"n\" : -42 ,"
	    "\"t\":true,\"request\":\"yes\" } ";
	char s[256], deep[200];
	long n;
	int i;

	ok(json_number(ok_answer, strlen(ok_answer), "status", &n) == 0 &&
	    n == 1, "status 1");
	ok(json_string(ok_answer, strlen(ok_answer), "request", s,
	    sizeof(s)) == 0 && strcmp(s, "5042853c-402d-4a18-abcb-168734a801de")
	    == 0, "request id");
	ok(json_strings(bad_user, strlen(bad_user), "errors", s,
	    sizeof(s)) == 0 && strcmp(s, "user identifier is not valid; "
	    "application token is invalid") == 0, "errors joined");
	ok(json_string(tricky, strlen(tricky), "request", s, sizeof(s)) == 0 &&
	    strcmp(s, "yes") == 0, "top-level member, not the nested one");
	ok(json_string(tricky, strlen(tricky), "s", s, sizeof(s)) == 0 &&
	    strcmp(s, "q\"\\/\n\xc3\xa5\xf0\x9f\x98\x80") == 0,
	    "escapes and surrogate pairs");
	ok(json_number(tricky, strlen(tricky), "n", &n) == 0 && n == -42,
	    "negative number");
	ok(json_string(tricky, strlen(tricky), "missing", s, sizeof(s)) == -1,
	    "absent member");
	ok(json_number(tricky, strlen(tricky), "s", &n) == -1,
	    "string is not a number");
	ok(json_string("{\"a\":\"unterminated", 18, "a", s, sizeof(s)) == -1,
	    "unterminated string refused");
	ok(json_string("<html>502</html>", 16, "error", s, sizeof(s)) == -1,
	    "HTML error page is no JSON");
	ok(json_strings("{   \"errors\":  ", 15, "errors", s, sizeof(s)) == -1,
	    "member at the very end (found by fuzzing)");
	for (i = 0; i < 100; i++)
		deep[i] = '[';
	memcpy(deep, "{\"x\":", 5);
	ok(json_string(deep, 100, "y", s, sizeof(s)) == -1,
	    "deep nesting refused without recursing away");
}

static void
test_quote_and_cut(void)
{
	char q[64];
	size_t k;
	int cut;

	ok(json_quote("a\"b\\c\nd\001", q, sizeof(q)) == 0 &&
	    strcmp(q, "\"a\\\"b\\\\c\\nd\\u0001\"") == 0, "JSON quoting");
	ok(json_quote("0123456789", q, 12) == -1, "quote that does not fit");
	k = utf8_prefix("a\xc3\xa5\xe2\x82\xac" "b", 7, 3, &cut);
	ok(k == 6 && cut, "3 characters of a, aring, euro, b: 6 bytes, cut");
	k = utf8_prefix("ab", 2, 3, &cut);
	ok(k == 2 && !cut, "shorter than the limit: whole");
	ok(utf8_valid("\xc3\xa5\xf0\x9f\x98\x80", 6) &&
	    !utf8_valid("\xff", 1) && !utf8_valid("\xc0\xaf", 2) &&
	    !utf8_valid("\xed\xa0\x80", 3) && !utf8_valid("\xc3", 1),
	    "UTF-8 validity: overlong, surrogate, truncated refused");
}

static void
test_abuf(void)
{
	char small[8];
	struct abuf b;

	abuf_init(&b, small, sizeof(small));
	ok(abuf_adds(&b, "{") == 0 && abuf_adds(&b, "abc") == 0 &&
	    strcmp(small, "{abc") == 0 && b.len == 4, "abuf: appends");
	ok(abuf_adds(&b, "defg") == -1 && strcmp(small, "{abc") == 0,
	    "abuf: what does not fit whole is not added");
	ok(abuf_adds(&b, "def") == 0 && strcmp(small, "{abcdef") == 0,
	    "abuf: up to the last byte, terminated");
	ok(abuf_add(&b, "x", 1) == -1 && abuf_add(&b, "", 0) == 0,
	    "abuf: full: no byte more, nothing is still nothing");
}

int
main(void)
{
	test_actions();
	test_retry_after();
	test_abuf();
	test_json();
	test_quote_and_cut();
	return tap_done();
}
