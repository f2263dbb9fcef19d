/*
 * http: the pure parts of talking to push APIs: what an HTTP status means
 * for a retry, and Retry-After.  Their JSON is json.h's.
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
 * A URL as it may be shown (errors, syslog, oobmconf): credentials in it
 * replaced by "***": the user information before the host
 * (scheme, then ***@host) and the query ("?***", where ntfy's auth= and
 * many webhooks' tokens go); the fragment dropped.  Always terminated.
 */
void		 http_url_shown(const char *url, char *out, size_t size);

/* 1 if the URL holds user information or a query: a secret, maybe. */
int		 http_url_secret(const char *url);

#endif
