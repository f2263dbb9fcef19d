#!/bin/sh
# gpsctl and a u-blox: gpssim -u plays a LEA-M8T (UBX beside NMEA, a
# speed change that really changes speed, ACK-ACK and ACK-NAK, settings
# in RAM until CFG-CFG saves them); gpsd's ubxtool, a real peer, reads
# what gpsctl set.
# memcheck: yes (tests/run.sh runs it again under valgrind)
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
GPSCTL=$(tool gpsctl)

# start_m8t NAME [gpssim options]: a simulated LEA-M8T, its tty in $GPS
start_m8t() {
	start_peer gpssim gps "$@" -u
	GPS=$PEER
}

# st NAME KEY: a value from gpssim's state
st() {
	sed -n "s/^$2=//p" "$T/$1/state"
}

ubxconf() {	# ubxconf NAME SPEED SENTENCES
	printf 'oobm_gps="%s"\noobm_gps_speed=%s\noobm_gps_sentences=%s\n' \
	    "$T/$1/gps" "$2" "$3" >"$T/$1.conf"
}

# frame: the checksum generator, as checksum is PMTK's (frames published
# in docs/ublox.md: ubxtool's ZDA on, satpulse's LEA-M8T ACK)
t_frame() {
	run "$GPSCTL" frame 06,01,f0,08,01
	expect "frame 06,01,f0,08,01: ubxtool's 'ZDA on'" \
	    out_is 'B5 62 06 01 03 00 F0 08 01 03 20'
	run "$GPSCTL" frame 'B5 62 05 01 02 00 06 00 0E 37'
	expect "a whole frame, its checksum right: printed, exit 0" sh -c \
	    "[ $status = 0 ] && [ \"\$(cat '$T/out')\" = 'B5 62 05 01 02 00 06 00 0E 37' ]"
	run "$GPSCTL" frame 'B5 62 05 01 02 00 06 00 0E 38'
	expect "...wrong: the right one printed, the wrong named, exit 65" \
	    sh -c "[ $status = 65 ] && grep -q 'should be 0E 37' '$T/err' &&
	    grep -qx 'B5 62 05 01 02 00 06 00 0E 37' '$T/out'"
	run "$GPSCTL" frame 06,0x
	expect "not hex: exit 65" status_is 65
}

t_version() {
	start_m8t ver
	run "$GPSCTL" -l "$GPS" version
	expect "version: the module, firmware and protocol from MON-VER" \
	    out_is 'u-blox LEA-M8T-0, firmware TIM 1.10, protocol 22.00, hardware 00080000'
	run "$GPSCTL" -l "$GPS" -o kv version
	expect "-o kv: one safe line" out_is \
	    'receiver=u-blox module=LEA-M8T-0 firmware=TIM_1.10 protocol=22.00 hardware=00080000 timing=1'
	run "$GPSCTL" -l "$GPS" fix-interval 500
	expect "fix-interval on a u-blox: refused, exit 69, says to use rate" \
	    sh -c "[ $status = 69 ] && grep -q 'gpsctl rate' '$T/err'"
}

# apply as at each boot: the first sets and saves, the second finds it
# all set and writes nothing (no flash worn by a boot)
t_apply_twice() {
	start_m8t twice
	ubxconf twice 115200 rmc,zda
	run "$GPSCTL" -c "$T/twice.conf" apply
	expect "apply: exit 0, what it set" sh -c "[ $status = 0 ] &&
	    grep -q '^receiver=u-blox speed=115200 sentences=rmc,zda rate=1000 cable=50 changed=[1-9]' '$T/out'"
	expect "the receiver at 115200, RMC and ZDA, UBX and NMEA out" sh -c \
	    "[ '$(st twice baud)' = 115200 ] &&
	    [ '$(st twice sentences)' = RMC,ZDA ] && [ '$(st twice out)' = 0x03 ]"
	expect "the pulse: 1 Hz, 100 ms once locked, none before, rising" \
	    sh -c "[ '$(st twice period)' = 1000000 ] &&
	    [ '$(st twice pulse)' = 100000 ] &&
	    [ '$(st twice pulse_unlocked)' = 0 ] &&
	    [ '$(st twice tp_flags)' = 0x77 ]"
	expect "...saved once (CFG-CFG)" test "$(st twice saves)" = 1
	run "$GPSCTL" -c "$T/twice.conf" apply
	expect "apply again: exit 0, changed=0" sh -c "[ $status = 0 ] &&
	    grep -q ' changed=0\$' '$T/out'"
	expect "...no second save, no CFG-PRT set" sh -c \
	    "[ '$(st twice saves)' = 1 ] &&
	    [ \$(grep -c '^UBX 06-00 ' '$T/twice/commands.log') = 1 ]"
	# a hardware reset reloads what was saved: apply's settings outlive it
	run "$GPSCTL" -l "$GPS" -s 115200 send 06,04,00,00,00,00
	expect "after a hardware reset: still 115200, RMC and ZDA" sh -c \
	    "[ '$(st twice baud)' = 115200 ] &&
	    [ '$(st twice sentences)' = RMC,ZDA ]"
}

# autobaud finds a u-blox at each speed it may be at (an M8's 9600, an
# F9's 38400, the Uputronics HAT's 115200...), all searched at once
t_autobaud_every_speed() { autobaud_each "$GPSCTL" uab "the u-blox" -u; }

# found at a speed not configured, and a NAK named
t_autobaud_and_nak() {
	start_m8t nak -b 57600 -N 06-01
	ubxconf nak 38400 rmc
	run "$GPSCTL" -c "$T/nak.conf" apply
	expect "from 57600 to 38400, then CFG-MSG NAKed: exit 69, named" \
	    sh -c "[ $status = 69 ] &&
	    grep -q 'CFG-MSG refused (ACK-NAK)' '$T/err' &&
	    [ '$(st nak baud)' = 38400 ]"
	expect "...nothing saved after a refusal" test "$(st nak saves)" = 0
}

t_survey() {
	start_m8t svin
	run "$GPSCTL" -l "$GPS" -n 10 survey 3:10
	expect "survey 3:10: followed to valid, exit 0" sh -c \
	    "[ $status = 0 ] && tail -1 '$T/out' | grep -q 'valid=1\$'"
	expect "...a line a second, the seconds counting" \
	    grep -q '^seconds=1 observations=1 accuracy_mm=30000 active=1 valid=0$' "$T/out"
	run "$GPSCTL" -l "$GPS" -n 1 survey status
	expect "survey status: valid, exit 0" status_is 0
	run "$GPSCTL" -l "$GPS" -n 2 survey 600:1
	expect "a survey not done in 2 lines: exit 75" status_is 75
	run "$GPSCTL" -l "$GPS" survey off
	expect "survey off: CFG-TMODE2 mode 0" sh -c \
	    "[ $status = 0 ] && [ '$(st svin tmode)' = 0 ]"
}

# fixed-position mode: where the antenna is known, no survey to wait for
t_fixed() {
	start_m8t fix
	run "$GPSCTL" -l "$GPS" fixed 59.3293,18.0686,28.1,0.5
	expect "fixed LAT,LON,HEIGHT,METRES: exit 0, said back" sh -c \
	    "[ $status = 0 ] && grep -qx 'mode=fixed lat=59.3293000 lon=18.0686000 height=28.10 accuracy_mm=500' '$T/out'"
	expect "...CFG-TMODE2 mode 2 by latitude, longitude and height" test \
	    "$(st fix tmode) $(st fix fixed)" = "2 lla,593293000,180686000,2810,500"
	run "$GPSCTL" -l "$GPS" -n 1 survey status
	expect "...a time-only fix at once (survey status: valid)" sh -c \
	    "[ $status = 0 ] && grep -q 'valid=1\$' '$T/out'"
	run "$GPSCTL" -l "$GPS" fixed 91,18,28
	expect "a latitude of 91: refused, exit 64, nothing sent" sh -c \
	    "[ $status = 64 ] && grep -q 'LAT,LON,HEIGHT' '$T/err' &&
	    [ \$(grep -c '^UBX 06-3D' '$T/fix/commands.log') = 1 ]"
	run "$GPSCTL" -l "$GPS" fixed 59.3,18.0
	expect "no height: refused, exit 64" status_is 64
}

# gpsd's ubxtool reads what gpsctl set, and gpsctl what ubxtool set
t_ubxtool() {
	peers_only && return 0
	if ! command -v ubxtool >/dev/null 2>&1; then
		skip "no ubxtool (gpsd-clients)"
		return 0
	fi
	start_m8t peer
	ubxconf peer 9600 rmc
	run "$GPSCTL" -c "$T/peer.conf" apply
	expect "apply at 9600, RMC: exit 0" status_is 0
	run ubxtool -f "$GPS" -s 9600 -P 22 -w 1 -p CFG-TP5
	expect "ubxtool: the pulse as gpsctl set it" sh -c \
	    "grep -q 'antCableDelay 50 ' '$T/out' &&
	    grep -q 'freqPeriod 1000000 freqPeriodLock 1000000' '$T/out' &&
	    grep -q 'pulseLenRatio 0 pulseLenRatioLock 100000' '$T/out' &&
	    grep -q 'flags x77' '$T/out'"
	run ubxtool -f "$GPS" -s 9600 -P 22 -w 1 -p CFG-MSG,240,8,1
	expect "ubxtool turns ZDA on: ACK-ACK" \
	    grep -q 'ACK to Class x06 (CFG) ID x01 (MSG)' "$T/out"
	run "$GPSCTL" -c "$T/peer.conf" apply
	expect "apply finds it and turns it off again: changed=1" sh -c \
	    "[ $status = 0 ] && grep -q ' changed=1\$' '$T/out' &&
	    [ '$(st peer sentences)' = RMC ]"
}

# TIM-TP, the time of the next pulse, once CFG-MSG asks for it: ubxtool
# decodes it, UTC-based (CFG-TP5's UTC grid) with this week's number and
# a time of week within a few seconds of now
t_timtp() {
	peers_only && return 0
	if ! command -v ubxtool >/dev/null 2>&1; then
		skip "no ubxtool (gpsd-clients)"
		return 0
	fi
	start_m8t timtp
	run ubxtool -f "$GPS" -s 9600 -P 22 -w 1 -p CFG-MSG,13,1,1
	expect "ubxtool turns TIM-TP on: ACK-ACK, the rate 1" sh -c \
	    "grep -q 'ACK to Class x06 (CFG) ID x01 (MSG)' '$T/out' &&
	    [ '$(st timtp timtp)' = 1 ]"
	now=$(($(date +%s) - 315964800))
	run ubxtool -f "$GPS" -s 9600 -P 22 -w 3
	# shellcheck disable=SC2016 # awk's fields
	expect "ubxtool decodes TIM-TP: the week, and a time of week now" awk \
	    -v week=$((now / 604800)) -v tow=$((now % 604800)) '
	    /^UBX-TIM-TP:/ { getline; n++
	    if ($8 == week && $2 / 1000 - tow >= 0 && $2 / 1000 - tow < 8 &&
	    $2 % 1000 == 0) ok++ }
	    END { exit !(n >= 2 && ok == n) }' "$T/out"
	expect "...UTC-based, UTC known" \
	    grep -q 'flags  timeBase is UTC, UTC available' "$T/out"
}

# A ZED-F9T (protocol 29): the same settings by configuration keys, read
# with CFG-VALGET and written with CFG-VALSET, none of the CFG messages
t_f9t_by_keys() {
	start_peer gpssim gps f9t -U -b 9600
	GPS=$PEER
	run "$GPSCTL" -l "$GPS" version
	expect "version: a ZED-F9T, protocol 29" out_is \
	    'u-blox ZED-F9T, firmware TIM 2.01, protocol 29.00, hardware 00190000'
	ubxconf f9t 115200 rmc,zda
	run "$GPSCTL" -c "$T/f9t.conf" apply
	expect "apply: exit 0, 6 sentences and the speed changed" sh -c \
	    "[ $status = 0 ] && grep -q ' changed=7\$' '$T/out'"
	expect "the receiver at 115200, RMC and ZDA, saved so" sh -c \
	    "[ '$(st f9t baud)' = 115200 ] &&
	    [ '$(st f9t sentences)' = RMC,ZDA ] &&
	    [ '$(st f9t saved_baud)' = 115200 ]"
	expect "...by keys alone: no CFG-PRT, -MSG, -RATE or -TP5 set" sh -c \
	    "! grep -q '^UBX 06-\(00\|01\|08\|31\) ..' '$T/f9t/commands.log' &&
	    grep -q '^UBX 06-8A ' '$T/f9t/commands.log'"
	sets=$(grep -c '^UBX 06-8A ' "$T/f9t/commands.log")
	run "$GPSCTL" -c "$T/f9t.conf" apply
	expect "apply again: changed=0, no VALSET" sh -c "[ $status = 0 ] &&
	    grep -q ' changed=0\$' '$T/out' &&
	    [ \$(grep -c '^UBX 06-8A ' '$T/f9t/commands.log') = $sets ]"
	run "$GPSCTL" -l "$GPS" -s 115200 sentences rmc,gst
	expect "gst on a protocol 29 receiver: refused, exit 64" sh -c \
	    "[ $status = 64 ] && grep -q 'gpsctl sets gll, rmc' '$T/err'"
	run "$GPSCTL" -l "$GPS" -s 115200 -n 10 survey 3:10
	expect "survey by CFG-TMODE keys: valid, exit 0" sh -c \
	    "[ $status = 0 ] && tail -1 '$T/out' | grep -q 'valid=1\$' &&
	    grep -q '^UBX 06-8A 00010000010003200110000340' '$T/f9t/commands.log'"
	run "$GPSCTL" -l "$GPS" -s 115200 fixed 59.3293,18.0686,28.1
	expect "fixed by the CFG-TMODE keys (LLH, 0.1 mm): the position held" \
	    test "$(st f9t tmode) $(st f9t fixed)" = "2 lla,593293000,180686000,2810,1000"
}

# A ZED-F9T on its own USB port (-S): CFG-PRT's poll says port 3, and
# apply sets USB's keys (its protocols, MSGOUT's _USB), no speed, none
# of UART1's; a speed asked for is refused
t_f9t_on_usb() {
	start_peer gpssim gps f9usb -U -S -b 9600
	GPS=$PEER
	ubxconf f9usb 115200 rmc,zda
	run "$GPSCTL" -c "$T/f9usb.conf" apply
	expect "apply on USB: exit 0, 6 sentences changed, no speed" sh -c \
	    "[ $status = 0 ] && grep -q ' changed=6\$' '$T/out'"
	expect "...the USB port sends RMC and ZDA, at the speed it had" sh -c \
	    "[ '$(st f9usb sentences)' = RMC,ZDA ] && [ '$(st f9usb baud)' = 9600 ]"
	grep '^UBX 06-8A ' "$T/f9usb/commands.log" >"$T/f9usb.sets" || :
	expect "...by USB's keys: ZDA_USB on, GGA_USB off (0x209100DB, BD)" \
	    sh -c "grep -q 'DB00912001' '$T/f9usb.sets' &&
	    grep -q 'BD00912000' '$T/f9usb.sets'"
	expect "...none of UART1's: its speed, protocols, RMC_UART1" sh -c \
	    "! grep -q -e 01005240 -e 0.007310 -e 0.007410 -e AC009120 \
	    '$T/f9usb.sets'"
	run "$GPSCTL" -c "$T/f9usb.conf" apply
	expect "apply again: changed=0" sh -c \
	    "[ $status = 0 ] && grep -q ' changed=0\$' '$T/out'"
	run "$GPSCTL" -l "$GPS" -s 9600 baud 115200
	expect "baud on its USB port: refused, exit 69, says why" sh -c \
	    "[ $status = 69 ] && grep -q 'USB port: no speed' '$T/err'"
}

# gpsd let write (no -b) finds the u-blox by its MON-VER and reads its
# NAV-PVT; gpsd 3.22 turns the NMEA off meanwhile (gpsctl(1), CAVEATS),
# and apply turns it on again
t_gpsd_finds_it() {
	peers_only && return 0
	if ! command -v gpsd >/dev/null 2>&1 ||
	    ! command -v gpspipe >/dev/null 2>&1; then
		skip "gpsd and gpspipe are not installed"
		return 0
	fi
	start_m8t gpsd
	port=$(awk -v s="$$" 'BEGIN { srand(s); print 30000 + int(rand() * 20000) }')
	gpsd -N -n -S "$port" -F "$T/gpsd.sock" -s 9600 "$GPS" \
	    2>"$T/gpsd.err" &
	gpsd_pid=$!
	SIM_PIDS="$SIM_PIDS $gpsd_pid"
	sleep 1
	run timeout 20 gpspipe -w -n 14 "127.0.0.1:$port"
	expect "gpsd names its driver u-blox" \
	    grep -q '"driver":"u-blox"' "$T/out"
	expect "...and reports 3D fixes from NAV-PVT" \
	    grep -q '"class":"TPV".*"mode":3,.*"lat":59.3293' "$T/out"
	kill "$gpsd_pid"
	wait "$gpsd_pid" 2>/dev/null || true
	expect "gpsd asked for NAV-PVT (CFG-MSG 01-07 on)" \
	    grep -q '^UBX 06-01 010701' "$T/gpsd/commands.log"
	ubxconf gpsd 9600 rmc
	run "$GPSCTL" -c "$T/gpsd.conf" apply
	expect "apply after gpsd: RMC on again" sh -c "[ $status = 0 ] &&
	    [ '$(st gpsd sentences)' = RMC ]"
}

run_tests "$0"
