#!/bin/sh
# tests/freebsd/ppp.sh: scripts/oobm's FreeBSD code paths end to end, as
# root, in the world of tests/e2e/world.sh: oobm_link=ppp against a
# stand-in ppp(8) with FreeBSD ppp's behaviour (-background returns 0 once
# up, non-zero on a failed dial, /var/run/tunN.pid), the addresses read
# from FreeBSD's ifconfig(8) output and the routes set, read and restored
# with FreeBSD's route(8) (tests/freebsd/net, over Linux's own network,
# printing what tests/data/freebsd records), and the shipped ppp.conf and
# ppp.linkup samples.  uname says FreeBSD; nothing else is changed.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
IF_BOX=tun0	# the tun ppp(8) takes; world.sh's link makes it
# shellcheck source=tests/e2e/world.sh
. "$TOP/tests/e2e/world.sh"
IF_BOX=tun0
FB=$T/fbsd

# fbsd_world: the box's /etc/ppp, from the samples as the owner copies
# them (the data port and oobm_run_dir put in), and the stand-in's world
fbsd_world() {
	mkdir -p "$FB/etc/ppp"
	sed "s|set device /dev/cuaU0.0|set device $TTY|" \
	    "$TOP/etc/ppp/ppp.conf.sample" >"$FB/etc/ppp/ppp.conf"
	sed "s|/var/run/oobm/|$T/run/|g" "$TOP/etc/ppp/ppp.linkup.sample" \
	    >"$FB/etc/ppp/ppp.linkup"
	cat >"$FB/ppp.env" <<EOF
LINK_SH=$E2E/link.sh
LINK_DIR=$T
DNS_IP=$DNS_IP
EOF
}

# oobm_fbsd NAME ARGS: oobm in the background on the "FreeBSD" box, output
# in $T/NAME.*, its pid in $BG
oobm_fbsd() {
	name=$1
	shift
	exec ip netns exec "$NS_BOX" unshare -m --propagation private \
	    sh "$TOP/tests/freebsd/net/enter" "$FB" \
	    env OOBM_LOCKDIR="$T/lock" OOBM_MINUTE_S=$MINUTE_S \
	    ASAN_OPTIONS="$ASAN_OPTIONS" \
	    sh "$OOBM" -v -c "$T/oobm.conf" "$@" >"$T/$name.out" \
	    2>"$T/$name.err" &
	BG=$!
}
ppp_pid() { cat "$FB/ppp.pid" 2>/dev/null; }
ppp_gone() { ! alive "$(ppp_pid)"; }

t_ppp_session() {
	fresh oobm_link=ppp oobm_link_iface= oobm_link_up= oobm_link_down= \
	    oobm_dns=peer
	before=$(box_default)
	oobm_fbsd check check
	bg_wait "$BG" check
	expect "ppp: check finds the profile in /etc/ppp/ppp.conf" \
	    not grep -q 'no profile' "$T/out"
	expect "ppp: ...dialling the modem's data port" \
	    not grep -q 'dials ' "$T/out"
	# a profile that dials another port than the modem's data port
	cp "$FB/etc/ppp/ppp.conf" "$T/ppp.conf.good"
	sed -i "s|set device $TTY|set device /dev/cuaU9.3|" "$FB/etc/ppp/ppp.conf"
	oobm_fbsd check2 check
	bg_wait "$BG" check2
	expect "ppp: check names a profile dialling another port (issue 35)" \
	    grep -q "profile oobm dials /dev/cuaU9.3, but the modem's data port is $TTY" \
	    "$T/out"
	cp "$T/ppp.conf.good" "$FB/etc/ppp/ppp.conf"
	deliver "$OWNER" "correct-horse UP 1"
	oobm_fbsd act run
	pid=$BG
	await 20000 "the session up, with a tunnel" session_up
	session_up "" || sed 's/^/#   oobm: /' "$T/act.err"
	expect "ppp: -background returned 0 once up, on the first try" \
	    not grep -q 'try 1 failed' "$T/act.err"
	expect "ppp: tun0 (from /var/run/tun0.pid), its addresses as FreeBSD's ifconfig prints them" \
	    grep -q "link up: tun0 $CELL_BOX -> $CELL_PEER" "$T/act.err"
	box_default >"$T/default.up"
	expect "ppp: the default route via the peer, by FreeBSD's route" \
	    grep -q "^default via $CELL_PEER dev tun0" "$T/default.up"
	expect "ppp: the relay's route checked with route -n get: tun0" \
	    grep -q "answers through tun0" "$T/act.err"
	expect "ppp: the carrier's name server, from ppp.linkup" \
	    grep -qx "nameserver $DNS_IP" "$T/run/peer.dns"
	expect "ppp: the owner logs in" test "$(owner_login)" = hello-from-the-box
	p=$(ppp_pid)
	bg_wait "$pid" act
	expect "ppp: the session ends, exit 0" status_is 0
	expect "ppp: ppp stopped through /var/run/tun0.pid" \
	    wait_for 5000 not alive "$p"
	expect "ppp: the link is gone" link_gone
	expect "ppp: the default route restored, by FreeBSD's route" \
	    test "$(box_default)" = "$before"
	expect "ppp: 'link is down' texted" sent_has 'link is down (time is up)'
}

t_ppp_dial_fails() {
	fresh oobm_link=ppp oobm_link_iface= oobm_link_up= oobm_link_down= \
	    oobm_tries=2
	before=$(box_default)
	: >"$T/link.fail"
	deliver "$OWNER" "correct-horse UP 1"
	oobm_fbsd fail run
	bg_wait "$BG" fail
	expect "ppp dial fails: each try told with ppp's own words" \
	    test "$(grep -c 'ppp: dial failed (Child failed (dial))' "$T/err")" -ge 2
	expect "ppp dial fails: no daemon left" ppp_gone
	expect "ppp dial fails: the port let go, as ppp does (the ladder gets it)" \
	    not grep -q 'device busy' "$T/err"
	expect "ppp dial fails: the routes untouched" \
	    test "$(box_default)" = "$before"
	expect "ppp dial fails: the owner is told" sent_has 'link failed'
	rm -f "$T/link.fail"
}

trap 'world_down; cleanup' EXIT
world_up
fbsd_world
run_tests "$0"
