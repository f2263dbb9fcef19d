/*
 * pps: judging a train of PPS pulses (RFC 2783 assert timestamps), as
 * pure functions: each pulse's offset from the nearest whole second and
 * its interval from the one before, flags for what is wrong, and the
 * statistics of the train, Allan deviation included.
 *
 * A pulse is
 *	double	less than 0.5 s after the last good one: ignored;
 *	step	its interval is more than 10 ms from a whole number of
 *		seconds: the clock stepped, the train starts anew;
 *	missed	it comes k >= 2 seconds after the last (or its sequence
 *		number jumps): k - 1 pulses were missed;
 *	outlier	its interval is more than PPS_OUTLIER_NS off 1 s: counted,
 *		left out of the statistics.
 * All other pulses make the offset statistics; intervals of 1 s make the
 * jitter; offsets by second make the Allan deviation.
 */
#ifndef OOBM_PPS_H
#define OOBM_PPS_H

#include <stddef.h>
#include <stdint.h>

#define PPS_NS		1000000000LL
#define PPS_DOUBLE_NS	(PPS_NS / 2)
#define PPS_SEC_MAX	8000000000LL	/* pps_parse(): seconds at most */
#define PPS_STEP_NS	10000000LL	/* 10 ms */
#define PPS_OUTLIER_NS	100000LL	/* 100 us */

#define PPS_MISSED	0x01
#define PPS_DOUBLE	0x02
#define PPS_OUTLIER	0x04
#define PPS_STEPPED	0x08

struct pps_pulse {
	int64_t		 sec;
	long		 nsec;
	long		 seq;		/* assert sequence, -1 unknown */
};

struct pps_event {
	int64_t		 offset_ns;	/* from the nearest second */
	int64_t		 interval_ns;	/* 0 for the first pulse */
	long		 missed;
	int		 flags;
};

struct pps_stats {
	long		 pulses, missed, doubles, outliers, steps;
	int		 have_prev;
	struct pps_pulse prev;		/* the last good pulse */
	struct pps_pulse last;		/* the last one, good or not */
	long		 between;	/* outliers since prev */
	int64_t		*offset;	/* kept pulses: offset, and */
	int64_t		*second;	/* the second it marks */
	size_t		 n, cap;
	long double	 jit_sum, jit_sq;	/* intervals - 1 s, ns */
	long		 jit_n;
};

struct pps_summary {
	long		 pulses, missed, doubles, outliers, steps;
	long		 n;			/* offsets in the statistics */
	double		 mean_ns, median_ns, stddev_ns;
	int64_t		 min_ns, max_ns;
	double		 jitter_ns;		/* stddev of 1 s intervals */
	double		 adev[3];		/* tau 1, 10, 100 s; seconds */
	int		 have_adev[3];
};

/*
 * One line of ntpd's peerstats, "MJD SECONDS ADDRESS STATUS OFFSET DELAY
 * DISPERSION JITTER": 1 and its offset (seconds) if it is about addr,
 * 0 if about another peer, -1 if malformed.  With addr NULL, any peer:
 * its address is copied to who (PPS_ADDR_MAX bytes).
 */
#define PPS_ADDR_MAX	64
int	pps_peerstats(const char *line, const char *addr, double *offset,
	    char *who);

/*
 * One line of chrony's refclocks.log, "DATE TIME REFID DP L P RAW-OFFSET
 * COOKED-OFFSET DISPERSION": 1 for a raw sample of refid (any with refid
 * NULL, its name copied to who), its offset before chrony's "offset"
 * option is applied (seconds; negative when the reference trails the
 * clock), *pps set if it came from a pulse; 0 for a filtered sample
 * (DP "-") or another refid; -1 for a header or a malformed line.
 */
int	pps_chronylog(const char *line, const char *refid, double *offset,
	    char *who, int *pps);

/*
 * When a line of either was written: peerstats' MJD and seconds of the
 * day, or chrony's "YYYY-MM-DD HH:MM:SS.ffffff" (UTC), as Unix time; 0
 * if neither.
 */
double	pps_line_time(const char *line);

/*
 * A line of either file as ppsmon -P reads it: 1 for a sample of addr,
 * or with addr NULL of the GPS's time refclock (peerstats: the NMEA
 * driver's, else gpsd's SHM; chrony: a refid whose samples are not a
 * pulse's); 0 for any other line.  The sample goes to series 0 (addr's,
 * the NMEA driver's, chrony's) or 1 (SHM's, for a log without NMEA).
 */
struct pps_logline {
	char		 who[PPS_ADDR_MAX];	/* its address or refid */
	double		 offset;		/* seconds */
	double		 when;			/* pps_line_time() */
	int		 series;		/* 0 or 1, as above */
	int		 chrony;		/* from chrony's log */
	int		 pps;			/* chrony: a pulse's */
};
int	pps_logline(const char *line, const char *addr, struct pps_logline *);

/*
 * The reference clock a peerstats address names: classic ntpd writes
 * 127.127.TYPE.UNIT, ntpsec NAME(UNIT).  Only the drivers whose offset a
 * fudge corrects are told apart: the NMEA one (time2) and gpsd's shared
 * memory (time1); the PPS driver has no such offset.
 */
enum pps_clock { PPS_CLOCK_NMEA, PPS_CLOCK_SHM, PPS_CLOCK_PPS,
	PPS_CLOCK_OTHER };
struct pps_refclock {
	enum pps_clock	 clock;
	int		 unit;
	int		 ntpsec;	/* named as ntpsec names it */
};
/* 0, or -1 if addr is no reference clock (a remote server). */
int	pps_refclock(const char *addr, struct pps_refclock *);
/*
 * The configuration line that makes that clock's offset value (seconds):
 * "fudge 127.127.20.0 time2 0.380000", in the address form both ntpd and
 * ntpsec accept (ntpsec ignores a second "refclock" line for a unit).
 * 0, or -1 for a clock without such an offset.
 */
int	pps_correction(const struct pps_refclock *, double value, char *buf,
	    size_t size);

/*
 * Mean, median, sample standard deviation, minimum and maximum of n
 * values (the values are left as they are); -1 if n is 0 or out of
 * memory.
 */
struct pps_sample_stats {
	double		 mean, median, stddev, min, max;
};
int	pps_sample_stats(const double *v, size_t n,
	    struct pps_sample_stats *);

/* "SEC.NSEC" or "SEC.NSEC SEQ" (replay logs); 0 or -1. */
int	pps_parse(const char *line, struct pps_pulse *);
void	pps_init(struct pps_stats *);
void	pps_free(struct pps_stats *);
/* Judge one pulse; -1 if out of memory. */
int	pps_add(struct pps_stats *, const struct pps_pulse *,
	    struct pps_event *);
void	pps_summarize(const struct pps_stats *, struct pps_summary *);

#endif
