#!/bin/sh
# tests/sim/usbworld.sh SIMDIR COMMAND...: COMMAND in a world where
# modemsim (its state in SIMDIR) is a Huawei stick on the USB bus, and a
# small "udev" names its port as the kernel would: /dev/ttyUSB0, and
# after the stick resets (AT+CFUN=1,1: modemsim's pty goes away and a new
# one comes) the next free name, /dev/ttyUSB1, ... as happens when
# something still held the old node.  atcmd -L finds it by 12d1:1001,
# interface 0, through a /sys/class/tty made here (the sysfs shape
# tests/integration/libserialport.sh documents).
#
# Run it as root inside a private mount namespace of its own
# (unshare -m --propagation private): the tmpfs mounted over /dev and
# /sys/class/tty are seen by nothing else.  SIMDIR/udev.log records each
# add and remove.
set -eu
sim=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/oobm-usb.XXXXXX")

# /dev: a tmpfs with the few real nodes programs need, and the ports.
make_dev() {
	mkdir "$work/dev"
	mount --rbind /dev "$work/dev"
	mount -t tmpfs oobm-test-dev /dev
	for n in null zero full random urandom tty; do
		: >"/dev/$n"
		mount --bind "$work/dev/$n" "/dev/$n"
	done
	mkdir /dev/pts /dev/shm
	mount --rbind "$work/dev/pts" /dev/pts
	ln -s pts/ptmx /dev/ptmx
	ln -s /proc/self/fd /dev/fd
	ln -s /proc/self/fd/0 /dev/stdin
	ln -s /proc/self/fd/1 /dev/stdout
	ln -s /proc/self/fd/2 /dev/stderr
}

make_sys() {
	mount -t tmpfs oobm-test-sysfs /sys/class/tty
	usb=/sys/class/tty/.devices/usb1/1-1
	mkdir -p "$usb"
	printf '1\n' >"$usb/busnum"
	printf '2\n' >"$usb/devnum"
	printf '12d1\n' >"$usb/idVendor"
	printf '1001\n' >"$usb/idProduct"
	printf 'huawei\n' >"$usb/manufacturer"
	printf 'HUAWEI Mobile\n' >"$usb/product"
}

# add NAME PTY: the port appears, as the kernel and udev make it
add() {
	d=$usb/1-1:1.0
	mkdir -p "$d/$1/tty/$1"
	printf '00\n' >"$d/bInterfaceNumber"
	ln -s "../../../$1" "$d/$1/tty/$1/device"
	ln -s "${d#/sys/class/tty/}/$1/tty/$1" "/sys/class/tty/$1"
	ln -s "$2" "/dev/$1"
	echo "add $1 $2" >>"$sim/udev.log"
}

remove() {
	rm -f "/sys/class/tty/$1" "/dev/$1"
	rm -rf "$usb/1-1:1.0/$1"
	echo "remove $1" >>"$sim/udev.log"
}

# Follows SIMDIR/tty: present means on the bus.
udev() {
	n=0 name='' pty=''
	while :; do
		now=$(cat "$sim/tty" 2>/dev/null || true)
		if [ -n "$name" ] && [ "$now" != "$pty" ]; then
			remove "$name"
			name='' n=$((n + 1))
		fi
		if [ -z "$name" ] && [ -n "$now" ]; then
			name=ttyUSB$n pty=$now
			add "$name" "$pty"
		fi
		sleep 0.1
	done
}

make_dev
make_sys
udev &
udevpid=$!
until [ -e /dev/ttyUSB0 ]; do sleep 0.05; done
rc=0
"$@" || rc=$?
kill "$udevpid"
# never rm -r here: $work/dev is the real /dev
umount -l "$work/dev"
rmdir "$work/dev" "$work"
exit "$rc"
