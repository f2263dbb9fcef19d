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
		if ((p->paths & PATH_NET) && strcmp(p->id, "mc7455") != 0 &&
		    (p->dial == NULL || p->dial->dial == NULL ||
		    p->dial->hangup == NULL || p->dial->query == NULL ||
		    p->dial->addrs == NULL))
			bad_setting++;
		if (p->dial != NULL && !(p->paths & PATH_NET))
			bad_setting++;
	}
	is_int(bad_id, 0, "every short name once");
	is_int(bad_pid, 0, "every identity finds its own row, once");
	is_int(bad_at, 0, "every row says its AT port, by number or by name");
	is_int(bad_setting, 0, "every setting whole; storage, paths, advice set");
	ok(profiles_count >= 6, "the six families of issue 35 at least");
}

/* port NAME on device DEV: interface IF (Linux) or u3g port K (FreeBSD) */
static struct serial_portinfo
port(const char *name, int vid, int pid, long dev, int iface, int k,
    const char *label)
{
	struct serial_portinfo pi;

	memset(&pi, 0, sizeof(pi));
	pi.name = name;
	pi.vid = vid;
	pi.pid = pid;
	pi.device = dev;
	pi.interface = iface;
	pi.ucom = k;
	pi.interface_name = label;
	return pi;
}

static void
test_pick(void)
{
	struct serial_portinfo v[12];
	struct profile_found f;

	v[0] = port("/dev/ttyAMA0", -1, -1, -1, -1, -1, NULL);
	v[1] = port("/dev/ttyUSB0", 0x2c7c, 0x0125, 258, 0, -1, NULL);
	v[2] = port("/dev/ttyUSB1", 0x2c7c, 0x0125, 258, 1, -1, NULL);
	v[3] = port("/dev/ttyUSB2", 0x2c7c, 0x0125, 258, 2, -1, NULL);
	v[4] = port("/dev/ttyUSB3", 0x2c7c, 0x0125, 258, 3, -1, NULL);
	is_int(profile_pick(v, 5, &f), PICK_ONE, "EC25 and a UART: one modem");
	is_str(f.at, "/dev/ttyUSB2", "...its AT port");
	is_str(f.data, "/dev/ttyUSB3", "...its data port");
	is_str(f.nmea, "/dev/ttyUSB1", "...its NMEA port");
	/* a second EC25, another bus address */
	v[5] = port("/dev/ttyUSB4", 0x2c7c, 0x0125, 259, 2, -1, NULL);
	is_int(profile_pick(v, 6, &f), PICK_MANY, "two EC25s: which, it cannot say");
	is_int(f.devices, 2, "...two counted, not one per port");
	v[5] = port("/dev/ttyUSB4", 0x0403, 0x6001, 260, 0, -1, NULL);
	is_int(profile_pick(v, 6, &f), PICK_ONE, "an FTDI adapter beside: still one");
	v[1] = port("/dev/ttyUSB0", 0x2c7c, 0x0800, 258, 2, -1, NULL);
	is_int(profile_pick(v, 2, &f), PICK_UNKNOWN, "a Quectel not in the table");
	ok(f.vid == 0x2c7c && f.pid == 0x0800, "...its identity kept for the message");
	is_int(profile_pick(v, 1, &f), PICK_NONE, "a UART alone: no modem");
	v[0] = port("/dev/ttyUSB0", 0x12d1, 0x15c1, 258, 0, -1, NULL);
	v[1] = port("/dev/ttyUSB1", 0x12d1, 0x15c1, 258, 2, -1, NULL);
	is_int(profile_pick(v, 2, &f), PICK_NO_PORT,
	    "ME909s without interface names: its AT port unknown");
	v[1] = port("/dev/ttyUSB1", 0x12d1, 0x15c1, 258, 2, -1, "PCUI");
	is_int(profile_pick(v, 2, &f), PICK_ONE, "...with them: found");
	ok(f.data == f.at, "...no modem port named: data on the AT port");
	/* FreeBSD: u3g's ports, the unit as the device */
	v[0] = port("/dev/cuaU0.0", 0x1199, 0x9071, 0, -1, 0, NULL);
	v[1] = port("/dev/cuaU0.1", 0x1199, 0x9071, 0, -1, 1, NULL);
	v[2] = port("/dev/cuaU0.2", 0x1199, 0x9071, 0, -1, 2, NULL);
	is_int(profile_pick(v, 3, &f), PICK_ONE, "FreeBSD, MC7455: one modem");
	is_str(f.at, "/dev/cuaU0.2", "...AT is u3g's third port (interface 3)");
	is_str(f.data, "/dev/cuaU0.2", "...and PPP on it too");
}

/* How each family's USB network function is dialled (issue 39). */
static void
test_dial(void)
{
	const struct profile *hw = profile_by_id("e3372h");
	const struct profile *qc = profile_by_id("ec25");
	const struct profile *sc = profile_by_id("sim7600");

	ok(hw->dial->family == DIAL_NDIS && hw->dial->apn == NULL &&
	    hw->dial->result_late &&
	    strcmp(hw->dial->dial, "AT^NDISDUP=1,1,\"%s\"") == 0,
	    "Huawei: the APN in the dial, the result late");
	ok(qc->dial->family == DIAL_QCRMCALL && qc->dial->apn != NULL &&
	    !qc->dial->result_late && qc->dial->urc != NULL,
	    "Quectel: the APN first, the dial's answer its result, a URC");
	ok(sc->dial->family == DIAL_QCRMCALL && sc->dial->urc == NULL,
	    "SIMCom: the same call, no URC of its own");
	ok(profile_by_id("e1752")->dial == NULL,
	    "the E1752: PPP only, nothing to dial so");
}

int
main(void)
{
	test_lookup();
	test_roles();
	test_settings();
	test_table();
	test_pick();
	test_dial();
	return tap_done();
}
