#!/bin/sh
# tests/e2e/usbnet.sh DIR up|down: the data path of a modem's own USB
# network function in the e2e world, run by modemsim (-X) when its call
# comes up or ends.  "up" makes a veth pair between the box and the
# carrier's namespace, the box's end left down and bare as the kernel
# shows a new wwan interface, and a DHCP server on the carrier's end (a
# real dnsmasq) that leases the box CELL_BOX with the carrier as router
# and DNS_IP as name server; "down" stops the server and takes the pair
# away.  Run in the test's namespace, as modemsim is.
#
# DIR holds env (the world's names and addresses); usbnet-dhcp.pid and
# usbnet.leases are the server's (the leases file says whether the box
# gave its lease back); with usbnet.nodhcp there, no server is started.
set -eu
dir=$1
# shellcheck source=/dev/null
. "$dir/env"	# NS_BOX, NS_CAR, IF_BOX, IF_CAR, CELL_BOX, CELL_PEER, DNS_IP

up() {
	ip link add "$IF_BOX" type veth peer name "$IF_CAR" netns "$NS_CAR"
	ip link set "$IF_BOX" netns "$NS_BOX"
	ip -n "$NS_CAR" addr add "$CELL_PEER/24" dev "$IF_CAR"
	ip -n "$NS_CAR" link set "$IF_CAR" up
	# a carrier whose DHCP server never answers
	[ ! -f "$dir/usbnet.nodhcp" ] || return 0
	: >"$dir/usbnet.leases"
	ip netns exec "$NS_CAR" dnsmasq --conf-file=/dev/null --no-resolv \
	    --no-hosts --port=0 --interface="$IF_CAR" --bind-interfaces \
	    --dhcp-range="$CELL_BOX,$CELL_BOX,255.255.255.0,10m" \
	    --dhcp-option=3,"$CELL_PEER" --dhcp-option=6,"$DNS_IP" \
	    --dhcp-leasefile="$dir/usbnet.leases" \
	    --pid-file="$dir/usbnet-dhcp.pid" 2>"$dir/usbnet-dhcp.err"
}

down() {
	if [ -f "$dir/usbnet-dhcp.pid" ]; then
		kill "$(cat "$dir/usbnet-dhcp.pid")" 2>/dev/null || true
		rm -f "$dir/usbnet-dhcp.pid"
	fi
	ip -n "$NS_BOX" link del "$IF_BOX" 2>/dev/null || true
}

case ${2:-} in
up) up ;;
down) down ;;
*) echo "usage: usbnet.sh DIR up|down" >&2; exit 64 ;;
esac
