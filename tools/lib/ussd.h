/*
 * ussd: USSD (TS 27.007 +CUSD, TS 22.090), pure functions: a code such
 * as "*100#" is sent GSM 7-bit packed, as hex (what Huawei sticks want
 * with <dcs> 15); the answer comes as "+CUSD: <m>[,<str>[,<dcs>]]", its
 * text packed hex, UCS-2 hex or, on modems that decode it themselves,
 * plain.  The alphabets and the errors are sms.h's.
 */
#ifndef OOBM_USSD_H
#define OOBM_USSD_H

#include <stddef.h>

#include "sms.h"

#define USSD_SEPTETS_MAX 182	/* 160 octets */
#define USSD_TEXT_MAX	(USSD_SEPTETS_MAX * 3 + 1)

struct sms_ussd {
	int	 status;	/* <m>: 0 done, 1 the network asks more, 2 ended
				   by the network, 3 another client, 4 not
				   supported, 5 network timeout */
	int	 dcs;		/* -1 when absent */
	int	 has_text;
	char	 text[USSD_TEXT_MAX];	/* UTF-8 */
};

/* code packed as uppercase hex into hex; 0, or SMS_EUTF8 / SMS_ELONG. */
int		 sms_ussd_pack(const char *code, char *hex, size_t size);
/* One "+CUSD:" line: 0, or an sms_error (SMS_EHEX, SMS_EDCS, -1). */
int		 sms_ussd_parse(const char *line, struct sms_ussd *);

#endif
