#!/bin/sh
# tests/freebsd/usbnet.sh: oobm_link=usbnet on FreeBSD's code paths end to
# end, as root, in the world of tests/e2e/world.sh: an E3372h (modemsim)
# whose call makes the data path into the carrier (tests/e2e/usbnet.sh,
# a real dnsmasq leasing the box its address), and the box as FreeBSD as
# oobm can tell (tests/freebsd/net/enter): uname says FreeBSD; the lease
# taken by a dhclient(8) stand-in that runs oobm's script as FreeBSD's
# runs dhclient-script, the address read from and set by an ifconfig(8)
# stand-in that prints FreeBSD's lines, the routes by route(8)'s.  The
# modem's ports are on a USB bus as tests/sim/usbworld.sh makes one (the
# tools are Linux's: atcmd finds the modem through sysfs).
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/e2e/world.sh
. "$TOP/tests/e2e/world.sh"
FB=$T/fbsd

# usbnet_fbsd NAME: oobm run on E3372h NAME's bus, on the "FreeBSD" box,
# in the background, its pid in $BG, its output in $T/fb.*
usbnet_fbsd() {
	exec ip netns exec "$NS_BOX" unshare -m --propagation private \
	    sh "$TOP/tests/sim/usbworld.sh" -p e3372h -d "$T/${1}d" "$T/$1" \
	    sh "$TOP/tests/freebsd/net/enter" "$FB" \
	    env PATH="$TOP/tests/freebsd/net:$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    OOBM_MINUTE_S=$MINUTE_S ASAN_OPTIONS="$ASAN_OPTIONS" \
	    sh "$OOBM" -v -c "$T/oobm.conf" run >"$T/fb.out" 2>"$T/fb.err" &
	BG=$!
}
dhclient_gone() { ! pgrep -f "net/dhclient .*$IF_BOX" >/dev/null; }
left_down() {
	ip -n "$NS_BOX" -o link show "$IF_BOX" | grep -q 'state DOWN' &&
	    [ -z "$(ip -n "$NS_BOX" -4 -o addr show dev "$IF_BOX")" ]
}

t_usbnet_freebsd() {
	start_peer modemsim at fbhw -p e3372h -M lte -X "sh $E2E/usbnet.sh $T"
	start_peer modemsim modem fbhwd -p e3372h -M lte
	fresh 'oobm_modem=' oobm_link=usbnet oobm_apn=internet \
	    "oobm_link_iface=$IF_BOX" oobm_link_up= oobm_link_down=
	mkdir -p "$FB/etc/ppp"
	before=$(box_default)
	sms_put fbhw "$OWNER" 'correct-horse UP 1'
	await 5000 "the E3372h to store the SMS" sms_taken fbhw
	usbnet_fbsd fbhw
	pid=$BG
	await 20000 "the session up over the E3372h, on FreeBSD's paths" \
	    session_up
	expect "usbnet FreeBSD: the address as FreeBSD's ifconfig prints it, the lease's router" \
	    grep -q "link up: $IF_BOX $CELL_BOX -> $CELL_PEER" "$T/fb.err"
	expect "usbnet FreeBSD: the lease from dhclient's script (a dotted mask)" \
	    grep -qx 'prefix=255.255.255.0' "$T/run/lease"
	expect "usbnet FreeBSD: the default route via the router, by route(8)" \
	    sh -c "ip -n $NS_BOX route show default | grep -q '^default via $CELL_PEER dev $IF_BOX'"
	expect "usbnet FreeBSD: the owner logs in" \
	    test "$(owner_login)" = hello-from-the-box
	bg_wait "$pid" fb
	expect "usbnet FreeBSD: the session ends, exit 0" status_is 0
	expect "usbnet FreeBSD: hung up by AT" \
	    grep -qx 'AT^NDISDUP=1,0' "$T/fbhw/commands.log"
	expect "usbnet FreeBSD: dhclient gone with its interface down" \
	    wait_for 5000 dhclient_gone
	expect "usbnet FreeBSD: the interface left down and bare" left_down
	expect "usbnet FreeBSD: the default route back byte for byte" \
	    test "$(box_default)" = "$before"
	expect "usbnet FreeBSD: 'link is down' texted" \
	    sh -c "cat '$T'/fbhw/sent/*.txt | grep -q 'link is down (time is up)'"
	sh "$E2E/usbnet.sh" "$T" unplug
}

trap 'world_down; cleanup' EXIT
world_up
run_tests "$0"
