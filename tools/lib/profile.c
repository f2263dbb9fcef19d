/*
 * The modem profiles.  Sources, cited as [tag] beside each fact:
 * [MM]      ModemManager (linux-mobile-broadband/ModemManager, 9a2d586):
 *           src/plugins/<vendor>/77-mm-*-port-types.rules, the plugins
 * [option]  Linux drivers/usb/serial/option.c, qcserial.c, qmi_wwan.c
 * [u3g]     FreeBSD sys/dev/usb/serial/u3g.c (u3g_devs[], u3g_attach:
 *           one port per vendor-class interface with a bulk pair, in
 *           interface order) and sys/dev/usb/usbdevs
 * [seed]    measured on the seed's own E1752 (README, Hardware)
 * [EC2x]    Quectel EC2x AT Commands Manual (2.1 ATI, 2.25 AT+QURCCFG),
 *           as transcribed; Quectel's interface table per usbnet mode
 *           (forums.quectel.com/t/47332)
 * [ims]     eg25manager's log of AT+QCFG="ims" (gitlab.com/mobian1,
 *           issue 254)
 * [SIMCom]  AT+CUSBPIDSWITCH as SIMCom's scripts use it (9001: the
 *           default RmNet/QMI layout; 9011 RNDIS)
 * [USBCOMP] AT!USBCOMP? listings of MC7455/EM7455 ("diag,nmea,modem,
 *           rmnet0"): the modem function is the AT port
 * Facts not found in a source are left out (0 or NULL), never guessed;
 * docs/modems.md has the research, with what is still open.
 */
#include <stdlib.h>
#include <string.h>

#include "profile.h"

/*
 * [MM] "With ^PORTSEL we specify whether we want the PCUI port (0) or the
 * modem port (1) to receive the unsolicited messages"
 */
#define HUAWEI_PORTSEL \
	{ "AT^PORTSEL?", "^PORTSEL:0", "AT^PORTSEL=0", 0, 0 }
/* the way to SMS on LTE every modem has */
#define LTE_SGS \
	"use a network that delivers SMS on LTE (SGs), or allow 2G"

/*
 * Huawei: [MM] mm-broadband-bearer-huawei.c sends no +CGDCONT, dials
 * AT^NDISDUP=1,1,"apn" (its OK only "accepted"; the result comes as
 * ^NDISSTAT or by polling AT^NDISSTATQRY?), hangs up with AT^NDISDUP=1,0
 * ("will return ERROR" on a call already down), and reads the addresses
 * with AT^DHCP? (then needs no DHCP client).
 */
static const struct profile_dial huawei_ndis = {
	.family = DIAL_NDIS,
	.dial = "AT^NDISDUP=1,1,\"%s\"",
	.hangup = "AT^NDISDUP=1,0",
	.query = "AT^NDISSTATQRY?",
	.addrs = "AT^DHCP?",
	.result_late = 1,
};

/*
 * Qualcomm's RmNet call, on Quectel's EC2x (AT manual 10.17, 10.18) and
 * SIMCom's SIM7600 (its "Linux NDIS dial-up flow"): the APN is the
 * profile's, set by AT+CGDCONT first; AT$QCRMCALL=1,1 answers with the
 * call up ("$QCRMCALL: 1,V4"), =0,1 ends it, AT$QCRMCALL? lists it;
 * +CGCONTRDP (27.007 10.1.23) the addresses.  Quectel's +QNETDEVSTATUS
 * URC tells a drop (after AT+QNETDEVSTATUS=1).
 */
#define QCRMCALL \
	.family = DIAL_QCRMCALL, \
	.apn = "AT+CGDCONT=1,\"IP\",\"%s\"", \
	.dial = "AT$QCRMCALL=1,1", \
	.hangup = "AT$QCRMCALL=0,1", \
	.query = "AT$QCRMCALL?", \
	.addrs = "AT+CGCONTRDP=1"

static const struct profile_dial quectel_rmnet = {
	QCRMCALL,
	.urc = "AT+QNETDEVSTATUS=1",
};

static const struct profile_dial simcom_rmnet = { QCRMCALL };

/*
 * 3GPP TS 27.007's own activation (10.1.10 +CGACT, 10.1.19 +CGEV), for a
 * Qualcomm module in its ECM or RNDIS composition (a Quectel's usbnet 1
 * or 3).  There the module is a router: its interface gets a private
 * lease from the module whether the call is up or not (Sixfab's EC25 ECM
 * guide and forum thread 1414: 192.168.225.x with no PDN), so only the
 * modem says whether data flows; Quectel's connection manager has no AT
 * dial for it, and AT+QNETDEVCTL is the ASR/Unisoc modules' (EC200T,
 * RG500U: quectel-CM's device.c; not in the EC2x manual).  The module
 * may bring context 1 up by itself; +CGACT=1,1 on an active context is
 * OK (27.007: "the command is ignored").
 */
static const struct profile_dial qualcomm_router = {
	.family = DIAL_CGACT,
	.apn = "AT+CGDCONT=1,\"IP\",\"%s\"",
	.dial = "AT+CGACT=1,1",
	.hangup = "AT+CGACT=0,1",
	.query = "AT+CGACT?",
	.urc = "AT+CGEREP=2,1",
	.addrs = "AT+CGCONTRDP=1",
};

#define T	PORT_TTY
#define U	PORT_UCOM
#define END	{ -1, ROLE_NONE, 0 }

const struct profile profiles[] = {
	{
		.id = "e1752", .name = "Huawei E1752",
		/* [u3g] HUAWEI MOBILE 0x1001, E180V 0x140c (modem mode) */
		.vid = 0x12d1, .pids = { 0x1001, 0x140c },
		/*
		 * [seed] 0 carries PPP, 2 is PCUI; [MM] Huawei falls back
		 * to "usbif 0 is the modem port"; [option] reserves 1 on
		 * 140c for the network driver; [u3g] makes it a port.
		 */
		.ports = { { 0, ROLE_DATA, T | U }, { 1, ROLE_NONE, U },
		    { 2, ROLE_AT, T | U }, END },
		.by_label = 1,
		.paths = PATH_PPP,
		/* [seed] modem only, no CD-ROM: NV, after a replug */
		.mode = { "AT^U2DIAG?", "^U2DIAG:0", "AT^U2DIAG=0", 1, 1 },
		.storage = "SM",
		.lte = 0,
		.lte_sms = "a 3G/2G stick: where 3G is switched off (Sweden"
		    " 2025) it gets no data link; buy an LTE modem",
	},
	{
		.id = "e3372h", .name = "Huawei E3372h (stick mode)",
		/* [u3g] E3372_NCM 0x1506; 0x1f01 is its storage mode and
		 * 0x14dc HiLink (no AT at all) */
		.vid = 0x12d1, .pids = { 0x1506 },
		/* ^SETPORT "12,1,16": PCUI, MODEM, NCM; [u3g] skips NCM */
		.ports = { { 0, ROLE_AT, T | U }, { 1, ROLE_DATA, T | U },
		    { 2, ROLE_NET, 0 }, END },
		.by_label = 1,
		.paths = PATH_PPP | PATH_NET,
		.dial = &huawei_ndis,
		.urc = HUAWEI_PORTSEL,
		.storage = "SM",
		.lte = 1,
		.lte_sms = LTE_SGS "; its firmware has no known SMS over IMS"
		    " switch",
	},
	{
		.id = "me909s", .name = "Huawei ME909s",
		/* [u3g] ME909S 0x15c1 */
		.vid = 0x12d1, .pids = { 0x15c1 },
		/* interface numbers not found: its names say the roles */
		.ports = { END },
		.by_label = 1,
		/* [MM] ECM with ^NDISDUP; some variants have no PPP */
		.paths = PATH_PPP | PATH_NET,
		.dial = &huawei_ndis,
		.urc = HUAWEI_PORTSEL,
		.storage = "SM",
		.lte = 1,
		.lte_sms = LTE_SGS,
	},
	{
		.id = "ec25", .name = "Quectel EC25/EG25-G/EC21/EG95",
		/* [u3g] QUECTEL EC25 0x0125, EC21 0x0121, EG95 0x0195 */
		.vid = 0x2c7c, .pids = { 0x0125, 0x0121, 0x0195 },
		/* [MM] 77-mm-quectel-port-types.rules; [option] qcserial's
		 * handle_quectel_ec20: 4 is the QMI network interface */
		.ports = { { 0, ROLE_DIAG, T | U }, { 1, ROLE_NMEA, T | U },
		    { 2, ROLE_AT, T | U }, { 3, ROLE_DATA, T | U },
		    { 4, ROLE_NET, U }, END },
		/* [EC2x] usbnet 3 (RNDIS): DM 2, GNSS 3, AT 4, modem 5 */
		.rndis_shift = 2,
		.paths = PATH_PPP | PATH_NET,
		/* in usbnet 0 (RmNet): qmi_wwan's interface, Linux only */
		.dial = &quectel_rmnet,
		/* [EC2x] AT+QCFG="usbnet": 0 RmNet, 1 ECM, 2 MBIM, 3 RNDIS */
		.netmode_query = "AT+QCFG=\"usbnet\"",
		.netmodes = {
			{ "+QCFG:\"usbnet\",1", "ECM", &qualcomm_router },
			{ "+QCFG:\"usbnet\",2", "MBIM", NULL },
			{ "+QCFG:\"usbnet\",3", "RNDIS", &qualcomm_router },
		},
		/* [EC2x] 2.25: saved at once; "usbat" is the default */
		.urc = { "AT+QURCCFG=\"urcport\"", "+QURCCFG:\"urcport\",\"usbat\"",
		    "AT+QURCCFG=\"urcport\",\"usbat\"", 1, 0 },
		/* [ims] +QCFG: "ims",<ims>,<volte>; after a reset */
		.ims = { "AT+QCFG=\"ims\"", "+QCFG:\"ims\",1",
		    "AT+QCFG=\"ims\",1", 1, 1 },
		.storage = "SM",
		.lte = 1,
		.lte_sms = "turn IMS on (AT+QCFG=\"ims\",1, then a reset), or"
		    " use a network that delivers SMS on LTE (SGs)",
	},
	{
		.id = "sim7600", .name = "SIMCom SIM7600",
		/* [u3g] ALINK SIM7600E 0x9001 */
		.vid = 0x1e0e, .pids = { 0x9001 },
		/* [MM] 77-mm-simtech-port-types.rules: 3 is the second AT
		 * port, dialled for PPP; [option] reserves 5 (QMI) */
		.ports = { { 0, ROLE_DIAG, T | U }, { 1, ROLE_NMEA, T | U },
		    { 2, ROLE_AT, T | U }, { 3, ROLE_DATA, T | U },
		    { 4, ROLE_AUDIO, T | U }, { 5, ROLE_NET, U }, END },
		.paths = PATH_PPP | PATH_NET,
		/* as SIMCom's own scripts dial wwan0 (QMI: Linux only) */
		.dial = &simcom_rmnet,
		/* [SIMCom] NV; the device enumerates again */
		.mode = { "AT+CUSBPIDSWITCH?", "+CUSBPIDSWITCH:9001",
		    "AT+CUSBPIDSWITCH=9001,1,1", 1, 1 },
		.storage = "SM",
		.lte = 1,
		.lte_sms = LTE_SGS " (AT+CNMP=2, automatic)",
	},
	{
		.id = "mc7455", .name = "Sierra Wireless MC7455/EM7455",
		/* [u3g] SIERRA MC7430 0x9071 (MC74xx), EM7455 0x9079 */
		.vid = 0x1199, .pids = { 0x9071, 0x9079 },
		/* [option] qcserial: 0 DM, 2 NMEA, 3 AT; 8 and 10 QMI */
		.ports = { { 0, ROLE_DIAG, T | U }, { 2, ROLE_NMEA, T | U },
		    { 3, ROLE_AT, T | U }, { 8, ROLE_NET, U },
		    { 10, ROLE_NET, U }, END },
		/* [USBCOMP] PPP on the AT port: no SMS during the link */
		.paths = PATH_PPP,
		.storage = "SM",
		.lte = 1,
		.lte_sms = LTE_SGS,
	},
};

const size_t profiles_count = sizeof(profiles) / sizeof(profiles[0]);

static const struct {
	int		 vid;
	const char	*name;
} vendors[] = {
	{ 0x12d1, "Huawei" }, { 0x2c7c, "Quectel" }, { 0x1e0e, "SIMCom" },
	{ 0x1199, "Sierra Wireless" },
};

const struct profile *
profile_by_usb(int vid, int pid)
{
	size_t i, k;

	for (i = 0; i < profiles_count; i++) {
		if (profiles[i].vid != vid)
			continue;
		for (k = 0; k < PROFILE_MAX_PIDS && profiles[i].pids[k]; k++)
			if (profiles[i].pids[k] == pid)
				return &profiles[i];
	}
	return NULL;
}

const struct profile *
profile_by_id(const char *id)
{
	size_t i;

	for (i = 0; i < profiles_count; i++)
		if (strcmp(profiles[i].id, id) == 0)
			return &profiles[i];
	return NULL;
}

const char *
profile_vendor(int vid)
{
	size_t i;

	for (i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (vendors[i].vid == vid)
			return vendors[i].name;
	return NULL;
}

/* [MM] mm-plugin-huawei.c propagate_description_hints: the name says */
static enum port_role
label_role(const char *label)
{
	static const struct {
		const char	*word;
		enum port_role	 role;
	} words[] = {
		{ "pcui", ROLE_AT }, { "modem", ROLE_DATA }, { "gps", ROLE_NMEA },
		{ "diag", ROLE_DIAG },
	};
	char low[128];
	size_t i;

	for (i = 0; label[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)(label[i] >= 'A' && label[i] <= 'Z' ?
		    label[i] - 'A' + 'a' : label[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(low, words[i].word) != NULL)
			return words[i].role;
	return ROLE_NONE;
}

enum port_role
profile_role(const struct profile *p, int iface, const char *label,
    int rndis)
{
	enum port_role r;
	size_t i;

	if (p->by_label && label != NULL && *label != '\0' &&
	    (r = label_role(label)) != ROLE_NONE)
		return r;
	if (rndis)
		iface -= p->rndis_shift;
	for (i = 0; i < PROFILE_MAX_PORTS && p->ports[i].iface != -1; i++)
		if (p->ports[i].iface == iface)
			return p->ports[i].role;
	return ROLE_NONE;
}

enum port_role
profile_ucom_role(const struct profile *p, int k)
{
	size_t i;
	int n = 0;

	for (i = 0; i < PROFILE_MAX_PORTS && p->ports[i].iface != -1; i++)
		if ((p->ports[i].flags & PORT_UCOM) && n++ == k)
			return p->ports[i].role;
	return ROLE_NONE;
}

/* The entry of role, or of the AT port for a data role it has not. */
static int
entry_of(const struct profile *p, enum port_role role)
{
	size_t i;

	for (i = 0; i < PROFILE_MAX_PORTS && p->ports[i].iface != -1; i++)
		if (p->ports[i].role == role)
			return (int)i;
	return role == ROLE_DATA ? entry_of(p, ROLE_AT) : -1;
}

int
profile_iface(const struct profile *p, enum port_role role, int rndis)
{
	int e;

	if ((e = entry_of(p, role)) == -1)
		return -1;
	return p->ports[e].iface + (rndis ? p->rndis_shift : 0);
}

int
profile_ucom_port(const struct profile *p, enum port_role role)
{
	int e, i, n = 0;

	if ((e = entry_of(p, role)) == -1 ||
	    !(p->ports[e].flags & PORT_UCOM))
		return -1;
	for (i = 0; i < e; i++)
		if (p->ports[i].flags & PORT_UCOM)
			n++;
	return n;
}

const char *
profile_role_name(enum port_role r)
{
	static const char *const names[] = { "unknown", "at", "data", "nmea",
	    "diag", "audio", "net" };

	return (size_t)r < sizeof(names) / sizeof(names[0]) ? names[r] :
	    "unknown";
}

int
profile_setting_is(const struct profile_setting *s, const char *line)
{
	return s->want != NULL && profile_answer_is(s->want, line);
}

int
profile_answer_is(const char *w, const char *line)
{
	for (;;) {
		while (*line == ' ' || *line == '\t')
			line++;
		while (*w == ' ')
			w++;
		if (*w == '\0')
			return 1;
		if (*line != *w)
			return 0;
		line++;
		w++;
	}
}

enum port_role
profile_port_role(const struct profile *p, const struct serial_portinfo *pi)
{
	if (pi->interface >= 0)
		return profile_role(p, pi->interface, pi->interface_name,
		    pi->rndis);
	if (pi->ucom >= 0)
		return profile_ucom_role(p, pi->ucom);
	return ROLE_NONE;
}

/* The roles of one device's ports into f. */
static void
take_roles(const struct serial_portinfo *pi, size_t n, long device,
    struct profile_found *f)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (pi[i].device != device || pi[i].vid != f->vid ||
		    pi[i].pid != f->pid)
			continue;
		switch (profile_port_role(f->p, &pi[i])) {
		case ROLE_AT:
			if (f->at == NULL)
				f->at = pi[i].name;
			break;
		case ROLE_DATA:
			if (f->data == NULL)
				f->data = pi[i].name;
			break;
		case ROLE_NMEA:
			if (f->nmea == NULL)
				f->nmea = pi[i].name;
			break;
		default:
			break;
		}
	}
}

/* Is port i on a device an earlier known port was on? */
static int
seen_device(const struct serial_portinfo *pi, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (pi[k].vid == pi[i].vid && pi[k].pid == pi[i].pid &&
		    pi[k].device == pi[i].device)
			return 1;
	return 0;
}

enum profile_pick
profile_pick(const struct serial_portinfo *pi, size_t n,
    struct profile_found *f)
{
	const struct profile *p;
	long device = -1;
	size_t i;
	int unknown = -1;

	memset(f, 0, sizeof(*f));
	f->vid = f->pid = -1;
	for (i = 0; i < n; i++) {
		if (pi[i].vid < 0)
			continue;
		if ((p = profile_by_usb(pi[i].vid, pi[i].pid)) == NULL) {
			if (unknown == -1 && profile_vendor(pi[i].vid) != NULL)
				unknown = (int)i;
			continue;
		}
		/* ports of one device share its bus address (or unit) */
		if (seen_device(pi, i) || f->devices++ > 0)
			continue;
		f->p = p;
		f->vid = pi[i].vid;
		f->pid = pi[i].pid;
		device = pi[i].device;
	}
	if (f->devices > 1)
		return PICK_MANY;
	if (f->devices == 0) {
		if (unknown == -1)
			return PICK_NONE;
		f->vid = pi[unknown].vid;
		f->pid = pi[unknown].pid;
		return PICK_UNKNOWN;
	}
	take_roles(pi, n, device, f);
	if (f->at == NULL)
		return PICK_NO_PORT;
	if (f->data == NULL)
		f->data = f->at;
	return PICK_ONE;
}
