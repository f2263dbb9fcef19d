#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "at.h"
#include "util.h"

/*
 * Unsolicited result codes a Huawei E1752 and 27.005/27.007 modems send
 * at any moment, and the data call's of modems dialled for their own
 * network interface: Quectel's +QNETDEVSTATUS (EC2x AT manual 10.18) and
 * +QIURC ("pdpdeact", its TCP/IP manual).  A line with the prefix of the
 * command in progress is its response even when it is listed here
 * (AT+CREG? answers +CREG:).
 */
static const char *const urcs[] = {
	"^RSSI:", "^BOOT:", "^MODE:", "^DSFLOWRPT:", "^SRVST:", "^SIMST:",
	"^SMMEMFULL", "^CSNR:", "^HCSQ:", "^SYSSTART", "^STIN:", "^ORIG:",
	"^CONF:", "^CONN:", "^CEND:", "^RFSWITCH:", "^NWTIME:", "^EARST:",
	"^ACTIVEBAND:", "^NDISSTAT:", "^DSDORMANT:", "^CRSSI:", "^HRSSILVL:",
	"+CMTI:", "+CDSI:", "+CMT:", "+CDS:", "+CBM:", "+CBMI:", "+CREG:",
	"+CGREG:", "+CEREG:", "+CUSD:", "+CRING:", "+CLIP:", "+CCWA:",
	"+CGEV:", "+CIEV:", "+PACSP", "+STIN:", "RING", "+QNETDEVSTATUS:",
	"+QIURC:",
};

/* URCs whose second line is their body (a PDU in PDU mode). */
static const char *const urcs2[] = { "+CMT:", "+CDS:", "+CBM:" };

static const struct {
	const char	*text;
	enum at_final	 final;
} finals[] = {
	{ "OK", AT_OK },
	{ "ERROR", AT_ERROR },
	{ "NO CARRIER", AT_NO_CARRIER },
	{ "BUSY", AT_BUSY },
	{ "NO ANSWER", AT_NO_ANSWER },
	{ "NO DIALTONE", AT_NO_DIALTONE },
	{ "NO DIAL TONE", AT_NO_DIALTONE },
	{ "COMMAND NOT SUPPORT", AT_NOT_SUPPORTED },
	{ "TOO MANY PARAMETERS", AT_ERROR },
};

void
at_parser_init(struct at_parser *p)
{
	memset(p, 0, sizeof(*p));
}

/* "AT+CMGL=4" -> "+CMGL:", "AT^SYSINFO" -> "^SYSINFO:", "ATI" -> "". */
static void
set_prefix(struct at_parser *p, const char *cmd)
{
	size_t n;

	p->prefix[0] = '\0';
	if (strncasecmp(cmd, "AT", 2) != 0 || strchr("+^%$", cmd[2]) == NULL ||
	    cmd[2] == '\0')
		return;
	n = strcspn(cmd + 2, "=?;");
	if (n + 2 > sizeof(p->prefix))
		return;
	memcpy(p->prefix, cmd + 2, n);
	p->prefix[n] = ':';
	p->prefix[n + 1] = '\0';
}

void
at_parser_command(struct at_parser *p, const char *cmd)
{
	p->echo_done = 0;
	p->urc_body = 0;
	p->raw_left = 0;
	if (cmd == NULL) {
		p->cmd[0] = p->prefix[0] = '\0';
		return;
	}
	snprintf(p->cmd, sizeof(p->cmd), "%s", cmd);
	set_prefix(p, cmd);
}

void
at_parser_raw(struct at_parser *p, size_t n)
{
	p->raw_left = n;
	p->raw_started = 0;
}

void
at_parser_body(struct at_parser *p, const char *body)
{
	p->echo_done = 0;
	snprintf(p->cmd, sizeof(p->cmd), "%s", body);
}

int
at_final_code(const char *line, size_t len, enum at_final *final,
    int *errnum)
{
	const char *errstr;
	const char *v;
	size_t i;
	long long n;

	*errnum = -1;
	for (i = 0; i < sizeof(finals) / sizeof(finals[0]); i++)
		if (strlen(finals[i].text) == len &&
		    memcmp(line, finals[i].text, len) == 0) {
			*final = finals[i].final;
			return 1;
		}
	if ((len == 7 || (len > 7 && line[7] == ' ')) &&
	    strncmp(line, "CONNECT", 7) == 0) {
		*final = AT_CONNECT;
		return 1;
	}
	if (len < 11 || (strncmp(line, "+CME ERROR:", 11) != 0 &&
	    strncmp(line, "+CMS ERROR:", 11) != 0))
		return 0;
	*final = line[3] == 'E' ? AT_CME_ERROR : AT_CMS_ERROR;
	for (v = line + 11; *v == ' '; v++)
		;
	n = str_to_num(v, 0, 65535, &errstr);
	if (errstr == NULL)
		*errnum = (int)n;
	return 1;
}

static int
is_urc(const char *line, const char *const *tab, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strncmp(line, tab[i], strlen(tab[i])) == 0)
			return 1;
	return 0;
}

static int
is_echo(const struct at_parser *p, const char *line, size_t len)
{
	size_t n;

	n = strlen(p->cmd);
	if (n == 0 || p->echo_done)
		return 0;
	/* The echo of a message body ends with the Ctrl-Z that sent it. */
	if (len == n + 1 && line[n] == '\032')
		len--;
	return len == n && strncasecmp(line, p->cmd, n) == 0;
}

/* Hand the line collected so far to out as kind; start the next one. */
static void
take_line(struct at_parser *p, struct at_line *out, enum at_kind kind)
{
	p->line[p->len] = '\0';
	out->kind = kind;
	out->text = p->line;
	out->len = p->len;
	p->len = 0;
}

static void
classify(struct at_parser *p, struct at_line *out)
{
	const char *s = p->line;

	take_line(p, out, AT_INFO);
	if (p->urc_body) {
		p->urc_body = 0;
		out->kind = AT_URC;
	} else if (is_echo(p, s, out->len)) {
		p->echo_done = 1;
		out->kind = AT_ECHO;
	} else if (at_final_code(s, out->len, &out->final, &out->errnum)) {
		out->kind = AT_FINAL;
	} else if (p->prefix[0] != '\0' &&
	    strncasecmp(s, p->prefix, strlen(p->prefix)) == 0) {
		p->echo_done = 1;
		out->kind = AT_INFO;
	} else if (is_urc(s, urcs, sizeof(urcs) / sizeof(urcs[0]))) {
		p->urc_body = is_urc(s, urcs2, sizeof(urcs2) / sizeof(urcs2[0]));
		out->kind = AT_URC;
	} else {
		/*
		 * Not the end of the wait for the echo: a URC no table knows
		 * can come between the command and its echo, and the echo
		 * after it would be taken for the answer.
		 */
		out->kind = AT_INFO;
	}
}

/* One byte of a counted body; 1 when the body is complete in out. */
static int
raw_byte(struct at_parser *p, char c, struct at_line *out)
{
	/*
	 * The header's line end, and a blank line some modems put before
	 * the body, are not the body's.  Should the body itself begin with
	 * CR LF, the same count then ends on the CR LF after it: the
	 * framing holds all the same.
	 */
	if (!p->raw_started && (c == '\r' || c == '\n'))
		return 0;
	p->raw_started = 1;
	p->raw_left--;
	/* NUL is line noise here too; what does not fit is dropped */
	if (c != '\0' && p->len < sizeof(p->line) - 1)
		p->line[p->len++] = c;
	if (p->raw_left > 0)
		return 0;
	take_line(p, out, AT_INFO);
	out->counted = 1;
	return 1;
}

size_t
at_parse(struct at_parser *p, const char *buf, size_t len,
    struct at_line *out)
{
	size_t i;
	char c;

	memset(out, 0, sizeof(*out));
	out->kind = AT_NONE;
	out->errnum = -1;
	for (i = 0; i < len; i++) {
		c = buf[i];
		if (p->raw_left > 0) {
			if (raw_byte(p, c, out))
				return i + 1;
			continue;
		}
		if (c == '\r' || c == '\n') {
			if (p->overflow) {
				p->overflow = 0;
				take_line(p, out, AT_JUNK);
				return i + 1;
			}
			if (p->len == 0)
				continue;
			classify(p, out);
			return i + 1;
		}
		/* NUL is line noise, never text: keeps lines C strings. */
		if (p->overflow || c == '\0')
			continue;
		if (p->len == sizeof(p->line) - 1) {
			p->overflow = 1;
			continue;
		}
		p->line[p->len++] = c;
		if (p->len == 2 && p->line[0] == '>' && p->line[1] == ' ') {
			take_line(p, out, AT_PROMPT);
			return i + 1;
		}
	}
	return len;
}

void
at_sync_begin(struct at_sync_state *st)
{
	memset(st, 0, sizeof(*st));
	st->cmee = -1;
}

/* An echo the parser could not tell (it expects one command at a time). */
static int
is_sync_echo(const struct at_line *ln)
{
	return strcasecmp(ln->text, AT_SYNC_CMD) == 0 ||
	    strcasecmp(ln->text, AT_SYNC_PROBE) == 0;
}

/* "+CMEE: 1": its number, or -1. */
static int
sync_answer_value(const struct at_line *ln)
{
	const char *errstr, *v;
	long long n;

	v = ln->text + sizeof(AT_SYNC_ANSWER) - 1;
	v += strspn(v, " ");
	n = str_to_num(v, 0, 2, &errstr);
	return errstr != NULL ? -1 : (int)n;
}

/* S3's value, 13, as V.250 5.3.2 gives it: "013", or "13" on some. */
static int
is_probe_answer(const struct at_line *ln)
{
	const char *errstr;

	return ln->len >= 2 && ln->len <= 3 &&
	    strspn(ln->text, "0123456789") == ln->len &&
	    str_to_num(ln->text, 0, 999, &errstr) == 13 && errstr == NULL;
}

enum at_sync_step
at_sync_line(struct at_sync_state *st, const struct at_line *ln)
{
	switch (ln->kind) {
	case AT_ECHO:
		return AT_SYNC_MORE;
	case AT_INFO:
		if (is_sync_echo(ln))
			return AT_SYNC_MORE;
		if (!st->answered && strncmp(ln->text, AT_SYNC_ANSWER,
		    sizeof(AT_SYNC_ANSWER) - 1) == 0) {
			st->answered = 1;
			st->cmee = sync_answer_value(ln);
			return AT_SYNC_MORE;
		}
		if (st->probed && !st->probe_answered &&
		    is_probe_answer(ln)) {
			st->probe_answered = 1;
			return AT_SYNC_MORE;
		}
		return AT_SYNC_STRAY;
	case AT_FINAL:
		if (!st->probed) {
			if (st->answered)
				return AT_SYNC_DONE;
			/* ours, from a modem without the query, or a leftover */
			st->probed = 1;
			return AT_SYNC_SEND_PROBE;
		}
		/* the probe's final: after its answer, or after the answer
		 * and final of AT_SYNC_CMD (a probe the modem refused) */
		if (st->probe_answered || st->answer_final)
			return AT_SYNC_DONE;
		if (st->answered) {
			st->answer_final = 1;
			return AT_SYNC_MORE;
		}
		return AT_SYNC_STRAY;
	default:
		return AT_SYNC_STRAY;
	}
}

static const struct errtab {
	int		 num;
	const char	*text;
} cme[] = {
	{ 0, "phone failure" },
	{ 1, "no connection to phone" },
	{ 2, "phone-adaptor link reserved" },
	{ 3, "operation not allowed" },
	{ 4, "operation not supported" },
	{ 5, "PH-SIM PIN required" },
	{ 6, "PH-FSIM PIN required" },
	{ 7, "PH-FSIM PUK required" },
	{ 10, "SIM not inserted" },
	{ 11, "SIM PIN required" },
	{ 12, "SIM PUK required" },
	{ 13, "SIM failure" },
	{ 14, "SIM busy" },
	{ 15, "SIM wrong" },
	{ 16, "incorrect password" },
	{ 17, "SIM PIN2 required" },
	{ 18, "SIM PUK2 required" },
	{ 20, "memory full" },
	{ 21, "invalid index" },
	{ 22, "not found" },
	{ 23, "memory failure" },
	{ 24, "text string too long" },
	{ 25, "invalid characters in text string" },
	{ 26, "dial string too long" },
	{ 27, "invalid characters in dial string" },
	{ 30, "no network service" },
	{ 31, "network timeout" },
	{ 32, "network not allowed - emergency calls only" },
	{ 40, "network personalization PIN required" },
	{ 41, "network personalization PUK required" },
	{ 100, "unknown" },
	{ 103, "illegal MS" },
	{ 106, "illegal ME" },
	{ 107, "GPRS services not allowed" },
	{ 111, "PLMN not allowed" },
	{ 112, "location area not allowed" },
	{ 113, "roaming not allowed in this location area" },
	{ 132, "service option not supported" },
	{ 133, "requested service option not subscribed" },
	{ 134, "service option temporarily out of order" },
	{ 148, "unspecified GPRS error" },
	{ 149, "PDP authentication failure" },
	{ 150, "invalid mobile class" },
	{ -1, NULL }
}, cms[] = {
	/* 0..127: RP-cause of 3GPP TS 24.011, relayed by the network. */
	{ 1, "unassigned (unallocated) number" },
	{ 8, "operator determined barring" },
	{ 10, "call barred" },
	{ 21, "short message transfer rejected" },
	{ 27, "destination out of service" },
	{ 28, "unidentified subscriber" },
	{ 29, "facility rejected" },
	{ 30, "unknown subscriber" },
	{ 38, "network out of order" },
	{ 41, "temporary failure" },
	{ 42, "congestion" },
	{ 47, "resources unavailable, unspecified" },
	{ 50, "requested facility not subscribed" },
	{ 69, "requested facility not implemented" },
	{ 81, "invalid short message transfer reference value" },
	{ 95, "invalid message, unspecified" },
	{ 96, "invalid mandatory information" },
	{ 97, "message type non-existent or not implemented" },
	{ 98, "message not compatible with short message protocol state" },
	{ 99, "information element non-existent or not implemented" },
	{ 111, "protocol error, unspecified" },
	{ 127, "interworking, unspecified" },
	/* 128..255: TP-FCS of 3GPP TS 23.040 9.2.3.22. */
	{ 128, "telematic interworking not supported" },
	{ 129, "short message type 0 not supported" },
	{ 130, "cannot replace short message" },
	{ 143, "unspecified TP-PID error" },
	{ 144, "data coding scheme (alphabet) not supported" },
	{ 145, "message class not supported" },
	{ 159, "unspecified TP-DCS error" },
	{ 160, "command cannot be actioned" },
	{ 161, "command unsupported" },
	{ 175, "unspecified TP-Command error" },
	{ 176, "TPDU not supported" },
	{ 192, "SC busy" },
	{ 193, "no SC subscription" },
	{ 194, "SC system failure" },
	{ 195, "invalid SME address" },
	{ 196, "destination SME barred" },
	{ 197, "SM rejected - duplicate SM" },
	{ 198, "TP-VPF not supported" },
	{ 199, "TP-VP not supported" },
	{ 208, "SIM SMS storage full" },
	{ 209, "no SMS storage capability in SIM" },
	{ 210, "error in MS" },
	{ 211, "memory capacity exceeded" },
	{ 212, "SIM application toolkit busy" },
	{ 213, "SIM data download error" },
	{ 255, "unspecified error cause" },
	/* 300..: 3GPP TS 27.005 3.2.5. */
	{ 300, "ME failure" },
	{ 301, "SMS service of ME reserved" },
	{ 302, "operation not allowed" },
	{ 303, "operation not supported" },
	{ 304, "invalid PDU mode parameter" },
	{ 305, "invalid text mode parameter" },
	{ 310, "SIM not inserted" },
	{ 311, "SIM PIN required" },
	{ 312, "PH-SIM PIN required" },
	{ 313, "SIM failure" },
	{ 314, "SIM busy" },
	{ 315, "SIM wrong" },
	{ 316, "SIM PUK required" },
	{ 317, "SIM PIN2 required" },
	{ 318, "SIM PUK2 required" },
	{ 320, "memory failure" },
	{ 321, "invalid memory index" },
	{ 322, "memory full" },
	{ 330, "SMSC address unknown" },
	{ 331, "no network service" },
	{ 332, "network timeout" },
	{ 340, "no +CNMA acknowledgement expected" },
	{ 500, "unknown error" },
	{ -1, NULL }
};

static const char *
lookup(const struct errtab *t, int num)
{
	for (; t->text != NULL; t++)
		if (t->num == num)
			return t->text;
	return NULL;
}

const char *
at_cme_text(int errnum)
{
	return lookup(cme, errnum);
}

const char *
at_cms_text(int errnum)
{
	return lookup(cms, errnum);
}

void
at_final_describe(enum at_final final, int errnum, const char *text,
    char *buf, size_t size)
{
	const char *meaning = NULL;

	if (final == AT_CME_ERROR && errnum >= 0)
		meaning = at_cme_text(errnum);
	else if (final == AT_CMS_ERROR && errnum >= 0)
		meaning = at_cms_text(errnum);
	if (meaning != NULL)
		snprintf(buf, size, "%s (%s)", text, meaning);
	else
		snprintf(buf, size, "%s", text);
}
