/*
 * t_smsat: the AT answers around SMS (27.005), as modems print them:
 * +CPMS both ways, +CMGL in PDU mode (a line, and the store listed as
 * smspoll reads it), +CMTI, the text-mode headers of the transcripts in
 * tests/data/sms and of 27.005's +CSDH=1, and text mode's list and
 * messages as smspoll -T reads them.
 */
#include <stdio.h>
#include <string.h>

#include "sms.h"
#include "smsat.h"
#include "tap.h"

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
	ok(sms_parse_cmgs("+CMGS: 12", &idx) == 0 && idx == 12 &&
	    sms_parse_cmgs("+CMGS:255", &idx) == 0 && idx == 255,
	    "+CMGS: the message reference");
	ok(sms_parse_cmgs("+CMGS: 256", &idx) == -1 &&
	    sms_parse_cmgs("+CMGS: -0", &idx) == -1 &&
	    sms_parse_cmgs("+CMGS: 12 ", &idx) == -1 &&
	    sms_parse_cmgs("+CMGS: ", &idx) == -1 &&
	    sms_parse_cmgs("+CMGS: 12,07914306073011F0", &idx) == -1 &&
	    sms_parse_cmgs("+CMGL: 12", &idx) == -1,
	    "+CMGS: past 255, signed, trailing, empty, with <ackpdu>, "
	    "another answer: refused");
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
test_cpms_use(void)
{
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
}

/*
 * One recorded AT+CMGR answer (PDU mode) as AT+CMGL=4 lists it, at
 * index: its header with the index put first, and its PDU line (each
 * of size bytes).  0, or -1 if the file cannot be read.
 */
static int
listed_as(const char *path, int index, char *head, char *pdu, size_t size)
{
	char line[512];
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	head[0] = pdu[0] = '\0';
	while (pdu[0] == '\0' && fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (head[0] != '\0')
			snprintf(pdu, size, "%s", line);
		else if (strncmp(line, "+CMGR: ", 7) == 0)
			snprintf(head, size, "+CMGL: %d,%s", index, line + 7);
	}
	fclose(fp);
	return pdu[0] != '\0' ? 0 : -1;
}

/*
 * PDU mode listed: recorded messages (a received one, a stored unsent
 * and a stored sent one), and the answers where a header has no PDU.
 */
static void
test_pdu_list(const char *data)
{
	static const char *const files[] = { "04.dump", "19.dump", "02.dump" };
	static const int stat[] = { 1, 2, 3 };
	static char head[3][1024], pdu[3][1024];
	char path[512], *rec[6], *bare[] = { "+CMGL: 3,0,,24",
	    "+CMGL: 5,1,,24", "0791", "", "+CMGL: 9,0,,24", "07914" };
	char *text[] = { "+CMGL: 1,\"REC READ\",\"+46701234567\"", "UP" };
	struct sms_listed l[4];
	size_t i;
	int n, good = 1;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/at-sms/%s", data, files[i]);
		good &= listed_as(path, 7 + (int)i, head[i], pdu[i],
		    sizeof(pdu[0])) == 0;
		rec[2 * i] = head[i];
		rec[2 * i + 1] = pdu[i];
	}
	n = sms_pdu_list(rec, 6, l, 4);
	for (i = 0; good && i < 3; i++)
		good = l[i].index == 7 + (int)i && l[i].stat == stat[i] &&
		    l[i].pdu == pdu[i];
	ok(n == 3 && good, "PDU list: recorded messages, index, status and "
	    "the PDU line of each");
	ok(sms_pdu_list(rec, 6, l, 2) == 2 && sms_pdu_list(rec, 1, l, 4) == 0,
	    "PDU list: no more than max; a header at the end has no PDU");
	ok(sms_pdu_list(bare, 6, l, 4) == 2 && l[0].index == 5 &&
	    l[0].pdu == bare[2] && l[1].index == 9 && l[1].pdu == bare[5],
	    "PDU list: a header with a header after it is left out, "
	    "another line skipped");
	ok(sms_pdu_list(bare, 0, l, 4) == 0 && sms_pdu_list(text, 2, l, 4) ==
	    0, "PDU list: none in none, nor in a text-mode list");
}

/*
 * Text mode read whole: an AT+CMGL="ALL" list for its indexes, an
 * AT+CMGR answer (its lines as the AT parser hands them on) for the
 * message, framed by +CSDH=1's length or not.
 */
static void
test_text_list(void)
{
	static char first[] = "+CMGL: 1,\"REC READ\",\"+46701234567\",,"
	    "\"26/11/26,10:15:00+04\",145,9";
	static char unread[] = "+CMGL: 2,\"REC UNREAD\",\"+46709999999\",,"
	    "\"26/11/26,10:15:00+04\"";
	char *list[] = {
		first,
		"UP 45 now",
		"+CMGL: 4,\"REC UNREAD\",\"InfoSMS\",,\"26/11/26,10:16:00+04\"",
		"your balance",
		"is low",
		"+CMGL: 7,\"STO SENT\",\"+46701234567\",,",
		"sent",
	};
	char *posing[] = { unread, "+CMGL: 9,\"REC READ\",\"+46701234567\"" };
	char *twice[] = { unread, "+CMGL: 9,\"REC READ\",\"+46701234567\"",
	    unread };
	char *pdu[] = { "+CMGL: 3,0,,24", "0791644205500041040B91" };
	int idx[8];

	ok(sms_text_list(list, 7, idx, 8) == 3 && idx[0] == 1 &&
	    idx[1] == 4 && idx[2] == 7,
	    "text list: the indexes of its headers, in its order");
	ok(sms_text_list(list, 7, idx, 2) == 2 && idx[1] == 4,
	    "text list: no more than max");
	ok(sms_text_list(list, 0, idx, 8) == 0, "text list: none in none");
	ok(sms_text_list(posing, 2, idx, 8) == 2 && idx[1] == 9,
	    "text list: a text line that reads as a header counts (each "
	    "index is read on its own)");
	ok(sms_text_list(twice, 3, idx, 8) == 2 && idx[0] == 2 &&
	    idx[1] == 9, "text list: an index listed again (a text that is "
	    "a header naming it) is listed once");
	ok(sms_text_list(pdu, 2, idx, 8) == 0,
	    "text list: a PDU-mode list has no text headers");
}

static void
test_text_message(void)
{
	static char header[] = "+CMGR: \"REC UNREAD\",\"+46701234567\",,"
	    "\"26/11/26,10:15:00+04\",145,4,0,0,\"+46705008999\",145,14";
	char *framed[] = { header, "UP 45\r\nOK\r\nnow" };
	char *unframed[] = {
		"+CMGR: \"REC READ\",\"0701234567\",,\"26/11/26,10:15:00+04\"",
		"first line",
		"second line",
	};
	char *alpha[] = {
		"+CMGR: \"REC READ\",\"InfoSMS\",,\"26/11/26,10:15:00-08\"",
		"hello",
	};
	char *sent[] = {
		"+CMGR: \"STO SENT\",\"+46701234567\",,",
		"x",
	};
	char *notime[] = { "+CMGR: \"REC READ\",\"+46701234567\"", "x" };
	char *more[] = { framed[0], "UP 45", "OK" };
	char *bad[] = { "+CMGR: \"BOGUS\",\"x\"", "x" };
	char *pdu[] = { "+CMGR: 0,,24", "0791644205500041040B91" };
	static char big[SMS_TEXT_MAX];
	char *longer[] = { unframed[0], big, big };
	struct sms_text_header h;
	struct sms m, was;
	char iso[40];

	ok(sms_text_message(framed, 2, 0, &h, &m) == 0 && h.stat == 0 &&
	    h.length == 14 && m.type == SMS_DELIVER && m.mr == -1 &&
	    m.status == -1 && strcmp(m.addr, "+46701234567") == 0 &&
	    m.addr_toa == 145 && m.textlen == 14 &&
	    strcmp(m.text, "UP 45\r\nOK\r\nnow") == 0 && !m.truncated,
	    "text message, framed: its one line whole, an \"OK\" in it too");
	sms_time_iso(&m.time, iso, sizeof(iso));
	ok(m.has_time && strcmp(iso, "2026-11-26T10:15:00+01:00") == 0,
	    "text message: the centre's time stamp");
	ok(sms_text_message(framed, 2, 1, &h, &m) == 0 && m.truncated,
	    "text message: an answer that ended on an error is truncated");
	ok(sms_text_message(more, 3, 0, &h, &m) == 0 && m.truncated &&
	    strcmp(m.text, "UP 45\nOK") == 0,
	    "text message: framed, but more than one line: truncated");
	ok(sms_text_message(framed, 1, 0, &h, &m) == 0 && m.truncated &&
	    m.textlen == 0, "text message: framed, but no line: truncated");
	ok(sms_text_message(unframed, 3, 0, &h, &m) == 0 && h.length == -1 &&
	    strcmp(m.text, "first line\nsecond line") == 0 &&
	    m.textlen == 22 && !m.truncated && m.addr_toa == 0x81,
	    "text message, unframed: its lines joined by LF; a national "
	    "sender: type 81");
	ok(sms_text_message(unframed, 1, 0, &h, &m) == 0 && m.textlen == 0 &&
	    !m.truncated, "text message, unframed: an empty text");
	ok(sms_text_message(alpha, 2, 0, &h, &m) == 0 && m.addr_toa == 0xd0 &&
	    m.time.tz_minutes == -120,
	    "text message: an alphanumeric sender, type D0");
	ok(sms_text_message(sent, 2, 0, &h, &m) == 0 && h.stat == 3 &&
	    m.type == SMS_SUBMIT && m.addr_toa == 0x91 && !m.has_time,
	    "text message: stored sent is a SUBMIT; + digits: type 91");
	ok(sms_text_message(notime, 2, 0, &h, &m) == 0 && !m.has_time &&
	    strcmp(m.text, "x") == 0, "text message: no time stamp");
	memset(big, 'a', sizeof(big) - 1);
	ok(sms_text_message(longer, 2, 0, &h, &m) == 0 && m.truncated &&
	    m.textlen == 0 && m.text[0] == '\0',
	    "text message: a line longer than a text: left out, truncated");
	big[300] = '\0';
	ok(sms_text_message(longer, 3, 0, &h, &m) == 0 && m.truncated &&
	    m.textlen == 300 && strlen(m.text) == 300,
	    "text message: what does not fit is cut at a line, truncated");
	memset(&m, 0x5a, sizeof(m));
	was = m;
	ok(sms_text_message(bad, 2, 0, &h, &m) == -1 &&
	    sms_text_message(pdu, 2, 0, &h, &m) == -1 &&
	    sms_text_message(framed, 0, 0, &h, &m) == -1 &&
	    memcmp(&m, &was, sizeof(m)) == 0,
	    "text message: no header (unknown status, PDU mode, no line): "
	    "refused, the message untouched");
}

int
main(int argc, char *argv[])
{
	const char *data = argc > 1 ? argv[1] : "tests/data/sms";

	test_at_answers(data);
	test_text_headers(data);
	test_cpms_use();
	test_pdu_list(data);
	test_text_list();
	test_text_message();
	return tap_done();
}
