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

#include "cal.h"
#include "config.h"
#include "mode.h"
#include "port.h"
#include "pps.h"
#include "prom.h"
#include "serial.h"
#include "util.h"

#define DEFAULT_DEVICE	"/dev/pps0"
#define PULSE_WAIT_S	2	/* no pulse within this: a failure */
#define CAL_SILENCE_MS	3000	/* -g: no whole RMC within this: too */
#define METRICS_EVERY	10	/* -m: the file rewritten every 10 pulses */

/* What the options ask of the output and of the end, in every mode. */
struct watching {
	int		 kv, quiet, check;	/* -o kv, -q, -c */
	long		 count, every;		/* -n, -s; 0: none */
	const char	*samples;		/* -w */
	const char	*metrics;		/* -m */
};

/*
 * Where the pulses come from: a replay file or an RFC 2783 device, its
 * wait() chosen as it is opened.  wait() gives 1 and the next pulse, 0
 * at the end of a replay, -1 when none came within timeout_ms.
 */
struct source {
	const char	*name;		/* for messages */
	int		(*wait)(struct source *, struct pps_pulse *,
			    int timeout_ms);
	struct {			/* -r: "SEC.NSEC [SEQ]" lines */
		int		 fd;
		char		 buf[4096];
		size_t		 len;
		long		 lineno;
	} replay;
	struct {			/* a device, RFC 2783 */
		pps_handle_t	 handle;
		long		 last_seq;
	} kernel;
};

/* The one file-scope variable: a signal handler takes no argument. */
static volatile sig_atomic_t want_summary;

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: ppsmon [-cq] [-m metrics] [-n count] [-o kv] [-s every] "
	    "[device]\n"
	    "       ppsmon [-cq] [-m metrics] [-n count] [-o kv] [-s every] "
	    "-r file\n"
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

/* The next pulse among the whole lines read: 1, or 0 when none is left. */
static int
replay_line(struct source *src, struct pps_pulse *p)
{
	char *buf = src->replay.buf, *nl;
	int r;

	while ((nl = memchr(buf, '\n', src->replay.len)) != NULL) {
		*nl = '\0';
		src->replay.lineno++;
		r = pps_parse(buf, p);
		if (r == -1 && buf[0] != '\0' && buf[0] != '#')
			warnx("line %ld: not SEC.NSEC [SEQ]",
			    src->replay.lineno);
		src->replay.len -= (size_t)(nl + 1 - buf);
		memmove(buf, nl + 1, src->replay.len);
		if (r == 0)
			return 1;
	}
	return 0;
}

/*
 * More of the replay: 1 when some came (an unterminated last line is
 * given its newline), 0 at its end, -1 when nothing came in time.
 */
static int
replay_read(struct source *src, int timeout_ms)
{
	struct pollfd pfd = { .fd = src->replay.fd, .events = POLLIN };
	char *buf = src->replay.buf;
	size_t *len = &src->replay.len;
	ssize_t n;
	int r;

	if (*len == sizeof(src->replay.buf) - 1)
		errx(EX_DATAERR, "line %ld: too long", src->replay.lineno + 1);
	for (;;) {
		if ((r = poll(&pfd, 1, timeout_ms)) == -1 && errno == EINTR)
			continue;
		if (r == 0)
			return -1;
		if ((n = read(src->replay.fd, buf + *len,
		    sizeof(src->replay.buf) - 1 - *len)) == -1 &&
		    (errno == EAGAIN || errno == EINTR))
			continue;
		if (n == -1)
			err(EX_IOERR, "read");
		if (n == 0 && *len == 0)
			return 0;
		if (n == 0)
			buf[(*len)++] = '\n';
		*len += (size_t)n;
		return 1;
	}
}

static int
replay_wait(struct source *src, struct pps_pulse *p, int timeout_ms)
{
	int r;

	while (!replay_line(src, p))
		if ((r = replay_read(src, timeout_ms)) != 1)
			return r;
	return 1;
}

static void
open_replay(struct source *src, const char *path)
{
	memset(src, 0, sizeof(*src));
	src->name = path;
	src->wait = replay_wait;
	if (strcmp(path, "-") == 0)
		src->replay.fd = STDIN_FILENO;
	else if ((src->replay.fd = open(path, O_RDONLY | O_NONBLOCK)) == -1)
		err(EX_NOINPUT, "%s", path);
}

/* The next assert event: 1, or -1 when none came in the time. */
static int
kernel_wait(struct source *src, struct pps_pulse *p, int timeout_ms)
{
	struct timespec timeout = { timeout_ms / 1000,
	    (long)(timeout_ms % 1000) * 1000000L };
	pps_info_t info;

	for (;;) {
		if (time_pps_fetch(src->kernel.handle, PPS_TSFMT_TSPEC, &info,
		    &timeout) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ETIMEDOUT)
				return -1;
			err(EX_IOERR, "time_pps_fetch");
		}
		if ((long)info.assert_sequence == src->kernel.last_seq)
			return -1;	/* no new edge in the time */
		src->kernel.last_seq = (long)info.assert_sequence;
		p->sec = info.assert_timestamp.tv_sec;
		p->nsec = info.assert_timestamp.tv_nsec;
		p->seq = (long)info.assert_sequence;
		return 1;
	}
}

/* The device's assert edges, captured (it is asked to when it does not). */
static void
kernel_capture(pps_handle_t h, const char *dev)
{
	pps_params_t params;
	int caps;

	if (time_pps_getcap(h, &caps) == -1)
		err(EX_UNAVAILABLE, "%s: PPS capabilities", dev);
	if ((caps & PPS_CAPTUREASSERT) == 0)
		errx(EX_UNAVAILABLE, "%s: cannot capture the assert edge", dev);
	if (time_pps_getparams(h, &params) == -1)
		err(EX_UNAVAILABLE, "%s: PPS parameters", dev);
	if ((params.mode & PPS_CAPTUREASSERT) == 0) {
		params.mode |= PPS_CAPTUREASSERT | PPS_TSFMT_TSPEC;
		if (time_pps_setparams(h, &params) == -1)
			err(EX_UNAVAILABLE, "%s: capturing the assert edge",
			    dev);
	}
}

static void
open_pps(struct source *src, const char *dev)
{
	int fd;

	memset(src, 0, sizeof(*src));
	src->name = dev;
	src->wait = kernel_wait;
	src->kernel.last_seq = -1;
	if ((fd = open(dev, O_RDWR)) == -1 &&
	    (fd = open(dev, O_RDONLY)) == -1) {
		if (errno == ENOENT)
			errx(EX_UNAVAILABLE, "%s: no such device (is the PPS "
			    "overlay or gpiopps loaded?)", dev);
		err(EX_UNAVAILABLE, "%s", dev);
	}
	if (time_pps_create(fd, &src->kernel.handle) == -1)
		err(EX_UNAVAILABLE, "%s: not a PPS source", dev);
	kernel_capture(src->kernel.handle, dev);
}

/* The next pulse, or silence after PULSE_WAIT_S; as wait(). */
static int
source_next(struct source *src, struct pps_pulse *p)
{
	return src->wait(src, p, PULSE_WAIT_S * 1000);
}

/*
 * -w: the samples as plain data, "unix_time value_ms" a line, for
 * etc/ppsmon.gp; the comment lines say what they are and the correction
 * suggested ("# suggested LINE", which the script shows).
 */
static void
write_samples(const char *path, const char *what, const char *fix,
    const double *t, const double *ms, size_t n)
{
	FILE *fp;
	size_t i;

	if (path == NULL)
		return;
	if ((fp = fopen(path, "w")) == NULL)
		err(EX_CANTCREAT, "%s", path);
	fprintf(fp, "# ppsmon: %s\n# suggested %s\n# unix_time value_ms\n",
	    what, fix);
	for (i = 0; i < n; i++)
		fprintf(fp, "%.3f %.6f\n", t[i], ms[i]);
	if (fclose(fp) == EOF)
		err(EX_IOERR, "%s", path);
}

/* --- calibration: when the NMEA sentence ends after its pulse --- */

/* A calibration under way: what it reads, and when each last spoke. */
struct calrun {
	struct cal	*c;
	struct source	*src;
	struct serial	*gps;
	const char	*gpsdev;
	int		 speed;
	size_t		 want;		/* samples */
	int64_t		 last_rmc_ms, last_pulse_ms;
};

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * PPS_NS + ts.tv_nsec;
}

/* A round: the pulses that have come, 50 ms of the GPS, the pairing. */
static void
cal_read(struct calrun *r)
{
	struct pps_pulse p;
	char buf[512];
	ssize_t n;
	int pulses = 0;

	while (r->src->wait(r->src, &p, 0) == 1) {
		if (cal_pulse(r->c, &p) == -1)
			err(EX_OSERR, NULL);
		pulses++;
	}
	if (pulses > 0)
		r->last_pulse_ms = mono_ms();
	if ((n = serial_read(r->gps, buf, sizeof(buf), 50)) < 0)
		err(EX_UNAVAILABLE, "%s", r->gpsdev);
	if (n > 0 && cal_sentences(r->c, buf, (size_t)n, now_ns()) > 0)
		r->last_rmc_ms = mono_ms();
	cal_match(r->c);
}

/*
 * Only a whole RMC is a sign of life (bytes at the wrong speed are
 * not), and so is only a new pulse: either silent too long ends it, as
 * do CAL_MAX RMC of which too few found their pulse.
 */
static void
cal_check(const struct calrun *r)
{
	int64_t now = mono_ms();
	int no_rmc = now - r->last_rmc_ms > CAL_SILENCE_MS;
	int no_pulse = now - r->last_pulse_ms > PULSE_WAIT_S * 1000;

	if (no_rmc || no_pulse || r->c->nrmc == CAL_MAX)
		progress_done();
	if (no_rmc)
		errx(EX_TEMPFAIL, "%s: no RMC within %d s (%zu of %zu "
		    "samples; not at %d baud, or RMC off?)", r->gpsdev,
		    CAL_SILENCE_MS / 1000, r->c->n, r->want, r->speed);
	if (no_pulse)
		errx(EX_TEMPFAIL, "no pulse within %d s (%zu of %zu "
		    "samples)", PULSE_WAIT_S, r->c->n, r->want);
	if (r->c->nrmc == CAL_MAX)
		errx(EX_DATAERR, "%zu RMC sentences and only %zu "
		    "matched a pulse of their second", r->c->nrmc, r->c->n);
}

static void
cal_report(const struct watching *set, const struct cal *c)
{
	struct pps_sample_stats st;
	char fix[64];

	if (pps_sample_stats(c->delay, c->n, &st) == -1)
		err(EX_OSERR, NULL);
	snprintf(fix, sizeof(fix), "fudge 127.127.20.0 time2 %.3f",
	    st.median / 1000);
	write_samples(set->samples, "RMC end after its pulse", fix, c->when,
	    c->delay, c->n);
	if (set->kv)
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
 * -g: read the GPS beside the pulses of src, time the end of every RMC,
 * and pair it with the pulse of the second it names (cal.h), until
 * -n of them are paired (60 if not given).
 */
static int
calibrate(const struct watching *set, const char *gpsdev, int speed,
    struct source *src)
{
	struct calrun r = { .src = src, .gpsdev = gpsdev, .speed = speed };
	size_t shown = 0;

	r.gps = port_open(gpsdev, speed);
	if ((r.c = malloc(sizeof(*r.c))) == NULL)
		err(EX_OSERR, NULL);
	cal_init(r.c);
	r.want = set->count > 0 ? (size_t)set->count : 60;
	if (r.want > CAL_MAX)
		r.want = CAL_MAX;
	r.last_rmc_ms = r.last_pulse_ms = mono_ms();
	for (;;) {
		cal_read(&r);
		if (r.c->n != shown) {
			shown = r.c->n;
			progress("%zu/%zu samples, median %.3f ms...", r.c->n,
			    r.want, cal_median(r.c));
		}
		if (r.c->n >= r.want)
			break;
		cal_check(&r);
	}
	progress_done();
	cal_report(set, r.c);
	cal_free(r.c);
	free(r.c);
	return EX_OK;
}

/* --- output --- */

static void
print_pulse(const struct watching *set, const struct pps_pulse *p,
    const struct pps_event *ev)
{
	if (set->quiet)
		return;
	if (set->kv) {
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

static const char *const tau_names[3] = { "1s", "10s", "100s" };

static void
summary_kv(const struct pps_summary *s)
{
	int i;

	printf("pulses=%ld missed=%ld doubles=%ld outliers=%ld steps=%ld",
	    s->pulses, s->missed, s->doubles, s->outliers, s->steps);
	if (s->n > 0)
		printf(" offset_mean_ns=%.1f offset_median_ns=%.1f "
		    "offset_stddev_ns=%.1f offset_min_ns=%lld "
		    "offset_max_ns=%lld jitter_ns=%.1f", s->mean_ns,
		    s->median_ns, s->stddev_ns, (long long)s->min_ns,
		    (long long)s->max_ns, s->jitter_ns);
	for (i = 0; i < 3; i++)
		if (s->have_adev[i])
			printf(" adev_%s=%.4e", tau_names[i], s->adev[i]);
	putchar('\n');
}

static void
summary_text(const struct pps_summary *s)
{
	int i;

	printf("pulses %ld, missed %ld, double %ld, outliers %ld, clock steps "
	    "%ld\n", s->pulses, s->missed, s->doubles, s->outliers,
	    s->steps);
	if (s->n > 0)
		printf("offset: mean %+.3f us, median %+.3f us, stddev %.3f us, "
		    "min %+.3f us, max %+.3f us; interval jitter %.3f us\n",
		    s->mean_ns / 1e3, s->median_ns / 1e3, s->stddev_ns / 1e3,
		    s->min_ns / 1e3, s->max_ns / 1e3, s->jitter_ns / 1e3);
	for (i = 0; i < 3; i++)
		if (s->have_adev[i])
			printf("Allan deviation at %s: %.3e\n", tau_names[i],
			    s->adev[i]);
}

static void
print_summary(const struct watching *set, const struct pps_stats *st)
{
	struct pps_summary s;

	pps_summarize(st, &s);
	if (set->kv)
		summary_kv(&s);
	else
		summary_text(&s);
	fflush(stdout);
}

/* --- -m: metrics for node_exporter's textfile collector --- */

static void
gauge(struct prom *p, const char *name, const char *help, const char *dev,
    double v)
{
	prom_family(p, name, "gauge", help);
	prom_sample(p, name, (const char *[]){ "device", dev, NULL }, v);
}

static void
counter(struct prom *p, const char *name, const char *help, const char *dev,
    long v)
{
	prom_family(p, name, "counter", help);
	prom_sample(p, name, (const char *[]){ "device", dev, NULL }, (double)v);
}

/* The summary's offsets and jitter, in seconds, when there are some. */
static void
offsets(struct prom *p, const char *dev, const struct pps_summary *s)
{
	static const char *const tau[3] = { "1", "10", "100" };
	const char *name = "oobm_pps_allan_deviation";
	int i;

	if (s->n == 0)
		return;
	gauge(p, "oobm_pps_offset_mean_seconds", "Mean offset of the pulses "
	    "from the system clock's second since ppsmon started.", dev,
	    s->mean_ns / 1e9);
	gauge(p, "oobm_pps_offset_median_seconds", "Median offset of the "
	    "pulses from the system clock's second.", dev, s->median_ns / 1e9);
	gauge(p, "oobm_pps_offset_stddev_seconds", "Standard deviation of "
	    "the pulses' offsets.", dev, s->stddev_ns / 1e9);
	gauge(p, "oobm_pps_jitter_seconds", "Standard deviation of the "
	    "intervals between pulses from one second.", dev,
	    s->jitter_ns / 1e9);
	prom_family(p, name, "gauge", "Overlapping Allan deviation of the "
	    "offsets at tau seconds.");
	for (i = 0; i < 3; i++)
		if (s->have_adev[i])
			prom_sample(p, name, (const char *[]){ "device", dev,
			    "tau_seconds", tau[i], NULL }, s->adev[i]);
}

/*
 * The metrics file, whole: up is 0 when ppsmon ends for want of a
 * pulse.  A failure to write is said once, until a write succeeds: the
 * pulse matters more than its metrics.
 */
static void
write_metrics(const struct watching *set, const char *dev,
    const struct pps_stats *st, int up)
{
	static int failing;
	static char buf[8192];
	struct pps_summary s;
	struct prom p;

	pps_summarize(st, &s);
	prom_init(&p, buf, sizeof(buf));
	gauge(&p, "oobm_pps_up", "1 while pulses arrive; 0 once none came "
	    "within 2 s.", dev, up);
	counter(&p, "oobm_pps_pulses_total", "Pulses seen.", dev, s.pulses);
	counter(&p, "oobm_pps_missed_total", "Pulses missing between two "
	    "seen.", dev, s.missed);
	counter(&p, "oobm_pps_doubles_total", "Pulses less than half a "
	    "second after the one before, ignored.", dev, s.doubles);
	counter(&p, "oobm_pps_outliers_total", "Pulses more than 100 us off "
	    "a whole second from the last good one.", dev, s.outliers);
	counter(&p, "oobm_pps_clock_steps_total", "Steps of the system clock "
	    "seen between pulses.", dev, s.steps);
	if (st->pulses > 0)
		gauge(&p, "oobm_pps_last_pulse_timestamp_seconds", "When the "
		    "last pulse came, Unix time.", dev, (double)st->last.sec +
		    st->last.nsec / 1e9);
	offsets(&p, dev, &s);
	if (prom_text(&p) == NULL || prom_write(set->metrics,
	    prom_text(&p)) == -1) {
		if (!failing)
			warn("%s", set->metrics);
		failing = 1;
		return;
	}
	failing = 0;
}

/* --- -P: the daemon's statistics file --- */

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
 * Read ntpd's peerstats (classic or ntpsec) or chrony's refclocks.log:
 * the samples of addr, or without it of the GPS's time refclock, the
 * first one pps_logline() names in its series.  found[0] if it has any,
 * else found[1].
 */
static struct series *
read_stats(const char *path, const char *addr, struct series found[2])
{
	char line[512];
	struct pps_logline l;
	struct series *s;
	FILE *fp;

	if ((fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r")) == NULL)
		err(EX_NOINPUT, "%s", path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (pps_logline(line, addr, &l) == 0)
			continue;
		s = &found[l.series];
		if (l.chrony) {
			s->chrony = 1;
			s->pps = l.pps;
		}
		if (s->n == 0 || strcmp(s->addr, l.who) == 0)
			series_add(s, l.who, l.offset, l.when);
	}
	if (ferror(fp))
		err(EX_IOERR, "%s", path);
	if (fp != stdin)
		fclose(fp);
	return found[0].n > 0 ? &found[0] : &found[1];
}

/* What -P makes of a series: the line that corrects it, and its ground. */
struct verdict {
	struct pps_sample_stats st;
	double		 fudge;		/* -f, the value in effect */
	const char	*key;		/* time2, time1, offset */
	const char	*daemon;
	char		 fix[128];
};

/*
 * The line that corrects the clock's offset to value: ntpd's fudge, or
 * chrony's "offset" option for the refclock line of that refid.
 */
static int
correction(const struct series *s, double value, struct verdict *v)
{
	struct pps_refclock rc;
	int n;

	if (s->chrony) {
		v->key = "offset";
		v->daemon = "chrony";
		if (s->pps || !isfinite(value))
			return -1;
		n = snprintf(v->fix, sizeof(v->fix), "offset %.6f", value);
		return n > 0 && (size_t)n < sizeof(v->fix) ? 0 : -1;
	}
	if (pps_refclock(s->addr, &rc) == -1)
		return -1;
	v->key = rc.clock == PPS_CLOCK_NMEA ? "time2" : "time1";
	v->daemon = rc.ntpsec ? "ntpsec" : "ntpd";
	return pps_correction(&rc, value, v->fix, sizeof(v->fix));
}

/* -w for -P: the offsets in ms, in the order they were logged. */
static void
samples_ms(const char *path, const struct series *s, const struct verdict *v)
{
	char what[PPS_ADDR_MAX + 48];
	double *ms;
	size_t i;

	if (path == NULL)
		return;
	if ((ms = calloc(s->n, sizeof(*ms))) == NULL)
		err(EX_OSERR, NULL);
	for (i = 0; i < s->n; i++)
		ms[i] = s->v[i] * 1000;
	snprintf(what, sizeof(what), "%s (%s) offset", s->addr, v->daemon);
	write_samples(path, what, v->fix, s->t, ms, s->n);
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
static void
judge_series(const char *path, const struct series *s, struct verdict *v)
{
	if (correction(s, 0, v) == -1)
		errx(EX_DATAERR, "%s: %s is not an NMEA or SHM refclock: "
		    "no offset of its own to correct", path, s->addr);
	if (s->chrony)
		v->fudge = 0;
	if (pps_sample_stats(s->v, s->n, &v->st) == -1)
		err(EX_OSERR, NULL);
	if (correction(s, v->fudge - v->st.mean, v) == -1)
		errx(EX_DATAERR, "%s: no usable offset", path);
}

static void
print_verdict(const struct watching *set, const struct series *s,
    const struct verdict *v)
{
	if (set->kv)
		printf("refclock=%s samples=%zu offset_mean_s=%.6f "
		    "offset_median_s=%.6f offset_stddev_s=%.6f %s=%.6f "
		    "suggested_%s=%.6f daemon=%s\n", s->addr, s->n,
		    v->st.mean, v->st.median, v->st.stddev, v->key, v->fudge,
		    v->key, v->fudge - v->st.mean, v->daemon);
	else
		printf("%s (%s): %zu samples, offset mean %+.6f s, median "
		    "%+.6f s, stddev %.6f s\n%s\n", s->addr, v->daemon, s->n,
		    v->st.mean, v->st.median, v->st.stddev, v->fix);
}

static int
peerstats(const struct watching *set, const char *path, const char *addr,
    double fudge)
{
	struct series found[2], *s;
	struct verdict v = { .fudge = fudge };
	int i;

	memset(found, 0, sizeof(found));
	s = read_stats(path, addr, found);
	if (s->n == 0 && addr != NULL)
		errx(EX_DATAERR, "%s: no samples of %s", path, addr);
	if (s->n == 0)
		errx(EX_DATAERR, "%s: no samples of an NMEA or SHM refclock",
		    path);
	judge_series(path, s, &v);
	samples_ms(set->samples, s, &v);
	print_verdict(set, s, &v);
	for (i = 0; i < 2; i++) {
		free(found[i].v);
		free(found[i].t);
	}
	return EX_OK;
}

/* --- watching --- */

/* Check mode: 0 clean, 1 degraded; no pulse at all is no health. */
static int
health(const struct pps_stats *st)
{
	if (st->pulses == 0) {
		warnx("no pulse to judge");
		return 1;
	}
	return st->missed || st->doubles || st->outliers || st->steps ? 1 : 0;
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
 * Watch the pulses of src until -n of them, the end of the replay, or
 * silence; a line each, a summary every -s and at the end.  The exit
 * status: 75 when the pulses stopped, with -c the health verdict, else 0.
 */
static int
monitor(const struct watching *set, struct source *src)
{
	struct pps_stats st;
	struct pps_pulse p;
	struct pps_event ev;
	int r, silent = 0, summarized = 0;

	pps_init(&st);
	while (set->count == 0 || st.pulses < set->count) {
		if ((r = source_next(src, &p)) == 0)
			break;
		if (r == -1) {
			silent = 1;
			warnx("%s: no pulse within %d s", src->name,
			    PULSE_WAIT_S);
			break;
		}
		if (pps_add(&st, &p, &ev) == -1)
			err(EX_OSERR, NULL);
		print_pulse(set, &p, &ev);
		summarized = 0;
		if (want_summary || (set->every > 0 &&
		    st.pulses % set->every == 0)) {
			want_summary = 0;
			print_summary(set, &st);
			summarized = 1;
		}
		if (set->metrics != NULL && (summarized ||
		    st.pulses % METRICS_EVERY == 0))
			write_metrics(set, src->name, &st, 1);
	}
	if (!summarized)	/* -s may just have said it all */
		print_summary(set, &st);
	if (set->metrics != NULL)
		write_metrics(set, src->name, &st, !silent);
	r = silent ? EX_TEMPFAIL : set->check ? health(&st) : EX_OK;
	pps_free(&st);
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
struct settings {
	const char	*dev;		/* the operand */
	const char	*replay;	/* -r */
	const char	*gpsdev;	/* -g */
	const char	*stats;		/* -P */
	const char	*addr;		/* -a */
	const char	*conf;		/* -C, or the default */
	int		 speed;		/* -b; 0: oobm_gps_speed */
	double		 time2;		/* -f */
	struct watching	 set;		/* -c -n -o -q -s -w */
	unsigned char	 given[UCHAR_MAX + 1];	/* the options given */
};

static int
do_watch(const struct settings *a)
{
	struct source src;

	summary_on_signal();
	open_pps(&src, a->dev);
	return monitor(&a->set, &src);
}

static int
do_replay(const struct settings *a)
{
	struct source src;

	summary_on_signal();
	open_replay(&src, a->replay);
	return monitor(&a->set, &src);
}

static int
do_calibrate(const struct settings *a)
{
	struct source src;
	int speed;

	speed = a->speed != 0 ? a->speed :
	    configured_speed(a->conf, a->given['C']);
	if (a->replay != NULL)
		open_replay(&src, a->replay);
	else
		open_pps(&src, a->dev);
	return calibrate(&a->set, a->gpsdev, speed, &src);
}

static int
do_peerstats(const struct settings *a)
{
	return peerstats(&a->set, a->stats, a->addr, a->time2);
}

static int
do_version(const struct settings *a)
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
static const struct mode modes[] = {
	{ 'V', "V",	    0, 0, "-V",			    NULL, do_version },
	{ 'P', "oafwP",	    0, 0, "-P (a statistics file)", NULL, do_peerstats },
	{ 'g', "onbCwgr",   0, 1, "-g (a calibration)",	    NULL, do_calibrate },
	{ 'r', "cmqnosr",   0, 0, "-r (a replay)",	    NULL, do_replay },
	{ 0,   "cmqnos",    0, 1, "watching a device",	    NULL, do_watch },
};

/* -m's file: one node_exporter's textfile collector reads, or usage. */
static void
metrics_arg(const char *path)
{
	size_t n = strlen(path);

	if (n < 6 || strcmp(path + n - 5, ".prom") != 0)
		errx(EX_USAGE, "-m %s: node_exporter's textfile collector "
		    "reads only files named *.prom", shown(path));
}

/* -c -m -n -o -q -s -w, the settings: 1, or 0 if ch is none of them. */
static int
setting(struct watching *set, int ch, const char *arg)
{
	switch (ch) {
	case 'c':
		set->check = 1;
		break;
	case 'n':
		set->count = (long)num_arg(arg, 1, 100000000, "count");
		break;
	case 'o':
		if (strcmp(arg, "kv") != 0)
			usage(EX_USAGE);
		set->kv = 1;
		break;
	case 'q':
		set->quiet = 1;
		break;
	case 's':
		set->every = (long)num_arg(arg, 1, 100000000, "every");
		break;
	case 'w':
		set->samples = arg;
		break;
	case 'm':
		metrics_arg(arg);
		set->metrics = arg;
		break;
	default:
		return 0;
	}
	return 1;
}

/* The options naming what a mode works on: 1, or 0 if ch is none. */
static int
naming(struct settings *a, int ch, const char *arg)
{
	switch (ch) {
	case 'a':
		a->addr = arg;
		break;
	case 'b':
		a->speed = port_speed_arg(arg);
		break;
	case 'C':
		a->conf = arg;
		break;
	case 'f':
		a->time2 = fudge_arg(arg);
		break;
	case 'g':
		a->gpsdev = arg;
		break;
	case 'P':
		a->stats = arg;
		break;
	case 'r':
		a->replay = arg;
		break;
	case 'V':
		break;
	default:
		return 0;
	}
	return 1;
}

int
main(int argc, char *argv[])
{
	struct settings a = { .dev = DEFAULT_DEVICE };
	const struct mode *m;
	int ch;

	a.conf = config_default_path();

	while ((ch = getopt(argc, argv, "a:b:C:cf:g:hm:n:o:P:qr:s:Vw:")) !=
	    -1) {
		a.given[(unsigned char)ch] = 1;
		if (ch == 'h')
			usage(EX_OK);
		if (!naming(&a, ch, optarg) && !setting(&a.set, ch, optarg))
			usage(EX_USAGE);
	}
	argc -= optind;
	argv += optind;
	if ((m = mode_of(modes, a.given, argc)) == NULL)
		usage(EX_USAGE);
	if (argc == 1 && a.replay != NULL) {
		warnx("-r file or a device, not both");
		usage(EX_USAGE);
	}
	if (argc == 1)
		a.dev = argv[0];
	return m->fn(&a);
}
