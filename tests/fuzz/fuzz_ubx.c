/*
 * libFuzzer target: the UBX reader must take any bytes, in any split,
 * without reading past them, and so must every parser of what a u-blox
 * receiver sends (each frame found given to all of them, whatever its
 * class and id claim).
 */
#include <stdint.h>
#include <string.h>

#include "ubx.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What gpsctl reads of a frame: each parser, the frame as any message. */
static void
ubx_reads(const struct ubx_msg *m)
{
	static const int as[] = { UBX_ACK_ACK, UBX_MON_VER, UBX_CFG_PRT,
	    UBX_CFG_TP5, UBX_TIM_SVIN, UBX_NAV_PVT, UBX_CFG_VALGET };
	uint32_t keys[64], values[64];
	struct ubx_msg any = *m;
	struct ubx_version v;
	struct ubx_port pt;
	struct ubx_tp5 t;
	struct ubx_svin s;
	struct ubx_pvt p;
	char name[8];
	size_t i;

	for (i = 0; i < sizeof(as) / sizeof(as[0]); i++) {
		any.msg = as[i];
		(void)ubx_ack_of(&any);
		if (ubx_parse_version(&any, &v) == 0)
			(void)ubx_is_timing(&v);
		(void)ubx_parse_port(&any, &pt);
		(void)ubx_parse_tp5(&any, &t);
		(void)ubx_parse_svin(&any, &s);
		(void)ubx_parse_pvt(&any, &p);
		(void)ubx_parse_valget(&any, keys, values, 64);
	}
	(void)ubx_name(m->msg, name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ubx_reader r;
	struct ubx_msg m;
	enum ubx_event ev;
	uint8_t hex[64];
	char text[130];
	size_t off = 0, k, step;

	ubx_reader_init(&r);
	step = size > 0 ? (size_t)data[0] % 13 + 1 : 1;
	while (off < size) {
		k = ubx_feed(&r, data + off,
		    size - off < step ? size - off : step, &ev, &m);
		off += k;
		if (ev == UBX_FRAME)
			ubx_reads(&m);
	}
	/* gpsctl frame's argument: the input as text */
	k = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, k);
	text[k] = '\0';
	(void)ubx_hex(text, hex, sizeof(hex));
	return 0;
}
