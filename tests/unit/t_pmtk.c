/*
 * t_pmtk: the PMTK knowledge gpsctl acts on: sentence lists to PMTK314
 * (the seed's own command among them), a receiver's epoch checked
 * against its set, the restarts, ntpd's NMEA driver modes as
 * ntp.org's refclock 20 documentation tabulates them, ACK flags to exit
 * statuses, and command numbers.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "nmea.h"
#include "pmtk.h"
#include "tap.h"

static void
test_sentences(void)
{
	int on[PMTK_FIELDS];
	char body[128], names[128], framed[NMEA_MAX];
	const char *bad;
	size_t len;
	int given;

	ok(pmtk_sentences("rmc", on, &bad, &len) == 0, "rmc: parsed");
	pmtk_output_body(on, body, sizeof(body));
	/* the seed's boot script sends exactly this, checksum 29 */
	is_str(body, "PMTK314,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0",
	    "rmc: the seed's PMTK314");
	nmea_frame(body, framed, sizeof(framed), &given);
	is_str(framed, "$PMTK314,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*29",
	    "...framed with the seed's checksum");
	ok(pmtk_sentences(" GGA, rmc,,zda mchn ", on, &bad, &len) == 0,
	    "blanks, commas, empty names and any case");
	pmtk_names(on, names, sizeof(names));
	is_str(names, "rmc,gga,zda,mchn", "names in the receiver's order");
	pmtk_output_body(on, body, sizeof(body));
	is_str(body, "PMTK314,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1",
	    "gga, rmc, zda and mchn in their fields");
	ok(pmtk_sentences("rmc,gxa,gga", on, &bad, &len) == -1 &&
	    len == 3 && strncmp(bad, "gxa", 3) == 0,
	    "an unknown name: refused, and named");
	ok(pmtk_sentences("rmcx", on, &bad, &len) == -1,
	    "a known name's prefix is not that name");
	ok(pmtk_sentences("", on, &bad, &len) == 0, "an empty list parses");
	pmtk_names(on, names, sizeof(names));
	is_str(names, "", "...to no sentence (gpsctl refuses to send it)");
	ok(pmtk_output_body(on, body, 20) == -1, "a body too small: -1");
	/* the list the messages give is the table's: all of it, no more */
	ok(pmtk_sentences(pmtk_known, on, &bad, &len) == 0,
	    "every name the messages offer is known");
	pmtk_names(on, names, sizeof(names));
	is_str(names, "gll,rmc,vtg,gga,gsa,gsv,grs,gst,zda,mchn",
	    "...and they are every named field");
}

static void
test_sentence_on(void)
{
	int on[PMTK_FIELDS];
	const char *bad;
	size_t len;

	pmtk_sentences("rmc,gga", on, &bad, &len);
	ok(pmtk_sentence_on("GPRMC,123519,A,4807.038,N", on), "GPRMC: on");
	ok(pmtk_sentence_on("GNGGA,123519", on), "GNGGA (any talker): on");
	ok(!pmtk_sentence_on("GPGSV,3,1,11", on), "GPGSV: off");
	ok(!pmtk_sentence_on("GPRM", on), "a cut body: not a sentence on");
	ok(!pmtk_sentence_on("GPRMCX,1", on), "GPRMCX is not RMC");
}

/* What gpsctl apply reads after the new set, as the receiver sends it. */
static void
test_epoch(void)
{
	struct pmtk_epoch e;
	int on[PMTK_FIELDS];
	const char *bad;
	size_t len;

	pmtk_sentences("rmc,gga", on, &bad, &len);
	pmtk_epoch_init(&e);
	ok(pmtk_epoch_feed(&e, "GPRMC,123519,A", on) == 0, "RMC: the first");
	ok(pmtk_epoch_feed(&e, "PMTK001,314,3", on) == 0,
	    "a proprietary one between: passes");
	ok(pmtk_epoch_feed(&e, "GPGGA,123519", on) == 0, "GGA: set, go on");
	ok(pmtk_epoch_feed(&e, "GPRMC,123520,A", on) == 1,
	    "RMC again: a whole epoch, all set");
	pmtk_epoch_init(&e);
	ok(e.first[0] == '\0', "init: nothing seen");
	ok(pmtk_epoch_feed(&e, "GPGGA,1", on) == 0 &&
	    pmtk_epoch_feed(&e, "GPGSV,3,1,11", on) == -1,
	    "GSV within the epoch: not set, -1");
	pmtk_epoch_init(&e);
	ok(pmtk_epoch_feed(&e, "GPRM", on) == -1,
	    "a body too short to name a sentence: -1");
	ok(e.first[0] == '\0', "...and not the epoch's first");
	pmtk_epoch_init(&e);
	ok(pmtk_epoch_feed(&e, "GPRMC,1", on) == 0 &&
	    pmtk_epoch_feed(&e, "GNRMC,2", on) == 0,
	    "another talker's RMC: not the same first");
}

static void
test_restart(void)
{
	is_int(pmtk_restart("hot"), 101, "hot: PMTK101");
	is_int(pmtk_restart("warm"), 102, "warm: PMTK102");
	is_int(pmtk_restart("cold"), 103, "cold: PMTK103");
	is_int(pmtk_restart("factory"), 104, "factory: PMTK104");
	is_int(pmtk_restart("HOT"), -1, "HOT: not a kind (exact words)");
	is_int(pmtk_restart("ho"), -1, "a prefix: not a kind");
	is_int(pmtk_restart(""), -1, "nothing: not a kind");
}

static void
test_ntp_mode(void)
{
	/* ntpd's driver 20: bits 0-3 RMC GGA GLL ZDA, 4-6 the speed */
	static const struct {
		const char	*list;
		int		 speed, mode;
	} v[] = {
		{ "rmc", 4800, 1 },
		{ "rmc", 9600, 17 },
		{ "rmc", 57600, 65 },	/* what ntpsec.sh proves reaches */
		{ "rmc", 115200, 81 },
		{ "rmc,gga", 9600, 19 },
		{ "gll,zda", 19200, 44 },
		{ "gsv", 9600, -1 },	/* nothing the driver reads */
		{ "rmc", 2400, -1 },	/* no speed bits for it */
	};
	int on[PMTK_FIELDS];
	const char *bad;
	size_t i, len;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		pmtk_sentences(v[i].list, on, &bad, &len);
		is_int(pmtk_ntp_mode(on, v[i].speed), v[i].mode,
		    "ntpd mode for %s at %d", v[i].list, v[i].speed);
	}
}

static void
test_flags_and_numbers(void)
{
	is_int(pmtk_flag_status(3), EX_OK, "flag 3, done: exit 0");
	is_int(pmtk_flag_status(0), EX_DATAERR, "flag 0, invalid: 65");
	is_int(pmtk_flag_status(1), EX_UNAVAILABLE, "flag 1, unsupported: 69");
	is_int(pmtk_flag_status(2), 1, "flag 2, failed: 1");
	is_int(pmtk_flag_status(-1), EX_TEMPFAIL, "no answer: 75");
	is_str(pmtk_flag_text(2), "valid but failed", "flag 2 explained");
	is_str(pmtk_flag_text(7), "no answer", "a flag no receiver sends");
	is_int(pmtk_number("PMTK220,1000"), PMTK_SET_RATE, "PMTK220: 220");
	is_int(pmtk_number("$PMTK251,57600"), PMTK_SET_BAUD,
	    "with its $: 251");
	is_int(pmtk_number("PMTK22,1"), -1, "two digits: not a command");
	is_int(pmtk_number("GPRMC,1"), -1, "not PMTK: -1");
}

int
main(void)
{
	test_sentences();
	test_sentence_on();
	test_epoch();
	test_restart();
	test_ntp_mode();
	test_flags_and_numbers();
	return tap_done();
}
