# shellcheck shell=sh
# session.sh: a session as its state machine: each try steps through the
# link, the routes, the relay's key and the tunnel; then notify, hold,
# and the teardown that undoes them in order (the recovery after one that
# did not end: boot.sh).
# Sourced by oobm(8); it defines functions only.
# Reads: iface known_hosts link local_addr max_sessions peer_addr relay
#   relay_ip route_mode s_indexes s_linked selftest selftest_s session_max
#   ssh_key tries tunnel_port why
# Sets: back_since iface last_home push_ip relay_ip s_exit s_fo_since
#   s_indexes s_linked s_outcome s_reason stop_requested

# attempt: one try at the whole path, step by step: the link, its
# addresses, the routes, the relay's key, the tunnel.  A step that fails
# says why (why) and whether trying again can help (status 2: it cannot);
# status 3 when the link itself did not come up (the modem may then need
# the ladder's steps between tries).
attempt() {
	local st
	log "link up ($link), try $try of $tries"
	progress "dialling ($link)"
	st=0
	link_up || st=$?
	case $st in 0) ;; 2) return 2 ;; *) return 3 ;; esac
	# the history counts a session whose link came up; kept in the state
	# for recover, after a crash
	[ "$s_linked" = 1 ] || { s_linked=1; state_set linked=1; }
	wait_iface || return
	log "link up: $iface $local_addr -> $peer_addr"
	routes_set || return
	# shellcheck disable=SC2046 # one address per line
	[ -z "$s_fo_since" ] || home_routes $(failover_addrs)
	probe_relay || return
	log "relay $relay_ip answers through $iface with its pinned key"
	tunnel_up
}

# undo_attempt: a failed attempt undone; the session goes on
undo_attempt() {
	tunnel_down
	link_down
	routes_restore
}

# Always, in this order: ssh first (its FIN reaches the relay over the
# link, which frees the port), the link, the routes, then the SMS.
teardown() {
	[ "${torn:-0}" = 0 ] || return 0
	torn=1
	trap - EXIT INT TERM HUP USR1
	own_fds		# run as the EXIT trap, too
	undo_waits
	[ -n "$s_outcome" ] || outcome interrupted
	log "teardown: $s_reason"
	session_to stopping
	progress "taking the tunnel, the link and the routes down"
	tunnel_down
	link_down
	routes_restore
	state_set sshpid= iface= local= peer=
	if [ "$selftest" = 1 ]; then
		selftest_verdict "$up_ok" "$s_outcome" "$s_reason"
	elif [ "$up_ok" = 1 ]; then
		sms "$s_sender" "oobm: link is down ($s_reason)" || true
	else
		sms "$s_sender" "oobm: link failed: $s_reason" || true
	fi
	ack "$s_indexes"
	# last: "oobm down" returns when the session's pid leaves the state
	history_add "$(state_get since)" "$(now)" "$s_kind" "$s_linked" \
	    "$s_reason"
	session_to idle pid= "error=$s_reason" "outcome=$s_outcome" \
	    "ended=$(now)"
	progress_done
}

# outcome CODE [WHY]: how the session ends: the code the composition
# compares (s_outcome), and the words the owner reads (s_reason), made
# from it here alone
#   time_up      its minutes are over
#   home_back    a failover session: home answers again
#   down         oobm down
#   down_sms     an SMS DOWN
#   signal       SIGTERM, SIGINT or SIGHUP (WHY: which)
#   link_lost    the link dropped and did not come back (WHY)
#   tunnel_lost  the tunnel dropped and did not come back (WHY)
#   failed       no try brought it up (WHY)
#   fatal        a failure no retry can mend (WHY)
#   refused      not started (WHY)
#   crash        found dead: a crash or a power loss
#   interrupted  none of these
outcome() {
	s_outcome=$1
	case $1 in
	time_up) s_reason="time is up" ;;
	home_back) s_reason="home uplink back" ;;
	down) s_reason="ended by oobm down" ;;
	down_sms) s_reason="DOWN by SMS" ;;
	signal) s_reason="stopped by $2" ;;
	link_lost) s_reason="link lost: $2" ;;
	tunnel_lost) s_reason="tunnel lost: $2" ;;
	failed | fatal | refused) s_reason=$2 ;;
	crash) s_reason="ended by a crash or power loss" ;;
	*) s_outcome=interrupted s_reason=interrupted ;;
	esac
}

# session_kind: whose session this is: the owner's by SMS (the one kind
# oobm_max_sessions limits), by hand (oobm up), failover, selftest
session_kind() {
	if [ "$selftest" = 1 ]; then echo selftest
	elif [ -n "$s_fo_since" ]; then echo failover
	elif [ -z "$s_sender" ]; then echo hand
	else echo sms
	fi
}

# session_refused STATUS WORDS...: no session: said to the log and to the
# sender, the messages deleted; STATUS and WORDS for a verb to exit with
session_refused() {
	s_exit=$1
	shift
	outcome refused "$*"
	log "$s_reason"
	reply "$s_sender" "oobm: $s_reason"
	ack "$s_indexes"
}

on_signal() {
	own_fds
	outcome signal "$1"
	teardown
	exit "$2"
}

# What a session cannot go without: nothing, or what is missing.
session_config_error() {
	local m
	if [ -z "$relay" ]; then
		echo "$CONF: set oobm_relay"
	elif m=$(backend_missing) && [ -n "$m" ]; then
		echo "$m"
	elif [ ! -r "$ssh_key" ]; then
		echo "$ssh_key: no ssh key (oobm keygen)"
	elif [ ! -r "$known_hosts" ]; then
		echo "$known_hosts: no pinned relay host key (oobm(8) SETUP)"
	fi
}

# session MINUTES SENDER INDEXES [DOWN_SINCE]: the whole cycle, in this
# process, step by step as session_step allows: starting, linking, up
# (held), stopping, idle.  With DOWN_SINCE, a failover session: the home
# uplink down since then, the session held until it answers again for
# oobm_failover_hold minutes.
session() {
	s_minutes=$1 s_sender=$2 s_indexes=$3 s_fo_since=${4:-}
	last_home=0 back_since=
	s_kind=$(session_kind)
	s_exit=0 s_linked=0 s_outcome='' s_reason=''
	session_allowed || return 1
	session_start
	session_link || return 1
	session_up
	hold
	# the verdict goes out through the link it is about
	[ "$selftest" = 0 ] || selftest_push "$s_outcome" "$s_reason"
	teardown
	return 0
}

# session_allowed: the configuration lets a session start, and the
# owner's budget (an SMS session); if not, refused and said
session_allowed() {
	local cerr
	cerr=$(session_config_error)
	if [ -n "$cerr" ]; then
		session_refused $EX_CONFIG "cannot start: $cerr"
		return 1
	fi
	[ "$s_kind" = sms ] || return 0
	[ "$(sessions_today)" -ge "$max_sessions" ] || return 0
	session_refused $EX_TEMPFAIL "refused: $max_sessions sessions" \
	    "in 24 h already (oobm_max_sessions); the next from" \
	    "$(fmt_time "$(sessions_next "$max_sessions")" %H:%M)"
	return 1
}

# session_start: the state starting, and from here on the teardown runs
# however the process ends
session_start() {
	local t0
	up_ok=0 torn=0 iface='' relay_ip='' push_ip=''
	[ "$s_minutes" -le "$session_max" ] || s_minutes=$session_max
	t0=$(now)
	session_to starting "pid=$$" "since=$t0" \
	    "until=$((t0 + s_minutes * minute_s))" "relay=$relay" \
	    "port=$tunnel_port" "kind=$s_kind" \
	    "tries=0" error= "sender=$s_sender" "route=$route_mode" linked=0
	stop_requested=0
	trap 'teardown' EXIT
	# oobm down: the session ends, the process (oobm watch) goes on
	trap 'stop_requested=1' USR1
	trap 'on_signal SIGTERM 143' TERM
	trap 'on_signal SIGINT 130' INT
	trap 'on_signal SIGHUP 129' HUP
	[ -z "$s_fo_since" ] ||
	    notify_calling "home uplink down since $(fmt_time "$s_fo_since" %H:%M)"
}

# session_link: linking, for oobm_tries attempts; 1 when none brought it
# up (torn down then, the outcome said)
session_link() {
	try=1 link_failures=0
	session_to linking "tries=$try"
	tries_until next_try && return 0
	s_exit=$EX_UNAVAILABLE
	if [ "$stop_requested" = 1 ]; then outcome down
	else outcome failed "$why"
	fi
	teardown
	return 1
}

# next_try STATUS: after a failed try of session_link's (attempt's
# STATUS), 0 when it was the last; else the modem escalated when the link
# did not come up, and the next try's state
next_try() {
	log "try $try failed: $why"
	[ "$try" -lt "$tries" ] || return 0
	if [ "$1" = 3 ]; then
		link_failures=$((link_failures + 1))
		modem_escalate "$link_failures"
	fi
	try=$((try + 1))
	session_to linking "tries=$try"
	progress "trying again in 5 s"
	return 1
}

# tries_until LAST: attempt after attempt, 5 s apart, each failure
# undone, until one passes (0), or the function LAST, given attempt's
# status, says it was the last (1), or a step says no try can mend it, or
# oobm down (2); why says what failed last
tries_until() {
	local st
	while :; do
		st=0
		attempt || st=$?
		[ "$stop_requested" = 0 ] || fail -p "ended by oobm down" || st=$?
		[ "$st" != 0 ] || return 0
		undo_attempt
		[ "$st" != 2 ] || return 2
		! "$1" "$st" || return 1
		nap 5
	done
}

# session_up: up, for the minutes asked, counted from now (the tries, a
# modem reset, took some, and the owner needs them all), and said
session_up() {
	local u
	up_ok=1
	if [ "$selftest" = 1 ]; then
		state_set "until=$(($(now) + selftest_s))"
	else
		u=$(($(now) + s_minutes * minute_s))
		[ "$u" -le "$(state_get until)" ] || state_set "until=$u"
	fi
	session_to up error=
	if [ -n "$s_fo_since" ]; then
		notify_up "home uplink down since $(fmt_time "$s_fo_since" %H:%M)"
	else
		notify_up
	fi
}
