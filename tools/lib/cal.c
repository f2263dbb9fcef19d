#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "util.h"

void
cal_init(struct cal *c)
{
	memset(c, 0, sizeof(*c));
	nmea_reader_init(&c->rd);
}

void
cal_free(struct cal *c)
{
	free(c->pulse);
	cal_init(c);
}

int
cal_pulse(struct cal *c, const struct pps_pulse *p)
{
	int64_t *np;
	size_t cap;

	if (c->npulse == c->cap) {
		cap = c->cap ? c->cap * 2 : 64;
		if ((np = realloc(c->pulse, cap * sizeof(*np))) == NULL)
			return -1;
		c->pulse = np;
		c->cap = cap;
	}
	c->pulse[c->npulse++] = p->sec * PPS_NS + p->nsec;
	return 0;
}

size_t
cal_sentences(struct cal *c, const char *buf, size_t len, int64_t t)
{
	enum nmea_event ev;
	struct nmea_rmc r;
	const char *body;
	size_t k, n = 0;

	while (len > 0) {
		k = nmea_feed(&c->rd, buf, len, &ev, &body);
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

void
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

double
cal_median(const struct cal *c)
{
	struct pps_sample_stats st;

	return pps_sample_stats(c->delay, c->n, &st) == 0 ? st.median : 0;
}
