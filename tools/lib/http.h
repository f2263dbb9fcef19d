/*
 * http: the pure parts of talking to push APIs: what an HTTP status means
 * for a retry, a header line and Retry-After, what an answer says, where
 * to connect, URLs shown without credentials.  Their JSON is json.h's.
 * No I/O: pushnotify's libcurl callbacks hand the bytes over.
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
 * One header line of an answer, line[0..len) as libcurl hands it over:
 * not terminated, its CR LF with it.  When it is field name's (RFC 9110
 * 5.1: the name compared without case, then ':'), its value without the
 * blanks around it (5.5), up to a CR, LF or NUL, cut to size and
 * terminated, into value: 0.  -1 for any other line, value untouched.
 */
int		 http_header(const char *line, size_t len, const char *name,
		    char *value, size_t size);

/*
 * What a push API's answer body[0..len) says (JSON or not, not
 * terminated), for the tool to report.
 */
struct http_answer {
	int	 accepted;	/* Pushover's "status" is 1 */
	char	 id[128];	/* "request" (Pushover), else "id" (ntfy); or "" */
	char	 why[1024];	/* "errors" joined, else "error", else the first
				   line: the API's own words, unescaped */
};

void		 http_answer_read(const char *body, size_t len,
		    struct http_answer *);

/*
 * Every occurrence of secret (when 4 bytes or more) in s becomes
 * asterisks: a server that echoes the request must not put secrets in
 * logs.
 */
void		 http_redact(char *s, const char *secret);

/*
 * libcurl's CURLOPT_CONNECT_TO entry that takes every connection to the
 * numeric IPv4 or IPv6 address, whatever the URL's host and port resolve
 * to: "::192.0.2.1:", "::[2001:db8::1]:".  0, or -1 when address is not
 * an IP address or the entry does not fit in spec[size].
 */
int		 http_connect_to(const char *address, char *spec, size_t size);

/* 1 for an https:// URL, 0 for http:// (the scheme in any case), else -1. */
int		 http_url_tls(const char *url);

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
