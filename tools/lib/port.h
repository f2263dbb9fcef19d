/*
 * port: what every tool that owns a serial line does the same way: the
 * -s and -t operands, opening and locking the port, and removing the lock
 * however the process ends (exit, errx, SIGHUP, SIGINT, SIGTERM).  These
 * functions exit on failure, with err(3)-style messages naming the
 * device.
 */
#ifndef OOBM_PORT_H
#define OOBM_PORT_H

struct serial;

/* -v: say which backend and why on open; modem.c shows URCs too. */
extern int	 port_verbose;

/* -s and -t operands: the number, or exit 64 naming the bad one. */
int		 port_speed_arg(const char *arg);
int		 port_timeout_arg(const char *arg);

/*
 * Open and lock dev at speed, once per process.  The port is closed and
 * its locks removed at exit and on the three signals; a signal that
 * arrives while the lock is being taken is held until that is done, so
 * no kill leaves a lock behind.
 */
struct serial	*port_open(const char *dev, int speed);

#endif
