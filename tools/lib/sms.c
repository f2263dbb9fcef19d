#include <stdio.h>
#include <string.h>

#include "sms.h"
#include "utf8.h"
#include "util.h"

/* GSM 7-bit default alphabet, TS 23.038 6.2.1, as Unicode. */
static const uint16_t gsm7[128] = {
	0x0040, 0x00a3, 0x0024, 0x00a5, 0x00e8, 0x00e9, 0x00f9, 0x00ec,
	0x00f2, 0x00c7, 0x000a, 0x00d8, 0x00f8, 0x000d, 0x00c5, 0x00e5,
	0x0394, 0x005f, 0x03a6, 0x0393, 0x039b, 0x03a9, 0x03a0, 0x03a8,
	0x03a3, 0x0398, 0x039e, 0x00a0, 0x00c6, 0x00e6, 0x00df, 0x00c9,
	0x0020, 0x0021, 0x0022, 0x0023, 0x00a4, 0x0025, 0x0026, 0x0027,
	0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f,
	0x00a1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
	0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f,
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
	0x0058, 0x0059, 0x005a, 0x00c4, 0x00d6, 0x00d1, 0x00dc, 0x00a7,
	0x00bf, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
	0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f,
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
	0x0078, 0x0079, 0x007a, 0x00e4, 0x00f6, 0x00f1, 0x00fc, 0x00e0,
};
#define GSM7_ESC	0x1b	/* 0x1b maps to NBSP only when unpaired */

/* Extension table, TS 23.038 6.2.1.1: after ESC. */
static const struct {
	uint8_t		 code;
	uint16_t	 ucs;
} gsm7_ext[] = {
	{ 0x0a, 0x000c }, { 0x14, 0x005e }, { 0x28, 0x007b },
	{ 0x29, 0x007d }, { 0x2f, 0x005c }, { 0x3c, 0x005b },
	{ 0x3d, 0x007e }, { 0x3e, 0x005d }, { 0x40, 0x007c },
	{ 0x65, 0x20ac },
};

static const char *const errors[] = {
	"ok", "not an even number of hex digits",
	"PDU ends before a length it declares", "invalid address",
	"reserved message type", "invalid timestamp",
	"compressed or reserved data coding", "malformed user data header",
	"text is not valid UTF-8", "text too long for 255 parts",
	"number is not +digits or digits",
};

const char *
sms_strerror(int e)
{
	if (e > 0 || -e >= (int)(sizeof(errors) / sizeof(errors[0])))
		return "unknown error";
	return errors[-e];
}

size_t
sms_hex_decode(const char *hex, size_t hexlen, uint8_t *out, size_t outsize)
{
	size_t n = 0;
	int hi, lo;

	while (hexlen >= 2 && n < outsize && (hi = hex_digit(hex[0])) >= 0 &&
	    (lo = hex_digit(hex[1])) >= 0) {
		out[n++] = (uint8_t)(hi << 4 | lo);
		hex += 2;
		hexlen -= 2;
	}
	return n;
}

/* Append code point cp as UTF-8 if it fits; invalid ones as U+FFFD. */
static void
put_utf8(char *buf, size_t size, size_t *len, uint32_t cp)
{
	char u[4];
	size_t n;

	n = utf8_encode(cp, u);
	if (*len + n >= size)
		return;
	memcpy(buf + *len, u, n);
	*len += n;
	buf[*len] = '\0';
}

uint8_t
sms_septet(const uint8_t *ud, size_t bitoff, size_t i)
{
	size_t bit = bitoff + 7 * i, byte = bit / 8, shift = bit % 8;
	unsigned int v;

	v = ud[byte] >> shift;
	if (shift > 1)
		v |= (unsigned int)ud[byte + 1] << (8 - shift);
	return (uint8_t)(v & 0x7f);
}

void
sms_gsm7_to_utf8(const uint8_t *ud, size_t bitoff, size_t nsept,
    char *out, size_t size, size_t *len)
{
	size_t i, k;
	uint8_t c;
	uint16_t ucs;

	*len = 0;
	out[0] = '\0';
	for (i = 0; i < nsept; i++) {
		c = sms_septet(ud, bitoff, i);
		if (c != GSM7_ESC) {
			put_utf8(out, size, len, gsm7[c]);
			continue;
		}
		if (++i == nsept) {
			put_utf8(out, size, len, 0x00a0);
			break;
		}
		c = sms_septet(ud, bitoff, i);
		/* 23.038: an unknown extension shows as its default char. */
		ucs = gsm7[c];
		for (k = 0; k < sizeof(gsm7_ext) / sizeof(gsm7_ext[0]); k++)
			if (gsm7_ext[k].code == c)
				ucs = gsm7_ext[k].ucs;
		put_utf8(out, size, len, ucs);
	}
}

void
sms_ucs2_to_utf8(const uint8_t *p, size_t n, char *out, size_t size,
    size_t *len)
{
	uint32_t u, lo;
	size_t i;

	*len = 0;
	out[0] = '\0';
	for (i = 0; i + 1 < n; i += 2) {
		u = (uint32_t)p[i] << 8 | p[i + 1];
		if (u >= 0xd800 && u <= 0xdbff && i + 3 < n) {
			lo = (uint32_t)p[i + 2] << 8 | p[i + 3];
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			}
		}
		put_utf8(out, size, len, u);
	}
}

int
sms_gsm7_code(uint32_t cp, uint8_t out[2])
{
	size_t k;
	int c;

	for (c = 0; c < 128; c++)
		if (gsm7[c] == cp && c != GSM7_ESC) {
			out[0] = (uint8_t)c;
			return 1;
		}
	for (k = 0; k < sizeof(gsm7_ext) / sizeof(gsm7_ext[0]); k++)
		if (gsm7_ext[k].ucs == cp) {
			out[0] = GSM7_ESC;
			out[1] = gsm7_ext[k].code;
			return 2;
		}
	return 0;
}

/*
 * Address field (TS 23.040 9.1.2.5) at p[0..n): length in digits (semi-
 * octets), type of address, BCD digits or packed alphanumerics.  Returns
 * octets used or an sms_error.
 */
static int
get_addr(const uint8_t *p, size_t n, char *out, size_t size, uint8_t *toa)
{
	static const char digits[] = "0123456789*#abc";
	size_t ndig, octets, i, len = 0;
	uint8_t d;

	out[0] = '\0';
	if (n < 2)
		return SMS_ESHORT;
	ndig = p[0];
	*toa = p[1];
	octets = (ndig + 1) / 2;
	if (ndig > 20)
		return SMS_EADDR;
	if (n < 2 + octets)
		return SMS_ESHORT;
	if ((*toa & 0x70) == 0x50) {	/* alphanumeric, GSM 7-bit */
		sms_gsm7_to_utf8(p + 2, 0, ndig * 4 / 7, out, size, &len);
		return (int)(2 + octets);
	}
	if ((*toa & 0x70) == 0x10 && ndig > 0)
		out[len++] = '+';
	for (i = 0; i < ndig; i++) {
		d = (uint8_t)(i % 2 ? p[2 + i / 2] >> 4 : p[2 + i / 2] & 0x0f);
		if (d == 0x0f && i == ndig - 1)
			break;
		if (d == 0x0f)
			return SMS_EADDR;
		if (len + 1 < size)
			out[len++] = digits[d];
	}
	out[len] = '\0';
	return (int)(2 + octets);
}

/* SMSC address: its length counts octets, not digits. */
static int
get_smsc(const uint8_t *p, size_t n, char *out, size_t size)
{
	uint8_t tmp[12], toa;
	int r;

	out[0] = '\0';
	if (n < 1)
		return SMS_ESHORT;
	if (p[0] == 0)
		return 1;
	if (p[0] > 11)
		return SMS_EADDR;
	if (n < (size_t)p[0] + 1)
		return SMS_ESHORT;
	/* Rewrite as a TP address (digit count) and decode that. */
	tmp[0] = (uint8_t)((p[0] - 1) * 2);
	memcpy(tmp + 1, p + 1, p[0]);
	if ((p[p[0]] & 0xf0) == 0xf0)
		tmp[0]--;
	if ((r = get_addr(tmp, (size_t)p[0] + 1, out, size, &toa)) < 0)
		return r;
	return p[0] + 1;
}

static int
bcd(uint8_t b)
{
	int lo = b & 0x0f, hi = b >> 4;

	if (lo > 9 || hi > 9)
		return -1;
	return lo * 10 + hi;
}

static int
get_time(const uint8_t *p, size_t n, struct sms_time *t)
{
	int v[6], i, tz;

	if (n < 7)
		return SMS_ESHORT;
	for (i = 0; i < 6; i++)
		if ((v[i] = bcd(p[i])) < 0)
			return SMS_ETIME;
	/* Time zone: quarter hours, sign in bit 3 of the tens digit. */
	tz = (p[6] & 0x07) * 10 + (p[6] >> 4);
	if ((p[6] >> 4) > 9)
		return SMS_ETIME;
	t->year = v[0] + (v[0] < 80 ? 2000 : 1900);
	t->month = v[1];
	t->day = v[2];
	t->hour = v[3];
	t->minute = v[4];
	t->second = v[5];
	t->tz_minutes = (p[6] & 0x08 ? -tz : tz) * 15;
	if (t->month < 1 || t->month > 12 || t->day < 1 || t->day > 31 ||
	    t->hour > 23 || t->minute > 59 || t->second > 59)
		return SMS_ETIME;
	return 7;
}

int64_t
sms_time_unix(const struct sms_time *t)
{
	return utc_seconds(t->year, t->month, t->day, t->hour, t->minute,
	    t->second) - (int64_t)t->tz_minutes * 60;
}

/* Two decoded parts of the same concatenated message? */
static int
same_message(const struct sms *a, const struct sms *b)
{
	return b->concat_total > 1 && a->concat_total == b->concat_total &&
	    a->concat_ref == b->concat_ref && strcmp(a->addr, b->addr) == 0;
}

int
sms_gather_parts(const struct sms *const *msg, int n, int first, int *done,
    int *part)
{
	int i, k, np = 0;

	for (i = first; i < n; i++) {
		if (done[i] || msg[i] == NULL || (i != first &&
		    !same_message(msg[first], msg[i])))
			continue;
		done[i] = 1;
		for (k = np; k > 0 &&
		    msg[part[k - 1]]->concat_seq > msg[i]->concat_seq; k--)
			;
		if (k > 0 && msg[part[k - 1]]->concat_seq == msg[i]->concat_seq)
			continue;	/* a second copy of a part */
		memmove(&part[k + 1], &part[k], (size_t)(np - k) *
		    sizeof(part[0]));
		part[k] = i;
		np++;
	}
	return np;
}

void
sms_time_iso(const struct sms_time *t, char *buf, size_t size)
{
	int tz = t->tz_minutes < 0 ? -t->tz_minutes : t->tz_minutes;

	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    t->year, t->month, t->day, t->hour, t->minute, t->second,
	    t->tz_minutes < 0 ? '-' : '+', tz / 60, tz % 60);
}

/* TS 23.038 4: the alphabet a DCS selects. */
static int
alphabet(uint8_t dcs, enum sms_alphabet *a)
{
	switch (dcs >> 4) {
	case 0x0: case 0x1: case 0x2: case 0x3:	/* general data coding */
	case 0x4: case 0x5: case 0x6: case 0x7:	/* ...marked for deletion */
		if (dcs & 0x20)
			return SMS_EDCS;	/* compressed */
		switch ((dcs >> 2) & 3) {
		case 1:
			*a = SMS_8BIT;
			break;
		case 2:
			*a = SMS_UCS2;
			break;
		default:			/* 3 is reserved: as GSM */
			*a = SMS_GSM7;
			break;
		}
		return 0;
	case 0xe:				/* message waiting, UCS-2 */
		*a = SMS_UCS2;
		return 0;
	case 0xf:				/* message class */
		*a = dcs & 0x04 ? SMS_8BIT : SMS_GSM7;
		return 0;
	default:		/* 8..B reserved, C/D message waiting: GSM */
		*a = SMS_GSM7;
		return 0;
	}
}

/* User data header: find concatenation (IEI 0x00 and 0x08). */
static int
get_udh(const uint8_t *h, size_t n, struct sms *m)
{
	size_t i = 0, len;

	while (i + 2 <= n) {
		len = h[i + 1];
		if (i + 2 + len > n)
			return SMS_EUDH;
		if (h[i] == 0x00 && len == 3) {
			m->concat_ref = h[i + 2];
			m->concat_total = h[i + 3];
			m->concat_seq = h[i + 4];
		} else if (h[i] == 0x08 && len == 4) {
			m->concat_ref = (unsigned int)h[i + 2] << 8 | h[i + 3];
			m->concat_total = h[i + 4];
			m->concat_seq = h[i + 5];
		}
		i += 2 + len;
	}
	if (i != n)
		return SMS_EUDH;
	if (m->concat_total != 0 && (m->concat_seq < 1 ||
	    m->concat_seq > m->concat_total)) {
		m->concat_total = m->concat_seq = 0;
		return SMS_EUDH;
	}
	return 0;
}

/*
 * TP-UDL and TP-UD at p[0..n): header, then text in m->text.  User data
 * shorter than TP-UDL declares (seen from real phones) is decoded as far
 * as it goes and flagged truncated.
 */
static int
get_ud(const uint8_t *p, size_t n, struct sms *m)
{
	size_t udl, octets, hdr = 0, skip = 0;
	int r;

	if (n < 1)
		return SMS_ESHORT;
	udl = p[0];
	p++, n--;
	octets = m->alphabet == SMS_GSM7 ? (udl * 7 + 7) / 8 : udl;
	if (octets > SMS_TPDU_MAX)
		return SMS_ESHORT;
	if (n < octets) {
		m->truncated = 1;
		octets = n;
		udl = m->alphabet == SMS_GSM7 ? n * 8 / 7 : n;
	}
	/* UDHI with no user data at all: nothing to read (SIM records). */
	if ((m->first & 0x40) && udl > 0) {
		hdr = (size_t)p[0] + 1;
		if (hdr > octets)
			return SMS_EUDH;
		if ((r = get_udh(p + 1, hdr - 1, m)) < 0)
			return r;
	}
	if (m->alphabet == SMS_GSM7) {
		skip = (hdr * 8 + 6) / 7;	/* header and fill bits */
		if (skip > udl)
			return SMS_EUDH;
		sms_gsm7_to_utf8(p, skip * 7, udl - skip, m->text,
		    sizeof(m->text), &m->textlen);
	} else if (m->alphabet == SMS_UCS2)
		sms_ucs2_to_utf8(p + hdr, udl - hdr, m->text, sizeof(m->text),
		    &m->textlen);
	else {
		memcpy(m->text, p + hdr, udl - hdr);
		m->textlen = udl - hdr;
		m->text[m->textlen] = '\0';
	}
	return 0;
}

/* Validity period: none, relative (1 octet), absolute or enhanced (7). */
static size_t
vp_len(uint8_t first)
{
	switch ((first >> 3) & 3) {
	case 0:
		return 0;
	case 2:
		return 1;
	default:
		return 7;
	}
}

static int
decode_deliver(const uint8_t *p, size_t n, struct sms *m)
{
	size_t i = 1;
	int r;

	if ((r = get_addr(p + i, n - i, m->addr, sizeof(m->addr),
	    &m->addr_toa)) < 0)
		return r;
	i += (size_t)r;
	if (n < i + 2)
		return SMS_ESHORT;
	m->pid = p[i++];
	m->dcs = p[i++];
	if ((r = alphabet(m->dcs, &m->alphabet)) < 0)
		return r;
	if ((r = get_time(p + i, n - i, &m->time)) < 0)
		return r;
	m->has_time = 1;
	i += 7;
	return get_ud(p + i, n - i, m);
}

static int
decode_submit(const uint8_t *p, size_t n, struct sms *m)
{
	size_t i = 1;
	int r;

	if (n < 2)
		return SMS_ESHORT;
	m->mr = p[i++];
	if ((r = get_addr(p + i, n - i, m->addr, sizeof(m->addr),
	    &m->addr_toa)) < 0)
		return r;
	i += (size_t)r;
	if (n < i + 2 + vp_len(p[0]))
		return SMS_ESHORT;
	m->pid = p[i++];
	m->dcs = p[i++];
	if ((r = alphabet(m->dcs, &m->alphabet)) < 0)
		return r;
	i += vp_len(p[0]);
	return get_ud(p + i, n - i, m);
}

static int
decode_report(const uint8_t *p, size_t n, struct sms *m)
{
	struct sms_time discharge;
	size_t i = 1;
	uint8_t pi;
	int r;

	if (n < 2)
		return SMS_ESHORT;
	m->mr = p[i++];
	if ((r = get_addr(p + i, n - i, m->addr, sizeof(m->addr),
	    &m->addr_toa)) < 0)
		return r;
	i += (size_t)r;
	if ((r = get_time(p + i, n - i, &m->time)) < 0)
		return r;
	m->has_time = 1;
	i += 7;
	if ((r = get_time(p + i, n - i, &discharge)) < 0)
		return r;
	i += 7;
	if (n < i + 1)
		return SMS_ESHORT;
	m->status = p[i++];
	/* TP-PI is optional; FF is SIM padding, not a parameter. */
	if (n == i || (pi = p[i++]) == 0xff)
		return 0;
	if (pi & 0x01) {
		if (n < i + 1)
			return SMS_ESHORT;
		m->pid = p[i++];
	}
	if (pi & 0x02) {
		if (n < i + 1)
			return SMS_ESHORT;
		m->dcs = p[i++];
		if ((r = alphabet(m->dcs, &m->alphabet)) < 0)
			return r;
	}
	return pi & 0x04 ? get_ud(p + i, n - i, m) : 0;
}

int
sms_decode(const char *hex, size_t hexlen, struct sms *m)
{
	uint8_t pdu[12 + SMS_TPDU_MAX];
	size_t n;
	int r;

	memset(m, 0, sizeof(*m));
	m->mr = m->status = -1;
	n = sms_hex_decode(hex, hexlen, pdu, sizeof(pdu));
	if (n == 0)
		return SMS_EHEX;
	if ((r = get_smsc(pdu, n, m->smsc, sizeof(m->smsc))) < 0)
		return r;
	if ((size_t)r >= n)
		return SMS_ESHORT;
	m->first = pdu[r];
	switch (m->first & 3) {
	case 0:
		m->type = SMS_DELIVER;
		return decode_deliver(pdu + r, n - (size_t)r, m);
	case 1:
		m->type = SMS_SUBMIT;
		return decode_submit(pdu + r, n - (size_t)r, m);
	case 2:
		m->type = SMS_STATUS_REPORT;
		return decode_report(pdu + r, n - (size_t)r, m);
	default:
		return SMS_ETYPE;
	}
}
