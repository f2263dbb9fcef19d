/*
 * http: the pure parts of talking to push APIs: what an HTTP status means
 * for a retry, Retry-After, the few JSON fields an answer carries, JSON
 * string quoting, and cutting UTF-8 text to a length in characters.
 */
#ifndef OOBM_HTTP_H
#define OOBM_HTTP_H

#include <stddef.h>
#include <stdint.h>

enum http_action {
	HTTP_DONE,	/* 2xx: delivered */
	HTTP_RETRY,	/* 429, 5xx, 408: try again later */
	HTTP_FAIL	/* other 4xx, 3xx: the API said no; never retry */
};

enum http_action http_action(long status);

/*
 * Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP-date.  Seconds
 * to wait from now, 0 for a date in the past, -1 if unparseable.
 */
long		 http_retry_after(const char *value, int64_t now);

/*
 * Fields of the top-level JSON object in json[0..len): a string value
 * (unescaped, \u as UTF-8), an integer, or the strings of an array joined
 * by "; ".  0 when found, -1 when absent, not that type, or malformed.
 */
int		 json_string(const char *json, size_t len, const char *key,
		    char *out, size_t size);
int		 json_number(const char *json, size_t len, const char *key,
		    long *out);
int		 json_strings(const char *json, size_t len, const char *key,
		    char *out, size_t size);

/* s as a quoted JSON string into out; -1 if it does not fit. */
int		 json_quote(const char *s, char *out, size_t size);

/* True if s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int		 utf8_valid(const char *s, size_t len);

/*
 * Bytes of s[0..len) to keep so that at most max_chars UTF-8 characters
 * remain, never splitting one; *cut is set when something was left out.
 */
size_t		 utf8_prefix(const char *s, size_t len, size_t max_chars,
		    int *cut);

#endif
