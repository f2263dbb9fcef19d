# shellcheck shell=sh
# selftest.sh: the selftest: a session with no owner waiting, judged and
# reported.
# Sourced by oobm(8); it defines functions only.
# Reads: balance err notify probe_s run_dir state_dir
# Sets: health_out reason selftest up_ok

# The selftest's result: key=value lines on stdout and in the state
# directory, a one-line verdict by push, and by SMS when it failed.
selftest_judge() {
	if [ "$up_ok" = 1 ] && [ "${reason:-}" = "time is up" ]; then
		verdict=ok
	else
		verdict=failed
	fi
}

selftest_line() {
	if [ "$verdict" = ok ]; then
		printf 'oobm selftest: ok: link, relay, forward, push;'
	else
		printf 'oobm selftest: FAILED: %s;' "${reason:-interrupted}"
	fi
	printf ' signal %s dBm, %s %s' "$(health_get signal_dbm)" \
	    "$(health_get registration)" "$(health_get operator)"
	[ -z "${balance:-}" ] || printf '; %s' "$balance"
	[ "${probe_s:-0}" -lt 5 ] ||
	    printf '; the relay took %s s to answer' "$probe_s"
	printf '\n'
}

selftest_verdict() {
	selftest_judge
	line=$(selftest_line)
	{
		printf '%s\n' "$health_out"
		echo "time=$(now)"
		echo "verdict=$verdict"
		echo "reason=$(safe "${reason:-interrupted}")"
		echo "relay_answer_s=${probe_s:-}"
	} >"$state_dir/selftest"
	cat "$state_dir/selftest"
	log "$line"
	# a failure: the routes are back, the push may find another way;
	# a text, unless the modem itself is what failed
	[ "$verdict" = ok ] && return 0
	[ "${modem_dead:-0}" = 1 ] || sms "$notify" "$line" || true
	push_line "$line"
}

# selftest: the whole path for a short time, before it is needed: the
# modem's health, link, relay, forward, push, link down, routes restored.
verb_selftest() {
	[ $# -eq 0 ] || usage
	take_lock
	locked selftest_steps
}

selftest_steps() {
	dirs "$state_dir" "$run_dir"
	recover
	selftest=1 up_ok=0 reason='' modem_dead=0
	modem_ok || { reason=$err; modem_dead=1; }
	health_out=$(health)
	[ "$modem_dead" = 1 ] || ussd_balance
	log "selftest: $(printf '%s' "$health_out" | tr '\n' ' ')"
	[ -n "$reason" ] || reason=$(health_problem)
	if [ -n "$reason" ]; then
		# no link can come up: said without trying one
		t0=$(now)
		selftest_verdict
		history_add "$t0" "$(now)" "selftest: $reason"
		exit 1
	fi
	session 1 "" "" || true
	[ "$verdict" = ok ] || exit 1
}

selftest_get() {
	[ -f "$state_dir/selftest" ] || return 0
	sed -n "s/^$1=//p" "$state_dir/selftest" | tail -n 1
}
