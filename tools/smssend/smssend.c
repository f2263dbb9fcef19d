/*
 * smssend: send an SMS through the modem, in PDU mode.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "at.h"
#include "config.h"
#include "modem.h"
#include "serial.h"
#include "sms.h"
#include "smsat.h"
#include "smsenc.h"
#include "util.h"

/* Networks take tens of seconds to accept a message: wait for it. */
#define DEFAULT_TIMEOUT_S	60
#define SETUP_TIMEOUT_S		10
#define TEXT_MAX		(SMS_PARTS_MAX * 160 * 4)

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: smssend [-v] [-c config] [-l device] [-s speed] "
	    "[-t seconds] number [text ...]\n"
	    "       smssend -V\n");
	exit(status);
}

/* A setup command that must succeed. */
static void
must(struct at *a, const char *dev, const char *cmd)
{
	struct at_reply r;

	if (at_command(a, cmd, NULL, SETUP_TIMEOUT_S * 1000, &r) == -1)
		modem_fail(dev, cmd, SETUP_TIMEOUT_S);
	at_reply_free(&r);
	if (r.final != AT_OK)
		modem_refused(dev, cmd, &r);
}

/* The message reference from "+CMGS: <mr>", or -1. */
static int
reference(const struct at_reply *r)
{
	size_t i;
	int mr;

	for (i = 0; i < r->nlines; i++)
		if (sms_parse_cmgs(r->lines[i], &mr) == 0)
			return mr;
	return -1;
}

static void
send_part(struct at *a, const char *dev, const struct sms_part *p, int i,
    int n, int timeout_s)
{
	struct at_reply r;
	char cmd[32];
	int mr;

	snprintf(cmd, sizeof(cmd), "AT+CMGS=%d", p->tpdu_len);
	if (at_command(a, cmd, p->hex, timeout_s * 1000, &r) == -1) {
		if (i > 0)
			warnx("%s: part %d of %d failed; %d sent before it",
			    dev, i + 1, n, i);
		modem_fail(dev, cmd, timeout_s);
	}
	mr = reference(&r);
	at_reply_free(&r);
	if (r.final != AT_OK || !r.body_sent) {
		if (i > 0)
			warnx("%s: part %d of %d refused; %d sent before it",
			    dev, i + 1, n, i);
		modem_sms_refused(a, dev, cmd, &r, SETUP_TIMEOUT_S);
	}
	printf("part=%d/%d mr=%d\n", i + 1, n, mr);
	fflush(stdout);
}

int
main(int argc, char *argv[])
{
	static struct sms_part parts[SMS_PARTS_MAX];
	const char *conf, *dev = NULL;
	struct at a;
	char *text;
	size_t len;
	int ch, conf_given = 0, speed = 0, timeout_s, n, i;

	conf = config_default_path();
	timeout_s = DEFAULT_TIMEOUT_S;
	while ((ch = getopt(argc, argv, "c:hl:s:t:vV")) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			conf_given = 1;
			break;
		case 'l':
			dev = optarg;
			break;
		case 's':
			speed = port_speed_arg(optarg);
			break;
		case 't':
			timeout_s = port_timeout_arg(optarg);
			break;
		case 'v':
			port_verbose = 1;
			break;
		case 'V':
			printf("smssend %s\n", OOBM_VERSION);
			return EX_OK;
		case 'h':
			usage(EX_OK);
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage(EX_USAGE);

	text = read_message(argc - 1, argv + 1, TEXT_MAX, &len);
	/* Concatenation reference: differs between runs, same for parts. */
	n = sms_encode(argv[0], text, len, (unsigned int)(time(NULL) ^
	    getpid()) & 0xff, parts, SMS_PARTS_MAX);
	if (n < 0)
		errx(EX_DATAERR, "%s", n == SMS_ENUMBER ? "number must be "
		    "+digits (international) or digits" : sms_strerror(n));
	if (port_verbose)
		warnx("%zu bytes in %d part(s)", len, n);

	modem_settings(conf, conf_given, &dev, &speed);
	modem_start(&a, dev, speed, NULL, SETUP_TIMEOUT_S);
	modem_errors_numbered(&a, dev, SETUP_TIMEOUT_S);
	must(&a, dev, "AT+CMGF=0");
	for (i = 0; i < n; i++)
		send_part(&a, dev, &parts[i], i, n, timeout_s);
	free(text);
	return EX_OK;
}
