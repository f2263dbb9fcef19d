/*
 * libFuzzer target: the AT response parser must make progress on any
 * input and only ever return well-formed lines.  With bit 2 of the first
 * byte, the lines go through the sync's reading (at_sync_line) as at_sync
 * drives it: at most one probe per sync, a +CMEE value in range, and a
 * new sync after each one that ended.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "at.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct at_sync_state st;
	struct at_parser p;
	struct at_line ln;
	size_t off = 0, k;
	int sync = size > 0 && (data[0] & 4), probes = 0;

	at_parser_init(&p);
	at_sync_begin(&st);
	/* First byte picks a command in progress, or none. */
	at_parser_command(&p, size > 0 && (data[0] & 1) ? "AT+CMGL=4" : NULL);
	if (sync)
		at_parser_command(&p, AT_SYNC_CMD);
	while (off < size) {
		k = at_parse(&p, (const char *)data + off, size - off, &ln);
		if (k == 0 || k > size - off)
			abort();
		off += k;
		if (ln.kind != AT_NONE && strlen(ln.text) != ln.len)
			abort();
		if (sync && ln.kind != AT_NONE) {
			switch (at_sync_line(&st, &ln)) {
			case AT_SYNC_SEND_PROBE:
				if (++probes > 1)
					abort();
				at_parser_command(&p, AT_SYNC_PROBE);
				break;
			case AT_SYNC_DONE:
				if (st.cmee < -1 || st.cmee > 2)
					abort();
				at_sync_begin(&st);
				probes = 0;
				at_parser_command(&p, AT_SYNC_CMD);
				break;
			default:
				break;
			}
			continue;
		}
		if (ln.kind == AT_FINAL)
			at_parser_command(&p, NULL);
		/* Second bit: every information line announces a body. */
		if (ln.kind == AT_INFO && !ln.counted && (data[0] & 2))
			at_parser_raw(&p, ln.len % 64);
	}
	return 0;
}
