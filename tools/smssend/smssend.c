/*
 * smssend: send an SMS through the modem, in PDU mode.
 */
#include <curl/curl.h>
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "at.h"
#include "config.h"
#include "hilink.h"
#include "hlsession.h"
#include "mode.h"
#include "modem.h"
#include "modemopt.h"
#include "serial.h"
#include "sms.h"
#include "smsat.h"
#include "smsenc.h"
#include "util.h"

/* Networks take tens of seconds to accept a message: wait for it. */
#define DEFAULT_TIMEOUT_S	60
#define SETUP_TIMEOUT_S		10
#define TEXT_MAX		(SMS_PARTS_MAX * 160 * 4)

/* What the options say, whichever mode reads them. */
struct settings {
	struct modem_opts modem;	/* -c -l -s -t (for each part) -v */
	int		 argc;		/* the operands: number [text ...] */
	char		**argv;
	unsigned char	 given[UCHAR_MAX + 1];	/* the options given */
};

/* The modem's AT port, open and in PDU mode. */
struct modem {
	struct at	 at;
	const char	*dev;
};

/* The message: its text, and the PDUs of its parts. */
struct message {
	char		*text;
	size_t		 len;
	int		 n;		/* parts */
	struct sms_part	 parts[SMS_PARTS_MAX];
};

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
must(struct modem *m, const char *cmd)
{
	struct at_reply r;

	if (at_command(&m->at, cmd, NULL, SETUP_TIMEOUT_S * 1000, &r) == -1)
		modem_fail(m->dev, cmd, SETUP_TIMEOUT_S);
	at_reply_free(&r);
	if (r.final != AT_OK)
		modem_refused(m->dev, cmd, &r);
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

/*
 * The text from the operands after the number or from standard input,
 * encoded: exit 65 before the modem is opened when it cannot be sent.
 */
static void
compose(const struct settings *s, struct message *msg)
{
	msg->text = read_message(s->argc - 1, s->argv + 1, TEXT_MAX,
	    &msg->len);
	/* Concatenation reference: differs between runs, same for parts. */
	msg->n = sms_encode(s->argv[0], msg->text, msg->len,
	    (unsigned int)(time(NULL) ^ getpid()) & 0xff, msg->parts,
	    SMS_PARTS_MAX);
	if (msg->n < 0)
		errx(EX_DATAERR, "%s", msg->n == SMS_ENUMBER ? "number must "
		    "be +digits (international) or digits" :
		    sms_strerror(msg->n));
	if (port_verbose)
		warnx("%zu bytes in %d part(s)", msg->len, msg->n);
}

/*
 * The device and speed from the options or oobm.conf, the port opened
 * and locked, errors numbered, PDU mode.
 */
static void
open_modem(const struct settings *s, struct modem *m)
{
	int speed = s->modem.speed;

	m->dev = s->modem.dev;
	modem_settings(s->modem.conf, s->given['c'], &m->dev, &speed);
	modem_start(&m->at, m->dev, speed, NULL, SETUP_TIMEOUT_S);
	modem_errors_numbered(&m->at, m->dev, SETUP_TIMEOUT_S);
	must(m, "AT+CMGF=0");
}

static void
send_part(struct modem *m, const struct sms_part *p, int i, int n,
    int timeout_s)
{
	struct at_reply r;
	char cmd[32];
	int mr;

	snprintf(cmd, sizeof(cmd), "AT+CMGS=%d", p->tpdu_len);
	if (at_command(&m->at, cmd, p->hex, timeout_s * 1000, &r) == -1) {
		if (i > 0)
			warnx("%s: part %d of %d failed; %d sent before it",
			    m->dev, i + 1, n, i);
		modem_fail(m->dev, cmd, timeout_s);
	}
	mr = reference(&r);
	at_reply_free(&r);
	if (r.final != AT_OK || !r.body_sent) {
		if (i > 0)
			warnx("%s: part %d of %d refused; %d sent before it",
			    m->dev, i + 1, n, i);
		modem_sms_refused(&m->at, m->dev, cmd, &r, SETUP_TIMEOUT_S);
	}
	printf("part=%d/%d mr=%d\n", i + 1, n, mr);
	fflush(stdout);
}

/* How a failed exchange with the stick ends the run, with why. */
static void __attribute__((noreturn))
hilink_failed(const struct hls *h)
{
	errx(hls_exit_status(h), "%s", h->why);
}

/* The stick's word on the message: 1 sent, 0 not yet, -1 failed. */
static int
hilink_sent(struct hls *h, const char *number)
{
	struct hl_answer *a;
	const char *v;
	int r = 0;

	if (hls_get(h, "/api/sms/send-status", &a) == -1)
		hilink_failed(h);
	/* 100002, no such report: the send's OK is all it says */
	if ((v = hl_get(a, "FailPhone", 0)) != NULL &&
	    strstr(v, number) != NULL)
		r = -1;
	else if (a->error == 100002 || ((v = hl_get(a, "SucPhone", 0)) !=
	    NULL && strstr(v, number) != NULL))
		r = 1;
	hl_free(a);
	return r;
}

/*
 * A HiLink stick (-l http://...): the text handed to its web API, which
 * splits and codes it itself, then its send-status asked until it says
 * sent or failed, within -t.
 */
static void
send_hilink(const struct settings *s, const struct message *msg,
    const char *url)
{
	char date[32], *body;
	struct hl_answer *a;
	struct hls h;
	time_t t = time(NULL);
	size_t size = msg->len * 6 + 512;
	int r;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		errx(EX_SOFTWARE, "libcurl: cannot start");
	if (hls_init(&h, url, s->modem.timeout_s, port_verbose) == -1)
		errx(EX_USAGE, "%s", h.why);
	if (hls_login_conf(&h, s->modem.conf, s->given['c']) == -1)
		errx(EX_CONFIG, "%s", h.why);
	/* the stick's own form of its local time */
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", localtime(&t));
	if ((body = malloc(size)) == NULL)
		err(EX_OSERR, NULL);
	if (hl_req_send(body, size, s->argv[0], msg->text, date) == -1)
		errx(EX_DATAERR, "the text holds a control character, which "
		    "the stick's API cannot carry");
	if (hls_post(&h, "/api/sms/send-sms", body, &a) == -1)
		hilink_failed(&h);
	free(body);
	if (a->error != 0)
		errx(1, "%s: send-sms: %s (%d)", h.base,
		    hl_error_text(a->error), a->error);
	hl_free(a);
	while ((r = hilink_sent(&h, s->argv[0])) == 0) {
		if (ms_left(h.deadline) == 0)
			errx(EX_TEMPFAIL, "%s: not said sent within %d s",
			    h.base, s->modem.timeout_s);
		sleep(1);
	}
	if (r == -1)
		errx(1, "%s: the network refused the message (send-status)",
		    h.base);
	printf("part=1/1 mr=-1\n");
	hls_close(&h);
	curl_global_cleanup();
}

/* The message encoded, then sent a part at a time. */
static int
do_send(const struct settings *s)
{
	static struct message msg;	/* static: 90 KB of parts */
	struct modem m;
	int i;

	compose(s, &msg);
	if (s->modem.dev != NULL && strncmp(s->modem.dev, "http://", 7) == 0) {
		send_hilink(s, &msg, s->modem.dev);
		free(msg.text);
		return EX_OK;
	}
	open_modem(s, &m);
	for (i = 0; i < msg.n; i++)
		send_part(&m, &msg.parts[i], i, msg.n, s->modem.timeout_s);
	free(msg.text);
	return EX_OK;
}

static int
do_version(const struct settings *s)
{
	(void)s;
	printf("smssend %s\n", OOBM_VERSION);
	return EX_OK;
}

/* smssend(1)'s SYNOPSIS, a line a mode (mode.h). */
static const struct mode modes[] = {
	{ 'V', "V",	0, 0,	     "-V",		      NULL, do_version },
	{ 0,   "vclst", 1, MODE_ANY, "sending a message", "a number",
	    do_send },
};

int
main(int argc, char *argv[])
{
	struct settings s = { .modem = { .conf = config_default_path(),
	    .timeout_s = DEFAULT_TIMEOUT_S } };
	const struct mode *m;
	int ch;

	while ((ch = getopt(argc, argv, MODEM_OPTS "hV")) != -1) {
		s.given[(unsigned char)ch] = 1;
		if (!modem_opt(&s.modem, ch, optarg) && ch != 'V')
			usage(ch == 'h' ? EX_OK : EX_USAGE);
	}
	argc -= optind;
	argv += optind;
	if ((m = mode_of(modes, s.given, argc)) == NULL)
		usage(EX_USAGE);
	s.argc = argc;
	s.argv = argv;
	return m->fn(&s);
}
