/*
 * t_auth: SHA-1, HMAC, HOTP and TOTP against their RFCs' vectors, and the
 * decision on activation messages: who, what, and which secret.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "tap.h"
#include "totp.h"

static void
hex(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void
test_sha1(void)
{
	uint8_t d[SHA1_LEN], key[20];
	char h[41], *million;

	sha1("abc", 3, d);
	hex(d, SHA1_LEN, h);
	is_str(h, "a9993e364706816aba3e25717850c26c9cd0d89d", "SHA-1 abc");
	sha1("", 0, d);
	hex(d, SHA1_LEN, h);
	is_str(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "SHA-1 empty");
	sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	hex(d, SHA1_LEN, h);
	is_str(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1", "SHA-1 448 bits");
	million = malloc(1000000);
	memset(million, 'a', 1000000);
	sha1(million, 1000000, d);
	free(million);
	hex(d, SHA1_LEN, h);
	is_str(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	    "SHA-1 a million a");
	memset(key, 0x0b, sizeof(key));
	hmac_sha1(key, 20, "Hi There", 8, d);
	hex(d, SHA1_LEN, h);
	is_str(h, "b617318655057264e28bc0b6fb378c8ef146be00",
	    "HMAC-SHA-1, RFC 2202 case 1");
	hmac_sha1((const uint8_t *)"Jefe", 4, "what do ya want for nothing?",
	    28, d);
	hex(d, SHA1_LEN, h);
	is_str(h, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
	    "HMAC-SHA-1, RFC 2202 case 2");
}

static void
test_otp(void)
{
	static const uint32_t rfc4226[] = { 755224, 287082, 359152, 969429,
	    338314, 254676, 287922, 162583, 399871, 520489 };
	static const struct {
		int64_t		 t;
		uint32_t	 code;
	} rfc6238[] = {
		{ 59, 287082 }, { 1111111109, 81804 }, { 1111111111, 50471 },
		{ 1234567890, 5924 }, { 2000000000, 279037 },
		{ 20000000000LL, 353130 },
	};
	const uint8_t *key = (const uint8_t *)"12345678901234567890";
	uint8_t k[32];
	size_t i;
	int bad = 0;

	for (i = 0; i < 10; i++)
		bad += hotp(key, 20, i) != rfc4226[i];
	is_int(bad, 0, "HOTP, RFC 4226 appendix D, counters 0-9");
	for (i = 0; i < sizeof(rfc6238) / sizeof(rfc6238[0]); i++)
		ok(hotp(key, 20, totp_step(rfc6238[i].t)) == rfc6238[i].code,
		    "TOTP at %lld: %06u (RFC 6238 appendix B, 6 digits)",
		    (long long)rfc6238[i].t, rfc6238[i].code);
	ok(base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", k, sizeof(k)) ==
	    20 && memcmp(k, key, 20) == 0, "base32 key");
	ok(base32_decode("gezd gnbv-gy3t qojq====", k, sizeof(k)) == 10 &&
	    memcmp(k, key, 10) == 0, "base32: case, blanks, padding");
	ok(base32_decode("GE1!", k, sizeof(k)) == -1, "base32: bad letter");
}

static void
test_normalize(void)
{
	static const struct {
		const char	*in, *want;
	} v[] = {
		{ "+46701234567", "+46701234567" },
		{ "0701234567", "+46701234567" },
		{ "0046701234567", "+46701234567" },
		{ "+46 70-123 45 67", "+46701234567" },
		{ "1800", "1800" },
		{ "InternetSMS", NULL },
		{ "+", NULL },
		{ "", NULL },
	};
	char out[AUTH_NUMBER_MAX];
	size_t i;
	int r;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		r = auth_normalize(v[i].in, "46", out, sizeof(out));
		if (v[i].want == NULL)
			ok(r == -1, "\"%s\" is not a number", v[i].in);
		else
			ok(r == 0 && strcmp(out, v[i].want) == 0,
			    "\"%s\" -> %s", v[i].in, v[i].want);
	}
	ok(auth_normalize("0701234567", "", out, sizeof(out)) == 0 &&
	    strcmp(out, "0701234567") == 0, "no country code: left national");
}

static struct auth_policy
policy(enum auth_scheme scheme)
{
	struct auth_policy p;
	const char *bad;

	memset(&p, 0, sizeof(p));
	p.scheme = scheme;
	strcpy(p.country, "46");
	strcpy(p.passphrase, "correct-horse");
	p.keylen = 20;
	memcpy(p.key, "12345678901234567890", 20);
	p.default_minutes = 30;
	p.max_minutes = 240;
	p.max_age_s = 600;
	auth_allow(&p, "+46701234567, 0709876543", &bad);
	return p;
}

/* The text with control bytes shown as ^X, for a one-line TAP name. */
static const char *
shown(const char *s)
{
	static char buf[128];
	size_t n = 0;

	for (; *s != '\0' && n + 3 < sizeof(buf); s++)
		if ((unsigned char)*s < 0x20) {
			buf[n++] = '^';
			buf[n++] = (char)(*s + '@');
		} else
			buf[n++] = *s;
	buf[n] = '\0';
	return buf;
}

static void
test_passphrase(void)
{
	static const struct {
		const char	*sender, *text;
		const char	*why;		/* NULL: accepted */
	} v[] = {
		{ "+46701234567", "correct-horse UP", NULL },
		{ "0701234567", "correct-horse up 45", NULL },
		{ "+46709876543", "  correct-horse   DOWN  ", NULL },
		{ "+46701234567", "correct-horse status", NULL },
		{ "+46700000000", "correct-horse UP", "sender not allowed" },
		{ "InternetSMS", "correct-horse UP", "sender is not" },
		{ "+46701234567", "correct-horsE UP", "wrong secret" },
		{ "+46701234567", "correct-hors UP", "wrong secret" },
		{ "+46701234567", "correct-horse2 UP", "wrong secret" },
		{ "+46701234567", "correct-horse UP 30; reboot", "not SECRET" },
		{ "+46701234567", "correct-horse UP 30;", "not SECRET" },
		{ "+46701234567", "correct-horse $(id)", "unknown command" },
		{ "+46701234567", "correct-horse `id`", "unknown command" },
		{ "+46701234567", "correct-horse UP\r\nreboot", "printable" },
		{ "+46701234567", "correct-horse UP 0", "minutes out of" },
		{ "+46701234567", "correct-horse UP 241", "minutes out of" },
		{ "+46701234567", "correct-horse DOWN 5", "not SECRET" },
		{ "+46701234567", "correct-horse", "printable" },
		{ "+46701234567", "correct-horse UP 30 x", "printable" },
		{ "+46701234567", "correct-horse UP \xc2\xa0", "printable" },
	};
	struct auth_policy p = policy(AUTH_PASSPHRASE);
	struct auth_result res;
	struct auth_request rq;
	size_t i;
	int r;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		rq.sender = v[i].sender;
		rq.text = v[i].text;
		rq.len = strlen(v[i].text);
		rq.sent = rq.now = 1700000000;
		rq.last_step = 0;
		r = auth_check(&p, &rq, &res);
		if (v[i].why == NULL)
			ok(r == 1, "accepted: %s from %s", shown(v[i].text),
			    v[i].sender);
		else if (!ok(r == 0 && strstr(res.why, v[i].why) != NULL,
		    "rejected (%s): %s", v[i].why, shown(v[i].text)))
			printf("#   why: %s\n", r ? "accepted" : res.why);
	}
	rq.sender = "+46701234567";
	rq.text = "correct-horse UP\0 reboot";
	rq.len = 24;
	ok(auth_check(&p, &rq, &res) == 0, "embedded NUL rejected");
	rq.text = "correct-horse UP 45";
	rq.len = strlen(rq.text);
	ok(auth_check(&p, &rq, &res) == 1 && res.cmd == AUTH_UP &&
	    res.minutes == 45 && strcmp(res.sender, "+46701234567") == 0,
	    "UP 45: command, minutes, normalised sender");
	rq.text = "correct-horse UP";
	rq.len = strlen(rq.text);
	ok(auth_check(&p, &rq, &res) == 1 && res.minutes == 30,
	    "UP: default minutes");
}

static void
test_totp(void)
{
	struct auth_policy p = policy(AUTH_TOTP);
	struct auth_result res;
	struct auth_request rq;
	const uint8_t *key = p.key;
	int64_t t = 1764115200;		/* 2025-11-26T00:00:00Z */
	uint64_t s = totp_step(t);
	char text[64];

	rq.sender = "+46701234567";
	rq.text = text;
	rq.sent = t;
	rq.now = t + 90;
	rq.last_step = 0;
	snprintf(text, sizeof(text), "%06u UP 20", hotp(key, 20, s));
	rq.len = strlen(text);
	ok(auth_check(&p, &rq, &res) == 1 && res.step == s &&
	    res.minutes == 20, "current code accepted, step recorded");
	rq.last_step = s;
	ok(auth_check(&p, &rq, &res) == 0 && strstr(res.why, "replay"),
	    "same code again: replay rejected");
	rq.last_step = 0;
	snprintf(text, sizeof(text), "%06u UP", hotp(key, 20, s + 1));
	rq.len = strlen(text);
	ok(auth_check(&p, &rq, &res) == 1, "next step's code: in the window");
	snprintf(text, sizeof(text), "%06u UP", hotp(key, 20, s - 1));
	rq.len = strlen(text);
	ok(auth_check(&p, &rq, &res) == 1, "previous step's code: in window");
	snprintf(text, sizeof(text), "%06u UP", hotp(key, 20, s - 2));
	rq.len = strlen(text);
	ok(auth_check(&p, &rq, &res) == 0 && strstr(res.why, "window"),
	    "code two steps old: outside the window");
	snprintf(text, sizeof(text), "%06u UP", hotp(key, 20, s + 3));
	rq.len = strlen(text);
	ok(auth_check(&p, &rq, &res) == 0, "code from the future: rejected");
	snprintf(text, sizeof(text), "%06u UP", hotp(key, 20, s));
	rq.len = strlen(text);
	rq.now = t + 3600;
	ok(auth_check(&p, &rq, &res) == 0 && strstr(res.why, "too far"),
	    "message an hour old: rejected");
	rq.now = t;
	snprintf(text, sizeof(text), "%06u UP", (hotp(key, 20, s) + 1) %
	    1000000);
	rq.len = strlen(text);
	ok(auth_check(&p, &rq, &res) == 0, "wrong code rejected");
	rq.text = "correct-horse UP";
	rq.len = strlen(rq.text);
	ok(auth_check(&p, &rq, &res) == 0, "passphrase is no TOTP code");
}

int
main(void)
{
	test_sha1();
	test_otp();
	test_normalize();
	test_passphrase();
	test_totp();
	return tap_done();
}
