#!/bin/sh
# tests/e2e/hilink.sh: scripts/oobm end to end over a HiLink stick
# (oobm_modem=http://ADDRESS, oobm_link=hilink; issue 40), as root, in
# the world of tests/e2e/world.sh with one more namespace: the stick, a
# NAT router (nftables) between the box and the carrier, its web API
# played by hilinksim on its address, its DHCP and DNS by a real
# dnsmasq, its mobile data by tests/e2e/stickdata.sh.  The activation
# from an SMS in the stick's inbox to the tunnel and back, a session the
# stick forgets mid-session (a stale token), the stick rebooting
# mid-session, and oobm watch polling the stick.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/e2e/world.sh
. "$TOP/tests/e2e/world.sh"

NS_STK=oobmt-stk
STK_LAN=198.18.8.1 STK_BOX=198.18.8.100	# the stick's network
STK_WAN=198.18.7.2 CAR_STK=198.18.7.1	# its carrier side
IF_SBOX=oobmt-sb0 IF_SLAN=oobmt-sl0	# box - stick
IF_SWAN=oobmt-sw0 IF_SCAR=oobmt-sc0	# stick - carrier
STK=$T/stk
URL=http://$STK_LAN

for c in nft curl; do
	command -v "$c" >/dev/null 2>&1 || {
		not_ok "e2e hilink: $c is not installed (tests/deps.sh)"
		done_testing
		exit 1
	}
done

# stick_up: the stick plugged in: its namespace, its network with the
# box (the box's end down and bare, as at enumeration), its carrier side
# down (data off), NAT, its DHCP and DNS server, its web API
stick_up() {
	ns_remove "$NS_STK"
	ip netns add "$NS_STK"
	ip -n "$NS_STK" link set lo up
	ip -n "$NS_BOX" link add "$IF_SBOX" type veth peer name "$IF_SLAN" \
	    netns "$NS_STK"
	ip -n "$NS_STK" addr add "$STK_LAN/24" dev "$IF_SLAN"
	ip -n "$NS_STK" link set "$IF_SLAN" up
	ip -n "$NS_STK" link add "$IF_SWAN" type veth peer name "$IF_SCAR" \
	    netns "$NS_CAR"
	ip -n "$NS_STK" addr add "$STK_WAN/24" dev "$IF_SWAN"
	ip -n "$NS_CAR" addr add "$CAR_STK/24" dev "$IF_SCAR"
	ip -n "$NS_CAR" link set "$IF_SCAR" up
	nsx "$NS_STK" sysctl -qw net.ipv4.ip_forward=1
	printf 'table ip oobmt {\n chain post {\n  type nat hook postrouting priority srcnat;\n  oifname "%s" masquerade\n }\n}\n' \
	    "$IF_SWAN" | nsx "$NS_STK" nft -f -
	printf 'NS_STK=%s\nIF_SWAN=%s\nCAR_STK=%s\n' "$NS_STK" "$IF_SWAN" \
	    "$CAR_STK" >>"$T/env"
	nsx "$NS_STK" dnsmasq --keep-in-foreground --conf-file=/dev/null \
	    --no-resolv --no-hosts --bind-interfaces --interface="$IF_SLAN" \
	    --listen-address="$STK_LAN" --server="$DNS_IP" --user=root \
	    --dhcp-range="$STK_BOX,$STK_BOX,255.255.255.0,10m" \
	    --dhcp-option=3,"$STK_LAN" --dhcp-option=6,"$STK_LAN" \
	    --dhcp-leasefile="$T/stk.leases" --pid-file="$T/stk-dns.pid" \
	    2>"$T/stk-dns.err" &
	mkdir -p "$STK"
	nsx "$NS_STK" "$BIN/hilinksim" -d "$STK" -a "$STK_LAN" -p 80 -c 300 \
	    -X "sh $E2E/stickdata.sh $T" 2>"$STK/stderr" &
	wait_for 5000 test -f "$STK/port" ||
	    { not_ok "e2e hilink: hilinksim did not start"; return 1; }
}

# stick_in PHONE TEXT: a message the stick receives, once taken
stick_in() {
	printf '%s\n%s\n%s' "$1" "$(date '+%Y-%m-%d %H:%M:%S')" "$2" \
	    >"$STK/inbox/.m"
	mv "$STK/inbox/.m" "$STK/inbox/m.$(now_ms)"
	await 3000 "the stick to take the SMS" sh -c "[ -z \"\$(ls '$STK/inbox')\" ]"
}
stick_sent() { cat "$STK"/sent/*.txt 2>/dev/null | grep -q -- "$1"; }
stick_data() { ip -n "$NS_STK" -o link show "$IF_SWAN" | grep -q 'state UP'; }
stick_asked() { grep -c "^$1 $2 $3\$" "$STK/requests.log" || true; }
box_lan() { ip -n "$NS_BOX" -4 -o addr show dev "$IF_SBOX"; }
# hl_up [OLDPID]: the session up over the stick: the state, its
# tunnel's ssh (not OLDPID), the relay listening
hl_up() {
	[ "$(state_of state)" = up ] || return 1
	p=$(tunnel_ssh_pid)
	alive "$p" && [ "$p" != "${1:-}" ] && relay_bound
}

# stick_fresh: a quiet world, the box's configuration for the stick;
# the stick's state from before gone
stick_fresh() {
	fresh "oobm_modem=\"$URL\"" oobm_link=hilink \
	    "oobm_link_iface=$IF_SBOX" oobm_dhcp_client=udhcpc
	rm -f "$STK"/sent/* "$STK/requests.log"
}

# stick_run NAME: oobm run in the background ($pid), its output in
# $T/NAME.*
stick_run() { oobm_bg "$1" run; pid=$BG; }

# lan_release: what the box keeps for the stick's SMS between sessions
# (its network's lease and client) given back, so that the next
# scenario starts from a stick just plugged in
lan_release() {
	p=$(cat "$T/run/stick/dhcp.pid" 2>/dev/null) || p=
	[ -z "$p" ] || kill "$p" 2>/dev/null || true
	ip -n "$NS_BOX" addr flush dev "$IF_SBOX" 2>/dev/null || true
	ip -n "$NS_BOX" link set "$IF_SBOX" down 2>/dev/null || true
}

# ends_cleanly NAME WHAT: DOWN from the owner ends the session: exit 0,
# the stick's data off, the routes back, nothing of the session left
ends_cleanly() {
	stick_in "$OWNER" 'correct-horse DOWN'
	bg_wait "$pid" "$1"
	expect "$2: DOWN ends the session, exit 0" status_is 0
	expect "$2: 'link is down' texted through the stick" \
	    stick_sent 'link is down (DOWN by SMS)'
	expect "$2: the stick's data switched off" not stick_data
	expect "$2: the default route back byte for byte" \
	    test "$(box_default)" = "$before"
	expect "$2: no route left via the stick" sh -c \
	    "! ip -n $NS_BOX route show | grep -q 'via $STK_LAN'"
	expect "$2: the relay port free" wait_for 12000 relay_free
}

t_hilink_activation() {
	stick_fresh
	before=$(box_default)
	expect "activation: the stick's network down and bare before" \
	    test -z "$(box_lan)"
	stick_in "$OWNER" 'correct-horse UP 5'
	stick_run hla
	await 25000 "the session up over the stick" hl_up
	expect "activation: the box's address on the stick's network from its DHCP" \
	    sh -c "ip -n $NS_BOX -4 -o addr show dev $IF_SBOX | grep -q 'inet $STK_BOX/24'"
	expect "activation: the stick's data switched on through its API" \
	    test "$(stick_asked POST /api/dialup/mobile-dataswitch 0)" -ge 1
	expect "activation: the relay routed via the stick's address" sh -c \
	    "ip -n $NS_BOX -o route get $RELAY | grep -q 'via $STK_LAN dev $IF_SBOX'"
	expect "activation: the owner logs in through the relay" \
	    test "$(owner_login)" = hello-from-the-box
	expect "activation: the push came from the stick's carrier address (its NAT)" \
	    grep -qx "$STK_WAN" "$T/push/req.$(pushes).peer"
	stick_in "$OWNER" 'correct-horse STATUS'
	expect "activation: STATUS answered through the stick during the session" \
	    wait_for 30000 stick_sent 'oobm: up since'
	ends_cleanly hla activation
	expect "activation: the UP, STATUS and DOWN deleted from the stick" \
	    test ! -s "$STK/store"
	expect "activation: the stick's network kept for its SMS" \
	    sh -c "ip -n $NS_BOX -4 -o addr show dev $IF_SBOX | grep -q 'inet $STK_BOX/'"
	lan_release
}

stale_seen() { grep -q ' 12500[23]$' "$STK/requests.log"; }

# The stick forgets every session mid-session (its own timeout), between
# two questions of one tool: the next gets 125002 or 125003, the tool
# begins a new session and asks again, and the session goes on.  Each
# tool begins a session of its own, so the forgetting is put after one
# request, then two...: one of them lands inside a tool's exchange.
t_hilink_stale_token() {
	stick_fresh
	before=$(box_default)
	stick_in "$OWNER" 'correct-horse UP 9'
	stick_run hls
	await 25000 "the session up over the stick" hl_up
	n=1
	while [ "$n" -le 4 ] && ! stale_seen; do
		echo "$n" >"$STK/expire"
		wait_for 6000 stale_seen || true	# then one more request
		n=$((n + 1))
	done
	expect "stale token: a question of the session answered 125002/3" \
	    stale_seen
	expect "...and asked again in a new session" sh -c "grep -A1 ' 12500[23]\$' \
	    '$STK/requests.log' | grep -q '^GET /api/webserver/SesTokInfo 0\$'"
	stick_in "$OWNER" 'correct-horse STATUS'
	expect "stale token: STATUS still answered through the stick" \
	    wait_for 30000 stick_sent 'oobm: up since'
	expect "stale token: the session never dropped" \
	    not grep -q 'link dropped' "$T/hls.err"
	ends_cleanly hls "stale token"
	lan_release
}

# The stick reboots mid-session: no answer for 3 s, its data down, every
# session gone.  The hold sees the data gone and brings it up again;
# the session goes on over the rebooted stick and ends cleanly.
t_hilink_reboot() {
	stick_fresh
	before=$(box_default)
	stick_in "$OWNER" 'correct-horse UP 5'
	stick_run hlr
	await 25000 "the session up over the stick" hl_up
	ssh1=$(tunnel_ssh_pid)
	: >"$STK/reboot"
	await 10000 "the stick's data down with its reboot" not stick_data
	await 40000 "the session up again, a new tunnel" hl_up "$ssh1"
	expect "reboot: the drop seen and the data switched on again" sh -c \
	    "grep -q 'link dropped' '$T/hlr.err' &&
	    [ \$(grep -c '^POST /api/dialup/mobile-dataswitch 0\$' '$STK/requests.log') -ge 2 ]"
	expect "reboot: the owner logs in again" \
	    test "$(owner_login)" = hello-from-the-box
	ends_cleanly hlr reboot
	lan_release
}

# oobm watch over the stick: no +CMTI, the stick asked every 2 s
# (smspoll -w, check-notifications): the owner's UP to the relay
# listening within a few seconds, as over AT
t_hilink_watch() {
	stick_fresh
	before=$(box_default)
	oobm_bg hlw watch
	pid=$BG
	await 10000 "watch to poll the stick" grep -q \
	    "watching $URL for activation SMS" "$T/hlw.err"
	await 10000 "watch to ask the stick's unread count" grep -q \
	    '^GET /api/monitoring/check-notifications 0$' "$STK/requests.log"
	t0=$(now_ms)
	stick_in "$OWNER" 'correct-horse UP 5'
	if wait_for 20000 relay_bound; then
		d=$(($(now_ms) - t0))
		echo "# watch over HiLink: activation to relay listening: $d ms"
		expect "watch: the relay listening within 8 s of the SMS ($d ms)" \
		    test "$d" -lt 8000
	else
		not_ok "watch over HiLink: the relay never listened"
	fi
	await 20000 "the session up over the stick" hl_up
	stick_in "$OWNER" 'correct-horse DOWN'
	await 20000 "the session's end" stick_sent 'link is down (DOWN by SMS)'
	expect "watch: ...and watch goes on" kill -0 "$pid"
	expect "watch: the stick's data switched off" not stick_data
	expect "watch: the default route back byte for byte" \
	    test "$(box_default)" = "$before"
	kill -TERM "$pid"
	bg_wait "$pid" hlw
	expect "watch: SIGTERM ends it, exit 143" status_is 143
	lan_release
}

trap 'ns_remove "$NS_STK"; world_down; cleanup' EXIT
world_up
stick_up
ONLY=${E2E_ONLY:-${ONLY:-}}
run_tests "$0"
