/*
 * t_sms: the PDU codec.  Published vectors (ModemManager's
 * src/tests/test-sms-part-3gpp.c), every real-modem transcript in
 * tests/data/sms, malformed input, and encode -> decode round trips.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sms.h"
#include "smsat.h"
#include "smsenc.h"
#include "ussd.h"
#include "tap.h"

struct vector {
	const char	*name;
	const char	*hex;
	const char	*smsc, *addr, *time, *text;
	int		 total, seq;
};

/* From ModemManager src/tests/test-sms-part-3gpp.c (GPL-2.0+, data). */
static const struct vector mm[] = {
	{ "pdu1: GSM 7-bit with extension characters",
	  "07912104442961F4040B916171957291F800001120821105050A6AC8B2BC7C9A83"
	  "C220F6DB7D2ECB41EDF27C1E3E97411BDE06754FD3D1A0F9BB5D0695F1F4B29B5C"
	  "2683C6E8B03C3CA697E5F34D6AE303D1D1F2F7DD0D4ABB59A0797D8C0685E7A000"
	  "28EC26832A960B28EC2683BE6050780EBA97D96C17",
	  "+12404492164", "+16175927198", "2011-02-28T11:50:50-05:00",
	  "Here's a longer message [{with some extended characters}] "
	  "thrown in, such as \xc2\xa3 and \xce\xa9\xce\xa0\xce\xa8 and "
	  "\xc2\xa7\xc2\xbf as well.", 0, 0 },
	{ "pdu3: hellohello from +18005551212",
	  "07912143658709F1040B918100551512F2000011101021436500"
	  "0AE8329BFD4697D9EC37",
	  "+12345678901", "+18005551212", "2011-01-01T12:34:56+00:00",
	  "hellohello", 0, 0 },
	{ "pdu3_natl: national number has no +",
	  "07912143658709F1040B818100551512F2000011101021436500"
	  "0AE8329BFD4697D9EC37",
	  "+12345678901", "18005551212", "2011-01-01T12:34:56+00:00",
	  "hellohello", 0, 0 },
	{ "dcsf1: DCS F1, accents and CR LF",
	  "07913306091093F0040485810000F111604231805180A049B7F90D9A1AA5A01668"
	  "F8769BD3E4B29B9E2EB359A03FC85D06A9C3ED707A0EA2CBC3EE79BB4CA7CBCBA0"
	  "5643617DA7C76990FD4D979741EE77DD5E0ED741ED371D442E83E0E1F9BC0CD281"
	  "E677D9B84C06C1DF7539E85C9097E520FB9B2E2F83C6EF369C5E064D8D52D0BC2E"
	  "07DDEF77D7DC2C7799E5A0771D040FCB41F402BB0047BFDD6550B80ECAD966",
	  "+33609001390", "1800", "2011-06-24T13:08:15+02:00",
	  "Info SFR - Confidentiel, \xc3\xa0 ne jamais transmettre -\r\n"
	  "Voici votre nouveau mot de passe : sw2ced pour g\xc3\xa9rer "
	  "votre compte SFR sur www.sfr.fr ou par t\xc3\xa9l\xc3\xa9phone "
	  "au 963", 0, 0 },
	{ "multipart 1/2, header 0500034C0201",
	  "07912160130320F5440B916171056429F5000021405291650569A00500034C0201"
	  "A9E8F41C949E83C2207B599E07B1DFEE33885E9ED341E4F23C7D7697C920FA1B54"
	  "C697E5E3F4BC0C6AD7D9F434081E96D341E3303C2C4EB3D3F4BC0B94A483E6E877"
	  "9D4D06CDD1EF3BA80E0785E7A0B7BB0C6A97E7F3F0B9CC02B9DF7450780EA2DFDF"
	  "2C50780EA2A3CBA0BA9B5C96B3F369F71954768FDFE4B4FB0C9297E1F2F2BCECA6"
	  "CF41",
	  "+12063130025", "+16175046925", "2012-04-25T19:56:50-04:00",
	  "This is a very long test designed to exercise multi part "
	  "capability. It should show up as one message, not as two, as the "
	  "underlying encoding represents ", 2, 1 },
	{ "multipart 2/2, header 0500034C0202",
	  "07912160130320F6440B916171056429F5000021405291651569320500034C0202"
	  "E9E8301D44479741F0B09C3E0785E56590BCCC0ED3CB6410FD0D7ABBCBA0B0FB4D"
	  "4797E52E10",
	  "+12063130026", "+16175046925", "2012-04-25T19:56:51-04:00",
	  "that the parts are related to one another. ", 2, 2 },
	{ "udhi: 16-bit reference IE (KPN welcome)",
	  "07911356131313F64004850120390011609232239180A006080400100201D7327B"
	  "FD6EB340E2321BF46E83EA7790F59D1E97DBE1341B442F83C465763D3DA797E565"
	  "37C81D0ECB41AB59CC1693C16031D96C064241E5656838AF03A96230982A269BCD"
	  "462917C8FA4E8FCBED709A0D7ABBE9F6B0FB5C7683D27350984D4FABC9A0B33C4C"
	  "4FCF5D20EBFB2D079DCB62793DBD06D9C36E50FB2D4E97D9A0B49B5E96BBCB",
	  "+31653131316", "1002", "2011-06-29T23:32:19+02:00",
	  "Welkom, bel om uw Voicemail te beluisteren naar +31612001233"
	  " (PrePay: *100*1233#). Voicemail ontvangen is altijd gratis."
	  " Voor gebruik van mobiel interne", 2, 1 },
};

static void
check_vector(const struct vector *v)
{
	char iso[40];
	struct sms m;
	int r;

	r = sms_decode(v->hex, strlen(v->hex), &m);
	if (!ok(r == SMS_OK, "%s: decodes", v->name)) {
		printf("#   %s\n", sms_strerror(r));
		return;
	}
	if (v->smsc != NULL)
		is_str(m.smsc, v->smsc, "%s: SMSC", v->name);
	if (v->addr != NULL)
		is_str(m.addr, v->addr, "%s: sender", v->name);
	if (v->time != NULL) {
		sms_time_iso(&m.time, iso, sizeof(iso));
		is_str(iso, v->time, "%s: timestamp", v->name);
	}
	if (v->text != NULL)
		is_str(m.text, v->text, "%s: text", v->name);
	is_int(m.concat_total, v->total, "%s: parts", v->name);
	is_int(m.concat_seq, v->seq, "%s: part number", v->name);
}

static void
test_vectors(void)
{
	struct sms m;
	char iso[40];
	size_t i;
	/* pdu2 as ModemManager writes it, field by field */
	static const char pdu2[] =
	    "07919730071111F1"		/* SMSC +79037011111 */
	    "04"			/* SMS-DELIVER */
	    "14D04937BD2C7797E9D3E614"	/* alphanumeric, 20 semi-octets */
	    "0008"			/* PID, DCS UCS-2 */
	    "11309291024061"		/* 2011-03-29 19:20:04 +04:00 */
	    "080442043504410442";	/* UDL 8: тест */
	for (i = 0; i < sizeof(mm) / sizeof(mm[0]); i++)
		check_vector(&mm[i]);

	/* ModemManager's test_pdu_stored_by_us and test_pdu_not_stored */
	ok(sms_decode("002100098136397339F70008224F60597D4F60597D4F60597D4F6059"
	    "7D4F60597D4F60597D4F60597D4F60597D4F60", 94, &m) == SMS_OK &&
	    m.type == SMS_SUBMIT && m.smsc[0] == '\0' &&
	    strcmp(m.addr, "639337937") == 0 && strcmp(m.text,
	    "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd"
	    "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd"
	    "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xbd\xa0") == 0,
	    "stored SMS-SUBMIT without SMSC, UCS-2");
	ok(sms_decode("07914356060013F1065A098136397339F72190117004638021901170"
	    "04638030", 64, &m) == SMS_OK && m.type == SMS_STATUS_REPORT &&
	    strcmp(m.smsc, "+34656000311") == 0 &&
	    strcmp(m.addr, "639337937") == 0 && m.mr == 0x5a &&
	    m.status == 0x30, "SMS-STATUS-REPORT");
	sms_time_iso(&m.time, iso, sizeof(iso));
	is_str(iso, "2012-09-11T07:40:36+02:00", "status report time");

	ok(sms_decode(pdu2, strlen(pdu2), &m) == SMS_OK, "pdu2: decodes");
	is_str(m.smsc, "+79037011111", "pdu2: SMSC");
	is_str(m.addr, "InternetSMS", "pdu2: alphanumeric sender");
	is_str(m.text, "\xd1\x82\xd0\xb5\xd1\x81\xd1\x82", "pdu2: UCS-2 text");
	sms_time_iso(&m.time, iso, sizeof(iso));
	is_str(iso, "2011-03-29T19:20:04+04:00", "pdu2: time zone +16 q");
	is_int(m.alphabet, SMS_UCS2, "pdu2: alphabet");
}

static void
test_emoji_and_extension(void)
{
	/* DELIVER from +4670, UCS-2: U+1F600 as a surrogate pair, then A */
	static const char emoji[] =
	    "00040491640700086211620035610006D83DDE000041";
	/* DELIVER, GSM 7-bit, UDL 18: {}[]~\^|EUR as ESC pairs */
	struct sms_part p[1];
	struct sms m;

	ok(sms_decode(emoji, strlen(emoji), &m) == SMS_OK &&
	    strcmp(m.text, "\xf0\x9f\x98\x80" "A") == 0,
	    "UCS-2 surrogate pair decodes to one emoji");
	ok(sms_encode("+4670", "{}[]~\\^|\xe2\x82\xac", 11, 0, p, 1) == 1 &&
	    sms_decode(p[0].hex, strlen(p[0].hex), &m) == SMS_OK &&
	    m.alphabet == SMS_GSM7 && strcmp(m.text,
	    "{}[]~\\^|\xe2\x82\xac") == 0 && strstr(p[0].hex, "A712") != NULL,
	    "extension table {}[]~\\^|EUR: GSM 7-bit, 18 septets, round trip");
}

static void
test_8bit_and_dcs(void)
{
	static const char bits8[] =
	    "07912143658709F1040B918100551512F20004111010214365000A"
	    "E8329BFD4697D9EC37DE";
	static const char dcsf[] =
	    "07912143658709F1040B918100551512F200F4111010214365000A"
	    "E8329BFD4697D9EC37DE";
	static const char compressed[] =
	    "07912143658709F1040B918100551512F20020111010214365000A"
	    "E8329BFD4697D9EC37DE";
	static const uint8_t data[] = { 0xe8, 0x32, 0x9b, 0xfd, 0x46, 0x97,
	    0xd9, 0xec, 0x37, 0xde };
	struct sms m;

	ok(sms_decode(bits8, strlen(bits8), &m) == SMS_OK &&
	    m.alphabet == SMS_8BIT && m.textlen == sizeof(data) &&
	    memcmp(m.text, data, sizeof(data)) == 0, "DCS 04: 8-bit data");
	ok(sms_decode(dcsf, strlen(dcsf), &m) == SMS_OK &&
	    m.alphabet == SMS_8BIT && m.textlen == sizeof(data),
	    "DCS F4: 8-bit data, class 0");
	is_int(sms_decode(compressed, strlen(compressed), &m), SMS_EDCS,
	    "DCS 20: compressed is refused");
}

static void
test_malformed(void)
{
	/* ModemManager's test_pdu_insufficient_data: UDL 11, 10 septets */
	static const char shortud[] =
	    "07912143658709F1040B918100551512F2000011101021436500"
	    "0BE8329BFD4697D9EC37";
	static const char *const bad[] = {
		"", "0", "zz", "07", "0791", "07912143658709F1",
		"07912143658709F104", "07912143658709F1040B91",
		"07912143658709F1040B9181005515",
		"07912143658709F1040B918100551512F20000",
		"07912143658709F1040B918100551512F2000011101021",
		"0C91", "07912143658709F103",	/* MTI 11 reserved */
		"07912143658709F1040B918100551512F20000111310214365000A",
		/* UDH longer than the UD: */
		"07912143658709F1440B918100551512F20000111010214365000A08",
	};
	struct sms m;
	size_t i;
	int r, good = 1;

	ok(sms_decode(shortud, strlen(shortud), &m) == SMS_OK &&
	    m.truncated && strcmp(m.text, "hellohello") == 0,
	    "UDL beyond the data (ModemManager insufficient_data): what is "
	    "there, flagged truncated");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = sms_decode(bad[i], strlen(bad[i]), &m);
		if (r == SMS_OK) {
			good = 0;
			printf("#   accepted: %s\n", bad[i]);
		}
	}
	ok(good, "truncated and malformed PDUs are refused");
}

/* The PDU line of a transcript: the one after "+CMGR:". */
static int
pdu_line(const char *path, char *buf, size_t size)
{
	char line[2048];
	FILE *fp;
	int next = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (next) {
			snprintf(buf, size, "%s", line);
			fclose(fp);
			return 0;
		}
		next = strncmp(line, "+CMGR:", 6) == 0;
	}
	fclose(fp);
	return -1;
}

static void
test_transcripts(const char *dir, int must_decode)
{
	static const char *const types[] = { "deliver", "submit", "report" };
	char path[512], hex[2048], iso[40];
	struct dirent *de;
	struct sms m;
	DIR *d;
	int r, n = 0;

	if ((d = opendir(dir)) == NULL) {
		ok(0, "%s: %s", dir, "cannot open");
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".dump") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (pdu_line(path, hex, sizeof(hex)) == -1) {
			ok(!must_decode, "%s: no PDU line", path);
			continue;
		}
		r = sms_decode(hex, strlen(hex), &m);
		n++;
		sms_time_iso(&m.time, iso, sizeof(iso));
		if (must_decode)
			ok(r == SMS_OK && (m.textlen > 0 || m.type != 0 ||
			    m.has_time), "%s: %s from \"%s\" at %s, %zu bytes "
			    "of text", path, types[m.type], m.addr,
			    m.has_time ? iso : "-", m.textlen);
		else
			ok(1, "%s: %s, no crash (%s)", path,
			    r == SMS_OK ? "decoded" : "refused",
			    sms_strerror(r));
		if (r != SMS_OK && must_decode)
			printf("#   %s\n", sms_strerror(r));
	}
	closedir(d);
	ok(n > 0, "%s: %d transcripts", dir, n);
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

static void
test_at_answers(const char *data)
{
	static const char *const files[] = { "alcatel-s320.dump",
	    "brovi-e3372-325.dump", "generic.dump", "samsung-j700.dump" };
	static const int nsm[] = { 5, 2, 2, 0 };
	struct sms_cpms c;
	char path[512], line[512];
	FILE *fp;
	size_t i;
	int idx, stat, len, parsed;
	char mem[8];

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/at-cpms/%s", data, files[i]);
		parsed = 0;
		if ((fp = fopen(path, "r")) != NULL) {
			while (fgets(line, sizeof(line), fp) != NULL) {
				line[strcspn(line, "\r\n")] = '\0';
				if (strncmp(line, "+CPMS:", 6) == 0)
					parsed = sms_parse_cpms(line, &c) == 0 &&
					    c.n[0] == nsm[i] && c.n[2] == nsm[i];
			}
			fclose(fp);
		}
		ok(parsed, "%s: +CPMS=? answer parses, %d storages each",
		    path, nsm[i]);
	}
	ok(sms_parse_cpms("+CPMS: (\"SM\",\"ME\"),(\"SM\"),(\"SM\",\"MT\")",
	    &c) == 0 && sms_cpms_offers(&c, "SM") &&
	    !sms_cpms_offers(&c, "ME"), "SM offered by all three, ME not");
	ok(sms_parse_cpms("+CPMS: (\"SM\",\"ME\"),(\"SM\"", &c) == -1,
	    "truncated +CPMS refused");
	ok(sms_parse_cmgl("+CMGL: 3,0,,24", &idx, &stat, &len) == 0 &&
	    idx == 3 && stat == 0 && len == 24, "+CMGL: 3,0,,24");
	ok(sms_parse_cmgl("+CMGL: 12,1,\"Mom\",150", &idx, &stat, &len) == 0 &&
	    idx == 12 && len == 150, "+CMGL with a quoted alpha");
	ok(sms_parse_cmgl("+CMGL: 1,\"REC READ\",\"+4670\"", &idx, &stat,
	    &len) == -1, "text-mode +CMGL is not PDU mode");
	ok(sms_parse_cmgl("+CMGL: 1,0,,999", &idx, &stat, &len) == -1,
	    "+CMGL length beyond a TPDU refused");
	ok(sms_parse_cmti("+CMTI: \"ME\",7", mem, sizeof(mem), &idx) == 0 &&
	    strcmp(mem, "ME") == 0 && idx == 7, "+CMTI: \"ME\",7");
	ok(sms_parse_cmti("+CMTI: \"SM\",", mem, sizeof(mem), &idx) == -1,
	    "+CMTI without index refused");
}

static void
test_text_headers(const char *data)
{
	static const struct {
		const char	*file, *sender, *time;
	} v[] = {
		{ "motorola-l7.dump", "+4123456789132",
		    "2009-08-18T19:11:45+00:00" },
		{ "motorola-long.dump", "+6667776667744",
		    "2009-08-18T19:11:45+00:00" },
		{ "timezone.dump", "+31625044454", "2007-07-05T09:56:03+02:00" },
	};
	struct sms_text_header h;
	char path[512], line[2048], iso[40];
	FILE *fp;
	size_t i;
	int good;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(path, sizeof(path), "%s/at-sms-txt/%s", data, v[i].file);
		good = 0;
		if ((fp = fopen(path, "r")) != NULL) {
			while (fgets(line, sizeof(line), fp) != NULL) {
				line[strcspn(line, "\r\n")] = '\0';
				if (strncmp(line, "+CMGR:", 6) != 0 ||
				    sms_parse_text_header(line, &h) == -1)
					continue;
				sms_time_iso(&h.time, iso, sizeof(iso));
				good = h.stat == 1 && h.index == -1 &&
				    strcmp(h.sender, v[i].sender) == 0 &&
				    h.has_time && strcmp(iso, v[i].time) == 0;
			}
			fclose(fp);
		}
		ok(good, "%s: text-mode header: %s at %s", path, v[i].sender,
		    v[i].time);
	}
	ok(sms_parse_text_header("+CMGL: 4,\"REC UNREAD\",\"InfoSMS\",,"
	    "\"26/11/26,10:15:00-08\"", &h) == 0 && h.index == 4 &&
	    h.stat == 0 && strcmp(h.sender, "InfoSMS") == 0 &&
	    h.time.tz_minutes == -120, "+CMGL text header, negative zone");
	ok(sms_parse_text_header("+CMGL: 4,\"REC UNREAD\",\"0701234567\",,"
	    "\"26/11/26,10:15:00+04\",208,19", &h) == 0 && h.toa == 208 &&
	    h.length == 19 && h.has_time, "+CSDH=1 +CMGL: type and length");
	ok(sms_parse_text_header("+CMGR: \"REC READ\",\"+46701234567\",,"
	    "\"26/11/26,10:15:00+04\",145,4,0,0,\"+46705008999\",145,7", &h)
	    == 0 && h.toa == 145 && h.length == 7 && h.has_time,
	    "+CSDH=1 +CMGR: type and length");
	ok(sms_parse_text_header("+CMGR: \"REC READ\",\"+46701234567\",,"
	    "\"26/11/26,10:15:00+04\",145,4,0", &h) == 0 && h.toa == -1 &&
	    h.length == -1, "other details: not framed");
	ok(sms_parse_text_header("+CMGL: 1,\"REC READ\",\"+4670\",,"
	    "\"26/11/26,10:15:00+04\",145,99999999999", &h) == 0 &&
	    h.length == -1, "a length past any text: not framed");
	ok(sms_parse_text_header("+CMGR: \"REC READ\",\"+4670\",,"
	    "\"99999999999/11/26,10:15:00\"", &h) == 0 && !h.has_time,
	    "a year of eleven digits: no time, no overflow");
	ok(sms_parse_text_header("+CMGL: 4,\"BOGUS\",\"x\"", &h) == -1,
	    "unknown status refused");
	ok(sms_parse_text_header("+CMGR: \"REC READ\",\"unterminated", &h) ==
	    -1, "unterminated quote refused");
}

static void
test_cpms_use_and_time(void)
{
	struct sms_time t = { 2026, 11, 26, 10, 15, 0, 60 };
	struct sms_time leap = { 2024, 2, 29, 23, 59, 59, -660 };
	int used, total;

	ok(sms_parse_cpms_use("+CPMS: 3,20,3,20,3,20", &used, &total) == 0 &&
	    used == 3 && total == 20, "+CPMS: set answer, used and total");
	ok(sms_parse_cpms_use("+CPMS: \"SM\",0,50,\"SM\",0,50,\"SM\",0,50",
	    &used, &total) == 0 && used == 0 && total == 50,
	    "+CPMS: query answer");
	ok(sms_parse_cpms_use("+CPMS: 21,20", &used, &total) == -1,
	    "more used than room: refused");
	ok(sms_parse_cpms_use("+CPMS: (\"SM\"),(\"SM\"),(\"SM\")", &used,
	    &total) == -1, "the =? list is no usage");
	is_int(sms_time_unix(&t), 1795684500, "2026-11-26T10:15:00+01:00");
	is_int(sms_time_unix(&leap), 1709290799,
	    "2024-02-29T23:59:59-11:00");
}

/*
 * USSD: codes packed as Huawei sticks want them ("*100#" is the vector
 * every E1550/E1752 how-to quotes), answers as modems print them: packed
 * GSM 7-bit (a MikroTik LTE log: "konta atlikums"), UCS-2 with <dcs> 72
 * (a Russian operator's answer quoted in a Java USSD decoder), text a
 * modem decoded itself, and the bare status lines.
 */
static void
test_ussd(void)
{
	struct sms_ussd u;
	char hex[400], code[32];
	int i, r;

	ok(sms_ussd_pack("*100#", hex, sizeof(hex)) == 0 &&
	    strcmp(hex, "AA180C3602") == 0, "USSD: *100# packs to AA180C3602");
	ok(sms_ussd_pack("*111#", hex, sizeof(hex)) == 0 &&
	    strcmp(hex, "AA582C3602") == 0, "USSD: *111# packs to AA582C3602");
	ok(sms_ussd_pack("*12345#", hex, sizeof(hex)) == 0 &&
	    strcmp(hex, "AA986C46AB8D1A") == 0,
	    "USSD: 7 septets: the spare 7 bits hold a CR, not an '@'");
	ok(sms_ussd_pack("*100#\xe2\x82\xac\xf0\x9f\x98\x80", hex,
	    sizeof(hex)) == SMS_EUTF8, "USSD: a code outside GSM 7-bit refused");
	ok(sms_ussd_pack("*100#", hex, 10) == SMS_ELONG,
	    "USSD: no room for the hex: refused");

	r = sms_ussd_parse("+CUSD: 0,\"EBB79B1E0685E9ECF4BADE9E03\", 0", &u);
	ok(r == 0 && u.status == 0 && u.dcs == 0 && u.has_text &&
	    strcmp(u.text, "konta atlikums") == 0,
	    "USSD: packed GSM 7-bit answer, a blank before <dcs>");
	r = sms_ussd_parse("+CUSD: 0,\"004F004B\",72", &u);
	ok(r == 0 && strcmp(u.text, "OK") == 0, "USSD: UCS-2, <dcs> 72");
	r = sms_ussd_parse("+CUSD: 1,\"0421043F0430044104380431043E\",72", &u);
	ok(r == 0 && u.status == 1 && strcmp(u.text,
	    "\xd0\xa1\xd0\xbf\xd0\xb0\xd1\x81\xd0\xb8\xd0\xb1\xd0\xbe") == 0,
	    "USSD: UCS-2 Cyrillic, the network asks more");
	r = sms_ussd_parse("+CUSD: 0,\"Your balance is 50.00 PKR\",15", &u);
	ok(r == 0 && strcmp(u.text, "Your balance is 50.00 PKR") == 0,
	    "USSD: text the modem decoded itself, taken as it is");
	r = sms_ussd_parse("+CUSD: 4", &u);
	ok(r == 0 && u.status == 4 && !u.has_text && u.dcs == -1,
	    "USSD: +CUSD: 4, not supported, no text");
	r = sms_ussd_parse("+CUSD: 2", &u);
	ok(r == 0 && u.status == 2, "USSD: +CUSD: 2, ended by the network");
	ok(sms_ussd_parse("+CUSD: 6", &u) < 0, "USSD: status 6 refused");
	ok(sms_ussd_parse("+CUSD: 0,\"AA18", &u) < 0,
	    "USSD: unterminated string refused");
	ok(sms_ussd_parse("+CUSD: 0,\"AA\",15,x", &u) < 0,
	    "USSD: trailing junk refused");
	ok(sms_ussd_parse("+CUSD: 0,\"AA\",300", &u) < 0,
	    "USSD: <dcs> over 255 refused");
	ok(sms_ussd_parse("+CUSD: 0,\"AA\",96", &u) == SMS_EDCS,
	    "USSD: compressed <dcs> refused");
	ok(sms_ussd_parse("+CUSD: 0,\"0041X\",72", &u) == SMS_EHEX,
	    "USSD: UCS-2 that is not hex refused");
	ok(sms_ussd_parse("+CMTI: \"SM\",1", &u) < 0, "USSD: not a +CUSD line");
	/* every length, the 7-septet boundaries included, round trips */
	for (i = 1, r = 1; i <= 30 && r; i++) {
		char line[512];

		memset(code, 0, sizeof(code));
		memcpy(code, "*123456789012345678901234567890", (size_t)i);
		code[i - 1] = '#';
		snprintf(line, sizeof(line), "+CUSD: 0,\"%s\",15",
		    sms_ussd_pack(code, hex, sizeof(hex)) == 0 ? hex : "");
		r = sms_ussd_parse(line, &u) == 0 && strcmp(u.text, code) == 0;
	}
	ok(r, "USSD: codes of 1 to 30 characters pack and unpack");
}

/* The -L view's reassembly: order, copies, strangers, the undecodable. */
static void
test_gather_parts(void)
{
	static const struct {
		const char	*addr;
		unsigned int	 ref;
		int		 total, seq;
	} v[] = {
		{ "+46701234567", 7, 3, 3 },	/* 0: stored last first */
		{ "+46701234567", 0, 0, 0 },	/* 1: a plain message */
		{ "+46701234567", 7, 3, 1 },	/* 2 */
		{ "+46709999999", 7, 3, 2 },	/* 3: a stranger's ref 7 */
		{ "+46701234567", 7, 3, 1 },	/* 4: a second copy of 1 */
		{ NULL, 0, 0, 0 },		/* 5: undecodable */
		{ "+46701234567", 7, 3, 2 },	/* 6 */
	};
	static struct sms m[7];
	const struct sms *msg[7];
	int done[7] = { 0 }, part[7], np, i;

	for (i = 0; i < 7; i++) {
		msg[i] = NULL;
		if (v[i].addr == NULL)
			continue;
		snprintf(m[i].addr, sizeof(m[i].addr), "%s", v[i].addr);
		m[i].concat_ref = v[i].ref;
		m[i].concat_total = v[i].total;
		m[i].concat_seq = v[i].seq;
		msg[i] = &m[i];
	}
	np = sms_gather_parts(msg, 7, 0, done, part);
	ok(np == 3 && part[0] == 2 && part[1] == 6 && part[2] == 0,
	    "three parts stored 3, 1, 2: joined in order 1, 2, 3");
	ok(done[4] && !done[3] && !done[1],
	    "the copy of part 1 used up, the stranger's part and the plain "
	    "message left");
	np = sms_gather_parts(msg, 7, 1, done, part);
	ok(np == 1 && part[0] == 1, "a plain message is its own one part");
	np = sms_gather_parts(msg, 7, 3, done, part);
	ok(np == 1 && part[0] == 3,
	    "another sender's part with the same reference: not joined");
	ok(!done[5], "the undecodable entry is no part of anything");
}

int
main(int argc, char *argv[])
{
	const char *data = argc > 1 ? argv[1] : "tests/data/sms";
	char dir[512];

	test_vectors();
	test_8bit_and_dcs();
	test_emoji_and_extension();
	test_malformed();
	test_encode_known();
	test_part_counts();
	test_round_trips();
	snprintf(dir, sizeof(dir), "%s/at-sms", data);
	test_transcripts(dir, 1);
	snprintf(dir, sizeof(dir), "%s/at-sms-failing", data);
	test_transcripts(dir, 0);
	test_at_answers(data);
	test_text_headers(data);
	test_cpms_use_and_time();
	test_ussd();
	test_gather_parts();
	return tap_done();
}
