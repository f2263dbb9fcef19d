/*
 * t_netdial: the answers of modems dialled by AT for their own USB
 * network interface, as ModemManager's tests and the vendors' manuals
 * and real modems' transcripts give them (sources in netdial.c).
 */
#include <stdio.h>
#include <string.h>

#include "netdial.h"
#include "tap.h"

/* st after one line, from unknown; r its result */
static struct dial_state
stat_of(int (*fn)(const char *, struct dial_state *), const char *line,
    int *r)
{
	struct dial_state st;

	dial_state_init(&st);
	*r = fn(line, &st);
	return st;
}

static void
test_ndisstat(void)
{
	struct dial_state st;
	int r;

	/* ModemManager's test-modem-helpers-huawei.c, ndisstatqry_tests */
	st = stat_of(dial_ndisstat, "^NDISSTAT: 1,,,IPV4", &r);
	ok(r == 1 && st.v4 == 1 && st.v6 == -1 && dial_up(&st),
	    "^NDISSTAT: 1,,,IPV4: up");
	st = stat_of(dial_ndisstat, "^NDISSTAT: 0,33,,IPV6", &r);
	ok(r == 1 && st.v6 == 0 && st.v4 == -1 && st.cause == 33 &&
	    !dial_up(&st), "^NDISSTAT: 0,33,,IPV6: down, cause 33");
	st = stat_of(dial_ndisstat, "^NDISSTATQRY: 1,,,\"IPV4\",0,,,\"IPV6\"", &r);
	ok(r == 1 && st.v4 == 1 && st.v6 == 0, "both families on one line, quoted");
	st = stat_of(dial_ndisstat, "^NDISSTATQRY:0,,,\"IPV4\",0,,,\"IPV6\"", &r);
	ok(r == 1 && st.v4 == 0 && st.v6 == 0 && st.cause == 0,
	    "newer firmware, no blank: down");
	st = stat_of(dial_ndisstat, "^NDISSTATQry:1", &r);
	ok(r == 1 && st.v4 == 1, "the lone stat of old firmware: IPv4");
	st = stat_of(dial_ndisstat, "^NDISSTAT: 0,27,,\"IPV4\"", &r);
	ok(r == 1 && st.cause == 27 &&
	    strcmp(dial_cause_text(st.cause), "missing or unknown APN") == 0,
	    "cause 27 said as the APN");
	/* the Balong table's multi-PDN shape: <cid> first */
	st = stat_of(dial_ndisstat, "^NDISSTATQRY: 1,1,,,\"IPV4\"", &r);
	ok(r == 1 && st.v4 == 1, "a <cid> before the group");
	st = stat_of(dial_ndisstat, "^NDISSTAT: 2,,,\"IPV4\"", &r);
	ok(r == 1 && st.v4 == 0, "connecting is not up");
	st = stat_of(dial_ndisstat, "^NDISSTAT: 1,,,\"Ethernet\"", &r);
	ok(r == 1 && st.v4 == -1 && st.v6 == -1, "a type not IP: nothing said");
	st = stat_of(dial_ndisstat, "^NDISSTAT: 4,,,IPV4", &r);
	ok(r == -1 && st.v4 == -1, "stat 4: malformed, nothing changed");
	stat_of(dial_ndisstat, "^NDISSTAT: 1,,IPV4", &r);
	is_int(r, -1, "three fields: malformed");
	stat_of(dial_ndisstat, "^NDISSTAT: 1,x,,IPV4", &r);
	is_int(r, -1, "a cause not a number: malformed");
	stat_of(dial_ndisstat, "^NDISSTAT: 1,,,\"IPV4", &r);
	is_int(r, -1, "an open quote: malformed");
	stat_of(dial_ndisstat, "+CREG: 0,1", &r);
	is_int(r, 0, "another answer: not ours");
	stat_of(dial_ndisstat, "^NDISSTAT:", &r);
	is_int(r, -1, "empty");
}

static void
test_qualcomm(void)
{
	struct dial_state st;
	int r;

	/* Quectel EC2x manual 10.17, SIMCom's NDIS dial-up flow */
	st = stat_of(dial_qcrmcall, "$QCRMCALL: 1,V4", &r);
	ok(r == 1 && st.v4 == 1 && dial_up(&st), "$QCRMCALL: 1,V4: up");
	st = stat_of(dial_qcrmcall, "$QCRMCALL: 1,V6", &r);
	ok(r == 1 && st.v6 == 1 && st.v4 == -1, "$QCRMCALL: 1,V6");
	st = stat_of(dial_qcrmcall, "$QCRMCALL: 1,4", &r);
	ok(r == 1 && st.v4 == 1, "the manual's other shape, 1,4");
	stat_of(dial_qcrmcall, "$QCRMCALL: 1,V5", &r);
	is_int(r, -1, "an unknown type: malformed");
	stat_of(dial_qcrmcall, "$QCRMCALL: (0,1),(1-8)", &r);
	is_int(r, -1, "the test command's answer is not a state");
	/* Quectel EC2x manual 10.18 */
	st = stat_of(dial_qnetdev, "+QNETDEVSTATUS: 1,1,4,1", &r);
	ok(r == 1 && st.v4 == 1, "+QNETDEVSTATUS: call ready: up");
	st = stat_of(dial_qnetdev, "+QNETDEVSTATUS: 1,2,4,1", &r);
	ok(r == 1 && st.v4 == 1, "the host has its address: up");
	st = stat_of(dial_qnetdev, "+QNETDEVSTATUS: 1,0,4,1", &r);
	ok(r == 1 && st.v4 == 0 && !dial_up(&st), "disconnected");
	st = stat_of(dial_qnetdev, "+QNETDEVSTATUS: 1", &r);
	ok(r == 1 && st.v4 == 0 && st.v6 == 0, "no call at all");
	st = stat_of(dial_qnetdev, "+QNETDEVSTATUS: 0,2,6,1", &r);
	ok(r == 1 && st.v6 == 1, "IPv6");
	stat_of(dial_qnetdev, "+QNETDEVSTATUS: 1,3,4,1", &r);
	is_int(r, -1, "state 3: malformed");
}

static int
addrs_are(const struct dial_addrs *a, int cid, const char *addr,
    int prefix, const char *gw, const char *dns1, const char *dns2)
{
	return a->cid == cid && strcmp(a->addr, addr) == 0 &&
	    a->prefix == prefix && strcmp(a->gw, gw) == 0 &&
	    strcmp(a->dns[0], dns1) == 0 && strcmp(a->dns[1], dns2) == 0;
}

static void
test_cgcontrdp(void)
{
	struct dial_addrs a;

	/* ModemManager's test-modem-helpers.c, cgcontrdp tests */
	ok(dial_cgcontrdp("+CGCONTRDP: 4,5,\"ibox.tim.it.mnc001.mcc222.gprs\","
	    "\"2.197.17.49.255.255.255.255\",\"2.197.17.49\",\"10.207.43.46\","
	    "\"10.206.56.132\",\"0.0.0.0\",\"0.0.0.0\",0", &a) == 1 &&
	    addrs_are(&a, 4, "2.197.17.49", 32, "2.197.17.49", "10.207.43.46",
	    "10.206.56.132"), "27.007 v9.4.0 on: the mask after the address");
	ok(dial_cgcontrdp("+CGCONTRDP: 4,5,\"ibox.tim.it.mnc001.mcc222.gprs\","
	    "\"2.197.17.49\",\"255.255.255.255\",\"2.197.17.49\",\"10.207.43.46\","
	    "\"10.206.56.132\",\"0.0.0.0\",\"0.0.0.0\"", &a) == 1 &&
	    addrs_are(&a, 4, "2.197.17.49", 32, "2.197.17.49", "10.207.43.46",
	    "10.206.56.132"), "before v9.4.0: the mask a field of its own");
	/* Quectel RM520N-GL and RG501Q-EU, as recorded */
	ok(dial_cgcontrdp("+CGCONTRDP: 1,5,\"SMARTLTE\",\"10.148.167.210\",,"
	    "\"10.151.151.44\",\"10.151.151.48\"", &a) == 1 &&
	    addrs_are(&a, 1, "10.148.167.210", -1, "", "10.151.151.44",
	    "10.151.151.48"), "no mask, no gateway");
	ok(dial_cgcontrdp("+CGCONTRDP: 1,5,SMARTLTE,10.167.105.28,,"
	    "10.151.151.44,10.151.151.48", &a) == 1 &&
	    addrs_are(&a, 1, "10.167.105.28", -1, "", "10.151.151.44",
	    "10.151.151.48"), "bare fields (RG501Q)");
	/* WNC on AT&T, and Vodafone NB-IoT */
	ok(dial_cgcontrdp("+CGCONTRDP: 1,5,\"m2m.com.attz.mnc170.mcc310.gprs\","
	    "10.192.234.63.255.255.255.128,10.192.234.1,8.8.8.8,8.8.4.4,,,", &a)
	    == 1 && addrs_are(&a, 1, "10.192.234.63", 25, "10.192.234.1",
	    "8.8.8.8", "8.8.4.4"), "a /25, bare");
	ok(dial_cgcontrdp("+CGCONTRDP: 1,5,\"spe.inetd.vodafone.nbiot.mnc028."
	    "mcc901.gprs\",\"10.175.213.177.255.255.255.255\",\"\","
	    "\"10.105.16.254\",\"10.105.144.254\",\"\",\"\",,,1430", &a) == 1 &&
	    addrs_are(&a, 1, "10.175.213.177", 32, "", "10.105.16.254",
	    "10.105.144.254"), "an empty quoted gateway");
	/* Quectel EG915Q, IPv6 as 16 dotted octets */
	ok(dial_cgcontrdp("+CGCONTRDP: 2,6,\"fast.t-mobile.com\","
	    "\"38.7.251.144.154.37.192.120.172.57.189.17.176.171.138.245\",,"
	    "\"253.0.151.106.0.0.0.0.0.0.0.0.0.0.0.9\","
	    "\"253.0.151.106.0.0.0.0.0.0.0.0.0.0.0.16\"", &a) == 1 &&
	    addrs_are(&a, 2, "2607:fb90:9a25:c078:ac39:bd11:b0ab:8af5", -1, "",
	    "fd00:976a::9", "fd00:976a::10"), "IPv6 in dotted octets");
	ok(dial_cgcontrdp("+CGCONTRDP: 1,0,\"fast.t-mobile.com\","
	    "\"2607:FB90:9A25:C078:AC39:BD11:B0AB:8AF5\",\"FE80::1\","
	    "\"fd00:976a::9\",\"fd00:976a::10\"", &a) == 1 &&
	    addrs_are(&a, 1, "2607:fb90:9a25:c078:ac39:bd11:b0ab:8af5", -1,
	    "fe80::1", "fd00:976a::9", "fd00:976a::10"), "IPv6 in colons");
	ok(dial_cgcontrdp("+CGCONTRDP: 1,5,\"apn\"", &a) == 1 &&
	    addrs_are(&a, 1, "", -1, "", "", ""), "only the three fields it must");
	is_int(dial_cgcontrdp("+CGCONTRDP: 1,5,\"apn\",\"10.1.2.300\"", &a), -1,
	    "an octet over 255: malformed");
	is_int(dial_cgcontrdp("+CGCONTRDP: 1,5,\"apn\",\"10.1.2.3.255.0.255.0\"",
	    &a), -1, "a mask with a hole: malformed");
	is_int(dial_cgcontrdp("+CGCONTRDP: 1,5,\"apn\",\"10.1.2\"", &a), -1,
	    "three octets: malformed");
	is_int(dial_cgcontrdp("+CGCONTRDP: 1,5,\"apn\",\"10.1.2.3\",\"x\"", &a),
	    -1, "a gateway not an address: malformed");
	is_int(dial_cgcontrdp("+CGCONTRDP: 1,5", &a), -1, "no APN: malformed");
	is_int(dial_cgcontrdp("+CGDCONT: 1,\"IP\",\"apn\"", &a), 0,
	    "+CGDCONT is another answer");
}

static void
test_huawei_dhcp(void)
{
	struct dial_addrs a;

	/* ModemManager's test-modem-helpers-huawei.c, dhcp tests */
	ok(dial_huawei_dhcp("^DHCP: CCDB080A,F8FFFFFF,C9DB080A,C9DB080A,"
	    "E67B59C0,E77B59C0,85600,85600", &a) == 1 &&
	    addrs_are(&a, -1, "10.8.219.204", 29, "10.8.219.201",
	    "192.89.123.230", "192.89.123.231"), "^DHCP: a /29");
	ok(dial_huawei_dhcp("^DHCP: 0x1010A0A,0xFFFFFFFF,0x1010A0A,0x1010A0A,"
	    "0x1010A0A,0x0,85600,85600", &a) == 1 &&
	    addrs_are(&a, -1, "10.10.1.1", 32, "10.10.1.1", "10.10.1.1", ""),
	    "leading zeros dropped, 0x before, no second name server");
	/* the Balong table's example */
	ok(dial_huawei_dhcp("^DHCP: 16007e0a,fcffffff,15007e0a,15007e0a,"
	    "6537480a,64ff480a,7200000,384000", &a) == 1 &&
	    addrs_are(&a, -1, "10.126.0.22", 30, "10.126.0.21", "10.72.55.101",
	    "10.72.255.100"), "lower case");
	is_int(dial_huawei_dhcp("^DHCP: CCDB080A,F8FFFF0F,C9DB080A,C9DB080A,"
	    "E67B59C0,E77B59C0", &a), -1, "a mask with a hole");
	is_int(dial_huawei_dhcp("^DHCP: 1CCDB080A,F8FFFFFF,C9DB080A,C9DB080A,"
	    "E67B59C0,E77B59C0", &a), -1, "nine digits");
	is_int(dial_huawei_dhcp("^DHCP: 0,F8FFFFFF,C9DB080A,C9DB080A,E67B59C0,"
	    "E77B59C0", &a), -1, "no address");
	is_int(dial_huawei_dhcp("^DHCP: CCDB080A,F8FFFFFF", &a), -1,
	    "too few fields");
	is_int(dial_huawei_dhcp("^DHCPV6: ::1", &a), 0, "^DHCPV6 is another");
}

/* 27.007 10.1.10 and 10.1.19, in ModemManager's test vectors
 * (src/tests/test-modem-helpers.c: test_cgact_read_response_*,
 * test_cgev_indication) */
static void
test_3gpp(void)
{
	struct dial_state st;
	int r;

	st = stat_of(dial_cgact, "+CGACT: 1,1", &r);
	ok(r == 1 && st.v4 == 1 && dial_up(&st), "+CGACT: 1,1: up");
	st = stat_of(dial_cgact, "+CGACT: 1,0", &r);
	ok(r == 1 && st.v4 == 0, "+CGACT: 1,0: down");
	st = stat_of(dial_cgact, "+CGACT: 4,1", &r);
	ok(r == 1 && st.v4 == -1, "another context's line: the call untold");
	stat_of(dial_cgact, "+CGACT: 1,2", &r);
	is_int(r, -1, "state 2: malformed");
	stat_of(dial_cgact, "+CGACT: (0,1)", &r);
	is_int(r, -1, "the test command's answer is not a state");
	st = stat_of(dial_cgev, "+CGEV: NW PDN DEACT 1", &r);
	ok(r == 1 && st.v4 == 0, "NW PDN DEACT 1: down");
	st = stat_of(dial_cgev, "+CGEV: ME PDN DEACT 2", &r);
	ok(r == 1 && st.v4 == -1, "ME PDN DEACT 2: another context's");
	st = stat_of(dial_cgev, "+CGEV: ME PDN ACT 1, 3", &r);
	ok(r == 1 && st.v4 == 1, "ME PDN ACT 1, 3 (a reason): up");
	st = stat_of(dial_cgev, "+CGEV: NW DEACT IP, 123.123.123.123, 1", &r);
	ok(r == 1 && st.v4 == 0, "NW DEACT IP, addr, 1: down");
	st = stat_of(dial_cgev, "+CGEV: NW DEACT IP, 123.123.123.123", &r);
	ok(r == 1 && st.v4 == 0, "NW DEACT without its cid: the call's");
	st = stat_of(dial_cgev, "+CGEV: NW DEACT 3, 2, 1", &r);
	ok(r == 1 && st.v4 == -1, "a secondary context's DEACT: not the call");
	st = stat_of(dial_cgev, "+CGEV: NW DETACH", &r);
	ok(r == 1 && st.v4 == 0, "NW DETACH: every context down");
	st = stat_of(dial_cgev, "+CGEV: NW CLASS B", &r);
	ok(r == 1 && st.v4 == -1, "an event that is not the call's");
	st = stat_of(dial_cgev, "+CGEV: NW DETACHED", &r);
	ok(r == 1 && st.v4 == -1, "a name only begun: another event");
	stat_of(dial_cgev, "+CGEV: NW PDN DEACT x", &r);
	is_int(r, -1, "a cid that is not a number: malformed");
	stat_of(dial_cgev, "+CGEV: ME PDN ACT", &r);
	is_int(r, -1, "ME PDN ACT without its cid: malformed");
	st = stat_of(dial_cgev, "+CGREG: 1", &r);
	is_int(r, 0, "another answer: 0");
	is_int(dial_cme_cause(127), 27, "+CME ERROR: 127: cause 27");
	is_int(dial_cme_cause(133), 33, "+CME ERROR: 133: cause 33");
	is_int(dial_cme_cause(149), 29, "+CME ERROR: 149: cause 29");
	is_int(dial_cme_cause(135), 0, "135 (NSAPI in use): no cause");
	is_int(dial_cme_cause(30), 0, "30 (no network service): no cause");
}

int
main(void)
{
	test_ndisstat();
	test_qualcomm();
	test_3gpp();
	test_cgcontrdp();
	test_huawei_dhcp();
	is_str(dial_cause_text(33), "requested service option not subscribed",
	    "cause 33");
	ok(dial_cause_text(1) == NULL, "a cause not in the table: NULL");
	ok(dial_cause_final(27) && dial_cause_final(29) &&
	    dial_cause_final(33), "an APN, credentials, subscription: final");
	ok(!dial_cause_final(26) && !dial_cause_final(30) &&
	    !dial_cause_final(38) && !dial_cause_final(0),
	    "resources, the gateway, a cause not known, none: may pass");
	return tap_done();
}
