/*
 * ublox.c: gpsctl's verbs for a u-blox receiver, in UBX (ubx.h): every
 * setting read back first and set only where it differs, so that apply
 * at each boot changes nothing and writes no flash on a receiver set
 * already; each set awaited to its ACK-ACK or ACK-NAK.
 */
#include <err.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "gpsctl.h"
#include "port.h"
#include "serial.h"
#include "util.h"

#define SURVEY_POLL_MS	1000	/* TIM-SVIN asked this often */
/*
 * After a speed change is sent and drained, before the host switches:
 * the receiver must have the whole frame at the old speed (gpsd waits
 * 50 ms; a USB adapter's FIFO and a pty's reader want more).  Its ACK,
 * 15-30 ms after, is lost so; the port is asked again at the new speed.
 */
#define SWITCH_MS	100
#define KEYS_MAX	40	/* in one VALGET or VALSET of gpsctl's */

/* The NMEA ids of class 0xF0 by PMTK314's field; -1: none on a u-blox. */
static const int nmea_id[PMTK_FIELDS] = {
	0x01, 0x04, 0x05, 0x00, 0x02, 0x03, 0x06, 0x07, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, 0x08, -1
};

static void
send_frame(struct gps *gps, int msg, const uint8_t *p, size_t len)
{
	uint8_t f[UBX_OVERHEAD + 4 + 8 * KEYS_MAX];
	char name[8];
	int n;

	if ((n = ubx_frame(msg, p, len, f, sizeof(f))) < 0)
		errx(EX_SOFTWARE, "%s: frame too long", ubx_name(msg, name));
	if (port_verbose)
		warnx("%s: > %s (%zu bytes)", gps->dev, ubx_name(msg, name),
		    len);
	gps_write(gps, f, (size_t)n);
}

/* The next frame of msg before the deadline: 1 with *m, or 0. */
static int
await(struct gps *gps, int msg, int64_t deadline, struct ubx_msg *m)
{
	char body[NMEA_PROPRIETARY_MAX];

	while (gps_next(gps, deadline, body, sizeof(body), m) != GOT_NONE)
		if (m->msg == msg)
			return 1;
	return 0;
}

/* Send and await its ACK: 1 ACK-ACK, 0 ACK-NAK, -1 neither in time. */
static int
acked(struct gps *gps, int msg, const uint8_t *p, size_t len)
{
	char body[NMEA_PROPRIETARY_MAX];
	struct ubx_msg m;
	int64_t deadline;

	send_frame(gps, msg, p, len);
	deadline = mono_ms() + gps->timeout_s * 1000;
	while (gps_next(gps, deadline, body, sizeof(body), &m) != GOT_NONE)
		if (ubx_ack_of(&m) == msg)
			return m.msg == UBX_ACK_ACK;
	return -1;
}

/*
 * acked(), and exit unless done: a lost ACK is sent again (a set is a
 * state, so twice is harmless), up to ACK_TRIES times; a NAK is final.
 */
static void
must(struct gps *gps, int msg, const uint8_t *p, size_t len)
{
	char name[8];
	int r, try;

	for (try = 1; (r = acked(gps, msg, p, len)) == -1 && try < ACK_TRIES;
	    try++)
		if (port_verbose)
			warnx("%s: %s: no ACK, sending it again (%d/%d)",
			    gps->dev, ubx_name(msg, name), try + 1, ACK_TRIES);
	if (r == 1)
		return;
	if (r == 0)
		errx(EX_UNAVAILABLE, "%s: %s refused (ACK-NAK): the receiver "
		    "does not take that setting", gps->dev, ubx_name(msg, name));
	errx(EX_TEMPFAIL, "%s: %s: no ACK within %d s, %d times", gps->dev,
	    ubx_name(msg, name), gps->timeout_s, ACK_TRIES);
}

/*
 * The answer to a poll of msg before the deadline: 1 with *m, 0; exit
 * at its ACK-NAK (a VALGET of a key the receiver does not have).
 */
static int
answer(struct gps *gps, int msg, int64_t deadline, struct ubx_msg *m)
{
	char body[NMEA_PROPRIETARY_MAX], name[8];

	while (gps_next(gps, deadline, body, sizeof(body), m) != GOT_NONE) {
		if (m->msg == msg)
			return 1;
		if (m->msg == UBX_ACK_NAK && ubx_ack_of(m) == msg)
			errx(EX_UNAVAILABLE, "%s: %s refused (ACK-NAK)",
			    gps->dev, ubx_name(msg, name));
	}
	return 0;
}

/*
 * A CFG poll is answered with the message and then an ACK-ACK (the M8T
 * and F9T do, docs/ublox.md 1): that ACK read now, or a set sent next
 * would take it for its own.  The answer is kept aside meanwhile.
 */
static void
cfg_poll_acked(struct gps *gps, int msg, struct ubx_msg *m)
{
	static uint8_t kept[UBX_PAYLOAD_MAX];
	char body[NMEA_PROPRIETARY_MAX];
	struct ubx_msg a;
	int64_t deadline;

	if (msg >> 8 != 0x06)
		return;
	memcpy(kept, m->payload, m->len);
	m->payload = kept;
	deadline = mono_ms() + gps->timeout_s * 1000;
	while (gps_next(gps, deadline, body, sizeof(body), &a) != GOT_NONE)
		if (ubx_ack_of(&a) == msg)
			return;
}

/*
 * Poll msg (with a selector of sel bytes) and wait for its answer, sent
 * again like must()'s; *m is valid until the next poll.
 */
static void
poll_msg(struct gps *gps, int msg, const uint8_t *sel, size_t sel_len,
    struct ubx_msg *m)
{
	char name[8];
	int try;

	for (try = 1; try <= ACK_TRIES; try++) {
		send_frame(gps, msg, sel, sel_len);
		if (answer(gps, msg, mono_ms() + gps->timeout_s * 1000, m))
			return cfg_poll_acked(gps, msg, m);
	}
	errx(EX_TEMPFAIL, "%s: no %s within %d s, %d times", gps->dev,
	    ubx_name(msg, name), gps->timeout_s, ACK_TRIES);
}

static void
get_port(struct gps *gps, struct ubx_port *pt)
{
	struct ubx_msg m;

	poll_msg(gps, UBX_CFG_PRT, NULL, 0, &m);
	if (ubx_parse_port(&m, pt) == -1)
		errx(EX_DATAERR, "%s: CFG-PRT of %zu bytes", gps->dev, m.len);
}

void
ubx_show_version(const struct gps *gps, int kv)
{
	const struct ubx_version *v = &gps->version;

	if (!kv) {
		printf("u-blox %s, firmware %s, protocol %d.%02d, hardware "
		    "%s\n", v->mod[0] != '\0' ? v->mod : "(no module named)",
		    v->fw[0] != '\0' ? v->fw : v->sw, v->protver / 100,
		    v->protver % 100, v->hw);
		return;
	}
	printf("receiver=u-blox module=");
	put_safe(stdout, v->mod);
	printf(" firmware=");
	put_safe(stdout, v->fw[0] != '\0' ? v->fw : v->sw);
	printf(" protocol=%d.%02d hardware=", v->protver / 100,
	    v->protver % 100);
	put_safe(stdout, v->hw);
	printf(" timing=%d\n", ubx_is_timing(v));
}

/* gpsctl frame: the frame of "class,id[,payload]" hex, or checked. */
int
ubx_print_frame(const char *hex)
{
	uint8_t in[UBX_PAYLOAD_MAX + UBX_OVERHEAD], out[sizeof(in)];
	int n, len, i, status = EX_OK;

	if ((n = ubx_hex(hex, in, sizeof(in))) < 2)
		errx(EX_DATAERR, "%s: not UBX (hex bytes: class, id, payload; "
		    "or a whole frame from B5 62)", shown(hex));
	if (n >= UBX_OVERHEAD && in[0] == UBX_SYNC1 && in[1] == UBX_SYNC2) {
		/* a whole frame: its checksum checked */
		len = n - UBX_OVERHEAD;
		if (ubx_u2(in + 4) != len)
			errx(EX_DATAERR, "%s: length %u, payload %d bytes",
			    shown(hex), ubx_u2(in + 4), len);
		ubx_frame(UBX_MSG(in[2], in[3]), in + 6, (size_t)len, out,
		    sizeof(out));
		if (memcmp(in + 6 + len, out + 6 + len, 2) != 0) {
			warnx("checksum was %02X %02X, should be %02X %02X",
			    in[6 + len], in[7 + len], out[6 + len],
			    out[7 + len]);
			status = EX_DATAERR;
		}
	} else
		len = ubx_frame(UBX_MSG(in[0], in[1]), in + 2, (size_t)n - 2,
		    out, sizeof(out)) - UBX_OVERHEAD;
	for (i = 0; i < len + UBX_OVERHEAD; i++)
		printf("%s%02X", i > 0 ? " " : "", out[i]);
	putchar('\n');
	return status;
}

/*
 * gpsctl send with hex: one message, class, id and payload; its answer
 * printed: the ACK of a CFG message, the reply to a poll, both when a
 * CFG poll gets both.
 */
int
ubx_send_raw(struct gps *gps, const char *hex)
{
	uint8_t in[64];
	char body[NMEA_PROPRIETARY_MAX], name[8];
	struct ubx_msg m;
	int64_t deadline;
	int n, msg, ack = -1;
	size_t i;

	if ((n = ubx_hex(hex, in, sizeof(in))) < 2)
		errx(EX_USAGE, "%s: not a PMTK command nor UBX hex (class, "
		    "id, payload)", shown(hex));
	msg = UBX_MSG(in[0], in[1]);
	send_frame(gps, msg, in + 2, (size_t)n - 2);
	deadline = mono_ms() + gps->timeout_s * 1000;
	while (ack == -1 && gps_next(gps, deadline, body, sizeof(body), &m) !=
	    GOT_NONE) {
		if (ubx_ack_of(&m) == msg)
			ack = m.msg == UBX_ACK_ACK;
		else if (m.msg != msg)
			continue;
		else {
			printf("msg=%s reply=", ubx_name(msg, name));
			for (i = 0; i < m.len; i++)
				printf("%02X", m.payload[i]);
			putchar('\n');
			if (in[0] != 0x06)
				return EX_OK;	/* no ACK to a report */
		}
	}
	if (ack == -1)
		errx(EX_TEMPFAIL, "%s: %s: no answer within %d s", gps->dev,
		    ubx_name(msg, name), gps->timeout_s);
	printf("msg=%s ack=%s\n", ubx_name(msg, name), ack ? "ACK" : "NAK");
	return ack ? EX_OK : EX_UNAVAILABLE;
}

/* After a speed change sent: the host at speed too, and output there. */
static int
switched(struct gps *gps, int speed)
{
	serial_drain(gps->port);
	usleep(SWITCH_MS * 1000);
	set_speed(gps, speed);
	return talking(gps, VERIFY_MS);
}

/* ...or not, or not to speed: the host back at old, and exit. */
static void __attribute__((noreturn))
back(struct gps *gps, int old, const char *what)
{
	int tried = gps->speed;

	set_speed(gps, old);
	errx(EX_TEMPFAIL, "%s: no answer at %d baud after %s; back at %d%s",
	    gps->dev, tried, what, old, talking(gps, VERIFY_MS) ? "" :
	    ", where it is silent too");
}

/*
 * The port set to pt: at a new speed, the ACK comes at that speed or
 * garbled or not at all (docs/ublox.md, 3), so the host switches at once
 * and then asks CFG-PRT again, at the new speed, which proves it.
 */
static void
set_port(struct gps *gps, const struct ubx_port *pt)
{
	uint8_t p[UBX_PRT_LEN];
	struct ubx_port now;
	int old = gps->speed;

	ubx_port_payload(pt, p);
	if ((int)pt->baud == gps->speed || pt->port == 3) {
		must(gps, UBX_CFG_PRT, p, sizeof(p));
		return;
	}
	send_frame(gps, UBX_CFG_PRT, p, sizeof(p));
	if (switched(gps, (int)pt->baud)) {
		get_port(gps, &now);
		if ((int)now.baud == gps->speed)
			return;
	}
	back(gps, old, "CFG-PRT");
}

/* --- protocol 27 and later (M9, F9): configuration keys --- */

struct keyset {
	uint32_t	 key[KEYS_MAX], value[KEYS_MAX];
	int		 n;
};

static int
gen9(const struct gps *gps)
{
	return gps->version.protver >= UBX_PROTVER_KEYS;
}

/*
 * The port a receiver of protocol 27+ is reached by, whose keys apply
 * sets: asked once by the empty CFG-PRT poll, deprecated there but
 * answered (a ZED-F9T TIM 2.01 said port 3 over USB, docs/ublox.md 2);
 * UART1, a HAT's or a serial cable's, when it refuses or says nothing.
 */
static int
key_port(struct gps *gps)
{
	char body[NMEA_PROPRIETARY_MAX];
	struct ubx_port pt;
	struct ubx_msg m;
	int64_t deadline;

	if (gps->ubx_port != 0)
		return gps->ubx_port;
	gps->ubx_port = UBX_PORT_UART1;
	send_frame(gps, UBX_CFG_PRT, NULL, 0);
	deadline = mono_ms() + gps->timeout_s * 1000;
	while (gps_next(gps, deadline, body, sizeof(body), &m) != GOT_NONE) {
		if (m.msg == UBX_ACK_NAK && ubx_ack_of(&m) == UBX_CFG_PRT)
			break;
		if (m.msg != UBX_CFG_PRT)
			continue;
		if (ubx_parse_port(&m, &pt) == 0 && pt.port >= UBX_PORT_UART1 &&
		    pt.port <= UBX_PORT_USB)
			gps->ubx_port = pt.port;
		cfg_poll_acked(gps, UBX_CFG_PRT, &m);
		break;
	}
	if (port_verbose)
		warnx("%s: the receiver's port %d", gps->dev, gps->ubx_port);
	return gps->ubx_port;
}

static void
add(struct keyset *ks, uint32_t key, uint32_t value)
{
	if (ks->n == KEYS_MAX)
		errx(EX_SOFTWARE, "more than %d keys", KEYS_MAX);
	ks->key[ks->n] = key;
	ks->value[ks->n++] = value;
}

/* The values of ks's keys in the receiver's RAM, in their order. */
static void
get_keys(struct gps *gps, const struct keyset *ks, uint32_t *now)
{
	uint8_t p[4 + 4 * KEYS_MAX];
	uint32_t k[KEYS_MAX], v[KEYS_MAX];
	struct ubx_msg m;
	int n, i, j;

	n = ubx_valget_payload(ks->key, ks->n, p, sizeof(p));
	poll_msg(gps, UBX_CFG_VALGET, p, (size_t)n, &m);
	if ((n = ubx_parse_valget(&m, k, v, KEYS_MAX)) == -1)
		errx(EX_DATAERR, "%s: a CFG-VALGET answer gpsctl cannot read",
		    gps->dev);
	for (i = 0; i < ks->n; i++) {
		for (j = 0; j < n && k[j] != ks->key[i]; j++)
			continue;
		if (j == n)
			errx(EX_DATAERR, "%s: key 0x%08X not in the answer",
			    gps->dev, ks->key[i]);
		now[i] = v[j];
	}
}

static void
set_keys(struct gps *gps, const struct keyset *ks, int layers)
{
	uint8_t p[4 + 8 * KEYS_MAX];
	int n;

	if ((n = ubx_valset_payload(layers, ks->key, ks->value, ks->n, p,
	    sizeof(p))) == -1)
		errx(EX_SOFTWARE, "a VALSET of %d keys", ks->n);
	must(gps, UBX_CFG_VALSET, p, (size_t)n);
}

/*
 * ks's keys that differ from the receiver's, set in layers: how many.
 * What already holds is not written again: no flash worn by a boot.
 */
static int
update_keys(struct gps *gps, const struct keyset *ks, int layers)
{
	struct keyset diff = { .n = 0 };
	uint32_t now[KEYS_MAX];
	int i;

	get_keys(gps, ks, now);
	for (i = 0; i < ks->n; i++)
		if (now[i] != ks->value[i])
			add(&diff, ks->key[i], ks->value[i]);
	if (diff.n > 0)
		set_keys(gps, &diff, layers);
	return diff.n;
}

/*
 * The port's speed by its key: at once in RAM, so proved as CFG-PRT's.
 * A USB port has none: nothing to set.
 */
static int
speed_key(struct gps *gps, int speed, int layers)
{
	struct keyset ks = { .n = 0 };
	uint8_t p[4 + 8];
	uint32_t now, key = ubx_baud_key(key_port(gps));
	int old = gps->speed, n;

	if (key == 0)
		return 0;
	add(&ks, key, (uint32_t)speed);
	get_keys(gps, &ks, &now);
	if (now == (uint32_t)speed)
		return 0;
	n = ubx_valset_payload(layers, ks.key, ks.value, 1, p, sizeof(p));
	send_frame(gps, UBX_CFG_VALSET, p, (size_t)n);
	if (switched(gps, speed)) {
		get_keys(gps, &ks, &now);
		if (now == (uint32_t)speed)
			return 1;
	}
	back(gps, old, "CFG-VALSET");
}

/* The sentences' keys on the port: on or off, each one with a key. */
static void
sentence_keys(struct keyset *ks, const int on[PMTK_FIELDS], struct gps *gps)
{
	int i, port = key_port(gps);

	for (i = 0; i < PMTK_FIELDS; i++) {
		if (ubx_nmea_key(i) != 0)
			add(ks, ubx_msgout_key(ubx_nmea_key(i), port),
			    on[i] != 0);
		else if (on[i])
			errx(EX_USAGE, "%s: a u-blox of protocol 27 or later: "
			    "gpsctl sets gll, rmc, vtg, gga, gsa, gsv and zda",
			    gps->dev);
	}
}

/* The time pulse as set_pulse() sets it, by its keys. */
static void
pulse_keys(struct keyset *ks, int cable_ns)
{
	add(ks, UBX_KEY_TP_ANT_CABLEDELAY, (uint16_t)cable_ns);
	add(ks, UBX_KEY_TP_PULSE_DEF, 0);		/* a period */
	add(ks, UBX_KEY_TP_PULSE_LENGTH_DEF, 1);	/* a length */
	add(ks, UBX_KEY_TP_PERIOD_TP1, 1000000);
	add(ks, UBX_KEY_TP_PERIOD_LOCK_TP1, 1000000);
	add(ks, UBX_KEY_TP_LEN_TP1, 0);
	add(ks, UBX_KEY_TP_LEN_LOCK_TP1, 100000);
	add(ks, UBX_KEY_TP_TP1_ENA, 1);
	add(ks, UBX_KEY_TP_SYNC_GNSS_TP1, 1);
	add(ks, UBX_KEY_TP_USE_LOCKED_TP1, 1);
	add(ks, UBX_KEY_TP_ALIGN_TO_TOW_TP1, 1);
	add(ks, UBX_KEY_TP_POL_TP1, 1);
	add(ks, UBX_KEY_TP_TIMEGRID_TP1, 0);		/* UTC */
}

/* apply by keys, to RAM, BBR and flash at once; the speed last. */
static int
apply_keys(struct gps *gps, const struct want *w)
{
	struct keyset ks = { .n = 0 };
	int port = key_port(gps);

	add(&ks, ubx_proto_key(port, 0, UBX_PROTO_UBX), 1);
	add(&ks, ubx_proto_key(port, 0, UBX_PROTO_NMEA), 1);
	add(&ks, ubx_proto_key(port, 1, UBX_PROTO_UBX), 1);
	add(&ks, ubx_proto_key(port, 1, UBX_PROTO_NMEA), 1);
	sentence_keys(&ks, w->on, gps);
	add(&ks, UBX_KEY_RATE_MEAS, (uint32_t)w->rate_ms);
	pulse_keys(&ks, w->cable_ns);
	return update_keys(gps, &ks, UBX_LAYERS_ALL) +
	    speed_key(gps, w->speed, UBX_LAYERS_ALL);
}

void
ubx_baud(struct gps *gps, int speed)
{
	struct ubx_port pt;

	if (gen9(gps)) {
		if (ubx_baud_key(key_port(gps)) == 0)
			errx(EX_UNAVAILABLE, "%s: the receiver's USB port: no "
			    "speed to set", gps->dev);
		(void)speed_key(gps, speed, UBX_LAYER_RAM);
		return;
	}
	get_port(gps, &pt);
	if (pt.port == 3)
		errx(EX_UNAVAILABLE, "%s: the receiver's USB port: no speed "
		    "to set", gps->dev);
	pt.baud = (uint32_t)speed;
	pt.mode = UBX_MODE_8N1;
	set_port(gps, &pt);
}

/* A sentence's rate on this port, from CFG-MSG's poll (8 bytes). */
static int
msg_rate(struct gps *gps, int port, int msg)
{
	uint8_t sel[2] = { (uint8_t)(msg >> 8), (uint8_t)msg };
	struct ubx_msg m;

	poll_msg(gps, UBX_CFG_MSG, sel, sizeof(sel), &m);
	if (m.len != 8 || port < 0 || port > 5)
		return -1;
	return m.payload[2 + port];
}

void
ubx_sentences(struct gps *gps, const int on[PMTK_FIELDS], int *changed)
{
	struct ubx_port pt;
	uint8_t p[UBX_MSG_LEN];
	int i, msg;

	struct keyset ks = { .n = 0 };

	if (on[PMTK_FIELDS - 1])
		errx(EX_USAGE, "mchn: MediaTek's own, not a u-blox's");
	if (gen9(gps)) {
		sentence_keys(&ks, on, gps);
		*changed += update_keys(gps, &ks, UBX_LAYER_RAM);
		return;
	}
	get_port(gps, &pt);
	for (i = 0; i < PMTK_FIELDS; i++) {
		if (nmea_id[i] == -1)
			continue;
		msg = UBX_MSG(UBX_NMEA_CLASS, nmea_id[i]);
		if ((msg_rate(gps, pt.port, msg) > 0) == (on[i] != 0))
			continue;
		ubx_msg_payload(msg, on[i] != 0, p);
		must(gps, UBX_CFG_MSG, p, sizeof(p));
		(*changed)++;
	}
}

void
ubx_rate(struct gps *gps, int ms, int *changed)
{
	uint8_t p[UBX_RATE_LEN];
	struct keyset ks = { .n = 0 };
	struct ubx_msg m;

	if (gen9(gps)) {
		add(&ks, UBX_KEY_RATE_MEAS, (uint32_t)ms);
		*changed += update_keys(gps, &ks, UBX_LAYER_RAM);
		return;
	}
	poll_msg(gps, UBX_CFG_RATE, NULL, 0, &m);
	if (m.len == UBX_RATE_LEN && ubx_u2(m.payload) == ms)
		return;
	ubx_rate_payload(ms, p);
	must(gps, UBX_CFG_RATE, p, sizeof(p));
	(*changed)++;
}

/* The time pulse: 1 Hz, 100 ms from the top of the second once locked. */
static void
set_pulse(struct gps *gps, int cable_ns, int *changed)
{
	static const uint8_t sel[1] = { 0 };
	struct ubx_tp5 want = { cable_ns, 1000000, 100000, 0, UBX_TP5_FLAGS },
	    now;
	uint8_t p[UBX_TP5_LEN];
	struct ubx_msg m;

	poll_msg(gps, UBX_CFG_TP5, sel, sizeof(sel), &m);
	if (ubx_parse_tp5(&m, &now) == 0 && now.cable_ns == want.cable_ns &&
	    now.period_us == want.period_us && now.len_us == want.len_us &&
	    now.len_unlocked_us == 0 && now.flags == want.flags)
		return;
	ubx_tp5_payload(&want, p);
	must(gps, UBX_CFG_TP5, p, sizeof(p));
	(*changed)++;
}

void
ubx_save(struct gps *gps)
{
	uint8_t p[UBX_CFG_LEN];

	ubx_save_payload(p);
	must(gps, UBX_CFG_CFG, p, sizeof(p));
}

/*
 * What apply sets on a u-blox: UBX and NMEA both ways on its port (UBX
 * out for the ACKs), the speed, the sentences, the rate, the pulse; and
 * saved to its battery-backed RAM and flash when any of it changed.
 * Returns how many settings changed.
 */
int
ubx_apply(struct gps *gps, const struct want *w)
{
	struct ubx_port pt, to;
	int changed = 0;

	if (gen9(gps))
		return apply_keys(gps, w);
	get_port(gps, &pt);
	to = pt;
	to.in |= UBX_PROTO_UBX | UBX_PROTO_NMEA;
	to.out |= UBX_PROTO_UBX | UBX_PROTO_NMEA;
	if (pt.port != 3) {
		to.baud = (uint32_t)w->speed;
		to.mode = UBX_MODE_8N1;
	}
	if (memcmp(&to, &pt, sizeof(to)) != 0) {
		set_port(gps, &to);
		changed++;
	}
	ubx_sentences(gps, w->on, &changed);
	ubx_rate(gps, w->rate_ms, &changed);
	set_pulse(gps, w->cable_ns, &changed);
	if (changed > 0)
		ubx_save(gps);
	return changed;
}

/* CFG-RST: hot, warm, cold (GNSS only); factory: defaults and a reboot. */
void
ubx_reset(struct gps *gps, const char *how)
{
	static const uint8_t revert[UBX_CFG_LEN] = { 0x1F, 0x0F, 0, 0, 0, 0,
	    0, 0, 0x1F, 0x0F, 0, 0, 0x17 };
	uint8_t p[4] = { 0, 0, 2, 0 };	/* controlled, GNSS only */

	if (strcmp(how, "warm") == 0)
		p[0] = 1;
	else if (strcmp(how, "cold") == 0 || strcmp(how, "factory") == 0)
		p[0] = p[1] = 0xFF;
	else if (strcmp(how, "hot") != 0)
		errx(EX_USAGE, "reset %s: hot, warm, cold or factory", how);
	if (strcmp(how, "factory") == 0) {
		/* ubxtool's RESET: every section cleared and loaded */
		must(gps, UBX_CFG_CFG, revert, sizeof(revert));
		p[2] = 0;	/* and the hardware reset */
	}
	/* not acknowledged (newer firmware never does, gpsd's ubx.py) */
	send_frame(gps, UBX_CFG_RST, p, sizeof(p));
	serial_drain(gps->port);
	if (!talking(gps, VERIFY_MS))
		errx(EX_TEMPFAIL, "%s: silent at %d baud after the reset%s",
		    gps->dev, gps->speed, p[2] == 0 ? " to the factory's "
		    "settings: find its speed with gpsctl autobaud" : "");
}

/* "SECONDS[:METRES]", "off" or "status" into a TMODE2 or nothing. */
static int
survey_arg(const char *arg, uint32_t *s, uint32_t *mm)
{
	const char *colon = strchr(arg, ':');
	char secs[16];

	if (strcmp(arg, "status") == 0)
		return 0;
	if (strcmp(arg, "off") == 0)
		return -1;
	snprintf(secs, sizeof(secs), "%.*s", colon != NULL ?
	    (int)(colon - arg) : (int)strlen(arg), arg);
	*s = (uint32_t)num_arg(secs, 1, 30L * 86400, "survey seconds");
	*mm = colon == NULL ? 10000 :
	    (uint32_t)num_arg(colon + 1, 1, 1000, "survey metres") * 1000;
	return 1;
}

/* A time mode set: TMODE2, or TMODE's keys (to RAM, as TMODE2 is). */
static void
set_tmode(struct gps *gps, const struct ubx_tmode *t)
{
	struct keyset ks = { .n = 0 };
	uint8_t p[UBX_TMODE2_LEN];

	if (!gen9(gps)) {
		ubx_tmode2_payload(t, p);
		must(gps, UBX_CFG_TMODE2, p, sizeof(p));
		return;
	}
	add(&ks, UBX_KEY_TMODE_MODE, (uint32_t)t->mode);
	if (t->mode == 1) {
		add(&ks, UBX_KEY_TMODE_SVIN_MIN_DUR, t->min_s);
		/* the keys' accuracies are in 0.1 mm */
		add(&ks, UBX_KEY_TMODE_SVIN_ACC_LIMIT, t->acc_limit_mm * 10);
	} else if (t->mode == 2) {
		add(&ks, UBX_KEY_TMODE_POS_TYPE, 1);	/* LLH */
		add(&ks, UBX_KEY_TMODE_LAT, (uint32_t)t->x);
		add(&ks, UBX_KEY_TMODE_LON, (uint32_t)t->y);
		add(&ks, UBX_KEY_TMODE_HEIGHT, (uint32_t)t->z);
		add(&ks, UBX_KEY_TMODE_FIXED_POS_ACC, t->fixed_acc_mm * 10);
	}
	set_keys(gps, &ks, UBX_LAYER_RAM);
}

/* A verb for a timing receiver: yes, or exit saying what it is. */
static void
timing_only(const struct gps *gps, const char *what)
{
	if (!ubx_is_timing(&gps->version))
		errx(EX_UNAVAILABLE, "%s: %s %s is not a timing receiver: no "
		    "%s", gps->dev, gps->version.mod, gps->version.fw, what);
}

/* "LAT,LON,HEIGHT[,METRES]" (degrees, metres) into a fixed mode. */
static void
fixed_arg(const char *arg, struct ubx_tmode *t)
{
	double v[4] = { 0, 0, 0, 1 };
	const char *s = arg;
	char *end;
	int n;

	for (n = 0; n < 4 && *s != '\0'; n++) {
		v[n] = strtod(s, &end);
		if (end == s || (*end != ',' && *end != '\0'))
			break;
		s = *end == ',' ? end + 1 : end;
	}
	if (n < 3 || *s != '\0' || !(v[0] >= -90 && v[0] <= 90) ||
	    !(v[1] >= -180 && v[1] <= 180) || !(v[2] >= -1000 &&
	    v[2] <= 10000) || !(v[3] >= 0.001 && v[3] <= 100))
		errx(EX_USAGE, "fixed %s: LAT,LON,HEIGHT[,METRES]: degrees "
		    "-90 to 90 and -180 to 180, metres -1000 to 10000, an "
		    "accuracy of 0.001 to 100 m", shown(arg));
	memset(t, 0, sizeof(*t));
	t->mode = 2;
	t->lla = 1;
	t->x = (int32_t)lround(v[0] * 1e7);
	t->y = (int32_t)lround(v[1] * 1e7);
	t->z = (int32_t)lround(v[2] * 100);
	t->fixed_acc_mm = (uint32_t)lround(v[3] * 1000);
}

/*
 * fixed: the receiver held at a known position, where it keeps time
 * from every satellite in view (as after a survey-in, without one).
 */
int
ubx_fixed(struct gps *gps, const char *arg)
{
	struct ubx_tmode t;

	fixed_arg(arg, &t);
	timing_only(gps, "fixed-position mode");
	set_tmode(gps, &t);
	printf("mode=fixed lat=%.7f lon=%.7f height=%.2f accuracy_mm=%u\n",
	    t.x / 1e7, t.y / 1e7, t.z / 100.0, t.fixed_acc_mm);
	return EX_OK;
}

/*
 * survey: start a survey-in (CFG-TMODE2) or stop it, and follow it from
 * TIM-SVIN, a line a second, until it is valid (0), or count lines
 * (75: still surveying).
 */
int
ubx_survey(struct gps *gps, const char *arg, int count)
{
	struct ubx_svin sv;
	struct ubx_msg m;
	uint32_t s = 0, mm = 0;
	int what, n;

	what = survey_arg(arg, &s, &mm);
	timing_only(gps, "survey-in");
	if (what != 0) {
		struct ubx_tmode t = { .mode = what == 1, .min_s = s,
		    .acc_limit_mm = mm };

		set_tmode(gps, &t);
		if (what == -1)
			return EX_OK;
	}
	for (n = 0; count == 0 || n < count; n++) {
		int64_t next = mono_ms() + SURVEY_POLL_MS;

		poll_msg(gps, UBX_TIM_SVIN, NULL, 0, &m);
		if (ubx_parse_svin(&m, &sv) == -1)
			errx(EX_DATAERR, "%s: TIM-SVIN of %zu bytes", gps->dev,
			    m.len);
		printf("seconds=%u observations=%u accuracy_mm=%u active=%d "
		    "valid=%d\n", sv.dur_s, sv.obs, sv.acc_mm, sv.active,
		    sv.valid);
		fflush(stdout);
		if (sv.valid)
			return EX_OK;
		if (!sv.active && what != 1) {
			warnx("%s: no survey-in running", gps->dev);
			return EX_UNAVAILABLE;
		}
		/* the second's output read and passed over, till the next */
		while (await(gps, -1, next, &m))
			continue;
	}
	return EX_TEMPFAIL;
}
