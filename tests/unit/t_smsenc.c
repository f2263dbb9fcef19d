/*
 * t_smsenc: the PDU encoder, read back by the decoder: known encodings,
 * part counts at every boundary, the extension table, and random texts
 * through encode -> decode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sms.h"
#include "smsenc.h"
#include "tap.h"

static void
test_extension(void)
{
	/* SUBMIT, GSM 7-bit, UDL 18: {}[]~\^|EUR as ESC pairs */
	struct sms_part p[1];
	struct sms m;

	ok(sms_encode("+4670", "{}[]~\\^|\xe2\x82\xac", 11, 0, p, 1) == 1 &&
	    sms_decode(p[0].hex, strlen(p[0].hex), &m) == SMS_OK &&
	    m.alphabet == SMS_GSM7 && strcmp(m.text,
	    "{}[]~\\^|\xe2\x82\xac") == 0 && strstr(p[0].hex, "A712") != NULL,
	    "extension table {}[]~\\^|EUR: GSM 7-bit, 18 septets, round trip");
}

static char *
random_text(unsigned int *seed, size_t nchars, int gsm_only)
{
	static const char *const pool[] = {
		"a", "Z", "0", " ", "\n", "@", "$", "\xc2\xa3", "\xc3\xa9",
		"{", "}", "[", "]", "~", "\\", "^", "|", "\xe2\x82\xac",
		"\xce\xa9", "_", "\xc3\x9f",
		/* not in GSM 7-bit: */
		"\xd1\x82", "\xe4\xbd\xa0", "\xf0\x9f\x98\x80", "`",
	};
	size_t i, npool = gsm_only ? 21 : sizeof(pool) / sizeof(pool[0]);
	char *s;

	s = calloc(nchars * 4 + 1, 1);
	for (i = 0; i < nchars; i++)
		strcat(s, pool[rand_r(seed) % npool]);
	return s;
}

/* Encode, decode every part, join by sequence number. */
static int
round_trip(const char *text, int *nparts_out, int *ucs2_out)
{
	static struct sms_part parts[SMS_PARTS_MAX];
	static struct sms m;
	char *joined;
	int n, i, good = 1, ucs2;
	size_t len = 0;

	n = sms_encode("+46701234567", text, strlen(text), 0x42, parts,
	    SMS_PARTS_MAX);
	*nparts_out = n;
	if (n < 1 || sms_count_parts(text, strlen(text), &ucs2) != n)
		return 0;
	*ucs2_out = ucs2;
	joined = calloc((size_t)n, SMS_TEXT_MAX);
	for (i = 0; i < n; i++) {
		if ((int)strlen(parts[i].hex) != 2 + 2 * parts[i].tpdu_len ||
		    sms_decode(parts[i].hex, strlen(parts[i].hex), &m) !=
		    SMS_OK || m.type != SMS_SUBMIT ||
		    strcmp(m.addr, "+46701234567") != 0 ||
		    m.alphabet != (ucs2 ? SMS_UCS2 : SMS_GSM7) ||
		    (n > 1 && (m.concat_total != n || m.concat_seq != i + 1 ||
		    m.concat_ref != 0x42))) {
			good = 0;
			break;
		}
		memcpy(joined + len, m.text, m.textlen);
		len += m.textlen;
	}
	good = good && len == strlen(text) && memcmp(joined, text, len) == 0;
	free(joined);
	return good;
}

static void
test_round_trips(void)
{
	unsigned int seed = 20261126;
	int i, bad = 0, n, ucs2;
	char *t;

	for (i = 0; i < 300; i++) {
		t = random_text(&seed, (size_t)(rand_r(&seed) % 700),
		    i % 2);
		if (!round_trip(t, &n, &ucs2)) {
			bad++;
			printf("#   round trip failed (%d parts): %s\n", n, t);
		}
		free(t);
	}
	is_int(bad, 0, "300 random texts survive encode -> decode");
}

static void
test_part_counts(void)
{
	static const struct {
		const char	*unit;
		size_t		 n;
		int		 parts, ucs2;
	} v[] = {
		{ "a", 160, 1, 0 }, { "a", 161, 2, 0 }, { "a", 306, 2, 0 },
		{ "a", 307, 3, 0 }, { "\xe2\x82\xac", 80, 1, 0 },
		{ "\xe2\x82\xac", 81, 2, 0 }, { "\xd1\x82", 70, 1, 1 },
		{ "\xd1\x82", 71, 2, 1 }, { "\xd1\x82", 300, 5, 1 },
		{ "\xf0\x9f\x98\x80", 35, 1, 1 }, { "\xf0\x9f\x98\x80", 36, 2, 1 },
	};
	char buf[2048];
	size_t i, k;
	int ucs2, n;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		buf[0] = '\0';
		for (k = 0; k < v[i].n; k++)
			strcat(buf, v[i].unit);
		n = sms_count_parts(buf, strlen(buf), &ucs2);
		ok(n == v[i].parts && ucs2 == v[i].ucs2,
		    "%zu x U+%s: %d part(s), %s", v[i].n, v[i].unit,
		    v[i].parts, v[i].ucs2 ? "UCS-2" : "GSM 7-bit");
	}
	/* an escape pair is never split: 152 'a' then '{' */
	memset(buf, 'a', 152);
	strcpy(buf + 152, "{{{{{{{{{");
	ok(round_trip(buf, &n, &ucs2) && n == 2,
	    "ESC pair at a part boundary stays whole");
	ok(sms_count_parts("\xff", 1, &ucs2) == SMS_EUTF8,
	    "invalid UTF-8 refused");
	ok(sms_count_parts("\xc0\xaf", 2, &ucs2) == SMS_EUTF8,
	    "overlong UTF-8 refused");
}

static void
test_encode_known(void)
{
	struct sms_part p[1];

	/* "hellohello" packed as in pdu3 */
	ok(sms_encode("+18005551212", "hellohello", 10, 0, p, 1) == 1,
	    "encode hellohello");
	is_str(p[0].hex, "0011000B918100551512F20000A70AE8329BFD4697D9EC37",
	    "SMS-SUBMIT of hellohello, VP 24 h, same packing as pdu3");
	is_int(p[0].tpdu_len, 23, "AT+CMGS length excludes the SMSC octet");
	ok(sms_encode("0701234567", "x", 1, 0, p, 1) == 1 &&
	    strncmp(p[0].hex, "0011000A81", 10) == 0,
	    "national number: type 81");
	ok(sms_encode("+46 70", "x", 1, 0, p, 1) == SMS_ENUMBER,
	    "number with a blank refused");
	ok(sms_encode("", "x", 1, 0, p, 1) == SMS_ENUMBER, "empty number");
}

int
main(void)
{
	test_extension();
	test_encode_known();
	test_part_counts();
	test_round_trips();
	return tap_done();
}
