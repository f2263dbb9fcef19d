#include "utf8.h"

int32_t
utf8_decode(const char *s, size_t len, size_t *i)
{
	const uint8_t *u = (const uint8_t *)s + *i;
	size_t left = len - *i, n, k;
	uint32_t cp, min;

	if (left == 0)
		return -1;
	if (u[0] < 0x80) {
		(*i)++;
		return u[0];
	}
	if ((u[0] & 0xe0) == 0xc0)
		n = 2, cp = u[0] & 0x1f, min = 0x80;
	else if ((u[0] & 0xf0) == 0xe0)
		n = 3, cp = u[0] & 0x0f, min = 0x800;
	else if ((u[0] & 0xf8) == 0xf0)
		n = 4, cp = u[0] & 0x07, min = 0x10000;
	else
		return -1;
	if (left < n)
		return -1;
	for (k = 1; k < n; k++) {
		if ((u[k] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (u[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*i += n;
	return (int32_t)cp;
}

size_t
utf8_encode(uint32_t cp, char u[4])
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (char)(0xf0 | cp >> 18);
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len)
		if (utf8_decode(s, len, &i) < 0)
			return 0;
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
