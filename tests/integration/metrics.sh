#!/bin/sh
# Metrics for node_exporter's textfile collector (issue 41, item 4): what
# ppsmon -m writes (the time half) and oobm metrics (the out-of-band
# half, against modemsim), checked by Prometheus's promtool and scraped
# over HTTP from a real node_exporter this test starts on a port of its
# own; both from Debian's packages, unpacked by tests/deps.sh.
# memcheck: yes (tests/run.sh runs it again under valgrind)
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
PPSMON=$(tool ppsmon)
top=$(cd "$(dirname "$0")/../.." && pwd)
case $BIN in /*) bin=$BIN ;; *) bin=$top/$BIN ;; esac
# the shim directory first: the test's ntpq
oobm() { env PATH="$T/shim:$bin:$PATH" sh "$top/scripts/oobm" "$@"; }
PROMTOOL=/var/cache/oobm-tests/prometheus/usr/bin/promtool
EXPORTER=/var/cache/oobm-tests/prometheus-node-exporter/usr/bin/prometheus-node-exporter

# pulses N [FIRST]: a clean train, N pulses a second apart, 2 us late
pulses() {
	awk -v n="$1" -v t0="${2:-1764115200}" 'BEGIN {
		for (i = 0; i < n; i++) printf "%d.%09d %d\n", t0 + i, 2000, i + 1
	}'
}

# value NAME: a sample's value in the file or scrape $T/out
value() {
	awk -v m="$1" '$1 ~ "^" m "({|$)" { print $2; exit }' "$T/out"
}

# start_exporter DIR: node_exporter, its textfile collector alone, on
# DIR, at 127.0.0.1:$port
start_exporter() {
	# a port of its own each: a second exporter on the first's would
	# fail, and the first would answer for it
	exporters=$((${exporters:-0} + 1))
	port=$(awk -v s="$$$exporters" 'BEGIN { srand(s); print 30000 + int(rand() * 20000) }')
	"$EXPORTER" --collector.disable-defaults --collector.textfile \
	    --collector.textfile.directory="$1" \
	    --web.listen-address="127.0.0.1:$port" 2>"$T/exporter.err" &
	SIM_PIDS="$SIM_PIDS $!"
	wait_for 5000 curl -fso /dev/null "http://127.0.0.1:$port/metrics"
}

t_pps_metrics() {
	if [ ! -x "$PROMTOOL" ] || [ ! -x "$EXPORTER" ]; then
		skip "promtool or node_exporter not unpacked (tests/deps.sh)"
		return 0
	fi
	mkdir -p "$T/textfile"
	pulses 125 >"$T/train"
	run "$PPSMON" -q -m "$T/textfile/pps.prom" -r "$T/train"
	expect "ppsmon -m: exit 0" status_is 0
	run "$PROMTOOL" check metrics <"$T/textfile/pps.prom"
	expect "promtool check metrics: no complaint" sh -c \
	    "[ $status = 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ]"
	expect "nothing half-written left beside it" test \
	    "$(ls "$T/textfile")" = pps.prom
	start_exporter "$T/textfile"
	run curl -fs "http://127.0.0.1:$port/metrics"
	expect "node_exporter read the file without error" \
	    test "$(value node_textfile_scrape_error)" = 0
	for m in oobm_pps_up oobm_pps_pulses_total oobm_pps_missed_total \
	    oobm_pps_doubles_total oobm_pps_outliers_total \
	    oobm_pps_clock_steps_total oobm_pps_last_pulse_timestamp_seconds \
	    oobm_pps_offset_mean_seconds oobm_pps_offset_median_seconds \
	    oobm_pps_offset_stddev_seconds oobm_pps_jitter_seconds \
	    oobm_pps_allan_deviation; do
		[ -n "$(value "$m")" ] || echo "# missing: $m"
	done >"$T/missing"
	expect "every metric scraped" test ! -s "$T/missing"
	expect "...125 pulses, up, 2 us late, the last at its time" sh -c \
	    "[ '$(value oobm_pps_pulses_total)' = 125 ] &&
	    [ '$(value oobm_pps_up)' = 1 ] &&
	    [ '$(value oobm_pps_offset_median_seconds)' = 2e-06 ] &&
	    [ '$(value oobm_pps_last_pulse_timestamp_seconds)' = 1.764115324e+09 ]"
	expect "the device as a label" grep -q \
	    "^oobm_pps_up{device=\"$T/train\"} 1\$" "$T/out"
	# the pulse stops: up 0, rewritten while the collector reads on
	mkfifo "$T/fifo"
	(pulses 12; sleep 4) >"$T/fifo" &
	run "$PPSMON" -q -m "$T/textfile/pps.prom" -r "$T/fifo"
	expect "the pulse stopped: exit 75" status_is 75
	run curl -fs "http://127.0.0.1:$port/metrics"
	expect "...scraped: up 0, 12 pulses" sh -c \
	    "[ '$(value oobm_pps_up)' = 0 ] &&
	    [ '$(value oobm_pps_pulses_total)' = 12 ]"
	run "$PPSMON" -q -m "$T/textfile/pps.txt" -r "$T/train"
	expect "-m not *.prom: refused, exit 64, says why" sh -c \
	    "[ $status = 64 ] && grep -q 'reads only files named \\*.prom' '$T/err'"
}

# every_metric NAME...: each has a sample in $T/out, else it is named
every_metric() {
	for m in "$@"; do
		[ -n "$(value "$m")" ] || echo "# missing: $m"
	done >"$T/missing"
	test ! -s "$T/missing"
}

t_oobm_metrics() {
	if [ ! -x "$PROMTOOL" ] || [ ! -x "$EXPORTER" ]; then
		skip "promtool or node_exporter not unpacked (tests/deps.sh)"
		return 0
	fi
	start_sim box
	# a time server too: its NTP daemon's sources from ntpq -pn, as
	# ntpsec lists an NMEA and a PPS refclock
	box_conf "$T/oobm.conf" "$T/state" "$T/run" 'oobm_gps="/dev/gps0"'
	mkdir -p "$T/state" "$T/oobmtext" "$T/shim"
	cat >"$T/ntpq.out" <<'EOF2'
     remote           refid      st t when poll reach   delay   offset   jitter
==============================================================================
+NMEA(0)         .GPS.            0 l    7   16  377   0.0000  -1.2610   0.9710
oPPS(0)          .PPS.            0 l    6   16  177   0.0000   0.0020   0.0010
EOF2
	printf '#!/bin/sh\ncat "%s"\n' "$T/ntpq.out" >"$T/shim/ntpq"
	# no gpsd: the fix is the NMEA refclock's alone (none here)
	printf '#!/bin/sh\nexit 2\n' >"$T/shim/gpspipe"
	chmod +x "$T/shim/ntpq" "$T/shim/gpspipe"
	t=$(($(date +%s) - 3600))
	# the owner's session that linked, one that did not, a failover, a
	# failed selftest; and an owner's of two days ago, not counted
	printf 'start=%s end=%s kind=%s up=%s reason=%s\n' \
	    "$t" "$((t + 600))" sms 1 time_up \
	    "$t" "$((t + 60))" sms 0 no_link \
	    "$t" "$((t + 900))" failover 1 home_back \
	    "$t" "$((t + 60))" selftest 0 relay \
	    "$((t - 172800))" "$((t - 172000))" sms 1 time_up \
	    >"$T/state/history"
	printf 'time=%s\nverdict=failed\nreason=relay\n' "$t" \
	    >"$T/state/selftest"
	run oobm -c "$T/oobm.conf" metrics "$T/oobmtext/oobm.prom"
	expect "oobm metrics FILE: exit 0, quiet" sh -c \
	    "[ $status = 0 ] && [ ! -s '$T/out' ]"
	expect "...the file alone, mode 644, whatever oobm's umask" sh -c \
	    "[ \"\$(ls '$T/oobmtext')\" = oobm.prom ] &&
	    [ \"\$(stat -c %a '$T/oobmtext/oobm.prom')\" = 644 ]"
	run "$PROMTOOL" check metrics <"$T/oobmtext/oobm.prom"
	expect "promtool check metrics: no complaint" sh -c \
	    "[ $status = 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ]"
	start_exporter "$T/oobmtext"
	run curl -fs "http://127.0.0.1:$port/metrics"
	expect "node_exporter read it without error" \
	    test "$(value node_textfile_scrape_error)" = 0
	expect "every metric scraped" every_metric oobm_session_up \
	    oobm_session_info oobm_sessions_last_day \
	    oobm_modem_resets_last_day oobm_modem_gave_up \
	    oobm_modem_sim_ready oobm_modem_registered oobm_modem_roaming \
	    oobm_modem_signal_dbm oobm_modem_sms_stored oobm_modem_info \
	    oobm_selftest_ok oobm_selftest_timestamp_seconds oobm_ntp_synced \
	    oobm_ntp_source_offset_seconds oobm_ntp_source_jitter_seconds \
	    oobm_ntp_source_reach oobm_ntp_source_selected \
	    oobm_ntp_source_falseticker
	expect "the NTP sources: synced on the PPS, the NMEA 1.261 ms early" \
	    sh -c "[ '$(value oobm_ntp_synced)' = 1 ] &&
	    grep -qx 'oobm_ntp_source_offset_seconds{source=\"NMEA(0)\"} -0.001261' '$T/out' &&
	    grep -qx 'oobm_ntp_source_selected{source=\"PPS(0)\"} 1' '$T/out' &&
	    grep -qx 'oobm_ntp_source_reach{source=\"PPS(0)\"} 127' '$T/out'"
	expect "idle; the sessions of 24 h by kind and outcome" sh -c \
	    "[ '$(value oobm_session_up)' = 0 ] &&
	    grep -qx 'oobm_sessions_last_day{kind=\"sms\",linked=\"1\"} 1' '$T/out' &&
	    grep -qx 'oobm_sessions_last_day{kind=\"sms\",linked=\"0\"} 1' '$T/out' &&
	    grep -qx 'oobm_sessions_last_day{kind=\"failover\",linked=\"1\"} 1' '$T/out' &&
	    grep -qx 'oobm_sessions_last_day{kind=\"selftest\",linked=\"0\"} 1' '$T/out'"
	# modemsim's default: the seed's E1752 on a 3G network
	expect "the modem: SIM ready, home, -79 dBm (CSQ 17), Telia on UMTS" \
	    sh -c "[ '$(value oobm_modem_sim_ready)' = 1 ] &&
	    [ '$(value oobm_modem_registered)' = 1 ] &&
	    [ '$(value oobm_modem_signal_dbm)' = -79 ] &&
	    [ '$(value oobm_modem_sms_stored)' = 0 ] &&
	    grep -qx 'oobm_modem_info{act=\"umts\",operator=\"Telia\",registration=\"home\"} 1' '$T/out'"
	expect "the selftest failed, and when" sh -c \
	    "[ '$(value oobm_selftest_ok)' = 0 ] &&
	    awk 'BEGIN { exit !($(value oobm_selftest_timestamp_seconds) == $t) }'"
	run oobm -c "$T/oobm.conf" metrics
	expect "oobm metrics: the same on stdout" sh -c "[ $status = 0 ] &&
	    grep -qx 'oobm_modem_signal_dbm -79' '$T/out'"
	run oobm -c "$T/oobm.conf" metrics "$T/oobmtext/oobm.txt"
	expect "metrics FILE not *.prom: refused, exit 64" sh -c \
	    "[ $status = 64 ] && grep -q 'reads only files named' '$T/err'"
	run oobm -c "$T/oobm.conf" metrics "$T/none/oobm.prom"
	expect "a directory that is not: exit 73, named, nothing left" sh -c \
	    "[ $status = 73 ] && grep -q '$T/none/oobm.prom' '$T/err'"
}

# gpsd_ns NAME TTY: a network namespace of its own (held by a sleep,
# its pid in $ns), lo up, gpsd in it on its default port reading TTY
gpsd_ns() {
	unshare -n sleep 300 &
	ns=$!
	SIM_PIDS="$SIM_PIDS $ns"
	# until unshare has run, the sleep is still in this machine's
	wait_for 5000 sh -c "[ \"\$(readlink /proc/$ns/ns/net)\" != \
	    \"\$(readlink /proc/self/ns/net)\" ]" &&
	    nsenter -t "$ns" -n ip link set lo up || return 1
	nsenter -t "$ns" -n gpsd -N -n -b -F "$T/$1.sock" -s 9600 "$2" \
	    2>"$T/$1.err" &
	SIM_PIDS="$SIM_PIDS $!"
	wait_for 10000 sh -c "nsenter -t $ns -n timeout 2 gpspipe -r -n 8 \
	    127.0.0.1:2947 | grep -q '^.GNRMC'"
}

# The GPS through gpsd, as chrony reads it: its fix and satellites from
# the sentences gpsd sends on its default port, 127.0.0.1:2947, in a
# network namespace of the test's own: an LEA-M8T's GGA (8 satellites)
t_gps_from_gpsd() {
	if [ "$(id -u)" -ne 0 ] || ! command -v gpsd >/dev/null 2>&1 ||
	    ! command -v gpspipe >/dev/null 2>&1 ||
	    ! unshare -n true 2>/dev/null; then
		skip "needs root, unshare -n, gpsd and gpspipe (tests/deps.sh)"
		return 0
	fi
	start_sim gbox
	start_peer gpssim gps ggps -u
	expect "gpsd in a namespace, 127.0.0.1:2947, relays the receiver" \
	    gpsd_ns gpsd-fix "$PEER"
	mkdir -p "$T/gshim" "$T/gstate"
	# no NTP daemon here: ntpq fails, as with chrony
	printf '#!/bin/sh\nexit 1\n' >"$T/gshim/ntpq"
	chmod +x "$T/gshim/ntpq"
	box_conf "$T/g.conf" "$T/gstate" "$T/grun" "oobm_gps=\"$PEER\""
	run nsenter -t "$ns" -n env PATH="$T/gshim:$bin:$PATH" \
	    sh "$top/scripts/oobm" -c "$T/g.conf" metrics
	expect "oobm metrics: oobm_gps_fix 1, oobm_gps_satellites 8" sh -c \
	    "[ $status = 0 ] && [ '$(value oobm_gps_fix)' = 1 ] &&
	    [ '$(value oobm_gps_satellites)' = 8 ]"
	expect "...and no NTP source (none answered)" \
	    not grep -q '^oobm_ntp_' "$T/out"
	if [ -x "$PROMTOOL" ]; then
		run "$PROMTOOL" check metrics <"$T/out"
		expect "...promtool check metrics: no complaint" sh -c \
		    "[ $status = 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ]"
	fi
	# another gpsd, in another namespace, reading a receiver without a fix
	start_peer gpssim gps gnofix -u -n
	expect "a second, a receiver without a fix" gpsd_ns gpsd-nofix "$PEER"
	run nsenter -t "$ns" -n env PATH="$T/gshim:$PATH" sh -c \
	    ". '$top/scripts/lib/ntp.sh'; gps_fix"
	expect "gps_fix through gpsd, no fix: V 0" out_is 'V 0'
}

run_tests "$0"
