# shellcheck shell=sh
# notify.sh: telling the owner: an SMS to an explicit recipient, the push,
# the owner's way in.
# Sourced by oobm(8); it defines functions only.
# Reads: notify push push_ip relay relay_alias relay_port replies_max
#   run_dir sms_port state_dir tunnel_port
# Sets: none

# sms TEXT: to whoever asked, else oobm_notify.  PPP may still be
# releasing a one-port modem: a busy port is waited for (30 s); a modem
# that times out gets one more try.
# reply TO TEXT: an answer to an SMS (STATUS, a refusal, POWER's), at
# most oobm_sms_replies_per_hour: whoever holds the secret, or replays
# the owner's message, cannot make the box text without end.  A
# session's own texts are not answers.  Never fails.
reply() {
	if [ "$(stamps_within "$state_dir/replies" 3600)" -ge "$replies_max" ]
	then
		log "not texted to $1: $replies_max answers in the last hour" \
		    "already (oobm_sms_replies_per_hour): $2"
		return 0
	fi
	stamp_add "$state_dir/replies"
	sms "$1" "$2" || true
}

sms() {	# sms TO TEXT: TO empty, the owner's number (oobm_notify)
	local max to i rc
	to=${1:-$notify}
	shift
	[ -n "$to" ] || { log "no number to text: $1"; return 0; }
	[ -n "$sms_port" ] || return 0
	progress "texting $to"
	i=0
	while :; do
		rc=0
		# smssend's own timeouts: the network may take a minute
		smssend -c "$CONF" -l "$sms_port" "$to" "$1" >/dev/null \
		    2>"$run_dir/sms.err" || rc=$?
		[ "$rc" = 0 ] && { log "texted $to: $1"; return 0; }
		i=$((i + 1))
		max=2
		! grep -q 'device busy' "$run_dir/sms.err" || max=15
		if [ "$rc" != 69 ] && [ "$rc" != 75 ] || [ "$i" -ge "$max" ]; then
			log "cannot text $to: $(tail -n 1 "$run_dir/sms.err")"
			return 1
		fi
		sleep 2
	done
}

# owner_ssh: the owner's way in, one command from anywhere: through the
# relay (as the owner's own account there, not the tunnel's, which may
# not forward) to the tunnel's end on its loopback, the box's sshd.  A
# relay on another port than 22 is jumped to on that port (-J HOST:PORT,
# ssh(1)): -p is the last hop's.
owner_ssh() {
	local os_j
	os_j=${relay_alias:-$relay}
	[ "$relay_port" = 22 ] || os_j=$os_j:$relay_port
	echo "ssh -J $os_j -p $tunnel_port 127.0.0.1"
}

# notify_up [WHY]: the owner's way in, pushed; with WHY (a session that
# started by itself) before it, and texted to the owner too when a second
# port is free for SMS (with one, the text went before the link: the link
# holds the port)
notify_up() {
	local msg
	msg="link up: $(owner_ssh)"
	[ -z "${1:-}" ] || msg="$1; $msg"
	log "$msg"
	push_line "oobm: $msg"
	[ -z "${1:-}" ] || port_shared || sms "" "oobm: $msg" || true
}

# notify_calling WHY: a session that started by itself, told by SMS
# before the link takes a one-port modem
notify_calling() {
	port_shared || return 0
	sms "" "oobm: $1; calling home: $(owner_ssh)" || true
}

# During a session the API's address is the one asked of the link's name
# servers (and routed in host mode); after it, the system's resolver.
push_line() {
	[ -n "$push" ] || return 0
	progress "sending the push notification ($push)"
	pushnotify -c "$CONF" ${push_ip:+-a "$push_ip"} -t oobm "$1" \
	    >/dev/null 2>"$run_dir/push.err" ||
	    log "push failed: $(tail -n 1 "$run_dir/push.err")"
}
