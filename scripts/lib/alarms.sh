# shellcheck shell=sh
# alarms.sh: the alarms verb: what is wrong with the box now, both
# halves, compared with what was wrong at the last look; each change
# pushed once, and logged: an alarm when it begins, with why; its end,
# with when it began and how long it lasted.  Cron runs it every minute.
# Sourced by oobm(8); it defines functions only.
# Reads: alarm_jitter alarm_offset gps pps_metrics run_dir sms_port
#   state_dir stick
# Sets: health_out

# The alarms, a line each in $run_dir/alarms.now ("NAME why") and, while
# they last, in $state_dir/alarms ("NAME SINCE why"):
#   pps_stopped pps_offset pps_jitter: ppsmon's metrics (oobm_pps_metrics)
#   ntp_falseticker ntp_unsynced gps_nofix: the NTP daemon's sources and
#   the NMEA refclock's last sentence (with oobm_gps)
#   selftest_failed modem_gave_up modem_sim modem_network: the
#   out-of-band half's
verb_alarms() {
	[ $# -eq 0 ] || usage
	dirs "$state_dir" "$run_dir"
	{
		alarms_pps
		alarms_ntp
		alarms_oob
	} >"$run_dir/alarms.now"
	alarms_changed "$state_dir/alarms" "$run_dir/alarms.now"
}

# alarms_pps: from ppsmon -m's file: gone quiet (no file, not rewritten
# for 60 s: ppsmon is not running), up 0, offset or jitter out of bounds
alarms_pps() {
	local age f
	f=$pps_metrics
	[ -n "$f" ] || return 0
	if [ ! -f "$f" ]; then
		echo "pps_stopped no $f: ppsmon -m is not running"
		return 0
	fi
	age=$(($(now) - $(file_mtime "$f")))
	if [ "$age" -gt 60 ]; then
		echo "pps_stopped $f not rewritten for $age s: ppsmon stopped"
		return 0
	fi
	awk -v off="$alarm_offset" -v jit="$alarm_jitter" '
	    { sub(/\{[^}]*\}/, "", $1); v[$1] = $2 }
	    END {
	    if (v["oobm_pps_up"] == "0") { print "pps_stopped no pulse"; exit }
	    o = v["oobm_pps_offset_median_seconds"] * 1e6; if (o < 0) o = -o
	    if (o > off + 0)
	        printf "pps_offset offset %.0f us, over %d us\n", o, off
	    j = v["oobm_pps_jitter_seconds"] * 1e6
	    if (j > jit + 0)
	        printf "pps_jitter jitter %.0f us, over %d us\n", j, jit }' "$f"
}

# alarms_ntp: the NTP daemon's view of its sources (ntp.sh), when the
# box is a time server (oobm_gps)
alarms_ntp() {
	local out
	[ -n "$gps" ] || return 0
	if out=$(ntp_sources 2>&1); then
		printf '%s\n' "$out" | ntp_tally
	else
		echo "ntp_unsynced $(safe "$out")"
	fi
	case $(gps_fix) in
	V*) echo "gps_nofix the GPS has no fix (its last sentence says so)" ;;
	esac
}

# alarms_oob: the last selftest's verdict; the recovery that gave the
# modem up; the SIM and the network when the modem can be asked: not
# while a run or a session holds its port, when they stay as they were
# (a busy port is no change)
alarms_oob() {
	local reg sim
	[ "$(selftest_get verdict)" != failed ] ||
	    echo "selftest_failed $(selftest_get reason) at" \
	    "$(fmt_time "$(selftest_get time)")"
	[ -z "$(modem_error)" ] || echo "modem_gave_up $(modem_error)"
	if [ "$stick" = 0 ] && [ -n "$(lock_holder "$sms_port")" ]; then
		# not known now: what was, stands
		awk '$1 ~ /^modem_(sim|network)$/ { $2 = ""; print }' \
		    "$state_dir/alarms" 2>/dev/null || true
		return 0
	fi
	health_out=$(health)
	sim=$(health_get sim)
	reg=$(health_get registration)
	[ -n "$sim" ] || return 0
	[ "$sim" = READY ] || echo "modem_sim SIM $sim"
	case $reg in
	home | roaming | unknown) ;;
	*) echo "modem_network $reg" ;;
	esac
}

# alarms_changed STATE NOW: each alarm of NOW not in STATE begins, each
# of STATE not in NOW has ended; STATE is rewritten to what lasts
alarms_changed() {
	local name rest since t
	t=$(now)
	: >>"$1"
	: >"$1.new"
	while read -r name rest; do
		since=$(awk -v n="$name" '$1 == n { print $2 }' "$1")
		if [ -z "$since" ]; then
			since=$t
			alarm_say "$name: $rest (since $(fmt_time "$t" %H:%M))"
		fi
		echo "$name $since $rest" >>"$1.new"
	done <"$2"
	while read -r name since rest; do
		grep -q "^$name " "$2" && continue
		alarm_say "$name over at $(fmt_time "$t" %H:%M), after" \
		    "$(duration $((t - since))) (since $(fmt_time "$since" %H:%M): $rest)"
	done <"$1"
	mv "$1.new" "$1"
}

# alarm_say TEXT...: a change, logged and pushed
alarm_say() {
	log "alarm: $*"
	push_line "oobm alarm: $*"
}

# duration SECONDS: "45 s", "12 min", "3 h 20 min", "2 d 4 h"
duration() {
	if [ "$1" -lt 60 ]; then echo "$1 s"
	elif [ "$1" -lt 3600 ]; then echo "$(($1 / 60)) min"
	elif [ "$1" -lt 86400 ]; then echo "$(($1 / 3600)) h $(($1 % 3600 / 60)) min"
	else echo "$(($1 / 86400)) d $(($1 % 86400 / 3600)) h"
	fi
}
