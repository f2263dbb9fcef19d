/*
 * libFuzzer target: the data call's answers (netdial.h), and FreeBSD's
 * %location of the modem's network function (usb.h): any line is
 * read without crash or over-read; a state stays in its range, and an
 * address the parser gives is one inet_pton(3) takes back.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netdial.h"
#include "usb.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_state(const struct dial_state *st)
{
	if (st->v4 < -1 || st->v4 > 1 || st->v6 < -1 || st->v6 > 1 ||
	    st->cause < 0 || st->cause > 255)
		abort();
	(void)dial_cause_text(st->cause);
}

static void
check_addr(const char *s)
{
	unsigned char b[16];

	if (strlen(s) >= DIAL_ADDR_MAX)
		abort();
	if (*s != '\0' && inet_pton(AF_INET, s, b) != 1 &&
	    inet_pton(AF_INET6, s, b) != 1)
		abort();
}

static void
check_addrs(const struct dial_addrs *a)
{
	check_addr(a->addr);
	check_addr(a->gw);
	check_addr(a->dns[0]);
	check_addr(a->dns[1]);
	if (a->prefix < -1 || a->prefix > 128)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int (*const states[])(const char *, struct dial_state *) = {
		dial_ndisstat, dial_qcrmcall, dial_qnetdev, dial_cgact,
		dial_cgev
	};
	struct dial_state st;
	struct dial_addrs a;
	char ugen[16];
	char *line;

	if ((line = malloc(size + 1)) == NULL)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		dial_state_init(&st);
		(void)states[i](line, &st);
		check_state(&st);
	}
	if (dial_cgcontrdp(line, &a) == 1)
		check_addrs(&a);
	if (dial_huawei_dhcp(line, &a) == 1)
		check_addrs(&a);
	if (usb_location_ugen(line, ugen, sizeof(ugen)) == 0 &&
	    (strlen(ugen) >= sizeof(ugen) || strncmp(ugen, "ugen", 4) != 0))
		abort();
	free(line);
	return 0;
}
