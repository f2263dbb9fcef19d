/*
 * netreg: what a modem says of the network it is on, 3GPP TS 27.007:
 * registration in each domain (+CREG circuit switched 7.2, +CGREG GPRS
 * 10.1.20, +CEREG EPS 10.1.22), IMS (+CIREG 8.71), the operator and its
 * access technology (+COPS 7.3), and what follows for SMS.  Pure
 * parsers of the answer lines and the verdict; no I/O.
 */
#ifndef OOBM_NETREG_H
#define OOBM_NETREG_H

#include <stddef.h>

/* <stat> of +CREG, +CGREG and +CEREG (27.007 7.2, 10.1.22) */
enum reg_stat {
	REG_UNKNOWN = -1,	/* not asked, or not answered */
	REG_NOT = 0,		/* not registered, not searching */
	REG_HOME = 1,
	REG_SEARCHING = 2,
	REG_DENIED = 3,
	REG_UNKNOWN_4 = 4,	/* "unknown" (out of coverage) */
	REG_ROAMING = 5,
	REG_SMS_ONLY_HOME = 6,	/* E-UTRAN: registered for SMS only */
	REG_SMS_ONLY_ROAMING = 7,
	REG_EMERGENCY = 8,
	REG_CSFB_NP_HOME = 9,	/* "CSFB not preferred": SMS still goes */
	REG_CSFB_NP_ROAMING = 10
};

/* The answer line of AT+CREG?, AT+CGREG? or AT+CEREG?: its <stat>. */
enum reg_stat	 netreg_stat(const char *line);
/* Registered in that domain (home, roaming, or for SMS only)? */
int		 netreg_registered(enum reg_stat);
const char	*netreg_stat_name(enum reg_stat);

/* The answer of AT+COPS?: operator (as the modem formats it) and AcT. */
struct netreg_cops {
	char	 oper[64];	/* "" when none */
	int	 act;		/* 27.007 <AcT>, -1 when not given */
};
int		 netreg_cops(const char *line, struct netreg_cops *);
/* "gsm", "umts", "lte", "nr"... for an <AcT>; "unknown" otherwise. */
const char	*netreg_act_name(int act);

/* AT+CIREG? (IMS registration): 1 registered, 0 not, -1 unknown. */
int		 netreg_ims(const char *line);

/*
 * Can SMS reach the modem where it is?  Over the circuit-switched domain
 * (2G/3G, or LTE with a combined attach: SMS over SGs, which +CREG then
 * shows registered, "SMS only" or "CSFB not preferred"), or over IMS.
 * SMS_LTE_ONLY: registered on LTE for data, not in the circuit-switched
 * domain, and +CIREG says not on IMS (unknown IMS: SMS_UNKNOWN).
 */
enum netreg_sms {
	SMS_YES,
	SMS_LTE_ONLY,
	SMS_NO,		/* registered nowhere */
	SMS_UNKNOWN
};

struct netreg {
	enum reg_stat	 cs, ps, eps;
	int		 ims;
	struct netreg_cops cops;
};

void		 netreg_init(struct netreg *);
enum netreg_sms	 netreg_sms(const struct netreg *);
const char	*netreg_sms_name(enum netreg_sms);

#endif
