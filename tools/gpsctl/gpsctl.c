/*
 * gpsctl: configure a MediaTek MT3339 GPS with PMTK commands, each one
 * checked by its acknowledgement.
 */
#include <sys/wait.h>

#include <errno.h>
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "gpsctl.h"
#include "port.h"
#include "nmea.h"
#include "ntpconf.h"
#include "pmtk.h"
#include "serial.h"
#include "util.h"

#define DEFAULT_TIMEOUT_S	3
/*
 * autobaud, per speed tried: three sentences at 1 Hz (RMC alone), so that
 * one of them lost or garbled still leaves the two that make a speed; in
 * 2.5 s, two sentences and one bad were "no valid NMEA at any speed".
 */
#define PROBE_MS		3500
#define SWITCH_SETTLE_MS	200	/* after PMTK251, before our switch */

static const int probe_order[] = { 9600, 57600, 115200, 38400, 19200, 4800 };

/* --- configuration --- */

/*
 * A sentence list into the PMTK314 fields, or exit: a usage error from
 * the command line (conf NULL), a configuration error from conf's
 * oobm_gps_sentences.
 */
static void
sentence_set(const char *list, int on[PMTK_FIELDS], const char *conf)
{
	const char *bad;
	size_t len;
	char name[16];

	if (pmtk_sentences(list, on, &bad, &len) == 0)
		return;
	snprintf(name, sizeof(name), "%.*s", (int)len, bad);
	if (conf != NULL)
		errx(EX_CONFIG, "%s: oobm_gps_sentences: sentence %s: one "
		    "of %s", conf, shown(name), pmtk_known);
	errx(EX_USAGE, "sentence %s: one of %s", shown(name), pmtk_known);
}

static void
configure(struct settings *s, int need_file)
{
	struct want *w = &s->want;
	char msg[512];

	/* no file, where none is needed: the defaults (config stays NULL) */
	if ((s->config = config_load(s->conf, msg, sizeof(msg))) == NULL &&
	    (errno != ENOENT || need_file || s->conf_given))
		errx(EX_CONFIG, "%s", msg);
	if (s->dev == NULL)
		s->dev = config_path(s->config, "oobm_gps");
	w->speed = config_number(s->config, "oobm_gps_speed");
	if (!serial_speed_valid(w->speed))
		errx(EX_CONFIG, "%s: oobm_gps_speed %d: unsupported", s->conf,
		    w->speed);
	sentence_set(config_str(s->config, "oobm_gps_sentences"), w->on,
	    s->conf);
	w->rate_ms = config_number(s->config, "oobm_gps_rate");
	w->fix_ms = config_number(s->config, "oobm_gps_fix_interval");
	w->cable_ns = config_number(s->config, "oobm_gps_cable_delay");
}

/* --- the port --- */

static struct gps *
gps_open(struct gps *gps, const struct settings *s)
{
	if (s->dev == NULL)
		errx(EX_CONFIG, "no device: use -l or set oobm_gps in %s",
		    s->conf);
	memset(gps, 0, sizeof(*gps));
	gps->dev = s->dev;
	gps->timeout_s = s->timeout_s;
	gps->speed = s->speed != 0 ? s->speed : s->want.speed;
	gps->port = port_open(gps->dev, gps->speed);
	nmea_reader_init(&gps->rd);
	return gps;
}

void
set_speed(struct gps *gps, int speed)
{
	serial_drain(gps->port);
	if (serial_set_speed(gps->port, speed) == -1)
		err(EX_UNAVAILABLE, "%s: speed %d", gps->dev, speed);
	serial_flush_input(gps->port);
	nmea_reader_init(&gps->rd);
	ubx_reader_init(&gps->ubx);
	gps->off = gps->len = 0;
	gps->speed = speed;
}

/* More bytes into the read buffer, once it is used up: 0 at deadline. */
static int
fill(struct gps *gps, int64_t deadline)
{
	ssize_t n;

	if (gps->off < gps->len)
		return 1;
	n = serial_read(gps->port, gps->buf, sizeof(gps->buf),
	    ms_left(deadline));
	if (n < 0)
		err(EX_UNAVAILABLE, "%s", gps->dev);
	gps->off = 0;
	gps->len = (size_t)n;
	return n > 0;
}

/*
 * The next checksum-valid sentence (into body) or UBX frame (*m, valid
 * until the next call), or GOT_NONE at the deadline.  A u-blox sends
 * both on one port: each byte goes to both readers, which pass over
 * what is not theirs (UBX never holds the bytes NMEA's "$" starts
 * with, and a sentence cut by a frame fails its checksum).
 */
enum got
gps_next(struct gps *gps, int64_t deadline, char *body, size_t size,
    struct ubx_msg *m)
{
	enum nmea_event ev;
	enum ubx_event uev;
	const char *b;
	const uint8_t *p;

	while (fill(gps, deadline)) {
		p = gps->buf + gps->off++;
		(void)ubx_feed(&gps->ubx, p, 1, &uev, m);
		(void)nmea_feed(&gps->rd, (const char *)p, 1, &ev, &b);
		if (uev == UBX_FRAME)
			return GOT_UBX;
		if (ev == NMEA_SENTENCE) {
			snprintf(body, size, "%s", b);
			return GOT_NMEA;
		}
		if (port_verbose && ev == NMEA_BADSUM)
			warnx("%s: sentence with a bad checksum", gps->dev);
		if (port_verbose && uev == UBX_BADSUM)
			warnx("%s: UBX frame with a bad checksum", gps->dev);
	}
	return GOT_NONE;
}

/* The next checksum-valid sentence: 1, 0 at the deadline. */
static int
next_sentence(struct gps *gps, int64_t deadline, char *body, size_t size)
{
	struct ubx_msg m;
	enum got got;

	while ((got = gps_next(gps, deadline, body, size, &m)) == GOT_UBX)
		continue;
	return got == GOT_NMEA;
}

void
gps_write(struct gps *gps, const void *buf, size_t len)
{
	if (serial_write(gps->port, buf, len, gps->timeout_s * 1000) == -1)
		err(EX_UNAVAILABLE, "%s", gps->dev);
}

/* Given a checksum ("BODY*HH"), is it other than out's, n long, ends in? */
static int
wrong_sum(int given, const char *out, int n)
{
	return given >= 0 && given != (int)strtol(out + n - 2, NULL, 16);
}

static void
send_body(struct gps *gps, const char *body)
{
	char out[NMEA_PROPRIETARY_MAX + 3];
	int n, given;

	if ((n = nmea_frame(body, out, sizeof(out) - 2, &given)) < 0)
		errx(EX_DATAERR, "%s: not a sentence body", body);
	/* a wrong checksum given is a typo to show, not to mend silently */
	if (wrong_sum(given, out, n))
		errx(EX_DATAERR, "%s: checksum %02X, should be %s: not sent",
		    body, given, out + n - 2);
	if (port_verbose)
		warnx("%s: > %s", gps->dev, out);
	memcpy(out + n, "\r\n", 3);
	gps_write(gps, out, (size_t)n + 2);
}

/* Send and wait for PMTK001 of that command: its flag, or -1. */
static int
acked(struct gps *gps, const char *body)
{
	char got[NMEA_PROPRIETARY_MAX];
	int64_t deadline;
	int cmd, c, flag;

	cmd = pmtk_number(body);
	send_body(gps, body);
	deadline = mono_ms() + gps->timeout_s * 1000;
	while (next_sentence(gps, deadline, got, sizeof(got)) == 1)
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
must(struct gps *gps, const char *body)
{
	int flag, try;

	if (!port_verbose)
		progress("%s: %s...", gps->dev, body);
	for (try = 1; (flag = acked(gps, body)) == -1 && try < ACK_TRIES;
	    try++)
		if (port_verbose)
			warnx("%s: %s: no PMTK001, sending it again (%d/%d)",
			    gps->dev, body, try + 1, ACK_TRIES);
		else
			progress("%s: %s: no PMTK001, again (%d/%d)...",
			    gps->dev, body, try + 1, ACK_TRIES);
	progress_done();
	if (flag == 3)
		return;
	if (flag == -1)
		errx(EX_TEMPFAIL, "%s: %s: no PMTK001 within %d s, %d times",
		    gps->dev, body, gps->timeout_s, ACK_TRIES);
	errx(pmtk_flag_status(flag), "%s: %s: %s (PMTK001 flag %d)",
	    gps->dev, body, pmtk_flag_text(flag), flag);
}

/*
 * At least two valid sentences or frames at the port's speed within ms
 * (a u-blox may have been told to send UBX alone).
 */
int
talking(struct gps *gps, int ms)
{
	char body[NMEA_PROPRIETARY_MAX];
	struct ubx_msg m;
	int64_t deadline;
	int n = 0;

	deadline = mono_ms() + ms;
	while (n < 2 && gps_next(gps, deadline, body, sizeof(body), &m) !=
	    GOT_NONE)
		n++;
	return n >= 2;
}

/*
 * Which receiver: asked both ways at once, UBX's MON-VER (then a line
 * end, so that a MediaTek drops the frame as a bad line) and PMTK605.  A
 * u-blox answers the first with its versions and the second with "PMTK
 * inv format"; the MT3339 answers PMTK605 with PMTK705 and ignores UBX.
 * Neither within the timeout: unknown, which the verbs take for the
 * MediaTek gpsctl has always spoken to.
 */
enum family
identify(struct gps *gps)
{
	char got[NMEA_PROPRIETARY_MAX];
	uint8_t f[UBX_OVERHEAD + 2];
	struct ubx_msg m;
	int64_t deadline;
	enum got g;
	int n;

	if (gps->family != GPS_UNKNOWN)
		return gps->family;
	n = ubx_frame(UBX_MON_VER, NULL, 0, f, sizeof(f));
	f[n] = '\r';
	f[n + 1] = '\n';
	gps_write(gps, f, (size_t)n + 2);
	send_body(gps, "PMTK605");
	deadline = mono_ms() + gps->timeout_s * 1000;
	while ((g = gps_next(gps, deadline, got, sizeof(got), &m)) !=
	    GOT_NONE) {
		if (g == GOT_UBX && ubx_parse_version(&m, &gps->version) == 0)
			return gps->family = GPS_UBLOX;
		if (g == GOT_NMEA && nmea_parse_version(got, gps->release,
		    sizeof(gps->release), gps->product,
		    sizeof(gps->product)) == 0)
			return gps->family = GPS_MEDIATEK;
	}
	return GPS_UNKNOWN;
}

/* --- the steps the verbs are made of --- */

static void
change_baud(struct gps *gps, int speed)
{
	char body[32];
	int old = gps->speed;

	if (!serial_speed_valid(speed) || speed < 4800 || speed > 115200)
		errx(EX_USAGE, "baud %d: 4800, 9600, 19200, 38400, 57600 or "
		    "115200", speed);
	/* PMTK251 is not acknowledged: the chip switches once it has the
	 * whole command; give it that moment before we switch too. */
	snprintf(body, sizeof(body), "PMTK%d,%d", PMTK_SET_BAUD, speed);
	send_body(gps, body);
	serial_drain(gps->port);
	usleep(SWITCH_SETTLE_MS * 1000);
	set_speed(gps, speed);
	if (talking(gps, VERIFY_MS))
		return;
	set_speed(gps, old);
	errx(EX_TEMPFAIL, "%s: no valid NMEA at %d baud after PMTK251; back "
	    "at %d%s", gps->dev, speed, old, talking(gps, VERIFY_MS) ? "" :
	    ", where it is silent too");
}

/* PMTK220 (between reports) or PMTK300 (between fixes): ms, acknowledged. */
static void
set_interval(struct gps *gps, int cmd, int ms)
{
	char body[64];

	snprintf(body, sizeof(body), "PMTK%d,%d%s", cmd, ms,
	    cmd == PMTK_SET_FIX ? ",0,0,0,0" : "");
	must(gps, body);
}

/* Set the sentences on, and acknowledged; their names to names. */
static void
set_sentences(struct gps *gps, const int on[PMTK_FIELDS], char *names,
    size_t size)
{
	char body[128];

	pmtk_output_body(on, body, sizeof(body));
	pmtk_names(on, names, size);
	must(gps, body);
}

/* Find the speed the GPS talks at, the configured one first; or exit. */
static int
autobaud(struct gps *gps, int configured)
{
	size_t i;
	int s;

	for (i = 0; i <= sizeof(probe_order) / sizeof(probe_order[0]); i++) {
		/* the speed configured goes first: usually right */
		s = i == 0 ? configured : probe_order[i - 1];
		if (i > 0 && s == configured)
			continue;
		set_speed(gps, s);
		if (port_verbose)
			warnx("%s: trying %d baud", gps->dev, s);
		else
			progress("%s: trying %d baud...", gps->dev, s);
		if (talking(gps, PROBE_MS)) {
			progress_done();
			return s;
		}
	}
	progress_done();
	errx(EX_UNAVAILABLE, "%s: no valid NMEA at any speed", gps->dev);
}

/*
 * The acknowledgements said done; what the receiver sends says it too.
 * The new set applies from the next fix, so one interval goes by, then
 * one whole epoch is read (until the first sentence comes again): at
 * least one sentence, every one of them named.
 */
static void
verify_sentences(struct gps *gps, const struct want *w, const char *names)
{
	char body[NMEA_PROPRIETARY_MAX];
	struct pmtk_epoch e;
	int64_t settle, deadline;
	int r;

	pmtk_epoch_init(&e);
	/* three intervals: one sentence spoilt by noise is not silence */
	settle = mono_ms() + w->rate_ms;
	deadline = settle + 3 * w->rate_ms + 500;
	while (next_sentence(gps, deadline, body, sizeof(body)) == 1) {
		if (mono_ms() < settle)
			continue;	/* the old set */
		if ((r = pmtk_epoch_feed(&e, body, w->on)) == 1)
			return;		/* a whole epoch, all named */
		if (r == -1)
			errx(EX_UNAVAILABLE, "%s: the GPS acknowledged "
			    "sentences %s but sends %.5s", gps->dev, names,
			    body);
	}
	if (e.first[0] == '\0')
		errx(EX_TEMPFAIL, "%s: no %s within %d ms of setting them",
		    gps->dev, names, 4 * w->rate_ms + 500);
}

/* --- watch: a sentence a line --- */

static void
show_rmc(const struct nmea_rmc *r, int kv)
{
	if (kv)
		printf("type=RMC time=%04d-%02d-%02dT%02d:%02d:%02d.%03dZ "
		    "valid=%d", r->year, r->month, r->day, r->time.hour,
		    r->time.minute, r->time.second, r->time.millisecond,
		    r->valid);
	else
		printf("%04d-%02d-%02d %02d:%02d:%02d.%03d UTC  %s",
		    r->year, r->month, r->day, r->time.hour, r->time.minute,
		    r->time.second, r->time.millisecond,
		    r->valid ? "fix   " : "no fix");
	if (r->has_pos)
		printf(kv ? " lat=%.6f lon=%.6f" : "  %.6f %.6f", r->lat,
		    r->lon);
}

static void
show_gga(const struct nmea_gga *gg, int kv)
{
	if (kv)
		printf("type=GGA time=%02d:%02d:%02d.%03d quality=%d "
		    "satellites=%d", gg->time.hour, gg->time.minute,
		    gg->time.second, gg->time.millisecond, gg->quality,
		    gg->satellites);
	else
		printf("%02d:%02d:%02d.%03d UTC  quality %d, %d satellites",
		    gg->time.hour, gg->time.minute, gg->time.second,
		    gg->time.millisecond, gg->quality, gg->satellites);
	if (gg->has_pos)
		printf(kv ? " altitude=%.1f" : ", altitude %.1f m",
		    gg->altitude);
}

/* Another sentence: its type (kv), or itself, escaped. */
static void
show_other(const char *body, int kv)
{
	char name[12];

	if (kv) {
		snprintf(name, sizeof(name), "%.*s",
		    (int)strcspn(body, ","), body);
		printf("type=");
		put_safe(stdout, name);
	} else {
		putchar('$');
		put_escaped(stdout, body, strlen(body));
	}
}

static void
show(const char *body, int kv)
{
	struct nmea_rmc r;
	struct nmea_gga gg;

	if (nmea_parse_rmc(body, &r) == 0)
		show_rmc(&r, kv);
	else if (nmea_parse_gga(body, &gg) == 0)
		show_gga(&gg, kv);
	else
		show_other(body, kv);
	putchar('\n');
	fflush(stdout);
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

/* --- the verbs: the settings, the GPS (if its port is opened), arg --- */

static int
do_checksum(const struct settings *s, struct gps *gps, const char *arg)
{
	char out[NMEA_PROPRIETARY_MAX + 3];
	int n, given;

	(void)s;
	(void)gps;
	if ((n = nmea_frame(arg, out, sizeof(out), &given)) < 0)
		errx(EX_DATAERR, "%s: not a sentence (printable ASCII without "
		    "$ and *, or $BODY*HH)", arg);
	printf("%s\n", out);
	if (wrong_sum(given, out, n)) {
		warnx("checksum was %02X, should be %s", given, out + n - 2);
		return EX_DATAERR;
	}
	return EX_OK;
}

static int
do_send(const struct settings *s, struct gps *gps, const char *body)
{
	int flag, cmd;

	(void)s;
	if ((cmd = pmtk_number(body)) < 0)
		return ubx_send_raw(gps, body);	/* hex: UBX */
	flag = acked(gps, body);
	if (flag == -1)
		errx(EX_TEMPFAIL, "%s: %s: no PMTK001 within %d s", gps->dev,
		    body, gps->timeout_s);
	printf("command=%d flag=%d\n", cmd, flag);
	if (flag != 3)
		warnx("%s: %s: %s", gps->dev, body, pmtk_flag_text(flag));
	return pmtk_flag_status(flag);
}

static int
do_baud(const struct settings *s, struct gps *gps, const char *arg)
{
	int speed = (int)num_arg(arg, 4800, 115200, "baud");

	(void)s;
	if (identify(gps) == GPS_UBLOX)
		ubx_baud(gps, speed);
	else
		change_baud(gps, speed);
	printf("speed=%d\n", gps->speed);
	return EX_OK;
}

static int
do_sentences(const struct settings *s, struct gps *gps, const char *arg)
{
	char names[128];
	int on[PMTK_FIELDS], changed = 0;

	(void)s;
	sentence_set(arg, on, NULL);
	pmtk_names(on, names, sizeof(names));
	/* silent, the GPS could not be found again by autobaud */
	if (names[0] == '\0')
		errx(EX_USAGE, "no sentence named: the GPS would fall silent "
		    "(name one, such as rmc)");
	if (identify(gps) == GPS_UBLOX)
		ubx_sentences(gps, on, &changed);
	else
		set_sentences(gps, on, names, sizeof(names));
	return EX_OK;
}

static int
do_rate(const struct settings *s, struct gps *gps, const char *arg)
{
	int ms = (int)num_arg(arg, 100, 10000, "rate"), changed = 0;

	(void)s;
	if (identify(gps) == GPS_UBLOX)
		ubx_rate(gps, ms, &changed);
	else
		set_interval(gps, PMTK_SET_RATE, ms);
	return EX_OK;
}

static int
do_fix_interval(const struct settings *s, struct gps *gps, const char *arg)
{
	int ms = (int)num_arg(arg, 100, 10000, "fix-interval");

	(void)s;
	if (identify(gps) == GPS_UBLOX)
		errx(EX_UNAVAILABLE, "%s: a u-blox fixes at its rate: set that "
		    "(gpsctl rate)", gps->dev);
	set_interval(gps, PMTK_SET_FIX, ms);
	return EX_OK;
}

static int
do_version(const struct settings *s, struct gps *gps, const char *arg)
{
	(void)arg;
	switch (identify(gps)) {
	case GPS_UBLOX:
		ubx_show_version(gps, s->kv);
		break;
	case GPS_MEDIATEK:
		printf("release=");
		put_safe(stdout, gps->release);
		printf(" product=");
		put_safe(stdout, gps->product);
		putchar('\n');
		break;
	default:
		errx(EX_TEMPFAIL, "%s: no PMTK705 nor UBX MON-VER within %d s",
		    gps->dev, gps->timeout_s);
	}
	return EX_OK;
}

static int
do_reset(const struct settings *s, struct gps *gps, const char *how)
{
	char got[NMEA_PROPRIETARY_MAX], body[16];
	int64_t deadline;
	int cmd, msg;

	(void)s;
	if ((cmd = pmtk_restart(how)) == -1)
		errx(EX_USAGE, "reset %s: hot, warm, cold or factory", how);
	if (identify(gps) == GPS_UBLOX) {
		ubx_reset(gps, how);
		return EX_OK;
	}
	snprintf(body, sizeof(body), "PMTK%d", cmd);
	send_body(gps, body);
	deadline = mono_ms() + gps->timeout_s * 1000;
	while (next_sentence(gps, deadline, got, sizeof(got)) == 1)
		if (nmea_parse_sysmsg(got, &msg) == 0 && msg == 1)
			return EX_OK;	/* started */
	errx(EX_TEMPFAIL, "%s: no PMTK010 start-up message within %d s",
	    gps->dev, gps->timeout_s);
}

static int
do_autobaud(const struct settings *s, struct gps *gps, const char *arg)
{
	(void)arg;
	printf("speed=%d\n", autobaud(gps, s->want.speed));
	return EX_OK;
}

static int
do_watch(const struct settings *s, struct gps *gps, const char *arg)
{
	char body[NMEA_PROPRIETARY_MAX];
	int n;

	(void)arg;
	for (n = 0; s->count == 0 || n < s->count; n++) {
		if (next_sentence(gps, mono_ms() + gps->timeout_s * 1000, body,
		    sizeof(body)) == 0)
			errx(EX_TEMPFAIL, "%s: no valid NMEA within %d s",
			    gps->dev, gps->timeout_s);
		show(body, s->kv);
	}
	return EX_OK;
}

/* apply on a u-blox: what changed, then its output checked as for PMTK */
static int
apply_ublox(struct gps *gps, const struct want *w)
{
	char names[128];
	int changed;

	changed = ubx_apply(gps, w);
	pmtk_names(w->on, names, sizeof(names));
	verify_sentences(gps, w, names);
	printf("receiver=u-blox speed=%d sentences=%s rate=%d cable=%d "
	    "changed=%d\n", gps->speed, names, w->rate_ms, w->cable_ns,
	    changed);
	return EX_OK;
}

static int
do_apply(const struct settings *s, struct gps *gps, const char *arg)
{
	const struct want *w = &s->want;
	char names[128];

	(void)arg;
	(void)autobaud(gps, w->speed);
	if (identify(gps) == GPS_UBLOX)
		return apply_ublox(gps, w);
	if (gps->speed != w->speed)
		change_baud(gps, w->speed);
	set_sentences(gps, w->on, names, sizeof(names));
	set_interval(gps, PMTK_SET_RATE, w->rate_ms);
	set_interval(gps, PMTK_SET_FIX, w->fix_ms);
	verify_sentences(gps, w, names);
	/* names: letters and commas only, from our own table */
	printf("speed=%d sentences=%s rate=%d fix_interval=%d\n", w->speed,
	    names, w->rate_ms, w->fix_ms);
	return EX_OK;
}

static int
do_frame(const struct settings *s, struct gps *gps, const char *arg)
{
	(void)s;
	(void)gps;
	return ubx_print_frame(arg);
}

/* A verb a u-blox alone has: identified first, or refused. */
static void
ublox_only(struct gps *gps, const char *verb)
{
	if (identify(gps) != GPS_UBLOX)
		errx(EX_UNAVAILABLE, "%s: %s: no UBX MON-VER within %d s: not "
		    "a u-blox", gps->dev, verb, gps->timeout_s);
}

static int
do_survey(const struct settings *s, struct gps *gps, const char *arg)
{
	ublox_only(gps, "survey");
	return ubx_survey(gps, arg, s->count);
}

static int
do_fixed(const struct settings *s, struct gps *gps, const char *arg)
{
	(void)s;
	ublox_only(gps, "fixed");
	return ubx_fixed(gps, arg);
}

static int
do_save(const struct settings *s, struct gps *gps, const char *arg)
{
	(void)s;
	(void)arg;
	ublox_only(gps, "save");
	ubx_save(gps);
	return EX_OK;
}

/* The refclock line for the NTP daemon, from the sentences and speed. */
static int
do_ntpmode(const struct settings *s, struct gps *gps, const char *arg)
{
	enum ntp_daemon d;
	char line[256];
	int mode;

	(void)gps;
	(void)arg;
	if ((mode = pmtk_ntp_mode(s->want.on, s->want.speed)) == -1)
		errx(EX_CONFIG, "ntpd's NMEA driver needs RMC, GGA, GLL or ZDA "
		    "at 4800-115200 baud");
	if (s->kv) {
		printf("mode=%d\n", mode);
		return EX_OK;
	}
	d = s->daemon != -1 ? (enum ntp_daemon)s->daemon : installed_daemon();
	if (ntp_refclock_line(d, mode, s->want.speed, s->dev != NULL ? s->dev :
	    "/dev/gps0", line, sizeof(line)) == -1)
		errx(EX_CONFIG, "%s: oobm_gps %s: too long for %s's line",
		    s->conf, shown(s->dev), ntp_daemon_name(d));
	fputs(line, stdout);
	return EX_OK;
}

/* --- the command line --- */

/*
 * The verbs, as gpsctl(1) lists them: the argument each takes (NULL:
 * none), whether the GPS's port is opened first, and how much of
 * oobm.conf is needed (none, the port if not given, or the GPS's whole
 * configuration).
 */
enum need { CONF_NONE, CONF_PORT, CONF_FILE };
static const struct verb {
	const char	*name;
	const char	*arg;
	int		 port;
	enum need	 conf;
	int		(*fn)(const struct settings *, struct gps *,
			    const char *);
} verbs[] = {
	{ "checksum",	  "BODY",  0, CONF_NONE, do_checksum },
	{ "frame",	  "HEX",   0, CONF_NONE, do_frame },
	{ "send",	  "BODY",  1, CONF_PORT, do_send },
	{ "baud",	  "SPEED", 1, CONF_PORT, do_baud },
	{ "sentences",	  "LIST",  1, CONF_PORT, do_sentences },
	{ "rate",	  "MS",	   1, CONF_PORT, do_rate },
	{ "fix-interval", "MS",	   1, CONF_PORT, do_fix_interval },
	{ "version",	  NULL,	   1, CONF_PORT, do_version },
	{ "reset",	  "hot|warm|cold|factory", 1, CONF_PORT, do_reset },
	{ "autobaud",	  NULL,	   1, CONF_PORT, do_autobaud },
	{ "watch",	  NULL,	   1, CONF_PORT, do_watch },
	{ "save",	  NULL,	   1, CONF_PORT, do_save },
	{ "survey",	  "SECONDS[:METRES]|status|off", 1, CONF_PORT,
	    do_survey },
	{ "fixed",	  "LAT,LON,HEIGHT[,METRES]", 1, CONF_PORT, do_fixed },
	{ "apply",	  NULL,	   1, CONF_FILE, do_apply },
	{ "ntpmode",	  NULL,	   0, CONF_FILE, do_ntpmode },
};
#define VERBS_END	(verbs + sizeof(verbs) / sizeof(verbs[0]))

/* "verbs: checksum BODY, ...", from the table, in lines of 72 or less. */
static void
usage_verbs(FILE *fp)
{
	const struct verb *v;
	char item[64];
	int col = 0;

	for (v = verbs; v < VERBS_END; v++) {
		snprintf(item, sizeof(item), " %s%s%s%s", v->name,
		    v->arg != NULL ? " " : "", v->arg != NULL ? v->arg : "",
		    v + 1 < VERBS_END ? "," : "");
		if (v == verbs)
			col = fprintf(fp, "verbs:");
		else if (col + (int)strlen(item) > 72) {
			fputs("\n      ", fp);	/* the verbs in a column */
			col = 6;
		}
		col += fprintf(fp, "%s", item);
	}
	putc('\n', fp);
}

static void __attribute__((noreturn))
usage(int status)
{
	FILE *fp = status == EX_OK ? stdout : stderr;

	fprintf(fp, "usage: gpsctl [-v] [-c config] [-d ntpd | ntpsec | "
	    "chrony] [-l device]\n"
	    "              [-n count] [-o kv] [-s speed] [-t seconds] "
	    "verb [argument]\n");
	usage_verbs(fp);
	exit(status);
}

/* The verb argv names, with what it needs; usage, saying why, if not. */
static const struct verb *
verb_of(const struct settings *s, int argc, char *argv[])
{
	const struct verb *v;

	if (argc < 1) {
		warnx("no verb");
		usage(EX_USAGE);
	}
	for (v = verbs; v < VERBS_END && strcmp(v->name, argv[0]) != 0; v++)
		continue;
	if (v == VERBS_END)
		warnx("%s: no such verb", shown(argv[0]));
	else if (v->arg != NULL && argc != 2)
		warnx("%s needs one argument, %s", v->name, v->arg);
	else if (v->arg == NULL && argc != 1)
		warnx("%s takes no argument", v->name);
	else if (s->daemon != -1 && v->fn != do_ntpmode)
		warnx("-d: for ntpmode only");
	else
		return v;
	usage(EX_USAGE);
}

/* The options into s; returns how many arguments they took. */
static int
options(struct settings *s, int argc, char *argv[])
{
	int ch;

	while ((ch = getopt(argc, argv, "c:d:hl:n:o:s:t:Vv")) != -1) {
		switch (ch) {
		case 'c':
			s->conf = optarg;
			s->conf_given = 1;
			break;
		case 'd':
			if ((s->daemon = ntp_daemon_named(optarg)) == -1)
				usage(EX_USAGE);
			break;
		case 'l':
			s->dev = optarg;
			break;
		case 'n':
			s->count = (int)num_arg(optarg, 1, 1000000, "count");
			break;
		case 'o':
			if (strcmp(optarg, "kv") != 0)
				usage(EX_USAGE);
			s->kv = 1;
			break;
		case 's':
			s->speed = port_speed_arg(optarg);
			break;
		case 't':
			s->timeout_s = port_timeout_arg(optarg);
			break;
		case 'V':
			printf("gpsctl %s\n", OOBM_VERSION);
			exit(EX_OK);
		case 'v':
			port_verbose = 1;
			break;
		case 'h':
			usage(EX_OK);
		default:
			usage(EX_USAGE);
		}
	}
	return optind;
}

int
main(int argc, char *argv[])
{
	struct settings s = { .conf = config_default_path(),
	    .timeout_s = DEFAULT_TIMEOUT_S, .daemon = -1 };
	struct gps gps, *gp = NULL;
	const struct verb *v;
	int n, status;

	n = options(&s, argc, argv);
	argc -= n;
	argv += n;
	v = verb_of(&s, argc, argv);
	if (v->conf != CONF_NONE)
		configure(&s, v->conf == CONF_FILE);
	if (v->port)
		gp = gps_open(&gps, &s);
	status = v->fn(&s, gp, v->arg != NULL ? argv[1] : NULL);
	config_free(s.config);
	return status;
}
