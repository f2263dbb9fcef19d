/*
 * The AT session: at_parse() driven over a serial port with deadlines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at.h"
#include "serial.h"
#include "util.h"

void
at_init(struct at *a, struct serial *port, at_urc_fn urc, void *arg)
{
	memset(a, 0, sizeof(*a));
	at_parser_init(&a->p);
	a->port = port;
	a->urc = urc;
	a->arg = arg;
}

static void
report(struct at *a, const struct at_line *ln)
{
	if (a->urc != NULL)
		a->urc(a->arg, ln->kind, ln->text, ln->len);
}

/* Next complete line within the deadline: 1, 0 on timeout, -1 on error. */
static int
next_line(struct at *a, int64_t deadline, struct at_line *ln)
{
	ssize_t n;
	size_t k;

	for (;;) {
		if (a->off == a->len) {
			n = serial_read(a->port, a->buf, sizeof(a->buf),
			    ms_left(deadline));
			if (n <= 0)
				return (int)n;
			a->off = 0;
			a->len = (size_t)n;
		}
		k = at_parse(&a->p, a->buf + a->off, a->len - a->off, ln);
		a->off += k;
		if (ln->kind != AT_NONE)
			return 1;
	}
}

/* Whatever came before our command is not its answer: pass it on. */
static int
discard_pending(struct at *a)
{
	struct at_line ln;
	int r;

	at_parser_command(&a->p, NULL);
	while ((r = next_line(a, mono_ms(), &ln)) == 1)
		report(a, &ln);
	return r;
}

static int
add_line(struct at_reply *r, const struct at_line *ln)
{
	char **v;

	if ((v = realloc(r->lines, (r->nlines + 1) * sizeof(*v))) == NULL)
		return -1;
	r->lines = v;
	if ((v[r->nlines] = malloc(ln->len + 1)) == NULL)
		return -1;
	memcpy(v[r->nlines], ln->text, ln->len + 1);
	r->nlines++;
	return 0;
}

/* s and its terminator in one write: one write per command. */
static int
send_str(struct at *a, const char *s, const char *end, int64_t deadline)
{
	char buf[AT_CMD_MAX + 2];
	int n;

	n = snprintf(buf, sizeof(buf), "%s%s", s, end);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		errno = EINVAL;
		return -1;
	}
	return serial_write(a->port, buf, (size_t)n, ms_left(deadline));
}

/*
 * Synchronise on the modem's answer, not on a clock.  ESC CR aborts a
 * "> " prompt a crashed predecessor left and ends a half-written line;
 * then AT_SYNC_CMD in the same write.  What comes back is read by
 * at_sync_line() (at.h): whatever comes before our answer is a leftover
 * (the OK of the aborted prompt, URCs, the late reply to a predecessor's
 * command; a modem answers in order, so all of it comes first) and is
 * passed on as a stray line.  A modem with the read command costs one
 * round trip; one without it, or a leftover final, one more (the probe).
 * The sync command is never sent twice: a second answer would come
 * after ours.
 */
int
at_sync(struct at *a, int timeout_ms)
{
	static const char start[] = "\033\r" AT_SYNC_CMD "\r";
	struct at_sync_state st;
	struct at_line ln;
	int64_t deadline;
	int r;

	a->cmee = -1;
	deadline = mono_ms() + timeout_ms;
	at_sync_begin(&st);
	at_parser_command(&a->p, AT_SYNC_CMD);
	if (serial_write(a->port, start, sizeof(start) - 1, timeout_ms) == -1)
		return -1;
	while ((r = next_line(a, deadline, &ln)) == 1) {
		switch (at_sync_line(&st, &ln)) {
		case AT_SYNC_MORE:
			break;
		case AT_SYNC_STRAY:
			report(a, &ln);
			break;
		case AT_SYNC_SEND_PROBE:
			at_parser_command(&a->p, AT_SYNC_PROBE);
			if (send_str(a, AT_SYNC_PROBE, "\r", deadline) == -1)
				return -1;
			break;
		case AT_SYNC_DONE:
			at_parser_command(&a->p, NULL);
			a->cmee = st.cmee;
			return 0;
		}
	}
	at_parser_command(&a->p, NULL);
	if (r == 0)
		errno = ETIMEDOUT;
	return -1;
}

static int
answer_prompt(struct at *a, const char *body, struct at_reply *r,
    int64_t *deadline)
{
	if (body != NULL && !r->body_sent) {
		r->body_sent = 1;
		at_parser_body(&a->p, body);
		return send_str(a, body, "\032", *deadline);
	}
	/* No body to give: abort, and do not wait long for a reply to it. */
	r->final = AT_ERROR;
	snprintf(r->final_text, sizeof(r->final_text),
	    "prompt aborted: no message body to send");
	if (*deadline > mono_ms() + 1000)
		*deadline = mono_ms() + 1000;
	return serial_write(a->port, "\033", 1, 1000);
}

int
at_command(struct at *a, const char *cmd, const char *body, int timeout_ms,
    struct at_reply *r)
{
	struct at_line ln;
	int64_t deadline;
	int aborted = 0, rv;

	memset(r, 0, sizeof(*r));
	r->errnum = -1;
	if (strlen(cmd) >= AT_CMD_MAX || (body != NULL &&
	    strlen(body) >= AT_CMD_MAX) || strpbrk(cmd, "\r\n\032\033")) {
		errno = EINVAL;
		return -1;
	}
	deadline = mono_ms() + timeout_ms;
	if (discard_pending(a) == -1)
		return -1;
	at_parser_command(&a->p, cmd);
	if (send_str(a, cmd, "\r", deadline) == -1)
		return -1;
	while ((rv = next_line(a, deadline, &ln)) == 1) {
		switch (ln.kind) {
		case AT_ECHO:
			break;
		case AT_INFO:
			if (add_line(r, &ln) == -1)
				return -1;
			if (a->body != NULL && !ln.counted)
				at_parser_raw(&a->p, a->body(a->arg, ln.text,
				    ln.len));
			break;
		case AT_PROMPT:
			aborted = body == NULL || r->body_sent;
			if (answer_prompt(a, body, r, &deadline) == -1)
				return -1;
			break;
		case AT_FINAL:
			at_parser_command(&a->p, NULL);
			if (aborted)
				return 0;
			r->final = ln.final;
			r->errnum = ln.errnum;
			memcpy(r->final_text, ln.text, ln.len + 1);
			return 0;
		default:
			report(a, &ln);
			break;
		}
	}
	at_parser_command(&a->p, NULL);
	if (rv == 0 && aborted)
		return 0;
	if (rv == 0)
		errno = ETIMEDOUT;
	return -1;
}

void
at_reply_free(struct at_reply *r)
{
	size_t i;

	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	r->lines = NULL;
	r->nlines = 0;
}

int
at_idle(struct at *a, int timeout_ms)
{
	struct at_line ln;
	int64_t deadline;
	int r;

	at_parser_command(&a->p, NULL);
	deadline = mono_ms() + timeout_ms;
	while ((r = next_line(a, deadline, &ln)) == 1) {
		report(a, &ln);
		if (ln.kind == AT_URC)
			return 1;
	}
	return r;
}
