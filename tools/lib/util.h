/*
 * util: the few helpers every oobm tool needs and libc does not offer
 * portably (glibc has no strtonum(3), no vis(3)).
 */
#ifndef OOBM_UTIL_H
#define OOBM_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GLIBC__) && !defined(getprogname)
#include <errno.h>
/* BSD's getprogname(3); glibc keeps the name err(3) prints here. */
#define getprogname()	((const char *)program_invocation_short_name)
#endif

#ifndef OOBM_VERSION
#define OOBM_VERSION	"0.1"
#endif

/* Milliseconds on the monotonic clock: deadlines survive clock steps. */
int64_t		 mono_ms(void);

/* Milliseconds left until deadline, never negative. */
int		 ms_left(int64_t deadline_ms);

/*
 * Seconds since the epoch of a UTC date and time given as fields (month
 * 1-12), like timegm(3) but pure and defined for any int fields: the
 * proleptic Gregorian calendar, no leap seconds.
 */
int64_t		 utc_seconds(int year, int month, int day, int hour, int minute,
		    int second);

/* The value of a hex digit (either case), -1 if c is none. */
int		 hex_digit(char c);

/*
 * strtonum(3) for glibc: decimal only, whole string, within [min, max].
 * Returns the value; on error sets *errstr ("invalid", "too small",
 * "too large") and returns 0.
 */
long long	 str_to_num(const char *s, long long min, long long max,
		    const char **errstr);

/* str_to_num() for an option's operand: exit 64 naming what and arg. */
/*
 * A mode's options (each SYNOPSIS line a mode): the first of those given
 * (given[c] nonzero for -c) that is not in allowed, or 0 when all are.
 */
int		 option_stray(const unsigned char given[256], const char *allowed);

long long	 num_arg(const char *arg, long long min, long long max,
		    const char *what);

/* 1 if s holds a byte below 0x20 or DEL. */
int		 has_control(const char *s);
/*
 * The longest file or device name the tools take.  Longer, or with a
 * control byte, it is refused: it is a mistake, and would be shown.
 */
#define NAME_MAX_BYTES	1024

/*
 * s for a message: escaped as put_escaped() does and cut at SHOWN_MAX
 * bytes, then "...".  Static storage, two calls' worth.
 */
#define SHOWN_MAX	80
const char	*shown(const char *s);

/*
 * Write len bytes of s to fp so that no byte can end the line or drive a
 * terminal: printable ASCII is copied, backslash and every other byte
 * becomes \ooo (vis(3) octal), so a line read back is the whole record.
 */
void		 put_escaped(FILE *fp, const char *s, size_t len);

/*
 * The message of smssend and pushnotify: the operands joined by blanks,
 * or standard input without its final newlines, at most max bytes.
 * Exits 65 when it is empty, too long or holds a NUL byte.
 */
char		*read_message(int argc, char *argv[], size_t max, size_t *len);

/* put_escaped() into buf, truncated to size and always terminated. */
void		 escape_to(char *buf, size_t size, const char *s, size_t len);

/*
 * For people: like put_escaped(), but valid UTF-8 characters from U+00A0
 * up are written as they are (C1 controls and bad UTF-8 are escaped).
 */
void		 put_text(FILE *fp, const char *s, size_t len);

/*
 * Write s with every byte outside [A-Za-z0-9._:/@+-] replaced by '_':
 * for values of key=value records that sh reads with "read" and "case".
 */
void		 put_safe(FILE *fp, const char *s);


/*
 * A bounded append buffer over size bytes at s, always NUL-terminated:
 * what does not fit whole is not added (-1), never silently cut.
 */
struct abuf {
	char		*s;
	size_t		 len, size;
};
void		 abuf_init(struct abuf *, char *s, size_t size);
int		 abuf_add(struct abuf *, const char *s, size_t len);
int		 abuf_adds(struct abuf *, const char *s);

/*
 * One updating line on stderr for a person waiting on a long step, only
 * when stderr is a terminal: never in cron mail or a log.  It is cleared
 * by progress_done(), and before the program's exit.
 */
void		 progress(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
void		 progress_done(void);

#endif
