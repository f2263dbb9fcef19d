# shellcheck shell=sh
# inbox.sh: the inbox: one poll of the SMS store, the ladder when it fails,
# the commands found, the handled ones deleted.
# Sourced by oobm(8); it defines functions only.
# Reads: at_timeout err run_dir sms_port
# Sets: f_cmd f_idx f_min f_sender f_time from idx poll_err rc want

# sms_ok: one smspoll into $run_dir/commands; rc holds its status
sms_ok() {
	rc=0
	smspoll -c "$CONF" -t "$at_timeout" -l "$sms_port" >"$run_dir/commands" \
	    2>"$run_dir/smspoll.err" || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 1 ]
}

# poll_sms: the SMS read, through the ladder when the modem times out or
# is gone (a wedged AT+CMGL, a modem that does not answer at all); rc is
# smspoll's status.  1 when the ladder did not bring it back.
poll_sms() {
	poll_err=
	sms_ok && return 0
	poll_err="smspoll: $(tail -n 1 "$run_dir/smspoll.err")"
	case $rc in 69 | 75) ;; *) return 0 ;; esac
	log "$poll_err"
	ladder sms_ok "cannot read its SMS" "$run_dir/smspoll.err" && return 0
	poll_err="$poll_err; $err"
	return 1
}

ack() {	# ack INDEXES: the handled messages deleted
	[ -n "$1" ] || return 0
	smspoll -c "$CONF" -t "$at_timeout" -l "$sms_port" -d "$1" >/dev/null 2>&1 ||
	    log "could not delete SMS $1"
}

# record INDEX SENDER TIME COMMAND [MINUTES]: one line of smspoll's
# output (index=1,2 sender=+46... time=... command=up minutes=30), each
# field checked against what smspoll prints: idx, from, cmd and m (the
# minutes of an UP) set; 1 when it is not such a line.
record() {
	idx=${1#index=} from=${2#sender=} cmd=${4#command=} m=${5#minutes=}
	: "$3"	# the time: smspoll has judged it
	case $idx in '' | *[!0-9,]*) return 1 ;; esac
	case $from in '' | *[!+0-9]*) return 1 ;; esac
	case $cmd in
	up) case $m in '' | *[!0-9]*) return 1 ;; esac ;;
	down | status) ;;
	*) return 1 ;;
	esac
}

# Read smspoll's lines; do what the last UP/DOWN says, answer STATUS.
handle_commands() {
	want='' minutes='' sender='' up_idx='' other_idx=''
	while read -r f_idx f_sender f_time f_cmd f_min; do
		record "$f_idx" "$f_sender" "$f_time" "$f_cmd" "$f_min" ||
		    continue
		case $cmd in
		up)
			want=up minutes=$m sender=$from
			up_idx=${up_idx:+$up_idx,}$idx
			;;
		down)
			want=down sender=$from
			other_idx=${other_idx:+$other_idx,}$idx
			;;
		status)
			sms "$from" "$(status_line "$(signal_dbm)")" || true
			ack "$idx"
			;;
		esac
	done <"$1"
	case $want in
	up)
		log "activation: UP $minutes from $sender"
		ack "$other_idx"
		session "$minutes" "$sender" "$up_idx" || true
		;;
	down)
		log "DOWN from $sender: no session is running"
		sms "$sender" "oobm: no session is running" || true
		ack "$other_idx${up_idx:+,$up_idx}"
		;;
	esac
}
