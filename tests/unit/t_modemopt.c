/*
 * t_modemopt: the five options of the modem tools (modemopt.h), each
 * into its field, every other left to the tool.
 */
#include <string.h>

#include "modemopt.h"
#include "port.h"
#include "tap.h"

int
main(void)
{
	struct modem_opts o;
	char c[] = "my.conf", l[] = "/dev/cuaU0.0";

	memset(&o, 0, sizeof(o));
	o.timeout_s = 10;
	ok(modem_opt(&o, 'c', c) == 1 && o.conf == c, "-c: the file");
	ok(modem_opt(&o, 'l', l) == 1 && o.dev == l, "-l: the device");
	ok(modem_opt(&o, 's', "9600") == 1 && o.speed == 9600,
	    "-s: the speed");
	ok(o.timeout_s == 10, "no -t: the tool's default kept");
	ok(modem_opt(&o, 't', "5") == 1 && o.timeout_s == 5, "-t: seconds");
	ok(modem_opt(&o, 'v', NULL) == 1 && port_verbose == 1,
	    "-v: port_verbose");
	ok(modem_opt(&o, 'n', "x") == 0 && modem_opt(&o, 'V', NULL) == 0 &&
	    modem_opt(&o, '?', NULL) == 0, "any other option: not ours");
	ok(strcmp(o.conf, "my.conf") == 0 && o.speed == 9600,
	    "...and nothing changed by it");
	ok(strcmp(MODEM_OPTS, "c:l:s:t:v") == 0,
	    "the optstring: the five, with their operands");
	return tap_done();
}
