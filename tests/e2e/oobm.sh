#!/bin/sh
# tests/e2e/oobm.sh: scripts/oobm end to end, as root, in the world of
# tests/e2e/world.sh: activation, watch, host routes, names asked of the
# carrier, the relay's confinement, the faults of a session, hostile SMS,
# selftest, the rate limit, and the shipped chat script.
# shellcheck disable=SC2016 # message texts with $(...) are not expanded
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/e2e/world.sh
. "$TOP/tests/e2e/world.sh"

# --- scenarios ------------------------------------------------------------

t_activation() {
	fresh
	before=$(box_default)
	say "The box's default route goes to the home router, whose uplink is" \
	    "dead: $before.  The owner texts 'correct-horse UP 2' from $OWNER."
	deliver "$OWNER" 'correct-horse UP 2'
	say "cron runs 'oobm run' (here a minute lasts $MINUTE_S s):"
	t0=$(now_ms)
	oobm_bg act run
	pid=$BG
	demo_follow "$T/act.err"
	if wait_for 20000 relay_bound; then
		ok "activation: relay listens on 127.0.0.1:$PORT after $(($(now_ms) - t0)) ms"
	else
		not_ok "activation: relay never listened"
		sed 's/^/#   /' "$T/act.err"
	fi
	expect "activation: the route to the relay names the cellular link" \
	    test "$(ip -n "$NS_BOX" -o route get "$RELAY" | sed -n 's/.* dev \([^ ]*\).*/\1/p')" = "$IF_BOX"
	say "The owner runs, from outside: ssh -J $RELAY -p $PORT 127.0.0.1" \
	    "echo hello-from-the-box"
	expect "activation: the owner logs in to the box through the relay" \
	    test "$(owner_login)" = hello-from-the-box
	expect "activation: the push request came from the cellular address" \
	    grep -qx "$CELL_BOX" "$T/push/req.1.peer"
	expect "activation: the push says how to log in" \
	    grep -q "ssh -J $RELAY -p $PORT 127.0.0.1" "$T/push/req.1.body"
	expect "activation: status -k says up" sh -c \
	    "ip netns exec $NS_BOX env OOBM_LOCKDIR=$T/lock sh $OOBM -k -c $T/oobm.conf status | grep -qx state=up"
	say "The push notification the owner's phone got: $(cat "$T/push/req.1.body")"
	bg_wait "$pid" act
	demo_end
	say "The SMS the owner got: $(sent_texts | tail -n 1)." \
	    "Default route: $(box_default)"
	expect "activation: oobm run ends with 0 after the minutes" status_is 0
	expect "activation: the session lasted its 2 minutes" \
	    test $(($(now_ms) - t0)) -ge $((2 * MINUTE_S * 1000))
	expect "activation: the relay port is free" relay_free
	expect "activation: the link is gone" link_gone
	expect "activation: the default route is back byte for byte" \
	    test "$(box_default)" = "$before"
	expect "activation: 'link is down' texted to the owner" \
	    sent_has 'oobm: link is down (time is up)'
	expect "activation: ...to the owner's number" sent_has "to=$OWNER"
	expect "activation: the handled SMS deleted" store_empty
	expect "activation: the modem's port is free" test ! -e "$T/lock/LCK..modem"
}

t_confinement() {
	fresh
	# the link by hand, the relay routed through it
	run nsx "$NS_BOX" sh "$E2E/link.sh" up "$T"
	expect "confinement: the link up by hand" status_is 0
	ip -n "$NS_BOX" route replace "$RELAY/32" via "$CELL_PEER" dev "$IF_BOX"
	o=$(box_ssh "$RELAY" id 2>&1) || true
	expect "confinement: no command runs (got: $(echo "$o" | head -n 1))" \
	    sh -c "! printf '%s' \"\$1\" | grep -q uid=" sh "$o"
	o=$(box_ssh -tt "$RELAY" </dev/null 2>&1) || true
	expect "confinement: no tty" sh -c \
	    "printf '%s' \"\$1\" | grep -q 'PTY allocation request failed'" sh "$o"
	o=$(box_ssh -W 127.0.0.1:22 "$RELAY" </dev/null 2>&1) || true
	expect "confinement: no -W" sh -c \
	    "printf '%s' \"\$1\" | grep -q 'administratively prohibited'" sh "$o"
	box_ssh -N -E "$T/L.log" -L 127.0.0.1:40022:127.0.0.1:22 "$RELAY" &
	lpid=$!
	expect "confinement: the -L client listens (so the next check means it)" \
	    wait_for 5000 listening "$NS_BOX" 40022
	k=$(nsx "$NS_BOX" ssh-keyscan -T 3 -p 40022 127.0.0.1 2>/dev/null || true)
	expect "confinement: no -L (its channel refused)" sh -c \
	    "[ -z '$k' ] && grep -q 'administratively prohibited' '$T/L.log'"
	p=$(nsx "$NS_BOX" ss -Hltnp 'sport = :40022' | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | sort -u)
	# shellcheck disable=SC2086 # a list of pids
	kill "$lpid" $p 2>/dev/null || true
	st=0
	wait "$lpid" 2>/dev/null || st=$?
	expect "confinement: the -L client ran until killed" test "$st" -ne 0
	await 3000 "the -L client's port closed" \
	    sh -c "! ip netns exec $NS_BOX ss -Hltn 'sport = :40022' | grep -q ."
	for spec in "31338:localhost:22" "0:localhost:22" "$RELAY:31339:localhost:22"; do
		o=$(box_ssh -N -o ExitOnForwardFailure=yes -R "$spec" "$RELAY" 2>&1) || true
		expect "confinement: no -R $spec" sh -c \
		    "printf '%s' \"\$1\" | grep -q 'remote port forwarding failed'" sh "$o"
	done
	ip -n "$NS_BOX" route del "$RELAY/32"
	run nsx "$NS_BOX" sh "$E2E/link.sh" down "$T"
	expect "confinement: the link down by hand" status_is 0
}

t_link_never_up() {
	fresh oobm_tries=2
	: >"$T/link.fail"
	before=$(box_default)
	deliver "$OWNER" 'correct-horse UP'
	run_oobm run
	expect "link never up: oobm run still exits 0 (it acted)" status_is 0
	expect "link never up: tried twice" test "$(grep -c 'link up (command), try' "$T/err")" -eq 2
	expect "link never up: 'link failed' texted, with the reason" \
	    sent_has 'oobm: link failed: link up command failed: NO CARRIER'
	expect "link never up: routes untouched" test "$(box_default)" = "$before"
	expect "link never up: the SMS deleted" store_empty
}

t_key_refused() {
	fresh
	cp "$T/relay/home/.ssh/authorized_keys" "$T/ak.saved"
	sed 's/^restrict,.* \(ssh-ed25519 [^ ]*\).*/\1/' "$T/ak.saved" >/dev/null
	cut -d' ' -f1,2 "$T/stranger_key.pub" >"$T/relay/home/.ssh/authorized_keys"
	deliver "$OWNER" 'correct-horse UP'
	run_oobm run
	cp "$T/ak.saved" "$T/relay/home/.ssh/authorized_keys"
	expect "key refused: one try only, no retry loop" \
	    test "$(grep -c 'link up (command), try' "$T/err")" -eq 1
	expect "key refused: the SMS says why" \
	    sent_has 'link failed: relay refused the key'
	expect "key refused: link down, routes back" link_gone
}

t_hostkey_changed() {
	fresh
	cp "$T/box/known_hosts" "$T/kh.saved"
	printf '%s %s\n' "$RELAY" "$(cut -d' ' -f1,2 "$T/stranger_key.pub")" \
	    >"$T/box/known_hosts"
	deliver "$OWNER" 'correct-horse UP'
	run_oobm run
	cp "$T/kh.saved" "$T/box/known_hosts"
	expect "host key changed: one try only" \
	    test "$(grep -c 'link up (command), try' "$T/err")" -eq 1
	expect "host key changed: the SMS says why" \
	    sent_has 'link failed: relay host key changed'
}

t_relay_unreachable() {
	fresh oobm_tries=2
	stop_relay
	deliver "$OWNER" 'correct-horse UP'
	run_oobm run
	start_sshd "$NS_CAR" "$T/relay"
	await 5000 "the relay's sshd back" listening "$NS_CAR" 22
	expect "relay unreachable: tried twice" \
	    test "$(grep -c 'link up (command), try' "$T/err")" -eq 2
	expect "relay unreachable: the SMS says so" \
	    sent_has "link failed: relay $RELAY:22 does not answer"
	expect "relay unreachable: link down" link_gone
}

# A relay on another port than 22, its key pinned as ssh-keyscan -p
# writes it ([NAME]:PORT): the probe and the tunnel's ssh look up the
# same name, by address or by oobm_relay_alias.
t_relay_port() {
	cp "$T/box/known_hosts" "$T/kh.saved"
	key=$(cut -d' ' -f1,2 "$T/relay/host_key.pub")
	nsx "$NS_CAR" ssh-keyscan -t ed25519 -p "$RPORT2" "$RELAY" \
	    >"$T/box/known_hosts" 2>/dev/null
	expect "relay port: ssh-keyscan -p pins [address]:port" \
	    grep -qxF "[$RELAY]:$RPORT2 $key" "$T/box/known_hosts"
	fresh "oobm_relay_port=$RPORT2"
	# the owner knows the relay as [address]:port too, as ssh pins it:
	# the push's command must jump on that port (issue 36)
	cp "$T/owner_known_hosts" "$T/okh.saved"
	sed "s/^$RELAY /[$RELAY]:$RPORT2 /" "$T/okh.saved" >"$T/owner_known_hosts"
	session_started port 1
	expect "relay port $RPORT2: the tunnel up" grep -q 'tunnel up: relay' "$T/port.err"
	expect "relay port $RPORT2: the owner logs in by the push's command" \
	    test "$(owner_login)" = hello-from-the-box
	expect "relay port $RPORT2: which jumps to the relay's port" \
	    test "$(owner_how)" = "ssh -J $RELAY:$RPORT2 -p $PORT 127.0.0.1"
	cp "$T/okh.saved" "$T/owner_known_hosts"
	bg_wait "$pid" port
	expect "relay port $RPORT2: the session ran its minute, exit 0" sh -c \
	    "[ $status = 0 ] && grep -q 'teardown: time is up' '$T/err'"

	printf '[relay.oobm.test]:%s %s\n' "$RPORT2" "$key" >"$T/box/known_hosts"
	fresh "oobm_relay_port=$RPORT2" oobm_relay_alias=relay.oobm.test
	session_started portalias 1
	expect "relay port $RPORT2, by its alias: the tunnel up" \
	    grep -q 'tunnel up: relay' "$T/portalias.err"
	bg_wait "$pid" portalias
	expect "relay port $RPORT2, by its alias: exit 0" status_is 0

	# pinned as for port 22: said so, and how to pin it
	printf '%s %s\n' "$RELAY" "$key" >"$T/box/known_hosts"
	fresh "oobm_relay_port=$RPORT2" oobm_tries=1
	deliver "$OWNER" 'correct-horse UP'
	run_oobm run
	expect "relay port $RPORT2 pinned bare: 'link failed' names the name looked up" \
	    sent_has "link failed: no key pinned for \[$RELAY\]:$RPORT2"
	expect "...and how to pin it" \
	    sent_has "ssh-keyscan -p $RPORT2 writes it"
	run nsx "$NS_BOX" env PATH="$BIN:$PATH" sh "$OOBM" -c "$T/oobm.conf" check
	expect "relay port $RPORT2 pinned bare: oobm check says the same" \
	    grep -q "no key for \[$RELAY\]:$RPORT2; one is pinned for $RELAY" "$T/out"
	cp "$T/kh.saved" "$T/box/known_hosts"
}

# status_k_cmd: oobm status -k in the box, as a command line; status_k_is
# STATE: it says state=STATE
status_k_cmd() {
	echo "ip netns exec $NS_BOX env OOBM_LOCKDIR=$T/lock sh $OOBM -k" \
	    "-c $T/oobm.conf status"
}
status_k_is() { sh -c "$(status_k_cmd)" | grep -qx "state=$1"; }

t_ssh_killed_and_carrier_drop() {
	fresh
	before=$(box_default)
	session_started kill 5
	p=$(tunnel_ssh_pid)
	kill -9 "$p"
	expect "ssh killed: the tunnel comes back" wait_for 15000 session_up "$p"
	expect "ssh killed: the log says its ssh is gone" \
	    grep -q 'tunnel lost (its ssh is gone, its log empty)' "$T/kill.err"
	# the carrier drops abruptly: no FIN reaches the relay; the dial
	# back is slow, so that status is asked meanwhile (issue 38)
	echo 4 >"$T/link.slow"
	t0=$(now_ms)
	ip -n "$NS_BOX" link del "$IF_BOX"
	expect "carrier drop: status -k says linking while it dials again" \
	    wait_for 10000 status_k_is linking
	rm -f "$T/link.slow"
	expect "carrier drop: link and tunnel back, the stale port reaped" \
	    wait_for 40000 session_up "$(tunnel_ssh_pid)"
	echo "# carrier drop to tunnel back: $(($(now_ms) - t0)) ms"
	expect "...status -k says up again" status_k_is up
	expect "carrier drop: the owner logs in again" \
	    test "$(owner_login)" = hello-from-the-box
	kill -TERM "$pid"
	bg_wait "$pid" kill
	expect "SIGTERM: clean teardown, exit 143" status_is 143
	expect "SIGTERM: relay port free" relay_free
	expect "SIGTERM: routes restored" test "$(box_default)" = "$before"
	expect "SIGTERM: 'link is down (stopped by SIGTERM)' texted" \
	    sent_has 'link is down (stopped by SIGTERM)'
	expect "...status -k: idle, the outcome a code" sh -c \
	    "$(status_k_cmd) | grep -qx outcome=signal"
	expect "...no step of the session out of its table" \
	    not grep -q 'bug: the session stepped' "$T/err"
}

t_down_and_two_runs() {
	fresh
	session_started two 5
	run_oobm run
	expect "two runs: the second exits 75 at once" status_is 75 ||
	    sed 's/^/#   first: /' "$T/two.err"
	expect "two runs: ...saying who runs" err_has 'another oobm is running'
	run_oobm down
	expect "oobm down: exit 0" status_is 0
	bg_wait "$pid" two
	expect "oobm down: the session ended cleanly" sent_has 'link is down (ended by oobm down)'
	expect "oobm down: relay port free, link gone" sh -c "! ip netns exec $NS_CAR ss -Hltn 'sport = :$PORT' | grep -q . && ! ip -n $NS_BOX link show $IF_BOX >/dev/null 2>&1"
	# oobm down ends the session in a nap: its sleep must not keep the lock
	run_oobm run
	expect "oobm down: the very next run takes the lock" status_is 0
}

# SIGTERM in each kind of wait a session has: it ends with its teardown,
# and no child of oobm keeps the run lock (fd 9): the very next "oobm
# run", as cron starts it, takes the lock.
t_signal_and_lock() {
	fresh
	session_started sig 5
	await 10000 "the hold's nap" napping
	signalled "the hold's nap" 'tunnel up: relay'

	fresh
	session_started sig 5
	# the tunnel lost, the relay gone: ssh fails, oobm backs off
	stop_relay
	kill -9 "$(tunnel_ssh_pid)"
	signalled "a back-off" 'retrying in 2 s'
	start_sshd "$NS_CAR" "$T/relay"
	await 5000 "the relay's sshd back" listening "$NS_CAR" 22

	fresh oobm_tries=3
	: >"$T/link.fail"
	deliver "$OWNER" 'correct-horse UP'
	oobm_bg sig run
	pid=$BG
	signalled "the radio cycle between tries" 'radio off and on'
	expect "SIGTERM in the radio cycle: the radio on again" sh -c \
	    "'$BIN/atcmd' -l '$TTY' 'AT+CFUN?' | grep -qx '+CFUN: 1'"

	fresh
	echo 2 >"$T/link.slow"
	deliver "$OWNER" 'correct-horse UP'
	oobm_bg sig run
	pid=$BG
	signalled "dialling" 'link up (command), try 1'
	expect "SIGTERM in dialling: the dial's link taken down" link_gone

	# a relay that takes the connection and never says a word
	fresh
	stop_relay
	exec ip netns exec "$NS_CAR" socat \
	    "TCP-LISTEN:22,bind=$RELAY,reuseaddr,fork" SYSTEM:'sleep 20' &
	mute=$!
	await 5000 "the mute relay" listening "$NS_CAR" 22
	deliver "$OWNER" 'correct-horse UP'
	oobm_bg sig run
	pid=$BG
	signalled "the relay probe" 'link up: oobmt-cell'
	kill "$mute"
	st=0
	wait "$mute" 2>/dev/null || st=$?
	expect "the mute relay ran until killed" test "$st" -ne 0
	await 3000 "the mute relay gone" sh -c \
	    "! ip netns exec $NS_CAR ss -Hltn 'sport = :22' | grep -q ."
	start_sshd "$NS_CAR" "$T/relay"
	await 5000 "the relay's sshd back" listening "$NS_CAR" 22
}

napping() { pgrep -P "$pid" -x sleep >/dev/null; }

# signalled WHAT LOGLINE: SIGTERM to the session ($pid) once its log says
# LOGLINE; then the teardown and the next run, which finds the lock free
signalled() {
	await 30000 "$1" grep -q -- "$2" "$T/sig.err"
	expect "SIGTERM in $1: no program oobm runs holds the run lock" \
	    no_holder_but "$pid"
	kill -TERM "$pid"
	bg_wait "$pid" sig
	expect "SIGTERM in $1: the teardown ran, exit 143" sh -c \
	    "[ $status = 143 ] && grep -q 'teardown: stopped by SIGTERM' '$T/err'"
	run_oobm run
	expect "SIGTERM in $1: the very next run takes the lock" status_is 0
	expect "SIGTERM in $1: ...as nothing holds it" lock_free
}

# Issue 16, item 1: oobm up by hand shows each long step on one updating
# line, and never writes that line when stderr is not a terminal.
t_up_by_hand() {
	fresh
	run nsx "$NS_BOX" script -qefc "env PATH='$BIN:$PATH' \
	    OOBM_LOCKDIR='$T/lock' OOBM_MINUTE_S=$MINUTE_S \
	    ASAN_OPTIONS='$ASAN_OPTIONS' sh '$OOBM' -c '$T/oobm.conf' up 1" \
	    /dev/null
	expect "up by hand: exit 0, the session held and ended" sh -c \
	    "[ $status = 0 ] && grep -q 'oobm: tunnel up: relay' '$T/out' &&
	    grep -q 'oobm: teardown: time is up' '$T/out'"
	esc=$(printf '\r\033\\[K')
	for step in 'dialling (command)' 'asking the relay' \
	    'opening the tunnel' 'up until .*oobm down ends it' \
	    'taking the tunnel, the link and the routes down'; do
		expect "up by hand: the progress line: $step" \
		    grep -q "${esc}oobm: $step.*\.\.\." "$T/out"
	done
	expect "up by hand: the line cleared before a message" \
	    grep -q "${esc}oobm: tunnel up: relay" "$T/out"
	# The same session with stderr a file, as under cron with -v: told
	# line by line, and no progress line.
	fresh
	run_oobm up 1
	expect "up with stderr a file: the session told, no progress line" \
	    sh -c "[ $status = 0 ] && grep -q 'oobm: tunnel up: relay' '$T/err' &&
	    ! grep -q \"\$(printf '\\033')\" '$T/err'"
}

t_power_loss() {
	fresh
	before=$(box_default)
	session_started crash 5
	# every process of the box at once, as a power cut would: the
	# session, its ssh (maybe not yet in the state file), the dialler;
	# the box's sshd comes back as at boot
	old=$(tunnel_ssh_pid)
	# shellcheck disable=SC2046 # a list of pids
	# kill signals every pid it is given; one that ended between the
	# listing and the kill (a sleep of the hold) makes its status 1,
	# which is no failure here (CI saw it so once)
	kill -9 $(ip netns pids "$NS_BOX") 2>/dev/null || :
	bg_wait "$pid" crash
	expect "power loss: the session died by SIGKILL" status_is 137
	start_sshd "$NS_BOX" "$T/box"
	await 5000 "the box's sshd back" listening "$NS_BOX" 22
	expect "power loss: the default route is the cellular one meanwhile" \
	    test "$(box_default)" != "$before"
	# the relay frees the dead session's port (a FIN, or its ClientAlive
	# reaping); if not yet, the next session retries until it has
	oobm_bg again run
	pid=$BG
	expect "power loss: the unacknowledged UP is acted on again" \
	    wait_for 25000 session_up "$old"
	run_oobm down
	bg_wait "$pid" again
	expect "power loss: the next run recovers first" \
	    grep -q 'recovering after a session' "$T/again.err"
	expect "power loss: ...taking the dead session's routes back" \
	    grep -q 'routes restored' "$T/again.err"
	expect "power loss: routes byte for byte as before" \
	    test "$(box_default)" = "$before"
	expect "power loss: the link is down" link_gone
	expect "power loss: state idle" session_idle
	expect "power loss: history records the crash" \
	    grep -q 'reason=ended by a crash or power loss' "$T/state/history"
}

t_hostile_sms() {
	fresh
	before=$(box_default)
	deliver +46700000000 'correct-horse UP'
	deliver "$OWNER" 'wrong-horse UP'
	deliver "$OWNER" 'correct-horse UP 30; reboot'
	deliver "$OWNER" 'correct-horse $(touch /tmp/oobm-e2e-pwned)'
	deliver "$OWNER" 'correct-horse `touch /tmp/oobm-e2e-pwned`'
	deliver "$OWNER" "$(printf 'correct-horse UP\nreboot')"
	deliver 0701234567 'correct-horse UP' -A
	rm -f /tmp/oobm-e2e-pwned
	run_oobm run
	expect "hostile SMS: exit 0" status_is 0
	expect "hostile SMS: no link at all" sh -c "! grep -q 'link up' '$T/err'"
	expect "hostile SMS: nothing ran" test ! -e /tmp/oobm-e2e-pwned
	expect "hostile SMS: routes untouched" test "$(box_default)" = "$before"
	expect "hostile SMS: all deleted" store_empty
}

# A used TOTP code sent again: no link.  The state file says the step of
# the current code was used, as after the owner's own activation.
t_replayed_totp() {
	key=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
	fresh oobm_sms_auth=totp "oobm_sms_secret='$key'"
	code=$(oathtool --totp -b "$key")
	printf 'step=%s\nmessage=\n' $(($(date +%s) / 30 + 1)) \
	    >"$T/state/smspoll.state"
	deliver "$OWNER" "$code UP"
	run_oobm run
	expect "replayed TOTP: no link" sh -c "! grep -q 'link up' '$T/err'"
	expect "replayed TOTP: the SMS deleted" store_empty
	rm -f "$T/state/smspoll.state"
}

# A modem with a second AT port: SMS are read during the session.
t_two_ports() {
	# its own name: UUCP locks go by the device's basename
	start_peer modemsim pcui m2
	fresh "oobm_sms_port=\"$PEER\""
	sms_put m2 "$OWNER" 'correct-horse UP 5'
	oobm_bg two run
	pid=$BG
	await 20000 "the session up, with a tunnel" session_up
	sms_put m2 "$OWNER" 'correct-horse STATUS'
	expect "second port: STATUS answered during the session" wait_for 30000 \
	    sh -c "cat '$T'/m2/sent/*.txt 2>/dev/null | grep -q 'oobm: up since'"
	sms_put m2 "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" two
	expect "second port: DOWN ends the session" \
	    sh -c "cat '$T'/m2/sent/*.txt | grep -q 'link is down (DOWN by SMS)'"
	expect "second port: the session ended by DOWN, not its time" sh -c \
	    "! cat '$T'/m2/sent/*.txt | grep -q 'time is up'"
	expect "second port: every handled SMS deleted" \
	    test -z "$(find "$T/m2/SM" -type f)"
	expect "second port: link gone" link_gone
}

# STATUS from another allowed number during a session: the asker gets
# the answer, the owner who sent UP still gets "link is down" (at 70b6f1a
# the last STATUS asker got it: one global sender for both).
# to_of TEXT: whom the texts holding TEXT were sent to
to_of() { grep -l -- "$1" "$T"/m3/sent/*.txt 2>/dev/null |
    xargs -r sed -n 's/^to=//p'; }
status_answered() { [ -n "$(to_of 'oobm: up since')" ]; }
t_status_asker_not_owner() {
	start_peer modemsim pcui m3
	fresh "oobm_sms_port=\"$PEER\"" "oobm_sms_allow=\"$OWNER $OTHER\""
	sms_put m3 "$OWNER" 'correct-horse UP 5'
	oobm_bg asker run
	pid=$BG
	await 20000 "the session up, with a tunnel" session_up
	sms_put m3 "$OTHER" 'correct-horse STATUS'
	expect "STATUS during a session: answered" wait_for 30000 status_answered
	expect "...to the one who asked" test "$(to_of 'oobm: up since')" = "$OTHER"
	sms_put m3 "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" asker
	expect "link is down: to the owner who sent UP, not the STATUS asker" \
	    test "$(to_of 'link is down')" = "$OWNER"
	expect "...the session ended" link_gone
}

t_watch() {
	fresh
	oobm_bg watch watch
	pid=$BG
	await 5000 "watch to poll" grep -q 'watching .* for activation SMS' \
	    "$T/watch.err"
	t0=$(now_ms)
	deliver "$OWNER" 'correct-horse UP 1'
	if wait_for 15000 relay_bound; then
		d=$(($(now_ms) - t0))
		echo "# watch: activation to relay listening: $d ms"
		expect "watch: listening within 5 s of the SMS ($d ms)" test "$d" -lt 5000
	else
		not_ok "watch: relay never listened"
	fi
	await $((MINUTE_S * 1000 + 15000)) "the session's end" \
	    sent_has 'link is down'
	expect "watch: the session ended and texted" sent_has 'link is down (time is up)'
	old=$(tunnel_ssh_pid)
	deliver "$OWNER" 'correct-horse UP 5'
	await 15000 "the second session up" session_up "$old"
	run_oobm down
	expect "watch: oobm down ends the session" status_is 0
	expect "watch: ...and watch goes on" kill -0 "$pid"
	expect "watch: ...said by SMS" sent_has 'link is down (ended by oobm down)'
	kill -TERM "$pid"
	bg_wait "$pid" watch
	expect "watch: SIGTERM ends it, exit 143" status_is 143
}

t_host_route() {
	fresh oobm_route=host
	before=$(box_default)
	n0=$(pushes)
	session_started host 1
	expect "host mode: the relay via the cellular link" \
	    test "$(ip -n "$NS_BOX" -o route get "$RELAY" | sed -n 's/.* dev \([^ ]*\).*/\1/p')" = "$IF_BOX"
	expect "host mode: the home default never touched" test "$(box_default)" = "$before"
	expect "host mode: the push went through the cellular link" \
	    wait_for 5000 push_since "$n0" "$CELL_BOX"
	bg_wait "$pid" host
	expect "host mode: relay route gone after" sh -c \
	    "! ip -n $NS_BOX route show | grep -q '^$RELAY '"
}

on_v6_loopback() {
	nsx "$NS_CAR" ss -Hltn "( sport = :$PORT ) and ( src [::1] )" | grep -q .
}

# Host mode and untrusted answers (security round two, item 3): a name
# whose answer is the home gateway gets no route via the carrier, and a
# host route that was there before the session is there after it.
t_host_routes_hostile() {
	fresh oobm_route=host "oobm_push_url=http://lan.oobm.test:8080/push"
	ip -n "$NS_BOX" route add "$RELAY/32" via "$HOME_GW"
	was=$(ip -n "$NS_BOX" route show exact "$RELAY/32")
	session_started hostile 1
	expect "hostile answer: the session is up all the same" relay_bound
	expect "hostile answer: the home gateway still on the LAN" \
	    test "$(route_dev "$HOME_GW")" = oobmt-b0
	expect "hostile answer: ...the refusal logged, saying why" \
	    grep -q "no route for the push API $HOME_GW: on this box's own network (oobmt-b0)" \
	    "$T/hostile.err"
	expect "hostile answer: the relay via the link meanwhile" \
	    test "$(route_dev "$RELAY")" = "$IF_BOX"
	bg_wait "$pid" hostile
	expect "host route that was there: put back after the session" \
	    test "$(ip -n "$NS_BOX" route show exact "$RELAY/32")" = "$was"
	ip -n "$NS_BOX" route del "$RELAY/32"

	fresh oobm_route=host oobm_tries=1 oobm_relay=lan.oobm.test
	deliver "$OWNER" 'correct-horse UP'
	run_oobm run
	expect "a relay whose answer is the home gateway: refused, the owner told why" \
	    sent_has "oobm: link failed: cannot route the relay $HOME_GW via $IF_BOX: on this box's own network"
	expect "...the home gateway still on the LAN" \
	    test "$(route_dev "$HOME_GW")" = oobmt-b0
}

route_dev() { ip -n "$NS_BOX" -o route get "$1" | sed -n 's/.* dev \([^ ]*\).*/\1/p'; }

# Security round two, item 1: a process of the relay's own (nobody, not
# the tunnel's account) listens on 127.0.0.1:PORT before the box comes:
# the forward fails, the session refuses it and says why, and the owner
# is never told to log in there (with "localhost", sshd bound ::1 alone,
# oobm said "tunnel up", and the owner's ssh reached the squatter).
t_squatter() {
	fresh oobm_tries=1
	n0=$(pushes)
	# ip and setpriv exec: $! is socat's (nsx, a function, would be a
	# subshell's, and the squatter would outlive its kill)
	ip netns exec "$NS_CAR" setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups socat "TCP-LISTEN:$PORT,bind=127.0.0.1,reuseaddr,fork" \
	    SYSTEM:'echo SSH-2.0-squatter' 2>/dev/null &
	squat=$!
	await 5000 "the squatter on the relay's 127.0.0.1:$PORT" \
	    listening "$NS_CAR" "$PORT"
	deliver "$OWNER" 'correct-horse UP 1'
	run_oobm run
	expect "squatter: the session refused, the owner told why" \
	    sent_has "oobm: link failed: relay refused 127.0.0.1:$PORT: taken"
	expect "squatter: never 'tunnel up'" not grep -q 'tunnel up' "$T/err"
	expect "squatter: no push telling the owner to log in" \
	    test "$(pushes)" -eq "$n0"
	expect "squatter: no listener of the box's on the relay's ::1" \
	    not on_v6_loopback
	kill "$squat"
	st=0
	wait "$squat" 2>/dev/null || st=$?
	expect "squatter: stopped by the test, the relay's port free again ($st)" \
	    wait_for 5000 relay_free
}

asked() {	# asked NAME: the carrier's name server was asked NAME by the box
	grep -q "query\[A\] $1 from $CELL_BOX" "$T/dns.log"
}

# The relay and the push API by name, the box's own resolver dead: the
# names are asked of the carrier's name server, through the link.
t_relay_by_name() {
	byname="oobm_relay=relay.oobm.test"
	push="oobm_push_url=http://push.oobm.test:8080/push"
	fresh "$byname" "$push"
	expect "by name: the box's own resolver does not know the relay" \
	    sh -c "! ip netns exec $NS_BOX getent hosts relay.oobm.test"
	before=$(box_default)
	: >"$T/dns.log"
	n0=$(pushes)
	session_started name 1
	expect "by name: the tunnel is up" relay_bound
	expect "by name: the relay's name asked of the carrier, from the cellular address" \
	    asked relay.oobm.test
	expect "by name: ...and the push API's" asked push.oobm.test
	expect "by name: the push went to the pinned address, through the link" \
	    wait_for 5000 push_since "$n0" "$CELL_BOX"
	bg_wait "$pid" name
	expect "by name: exit 0, routes back" sh -c \
	    "[ $status = 0 ] && [ \"\$(ip -n $NS_BOX route show default)\" = '$before' ]"

	fresh oobm_route=host "$byname" "$push"
	n0=$(pushes)
	session_started nameh 1
	expect "by name, host mode: the tunnel is up" relay_bound
	expect "by name, host mode: the name server routed via the link" \
	    test "$(route_dev "$DNS_IP")" = "$IF_BOX"
	expect "by name, host mode: the home default never touched" \
	    test "$(box_default)" = "$before"
	expect "by name, host mode: the push through the link" \
	    wait_for 5000 push_since "$n0" "$CELL_BOX"
	bg_wait "$pid" nameh
	expect "by name, host mode: the name server's route gone after" \
	    test "$(route_dev "$DNS_IP")" != "$IF_BOX"

	fresh oobm_tries=1 oobm_relay=nosuch.oobm.test
	deliver "$OWNER" 'correct-horse UP'
	run_oobm run
	expect "a name the carrier does not know: 'link failed' says so" \
	    sent_has 'oobm: link failed: cannot resolve nosuch.oobm.test'
	expect "a name the carrier does not know: routes back" \
	    test "$(box_default)" = "$before"
}

t_selftest() {
	fresh oobm_selftest_seconds=3 "oobm_selftest_ussd='*111#'"
	before=$(box_default)
	n0=0
	for f in "$T"/push/req.*.body; do [ -f "$f" ] && n0=$((n0 + 1)); done
	run_oobm selftest
	expect "selftest: exit 0" status_is 0
	expect "selftest: the modem's health, as key=value" \
	    grep -qx 'registration=home' "$T/out"
	expect "selftest: operator and signal" sh -c \
	    "grep -qx 'operator=Telia' '$T/out' && grep -qx 'signal_dbm=-79' '$T/out'"
	expect "selftest: verdict ok" grep -qx 'verdict=ok' "$T/out"
	expect "selftest: the prepaid balance, by USSD" \
	    grep -qx 'balance=Saldo:_42,50_kr._Giltigt_till_2027-01-31.' "$T/out"
	expect "selftest: the tunnel was up" err_has 'tunnel up: relay'
	expect "selftest: routes restored" test "$(box_default)" = "$before"
	expect "selftest: the verdict pushed, through the cellular link" sh -c \
	    "grep -q 'oobm selftest: ok: .*; Saldo: 42,50 kr' '$T/push/req.$((n0 + 2)).body' &&
	    grep -qx '$CELL_BOX' '$T/push/req.$((n0 + 2)).peer'"
	expect "selftest: no SMS when it passed" test -z "$(sent_texts)"
	run nsx "$NS_BOX" env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    sh "$OOBM" -k -c "$T/oobm.conf" status
	expect "status -k: the last selftest and the health" sh -c \
	    "grep -qx 'selftest=ok' '$T/out' && grep -qx 'sim=READY' '$T/out'"
	# the failed verdict's push tries the dead home uplink: briefly
	fresh oobm_selftest_seconds=3 oobm_tries=1 oobm_push_timeout=2
	: >"$T/link.fail"
	run_oobm selftest
	expect "selftest failing: exit 1" status_is 1
	expect "selftest failing: the SMS says why" \
	    sent_has 'oobm selftest: FAILED: link up command failed: NO CARRIER'
	rm -f "$T/link.fail"
}

# The limit counts the sessions of the last 24 h in the box's history,
# which survives a reboot: two there, and one older that does not count.
t_rate_limit() {
	fresh oobm_max_sessions=2
	s=$(date +%s)
	printf 'start=%s end=%s reason=time is up\n' \
	    $((s - 90000)) $((s - 89000)) $((s - 7200)) $((s - 6000)) \
	    $((s - 3600)) $((s - 3000)) >"$T/state/history"
	deliver "$OWNER" 'correct-horse UP'
	run_oobm run
	expect "rate limit: 2 sessions in 24 h: no link" \
	    sh -c "! grep -q 'link up' '$T/err'"
	expect "rate limit: the owner is told, and when the next is allowed" \
	    sent_has "oobm: refused: 2 sessions in 24 h already (oobm_max_sessions); the next from $(date -d "@$((s - 7200 + 86400))" +%H:%M)"
	expect "rate limit: the SMS deleted" store_empty
}

t_chat_script() {
	start_sim chat
	expect "the shipped chat script reaches CONNECT with the real chat(8)" \
	    sh -c "chat -t 5 -f '$TOP/etc/ppp/chat-oobm.sample' <'$PEER' >'$PEER'"
}

# Issue 35, items 3 and 6: the activation on a Quectel EC25 registered
# on LTE (SMS over SGs), oobm_modem unset: the table finds its AT port
# (interface 2) and its modem port (3) on the USB bus of
# tests/sim/usbworld.sh.  PPP is dialled on the modem port while the SMS
# stay on the AT port: STATUS answered during the session, DOWN ends it.
# Issue 39: a session over the modem's own USB network function, an
# E3372h in stick mode: the call made by AT on its PCUI port, the address
# from the carrier's DHCP server, SMS answered on that port meanwhile,
# and at the end the call hung up, the lease given back, the routes back.
# Each scenario has an E3372h of its own: two simulators on one state
# directory would take each other's SMS.

# usbnet_world NAME [oobm.conf lines]: a modem NAME (its AT port
# modemsim NAME, its modem port NAMEd), an E3372h or what $USBNET_MODEM
# names, whose calls make the data path (tests/e2e/usbnet.sh), oobm set
# for it, the owner's UP 5 (or $USBNET_UP) stored
usbnet_world() {
	start_peer modemsim at "$1" -p "${USBNET_MODEM:-e3372h}" -M lte \
	    ${USBNET_APN:+-a "$USBNET_APN"} ${USBNET_NETMODE:+-n "$USBNET_NETMODE"} \
	    -X "sh $E2E/usbnet.sh $T"
	start_peer modemsim modem "${1}d" -p "${USBNET_MODEM:-e3372h}" -M lte
	uw_name=$1
	shift
	fresh 'oobm_modem=' oobm_link=usbnet oobm_apn=internet \
	    "oobm_link_iface=$IF_BOX" "$@"
	sms_put "$uw_name" "$OWNER" "correct-horse UP ${USBNET_UP:-5}"
	await 5000 "the modem to store the SMS" sms_taken "$uw_name"
}

# usbnet_run NAME: oobm run, in the background, on modem NAME's bus
usbnet_run() {
	exec ip netns exec "$NS_BOX" unshare -m --propagation private \
	    sh "$TOP/tests/sim/usbworld.sh" -p "${USBNET_MODEM:-e3372h}" \
	    -d "$T/${1}d" "$T/$1" \
	    env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" OOBM_MINUTE_S=$MINUTE_S \
	    ASAN_OPTIONS="$ASAN_OPTIONS" sh "$OOBM" -v -c "$T/oobm.conf" run \
	    >"$T/usbnet.out" 2>"$T/usbnet.err" &
	BG=$!
}

# usbnet_left_down: the modem's interface there, down, bare, as a
# session over it leaves it; then unplugged, so that the world is quiet
usbnet_left_down() {
	ul_st=0
	ip -n "$NS_BOX" -o link show "$IF_BOX" | grep -q 'state DOWN' &&
	    [ -z "$(ip -n "$NS_BOX" -4 -o addr show dev "$IF_BOX")" ] || ul_st=1
	sh "$E2E/usbnet.sh" "$T" unplug
	return "$ul_st"
}

# sim_sent NAME TEXT: modemsim NAME sent an SMS holding TEXT
sim_sent() { cat "$T/$1"/sent/*.txt 2>/dev/null | grep -q -- "$2"; }

t_usbnet() {
	usbnet_world hw
	before=$(box_default)
	t0=$(now_ms)
	usbnet_run hw
	pid=$BG
	await 20000 "the session up over the E3372h's own interface" session_up
	expect "usbnet: dialled by ^NDISDUP with the APN, on the PCUI port" \
	    grep -qx 'AT^NDISDUP=1,1,"internet"' "$T/hw/commands.log"
	expect "usbnet: no PPP dialled anywhere" sh -c "! cat '$T/hw/commands.log' \
	    '$T/hwd/commands.log' 2>/dev/null | grep -q '^ATD'"
	expect "usbnet: the box's address from the carrier's DHCP" \
	    sh -c "ip -n $NS_BOX -4 -o addr show dev $IF_BOX | grep -q 'inet $CELL_BOX/24'"
	expect "usbnet: the relay routed via the lease's router" \
	    sh -c "ip -n $NS_BOX -o route get $RELAY | grep -q 'via $CELL_PEER dev $IF_BOX'"
	expect "usbnet: the owner logs in" test "$(owner_login)" = hello-from-the-box
	sms_put hw "$OWNER" 'correct-horse STATUS'
	expect "usbnet: STATUS answered on the AT port during the session" \
	    wait_for 30000 sim_sent hw 'oobm: up since'
	sms_put hw "$OWNER" 'correct-horse UP 9'
	expect "usbnet: UP 9 read on the AT port during the session, taken" \
	    wait_for 30000 grep -q 'session extended until' "$T/usbnet.err"
	sms_put hw "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" usbnet
	expect "usbnet: DOWN ends the session, exit 0" status_is 0
	expect "usbnet: 'link is down' texted" sim_sent hw 'link is down (DOWN by SMS)'
	expect "usbnet: DOWN ended it before the 9 minutes UP 9 gave" \
	    test $(($(now_ms) - t0)) -lt $((9 * MINUTE_S * 1000))
	expect "usbnet: the call hung up by AT" \
	    grep -qx 'AT^NDISDUP=1,0' "$T/hw/commands.log"
	expect "usbnet: the lease given back" not grep -q "$CELL_BOX" \
	    "$T/usbnet.leases"
	expect "usbnet: the interface left down and bare" usbnet_left_down
	expect "usbnet: the default route back byte for byte" \
	    test "$(box_default)" = "$before"
	expect "usbnet: no port left locked" test -z "$(ls "$T/lock")"
}

# The owner's UP, read again by each poll of the session (it stays in the
# store until the session ends, acknowledged then), is the session's own,
# not an extension: the session ends at its time
t_usbnet_time_up() {
	usbnet_world hwtime
	t0=$(now_ms)
	usbnet_run hwtime
	pid=$BG
	await 20000 "the session up over the E3372h" session_up
	expect "time up: the session ends by itself within its 5 minutes" \
	    wait_for $((8 * MINUTE_S * 1000)) not alive "$pid"
	alive "$pid" && kill "$pid"
	bg_wait "$pid" usbnet
	expect "time up: ...in its 5 minutes and a poll, not extended by its own UP" \
	    test $(($(now_ms) - t0)) -lt $(((5 * MINUTE_S + 12) * 1000))
	expect "time up: 'link is down (time is up)' texted" \
	    sim_sent hwtime 'link is down (time is up)'
	expect "time up: never taken for an extension" \
	    not grep -q 'session extended' "$T/usbnet.err"
	expect "time up: the interface left down and bare" usbnet_left_down
}

# The carrier drops the call mid-session: the interface stays, nothing
# passes, ^NDISSTAT says so and AT^NDISSTATQRY? too; the hold, which asks
# the modem every 10 s, dials again, and the session goes on
t_usbnet_drop() {
	# long enough for a redial under load before the session's end
	USBNET_UP=20 usbnet_world hwdrop
	usbnet_run hwdrop
	pid=$BG
	await 20000 "the session up over the E3372h" session_up
	old=$(tunnel_ssh_pid)
	: >"$T/hwdrop/netdrop"
	expect "usbnet drop: the hold dials again, the session up anew" \
	    wait_for 45000 session_up "$old"
	expect "usbnet drop: ...dialled again (under load, more than once)" test \
	    "$(grep -c '^AT^NDISDUP=1,1,' "$T/hwdrop/commands.log")" -ge 2
	expect "usbnet drop: the owner logs in again" \
	    test "$(owner_login)" = hello-from-the-box
	sms_put hwdrop "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" usbnet
	expect "usbnet drop: DOWN ends it, exit 0" status_is 0
	expect "usbnet drop: the lease given back" not grep -q "$CELL_BOX" \
	    "$T/usbnet.leases"
	expect "usbnet drop: the interface left down and bare" usbnet_left_down
}

# A Quectel EC25 over its QMI interface ($QCRMCALL, the APN by
# +CGDCONT), in host mode: only the relay and the push API routed via
# the lease's router, the default route never touched
t_usbnet_ec25_host() {
	USBNET_MODEM=ec25 usbnet_world qc oobm_route=host
	before=$(box_default)
	USBNET_MODEM=ec25 usbnet_run qc
	pid=$BG
	await 20000 "the session up over the EC25's own interface" session_up
	expect "EC25 usbnet: the APN set, then \$QCRMCALL on the AT port" sh -c \
	    "grep -n -x -e 'AT+CGDCONT=1,\"IP\",\"internet\"' -e 'AT\\\$QCRMCALL=1,1' \
	    '$T/qc/commands.log' | cut -d: -f2 | tr '\n' ' ' |
	    grep -qx 'AT+CGDCONT=1,\"IP\",\"internet\" AT\\\$QCRMCALL=1,1 '"
	expect "EC25 usbnet host mode: the relay via the lease's router" \
	    sh -c "ip -n $NS_BOX -o route get $RELAY | grep -q 'via $CELL_PEER dev $IF_BOX'"
	expect "EC25 usbnet host mode: the default route untouched" \
	    test "$(box_default)" = "$before"
	expect "EC25 usbnet: the owner logs in" \
	    test "$(owner_login)" = hello-from-the-box
	sms_put qc "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" usbnet
	expect "EC25 usbnet: DOWN ends it, exit 0" status_is 0
	expect "EC25 usbnet: hung up by \$QCRMCALL=0,1" \
	    grep -qx 'AT$QCRMCALL=0,1' "$T/qc/commands.log"
	expect "EC25 usbnet: the relay's route gone" sh -c \
	    "! ip -n $NS_BOX -o route get $RELAY | grep -q 'dev $IF_BOX'"
	expect "EC25 usbnet: the interface left down and bare" usbnet_left_down
}

# A Quectel EC25 in its ECM composition (usbnet 1), a router: dialled by
# 3GPP's +CGACT, the default route via the lease's router.  POWER during
# the session, answered on the AT port; the network drops the call while
# the interface and its lease stay (the module's own DHCP): the hold asks
# the modem, and dials again; hung up by +CGACT=0,1 at the end
t_usbnet_ec25_ecm() {
	GPIO_LOG=$T/gpio.log
	export GPIO_LOG
	rm -f "$GPIO_LOG"
	USBNET_MODEM=ec25 USBNET_NETMODE=1 USBNET_UP=20 usbnet_world qe \
	    oobm_power_gpio=17
	before=$(box_default)
	ue_path=$PATH
	PATH=$TOP/tests/sim/gpio:$PATH	# gpioset, for POWER
	USBNET_MODEM=ec25 usbnet_run qe
	PATH=$ue_path
	pid=$BG
	await 20000 "the session up over the EC25's ECM interface" session_up
	expect "EC25 ECM: its composition asked, +CGACT=1,1; no \$QCRMCALL" \
	    sh -c "grep -qx 'AT+QCFG=\"usbnet\"' '$T/qe/commands.log' &&
	    grep -qx 'AT+CGACT=1,1' '$T/qe/commands.log' &&
	    ! grep -q QCRMCALL '$T/qe/commands.log'"
	expect "EC25 ECM: the default route via the lease's router" \
	    sh -c "ip -n $NS_BOX -4 route show default | grep -q 'via $CELL_PEER dev $IF_BOX'"
	sms_put qe "$OWNER" 'correct-horse POWER 1'
	expect "EC25 ECM: POWER during the session, answered on the AT port" \
	    wait_for 30000 sim_sent qe 'oobm: router power-cycled (off 1 s)'
	expect "EC25 ECM: ...the pin cut, then at rest" sh -c \
	    "grep -q ' 17=1 time\$' '$GPIO_LOG' && grep -q ' 17=0 exit\$' '$GPIO_LOG'"
	old=$(tunnel_ssh_pid)
	: >"$T/qe/netdrop"
	expect "EC25 ECM: the drop seen, dialled again, the session up anew" \
	    wait_for 45000 session_up "$old"
	expect "EC25 ECM: ...by +CGACT=1,1 again" test \
	    "$(grep -c '^AT+CGACT=1,1' "$T/qe/commands.log")" -ge 2
	sms_put qe "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" usbnet
	unset GPIO_LOG
	expect "EC25 ECM: DOWN ends it, exit 0" status_is 0
	expect "EC25 ECM: hung up by +CGACT=0,1" \
	    grep -qx 'AT+CGACT=0,1' "$T/qe/commands.log"
	expect "EC25 ECM: the interface left down and bare" usbnet_left_down
	expect "EC25 ECM: the default route back byte for byte" \
	    test "$(box_default)" = "$before"
}

# The lease by dhcpcd (oobm_dhcp_client=dhcpcd, Raspberry Pi OS's), an
# instance of its own for the interface, --noconfigure: the address put
# on by oobm's script alone; released by dhcpcd -k, nothing of it left
t_usbnet_dhcpcd() {
	usbnet_world hwdcd oobm_dhcp_client=dhcpcd
	before=$(box_default)
	usbnet_run hwdcd
	pid=$BG
	await 20000 "the session up, its lease from dhcpcd" session_up
	expect "dhcpcd: the client run was dhcpcd" \
	    grep -qx dhcpcd "$T/run/dhcp.client"
	expect "dhcpcd: the lease from its script (a dotted mask)" \
	    grep -qx 'prefix=255.255.255.0' "$T/run/lease"
	expect "dhcpcd: the name server from the lease" \
	    grep -qx "dns=$DNS_IP" "$T/run/lease"
	expect "dhcpcd: the box's address, no route of dhcpcd's" sh -c \
	    "ip -n $NS_BOX -4 -o addr show dev $IF_BOX | grep -q 'inet $CELL_BOX/24' &&
	    ! ip -n $NS_BOX route show | grep -q 'proto dhcp'"
	expect "dhcpcd: the owner logs in" \
	    test "$(owner_login)" = hello-from-the-box
	sms_put hwdcd "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" usbnet
	expect "dhcpcd: DOWN ends it, exit 0" status_is 0
	expect "dhcpcd: the lease given back (dhcpcd -k)" \
	    not grep -q "$CELL_BOX" "$T/usbnet.leases"
	expect "dhcpcd: no dhcpcd left, nor its pid file or lease" sh -c \
	    "! pgrep -f '[d]hcpcd .*$IF_BOX' && [ ! -e /run/dhcpcd/$IF_BOX-4.pid ] &&
	    [ ! -e /var/lib/dhcpcd/$IF_BOX.lease ]"
	expect "dhcpcd: the default route back byte for byte" \
	    test "$(box_default)" = "$before"
	expect "dhcpcd: the interface left down and bare" usbnet_left_down
}

# The lease by ISC's dhclient (oobm_dhcp_client=dhclient), run with
# oobm's own script: the address alone put on, the lease given back by
# dhclient -r at the end
t_usbnet_dhclient() {
	usbnet_world hwisc oobm_dhcp_client=dhclient
	before=$(box_default)
	usbnet_run hwisc
	pid=$BG
	await 20000 "the session up, its lease from dhclient" session_up
	expect "dhclient: the client run was ISC's" \
	    grep -qx dhclient "$T/run/dhcp.client"
	expect "dhclient: the lease from its script (a dotted mask)" \
	    grep -qx 'prefix=255.255.255.0' "$T/run/lease"
	expect "dhclient: the box's address, nothing of dhclient-script's" sh -c \
	    "ip -n $NS_BOX -4 -o addr show dev $IF_BOX | grep -q 'inet $CELL_BOX/24' &&
	    [ \"\$(ip -n $NS_BOX route show default)\" = \"\$(ip -n $NS_BOX route show default | grep -v 'proto dhcp')\" ]"
	expect "dhclient: the owner logs in" \
	    test "$(owner_login)" = hello-from-the-box
	sms_put hwisc "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" usbnet
	expect "dhclient: DOWN ends it, exit 0" status_is 0
	expect "dhclient: the lease given back (dhclient -r)" \
	    not grep -q "$CELL_BOX" "$T/usbnet.leases"
	expect "dhclient: no dhclient left" not pgrep -f "dhclient .*$IF_BOX"
	expect "dhclient: the default route back byte for byte" \
	    test "$(box_default)" = "$before"
	expect "dhclient: the interface left down and bare" usbnet_left_down
}

# oobm check on a box whose E3372h is dialled for usbnet: the modem asked
# as a session would ask it (^NDISSTATQRY?), never dialled; all well
t_usbnet_check() {
	usbnet_world hwchk
	sh "$E2E/usbnet.sh" "$T" plug
	# where URCs go, as oobm boot sets it: check's finding else
	"$BIN/atcmd" -l "$(cat "$T/hwchk/tty")" 'AT^PORTSEL=0'
	exec ip netns exec "$NS_BOX" unshare -m --propagation private \
	    sh "$TOP/tests/sim/usbworld.sh" -p e3372h -d "$T/hwchkd" "$T/hwchk" \
	    env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    ASAN_OPTIONS="$ASAN_OPTIONS" sh "$OOBM" -c "$T/oobm.conf" check \
	    >"$T/check.out" 2>"$T/check.err" &
	BG=$!
	bg_wait "$BG" check
	expect "usbnet check: all well, exit 0" status_is 0
	expect "usbnet check: the modem asked for its call" \
	    grep -qx 'AT^NDISSTATQRY?' "$T/hwchk/commands.log"
	expect "usbnet check: nothing dialled" \
	    not grep -q '^AT^NDISDUP' "$T/hwchk/commands.log"
	expect "usbnet check: the interface untouched, down and bare" \
	    usbnet_left_down
}

# A carrier whose DHCP server never answers: each try fails, saying so,
# the call hung up each time; nothing is left, the routes untouched
t_usbnet_no_dhcp() {
	: >"$T/usbnet.nodhcp"
	usbnet_world hwnodhcp oobm_tries=2
	before=$(box_default)
	usbnet_run hwnodhcp
	bg_wait "$BG" usbnet
	rm -f "$T/usbnet.nodhcp"
	expect "no DHCP: oobm run exits 0 (it acted)" status_is 0
	expect "no DHCP: tried twice, each dialled and hung up" sh -c \
	    "[ \$(grep -c '^AT^NDISDUP=1,1,' '$T/hwnodhcp/commands.log') = 2 ] &&
	    [ \$(grep -c '^AT^NDISDUP=1,0' '$T/hwnodhcp/commands.log') -ge 2 ]"
	expect "no DHCP: 'link failed' texted, with the reason" \
	    sim_sent hwnodhcp "link failed: no DHCP lease on $IF_BOX within 5 s"
	expect "no DHCP: no DHCP client left" \
	    not pgrep -f "udhcpc -i $IF_BOX"
	expect "no DHCP: the interface left down and bare" usbnet_left_down
	expect "no DHCP: routes untouched" test "$(box_default)" = "$before"
}

# A carrier that does not know the APN (cause 27): one dial, no tries
# after it nor the modem's ladder (they get the same answer); the owner
# told to check oobm_apn; nothing left, the routes untouched
t_usbnet_bad_apn() {
	USBNET_APN=carrier.example usbnet_world hwapn oobm_tries=3
	before=$(box_default)
	usbnet_run hwapn
	bg_wait "$BG" usbnet
	expect "bad APN: oobm run exits 0 (it acted)" status_is 0
	expect "bad APN: one dial, the radio left alone" sh -c \
	    "[ \$(grep -c '^AT^NDISDUP=1,1,' '$T/hwapn/commands.log') = 1 ] &&
	    ! grep -q '^AT+CFUN=' '$T/hwapn/commands.log'"
	expect "bad APN: 'link failed' texted, naming the cause" sim_sent hwapn \
	    'missing or unknown APN (cause 27); check oobm_apn'
	expect "bad APN: no DHCP client started" \
	    not pgrep -f "udhcpc -i $IF_BOX"
	expect "bad APN: routes untouched" test "$(box_default)" = "$before"
}

t_ec25() {
	start_peer modemsim at ec -p ec25 -M lte
	start_peer modemsim modem ecd -p ec25 -M lte
	fresh 'oobm_modem='
	sms_put ec "$OWNER" 'correct-horse UP 5'
	await 5000 "the EC25 to store the SMS" sms_taken ec
	exec ip netns exec "$NS_BOX" unshare -m --propagation private \
	    sh "$TOP/tests/sim/usbworld.sh" -p ec25 -d "$T/ecd" "$T/ec" \
	    env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" OOBM_MINUTE_S=$MINUTE_S \
	    ASAN_OPTIONS="$ASAN_OPTIONS" sh "$OOBM" -v -c "$T/oobm.conf" run \
	    >"$T/ec25.out" 2>"$T/ec25.err" &
	pid=$!
	await 20000 "the EC25 session up, with a tunnel" session_up
	expect "EC25: found by the table, its AT and modem ports" grep -q \
	    'modem ec25: SMS port /dev/ttyUSB2, data port /dev/ttyUSB3' \
	    "$T/ec25.err"
	expect "EC25: PPP dialled on the modem port (interface 3)" \
	    grep -qx 'ATD\*99#' "$T/ecd/commands.log"
	expect "...never on the AT port" not grep -q '^ATD' "$T/ec/commands.log"
	expect "EC25: the owner logs in" test "$(owner_login)" = hello-from-the-box
	sms_put ec "$OWNER" 'correct-horse STATUS'
	expect "EC25: STATUS answered on the AT port during the session" \
	    wait_for 30000 sim_sent ec 'oobm: up since'
	sms_put ec "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" ec25
	expect "EC25: DOWN ends the session, exit 0" status_is 0
	expect "EC25: 'link is down' texted" sim_sent ec 'link is down (DOWN by SMS)'
	# by DOWN, not by its 5 minutes: the reason, not the clock (a loaded
	# machine made the start, a recovery included, outlast 25 s once)
	expect "EC25: the session ended by DOWN, not its time" sh -c \
	    "grep -q 'teardown: DOWN by SMS' '$T/ec25.err' &&
	    ! grep -q 'time is up' '$T/ec25.err'"
	expect "EC25: link gone" link_gone
	expect "EC25: no port left locked" test -z "$(ls "$T/lock")"
}

run_scenarios "$0"
