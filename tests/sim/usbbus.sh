# shellcheck shell=sh
# tests/sim/usbbus.sh: a USB bus as Linux shows it, for tests, sourced.
# Inside a private mount namespace of its own (unshare -m --propagation
# private) a tmpfs over /dev and one over /sys/class/tty hold the ports
# a test puts there, in the sysfs shape libserialport and atcmd read
# (tests/integration/libserialport.sh documents it): nothing else sees
# them.  The modems' layouts here come from their sources (ModemManager's
# port-type rules, Quectel's interface table per usbnet mode), written
# apart from the tools' table (tools/lib/profile.c) on purpose.
#
# bus_mount: the two tmpfs; bus_unmount when done
# bus_device DEV VID PID [MANUFACTURER [PRODUCT]]: a USB device (DEV: 1-1)
# bus_port DEV IFACE NAME TARGET [LABEL]: a tty of interface IFACE, named
#   NAME (ttyUSB2), /dev/NAME a link to TARGET (a pty, or /dev/null)
# bus_iface DEV IFACE CLASS: an interface with no tty (a network one)
# bus_net DEV IFACE NAME: IFACE a network function, /sys/class/net/NAME
#   (a tmpfs over /sys/class/net too: only the bus's interfaces there)
# bus_modem PERSONALITY DEV FIRST AT [DATA]: the ports of a modem whose
#   AT and data ports are the ptys AT and DATA (others: /dev/null), named
#   ttyUSB<FIRST>, ttyUSB<FIRST+1>, ... in interface order

bus_mount() {
	bus_work=$(mktemp -d "${TMPDIR:-/tmp}/oobm-bus.XXXXXX")
	mkdir "$bus_work/dev"
	mount --rbind /dev "$bus_work/dev"
	mount -t tmpfs oobm-test-dev /dev
	for n in null zero full random urandom tty; do
		: >"/dev/$n"
		mount --bind "$bus_work/dev/$n" "/dev/$n"
	done
	mkdir /dev/pts /dev/shm
	mount --rbind "$bus_work/dev/pts" /dev/pts
	ln -s pts/ptmx /dev/ptmx
	ln -s /proc/self/fd /dev/fd
	ln -s /proc/self/fd/0 /dev/stdin
	ln -s /proc/self/fd/1 /dev/stdout
	ln -s /proc/self/fd/2 /dev/stderr
	mount -t tmpfs oobm-test-sysfs /sys/class/tty
	mount -t tmpfs oobm-test-sysnet /sys/class/net
	bus_n=1
}

bus_unmount() {
	# never rm -r here: $bus_work/dev is the real /dev
	umount -l "$bus_work/dev"
	rm -f "$bus_work/layout"
	rmdir "$bus_work/dev" "$bus_work"
}

bus_device() {
	usbdir=/sys/class/tty/.devices/usb1/$1
	mkdir -p "$usbdir"
	printf '1\n' >"$usbdir/busnum"
	bus_n=$((bus_n + 1))
	printf '%d\n' "$bus_n" >"$usbdir/devnum"
	printf '%s\n' "$2" >"$usbdir/idVendor"
	printf '%s\n' "$3" >"$usbdir/idProduct"
	printf '%s\n' "${4:-vendor}" >"$usbdir/manufacturer"
	printf '%s\n' "${5:-modem}" >"$usbdir/product"
}

bus_iface() {
	d=/sys/class/tty/.devices/usb1/$1/$1:1.$2
	mkdir -p "$d"
	printf '%02x\n' "$2" >"$d/bInterfaceNumber"
	printf '%s\n' "$3" >"$d/bInterfaceClass"
}

bus_net() {
	d=/sys/class/tty/.devices/usb1/$1/$1:1.$2
	bn_name=$3
	# a name taken: the next number, as the kernel gives it (wwan1)
	while [ -e "/sys/class/net/$bn_name" ]; do
		bn_n=${bn_name##*[!0-9]}
		bn_name=${bn_name%"$bn_n"}$((bn_n + 1))
	done
	mkdir -p "$d/net/$bn_name"
	ln -s "../../../$1:1.$2" "$d/net/$bn_name/device"
	ln -s "$d/net/$bn_name" "/sys/class/net/$bn_name"
}

bus_port() {
	bus_iface "$1" "$2" ff
	d=/sys/class/tty/.devices/usb1/$1/$1:1.$2
	[ -z "${5:-}" ] || printf '%s\n' "$5" >"$d/interface"
	mkdir -p "$d/$3/tty/$3"
	ln -s "../../../$3" "$d/$3/tty/$3/device"
	ln -s "${d#/sys/class/tty/}/$3/tty/$3" "/sys/class/tty/$3"
	ln -sf "$4" "/dev/$3"
}

# bus_layout PERSONALITY: "VID PID" then one "IFACE ROLE" per interface,
# ROLE at, data, other (a tty), net:NAME [CLASS] (a network function the
# kernel names NAME, of class CLASS, 02 if not given) or a class in hex
# (no tty)
bus_layout() {
	case $1 in
	e1752)	# the seed's stick: 0 PPP, 2 PCUI
		echo '12d1 1001'; echo '0 data'; echo '1 other'; echo '2 at' ;;
	ec25)	# ModemManager 77-mm-quectel-port-types.rules; 4 QMI
		# (qmi_wwan: wwan0)
		echo '2c7c 0125'; echo '0 other'; echo '1 other'; echo '2 at'
		echo '3 data'; echo '4 net:wwan0 ff' ;;
	ec25-rndis)	# usbnet 3: RNDIS on 0 and 1 (Quectel's table;
		# rndis_host: usb0)
		echo '2c7c 0125'; echo '0 net:usb0 e0'; echo '1 0a'
		echo '2 other'; echo '3 other'; echo '4 at'; echo '5 data' ;;
	sim7600)	# 77-mm-simtech-port-types.rules
		echo '1e0e 9001'; echo '0 other'; echo '1 other'; echo '2 at'
		echo '3 data'; echo '4 other'; echo '5 net:wwan0 ff' ;;
	e3372h)	# stick mode, ^SETPORT "12,1,16": PCUI, MODEM, NCM
		# (huawei_cdc_ncm names it wwan0: openwrt/openwrt#84's dmesg)
		echo '12d1 1506'; echo '0 at'; echo '1 data'; echo '2 net:wwan0 ff' ;;
	e3372h-hilink)	# HiLink: CDC ECM and no tty (docs/hilink.md 7:
		# cdc_ether binds it; eth1 beside the box's own eth0)
		echo '12d1 14dc'; echo '0 net:eth1 02'; echo '1 0a' ;;
	mc7455)	# qcserial: 0 DM, 2 NMEA, 3 AT (and PPP); 8, 10 QMI
		echo '1199 9071'; echo '0 other'; echo '2 other'; echo '3 at'
		echo '8 net:wwan0 ff'; echo '10 net:wwan1 ff' ;;
	*) echo "bus_layout: no personality $1" >&2; return 1 ;;
	esac
}

bus_modem() {
	bm_dev=$2 bm_n=$3 bm_at=$4 bm_data=${5:-/dev/null}
	bus_layout "$1" >"$bus_work/layout"
	{
		read -r bm_vid bm_pid
		bus_device "$bm_dev" "$bm_vid" "$bm_pid"
		while read -r bm_if bm_role bm_class; do
			case $bm_role in
			at) bus_port "$bm_dev" "$bm_if" "ttyUSB$bm_n" "$bm_at" ;;
			data) bus_port "$bm_dev" "$bm_if" "ttyUSB$bm_n" \
			    "$bm_data" ;;
			other) bus_port "$bm_dev" "$bm_if" "ttyUSB$bm_n" \
			    /dev/null ;;
			net:*) bus_iface "$bm_dev" "$bm_if" "${bm_class:-02}"
			    bus_net "$bm_dev" "$bm_if" "${bm_role#net:}"
			    continue ;;
			*) bus_iface "$bm_dev" "$bm_if" "$bm_role"
			    continue ;;
			esac
			bm_n=$((bm_n + 1))
		done
	} <"$bus_work/layout"
}
