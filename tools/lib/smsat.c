#include <stdio.h>
#include <string.h>

#include "sms.h"
#include "smsat.h"

const char *
sms_at_after(const char *line, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(line, prefix, n) != 0)
		return NULL;
	line += n;
	return line + strspn(line, " ");
}

int
sms_at_number(const char **p, int max)
{
	long v = 0;

	if (**p < '0' || **p > '9')
		return -1;
	while (**p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		if (v > max)
			return -1;
		(*p)++;
	}
	return (int)v;
}

int
sms_parse_cmgl(const char *line, int *index, int *stat, int *length)
{
	const char *p;

	if ((p = sms_at_after(line, "+CMGL:")) == NULL ||
	    (*index = sms_at_number(&p, 65535)) < 0 || *p++ != ',' ||
	    (*stat = sms_at_number(&p, 4)) < 0 || *p++ != ',')
		return -1;
	/* optional <alpha>, quoted or not, then <length> */
	if (*p == '"') {
		if ((p = strchr(p + 1, '"')) == NULL)
			return -1;
		p++;
	} else
		p += strcspn(p, ",");
	if (*p++ != ',' || (*length = sms_at_number(&p, SMS_TPDU_MAX)) < 0)
		return -1;
	return *p == '\0' ? 0 : -1;
}

int
sms_pdu_list(char *const *lines, size_t nlines, struct sms_listed *out,
    int max)
{
	size_t i;
	int n = 0, len;

	for (i = 0; i + 1 < nlines && n < max; i++) {
		if (sms_parse_cmgl(lines[i], &out[n].index, &out[n].stat,
		    &len) == -1)
			continue;
		/* a PDU is hex: a "+CMGL:" line is the next header */
		if (strncmp(lines[i + 1], "+CMGL:", 6) == 0)
			continue;
		out[n++].pdu = lines[++i];
	}
	return n;
}

int
sms_parse_cmgs(const char *line, int *mr)
{
	const char *p;

	if ((p = sms_at_after(line, "+CMGS:")) == NULL ||
	    (*mr = sms_at_number(&p, 255)) < 0 || *p != '\0')
		return -1;
	return 0;
}

int
sms_parse_cmti(const char *line, char *mem, size_t size, int *index)
{
	const char *p, *q;

	if ((p = sms_at_after(line, "+CMTI:")) == NULL || *p++ != '"' ||
	    (q = strchr(p, '"')) == NULL || (size_t)(q - p) >= size ||
	    q == p)
		return -1;
	memcpy(mem, p, (size_t)(q - p));
	mem[q - p] = '\0';
	p = q + 1;
	if (*p++ != ',' || (*index = sms_at_number(&p, 65535)) < 0 ||
	    *p != '\0')
		return -1;
	return 0;
}

int
sms_parse_cpms(const char *line, struct sms_cpms *c)
{
	const char *p, *q;
	int g = 0;

	memset(c, 0, sizeof(*c));
	if ((p = sms_at_after(line, "+CPMS:")) == NULL)
		return -1;
	if (*p == '\0')
		return 0;		/* the modem lists nothing */
	for (g = 0; g < 3; g++) {
		p += strspn(p, " ");
		if (*p++ != '(')
			return -1;
		for (;;) {
			p += strspn(p, " ");
			if (*p++ != '"' || (q = strchr(p, '"')) == NULL ||
			    q - p >= 8 || c->n[g] == SMS_MEMS_MAX)
				return -1;
			memcpy(c->mem[g][c->n[g]], p, (size_t)(q - p));
			c->mem[g][c->n[g]++][q - p] = '\0';
			p = q + 1 + strspn(q + 1, " ");
			if (*p == ')')
				break;
			if (*p++ != ',')
				return -1;
		}
		p++;
		p += strspn(p, " ");
		if (g < 2 && *p++ != ',')
			return -1;
	}
	return *p == '\0' ? 0 : -1;
}

int
sms_parse_cpms_use(const char *line, int *used, int *total)
{
	const char *p, *q;

	if ((p = sms_at_after(line, "+CPMS:")) == NULL)
		return -1;
	if (*p == '"') {
		if ((q = strchr(p + 1, '"')) == NULL || q[1] != ',')
			return -1;
		p = q + 2;
	}
	if ((*used = sms_at_number(&p, 65535)) < 0 || *p++ != ',' ||
	    (*total = sms_at_number(&p, 65535)) < 0 ||
	    (*p != '\0' && *p != ',') || *used > *total)
		return -1;
	return 0;
}

int
sms_cpms_offers(const struct sms_cpms *c, const char *mem)
{
	int g, i, found;

	for (g = 0; g < 3; g++) {
		for (i = 0, found = 0; i < c->n[g]; i++)
			found |= strcmp(c->mem[g][i], mem) == 0;
		if (!found)
			return 0;
	}
	return 1;
}

/* Next quoted or bare field of a text-mode header; NULL at the end. */
static const char *
field(const char *p, char *out, size_t size)
{
	const char *end;
	size_t n;

	p += strspn(p, " ");
	if (*p == '"') {
		if ((end = strchr(p + 1, '"')) == NULL)
			return NULL;
		n = (size_t)(end - p - 1);
		p++;
		end++;
	} else {
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
	}
	if (n >= size)
		return NULL;
	memcpy(out, p, n);
	out[n] = '\0';
	end += strspn(end, " ");
	if (*end == ',')
		return end + 1;
	return *end == '\0' ? end : NULL;
}

/* "yy/MM/dd,hh:mm:ss[+-zz]", or with a 4-digit year. */
static int
text_time(const char *s, struct sms_time *t)
{
	static const char sep[] = "//,::";
	int *v[6], i, tz = 0, neg = 0;

	memset(t, 0, sizeof(*t));
	v[0] = &t->year, v[1] = &t->month, v[2] = &t->day;
	v[3] = &t->hour, v[4] = &t->minute, v[5] = &t->second;
	for (i = 0; i < 6; i++) {
		if ((*v[i] = sms_at_number(&s, 9999)) < 0)
			return -1;
		if (i < 5 && *s++ != sep[i])
			return -1;
	}
	if (*s == '+' || *s == '-') {
		neg = *s++ == '-';
		if ((tz = sms_at_number(&s, 56)) < 0)
			return -1;
	}
	if (*s != '\0')
		return -1;
	if (t->year < 100)
		t->year += t->year < 80 ? 2000 : 1900;
	t->tz_minutes = (neg ? -tz : tz) * 15;
	if (t->month < 1 || t->month > 12 || t->day < 1 || t->day > 31 ||
	    t->hour > 23 || t->minute > 59 || t->second > 59)
		return -1;
	return 0;
}

/* A bare field of digits within [0, max]: its value, else -1. */
static int
field_number(const char *f, int max)
{
	const char *p = f;
	int v;

	if ((v = sms_at_number(&p, max)) < 0 || *p != '\0')
		return -1;
	return v;
}

/*
 * After the time stamp, +CSDH=1 adds <tooa>,<length> to +CMGL and
 * <tooa>,<fo>,<pid>,<dcs>,<sca>,<tosca>,<length> to +CMGR (27.005 3.4.2,
 * 4.1).  Other shapes are not framed: toa and length stay -1.
 */
static void
text_details(char f[][64], int after, int n, struct sms_text_header *h)
{
	int extra = n - after;

	if (extra != 2 && extra != 7)
		return;
	h->toa = field_number(f[after], 255);
	h->length = field_number(f[n - 1], 65535);
	if (h->toa < 0 || h->length < 0)
		h->toa = h->length = -1;
}

int
sms_parse_text_header(const char *line, struct sms_text_header *h)
{
	static const char *const stats[] = { "REC UNREAD", "REC READ",
	    "STO UNSENT", "STO SENT" };
	char f[12][64];
	const char *p;
	int n = 0, i;

	memset(h, 0, sizeof(*h));
	h->index = -1;
	h->stat = -1;
	h->toa = h->length = -1;
	if ((p = sms_at_after(line, "+CMGL:")) != NULL) {
		if ((h->index = sms_at_number(&p, 65535)) < 0 || *p++ != ',')
			return -1;
	} else if ((p = sms_at_after(line, "+CMGR:")) == NULL)
		return -1;
	while (*p != '\0' && n < 12)
		if ((p = field(p, f[n++], sizeof(f[0]))) == NULL)
			return -1;
	if (*p != '\0' || n < 2)
		return -1;
	for (i = 0; i < 4; i++)
		if (strcmp(f[0], stats[i]) == 0)
			h->stat = i;
	if (h->stat < 0 || strlen(f[1]) >= sizeof(h->sender))
		return -1;
	memcpy(h->sender, f[1], strlen(f[1]) + 1);
	/* the time stamp: the first field after the sender that is one */
	for (i = 2; i < n && i <= 3; i++)
		if (text_time(f[i], &h->time) == 0) {
			h->has_time = 1;
			text_details(f, i + 1, n, h);
			break;
		}
	return 0;
}

int
sms_text_list(char *const *lines, size_t nlines, int *idx, int max)
{
	struct sms_text_header h;
	size_t i;
	int n = 0, k;

	for (i = 0; i < nlines && n < max; i++) {
		if (sms_parse_text_header(lines[i], &h) == -1 || h.index < 0)
			continue;
		/* a text that is a header naming another's index: once */
		for (k = 0; k < n && idx[k] != h.index; k++)
			;
		if (k == n)
			idx[n++] = h.index;
	}
	return n;
}

/* A text-mode sender's type of address, from <tooa> or its look. */
static int
text_toa(const struct sms_text_header *h)
{
	const char *d = h->sender + (h->sender[0] == '+');

	if (h->toa >= 0)
		return h->toa;
	if (*d == '\0' || strspn(d, "0123456789") != strlen(d))
		return 0xd0;		/* alphanumeric */
	return h->sender[0] == '+' ? 0x91 : 0x81;
}

int
sms_text_message(char *const *lines, size_t nlines, int ended,
    struct sms_text_header *h, struct sms *m)
{
	size_t i, n;

	if (nlines == 0 || sms_parse_text_header(lines[0], h) == -1)
		return -1;
	memset(m, 0, sizeof(*m));
	m->type = h->stat <= 1 ? SMS_DELIVER : SMS_SUBMIT;
	m->mr = m->status = -1;
	snprintf(m->addr, sizeof(m->addr), "%s", h->sender);
	m->addr_toa = (uint8_t)text_toa(h);
	m->has_time = h->has_time;
	m->time = h->time;
	for (i = 1; i < nlines; i++) {
		n = strlen(lines[i]);
		if (m->textlen + n + 1 >= sizeof(m->text)) {
			m->truncated = 1;
			break;
		}
		if (i > 1)
			m->text[m->textlen++] = '\n';
		memcpy(m->text + m->textlen, lines[i], n + 1);
		m->textlen += n;
	}
	/* framed by its length: one line of text, nothing more */
	if ((h->length > 0 && nlines != 2) || ended)
		m->truncated = 1;
	return 0;
}
