/*
 * modemsim: a Huawei E1752 on a pty, for tests.
 *
 * It opens a pseudo-terminal, prints the slave's path (and links it with
 * -L), and answers AT commands there the way the E1752's PCUI port does:
 * echo as typed (ATE1), responses framed "\r\n...\r\n", final result codes,
 * +CME ERROR per AT+CMEE, ATD*99# -> CONNECT, and unsolicited ^RSSI/^BOOT/
 * ^MODE/^DSFLOWRPT lines at random points.  A client closing the tty is
 * DTR dropping: a data call ends, as with AT&D2.  Faults on request: silence,
 * garbage, hang-up mid-response, slow answers, ERROR (or any final result
 * code) for given commands, and the wedges field reports describe for
 * Huawei sticks (-W), each cleared by what clears it on the real thing:
 * "port" (nothing answered until the tty is closed and opened again),
 * "cmgl" (AT+CMGL and AT+CMGR never finish, until AT+CFUN=0 then =1),
 * "dial" (NO CARRIER on dial while SMS works, until a reset).  -E: echo
 * off from power-up (an ATE0 stored with AT&W; ATZ keeps it).  -p: the
 * identity and vendor commands of another modem (ec25: AT+QURCCFG,
 * AT+QCFG="ims"; sim7600, e3372h, mc7455).  -M: the network: 3g (the default), lte (SMS
 * over SGs: +CREG registered too), lte-nosms (registered for data alone:
 * no SMS arrive, AT+CMGS gets +CMS ERROR: 331; a Quectel's IMS turned on
 * makes it lte-ims at the next reset), lte-ims.  A personality whose
 * modem has its own USB network function (e3372h, ec25, sim7600) is
 * dialled for it by AT (simnet.c: -a the APN the network takes, -X the
 * hook that makes the data path, -b its URCs held until the next command
 * line begins, -n a Quectel's USB composition, AT+QCFG="usbnet").  -P: a SIM
 * waiting for its PIN; -N: another registration state.  AT+CFUN=1,1
 * resets the modem: the USB device goes away (the pty closed, the -L link
 * and "tty" removed) and comes back -R milliseconds later as a new pty.
 * -O: what a predecessor that died left for each client at its open:
 * "prompt:MS" (the "> " of its AT+CMGS, whose ESC the modem answers MS
 * late), "reply:MS" (the modem still busy with its command for MS, then
 * its answer, before anything of the new client's), "urcs:MS" (a burst
 * of URCs, one every 10 ms for MS).  "opens.log" has, per open, the
 * milliseconds from the open to the client's first command.
 *
 * State lives in a directory (-d) so tests can look in: "tty" (the slave
 * path), "pid", "commands.log" (every command line received), and the SMS
 * store (simsms.c); -I a message that arrives while the modem answers
 * that command ("AT+CMGL"): the inbox held until it comes, then taken,
 * with its +CMTI, just before the command's OK.  With -S it only puts a message from sender into that
 * directory's inbox, for the running simulator to receive.  libc only.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "modemsim.h"
#include "simpty.h"

#define LINE_MAX_SIM	1024
#define MAX_ERRS	16

enum fault { F_NONE, F_SILENT, F_GARBAGE, F_HANGUP };
/* -O: what a client finds at its open */
enum leftover { O_NONE, O_PROMPT, O_REPLY, O_URCS };

/* -M: the network it is registered on */
enum net { N_3G, N_LTE, N_LTE_NOSMS, N_LTE_IMS };

/*
 * -p: whose identity and vendor commands it has (sources in
 * docs/modems.md: Huawei's, Quectel's EC2x AT manual 2.1 and an EC25's
 * own ATI, a SIM7600G-H's ATI).
 */
struct personality {
	const char	*name;
	const char	*ati[6];
	const char	*cgmi, *cgmm, *cgmr;
	int		 lte;		/* answers AT+CEREG? and AT+CIREG? */
	int		 quectel;	/* AT+QURCCFG, AT+QCFG */
	enum sim_dial	 dial;		/* its USB network function's dial */
};

static const struct personality personalities[] = {
	{ "e1752", { "Manufacturer: huawei", "Model: E1752",
	    "Revision: 11.126.03.01.314", "IMEI: 353142034443431",
	    "+GCAP: +CGSM,+DS,+ES" }, "huawei", "E1752", "11.126.03.01.314",
	    0, 0, SD_NONE },
	{ "ec25", { "Quectel", "EC25", "Revision: EC25EFAR06A06M4G" },
	    "Quectel", "EC25", "EC25EFAR06A06M4G", 1, 1, SD_QCRMCALL },
	{ "sim7600", { "Manufacturer: SIMCOM INCORPORATED",
	    "Model: SIMCOM_SIM7600G-H", "Revision: SIM7600M22_V2.0",
	    "IMEI: 868822040061788", "+GCAP: +CGSM" }, "SIMCOM INCORPORATED",
	    "SIMCOM_SIM7600G-H", "+CGMR: LE20B04SIM7600G22", 1, 0,
	    SD_QCRMCALL },
	/* an E3372h-320 (gcom, forum.openwrt.org 126018); an MC7455's ATI */
	{ "e3372h", { "Manufacturer: Huawei Technologies Co.,Ltd.",
	    "Model: E3372h-320", "Revision: 11.0.1.1(H697SP2C983)",
	    "IMEI: 866123456789012", "+GCAP: +CGSM,+DS,+ES" },
	    "Huawei Technologies Co.,Ltd.", "E3372h-320",
	    "11.0.1.1(H697SP2C983)", 1, 0, SD_NDIS },
	{ "mc7455", { "Manufacturer: Sierra Wireless, Incorporated",
	    "Model: MC7455", "Revision: SWI9X30C_02.33.03.00 r8209 "
	    "CARMD-EV-FRMWR2 2019/08/28 20:59:30", "IMEI: 111111111111110",
	    "+GCAP: +CGSM" }, "Sierra Wireless, Incorporated", "MC7455",
	    "SWI9X30C_02.33.03.00", 1, 0, SD_NONE },
	{ NULL, { NULL }, NULL, NULL, NULL, 0, 0, SD_NONE }
};

/* -W: wedges, as bits */
#define W_PORT	0x1
#define W_CMGL	0x2
#define W_DIAL	0x4

struct errcmd {
	const char	*cmd;
	const char	*reply;
};

static struct {
	int		 master;
	const char	*link;
	const char	*dir;
	enum fault	 fault;
	int		 wedged;	/* W_* */
	int		 reset_ms;	/* -R: away this long after AT+CFUN=1,1 */
	int		 reset_pending;
	int		 had_client;	/* bytes read since the last close */
	int		 delay_ms;
	int		 urc_pct;
	enum leftover	 leftover;	/* -O */
	int		 leftover_ms;
	int		 opened;	/* a client holds the port */
	long long	 opened_at;	/* ms, when it opened */
	int		 first_logged;	/* its first command, in opens.log */
	long long	 urcs_until;	/* ms: the burst of -O urcs */
	struct errcmd	 errs[MAX_ERRS];
	int		 nerrs;
	/* modem state */
	int		 cmee;
	int		 echo_stored;	/* -E: ATE0 kept over power-up */
	int		 cfun;
	int		 pin;		/* -P: the SIM waits for its PIN */
	int		 creg;		/* -N: registration, 27.007 <stat> */
	int		 u2diag;
	const struct personality *pers;	/* -p */
	enum net	 net;		/* -M */
	char		 urcport[16];	/* Quectel AT+QURCCFG="urcport" */
	int		 ims;		/* Quectel AT+QCFG="ims", NV */
	int		 portsel;	/* Huawei AT^PORTSEL, until a reset */
	int		 online;	/* data mode after CONNECT */
	int		 plus;		/* '+' seen in data mode */
	char		 apn[128];
	char		 line[LINE_MAX_SIM];
	size_t		 len;
} m = { .master = -1, .cfun = 1, .portsel = 1, .u2diag = 255, .reset_ms = 2000,
    .creg = 1, .echo_stored = 1 };

int sim_echo = 1;
int sim_hold_urcs;
int sim_sms_service = 1;
const char *sim_arrive_in;

static volatile sig_atomic_t quit;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: modemsim [-d dir] [-L link] [-f silent|garbage|"
	    "hangup] [-D delay_ms]\n"
	    "                [-u urc_percent] [-r seed] [-T lifetime_s] "
	    "[-c capacity]\n"
	    "                [-W port|cmgl|dial] [-R reset_ms] [-N creg] [-EP]\n"
	    "                [-p e1752|ec25|sim7600|e3372h|mc7455]\n"
	    "                [-M 3g|lte|lte-nosms|lte-ims]\n"
	    "                [-e command[|reply|hangup]] [-O prompt|reply|urcs:ms]"
	    " ...\n"
	    "                [-a apn] [-b] [-X hook] [-I command]\n"
	    "       modemsim -d dir -S sender [-Z yy/MM/dd,hh:mm:ss+zz] "
	    "[-C ref:total:seq] [-AU] text\n");
	exit(64);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "modemsim: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	exit(1);
}

static void
cleanup(void)
{
	if (m.link != NULL)
		unlink(m.link);
}

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

void
sleep_ms(int ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR && !quit)
		;
}

long long
sim_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait up to ms for a client to open the port, in 1 ms naps: a real
 * stick answers the first command after an open at once, and a 50 ms
 * nap, then a 5 ms one, was most of a tool's run against the simulator.
 */
static void
nap_until_opened(int ms)
{
	struct pollfd p;

	p.fd = m.master;
	p.events = POLLIN;
	for (; ms > 0 && !quit; ms--) {
		if (poll(&p, 1, 0) == 0 || (p.revents & POLLIN) != 0)
			return;		/* opened: quiet, or already talking */
		sleep_ms(1);
	}
}

/* A UART does not block its sender: what the client does not read is lost. */
void
put(const char *s, size_t len)
{
	ssize_t n;
	int tries = 0;

	while (len > 0 && tries < 50) {
		n = write(m.master, s, len);
		if (n > 0) {
			s += n;
			len -= (size_t)n;
		} else if (n == -1 && errno == EAGAIN) {
			tries++;
			sleep_ms(10);
		} else
			return;
	}
}

void
puts_raw(const char *s)
{
	put(s, strlen(s));
}

static void
urc_maybe(void)
{
	char buf[160];
	int v;

	if (m.urc_pct == 0 || rand() % 100 >= m.urc_pct)
		return;
	v = 10 + rand() % 20;
	switch (rand() % 4) {
	case 0:
		snprintf(buf, sizeof(buf), "\r\n^RSSI:%d\r\n", v);
		break;
	case 1:
		snprintf(buf, sizeof(buf), "\r\n^BOOT:24713307,0,0,0,%d\r\n",
		    v);
		break;
	case 2:
		snprintf(buf, sizeof(buf), "\r\n^MODE:5,%d\r\n", v % 8);
		break;
	default:
		snprintf(buf, sizeof(buf), "\r\n^DSFLOWRPT:00000012,00000000,"
		    "00000000,0000000000000C3D,0000000000000B1C,0003E800,"
		    "0003E800\r\n");
		break;
	}
	puts_raw(buf);
}

/* One response line, framed as ATV1 frames it; maybe a URC before it. */
void
respond(const char *fmt, ...)
{
	char buf[LINE_MAX_SIM + 8];
	va_list ap;
	int n;

	if (m.delay_ms > 0)
		sleep_ms(m.delay_ms);
	urc_maybe();
	buf[0] = '\r';
	buf[1] = '\n';
	va_start(ap, fmt);
	n = vsnprintf(buf + 2, sizeof(buf) - 4, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(buf) - 5)
		n = (int)sizeof(buf) - 5;
	memcpy(buf + 2 + n, "\r\n", 2);
	if (m.fault == F_HANGUP) {
		/* Half a line, then the modem is gone (USB reset). */
		put(buf, (size_t)(2 + n / 2));
		fprintf(stderr, "modemsim: hanging up\n");
		cleanup();
		exit(0);
	}
	put(buf, (size_t)n + 4);
}

void
final_ok(void)
{
	sms_arrive_now();
	respond("OK");
	urc_maybe();
}

/* An error as AT+CMEE asks: ERROR, +CME ERROR: n or +CME ERROR: text. */
void
cme_error(int n, const char *text)
{
	if (m.cmee == 0)
		respond("ERROR");
	else if (m.cmee == 1)
		respond("+CME ERROR: %d", n);
	else
		respond("+CME ERROR: %s", text);
}

static void
garbage(void)
{
	char buf[512];
	size_t i, n;

	n = 64 + (size_t)(rand() % 400);
	for (i = 0; i < n; i++) {
		buf[i] = (char)(rand() % 256);
		/* No result code or prompt can form: no O, B, >. */
		if (buf[i] == 'O' || buf[i] == 'B' || buf[i] == '>')
			buf[i] = '?';
	}
	put(buf, n);
}

static void
log_command(const char *cmd)
{
	char path[1024];
	FILE *fp;

	if (m.dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/commands.log", m.dir);
	if ((fp = fopen(path, "a")) == NULL)
		return;
	fprintf(fp, "%s\n", cmd);
	fclose(fp);
}

/* How long after its open a client sent its first command. */
static void
log_first_command(void)
{
	char path[1024];
	FILE *fp;

	if (m.dir == NULL || !m.opened || m.first_logged)
		return;
	m.first_logged = 1;
	snprintf(path, sizeof(path), "%s/opens.log", m.dir);
	if ((fp = fopen(path, "a")) == NULL)
		return;
	fprintf(fp, "%lld\n", sim_now_ms() - m.opened_at);
	fclose(fp);
}

/* A client has opened the port: what a dead predecessor left meets it. */
static void
client_opened(void)
{
	m.opened = 1;
	m.opened_at = sim_now_ms();
	m.first_logged = 0;
	switch (m.leftover) {
	case O_PROMPT:
		sms_leftover_prompt(m.leftover_ms);
		break;
	case O_REPLY:
		/* busy with the predecessor's AT+CSQ: its answer comes first */
		sleep_ms(m.leftover_ms);
		puts_raw("\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
		break;
	case O_URCS:
		m.urcs_until = m.opened_at + m.leftover_ms;
		break;
	default:
		break;
	}
}

/* -O urcs: one URC every 10 ms until the burst is over. */
static void
urc_burst(void)
{
	static const char *const urc[] = {
		"\r\n^RSSI:17\r\n", "\r\n^MODE:5,4\r\n",
		"\r\n^BOOT:24713307,0,0,0,72\r\n",
		("\r\n^DSFLOWRPT:00000012,00000000,00000000,0000000000000C3D,"
		"0000000000000B1C,0003E800,0003E800\r\n")
	};
	static long long next;
	static unsigned int k;
	long long t = sim_now_ms();

	if (t >= m.urcs_until || t < next)
		return;
	puts_raw(urc[k++ % (sizeof(urc) / sizeof(urc[0]))]);
	next = t + 10;
}

static void
parse_leftover(const char *arg)
{
	const char *colon = strchr(arg, ':');
	size_t n = colon != NULL ? (size_t)(colon - arg) : strlen(arg);

	if (n == 6 && strncmp(arg, "prompt", n) == 0)
		m.leftover = O_PROMPT;
	else if (n == 5 && strncmp(arg, "reply", n) == 0)
		m.leftover = O_REPLY;
	else if (n == 4 && strncmp(arg, "urcs", n) == 0)
		m.leftover = O_URCS;
	else {
		fprintf(stderr, "modemsim: unknown leftover %s\n", arg);
		exit(64);
	}
	m.leftover_ms = colon != NULL ? atoi(colon + 1) : 0;
}

static int
injected_error(const char *cmd)
{
	int i;

	for (i = 0; i < m.nerrs; i++)
		if (strcasecmp(cmd, m.errs[i].cmd) == 0) {
			/* "hangup": the modem is gone mid-answer */
			if (strcmp(m.errs[i].reply, "hangup") == 0)
				m.fault = F_HANGUP;
			respond("%s", m.errs[i].reply);
			return 1;
		}
	return 0;
}

/* "=n" or "n" after a basic or extended command: the number, or -1. */
static int
arg_num(const char *s)
{
	char *end;
	long v;

	if (*s == '=')
		s++;
	if (*s == '\0')
		return 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > 255)
		return -1;
	return (int)v;
}

static void
cmd_ati(void)
{
	const char *const *l;

	for (l = m.pers->ati; *l != NULL; l++)
		respond("%s", *l);
	final_ok();
}

int
sim_urcs_here(void)
{
	return !m.pers->quectel || strcmp(m.urcport, "usbat") == 0 ||
	    strcmp(m.urcport, "all") == 0;
}

/* The circuit-switched registration: none when attached for data alone. */
static int
cs_stat(void)
{
	return m.net == N_LTE_NOSMS || m.net == N_LTE_IMS ? 0 : m.creg;
}

/*
 * Huawei's AT^PORTSEL=<n>, where URCs go: 0 the PCUI port, 1 the modem
 * port (ModemManager, mm-broadband-modem-huawei.c, which sets 0); not
 * kept over a reset, so a stick comes up with 1, the worse for oobm.
 */
static int
cmd_huawei(const char *c)
{
	if (strncasecmp(m.pers->cgmi, "huawei", 6) != 0 ||
	    strncasecmp(c, "^PORTSEL", 8) != 0)
		return 0;
	c += 8;
	if (strcmp(c, "?") == 0) {
		respond("^PORTSEL: %d", m.portsel);
		final_ok();
	} else if (strcmp(c, "=0") == 0 || strcmp(c, "=1") == 0) {
		m.portsel = c[1] - '0';
		final_ok();
	} else
		respond("ERROR");
	return 1;
}

/* AT+QURCCFG="urcport"[,"port"] and AT+QCFG="ims"[,n] (EC2x manual) */
static int
cmd_quectel(const char *c)
{
	const char *v;

	if (!m.pers->quectel)
		return 0;
	if (strncasecmp(c, "+QURCCFG=\"urcport\"", 18) == 0) {
		v = c + 18;
		if (*v == '\0') {
			respond("+QURCCFG: \"urcport\",\"%s\"", m.urcport);
			final_ok();
		} else if (v[0] == ',' && v[1] == '"' &&
		    strlen(v + 2) < sizeof(m.urcport)) {
			snprintf(m.urcport, sizeof(m.urcport), "%.*s",
			    (int)strcspn(v + 2, "\""), v + 2);
			final_ok();
		} else
			respond("ERROR");
		return 1;
	}
	if (strncasecmp(c, "+QCFG=\"ims\"", 11) == 0) {
		v = c + 11;
		if (*v == '\0') {
			respond("+QCFG: \"ims\",%d,0", m.ims);
			final_ok();
		} else if (strcmp(v, ",0") == 0 || strcmp(v, ",1") == 0) {
			m.ims = v[1] - '0';	/* in NV; after a reset */
			final_ok();
		} else
			respond("ERROR");
		return 1;
	}
	return 0;
}

/* "AT+CFUN=1", "AT+CFUN?": set or query a small number. */
static void
cmd_setting(const char *name, const char *args, int *value, int max)
{
	int v;

	if (strcmp(args, "?") == 0) {
		respond("%s%s%d", name, name[0] == '^' ? ":" : ": ", *value);
		final_ok();
		return;
	}
	if (strcmp(args, "=?") == 0) {
		respond("%s%s(0-%d)", name, name[0] == '^' ? ":" : ": ", max);
		final_ok();
		return;
	}
	if (args[0] != '=' || (v = arg_num(args)) < 0 || v > max) {
		cme_error(50, "Incorrect parameters");
		return;
	}
	*value = v;
	final_ok();
}

/*
 * ATSn? and ATSn=v: the V.250 S-parameters (6.2, 6.3), their defaults;
 * a read answers three digits with leading zeros (V.250 5.3.2).
 */
static void
cmd_sreg(const char *c)
{
	static int sreg[13] = { 0, 0, 43, 13, 10, 8, 2, 50, 2, 0, 2, 0, 0 };
	char *end;
	long n;
	int v;

	n = strtol(c, &end, 10);
	if (end == c || n < 0 || n >= (long)(sizeof(sreg) / sizeof(sreg[0]))) {
		respond("ERROR");
		return;
	}
	if (strcmp(end, "?") == 0) {
		respond("%03d", sreg[n]);
		final_ok();
	} else if (*end == '=' && (v = arg_num(end)) >= 0) {
		sreg[n] = v;
		final_ok();
	} else
		respond("ERROR");
}

static void
cmd_cgdcont(const char *args)
{
	const char *q1, *q2;

	if (strcmp(args, "?") == 0) {
		if (m.apn[0] != '\0')
			respond("+CGDCONT: 1,\"IP\",\"%s\",\"0.0.0.0\",0,0",
			    m.apn);
		final_ok();
		return;
	}
	/* =1,"IP","apn" */
	if (strncmp(args, "=1,\"IP\",\"", 9) != 0 ||
	    (q1 = args + 8) == NULL || (q2 = strchr(q1 + 1, '"')) == NULL ||
	    (size_t)(q2 - q1 - 1) >= sizeof(m.apn)) {
		cme_error(50, "Incorrect parameters");
		return;
	}
	memcpy(m.apn, q1 + 1, (size_t)(q2 - q1 - 1));
	m.apn[q2 - q1 - 1] = '\0';
	final_ok();
}

/* the data side not wedged, the radio on, the SIM ready, a network */
int
sim_can_dial(void)
{
	return !(m.wedged & W_DIAL) && m.cfun != 0 && !m.pin &&
	    (m.creg == 1 || m.creg == 5);
}

const char *
sim_apn(void)
{
	return m.apn;
}

int
sim_quectel(void)
{
	return m.pers->quectel;
}

static void
cmd_dial(const char *number)
{
	if (!sim_can_dial()) {
		respond("NO CARRIER");
		return;
	}
	if (strcmp(number, "*99#") != 0 && strcmp(number, "*99***1#") != 0) {
		respond("NO CARRIER");
		return;
	}
	if (m.apn[0] == '\0')
		fprintf(stderr, "modemsim: dialling without AT+CGDCONT\n");
	respond("CONNECT 7200000");
	m.online = 1;
	m.plus = 0;
}

/*
 * AT+CFUN: 0 radio off, 1 on (off then on clears a wedged SMS side),
 * "1,1" a reset: OK first, then the USB device goes away (main loop).
 */
static void
cmd_cfun(const char *args)
{
	if (strcmp(args, "=1,1") == 0) {
		final_ok();
		m.reset_pending = 1;
		return;
	}
	if (strcmp(args, "=1") == 0 && m.cfun == 0)
		m.wedged &= ~W_CMGL;
	if (strcmp(args, "=0") == 0 || strcmp(args, "=4") == 0)
		net_reset();	/* the radio off: no call */
	cmd_setting("+CFUN", args, &m.cfun, 7);
}

static int
wedged_on(const char *c)
{
	if (m.wedged & W_PORT)
		return 1;
	return (m.wedged & W_CMGL) && (strncasecmp(c, "+CMGL", 5) == 0 ||
	    strncasecmp(c, "+CMGR", 5) == 0);
}

static void
execute(const char *line)
{
	const char *c;

	log_command(line);
	log_first_command();
	if (m.fault == F_SILENT)
		return;
	if (m.fault == F_GARBAGE) {
		garbage();
		return;
	}
	if (injected_error(line))
		return;
	c = line + 2;
	if (wedged_on(c))
		return;		/* no answer: the client times out */
	if (*c == '\0')
		final_ok();
	else if (strcasecmp(c, "E") == 0 || strcasecmp(c, "E0") == 0)
		sim_echo = 0, final_ok();
	else if (strcasecmp(c, "E1") == 0)
		sim_echo = 1, final_ok();
	else if (strcasecmp(c, "I") == 0)
		cmd_ati();
	else if (strcasecmp(c, "Z") == 0)
		sim_echo = m.echo_stored, m.cmee = 0, final_ok();
	else if (strcasecmp(c, "&F") == 0)
		sim_echo = 1, m.cmee = 0, final_ok();
	else if (strcasecmp(c, "H") == 0 || strcasecmp(c, "H0") == 0)
		m.online = 0, final_ok();
	else if (toupper((unsigned char)*c) == 'D')
		cmd_dial(c + 1);
	else if (toupper((unsigned char)*c) == 'S' &&
	    isdigit((unsigned char)c[1]))
		cmd_sreg(c + 1);
	else if (strcasecmp(c, "+CGMI") == 0 || strcasecmp(c, "+GMI") == 0)
		respond("%s", m.pers->cgmi), final_ok();
	else if (strcasecmp(c, "+CGMM") == 0 || strcasecmp(c, "+GMM") == 0)
		respond("%s", m.pers->cgmm), final_ok();
	else if (strcasecmp(c, "+CGMR") == 0)
		respond("%s", m.pers->cgmr), final_ok();
	else if (strcasecmp(c, "+CGSN") == 0)
		respond("353142034443431"), final_ok();
	else if (strcasecmp(c, "+CSQ") == 0)
		respond("+CSQ: 17,99"), final_ok();
	/* a SIM without a PIN, registered at home with a Swedish operator,
	 * unless -P or -N say otherwise */
	else if (strcasecmp(c, "+CPIN?") == 0)
		respond("+CPIN: %s", m.pin ? "SIM PIN" : "READY"), final_ok();
	else if (m.pin && (strncasecmp(c, "+CMG", 4) == 0 ||
	    strncasecmp(c, "+CPMS", 5) == 0))
		respond("+CMS ERROR: 311");	/* SIM PIN required */
	else if (strcasecmp(c, "+CREG?") == 0)
		respond("+CREG: 0,%d", cs_stat()), final_ok();
	else if (strcasecmp(c, "+CGREG?") == 0)
		respond("+CGREG: 0,%d", m.creg), final_ok();
	else if (strcasecmp(c, "+CEREG?") == 0 && m.pers->lte)
		respond("+CEREG: 0,%d", m.net == N_3G ? 0 : m.creg),
		    final_ok();
	else if (strcasecmp(c, "+CIREG?") == 0 && m.pers->lte)
		respond("+CIREG: 0,%d", m.net == N_LTE_IMS), final_ok();
	else if (strcasecmp(c, "+COPS?") == 0) {
		if (m.creg == 1 || m.creg == 5)
			respond("+COPS: 0,0,\"Telia\",%d",
			    m.net == N_3G ? 2 : 7);
		else
			respond("+COPS: 0");
		final_ok();
	}
	else if (cmd_huawei(c))
		;
	else if (cmd_quectel(c))
		;
	else if (strncasecmp(c, "^U2DIAG", 7) == 0)
		cmd_setting("^U2DIAG", c + 7, &m.u2diag, 276);
	else if (strncasecmp(c, "+CFUN", 5) == 0)
		cmd_cfun(c + 5);
	else if (strncasecmp(c, "+CMEE", 5) == 0)
		cmd_setting("+CMEE", c + 5, &m.cmee, 2);
	else if (strncasecmp(c, "+CGDCONT", 8) == 0)
		cmd_cgdcont(c + 8);
	else if (net_command(c))
		net_save();
	else if (!sms_command(c))
		respond("ERROR");
}

/* Data mode: PPP bytes are swallowed; "+++" returns to command mode. */
static void
online_byte(char ch)
{
	if (ch != '+') {
		m.plus = 0;
		return;
	}
	if (++m.plus == 3) {
		m.online = 0;
		m.plus = 0;
		respond("OK");
	}
}

static void
command_byte(char ch)
{
	if (sms_prompting()) {
		sms_body_byte(ch);
		return;
	}
	if (m.len == 0)
		net_flush();
	if (ch == '\033') {		/* ESC: abandon the line */
		m.len = 0;
		return;
	}
	if (sim_echo && m.fault != F_SILENT)
		put(&ch, 1);
	if (ch == '\r') {
		m.line[m.len] = '\0';
		m.len = 0;
		/* V.250: characters before "AT" are ignored, "" is nothing. */
		if (strlen(m.line) >= 2 && strncasecmp(m.line, "AT", 2) == 0)
			execute(m.line);
		return;
	}
	if (ch == '\n' || ch == '\0')
		return;
	if (ch == '\b' || ch == 0x7f) {
		if (m.len > 0)
			m.len--;
		return;
	}
	if (m.len < sizeof(m.line) - 1)
		m.line[m.len++] = ch;
}

static void
open_pty(void)
{
	char name[256];
	const char *what;

	if ((m.master = sim_pty_open(0, m.link, name, sizeof(name), &what)) ==
	    -1 || sim_pty_ready(m.dir, name, &what) == -1)
		die("%s", what);
	printf("%s\n", name);
	fflush(stdout);
}

/*
 * After AT+CFUN=1,1: the device leaves the bus (its tty and link gone, a
 * client's open port dead), and enumerates again as a fresh modem.
 */
static void
reenumerate(void)
{
	char path[1024];

	fprintf(stderr, "modemsim: reset: the device goes away for %d ms\n",
	    m.reset_ms);
	close(m.master);
	m.master = -1;
	if (m.link != NULL)
		unlink(m.link);
	if (m.dir != NULL) {
		snprintf(path, sizeof(path), "%s/tty", m.dir);
		unlink(path);
	}
	sleep_ms(m.reset_ms);
	m.reset_pending = 0;
	m.wedged = 0;
	m.online = 0;
	m.len = 0;
	m.cfun = 1;
	m.cmee = 0;
	m.portsel = 1;
	sim_echo = m.echo_stored;
	/* AT+QCFG="ims",1 takes effect now: SMS over IMS */
	if (m.ims && m.net == N_LTE_NOSMS)
		m.net = N_LTE_IMS;
	sim_sms_service = m.net != N_LTE_NOSMS;
	sms_reset();
	net_reset();
	open_pty();
	if (m.urc_pct > 0)
		puts_raw("\r\n^BOOT:24713307,0,0,0,72\r\n");
}

/* -f and -W: a name from the table, or a usage error naming it */
struct named {
	const char	*name;
	int		 value;
};

static int
named_value(const char *what, const struct named *t, const char *s)
{
	for (; t->name != NULL; t++)
		if (strcmp(s, t->name) == 0)
			return t->value;
	fprintf(stderr, "modemsim: unknown %s %s\n", what, s);
	exit(64);
}

static const struct named nets[] = {
	{ "3g", N_3G }, { "lte", N_LTE }, { "lte-nosms", N_LTE_NOSMS },
	{ "lte-ims", N_LTE_IMS }, { NULL, 0 }
}, faults[] = {
	{ "silent", F_SILENT }, { "garbage", F_GARBAGE },
	{ "hangup", F_HANGUP }, { NULL, 0 }
}, wedges[] = {
	{ "port", W_PORT }, { "cmgl", W_CMGL }, { "dial", W_DIAL },
	{ NULL, 0 }
};

static const struct personality *
personality(const char *name)
{
	const struct personality *p;

	for (p = personalities; p->name != NULL; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	fprintf(stderr, "modemsim: unknown personality %s\n", name);
	exit(64);
}

/* -e "AT+CPIN?|+CME ERROR: 10": '|' cannot occur in an AT command. */
static void
parse_errcmd(char *arg)
{
	char *bar;

	if (m.nerrs == MAX_ERRS) {
		fprintf(stderr, "modemsim: too many -e\n");
		exit(64);
	}
	if ((bar = strchr(arg, '|')) != NULL) {
		*bar = '\0';
		m.errs[m.nerrs].reply = bar + 1;
	} else
		m.errs[m.nerrs].reply = "ERROR";
	m.errs[m.nerrs++].cmd = arg;
}

int
main(int argc, char *argv[])
{
	struct sigaction sa;
	struct pollfd pfd;
	const char *sender = NULL, *scts = NULL, *concat = NULL;
	const char *hook = NULL, *want_apn = NULL;
	unsigned int seed = 1;
	int capacity = 0, ucs2 = 0, alnum = 0;
	time_t end = 0;
	char buf[256];
	ssize_t n, i;
	int ch, rc;

	while ((ch = getopt(argc, argv, "AC:a:bc:D:d:Ee:f:I:L:M:N:n:O:Pp:R:r:S:T:Uu:W:X:Z:")) != -1) {
		switch (ch) {
		case 'b':
			sim_hold_urcs = 1;
			break;
		case 'a':
			want_apn = optarg;
			break;
		case 'X':
			hook = optarg;
			break;
		case 'A':
			alnum = 1;
			break;
		case 'C':
			concat = optarg;
			break;
		case 'c':
			capacity = atoi(optarg);
			break;
		case 'S':
			sender = optarg;
			break;
		case 'U':
			ucs2 = 1;
			break;
		case 'Z':
			scts = optarg;
			break;
		case 'D':
			m.delay_ms = atoi(optarg);
			break;
		case 'd':
			m.dir = optarg;
			break;
		case 'E':
			m.echo_stored = sim_echo = 0;
			break;
		case 'I':	/* "AT+CMGL": what follows the AT */
			sim_arrive_in = strncasecmp(optarg, "AT", 2) == 0 ?
			    optarg + 2 : optarg;
			break;
		case 'e':
			parse_errcmd(optarg);
			break;
		case 'f':
			m.fault = (enum fault)named_value("fault", faults, optarg);
			break;
		case 'L':
			m.link = optarg;
			break;
		case 'M':
			m.net = (enum net)named_value("network", nets, optarg);
			break;
		case 'N':
			m.creg = atoi(optarg);
			break;
		case 'n':
			sim_usbnet = atoi(optarg);
			break;
		case 'p':
			m.pers = personality(optarg);
			break;
		case 'O':
			parse_leftover(optarg);
			break;
		case 'P':
			m.pin = 1;
			break;
		case 'R':
			m.reset_ms = atoi(optarg);
			break;
		case 'W':
			m.wedged |= named_value("wedge", wedges, optarg);
			break;
		case 'r':
			seed = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'T':
			end = time(NULL) + atoi(optarg);
			break;
		case 'u':
			m.urc_pct = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (sender != NULL) {
		/* inject mode: a message arrives from the network */
		if (m.dir == NULL || optind != argc - 1)
			usage();
		sms_init(m.dir, capacity);
		return sms_inject(m.dir, sender, scts, concat, ucs2, alnum,
		    argv[optind]) == 0 ? 0 : 1;
	}
	if (optind != argc)
		usage();
	if (m.pers == NULL)
		m.pers = &personalities[0];
	snprintf(m.urcport, sizeof(m.urcport), "usbat");
	sim_sms_service = m.net != N_LTE_NOSMS;
	sms_init(m.dir, capacity);
	net_init(m.dir, m.pers->dial, hook, want_apn);
	srand(seed);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	open_pty();
	/* A real E1752 announces itself after power-up. */
	if (m.urc_pct > 0)
		puts_raw("\r\n^BOOT:24713307,0,0,0,72\r\n");

	pfd.events = POLLIN;
	while (!quit && (end == 0 || time(NULL) < end)) {
		if (m.reset_pending)
			reenumerate();
		pfd.fd = m.master;
		if (!m.online)
			sms_poll();
		net_poll();
		rc = poll(&pfd, 1, sim_now_ms() < m.urcs_until ? 10 : 50);
		if (rc < 0)
			continue;
		if (rc > 0 && (pfd.revents & POLLIN) == 0) {
			/* No client: DTR is down, a data call ends. */
			if (m.online)
				fprintf(stderr, "modemsim: DTR dropped, "
				    "call ended\n");
			m.online = 0;
			m.len = 0;
			if (m.had_client)	/* closed, to be opened again */
				m.wedged &= ~W_PORT;
			m.had_client = 0;
			m.opened = 0;
			m.urcs_until = 0;
			sms_reset();
			nap_until_opened(50);
			continue;
		}
		if (!m.opened)
			client_opened();
		urc_burst();
		if (rc == 0)
			continue;
		if ((n = read(m.master, buf, sizeof(buf))) <= 0) {
			sleep_ms(50);
			continue;
		}
		m.had_client = 1;
		for (i = 0; i < n; i++) {
			if (m.online)
				online_byte(buf[i]);
			else
				command_byte(buf[i]);
		}
	}
	cleanup();
	return 0;
}
