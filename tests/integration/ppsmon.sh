#!/bin/sh
# ppsmon on synthetic pulse trains, replayed: its statistics must equal
# an independent computation here in awk (means, medians, deviations to
# 1 ns; Allan deviation to 1e-3 relative, the 5 significant digits it
# prints), and its flags must name what was done to the train.
# memcheck: yes (tests/run.sh runs it again under valgrind)
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
DATA=$(dirname "$0")/../data
PPSMON=$(tool ppsmon)

# train N SEED [edit]: N pulses at 1 Hz from 1764115200 with 5 us
# Gaussian jitter, "SEC.NSEC SEQ" per line; edit is an awk condition
# on i that drops pulse i (or "double" / "step" variants below).
train() {
	awk -v n="$1" -v seed="$2" -v mode="${3:-}" 'BEGIN {
		srand(seed); t0 = 1764115200; shift = 0
		for (i = 0; i < n; i++) {
			# Box-Muller: 5 us standard deviation, in ns
			u = rand(); v = rand(); if (u < 1e-12) u = 1e-12
			off = int(5000 * sqrt(-2 * log(u)) * cos(6.283185307 * v))
			if (mode == "missing" && (i == 50 || i == 51)) continue
			if (mode == "outage" && (i >= 80 && i < 82)) continue
			if (mode == "step" && i == 120) shift = 300000000
			if (mode == "late" && i == 60) off += 300000
			ns = off + shift; s = t0 + i
			if (ns < 0) { s -= 1; ns += 1000000000 }
			if (ns >= 1000000000) { s += 1; ns -= 1000000000 }
			printf "%d.%09d %d\n", s, ns, i
			if (mode == "double" && i == 100)
				printf "%d.%09d %d\n", t0 + i, 200000000, i + 1000
		}
	}'
}

# stats FILE: what ppsmon must say, computed independently
stats() {
	awk 'BEGIN { n = 0 }
	{
		split($1, p, "."); ns = p[2] + 0; s = p[1] + 0
		off = ns < 500000000 ? ns : ns - 1000000000
		sec = ns < 500000000 ? s : s + 1
		x[n] = off; at[sec] = off; n++; sum += off
	}
	END {
		mean = sum / n
		for (i = 0; i < n; i++) sq += (x[i] - mean) ^ 2
		# insertion sort for the median
		for (i = 1; i < n; i++) { v = x[i]; j = i - 1
			while (j >= 0 && x[j] > v) { x[j + 1] = x[j]; j-- }
			x[j + 1] = v }
		med = n % 2 ? x[int(n / 2)] : (x[n / 2 - 1] + x[n / 2]) / 2
		printf "mean=%.1f median=%.1f stddev=%.1f min=%d max=%d", mean,
		    med, sqrt(sq / (n - 1)), x[0], x[n - 1]
		split("1 10 100", taus, " ")
		for (k = 1; k <= 3; k++) { m = taus[k]; a = 0; c = 0
			for (s in at) if ((s + m) in at && (s + 2 * m) in at) {
				d = (at[s + 2 * m] - 2 * at[s + m] + at[s]) / 1e9
				a += d * d; c++ }
			if (c > 0) printf " adev%d=%.6e", m, sqrt(a / (2 * m * m * c))
		}
		printf "\n"
	}' "$1"
}

# field KEY: its value in ppsmon's kv summary (the last line)
field() { tail -n 1 "$T/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

rel_close() {	# rel_close GOT WANT
	awk -v a="$1" -v b="$2" 'BEGIN { d = (a - b) / b; if (d < 0) d = -d
		exit !(a != "" && d <= 1e-3) }'
}

want() { printf '%s\n' "$W" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

t_clean_train() {
	train 250 7 >"$T/clean"
	W=$(stats "$T/clean")
	run "$PPSMON" -q -o kv -r "$T/clean"
	expect "clean train: exit 0" status_is 0
	expect "clean train: 250 pulses, nothing flagged" grep -q \
	    '^pulses=250 missed=0 doubles=0 outliers=0 steps=0 ' "$T/out"
	expect "mean offset equals awk's to 1 ns" \
	    close_to "$(field offset_mean_ns)" "$(want mean)" 1
	expect "median equals awk's" \
	    close_to "$(field offset_median_ns)" "$(want median)" 1
	expect "standard deviation equals awk's to 1 ns" \
	    close_to "$(field offset_stddev_ns)" "$(want stddev)" 1
	expect "min and max equal awk's" test \
	    "$(field offset_min_ns) $(field offset_max_ns)" = \
	    "$(want min) $(want max)"
	expect "Allan deviation at 1 s equals awk's (1e-3)" \
	    rel_close "$(field adev_1s)" "$(want adev1)"
	expect "Allan deviation at 10 s equals awk's (1e-3)" \
	    rel_close "$(field adev_10s)" "$(want adev10)"
	expect "Allan deviation at 100 s equals awk's (1e-3)" \
	    rel_close "$(field adev_100s)" "$(want adev100)"
	expect "5 us white jitter: ADEV(1 s) about sqrt(3) x 5 us" \
	    close_to "$(field adev_1s)" 8.66e-6 1.5e-6
	run "$PPSMON" -c -q -n 10 -r "$T/clean"
	expect "check mode on a clean signal: exit 0" status_is 0
}

# refused WHAT ARGS...: ppsmon ARGS is a usage error (64) saying WHAT
refused() { usage_refused "$PPSMON" ppsmon "$@"; }

# Issue 36, item 1: each line of ppsmon(1)'s SYNOPSIS is a mode, every
# option of its line accepted, an option of another line refused.
t_modes() {
	train 5 21 >"$T/modes"
	printf '60640 3600.123 127.127.20.0 9014 0.062 0 0.0009 0.0021\n' \
	    >"$T/modes.peerstats"
	run "$PPSMON" -c -q -n 3 -o kv -s 1 /dev/null
	expect "issue 36: watching a device, all its options: no usage error (69: /dev/null is no PPS source)" \
	    sh -c "[ $status = 69 ] && grep -q '/dev/null: not a PPS source' '$T/err'"
	refused "-w does not go with watching a device" -w "$T/w.dat" /dev/pps0
	refused "-b does not go with watching a device" -b 4800 /dev/pps0
	refused "too many operands" /dev/pps0 /dev/pps1
	run "$PPSMON" -c -q -n 3 -o kv -s 1 -r "$T/modes"
	expect "issue 36: a replay, all its options: exit 0, 3 pulses" \
	    sh -c "[ $status = 0 ] && grep -q '^pulses=3 ' '$T/out'"
	refused "-a does not go with -r" -q -a X -f 0.5 -b 4800 \
	    -w "$T/s.dat" -r "$T/modes"
	expect "issue 36: ...and the refused replay wrote no samples" \
	    test ! -e "$T/s.dat"
	refused "-r (a replay) takes no operand" -r "$T/modes" /dev/pps0
	run "$PPSMON" -o kv -n 2 -b 4800 -w "$T/g.dat" -g "$T/no-gps" \
	    -r "$T/modes"
	expect "issue 36: a calibration, all its options: no usage error, the GPS named" \
	    sh -c "[ $status != 64 ] && [ $status != 0 ] &&
	    grep -q '$T/no-gps' '$T/err'"
	refused "-c does not go with -g" -c -g "$T/no-gps" -r "$T/modes"
	refused "-s does not go with -g" -s 5 -g "$T/no-gps" /dev/pps0
	refused "-m does not go with -g" -m "$T/m.prom" -g "$T/no-gps" \
	    /dev/pps0
	refused "-r file or a device, not both" -g "$T/no-gps" \
	    -r "$T/modes" /dev/pps0
	run "$PPSMON" -o kv -a 127.127.20.0 -f 0.4 -w "$T/p.dat" \
	    -P "$T/modes.peerstats"
	expect "issue 36: statistics, all their options: exit 0, the samples written" \
	    sh -c "[ $status = 0 ] && grep -q 'suggested_time2=0.338000' '$T/out' &&
	    grep -q '^# suggested fudge' '$T/p.dat'"
	refused "-c does not go with -P" -P "$T/modes.peerstats" \
	    -g /dev/x -c -n 5
	refused "-r does not go with -P" -P "$T/modes.peerstats" -r "$T/modes"
	refused "-P (a statistics file) takes no operand" -P "$T/modes.peerstats" /dev/pps0
	run "$PPSMON" -V
	expect "issue 36: -V: the version, exit 0" \
	    sh -c "[ $status = 0 ] && grep -q '^ppsmon [0-9]' '$T/out'"
	refused "-n does not go with -V" -V -n 3
}

t_summary_on_signal() {
	mkfifo "$T/sig"
	"$PPSMON" -q -o kv -r "$T/sig" >"$T/sig.out" 2>&1 &
	pid=$!
	exec 3>"$T/sig"
	train 5 13 | head -n 3 >&3
	sleep 0.5
	kill -USR1 "$pid"
	sleep 0.2
	train 5 13 | tail -n 2 >&3
	sleep 0.3
	exec 3>&-
	status=0
	wait "$pid" || status=$?
	cp "$T/sig.out" "$T/out"
	expect "SIGUSR1: a summary at the next pulse, then the last one" \
	    test "$(grep -c '^pulses=' "$T/out")" -eq 2
	expect "SIGUSR1: the first summary counts 4 pulses, the last 5" sh -c \
	    "grep -q '^pulses=4 ' '$T/out' && tail -n 1 '$T/out' | grep -q '^pulses=5 '"
}

# pty_has RE: what ppsmon showed on its terminal has RE; if not, it is shown
pty_has() {
	grep -q "$1" "$T/pty.out" && return 0
	sed 's/^/#   pty: /' "$T/pty.out"
	return 1
}

t_calibration() {
	# gpssim's RMC ends 380 +- 3 ms after each whole second; the pulses
	# of those seconds come through a FIFO as they happen.
	start_peer gpssim gps cal -p 380:3
	"$BIN/gpsctl" -l "$PEER" sentences rmc >/dev/null
	live_pulses 25
	run "$PPSMON" -o kv -n 12 -w "$T/cal.dat" -g "$PEER" -r "$T/pulses"
	kill "$writer" 2>/dev/null || true
	expect "calibration: 12 RMC sentences matched to their pulses" \
	    grep -q '^samples=12 unmatched=0 ' "$T/out"
	expect "calibration: median delay within 2 ms of 380 ms" \
	    close_to "$(field delay_median_ms)" 380 2
	# +-3 ms uniform is 1.7 ms; a loaded machine adds a late sentence
	expect "calibration: the spread is reported" \
	    close_to "$(field delay_stddev_ms)" 10 9.5
	expect "calibration: time2 0.38" \
	    close_to "$(field time2)" 0.380 0.002
	# issue 16, item 1: on a terminal, the samples so far and their median
	# (its value is checked above: a loaded machine delays a sentence);
	# pulses for long enough that memcheck's start-up leaves 3 (seen: 10
	# s were not, in a full run)
	live_pulses $(($(slow 10000) / 1000))
	script -qefc "'$PPSMON' -n 3 -g '$PEER' -r '$T/pulses'" /dev/null \
	    >"$T/pty.out" 2>&1 </dev/null || true
	kill "$writer" 2>/dev/null || true
	expect "calibration on a pty: '2/3 samples, median ...' as they come" \
	    pty_has 'ppsmon: 2/3 samples, median [0-9]*\.[0-9]* ms'
	expect "calibration: stderr a file, no progress line in it" \
	    err_lacks 'samples, median'
	expect "calibration -w: its 12 samples, in ms, with the fudge line" sh -c \
	    "[ \$(grep -vc '^#' '$T/cal.dat') -eq 12 ] &&
	    grep -q '^# suggested fudge 127.127.20.0 time2 0.3' '$T/cal.dat' &&
	    grep -q '^[0-9]*.000 3[78][0-9].[0-9]*$' '$T/cal.dat'"
}

# The time2 calibration against a u-blox (gpssim -u): its RMC has the
# talker GN, and UBX frames (TIM-TP, a second's next pulse) come between
# the sentences; each RMC still matched to its pulse.
t_calibration_ublox() {
	start_peer gpssim gps calu -u -p 120:3
	printf 'oobm_gps="%s"\noobm_gps_speed=9600\noobm_gps_sentences=rmc\n' \
	    "$PEER" >"$T/calu.conf"
	run "$BIN/gpsctl" -c "$T/calu.conf" apply
	expect "u-blox: apply, RMC only at 9600" sh -c "[ $status = 0 ] &&
	    grep -q '^receiver=u-blox speed=9600 sentences=rmc ' '$T/out'"
	run "$BIN/gpsctl" -l "$PEER" send 06,01,0d,01,01
	expect "u-blox: TIM-TP on (CFG-MSG acknowledged)" sh -c \
	    "grep -q 'ack=ACK' '$T/out' && grep -q '^timtp=1' '$T/calu/state'"
	live_pulses 15
	run "$PPSMON" -o kv -n 8 -C "$T/calu.conf" -g "$PEER" -r "$T/pulses"
	kill "$writer" 2>/dev/null || true
	expect "u-blox: 8 GNRMC sentences matched to their pulses" \
	    grep -q '^samples=8 unmatched=0 ' "$T/out"
	expect "u-blox: time2 0.12" close_to "$(field time2)" 0.120 0.002
	expect "u-blox: ...TIM-TP still on, its frames among them" \
	    grep -q '^timtp=1' "$T/calu/state"
}

# live_pulses SECONDS: a pulse at each whole second into $T/pulses (a
# FIFO) for that long, then silence with the FIFO held open; pid in $writer
live_pulses() {
	rm -f "$T/pulses"
	mkfifo "$T/pulses"
	(
		last=0
		stop=$(($(date +%s) + $1))
		while [ "$(date +%s)" -lt "$stop" ]; do
			s=$(date +%s)
			if [ "$s" != "$last" ]; then
				printf '%d.000000000\n' "$s"
				last=$s
			fi
			sleep 0.05
		done
		sleep 30
	) >"$T/pulses" &
	writer=$!
}

# Issue 14, item 4: -g ends, and never reports fewer samples than asked.
t_calibration_ends() {
	start_peer gpssim gps slow -p 380:3
	live_pulses 30
	run "$PPSMON" -o kv -n 5 -b 57600 -g "$PEER" -r "$T/pulses"
	kill "$writer" 2>/dev/null || true
	expect "item 4: -g with the GPS at 9600, read at 57600: exit 75" \
	    sh -c "[ $status = 75 ] && grep -q 'no RMC' '$T/err'"
	expect "item 4: ...within 3 s of garbage, not never" elapsed_within 2900 6000
	live_pulses 3
	run "$PPSMON" -o kv -n 10 -g "$PEER" -r "$T/pulses"
	kill "$writer" 2>/dev/null || true
	expect "item 4: -g when the pulses stop: exit 75, how many said" \
	    sh -c "[ $status = 75 ] && grep -q 'no pulse within 2 s ([0-9] of 10 samples)' '$T/err'"
	expect "item 4: ...and no result printed" out_empty
	expect "-g that gave up left no lock on the GPS ($(ls "$OOBM_LOCKDIR"))" \
	    test -z "$(ls "$OOBM_LOCKDIR")"
}

repulse() {	# repulse: live_pulses afresh, the last writer stopped
	[ -z "${writer:-}" ] || kill "$writer" 2>/dev/null || :
	live_pulses "$(slow 20)"
}

# -g holds the GPS's lock for a minute: a kill (cron's timeout, ^C) must
# not leave it behind for gpsctl and gpsd to trip over.
t_calibration_killed() {
	start_peer gpssim gps killed
	live_pulses 20
	"$PPSMON" -n 60 -g "$PEER" -r "$T/pulses" >/dev/null 2>&1 &
	pid=$!
	i=0
	while [ -z "$(ls "$OOBM_LOCKDIR")" ] && [ "$i" -lt 100 ]; do
		i=$((i + 1))
		sleep 0.05
	done
	sleep 0.5
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	kill "$writer" 2>/dev/null || true
	expect "-g killed: exit 143, and the GPS's locks gone ($(ls "$OOBM_LOCKDIR"))" \
	    sh -c "[ $status = 143 ] && [ -z \"\$(ls '$OOBM_LOCKDIR')\" ]"
}

# Issue 36, item 3: -g without -b reads the GPS at oobm_gps_speed, as
# gpsctl apply set it; -b still wins, and -C names the file.
t_calibration_configured_speed() {
	start_peer gpssim gps fast -b 57600 -p 380:3
	printf 'oobm_gps_speed=57600\n' >"$T/gps.conf"
	chmod 600 "$T/gps.conf"
	# a writer of its own for each run: one whose reader has gone dies
	# of SIGPIPE at its next pulse, and a slow run (memcheck) leaves
	# more than a second between two readers
	repulse
	run "$PPSMON" -o kv -n 3 -C "$T/gps.conf" -g "$PEER" -r "$T/pulses"
	expect "issue 36: -g -C: the GPS read at oobm_gps_speed 57600, 3 samples" \
	    sh -c "[ $status = 0 ] && grep -q '^samples=3 ' '$T/out'"
	repulse
	run env OOBM_CONF="$T/gps.conf" "$PPSMON" -o kv -n 3 -g "$PEER" \
	    -r "$T/pulses"
	expect "issue 36: -g: the default file's oobm_gps_speed too (\$OOBM_CONF)" \
	    sh -c "[ $status = 0 ] && grep -q '^samples=3 ' '$T/out'"
	repulse
	run "$PPSMON" -o kv -n 3 -b 9600 -C "$T/gps.conf" -g "$PEER" \
	    -r "$T/pulses"
	expect "issue 36: -b beats the file: read at 9600, no RMC, 75" \
	    sh -c "[ $status = 75 ] && grep -q 'not at 9600 baud' '$T/err'"
	repulse
	run "$PPSMON" -o kv -n 3 -g "$PEER" -r "$T/pulses"
	expect "issue 36: no file and none named: 9600, the default" \
	    sh -c "[ $status = 75 ] && grep -q 'not at 9600 baud' '$T/err'"
	kill "$writer" 2>/dev/null || :
	run "$PPSMON" -n 3 -C "$T/no-such.conf" -g "$PEER" -r "$T/pulses"
	expect "issue 36: -C naming no file: 78, the file named" \
	    sh -c "[ $status = 78 ] && grep -q 'no-such.conf' '$T/err'"
}

# Issue 14, item 4: one late pulse is one outlier, not two (the one
# after it is on time, whatever its interval from the late one).
t_outlier_once() {
	train 150 12 late >"$T/late"
	run "$PPSMON" -o kv -r "$T/late"
	expect "item 4: one late pulse: outliers=1" \
	    grep -q '^pulses=150 missed=0 doubles=0 outliers=1 steps=0 ' "$T/out"
	expect "item 4: the late pulse is flagged, the next one is not" sh -c \
	    "grep -q '^seq=60 .*flags=outlier,$' '$T/out' &&
	    ! grep -q '^seq=61 .*flags=' '$T/out'"
}

# Issue 14, item 4: after a clock step, the statistics are those of the
# clock as it now is: the offsets since the step, as awk computes them.
t_step_statistics() {
	train 250 11 step >"$T/step"
	tail -n +121 "$T/step" >"$T/after"
	W=$(stats "$T/after")
	run "$PPSMON" -q -o kv -r "$T/step"
	expect "item 4: after a step, the mean offset is the new one's" \
	    close_to "$(field offset_mean_ns)" "$(want mean)" 1
	expect "item 4: ...its standard deviation has no step in it" \
	    close_to "$(field offset_stddev_ns)" "$(want stddev)" 1
	expect "item 4: ...nor has its Allan deviation at 10 s" \
	    rel_close "$(field adev_10s)" "$(want adev10)"
	expect "item 4: ...and the pulses still all count" \
	    grep -q '^pulses=250 missed=0 doubles=0 outliers=0 steps=1 ' "$T/out"
}

# Issue 14, item 4: -s 100 on 300 pulses: three summaries, not four.
t_summary_once() {
	train 300 14 >"$T/300"
	run "$PPSMON" -q -o kv -s 100 -r "$T/300"
	expect "item 4: -s 100 on 300 pulses: 3 summaries" \
	    test "$(grep -c '^pulses=' "$T/out")" -eq 3
	run "$PPSMON" -q -o kv -s 100 -r "$T/clean"
	expect "item 4: -s 100 on 250 pulses: 2, and the last at the end" sh -c \
	    "[ \$(grep -c '^pulses=' '$T/out') -eq 3 ] &&
	    tail -n 1 '$T/out' | grep -q '^pulses=250 '"
}

# Issue 14, item 4: check mode on nothing at all is not healthy.
t_check_without_pulses() {
	: >"$T/empty"
	run "$PPSMON" -c -q -r "$T/empty"
	expect "item 4: -c on an empty replay: exit 1, said" sh -c \
	    "[ $status = 1 ] && grep -q 'no pulse to judge' '$T/err'"
	printf 'junk\nmore junk\n' >"$T/junk"
	run "$PPSMON" -c -q -r "$T/junk"
	expect "item 4: -c on a replay of garbage: exit 1" status_is 1
}

t_peerstats() {
	# ntpd's peerstats: the NMEA refclock 62 ms off (the seed's case),
	# the PPS refclock and another peer to be ignored.
	awk 'BEGIN { for (i = 0; i < 100; i++) {
		printf "60640 %d.123 127.127.20.0 9014 %.6f 0.000000 0.000900 0.002100\n", 3600 + 16 * i, 0.062 + (i % 5 - 2) * 0.001
		printf "60640 %d.124 127.127.22.0 9714 0.000001 0.000000 0.000100 0.000002\n", 3600 + 16 * i
		printf "60640 %d.125 198.18.0.1 9314 0.003000 0.020000 0.001000 0.001000\n", 3600 + 16 * i } }' \
	    >"$T/peerstats"
	run "$PPSMON" -o kv -f 0.400 -P "$T/peerstats"
	expect "peerstats: 100 samples of 127.127.20.0, found without -a, mean 62 ms" \
	    grep -q '^refclock=127.127.20.0 samples=100 offset_mean_s=0.062000 offset_median_s=0.062000 ' "$T/out"
	expect "peerstats: new time2 = old time2 - mean offset" \
	    grep -q ' time2=0.400000 suggested_time2=0.338000 daemon=ntpd$' "$T/out"
	run "$PPSMON" -f 0.400 -P "$T/peerstats"
	expect "peerstats: the fudge line to paste, last" sh -c \
	    "tail -n 1 '$T/out' | grep -qx 'fudge 127.127.20.0 time2 0.338000'"
	expect "peerstats: says which refclock and which ntpd" \
	    grep -q '^127.127.20.0 (ntpd): 100 samples' "$T/out"
	run "$PPSMON" -a 127.127.28.0 -P "$T/peerstats"
	expect "peerstats without samples of that peer: exit 65" status_is 65
	run "$PPSMON" -a 127.127.22.0 -P "$T/peerstats"
	expect "peerstats of the PPS driver: no time2 to suggest, exit 65" \
	    sh -c "[ $status = 65 ] && grep -q 'not an NMEA or SHM refclock' '$T/err'"
	# ntpsec names the same clocks NMEA(0), SHM(0), PPS(0)
	sed 's/127\.127\.20\.0/NMEA(0)/; s/127\.127\.22\.0/PPS(0)/' \
	    "$T/peerstats" >"$T/peerstats.ntpsec"
	run "$PPSMON" -f 0.400 -P "$T/peerstats.ntpsec"
	expect "ntpsec peerstats: NMEA(0) found, the fudge line ntpsec takes" sh -c \
	    "grep -q '^NMEA(0) (ntpsec): 100 samples' '$T/out' &&
	    tail -n 1 '$T/out' | grep -qx 'fudge 127.127.20.0 time2 0.338000'"
	grep -v NMEA "$T/peerstats.ntpsec" |
	    sed 's/198\.18\.0\.1/SHM(0)/' >"$T/peerstats.shm"
	run "$PPSMON" -o kv -P "$T/peerstats.shm"
	expect "gpsd's SHM clock: its offset is time1" \
	    grep -q '^refclock=SHM(0) samples=100 .* time1=0.000000 suggested_time1=-0.003000 daemon=ntpsec$' "$T/out"
	# chrony's refclocks.log, as chronyd 4.3 wrote it (offset 0.380):
	# the raw offsets, before chrony's offset option, are what count
	run "$PPSMON" -f 0.9 -P "$DATA/chrony-refclocks.log"
	expect "chrony's refclocks.log: NMEA found, its 12 raw samples" \
	    grep -q '^NMEA (chrony): 12 samples, offset mean -0.380926 s, median -0.380680 s' "$T/out"
	expect "chrony: the offset option to set, last, -f not applied" sh -c \
	    "tail -n 1 '$T/out' | grep -qx 'offset 0.380926'"
	awk '{ print }
	    $3 == "NMEA" && $4 != "-" { print $1, $2, "PPS", $4, $5, 1, $7, $8, $9 }' \
	    "$DATA/chrony-refclocks.log" >"$T/chrony.pps"
	run "$PPSMON" -o kv -P "$T/chrony.pps"
	expect "chrony: a pulse's refid is passed over without -a" \
	    grep -q '^refclock=NMEA samples=12 .* offset=0.000000 suggested_offset=0.380926 daemon=chrony$' "$T/out"
	run "$PPSMON" -a PPS -P "$T/chrony.pps"
	expect "chrony: -a naming the pulse: nothing to correct, exit 65" \
	    sh -c "[ $status = 65 ] && grep -q 'PPS is not an NMEA or SHM refclock' '$T/err'"
	# issue 16, item 3: -w writes the samples, etc/ppsmon.gp draws them
	run "$PPSMON" -w "$T/samples" -f 0.400 -P "$T/peerstats"
	expect "-w: the samples, in ms, after what they are and the fix" sh -c \
	    "sed -n 2p '$T/samples' | grep -qx '# suggested fudge 127.127.20.0 time2 0.338000' &&
	    [ \$(grep -vc '^#' '$T/samples') -eq 100 ] &&
	    grep -qx '1732582800.123 60.000000' '$T/samples'"
	if command -v gnuplot >/dev/null 2>&1; then
		gnuplot -e "in='$T/samples'; out='$T/offset.png'" \
		    "$(dirname "$0")/../../etc/ppsmon.gp" 2>"$T/err" || true
		expect "etc/ppsmon.gp draws the samples: a PNG, and no small one" \
		    sh -c "head -c 8 '$T/offset.png' | od -An -tx1 |
		    grep -q '89 50 4e 47 0d 0a 1a 0a' &&
		    [ \$(wc -c <'$T/offset.png') -gt 10000 ]"
	else
		skip "no gnuplot (tests/deps.sh installs gnuplot-nox)"
	fi
	printf 'garbage\n' >"$T/peerstats.none"
	run "$PPSMON" -P "$T/peerstats.none"
	expect "peerstats without any GPS refclock: exit 65, said" sh -c \
	    "[ $status = 65 ] && grep -q 'no samples of an NMEA or SHM refclock' '$T/err'"
}

t_flags() {
	train 150 8 missing >"$T/missing"
	run "$PPSMON" -o kv -r "$T/missing"
	expect "two missing pulses: missed=2" grep -q '^pulses=148 missed=2 ' \
	    "$T/out"
	expect "the pulse after the gap is flagged" grep -q \
	    '^seq=52 .* interval_ns=30[0-9]* flags=missed, missed=2$' "$T/out"
	run "$PPSMON" -c -q -r "$T/missing"
	expect "check mode with missed pulses: exit 1" status_is 1
	train 150 9 double >"$T/double"
	run "$PPSMON" -o kv -r "$T/double"
	expect "a double pulse: doubles=1, nothing missed" \
	    grep -q '^pulses=151 missed=0 doubles=1 ' "$T/out"
	expect "the double pulse is flagged" \
	    grep -q '^seq=1100 .* flags=double,$' "$T/out"
	train 150 10 outage >"$T/outage"
	run "$PPSMON" -o kv -r "$T/outage"
	expect "a 2-second outage: missed=2" grep -q '^pulses=148 missed=2 ' \
	    "$T/out"
	train 150 11 step >"$T/step"
	run "$PPSMON" -o kv -r "$T/step"
	expect "a clock step: steps=1, no pulse called missing" \
	    grep -q '^pulses=150 missed=0 doubles=0 outliers=0 steps=1 ' \
	    "$T/out"
	expect "the pulse after the step is flagged" \
	    grep -q '^seq=120 .*flags=step,$' "$T/out"
}

t_silence_and_devices() {
	mkfifo "$T/fifo"
	(train 3 12; sleep 4) >"$T/fifo" &
	writer=$!
	run "$PPSMON" -c -o kv -r "$T/fifo"
	expect "a signal that stops: exit 75" status_is 75
	expect "...within about 2 s of the last pulse" elapsed_within 1800 3500
	expect "...saying so" err_has 'no pulse within 2 s'
	# the writer only: a bare wait would also wait for the simulators
	wait "$writer"
	run "$PPSMON" /dev/pps9
	expect "missing PPS device: exit 69" status_is 69
	expect "missing PPS device: named" err_has '/dev/pps9: no such device'
	run "$PPSMON" /dev/null
	expect "not a PPS device (RFC 2783 refuses it): exit 69" status_is 69
	printf '1764115200.000000100\nnonsense\n1764115201.000000200\n' \
	    >"$T/bad"
	run "$PPSMON" -o kv -r "$T/bad"
	expect "a bad line is reported and skipped" err_has 'line 2: not'
	expect "...the others count" grep -q '^pulses=2 ' "$T/out"
}

run_tests "$0"
