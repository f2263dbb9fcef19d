/*
 * libFuzzer target: ppsmon -g's calibration (cal.h) on what a GPS and a
 * pulse source may give it.  The input is lines: one that pps_parse()
 * takes is a pulse, and sets the clock to 380 ms after it (where the
 * MT3339's RMC ends); any other line, its newline included, is bytes of
 * the GPS arriving at that clock.  After each, RMC and pulses are
 * paired.  Whatever the input, no more are paired than were read, never
 * more than CAL_MAX are kept, and every delay is a number.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const struct cal *c)
{
	size_t i, matched = 0;

	if (c->n > c->nrmc || c->nrmc > CAL_MAX)
		abort();
	for (i = 0; i < c->nrmc; i++)
		matched += c->matched[i] != 0;
	if (matched != c->n)
		abort();
	for (i = 0; i < c->n; i++)
		if (!isfinite(c->delay[i]) || !isfinite(c->when[i]))
			abort();
	if (!isfinite(cal_median(c)))
		abort();
}

/* One line of the input: a pulse, or the GPS's bytes at *t. */
static void
one_line(struct cal *c, const char *line, size_t len, int64_t *t)
{
	struct pps_pulse p;
	char s[128];

	if (len < sizeof(s)) {
		memcpy(s, line, len);
		s[len] = '\0';
		if (pps_parse(s, &p) == 0) {
			if (cal_pulse(c, &p) == -1)
				abort();
			*t = p.sec * PPS_NS + p.nsec + 380000000;
			return;
		}
	}
	(void)cal_sentences(c, line, len, *t);
	cal_match(c);
	check(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl;
	struct cal *c;
	int64_t t = 0;
	size_t len;

	if ((c = malloc(sizeof(*c))) == NULL)
		return 0;
	cal_init(c);
	while (size > 0) {
		nl = memchr(s, '\n', size);
		len = nl != NULL ? (size_t)(nl - s) + 1 : size;
		one_line(c, s, len, &t);
		s += len;
		size -= len;
	}
	cal_match(c);
	check(c);
	cal_free(c);
	free(c);
	return 0;
}
