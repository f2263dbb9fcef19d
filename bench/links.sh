#!/bin/sh
# bench/links.sh: from the owner's SMS to the relay listening, over the
# two kinds of link, in the same e2e world (tests/e2e/world.sh, as root):
# PPP as the world has it (oobm_link=command: tests/e2e/link.sh dials
# ATD*99# with the real chat(8) and makes the point-to-point pair; no
# PPP in the kernel here) and the modem's own network function
# (oobm_link=usbnet: an E3372h dialled by ^NDISDUP, the address from a
# real dnsmasq by DHCP).  The link's own time (from the try's start to
# the interface with its addresses) apart from oobm's (the rest: the
# SMS read, the routes, the relay's key, the tunnel).  Medians of RUNS.
# Run by bench/run.sh; measures, does not judge.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${OOBM_BIN:-build}
RUNS=${BENCH_RUNS:-5}
# shellcheck source=tests/e2e/world.sh
. "$TOP/tests/e2e/world.sh"
# lib.sh finds the concerns two directories up from a suite; bench is one
OOBM_LIBDIR=$TOP/scripts/lib
export OOBM_LIBDIR
MINUTE_S=1	# each session as short as it can be

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]
	    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
has_addr() { ip -n "$NS_BOX" -4 -o addr show dev "$IF_BOX" 2>/dev/null | grep -q inet; }

# once KIND: one activation, "TOTAL LINK" in ms on stdout
once() {
	kind1=$1
	if [ "$kind1" = usbnet ]; then
		fresh 'oobm_modem=' oobm_link=usbnet oobm_apn=internet \
		    "oobm_link_iface=$IF_BOX" >/dev/null
		sms_put bh "$OWNER" 'correct-horse UP 1'
		wait_for 5000 sms_taken bh
		set -- sh "$TOP/tests/sim/usbworld.sh" -p e3372h -d "$T/bhd" \
		    "$T/bh"
	else
		fresh >/dev/null
		deliver "$OWNER" 'correct-horse UP 1' >/dev/null
		set --
	fi
	t0=$(now_ms)
	ip netns exec "$NS_BOX" unshare -m --propagation private "$@" \
	    env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" OOBM_MINUTE_S=$MINUTE_S \
	    sh "$OOBM" -v -c "$T/oobm.conf" run >/dev/null 2>"$T/bench.err" &
	pid=$!
	wait_for 30000 sh -c "grep -q 'link up (' '$T/bench.err' 2>/dev/null" ||
	    true
	t1=$(now_ms)
	wait_for 30000 has_addr || true
	t2=$(now_ms)
	wait_for 30000 relay_bound || true
	t3=$(now_ms)
	wait "$pid" || true
	[ "$kind1" != usbnet ] || sh "$E2E/usbnet.sh" "$T" unplug
	echo "$((t3 - t0)) $((t2 - t1))"
}

trap 'world_down; cleanup' EXIT
world_up >/dev/null
start_peer modemsim at bh -p e3372h -M lte -X "sh $E2E/usbnet.sh $T"
start_peer modemsim modem bhd -p e3372h -M lte
echo
echo "From the owner's SMS to the relay listening, oobm run already started"
echo "(ms, median of $RUNS; the link's own time apart)"
echo
echo '| link                                   | SMS to relay | the link | oobm |'
echo '|----------------------------------------|--------------|----------|------|'
for kind in command usbnet; do
	: >"$T/totals"
	: >"$T/links"
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		once "$kind" >"$T/one"
		cut -d' ' -f1 "$T/one" >>"$T/totals"
		cut -d' ' -f2 "$T/one" >>"$T/links"
		r=$((r + 1))
	done
	total=$(median <"$T/totals")
	link=$(median <"$T/links")
	case $kind in
	command) what="PPP (ATD*99# by chat, point-to-point)" ;;
	*) what="usbnet (^NDISDUP, DHCP from dnsmasq)" ;;
	esac
	printf '| %-38s | %12s | %8s | %4s |\n' "$what" "$total" "$link" \
	    "$(awk -v t="$total" -v l="$link" 'BEGIN { print t - l }')"
done
