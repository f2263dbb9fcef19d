#!/bin/sh
# tests/e2e/stickdata.sh DIR up|down: the HiLink stick's mobile data in
# the e2e world, run by hilinksim (-X) when its data switch is turned
# (or its reboot drops it).  The stick is a namespace of its own between
# the box and the carrier: a router with a DHCP server on its network
# (the box's side) and NAT onto its carrier side, as a HiLink stick is
# (docs/hilink.md 7).  "up" opens the carrier side and routes through
# it; "down" closes it: the stick's network stays up, nothing passes
# beyond it.  DIR holds env (the world's names and addresses).
set -eu
dir=$1
# shellcheck source=/dev/null
. "$dir/env"	# NS_STK, IF_SWAN, CAR_STK

case ${2:-} in
up)
	ip -n "$NS_STK" link set "$IF_SWAN" up
	ip -n "$NS_STK" route replace default via "$CAR_STK" dev "$IF_SWAN"
	;;
down) ip -n "$NS_STK" link set "$IF_SWAN" down 2>/dev/null || true ;;
*) echo "usage: stickdata.sh DIR up|down" >&2; exit 64 ;;
esac
