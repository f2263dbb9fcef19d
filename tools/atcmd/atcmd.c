/*
 * atcmd: send AT commands to a modem and print their responses.
 */
#include <errno.h>
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "at.h"
#include "config.h"
#include "lock.h"
#include "serial.h"
#include "util.h"

#define DEFAULT_SPEED		115200
#define DEFAULT_TIMEOUT_S	10
#define RESET_SETTLE_MS		100

static int		 verbose;
static struct serial	*port;
static char		 lockpath[1024];	/* for on_signal() */

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: atcmd [-v] [-c config] [-l device] [-s speed] "
	    "[-t seconds] command ...\n"
	    "       atcmd -L\n"
	    "       atcmd -V\n");
	exit(status);
}

/* errx() paths exit too: the UUCP lock must not outlive us. */
static void
close_port(void)
{
	serial_close(port);
	port = NULL;
}

/* " key=value", the value made safe for sh; nothing when unknown. */
static void
put_field(const char *key, const char *value)
{
	if (value == NULL)
		return;
	printf(" %s=", key);
	put_safe(stdout, value);
}

static void
print_port(const struct serial_portinfo *pi, void *arg)
{
	(void)arg;
	printf("port=");
	put_safe(stdout, pi->name);
	printf(" transport=%s", pi->transport);
	if (pi->vid >= 0)
		printf(" usb=%04x:%04x", pi->vid, pi->pid);
	if (pi->interface >= 0)
		printf(" interface=%d", pi->interface);
	put_field("interface_name", pi->interface_name);
	put_field("manufacturer", pi->manufacturer);
	put_field("product", pi->product);
	put_field("serial", pi->serial);
	put_field("description", pi->description);
	putchar('\n');
}

static int
list_ports(void)
{
	struct serial_err e;

	if (serial_list(print_port, NULL, &e) == -1)
		errx(EX_UNAVAILABLE, "%s", e.msg);
	return EX_OK;
}

/* Under -v, what is not the answer goes to stderr, escaped. */
static void
show_urc(void *arg, enum at_kind kind, const char *line, size_t len)
{
	const char *dev = arg;

	if (!verbose)
		return;
	fprintf(stderr, "atcmd: %s: %s: ", dev, kind == AT_URC ? "urc" :
	    kind == AT_JUNK ? "junk" : "stray");
	put_escaped(stderr, line, len);
	fputc('\n', stderr);
}

/* Device and speed from the options, else from the configuration file. */
static void
configure(const char *conf, int need_conf, const char **dev, int *speed)
{
	struct config *c;
	const char *v, *errstr;
	char msg[512];

	if (!need_conf)
		return;
	if ((c = config_load(conf, msg, sizeof(msg))) == NULL) {
		if (errno == ENOENT && *dev == NULL)
			errx(EX_CONFIG, "no device: use -l or set oobm_modem "
			    "in %s", conf);
		errx(EX_CONFIG, "%s", msg);
	}
	if (*dev == NULL) {
		if ((v = config_get(c, "oobm_modem")) == NULL || *v == '\0')
			errx(EX_CONFIG, "no device: use -l or set oobm_modem "
			    "in %s", conf);
		if ((*dev = strdup(v)) == NULL)
			err(EX_OSERR, NULL);
	}
	if (*speed == 0 && (v = config_get(c, "oobm_modem_speed")) != NULL &&
	    *v != '\0') {
		*speed = (int)str_to_num(v, 1, 4000000, &errstr);
		if (errstr != NULL || !serial_speed_valid(*speed))
			errx(EX_CONFIG, "%s: oobm_modem_speed %s: unsupported",
			    conf, v);
	}
	config_free(c);
}

/* Killed by cron or by a timeout: leave no lock behind (all calls in
 * lock_release() are async-signal-safe). */
static void
on_signal(int sig)
{
	lock_release(lockpath);
	_exit(128 + sig);
}

static void
open_modem(const char *dev, int speed)
{
	struct sigaction sa;
	struct serial_err e;

	if ((port = serial_open(dev, speed, &e)) == NULL)
		errx(EX_UNAVAILABLE, "%s: %s", dev, e.msg);
	if (atexit(close_port) != 0)
		err(EX_OSERR, "atexit");
	snprintf(lockpath, sizeof(lockpath), "%s", serial_lockpath(port));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (verbose) {
		if (*serial_why(port) != '\0')
			warnx("%s: %s", dev, serial_why(port));
		warnx("%s: %d 8N1 through %s", dev, speed,
		    serial_backend(port));
	}
}

static void
print_reply(const struct at_reply *r)
{
	size_t i;

	for (i = 0; i < r->nlines; i++) {
		put_escaped(stdout, r->lines[i], strlen(r->lines[i]));
		putchar('\n');
	}
	fflush(stdout);
}

/*
 * Run one command; returns how many operands it used (2 when the modem
 * prompted and the next operand was its body), or exits on failure.
 */
static int
run(struct at *a, const char *dev, char **argv, int timeout_s)
{
	struct at_reply r;
	char what[AT_LINE_MAX + 64];

	if (at_command(a, argv[0], argv[1], timeout_s * 1000, &r) == -1) {
		if (errno == ETIMEDOUT)
			errx(EX_TEMPFAIL, "%s: no response to %s within %d s",
			    dev, argv[0], timeout_s);
		if (errno == EIO)
			errx(EX_UNAVAILABLE, "%s: device hung up during %s",
			    dev, argv[0]);
		if (errno == EINVAL)
			errx(EX_USAGE, "%s: command too long or holds a "
			    "control character", argv[0]);
		err(EX_UNAVAILABLE, "%s: %s", dev, argv[0]);
	}
	print_reply(&r);
	at_reply_free(&r);
	if (verbose)
		warnx("%s: %s: %s", dev, argv[0], r.final_text);
	if (r.final != AT_OK && r.final != AT_CONNECT) {
		at_final_describe(r.final, r.errnum, r.final_text, what,
		    sizeof(what));
		errx(1, "%s: %s: %s", dev, argv[0], what);
	}
	return r.body_sent ? 2 : 1;
}

int
main(int argc, char *argv[])
{
	const char *conf, *dev = NULL, *errstr;
	struct at a;
	int ch, list = 0, need_conf = 0, speed = 0, timeout_s;

	conf = config_default_path();
	timeout_s = DEFAULT_TIMEOUT_S;
	while ((ch = getopt(argc, argv, "c:hLl:s:t:vV")) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			need_conf = 1;
			break;
		case 'L':
			list = 1;
			break;
		case 'l':
			dev = optarg;
			break;
		case 's':
			speed = (int)str_to_num(optarg, 1, 4000000, &errstr);
			if (errstr != NULL || !serial_speed_valid(speed))
				errx(EX_USAGE, "speed %s: unsupported", optarg);
			break;
		case 't':
			timeout_s = (int)str_to_num(optarg, 1, 3600, &errstr);
			if (errstr != NULL)
				errx(EX_USAGE, "timeout %s: %s (1-3600 s)",
				    optarg, errstr);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			printf("atcmd %s\n", OOBM_VERSION);
			return EX_OK;
		case 'h':
			usage(EX_OK);
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	if (list) {
		if (argc != 0)
			usage(EX_USAGE);
		return list_ports();
	}
	if (argc == 0)
		usage(EX_USAGE);
	configure(conf, need_conf || dev == NULL, &dev, &speed);
	if (speed == 0)
		speed = DEFAULT_SPEED;

	open_modem(dev, speed);
	at_init(&a, port, show_urc, (void *)dev);
	if (at_reset_line(&a, RESET_SETTLE_MS) == -1)
		err(EX_UNAVAILABLE, "%s", dev);
	while (*argv != NULL)
		argv += run(&a, dev, argv, timeout_s);
	return EX_OK;
}
