/*
 * libFuzzer target: the NMEA reader and field parsers must take any
 * bytes, in any split, without reading past them.
 */
#include <stdint.h>
#include <string.h>

#include "nmea.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nmea_reader r;
	struct nmea_rmc rmc;
	struct nmea_gga gga;
	enum nmea_event ev;
	const char *body;
	char rel[32], prod[32], out[NMEA_PROPRIETARY_MAX + 3];
	size_t off = 0, k, step;
	int cmd, flag, msg, given;

	nmea_reader_init(&r);
	step = size > 0 ? (size_t)data[0] % 7 + 1 : 1;
	while (off < size) {
		k = nmea_feed(&r, (const char *)data + off,
		    size - off < step ? size - off : step, &ev, &body);
		off += k;
		if (ev != NMEA_SENTENCE)
			continue;
		(void)nmea_parse_rmc(body, &rmc);
		(void)nmea_parse_gga(body, &gga);
		(void)nmea_parse_ack(body, &cmd, &flag);
		(void)nmea_parse_sysmsg(body, &msg);
		(void)nmea_parse_version(body, rel, sizeof(rel), prod,
		    sizeof(prod));
		(void)nmea_frame(body, out, sizeof(out), &given);
	}
	return 0;
}
