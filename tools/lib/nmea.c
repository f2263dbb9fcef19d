#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nmea.h"
#include "util.h"

uint8_t
nmea_checksum(const char *body, size_t len)
{
	uint8_t x = 0;
	size_t i;

	for (i = 0; i < len; i++)
		x ^= (uint8_t)body[i];
	return x;
}

/* Bytes a sentence may hold: printable ASCII but the delimiters. */
static int
sentence_char(char c)
{
	return c >= 0x20 && c < 0x7f && c != '$' && c != '*' && c != '!';
}

int
nmea_frame(const char *body, char *out, size_t size, int *given)
{
	const char *star;
	size_t len, i;
	int n, hi, lo;

	*given = -1;
	if (*body == '$')
		body++;
	len = strlen(body);
	while (len > 0 && (body[len - 1] == '\n' || body[len - 1] == '\r'))
		len--;
	if ((star = memchr(body, '*', len)) != NULL) {
		if ((size_t)(star - body) + 3 != len ||
		    (hi = hex_digit(star[1])) < 0 || (lo = hex_digit(star[2])) < 0)
			return -1;
		*given = hi << 4 | lo;
		len = (size_t)(star - body);
	}
	if (len == 0)
		return -1;
	for (i = 0; i < len; i++)
		if (!sentence_char(body[i]))
			return -1;
	n = snprintf(out, size, "$%.*s*%02X", (int)len, body,
	    nmea_checksum(body, len));
	return n < 0 || (size_t)n >= size ? -1 : n;
}

void
nmea_reader_init(struct nmea_reader *r)
{
	memset(r, 0, sizeof(*r));
}

/* The sentence in r->line ("body*HH") is complete: check it. */
static enum nmea_event
finish(struct nmea_reader *r, const char **body)
{
	char *star;
	int hi, lo, max;

	r->in = 0;
	max = r->len > 0 && r->line[0] == 'P' ? NMEA_PROPRIETARY_MAX :
	    NMEA_MAX;
	/* "$" + line + CR LF */
	if (r->overlong || (int)r->len + 3 > max) {
		r->overlong = 0;
		return NMEA_TOOLONG;
	}
	r->line[r->len] = '\0';
	if ((star = strchr(r->line, '*')) == NULL) {
		*body = r->line;
		return NMEA_NOSUM;
	}
	if (star + 3 != r->line + r->len || (hi = hex_digit(star[1])) < 0 ||
	    (lo = hex_digit(star[2])) < 0 ||
	    nmea_checksum(r->line, (size_t)(star - r->line)) != (hi << 4 | lo))
		return NMEA_BADSUM;
	*star = '\0';
	*body = r->line;
	return NMEA_SENTENCE;
}

size_t
nmea_feed(struct nmea_reader *r, const char *buf, size_t len,
    enum nmea_event *ev, const char **body)
{
	size_t i;
	char c;

	*ev = NMEA_NONE;
	*body = NULL;
	for (i = 0; i < len; i++) {
		c = buf[i];
		if (c == '$') {			/* (re)start */
			r->in = 1;
			r->len = 0;
			r->overlong = 0;
			continue;
		}
		if (!r->in)
			continue;
		if (c == '\r' || c == '\n') {
			*ev = finish(r, body);
			return i + 1;
		}
		if (c != '*' && !sentence_char(c)) {	/* line noise */
			r->in = 0;
			continue;
		}
		if (r->len + 1 >= sizeof(r->line)) {
			r->overlong = 1;
			continue;
		}
		r->line[r->len++] = c;
	}
	return len;
}

int
nmea_fields(char *body, char **f, int max)
{
	int n = 0;

	if (max < 1)
		return 0;
	f[n++] = body;
	for (; *body != '\0'; body++)
		if (*body == ',') {
			*body = '\0';
			if (n == max)
				break;
			f[n++] = body + 1;
		}
	return n;
}

int
nmea_type(const char *body, char talker[3], char type[8])
{
	size_t n;

	n = strcspn(body, ",");
	if (n < 2 || n > 9)
		return -1;
	if (body[0] == 'P') {
		talker[0] = 'P';
		talker[1] = '\0';
		snprintf(type, 8, "%.*s", (int)n - 1 > 7 ? 7 : (int)n - 1,
		    body + 1);
		return 0;
	}
	if (n != 5 || !isupper((unsigned char)body[0]) ||
	    !isupper((unsigned char)body[1]))
		return -1;
	memcpy(talker, body, 2);
	talker[2] = '\0';
	memcpy(type, body + 2, 3);
	type[3] = '\0';
	return 0;
}

/* "hhmmss" or "hhmmss.sss" */
static int
get_time(const char *s, struct nmea_time *t)
{
	int i, ms = 0, scale = 100;

	if (strlen(s) < 6)
		return -1;
	for (i = 0; i < 6; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	t->hour = (s[0] - '0') * 10 + (s[1] - '0');
	t->minute = (s[2] - '0') * 10 + (s[3] - '0');
	t->second = (s[4] - '0') * 10 + (s[5] - '0');
	if (s[6] == '.')
		for (i = 7; isdigit((unsigned char)s[i]); i++, scale /= 10)
			ms += (s[i] - '0') * scale;
	else if (s[6] != '\0')
		return -1;
	t->millisecond = ms;
	if (t->hour > 23 || t->minute > 59 || t->second > 60)
		return -1;
	return 0;
}

static int
get_double(const char *s, double *v)
{
	char *end;

	if (*s == '\0')
		return -1;
	*v = strtod(s, &end);
	return *end == '\0' ? 0 : -1;
}

/* "ddmm.mmmm","N" or "dddmm.mmmm","W" to signed degrees. */
static int
get_coord(const char *v, const char *hemi, int lat, double *out)
{
	double raw, deg;

	/* bounded before the conversion to int: 1e300 is no coordinate */
	if (get_double(v, &raw) == -1 || !(raw >= 0 && raw < 18100) ||
	    strlen(hemi) != 1 || strchr(lat ? "NS" : "EW", hemi[0]) == NULL)
		return -1;
	deg = (double)(int)(raw / 100);
	*out = deg + (raw - deg * 100) / 60;
	if (raw - deg * 100 >= 60 || *out > (lat ? 90 : 180))
		return -1;
	if (hemi[0] == 'S' || hemi[0] == 'W')
		*out = -*out;
	return 0;
}

static int
is(const char *body, const char *type)
{
	char talker[3], t[8];

	return nmea_type(body, talker, t) == 0 && strcmp(talker, "P") != 0 &&
	    strcmp(t, type) == 0;
}

/* body into buf (size bytes) to cut in fields; -1 if it does not fit */
static int
copy_body(char *buf, size_t size, const char *body)
{
	size_t n = strlen(body);

	if (n >= size)
		return -1;
	memcpy(buf, body, n + 1);
	return 0;
}

int
nmea_parse_rmc(const char *body, struct nmea_rmc *m)
{
	char copy[NMEA_PROPRIETARY_MAX + 1], *f[16];
	int n;

	memset(m, 0, sizeof(*m));
	if (!is(body, "RMC") ||
	    copy_body(copy, sizeof(copy), body) == -1)
		return -1;
	if ((n = nmea_fields(copy, f, 16)) < 10)
		return -1;
	if (*f[1] != '\0') {
		if (get_time(f[1], &m->time) == -1)
			return -1;
		m->has_time = 1;
	}
	if (strcmp(f[2], "A") != 0 && strcmp(f[2], "V") != 0)
		return -1;
	m->valid = f[2][0] == 'A';
	/* Without a fix MediaTek fills in 8960.000000,N: no position. */
	if (*f[3] != '\0') {
		if (get_coord(f[3], f[4], 1, &m->lat) == 0 &&
		    get_coord(f[5], f[6], 0, &m->lon) == 0)
			m->has_pos = 1;
		else if (m->valid)
			return -1;
	}
	if (*f[7] != '\0' && get_double(f[7], &m->speed_kn) == -1)
		return -1;
	if (*f[8] != '\0' && get_double(f[8], &m->course) == -1)
		return -1;
	if (*f[9] != '\0') {
		if (strlen(f[9]) != 6 || strspn(f[9], "0123456789") != 6)
			return -1;
		m->day = (f[9][0] - '0') * 10 + (f[9][1] - '0');
		m->month = (f[9][2] - '0') * 10 + (f[9][3] - '0');
		m->year = 2000 + (f[9][4] - '0') * 10 + (f[9][5] - '0');
		if (m->day < 1 || m->day > 31 || m->month < 1 || m->month > 12)
			return -1;
		m->has_date = 1;
	}
	if (n >= 13 && strlen(f[12]) == 1)
		m->mode = f[12][0];
	/* NMEA 2.3: mode N means no fix, whatever the status says */
	if (m->mode == 'N')
		m->valid = 0;
	return 0;
}

int
nmea_parse_gga(const char *body, struct nmea_gga *g)
{
	char copy[NMEA_PROPRIETARY_MAX + 1], *f[16];
	char *end;

	memset(g, 0, sizeof(*g));
	if (!is(body, "GGA") ||
	    copy_body(copy, sizeof(copy), body) == -1)
		return -1;
	if (nmea_fields(copy, f, 16) < 10)
		return -1;
	if (*f[1] != '\0') {
		if (get_time(f[1], &g->time) == -1)
			return -1;
		g->has_time = 1;
	}
	g->quality = (int)strtol(f[6], &end, 10);
	if (*f[6] == '\0' || *end != '\0' || g->quality < 0 || g->quality > 8)
		return -1;
	if (*f[2] != '\0') {
		if (get_coord(f[2], f[3], 1, &g->lat) == 0 &&
		    get_coord(f[4], f[5], 0, &g->lon) == 0)
			g->has_pos = 1;
		else if (g->quality != 0)
			return -1;
	}
	g->satellites = (int)strtol(f[7], &end, 10);
	if (*end != '\0' || g->satellites < 0 || g->satellites > 99)
		return -1;
	if (*f[8] != '\0' && get_double(f[8], &g->hdop) == -1)
		return -1;
	if (*f[9] != '\0' && get_double(f[9], &g->altitude) == -1)
		return -1;
	return 0;
}

int
nmea_parse_ack(const char *body, int *cmd, int *flag)
{
	char copy[64], *f[4], *end;

	if (strncmp(body, "PMTK001,", 8) != 0 ||
	    copy_body(copy, sizeof(copy), body) == -1)
		return -1;
	if (nmea_fields(copy, f, 4) != 3)
		return -1;
	*cmd = (int)strtol(f[1], &end, 10);
	if (*f[1] == '\0' || *end != '\0' || *cmd < 0 || *cmd > 999)
		return -1;
	*flag = (int)strtol(f[2], &end, 10);
	if (*f[2] == '\0' || *end != '\0' || *flag < 0 || *flag > 3)
		return -1;
	return 0;
}

int
nmea_parse_sysmsg(const char *body, int *msg)
{
	char copy[32], *f[3];
	const char *errstr;

	if (strncmp(body, "PMTK010,", 8) != 0 ||
	    copy_body(copy, sizeof(copy), body) == -1 ||
	    nmea_fields(copy, f, 3) != 2)
		return -1;
	/* three digits as sent ("001"); 0-3 are defined, more may come */
	*msg = (int)str_to_num(f[1], 0, 999, &errstr);
	return errstr == NULL && f[1][0] != '-' ? 0 : -1;
}

int
nmea_parse_version(const char *body, char *release, size_t size,
    char *product, size_t psize)
{
	char copy[NMEA_PROPRIETARY_MAX + 1], *f[8];
	int n;

	if (strncmp(body, "PMTK705,", 8) != 0 ||
	    copy_body(copy, sizeof(copy), body) == -1)
		return -1;
	if ((n = nmea_fields(copy, f, 8)) < 3 || *f[1] == '\0')
		return -1;
	snprintf(release, size, "%s", f[1]);
	snprintf(product, psize, "%s", n >= 4 ? f[3] : "");
	return 0;
}
