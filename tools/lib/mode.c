#include <err.h>
#include <stddef.h>

#include "mode.h"
#include "util.h"

const struct mode *
mode_of(const struct mode *modes, const unsigned char given[UCHAR_MAX + 1],
    int argc)
{
	const struct mode *m;
	int ch;

	for (m = modes; m->key != 0 && !given[m->key]; m++)
		continue;
	if ((ch = option_stray(given, m->opts)) != 0)
		warnx("-%c does not go with %s", ch, m->what);
	else if (argc > m->max && m->max == 0)
		warnx("%s takes no operand", m->what);
	else if (argc > m->max)
		warnx("too many operands for %s", m->what);
	else if (argc < m->min)
		warnx("%s needs %s", m->what, m->needs);
	else
		return m;
	return NULL;
}
