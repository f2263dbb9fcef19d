/*
 * t_json: the JSON fields of real push API answers (Pushover's, ntfy's),
 * escapes and surrogate pairs, what is not there or not JSON at all,
 * nesting bounded in depth; and quoting for requests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

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

	ok(json_quote("a\"b\\c\nd\001", q, sizeof(q)) == 0 &&
	    strcmp(q, "\"a\\\"b\\\\c\\nd\\u0001\"") == 0, "JSON quoting");
	ok(json_quote("0123456789", q, 12) == -1, "quote that does not fit");
}

int
main(void)
{
	test_json();
	test_quote_and_cut();
	return tap_done();
}
