#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"
#include "util.h"

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

	put(out, size, n, u, utf8_encode(cp, u));
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
