/*
 * profile: the modem families oobm knows, a row each (profiles[] in
 * profile.c), every fact with its source beside it: the USB identity,
 * what each USB interface carries, the data paths, the settings oobm
 * needs (USB mode, where unsolicited results go, SMS on LTE) and how to
 * read whether they are already so.  Pure data and lookups, no I/O.
 */
#ifndef OOBM_PROFILE_H
#define OOBM_PROFILE_H

#include <stddef.h>

#include "serial.h"

enum port_role {
	ROLE_NONE,	/* not in the table */
	ROLE_AT,	/* AT commands, SMS and their URCs */
	ROLE_DATA,	/* the modem port: PPP after ATD*99# */
	ROLE_NMEA,	/* the GNSS receiver's sentences */
	ROLE_DIAG,	/* the chipset's diagnostic protocol (QCDM): never AT */
	ROLE_AUDIO,	/* PCM voice */
	ROLE_NET	/* a network function (QMI, NCM, MBIM): no AT */
};

/* What becomes of an interface on each system. */
#define PORT_TTY	0x1	/* Linux: a serial port (option, qcserial) */
#define PORT_UCOM	0x2	/* FreeBSD: a u3g(4) port, cuaU<n>.<k> */

struct profile_port {
	int		 iface;		/* bInterfaceNumber; -1 ends the list */
	enum port_role	 role;
	unsigned	 flags;		/* PORT_* */
};

/* The data paths a modem offers. */
#define PATH_PPP	0x1	/* PPP on a serial port, dialled ATD*99# */
#define PATH_NET	0x2	/* its own USB network interface, dialled by AT */

/*
 * A setting oobm needs: the query, the start of the answer that means
 * it is so (compared without blanks), and the command that makes it so.
 */
struct profile_setting {
	const char	*query;
	const char	*want;
	const char	*set;
	int		 nv;		/* kept in non-volatile memory */
	int		 reset;		/* takes effect after a reset */
};

/*
 * How a modem's own USB network function is dialled by AT (PATH_NET):
 * the commands, %s the APN where one takes it; the answers are parsed by
 * netdial.h's parser of the family.
 */
enum dial_family {
	DIAL_NDIS = 1,		/* Huawei ^NDISDUP, ^NDISSTAT(QRY), ^DHCP */
	DIAL_QCRMCALL,		/* Qualcomm $QCRMCALL, +CGCONTRDP */
	DIAL_CGACT		/* 3GPP +CGACT, +CGEV, +CGCONTRDP */
};

struct profile_dial {
	const char	*apn;		/* the APN set before the dial, or NULL */
	const char	*dial;
	const char	*hangup;	/* ERROR when no call: not a failure */
	const char	*query;		/* the call's state, asked */
	const char	*urc;		/* asks for the call's URCs, or NULL */
	const char	*addrs;		/* the addresses the network gave */
	enum dial_family family;
	int		 result_late;	/* the dial's OK is not the result */
};

/*
 * Where the dial depends on the USB composition the modem was set to (a
 * Quectel's AT+QCFG="usbnet"): the answer to the row's netmode query
 * that names one (compared without blanks), and its dial; NULL when no
 * AT command dials it (MBIM).
 */
struct profile_netmode {
	const char			*answer;
	const char			*name;		/* for people: "ECM" */
	const struct profile_dial	*dial;
};

#define PROFILE_MAX_PIDS	4
#define PROFILE_MAX_NETMODES	3
#define PROFILE_MAX_PORTS	8

struct profile {
	const char		*id;		/* short name: "ec25" */
	const char		*name;		/* for people */
	int			 vid;
	int			 pids[PROFILE_MAX_PIDS];	/* 0 ends */
	struct profile_port	 ports[PROFILE_MAX_PORTS];
	/*
	 * Huawei names its interfaces ("Modem", "PCUI"): where the kernel
	 * shows the name, it says the role (ModemManager does the same).
	 */
	int			 by_label;
	/* In RNDIS mode (interface 0 of class 0xe0) the ports move up. */
	int			 rndis_shift;
	unsigned		 paths;		/* PATH_* */
	const struct profile_dial *dial;	/* PATH_NET's, or NULL */
	/* asks the USB composition; the dial of those not .dial's */
	const char		*netmode_query;
	struct profile_netmode	 netmodes[PROFILE_MAX_NETMODES];
	struct profile_setting	 mode;		/* the USB mode oobm needs */
	struct profile_setting	 urc;		/* +CMTI to the AT port */
	struct profile_setting	 ims;		/* SMS over IMS on LTE */
	const char		*storage;	/* the SMS storage to use */
	int			 lte;
	const char		*lte_sms;	/* what to do without SMS on LTE */
};

extern const struct profile	 profiles[];
extern const size_t		 profiles_count;

/* The row for a USB identity or a short name; NULL if none. */
const struct profile	*profile_by_usb(int vid, int pid);
const struct profile	*profile_by_id(const char *id);
/* "Quectel" for a vendor some row has (a half-known modem), or NULL. */
const char		*profile_vendor(int vid);

/*
 * The role of USB interface iface (Linux), from the interface's name
 * where the kernel gives one (label, may be NULL) and the profile reads
 * names, else from the table; rndis: interface 0 is RNDIS.
 */
enum port_role		 profile_role(const struct profile *, int iface,
			    const char *label, int rndis);
/* The role of u3g's port k (FreeBSD: cuaU<n>.k counts its ports). */
enum port_role		 profile_ucom_role(const struct profile *, int k);
/* The interface of role (ROLE_DATA: the AT port if none); -1 none. */
int			 profile_iface(const struct profile *, enum port_role,
			    int rndis);
/* u3g's port number for role on FreeBSD; -1 if the table cannot say. */
int			 profile_ucom_port(const struct profile *,
			    enum port_role);
const char		*profile_role_name(enum port_role);
/*
 * Does an answer line to setting's query say it is so?  Blanks are
 * ignored and letters compared as they are.
 */
/* 1 when line is the answer want, compared without blanks. */
int			 profile_answer_is(const char *want, const char *line);
int			 profile_setting_is(const struct profile_setting *,
			    const char *line);

/* The role of a listed port, from its device's row (NONE if none). */
enum port_role		 profile_port_role(const struct profile *,
			    const struct serial_portinfo *);

/*
 * The modem among the listed ports (serial_list): the one USB device the
 * table knows.  PICK_ONE fills at and data (data is at when the modem
 * has no port of its own for PPP); the others say why not, with the
 * identity of what was seen.
 */
enum profile_pick {
	PICK_ONE,
	PICK_NONE,	/* no USB serial port of a modem's vendor */
	PICK_UNKNOWN,	/* a modem's vendor, a product not in the table */
	PICK_NO_PORT,	/* a known modem; which port is AT, it cannot say */
	PICK_MANY	/* two or more known modems */
};

struct profile_found {
	const struct profile	*p;
	int			 vid, pid;
	const char		*at;	/* port names, from the list */
	const char		*data;
	const char		*nmea;
	int			 devices;	/* known modems seen */
};

enum profile_pick	 profile_pick(const struct serial_portinfo *,
			    size_t n, struct profile_found *);

#endif
