/*
 * netdial: the answers of modems dialled by AT for their own USB network
 * interface.  The shapes, and what each field means:
 *
 * Huawei ^NDISSTAT: <stat>,[<err>],[<wx_state>],<PDP_type>, unsolicited,
 * and ^NDISSTATQRY: the same, an IPv4 and an IPv6 group on one line or
 * two, <PDP_type> quoted or not, a lone "^NDISSTATQry:1" on old firmware
 * (ModemManager, src/plugins/huawei/mm-modem-helpers-huawei.c,
 * mm_huawei_parse_ndisstatqry_response, and its tests); newer multi-PDN
 * builds put a <cid> first (the Balong chipset's AT table, AT_CMD_
 * NDISSTATQRY).  <stat> 0 down, 1 up, 2 connecting, 3 disconnecting;
 * <err> a 3GPP TS 24.008 10.5.6.6 SM cause, given only when the dial
 * failed (Balong, ^NDISSTAT's URC entry).
 *
 * Qualcomm $QCRMCALL: <instance>,<call_type>: one line a family that is
 * up ("V4", "V6"; Quectel's example shows "4"), none when no call
 * (Quectel EC2x AT manual 10.17; SIMCom's "Linux NDIS dial-up flow").
 *
 * Quectel +QNETDEVSTATUS: <on_off>[,<state>[,<IP_type>[,<instance>]]]:
 * <state> 0 disconnected, 1 the call is ready for the host's DHCP, 2 the
 * host has its address; the fields after <on_off> only while a call
 * exists; <IP_type> 4 or 6 (Quectel EC2x AT manual 10.18).
 *
 * +CGCONTRDP: <cid>,<bearer_id>,<APN>[,<local_addr and subnet_mask>[,
 * <gw_addr>[,<DNS_prim_addr>[,<DNS_sec_addr>[,...]]]]] (3GPP TS 27.007
 * 10.1.23); before 27.007 v9.4.0 the mask was a field of its own
 * (ModemManager, src/mm-modem-helpers.c, mm_3gpp_parse_cgcontrdp_
 * response).  Addresses "a1.a2.a3.a4.m1.m2.m3.m4" for IPv4, 16 or 32
 * dotted octets for IPv6, or IPv6 in colons; quoted or not (Quectel
 * RG501Q sends them bare); gateway and mask may be left out.
 *
 * 3GPP TS 27.007's own: +CGACT: <cid>,<state> a line a context (AT+
 * CGACT?, 10.1.10); +CGEV: the packet domain's events once AT+CGEREP=2,1
 * asked (10.1.19), "NW PDN DEACT <cid>", "ME PDN ACT <cid>[,<reason>
 * [,<cid_other>]]", "NW DEACT <PDP_type>,<PDP_addr>[,<cid>]" (or, for a
 * secondary context, "NW DEACT <p_cid>,<cid>,<event_type>"), "NW
 * DETACH" and the others (ModemManager, src/mm-modem-helpers.c, mm_3gpp_
 * parse_cgev_indication_* and mm_3gpp_parse_cgact_read_response, and
 * their tests).  A failed activation's +CME ERROR: carries the SM cause
 * as 27.007 9.2 numbers it (ModemManager's MMMobileEquipmentError: 126
 * to 134 are 100 + causes 26 to 34, 149 "PDP authentication failure").
 *
 * Huawei ^DHCP: <clip>,<netmask>,<gate>,<dhcp>,<pDNS>,<sDNS>,<max_rx>,
 * <max_tx>, each address hexadecimal with its least significant byte
 * first, leading zeros sometimes dropped, "0x" sometimes before
 * (ModemManager, mm-modem-helpers-huawei.c, mm_huawei_parse_dhcp_
 * response; Balong, AT_CMD_DHCP).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "netdial.h"
#include "util.h"

#define LINE_MAX_	512
#define FIELDS_MAX	24

struct fields {
	char	 buf[LINE_MAX_];
	char	*f[FIELDS_MAX];
	int	 n;
};

/*
 * The fields after prefix (letters in any case) and blanks: split at
 * commas outside quotes, quotes taken off, blanks around a field dropped.
 * 0 when the line does not start with prefix, -1 when it is too long,
 * has too many fields, or leaves a quote open.
 */
static int
split(const char *line, const char *prefix, struct fields *fs)
{
	size_t plen = strlen(prefix), len;
	char *p, *w, *start;
	int quoted = 0;

	if (strncasecmp(line, prefix, plen) != 0)
		return 0;
	line += plen;
	if ((len = strlen(line)) >= sizeof(fs->buf))
		return -1;
	memcpy(fs->buf, line, len + 1);
	fs->n = 0;
	for (p = w = start = fs->buf;; p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (*p != '\0' && (quoted || *p != ',')) {
			*w++ = *p;
			continue;
		}
		if (quoted || fs->n == FIELDS_MAX)
			return -1;
		fs->f[fs->n++] = start;
		if (*p == '\0') {
			*w = '\0';
			break;
		}
		/* w is p or behind it: the comma is read before it goes */
		*w++ = '\0';
		start = w;
	}
	for (int i = 0; i < fs->n; i++) {
		char *s = fs->f[i] + strspn(fs->f[i], " \t");
		char *e = s + strlen(s);

		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		fs->f[i] = s;
	}
	return 1;
}

/* A field's number in [min, max]; -1 if it is not one. */
static int
field_num(const char *s, int min, int max)
{
	const char *errstr;
	long long v;

	if (*s == '\0')
		return -1;
	v = str_to_num(s, min, max, &errstr);
	return errstr != NULL ? -1 : (int)v;
}

void
dial_state_init(struct dial_state *st)
{
	st->v4 = st->v6 = -1;
	st->cause = 0;
}

int
dial_up(const struct dial_state *st)
{
	return st->v4 == 1 || st->v6 == 1;
}

/* 4 for "IPV4", 6 for "IPV6" (any case), 0 otherwise. */
static int
ip_family(const char *s)
{
	if (strcasecmp(s, "IPV4") == 0 || strcasecmp(s, "V4") == 0 ||
	    strcmp(s, "4") == 0)
		return 4;
	if (strcasecmp(s, "IPV6") == 0 || strcasecmp(s, "V6") == 0 ||
	    strcmp(s, "6") == 0)
		return 6;
	return 0;
}

static void
set_family(struct dial_state *st, int family, int up)
{
	if (family == 6)
		st->v6 = up;
	else
		st->v4 = up;
}

/* One <stat>,[<err>],[<wx_state>],<PDP_type> group into *st. */
static int
ndis_group(char **f, struct dial_state *st)
{
	int stat, err = 0, family;

	if ((stat = field_num(f[0], 0, 3)) < 0)
		return -1;
	if (*f[1] != '\0' && (err = field_num(f[1], 0, 255)) < 0)
		return -1;
	/* "Ethernet" and what else a build may name: not ours to judge */
	if ((family = ip_family(f[3])) == 0)
		return 0;
	set_family(st, family, stat == 1);
	if (stat != 1 && err != 0)
		st->cause = err;
	return 0;
}

int
dial_ndisstat(const char *line, struct dial_state *st)
{
	struct fields fs;
	struct dial_state new = *st;
	int r, first, stat;

	if ((r = split(line, "^NDISSTATQRY:", &fs)) == 0)
		r = split(line, "^NDISSTAT:", &fs);
	if (r <= 0)
		return r;
	if (fs.n == 1) {
		/* old firmware: connected or not, taken as IPv4 */
		if ((stat = field_num(fs.f[0], 0, 3)) < 0)
			return -1;
		st->v4 = stat == 1;
		return 1;
	}
	/* groups of four, after a <cid> on multi-PDN builds */
	first = fs.n % 4 == 1 ? 1 : 0;
	if (fs.n < 4 || (fs.n - first) % 4 != 0)
		return -1;
	if (first == 1 && field_num(fs.f[0], 0, 31) < 0)
		return -1;
	for (int i = first; i < fs.n; i += 4)
		if (ndis_group(fs.f + i, &new) < 0)
			return -1;
	*st = new;
	return 1;
}

int
dial_qcrmcall(const char *line, struct dial_state *st)
{
	struct fields fs;
	int r, family;

	if ((r = split(line, "$QCRMCALL:", &fs)) <= 0)
		return r;
	if (fs.n != 2 || field_num(fs.f[0], 0, 255) < 0 ||
	    (family = ip_family(fs.f[1])) == 0)
		return -1;
	set_family(st, family, 1);
	return 1;
}

int
dial_qnetdev(const char *line, struct dial_state *st)
{
	struct fields fs;
	int r, state, family = 4;

	if ((r = split(line, "+QNETDEVSTATUS:", &fs)) <= 0)
		return r;
	if (fs.n > 4 || field_num(fs.f[0], 0, 1) < 0)
		return -1;
	if (fs.n == 1) {
		/* no call */
		st->v4 = st->v6 = 0;
		return 1;
	}
	if ((state = field_num(fs.f[1], 0, 2)) < 0)
		return -1;
	if (fs.n >= 3 && (family = ip_family(fs.f[2])) == 0)
		return -1;
	/* 1: the modem has its address and waits for the host's DHCP */
	set_family(st, family, state >= 1);
	return 1;
}

int
dial_cgact(const char *line, struct dial_state *st)
{
	struct fields fs;
	int r, cid, state;

	if ((r = split(line, "+CGACT:", &fs)) <= 0)
		return r;
	if (fs.n != 2 || (cid = field_num(fs.f[0], 0, 255)) < 0 ||
	    (state = field_num(fs.f[1], 0, 1)) < 0)
		return -1;
	/* the context's type is the dial row's "IP" */
	if (cid == DIAL_CID)
		st->v4 = state;
	return 1;
}

/* An event's name, then its fields, and where its <cid> is (-1 none). */
static const struct {
	const char	*name;
	int		 up;
	int		 cid;
} cgev_events[] = {
	{ "NW DETACH", 0, -1 }, { "ME DETACH", 0, -1 },
	{ "NW PDN ACT", 1, 0 }, { "ME PDN ACT", 1, 0 },
	{ "NW PDN DEACT", 0, 0 }, { "ME PDN DEACT", 0, 0 },
	{ "NW DEACT", 0, 2 }, { "ME DEACT", 0, 2 },
};

int
dial_cgev(const char *line, struct dial_state *st)
{
	struct fields fs;
	const char *rest;
	size_t len;
	int cid = DIAL_CID;

	if (strncasecmp(line, "+CGEV:", 6) != 0)
		return 0;
	line += 6 + strspn(line + 6, " ");
	for (size_t i = 0; i < sizeof(cgev_events) / sizeof(cgev_events[0]);
	    i++) {
		len = strlen(cgev_events[i].name);
		if (strncasecmp(line, cgev_events[i].name, len) != 0 ||
		    (line[len] != ' ' && line[len] != '\0'))
			continue;
		rest = line + len;
		if (split(rest, "", &fs) < 0)
			return -1;
		if (cgev_events[i].cid == 2 && fs.n >= 1 &&
		    isdigit((unsigned char)*fs.f[0]))
			return 1;	/* a secondary context's */
		if (cgev_events[i].cid >= 0 && fs.n > cgev_events[i].cid &&
		    (cid = field_num(fs.f[cgev_events[i].cid], 0, 255)) < 0)
			return -1;
		if (cid == DIAL_CID)
			st->v4 = cgev_events[i].up;
		return 1;
	}
	return 1;	/* an event that is not the call's */
}

int
dial_cme_cause(int errnum)
{
	if (errnum >= 126 && errnum <= 134)
		return errnum - 100;
	return errnum == 149 ? 29 : 0;
}

/*
 * The session-management causes a dial meets, 3GPP TS 24.008 10.5.6.6,
 * in ModemManager's words (include/ModemManager-enums.h, MMNetworkError).
 * Final: the cause names the APN, its credentials or the subscription,
 * so the same dial gets the same answer until the owner changes
 * something; the others (resources, the gateway, a type) may pass.
 */
static const struct {
	int		 cause;
	int		 final;
	const char	*text;
} causes[] = {
	{ 26, 0, "insufficient resources" },
	{ 27, 1, "missing or unknown APN" },
	{ 28, 0, "unknown PDP address or PDP type" },
	{ 29, 1, "user authentication failed" },
	{ 30, 0, "activation rejected by GGSN, Serving GW or PDN GW" },
	{ 32, 1, "service option not supported" },
	{ 33, 1, "requested service option not subscribed" },
	{ 34, 0, "service option temporarily out of order" },
	{ 35, 1, "requested service option not authorized" },
	{ 50, 0, "PDP type IPv4 only allowed" },
	{ 51, 0, "PDP type IPv6 only allowed" },
	{ 65, 0, "maximum number of PDP contexts reached" },
	{ 66, 0, "requested APN not supported in current RAT and PLMN" },
};

const char *
dial_cause_text(int cause)
{
	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (causes[i].cause == cause)
			return causes[i].text;
	return NULL;
}

int
dial_cause_final(int cause)
{
	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (causes[i].cause == cause)
			return causes[i].final;
	return 0;
}

/* Dotted decimal octets into b: how many (at most max), -1 if not. */
static int
octets(const char *s, unsigned char *b, int max)
{
	int n = 0, v, digits;

	for (;;) {
		for (v = 0, digits = 0; isdigit((unsigned char)*s); s++) {
			v = v * 10 + (*s - '0');
			if (++digits > 3 || v > 255)
				return -1;
		}
		if (digits == 0 || n == max)
			return -1;
		b[n++] = (unsigned char)v;
		if (*s == '\0')
			return n;
		if (*s++ != '.')
			return -1;
	}
}

/* The length of the run of ones a mask of n bytes is; -1 if not one. */
static int
mask_prefix(const unsigned char *m, int n)
{
	int bits = 0, i = 0;

	for (; i < n && m[i] == 0xff; i++)
		bits += 8;
	if (i < n) {
		unsigned char rest = m[i++];

		while (rest & 0x80) {
			bits++;
			rest = (unsigned char)(rest << 1);
		}
		if (rest != 0)
			return -1;
	}
	for (; i < n; i++)
		if (m[i] != 0)
			return -1;
	return bits;
}

static int
all_zero(const unsigned char *b, int n)
{
	for (int i = 0; i < n; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

/*
 * An address of n bytes (4 or 16) as text; "" for all zeros, which
 * modems send for "none".
 */
static void
addr_text(const unsigned char *b, int n, char out[DIAL_ADDR_MAX])
{
	out[0] = '\0';
	if (!all_zero(b, n))
		inet_ntop(n == 4 ? AF_INET : AF_INET6, b, out, DIAL_ADDR_MAX);
}

/*
 * One address field, bare (4 or 16 octets, or IPv6 in colons), into out;
 * "" for an empty field.  With mask, an address and its mask (8 or 32
 * octets) are taken too, the prefix in *prefix.  -1 if malformed.
 */
static int
addr_field(const char *s, char out[DIAL_ADDR_MAX], int *prefix)
{
	unsigned char b[32];
	int n;

	out[0] = '\0';
	if (*s == '\0')
		return 0;
	if (strchr(s, ':') != NULL) {
		if (inet_pton(AF_INET6, s, b) != 1)
			return -1;
		addr_text(b, 16, out);
		return 0;
	}
	n = octets(s, b, 32);
	if (n == 4 || n == 16) {
		addr_text(b, n, out);
		return 0;
	}
	if (prefix == NULL || (n != 8 && n != 32) ||
	    (*prefix = mask_prefix(b + n / 2, n / 2)) < 0)
		return -1;
	addr_text(b, n / 2, out);
	return 0;
}

static void
addrs_init(struct dial_addrs *a, int cid)
{
	memset(a, 0, sizeof(*a));
	a->cid = cid;
	a->prefix = -1;
}

/* Before 27.007 v9.4.0: the mask a field of its own after the address. */
static int
old_mask(const struct fields *fs, int *prefix)
{
	unsigned char b[4];

	if (fs->n < 5 || strchr(fs->f[3], ':') != NULL ||
	    octets(fs->f[3], b, 4) != 4 || octets(fs->f[4], b, 4) != 4 ||
	    b[0] != 0xff)
		return 0;
	return (*prefix = mask_prefix(b, 4)) >= 0;
}

int
dial_cgcontrdp(const char *line, struct dial_addrs *out)
{
	struct fields fs;
	struct dial_addrs a;
	int r, cid, at;

	if ((r = split(line, "+CGCONTRDP:", &fs)) <= 0)
		return r;
	if (fs.n < 3 || (cid = field_num(fs.f[0], 0, 255)) < 0 ||
	    field_num(fs.f[1], 0, 255) < 0)
		return -1;
	addrs_init(&a, cid);
	if (fs.n > 3 && addr_field(fs.f[3], a.addr, &a.prefix) < 0)
		return -1;
	at = old_mask(&fs, &a.prefix) ? 5 : 4;
	if ((fs.n > at && addr_field(fs.f[at], a.gw, NULL) < 0) ||
	    (fs.n > at + 1 && addr_field(fs.f[at + 1], a.dns[0], NULL) < 0) ||
	    (fs.n > at + 2 && addr_field(fs.f[at + 2], a.dns[1], NULL) < 0))
		return -1;
	*out = a;
	return 1;
}

/* Huawei's hexadecimal address, least significant byte first, as text. */
static int
huawei_addr(const char *s, char out[DIAL_ADDR_MAX], int *prefix)
{
	unsigned char b[4];
	unsigned long v = 0;
	int digits = 0, h;

	if (strncasecmp(s, "0x", 2) == 0)
		s += 2;
	for (; *s != '\0'; s++) {
		if ((h = hex_digit(*s)) < 0 || ++digits > 8)
			return -1;
		v = v << 4 | (unsigned long)h;
	}
	if (digits == 0)
		return -1;
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	if (prefix != NULL)
		return (*prefix = mask_prefix(b, 4)) < 0 ? -1 : 0;
	addr_text(b, 4, out);
	return 0;
}

int
dial_huawei_dhcp(const char *line, struct dial_addrs *out)
{
	struct fields fs;
	struct dial_addrs a;
	int r;

	if ((r = split(line, "^DHCP:", &fs)) <= 0)
		return r;
	addrs_init(&a, -1);
	if (fs.n < 6 || huawei_addr(fs.f[0], a.addr, NULL) < 0 ||
	    huawei_addr(fs.f[1], NULL, &a.prefix) < 0 ||
	    huawei_addr(fs.f[2], a.gw, NULL) < 0 ||
	    huawei_addr(fs.f[4], a.dns[0], NULL) < 0 ||
	    huawei_addr(fs.f[5], a.dns[1], NULL) < 0 || a.addr[0] == '\0')
		return -1;
	*out = a;
	return 1;
}
