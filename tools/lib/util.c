#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "utf8.h"
#include "util.h"

int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
ms_left(int64_t deadline_ms)
{
	int64_t left;

	left = deadline_ms - mono_ms();
	if (left < 0)
		return 0;
	if (left > INT_MAX)
		return INT_MAX;
	return (int)left;
}

/* H. Hinnant's days_from_civil(): days from 1970-01-01. */
int64_t
utc_seconds(int year, int month, int day, int hour, int minute, int second)
{
	int64_t y = (int64_t)year - (month <= 2), era, yoe, doy, doe, m;

	m = month;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return ((era * 146097 + doe - 719468) * 24 + hour) * 3600 +
	    (int64_t)minute * 60 + second;
}

int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

long long
str_to_num(const char *s, long long min, long long max, const char **errstr)
{
	long long v;
	char *end;

	*errstr = NULL;
	if (s == NULL || *s == '\0' || (*s != '-' && (*s < '0' || *s > '9'))) {
		*errstr = "invalid";
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		*errstr = "invalid";
		return 0;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "too small";
		return 0;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "too large";
		return 0;
	}
	return v;
}

long long
num_arg(const char *arg, long long min, long long max, const char *what)
{
	const char *errstr;
	long long v;

	v = str_to_num(arg, min, max, &errstr);
	if (errstr != NULL)
		errx(EX_USAGE, "%s %s: %s (%lld to %lld)", what, shown(arg),
		    errstr, min, max);
	return v;
}

int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/*
 * Two buffers, so that one message can show two arguments.  What is cut
 * ends in "...": a 100 KB argument is not a message.
 */
const char *
shown(const char *s)
{
	static char buf[2][SHOWN_MAX + 4];
	static int next;
	char *b = buf[next];

	next = !next;
	escape_to(b, SHOWN_MAX + 2, s, strlen(s));
	if (strlen(b) > SHOWN_MAX)
		memcpy(b + SHOWN_MAX, "...", 4);
	return b;
}

void
put_escaped(FILE *fp, const char *s, size_t len)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			putc(c, fp);
		else
			fprintf(fp, "\\%03o", c);
	}
}

void
escape_to(char *buf, size_t size, const char *s, size_t len)
{
	FILE *fp;

	buf[0] = '\0';
	if ((fp = fmemopen(buf, size, "w")) == NULL)
		return;
	put_escaped(fp, s, len);
	fclose(fp);
	buf[size - 1] = '\0';
}

/* Length of the UTF-8 character at s if valid and >= U+00A0, else 0. */
static size_t
utf8_printable(const char *s, size_t len)
{
	size_t i = 0;

	return utf8_decode(s, len, &i) >= 0xa0 ? i : 0;
}

void
put_text(FILE *fp, const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if ((unsigned char)s[i] >= 0x80 &&
		    (n = utf8_printable(s + i, len - i)) > 0) {
			fwrite(s + i, 1, n, fp);
			i += n;
		} else {
			put_escaped(fp, s + i, 1);
			i++;
		}
	}
}

static const char safe_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/@+-";

void
put_safe(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		putc(strchr(safe_chars, *s) != NULL ? *s : '_', fp);
}

char *
read_message(int argc, char *argv[], size_t max, size_t *len)
{
	char *text;
	size_t n = 0, k;
	int i;

	if ((text = malloc(max + 1)) == NULL)
		err(EX_OSERR, NULL);
	text[0] = '\0';
	for (i = 0; i < argc; i++) {
		k = strlen(argv[i]);
		if (n + k + 1 > max)
			errx(EX_DATAERR, "message too long");
		if (i > 0)
			text[n++] = ' ';
		memcpy(text + n, argv[i], k + 1);
		n += k;
	}
	if (argc == 0) {
		n = fread(text, 1, max + 1, stdin);
		if (ferror(stdin))
			err(EX_IOERR, "stdin");
		if (n > max)
			errx(EX_DATAERR, "message too long");
		while (n > 0 && text[n - 1] == '\n')
			n--;
		text[n] = '\0';
	}
	if (n == 0)
		errx(EX_DATAERR, "empty message: nothing to send");
	if (memchr(text, '\0', n) != NULL)
		errx(EX_DATAERR, "message holds a NUL byte");
	*len = n;
	return text;
}

void
abuf_init(struct abuf *b, char *s, size_t size)
{
	b->s = s;
	b->size = size;
	b->len = 0;
	if (size > 0)
		s[0] = '\0';
}

int
abuf_add(struct abuf *b, const char *s, size_t len)
{
	if (b->size == 0 || len >= b->size - b->len)
		return -1;
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
	return 0;
}

int
abuf_adds(struct abuf *b, const char *s)
{
	return abuf_add(b, s, strlen(s));
}

static int progress_shown, progress_atexit;

void
progress(const char *fmt, ...)
{
	va_list ap;

	if (!isatty(STDERR_FILENO))
		return;
	if (!progress_atexit && atexit(progress_done) == 0)
		progress_atexit = 1;
	progress_shown = 1;
	fprintf(stderr, "\r\033[K%s: ", getprogname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	/* back to the start: a message after it overwrites, not appends */
	fputc('\r', stderr);
	fflush(stderr);
}

void
progress_done(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = 0;
}

int
option_stray(const unsigned char given[256], const char *allowed)
{
	int ch;

	for (ch = 1; ch < 256; ch++)
		if (given[ch] && strchr(allowed, ch) == NULL)
			return ch;
	return 0;
}
