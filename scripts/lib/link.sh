# shellcheck shell=sh
# link.sh: the data link: its backends (ppp, pppd, command), its interface
# and addresses.
# Sourced by oobm(8); it defines functions only.
# Reads: link link_down_cmd link_iface link_timeout link_up_cmd modem os
#   peer_dns ppp_profile pppd_peer relay_ip run_dir tries try
# Sets: err iface link_failed peer_addr permanent rc

link_up() {
	# the name servers of this link, not of an earlier one
	rm -f "$peer_dns"
	case $link in
	command)
		iface=$link_iface
		OOBM_PEER_DNS=$peer_dns OOBM_MODEM=$modem sh -c "$link_up_cmd" \
		    >"$run_dir/link.log" 2>&1 || {
			err="link up command failed: $(tail -n 1 "$run_dir/link.log")"
			return 1
		}
		;;
	pppd)
		iface=ppp-oobm
		# the data port as found now (a reset may rename it)
		pppd call "$pppd_peer" ${modem:+"$modem"} updetach \
		    nodefaultroute linkname oobm ifname "$iface" \
		    >"$run_dir/link.log" 2>&1 || {
			rc=$?
			err="pppd: $(pppd_reason "$rc")"
			return 1
		}
		;;
	ppp)
		ppp -quiet -background "$ppp_profile" >"$run_dir/link.log" 2>&1 || {
			err="ppp: dial failed ($(tail -n 1 "$run_dir/link.log"))"
			return 1
		}
		iface=$(ppp_iface)
		;;
	esac
	state_set "iface=$iface"
}

# pppd(8) EXIT STATUS
pppd_reason() {
	case $1 in
	1) echo "fatal error" ;; 2) echo "bad options" ;;
	3) echo "not root" ;; 4) echo "no PPP in this kernel" ;;
	5) echo "killed" ;; 6) echo "serial port locked" ;;
	7) echo "cannot open the serial port" ;; 8) echo "connect script failed" ;;
	10) echo "negotiation failed" ;; 11) echo "peer failed to authenticate" ;;
	12) echo "idle" ;; 13) echo "connect time limit" ;;
	15) echo "peer not responding" ;; 16) echo "modem hung up" ;;
	19) echo "authentication failed (PAP/CHAP secrets)" ;;
	*) echo "exit $1" ;;
	esac
}

# The tun device ppp(8) took: oobm_link_iface if set, else the newest
# /var/run/tunN.pid of a live process (ppp writes it once the link is up).
ppp_iface() {
	if [ -n "$link_iface" ]; then
		echo "$link_iface"
		return
	fi
	# shellcheck disable=SC2045 # tunN.pid: no odd names to guard against
	for f in $(ls -t /var/run/tun*.pid 2>/dev/null); do
		if alive_pid "$(head -n 1 "$f")"; then
			f=${f##*/}
			echo "${f%.pid}"
			return
		fi
	done
	echo tun0
}

link_down() {
	case $link in
	command)
		sh -c "$link_down_cmd" >>"$run_dir/link.log" 2>&1 ||
		    log "link down command failed: $(tail -n 1 "$run_dir/link.log")"
		;;
	pppd) stop_pid "/var/run/ppp-oobm.pid" ;;
	ppp) stop_pid "/var/run/${iface:-tun0}.pid" ;;
	esac
}

stop_pid() {	# stop_pid PIDFILE: SIGTERM, wait up to 10 s
	[ -f "$1" ] || return 0
	p=$(head -n 1 "$1")
	case $p in '' | *[!0-9]*) return 0 ;; esac
	kill "$p" 2>/dev/null || return 0
	i=0
	while alive_pid "$p" && [ "$i" -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
	if alive_pid "$p"; then kill -9 "$p" 2>/dev/null || true; fi
}

# Interface up with a local and a peer address, within the timeout.
wait_iface() {
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
	err="$iface has no address after $link_timeout s"
	return 1
}

iface_addrs() {
	if [ $os = linux ]; then
		a=$(ip -o -4 addr show dev "$iface" 2>/dev/null | awk '
		    { for (i = 1; i < NF; i++) { if ($i == "inet") l = $(i + 1);
		    if ($i == "peer") p = $(i + 1) } } END { if (l != "")
		    print l, p }')
	else
		a=$(ifconfig "$iface" 2>/dev/null | awk '$1 == "inet" &&
		    $3 == "-->" { print $2, $4; exit }')
	fi
	local_addr=${a%% *}
	local_addr=${local_addr%/*}
	peer_addr=${a#* }
	peer_addr=${peer_addr%/*}
	[ -n "$local_addr" ] && [ -n "$peer_addr" ] && [ "$a" != "$local_addr" ]
}

iface_exists() {
	if [ $os = linux ]; then
		ip link show dev "$iface" >/dev/null 2>&1
	else
		ifconfig "$iface" >/dev/null 2>&1
	fi
}

# One attempt at the whole path; err says what failed.
bring_up() {
	permanent=0 link_failed=0
	log "link up ($link), try $try of $tries"
	progress "dialling ($link)"
	link_up || { link_failed=1; return 1; }
	wait_iface || return 1
	log "link up: $iface $local_addr -> $peer_addr"
	routes_set || return 1
	probe_relay || return 1
	log "relay $relay_ip answers through $iface with its pinned key"
	tunnel_up
}

# Undo a failed attempt, keep the session.
take_down_link() {
	tunnel_down
	link_down
	routes_restore
}
