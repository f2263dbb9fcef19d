/*
 * ubx: u-blox's binary protocol; see ubx.h.  Each payload's layout is in
 * docs/ublox.md, with where it comes from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ubx.h"
#include "util.h"

/* The 8-bit Fletcher algorithm (RFC 1145), as u-blox's descriptions give it. */
void
ubx_checksum(const uint8_t *p, size_t n, uint8_t ck[2])
{
	unsigned int a = 0, b = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		a = (a + p[i]) & 0xFF;
		b = (b + a) & 0xFF;
	}
	ck[0] = (uint8_t)a;
	ck[1] = (uint8_t)b;
}

int
ubx_frame(int msg, const uint8_t *payload, size_t len, uint8_t *out,
    size_t size)
{
	if (len > 0xFFFF || size < len + UBX_OVERHEAD)
		return -1;
	out[0] = UBX_SYNC1;
	out[1] = UBX_SYNC2;
	out[2] = (uint8_t)(msg >> 8);
	out[3] = (uint8_t)msg;
	ubx_put2(out + 4, (uint16_t)len);
	if (len > 0)
		memmove(out + 6, payload, len);
	ubx_checksum(out + 2, len + 4, out + 6 + len);
	return (int)(len + UBX_OVERHEAD);
}

int
ubx_hex(const char *text, uint8_t *out, size_t size)
{
	size_t n = 0;
	int hi, lo;

	while (*text != '\0') {
		if (*text == ',' || *text == ' ' || *text == '\t') {
			text++;
			continue;
		}
		if ((hi = hex_digit(text[0])) == -1 ||
		    (lo = hex_digit(text[1])) == -1 || n == size)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | lo);
		text += 2;
	}
	return (int)n;
}

/* --- the reader --- */

void
ubx_reader_init(struct ubx_reader *r)
{
	r->len = 0;
}

/* A whole frame in r: its event, and *m if its checksum holds. */
static enum ubx_event
finish(struct ubx_reader *r, struct ubx_msg *m)
{
	size_t plen = r->len - UBX_OVERHEAD;
	uint8_t ck[2];

	r->len = 0;
	ubx_checksum(r->buf + 2, plen + 4, ck);
	if (ck[0] != r->buf[6 + plen] || ck[1] != r->buf[7 + plen])
		return UBX_BADSUM;
	m->msg = UBX_MSG(r->buf[2], r->buf[3]);
	m->payload = r->buf + 6;
	m->len = plen;
	return UBX_FRAME;
}

size_t
ubx_feed(struct ubx_reader *r, const uint8_t *buf, size_t len,
    enum ubx_event *ev, struct ubx_msg *m)
{
	size_t i, plen;
	uint8_t c;

	*ev = UBX_NONE;
	memset(m, 0, sizeof(*m));
	for (i = 0; i < len; i++) {
		c = buf[i];
		if (r->len == 0) {
			if (c == UBX_SYNC1)
				r->buf[r->len++] = c;
			continue;
		}
		if (r->len == 1 && c != UBX_SYNC2) {
			/* a second 0xB5 may be the start */
			r->len = c == UBX_SYNC1;
			continue;
		}
		r->buf[r->len++] = c;
		if (r->len < 6)
			continue;
		plen = ubx_u2(r->buf + 4);
		if (r->len == 6 && plen > UBX_PAYLOAD_MAX) {
			r->len = 0;
			*ev = UBX_TOOLONG;
			return i + 1;
		}
		if (r->len == plen + UBX_OVERHEAD) {
			*ev = finish(r, m);
			return i + 1;
		}
	}
	return len;
}

/* --- fields --- */

uint16_t
ubx_u2(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t
ubx_u4(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

void
ubx_put2(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void
ubx_put4(uint8_t *p, uint32_t v)
{
	ubx_put2(p, (uint16_t)v);
	ubx_put2(p + 2, (uint16_t)(v >> 16));
}

int
ubx_ack_of(const struct ubx_msg *m)
{
	if ((m->msg != UBX_ACK_ACK && m->msg != UBX_ACK_NAK) || m->len != 2)
		return -1;
	return UBX_MSG(m->payload[0], m->payload[1]);
}

/* A NUL-padded string field of n bytes into out (n + 1). */
static void
field(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n && p[i] != '\0'; i++)
		out[i] = (char)p[i];
	out[i] = '\0';
}

/* "22.00" -> 2200, "18" -> 1800: -1 if not a version. */
static int
protver(const char *s)
{
	char *end;
	long whole, frac = 0;

	whole = strtol(s, &end, 10);
	if (end == s || whole < 0 || whole > 99)
		return -1;
	if (*end == '.' && end[1] >= '0' && end[1] <= '9') {
		frac = (end[1] - '0') * 10;
		if (end[2] >= '0' && end[2] <= '9')
			frac += end[2] - '0';
	}
	return (int)(whole * 100 + frac);
}

/* One MON-VER extension, "KEY=value", into v. */
static void
extension(const char *x, struct ubx_version *v)
{
	/* protver 17 and earlier say "PROTVER 14.00" (gpsd's driver_ubx.c) */
	if (strncmp(x, "PROTVER", 7) == 0 && (x[7] == '=' || x[7] == ' '))
		v->protver = protver(x + 8) > 0 ? protver(x + 8) : 0;
	else if (strncmp(x, "FWVER=", 6) == 0)
		snprintf(v->fw, sizeof(v->fw), "%s", x + 6);
	else if (strncmp(x, "MOD=", 4) == 0)
		snprintf(v->mod, sizeof(v->mod), "%s", x + 4);
}

int
ubx_parse_version(const struct ubx_msg *m, struct ubx_version *v)
{
	char x[31] = { 0 };	/* whole: the analyser cannot see field() end it */
	size_t off;

	memset(v, 0, sizeof(*v));
	if (m->msg != UBX_MON_VER || m->len < 40)
		return -1;
	field(m->payload, 30, v->sw);
	field(m->payload + 30, 10, v->hw);
	for (off = 40; off + 30 <= m->len; off += 30) {
		field(m->payload + off, 30, x);
		extension(x, v);
	}
	return 0;
}

int
ubx_is_timing(const struct ubx_version *v)
{
	size_t n;

	if (strncmp(v->fw, "TIM ", 4) == 0)
		return 1;
	if (strlen(v->mod) <= 4)
		return 0;
	/* "LEA-M8T-0", "ZED-F9T": the model's letter after the family */
	n = 4 + strcspn(v->mod + 4, "-");
	return v->mod[n - 1] == 'T';
}

int
ubx_parse_port(const struct ubx_msg *m, struct ubx_port *pt)
{
	const uint8_t *p = m->payload;

	if (m->msg != UBX_CFG_PRT || m->len != UBX_PRT_LEN)
		return -1;
	pt->port = p[0];
	pt->mode = ubx_u4(p + 4);
	pt->baud = ubx_u4(p + 8);
	pt->in = ubx_u2(p + 12);
	pt->out = ubx_u2(p + 14);
	return 0;
}

void
ubx_port_payload(const struct ubx_port *pt, uint8_t p[UBX_PRT_LEN])
{
	memset(p, 0, UBX_PRT_LEN);
	p[0] = (uint8_t)pt->port;
	ubx_put4(p + 4, pt->mode);
	ubx_put4(p + 8, pt->baud);
	ubx_put2(p + 12, pt->in);
	ubx_put2(p + 14, pt->out);
}

void
ubx_msg_payload(int msg, int rate, uint8_t p[UBX_MSG_LEN])
{
	p[0] = (uint8_t)(msg >> 8);
	p[1] = (uint8_t)msg;
	p[2] = (uint8_t)rate;
}

void
ubx_rate_payload(int ms, uint8_t p[UBX_RATE_LEN])
{
	ubx_put2(p, (uint16_t)ms);
	ubx_put2(p + 2, 1);	/* a solution each measurement */
	ubx_put2(p + 4, 1);	/* aligned to GPS time */
}

int
ubx_parse_tp5(const struct ubx_msg *m, struct ubx_tp5 *t)
{
	const uint8_t *p = m->payload;

	if (m->msg != UBX_CFG_TP5 || m->len < UBX_TP5_LEN || p[0] != 0)
		return -1;
	t->cable_ns = (int16_t)ubx_u2(p + 4);
	t->period_us = ubx_u4(p + 12);
	t->len_unlocked_us = ubx_u4(p + 16);
	t->len_us = ubx_u4(p + 20);
	t->flags = ubx_u4(p + 28);
	return 0;
}

void
ubx_tp5_payload(const struct ubx_tp5 *t, uint8_t p[UBX_TP5_LEN])
{
	memset(p, 0, UBX_TP5_LEN);
	p[1] = 1;		/* the message's version, as an M8 reports */
	ubx_put2(p + 4, (uint16_t)t->cable_ns);
	ubx_put4(p + 8, t->period_us);
	ubx_put4(p + 12, t->period_us);
	ubx_put4(p + 16, t->len_unlocked_us);
	ubx_put4(p + 20, t->len_us);
	ubx_put4(p + 28, t->flags);
}

/*
 * ubxtool's SAVE: clear nothing, save and load every section (0x0F1F),
 * to BBR, flash, EEPROM and SPI flash, whichever the receiver has.
 */
void
ubx_save_payload(uint8_t p[UBX_CFG_LEN])
{
	memset(p, 0, UBX_CFG_LEN);
	ubx_put4(p + 4, 0x0F1F);
	ubx_put4(p + 8, 0x0F1F);
	p[12] = 0x17;
}

void
ubx_tmode2_payload(const struct ubx_tmode *t, uint8_t p[UBX_TMODE2_LEN])
{
	memset(p, 0, UBX_TMODE2_LEN);
	p[0] = (uint8_t)t->mode;
	p[2] = t->lla ? 1 : 0;		/* flags: bit 0, lla */
	ubx_put4(p + 4, (uint32_t)t->x);
	ubx_put4(p + 8, (uint32_t)t->y);
	ubx_put4(p + 12, (uint32_t)t->z);
	ubx_put4(p + 16, t->fixed_acc_mm);
	ubx_put4(p + 20, t->min_s);
	ubx_put4(p + 24, t->acc_limit_mm);
}

size_t
ubx_key_size(uint32_t key)
{
	static const size_t bytes[8] = { 0, 1, 1, 2, 4, 0, 0, 0 };

	return bytes[key >> 28 & 7];
}

int
ubx_valset_payload(int layers, const uint32_t *keys, const uint32_t *values,
    int n, uint8_t *p, size_t size)
{
	size_t off = 4, b;
	int i;

	if (n < 1 || n > 64 || size < 4)
		return -1;
	p[0] = 0;		/* version */
	p[1] = (uint8_t)layers;
	p[2] = p[3] = 0;
	for (i = 0; i < n; i++) {
		if ((b = ubx_key_size(keys[i])) == 0 || off + 4 + b > size)
			return -1;
		ubx_put4(p + off, keys[i]);
		off += 4;
		if (b == 1)
			p[off] = (uint8_t)values[i];
		else if (b == 2)
			ubx_put2(p + off, (uint16_t)values[i]);
		else
			ubx_put4(p + off, values[i]);
		off += b;
	}
	return (int)off;
}

int
ubx_valget_payload(const uint32_t *keys, int n, uint8_t *p, size_t size)
{
	int i;

	if (n < 1 || n > 64 || size < 4 + 4 * (size_t)n)
		return -1;
	memset(p, 0, 4);	/* version 0, RAM, from position 0 */
	for (i = 0; i < n; i++)
		ubx_put4(p + 4 + 4 * i, keys[i]);
	return 4 + 4 * n;
}

int
ubx_parse_valget(const struct ubx_msg *m, uint32_t *keys, uint32_t *values,
    int max)
{
	size_t off = 4, b;
	int n = 0;

	if (m->msg != UBX_CFG_VALGET || m->len < 4 || m->payload[0] != 1)
		return -1;
	while (off < m->len && n < max) {
		if (off + 4 > m->len)
			return -1;
		keys[n] = ubx_u4(m->payload + off);
		off += 4;
		if ((b = ubx_key_size(keys[n])) == 0 || off + b > m->len)
			return -1;
		values[n] = b == 1 ? m->payload[off] : b == 2 ?
		    ubx_u2(m->payload + off) : ubx_u4(m->payload + off);
		off += b;
		n++;
	}
	return n;
}

uint32_t
ubx_nmea_key(int field)
{
	/* by PMTK314's fields: GLL RMC VTG GGA GSA GSV, ..., ZDA at 17 */
	static const uint32_t k[] = { 0x209100CA, 0x209100AC, 0x209100B1,
	    0x209100BB, 0x209100C0, 0x209100C5 };

	if (field >= 0 && field < (int)(sizeof(k) / sizeof(k[0])))
		return k[field];
	return field == 17 ? 0x209100D9 : 0;
}

uint32_t
ubx_proto_key(int port, int out, int proto)
{
	/* CFG-UART1INPROT 0x1073, -OUTPROT 0x1074; UART2 0x1075/6, USB 7/8 */
	static const uint32_t group[] = { 0, 0x10730000, 0x10750000,
	    0x10770000 };
	uint32_t bit = proto == UBX_PROTO_UBX ? 1 : proto == UBX_PROTO_NMEA ?
	    2 : 0;

	if (port < UBX_PORT_UART1 || port > UBX_PORT_USB || bit == 0)
		return 0;
	return group[port] + (out ? 0x10000 : 0) + bit;
}

uint32_t
ubx_baud_key(int port)
{
	return port == UBX_PORT_UART1 ? 0x40520001 :
	    port == UBX_PORT_UART2 ? 0x40530001 : 0;
}

uint32_t
ubx_msgout_key(uint32_t uart1_key, int port)
{
	if (uart1_key == 0 || port < UBX_PORT_UART1 || port > UBX_PORT_USB)
		return 0;
	return uart1_key + (uint32_t)(port - UBX_PORT_UART1);
}

static uint32_t
isqrt(uint32_t v)
{
	uint32_t r = 0, bit = 1u << 30;

	while (bit > v)
		bit >>= 2;
	for (; bit != 0; bit >>= 2)
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else
			r >>= 1;
	return r;
}

int
ubx_parse_svin(const struct ubx_msg *m, struct ubx_svin *s)
{
	const uint8_t *p = m->payload;

	if (m->msg != UBX_TIM_SVIN || m->len < 28)
		return -1;
	s->dur_s = ubx_u4(p);
	s->acc_mm = isqrt(ubx_u4(p + 16));
	s->obs = ubx_u4(p + 20);
	s->valid = p[24] != 0;
	s->active = p[25] != 0;
	return 0;
}

int
ubx_parse_pvt(const struct ubx_msg *m, struct ubx_pvt *v)
{
	const uint8_t *p = m->payload;

	if (m->msg != UBX_NAV_PVT || m->len < 92)
		return -1;
	v->year = ubx_u2(p + 4);
	v->month = p[6];
	v->day = p[7];
	v->hour = p[8];
	v->minute = p[9];
	v->second = p[10];
	v->valid = p[11];
	v->tacc_ns = ubx_u4(p + 12);
	v->fix = p[20];
	v->fix_ok = p[21] & 1;
	v->satellites = p[23];
	v->lon = (int32_t)ubx_u4(p + 24) / 1e7;
	v->lat = (int32_t)ubx_u4(p + 28) / 1e7;
	return 0;
}

static const struct {
	int		 msg;
	const char	*name;
} names[] = {
	{ UBX_NAV_PVT, "NAV-PVT" }, { UBX_NAV_TIMEUTC, "NAV-TIMEUTC" },
	{ UBX_ACK_NAK, "ACK-NAK" }, { UBX_ACK_ACK, "ACK-ACK" },
	{ UBX_CFG_PRT, "CFG-PRT" }, { UBX_CFG_MSG, "CFG-MSG" },
	{ UBX_CFG_RST, "CFG-RST" }, { UBX_CFG_RATE, "CFG-RATE" },
	{ UBX_CFG_CFG, "CFG-CFG" }, { UBX_CFG_TP5, "CFG-TP5" },
	{ UBX_CFG_TMODE2, "CFG-TMODE2" }, { UBX_CFG_VALSET, "CFG-VALSET" },
	{ UBX_CFG_VALGET, "CFG-VALGET" }, { UBX_MON_VER, "MON-VER" },
	{ UBX_TIM_TP, "TIM-TP" }, { UBX_TIM_SVIN, "TIM-SVIN" },
};

const char *
ubx_name(int msg, char buf[8])
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].msg == msg)
			return names[i].name;
	snprintf(buf, 8, "%02X-%02X", (unsigned)(msg >> 8) & 0xFF,
	    (unsigned)msg & 0xFF);
	return buf;
}
