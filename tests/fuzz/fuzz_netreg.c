/*
 * libFuzzer target: the registration and operator answers (netreg.h) of
 * a modem: any line is read without crash or over-read, the operator
 * stays a string of its buffer, and the stat stays in its range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netreg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct netreg_cops c;
	enum reg_stat st;
	char *line;
	int ims;

	if ((line = malloc(size + 1)) == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	st = netreg_stat(line);
	if (st < REG_UNKNOWN || st > REG_CSFB_NP_ROAMING)
		abort();
	if (netreg_cops(line, &c) == 0 &&
	    strlen(c.oper) >= sizeof(c.oper))
		abort();
	ims = netreg_ims(line);
	if (ims < -1 || ims > 1)
		abort();
	(void)netreg_stat_name(st);
	(void)netreg_act_name(c.act);
	free(line);
	return 0;
}
