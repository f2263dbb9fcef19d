/*
 * oobmconf: every oobm_ key in effect, as the tools and oobm(8) read
 * oobm.conf: for people, with where each was set and its default; for
 * oobm(8), as key=value lines it reads in one call, without running the
 * file.
 */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "http.h"
#include "mode.h"
#include "policy.h"
#include "util.h"

/* What the options say, whichever mode reads them. */
struct settings {
	const char	*path;		/* -c, or the default */
	int		 script;	/* -s: for oobm(8), not people */
	unsigned char	 given[UCHAR_MAX + 1];	/* the options given */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == EX_OK ? stdout : stderr,
	    "usage: oobmconf [-s] [-c config]\n"
	    "       oobmconf -t [-c config]\n"
	    "       oobmconf -V\n");
	exit(status);
}

/* s as sh reads it back: bare when it can be, else in '...'. */
static void
put_quoted(const char *s)
{
	static const char bare[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	    "_./:@%+,=-";

	if (*s != '\0' && s[strspn(s, bare)] == '\0') {
		fputs(s, stdout);
		return;
	}
	putchar('\'');
	for (; *s != '\0'; s++)
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	putchar('\'');
}

/* The file's name in a comment: a control byte would end the line. */
static void
put_name(const char *s)
{
	for (; *s != '\0'; s++)
		putchar((unsigned char)*s < ' ' || *s == 0x7f ? '?' : *s);
}

/* A secret is only ever said to be set or not. */
static const char *
secret_state(const struct config *c, const struct config_key *k)
{
	const char *v = config_str(c, k->name);

	return v != NULL && *v != '\0' ? "set" : NULL;
}

/*
 * A value as it may be shown: the push URL without the credentials it
 * can carry (http_url_shown), everything else as it is.
 */
static const char *
value_shown(const struct config_key *k, const char *v, char *buf, size_t size)
{
	if (v == NULL || strcmp(k->name, "oobm_push_url") != 0)
		return v;
	http_url_shown(v, buf, size);
	return buf;
}

/* For people: "key=value<tab># where it was set, the default". */
static void
show(const struct config *c, const struct config_key *k)
{
	const char *v;
	char buf[1024];
	size_t line;

	printf("%s=", k->name);
	if (k->flags & CONFIG_SECRET)
		fputs(secret_state(c, k) != NULL ? "set" : "unset", stdout);
	else
		put_quoted((v = value_shown(k, config_str(c, k->name), buf,
		    sizeof(buf))) != NULL ? v : "");
	fputs("\t# ", stdout);
	if ((line = config_line(c, k->name)) == 0) {
		puts("default");
		return;
	}
	put_name(config_name(c));
	printf(":%zu, ", line);
	if (k->flags & CONFIG_SECRET) {
		puts("secret");
		return;
	}
	fputs("default ", stdout);
	put_quoted(k->def != NULL ? k->def : "");
	putchar('\n');
}

/*
 * For oobm(8): "key=value", the value as it is (a line of the file
 * cannot hold a newline), empty when unset; a secret "set" or empty.
 */
static void
dump(const struct config *c, const struct config_key *k)
{
	const char *v;
	char buf[1024];

	if (k->flags & CONFIG_SECRET)
		v = secret_state(c, k);
	else
		v = value_shown(k, config_str(c, k->name), buf, sizeof(buf));
	printf("%s=%s\n", k->name, v != NULL ? v : "");
}

/*
 * -t: what the tools refuse when they use the file, said now: a secret in
 * a file others can read (smspoll and pushnotify exit 78 on it), and the
 * SMS policy as smspoll reads it (policy_load).  Each fault on stderr;
 * the number of faults.
 */
static int
test(const struct config *c)
{
	const struct config_key *k;
	struct auth_policy p;
	const char *v;
	char msg[512];
	int faults = 0;

	for (k = config_keys; k->name != NULL; k++) {
		if (!(k->flags & CONFIG_SECRET) || secret_state(c, k) == NULL)
			continue;
		if (config_get_secret(c, k->name, msg, sizeof(msg)) == NULL) {
			warnx("%s", msg);
			faults++;
		}
	}
	/* credentials in the push URL: a secret, as pushnotify holds */
	if ((v = config_str(c, "oobm_push_url")) != NULL &&
	    http_url_secret(v) &&
	    config_get_secret(c, "oobm_push_url", msg, sizeof(msg)) == NULL) {
		warnx("%s", msg);
		faults++;
	}
	/* a secret's mode is said once, above */
	if (faults == 0 && policy_load(c, &p, msg, sizeof(msg)) == -1) {
		warnx("%s", msg);
		faults++;
	}
	explicit_bzero(&p, sizeof(p));
	return faults;
}

/*
 * The file read and checked as the tools read it; typos said for people
 * only (warn): oobm(8) runs -s every few minutes.
 */
static struct config *
read_config(const char *path, int warn)
{
	struct config *c;
	char errbuf[512];

	if ((c = config_read(path, errbuf, sizeof(errbuf))) == NULL)
		errx(EX_CONFIG, "%s", errbuf);
	if (warn)
		config_warn_unknown(c);
	if (config_check(c, errbuf, sizeof(errbuf)) == -1)
		errx(EX_CONFIG, "%s", errbuf);
	return c;
}

/* Every key in effect: for people, or with -s for oobm(8). */
static int
do_show(const struct settings *s)
{
	const struct config_key *k;
	struct config *c;

	c = read_config(s->path, !s->script);
	for (k = config_keys; k->name != NULL; k++)
		(s->script ? dump : show)(c, k);
	config_free(c);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(EX_IOERR, "stdout");
	return EX_OK;
}

/* -t: 78 when the tools would refuse the file. */
static int
do_test(const struct settings *s)
{
	struct config *c;
	int faults;

	c = read_config(s->path, 1);
	faults = test(c);
	config_free(c);
	return faults == 0 ? EX_OK : EX_CONFIG;
}

static int
do_version(const struct settings *s)
{
	(void)s;
	printf("oobmconf %s\n", OOBM_VERSION);
	return EX_OK;
}

/* oobmconf(1)'s SYNOPSIS, a line a mode (mode.h): -s and -t apart. */
static const struct mode modes[] = {
	{ 'V', "V",  0, 0, "-V",			NULL, do_version },
	{ 't', "tc", 0, 0, "-t (testing the file)",	NULL, do_test },
	{ 0,   "sc", 0, 0, "showing the keys",		NULL, do_show },
};

int
main(int argc, char *argv[])
{
	struct settings s = { .path = config_default_path() };
	const struct mode *m;
	int ch;

	while ((ch = getopt(argc, argv, "c:hstV")) != -1) {
		s.given[(unsigned char)ch] = 1;
		switch (ch) {
		case 'c':
			s.path = optarg;
			break;
		case 's':
			s.script = 1;
			break;
		case 't': case 'V':
			break;		/* modes: given[] says */
		case 'h':
			usage(EX_OK);
		default:
			usage(EX_USAGE);
		}
	}
	argc -= optind;
	if ((m = mode_of(modes, s.given, argc)) == NULL)
		usage(EX_USAGE);
	return m->fn(&s);
}
