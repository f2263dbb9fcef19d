/*
 * ppsmon: watch a PPS signal (RFC 2783), or a replay of one, and say how
 * healthy it is.
 */
#include <sys/stat.h>
#include <sys/timepps.h>

#include <errno.h>
#include <err.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "nmea.h"
#include "port.h"
#include "pps.h"
#include "serial.h"
#include "util.h"

#define DEFAULT_DEVICE	"/dev/pps0"
#define PULSE_WAIT_S	2	/* no pulse within this: a failure */

static struct {
	int		 kv, quiet, check;
	long		 count, every;
	struct pps_stats st;
	/* replay */
	int		 fd;
	char		 buf[4096];
	size_t		 len;
	long		 lineno;
	/* RFC 2783 */
	pps_handle_t	 handle;
	long		 last_seq;
	const char	*samples;	/* -w */
} g = { .fd = -1, .last_seq = -1 };

static volatile sig_atomic_t want_summary;

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: ppsmon [-cq] [-n count] [-o kv] [-s every] [device]\n"
	    "       ppsmon [-cq] [-n count] [-o kv] [-s every] -r file\n"
	    "       ppsmon [-o kv] [-n count] [-b speed] [-C config] "
	    "[-w samples] -g gps\n"
	    "              [-r file | device]\n"
	    "       ppsmon [-o kv] [-a address] [-f fudge] [-w samples] "
	    "-P statsfile\n"
	    "       ppsmon -V\n");
	exit(status);
}

static void
on_info(int sig)
{
	(void)sig;
	want_summary = 1;
}

/* --- sources --- */

static void
open_replay(const char *path)
{
	if (strcmp(path, "-") == 0)
		g.fd = STDIN_FILENO;
	else if ((g.fd = open(path, O_RDONLY | O_NONBLOCK)) == -1)
		err(EX_NOINPUT, "%s", path);
}

/* Next pulse of the replay: 1, 0 at its end, -1 when none came in time. */
static int
replay_wait(struct pps_pulse *p, int timeout_ms)
{
	struct pollfd pfd = { .fd = g.fd, .events = POLLIN };
	char *nl;
	ssize_t n;
	int r;

	for (;;) {
		if ((nl = memchr(g.buf, '\n', g.len)) != NULL) {
			*nl = '\0';
			g.lineno++;
			r = pps_parse(g.buf, p);
			if (r == -1 && g.buf[0] != '\0' && g.buf[0] != '#')
				warnx("line %ld: not SEC.NSEC [SEQ]", g.lineno);
			g.len -= (size_t)(nl + 1 - g.buf);
			memmove(g.buf, nl + 1, g.len);
			if (r == 0)
				return 1;
			continue;
		}
		if (g.len == sizeof(g.buf) - 1)
			errx(EX_DATAERR, "line %ld: too long", g.lineno + 1);
		if ((r = poll(&pfd, 1, timeout_ms)) == -1 && errno == EINTR)
			continue;
		if (r == 0)
			return -1;
		if ((n = read(g.fd, g.buf + g.len, sizeof(g.buf) - 1 -
		    g.len)) == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n == -1)
			err(EX_IOERR, "read");
		if (n == 0) {
			if (g.len == 0)
				return 0;
			g.buf[g.len++] = '\n';	/* last line, unterminated */
			continue;
		}
		g.len += (size_t)n;
	}
}

static int
replay_next(struct pps_pulse *p)
{
	return replay_wait(p, PULSE_WAIT_S * 1000);
}

static void
open_pps(const char *dev)
{
	pps_params_t params;
	int fd, caps;

	if ((fd = open(dev, O_RDWR)) == -1 &&
	    (fd = open(dev, O_RDONLY)) == -1) {
		if (errno == ENOENT)
			errx(EX_UNAVAILABLE, "%s: no such device (is the PPS "
			    "overlay or gpiopps loaded?)", dev);
		err(EX_UNAVAILABLE, "%s", dev);
	}
	if (time_pps_create(fd, &g.handle) == -1)
		err(EX_UNAVAILABLE, "%s: not a PPS source", dev);
	if (time_pps_getcap(g.handle, &caps) == -1)
		err(EX_UNAVAILABLE, "%s: PPS capabilities", dev);
	if ((caps & PPS_CAPTUREASSERT) == 0)
		errx(EX_UNAVAILABLE, "%s: cannot capture the assert edge", dev);
	if (time_pps_getparams(g.handle, &params) == -1)
		err(EX_UNAVAILABLE, "%s: PPS parameters", dev);
	if ((params.mode & PPS_CAPTUREASSERT) == 0) {
		params.mode |= PPS_CAPTUREASSERT | PPS_TSFMT_TSPEC;
		if (time_pps_setparams(g.handle, &params) == -1)
			err(EX_UNAVAILABLE, "%s: capturing the assert edge",
			    dev);
	}
}

/* Next assert event: 1, or -1 when none came within the time. */
static int
pps_wait(struct pps_pulse *p, int timeout_ms)
{
	struct timespec timeout = { timeout_ms / 1000,
	    (long)(timeout_ms % 1000) * 1000000L };
	pps_info_t info;

	for (;;) {
		if (time_pps_fetch(g.handle, PPS_TSFMT_TSPEC, &info,
		    &timeout) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ETIMEDOUT)
				return -1;
			err(EX_IOERR, "time_pps_fetch");
		}
		if ((long)info.assert_sequence == g.last_seq)
			return -1;	/* no new edge in the time */
		g.last_seq = (long)info.assert_sequence;
		p->sec = info.assert_timestamp.tv_sec;
		p->nsec = info.assert_timestamp.tv_nsec;
		p->seq = (long)info.assert_sequence;
		return 1;
	}
}

static int
pps_next(struct pps_pulse *p)
{
	return pps_wait(p, PULSE_WAIT_S * 1000);
}


/*
 * -w: the samples as plain data, "unix_time value_ms" a line, for
 * etc/ppsmon.gp; the comment lines say what they are and the correction
 * suggested ("# suggested LINE", which the script shows).
 */
static void
write_samples(const char *what, const char *fix, const double *t,
    const double *ms, size_t n)
{
	FILE *fp;
	size_t i;

	if (g.samples == NULL)
		return;
	if ((fp = fopen(g.samples, "w")) == NULL)
		err(EX_CANTCREAT, "%s", g.samples);
	fprintf(fp, "# ppsmon: %s\n# suggested %s\n# unix_time value_ms\n",
	    what, fix);
	for (i = 0; i < n; i++)
		fprintf(fp, "%.3f %.6f\n", t[i], ms[i]);
	if (fclose(fp) == EOF)
		err(EX_IOERR, "%s", g.samples);
}

/* --- calibration: when the NMEA sentence ends after its pulse --- */

#define CAL_SILENCE_MS	3000
#define CAL_MAX		1024

struct cal {
	int64_t		*pulse;		/* pulse times, ns, as they came */
	size_t		 npulse, cap;
	int64_t		 second[CAL_MAX];	/* RMC: the second it names */
	int64_t		 arrival[CAL_MAX];	/* ...when its end arrived */
	int		 matched[CAL_MAX];
	size_t		 nrmc;
	double		 delay[CAL_MAX];	/* ms, of the matched ones */
	double		 when[CAL_MAX];		/* ...and their seconds */
	size_t		 n;
};

/* Pulses that have come: how many. */
static size_t
cal_pulses(struct cal *c, const char *replay)
{
	struct pps_pulse p;
	int64_t *np;
	size_t before = c->npulse;

	while ((replay != NULL ? replay_wait(&p, 0) : pps_wait(&p, 0)) == 1) {
		if (c->npulse == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			if ((np = realloc(c->pulse, c->cap * sizeof(*np))) ==
			    NULL)
				err(EX_OSERR, NULL);
			c->pulse = np;
		}
		c->pulse[c->npulse++] = p.sec * PPS_NS + p.nsec;
	}
	return c->npulse - before;
}

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * PPS_NS + ts.tv_nsec;
}

/* Sentences in what just arrived at t: each RMC's second; how many. */
static size_t
cal_sentences(struct cal *c, struct nmea_reader *rd, const char *buf,
    size_t len, int64_t t)
{
	enum nmea_event ev;
	struct nmea_rmc r;
	const char *body;
	size_t k, n = 0;

	while (len > 0) {
		k = nmea_feed(rd, buf, len, &ev, &body);
		buf += k;
		len -= k;
		if (ev != NMEA_SENTENCE || nmea_parse_rmc(body, &r) == -1 ||
		    !r.has_time || !r.has_date || c->nrmc == CAL_MAX)
			continue;
		c->second[c->nrmc] = utc_seconds(r.year, r.month, r.day,
		    r.time.hour, r.time.minute, r.time.second);
		c->arrival[c->nrmc++] = t;
		n++;
	}
	return n;
}

/* Match every RMC not yet matched with a pulse of the second it names. */
static void
cal_match(struct cal *c)
{
	int64_t lo, hi;
	size_t i, j;

	for (i = 0; i < c->nrmc; i++) {
		if (c->matched[i])
			continue;
		lo = (c->second[i] * 2 - 1) * (PPS_NS / 2);
		hi = (c->second[i] * 2 + 1) * (PPS_NS / 2);
		for (j = c->npulse; j-- > 0; )	/* the latest come last */
			if (c->pulse[j] > lo && c->pulse[j] < hi) {
				c->when[c->n] = (double)c->second[i];
				c->delay[c->n++] = (c->arrival[i] -
				    c->pulse[j]) / 1e6;
				c->matched[i] = 1;
				break;
			}
	}
}

/* The median delay so far, ms (for the progress line). */
static double
cal_median(const struct cal *c)
{
	struct pps_sample_stats st;

	return pps_sample_stats(c->delay, c->n, &st) == 0 ? st.median : 0;
}

static void
cal_report(struct cal *c)
{
	struct pps_sample_stats st;
	char fix[64];

	if (pps_sample_stats(c->delay, c->n, &st) == -1)
		err(EX_OSERR, NULL);
	snprintf(fix, sizeof(fix), "fudge 127.127.20.0 time2 %.3f",
	    st.median / 1000);
	write_samples("RMC end after its pulse", fix, c->when, c->delay, c->n);
	if (g.kv)
		printf("samples=%zu unmatched=%zu delay_median_ms=%.3f "
		    "delay_mean_ms=%.3f delay_stddev_ms=%.3f delay_min_ms=%.3f "
		    "delay_max_ms=%.3f time2=%.3f\n", c->n, c->nrmc - c->n,
		    st.median, st.mean, st.stddev, st.min, st.max,
		    st.median / 1000);
	else
		printf("RMC ends %.3f ms after its pulse (median of %zu; mean "
		    "%.3f, stddev %.3f, min %.3f, max %.3f ms)\n"
		    "fudge 127.127.20.0 time2 %.3f\n"
		    "refclock SHM 0 refid NMEA offset %.3f\n", st.median, c->n,
		    st.mean, st.stddev, st.min, st.max, st.median / 1000,
		    st.median / 1000);
}

/*
 * -g: read the GPS beside the pulses, time the end of every RMC, and
 * match it with the pulse of the second it names, until count of them
 * matched.  Only a whole RMC is a sign of life (bytes at the wrong speed
 * are not), and so is only a new pulse: either silent too long ends it.
 */
static int
calibrate(const char *gpsdev, int speed, const char *replay)
{
	static struct cal c;
	struct nmea_reader rd;
	struct serial *gps;
	char buf[512];
	int64_t last_rmc, last_pulse;
	size_t want, shown = 0;
	ssize_t n;

	gps = port_open(gpsdev, speed);
	nmea_reader_init(&rd);
	want = g.count > 0 ? (size_t)g.count : 60;
	if (want > CAL_MAX)
		want = CAL_MAX;
	last_rmc = last_pulse = mono_ms();
	while (c.n < want) {
		if (cal_pulses(&c, replay) > 0)
			last_pulse = mono_ms();
		if ((n = serial_read(gps, buf, sizeof(buf), 50)) < 0)
			err(EX_UNAVAILABLE, "%s", gpsdev);
		if (n > 0 && cal_sentences(&c, &rd, buf, (size_t)n,
		    now_ns()) > 0)
			last_rmc = mono_ms();
		cal_match(&c);
		if (c.n != shown) {
			shown = c.n;
			progress("%zu/%zu samples, median %.3f ms...", c.n,
			    want, cal_median(&c));
		}
		if (c.n >= want)
			break;
		if (mono_ms() - last_rmc > CAL_SILENCE_MS ||
		    mono_ms() - last_pulse > PULSE_WAIT_S * 1000 ||
		    c.nrmc == CAL_MAX)
			progress_done();
		if (mono_ms() - last_rmc > CAL_SILENCE_MS)
			errx(EX_TEMPFAIL, "%s: no RMC within %d s (%zu of %zu "
			    "samples; not at %d baud, or RMC off?)", gpsdev,
			    CAL_SILENCE_MS / 1000, c.n, want, speed);
		if (mono_ms() - last_pulse > PULSE_WAIT_S * 1000)
			errx(EX_TEMPFAIL, "no pulse within %d s (%zu of %zu "
			    "samples)", PULSE_WAIT_S, c.n, want);
		if (c.nrmc == CAL_MAX)
			errx(EX_DATAERR, "%zu RMC sentences and only %zu "
			    "matched a pulse of their second", c.nrmc, c.n);
	}
	progress_done();
	cal_report(&c);
	free(c.pulse);
	return EX_OK;
}

/* --- output --- */

static void
print_pulse(const struct pps_pulse *p, const struct pps_event *ev)
{
	if (g.quiet)
		return;
	if (g.kv) {
		printf("seq=%ld time=%lld.%09ld offset_ns=%lld interval_ns=%lld",
		    p->seq, (long long)p->sec, p->nsec,
		    (long long)ev->offset_ns, (long long)ev->interval_ns);
		if (ev->flags != 0)
			printf(" flags=%s%s%s%s", ev->flags & PPS_MISSED ?
			    "missed," : "", ev->flags & PPS_DOUBLE ? "double," :
			    "", ev->flags & PPS_OUTLIER ? "outlier," : "",
			    ev->flags & PPS_STEPPED ? "step," : "");
		if (ev->missed > 0)
			printf(" missed=%ld", ev->missed);
	} else {
		printf("%6ld  %lld.%09ld  offset %+10.3f us", p->seq,
		    (long long)p->sec, p->nsec, ev->offset_ns / 1e3);
		if (ev->interval_ns != 0)
			printf("  interval %.9f s", ev->interval_ns / 1e9);
		if (ev->missed > 0)
			printf("  MISSED %ld", ev->missed);
		if (ev->flags & PPS_DOUBLE)
			printf("  DOUBLE");
		if (ev->flags & PPS_OUTLIER)
			printf("  OUTLIER");
		if (ev->flags & PPS_STEPPED)
			printf("  CLOCK STEP");
	}
	putchar('\n');
	fflush(stdout);
}

static void
print_summary(void)
{
	static const char *const tau[3] = { "1s", "10s", "100s" };
	struct pps_summary s;
	int i;

	pps_summarize(&g.st, &s);
	if (g.kv) {
		printf("pulses=%ld missed=%ld doubles=%ld outliers=%ld "
		    "steps=%ld", s.pulses, s.missed, s.doubles, s.outliers,
		    s.steps);
		if (s.n > 0)
			printf(" offset_mean_ns=%.1f offset_median_ns=%.1f "
			    "offset_stddev_ns=%.1f offset_min_ns=%lld "
			    "offset_max_ns=%lld jitter_ns=%.1f", s.mean_ns,
			    s.median_ns, s.stddev_ns, (long long)s.min_ns,
			    (long long)s.max_ns, s.jitter_ns);
		for (i = 0; i < 3; i++)
			if (s.have_adev[i])
				printf(" adev_%s=%.4e", tau[i], s.adev[i]);
		putchar('\n');
		fflush(stdout);
		return;
	}
	printf("pulses %ld, missed %ld, double %ld, outliers %ld, clock steps "
	    "%ld\n", s.pulses, s.missed, s.doubles, s.outliers, s.steps);
	if (s.n > 0)
		printf("offset: mean %+.3f us, median %+.3f us, stddev %.3f us, "
		    "min %+.3f us, max %+.3f us; interval jitter %.3f us\n",
		    s.mean_ns / 1e3, s.median_ns / 1e3, s.stddev_ns / 1e3,
		    s.min_ns / 1e3, s.max_ns / 1e3, s.jitter_ns / 1e3);
	for (i = 0; i < 3; i++)
		if (s.have_adev[i])
			printf("Allan deviation at %s: %.3e\n", tau[i],
			    s.adev[i]);
	fflush(stdout);
}

/* The offsets a statistics file holds of one reference clock. */
struct series {
	char	 addr[PPS_ADDR_MAX];	/* its address, or chrony's refid */
	int	 chrony;		/* from chrony's refclocks.log */
	int	 pps;			/* chrony: a pulse's samples */
	double	*v;			/* offsets, s */
	double	*t;			/* when, Unix time */
	size_t	 n, cap;
};

static void
series_add(struct series *s, const char *addr, double off, double t)
{
	double *nv, *nt;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		if ((nv = realloc(s->v, s->cap * sizeof(*nv))) == NULL)
			err(EX_OSERR, NULL);
		s->v = nv;
		if ((nt = realloc(s->t, s->cap * sizeof(*nt))) == NULL)
			err(EX_OSERR, NULL);
		s->t = nt;
	}
	if (s->n == 0)
		memcpy(s->addr, addr, strlen(addr) + 1);
	s->t[s->n] = t;
	s->v[s->n++] = off;
}

/*
 * Which series a peerstats line feeds: addr's, or without it the first
 * NMEA refclock's (found[0]), else the first gpsd SHM one's (found[1]).
 */
static struct series *
peerstats_series(const char *who, const char *addr, struct series found[2])
{
	struct pps_refclock rc;

	if (addr != NULL)
		return &found[0];
	if (pps_refclock(who, &rc) == -1 ||
	    (rc.clock != PPS_CLOCK_NMEA && rc.clock != PPS_CLOCK_SHM))
		return NULL;
	return &found[rc.clock == PPS_CLOCK_NMEA ? 0 : 1];
}

/*
 * Read ntpd's peerstats (classic or ntpsec) or chrony's refclocks.log:
 * the samples of addr, or without it of the GPS's time refclock.  In
 * chrony's log that is the first refid whose samples are not a pulse's.
 */
static struct series *
read_stats(const char *path, const char *addr, struct series found[2])
{
	char line[512], who[PPS_ADDR_MAX];
	struct series *s;
	double off;
	int pps;
	FILE *fp;

	if ((fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r")) == NULL)
		err(EX_NOINPUT, "%s", path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (pps_peerstats(line, addr, &off, who) == 1)
			s = peerstats_series(who, addr, found);
		else if (pps_chronylog(line, addr, &off, who, &pps) == 1 &&
		    (addr != NULL || !pps)) {
			s = &found[0];
			s->chrony = 1;
			s->pps = pps;
		} else
			continue;
		if (s != NULL && (s->n == 0 || strcmp(s->addr, who) == 0))
			series_add(s, who, off, pps_line_time(line));
	}
	if (ferror(fp))
		err(EX_IOERR, "%s", path);
	if (fp != stdin)
		fclose(fp);
	return found[0].n > 0 ? &found[0] : &found[1];
}

/*
 * The line that corrects the clock's offset to value: ntpd's fudge, or
 * chrony's "offset" option for the refclock line of that refid.
 */
static int
correction(const struct series *s, double value, char *buf, size_t size,
    const char **key, const char **daemon)
{
	struct pps_refclock rc;
	int n;

	if (s->chrony) {
		*key = "offset";
		*daemon = "chrony";
		if (s->pps || !isfinite(value))
			return -1;
		n = snprintf(buf, size, "offset %.6f", value);
		return n > 0 && (size_t)n < size ? 0 : -1;
	}
	if (pps_refclock(s->addr, &rc) == -1)
		return -1;
	*key = rc.clock == PPS_CLOCK_NMEA ? "time2" : "time1";
	*daemon = rc.ntpsec ? "ntpsec" : "ntpd";
	return pps_correction(&rc, value, buf, size);
}

/* -w for -P: the offsets in ms, in the order they were logged. */
static void
samples_ms(const struct series *s, const char *daemon, const char *fix)
{
	char what[PPS_ADDR_MAX + 48];
	double *ms;
	size_t i;

	if (g.samples == NULL)
		return;
	if ((ms = calloc(s->n, sizeof(*ms))) == NULL)
		err(EX_OSERR, NULL);
	for (i = 0; i < s->n; i++)
		ms[i] = s->v[i] * 1000;
	snprintf(what, sizeof(what), "%s (%s) offset", s->addr, daemon);
	write_samples(what, fix, s->t, ms, s->n);
	free(ms);
}

/*
 * The daemon's own measure of the GPS refclock: the mean offset it saw.
 * ntpd's corrected fudge (time2 for the NMEA driver, time1 for gpsd's
 * SHM) is the old one minus that: a GPS whose sentences trail the second
 * by 380 ms shows an offset of -0.380 with time2 0, and wants time2 0.380
 * (checked against ntpsec by tests/integration/ntpsec.sh).  chrony logs
 * the raw offset, before its "offset" option, so the old value does not
 * enter: -0.380 there wants offset 0.380 (checked against chronyd 4.3).
 */
static int
peerstats(const char *path, const char *addr, double fudge)
{
	static struct series found[2];
	struct pps_sample_stats st;
	struct series *s;
	char fix[128] = "";
	const char *key, *daemon;

	s = read_stats(path, addr, found);
	if (s->n == 0) {
		if (addr != NULL)
			errx(EX_DATAERR, "%s: no samples of %s", path, addr);
		errx(EX_DATAERR, "%s: no samples of an NMEA or SHM refclock",
		    path);
	}
	if (correction(s, 0, fix, sizeof(fix), &key, &daemon) == -1)
		errx(EX_DATAERR, "%s: %s is not an NMEA or SHM refclock: "
		    "no offset of its own to correct", path, s->addr);
	if (s->chrony)
		fudge = 0;
	if (pps_sample_stats(s->v, s->n, &st) == -1)
		err(EX_OSERR, NULL);
	if (correction(s, fudge - st.mean, fix, sizeof(fix), &key,
	    &daemon) == -1)
		errx(EX_DATAERR, "%s: no usable offset", path);
	samples_ms(s, daemon, fix);
	if (g.kv)
		printf("refclock=%s samples=%zu offset_mean_s=%.6f "
		    "offset_median_s=%.6f offset_stddev_s=%.6f %s=%.6f "
		    "suggested_%s=%.6f daemon=%s\n", s->addr, s->n, st.mean,
		    st.median, st.stddev, key, fudge, key, fudge - st.mean,
		    daemon);
	else
		printf("%s (%s): %zu samples, offset mean %+.6f s, median "
		    "%+.6f s, stddev %.6f s\n%s\n", s->addr, daemon, s->n,
		    st.mean, st.median, st.stddev, fix);
	free(found[0].v);
	free(found[1].v);
	free(found[0].t);
	free(found[1].t);
	return EX_OK;
}

/* Check mode: 0 clean, 1 degraded; no pulse at all is no health. */
static int
health(void)
{
	if (g.st.pulses == 0) {
		warnx("no pulse to judge");
		return 1;
	}
	return g.st.missed || g.st.doubles || g.st.outliers || g.st.steps ?
	    1 : 0;
}

/* -f: the time2 in effect, seconds. */
static double
fudge_arg(const char *arg)
{
	double v;
	char *end;

	v = strtod(arg, &end);
	if (*end != '\0' || end == arg || !(v >= -1 && v <= 1))
		errx(EX_USAGE, "fudge %s: seconds, -1 to 1", shown(arg));
	return v;
}

/* SIGUSR1 (and SIGINFO, ^T on BSD): a summary at the next pulse. */
static void
summary_on_signal(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_info;
	sigaction(SIGUSR1, &sa, NULL);
#ifdef SIGINFO
	sigaction(SIGINFO, &sa, NULL);
#endif
}

/*
 * Watch the pulses of src (a replay file, or the PPS device) until -n of
 * them, the end of the replay, or silence; a line each, a summary every
 * -s and at the end.  The exit status: 75 when the pulses stopped, with
 * -c the health verdict, else 0.
 */
static int
monitor(const char *src, int replaying)
{
	struct pps_pulse p;
	struct pps_event ev;
	int r, silent = 0, summarized = 0;

	pps_init(&g.st);
	while (g.count == 0 || g.st.pulses < g.count) {
		r = replaying ? replay_next(&p) : pps_next(&p);
		if (r == 0)
			break;
		if (r == -1) {
			silent = 1;
			warnx("%s: no pulse within %d s", src, PULSE_WAIT_S);
			break;
		}
		if (pps_add(&g.st, &p, &ev) == -1)
			err(EX_OSERR, NULL);
		print_pulse(&p, &ev);
		summarized = 0;
		if (want_summary || (g.every > 0 && g.st.pulses % g.every == 0)) {
			want_summary = 0;
			print_summary();
			summarized = 1;
		}
	}
	if (!summarized)	/* -s may just have said it all */
		print_summary();
	r = silent ? EX_TEMPFAIL : g.check ? health() : EX_OK;
	pps_free(&g.st);
	return r;
}

/*
 * -g without -b: the speed oobm.conf sets for the GPS (oobm_gps_speed,
 * which gpsctl apply leaves it at), as gpsctl reads it: no file, when
 * none was named, is the default.
 */
static int
configured_speed(const char *conf, int given)
{
	struct config *c;
	char msg[512];
	int speed;

	if ((c = config_load(conf, msg, sizeof(msg))) == NULL &&
	    (errno != ENOENT || given))
		errx(EX_CONFIG, "%s", msg);
	speed = config_number(c, "oobm_gps_speed");
	if (!serial_speed_valid(speed))
		errx(EX_CONFIG, "%s: oobm_gps_speed %d: unsupported", conf,
		    speed);
	config_free(c);
	return speed;
}

/* What the options name, whichever mode uses them. */
struct args {
	const char	*dev;		/* the operand */
	const char	*replay;	/* -r */
	const char	*gpsdev;	/* -g */
	const char	*stats;		/* -P */
	const char	*addr;		/* -a */
	const char	*conf;		/* -C, or the default */
	int		 speed;		/* -b; 0: oobm_gps_speed */
	double		 time2;		/* -f */
	unsigned char	 given[UCHAR_MAX + 1];	/* the options given */
};

static int
do_watch(const struct args *a)
{
	summary_on_signal();
	open_pps(a->dev);
	return monitor(a->dev, 0);
}

static int
do_replay(const struct args *a)
{
	summary_on_signal();
	open_replay(a->replay);
	return monitor(a->replay, 1);
}

static int
do_calibrate(const struct args *a)
{
	int speed;

	speed = a->speed != 0 ? a->speed :
	    configured_speed(a->conf, a->given['C']);
	if (a->replay != NULL)
		open_replay(a->replay);
	else
		open_pps(a->dev);
	return calibrate(a->gpsdev, speed, a->replay);
}

static int
do_peerstats(const struct args *a)
{
	return peerstats(a->stats, a->addr, a->time2);
}

static int
do_version(const struct args *a)
{
	(void)a;
	printf("ppsmon %s\n", OOBM_VERSION);
	return EX_OK;
}

/*
 * ppsmon(1)'s SYNOPSIS, a line a mode: the option that chooses it, every
 * option its line has, and whether it takes the device operand.  The
 * first mode whose option is given is the one; an option of another
 * line is refused, not ignored: "-w s.dat -r file" writing no s.dat,
 * or -g beside -P calibrating nothing, would leave the user believing.
 */
static const struct mode {
	int		 key;		/* 0: the default mode */
	int		 devices;	/* operands it takes: 0 or 1 */
	const char	*opts;
	const char	*what;		/* for the refusal */
	int		(*fn)(const struct args *);
} modes[] = {
	{ 'V', 0, "V",		"-V",			  do_version },
	{ 'P', 0, "oafwP",	"-P (a statistics file)", do_peerstats },
	{ 'g', 1, "onbCwgr",	"-g (a calibration)",	  do_calibrate },
	{ 'r', 0, "cqnosr",	"-r (a replay)",	  do_replay },
	{ 0,   1, "cqnos",	"watching a device",	  do_watch },
};

/* The mode the options choose; usage if they are not all its own. */
static const struct mode *
mode_of(const struct args *a, int argc)
{
	const struct mode *m;
	int ch;

	for (m = modes; m->key != 0 && !a->given[m->key]; m++)
		continue;
	if ((ch = option_stray(a->given, m->opts)) != 0) {
		warnx("-%c does not go with %s", ch, m->what);
		usage(EX_USAGE);
	}
	if (argc > m->devices) {
		warnx("too many operands for %s", m->what);
		usage(EX_USAGE);
	}
	if (argc == 1 && a->replay != NULL) {
		warnx("-r file or a device, not both");
		usage(EX_USAGE);
	}
	return m;
}

int
main(int argc, char *argv[])
{
	static struct args a = { .dev = DEFAULT_DEVICE };
	const struct mode *m;
	int ch;

	a.conf = config_default_path();

	while ((ch = getopt(argc, argv, "a:b:C:cf:g:hn:o:P:qr:s:Vw:")) !=
	    -1) {
		a.given[(unsigned char)ch] = 1;
		switch (ch) {
		case 'a':
			a.addr = optarg;
			break;
		case 'b':
			a.speed = port_speed_arg(optarg);
			break;
		case 'C':
			a.conf = optarg;
			break;
		case 'c':
			g.check = 1;
			break;
		case 'f':
			a.time2 = fudge_arg(optarg);
			break;
		case 'g':
			a.gpsdev = optarg;
			break;
		case 'n':
			g.count = (long)num_arg(optarg, 1, 100000000, "count");
			break;
		case 'o':
			if (strcmp(optarg, "kv") != 0)
				usage(EX_USAGE);
			g.kv = 1;
			break;
		case 'P':
			a.stats = optarg;
			break;
		case 'q':
			g.quiet = 1;
			break;
		case 'r':
			a.replay = optarg;
			break;
		case 's':
			g.every = (long)num_arg(optarg, 1, 100000000, "every");
			break;
		case 'V':
			break;
		case 'w':
			g.samples = optarg;
			break;
		case 'h':
			usage(EX_OK);
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	m = mode_of(&a, argc);
	if (argc == 1)
		a.dev = argv[0];
	return m->fn(&a);
}
