/*
 * usb: what the kernel says of a USB serial port, read from its text:
 * Linux sysfs's attribute lines and interface directories, FreeBSD
 * ucom(4)'s port names.  No I/O: serial.c reads the files and lists the
 * ports (libserialport), these read what it found.
 */
#ifndef OOBM_USB_H
#define OOBM_USB_H

#include <stddef.h>

/*
 * Linux: the line of an interface's bInterfaceNumber, without its
 * newline ("02"): the interface number; -1 when it is not one or two hex
 * digits.
 */
int		 usb_iface_number(const char *line);

/*
 * Linux: the real path of an interface's sysfs directory ends in
 * "<bus>-<ports>:<config>.<interface>" ("1-1.4:1.2"): the same path for
 * the device's interface 0 ("1-1.4:1.0") into out[size].  0, or -1 when
 * the last component has no '.' or out is too small.
 */
int		 usb_iface0_path(const char *path, char *out, size_t size);

/*
 * FreeBSD: ucom(4) names the ports of USB device n cuaU<n>.<k> (ttyU
 * too), or cuaU<n> for its one port.  For such a path ("/dev/cuaU1.2"):
 * the device n (0..255) and the port k (0 for cuaU<n>, -1 when k is not
 * a number 0..255: cuaU1.init).  0, or -1 when it is no ucom port
 * (device and port untouched).
 */
int		 usb_ucom_name(const char *path, long *device, int *port);

/*
 * FreeBSD's %location of a USB device's child ("bus=0 hubaddr=9 port=1
 * devaddr=10 interface=0 ugen=ugen0.10", usb_hub.c uhub_child_location):
 * its ugen= value, the USB device, in ugen; 0, or -1 when it has none.
 */
int		 usb_location_ugen(const char *location, char *ugen,
		    size_t size);

/*
 * FreeBSD's %pnpinfo of a USB device ("vendor=0x2c7c product=0x0125
 * ...", uhub and ucom write it): its identity; 0, or -1 when either is
 * missing (both then -1).
 */
int		 usb_pnpinfo_ids(const char *pnpinfo, int *vid, int *pid);

#endif
