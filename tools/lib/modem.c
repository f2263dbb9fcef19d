#include <errno.h>
#include <limits.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "modem.h"
#include "netreg.h"
#include "port.h"
#include "profile.h"
#include "serial.h"
#include "usbnet.h"
#include "util.h"

void
modem_settings(const char *conf, int conf_given, const char **dev,
    int *speed)
{
	struct config *c = NULL;
	char msg[512];

	/* -l alone needs no file: the speed is then -s or the default */
	if ((conf_given || *dev == NULL) &&
	    (c = config_load(conf, msg, sizeof(msg))) == NULL &&
	    (errno != ENOENT || conf_given))
		errx(EX_CONFIG, "%s", msg);	/* a file asked for by name */
	modem_settings_from(c, conf, dev, speed);
	config_free(c);
}

void
modem_settings_from(const struct config *c, const char *conf,
    const char **dev, int *speed)
{
	struct profile_found f;
	const char *v;

	if (*dev == NULL) {
		/* one device per process, kept after the config is freed */
		static char device[NAME_MAX_BYTES + 1];

		if (c == NULL)
			errx(EX_CONFIG, "no device: use -l, or set oobm_modem "
			    "in %s (which does not exist)", conf);
		if ((v = config_path(c, "oobm_modem")) == NULL ||
		    strcmp(v, "auto") == 0) {
			/* found by its USB identity */
			modem_find(&f);
			v = f.at;
		}
		if (strlen(v) >= sizeof(device))
			errx(EX_CONFIG, "%s: oobm_modem too long", conf);
		memcpy(device, v, strlen(v) + 1);
		*dev = device;
	}
	if (*speed == 0) {
		*speed = config_number(c, "oobm_modem_speed");
		if (!serial_speed_valid(*speed))
			errx(EX_CONFIG, "%s: oobm_modem_speed %d: unsupported",
			    conf, *speed);
	}
}

void
modem_start(struct at *a, const char *dev, int speed, at_urc_fn urc,
    int timeout_s)
{
	struct serial *s;

	s = port_open(dev, speed);
	at_init(a, s, urc != NULL ? urc : modem_show_urc, (void *)dev);
	if (at_sync(a, timeout_s * 1000) == -1)
		modem_fail(dev, AT_SYNC_CMD, timeout_s);
}

/*
 * A modem that refuses it still talks: its errors are then a bare ERROR,
 * which at_final_describe() shows as it is.  Only a modem that does not
 * answer at all fails here.
 */
void
modem_errors_numbered(struct at *a, const char *dev, int timeout_s)
{
	struct at_reply r;

	if (a->cmee == 1)
		return;		/* the sync saw it so: no round trip */
	if (at_command(a, "AT+CMEE=1", NULL, timeout_s * 1000, &r) == -1)
		modem_fail(dev, "AT+CMEE=1", timeout_s);
	at_reply_free(&r);
	if (r.final != AT_OK) {
		if (port_verbose)
			warnx("%s: AT+CMEE=1 refused (%s): errors stay "
			    "unnumbered", dev, r.final_text);
		return;
	}
	a->cmee = 1;
}

void
modem_show_urc(void *dev, enum at_kind kind, const char *line, size_t len)
{
	if (!port_verbose)
		return;
	fprintf(stderr, "%s: %s: %s: ", getprogname(), (const char *)dev,
	    kind == AT_URC ? "urc" : kind == AT_JUNK ? "junk" : "stray");
	put_escaped(stderr, line, len);
	fputc('\n', stderr);
}

void
modem_fail(const char *dev, const char *cmd, int timeout_s)
{
	if (errno == ETIMEDOUT)
		errx(EX_TEMPFAIL, "%s: no response to %s within %d s", dev,
		    cmd, timeout_s);
	if (errno == EIO)
		errx(EX_UNAVAILABLE, "%s: device hung up during %s", dev, cmd);
	if (errno == EINVAL)
		errx(EX_USAGE, "%s: command too long or holds a control "
		    "character", shown(cmd));
	err(EX_UNAVAILABLE, "%s: %s", dev, cmd);
}

void
modem_refused(const char *dev, const char *cmd, const struct at_reply *r)
{
	char what[AT_LINE_MAX + 64];

	at_final_describe(r->final, r->errnum, r->final_text, what,
	    sizeof(what));
	errx(1, "%s: %s: %s", dev, cmd, what);
}

/* serial_list's ports, copied: its strings die with its callback. */
struct port_list {
	struct serial_portinfo	*v;
	size_t			 n;
};

static void
collect(const struct serial_portinfo *pi, void *arg)
{
	struct port_list *l = arg;
	struct serial_portinfo *v, *q;

	if ((v = reallocarray(l->v, l->n + 1, sizeof(*v))) == NULL)
		err(EX_OSERR, "listing ports");
	l->v = v;
	q = &v[l->n++];
	memset(q, 0, sizeof(*q));
	q->name = strdup(pi->name);
	q->interface_name = pi->interface_name != NULL ?
	    strdup(pi->interface_name) : NULL;
	if (q->name == NULL || (pi->interface_name != NULL &&
	    q->interface_name == NULL))
		err(EX_OSERR, "listing ports");
	q->transport = pi->transport;	/* static strings */
	q->vid = pi->vid;
	q->pid = pi->pid;
	q->interface = pi->interface;
	q->rndis = pi->rndis;
	q->ucom = pi->ucom;
	q->device = pi->device;
}

/* The system's ports, listed once per process. */
static struct port_list *
ports(void)
{
	static struct port_list l;
	static int listed;
	struct serial_err e;

	if (!listed && serial_list(collect, &l, &e) == -1)
		errx(EX_UNAVAILABLE, "%s", e.msg);
	listed = 1;
	return &l;
}

/* The names f points at live as long as the process: found once. */
enum profile_pick
modem_pick(struct profile_found *f)
{
	return profile_pick(ports()->v, ports()->n, f);
}

/*
 * The same file: a name given through a link (/dev/serial/by-id/...) is
 * the port it points to; on FreeBSD ttyU and cuaU are one port's two
 * sides.
 */
static int
same_port(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (strcmp(a, b) == 0)
		return 1;
	if (strncmp(a, "/dev/ttyU", 9) == 0 && strncmp(b, "/dev/cuaU", 9) == 0)
		return strcmp(a + 9, b + 9) == 0;
	return realpath(a, ra) != NULL && realpath(b, rb) != NULL &&
	    strcmp(ra, rb) == 0;
}

const struct profile *
modem_profile_of(const char *dev)
{
	struct port_list *l = ports();
	size_t i;

	for (i = 0; i < l->n; i++)
		if (same_port(dev, l->v[i].name))
			return profile_by_usb(l->v[i].vid, l->v[i].pid);
	return NULL;
}

/* A HiLink stick, which has no port: said as such, with what to set. */
static void
hilink_found(void)
{
	char net[64];
	int vid, pid;

	if (usbnet_hilink(net, sizeof(net), &vid, &pid) == -1)
		return;
	errx(EX_UNAVAILABLE, "a Huawei HiLink stick, %04x:%04x, on %s: it "
	    "answers no AT; set oobm_modem to its web address "
	    "(http://192.168.8.1) and oobm_link=hilink", vid, pid, net);
}

void
modem_find(struct profile_found *f)
{
	const char *vendor;

	switch (modem_pick(f)) {
	case PICK_ONE:
		return;
	case PICK_NONE:
		hilink_found();
		errx(EX_UNAVAILABLE, "no modem of the table on the USB bus "
		    "(atcmd -L lists the serial ports): plug it in, or set "
		    "oobm_modem to its AT port");
	case PICK_UNKNOWN:
		vendor = profile_vendor(f->vid);
		errx(EX_UNAVAILABLE, "a %s modem, %04x:%04x, is not in the "
		    "table: find its AT port (atcmd -L lists its ports; try "
		    "each with atcmd -l PORT AT) and set oobm_modem to it",
		    vendor != NULL ? vendor : "USB", f->vid, f->pid);
	case PICK_NO_PORT:
		errx(EX_UNAVAILABLE, "%s (%04x:%04x): which of its ports "
		    "takes AT commands is not known here: set oobm_modem to "
		    "it (atcmd -L lists them)", f->p->name, f->vid, f->pid);
	case PICK_MANY:
		errx(EX_CONFIG, "%d modems on the USB bus: set oobm_modem "
		    "to the AT port of the one to use (atcmd -L)",
		    f->devices);
	}
}

/*
 * The first information line of cmd into buf ("" when the modem refused
 * it: a command it does not have is unknown, not fatal); exits when the
 * modem does not answer.  The command's own prefix ("+CGMR: ") is cut.
 */
void
modem_ask(struct at *a, const char *dev, const char *cmd, int timeout_s,
    char *buf, size_t size)
{
	struct at_reply r;
	const char *v;
	size_t n;

	*buf = '\0';
	if (at_command(a, cmd, NULL, timeout_s * 1000, &r) == -1)
		modem_fail(dev, cmd, timeout_s);
	if (r.final == AT_OK && r.nlines > 0) {
		v = r.lines[0];
		/* "AT+CGMR" answers "+CGMR: x" on some, "x" on others */
		n = strlen(cmd) - 2;
		if (strncmp(cmd, "AT+CGM", 6) == 0 && strlen(v) > n &&
		    memcmp(v, cmd + 2, n) == 0 && v[n] == ':')
			v += n + 1 + strspn(v + n + 1, " ");
		snprintf(buf, size, "%s", v);
	}
	at_reply_free(&r);
}

void
modem_netreg(struct at *a, const char *dev, int timeout_s, struct netreg *n)
{
	char line[AT_LINE_MAX];

	netreg_init(n);
	modem_ask(a, dev, "AT+CREG?", timeout_s, line, sizeof(line));
	n->cs = netreg_stat(line);
	modem_ask(a, dev, "AT+CGREG?", timeout_s, line, sizeof(line));
	n->ps = netreg_stat(line);
	modem_ask(a, dev, "AT+CEREG?", timeout_s, line, sizeof(line));
	n->eps = netreg_stat(line);
	modem_ask(a, dev, "AT+CIREG?", timeout_s, line, sizeof(line));
	n->ims = netreg_ims(line);
	modem_ask(a, dev, "AT+COPS?", timeout_s, line, sizeof(line));
	(void)netreg_cops(line, &n->cops);
}

/*
 * AT+CREG? first: a modem registered for SMS (2G/3G, or LTE with SMS
 * over SGs) costs that one round trip; only one that is not is asked
 * the rest.
 */
void
modem_lte_sms(struct at *a, const char *dev, int timeout_s)
{
	char line[AT_LINE_MAX];
	struct netreg n;

	netreg_init(&n);
	modem_ask(a, dev, "AT+CREG?", timeout_s, line, sizeof(line));
	if (netreg_registered(n.cs = netreg_stat(line)))
		return;
	modem_ask(a, dev, "AT+CEREG?", timeout_s, line, sizeof(line));
	n.eps = netreg_stat(line);
	modem_ask(a, dev, "AT+CIREG?", timeout_s, line, sizeof(line));
	n.ims = netreg_ims(line);
	if (netreg_sms(&n) != SMS_LTE_ONLY)
		return;
	modem_ask(a, dev, "AT+COPS?", timeout_s, line, sizeof(line));
	(void)netreg_cops(line, &n.cops);
	errx(EX_UNAVAILABLE, "%s: registered on LTE%s%s, but not for SMS: "
	    "no SMS reach it there (oobm check says what to do for this "
	    "modem)", dev, n.cops.oper[0] != '\0' ? " with " : "",
	    n.cops.oper);
}

void
modem_sms_refused(struct at *a, const char *dev, const char *cmd,
    const struct at_reply *r, int timeout_s)
{
	if (r->final == AT_CMS_ERROR)
		modem_lte_sms(a, dev, timeout_s);
	modem_refused(dev, cmd, r);
}
