/*
 * t_ussd: USSD codes packed and +CUSD answers read.
 */
#include <stdio.h>
#include <string.h>

#include "sms.h"
#include "tap.h"
#include "ussd.h"

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

int
main(void)
{
	test_ussd();
	return tap_done();
}
