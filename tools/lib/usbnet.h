/*
 * usbnet: the network interface of the USB device a modem's tty belongs
 * to, as the kernel shows it: Linux's sysfs, FreeBSD's sysctl tree.  So
 * oobm_link=usbnet finds the modem's own interface (wwan0, usb0, enx...,
 * ue0) by the modem, not by a name that changes with the driver.
 */
#ifndef OOBM_USBNET_H
#define OOBM_USBNET_H

#include <stddef.h>

/*
 * The interface of the USB device whose port dev is ("/dev/ttyUSB2",
 * "/dev/cuaU0.2"), in name; 0, or -1 when it has none the system shows.
 * Of several, the one of the lowest USB interface number.
 */
int	usbnet_iface(const char *dev, char *name, size_t size);

/*
 * FreeBSD's way, by get, a reader of sysctl strings (0, or -1 when name
 * has none): u3g's dev.u3g.N.ttyname "U<unit>" for dev's unit, its
 * %location's ugen, the cdce(4) or urndis(4) child of the same ugen, and
 * the ue<K> whose net.ue.K.%parent that child is.
 */
typedef int (*usbnet_sysctl_fn)(void *arg, const char *name, char *buf,
	    size_t size);
int	usbnet_bsd_iface(usbnet_sysctl_fn get, void *arg, const char *dev,
	    char *name, size_t size);

/*
 * A Huawei HiLink stick (docs/hilink.md 7): no tty at all, a network
 * interface (cdc_ether, cdce) and a web API.  usbnet_is_hilink: 1 for
 * its USB identity, 12d1:14dc or 12d1:14db (usb_modeswitch's targets of
 * the HiLink mode).  usbnet_hilink: the interface of the first such
 * stick on the bus in name, its identity in vid, pid; 0, -1 when none.
 * usbnet_bsd_hilink: FreeBSD's, by get: the ue<K> whose %parent's
 * %pnpinfo is a stick's.
 */
int	usbnet_is_hilink(int vid, int pid);
int	usbnet_hilink(char *name, size_t size, int *vid, int *pid);
int	usbnet_bsd_hilink(usbnet_sysctl_fn get, void *arg, char *name,
	    size_t size, int *vid, int *pid);

#endif
