/*
 * libFuzzer target: the JSON reader of push API answers must refuse or
 * read any bytes without running off them or recursing away.
 */
#include <stdint.h>
#include <string.h>

#include "http.h"
#include "json.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[256];
	long n;

	(void)json_string((const char *)data, size, "request", out,
	    sizeof(out));
	(void)json_number((const char *)data, size, "status", &n);
	(void)json_strings((const char *)data, size, "errors", out,
	    sizeof(out));
	(void)http_retry_after(size > 0 && memchr(data, 0, size) ?
	    (const char *)data : "1", 0);
	return 0;
}
