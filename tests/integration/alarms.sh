#!/bin/sh
# oobm alarms (issue 41, item 3): what is wrong with the box, each change
# pushed once to a real HTTP server (a webhook, tests/integration/httpd.sh)
# with when it began and how long it lasted: the pulse stopped and back
# (ppsmon -m's file, from a replayed train cut), its offset out of bounds;
# the NTP daemon's falseticker and no source (ntpq's and chronyc's
# listings as they print them); a failed selftest, a modem without
# network (modemsim).
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
case $BIN in /*) bin=$BIN ;; *) bin=$top/$BIN ;; esac
# the shim directory first: an ntpq of the test's, where one is given
oobm() { env PATH="$A/shim:$bin:$PATH" sh "$top/scripts/oobm" "$@"; }

# pulses N OFFSET_NS: a train of N pulses a second apart, OFFSET_NS late
pulses() {
	awk -v n="$1" -v o="$2" 'BEGIN { for (i = 0; i < n; i++)
	    printf "%d.%09d %d\n", 1764115200 + i, o, i + 1 }'
}

# pps N OFFSET_NS: ppsmon -m's file as the train leaves it
pps() {
	pulses "$1" "$2" >"$A/train"
	"$BIN/ppsmon" -q -m "$A/pps.prom" -r "$A/train" >/dev/null
}

# pps_stops: ppsmon -m's file after the pulse stopped (exit 75)
pps_stops() {
	rm -f "$A/fifo"
	mkfifo "$A/fifo"
	(pulses 12 2000; sleep 3) >"$A/fifo" &
	"$BIN/ppsmon" -q -m "$A/pps.prom" -r "$A/fifo" >/dev/null 2>&1 ||
	    [ $? = 75 ]
}

aconf() {	# aconf [LINES...]: the box, its pushes to the webhook
	box_conf "$A/oobm.conf" "$A/state" "$A/run" \
	    oobm_push_service=webhook \
	    "oobm_push_url='http://127.0.0.1:$PORT/hook'" \
	    "oobm_pps_metrics=\"$A/pps.prom\"" "$@"
}

pushes() { find "$HOOK" -name 'req.*.body' | wc -l | tr -d ' '; }
# push_is N TEXT: N pushes so far, the last with TEXT; else what was
push_is() {
	[ "$(pushes)" = "$1" ] && grep -q -- "$2" "$HOOK/req.$1.body" &&
	    return 0
	shown_pushes
	return 1
}
shown_pushes() {
	for sp_f in "$HOOK"/req.*.body; do
		[ ! -f "$sp_f" ] || printf '#   pushed: %s\n' "$(cat "$sp_f")"
	done
}
# pushes_have N TEXT...: N pushes so far, each TEXT in one of them
pushes_have() {
	ph_n=$1
	shift
	[ "$(pushes)" = "$ph_n" ] || { shown_pushes; return 1; }
	for ph_t in "$@"; do
		cat "$HOOK"/req.*.body | grep -q -- "$ph_t" ||
		    { shown_pushes; return 1; }
	done
}

# world NAME [aconf LINES...]: the webhook (records in $HOOK), the modem,
# the box (its files in $A)
world() {
	A=$T/$1
	HOOK=$T/$1.hook
	shift
	mkdir -p "$A/state" "$A/run" "$A/shim"
	start_httpd "${HOOK##*/}"
	printf '200 OK\n\n' | respond "${HOOK##*/}"
	start_sim "${A##*/}.modem" ${SIM_OPTS:+"$SIM_OPTS"}
	aconf "$@"
}

t_pulse_stops_and_comes_back() {
	world stops
	pps 30 2000
	run oobm -c "$A/oobm.conf" alarms
	expect "a clean pulse, a modem at home: exit 0, no push" sh -c \
	    "[ $status = 0 ] && [ \$(find '$HOOK' -name 'req.*' | wc -l) = 0 ]"
	pps_stops
	run oobm -c "$A/oobm.conf" alarms
	expect "the pulse stopped: one push, named, with its start" push_is 1 \
	    'oobm alarm: pps_stopped: no pulse (since [0-9][0-9]:[0-9][0-9])'
	run oobm -c "$A/oobm.conf" alarms
	expect "...looked at again: no second push" push_is 1 pps_stopped
	sleep 2
	pps 30 2000
	run oobm -v -c "$A/oobm.conf" alarms
	expect "the pulse back: one push, how long it lasted, since when" \
	    push_is 2 'pps_stopped over at [0-9:]*, after [2-9] s (since [0-9:]*: no pulse)'
	expect "...and logged (-v: on stderr)" \
	    err_has 'oobm: alarm: pps_stopped over at'

	touch -d '-2 minutes' "$A/pps.prom"
	run oobm -c "$A/oobm.conf" alarms
	expect "the file not rewritten for 2 min (ppsmon gone): an alarm" \
	    push_is 3 'pps_stopped: .*not rewritten for 1[0-9][0-9] s: ppsmon stopped'
}

t_offset_and_jitter_bounds() {
	world bounds oobm_alarm_offset=500
	pps 30 800000
	run oobm -c "$A/oobm.conf" alarms
	expect "800 us late, over 500 us: pps_offset pushed" push_is 1 \
	    'pps_offset: offset 800 us, over 500 us'
	aconf oobm_alarm_offset=1000
	run oobm -c "$A/oobm.conf" alarms
	expect "the bound at 1000 us: pps_offset over" push_is 2 \
	    'pps_offset over at'
}

# ntpq_says FILE [CV]: the shim's ntpq prints FILE for -p (ntpsec's
# listing as it prints it, the NMEA refclock and the PPS one), CV for
# -c "cv &N" (its clock variables, nothing without CV)
ntpq_says() {
	printf '#!/bin/sh\ncase "$*" in *cv*) cat "%s" ;; *) cat "%s" ;; esac\n' \
	    "${2:-/dev/null}" "$1" >"$A/shim/ntpq"
	chmod +x "$A/shim/ntpq"
}

t_ntp_falseticker() {
	world ntp 'oobm_gps="/dev/gps0"'
	cat >"$A/good" <<'EOF2'
     remote           refid      st t when poll reach   delay   offset   jitter
==============================================================================
+NMEA(0)         .GPS.            0 l    7   16  377   0.0000  -1.2610   0.9710
oPPS(0)          .PPS.            0 l    6   16  377   0.0000   0.0020   0.0010
EOF2
	sed 's/^+NMEA/xNMEA/; s/ -1.2610 / 512.610 /' "$A/good" >"$A/false"
	sed 's/^oPPS/ PPS/; s/^+NMEA/ NMEA/' "$A/good" >"$A/none"
	pps 30 2000
	ntpq_says "$A/good"
	run oobm -c "$A/oobm.conf" alarms
	expect "NMEA a candidate, PPS the peer: no alarm" sh -c \
	    "[ \$(find '$HOOK' -name 'req.*' | wc -l) = 0 ]"
	ntpq_says "$A/false"
	run oobm -c "$A/oobm.conf" alarms
	expect "the NMEA source a falseticker (x): pushed, named" push_is 1 \
	    'ntp_falseticker: falsetickers: NMEA(0)'
	ntpq_says "$A/none"
	run oobm -c "$A/oobm.conf" alarms
	expect "no source followed: ntp_unsynced begins, the falseticker ends" \
	    pushes_have 3 'ntp_unsynced: no source the clock follows' \
	    'ntp_falseticker over at'
}

# The GPS's fix from the NMEA refclock's last sentence: ntpsec 1.2.2's
# clock variables as it printed them here, fed by gpssim -n (no fix)
t_gps_fix() {
	world fix 'oobm_gps="/dev/gps0"'
	pps 30 2000
	cat >"$A/pn" <<'EOF2'
     remote           refid      st t when poll reach   delay   offset   jitter
===============================================================================
*NMEA(0)         .GPS.            0 l    1    2   77   0.0000   0.1807   0.8556
EOF2
	cat >"$A/nofix" <<'EOF2'
associd=17767 status=00c2 12 events, clk_bad_format,
name="NMEA", timecode="$GPRMC,120047.000,V,,,,,0.00,0.00,071226,,,N*4D",
poll=0, noreply=4, badformat=8, baddata=0, fudgetime2=380.0, stratum=0,
refid=GPS, flags=0, device="NMEA GPS Clock"
EOF2
	sed 's/,V,,,,,0.00/,A,5919.7580,N,01804.1160,E,0.02/' "$A/nofix" >"$A/fix"
	ntpq_says "$A/pn" "$A/fix"
	run oobm -c "$A/oobm.conf" alarms
	expect "RMC with A: no alarm" sh -c \
	    "[ \$(find '$HOOK' -name 'req.*' | wc -l) = 0 ]"
	ntpq_says "$A/pn" "$A/nofix"
	run oobm -c "$A/oobm.conf" alarms
	expect "RMC with V: gps_nofix pushed" push_is 1 'gps_nofix: the GPS has no fix'
	ntpq_says "$A/pn" "$A/fix"
	run oobm -c "$A/oobm.conf" alarms
	expect "the fix back: gps_nofix over" push_is 2 'gps_nofix over at'
	run oobm -c "$A/oobm.conf" metrics
	expect "oobm metrics: oobm_gps_fix 1, no satellites (RMC has none)" \
	    sh -c "grep -qx 'oobm_gps_fix 1' '$T/out' &&
	    ! grep -q '^oobm_gps_satellites' '$T/out'"
	expect "...the NMEA delay: time2 380 ms less the offset 0.1807 ms" \
	    grep -qx 'oobm_gps_nmea_delay_seconds 0.379819' "$T/out"
	# ntpsec reading GGA (its refclock's mode 2): the count of satellites
	# shellcheck disable=SC2016 # the sentence's own $
	sed 's/timecode="[^"]*"/timecode="$GPGGA,120047.000,5919.7580,N,01804.1160,E,1,07,0.94,28.1,M,23.5,M,,*4F"/' \
	    "$A/nofix" >"$A/gga"
	ntpq_says "$A/pn" "$A/gga"
	run oobm -c "$A/oobm.conf" metrics
	expect "GGA: oobm_gps_fix 1, oobm_gps_satellites 7" sh -c \
	    "grep -qx 'oobm_gps_fix 1' '$T/out' &&
	    grep -qx 'oobm_gps_satellites 7' '$T/out'"
	sed 's/,1,07,/,0,00,/' "$A/gga" >"$A/gganofix"
	ntpq_says "$A/pn" "$A/gganofix"
	run oobm -c "$A/oobm.conf" alarms
	expect "GGA with quality 0: gps_nofix pushed" \
	    push_is 3 'gps_nofix: the GPS has no fix'
}

# chronyc -c -n sources' lines, as chrony 4.3 prints them: the same marks
t_chrony_sources() {
	# shellcheck source=scripts/lib/ntp.sh
	. "$top/scripts/lib/ntp.sh"
	out=$(printf '%s\n' '#,*,PPS,0,4,377,12,0.000000001,0.000000000,0.000000210' \
	    '#,x,NMEA,0,4,377,13,0.512000000,0.512000000,0.001000000' |
	    chronyc_sources)
	expect "chronyc: a line a source, its mark, offset, error and reach" \
	    test "$out" = "$(printf '%s\n' 'PPS * 0.000000001 0.000000210 255' \
	    'NMEA x 0.512000000 0.001000000 255')"
	expect "...the PPS followed, the NMEA a falseticker" test \
	    "$(printf '%s\n' "$out" | ntp_tally)" = \
	    "ntp_falseticker falsetickers: NMEA"
	out=$(printf '%s\n' '#,?,PPS,0,4,0,-,0,0,0' '#,~,NMEA,0,4,17,13,0.5,0.5,0.1' |
	    chronyc_sources | ntp_tally)
	expect "chronyc: none followed (? and ~)" \
	    test "$out" = "ntp_unsynced no source the clock follows"
}

t_out_of_band() {
	SIM_OPTS=-N2 world oob
	pps 30 2000
	printf 'time=%s\nverdict=failed\nreason=relay_key\n' "$(date +%s)" \
	    >"$A/state/selftest"
	run oobm -c "$A/oobm.conf" alarms
	expect "a modem searching and a failed selftest: two pushes" \
	    pushes_have 2 'modem_network: searching' 'selftest_failed: relay_key at'
	run oobm -c "$A/oobm.conf" alarms
	expect "...no more while they last" pushes_have 2 modem_network
	# a run holds the modem's port (its UUCP lock): not asked, no change
	printf '%10d\n' "$$" >"$OOBM_LOCKDIR/LCK..${TTY##*/}"
	asked=$(grep -c 'CPIN' "$T/oob.modem/commands.log")
	run oobm -c "$A/oobm.conf" alarms
	expect "the port busy: the modem's alarm stands, no push" sh -c \
	    "[ $(pushes) = 2 ] && grep -q '^modem_network ' '$A/state/alarms'"
	expect "...and the modem not asked" test \
	    "$(grep -c 'CPIN' "$T/oob.modem/commands.log")" = "$asked"
	rm -f "$OOBM_LOCKDIR/LCK..${TTY##*/}"
}

run_tests "$0"
