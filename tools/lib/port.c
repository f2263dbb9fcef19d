#include <err.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "lock.h"
#include "port.h"
#include "serial.h"
#include "util.h"

int			 port_verbose;
static struct serial	*port;

int
port_speed_arg(const char *arg)
{
	int speed;

	speed = (int)num_arg(arg, 1, 4000000, "speed");
	if (!serial_speed_valid(speed))
		errx(EX_USAGE, "speed %d: unsupported", speed);
	return speed;
}

int
port_timeout_arg(const char *arg)
{
	return (int)num_arg(arg, 1, 3600, "timeout");
}

/* errx() paths exit too: the UUCP lock must not outlive us. */
static void
close_port(void)
{
	serial_close(port);
	port = NULL;
}

/* Killed by cron or by a timeout: leave no lock behind (all calls in
 * lock_device_release() are async-signal-safe). */
static void
on_signal(int sig)
{
	lock_release_all();
	_exit(128 + sig);
}

struct serial *
port_open(const char *dev, int speed)
{
	struct sigaction sa;
	struct serial_err e;

	if (has_control(dev) || strlen(dev) > NAME_MAX_BYTES)
		errx(EX_USAGE, "%s: not a device name (control characters, "
		    "or too long)", shown(dev));
	/*
	 * The handler first, and no signal held off across serial_open():
	 * a kill ends us even where an open could block; the handler finds
	 * the lock's name where lock.c records it before making the file.
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if ((port = serial_open(dev, speed, &e)) == NULL)
		errx(EX_UNAVAILABLE, "%s: %s", dev, e.msg);
	if (atexit(close_port) != 0)
		err(EX_OSERR, "atexit");
	if (port_verbose) {
		if (*serial_why(port) != '\0')
			warnx("%s: %s", dev, serial_why(port));
		warnx("%s: %d 8N1 through %s", dev, speed,
		    serial_backend(port));
	}
	return port;
}
