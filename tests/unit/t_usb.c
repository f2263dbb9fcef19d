/*
 * t_usb: what the kernel says of a USB serial port, as text: Linux
 * sysfs's bInterfaceNumber and interface directories, FreeBSD ucom(4)'s
 * port names.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "usb.h"

static void
test_iface_number(void)
{
	static const struct {
		const char *line;
		int want;
	} v[] = {
		{ "00", 0 }, { "02", 2 }, { "0a", 10 }, { "0A", 10 },
		{ "ff", 255 }, { "3", 3 },
		{ "", -1 }, { "002", -1 }, { "0x", -1 }, { "+1", -1 },
		{ " 2", -1 }, { "2 ", -1 }, { "-1", -1 }, { "g0", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		is_int(usb_iface_number(v[i].line), v[i].want,
		    "bInterfaceNumber \"%s\": %d", v[i].line, v[i].want);
}

static void
test_iface0_path(void)
{
	char out[128];

	ok(usb_iface0_path("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/"
	    "1-1:1.2", out, sizeof(out)) == 0 && strcmp(out,
	    "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0") == 0,
	    "1-1:1.2: its interface 0 is 1-1:1.0, the dots above kept");
	ok(usb_iface0_path("/sys/devices/platform/soc/3f980000.usb/usb1/"
	    "1-1/1-1.4/1-1.4:1.12", out, sizeof(out)) == 0 && strcmp(out,
	    "/sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.4/"
	    "1-1.4:1.0") == 0, "1-1.4:1.12 (a hub's port): 1-1.4:1.0");
	ok(usb_iface0_path("/sys/class/tty/.devices/usb1/1-1/1-1:1.0", out,
	    sizeof(out)) == 0 && strcmp(out,
	    "/sys/class/tty/.devices/usb1/1-1/1-1:1.0") == 0,
	    "interface 0: itself");
	is_int(usb_iface0_path("/sys/devices/usb1/1-1", out, sizeof(out)),
	    -1, "a device, no interface: none");
	is_int(usb_iface0_path("1-1:1.2", out, sizeof(out)), -1,
	    "not a path: none");
	is_int(usb_iface0_path("/a/1-1:1.2", out, 10), -1,
	    "does not fit: none");
	ok(usb_iface0_path("/a/1-1:1.2", out, 11) == 0 &&
	    strcmp(out, "/a/1-1:1.0") == 0, "fits to the last byte");
}

static void
test_ucom_name(void)
{
	static const struct {
		const char *path;
		int rc;
		long device;
		int port;
	} v[] = {
		{ "/dev/cuaU0.2", 0, 0, 2 },
		{ "/dev/cuaU1.0", 0, 1, 0 },
		{ "/dev/ttyU12.3", 0, 12, 3 },
		{ "/dev/cuaU3", 0, 3, 0 },
		{ "/dev/cuaU1.init", 0, 1, -1 },
		{ "/dev/cuaU1.2.lock", 0, 1, -1 },
		{ "/dev/cuaU1.256", 0, 1, -1 },
		{ "/dev/cuaU256", -1, -7, -7 },
		{ "/dev/cuaU", -1, -7, -7 },
		{ "/dev/cuaU.1", -1, -7, -7 },
		{ "/dev/cuaUx.1", -1, -7, -7 },
		{ "/dev/cuaU-1", -1, -7, -7 },
		{ "/dev/cuau0", -1, -7, -7 },
		{ "/dev/ttyUSB0", -1, -7, -7 },
		{ "cuaU0.1", -1, -7, -7 },
	};
	long device;
	size_t i;
	int port;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		device = -7;
		port = -7;
		is_int(usb_ucom_name(v[i].path, &device, &port), v[i].rc,
		    "%s: %s", v[i].path, v[i].rc == 0 ? "ucom's" : "not ucom's");
		ok(device == v[i].device && port == v[i].port,
		    "%s: device %ld, port %d", v[i].path, v[i].device,
		    v[i].port);
	}
}

/* FreeBSD's %pnpinfo, as uhub and ucom write it */
static void
test_pnpinfo(void)
{
	int vid, pid;

	ok(usb_pnpinfo_ids("vendor=0x2c7c product=0x0125 devclass=0x00 "
	    "devsubclass=0x00 devproto=0x00 sernum=\"\" release=0x0318 "
	    "mode=host intclass=0xff intsubclass=0xff intprotocol=0xff "
	    "ttyname=U0 ttyports=5", &vid, &pid) == 0 && vid == 0x2c7c &&
	    pid == 0x0125, "%%pnpinfo of an EC25: 2c7c:0125");
	ok(usb_pnpinfo_ids("product=0x9071 vendor=0x1199", &vid, &pid) == 0 &&
	    vid == 0x1199 && pid == 0x9071, "in another order");
	ok(usb_pnpinfo_ids("vendor=0x2c7c", &vid, &pid) == -1 && vid == -1,
	    "no product: refused");
	ok(usb_pnpinfo_ids("vendor=0x2c7cz product=0x0125", &vid, &pid) == -1,
	    "not hex: refused");
	ok(usb_pnpinfo_ids("vendor=0x12345 product=0x0125", &vid, &pid) == -1,
	    "over 16 bits: refused");
	ok(usb_pnpinfo_ids("", &vid, &pid) == -1, "empty: refused");
}

int
main(void)
{
	test_iface_number();
	test_iface0_path();
	test_ucom_name();
	test_pnpinfo();
	return tap_done();
}
