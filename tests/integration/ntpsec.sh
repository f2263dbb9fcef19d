#!/bin/sh
# The time server's chain against a real ntpd (ntpsec): gpssim, its
# sentences 380 ms after each second, set up by "gpsctl apply"; ntpsec
# reading it as gpsctl's ntpmode says; ppsmon -P turning ntpsec's own
# peerstats into the fudge line; ntpsec again with that line, on time.
# Also: the seed's mode 17 at 57600 never reaches.
#
# ntpd only measures here: "disable ntp", "disable kernel", no
# CAP_SYS_TIME (setpriv), in a network and IPC namespace of its own
# (a private port 123 and SysV shared memory).  The test checks at the
# end that the clock's frequency and status are as before.  Root.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
NTPD=/usr/sbin/ntpd
NTPD_PIDS=

if [ "$(id -u)" != 0 ] || [ ! -x "$NTPD" ] || ! command -v setpriv >/dev/null ||
    ! unshare -n -i true 2>/dev/null; then
	skip "ntpsec: needs root, ntpsec (tests/deps.sh), setpriv and unshare"
	done_testing
	exit 0
fi

stop_ntpds() {
	for p in $NTPD_PIDS; do kill "$p" 2>/dev/null || true; done
	cleanup
}
trap stop_ntpds EXIT

# clock_state: what ntpd could change, as ntptime reads it
clock_state() { ntptime 2>/dev/null | sed -n 's/.*\(frequency [^,]*\).*/\1/p; s/.*\(status [^ ]*\).*/\1/p'; }

# ntpd_start NAME REFCLOCK-LINE [MORE LINES]: a measure-only ntpsec
ntpd_start() {
	name=$1
	shift
	mkdir -p "$T/$name/stats"
	{
		for l in "$@"; do printf '%s\n' "$l"; done
		cat <<EOF
disable ntp
disable kernel
tinker panic 0 step 0
interface ignore all
interface listen 127.0.0.1
restrict 127.0.0.1
driftfile $T/$name/drift
statsdir $T/$name/stats/
statistics peerstats
filegen peerstats file peerstats type none enable
EOF
	} >"$T/$name/ntp.conf"
	# shellcheck disable=SC2016 # the inner shell expands them
	unshare -n -i sh -c 'ip link set lo up &&
	    exec setpriv --bounding-set -sys_time "$0" -n -c "$1" -l "$2"' \
	    "$NTPD" "$T/$name/ntp.conf" "$T/$name/ntpd.log" \
	    >"$T/$name/stdout" 2>"$T/$name/stderr" &
	NTPD_PIDS="$NTPD_PIDS $!"
	NTPD_PID=$!
}

# ntpq_peer PID: "reach offset_ms" of the refclock, as ntpq -p shows it
ntpq_peer() {
	nsenter -t "$1" -n ntpq -p 127.0.0.1 2>/dev/null |
	    awk '/NMEA|SHM/ { print $7, $9 }'
}
reached() { [ "$(ntpq_peer "$1" | cut -d' ' -f1)" = 377 ]; }
samples() { wc -l <"$T/$1/stats/peerstats" 2>/dev/null || echo 0; }
enough_samples() { [ "$(samples "$1")" -ge "$2" ]; }
wait_until() {	# wait_until SECONDS COMMAND...
	n=$(($1 * 10))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

before=$(clock_state)
start_peer gpssim gps nt -p 380:3
printf 'oobm_gps="%s"\noobm_gps_speed=57600\noobm_gps_sentences=rmc\n' \
    "$PEER" >"$T/oobm.conf"

run "$BIN/gpsctl" -c "$T/oobm.conf" apply
expect "gpsctl apply: exit 0" status_is 0
expect "gpsctl apply: the GPS now at 57600, RMC only" sh -c \
    "grep -qx baud=57600 '$T/nt/state' && grep -qx sentences=RMC '$T/nt/state'"
run "$BIN/gpsctl" -c "$T/oobm.conf" -o kv ntpmode
mode=$(sed -n 's/^mode=//p' "$T/out")
expect "gpsctl ntpmode: mode 65 (57600, RMC)" test "$mode" = 65

# ntpsec's own syntax for what gpsctl ntpmode prints as
# "server 127.127.20.0 mode 65 prefer" (the classic ntpd form)
refclock="refclock nmea unit 0 path $PEER mode $mode minpoll 1 maxpoll 1 time2 0 refid GPS prefer"
ntpd_start raw "$refclock"
if wait_until 40 reached "$NTPD_PID"; then
	ok "ntpsec reads the GPS: reach 377"
else
	not_ok "ntpsec reads the GPS: reach 377 (got: $(ntpq_peer "$NTPD_PID"))"
fi
wait_until 40 enough_samples raw 12 || true
kill "$NTPD_PID"
wait "$NTPD_PID" 2>/dev/null || true
run "$BIN/ppsmon" -o kv -P "$T/raw/stats/peerstats"
off=$(sed -n 's/.* offset_median_s=\([^ ]*\).*/\1/p' "$T/out")
expect "ntpsec: offset within 5 ms of -380 ms (median ${off:-none} s)" \
    close_to "${off:-0}" -0.380 0.005

run "$BIN/ppsmon" -P "$T/raw/stats/peerstats"
expect "ppsmon -P: ntpsec's NMEA(0) found without -a" \
    grep -q '^NMEA(0) (ntpsec): ' "$T/out"
fix=$(tail -n 1 "$T/out")
time2=$(printf '%s\n' "$fix" | sed -n 's/^fudge 127\.127\.20\.0 time2 //p')
expect "ppsmon -P: time2 within 3 ms of 0.380 ($fix)" \
    close_to "${time2:-0}" 0.380 0.003

# the line as printed, fed back
ntpd_start fixed "$refclock" "$fix"
wait_until 40 reached "$NTPD_PID" || true
wait_until 40 enough_samples fixed 12 || true
run "$BIN/ppsmon" -o kv -P "$T/fixed/stats/peerstats"
# the median: a sentence a loaded machine delays does not move it
off=$(sed -n 's/.* offset_median_s=\([^ ]*\).*/\1/p' "$T/out")
expect "ntpsec with ppsmon's line: offset within 2 ms of 0 (median ${off:-none} s)" \
    close_to "${off:-9}" 0 0.002
expect "ntpsec took the line as printed" sh -c \
    "! grep -qi 'syntax error\|unknown\|ignoring' '$T/fixed/ntpd.log'"
kill "$NTPD_PID"
wait "$NTPD_PID" 2>/dev/null || true

# The seed's "mode 17" (9600 baud) against the GPS at 57600
ntpd_start seed "refclock nmea unit 0 path $PEER mode 17 minpoll 1 maxpoll 1 refid GPS"
sleep 12
expect "mode 17 against a GPS at 57600: never reaches" \
    test "$(ntpq_peer "$NTPD_PID" | cut -d' ' -f1)" = 0
kill "$NTPD_PID"
wait "$NTPD_PID" 2>/dev/null || true

expect "the clock's frequency and status as before" \
    test "$(clock_state)" = "$before"
done_testing
