# shellcheck shell=sh
# link.sh: the data link: up and down through the backend oobm_link chose
# (link-ppp.sh, link-pppd.sh, link-command.sh, link-usbnet.sh), its
# interface and its addresses.
# Sourced by oobm(8); it defines functions only.
# Reads: iface link_timeout
# Sets: local_addr peer_addr peer_dns

# link_up: the link dialled through the backend; iface is its interface,
# peer_dns the file it leaves the carrier's name servers in
link_up() {
	peer_dns=$(backend_dns)
	# the name servers of this link, not of an earlier one
	rm -f "$peer_dns"
	backend_up || return
	state_set "iface=$iface"
}

link_down() { backend_down; }

stop_pid() {	# stop_pid PIDFILE: SIGTERM, wait up to 10 s
	local p
	[ -f "$1" ] || return 0
	p=$(head -n 1 "$1")
	case $p in '' | *[!0-9]*) return 0 ;; esac
	kill "$p" 2>/dev/null || return 0
	wait_gone "$p" 50 || kill -9 "$p" 2>/dev/null || true
}

# wait_iface: the interface up with a local and a peer address, within
# oobm_link_timeout
wait_iface() {
	local i
	i=0
	while [ "$i" -lt $((link_timeout * 5)) ]; do
		if iface_addrs; then
			state_set "local=$local_addr" "peer=$peer_addr"
			return 0
		fi
		[ $((i % 5)) != 0 ] || progress "waiting for $iface's" \
		    "addresses, $((i / 5)) of $link_timeout s"
		sleep 0.2
		i=$((i + 1))
	done
	fail "$iface has no address after $link_timeout s"
}

# iface_addrs: the interface has both addresses (local_addr, peer_addr):
# the far end of a point-to-point link, or the gateway the backend knows
# (a DHCP lease's router)
iface_addrs() {
	local a
	a=$(iface_inet "$iface")
	local_addr=${a%% *}
	local_addr=${local_addr%/*}
	peer_addr=$(backend_gateway)
	if [ -z "$peer_addr" ]; then
		peer_addr=${a#* }
		peer_addr=${peer_addr%/*}
	fi
	[ -n "$local_addr" ] && [ -n "$peer_addr" ] && [ "$a" != "$local_addr" ]
}
