/*
 * prom: Prometheus's text exposition format; see prom.h.  The format:
 * prometheus.io/docs/instrumenting/exposition_formats/ (text format
 * 0.0.4): HELP escapes backslash and newline, a label value also the
 * double quote; a value is a Go float, NaN and +Inf and -Inf spelt so.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "prom.h"

void
prom_init(struct prom *p, char *buf, size_t size)
{
	abuf_init(&p->b, buf, size);
	p->full = 0;
}

static void
add(struct prom *p, const char *s, size_t len)
{
	if (abuf_add(&p->b, s, len) == -1)
		p->full = 1;
}

static void
adds(struct prom *p, const char *s)
{
	add(p, s, strlen(s));
}

/* s escaped: backslash and newline, and the double quote if quote */
static void
escaped(struct prom *p, const char *s, int quote)
{
	size_t n;

	while (*s != '\0') {
		n = strcspn(s, quote ? "\\\n\"" : "\\\n");
		add(p, s, n);
		s += n;
		if (*s == '\0')
			break;
		adds(p, *s == '\n' ? "\\n" : *s == '"' ? "\\\"" : "\\\\");
		s++;
	}
}

int
prom_name_ok(const char *name)
{
	const char *s;

	if (name[0] == '\0' || (name[0] >= '0' && name[0] <= '9'))
		return 0;
	for (s = name; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == ':'))
			return 0;
	return 1;
}

void
prom_family(struct prom *p, const char *name, const char *type,
    const char *help)
{
	adds(p, "# HELP ");
	adds(p, name);
	adds(p, " ");
	escaped(p, help, 0);
	adds(p, "\n# TYPE ");
	adds(p, name);
	adds(p, " ");
	adds(p, type);
	adds(p, "\n");
}

void
prom_sample(struct prom *p, const char *name, const char *const *labels,
    double v)
{
	const char *const *l;
	char num[32];

	adds(p, name);
	for (l = labels; l != NULL && l[0] != NULL && l[1] != NULL; l += 2) {
		adds(p, l == labels ? "{" : ",");
		adds(p, l[0]);
		adds(p, "=\"");
		escaped(p, l[1], 1);
		adds(p, "\"");
	}
	if (labels != NULL && labels[0] != NULL)
		adds(p, "}");
	if (isnan(v))
		snprintf(num, sizeof(num), " NaN\n");
	else if (isinf(v))
		snprintf(num, sizeof(num), " %cInf\n", v > 0 ? '+' : '-');
	else
		snprintf(num, sizeof(num), " %.15g\n", v);
	adds(p, num);
}

const char *
prom_text(const struct prom *p)
{
	return p->full ? NULL : p->b.s;
}

int
prom_write(const char *path, const char *text)
{
	char tmp[1024];
	size_t len = strlen(text), off = 0;
	ssize_t n;
	int fd, e;

	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* .tmp: node_exporter reads only *.prom, never this half */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) ==
	    -1)
		return -1;
	/* readable by node_exporter's user, whatever the umask */
	if (fchmod(fd, 0644) == -1)
		off = len + 1;
	while (off < len) {
		if ((n = write(fd, text + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)n;
	}
	if (off != len || fsync(fd) == -1) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}
