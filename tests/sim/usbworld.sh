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
#
# tests/sim/usbworld.sh -p PERSONALITY -d DATADIR SIMDIR COMMAND...: the
# same with a modem of two ports, as tests/sim/usbbus.sh lays out
# PERSONALITY (ec25, sim7600): its AT port modemsim SIMDIR's pty, its
# modem port modemsim DATADIR's.  No udev here: the ports stay named.
set -eu
personality='' datadir=''
while getopts d:p: o; do
	case $o in
	d) datadir=$OPTARG ;;
	p) personality=$OPTARG ;;
	*) echo "usage: usbworld.sh [-p personality -d datadir] simdir" \
	    "command..." >&2; exit 64 ;;
	esac
done
shift $((OPTIND - 1))
sim=$1
shift

# shellcheck source=tests/sim/usbbus.sh
. "$(dirname "$0")/usbbus.sh"

# add NAME PTY: the port appears, as the kernel and udev make it
add() {
	bus_port 1-1 0 "$1" "$2"
	echo "add $1 $2" >>"$sim/udev.log"
}

remove() {
	rm -f "/sys/class/tty/$1" "/dev/$1"
	rm -rf "/sys/class/tty/.devices/usb1/1-1/1-1:1.0/$1"
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

bus_mount
if [ -n "$personality" ]; then
	bus_modem "$personality" 1-1 0 "$(cat "$sim/tty")" \
	    "$(cat "$datadir/tty")"
	rc=0
	"$@" || rc=$?
	bus_unmount
	exit "$rc"
fi
bus_device 1-1 12d1 1001 huawei 'HUAWEI Mobile'
udev &
udevpid=$!
until [ -e /dev/ttyUSB0 ]; do sleep 0.05; done
rc=0
"$@" || rc=$?
kill "$udevpid"
bus_unmount
exit "$rc"
