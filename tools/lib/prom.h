/*
 * prom: Prometheus's text exposition format (0.0.4), for node_exporter's
 * textfile collector: metric families (HELP and TYPE, then samples)
 * built in a caller's buffer, label values and help escaped as the format
 * says, and the file replaced atomically, so that a scrape never reads
 * half of one.
 */
#ifndef OOBM_PROM_H
#define OOBM_PROM_H

#include <stddef.h>

#include "util.h"

struct prom {
	struct abuf	 b;
	int		 full;	/* something did not fit: the text is cut */
};

void		 prom_init(struct prom *, char *buf, size_t size);
/* A metric name as the format allows: [a-zA-Z_:][a-zA-Z0-9_:]*. */
int		 prom_name_ok(const char *name);
/* "# HELP name help" (help escaped) and "# TYPE name type". */
void		 prom_family(struct prom *, const char *name, const char *type,
		    const char *help);
/*
 * A sample, "name{key="value",...} v": labels, NULL or key, value, ...,
 * NULL, each value escaped; v as Go's ParseFloat reads it (NaN, +Inf,
 * -Inf).
 */
void		 prom_sample(struct prom *, const char *name,
		    const char *const *labels, double v);
/* The text, or NULL if it was cut. */
const char	*prom_text(const struct prom *);

/*
 * text as path, atomically: written to a temporary file beside it and
 * renamed over it, mode 644.  0, or -1 with errno.
 */
int		 prom_write(const char *path, const char *text);

#endif
