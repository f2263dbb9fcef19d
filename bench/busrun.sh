#!/bin/sh
# bench/busrun.sh: run by bench/run.sh inside a private mount namespace.
# oobm run (no SMS) with oobm_modem unset, on an EC25 of a simulated USB
# bus whose AT port is $MODEM: RUNS runs with the modem remembered, RUNS
# found again; a line each: "remembered|found WALL_MS PROGRAMS_EXECD".
# From the environment: USBBUS BIN LIBDIR CONF OOBM T RUNS MODEM.
set -eu
# shellcheck source=tests/sim/usbbus.sh
. "$USBBUS"
bus_mount
bus_modem ec25 1-1 0 "$MODEM"

# run [PREFIX...]: oobm run, under PREFIX (strace) when given
run() {
	"$@" env OOBM_BINDIR="$BIN" OOBM_LIBDIR="$LIBDIR" OOBM_CONF="$CONF" \
	    sh "$OOBM" run
}
ms() { echo $(($(date +%s%N) / 1000000)); }
forget() { [ "$1" = remembered ] || rm -f "$T/run/modem.found"; }

run	# found, and remembered
for what in remembered found; do
	: >"$T/walls"
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		forget "$what"
		t0=$(ms)
		run
		echo $(($(ms) - t0)) >>"$T/walls"
		r=$((r + 1))
	done
	rm -rf "$T/strace-$what"
	mkdir "$T/strace-$what"
	forget "$what"
	run strace -ff -qq -e trace=execve -o "$T/strace-$what/p"
	n=$(cat "$T/strace-$what"/p.* | grep -c '^execve(.* = 0$' || true)
	wall=$(sort -n "$T/walls" | awk '{ v[NR] = $1 }
	    END { print v[int((NR + 1) / 2)] }')
	# env is the wrapper, not a program of the run
	echo "$what $wall $((n - 1))"
done
bus_unmount
