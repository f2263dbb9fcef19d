/*
 * ubx: u-blox's binary protocol (UBX), as pure functions: frames and
 * their 8-bit Fletcher checksum, a byte-stream reader that finds frames
 * among NMEA and noise, the payloads gpsctl sends (port, messages, rate,
 * time pulse, saving, survey-in; CFG-VALSET for the generation without
 * the CFG messages), and the fields it reads back (ACK, MON-VER, CFG-PRT,
 * CFG-TP5, TIM-SVIN, NAV-PVT).  Layouts and examples: docs/ublox.md,
 * from u-blox's interface descriptions and gpsd's driver_ubx.c.
 * Multi-byte fields are little-endian.
 */
#ifndef OOBM_UBX_H
#define OOBM_UBX_H

#include <stddef.h>
#include <stdint.h>

#define UBX_SYNC1	0xB5
#define UBX_SYNC2	0x62
#define UBX_OVERHEAD	8	/* sync 2, class, id, length 2, checksum 2 */
/*
 * The longest payload kept: an M8's MON-VER is 250, a NAV-SAT of 60
 * satellites 728.  A longer length is taken for noise that looked like a
 * frame's start (a real one is lost with it): the reader looks for the
 * next start from the byte after, rather than pass over up to 64 KiB.
 */
#define UBX_PAYLOAD_MAX	1024

/* A message by class and id, 0xCCII. */
#define UBX_MSG(c, i)	((c) << 8 | (i))
enum {
	UBX_NAV_PVT =		UBX_MSG(0x01, 0x07),
	UBX_NAV_TIMEUTC =	UBX_MSG(0x01, 0x21),
	UBX_ACK_NAK =		UBX_MSG(0x05, 0x00),
	UBX_ACK_ACK =		UBX_MSG(0x05, 0x01),
	UBX_CFG_PRT =		UBX_MSG(0x06, 0x00),
	UBX_CFG_MSG =		UBX_MSG(0x06, 0x01),
	UBX_CFG_RST =		UBX_MSG(0x06, 0x04),
	UBX_CFG_RATE =		UBX_MSG(0x06, 0x08),
	UBX_CFG_CFG =		UBX_MSG(0x06, 0x09),
	UBX_CFG_TP5 =		UBX_MSG(0x06, 0x31),
	UBX_CFG_TMODE2 =	UBX_MSG(0x06, 0x3D),
	UBX_CFG_VALSET =	UBX_MSG(0x06, 0x8A),
	UBX_CFG_VALGET =	UBX_MSG(0x06, 0x8B),
	UBX_MON_VER =		UBX_MSG(0x0A, 0x04),
	UBX_TIM_TP =		UBX_MSG(0x0D, 0x01),
	UBX_TIM_SVIN =		UBX_MSG(0x0D, 0x04)
};

/* CFG-PRT's protocol masks */
#define UBX_PROTO_UBX	0x01
#define UBX_PROTO_NMEA	0x02
#define UBX_PROTO_RTCM3	0x20
/* 8 data bits, no parity, 1 stop bit, as the LEA-M8T reports it */
#define UBX_MODE_8N1	0x8C0

/* The NMEA sentences of class 0xF0 gpsctl switches (CFG-MSG's ids). */
#define UBX_NMEA_CLASS	0xF0

/* The Fletcher checksum of n bytes (class to the payload's end). */
void		 ubx_checksum(const uint8_t *, size_t, uint8_t ck[2]);

/* A frame of msg with the payload into out: its length, -1 if too small. */
int		 ubx_frame(int msg, const uint8_t *payload, size_t len,
		    uint8_t *out, size_t size);

/*
 * Hex bytes, "06,01,F0,08,01" or "B5 62 06 ...": commas, blanks or
 * nothing between pairs.  Returns the count, -1 on a non-hex character,
 * an odd digit or more than size.
 */
int		 ubx_hex(const char *text, uint8_t *out, size_t size);

enum ubx_event {
	UBX_NONE,		/* nothing complete yet */
	UBX_FRAME,		/* a frame with a good checksum */
	UBX_BADSUM,		/* complete, its checksum wrong: dropped */
	UBX_TOOLONG		/* its length over UBX_PAYLOAD_MAX: dropped */
};

struct ubx_reader {
	uint8_t	 buf[UBX_PAYLOAD_MAX + UBX_OVERHEAD];
	size_t	 len;		/* bytes of the frame so far */
};

/* A frame read: class and id as one, the payload inside the reader. */
struct ubx_msg {
	int		 msg;
	const uint8_t	*payload;
	size_t		 len;
};

void		 ubx_reader_init(struct ubx_reader *);
/*
 * Consume bytes until a frame ends or buf is used up; returns the bytes
 * consumed.  With UBX_FRAME, *m is the frame, valid until the next call.
 * Bytes outside frames (NMEA, noise) are passed over.
 */
size_t		 ubx_feed(struct ubx_reader *, const uint8_t *buf, size_t len,
		    enum ubx_event *ev, struct ubx_msg *m);

/* Little-endian fields, read and written. */
uint16_t	 ubx_u2(const uint8_t *);
uint32_t	 ubx_u4(const uint8_t *);
void		 ubx_put2(uint8_t *, uint16_t);
void		 ubx_put4(uint8_t *, uint32_t);

/* An ACK-ACK or ACK-NAK: the message acknowledged, or -1. */
int		 ubx_ack_of(const struct ubx_msg *);

/*
 * MON-VER: the software and hardware versions, and from the extensions
 * the protocol version (x100: "PROTVER=22.00" 2200; older firmware says
 * "PROTVER 14.00"), the firmware ("FWVER=TIM 1.10") and the module
 * ("MOD=LEA-M8T-0"; a plain M8 has none: "").  protver 0 when not said.
 */
struct ubx_version {
	char	 sw[31], hw[11], fw[31], mod[31];
	int	 protver;
};
int		 ubx_parse_version(const struct ubx_msg *, struct ubx_version *);
/* A timing receiver (TIM firmware, or a module named ...T): survey-in. */
int		 ubx_is_timing(const struct ubx_version *);
/* protver 27 and later: CFG-VALSET keys in place of the CFG messages */
#define UBX_PROTVER_KEYS	2700

/* CFG-PRT for a UART (20 bytes). */
struct ubx_port {
	int		 port;		/* 1 UART1, 2 UART2; 3 USB */
	uint32_t	 mode;
	uint32_t	 baud;
	uint16_t	 in, out;	/* protocol masks */
};
#define UBX_PRT_LEN	20
int		 ubx_parse_port(const struct ubx_msg *, struct ubx_port *);
void		 ubx_port_payload(const struct ubx_port *, uint8_t p[UBX_PRT_LEN]);

/* CFG-MSG, current port's form: msg at rate (0 off, 1 each epoch). */
#define UBX_MSG_LEN	3
void		 ubx_msg_payload(int msg, int rate, uint8_t p[UBX_MSG_LEN]);

/* CFG-RATE: ms between measurements, 1 solution each, GPS time. */
#define UBX_RATE_LEN	6
void		 ubx_rate_payload(int ms, uint8_t p[UBX_RATE_LEN]);

/* CFG-TP5 for TIMEPULSE (32 bytes): what gpsctl sets of it. */
struct ubx_tp5 {
	int		 cable_ns;	/* antenna cable delay */
	uint32_t	 period_us;	/* unlocked and locked alike */
	uint32_t	 len_us;	/* locked; 0 before a lock */
	uint32_t	 len_unlocked_us;
	uint32_t	 flags;
};
#define UBX_TP5_LEN	32
/* active, locked to GNSS, the lock set used, a length, aligned, rising */
#define UBX_TP5_FLAGS	0x77
int		 ubx_parse_tp5(const struct ubx_msg *, struct ubx_tp5 *);
void		 ubx_tp5_payload(const struct ubx_tp5 *, uint8_t p[UBX_TP5_LEN]);

/* CFG-CFG: save every section to the battery-backed RAM and flash. */
#define UBX_CFG_LEN	13
void		 ubx_save_payload(uint8_t p[UBX_CFG_LEN]);

/*
 * CFG-TMODE2 (M8T): mode 0 disabled, 1 survey-in (for min_s seconds and
 * to acc_limit_mm), 2 fixed at x, y, z: ECEF in cm, or with lla latitude
 * and longitude in 1e-7 degrees and the height in cm, fixed_acc_mm its
 * accuracy.
 */
struct ubx_tmode {
	int		 mode, lla;
	int32_t		 x, y, z;
	uint32_t	 fixed_acc_mm, min_s, acc_limit_mm;
};
#define UBX_TMODE2_LEN	28
void		 ubx_tmode2_payload(const struct ubx_tmode *,
		    uint8_t p[UBX_TMODE2_LEN]);

/*
 * CFG-VALSET (protver 27+) to the layers (RAM 1, BBR 2, flash 4): n keys
 * with their values (the key's bits 30:28 give the size: 1 bit and 1, 2,
 * 4 bytes).  Returns the payload's length, -1 when it does not fit, n is
 * not 1 to 64, or a key's size is not one of those.
 */
#define UBX_LAYER_RAM	0x01
#define UBX_LAYERS_ALL	0x07
int		 ubx_valset_payload(int layers, const uint32_t *keys,
		    const uint32_t *values, int n, uint8_t *p, size_t size);
/* CFG-VALGET of n keys (1-64) from RAM: the payload's length, or -1. */
int		 ubx_valget_payload(const uint32_t *keys, int n, uint8_t *p,
		    size_t size);
/*
 * A VALGET reply's pairs into keys and values, up to max: how many, or
 * -1 if it is not a reply or a pair is cut short or of a size not read.
 */
int		 ubx_parse_valget(const struct ubx_msg *, uint32_t *keys,
		    uint32_t *values, int max);
/* The bytes of a key's value, from its bits 30:28; 0 for 8 and unknown. */
size_t		 ubx_key_size(uint32_t key);

/*
 * The configuration keys gpsctl sets (docs/ublox.md 2: u-blox's ZED-F9P
 * interface description, gpsd's ubx.py and phkehl/ubloxcfg agree).
 */
#define UBX_KEY_RATE_MEAS		0x30210001
#define UBX_KEY_TP_ANT_CABLEDELAY	0x30050001
#define UBX_KEY_TP_PERIOD_TP1		0x40050002
#define UBX_KEY_TP_PERIOD_LOCK_TP1	0x40050003
#define UBX_KEY_TP_LEN_TP1		0x40050004
#define UBX_KEY_TP_LEN_LOCK_TP1		0x40050005
#define UBX_KEY_TP_TP1_ENA		0x10050007
#define UBX_KEY_TP_SYNC_GNSS_TP1	0x10050008
#define UBX_KEY_TP_USE_LOCKED_TP1	0x10050009
#define UBX_KEY_TP_ALIGN_TO_TOW_TP1	0x1005000A
#define UBX_KEY_TP_POL_TP1		0x1005000B
#define UBX_KEY_TP_TIMEGRID_TP1		0x2005000C
#define UBX_KEY_TP_PULSE_DEF		0x20050023
#define UBX_KEY_TP_PULSE_LENGTH_DEF	0x20050030
#define UBX_KEY_TMODE_MODE		0x20030001
#define UBX_KEY_TMODE_POS_TYPE		0x20030002
#define UBX_KEY_TMODE_LAT		0x40030009
#define UBX_KEY_TMODE_LON		0x4003000A
#define UBX_KEY_TMODE_HEIGHT		0x4003000B
#define UBX_KEY_TMODE_FIXED_POS_ACC	0x4003000F
#define UBX_KEY_TMODE_SVIN_MIN_DUR	0x40030010
#define UBX_KEY_TMODE_SVIN_ACC_LIMIT	0x40030011
/* CFG-MSGOUT-NMEA_ID_*_UART1 of a PMTK314 field, 0 if none (grs, gst). */
uint32_t	 ubx_nmea_key(int field);

/*
 * A port's keys, by its CFG-PRT portID (1 UART1, 2 UART2, 3 USB): its
 * protocol in or out (UBX_PROTO_UBX or UBX_PROTO_NMEA), its speed (USB
 * has none), and a CFG-MSGOUT key given UART1's (each message's five
 * keys run I2C, UART1, UART2, USB, SPI).  0 for what the port lacks.
 */
#define UBX_PORT_UART1	1
#define UBX_PORT_UART2	2
#define UBX_PORT_USB	3
uint32_t	 ubx_proto_key(int port, int out, int proto);
uint32_t	 ubx_baud_key(int port);
uint32_t	 ubx_msgout_key(uint32_t uart1_key, int port);

/* TIM-SVIN: the survey's progress. */
struct ubx_svin {
	uint32_t	 dur_s, obs;
	uint32_t	 acc_mm;	/* the mean's accuracy, sqrt(meanV) */
	int		 valid, active;
};
int		 ubx_parse_svin(const struct ubx_msg *, struct ubx_svin *);

/* NAV-PVT: the fix and the time it is for. */
struct ubx_pvt {
	int		 year, month, day, hour, minute, second;
	int		 valid;		/* validDate 1, validTime 2, resolved 4 */
	uint32_t	 tacc_ns;
	int		 fix;		/* 0 none, 2 2D, 3 3D, 5 time only */
	int		 fix_ok;	/* gnssFixOK */
	int		 satellites;
	double		 lat, lon;
};
int		 ubx_parse_pvt(const struct ubx_msg *, struct ubx_pvt *);

/* A name for msg, "CFG-PRT", or "06-00" when not one of the above. */
const char	*ubx_name(int msg, char buf[8]);

#endif
