#!/bin/sh
# gpsctl against gpssim, which talks at the speed PMTK251 set and sends
# noise to a client at another speed, as a UART would.
# (not under valgrind: ublox.sh is, through the same reader and autobaud;
# ASan and UBSan run this one)
# shellcheck disable=SC2016 # "$PMTK..." is a sentence, not an expansion
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
GPSCTL=$(tool gpsctl)

# start_gps NAME [gpssim options]: a simulated GPS, its tty in $GPS
start_gps() {
	start_peer gpssim gps "$@"
	GPS=$PEER
}

state_is() {	# state_is NAME "baud=.. sentences=.. rate=.. fix=.."
	[ "$(tr '\n' ' ' <"$T/$1/state")" = "$2 " ]
}

gpsconf() {	# gpsconf NAME SPEED SENTENCES
	printf 'oobm_gps="%s"\noobm_gps_speed=%s\noobm_gps_sentences=%s\n' \
	    "$T/$1/gps" "$2" "$3" >"$T/$1.conf"
}

t_checksums() {
	run "$GPSCTL" checksum 'PMTK220,1000'
	expect "checksum PMTK220,1000 -> *1F" out_is '$PMTK220,1000*1F'
	run "$GPSCTL" checksum 'PMTK251,57600'
	expect "the seed's PMTK251,57600 -> *2C" out_is '$PMTK251,57600*2C'
	run "$GPSCTL" checksum '$PMTK314,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*29'
	expect "a right checksum: exit 0" status_is 0
	run "$GPSCTL" checksum '$PMTK300,1000,0,0,0,0*1D'
	expect "a wrong checksum: fixed, exit 65" status_is 65
	expect "a wrong checksum: the right one printed" \
	    out_is '$PMTK300,1000,0,0,0,0*1C'
}

t_review_item5() {
	start_gps r5
	run "$GPSCTL" -l "$GPS" send 'PMTK220,1000*00'
	expect "item 5: send with a wrong checksum: refused, exit 65" sh -c \
	    "[ $status = 65 ] && grep -q 'checksum 00, should be 1F: not sent' '$T/err'"
	expect "item 5: ...and nothing reached the GPS" sh -c \
	    "! grep -q PMTK220 '$T/r5/commands.log' 2>/dev/null"
	run "$GPSCTL" -l "$GPS" sentences ''
	expect "item 5: sentences '': refused, exit 64" sh -c \
	    "[ $status = 64 ] && grep -q 'would fall silent' '$T/err'"
	expect "item 5: ...the GPS still talks (RMC,GGA,GSA,GSV)" \
	    grep -qx 'sentences=RMC,GGA,GSA,GSV' "$T/r5/state"
	run "$GPSCTL" -v -l "$GPS" send 'PMTK220,1000'
	expect "item 5: -v shows the sentence sent without a blank line" sh -c \
	    "grep -q '> \$PMTK220,1000\*1F$' '$T/err' && ! grep -qx '' '$T/err'"
}

t_rate_and_fix_interval() {
	start_gps rates
	run "$GPSCTL" -l "$GPS" rate 200
	expect "rate 200: PMTK220,200 acknowledged" status_is 0
	run "$GPSCTL" -l "$GPS" fix-interval 500
	expect "fix-interval 500: PMTK300,500,0,0,0,0 acknowledged" status_is 0
	expect "gpssim now at 5 Hz with a fix every 500 ms" sh -c \
	    "grep -qx rate=200 '$T/rates/state' && grep -qx fix=500 '$T/rates/state'"
	expect "the commands as sent" sh -c \
	    "grep -qx 'PMTK220,200' '$T/rates/commands.log' &&
	    grep -qx 'PMTK300,500,0,0,0,0' '$T/rates/commands.log'"
	run "$GPSCTL" -l "$GPS" rate 50
	expect "rate 50: out of 100-10000, exit 64" status_is 64
}

# Issue 16, item 1: autobaud says which speed it tries, on a terminal
# (script(1) gives it a pty) and only there.
t_progress_on_a_pty() {
	start_gps fast -b 57600
	script -qefc "'$GPSCTL' -l '$GPS' autobaud" /dev/null >"$T/pty.out" \
	    2>&1 </dev/null || true
	expect "on a pty: 'trying 9600 baud...' while it probes" \
	    grep -q "gpsctl: $GPS: trying 9600 baud" "$T/pty.out"
	expect "...then the answer, the progress line cleared" \
	    grep -q 'speed=57600' "$T/pty.out"
	run "$GPSCTL" -l "$GPS" autobaud
	expect "stderr a file: no progress line in it" sh -c \
	    "[ $status = 0 ] && ! grep -q trying '$T/err'"
}

# Issue 14, item 5: what would silence the GPS or hide a typo is refused.
# Issue 14, item 5: a lost or garbled PMTK001 is sent again, and what
# the receiver then sends is what apply checks.
t_apply_lossy() {
	start_gps lossy -x
	gpsconf lossy 9600 rmc
	ok_runs=0
	# 1 s to hear the GPS; memcheck's start-up can take that alone.  The
	# autobaud probe's window is gpsctl's own: with 2.5 s, two RMC and
	# one spoiled made "no valid NMEA at any speed" (seen in a full run)
	to=$(($(slow 1000) / 1000))
	: >"$T/lossy.errs"
	for i in 1 2 3 4; do
		if "$GPSCTL" -t "$to" -c "$T/lossy.conf" apply >/dev/null \
		    2>"$T/err"; then
			ok_runs=$((ok_runs + 1))
		else
			sed "s/^/run $i: /" "$T/err" >>"$T/lossy.errs"
		fi
	done
	cp "$T/lossy.errs" "$T/err"	# shown if the check below fails
	expect "item 5: apply on a GPS spoiling a checksum in five: 4 of 4 ($ok_runs)" \
	    test "$ok_runs" -eq 4
	start_gps liar -A 314
	gpsconf liar 9600 rmc
	run "$GPSCTL" -c "$T/liar.conf" apply
	expect "item 5: PMTK314 acknowledged but not obeyed: exit 69, said" \
	    sh -c "[ $status = 69 ] && grep -q 'acknowledged sentences rmc but sends GP' '$T/err'"
}

t_apply_the_seed() {
	start_gps seed
	gpsconf seed 57600 rmc
	run "$GPSCTL" -c "$T/seed.conf" apply
	expect "apply from the factory 9600: exit 0" status_is 0
	expect "apply: reports what it set" \
	    out_is 'speed=57600 sentences=rmc rate=1000 fix_interval=1000'
	expect "gpssim now at 57600, RMC only, 1 Hz, fix 1000 ms" \
	    state_is seed 'baud=57600 sentences=RMC rate=1000 fix=1000'
	# PMTK605 first: which receiver (a u-blox would answer UBX's MON-VER)
	expect "commands sent: PMTK605, 251, 314, 220, 300" test \
	    "$(cut -c1-7 "$T/seed/commands.log" | tr '\n' ' ')" = \
	    'PMTK605 PMTK251 PMTK314 PMTK220 PMTK300 '
	run "$GPSCTL" -l "$GPS" -s 57600 -n 4 -o kv watch
	expect "only RMC arrives at 57600" test \
	    "$(grep -c '^type=RMC time=20[0-9-]*T[0-9:.]*Z valid=1 lat=59.329300 lon=18.068600$' "$T/out")" -eq 4
	t0=$(now_ms)
	run "$GPSCTL" -l "$GPS" -s 57600 -n 3 watch
	expect "once a second: 3 RMC in 2-3.2 s" elapsed_within 1800 3200
	run "$GPSCTL" -c "$T/seed.conf" apply
	expect "apply again (boot with battery): idempotent, exit 0" \
	    status_is 0
	expect "apply again: no second PMTK251" test \
	    "$(grep -c PMTK251 "$T/seed/commands.log")" -eq 1
}

t_gpsd_reads_it() {
	if ! command -v gpsd >/dev/null 2>&1 ||
	    ! command -v gpspipe >/dev/null 2>&1; then
		skip "gpsd and gpspipe are not installed"
		return
	fi
	start_gps gpsd
	gpsconf gpsd 57600 rmc,gga
	run "$GPSCTL" -c "$T/gpsd.conf" apply
	expect "apply RMC and GGA at 57600 for gpsd" \
	    out_is 'speed=57600 sentences=rmc,gga rate=1000 fix_interval=1000'
	port=$(awk -v s="$$" 'BEGIN { srand(s); print 30000 + int(rand() * 20000) }')
	# gpsd, the real consumer: foreground, no hotplug, fixed speed
	gpsd -N -n -b -S "$port" -F "$T/gpsd.sock" -s 57600 \
	    "$(cat "$T/gpsd/tty")" 2>"$T/gpsd.err" &
	SIM_PIDS="$SIM_PIDS $!"
	sleep 1
	run timeout 15 gpspipe -w -n 8 "127.0.0.1:$port"
	expect "gpsd reports 3D fixes (TPV mode 3) from the simulated GPS" \
	    grep -q '"class":"TPV".*"mode":3,.*"lat":59.3293' "$T/out"
	expect "gpsd reads it at 57600 baud" grep -q '"bps":57600' "$T/out"
}

# each speed's receiver searched at once (4800, the last tried, takes
# 17.5 s alone; one after the other they took 58)
t_autobaud_every_rate() { autobaud_each "$GPSCTL" ab "the MT3339"; }

t_failing_ack() {
	start_gps fail -F 220
	gpsconf fail 9600 rmc,gga
	run "$GPSCTL" -c "$T/fail.conf" apply
	expect "PMTK220 answered flag 2: exit 1" status_is 1
	expect "the failing command is named" \
	    err_has 'PMTK220,1000: valid but failed (PMTK001 flag 2)'
	run "$GPSCTL" -l "$GPS" send 'PMTK999'
	expect "unknown command: flag 1, exit 69" status_is 69
	expect "send prints the acknowledgement" out_is 'command=999 flag=1'
	run "$GPSCTL" -l "$GPS" send 'PMTK314,1,2'
	expect "malformed PMTK314: flag 0, exit 65" status_is 65
	run "$GPSCTL" -l "$GPS" sentences rmc,gga
	expect "sentences rmc,gga: done" status_is 0
	expect "gpssim: RMC and GGA" grep -qx 'sentences=RMC,GGA' "$T/fail/state"
}

t_version_reset_and_silence() {
	start_gps ver
	run "$GPSCTL" -l "$GPS" version
	expect "version from PMTK705" \
	    out_is 'release=AXN_2.31_3339_13101700 product=PA6H'
	run "$GPSCTL" -l "$GPS" reset factory
	expect "reset factory: PMTK104, start-up message seen" status_is 0
	run "$GPSCTL" -l "$GPS" -s 57600 -t 2 version
	expect "at a wrong speed: no answer, exit 75" status_is 75
	start_gps stuck -F 251
	run "$GPSCTL" -l "$GPS" baud 57600
	expect "PMTK251 not obeyed: no NMEA at 57600, exit 75" status_is 75
	expect "...and back at 9600, where it talks" err_has 'back at 9600$'
	run "$GPSCTL" -l "$GPS" -n 1 watch
	expect "the port still works at 9600" status_is 0
}

t_noise() {
	start_gps noisy -g -x -n
	run "$GPSCTL" -l "$GPS" -n 6 -o kv watch
	expect "garbage and bad checksums skipped, no-fix RMC decoded" \
	    grep -q '^type=RMC time=.* valid=0$' "$T/out"
	expect "only checksum-valid sentences shown" \
	    test "$(grep -c '^type=' "$T/out")" -eq 6
}

t_ntpmode() {
	gpsconf nm 57600 rmc
	run "$GPSCTL" -c "$T/nm.conf" -d ntpd ntpmode
	expect "57600 + RMC is ntpd mode 65" \
	    out_is 'server 127.127.20.0 mode 65 prefer'
	gpsconf nm 9600 rmc
	run "$GPSCTL" -c "$T/nm.conf" -o kv ntpmode
	expect "the seed's mode 17 is 9600 + RMC" out_is 'mode=17'
	gpsconf nm 115200 rmc,gga,zda
	run "$GPSCTL" -c "$T/nm.conf" -o kv ntpmode
	expect "115200 + RMC, GGA, ZDA is mode 91" out_is 'mode=91'
	# a misspelt sentence was skipped, and the mode printed for the
	# rest: ntpd then waits for a sentence the GPS never sends
	gpsconf nm 9600 rmc,ggx
	run "$GPSCTL" -c "$T/nm.conf" ntpmode
	expect "oobm_gps_sentences with an unknown name: exit 78, named" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm_gps_sentences: sentence ggx: one of gll rmc' '$T/err'"
	expect "...and no mode printed" out_empty
}

# stub_daemons DIR NTPD_VERSION [chronyd]: DIR holds an ntpd that says
# NTPD_VERSION to --version (none if empty), and a chronyd if asked
stub_daemons() {
	mkdir -p "$1"
	if [ -n "$2" ]; then
		printf '#!/bin/sh\necho "%s"\n' "$2" >"$1/ntpd"
		chmod 755 "$1/ntpd"
	fi
	if [ "${3:-}" = chronyd ]; then
		printf '#!/bin/sh\nexit 0\n' >"$1/chronyd"
		chmod 755 "$1/chronyd"
	fi
}

# Issue 36, item 4: ntpmode prints the line of the NTP daemon installed,
# or of the one -d names; every line is each daemon's own syntax.
t_ntpmode_daemons() {
	gpsconf nd 57600 rmc
	printf 'oobm_gps=/dev/ttyAMA0\n' >>"$T/nd.conf"
	run "$GPSCTL" -c "$T/nd.conf" -d ntpsec ntpmode
	expect "issue 36: -d ntpsec: path, the sentences' mode, baud" \
	    out_is 'refclock nmea unit 0 path /dev/ttyAMA0 mode 1 baud 57600 prefer'
	run "$GPSCTL" -c "$T/nd.conf" -d chrony ntpmode
	expect "issue 36: -d chrony: gpsd's shared memory, the pulse locked to it" \
	    out_is 'refclock SHM 0 refid NMEA delay 0.2 noselect' \
	    'refclock PPS /dev/pps0 refid PPS lock NMEA prefer'
	run "$GPSCTL" -c "$T/nd.conf" -d openntpd ntpmode
	expect "issue 36: -d names another daemon: usage, 64" status_is 64
	run "$GPSCTL" -d ntpd checksum PMTK000
	expect "issue 36: -d beside another verb: usage, 64" sh -c \
	    "[ $status = 64 ] && grep -q 'for ntpmode only' '$T/err'"
	stub_daemons "$T/sec" 'ntpd ntpsec-1.2.2'
	run env PATH="$T/sec:/usr/bin:/bin" "$GPSCTL" -c "$T/nd.conf" ntpmode
	expect "issue 36: an ntpd that says ntpsec: ntpsec's line" \
	    grep -q '^refclock nmea unit 0 ' "$T/out"
	stub_daemons "$T/chr" 'ntpd 4.2.8p15@1.3728-o (1)' chronyd
	run env PATH="$T/chr:/usr/bin:/bin" "$GPSCTL" -c "$T/nd.conf" ntpmode
	expect "issue 36: classic ntpd and chronyd: chrony's lines" \
	    grep -q '^refclock SHM 0 ' "$T/out"
	stub_daemons "$T/cls" 'ntpd 4.2.8p15@1.3728-o (1)'
	if [ -x /usr/sbin/chronyd ] || [ -x /usr/local/sbin/chronyd ] ||
	    [ -x /sbin/chronyd ]; then
		skip "classic ntpd alone: chronyd is installed here"
	else
		run env PATH="$T/cls:/usr/bin:/bin" "$GPSCTL" -c "$T/nd.conf" \
		    ntpmode
		expect "issue 36: classic ntpd alone: its server line" \
		    out_is 'server 127.127.20.0 mode 65 prefer'
	fi
	if /usr/sbin/ntpd --version 2>&1 | grep -q ntpsec; then
		run "$GPSCTL" -c "$T/nd.conf" ntpmode
		expect "issue 36: this machine's ntpsec, found in /usr/sbin" \
		    grep -q '^refclock nmea unit 0 ' "$T/out"
	else
		skip "no ntpsec installed here"
	fi
}

# A verb misused is refused naming what it needs (its SYNOPSIS line in
# gpsctl(1)), before any device or configuration is touched.
t_usage_names_what_a_verb_needs() {
	usage_refused "$GPSCTL" gpsctl 'no verb'
	usage_refused "$GPSCTL" gpsctl 'frob: no such verb' frob
	usage_refused "$GPSCTL" gpsctl \
	    'reset needs one argument, hot|warm|cold|factory' reset
	usage_refused "$GPSCTL" gpsctl 'baud needs one argument, SPEED' \
	    baud 9600 57600
	usage_refused "$GPSCTL" gpsctl 'version takes no argument' version now
	run "$GPSCTL" -h
	expect "-h: the usage on stdout, every verb of the table, exit 0" \
	    sh -c "[ $status = 0 ] && grep -q '^usage: gpsctl' '$T/out' &&
	    grep -q 'frame HEX,' '$T/out' && grep -q 'survey SECONDS' '$T/out' &&
	    tail -1 '$T/out' | grep -q 'ntpmode\$'"
}

run_tests "$0"
