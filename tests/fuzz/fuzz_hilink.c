/*
 * libFuzzer target: a HiLink stick's answers (hilink.h), read without
 * crash, over-read or leak: each leaf's path and text terminated within
 * the answer, an sms-list's messages no more than asked, CESU-8 mended
 * never longer than it was, a cookie and a token of their characters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hilink.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_answer(const struct hl_answer *a)
{
	struct hl_sms m[8];
	long count;
	int n;

	if (a->n > HL_FIELDS_MAX || a->used > a->size)
		abort();
	for (size_t i = 0; i < a->n; i++)
		if (strlen(a->f[i].path) == 0 || a->f[i].rec < 0 ||
		    a->f[i].rec > a->recs || hl_get(a, a->f[i].path,
		    a->f[i].rec) == NULL)
			abort();
	if ((n = hl_sms_list(a, m, 8, &count)) > 8 || n < -1)
		abort();
	for (int i = 0; i < n; i++)
		if (m[i].index < 0 || strlen(m[i].phone) > HL_ANSWER_MAX)
			abort();
	(void)hl_error_text(a->error);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hl_answer *a;
	char *s, id[64], tok[HL_TOKEN_LEN + 1];

	if (hl_read((const char *)data, size, &a) == 0) {
		check_answer(a);
		hl_free(a);
	} else if (a != NULL)
		abort();
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (hl_cesu8_fix(s, size) > size)
		abort();
	s[hl_cesu8_fix(s, strlen(s))] = '\0';
	if (hl_session_id(s, id, sizeof(id)) == 0 &&
	    strpbrk(id, " ;,\"\\\r\n") != NULL)
		abort();
	if (hl_token(s, tok) == 0 && strlen(tok) != HL_TOKEN_LEN)
		abort();
	free(s);
	return 0;
}
