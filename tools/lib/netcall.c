/*
 * netcall: the data call by AT.  Huawei's dial is answered OK at once
 * and its result comes later, as ^NDISSTAT or by asking AT^NDISSTATQRY?
 * (ModemManager polls once a second, up to 180 s:
 * mm-broadband-bearer-huawei.c); Qualcomm's $QCRMCALL answers with the
 * call up, or ERROR, as 3GPP's +CGACT does (its +CME ERROR: the cause).
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "modem.h"
#include "netcall.h"
#include "util.h"

#define POLL_MS		1000	/* between two questions, when no URC says */

/* One line, by the parser of the family; 1 when it was the call's. */
static int
parse(const struct netcall *nc, const char *line, struct dial_state *st)
{
	if (nc->d->family == DIAL_NDIS)
		return dial_ndisstat(line, st) == 1;
	if (nc->d->family == DIAL_CGACT)
		return dial_cgact(line, st) == 1 || dial_cgev(line, st) == 1;
	return dial_qcrmcall(line, st) == 1 || dial_qnetdev(line, st) == 1;
}

static void
on_urc(void *arg, enum at_kind kind, const char *line, size_t len)
{
	struct netcall *nc = arg;

	if (kind == AT_URC && parse(nc, line, &nc->st))
		nc->said = 1;
	if (nc->urc != NULL)
		nc->urc(nc->urc_arg, kind, line, len);
}

void
netcall_init(struct netcall *nc, struct at *a, const char *dev,
    const struct profile_dial *d, int timeout_s)
{
	memset(nc, 0, sizeof(*nc));
	nc->a = a;
	nc->dev = dev;
	nc->d = d;
	nc->timeout_s = timeout_s;
	dial_state_init(&nc->st);
	nc->urc = a->urc;
	nc->urc_arg = a->arg;
	a->urc = on_urc;
	a->arg = nc;
}

/* cmd sent, its reply in r; 0 OK, else the final (the reply freed). */
static int
send_cmd(struct netcall *nc, const char *cmd, struct at_reply *r)
{
	if (at_command(nc->a, cmd, NULL, nc->timeout_s * 1000, r) == -1)
		modem_fail(nc->dev, cmd, nc->timeout_s);
	if (r->final == AT_OK)
		return 0;
	at_reply_free(r);
	return 1;
}

/* cmd, which must be answered OK, its lines parsed into nc->st */
static void
command(struct netcall *nc, const char *cmd)
{
	struct at_reply r;

	if (at_command(nc->a, cmd, NULL, nc->timeout_s * 1000, &r) == -1)
		modem_fail(nc->dev, cmd, nc->timeout_s);
	if (r.final != AT_OK)
		modem_refused(nc->dev, cmd, &r);
	for (size_t i = 0; i < r.nlines; i++)
		(void)parse(nc, r.lines[i], &nc->st);
	at_reply_free(&r);
}

void
netcall_ask(struct netcall *nc)
{
	dial_state_init(&nc->st);
	/* $QCRMCALL? lists the calls that are up, +CGACT? the contexts
	 * defined: a call not listed is down */
	if (nc->d->family != DIAL_NDIS)
		nc->st.v4 = nc->st.v6 = 0;
	command(nc, nc->d->query);
	nc->said = 0;
}

/* Until the call is up or said down, or wait_s: 0, 1, 75. */
static int
await_up(struct netcall *nc, int wait_s)
{
	int64_t deadline = mono_ms() + (int64_t)wait_s * 1000;

	for (;;) {
		if (dial_up(&nc->st))
			return 0;
		if (nc->st.cause != 0)
			return 1;
		if (ms_left(deadline) == 0)
			return EX_TEMPFAIL;
		nc->said = 0;
		if (at_idle(nc->a, ms_left(deadline) < POLL_MS ?
		    ms_left(deadline) : POLL_MS) == -1)
			modem_fail(nc->dev, "waiting for the call", wait_s);
		if (!nc->said)
			netcall_ask(nc);
	}
}

/*
 * The profile's command with the APN where its "%s" stands.  An APN is
 * letters, digits, '.' and '-' (3GPP TS 23.003 9.1): nothing that could
 * end the quoted string or the command.
 */
static void
with_apn(char *buf, size_t size, const char *tmpl, const char *apn)
{
	const char *at = strstr(tmpl, "%s");

	if (at == NULL) {
		snprintf(buf, size, "%s", tmpl);
		return;
	}
	if (apn[strspn(apn, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
	    "wxyz0123456789.-")] != '\0' || *apn == '\0')
		errx(EX_CONFIG, "APN %s: letters, digits, '.' and '-' only",
		    shown(apn));
	if ((size_t)snprintf(buf, size, "%.*s%s%s", (int)(at - tmpl), tmpl,
	    apn, at + 2) >= size)
		errx(EX_CONFIG, "APN %s: too long", shown(apn));
}

int
netcall_up(struct netcall *nc, const char *apn, int wait_s)
{
	char cmd[AT_CMD_MAX];
	struct at_reply r;
	int cause;

	if (nc->d->apn != NULL) {
		with_apn(cmd, sizeof(cmd), nc->d->apn, apn);
		command(nc, cmd);
	}
	if (nc->d->urc != NULL)
		command(nc, nc->d->urc);
	with_apn(cmd, sizeof(cmd), nc->d->dial, apn);
	dial_state_init(&nc->st);
	if (at_command(nc->a, cmd, NULL, nc->timeout_s * 1000, &r) == -1)
		modem_fail(nc->dev, cmd, nc->timeout_s);
	if (r.final != AT_OK) {
		/* refused outright: the error or the state says why */
		cause = r.final == AT_CME_ERROR ? dial_cme_cause(r.errnum) : 0;
		at_reply_free(&r);
		netcall_ask(nc);
		if (nc->st.cause == 0)
			nc->st.cause = cause;
		return 1;
	}
	for (size_t i = 0; i < r.nlines; i++)
		(void)parse(nc, r.lines[i], &nc->st);
	at_reply_free(&r);
	if (!nc->d->result_late && !dial_up(&nc->st))
		netcall_ask(nc);
	return await_up(nc, wait_s);
}

const struct profile_dial *
netcall_dial(struct at *a, const char *dev, const struct profile *p,
    int timeout_s, const char **mode)
{
	struct at_reply r;
	const struct profile_netmode *m;

	*mode = NULL;
	if (p->netmode_query == NULL)
		return p->dial;
	if (at_command(a, p->netmode_query, NULL, timeout_s * 1000, &r) == -1)
		modem_fail(dev, p->netmode_query, timeout_s);
	/* an ERROR: firmware that knows one composition, the row's own */
	for (size_t i = 0; i < r.nlines; i++)
		for (m = p->netmodes; m < p->netmodes + PROFILE_MAX_NETMODES &&
		    m->answer != NULL; m++)
			if (profile_answer_is(m->answer, r.lines[i])) {
				at_reply_free(&r);
				*mode = m->name;
				return m->dial;
			}
	at_reply_free(&r);
	return p->dial;
}

int
netcall_down(struct netcall *nc, int wait_s)
{
	int64_t deadline = mono_ms() + (int64_t)wait_s * 1000;
	struct at_reply r;

	/* ERROR when the call is down already: asked below, all the same */
	if (send_cmd(nc, nc->d->hangup, &r) == 0)
		at_reply_free(&r);
	for (;;) {
		netcall_ask(nc);
		if (!dial_up(&nc->st))
			return 0;
		if (ms_left(deadline) == 0)
			return EX_TEMPFAIL;
		if (at_idle(nc->a, ms_left(deadline) < POLL_MS ?
		    ms_left(deadline) : POLL_MS) == -1)
			modem_fail(nc->dev, "waiting for the hang-up", wait_s);
	}
}

int
netcall_addrs(struct netcall *nc, struct dial_addrs *out)
{
	struct at_reply r;
	int got = 0, rv;

	if (send_cmd(nc, nc->d->addrs, &r) != 0)
		return 1;
	for (size_t i = 0; i < r.nlines && !got; i++) {
		rv = nc->d->family == DIAL_NDIS ?
		    dial_huawei_dhcp(r.lines[i], out) :
		    dial_cgcontrdp(r.lines[i], out);
		if (rv == -1) {
			at_reply_free(&r);
			return EX_DATAERR;
		}
		got = rv == 1;
	}
	at_reply_free(&r);
	return got ? 0 : 1;
}
