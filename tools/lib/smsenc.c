#include <string.h>

#include "sms.h"
#include "smsenc.h"
#include "utf8.h"

#define GSM7_SINGLE	160	/* septets in one message */
#define GSM7_MULTI	153	/* ...in one part after a 6-octet UDH */
#define UCS2_SINGLE	70	/* UTF-16 units */
#define UCS2_MULTI	67
#define UDH_CONCAT	6	/* 05 00 03 ref total seq */
#define VP_24H		0xa7	/* relative validity: 24 hours */

/* Units cp takes: septets in GSM 7-bit, UTF-16 units in UCS-2. */
static int
units(uint32_t cp, int ucs2)
{
	uint8_t tmp[2];

	if (ucs2)
		return cp > 0xffff ? 2 : 1;
	return sms_gsm7_code(cp, tmp);
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
		n = sms_gsm7_code((uint32_t)cp, code);
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
