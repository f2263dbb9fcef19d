# shellcheck shell=sh
# selftest.sh: the selftest: a session with no owner waiting, judged and
# reported.
# Sourced by oobm(8); it defines functions only.
# Reads: health_out notify probe_s run_dir selftest_ussd state_dir stick why
# Sets: health_out selftest

# selftest_judge UP_OK OUTCOME: ok when the link came up and the session
# lasted its time, else failed
selftest_judge() {
	if [ "$1" = 1 ] && [ "$2" = time_up ]; then
		echo ok
	else
		echo failed
	fi
}

selftest_line() {	# selftest_line VERDICT REASON
	if [ "$1" = ok ]; then
		printf 'oobm selftest: ok: link, relay, forward, push;'
	else
		printf 'oobm selftest: FAILED: %s;' "$2"
	fi
	printf ' signal %s dBm, %s %s' "$(health_get signal_dbm)" \
	    "$(health_get registration)" "$(health_get operator)"
	[ -z "${balance:-}" ] || printf '; %s' "$balance"
	[ "${probe_s:-0}" -lt 5 ] ||
	    printf '; the relay took %s s to answer' "$probe_s"
	printf '\n'
}

# selftest_push OUTCOME REASON: the verdict pushed through the link it is
# about, before the teardown
selftest_push() {
	push_line "$(selftest_line "$(selftest_judge 1 "$1")" "$2")"
}

# selftest_verdict UP_OK OUTCOME REASON: the selftest's result: key=value
# lines on stdout and in the state directory, a one-line verdict by push,
# and by SMS when it failed.
selftest_verdict() {
	local line
	verdict=$(selftest_judge "$1" "$2")
	shift
	line=$(selftest_line "$verdict" "$2")
	{
		printf '%s\n' "$health_out"
		echo "time=$(now)"
		echo "verdict=$verdict"
		echo "reason=$(safe "$2")"
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
	under_lock selftest_steps
}

selftest_steps() {
	local problem t0
	selftest=1 modem_dead=0 problem= verdict=
	modem_ok || { problem=$why; modem_dead=1; }
	health_out=$(health)
	[ "$modem_dead" = 1 ] || ussd_balance
	log "selftest: $(printf '%s' "$health_out" | tr '\n' ' ')"
	[ -n "$problem" ] || problem=$(health_problem)
	if [ -n "$problem" ]; then
		# no link can come up: said without trying one
		t0=$(now)
		selftest_verdict 0 refused "$problem"
		history_add "$t0" "$(now)" selftest 0 "selftest: $problem"
		exit 1
	fi
	session 1 "" "" || true
	[ "$verdict" = ok ] || exit 1
}

selftest_get() { kv_get "$state_dir/selftest" "$1"; }

# oobm_selftest_ussd: the prepaid balance, asked of the network while the
# port is free; in the selftest's lines and its verdict.
ussd_balance() {
	local a
	balance=
	[ -n "$selftest_ussd" ] || return 0
	[ "$stick" = 0 ] || { log "oobm_selftest_ussd: not asked of a HiLink stick"; return 0; }
	if a=$(at -t 30 -u "$selftest_ussd" \
	    2>"$run_dir/ussd.err"); then
		balance=${a#status=* text=}
	else
		log "USSD $selftest_ussd: $(tail -n 1 "$run_dir/ussd.err")"
		balance="no answer to $selftest_ussd"
	fi
	health_out=$(printf '%s\nbalance=%s' "$health_out" "$(safe "$balance")")
}
