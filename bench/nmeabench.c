/*
 * nmeabench: sentences per second through tools/lib/nmea, for the bench
 * to set beside gpsdecode on the same bytes.  Reads the file whole, then
 * feeds it through the reader, and parses each RMC and GGA, as gpsctl and
 * ppsmon do; prints "sentences seconds".
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nmea.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	struct nmea_reader rd;
	struct nmea_rmc rmc;
	struct nmea_gga gga;
	enum nmea_event ev;
	const char *body;
	char *buf;
	size_t len = 0, size = 1 << 20, off, n;
	long sentences = 0, parsed = 0;
	double t0;
	FILE *fp;

	if (argc != 2)
		errx(64, "usage: nmeabench file");
	if ((fp = fopen(argv[1], "r")) == NULL)
		err(66, "%s", argv[1]);
	if ((buf = malloc(size)) == NULL)
		err(71, NULL);
	while ((n = fread(buf + len, 1, size - len, fp)) > 0)
		if ((len += n) == size &&
		    (buf = realloc(buf, size *= 2)) == NULL)
			err(71, NULL);
	fclose(fp);
	t0 = now();
	nmea_reader_init(&rd);
	for (off = 0; off < len; ) {
		off += nmea_feed(&rd, buf + off, len - off, &ev, &body);
		if (ev != NMEA_SENTENCE)
			continue;
		sentences++;
		if (nmea_parse_rmc(body, &rmc) == 0 ||
		    nmea_parse_gga(body, &gga) == 0)
			parsed++;
	}
	printf("%ld %.6f %ld\n", sentences, now() - t0, parsed);
	free(buf);
	return 0;
}
