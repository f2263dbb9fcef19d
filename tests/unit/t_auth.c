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
	p.power_seconds = 10;
	p.max_power_seconds = 300;
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
		{ "+46701234567", "correct-horse POWER", NULL },
		{ "+46701234567", "correct-horse power 300", NULL },
		{ "+46701234567", "correct-horse POWER 0", "seconds out of" },
		{ "+46701234567", "correct-horse POWER 301", "seconds out of" },
		{ "+46701234567", "correct-horse POWER -5", "not SECRET" },
		{ "+46701234567", "correct-horse POWER 5 now", "printable" },
		{ "+46701234567", "correct-horse STATUS 5", "not SECRET" },
		{ "+46700000000", "correct-horse POWER", "sender not allowed" },
		{ "+46701234567", "correct-horsE POWER", "wrong secret" },
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
		rq.toa = -1;
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
	rq.text = "correct-horse POWER 25";
	rq.len = strlen(rq.text);
	ok(auth_check(&p, &rq, &res) == 1 && res.cmd == AUTH_POWER &&
	    res.seconds == 25 && res.minutes == 0 &&
	    strcmp(auth_command_name(res.cmd), "power") == 0,
	    "POWER 25: the command, its seconds, no minutes");
	rq.text = "correct-horse power";
	rq.len = strlen(rq.text);
	ok(auth_check(&p, &rq, &res) == 1 && res.seconds == 10,
	    "POWER: oobm_power_off_seconds");
	rq.text = "correct-horse UP 5";
	rq.len = strlen(rq.text);
	ok(auth_check(&p, &rq, &res) == 1 && res.seconds == 0,
	    "UP: no seconds");
}

/*
 * Issue 36: a message with the right secret whose command, number or time
 * is refused is the owner's: the reason is theirs to be told (refused);
 * anyone else's refusal says nothing (AUTH_REFUSED_NONE).
 */
static void
test_refusals(void)
{
	static const struct {
		const char	*sender, *text;
		enum auth_refusal refused;
		const char	*name;
	} v[] = {
		{ "+46701234567", "correct-horse UP 999", AUTH_REFUSED_MINUTES,
		    "minutes" },
		{ "+46701234567", "correct-horse POWER 301",
		    AUTH_REFUSED_SECONDS, "seconds" },
		{ "+46701234567", "correct-horse FLY", AUTH_REFUSED_COMMAND,
		    "command" },
		{ "+46701234567", "correct-horse DOWN 5", AUTH_REFUSED_SYNTAX,
		    "syntax" },
		{ "+46701234567", "correct-horsE UP 999", AUTH_REFUSED_NONE,
		    NULL },
		{ "+46701234567", "wrong FLY", AUTH_REFUSED_NONE, NULL },
		{ "+46700000000", "correct-horse UP 999", AUTH_REFUSED_NONE,
		    NULL },
		{ "+46701234567", "correct-horse UP 30 x", AUTH_REFUSED_NONE,
		    NULL },
	};
	struct auth_policy p = policy(AUTH_PASSPHRASE), t = policy(AUTH_TOTP);
	struct auth_result res;
	struct auth_request rq;
	int64_t t0 = 1764115200;
	uint64_t s = totp_step(t0);
	char text[64];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		rq.sender = v[i].sender;
		rq.toa = -1;
		rq.text = v[i].text;
		rq.len = strlen(v[i].text);
		rq.sent = rq.now = 1700000000;
		rq.last_step = 0;
		ok(auth_check(&p, &rq, &res) == 0 &&
		    res.refused == v[i].refused &&
		    (v[i].name == NULL ? auth_refusal_name(res.refused) == NULL :
		    strcmp(auth_refusal_name(res.refused), v[i].name) == 0),
		    "refused %s, said: %s", shown(v[i].text),
		    v[i].name != NULL ? v[i].name : "nothing");
	}
	rq.sender = "+46701234567";
	rq.text = "correct-horse UP";
	rq.len = strlen(rq.text);
	rq.sent = 1700000000;
	rq.now = rq.sent + 3600;
	ok(auth_check(&p, &rq, &res) == 0 && res.refused == AUTH_REFUSED_AGE &&
	    res.skew_s == 3600, "right secret, an hour from the box's clock: "
	    "said, with how far");
	rq.text = "correct-horsE UP";
	rq.len = strlen(rq.text);
	ok(auth_check(&p, &rq, &res) == 0 && res.refused == AUTH_REFUSED_NONE,
	    "wrong secret, an hour off: nothing said");

	rq.text = text;
	rq.sent = rq.now = t0;
	rq.last_step = 0;
	snprintf(text, sizeof(text), "%06u UP", hotp(t.key, 20, s - 5));
	rq.len = strlen(text);
	ok(auth_check(&t, &rq, &res) == 0 && res.refused == AUTH_REFUSED_CLOCK &&
	    res.skew_s == -150, "a code 5 steps old: the phone's clock, "
	    "150 s behind, said");
	snprintf(text, sizeof(text), "%06u UP", hotp(t.key, 20,
	    s + AUTH_SKEW_STEPS + 1));
	rq.len = strlen(text);
	ok(auth_check(&t, &rq, &res) == 0 && res.refused == AUTH_REFUSED_NONE,
	    "a code beyond the skew allowed: nothing said");
	snprintf(text, sizeof(text), "%06u UP 999", hotp(t.key, 20, s));
	rq.len = strlen(text);
	ok(auth_check(&t, &rq, &res) == 0 &&
	    res.refused == AUTH_REFUSED_MINUTES, "TOTP: the right code, "
	    "UP 999: the minutes said");
	rq.last_step = s;
	ok(auth_check(&t, &rq, &res) == 0 && res.refused == AUTH_REFUSED_NONE,
	    "TOTP: a replay of it: nothing said");
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
	rq.toa = 0x91;
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

/* Issue 10, item 1: the text is read by its length, never further. */
static void
test_bounded_by_length(void)
{
	struct auth_policy p = policy(AUTH_PASSPHRASE);
	struct auth_result res;
	struct auth_request rq;
	static const char buf[] = "correct-horse UP 199";

	memset(&rq, 0, sizeof(rq));
	rq.sender = "+46701234567";
	rq.toa = 0x91;
	rq.text = buf;
	rq.len = strlen("correct-horse UP 1");
	rq.sent = rq.now = 1700000000;
	ok(auth_check(&p, &rq, &res) == 1 && res.minutes == 1,
	    "minutes end where the text ends: bytes after it are not read");
	rq.len = strlen("correct-horse UP");
	ok(auth_check(&p, &rq, &res) == 1 && res.minutes == 30,
	    "UP at the end of the text: default minutes, not what follows");
	rq.text = "correct-horse UP 0000000001";
	rq.len = strlen(rq.text);
	ok(auth_check(&p, &rq, &res) == 0, "ten digits of minutes: refused");
}

/* Issue 10, item 3: the type of number decides what a sender is. */
static void
test_sender_type(void)
{
	static const struct {
		int		 toa;
		const char	*sender;
		int		 accepted;
	} v[] = {
		{ 0x91, "+46701234567", 1 },	/* international */
		{ 0x81, "0701234567", 1 },	/* unknown */
		{ 0xa1, "0701234567", 1 },	/* national */
		{ 0xd0, "0701234567", 0 },	/* alphanumeric */
		{ 0xd0, "070-1234567", 0 },
		{ 0xd0, "+46701234567", 0 },
		{ 0xc1, "0701234567", 0 },	/* abbreviated */
		{ 0xb1, "0701234567", 0 },	/* network specific */
	};
	struct auth_policy p = policy(AUTH_PASSPHRASE);
	struct auth_result res;
	struct auth_request rq;
	size_t i;

	memset(&rq, 0, sizeof(rq));
	rq.text = "correct-horse UP";
	rq.len = strlen(rq.text);
	rq.sent = rq.now = 1700000000;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		rq.sender = v[i].sender;
		rq.toa = v[i].toa;
		ok(auth_check(&p, &rq, &res) == v[i].accepted, "%s with type "
		    "of address %02x: %s", v[i].sender, v[i].toa,
		    v[i].accepted ? "accepted" : "not a phone number");
	}
}

/* Issue 10, item 6: the age limit holds for passphrases too. */
static void
test_passphrase_age(void)
{
	struct auth_policy p = policy(AUTH_PASSPHRASE);
	struct auth_result res;
	struct auth_request rq;
	static const int64_t skew[] = { -315360000, -601, 601, 315360000 };
	size_t i;

	memset(&rq, 0, sizeof(rq));
	rq.sender = "+46701234567";
	rq.toa = 0x91;
	rq.text = "correct-horse UP";
	rq.len = strlen(rq.text);
	rq.now = 1700000000;
	for (i = 0; i < sizeof(skew) / sizeof(skew[0]); i++) {
		rq.sent = rq.now + skew[i];
		ok(auth_check(&p, &rq, &res) == 0 && strstr(res.why, "too far"),
		    "passphrase sent %+lld s from now: rejected",
		    (long long)skew[i]);
	}
	rq.sent = rq.now - 600;
	ok(auth_check(&p, &rq, &res) == 1, "passphrase 600 s old: accepted");
}

static struct sms
deliver(const char *addr, int toa, const char *text)
{
	struct sms m;

	memset(&m, 0, sizeof(m));
	m.type = SMS_DELIVER;
	snprintf(m.addr, sizeof(m.addr), "%s", addr);
	m.addr_toa = (uint8_t)toa;
	m.alphabet = SMS_GSM7;
	m.has_time = 1;
	m.time = (struct sms_time){ 2023, 11, 14, 22, 13, 20, 60 };
	m.textlen = strlen(text);
	memcpy(m.text, text, m.textlen);
	return m;
}

/* Issue 10, item 2: a command is one SMS; parts are never joined. */
static void
test_auth_sms(void)
{
	struct auth_policy p = policy(AUTH_PASSPHRASE);
	struct auth_result res;
	struct sms m;
	int64_t now = 1700000000 - 3600 + 10;

	m = deliver("+46701234567", 0x91, "correct-horse UP 5");
	ok(auth_sms(&p, &m, now, 0, &res) == 1 && res.minutes == 5,
	    "single-part command: accepted (SCTS with its zone)");
	m.concat_total = 2;
	m.concat_seq = 1;
	ok(auth_sms(&p, &m, now, 0, &res) == 0 && strstr(res.why,
	    "multi-part"), "part 1 of 2, whole command in it: refused");
	m = deliver("+46701234567", 0x91, "correct-horse UP 5");
	m.type = SMS_SUBMIT;
	ok(auth_sms(&p, &m, now, 0, &res) == 0, "a stored SMS-SUBMIT: refused");
	m = deliver("+46701234567", 0x91, "correct-horse UP 5");
	m.alphabet = SMS_8BIT;
	ok(auth_sms(&p, &m, now, 0, &res) == 0, "8-bit data: refused");
	m = deliver("+46701234567", 0x91, "correct-horse UP 5");
	m.truncated = 1;
	ok(auth_sms(&p, &m, now, 0, &res) == 0, "truncated: refused");
	m = deliver("+46701234567", 0x91, "correct-horse UP 5");
	m.has_time = 0;
	ok(auth_sms(&p, &m, now, 0, &res) == 0, "no time stamp: refused");
	m = deliver("0701234567", 0xd0, "correct-horse UP 5");
	ok(auth_sms(&p, &m, now, 0, &res) == 0, "alphanumeric: refused");
	ok(auth_fits_one_sms(&p), "a 13-letter passphrase fits one SMS");
	memset(p.passphrase, 'a', 127);
	p.passphrase[127] = '\0';
	ok(auth_fits_one_sms(&p), "127 letters, the longest allowed, fit");
	memset(p.passphrase, '[', 80);
	p.passphrase[80] = '\0';
	ok(!auth_fits_one_sms(&p), "80 brackets (160 septets) do not");
}

/* Issue 10, item 5: the state file parses exactly, or not at all. */
static void
test_state_parse(void)
{
	static const struct {
		const char	*in;
		int		 r;
		uint64_t	 step;
	} v[] = {
		{ "step=59000000\nmessage=\n", 0, 59000000 },
		{ "step=1\nmessage=a9993e364706816aba3e25717850c26c9cd0d89d\n",
		    0, 1 },
		{ "step=0", 0, 0 },
		{ "", -1, 0 },
		{ "\n", -1, 0 },
		{ "garbage", -1, 0 },
		{ "step=-1\n", -1, 0 },
		{ "step=12ab\n", -1, 0 },
		{ "step=\n", -1, 0 },
		{ "step=99999999999999999999\n", -1, 0 },
		{ "step=1\nstep=2\n", -1, 0 },
		{ "message=\n", -1, 0 },
		{ "step=1\nmessage=abc\n", -1, 0 },
		{ "step=1\nmessage=zz93e364706816aba3e25717850c26c9cd0d89d\n",
		    -1, 0 },
		{ "step=1\nmore=1\n", -1, 0 },
	};
	struct auth_state st;
	const char *why;
	size_t i;
	int r;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		r = auth_state_parse(v[i].in, strlen(v[i].in), &st, &why);
		ok(r == v[i].r && st.step == v[i].step && (r == 0) ==
		    (why == NULL), "state \"%s\": %s", shown(v[i].in),
		    v[i].r == 0 ? "parsed" : "refused");
	}
	r = auth_state_parse("step=5\0\n", 8, &st, &why);
	ok(r == -1, "state with a NUL byte: refused");
}

/* Issue 14, item 7: a national allow list needs the country code. */
static void
test_national_allow(void)
{
	struct auth_policy p;
	const char *bad = NULL;

	memset(&p, 0, sizeof(p));
	ok(auth_allow(&p, "+46701234567 0709876543", &bad) == -2 &&
	    strcmp(bad, "0709876543") == 0,
	    "a national number without a country code: refused, named");
	memset(&p, 0, sizeof(p));
	strcpy(p.country, "46");
	ok(auth_allow(&p, "0709876543", &bad) == 0 &&
	    strcmp(p.allow[0], "+46709876543") == 0,
	    "with the country code: made international");
	memset(&p, 0, sizeof(p));
	ok(auth_allow(&p, "hello", &bad) == -1, "not a number: -1");
}

int
main(void)
{
	test_sha1();
	test_national_allow();
	test_otp();
	test_normalize();
	test_passphrase();
	test_refusals();
	test_totp();
	test_bounded_by_length();
	test_sender_type();
	test_passphrase_age();
	test_auth_sms();
	test_state_parse();
	return tap_done();
}
