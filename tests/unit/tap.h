/*
 * tap.h: the smallest test harness that does the job.  Each check prints
 * one TAP line ("ok N - what" or "not ok N - what" and where); tap_done()
 * prints the plan and returns the exit status.  tests/run.sh counts them.
 */
#ifndef TAP_H
#define TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;
static char tap_dir[64];

static inline int __attribute__((format(printf, 4, 5)))
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

#define ok(cond, ...)	tap_ok((cond) != 0, __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...) do {					\
	long long g_ = (got), w_ = (want);				\
	if (!ok(g_ == w_, __VA_ARGS__))					\
		printf("#   got %lld, want %lld\n", g_, w_);	\
} while (0)

#define is_str(got, want, ...) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (!ok(g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0,	\
	    __VA_ARGS__))						\
		printf("#   got \"%s\", want \"%s\"\n",		\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

/* A private temporary directory for this test, removed by tap_done(). */
static inline const char *
tap_tmpdir(const char *name)
{
	snprintf(tap_dir, sizeof(tap_dir), "/tmp/%s.XXXXXX", name);
	if (mkdtemp(tap_dir) == NULL) {
		perror(tap_dir);
		exit(1);
	}
	return tap_dir;
}

static inline int
tap_done(void)
{
	char cmd[96];

	if (tap_dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tap_dir);
		if (system(cmd) != 0)
			tap_failed++;
	}
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
