#!/bin/sh
# tests/e2e/recovery.sh: the modem recovery ladder end to end, as root, in
# the world of tests/e2e/world.sh: a session that needs the ladder still
# comes up, and a selftest names the step that failed.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/e2e/world.sh
. "$TOP/tests/e2e/world.sh"

# Dialling wedged (NO CARRIER while SMS work) until the stick resets, and
# the reset renames its port: the radio cycled after the first failed
# try, the reset after the second, the port found again by its USB
# identity, and the session comes up on the third.  oobm runs in a
# private mount namespace where tests/sim/usbworld.sh plays udev.
t_dial_wedged_renamed() {
	start_peer modemsim modem mw -W dial -R 800
	fresh oobm_modem=/dev/ttyUSB0 oobm_modem_usb=12d1:1001 oobm_modem_iface=0 \
	    oobm_at_timeout=3
	sms_put mw "$OWNER" 'correct-horse UP 1'
	await 5000 "the modem to store the SMS" sms_taken mw
	t0=$(now_ms)
	exec ip netns exec "$NS_BOX" unshare -m --propagation private \
	    sh "$TOP/tests/sim/usbworld.sh" "$T/mw" \
	    env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" OOBM_MINUTE_S=$MINUTE_S \
	    ASAN_OPTIONS="$ASAN_OPTIONS" sh "$OOBM" -v -c "$T/oobm.conf" run \
	    >"$T/wedge.out" 2>"$T/wedge.err" &
	pid=$!
	if wait_for 90000 session_up; then
		t_up=$(now_ms)
		ok "dial wedged: the session came up after $((t_up - t0)) ms"
	else
		not_ok "dial wedged: the session never came up"
		sed 's/^/#   /' "$T/wedge.err"
	fi
	expect "dial wedged: the radio cycled after the first try" \
	    grep -q 'modem: radio off and on' "$T/wedge.err"
	expect "dial wedged: ...then a reset, the stick back as ttyUSB1" \
	    grep -qx 'add ttyUSB1 .*' "$T/mw/udev.log"
	expect "dial wedged: ...found again by its USB identity" \
	    grep -q 'modem 12d1:1001: data port /dev/ttyUSB1' "$T/wedge.err"
	expect "dial wedged: the owner logs in" \
	    test "$(owner_login)" = hello-from-the-box
	bg_wait "$pid" wedge
	expect "dial wedged: exit 0" status_is 0
	expect "dial wedged: the minute asked counted from the link up" \
	    test $(($(now_ms) - ${t_up:-0})) -ge $((MINUTE_S * 1000))
	expect "dial wedged: 'link is down' texted through the renamed port" \
	    sh -c "cat '$T'/mw/sent/*.txt | grep -q 'link is down (time is up)'"
	expect "dial wedged: the port's lock gone" test ! -e "$T/lock/LCK..ttyUSB1"
}

t_selftest_relay_down() {
	fresh oobm_selftest_seconds=3 oobm_tries=1
	stop_relay
	run_oobm selftest
	start_sshd "$NS_CAR" "$T/relay"
	await 5000 "the relay's sshd back" listening "$NS_CAR" 22
	expect "selftest, relay down: exit 1" status_is 1
	expect "selftest, relay down: the verdict names it" \
	    grep -qx "reason=relay_$RELAY:22_does_not_answer" "$T/out"
	expect "selftest, relay down: texted" \
	    sent_has "oobm selftest: FAILED: relay $RELAY:22 does not answer"
}

not_holding() {
	! ip netns exec "$NS_CAR" ss -Htn state established 'dport = :22' |
	    grep -q .
}

# Security round two, item 4: the relay's unauthenticated slots all held
# (here one, MaxStartups 1, held by a connection that never logs in):
# the selftest fails and says so, not just "does not answer".
t_selftest_slots_held() {
	fresh oobm_selftest_seconds=3 oobm_tries=1
	stop_relay
	cp "$T/relay/sshd_config" "$T/relay/sshd_config.full"
	{ echo 'MaxStartups 1'; cat "$T/relay/sshd_config.full"; } \
	    >"$T/relay/sshd_config"
	start_sshd "$NS_CAR" "$T/relay"
	await 5000 "the relay's sshd, one slot" listening "$NS_CAR" 22
	# ip execs: $! is socat's, for the kill below
	ip netns exec "$NS_CAR" socat -u "TCP:$RELAY:22" OPEN:/dev/null \
	    2>/dev/null &
	holder=$!
	await 5000 "the slot held" \
	    sh -c "ip netns exec $NS_CAR ss -Htn state established 'dport = :22' | grep -q ."
	run_oobm selftest
	kill "$holder" 2>/dev/null || :
	st=0
	wait "$holder" 2>/dev/null || st=$?
	expect "selftest, slots held: the holder stopped by the test ($st)" \
	    wait_for 5000 not_holding
	stop_relay
	mv "$T/relay/sshd_config.full" "$T/relay/sshd_config"
	start_sshd "$NS_CAR" "$T/relay"
	await 5000 "the relay's sshd back as it was" listening "$NS_CAR" 22
	expect "selftest, slots held: exit 1" status_is 1
	expect "selftest, slots held: the verdict says why" \
	    grep -q "^reason=relay_$RELAY:22_closes_the_connection_before_its_banner" "$T/out"
	expect "selftest, slots held: texted, naming MaxStartups" \
	    sent_has "MaxStartups"
}

# Security round two, item 4: a relay slow to show its host key (here a
# proxy on the relay's side that waits 6 s before it connects each
# client to sshd): the selftest passes, and says how long the relay took.
SLOWPORT=2223
proxy_gone() {
	! listening "$NS_CAR" "$SLOWPORT" &&
	    ! ip netns exec "$NS_CAR" ss -Htn "sport = :$SLOWPORT" | grep -q .
}
t_selftest_relay_slow() {
	cp "$T/box/known_hosts" "$T/kh.saved"
	printf '[%s]:%s %s\n' "$RELAY" "$SLOWPORT" \
	    "$(cut -d' ' -f1,2 "$T/relay/host_key.pub")" >"$T/box/known_hosts"
	fresh oobm_selftest_seconds=3 oobm_tries=1 "oobm_relay_port=$SLOWPORT"
	# ip execs: $! is socat's, for the kill below.  The colons of the
	# inner address are escaped from the outer socat's parser.
	ip netns exec "$NS_CAR" socat \
	    "TCP-LISTEN:$SLOWPORT,bind=$RELAY,reuseaddr,fork" \
	    "SYSTEM:sleep 6; exec socat - TCP\\:$RELAY\\:22" 2>/dev/null &
	proxy=$!
	await 5000 "the slow proxy" listening "$NS_CAR" "$SLOWPORT"
	run_oobm selftest
	kill "$proxy" 2>/dev/null || :
	st=0
	wait "$proxy" 2>/dev/null || st=$?
	expect "selftest, slow relay: the proxy stopped by the test ($st)" \
	    wait_for 10000 proxy_gone
	cp "$T/kh.saved" "$T/box/known_hosts"
	expect "selftest, slow relay: exit 0" status_is 0
	expect "selftest, slow relay: the verdict is ok" \
	    grep -qx 'verdict=ok' "$T/out"
	expect "selftest, slow relay: how long the relay took, in its file" \
	    grep -qx 'relay_answer_s=[6-9]' "$T/state/selftest"
	expect "selftest, slow relay: logged, naming MaxStartups" \
	    grep -q "relay $RELAY took [6-9] s to show its host key.*MaxStartups" \
	    "$T/err"
	expect "selftest, slow relay: the push says it" \
	    grep -q 'oobm selftest: ok: .*; the relay took [6-9] s to answer' \
	    "$T"/push/req.*.body
}

run_scenarios "$0"
