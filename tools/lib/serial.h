/*
 * serial: one interface to a serial line, two backends behind it.
 *
 * Real ports go through libserialport.  Ttys it cannot drive (ptys,
 * FreeBSD nmdm(4), socat/ser2net bridges, names outside /dev) fall back to
 * plain termios; serial_backend() and serial_why() tell which and why.
 * Every port is locked UUCP-style (lock.h) for as long as it is open, and
 * every read and write has a deadline.
 */
#ifndef OOBM_SERIAL_H
#define OOBM_SERIAL_H

#include <sys/types.h>
#include <stddef.h>

#include "lock.h"

struct serial;

struct serial_err {
	int	 code;		/* errno value */
	pid_t	 holder;	/* EBUSY: pid holding the lock */
	char	 msg[512];	/* the cause, without the device name */
};

/* Open path at speed bits/s, 8N1, no flow control, DTR and RTS on. */
struct serial	*serial_open(const char *path, int speed, struct serial_err *);
void		 serial_close(struct serial *);

/* Read at most len bytes: >0 bytes read, 0 on timeout, -1 on error
 * (errno; EIO when the device hung up). */
ssize_t		 serial_read(struct serial *, void *buf, size_t len,
		    int timeout_ms);
/* Write all of buf: 0, or -1 with errno (ETIMEDOUT, EIO...). */
int		 serial_write(struct serial *, const void *buf, size_t len,
		    int timeout_ms);
/* Discard what has arrived but was not read. */
void		 serial_flush_input(struct serial *);
/* Wait until everything written has left (before a speed change). */
void		 serial_drain(struct serial *);
int		 serial_set_speed(struct serial *, int speed);

const char	*serial_backend(const struct serial *);
/* Why libserialport was not used; "" when it was. */
const char	*serial_why(const struct serial *);
int		 serial_speed_valid(int speed);

struct serial_portinfo {
	const char	*name;
	const char	*transport;	/* usb, native, bluetooth */
	const char	*description;
	const char	*manufacturer;	/* NULL when unknown */
	const char	*product;
	const char	*serial;
	int		 vid, pid;	/* -1 when not USB */
	int		 interface;	/* USB interface number or -1 */
	const char	*interface_name;
	int		 rndis;		/* the device's interface 0 is RNDIS */
	int		 ucom;		/* FreeBSD: k of cuaU<n>.k, or -1 */
	long		 device;	/* which USB device it is on, or -1 */
};

/* Call fn for every serial port libserialport finds; -1 on error. */
int		 serial_list(void (*fn)(const struct serial_portinfo *,
		    void *), void *arg, struct serial_err *);

#endif
