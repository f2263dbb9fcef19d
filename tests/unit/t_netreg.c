/*
 * t_netreg: the registration answers of 27.007 as modems give them, and
 * what follows for SMS.
 */
#include <stdio.h>
#include <string.h>

#include "netreg.h"
#include "tap.h"

static void
test_stat(void)
{
	is_int(netreg_stat("+CREG: 0,1"), REG_HOME, "+CREG: 0,1 home");
	is_int(netreg_stat("+CREG: 2,5,\"1A2B\",\"01C2D3E4\",7"), REG_ROAMING,
	    "+CREG: 2,5 with LAC, CI, AcT: roaming");
	is_int(netreg_stat("+CEREG: 0,6"), REG_SMS_ONLY_HOME, "+CEREG: 0,6 SMS only");
	is_int(netreg_stat("+CGREG: 0, 2"), REG_SEARCHING, "a blank after the comma");
	is_int(netreg_stat("+CREG: 1"), REG_HOME, "a lone number is the stat");
	is_int(netreg_stat("+CREG: 5,\"00C3\",\"0A1B\",7"), REG_ROAMING,
	    "the unsolicited shape: <stat> before a quoted <lac>");
	is_int(netreg_stat("+CREG: 0,11"), REG_UNKNOWN, "a stat beyond the table");
	is_int(netreg_stat("+CREG: x,1"), REG_UNKNOWN, "not a number");
	is_int(netreg_stat("OK"), REG_UNKNOWN, "not an answer");
	is_int(netreg_stat("+CREG:"), REG_UNKNOWN, "empty");
	ok(netreg_registered(REG_ROAMING) && netreg_registered(REG_CSFB_NP_HOME) &&
	    !netreg_registered(REG_SEARCHING) && !netreg_registered(REG_EMERGENCY),
	    "registered: home, roaming, SMS only, CSFB not preferred");
	is_str(netreg_stat_name(REG_DENIED), "denied", "names");
}

static void
test_cops(void)
{
	struct netreg_cops c;

	ok(netreg_cops("+COPS: 0,0,\"Telia\",7", &c) == 0 &&
	    strcmp(c.oper, "Telia") == 0 && c.act == 7, "+COPS: Telia on LTE");
	ok(netreg_cops("+COPS: 0,2,\"24001\",2", &c) == 0 &&
	    strcmp(c.oper, "24001") == 0 && c.act == 2, "numeric format, UMTS");
	ok(netreg_cops("+COPS: 0,0,\"Tre, SE\"", &c) == 0 &&
	    strcmp(c.oper, "Tre, SE") == 0 && c.act == -1,
	    "a comma in the name, no AcT");
	ok(netreg_cops("+COPS: 0", &c) == 0 && c.oper[0] == '\0',
	    "+COPS: 0: no operator");
	ok(netreg_cops("+COPS: 0,0,\"Telia", &c) == -1, "an unclosed quote: refused");
	ok(netreg_cops("+CREG: 0,1", &c) == -1, "another answer: refused");
	is_str(netreg_act_name(7), "lte", "AcT 7 is LTE");
	is_str(netreg_act_name(13), "lte-nr", "AcT 13 EN-DC");
	is_str(netreg_act_name(99), "unknown", "AcT 99 unknown");
	is_int(netreg_ims("+CIREG: 0,1"), 1, "+CIREG: IMS registered");
	is_int(netreg_ims("+CIREG: 2,0,3"), 0, "+CIREG: not, with ext info");
	is_int(netreg_ims("+CIREG: 0"), -1, "+CIREG without reg_info: unknown");
}

static void
test_sms(void)
{
	struct netreg r;

	netreg_init(&r);
	is_int(netreg_sms(&r), SMS_UNKNOWN, "nothing asked: unknown");
	r.cs = REG_HOME;
	is_int(netreg_sms(&r), SMS_YES, "2G/3G, or LTE with SMS over SGs: yes");
	r.cs = REG_NOT;
	r.eps = REG_HOME;
	is_int(netreg_sms(&r), SMS_UNKNOWN,
	    "LTE for data, CS not, IMS not known: unknown (no false alarm)");
	r.ims = 0;
	is_int(netreg_sms(&r), SMS_LTE_ONLY, "...and not on IMS: LTE only");
	is_str(netreg_sms_name(netreg_sms(&r)), "lte-data-only", "...its name");
	r.ims = 1;
	is_int(netreg_sms(&r), SMS_YES, "...but IMS registered: yes");
	r.ims = 0;
	r.cs = REG_SMS_ONLY_ROAMING;
	is_int(netreg_sms(&r), SMS_YES, "+CREG \"SMS only\" (SGs): yes");
	r.cs = REG_NOT;
	r.eps = REG_SEARCHING;
	is_int(netreg_sms(&r), SMS_NO, "searching everywhere: no");
}

int
main(void)
{
	test_stat();
	test_cops();
	test_sms();
	return tap_done();
}
