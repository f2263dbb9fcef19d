# shellcheck shell=sh
# link-usbnet.sh: the usbnet backend of the link (oobm_link=usbnet): the
# modem's own USB network function (NCM, ECM, QMI), dialled by AT on its
# AT port with oobm_apn (atcmd -N), its interface (oobm_link_iface, else
# the one atcmd -F finds by the modem's USB device) given its address by
# the system's DHCP client, which sets the address alone (dhcp_lease,
# os-*.sh): routes and name servers are oobm's, from the lease.  The AT
# port stays free: SMS come and go during the session.  See link-ppp.sh
# for what a backend defines.
# Reads: apn dhcp_want iface link_iface link_timeout run_dir sms_port
# Sets: iface

# backend_up: the call made, the interface up with its lease
backend_up() {
	local st
	iface=$(usbnet_iface) || {
		fail "the modem's own network interface: not found" \
		    "(set oobm_link_iface; atcmd -F shows net= when the" \
		    "kernel has one)"
		return
	}
	st=0
	usbnet_call up -a "$apn" >"$run_dir/call" 2>"$run_dir/link.log" ||
	    st=$?
	# 78: the network refused the APN or the subscription; the same
	# dial gets the same answer, so no more tries nor the ladder
	case $st in
	0) ;;
	78) usbnet_failed "the call" 1 -p; return ;;
	*) usbnet_failed "the call" 1; return ;;
	esac
	iface_set "$iface" up 2>>"$run_dir/link.log" ||
	    { usbnet_failed "$iface will not come up" 1; return; }
	dhcp_lease "$iface" "$run_dir" "$link_timeout" "$dhcp_want" || {
		usbnet_failed "no DHCP lease on $iface within $link_timeout s" 0
		return
	}
	usbnet_dns >"$(backend_dns)"
}

# usbnet_failed WHAT LOGGED [-p]: the try undone, and why; LOGGED 1 when
# link.log's last line says more; -p when trying again cannot help
usbnet_failed() {
	local m
	m=$1
	[ "$2" = 0 ] || m="$m: $(tail -n 1 "$run_dir/link.log")"
	backend_down
	fail ${3:+"$3"} "$m"
}

backend_down() {
	[ -z "$iface" ] || dhcp_release "$iface" "$run_dir"
	usbnet_call down >/dev/null 2>>"$run_dir/link.log" ||
	    log "the modem's call: $(tail -n 1 "$run_dir/link.log")"
	[ -z "$iface" ] || iface_set "$iface" down 2>/dev/null || true
}

# usbnet_call WORD [-a APN]: atcmd -N WORD on the AT port, within
# oobm_link_timeout
usbnet_call() {
	local w
	w=$1
	shift
	atcmd -c "$CONF" -t "$link_timeout" -l "$sms_port" -N "$w" \
	    -w "$link_timeout" "$@"
}

# usbnet_iface: oobm_link_iface, or the modem's own (atcmd -F's net=)
usbnet_iface() {
	local n
	[ -z "$link_iface" ] || { echo "$link_iface"; return 0; }
	n=$(atcmd -F 2>/dev/null | tr ' ' '\n' | sed -n 's/^net=//p')
	[ -n "$n" ] && echo "$n"
}

# usbnet_dns: the lease's name servers, as resolv.conf lines, those
# that are addresses
usbnet_dns() {
	local a
	for a in $(kv_get "$run_dir/lease" dns); do
		! is_addr "$a" || echo "nameserver $a"
	done
}

# backend_alive: the modem's word that its call is up: the interface
# stays when the carrier drops the call (^NDISSTAT says so)
backend_alive() {
	usbnet_call state 2>>"$run_dir/link.log" | grep -q '^call=up '
}

# backend_gateway: the far end routes go via: the lease's router
backend_gateway() {
	local r
	r=$(kv_get "$run_dir/lease" router)
	! is_addr "$r" || echo "$r"
}

# backend_dns: where the link leaves the carrier's name servers
backend_dns() { echo "$run_dir/peer.dns"; }

# backend_missing: what a session cannot go without, or nothing
backend_missing() {
	[ -n "$apn" ] || echo "$CONF: oobm_link=usbnet needs oobm_apn"
}

# backend_check: oobm check's findings about this backend, one a line
backend_check() {
	local m
	m=$(backend_missing)
	[ -z "$m" ] || echo "${m#"$CONF: "}"
	dhcp_client "$dhcp_want" >/dev/null || echo "no DHCP client" \
	    "(oobm_dhcp_client=$dhcp_want): install one (Debian: udhcpc," \
	    "isc-dhcp-client or dhcpcd-base)"
	[ -z "$link_iface" ] || iface_exists "$link_iface" ||
	    echo "oobm_link_iface: $link_iface: no such interface"
	# the modem asked, as a session will ask it (atcmd -N state)
	[ -z "$sms_port" ] || [ ! -e "$sms_port" ] ||
	    usbnet_call state >/dev/null 2>"$run_dir/check-call.err" ||
	    echo "modem: $(tail -n 1 "$run_dir/check-call.err" |
	    sed 's/^atcmd: //')"
}
