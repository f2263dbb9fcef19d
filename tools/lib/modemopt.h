/*
 * modemopt: the options of every tool that talks to the modem, as each
 * SYNOPSIS line of theirs has them: [-v] [-c config] [-l device]
 * [-s speed] [-t seconds].  One switch for the five, not one per tool.
 */
#ifndef OOBM_MODEMOPT_H
#define OOBM_MODEMOPT_H

#define MODEM_OPTS	"c:l:s:t:v"	/* for getopt(3)'s optstring */

struct modem_opts {
	const char	*conf;		/* -c, or the default */
	const char	*dev;		/* -l; NULL: oobm_modem */
	int		 speed;		/* -s; 0: oobm_modem_speed */
	int		 timeout_s;	/* -t, or the tool's default */
};

/*
 * Option ch with its operand arg into o (-v sets port_verbose): 1, or 0
 * when ch is none of the five.  Exits 64 on a bad speed or timeout.
 */
int		 modem_opt(struct modem_opts *o, int ch, const char *arg);

#endif
