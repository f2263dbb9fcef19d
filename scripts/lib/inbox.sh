# shellcheck shell=sh
# inbox.sh: the inbox: one poll of the SMS store, one reader of its lines,
# the handled messages deleted.
# Sourced by oobm(8); it defines functions only.
# Reads: at_timeout max_minutes rc run_dir sms_port
# Sets: skew rc (smspoll's status), cmd from idx m (record's fields)

# sms_ok: one smspoll into $run_dir/commands; rc holds its status
sms_ok() {
	rc=0
	smspoll -c "$CONF" -t "$at_timeout" -l "$sms_port" >"$run_dir/commands" \
	    2>"$run_dir/smspoll.err" || rc=$?
	[ "$rc" = 0 ] || [ "$rc" = 1 ]
}

ack() {	# ack INDEXES: the handled messages deleted
	[ -n "$1" ] || return 0
	smspoll -c "$CONF" -t "$at_timeout" -l "$sms_port" -d "$1" >/dev/null 2>&1 ||
	    log "could not delete SMS $1"
}

# record INDEX SENDER TIME COMMAND [NUMBER]: one line of smspoll's
# output (index=1,2 sender=+46... time=... command=up minutes=30, or
# command=power seconds=10), each field checked against what smspoll
# prints: idx, from, cmd and m (the minutes of an UP, the seconds of a
# POWER) set; 1 when it is not such a line.
record() {
	idx=${1#index=} from=${2#sender=} cmd=${4#command=} m=
	: "$3"	# the time: smspoll has judged it
	case $idx in '' | *[!0-9,]*) return 1 ;; esac
	case $from in '' | *[!+0-9]*) return 1 ;; esac
	case $cmd in
	up) m=${5#minutes=} ;;
	power) m=${5#seconds=} ;;
	down | status) return 0 ;;
	refused) refusal_record "$5"; return ;;
	*) return 1 ;;
	esac
	case $m in '' | *[!0-9]*) return 1 ;; esac
}

# refusal_record "reason=WORD [skew=SECONDS]": the owner's message that
# smspoll refused (and deleted); m the word, skew its seconds
refusal_record() {
	m=${1%% *} skew=
	m=${m#reason=}
	case $1 in *" skew="*) skew=${1##* skew=} ;; esac
	case $skew in '' | -[0-9]* | [0-9]*) ;; *) return 1 ;; esac
	case $skew in -*[!0-9]* | [0-9]*[!0-9]*) return 1 ;; esac
	case $m in command | syntax | minutes | seconds | age | clock) ;;
	*) return 1 ;;
	esac
}

# refusal_text WORD SKEW: why the owner's message was refused, and what
# to send instead
refusal_text() {
	case $1 in
	command) echo "not a command: UP [minutes], DOWN, STATUS or POWER [seconds]" ;;
	syntax) echo "a number only after UP or POWER" ;;
	minutes) echo "minutes out of range: UP 1 to $max_minutes" ;;
	seconds) echo "seconds out of range: POWER 1 to 300" ;;
	age) echo "the message's time is ${2#-} s from the box's clock" \
	    "(more than oobm_sms_max_age): check the box's time" ;;
	clock) echo "the code is for a time ${2#-} s" \
	    "$(if [ "${2:-0}" -lt 0 ]; then echo behind; else echo ahead; fi):" \
	    "set the phone's clock right" ;;
	esac
}

