/*
 * smsat: the AT answers around SMS (TS 27.005), pure parsers: the store
 * listed and read (+CMGL, +CMGR, in PDU and text mode), the arrival of a
 * message (+CMTI), the storages (+CPMS).  A PDU itself is sms.h's.
 */
#ifndef OOBM_SMSAT_H
#define OOBM_SMSAT_H

#include <stddef.h>

#include "sms.h"

/* "+CMGL: 3,0,,24" (PDU mode): index, status, TPDU length.  0 or -1. */
int		 sms_parse_cmgl(const char *line, int *index, int *stat,
		    int *length);
/*
 * PDU mode, the store listed (AT+CMGL=4): each header "+CMGL: i,stat,,
 * len" with the line after it, its PDU (pdu points into lines), at most
 * max of them, in the answer's order.  A header with another "+CMGL:"
 * line after it, or none, has no PDU: that message is not listed, and
 * so left alone in the store.
 */
struct sms_listed {
	int		 index;
	int		 stat;		/* <stat>, 0 REC UNREAD to 4 */
	const char	*pdu;
};
int		 sms_pdu_list(char *const *lines, size_t nlines,
		    struct sms_listed *, int max);
/*
 * "+CMGS: 12" (AT+CMGS in PDU mode): the message reference.  0, or -1
 * (with an <ackpdu> after it too).
 */
int		 sms_parse_cmgs(const char *line, int *mr);
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
 * Text mode, read whole.  The indexes an AT+CMGL="ALL" answer lists,
 * at most max of them, in its order: each header line's, each index
 * once.  A line of a text that reads as a header counts too: the list
 * only says where to look, each message is then read on its own
 * (AT+CMGR), where a text cannot pose as another, nor make another be
 * read, and its command printed, twice.
 */
int		 sms_text_list(char *const *lines, size_t nlines, int *idx,
		    int max);
/*
 * One message as AT+CMGR answers it: lines[0] its header (into h), the
 * lines after it its text, joined by LF, into m as sms_decode() would
 * give it (the sender's type of address from <tooa>, else from its
 * look).  ended: the answer ended on an error, as a text holding a line
 * "ERROR" ends it.  The text is marked truncated when it does not fit,
 * when the answer ended so, or when a length (+CSDH=1) framed it and
 * more than its one line came.  A text no length framed may also have
 * gone on past a line "OK" it held, which only the lines still to come
 * tell: the caller's to read.  0, or -1 (m untouched) with no header.
 */
int		 sms_text_message(char *const *lines, size_t nlines,
		    int ended, struct sms_text_header *h, struct sms *m);

/*
 * The two pieces of every answer line, for the parsers of other answers
 * (ussd.c): after prefix, its blanks skipped (NULL if line does not
 * start with prefix); and a decimal number at *p, *p moved past it: its
 * value, -1 if there are no digits or it exceeds max.
 */
const char	*sms_at_after(const char *line, const char *prefix);
int		 sms_at_number(const char **p, int max);

#endif
