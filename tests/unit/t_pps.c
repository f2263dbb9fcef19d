/*
 * t_pps: the pulse-train library's parsers on hostile input (issue 14,
 * item 3): replay lines whose seconds would overflow the nanosecond
 * arithmetic, and peerstats offsets that are no numbers.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pps.h"
#include "tap.h"

static void
test_parse(void)
{
	struct pps_pulse p;
	struct pps_stats st;
	struct pps_event ev;

	ok(pps_parse("1764115200.000000123 42", &p) == 0 &&
	    p.sec == 1764115200 && p.nsec == 123 && p.seq == 42,
	    "SEC.NSEC SEQ");
	ok(pps_parse("10000000000.0", &p) == -1,
	    "10000000000 s refused: its difference in ns would overflow");
	ok(pps_parse("99999999999999999999.5", &p) == -1,
	    "20 digits of seconds refused");
	pps_init(&st);
	ok(pps_parse("0.5", &p) == 0 && pps_add(&st, &p, &ev) == 0 &&
	    pps_parse("8000000000.5", &p) == 0 && pps_add(&st, &p, &ev) == 0,
	    "the largest seconds from 0: judged without overflow");
	pps_free(&st);
}

static void
test_peerstats(void)
{
	char who[PPS_ADDR_MAX];
	double off = 0;

	ok(pps_peerstats("61000 100.5 127.127.20.0 9014 -0.380 0 0.001 0.0002",
	    "127.127.20.0", &off, NULL) == 1 && fabs(off + 0.380) < 1e-12,
	    "peerstats line: the offset");
	ok(pps_peerstats("61000 100.5 127.127.20.0 9014 nan 0 0.001 0.0002",
	    "127.127.20.0", &off, NULL) == -1, "offset nan refused");
	ok(pps_peerstats("61000 100.5 127.127.20.0 9014 inf 0 0.001 0.0002",
	    "127.127.20.0", &off, NULL) == -1, "offset inf refused");
	ok(pps_peerstats("61000 100.5 127.127.22.0 9014 0.001 0 0.001 0.0002",
	    "127.127.20.0", &off, NULL) == 0, "another peer: 0");
	/* as ntpsec 1.2.2 wrote it, reading gpssim */
	ok(pps_peerstats("61370 33720.864 NMEA(0) 961a -0.380470943 "
	    "0.000000000 0.002338828 0.002357232", NULL, &off, who) == 1 &&
	    strcmp(who, "NMEA(0)") == 0 && fabs(off + 0.380470943) < 1e-12,
	    "any peer: ntpsec's NMEA(0) and its offset");
}

/* as chronyd 4.3 wrote them, reading gpssim through gpsd's SHM */
static void
test_chronylog(void)
{
	char who[PPS_ADDR_MAX];
	double off = 0;
	int pps = -1;

	ok(pps_chronylog("2026-11-26 11:14:16.383786 NMEA    0 N 0 "
	    "-3.836929e-01 -3.786112e-03  2.000e-08", NULL, &off, who,
	    &pps) == 1 && strcmp(who, "NMEA") == 0 &&
	    fabs(off + 0.3836929) < 1e-12 && pps == 0,
	    "chrony: a raw sample, its offset before chrony's offset option");
	ok(pps_chronylog("2026-11-26 11:14:16.880654 NMEA    - N -       -"
	    "       -6.542158e-04  4.429e-03", NULL, &off, who, &pps) == 0,
	    "chrony: a filtered sample is no sample");
	ok(pps_chronylog("2026-11-26 11:14:16.000001 PPS 3 N 1 -2.1e-06 "
	    "-2.1e-06 1.0e-07", "PPS", &off, who, &pps) == 1 && pps == 1,
	    "chrony: a pulse's sample is flagged");
	ok(pps_chronylog("2026-11-26 11:14:16.383786 NMEA 0 N 0 -0.38 "
	    "-0.38 2e-08", "GPS", &off, who, &pps) == 0,
	    "chrony: another refid: 0");
	ok(pps_chronylog("   Date (UTC) Time         Refid  DP L P  Raw offset"
	    "   Cooked offset      Disp.", NULL, &off, who, &pps) == -1,
	    "chrony: the header is no sample");
	ok(pps_chronylog("2026-11-26 11:14:16.383786 NMEA 0 N 0 nan -0.38 "
	    "2e-08", NULL, &off, who, &pps) == -1, "chrony: offset nan refused");
	ok(pps_chronylog("61370 33720.864 NMEA(0) 961a -0.380470943 "
	    "0.000000000 0.002338828 0.002357232", NULL, &off, who,
	    &pps) == -1, "chrony: a peerstats line is not chrony's");
}

/*
 * Which lines ppsmon -P takes, and for which series: without an address
 * the GPS's time refclock, NMEA's before SHM's, and in chrony's log a
 * refid whose samples are not a pulse's.
 */
static void
test_logline(void)
{
	static const struct {
		const char	*line, *addr;
		int		 ret, series, chrony;
		const char	*who;
		double		 offset;
	} t[] = {
		{ "61000 100.5 127.127.20.0 9014 -0.380 0 0.001 0.0002", NULL,
		  1, 0, 0, "127.127.20.0", -0.380 },
		{ "61370 33720.864 NMEA(0) 961a -0.380470943 0.000000000 "
		  "0.002338828 0.002357232", NULL, 1, 0, 0, "NMEA(0)",
		  -0.380470943 },
		{ "61370 33722.864 SHM(0) 961a -0.41 0 0.002 0.002", NULL,
		  1, 1, 0, "SHM(0)", -0.41 },
		{ "61000 100.5 127.127.22.0 9014 0.001 0 0.001 0.0002", NULL,
		  0, 0, 0, NULL, 0 },
		{ "61000 100.5 198.18.0.1 9314 0.003 0.02 0.001 0.001", NULL,
		  0, 0, 0, NULL, 0 },
		{ "61000 100.5 198.18.0.1 9314 0.003 0.02 0.001 0.001",
		  "198.18.0.1", 1, 0, 0, "198.18.0.1", 0.003 },
		{ "61000 100.5 127.127.28.0 9014 -0.41 0 0.001 0.0002",
		  "198.18.0.1", 0, 0, 0, NULL, 0 },
		{ "2026-11-26 11:14:16.383786 NMEA    0 N 0 -3.836929e-01 "
		  "-3.786112e-03  2.000e-08", NULL, 1, 0, 1, "NMEA",
		  -0.3836929 },
		{ "2026-11-26 11:14:16.000001 PPS 3 N 1 -2.1e-06 -2.1e-06 "
		  "1.0e-07", NULL, 0, 0, 0, NULL, 0 },
		{ "2026-11-26 11:14:16.000001 PPS 3 N 1 -2.1e-06 -2.1e-06 "
		  "1.0e-07", "PPS", 1, 0, 1, "PPS", -2.1e-06 },
		{ "2026-11-26 11:14:16.880654 NMEA    - N -       -       "
		  "-6.542158e-04  4.429e-03", NULL, 0, 0, 0, NULL, 0 },
		{ "   Date (UTC) Time         Refid  DP L P  Raw offset", NULL,
		  0, 0, 0, NULL, 0 },
		{ "", NULL, 0, 0, 0, NULL, 0 },
	};
	struct pps_logline l;
	size_t i;
	int r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		r = pps_logline(t[i].line, t[i].addr, &l);
		if (t[i].ret == 0) {
			ok(r == 0, "logline %zu: not taken", i);
			continue;
		}
		ok(r == 1 && l.series == t[i].series &&
		    l.chrony == t[i].chrony && strcmp(l.who, t[i].who) == 0 &&
		    fabs(l.offset - t[i].offset) < 1e-12 &&
		    l.when == pps_line_time(t[i].line) && l.when > 0,
		    "logline %zu: %s in series %d, its offset and time", i,
		    t[i].who, t[i].series);
	}
	ok(pps_logline("2026-11-26 11:14:16.000001 PPS 3 N 1 -2.1e-06 "
	    "-2.1e-06 1.0e-07", "PPS", &l) == 1 && l.pps == 1,
	    "logline: a pulse's samples asked for by refid, flagged");
}

/* When a sample was logged: the time ppsmon -P -w plots it at. */
static void
test_line_time(void)
{
	static const char *const zero[] = {
		"", "#", "   Date (UTC) Time         Refid  DP L P  Raw offset",
		"61000", "nan 100.5", "61000 nan", "inf 100.5", "61000 inf",
		"40587 100.5 127.127.20.0",	/* the epoch's day itself */
		"100000 100.5", "61000 -1", "61000 86401",
		"2026-11-26 11:14:61 NMEA 0 N 0",	/* no such second */
		"2026-11-26 11:14:-1 NMEA 0 N 0",
		"2026-11-26 NMEA",
	};
	size_t i;
	int good = 1;

	ok(fabs(pps_line_time("61370 33720.864 NMEA(0) 961a -0.380470943 "
	    "0.000000000 0.002338828 0.002357232") - 1795684920.864) < 1e-5,
	    "line time: peerstats' MJD and seconds (ntpsec)");
	ok(fabs(pps_line_time("2026-11-26 11:14:16.383786 NMEA    0 N 0 "
	    "-3.836929e-01 -3.786112e-03  2.000e-08") - 1795691656.383786) <
	    1e-5, "line time: chrony's date and time, microseconds");
	ok(fabs(pps_line_time("2016-12-31 23:59:60.5 NMEA 0 N 0 -0.38 -0.38 "
	    "2e-08") - 1483228800.5) < 1e-5,
	    "line time: chrony in a leap second: the next day's first");
	ok(pps_line_time("40588 0 127.127.20.0") == 86400 &&
	    pps_line_time("61000 86400.5 127.127.20.0") == (61000.0 - 40587) *
	    86400 + 86400.5, "line time: peerstats at its bounds");
	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (pps_line_time(zero[i]) != 0) {
			printf("#   not 0: %s\n", zero[i]);
			good = 0;
		}
	ok(good, "line time: 0 for a header, a short line, a time out of "
	    "range or no number");
}

static void
test_refclocks(void)
{
	static const struct {
		const char	*addr;
		int		 ret, clock, unit, ntpsec;
		const char	*fix;
	} t[] = {
		{ "127.127.20.0", 0, PPS_CLOCK_NMEA, 0, 0,
		  "fudge 127.127.20.0 time2 0.380000" },
		{ "NMEA(1)", 0, PPS_CLOCK_NMEA, 1, 1,
		  "fudge 127.127.20.1 time2 0.380000" },
		{ "SHM(0)", 0, PPS_CLOCK_SHM, 0, 1,
		  "fudge 127.127.28.0 time1 0.380000" },
		{ "127.127.28.2", 0, PPS_CLOCK_SHM, 2, 0,
		  "fudge 127.127.28.2 time1 0.380000" },
		{ "127.127.22.0", 0, PPS_CLOCK_PPS, 0, 0, NULL },
		{ "PPS(0)", 0, PPS_CLOCK_PPS, 0, 1, NULL },
		{ "GPSD(0)", 0, PPS_CLOCK_OTHER, -1, 1, NULL },
		{ "127.127.1.0", 0, PPS_CLOCK_OTHER, -1, 0, NULL },
		{ "198.18.0.1", -1, 0, 0, 0, NULL },
		{ "NMEA(256)", -1, 0, 0, 0, NULL },
		{ "NMEA(0", -1, 0, 0, 0, NULL },
		{ "127.127.20.x", -1, 0, 0, 0, NULL },
		{ "127.127.20.0)", -1, 0, 0, 0, NULL },
	};
	struct pps_refclock rc;
	char buf[64];
	size_t i;
	int r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&rc, 0, sizeof(rc));
		r = pps_refclock(t[i].addr, &rc);
		if (t[i].ret == -1) {
			ok(r == -1, "refclock %s: not one", t[i].addr);
			continue;
		}
		ok(r == 0 && (int)rc.clock == t[i].clock &&
		    rc.unit == t[i].unit && rc.ntpsec == t[i].ntpsec,
		    "refclock %s: driver, unit, naming", t[i].addr);
		r = pps_correction(&rc, 0.38, buf, sizeof(buf));
		ok(t[i].fix == NULL ? r == -1 : r == 0 &&
		    strcmp(buf, t[i].fix) == 0, "refclock %s: %s", t[i].addr,
		    t[i].fix != NULL ? t[i].fix : "nothing to fudge");
	}
	rc.clock = PPS_CLOCK_NMEA;
	rc.unit = 0;
	ok(pps_correction(&rc, NAN, buf, sizeof(buf)) == -1,
	    "a nan correction refused");
}

static void
test_sample_stats(void)
{
	static const double v[] = { 4, 1, 3, 2 }, one[] = { 5 };
	struct pps_sample_stats st;

	ok(pps_sample_stats(v, 4, &st) == 0 && st.mean == 2.5 &&
	    st.median == 2.5 && fabs(st.stddev - sqrt(5.0 / 3)) < 1e-12 &&
	    st.min == 1 && st.max == 4 && v[0] == 4,
	    "sample stats: mean, median of an even count, sample stddev, "
	    "min, max; the values left alone");
	ok(pps_sample_stats(v, 3, &st) == 0 && st.median == 3,
	    "sample stats: median of an odd count");
	ok(pps_sample_stats(one, 1, &st) == 0 && st.stddev == 0 &&
	    st.median == 5, "sample stats: one value, no spread");
	ok(pps_sample_stats(v, 0, &st) == -1, "sample stats: none, -1");
}

/*
 * The Allan deviation against its published value: the NBS data set
 * (NBS Monograph 140, the test suite of W. J. Riley's "The Calculation
 * of Time Domain Frequency Stability"), nine frequency values whose
 * Allan deviation at tau = 1 is 91.22945.  As phase (their running sum,
 * one a second, in ns) it must come out as 91.22945 ns.
 */
static void
test_allan_nbs(void)
{
	static const int64_t y[9] = { 892, 809, 823, 798, 671, 644, 883, 903,
	    677 };
	int64_t x[10], sec[10];
	struct pps_stats st;
	struct pps_summary s;
	int i;

	x[0] = 0;
	for (i = 0; i < 10; i++) {
		sec[i] = 1700000000 + i;
		if (i < 9)
			x[i + 1] = x[i] + y[i];
	}
	memset(&st, 0, sizeof(st));
	st.offset = x;
	st.second = sec;
	st.n = 10;
	pps_summarize(&st, &s);
	ok(s.have_adev[0] && fabs(s.adev[0] * 1e9 - 91.22945) < 5e-6,
	    "Allan deviation of the NBS data set: 91.22945 (got %.5f)",
	    s.adev[0] * 1e9);
	ok(!s.have_adev[1], "tau 10 s needs 21 seconds of pulses: none");
	/* a missed pulse is a hole, not an error: without second 5, the
	 * second differences at 0, 1, 2, 6 and 7 remain */
	memmove(&x[5], &x[6], 4 * sizeof(x[0]));
	memmove(&sec[5], &sec[6], 4 * sizeof(sec[0]));
	st.n = 9;
	pps_summarize(&st, &s);
	ok(s.have_adev[0] && fabs(s.adev[0] * 1e9 - sqrt((6889.0 + 196 +
	    625 + 400 + 51076) / (2 * 5))) < 5e-6,
	    "a missing second: only the terms with all three seconds count");
}

int
main(void)
{
	test_parse();
	test_peerstats();
	test_chronylog();
	test_logline();
	test_line_time();
	test_sample_stats();
	test_refclocks();
	test_allan_nbs();
	return tap_done();
}
