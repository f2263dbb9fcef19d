/*
 * libFuzzer target: base32_decode() of the TOTP key a configuration file
 * holds: refused, or decoded within the room given and no further.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "totp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *key;
	char *s;
	size_t max;
	int n;

	if (size == 0)
		return 0;
	/* first byte: the room for the key, exactly, so ASan sees overflow */
	max = data[0] % (TOTP_KEY_MAX + 1);
	if ((s = malloc(size)) == NULL || (key = malloc(max ? max : 1)) ==
	    NULL)
		abort();
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	n = base32_decode(s, key, max);
	if (n < -1 || n > (int)max || (n >= 0 && (size_t)n * 8 >
	    strlen(s) * 5))
		abort();
	free(s);
	free(key);
	return 0;
}
