/*
 * pushnotify: send a push notification (Pushover, ntfy or a webhook) over
 * libcurl, retrying what is worth retrying within a total time.
 */
#include <errno.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "config.h"
#include "http.h"
#include "json.h"
#include "utf8.h"
#include "util.h"

#define PUSHOVER_URL	"https://api.pushover.net/1/messages.json"
#define NTFY_URL	"https://ntfy.sh"
#define MESSAGE_MAX	1024	/* Pushover's limit, in characters */
#define TITLE_MAX	250
#define URL_MAX		512
#define OTHER_MAX	4000	/* ntfy and webhooks */
#define ANSWER_MAX	(64 * 1024)
#define BACKOFF_S	5	/* Pushover: retry 5xx no sooner than 5 s */
#define REQUEST_MAX_S	30	/* one attempt, at most */
#define BODY_MAX	(16 * 1024)

enum service { PUSHOVER, NTFY, WEBHOOK };

/* oobm_push_service's words, by enum service */
static const char *const services[] = { "pushover", "ntfy", "webhook" };

struct opts {
	enum service	 service;
	const char	*url;		/* endpoint */
	char		 shown[URL_MAX + 1];	/* url as said: no credentials */
	const char	*token;		/* secret */
	const char	*user;		/* Pushover user key, secret */
	const char	*device, *sound, *topic;
	const char	*cafile;
	const char	*address;	/* -a: connect here, not to the URL's host */
	const char	*title, *link;
	int		 priority;	/* -2..2, Pushover's scale */
	int		 retry_s, expire_s;	/* priority 2 */
	int		 attempts;
	int		 total_s;
	int		 verbose;
};

struct answer {
	char	 body[ANSWER_MAX + 1];
	size_t	 len;
	char	 retry_after[64];
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: pushnotify [-v] [-a address] [-C cafile] [-c config] "
	    "[-p priority]\n"
	    "                  [-T seconds] [-t title] [-u url] [message ...]\n"
	    "       pushnotify -n [-C cafile] [-c config]\n"
	    "       pushnotify -V\n");
	exit(status);
}

/* --- the message --- */

/* Cut to max characters, visibly: the last one becomes an ellipsis. */
static char *
fit(const char *s, size_t max, const char *what, int verbose)
{
	char *out;
	size_t keep;
	int cut;

	keep = utf8_prefix(s, strlen(s), max, &cut);
	if (cut)
		keep = utf8_prefix(s, strlen(s), max - 1, &cut);
	if ((out = malloc(keep + 4)) == NULL)
		err(EX_OSERR, NULL);
	memcpy(out, s, keep);
	/* the ellipsis, U+2026, and the NUL: the 4 bytes kept for them */
	memcpy(out + keep, cut ? "\xe2\x80\xa6" : "", cut ? 4 : 1);
	if (cut && verbose)
		warnx("%s cut to %zu characters", what, max);
	return out;
}

/* --- configuration --- */

static const char *
secret(const struct config *c, const char *key)
{
	const char *v;
	char msg[512];

	if ((v = config_get_secret(c, key, msg, sizeof(msg))) == NULL)
		errx(EX_CONFIG, "%s", msg);
	return v;
}

static void	check_endpoint(const char *, const struct opts *);
static void	shown_url(struct opts *);

static enum service
service(const struct config *cf, const char *path)
{
	const char *v;
	size_t i;

	if ((v = config_str(cf, "oobm_push_service")) == NULL)
		errx(EX_CONFIG, "%s: set oobm_push_service to pushover, ntfy "
		    "or webhook", path);
	for (i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (strcmp(v, services[i]) == 0)
			return (enum service)i;
	errx(EX_CONFIG, "%s: oobm_push_service %s: pushover, ntfy or "
	    "webhook", path, v);
}

/*
 * The push as oobm.conf at path sets it, into o, which then points into
 * the configuration returned: it is freed once o is done with.
 */
static struct config *
configure(const char *path, struct opts *o)
{
	struct config *cf;
	char msg[512];

	if ((cf = config_load(path, msg, sizeof(msg))) == NULL)
		errx(EX_CONFIG, "%s", msg);
	o->service = service(cf, path);
	o->url = config_str(cf, "oobm_push_url");
	o->device = config_str(cf, "oobm_push_device");
	o->sound = config_str(cf, "oobm_push_sound");
	o->topic = config_str(cf, "oobm_push_topic");
	if (o->cafile == NULL)
		o->cafile = config_path(cf, "oobm_push_cafile");
	o->retry_s = config_number(cf, "oobm_push_retry");
	o->expire_s = config_number(cf, "oobm_push_expire");
	o->attempts = config_number(cf, "oobm_push_attempts");
	if (o->total_s == 0)
		o->total_s = config_number(cf, "oobm_push_timeout");
	switch (o->service) {
	case PUSHOVER:
		o->token = secret(cf, "oobm_push_token");
		o->user = secret(cf, "oobm_push_user");
		if (o->url == NULL)
			o->url = PUSHOVER_URL;
		break;
	case NTFY:
		if (o->topic == NULL)
			errx(EX_CONFIG, "%s: ntfy needs oobm_push_topic", path);
		if (config_get(cf, "oobm_push_token") != NULL)
			o->token = secret(cf, "oobm_push_token");
		if (o->url == NULL)
			o->url = NTFY_URL;
		break;
	case WEBHOOK:
		if (o->url == NULL)
			errx(EX_CONFIG, "%s: a webhook needs oobm_push_url",
			    path);
		if (config_get(cf, "oobm_push_token") != NULL)
			o->token = secret(cf, "oobm_push_token");
		break;
	}
	shown_url(o);
	/* credentials in the URL are a secret: the file's mode as for one */
	if (http_url_secret(o->url) &&
	    config_get_secret(cf, "oobm_push_url", msg, sizeof(msg)) == NULL)
		errx(EX_CONFIG, "%s", msg);
	check_endpoint(path, o);
	return cf;
}

/* The endpoint as messages and syslog say it (http_url_shown), escaped. */
static void
shown_url(struct opts *o)
{
	char redacted[URL_MAX + 1];

	http_url_shown(o->url, redacted, sizeof(redacted));
	escape_to(o->shown, sizeof(o->shown), redacted, strlen(redacted));
}

/*
 * What no retry can mend is said at once: a URL that is not HTTP(S), a
 * CA file that cannot be read.  A token over plain HTTP is only warned
 * about (a webhook on the LAN may be meant so).
 */
static void
check_endpoint(const char *path, const struct opts *o)
{
	const char *esc = o->shown;
	int tls;

	if ((tls = http_url_tls(o->url)) == -1)
		errx(EX_CONFIG, "%s: oobm_push_url %s: http:// or https:// "
		    "only", path, esc);
	if (o->cafile != NULL && access(o->cafile, R_OK) == -1)
		err(EX_NOINPUT, "CA file %s", o->cafile);
	if (!tls && (o->token != NULL || o->user != NULL))
		warnx("%s: the token goes in clear over http://; use https://",
		    esc);
}

/* --- the request --- */

static void
form_field(CURL *curl, struct abuf *body, const char *key, const char *value)
{
	char *esc;

	if (value == NULL)
		return;
	if ((esc = curl_easy_escape(curl, value, 0)) == NULL)
		errx(EX_SOFTWARE, "curl_easy_escape failed");
	if ((body->len > 0 && abuf_adds(body, "&") == -1) ||
	    abuf_adds(body, key) == -1 || abuf_adds(body, "=") == -1 ||
	    abuf_adds(body, esc) == -1)
		errx(EX_DATAERR, "request too large");
	curl_free(esc);
}

static void
pushover_body(CURL *curl, const struct opts *o, const char *text,
    struct abuf *body)
{
	char prio[16], retry[16], expire[16];
	char *msg, *title = NULL, *link = NULL;

	msg = fit(text, MESSAGE_MAX, "message", o->verbose);
	if (o->title != NULL)
		title = fit(o->title, TITLE_MAX, "title", o->verbose);
	if (o->link != NULL)
		link = fit(o->link, URL_MAX, "url", o->verbose);
	snprintf(prio, sizeof(prio), "%d", o->priority);
	snprintf(retry, sizeof(retry), "%d", o->retry_s);
	snprintf(expire, sizeof(expire), "%d", o->expire_s);
	form_field(curl, body, "token", o->token);
	form_field(curl, body, "user", o->user);
	form_field(curl, body, "message", msg);
	form_field(curl, body, "title", title);
	form_field(curl, body, "priority", prio);
	form_field(curl, body, "url", link);
	form_field(curl, body, "device", o->device);
	form_field(curl, body, "sound", o->sound);
	/* emergency priority must say how often and how long to repeat */
	if (o->priority == 2) {
		form_field(curl, body, "retry", retry);
		form_field(curl, body, "expire", expire);
	}
	free(msg);
	free(title);
	free(link);
}

static void
json_member(struct abuf *body, const char *key, const char *value, int quote)
{
	char q[BODY_MAX * 2];

	if (value == NULL)
		return;
	if (quote && json_quote(value, q, sizeof(q)) == -1)
		errx(EX_DATAERR, "%s too long", key);
	if ((body->len > 1 && abuf_adds(body, ",") == -1) ||
	    abuf_adds(body, "\"") == -1 || abuf_adds(body, key) == -1 ||
	    abuf_adds(body, "\":") == -1 ||
	    abuf_adds(body, quote ? q : value) == -1)
		errx(EX_DATAERR, "request too large");
}

/* ntfy's JSON publishing (its topic in the body) and webhooks alike. */
static void
json_body(const struct opts *o, const char *text, struct abuf *body)
{
	char prio[16];
	char *msg;

	msg = fit(text, OTHER_MAX, "message", o->verbose);
	(void)abuf_adds(body, "{");
	if (o->service == NTFY) {
		json_member(body, "topic", o->topic, 1);
		snprintf(prio, sizeof(prio), "%d", o->priority + 3);
		json_member(body, "message", msg, 1);
		json_member(body, "title", o->title, 1);
		json_member(body, "priority", prio, 0);
		json_member(body, "click", o->link, 1);
	} else {
		snprintf(prio, sizeof(prio), "%d", o->priority);
		json_member(body, "message", msg, 1);
		json_member(body, "title", o->title, 1);
		json_member(body, "priority", prio, 0);
		json_member(body, "url", o->link, 1);
	}
	if (abuf_adds(body, "}") == -1)
		errx(EX_DATAERR, "request too large");
	free(msg);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;
	size_t len = size * n, room = ANSWER_MAX - a->len;

	memcpy(a->body + a->len, p, len < room ? len : room);
	a->len += len < room ? len : room;
	a->body[a->len] = '\0';
	return len;
}

/* Each header line of the answer; only Retry-After is read (http.h). */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;

	(void)http_header(p, size * n, "Retry-After", a->retry_after,
	    sizeof(a->retry_after));
	return size * n;
}

static const char *
service_name(enum service s)
{
	return services[s];
}

static CURL *
request(const struct opts *o, const char *body, struct curl_slist **hdrs,
    struct curl_slist **pin, struct answer *a, char *errbuf)
{
	char auth[600], ua[64], spec[64];
	CURL *curl;

	if ((curl = curl_easy_init()) == NULL)
		errx(EX_SOFTWARE, "curl_easy_init failed");
	*hdrs = curl_slist_append(NULL, "Expect:");
	if (o->service != PUSHOVER)
		*hdrs = curl_slist_append(*hdrs,
		    "Content-Type: application/json");
	if (o->service != PUSHOVER && o->token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    o->token);
		*hdrs = curl_slist_append(*hdrs, auth);
	}
	snprintf(ua, sizeof(ua), "oobm-pushnotify/%s", OOBM_VERSION);
	curl_easy_setopt(curl, CURLOPT_URL, o->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, ua);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, *hdrs);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->cafile != NULL)
		curl_easy_setopt(curl, CURLOPT_CAINFO, o->cafile);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, a);
	/*
	 * -a: connect to this address whatever the URL's host and port
	 * resolve to, while TLS still checks the URL's host name.  The
	 * caller found the address through a resolver it trusts (the
	 * carrier's, over the link it routed), which the system resolver
	 * may not be.
	 */
	*pin = NULL;
	if (o->address != NULL && http_connect_to(o->address, spec,
	    sizeof(spec)) == 0) {
		*pin = curl_slist_append(NULL, spec);
		curl_easy_setopt(curl, CURLOPT_CONNECT_TO, *pin);
	}
	return curl;
}

/* The API's own words for a refusal, secrets masked, escaped. */
static void __attribute__((noreturn))
refused(const struct opts *o, long status, struct http_answer *said)
{
	char esc[2048];

	http_redact(said->why, o->token);
	http_redact(said->why, o->user);
	escape_to(esc, sizeof(esc), said->why, strlen(said->why));
	errx(1, "%s: %s: HTTP %ld: %s", service_name(o->service), o->shown,
	    status, *esc != '\0' ? esc : "refused");
}

/* Pushover says 2xx and "status":0 for a refusal too. */
static void
delivered(const struct opts *o, long status, struct http_answer *said)
{
	if (o->service == PUSHOVER && !said->accepted)
		refused(o, status, said);
	printf("service=%s http=%ld", service_name(o->service), status);
	if (said->id[0] != '\0') {
		printf(" request=");
		put_safe(stdout, said->id);
	}
	putchar('\n');
}

/* Seconds to wait before the next attempt, or -1 to give up. */
static long
next_wait(const struct answer *a, int attempt, int64_t deadline_ms)
{
	long wait, left;

	wait = (long)BACKOFF_S << (attempt - 1);
	if (a->retry_after[0] != '\0' &&
	    (wait = http_retry_after(a->retry_after, (int64_t)time(NULL))) <
	    0)
		wait = (long)BACKOFF_S << (attempt - 1);
	left = ms_left(deadline_ms) / 1000;
	if (wait >= left)
		return -1;
	return wait;
}

static int
send_once(const struct opts *o, const char *body, struct answer *a,
    long *status, char *errbuf, int64_t deadline)
{
	struct curl_slist *hdrs, *pin;
	CURLcode rc;
	CURL *curl;
	long left;

	memset(a, 0, sizeof(*a));
	errbuf[0] = '\0';
	curl = request(o, body, &hdrs, &pin, a, errbuf);
	left = ms_left(deadline);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, left < REQUEST_MAX_S *
	    1000L ? left : REQUEST_MAX_S * 1000L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, left < 10000 ?
	    left : 10000L);
	rc = curl_easy_perform(curl);
	*status = 0;
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
	else if (errbuf[0] == '\0')
		snprintf(errbuf, CURL_ERROR_SIZE, "%s", curl_easy_strerror(rc));
	curl_easy_cleanup(curl);
	curl_slist_free_all(hdrs);
	curl_slist_free_all(pin);
	return rc == CURLE_OK ? 0 : (int)rc;
}

/* The last answer an error, after the attempts: said, and exit 75. */
static void __attribute__((noreturn))
gave_up(const struct opts *o, long status, const char *retry_after,
    int attempt)
{
	char ra[256];

	/* the server's words: escaped, as every other it sends */
	escape_to(ra, sizeof(ra), retry_after, strlen(retry_after));
	errx(EX_TEMPFAIL, "%s: %s: HTTP %ld%s%s; gave up after %d attempt(s)",
	    service_name(o->service), o->shown, status,
	    ra[0] != '\0' ? ", Retry-After " : "", ra, attempt);
}

static int
deliver(const struct opts *o, const char *body)
{
	static struct answer a;
	struct http_answer said;
	char errbuf[CURL_ERROR_SIZE];
	int64_t deadline;
	long status, wait;
	int attempt, rc;

	deadline = mono_ms() + (int64_t)o->total_s * 1000;
	for (attempt = 1; ; attempt++) {
		rc = send_once(o, body, &a, &status, errbuf, deadline);
		if (rc == CURLE_SSL_CACERT || rc == CURLE_PEER_FAILED_VERIFICATION
		    || rc == CURLE_SSL_CACERT_BADFILE)
			errx(EX_UNAVAILABLE, "%s: %s: TLS: %s",
			    service_name(o->service), o->shown, errbuf);
		if (rc == CURLE_OK && http_action(status) != HTTP_RETRY) {
			progress_done();
			http_answer_read(a.body, a.len, &said);
			if (http_action(status) == HTTP_FAIL)
				refused(o, status, &said);
			delivered(o, status, &said);
			return EX_OK;
		}
		if (o->verbose && rc != CURLE_OK)
			warnx("attempt %d: %s", attempt, errbuf);
		else if (o->verbose)
			warnx("attempt %d: HTTP %ld", attempt, status);
		if (attempt == o->attempts ||
		    (wait = next_wait(&a, attempt, deadline)) < 0)
			break;
		if (o->verbose)
			warnx("waiting %ld s", wait);
		else if (rc != CURLE_OK)
			progress("%s, retrying in %ld s (%d/%d)...", errbuf,
			    wait, attempt + 1, o->attempts);
		else
			progress("%ld, retrying in %ld s (%d/%d)...", status,
			    wait, attempt + 1, o->attempts);
		sleep((unsigned int)wait);
	}
	progress_done();
	if (rc != CURLE_OK)
		errx(EX_TEMPFAIL, "%s: %s: %s; gave up after %d attempt(s)",
		    service_name(o->service), o->shown, errbuf, attempt);
	gave_up(o, status, a.retry_after, attempt);
}

/* The title and the link, as given: UTF-8 text, or nothing is read. */
static void
check_options(const struct opts *o)
{
	if ((o->title != NULL && !utf8_valid(o->title, strlen(o->title))) ||
	    (o->link != NULL && !utf8_valid(o->link, strlen(o->link))))
		errx(EX_DATAERR, "title and url must be UTF-8 text");
}

/* The message of the operands or standard input, UTF-8 text. */
static char *
message(int argc, char *argv[])
{
	char *text;
	size_t len;

	text = read_message(argc, argv, BODY_MAX, &len);
	if (!utf8_valid(text, len))
		errx(EX_DATAERR, "message is not UTF-8 text");
	return text;
}

/* The request the service takes: Pushover's form or a JSON object. */
static void
make_body(const struct opts *o, const char *text, struct abuf *body)
{
	CURL *curl;

	if ((curl = curl_easy_init()) == NULL)
		errx(EX_SOFTWARE, "libcurl does not start");
	if (o->service == PUSHOVER)
		pushover_body(curl, o, text, body);
	else
		json_body(o, text, body);
	curl_easy_cleanup(curl);
	if (o->verbose)
		warnx("%s: POST %s%s%s, %zu bytes", service_name(o->service),
		    o->shown, o->address != NULL ? " at " : "",
		    o->address != NULL ? o->address : "", body->len);
}

/*
 * pushnotify [-v] [-a address] ... [message ...]: the message pushed as
 * the configuration says, retried within the total time.
 */
static int
push(const char *conf, struct opts *o, int argc, char *argv[])
{
	static char bodybuf[BODY_MAX * 3];
	struct config *cf;
	struct abuf body;
	char *text;
	int r;

	check_options(o);
	cf = configure(conf, o);
	text = message(argc, argv);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		errx(EX_SOFTWARE, "libcurl does not start");
	abuf_init(&body, bodybuf, sizeof(bodybuf));
	make_body(o, text, &body);
	r = deliver(o, body.s);
	free(text);
	curl_global_cleanup();
	config_free(cf);
	return r;
}

/*
 * pushnotify -n: what a push would refuse in the configuration, said
 * now (oobm check); nothing is sent.
 */
static int
check(const char *conf, struct opts *o)
{
	config_free(configure(conf, o));
	return EX_OK;
}

int
main(int argc, char *argv[])
{
	enum { PUSH, CHECK } mode = PUSH;
	const char *conf;
	char spec[64];
	struct opts o;
	int ch, others = 0;

	memset(&o, 0, sizeof(o));
	conf = config_default_path();
	while ((ch = getopt(argc, argv, "a:C:c:hnp:T:t:u:Vv")) != -1) {
		switch (ch) {
		case 'a':
			others = 1;
			if (http_connect_to(optarg, spec, sizeof(spec)) == -1)
				errx(EX_USAGE, "-a %s: not an IP address",
				    shown(optarg));
			o.address = optarg;
			break;
		case 'C':
			o.cafile = optarg;
			break;
		case 'c':
			conf = optarg;
			break;
		case 'n':
			mode = CHECK;
			break;
		case 'p':
			others = 1;
			o.priority = (int)num_arg(optarg, -2, 2, "priority");
			break;
		case 'T':
			others = 1;
			o.total_s = (int)num_arg(optarg, 1, 3600, "total time");
			break;
		case 't':
			others = 1;
			o.title = optarg;
			break;
		case 'u':
			others = 1;
			o.link = optarg;
			break;
		case 'V':
			printf("pushnotify %s\n", OOBM_VERSION);
			return EX_OK;
		case 'v':
			others = 1;
			o.verbose = 1;
			break;
		case 'h':
			usage(EX_OK);
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (mode == CHECK) {
		/* -n sends nothing: the rest is moot */
		if (others || argc > 0)
			usage(EX_USAGE);
		return check(conf, &o);
	}
	return push(conf, &o, argc, argv);
}
