/*
 * hlsession: the HiLink web API's session over libcurl (docs/hilink.md
 * 1): GET /api/webserver/SesTokInfo for the cookie and a token, each
 * POST with "__RequestVerificationToken", the next token from the
 * answer's __RequestVerificationTokenone (or __RequestVerificationToken)
 * header, as the web UI's saveAjaxData does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <time.h>

#include <curl/curl.h>

#include "config.h"
#include "hilink.h"
#include "hlsession.h"
#include "util.h"

#define BUSY_WAIT_MS	1000	/* a busy stick asked again after this */
#define TRIES		4	/* one exchange: a new session, busy... */

/* What one exchange brought: the body, and a token from its headers. */
struct got {
	char	*body;
	size_t	 len;
	int	 too_long;
	char	 tok[HL_TOKEN_LEN + 1];
	int	 tok_one;	/* the token came as ...Tokenone */
	char	 sid[160];	/* a new SessionID (Set-Cookie, at a login) */
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct got *g = arg;
	char *nb;

	n *= size;
	if (g->len + n > HL_ANSWER_MAX) {
		g->too_long = 1;
		return 0;
	}
	if ((nb = realloc(g->body, g->len + n + 1)) == NULL)
		return 0;
	g->body = nb;
	memcpy(g->body + g->len, p, n);
	g->len += n;
	g->body[g->len] = '\0';
	return n;
}

/* "__RequestVerificationTokenone: T" (preferred), or ...Token: T. */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	static const char one[] = "__RequestVerificationTokenone:";
	static const char plain[] = "__RequestVerificationToken:";
	struct got *g = arg;
	char line[256], *v;
	size_t len = size * n;
	int is_one;

	if (len >= sizeof(line))
		return len;
	memcpy(line, p, len);
	line[len] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	/* a login's new session: "Set-Cookie: SessionID=...; path=/" */
	if (strncasecmp(line, "Set-Cookie:", 11) == 0 &&
	    (v = strstr(line, "SessionID=")) != NULL) {
		v[strcspn(v, "; ")] = '\0';
		if (hl_session_id(v, g->sid, sizeof(g->sid)) == -1)
			g->sid[0] = '\0';
		return len;
	}
	is_one = strncasecmp(line, one, sizeof(one) - 1) == 0;
	if (!is_one && (strncasecmp(line, plain, sizeof(plain) - 1) != 0 ||
	    g->tok_one))
		return len;
	v = line + (is_one ? sizeof(one) : sizeof(plain)) - 1;
	v += strspn(v, " \t");
	if (hl_token(v, g->tok) == 0)
		g->tok_one = is_one;
	return len;
}

int
hls_init(struct hls *s, const char *url, int timeout_s, int verbose)
{
	const char *host;

	memset(s, 0, sizeof(*s));
	s->verbose = verbose;
	s->deadline = mono_ms() + (int64_t)timeout_s * 1000;
	if (strncmp(url, "http://", 7) != 0) {
		snprintf(s->why, sizeof(s->why), "%s: not an http:// URL",
		    shown(url));
		return -1;
	}
	host = url + 7;
	/* the stick's address and port alone: no path, user or query */
	if (*host == '\0' || host[strcspn(host, "/@?#")] != '\0' ||
	    strlen(url) >= sizeof(s->base)) {
		snprintf(s->why, sizeof(s->why), "%s: the stick's address, "
		    "http://ADDR[:PORT], nothing after", shown(url));
		return -1;
	}
	snprintf(s->base, sizeof(s->base), "%s", url);
	if ((s->curl = curl_easy_init()) == NULL) {
		snprintf(s->why, sizeof(s->why), "libcurl: cannot start");
		return -1;
	}
	return 0;
}

int
hls_login_conf(struct hls *s, const char *conf, int given)
{
	struct config *c;
	const char *pw, *user;
	char err[512];

	if ((c = config_load(conf, err, sizeof(err))) == NULL) {
		if (errno == ENOENT && !given)
			return 0;
		snprintf(s->why, sizeof(s->why), "%s", err);
		return -1;
	}
	if (config_get(c, "oobm_hilink_password") == NULL) {
		config_free(c);
		return 0;
	}
	user = config_str(c, "oobm_hilink_user");
	if ((pw = config_get_secret(c, "oobm_hilink_password", err,
	    sizeof(err))) == NULL || strlen(pw) >= sizeof(s->password) ||
	    strlen(user) >= sizeof(s->user)) {
		snprintf(s->why, sizeof(s->why), "%s", pw == NULL ? err :
		    "oobm_hilink_user or oobm_hilink_password: too long");
		config_free(c);
		return -1;
	}
	snprintf(s->user, sizeof(s->user), "%s", user);
	snprintf(s->password, sizeof(s->password), "%s", pw);
	config_free(c);
	return 0;
}

void
hls_close(struct hls *s)
{
	explicit_bzero(s->password, sizeof(s->password));
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	s->curl = NULL;
}

/* One HTTP exchange; the answer read into *a.  0, or -1 (why). */
static int
exchange(struct hls *s, const char *path, const char *body,
    struct hl_answer **a)
{
	CURL *c = s->curl;
	struct curl_slist *h = NULL;
	char url[HLS_URL_MAX + 128], hdr[256], err[CURL_ERROR_SIZE] = "";
	struct got g;
	CURLcode rc;
	int left = ms_left(s->deadline), r = -1;

	*a = NULL;
	if (left == 0) {
		snprintf(s->why, sizeof(s->why), "%s: no answer in time",
		    s->base);
		s->failed = HLS_TIME;
		return -1;
	}
	memset(&g, 0, sizeof(g));
	snprintf(url, sizeof(url), "%s%s", s->base, path);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)left);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &g);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &g);
	if (s->sid[0] != '\0') {
		snprintf(hdr, sizeof(hdr), "Cookie: SessionID=%s", s->sid);
		h = curl_slist_append(h, hdr);
	}
	if (body != NULL) {
		snprintf(hdr, sizeof(hdr), "__RequestVerificationToken: %s",
		    s->tok);
		h = curl_slist_append(h, hdr);
		h = curl_slist_append(h, "Content-Type: application/xml");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		/* the token is spent, whatever the answer */
		s->tok[0] = '\0';
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if ((rc = curl_easy_perform(c)) != CURLE_OK) {
		snprintf(s->why, sizeof(s->why), "%s: %.300s", s->base,
		    g.too_long ? "an answer too long" : err[0] != '\0' ? err :
		    curl_easy_strerror(rc));
		s->failed = g.too_long ? HLS_DATA : rc ==
		    CURLE_OPERATION_TIMEDOUT ? HLS_TIME : HLS_NET;
	} else if (hl_read(g.body != NULL ? g.body : "", g.len, a) == -1) {
		snprintf(s->why, sizeof(s->why), "%s%s: an answer that is no "
		    "HiLink API's (is it a HiLink stick?)", s->base, path);
		s->failed = HLS_DATA;
	} else
		r = 0;
	if (g.tok[0] != '\0')
		memcpy(s->tok, g.tok, sizeof(s->tok));
	if (g.sid[0] != '\0')
		memcpy(s->sid, g.sid, sizeof(s->sid));
	curl_slist_free_all(h);
	free(g.body);
	return r;
}

static int
login_failed(struct hls *s, const char *what)
{
	if (strncmp(what, "login: ", 7) == 0)
		what += 7;	/* the error's own text says it already */
	snprintf(s->why, sizeof(s->why), "%s: login as %s: %s", s->base,
	    s->user, what);
	s->failed = HLS_LOGIN;
	return -1;
}

/*
 * The login, where state-login says the session has none: the password
 * encoded as its password_type wants, with the token the request
 * carries.  100002 to state-login: a stick without logins.
 */
static int
login(struct hls *s)
{
	char enc[256], body[1024];
	struct hl_answer *a;
	const char *state, *type;
	int t, err;

	if (exchange(s, "/api/user/state-login", NULL, &a) == -1)
		return -1;
	state = hl_get(a, "State", 0);
	type = hl_get(a, "password_type", 0);
	t = type != NULL && strcmp(type, "4") == 0 ? 4 : 0;
	err = a->error;
	if (err != 0 || (state != NULL && strcmp(state, "0") == 0)) {
		hl_free(a);
		return 0;
	}
	hl_free(a);
	if (hl_password(t, s->user, s->password, s->tok, enc,
	    sizeof(enc)) == -1 || hl_req_login(body, sizeof(body), s->user,
	    enc, t) == -1)
		return login_failed(s, "a user or password too long");
	explicit_bzero(enc, sizeof(enc));
	if (exchange(s, "/api/user/login", body, &a) == -1) {
		explicit_bzero(body, sizeof(body));
		return -1;
	}
	explicit_bzero(body, sizeof(body));
	err = a->error;
	hl_free(a);
	if (err != 0)
		return login_failed(s, hl_error_text(err));
	if (s->verbose)
		fprintf(stderr, "%s: %s: logged in as %s\n", getprogname(),
		    s->base, s->user);
	return 0;
}

/* A new session: its cookie and first token, from SesTokInfo. */
static int
begin(struct hls *s)
{
	struct hl_answer *a;
	const char *ses, *tok;

	s->sid[0] = s->tok[0] = '\0';
	if (exchange(s, "/api/webserver/SesTokInfo", NULL, &a) == -1)
		return -1;
	ses = hl_get(a, "SesInfo", 0);
	tok = hl_get(a, "TokInfo", 0);
	if (ses == NULL || tok == NULL ||
	    hl_session_id(ses, s->sid, sizeof(s->sid)) == -1 ||
	    hl_token(tok, s->tok) == -1) {
		snprintf(s->why, sizeof(s->why), "%s: SesTokInfo: %s",
		    s->base, a->error != 0 ? hl_error_text(a->error) :
		    "no session or token in it");
		s->failed = HLS_DATA;
		hl_free(a);
		return -1;
	}
	hl_free(a);
	if (s->verbose)
		fprintf(stderr, "%s: %s: a new session\n", getprogname(),
		    s->base);
	return s->password[0] != '\0' ? login(s) : 0;
}

static void
nap_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1)
		;
}

static int
ask(struct hls *s, const char *path, const char *body,
    struct hl_answer **a)
{
	int stale = 0, err;

	for (int i = 0;; i++) {
		if ((s->sid[0] == '\0' || (body != NULL && s->tok[0] == '\0'))
		    && begin(s) == -1)
			return -1;
		if (exchange(s, path, body, a) == -1)
			return -1;
		err = (*a)->error;
		if (i == TRIES - 1)
			return 0;
		if ((hl_error_session(err) || (err == 100003 &&
		    s->password[0] != '\0')) && !stale) {
			/* rebooted, or timed out: once more, afresh */
			stale = 1;
			s->sid[0] = '\0';
		} else if ((err == 100004 || err == 113018) &&
		    ms_left(s->deadline) > BUSY_WAIT_MS)
			nap_ms(BUSY_WAIT_MS);
		else
			return 0;
		if (s->verbose)
			fprintf(stderr, "%s: %s%s: %s: again\n", getprogname(),
			    s->base, path, hl_error_text(err));
		hl_free(*a);
		*a = NULL;
	}
}

int
hls_get(struct hls *s, const char *path, struct hl_answer **a)
{
	return ask(s, path, NULL, a);
}

int
hls_post(struct hls *s, const char *path, const char *body,
    struct hl_answer **a)
{
	return ask(s, path, body, a);
}

int
hls_exit_status(const struct hls *s)
{
	return s->failed == HLS_DATA ? EX_DATAERR : s->failed == HLS_TIME ?
	    EX_TEMPFAIL : s->failed == HLS_LOGIN ? EX_NOPERM : EX_UNAVAILABLE;
}
