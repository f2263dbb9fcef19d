/*
 * libFuzzer target: what sysfs and the port list say of a USB serial
 * port (usb.h), read without crash or over-read: an interface number in
 * its range, a path that fits or is refused, a ucom name's numbers in
 * theirs, a %pnpinfo's identity 16 bits or none.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "usb.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, out[64];
	long device = -1;
	int n, port = -1, vid, pid;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if ((n = usb_iface_number(s)) < -1 || n > 255)
		abort();
	/* the sizes a path meets: room to spare, and cut anywhere */
	if (usb_iface0_path(s, out, sizeof(out)) == 0 &&
	    (strlen(out) >= sizeof(out) ||
	    strcmp(out + strlen(out) - 2, ".0") != 0))
		abort();
	(void)usb_iface0_path(s, out, size % sizeof(out));
	if (usb_ucom_name(s, &device, &port) == 0 &&
	    (device < 0 || device > 255 || port < -1 || port > 255))
		abort();
	n = usb_pnpinfo_ids(s, &vid, &pid);
	if ((n == 0 && (vid < 0 || vid > 0xffff || pid < 0 || pid > 0xffff)) ||
	    (n == -1 && (vid != -1 || pid != -1)))
		abort();
	free(s);
	return 0;
}
