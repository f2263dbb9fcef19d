# shellcheck shell=sh
# run.sh: the verbs cron and the owner run: run, watch, up, down, power;
# the poll through the ladder and what the SMS found ask (boot: boot.sh).
# Sourced by oobm(8); it defines functions only.
# Reads: at_timeout cmd def_minutes from idx m max_minutes power_off_s rc
#   run_dir s_exit s_outcome s_reason skew sms_port state_dir stick why
# Sets: rc

verb_run() {
	[ $# -eq 0 ] || usage
	under_lock run_steps
}

run_steps() {
	# smspoll is the one that asks the modem: its 69 and 75 lead to the
	# ladder, so there is no separate AT first
	modem_found
	[ "$stick" = 0 ] || stick_lan
	poll_sms || die "$rc" "$poll_err"
	case $rc in
	0) ;;
	1) log "$poll_err" ;;	# what was printed is acted on
	*) case $poll_err in *"but not for SMS"*) ;; *) die "$rc" "$poll_err" ;; esac ;;
	esac
	handle_commands "$run_dir/commands"
	# failover does not need SMS: a box no SMS reach still calls home
	failover_check
	[ "$rc" != 69 ] || exit "$rc"
}

# failover_check: a round of the home uplink's probes, and a session by
# itself when it is down; not in a run that just held a session
failover_check() {
	local fc_why since
	[ "$session_ran" = 0 ] || return 0
	if fc_why=$(home_probe); then
		failover_round up || return 0
	else
		failover_round down "$fc_why" || return 0
	fi
	since=$(failover_get down_since)
	log "home uplink down since $(fmt_time "$since" %H:%M): a session by itself"
	session "$max_minutes" "" "" "$since" || true
	if [ "$s_outcome" = home_back ]; then
		failover_ended up
	else
		failover_ended unknown
	fi
}

# poll_sms: the SMS read, through the ladder when the modem times out or
# is gone (a wedged AT+CMGL, a modem that does not answer at all); rc is
# smspoll's status.  1 when the ladder did not bring it back.
poll_sms() {
	poll_err=
	sms_ok && { modem_well; return 0; }
	poll_err=$(tail -n 1 "$run_dir/smspoll.err")
	poll_err="smspoll: ${poll_err#smspoll: }"
	case $rc in 69 | 75) ;; *) return 0 ;; esac
	log "$poll_err"
	# on LTE for data alone: the network's doing, no ladder; rc stays 69
	case $poll_err in *"but not for SMS"*) return 0 ;; esac
	ladder sms_ok "cannot read its SMS" "$run_dir/smspoll.err" && return 0
	poll_err="$poll_err; $why"
	return 1
}

# sms_each FILE UP DOWN: each command of smspoll's lines in FILE, in
# or out of a session alike (STATUS answered, POWER done, a refusal
# told), but UP and DOWN, which the functions UP and DOWN take
sms_each() {
	local f_cmd f_idx f_min f_sender f_time
	while read -r f_idx f_sender f_time f_cmd f_min; do
		record "$f_idx" "$f_sender" "$f_time" "$f_cmd" "$f_min" ||
		    continue
		case $cmd in
		up) "$2" ;;
		down) "$3" ;;
		status)
			# the asker is answered; a session's texts stay the
			# owner's who sent UP
			reply "$from" "$(status_line "$(signal_dbm)")"
			ack "$idx"
			;;
		power) power_by_sms "$from" "$m" "$idx" ;;
		refused) refusal_told ;;
		esac
	done <"$1"
}

# Read smspoll's lines; do what the last UP/DOWN says, answer STATUS.
handle_commands() {
	want='' minutes='' sender='' up_idx='' other_idx='' session_ran=0
	sms_each "$1" idle_up idle_down
	case $want in
	up)
		log "activation: UP $minutes from $sender"
		ack "$other_idx"
		session_ran=1
		session "$minutes" "$sender" "$up_idx" || true
		;;
	down)
		log "DOWN from $sender: no session is running"
		reply "$sender" "oobm: no session is running"
		ack "$other_idx${up_idx:+,$up_idx}"
		;;
	esac
}

# idle_up, idle_down: with no session, the last UP or DOWN read wins
idle_up() {
	want=up minutes=$m sender=$from
	up_idx=${up_idx:+$up_idx,}$idx
}
idle_down() {
	want=down sender=$from
	other_idx=${other_idx:+$other_idx,}$idx
}

# refusal_told: the owner told why their message was refused (smspoll
# deleted it already); a stranger's refusal never reaches here
refusal_told() {
	local rt_why
	rt_why=$(refusal_text "$m" "$skew")
	log "the owner's SMS from $from refused: $rt_why"
	reply "$from" "oobm: refused: $rt_why"
}

# power_by_sms FROM SECONDS INDEX: an SMS POWER: the cycle, or why not,
# texted to its sender.  The message is deleted first: a run killed
# during the cycle must not leave it to be done again at the next.
power_by_sms() {
	local no
	ack "$3"
	no=$(power_refusal)
	if [ -n "$no" ]; then
		log "POWER from $1: $no"
		reply "$1" "oobm: power: $no"
		return 0
	fi
	log "POWER $2 s from $1"
	if power_cycle "$2"; then
		reply "$1" "oobm: router power-cycled (off $2 s)"
	else
		log "power cycle failed: $why"
		reply "$1" "oobm: power cycle failed: $why"
	fi
}

# power: the router's power off for SECONDS (oobm_power_off_seconds),
# then on, by hand; no modem or link needed
verb_power() {
	local s
	[ $# -le 1 ] || usage
	s=${1:-$power_off_s}
	case $s in '' | *[!0-9]*) usage ;; esac
	[ "$s" -ge 1 ] && [ "$s" -le 300 ] || die $EX_USAGE "seconds: 1 to 300"
	under_lock power_steps "$s"
}

power_steps() {
	local no
	no=$(power_refusal)
	case $no in
	'') ;;
	not\ configured*) die $EX_CONFIG "power: $no" ;;
	*) die $EX_TEMPFAIL "power: $no" ;;
	esac
	power_cycle "$1" || die $EX_UNAVAILABLE "power cycle failed: $why"
	echo "oobm: router power-cycled (off $1 s)"
}

stop_child() {
	[ -z "${child:-}" ] || kill "$child" 2>/dev/null || true
	undo_waits
}

verb_watch() {
	[ $# -eq 0 ] || usage
	under_lock watch_steps
}

watch_steps() {
	# the port first, as run finds it: with oobm_modem unset the first
	# wait would ask for "" and reach the modem only through the ladder
	modem_found
	[ "$stick" = 0 ] || stick_lan
	log "watching $sms_port for activation SMS"
	while :; do
		# the waiting smspoll ends with us (a session sets its own
		# traps, and clears them)
		trap 'stop_child; exit 143' TERM
		trap 'stop_child; exit 130' INT
		trap 'stop_child; exit 129' HUP
		rc=0 session_ran=0
		smspoll -c "$CONF" -t "$at_timeout" -l "$sms_port" -w 110 >"$run_dir/commands" \
		    2>"$run_dir/smspoll.err" &
		child=$!
		wait "$child" || rc=$?
		child=
		case $rc in
		0) handle_commands "$run_dir/commands" ;;
		1)
			# a deletion failed; what was printed still counts
			log "smspoll: $(tail -n 1 "$run_dir/smspoll.err")"
			handle_commands "$run_dir/commands"
			;;
		78 | 64) die "$rc" "smspoll: $(tail -n 1 "$run_dir/smspoll.err")" ;;
		*)
			log "smspoll exit $rc: $(tail -n 1 "$run_dir/smspoll.err")"
			# a wedged or vanished modem: the ladder, then what
			# the poll that proved it back found
			find_ports fresh || true
			if poll_sms && { [ "$rc" = 0 ] || [ "$rc" = 1 ]; }; then
				handle_commands "$run_dir/commands"
			else
				log "$poll_err; again in 10 s"
				nap 10
			fi
			;;
		esac
		failover_check
	done
}

verb_up() {
	local p m
	[ $# -le 1 ] || usage
	m=${1:-$def_minutes}
	case $m in '' | *[!0-9]*) usage ;; esac
	if [ "$m" -lt 1 ] || [ "$m" -gt "$max_minutes" ]; then
		die $EX_USAGE "minutes: 1 to $max_minutes"
	fi
	p=$(state_get pid)
	# a session on its way up, or up again, takes the minutes as well
	if session_alive "$p" &&
	    case $(state_get state) in linking | up) ;; *) false ;; esac; then
		dirs "$state_dir"
		echo $(($(now) + m * minute_s)) >"$state_dir/extend"
		echo "oobm: session $p extended to $m minutes from now"
		return 0
	fi
	under_lock up_steps "$m"
}

up_steps() {
	session "$1" "" "" || die "$s_exit" "no session: $s_reason"
}

verb_down() {
	local i p
	[ $# -eq 0 ] || usage
	p=$(state_get pid)
	if ! session_alive "$p"; then
		[ -z "$p" ] || ! alive_pid "$p" ||
		    die $EX_UNAVAILABLE "no session is running (pid $p of" \
		    "the state file is not oobm's: the next run recovers)"
		die $EX_UNAVAILABLE "no session is running"
	fi
	kill -USR1 "$p"
	i=0
	while [ "$(state_get pid)" = "$p" ] && [ "$i" -lt 300 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	[ "$(state_get pid)" != "$p" ] ||
	    die $EX_TEMPFAIL "session $p did not end in 60 s"
	echo "oobm: session $p ended"
}
