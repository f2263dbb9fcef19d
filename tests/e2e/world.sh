# tests/e2e/world.sh: the e2e world, sourced by the e2e suites (as root):
# network namespaces made here, the box (its own sshd on 127.0.0.1:22, a
# home LAN whose uplink is dead, a resolver that is the home router), the
# carrier (the relay's real sshd with a confined account, a push API over
# HTTP, a name server) and, at "link up", a veth pair standing in for PPP
# (tests/e2e/link.sh, which also dials modemsim and holds its port as ppp
# does).  The real oobm, smspoll, smssend, pushnotify, ssh and sshd; SMS
# from modemsim's own encoder.
#
# Only 198.18.0.0/15 addresses inside these namespaces; the root
# namespace, its routes and users are not touched but for one relay
# account and the box's /etc/netns resolv.conf, both marked as this
# test's.  Leftovers of a killed run are removed first; everything started
# is stopped by pid.
# shellcheck shell=sh
# shellcheck disable=SC2034 # names the suites use
# shellcheck source=tests/integration/lib.sh
. "$TOP/tests/integration/lib.sh"
case $BIN in /*) ;; *) BIN=$TOP/$BIN ;; esac
OOBM_BINDIR=$BIN
OOBM=$TOP/scripts/oobm
E2E=$TOP/tests/e2e

NS_BOX=oobmt-box NS_CAR=oobmt-car NS_HOME=oobmt-home
HOME_GW=198.18.1.1 HOME_BOX=198.18.1.2
CELL_PEER=198.18.2.1 CELL_BOX=198.18.2.2
RELAY=198.18.3.1 PUSH_IP=198.18.3.2 DNS_IP=198.18.3.3
IF_BOX=oobmt-cell IF_CAR=oobmt-cr0
RUSER=oobmt-relay RMARK='oobm e2e test relay (temporary)'
OUSER=oobmt-owner	# the owner's own account on the relay, to jump through
OWNER=+46701234567
OTHER=+46709876543	# another allowed number, when a test allows it
PORT=31337
RPORT2=2222		# the relay's sshd listens on 22 and on this one
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
	for u in "$RUSER" "$OUSER"; do
		if [ "$(getent passwd "$u" | cut -d: -f5)" = "$RMARK" ]; then
			userdel "$u" 2>/dev/null || true
		fi
	done
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
	{
		printf '[127.0.0.1]:%s %s\n' "$PORT" \
		    "$(cut -d' ' -f1,2 "$T/box/host_key.pub")"
		printf '%s %s\n' "$RELAY" \
		    "$(cut -d' ' -f1,2 "$T/relay/host_key.pub")"
	} >"$T/owner_known_hosts"
	# the owner's ssh_config: who the owner is on the relay and on the
	# box, and the keys; -F reaches the jump's ssh too
	cat >"$T/owner_ssh_config" <<EOF
Host $RELAY
	User $OUSER
Host 127.0.0.1
	User root
Host *
	IdentityFile $T/owner_key
	IdentitiesOnly yes
	IdentityAgent none
	BatchMode yes
	StrictHostKeyChecking yes
	UserKnownHostsFile $T/owner_known_hosts
	GlobalKnownHostsFile /dev/null
	ConnectTimeout 5
EOF
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
NS_BOX=$NS_BOX
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
	conf_write "$T/oobm.conf" \
	    "oobm_modem=\"$TTY\"" \
	    oobm_sms_auth=passphrase \
	    "oobm_sms_secret='correct-horse'" \
	    "oobm_sms_allow=\"$OWNER\"" \
	    oobm_country_code=46 \
	    "oobm_sms_state=\"$T/state/smspoll.state\"" \
	    oobm_link=command \
	    "oobm_link_iface=$IF_BOX" \
	    "oobm_link_up=\"sh $E2E/link.sh up $T\"" \
	    "oobm_link_down=\"sh $E2E/link.sh down $T\"" \
	    oobm_link_timeout=5 \
	    "oobm_relay=$RELAY" \
	    "oobm_relay_user=$RUSER" \
	    "oobm_ssh_key=\"$T/box/id_oobm\"" \
	    "oobm_known_hosts=\"$T/box/known_hosts\"" \
	    oobm_ssh_alive=1 \
	    oobm_ssh_alive_max=2 \
	    oobm_retry_seconds=40 \
	    "oobm_state_dir=\"$T/state\"" \
	    "oobm_run_dir=\"$T/run\"" \
	    oobm_push_service=webhook \
	    "oobm_push_url=\"http://$PUSH_IP:8080/push\"" \
	    oobm_push_attempts=1 \
	    oobm_max_sessions=100 \
	    "$@"
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
	mkdir -p "$T/owner/home/.ssh"
	chmod 755 "$T/owner" "$T/owner/home" "$T/owner/home/.ssh"
	useradd -r -M -d "$T/owner/home" -s /bin/sh -p '*' -c "$RMARK" "$OUSER"
	cp "$T/owner_key.pub" "$T/owner/home/.ssh/authorized_keys"
	chmod 644 "$T/owner/home/.ssh/authorized_keys"
	cat >"$T/relay/sshd_config" <<EOF
ListenAddress $RELAY:22
ListenAddress $RELAY:$RPORT2
HostKey $T/relay/host_key
PidFile $T/relay/sshd.pid
LogLevel VERBOSE
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $RUSER $OUSER
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
# push API's names, and one hostile name: lan.oobm.test is the home
# gateway's address; its log shows who asked.
start_dns() {
	nsx "$NS_CAR" dnsmasq --keep-in-foreground --conf-file=/dev/null \
	    --no-resolv --no-hosts --bind-interfaces --listen-address="$DNS_IP" \
	    --user=root --pid-file="$T/dns.pid" --log-queries \
	    --log-facility="$T/dns.log" \
	    --address="/relay.oobm.test/$RELAY" \
	    --address="/push.oobm.test/$PUSH_IP" \
	    --address="/lan.oobm.test/$HOME_GW" 2>"$T/dns.err" &
	wait_for 5000 sh -c "ip netns exec $NS_CAR ss -Hlun 'sport = :53' | grep -q ."
}

# run_oobm ARGS: the real oobm, in the box's namespace, as cron runs it
run_oobm() {
	run nsx "$NS_BOX" env PATH="$BIN:$PATH" OOBM_LOCKDIR="$T/lock" \
	    OOBM_MINUTE_S=$MINUTE_S ASAN_OPTIONS="$ASAN_OPTIONS" \
	    sh "$OOBM" -v -c "$T/oobm.conf" "$@"
}

# oobm_bg NAME ARGS: the same in the background, output in $T/NAME.*;
# $BG is oobm's own pid (ip and env exec it), to signal and wait for.
# With E2E_TRACE=FILE, oobm runs under bash, every command it runs
# appended to FILE as "+FILE:FUNCTION: ..." (tests/trace.bash;
# tests/measure.sh counts the hops between files)
oobm_bg() {
	name=$1
	shift
	set -- "$OOBM" -v -c "$T/oobm.conf" "$@"
	if [ -n "${E2E_TRACE:-}" ]; then
		set -- env BASH_ENV="$TOP/tests/trace.bash" \
		    OOBM_TRACE="$E2E_TRACE" bash "$@"
	else
		set -- sh "$@"
	fi
	exec ip netns exec "$NS_BOX" env PATH="$BIN:$PATH" \
	    OOBM_LOCKDIR="$T/lock" OOBM_MINUTE_S=$MINUTE_S \
	    ASAN_OPTIONS="$ASAN_OPTIONS" "$@" >"$T/$name.out" \
	    2>"$T/$name.err" &
	BG=$!
}

# bg_wait PID NAME: its status in $status, its output as the run's
bg_wait() {
	status=0
	wait "$1" 2>/dev/null || status=$?
	cp "$T/$2.out" "$T/out"
	cp "$T/$2.err" "$T/err"
}

deliver() {	# deliver SENDER TEXT [modemsim -S options]: once stored
	from=$1 text=$2
	shift 2
	sms_put m "$from" "$text" "$@"
	await 5000 "the modem to store the SMS" sms_taken m
}

store_empty() { [ -z "$(find "$T/m/SM" -type f ! -name '*.tmp')" ]; }
# run_scenarios FILE: the world up (and down at the end, however the
# suite ends), then each scenario t_NAME FILE defines, in the order
# written, as lib.sh's run_tests runs tests (E2E_ONLY="a b", as ONLY:
# only those, for debugging)
run_scenarios() {
	trap 'world_down; cleanup' EXIT
	world_up
	ONLY=${E2E_ONLY:-${ONLY:-}}
	run_tests "$1"
}
sent_texts() { cat "$T"/m/sent/*.txt 2>/dev/null || true; }
sent_has() { sent_texts | grep -q -- "$1"; }
clear_sent() { rm -f "$T"/m/sent/*; }
link_gone() { ! ip -n "$NS_BOX" link show "$IF_BOX" >/dev/null 2>&1; }
# owner_login: the owner, from outside, by the command the push gave
# ("ssh -J RELAY -p PORT 127.0.0.1"), the users and keys from the
# owner's ssh_config
# owner_how: the command of the newest push since push_mark (set as a
# session is asked for: an older push is an older session's)
owner_how() {
	oh_n=$(pushes)
	while [ "$oh_n" -gt "${push_mark:-0}" ]; do
		oh=$(grep -o 'ssh -J [^ ]* -p [0-9]* 127\.0\.0\.1' \
		    "$T/push/req.$oh_n.body" 2>/dev/null | head -n 1)
		[ -z "$oh" ] || { echo "$oh"; return 0; }
		oh_n=$((oh_n - 1))
	done
}
owner_told() { [ -n "$(owner_how)" ]; }
owner_login() {
	# the push goes out just after the tunnel is up
	if ! wait_for 10000 owner_told; then
		echo "#   login: no ssh command in a push after 10 s" >&2
		return 1
	fi
	how=$(owner_how)
	# shellcheck disable=SC2086 # the command's words, checked above
	nsx "$NS_CAR" ssh -F "$T/owner_ssh_config" ${how#ssh } \
	    echo hello-from-the-box 2>"$T/login.err" || {
		sed 's/^/#   login: /' "$T/login.err" >&2
		return 1
	}
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
# background ($pid, output in $T/NAME.*), until the session is up
session_started() {
	push_mark=$(pushes)
	deliver "$OWNER" "correct-horse UP $2"
	oobm_bg "$1" run
	pid=$BG
	await 20000 "the session up, with a tunnel" session_up
}

state_of() { sed -n "s/^$1=//p" "$T/state/session" 2>/dev/null; }
tunnel_ssh_pid() { state_of sshpid; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
# session_up [OLDPID]: the state says up, its tunnel's ssh (not OLDPID)
# lives, and the relay listens.  The port alone is not enough: the relay
# holds a dead session's port until its ClientAlive reaps it.
session_up() {
	[ "$(state_of state)" = up ] || return 1
	p=$(tunnel_ssh_pid)
	alive "$p" && [ "$p" != "${1:-}" ] && ! link_gone && relay_bound
}
session_idle() { grep -q '^state=idle' "$T/state/session"; }

# await MS WHAT COMMAND...: wait for COMMAND, as a test line of its own;
# in vain, the line says for how long, and what the world then holds
# (not an earlier run's output, which has nothing to do with it)
await() {
	ms=$1 what=$2
	shift 2
	if wait_for "$ms" "$@"; then
		ok "${test_name:-world}: waited for $what"
	else
		not_ok "${test_name:-world}: waited for $what: not within $ms ms"
		echo "#   state: $(state_of state); left: $(leftovers)"
	fi
}

lock_free() { flock -n "$T/run/run.lock" true; }
# what runs in the box beside its sshd: nothing, between scenarios
box_stray() {
	sp=$(cat "$T/box/sshd.pid" 2>/dev/null)
	for p in $(ip netns pids "$NS_BOX"); do
		[ "$p" = "$sp" ] || printf '%s ' "$p"
	done
}
holders() {	# the processes that have run.lock open, but PID
	find /proc/[0-9]*/fd -lname "$T/run/run.lock" 2>/dev/null |
	    awk -F/ -v but="${1:-}" '$3 != but { print $3 }' | sort -u |
	    paste -sd' ' -
}
# no_holder_but PID: no program oobm (PID) runs holds the run lock; a
# fork of its shell, waiting on a $(...), shares it with it
no_holder_but() {
	for h in $(holders "$1"); do
		# one that has gone since holds nothing (a command of the
		# session's own shell, ended between the two looks)
		e=$(readlink "/proc/$h/exe") || continue
		[ "$e" = "$(readlink "/proc/$1/exe")" ] ||
		    { echo "# the run lock held by: $(ps -o args= -p "$h")"; return 1; }
	done
}

# leftovers: what a scenario left that the next must not find, named
leftovers() {
	st=$(state_of state)
	case $st in '' | idle) ;; *) printf 'state %s; ' "$st" ;; esac
	[ -z "$(state_of pid)" ] || printf 'session pid %s; ' "$(state_of pid)"
	link_gone || printf 'the link %s; ' "$IF_BOX"
	! alive "$(cat "$T/holder.pid" 2>/dev/null)" || printf 'the dialler; '
	relay_free || printf 'the relay port %s; ' "$PORT"
	lock_free || printf 'the run lock (held by %s); ' "$(holders)"
	store_empty || printf 'SMS in the store; '
	sms_taken m || printf 'SMS not yet stored; '
	for p in $(box_stray); do
		printf 'in the box: %s; ' "$(ps -o args= -p "$p" | cut -c1-50)"
	done
}
world_quiet() { [ -z "$(leftovers)" ]; }

# Each scenario starts from a world it has checked to be quiet: what the
# last left is waited for a little (the relay reaps a killed session's
# port in about 8 s), then named in a "not ok" and cleared, so that the
# next scenario is judged on its own.  Then the box's state directory is
# new, the config written with the overrides given.
fresh() {
	if ! wait_for 12000 world_quiet; then
		not_ok "${test_name:-world}: the world was quiet before it: $(leftovers)"
		force_quiet
	fi
	rm -f "$T/link.fail" "$T/link.slow"
	rm -rf "$T/state"
	mkdir -p "$T/state"
	clear_sent
	write_conf "$@"
}

force_quiet() {
	# shellcheck disable=SC2046 # a list of pids
	kill -9 $(box_stray) 2>/dev/null || true
	nsx "$NS_BOX" sh "$E2E/link.sh" down "$T" >/dev/null 2>&1 || true
	sh "$E2E/usbnet.sh" "$T" unplug >/dev/null 2>&1 || true
	find "$T/m/SM" "$T/m/inbox" -type f -exec rm -f {} + 2>/dev/null || true
	wait_for 12000 relay_free || not_ok "${test_name:-world}: the relay port stays taken"
}

# E2E_DEMO=1 (make demo): the activation and a failover told as they
# happen: what the scenario says, and oobm's own log as it is written
say() { [ "${E2E_DEMO:-0}" != 1 ] || printf '\n== %s\n' "$*"; }
demo_follow() {	# demo_follow FILE: shown as it grows, until demo_end
	tailpid=
	[ "${E2E_DEMO:-0}" = 1 ] || return 0
	tail -f "$1" &
	tailpid=$!
}
demo_end() { [ -z "${tailpid:-}" ] || kill "$tailpid" 2>/dev/null || true; }
