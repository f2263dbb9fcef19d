/*
 * simnet: the modem's own USB network function, dialled by AT, as the
 * vendors' manuals and ModemManager describe it (the shapes and their
 * sources are in tools/lib/netdial.c; written here apart from it):
 *
 * Huawei (e3372h): AT^NDISDUP=1,1,"apn" answers OK at once; the result
 * comes later as ^NDISSTAT: 1,,,"IPV4" (or 0,<cause>,,"IPV4"), and
 * AT^NDISSTATQRY? says it while asked.  AT^NDISDUP=1,0 on a call that is
 * down is ERROR (ModemManager: "will return ERROR! Ignore errors").
 * AT^DHCP? gives the addresses in Huawei's hex.
 *
 * Qualcomm (ec25, sim7600): AT+CGDCONT sets the APN; AT$QCRMCALL=1,1
 * answers "$QCRMCALL: 1,V4" when the call is up (or ERROR), =0,1 ends
 * it, AT$QCRMCALL? lists it; a Quectel reports +QNETDEVSTATUS: 1,<state>,
 * 4,1 once AT+QNETDEVSTATUS=1 asked for it.  AT+CGCONTRDP=1 gives the
 * addresses.
 *
 * A Quectel's USB composition (-n, AT+QCFG="usbnet": 0 RmNet, 1 ECM,
 * 2 MBIM, 3 RNDIS; a new one after a reset, EC2x manual) decides its
 * dial.  In ECM and RNDIS the module is a router and takes 3GPP TS
 * 27.007's own: AT+CGACT=1,1 answers OK once context 1 is up (OK too if
 * it is up already), or +CME ERROR: 100 + the cause (ModemManager's
 * numbers); =0,1 ends it; AT+CGACT? lists "+CGACT: 1,<state>"; after
 * AT+CGEREP=2,1 the network's drop is "+CGEV: NW PDN DEACT 1".  There
 * $QCRMCALL is ERROR: no RmNet function.
 *
 * The call needs the radio on, the SIM and the network (as ATD does);
 * an APN other than -a's (when given) is refused with 3GPP TS 24.008
 * cause 27, "missing or unknown APN".  -X HOOK: "HOOK up" makes the data
 * path when the call comes up (its failure fails the call, cause 38,
 * "network failure"), "HOOK down" takes it away when the call ends.  A
 * file "netdrop" in the state directory ends the call from the network's
 * side (cause 36, "regular deactivation"), as a carrier that drops it.
 * Closing the port does not end the call: it lives in the modem.  With
 * modemsim -b, each URC of the call is held until the next command line
 * starts to come in, and so lands before that command's echo, as a real
 * modem's may when its result and the host's next command cross.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "modemsim.h"

#define NET_UP_MS	300	/* from the dial to the call up */

static struct {
	enum sim_dial	 kind;
	const char	*dir;
	const char	*hook;		/* -X */
	const char	*want_apn;	/* -a */
	char		 apn[128];	/* of the dial, or AT+CGDCONT's */
	int		 up;
	long long	 up_at;		/* ms: the dial's result is due */
	int		 cause;		/* of the last failure */
	int		 qnetdev_urc;	/* AT+QNETDEVSTATUS=1 */
	int		 cgev_urc;	/* AT+CGEREP=2,1 */
	int		 usbnet_next;	/* AT+QCFG="usbnet",n: after a reset */
	int		 dials, hangups;
	char		 held[96];	/* -b: the URC held for the next line */
} n;

int sim_usbnet;

/* A Quectel in ECM or RNDIS: a router, dialled by +CGACT */
static int
router(void)
{
	return n.kind == SD_QCRMCALL && sim_quectel() &&
	    (sim_usbnet == 1 || sim_usbnet == 3);
}

void
net_init(const char *dir, enum sim_dial kind, const char *hook,
    const char *want_apn)
{
	n.usbnet_next = sim_usbnet;
	n.dir = dir;
	n.kind = kind;
	n.hook = hook;
	n.want_apn = want_apn;
}

/* "HOOK up" or "HOOK down": 0 when it did its part. */
static int
run_hook(const char *what)
{
	pid_t pid;
	int st;

	if (n.hook == NULL)
		return 0;
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", n.hook, what,
		    (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The call's state told as the modem tells it, unasked. */
static void
report(void)
{
	char buf[96];

	if (!sim_urcs_here())
		return;
	if (n.kind == SD_NDIS && n.up)
		snprintf(buf, sizeof(buf), "\r\n^NDISSTAT: 1,,,\"IPV4\"\r\n");
	else if (n.kind == SD_NDIS)
		snprintf(buf, sizeof(buf), "\r\n^NDISSTAT: 0,%d,,\"IPV4\"\r\n",
		    n.cause);
	else if (router() && n.cgev_urc)
		snprintf(buf, sizeof(buf), "\r\n+CGEV: %s 1\r\n",
		    n.up ? "ME PDN ACT" : n.cause == 0 ? "ME PDN DEACT" :
		    "NW PDN DEACT");
	else if (n.qnetdev_urc)
		snprintf(buf, sizeof(buf), "\r\n+QNETDEVSTATUS: 1,%d,4,1\r\n",
		    n.up ? 1 : 0);
	else
		return;
	if (sim_hold_urcs)
		snprintf(n.held, sizeof(n.held), "%s", buf);
	else
		puts_raw(buf);
}

/* -b: the URC held lands as the next command line begins to come in. */
void
net_flush(void)
{
	if (n.held[0] == '\0')
		return;
	puts_raw(n.held);
	n.held[0] = '\0';
}

static void
call_down(int cause)
{
	if (n.up)
		run_hook("down");
	n.up = 0;
	n.up_at = 0;
	n.cause = cause;
	report();
	net_save();
}

/* The dial's outcome: 0 up, else the 24.008 cause it failed with. */
static int
call_try(void)
{
	if (!sim_can_dial())
		return 30;	/* activation rejected */
	if (n.apn[0] == '\0' ||
	    (n.want_apn != NULL && strcmp(n.apn, n.want_apn) != 0))
		return 27;	/* missing or unknown APN */
	if (run_hook("up") != 0)
		return 38;	/* network failure */
	return 0;
}

static void
call_up(void)
{
	int cause;

	n.up_at = 0;
	if ((cause = call_try()) != 0) {
		call_down(cause);
		return;
	}
	n.up = 1;
	n.cause = 0;
	report();
	net_save();
}

/* "=1,1,\"apn\"..." or "=1,0": Huawei's dial and hang-up */
static void
cmd_ndisdup(const char *args)
{
	const char *q;
	size_t len;

	if (strncmp(args, "=1,0", 4) == 0 && args[4] == '\0') {
		n.hangups++;
		if (!n.up && n.up_at == 0) {
			respond("ERROR");
			return;
		}
		final_ok();
		call_down(0);
		return;
	}
	if (strncmp(args, "=1,1,\"", 6) != 0 ||
	    (q = strchr(args + 6, '"')) == NULL ||
	    (len = (size_t)(q - args - 6)) >= sizeof(n.apn)) {
		respond("+CME ERROR: 50");
		return;
	}
	n.dials++;
	memcpy(n.apn, args + 6, len);
	n.apn[len] = '\0';
	final_ok();
	if (!n.up)
		n.up_at = sim_now_ms() + NET_UP_MS;
}

static void
cmd_ndisstatqry(void)
{
	if (n.up)
		respond("^NDISSTATQRY: 1,,,\"IPV4\",0,,,\"IPV6\"");
	else
		respond("^NDISSTATQRY: 0,%d,,\"IPV4\",0,,,\"IPV6\"", n.cause);
	final_ok();
}

/* "=1,1" dials, "=0,1" hangs up, "?" lists: Qualcomm's */
static void
cmd_qcrmcall(const char *args)
{
	if (strcmp(args, "?") == 0) {
		if (n.up)
			respond("$QCRMCALL: 1,V4");
		final_ok();
	} else if (strncmp(args, "=1,1", 4) == 0) {
		n.dials++;
		snprintf(n.apn, sizeof(n.apn), "%s", sim_apn());
		if (!n.up)
			call_up();
		if (n.up) {
			respond("$QCRMCALL: 1,V4");
			final_ok();
		} else
			respond("ERROR");
	} else if (strncmp(args, "=0,1", 4) == 0) {
		n.hangups++;
		final_ok();
		call_down(0);
	} else
		respond("ERROR");
}

/* "=1,1" activates context 1, "=0,1" ends it, "?" lists: 3GPP's */
static void
cmd_cgact(const char *args)
{
	if (strcmp(args, "?") == 0) {
		respond("+CGACT: 1,%d", n.up);
		final_ok();
	} else if (strcmp(args, "=1,1") == 0) {
		n.dials++;
		snprintf(n.apn, sizeof(n.apn), "%s", sim_apn());
		if (!n.up)
			call_up();
		if (n.up)
			final_ok();
		else
			cme_error(100 + n.cause, "activation rejected");
	} else if (strcmp(args, "=0,1") == 0) {
		n.hangups++;
		final_ok();
		if (n.up)
			call_down(0);
	} else
		respond("ERROR");
}

/* AT+CGEREP=2,1 (the events, buffered while the link is reserved) */
static void
cmd_cgerep(const char *args)
{
	if (strcmp(args, "=2,1") == 0 || strcmp(args, "=0") == 0) {
		n.cgev_urc = args[1] == '2';
		final_ok();
	} else if (strcmp(args, "?") == 0) {
		respond("+CGEREP: %d,%d", n.cgev_urc ? 2 : 0, n.cgev_urc);
		final_ok();
	} else
		respond("ERROR");
}

/* AT+QCFG="usbnet"[,n]: the USB composition, a new one after a reset */
static void
cmd_usbnet(const char *args)
{
	if (*args == '\0') {
		respond("+QCFG: \"usbnet\",%d", sim_usbnet);
		final_ok();
	} else if (args[0] == ',' && args[1] >= '0' && args[1] <= '3' &&
	    args[2] == '\0') {
		n.usbnet_next = args[1] - '0';
		final_ok();
	} else
		respond("ERROR");
}

static void
cmd_qnetdevstatus(const char *args)
{
	if (strcmp(args, "?") == 0) {
		if (n.up)
			respond("+QNETDEVSTATUS: %d,1,4,1", n.qnetdev_urc);
		else
			respond("+QNETDEVSTATUS: %d", n.qnetdev_urc);
		final_ok();
	} else if (strcmp(args, "=0") == 0 || strcmp(args, "=1") == 0) {
		n.qnetdev_urc = args[1] == '1';
		final_ok();
	} else
		respond("ERROR");
}

/*
 * The addresses the network gave the call, in the test's range: the
 * modem 198.18.7.2/30, the carrier's side 198.18.7.1, its name server.
 */
static void
cmd_addresses(int huawei)
{
	if (!n.up) {
		respond(huawei ? "ERROR" : "OK");
		return;
	}
	if (huawei)
		respond("^DHCP: 020712c6,fcffffff,010712c6,010712c6,"
		    "010712c6,00000000,150000000,50000000");
	else
		respond("+CGCONTRDP: 1,5,\"%s\",\"198.18.7.2.255.255.255.252\","
		    "\"198.18.7.1\",\"198.18.7.1\",\"0.0.0.0\"", n.apn);
	final_ok();
}

int
net_command(const char *c)
{
	if (n.kind == SD_NDIS && strncasecmp(c, "^NDISDUP", 8) == 0)
		cmd_ndisdup(c + 8);
	else if (n.kind == SD_NDIS && strcasecmp(c, "^NDISSTATQRY?") == 0)
		cmd_ndisstatqry();
	else if (n.kind == SD_NDIS && strcasecmp(c, "^DHCP?") == 0)
		cmd_addresses(1);
	else if (n.kind == SD_QCRMCALL && sim_quectel() &&
	    strncasecmp(c, "+QCFG=\"usbnet\"", 14) == 0)
		cmd_usbnet(c + 14);
	else if (router() && strncasecmp(c, "$QCRMCALL", 9) == 0)
		respond("ERROR");
	else if (router() && strncasecmp(c, "+CGACT", 6) == 0)
		cmd_cgact(c + 6);
	else if (router() && strncasecmp(c, "+CGEREP", 7) == 0)
		cmd_cgerep(c + 7);
	else if (n.kind == SD_QCRMCALL && strncasecmp(c, "$QCRMCALL", 9) == 0)
		cmd_qcrmcall(c + 9);
	else if (n.kind == SD_QCRMCALL && sim_quectel() &&
	    strncasecmp(c, "+QNETDEVSTATUS", 14) == 0)
		cmd_qnetdevstatus(c + 14);
	else if (n.kind != SD_NONE && (strcasecmp(c, "+CGCONTRDP=1") == 0 ||
	    strcasecmp(c, "+CGCONTRDP") == 0))
		cmd_addresses(0);
	else
		return 0;
	return 1;
}

/* From the main loop: a dial's result due, or the network's drop. */
void
net_poll(void)
{
	char path[1024];

	if (n.up_at != 0 && sim_now_ms() >= n.up_at)
		call_up();
	if (n.dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/netdrop", n.dir);
	if (access(path, F_OK) == 0) {
		unlink(path);
		call_down(36);
	}
}

/* The modem reset or unplugged: the call is gone with it. */
void
net_reset(void)
{
	if (n.up)
		run_hook("down");
	n.up = 0;
	n.up_at = 0;
	n.qnetdev_urc = 0;
	n.cgev_urc = 0;
	sim_usbnet = n.usbnet_next;
}

/* For the state directory: "up dials hangups apn" */
void
net_save(void)
{
	char path[1024];
	FILE *fp;

	if (n.dir == NULL || n.kind == SD_NONE)
		return;
	snprintf(path, sizeof(path), "%s/netcall", n.dir);
	if ((fp = fopen(path, "w")) == NULL)
		return;
	fprintf(fp, "up=%d dials=%d hangups=%d cause=%d apn=%s\n", n.up,
	    n.dials, n.hangups, n.cause, n.apn);
	fclose(fp);
}
