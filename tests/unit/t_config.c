/*
 * t_config: oobm.conf parsing.  What the C parser accepts, sh must read
 * the same way; what could mean something else to sh, it must reject.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

static const char *tmpdir;

static struct config *
parse(const char *text, char *err, size_t errsize)
{
	struct config *c;

	c = config_new("test.conf", 0600);
	err[0] = '\0';
	if (config_parse(c, text, strlen(text), err, errsize) == -1) {
		config_free(c);
		return NULL;
	}
	return c;
}

static void
test_accepted(void)
{
	static const char text[] =
	    "# oobm.conf\n"
	    "\n"
	    "oobm_modem=\"/dev/cuaU1.0\"\n"
	    "  oobm_relay='user@relay.example:22'   # trailing comment\n"
	    "oobm_minutes=30\n"
	    "oobm_empty=\n"
	    "oobm_quote='say \"hi\" $HOME `x` \\\\'\n"
	    "oobm_path=/usr/local/bin:/usr/bin\n"
	    "oobm_minutes=45\n"
	    "oobm_hash=\"a#b\"\n"
	    "oobm_last=\"no newline at end\"";
	struct config *c;
	char err[256];

	c = parse(text, err, sizeof(err));
	if (!ok(c != NULL, "sh-compatible file accepted"))
		printf("#   %s\n", err);
	if (c == NULL)
		return;
	is_str(config_get(c, "oobm_modem"), "/dev/cuaU1.0", "double quotes");
	is_str(config_get(c, "oobm_relay"), "user@relay.example:22",
	    "single quotes and comment");
	is_str(config_get(c, "oobm_minutes"), "45", "last assignment wins");
	is_str(config_get(c, "oobm_empty"), "", "empty value");
	is_str(config_get(c, "oobm_quote"), "say \"hi\" $HOME `x` \\\\",
	    "single quotes keep everything");
	is_str(config_get(c, "oobm_path"), "/usr/local/bin:/usr/bin", "bare");
	is_str(config_get(c, "oobm_hash"), "a#b", "# inside quotes");
	is_str(config_get(c, "oobm_last"), "no newline at end", "last line");
	ok(config_get(c, "oobm_unset") == NULL, "unset key is NULL");
	config_free(c);
}

static void
test_rejected(void)
{
	static const char *const bad[] = {
		"name = \"x\"\n",		/* sh runs a command "name" */
		"name=\"$HOME\"\n",
		"name=\"`id`\"\n",
		"name=\"a\\\"b\"\n",
		"name=$(id)\n",
		"name=`id`\n",
		"name=\"x\" reboot\n",
		"name=\"x\";reboot\n",
		"name=\"x\"#c\n",
		"name=a b\n",
		"name='x'y\n",
		"name=~/x\n",
		"name=*\n",
		"export name=x\n",
		"1name=x\n",
		"name=\"unterminated\n",
		"name=\"two\nlines\"\n",
		"name=\"crlf\"\r\n",
		"name=x\\\n",
		". /etc/other.conf\n",
		"name\n",
	};
	struct config *c;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = parse(bad[i], err, sizeof(err));
		ok(c == NULL && strncmp(err, "test.conf:1: ", 13) == 0,
		    "rejected with file:line: %.*s", (int)strcspn(bad[i], "\r\n"),
		    bad[i]);
		config_free(c);
	}
	c = parse("# ok\nok=1\nbad=$x\n", err, sizeof(err));
	ok(c == NULL && strncmp(err, "test.conf:3: ", 13) == 0,
	    "line number of the bad line: %s", err);
	config_free(c);
}

/* Values sh and the C parser must read identically. */
static void
test_agrees_with_sh(void)
{
	static const char *const values[] = {
		"\"/dev/cuaU1.0\"", "'it''s'", "'$(id) `x` \\n'", "plain-1.2",
		"\"with spaces and # hash\"", "''", "\"\"", "a=b", "'\"'",
		"\"'\"", "x,y:z@w%v+u", "'tab\there'",
	};
	char path[512], cmd[1024], err[256], line[512];
	struct config *c;
	const char *want;
	FILE *fp, *sh;
	size_t i;
	int agree = 1, nvalid = 0;

	snprintf(path, sizeof(path), "%s/agree.conf", tmpdir);
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		fp = fopen(path, "w");
		fprintf(fp, "v=%s\n", values[i]);
		fclose(fp);
		if ((c = config_load(path, err, sizeof(err))) == NULL)
			continue;	/* rejected is always safe */
		nvalid++;
		snprintf(cmd, sizeof(cmd), "sh -c '. \"$0\"; printf \"%%s|\" "
		    "\"$v\"' %s", path);
		sh = popen(cmd, "r");
		if (fgets(line, sizeof(line), sh) == NULL)
			line[0] = '\0';
		pclose(sh);
		line[strcspn(line, "|")] = '\0';
		want = config_get(c, "v");
		if (strcmp(line, want) != 0) {
			agree = 0;
			printf("#   %s: sh \"%s\", C \"%s\"\n", values[i], line,
			    want);
		}
		config_free(c);
	}
	ok(agree && nvalid >= 9, "sh and C read the same %d values", nvalid);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp;

	fp = fopen(path, "w");
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
}

static void
test_modes(void)
{
	char path[512], err[512];
	struct config *c;

	snprintf(path, sizeof(path), "%s/oobm.conf", tmpdir);
	write_file(path, "oobm_sms_secret=\"hunter2\"\noobm_modem=x\n", 0644);
	c = config_load(path, err, sizeof(err));
	ok(c != NULL, "0644 file loads");
	is_str(config_get(c, "oobm_modem"), "x", "plain key from 0644 file");
	ok(config_get_secret(c, "oobm_sms_secret", err, sizeof(err)) == NULL &&
	    strstr(err, "mode 0644") != NULL && strstr(err, "chmod 600"),
	    "secret refused from a group/world-readable file: %s", err);
	config_free(c);

	chmod(path, 0600);
	c = config_load(path, err, sizeof(err));
	is_str(config_get_secret(c, "oobm_sms_secret", err, sizeof(err)),
	    "hunter2", "secret from a 0600 file");
	ok(config_get_secret(c, "oobm_push_token", err, sizeof(err)) == NULL &&
	    strstr(err, "not set") != NULL, "unset secret: %s", err);
	config_free(c);

	chmod(path, 0620);
	c = config_load(path, err, sizeof(err));
	ok(c == NULL && errno == 0 && strstr(err, "writable by group"),
	    "group-writable file refused: %s", err);

	snprintf(path, sizeof(path), "%s/missing.conf", tmpdir);
	c = config_load(path, err, sizeof(err));
	ok(c == NULL && errno == ENOENT, "missing file: ENOENT");
}

/*
 * The keys config_load() knows are those oobm.conf(5) documents, no more
 * and no fewer: a key added to one and not the other fails here.
 */
static void
test_known_keys(void)
{
	char line[512], *p, *k;
	int documented = 0, missing = 0, i, n;
	FILE *fp;

	ok(!config_known("oobm_modme_speed"), "oobm_modme_speed: a typo");
	ok(config_known("oobm_modem_speed"), "oobm_modem_speed: known");
	ok(config_known("PATH"), "a key not oobm_'s: not ours to judge");
	ok(config_nearest("oobm_modme_speed") != NULL &&
	    strcmp(config_nearest("oobm_modme_speed"), "oobm_modem_speed") == 0,
	    "oobm_modme_speed: oobm_modem_speed meant (two letters swapped)");
	ok(config_nearest("oobm_relay_prot") != NULL &&
	    strcmp(config_nearest("oobm_relay_prot"), "oobm_relay_port") == 0,
	    "oobm_relay_prot: oobm_relay_port meant");
	ok(config_nearest("oobm_frobnicate") == NULL,
	    "oobm_frobnicate: nothing near, no guess");
	ok(config_nearest("oobm_a_key_far_longer_than_any_known_one") == NULL,
	    "a key longer than the table allows: no guess, no overflow");
	if ((fp = fopen("man/oobm.conf.5", "r")) == NULL) {
		ok(0, "man/oobm.conf.5 readable (run from the top directory)");
		return;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, ".It Va ", 7) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (p = line + 4; (k = strstr(p, "Va ")) != NULL; p = k) {
			k += 3;
			n = (int)strcspn(k, " ,");
			documented++;
			for (i = 0; config_keys[i].name != NULL; i++)
				if ((int)strlen(config_keys[i].name) == n &&
				    strncmp(config_keys[i].name, k,
				    (size_t)n) == 0)
					break;
			if (config_keys[i].name == NULL) {
				missing++;
				printf("#   documented, not known: %.*s\n", n, k);
			}
		}
	}
	fclose(fp);
	for (i = 0; config_keys[i].name != NULL; i++)
		;
	ok(missing == 0, "every key oobm.conf(5) documents is known");
	is_int(i, documented, "...and only those (%d documented)",
	    documented);
}

/* A file of the source tree, whole, NUL-terminated; 0 (a failed test) if
 * it cannot be read. */
static int
read_text(const char *path, char *buf, size_t size)
{
	size_t len;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		ok(0, "%s readable (run from the top directory)", path);
		return 0;
	}
	len = fread(buf, 1, size - 1, fp);
	buf[len] = '\0';
	fclose(fp);
	if (len == size - 1)
		return ok(0, "%s: whole (grow the buffer)", path), 0;
	return 1;
}

/*
 * config_keys[] is the one list of the keys and their defaults: sorted
 * (oobmconf shows it in order), each number's default in its range.
 */
static void
test_table(void)
{
	char err[256];
	size_t i;
	int sorted = 1, ranged = 1;

	for (i = 1; config_keys[i].name != NULL; i++)
		if (strcmp(config_keys[i - 1].name, config_keys[i].name) >= 0) {
			sorted = 0;
			printf("#   %s before %s\n", config_keys[i - 1].name,
			    config_keys[i].name);
		}
	ok(sorted, "config_keys[]: sorted, no key twice");
	for (i = 0; config_keys[i].name != NULL; i++) {
		if (config_keys[i].max == 0 || config_keys[i].def == NULL)
			continue;
		if (config_number(NULL, config_keys[i].name) !=
		    atoi(config_keys[i].def)) {
			ranged = 0;
			printf("#   %s: default %s\n", config_keys[i].name,
			    config_keys[i].def);
		}
	}
	ok(ranged, "every number's default is within its range");
	ok(config_check(NULL, err, sizeof(err)) == 0,
	    "the defaults alone pass config_check: %s", err);
	ok(config_key("oobm_sms_secret") != NULL &&
	    (config_key("oobm_sms_secret")->flags & CONFIG_SECRET) &&
	    (config_key("oobm_push_token")->flags & CONFIG_SECRET) &&
	    (config_key("oobm_push_user")->flags & CONFIG_SECRET) &&
	    !(config_key("oobm_modem")->flags & CONFIG_SECRET),
	    "the secrets are marked, and only they");
	is_str(config_str(NULL, "oobm_link"),
#ifdef __linux__
	    "pppd",
#else
	    "ppp",
#endif
	    "oobm_link's default is this system's");
}

/* A value, or what config_check says of it. */
static void
test_check(void)
{
	char err[256];
	struct config *c;

	c = parse("oobm_modem=/dev/cuaU0\n", err, sizeof(err));
	is_str(config_str(c, "oobm_sms_port"), "/dev/cuaU0",
	    "oobm_sms_port unset: oobm_modem's");
	config_free(c);
	c = parse("oobm_modem=/dev/cuaU0\noobm_sms_port=/dev/cuaU1\n", err,
	    sizeof(err));
	is_str(config_str(c, "oobm_sms_port"), "/dev/cuaU1",
	    "oobm_sms_port set: its own");
	is_int((int)config_line(c, "oobm_sms_port"), 2, "...set on line 2");
	is_int((int)config_line(c, "oobm_relay"), 0, "an unset key: line 0");
	config_free(c);
	c = parse("oobm_tries=\n", err, sizeof(err));
	is_int(config_number(c, "oobm_tries"), 3, "an empty number: its default");
	config_free(c);
	c = parse("oobm_tries=11\n", err, sizeof(err));
	ok(config_check(c, err, sizeof(err)) == -1 &&
	    strcmp(err, "test.conf: oobm_tries=11: too large (1-10)") == 0,
	    "a number out of range: %s", err);
	config_free(c);
	c = parse("oobm_sms_iface=x\n", err, sizeof(err));
	ok(config_check(c, err, sizeof(err)) == -1 &&
	    strstr(err, "oobm_sms_iface=x: invalid") != NULL,
	    "a number with no default, set: checked: %s", err);
	config_free(c);
	c = parse("oobm_link_max_minutes=60\noobm_link_minutes=90\n", err,
	    sizeof(err));
	ok(config_check(c, err, sizeof(err)) == -1 &&
	    strcmp(err, "test.conf: oobm_link_minutes=90: too large (1-60)")
	    == 0, "oobm_link_minutes above oobm_link_max_minutes: %s", err);
	config_free(c);
	c = parse("oobm_notify=\"$(id)\"\n", err, sizeof(err));
	ok(c == NULL && strcmp(err, "test.conf:1: oobm_notify: $, ` and \\ "
	    "expand in \"...\": use '...'") == 0,
	    "a value refused names its key: %s", err);
}

/*
 * oobm(8) holds no configuration of its own: it reads every key from
 * oobmconf -s into the variable of the key's name.  So each $oobm_KEY it
 * uses, in the dispatcher or a concern it sources, must be a key of
 * config_keys[] (a typo would be empty in silence), and no default nor
 * parser of the file is left in it.
 */
static void
test_oobm_reads_the_table(void)
{
	static char text[256 * 1024];
	char part[64 * 1024], key[64];
	const char *p;
	glob_t g;
	size_t i, len;
	int used = 0, good = 1;

	if (!read_text("scripts/oobm", text, sizeof(text)))
		return;
	if (glob("scripts/lib/*.sh", 0, NULL, &g) != 0 || g.gl_pathc < 10) {
		ok(0, "scripts/lib/*.sh: the concerns oobm(8) sources");
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		if (!read_text(g.gl_pathv[i], part, sizeof(part)))
			break;
		if (strlen(text) + strlen(part) + 1 >= sizeof(text)) {
			ok(0, "scripts: whole (grow the buffer)");
			break;
		}
		strcat(text, part);
	}
	globfree(&g);
	for (p = text; (p = strstr(p, "$oobm_")) != NULL; p += len) {
		p++;
		len = strspn(p, "abcdefghijklmnopqrstuvwxyz_0123456789");
		snprintf(key, sizeof(key), "%.*s", (int)len, p);
		used++;
		if (config_key(key) == NULL) {
			good = 0;
			printf("#   scripts/oobm reads $%s: not a key\n", key);
		}
	}
	ok(good && used >= 40, "every $oobm_ key oobm(8) reads is one of "
	    "config_keys[] (%d read)", used);
	ok(strstr(text, "oobmconf -s") != NULL &&
	    strstr(text, "\nconf() {") == NULL &&
	    strstr(text, "tool_keys") == NULL &&
	    strstr(text, "edits(") == NULL,
	    "oobm(8) reads oobmconf -s, and has no parser, defaults or "
	    "edit distance of its own");
}

/* 1 if word stands in text on its own, not inside a longer word. */
static int
has_word(const char *text, const char *word)
{
	const char *p;
	size_t n = strlen(word);

	for (p = text; (p = strstr(p, word)) != NULL; p++)
		if ((p == text || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[n]))
			return 1;
	return 0;
}

/* 1 if the line from p to end names key: ".It Va key , Va other". */
static int
names_key(const char *p, const char *end, const char *key)
{
	size_t n = strlen(key);

	for (; (p = strstr(p, "Va ")) != NULL && p < end; p++)
		if (strncmp(p + 3, key, n) == 0 &&
		    (p[3 + n] == ' ' || p[3 + n] == '\n'))
			return 1;
	return 0;
}

/* The text of key's item in oobm.conf(5), from its .It to the next. */
static void
man_item(const char *man, const char *key, char *buf, size_t size)
{
	const char *p, *end, *next;

	buf[0] = '\0';
	for (p = man; (p = strstr(p, "\n.It ")) != NULL; p = end) {
		if ((end = strchr(p + 1, '\n')) == NULL)
			return;
		if (!names_key(p, end, key))
			continue;
		if ((next = strstr(end, "\n.It ")) == NULL)
			next = end + strlen(end);
		snprintf(buf, size, "%.*s", (int)(next - end), end);
		return;
	}
}

/* oobm.conf(5) states each of the tools' defaults where it is read. */
static void
test_defaults_documented(void)
{
	static char man[64 * 1024];
	char item[2048];
	size_t i;
	int good = 1, n = 0;

	if (!read_text("man/oobm.conf.5", man, sizeof(man)))
		return;
	for (i = 0; config_keys[i].name != NULL; i++) {
		if (config_keys[i].def == NULL)
			continue;
		n++;
		man_item(man, config_keys[i].name, item, sizeof(item));
		if (!has_word(item, config_keys[i].def)) {
			good = 0;
			printf("#   %s: default %s not in oobm.conf(5)\n",
			    config_keys[i].name, config_keys[i].def);
		}
	}
	ok(good && n >= 14, "oobm.conf(5) gives the tools' %d defaults", n);
}

int
main(void)
{
	tmpdir = tap_tmpdir("t_config");
	test_known_keys();
	test_table();
	test_check();
	test_oobm_reads_the_table();
	test_defaults_documented();
	test_accepted();
	test_rejected();
	test_agrees_with_sh();
	test_modes();
	return tap_done();
}
