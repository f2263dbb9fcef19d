/*
 * t_config: oobm.conf parsing.  What the C parser accepts, sh must read
 * the same way; what could mean something else to sh, it must reject.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
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

/*
 * A default lives twice: in config_keys[] for the C tools, and in
 * scripts/oobm, which uses its own and shows the tools' in "oobm config"
 * (tool_keys).  Every default the tools have must be what oobm(8) has.
 */
struct shdef {
	char	key[64];
	char	def[256];
	int	tool;		/* from tool_keys: a key only the tools read */
};

/* The default given at s (after "key=" or "conf key "), unquoted. */
static void
sh_value(const char *s, char *buf, size_t size, int quoted)
{
	size_t n;

	if (*s == '"') {
		s++;
		quoted = 1;
	}
	n = quoted ? strcspn(s, "\"\n") : strcspn(s, ") ;\n\"");
	snprintf(buf, size, "%.*s", (int)n, s);
}

/* Every "conf oobm_KEY DEFAULT" and every tool_keys() KEY=DEFAULT. */
static size_t
sh_defaults(const char *text, struct shdef *d, size_t max)
{
	const char *p, *tk, *end;
	size_t n = 0, len;

	for (p = text; (p = strstr(p, "conf oobm_")) != NULL && n < max;
	    n++) {
		p += 5;
		d[n].tool = 0;
		len = strspn(p, "abcdefghijklmnopqrstuvwxyz_0123456789");
		snprintf(d[n].key, sizeof(d[n].key), "%.*s", (int)len, p);
		p += len;
		sh_value(*p == ' ' ? p + 1 : p, d[n].def, sizeof(d[n].def), 0);
	}
	if ((tk = strstr(text, "\ntool_keys() {")) == NULL ||
	    (end = strstr(tk, "\tdone")) == NULL)
		return n;
	for (p = tk; (p = strstr(p, "oobm_")) != NULL && p < end && n < max;
	    n++) {
		len = strspn(p, "abcdefghijklmnopqrstuvwxyz_0123456789");
		snprintf(d[n].key, sizeof(d[n].key), "%.*s", (int)len, p);
		sh_value(p + len + 1, d[n].def, sizeof(d[n].def),
		    p[-1] == '"');
		d[n].tool = 1;
		p += len;
	}
	return n;
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

/* $def_state as scripts/oobm sets it on this system. */
static void
sh_state_dir(const char *text, char *buf, size_t size)
{
	const char *p;

#ifdef __linux__
	p = strstr(text, "Linux) ");
#else
	p = strstr(text, "*) os=bsd");
#endif
	buf[0] = '\0';
	if (p != NULL && (p = strstr(p, "def_state=")) != NULL)
		sh_value(p + 10, buf, size, 0);
}

static void
test_defaults_agree_with_oobm(void)
{
	static char text[128 * 1024];
	static struct shdef d[256];
	char state[128], want[256];
	const char *def;
	size_t n, i, j;
	int agree = 1, checked = 0, found;

	if (!read_text("scripts/oobm", text, sizeof(text)))
		return;
	sh_state_dir(text, state, sizeof(state));
	n = sh_defaults(text, d, sizeof(d) / sizeof(d[0]));
	for (i = 0; config_keys[i].name != NULL; i++) {
		def = config_keys[i].def != NULL ? config_keys[i].def : "";
		found = 0;
		for (j = 0; j < n; j++) {
			if (strcmp(d[j].key, config_keys[i].name) != 0)
				continue;
			found = 1;
			if (strncmp(d[j].def, "$def_state", 10) == 0)
				snprintf(want, sizeof(want), "%s%s", state,
				    d[j].def + 10);
			else
				snprintf(want, sizeof(want), "%s", d[j].def);
			if (config_keys[i].def == NULL && !d[j].tool)
				continue;	/* oobm(8)'s own default */
			checked++;
			if (strcmp(want, def) != 0) {
				agree = 0;
				printf("#   %s: oobm(8) \"%s\", the tools \"%s\"\n",
				    config_keys[i].name, want, def);
			}
		}
		if (!found && config_keys[i].def != NULL) {
			agree = 0;
			printf("#   %s: the tools' default %s, none in oobm(8)\n",
			    config_keys[i].name, def);
		}
	}
	ok(agree && checked >= 20, "oobm(8) has the tools' defaults "
	    "(%d compared)", checked);
	is_str(state,
#ifdef __linux__
	    "/var/lib/oobm",
#else
	    "/var/db/oobm",
#endif
	    "...and its state directory here");
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
	test_defaults_agree_with_oobm();
	test_defaults_documented();
	test_accepted();
	test_rejected();
	test_agrees_with_sh();
	test_modes();
	return tap_done();
}
