/*
 * at: the AT command dialogue of 3GPP TS 27.007/27.005 modems.
 *
 * The parser (at_parser_*, at_parse) is a pure function over bytes: it
 * splits the stream into lines and classifies each as the echo of the
 * command, an information response, an unsolicited result code (URC), a
 * final result code, or the "> " prompt of a two-stage command.  The
 * session (at_open, at_command) drives it over a serial port with
 * deadlines.
 */
#ifndef OOBM_AT_H
#define OOBM_AT_H

#include <stddef.h>

struct serial;

#define AT_LINE_MAX	1024	/* a PDU line of AT+CMGL is at most ~360 */
#define AT_CMD_MAX	560	/* AT+CMGS=n plus a PDU fits */

enum at_kind {
	AT_NONE,	/* nothing complete yet */
	AT_ECHO,	/* the command, echoed (ATE1) */
	AT_INFO,	/* information response line */
	AT_URC,		/* unsolicited result code */
	AT_FINAL,	/* final result code: see enum at_final */
	AT_PROMPT,	/* "> ": the modem waits for the second stage */
	AT_JUNK		/* over-long line, dropped */
};

enum at_final {
	AT_OK,
	AT_CONNECT,
	AT_ERROR,
	AT_CME_ERROR,
	AT_CMS_ERROR,
	AT_NO_CARRIER,
	AT_BUSY,
	AT_NO_ANSWER,
	AT_NO_DIALTONE,
	AT_NOT_SUPPORTED	/* Huawei's "COMMAND NOT SUPPORT" */
};

struct at_parser {
	char	 cmd[AT_CMD_MAX];	/* command in progress, "" between */
	char	 prefix[32];		/* its response prefix, "+CSQ:" */
	char	 line[AT_LINE_MAX];
	size_t	 len;
	int	 overflow;		/* line too long: skip to its end */
	int	 echo_done;		/* echo seen, or a response began */
	int	 urc_body;		/* next line is a +CMT:/+CDS: body */
	size_t	 raw_left;		/* bytes of a counted body to come */
	int	 raw_started;		/* its first byte was seen */
};

struct at_line {
	enum at_kind	 kind;
	enum at_final	 final;		/* when kind is AT_FINAL */
	int		 errnum;	/* +CME/+CMS number, -1 if text */
	const char	*text;		/* the line, valid until next call */
	size_t		 len;
	int		 counted;	/* a counted body (at_parser_raw) */
};

void		 at_parser_init(struct at_parser *);
/* Expect the response to cmd (NULL: no command in progress). */
void		 at_parser_command(struct at_parser *, const char *cmd);
/* After the "> " prompt: expect the body's echo, keep the prefix. */
void		 at_parser_body(struct at_parser *, const char *body);
/*
 * The next n bytes (after the line end just seen) are one information
 * line whatever they hold, CR, LF and "OK" included: a text-mode message
 * body whose length its header gave (27.005 3.3.3 +CSDH=1).
 */
void		 at_parser_raw(struct at_parser *, size_t n);
/*
 * Consume bytes from buf until one line is complete or buf is used up.
 * Returns the number of bytes consumed; out->kind is AT_NONE unless a
 * line completed.  Call again with the rest.
 */
size_t		 at_parse(struct at_parser *, const char *buf, size_t len,
		    struct at_line *out);
/* Classify one complete line (no CR/LF) as a final result code. */
int		 at_final_code(const char *line, size_t len,
		    enum at_final *final, int *errnum);

/* 3GPP meaning of a +CME ERROR (27.007 9.2) or +CMS ERROR (27.005 3.2.5). */
const char	*at_cme_text(int errnum);
const char	*at_cms_text(int errnum);
/* Human description of a final result: "+CME ERROR: 10 (SIM not inserted)". */
void		 at_final_describe(enum at_final, int errnum, const char *text,
		    char *buf, size_t size);

/* --- session over a serial port --- */

struct at_reply {
	enum at_final	  final;
	int		  errnum;
	char		  final_text[AT_LINE_MAX];
	char		**lines;	/* information response */
	size_t		  nlines;
	int		  body_sent;	/* the prompt was answered */
};

typedef void	(*at_urc_fn)(void *arg, enum at_kind, const char *line,
		    size_t len);
/* For an information line: how many bytes of counted body follow, or 0. */
typedef size_t	(*at_body_fn)(void *arg, const char *line, size_t len);

struct at {
	struct serial	*port;
	struct at_parser p;
	char		 buf[512];	/* read, not yet parsed */
	size_t		 off, len;
	at_urc_fn	 urc;		/* URCs and stray lines, may be NULL */
	at_body_fn	 body;		/* counted bodies, may be NULL */
	void		*arg;
	int		 cmee;		/* AT+CMEE as at_sync() found it */
};

void		 at_init(struct at *, struct serial *, at_urc_fn, void *arg);
/*
 * The sync's reading of what comes back, a pure function of the lines
 * (at_sync drives it).  AT_SYNC_CMD's answer line (AT_SYNC_ANSWER) is
 * drawn by no other command of the tools, so the final after it is ours
 * and everything before it a leftover.  A modem that does not know the
 * read command answers a bare final (ERROR, +CME ERROR: 100, COMMAND
 * NOT SUPPORT); a leftover can be a bare final too (the OK of an aborted
 * prompt, a late reply to a predecessor's command).  So a final before
 * the answer costs one more command, AT_SYNC_PROBE, whose answer every
 * V.250 modem gives as a line of its own (ITU-T V.250 6.2.1: S3, the
 * command line termination character, 13); the final after that line
 * is ours, and an AT_SYNC_ANSWER line still seen before it still counts.
 * Not closed: a predecessor cut off after its own probe leaves "ERROR
 * 013 OK", which the next sync of a modem without the query takes for
 * its own (two syncs in flight at once; no command of ours draws 013).
 */
#define AT_SYNC_CMD	"AT+CMEE?"
#define AT_SYNC_ANSWER	"+CMEE:"
#define AT_SYNC_PROBE	"ATS3?"

enum at_sync_step {
	AT_SYNC_MORE,		/* read on */
	AT_SYNC_STRAY,		/* a leftover: pass it on, read on */
	AT_SYNC_SEND_PROBE,	/* send AT_SYNC_PROBE, read on */
	AT_SYNC_DONE		/* the last line was our final */
};

struct at_sync_state {
	int	cmee;		/* AT_SYNC_ANSWER's number, -1 unknown */
	int	answered;	/* AT_SYNC_ANSWER seen */
	int	answer_final;	/* and the final after it */
	int	probed;		/* AT_SYNC_PROBE sent */
	int	probe_answered;	/* its answer line seen */
};

void		 at_sync_begin(struct at_sync_state *);
enum at_sync_step at_sync_line(struct at_sync_state *, const struct at_line *);

/*
 * Start the dialogue: ESC CR (a "> " prompt a crashed predecessor left is
 * aborted), then AT_SYNC_CMD (and AT_SYNC_PROBE when at_sync_line asks
 * for it); every line before our answer is a leftover, passed to the URC
 * callback.  0 once answered, with a->cmee as the modem had it (-1
 * unknown: it lacks the read command); -1 with errno ETIMEDOUT (no
 * answer within timeout_ms), EIO (device hung up) or other.
 */
int		 at_sync(struct at *, int timeout_ms);
/*
 * Send cmd and wait up to timeout_ms for its final result code.  If the
 * modem prompts with "> ", send body followed by Ctrl-Z; with body NULL
 * the prompt is aborted with ESC and the reply is an ERROR.
 * Returns 0 with *reply filled when a final result code arrived, -1 with
 * errno ETIMEDOUT (none in time), EIO (device hung up) or other.
 */
int		 at_command(struct at *, const char *cmd, const char *body,
		    int timeout_ms, struct at_reply *reply);
void		 at_reply_free(struct at_reply *);
/*
 * Wait up to timeout_ms with no command in progress, passing every line
 * to the URC callback: 1 as soon as a URC came, 0 on timeout, -1 on
 * error (errno; EIO when the device hung up).
 */
int		 at_idle(struct at *, int timeout_ms);

#endif
