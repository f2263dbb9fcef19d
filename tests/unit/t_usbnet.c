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
	return tap_done();
}
