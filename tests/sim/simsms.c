/*
 * simsms: modemsim's SMS store, kept in the state directory so tests can
 * put messages in and look at what is left and what was sent:
 *
 *	DIR/inbox/NAME	a message arriving from the network: a PDU line
 *			(SMS-DELIVER, with SMSC), and for text mode the
 *			sender, the time ("yy/MM/dd,hh:mm:ss+zz") and the
 *			text on the lines after it.  Moved into the receive
 *			storage as soon as it has room, with +CMTI.
 *	DIR/SM/N, ME/N	message N of a storage: its status (0 REC UNREAD,
 *			1 REC READ, 2 STO UNSENT, 3 STO SENT), then the
 *			inbox lines.
 *	DIR/sent/MR.pdu	what AT+CMGS sent, as the client gave it;
 *	DIR/sent/K.txt	each whole message sent: "to=NUMBER", "parts=N",
 *			then the text, concatenated parts joined.
 *
 * The PDU coding here is written apart from tools/lib/sms.c and
 * smsenc.c on purpose, so the simulator does not share the tools'
 * mistakes; it only needs the characters GSM 7-bit and ASCII have in
 * common, and UCS-2 for the rest.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "modemsim.h"

#define MAX_CAPACITY	255
#define PDU_MAX		(2 * 176)
#define TEXT_MAX	2048
#define CTRL_Z		'\032'
#define ESC		'\033'

struct msg {
	int	 stat;
	char	 pdu[PDU_MAX + 2];
	char	 sender[64];
	char	 scts[32];
	char	 text[TEXT_MAX];
};

static struct {
	const char	*dir;
	int		 capacity;
	int		 cmgf;		/* 0 PDU, 1 text */
	int		 cnmi_mt;	/* 1: +CMTI for stored arrivals */
	int		 csdh;		/* text mode: header details shown */
	char		 mem[3][3];	/* read/delete, write/send, receive */
	char		 cscs[8];
	int		 memfull_told;
	int		 mr;
	int		 nsent;
	/* a two-stage command waiting for its body */
	enum { P_NONE, P_CMGS, P_CMGW }	 prompt;
	int		 prompt_len;	/* PDU mode: TPDU octets announced */
	int		 prompt_stat;
	char		 prompt_da[64];	/* text mode destination */
	char		 body[PDU_MAX + TEXT_MAX];
	size_t		 bodylen;
	char		 ussd[PDU_MAX];	/* +CUSD answer due, after the OK */
} s = { .capacity = 20, .mem = { "SM", "SM", "SM" }, .cscs = "GSM" };

/* --- files --- */

static void
path(char *buf, size_t size, const char *sub, const char *name)
{
	snprintf(buf, size, "%s/%s/%s", s.dir, sub, name);
}

static int
read_msg(const char *file, struct msg *m, int has_stat)
{
	char line[PDU_MAX + 8];
	FILE *fp;
	size_t n;

	memset(m, 0, sizeof(*m));
	if ((fp = fopen(file, "r")) == NULL)
		return -1;
	if (has_stat && fgets(line, sizeof(line), fp) != NULL)
		m->stat = atoi(line);
	if (fgets(m->pdu, sizeof(m->pdu), fp) != NULL)
		m->pdu[strcspn(m->pdu, "\r\n")] = '\0';
	if (fgets(m->sender, sizeof(m->sender), fp) != NULL)
		m->sender[strcspn(m->sender, "\r\n")] = '\0';
	if (fgets(m->scts, sizeof(m->scts), fp) != NULL)
		m->scts[strcspn(m->scts, "\r\n")] = '\0';
	n = fread(m->text, 1, sizeof(m->text) - 1, fp);
	m->text[n] = '\0';
	if (n > 0 && m->text[n - 1] == '\n')
		m->text[n - 1] = '\0';
	fclose(fp);
	return 0;
}

static int
write_msg(const char *file, const struct msg *m, int has_stat)
{
	char tmp[1100];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	if ((fp = fopen(tmp, "w")) == NULL)
		return -1;
	if (has_stat)
		fprintf(fp, "%d\n", m->stat);
	fprintf(fp, "%s\n%s\n%s\n%s\n", m->pdu, m->sender, m->scts, m->text);
	fclose(fp);
	return rename(tmp, file);
}

static int
slot(const char *mem, int idx, char *buf, size_t size)
{
	char name[16];

	snprintf(name, sizeof(name), "%d", idx);
	path(buf, size, mem, name);
	return access(buf, F_OK) == 0;
}

static int
used(const char *mem)
{
	char file[1024];
	int i, n = 0;

	for (i = 1; i <= s.capacity; i++)
		n += slot(mem, i, file, sizeof(file));
	return n;
}

static int
free_slot(const char *mem)
{
	char file[1024];
	int i;

	for (i = 1; i <= s.capacity; i++)
		if (!slot(mem, i, file, sizeof(file)))
			return i;
	return -1;
}

void
sms_init(const char *dir, int capacity)
{
	static const char *const subs[] = { "inbox", "SM", "ME", "sent" };
	char buf[1024];
	size_t i;

	s.dir = dir;
	if (capacity > 0 && capacity <= MAX_CAPACITY)
		s.capacity = capacity;
	if (dir == NULL)
		return;
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		snprintf(buf, sizeof(buf), "%s/%s", dir, subs[i]);
		mkdir(buf, 0755);
	}
}

/* --- independent PDU coding --- */

static const char hexdig[] = "0123456789ABCDEF";

static void
hex_byte(char **p, unsigned int b)
{
	*(*p)++ = hexdig[(b >> 4) & 15];
	*(*p)++ = hexdig[b & 15];
	**p = '\0';
}

static int
nibble(char c)
{
	const char *p;

	if (c >= 'a' && c <= 'f')
		c = (char)(c - 'a' + 'A');
	if (c == '\0' || (p = strchr(hexdig, c)) == NULL)
		return -1;
	return (int)(p - hexdig);
}

static int
unhex(const char *h, size_t n, unsigned char *out, size_t max)
{
	size_t i;
	int hi, lo;

	if (n % 2 != 0 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if ((hi = nibble(h[2 * i])) < 0 ||
		    (lo = nibble(h[2 * i + 1])) < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (int)(n / 2);
}

/* ASCII characters whose GSM 7-bit code is the same number. */
static int
gsm_same(unsigned char c)
{
	return c == '\n' || c == '\r' || (c >= ' ' && c <= '#') ||
	    (c >= '%' && c <= '?') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

static void
semi_octets(char **p, const char *digits)
{
	size_t i, n = strlen(digits);

	for (i = 0; i < n; i += 2)
		hex_byte(p, (unsigned int)(digits[i] - '0') |
		    (unsigned int)(i + 1 < n ? digits[i + 1] - '0' : 15) << 4);
}

static void
pack7(const unsigned char *sept, size_t n, size_t fill_bits,
    unsigned char *out, size_t *octets)
{
	size_t i, bit;

	memset(out, 0, (fill_bits + 7 * n + 7) / 8 + 1);
	for (i = 0; i < n; i++) {
		bit = fill_bits + 7 * i;
		out[bit / 8] |= (unsigned char)(sept[i] << (bit % 8));
		if (bit % 8 > 1)
			out[bit / 8 + 1] |= (unsigned char)(sept[i] >>
			    (8 - bit % 8));
	}
	*octets = (fill_bits + 7 * n + 7) / 8;
}

/* A number, or with alnum (or when it is none) a name of up to 11. */
static void
put_sender(char **p, const char *sender, int alnum)
{
	unsigned char packed[32];
	size_t n, octets, i;

	if (!alnum && strspn(sender + (sender[0] == '+'), "0123456789") ==
	    strlen(sender + (sender[0] == '+'))) {
		n = strlen(sender + (sender[0] == '+'));
		hex_byte(p, (unsigned int)n);
		hex_byte(p, sender[0] == '+' ? 0x91 : 0x81);
		semi_octets(p, sender + (sender[0] == '+'));
		return;
	}
	/* alphanumeric, 7-bit packed: length counts semi-octets */
	n = strlen(sender) > 11 ? 11 : strlen(sender);
	pack7((const unsigned char *)sender, n, 0, packed, &octets);
	hex_byte(p, (unsigned int)(n * 7 + 3) / 4);
	hex_byte(p, 0xd0);
	for (i = 0; i < octets; i++)
		hex_byte(p, packed[i]);
}

/* "yy/MM/dd,hh:mm:ss+zz" to the 7 swapped semi-octets of TP-SCTS. */
static int
put_scts(char **p, const char *scts)
{
	int v[7], i;
	char sign;

	if (sscanf(scts, "%2d/%2d/%2d,%2d:%2d:%2d%c%2d", &v[0], &v[1], &v[2],
	    &v[3], &v[4], &v[5], &sign, &v[6]) != 8 ||
	    (sign != '+' && sign != '-'))
		return -1;
	for (i = 0; i < 7; i++)
		hex_byte(p, (unsigned int)(v[i] % 10) << 4 |
		    (unsigned int)(v[i] / 10) | (i == 6 && sign == '-' ? 8 : 0));
	return 0;
}

/* UTF-8 to UTF-16BE octets; -1 on invalid UTF-8. */
static int
utf16(const char *t, unsigned char *out, size_t max, size_t *n)
{
	const unsigned char *u = (const unsigned char *)t;
	unsigned long cp;
	int k;

	*n = 0;
	while (*u != '\0') {
		if (*u < 0x80)
			cp = *u, k = 0;
		else if ((*u & 0xe0) == 0xc0)
			cp = *u & 0x1f, k = 1;
		else if ((*u & 0xf0) == 0xe0)
			cp = *u & 0x0f, k = 2;
		else if ((*u & 0xf8) == 0xf0)
			cp = *u & 0x07, k = 3;
		else
			return -1;
		for (u++; k > 0; k--, u++) {
			if ((*u & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (*u & 0x3f);
		}
		if (*n + 4 > max)
			return -1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			out[(*n)++] = (unsigned char)(0xd8 | cp >> 18);
			out[(*n)++] = (unsigned char)(cp >> 10);
			cp = 0xdc00 | (cp & 0x3ff);
		}
		out[(*n)++] = (unsigned char)(cp >> 8);
		out[(*n)++] = (unsigned char)cp;
	}
	return 0;
}

/*
 * Build an SMS-DELIVER.  concat "ref:total:seq" adds an 8-bit
 * concatenation header.  GSM 7-bit when every character allows it.
 */
static int
make_deliver(struct msg *m, const char *concat, int ucs2, int alnum,
    char *err, size_t errsize)
{
	unsigned char ud[200], sept[200];
	unsigned int ref = 0, total = 0, seq = 0;
	size_t i, n, octets, hdr = 0, udl;
	char *p = m->pdu;

	if (concat != NULL && sscanf(concat, "%u:%u:%u", &ref, &total,
	    &seq) != 3) {
		snprintf(err, errsize, "concat is ref:total:seq");
		return -1;
	}
	for (i = 0; m->text[i] != '\0' && !ucs2; i++)
		ucs2 = !gsm_same((unsigned char)m->text[i]);
	p += sprintf(p, "07916407058099F9");		/* SMSC +46705008999 */
	hex_byte(&p, concat != NULL ? 0x44 : 0x04);	/* DELIVER, MMS */
	put_sender(&p, m->sender, alnum);
	hex_byte(&p, 0x00);				/* PID */
	hex_byte(&p, ucs2 ? 0x08 : 0x00);		/* DCS */
	if (put_scts(&p, m->scts) == -1) {
		snprintf(err, errsize, "time is yy/MM/dd,hh:mm:ss+zz");
		return -1;
	}
	if (concat != NULL) {
		memcpy(ud, (unsigned char[]){ 5, 0, 3, (unsigned char)ref,
		    (unsigned char)total, (unsigned char)seq }, 6);
		hdr = 6;
	}
	if (ucs2) {
		if (utf16(m->text, ud + hdr, 140 - hdr, &n) == -1) {
			snprintf(err, errsize, "text: bad UTF-8 or too long");
			return -1;
		}
		udl = octets = hdr + n;
	} else {
		n = strlen(m->text);
		if (n > (hdr ? 153 : 160)) {
			snprintf(err, errsize, "text too long for one part");
			return -1;
		}
		memcpy(sept, m->text, n);
		/* septets after the header and one fill bit: bit 49 */
		pack7(sept, n, hdr ? 49 : 0, ud, &octets);
		if (hdr)
			memcpy(ud, (unsigned char[]){ 5, 0, 3,
			    (unsigned char)ref, (unsigned char)total,
			    (unsigned char)seq }, 6);
		udl = (hdr ? 7 : 0) + n;
	}
	hex_byte(&p, (unsigned int)udl);
	for (i = 0; i < octets; i++)
		hex_byte(&p, ud[i]);
	return 0;
}

int
sms_inject(const char *dir, const char *sender, const char *scts,
    const char *concat, int ucs2, int alnum, const char *text)
{
	struct msg m;
	struct timespec ts;
	struct tm tm;
	char err[128], file[1024], name[64];
	time_t now;

	memset(&m, 0, sizeof(m));
	snprintf(m.sender, sizeof(m.sender), "%s", sender);
	snprintf(m.text, sizeof(m.text), "%s", text);
	if (scts != NULL)
		snprintf(m.scts, sizeof(m.scts), "%s", scts);
	else {
		now = time(NULL);
		gmtime_r(&now, &tm);
		snprintf(m.scts, sizeof(m.scts), "%02d/%02d/%02d,%02d:%02d:%02d+00",
		    tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
	}
	if (make_deliver(&m, concat, ucs2, alnum, err, sizeof(err)) == -1) {
		fprintf(stderr, "modemsim: %s\n", err);
		return -1;
	}
	s.dir = dir;
	clock_gettime(CLOCK_REALTIME, &ts);
	/* Names sort in arrival order. */
	snprintf(name, sizeof(name), "%lld.%09ld.%d", (long long)ts.tv_sec,
	    ts.tv_nsec, (int)getpid());
	path(file, sizeof(file), "inbox", name);
	if (write_msg(file, &m, 0) == -1) {
		fprintf(stderr, "modemsim: %s: %s\n", file, strerror(errno));
		return -1;
	}
	printf("%s\n", m.pdu);
	return 0;
}

/* --- what the client sends: SMS-SUBMIT, decoded to check it --- */

struct submit {
	char		 to[32];
	unsigned int	 ref, total, seq;
	char		 text[TEXT_MAX];
};

/* GSM 7-bit to UTF-8, for the characters a test sends. */
static void
gsm_char(char **o, unsigned int c, int esc)
{
	static const struct {
		unsigned char	 code;
		const char	*utf8;
	} plain[] = {
		{ 0x00, "@" }, { 0x02, "$" }, { 0x11, "_" },
		{ 0x01, "\xc2\xa3" }, { 0x05, "\xc3\xa9" },
	}, ext[] = {
		{ 0x28, "{" }, { 0x29, "}" }, { 0x3c, "[" }, { 0x3e, "]" },
		{ 0x3d, "~" }, { 0x2f, "\\" }, { 0x14, "^" }, { 0x40, "|" },
		{ 0x65, "\xe2\x82\xac" },
	};
	size_t i;

	for (i = 0; esc && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (ext[i].code == c) {
			*o += sprintf(*o, "%s", ext[i].utf8);
			return;
		}
	for (i = 0; !esc && i < sizeof(plain) / sizeof(plain[0]); i++)
		if (plain[i].code == c) {
			*o += sprintf(*o, "%s", plain[i].utf8);
			return;
		}
	*(*o)++ = !esc && gsm_same((unsigned char)c) ? (char)c : '?';
	**o = '\0';
}

static void
unpack7(const unsigned char *ud, size_t fill_bits, size_t n, char *out)
{
	size_t i, bit;
	unsigned int c;
	int esc = 0;

	for (i = 0; i < n; i++) {
		bit = fill_bits + 7 * i;
		c = ud[bit / 8] >> (bit % 8);
		if (bit % 8 > 1)
			c |= (unsigned int)ud[bit / 8 + 1] << (8 - bit % 8);
		c &= 0x7f;
		if (c == 0x1b && !esc) {
			esc = 1;
			continue;
		}
		gsm_char(&out, c, esc);
		esc = 0;
	}
}

static void
from_utf16(const unsigned char *p, size_t n, char *o)
{
	unsigned long u;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		u = (unsigned long)p[i] << 8 | p[i + 1];
		if (u >= 0xd800 && u < 0xdc00 && i + 3 < n) {
			u = 0x10000 + ((u - 0xd800) << 10) +
			    (((unsigned long)p[i + 2] << 8 | p[i + 3]) - 0xdc00);
			i += 2;
		}
		if (u < 0x80)
			*o++ = (char)u;
		else if (u < 0x800) {
			*o++ = (char)(0xc0 | u >> 6);
			*o++ = (char)(0x80 | (u & 0x3f));
		} else if (u < 0x10000) {
			*o++ = (char)(0xe0 | u >> 12);
			*o++ = (char)(0x80 | ((u >> 6) & 0x3f));
			*o++ = (char)(0x80 | (u & 0x3f));
		} else {
			*o++ = (char)(0xf0 | u >> 18);
			*o++ = (char)(0x80 | ((u >> 12) & 0x3f));
			*o++ = (char)(0x80 | ((u >> 6) & 0x3f));
			*o++ = (char)(0x80 | (u & 0x3f));
		}
	}
	*o = '\0';
}

/* Parse an SMS-SUBMIT TPDU (after the SMSC); -1 if malformed. */
static int
parse_submit(const unsigned char *t, size_t n, struct submit *sb)
{
	size_t i = 2, nd, k, udl, hdr = 0, vp;
	unsigned char dcs, first;

	memset(sb, 0, sizeof(*sb));
	if (n < 4 || (t[0] & 3) != 1)
		return -1;
	first = t[0];
	nd = t[i];
	if (nd > 20 || n < i + 2 + (nd + 1) / 2 + 3)
		return -1;
	if (t[i + 1] == 0x91)
		strcat(sb->to, "+");
	for (k = 0; k < nd; k++)
		sb->to[strlen(sb->to)] = (char)('0' +
		    (k % 2 ? t[i + 2 + k / 2] >> 4 : t[i + 2 + k / 2] & 15));
	i += 2 + (nd + 1) / 2;
	dcs = t[i + 1];
	i += 2;
	vp = ((first >> 3) & 3) == 0 ? 0 : ((first >> 3) & 3) == 2 ? 1 : 7;
	i += vp;
	if (i >= n)
		return -1;
	udl = t[i++];
	if ((first & 0x40) && udl > 0) {
		hdr = (size_t)t[i] + 1;
		if (hdr >= 6 && t[i + 1] == 0 && t[i + 2] == 3) {
			sb->ref = t[i + 3];
			sb->total = t[i + 4];
			sb->seq = t[i + 5];
		}
	}
	if ((dcs & 0x0c) == 0x08) {
		if (i + udl > n || hdr > udl)
			return -1;
		from_utf16(t + i + hdr, udl - hdr, sb->text);
	} else {
		if (i + (udl * 7 + 7) / 8 > n)
			return -1;
		k = (hdr * 8 + 6) / 7;
		unpack7(t + i, k * 7, udl - k, sb->text);
	}
	return 0;
}

static struct submit pending[MAX_CAPACITY];
static int npending;

static void
record_sent(const char *to, const char *text, unsigned int parts)
{
	char file[1024], name[32];
	FILE *fp;

	snprintf(name, sizeof(name), "%d.txt", ++s.nsent);
	path(file, sizeof(file), "sent", name);
	if ((fp = fopen(file, "w")) == NULL)
		return;
	fprintf(fp, "to=%s\nparts=%u\n%s\n", to, parts, text);
	fclose(fp);
}

/* Join concatenated parts in sequence order once all have come. */
static void
reassemble(const struct submit *sb)
{
	char text[TEXT_MAX * 4];
	unsigned int seq, have = 0;
	int i;

	if (sb->total <= 1) {
		record_sent(sb->to, sb->text, 1);
		return;
	}
	if (npending < MAX_CAPACITY)
		pending[npending++] = *sb;
	for (i = 0; i < npending; i++)
		if (pending[i].ref == sb->ref &&
		    strcmp(pending[i].to, sb->to) == 0)
			have++;
	if (have < sb->total)
		return;
	text[0] = '\0';
	for (seq = 1; seq <= sb->total; seq++)
		for (i = 0; i < npending; i++)
			if (pending[i].ref == sb->ref && pending[i].seq == seq &&
			    strcmp(pending[i].to, sb->to) == 0 &&
			    strlen(text) + strlen(pending[i].text) <
			    sizeof(text))
				strcat(text, pending[i].text);
	record_sent(sb->to, text, sb->total);
	for (i = 0; i < npending; i++)
		if (pending[i].ref == sb->ref &&
		    strcmp(pending[i].to, sb->to) == 0)
			pending[i--] = pending[--npending];
}

/* --- AT commands --- */

static const char *const stat_name[] = {
	"REC UNREAD", "REC READ", "STO UNSENT", "STO SENT"
};

/* An unsolicited result code: framed, undelayed, whatever the faults. */
static void __attribute__((format(printf, 1, 2)))
urc(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + 2, sizeof(buf) - 4, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n > sizeof(buf) - 5)
		return;
	buf[0] = '\r';
	buf[1] = '\n';
	memcpy(buf + 2 + n, "\r\n", 3);
	/* a Quectel whose URCs go to another port says nothing here */
	if (sim_urcs_here())
		puts_raw(buf);
}

static void
cms_error(int n)
{
	respond("+CMS ERROR: %d", n);
}

/* Octets of the TPDU in a PDU line: all but the SMSC part. */
static int
tpdu_len(const char *pdu)
{
	unsigned char b[1];

	if (strlen(pdu) < 2 || unhex(pdu, 2, b, 1) != 1)
		return 0;
	return (int)(strlen(pdu) / 2) - 1 - b[0];
}

static int
stat_matches(int stat, const char *arg)
{
	size_t i;

	if (s.cmgf == 0)
		return atoi(arg) == 4 || atoi(arg) == stat;
	if (strcasecmp(arg, "\"ALL\"") == 0)
		return 1;
	for (i = 0; i < 4; i++)
		if ((int)i == stat && strlen(arg) == strlen(stat_name[i]) + 2 &&
		    strncasecmp(arg + 1, stat_name[i], strlen(stat_name[i])) ==
		    0)
			return 1;
	return 0;
}

/* The type of address octet of the PDU's originator (for +CSDH=1). */
static int
pdu_toa(const char *pdu)
{
	unsigned char o[16];
	size_t len = strlen(pdu);
	int n;

	n = unhex(pdu, len < 2 * sizeof(o) ? len : 2 * sizeof(o), o,
	    sizeof(o));
	/* SMSC length and octets, first octet, address length, type */
	if (n < 1 || o[0] + 3 >= n)
		return 129;
	return o[o[0] + 3];
}

static void
show(int idx, const struct msg *m, int list)
{
	if (s.cmgf == 0) {
		if (list)
			respond("+CMGL: %d,%d,,%d", idx, m->stat,
			    tpdu_len(m->pdu));
		else
			respond("+CMGR: %d,,%d", m->stat, tpdu_len(m->pdu));
		respond("%s", m->pdu);
		return;
	}
	/* 27.005 3.4.2, 4.1: +CSDH=1 adds <tooa>, ..., <length> */
	if (list && s.csdh)
		respond("+CMGL: %d,\"%s\",\"%s\",,\"%s\",%d,%zu", idx,
		    stat_name[m->stat & 3], m->sender, m->scts,
		    pdu_toa(m->pdu), strlen(m->text));
	else if (list)
		respond("+CMGL: %d,\"%s\",\"%s\",,\"%s\"", idx,
		    stat_name[m->stat & 3], m->sender, m->scts);
	else if (s.csdh)
		respond("+CMGR: \"%s\",\"%s\",,\"%s\",%d,4,0,0,"
		    "\"+46705008999\",145,%zu", stat_name[m->stat & 3],
		    m->sender, m->scts, pdu_toa(m->pdu), strlen(m->text));
	else
		respond("+CMGR: \"%s\",\"%s\",,\"%s\"", stat_name[m->stat & 3],
		    m->sender, m->scts);
	respond("%s", m->text);
}

/* Reading marks a received message read, as a phone does. */
static void
mark_read(const char *file, struct msg *m)
{
	if (m->stat == 0) {
		m->stat = 1;
		write_msg(file, m, 1);
	}
}

static void
cmd_cmgl(const char *arg)
{
	char file[1024];
	struct msg m;
	int i;

	if (*arg == '\0')
		arg = s.cmgf ? "\"REC UNREAD\"" : "0";
	for (i = 1; i <= s.capacity; i++) {
		if (!slot(s.mem[0], i, file, sizeof(file)) ||
		    read_msg(file, &m, 1) == -1 || !stat_matches(m.stat, arg))
			continue;
		show(i, &m, 1);
		mark_read(file, &m);
	}
	final_ok();
}

static void
cmd_cmgr(int idx)
{
	char file[1024];
	struct msg m;

	if (idx < 1 || idx > s.capacity) {
		cms_error(321);
		return;
	}
	/* An empty slot answers a bare OK, as real modems do. */
	if (slot(s.mem[0], idx, file, sizeof(file)) &&
	    read_msg(file, &m, 1) == 0) {
		show(idx, &m, 0);
		mark_read(file, &m);
	}
	final_ok();
}

static void
cmd_cmgd(const char *arg)
{
	char file[1024];
	struct msg m;
	int idx, flag = 0, i;

	if (sscanf(arg, "%d,%d", &idx, &flag) < 1 || flag < 0 || flag > 4 ||
	    (flag == 0 && (idx < 1 || idx > s.capacity))) {
		cms_error(321);
		return;
	}
	for (i = 1; i <= s.capacity; i++) {
		if ((flag == 0 && i != idx) ||
		    !slot(s.mem[0], i, file, sizeof(file)) ||
		    read_msg(file, &m, 1) == -1)
			continue;
		/* 1 read, 2 read and sent, 3 and unsent too, 4 all */
		if (flag == 0 || flag == 4 || m.stat == 1 ||
		    (flag >= 2 && m.stat == 3) || (flag >= 3 && m.stat == 2))
			unlink(file);
	}
	s.memfull_told = 0;
	final_ok();
}

static int
valid_mem(const char *m)
{
	return strcmp(m, "SM") == 0 || strcmp(m, "ME") == 0;
}

static void
cmd_cpms(const char *arg)
{
	char mem[3][8];
	int n, i;

	if (strcmp(arg, "=?") == 0) {
		respond("+CPMS: (\"SM\",\"ME\"),(\"SM\",\"ME\"),(\"SM\",\"ME\")");
		final_ok();
		return;
	}
	if (strcmp(arg, "?") == 0) {
		respond("+CPMS: \"%s\",%d,%d,\"%s\",%d,%d,\"%s\",%d,%d",
		    s.mem[0], used(s.mem[0]), s.capacity, s.mem[1],
		    used(s.mem[1]), s.capacity, s.mem[2], used(s.mem[2]),
		    s.capacity);
		final_ok();
		return;
	}
	n = sscanf(arg, "=\"%2[A-Z]\",\"%2[A-Z]\",\"%2[A-Z]\"", mem[0], mem[1],
	    mem[2]);
	if (n < 1) {
		cms_error(302);
		return;
	}
	for (i = 0; i < n; i++)
		if (!valid_mem(mem[i])) {
			cms_error(302);
			return;
		}
	for (i = 0; i < n; i++)
		memcpy(s.mem[i], mem[i], 3);
	respond("+CPMS: %d,%d,%d,%d,%d,%d", used(s.mem[0]), s.capacity,
	    used(s.mem[1]), s.capacity, used(s.mem[2]), s.capacity);
	final_ok();
}

static void
cmd_simple(const char *name, const char *arg, int *v, int max)
{
	if (strcmp(arg, "?") == 0) {
		respond("%s: %d", name, *v);
		final_ok();
	} else if (arg[0] == '=' && arg[1] >= '0' && arg[1] - '0' <= max &&
	    arg[2] == '\0') {
		*v = arg[1] - '0';
		final_ok();
	} else
		respond("ERROR");
}

static void
start_prompt(int kind, const char *arg)
{
	s.prompt = kind;
	s.bodylen = 0;
	s.prompt_stat = 2;
	if (s.cmgf == 0) {
		if (sscanf(arg, "=%d,%d", &s.prompt_len, &s.prompt_stat) < 1 ||
		    s.prompt_len < 1 || s.prompt_len > 164) {
			s.prompt = P_NONE;
			cms_error(304);
			return;
		}
	} else if (sscanf(arg, "=\"%63[^\"]\"", s.prompt_da) != 1) {
		s.prompt = P_NONE;
		cms_error(305);
		return;
	}
	puts_raw("\r\n> ");
	/* a message arriving now shows right after the prompt */
	sms_poll();
}

/*
 * USSD, as a Huawei stick does it: the code comes GSM 7-bit packed in hex
 * with <dcs> 15; OK at once, the network's answer later as a +CUSD URC,
 * packed the same way.  "*111#" is the balance, "*112#" answers in UCS-2
 * (<dcs> 72), anything else is not supported by the network (+CUSD: 4).
 */
static void
cmd_cusd(const char *arg)
{
	static const char balance[] = "Saldo: 42,50 kr. Giltigt till 2027-01-31.";
	unsigned char oct[PDU_MAX], sept[PDU_MAX];
	char code[64], hex[128], *h = hex;
	const char *q;
	size_t n, i, octets;
	int len;

	if (strcmp(arg, "=2") == 0) {		/* the session ended */
		final_ok();
		return;
	}
	if (strncmp(arg, "=1,\"", 4) != 0 || (q = strchr(arg + 4, '"')) == NULL ||
	    strcmp(q, "\",15") != 0 ||
	    (len = unhex(arg + 4, (size_t)(q - arg - 4), oct, sizeof(oct))) < 0 ||
	    (size_t)len * 8 / 7 >= sizeof(code) / 4) {
		respond("+CME ERROR: 50");
		return;
	}
	code[0] = '\0';
	unpack7(oct, 0, (size_t)len * 8 / 7, code);
	n = strlen(code);
	if (n > 0 && (code[n - 1] == '\r' || code[n - 1] == '@'))
		code[--n] = '\0';	/* the padding of 7 spare bits */
	final_ok();
	if (strcmp(code, "*111#") == 0) {
		for (i = 0; i < sizeof(balance) - 1; i++)
			sept[i] = (unsigned char)balance[i];	/* all gsm_same */
		pack7(sept, i, 0, oct, &octets);
		for (i = 0; i < octets; i++)
			hex_byte(&h, oct[i]);
		snprintf(s.ussd, sizeof(s.ussd), "+CUSD: 0,\"%s\",15", hex);
	} else if (strcmp(code, "*112#") == 0)
		snprintf(s.ussd, sizeof(s.ussd), "+CUSD: 0,\"%s\",72",
		    "00420061006C0061006E00630065002000310030002020AC");
	else
		snprintf(s.ussd, sizeof(s.ussd), "+CUSD: 4");
}

/*
 * -I: a message that arrives while the modem answers a command: the
 * inbox is held until that command comes, then taken (and its +CMTI
 * sent) after the answer's lines, before its final result.
 */
static int arrive_armed;

void
sms_arrive_now(void)
{
	if (!arrive_armed)
		return;
	arrive_armed = 0;
	sim_arrive_in = NULL;
	sms_poll();
}

int
sms_command(const char *c)
{
	if (sim_arrive_in != NULL &&
	    strncasecmp(c, sim_arrive_in, strlen(sim_arrive_in)) == 0)
		arrive_armed = 1;
	if (strncasecmp(c, "+CMGF", 5) == 0)
		cmd_simple("+CMGF", c + 5, &s.cmgf, 1);
	else if (strncasecmp(c, "+CSDH", 5) == 0)
		cmd_simple("+CSDH", c + 5, &s.csdh, 1);
	else if (strncasecmp(c, "+CMGL", 5) == 0)
		cmd_cmgl(c[5] == '=' ? c + 6 : c + 5);
	else if (strncasecmp(c, "+CMGR=", 6) == 0)
		cmd_cmgr(atoi(c + 6));
	else if (strncasecmp(c, "+CMGD=", 6) == 0)
		cmd_cmgd(c + 6);
	else if (strncasecmp(c, "+CPMS", 5) == 0)
		cmd_cpms(c + 5);
	else if (strncasecmp(c, "+CMGS", 5) == 0 && !sim_sms_service)
		cms_error(331);		/* no network service */
	else if (strncasecmp(c, "+CMGS", 5) == 0)
		start_prompt(P_CMGS, c + 5);
	else if (strncasecmp(c, "+CUSD", 5) == 0)
		cmd_cusd(c + 5);
	else if (strncasecmp(c, "+CMGW", 5) == 0)
		start_prompt(P_CMGW, c + 5);
	else if (strncasecmp(c, "+CNMI=", 6) == 0) {
		if (sscanf(c + 6, "%*d,%d", &s.cnmi_mt) != 1)
			s.cnmi_mt = 0;
		final_ok();
	} else if (strcasecmp(c, "+CNMI?") == 0) {
		respond("+CNMI: 2,%d,0,0,0", s.cnmi_mt);
		final_ok();
	} else if (strncasecmp(c, "+CSCS=\"", 7) == 0) {
		snprintf(s.cscs, sizeof(s.cscs), "%.*s",
		    (int)strcspn(c + 7, "\""), c + 7);
		final_ok();
	} else if (strcasecmp(c, "+CSCS?") == 0) {
		respond("+CSCS: \"%s\"", s.cscs);
		final_ok();
	} else if (strcasecmp(c, "+CSCA?") == 0) {
		respond("+CSCA: \"+46705008999\",145");
		final_ok();
	} else
		return 0;
	return 1;
}

int
sms_prompting(void)
{
	return s.prompt != P_NONE;
}

void
sms_reset(void)
{
	s.prompt = P_NONE;
	s.bodylen = 0;
}

/* The OK for an aborted prompt, delayed: -O prompt:MS. */
static int abort_late_ms;

void
sms_leftover_prompt(int late_ms)
{
	s.prompt = P_CMGS;
	s.prompt_len = 19;
	s.bodylen = 0;
	abort_late_ms = late_ms;
}

static void
body_pdu(void)
{
	unsigned char pdu[200];
	struct submit sb;
	struct msg m;
	char file[1024], name[32];
	int n, idx;

	s.body[s.bodylen] = '\0';
	n = unhex(s.body, s.bodylen, pdu, sizeof(pdu));
	if (n < 2 || n != 1 + pdu[0] + s.prompt_len ||
	    s.bodylen >= sizeof(m.pdu)) {
		cms_error(304);
		return;
	}
	if (s.prompt == P_CMGW) {
		if ((idx = free_slot(s.mem[1])) == -1) {
			cms_error(322);
			return;
		}
		memset(&m, 0, sizeof(m));
		m.stat = s.prompt_stat;
		memcpy(m.pdu, s.body, s.bodylen + 1);
		snprintf(name, sizeof(name), "%d", idx);
		path(file, sizeof(file), s.mem[1], name);
		write_msg(file, &m, 1);
		respond("+CMGW: %d", idx);
		final_ok();
		return;
	}
	if (parse_submit(pdu + 1 + pdu[0], (size_t)s.prompt_len, &sb) == -1) {
		cms_error(304);
		return;
	}
	s.mr = (s.mr + 1) % 256;
	snprintf(name, sizeof(name), "%d.pdu", s.mr);
	path(file, sizeof(file), "sent", name);
	memset(&m, 0, sizeof(m));
	memcpy(m.pdu, s.body, s.bodylen + 1);
	write_msg(file, &m, 0);
	reassemble(&sb);
	respond("+CMGS: %d", s.mr);
	final_ok();
}

static void
body_text(void)
{
	s.body[s.bodylen] = '\0';
	if (s.prompt == P_CMGW) {
		cms_error(303);
		return;
	}
	s.mr = (s.mr + 1) % 256;
	record_sent(s.prompt_da, s.body, 1);
	respond("+CMGS: %d", s.mr);
	final_ok();
}

void
sms_body_byte(char ch)
{
	if (ch == ESC) {
		s.prompt = P_NONE;
		if (abort_late_ms > 0)
			sleep_ms(abort_late_ms);	/* what follows waits */
		abort_late_ms = 0;
		final_ok();
		return;
	}
	if (sim_echo)
		put(&ch, 1);
	if (ch != CTRL_Z) {
		if (s.bodylen < sizeof(s.body) - 1 && (s.cmgf == 1 ||
		    (ch != '\r' && ch != '\n')))
			s.body[s.bodylen++] = ch;
		return;
	}
	if (s.cmgf == 0)
		body_pdu();
	else
		body_text();
	s.prompt = P_NONE;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Move arrivals into the receive storage while it has room. */
void
sms_poll(void)
{
	char dirpath[1024], file[1024], dst[1024], *names[64], buf[64];
	struct dirent *de;
	struct msg m;
	DIR *d;
	int n = 0, i, idx;

	if (s.ussd[0] != '\0') {	/* the network answers a USSD */
		urc("%s", s.ussd);
		s.ussd[0] = '\0';
	}
	/* registered for data alone: nothing reaches the modem; -I: not
	 * yet */
	if (s.dir == NULL || !sim_sms_service || sim_arrive_in != NULL)
		return;
	snprintf(dirpath, sizeof(dirpath), "%s/inbox", s.dir);
	if ((d = opendir(dirpath)) == NULL)
		return;
	while ((de = readdir(d)) != NULL && n < 64)
		if (de->d_name[0] != '.' && strstr(de->d_name, ".tmp") == NULL)
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		path(file, sizeof(file), "inbox", names[i]);
		if ((idx = free_slot(s.mem[2])) == -1) {
			if (!s.memfull_told)
				urc("^SMMEMFULL: \"%s\"", s.mem[2]);
			s.memfull_told = 1;
			break;
		}
		if (read_msg(file, &m, 0) == -1)
			continue;
		m.stat = 0;
		snprintf(buf, sizeof(buf), "%d", idx);
		path(dst, sizeof(dst), s.mem[2], buf);
		if (write_msg(dst, &m, 1) == 0)
			unlink(file);
		if (s.cnmi_mt == 1)
			urc("+CMTI: \"%s\",%d", s.mem[2], idx);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
}
