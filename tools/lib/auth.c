#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"

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

static int
digits(const char *s, size_t len, size_t min, size_t max)
{
	size_t i;

	if (len < min || len > max)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
parse_command(const struct auth_policy *p, const struct words *w,
    struct auth_result *res)
{
	if (word_is(w, 1, "UP"))
		res->cmd = AUTH_UP;
	else if (word_is(w, 1, "DOWN"))
		res->cmd = AUTH_DOWN;
	else if (word_is(w, 1, "STATUS"))
		res->cmd = AUTH_STATUS;
	else {
		res->why = "unknown command";
		return 0;
	}
	res->minutes = res->cmd == AUTH_UP ? p->default_minutes : 0;
	if (w->n == 3) {
		if (res->cmd != AUTH_UP || !digits(w->w[2], w->len[2], 1, 4)) {
			res->why = "not SECRET COMMAND [MINUTES]";
			return 0;
		}
		res->minutes = atoi(w->w[2]);
		if (res->minutes < 1 || res->minutes > p->max_minutes) {
			res->why = "minutes out of range";
			return 0;
		}
	}
	return 1;
}

static int
check_totp(const struct auth_policy *p, const struct auth_request *rq,
    const struct words *w, struct auth_result *res)
{
	uint64_t s0, s;
	uint32_t code;
	int64_t age;
	int match = 0;

	if (!digits(w->w[0], w->len[0], 6, 6)) {
		res->why = "wrong code";
		return 0;
	}
	code = (uint32_t)atoi(w->w[0]);
	age = rq->now - rq->sent;
	if (age > p->max_age_s || age < -p->max_age_s) {
		res->why = "message time too far from now";
		return 0;
	}
	/* RFC 6238 5.2: one step either side, for clocks and delays. */
	s0 = totp_step(rq->sent);
	for (s = s0 > 0 ? s0 - 1 : 0; s <= s0 + 1; s++)
		if (hotp(p->key, p->keylen, s) == code && !match) {
			match = 1;
			res->step = s;
		}
	if (!match) {
		res->why = "wrong code or outside the time window";
		return 0;
	}
	if (res->step <= rq->last_step) {
		res->why = "code already used (replay)";
		return 0;
	}
	return 1;
}

int
auth_check(const struct auth_policy *p, const struct auth_request *rq,
    struct auth_result *res)
{
	struct words w;
	int i, allowed = 0;

	memset(res, 0, sizeof(*res));
	if (auth_normalize(rq->sender, p->country, res->sender,
	    sizeof(res->sender)) == -1) {
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
		res->why = "not SECRET COMMAND [MINUTES] in printable ASCII";
		return 0;
	}
	if (!parse_command(p, &w, res))
		return 0;
	if (p->scheme == AUTH_PASSPHRASE) {
		if (!same_secret(w.w[0], w.len[0], p->passphrase)) {
			res->why = "wrong secret";
			return 0;
		}
		return 1;
	}
	return check_totp(p, rq, &w, res);
}
