# shellcheck shell=sh
# link-pppd.sh: the pppd backend of the link (oobm_link=pppd): Linux's
# pppd(8), the peer oobm_pppd_peer of /etc/ppp/peers, on the data port
# as found now; usepeerdns leaves the carrier's name servers in
# /etc/ppp/resolv.conf.  See link-ppp.sh for what a backend defines.
# Reads: dns iface modem modem_auto pppd_peer run_dir
# Sets: iface

# backend_up: the link dialled; iface is its interface
backend_up() {
	local rc
	iface=ppp-oobm
	# the data port as found now (a reset may rename it)
	pppd call "$pppd_peer" ${modem:+"$modem"} updetach \
	    nodefaultroute linkname oobm ifname "$iface" \
	    >"$run_dir/link.log" 2>&1 || {
		rc=$?
		fail "pppd: $(pppd_reason "$rc")"
	}
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

backend_down() { stop_pid /var/run/ppp-oobm.pid; }

# backend_alive: the interface and its addresses say it all
backend_alive() { :; }

# backend_gateway: nothing: the far end of the point-to-point link is
# the gateway
backend_gateway() { :; }

# backend_dns: where the link leaves the carrier's name servers
backend_dns() { echo /etc/ppp/resolv.conf; }	# usepeerdns

# backend_missing: what a session cannot go without, or nothing
backend_missing() {
	[ -n "$modem" ] || [ "$modem_auto" = 1 ] || echo "$CONF: set oobm_modem"
}

# backend_check: oobm check's findings about this backend, one a line
backend_check() {
	if [ ! -f "/etc/ppp/peers/$pppd_peer" ]; then
		echo "/etc/ppp/peers/$pppd_peer: missing (see etc/ppp/peers/oobm.sample)"
	elif [ "$dns" = peer ] && ! grep -q '^usepeerdns' "/etc/ppp/peers/$pppd_peer"
	then
		echo "/etc/ppp/peers/$pppd_peer: no usepeerdns: oobm_dns=peer" \
		    "needs the carrier's name servers"
	fi
}
