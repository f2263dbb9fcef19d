# shellcheck shell=sh
# power.sh: the router's power, through a relay on a GPIO pin
# (oobm_power_gpio): cut for some seconds, then back; never left cut by a
# signal, a crash or a reboot.  The state is $state_dir/power, the cycles
# of 24 h $state_dir/power.log.
# Sourced by oobm(8); it defines functions only.
# Reads: power_active power_chip power_gpio power_interval power_per_day run_dir
#   state_dir
# Sets: none

# power_refusal: why the power cannot be cycled now: nothing, or why
power_refusal() {
	if [ -z "$power_gpio" ]; then
		echo "not configured (oobm_power_gpio)"
	elif [ "$power_per_day" = 0 ]; then
		echo "refused: oobm_power_per_day is 0"
	elif [ "$(power_today)" -ge "$power_per_day" ]; then
		echo "refused, $power_per_day power cycles in 24 h already" \
		    "(oobm_power_per_day)"
	else
		power_too_soon
	fi
}

# power_too_soon: why not yet, when the last cycle was less than
# oobm_power_interval ago: a router still booting is not cut again
power_too_soon() {
	local pt_ago pt_last
	[ "$power_interval" -gt 0 ] || return 0
	pt_last=$(tail -n 1 "$state_dir/power.log" 2>/dev/null) || return 0
	case $pt_last in '' | *[!0-9]*) return 0 ;; esac
	pt_ago=$(($(now) - pt_last))
	[ "$pt_ago" -lt "$power_interval" ] || return 0
	echo "refused: the last cycle was $pt_ago s ago; the next from" \
	    "$(fmt_time $((pt_last + power_interval)) %H:%M:%S)" \
	    "(oobm_power_interval)"
}

power_today() { stamps_today "$state_dir/power.log"; }

# the levels: cut (the one oobm_power_active names) and rest
power_cut() { if [ "$power_active" = low ]; then echo 0; else echo 1; fi; }
power_rest() { if [ "$power_active" = low ]; then echo 1; else echo 0; fi; }

# power_cycle SECONDS: the router's power off for SECONDS, then on again;
# a signal meanwhile puts it on at once (undo_waits)
power_cycle() {
	local e st
	dirs "$run_dir"
	stamp_add "$state_dir/power.log"
	log "router power off for $1 s (pin $power_gpio of $power_chip)"
	# recorded first: whatever happens next, the next run knows
	kv_set "$state_dir/power" state=off "since=$(now)" "seconds=$1" \
	    pid= interrupted=
	pending power_interrupted
	gpio_hold "$power_chip" "$power_gpio" "$(power_cut)" "$1" \
	    "$(power_rest)" 2>"$run_dir/gpio.err" &
	power_pid=$!
	kv_set "$state_dir/power" "pid=$power_pid"
	st=0
	wait "$power_pid" || st=$?
	power_pid=
	e=$(tail -n 1 "$run_dir/gpio.err")	# the holder's, before power_on's
	power_on ""
	[ "$st" = 0 ] || fail "pin $power_gpio of $power_chip: $e"
}

# A signal while the power is off: on at once, and said so.
power_interrupted() { power_on "a signal, after $(($(now) - $(kv_get "$state_dir/power" since))) s"; }

# power_on WHY: the pin at rest, the holder gone; WHY (if any) the cycle
# was cut short by
power_on() {
	pending -
	[ -z "${power_pid:-}" ] || kill "$power_pid" 2>/dev/null || true
	power_pid=
	gpio_set "$power_chip" "$power_gpio" "$(power_rest)" \
	    2>>"$run_dir/gpio.err" ||
	    log "pin $power_gpio of $power_chip: cannot set it back:" \
	    "$(tail -n 1 "$run_dir/gpio.err")"
	kv_set "$state_dir/power" state=on "ended=$(now)" pid= \
	    "interrupted=$1"
	if [ -n "$1" ]; then
		log "router power on again: the cycle was cut short by $1"
	else
		log "router power on again"
	fi
}

# power_recover: a cycle that did not end (oobm killed, a reboot) ended
# now: its holder is waited for (it puts the power back itself, within
# its seconds), then the pin is set at rest and the state says so.
power_recover() {
	local end_t f p since
	f=$state_dir/power
	[ -f "$f" ] || return 0	# never cycled: no process for nothing
	[ "$(kv_get "$f" state)" = off ] || return 0
	[ -n "$power_gpio" ] || return 0
	since=$(kv_get "$f" since)
	p=$(kv_get "$f" pid)
	end_t=$((${since:-0} + $(kv_get "$f" seconds) + 2))
	while alive_pid "$p" && [ "$(now)" -lt "$end_t" ]; do nap 1; done
	log "a power cycle did not end (since $(fmt_time "$since")): power on"
	power_on "a crash or reboot of the box"
}

# power_status: oobm status -k's lines about the power
power_status() {
	local f st
	f=$state_dir/power
	if [ -z "$power_gpio" ]; then
		echo "power=unset"
	else
		st=$(kv_get "$f" state)
		echo "power=${st:-on}"
	fi
	echo "power_since=$(kv_get "$f" since)"
	echo "power_ended=$(kv_get "$f" ended)"
	echo "power_interrupted=$(safe "$(kv_get "$f" interrupted)")"
	echo "power_24h=$(power_today)"
}

# power_line: oobm status's line about the power, when there is a relay
power_line() {
	local f st w
	[ -n "$power_gpio" ] || return 0
	f=$state_dir/power
	st=$(kv_get "$f" state)
	printf 'router power: %s, %s of %s cycles used in 24 h' "${st:-on}" \
	    "$(power_today)" "$power_per_day"
	if [ -n "$(kv_get "$f" ended)" ]; then
		printf '; the last ended %s' "$(fmt_time "$(kv_get "$f" ended)")"
		w=$(kv_get "$f" interrupted)
		[ -z "$w" ] || printf ', cut short by %s' "$w"
	fi
	printf '\n'
}
