#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pps.h"
#include "util.h"

int
pps_peerstats(const char *line, const char *addr, double *offset, char *who)
{
	char a[PPS_ADDR_MAX], status[16];
	double mjd, secs, off, delay, disp, jit;

	if (sscanf(line, "%lf %lf %63s %15s %lf %lf %lf %lf", &mjd, &secs, a,
	    status, &off, &delay, &disp, &jit) != 8)
		return -1;
	if (addr != NULL && strcmp(a, addr) != 0)
		return 0;
	if (!isfinite(off))
		return -1;
	if (who != NULL)
		memcpy(who, a, strlen(a) + 1);
	*offset = off;
	return 1;
}

/* "YYYY-MM-DD" */
static int
is_date(const char *s)
{
	static const char form[] = "dddd-dd-dd";
	size_t i;

	for (i = 0; form[i] != '\0'; i++)
		if (form[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return 0;
	return s[i] == '\0';
}

int
pps_chronylog(const char *line, const char *refid, double *offset,
    char *who, int *pps)
{
	char date[16], hms[24], id[PPS_ADDR_MAX], dp[16], leap[4], p[4];
	char raw[32], *end;
	double off;

	if (sscanf(line, "%15s %23s %63s %15s %3s %3s %31s", date, hms, id,
	    dp, leap, p, raw) != 7 || !is_date(date) ||
	    strchr("N+-?", leap[0]) == NULL || leap[1] != '\0')
		return -1;
	if (strcmp(dp, "-") == 0)
		return strcmp(p, "-") == 0 && strcmp(raw, "-") == 0 ? 0 : -1;
	if (strspn(dp, "0123456789") != strlen(dp) ||
	    (strcmp(p, "0") != 0 && strcmp(p, "1") != 0))
		return -1;
	off = strtod(raw, &end);
	if (end == raw || *end != '\0' || !isfinite(off))
		return -1;
	if (refid != NULL && strcmp(id, refid) != 0)
		return 0;
	if (who != NULL)
		memcpy(who, id, strlen(id) + 1);
	*offset = off;
	*pps = p[0] == '1';
	return 1;
}

double
pps_line_time(const char *line)
{
	double mjd, secs;
	int y, mo, d, h, mi;

	if (sscanf(line, "%d-%d-%d %d:%d:%lf", &y, &mo, &d, &h, &mi,
	    &secs) == 6 && secs >= 0 && secs < 61)
		return (double)utc_seconds(y, mo, d, h, mi, 0) + secs;
	if (sscanf(line, "%lf %lf", &mjd, &secs) == 2 && mjd > 40587 &&
	    mjd < 100000 && secs >= 0 && secs < 86401)
		return (mjd - 40587) * 86400 + secs;
	return 0;
}

/* A peerstats sample's series: 0 or 1, -1 if it is none of the GPS's. */
static int
peerstats_series(const char *who, const char *addr)
{
	struct pps_refclock rc;

	if (addr != NULL)
		return 0;
	if (pps_refclock(who, &rc) == -1 ||
	    (rc.clock != PPS_CLOCK_NMEA && rc.clock != PPS_CLOCK_SHM))
		return -1;
	return rc.clock == PPS_CLOCK_NMEA ? 0 : 1;
}

int
pps_logline(const char *line, const char *addr, struct pps_logline *l)
{
	memset(l, 0, sizeof(*l));
	if (pps_peerstats(line, addr, &l->offset, l->who) == 1) {
		if ((l->series = peerstats_series(l->who, addr)) == -1)
			return 0;
	} else if (pps_chronylog(line, addr, &l->offset, l->who,
	    &l->pps) == 1 && (addr != NULL || !l->pps))
		l->chrony = 1;
	else
		return 0;
	l->when = pps_line_time(line);
	return 1;
}

/* The unit after a prefix: digits only, 0..255, to the end of s. */
static int
clock_unit(const char *s)
{
	int u = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((u = u * 10 + (*s - '0')) > 255)
			return -1;
	return *s == '\0' || (*s == ')' && s[1] == '\0') ? u : -1;
}

int
pps_refclock(const char *addr, struct pps_refclock *rc)
{
	static const struct {
		const char	*classic, *ntpsec;
		enum pps_clock	 clock;
	} drivers[] = {
		{ "127.127.20.", "NMEA(", PPS_CLOCK_NMEA },
		{ "127.127.28.", "SHM(", PPS_CLOCK_SHM },
		{ "127.127.22.", "PPS(", PPS_CLOCK_PPS },
	};
	size_t i, n;
	int u;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++) {
		n = strlen(drivers[i].classic);
		if (strncmp(addr, drivers[i].classic, n) == 0) {
			if (strchr(addr + n, ')') != NULL ||
			    (u = clock_unit(addr + n)) < 0)
				return -1;
			rc->ntpsec = 0;
		} else if (strncmp(addr, drivers[i].ntpsec,
		    n = strlen(drivers[i].ntpsec)) == 0) {
			if (addr[strlen(addr) - 1] != ')' ||
			    (u = clock_unit(addr + n)) < 0)
				return -1;
			rc->ntpsec = 1;
		} else
			continue;
		rc->clock = drivers[i].clock;
		rc->unit = u;
		return 0;
	}
	/* another driver: 127.127.t.u or NAME(u) */
	if ((strncmp(addr, "127.127.", 8) == 0 && strchr(addr, ')') == NULL) ||
	    (strchr(addr, '(') != NULL && addr[strlen(addr) - 1] == ')')) {
		rc->clock = PPS_CLOCK_OTHER;
		rc->unit = -1;
		rc->ntpsec = strchr(addr, '(') != NULL;
		return 0;
	}
	return -1;
}

int
pps_correction(const struct pps_refclock *rc, double value, char *buf,
    size_t size)
{
	int n;

	if (!isfinite(value))
		return -1;
	switch (rc->clock) {
	case PPS_CLOCK_NMEA:
		n = snprintf(buf, size, "fudge 127.127.20.%d time2 %.6f",
		    rc->unit, value);
		break;
	case PPS_CLOCK_SHM:
		n = snprintf(buf, size, "fudge 127.127.28.%d time1 %.6f",
		    rc->unit, value);
		break;
	default:
		return -1;
	}
	return n > 0 && (size_t)n < size ? 0 : -1;
}

int
pps_parse(const char *line, struct pps_pulse *p)
{
	const char *s = line;
	int64_t sec = 0;
	long nsec = 0, seq = 0;
	int digits = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	/* up to the year 2223: a difference of two still fits in ns */
	for (; *s >= '0' && *s <= '9'; s++) {
		sec = sec * 10 + (*s - '0');
		if (sec > PPS_SEC_MAX)
			return -1;
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++)
			if (digits < 9)
				nsec = nsec * 10 + (*s - '0');
	for (; digits < 9; digits++)
		nsec *= 10;
	p->sec = sec;
	p->nsec = nsec;
	p->seq = -1;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s >= '0' && *s <= '9') {
		for (; *s >= '0' && *s <= '9'; s++) {
			if (seq > (0x7fffffffL - 9) / 10)
				return -1;
			seq = seq * 10 + (*s - '0');
		}
		p->seq = seq;
		while (*s == ' ' || *s == '\t')
			s++;
	}
	return *s == '\0' || *s == '\n' || *s == '\r' ? 0 : -1;
}

void
pps_init(struct pps_stats *st)
{
	memset(st, 0, sizeof(*st));
}

void
pps_free(struct pps_stats *st)
{
	free(st->offset);
	free(st->second);
	pps_init(st);
}

static int
keep(struct pps_stats *st, int64_t offset, int64_t second)
{
	int64_t *o, *s;
	size_t cap;

	if (st->n == st->cap) {
		cap = st->cap ? st->cap * 2 : 256;
		if ((o = realloc(st->offset, cap * sizeof(*o))) == NULL)
			return -1;
		st->offset = o;
		if ((s = realloc(st->second, cap * sizeof(*s))) == NULL)
			return -1;
		st->second = s;
		st->cap = cap;
	}
	st->offset[st->n] = offset;
	st->second[st->n++] = second;
	return 0;
}

/*
 * The clock was stepped: the offsets kept so far are of a clock that is
 * no more, and would put the step into every statistic; they go.
 */
static void
stepped(struct pps_stats *st, struct pps_event *ev)
{
	ev->flags = PPS_STEPPED;
	st->steps++;
	st->n = 0;
}

/* k seconds after the last good pulse, dev off a whole second. */
static void
judge(struct pps_stats *st, const struct pps_pulse *p, struct pps_event *ev,
    int64_t k, int64_t dev)
{
	if (k - 1 - st->between > 0)
		ev->missed = k - 1 - st->between;
	if (p->seq >= 0 && st->prev.seq >= 0 &&
	    p->seq - st->prev.seq - 1 - st->between > ev->missed)
		ev->missed = p->seq - st->prev.seq - 1 - st->between;
	if (ev->missed > 0) {
		ev->flags |= PPS_MISSED;
		st->missed += ev->missed;
	}
	if (dev > PPS_OUTLIER_NS || dev < -PPS_OUTLIER_NS) {
		ev->flags |= PPS_OUTLIER;
		st->outliers++;
	} else if (k == 1) {
		st->jit_sum += dev;
		st->jit_sq += (long double)dev * dev;
		st->jit_n++;
	}
}

/*
 * Each pulse is judged by its interval from the last good one (not an
 * outlier, not a double): a late pulse is one outlier, and the one after
 * it, on time, is not a second.  The outliers between them each stood
 * for a second, so they are not missed ones either.
 */
int
pps_add(struct pps_stats *st, const struct pps_pulse *p,
    struct pps_event *ev)
{
	int64_t k, dev, second;

	memset(ev, 0, sizeof(*ev));
	st->pulses++;
	ev->offset_ns = p->nsec < PPS_DOUBLE_NS ? p->nsec : p->nsec - PPS_NS;
	second = p->sec + (p->nsec < PPS_DOUBLE_NS ? 0 : 1);
	if (st->have_prev) {
		ev->interval_ns = (p->sec - st->last.sec) * PPS_NS +
		    (p->nsec - st->last.nsec);
		if (ev->interval_ns < PPS_DOUBLE_NS) {
			ev->flags = PPS_DOUBLE;
			st->doubles++;
			return 0;	/* the last good pulse stays */
		}
		k = ((p->sec - st->prev.sec) * PPS_NS + (p->nsec -
		    st->prev.nsec) + PPS_NS / 2) / PPS_NS;
		dev = (p->sec - st->prev.sec) * PPS_NS + (p->nsec -
		    st->prev.nsec) - k * PPS_NS;
		if (dev > PPS_STEP_NS || dev < -PPS_STEP_NS)
			stepped(st, ev);
		else
			judge(st, p, ev, k, dev);
	}
	st->last = *p;
	if (ev->flags & PPS_OUTLIER) {
		st->between++;
		return 0;
	}
	st->prev = *p;
	st->have_prev = 1;
	st->between = 0;
	return keep(st, ev->offset_ns, second);
}

/*
 * Overlapping Allan deviation from phase x (seconds) at tau = m s: the
 * second differences x[i+2m] - 2x[i+m] + x[i] over every i where all
 * three seconds have a pulse (missed ones leave holes, not errors).
 */
static int
adev(const struct pps_stats *st, int64_t m, double *out)
{
	long double sum = 0, d;
	size_t i, j, k;
	long count = 0;

	for (i = 0, j = 0, k = 0; i < st->n; i++) {
		while (j < st->n && st->second[j] < st->second[i] + m)
			j++;
		while (k < st->n && st->second[k] < st->second[i] + 2 * m)
			k++;
		if (j == st->n || k == st->n)
			break;
		if (st->second[j] != st->second[i] + m ||
		    st->second[k] != st->second[i] + 2 * m)
			continue;
		d = ((long double)st->offset[k] - 2.0L * st->offset[j] +
		    st->offset[i]) / 1e9L;
		sum += d * d;
		count++;
	}
	if (count == 0)
		return 0;
	*out = (double)sqrtl(sum / (2.0L * m * m * count));
	return 1;
}

void
pps_summarize(const struct pps_stats *st, struct pps_summary *s)
{
	static const int64_t taus[3] = { 1, 10, 100 };
	struct pps_sample_stats ss;
	double *v;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->pulses = st->pulses;
	s->missed = st->missed;
	s->doubles = st->doubles;
	s->outliers = st->outliers;
	s->steps = st->steps;
	s->n = (long)st->n;
	if (st->n == 0)
		return;
	/* one statistics routine; a double holds ns exactly to 104 days */
	if ((v = malloc(st->n * sizeof(*v))) != NULL) {
		for (i = 0; i < st->n; i++)
			v[i] = (double)st->offset[i];
		if (pps_sample_stats(v, st->n, &ss) == 0) {
			s->mean_ns = ss.mean;
			s->median_ns = ss.median;
			s->stddev_ns = ss.stddev;
			s->min_ns = (int64_t)ss.min;
			s->max_ns = (int64_t)ss.max;
		}
		free(v);
	}
	if (st->jit_n > 1)
		s->jitter_ns = (double)sqrtl((st->jit_sq - st->jit_sum *
		    st->jit_sum / st->jit_n) / (st->jit_n - 1));
	for (i = 0; i < 3; i++)
		s->have_adev[i] = adev(st, taus[i], &s->adev[i]);
}

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
pps_sample_stats(const double *v, size_t n, struct pps_sample_stats *st)
{
	double *sorted, sum = 0, sq = 0;
	size_t i;

	if (n == 0 || (sorted = malloc(n * sizeof(*sorted))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		sum += v[i];
	st->mean = sum / n;
	for (i = 0; i < n; i++)
		sq += (v[i] - st->mean) * (v[i] - st->mean);
	st->stddev = n > 1 ? sqrt(sq / (n - 1)) : 0;
	memcpy(sorted, v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_double);
	st->median = n % 2 ? sorted[n / 2] :
	    (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	st->min = sorted[0];
	st->max = sorted[n - 1];
	free(sorted);
	return 0;
}
