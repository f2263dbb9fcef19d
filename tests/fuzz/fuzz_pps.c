/*
 * libFuzzer target: what the time tools read from files anyone may have
 * written: replay lines judged as a pulse train, ntpd's peerstats and
 * chrony's refclocks.log lines with the correction they lead to, the
 * time they were logged (a number, whatever the line) and the series
 * ppsmon -P would put them in, and a UUCP lock file's pid.  Each line is
 * also parsed with its last byte cut: a parser that reads past its
 * string sees a different answer there.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lock.h"
#include "pps.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* ppsmon -P's choice: a sample is a number, in series 0 or 1. */
static void
logline(const char *line, const char *addr)
{
	struct pps_logline l;

	if (pps_logline(line, addr, &l) == 1 && (!isfinite(l.offset) ||
	    !isfinite(l.when) || (l.series != 0 && l.series != 1) ||
	    (l.series == 1 && (addr != NULL || l.chrony)) ||
	    strlen(l.who) >= PPS_ADDR_MAX ||
	    (addr != NULL && strcmp(l.who, addr) != 0)))
		abort();
}

static void
one_line(const char *line, struct pps_stats *st)
{
	struct pps_pulse p;
	struct pps_event ev;
	struct pps_refclock rc;
	char who[PPS_ADDR_MAX], fix[128];
	double off;
	int pps;

	if (pps_parse(line, &p) == 0)
		(void)pps_add(st, &p, &ev);
	if (pps_peerstats(line, NULL, &off, who) == 1) {
		if (!isfinite(off))
			abort();
		if (pps_refclock(who, &rc) == 0)
			(void)pps_correction(&rc, -off, fix, sizeof(fix));
	}
	if (pps_chronylog(line, NULL, &off, who, &pps) == 1 &&
	    (!isfinite(off) || strlen(who) >= PPS_ADDR_MAX))
		abort();
	if (!isfinite(pps_line_time(line)))
		abort();
	logline(line, NULL);
	logline(line, "NMEA");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pps_stats st;
	struct pps_summary sum;
	char *buf, *line, *nl;

	(void)lock_parse((const char *)data, size);
	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	pps_init(&st);
	for (line = buf; line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		one_line(line, &st);
		if (*line != '\0') {
			line[strlen(line) - 1] = '\0';
			one_line(line, &st);
		}
	}
	pps_summarize(&st, &sum);
	pps_free(&st);
	free(buf);
	return 0;
}
