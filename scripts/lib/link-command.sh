# shellcheck shell=sh
# link-command.sh: the command backend of the link (oobm_link=command):
# the owner's oobm_link_up and oobm_link_down, run by sh(1), bring up
# oobm_link_iface (a router's LTE, a second uplink, a test's world); the
# up command may write the carrier's name servers to $OOBM_PEER_DNS.
# See link-ppp.sh for what a backend defines.
# Reads: link_down_cmd link_iface link_up_cmd modem run_dir
# Sets: iface

# backend_up: the link up; iface is its interface
backend_up() {
	iface=$link_iface
	OOBM_PEER_DNS=$(backend_dns) OOBM_MODEM=$modem sh -c "$link_up_cmd" \
	    >"$run_dir/link.log" 2>&1 ||
	    fail "link up command failed: $(tail -n 1 "$run_dir/link.log")"
}

backend_down() {
	sh -c "$link_down_cmd" >>"$run_dir/link.log" 2>&1 ||
	    log "link down command failed: $(tail -n 1 "$run_dir/link.log")"
}

# backend_alive: the interface and its addresses say it all
backend_alive() { :; }

# backend_gateway: nothing: the far end of the point-to-point link is
# the gateway
backend_gateway() { :; }

# backend_dns: where the link leaves the carrier's name servers
backend_dns() { echo "$run_dir/peer.dns"; }

# backend_missing: what a session cannot go without, or nothing
backend_missing() {
	[ -n "$link_up_cmd" ] && [ -n "$link_down_cmd" ] &&
	    [ -n "$link_iface" ] && return 0
	echo "$CONF: oobm_link=command needs oobm_link_up, oobm_link_down" \
	    "and oobm_link_iface"
}

# backend_check: oobm check's findings about this backend, one a line
backend_check() {
	local m
	m=$(backend_missing)
	[ -z "$m" ] || echo "${m#"$CONF: "}"
}
