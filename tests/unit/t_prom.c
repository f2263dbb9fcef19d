/*
 * t_prom: Prometheus's text exposition format as its documentation
 * (prometheus.io, "Exposition formats", text format 0.0.4) writes it:
 * HELP and TYPE lines, a label value escaped, NaN and the infinities,
 * names checked, a buffer too small said, the file replaced whole.
 */
#include <sys/stat.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "prom.h"
#include "tap.h"

static void
test_text(void)
{
	char buf[512];
	struct prom p;

	prom_init(&p, buf, sizeof(buf));
	prom_family(&p, "http_requests_total", "counter",
	    "The total number of HTTP requests.");
	prom_sample(&p, "http_requests_total", (const char *[]){ "method",
	    "post", "code", "200", NULL }, 1027);
	is_str(prom_text(&p), "# HELP http_requests_total The total number "
	    "of HTTP requests.\n# TYPE http_requests_total counter\n"
	    "http_requests_total{method=\"post\",code=\"200\"} 1027\n",
	    "the documentation's first example, as it is written");
	prom_init(&p, buf, sizeof(buf));
	prom_family(&p, "x", "gauge", "a \\ and a\nnew line");
	prom_sample(&p, "x", (const char *[]){ "path", "C:\\DIR\\FILE.TXT",
	    NULL }, 1);
	prom_sample(&p, "x", (const char *[]){ "q", "say \"hi\"\n", NULL },
	    -0.25);
	prom_sample(&p, "x", NULL, NAN);
	prom_sample(&p, "x", NULL, INFINITY);
	prom_sample(&p, "x", NULL, -INFINITY);
	prom_sample(&p, "x", NULL, 1.5e-7);
	is_str(prom_text(&p), "# HELP x a \\\\ and a\\nnew line\n"
	    "# TYPE x gauge\n"
	    "x{path=\"C:\\\\DIR\\\\FILE.TXT\"} 1\n"
	    "x{q=\"say \\\"hi\\\"\\n\"} -0.25\n"
	    "x NaN\nx +Inf\nx -Inf\nx 1.5e-07\n",
	    "help and label values escaped; NaN, +Inf, -Inf; exponents");
	prom_init(&p, buf, 40);
	prom_family(&p, "a_rather_long_metric_name", "gauge", "help");
	ok(prom_text(&p) == NULL, "cut short: no text at all");
	ok(prom_name_ok("oobm_pps_up") && prom_name_ok("a:b_c9") &&
	    prom_name_ok("_x"), "names: letters, digits, _ and :");
	ok(!prom_name_ok("") && !prom_name_ok("9a") && !prom_name_ok("a-b") &&
	    !prom_name_ok("a b"), "...not empty, a digit first, - or blank");
}

static void
test_write(void)
{
	const char *dir = tap_tmpdir("t_prom");
	char path[256], tmp[300], got[64];
	struct stat sb;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/oobm.prom", dir);
	ok(prom_write(path, "old 1\n") == 0 && prom_write(path, "new 2\n") ==
	    0, "written twice");
	fp = fopen(path, "r");
	n = fp != NULL ? fread(got, 1, sizeof(got) - 1, fp) : 0;
	got[n] = '\0';
	if (fp != NULL)
		fclose(fp);
	is_str(got, "new 2\n", "...the second whole, over the first");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0644,
	    "...mode 644, for node_exporter's user");
	snprintf(tmp, sizeof(tmp), "%s/none/oobm.prom", dir);
	ok(prom_write(tmp, "x 1\n") == -1, "a directory that is not: -1");
}

int
main(void)
{
	test_text();
	test_write();
	return tap_done();
}
