# shellcheck shell=sh
# tunnel.sh: the relay and the tunnel: its pinned key, the probe, the
# confined reverse forward.
# Sourced by oobm(8); it defines functions only.
# Reads: alive alive_max ctl iface known_hosts relay relay_alias relay_ip
#   relay_port relay_user run_dir ssh_key ssh_log tunnel_port tunnel_target
# Sets: probe_s

# The name the relay's key is pinned under in known_hosts, as
# ssh-keyscan writes it: NAME for port 22, [NAME]:PORT for another.  The
# probe looks it up, and the tunnel's ssh gets it as its HostKeyAlias:
# one rule for both (ssh looks an alias up bare, without the port).
pinned_name() {
	local n
	n=${relay_alias:-$relay}
	if [ "$relay_port" = 22 ]; then echo "$n"; else echo "[$n]:$relay_port"; fi
}

# pin_hint: why no key is found under pinned_name, when a key is pinned
# under another spelling: port 22's, or the address when oobm_relay_alias
# names the relay (ssh asks for the alias then)
pin_hint() {
	local ph_n n
	n=${relay_alias:-$relay}
	if [ "$relay_port" != 22 ] &&
	    ssh-keygen -F "$n" -f "$known_hosts" >/dev/null 2>&1; then
		printf '; one is pinned for %s, which is port 22: pin [%s]:%s, as' \
		    "$n" "$n" "$relay_port"
		printf ' ssh-keyscan -p %s writes it' "$relay_port"
		return 0
	fi
	[ -n "$relay_alias" ] || return 0
	for ph_n in "$relay" "[$relay]:$relay_port"; do
		ssh-keygen -F "$ph_n" -f "$known_hosts" >/dev/null 2>&1 ||
		    continue
		printf '; one is pinned for %s, but with oobm_relay_alias' "$ph_n"
		printf ' set ssh looks the key up under %s:' "$relay_alias"
		printf ' write that name in its place (or unset oobm_relay_alias)'
		return 0
	done
}

pinned_keys() {
	ssh-keygen -F "$(pinned_name)" -f "$known_hosts" 2>/dev/null |
	    awk '!/^#/ { print $2, $3 }'
}

# Through the cellular interface, the relay answers with its pinned key.
probe_relay() {
	local got via want
	via=$(route_iface "$relay_ip")
	if [ "$via" != "$iface" ]; then
		fail "the route to $relay_ip is via ${via:-nothing}, not $iface"
		return
	fi
	progress "asking the relay $relay_ip for its host key"
	probe_s=$(now)
	got=$(ssh-keyscan -T 10 -p "$relay_port" "$relay_ip" \
	    2>"$run_dir/keyscan.err" | awk '!/^#/ { print $2, $3 }')
	probe_s=$(($(now) - probe_s))
	if [ -z "$got" ]; then
		# sshd drops a connection it has no unauthenticated slot for
		# (MaxStartups) before its banner: whoever holds them all keeps
		# the box off the relay
		if grep -qi 'closed by remote host\|reset by peer' \
		    "$run_dir/keyscan.err"; then
			fail "relay $relay_ip:$relay_port closes the connection before its banner: its unauthenticated slots held? (MaxStartups, oobm(8) SECURITY)"
		else
			fail "relay $relay_ip:$relay_port does not answer"
		fi
		return
	fi
	[ "$probe_s" -lt 5 ] ||
	    log "relay $relay_ip took $probe_s s to show its host key: slow, or its unauthenticated slots busy (MaxStartups, oobm(8) SECURITY)"
	want=$(pinned_keys)
	if [ -z "$want" ]; then
		fail -p "no key pinned for $(pinned_name) in $known_hosts$(pin_hint)"
		return
	fi
	printf '%s\n' "$got" | grep -qxF "$want" && return 0
	# by name, the address is one DNS answer, which anyone on the path
	# can forge: the next try asks again; by address, no try can mend it
	if is_addr "$relay"; then
		fail -p "relay host key changed (not the one pinned in $known_hosts)"
	else
		fail "the host $relay_ip, given for $relay, has not the key" \
		    "pinned in $known_hosts: a forged answer, or the relay's" \
		    "key changed"
	fi
}

# ssh with every option given: never the user's config, keys or agent
box_ssh() { box_ssh_bounded 15 "$alive" "$alive_max" "$@"; }

# box_ssh_bounded CONNECT ALIVE ALIVE_MAX ARG...: box_ssh with its waits
# given: CONNECT seconds to connect and exchange keys, then ALIVE_MAX
# silences of ALIVE seconds (ssh applies them from the connect on)
box_ssh_bounded() {
	local bs_a bs_c bs_m
	bs_c=$1 bs_a=$2 bs_m=$3
	shift 3
	ssh -F /dev/null -i "$ssh_key" -o IdentitiesOnly=yes \
	    -o IdentityAgent=none -o BatchMode=yes -o StrictHostKeyChecking=yes \
	    -o UserKnownHostsFile="$known_hosts" -o GlobalKnownHostsFile=/dev/null \
	    -o UpdateHostKeys=no -o HostKeyAlias="$(pinned_name)" \
	    -o ConnectTimeout="$bs_c" -o ServerAliveInterval="$bs_a" \
	    -o ServerAliveCountMax="$bs_m" -p "$relay_port" \
	    -l "$relay_user" "$@"
}

# relay_answers SECONDS: the failover's relay probe.  Through the route
# it has now, the relay proves its pinned key and takes the box's: its
# forced command runs (/bin/false), so any status but ssh's own 255.  A
# host on the path cannot forge that; ssh-keyscan it could, as it prints
# the key before the key exchange has proved it.
relay_answers() {
	box_ssh_bounded "$1" "$1" 1 -T -n -o ClearAllForwardings=yes \
	    -o ControlPath=none "${relay_ip:-$relay}" true \
	    >/dev/null 2>"$run_dir/relay-probe.err" && return 0
	[ $? != 255 ]
}

# relay_probe_said: why the relay probe failed, ssh's last line
relay_probe_said() {
	local rp
	rp=$(tail -n 1 "$run_dir/relay-probe.err" 2>/dev/null | tr -d '\r')
	echo "${rp:-no answer}"
}

tunnel_pid() {
	[ -S "$ctl" ] || return 0
	box_ssh -S "$ctl" -O check "${relay_ip:-$relay}" 2>&1 |
	    sed -n 's/.*(pid=\([0-9]*\)).*/\1/p'
}

tunnel_alive() { [ -n "$(tunnel_pid)" ]; }

# "up" means the relay accepted the forward: -f returns only then.
tunnel_up() {
	# a master killed by a signal leaves its socket, and a new master on
	# that path would silently run without one
	if [ -e "$ctl" ] && ! tunnel_alive; then rm -f "$ctl"; fi
	: >"$ssh_log"
	progress "opening the tunnel through $relay_ip"
	# One explicit address, 127.0.0.1, end to end (here, in permitlisten
	# and PermitListen, in the owner's command): sshd binds exactly it,
	# even with GatewayPorts no, so the forward succeeds only if that
	# address and port are free, and once up the listener is ours.  With
	# "localhost" sshd binds what it can of 127.0.0.1 and ::1: a process
	# of the relay's already on 127.0.0.1 would get the owner.
	if box_ssh -f -N -M -S "$ctl" -o ExitOnForwardFailure=yes \
	    -E "$ssh_log" -R "127.0.0.1:$tunnel_port:$tunnel_target" \
	    "$relay_ip"; then
		state_set "sshpid=$(tunnel_pid)"
		log "tunnel up: relay $relay_ip listens on 127.0.0.1:$tunnel_port"
		return 0
	fi
	ssh_failure
}

# What the ssh log says, and whether trying again can help (fail -p: it
# cannot).  Only ssh's own lines decide, whole and from their start: a
# peer's words (a disconnect's reason, which anyone listening where the
# relay should be can send before the key exchange) come after ssh's
# "Received disconnect from ...:", and must not end the session.
ssh_failure() {
	local e
	if ssh_said "$relay_user@$relay_ip: Permission denied ("; then
		fail -p "relay refused the key (Permission denied)"
	elif ssh_said 'Host key verification failed.'; then
		fail -p "relay host key changed (Host key verification failed)"
	elif grep -q '^Error: remote port forwarding failed for listen port ' \
	    "$ssh_log"; then
		# the same words from ssh for both: an address and port
		# another holds, and a relay whose permitlisten or
		# PermitListen name another (one set up before 127.0.0.1)
		fail "relay refused 127.0.0.1:$tunnel_port: taken (a stale session, another program) or not permitted (see oobm keygen)"
	else
		e=$(grep -v '^debug' "$ssh_log" | tail -n 1)
		if [ -n "$e" ]; then fail "ssh: $e"; else fail "ssh failed"; fi
	fi
}

# ssh_said TEXT: a line of the ssh log starts with TEXT, taken literally
# (ssh -E ends its lines with CR LF)
ssh_said() {
	awk -v t="$1" 'index($0, t) == 1 { f = 1 } END { exit !f }' "$ssh_log"
}

# tunnel_log_cap: the tunnel's log kept small while the session holds: a
# relay can make its ssh log lines without end, on the run directory's
# tmpfs.  Over 64 KiB, its last 16 KiB are kept, cut in place: ssh
# appends (O_APPEND), so its next line goes to the new end.
tunnel_log_cap() {
	local tl_n
	[ -f "$ssh_log" ] || return 0
	tl_n=$(wc -c <"$ssh_log")
	[ "$tl_n" -gt 65536 ] || return 0
	tail -c 16384 "$ssh_log" >"$ssh_log.cut" && cat "$ssh_log.cut" >"$ssh_log"
	rm -f "$ssh_log.cut"
}

tunnel_down() {
	local p
	[ -e "$ctl" ] || return 0
	p=$(tunnel_pid)
	box_ssh -S "$ctl" -O exit "${relay_ip:-$relay}" >/dev/null 2>&1 || true
	wait_gone "$p" 25 || kill "$p" 2>/dev/null || true
	rm -f "$ctl"
}
