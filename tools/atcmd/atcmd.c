/*
 * atcmd: send AT commands to a modem and print their responses.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "at.h"
#include "config.h"
#include "modem.h"
#include "serial.h"
#include "util.h"

#define DEFAULT_TIMEOUT_S	10

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

	if (at_command(a, argv[0], argv[1], timeout_s * 1000, &r) == -1)
		modem_fail(dev, argv[0], timeout_s);
	print_reply(&r);
	at_reply_free(&r);
	if (modem_verbose)
		warnx("%s: %s: %s", dev, argv[0], r.final_text);
	if (r.final != AT_OK && r.final != AT_CONNECT)
		modem_refused(dev, argv[0], &r);
	return r.body_sent ? 2 : 1;
}

int
main(int argc, char *argv[])
{
	const char *conf, *dev = NULL;
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
			speed = modem_speed_arg(optarg);
			break;
		case 't':
			timeout_s = modem_timeout_arg(optarg);
			break;
		case 'v':
			modem_verbose = 1;
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
	modem_settings(conf, need_conf, &dev, &speed);
	modem_start(&a, dev, speed, NULL);
	while (*argv != NULL)
		argv += run(&a, dev, argv, timeout_s);
	return EX_OK;
}
