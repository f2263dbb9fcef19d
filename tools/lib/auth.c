#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "smsenc.h"
#include "util.h"

int
auth_normalize(const char *number, const char *country, char *out,
    size_t size)
{
	char d[AUTH_NUMBER_MAX];
	size_t n = 0;
	int plus = 0;

	if (*number == '+') {
		plus = 1;
		number++;
	}
	for (; *number != '\0'; number++) {
		if (*number == ' ' || *number == '-')
			continue;
		if (*number < '0' || *number > '9' || n + 1 >= sizeof(d))
			return -1;
		d[n++] = *number;
	}
	d[n] = '\0';
	if (n == 0)
		return -1;
	if (plus)
		snprintf(out, size, "+%s", d);
	else if (strncmp(d, "00", 2) == 0)
		snprintf(out, size, "+%s", d + 2);
	else if (d[0] == '0' && *country != '\0')
		snprintf(out, size, "+%s%s", country, d + 1);
	else
		snprintf(out, size, "%s", d);
	return strlen(out) + 1 < size ? 0 : -1;
}

int
auth_allow(struct auth_policy *p, const char *list, const char **bad)
{
	static char word[64];
	size_t n;

	*bad = NULL;
	for (;;) {
		list += strspn(list, " \t,");
		if (*list == '\0')
			return 0;
		n = strcspn(list, " \t,");
		snprintf(word, sizeof(word), "%.*s", (int)n, list);
		list += n;
		if (p->nallow == AUTH_ALLOW_MAX || auth_normalize(word,
		    p->country, p->allow[p->nallow], AUTH_NUMBER_MAX) == -1) {
			*bad = word;
			return -1;
		}
		if (p->country[0] == '\0' && p->allow[p->nallow][0] == '0') {
			*bad = word;
			return -2;
		}
		p->nallow++;
	}
}

const char *
auth_command_name(enum auth_command c)
{
	switch (c) {
	case AUTH_UP:
		return "up";
	case AUTH_DOWN:
		return "down";
	case AUTH_POWER:
		return "power";
	default:
		return "status";
	}
}

/* Equal without an early exit: time does not tell how much matched. */
static int
same_secret(const char *given, size_t glen, const char *secret)
{
	size_t slen = strlen(secret), i;
	unsigned int d;

	d = (unsigned int)(glen != slen);
	for (i = 0; i < slen; i++)
		d |= (unsigned char)secret[i] ^
		    (unsigned char)(i < glen ? given[i] : 0);
	return d == 0 && slen > 0;
}

struct words {
	const char	*w[3];
	size_t		 len[3];
	int		 n;
};

/* Split printable ASCII on blanks into at most 3 words; -1 otherwise. */
static int
split(const char *s, size_t len, struct words *w)
{
	size_t i = 0, start;

	w->n = 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return -1;
	i = 0;
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		if (w->n == 3)
			return -1;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		w->w[w->n] = s + start;
		w->len[w->n++] = i - start;
	}
	return w->n >= 2 ? 0 : -1;
}

static int
word_is(const struct words *w, int i, const char *s)
{
	return w->len[i] == strlen(s) && strncasecmp(w->w[i], s,
	    w->len[i]) == 0;
}

/*
 * The len decimal digits at s as a number within [min, max]: 1, else 0.
 * Bounded by len, never by a terminator the text may not have.
 */
static int
number(const char *s, size_t len, long min, long max, long *v)
{
	size_t i;

	*v = 0;
	if (len == 0 || len > 9)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return *v >= min && *v <= max;
}

const char *
auth_refusal_name(enum auth_refusal r)
{
	static const char *const names[] = {
		[AUTH_REFUSED_COMMAND] = "command",
		[AUTH_REFUSED_SYNTAX] = "syntax",
		[AUTH_REFUSED_MINUTES] = "minutes",
		[AUTH_REFUSED_SECONDS] = "seconds",
		[AUTH_REFUSED_AGE] = "age",
		[AUTH_REFUSED_CLOCK] = "clock",
	};

	if ((size_t)r >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[r];
}

static int
parse_command(const struct auth_policy *p, const struct words *w,
    struct auth_result *res)
{
	long v;

	if (word_is(w, 1, "UP"))
		res->cmd = AUTH_UP;
	else if (word_is(w, 1, "DOWN"))
		res->cmd = AUTH_DOWN;
	else if (word_is(w, 1, "STATUS"))
		res->cmd = AUTH_STATUS;
	else if (word_is(w, 1, "POWER"))
		res->cmd = AUTH_POWER;
	else {
		res->why = "unknown command";
		res->refused = AUTH_REFUSED_COMMAND;
		return 0;
	}
	res->minutes = res->cmd == AUTH_UP ? p->default_minutes : 0;
	res->seconds = res->cmd == AUTH_POWER ? p->power_seconds : 0;
	if (w->n < 3)
		return 1;
	if ((res->cmd != AUTH_UP && res->cmd != AUTH_POWER) ||
	    !number(w->w[2], w->len[2], 0, 9999, &v)) {
		res->why = "not SECRET COMMAND [NUMBER] (a number only "
		    "after UP or POWER)";
		res->refused = AUTH_REFUSED_SYNTAX;
		return 0;
	}
	if (res->cmd == AUTH_POWER) {
		if (v < 1 || v > p->max_power_seconds) {
			res->why = "seconds out of range";
			res->refused = AUTH_REFUSED_SECONDS;
			return 0;
		}
		res->seconds = (int)v;
		return 1;
	}
	if (v < 1 || v > p->max_minutes) {
		res->why = "minutes out of range";
		res->refused = AUTH_REFUSED_MINUTES;
		return 0;
	}
	res->minutes = (int)v;
	return 1;
}

/*
 * Not within one step: right for a step near by, it is the owner's code
 * from a phone whose clock is off (skew_s: the phone's time minus the
 * message's).  Said to the owner; never accepted.
 */
static void
clock_skew(const struct auth_policy *p, uint64_t s0, uint32_t code,
    struct auth_result *res)
{
	uint64_t s;

	for (s = s0 > AUTH_SKEW_STEPS ? s0 - AUTH_SKEW_STEPS : 0;
	    s <= s0 + AUTH_SKEW_STEPS; s++)
		if (hotp(p->key, p->keylen, s) == code) {
			res->refused = AUTH_REFUSED_CLOCK;
			res->skew_s = ((int64_t)s - (int64_t)s0) * TOTP_STEP_S;
			return;
		}
}

static int
check_totp(const struct auth_policy *p, const struct auth_request *rq,
    const struct words *w, struct auth_result *res)
{
	uint64_t s0, s;
	long code;
	int match = 0;

	if (w->len[0] != 6 || !number(w->w[0], w->len[0], 0, 999999, &code)) {
		res->why = "wrong code";
		return 0;
	}
	/* RFC 6238 5.2: one step either side, for clocks and delays. */
	s0 = totp_step(rq->sent);
	for (s = s0 > 0 ? s0 - 1 : 0; s <= s0 + 1; s++)
		if (hotp(p->key, p->keylen, s) == (uint32_t)code && !match) {
			match = 1;
			res->step = s;
		}
	if (!match) {
		res->why = "wrong code or outside the time window";
		clock_skew(p, s0, (uint32_t)code, res);
		return 0;
	}
	if (res->step <= rq->last_step) {
		res->why = "code already used (replay)";
		return 0;
	}
	return 1;
}

/* TS 23.040 9.1.2.5: type of number unknown, international or national. */
static int
phone_number_type(int toa)
{
	return toa < 0 || ((toa >> 4) & 7) <= 2;
}

int
auth_check(const struct auth_policy *p, const struct auth_request *rq,
    struct auth_result *res)
{
	struct auth_result cmd;
	struct words w;
	int64_t age;
	int i, allowed = 0;

	memset(res, 0, sizeof(*res));
	if (!phone_number_type(rq->toa) || auth_normalize(rq->sender,
	    p->country, res->sender, sizeof(res->sender)) == -1) {
		res->why = "sender is not a phone number";
		return 0;
	}
	for (i = 0; i < p->nallow; i++)
		allowed |= strcmp(p->allow[i], res->sender) == 0;
	if (!allowed) {
		res->why = "sender not allowed";
		return 0;
	}
	if (split(rq->text, rq->len, &w) == -1) {
		res->why = "not SECRET COMMAND [NUMBER] in printable ASCII";
		return 0;
	}
	/*
	 * The secret before the rest: what else is wrong is said to the
	 * owner (res->refused), and to nobody else.  A replay is not the
	 * owner's doing: it is not answered.
	 */
	memset(&cmd, 0, sizeof(cmd));
	(void)parse_command(p, &w, &cmd);
	if (p->scheme == AUTH_PASSPHRASE) {
		if (!same_secret(w.w[0], w.len[0], p->passphrase)) {
			res->why = "wrong secret";
			return 0;
		}
	} else if (!check_totp(p, rq, &w, res))
		return 0;
	age = rq->now - rq->sent;
	if (age > p->max_age_s || age < -p->max_age_s) {
		res->why = "message time too far from now";
		res->refused = AUTH_REFUSED_AGE;
		res->skew_s = age;
		return 0;
	}
	res->cmd = cmd.cmd;
	res->minutes = cmd.minutes;
	res->seconds = cmd.seconds;
	if (cmd.why != NULL) {
		res->why = cmd.why;
		res->refused = cmd.refused;
		return 0;
	}
	return 1;
}

int
auth_sms(const struct auth_policy *p, const struct sms *m, int64_t now,
    uint64_t last_step, struct auth_result *res)
{
	struct auth_request rq;

	memset(res, 0, sizeof(*res));
	if (m->type != SMS_DELIVER)
		res->why = "not a received message";
	else if (m->concat_total > 1)
		res->why = "part of a multi-part message (a command is one SMS)";
	else if (m->alphabet == SMS_8BIT || m->truncated)
		res->why = "binary or truncated";
	else if (!m->has_time)
		res->why = "no time stamp";
	if (res->why != NULL)
		return 0;
	rq.sender = m->addr;
	rq.toa = m->addr_toa;
	rq.text = m->text;
	rq.len = m->textlen;
	rq.sent = sms_time_unix(&m->time);
	rq.now = now;
	rq.last_step = last_step;
	return auth_check(p, &rq, res);
}

/* The secret and the longest command word and number, as one SMS. */
int
auth_fits_one_sms(const struct auth_policy *p)
{
	char cmd[sizeof(p->passphrase) + 32];
	int ucs2, n;

	if (p->scheme == AUTH_TOTP)
		return 1;
	n = snprintf(cmd, sizeof(cmd), "%s UP %d", p->passphrase,
	    p->max_minutes > 999 ? p->max_minutes : 9999);
	if (sms_count_parts(cmd, (size_t)n, &ucs2) != 1)
		return 0;
	n = snprintf(cmd, sizeof(cmd), "%s POWER %d", p->passphrase,
	    p->max_power_seconds > 999 ? p->max_power_seconds : 999);
	if (sms_count_parts(cmd, (size_t)n, &ucs2) != 1)
		return 0;
	n = snprintf(cmd, sizeof(cmd), "%s STATUS", p->passphrase);
	return sms_count_parts(cmd, (size_t)n, &ucs2) == 1;
}

/* "key=" at the start of the len bytes at line: the value's offset. */
static size_t
key_is(const char *line, size_t len, const char *key)
{
	size_t n = strlen(key);

	return len >= n && memcmp(line, key, n) == 0 ? n : 0;
}

static int
state_line(const char *s, size_t len, struct auth_state *out, int *steps,
    const char **why)
{
	size_t v, i;

	if ((v = key_is(s, len, "step=")) != 0) {
		if (len - v == 0 || len - v > 19) {
			*why = "step is not a number";
			return -1;
		}
		for (i = v; i < len; i++) {
			if (s[i] < '0' || s[i] > '9') {
				*why = "step is not a number";
				return -1;
			}
			out->step = out->step * 10 + (uint64_t)(s[i] - '0');
		}
		(*steps)++;
		return 0;
	}
	if ((v = key_is(s, len, "message=")) != 0) {
		if (len - v != 0 && len - v != 2 * SHA1_LEN) {
			*why = "message is not a SHA-1 in hex";
			return -1;
		}
		for (i = v; i < len; i++)
			if (hex_digit(s[i]) < 0) {
				*why = "message is not a SHA-1 in hex";
				return -1;
			}
		memcpy(out->print, s + v, len - v);
		out->print[len - v] = '\0';
		return 0;
	}
	*why = "unknown line";
	return -1;
}

int
auth_state_parse(const char *buf, size_t len, struct auth_state *out,
    const char **why)
{
	const char *nl;
	size_t n;
	int steps = 0;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	while (len > 0) {
		nl = memchr(buf, '\n', len);
		n = nl != NULL ? (size_t)(nl - buf) : len;
		if (state_line(buf, n, out, &steps, why) == -1) {
			memset(out, 0, sizeof(*out));
			return -1;
		}
		if (nl == NULL)
			break;
		buf += n + 1;
		len -= n + 1;
	}
	if (steps != 1) {
		*why = steps == 0 ? "no step" : "more than one step";
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}
