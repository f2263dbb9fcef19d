/*
 * t_cal: ppsmon -g's calibration without a GPS or a pulse: the RMC
 * sentences of a real receiver (tests/data/gps/mt3339.log, the Adafruit
 * HAT) timed as they end, paired with the pulse of the second they
 * name, and the delays that make the NMEA driver's time2.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "tap.h"

/* 2015-04-13 20:26:40 UTC, the first RMC of the recording */
#define T0		1428956800LL
#define MS		1000000LL	/* ns */

/* as the MT3339 sent them, the GGA and GSA between */
static const char rec[] =
    "$GPGGA,202640.000,4404.1306,N,12118.8515,W,2,10,0.98,1127.7,M,-19.6,"
    "M,0000,0000*6C\r\n"
    "$GPGSA,A,3,20,16,09,03,07,10,23,19,27,30,,,1.64,0.98,1.31*05\r\n"
    "$GPRMC,202640.000,A,4404.1306,N,12118.8515,W,0.03,225.97,130415,,,"
    "D*73\r\n"
    "$GPZDA,202640.000,13,04,2015,,*54\r\n"
    "$GPRMC,202641.000,A,4404.1305,N,12118.8515,W,0.01,201.71,130415,,,"
    "D*7D\r\n";

static struct cal *
new_cal(void)
{
	struct cal *c;

	if ((c = malloc(sizeof(*c))) == NULL) {
		perror("malloc");
		exit(1);
	}
	cal_init(c);
	return c;
}

/* A pulse at T0 + sec + ns (ns may be negative). */
static void
pulse(struct cal *c, long long sec, long long ns)
{
	struct pps_pulse p;
	long long t = (T0 + sec) * PPS_NS + ns;

	p.sec = t / PPS_NS;
	p.nsec = (long)(t % PPS_NS);
	p.seq = -1;
	if (cal_pulse(c, &p) == -1) {
		perror("cal_pulse");
		exit(1);
	}
}

/* An RMC of T0 + sec, framed, arriving at T0 + sec + ms. */
static size_t
rmc(struct cal *c, long long sec, long long ms)
{
	char body[96], line[128];
	int given, n;

	snprintf(body, sizeof(body), "GPRMC,2026%02lld.000,A,4404.1306,N,"
	    "12118.8515,W,0.03,225.97,130415,,,D", 40 + sec);
	if ((n = nmea_frame(body, line, sizeof(line) - 2, &given)) == -1)
		return 0;
	memcpy(line + n, "\r\n", 3);
	return cal_sentences(c, line, strlen(line), (T0 + sec) * PPS_NS +
	    ms * MS);
}

static size_t
feed(struct cal *c, const char *s, int64_t t)
{
	return cal_sentences(c, s, strlen(s), t);
}

static void
test_sentences(void)
{
	struct cal *c = new_cal();
	size_t cut = (size_t)(strstr(rec, "202641") - rec);
	char line[128];
	int given;

	ok(cal_sentences(c, rec, cut, 1) == 1 && c->nrmc == 1 &&
	    c->second[0] == T0 && c->arrival[0] == 1,
	    "the recording's first RMC: its second, when it ended");
	ok(feed(c, rec + cut, 2) == 1 && c->nrmc == 2 &&
	    c->second[1] == T0 + 1 && c->arrival[1] == 2,
	    "an RMC cut between two reads: whole at the second, timed there");
	ok(feed(c, "$GPRMC,202642.000,A,4404.1305,N,12118.8515,W,0.00,0.00,"
	    "130415,,,D*7B\r\n", 3) == 0 && c->nrmc == 2,
	    "a bad checksum: no RMC");
	ok(nmea_frame("GPRMC,202642.000,V,,,,,,,,,N", line, sizeof(line),
	    &given) > 0 && feed(c, line, 3) == 0 && feed(c, "\r\n", 3) == 0 &&
	    c->nrmc == 2,
	    "an RMC without a date (a receiver not yet fixed): no second");
	ok(c->n == 0, "no pulse, nothing paired");
	cal_free(c);
	free(c);
}

static void
test_match(void)
{
	struct cal *c = new_cal();

	pulse(c, 0, 2000);
	rmc(c, 0, 380);
	rmc(c, 1, 381);
	cal_match(c);
	ok(c->n == 1 && fabs(c->delay[0] - 379.998) < 1e-9 &&
	    c->when[0] == (double)T0 && c->matched[0] && !c->matched[1],
	    "the RMC of a second that had its pulse: paired, 379.998 ms");
	pulse(c, 1, -3000);
	cal_match(c);
	ok(c->n == 2 && fabs(c->delay[1] - 381.003) < 1e-9,
	    "the next second's pulse, 3 us early, pairs the RMC that waited");
	cal_match(c);
	ok(c->n == 2, "a paired RMC is paired once");
	pulse(c, 3, -500 * MS);
	pulse(c, 4, 500 * MS);
	rmc(c, 3, 200);
	rmc(c, 4, 200);
	cal_match(c);
	ok(c->n == 2 && c->nrmc == 4,
	    "a pulse half a second off belongs to neither second");
	cal_free(c);
	free(c);
}

static void
test_latest(void)
{
	struct cal *c = new_cal();

	pulse(c, 0, 100);
	pulse(c, 0, 300 * MS);		/* a double */
	rmc(c, 0, 400);
	cal_match(c);
	ok(c->n == 1 && fabs(c->delay[0] - 100) < 1e-9,
	    "two pulses in the second: the latest is the one");
	cal_free(c);
	free(c);
}

static void
test_median(void)
{
	static const long long arrive[] = { 380, 384, 379, 500 };
	struct cal *c = new_cal();
	size_t i;

	ok(cal_median(c) == 0, "median of nothing: 0");
	for (i = 0; i < 4; i++) {
		pulse(c, (long long)i, 0);
		rmc(c, (long long)i, arrive[i]);
	}
	cal_match(c);
	ok(c->n == 4 && cal_median(c) == 382,
	    "median of four delays: between the middle two");
	cal_free(c);
	free(c);
}

/* A GPS that never matches fills CAL_MAX and stops there. */
static void
test_full(void)
{
	struct cal *c = new_cal();
	size_t i, kept = 0;

	for (i = 0; i < CAL_MAX + 10; i++)
		kept += rmc(c, (long long)(i % 20), 380);
	ok(kept == CAL_MAX && c->nrmc == CAL_MAX,
	    "RMC past CAL_MAX are read and not kept (%zu kept)", kept);
	cal_match(c);
	ok(c->n == 0, "with no pulse, none paired");
	cal_free(c);
	ok(c->pulse == NULL && c->nrmc == 0 && c->n == 0,
	    "cal_free leaves a calibration to start anew");
	free(c);
}

int
main(void)
{
	test_sentences();
	test_match();
	test_latest();
	test_median();
	test_full();
	return tap_done();
}
