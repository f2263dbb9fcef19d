#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

#define CONFIG_MAX_BYTES	(256 * 1024)

struct entry {
	char	*key;
	char	*value;
	size_t	 line;		/* of the last assignment */
};

#ifdef __linux__
#define STATE_DIR	"/var/lib/oobm"
#else
#define STATE_DIR	"/var/db/oobm"
#endif

/*
 * Every key of oobm.conf(5), the tools' and the orchestrator's, sorted:
 * an oobm_ key not here is a typo (oobm_modme_speed) that would
 * otherwise be ignored in silence.  This is the one list of the keys,
 * their defaults and the range of the numbers: the tools read it, and
 * oobm(8) gets every key in effect from it (oobmconf -s).  t_config
 * checks it against the man page.
 */
#define K(name, def)		{ name, def, 0, 0, 0, NULL }
#define N(name, def, lo, hi)	{ name, def, lo, hi, 0, NULL }
#define SECRET(name)		{ name, NULL, 0, 0, CONFIG_SECRET, NULL }
#ifdef __linux__
#define LINK_DEFAULT	"pppd"
#define CONSOLE_DEFAULT	"/dev/ttyUSB0"
#define POWER_CHIP_DEFAULT "gpiochip0"		/* libgpiod's name */
#else
#define LINK_DEFAULT	"ppp"
#define CONSOLE_DEFAULT	"/dev/cuaU0"
#define POWER_CHIP_DEFAULT "/dev/gpioc0"	/* gpioctl(8) -f */
#endif
const struct config_key config_keys[] = {
	/* oobm alarms: bounds of the PPS signal, microseconds */
	N("oobm_alarm_jitter", "100", 1, 1000000),
	N("oobm_alarm_offset", "1000", 1, 1000000),
	K("oobm_apn", NULL),		/* oobm_link=usbnet's */
	N("oobm_at_timeout", "10", 1, 120),
	K("oobm_console", CONSOLE_DEFAULT),
	N("oobm_console_speed", "57600", 50, 4000000),
	K("oobm_country_code", NULL),
	K("oobm_dhcp_client", "auto"),	/* oobm_link=usbnet's */
	K("oobm_dns", "peer"),
	N("oobm_failover_fails", "4", 1, 100),
	N("oobm_failover_hold", "5", 1, 1440),
	N("oobm_failover_per_day", "6", 0, 48),
	K("oobm_failover_probe", NULL),	/* unset: no failover */
	N("oobm_failover_quiet", "60", 0, 10080),
	N("oobm_failover_timeout", "3", 1, 30),
	K("oobm_gps", NULL),
	/* u-blox: ns of antenna cable (the M8T's factory 50: 10 m of RG58) */
	N("oobm_gps_cable_delay", "50", 0, 32767),
	N("oobm_gps_fix_interval", "1000", 100, 10000),
	N("oobm_gps_rate", "1000", 100, 10000),
	K("oobm_gps_sentences", "rmc"),
	N("oobm_gps_speed", "9600", 4800, 115200),
	SECRET("oobm_hilink_password"),
	K("oobm_hilink_user", "admin"),
	K("oobm_known_hosts", SYSCONFDIR "/oobm/known_hosts"),
	K("oobm_link", LINK_DEFAULT),
	K("oobm_link_down", NULL),
	K("oobm_link_iface", NULL),
	N("oobm_link_max_minutes", "240", 1, 9999),
	/* at most oobm_link_max_minutes: config_check() */
	N("oobm_link_minutes", "30", 1, 9999),
	N("oobm_link_timeout", "60", 1, 600),
	K("oobm_link_up", NULL),
	N("oobm_max_sessions", "6", 1, 1000),
	K("oobm_modem", NULL),
	N("oobm_modem_iface", "0", 0, 31),
	N("oobm_modem_speed", "115200", 1, 4000000),
	K("oobm_modem_usb", NULL),
	K("oobm_notify", NULL),	/* oobm(8): the first of oobm_sms_allow */
	K("oobm_power_active", "high"),
	K("oobm_power_chip", POWER_CHIP_DEFAULT),
	N("oobm_power_gpio", NULL, 0, 1023),	/* unset: no relay */
	N("oobm_power_interval", "300", 0, 86400),
	N("oobm_power_off_seconds", "10", 1, 300),
	N("oobm_power_per_day", "3", 0, 24),
	K("oobm_ppp_profile", "oobm"),
	K("oobm_pppd_peer", "oobm"),
	K("oobm_pps_metrics", NULL),	/* ppsmon -m's file, for oobm alarms */
	N("oobm_push_attempts", "4", 1, 20),
	K("oobm_push_cafile", NULL),
	K("oobm_push_device", NULL),
	N("oobm_push_expire", "3600", 30, 10800),
	N("oobm_push_retry", "60", 30, 10800),
	K("oobm_push_service", NULL),
	K("oobm_push_sound", NULL),
	N("oobm_push_timeout", "60", 1, 3600),
	SECRET("oobm_push_token"),
	K("oobm_push_topic", NULL),
	K("oobm_push_url", NULL),
	SECRET("oobm_push_user"),
	K("oobm_relay", NULL),
	K("oobm_relay_alias", NULL),
	N("oobm_relay_port", "22", 1, 65535),
	K("oobm_relay_user", "oobm"),
	N("oobm_reset_wait", "60", 5, 600),
	N("oobm_resets_per_day", "3", 0, 24),
	N("oobm_retry_seconds", "180", 0, 3600),
	K("oobm_route", "default"),
	K("oobm_run_dir", "/var/run/oobm"),
	N("oobm_selftest_seconds", "30", 1, 3600),
	K("oobm_selftest_ussd", NULL),
	N("oobm_session_max_minutes", "720", 1, 10080),
	K("oobm_sms_allow", NULL),
	K("oobm_sms_auth", NULL),
	N("oobm_sms_iface", NULL, 0, 31),	/* unset: oobm_modem_iface's */
	N("oobm_sms_max_age", "600", 30, 86400),
	{ "oobm_sms_port", NULL, 0, 0, 0, "oobm_modem" },
	N("oobm_sms_replies_per_hour", "12", 1, 600),
	SECRET("oobm_sms_secret"),
	K("oobm_sms_state", STATE_DIR "/smspoll.state"),
	K("oobm_sms_storage", "SM"),
	N("oobm_ssh_alive", "10", 1, 300),
	N("oobm_ssh_alive_max", "3", 1, 30),
	K("oobm_ssh_key", SYSCONFDIR "/oobm/id_ed25519"),
	K("oobm_state_dir", STATE_DIR),
	N("oobm_tries", "3", 1, 10),
	N("oobm_tunnel_port", "31337", 1, 65535),
	K("oobm_tunnel_target", "localhost:22"),
	{ NULL, NULL, 0, 0, 0, NULL }
};
#undef K
#undef N
#undef SECRET

const struct config_key *
config_key(const char *key)
{
	size_t i;

	for (i = 0; config_keys[i].name != NULL; i++)
		if (strcmp(key, config_keys[i].name) == 0)
			return &config_keys[i];
	return NULL;
}

int
config_known(const char *key)
{
	if (strncmp(key, "oobm_", 5) != 0)
		return 1;	/* the file may be shared with other sh */
	return config_key(key) != NULL;
}

struct config {
	char		*name;
	mode_t		 mode;
	struct entry	*v;
	size_t		 n;
};

static const char bare_ok[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "_./:@%+,=-";

const char *
config_default_path(void)
{
	const char *p;

	p = getenv("OOBM_CONF");
	return (p != NULL && *p != '\0') ? p : SYSCONFDIR "/oobm.conf";
}

struct config *
config_new(const char *name, mode_t mode)
{
	struct config *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->name = strdup(name)) == NULL) {
		free(c);
		return NULL;
	}
	c->mode = mode;
	return c;
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	free(c->name);
	free(c);
}

static int
set(struct config *c, const char *key, size_t klen, const char *val,
    size_t vlen, size_t line)
{
	struct entry *v;
	char *k, *s;
	size_t i;

	if ((k = strndup(key, klen)) == NULL ||
	    (s = strndup(val, vlen)) == NULL) {
		free(k);
		return -1;
	}
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, k) == 0) {
			free(k);
			free(c->v[i].value);
			c->v[i].value = s;
			c->v[i].line = line;
			return 0;
		}
	if ((v = realloc(c->v, (c->n + 1) * sizeof(*v))) == NULL) {
		free(k);
		free(s);
		return -1;
	}
	c->v = v;
	c->v[c->n].key = k;
	c->v[c->n].value = s;
	c->v[c->n].line = line;
	c->n++;
	return 0;
}

static int __attribute__((format(printf, 5, 6)))
fail(char *err, size_t size, const struct config *c, size_t lineno,
    const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(err, size, "%s:%zu: %s", c->name, lineno, why);
	return -1;
}

static int
is_name_start(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    ch == '_';
}

static int
is_name_char(char ch)
{
	return is_name_start(ch) || (ch >= '0' && ch <= '9');
}

/*
 * The value starting at s (a line without its newline).  Sets *vs and *vlen
 * to its text and returns the offset just past it, or -1 with a reason.
 */
static long
value(const char *s, size_t len, const char **vs, size_t *vlen,
    const char **why)
{
	const char *end;
	size_t i;

	if (len > 0 && (s[0] == '"' || s[0] == '\'')) {
		if ((end = memchr(s + 1, s[0], len - 1)) == NULL) {
			*why = "unterminated quote (values are one line)";
			return -1;
		}
		*vs = s + 1;
		*vlen = (size_t)(end - s - 1);
		for (i = 0; s[0] == '"' && i < *vlen; i++)
			if ((*vs)[i] == '$' || (*vs)[i] == '`' ||
			    (*vs)[i] == '\\') {
				*why = "$, ` and \\ expand in \"...\": use '...'";
				return -1;
			}
		return end - s + 1;
	}
	for (i = 0; i < len && strchr(bare_ok, s[i]) != NULL && s[i] != '\0';
	    i++)
		;
	*vs = s;
	*vlen = i;
	return (long)i;
}

static int
parse_line(struct config *c, const char *s, size_t len, size_t lineno,
    char *err, size_t errsize)
{
	const char *ks, *vs, *why = "bad value";
	size_t i = 0, klen, vlen;
	long n;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len || s[i] == '#')
		return 0;
	if (!is_name_start(s[i]))
		return fail(err, errsize, c, lineno,
		    "expected name=\"value\"");
	ks = s + i;
	for (klen = 0; i + klen < len && is_name_char(s[i + klen]); klen++)
		;
	if (i + klen == len || s[i + klen] != '=')
		return fail(err, errsize, c, lineno,
		    "expected '=' right after the name %.*s", (int)klen, ks);
	n = value(s + i + klen + 1, len - i - klen - 1, &vs, &vlen, &why);
	if (n < 0)
		return fail(err, errsize, c, lineno, "%.*s: %s", (int)klen, ks,
		    why);
	if (memchr(vs, '\0', vlen) != NULL)
		return fail(err, errsize, c, lineno, "%.*s: NUL byte in value",
		    (int)klen, ks);
	/* After the value only blanks and a comment: sh would run a word. */
	for (i = i + klen + 1 + (size_t)n; i < len; i++) {
		if (s[i] == '#' && (s[i - 1] == ' ' || s[i - 1] == '\t'))
			break;
		if (s[i] != ' ' && s[i] != '\t')
			return fail(err, errsize, c, lineno,
			    "%.*s: unexpected '%c' after the value (quote it)",
			    (int)klen, ks,
			    s[i] >= ' ' && s[i] < 0x7f ? s[i] : '?');
	}
	if (set(c, ks, klen, vs, vlen, lineno) == -1)
		return fail(err, errsize, c, lineno, "%s", strerror(errno));
	return 0;
}

int
config_parse(struct config *c, const char *buf, size_t len, char *err,
    size_t errsize)
{
	const char *nl;
	size_t lineno = 0, n;

	while (len > 0) {
		lineno++;
		nl = memchr(buf, '\n', len);
		n = nl != NULL ? (size_t)(nl - buf) : len;
		if (parse_line(c, buf, n, lineno, err, errsize) == -1)
			return -1;
		if (nl == NULL)
			break;
		buf += n + 1;
		len -= n + 1;
	}
	return 0;
}

/* Edits (insert, delete, change one byte) from a to b, up to 31 bytes. */
static size_t
edits(const char *a, const char *b)
{
	size_t d[32][32], la, lb, i, j, x;

	if ((la = strlen(a)) > 31 || (lb = strlen(b)) > 31)
		return SIZE_MAX;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			x = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < x)
				x = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < x)
				x = d[i][j - 1] + 1;
			d[i][j] = x;
		}
	return d[la][lb];
}

const char *
config_nearest(const char *key)
{
	const char *best = NULL;
	size_t i, e, least = 4;		/* more edits than 3: not a typo */

	for (i = 0; config_keys[i].name != NULL; i++)
		if ((e = edits(key, config_keys[i].name)) < least) {
			least = e;
			best = config_keys[i].name;
		}
	return best;
}

/* A typo'd key is ignored by every reader: say so, where it is, and
 * what was probably meant. */
void
config_warn_unknown(const struct config *c)
{
	const char *near;
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (config_known(c->v[i].key))
			continue;
		if ((near = config_nearest(c->v[i].key)) != NULL)
			warnx("%s:%zu: unknown key %s, ignored; did you mean "
			    "%s?", c->name, c->v[i].line, shown(c->v[i].key),
			    near);
		else
			warnx("%s:%zu: unknown key %s, ignored", c->name,
			    c->v[i].line, shown(c->v[i].key));
	}
}

struct config *
config_load(const char *path, char *err, size_t errsize)
{
	struct config *c;

	if ((c = config_read(path, err, errsize)) != NULL)
		config_warn_unknown(c);
	return c;
}

/*
 * Who may have written what the file says: its owner and every directory
 * above it, as ssh's secure_filename() judges them.  The file and each
 * directory up to / are root's or the caller's, none writable by group
 * or others; a directory writable by all is allowed only when it is
 * root's and sticky (/tmp): none but its owner can rename or remove an
 * entry there.  The configuration names commands run as root
 * (oobm_link_up): a file or directory another account can change would
 * hand it root.  0, or -1 with the reason in err.
 */
static int
secure_path(const char *path, const struct stat *fst, char *err,
    size_t errsize)
{
	char dir[PATH_MAX], *slash;
	struct stat st;
	uid_t me = geteuid();

	if (fst->st_uid != 0 && fst->st_uid != me) {
		snprintf(err, errsize, "%s: owned by uid %ld, not by root or "
		    "by you: refused", path, (long)fst->st_uid);
		return -1;
	}
	if (realpath(path, dir) == NULL) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((slash = strrchr(dir, '/')) != NULL) {
		if (slash == dir)
			slash[1] = '\0';	/* "/" itself, last */
		else
			*slash = '\0';
		if (stat(dir, &st) == -1) {
			snprintf(err, errsize, "%s: %s", dir, strerror(errno));
			return -1;
		}
		if (st.st_uid != 0 && st.st_uid != me) {
			snprintf(err, errsize, "%s: the directory of %s is owned "
			    "by uid %ld, not by root or by you: refused", dir,
			    path, (long)st.st_uid);
			return -1;
		}
		if ((st.st_mode & (S_IWGRP | S_IWOTH)) &&
		    !((st.st_mode & S_ISVTX) && st.st_uid == 0)) {
			snprintf(err, errsize, "%s: the directory of %s is "
			    "writable by group or others (mode %04o): refused",
			    dir, path, (unsigned)st.st_mode & 07777);
			return -1;
		}
		if (strcmp(dir, "/") == 0)
			break;
	}
	return 0;
}

struct config *
config_read(const char *path, char *err, size_t errsize)
{
	struct config *c = NULL;
	struct stat st;
	char *buf = NULL;
	ssize_t n;
	size_t len = 0;
	int fd, saved;

	/* every message after this one names the file as it is */
	if (has_control(path) || strlen(path) > NAME_MAX_BYTES) {
		snprintf(err, errsize, "%s: not a file name (control "
		    "characters, or too long)", shown(path));
		errno = EINVAL;
		return NULL;
	}
	if ((fd = open(path, O_RDONLY)) == -1) {
		saved = errno;
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		errno = saved;
		return NULL;
	}
	if (fstat(fd, &st) == -1 || (buf = malloc(CONFIG_MAX_BYTES)) == NULL)
		goto syserr;
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsize, "%s: not a regular file", path);
		goto fail;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errsize, "%s: writable by group or others "
		    "(mode %04o): refused", path, (unsigned)st.st_mode & 07777);
		goto fail;
	}
	if (secure_path(path, &st, err, errsize) == -1)
		goto fail;
	while ((n = read(fd, buf + len, CONFIG_MAX_BYTES - len)) > 0)
		len += (size_t)n;
	if (n == -1)
		goto syserr;
	if (len == CONFIG_MAX_BYTES) {
		snprintf(err, errsize, "%s: larger than %d bytes", path,
		    CONFIG_MAX_BYTES);
		goto fail;
	}
	if ((c = config_new(path, st.st_mode)) == NULL)
		goto syserr;
	if (config_parse(c, buf, len, err, errsize) == -1) {
		config_free(c);
		c = NULL;
		goto fail;
	}
	free(buf);
	close(fd);
	return c;
syserr:
	saved = errno;
	snprintf(err, errsize, "%s: %s", path, strerror(saved));
	free(buf);
	close(fd);
	errno = saved;
	return NULL;
fail:
	free(buf);
	close(fd);
	errno = 0;
	return NULL;
}

const char *
config_get(const struct config *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return c->v[i].value;
	return NULL;
}

const char *
config_get_secret(const struct config *c, const char *key, char *err,
    size_t errsize)
{
	const char *v;

	/* first whether it is there: a file without it holds no secret */
	if ((v = config_get(c, key)) == NULL || *v == '\0') {
		snprintf(err, errsize, "%s: %s is not set", c->name, key);
		return NULL;
	}
	if (c->mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errsize, "%s: holds the secret %s but is "
		    "accessible by group or others (mode %04o); chmod 600 %s",
		    c->name, key, (unsigned)c->mode & 07777, c->name);
		return NULL;
	}
	return v;
}

const char *
config_name(const struct config *c)
{
	return c->name;
}

size_t
config_line(const struct config *c, const char *key)
{
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return c->v[i].line;
	return 0;
}

const char *
config_str(const struct config *c, const char *key)
{
	const struct config_key *k;
	const char *v;

	if (c != NULL && (v = config_get(c, key)) != NULL && *v != '\0')
		return v;
	if ((k = config_key(key)) != NULL && k->same_as != NULL)
		return config_str(c, k->same_as);
	return k != NULL ? k->def : NULL;
}

const char *
config_path(const struct config *c, const char *key)
{
	const char *v;

	if ((v = config_str(c, key)) != NULL &&
	    (has_control(v) || strlen(v) > NAME_MAX_BYTES))
		errx(EX_CONFIG, "%s: %s %s: not a file or device name (control "
		    "characters, or over %d bytes)", c != NULL ? c->name :
		    "default", key, shown(v), NAME_MAX_BYTES);
	return v;
}

/* A number out of its range: "file: key=value: why (min-max)". */
static int
bad_number(const struct config *c, const char *key, int min, int max,
    char *err, size_t errsize)
{
	const char *v, *errstr = "not set";

	if ((v = config_str(c, key)) != NULL) {
		(void)str_to_num(v, min, max, &errstr);
		if (errstr == NULL)
			return 0;
	}
	snprintf(err, errsize, "%s: %s=%s: %s (%d-%d)",
	    c != NULL ? c->name : "default", key, v != NULL ? shown(v) : "",
	    errstr, min, max);
	return -1;
}

int
config_check(const struct config *c, char *err, size_t errsize)
{
	const struct config_key *k;

	for (k = config_keys; k->name != NULL; k++)
		if (k->max > 0 && config_str(c, k->name) != NULL &&
		    bad_number(c, k->name, k->min, k->max, err, errsize) == -1)
			return -1;
	return bad_number(c, "oobm_link_minutes", 1,
	    config_number(c, "oobm_link_max_minutes"), err, errsize);
}

int
config_number(const struct config *c, const char *key)
{
	const struct config_key *k;

	if ((k = config_key(key)) == NULL || k->max == 0)
		errx(EX_SOFTWARE, "%s: not a number key", key);
	return config_int(c, key, k->min, k->max);
}

int
config_int(const struct config *c, const char *key, int min, int max)
{
	char err[256];
	const char *v, *errstr;

	if ((v = config_str(c, key)) == NULL)
		errx(EX_SOFTWARE, "%s: no default", key);
	if (bad_number(c, key, min, max, err, sizeof(err)) == -1)
		errx(EX_CONFIG, "%s", err);
	return (int)str_to_num(v, min, max, &errstr);
}
