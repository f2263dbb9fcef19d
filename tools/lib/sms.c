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

/* Septet i of 7-bit packed data starting bitoff bits into ud. */
static uint8_t
septet(const uint8_t *ud, size_t bitoff, size_t i)
{
	size_t bit = bitoff + 7 * i, byte = bit / 8, shift = bit % 8;
	unsigned int v;

	v = ud[byte] >> shift;
	if (shift > 1)
		v |= (unsigned int)ud[byte + 1] << (8 - shift);
	return (uint8_t)(v & 0x7f);
}

/* GSM 7-bit septets to UTF-8. */
static void
gsm7_to_utf8(const uint8_t *ud, size_t bitoff, size_t nsept, char *out,
    size_t size, size_t *len)
{
	size_t i, k;
	uint8_t c;
	uint16_t ucs;

	*len = 0;
	out[0] = '\0';
	for (i = 0; i < nsept; i++) {
		c = septet(ud, bitoff, i);
		if (c != GSM7_ESC) {
			put_utf8(out, size, len, gsm7[c]);
			continue;
		}
		if (++i == nsept) {
			put_utf8(out, size, len, 0x00a0);
			break;
		}
		c = septet(ud, bitoff, i);
		/* 23.038: an unknown extension shows as its default char. */
		ucs = gsm7[c];
		for (k = 0; k < sizeof(gsm7_ext) / sizeof(gsm7_ext[0]); k++)
			if (gsm7_ext[k].code == c)
				ucs = gsm7_ext[k].ucs;
		put_utf8(out, size, len, ucs);
	}
}

static void
ucs2_to_utf8(const uint8_t *p, size_t n, char *out, size_t size,
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
		gsm7_to_utf8(p + 2, 0, ndig * 4 / 7, out, size, &len);
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
		gsm7_to_utf8(p, skip * 7, udl - skip, m->text,
		    sizeof(m->text), &m->textlen);
	} else if (m->alphabet == SMS_UCS2)
		ucs2_to_utf8(p + hdr, udl - hdr, m->text, sizeof(m->text),
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

/* --- encoding --- */

#define GSM7_SINGLE	160	/* septets in one message */
#define GSM7_MULTI	153	/* ...in one part after a 6-octet UDH */
#define UCS2_SINGLE	70	/* UTF-16 units */
#define UCS2_MULTI	67
#define UDH_CONCAT	6	/* 05 00 03 ref total seq */
#define VP_24H		0xa7	/* relative validity: 24 hours */

/* GSM 7-bit code of cp: septets (1, or 2 with ESC) or 0 if none. */
static int
gsm7_code(uint32_t cp, uint8_t out[2])
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

/* Units cp takes: septets in GSM 7-bit, UTF-16 units in UCS-2. */
static int
units(uint32_t cp, int ucs2)
{
	uint8_t tmp[2];

	if (ucs2)
		return cp > 0xffff ? 2 : 1;
	return gsm7_code(cp, tmp);
}

/* Whole-text pass: alphabet and length in units; sms_error if bad. */
static int
measure(const char *text, size_t len, int *ucs2, size_t *total)
{
	size_t i = 0, sept = 0, u16 = 0;
	int32_t cp;
	int gsm = 1, n;

	while (i < len) {
		if ((cp = utf8_decode(text, len, &i)) < 0)
			return SMS_EUTF8;
		if (gsm && (n = units((uint32_t)cp, 0)) == 0)
			gsm = 0;
		sept += gsm ? (size_t)n : 0;
		u16 += (size_t)units((uint32_t)cp, 1);
	}
	*ucs2 = !gsm;
	*total = gsm ? sept : u16;
	return 0;
}

/*
 * Split text into parts of at most max units, never inside a character
 * (an ESC pair or a surrogate pair).  Writes the end offset of each part
 * to ends; returns the count or SMS_ELONG.
 */
static int
split(const char *text, size_t len, int ucs2, size_t max, size_t *ends)
{
	size_t i = 0, prev, fill = 0;
	int nparts = 0, u;
	int32_t cp;

	while (i < len) {
		prev = i;
		cp = utf8_decode(text, len, &i);
		u = units((uint32_t)cp, ucs2);
		if (fill + (size_t)u > max) {
			if (nparts == SMS_PARTS_MAX)
				return SMS_ELONG;
			ends[nparts++] = prev;
			fill = 0;
		}
		fill += (size_t)u;
	}
	if (nparts == SMS_PARTS_MAX)
		return SMS_ELONG;
	ends[nparts++] = len;
	return nparts;
}

int
sms_count_parts(const char *text, size_t len, int *ucs2)
{
	size_t ends[SMS_PARTS_MAX], total;
	int r;

	if ((r = measure(text, len, ucs2, &total)) < 0)
		return r;
	if (total <= (size_t)(*ucs2 ? UCS2_SINGLE : GSM7_SINGLE))
		return 1;
	return split(text, len, *ucs2, *ucs2 ? UCS2_MULTI : GSM7_MULTI, ends);
}

/* Destination address: "+digits" international, else unknown type. */
static int
put_addr(const char *number, uint8_t *out)
{
	size_t i, n;
	int intl;

	intl = number[0] == '+';
	number += intl;
	n = strlen(number);
	if (n == 0 || n > 20 || strspn(number, "0123456789") != n)
		return SMS_ENUMBER;
	out[0] = (uint8_t)n;
	out[1] = intl ? 0x91 : 0x81;
	memset(out + 2, 0xff, (n + 1) / 2);
	for (i = 0; i < n; i++) {
		if (i % 2)
			out[2 + i / 2] = (uint8_t)((out[2 + i / 2] & 0x0f) |
			    (number[i] - '0') << 4);
		else
			out[2 + i / 2] = (uint8_t)(0xf0 | (number[i] - '0'));
	}
	return (int)(2 + (n + 1) / 2);
}

/* User data of one part (text[from..to)) after hdr octets of header. */
static size_t
put_ud(const char *text, size_t from, size_t to, int ucs2, size_t hdr,
    uint8_t *ud, size_t *udl)
{
	size_t i = from, nsept = 0, bitoff, bit, k;
	uint8_t code[2];
	int32_t cp;
	uint32_t hi;
	int n;

	if (ucs2) {
		k = hdr;
		while (i < to) {
			cp = utf8_decode(text, to, &i);
			if (cp > 0xffff) {
				hi = 0xd800 + (((uint32_t)cp - 0x10000) >> 10);
				ud[k++] = (uint8_t)(hi >> 8);
				ud[k++] = (uint8_t)hi;
				cp = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			}
			ud[k++] = (uint8_t)(cp >> 8);
			ud[k++] = (uint8_t)cp;
		}
		*udl = k;
		return k;
	}
	bitoff = (hdr * 8 + 6) / 7 * 7;	/* header, then fill to a septet */
	while (i < to) {
		cp = utf8_decode(text, to, &i);
		n = gsm7_code((uint32_t)cp, code);
		for (k = 0; k < (size_t)n; k++, nsept++) {
			bit = bitoff + 7 * nsept;
			ud[bit / 8] |= (uint8_t)(code[k] << (bit % 8));
			if (bit % 8 > 1)
				ud[bit / 8 + 1] |= (uint8_t)(code[k] >>
				    (8 - bit % 8));
		}
	}
	*udl = bitoff / 7 + nsept;
	return (bitoff + 7 * nsept + 7) / 8;
}

static void
to_hex(const uint8_t *p, size_t n, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

int
sms_encode(const char *number, const char *text, size_t len,
    unsigned int ref, struct sms_part *parts, int maxparts)
{
	uint8_t tpdu[SMS_TPDU_MAX];
	size_t ends[SMS_PARTS_MAX], total, from, udl, udl_at, n, hdr;
	int ucs2, nparts, i, r, alen;

	if ((r = measure(text, len, &ucs2, &total)) < 0)
		return r;
	if (total <= (size_t)(ucs2 ? UCS2_SINGLE : GSM7_SINGLE)) {
		ends[0] = len;
		nparts = 1;
	} else if ((nparts = split(text, len, ucs2, ucs2 ? UCS2_MULTI :
	    GSM7_MULTI, ends)) < 0)
		return nparts;
	if (nparts > maxparts)
		return SMS_ELONG;
	for (i = 0, from = 0; i < nparts; from = ends[i], i++) {
		memset(tpdu, 0, sizeof(tpdu));
		tpdu[0] = nparts > 1 ? 0x51 : 0x11;	/* SUBMIT, VP, UDHI */
		tpdu[1] = 0;				/* MR: the modem sets it */
		if ((alen = put_addr(number, tpdu + 2)) < 0)
			return alen;
		n = 2 + (size_t)alen;
		tpdu[n++] = 0x00;			/* PID */
		tpdu[n++] = ucs2 ? 0x08 : 0x00;		/* DCS */
		tpdu[n++] = VP_24H;
		udl_at = n++;
		hdr = 0;
		if (nparts > 1) {
			memcpy(tpdu + n, (uint8_t[]){ 0x05, 0x00, 0x03,
			    (uint8_t)ref, (uint8_t)nparts, (uint8_t)(i + 1) },
			    UDH_CONCAT);
			hdr = UDH_CONCAT;
		}
		n += put_ud(text, from, ends[i], ucs2, hdr, tpdu + n, &udl);
		tpdu[udl_at] = (uint8_t)udl;
		parts[i].hex[0] = parts[i].hex[1] = '0';
		to_hex(tpdu, n, parts[i].hex + 2);
		parts[i].tpdu_len = (int)n;
	}
	return nparts;
}

/* --- AT answers --- */

/* Skip "prefix" and blanks; NULL if line does not start with it. */
static const char *
after(const char *line, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(line, prefix, n) != 0)
		return NULL;
	line += n;
	return line + strspn(line, " ");
}

static int
number(const char **p, int max)
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

	if ((p = after(line, "+CMGL:")) == NULL ||
	    (*index = number(&p, 65535)) < 0 || *p++ != ',' ||
	    (*stat = number(&p, 4)) < 0 || *p++ != ',')
		return -1;
	/* optional <alpha>, quoted or not, then <length> */
	if (*p == '"') {
		if ((p = strchr(p + 1, '"')) == NULL)
			return -1;
		p++;
	} else
		p += strcspn(p, ",");
	if (*p++ != ',' || (*length = number(&p, SMS_TPDU_MAX)) < 0)
		return -1;
	return *p == '\0' ? 0 : -1;
}

int
sms_parse_cmti(const char *line, char *mem, size_t size, int *index)
{
	const char *p, *q;

	if ((p = after(line, "+CMTI:")) == NULL || *p++ != '"' ||
	    (q = strchr(p, '"')) == NULL || (size_t)(q - p) >= size ||
	    q == p)
		return -1;
	memcpy(mem, p, (size_t)(q - p));
	mem[q - p] = '\0';
	p = q + 1;
	if (*p++ != ',' || (*index = number(&p, 65535)) < 0 || *p != '\0')
		return -1;
	return 0;
}

int
sms_parse_cpms(const char *line, struct sms_cpms *c)
{
	const char *p, *q;
	int g = 0;

	memset(c, 0, sizeof(*c));
	if ((p = after(line, "+CPMS:")) == NULL)
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

	if ((p = after(line, "+CPMS:")) == NULL)
		return -1;
	if (*p == '"') {
		if ((q = strchr(p + 1, '"')) == NULL || q[1] != ',')
			return -1;
		p = q + 2;
	}
	if ((*used = number(&p, 65535)) < 0 || *p++ != ',' ||
	    (*total = number(&p, 65535)) < 0 || (*p != '\0' && *p != ',') ||
	    *used > *total)
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
		if ((*v[i] = number(&s, 9999)) < 0)
			return -1;
		if (i < 5 && *s++ != sep[i])
			return -1;
	}
	if (*s == '+' || *s == '-') {
		neg = *s++ == '-';
		if ((tz = number(&s, 56)) < 0)
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

	if ((v = number(&p, max)) < 0 || *p != '\0')
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
	if ((p = after(line, "+CMGL:")) != NULL) {
		if ((h->index = number(&p, 65535)) < 0 || *p++ != ',')
			return -1;
	} else if ((p = after(line, "+CMGR:")) == NULL)
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

/* --- USSD --- */

int
sms_ussd_pack(const char *code, char *hex, size_t size)
{
	uint8_t sept[USSD_SEPTETS_MAX + 1], oct[USSD_SEPTETS_MAX];
	size_t i = 0, n = 0, len = strlen(code), bits, k;
	uint8_t c[2];
	int32_t cp;
	int u;

	while (i < len) {
		if ((cp = utf8_decode(code, len, &i)) < 0 ||
		    (u = gsm7_code((uint32_t)cp, c)) == 0)
			return SMS_EUTF8;
		if (n + (size_t)u > USSD_SEPTETS_MAX)
			return SMS_ELONG;
		sept[n++] = c[0];
		if (u == 2)
			sept[n++] = c[1];
	}
	/* 23.038 6.1.2.3.1: 7 spare bits would read as an '@': a CR */
	if (n % 8 == 7)
		sept[n++] = '\r';
	bits = n * 7;
	memset(oct, 0, sizeof(oct));
	for (k = 0; k < n; k++) {
		oct[k * 7 / 8] |= (uint8_t)(sept[k] << (k * 7 % 8));
		if (k * 7 % 8 > 1)
			oct[k * 7 / 8 + 1] |= (uint8_t)(sept[k] >> (8 - k * 7 % 8));
	}
	if (size < (bits + 7) / 8 * 2 + 1)
		return SMS_ELONG;
	for (k = 0; k < (bits + 7) / 8; k++)
		snprintf(hex + 2 * k, 3, "%02X", oct[k]);
	hex[2 * k] = '\0';
	return 0;
}

enum ussd_alpha { U_GSM7, U_8BIT, U_UCS2, U_BAD };

/* The alphabet of a CBS data coding scheme (23.038 5). */
static enum ussd_alpha
ussd_alphabet(int dcs)
{
	if (dcs < 0 || dcs >> 4 == 0 || dcs >> 4 == 2 || dcs >> 4 == 3 ||
	    dcs == 0x10)
		return U_GSM7;
	if (dcs == 0x11)
		return U_UCS2;
	if ((dcs & 0xc0) == 0x40 || dcs >> 4 == 9) {
		if (dcs & 0x20)
			return U_BAD;		/* compressed */
		switch ((dcs >> 2) & 3) {
		case 0:
			return U_GSM7;
		case 1:
			return U_8BIT;
		case 2:
			return U_UCS2;
		default:
			return U_BAD;
		}
	}
	if (dcs >> 4 == 0xf)
		return dcs & 4 ? U_8BIT : U_GSM7;
	return U_BAD;
}

static int
all_hex(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n % 2 != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (hex_digit(s[i]) < 0)
			return 0;
	return 1;
}

/* The text of an answer, by its alphabet; str holds n bytes. */
static int
ussd_text(const char *str, size_t n, int dcs, struct sms_ussd *u)
{
	uint8_t oct[USSD_SEPTETS_MAX * 2];
	size_t len, nsept, i;
	enum ussd_alpha a;

	if ((a = ussd_alphabet(dcs)) == U_BAD)
		return SMS_EDCS;
	if (a == U_GSM7 && !all_hex(str, n)) {
		/* the modem decoded it: printable text is taken as it is */
		for (i = 0; i < n && i + 1 < sizeof(u->text); i++)
			u->text[i] = str[i];
		u->text[i] = '\0';
		return 0;
	}
	if (!all_hex(str, n) || n / 2 > sizeof(oct))
		return SMS_EHEX;
	len = sms_hex_decode(str, n, oct, sizeof(oct));
	switch (a) {
	case U_GSM7:
		if (len > USSD_SEPTETS_MAX * 7 / 8 + 1)
			return SMS_EHEX;
		nsept = len * 8 / 7;
		/* 7 spare bits at the end: a CR (or an '@') filled them */
		if (len * 8 % 7 == 0 && nsept > 0 &&
		    (septet(oct, 0, nsept - 1) == '\r' ||
		    septet(oct, 0, nsept - 1) == 0))
			nsept--;
		gsm7_to_utf8(oct, 0, nsept, u->text, sizeof(u->text), &len);
		break;
	case U_UCS2:
		/* 0x11: a GSM 7-bit language code fills the first 2 octets */
		i = dcs == 0x11 && len >= 2 ? 2 : 0;
		ucs2_to_utf8(oct + i, len - i, u->text, sizeof(u->text), &len);
		break;
	default:
		/* 8-bit data: its octets, for the caller to escape */
		memcpy(u->text, oct, len < sizeof(u->text) - 1 ? len :
		    sizeof(u->text) - 1);
		u->text[len < sizeof(u->text) - 1 ? len :
		    sizeof(u->text) - 1] = '\0';
		break;
	}
	return 0;
}

int
sms_ussd_parse(const char *line, struct sms_ussd *u)
{
	const char *p, *q, *end;
	int r;

	memset(u, 0, sizeof(*u));
	u->dcs = -1;
	if ((p = after(line, "+CUSD:")) == NULL ||
	    (u->status = number(&p, 5)) < 0)
		return -1;
	p += strspn(p, " ");
	if (*p == '\0')
		return 0;
	if (*p++ != ',')
		return -1;
	p += strspn(p, " ");
	if (*p++ != '"' || (q = strchr(p, '"')) == NULL)
		return -1;
	end = q + 1;
	end += strspn(end, " ");
	if (*end == ',') {
		end++;
		end += strspn(end, " ");
		if ((u->dcs = number(&end, 255)) < 0)
			return -1;
		end += strspn(end, " ");
	}
	if (*end != '\0')
		return -1;
	if ((r = ussd_text(p, (size_t)(q - p), u->dcs, u)) < 0)
		return r;
	u->has_text = 1;
	return 0;
}
