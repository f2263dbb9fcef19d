#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http.h"
#include "json.h"
#include "util.h"

enum http_action
http_action(long status)
{
	if (status >= 200 && status < 300)
		return HTTP_DONE;
	if (status == 429 || status == 408 || (status >= 500 && status < 600))
		return HTTP_RETRY;
	return HTTP_FAIL;
}

static int
month(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *p;

	if (strlen(m) != 3 || (p = strstr(names, m)) == NULL ||
	    (p - names) % 3 != 0)
		return -1;
	return (int)(p - names) / 3;
}

long
http_retry_after(const char *v, int64_t now)
{
	char wday[8], mon[8], zone[8];
	struct tm tm;
	long secs;
	char *end;
	int64_t t;

	while (*v == ' ')
		v++;
	if (*v >= '0' && *v <= '9') {
		secs = strtol(v, &end, 10);
		while (*end == ' ')
			end++;
		return *end == '\0' && secs >= 0 ? secs : -1;
	}
	/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
	memset(&tm, 0, sizeof(tm));
	if (sscanf(v, "%3s, %d %3s %d %d:%d:%d %3s", wday, &tm.tm_mday, mon,
	    &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, zone) != 8 ||
	    strcmp(zone, "GMT") != 0 || (tm.tm_mon = month(mon)) < 0 ||
	    tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour < 0 ||
	    tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 ||
	    tm.tm_sec < 0 || tm.tm_sec > 60 || tm.tm_year < 1970 ||
	    tm.tm_year > 9999)
		return -1;
	t = utc_seconds(tm.tm_year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	return t > now ? (long)(t - now) : 0;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

int
http_header(const char *line, size_t len, const char *name, char *value,
    size_t size)
{
	size_t n = strlen(name), start, end;

	if (len <= n || line[n] != ':' || strncasecmp(line, name, n) != 0)
		return -1;
	for (start = n + 1; start < len && blank(line[start]); start++)
		;
	for (end = start; end < len && line[end] != '\r' &&
	    line[end] != '\n' && line[end] != '\0'; end++)
		;
	while (end > start && blank(line[end - 1]))
		end--;
	if (size > 0)
		snprintf(value, size, "%.*s", (int)(end - start),
		    line + start);
	return 0;
}

/* The first line's length: up to a LF, a NUL or the end. */
static size_t
first_line(const char *s, size_t len)
{
	size_t n;

	for (n = 0; n < len && s[n] != '\n' && s[n] != '\0'; n++)
		;
	return n;
}

/* The calls and their order are the answer's precedence. */
void
http_answer_read(const char *body, size_t len, struct http_answer *a)
{
	long status;

	a->accepted = json_number(body, len, "status", &status) == 0 &&
	    status == 1;
	a->id[0] = '\0';
	if (json_string(body, len, "request", a->id, sizeof(a->id)) == -1)
		(void)json_string(body, len, "id", a->id, sizeof(a->id));
	if (json_strings(body, len, "errors", a->why, sizeof(a->why)) == -1 &&
	    json_string(body, len, "error", a->why, sizeof(a->why)) == -1)
		snprintf(a->why, sizeof(a->why), "%.*s",
		    (int)first_line(body, len), body);
}

void
http_redact(char *s, const char *secret)
{
	size_t n;
	char *p;

	if (secret == NULL || (n = strlen(secret)) < 4)
		return;
	/* on past what was masked: a secret of asterisks is found again */
	for (p = s; (p = strstr(p, secret)) != NULL; p += n)
		memset(p, '*', n);
}

int
http_connect_to(const char *address, char *spec, size_t size)
{
	unsigned char buf[sizeof(struct in6_addr)];
	int n;

	if (inet_pton(AF_INET, address, buf) == 1)
		n = snprintf(spec, size, "::%s:", address);
	else if (inet_pton(AF_INET6, address, buf) == 1)
		n = snprintf(spec, size, "::[%s]:", address);
	else
		return -1;
	return n > 0 && (size_t)n < size ? 0 : -1;
}

int
http_url_tls(const char *url)
{
	if (strncasecmp(url, "https://", 8) == 0)
		return 1;
	if (strncasecmp(url, "http://", 7) == 0)
		return 0;
	return -1;
}

/*
 * The authority's start (after "scheme://"), its end, and the '@' that
 * ends user information in it (has_at 0 when there is none).
 */
static void
url_parts(const char *url, size_t *auth, size_t *at, int *has_at,
    size_t *end)
{
	const char *p = strstr(url, "://"), *q;

	*auth = p != NULL ? (size_t)(p - url) + 3 : 0;
	*end = *auth + strcspn(url + *auth, "/?#");
	*at = 0;
	*has_at = 0;
	for (q = url + *auth; q < url + *end; q++)
		if (*q == '@') {
			*at = (size_t)(q - url);
			*has_at = 1;
		}
}

int
http_url_secret(const char *url)
{
	size_t auth, at, end;
	int has_at;

	url_parts(url, &auth, &at, &has_at, &end);
	return has_at || url[end + strcspn(url + end, "?#")] == '?';
}

void
http_url_shown(const char *url, char *out, size_t size)
{
	size_t auth, at, end, path;
	int has_at, query;

	if (size == 0)
		return;
	url_parts(url, &auth, &at, &has_at, &end);
	path = strcspn(url + end, "?#");
	query = url[end + path] == '?';
	if (has_at)
		snprintf(out, size, "%.*s***%.*s%.*s%s", (int)auth, url,
		    (int)(end - at), url + at, (int)path, url + end,
		    query ? "?***" : "");
	else
		snprintf(out, size, "%.*s%.*s%s", (int)end, url, (int)path,
		    url + end, query ? "?***" : "");
}
