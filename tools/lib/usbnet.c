/*
 * usbnet: a modem's tty to its USB network interface.
 *
 * Linux: /sys/class/tty/NAME/device is the port (option, qcserial: its
 * parent the USB interface "1-1.4:1.2") or the interface itself
 * (cdc-acm); the USB device is the directory above the interface.  Each
 * /sys/class/net/IF/device of a USB function is its interface directory
 * ("../../../1-14.3:1.0"); the one whose parent is that device is ours
 * (ModemManager pairs a Huawei's ports so: mm-broadband-modem-huawei.c,
 * peek_port_at_for_data).
 *
 * FreeBSD: u3g(4) names the ports U<unit>.<k>, and dev.u3g.N.ttyname is
 * "U<unit>"; every USB child's dev.DRIVER.N.%location ends with the
 * ugen of its device; the network drivers of these modems are cdce(4)
 * (ECM, NCM, Huawei's vendor NCM) and urndis(4) (RNDIS), attached to an
 * interface ue(4) names ue<K>, whose net.ue.K.%parent is "cdceM"
 * (usb_ethernet.c ue_attach_post_task).
 */
#ifdef __FreeBSD__
#include <sys/types.h>
#include <sys/sysctl.h>
#endif

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usb.h"
#include "usbnet.h"
#include "util.h"

/*
 * FreeBSD's walk, by any reader of its sysctl strings (the system's, or a
 * test's record of one), so that it is built and tested everywhere.
 * The ugen of the u3g device whose ttyname is U<unit>.
 */
static int
u3g_ugen(usbnet_sysctl_fn get, void *arg, long unit, char *ugen,
    size_t size)
{
	char name[64], val[256];

	for (int n = 0; n < 64; n++) {
		snprintf(name, sizeof(name), "dev.u3g.%d.ttyname", n);
		if (get(arg, name, val, sizeof(val)) == -1 || val[0] != 'U' ||
		    strtol(val + 1, NULL, 10) != unit)
			continue;	/* units come and go: gaps */
		snprintf(name, sizeof(name), "dev.u3g.%d.%%location", n);
		if (get(arg, name, val, sizeof(val)) == -1)
			return -1;
		return usb_location_ugen(val, ugen, size);
	}
	return -1;
}

/* ue<K> whose parent is the driver instance drv ("cdce0"). */
static int
ue_of(usbnet_sysctl_fn get, void *arg, const char *drv, char *name,
    size_t size)
{
	char oid[64], val[64];

	for (int k = 0; k < 64; k++) {
		snprintf(oid, sizeof(oid), "net.ue.%d.%%parent", k);
		if (get(arg, oid, val, sizeof(val)) == 0 &&
		    strcmp(val, drv) == 0) {
			snprintf(name, size, "ue%d", k);
			return 0;
		}
	}
	return -1;
}

int
usbnet_bsd_iface(usbnet_sysctl_fn get, void *arg, const char *dev,
    char *name, size_t size)
{
	static const char *const drivers[] = { "cdce", "urndis" };
	char ugen[32], other[32], oid[64], val[256], drv[32];
	long unit;
	int k;

	if (usb_ucom_name(dev, &unit, &k) == -1 ||
	    u3g_ugen(get, arg, unit, ugen, sizeof(ugen)) == -1)
		return -1;
	for (size_t d = 0; d < sizeof(drivers) / sizeof(drivers[0]); d++)
		for (int m = 0; m < 64; m++) {
			snprintf(oid, sizeof(oid), "dev.%s.%d.%%location",
			    drivers[d], m);
			if (get(arg, oid, val, sizeof(val)) == -1 ||
			    usb_location_ugen(val, other, sizeof(other)) ==
			    -1 || strcmp(other, ugen) != 0)
				continue;
			snprintf(drv, sizeof(drv), "%s%d", drivers[d], m);
			return ue_of(get, arg, drv, name, size);
		}
	return -1;
}

int
usbnet_is_hilink(int vid, int pid)
{
	return vid == 0x12d1 && (pid == 0x14dc || pid == 0x14db);
}

int
usbnet_bsd_hilink(usbnet_sysctl_fn get, void *arg, char *name, size_t size,
    int *vid, int *pid)
{
	char oid[64], val[256], drv[32];
	size_t n;

	for (int k = 0; k < 64; k++) {
		snprintf(oid, sizeof(oid), "net.ue.%d.%%parent", k);
		if (get(arg, oid, drv, sizeof(drv)) == -1)
			continue;	/* units come and go: gaps */
		/* "cdce0": driver "cdce", unit 0 */
		n = strcspn(drv, "0123456789");
		if (n == 0 || drv[n] == '\0')
			continue;
		snprintf(oid, sizeof(oid), "dev.%.*s.%s.%%pnpinfo", (int)n, drv,
		    drv + n);
		if (get(arg, oid, val, sizeof(val)) == -1 ||
		    usb_pnpinfo_ids(val, vid, pid) == -1 ||
		    !usbnet_is_hilink(*vid, *pid))
			continue;
		snprintf(name, size, "ue%d", k);
		return 0;
	}
	return -1;
}

#ifdef __linux__
/*
 * The USB device dir of a tty: the first directory above its device
 * link whose name has no ':' (interfaces are "1-1:1.2", devices "1-1").
 */
static int
tty_usb_device(const char *dev, char *out)
{
	char path[PATH_MAX], real[PATH_MAX], *slash;

	if (strncmp(dev, "/dev/", 5) != 0 || strchr(dev + 5, '/') != NULL)
		return -1;
	snprintf(path, sizeof(path), "/sys/class/tty/%s/device", dev + 5);
	if (realpath(path, real) == NULL)
		return -1;
	while ((slash = strrchr(real, '/')) != NULL && slash != real) {
		if (strchr(slash + 1, ':') == NULL &&
		    strchr(slash + 1, '-') != NULL) {
			memcpy(out, real, (size_t)(slash - real) +
			    strlen(slash) + 1);
			return 0;
		}
		*slash = '\0';
	}
	return -1;
}

/* The interface number of an interface dir "…/1-1:1.4": 4; -1 if not. */
static int
iface_number(const char *dir)
{
	const char *dot = strrchr(dir, '.'), *colon = strrchr(dir, ':');
	const char *errstr;
	long long n;

	if (dot == NULL || colon == NULL || dot < colon)
		return -1;
	n = str_to_num(dot + 1, 0, 255, &errstr);
	return errstr != NULL ? -1 : (int)n;
}

/* Of /sys/class/net's, the interface whose USB device is usbdev. */
static int
net_of_device(const char *usbdev, char *name, size_t size)
{
	char path[PATH_MAX], real[PATH_MAX], *slash;
	struct dirent *e;
	DIR *d;
	int best = INT_MAX, n;

	if ((d = opendir("/sys/class/net")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= size)
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/device",
		    e->d_name);
		if (realpath(path, real) == NULL ||
		    (slash = strrchr(real, '/')) == NULL)
			continue;
		*slash = '\0';
		if (strcmp(real, usbdev) != 0 ||
		    (n = iface_number(slash + 1)) < 0 || n >= best)
			continue;
		best = n;
		snprintf(name, size, "%s", e->d_name);
	}
	closedir(d);
	return best == INT_MAX ? -1 : 0;
}

/* A USB device dir's idVendor or idProduct (hex); -1 when unreadable. */
static int
usb_id(const char *devdir, const char *file)
{
	char path[PATH_MAX], buf[16];
	FILE *fp;
	long v = -1;

	snprintf(path, sizeof(path), "%s/%s", devdir, file);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof(buf), fp) != NULL) {
		char *end;

		v = strtol(buf, &end, 16);
		if (end == buf || v < 0 || v > 0xffff)
			v = -1;
	}
	fclose(fp);
	return (int)v;
}

/*
 * Each /sys/class/net/IF/device that is a USB interface ("…/1-1:1.0"):
 * its device, the directory above, holds idVendor and idProduct.
 */
int
usbnet_hilink(char *name, size_t size, int *vid, int *pid)
{
	char path[PATH_MAX], real[PATH_MAX], *slash;
	struct dirent *e;
	DIR *d;
	int found = -1;

	if ((d = opendir("/sys/class/net")) == NULL)
		return -1;
	while (found == -1 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= size)
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/device",
		    e->d_name);
		if (realpath(path, real) == NULL ||
		    (slash = strrchr(real, '/')) == NULL ||
		    iface_number(slash + 1) < 0)
			continue;
		*slash = '\0';
		*vid = usb_id(real, "idVendor");
		*pid = usb_id(real, "idProduct");
		if (!usbnet_is_hilink(*vid, *pid))
			continue;
		snprintf(name, size, "%s", e->d_name);
		found = 0;
	}
	closedir(d);
	return found;
}

int
usbnet_iface(const char *dev, char *name, size_t size)
{
	char usbdev[PATH_MAX];

	if (tty_usb_device(dev, usbdev) == -1)
		return -1;
	return net_of_device(usbdev, name, size);
}
#elif defined(__FreeBSD__)
/* sysctl name's string value in buf; 0, -1 if none. */
static int
sysctl_str(void *arg, const char *name, char *buf, size_t size)
{
	size_t len = size - 1;

	(void)arg;
	if (sysctlbyname(name, buf, &len, NULL, 0) == -1)
		return -1;
	buf[len] = '\0';
	return 0;
}

int
usbnet_iface(const char *dev, char *name, size_t size)
{
	return usbnet_bsd_iface(sysctl_str, NULL, dev, name, size);
}

int
usbnet_hilink(char *name, size_t size, int *vid, int *pid)
{
	return usbnet_bsd_hilink(sysctl_str, NULL, name, size, vid, pid);
}
#else
int
usbnet_iface(const char *dev, char *name, size_t size)
{
	(void)dev;
	(void)name;
	(void)size;
	return -1;
}

int
usbnet_hilink(char *name, size_t size, int *vid, int *pid)
{
	(void)name;
	(void)size;
	*vid = *pid = -1;
	return -1;
}
#endif
