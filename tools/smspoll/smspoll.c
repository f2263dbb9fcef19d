/*
 * smspoll: read the SMS in the modem, print the authenticated activation
 * commands for the orchestrator, log and delete everything else.
 *
 * What the options say (struct settings), what oobm.conf adds (struct
 * conf), the modem's port (struct modem) and what a run finds as it goes
 * (struct run) are passed to the functions that use them, as OpenBSD's
 * signify does; the URC callback reaches the run as the port's argument.
 */
#include <sys/stat.h>

#include <errno.h>
#include <err.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <syslog.h>
#include <time.h>

#include <curl/curl.h>
#include <unistd.h>

#include "at.h"
#include "auth.h"
#include "config.h"
#include "hilink.h"
#include "hlsession.h"
#include "mode.h"
#include "modem.h"
#include "modemopt.h"
#include "policy.h"
#include "serial.h"
#include "sms.h"
#include "smsat.h"
#include "totp.h"
#include "util.h"

#define DEFAULT_TIMEOUT_S	10
#define RELIST_S		30	/* -w: list again even without +CMTI */
#define RELIST_NO_CNMI_S	3	/* ...when the modem will not say */
#define MAX_MSGS		256
#define STATE_MAX		4096	/* a state file is two short lines */
#define HL_PAGE			20	/* sms-list's page, as the web UI's */
#define HL_POLL_MS		2000	/* -w: a HiLink stick asked so often */

/* What the options say, whichever mode reads them. */
struct settings {
	struct modem_opts modem;	/* -c -l -s -t -v */
	int		 wait_s;	/* -w; 0: the store read once */
	int		 ack;		/* -D: delete once printed */
	int		 text;		/* -T: text mode */
	char		**indexes;	/* -d's operands */
	unsigned char	 given[UCHAR_MAX + 1];	/* the options given */
};

/* What oobm.conf adds to them, read once the mode is known. */
struct conf {
	const char	*dev;		/* -l, or oobm_modem */
	int		 speed;		/* -s, or oobm_modem_speed */
	char		 storage[8];	/* oobm_sms_storage */
	char		*state_path;	/* oobm_sms_state */
	struct auth_policy policy;	/* when polling */
};

/*
 * The modem's AT port, open: the name and timeout its failures give.  Or
 * a HiLink stick's web API (-l http://...), which has no AT port: hl.
 */
struct modem {
	struct at	 at;
	const char	*dev;
	int		 timeout_s;
	struct hls	*hl;		/* the stick's session, or NULL */
	struct hls	 hls;
};

/* What a run finds as it goes: the modem's store, the codes, the counts. */
struct run {
	const char	*dev;		/* for on_urc()'s -v lines */
	char		 mem[8];	/* the storage in use */
	int		 capacity;	/* of the storage, 0 if not known */
	int		 relist_s;	/* -w: list at least this often */
	/*
	 * The last TOTP step accepted, and the message that used it while
	 * it is not yet acknowledged: seen again after a crash, that message
	 * is not a replay.  smspoll -d clears it, so after the
	 * acknowledgement even an identical copy is one.
	 */
	struct auth_state state;
	int		 printed;	/* commands printed so far */
	int		 failed;	/* a deletion failed */
	int		 stray;		/* lines that answered no command */
	int		 arrived;	/* +CMTI or ^SMMEMFULL seen */
	char		 cmti_mem[8];	/* the storage the last +CMTI named */
};

/* A stored message as listed: where, its status, and what it says. */
struct entry {
	int		 index;
	int		 stat;
	char		*pdu;
	struct sms	 sms;
	int		 err;		/* sms_decode() result */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: smspoll [-DTv] [-c config] [-l device] [-s speed] "
	    "[-t seconds] [-w seconds]\n"
	    "       smspoll -d [-Tv] [-c config] [-l device] [-s speed] "
	    "[-t seconds] index ...\n"
	    "       smspoll -L [-Tv] [-c config] [-l device] [-s speed] "
	    "[-t seconds]\n"
	    "       smspoll -V\n");
	exit(status);
}

/* --- configuration --- */

static void
load_policy(const struct config *c, struct auth_policy *policy)
{
	char msg[512];

	if (policy_load(c, policy, msg, sizeof(msg)) == -1)
		errx(EX_CONFIG, "%s", msg);
}

static void
load_config(const struct settings *s, struct conf *c, int need_policy)
{
	/* static: still reachable when a bad value ends us with errx() */
	static struct config *file;
	const char *v, *path = s->modem.conf;
	char msg[512];

	/* -l and -L or -d need no file (the defaults); polling does */
	if ((file = config_load(path, msg, sizeof(msg))) == NULL &&
	    (errno != ENOENT || need_policy || s->given['c']))
		errx(EX_CONFIG, "%s", msg);
	c->dev = s->modem.dev;
	c->speed = s->modem.speed;
	modem_settings_from(file, path, &c->dev, &c->speed);
	v = config_str(file, "oobm_sms_storage");
	if (strlen(v) > 3 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") !=
	    strlen(v))
		errx(EX_CONFIG, "%s: oobm_sms_storage: SM, ME or MT", path);
	snprintf(c->storage, sizeof(c->storage), "%s", v);
	if ((c->state_path = strdup(config_path(file, "oobm_sms_state"))) ==
	    NULL)
		err(EX_OSERR, NULL);
	if (need_policy)
		load_policy(file, &c->policy);
	config_free(file);
	file = NULL;
}

/* --- the one-time code state: last step used, and in which message --- */

/* The state file as it is: 0, or -1 with why ("missing" if absent). */
static int
read_state(const char *path, struct auth_state *st, const char **why)
{
	char buf[STATE_MAX];
	ssize_t n;
	int fd;

	memset(st, 0, sizeof(*st));
	if ((fd = open(path, O_RDONLY)) == -1) {
		if (errno != ENOENT)
			err(EX_CONFIG, "%s", path);
		*why = "missing";
		return -1;
	}
	if ((n = read(fd, buf, sizeof(buf))) == -1)
		err(EX_CONFIG, "%s", path);
	close(fd);
	if (n == (ssize_t)sizeof(buf)) {
		*why = "too long";
		return -1;
	}
	return auth_state_parse(buf, (size_t)n, st, why);
}

/* Written before the command is printed: a code is never used twice. */
static void
save_state(const char *path, const struct auth_state *st)
{
	char tmp[1024], dir[1024], *slash;
	FILE *fp;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else {
		*slash = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST)
			err(EX_CANTCREAT, "%s", dir);
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL)
		err(EX_CANTCREAT, "%s", tmp);
	fprintf(fp, "step=%llu\nmessage=%s\n",
	    (unsigned long long)st->step, st->print);
	if (fflush(fp) == EOF || fsync(fd) == -1 || fclose(fp) == EOF ||
	    rename(tmp, path) == -1)
		err(EX_CANTCREAT, "%s", path);
	/* the rename itself survives a power cut only once its directory
	   is on disk */
	if ((fd = open(dir, O_RDONLY)) == -1 || fsync(fd) == -1)
		err(EX_CANTCREAT, "%s", dir);
	close(fd);
}

/*
 * A state that is missing, does not parse or names a step after the
 * current one is reported and replaced by the current step: every code
 * from before now is refused (no replay of a code used before the state
 * was lost), every later one accepted (no lock-out).
 */
static void
load_state(const char *path, struct auth_state *st, int64_t now)
{
	const char *why = NULL;
	uint64_t step = totp_step(now);

	if (read_state(path, st, &why) == 0 && st->step <= step + 1)
		return;
	if (why == NULL)
		why = "its step is in the future";
	warnx("%s: %s; refusing codes from before now", path, why);
	syslog(LOG_WARNING, "%s: %s; refusing codes from before now", path,
	    why);
	memset(st, 0, sizeof(*st));
	st->step = step;
	save_state(path, st);
}

/* --- the modem --- */

static int
command(struct modem *m, const char *cmd, struct at_reply *r)
{
	if (at_command(&m->at, cmd, NULL, m->timeout_s * 1000, r) == -1)
		modem_fail(m->dev, cmd, m->timeout_s);
	return r->final == AT_OK ? 0 : -1;
}

static void
must(struct modem *m, const char *cmd)
{
	struct at_reply r;

	if (command(m, cmd, &r) == -1)
		modem_refused(m->dev, cmd, &r);
	at_reply_free(&r);
}

/*
 * Why the modem refused storage mem: +CPMS=? says what it offers.  Asked
 * only then, so that a poll that works costs no round trip for it.
 */
static void
storage_refused(struct modem *m, const char *mem, const char *cmd,
    struct at_reply *set)
{
	struct sms_cpms offered;
	struct at_reply r;
	size_t i;
	int known = -1;

	if (command(m, "AT+CPMS=?", &r) == 0)
		for (i = 0; i < r.nlines; i++)
			if (sms_parse_cpms(r.lines[i], &offered) == 0)
				known = offered.n[0] > 0;
	at_reply_free(&r);
	if (known == 1 && !sms_cpms_offers(&offered, mem))
		errx(EX_CONFIG, "%s: the modem has no storage %s for all of "
		    "reading, writing and receiving", m->dev, mem);
	modem_refused(m->dev, cmd, set);
}

/* All three storages alike, so +CMTI and AT+CMGL speak of one store. */
static void
use_storage(struct modem *m, struct run *run, const char *mem)
{
	struct at_reply r;
	char cmd[64];
	size_t i;
	int used, total;

	snprintf(cmd, sizeof(cmd), "AT+CPMS=\"%s\",\"%s\",\"%s\"", mem, mem,
	    mem);
	if (command(m, cmd, &r) == -1)
		storage_refused(m, mem, cmd, &r);
	run->capacity = 0;
	for (i = 0; i < r.nlines; i++)
		if (sms_parse_cpms_use(r.lines[i], &used, &total) == 0)
			run->capacity = total;
	at_reply_free(&r);
	if (run->mem != mem)
		snprintf(run->mem, sizeof(run->mem), "%s", mem);
}

/*
 * Text mode, characters as ASCII where the modem lets us choose, and the
 * header details (+CSDH=1): the sender's type and the text's length, by
 * which a text holding a line "OK" is read whole.
 */
static void
text_mode(struct modem *m)
{
	struct at_reply r;

	must(m, "AT+CMGF=1");
	if (command(m, "AT+CSCS=\"IRA\"", &r) == -1)
		warnx("%s: AT+CSCS=\"IRA\": %s; non-ASCII text may be "
		    "garbled", m->dev, r.final_text);
	at_reply_free(&r);
	if (command(m, "AT+CSDH=1", &r) == -1)
		warnx("%s: AT+CSDH=1: %s; texts are read up to a line that "
		    "looks like a result code", m->dev, r.final_text);
	at_reply_free(&r);
}

/* at_body_fn: a text-mode header announces the length of its text. */
static size_t
text_length(void *arg, const char *line, size_t len)
{
	struct sms_text_header h;

	(void)arg;
	(void)len;
	if (sms_parse_text_header(line, &h) == -1 || h.length <= 0)
		return 0;
	return (size_t)h.length;
}

/* at_urc_fn, with the run as its argument: what the modem said unasked. */
static void
on_urc(void *arg, enum at_kind kind, const char *line, size_t len)
{
	struct run *run = arg;
	char mem[8];
	int idx;

	modem_show_urc((void *)run->dev, kind, line, len);
	if (kind != AT_URC) {
		run->stray++;
		return;
	}
	if (sms_parse_cmti(line, mem, sizeof(mem), &idx) == 0) {
		run->arrived = 1;
		snprintf(run->cmti_mem, sizeof(run->cmti_mem), "%s", mem);
	} else if (strncmp(line, "^SMMEMFULL", 10) == 0)
		run->arrived = 1;
}

/*
 * modem_start(), but with the run as on_urc()'s argument (modem_start()
 * gives the callback the device's name): a +CMTI among the sync's
 * leftovers counts for the run too.
 */
static void
start(struct modem *m, int speed, struct run *run)
{
	at_init(&m->at, port_open(m->dev, speed), on_urc, run);
	if (at_sync(&m->at, m->timeout_s * 1000) == -1)
		modem_fail(m->dev, AT_SYNC_CMD, m->timeout_s);
}

/* --- a HiLink stick (docs/hilink.md 4): its inbox through its API --- */

static int
is_stick(const char *dev)
{
	return strncmp(dev, "http://", 7) == 0;
}

/*
 * One question to the stick, within -t of now; a failure that is the
 * stick's or the way to it ends the run as the AT port's would.  With
 * maybe, an error of the API is the caller's to judge.
 */
static struct hl_answer *
stick_ask(struct modem *m, const char *path, const char *body, int maybe)
{
	struct hl_answer *a;
	struct hls *h = m->hl;

	h->deadline = mono_ms() + (int64_t)m->timeout_s * 1000;
	if ((body != NULL ? hls_post(h, path, body, &a) :
	    hls_get(h, path, &a)) == -1)
		errx(hls_exit_status(h), "%s", h->why);
	if (a->error != 0 && !maybe)
		errx(a->error == 100003 ? EX_NOPERM : EX_UNAVAILABLE,
		    "%s%s: %s (%d)", h->base, path, hl_error_text(a->error),
		    a->error);
	return a;
}

static void
delete_stick(struct modem *m, struct run *run, int index)
{
	struct hl_answer *a;
	char body[256];

	if (hl_req_index(body, sizeof(body), index) == -1)
		errx(EX_SOFTWARE, "delete-sms: the request does not fit");
	a = stick_ask(m, "/api/sms/delete-sms", body, 1);
	if (a->error != 0) {
		warnx("%s: delete-sms %d: %s (%d)", m->dev, index,
		    hl_error_text(a->error), a->error);
		run->failed = 1;
	}
	hl_free(a);
}

/* The box's offset from UTC now: the stick's clock is its local time. */
static int
local_tz_minutes(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return (int)(tm.tm_gmtoff / 60);
}

/* A message of the inbox as an entry; what identifies it, its "PDU". */
static void
stick_entry(const struct hl_sms *h, int tz, struct entry *e)
{
	memset(e, 0, sizeof(*e));
	e->index = (int)h->index;
	e->stat = h->stat == 0 ? 0 : 1;
	e->err = hl_sms_to_sms(h, tz, &e->sms);
	if (asprintf(&e->pdu, "%s|%s|%s", h->phone, h->date, h->content) ==
	    -1)
		err(EX_OSERR, NULL);
}

/* The inbox, a page at a time, at most MAX_MSGS messages. */
static int
list_stick(struct modem *m, struct entry *e)
{
	struct hl_sms h[HL_PAGE];
	struct hl_answer *a;
	char body[512];
	long count;
	int n = 0, got, tz = local_tz_minutes();

	for (int page = 1; n < MAX_MSGS; page++) {
		if (hl_req_sms_list(body, sizeof(body), page, HL_PAGE) == -1)
			errx(EX_SOFTWARE, "sms-list: the request does not fit");
		a = stick_ask(m, "/api/sms/sms-list", body, 0);
		if ((got = hl_sms_list(a, h, HL_PAGE, &count)) == -1)
			errx(EX_DATAERR, "%s: sms-list: a message it lists "
			    "cannot be read", m->dev);
		for (int i = 0; i < got && n < MAX_MSGS; i++)
			stick_entry(&h[i], tz, &e[n++]);
		hl_free(a);
		if (got < HL_PAGE || (count >= 0 && n >= count))
			break;
	}
	return n;
}

/* Unread messages in the stick's inbox, by check-notifications. */
static int
stick_unread(struct modem *m)
{
	struct hl_answer *a = stick_ask(m,
	    "/api/monitoring/check-notifications", NULL, 0);
	const char *v = hl_get(a, "UnreadMessage", 0);
	int n = v != NULL && *v >= '1' && *v <= '9';

	hl_free(a);
	return n;
}

static void
ready_stick(struct modem *m, const struct settings *s, const struct conf *c)
{
	if (s->text)
		errx(EX_USAGE, "-T: a modem's text mode; %s is a HiLink "
		    "stick's web API", c->dev);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		errx(EX_SOFTWARE, "libcurl: cannot start");
	m->hl = &m->hls;
	if (hls_init(m->hl, c->dev, m->timeout_s, port_verbose) == -1)
		errx(EX_USAGE, "%s", m->hl->why);
	if (hls_login_conf(m->hl, s->modem.conf, s->given['c']) == -1)
		errx(EX_CONFIG, "%s", m->hl->why);
}

/* --- the modem's store over AT --- */

static void
delete(struct modem *m, struct run *run, int index)
{
	struct at_reply r;
	char cmd[32];

	if (m->hl != NULL) {
		delete_stick(m, run, index);
		return;
	}
	snprintf(cmd, sizeof(cmd), "AT+CMGD=%d", index);
	if (command(m, cmd, &r) == -1) {
		warnx("%s: %s: %s", m->dev, cmd, r.final_text);
		run->failed = 1;
	}
	at_reply_free(&r);
}

/* The whole store, PDU mode (sms_pdu_list), each message decoded. */
static int
list_pdu(struct modem *m, struct entry *e)
{
	struct sms_listed l[MAX_MSGS];
	struct at_reply r;
	int n, i;

	if (command(m, "AT+CMGL=4", &r) == -1)
		modem_sms_refused(&m->at, m->dev, "AT+CMGL=4", &r,
		    m->timeout_s);
	n = sms_pdu_list(r.lines, r.nlines, l, MAX_MSGS);
	for (i = 0; i < n; i++) {
		e[i].index = l[i].index;
		e[i].stat = l[i].stat;
		if ((e[i].pdu = strdup(l[i].pdu)) == NULL)
			err(EX_OSERR, NULL);
		e[i].err = sms_decode(e[i].pdu, strlen(e[i].pdu), &e[i].sms);
	}
	at_reply_free(&r);
	return n;
}

/*
 * Lines of the reply that came after the final result code it ended on:
 * a text holding a line "OK" or "ERROR" that no length framed.  Read
 * them now, before they pass for the answer to the next command.
 */
static int
stray_lines(struct modem *m, struct run *run)
{
	run->stray = 0;
	while (at_idle(&m->at, 300) == 1)
		;
	return run->stray;
}

/*
 * One message in text mode, by AT+CMGR: its header, then its text, of
 * the length the header gives.  Without a length, every line up to the
 * final result code; a text that ended early (it held a result code
 * line) is marked unreadable.  Reading each index on its own means a
 * message whose text contains a "+CMGL:" line cannot pose as another.
 */
static int
read_text(struct modem *m, struct run *run, int idx, struct entry *e)
{
	struct sms_text_header h;
	struct at_reply r;
	struct sms msg;
	char cmd[32];
	int ended;

	snprintf(cmd, sizeof(cmd), "AT+CMGR=%d", idx);
	/* a text holding a line "ERROR" ends the reply there too */
	ended = command(m, cmd, &r) == -1;
	if (sms_text_message(r.lines, r.nlines, ended, &h, &msg) == -1) {
		at_reply_free(&r);
		return -1;
	}
	memset(e, 0, sizeof(*e));
	e->sms = msg;
	e->index = idx;
	e->stat = h.stat;
	e->err = h.has_time ? SMS_OK : SMS_ETIME;
	/* unframed, the text may go on past a line "OK" it held */
	if (h.length <= 0 && stray_lines(m, run) > 0)
		e->sms.truncated = 1;
	/* what identifies the message, as its PDU would */
	if (asprintf(&e->pdu, "%s|%s", r.lines[0], e->sms.text) == -1)
		err(EX_OSERR, NULL);
	at_reply_free(&r);
	return 0;
}

static int
list_text(struct modem *m, struct run *run, struct entry *e)
{
	struct at_reply r;
	int idx[MAX_MSGS];
	size_t i;
	int n, k = 0;

	if (command(m, "AT+CMGL=\"ALL\"", &r) == -1)
		modem_sms_refused(&m->at, m->dev, "AT+CMGL=\"ALL\"", &r,
		    m->timeout_s);
	n = sms_text_list(r.lines, r.nlines, idx, MAX_MSGS);
	at_reply_free(&r);
	/*
	 * The list ended early at a text's "OK" line: it names only the
	 * messages before that one.  Read every slot on its own instead.
	 */
	if (stray_lines(m, run) > 0 && run->capacity > 0)
		for (n = 0; n < run->capacity && n < MAX_MSGS; n++)
			idx[n] = n + 1;
	for (i = 0; i < (size_t)n && k < MAX_MSGS; i++)
		if (read_text(m, run, idx[i], &e[k]) == 0)
			k++;
	return k;
}

/* The store, at most MAX_MSGS messages, into *ep; free_list() frees it. */
static int
list(struct modem *m, const struct settings *s, struct run *run,
    struct entry **ep)
{
	struct entry *e;

	if ((e = calloc(MAX_MSGS, sizeof(*e))) == NULL)
		err(EX_OSERR, NULL);
	*ep = e;
	if (m->hl != NULL)
		return list_stick(m, e);
	return s->text ? list_text(m, run, e) : list_pdu(m, e);
}

static void
free_list(struct entry *e, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(e[i].pdu);
	free(e);
}

/* --- deciding --- */

/*
 * Logged for the owner to see what was refused: sender, length and
 * reason, never the text: a secret may be anywhere in it (the words in
 * another order, a typo), and the log is read by more than the owner.
 */
static void
reject(struct modem *m, struct run *run, struct entry *e, const char *why)
{
	char who[64];
	const struct sms *msg = &e->sms;

	if (e->err != SMS_OK)
		snprintf(who, sizeof(who), "?");
	else
		escape_to(who, sizeof(who), msg->addr, strlen(msg->addr));
	syslog(LOG_NOTICE, "rejected SMS %d from %s, %zu bytes: %s",
	    e->index, who, e->err != SMS_OK ? strlen(e->pdu) / 2 :
	    msg->textlen, why);
	if (port_verbose)
		warnx("rejected SMS %d from %s, %zu bytes: %s", e->index, who,
		    e->err != SMS_OK ? strlen(e->pdu) / 2 : msg->textlen, why);
	delete(m, run, e->index);
}

static void
fingerprint(const struct entry *e, char out[2 * SHA1_LEN + 1])
{
	uint8_t d[SHA1_LEN];
	int i;

	sha1(e->pdu, strlen(e->pdu), d);
	for (i = 0; i < SHA1_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* A line's first fields: "index=N sender=+46... time=ISO". */
static void
print_head(const struct entry *e, const struct auth_result *res)
{
	char iso[40];

	sms_time_iso(&e->sms.time, iso, sizeof(iso));
	printf("index=%d sender=", e->index);
	put_safe(stdout, res->sender);
	printf(" time=");
	put_safe(stdout, iso);
}

static void
print_command(struct run *run, const struct entry *e,
    const struct auth_result *res)
{
	print_head(e, res);
	printf(" command=%s", auth_command_name(res->cmd));
	if (res->cmd == AUTH_UP)
		printf(" minutes=%d", res->minutes);
	if (res->cmd == AUTH_POWER)
		printf(" seconds=%d", res->seconds);
	putchar('\n');
	fflush(stdout);
	syslog(LOG_NOTICE, "accepted SMS %d from %s: %s", e->index,
	    res->sender, auth_command_name(res->cmd));
	run->printed++;
}

/*
 * The owner's message, refused: the reason for the orchestrator to text
 * back ("command=refused reason=minutes"; skew=SECONDS for a time or a
 * clock that is off).  The message is deleted as any refused one is.
 */
static void
print_refusal(struct run *run, const struct entry *e,
    const struct auth_result *res)
{
	print_head(e, res);
	printf(" command=refused reason=%s", auth_refusal_name(res->refused));
	if (res->refused == AUTH_REFUSED_AGE ||
	    res->refused == AUTH_REFUSED_CLOCK)
		printf(" skew=%lld", (long long)res->skew_s);
	putchar('\n');
	fflush(stdout);
	run->printed++;
}

/*
 * Why a message is refused before its text is read, or NULL.  27.005
 * <stat>: 0 and 1 are what the network delivered; 2 and 3 were written
 * into the store (AT+CMGW, a phone that had the SIM), whatever their PDU
 * claims to be.
 */
static const char *
refused_unread(const struct entry *e)
{
	if (e->stat == 2)
		return "not a received message (stored unsent)";
	if (e->stat != 0 && e->stat != 1)
		return "not a received message (stored sent)";
	if (e->err != SMS_OK)
		return sms_strerror(e->err);
	return NULL;
}

/*
 * The step the message's code must come after: the last one used,
 * unless this is the message that used it (we died before -d): it is
 * no replay.
 */
static uint64_t
last_step(const struct conf *c, const struct run *run, const char *print)
{
	if (c->policy.scheme == AUTH_TOTP && run->state.step > 0 &&
	    strcmp(print, run->state.print) == 0)
		return run->state.step - 1;
	return run->state.step;
}

/* Each message on its own: a command is one SMS, nothing waits. */
static void
decide(struct modem *m, const struct settings *s, const struct conf *c,
    struct run *run, struct entry *e, int64_t now)
{
	struct auth_result res;
	char print[2 * SHA1_LEN + 1];
	const char *why;

	if ((why = refused_unread(e)) != NULL) {
		reject(m, run, e, why);
		return;
	}
	fingerprint(e, print);
	if (!auth_sms(&c->policy, &e->sms, now, last_step(c, run, print),
	    &res)) {
		if (res.refused != AUTH_REFUSED_NONE)
			print_refusal(run, e, &res);
		reject(m, run, e, res.why);
		return;
	}
	if (c->policy.scheme == AUTH_TOTP) {
		run->state.step = res.step;
		snprintf(run->state.print, sizeof(run->state.print), "%s",
		    s->ack ? "" : print);
		save_state(c->state_path, &run->state);
	}
	print_command(run, e, &res);
	if (s->ack)
		delete(m, run, e->index);
}

/* Sent time, then storage index: what has no time stamp comes first. */
static int
by_time(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int64_t tx = 0, ty = 0;

	if (x->err == SMS_OK && x->sms.has_time)
		tx = sms_time_unix(&x->sms.time);
	if (y->err == SMS_OK && y->sms.has_time)
		ty = sms_time_unix(&y->sms.time);
	if (tx != ty)
		return tx < ty ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * The commands in the order they were sent (the service centre's time
 * stamp), not in the store's: a slot freed and used again holds a newer
 * message below an older one, and the last command printed is the one
 * that decides.
 */
static void
poll_store(struct modem *m, const struct settings *s, const struct conf *c,
    struct run *run)
{
	struct entry *e;
	int64_t now;
	int n, i;

	n = list(m, s, run, &e);
	qsort(e, (size_t)n, sizeof(e[0]), by_time);
	now = (int64_t)time(NULL);
	for (i = 0; i < n; i++)
		decide(m, s, c, run, &e[i], now);
	free_list(e, n);
}

/* -w: +CMTI for each stored arrival; without it, list more often. */
static void
announce_arrivals(struct modem *m, struct run *run)
{
	struct at_reply r;

	if (command(m, "AT+CNMI=2,1,0,0,0", &r) == -1) {
		warnx("%s: AT+CNMI=2,1,0,0,0: %s; listing every %d s instead",
		    m->dev, r.final_text, RELIST_NO_CNMI_S);
		run->relist_s = RELIST_NO_CNMI_S;
	}
	at_reply_free(&r);
}

/*
 * -w on a HiLink stick, which tells no arrival unasked: its unread count
 * asked every HL_POLL_MS (an SMS to the relay in a few seconds, the
 * stick not flooded), the inbox listed when there is one, and at least
 * every relist_s all the same.
 */
static void
wait_on_stick(struct modem *m, const struct settings *s,
    const struct conf *c, struct run *run)
{
	int64_t deadline = mono_ms() + (int64_t)s->wait_s * 1000;
	int64_t relist = mono_ms() + (int64_t)run->relist_s * 1000;
	struct timespec ts;
	int left;

	while (run->printed == 0 && (left = ms_left(deadline)) > 0) {
		left = left < HL_POLL_MS ? left : HL_POLL_MS;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (long)(left % 1000) * 1000000;
		while (nanosleep(&ts, &ts) == -1)
			;
		if (!stick_unread(m) && ms_left(relist) > 0)
			continue;
		relist = mono_ms() + (int64_t)run->relist_s * 1000;
		poll_store(m, s, c, run);
	}
}

/* -w: until a command came or the time is up, list at every arrival. */
static void
wait_for_commands(struct modem *m, const struct settings *s,
    const struct conf *c, struct run *run)
{
	int64_t deadline;
	int left, r, soon;

	if (m->hl != NULL) {
		wait_on_stick(m, s, c, run);
		return;
	}
	deadline = mono_ms() + (int64_t)s->wait_s * 1000;
	while (run->printed == 0 && (left = ms_left(deadline)) > 0) {
		/*
		 * A +CMTI that came while the store was being listed may
		 * name a message that list missed: the store is listed
		 * again at once, not at the next relist.
		 */
		soon = run->arrived;
		run->arrived = 0;
		r = at_idle(&m->at, soon ? 0 : left < run->relist_s * 1000 ?
		    left : run->relist_s * 1000);
		if (r == -1)
			modem_fail(m->dev, "waiting for +CMTI", s->wait_s);
		if (r == 1 && !run->arrived && !soon)
			continue;
		if (run->arrived && run->cmti_mem[0] != '\0' &&
		    strcmp(run->cmti_mem, run->mem) != 0)
			use_storage(m, run, run->cmti_mem);
		poll_store(m, s, c, run);
	}
}

/* --- -L and -d --- */

static const char *const stat_name[] = { "unread", "read", "unsent",
    "sent", "?" };

/* Which parts of a concatenated message these are, if it is one. */
static void
show_parts(const struct entry *e, const int *part, int np)
{
	const struct sms *m = &e[part[0]].sms;
	int i;

	if (m->concat_total > 1 && np == m->concat_total)
		printf(" %d parts, ref %u", np, m->concat_ref);
	else if (m->concat_total > 1) {
		printf(" part%s ", np > 1 ? "s" : "");
		for (i = 0; i < np; i++)
			printf("%s%d", i > 0 ? "," : "",
			    e[part[i]].sms.concat_seq);
		printf(" of %d, ref %u", m->concat_total, m->concat_ref);
	}
}

/* The parts' texts joined, a gap where one is missing; data as its size. */
static void
show_text(const struct entry *e, const int *part, int np)
{
	size_t bytes = 0;
	int i, data = 0;

	for (i = 0; i < np; i++) {
		data |= e[part[i]].sms.alphabet == SMS_8BIT;
		bytes += e[part[i]].sms.textlen;
	}
	for (i = 0; i < np && !data; i++) {
		if (i > 0 && e[part[i]].sms.concat_seq !=
		    e[part[i - 1]].sms.concat_seq + 1)
			printf("[...]");	/* parts not (yet) stored */
		put_text(stdout, e[part[i]].sms.text, e[part[i]].sms.textlen);
	}
	if (data)
		printf("(%zu bytes of data)", bytes);
}

/* One message, whole or in the parts that are there, on one line. */
static void
show_message(const struct entry *e, const int *part, int np)
{
	const struct sms *m = &e[part[0]].sms;
	char iso[40];
	int i;

	for (i = 0; i < np; i++)
		printf("%s%d", i > 0 ? "," : "", e[part[i]].index);
	printf(" %s ", stat_name[e[part[0]].stat & 3]);
	put_text(stdout, m->addr, strlen(m->addr));
	sms_time_iso(&m->time, iso, sizeof(iso));
	printf(" %s", m->has_time ? iso : "-");
	show_parts(e, part, np);
	printf(": ");
	show_text(e, part, np);
	putchar('\n');
}

/*
 * -L: what is stored, for a person: in storage order, a concatenated
 * message once, joined in its parts' order, listing their indexes.
 * (Commands never join parts; this is only a view.)
 */
static void
show_list(struct modem *m, const struct settings *s, const struct conf *c,
    struct run *run)
{
	struct entry *e;
	const struct sms *msg[MAX_MSGS];
	int done[MAX_MSGS] = { 0 }, part[MAX_MSGS], n, i, np;

	(void)c;
	n = list(m, s, run, &e);
	for (i = 0; i < n; i++)
		msg[i] = e[i].err == SMS_OK ? &e[i].sms : NULL;
	for (i = 0; i < n; i++) {
		if (done[i])
			continue;
		if (e[i].err != SMS_OK) {
			printf("%d %s undecodable (%s): ", e[i].index,
			    stat_name[e[i].stat & 3], sms_strerror(e[i].err));
			put_escaped(stdout, e[i].pdu, strlen(e[i].pdu));
			putchar('\n');
			continue;
		}
		np = sms_gather_parts(msg, n, i, done, part);
		show_message(e, part, np);
	}
	free_list(e, n);
}

/* Acknowledged: the message that used the last step is now used. */
static void
forget_message(const char *state_path)
{
	struct auth_state st;
	const char *why;

	if (read_state(state_path, &st, &why) == 0 && st.print[0] != '\0') {
		st.print[0] = '\0';
		save_state(state_path, &st);
	}
}

/*
 * Each index of the operands ("3", "1,4"), deleted, or with no modem
 * only checked: a bad one is a usage error before anything is deleted,
 * and before the modem is opened.
 */
static void
index_operands(char **argv, struct modem *m, struct run *run)
{
	const char *errstr;
	char *list, *p, *tok;
	int idx;

	for (; *argv != NULL; argv++) {
		if ((list = strdup(*argv)) == NULL)
			err(EX_OSERR, NULL);
		for (p = list; (tok = strsep(&p, ",")) != NULL;) {
			/* a HiLink stick's run from 40001 */
			idx = (int)str_to_num(tok, 0, 999999999, &errstr);
			if (errstr != NULL)
				errx(EX_USAGE, "index '%s': %s", tok, errstr);
			if (m != NULL)
				delete(m, run, idx);
		}
		free(list);
	}
}

/* --- the modes --- */

/*
 * The configuration (with the policy and the one-time code state when
 * polling), and a run on it that has found nothing yet.
 */
static void
configure(const struct settings *s, struct conf *c, struct run *run,
    int polling)
{
	memset(c, 0, sizeof(*c));
	load_config(s, c, polling);
	memset(run, 0, sizeof(*run));
	run->dev = c->dev;
	run->relist_s = RELIST_S;
	if (polling && c->policy.scheme == AUTH_TOTP)
		load_state(c->state_path, &run->state, (int64_t)time(NULL));
}

/*
 * The modem: AT started, errors numbered, the message format, and the
 * store.
 */
static void
ready(struct modem *m, const struct settings *s, const struct conf *c,
    struct run *run)
{
	m->dev = c->dev;
	m->timeout_s = s->modem.timeout_s;
	m->hl = NULL;
	if (is_stick(c->dev)) {
		ready_stick(m, s, c);
		return;
	}
	start(m, c->speed, run);
	if (s->text)
		m->at.body = text_length;
	modem_errors_numbered(&m->at, m->dev, m->timeout_s);
	if (s->text)
		text_mode(m);
	else
		must(m, "AT+CMGF=0");
	use_storage(m, run, c->storage);
}

/* What a mode does with the modem ready. */
typedef void	(*with_modem_fn)(struct modem *, const struct settings *,
		    const struct conf *, struct run *);

/* The configuration read and the modem made ready for fn; its status. */
static int
with_modem(const struct settings *s, int polling, with_modem_fn fn)
{
	struct conf c;
	struct modem m;
	struct run run;

	configure(s, &c, &run, polling);
	ready(&m, s, &c, &run);
	fn(&m, s, &c, &run);
	free(c.state_path);
	if (m.hl != NULL) {
		hls_close(m.hl);
		curl_global_cleanup();
	}
	return run.failed ? 1 : EX_OK;
}

/*
 * The store read once; with -w, then the new messages as they come.  A
 * store with no command in it, on a modem registered on LTE for data
 * alone, is no all-clear: no SMS can arrive (modem_lte_sms, 69).
 */
static void
read_store(struct modem *m, const struct settings *s, const struct conf *c,
    struct run *run)
{
	if (s->wait_s > 0 && m->hl == NULL)
		announce_arrivals(m, run);
	poll_store(m, s, c, run);
	if (run->printed == 0 && m->hl == NULL)
		modem_lte_sms(&m->at, m->dev, m->timeout_s);
	if (s->wait_s > 0)
		wait_for_commands(m, s, c, run);
}

/* -d: the acknowledgement, then the messages deleted. */
static void
delete_indexes(struct modem *m, const struct settings *s,
    const struct conf *c, struct run *run)
{
	forget_message(c->state_path);
	index_operands(s->indexes, m, run);
}

static int
do_poll(const struct settings *s)
{
	return with_modem(s, 1, read_store);
}

static int
do_delete(const struct settings *s)
{
	index_operands(s->indexes, NULL, NULL);	/* all good before the modem */
	return with_modem(s, 0, delete_indexes);
}

static int
do_list(const struct settings *s)
{
	return with_modem(s, 0, show_list);
}

static int
do_version(const struct settings *s)
{
	(void)s;
	printf("smspoll %s\n", OOBM_VERSION);
	return EX_OK;
}

/*
 * smspoll(1)'s SYNOPSIS, a line a mode (mode.h): -w or -D beside -d
 * would wait for or delete nothing, and the user would believe they had.
 */
static const struct mode modes[] = {
	{ 'V', "V",	   0, 0,	"-V",		     NULL, do_version },
	{ 'd', "dTvclst",  1, MODE_ANY, "-d (deleting)",     "an index",
	    do_delete },
	{ 'L', "LTvclst",  0, 0,	"-L (listing)",	     NULL, do_list },
	{ 0,   "DTvclstw", 0, 0,	"reading the store", NULL, do_poll },
};

/* One of smspoll's own options, into s; -h and an unknown one end here. */
static void
option(struct settings *s, int ch)
{
	switch (ch) {
	case 'D':
		s->ack = 1;
		break;
	case 'T':
		s->text = 1;
		break;
	case 'w':
		s->wait_s = (int)num_arg(optarg, 1, 86400, "wait");
		break;
	case 'd': case 'L': case 'V':
		break;		/* modes: given[] says */
	case 'h':
		usage(EX_OK);
	default:
		usage(EX_USAGE);
	}
}

int
main(int argc, char *argv[])
{
	struct settings s = { .modem = { .conf = config_default_path(),
	    .timeout_s = DEFAULT_TIMEOUT_S } };
	const struct mode *m;
	int ch;

	while ((ch = getopt(argc, argv, MODEM_OPTS "DdhLTVw:")) != -1) {
		s.given[(unsigned char)ch] = 1;
		if (!modem_opt(&s.modem, ch, optarg))
			option(&s, ch);
	}
	argc -= optind;
	argv += optind;
	if ((m = mode_of(modes, s.given, argc)) == NULL)
		usage(EX_USAGE);
	s.indexes = argv;
	openlog("smspoll", LOG_PID, LOG_AUTH);
	return m->fn(&s);
}
