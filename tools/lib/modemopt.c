#include <stddef.h>

#include "modemopt.h"
#include "port.h"

int
modem_opt(struct modem_opts *o, int ch, const char *arg)
{
	switch (ch) {
	case 'c':
		o->conf = arg;
		break;
	case 'l':
		o->dev = arg;
		break;
	case 's':
		o->speed = port_speed_arg(arg);
		break;
	case 't':
		o->timeout_s = port_timeout_arg(arg);
		break;
	case 'v':
		port_verbose = 1;
		break;
	default:
		return 0;
	}
	return 1;
}
