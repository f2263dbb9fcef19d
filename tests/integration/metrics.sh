#!/bin/sh
# Metrics for node_exporter's textfile collector (issue 41, item 4): what
# ppsmon -m writes, checked by Prometheus's promtool and scraped over
# HTTP from a real node_exporter this test starts on a port of its own;
# both from Debian's packages, unpacked by tests/deps.sh.
# memcheck: yes (tests/run.sh runs it again under valgrind)
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
PPSMON=$(tool ppsmon)
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

# scrape: node_exporter, textfile collector only, on $T/textfile; its
# /metrics into $T/out
start_exporter() {
	port=$(awk -v s="$$" 'BEGIN { srand(s); print 30000 + int(rand() * 20000) }')
	"$EXPORTER" --collector.disable-defaults --collector.textfile \
	    --collector.textfile.directory="$T/textfile" \
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
	start_exporter
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

run_tests "$0"
