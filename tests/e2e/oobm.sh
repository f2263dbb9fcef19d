#!/bin/sh
# tests/e2e/oobm.sh: scripts/oobm end to end, as root, in network
# namespaces made here: the box (its own sshd on 127.0.0.1:22, a home LAN
# whose uplink is dead), the carrier (the relay's real sshd with a
# confined account, a push API over HTTP) and, at "link up", a veth pair
# standing in for PPP (tests/e2e/link.sh, which also dials modemsim and
# holds its port as ppp does).  The real oobm, smspoll, smssend,
# pushnotify, ssh and sshd; SMS from modemsim's own encoder.
#
# Only 198.18.0.0/15 addresses inside these namespaces; the root
# namespace, its routes and users are not touched but for one relay
# account marked as this test's.  Leftovers of a killed run are removed
# first; everything started is stopped by pid.
# shellcheck disable=SC2016 # message texts with $(...) are not expanded
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/integration/lib.sh
. "$TOP/tests/integration/lib.sh"
case $BIN in /*) ;; *) BIN=$TOP/$BIN ;; esac
OOBM=$TOP/scripts/oobm
E2E=$TOP/tests/e2e

NS_BOX=oobmt-box NS_CAR=oobmt-car NS_HOME=oobmt-home
HOME_GW=198.18.1.1 HOME_BOX=198.18.1.2
CELL_PEER=198.18.2.1 CELL_BOX=198.18.2.2
RELAY=198.18.3.1 PUSH_IP=198.18.3.2 DNS_IP=198.18.3.3
IF_BOX=oobmt-cell IF_CAR=oobmt-cr0
RUSER=oobmt-relay RMARK='oobm e2e test relay (temporary)'
OWNER=+46701234567
PORT=31337
MINUTE_S=5		# a session minute, in seconds, for the tests

if [ "$(id -u)" != 0 ]; then
	skip "e2e: needs root (network namespaces, a relay account)"
	done_testing
	exit 0
fi
for c in ip ss sshd ssh ssh-keygen ssh-keyscan socat chat useradd flock \
    dnsmasq host; do
	command -v "$c" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
	if ! command -v "$c" >/dev/null 2>&1; then
		not_ok "e2e: $c is not installed (tests/deps.sh)"
		done_testing
		exit 1
	fi
done

nsx() { ns=$1; shift; ip netns exec "$ns" "$@"; }
ms_now() { now_ms; }
wait_for() {	# wait_for MS COMMAND...: poll every 50 ms
	deadline=$(($(now_ms) + $1))
	shift
	until "$@"; do
		[ "$(now_ms)" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}
listening() { nsx "$1" ss -Hltn "sport = :$2" | grep -q .; }
relay_bound() { listening "$NS_CAR" "$PORT"; }
relay_free() { ! relay_bound; }
box_default() { ip -n "$NS_BOX" route show default; }

# --- the world ----------------------------------------------------------

ns_remove() {
	ip netns list | awk '{ print $1 }' | grep -qx "$1" || return 0
	pids=$(ip netns pids "$1" 2>/dev/null || true)
	if [ -n "$pids" ]; then
		# shellcheck disable=SC2086 # a list of pids
		kill $pids 2>/dev/null || true
		sleep 0.3
		pids=$(ip netns pids "$1" 2>/dev/null || true)
		# shellcheck disable=SC2086
		[ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
	fi
	ip netns del "$1"
}

world_down() {
	for ns in $NS_BOX $NS_CAR $NS_HOME; do ns_remove "$ns"; done
	# the box's resolv.conf (ip netns exec mounts it over /etc/resolv.conf)
	if [ -f "/etc/netns/$NS_BOX/resolv.conf" ] &&
	    grep -q "$RMARK" "/etc/netns/$NS_BOX/resolv.conf"; then
		rm -f "/etc/netns/$NS_BOX/resolv.conf"
		rmdir "/etc/netns/$NS_BOX" 2>/dev/null || true
		rmdir /etc/netns 2>/dev/null || true
	fi
	if [ "$(getent passwd "$RUSER" | cut -d: -f5)" = "$RMARK" ]; then
		userdel "$RUSER" 2>/dev/null || true
	fi
	if [ -f "$T/made-run-sshd" ]; then rmdir /run/sshd 2>/dev/null || true; fi
}

world_up() {
	world_down	# what a killed run left
	chmod 755 "$T"	# the relay account reads its authorized_keys below
	if [ ! -d /run/sshd ]; then mkdir -m 755 /run/sshd; : >"$T/made-run-sshd"; fi
	for ns in $NS_BOX $NS_CAR $NS_HOME; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_BOX" link add oobmt-b0 type veth peer name oobmt-h0 \
	    netns "$NS_HOME"
	ip -n "$NS_BOX" addr add "$HOME_BOX/24" dev oobmt-b0
	ip -n "$NS_HOME" addr add "$HOME_GW/24" dev oobmt-h0
	ip -n "$NS_BOX" link set oobmt-b0 up
	ip -n "$NS_HOME" link set oobmt-h0 up
	ip -n "$NS_BOX" route add default via "$HOME_GW" dev oobmt-b0
	ip -n "$NS_CAR" addr add "$RELAY/32" dev lo
	ip -n "$NS_CAR" addr add "$PUSH_IP/32" dev lo
	ip -n "$NS_CAR" addr add "$DNS_IP/32" dev lo
	# the box's own resolver is the home router, whose uplink is dead
	mkdir -p "/etc/netns/$NS_BOX"
	printf '# %s\nnameserver %s\n' "$RMARK" "$HOME_GW" \
	    >"/etc/netns/$NS_BOX/resolv.conf"
	mkdir -p "$T/box" "$T/relay/home/.ssh" "$T/state" "$T/run" "$T/push"
	chmod 755 "$T/relay" "$T/relay/home" "$T/relay/home/.ssh"
	ssh-keygen -q -t ed25519 -N '' -f "$T/box/host_key"
	ssh-keygen -q -t ed25519 -N '' -f "$T/relay/host_key"
	ssh-keygen -q -t ed25519 -N '' -f "$T/owner_key"
	ssh-keygen -q -t ed25519 -N '' -f "$T/stranger_key"
	for n in "$RELAY" relay.oobm.test; do
		printf '%s %s\n' "$n" "$(cut -d' ' -f1,2 "$T/relay/host_key.pub")"
	done >"$T/box/known_hosts"
	printf '[localhost]:%s %s\n' "$PORT" \
	    "$(cut -d' ' -f1,2 "$T/box/host_key.pub")" >"$T/owner_known_hosts"
	start_sim m
	write_env
	write_conf
	relay_account
	start_sshds
	start_push
	start_dns
}

write_env() {
	cat >"$T/env" <<EOF
NS_CAR=$NS_CAR
IF_BOX=$IF_BOX
IF_CAR=$IF_CAR
CELL_BOX=$CELL_BOX
CELL_PEER=$CELL_PEER
DNS_IP=$DNS_IP
TTY=$TTY
LOCKDIR=$T/lock
EOF
}

# write_conf [KEY=VALUE...]: the box's oobm.conf, with overrides
write_conf() {
	{
		cat <<EOF
oobm_modem="$TTY"
oobm_sms_auth=passphrase
oobm_sms_secret='correct-horse'
oobm_sms_allow="$OWNER"
oobm_country_code=46
oobm_sms_state="$T/state/smspoll.state"
oobm_link=command
oobm_link_iface=$IF_BOX
oobm_link_up="sh $E2E/link.sh up $T"
oobm_link_down="sh $E2E/link.sh down $T"
oobm_link_timeout=5
oobm_relay=$RELAY
oobm_relay_user=$RUSER
oobm_ssh_key="$T/box/id_oobm"
oobm_known_hosts="$T/box/known_hosts"
oobm_ssh_alive=1
oobm_ssh_alive_max=2
oobm_retry_seconds=40
oobm_state_dir="$T/state"
oobm_run_dir="$T/run"
oobm_push_service=webhook
oobm_push_url="http://$PUSH_IP:8080/push"
oobm_push_attempts=1
oobm_max_sessions=100
EOF
		for kv in "$@"; do printf '%s\n' "$kv"; done
	} >"$T/oobm.conf"
	chmod 600 "$T/oobm.conf"
}

# The relay's account and sshd_config come from what "oobm keygen" prints.
relay_account() {
	run_oobm keygen
	if [ "$status" != 0 ]; then
		not_ok "oobm keygen: status $status"
		return 1
	fi
	cp "$T/out" "$T/keygen.out"
	useradd -r -M -d "$T/relay/home" -s /usr/sbin/nologin -p '*' \
	    -c "$RMARK" "$RUSER"
	grep '^restrict,' "$T/keygen.out" >"$T/relay/home/.ssh/authorized_keys"
	chmod 644 "$T/relay/home/.ssh/authorized_keys"
	cat >"$T/relay/sshd_config" <<EOF
ListenAddress $RELAY:22
HostKey $T/relay/host_key
PidFile $T/relay/sshd.pid
LogLevel VERBOSE
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $RUSER
AuthorizedKeysFile .ssh/authorized_keys
EOF
	# the Match block as printed, with the reaping made quick
	sed -n '/^Match User/,$p' "$T/keygen.out" |
	    sed 's/ClientAliveInterval 15/ClientAliveInterval 2/;
	    s/ClientAliveCountMax 2/ClientAliveCountMax 1/' >>"$T/relay/sshd_config"
	cat >"$T/box/sshd_config" <<EOF
ListenAddress 127.0.0.1:22
HostKey $T/box/host_key
PidFile $T/box/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
AuthorizedKeysFile $T/box/authorized_keys
EOF
	cp "$T/owner_key.pub" "$T/box/authorized_keys"
}

start_sshd() {	# start_sshd NS DIR
	nsx "$1" /usr/sbin/sshd -f "$2/sshd_config" -E "$2/sshd.log"
}

start_sshds() {
	start_sshd "$NS_CAR" "$T/relay"
	start_sshd "$NS_BOX" "$T/box"
	wait_for 5000 listening "$NS_CAR" 22
	wait_for 5000 listening "$NS_BOX" 22
}

stop_relay() {
	kill "$(cat "$T/relay/sshd.pid")" 2>/dev/null || true
	wait_for 3000 sh -c "! ip netns exec $NS_CAR ss -Hltn 'sport = :22' | grep -q ."
}

start_push() {
	printf '200 OK\nContent-Type: application/json\n\n{}\n' >"$T/push/resp"
	nsx "$NS_CAR" env HTTPD_DIR="$T/push" socat \
	    "TCP-LISTEN:8080,bind=$PUSH_IP,reuseaddr,fork" \
	    EXEC:"sh $TOP/tests/integration/httpd.sh" 2>/dev/null &
	wait_for 5000 listening "$NS_CAR" 8080
}

# The carrier's name server, a real dnsmasq that knows the relay's and the
# push API's names; its log shows who asked.
start_dns() {
	nsx "$NS_CAR" dnsmasq --keep-in-foreground --conf-file=/dev/null \
	    --no-resolv --no-hosts --bind-interfaces --listen-address="$DNS_IP" \
	    --user=root --pid-file="$T/dns.pid" --log-queries \
	    --log-facility="$T/dns.log" \
	    --address="/relay.oobm.test/$RELAY" \
	    --address="/push.oobm.test/$PUSH_IP" 2>"$T/dns.err" &
	wait_for 5000 sh -c "ip netns exec $NS_CAR ss -Hlun 'sport = :53' | grep -q ."
}

# run_oobm ARGS: the real oobm, in the box's namespace, as cron runs it
run_oobm() {
	run nsx "$NS_BOX" env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    OOBM_MINUTE_S=$MINUTE_S ASAN_OPTIONS="$ASAN_OPTIONS" \
	    sh "$OOBM" -v -c "$T/oobm.conf" "$@"
}

# oobm_bg NAME ARGS: the same in the background, output in $T/NAME.*
oobm_bg() {
	name=$1
	shift
	nsx "$NS_BOX" env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    OOBM_MINUTE_S=$MINUTE_S ASAN_OPTIONS="$ASAN_OPTIONS" \
	    sh "$OOBM" -v -c "$T/oobm.conf" "$@" >"$T/$name.out" \
	    2>"$T/$name.err" &
	BG=$!
}

# bg_wait PID NAME: its status in $status, its output as the run's
bg_wait() {
	status=0
	wait "$1" || status=$?
	cp "$T/$2.out" "$T/out"
	cp "$T/$2.err" "$T/err"
}

deliver() {	# deliver SENDER TEXT [modemsim -S options]
	from=$1 text=$2
	shift 2
	"$BIN/modemsim" -d "$T/m" -S "$from" "$@" "$text" >/dev/null
}

store_empty() { [ -z "$(find "$T/m/SM" -type f ! -name '*.tmp')" ]; }
inbox_taken() { [ -z "$(ls "$T/m/inbox")" ]; }
sent_texts() { cat "$T"/m/sent/*.txt 2>/dev/null || true; }
sent_has() { sent_texts | grep -q -- "$1"; }
clear_sent() { rm -f "$T"/m/sent/*; }
link_gone() { ! ip -n "$NS_BOX" link show "$IF_BOX" >/dev/null 2>&1; }
owner_login() {	# the owner, on the relay, through the tunnel
	nsx "$NS_CAR" ssh -F /dev/null -i "$T/owner_key" -o BatchMode=yes \
	    -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes \
	    -o UserKnownHostsFile="$T/owner_known_hosts" -o ConnectTimeout=5 \
	    -p "$PORT" root@localhost echo hello-from-the-box 2>"$T/login.err"
}
box_ssh() {	# the box's key, against the relay, for the confinement checks
	nsx "$NS_BOX" ssh -F /dev/null -i "${KEY:-$T/box/id_oobm}" \
	    -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes \
	    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$T/box/known_hosts" \
	    -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=5 -S none \
	    -l "$RUSER" "$@"
}
pushes() { find "$T/push" -name 'req.*.peer' | wc -l; }
push_since() {	# push_since N ADDRESS: a request after the Nth came from it
	n=$(pushes)
	[ "$n" -gt "$1" ] && grep -qx "$2" "$T/push/req.$n.peer"
}
# session_started NAME MINUTES: the owner's UP, "oobm run" in the
# background ($pid, output in $T/NAME.*), until the relay listens
session_started() {
	deliver "$OWNER" "correct-horse UP $2"
	wait_for 5000 inbox_taken
	oobm_bg "$1" run
	pid=$BG
	wait_for 20000 relay_bound || true
}

session_idle() { grep -q '^state=idle' "$T/state/session"; }

# Between scenarios: no session, no link, routes as the world made them.
fresh() {
	ip -n "$NS_BOX" link del "$IF_BOX" 2>/dev/null || true
	rm -f "$T/link.fail"
	clear_sent
	write_conf "$@"
}

# --- scenarios ------------------------------------------------------------

# E2E_DEMO=1 (make demo): the activation told as it happens
say() { [ "${E2E_DEMO:-0}" != 1 ] || printf '\n== %s\n' "$*"; }

t_activation() {
	fresh
	before=$(box_default)
	say "The box's default route goes to the home router, whose uplink is" \
	    "dead: $before.  The owner texts 'correct-horse UP 2' from $OWNER."
	deliver "$OWNER" 'correct-horse UP 2'
	wait_for 5000 inbox_taken
	say "cron runs 'oobm run' (here a minute lasts $MINUTE_S s):"
	t0=$(now_ms)
	oobm_bg act run
	pid=$BG
	if [ "${E2E_DEMO:-0}" = 1 ]; then
		tail -f "$T/act.err" &
		tailpid=$!
	fi
	if wait_for 20000 relay_bound; then
		ok "activation: relay listens on localhost:$PORT after $(($(now_ms) - t0)) ms"
	else
		not_ok "activation: relay never listened"
		sed 's/^/#   /' "$T/act.err"
	fi
	expect "activation: the route to the relay names the cellular link" \
	    test "$(ip -n "$NS_BOX" -o route get "$RELAY" | sed -n 's/.* dev \([^ ]*\).*/\1/p')" = "$IF_BOX"
	say "On the relay, the owner runs: ssh -p $PORT root@localhost" \
	    "echo hello-from-the-box"
	expect "activation: the owner logs in to the box through the relay" \
	    test "$(owner_login)" = hello-from-the-box
	expect "activation: the push request came from the cellular address" \
	    grep -qx "$CELL_BOX" "$T/push/req.1.peer"
	expect "activation: the push says how to log in" \
	    grep -q "ssh -p $PORT $RUSER@$RELAY" "$T/push/req.1.body"
	expect "activation: status -k says up" sh -c \
	    "ip netns exec $NS_BOX env OOBM_LOCKDIR=$T/lock sh $OOBM -k -c $T/oobm.conf status | grep -qx state=up"
	say "The push notification the owner's phone got: $(cat "$T/push/req.1.body")"
	bg_wait "$pid" act
	[ -z "${tailpid:-}" ] || kill "$tailpid" 2>/dev/null || true
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
	nsx "$NS_BOX" sh "$E2E/link.sh" up "$T" >"$T/out" 2>"$T/err" || true
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
	kill "$lpid" 2>/dev/null || true
	p=$(nsx "$NS_BOX" ss -Hltnp 'sport = :40022' | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | sort -u)
	[ -z "$p" ] || kill "$p" 2>/dev/null || true
	for spec in "31338:localhost:22" "0:localhost:22" "$RELAY:31339:localhost:22"; do
		o=$(box_ssh -N -o ExitOnForwardFailure=yes -R "$spec" "$RELAY" 2>&1) || true
		expect "confinement: no -R $spec" sh -c \
		    "printf '%s' \"\$1\" | grep -q 'remote port forwarding failed'" sh "$o"
	done
	ip -n "$NS_BOX" route del "$RELAY/32" 2>/dev/null || true
	nsx "$NS_BOX" sh "$E2E/link.sh" down "$T" >/dev/null 2>&1 || true
}

t_link_never_up() {
	fresh oobm_tries=2
	: >"$T/link.fail"
	before=$(box_default)
	deliver "$OWNER" 'correct-horse UP'
	wait_for 5000 inbox_taken
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
	wait_for 5000 inbox_taken
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
	wait_for 5000 inbox_taken
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
	wait_for 5000 inbox_taken
	run_oobm run
	start_sshd "$NS_CAR" "$T/relay"
	wait_for 5000 listening "$NS_CAR" 22 || true
	expect "relay unreachable: tried twice" \
	    test "$(grep -c 'link up (command), try' "$T/err")" -eq 2
	expect "relay unreachable: the SMS says so" \
	    sent_has "link failed: relay $RELAY:22 does not answer"
	expect "relay unreachable: link down" link_gone
}

# pids of the session and of its tunnel ssh (the same in every namespace)
tunnel_ssh_pid() { sed -n 's/^sshpid=//p' "$T/state/session"; }
session_pid() { sed -n 's/^pid=//p' "$T/state/session"; }
new_tunnel() {	# new_tunnel OLDPID: another ssh holds the relay's port
	np=$(tunnel_ssh_pid)
	[ -n "$np" ] && [ "$np" != "$1" ] && kill -0 "$np" 2>/dev/null &&
	    ! link_gone && relay_bound
}

t_ssh_killed_and_carrier_drop() {
	fresh
	before=$(box_default)
	session_started kill 5
	p=$(tunnel_ssh_pid)
	kill -9 "$p" 2>/dev/null || true
	wait_for 3000 relay_free || true
	expect "ssh killed: the tunnel comes back" wait_for 15000 new_tunnel "$p"
	# the carrier drops abruptly: no FIN reaches the relay
	t0=$(now_ms)
	ip -n "$NS_BOX" link del "$IF_BOX"
	expect "carrier drop: link and tunnel back, the stale port reaped" \
	    wait_for 40000 new_tunnel "$(tunnel_ssh_pid)"
	echo "# carrier drop to tunnel back: $(($(now_ms) - t0)) ms"
	expect "carrier drop: the owner logs in again" \
	    test "$(owner_login)" = hello-from-the-box
	kill -TERM "$(session_pid)"
	bg_wait "$pid" kill
	expect "SIGTERM: clean teardown, exit 143" status_is 143
	expect "SIGTERM: relay port free" relay_free
	expect "SIGTERM: routes restored" test "$(box_default)" = "$before"
	expect "SIGTERM: 'link is down (stopped by SIGTERM)' texted" \
	    sent_has 'link is down (stopped by SIGTERM)'
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
}

t_power_loss() {
	fresh
	before=$(box_default)
	session_started crash 5
	# everything of the session at once, as a power cut would
	kill -9 "$(session_pid)" "$(tunnel_ssh_pid)" "$(cat "$T/holder.pid")" \
	    2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	expect "power loss: the default route is the cellular one meanwhile" \
	    test "$(box_default)" != "$before"
	wait_for 5000 relay_free || true
	oobm_bg again run
	pid=$BG
	wait_for 20000 relay_bound || true
	expect "power loss: the unacknowledged UP is acted on again" relay_bound
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
	fresh oobm_sms_auth=passphrase
	run_oobm run >/dev/null 2>&1 || true	# drain what the last test left
	fresh
	before=$(box_default)
	deliver +46700000000 'correct-horse UP'
	deliver "$OWNER" 'wrong-horse UP'
	deliver "$OWNER" 'correct-horse UP 30; reboot'
	deliver "$OWNER" 'correct-horse $(touch /tmp/oobm-e2e-pwned)'
	deliver "$OWNER" 'correct-horse `touch /tmp/oobm-e2e-pwned`'
	deliver "$OWNER" "$(printf 'correct-horse UP\nreboot')"
	deliver 0701234567 'correct-horse UP' -A
	wait_for 5000 inbox_taken
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
	wait_for 5000 inbox_taken
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
	deliver2() { "$BIN/modemsim" -d "$T/m2" -S "$OWNER" "$1" >/dev/null; }
	deliver2 'correct-horse UP 5'
	t0=$(now_ms)
	oobm_bg two run
	pid=$BG
	wait_for 20000 relay_bound || true
	deliver2 'correct-horse STATUS'
	expect "second port: STATUS answered during the session" wait_for 30000 \
	    sh -c "cat '$T'/m2/sent/*.txt 2>/dev/null | grep -q 'oobm: up since'"
	deliver2 'correct-horse DOWN'
	bg_wait "$pid" two
	expect "second port: DOWN ends the session" \
	    sh -c "cat '$T'/m2/sent/*.txt | grep -q 'link is down (DOWN by SMS)'"
	expect "second port: the session ended before its 5 minutes" \
	    test $(($(now_ms) - t0)) -lt $((5 * MINUTE_S * 1000))
	expect "second port: every handled SMS deleted" \
	    test -z "$(find "$T/m2/SM" -type f)"
	expect "second port: link gone" link_gone
}

t_watch() {
	fresh
	oobm_bg watch watch
	pid=$BG
	sleep 2
	t0=$(now_ms)
	deliver "$OWNER" 'correct-horse UP 1'
	if wait_for 15000 relay_bound; then
		d=$(($(now_ms) - t0))
		echo "# watch: activation to relay listening: $d ms"
		expect "watch: listening within 5 s of the SMS ($d ms)" test "$d" -lt 5000
	else
		not_ok "watch: relay never listened"
	fi
	wait_for $((MINUTE_S * 1000 + 15000)) sent_has 'link is down' || true
	expect "watch: the session ended and texted" sent_has 'link is down (time is up)'
	deliver "$OWNER" 'correct-horse UP 5'
	wait_for 15000 relay_bound || true
	run_oobm down
	expect "watch: oobm down ends the session" status_is 0
	expect "watch: ...and watch goes on" kill -0 "$pid"
	expect "watch: ...said by SMS" sent_has 'link is down (ended by oobm down)'
	kill -TERM "$(session_pid)" 2>/dev/null || true
	pkill -TERM -f "$OOBM -v -c $T/oobm.conf watch" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
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

route_dev() { ip -n "$NS_BOX" -o route get "$1" | sed -n 's/.* dev \([^ ]*\).*/\1/p'; }
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
	wait_for 5000 inbox_taken
	run_oobm run
	expect "a name the carrier does not know: 'link failed' says so" \
	    sent_has 'oobm: link failed: cannot resolve nosuch.oobm.test'
	expect "a name the carrier does not know: routes back" \
	    test "$(box_default)" = "$before"
}

t_rate_limit() {
	fresh oobm_max_sessions=2
	n=$(grep -c . "$T/state/history")
	fresh "oobm_max_sessions=$n"
	deliver "$OWNER" 'correct-horse UP'
	wait_for 5000 inbox_taken
	run_oobm run
	expect "rate limit: $n sessions in 24 h: no link" \
	    sh -c "! grep -q 'link up' '$T/err'"
	expect "rate limit: the owner is told" \
	    sent_has "oobm: refused, $n sessions in 24 h already"
	expect "rate limit: the SMS deleted" store_empty
}

t_selftest() {
	fresh oobm_selftest_seconds=3
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
	expect "selftest: the tunnel was up" err_has 'tunnel up: relay'
	expect "selftest: routes restored" test "$(box_default)" = "$before"
	expect "selftest: the verdict pushed, through the cellular link" sh -c \
	    "grep -q 'oobm selftest: ok' '$T/push/req.$((n0 + 2)).body' &&
	    grep -qx '$CELL_BOX' '$T/push/req.$((n0 + 2)).peer'"
	expect "selftest: no SMS when it passed" test -z "$(sent_texts)"
	run nsx "$NS_BOX" env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    sh "$OOBM" -k -c "$T/oobm.conf" status
	expect "status -k: the last selftest and the health" sh -c \
	    "grep -qx 'selftest=ok' '$T/out' && grep -qx 'sim=READY' '$T/out'"
	fresh oobm_selftest_seconds=3 oobm_tries=1
	: >"$T/link.fail"
	run_oobm selftest
	expect "selftest failing: exit 1" status_is 1
	expect "selftest failing: the SMS says why" \
	    sent_has 'oobm selftest: FAILED: link up command failed: NO CARRIER'
	rm -f "$T/link.fail"
}

# Dialling wedged (NO CARRIER while SMS work) until the stick resets, and
# the reset renames its port: the radio cycled after the first failed
# try, the reset after the second, the port found again by its USB
# identity, and the session comes up on the third.  oobm runs in a
# private mount namespace where tests/sim/usbworld.sh plays udev.
t_dial_wedged_renamed() {
	start_peer modemsim modem mw -W dial -R 800
	fresh oobm_modem=/dev/ttyUSB0 oobm_modem_usb=12d1:1001 oobm_modem_iface=0 \
	    oobm_at_timeout=3
	"$BIN/modemsim" -d "$T/mw" -S "$OWNER" 'correct-horse UP 1' >/dev/null
	wait_for 5000 sh -c "[ -z \"\$(ls '$T/mw/inbox')\" ]" || true
	t0=$(now_ms)
	nsx "$NS_BOX" unshare -m --propagation private \
	    sh "$TOP/tests/sim/usbworld.sh" "$T/mw" \
	    env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" OOBM_MINUTE_S=$MINUTE_S \
	    ASAN_OPTIONS="$ASAN_OPTIONS" sh "$OOBM" -v -c "$T/oobm.conf" run \
	    >"$T/wedge.out" 2>"$T/wedge.err" &
	pid=$!
	if wait_for 90000 relay_bound; then
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

t_chat_script() {
	start_sim chat
	expect "the shipped chat script reaches CONNECT with the real chat(8)" \
	    sh -c "chat -t 5 -f '$TOP/etc/ppp/chat-oobm.sample' <'$PEER' >'$PEER'"
}

trap 'world_down; cleanup' EXIT
world_up
# E2E_ONLY="activation watch": only those scenarios (for debugging)
for t in ${E2E_ONLY:-activation confinement link_never_up key_refused \
    hostkey_changed relay_unreachable ssh_killed_and_carrier_drop \
    down_and_two_runs power_loss hostile_sms replayed_totp two_ports watch \
    host_route relay_by_name selftest rate_limit dial_wedged_renamed \
    chat_script}; do
	"t_$t"
done
done_testing
