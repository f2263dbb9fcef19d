/*
 * t_http: retry decisions, header lines and Retry-After, what an answer
 * says, the connect-to entry, URLs, and the bounded append buffer
 * pushnotify builds its requests in.
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

/* Header lines as libcurl hands them over: CR LF kept, not terminated. */
static void
test_header(void)
{
	static const struct {
		const char *line;
		int rc;
		const char *value;
	} v[] = {
		{ "Retry-After: 120\r\n", 0, "120" },
		{ "retry-after:120\n", 0, "120" },
		{ "RETRY-AFTER: \t 5 \t\r\n", 0, "5" },
		{ "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n", 0,
		    "Wed, 21 Oct 2015 07:28:00 GMT" },
		{ "Retry-After:\r\n", 0, "" },
		{ "Retry-After: 1\r\nX-Other: 2\r\n", 0, "1" },
		{ "Retry-After 120\r\n", -1, "kept" },
		{ "Retry-Afterx: 1\r\n", -1, "kept" },
		{ " Retry-After: 1\r\n", -1, "kept" },
		{ "Content-Type: text/plain\r\n", -1, "kept" },
		{ "HTTP/1.1 429 Too Many Requests\r\n", -1, "kept" },
		{ "Retry-After", -1, "kept" },
		{ "\r\n", -1, "kept" },
	};
	char value[64];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(value, sizeof(value), "kept");
		is_int(http_header(v[i].line, strlen(v[i].line),
		    "Retry-After", value, sizeof(value)), v[i].rc,
		    "header %zu: %s", i, v[i].rc == 0 ? "read" : "not this one");
		is_str(value, v[i].value, "header %zu: its value", i);
	}
	ok(http_header("Retry-After: 7XYZ", 14, "Retry-After", value,
	    sizeof(value)) == 0 && strcmp(value, "7") == 0,
	    "not terminated: read to len, no further");
	ok(http_header("Retry-After: 1\0002\r\n", 18, "Retry-After", value,
	    sizeof(value)) == 0 && strcmp(value, "1") == 0,
	    "a NUL ends the value");
	ok(http_header("Retry-After: 123456\r\n", 21, "Retry-After", value,
	    4) == 0 && strcmp(value, "123") == 0, "cut to the buffer");
	ok(http_header("Retry-After: 1\r\n", 12, "Retry-After", value,
	    sizeof(value)) == 0 && strcmp(value, "") == 0,
	    "the name's colon at the end: an empty value");
}

/* What the push APIs answer, as they document it. */
static void
test_answer(void)
{
	struct http_answer a;
	const char *b;

	b = "{\"status\":1,\"request\":\"b5e9f7a0\"}";
	http_answer_read(b, strlen(b), &a);
	ok(a.accepted && strcmp(a.id, "b5e9f7a0") == 0,
	    "Pushover: accepted, its request id");
	b = "{\"status\":0,\"user\":\"invalid\",\"errors\":[\"application "
	    "token is invalid\",\"user key is invalid\"],\"request\":\"x1\"}";
	http_answer_read(b, strlen(b), &a);
	ok(!a.accepted && strcmp(a.id, "x1") == 0, "Pushover: refused");
	is_str(a.why, "application token is invalid; user key is invalid",
	    "Pushover: its errors, joined");
	b = "{\"status\":\"1\",\"request\":\"r\"}";
	http_answer_read(b, strlen(b), &a);
	ok(!a.accepted, "a status that is not the number 1: not accepted");
	b = "{\"id\":\"hwQ2YpKdmg\",\"time\":1635528741,\"event\":\"message\"}";
	http_answer_read(b, strlen(b), &a);
	is_str(a.id, "hwQ2YpKdmg", "ntfy: its id");
	b = "{\"code\":40101,\"http\":401,\"error\":\"unauthorized\"}";
	http_answer_read(b, strlen(b), &a);
	is_str(a.why, "unauthorized", "ntfy: its error");
	ok(a.id[0] == '\0', "ntfy: no id in a refusal");
	b = "Bad Gateway\nnginx";
	http_answer_read(b, strlen(b), &a);
	is_str(a.why, "Bad Gateway", "not JSON: the first line");
	http_answer_read("Forbidden", 4, &a);
	is_str(a.why, "Forb", "not terminated: read to len, no further");
	http_answer_read("", 0, &a);
	ok(!a.accepted && a.id[0] == '\0' && a.why[0] == '\0',
	    "an empty answer says nothing");
}

static void
test_redact(void)
{
	char s[64];

	snprintf(s, sizeof(s), "token abcd1234 and abcd1234.");
	http_redact(s, "abcd1234");
	is_str(s, "token ******** and ********.", "every occurrence masked");
	snprintf(s, sizeof(s), "key abc");
	http_redact(s, "abc");
	is_str(s, "key abc", "under 4 bytes: not a secret worth masking");
	http_redact(s, NULL);
	is_str(s, "key abc", "no secret: nothing masked");
	snprintf(s, sizeof(s), "a****b");
	http_redact(s, "****");
	is_str(s, "a****b", "a secret of asterisks: masked once, no loop");
}

static void
test_connect_to(void)
{
	char spec[64];

	ok(http_connect_to("192.0.2.1", spec, sizeof(spec)) == 0 &&
	    strcmp(spec, "::192.0.2.1:") == 0, "IPv4: ::192.0.2.1:");
	ok(http_connect_to("2001:db8::1", spec, sizeof(spec)) == 0 &&
	    strcmp(spec, "::[2001:db8::1]:") == 0, "IPv6: in brackets");
	is_int(http_connect_to("push.example.org", spec, sizeof(spec)), -1,
	    "a name: refused (the caller resolved it)");
	is_int(http_connect_to("192.0.2.1:443", spec, sizeof(spec)), -1,
	    "with a port: refused");
	is_int(http_connect_to("", spec, sizeof(spec)), -1, "empty: refused");
	is_int(http_connect_to("192.0.2.1", spec, 12), -1,
	    "does not fit: refused");
}

static void
test_url_tls(void)
{
	static const struct {
		const char *url;
		int tls;
	} v[] = {
		{ "https://api.pushover.net/1/messages.json", 1 },
		{ "HTTPS://ntfy.sh", 1 },
		{ "http://192.0.2.1:8080/hook", 0 },
		{ "Http://h", 0 },
		{ "ftp://h", -1 },
		{ "https:/h", -1 },
		{ "", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		is_int(http_url_tls(v[i].url), v[i].tls, "scheme of \"%s\": %d",
		    v[i].url, v[i].tls);
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

/* Issue 37, item 6: the credentials a push URL can carry, never shown. */
static void
test_url_shown(void)
{
	static const struct {
		const char *url, *shown;
		int secret;
	} v[] = {
		{ "https://ntfy.sh", "https://ntfy.sh", 0 },
		{ "https://ntfy.sh/oobm-topic", "https://ntfy.sh/oobm-topic", 0 },
		{ "https://me:pa55@ntfy.example.org/t",
		    "https://***@ntfy.example.org/t", 1 },
		{ "https://tok@ntfy.example.org", "https://***@ntfy.example.org", 1 },
		{ "https://h.example.org/hook?token=abc&x=1",
		    "https://h.example.org/hook?***", 1 },
		{ "http://u:p@h.example.org:8080/p?q=1#frag",
		    "http://***@h.example.org:8080/p?***", 1 },
		{ "https://h.example.org/p#frag", "https://h.example.org/p", 0 },
		{ "https://h.example.org/a@b", "https://h.example.org/a@b", 0 },
		{ "", "", 0 },
	};
	char out[128];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		http_url_shown(v[i].url, out, sizeof(out));
		is_str(out, v[i].shown, "shown: %s", v[i].url);
		ok(http_url_secret(v[i].url) == v[i].secret,
		    "secret %d: %s", v[i].secret, v[i].url);
	}
	http_url_shown("https://u:p@h/", out, 6);
	ok(strlen(out) == 5, "cut to the buffer, terminated");
}

int
main(void)
{
	test_actions();
	test_retry_after();
	test_header();
	test_answer();
	test_redact();
	test_connect_to();
	test_url_tls();
	test_abuf();
	test_url_shown();
	return tap_done();
}
