#!/bin/sh
# tests/e2e/failover.sh: the box calls home by itself when the home
# uplink dies (issue 27, item 2), in the world of tests/e2e/world.sh.
# The home router gets an uplink of its own: two addresses on different
# networks that it answers (a ping, and a TCP connect on port 80), which
# "cut" takes away.  The real oobm probes them through the home route,
# starts a session after oobm_failover_fails rounds, keeps probing
# through home during it (host routes via the home gateway, the default
# being the link's), ends it oobm_failover_hold minutes after home
# answers again, and then keeps quiet for oobm_failover_quiet minutes.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/e2e/world.sh
. "$TOP/tests/e2e/world.sh"
PATH=$TOP/tests/sim/gpio:$PATH	# gpioset, for POWER

FO_PING=198.18.4.1 FO_TCP=198.18.5.1
PROBES="$FO_PING $FO_TCP:80"

uplink_alive() {
	for a in $FO_PING $FO_TCP; do
		ip -n "$NS_HOME" addr replace "$a/32" dev lo
	done
}
uplink_cut() {
	for a in $FO_PING $FO_TCP; do
		ip -n "$NS_HOME" addr del "$a/32" dev lo 2>/dev/null || :
	done
}
# the home router's web server, on whatever address it has
start_home_web() {
	ip netns exec "$NS_HOME" socat TCP-LISTEN:80,reuseaddr,fork \
	    SYSTEM:true 2>/dev/null &
	WEB=$!
	wait_for 5000 listening "$NS_HOME" 80
}
session_idle() { [ "$(state_of state)" = idle ]; }
session_is_up() { [ "$(state_of state)" = up ]; }
fo_state() { kv=$(grep "^$1=" "$T/state/failover" 2>/dev/null | tail -n 1); echo "${kv#*=}"; }
probe_route_dev() {
	ip -n "$NS_BOX" -o route get "$1" | sed -n 's/.* dev \([^ ]*\).*/\1/p'
}

t_failover() {
	fresh oobm_failover_probe="'$PROBES'" oobm_failover_fails=3 \
	    oobm_failover_hold=1 oobm_failover_quiet=4 oobm_failover_timeout=1 \
	    oobm_link_max_minutes=8 oobm_link_minutes=2
	before=$(box_default)
	routes_before=$(ip -n "$NS_BOX" route show)
	uplink_alive
	start_home_web
	say "The home uplink works: $PROBES answer through $HOME_GW."
	sts=
	for i in 1 2 3 4; do run_oobm run; sts="$sts$status"; done
	expect "failover: uplink alive, 4 runs: exit 0 each, no session" \
	    test "$sts" = 0000 -a -z "$(sent_texts)"
	expect "...counted as up, no round failed" \
	    test "$(fo_state home)" = up -a "$(fo_state fails)" = 0
	say "The home router's uplink is cut."
	uplink_cut
	run_oobm run
	run_oobm run
	expect "failover: 2 rounds with no answer: no session yet" \
	    test "$(fo_state fails)" = 2 -a -z "$(sent_texts)"
	expect "...the rounds logged" err_has 'no probe answered, round 2 of 3'
	oobm_bg fo run
	pid=$BG
	demo_follow "$T/fo.err"
	if wait_for 20000 relay_bound; then
		ok "failover: the third round starts a session by itself"
	else
		not_ok "failover: no session after the third round"
		sed 's/^/#   /' "$T/fo.err"
	fi
	# one modem port: the text goes before the link takes it
	expect "failover: the owner texted when, and how to log in" sent_has \
	    "oobm: home uplink down since [0-9][0-9]:[0-9][0-9]; calling home: ssh -J $RELAY -p $PORT 127.0.0.1"
	await 10000 "the push" test -f "$T/push/req.1.body"
	expect "...and pushed once up" grep -q \
	    "home uplink down since [0-9:]*; link up: ssh -J $RELAY -p $PORT" \
	    "$T/push/req.1.body"
	expect "...the owner logs in through the relay" \
	    test "$(owner_login)" = hello-from-the-box
	expect "...the default route is the link's" \
	    test "$(probe_route_dev "$RELAY")" = "$IF_BOX"
	expect "...the probes still go through home" \
	    test "$(probe_route_dev "$FO_PING")" = oobmt-b0 -a \
	    "$(probe_route_dev "$FO_TCP")" = oobmt-b0
	say "The uplink flaps: back for 2 s, then down again for longer than the hold."
	uplink_alive
	sleep 2
	uplink_cut
	sleep $((MINUTE_S + 3))
	expect "failover: a flap shorter than the hold ends nothing" relay_bound
	say "The uplink comes back for good."
	t0=$(now_ms)
	uplink_alive
	if wait_for 30000 relay_free; then
		d=$(($(now_ms) - t0))
		expect "failover: the session ends after the hold ($d ms)" \
		    test "$d" -ge $((MINUTE_S * 1000)) -a "$d" -lt 25000
	else
		not_ok "failover: the session did not end with home back"
	fi
	bg_wait "$pid" fo
	demo_end
	say "The SMS the owner got: $(sent_texts | paste -sd'|' -)"
	expect "...oobm run exits 0" status_is 0
	expect "...one session for the flapping uplink" \
	    test "$(grep -c 'a session by itself' "$T/err")" = 1
	expect "...'home uplink back' in the final SMS" \
	    sent_has 'oobm: link is down (home uplink back)'
	expect "...the default route back byte for byte" \
	    test "$(box_default)" = "$before"
	expect "...every route back byte for byte (the probes' too)" \
	    test "$(ip -n "$NS_BOX" route show)" = "$routes_before"
	say "Cut again at once: oobm_failover_quiet keeps the next one back."
	clear_sent
	uplink_cut
	sts=
	for i in 1 2 3; do run_oobm run; sts="$sts$status"; done
	expect "failover: within the quiet time: no session" \
	    test "$sts" = 000 -a -z "$(sent_texts)"
	expect "...said so" err_has 'no failover session until'
	run nsx "$NS_BOX" env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    sh "$OOBM" -k -c "$T/oobm.conf" status
	expect "...status -k: failover=down, 3 rounds failed" sh -c \
	    "grep -qx failover=down '$T/out' && grep -qx failover_fails=3 '$T/out'"
	run nsx "$NS_BOX" env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    sh "$OOBM" -c "$T/oobm.conf" status
	expect "...status: since when, the rounds, the last change" grep -q \
	    '^home uplink: down, no answer since .*; 3 rounds in a row without one (3 mean down); last change' \
	    "$T/out"
	uplink_alive
	kill "$WEB"
	st=0
	wait "$WEB" || st=$?
	expect "...the home web server stopped (143)" test "$st" = 143
}

# oobm down ends a failover session like any other (an SMS DOWN is the
# same stop, tested in oobm.sh)
t_failover_down() {
	fresh oobm_failover_probe="'$PROBES'" oobm_failover_fails=1 \
	    oobm_failover_timeout=1 oobm_link_max_minutes=8 oobm_link_minutes=2
	before=$(box_default)
	uplink_cut
	oobm_bg fod run
	pid=$BG
	# up, not only its tunnel: a down during the try is a failed try
	await 20000 "the failover session up" session_is_up
	run_oobm down
	expect "failover: oobm down ends the session: exit 0" status_is 0
	bg_wait "$pid" fod
	expect "...the run exits 0" status_is 0
	expect "...said by SMS" sent_has 'oobm: link is down (ended by oobm down)'
	expect "...the default route back" test "$(box_default)" = "$before"
	uplink_alive
}

# With a second AT port (oobm_sms_port) the owner is texted at link up,
# and the session reads SMS: POWER power-cycles the router meanwhile (a
# stand-in gpioset, tests/sim/gpio), DOWN ends the failover session.
t_failover_second_port() {
	start_peer modemsim pcui m2
	fresh "oobm_sms_port=\"$PEER\"" oobm_failover_probe="'$PROBES'" \
	    oobm_failover_fails=1 oobm_failover_timeout=1 \
	    oobm_link_max_minutes=8 oobm_link_minutes=2 oobm_power_gpio=17
	GPIO_LOG=$T/gpio.log
	export GPIO_LOG
	uplink_cut
	oobm_bg fo2 run
	pid=$BG
	await 20000 "the failover session" relay_bound
	expect "second port: the owner texted at link up" wait_for 15000 sh -c \
	    "cat '$T'/m2/sent/*.txt 2>/dev/null | grep -q 'oobm: home uplink down since [0-9:]*; link up: ssh -J $RELAY -p $PORT 127.0.0.1'"
	sms_put m2 "$OWNER" 'correct-horse POWER 1'
	expect "second port: POWER during the failover session, answered" \
	    wait_for 30000 sh -c "cat '$T'/m2/sent/*.txt 2>/dev/null |
	    grep -q 'oobm: router power-cycled (off 1 s)'"
	expect "...the pin cut, then at rest" sh -c \
	    "grep -q ' 17=1 time$' '$GPIO_LOG' && grep -q ' 17=0 exit$' '$GPIO_LOG'"
	expect "...the session still up" relay_bound
	sms_put m2 "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" fo2
	expect "second port: SMS DOWN ends the failover session" sh -c \
	    "cat '$T'/m2/sent/*.txt | grep -q 'link is down (DOWN by SMS)'"
	expect "...every handled SMS deleted" test -z "$(find "$T/m2/SM" -type f)"
	expect "...the link gone" link_gone
	uplink_alive
	unset GPIO_LOG
}

# oobm watch probes after each of its waits: here an SMS STATUS ends the
# wait, the round that follows finds home down (oobm_failover_fails=1),
# and the session starts within watch; home back ends it, watch goes on.
t_failover_watch() {
	fresh oobm_failover_probe="'$PROBES'" oobm_failover_fails=1 \
	    oobm_failover_hold=1 oobm_failover_timeout=1 \
	    oobm_link_max_minutes=8 oobm_link_minutes=2
	uplink_cut
	oobm_bg fow watch
	pid=$BG
	await 5000 "watch to poll" grep -q 'watching .* for activation SMS' \
	    "$T/fow.err"
	deliver "$OWNER" 'correct-horse STATUS'
	expect "watch: the round after a wait starts the failover session" \
	    wait_for 30000 relay_bound
	uplink_alive
	expect "watch: home back ends it" wait_for 30000 relay_free
	await 10000 "the final SMS" sent_has 'link is down (home uplink back)'
	# the teardown goes on after its SMS (the ack, the history): a
	# SIGTERM before it is idle would cut it short (state "stopping")
	await 10000 "the teardown's end" session_idle
	expect "...and watch goes on" kill -0 "$pid"
	kill -TERM "$pid"
	bg_wait "$pid" fow
	expect "watch: SIGTERM ends it, exit 143" status_is 143
}

# The relay among the probes (issue 37, item 3): a ping, which any host
# on the LAN can answer, is not the home uplink; the relay, proving its
# pinned key and taking the box's through home, is.  The home router gets
# a way to the relay's address alone (oobmt-h1, to the carrier's
# namespace); "cut" takes it down and leaves the ping answered, as a
# LAN host forging the answers would.
HOME_UP=198.18.6.1 CAR_UP=198.18.6.2
relay_path_up() {
	if ! ip -n "$NS_HOME" link show oobmt-h1 >/dev/null 2>&1; then
		ip -n "$NS_HOME" link add oobmt-h1 type veth peer name oobmt-c1 \
		    netns "$NS_CAR"
		ip -n "$NS_HOME" addr add "$HOME_UP/30" dev oobmt-h1
		ip -n "$NS_CAR" addr add "$CAR_UP/30" dev oobmt-c1
		ip -n "$NS_CAR" link set oobmt-c1 up
		nsx "$NS_HOME" sysctl -qw net.ipv4.ip_forward=1
	fi
	ip -n "$NS_HOME" link set oobmt-h1 up
	ip -n "$NS_HOME" route replace "$RELAY/32" via "$CAR_UP"
	ip -n "$NS_CAR" route replace 198.18.1.0/24 via "$HOME_UP"
}
relay_path_cut() { ip -n "$NS_HOME" link set oobmt-h1 down; }
relay_path_gone() {
	ip -n "$NS_HOME" link del oobmt-h1
	nsx "$NS_HOME" sysctl -qw net.ipv4.ip_forward=0
}
# the relay's logins of the box's account from its home address
relay_logins() {
	grep -c "Accepted publickey for $RUSER from $HOME_BOX " \
	    "$T/relay/sshd.log" || :
}

t_failover_relay() {
	fresh oobm_failover_probe="'$FO_PING relay'" oobm_failover_fails=2 \
	    oobm_failover_hold=1 oobm_failover_timeout=2 \
	    oobm_link_max_minutes=8 oobm_link_minutes=2
	routes_before=$(ip -n "$NS_BOX" route show)
	uplink_alive
	relay_path_up
	n0=$(relay_logins)
	run_oobm run
	expect "relay probe: the ping and the relay through home: home up" \
	    test "$status" = 0 -a "$(fo_state home)" = up
	expect "...the relay took the box's key from its home address" \
	    test "$(relay_logins)" -gt "$n0"
	say "The uplink is cut; a LAN host still answers the ping."
	relay_path_cut
	run_oobm run
	expect "relay probe: the ping alone is not home: a round failed" \
	    test "$(fo_state fails)" = 1
	expect "...saying the relay does not answer" \
	    err_has 'no probe answered (the relay does not answer: '
	oobm_bg fr run
	pid=$BG
	await 20000 "the failover session up" session_up
	await 20000 "the ping's answers put to the relay" grep -q \
	    'the relay does not answer through home (.*); the session goes on' \
	    "$T/fr.err"
	expect "relay probe: the forged answers end nothing" session_up
	expect "...the relay's route the link's again" \
	    test "$(probe_route_dev "$RELAY")" = "$IF_BOX"
	expect "...the owner logs in through the relay" \
	    test "$(owner_login)" = hello-from-the-box
	say "The uplink comes back."
	relay_path_up
	expect "relay probe: home back, proved by the relay: the session ends" \
	    wait_for 30000 relay_free
	bg_wait "$pid" fr
	expect "...oobm run exits 0" status_is 0
	expect "...'home uplink back' in the final SMS" \
	    sent_has 'oobm: link is down (home uplink back)'
	expect "...every route back byte for byte" \
	    test "$(ip -n "$NS_BOX" route show)" = "$routes_before"
	relay_path_gone
}

t_failover_check() {
	fresh oobm_failover_probe="'$FO_PING 198.18.4.9'"
	run_oobm check
	expect "failover: check wants probes on two networks" \
	    grep -q 'oobm_failover_probe: give two or more addresses on different networks' "$T/out"
	fresh oobm_failover_probe="'$FO_PING 198.18.5.1:99999'"
	run_oobm check
	expect "failover: check refuses a bad probe (78, naming it)" sh -c \
	    "[ $status = 78 ] && grep -q 'not an IPv4 address, address:port or relay: 198.18.5.1:99999' '$T/err'"
	fresh oobm_failover_probe=relay
	run_oobm check
	expect "failover: the relay alone is probe enough" \
	    not grep -q 'oobm_failover_probe:' "$T/out"
	fresh oobm_failover_probe="'relay $FO_PING'"
	run_oobm check
	expect "...but with it, addresses on two networks still" \
	    grep -q 'oobm_failover_probe: give two or more' "$T/out"
	fresh
	run_oobm run
	expect "failover off by default: no probe" test ! -f "$T/state/failover"
}

run_scenarios "$0"
