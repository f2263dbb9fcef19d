/*
 * sms: the PDU format of 3GPP TS 23.040 and the alphabets of TS 23.038,
 * as pure functions: no I/O, no globals.  Decodes SMS-DELIVER (and the
 * SMS-SUBMIT and SMS-STATUS-REPORT a SIM also stores) and gathers the
 * parts of a concatenated message.  The rest of SMS builds on this: the
 * encoder (smsenc.h), the AT answers (smsat.h) and USSD (ussd.h) return
 * its errors and use its alphabets.
 */
#ifndef OOBM_SMS_H
#define OOBM_SMS_H

#include <stddef.h>
#include <stdint.h>

#define SMS_TPDU_MAX	164	/* octets of a TPDU */
#define SMS_TEXT_MAX	512	/* UTF-8 of one part: 160 septets, 3 B each */

enum sms_type {
	SMS_DELIVER,		/* MTI 00, received */
	SMS_SUBMIT,		/* MTI 01, to be sent (or stored as sent) */
	SMS_STATUS_REPORT	/* MTI 10 */
};

enum sms_alphabet {
	SMS_GSM7,		/* default alphabet, extension table */
	SMS_8BIT,		/* data: text holds the raw octets */
	SMS_UCS2		/* UTF-16BE, surrogate pairs included */
};

enum sms_error {
	SMS_OK = 0,
	SMS_EHEX = -1,		/* not an even number of hex digits */
	SMS_ESHORT = -2,	/* ends before a length it declares */
	SMS_EADDR = -3,		/* address length or digits invalid */
	SMS_ETYPE = -4,		/* reserved message type */
	SMS_ETIME = -5,		/* timestamp digits invalid */
	SMS_EDCS = -6,		/* compressed or reserved coding */
	SMS_EUDH = -7,		/* user data header malformed */
	SMS_EUTF8 = -8,		/* text to encode is not valid UTF-8 */
	SMS_ELONG = -9,		/* text needs more than SMS_PARTS_MAX parts
				   (smsenc.h), a USSD code more room */
	SMS_ENUMBER = -10	/* number to encode is not +digits or digits */
};

struct sms_time {
	int	 year, month, day, hour, minute, second;
	int	 tz_minutes;		/* east of UTC */
};

struct sms {
	enum sms_type		 type;
	char			 smsc[24];	/* "+4670...", "" if none */
	uint8_t			 first;		/* first octet of the TPDU */
	char			 addr[48];	/* sender (DELIVER), else the
						   destination or recipient;
						   UTF-8 if alphanumeric */
	uint8_t			 addr_toa;	/* type of address */
	int			 mr;		/* message reference or -1 */
	int			 status;	/* TP-ST (reports) or -1 */
	uint8_t			 pid, dcs;
	enum sms_alphabet	 alphabet;
	int			 has_time;
	struct sms_time		 time;		/* TP-SCTS */
	unsigned int		 concat_ref;	/* concatenation, when */
	int			 concat_total;	/* concat_total > 1 */
	int			 concat_seq;
	char			 text[SMS_TEXT_MAX];
	size_t			 textlen;
	int			 truncated;	/* user data shorter than
						   its length says */
};

/*
 * Decode a PDU as AT+CMGR/+CMGL/+CMT print it: hex, SMSC address first.
 * Decoding stops at the first non-hex character (modems pad and logs
 * quote); trailing octets past what the PDU declares (SIM records are
 * padded with FF) are ignored.  Returns SMS_OK or an sms_error; on error
 * the fields decoded before the fault are valid, the rest zero.
 */
int		 sms_decode(const char *hex, size_t hexlen, struct sms *);
const char	*sms_strerror(int);

/* The time stamp as seconds since the epoch (UTC). */
int64_t		 sms_time_unix(const struct sms_time *);

/*
 * Reassembly, for showing a concatenated message whole: the parts of
 * msg[first]'s message among msg[0..n) (NULL entries are undecodable
 * and skipped), ordered by their sequence numbers, as positions in
 * part[]; each is marked in done[].  A part number seen twice is marked
 * but taken once, the first stored.  Parts belong together only with
 * the same sender, reference and total.  Returns how many (1 for a
 * message that is not concatenated).
 */
int		 sms_gather_parts(const struct sms *const *msg, int n,
		    int first, int *done, int *part);

/* "2011-02-28T11:50:50-05:00" */
void		 sms_time_iso(const struct sms_time *, char *buf, size_t size);

/* Hex digits to octets; returns octets written (stops at non-hex). */
size_t		 sms_hex_decode(const char *hex, size_t hexlen, uint8_t *out,
		    size_t outsize);

/*
 * The alphabets, for the encoder and USSD, which pack and unpack them
 * too.  The GSM 7-bit code of cp: 1 septet, 2 (ESC, then the extension
 * table's code), 0 if cp has none.
 */
int		 sms_gsm7_code(uint32_t cp, uint8_t out[2]);
/* Septet i of 7-bit packed data that starts bitoff bits into ud. */
uint8_t		 sms_septet(const uint8_t *ud, size_t bitoff, size_t i);
/*
 * nsept septets of GSM 7-bit from bitoff bits into ud, and n octets of
 * UCS-2 (UTF-16BE: pairs joined, a lone surrogate as U+FFFD), as UTF-8
 * into out (size bytes): *len bytes, always terminated; a character
 * that does not fit is left out.
 */
void		 sms_gsm7_to_utf8(const uint8_t *ud, size_t bitoff,
		    size_t nsept, char *out, size_t size, size_t *len);
void		 sms_ucs2_to_utf8(const uint8_t *p, size_t n, char *out,
		    size_t size, size_t *len);

#endif
