/*
 * t_mode: a SYNOPSIS as a table (mode.h): the mode the options choose,
 * and every combination its lines rule out refused.
 */
#include <limits.h>
#include <string.h>

#include "mode.h"
#include "tap.h"

/* atcmd(1)'s lines: the functions are never called here */
static const struct mode modes[] = {
	{ 'V', "V",	  0, 0,	       "-V",	 NULL,	      NULL },
	{ 'L', "L",	  0, 0,	       "-L",	 NULL,	      NULL },
	{ 'u', "uvclst",  0, 0,	       "-u",	 NULL,	      NULL },
	{ 'M', "Mnvclst", 0, 0,	       "-M",	 NULL,	      NULL },
	{ 'g', "gvr",	  0, 1,	       "-g",	 NULL,	      NULL },
	{ 0,   "vclst",	  1, MODE_ANY, "commands", "a command", NULL },
};

/* The mode of options (their letters) and argc operands, or NULL. */
static const struct mode *
of(const char *options, int argc)
{
	unsigned char given[UCHAR_MAX + 1];

	memset(given, 0, sizeof(given));
	for (; *options != '\0'; options++)
		given[(unsigned char)*options] = 1;
	return mode_of(modes, given, argc);
}

int
main(void)
{
	ok(of("", 1) == &modes[5], "no mode option, an operand: the default");
	ok(of("vclst", 3) == &modes[5], "the default, all its options");
	ok(of("", 0) == NULL, "the default needs an operand");
	ok(of("n", 1) == NULL, "an option of another line refused");
	ok(of("Mn", 0) == &modes[3], "a mode's own option accepted");
	ok(of("Mnvclst", 0) == &modes[3], "a mode, all its options");
	ok(of("M", 1) == NULL, "a mode with no operand: one refused");
	ok(of("uM", 0) == NULL, "two modes: the second refused");
	ok(of("Lv", 0) == NULL, "a bare line: even -v refused");
	ok(of("V", 0) == &modes[0], "-V alone");
	ok(of("VL", 0) == NULL, "-V with another mode refused");
	ok(of("g", 1) == &modes[4], "an optional operand given");
	ok(of("gr", 0) == &modes[4], "an optional operand left out");
	ok(of("g", 2) == NULL, "one operand too many");
	return tap_done();
}
