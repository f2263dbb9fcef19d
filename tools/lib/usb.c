#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usb.h"
#include "util.h"

int
usb_iface_number(const char *line)
{
	size_t n = strlen(line);

	/* two hex digits, as the kernel writes it: "%02x" */
	if (n == 0 || n > 2 || strspn(line, "0123456789abcdefABCDEF") != n)
		return -1;
	return (int)strtol(line, NULL, 16);
}

int
usb_iface0_path(const char *path, char *out, size_t size)
{
	const char *base, *dot;
	int n;

	if ((base = strrchr(path, '/')) == NULL ||
	    (dot = strrchr(base, '.')) == NULL)
		return -1;
	n = snprintf(out, size, "%.*s.0", (int)(dot - path), path);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

int
usb_ucom_name(const char *path, long *device, int *port)
{
	const char *errstr, *dot;
	char num[8];
	size_t len;
	long long n;

	if (strncmp(path, "/dev/cuaU", 9) != 0 &&
	    strncmp(path, "/dev/ttyU", 9) != 0)
		return -1;
	path += 9;
	dot = strchr(path, '.');
	len = dot != NULL ? (size_t)(dot - path) : strlen(path);
	if (len >= sizeof(num))
		return -1;
	memcpy(num, path, len);
	num[len] = '\0';
	n = str_to_num(num, 0, 255, &errstr);
	if (errstr != NULL)
		return -1;
	*device = (long)n;
	*port = 0;
	if (dot != NULL) {
		*port = (int)str_to_num(dot + 1, 0, 255, &errstr);
		if (errstr != NULL)
			*port = -1;
	}
	return 0;
}

int
usb_location_ugen(const char *location, char *ugen, size_t size)
{
	const char *p = location, *v;
	size_t n;

	for (;;) {
		if (strncmp(p, "ugen=", 5) == 0) {
			v = p + 5;
			n = strcspn(v, " ");
			if (n == 0 || n >= size || strncmp(v, "ugen", 4) != 0 ||
			    strspn(v + 4, "0123456789.") != n - 4)
				return -1;
			memcpy(ugen, v, n);
			ugen[n] = '\0';
			return 0;
		}
		if ((p = strchr(p, ' ')) == NULL)
			return -1;
		p++;
	}
}

/* "key=0xhhhh" among blank-separated words: the number, or -1. */
static int
pnp_hex(const char *s, const char *key)
{
	char buf[8];
	size_t k = strlen(key), n;

	for (; *s != '\0'; s += n, s += strspn(s, " ")) {
		n = strcspn(s, " ");
		if (n <= k + 3 || strncmp(s, key, k) != 0 || s[k] != '=' ||
		    s[k + 1] != '0' || s[k + 2] != 'x' || n - k - 3 >= sizeof(buf))
			continue;
		memcpy(buf, s + k + 3, n - k - 3);
		buf[n - k - 3] = '\0';
		if (strspn(buf, "0123456789abcdefABCDEF") != strlen(buf))
			continue;
		return (int)strtol(buf, NULL, 16);
	}
	return -1;
}

int
usb_pnpinfo_ids(const char *pnpinfo, int *vid, int *pid)
{
	*vid = pnp_hex(pnpinfo, "vendor");
	*pid = pnp_hex(pnpinfo, "product");
	if (*vid < 0 || *pid < 0 || *vid > 0xffff || *pid > 0xffff) {
		*vid = *pid = -1;
		return -1;
	}
	return 0;
}
