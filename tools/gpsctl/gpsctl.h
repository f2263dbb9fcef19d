/*
 * gpsctl.h: what gpsctl.c (the command line, the port, the MediaTek's
 * PMTK) shares with ublox.c (a u-blox receiver's UBX).
 */
#ifndef GPSCTL_H
#define GPSCTL_H

#include <stdint.h>

#include "nmea.h"
#include "pmtk.h"
#include "ubx.h"

#define ACK_TRIES		3	/* an acknowledgement lost to noise */
#define VERIFY_MS		3000	/* valid output at a new speed within */

/* The GPS as oobm.conf configures it: what apply sets, ntpmode assumes. */
struct want {
	int		 speed;
	int		 on[PMTK_FIELDS];	/* the sentences */
	int		 rate_ms, fix_ms;
	int		 cable_ns;		/* u-blox: antenna cable delay */
};

/* What the command line and oobm.conf ask for. */
struct settings {
	const char	*conf;
	int		 conf_given;
	struct config	*config;	/* loaded, or NULL: the defaults */
	const char	*dev;
	int		 speed;		/* -s: to talk at first; 0: want's */
	int		 timeout_s;
	int		 count;		/* watch -n, survey -n */
	int		 kv;		/* -o kv */
	int		 daemon;	/* -d, for ntpmode; -1: installed */
	struct want	 want;
};

/* Which receiver, as identify() found it. */
enum family { GPS_UNKNOWN, GPS_MEDIATEK, GPS_UBLOX };

/* The GPS's port, open, and what has been read of it. */
struct gps {
	const char	*dev;
	int		 timeout_s;	/* for an answer, a sentence */
	struct serial	*port;
	int		 speed;		/* the port's now */
	struct nmea_reader rd;
	struct ubx_reader ubx;
	uint8_t		 buf[256];
	size_t		 off, len;
	enum family	 family;
	struct ubx_version version;	/* a u-blox's MON-VER */
	int		 ubx_port;	/* its CFG-PRT portID on keys, 0 unknown */
	char		 release[64], product[64];	/* a MediaTek's */
};

/* What gps_next() found. */
enum got { GOT_NONE, GOT_NMEA, GOT_UBX };

enum got	 gps_next(struct gps *, int64_t deadline, char *body,
		    size_t size, struct ubx_msg *);
void		 gps_write(struct gps *, const void *, size_t);
void		 set_speed(struct gps *, int);
int		 talking(struct gps *, int ms);
enum family	 identify(struct gps *);

/* ublox.c: the verbs' u-blox halves; each exits on failure */
void		 ubx_show_version(const struct gps *, int kv);
int		 ubx_send_raw(struct gps *, const char *hex);
void		 ubx_baud(struct gps *, int speed);
void		 ubx_sentences(struct gps *, const int on[PMTK_FIELDS],
		    int *changed);
void		 ubx_rate(struct gps *, int ms, int *changed);
void		 ubx_reset(struct gps *, const char *how);
void		 ubx_save(struct gps *);
int		 ubx_apply(struct gps *, const struct want *);
int		 ubx_survey(struct gps *, const char *arg, int count);
int		 ubx_fixed(struct gps *, const char *arg);
int		 ubx_print_frame(const char *hex);

#endif
