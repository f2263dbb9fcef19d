/*
 * gpsctl: configure a MediaTek MT3339 GPS with PMTK commands, each one
 * checked by its acknowledgement.
 */
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "port.h"
#include "nmea.h"
#include "ntpconf.h"
#include "pmtk.h"
#include "serial.h"
#include "util.h"

#define DEFAULT_TIMEOUT_S	3
#define VERIFY_MS		3000	/* valid NMEA at a new speed within */
/*
 * autobaud, per speed tried: three sentences at 1 Hz (RMC alone), so that
 * one of them lost or garbled still leaves the two that make a speed; in
 * 2.5 s, two sentences and one bad were "no valid NMEA at any speed".
 */
#define PROBE_MS		3500
#define SWITCH_SETTLE_MS	200	/* after PMTK251, before our switch */
#define ACK_TRIES		3	/* a PMTK001 lost to line noise */

static const int probe_order[] = { 9600, 57600, 115200, 38400, 19200, 4800 };

static struct {
	const char	*conf;
	int		 conf_given;
	const char	*dev;
	int		 speed;		/* port speed now */
	int		 timeout_s;
	int		 count;		/* watch -n */
	int		 kv;		/* -o kv */
	int		 daemon;	/* -d, for ntpmode; -1: installed */
	struct serial	*port;
	struct nmea_reader rd;
	char		 buf[256];
	size_t		 off, len;
	/* from oobm.conf, for apply and ntpmode */
	int		 want_speed;
	int		 want_on[PMTK_FIELDS];	/* the sentences */
	int		 want_rate, want_fix;
} g;

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: gpsctl [-v] [-c config] [-d ntpd | ntpsec | chrony] "
	    "[-l device]\n"
	    "              [-n count] [-o kv] [-s speed] [-t seconds] "
	    "verb [argument]\n"
	    "verbs: checksum BODY, send BODY, baud SPEED, sentences LIST, "
	    "rate MS,\n"
	    "       fix-interval MS, version, reset hot|warm|cold|factory, "
	    "autobaud,\n"
	    "       watch, apply, ntpmode\n");
	exit(status);
}

/* --- configuration --- */

/*
 * A sentence list into the PMTK314 fields, or exit with status, naming
 * key (in oobm.conf) if it came from there.
 */
static void
sentence_set(const char *list, int on[PMTK_FIELDS], int status,
    const char *key)
{
	const char *bad;
	size_t len;
	char name[16];

	if (pmtk_sentences(list, on, &bad, &len) == 0)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)len, bad);
	if (key != NULL)
		errx(status, "%s: %s: sentence %s: one of %s", g.conf, key,
		    shown(name), pmtk_known);
	errx(status, "sentence %s: one of %s", shown(name), pmtk_known);
}

static void
configure(int need_file)
{
	static struct config *c;
	char msg[512];

	/* no file, where none is needed: the defaults (c stays NULL) */
	if ((c = config_load(g.conf, msg, sizeof(msg))) == NULL &&
	    (errno != ENOENT || need_file || g.conf_given))
		errx(EX_CONFIG, "%s", msg);
	if (g.dev == NULL)
		g.dev = config_path(c, "oobm_gps");
	g.want_speed = config_number(c, "oobm_gps_speed");
	if (!serial_speed_valid(g.want_speed))
		errx(EX_CONFIG, "%s: oobm_gps_speed %d: unsupported", g.conf,
		    g.want_speed);
	sentence_set(config_str(c, "oobm_gps_sentences"), g.want_on,
	    EX_CONFIG, "oobm_gps_sentences");
	g.want_rate = config_number(c, "oobm_gps_rate");
	g.want_fix = config_number(c, "oobm_gps_fix_interval");
}

/* --- the port --- */

static void
open_gps(void)
{
	if (g.dev == NULL)
		errx(EX_CONFIG, "no device: use -l or set oobm_gps in %s",
		    g.conf);
	if (g.speed == 0)
		g.speed = g.want_speed;
	g.port = port_open(g.dev, g.speed);
	nmea_reader_init(&g.rd);
}

static void
set_speed(int speed)
{
	serial_drain(g.port);
	if (serial_set_speed(g.port, speed) == -1)
		err(EX_UNAVAILABLE, "%s: speed %d", g.dev, speed);
	serial_flush_input(g.port);
	nmea_reader_init(&g.rd);
	g.off = g.len = 0;
	g.speed = speed;
}

/* The next checksum-valid sentence: 1, 0 at the deadline. */
static int
next_sentence(int64_t deadline, char *body, size_t size)
{
	enum nmea_event ev;
	const char *b;
	ssize_t n;
	size_t k;

	for (;;) {
		if (g.off == g.len) {
			n = serial_read(g.port, g.buf, sizeof(g.buf),
			    ms_left(deadline));
			if (n == 0)
				return 0;
			if (n < 0)
				err(EX_UNAVAILABLE, "%s", g.dev);
			g.off = 0;
			g.len = (size_t)n;
		}
		k = nmea_feed(&g.rd, g.buf + g.off, g.len - g.off, &ev, &b);
		g.off += k;
		if (ev == NMEA_SENTENCE) {
			snprintf(body, size, "%s", b);
			return 1;
		}
		if (port_verbose && ev == NMEA_BADSUM)
			warnx("%s: sentence with a bad checksum", g.dev);
	}
}

static void
send_body(const char *body)
{
	char out[NMEA_PROPRIETARY_MAX + 3];
	int n, given;

	if ((n = nmea_frame(body, out, sizeof(out) - 2, &given)) < 0)
		errx(EX_DATAERR, "%s: not a sentence body", body);
	/* a wrong checksum given is a typo to show, not to mend silently */
	if (given >= 0 && given != (int)strtol(out + n - 2, NULL, 16))
		errx(EX_DATAERR, "%s: checksum %02X, should be %s: not sent",
		    body, given, out + n - 2);
	if (port_verbose)
		warnx("%s: > %s", g.dev, out);
	memcpy(out + n, "\r\n", 3);
	if (serial_write(g.port, out, (size_t)n + 2, g.timeout_s * 1000) == -1)
		err(EX_UNAVAILABLE, "%s", g.dev);
}

/* Send and wait for PMTK001 of that command: its flag, or -1. */
static int
acked(const char *body)
{
	char got[NMEA_PROPRIETARY_MAX];
	int64_t deadline;
	int cmd, c, flag;

	cmd = pmtk_number(body);
	send_body(body);
	deadline = mono_ms() + g.timeout_s * 1000;
	while (next_sentence(deadline, got, sizeof(got)) == 1)
		if (nmea_parse_ack(got, &c, &flag) == 0 && c == cmd)
			return flag;
	return -1;
}

/*
 * acked(), and exit naming the command unless it was done.  A lost or
 * garbled PMTK001 is not a refusal: the commands set a state, so sending
 * one again is harmless, up to ACK_TRIES times.
 */
static void
must(const char *body)
{
	int flag, try;

	if (!port_verbose)
		progress("%s: %s...", g.dev, body);
	for (try = 1; (flag = acked(body)) == -1 && try < ACK_TRIES; try++)
		if (port_verbose)
			warnx("%s: %s: no PMTK001, sending it again (%d/%d)",
			    g.dev, body, try + 1, ACK_TRIES);
		else
			progress("%s: %s: no PMTK001, again (%d/%d)...", g.dev,
			    body, try + 1, ACK_TRIES);
	progress_done();
	if (flag == 3)
		return;
	if (flag == -1)
		errx(EX_TEMPFAIL, "%s: %s: no PMTK001 within %d s, %d times",
		    g.dev, body, g.timeout_s, ACK_TRIES);
	errx(pmtk_flag_status(flag), "%s: %s: %s (PMTK001 flag %d)", g.dev,
	    body, pmtk_flag_text(flag), flag);
}

/* At least two valid sentences at the port's speed within ms. */
static int
talking(int ms)
{
	char body[NMEA_PROPRIETARY_MAX];
	int64_t deadline;
	int n = 0;

	deadline = mono_ms() + ms;
	while (n < 2 && next_sentence(deadline, body, sizeof(body)) == 1)
		n++;
	return n >= 2;
}

/* --- verbs --- */

static int
do_checksum(const char *arg)
{
	char out[NMEA_PROPRIETARY_MAX + 3], *star;
	int given;

	if (nmea_frame(arg, out, sizeof(out), &given) < 0)
		errx(EX_DATAERR, "%s: not a sentence (printable ASCII without "
		    "$ and *, or $BODY*HH)", arg);
	printf("%s\n", out);
	star = strrchr(out, '*');
	if (given >= 0 && given != (int)strtol(star + 1, NULL, 16)) {
		warnx("checksum was %02X, should be %s", given, star + 1);
		return EX_DATAERR;
	}
	return EX_OK;
}

static int
do_send(const char *body)
{
	int flag, cmd;

	if ((cmd = pmtk_number(body)) < 0)
		errx(EX_USAGE, "%s: not a PMTK command", shown(body));
	flag = acked(body);
	if (flag == -1)
		errx(EX_TEMPFAIL, "%s: %s: no PMTK001 within %d s", g.dev, body,
		    g.timeout_s);
	printf("command=%d flag=%d\n", cmd, flag);
	if (flag != 3)
		warnx("%s: %s: %s", g.dev, body, pmtk_flag_text(flag));
	return pmtk_flag_status(flag);
}

static void
change_baud(int speed)
{
	char body[32];
	int old = g.speed;

	if (!serial_speed_valid(speed) || speed < 4800 || speed > 115200)
		errx(EX_USAGE, "baud %d: 4800, 9600, 19200, 38400, 57600 or "
		    "115200", speed);
	/* PMTK251 is not acknowledged: the chip switches once it has the
	 * whole command; give it that moment before we switch too. */
	snprintf(body, sizeof(body), "PMTK%d,%d", PMTK_SET_BAUD, speed);
	send_body(body);
	serial_drain(g.port);
	usleep(SWITCH_SETTLE_MS * 1000);
	set_speed(speed);
	if (talking(VERIFY_MS))
		return;
	set_speed(old);
	errx(EX_TEMPFAIL, "%s: no valid NMEA at %d baud after PMTK251; back "
	    "at %d%s", g.dev, speed, old, talking(VERIFY_MS) ? "" :
	    ", where it is silent too");
}

/* PMTK220 (between reports) or PMTK300 (between fixes): ms, acknowledged. */
static void
set_interval(int cmd, int ms)
{
	char body[64];

	snprintf(body, sizeof(body), "PMTK%d,%d%s", cmd, ms,
	    cmd == PMTK_SET_FIX ? ",0,0,0,0" : "");
	must(body);
}

/* Set the sentences on, and acknowledged; their names to names. */
static void
set_sentences(const int on[PMTK_FIELDS], char *names, size_t size)
{
	char body[128];

	pmtk_output_body(on, body, sizeof(body));
	pmtk_names(on, names, size);
	must(body);
}

static int
do_version(const char *arg)
{
	char got[NMEA_PROPRIETARY_MAX], rel[64], prod[64];
	int64_t deadline;

	(void)arg;
	send_body("PMTK605");	/* PMTK_Q_RELEASE */
	deadline = mono_ms() + g.timeout_s * 1000;
	while (next_sentence(deadline, got, sizeof(got)) == 1)
		if (nmea_parse_version(got, rel, sizeof(rel), prod,
		    sizeof(prod)) == 0) {
			printf("release=");
			put_safe(stdout, rel);
			printf(" product=");
			put_safe(stdout, prod);
			putchar('\n');
			return EX_OK;
		}
	errx(EX_TEMPFAIL, "%s: no PMTK705 within %d s", g.dev, g.timeout_s);
}

static int
do_reset(const char *how)
{
	char got[NMEA_PROPRIETARY_MAX], body[16];
	int64_t deadline;
	int cmd, msg;

	if ((cmd = pmtk_restart(how)) == -1)
		errx(EX_USAGE, "reset %s: hot, warm, cold or factory", how);
	snprintf(body, sizeof(body), "PMTK%d", cmd);
	send_body(body);
	deadline = mono_ms() + g.timeout_s * 1000;
	while (next_sentence(deadline, got, sizeof(got)) == 1)
		if (nmea_parse_sysmsg(got, &msg) == 0 && msg == 1)
			return EX_OK;	/* started */
	errx(EX_TEMPFAIL, "%s: no PMTK010 start-up message within %d s", g.dev,
	    g.timeout_s);
}

/* Find the speed the GPS talks at; returns it, exits if none. */
static int
autobaud(void)
{
	size_t i;
	int s;

	for (i = 0; i <= sizeof(probe_order) / sizeof(probe_order[0]); i++) {
		/* the speed configured goes first: usually right */
		s = i == 0 ? g.want_speed : probe_order[i - 1];
		if (i > 0 && s == g.want_speed)
			continue;
		set_speed(s);
		if (port_verbose)
			warnx("%s: trying %d baud", g.dev, s);
		else
			progress("%s: trying %d baud...", g.dev, s);
		if (talking(PROBE_MS)) {
			progress_done();
			return s;
		}
	}
	progress_done();
	errx(EX_UNAVAILABLE, "%s: no valid NMEA at any speed", g.dev);
}

static void
show(const char *body)
{
	struct nmea_rmc r;
	struct nmea_gga gg;
	char name[12];

	if (nmea_parse_rmc(body, &r) == 0) {
		if (g.kv)
			printf("type=RMC time=%04d-%02d-%02dT%02d:%02d:%02d.%03dZ "
			    "valid=%d", r.year, r.month, r.day, r.time.hour,
			    r.time.minute, r.time.second, r.time.millisecond,
			    r.valid);
		else
			printf("%04d-%02d-%02d %02d:%02d:%02d.%03d UTC  %s",
			    r.year, r.month, r.day, r.time.hour, r.time.minute,
			    r.time.second, r.time.millisecond,
			    r.valid ? "fix   " : "no fix");
		if (r.has_pos)
			printf(g.kv ? " lat=%.6f lon=%.6f" : "  %.6f %.6f",
			    r.lat, r.lon);
	} else if (nmea_parse_gga(body, &gg) == 0) {
		if (g.kv)
			printf("type=GGA time=%02d:%02d:%02d.%03d quality=%d "
			    "satellites=%d", gg.time.hour, gg.time.minute,
			    gg.time.second, gg.time.millisecond, gg.quality,
			    gg.satellites);
		else
			printf("%02d:%02d:%02d.%03d UTC  quality %d, %d "
			    "satellites", gg.time.hour, gg.time.minute,
			    gg.time.second, gg.time.millisecond, gg.quality,
			    gg.satellites);
		if (gg.has_pos)
			printf(g.kv ? " altitude=%.1f" : ", altitude %.1f m",
			    gg.altitude);
	} else if (g.kv) {
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(body, ","),
		    body);
		printf("type=");
		put_safe(stdout, name);
	} else {
		putchar('$');
		put_escaped(stdout, body, strlen(body));
	}
	putchar('\n');
	fflush(stdout);
}

static int
do_watch(const char *arg)
{
	char body[NMEA_PROPRIETARY_MAX];
	int n = 0;

	(void)arg;
	while (g.count == 0 || n < g.count) {
		if (next_sentence(mono_ms() + g.timeout_s * 1000, body,
		    sizeof(body)) == 0)
			errx(EX_TEMPFAIL, "%s: no valid NMEA within %d s",
			    g.dev, g.timeout_s);
		show(body);
		n++;
	}
	return EX_OK;
}

/*
 * The acknowledgements said done; what the receiver sends says it too.
 * The new set applies from the next fix, so one interval goes by, then
 * one whole epoch is read (until the first sentence comes again): at
 * least one sentence, every one of them named.
 */
static void
verify_sentences(const int on[PMTK_FIELDS], const char *names)
{
	char body[NMEA_PROPRIETARY_MAX];
	struct pmtk_epoch e;
	int64_t settle, deadline;
	int r;

	pmtk_epoch_init(&e);
	/* three intervals: one sentence spoilt by noise is not silence */
	settle = mono_ms() + g.want_rate;
	deadline = settle + 3 * g.want_rate + 500;
	while (next_sentence(deadline, body, sizeof(body)) == 1) {
		if (mono_ms() < settle)
			continue;	/* the old set */
		if ((r = pmtk_epoch_feed(&e, body, on)) == 1)
			return;		/* a whole epoch, all named */
		if (r == -1)
			errx(EX_UNAVAILABLE, "%s: the GPS acknowledged "
			    "sentences %s but sends %.5s", g.dev, names, body);
	}
	if (e.first[0] == '\0')
		errx(EX_TEMPFAIL, "%s: no %s within %d ms of setting them",
		    g.dev, names, 4 * g.want_rate + 500);
}

static int
do_apply(const char *arg)
{
	char names[128];
	int found;

	(void)arg;
	found = autobaud();
	if (found != g.want_speed)
		change_baud(g.want_speed);
	set_sentences(g.want_on, names, sizeof(names));
	set_interval(PMTK_SET_RATE, g.want_rate);
	set_interval(PMTK_SET_FIX, g.want_fix);
	verify_sentences(g.want_on, names);
	/* names: letters and commas only, from our own table */
	printf("speed=%d sentences=%s rate=%d fix_interval=%d\n",
	    g.want_speed, names, g.want_rate, g.want_fix);
	return EX_OK;
}

/* --- ntpmode: which NTP daemon, and its line --- */

/* name's executable in $PATH or a system directory, into path: 0, or -1. */
static int
find_program(const char *name, char *path, size_t size)
{
	const char *env = getenv("PATH"), *p;
	char list[4096];
	size_t len;
	int n;

	/* ntpd and chronyd live in sbin, which a user's PATH may lack */
	snprintf(list, sizeof(list), "%s:/usr/sbin:/usr/local/sbin:/sbin",
	    env != NULL ? env : "");
	for (p = list; *p != '\0'; p += len + (p[len] == ':')) {
		len = strcspn(p, ":");
		n = snprintf(path, size, "%.*s/%s", (int)len, p, name);
		if (len > 0 && n > 0 && (size_t)n < size &&
		    access(path, X_OK) == 0)
			return 0;
	}
	return -1;
}

/* What path --version says on stdout and stderr, its first size-1 bytes. */
static void
version_of(const char *path, char *out, size_t size)
{
	char *const argv[] = { (char *)path, (char *)"--version", NULL };
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int fd[2];

	if (pipe(fd) == -1 || (pid = fork()) == -1)
		err(EX_OSERR, "%s --version", path);
	if (pid == 0) {
		if (dup2(fd[1], STDOUT_FILENO) == -1 ||
		    dup2(fd[1], STDERR_FILENO) == -1)
			_exit(127);
		close(fd[0]);
		close(fd[1]);
		execv(path, argv);
		_exit(127);
	}
	close(fd[1]);
	while (len < size - 1 && (n = read(fd[0], out + len,
	    size - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fd[0]);	/* a longer story ends at its next write */
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		continue;
}

/*
 * The daemon installed: ntpsec when ntpd says it is (Debian's ntpd is),
 * chrony when chronyd is there, else classic ntpd (FreeBSD's base).
 */
static enum ntp_daemon
installed_daemon(void)
{
	char path[PATH_MAX], out[256];

	if (find_program("ntpd", path, sizeof(path)) == 0) {
		version_of(path, out, sizeof(out));
		if (ntp_version_daemon(out) == NTP_NTPSEC)
			return NTP_NTPSEC;
	}
	if (find_program("chronyd", path, sizeof(path)) == 0)
		return NTP_CHRONY;
	return NTP_CLASSIC;
}

/* The refclock line for the NTP daemon, from the sentences and speed. */
static int
do_ntpmode(const char *arg)
{
	enum ntp_daemon d;
	char line[256];
	int mode;

	(void)arg;
	if ((mode = pmtk_ntp_mode(g.want_on, g.want_speed)) == -1)
		errx(EX_CONFIG, "ntpd's NMEA driver needs RMC, GGA, GLL or ZDA "
		    "at 4800-115200 baud");
	if (g.kv) {
		printf("mode=%d\n", mode);
		return EX_OK;
	}
	d = g.daemon != -1 ? (enum ntp_daemon)g.daemon : installed_daemon();
	if (ntp_refclock_line(d, mode, g.want_speed, g.dev != NULL ? g.dev :
	    "/dev/gps0", line, sizeof(line)) == -1)
		errx(EX_CONFIG, "%s: oobm_gps %s: too long for %s's line",
		    g.conf, shown(g.dev), ntp_daemon_name(d));
	fputs(line, stdout);
	return EX_OK;
}

static int
do_baud(const char *arg)
{
	change_baud((int)num_arg(arg, 4800, 115200, "baud"));
	printf("speed=%d\n", g.speed);
	return EX_OK;
}

static int
do_sentences(const char *arg)
{
	char names[128];
	int on[PMTK_FIELDS];

	sentence_set(arg, on, EX_USAGE, NULL);
	pmtk_names(on, names, sizeof(names));
	/* silent, the GPS could not be found again by autobaud */
	if (names[0] == '\0')
		errx(EX_USAGE, "no sentence named: the GPS would fall silent "
		    "(name one, such as rmc)");
	set_sentences(on, names, sizeof(names));
	return EX_OK;
}

static int
do_rate(const char *arg)
{
	set_interval(PMTK_SET_RATE, (int)num_arg(arg, 100, 10000, "rate"));
	return EX_OK;
}

static int
do_fix_interval(const char *arg)
{
	set_interval(PMTK_SET_FIX, (int)num_arg(arg, 100, 10000,
	    "fix-interval"));
	return EX_OK;
}

static int
do_autobaud(const char *arg)
{
	(void)arg;
	printf("speed=%d\n", autobaud());
	return EX_OK;
}

/*
 * The verbs, as gpsctl(1) lists them: how many arguments, whether the
 * GPS's port is opened first, and how much of oobm.conf is needed (none,
 * the port if not given, or the GPS's whole configuration).
 */
enum need { CONF_NONE, CONF_PORT, CONF_FILE };
static const struct verb {
	const char	*name;
	int		 nargs;
	int		 port;
	enum need	 conf;
	int		(*fn)(const char *);
} verbs[] = {
	{ "checksum",		1, 0, CONF_NONE, do_checksum },
	{ "send",		1, 1, CONF_PORT, do_send },
	{ "baud",		1, 1, CONF_PORT, do_baud },
	{ "sentences",		1, 1, CONF_PORT, do_sentences },
	{ "rate",		1, 1, CONF_PORT, do_rate },
	{ "fix-interval",	1, 1, CONF_PORT, do_fix_interval },
	{ "version",		0, 1, CONF_PORT, do_version },
	{ "reset",		1, 1, CONF_PORT, do_reset },
	{ "autobaud",		0, 1, CONF_PORT, do_autobaud },
	{ "watch",		0, 1, CONF_PORT, do_watch },
	{ "apply",		0, 1, CONF_FILE, do_apply },
	{ "ntpmode",		0, 0, CONF_FILE, do_ntpmode },
};

int
main(int argc, char *argv[])
{
	const struct verb *v;
	int ch;

	g.conf = config_default_path();
	g.timeout_s = DEFAULT_TIMEOUT_S;
	g.daemon = -1;
	while ((ch = getopt(argc, argv, "c:d:hl:n:o:s:t:Vv")) != -1) {
		switch (ch) {
		case 'c':
			g.conf = optarg;
			g.conf_given = 1;
			break;
		case 'd':
			if ((g.daemon = ntp_daemon_named(optarg)) == -1)
				usage(EX_USAGE);
			break;
		case 'l':
			g.dev = optarg;
			break;
		case 'n':
			g.count = (int)num_arg(optarg, 1, 1000000, "count");
			break;
		case 'o':
			if (strcmp(optarg, "kv") != 0)
				usage(EX_USAGE);
			g.kv = 1;
			break;
		case 's':
			g.speed = port_speed_arg(optarg);
			break;
		case 't':
			g.timeout_s = port_timeout_arg(optarg);
			break;
		case 'V':
			printf("gpsctl %s\n", OOBM_VERSION);
			return EX_OK;
		case 'v':
			port_verbose = 1;
			break;
		case 'h':
			usage(EX_OK);
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(EX_USAGE);
	for (v = verbs; v < verbs + sizeof(verbs) / sizeof(verbs[0]); v++)
		if (strcmp(v->name, argv[0]) == 0)
			break;
	if (v == verbs + sizeof(verbs) / sizeof(verbs[0]) ||
	    argc - 1 != v->nargs)
		usage(EX_USAGE);
	if (g.daemon != -1 && v->fn != do_ntpmode) {
		warnx("-d: for ntpmode only");
		usage(EX_USAGE);
	}
	if (v->conf != CONF_NONE)
		configure(v->conf == CONF_FILE);
	if (v->port)
		open_gps();
	return v->fn(v->nargs > 0 ? argv[1] : NULL);
}
