/*
 * t_ntpconf: each NTP daemon's refclock line for the GPS, as its own
 * documentation gives it (ntpsec's docs/driver_nmea.adoc, ntp.org's
 * driver20.html, chrony.conf(5)), and which ntpd "ntpd --version" names.
 */
#include <stdio.h>
#include <string.h>

#include "ntpconf.h"
#include "tap.h"

static void
test_lines(void)
{
	char buf[256];

	ok(ntp_refclock_line(NTP_CLASSIC, 65, 57600, "/dev/gps0", buf,
	    sizeof(buf)) == 0, "classic: a line");
	is_str(buf, "server 127.127.20.0 mode 65 prefer\n",
	    "classic: the speed in the mode (64: 57600), RMC (1)");
	ok(ntp_refclock_line(NTP_NTPSEC, 65, 57600, "/dev/ttyAMA0", buf,
	    sizeof(buf)) == 0, "ntpsec: a line");
	is_str(buf, "refclock nmea unit 0 path /dev/ttyAMA0 mode 1 baud 57600 "
	    "prefer\n", "ntpsec: path, the sentence bits, the speed as baud");
	ok(ntp_refclock_line(NTP_NTPSEC, 19, 9600, "/dev/gps0", buf,
	    sizeof(buf)) == 0 && strcmp(buf, "refclock nmea unit 0 path "
	    "/dev/gps0 mode 3 baud 9600 prefer\n") == 0,
	    "ntpsec: RMC and GGA at 9600: mode 3");
	ok(ntp_refclock_line(NTP_CHRONY, 65, 57600, "/dev/gps0", buf,
	    sizeof(buf)) == 0, "chrony: lines");
	is_str(buf, "refclock SHM 0 refid NMEA delay 0.2 noselect\n"
	    "refclock PPS /dev/pps0 refid PPS lock NMEA prefer\n",
	    "chrony: gpsd's shared memory, the pulse locked to it");
	ok(ntp_refclock_line(NTP_CLASSIC, 0, 9600, "/dev/gps0", buf,
	    sizeof(buf)) == -1, "no sentence: no line");
	ok(ntp_refclock_line(NTP_CLASSIC, 0x81, 9600, "/dev/gps0", buf,
	    sizeof(buf)) == -1, "a mode with bits beyond refclock 20's: none");
	ok(ntp_refclock_line(NTP_NTPSEC, 1, 2400, "/dev/gps0", buf,
	    sizeof(buf)) == -1, "a speed below 4800: none");
	ok(ntp_refclock_line(NTP_NTPSEC, 65, 57600, "/dev/gps0", buf,
	    20) == -1, "a buffer too small: -1, not a cut line");
}

static void
test_names(void)
{
	ok(ntp_daemon_named("ntpd") == NTP_CLASSIC &&
	    ntp_daemon_named("ntpsec") == NTP_NTPSEC &&
	    ntp_daemon_named("chrony") == NTP_CHRONY, "the three names");
	ok(ntp_daemon_named("chronyd") == -1 && ntp_daemon_named("") == -1,
	    "no other");
	is_str(ntp_daemon_name(NTP_NTPSEC), "ntpsec", "and back");
	ok(ntp_version_daemon("ntpd ntpsec-1.2.2\n") == NTP_NTPSEC,
	    "Debian 12's ntpd --version: ntpsec");
	ok(ntp_version_daemon("ntpd 4.2.8p15@1.3728-o Wed Sep 23 11:46:38 "
	    "UTC 2020 (1)\n") == NTP_CLASSIC, "ntp 4.2.8's: classic");
	ok(ntp_version_daemon("") == NTP_CLASSIC, "nothing said: classic");
}

int
main(void)
{
	test_lines();
	test_names();
	return tap_done();
}
