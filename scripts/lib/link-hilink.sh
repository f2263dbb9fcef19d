# shellcheck shell=sh
# link-hilink.sh: the hilink backend of the link (oobm_link=hilink): a
# HiLink stick's mobile data, switched on and off through its web API
# (hilinkctl data), over the stick's own network, which stick.sh keeps
# up for its SMS.  The stick is a NAT router: the box's routes go via
# the stick's address on that network, and the name servers are the
# ones its DHCP server gave (the stick's own, which ask the carrier's).
# Data off at the teardown; the stick's network stays, as found, for
# the SMS.  See link-ppp.sh for what a backend defines.
# Reads: at_timeout link_timeout run_dir sms_port
# Sets: iface

# backend_up: the stick's data on and connected (901), its network's
# interface iface
backend_up() {
	local st
	iface=$(stick_lan_iface) || {
		fail "the HiLink stick's network has no interface here: is" \
		    "the stick plugged in? (set oobm_link_iface)"
		return
	}
	st=0
	hilink_data on >"$run_dir/call" 2>"$run_dir/link.log" || st=$?
	case $st in
	0) ;;
	# a login refused or wanted, or a configuration: not for a retry
	77 | 78) hilink_failed "the stick's data" -p; return ;;
	*) hilink_failed "the stick's data" ;;
	esac
	stick_dns >"$(backend_dns)"
}

# hilink_failed WHAT [-p]: the try undone (the switch off again), and why
hilink_failed() {
	local m
	m="$1: $(tail -n 1 "$run_dir/link.log" | sed 's/^hilinkctl: //')"
	backend_down
	fail ${2:+"$2"} "$m"
}

backend_down() {
	hilink_data off >/dev/null 2>>"$run_dir/link.log" ||
	    log "the stick's data off: $(tail -n 1 "$run_dir/link.log")"
}

# hilink_data on|off: the switch set and waited for, within
# oobm_link_timeout
hilink_data() {
	hilinkctl -c "$CONF" -t "$at_timeout" -u "$sms_port" \
	    -w "$link_timeout" data "$1"
}

# backend_alive: the stick's word that its data is connected: its
# network stays up when the carrier drops the call
backend_alive() {
	stick_status 2>>"$run_dir/link.log" | grep -q '^connection=connected '
}

# backend_gateway: the stick's address, which routes go via
backend_gateway() { stick_addr; }

# backend_dns: where the link leaves the carrier's name servers: the
# ones the stick's DHCP server gave its network
backend_dns() { echo "$run_dir/peer.dns"; }

# backend_missing: what a session cannot go without, or nothing: the
# configuration's pairing of stick and link is checked by config.sh
backend_missing() { :; }

# backend_check: oobm check's findings about this backend, one a line
backend_check() {
	stick_lan_iface >/dev/null || echo "the HiLink stick's network has" \
	    "no interface here: is the stick plugged in? (set oobm_link_iface)"
}
