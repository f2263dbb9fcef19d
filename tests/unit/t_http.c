/*
 * t_http: retry decisions, Retry-After, and the bounded append buffer
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
	test_abuf();
	test_url_shown();
	return tap_done();
}
