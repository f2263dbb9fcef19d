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


#endif
