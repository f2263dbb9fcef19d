/*
 * libFuzzer target: the decision on an activation message, the door of
 * the box.  Hostile text must be decided the same however the bytes after
 * it look (the decision reads exactly len bytes), and a hostile PDU must
 * be decided without a fault.  The sender is the allowed one, so every
 * input reaches the grammar and the secret.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "sms.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct auth_policy pol[2];

static void
setup(void)
{
	const char *bad;
	int i;

	for (i = 0; i < 2; i++) {
		pol[i].scheme = i ? AUTH_TOTP : AUTH_PASSPHRASE;
		snprintf(pol[i].passphrase, sizeof(pol[i].passphrase),
		    "correct-horse");
		memcpy(pol[i].key, "12345678901234567890", 20);
		pol[i].keylen = 20;
		snprintf(pol[i].country, sizeof(pol[i].country), "46");
		pol[i].default_minutes = 30;
		pol[i].max_minutes = 240;
		pol[i].power_seconds = 10;
		pol[i].max_power_seconds = 300;
		pol[i].max_age_s = 600;
		auth_allow(&pol[i], "+46701234567 0709876543", &bad);
	}
}

/* The same decision, field for field. */
static int
same(int r1, const struct auth_result *a, int r2, const struct auth_result *b)
{
	return r1 == r2 && a->cmd == b->cmd && a->minutes == b->minutes &&
	    a->seconds == b->seconds &&
	    a->step == b->step && strcmp(a->sender, b->sender) == 0 &&
	    (a->why == NULL) == (b->why == NULL) &&
	    (a->why == NULL || strcmp(a->why, b->why) == 0);
}

static void
text(const uint8_t *data, size_t size)
{
	struct auth_result res1, res2;
	struct auth_request rq;
	char *exact, *more;
	int i, r1, r2;

	/* exactly size bytes: ASan sees a read past them */
	if ((exact = malloc(size ? size : 1)) == NULL ||
	    (more = malloc(size + 1)) == NULL)
		abort();
	memcpy(exact, data, size);
	memcpy(more, data, size);
	more[size] = '9';
	memset(&rq, 0, sizeof(rq));
	rq.sender = "+46701234567";
	rq.toa = 0x91;
	rq.sent = rq.now = 1764115200;
	rq.len = size;
	for (i = 0; i < 2; i++) {
		rq.text = exact;
		r1 = auth_check(&pol[i], &rq, &res1);
		rq.text = more;
		r2 = auth_check(&pol[i], &rq, &res2);
		if (!same(r1, &res1, r2, &res2))
			abort();
		if (r1 && res1.cmd == AUTH_UP && (res1.minutes < 1 ||
		    res1.minutes > pol[i].max_minutes))
			abort();
		/* the relay's pin held off: never 0, never past the bound */
		if (r1 && res1.cmd == AUTH_POWER && (res1.seconds < 1 ||
		    res1.seconds > pol[i].max_power_seconds))
			abort();
		if (r1 && (res1.cmd == AUTH_POWER) != (res1.seconds != 0))
			abort();
	}
	free(exact);
	free(more);
}

static void
pdu(const uint8_t *data, size_t size)
{
	struct auth_result res;
	struct sms m;
	char *hex;
	size_t i;
	int k;

	if ((hex = malloc(size * 2 + 1)) == NULL)
		abort();
	for (i = 0; i < size; i++) {
		hex[2 * i] = "0123456789ABCDEF"[data[i] >> 4];
		hex[2 * i + 1] = "0123456789ABCDEF"[data[i] & 15];
	}
	if (sms_decode(hex, size * 2, &m) == SMS_OK)
		for (k = 0; k < 2; k++)
			/* the clock at the message's own time: deep paths */
			if (auth_sms(&pol[k], &m, sms_time_unix(&m.time), 0,
			    &res) && (m.concat_total > 1 || m.type !=
			    SMS_DELIVER))
				abort();
	free(hex);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (pol[0].nallow == 0)
		setup();
	/* First byte: text or PDU. */
	if (size == 0)
		return 0;
	if (data[0] & 1)
		pdu(data + 1, size - 1);
	else
		text(data + 1, size - 1);
	return 0;
}
