/*
 * gpssim: a MediaTek MT3339 GPS (Adafruit Ultimate GPS) on a pty, for
 * tests.
 *
 * It prints the slave's path (and links it with -L) and, like the chip,
 * emits the sentences PMTK314 enabled every PMTK220 milliseconds (RMC,
 * GGA, GSA, GSV at 9600 baud from the factory), answers PMTK commands
 * with PMTK001 and the right flag (3 done, 2 failed, 1 unsupported,
 * 0 invalid), changes its speed at once on PMTK251 without an answer,
 * answers PMTK605 with PMTK705, and announces restarts (PMTK101-104)
 * with PMTK010.
 *
 * A pty has no baud rate of its own, but the speed the client set on its
 * side can be read from the master: when it differs from the speed the
 * simulated GPS talks at, the client gets what a UART would give it,
 * garbage, and what it sends is not understood.
 *
 * State for tests in -d DIR: "tty", "pid", and "state" (speed, enabled
 * sentences, rate, fix interval) rewritten at every change, plus
 * "commands.log".  Faults: -F CMD answers CMD with flag 2 (-F 251: the
 * speed does not change), -A CMD acknowledges CMD as done and ignores it, -g sends
 * garbage between sentences, -x spoils one checksum in five, -n has no
 * fix.  With -p MS[:J] the epochs come MS (+-J) milliseconds after each
 * whole second of the system clock, as sentences trail the PPS pulse.
 * With -u it is a u-blox LEA-M8T instead, with -U a ZED-F9T (gpsubx.c;
 * -N CLASS-ID NAKs that message's sets).  libc only, and its NMEA code is its own.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "gpssim.h"
#include "simpty.h"


const char *const sim_names[NSENT] = {
	"GLL", "RMC", "VTG", "GGA", "GSA", "GSV", "GRS", "GST", "", "", "",
	"", "", "", "", "", "", "ZDA", "MCHN"
};

struct gpssim g = { .master = -1, .baud = 9600, .mask = DEFAULT_MASK,
    .rate_ms = 1000, .fix_ms = 1000, .fail_cmd = -1, .lie_cmd = -1,
    .after_ms = -1, .talker = "GP", .nmea_out = 1 };

static volatile sig_atomic_t quit;

static const struct {
	int	 bps;
	speed_t	 code;
} speeds[] = {
	{ 4800, B4800 }, { 9600, B9600 }, { 19200, B19200 },
	{ 38400, B38400 }, { 57600, B57600 }, { 115200, B115200 },
};

static void
die(const char *what)
{
	fprintf(stderr, "gpssim: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

int
sim_client_baud(void)
{
	struct termios t;
	speed_t s;
	size_t i;

	if (tcgetattr(g.master, &t) == -1)
		return 0;
	s = cfgetospeed(&t);
	for (i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
		if (speeds[i].code == s)
			return speeds[i].bps;
	return 0;
}

int
sim_valid_baud(int b)
{
	size_t i;

	for (i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++)
		if (speeds[i].bps == b)
			return 1;
	return 0;
}

void
sim_save_state(void)
{
	char path[1024], tmp[1100];
	FILE *fp;
	int i;

	if (g.dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/state", g.dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL)
		return;
	fprintf(fp, "baud=%d\nsentences=", g.baud);
	for (i = 0; i < NSENT; i++)
		if (g.mask & (1u << i))
			fprintf(fp, "%s%s", (g.mask & ((1u << i) - 1)) ? "," :
			    "", sim_names[i]);
	fprintf(fp, "\nrate=%d\nfix=%d\n", g.rate_ms, g.fix_ms);
	if (g.ublox)
		ubx_state(fp);
	fclose(fp);
	rename(tmp, path);
}

/* What reaches the client: the bytes, or at a wrong speed, noise. */
void
sim_emit(const char *s, size_t len)
{
	char noise[512];
	size_t i;

	if (sim_client_baud() != g.baud) {
		for (i = 0; i < len && i < sizeof(noise); i++)
			noise[i] = (char)(0x80 | (rand() & 0x7f));
		s = noise;
	}
	if (write(g.master, s, len) == -1 && errno != EAGAIN && errno != EIO)
		die("write");
}

void
sim_sentence(const char *fmt, ...)
{
	char body[200], out[220];
	unsigned int x = 0;
	va_list ap;
	size_t i;
	int n;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	for (i = 0; body[i] != '\0'; i++)
		x ^= (unsigned char)body[i];
	if (g.badsum && ++g.count % 5 == 0)
		x ^= 0x55;
	n = snprintf(out, sizeof(out), "$%s*%02X\r\n", body, x);
	sim_emit(out, (size_t)n);
}

void
sim_log(const char *cmd)
{
	char path[1024];
	FILE *fp;

	if (g.dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/commands.log", g.dir);
	if ((fp = fopen(path, "a")) != NULL) {
		fprintf(fp, "%s\n", cmd);
		fclose(fp);
	}
}

static void
ack(int cmd, int flag)
{
	if (cmd == g.fail_cmd && flag == 3)
		flag = 2;
	sim_sentence("PMTK001,%d,%d", cmd, flag);
}

/* Comma-separated integers after the command; count or -1. */
static int
args(const char *s, long *v, int max)
{
	char *end;
	int n = 0;

	while (*s == ',' && n < max) {
		v[n++] = strtol(s + 1, &end, 10);
		if (end == s + 1)
			return -1;
		s = end;
	}
	return *s == '\0' ? n : -1;
}

static void
pmtk(const char *body)
{
	long v[NSENT + 1];
	int cmd, n, i;

	sim_log(body);
	cmd = atoi(body + 4);
	n = args(body + 7, v, NSENT + 1);
	if (cmd == g.lie_cmd) {		/* -A: "done", and nothing done */
		ack(cmd, 3);
		return;
	}
	switch (cmd) {
	case 251:		/* baud: no answer, the speed changes at once */
		if (n == 1 && (v[0] == 0 || sim_valid_baud((int)v[0])) &&
		    g.fail_cmd != 251)
			g.baud = v[0] == 0 ? 9600 : (int)v[0];
		break;
	case 314:
		if (n == 1 && v[0] == -1) {
			g.mask = DEFAULT_MASK;
			ack(cmd, 3);
		} else if (n == NSENT) {
			g.mask = 0;
			for (i = 0; i < NSENT; i++)
				if (v[i] < 0 || v[i] > 5)
					break;
				else if (v[i] > 0)
					g.mask |= 1u << i;
			ack(cmd, i == NSENT ? 3 : 0);
		} else
			ack(cmd, 0);
		break;
	case 220:
	case 300:
		if (n >= 1 && v[0] >= 100 && v[0] <= 10000 &&
		    (cmd == 220 ? n == 1 : n == 5)) {
			if (cmd == 220)
				g.rate_ms = (int)v[0];
			else
				g.fix_ms = (int)v[0];
			ack(cmd, 3);
		} else
			ack(cmd, 0);
		break;
	case 605:
		sim_sentence("PMTK705,AXN_2.31_3339_13101700,5632,PA6H,1.0");
		break;
	case 101: case 102: case 103: case 104:
		if (cmd == 104) {	/* full cold: factory defaults */
			g.mask = DEFAULT_MASK;
			g.rate_ms = g.fix_ms = 1000;
		}
		sim_sentence("PMTK010,001");
		break;
	default:
		ack(cmd, 1);
		break;
	}
	sim_save_state();
}

/* A command line from the client, "$PMTK...*CS". */
static void
command(char *line)
{
	char *star;
	unsigned int x = 0, cs;
	char *p;

	if (line[0] != '$' || (star = strrchr(line, '*')) == NULL ||
	    sscanf(star + 1, "%2X", &cs) != 1)
		return;
	*star = '\0';
	for (p = line + 1; *p != '\0'; p++)
		x ^= (unsigned char)*p;
	/* the chip ignores what fails its checksum */
	if (x != cs || strncmp(line + 1, "PMTK", 4) != 0)
		return;
	pmtk(line + 1);
}

static void
input(const char *buf, size_t n)
{
	size_t i;

	if (sim_client_baud() != g.baud)	/* framing errors: nothing */
		return;
	if (g.ublox) {
		ubx_input(buf, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			g.in[g.inlen] = '\0';
			if (g.inlen > 0)
				command(g.in);
			g.inlen = 0;
		} else if (g.inlen < sizeof(g.in) - 1)
			g.in[g.inlen++] = buf[i];
	}
}

static void
coord(char *buf, size_t size, double deg, int lat)
{
	double a = deg < 0 ? -deg : deg;
	int d = (int)a;

	snprintf(buf, size, lat ? "%02d%07.4f,%c" : "%03d%07.4f,%c", d,
	    (a - d) * 60, lat ? (deg < 0 ? 'S' : 'N') : (deg < 0 ? 'W' : 'E'));
}

/* One fix's worth of the enabled sentences, for UTC now. */
static void
nmea_epoch(void)
{
	char t[48], d[40], lat[24], lon[24];
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	/* -p: the fix is for the second just begun, as a receiver's is */
	if (g.after_ms >= 0)
		ts.tv_nsec = 0;
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(t, sizeof(t), "%02d%02d%02d.%03ld", tm.tm_hour, tm.tm_min,
	    tm.tm_sec, ts.tv_nsec / 1000000);
	snprintf(d, sizeof(d), "%02d%02d%02d", tm.tm_mday, tm.tm_mon + 1,
	    tm.tm_year % 100);
	coord(lat, sizeof(lat), 59.3293, 1);
	coord(lon, sizeof(lon), 18.0686, 0);
	if (g.garbage)
		sim_emit("\x13\xf7garbage\xff", 11);
	if (g.mask & (1u << 1)) {
		if (g.nofix)
			sim_sentence("%sRMC,%s,V,,,,,0.00,0.00,%s,,,N", g.talker, t,
			    d);
		else
			sim_sentence("%sRMC,%s,A,%s,%s,0.02,31.66,%s,,,A",
			    g.talker, t, lat, lon, d);
	}
	if (g.mask & (1u << 3)) {
		if (g.nofix)
			sim_sentence("%sGGA,%s,,,,,0,00,,,M,,M,,", g.talker, t);
		else
			sim_sentence("%sGGA,%s,%s,%s,1,08,0.94,28.1,M,23.5,M,,",
			    g.talker, t, lat, lon);
	}
	if (g.mask & (1u << 4))
		sim_sentence("%sGSA,A,3,10,07,05,02,29,04,08,13,,,,,1.72,1.03,"
		    "1.38", g.talker);
	if (g.mask & (1u << 5))
		sim_sentence("GPGSV,1,1,04,10,63,137,17,07,61,098,15,05,59,290,20,"
		    "08,54,157,30");
	if (g.mask & (1u << 0))
		sim_sentence("%sGLL,%s,%s,%s,%c,%c", g.talker, lat, lon, t,
		    g.nofix ? 'V' : 'A', g.nofix ? 'N' : 'A');
	if (g.mask & (1u << 2))
		sim_sentence("%sVTG,31.66,T,,M,0.02,N,0.04,K,%c", g.talker,
		    g.nofix ? 'N' : 'A');
	if (g.mask & (1u << 17))
		sim_sentence("%sZDA,%s,%02d,%02d,%04d,,", g.talker, t,
		    tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

/* One epoch: the sentences the port may send, then a u-blox's UBX. */
static void
epoch(void)
{
	if (g.nmea_out)
		nmea_epoch();
	if (g.ublox)
		ubx_epoch();
}

static void
open_pty(void)
{
	char name[256];
	const char *what;

	/* 9600, like the factory chip, until a client says else */
	if ((g.master = sim_pty_open(B9600, g.link, name, sizeof(name),
	    &what)) == -1)
		die(what);
	sim_save_state();
	if (sim_pty_ready(g.dir, name, &what) == -1)
		die(what);
	printf("%s\n", name);
	fflush(stdout);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * -p: when the next epoch is due, after_ms (+- jitter) past the next
 * whole second of the system clock, the way a real receiver's sentences
 * trail its PPS pulse.  The epoch names that second.
 */
static struct timespec
next_aligned(void)
{
	struct timespec rt;
	long ms;

	clock_gettime(CLOCK_REALTIME, &rt);
	ms = g.after_ms;
	if (g.jitter_ms > 0)
		ms += rand() % (2 * g.jitter_ms + 1) - g.jitter_ms;
	rt.tv_sec += 1;
	rt.tv_nsec = ms * 1000000L;
	return rt;
}

/* Milliseconds until a CLOCK_REALTIME time, may be negative. */
static int64_t
rt_left_ms(const struct timespec *t)
{
	struct timespec rt;

	clock_gettime(CLOCK_REALTIME, &rt);
	return ((int64_t)t->tv_sec - rt.tv_sec) * 1000 +
	    (t->tv_nsec - rt.tv_nsec) / 1000000;
}

int
main(int argc, char *argv[])
{
	struct sigaction sa;
	struct timespec due = { 0, 0 };
	struct pollfd pfd;
	int64_t next;
	time_t end = 0;
	char buf[256];
	ssize_t n;
	const char *nak = NULL;
	int ch, wait, ublox = 0, usb = 0;

	while ((ch = getopt(argc, argv, "A:b:d:F:gL:N:np:ST:Uux")) != -1) {
		switch (ch) {
		case 'p':
			if (sscanf(optarg, "%d:%d", &g.after_ms, &g.jitter_ms) <
			    1 || g.after_ms < 0 || g.after_ms > 900 ||
			    g.jitter_ms < 0 || g.jitter_ms > 90) {
				fprintf(stderr, "gpssim: -p ms[:jitter]\n");
				return 64;
			}
			break;
		case 'b':
			g.baud = atoi(optarg);
			if (!sim_valid_baud(g.baud)) {
				fprintf(stderr, "gpssim: bad speed\n");
				return 64;
			}
			break;
		case 'd':
			g.dir = optarg;
			break;
		case 'A':
			g.lie_cmd = atoi(optarg);
			break;
		case 'F':
			g.fail_cmd = atoi(optarg);
			break;
		case 'g':
			g.garbage = 1;
			break;
		case 'L':
			g.link = optarg;
			break;
		case 'N':
			nak = optarg;
			break;
		case 'n':
			g.nofix = 1;
			break;
		case 'u':
			ublox = 1;
			break;
		case 'U':
			ublox = 9;
			break;
		case 'S':
			usb = 1;
			break;
		case 'T':
			end = time(NULL) + atoi(optarg);
			break;
		case 'x':
			g.badsum = 1;
			break;
		default:
			fprintf(stderr, "usage: gpssim [-gnSUux] [-A cmd] [-b baud] "
			    "[-d dir] [-F cmd] [-L link] [-N class-id]\n"
			    "              [-p ms[:jitter]] [-T lifetime_s]\n");
			return 64;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (ublox)
		ubx_boot(nak, ublox == 9, usb);
	open_pty();
	pfd.fd = g.master;
	pfd.events = POLLIN;
	next = now_ms();
	if (g.after_ms >= 0)
		due = next_aligned();
	while (!quit && (end == 0 || time(NULL) < end)) {
		if (g.after_ms >= 0) {
			wait = (int)rt_left_ms(&due);
			if (wait <= 2) {
				/* the last moment exactly, not at poll's whim */
				clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME,
				    &due, NULL);
				epoch();
				due = next_aligned();
				continue;
			}
			wait -= 2;
		} else if ((wait = (int)(next - now_ms())) <= 0) {
			epoch();
			next += g.rate_ms;
			if (next < now_ms())
				next = now_ms() + g.rate_ms;
			continue;
		}
		if (poll(&pfd, 1, wait > 50 ? 50 : wait) <= 0)
			continue;
		if ((pfd.revents & POLLIN) == 0) {
			usleep(20000);	/* no client */
			continue;
		}
		if ((n = read(g.master, buf, sizeof(buf))) > 0)
			input(buf, (size_t)n);
	}
	if (g.link != NULL)
		unlink(g.link);
	return 0;
}
