/*
 * t_sms: the PDU decoder and reassembly.  Published vectors
 * (ModemManager's src/tests/test-sms-part-3gpp.c), every real-modem
 * transcript in tests/data/sms, malformed input, and the -L view's
 * gathering of parts.  Encoding is t_smsenc's, the AT answers t_smsat's.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sms.h"
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
test_emoji(void)
{
	/* DELIVER from +4670, UCS-2: U+1F600 as a surrogate pair, then A */
	static const char emoji[] =
	    "00040491640700086211620035610006D83DDE000041";
	struct sms m;

	ok(sms_decode(emoji, strlen(emoji), &m) == SMS_OK &&
	    strcmp(m.text, "\xf0\x9f\x98\x80" "A") == 0,
	    "UCS-2 surrogate pair decodes to one emoji");
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

static void
test_time(void)
{
	struct sms_time t = { 2026, 11, 26, 10, 15, 0, 60 };
	struct sms_time leap = { 2024, 2, 29, 23, 59, 59, -660 };

	is_int(sms_time_unix(&t), 1795684500, "2026-11-26T10:15:00+01:00");
	is_int(sms_time_unix(&leap), 1709290799,
	    "2024-02-29T23:59:59-11:00");
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
	test_emoji();
	test_malformed();
	snprintf(dir, sizeof(dir), "%s/at-sms", data);
	test_transcripts(dir, 1);
	snprintf(dir, sizeof(dir), "%s/at-sms-failing", data);
	test_transcripts(dir, 0);
	test_time();
	test_gather_parts();
	return tap_done();
}
