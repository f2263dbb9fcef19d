/*
 * hilink: the HiLink web API's text, by docs/hilink.md: answers read by
 * expat (FreeBSD's base has it as libbsdxml), requests written here.
 *
 * An answer is <response>...</response> or <error><code>N</code>
 * <message/></error>, a few levels deep: sms-list's is response/
 * Messages/Message/Phone.  The reader keeps each leaf with its path below
 * the root and the record (the element two below the root: a Message)
 * it is in; no DTD is taken (nor so any entity but XML's own five).
 */
#ifdef __FreeBSD__
#include <bsdxml.h>
#else
#include <expat.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hilink.h"
#include "sha256.h"
#include "sms.h"
#include "smsenc.h"
#include "util.h"

#define DEPTH_MAX	4
#define NAME_MAX_	48

struct reader {
	XML_Parser		 p;
	struct hl_answer	*a;
	int			 depth;
	char			 names[DEPTH_MAX][NAME_MAX_];
	int			 leaf;		/* no child element yet */
	size_t			 text;		/* its start in the arena */
	int			 bad;
};

static void
stop(struct reader *r)
{
	r->bad = 1;
	XML_StopParser(r->p, XML_FALSE);
}

/* n bytes of s, terminated, into the arena; NULL when it is full. */
static char *
keep(struct hl_answer *a, const char *s, size_t n)
{
	char *at;

	if (n >= a->size - a->used)
		return NULL;
	at = a->arena + a->used;
	memcpy(at, s, n);
	at[n] = '\0';
	a->used += n + 1;
	return at;
}

static void XMLCALL
on_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct reader *r = arg;

	(void)attrs;
	if (r->bad)
		return;
	if (r->depth == DEPTH_MAX || strlen(name) >= NAME_MAX_ ||
	    (r->depth == 0 && strcmp(name, "response") != 0 &&
	    strcmp(name, "error") != 0)) {
		stop(r);
		return;
	}
	/* a container's own text (blanks between its children) dropped */
	if (r->leaf)
		r->a->used = r->text;
	snprintf(r->names[r->depth], NAME_MAX_, "%s", name);
	if (r->depth == 2)
		r->a->recs++;
	r->depth++;
	r->leaf = 1;
	r->text = r->a->used;
}

static void XMLCALL
on_text(void *arg, const XML_Char *s, int len)
{
	struct reader *r = arg;
	struct hl_answer *a = r->a;

	if (r->bad || !r->leaf)
		return;
	/* chunks, contiguous in the arena until the element ends */
	if ((size_t)len >= a->size - a->used) {
		stop(r);
		return;
	}
	memcpy(a->arena + a->used, s, (size_t)len);
	a->used += (size_t)len;
}

/* The path of the element ending, below the root: "Messages/Message". */
static int
path_of(const struct reader *r, char *out, size_t size)
{
	size_t at = 0;
	int n;

	out[0] = '\0';
	for (int i = 1; i < r->depth; i++) {
		n = snprintf(out + at, size - at, "%s%s", i > 1 ? "/" : "",
		    r->names[i]);
		if (n < 0 || (size_t)n >= size - at)
			return -1;
		at += (size_t)n;
	}
	return 0;
}

static void XMLCALL
on_end(void *arg, const XML_Char *name)
{
	struct reader *r = arg;
	struct hl_answer *a = r->a;
	char path[DEPTH_MAX * NAME_MAX_], *text;
	size_t tlen;

	(void)name;
	if (r->bad)
		return;
	if (r->leaf) {
		tlen = a->used - r->text;
		a->used = r->text;
		if ((text = keep(a, a->arena + r->text, tlen)) == NULL) {
			stop(r);
			return;
		}
		/* <response>OK</response>: the root is a leaf */
		if (r->depth == 1)
			a->ok = strcmp(r->names[0], "response") == 0 &&
			    strcmp(text, "OK") == 0;
		else if (a->n == HL_FIELDS_MAX || path_of(r, path,
		    sizeof(path)) == -1 || (a->f[a->n].path = keep(a, path,
		    strlen(path))) == NULL) {
			stop(r);
			return;
		} else {
			a->f[a->n].text = text;
			a->f[a->n].rec = r->depth >= 3 ? a->recs : 0;
			a->n++;
		}
	}
	r->depth--;
	r->leaf = 0;
	r->text = a->used;
}

/* A DTD could declare entities (a billion laughs): none is taken. */
static void XMLCALL
on_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	stop(arg);
}

/* The <error>'s code, a number of the API's (1 to 999999). */
static int
error_code(struct hl_answer *a)
{
	const char *c = hl_get(a, "code", 0), *errstr;
	long long v;

	if (c == NULL)
		return -1;
	v = str_to_num(c, 1, 999999, &errstr);
	if (errstr != NULL)
		return -1;
	a->error = (int)v;
	return 0;
}

int
hl_read(const char *xml, size_t len, struct hl_answer **out)
{
	struct reader r;
	struct hl_answer *a;
	char *buf;
	int ok;

	*out = NULL;
	if (len > HL_ANSWER_MAX || (buf = malloc(len + 1)) == NULL)
		return -1;
	memcpy(buf, xml, len);
	len = hl_cesu8_fix(buf, len);
	memset(&r, 0, sizeof(r));
	/* room for each leaf's text and path: paths repeat their parents */
	if ((a = calloc(1, sizeof(*a) + 4 * len + 4096)) == NULL ||
	    (r.p = XML_ParserCreate("UTF-8")) == NULL) {
		free(a);
		free(buf);
		return -1;
	}
	a->size = 4 * len + 4096;
	r.a = a;
	XML_SetUserData(r.p, &r);
	XML_SetElementHandler(r.p, on_start, on_end);
	XML_SetCharacterDataHandler(r.p, on_text);
	XML_SetStartDoctypeDeclHandler(r.p, on_doctype);
	ok = XML_Parse(r.p, buf, (int)len, XML_TRUE) == XML_STATUS_OK &&
	    !r.bad;
	XML_ParserFree(r.p);
	free(buf);
	if (ok && strcmp(r.names[0], "error") == 0 && error_code(a) == -1)
		ok = 0;
	if (!ok) {
		free(a);
		return -1;
	}
	*out = a;
	return 0;
}

void
hl_free(struct hl_answer *a)
{
	free(a);
}

const char *
hl_get(const struct hl_answer *a, const char *path, int rec)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->f[i].rec == rec && strcmp(a->f[i].path, path) == 0)
			return a->f[i].text;
	return NULL;
}

/* The 3-byte UTF-8 form of a surrogate half at s: the half, or 0. */
static unsigned
half(const unsigned char *s, size_t left, unsigned lo, unsigned hi)
{
	unsigned v;

	if (left < 3 || s[0] != 0xed || (s[1] & 0xc0) != 0x80 ||
	    (s[2] & 0xc0) != 0x80)
		return 0;
	v = 0xd000 | (unsigned)(s[1] & 0x3f) << 6 | (unsigned)(s[2] & 0x3f);
	return v >= lo && v <= hi ? v : 0;
}

size_t
hl_cesu8_fix(char *buf, size_t len)
{
	unsigned char *s = (unsigned char *)buf, *w = s;
	unsigned h, l, cp;
	size_t i = 0;

	while (i < len) {
		if ((h = half(s + i, len - i, 0xd800, 0xdbff)) != 0 &&
		    (l = half(s + i + 3, len - i - 3, 0xdc00, 0xdfff)) != 0) {
			cp = 0x10000 + ((h - 0xd800) << 10) + (l - 0xdc00);
			*w++ = (unsigned char)(0xf0 | cp >> 18);
			*w++ = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
			*w++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			*w++ = (unsigned char)(0x80 | (cp & 0x3f));
			i += 6;
		} else if (half(s + i, len - i, 0xd800, 0xdfff) != 0) {
			/* a half alone: U+FFFD, as long */
			*w++ = 0xef;
			*w++ = 0xbf;
			*w++ = 0xbd;
			i += 3;
		} else
			*w++ = s[i++];
	}
	return (size_t)(w - s);
}

/*
 * The codes of the stick's own web UI (docs/hilink.md 3, from
 * siphomateke/huawei-router-api's src/error.js).
 */
static const struct {
	int		 code;
	int		 session;
	const char	*text;
} errors[] = {
	{ 100001, 0, "unknown error" },
	{ 100002, 0, "not supported by this stick" },
	{ 100003, 0, "login required (set oobm_hilink_password)" },
	{ 100004, 0, "the stick is busy" },
	{ 100005, 0, "request format error" },
	{ 100006, 0, "parameter error" },
	{ 101001, 0, "no SIM, or an invalid one" },
	{ 108001, 0, "login: wrong username" },
	{ 108002, 0, "login: wrong password" },
	{ 108003, 0, "login: already logged in" },
	{ 108005, 0, "login: too many users logged in" },
	{ 108006, 0, "login: wrong username or password" },
	{ 108007, 0, "login: too many failed attempts, locked for a while" },
	{ 108010, 0, "login: too frequent" },
	{ 112008, 0, "SIM not ready" },
	{ 113017, 0, "SMS: an argument refused" },
	{ 113018, 0, "SMS: busy" },
	{ 113036, 0, "SMS: delete failed" },
	{ 113053, 0, "SMS: storage full" },
	{ 113054, 0, "SMS: number too long" },
	{ 125001, 1, "wrong token (a new session is needed)" },
	{ 125002, 1, "session expired (a new one is needed)" },
	{ 125003, 1, "wrong session or token (a new session is needed)" },
};

const char *
hl_error_text(int code)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == code)
			return errors[i].text;
	return "an error the stick's web UI does not name";
}

int
hl_error_session(int code)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == code)
			return errors[i].session;
	return 0;
}

/* A message's fields, by record: -1 when one is missing or malformed. */
static int
sms_of(const struct hl_answer *a, int rec, struct hl_sms *m)
{
	const char *index, *stat, *errstr;

	index = hl_get(a, "Messages/Message/Index", rec);
	stat = hl_get(a, "Messages/Message/Smstat", rec);
	m->phone = hl_get(a, "Messages/Message/Phone", rec);
	m->content = hl_get(a, "Messages/Message/Content", rec);
	m->date = hl_get(a, "Messages/Message/Date", rec);
	if (index == NULL || m->phone == NULL || m->content == NULL ||
	    m->date == NULL)
		return -1;
	m->index = (long)str_to_num(index, 0, 999999999, &errstr);
	if (errstr != NULL)
		return -1;
	m->stat = stat == NULL ? -1 : (int)str_to_num(stat, 0, 9, &errstr);
	return stat != NULL && errstr != NULL ? -1 : 0;
}

int
hl_sms_list(const struct hl_answer *a, struct hl_sms *out, int max,
    long *count)
{
	const char *c = hl_get(a, "Count", 0), *errstr;
	int n = 0;

	*count = -1;
	if (c != NULL) {
		*count = (long)str_to_num(c, 0, 999999, &errstr);
		if (errstr != NULL)
			return -1;
	}
	for (int rec = 1; rec <= a->recs && n < max; rec++) {
		/* only Messages' records are messages */
		if (hl_get(a, "Messages/Message/Index", rec) == NULL &&
		    hl_get(a, "Messages/Message/Phone", rec) == NULL)
			continue;
		if (sms_of(a, rec, &out[n]) == -1)
			return -1;
		n++;
	}
	return n;
}

/* "2026-12-07 10:00:00" into t; 0, -1 when it is not that. */
static int
sms_date(const char *s, struct sms_time *t)
{
	char tail;

	if (strlen(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
	    s[13] != ':' || s[16] != ':' ||
	    sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%c", &t->year, &t->month,
	    &t->day, &t->hour, &t->minute, &t->second, &tail) != 6)
		return -1;
	for (int i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
		    (s[i] < '0' || s[i] > '9'))
			return -1;
	return t->month >= 1 && t->month <= 12 && t->day >= 1 &&
	    t->day <= 31 && t->hour <= 23 && t->minute <= 59 &&
	    t->second <= 60 ? 0 : -1;
}

int
hl_sms_to_sms(const struct hl_sms *h, int tz_minutes, struct sms *m)
{
	size_t n = strlen(h->content);
	int rc = SMS_OK, ucs2;

	memset(m, 0, sizeof(*m));
	m->type = SMS_DELIVER;
	m->mr = m->status = -1;
	if (strlen(h->phone) >= sizeof(m->addr))
		rc = SMS_ELONG;
	snprintf(m->addr, sizeof(m->addr), "%.*s", (int)sizeof(m->addr) - 1,
	    h->phone);
	/* TS 23.040 9.1.2.5: international, national, alphanumeric */
	m->addr_toa = m->addr[0] == '+' ? 0x91 :
	    m->addr[strspn(m->addr, "0123456789")] == '\0' ? 0x81 : 0xd0;
	if (n >= sizeof(m->text)) {
		n = sizeof(m->text) - 1;
		m->truncated = 1;
		rc = SMS_ELONG;
	}
	memcpy(m->text, h->content, n);
	m->text[n] = '\0';
	m->textlen = n;
	m->alphabet = SMS_GSM7;
	/* joined by the stick: more than one SMS's worth came in parts */
	if (sms_count_parts(m->text, m->textlen, &ucs2) > 1)
		m->concat_total = 2;
	if (sms_date(h->date, &m->time) == -1)
		return SMS_ETIME;
	m->time.tz_minutes = tz_minutes;
	m->has_time = 1;
	return rc;
}

int
hl_escape(const char *s, char *out, size_t size)
{
	size_t at = 0, n;
	const char *e;
	char one[2];

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&apos;"; break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n' && *s != '\r')
				return -1;
			one[0] = *s;
			one[1] = '\0';
			e = one;
		}
		if ((n = strlen(e)) >= size - at)
			return -1;
		memcpy(out + at, e, n);
		at += n;
	}
	if (at >= size)
		return -1;
	out[at] = '\0';
	return 0;
}

/* snprintf's result as ours: 0, or -1 when it did not fit. */
static int
fits(int n, size_t size)
{
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

#define XML_DECL	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"

int
hl_req_sms_list(char *out, size_t size, int page, int count)
{
	/* BoxType 1 the stick's inbox, SortType 0 by date (docs 4) */
	return fits(snprintf(out, size, XML_DECL "<request><PageIndex>%d"
	    "</PageIndex><ReadCount>%d</ReadCount><BoxType>1</BoxType>"
	    "<SortType>0</SortType><Ascending>0</Ascending>"
	    "<UnreadPreferred>0</UnreadPreferred></request>", page, count),
	    size);
}

int
hl_req_index(char *out, size_t size, long index)
{
	return fits(snprintf(out, size, XML_DECL "<request><Index>%ld"
	    "</Index></request>", index), size);
}

/* s appended to the string in out[size], escaped when esc: 0, -1. */
static int
put(char *out, size_t size, const char *s, int esc)
{
	size_t at = strlen(out);

	if (esc)
		return hl_escape(s, out + at, size - at);
	return fits(snprintf(out + at, size - at, "%s", s), size - at);
}

int
hl_req_send(char *out, size_t size, const char *phone, const char *text,
    const char *date)
{
	char len[64];
	size_t chars = 0;

	/* <Length>: characters, not bytes (UTF-8's lead bytes) */
	for (const char *s = text; *s != '\0'; s++)
		chars += ((unsigned char)*s & 0xc0) != 0x80;
	/* Reserved 1: the text as the stick would code it, 7 bits where
	 * it can (docs/hilink.md 4) */
	snprintf(len, sizeof(len), "</Content><Length>%zu</Length>"
	    "<Reserved>1</Reserved><Date>", chars);
	if (size == 0)
		return -1;
	out[0] = '\0';
	/* Index -1: a new message, not a draft's */
	return put(out, size, XML_DECL "<request><Index>-1</Index><Phones>"
	    "<Phone>", 0) == -1 || put(out, size, phone, 1) == -1 ||
	    put(out, size, "</Phone></Phones><Sca></Sca><Content>", 0) == -1 ||
	    put(out, size, text, 1) == -1 || put(out, size, len, 0) == -1 ||
	    put(out, size, date, 1) == -1 ||
	    put(out, size, "</Date></request>", 0) == -1 ? -1 : 0;
}

int
hl_req_dataswitch(char *out, size_t size, int on)
{
	return fits(snprintf(out, size, XML_DECL "<request><dataswitch>%d"
	    "</dataswitch></request>", on ? 1 : 0), size);
}

/* RFC 4648 base64 of n bytes of in, into out[size]; -1 if no room. */
static int
base64(const void *in, size_t n, char *out, size_t size)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	    "opqrstuvwxyz0123456789+/";
	const unsigned char *p = in;
	size_t at = 0;
	unsigned v;

	if ((n + 2) / 3 * 4 >= size)
		return -1;
	for (size_t i = 0; i < n; i += 3) {
		v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 :
		    0) | (i + 2 < n ? p[i + 2] : 0);
		out[at++] = b64[v >> 18 & 63];
		out[at++] = b64[v >> 12 & 63];
		out[at++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		out[at++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[at] = '\0';
	return 0;
}

int
hl_password(int type, const char *user, const char *pw, const char *token,
    char *out, size_t size)
{
	char hex[2 * SHA256_LEN + 1], inner[4 * SHA256_LEN + 8], *all;
	size_t n;
	int r;

	if (type != 4)
		return base64(pw, strlen(pw), out, size);
	sha256_hex(pw, strlen(pw), hex);
	if (base64(hex, strlen(hex), inner, sizeof(inner)) == -1)
		return -1;
	n = strlen(user) + strlen(inner) + strlen(token) + 1;
	if ((all = malloc(n)) == NULL)
		return -1;
	snprintf(all, n, "%s%s%s", user, inner, token);
	sha256_hex(all, n - 1, hex);
	free(all);
	r = base64(hex, strlen(hex), out, size);
	explicit_bzero(inner, sizeof(inner));
	return r;
}

int
hl_req_login(char *out, size_t size, const char *user, const char *encoded,
    int type)
{
	char t[16];

	if (size == 0)
		return -1;
	snprintf(t, sizeof(t), "%d", type);
	out[0] = '\0';
	return put(out, size, XML_DECL "<request><Username>", 0) == -1 ||
	    put(out, size, user, 1) == -1 ||
	    put(out, size, "</Username><Password>", 0) == -1 ||
	    put(out, size, encoded, 1) == -1 ||
	    put(out, size, "</Password><password_type>", 0) == -1 ||
	    put(out, size, t, 0) == -1 ||
	    put(out, size, "</password_type></request>", 0) == -1 ? -1 : 0;
}

int
hl_session_id(const char *sesinfo, char *out, size_t size)
{
	size_t n;

	if (strncmp(sesinfo, "SessionID=", 10) == 0)
		sesinfo += 10;
	n = strlen(sesinfo);
	/* RFC 6265 4.1.1 cookie-octet: no blank, '"', ',', ';' or '\' */
	if (n == 0 || n >= size)
		return -1;
	for (const char *s = sesinfo; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f ||
		    strchr("\",;\\", *s) != NULL)
			return -1;
	memcpy(out, sesinfo, n + 1);
	return 0;
}

int
hl_token(const char *s, char *out)
{
	size_t n = strcspn(s, "#");

	if (n < HL_TOKEN_LEN)
		return -1;
	s += n - HL_TOKEN_LEN;
	for (size_t i = 0; i < HL_TOKEN_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return -1;
	memcpy(out, s, HL_TOKEN_LEN);
	out[HL_TOKEN_LEN] = '\0';
	return 0;
}

int
hl_tokens(const char *s, char (*out)[HL_TOKEN_LEN + 1], int max)
{
	int n = 0;

	for (;;) {
		if (n < max && hl_token(s, out[n]) == 0)
			n++;
		if ((s = strchr(s, '#')) == NULL)
			return n;
		s++;
	}
}
