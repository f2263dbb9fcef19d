/*
 * smsenc: text to SMS-SUBMIT PDUs (3GPP TS 23.040), split into the
 * parts of a concatenated message where one is not enough; a pure
 * function as the decoder (sms.h) is, whose alphabets and errors it
 * shares, and which reads back what it writes.
 */
#ifndef OOBM_SMSENC_H
#define OOBM_SMSENC_H

#include <stddef.h>

#include "sms.h"

#define SMS_HEX_MAX	((12 + SMS_TPDU_MAX) * 2 + 1)
#define SMS_PARTS_MAX	255	/* the UDH counts parts in one octet */

struct sms_part {
	char	 hex[SMS_HEX_MAX];	/* "00" (SIM's SMSC) + TPDU, in hex */
	int	 tpdu_len;		/* octets after the SMSC: AT+CMGS=n */
};

/*
 * Encode text (UTF-8) to number ("+46701234567" or national digits) as
 * SMS-SUBMIT parts: GSM 7-bit when every character is in the default
 * alphabet or its extension table, else UCS-2; concatenated (reference
 * ref) past 160 septets or 70 UTF-16 units.  Returns the number of parts
 * written to parts (at most maxparts), or an sms_error.
 */
int		 sms_encode(const char *number, const char *text, size_t len,
		    unsigned int ref, struct sms_part *parts, int maxparts);

/* Parts that text needs (1..SMS_PARTS_MAX), or an sms_error. */
int		 sms_count_parts(const char *text, size_t len, int *ucs2);

#endif
