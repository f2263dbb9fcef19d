#!/bin/sh
# tests/e2e/usbnet.sh DIR plug|up|down|unplug: the data path of a
# modem's own USB network function in the e2e world, run by modemsim (-X)
# when its call comes up or ends, and by the scenarios to plug the modem
# in (its interface made, as at enumeration) or to unplug it.
#
# As a real NCM or QMI function, the box's interface is there from the
# first call on, whether a call is up or not (the kernel made it when the
# modem enumerated; here the first "up" makes it): a veth pair between
# the box and the carrier's namespace, the box's end left down and bare.
# "up" opens the carrier's end and starts a DHCP server there (a real
# dnsmasq) that leases the box CELL_BOX with the carrier as router and
# DNS_IP as name server; "down" stops the server and closes the carrier's
# end: the box's interface stays, and nothing passes.  "unplug" takes the
# pair away.  Run in the test's namespace, as modemsim is.
#
# DIR holds env (the world's names and addresses); usbnet-dhcp.pid and
# usbnet.leases are the server's (the leases file says whether the box
# gave its lease back); with usbnet.nodhcp there, no server is started.
set -eu
dir=$1
# shellcheck source=/dev/null
. "$dir/env"	# NS_BOX, NS_CAR, IF_BOX, IF_CAR, CELL_BOX, CELL_PEER, DNS_IP

# the pair, both ends down, as the kernel makes the modem's interface
plug() {
	ip -n "$NS_BOX" link show "$IF_BOX" >/dev/null 2>&1 && return 0
	ip link add "$IF_BOX" type veth peer name "$IF_CAR" netns "$NS_CAR"
	ip link set "$IF_BOX" netns "$NS_BOX"
	ip -n "$NS_CAR" addr add "$CELL_PEER/24" dev "$IF_CAR"
}

up() {
	plug
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
	ip -n "$NS_CAR" link set "$IF_CAR" down 2>/dev/null || true
}

case ${2:-} in
plug) plug ;;
up) up ;;
down) down ;;
unplug) down; ip -n "$NS_BOX" link del "$IF_BOX" 2>/dev/null || true ;;
*) echo "usage: usbnet.sh DIR plug|up|down|unplug" >&2; exit 64 ;;
esac
