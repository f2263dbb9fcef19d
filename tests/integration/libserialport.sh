#!/bin/sh
# The libserialport backend, driven for real on a pty, and atcmd -L.
#
# libserialport 0.1.1 on Linux will not touch a pty, for two reasons:
#  1. sp_get_port_by_name("/dev/pts/N") looks for the link
#     /sys/class/tty/pts/N, which the kernel does not create for ptys;
#  2. sp_open() asks for the modem-control lines (TIOCMGET...), and a pty
#     has none: ENOTTY.
# So, inside a private mount namespace (nothing outside it changes), a
# tmpfs over /sys/class/tty supplies the sysfs entries a Huawei E1752
# would have (USB 12d1:140c, interface 2 = PCUI, plus interface 0 and a
# Raspberry Pi UART for -L), and LD_PRELOAD of build/ptyshim.so answers
# the four modem-line ioctls only where the kernel says ENOTTY.  Every
# other call, open, termios setup, reads and writes with timeouts, is
# libserialport's own, against modemsim.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

need_own_bus "libserialport on a pty"

start_sim sp -u 50 -r 5
PTS=$(cat "$T/sp/tty")
SHIM=$(cd "$BIN" && pwd)/ptyshim.so
ATCMD=$(cd "$BIN" && pwd)/atcmd

# fake_sysfs: runs inside the namespace; builds the tree libserialport and
# atcmd -L read (busnum, devnum, idVendor... up the device's parents).
cat >"$T/fake_sysfs" <<'EOF'
set -eu
mount -t tmpfs oobm-test-sysfs /sys/class/tty
cd /sys/class/tty
usb=.devices/usb1/1-1
mkdir -p "$usb" pts .devices/platform/fe201000.serial/tty/ttyAMA0
printf '1\n' >"$usb/busnum"
printf '2\n' >"$usb/devnum"
printf '12d1\n' >"$usb/idVendor"
printf '140c\n' >"$usb/idProduct"
printf 'huawei\n' >"$usb/manufacturer"
printf 'HUAWEI Mobile\n' >"$usb/product"
for i in 0 2; do
	d=$usb/1-1:1.$i
	mkdir -p "$d/ttyUSB$i/tty/ttyUSB$i"
	printf '0%d\n' "$i" >"$d/bInterfaceNumber"
	ln -s ../../../ttyUSB$i "$d/ttyUSB$i/tty/ttyUSB$i/device"
	ln -s "$d/ttyUSB$i/tty/ttyUSB$i" "ttyUSB$i"
done
ln -s .devices/platform/fe201000.serial/tty/ttyAMA0 ttyAMA0
# the pty under test is the modem's PCUI port, interface 2
ln -s "../$usb/1-1:1.2/ttyUSB2/tty/ttyUSB2" "pts/${1#/dev/pts/}"
shift
exec "$@"
EOF

in_ns() {
	unshare -m --propagation private sh "$T/fake_sysfs" "$PTS" "$@"
}

run in_ns env LD_PRELOAD="$SHIM" "$ATCMD" -v -l "$PTS" ATI 'AT+CSQ'
expect "libserialport backend chosen for the pty" \
    err_has "115200 8N1 through libserialport"
expect "libserialport backend: exit 0" status_is 0
expect "libserialport backend: responses, no URCs" out_is \
    'Manufacturer: huawei' 'Model: E1752' 'Revision: 11.126.03.01.314' \
    'IMEI: 353142034443431' '+GCAP: +CGSM,+DS,+ES' '+CSQ: 17,99'

run in_ns env LD_PRELOAD="$SHIM" "$ATCMD" -v -s 9600 -l "$PTS" \
    'AT^U2DIAG=0'
expect "libserialport backend at 9600: seed's first step" status_is 0
expect "libserialport backend at 9600: reported" \
    err_has "9600 8N1 through libserialport"

run in_ns "$ATCMD" -v -l "$PTS" AT
expect "without the shim libserialport fails and termios takes over" \
    err_has "through termios"
expect "termios fallback says why" err_has "libserialport cannot drive it"
expect "termios fallback works" status_is 0

run in_ns "$ATCMD" -L
expect "-L: exit 0" status_is 0
expect "-L: modem ports with VID:PID, interface, product, profile and role" out_is \
    'port=/dev/ttyAMA0 transport=native description=ttyAMA0' \
    'port=/dev/ttyUSB0 transport=usb usb=12d1:140c interface=0 manufacturer=huawei product=HUAWEI_Mobile description=HUAWEI_Mobile profile=e1752 role=data' \
    'port=/dev/ttyUSB2 transport=usb usb=12d1:140c interface=2 manufacturer=huawei product=HUAWEI_Mobile description=HUAWEI_Mobile profile=e1752 role=at'

run_tests "$0"
