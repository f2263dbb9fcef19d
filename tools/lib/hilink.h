/*
 * hilink: a Huawei HiLink stick's web API (docs/hilink.md), its side
 * that is text: the XML answers read by expat (never by hand), the
 * requests written with their text escaped, the session's token and
 * cookie taken from what the stick sends.  No I/O: the HTTP exchange is
 * libcurl's, in the tools.
 */
#ifndef OOBM_HILINK_H
#define OOBM_HILINK_H

#include <stddef.h>

#define HL_ANSWER_MAX	(256 * 1024)	/* bytes of an answer read */
#define HL_FIELDS_MAX	512
#define HL_TOKEN_LEN	32		/* a verification token's length */

/* A leaf of an answer: its path below the root, its text (UTF-8). */
struct hl_field {
	const char	*path;		/* "Count", "Messages/Message/Phone" */
	const char	*text;
	int		 rec;		/* of the rec'th record (an element
					   two below the root), from 1; 0
					   above any */
};

struct hl_answer {
	int		 error;		/* <error>'s <code>; 0: a <response> */
	int		 ok;		/* <response>OK</response> */
	int		 recs;		/* records seen */
	size_t		 n;
	struct hl_field	 f[HL_FIELDS_MAX];
	size_t		 used, size;	/* of arena: texts and paths */
	char		 arena[];
};

/*
 * Read an answer, <response> or <error>, into *a (allocated, hl_free).
 * 0, or -1 when xml is none: not well-formed XML (after its CESU-8 is
 * mended, hl_cesu8_fix), a document type declaration, another root, an
 * error code not a number, deeper than four levels, more than
 * HL_FIELDS_MAX leaves, or longer than HL_ANSWER_MAX; *a is NULL then.
 */
int		 hl_read(const char *xml, size_t len, struct hl_answer **a);
void		 hl_free(struct hl_answer *);
/* The text of the first leaf path of record rec (0: none); NULL. */
const char	*hl_get(const struct hl_answer *, const char *path, int rec);

/*
 * The stick sends characters beyond U+FFFF as CESU-8 (a surrogate pair,
 * each half as three bytes; huawei-lte-api's cesu8_fix), which no XML
 * parser takes: each pair into UTF-8's four bytes, a lone half into
 * U+FFFD, in place.  The new length.
 */
size_t		 hl_cesu8_fix(char *buf, size_t len);

/* For people: "session expired (a new one is needed)" for 125002. */
const char	*hl_error_text(int code);
/* 1 when a fresh session and token may mend the error (125001-3). */
int		 hl_error_session(int code);

/* One message of an sms-list answer; its strings are the answer's. */
struct hl_sms {
	long		 index;		/* <Index>, for delete-sms */
	int		 stat;		/* <Smstat>: 0 unread, 1 read */
	const char	*phone;
	const char	*content;
	const char	*date;		/* "2026-12-07 10:00:00", the stick's */
};

/*
 * The messages of an sms-list answer, in its order, at most max into
 * out; *count its <Count> (the box's total, not the page's; -1 when
 * left out).  Their number, or -1 when one is malformed: an Index that
 * is not a number, or no Phone, Content or Date.
 */
int		 hl_sms_list(const struct hl_answer *, struct hl_sms *out,
		    int max, long *count);

struct sms;

/*
 * A message of the stick's inbox as a received SMS (sms.h), for the
 * same authentication as over AT: the sender with its type of address
 * (international when it starts with '+', else national or, with a
 * letter, alphanumeric), <Date> read as the stick's local time, east of
 * UTC by tz_minutes, the text whole.  The stick joins the parts of a
 * long message: a text that needs more than one SMS is marked as a part
 * of one (concat_total 2), as a command is one SMS.  SMS_OK, or
 * SMS_ETIME for a date that is not "YYYY-MM-DD HH:MM:SS" (the rest is
 * filled all the same), SMS_ELONG for a sender or text too long for
 * struct sms (the text is then cut and marked truncated).
 */
int		 hl_sms_to_sms(const struct hl_sms *, int tz_minutes,
		    struct sms *);

/*
 * s with &, <, >, " and ' escaped, into out[size]; -1 when it does not
 * fit, or s holds a control character other than tab, CR and LF (XML 1.0
 * cannot carry them).
 */
int		 hl_escape(const char *s, char *out, size_t size);

/*
 * The requests, into out[size] (0, or -1 when they do not fit or a text
 * cannot be escaped), their elements in the order the web UI sends
 * them (a B525 refuses another with 100005, docs/hilink.md 4).
 */
int		 hl_req_sms_list(char *out, size_t size, int page, int count);
int		 hl_req_index(char *out, size_t size, long index);
int		 hl_req_send(char *out, size_t size, const char *phone,
		    const char *text, const char *date);
int		 hl_req_dataswitch(char *out, size_t size, int on);

/*
 * The login's <Password> (docs/hilink.md 2, the web UI's own): for
 * password_type 4, base64 of the hex SHA-256 of user, base64 of the hex
 * SHA-256 of pw, and token (the one the login request carries); for the
 * others, base64 of pw.  Into out[size]; -1 when it does not fit.
 */
int		 hl_password(int type, const char *user, const char *pw,
		    const char *token, char *out, size_t size);
/* The login request, user and the encoded password escaped. */
int		 hl_req_login(char *out, size_t size, const char *user,
		    const char *encoded, int type);

/*
 * SesTokInfo's <SesInfo>, "SessionID=..." or the bare value: the cookie
 * value, into out[size]; -1 when empty, too long, or not of the cookie
 * characters (RFC 6265's cookie-octet).
 */
int		 hl_session_id(const char *sesinfo, char *out, size_t size);
/*
 * A token as the stick gives it (<TokInfo>, <token>, a response header's
 * value): its last HL_TOKEN_LEN characters when longer (newer firmware
 * prefixes it), into out[HL_TOKEN_LEN + 1]; -1 when shorter or not
 * letters and digits.  A header that lists several, '#'-separated (old
 * firmware after a login), gives its first here; hl_tokens gives all.
 */
int		 hl_token(const char *s, char *out);
/* The tokens of a '#'-separated list, at most max; their number. */
int		 hl_tokens(const char *s, char (*out)[HL_TOKEN_LEN + 1],
		    int max);

#endif
