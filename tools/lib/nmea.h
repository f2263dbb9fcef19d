/*
 * nmea: NMEA 0183 sentences and the PMTK commands of MediaTek receivers
 * (MT3339), as pure functions: framing and checksums, a byte-stream
 * reader that resynchronises on garbage, and the fields of RMC, GGA,
 * PMTK001, PMTK010 and PMTK705.
 */
#ifndef OOBM_NMEA_H
#define OOBM_NMEA_H

#include <stddef.h>
#include <stdint.h>

/*
 * NMEA 0183 allows 82 bytes from "$" to CR LF, but real receivers exceed
 * it (the MT3339's GGA with its DGPS fields is 85): standard sentences
 * are taken up to NMEA_MAX, proprietary $P ones (MediaTek's PMTKCHN runs
 * past 200) up to NMEA_PROPRIETARY_MAX; longer lines are noise.
 */
#define NMEA_MAX		100
#define NMEA_PROPRIETARY_MAX	255

/* XOR of the bytes of body (between "$" and "*"). */
uint8_t		 nmea_checksum(const char *body, size_t len);

/*
 * "$body*CS" into out (no CR LF).  body may be given with its "$" and
 * with a "*CS" of its own, which is recomputed; *given is then set to
 * the checksum it carried (else -1).  Returns the length, -1 if it does
 * not fit or body holds a byte that cannot be in a sentence.
 */
int		 nmea_frame(const char *body, char *out, size_t size,
		    int *given);

enum nmea_event {
	NMEA_NONE,		/* nothing complete yet */
	NMEA_SENTENCE,		/* a sentence with a good checksum */
	NMEA_BADSUM,		/* complete, but its checksum is wrong */
	NMEA_NOSUM,		/* complete, without a checksum: unverified */
	NMEA_TOOLONG		/* longer than its kind may be: dropped */
};

struct nmea_reader {
	char	 line[NMEA_PROPRIETARY_MAX + 1];
	size_t	 len;
	int	 in;		/* inside a sentence (after "$") */
	int	 overlong;
};

void		 nmea_reader_init(struct nmea_reader *);
/*
 * Consume bytes until a sentence ends or buf is used up; returns bytes
 * consumed.  With NMEA_SENTENCE, *body is the text between "$" and "*",
 * NUL-terminated, valid until the next call.  Bytes outside sentences,
 * and sentences cut by a new "$", are skipped.
 */
size_t		 nmea_feed(struct nmea_reader *, const char *buf, size_t len,
		    enum nmea_event *ev, const char **body);

/* Split body in place at commas; returns the number of fields. */
int		 nmea_fields(char *body, char **f, int max);

/* "GPRMC" -> talker "GP", type "RMC"; proprietary "PMTK001" -> "P". */
int		 nmea_type(const char *body, char talker[3], char type[8]);

struct nmea_time {
	int	 hour, minute, second, millisecond;
};

struct nmea_rmc {
	int		 has_time, has_date, valid, has_pos;
	struct nmea_time time;
	int		 day, month, year;
	double		 lat, lon;		/* degrees, south/west < 0 */
	double		 speed_kn, course;
	char		 mode;			/* A D E N ..., 0 if none */
};

struct nmea_gga {
	int		 has_time, has_pos;
	struct nmea_time time;
	int		 quality;		/* 0 no fix, 1 GPS, 2 DGPS */
	int		 satellites;
	double		 lat, lon, hdop, altitude;
};

/* 0, or -1 if body is not that sentence or a field is malformed. */
int		 nmea_parse_rmc(const char *body, struct nmea_rmc *);
int		 nmea_parse_gga(const char *body, struct nmea_gga *);
/* PMTK001,cmd,flag: flag 0 invalid, 1 unsupported, 2 failed, 3 done. */
int		 nmea_parse_ack(const char *body, int *cmd, int *flag);
/* PMTK010,msg: a system message; msg 1 says the receiver has started. */
int		 nmea_parse_sysmsg(const char *body, int *msg);
/* PMTK705,release,build,product[,...] */
int		 nmea_parse_version(const char *body, char *release,
		    size_t size, char *product, size_t psize);

#endif
