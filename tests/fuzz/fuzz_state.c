/*
 * libFuzzer target: the one-time code state file parser.  A file is
 * either exactly "step=N" and "message=HEX" lines or refused, and a
 * refusal leaves nothing half-parsed behind.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct auth_state st;
	const char *why;
	char *buf;

	if ((buf = malloc(size ? size : 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	if (auth_state_parse(buf, size, &st, &why) == 0) {
		if (why != NULL || (strlen(st.print) != 0 &&
		    strlen(st.print) != 2 * SHA1_LEN))
			abort();
	} else if (why == NULL || st.step != 0 || st.print[0] != '\0')
		abort();
	free(buf);
	return 0;
}
