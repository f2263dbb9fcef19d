#!/bin/sh
# tests/freebsd/oobm.sh: the FreeBSD code paths of scripts/oobm, on Linux.
# - The installed oobm under rc(8)'s PATH (/sbin:/bin:/usr/sbin:/usr/bin,
#   as FreeBSD's rc(8), service(8) and daemon(8) give it) finds the tools
#   installed with it, whatever the PREFIX; a tool missing is a broken
#   installation (78, named), never a modem to reset.
# - The run lock where flock(1) is not there and lockf(1) is, as in
#   FreeBSD 12's base (tests/freebsd/lockf behaves as its lockf): the
#   options given are kept, the lock is exclusive, and a SIGTERM or a
#   SIGKILL leaves neither the lock nor its helper behind.
# - The router's power through gpioctl(8) (tests/freebsd/net/gpioctl):
#   a level stays set, so the holder puts the power back even if oobm is
#   killed.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$OOBM_BINDIR
RC_PATH=/sbin:/bin:/usr/sbin:/usr/bin

conf() {	# conf FILE [LINES...]
	cf_file=$1
	shift
	box_conf "$cf_file" "$T/state" "$T/run" "$@"
}

modem_reset_asked() { grep -q 'AT+CFUN' "$T/m/commands.log"; }

# --- the installed oobm, under rc(8)'s PATH -----------------------------

t_rc_path() {
	p=$T/opt/oobm	# not /usr/local: the install's own paths must hold
	# a build of its own: the tree's build/ is what the other suites
	# test, compiled with their flags and /usr/local/etc
	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	    make -C "$top" O="$T/build" install PREFIX="$p"
	expect "make install PREFIX=$p: exit 0" status_is 0
	conf "$T/oobm.conf"
	run env -i PATH="$RC_PATH" "$p/sbin/oobm" -c "$T/oobm.conf" run
	expect "installed oobm, PATH=$RC_PATH: run exits 0" status_is 0
	expect "installed oobm: its tools found (no 'not found')" \
	    err_lacks 'not found'
	expect "installed oobm: ...so no recovery ladder: the modem not reset" \
	    not modem_reset_asked
	expect "installed oobm: the modem was polled (AT+CMGL)" \
	    grep -q '^AT+CMGL' "$T/m/commands.log"
	for t in atcmd smspoll; do
		mv "$p/bin/$t" "$p/bin/$t.gone"
		: >"$T/m/commands.log"
		run env -i PATH="$RC_PATH" "$p/sbin/oobm" -c "$T/oobm.conf" run
		expect "$t removed: run exits 78 (configuration)" status_is 78
		expect "$t removed: the message names it and where it was looked for" \
		    err_has "$t: not found in $p/bin"
		expect "$t removed: the modem is not reset, nor its radio cycled" \
		    not modem_reset_asked
		run env -i PATH="$RC_PATH" "$p/sbin/oobm" -c "$T/oobm.conf" check
		expect "$t removed: check exits 78 and names it" \
		    status_and_out 78 "^$t: not found"
		mv "$p/bin/$t.gone" "$p/bin/$t"
	done
	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	    make -C "$top" O="$T/build" uninstall PREFIX="$p"
}
# status_and_out STATUS RE: the last run exited STATUS, its output has RE
status_and_out() { [ "$status" = "$1" ] && grep -q "$2" "$T/out"; }

# --- the run lock through lockf(1), flock(1) hidden ---------------------

# A PATH with what Debian has in its bin and sbin directories, less
# flock, plus FreeBSD's lockf, and a uname that says FreeBSD: oobm's
# os-bsd.sh takes the lock through lockf.
fbsd_path() {
	mkdir -p "$T/fbin"
	cp "$top/tests/freebsd/net/uname" "$T/fbin/uname"
	for d in /usr/sbin /usr/bin /sbin /bin; do
		for f in "$d"/*; do
			n=${f##*/}
			if [ "$n" != flock ] && [ -x "$f" ] &&
			    [ ! -e "$T/fbin/$n" ]; then
				ln -s "$f" "$T/fbin/$n"
			fi
		done
	done
	cp "$top/tests/freebsd/lockf" "$T/fbin/lockf"
	FPATH=$bin:$T/fbin
}

fbsd_tools() {
	! env PATH="$FPATH" sh -c 'command -v flock' >/dev/null &&
	    env PATH="$FPATH" sh -c 'command -v lockf' | grep -q fbin/lockf
}
gone() { ! kill -0 "$1" 2>/dev/null; }
foobm() { env PATH="$FPATH" sh "$top/scripts/oobm" "$@"; }
lock_free() { "$T/fbin/lockf" -k -s -t 0 "$T/run/run.lock" true; }
watching() { grep -q 'watching' "$T/watch.err" 2>/dev/null; }
# children PID: the pids of PID's children
children() { ps -o pid= --ppid "$1" | tr -d ' '; }
# helper_of PID: the lock's helper (lockf, its sh then cat) under PID
helper_of() {
	for c in $(children "$1"); do
		case $(ps -o args= -p "$c") in *lockf*|*cat*) echo "$c" ;; esac
	done
}

t_lockf() {
	fbsd_path
	expect "the FreeBSD PATH has no flock, and has lockf" fbsd_tools
	# the options before the verb are kept: -v, and -c FILE
	conf "$T/other.conf"
	rm -rf "$T/state"
	run env OOBM_CONF="$T/no-such.conf" PATH="$FPATH" sh "$top/scripts/oobm" \
	    -v -c "$T/other.conf" run
	expect "lockf: oobm -v -c FILE run: exit 0" status_is 0
	expect "lockf: -c FILE is the configuration read" \
	    test -d "$T/state"
	expect "lockf: the lock is released after the run" lock_free
	expect "lockf: no fifo left in the run directory" \
	    test -z "$(find "$T/run" -type p)"

	# held: a second oobm is told so, with 75
	rm -f "$T/watch.err"
	env PATH="$FPATH" sh "$top/scripts/oobm" -v -c "$T/other.conf" watch \
	    2>"$T/watch.err" &
	w=$!
	SIM_PIDS="$SIM_PIDS $w"
	expect "lockf: watch is watching" wait_for 10000 watching
	expect "lockf: watch holds the lock" eval '! lock_free'
	run foobm -c "$T/other.conf" run
	expect "lockf: a run while watch holds the lock: exit 75" status_is 75
	expect "lockf: ... and says another oobm holds it" err_has 'another oobm'
	h=$(helper_of "$w")
	expect "lockf: the lock is held by a helper of oobm's own" test -n "$h"
	kill -TERM "$w" 2>/dev/null || :	# gone already: the lines above said why
	st=0
	wait "$w" || st=$?
	expect "lockf: SIGTERM: watch exits 143" test "$st" = 143
	expect "lockf: SIGTERM: the lock is free" wait_for 5000 lock_free
	expect "lockf: SIGTERM: its helper is gone" \
	    wait_for 5000 gone "$h"

	# SIGKILL: no trap runs; the kernel closes the fifo, and the helper
	# lets the lock go
	rm -f "$T/watch.err"
	env PATH="$FPATH" sh "$top/scripts/oobm" -c "$T/other.conf" -v watch \
	    2>"$T/watch.err" &
	w=$!
	SIM_PIDS="$SIM_PIDS $w"
	expect "lockf: watch again" wait_for 10000 watching
	h=$(helper_of "$w")
	kids=$(children "$w")
	kill -KILL "$w" 2>/dev/null || :
	st=0
	wait "$w" 2>/dev/null || st=$?
	expect "lockf: SIGKILL: watch dies of it (137)" test "$st" = 137
	expect "lockf: SIGKILL: the lock is free" wait_for 5000 lock_free
	expect "lockf: SIGKILL: its helper is gone" \
	    wait_for 5000 gone "$h"
	for k in $kids; do kill "$k" 2>/dev/null || true; done	# its smspoll
	run foobm -c "$T/other.conf" run
	expect "lockf: after SIGKILL, the next run: exit 0" status_is 0
}

# --- the router's power through gpioctl(8) ------------------------------

# What gpioctl was asked, in order: PIN:OUT for a pin made an output,
# PIN=V for a level.
gpioctl_calls() {
	awk '{ print ($4 == "OUT" ? $3 ":OUT" : $3) }' "$GPIO_LOG" 2>/dev/null |
	    paste -sd' ' -
}
fbsd_oobm_bg() {
	env PATH="$top/tests/freebsd/net:$bin:$PATH" sh "$top/scripts/oobm" \
	    "$@" >"$T/out" 2>"$T/err" &
}

t_power_gpioctl() {
	conf "$T/power.conf" oobm_power_gpio=5 oobm_power_chip=/dev/gpioc0 \
	    oobm_power_interval=0
	GPIO_LOG=$T/gpioctl.log
	export GPIO_LOG
	run env PATH="$top/tests/freebsd/net:$bin:$PATH" sh "$top/scripts/oobm" \
	    -c "$T/power.conf" power 1
	expect "gpioctl: oobm power 1: exit 0" status_is 0
	expect "gpioctl: an output, cut, at rest by the holder, then by oobm: $(gpioctl_calls)" \
	    test "$(gpioctl_calls)" = "5:OUT 5=1 5=0 5:OUT 5=0"
	# FreeBSD keeps a level: the holder puts the power back itself
	rm -f "$GPIO_LOG"
	fbsd_oobm_bg -c "$T/power.conf" power 2
	p=$!
	expect "gpioctl: the power cut" \
	    wait_for 5000 grep -qs ' 5=1$' "$GPIO_LOG"
	kill -KILL "$p"
	st=0
	wait "$p" || st=$?
	expect "gpioctl: oobm killed (137) while off" test "$st" = 137
	expect "gpioctl: ...its holder puts the power back within the 2 s" \
	    wait_for 4000 grep -qs ' 5=0$' "$GPIO_LOG"
}

# --- os-bsd.sh's readings of FreeBSD's output ----------------------------

# bsd_inet FILE: iface_inet of os-bsd.sh, ifconfig printing FILE
bsd_inet() {
	# shellcheck disable=SC1091,SC2329 # os-bsd.sh calls the stub
	(bi_file=$top/tests/data/freebsd/$1
	ifconfig() { cat "$bi_file"; }
	. "$top/scripts/lib/os-bsd.sh"; iface_inet x)
}

# A tun's local and peer address; a modem's own interface (usbnet) has
# its address alone: not taken for a link without one (issue 39)
t_bsd_iface_inet() {
	expect "ifconfig tun0: the local and the peer address" \
	    test "$(bsd_inet ifconfig-tun0.txt)" = "10.64.12.7 10.64.64.64"
	expect "ifconfig ue0 (cdce, DHCP): its address, no peer" \
	    test "$(bsd_inet ifconfig-ue0.txt)" = "10.64.12.7 "
}

start_sim m
run_tests "$0"
