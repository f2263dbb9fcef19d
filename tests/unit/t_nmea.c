/*
 * t_nmea: checksums of the seed's PMTK commands, the stream reader on
 * split reads, garbage, bad checksums and over-long lines, and every
 * sentence recorded from real receivers in tests/data/gps.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nmea.h"
#include "tap.h"

static void
test_seed_checksums(void)
{
	static const struct {
		const char	*body, *want;
	} v[] = {
		{ "PMTK251,57600", "$PMTK251,57600*2C" },
		{ "PMTK314,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0",
		  "$PMTK314,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*29" },
		{ "PMTK220,1000", "$PMTK220,1000*1F" },
		{ "PMTK300,1000,0,0,0,0", "$PMTK300,1000,0,0,0,0*1C" },
	};
	char out[NMEA_MAX];
	size_t i;
	int given;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		nmea_frame(v[i].body, out, sizeof(out), &given);
		is_str(out, v[i].want, "seed's %s", v[i].body);
	}
	ok(nmea_frame("$PMTK220,1000*00\r\n", out, sizeof(out), &given) > 0 &&
	    given == 0 && strcmp(out, "$PMTK220,1000*1F") == 0,
	    "whole sentence with a wrong checksum: fixed, old one reported");
	ok(nmea_frame("PMTK220,10$0", out, sizeof(out), &given) == -1,
	    "a $ inside the body is refused");
	ok(nmea_frame("PMTK220*1", out, sizeof(out), &given) == -1,
	    "a one-digit checksum is refused");
}

struct got {
	int	 good, bad, nosum, toolong;
	char	 last[128];
};

static void
feed(const char *s, size_t len, size_t step, struct got *g)
{
	struct nmea_reader r;
	enum nmea_event ev;
	const char *body;
	size_t off = 0, k, end;

	memset(g, 0, sizeof(*g));
	nmea_reader_init(&r);
	while (off < len) {
		end = step == 0 || off + step > len ? len : off + step;
		while (off < end) {
			k = nmea_feed(&r, s + off, end - off, &ev, &body);
			off += k;
			if (ev == NMEA_SENTENCE) {
				g->good++;
				snprintf(g->last, sizeof(g->last), "%s", body);
			} else if (ev == NMEA_BADSUM)
				g->bad++;
			else if (ev == NMEA_NOSUM)
				g->nosum++;
			else if (ev == NMEA_TOOLONG)
				g->toolong++;
		}
	}
}

static void
test_reader(void)
{
	static const char stream[] =
	    "\xff\x00garbage$GPRMC,202640.000,A,4404.1306,N,12118.8515,W,0.03,"
	    "225.97,130415,,,D*73\r\n$GPGGA,2026\x80noise$PMTK001,220,3*30\r\n"
	    "$PMTK001,220,3*31\r\n$GPXXX,no checksum\r\n";
	char longline[256];
	struct got g;
	size_t steps[] = { 0, 1, 7 }, i;

	for (i = 0; i < 3; i++) {
		feed(stream, sizeof(stream) - 1, steps[i], &g);
		if (!ok(g.good == 2 && g.bad == 1 && g.nosum == 1 &&
		    strcmp(g.last, "PMTK001,220,3") == 0,
		    "garbage, a cut sentence, bad and missing checksums "
		    "(reads of %zu)", steps[i]))
			printf("#   good %d bad %d nosum %d last %s\n", g.good,
			    g.bad, g.nosum, g.last);
	}
	memset(longline, 'A', sizeof(longline));
	memcpy(longline, "$GPAAA,", 7);
	memcpy(longline + 120, "*00\r\n", 5);	/* 125 bytes */
	feed(longline, 125, 0, &g);
	ok(g.toolong == 1 && g.bad == 0, "125-byte standard sentence: too long");
	longline[1] = 'P';	/* proprietary may be longer */
	feed(longline, 125, 0, &g);
	ok(g.toolong == 0 && g.bad == 1,
	    "125-byte proprietary sentence: not too long (checksum checked)");
	memcpy(longline + 190, "\r\n$PMTK001,220,3*30\r\n", 21);
	longline[1] = 'G';
	feed(longline, 211, 1, &g);
	ok(g.toolong == 1 && g.good == 1, "the reader recovers after it");
}

static void
test_fields(void)
{
	struct nmea_rmc r;
	struct nmea_gga g;
	char rel[64], prod[64];
	int cmd, flag;

	ok(nmea_parse_rmc("GPRMC,202640.000,A,4404.1306,N,12118.8515,W,0.03,"
	    "225.97,130415,,,D", &r) == 0 && r.valid && r.has_pos &&
	    r.time.hour == 20 && r.time.minute == 26 && r.time.second == 40 &&
	    r.year == 2015 && r.month == 4 && r.day == 13 &&
	    fabs(r.lat - 44.068843) < 1e-6 && fabs(r.lon + 121.314192) < 1e-6 &&
	    r.mode == 'D', "RMC of the Adafruit HAT: time, date, position");
	ok(nmea_parse_rmc("GNRMC,,V,,,,,,,,,,N", &r) == 0 && !r.valid &&
	    !r.has_pos && !r.has_time, "RMC without a fix (GN talker)");
	ok(nmea_parse_rmc("GPRMC,202640.000,A,4404.1306,X,12118.8515,W,,,,",
	    &r) == -1, "bad hemisphere refused");
	/* issue 14, item 3: converted to int only once it is in range */
	ok(nmea_parse_rmc("GPRMC,202640.000,A,1e300,N,12118.8515,W,,,130415,,",
	    &r) == -1, "latitude 1e300 refused, no overflow");
	ok(nmea_parse_rmc("GPRMC,202640.000,A,4404.1306,N,nan,W,,,130415,,",
	    &r) == -1, "longitude nan refused");
	ok(nmea_parse_gga("GPGGA,202640.000,4404.1306,N,12118.8515,W,2,10,0.98,"
	    "1127.7,M,-19.6,M,0000,0000", &g) == 0 && g.quality == 2 &&
	    g.satellites == 10 && fabs(g.altitude - 1127.7) < 1e-9,
	    "GGA: quality, satellites, altitude");
	ok(nmea_parse_gga("GLGGA,,,,,,0,00,,,M,,M,,", &g) == 0 &&
	    g.quality == 0 && !g.has_pos, "GGA without a fix (GL talker)");
	ok(nmea_parse_ack("PMTK001,314,3", &cmd, &flag) == 0 && cmd == 314 &&
	    flag == 3, "PMTK001,314,3");
	ok(nmea_parse_ack("PMTK001,314,4", &cmd, &flag) == -1,
	    "PMTK001 flag 4 refused");
	ok(nmea_parse_version("PMTK705,AXN_2.51_3339_19071200,0002,"
	    "QUECTEL-L70,1.0", rel, sizeof(rel), prod, sizeof(prod)) == 0 &&
	    strcmp(rel, "AXN_2.51_3339_19071200") == 0 &&
	    strcmp(prod, "QUECTEL-L70") == 0, "PMTK705 release and product");
}

/* PMTK010, which gpsctl reset waits for: the message, nothing else. */
static void
test_sysmsg(void)
{
	int msg = -1;

	ok(nmea_parse_sysmsg("PMTK010,001", &msg) == 0 && msg == 1,
	    "PMTK010,001: started (the MT3339 and the 3301 log)");
	ok(nmea_parse_sysmsg("PMTK010,002", &msg) == 0 && msg == 2,
	    "PMTK010,002: another message, told apart");
	ok(nmea_parse_sysmsg("PMTK010,", &msg) == -1, "no number: refused");
	ok(nmea_parse_sysmsg("PMTK010,-0", &msg) == -1, "-0: refused");
	ok(nmea_parse_sysmsg("PMTK010,1000", &msg) == -1,
	    "more than three digits: refused");
	ok(nmea_parse_sysmsg("PMTK010,001,9", &msg) == -1,
	    "a field more: refused");
	ok(nmea_parse_sysmsg("PMTK011,MTKGPS", &msg) == -1,
	    "PMTK011: not PMTK010");
	ok(nmea_parse_sysmsg("PMTK0100,001", &msg) == -1,
	    "PMTK0100: not PMTK010");
}

/* Every sentence of every recorded log frames, verifies and parses. */
static void
test_logs(const char *dir)
{
	char path[512], line[512], *nl;
	struct nmea_reader r;
	enum nmea_event ev;
	const char *body;
	struct nmea_rmc rmc;
	struct nmea_gga gga;
	struct dirent *de;
	int n, good, rmcs, ggas, acks, vers, cmd, flag, bad, nosum;
	char rel[64], prod[64];
	DIR *d;
	FILE *fp;

	if ((d = opendir(dir)) == NULL) {
		ok(0, "%s: cannot open", dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".log") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fp = fopen(path, "r");
		n = good = rmcs = ggas = acks = vers = bad = nosum = 0;
		nmea_reader_init(&r);
		while (fgets(line, sizeof(line), fp) != NULL) {
			if (line[0] != '$')
				continue;
			if ((nl = strchr(line, '\n')) != NULL)
				strcpy(nl, "\r\n");
			n++;
			nmea_feed(&r, line, strlen(line), &ev, &body);
			/* old proprietary sentences ($POLYN) carry none */
			if (ev == NMEA_NOSUM && strchr(line, '*') == NULL) {
				nosum++;
				continue;
			}
			if (ev != NMEA_SENTENCE) {
				bad++;
				printf("#   %s", line);
				continue;
			}
			good++;
			if (strstr(body, "RMC,") == body + 2)
				bad += nmea_parse_rmc(body, &rmc) == -1,
				    rmcs++;
			if (strstr(body, "GGA,") == body + 2)
				bad += nmea_parse_gga(body, &gga) == -1,
				    ggas++;
			if (strncmp(body, "PMTK001,", 8) == 0)
				bad += nmea_parse_ack(body, &cmd, &flag) == -1,
				    acks++;
			if (strncmp(body, "PMTK705,", 8) == 0)
				bad += nmea_parse_version(body, rel,
				    sizeof(rel), prod, sizeof(prod)) == -1,
				    vers++;
		}
		fclose(fp);
		ok(n > 0 && good + nosum == n && bad == 0, "%s: %d sentences "
		    "verified (%d have no checksum); %d RMC, %d GGA, %d PMTK001, "
		    "%d PMTK705 parsed", path, good, nosum, rmcs, ggas, acks,
		    vers);
	}
	closedir(d);
}

int
main(int argc, char *argv[])
{
	test_seed_checksums();
	test_reader();
	test_fields();
	test_sysmsg();
	test_logs(argc > 1 ? argv[1] : "tests/data/gps");
	return tap_done();
}
