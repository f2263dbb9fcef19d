# shellcheck shell=sh
# link-ppp.sh: the ppp backend of the link (oobm_link=ppp): FreeBSD's
# ppp(8), the profile oobm_ppp_profile of /etc/ppp/ppp.conf; its
# ppp.linkup writes the carrier's name servers to $run_dir/peer.dns.
# Each backend (link-ppp, link-pppd, link-command, link-usbnet) defines
# backend_up, backend_down, backend_alive, backend_gateway, backend_dns,
# backend_missing and backend_check; oobm(8) sources the one oobm_link names, once.
# Reads: iface link_iface modem modem_auto ppp_profile run_dir
# Sets: iface

# backend_up: the link dialled; iface is its interface
backend_up() {
	ppp -quiet -background "$ppp_profile" >"$run_dir/link.log" 2>&1 || {
		fail "ppp: dial failed ($(tail -n 1 "$run_dir/link.log"))"
		return
	}
	iface=$(ppp_iface)
}

# The tun device ppp(8) took: oobm_link_iface if set, else the newest
# /var/run/tunN.pid of a live process (ppp writes it once the link is up).
ppp_iface() {
	local f
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

backend_down() { stop_pid "/var/run/${iface:-tun0}.pid"; }

# backend_alive: the interface and its addresses say it all
backend_alive() { :; }

# backend_gateway: nothing: the far end of the point-to-point link is
# the gateway
backend_gateway() { :; }

# backend_dns: where the link leaves the carrier's name servers
backend_dns() { echo "$run_dir/peer.dns"; }	# ppp.linkup

# backend_missing: what a session cannot go without, or nothing
backend_missing() {
	[ -n "$modem" ] || [ "$modem_auto" = 1 ] || echo "$CONF: set oobm_modem"
}

# backend_check: oobm check's findings about this backend, one a line.  ppp(8)
# dials the device its profile names, which must be the modem's data
# port (as configured, or as found by the table: atcmd -F).
backend_check() {
	local bc_dev
	if ! grep -q "^$ppp_profile:" /etc/ppp/ppp.conf 2>/dev/null; then
		echo "/etc/ppp/ppp.conf: no profile $ppp_profile: (see etc/ppp/ppp.conf.sample)"
		return
	fi
	bc_dev=$(ppp_device)
	[ -z "$modem" ] || [ -z "$bc_dev" ] || [ "$bc_dev" = "$modem" ] ||
	    echo "/etc/ppp/ppp.conf: profile $ppp_profile dials $bc_dev," \
	    "but the modem's data port is $modem: set device $modem there"
}

# ppp_device: the device oobm_ppp_profile's "set device" names
ppp_device() {
	awk -v p="$ppp_profile:" '$1 == p { on = 1; next }
	    /^[^ \t#]/ { on = 0 }
	    on && $1 == "set" && ($2 == "device" || $2 == "dev") {
	    print $3; exit }' /etc/ppp/ppp.conf
}
