# shellcheck shell=sh
# session.sh: a session: link, routes, tunnel, notify, hold, and the
# teardown that undoes them; the recovery after one that did not end.
# Sourced by oobm(8); it defines functions only.
# Reads: at_timeout max_sessions modem relay retry_s route_mode run_dir
#   selftest sms_port ssh_log state_dir tries tunnel_port
# Sets: err f_cmd f_idx f_min f_sender f_time from idx iface link_failures
#   push_ip reason relay_ip state try up_ok

# Sleep so that a signal is handled at once: sh runs a trap only between
# commands, and a signal ends a "wait" at once.  A nap cut short by a
# trap kills its sleep (undo_waits, from every trap): nothing of a run
# outlives it.
nap() {
	sleep "$1" &
	nap_pid=$!
	if wait "$nap_pid"; then nap_pid=; fi
	nap_end
}

nap_end() {
	[ -z "${nap_pid:-}" ] || kill "$nap_pid" 2>/dev/null || true
	nap_pid=
}

# Keep the tunnel while the link lasts, like autossh: transient failures
# retried with backoff for retry_s, permanent ones end the session.
hold() {
	until_t=$(state_get until)
	failing_since=
	backoff=2
	while [ "$(now)" -lt "$until_t" ] && [ "$stop_requested" = 0 ]; do
		progress "up until $(fmt_time "$until_t"): $(owner_ssh);" \
		    "oobm down ends it"
		nap 2
		take_extension
		poll_during_session
		until_t=$(state_get until)
		if ! iface_exists || ! iface_addrs; then
			log "link dropped; bringing it up again"
			take_down_link
			failing_since=${failing_since:-$(now)}
			relink || return 0
			continue
		fi
		tunnel_alive && { failing_since=; backoff=2; continue; }
		why=$(tail -n 1 "$ssh_log" 2>/dev/null)
		log "tunnel lost (${why:-its ssh is gone, its log empty})"
		failing_since=${failing_since:-$(now)}
		if tunnel_up; then
			failing_since=
			backoff=2
			continue
		fi
		if [ "$permanent" = 1 ]; then
			reason=$err
			return 0
		fi
		if [ $(($(now) - failing_since)) -ge "$retry_s" ]; then
			reason="tunnel lost: $err"
			return 0
		fi
		log "$err; retrying in $backoff s"
		nap "$backoff"
		[ "$backoff" -ge 16 ] || backoff=$((backoff * 2))
	done
	[ "$stop_requested" = 0 ] || reason="ended by oobm down"
	reason=${reason:-time is up}
}

# After the link dropped: up again within the session, or give up.
relink() {
	while :; do
		if bring_up; then
			return 0
		fi
		if [ "$permanent" = 1 ]; then
			reason=$err
			return 1
		fi
		take_down_link
		if [ $(($(now) - failing_since)) -ge "$retry_s" ] ||
		    [ "$(now)" -ge "$until_t" ]; then
			reason="link lost: $err"
			return 1
		fi
		log "$err; trying again"
		nap 5
	done
}

# With a second AT port (oobm_sms_port), SMS are read during the session:
# STATUS answered, DOWN ends it, UP extends it.  A one-port modem is held
# by PPP: its SMS wait for the teardown.
poll_during_session() {
	[ "$sms_port" != "$modem" ] || return 0
	[ $(($(now) - ${last_poll:-0})) -ge 10 ] || return 0
	last_poll=$(now)
	if ! smspoll -c "$CONF" -t "$at_timeout" -l "$sms_port" >"$run_dir/commands" \
	    2>"$run_dir/smspoll.err"; then
		log "smspoll: $(tail -n 1 "$run_dir/smspoll.err")"
		return 0
	fi
	while read -r f_idx f_sender f_time f_cmd f_min; do
		record "$f_idx" "$f_sender" "$f_time" "$f_cmd" "$f_min" ||
		    continue
		case $cmd in
		status)
			# the asker is answered; the session's texts stay the
			# owner's who sent UP
			sms "$from" "$(status_line "$(signal_dbm)")" || true
			ack "$idx"
			;;
		down)
			reason="DOWN by SMS"
			until_t=0
			state_set until=0
			s_indexes=${s_indexes:+$s_indexes,}$idx
			;;
		up)
			echo $(($(now) + m * minute_s)) >"$state_dir/extend"
			take_extension
			s_indexes=${s_indexes:+$s_indexes,}$idx
			;;
		esac
	done <"$run_dir/commands"
}

# `oobm up` or an SMS UP while a session runs: the later end wins.
take_extension() {
	f=$state_dir/extend
	[ -f "$f" ] || return 0
	t=$(head -n 1 "$f")
	rm -f "$f"
	case $t in '' | *[!0-9]*) return 0 ;; esac
	[ "$t" -le "$(state_get until)" ] && return 0
	state_set "until=$t"
	log "session extended until $(fmt_time "$t")"
}

# Always, in this order: ssh first (its FIN reaches the relay over the
# link, which frees the port), the link, the routes, then the SMS.
teardown() {
	[ "${torn:-0}" = 0 ] || return 0
	torn=1
	trap - EXIT INT TERM HUP USR1
	own_fds		# run as the EXIT trap, too
	undo_waits
	log "teardown: ${reason:-interrupted}"
	progress "taking the tunnel, the link and the routes down"
	tunnel_down
	link_down
	routes_restore
	state_set state=stopping sshpid= iface= local= peer=
	if [ "$selftest" = 1 ]; then
		selftest_verdict
	elif [ "$up_ok" = 1 ]; then
		sms "$s_sender" "oobm: link is down (${reason:-interrupted})" || true
	else
		sms "$s_sender" "oobm: link failed: ${reason:-interrupted}" || true
	fi
	ack "$s_indexes"
	# last: "oobm down" returns when the session's pid leaves the state
	history_add "$(state_get since)" "$(now)" "${reason:-interrupted}"
	state_set state=idle pid= "error=${reason:-interrupted}" "ended=$(now)"
	progress_done
}

on_signal() {
	own_fds
	reason="stopped by $1"
	teardown
	exit "$2"
}

# session MINUTES SENDER INDEXES: the whole cycle, in this process.
session() {
	s_minutes=$1 s_sender=$2 s_indexes=$3
	cerr=$(session_config_error)
	if [ -n "$cerr" ]; then
		log "cannot start a session: $cerr"
		sms "$s_sender" "oobm: cannot start: $cerr" || true
		ack "$s_indexes"
		return 1
	fi
	if [ "$(sessions_today)" -ge "$max_sessions" ]; then
		log "refused: $max_sessions sessions in 24 h already"
		sms "$s_sender" "oobm: refused, $max_sessions sessions in 24 h already" ||
		    true
		ack "$s_indexes"
		return 1
	fi
	up_ok=0 torn=0 reason='' err='' iface='' relay_ip='' push_ip=''
	link_failures=0
	t0=$(now)
	state_set state=starting "pid=$$" "since=$t0" \
	    "until=$((t0 + s_minutes * minute_s))" "relay=$relay" \
	    "port=$tunnel_port" \
	    "tries=0" error= "sender=$s_sender" "route=$route_mode"
	stop_requested=0
	trap 'teardown' EXIT
	# oobm down: the session ends, the process (oobm watch) goes on
	trap 'stop_requested=1' USR1
	trap 'on_signal SIGTERM 143' TERM
	trap 'on_signal SIGINT 130' INT
	trap 'on_signal SIGHUP 129' HUP
	try=1
	while :; do
		state_set "tries=$try" state=linking
		if bring_up; then
			[ "$stop_requested" = 0 ] && break
			err="ended by oobm down" permanent=1
		fi
		[ "$stop_requested" = 0 ] || err="ended by oobm down" permanent=1
		log "try $try failed: $err"
		take_down_link
		if [ "$permanent" = 1 ] || [ "$try" -ge "$tries" ]; then
			reason=$err
			teardown
			return 1
		fi
		link_escalate
		try=$((try + 1))
		progress "trying again in 5 s"
		nap 5
	done
	up_ok=1
	# the minutes asked count from now: the tries (a modem reset) took
	# some, and the owner needs them all
	if [ "$selftest" = 1 ]; then
		state_set "until=$(($(now) + selftest_s))"
	else
		u=$(($(now) + s_minutes * minute_s))
		[ "$u" -le "$(state_get until)" ] || state_set "until=$u"
	fi
	state_set state=up error=
	notify_up
	hold
	# the verdict goes out through the link it is about
	if [ "$selftest" = 1 ]; then
		selftest_judge
		push_line "$(selftest_line)"
	fi
	teardown
	return 0
}

# A session that died without its teardown (power loss, SIGKILL): its
# routes, link and tunnel are undone before anything else.
recover() {
	p=$(state_get pid)
	st=$(state_get state)
	{ [ -n "$st" ] && [ "$st" != idle ]; } || [ -f "$state_dir/route.saved" ] ||
	    [ -f "$state_dir/routes.added" ] ||
	    [ -f "$state_dir/routes.replaced" ] || return 0
	session_alive "$p" && [ "$p" != $$ ] && return 0
	log "recovering after a session that did not end (state $st, pid ${p:-none})"
	iface=$(state_get iface)
	relay_ip=$(state_get relay_ip)
	tunnel_down
	if [ -n "$iface" ] && iface_exists; then link_down; fi
	routes_restore
	history_add "$(state_get since)" "$(now)" "ended by a crash or power loss"
	state_set state=idle pid= sshpid= iface= local= peer= \
	    "error=ended by a crash or power loss" "ended=$(now)"
}
