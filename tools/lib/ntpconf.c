/*
 * ntpconf: each daemon's refclock line for the GPS.  The facts, and
 * where they come from, beside each daemon's line.
 */
#include <stdio.h>
#include <string.h>

#include "ntpconf.h"

static const char *const names[] = {
	[NTP_CLASSIC] = "ntpd",
	[NTP_NTPSEC] = "ntpsec",
	[NTP_CHRONY] = "chrony",
};

int
ntp_daemon_named(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
ntp_daemon_name(enum ntp_daemon d)
{
	return names[d];
}

/*
 * ntpsec names itself: "ntpd ntpsec-1.2.2" (Debian 12's); ntp's is
 * "ntpd 4.2.8p15@1.3728-o ...".
 */
enum ntp_daemon
ntp_version_daemon(const char *out)
{
	return strstr(out, "ntpsec") != NULL ? NTP_NTPSEC : NTP_CLASSIC;
}

/*
 * Refclock 20's mode: bits 0-3 the sentences, bits 4-6 the speed's index
 * among 4800...115200 (ntp.org's driver20.html; refclock_nmea.c's
 * NMEA_BAUDRATE_MASK 0x70).
 */
#define MODE_SENTENCES	0x0f
#define MODE_SPEEDS	0x70

int
ntp_refclock_line(enum ntp_daemon d, int mode, int speed, const char *path,
    char *buf, size_t size)
{
	int n = -1;

	if (mode <= 0 || (mode & ~(MODE_SENTENCES | MODE_SPEEDS)) != 0 ||
	    (mode & MODE_SENTENCES) == 0 || speed < 4800 || speed > 115200)
		return -1;
	switch (d) {
	case NTP_CLASSIC:
		/*
		 * driver20.html: the port is /dev/gpsU, no other; the speed
		 * is in the mode.  prefer: the PPS driver (22) needs a
		 * preferred peer to number its pulses (driver22.html).
		 */
		n = snprintf(buf, size, "server 127.127.20.0 mode %d prefer\n",
		    mode);
		break;
	case NTP_NTPSEC:
		/*
		 * ntpsec's docs/driver_nmea.adoc: the mode table has the
		 * sentence bits only, "path" overrides /dev/gps0 and "baud"
		 * sets the speed (its refclock_nmea.c still reads the old
		 * speed bits, which "baud" overrides).
		 */
		n = snprintf(buf, size, "refclock nmea unit 0 path %s mode %d "
		    "baud %d prefer\n", path, mode & MODE_SENTENCES, speed);
		break;
	case NTP_CHRONY:
		/*
		 * chrony.conf(5), refclock: its drivers are PPS, SOCK, SHM,
		 * PHC and RTC; none reads NMEA from a serial port.  gpsd
		 * reads the GPS and hands chronyd its samples through
		 * shared memory segment 0 (ntpd's driver 28), as
		 * etc/linux/chrony.conf.sample has it.  That time is
		 * 0.4 s late and jittery, so it only numbers the pulses:
		 * noselect, and the PPS line locked to it is preferred
		 * (chrony.conf(5)'s own example pairs them so).
		 */
		n = snprintf(buf, size, "refclock SHM 0 refid NMEA delay 0.2 "
		    "noselect\nrefclock PPS /dev/pps0 refid PPS lock NMEA "
		    "prefer\n");
		break;
	}
	return n > 0 && (size_t)n < size ? 0 : -1;
}
