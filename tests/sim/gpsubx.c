/*
 * gpsubx: gpssim's u-blox half (-u): a LEA-M8T (TIM 1.10, protocol
 * 22.00) on UART1, written from u-blox's descriptions and recorded
 * receivers (docs/ublox.md), with its own UBX code, none of gpsctl's.
 *
 * It starts as an M8 leaves the factory: 9600 baud, UBX and NMEA in,
 * NMEA out (RMC VTG GGA GSA GSV GLL, talker GN), 1 Hz, the time pulse
 * 100 ms when locked with 50 ns of cable.  It answers polls of MON-VER,
 * CFG-PRT, -MSG, -RATE, -TP5, -TMODE2, NAV-PVT, TIM-TP and TIM-SVIN
 * (a CFG poll with the message and then ACK-ACK, as the M8T does), sets
 * those with ACK-ACK or ACK-NAK, NAKs the CFG messages protocol 22 lacks
 * (VALSET and VALGET), and answers a proprietary NMEA sentence it does not know
 * with "$GNTXT,01,01,01,PMTK inv format".  A CFG-PRT speed change takes
 * effect at once and its ACK-ACK comes 30 ms later at the new speed, as
 * on the real receiver, so a host still at the old one gets noise.
 * What is set lives in RAM: CFG-CFG saves it (and loads, and clears to
 * the factory's), a hardware CFG-RST (resetMode 0 or 4) reloads what was
 * saved.  A survey-in (CFG-TMODE2 mode 1) gains a second each epoch and
 * an accuracy of 30 m / its seconds, valid once both limits are met.
 * -N MSG ("06-31") answers that message's sets with ACK-NAK.
 *
 * With -U it is a ZED-F9T (TIM 2.01, protocol 29.00) instead: the same
 * settings also by configuration keys, CFG-VALGET (of RAM or the saved
 * layers) and CFG-VALSET (to RAM, and BBR or flash as saved), all of a
 * VALSET or none of it; CFG-TMODE2 is NAKed, as u-blox 9 has none.
 * With -S the host reaches it on its own USB port (portID 3, as a real
 * ZED-F9T answered CFG-PRT's poll over USB): what it sends is then the
 * USB keys' (CFG-USBINPROT, -USBOUTPROT, MSGOUT's _USB), and UART1's keys
 * set a port nobody reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gpssim.h"

/* What CFG-CFG saves and a hardware reset reloads. */
struct cfg {
	int		 baud, rate_ms;
	unsigned int	 mask;
	uint16_t	 in, out;
	int		 pvt, tp, svin;		/* UBX output rates */
	int16_t		 cable_ns;
	uint32_t	 period_us, len_us, len_unlocked_us, tp_flags;
	int		 tmode;
	uint32_t	 min_dur_s, acc_limit_mm;
	int		 lla;			/* fixed: its position */
	int32_t		 pos[3];
	uint32_t	 fixed_acc_mm;
	/* the other port's (UART1's when the host is on USB, -S) */
	int		 obaud;
	uint16_t	 oin, oout;
	unsigned int	 omask;
};

static const struct cfg factory = {
	.baud = 9600, .rate_ms = 1000,
	.mask = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) |
	    (1u << 5),
	.in = 0x07, .out = 0x03, .cable_ns = 50, .period_us = 1000000,
	.len_us = 100000, .len_unlocked_us = 0, .tp_flags = 0x77,
	.obaud = 9600, .oin = 0x07, .oout = 0x03,
	.omask = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) |
	    (1u << 5),
};

static struct {
	struct cfg	 ram, saved;
	uint8_t		 frame[1100];
	size_t		 flen;
	char		 line[128];
	size_t		 llen;
	int		 nak;		/* -N */
	int		 f9;		/* -U: a ZED-F9T, protocol 29 */
	int		 port;		/* the host's: 1 UART1, 3 USB (-S) */
	int		 saves;
	uint32_t	 svin_dur;
	int		 svin_valid;
} u;

/* The NMEA ids of class 0xF0 by PMTK314's field (gpssim's mask bits). */
static const int nmea_id[NSENT] = {
	0x01, 0x04, 0x05, 0x00, 0x02, 0x03, 0x06, 0x07, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, 0x08, -1
};

static void
put2(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put4(uint8_t *p, uint32_t v)
{
	put2(p, v & 0xFFFF);
	put2(p + 2, v >> 16);
}

static uint32_t
get4(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* A frame to the host, if the port sends UBX. */
static void
send(int cls, int id, const uint8_t *p, size_t len)
{
	uint8_t f[300];
	unsigned int a = 0, b = 0;
	size_t i;

	if (!(u.ram.out & 0x01) || len + 8 > sizeof(f))
		return;
	f[0] = 0xB5;
	f[1] = 0x62;
	f[2] = (uint8_t)cls;
	f[3] = (uint8_t)id;
	put2(f + 4, (unsigned int)len);
	memcpy(f + 6, p, len);
	for (i = 2; i < len + 6; i++) {
		a = (a + f[i]) & 0xFF;
		b = (b + a) & 0xFF;
	}
	f[len + 6] = (uint8_t)a;
	f[len + 7] = (uint8_t)b;
	sim_emit((const char *)f, len + 8);
}

static void
ack(int cls, int id, int good)
{
	uint8_t p[2] = { (uint8_t)cls, (uint8_t)id };

	send(0x05, good ? 0x01 : 0x00, p, 2);
}

/* RAM's settings into the receiver's running state. */
static void
take(const struct cfg *c)
{
	u.ram = *c;
	g.baud = c->baud;
	g.mask = c->mask;
	g.rate_ms = c->rate_ms;
	g.nmea_out = (c->out & 0x02) != 0;
}

/* ...and back: RAM as the receiver runs now. */
static struct cfg *
ram(void)
{
	u.ram.baud = g.baud;
	u.ram.mask = g.mask;
	u.ram.rate_ms = g.rate_ms;
	return &u.ram;
}

static void
mon_ver(void)
{
	static const char *const m8t[] = { "EXT CORE 3.01 (111141)",
	    "00080000", "ROM BASE 2.01 (75331)", "FWVER=TIM 1.10",
	    "PROTVER=22.00", "MOD=LEA-M8T-0", "FIS=0xEF4015 (100111)",
	    "GPS;GLO;GAL;BDS", "SBAS;IMES;QZSS", NULL };
	/* satpulse's f9t-tmode.jsonl */
	static const char *const f9t[] = { "EXT CORE 1.00 (71b20c)",
	    "00190000", "ROM BASE 0x118B2060", "FWVER=TIM 2.01",
	    "PROTVER=29.00", "MOD=ZED-F9T", "GPS;GLO;GAL;BDS", "SBAS;QZSS",
	    NULL };
	const char *const *s = u.f9 ? f9t : m8t;
	uint8_t p[250];
	size_t off = 0, i, w;

	memset(p, 0, sizeof(p));
	for (i = 0; s[i] != NULL; i++) {
		w = i == 1 ? 10 : 30;
		memcpy(p + off, s[i], strlen(s[i]));
		off += w;
	}
	send(0x0A, 0x04, p, off);
}

static void
prt_reply(void)
{
	uint8_t p[20];

	memset(p, 0, sizeof(p));
	p[0] = (uint8_t)u.port;
	if (u.port == 1) {
		put4(p + 4, 0x8C0);
		put4(p + 8, (uint32_t)g.baud);
	}
	put2(p + 12, u.ram.in);
	put2(p + 14, u.ram.out);
	send(0x06, 0x00, p, sizeof(p));
}

static int
cfg_prt(const uint8_t *p, size_t len)
{
	uint32_t mode, baud;

	if (len == 0 || (len == 1 && p[0] == u.port)) {
		prt_reply();
		return 1;
	}
	if (len != 20 || p[0] != 1 || u.port != 1)
		return 0;
	mode = get4(p + 4);
	baud = get4(p + 8);
	/* 8N1, with or without the A4's bit 4 */
	if ((mode & ~0x10u) != 0x8C0 || !sim_valid_baud((int)baud))
		return 0;
	u.ram.in = (uint16_t)(p[12] | p[13] << 8);
	u.ram.out = (uint16_t)(p[14] | p[15] << 8);
	g.nmea_out = (u.ram.out & 0x02) != 0;
	if ((int)baud != g.baud) {
		/* at once; the ACK at the new speed, 30 ms on (satpulse) */
		g.baud = (int)baud;
		usleep(30000);
	}
	return 1;
}

/* CFG-MSG's rate for a message on UART1, or -1 if not one it knows. */
static int *
rate_of(int cls, int id, int *nmea_bit)
{
	int i;

	*nmea_bit = -1;
	if (cls == 0x01 && id == 0x07)
		return &u.ram.pvt;
	if (cls == 0x0D && id == 0x01)
		return &u.ram.tp;
	if (cls == 0x0D && id == 0x04)
		return &u.ram.svin;
	for (i = 0; cls == 0xF0 && i < NSENT; i++)
		if (nmea_id[i] == id)
			*nmea_bit = i;
	return NULL;
}

static int
cfg_msg(const uint8_t *p, size_t len)
{
	uint8_t r[8];
	int *rate, bit, v;

	if (len != 2 && len != 3 && len != 8)
		return 0;
	rate = rate_of(p[0], p[1], &bit);
	if (rate == NULL && bit == -1)
		return 0;
	if (len == 2) {
		memset(r, 0, sizeof(r));
		r[0] = p[0];
		r[1] = p[1];
		r[3] = (uint8_t)(rate != NULL ? *rate :
		    (int)(g.mask >> bit & 1));
		send(0x06, 0x01, r, sizeof(r));
		return 1;
	}
	v = len == 3 ? p[2] : p[3];	/* this port, or UART1's of six */
	if (rate != NULL)
		*rate = v;
	else if (v > 0)
		g.mask |= 1u << bit;
	else
		g.mask &= ~(1u << bit);
	return 1;
}

static int
cfg_rate(const uint8_t *p, size_t len)
{
	uint8_t r[6];
	int ms;

	if (len == 0) {
		put2(r, (unsigned int)g.rate_ms);
		put2(r + 2, 1);
		put2(r + 4, 1);
		send(0x06, 0x08, r, sizeof(r));
		return 1;
	}
	ms = p[0] | p[1] << 8;
	if (len != 6 || ms < 50 || ms > 10000 || (p[2] | p[3] << 8) < 1 ||
	    (p[4] | p[5] << 8) > 4)
		return 0;
	g.rate_ms = ms;
	return 1;
}

static int
cfg_tp5(const uint8_t *p, size_t len)
{
	uint8_t r[32];
	struct cfg *c = &u.ram;

	if (len == 0 || (len == 1 && p[0] == 0)) {
		memset(r, 0, sizeof(r));
		r[1] = 1;
		put2(r + 4, (uint16_t)c->cable_ns);
		put4(r + 8, c->period_us);
		put4(r + 12, c->period_us);
		put4(r + 16, c->len_unlocked_us);
		put4(r + 20, c->len_us);
		put4(r + 28, c->tp_flags);
		send(0x06, 0x31, r, sizeof(r));
		return 1;
	}
	if (len != 32 || p[0] > 1)
		return 0;
	if (p[0] == 1)
		return 1;	/* TIMEPULSE2: not wired */
	c->cable_ns = (int16_t)(p[4] | p[5] << 8);
	c->period_us = get4(p + 12);
	c->len_unlocked_us = get4(p + 16);
	c->len_us = get4(p + 20);
	c->tp_flags = get4(p + 28);
	return c->period_us > 0 && c->len_us < c->period_us;
}

static int
cfg_tmode2(const uint8_t *p, size_t len)
{
	uint8_t r[28];

	if (len == 0) {
		memset(r, 0, sizeof(r));
		r[0] = (uint8_t)u.ram.tmode;
		put4(r + 20, u.ram.min_dur_s);
		put4(r + 24, u.ram.acc_limit_mm);
		send(0x06, 0x3D, r, sizeof(r));
		return 1;
	}
	if (len != 28 || p[0] > 2)
		return 0;
	u.ram.tmode = p[0];
	u.ram.lla = p[2] & 1;
	u.ram.pos[0] = (int32_t)get4(p + 4);
	u.ram.pos[1] = (int32_t)get4(p + 8);
	u.ram.pos[2] = (int32_t)get4(p + 12);
	u.ram.fixed_acc_mm = get4(p + 16);
	u.ram.min_dur_s = get4(p + 20);
	u.ram.acc_limit_mm = get4(p + 24);
	u.svin_dur = 0;
	u.svin_valid = p[0] == 2;
	return 1;
}

/* clear (to the factory's), save, load, in that order, as u-blox says */
static int
cfg_cfg(const uint8_t *p, size_t len)
{
	if (len != 12 && len != 13)
		return 0;
	if (get4(p) != 0)
		u.saved = factory;
	if (get4(p + 4) != 0) {
		u.saved = *ram();
		u.saves++;
	}
	if (get4(p + 8) != 0)
		take(&u.saved);
	return 1;
}

static void
banner(void)
{
	sim_sentence("GNTXT,01,01,02,u-blox AG - www.u-blox.com");
	sim_sentence("GNTXT,01,01,02,HW UBX-M8030 00080000");
	sim_sentence("GNTXT,01,01,02,FWVER=TIM 1.10");
	sim_sentence("GNTXT,01,01,02,PROTVER=22.00");
}

/* no ACK, as the receiver gives none (gpsd's ubx.py) */
static void
cfg_rst(const uint8_t *p, size_t len)
{
	if (len != 4)
		return;
	if (p[2] == 0 || p[2] == 4) {	/* hardware: RAM is lost */
		take(&u.saved);
		u.svin_dur = 0;
		u.svin_valid = u.ram.tmode == 2;
		if (g.nmea_out)
			banner();
	}
}

/* The payload of TIM-SVIN or NAV-PVT for now. */
static void
svin_payload(uint8_t r[28])
{
	uint32_t acc = u.svin_dur > 0 ? 30000 / u.svin_dur : 0xFFFF;

	memset(r, 0, 28);
	put4(r, u.svin_dur);
	put4(r + 16, acc * acc);
	put4(r + 20, u.svin_dur);
	r[24] = (uint8_t)u.svin_valid;
	r[25] = u.ram.tmode == 1 && !u.svin_valid;
}

static void
pvt_payload(uint8_t r[92])
{
	struct timespec ts;
	struct tm tm;
	int fix = g.nofix ? 0 : u.svin_valid ? 5 : 3;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	memset(r, 0, 92);
	put2(r + 4, (unsigned int)tm.tm_year + 1900);
	r[6] = (uint8_t)(tm.tm_mon + 1);
	r[7] = (uint8_t)tm.tm_mday;
	r[8] = (uint8_t)tm.tm_hour;
	r[9] = (uint8_t)tm.tm_min;
	r[10] = (uint8_t)tm.tm_sec;
	r[11] = g.nofix ? 0 : 0x37;
	put4(r + 12, g.nofix ? 0xFFFFFFFF : 20);
	r[20] = (uint8_t)fix;
	r[21] = !g.nofix;
	r[23] = g.nofix ? 0 : 8;
	put4(r + 24, 180686000);	/* 18.0686 E */
	put4(r + 28, 593293000);	/* 59.3293 N */
}

/*
 * TIM-TP (0x0D 0x01, 16 bytes): the time of the next pulse, sent before
 * it (u-blox M8 description; python-ubx's tim_tp.py gives the fields):
 * towMS, towSubMS (2^-32 ms), qErr (ps), week, flags, refInfo.  On the
 * UTC grid CFG-TP5 sets (tp_flags bit 7 clear) the time base is UTC:
 * flags bit 0, and bit 1 once UTC is known; without a fix, the GNSS
 * time base and qErr invalid (bit 4).  The sawtooth's quantization error
 * is made up: +-20 ns, a step of 1 ns a second.
 */
static void
tp_payload(uint8_t r[16])
{
	struct timespec ts;
	int64_t s;
	int utc = !(u.ram.tp_flags & 0x80) && !g.nofix;

	clock_gettime(CLOCK_REALTIME, &ts);
	/* the next second, from the GPS epoch (1980-01-06) */
	s = (int64_t)ts.tv_sec + 1 - 315964800;
	memset(r, 0, 16);
	put4(r, (uint32_t)(s % 604800) * 1000);
	put4(r + 8, (uint32_t)(int32_t)((s % 41) * 1000 - 20000));
	put2(r + 12, (unsigned int)(s / 604800));
	r[14] = (uint8_t)(utc ? 0x03 : g.nofix ? 0x10 : 0x00);
}

static int
poll_report(int cls, int id, size_t len)
{
	uint8_t r[92];

	if (len != 0)
		return 0;
	if (cls == 0x0D && id == 0x01) {
		tp_payload(r);
		send(cls, id, r, 16);
	} else if (cls == 0x0D && id == 0x04) {
		svin_payload(r);
		send(cls, id, r, 28);
	} else if (cls == 0x01 && id == 0x07) {
		pvt_payload(r);
		send(cls, id, r, 92);
	} else if (cls == 0x0A && id == 0x04)
		mon_ver();
	else
		return 0;
	return 1;
}

/*
 * The configuration keys of protocol 27 and later (-U), as u-blox's
 * ZED-F9 interface descriptions and gpsd's ubx.py give them, on the
 * settings the CFG messages set: UART1's speed and protocols, NMEA
 * output on UART1, the measurement rate, TIMEPULSE, the survey-in; and
 * USB's protocols and NMEA output (each message's MSGOUT keys run I2C,
 * UART1, UART2, USB, SPI: USB's is UART1's + 2).
 */
enum { K_BAUD, K_INUBX, K_INNMEA, K_OUTUBX, K_OUTNMEA, K_RATE, K_CABLE,
	K_PERIOD, K_PERIODLOCK, K_LEN, K_LENLOCK, K_FLAG, K_GRID, K_NMEA,
	K_MODE, K_MINDUR, K_ACC, K_POSTYPE, K_POS, K_FIXACC };
static const struct {
	uint32_t	 key;
	int		 what, arg;	/* arg: a bit, an NMEA field */
	int		 port;		/* 1 UART1, 3 USB; 0 none */
} keys[] = {
	{ 0x40520001, K_BAUD, 0, 1 }, { 0x10730001, K_INUBX, 0, 1 },
	{ 0x10730002, K_INNMEA, 0, 1 }, { 0x10740001, K_OUTUBX, 0, 1 },
	{ 0x10740002, K_OUTNMEA, 0, 1 }, { 0x30210001, K_RATE, 0, 0 },
	{ 0x30050001, K_CABLE, 0, 0 }, { 0x40050002, K_PERIOD, 0, 0 },
	{ 0x40050003, K_PERIODLOCK, 0, 0 }, { 0x40050004, K_LEN, 0, 0 },
	{ 0x40050005, K_LENLOCK, 0, 0 }, { 0x10050007, K_FLAG, 0, 0 },
	{ 0x10050008, K_FLAG, 1, 0 }, { 0x10050009, K_FLAG, 2, 0 },
	{ 0x1005000A, K_FLAG, 5, 0 }, { 0x1005000B, K_FLAG, 6, 0 },
	{ 0x20050023, K_FLAG, 3, 0 }, { 0x20050030, K_FLAG, 4, 0 },
	{ 0x2005000C, K_GRID, 0, 0 }, { 0x209100CA, K_NMEA, 0, 1 },
	{ 0x209100AC, K_NMEA, 1, 1 }, { 0x209100B1, K_NMEA, 2, 1 },
	{ 0x209100BB, K_NMEA, 3, 1 }, { 0x209100C0, K_NMEA, 4, 1 },
	{ 0x209100C5, K_NMEA, 5, 1 }, { 0x209100D9, K_NMEA, 17, 1 },
	{ 0x20030001, K_MODE, 0, 0 }, { 0x40030010, K_MINDUR, 0, 0 },
	{ 0x40030011, K_ACC, 0, 0 }, { 0x20030002, K_POSTYPE, 0, 0 },
	{ 0x40030009, K_POS, 0, 0 }, { 0x4003000A, K_POS, 1, 0 },
	{ 0x4003000B, K_POS, 2, 0 }, { 0x4003000F, K_FIXACC, 0, 0 },
	{ 0x10770001, K_INUBX, 0, 3 }, { 0x10770002, K_INNMEA, 0, 3 },
	{ 0x10780001, K_OUTUBX, 0, 3 }, { 0x10780002, K_OUTNMEA, 0, 3 },
	{ 0x209100CC, K_NMEA, 0, 3 }, { 0x209100AE, K_NMEA, 1, 3 },
	{ 0x209100B3, K_NMEA, 2, 3 }, { 0x209100BD, K_NMEA, 3, 3 },
	{ 0x209100C2, K_NMEA, 4, 3 }, { 0x209100C7, K_NMEA, 5, 3 },
	{ 0x209100DB, K_NMEA, 17, 3 },
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

static int
key_index(uint32_t key)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].key == key)
			return (int)i;
	return -1;
}

static size_t
key_size(uint32_t key)
{
	static const size_t b[8] = { 0, 1, 1, 2, 4, 0, 0, 0 };

	return b[key >> 28 & 7];
}

/* Is key k another port's than the host's? */
static int
other(int k)
{
	return keys[k].port != 0 && keys[k].port != u.port;
}

static uint32_t
key_get(const struct cfg *c, int k)
{
	int a = keys[k].arg, o = other(k);
	uint16_t in = o ? c->oin : c->in, out = o ? c->oout : c->out;

	switch (keys[k].what) {
	case K_BAUD: return (uint32_t)(o ? c->obaud : c->baud);
	case K_INUBX: return in & 1;
	case K_INNMEA: return in >> 1 & 1;
	case K_OUTUBX: return out & 1;
	case K_OUTNMEA: return out >> 1 & 1;
	case K_RATE: return (uint32_t)c->rate_ms;
	case K_CABLE: return (uint16_t)c->cable_ns;
	case K_PERIOD: case K_PERIODLOCK: return c->period_us;
	case K_LEN: return c->len_unlocked_us;
	case K_LENLOCK: return c->len_us;
	case K_FLAG: return c->tp_flags >> a & 1;
	case K_GRID: return c->tp_flags >> 7 & 0xF;
	case K_NMEA: return (o ? c->omask : c->mask) >> a & 1;
	case K_MODE: return (uint32_t)c->tmode;
	case K_MINDUR: return c->min_dur_s;
	case K_POSTYPE: return (uint32_t)c->lla;
	case K_POS: return (uint32_t)c->pos[a];
	case K_FIXACC: return c->fixed_acc_mm * 10;
	default: return c->acc_limit_mm * 10;	/* 0.1 mm */
	}
}

/* One key set in c: 0, or -1 for a value out of its range. */
static int
key_set(struct cfg *c, int k, uint32_t v)
{
	int a = keys[k].arg, o = other(k);

	switch (keys[k].what) {
	case K_BAUD:
		if (!sim_valid_baud((int)v))
			return -1;
		*(o ? &c->obaud : &c->baud) = (int)v;
		break;
	case K_INUBX: case K_INNMEA: case K_OUTUBX: case K_OUTNMEA: {
		uint16_t *m = keys[k].what <= K_INNMEA ? o ? &c->oin : &c->in :
		    o ? &c->oout : &c->out;
		uint16_t bit = keys[k].what == K_INUBX ||
		    keys[k].what == K_OUTUBX ? 1 : 2;

		*m = (uint16_t)(v ? *m | bit : *m & ~bit);
		break;
	}
	case K_RATE:
		if (v < 25 || v > 10000)
			return -1;
		c->rate_ms = (int)v;
		break;
	case K_CABLE: c->cable_ns = (int16_t)v; break;
	case K_PERIOD: case K_PERIODLOCK: c->period_us = v; break;
	case K_LEN: c->len_unlocked_us = v; break;
	case K_LENLOCK: c->len_us = v; break;
	case K_FLAG:
		c->tp_flags = v ? c->tp_flags | 1u << a : c->tp_flags &
		    ~(1u << a);
		break;
	case K_GRID:
		c->tp_flags = (c->tp_flags & ~0x780u) | (v & 0xF) << 7;
		break;
	case K_NMEA: {
		unsigned int *m = o ? &c->omask : &c->mask;

		*m = v ? *m | 1u << a : *m & ~(1u << a);
		break;
	}
	case K_MODE:
		if (v > 2)
			return -1;
		c->tmode = (int)v;
		break;
	case K_MINDUR: c->min_dur_s = v; break;
	case K_POSTYPE: c->lla = v == 1; break;
	case K_POS: c->pos[a] = (int32_t)v; break;
	case K_FIXACC: c->fixed_acc_mm = v / 10; break;
	default: c->acc_limit_mm = v / 10; break;
	}
	return 0;
}

/*
 * CFG-VALSET version 0: every key known and every value in range, or
 * nothing is set (u-blox: it NAKs and applies none).  RAM's speed
 * changes at once, the ACK 30 ms on at the new speed, as CFG-PRT's.
 */
static int
valset(const uint8_t *p, size_t len)
{
	struct cfg r = *ram(), b = u.saved;
	size_t off = 4, n;
	uint32_t key, v;
	int k, layers;

	if (len < 9 || p[0] != 0 || (layers = p[1] & 7) == 0)
		return 0;
	while (off < len) {
		if (off + 4 > len)
			return 0;
		key = get4(p + off);
		off += 4;
		if ((k = key_index(key)) == -1 || (n = key_size(key)) == 0 ||
		    off + n > len)
			return 0;
		v = n == 1 ? p[off] : n == 2 ? (uint32_t)(p[off] |
		    p[off + 1] << 8) : get4(p + off);
		off += n;
		if (((layers & 1) && key_set(&r, k, v) == -1) ||
		    ((layers & 6) && key_set(&b, k, v) == -1))
			return 0;
	}
	if (layers & 6) {
		u.saved = b;
		u.saves++;
	}
	if (layers & 1) {
		if (r.tmode != u.ram.tmode || r.min_dur_s != u.ram.min_dur_s ||
		    r.tmode == 2) {
			u.svin_dur = 0;
			u.svin_valid = r.tmode == 2;
		}
		if (r.baud != g.baud)
			usleep(30000);
		take(&r);
	}
	return 1;
}

/* CFG-VALGET version 0 of RAM or the saved layers: the reply, then ACK. */
static int
valget(const uint8_t *p, size_t len)
{
	uint8_t r[4 + 64 * 8];
	const struct cfg *c = p[1] == 0 ? ram() : &u.saved;
	size_t off = 4, i, n;
	uint32_t v;
	int k;

	if (len < 8 || (len - 4) % 4 != 0 || len > 4 + 64 * 4 || p[0] != 0 ||
	    (p[1] != 0 && p[1] != 1 && p[1] != 2))
		return 0;
	memset(r, 0, 4);
	r[0] = 1;
	r[1] = p[1];
	for (i = 4; i < len; i += 4) {
		if ((k = key_index(get4(p + i))) == -1)
			return 0;
		n = key_size(keys[k].key);
		put4(r + off, keys[k].key);
		off += 4;
		v = key_get(c, k);
		if (n == 1)
			r[off] = (uint8_t)v;
		else if (n == 2)
			put2(r + off, v);
		else
			put4(r + off, v);
		off += n;
	}
	send(0x06, 0x8B, r, off);
	return 1;
}

/* A CFG message: answered, each with ACK-ACK or ACK-NAK. */
static void
cfg(int id, const uint8_t *p, size_t len)
{
	int good;

	switch (id) {
	case 0x00: good = cfg_prt(p, len); break;
	case 0x01: good = cfg_msg(p, len); break;
	case 0x04: cfg_rst(p, len); return;
	case 0x08: good = cfg_rate(p, len); break;
	case 0x09: good = cfg_cfg(p, len); break;
	case 0x31: good = cfg_tp5(p, len); break;
	case 0x3D: good = !u.f9 && cfg_tmode2(p, len); break;
	case 0x8A: good = u.f9 && valset(p, len); break;
	case 0x8B: good = u.f9 && valget(p, len); break;
	default: good = 0; break;	/* not in protocol 22, nor 29 */
	}
	if (u.nak == (0x06 << 8 | id) && len > 2)
		good = 0;
	ack(0x06, id, good);
}

static void
frame(const uint8_t *f, size_t len)
{
	char line[2200];
	size_t i, n;

	n = (size_t)snprintf(line, sizeof(line), "UBX %02X-%02X", f[2], f[3]);
	for (i = 0; i < len && n + 4 < sizeof(line); i++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%02X",
		    i == 0 ? " " : "", f[6 + i]);
	sim_log(line);
	if (f[2] == 0x06)
		cfg(f[3], f + 6, len);
	else
		(void)poll_report(f[2], f[3], len);
	sim_save_state();
}

/* A byte of a UBX frame: a whole one checked and answered. */
static void
ubx_byte(uint8_t c)
{
	unsigned int a = 0, b = 0;
	size_t i, len;

	if (u.flen == 1 && c != 0x62) {
		u.flen = c == 0xB5;
		return;
	}
	u.frame[u.flen++] = c;
	if (u.flen < 6)
		return;
	len = (size_t)(u.frame[4] | u.frame[5] << 8);
	if (len + 8 > sizeof(u.frame)) {
		u.flen = 0;
		return;
	}
	if (u.flen < len + 8)
		return;
	u.flen = 0;
	for (i = 2; i < len + 6; i++) {
		a = (a + u.frame[i]) & 0xFF;
		b = (b + a) & 0xFF;
	}
	/* a bad checksum, or UBX not taken in on this port: ignored */
	if (u.frame[len + 6] == a && u.frame[len + 7] == b &&
	    (u.ram.in & 0x01))
		frame(u.frame, len);
}

/* A line of NMEA from the host: the proprietary ones it does not know. */
static void
nmea_line(const char *line)
{
	size_t n = strcspn(line + 1, ",*");

	sim_log(line);
	if ((u.ram.in & 0x02) && line[0] == '$' && line[1] == 'P' && n < 12)
		sim_sentence("GNTXT,01,01,01,%.*s inv format", (int)n,
		    line + 1);
}

void
ubx_input(const char *buf, size_t n)
{
	size_t i;
	uint8_t c;

	for (i = 0; i < n; i++) {
		c = (uint8_t)buf[i];
		if (u.flen > 0)
			ubx_byte(c);
		else if (c == 0xB5)
			u.frame[u.flen++] = c;
		else if (c == '\r' || c == '\n') {
			u.line[u.llen] = '\0';
			if (u.llen > 0)
				nmea_line(u.line);
			u.llen = 0;
		} else if (u.llen < sizeof(u.line) - 1)
			u.line[u.llen++] = (char)c;
	}
}

void
ubx_epoch(void)
{
	uint8_t r[92];

	if (u.ram.tmode == 1 && !u.svin_valid && !g.nofix) {
		u.svin_dur++;
		u.svin_valid = u.svin_dur >= u.ram.min_dur_s &&
		    30000 / u.svin_dur <= u.ram.acc_limit_mm;
	}
	if (u.ram.pvt) {
		pvt_payload(r);
		send(0x01, 0x07, r, 92);
	}
	if (u.ram.svin) {
		svin_payload(r);
		send(0x0D, 0x04, r, 28);
	}
	if (u.ram.tp) {
		tp_payload(r);
		send(0x0D, 0x01, r, 16);
	}
}

void
ubx_state(FILE *fp)
{
	const struct cfg *c = &u.ram;

	fprintf(fp, "in=0x%02X\nout=0x%02X\npvt=%d\nsvin=%d\ntimtp=%d\n"
	    "cable=%d\n"
	    "period=%u\npulse=%u\npulse_unlocked=%u\ntp_flags=0x%02X\n"
	    "tmode=%d\nsurvey=%u\nsurvey_valid=%d\nsaves=%d\nsaved_baud=%d\n"
	    "fixed=%s,%d,%d,%d,%u\n",
	    c->in, c->out, c->pvt, c->svin, c->tp, c->cable_ns, c->period_us,
	    c->len_us, c->len_unlocked_us, c->tp_flags, c->tmode, u.svin_dur,
	    u.svin_valid, u.saves, u.saved.baud, c->lla ? "lla" : "ecef",
	    c->pos[0], c->pos[1], c->pos[2], c->fixed_acc_mm);
}

/* -u: the factory's receiver, with -b's speed saved as if by its maker */
void
ubx_boot(const char *nak, int f9, int usb)
{
	struct cfg c = factory;

	u.f9 = f9;
	u.port = usb ? 3 : 1;
	c.baud = g.baud;
	u.saved = c;
	take(&c);
	g.talker = "GN";
	g.ublox = 1;
	if (nak != NULL)
		u.nak = (int)strtol(nak, NULL, 16) << 8 |
		    (int)strtol(nak + 3, NULL, 16);
}
