/*
 * hilinksim: a Huawei HiLink stick's web API (an E3372h in HiLink mode),
 * for tests, as docs/hilink.md describes the real sticks; written apart
 * from the tools' hilink.c (it shares expat, a library, not code).
 *
 *	hilinksim -d DIR [-a ADDR] [-p PORT] [-c MS] [-n]
 *	    [-P PASSWORD [-U USER]] [-X HOOK]
 *
 * It serves HTTP/1.1 on ADDR:PORT (127.0.0.1, any free port), one
 * request a connection.  The session as the sticks keep it: GET
 * /api/webserver/SesTokInfo gives a SessionID cookie and a token; every
 * other request needs the cookie (else error 125003), every POST a
 * token the stick gave and not yet used (else 125002), and its answer
 * carries the next in __RequestVerificationToken.  -n: SesInfo without
 * "SessionID=" (some firmware).  -P: the web UI has a password (user
 * -U, admin): state-login says State -1 and password_type 4 until the
 * session logs in, everything else answers 100003; the login is checked
 * against coreutils' sha256sum and base64 (108006, and 108007 after
 * three bad ones) and gives the session a new SessionID (Set-Cookie).
 *
 * SMS: a file put in DIR/inbox ("PHONE\nDATE\nTEXT") is a message
 * received, indexed from 40001; sms-list pages the inbox (its elements
 * in the web UI's order, else 100005, as a B525 does), sms-count and
 * check-notifications count it, delete-sms and set-read act on it,
 * send-sms writes DIR/sent/N.txt ("PHONE\nTEXT"; with a file
 * DIR/sendfail, taken, the network refuses it), send-status tells the
 * last one's fate (SucPhone or FailPhone).  DIR/store lists the
 * inbox ("INDEX STAT PHONE"), DIR/requests.log each request ("METHOD
 * PATH CODE", CODE the error answered or 0).
 *
 * Data: mobile-dataswitch 1 runs "HOOK up" (the data path in the e2e
 * world) and the connection is 900 (connecting), then 901 after -c MS
 * (500); 0 runs "HOOK down", 902.  Faults, each a file in DIR the stick
 * takes: "busy" (the next requests answer 100004, as many as it says,
 * 1 if empty), "expire" (every session ends: 125002; after as many
 * requests as it says, at once if empty), "reboot" (the data
 * down, every session gone, no answer for 3 s); while "noservice" is
 * there the stick is out of coverage (ServiceStatus 0, no operator, no
 * signal); while "oldfirmware" is there, current-plmn, device/signal
 * and sms-count answer 100002.  The network is Tele2 SE on LTE, rssi
 * -67 dBm (current-plmn, device/signal, docs/hilink.md 6).  DIR/pid,
 * then DIR/port (renamed into place: ready).  libc and expat only.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define SESSIONS	4
#define TOKENS		8
#define TOKLEN		32
#define SMS_MAX		128
#define BODY_MAX	65536
#define FIELDS		16

struct session {
	char	 id[TOKLEN + 1];
	char	 tokens[TOKENS][TOKLEN + 1];
	int	 ntok;
	int	 logged;	/* -P: logged in */
};

struct msg {
	long	 index;
	int	 stat;
	char	 phone[32];
	char	 date[24];
	char	 text[1024];
};

/* A request's body, <request>'s children in order. */
struct body {
	int	 n;
	char	 name[FIELDS][32];
	char	 text[FIELDS][1024];
	int	 bad;
	int	 depth;
};

static struct {
	const char	*dir, *hook;
	int		 bare_sesinfo;	/* -n */
	int		 connect_ms;	/* -c */
	struct session	 s[SESSIONS];
	int		 next_s;
	struct msg	 inbox[SMS_MAX];
	int		 nmsg;
	long		 next_index;
	int		 sent;
	int		 dataswitch;
	int		 status;	/* 900 901 902 */
	long long	 up_at;		/* ms: 900 becomes 901 */
	long long	 down_until;	/* ms: rebooting */
	int		 busy;		/* answers of 100004 left */
	int		 expiring;	/* "expire" taken: sessions end ... */
	int		 expire_in;	/* ... after this many requests */
	char		 last_phone[64];	/* send-status's */
	int		 last_failed;
	const char	*user, *password;	/* -U, -P */
	int		 bad_logins;
} st = { .connect_ms = 500, .next_index = 40001, .status = 902 };

static volatile sig_atomic_t quit;

static void
on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
die(const char *what)
{
	fprintf(stderr, "hilinksim: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
path_of(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", st.dir, name);
}

/* TOKLEN letters and digits from /dev/urandom. */
static void
random_token(char *out)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char b[TOKLEN];
	FILE *fp = fopen("/dev/urandom", "r");

	if (fp == NULL || fread(b, 1, sizeof(b), fp) != sizeof(b))
		die("/dev/urandom");
	fclose(fp);
	for (int i = 0; i < TOKLEN; i++)
		out[i] = abc[b[i] % (sizeof(abc) - 1)];
	out[TOKLEN] = '\0';
}

static void __attribute__((format(printf, 2, 3)))
logf_(const char *name, const char *fmt, ...)
{
	char path[1024];
	va_list ap;
	FILE *fp;

	path_of(path, sizeof(path), name);
	if ((fp = fopen(path, "a")) == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fclose(fp);
}

static void
save_store(void)
{
	char path[1024], tmp[1100];
	FILE *fp;

	path_of(path, sizeof(path), "store");
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL)
		return;
	for (int i = 0; i < st.nmsg; i++)
		fprintf(fp, "%ld %d %s\n", st.inbox[i].index, st.inbox[i].stat,
		    st.inbox[i].phone);
	fclose(fp);
	rename(tmp, path);
}

/* "HOOK up" / "HOOK down": the data path made or taken away. */
static void
run_hook(const char *what)
{
	pid_t pid;
	int status;

	if (st.hook == NULL)
		return;
	if ((pid = fork()) == -1)
		return;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", st.hook, what,
		    (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
}

/* Messages put in DIR/inbox, received. */
static void
take_inbox(void)
{
	char dir[1024], path[1400], buf[1200];
	struct dirent *e;
	struct msg *m;
	DIR *d;
	FILE *fp;
	size_t n;
	char *nl, *nl2;

	path_of(dir, sizeof(dir), "inbox");
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && st.nmsg < SMS_MAX) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
		unlink(path);
		buf[n] = '\0';
		if ((nl = strchr(buf, '\n')) == NULL ||
		    (nl2 = strchr(nl + 1, '\n')) == NULL)
			continue;
		*nl = *nl2 = '\0';
		m = &st.inbox[st.nmsg++];
		m->index = st.next_index++;
		m->stat = 0;
		snprintf(m->phone, sizeof(m->phone), "%.*s",
		    (int)sizeof(m->phone) - 1, buf);
		snprintf(m->date, sizeof(m->date), "%.*s",
		    (int)sizeof(m->date) - 1, nl + 1);
		snprintf(m->text, sizeof(m->text), "%.*s",
		    (int)sizeof(m->text) - 1, nl2 + 1);
	}
	closedir(d);
	save_store();
}

/* No network while the test leaves DIR/noservice there. */
static int
service(void)
{
	char path[1024];

	path_of(path, sizeof(path), "noservice");
	return access(path, F_OK) != 0;
}

/* Firmware without current-plmn, device/signal, sms-count: DIR/oldfirmware. */
static int
old_firmware(void)
{
	char path[1024];

	path_of(path, sizeof(path), "oldfirmware");
	return access(path, F_OK) == 0;
}

/* The faults the test leaves as files; 1 when the stick is away. */
static int
take_faults(void)
{
	char path[1024], buf[16];
	FILE *fp;

	path_of(path, sizeof(path), "busy");
	if ((fp = fopen(path, "r")) != NULL) {
		st.busy = fgets(buf, sizeof(buf), fp) != NULL ? atoi(buf) : 0;
		if (st.busy < 1)
			st.busy = 1;
		fclose(fp);
		unlink(path);
	}
	path_of(path, sizeof(path), "expire");
	if ((fp = fopen(path, "r")) != NULL) {
		st.expire_in = fgets(buf, sizeof(buf), fp) != NULL ?
		    atoi(buf) : 0;
		if (st.expire_in < 0)
			st.expire_in = 0;
		fclose(fp);
		unlink(path);
		st.expiring = 1;
	}
	if (st.expiring && st.expire_in-- == 0) {
		memset(st.s, 0, sizeof(st.s));
		st.expiring = 0;
	}
	path_of(path, sizeof(path), "reboot");
	if (access(path, F_OK) == 0) {
		unlink(path);
		memset(st.s, 0, sizeof(st.s));
		if (st.dataswitch || st.status != 902)
			run_hook("down");
		st.dataswitch = 0;
		st.status = 902;
		st.down_until = now_ms() + 3000;
	}
	if (st.status == 900 && now_ms() >= st.up_at)
		st.status = 901;
	return now_ms() < st.down_until;
}

/* s, XML-escaped, appended to out. */
static void
esc(char *out, size_t size, const char *s)
{
	size_t at = strlen(out);

	for (; *s != '\0' && at + 7 < size; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" :
		    *s == '>' ? "&gt;" : NULL;

		if (e != NULL) {
			memcpy(out + at, e, strlen(e));
			at += strlen(e);
		} else
			out[at++] = *s;
	}
	out[at] = '\0';
}

static void XMLCALL
b_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct body *b = arg;

	(void)attrs;
	if (b->depth == 0 && strcmp(name, "request") != 0)
		b->bad = 1;
	if (b->depth == 1) {
		if (b->n == FIELDS) {
			b->bad = 1;
		} else {
			snprintf(b->name[b->n], sizeof(b->name[0]), "%s", name);
			b->text[b->n][0] = '\0';
			b->n++;
		}
	}
	b->depth++;
}

static void XMLCALL
b_end(void *arg, const XML_Char *name)
{
	struct body *b = arg;

	(void)name;
	b->depth--;
}

static void XMLCALL
b_text(void *arg, const XML_Char *s, int len)
{
	struct body *b = arg;
	size_t at;

	if (b->depth < 2 || b->n == 0)
		return;
	at = strlen(b->text[b->n - 1]);
	if (at + (size_t)len >= sizeof(b->text[0])) {
		b->bad = 1;
		return;
	}
	memcpy(b->text[b->n - 1] + at, s, (size_t)len);
	b->text[b->n - 1][at + (size_t)len] = '\0';
}

/* The body read; 0, -1 when it is no <request>. */
static int
read_body(const char *s, size_t len, struct body *b)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	int ok;

	memset(b, 0, sizeof(*b));
	if (p == NULL)
		return -1;
	XML_SetUserData(p, b);
	XML_SetElementHandler(p, b_start, b_end);
	XML_SetCharacterDataHandler(p, b_text);
	ok = XML_Parse(p, s, (int)len, XML_TRUE) == XML_STATUS_OK;
	XML_ParserFree(p);
	return ok && !b->bad ? 0 : -1;
}

static const char *
field(const struct body *b, const char *name)
{
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->name[i], name) == 0)
			return b->text[i];
	return NULL;
}

/* The answer being made: status, extra header, body. */
struct answer {
	char	 header[256];
	char	 body[BODY_MAX];
	int	 code;		/* the API error answered, 0 */
};

static void
error(struct answer *a, int code)
{
	a->code = code;
	snprintf(a->body, sizeof(a->body), "<?xml version=\"1.0\" "
	    "encoding=\"UTF-8\"?>\r\n<error>\r\n<code>%d</code>\r\n"
	    "<message></message>\r\n</error>\r\n", code);
}

static void __attribute__((format(printf, 2, 3)))
respond(struct answer *a, const char *fmt, ...)
{
	char inner[BODY_MAX - 128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(inner, sizeof(inner), fmt, ap);
	va_end(ap);
	snprintf(a->body, sizeof(a->body), "<?xml version=\"1.0\" "
	    "encoding=\"UTF-8\"?>\r\n<response>%s</response>\r\n", inner);
}

static struct session *
session_of(const char *cookie)
{
	for (int i = 0; i < SESSIONS; i++)
		if (st.s[i].id[0] != '\0' && cookie != NULL &&
		    strcmp(st.s[i].id, cookie) == 0)
			return &st.s[i];
	return NULL;
}

static void
give_token(struct session *s, char *out)
{
	random_token(out);
	if (s->ntok == TOKENS) {
		memmove(s->tokens[0], s->tokens[1],
		    sizeof(s->tokens[0]) * (TOKENS - 1));
		s->ntok--;
	}
	memcpy(s->tokens[s->ntok++], out, TOKLEN + 1);
}

/* A token the stick gave s and that was not used: used now. */
static int
use_token(struct session *s, const char *tok)
{
	for (int i = 0; tok != NULL && i < s->ntok; i++)
		if (strcmp(s->tokens[i], tok) == 0) {
			memmove(s->tokens[i], s->tokens[i + 1],
			    sizeof(s->tokens[0]) * (size_t)(s->ntok - i - 1));
			s->ntok--;
			return 0;
		}
	return -1;
}

static void
api_sestokinfo(struct answer *a)
{
	struct session *s = &st.s[st.next_s++ % SESSIONS];
	char tok[TOKLEN + 1];

	memset(s, 0, sizeof(*s));
	random_token(s->id);
	give_token(s, tok);
	respond(a, "\r\n<SesInfo>%s%s</SesInfo>\r\n<TokInfo>%s</TokInfo>\r\n",
	    st.bare_sesinfo ? "" : "SessionID=", s->id, tok);
}

static int
unread(void)
{
	int n = 0;

	for (int i = 0; i < st.nmsg; i++)
		n += st.inbox[i].stat == 0;
	return n;
}

/* sms-list: the web UI's elements in its order (docs/hilink.md 4). */
static void
api_sms_list(struct answer *a, const struct body *b)
{
	static const char *const order[] = { "PageIndex", "ReadCount",
	    "BoxType", "SortType", "Ascending", "UnreadPreferred" };
	char out[BODY_MAX - 256] = "";
	int page, count, first;

	if (b->n != 6) {
		error(a, 100005);
		return;
	}
	for (int i = 0; i < 6; i++)
		if (strcmp(b->name[i], order[i]) != 0) {
			error(a, 100005);
			return;
		}
	page = atoi(field(b, "PageIndex"));
	count = atoi(field(b, "ReadCount"));
	if (page < 1 || count < 1 || count > 50) {
		error(a, 100006);
		return;
	}
	first = (page - 1) * count;
	snprintf(out, sizeof(out), "\r\n<Count>%d</Count>\r\n<Messages>\r\n",
	    st.nmsg);
	for (int i = first; i < st.nmsg && i < first + count; i++) {
		const struct msg *m = &st.inbox[i];

		snprintf(out + strlen(out), sizeof(out) - strlen(out),
		    "<Message>\r\n<Smstat>%d</Smstat>\r\n<Index>%ld</Index>\r\n"
		    "<Phone>", m->stat, m->index);
		esc(out, sizeof(out), m->phone);
		strncat(out, "</Phone>\r\n<Content>", sizeof(out) - strlen(out) - 1);
		esc(out, sizeof(out), m->text);
		snprintf(out + strlen(out), sizeof(out) - strlen(out),
		    "</Content>\r\n<Date>%s</Date>\r\n<Sca></Sca>\r\n<SaveType>"
		    "0</SaveType>\r\n<Priority>0</Priority>\r\n<SmsType>1"
		    "</SmsType>\r\n</Message>\r\n", m->date);
	}
	strncat(out, "</Messages>\r\n", sizeof(out) - strlen(out) - 1);
	respond(a, "%s", out);
}

static struct msg *
msg_of(const char *index)
{
	long i = index != NULL ? atol(index) : -1;

	for (int k = 0; k < st.nmsg; k++)
		if (st.inbox[k].index == i)
			return &st.inbox[k];
	return NULL;
}

static void
api_delete(struct answer *a, const struct body *b)
{
	struct msg *m = msg_of(field(b, "Index"));

	if (m == NULL) {
		error(a, 113036);
		return;
	}
	memmove(m, m + 1, sizeof(*m) * (size_t)(st.inbox + st.nmsg - m - 1));
	st.nmsg--;
	save_store();
	respond(a, "OK");
}

static void
api_set_read(struct answer *a, const struct body *b)
{
	struct msg *m = msg_of(field(b, "Index"));

	if (m == NULL) {
		error(a, 113036);
		return;
	}
	m->stat = 1;
	save_store();
	respond(a, "OK");
}

static void
api_send(struct answer *a, const struct body *b)
{
	const char *phone, *text;
	char name[1024];

	/* Phones/Phone: the child's text lands in its parent, Phones */
	phone = field(b, "Phones");
	text = field(b, "Content");
	if (phone == NULL || text == NULL || *phone == '\0' ||
	    strcmp(b->name[0], "Index") != 0) {
		error(a, 100005);
		return;
	}
	snprintf(st.last_phone, sizeof(st.last_phone), "%.*s",
	    (int)sizeof(st.last_phone) - 1, phone);
	path_of(name, sizeof(name), "sendfail");
	/* the network refuses it: send-status's FailPhone says so */
	if ((st.last_failed = access(name, F_OK) == 0)) {
		unlink(name);
		respond(a, "OK");
		return;
	}
	snprintf(name, sizeof(name), "sent/%d.txt", ++st.sent);
	logf_(name, "%s\n%s\n", phone, text);
	respond(a, "OK");
}

/* send-status: the last message's number, sent or failed */
static void
api_send_status(struct answer *a)
{
	char p[160] = "";

	esc(p, sizeof(p), st.last_phone);
	respond(a, "<Phone>%s</Phone><SucPhone>%s</SucPhone><FailPhone>%s"
	    "</FailPhone><TotalCount>%d</TotalCount><CurIndex>%d</CurIndex>",
	    p, st.last_failed ? "" : p, st.last_failed ? p : "",
	    p[0] != '\0', p[0] != '\0');
}

static void
api_dataswitch(struct answer *a, const struct body *b, int post)
{
	const char *v;

	if (!post) {
		respond(a, "<dataswitch>%d</dataswitch>", st.dataswitch);
		return;
	}
	if ((v = field(b, "dataswitch")) == NULL ||
	    (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)) {
		error(a, 100005);
		return;
	}
	if (*v == '1' && !st.dataswitch) {
		run_hook("up");
		st.status = 900;
		st.up_at = now_ms() + st.connect_ms;
	} else if (*v == '0' && st.dataswitch) {
		run_hook("down");
		st.status = 902;
	}
	st.dataswitch = *v == '1';
	respond(a, "OK");
}

/*
 * The password_type 4 encoding, by coreutils' sha256sum and base64 (not
 * by any code of the tools'): base64(hex(sha256(user base64(hex(sha256(
 * password))) token))), as the web UI computes it (docs/hilink.md 2).
 */
static int
expected_password(const char *token, char *out, size_t size)
{
	FILE *fp;
	size_t n;

	setenv("HL_U", st.user, 1);
	setenv("HL_P", st.password, 1);
	setenv("HL_T", token, 1);
	if ((fp = popen("h() { sha256sum | cut -c1-64 | tr -d '\\n' | "
	    "base64 -w0; }; i=$(printf %s \"$HL_P\" | h); "
	    "printf %s \"$HL_U$i$HL_T\" | h", "r")) == NULL)
		return -1;
	n = fread(out, 1, size - 1, fp);
	out[n] = '\0';
	return pclose(fp) == 0 && n > 0 ? 0 : -1;
}

static void
api_state_login(struct answer *a, const struct session *s)
{
	respond(a, "<State>%d</State><Username>%s</Username><password_type>4"
	    "</password_type><firstlogin>0</firstlogin>",
	    s != NULL && s->logged ? 0 : -1, s != NULL && s->logged ?
	    st.user : "");
}

/* A login, with the token the request carried; 3 bad ones lock it. */
static void
api_login(struct answer *a, const struct body *b, struct session *s,
    const char *token)
{
	const char *user = field(b, "Username"), *pw = field(b, "Password");
	char want[256];

	if (st.password == NULL) {
		error(a, 100002);
		return;
	}
	if (st.bad_logins >= 3) {
		error(a, 108007);
		return;
	}
	if (user == NULL || pw == NULL || strcmp(user, st.user) != 0 ||
	    expected_password(token, want, sizeof(want)) == -1 ||
	    strcmp(pw, want) != 0) {
		st.bad_logins++;
		error(a, 108006);
		return;
	}
	/* a new session at the login, as the stick gives one */
	random_token(s->id);
	s->logged = 1;
	snprintf(a->header, sizeof(a->header), "Set-Cookie: SessionID=%s; "
	    "path=/; HttpOnly\r\n", s->id);
	respond(a, "OK");
}

static void
api_get(struct answer *a, const char *path)
{
	if (strcmp(path, "/api/monitoring/status") == 0)
		respond(a, "<ConnectionStatus>%d</ConnectionStatus>"
		    "<SignalIcon>%d</SignalIcon><CurrentNetworkType>%d"
		    "</CurrentNetworkType><RoamingStatus>0</RoamingStatus>"
		    "<WanIPAddress>%s</WanIPAddress><ServiceStatus>%d"
		    "</ServiceStatus><SimStatus>1</SimStatus>"
		    "<CurrentNetworkTypeEx>%d</CurrentNetworkTypeEx>"
		    "<maxsignal>5</maxsignal>", st.status, service() ? 4 : 0,
		    service() ? 19 : 0, st.status == 901 ? "198.18.7.2" : "",
		    service() ? 2 : 0, service() ? 101 : 0);
	else if (old_firmware() && (strcmp(path, "/api/net/current-plmn") ==
	    0 || strcmp(path, "/api/device/signal") == 0 ||
	    strcmp(path, "/api/sms/sms-count") == 0))
		error(a, 100002);
	else if (strcmp(path, "/api/net/current-plmn") == 0)
		respond(a, "<State>0</State><FullName>%s</FullName><ShortName>"
		    "%s</ShortName><Numeric>%s</Numeric><Rat>%s</Rat>",
		    service() ? "Tele2 SE" : "", service() ? "Tele2" : "",
		    service() ? "24007" : "", service() ? "7" : "");
	else if (strcmp(path, "/api/device/signal") == 0)
		respond(a, "<pci>%s</pci><sc/><cell_id>%s</cell_id><rsrq>%s"
		    "</rsrq><rsrp>%s</rsrp><rssi>%s</rssi><sinr>%s</sinr><rscp/>"
		    "<ecio/><mode>7</mode>", service() ? "283" : "",
		    service() ? "8391425" : "", service() ? "-11dB" : "",
		    service() ? "-95dBm" : "", service() ? "-67dBm" : "",
		    service() ? "12dB" : "");
	else if (strcmp(path, "/api/monitoring/check-notifications") == 0)
		respond(a, "<UnreadMessage>%d</UnreadMessage><SmsStorageFull>"
		    "0</SmsStorageFull><OnlineUpdateStatus>13"
		    "</OnlineUpdateStatus>", unread());
	else if (strcmp(path, "/api/sms/sms-count") == 0)
		respond(a, "<LocalUnread>%d</LocalUnread><LocalInbox>%d"
		    "</LocalInbox><LocalOutbox>%d</LocalOutbox><LocalDraft>0"
		    "</LocalDraft><SimUnread>0</SimUnread><SimInbox>0</SimInbox>"
		    "<SimOutbox>0</SimOutbox><SimDraft>0</SimDraft><NewMsg>%d"
		    "</NewMsg>", unread(), st.nmsg, st.sent, unread());
	else if (strcmp(path, "/api/device/information") == 0)
		respond(a, "<DeviceName>E3372h-320</DeviceName><Imei>"
		    "866123456789012</Imei><HardwareVersion>CL2E3372HM"
		    "</HardwareVersion><SoftwareVersion>22.317.01.00.00"
		    "</SoftwareVersion><WebUIVersion>WEBUI 17.100.13.01.03"
		    "</WebUIVersion><Classify>hilink</Classify>");
	else if (strcmp(path, "/api/dialup/mobile-dataswitch") == 0)
		api_dataswitch(a, NULL, 0);
	else if (strcmp(path, "/api/sms/send-status") == 0)
		api_send_status(a);
	else
		error(a, 100002);
}

static void
api_post(struct answer *a, const char *path, const char *body, size_t len,
    struct session *s, const char *token)
{
	struct body b;

	if (read_body(body, len, &b) == -1)
		error(a, 100005);
	else if (strcmp(path, "/api/user/login") == 0)
		api_login(a, &b, s, token);
	else if (strcmp(path, "/api/sms/sms-list") == 0)
		api_sms_list(a, &b);
	else if (strcmp(path, "/api/sms/delete-sms") == 0)
		api_delete(a, &b);
	else if (strcmp(path, "/api/sms/set-read") == 0)
		api_set_read(a, &b);
	else if (strcmp(path, "/api/sms/send-sms") == 0)
		api_send(a, &b);
	else if (strcmp(path, "/api/dialup/mobile-dataswitch") == 0)
		api_dataswitch(a, &b, 1);
	else
		error(a, 100002);
}

/* The value of header name in head (CRLF lines), into out; NULL. */
static const char *
header(const char *head, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);
	const char *l, *e;

	for (l = head; (l = strstr(l, "\r\n")) != NULL; ) {
		l += 2;
		if (strncasecmp(l, name, n) != 0 || l[n] != ':')
			continue;
		l += n + 1;
		l += strspn(l, " ");
		e = strstr(l, "\r\n");
		snprintf(out, size, "%.*s", (int)(e - l), l);
		return out;
	}
	return NULL;
}

/* The SessionID of a Cookie header, into out. */
static const char *
cookie_of(const char *head, char *out, size_t size)
{
	char c[512];
	const char *v;

	if (header(head, "Cookie", c, sizeof(c)) == NULL ||
	    (v = strstr(c, "SessionID=")) == NULL)
		return NULL;
	v += 10;
	snprintf(out, size, "%.*s", (int)strcspn(v, "; "), v);
	return out;
}

static void
handle(const char *head, const char *body, size_t blen, struct answer *a)
{
	char method[8], path[256], cookie[128], tok[128], newtok[TOKLEN + 1];
	struct session *s;
	int post;

	memset(a, 0, sizeof(*a));
	if (sscanf(head, "%7s %255s", method, path) != 2) {
		error(a, 100005);
		return;
	}
	post = strcmp(method, "POST") == 0;
	s = session_of(cookie_of(head, cookie, sizeof(cookie)));
	if (strcmp(path, "/api/webserver/SesTokInfo") == 0)
		api_sestokinfo(a);
	else if (st.busy > 0) {
		st.busy--;
		error(a, 100004);
	} else if (s == NULL)
		error(a, cookie_of(head, cookie, sizeof(cookie)) == NULL ?
		    125003 : 125002);
	else if (post && use_token(s, header(head,
	    "__RequestVerificationToken", tok, sizeof(tok))) == -1)
		error(a, 125002);
	else if (strcmp(path, "/api/user/state-login") == 0)
		api_state_login(a, s);
	else if (st.password != NULL && !s->logged &&
	    strcmp(path, "/api/user/login") != 0)
		error(a, 100003);
	else if (post) {
		api_post(a, path, body, blen, s, tok);
		give_token(s, newtok);
		snprintf(a->header + strlen(a->header), sizeof(a->header) -
		    strlen(a->header), "__RequestVerificationToken: %s\r\n",
		    newtok);
	} else
		api_get(a, path);
	logf_("requests.log", "%s %s %d\n", method, path, a->code);
}

/* One request read from fd (its head, then Content-Length's body). */
static int
read_request(int fd, char *buf, size_t size, size_t *headlen, size_t *total)
{
	long long deadline = now_ms() + 5000;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0, want = 0;
	char *end, cl[16];
	ssize_t n;

	for (;;) {
		if (got > 0 && (end = strstr(buf, "\r\n\r\n")) != NULL &&
		    want == 0) {
			*headlen = (size_t)(end - buf) + 4;
			want = *headlen;
			buf[*headlen - 2] = '\0';
			if (header(buf, "Content-Length", cl, sizeof(cl)) != NULL)
				want += (size_t)atol(cl);
			buf[*headlen - 2] = '\r';
			if (want >= size)
				return -1;
		}
		if (want != 0 && got >= want) {
			*total = want;
			return 0;
		}
		if (poll(&p, 1, (int)(deadline - now_ms())) <= 0 ||
		    (n = read(fd, buf + got, size - 1 - got)) <= 0)
			return -1;
		got += (size_t)n;
		buf[got] = '\0';
	}
}

static void
serve(int fd)
{
	static char buf[BODY_MAX], out[BODY_MAX + 512];
	static struct answer a;
	size_t headlen = 0, total = 0;
	int n;

	if (read_request(fd, buf, sizeof(buf), &headlen, &total) == -1)
		return;
	buf[headlen - 2] = '\0';	/* the head, its last CRLF kept */
	handle(buf, buf + headlen, total - headlen, &a);
	n = snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nContent-Type: "
	    "text/html\r\nContent-Length: %zu\r\nConnection: close\r\n%s\r\n"
	    "%s", strlen(a.body), a.header, a.body);
	if (n > 0 && write(fd, out, (size_t)n) != n)
		return;
}

static int
listen_on(const char *addr, int port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	char path[1024], tmp[1100];
	int fd, one = 1;
	FILE *fp;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "hilinksim: %s: not an address\n", addr);
		exit(64);
	}
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 16) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		die(addr);
	path_of(path, sizeof(path), "pid");
	if ((fp = fopen(path, "w")) == NULL)
		die(path);
	fprintf(fp, "%ld\n", (long)getpid());
	fclose(fp);
	path_of(path, sizeof(path), "port");
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL)
		die(tmp);
	fprintf(fp, "%d\n", ntohs(sin.sin_port));
	fclose(fp);
	if (rename(tmp, path) == -1)
		die(path);
	return fd;
}

static void
usage(void)
{
	fprintf(stderr, "usage: hilinksim -d dir [-a addr] [-p port] "
	    "[-c ms] [-n] [-P password [-U user]] [-X hook]\n");
	exit(64);
}

int
main(int argc, char *argv[])
{
	const char *addr = "127.0.0.1";
	struct sigaction sa;
	struct pollfd p;
	char path[1024];
	int ch, fd, c, port = 0;

	st.user = "admin";
	while ((ch = getopt(argc, argv, "a:c:d:nP:p:U:X:")) != -1) {
		switch (ch) {
		case 'P': st.password = optarg; break;
		case 'U': st.user = optarg; break;
		case 'a': addr = optarg; break;
		case 'c': st.connect_ms = atoi(optarg); break;
		case 'd': st.dir = optarg; break;
		case 'n': st.bare_sesinfo = 1; break;
		case 'p': port = atoi(optarg); break;
		case 'X': st.hook = optarg; break;
		default: usage();
		}
	}
	if (st.dir == NULL || optind != argc)
		usage();
	path_of(path, sizeof(path), "inbox");
	mkdir(path, 0755);
	path_of(path, sizeof(path), "sent");
	mkdir(path, 0755);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	save_store();
	fd = listen_on(addr, port);
	p.fd = fd;
	p.events = POLLIN;
	while (!quit) {
		take_inbox();
		if (poll(&p, 1, 100) <= 0)
			continue;
		if ((c = accept(fd, NULL, NULL)) == -1)
			continue;
		/* rebooting: the connection taken and dropped, unanswered */
		if (!take_faults())
			serve(c);
		close(c);
	}
	if (st.dataswitch)
		run_hook("down");
	return 0;
}
