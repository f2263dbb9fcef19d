# shellcheck shell=sh
# failover.sh: the home uplink, probed through the home route: the
# addresses of oobm_failover_probe, pinged or connected to, each round of
# oobm run and oobm watch, and the relay when the list names it (the
# composition asks it: tunnel.sh's relay_answers); oobm_failover_fails
# rounds with no answer mean it is down.  Its state is $state_dir/failover (home=up|down, the
# rounds failed, when it went down, the last change, when the last
# failover session ended).
# Sourced by oobm(8); it defines functions only.
# Reads: fo_fails fo_per_day fo_probe fo_quiet fo_timeout state_dir
# Sets: none

failover_get() { kv_get "$state_dir/failover" "$1"; }

# failover_addrs: the probes' addresses, one per line; not the relay's,
# which has a route of its own
failover_addrs() {
	local w
	for w in $fo_probe; do
		[ "$w" = relay ] || printf '%s\n' "${w%:*}"
	done
}

# failover_relay: oobm_failover_probe names the relay
failover_relay() {
	case " $fo_probe " in *" relay "*) return 0 ;; esac
	return 1
}

# home_answers: one of the probes' addresses answers through the home
# route, or the list has none (the relay alone, asked by the caller).
# A ping or a TCP connect is answered by whoever holds the path: anyone
# on the LAN can forge it.
home_answers() {
	local w
	[ -n "$(failover_addrs)" ] || return 0
	for w in $fo_probe; do
		case $w in
		relay) ;;
		*:*) nc -z -w "$fo_timeout" "${w%:*}" "${w##*:}" \
		    >/dev/null 2>&1 && return 0 ;;
		*) probe_icmp "$w" "$fo_timeout" && return 0 ;;
		esac
	done
	return 1
}

# failover_round up|down [WHY]: one round of probes, whose answer the
# caller gives, counted; 0 when a failover session is due (down for
# oobm_failover_fails rounds, and not within oobm_failover_quiet minutes
# of the last one)
failover_round() {
	local fr_n fr_q e f n
	[ -n "$fo_probe" ] || return 1
	f=$state_dir/failover
	if [ "$1" = up ]; then
		[ "$(failover_get home)" = up ] ||
		    kv_set "$f" home=up "changed=$(now)"
		kv_set "$f" fails=0 down_since=
		return 1
	fi
	n=$(($(failover_get fails) + 1))
	[ -n "$(failover_get down_since)" ] || kv_set "$f" "down_since=$(now)"
	kv_set "$f" "fails=$n"
	log "home uplink: no probe answered${2:+ ($2)}, round $n of $fo_fails"
	[ "$n" -ge "$fo_fails" ] || return 1
	[ "$(failover_get home)" = down ] || kv_set "$f" home=down "changed=$(now)"
	fr_n=$(sessions_of_kind failover)
	if [ "$fr_n" -ge "$fo_per_day" ]; then
		log "home uplink down; no failover session: $fr_n in 24 h" \
		    "already (oobm_failover_per_day; an SMS UP still starts one)"
		return 1
	fi
	e=$(failover_get session_ended)
	fr_q=$(failover_quiet_s "$fr_n")
	if [ -n "$e" ] && [ $(($(now) - e)) -lt "$fr_q" ]; then
		log "home uplink down; no failover session until" \
		    "$(fmt_time $((e + fr_q)) %H:%M)" \
		    "(oobm_failover_quiet, doubled for each of the $fr_n of 24 h;" \
		    "an SMS UP still starts one)"
		return 1
	fi
	return 0
}

# failover_quiet_s N: the seconds with no new failover session after the
# last, when N began within 24 h: oobm_failover_quiet, doubled for each
# after the first, at most a day.  Anyone on the LAN can drop the probes
# and make the home uplink flap; each flap then costs him twice as long.
failover_quiet_s() {
	local fq fq_n
	fq=$((fo_quiet * minute_s)) fq_n=$1
	while [ "$fq_n" -gt 1 ] && [ "$fq" -lt 86400 ]; do
		fq=$((fq * 2)) fq_n=$((fq_n - 1))
	done
	[ "$fq" -le 86400 ] || fq=86400
	echo "$fq"
}

# failover_ended HOME: a failover session is over, the home uplink then
# up or unknown; the rounds are counted afresh
failover_ended() {
	kv_set "$state_dir/failover" "session_ended=$(now)" fails=0 down_since=
	[ "$1" != up ] ||
	    kv_set "$state_dir/failover" home=up "changed=$(now)"
}

# failover_status: oobm status -k's lines about the home uplink
failover_status() {
	local h
	if [ -z "$fo_probe" ]; then
		echo "failover=off"
	else
		h=$(failover_get home)
		echo "failover=${h:-unknown}"
	fi
	echo "failover_fails=$(failover_get fails)"
	echo "failover_down_since=$(failover_get down_since)"
	echo "failover_changed=$(failover_get changed)"
}

# failover_line: oobm status's line about it, when it is on
failover_line() {
	local c d h
	[ -n "$fo_probe" ] || return 0
	h=$(failover_get home)
	d=$(failover_get down_since)
	printf 'home uplink: %s' "${h:-not probed yet}"
	[ -z "$d" ] || printf ', no answer since %s' "$(fmt_time "$d")"
	printf '; %s rounds in a row without one (%s mean down)' \
	    "$(($(failover_get fails) + 0))" "$fo_fails"
	c=$(failover_get changed)
	[ -z "$c" ] || printf '; last change %s' "$(fmt_time "$c")"
	printf '\n'
}
