/*
 * mode: a tool's SYNOPSIS as a table, a line a mode, as signify(1) has
 * its verbs.  The options given choose the mode; an option of another
 * line is refused, not ignored: the user would believe it had done
 * something.  Each line's own options are checked by option_stray().
 */
#ifndef OOBM_MODE_H
#define OOBM_MODE_H

#include <limits.h>

/* Each tool's own: what its options say, completed in the tool alone. */
struct settings;

#define MODE_ANY	INT_MAX		/* no bound on the operands */

struct mode {
	int		 key;		/* the option choosing it; 0: default */
	const char	*opts;		/* every option of its line */
	int		 min, max;	/* how many operands it takes */
	const char	*what;		/* its name in a refusal */
	const char	*needs;		/* the operand missing below min */
	int		(*fn)(const struct settings *);
};

/*
 * The first mode of the table whose key is in given (given[c] nonzero
 * for -c), else the default that ends the table; NULL, the refusal said
 * on stderr (warnx), when an option given is not of its line, or the
 * argc operands are too many or too few.  The caller then prints usage.
 */
const struct mode *mode_of(const struct mode *modes,
		    const unsigned char given[UCHAR_MAX + 1], int argc);

#endif
