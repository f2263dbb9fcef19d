#!/bin/sh
# tests/freebsd/rcd.sh: rc.d/ppsmon, rc.d/gpsconfig and rc.d/oobm, as
# installed, run by FreeBSD's own rc.subr (tests/freebsd/rc.subr, from
# stable/12) the way service(8) runs them: env -i, PATH=/sbin:/bin:
# /usr/sbin:/usr/bin.  A private root ($R) stands in for FreeBSD's:
# rc.subr reads its rc.conf there, and the few FreeBSD commands it calls
# that Linux lacks or has otherwise are the stubs of tests/freebsd/stub
# (daemon(8), ps(1) with a jail column, sysctl, kenv, limits, pwait,
# logger).  What is checked is what rc(8) and the owner see: the exit
# statuses, the messages, what ran and how many times, the pidfile, and
# that nothing is left running after stop.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/freebsd
R=$T/root
RC_PATH=/sbin:/bin:/usr/sbin:/usr/bin
RCD=$R/usr/local/etc/rc.d

# stub NAME DIR: tests/freebsd/stub/NAME installed as $R/DIR/NAME
stub() {
	mkdir -p "$R/$2"
	sed "s|@ROOT@|$R|g" "$here/stub/$1" >"$R/$2/$1"
	chmod 755 "$R/$2/$1"
}

# make_root: FreeBSD's rc.subr, its stubs, and oobm installed under $R
# with PREFIX=$R/usr/local, rc.d scripts included (install-rcd, which
# install runs on FreeBSD).  Only the base system's paths of the
# installed scripts are then pointed into $R: /etc/rc.subr, daemon(8),
# /var/run.
make_root() {
	mkdir -p "$R/etc" "$R/var/run" "$R/var/log"
	stub daemon usr/sbin
	stub ps bin
	stub sysctl sbin
	for s in kenv limits pwait logger; do stub "$s" stub; done
	sed -e "s|/etc/defaults/rc\\.conf|$R/etc/defaults/rc.conf|g" \
	    -e "s|\\([ \"]\\)/etc/rc\\.conf|\\1$R/etc/rc.conf|g" \
	    -e "s|for _d in /etc |for _d in $R/etc |" \
	    -e "s|^SYSCTL=\"/sbin/sysctl\"|SYSCTL=\"$R/sbin/sysctl\"|" \
	    -e "s|^PS=\"/bin/ps -ww\"|PS=\"$R/bin/ps -ww\"|" \
	    -e "s|/usr/bin/logger|$R/stub/logger|g" \
	    "$here/rc.subr" >"$R/etc/rc.subr"
	for t in install install-rcd; do
		env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
		    make -s -C "$top" "$t" PREFIX="$R/usr/local" >/dev/null
	done
	for f in oobm ppsmon gpsconfig; do
		sed -i -e "s|^\\. /etc/rc\\.subr\$|. $R/etc/rc.subr|" \
		    -e "s|/usr/sbin/daemon|$R/usr/sbin/daemon|g" \
		    -e "s|/var/run/|$R/var/run/|g" "$RCD/$f"
	done
}

# rooted: rc.subr reads nothing of this machine's /etc, runs none of its
# sysctl, ps or logger (a rewrite that stopped matching would hide it)
rooted() {
	f=$R/etc/rc.subr
	grep -q "^SYSCTL=\"$R/sbin/sysctl\"\$" "$f" &&
	    grep -q "^PS=\"$R/bin/ps -ww\"\$" "$f" &&
	    grep -q "elif \\[ -r $R/etc/rc.conf \\]" "$f" &&
	    ! grep -v '^[[:space:]]*#' "$f" |
	    grep -Eq '(^|[^/A-Za-z_.])/(etc/(defaults/)?rc\.conf|usr/bin/logger)'
}

# rcconf LINE...: $R/etc/rc.conf
rcconf() { printf '%s\n' "$@" >"$R/etc/rc.conf"; }

# rc SCRIPT ARGUMENT: as service(8) runs it.  The stubs come first in
# PATH; the tools' port locks stay in the test's own directory.
rc() {
	run env -i HOME=/ PATH="$R/stub:$RC_PATH" OOBM_LOCKDIR="$T/lock" \
	    "$RCD/$1" "$2"
}

out_has() { grep -q -- "$1" "$T/out"; }
# said STATUS RE...: the last run exited STATUS, its output has each RE
said() {
	[ "$status" = "$1" ] || return 1
	shift
	for re; do out_has "$re" || return 1; done
}
status_and_out() { st=$1; shift; [ "$status" = "$st" ] && out_is "$@"; }
status_and_err() { [ "$status" = "$1" ] && err_has "$2"; }
# children PID: the processes PID started, one "PID ARGS" per line
children() { ps -o pid=,args= --ppid "$1" 2>/dev/null || true; }
# supervises PID RE: PID is daemon(8)'s supervisor, of one command
# matching RE
supervises() {
	[ -n "$1" ] && [ "$(children "$1" | wc -l)" -eq 1 ] &&
	    children "$1" | grep -Eq "$2"
}
# supervisors: daemon(8) supervisors running in $R
supervisors() { pgrep -f -- "^/bin/sh $R/usr/sbin/daemon " | wc -l; }
gone() { ! kill -0 "$1" 2>/dev/null; }
# only_one PID RE: PID supervises RE and no other daemon runs
only_one() { supervises "$1" "$2" && [ "$(supervisors)" -eq 1 ]; }
none_left() { [ "$(supervisors)" -eq 0 ] && ! pgrep -f -- "$1" >/dev/null; }
pidof_file() { cat "$1" 2>/dev/null || true; }

# pulser FIFO: a PPS replay that goes on, one pulse a second; it holds
# both ends, so a reader may come and go
pulser() {
	(
		exec 3<>"$1"
		while :; do
			printf '%s.000000100\n' "$(date +%s)" >&3
			sleep 1
		done
	) &
	SIM_PIDS="$SIM_PIDS $!"
}

# --- rc.d/ppsmon ---------------------------------------------------------

t_ppsmon() {
	fifo=$T/pps
	pid=$R/var/run/ppsmon.pid
	mkfifo "$fifo"
	pulser "$fifo"
	ppsmon_re="^ *[0-9]+ $R/usr/local/bin/ppsmon -q -o kv -s 600 -n 100000 -r $fifo\$"

	rcconf 'ppsmon_enable="NO"'
	rc ppsmon rcvar
	expect "ppsmon rcvar: exit 0, ppsmon_enable named" \
	    said 0 '^ppsmon_enable="NO"'
	rc ppsmon start
	expect "ppsmon not enabled: start tells how to enable it" \
	    out_has "Set ppsmon_enable to YES"
	expect "ppsmon not enabled: nothing runs" test "$(supervisors)" -eq 0

	rcconf 'ppsmon_enable="YES"' "ppsmon_device=\"$fifo\"" \
	    'ppsmon_flags="-n 100000 -r"'
	rc ppsmon start
	expect "ppsmon start: exit 0, Starting ppsmon." \
	    status_and_out 0 "Starting ppsmon."
	sup=$(pidof_file "$pid")
	expect "ppsmon start: the pidfile is daemon(8)'s, which runs ppsmon with ppsmon_flags after the defaults" \
	    supervises "$sup" "$ppsmon_re"
	rc ppsmon status
	expect "ppsmon status: running as the pidfile's pid, exit 0" \
	    status_and_out 0 "ppsmon is running as pid $sup."
	rc ppsmon start
	expect "ppsmon start again: exit 1, already running" \
	    status_and_err 1 "ppsmon already running?  (pid=$sup)"
	expect "ppsmon start again: still one daemon, one ppsmon" \
	    only_one "$sup" "$ppsmon_re"

	rc ppsmon restart
	expect "ppsmon restart: exit 0" status_is 0
	expect "ppsmon restart: Stopping ppsmon." said 0 '^Stopping ppsmon\.$'
	expect "ppsmon restart: the old daemon and its ppsmon stopped" gone "$sup"
	sup=$(pidof_file "$pid")
	expect "ppsmon restart: one new daemon, one ppsmon" \
	    only_one "$sup" "$ppsmon_re"

	rc ppsmon stop
	expect "ppsmon stop: exit 0, Stopping ppsmon." \
	    said 0 '^Stopping ppsmon\.$'
	expect "ppsmon stop: daemon and ppsmon gone" none_left "ppsmon .*$fifo"
	expect "ppsmon stop: the pidfile removed" test ! -e "$pid"
	rc ppsmon status
	expect "ppsmon status when stopped: exit 1, not running" \
	    status_and_out 1 "ppsmon is not running."
	rc ppsmon stop
	expect "ppsmon stop when stopped: exit 1, names the pidfile" \
	    status_and_err 1 "ppsmon not running? (check $pid)."

	# KEYWORD: shutdown: rc.shutdown stops it with faststop
	rc ppsmon start
	sup=$(pidof_file "$pid")
	rc ppsmon faststop
	expect "ppsmon faststop (shutdown): exit 0" status_is 0
	expect "ppsmon faststop (shutdown): nothing left" \
	    none_left "ppsmon .*$fifo"

	# ppsmon_metrics: -m, for node_exporter's textfile collector
	rcconf 'ppsmon_enable="YES"' "ppsmon_device=\"$fifo\"" \
	    'ppsmon_flags="-n 100000 -r"' "ppsmon_metrics=\"$T/pps.prom\""
	rc ppsmon start
	sup=$(pidof_file "$pid")
	expect "ppsmon_metrics: ppsmon runs with -m and the file" supervises \
	    "$sup" "^ *[0-9]+ $R/usr/local/bin/ppsmon -q -o kv -s 600 -m $T/pps.prom -n 100000 -r $fifo\$"
	rc ppsmon stop
	expect "ppsmon_metrics: stopped, nothing left" \
	    none_left "ppsmon .*$fifo"
}

# --- rc.d/gpsconfig ------------------------------------------------------

# shellcheck disable=SC2317 # its helpers run: run_tests finds and calls it
t_gpsconfig() {
	start_peer gpssim gps gps
	conf=$R/usr/local/etc/oobm.conf	# the default, as installed
	printf 'oobm_gps="%s"\noobm_gps_speed=57600\noobm_gps_sentences=rmc\n' \
	    "$T/gps/gps" >"$conf"
	gps_is() { [ "$(tr '\n' ' ' <"$T/gps/state")" = "$1" ]; }
	gps_untouched() { grep -qx baud=9600 "$T/gps/state"; }

	rcconf 'gpsconfig_enable="NO"'
	rc gpsconfig rcvar
	expect "gpsconfig rcvar: exit 0, gpsconfig_enable named" \
	    said 0 '^gpsconfig_enable="NO"'
	rc gpsconfig start
	expect "gpsconfig not enabled: start tells how to enable it" \
	    out_has "Set gpsconfig_enable to YES"
	expect "gpsconfig not enabled: the GPS untouched" gps_untouched

	rcconf 'gpsconfig_enable="YES"' "gpsconfig_config=\"$R/no-such.conf\""
	rc gpsconfig start
	expect "gpsconfig, its configuration missing: exit 1, rc.subr names it" \
	    status_and_err 1 "$R/no-such.conf is not readable."
	expect "gpsconfig, its configuration missing: gpsctl not run" \
	    err_lacks gpsctl
	expect "gpsconfig, its configuration missing: the GPS untouched" \
	    gps_untouched

	rcconf 'gpsconfig_enable="YES"'
	rc gpsconfig start
	expect "gpsconfig start: exit 0, says what it set" \
	    status_and_out 0 'Configuring the GPS.' \
	    'speed=57600 sentences=rmc rate=1000 fix_interval=1000'
	expect "gpsconfig start: the GPS at 57600, RMC only" \
	    gps_is 'baud=57600 sentences=RMC rate=1000 fix=1000 '
	rc gpsconfig status
	expect "gpsconfig status: a one-shot has none (usage, exit 1)" \
	    status_and_err 1 '^Usage: .*(start|stop|restart|rcvar'
	rc gpsconfig stop
	expect "gpsconfig stop: exit 0" status_is 0
	expect "gpsconfig stop: the GPS left as it is" \
	    gps_is 'baud=57600 sentences=RMC rate=1000 fix=1000 '
	rc gpsconfig restart
	expect "gpsconfig restart: configures again (from 57600), exit 0" \
	    status_and_out 0 'Configuring the GPS.' \
	    'speed=57600 sentences=rmc rate=1000 fix_interval=1000'
}

# --- rc.d/oobm -----------------------------------------------------------

# shellcheck disable=SC2317 # its helpers run: run_tests finds and calls it
t_oobm() {
	start_sim m
	conf=$R/usr/local/etc/oobm.conf	# the default, as installed
	pid=$R/var/run/oobm/watch.pid
	box_conf "$conf" "$R/var/db/oobm" "$R/var/run/oobm"
	mkdir -p "$R/var/db/oobm"
	printf 'state=up\npid=999999\nsince=1\nuntil=2\n' \
	    >"$R/var/db/oobm/session"
	boots() { grep -c '^AT^U2DIAG?' "$T/m/commands.log" || true; }
	watch_re="^ *[0-9]+ /bin/sh $R/usr/local/sbin/oobm -c $conf -v watch\$"
	lock_free() { flock -n "$R/var/run/oobm/run.lock" true; }
	watching() { grep -q 'oobm: watching' "$R/var/log/daemon.log" 2>/dev/null; }

	rcconf 'oobm_enable="NO"'
	rc oobm rcvar
	expect "oobm rcvar: exit 0, oobm_enable and oobm_watch_enable named" \
	    said 0 '^oobm_enable="NO"' '^oobm_watch_enable="NO"'

	# boot only: "oobm boot" once, nothing left running
	rcconf 'oobm_enable="YES"'
	rc oobm start
	expect "oobm start (boot only): exit 0" status_is 0
	expect "oobm start (boot only): oobm boot ran once" test "$(boots)" -eq 1
	expect "oobm start (boot only): the session that did not survive is cleared" \
	    grep -qx 'state=idle' "$R/var/db/oobm/session"
	expect "oobm start (boot only): the modem put in modem-only mode" \
	    grep -qx 'AT^U2DIAG=0' "$T/m/commands.log"
	expect "oobm start (boot only): nothing left running" \
	    test "$(supervisors)" -eq 0
	rc oobm status
	expect "oobm status (boot only): not running, exit 1" \
	    status_and_out 1 "oobm is not running."

	# and watch under daemon(8), oobm_flags its own
	rcconf 'oobm_enable="YES"' 'oobm_watch_enable="YES"' 'oobm_flags="-v"'
	rc oobm start
	expect "oobm start (watch): exit 0" status_is 0
	expect "oobm start (watch): oobm boot ran once more" test "$(boots)" -eq 2
	sup=$(pidof_file "$pid")
	expect "oobm start (watch): the pidfile is daemon(8)'s, which runs oobm -c CONF -v watch" \
	    supervises "$sup" "$watch_re"
	expect "oobm start (watch): oobm_flags reach oobm (-v: it says it watches)" \
	    wait_for 10000 watching
	expect "oobm start (watch): watch holds the run lock" \
	    wait_for 5000 not lock_free
	rc oobm status
	expect "oobm status (watch): running as the pidfile's pid, exit 0" \
	    status_and_out 0 "oobm is running as pid $sup."
	rc oobm start
	expect "oobm start again: exit 1, already running" \
	    status_and_err 1 "oobm already running?  (pid=$sup)"
	expect "oobm start again: no second boot under a running watch" \
	    test "$(boots)" -eq 2

	rc oobm restart
	expect "oobm restart: exit 0" status_is 0
	expect "oobm restart: oobm boot ran once" test "$(boots)" -eq 3
	expect "oobm restart: the old watch stopped" gone "$sup"
	sup=$(pidof_file "$pid")
	expect "oobm restart: one new daemon, one watch" \
	    only_one "$sup" "$watch_re"

	rc oobm stop
	expect "oobm stop: exit 0, Stopping oobm." \
	    said 0 '^Stopping oobm\.$'
	expect "oobm stop: watch and daemon gone" none_left "oobm .*watch"
	expect "oobm stop: the pidfile removed" test ! -e "$pid"
	expect "oobm stop: the run lock free" lock_free
	rc oobm status
	expect "oobm status when stopped: exit 1" \
	    status_and_out 1 "oobm is not running."

	# a configuration whose path has a space
	mkdir -p "$R/usr/local/etc/my box"
	cp -p "$conf" "$R/usr/local/etc/my box/oobm.conf"
	rcconf 'oobm_enable="YES"' 'oobm_watch_enable="YES"' \
	    "oobm_config=\"$R/usr/local/etc/my box/oobm.conf\""
	rc oobm start
	sup=$(pidof_file "$pid")
	expect "oobm_config with a space: exit 0" status_is 0
	expect "oobm_config with a space: boot ran with it" test "$(boots)" -eq 4
	expect "oobm_config with a space: watch runs with it" \
	    supervises "$sup" "oobm -c $R/usr/local/etc/my box/oobm.conf +watch\$"
	rc oobm faststop
	expect "oobm faststop (shutdown): exit 0" status_is 0
	expect "oobm faststop (shutdown): nothing left" none_left "oobm .*watch"
}

# a failed check may leave a daemon running: stop it (it stops its
# command) before the simulators go
stop_root() {
	for p in $(pgrep -f -- "^/bin/sh $R/usr/sbin/daemon "); do
		kill -TERM "$p" 2>/dev/null || true
	done
}
trap 'stop_root; cleanup' EXIT

make_root
expect "the private root: rc.subr reads its rc.conf and runs its stubs" rooted
run_tests "$0"
