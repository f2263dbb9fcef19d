# shellcheck shell=sh
# hold.sh: a session's time up: the tunnel kept like autossh, the link
# brought up again when it drops, the owner's SMS read meanwhile (DOWN,
# UP, STATUS), extensions taken.
# Sourced by oobm(8); it defines functions only.
# Reads: back_since fo_hold fo_timeout idx iface last_home relay_ip retry_s
#   run_dir s_fo_since s_indexes s_outcome session_max ssh_log state_dir
#   stop_requested why
# Sets: s_indexes

# hold: until the session's end, its outcome set (outcome): a link or a
# tunnel that drops brought up again (linking meanwhile); transient
# failures retried with backoff for oobm_retry_seconds, permanent ones
# (fail -p) end the session
hold() {
	until_t=$(state_get until)
	failing_since=
	backoff=2
	while [ "$(now)" -lt "$until_t" ] && [ "$stop_requested" = 0 ]; do
		progress "up until $(fmt_time "$until_t"): $(owner_ssh);" \
		    "oobm down ends it"
		nap 2
		tunnel_log_cap
		take_extension
		poll_during_session
		until_t=$(state_get until)
		if [ -n "$s_fo_since" ] && home_back; then
			outcome home_back
			return 0
		fi
		if ! iface_exists "$iface" || ! iface_addrs || ! link_alive
		then
			link_again || return 0
		elif tunnel_alive; then
			failing_since= backoff=2
		elif ! backend_alive; then
			# the tunnel lost with the call: the link again, at once
			link_again || return 0
		else
			tunnel_again || return 0
		fi
	done
	[ "$stop_requested" = 0 ] || outcome down
	[ -n "$s_outcome" ] || outcome time_up
}

# link_alive: the backend's word that the link is up (a modem's call
# that stays up while the interface is there, usbnet's), asked every 10 s
link_alive() {
	[ $(($(now) - ${last_alive:-0})) -ge 10 ] || return 0
	last_alive=$(now)
	backend_alive
}

# link_again: the link dropped: linking until it is up again; 1 when it
# gives up, the outcome set
link_again() {
	log "link dropped; bringing it up again"
	session_to linking
	undo_attempt
	failing_since=${failing_since:-$(now)}
	relink || return 1
	session_to up
}

# tunnel_again: the tunnel dropped: linking while it is opened again, a
# try a round, backing off; 1 when it gives up, the outcome set
tunnel_again() {
	local e st
	e=$(tail -n 1 "$ssh_log" 2>/dev/null)
	log "tunnel lost (${e:-its ssh is gone, its log empty})"
	session_to linking
	failing_since=${failing_since:-$(now)}
	st=0
	tunnel_up || st=$?
	if [ "$st" = 0 ]; then
		session_to up
		failing_since= backoff=2
		return 0
	fi
	if [ "$st" = 2 ]; then
		outcome fatal "$why"
		return 1
	fi
	if [ $(($(now) - failing_since)) -ge "$retry_s" ]; then
		outcome tunnel_lost "$why"
		return 1
	fi
	log "$why; retrying in $backoff s"
	nap "$backoff"
	[ "$backoff" -ge 16 ] || backoff=$((backoff * 2))
}

# home_back: in a failover session, the home uplink has answered again
# for oobm_failover_hold minutes; probed every sixth of a minute, through
# the home route (home_routes).  With the relay among the probes, it
# must then answer too, through home (relay_via_home), before the
# session ends: the addresses' answers anyone on the LAN can forge.
home_back() {
	local every
	every=$((minute_s / 6))
	[ "$every" -ge 1 ] || every=1
	[ $(($(now) - ${last_home:-0})) -ge "$every" ] || return 1
	last_home=$(now)
	if ! home_answers; then
		[ -z "$back_since" ] || log "home uplink down again"
		back_since=
		return 1
	fi
	if [ -z "$back_since" ]; then
		back_since=$(now)
		[ -z "$(failover_addrs)" ] || log "home uplink answers again:" \
		    "the session ends after $fo_hold min of it"
	fi
	[ $(($(now) - back_since)) -ge $((fo_hold * minute_s)) ] || return 1
	failover_relay || return 0
	relay_home_answers && return 0
	log "the relay does not answer through home ($(relay_probe_said));" \
	    "the session goes on"
	back_since=
	return 1
}

# relay_home_answers: the relay, asked through home for a moment (its
# route to the link again after, whatever the answer)
relay_home_answers() {
	local rh_st
	if ! relay_via_home; then
		log "no home route for the relay $relay_ip"
		return 1
	fi
	rh_st=0
	relay_answers "$fo_timeout" || rh_st=$?
	relay_via_link || log "cannot route the relay $relay_ip via $iface again"
	return "$rh_st"
}

# home_probe: the home uplink is up, as a round of the failover probes
# finds it outside a session: an address answers, and the relay too when
# it is among them; when not, why on stdout (or nothing: none answered)
home_probe() {
	home_answers || return 1
	! failover_relay || relay_answers "$fo_timeout" || {
		echo "the relay does not answer: $(relay_probe_said)"
		return 1
	}
}

# relink: after the link dropped, up again within the session, tried
# until oobm_retry_seconds have passed or the session's time is up; 1
# when it gives up, the outcome set
relink() {
	local st
	st=0
	tries_until relink_over || st=$?
	[ "$st" != 0 ] || return 0
	if [ "$stop_requested" = 1 ]; then outcome down
	elif [ "$st" = 2 ]; then outcome fatal "$why"
	else outcome link_lost "$why"
	fi
	return 1
}

# relink_over: after a failed try of relink's, 0 when there is to be no
# other
relink_over() {
	if [ $(($(now) - failing_since)) -ge "$retry_s" ] ||
	    [ "$(now)" -ge "$until_t" ]; then
		return 0
	fi
	log "$why; trying again"
	return 1
}

# With a second AT port (oobm_sms_port), SMS are read during the session:
# STATUS answered, DOWN ends it, UP extends it.  A one-port modem is held
# by PPP: its SMS wait for the teardown.
poll_during_session() {
	! port_shared || return 0
	[ $(($(now) - ${last_poll:-0})) -ge 10 ] || return 0
	last_poll=$(now)
	if ! sms_ok; then
		log "smspoll: $(tail -n 1 "$run_dir/smspoll.err")"
		return 0
	fi
	sms_each "$run_dir/commands" held_up held_down
}

# held_up, held_down: in a session, an UP extends it, a DOWN ends it.
# The UP that started it, or one already taken, stays in the store until
# the session's end and each poll reads it again: it is not one more.
held_up() {
	case ,$s_indexes, in *",$idx,"*) return 0 ;; esac
	echo $(($(now) + m * minute_s)) >"$state_dir/extend"
	take_extension
	s_indexes=${s_indexes:+$s_indexes,}$idx
}
held_down() {
	outcome down_sms
	until_t=0
	state_set until=0
	s_indexes=${s_indexes:+$s_indexes,}$idx
}

# `oobm up` or an SMS UP while a session runs: the later end wins.
take_extension() {
	local f t te_cap
	f=$state_dir/extend
	[ -f "$f" ] || return 0
	t=$(head -n 1 "$f")
	rm -f "$f"
	case $t in '' | *[!0-9]*) return 0 ;; esac
	te_cap=$(($(state_get since) + session_max * minute_s))
	if [ "$t" -gt "$te_cap" ]; then
		log "extension cut to $(fmt_time "$te_cap"): a session lasts" \
		    "$session_max minutes at most (oobm_session_max_minutes)"
		t=$te_cap
	fi
	[ "$t" -le "$(state_get until)" ] && return 0
	state_set "until=$t"
	log "session extended until $(fmt_time "$t")"
}
