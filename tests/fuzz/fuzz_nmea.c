/*
 * libFuzzer target: the NMEA reader and field parsers must take any
 * bytes, in any split, without reading past them; so must what pmtk.h
 * reads of a receiver's sentences (the set it keeps to, epoch by epoch)
 * and of oobm_gps_sentences and reset's word (each body taken as one).
 */
#include <stdint.h>
#include <string.h>

#include "nmea.h"
#include "pmtk.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What pmtk.h reads of one body, against a set of sentences. */
static void
pmtk_reads(const char *body, const int on[PMTK_FIELDS],
    struct pmtk_epoch *e)
{
	int list[PMTK_FIELDS];
	const char *bad;
	size_t badlen;

	if (pmtk_epoch_feed(e, body, on) != 0)
		pmtk_epoch_init(e);
	(void)pmtk_sentences(body, list, &bad, &badlen);
	(void)pmtk_restart(body);
}

/* The parsers of nmea.h on one sentence's body. */
static void
nmea_reads(const char *body)
{
	struct nmea_rmc rmc;
	struct nmea_gga gga;
	char rel[32], prod[32], out[NMEA_PROPRIETARY_MAX + 3];
	int cmd, flag, msg, given;

	(void)nmea_parse_rmc(body, &rmc);
	(void)nmea_parse_gga(body, &gga);
	(void)nmea_parse_ack(body, &cmd, &flag);
	(void)nmea_parse_sysmsg(body, &msg);
	(void)nmea_parse_version(body, rel, sizeof(rel), prod, sizeof(prod));
	(void)nmea_frame(body, out, sizeof(out), &given);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nmea_reader r;
	struct pmtk_epoch e;
	enum nmea_event ev;
	const char *body;
	size_t off = 0, k, step;
	int on[PMTK_FIELDS], i;

	nmea_reader_init(&r);
	pmtk_epoch_init(&e);
	step = size > 0 ? (size_t)data[0] % 7 + 1 : 1;
	/* the set: the second byte's bits, over the fields in turn */
	for (i = 0; i < PMTK_FIELDS; i++)
		on[i] = size > 1 && (data[1] >> (i % 8) & 1);
	while (off < size) {
		k = nmea_feed(&r, (const char *)data + off,
		    size - off < step ? size - off : step, &ev, &body);
		off += k;
		if (ev != NMEA_SENTENCE)
			continue;
		nmea_reads(body);
		pmtk_reads(body, on, &e);
	}
	return 0;
}
