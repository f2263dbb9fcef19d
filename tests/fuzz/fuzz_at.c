/*
 * libFuzzer target: the AT response parser must make progress on any
 * input and only ever return well-formed lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "at.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct at_parser p;
	struct at_line ln;
	size_t off = 0, k;

	at_parser_init(&p);
	/* First byte picks a command in progress, or none. */
	at_parser_command(&p, size > 0 && (data[0] & 1) ? "AT+CMGL=4" : NULL);
	while (off < size) {
		k = at_parse(&p, (const char *)data + off, size - off, &ln);
		if (k == 0 || k > size - off)
			abort();
		off += k;
		if (ln.kind != AT_NONE && strlen(ln.text) != ln.len)
			abort();
		if (ln.kind == AT_FINAL)
			at_parser_command(&p, NULL);
		/* Second bit: every information line announces a body. */
		if (ln.kind == AT_INFO && !ln.counted && (data[0] & 2))
			at_parser_raw(&p, ln.len % 64);
	}
	return 0;
}
