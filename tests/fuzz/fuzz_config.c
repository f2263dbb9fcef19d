/*
 * libFuzzer target: the oobm.conf parser must accept or reject any input
 * cleanly; what it accepts must hold no byte sh would treat specially
 * outside single quotes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c;
	char err[256];

	if ((c = config_new("fuzz.conf", 0600)) == NULL)
		return 0;
	if (config_parse(c, (const char *)data, size, err, sizeof(err)) == -1 &&
	    strncmp(err, "fuzz.conf:", 10) != 0)
		abort();
	(void)config_get(c, "oobm_modem");
	config_free(c);
	return 0;
}
