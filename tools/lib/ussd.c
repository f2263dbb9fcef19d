#include <stdio.h>
#include <string.h>

#include "sms.h"
#include "smsat.h"
#include "ussd.h"
#include "utf8.h"
#include "util.h"

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
		    (u = sms_gsm7_code((uint32_t)cp, c)) == 0)
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
		    (sms_septet(oct, 0, nsept - 1) == '\r' ||
		    sms_septet(oct, 0, nsept - 1) == 0))
			nsept--;
		sms_gsm7_to_utf8(oct, 0, nsept, u->text, sizeof(u->text), &len);
		break;
	case U_UCS2:
		/* 0x11: a GSM 7-bit language code fills the first 2 octets */
		i = dcs == 0x11 && len >= 2 ? 2 : 0;
		sms_ucs2_to_utf8(oct + i, len - i, u->text, sizeof(u->text),
		    &len);
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
	if ((p = sms_at_after(line, "+CUSD:")) == NULL ||
	    (u->status = sms_at_number(&p, 5)) < 0)
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
		if ((u->dcs = sms_at_number(&end, 255)) < 0)
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
