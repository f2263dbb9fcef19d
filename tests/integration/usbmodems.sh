#!/bin/sh
# Modems found by their USB identity (issue 35, item 3): atcmd -L names
# each port's role and the modem's profile, atcmd -F the modem that
# oobm_modem=auto (or unset) finds, and the tools talk to its AT port.
# Each case runs in a private mount namespace whose /dev and
# /sys/class/tty hold a bus made by tests/sim/usbbus.sh: nothing outside
# it sees the ports.  The AT (and data) ports are modemsim's ptys.
# memcheck: yes (tests/run.sh runs it again under valgrind)
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

need_own_bus "a USB bus of our own"

top=$(cd "$(dirname "$0")/../.." && pwd)
ATCMD=$(tool atcmd)
SMSPOLL=$(tool smspoll)
case $ATCMD in /*) ;; *) ATCMD=$top/$ATCMD SMSPOLL=$top/$SMSPOLL ;; esac
OWNER=+46701234567

# The buses: one function each, run inside the namespace by on_bus.
cat >"$T/buses.sh" <<'EOF'
# shellcheck shell=sh
ec25() { bus_modem ec25 1-1 0 "$AT" "$DATA"; }
ec25_rndis() { bus_modem ec25-rndis 1-1 0 "$AT" "$DATA"; }
e1752() { bus_modem e1752 1-1 0 "$AT"; }
sim7600() { bus_modem sim7600 1-1 0 "$AT" "$DATA"; }
e3372h() { bus_modem e3372h 1-1 0 "$AT" "$DATA"; }
mc7455() { bus_modem mc7455 1-1 0 "$AT"; }
two() { bus_modem ec25 1-1 0 "$AT" "$DATA"; bus_modem sim7600 1-2 4 "$AT"; }
# a Quectel of a later year: the vendor known, the product not
half() { bus_device 1-1 2c7c 0800; bus_port 1-1 2 ttyUSB0 "$AT"; }
# an FTDI adapter (the router's console) and no modem
none() { bus_device 1-1 0403 6001; bus_port 1-1 0 ttyUSB0 /dev/null; }
# Huawei names its interfaces; the ME909s's numbers are not in the table
me909s() {
	bus_device 1-1 12d1 15c1
	bus_port 1-1 0 ttyUSB0 "$DATA" 'HUAWEI Mobile Connect - Modem'
	bus_port 1-1 1 ttyUSB1 /dev/null 'HUAWEI Mobile Connect - Diag'
	bus_port 1-1 2 ttyUSB2 "$AT" 'HUAWEI Mobile Connect - PCUI'
}
# the remembered name ttyUSB2 another device's now, the EC25 after it
moved() {
	bus_device 1-1 0403 6001
	bus_port 1-1 0 ttyUSB2 /dev/null
	bus_modem ec25 1-2 3 "$AT" "$DATA"
}
# an EC25 on LTE for data alone
ec25_nosms() { bus_modem ec25 1-1 0 "$NOSMS" "$DATA"; }
# the modems whose own network function a test dials (atcmd -N)
e3372h_net() { bus_modem e3372h 1-1 0 "$NET" "$DATA"; }
ec25_net() { bus_modem ec25 1-1 0 "$NET" "$DATA"; }
# a HiLink stick (no tty at all), and one beside the router's console
hilink() { bus_modem e3372h-hilink 1-1 0 /dev/null; }
hilink_ftdi() {
	bus_device 1-1 0403 6001
	bus_port 1-1 0 ttyUSB0 /dev/null
	bus_modem e3372h-hilink 1-2 1 /dev/null
}
# the modem's AT port listed, its pty gone (it left the bus meanwhile)
gone() { bus_modem ec25 1-1 0 /dev/pts/999999 "$DATA"; }
EOF

cat >"$T/onbus" <<'EOF'
# onbus BUS COMMAND...: COMMAND on BUS, in this namespace
set -eu
. "$USBBUS"
. "$BUSES"
bus=$1
shift
bus_mount
"$bus"
rc=0
"$@" || rc=$?
bus_unmount
exit "$rc"
EOF

# on_bus BUS COMMAND...: run, in a namespace of its own
on_bus() {
	run env USBBUS="$top/tests/sim/usbbus.sh" BUSES="$T/buses.sh" \
	    AT="$AT" DATA="$DATA" NOSMS="$NOSMS" NET="${NET:-}" \
	    unshare -m --propagation private \
	    sh "$T/onbus" "$@"
}

start_sim at
AT=$(cat "$T/at/tty")
start_sim data
DATA=$(cat "$T/data/tty")
start_sim nosms -p ec25 -M lte-nosms
NOSMS=$(cat "$T/nosms/tty")

t_list_roles() {
	on_bus ec25 "$ATCMD" -L
	expect "EC25: -L, exit 0" status_is 0
	expect "EC25: interface 2 is the AT port" \
	    grep -q '^port=/dev/ttyUSB2 .*usb=2c7c:0125 interface=2 .*profile=ec25 role=at$' "$T/out"
	expect "EC25: 3 the data port, 1 NMEA, 0 DIAG" sh -c "
	    grep -q '^port=/dev/ttyUSB3 .*profile=ec25 role=data\$' '$T/out' &&
	    grep -q '^port=/dev/ttyUSB1 .*profile=ec25 role=nmea\$' '$T/out' &&
	    grep -q '^port=/dev/ttyUSB0 .*profile=ec25 role=diag\$' '$T/out'"
	on_bus none "$ATCMD" -L
	expect "an FTDI adapter: listed, no profile" sh -c \
	    "grep -q '^port=/dev/ttyUSB0 .*usb=0403:6001' '$T/out' &&
	    ! grep -q 'profile=' '$T/out'"
}

t_find() {
	on_bus ec25 "$ATCMD" -F
	expect "EC25: -F names it, its AT, data and NMEA ports, its QMI interface" \
	    out_is 'profile=ec25 usb=2c7c:0125 at=/dev/ttyUSB2 data=/dev/ttyUSB3 nmea=/dev/ttyUSB1 net=wwan0 name=Quectel_EC25/EG25-G/EC21/EG95'
	on_bus ec25_rndis "$ATCMD" -F
	expect "EC25 in RNDIS mode: its ports two interfaces up, found all the same" \
	    out_is 'profile=ec25 usb=2c7c:0125 at=/dev/ttyUSB2 data=/dev/ttyUSB3 nmea=/dev/ttyUSB1 net=usb0 name=Quectel_EC25/EG25-G/EC21/EG95'
	on_bus e1752 "$ATCMD" -F
	expect "E1752: PCUI (interface 2) for AT, 0 for PPP, no network function" out_is \
	    'profile=e1752 usb=12d1:1001 at=/dev/ttyUSB2 data=/dev/ttyUSB0 name=Huawei_E1752'
	on_bus sim7600 "$ATCMD" -F
	expect "SIM7600: 2 for AT, 3 for PPP" \
	    grep -q '^profile=sim7600 usb=1e0e:9001 at=/dev/ttyUSB2 data=/dev/ttyUSB3 .*net=wwan0 ' "$T/out"
	on_bus e3372h "$ATCMD" -F
	expect "E3372h in stick mode: PCUI (0) for AT, 1 for PPP; NCM no tty" \
	    grep -q '^profile=e3372h usb=12d1:1506 at=/dev/ttyUSB0 data=/dev/ttyUSB1 net=wwan0 ' "$T/out"
	on_bus mc7455 "$ATCMD" -F
	expect "MC7455: AT on interface 3 (the third tty), PPP on it too" \
	    grep -q '^profile=mc7455 usb=1199:9071 at=/dev/ttyUSB2 data=/dev/ttyUSB2 ' "$T/out"
	expect "MC7455: of its two QMI interfaces, the first (8)" \
	    grep -q ' net=wwan0 ' "$T/out"
	on_bus me909s "$ATCMD" -F
	expect "ME909s: its ports by Huawei's names for them" \
	    grep -q '^profile=me909s usb=12d1:15c1 at=/dev/ttyUSB2 data=/dev/ttyUSB0 ' "$T/out"
}

# The bus's network interfaces named as the kernel names them (a second
# wwan is wwan1), and none for a modem that has no network function
t_find_net() {
	on_bus two sh -c "$ATCMD -l /dev/ttyUSB2 -M -n >/dev/null 2>&1; \
	    ls /sys/class/net"
	expect "two modems with QMI: wwan0 and wwan1 on the bus" \
	    test "$(tr '\n' ' ' <"$T/out")" = "wwan0 wwan1 "
	on_bus e1752 "$ATCMD" -F
	expect "an E1752: no net= at all" not grep -q 'net=' "$T/out"
}

t_find_refused() {
	on_bus two "$ATCMD" -F
	expect "two modems: exit 78" status_is 78
	expect "...says how to choose" err_has \
	    '2 modems on the USB bus: set oobm_modem to the AT port of the one to use'
	on_bus half "$ATCMD" -F
	expect "a Quectel not in the table: exit 69" status_is 69
	expect "...named, and what to do" err_has \
	    'a Quectel modem, 2c7c:0800, is not in the table: find its AT port'
	on_bus none "$ATCMD" -F
	expect "no modem: exit 69" status_is 69
	expect "...says so" err_has 'no modem of the table on the USB bus'
	on_bus none "$ATCMD" -F -l /dev/ttyUSB0
	expect "-F with -l: usage, 64" status_is 64
}

# A HiLink stick: no port to list, its network interface instead; -F
# says what it is and what to set (issue 40)
t_hilink() {
	on_bus hilink "$ATCMD" -L
	expect "HiLink: -L, exit 0, its interface and identity" sh -c \
	    "[ $status = 0 ] && [ \"\$(cat '$T/out')\" = 'net=eth1 usb=12d1:14dc profile=hilink' ]"
	on_bus hilink_ftdi "$ATCMD" -L
	expect "HiLink beside a console: the console's port, then the stick" \
	    sh -c "grep -q '^port=/dev/ttyUSB0 .*usb=0403:6001' '$T/out' &&
	    tail -n 1 '$T/out' | grep -qx 'net=eth1 usb=12d1:14dc profile=hilink'"
	on_bus hilink "$ATCMD" -F
	expect "HiLink: -F, 69" status_is 69
	expect "...says it is a stick, on which interface, and what to set" \
	    err_has 'a Huawei HiLink stick, 12d1:14dc, on eth1: it answers no AT; set oobm_modem to its web address (http://192.168.8.1) and oobm_link=hilink'
}

# oobm_modem unset or auto: the tools find the AT port themselves
t_tools_auto() {
	printf 'oobm_modem=auto\n' >"$T/auto.conf"
	on_bus ec25 "$ATCMD" -c "$T/auto.conf" AT+CGMI
	expect "atcmd, oobm_modem=auto: the EC25's AT port answers" \
	    sh -c "[ $status = 0 ] && grep -qx huawei '$T/out'"
	expect "...and it was the AT port, not the data port" \
	    grep -qx 'AT+CGMI' "$T/at/commands.log"
	mkdir -p "$T/poll"
	TTY='' box_conf "$T/poll.conf" "$T/poll" "$T/poll/run"
	arrive at "$OWNER" 'correct-horse UP'
	on_bus ec25 "$SMSPOLL" -c "$T/poll.conf"
	expect "smspoll, oobm_modem unset: the owner's UP read on the AT port" \
	    sh -c "[ $status = 0 ] && grep -q 'command=up' '$T/out'"
	on_bus two "$ATCMD" -c "$T/auto.conf" AT
	expect "two modems and auto: 78, nothing sent" sh -c \
	    "[ $status = 78 ] && ! grep -qx AT '$T/at/commands.log'"
}

# Found, then gone before it is used: the port named, 69, no lock left
t_vanished() {
	printf 'oobm_modem=auto\n' >"$T/auto.conf"
	on_bus gone "$ATCMD" -c "$T/auto.conf" AT
	expect "vanished between discovery and use: exit 69" status_is 69
	expect "...the message names the port" err_has '/dev/ttyUSB2'
	expect "...no lock left behind" test -z "$(ls "$T/lock")"
}

# oobm run from cron with oobm_modem unset: the EC25 found once, its AT
# port polled and answered on, its data port the link's; the next run
# takes the remembered ports without asking the bus
t_oobm_auto() {
	# oobm_modem set empty: unset, its default
	TTY='' box_conf "$T/box.conf" "$T/box" "$T/box/run"
	arrive at "$OWNER" 'correct-horse STATUS'
	on_bus ec25 sh "$top/scripts/oobm" -v -c "$T/box.conf" run
	expect "oobm run, oobm_modem unset: exit 0" status_is 0
	expect "...the EC25 found by the table, its two ports named" err_has \
	    'modem ec25: SMS port /dev/ttyUSB2, data port /dev/ttyUSB3'
	expect "...STATUS answered through the AT port" sh -c \
	    "cat '$T'/at/sent/*.txt 2>/dev/null | grep -q '^oobm: idle'"
	expect "...remembered" grep -q '^profile=ec25 .*at=/dev/ttyUSB2 ' \
	    "$T/box/run/modem.found"
	on_bus ec25 sh "$top/scripts/oobm" -v -c "$T/box.conf" run
	expect "the next run: the remembered ports, not found again" sh -c \
	    "[ $status = 0 ] && ! grep -q 'modem ec25: SMS port' '$T/err'"
	on_bus none sh "$top/scripts/oobm" -c "$T/box.conf" run
	expect "the modem gone, another port where it was: found again, none: 69" \
	    status_is 69
	expect "...saying what to do" err_has 'no modem of the table on the USB bus'
	arrive at "$OWNER" 'correct-horse STATUS'
	on_bus moved sh "$top/scripts/oobm" -v -c "$T/box.conf" run
	expect "the remembered name another device's: found afresh by the recovery" \
	    sh -c "[ $status = 0 ] && grep -q 'modem ec25: SMS port /dev/ttyUSB5, data port /dev/ttyUSB6' '$T/err'"
	expect "...and the STATUS answered there" sh -c \
	    "[ \$(cat '$T'/at/sent/*.txt | grep -c '^oobm: idle') -ge 2 ]"
	on_bus two sh "$top/scripts/oobm" -c "$T/box.conf" check
	expect "oobm check, two modems: 78, the finding says to choose" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm_modem (unset: found by the table of modems): 2 modems' '$T/out'"
}

# oobm watch with oobm_modem unset: the EC25 found before the first wait,
# as run finds it, and its AT port watched from the start (it asked for
# "" at first, and reached the modem only through the ladder's detour)
t_watch_auto() {
	TTY='' box_conf "$T/wbox.conf" "$T/wbox" "$T/wbox/run"
	wa_n=$(cat "$T"/at/sent/*.txt 2>/dev/null | grep -c '^oobm: idle' || :)
	arrive at "$OWNER" 'correct-horse STATUS'
	on_bus ec25 timeout 12 sh "$top/scripts/oobm" -v -c "$T/wbox.conf" watch
	expect "oobm watch, oobm_modem unset: the EC25's AT port watched" \
	    err_has 'watching /dev/ttyUSB2 for activation SMS'
	expect "...no poll failed first" not err_has 'smspoll exit'
	expect "...the STATUS answered" test \
	    "$(cat "$T"/at/sent/*.txt | grep -c '^oobm: idle')" -gt "$wa_n"
}

# oobm check on an EC25 registered on LTE for data alone: the modem
# named, and what to do for an EC25 (issue 35, items 3 and 5)
t_check_lte() {
	on_bus ec25_nosms "$ATCMD" -c "$T/auto.conf" -I
	expect "atcmd -I on the EC25's AT port: its profile named" \
	    grep -qx profile=ec25 "$T/out"
	expect "...and what to do, for an EC25" err_has \
	    'registered on LTE, but not for SMS: turn IMS on (AT+QCFG="ims",1, then a reset)'
	on_bus ec25_nosms sh "$top/scripts/oobm" -v -c "$T/box.conf" run
	expect "oobm run, on LTE for data alone: 69, said so" sh -c \
	    "[ $status = 69 ] && grep -q 'registered on LTE with Telia, but not for SMS' '$T/err'"
	expect "...no recovery ladder for it: the network's doing" sh -c \
	    "! grep -q 'recovering' '$T/err' && ! grep -q '^AT+CFUN' '$T/nosms/commands.log'"
	on_bus ec25_nosms sh "$top/scripts/oobm" -c "$T/box.conf" check
	expect "oobm check: the modem and the network named" sh -c \
	    "grep -q '^modem: Quectel EC25, firmware EC25EFAR06A06M4G, on /dev/ttyUSB2 (ec25)' '$T/out' &&
	    grep -qx 'network: Telia, lte; SMS reach it: lte-data-only' '$T/out'"
	expect "...the finding: what to do for an EC25" grep -q \
	    'registered on LTE, but not for SMS: turn IMS on' "$T/out"
}

# oobm boot puts the modem in the mode oobm needs, as its profile says,
# and only where it is not so: the next boot writes nothing (item 4)
t_boot_modes() {
	on_bus e1752 sh "$top/scripts/oobm" -v -c "$T/box.conf" boot
	expect "boot, E1752 (12d1:1001): modem-only mode set, said so" sh -c \
	    "[ $status = 0 ] && grep -q 'modem: AT^U2DIAG=0: set, kept in its memory; in effect at its next reset' '$T/err'"
	on_bus e1752 sh "$top/scripts/oobm" -v -c "$T/box.conf" boot
	expect "...the next boot: asked, not written again" sh -c \
	    "[ $status = 0 ] && [ \$(grep -c '^AT^U2DIAG=0' '$T/at/commands.log') = 1 ]"
	"$ATCMD" -l "$NOSMS" 'AT+QURCCFG="urcport","usbmodem"'
	on_bus ec25_nosms sh "$top/scripts/oobm" -c "$T/box.conf" check
	expect "check, EC25 whose URCs go to the modem port: it says so, and that boot sets it" \
	    grep -q 'modem: not in the mode oobm needs: AT+QURCCFG="urcport","usbat" (nv=1 reset=0): oobm boot sets it' "$T/out"
	expect "...and changes nothing itself" \
	    not grep -q '^AT+QURCCFG="urcport","usbat"' "$T/nosms/commands.log"
	on_bus ec25_nosms sh "$top/scripts/oobm" -v -c "$T/box.conf" boot
	expect "boot, EC25 whose URCs went to the modem port: back to its AT port" \
	    err_has 'modem: AT+QURCCFG="urcport","usbat": set, kept in its memory; in effect now'
	on_bus ec25_nosms sh "$top/scripts/oobm" -v -c "$T/box.conf" boot
	expect "...the next boot writes nothing" sh -c \
	    "[ \$(grep -c '^AT+QURCCFG=\"urcport\",\"usbat\"' '$T/nosms/commands.log') = 1 ]"
	expect "...and never an IMS or USB mode switch unasked" \
	    not grep -q 'QCFG="ims",\|QCFG="usbnet",' "$T/nosms/commands.log"
}

# net_sim NAME PERSONALITY [modemsim options]: a modem whose own network
# function the test dials, its AT port on the bus as $NET; the hook that
# makes its data path records "up" and "down" in $T/NAME.hook.log
net_sim() {
	# shellcheck disable=SC2016 # the hook's own "$1"
	printf '#!/bin/sh\necho "$1" >>"%s"\n' "$T/$1.hook.log" >"$T/$1.hook"
	chmod +x "$T/$1.hook"
	: >"$T/$1.hook.log"
	ns_name=$1 ns_pers=$2
	shift 2
	start_sim "$ns_name" -p "$ns_pers" -M lte -X "$T/$ns_name.hook" "$@"
	NET=$(cat "$T/$ns_name/tty")
}

# Issue 39: the data call of a Huawei's own network function (^NDISDUP,
# its result late), asked, its addresses read, hung up
t_call_huawei() {
	net_sim hwnet e3372h
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N up -a internet -w 10
	expect "Huawei -N up: exit 0, the call up" sh -c \
	    "[ $status = 0 ] && grep -q '^call=up v4=1 ' '$T/out'"
	expect "Huawei -N up: ...dialled with the APN in ^NDISDUP" \
	    grep -qx 'AT^NDISDUP=1,1,"internet"' "$T/hwnet/commands.log"
	expect "Huawei -N up: ...no +CGDCONT, as ModemManager" \
	    not grep -q '+CGDCONT' "$T/hwnet/commands.log"
	expect "Huawei -N up: ...the data path made" \
	    grep -qx up "$T/hwnet.hook.log"
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N state
	expect "Huawei -N state: up, IPv6 not" out_is 'call=up v4=1 v6=0 cause=0'
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N addrs
	expect "Huawei -N addrs: from ^DHCP's hex" \
	    out_is 'addr=198.18.7.2 prefix=30 gw=198.18.7.1 dns=198.18.7.1 dns2='
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N down
	expect "Huawei -N down: exit 0, down" sh -c \
	    "[ $status = 0 ] && grep -q '^call=down v4=0 ' '$T/out'"
	expect "Huawei -N down: ...the data path taken away" \
	    test "$(cat "$T/hwnet.hook.log")" = "$(printf 'up\ndown')"
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N down
	expect "Huawei -N down again: its ERROR no failure" status_is 0
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N addrs
	expect "Huawei -N addrs without a call: exit 1, said" sh -c \
	    "[ $status = 1 ] && grep -q 'no addresses: no call' '$T/err'"
}

t_call_unknown_apn() {
	net_sim apnnet e3372h -a internet.telia.se
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N up -a internet -w 10
	expect "an APN the network does not know: 78, no use dialling again" \
	    status_is 78
	expect "...the cause on stdout" grep -q '^call=down .* cause=27$' "$T/out"
	expect "...and for people, with what to check" err_has \
	    'the network refused the call: missing or unknown APN (cause 27); check oobm_apn'
}

# A refusal that may pass (no network yet, cause 30): 1, to dial again
t_call_refused_for_now() {
	net_sim nonet e3372h -N 2
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N up -a internet -w 10
	expect "no network yet: exit 1, a try may pass" status_is 1
	expect "...the cause on stdout" grep -q '^call=down .* cause=30$' "$T/out"
}

# Qualcomm's $QCRMCALL on a Quectel: the APN by +CGDCONT, the URC asked
t_call_quectel() {
	net_sim qcnet ec25
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N up -a internet -w 10
	expect "Quectel -N up: exit 0, up" sh -c \
	    "[ $status = 0 ] && grep -q '^call=up v4=1 ' '$T/out'"
	expect "Quectel -N up: +CGDCONT, +QNETDEVSTATUS=1, then \$QCRMCALL" sh -c \
	    "grep -x -e 'AT+CGDCONT=1,\"IP\",\"internet\"' -e 'AT+QNETDEVSTATUS=1' \
	    -e 'AT\\\$QCRMCALL=1,1' '$T/qcnet/commands.log' | wc -l | grep -qx 3"
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N addrs
	expect "Quectel -N addrs: from +CGCONTRDP" \
	    out_is 'addr=198.18.7.2 prefix=30 gw=198.18.7.1 dns=198.18.7.1 dns2='
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N down
	expect "Quectel -N down: down" out_is 'call=down v4=0 v6=0 cause=0'
}

# A Quectel in ECM (usbnet 1) is a router: dialled by 3GPP's +CGACT,
# asked by +CGACT?, hung up by +CGACT=0,1; no $QCRMCALL
t_call_quectel_ecm() {
	net_sim qcecm ec25 -n 1
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N up -a internet -w 10
	expect "Quectel ECM -N up: exit 0, up" sh -c \
	    "[ $status = 0 ] && grep -q '^call=up v4=1 ' '$T/out'"
	expect "...its composition asked, +CGDCONT, +CGEREP=2,1, +CGACT=1,1" \
	    sh -c "grep -x -e 'AT+QCFG=\"usbnet\"' \
	    -e 'AT+CGDCONT=1,\"IP\",\"internet\"' -e 'AT+CGEREP=2,1' \
	    -e 'AT+CGACT=1,1' '$T/qcecm/commands.log' | wc -l | grep -qx 4"
	expect "...no \$QCRMCALL" not grep -q QCRMCALL "$T/qcecm/commands.log"
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N state
	expect "Quectel ECM -N state: up" out_is 'call=up v4=1 v6=0 cause=0'
	: >"$T/qcecm/netdrop"
	expect "Quectel ECM: the network drops the call" \
	    wait_for 3000 grep -q '^up=0 ' "$T/qcecm/netcall"
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N state
	expect "Quectel ECM -N state: down, as +CGACT? says" \
	    out_is 'call=down v4=0 v6=0 cause=0'
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N down
	expect "Quectel ECM -N down: +CGACT=0,1, down" sh -c \
	    "[ $status = 0 ] && grep -qx 'AT+CGACT=0,1' '$T/qcecm/commands.log'"
}

# A refused activation's +CME ERROR carries the cause: 127, an APN the
# network does not know (78: no use dialling again)
t_call_quectel_ecm_refused() {
	net_sim qcecmapn ec25 -n 1 -a internet.telia.se
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N up -a internet -w 10
	expect "Quectel ECM, an unknown APN: 78" status_is 78
	expect "...cause 27, from +CME ERROR: 127" \
	    grep -q '^call=down .* cause=27$' "$T/out"
	expect "...said for people" err_has 'missing or unknown APN (cause 27)'
}

# MBIM (usbnet 2) is no AT command's: refused, saying how to mend it
t_call_quectel_mbim() {
	net_sim qcmbim ec25 -n 2
	on_bus ec25_net "$ATCMD" -l /dev/ttyUSB2 -N up -a internet -w 10
	expect "Quectel MBIM: -N refused, 69" status_is 69
	expect "...naming the composition and the command" err_has \
	    'is in its MBIM composition, which no AT command dials: set it to another (AT+QCFG="usbnet")'
	expect "...nothing dialled" not grep -q 'CGACT\|QCRMCALL' \
	    "$T/qcmbim/commands.log"
}

t_call_refused() {
	on_bus e1752 "$ATCMD" -l /dev/ttyUSB2 -N state
	expect "an E1752: -N refused, 69" status_is 69
	expect "...says to use PPP" err_has 'no network function of its own dialled by AT: use PPP'
	for args in "-N up" "-N down -a internet" "-N sideways" "-w 5 AT" \
	    "-N state -u *100#"; do
		# shellcheck disable=SC2086 # the words of a refused line
		on_bus e1752 "$ATCMD" -l /dev/ttyUSB2 $args
		expect "atcmd $args: usage, 64" status_is 64
	done
	net_sim badapn e3372h
	on_bus e3372h_net "$ATCMD" -l /dev/ttyUSB0 -N up -a 'x",1'
	expect "an APN that would end the command: 78" status_is 78
	expect "...nothing dialled" not grep -q 'NDISDUP' "$T/badapn/commands.log"
}

run_tests "$0"
