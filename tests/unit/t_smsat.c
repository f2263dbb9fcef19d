/*
 * t_smsat: the AT answers around SMS (27.005), as modems print them:
 * +CPMS both ways, +CMGL in PDU mode, +CMTI, and the text-mode headers
 * of the transcripts in tests/data/sms and of 27.005's +CSDH=1.
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

int
main(int argc, char *argv[])
{
	const char *data = argc > 1 ? argv[1] : "tests/data/sms";

	test_at_answers(data);
	test_text_headers(data);
	test_cpms_use();
	return tap_done();
}
