/*
 * t_profile: the modem table and its lookups.  The facts are checked
 * against the layouts their sources give (profile.c), and the table
 * against itself: one row per identity, every row usable.
 */
#include <stdio.h>
#include <string.h>

#include "profile.h"
#include "tap.h"

static void
test_lookup(void)
{
	const struct profile *p;

	p = profile_by_usb(0x12d1, 0x140c);
	ok(p != NULL && strcmp(p->id, "e1752") == 0, "12d1:140c is the E1752");
	p = profile_by_usb(0x12d1, 0x1001);
	ok(p != NULL && strcmp(p->id, "e1752") == 0, "12d1:1001 too");
	p = profile_by_usb(0x2c7c, 0x0195);
	ok(p != NULL && strcmp(p->id, "ec25") == 0, "2c7c:0195 (EG95) is the EC25 family");
	ok(profile_by_usb(0x2c7c, 0x0800) == NULL, "an unknown Quectel PID: none");
	is_str(profile_vendor(0x2c7c), "Quectel", "...but its vendor is known");
	ok(profile_vendor(0x0403) == NULL, "an FTDI adapter: no vendor");
	ok(profile_by_usb(0x12d1, 0x14dc) == NULL, "HiLink 12d1:14dc: no AT, no row");
	ok(profile_by_id("sim7600") != NULL && profile_by_id("x") == NULL,
	    "by short name");
}

static void
test_roles(void)
{
	const struct profile *ec25 = profile_by_id("ec25");
	const struct profile *e1752 = profile_by_id("e1752");
	const struct profile *me909 = profile_by_id("me909s");
	const struct profile *mc = profile_by_id("mc7455");
	const struct profile *sim = profile_by_id("sim7600");
	const struct profile *e3372 = profile_by_id("e3372h");

	is_int(profile_role(ec25, 2, NULL, 0), ROLE_AT, "EC25: interface 2 is AT");
	is_int(profile_role(ec25, 3, NULL, 0), ROLE_DATA, "EC25: 3 is the modem port");
	is_int(profile_role(ec25, 0, NULL, 0), ROLE_DIAG, "EC25: 0 is DIAG");
	is_int(profile_role(ec25, 4, NULL, 1), ROLE_AT, "EC25 in RNDIS mode: 4 is AT");
	is_int(profile_role(ec25, 2, NULL, 1), ROLE_DIAG, "EC25 in RNDIS mode: 2 is DIAG");
	is_int(profile_iface(ec25, ROLE_DATA, 1), 5, "EC25 in RNDIS mode: data on 5");
	is_int(profile_role(ec25, 2, "Modem", 0), ROLE_AT,
	    "EC25: a name does not override (not a Huawei)");
	is_int(profile_role(e1752, 2, NULL, 0), ROLE_AT, "E1752: 2 is PCUI");
	is_int(profile_role(e1752, 0, NULL, 0), ROLE_DATA, "E1752: 0 is PPP");
	is_int(profile_role(me909, 4, "HUAWEI Mobile Connect - PCUI", 0),
	    ROLE_AT, "ME909s: the PCUI by its name");
	is_int(profile_role(me909, 0, "HUAWEI Mobile Connect - Modem", 0),
	    ROLE_DATA, "ME909s: the modem port by its name");
	is_int(profile_role(me909, 1, NULL, 0), ROLE_NONE, "ME909s: no name, no role");
	is_int(profile_iface(mc, ROLE_DATA, 0), 3, "MC7455: PPP on the AT port");
	/* FreeBSD: u3g's k-th port */
	is_int(profile_ucom_port(ec25, ROLE_AT), 2, "FreeBSD: EC25's AT is cuaUn.2");
	is_int(profile_ucom_port(ec25, ROLE_DATA), 3, "FreeBSD: EC25's data is cuaUn.3");
	is_int(profile_ucom_port(mc, ROLE_AT), 2, "FreeBSD: MC7455's AT (interface 3) is .2");
	is_int(profile_ucom_port(sim, ROLE_AT), 2, "FreeBSD: SIM7600's AT is .2");
	is_int(profile_ucom_port(e3372, ROLE_DATA), 1, "FreeBSD: E3372h's modem is .1");
	is_int(profile_ucom_port(e1752, ROLE_AT), 2, "FreeBSD: E1752's PCUI is .2");
	is_int(profile_ucom_port(me909, ROLE_AT), -1, "FreeBSD: ME909s: not known");
	is_int(profile_ucom_role(mc, 2), ROLE_AT, "FreeBSD: MC7455's .2 is AT");
	is_int(profile_ucom_role(mc, 5), ROLE_NONE, "FreeBSD: MC7455 has no .5");
	is_str(profile_role_name(ROLE_NMEA), "nmea", "role names");
}

static void
test_settings(void)
{
	const struct profile *ec25 = profile_by_id("ec25");
	const struct profile *e1752 = profile_by_id("e1752");

	ok(profile_setting_is(&ec25->urc, "+QURCCFG: \"urcport\",\"usbat\""),
	    "QURCCFG: usbat is so");
	ok(!profile_setting_is(&ec25->urc, "+QURCCFG: \"urcport\",\"usbmodem\""),
	    "QURCCFG: usbmodem is not");
	ok(profile_setting_is(&ec25->ims, "+QCFG: \"ims\",1,0"),
	    "QCFG ims 1,0: IMS on (VoLTE aside)");
	ok(!profile_setting_is(&ec25->ims, "+QCFG: \"ims\",0,0"), "QCFG ims 0: off");
	ok(profile_setting_is(&e1752->mode, "^U2DIAG:0") &&
	    profile_setting_is(&e1752->mode, "^U2DIAG: 0"),
	    "U2DIAG 0, with a blank or without");
	ok(!profile_setting_is(&e1752->mode, "^U2DIAG: 255"), "U2DIAG 255: not");
	ok(!profile_setting_is(&e1752->urc, "anything"), "no setting: never so");
}

/* The table against itself. */
static void
test_table(void)
{
	size_t i, j, k, m;
	int bad_pid = 0, bad_at = 0, bad_setting = 0, bad_id = 0, ps;
	const struct profile_setting *s;

	for (i = 0; i < profiles_count; i++) {
		const struct profile *p = &profiles[i];

		for (j = i + 1; j < profiles_count; j++)
			if (strcmp(p->id, profiles[j].id) == 0)
				bad_id++;
		for (k = 0; k < PROFILE_MAX_PIDS && p->pids[k]; k++)
			if (profile_by_usb(p->vid, p->pids[k]) != p)
				bad_pid++;
		if (!p->by_label && profile_iface(p, ROLE_AT, 0) == -1)
			bad_at++;
		for (m = 0; m < 3; m++) {
			s = m == 0 ? &p->mode : m == 1 ? &p->urc : &p->ims;
			ps = (s->query != NULL) + (s->want != NULL) +
			    (s->set != NULL);
			if (ps != 0 && ps != 3)
				bad_setting++;
		}
		if (p->storage == NULL || p->paths == 0 || p->lte_sms == NULL)
			bad_setting++;
		if ((p->paths & PATH_NET) && p->net_dial == NULL &&
		    strcmp(p->id, "mc7455") != 0)
			bad_setting++;
	}
	is_int(bad_id, 0, "every short name once");
	is_int(bad_pid, 0, "every identity finds its own row, once");
	is_int(bad_at, 0, "every row says its AT port, by number or by name");
	is_int(bad_setting, 0, "every setting whole; storage, paths, advice set");
	ok(profiles_count >= 6, "the six families of issue 35 at least");
}

int
main(void)
{
	test_lookup();
	test_roles();
	test_settings();
	test_table();
	return tap_done();
}
