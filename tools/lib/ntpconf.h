/*
 * ntpconf: the line of an NTP daemon's configuration that reads the GPS
 * as gpsctl set it up, for each daemon the box may run: classic ntpd
 * (FreeBSD base, ntp 4.2.8), ntpsec (Debian's ntpd) and chrony.  Pure
 * functions: no I/O.
 */
#ifndef OOBM_NTPCONF_H
#define OOBM_NTPCONF_H

#include <stddef.h>

enum ntp_daemon { NTP_CLASSIC, NTP_NTPSEC, NTP_CHRONY };

/* The daemon of a -d argument ("ntpd", "ntpsec", "chrony"), or -1. */
int		 ntp_daemon_named(const char *name);
/* The name of a daemon, as -d takes it. */
const char	*ntp_daemon_name(enum ntp_daemon);
/*
 * The ntpd whose "ntpd --version" printed out (out need not end in a
 * newline): ntpsec when it names itself, else classic ntpd.
 */
enum ntp_daemon	 ntp_version_daemon(const char *out);

/*
 * Into buf, the refclock line for daemon d, newline-terminated: mode is
 * refclock 20's (pmtk_ntp_mode()), speed the GPS's, path its port
 * (ntpsec names it; classic ntpd always reads /dev/gps0).  chrony reads
 * no NMEA port: its lines are gpsd's shared memory and the pulse locked
 * to it, two lines.  0, or -1 when buf is too small or mode or speed
 * is none of refclock 20's.
 */
int		 ntp_refclock_line(enum ntp_daemon d, int mode, int speed,
		    const char *path, char *buf, size_t size);

#endif
