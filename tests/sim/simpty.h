/*
 * simpty: the pseudo-terminal a simulator offers as its serial device,
 * set up one way for all of them.  Their protocol code stays apart (each
 * simulator its own, never the tools'); this is only the plumbing.
 */
#ifndef SIMPTY_H
#define SIMPTY_H

#include <stddef.h>
#include <termios.h>

/*
 * A new pty, raw (at speed, unless 0), its master non-blocking, its
 * slave's path in name and linked from link (unless NULL).  The slave is
 * not held open: the master sees POLLHUP while no client has it, which
 * is how a device sees DTR drop.  The master, or -1 with errno and the
 * step that failed in *what.
 */
int	sim_pty_open(speed_t speed, const char *link, char *name,
	    size_t size, const char **what);

/*
 * In the state directory: "pid", then "tty" holding name, renamed into
 * place so that its presence means ready (tests wait for it).  Call it
 * last.  0, or -1 with errno and *what.
 */
int	sim_pty_ready(const char *dir, const char *name, const char **what);

#endif
