/*
 * gpssim.h: what gpssim's MediaTek half (gpssim.c) shares with its
 * u-blox half (gpsubx.c): the simulated receiver's state and the way out
 * to the client.  Each half speaks its own protocol with its own code.
 */
#ifndef GPSSIM_H
#define GPSSIM_H

#include <stddef.h>
#include <stdio.h>

#define NSENT		19	/* PMTK314's fields; the mask's bits */
#define DEFAULT_MASK	((1 << 1) | (1 << 3) | (1 << 4) | (1 << 5))

struct gpssim {
	int		 master;
	const char	*dir, *link;
	int		 baud;		/* the GPS side */
	unsigned int	 mask;		/* enabled sentences, PMTK314's bits */
	int		 rate_ms, fix_ms;
	int		 fail_cmd;	/* -F */
	int		 lie_cmd;	/* -A */
	int		 garbage, badsum, nofix;
	int		 after_ms, jitter_ms;	/* -p: epochs after the second */
	char		 in[256];
	size_t		 inlen;
	unsigned long	 count;
	const char	*talker;	/* GP, or GN for a multi-GNSS u-blox */
	int		 ublox;		/* -u: an LEA-M8T */
	int		 nmea_out;	/* the port sends NMEA (CFG-PRT) */
};
extern struct gpssim g;
extern const char *const sim_names[NSENT];

int	 sim_client_baud(void);
int	 sim_valid_baud(int);
void	 sim_save_state(void);
void	 sim_emit(const char *, size_t);
void	 sim_sentence(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 sim_log(const char *);

/* gpsubx.c: the u-blox half */
void	 ubx_boot(const char *nak, int f9, int usb);
void	 ubx_input(const char *, size_t);
void	 ubx_epoch(void);
void	 ubx_state(FILE *);

#endif
