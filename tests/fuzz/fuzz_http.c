/*
 * libFuzzer target: what a push API's server sends (a header line, an
 * answer's body) and what oobm.conf or -a give pushnotify (a URL, an
 * address), read by http.h without crash or over-read: every value a
 * string of its buffer, a secret masked in place and only there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* s masked for secret: as long as it was, each byte kept or a '*' */
static void
redact_check(const char *s, const char *secret)
{
	char *masked;
	size_t i, n = strlen(s);

	if ((masked = strdup(s)) == NULL)
		return;
	http_redact(masked, secret);
	if (strlen(masked) != n)
		abort();
	for (i = 0; i < n; i++)
		if (masked[i] != s[i] && masked[i] != '*')
			abort();
	free(masked);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct http_answer a;
	char value[64], out[128], spec[64];
	char *s;
	size_t cut;

	/* the header and the body as libcurl hands them: not terminated */
	if (http_header(p, size, "Retry-After", value, sizeof(value)) == 0 &&
	    strlen(value) >= sizeof(value))
		abort();
	cut = size > 0 ? data[0] % sizeof(value) : 0;
	(void)http_header(p, size, "Retry-After", value, cut);
	http_answer_read(p, size, &a);
	if (strlen(a.id) >= sizeof(a.id) || strlen(a.why) >= sizeof(a.why))
		abort();

	/* a URL, an address, a secret: strings */
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	http_url_shown(s, out, sizeof(out));
	if (strlen(out) >= sizeof(out))
		abort();
	(void)http_url_secret(s);
	if (http_url_tls(s) < -1 || http_url_tls(s) > 1)
		abort();
	if (http_connect_to(s, spec, sizeof(spec)) == 0 &&
	    (strncmp(spec, "::", 2) != 0 || spec[strlen(spec) - 1] != ':'))
		abort();
	/* the text after the first NUL, masked for the bytes before it */
	if (strlen(s) < size)
		redact_check(s + strlen(s) + 1, s);
	redact_check(s, "****");
	free(s);
	return 0;
}
