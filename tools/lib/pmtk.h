/*
 * pmtk: what gpsctl knows of MediaTek's PMTK commands (MT3339), as pure
 * functions: the command numbers it uses, the PMTK314 sentence set and
 * whether a receiver keeps to it, the mode ntpd's NMEA driver (refclock
 * 20) needs for a set and a speed, the restarts, and what a PMTK001 flag
 * means.  Framing and checksums are nmea.h's.
 */
#ifndef OOBM_PMTK_H
#define OOBM_PMTK_H

#include <stddef.h>

enum {
	PMTK_ACK =		1,	/* PMTK001,cmd,flag */
	PMTK_SYS_MSG =		10,	/* PMTK010,001: started */
	PMTK_HOT_START =	101,	/* 101-104: hot, warm, cold, full */
	PMTK_SET_RATE =		220,	/* ms between reports */
	PMTK_SET_BAUD =		251,	/* not acknowledged */
	PMTK_SET_FIX =		300,	/* ms between fixes */
	PMTK_SET_OUTPUT =	314,	/* the sentence set */
	PMTK_Q_RELEASE =	605,	/* answered by PMTK705 */
	PMTK_DT_RELEASE =	705
};

#define PMTK_FIELDS	19	/* of PMTK314 */

/* The number of a command body, "PMTK220,1000" -> 220, else -1. */
int		 pmtk_number(const char *body);

/*
 * Parse a sentence list ("rmc,gga", blanks or commas between, any case)
 * into the PMTK314 fields.  -1 with *bad (which points into list, its
 * length in *badlen) naming the first unknown sentence.
 */
int		 pmtk_sentences(const char *list, int on[PMTK_FIELDS],
		    const char **bad, size_t *badlen);

/* "PMTK314,0,1,0,..." from the fields; -1 if it does not fit. */
int		 pmtk_output_body(const int on[PMTK_FIELDS], char *body,
		    size_t size);

/* The names of the fields set, in the receiver's order ("rmc,gga"). */
void		 pmtk_names(const int on[PMTK_FIELDS], char *names,
		    size_t size);

/* The names pmtk_sentences() knows, for a message: "gll rmc ... mchn". */
extern const char pmtk_known[];

/*
 * ntpd's NMEA driver mode for that set at that speed: RMC 1, GGA 2,
 * GLL 4, ZDA 8, plus the speed's index (4800...115200) times 16; -1
 * when the set has none of the four or the speed is not one of those.
 */
int		 pmtk_ntp_mode(const int on[PMTK_FIELDS], int speed);

/* Is the standard sentence body ("GPRMC,...") one of the fields set? */
int		 pmtk_sentence_on(const char *body, const int on[PMTK_FIELDS]);

/*
 * A receiver's output checked against the set it was told to send, one
 * epoch (a fix's sentences) at a time.  Fed each sentence from when the
 * new set applies: -1 when it is not one of the set, 1 when the epoch's
 * first sentence comes again (a whole epoch seen, all of it set), else 0.
 * Proprietary sentences ($P...) are not PMTK314's and pass.
 */
struct pmtk_epoch {
	char	 first[6];	/* its first's talker and type; "" before */
};
void		 pmtk_epoch_init(struct pmtk_epoch *);
int		 pmtk_epoch_feed(struct pmtk_epoch *, const char *body,
		    const int on[PMTK_FIELDS]);

/* The restart of a kind, "hot" "warm" "cold" "factory": 101-104, else -1. */
int		 pmtk_restart(const char *kind);

/* A PMTK001 flag: its meaning, and gpsctl's exit status for it. */
const char	*pmtk_flag_text(int flag);
int		 pmtk_flag_status(int flag);

#endif
