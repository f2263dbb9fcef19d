#include <string.h>

#include "netreg.h"
#include "util.h"

/* After "+CREG:" and blanks: the fields; NULL if the prefix is not +...: */
static const char *
fields(const char *line)
{
	const char *colon;

	if (line[0] != '+' || (colon = strchr(line, ':')) == NULL)
		return NULL;
	return colon + 1 + strspn(colon + 1, " ");
}

/* The number at s, blanks before it skipped, up to a comma or the end;
 * *len is what it took.  -1 if none. */
static long long
number(const char *s, size_t *len)
{
	const char *errstr;
	char buf[16];
	long long v;
	size_t sp, n;

	sp = strspn(s, " ");
	n = strcspn(s + sp, ",");
	*len = sp + n;
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s + sp, n);
	buf[n] = '\0';
	v = str_to_num(buf, 0, 65535, &errstr);
	return errstr != NULL ? -1 : v;
}

enum reg_stat
netreg_stat(const char *line)
{
	const char *f;
	long long a, b;
	size_t n;

	if ((f = fields(line)) == NULL || (a = number(f, &n)) < 0)
		return REG_UNKNOWN;
	/*
	 * the read answer is <n>,<stat>[,...]; a lone number, or one before
	 * a quoted <lac> (the unsolicited shape), is <stat>
	 */
	if (f[n] != ',' || f[n + 1 + strspn(f + n + 1, " ")] == '"')
		b = a;
	else if ((b = number(f + n + 1, &n)) < 0)
		return REG_UNKNOWN;
	return b > REG_CSFB_NP_ROAMING ? REG_UNKNOWN : (enum reg_stat)b;
}

int
netreg_registered(enum reg_stat s)
{
	switch (s) {
	case REG_HOME:
	case REG_ROAMING:
	case REG_SMS_ONLY_HOME:
	case REG_SMS_ONLY_ROAMING:
	case REG_CSFB_NP_HOME:
	case REG_CSFB_NP_ROAMING:
		return 1;
	default:
		return 0;
	}
}

const char *
netreg_stat_name(enum reg_stat s)
{
	static const char *const names[] = { "not", "home", "searching",
	    "denied", "unknown", "roaming", "sms-only", "sms-only-roaming",
	    "emergency", "home", "roaming" };

	if (s < 0 || (size_t)s >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[s];
}

/*
 * +COPS: <mode>[,<format>,"<oper>"[,<AcT>]] (27.007 7.3); the operator
 * is a quoted string, which may hold a comma.
 */
int
netreg_cops(const char *line, struct netreg_cops *c)
{
	const char *f, *q;
	long long v;
	size_t n;

	c->oper[0] = '\0';
	c->act = -1;
	if ((f = fields(line)) == NULL || strncmp(line, "+COPS:", 6) != 0 ||
	    number(f, &n) < 0)
		return -1;
	if (f[n] != ',')
		return 0;		/* no operator: not registered */
	f += n + 1;
	if (number(f, &n) < 0 || f[n] != ',')
		return -1;
	f += n + 1;
	if (*f != '"' || (q = strchr(f + 1, '"')) == NULL)
		return -1;
	n = (size_t)(q - f - 1);
	if (n >= sizeof(c->oper))
		n = sizeof(c->oper) - 1;
	memcpy(c->oper, f + 1, n);
	c->oper[n] = '\0';
	if (q[1] == ',' && (v = number(q + 2, &n)) >= 0 && q[2 + n] == '\0')
		c->act = (int)v;
	return 0;
}

const char *
netreg_act_name(int act)
{
	/* 27.007 7.3 <AcT> */
	static const char *const names[] = { "gsm", "gsm", "umts", "edge",
	    "hsdpa", "hsupa", "hspa", "lte", "ec-gsm-iot", "nb-iot", "lte",
	    "nr", "ng-ran", "lte-nr" };

	if (act < 0 || (size_t)act >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[act];
}

/* +CIREG: <n>,<reg_info>[,<ext_info>] (27.007 8.71) */
int
netreg_ims(const char *line)
{
	const char *f;
	long long v;
	size_t n;

	if (strncmp(line, "+CIREG:", 7) != 0 || (f = fields(line)) == NULL ||
	    number(f, &n) < 0 || f[n] != ',' ||
	    (v = number(f + n + 1, &n)) < 0 || v > 1)
		return -1;
	return (int)v;
}

void
netreg_init(struct netreg *r)
{
	memset(r, 0, sizeof(*r));
	r->cs = r->ps = r->eps = REG_UNKNOWN;
	r->ims = -1;
	r->cops.act = -1;
}

enum netreg_sms
netreg_sms(const struct netreg *r)
{
	/*
	 * circuit switched, or LTE with SMS over SGs (a combined attach:
	 * +CREG then says registered, "SMS only" or "CSFB not preferred")
	 */
	if (netreg_registered(r->cs))
		return SMS_YES;
	if (r->ims == 1)
		return SMS_YES;
	/* IMS not known (no +CIREG): SMS over IMS may still be there */
	if (netreg_registered(r->eps))
		return r->ims == 0 ? SMS_LTE_ONLY : SMS_UNKNOWN;
	if (r->cs == REG_UNKNOWN && r->eps == REG_UNKNOWN)
		return SMS_UNKNOWN;
	return SMS_NO;
}

const char *
netreg_sms_name(enum netreg_sms s)
{
	switch (s) {
	case SMS_YES:
		return "yes";
	case SMS_LTE_ONLY:
		return "lte-data-only";
	case SMS_NO:
		return "no";
	default:
		return "unknown";
	}
}
