#!/bin/sh
# tests/e2e/link.sh up|down DIR: the e2e world's cellular link, for
# oobm_link=command.  "up" does what ppp(8) does on a real box: it takes
# the modem's data port under its UUCP lock, dials (ATD*99# -> CONNECT,
# by the real chat(8)) and holds the port until "down"; and instead of
# PPP negotiation it makes a veth pair between the box and the carrier
# namespace with the addresses (and the name server) IPCP would give.
# It sets no route: that is oobm's job.  Run inside the box's namespace,
# as oobm runs it.
#
# DIR holds: env (the world's names and addresses), link.fail (when
# present, the dial gets NO CARRIER), link.slow (when present, the dial
# waits that many seconds first), holder.pid (the dialler), lock.path
# (the UUCP lock it holds).  The port is OOBM_MODEM, as oobm found it.
set -eu
verb=$1
dir=$2
# shellcheck source=/dev/null
. "$dir/env"	# the test's own file: NS_CAR, IF_BOX, IF_CAR, CELL_*, DNS_IP, TTY, LOCKDIR
port=${OOBM_MODEM:-$TTY}
LOCK=$LOCKDIR/LCK..${port##*/}

up() {
	if [ -f "$dir/link.fail" ]; then
		echo "NO CARRIER" >&2
		exit 1
	fi
	[ ! -f "$dir/link.slow" ] || sleep "$(cat "$dir/link.slow")"
	dial
	ip link add "$IF_BOX" type veth peer name "$IF_CAR" netns "$NS_CAR"
	ip addr add "$CELL_BOX" peer "$CELL_PEER" dev "$IF_BOX"
	ip -n "$NS_CAR" addr add "$CELL_PEER" peer "$CELL_BOX" dev "$IF_CAR"
	ip -n "$NS_CAR" link set "$IF_CAR" up
	ip link set "$IF_BOX" up
	# the carrier's name server, as IPCP gives it, where oobm asks for it
	[ -z "${OOBM_PEER_DNS:-}" ] || echo "nameserver $DNS_IP" >"$OOBM_PEER_DNS"
}

# The data port, as ppp holds it: locked, dialled, kept open.
dial() {
	rm -f "$dir/connected"
	echo "$LOCK" >"$dir/lock.path"
	# shellcheck disable=SC2016 # the inner shell expands them
	sh -c 'echo $$ >"$1/holder.pid"
		printf "%10d\n" $$ >"$2"
		exec <"$3" >"$3"
		stty raw -echo 2>/dev/null || true
		chat -t 5 ABORT "NO CARRIER" "" "ATD*99#" CONNECT "" || exit 1
		: >"$1/connected"
		exec sleep 3600' sh "$dir" "$LOCK" "$port" 9>&- &
	i=0
	while [ ! -f "$dir/connected" ]; do
		i=$((i + 1))
		if [ "$i" -gt 100 ] || ! kill -0 "$!" 2>/dev/null; then
			echo "no CONNECT from the modem" >&2
			rm -f "$LOCK"
			exit 1
		fi
		sleep 0.05
	done
}

down() {
	ip link del "$IF_BOX" 2>/dev/null || true
	if [ -f "$dir/holder.pid" ]; then
		p=$(cat "$dir/holder.pid")
		# the dialler exec'd sleep: same pid; closing the tty drops DTR
		kill "$p" 2>/dev/null || true
		rm -f "$dir/holder.pid"
	fi
	[ ! -f "$dir/lock.path" ] || rm -f "$(cat "$dir/lock.path")"
	rm -f "$dir/lock.path" "$dir/connected"
}

case $verb in
up) up ;;
down) down ;;
*) echo "usage: link.sh up|down DIR" >&2; exit 64 ;;
esac
