/*
 * atcmd: send AT commands to a modem and print their responses.
 */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "at.h"
#include "config.h"
#include "mode.h"
#include "modem.h"
#include "modemopt.h"
#include "netcall.h"
#include "netreg.h"
#include "profile.h"
#include "serial.h"
#include "usbnet.h"
#include "ussd.h"
#include "util.h"

#define DEFAULT_TIMEOUT_S	10
#define DEFAULT_WAIT_S		60	/* -w: oobm_link_timeout's default */

/* What the options say, whichever mode reads them. */
struct settings {
	struct modem_opts modem;	/* -c -l -s -t -v */
	const char	*code;		/* -u */
	const char	*call;		/* -N: up, down, state or addrs */
	const char	*apn;		/* -a */
	int		 wait_s;	/* -w */
	int		 dry;		/* -n */
	char		**commands;	/* the operands */
	unsigned char	 given[UCHAR_MAX + 1];	/* the options given */
};

/* The modem's AT port, open and in step with the modem. */
struct modem {
	struct at	 at;
	const char	*dev;
	int		 timeout_s;
};

/* -u: the network's answer, which comes as a URC after the OK. */
struct cusd {
	const char	*dev;		/* for -v's URC lines */
	char		 line[AT_LINE_MAX];	/* "" until it comes */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: atcmd [-v] [-c config] [-l device] [-s speed] "
	    "[-t seconds] command ...\n"
	    "       atcmd [-v] [-c config] [-l device] [-s speed] "
	    "[-t seconds] -u code\n"
	    "       atcmd [-v] [-c config] [-l device] [-s speed] "
	    "[-t seconds] -I\n"
	    "       atcmd [-v] [-c config] [-l device] [-s speed] "
	    "[-t seconds] -M [-n]\n"
	    "       atcmd [-v] [-c config] [-l device] [-s speed] "
	    "[-t seconds] [-w seconds]\n"
	    "             -N up -a apn | -N down | -N state | -N addrs\n"
	    "       atcmd -L\n"
	    "       atcmd -F\n"
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
	const struct profile *p;

	(void)arg;
	printf("port=");
	put_safe(stdout, pi->name);
	printf(" transport=%s", pi->transport);
	if (pi->vid >= 0)
		printf(" usb=%04x:%04x", pi->vid, pi->pid);
	if (pi->interface >= 0)
		printf(" interface=%d", pi->interface);
	put_field("interface_name", pi->interface_name);
	if (pi->ucom >= 0)
		printf(" ucom=%d", pi->ucom);
	put_field("manufacturer", pi->manufacturer);
	put_field("product", pi->product);
	put_field("serial", pi->serial);
	put_field("description", pi->description);
	/* the table's word on it (profile.h) */
	if ((p = profile_by_usb(pi->vid, pi->pid)) != NULL)
		printf(" profile=%s role=%s", p->id,
		    profile_role_name(profile_port_role(p, pi)));
	putchar('\n');
}

/* -L: every serial port, with what the table of modems says of it. */
static int
do_list(const struct settings *s)
{
	struct serial_err e;

	char net[64];
	int vid, pid;

	(void)s;
	if (serial_list(print_port, NULL, &e) == -1)
		errx(EX_UNAVAILABLE, "%s", e.msg);
	/* a HiLink stick has no port: its network interface instead */
	if (usbnet_hilink(net, sizeof(net), &vid, &pid) == 0) {
		fputs("net=", stdout);
		put_safe(stdout, net);
		printf(" usb=%04x:%04x profile=hilink\n", vid, pid);
	}
	return EX_OK;
}

/*
 * -F: the modem oobm_modem=auto finds, its ports by role, and its own
 * network interface where the kernel shows one.
 */
static int
do_find(const struct settings *s)
{
	struct profile_found f;
	char net[64];

	(void)s;
	modem_find(&f);
	printf("profile=%s usb=%04x:%04x at=", f.p->id, f.vid, f.pid);
	put_safe(stdout, f.at);
	put_field("data", f.data);
	put_field("nmea", f.nmea);
	if (usbnet_iface(f.at, net, sizeof(net)) == 0)
		put_field("net", net);
	put_field("name", f.p->name);
	putchar('\n');
	return EX_OK;
}

static int
do_version(const struct settings *s)
{
	(void)s;
	printf("atcmd %s\n", OOBM_VERSION);
	return EX_OK;
}

/*
 * The device and speed from the options or oobm.conf, the port opened
 * and locked, the dialogue in step (modem_start); URCs shown under -v.
 */
static void
open_modem(const struct settings *s, struct modem *m)
{
	int speed = s->modem.speed;

	m->dev = s->modem.dev;
	m->timeout_s = s->modem.timeout_s;
	modem_settings(s->modem.conf, s->given['c'], &m->dev, &speed);
	modem_start(&m->at, m->dev, speed, NULL, m->timeout_s);
}

static void
put_line(const char *key, const char *value)
{
	printf("%s=", key);
	put_safe(stdout, value[0] != '\0' ? value : "unknown");
	putchar('\n');
}

/* -I: who the modem is, where it is registered, whether SMS reach it. */
static int
identify(struct modem *m)
{
	static const struct {
		const char	*key;
		const char	*cmd;
	} id[] = {
		{ "manufacturer", "AT+CGMI" }, { "model", "AT+CGMM" },
		{ "firmware", "AT+CGMR" },
	};
	const struct profile *p;
	char line[AT_LINE_MAX];
	struct netreg n;
	size_t i;

	if ((p = modem_profile_of(m->dev)) != NULL)
		printf("profile=%s\n", p->id);
	for (i = 0; i < sizeof(id) / sizeof(id[0]); i++) {
		modem_ask(&m->at, m->dev, id[i].cmd, m->timeout_s, line,
		    sizeof(line));
		put_line(id[i].key, line);
	}
	modem_netreg(&m->at, m->dev, m->timeout_s, &n);
	put_line("operator", n.cops.oper[0] != '\0' ? n.cops.oper : "none");
	printf("act=%s\ncs=%s\nps=%s\neps=%s\nims=%s\nsms=%s\n",
	    netreg_act_name(n.cops.act), netreg_stat_name(n.cs),
	    netreg_stat_name(n.ps), netreg_stat_name(n.eps),
	    n.ims == 1 ? "registered" : n.ims == 0 ? "not" : "unknown",
	    netreg_sms_name(netreg_sms(&n)));
	/* for people: what to do, the table's word for this modem */
	if (netreg_sms(&n) == SMS_LTE_ONLY)
		warnx("%s: registered on LTE, but not for SMS: %s", m->dev,
		    p != NULL ? p->lte_sms : "turn SMS over IMS on if the "
		    "modem has it, or use a network that delivers SMS on LTE "
		    "(SGs), or allow 2G");
	return EX_OK;
}

static int
do_identify(const struct settings *s)
{
	struct modem m;

	open_modem(s, &m);
	return identify(&m);
}

/*
 * One setting of the profile: asked, and set only when it is not so
 * already, so that a boot does not write the modem's NVRAM each time.
 * "set=COMMAND nv=0|1 reset=0|1" for each one set; with dry (-n)
 * "unset=..." for each one that would be, and nothing is changed.
 */
static void
setting(struct modem *m, const struct profile_setting *st, int dry)
{
	struct at_reply r;
	char line[AT_LINE_MAX];

	if (st->query == NULL)
		return;
	modem_ask(&m->at, m->dev, st->query, m->timeout_s, line, sizeof(line));
	if (profile_setting_is(st, line))
		return;
	if (!dry) {
		if (at_command(&m->at, st->set, NULL, m->timeout_s * 1000,
		    &r) == -1)
			modem_fail(m->dev, st->set, m->timeout_s);
		at_reply_free(&r);
		if (r.final != AT_OK)
			modem_refused(m->dev, st->set, &r);
	}
	/* the table's own text: no blank, nothing from outside */
	printf("%s=%s nv=%d reset=%d\n", dry ? "unset" : "set", st->set,
	    st->nv, st->reset);
}

/* -M: the modem put in the mode oobm needs, as its profile says. */
static int
do_mode(const struct settings *s)
{
	const struct profile *p;
	struct modem m;

	open_modem(s, &m);
	if ((p = modem_profile_of(m.dev)) == NULL)
		errx(EX_UNAVAILABLE, "%s: not a port of a modem of the table "
		    "(atcmd -L): its settings are not known", m.dev);
	setting(&m, &p->mode, s->dry);
	setting(&m, &p->urc, s->dry);
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
run(struct modem *m, char **argv)
{
	struct at_reply r;

	if (at_command(&m->at, argv[0], argv[1], m->timeout_s * 1000,
	    &r) == -1)
		modem_fail(m->dev, argv[0], m->timeout_s);
	print_reply(&r);
	at_reply_free(&r);
	if (port_verbose)
		warnx("%s: %s: %s", m->dev, argv[0], r.final_text);
	if (r.final != AT_OK && r.final != AT_CONNECT)
		modem_refused(m->dev, argv[0], &r);
	return r.body_sent ? 2 : 1;
}

static int
do_commands(const struct settings *s)
{
	struct modem m;
	char **argv;

	open_modem(s, &m);
	for (argv = s->commands; *argv != NULL; argv += run(&m, argv))
		continue;
	return EX_OK;
}

/* The first +CUSD line kept; every URC shown under -v, as elsewhere. */
static void
on_cusd(void *arg, enum at_kind kind, const char *line, size_t len)
{
	struct cusd *c = arg;

	modem_show_urc((void *)c->dev, kind, line, len);
	if (kind == AT_URC && c->line[0] == '\0' && len < sizeof(c->line) &&
	    strncmp(line, "+CUSD:", 6) == 0) {
		memcpy(c->line, line, len);
		c->line[len] = '\0';
	}
}

/* AT+CUSD=1 with the code packed, as Huawei sticks want it. */
static void
ussd_send(struct modem *m, const char *code)
{
	char hex[USSD_SEPTETS_MAX * 2 + 8], cmd[AT_LINE_MAX], esc[256];
	struct at_reply r;

	if (sms_ussd_pack(code, hex, sizeof(hex)) != 0) {
		escape_to(esc, sizeof(esc), code, strlen(code));
		errx(EX_DATAERR, "%s: not a USSD code in the GSM alphabet",
		    esc);
	}
	snprintf(cmd, sizeof(cmd), "AT+CUSD=1,\"%s\",15", hex);
	if (at_command(&m->at, cmd, NULL, m->timeout_s * 1000, &r) == -1)
		modem_fail(m->dev, cmd, m->timeout_s);
	at_reply_free(&r);
	if (r.final != AT_OK)
		modem_refused(m->dev, cmd, &r);
}

/* The network's answer to code, waited for within the timeout, read. */
static void
ussd_answer(struct modem *m, const struct cusd *c, const char *code,
    struct sms_ussd *u)
{
	char esc[256];
	int64_t deadline;
	int left;

	deadline = mono_ms() + (int64_t)m->timeout_s * 1000;
	while (c->line[0] == '\0' && (left = ms_left(deadline)) > 0)
		if (at_idle(&m->at, left) == -1)
			modem_fail(m->dev, "waiting for +CUSD", m->timeout_s);
	if (c->line[0] == '\0')
		errx(EX_TEMPFAIL, "%s: no answer to %s within %d s", m->dev,
		    code, m->timeout_s);
	if (sms_ussd_parse(c->line, u) != 0) {
		escape_to(esc, sizeof(esc), c->line, strlen(c->line));
		errx(EX_DATAERR, "%s: unreadable answer to %s: %s", m->dev,
		    code, esc);
	}
}

/*
 * A USSD code (a balance query such as *111#): sent, then the network's
 * answer printed as "status=N text=..." (controls and bad UTF-8 escaped,
 * so one line).  A menu the network opens (status 1) is closed again.
 */
static int
ussd(struct modem *m, struct cusd *c, const char *code)
{
	struct sms_ussd u;
	struct at_reply r;

	ussd_send(m, code);
	ussd_answer(m, c, code, &u);
	if (u.status == 1 && at_command(&m->at, "AT+CUSD=2", NULL,
	    m->timeout_s * 1000, &r) == 0)
		at_reply_free(&r);
	printf("status=%d text=", u.status);
	put_text(stdout, u.text, strlen(u.text));
	putchar('\n');
	switch (u.status) {
	case 0: case 1: case 2:
		return EX_OK;
	case 5:
		return EX_TEMPFAIL;
	default:
		return 1;	/* the network said no */
	}
}

static int
do_ussd(const struct settings *s)
{
	struct modem m;
	struct cusd c;

	open_modem(s, &m);
	c.dev = m.dev;
	c.line[0] = '\0';
	/*
	 * Taken from here on: a +CUSD before the sync's answer is a
	 * leftover of a run before ours (atcmd(1)), not our code's answer.
	 */
	m.at.urc = on_cusd;
	m.at.arg = &c;
	return ussd(&m, &c, s->code);
}

/* "call=up v4=1 v6=-1 cause=0": the call as the modem last said it */
static void
put_call(const struct dial_state *st)
{
	printf("call=%s v4=%d v6=%d cause=%d\n", dial_up(st) ? "up" : "down",
	    st->v4, st->v6, st->cause);
}

/* For people: why the network refused the call, where it says. */
static void
refused_call(const char *dev, const struct dial_state *st)
{
	const char *why = dial_cause_text(st->cause);

	if (st->cause == 0)
		warnx("%s: the call did not come up", dev);
	else
		warnx("%s: the network refused the call: %s (cause %d)%s", dev,
		    why != NULL ? why : "see 3GPP TS 24.008 10.5.6.6",
		    st->cause, st->cause == 27 || st->cause == 33 ?
		    "; check oobm_apn" : "");
}

static int
call_up(struct netcall *nc, const struct settings *s)
{
	int rv = netcall_up(nc, s->apn, s->wait_s);

	put_call(&nc->st);
	if (rv == 1) {
		refused_call(nc->dev, &nc->st);
		/* the owner's to mend: no use dialling again */
		if (dial_cause_final(nc->st.cause))
			rv = EX_CONFIG;
	} else if (rv == EX_TEMPFAIL)
		warnx("%s: no word of the call within %d s", nc->dev, s->wait_s);
	return rv;
}

static int
call_addrs(struct netcall *nc)
{
	struct dial_addrs a;
	int rv = netcall_addrs(nc, &a);

	if (rv == 1)
		warnx("%s: no addresses: no call", nc->dev);
	else if (rv == EX_DATAERR)
		warnx("%s: %s: an answer not understood", nc->dev,
		    nc->d->addrs);
	if (rv != 0)
		return rv;
	/* inet_ntop(3)'s text: nothing else */
	printf("addr=%s prefix=%d gw=%s dns=%s dns2=%s\n", a.addr, a.prefix,
	    a.gw, a.dns[0], a.dns[1]);
	return EX_OK;
}

/*
 * -N: the data call of the modem's own USB network function, by the
 * commands its profile names (oobm_link=usbnet).
 */
static int
do_call(const struct settings *s)
{
	const struct profile *p;
	const struct profile_dial *d;
	const char *mode;
	struct netcall nc;
	struct modem m;
	int rv = EX_OK;

	open_modem(s, &m);
	if ((p = modem_profile_of(m.dev)) == NULL)
		errx(EX_UNAVAILABLE, "%s: not a port of a modem of the table "
		    "(atcmd -L): how it is dialled is not known", m.dev);
	if (p->dial == NULL)
		errx(EX_UNAVAILABLE, "%s: the %s has no network function of "
		    "its own dialled by AT: use PPP (oobm_link=ppp)", m.dev,
		    p->name);
	/* a refused activation's +CME ERROR: number is its cause */
	modem_errors_numbered(&m.at, m.dev, m.timeout_s);
	if ((d = netcall_dial(&m.at, m.dev, p, m.timeout_s, &mode)) == NULL)
		errx(EX_UNAVAILABLE, "%s: the %s is in its %s composition, "
		    "which no AT command dials: set it to another (%s), or "
		    "use PPP (oobm_link=ppp)", m.dev, p->name, mode,
		    p->netmode_query);
	netcall_init(&nc, &m.at, m.dev, d, m.timeout_s);
	if (strcmp(s->call, "up") == 0)
		rv = call_up(&nc, s);
	else if (strcmp(s->call, "down") == 0) {
		if ((rv = netcall_down(&nc, s->wait_s)) != 0)
			warnx("%s: still up after %d s", m.dev, s->wait_s);
		put_call(&nc.st);
	} else if (strcmp(s->call, "addrs") == 0)
		rv = call_addrs(&nc);
	else {
		netcall_ask(&nc);
		put_call(&nc.st);
	}
	return rv;
}

/*
 * atcmd(1)'s SYNOPSIS, a line a mode: the option that chooses it, every
 * option its line has, its operands.  -n is -M's alone; -L and -F take
 * nothing, not even -v, which they would ignore.
 */
static const struct mode modes[] = {
	{ 'V', "V",	  0, 0, "-V",			  NULL, do_version },
	{ 'L', "L",	  0, 0, "-L (listing the ports)", NULL, do_list },
	{ 'F', "F",	  0, 0, "-F (finding the modem)", NULL, do_find },
	{ 'u', "uvclst",  0, 0, "-u (a USSD code)",	  NULL, do_ussd },
	{ 'I', "Ivclst",  0, 0, "-I (identifying)",	  NULL, do_identify },
	{ 'M', "Mnvclst", 0, 0, "-M (setting the mode)",  NULL, do_mode },
	{ 'N', "Navclstw", 0, 0, "-N (the data call)",	  NULL, do_call },
	{ 0,   "vclst",	  1, MODE_ANY, "sending commands", "a command",
	    do_commands },
};

/* One option, into s; -h and an unknown option end here. */
static void
option(struct settings *s, int ch)
{
	s->given[(unsigned char)ch] = 1;
	if (modem_opt(&s->modem, ch, optarg))
		return;
	switch (ch) {
	case 'n':
		s->dry = 1;
		break;
	case 'u':
		s->code = optarg;
		break;
	case 'N':
		s->call = optarg;
		break;
	case 'a':
		s->apn = optarg;
		break;
	case 'w':
		s->wait_s = (int)num_arg(optarg, 1, 3600, "-w");
		break;
	case 'F': case 'I': case 'L': case 'M': case 'V':
		break;		/* modes: given[] says */
	case 'h':
		usage(EX_OK);
	default:
		usage(EX_USAGE);
	}
}

/* -N's word is one of four; -a goes with "up" alone, which needs it. */
static int
call_words(const struct settings *s)
{
	static const char *const words[] = { "up", "down", "state", "addrs" };
	size_t i;

	if (s->call == NULL)
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(s->call, words[i]) == 0)
			break;
	if (i == sizeof(words) / sizeof(words[0]))
		warnx("-N %s: up, down, state or addrs", shown(s->call));
	else if (i == 0 && s->apn == NULL)
		warnx("-N up needs -a apn");
	else if (i != 0 && s->apn != NULL)
		warnx("-a goes with -N up alone");
	else
		return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct settings s = { .modem = { .conf = config_default_path(),
	    .timeout_s = DEFAULT_TIMEOUT_S }, .wait_s = DEFAULT_WAIT_S };
	const struct mode *m;
	int ch;

	while ((ch = getopt(argc, argv, MODEM_OPTS "a:FhILMN:nu:Vw:")) != -1)
		option(&s, ch);
	argc -= optind;
	argv += optind;
	if ((m = mode_of(modes, s.given, argc)) == NULL || !call_words(&s))
		usage(EX_USAGE);
	s.commands = argv;
	return m->fn(&s);
}
