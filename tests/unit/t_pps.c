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
	double off = 0;

	ok(pps_peerstats("61000 100.5 127.127.20.0 9014 -0.380 0 0.001 0.0002",
	    "127.127.20.0", &off) == 1 && fabs(off + 0.380) < 1e-12,
	    "peerstats line: the offset");
	ok(pps_peerstats("61000 100.5 127.127.20.0 9014 nan 0 0.001 0.0002",
	    "127.127.20.0", &off) == -1, "offset nan refused");
	ok(pps_peerstats("61000 100.5 127.127.20.0 9014 inf 0 0.001 0.0002",
	    "127.127.20.0", &off) == -1, "offset inf refused");
}

int
main(void)
{
	test_parse();
	test_peerstats();
	return tap_done();
}
