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
#include "netreg.h"
#include "profile.h"
#include "serial.h"
#include "ussd.h"
#include "util.h"

#define DEFAULT_TIMEOUT_S	10

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

static int
list_ports(void)
{
	struct serial_err e;

	if (serial_list(print_port, NULL, &e) == -1)
		errx(EX_UNAVAILABLE, "%s", e.msg);
	return EX_OK;
}

/* -F: the modem oobm_modem=auto finds, its ports by role. */
static int
find_modem(void)
{
	struct profile_found f;

	modem_find(&f);
	printf("profile=%s usb=%04x:%04x at=", f.p->id, f.vid, f.pid);
	put_safe(stdout, f.at);
	put_field("data", f.data);
	put_field("nmea", f.nmea);
	put_field("name", f.p->name);
	putchar('\n');
	return EX_OK;
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
identify(struct at *a, const char *dev, int timeout_s)
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

	if ((p = modem_profile_of(dev)) != NULL)
		printf("profile=%s\n", p->id);
	for (i = 0; i < sizeof(id) / sizeof(id[0]); i++) {
		modem_ask(a, dev, id[i].cmd, timeout_s, line, sizeof(line));
		put_line(id[i].key, line);
	}
	modem_netreg(a, dev, timeout_s, &n);
	put_line("operator", n.cops.oper[0] != '\0' ? n.cops.oper : "none");
	printf("act=%s\ncs=%s\nps=%s\neps=%s\nims=%s\nsms=%s\n",
	    netreg_act_name(n.cops.act), netreg_stat_name(n.cs),
	    netreg_stat_name(n.ps), netreg_stat_name(n.eps),
	    n.ims == 1 ? "registered" : n.ims == 0 ? "not" : "unknown",
	    netreg_sms_name(netreg_sms(&n)));
	/* for people: what to do, the table's word for this modem */
	if (netreg_sms(&n) == SMS_LTE_ONLY)
		warnx("%s: registered on LTE, but not for SMS: %s", dev,
		    p != NULL ? p->lte_sms : "turn SMS over IMS on if the "
		    "modem has it, or use a network that delivers SMS on LTE "
		    "(SGs), or allow 2G");
	return EX_OK;
}

/*
 * One setting of the profile: asked, and set only when it is not so
 * already, so that a boot does not write the modem's NVRAM each time.
 * "set=COMMAND nv=0|1 reset=0|1" for each one set; with dry (-n)
 * "unset=..." for each one that would be, and nothing is changed.
 */
static void
setting(struct at *a, const char *dev, const struct profile_setting *st,
    int dry, int timeout_s)
{
	struct at_reply r;
	char line[AT_LINE_MAX];

	if (st->query == NULL)
		return;
	modem_ask(a, dev, st->query, timeout_s, line, sizeof(line));
	if (profile_setting_is(st, line))
		return;
	if (!dry) {
		if (at_command(a, st->set, NULL, timeout_s * 1000, &r) == -1)
			modem_fail(dev, st->set, timeout_s);
		at_reply_free(&r);
		if (r.final != AT_OK)
			modem_refused(dev, st->set, &r);
	}
	/* the table's own text: no blank, nothing from outside */
	printf("%s=%s nv=%d reset=%d\n", dry ? "unset" : "set", st->set,
	    st->nv, st->reset);
}

/* -M: the modem put in the mode oobm needs, as its profile says. */
static int
put_in_mode(struct at *a, const char *dev, int dry, int timeout_s)
{
	const struct profile *p;

	if ((p = modem_profile_of(dev)) == NULL)
		errx(EX_UNAVAILABLE, "%s: not a port of a modem of the table "
		    "(atcmd -L): its settings are not known", dev);
	setting(a, dev, &p->mode, dry, timeout_s);
	setting(a, dev, &p->urc, dry, timeout_s);
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
	if (port_verbose)
		warnx("%s: %s: %s", dev, argv[0], r.final_text);
	if (r.final != AT_OK && r.final != AT_CONNECT)
		modem_refused(dev, argv[0], &r);
	return r.body_sent ? 2 : 1;
}

/* -u: the +CUSD answer, which comes as a URC after the OK */
static char cusd[AT_LINE_MAX];

static void
on_urc(void *dev, enum at_kind kind, const char *line, size_t len)
{
	modem_show_urc(dev, kind, line, len);
	if (kind == AT_URC && cusd[0] == '\0' && len < sizeof(cusd) &&
	    strncmp(line, "+CUSD:", 6) == 0) {
		memcpy(cusd, line, len);
		cusd[len] = '\0';
	}
}

/*
 * A USSD code (a balance query such as *111#): sent packed, as Huawei
 * sticks want it, then the network's answer waited for and printed as
 * "status=N text=..." (controls and bad UTF-8 escaped, so one line).  A
 * menu the network opens (status 1) is closed again.
 */
static int
ussd(struct at *a, const char *dev, const char *code, int timeout_s)
{
	char hex[USSD_SEPTETS_MAX * 2 + 8], cmd[AT_LINE_MAX], esc[256];
	struct sms_ussd u;
	struct at_reply r;
	int64_t deadline;
	int left;

	if (sms_ussd_pack(code, hex, sizeof(hex)) != 0) {
		escape_to(esc, sizeof(esc), code, strlen(code));
		errx(EX_DATAERR, "%s: not a USSD code in the GSM alphabet",
		    esc);
	}
	snprintf(cmd, sizeof(cmd), "AT+CUSD=1,\"%s\",15", hex);
	if (at_command(a, cmd, NULL, timeout_s * 1000, &r) == -1)
		modem_fail(dev, cmd, timeout_s);
	at_reply_free(&r);
	if (r.final != AT_OK)
		modem_refused(dev, cmd, &r);
	deadline = mono_ms() + (int64_t)timeout_s * 1000;
	while (cusd[0] == '\0' && (left = ms_left(deadline)) > 0)
		if (at_idle(a, left) == -1)
			modem_fail(dev, "waiting for +CUSD", timeout_s);
	if (cusd[0] == '\0')
		errx(EX_TEMPFAIL, "%s: no answer to %s within %d s", dev, code,
		    timeout_s);
	if (sms_ussd_parse(cusd, &u) != 0) {
		escape_to(esc, sizeof(esc), cusd, strlen(cusd));
		errx(EX_DATAERR, "%s: unreadable answer to %s: %s", dev, code,
		    esc);
	}
	if (u.status == 1 && at_command(a, "AT+CUSD=2", NULL,
	    timeout_s * 1000, &r) == 0)
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

int
main(int argc, char *argv[])
{
	const char *conf, *dev = NULL, *code = NULL;
	struct at a;
	int ch, dry = 0, find = 0, ident = 0, list = 0, mode = 0;
	int need_conf = 0, opts = 0, speed = 0;
	int timeout_s;

	conf = config_default_path();
	timeout_s = DEFAULT_TIMEOUT_S;
	while ((ch = getopt(argc, argv, "c:FhILl:Mns:t:u:vV")) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			need_conf = 1;
			break;
		case 'F':
			find = 1;
			break;
		case 'I':
			ident = 1;
			break;
		case 'M':
			mode = 1;
			break;
		case 'n':
			dry = 1;
			break;
		case 'L':
			list = 1;
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
		case 'u':
			code = optarg;
			break;
		case 'v':
			port_verbose = 1;
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

	opts = need_conf || dev != NULL || speed != 0 || code != NULL ||
	    ident || mode || dry || timeout_s != DEFAULT_TIMEOUT_S;
	if (dry && !mode)
		usage(EX_USAGE);	/* -n is -M's */
	if (list || find) {
		/* a mode of its own: no device, no command */
		if (argc != 0 || opts || (list && find))
			usage(EX_USAGE);
		return list ? list_ports() : find_modem();
	}
	/* one of: commands, -u, -I, -M */
	if ((argc != 0) + (code != NULL) + ident + mode != 1)
		usage(EX_USAGE);
	modem_settings(conf, need_conf, &dev, &speed);
	modem_start(&a, dev, speed, on_urc, timeout_s);
	if (code != NULL)
		return ussd(&a, dev, code, timeout_s);
	if (ident)
		return identify(&a, dev, timeout_s);
	if (mode)
		return put_in_mode(&a, dev, dry, timeout_s);
	while (*argv != NULL)
		argv += run(&a, dev, argv, timeout_s);
	return EX_OK;
}
