#include <sys/types.h>
#include <sys/stat.h>
#ifdef __FreeBSD__
#include <sys/sysctl.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libserialport.h>

#include "lock.h"
#include "profile.h"
#include "serial.h"
#include "usb.h"
#include "util.h"

struct serial {
	char		*path;
	char		 lockpaths[2][LOCK_PATH_MAX];
	struct sp_port	*sp;		/* libserialport backend, or NULL */
	int		 fd;		/* the descriptor both backends poll */
	char		 why[256];	/* why termios, "" for libserialport */
};

static const struct {
	int	 bps;
	speed_t	 code;
} speeds[] = {
	{ 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 }, { 9600, B9600 },
	{ 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 },
	{ 115200, B115200 }, { 230400, B230400 },
#ifdef B460800
	{ 460800, B460800 },
#endif
#ifdef B921600
	{ 921600, B921600 },
#endif
};

int
serial_speed_valid(int speed)
{
	size_t i;

	for (i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
		if (speeds[i].bps == speed)
			return 1;
	return 0;
}

static speed_t
speed_code(int speed)
{
	size_t i;

	for (i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
		if (speeds[i].bps == speed)
			return speeds[i].code;
	return B0;
}

static void __attribute__((format(printf, 3, 4)))
seterr(struct serial_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

/*
 * Why libserialport failed.  Only SP_ERR_FAIL carries an OS error; for
 * SP_ERR_ARG its message is whatever errno was, so say what it means.
 */
static void
sp_why(char *buf, size_t size, const char *what, enum sp_return r)
{
	char *m;

	if (r == SP_ERR_ARG) {
		snprintf(buf, size, "libserialport cannot drive it: %s: "
		    "not a serial port it recognises", what);
		return;
	}
	m = sp_last_error_message();
	snprintf(buf, size, "libserialport cannot drive it: %s: %s", what,
	    r == SP_ERR_FAIL && m != NULL ? m : r == SP_ERR_SUPP ?
	    "not supported" : "failed");
	sp_free_error_message(m);
}

static int
sp_configure(struct serial *s, int speed)
{
	enum sp_return r;

	if ((r = sp_set_baudrate(s->sp, speed)) != SP_OK) {
		sp_why(s->why, sizeof(s->why), "setting the speed", r);
		return -1;
	}
	if ((r = sp_set_bits(s->sp, 8)) != SP_OK ||
	    (r = sp_set_parity(s->sp, SP_PARITY_NONE)) != SP_OK ||
	    (r = sp_set_stopbits(s->sp, 1)) != SP_OK ||
	    (r = sp_set_flowcontrol(s->sp, SP_FLOWCONTROL_NONE)) != SP_OK ||
	    (r = sp_set_dtr(s->sp, SP_DTR_ON)) != SP_OK ||
	    (r = sp_set_rts(s->sp, SP_RTS_ON)) != SP_OK) {
		sp_why(s->why, sizeof(s->why), "setting 8N1", r);
		return -1;
	}
	return 0;
}

static int
open_libserialport(struct serial *s, int speed)
{
	enum sp_return r;

	if ((r = sp_get_port_by_name(s->path, &s->sp)) != SP_OK) {
		sp_why(s->why, sizeof(s->why), "looking up the port", r);
		s->sp = NULL;
		return -1;
	}
	if ((r = sp_open(s->sp, SP_MODE_READ_WRITE)) != SP_OK) {
		sp_why(s->why, sizeof(s->why), "opening", r);
		sp_free_port(s->sp);
		s->sp = NULL;
		return -1;
	}
	if (sp_configure(s, speed) == -1 ||
	    sp_get_port_handle(s->sp, &s->fd) != SP_OK) {
		sp_close(s->sp);
		sp_free_port(s->sp);
		s->sp = NULL;
		return -1;
	}
	sp_flush(s->sp, SP_BUF_BOTH);
	return 0;
}

static int
termios_set_speed(int fd, int speed)
{
	struct termios t;

	if (tcgetattr(fd, &t) == -1)
		return -1;
	if (cfsetispeed(&t, speed_code(speed)) == -1 ||
	    cfsetospeed(&t, speed_code(speed)) == -1)
		return -1;
	return tcsetattr(fd, TCSANOW, &t);
}

/* cu(1)'s set_line(): raw 8N1, receiver on, modem lines ignored. */
static int
open_termios(struct serial *s, int speed, struct serial_err *e)
{
	struct termios t;

	if ((s->fd = open(s->path, O_RDWR | O_NOCTTY | O_NONBLOCK)) == -1) {
		seterr(e, errno, "%s", strerror(errno));
		return -1;
	}
	if (tcgetattr(s->fd, &t) == -1) {
		seterr(e, errno, "not a terminal: %s", strerror(errno));
		goto fail;
	}
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
	t.c_iflag &= ~(IXON | IXOFF | IXANY);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (cfsetispeed(&t, speed_code(speed)) == -1 ||
	    cfsetospeed(&t, speed_code(speed)) == -1 ||
	    tcsetattr(s->fd, TCSANOW, &t) == -1) {
		seterr(e, errno, "cannot set %d 8N1: %s", speed,
		    strerror(errno));
		goto fail;
	}
	tcflush(s->fd, TCIOFLUSH);
	return 0;
fail:
	close(s->fd);
	s->fd = -1;
	return -1;
}

struct serial *
serial_open(const char *path, int speed, struct serial_err *e)
{
	struct serial *s;
	struct stat st;

	memset(e, 0, sizeof(*e));
	e->holder = -1;
	if (!serial_speed_valid(speed)) {
		seterr(e, EINVAL, "unsupported speed %d", speed);
		return NULL;
	}
	if (stat(path, &st) == -1) {
		seterr(e, errno, errno == ENOENT ? "no such device" : "%s",
		    strerror(errno));
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		seterr(e, errno, "%s", strerror(errno));
		free(s);
		return NULL;
	}
	s->fd = -1;
	if (lock_device(path, s->lockpaths, &e->holder) == -1) {
		if (errno == EBUSY && e->holder > 0)
			seterr(e, EBUSY, "device busy (locked by pid %ld)",
			    (long)e->holder);
		else
			seterr(e, errno, "lock %s: %s", s->lockpaths[0],
			    strerror(errno));
		free(s->path);
		free(s);
		return NULL;
	}
	if (open_libserialport(s, speed) == -1 &&
	    open_termios(s, speed, e) == -1) {
		serial_close(s);
		return NULL;
	}
	return s;
}

void
serial_close(struct serial *s)
{
	if (s == NULL)
		return;
	if (s->sp != NULL) {
		sp_close(s->sp);
		sp_free_port(s->sp);
	} else if (s->fd != -1)
		close(s->fd);
	lock_device_release(s->lockpaths);
	free(s->path);
	free(s);
}

static ssize_t
read_now(struct serial *s, void *buf, size_t len)
{
	enum sp_return r;
	ssize_t n;

	if (s->sp == NULL) {
		n = read(s->fd, buf, len);
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		return n;
	}
	if ((r = sp_nonblocking_read(s->sp, buf, len)) < 0) {
		errno = sp_last_error_code();
		return -1;
	}
	if (r == 0) {
		/* Readable but nothing to read: the line hung up. */
		errno = EIO;
		return -1;
	}
	return r;
}

/* Wait until the port is ready for events: 1, 0 on timeout, -1 on error. */
static int
wait_ready(struct serial *s, short events, int64_t deadline, short *revents)
{
	struct pollfd pfd;
	int r;

	for (;;) {
		pfd.fd = s->fd;
		pfd.events = events;
		r = poll(&pfd, 1, ms_left(deadline));
		if (r == -1 && errno == EINTR)
			continue;
		*revents = pfd.revents;
		return r > 0 ? 1 : r;
	}
}

ssize_t
serial_read(struct serial *s, void *buf, size_t len, int timeout_ms)
{
	int64_t deadline;
	ssize_t n;
	short ev;
	int r;

	deadline = mono_ms() + timeout_ms;
	for (;;) {
		if ((r = wait_ready(s, POLLIN, deadline, &ev)) <= 0)
			return r;
		if ((ev & (POLLIN | POLLHUP | POLLERR)) == 0)
			continue;
		n = read_now(s, buf, len);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		return n;
	}
}

static ssize_t
write_now(struct serial *s, const void *buf, size_t len)
{
	enum sp_return r;

	if (s->sp == NULL)
		return write(s->fd, buf, len);
	if ((r = sp_nonblocking_write(s->sp, buf, len)) < 0) {
		errno = sp_last_error_code();
		return -1;
	}
	return r;
}

int
serial_write(struct serial *s, const void *buf, size_t len, int timeout_ms)
{
	const char *p = buf;
	int64_t deadline;
	ssize_t n;
	short ev;
	int r;

	deadline = mono_ms() + timeout_ms;
	while (len > 0) {
		if ((r = wait_ready(s, POLLOUT, deadline, &ev)) == -1)
			return -1;
		if (r == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (ev & (POLLHUP | POLLERR)) {
			errno = EIO;
			return -1;
		}
		n = write_now(s, p, len);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void
serial_flush_input(struct serial *s)
{
	if (s->sp != NULL)
		sp_flush(s->sp, SP_BUF_INPUT);
	else
		tcflush(s->fd, TCIFLUSH);
}

void
serial_drain(struct serial *s)
{
	if (s->sp != NULL)
		sp_drain(s->sp);
	else
		tcdrain(s->fd);
}

int
serial_set_speed(struct serial *s, int speed)
{
	if (!serial_speed_valid(speed)) {
		errno = EINVAL;
		return -1;
	}
	if (s->sp != NULL) {
		if (sp_set_baudrate(s->sp, speed) != SP_OK) {
			errno = sp_last_error_code();
			return -1;
		}
		return 0;
	}
	return termios_set_speed(s->fd, speed);
}

const char *
serial_backend(const struct serial *s)
{
	return s->sp != NULL ? "libserialport" : "termios";
}

const char *
serial_why(const struct serial *s)
{
	return s->why;
}

/*
 * The USB interface tells a modem's ports apart (profile.h).  On Linux
 * sysfs has it beside the port (cdc-acm) or one level up (usb-serial),
 * with the interface's name where the device gives one, and the device's
 * interface 0 beside it (RNDIS there moves a Quectel's ports up).  On
 * FreeBSD the N of ucom's cuaUX.N counts u3g's ports, which is not the
 * interface number: the profile maps it.
 */
#ifdef __linux__
static void
read_line(const char *path, char *buf, size_t size)
{
	FILE *fp;

	*buf = '\0';
	if ((fp = fopen(path, "r")) == NULL)
		return;
	if (fgets(buf, (int)size, fp) == NULL)
		*buf = '\0';
	fclose(fp);
	buf[strcspn(buf, "\n")] = '\0';
}

/* Is interface 0 of the device whose interface directory is dir RNDIS? */
static int
rndis_device(const char *dir)
{
	char real[PATH_MAX], iface0[PATH_MAX + 8], path[PATH_MAX + 32];
	char cls[8];

	if (realpath(dir, real) == NULL ||
	    usb_iface0_path(real, iface0, sizeof(iface0)) == -1)
		return 0;
	snprintf(path, sizeof(path), "%s/bInterfaceClass", iface0);
	read_line(path, cls, sizeof(cls));
	return strcmp(cls, "e0") == 0;
}
#endif

static void
usb_interface(struct serial_portinfo *pi, char *label, size_t size)
{
#ifdef __linux__
	static const char *const up[] = { "", "../" };
	char path[512], num[8];
	size_t i;
	int n;

	*label = '\0';
	if (strncmp(pi->name, "/dev/", 5) != 0)
		return;
	for (i = 0; i < sizeof(up) / sizeof(up[0]); i++) {
		snprintf(path, sizeof(path), "/sys/class/tty/%s/device/%s"
		    "bInterfaceNumber", pi->name + 5, up[i]);
		read_line(path, num, sizeof(num));
		if ((n = usb_iface_number(num)) == -1)
			continue;
		pi->interface = n;
		snprintf(path, sizeof(path), "/sys/class/tty/%s/device/%s"
		    "interface", pi->name + 5, up[i]);
		read_line(path, label, size);
		snprintf(path, sizeof(path), "/sys/class/tty/%s/device/%s",
		    pi->name + 5, up[i]);
		pi->rndis = rndis_device(path);
		return;
	}
#else
	*label = '\0';
	(void)size;
	(void)usb_ucom_name(pi->name, &pi->device, &pi->ucom);
#endif
}

#ifdef __FreeBSD__
/*
 * u3g(4) names a modem's ports U<unit>.<k> and gives, per device, its
 * ttyname ("U0") and a %pnpinfo with "vendor=0x2c7c product=0x0125"
 * (usb_serial.c ucom_set_pnpinfo_usb, usb_hub.c uhub_child_pnpinfo):
 * the identity of a cuaU port, whatever libserialport made of it.
 */
static void
ucom_ids(struct serial_portinfo *pi)
{
	char name[64], val[512];
	size_t len;
	int n;

	for (n = 0; n < 64; n++) {
		snprintf(name, sizeof(name), "dev.u3g.%d.ttyname", n);
		len = sizeof(val) - 1;
		if (sysctlbyname(name, val, &len, NULL, 0) == -1)
			continue;	/* units come and go: gaps */
		val[len] = '\0';
		if (val[0] != 'U' || strtol(val + 1, NULL, 10) != pi->device)
			continue;
		snprintf(name, sizeof(name), "dev.u3g.%d.%%pnpinfo", n);
		len = sizeof(val) - 1;
		if (sysctlbyname(name, val, &len, NULL, 0) == 0) {
			val[len] = '\0';
			(void)usb_pnpinfo_ids(val, &pi->vid, &pi->pid);
		}
		return;
	}
}
#endif

static const char *
transport_name(enum sp_transport t)
{
	switch (t) {
	case SP_TRANSPORT_USB:
		return "usb";
	case SP_TRANSPORT_BLUETOOTH:
		return "bluetooth";
	default:
		return "native";
	}
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(sp_get_port_name(*(struct sp_port *const *)a),
	    sp_get_port_name(*(struct sp_port *const *)b));
}

int
serial_list(void (*fn)(const struct serial_portinfo *, void *), void *arg,
    struct serial_err *e)
{
	struct sp_port **ports;
	struct serial_portinfo pi;
	char label[128];
	size_t i;
	int bus, addr;

	memset(e, 0, sizeof(*e));
	enum sp_return r;

	if ((r = sp_list_ports(&ports)) != SP_OK) {
		sp_why(e->msg, sizeof(e->msg), "listing ports", r);
		e->code = sp_last_error_code();
		return -1;
	}
	for (i = 0; ports[i] != NULL; i++)
		;
	/* Directory order is arbitrary; people read this list. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of names */
	qsort(ports, i, sizeof(*ports), by_name);
	for (i = 0; ports[i] != NULL; i++) {
		memset(&pi, 0, sizeof(pi));
		pi.name = sp_get_port_name(ports[i]);
		pi.transport = transport_name(sp_get_port_transport(ports[i]));
		pi.description = sp_get_port_description(ports[i]);
		pi.vid = pi.pid = pi.interface = pi.ucom = -1;
		pi.device = -1;
		if (sp_get_port_transport(ports[i]) == SP_TRANSPORT_USB) {
			sp_get_port_usb_vid_pid(ports[i], &pi.vid, &pi.pid);
			pi.manufacturer = sp_get_port_usb_manufacturer(ports[i]);
			pi.product = sp_get_port_usb_product(ports[i]);
			pi.serial = sp_get_port_usb_serial(ports[i]);
			if (sp_get_port_usb_bus_address(ports[i], &bus,
			    &addr) == SP_OK)
				pi.device = (long)bus << 8 | addr;
			usb_interface(&pi, label, sizeof(label));
			pi.interface_name = label[0] != '\0' ? label : NULL;
		}
#ifdef __FreeBSD__
		/* u3g's ports, whatever libserialport made of them */
		if (strncmp(pi.name, "/dev/cuaU", 9) == 0) {
			if (pi.ucom < 0)
				usb_interface(&pi, label, sizeof(label));
			if (pi.vid < 0 && pi.device >= 0)
				ucom_ids(&pi);
		}
#endif
		fn(&pi, arg);
	}
	sp_free_port_list(ports);
	return 0;
}
