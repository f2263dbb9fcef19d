/*
 * ptyshim: LD_PRELOAD shim that lets libserialport open a pty, for the
 * test of its backend (tests/integration/libserialport.sh).
 *
 * sp_open() reads and sets the modem-control lines (TIOCMGET, TIOCMBIS,
 * TIOCMBIC, TIOCMSET), which a pty does not have: the kernel answers
 * ENOTTY and libserialport gives up.  Only when the real ioctl says ENOTTY
 * for one of those four requests does the shim answer instead, keeping the
 * lines in a variable as a UART would keep them.  Every other call, and
 * every call on a real port, goes to the kernel unchanged.
 */
#include <sys/ioctl.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>

static int lines = TIOCM_DTR | TIOCM_RTS | TIOCM_CTS | TIOCM_DSR | TIOCM_CD;

int	ioctl(int, unsigned long, ...);

int
ioctl(int fd, unsigned long request, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list ap;
	void *arg;
	int r, *bits;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "ioctl");
	r = real(fd, request, arg);
	if (r == 0 || errno != ENOTTY)
		return r;
	bits = arg;
	switch (request) {
	case TIOCMGET:
		*bits = lines;
		return 0;
	case TIOCMSET:
		lines = *bits;
		return 0;
	case TIOCMBIS:
		lines |= *bits;
		return 0;
	case TIOCMBIC:
		lines &= ~*bits;
		return 0;
	default:
		return r;
	}
}
