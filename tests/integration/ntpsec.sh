#!/bin/sh
# The time server's chain against a real ntpd (ntpsec): gpssim, its
# sentences 380 ms after each second, set up by "gpsctl apply"; ntpsec
# reading it as gpsctl's ntpmode says; ppsmon -P turning ntpsec's own
# peerstats into the fudge line; ntpsec again with that line, on time.
# The same through gpsd's shared memory (SHM, time1) from a second GPS,
# and chrony's refclocks.log turned into its "offset" from a third, a
# u-blox set up by gpsctl in UBX.
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
DAEMON_PIDS=
# chronyd as tests/deps.sh unpacked it (chrony conflicts with ntpsec)
CHRONYD=/var/cache/oobm-tests/chrony/usr/sbin/chronyd
[ -x "$CHRONYD" ] || CHRONYD=/usr/sbin/chronyd

if [ "$(id -u)" != 0 ] || [ ! -x "$NTPD" ] || ! command -v setpriv >/dev/null ||
    ! command -v gpsd >/dev/null || ! command -v socat >/dev/null ||
    ! unshare -n -i true 2>/dev/null; then
	skip "ntpsec: needs root, ntpsec, gpsd, socat (tests/deps.sh), setpriv and unshare"
	done_testing
	exit 0
fi

# every daemon by pid, then cleanup's wait cannot block on one left
stop_daemons() {
	for p in $DAEMON_PIDS; do kill "$p" 2>/dev/null || true; done
	cleanup
}
trap stop_daemons EXIT
started() { DAEMON_PIDS="$DAEMON_PIDS $1"; }
stop() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

wait_until() {	# wait_until SECONDS COMMAND...: by the clock (ntpq can be slow)
	end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# namespace_new: a network and IPC namespace of its own, held by a
# sleep whose pid is in $NS: a private port 123 and SysV shared memory
namespace_new() {
	unshare -n -i sleep 300 &
	NS=$!
	started "$NS"
	# until unshare has run, the pid is still in this machine's
	# namespaces: entering it then would reach this machine's port 123
	wait_until 5 namespaced "$NS" &&
	    nsenter -t "$NS" -n -i ip link set lo up
}
namespaced() {
	[ "$(readlink "/proc/$1/ns/net")" != "$(readlink /proc/self/ns/net)" ] &&
	    [ "$(readlink "/proc/$1/ns/ipc")" != "$(readlink /proc/self/ns/ipc)" ]
}

# clock_state: what ntpd could change, as ntptime reads it
clock_state() { ntptime 2>/dev/null | sed -n 's/.*\(frequency [^,]*\).*/\1/p; s/.*\(status [^ ]*\).*/\1/p'; }

# ntpd_start NS NAME REFCLOCK-LINE [MORE LINES]: a measure-only ntpsec
# in namespace NS (a pid in it), its pid in $NTPD_PID
ntpd_start() {
	NS=$1 name=$2
	shift 2
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
	nsenter -t "$NS" -n -i setpriv --bounding-set -sys_time \
	    "$NTPD" -n -c "$T/$name/ntp.conf" -l "$T/$name/ntpd.log" \
	    >"$T/$name/stdout" 2>"$T/$name/stderr" &
	NTPD_PID=$!
	started "$NTPD_PID"
}

listening() { nsenter -t "$1" -n ss -Hltn "sport = :$2" | grep -q .; }

# gpsd_start TTY: gpsd exporting the GPS at TTY to shared memory, in a
# new namespace ($NS).  gpsd never exports SHM for a pty (its "test
# harness" case), so socat serves the pty over TCP, as a networked GPS.
gpsd_start() {
	namespace_new
	nsenter -t "$NS" -n -i socat TCP-LISTEN:2947,bind=127.0.0.1,reuseaddr \
	    "OPEN:$1,raw,echo=0,b57600" 2>"$T/socat.$NS.err" &
	started $!
	wait_until 5 listening "$NS" 2947
	nsenter -t "$NS" -n -i gpsd -N -n -b -F "$T/gpsd.$NS.sock" -S 2948 \
	    tcp://127.0.0.1:2947 2>"$T/gpsd.$NS.err" &
	started $!
}

# chronyd_start NS NAME REFCLOCK-LINE: a chronyd in namespace NS that
# never steers the clock (-x, no CAP_SYS_TIME) and logs its refclocks
chronyd_start() {
	NS=$1 name=$2
	mkdir -p "$T/$name/log"
	cat >"$T/$name/chrony.conf" <<EOF
$3
logdir $T/$name/log
log refclocks
driftfile $T/$name/drift
pidfile $T/$name/chronyd.pid
bindcmdaddress /
cmdport 0
port 0
EOF
	nsenter -t "$NS" -n -i setpriv --bounding-set -sys_time \
	    "$CHRONYD" -x -d -u root -f "$T/$name/chrony.conf" \
	    >"$T/$name/stdout" 2>"$T/$name/stderr" &
	CHRONYD_PID=$!
	started "$CHRONYD_PID"
}
# chrony_samples NAME: raw samples in its refclocks.log
chrony_samples() {
	awk '$4 ~ /^[0-9]+$/ { n++ } END { print n + 0 }' \
	    "$T/$1/log/refclocks.log" 2>/dev/null || echo 0
}
chrony_enough() { [ "$(chrony_samples "$1")" -ge "$2" ]; }

# ntpq_peer PID: "reach offset_ms" of the refclock, as ntpq -p shows it
ntpq_peer() {
	nsenter -t "$1" -n ntpq -p 127.0.0.1 2>/dev/null |
	    awk '/NMEA|SHM/ { print $7, $9 }'
}
reached() { [ "$(ntpq_peer "$1" | cut -d' ' -f1)" = 377 ]; }
samples() { wc -l <"$T/$1/stats/peerstats" 2>/dev/null || echo 0; }
enough_samples() { [ "$(samples "$1")" -ge "$2" ]; }
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

# ntpsec's line as gpsctl ntpmode prints it (issue 36, item 4: its
# documented form, the speed as "baud", the mode's sentence bits), with
# the test's polling: ntpsec must reach the GPS by it
run "$BIN/gpsctl" -c "$T/oobm.conf" -d ntpsec ntpmode
line=$(cat "$T/out")
expect "gpsctl -d ntpsec ntpmode: ntpsec's refclock line ($line)" test \
    "$line" = "refclock nmea unit 0 path $PEER mode 1 baud 57600 prefer"
refclock="${line% prefer} minpoll 1 maxpoll 1 time2 0 refid GPS prefer"
shm="refclock shm unit 0 minpoll 1 maxpoll 1 refid GPS prefer"
namespace_new
nmea_ns=$NS
ntpd_start "$nmea_ns" raw "$refclock"
nmea_ntpd=$NTPD_PID

# The SHM leg beside it, from a second GPS (both take about 40 s):
# GPS -> gpsd -> shared memory -> ntpsec
start_peer gpssim gps shmgps -b 57600 -p 380:3
shm_gps=$PEER
gpsd_start "$shm_gps"
shm_ns=$NS
ntpd_start "$shm_ns" shmraw "$shm"
shm_ntpd=$NTPD_PID

# A u-blox read by ntpsec itself, beside them (issue 41: ntpmode for
# both families): its RMC has the talker GN; gpsctl sets it up and
# prints ntpsec's line as for the MT3339
start_peer gpssim gps ubxnt -u -b 9600 -p 380:3
printf 'oobm_gps="%s"\noobm_gps_speed=57600\noobm_gps_sentences=rmc\n' \
    "$PEER" >"$T/ubxnt.conf"
run "$BIN/gpsctl" -c "$T/ubxnt.conf" apply
expect "gpsctl apply on a u-blox for ntpsec: 57600, RMC only" sh -c \
    "[ $status = 0 ] && grep -qx baud=57600 '$T/ubxnt/state' &&
    grep -qx sentences=RMC '$T/ubxnt/state'"
run "$BIN/gpsctl" -c "$T/ubxnt.conf" -d ntpsec ntpmode
expect "...ntpmode: the same line as for the MT3339" test "$(cat "$T/out")" = \
    "refclock nmea unit 0 path $PEER mode 1 baud 57600 prefer"
namespace_new
ubx_ns=$NS
ntpd_start "$ubx_ns" ubxraw "$(sed 's/ prefer$//' "$T/out") minpoll 1 maxpoll 1 time2 0 refid GPS prefer"
ubx_ntpd=$NTPD_PID

# The chrony leg beside them, from a third GPS: gpsd -> SHM -> chronyd
if [ -x "$CHRONYD" ]; then
	# ...and that GPS a u-blox (an LEA-M8T) gpsctl sets up in UBX
	start_peer gpssim gps chronygps -u -b 57600 -p 380:3
	printf 'oobm_gps="%s"\noobm_gps_speed=57600\noobm_gps_sentences=rmc\n' \
	    "$PEER" >"$T/ublox.conf"
	run "$BIN/gpsctl" -c "$T/ublox.conf" apply
	expect "gpsctl apply on the u-blox of the chrony leg: RMC only" sh -c \
	    "[ $status = 0 ] && grep -qx sentences=RMC '$T/chronygps/state'"
	gpsd_start "$PEER"
	chrony_ns=$NS
	chrony_line="refclock SHM 0 refid NMEA poll 1 noselect"
	chronyd_start "$chrony_ns" chrony "$chrony_line"
	chrony_pid=$CHRONYD_PID
fi

# check_reach PID WHAT
check_reach() {
	if wait_until 40 reached "$1"; then
		ok "$2: reach 377"
	else
		not_ok "$2: reach 377 (got: $(ntpq_peer "$1"))"
	fi
}
check_reach "$nmea_ntpd" "ntpsec reads the GPS"
check_reach "$shm_ntpd" "ntpsec reads gpsd's shared memory"
check_reach "$ubx_ntpd" "ntpsec reads the u-blox's GNRMC"
stop "$ubx_ntpd"
# oobm alarms reads ntpsec's own "ntpq -pn" (ntp.sh): the NMEA refclock
# followed (*), so no alarm; shown as ntpq printed it if not
# shellcheck source=scripts/lib/ntp.sh
. "$(cd "$(dirname "$0")/../.." && pwd)/scripts/lib/ntp.sh"
ntp_alarms() {
	nsenter -t "$1" -n ntpq -pn 127.0.0.1 2>&1 | ntpq_sources | ntp_tally
}
no_ntp_alarm() { [ -z "$(ntp_alarms "$1")" ]; }
if wait_until 40 no_ntp_alarm "$nmea_ntpd"; then
	ok "oobm alarms on ntpsec's ntpq -pn: the NMEA source followed, no alarm"
else
	not_ok "oobm alarms on ntpsec's ntpq -pn: $(ntp_alarms "$nmea_ntpd")"
	nsenter -t "$nmea_ntpd" -n ntpq -pn 127.0.0.1 2>&1 | sed 's/^/#   /'
fi
# ...and the GPS's fix from the NMEA refclock's clock variables (the
# RMC ntpsec keeps), as oobm alarms and metrics read it
fix=$(nsenter -t "$nmea_ntpd" -n sh -c \
    ". '$(cd "$(dirname "$0")/../.." && pwd)/scripts/lib/ntp.sh'; gps_fix")
expect "gps_fix on ntpsec's clock variables: a fix (${fix:-none})" \
    test "${fix%% *}" = A
# ...and the NMEA delay oobm metrics reports: time2 0 less ntpsec's
# offset of the sentences gpssim sends 380 ms late
nmea_delay() {	# nmea_delay PID: ntp_nmea_delay in PID's namespace
	nsenter -t "$1" -n sh -c ". '$(cd "$(dirname "$0")/../.." && pwd)/scripts/lib/ntp.sh'
	    ntp_nmea_delay"
}
delay=$(nmea_delay "$nmea_ntpd")
expect "ntp_nmea_delay on ntpsec: 0.380 s (${delay:-none})" \
    close_to "${delay:-0}" 0.380 0.015
wait_until 40 enough_samples raw 12 || true
wait_until 20 enough_samples shmraw 12 || true
stop "$nmea_ntpd"
stop "$shm_ntpd"

# median_of STATS-DIR: the median offset ppsmon -P finds in peerstats
median_of() {
	run "$BIN/ppsmon" -o kv -P "$T/$1/stats/peerstats"
	sed -n 's/.* offset_median_s=\([^ ]*\).*/\1/p' "$T/out"
}
off=$(median_of raw)
expect "ntpsec: offset within 5 ms of -380 ms (median ${off:-none} s)" \
    close_to "${off:-0}" -0.380 0.005
off=$(median_of shmraw)
expect "ntpsec over SHM: offset within 5 ms of -380 ms (median ${off:-none} s)" \
    close_to "${off:-0}" -0.380 0.005

# fix_from STATSFILE SUMMARY-START LINE-START: ppsmon -P's last line in
# $FIX, checked: the clock found without -a, the value 0.380 +- 3 ms
fix_from() {
	run "$BIN/ppsmon" -P "$1"
	expect "ppsmon -P: $2 found without -a" grep -q "^$2" "$T/out"
	FIX=$(tail -n 1 "$T/out")
	value=$(printf '%s\n' "$FIX" | sed -n "s/^$3 //p")
	expect "ppsmon -P: $2 within 3 ms of 0.380 ($FIX)" \
	    close_to "${value:-0}" 0.380 0.003
}
fix_from "$T/raw/stats/peerstats" 'NMEA(0) (ntpsec): ' 'fudge 127.127.20.0 time2'
fix=$FIX
fix_from "$T/shmraw/stats/peerstats" 'SHM(0) (ntpsec): ' 'fudge 127.127.28.0 time1'
shmfix=$FIX

if [ -x "$CHRONYD" ]; then
	wait_until 30 chrony_enough chrony 12 || true
	stop "$chrony_pid"
	fix_from "$T/chrony/log/refclocks.log" 'NMEA (chrony): ' offset
	chronyfix=$FIX
	chronyd_start "$chrony_ns" chronyfixed "$chrony_line $chronyfix"
	chrony_pid=$CHRONYD_PID
else
	skip "chrony leg: no chronyd (tests/deps.sh unpacks it)"
fi

# the lines as printed, fed back
ntpd_start "$nmea_ns" fixed "$refclock" "$fix"
nmea_ntpd=$NTPD_PID
ntpd_start "$shm_ns" shmfixed "$shm" "$shmfix"
shm_ntpd=$NTPD_PID
wait_until 40 reached "$nmea_ntpd" || true
wait_until 40 enough_samples fixed 12 || true
wait_until 20 enough_samples shmfixed 12 || true
# time2 now ppsmon's, the offset near 0: the delay is time2's
delay=$(nmea_delay "$nmea_ntpd")
expect "ntp_nmea_delay with ppsmon's time2: still 0.380 s (${delay:-none})" \
    close_to "${delay:-0}" 0.380 0.015
stop "$nmea_ntpd"
stop "$shm_ntpd"
# the median: a sentence a loaded machine delays does not move it
off=$(median_of fixed)
expect "ntpsec with ppsmon's line: offset within 2 ms of 0 (median ${off:-none} s)" \
    close_to "${off:-9}" 0 0.002
off=$(median_of shmfixed)
expect "ntpsec over SHM with ppsmon's time1: offset within 2 ms of 0 (median ${off:-none} s)" \
    close_to "${off:-9}" 0 0.002
if [ -x "$CHRONYD" ]; then
	wait_until 20 chrony_enough chronyfixed 12 || true
	stop "$chrony_pid"
	# chrony's cooked offset: the raw one with the offset option applied
	cooked=$(awk '$4 ~ /^[0-9]+$/ { print $8 }' \
	    "$T/chronyfixed/log/refclocks.log" | sort -g |
	    awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
	expect "chronyd with ppsmon's offset: within 2 ms of 0 (median ${cooked:-none} s)" \
	    close_to "${cooked:-9}" 0 0.002
	expect "chronyd took the line as printed" sh -c \
	    "! grep -qi 'error\|invalid\|unknown' '$T/chronyfixed/stderr'"
fi
expect "ntpsec took the lines as printed" sh -c \
    "! grep -qi 'syntax error\|unknown\|ignoring' '$T/fixed/ntpd.log' '$T/shmfixed/ntpd.log'"

# issue 41, item 3: a falseticker from a real ntpsec, and oobm alarms
# pushing it once to a webhook in the namespace: three GPSes, two on
# time and one whose sentences come 500 ms later than theirs
start_peer gpssim gps ft1 -b 9600 -p 380:3
ft1=$PEER
start_peer gpssim gps ft2 -b 9600 -p 380:3
ft2=$PEER
start_peer gpssim gps ft3 -b 9600 -p 880:3
ft3=$PEER
namespace_new
ft_ns=$NS
nmea_unit() {	# nmea_unit UNIT TTY: its line, its fudge making it on time
	echo "refclock nmea unit $1 path $2 mode 1 baud 9600 minpoll 1 maxpoll 1 time2 0.38 refid GPS$1"
}
ntpd_start "$ft_ns" falseticker "$(nmea_unit 0 "$ft1")" \
    "$(nmea_unit 1 "$ft2")" "$(nmea_unit 2 "$ft3")"
ft_ntpd=$NTPD_PID
late_marked() {
	nsenter -t "$ft_ntpd" -n ntpq -pn 127.0.0.1 2>/dev/null |
	    grep -q '^xNMEA(2) '
}
if wait_until 90 late_marked; then
	ok "ntpsec marks the late GPS a falseticker (x)"
else
	not_ok "ntpsec marks the late GPS a falseticker (x)"
	nsenter -t "$ft_ntpd" -n ntpq -pn 127.0.0.1 2>&1 | sed 's/^/#   /'
fi
mkdir -p "$T/fthook" "$T/ftbox"
printf '200 OK\n\n' >"$T/fthook/resp"
nsenter -t "$ft_ntpd" -n env HTTPD_DIR="$T/fthook" socat \
    TCP-LISTEN:8080,bind=127.0.0.1,reuseaddr,fork EXEC:"sh $HTTPD" \
    2>/dev/null &
started $!
wait_until 5 listening "$ft_ntpd" 8080
start_sim ftmodem
box_conf "$T/ftbox/oobm.conf" "$T/ftbox/state" "$T/ftbox/run" \
    oobm_push_service=webhook "oobm_push_url='http://127.0.0.1:8080/hook'" \
    'oobm_gps="/dev/gps0"'
case $BIN in /*) ft_bin=$BIN ;; *) ft_bin=$(pwd)/$BIN ;; esac
ft_alarms() {
	nsenter -t "$ft_ntpd" -n env PATH="$ft_bin:$PATH" \
	    sh "$(cd "$(dirname "$0")/../.." && pwd)/scripts/oobm" \
	    -c "$T/ftbox/oobm.conf" alarms
}
# one_push TEXT: one push so far, with TEXT; else what there was
one_push() {
	[ "$(find "$T/fthook" -name 'req.*.body' | wc -l)" = 1 ] &&
	    grep -q -- "$1" "$T/fthook/req.1.body" && return 0
	cat "$T"/fthook/req.*.body 2>/dev/null | sed 's/^/#   pushed: /'
	return 1
}
ft_alarms
ft_alarms
expect "oobm alarms, twice: exactly one push, the falseticker named" \
    one_push 'ntp_falseticker: falsetickers: NMEA(2)'
stop "$ft_ntpd"

# The seed's "mode 17" (9600 baud) against the GPS at 57600
ntpd_start "$nmea_ns" seed "refclock nmea unit 0 path $PEER mode 17 minpoll 1 maxpoll 1 refid GPS"
sleep 12
expect "mode 17 against a GPS at 57600: never reaches" \
    test "$(ntpq_peer "$NTPD_PID" | cut -d' ' -f1)" = 0
stop "$NTPD_PID"

expect "the clock's frequency and status as before" \
    test "$(clock_state)" = "$before"
run_tests "$0"
