/*
 * netcall: the data call of a modem's own USB network function, made,
 * asked, watched and ended by AT, as its profile's dial row says
 * (profile.h) and netdial.h's parsers read the answers.  Like modem.h's
 * functions, these exit on a failed AT exchange (modem_fail, modem_
 * refused), with err(3)-style messages naming the device; what the
 * network says of the call is their result.
 */
#ifndef OOBM_NETCALL_H
#define OOBM_NETCALL_H

#include "at.h"
#include "netdial.h"
#include "profile.h"

struct netcall {
	struct at			*a;
	const char			*dev;
	const struct profile_dial	*d;
	int				 timeout_s;	/* a command's */
	struct dial_state		 st;	/* as last said, asked or not */
	int				 said;	/* a URC said something new */
	at_urc_fn			 urc;	/* the URCs passed on */
	void				*urc_arg;
};

/* Watch a's URCs for the call's (the others go on to a's callback). */
void	netcall_init(struct netcall *, struct at *, const char *dev,
	    const struct profile_dial *, int timeout_s);
/* Ask the modem; the state in nc->st. */
void	netcall_ask(struct netcall *);
/*
 * Dial with apn and wait up to wait_s for the call: 0 up, 1 the network
 * refused (nc->st.cause may say why), 75 no word within wait_s.
 */
int	netcall_up(struct netcall *, const char *apn, int wait_s);
/*
 * The dial of p for the USB composition the modem is in, asked where the
 * row says how (*mode its name then, else NULL); NULL when no AT command
 * dials that composition.
 */
const struct profile_dial *netcall_dial(struct at *, const char *dev,
	    const struct profile *p, int timeout_s, const char **mode);
/* Hang up (a call already down is no failure); 0 once it is down. */
int	netcall_down(struct netcall *, int wait_s);
/* The addresses the network gave: 0, 1 none (no call), 65 malformed. */
int	netcall_addrs(struct netcall *, struct dial_addrs *);

#endif
