/*
 * netdial: what a modem that carries data on its own USB network
 * interface, dialled by AT, says of the data call: whether it is up, why
 * it failed, and the addresses the network gave.  Pure parsers of the
 * answer lines, no I/O; every line's shape with its source in netdial.c.
 */
#ifndef OOBM_NETDIAL_H
#define OOBM_NETDIAL_H

#include <stddef.h>

/* The call as one answer says it: each family 1 up, 0 down, -1 unsaid. */
struct dial_state {
	int	 v4, v6;
	int	 cause;		/* 3GPP TS 24.008 10.5.6.6 SM cause; 0 none */
};

void		 dial_state_init(struct dial_state *);
/* Up in either family. */
int		 dial_up(const struct dial_state *);

/*
 * One answer line, merged into *st: 1 when it was that answer, 0 when
 * the line is another's (st untouched), -1 when it was that answer but
 * malformed (st untouched).
 *
 * Huawei ^NDISSTAT: (unsolicited) and ^NDISSTATQRY: (AT^NDISSTATQRY?)
 */
int		 dial_ndisstat(const char *line, struct dial_state *st);
/* Qualcomm $QCRMCALL: (AT$QCRMCALL?, and the answer to the dial) */
int		 dial_qcrmcall(const char *line, struct dial_state *st);
/* Quectel +QNETDEVSTATUS: (AT+QNETDEVSTATUS?, and unsolicited) */
int		 dial_qnetdev(const char *line, struct dial_state *st);

/*
 * 3GPP +CGACT: (AT+CGACT?) and +CGEV: (after AT+CGEREP=2,1), of context
 * DIAL_CID, the one every dial row defines and dials; a line of another
 * context, or an event that is not the call's, is 1 with st untouched.
 */
#define DIAL_CID	1
int		 dial_cgact(const char *line, struct dial_state *st);
int		 dial_cgev(const char *line, struct dial_state *st);
/* The SM cause a +CME ERROR: number of a failed activation carries; 0. */
int		 dial_cme_cause(int errnum);

/* For people: "missing or unknown APN" for 27; NULL if not known. */
const char	*dial_cause_text(int cause);
/* 1 when the same dial will get the same answer (27: fix oobm_apn). */
int		 dial_cause_final(int cause);

#define DIAL_ADDR_MAX	46	/* INET6_ADDRSTRLEN */

/* What the network gave a context, as text inet_pton(3) accepted. */
struct dial_addrs {
	int	 cid;		/* -1 unsaid */
	char	 addr[DIAL_ADDR_MAX];
	int	 prefix;	/* -1 unsaid */
	char	 gw[DIAL_ADDR_MAX];
	char	 dns[2][DIAL_ADDR_MAX];
};

/*
 * +CGCONTRDP: (AT+CGCONTRDP, 3GPP TS 27.007 10.1.23), either format, and
 * Huawei ^DHCP: (AT^DHCP?): 1 parsed, 0 another line's, -1 malformed.
 * Empty strings for what the line leaves out; an address that is not
 * one makes the line malformed.
 */
int		 dial_cgcontrdp(const char *line, struct dial_addrs *);
int		 dial_huawei_dhcp(const char *line, struct dial_addrs *);

#endif
