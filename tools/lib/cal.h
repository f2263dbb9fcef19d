/*
 * cal: how long after its pulse the GPS's RMC sentence ends (ppsmon -g),
 * the delay the NMEA driver's time2 corrects, as pure functions: the
 * caller gives the pulses and the GPS's bytes with the time they
 * arrived, each RMC is paired with the pulse of the second it names, and
 * the delays are kept.  Reading the GPS, the pulses and the clock is the
 * caller's.
 */
#ifndef OOBM_CAL_H
#define OOBM_CAL_H

#include <stddef.h>
#include <stdint.h>

#include "nmea.h"
#include "pps.h"

#define CAL_MAX		1024	/* RMC sentences kept, paired or not */

struct cal {
	struct nmea_reader rd;		/* the GPS's bytes, in sentences */
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

void	cal_init(struct cal *);
void	cal_free(struct cal *);

/* A pulse came (its time the clock of the arrivals); -1: no memory. */
int	cal_pulse(struct cal *, const struct pps_pulse *);

/*
 * len bytes of the GPS that arrived at t (ns): each whole RMC in them
 * with a time and a date is kept with t, until CAL_MAX are.  Bytes of a
 * sentence not yet whole wait for the next call.  Returns how many.
 */
size_t	cal_sentences(struct cal *, const char *buf, size_t len, int64_t t);

/*
 * Pair every RMC not yet paired with the latest pulse within half a
 * second of the second it names: its delay (ms) is how long after that
 * pulse it arrived.  An RMC whose pulse has not come stays unpaired.
 */
void	cal_match(struct cal *);

/* The median of the delays so far, ms; 0 with none (or no memory). */
double	cal_median(const struct cal *);

#endif
