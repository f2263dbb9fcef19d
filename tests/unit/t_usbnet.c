/*
 * t_usbnet: FreeBSD's %location of a USB child read for its device, as
 * usb_hub.c's uhub_child_location writes it, and FreeBSD's walk from a
 * u3g(4) port to its ue(4) interface, over a sysctl tree written as
 * FreeBSD's drivers name it: ucom's dev.u3g.N.ttyname "U<unit>"
 * (usb_serial.c, ucom_set_pnpinfo_usb), each USB child's
 * %location, ue(4)'s net.ue.K.%parent (usb_ethernet.c).  The pairing on
 * Linux is driven against a bus of sysfs in tests/integration/
 * usbmodems.sh.
 */
#include <string.h>

#include "tap.h"
#include "usb.h"
#include "usbnet.h"

/*
 * Two modems and a stranger: an E3372h (ugen0.2: u3g0 "U0", cdce0 its
 * NCM, ue0), an EC25 in RNDIS (ugen1.3: u3g2 "U1", urndis0, ue2; u3g1
 * gone, a gap), a USB Ethernet adapter (ugen0.5: cdce1, ue1), and a
 * SIM7600 in QMI (ugen0.7: u3g3 "U3", no network driver of FreeBSD's).
 */
static const char *const tree[][2] = {
	{ "dev.u3g.0.ttyname", "U0" },
	{ "dev.u3g.0.%location", "bus=0 hubaddr=1 port=1 devaddr=2 "
	    "interface=2 ugen=ugen0.2" },
	{ "dev.u3g.2.ttyname", "U1" },
	{ "dev.u3g.2.%location", "bus=1 hubaddr=1 port=2 devaddr=3 "
	    "interface=2 ugen=ugen1.3" },
	{ "dev.u3g.3.ttyname", "U3" },
	{ "dev.u3g.3.%location", "bus=0 hubaddr=1 port=3 devaddr=7 "
	    "interface=0 ugen=ugen0.7" },
	{ "dev.cdce.0.%location", "bus=0 hubaddr=1 port=1 devaddr=2 "
	    "interface=0 ugen=ugen0.2" },
	{ "dev.cdce.1.%location", "bus=0 hubaddr=1 port=4 devaddr=5 "
	    "interface=0 ugen=ugen0.5" },
	{ "dev.urndis.0.%location", "bus=1 hubaddr=1 port=2 devaddr=3 "
	    "interface=0 ugen=ugen1.3" },
	{ "net.ue.0.%parent", "cdce0" },
	{ "net.ue.1.%parent", "cdce1" },
	{ "net.ue.2.%parent", "urndis0" },
	/* %pnpinfo as uhub writes it for each child (usb_hub.c) */
	{ "dev.cdce.0.%pnpinfo", "vendor=0x12d1 product=0x1506 "
	    "devclass=0x00 devsubclass=0x00 devproto=0x00 sernum=\"\" "
	    "release=0x0102 mode=host intclass=0xff intsubclass=0x02 "
	    "intprotocol=0x16" },
	{ "dev.cdce.1.%pnpinfo", "vendor=0x0bda product=0x8153 "
	    "devclass=0x00 devsubclass=0x00 devproto=0x00 sernum=\"1\" "
	    "release=0x3000 mode=host intclass=0x02 intsubclass=0x06 "
	    "intprotocol=0x00" },
	/* a HiLink stick, after a gap in ue's units: cdce2, ue4 */
	{ "dev.cdce.2.%pnpinfo", "vendor=0x12d1 product=0x14dc "
	    "devclass=0x00 devsubclass=0x00 devproto=0x00 sernum=\"\" "
	    "release=0x0102 mode=host intclass=0x02 intsubclass=0x06 "
	    "intprotocol=0x00" },
	{ "net.ue.4.%parent", "cdce2" },
	{ "net.ue.5.%parent", "bogus" },
};

static int
tree_get(void *arg, const char *name, char *buf, size_t size)
{
	(void)arg;
	for (size_t i = 0; i < sizeof(tree) / sizeof(tree[0]); i++)
		if (strcmp(tree[i][0], name) == 0) {
			if (strlen(tree[i][1]) >= size)
				return -1;
			strcpy(buf, tree[i][1]);
			return 0;
		}
	return -1;
}

static void
test_bsd_walk(void)
{
	char n[16];

	ok(usbnet_bsd_iface(tree_get, NULL, "/dev/cuaU0.2", n, sizeof(n)) ==
	    0 && strcmp(n, "ue0") == 0, "the E3372h's PCUI: its NCM, ue0");
	ok(usbnet_bsd_iface(tree_get, NULL, "/dev/cuaU1.2", n, sizeof(n)) ==
	    0 && strcmp(n, "ue2") == 0,
	    "the EC25's AT port: its urndis0, ue2 (past a gap in u3g's units)");
	is_int(usbnet_bsd_iface(tree_get, NULL, "/dev/cuaU3.2", n, sizeof(n)),
	    -1, "the SIM7600 in QMI: no interface FreeBSD drives");
	is_int(usbnet_bsd_iface(tree_get, NULL, "/dev/cuaU2.0", n, sizeof(n)),
	    -1, "a unit no u3g has");
	is_int(usbnet_bsd_iface(tree_get, NULL, "/dev/ttyUSB0", n, sizeof(n)),
	    -1, "not a ucom name");
}

/* A record with no HiLink stick: the E3372h in stick mode, an adapter. */
static int
tree_no_stick(void *arg, const char *name, char *buf, size_t size)
{
	if (strcmp(name, "net.ue.4.%parent") == 0)
		return -1;
	return tree_get(arg, name, buf, size);
}

static void
test_hilink(void)
{
	char n[16];
	int vid, pid;

	ok(usbnet_is_hilink(0x12d1, 0x14dc) && usbnet_is_hilink(0x12d1,
	    0x14db), "12d1:14dc and 12d1:14db are HiLink sticks");
	ok(!usbnet_is_hilink(0x12d1, 0x1506) && !usbnet_is_hilink(0x12d1,
	    0x1f01) && !usbnet_is_hilink(0x2c7c, 0x14dc),
	    "stick mode, the storage mode, another vendor are not");
	ok(usbnet_bsd_hilink(tree_get, NULL, n, sizeof(n), &vid, &pid) == 0 &&
	    strcmp(n, "ue4") == 0 && vid == 0x12d1 && pid == 0x14dc,
	    "FreeBSD: the stick's cdce2 is ue4, 12d1:14dc");
	is_int(usbnet_bsd_hilink(tree_no_stick, NULL, n, sizeof(n), &vid,
	    &pid), -1, "FreeBSD: no stick among the E3372h's NCM and an "
	    "adapter");
}

int
main(void)
{
	char u[16];

	ok(usb_location_ugen("bus=0 hubaddr=9 port=1 devaddr=10 interface=0 "
	    "ugen=ugen0.10", u, sizeof(u)) == 0 && strcmp(u, "ugen0.10") == 0,
	    "a ure(4)'s %%location, as recorded: ugen0.10");
	ok(usb_location_ugen("ugen=ugen1.2 bus=1", u, sizeof(u)) == 0 &&
	    strcmp(u, "ugen1.2") == 0, "ugen= first, something after");
	is_int(usb_location_ugen("bus=0 hubaddr=9 port=1", u, sizeof(u)), -1,
	    "no ugen=");
	is_int(usb_location_ugen("bus=0 ugen=", u, sizeof(u)), -1,
	    "an empty ugen=");
	is_int(usb_location_ugen("bus=0 ugen=ugen0.1;rm", u, sizeof(u)), -1,
	    "a ugen with more than digits and dots");
	is_int(usb_location_ugen("bus=0 ugen=usb0.1", u, sizeof(u)), -1,
	    "not a ugen");
	is_int(usb_location_ugen("ugen=ugen0.100000000000000", u, sizeof(u)),
	    -1, "too long for the buffer");
	is_int(usb_location_ugen("xugen=ugen0.1", u, sizeof(u)), -1,
	    "a key that only ends in ugen");
	test_bsd_walk();
	test_hilink();
	return tap_done();
}
