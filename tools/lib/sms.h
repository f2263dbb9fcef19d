/*
 * sms: the PDU format of 3GPP TS 23.040 and the alphabets of TS 23.038,
 * as pure functions: no I/O, no globals.  Decodes SMS-DELIVER (and the
 * SMS-SUBMIT and SMS-STATUS-REPORT a SIM also stores), encodes
 * SMS-SUBMIT, splitting long texts into concatenated parts.
 */
#ifndef OOBM_SMS_H
#define OOBM_SMS_H

#include <stddef.h>
#include <stdint.h>

#define SMS_TPDU_MAX	164	/* octets of a TPDU */
#define SMS_TEXT_MAX	512	/* UTF-8 of one part: 160 septets, 3 B each */
#define SMS_HEX_MAX	((12 + SMS_TPDU_MAX) * 2 + 1)
#define SMS_PARTS_MAX	255

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
	SMS_ELONG = -9,		/* text needs more than SMS_PARTS_MAX parts */
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

/* --- the AT answers around SMS (TS 27.005), pure parsers --- */

/* "+CMGL: 3,0,,24" (PDU mode): index, status, TPDU length.  0 or -1. */
int		 sms_parse_cmgl(const char *line, int *index, int *stat,
		    int *length);
/* "+CMTI: \"SM\",3": storage and index.  0 or -1. */
int		 sms_parse_cmti(const char *line, char *mem, size_t size,
		    int *index);

/*
 * Text mode (AT+CMGF=1) header, +CMGL: or +CMGR:, with or without the
 * <alpha> field, as real phones vary, and with the details of +CSDH=1:
 *	+CMGL: 1,"REC UNREAD","+46701234567",,"26/11/26,10:15:00+04"
 *	+CMGR: "REC READ", "+4123456789132", "2009/8/18,19:11:45"
 *	+CMGL: 1,"REC UNREAD","+46701234567",,"26/11/26,10:15:00+04",145,19
 * index is -1 for +CMGR; a time without zone is taken as UTC.  0 or -1.
 */
struct sms_text_header {
	int		 index;
	int		 stat;		/* 0 REC UNREAD ... 3 STO SENT */
	char		 sender[48];
	int		 has_time;
	struct sms_time	 time;
	int		 toa;		/* <tooa>, -1 if not given */
	int		 length;	/* characters of text, -1 if not given */
};
int		 sms_parse_text_header(const char *line,
		    struct sms_text_header *);

#define SMS_MEMS_MAX	8
struct sms_cpms {
	char	 mem[3][SMS_MEMS_MAX][8];	/* read, write, receive */
	int	 n[3];
};
/* "+CPMS: (\"SM\",\"ME\"),(...),(...)" (AT+CPMS=?).  0 or -1. */
int		 sms_parse_cpms(const char *line, struct sms_cpms *);
/*
 * "+CPMS: 3,20,3,20,3,20" (the answer to AT+CPMS=...) or "+CPMS:
 * \"SM\",3,20,..." (AT+CPMS?): messages in the first storage, and its
 * capacity.  0 or -1.
 */
int		 sms_parse_cpms_use(const char *line, int *used, int *total);
/* True if every one of the three lists offers mem. */
int		 sms_cpms_offers(const struct sms_cpms *, const char *mem);

/*
 * USSD (TS 27.007 +CUSD, TS 22.090): a code such as "*100#" is sent GSM
 * 7-bit packed, as hex (what Huawei sticks want with <dcs> 15); the answer
 * comes as "+CUSD: <m>[,<str>[,<dcs>]]", its text packed hex, UCS-2 hex
 * or, on modems that decode it themselves, plain.
 */
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

/* Hex digits to octets; returns octets written (stops at non-hex). */
size_t		 sms_hex_decode(const char *hex, size_t hexlen, uint8_t *out,
		    size_t outsize);

#endif
