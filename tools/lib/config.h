/*
 * config: oobm.conf, the one configuration file of every tool and of the
 * orchestrator.  It is rc.conf style and is read by sh with ". oobm.conf",
 * so the C parser accepts only the subset that sh reads the same way,
 * without expansion:
 *
 *	# comment
 *	name="value"	no $, `, \ or " inside
 *	name='value'	anything but ' inside
 *	name=value	[A-Za-z0-9_./:@%+,=-] only
 *	name=		empty
 *
 * each optionally followed by blanks and a # comment.  Anything else is
 * rejected with file:line.  The last assignment of a name wins, as in sh.
 * config_load() warns, with file:line, of an oobm_ key nothing reads.
 */
#ifndef OOBM_CONFIG_H
#define OOBM_CONFIG_H

#include <sys/types.h>
#include <stddef.h>

#ifndef SYSCONFDIR
#define SYSCONFDIR	"/usr/local/etc"
#endif

struct config;

/*
 * Every oobm_ key the tools and oobm(8) read, sorted, NULL-terminated:
 * the one list of the keys, their defaults and the ranges of numbers.
 */
struct config_key {
	const char	*name;
	const char	*def;	/* the default; NULL: none */
	int		 min;	/* a number within [min, max] */
	int		 max;	/* 0: not a number */
	int		 flags;
	const char	*same_as; /* unset: this key's value */
};
#define CONFIG_SECRET	0x01	/* never shown, nor given to scripts */
extern const struct config_key config_keys[];
/* The entry of key, or NULL. */
const struct config_key *config_key(const char *key);
/* 1 unless key is an oobm_ key none of them reads (a typo). */
int		 config_known(const char *key);
/* The known key at most 3 edits from key (the fewest), or NULL. */
const char	*config_nearest(const char *key);

/* $OOBM_CONF when set, else SYSCONFDIR/oobm.conf. */
const char	*config_default_path(void);

/*
 * Read and parse path.  Returns NULL with a message in err: errno is set
 * to the open/read error, or to 0 for a syntax or permission error.
 * A file writable by group or others is refused: root acts on it.
 */
struct config	*config_load(const char *path, char *err, size_t errsize);
/* The same without the warnings, which config_warn_unknown() gives. */
struct config	*config_read(const char *path, char *err, size_t errsize);
void		 config_warn_unknown(const struct config *);
void		 config_free(struct config *);

/* Pure parser behind config_load: 0, or -1 with "name:line: why" in err. */
struct config	*config_new(const char *name, mode_t mode);
int		 config_parse(struct config *, const char *buf, size_t len,
		    char *err, size_t errsize);

/* The value of key, or NULL when the file does not set it. */
const char	*config_get(const struct config *, const char *key);
/*
 * The value of a secret-bearing key.  NULL with a message in err when the
 * file is readable by group or others (as ssh refuses a private key), or
 * when the key is unset or empty.
 */
const char	*config_get_secret(const struct config *, const char *key,
		    char *err, size_t errsize);
const char	*config_name(const struct config *);
/* The line of key's last assignment, or 0. */
size_t		 config_line(const struct config *, const char *key);
/*
 * The value of key, or its default (config_keys[]) when unset or empty or
 * when there is no file (a NULL config): for a key with same_as, that
 * key's value.  NULL if none.
 */
const char	*config_str(const struct config *, const char *key);
/*
 * config_str() of a key naming a file or device.  One with a control
 * character or longer than NAME_MAX_BYTES ends the program with exit
 * status 78, naming the file and key: it is the file that is wrong.
 */
const char	*config_path(const struct config *, const char *key);
/*
 * The integer value of key, or its default, within [min, max].  A bad
 * value ends the program with exit status 78 (EX_CONFIG) and a message
 * naming the file and key, like the tools' other config errors.
 */
int		 config_int(const struct config *, const char *key, int min,
		    int max);
/* config_int() within the key's own range (config_keys[]). */
int		 config_number(const struct config *, const char *key);
/*
 * Every number in effect within its range, oobm_link_minutes at most
 * oobm_link_max_minutes: 0, or -1 with "file: key=value: why (range)".
 */
int		 config_check(const struct config *, char *err, size_t errsize);

#endif
