/*
 * hilinkctl: a Huawei HiLink stick's connection, through its web API
 * (docs/hilink.md): its state, and its mobile data switched on or off,
 * waited for until the stick says it is so.  The session is hlsession's.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "config.h"
#include "hilink.h"
#include "hlsession.h"
#include "mode.h"
#include "netreg.h"
#include "util.h"

#define DEFAULT_URL		"http://192.168.8.1"
#define DEFAULT_TIMEOUT_S	10
#define DEFAULT_WAIT_S		60
#define POLL_MS			500

struct settings {
	const char	*conf;		/* -c: the login's oobm.conf */
	const char	*url;		/* -u */
	int		 timeout_s;	/* -t: one exchange, its retries */
	int		 wait_s;	/* -w: data on|off until it is so */
	int		 verbose;
	int		 argc;
	char		**argv;
	unsigned char	 given[UCHAR_MAX + 1];
};

/* The stick's state, each field checked before it is shown. */
struct state {
	int		 status;	/* ConnectionStatus, -1 unsaid */
	int		 signal;	/* SignalIcon 0-5, -1 */
	char		 wan[INET_ADDRSTRLEN];	/* "" when none */
	int		 sim;		/* SimStatus, -1 */
	int		 service;	/* ServiceStatus (2 in service), -1 */
	int		 roaming;	/* RoamingStatus (1 roaming), -1 */
};

/* What status adds: the network, the signal, the SMS (-1, "" unsaid). */
struct detail {
	char		 oper[33];	/* current-plmn's FullName, made safe */
	int		 rat;		/* its Rat, a 27.007 <AcT> */
	int		 rssi;		/* device/signal's rssi, dBm */
	int		 unread;	/* sms-count's LocalUnread */
	int		 stored;	/* its LocalInbox */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: hilinkctl [-v] [-c config] [-t seconds] [-u url] status\n"
	    "       hilinkctl [-v] [-c config] [-t seconds] [-u url] "
	    "[-w seconds] data on|off\n"
	    "       hilinkctl -V\n");
	exit(status);
}

/* How a failed exchange ends the run, with why. */
static void __attribute__((noreturn))
failed(const struct hls *h)
{
	errx(hls_exit_status(h), "%s", h->why);
}

/* An <error> the session could not mend ends the run. */
static void
refused(const struct hls *h, const char *what, const struct hl_answer *a)
{
	if (a->error == 0)
		return;
	errx(a->error == 100003 ? EX_NOPERM : a->error == 100004 ||
	    a->error == 113018 ? EX_TEMPFAIL : 1, "%s: %s: %s (%d)", h->base,
	    what, hl_error_text(a->error), a->error);
}

/* A field's number in [min, max], else -1. */
static int
num(const struct hl_answer *a, const char *name, int min, int max)
{
	const char *v = hl_get(a, name, 0), *errstr;
	long long n;

	if (v == NULL)
		return -1;
	n = str_to_num(v, min, max, &errstr);
	return errstr != NULL ? -1 : (int)n;
}

static void
read_state(struct hls *h, struct state *st)
{
	struct hl_answer *a;
	const char *wan;
	struct in_addr in;

	if (hls_get(h, "/api/monitoring/status", &a) == -1)
		failed(h);
	refused(h, "monitoring/status", a);
	st->status = num(a, "ConnectionStatus", 0, 999999);
	st->signal = num(a, "SignalIcon", 0, 5);
	st->sim = num(a, "SimStatus", 0, 255);
	st->service = num(a, "ServiceStatus", 0, 255);
	st->roaming = num(a, "RoamingStatus", 0, 255);
	wan = hl_get(a, "WanIPAddress", 0);
	st->wan[0] = '\0';
	if (wan != NULL && inet_pton(AF_INET, wan, &in) == 1)
		inet_ntop(AF_INET, &in, st->wan, sizeof(st->wan));
	hl_free(a);
}

/* The web UI's names of ConnectionStatus (docs/hilink.md 6). */
static const char *
connection(int status)
{
	switch (status) {
	case 900: return "connecting";
	case 901: return "connected";
	case 902: return "disconnected";
	case 903: return "disconnecting";
	default: return "other";
	}
}

/* One line for scripts: words and numbers only, checked. */
static void
put_state(const struct state *st)
{
	printf("connection=%s status=%d signal=%d sim=%d wan=%s service=%d "
	    "roaming=%d", connection(st->status), st->status, st->signal,
	    st->sim, st->wan[0] != '\0' ? st->wan : "-", st->service,
	    st->roaming);
}

/*
 * An answer for status's details: NULL when the stick does not have it
 * (100002 on older firmware, say); a login it wants ends the run.
 */
static struct hl_answer *
ask_detail(struct hls *h, const char *path)
{
	struct hl_answer *a;

	if (hls_get(h, path, &a) == -1)
		failed(h);
	if (a->error == 100003)
		refused(h, path, a);
	if (a->error != 0) {
		hl_free(a);
		return NULL;
	}
	return a;
}

/* A word of letters, digits and ".+-", others made '_'; "" stays. */
static void
word(char *dst, size_t size, const char *src)
{
	size_t n = 0;

	for (; src != NULL && *src != '\0' && n + 1 < size; src++, n++)
		dst[n] = strchr(".+-", *src) != NULL ||
		    (*src >= '0' && *src <= '9') ||
		    ((*src | 0x20) >= 'a' && (*src | 0x20) <= 'z') ? *src : '_';
	dst[n] = '\0';
}

/*
 * The operator and its access technology (net/current-plmn, whose Rat
 * is +COPS's <AcT>: 2 for a 3G sample, docs/hilink.md 6), the signal
 * (device/signal's rssi, "-67dBm") and the SMS held (sms-count).
 */
static void
read_detail(struct hls *h, struct detail *d)
{
	struct hl_answer *a;
	const char *v, *errstr;
	long long n;

	d->oper[0] = '\0';
	d->rat = d->rssi = d->unread = d->stored = -1;
	if ((a = ask_detail(h, "/api/net/current-plmn")) != NULL) {
		word(d->oper, sizeof(d->oper), hl_get(a, "FullName", 0));
		d->rat = num(a, "Rat", 0, 255);
		hl_free(a);
	}
	if ((a = ask_detail(h, "/api/device/signal")) != NULL) {
		char dbm[16];

		if ((v = hl_get(a, "rssi", 0)) != NULL &&
		    strlen(v) < sizeof(dbm)) {
			snprintf(dbm, sizeof(dbm), "%s", v);
			dbm[strcspn(dbm, "d")] = '\0';	/* the unit, dBm */
			n = str_to_num(dbm, -150, 0, &errstr);
			if (errstr == NULL)
				d->rssi = (int)n;
		}
		hl_free(a);
	}
	if ((a = ask_detail(h, "/api/sms/sms-count")) != NULL) {
		d->unread = num(a, "LocalUnread", 0, 999999);
		d->stored = num(a, "LocalInbox", 0, 999999);
		hl_free(a);
	}
}

static void
put_detail(const struct detail *d)
{
	printf(" operator=%s act=%s rssi=%d unread=%d stored=%d",
	    d->oper[0] != '\0' ? d->oper : "none",
	    d->rat >= 0 ? netreg_act_name(d->rat) : "unknown", d->rssi,
	    d->unread, d->stored);
}

static void
session(const struct settings *s, struct hls *h)
{
	if (hls_init(h, s->url, s->timeout_s, s->verbose) == -1)
		errx(EX_USAGE, "%s", h->why);
	if (hls_login_conf(h, s->conf, s->given['c']) == -1)
		errx(EX_CONFIG, "%s", h->why);
}

static int
do_status(const struct settings *s)
{
	struct hls h;
	struct state st;
	struct detail d;

	session(s, &h);
	read_state(&h, &st);
	read_detail(&h, &d);
	put_state(&st);
	put_detail(&d);
	putchar('\n');
	hls_close(&h);
	return EX_OK;
}

static void
nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1)
		;
}

/*
 * The switch set, then the stick asked until its connection is as
 * asked (901 connected, 902 disconnected), within -w.
 */
static int
do_data(const struct settings *s)
{
	char body[256];
	struct hl_answer *a;
	struct state st;
	struct hls h;
	int on, want;
	int64_t until = mono_ms() + (int64_t)s->wait_s * 1000;

	if (strcmp(s->argv[1], "on") != 0 && strcmp(s->argv[1], "off") != 0) {
		warnx("data: on or off, not %s", shown(s->argv[1]));
		usage(EX_USAGE);
	}
	on = strcmp(s->argv[1], "on") == 0;
	want = on ? 901 : 902;
	session(s, &h);
	if (hl_req_dataswitch(body, sizeof(body), on) == -1)
		errx(EX_SOFTWARE, "the request does not fit");
	if (hls_post(&h, "/api/dialup/mobile-dataswitch", body, &a) == -1)
		failed(&h);
	refused(&h, "mobile-dataswitch", a);
	hl_free(a);
	for (;;) {
		/* each question with its own deadline, within -w's */
		h.deadline = mono_ms() + (int64_t)s->timeout_s * 1000;
		read_state(&h, &st);
		if (st.status == want || ms_left(until) == 0)
			break;
		nap_ms(ms_left(until) < POLL_MS ? ms_left(until) : POLL_MS);
	}
	put_state(&st);
	putchar('\n');
	hls_close(&h);
	if (st.status != want) {
		warnx("%s: data %s: the stick says %s after %d s", h.base,
		    s->argv[1], connection(st.status), s->wait_s);
		return EX_TEMPFAIL;
	}
	return EX_OK;
}

static int
do_version(const struct settings *s)
{
	(void)s;
	printf("hilinkctl %s\n", OOBM_VERSION);
	return EX_OK;
}

/* The verbs of the default line, and their operands. */
static const struct verb {
	const char	*name;
	int		 argc;
	const char	*opts;		/* options of its line */
	int		(*fn)(const struct settings *);
} verbs[] = {
	{ "status", 1, "cvtu", do_status },
	{ "data", 2, "cvtuw", do_data },
};

static int
do_verb(const struct settings *s)
{
	const struct verb *v = NULL;

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].name, s->argv[0]) == 0)
			v = &verbs[i];
	if (v == NULL) {
		warnx("%s: not a verb (status, data)", shown(s->argv[0]));
		usage(EX_USAGE);
	}
	if (s->argc != v->argc) {
		warnx("%s: %s", v->name, v->argc == 1 ? "takes no operand" :
		    "on or off");
		usage(EX_USAGE);
	}
	for (int c = 0; c <= UCHAR_MAX; c++)
		if (s->given[c] && strchr(v->opts, c) == NULL) {
			warnx("%s: -%c is not of its line", v->name, c);
			usage(EX_USAGE);
		}
	return v->fn(s);
}

/* hilinkctl(1)'s SYNOPSIS, a line a mode (mode.h); verbs in verbs[]. */
static const struct mode modes[] = {
	{ 'V', "V",	0, 0,	     "-V",	  NULL, do_version },
	{ 0,   "cvtuw",	1, 2,	     "a verb",	  "a verb (status, data)",
	    do_verb },
};

/* A number of seconds in [1, 3600] for option c. */
static int
seconds(int c, const char *arg)
{
	const char *errstr;
	long long n = str_to_num(arg, 1, 3600, &errstr);

	if (errstr != NULL) {
		warnx("-%c %s: seconds, 1 to 3600", c, shown(arg));
		usage(EX_USAGE);
	}
	return (int)n;
}

int
main(int argc, char *argv[])
{
	struct settings s = { .conf = config_default_path(), .url = DEFAULT_URL,
	    .timeout_s = DEFAULT_TIMEOUT_S, .wait_s = DEFAULT_WAIT_S };
	const struct mode *m;
	int ch, rv;

	while ((ch = getopt(argc, argv, "c:hVt:u:vw:")) != -1) {
		s.given[(unsigned char)ch] = 1;
		switch (ch) {
		case 'c': s.conf = optarg; break;
		case 't': s.timeout_s = seconds(ch, optarg); break;
		case 'u': s.url = optarg; break;
		case 'v': s.verbose = 1; break;
		case 'w': s.wait_s = seconds(ch, optarg); break;
		case 'V': break;
		default: usage(ch == 'h' ? EX_OK : EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if ((m = mode_of(modes, s.given, argc)) == NULL)
		usage(EX_USAGE);
	s.argc = argc;
	s.argv = argv;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		errx(EX_SOFTWARE, "libcurl: cannot start");
	rv = m->fn(&s);
	curl_global_cleanup();
	return rv;
}
