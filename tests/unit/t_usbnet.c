/*
 * t_usbnet: FreeBSD's %location of a USB child read for its device, as
 * usb_hub.c's uhub_child_location writes it (the pairing of a tty with
 * its network interface itself is driven against a bus of sysfs in
 * tests/integration/usbmodems.sh).
 */
#include <string.h>

#include "tap.h"
#include "usb.h"

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
	return tap_done();
}
