#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "http.h"
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

/* --- a small JSON reader: enough to find top-level members --- */

struct json {
	const char	*p, *end;
};

static void
ws(struct json *j)
{
	while (j->p < j->end && strchr(" \t\r\n", *j->p) != NULL &&
	    *j->p != '\0')
		j->p++;
}

static int
hex4(const char *p, unsigned int *v)
{
	int i, d;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if ((d = hex_digit(p[i])) < 0)
			return -1;
		*v = *v << 4 | (unsigned int)d;
	}
	return 0;
}

static void
put(char *out, size_t size, size_t *n, const char *s, size_t len)
{
	if (out == NULL || *n + len >= size)
		return;
	memcpy(out + *n, s, len);
	*n += len;
	out[*n] = '\0';
}

static void
put_cp(char *out, size_t size, size_t *n, unsigned int cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		put(out, size, n, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		put(out, size, n, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		put(out, size, n, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		put(out, size, n, u, 4);
	}
}

/* A string at j->p; its unescaped text to out (may be NULL). */
static int
string(struct json *j, char *out, size_t size)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	unsigned int cp, lo;
	size_t n = 0;
	const char *e;

	if (out != NULL && size > 0)
		out[0] = '\0';
	if (j->p >= j->end || *j->p++ != '"')
		return -1;
	while (j->p < j->end && *j->p != '"') {
		if ((unsigned char)*j->p < 0x20)
			return -1;
		if (*j->p != '\\') {
			put(out, size, &n, j->p++, 1);
			continue;
		}
		if (++j->p >= j->end)
			return -1;
		if (*j->p == 'u') {
			if (j->end - j->p < 5 || hex4(j->p + 1, &cp) == -1)
				return -1;
			j->p += 5;
			if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 6 &&
			    j->p[0] == '\\' && j->p[1] == 'u' &&
			    hex4(j->p + 2, &lo) == 0 && lo >= 0xdc00 &&
			    lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				j->p += 6;
			} else if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd;
			put_cp(out, size, &n, cp);
			continue;
		}
		for (e = esc; *e != '\0' && *e != *j->p; e += 2)
			;
		if (*e == '\0')
			return -1;
		put(out, size, &n, e + 1, 1);
		j->p++;
	}
	if (j->p >= j->end)
		return -1;
	j->p++;
	return 0;
}

static int value(struct json *, int depth);

static int
container(struct json *j, char close, int depth)
{
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			ws(j);
			if (string(j, NULL, 0) == -1)
				return -1;
			ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return -1;
		}
		if (value(j, depth + 1) == -1)
			return -1;
		ws(j);
		if (j->p >= j->end)
			return -1;
		if (*j->p == close) {
			j->p++;
			return 0;
		}
		if (*j->p++ != ',')
			return -1;
	}
}

/* Skip one value; nesting is bounded so a hostile answer cannot recurse
 * the stack away. */
static int
value(struct json *j, int depth)
{
	ws(j);
	if (j->p >= j->end || depth > 32)
		return -1;
	switch (*j->p) {
	case '"':
		return string(j, NULL, 0);
	case '{':
		return container(j, '}', depth);
	case '[':
		return container(j, ']', depth);
	default:
		if (strchr("-0123456789tfn", *j->p) == NULL || *j->p == '\0')
			return -1;
		while (j->p < j->end && strchr(",}] \t\r\n", *j->p) == NULL)
			j->p++;
		return 0;
	}
}

/* Position j at the value of top-level member key. */
static int
member(const char *json, size_t len, const char *key, struct json *j)
{
	char name[64];

	j->p = json;
	j->end = json + len;
	ws(j);
	if (j->p >= j->end || *j->p++ != '{')
		return -1;
	for (;;) {
		ws(j);
		if (string(j, name, sizeof(name)) == -1)
			return -1;
		ws(j);
		if (j->p >= j->end || *j->p++ != ':')
			return -1;
		ws(j);
		if (strcmp(name, key) == 0)
			return 0;
		if (value(j, 1) == -1)
			return -1;
		ws(j);
		if (j->p >= j->end || *j->p++ != ',')
			return -1;
	}
}

int
json_string(const char *json, size_t len, const char *key, char *out,
    size_t size)
{
	struct json j;

	if (member(json, len, key, &j) == -1)
		return -1;
	return string(&j, out, size);
}

int
json_number(const char *json, size_t len, const char *key, long *out)
{
	struct json j;
	char buf[24];
	size_t n = 0;
	char *end;

	if (member(json, len, key, &j) == -1)
		return -1;
	while (j.p < j.end && n + 1 < sizeof(buf) &&
	    strchr("-0123456789", *j.p) != NULL && *j.p != '\0')
		buf[n++] = *j.p++;
	buf[n] = '\0';
	if (n == 0)
		return -1;
	*out = strtol(buf, &end, 10);
	return *end == '\0' ? 0 : -1;
}

int
json_strings(const char *json, size_t len, const char *key, char *out,
    size_t size)
{
	struct json j;
	char one[512];
	size_t n = 0;

	if (size > 0)
		out[0] = '\0';
	if (member(json, len, key, &j) == -1 || j.p >= j.end ||
	    *j.p++ != '[')
		return -1;
	for (;;) {
		ws(&j);
		if (j.p < j.end && *j.p == ']')
			return 0;
		if (string(&j, one, sizeof(one)) == -1)
			return -1;
		if (n > 0)
			put(out, size, &n, "; ", 2);
		put(out, size, &n, one, strlen(one));
		ws(&j);
		if (j.p >= j.end)
			return -1;
		if (*j.p == ',')
			j.p++;
		else if (*j.p != ']')
			return -1;
	}
}

/* Append len bytes to out[*n]; -1 when they (and a NUL) do not fit. */
static int
add(char *out, size_t size, size_t *n, const char *s, size_t len)
{
	if (*n + len >= size)
		return -1;
	memcpy(out + *n, s, len);
	*n += len;
	out[*n] = '\0';
	return 0;
}

int
json_quote(const char *s, char *out, size_t size)
{
	/* control characters with a short escape, each followed by it */
	static const char shortesc[] = "\nn\rr\tt\bb\ff";
	const char *p;
	size_t n = 0;
	char u[8];
	int r;

	r = add(out, size, &n, "\"", 1);
	for (; *s != '\0' && r == 0; s++) {
		if (*s == '"' || *s == '\\') {
			u[0] = '\\';
			u[1] = *s;
			r = add(out, size, &n, u, 2);
		} else if ((unsigned char)*s < 0x20) {
			if ((p = strchr(shortesc, *s)) != NULL && *s != '\0') {
				u[0] = '\\';
				u[1] = p[1];
				r = add(out, size, &n, u, 2);
				continue;
			}
			snprintf(u, sizeof(u), "\\u%04x", (unsigned char)*s);
			r = add(out, size, &n, u, 6);
		} else
			r = add(out, size, &n, s, 1);
	}
	return r == 0 ? add(out, size, &n, "\"", 1) : -1;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, k;
	unsigned int cp;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] >= 0xc2 && u[i] <= 0xdf)
			n = 2, cp = u[i] & 0x1f;
		else if (u[i] >= 0xe0 && u[i] <= 0xef)
			n = 3, cp = u[i] & 0x0f;
		else if (u[i] >= 0xf0 && u[i] <= 0xf4)
			n = 4, cp = u[i] & 0x07;
		else
			return 0;
		if (i + n > len)
			return 0;
		for (k = 1; k < n; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (u[i + k] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += n;
	}
	return 1;
}

size_t
utf8_prefix(const char *s, size_t len, size_t max_chars, int *cut)
{
	size_t i = 0, chars = 0;

	*cut = 0;
	while (i < len) {
		if (chars == max_chars) {
			*cut = 1;
			return i;
		}
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	return len;
}
