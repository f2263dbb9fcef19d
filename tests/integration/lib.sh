# shellcheck shell=sh
# Helpers for the integration tests: TAP output, a private temporary
# directory, lock directory and config, and simulators that are always
# stopped; the one way a suite runs its tests (run_tests), writes an
# oobm.conf (conf_write) and sends the box an SMS (sms_put).  Sourced by
# tests/integration/*.sh, tests/freebsd and tests/e2e/world.sh; BIN
# names the build to test.

BIN=${OOBM_BIN:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/oobm-test.XXXXXX")
mkdir "$T/lock"
OOBM_LOCKDIR=$T/lock
OOBM_CONF=$T/no-such.conf	# the machine's own oobm.conf stays out
ASAN_OPTIONS=${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}verify_asan_link_order=0
# scripts/oobm runs the tools of the build under test, not installed ones
case $BIN in /*) OOBM_BINDIR=$BIN ;; *) OOBM_BINDIR=$(pwd)/$BIN ;; esac
# ...and its concerns from the tree (an installed one is run with env -i)
OOBM_LIBDIR=$(cd "$(dirname "$0")/../.." && pwd)/scripts/lib
export OOBM_LOCKDIR OOBM_CONF ASAN_OPTIONS OOBM_BINDIR OOBM_LIBDIR
tap_n=0
tap_failed=0
SIM_PIDS=

cleanup() {
	for p in $SIM_PIDS; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ok() {
	tap_n=$((tap_n + 1))
	printf 'ok %d - %s\n' "$tap_n" "$*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	printf 'not ok %d - %s\n' "$tap_n" "$*"
}

close_to() {	# close_to GOT WANT TOLERANCE (absolute)
	awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d
		exit !(a != "" && d <= t) }'
}

skip() {
	tap_n=$((tap_n + 1))
	printf 'ok %d - # SKIP %s\n' "$tap_n" "$*"
}

# peers_only: true, with a SKIP, under valgrind (OOBM_VALGRIND=1), for a
# test whose point is a real peer reading a simulator (gpsd, ubxtool):
# the sanitized run has it, and valgrind's run of our tools' own paths
# is in the other tests; for CI's time
peers_only() {
	[ "${OOBM_VALGRIND:-0}" = 1 ] || return 1
	skip "a real peer and a simulator: in the sanitized run, not valgrind's"
}

# tool NAME: the path to run program NAME by.  With OOBM_VALGRIND=1, a
# wrapper that runs it under valgrind memcheck, each process logging to
# $T/vg; done_testing fails the suite on any error found there.
tool() {
	if [ "${OOBM_VALGRIND:-0}" != 1 ]; then
		echo "$BIN/$1"
		return
	fi
	mkdir -p "$T/vg"
	case $BIN in
	/*) vgbin=$BIN ;;
	*) vgbin=$(pwd)/$BIN ;;
	esac
	{
		echo '#!/bin/sh'
		echo "exec valgrind -q --leak-check=full" \
		    "--errors-for-leak-kinds=definite" \
		    "--log-file='$T/vg/$1.%p.log' '$vgbin/$1' \"\$@\""
	} >"$T/vg/$1"
	chmod 755 "$T/vg/$1"
	echo "$T/vg/$1"
}

# slow MS: a timing bound in milliseconds, stretched under valgrind.
slow() {
	if [ "${OOBM_VALGRIND:-0}" = 1 ]; then
		echo $(($1 * 3))
	else
		echo "$1"
	fi
}

valgrind_clean() {
	[ -d "$T/vg" ] || return 0
	bad=$(find "$T/vg" -name '*.log' -size +0c)
	[ -z "$bad" ] && return 0
	for f in $bad; do
		sed 's/^/#   /' "$f" | head -40
	done
	return 1
}

done_testing() {
	if [ "${OOBM_VALGRIND:-0}" = 1 ]; then
		if valgrind_clean; then
			ok "valgrind memcheck: no error in any run"
		else
			not_ok "valgrind memcheck: errors (above)"
		fi
	fi
	printf '1..%d\n' "$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# One way to add a test, in every kind of suite: a function t_NAME, at
# the start of a line as "t_NAME() {", in the suite's file, which ends
# with run_tests "$0".  Every test written runs, in the order written,
# with no list of them to keep beside them (a test defined and never run
# proves nothing, and a list kept by hand drifts).  ONLY="a b" runs those
# alone (with or without t_), for debugging.

# test_names FILE: the t_NAME FILE defines, in the order written
test_names() { sed -n 's/^\(t_[A-Za-z0-9_]*\)() *{.*/\1/p' "$1"; }

# run_tests FILE: each test FILE defines, in turn, timed, its name
# (without t_) in $test_name meanwhile; then the plan.  What looks like a
# test but would not be found, or a second one by a name (the first
# would never run), is a failure of its own.
run_tests() {
	rt_all=$(test_names "$1" | awk '!seen[$0]++')
	rt_odd=$(grep -n '^[[:space:]]*t_[A-Za-z0-9_]*[[:space:]]*()' "$1" |
	    grep -v '^[0-9]*:t_[A-Za-z0-9_]*() *{' || true)
	# read from a here-document, not a pipe: not_ok counts in this shell
	[ -z "$rt_odd" ] || while IFS= read -r rt_l; do
		not_ok "${1##*/}:$rt_l: not written as t_NAME() { at the start of a line: never run"
	done <<EOF
$rt_odd
EOF
	for rt_t in $(test_names "$1" | sort | uniq -d); do
		not_ok "${1##*/}: $rt_t defined twice: the first never runs"
	done
	for rt_t in ${ONLY:-$rt_all}; do
		rt_t=t_${rt_t#t_}
		if ! printf '%s\n' "$rt_all" | grep -qx "$rt_t"; then
			not_ok "ONLY: ${1##*/} has no $rt_t"
			continue
		fi
		# shellcheck disable=SC2034 # for the suites' messages (e2e)
		test_name=${rt_t#t_}
		rt_t0=$(now_ms)
		"$rt_t"
		echo "# $rt_t: $(($(now_ms) - rt_t0)) ms"
	done
	unset test_name
	done_testing
}

now_ms() {
	t=$(date +%s%N)
	case $t in
	*N) echo $(($(date +%s) * 1000)) ;;
	*) echo $((t / 1000000)) ;;
	esac
}

# wait_for MS COMMAND...: until COMMAND succeeds, polled every 50 ms;
# fails after MS ms.  For a state seen, not a time guessed.
wait_for() {
	deadline=$(($(now_ms) + $1))
	shift
	until "$@"; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

# run CMD...: runs it, never fails; sets $status and $elapsed (ms), keeps
# stdout in $T/out and stderr in $T/err.
run() {
	t0=$(now_ms)
	status=0
	"$@" >"$T/out" 2>"$T/err" || status=$?
	elapsed=$(($(now_ms) - t0))
}

# expect DESCRIPTION COMMAND...: one TAP line; on failure, show the run.
expect() {
	desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
		printf '#   status %s, %s ms\n' "${status:-?}" "${elapsed:-?}"
		sed 's/^/#   stdout: /' "$T/out" 2>/dev/null || true
		sed 's/^/#   stderr: /' "$T/err" 2>/dev/null || true
	fi
}

# Predicates for expect.
status_is() { [ "$status" -eq "$1" ]; }
out_is() { printf '%s\n' "$@" | cmp -s - "$T/out"; }
out_empty() { [ ! -s "$T/out" ]; }
err_has() { grep -q -- "$1" "$T/err"; }
err_lacks() { ! grep -q -- "$1" "$T/err"; }
# not CMD...: CMD fails (an expect check that something did not happen)
not() { ! "$@"; }
# elapsed_within LO HI: the run took LO to HI ms. Valgrind slows a
# run several times over, so HI is stretched under it; the sanitized
# run of the same suite keeps the tight bound.
elapsed_within() {
	[ "$elapsed" -ge "$1" ] && [ "$elapsed" -le "$(slow "$2")" ]
}

# need_own_bus WHAT: the suite's tmpfs over /sys/class/tty in a private
# mount namespace needs root, unshare -m and a tmpfs mount; without them
# the suite skips, saying WHAT needs them, and ends
need_own_bus() {
	if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1 ||
	    ! unshare -m --propagation private \
	    sh -c 'mount -t tmpfs oobm-probe /sys/class/tty' 2>/dev/null; then
		skip "$1 needs root, unshare -m and a tmpfs mount"
		done_testing
		exit 0
	fi
}

# autobaud_each GPSCTL PREFIX WHAT [gpssim options]: a simulated GPS at
# each speed, all searched by gpsctl autobaud at once (one after the
# other, 4800 alone takes 17.5 s), each found at its speed
autobaud_each() {
	ae_gpsctl=$1 ae_p=$2 ae_what=$3
	shift 3
	ae_pids=
	for ae_b in 4800 9600 19200 38400 57600 115200; do
		# a name each: the UUCP lock is by the device's name
		start_peer gpssim "gps$ae_b" "$ae_p$ae_b" -b "$ae_b" "$@"
		"$ae_gpsctl" -l "$PEER" autobaud >"$T/$ae_p$ae_b.out" 2>&1 &
		ae_pids="$ae_pids $!"
	done
	# gpsctl's own deadlines end each: 6 speeds of 3.5 s at most
	for ae_pid in $ae_pids; do
		wait "$ae_pid" || echo "# autobaud (pid $ae_pid) ended with $?"
	done
	for ae_b in 4800 9600 19200 38400 57600 115200; do
		expect "autobaud finds $ae_what at $ae_b" \
		    test "$(cat "$T/$ae_p$ae_b.out")" = "speed=$ae_b"
	done
}

# start_httpd NAME [tls]: tests/integration/httpd.sh behind socat, its
# script of answers and its records in $T/NAME (a TLS one with
# $T/server.pem); sets $PORT.  Ports are tried at random until one binds.
HTTPD=$(cd "$(dirname "$0")" && pwd)/httpd.sh
start_httpd() {
	mkdir -p "$T/$1"
	sh_tries=0
	while [ "$sh_tries" -lt 20 ]; do
		sh_tries=$((sh_tries + 1))
		PORT=$(awk -v s="$$$sh_tries" 'BEGIN { srand(s); print 20000 + int(rand() * 40000) }')
		if [ "${2:-}" = tls ]; then
			sh_listen="OPENSSL-LISTEN:$PORT,bind=127.0.0.1,reuseaddr,fork,cert=$T/server.pem,verify=0"
		else
			sh_listen="TCP-LISTEN:$PORT,bind=127.0.0.1,reuseaddr,fork"
		fi
		HTTPD_DIR=$T/$1 socat "$sh_listen" EXEC:"sh $HTTPD" 2>/dev/null &
		sh_pid=$!
		sleep 0.3
		if kill -0 "$sh_pid" 2>/dev/null; then
			SIM_PIDS="$SIM_PIDS $sh_pid"
			return 0
		fi
	done
	echo "# no port would bind"
	return 1
}

respond() {	# respond NAME [N] < answer
	cat >"$T/$1/resp${2:+.$2}"
}

# start_peer SIM LINK NAME [options]: simulator SIM (modemsim, gpssim)
# with its state in $T/NAME and its tty linked at $T/NAME/LINK (set in
# $PEER); waits until it is ready, and is stopped with the test.
start_peer() {
	sim=$1 link=$2 name=$3
	shift 3
	mkdir -p "$T/$name"
	"$BIN/$sim" -d "$T/$name" -L "$T/$name/$link" -T 300 "$@" \
	    >/dev/null 2>"$T/$name/stderr" &
	SIM_PIDS="$SIM_PIDS $!"
	i=0
	while [ ! -f "$T/$name/tty" ]; do
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			echo "# $sim $name did not start:"
			sed 's/^/#   /' "$T/$name/stderr"
			return 1
		fi
		sleep 0.05
	done
	PEER=$T/$name/$link
}

# start_stick NAME [hilinksim options]: a simulated HiLink stick on
# 127.0.0.1, its base URL in $URL, its state directory in $STICK
start_stick() {
	ss_name=$1
	shift
	mkdir -p "$T/$ss_name"
	"$BIN/hilinksim" -d "$T/$ss_name" "$@" 2>"$T/$ss_name/stderr" &
	SIM_PIDS="$SIM_PIDS $!"
	wait_for 5000 test -f "$T/$ss_name/port" || {
		echo "# hilinksim $ss_name did not start"
		return 1
	}
	# shellcheck disable=SC2034 # read by the suites that source this
	URL=http://127.0.0.1:$(cat "$T/$ss_name/port")
	# shellcheck disable=SC2034
	STICK=$T/$ss_name
}

# stop_stick NAME: the stick gone, as when it is unplugged
stop_stick() {
	sp_pid=$(cat "$T/$1/pid")
	kill "$sp_pid" 2>/dev/null || true
	wait_for 3000 not kill -0 "$sp_pid" 2>/dev/null
}

# hl_in NAME PHONE TEXT [DATE]: a message the stick receives (DATE the
# stick's local time, now by default)
hl_in() {
	printf '%s\n%s\n%s' "$2" "${4:-$(date '+%Y-%m-%d %H:%M:%S')}" "$3" \
	    >"$T/$1/inbox/.m"
	mv "$T/$1/inbox/.m" "$T/$1/inbox/m.$(now_ms)"
	wait_for 3000 sh -c "[ -z \"\$(ls '$T/$1/inbox')\" ]"
}

# start_sim NAME [modemsim options]: a simulated modem, its tty in $TTY.
start_sim() {
	start_peer modemsim modem "$@"
	# shellcheck disable=SC2034 # read by the tests that source this
	TTY=$PEER
}

# The dialects of the sync's AT+CMEE? (issue 35): a modem that has the
# read command, with echo on and off, and modems that answer it with a
# bare final, as an independently written modem did.  And what a dead
# predecessor can leave at the open (modemsim -O).  The suites of atcmd,
# smspoll and smssend each run the pairs dialect_pairs gives.
# shellcheck disable=SC2034 # read by the suites that source this
DIALECTS="plain echo-off error cme not-supported"
# shellcheck disable=SC2034
LEFTOVERS="none prompt:80 reply:80 urcs:400"

# dialect_pairs: "DIALECT/LEFTOVER" a line each, the pairs a suite runs:
# every one; under valgrind (OOBM_VALGRIND=1) every dialect with no
# leftover and every leftover with the plain dialect, which reach each
# path once (the sanitized run has every pair) in half the time
dialect_pairs() {
	for dp_d in $DIALECTS; do
		for dp_left in $LEFTOVERS; do
			[ "${OOBM_VALGRIND:-0}" != 1 ] || [ "$dp_d" = plain ] ||
			    [ "$dp_left" = none ] || continue
			echo "$dp_d/$dp_left"
		done
	done
}

# start_dialect NAME DIALECT LEFTOVER [modemsim options]: modemsim NAME
# speaking DIALECT, LEFTOVER met at each open, each line 20 ms late (so
# a leftover and our answer cross on the wire), its tty in $TTY
start_dialect() {
	sd_name=$1 sd_dialect=$2 sd_left=$3
	shift 3
	[ "$sd_left" = none ] || set -- -O "$sd_left" "$@"
	case $sd_dialect in
	plain) start_sim "$sd_name" -D 20 "$@" ;;
	echo-off) start_sim "$sd_name" -D 20 -E "$@" ;;
	error) start_sim "$sd_name" -D 20 -e 'AT+CMEE?|ERROR' "$@" ;;
	cme) start_sim "$sd_name" -D 20 -E \
	    -e 'AT+CMEE?|+CME ERROR: 100' "$@" ;;
	# Huawei's word for it, and AT+CMEE=1 refused as well
	not-supported) start_sim "$sd_name" -D 20 \
	    -e 'AT+CMEE?|COMMAND NOT SUPPORT' \
	    -e 'AT+CMEE=1|COMMAND NOT SUPPORT' "$@" ;;
	*) echo "start_dialect: no dialect $sd_dialect" >&2; return 1 ;;
	esac
}

# sync_cost NAME: the commands the sync sent modemsim NAME at its last
# open: "1" (AT+CMEE? alone) or "2" (and the probe, ATS3?)
sync_cost() {
	awk '/^AT\+CMEE\?$/ { n = 1; next } /^ATS3\?$/ { n++ } END { print n }' \
	    "$T/$1/commands.log"
}

# conf_write FILE [LINE...]: FILE, an oobm.conf of these lines, mode 600
# (a file with a secret that others may read is refused).  The one
# writer of the suites' configurations: their conf() give the defaults.
conf_write() {
	cw_file=$1
	shift
	for cw_l in "$@"; do
		printf '%s\n' "$cw_l"
	done >"$cw_file"
	chmod 600 "$cw_file"
}

# box_conf FILE STATEDIR RUNDIR [LINE...]: an oobm.conf for a box with
# modemsim $TTY, a link command that does nothing, passphrase SMS, and
# the LINEs after
box_conf() {
	bc_file=$1 bc_state=$2 bc_run=$3
	shift 3
	conf_write "$bc_file" \
	    "oobm_modem=\"$TTY\"" \
	    oobm_relay=198.18.3.1 \
	    oobm_link=command \
	    oobm_link_iface=ppp9 \
	    oobm_link_up=true \
	    oobm_link_down=true \
	    'oobm_sms_allow="+46701234567"' \
	    oobm_sms_auth=passphrase \
	    "oobm_sms_secret='correct-horse'" \
	    "oobm_sms_state=\"$bc_state/smspoll.state\"" \
	    "oobm_state_dir=\"$bc_state\"" \
	    "oobm_run_dir=\"$bc_run\"" \
	    "$@"
}

# sms_put NAME SENDER TEXT [modemsim -S options]: an SMS from SENDER into
# the network's queue of modemsim NAME ($T/NAME/inbox), encoded by
# modemsim's own encoder (not the tools'); the running modemsim stores
# it (sms_taken).  The one way the suites send the box an SMS.
sms_put() {
	sp_name=$1 sp_from=$2 sp_text=$3
	shift 3
	"$BIN/modemsim" -d "$T/$sp_name" -S "$sp_from" "$@" "$sp_text" \
	    >/dev/null
}

# sms_taken NAME: modemsim NAME has stored every SMS put
sms_taken() { [ -z "$(ls "$T/$1/inbox")" ]; }

# arrive NAME SENDER TEXT: a message reaches modemsim NAME's storage
arrive() {
	sms_put "$@"
	wait_for 5000 sms_taken "$1" || true
}

# usage_refused PROGRAM NAME WHAT ARGS...: PROGRAM ARGS is a usage error
# (64) saying WHAT, then NAME's usage
usage_refused() {
	ur_prog=$1 ur_name=$2 ur_what=$3
	shift 3
	run "$ur_prog" "$@"
	ur_args=$(printf '%s\n' "$*" | sed "s|$T/||g")
	expect "issue 36: $ur_name $ur_args: refused, 64, '$ur_what'" sh -c \
	    "[ $status = 64 ] && grep -q -- '$ur_what' '$T/err' &&
	    grep -q '^usage: $ur_name' '$T/err'"
}
