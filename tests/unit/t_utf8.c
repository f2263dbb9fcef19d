/*
 * t_utf8: the one codec, against the boundary cases of Markus Kuhn's
 * UTF-8 decoder stress test: first and last of each length, overlong
 * forms, surrogates, beyond U+10FFFF, cut and stray continuation bytes;
 * and every code point through encode then decode.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "utf8.h"

static void
test_decode(void)
{
	static const struct {
		const char	*s;
		int32_t		 cp;	/* -1: invalid */
		const char	*what;
	} v[] = {
		{ "\x00", 0, "U+0000" },
		{ "\x7f", 0x7f, "last of one byte" },
		{ "\xc2\x80", 0x80, "first of two" },
		{ "\xdf\xbf", 0x7ff, "last of two" },
		{ "\xe0\xa0\x80", 0x800, "first of three" },
		{ "\xef\xbf\xbd", 0xfffd, "U+FFFD" },
		{ "\xef\xbf\xbf", 0xffff, "last of three" },
		{ "\xf0\x90\x80\x80", 0x10000, "first of four" },
		{ "\xf4\x8f\xbf\xbf", 0x10ffff, "U+10FFFF" },
		{ "\xf4\x90\x80\x80", -1, "U+110000: beyond Unicode" },
		{ "\xc0\xaf", -1, "overlong '/' in two" },
		{ "\xe0\x80\xaf", -1, "overlong '/' in three" },
		{ "\xf0\x80\x80\xaf", -1, "overlong '/' in four" },
		{ "\xc1\xbf", -1, "overlong U+007F" },
		{ "\xe0\x9f\xbf", -1, "overlong U+07FF" },
		{ "\xed\xa0\x80", -1, "surrogate U+D800" },
		{ "\xed\xbf\xbf", -1, "surrogate U+DFFF" },
		{ "\x80", -1, "a stray continuation byte" },
		{ "\xc3", -1, "two cut to one" },
		{ "\xe2\x82", -1, "three cut to two" },
		{ "\xc3\x28", -1, "a lead byte then ASCII" },
		{ "\xfe", -1, "0xFE" },
		{ "\xff", -1, "0xFF" },
	};
	size_t k, i, len;
	int32_t cp;

	for (k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		i = 0;
		len = v[k].cp == 0 ? 1 : strlen(v[k].s);
		cp = utf8_decode(v[k].s, len, &i);
		ok(cp == v[k].cp && i == (cp < 0 ? 0 : len),
		    "decode %s: %ld, %zu bytes", v[k].what, (long)cp, i);
	}
	i = 0;
	ok(utf8_decode("", 0, &i) == -1, "decode at the end: -1");
}

static void
test_round_trip(void)
{
	char u[4];
	size_t n, i;
	uint32_t cp;
	int bad = 0;

	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = utf8_encode(cp, u);
		i = 0;
		if (utf8_decode(u, n, &i) != (int32_t)cp || i != n)
			bad++;
	}
	ok(bad == 0, "every scalar value: encode, decode, the same (%d not)",
	    bad);
	n = utf8_encode(0xd800, u);
	ok(n == 3 && memcmp(u, "\xef\xbf\xbd", 3) == 0,
	    "a surrogate encodes as U+FFFD");
	n = utf8_encode(0x110000, u);
	ok(n == 3 && memcmp(u, "\xef\xbf\xbd", 3) == 0,
	    "beyond U+10FFFF encodes as U+FFFD");
}

static void
test_strings(void)
{
	size_t k;
	int cut;

	ok(utf8_valid("a\xc3\xa5\xf0\x9f\x98\x80", 7), "valid: a, å, 😀");
	ok(!utf8_valid("ok\xc3", 3), "invalid: cut at the end");
	ok(utf8_valid("", 0), "valid: empty");
	k = utf8_prefix("a\xc3\xa5\xe2\x82\xac" "b", 7, 3, &cut);
	ok(k == 6 && cut, "prefix of 3 characters: a, å, € (6 bytes), cut");
	k = utf8_prefix("ab", 2, 3, &cut);
	ok(k == 2 && !cut, "prefix longer than the string: all, not cut");
}

int
main(void)
{
	test_decode();
	test_round_trip();
	test_strings();
	return tap_done();
}
