# shellcheck shell=sh
# net.sh: names and routes: asked of the carrier's name servers through the
# link; routes saved before, restored exactly after.
# Sourced by oobm(8); it defines functions only.
# Reads: dns iface peer_addr peer_dns push push_ip push_url relay relay_ip
#   route_mode state_dir
# Sets: push_ip relay_ip

# The home router, the usual resolver, is what is broken when oobm is
# needed: names are asked of the name servers the carrier gave with the
# link (oobm_dns=peer), of configured ones, or of the system's resolver.
dns_servers() {
	case $dns in
	system) ;;
	peer) [ ! -f "$peer_dns" ] || awk '$1 == "nameserver" &&
	    $2 ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ && $2 != "0.0.0.0" &&
	    !seen[$2]++ { print $2 }' "$peer_dns" ;;
	*) printf '%s\n' "$dns" | tr -s ', ' '\n' | grep . ;;
	esac
}

# resolve NAME: its IPv4 addresses, one per line
resolve() {
	local servers s
	servers=$(dns_servers) || true
	if [ -z "$servers" ] || ! command -v host >/dev/null 2>&1; then
		[ "$dns" = system ] || log "asking the system's resolver for" \
		    "$1: ${servers:+no host(1) to ask }${servers:-no name server from the link}"
		resolve_system "$1" 2>/dev/null |
		    awk '$1 ~ /^[0-9.]+$/ && !seen[$1]++ { print $1 }'
		return
	fi
	for s in $servers; do
		host -W 5 -t A "$1" "$s" 2>/dev/null | awk 'NF > 2 && $(NF - 1) == "address" &&
		    $NF ~ /^[0-9.]+$/ && !seen[$NF]++ { print $NF; n++ }
		    END { exit n == 0 }' && return 0
		log "name server $s does not know $1"
	done
	return 1
}

# The host in oobm_push_url, when pushes are configured.
push_url_host() {
	local u
	[ -n "$push" ] || return 0
	u=${push_url#*://}
	u=${u%%/*}
	u=${u##*@}
	printf '%s\n' "${u%:*}"
}

# host mode: the name servers via the link too, when a name is to be asked
dns_routes() {
	local a
	if is_addr "$relay" && { [ -z "$push_host" ] || is_addr "$push_host"; }
	then
		return 0
	fi
	for a in $(dns_servers); do
		route_add "$a" || log "no route for the name server $a: $route_why"
	done
}

routes_set() {
	push_host=$(push_url_host)
	if [ "$route_mode" = default ]; then
		# the original default, saved once: a crash must not overwrite it
		[ -f "$state_dir/route.saved" ] || {
			default_routes >"$state_dir/route.saved.tmp"
			mv "$state_dir/route.saved.tmp" "$state_dir/route.saved"
		}
		default_delete_all
		route_add default || { fail "cannot set the default route"; return; }
	else
		dns_routes
	fi
	if is_addr "$relay"; then
		relay_ip=$relay
	elif ! relay_ip=$(resolve "$relay" | head -n 1) || [ -z "$relay_ip" ]
	then
		fail "cannot resolve $relay"
		return
	fi
	state_set "relay_ip=$relay_ip"
	push_ip=$(push_address)
	[ "$route_mode" = host ] || return 0
	route_add "$relay_ip" || {
		fail "cannot route the relay $relay_ip via $iface${route_why:+: $route_why}"
		return
	}
	# an answer refused a route is not used at all: pushnotify asks
	# again (issue 37: it was given the address all the same)
	if [ -n "$push_ip" ] && ! route_add "$push_ip"; then
		log "no route for the push API $push_ip: $route_why; not used"
		push_ip=
	fi
}

# push_address: the push API's address, pinned for pushnotify -a: its
# name is asked here, through the link, not of the system's resolver;
# nothing when there is no push or no answer
push_address() {
	local a
	[ -n "$push_host" ] || return 0
	if is_addr "$push_host"; then
		echo "$push_host"
		return 0
	fi
	a=$(resolve "$push_host" | head -n 1)
	[ -n "$a" ] || log "cannot resolve $push_host;" \
	    "the push will ask the system's resolver"
	echo "$a"
}

# host_route_ok ADDRESS: ADDRESS may get a host route via the link: an
# address out there, not this box's own, not loopback, multicast or
# broadcast, and not on one of the box's networks (a LAN host, the home
# gateway).  What a DNS answer or the carrier's name servers say must not
# take the LAN's traffic to the carrier.  Why not, in route_why.
host_route_ok() {
	local k
	route_why="a loopback, multicast or reserved address"
	case $1 in 0.* | 127.* | 22[4-9].* | 2[3-5][0-9].*) return 1 ;; esac
	# never a LAN's, whatever a DNS answer says: RFC 1918, RFC 6598's
	# shared space, RFC 3927's link-local
	route_why="a private, shared or link-local address"
	case $1 in
	10.* | 172.1[6-9].* | 172.2[0-9].* | 172.3[01].* | 192.168.*) return 1 ;;
	100.6[4-9].* | 100.[7-9][0-9].* | 100.1[01][0-9].* | 100.12[0-7].*)
		return 1 ;;
	169.254.*) return 1 ;;
	esac
	k=$(route_kind "$1") || return 0
	route_why="an address of this box"
	case $k in
	local) return 1 ;;
	gateway) return 0 ;;
	esac
	route_why="on this box's own network (${k#dev })"
	[ "${k#dev }" = "$iface" ]
}

# route_add DEST: DEST (default or an address) via the peer
route_add() {
	if [ "$1" = default ]; then
		route_why="the route was refused"
		route_via default "$peer_addr" "$iface"
		return
	fi
	host_route_ok "$1" || return 1
	host_route_put "$1" "$peer_addr" "$iface"
}

# host_route_put ADDRESS GATEWAY IFACE: a host route of the session's,
# recorded (routes.added); one that was there is saved (routes.replaced),
# to be put back
host_route_put() {
	local was
	grep -Fqx "$1" "$state_dir/routes.added" 2>/dev/null && return 0
	was=$(host_route_saved "$1")
	if [ -n "$was" ]; then
		printf '%s %s\n' "$1" "$was" >>"$state_dir/routes.replaced"
		host_route_clear "$1"
	fi
	route_why="the route was refused"
	route_via "$1" "$2" "$3" || return 1
	printf '%s\n' "$1" >>"$state_dir/routes.added"
}

# home_routes ADDRESS...: in default mode, host routes for the failover
# probes via the home gateway the session replaced (route.saved), so that
# the home uplink is still probed through home and not through the link
home_routes() {
	local a gw k
	[ "$route_mode" = default ] || return 0
	gw=$(home_gateway)
	if [ -z "$gw" ]; then
		log "no home default route saved: the home uplink is probed" \
		    "through the link"
		return 0
	fi
	for a; do
		k=$(route_kind "$a") || k=
		case $k in local | dev\ *) continue ;; esac	# needs none
		# shellcheck disable=SC2086 # GATEWAY IFACE
		host_route_put "$a" $gw ||
		    log "no route for the probe $a via home ($gw)"
	done
}

# home_gateway: "GATEWAY IFACE" of the home uplink in a session: the
# default route the session replaced (default mode), or the one still in
# place (host mode)
home_gateway() {
	if [ "$route_mode" = default ]; then
		saved_gateway "$(head -n 1 "$state_dir/route.saved" 2>/dev/null)"
	else
		saved_gateway "$(default_routes | head -n 1)"
	fi
}

# relay_via_home: the relay's address routed via home for a moment, for
# the failover's relay probe in a session; recorded with the session's
# routes, so that a crash meanwhile is undone like them.  relay_via_link
# puts the session's route back.
relay_via_home() {
	local gw
	gw=$(home_gateway)
	[ -n "$gw" ] || return 1
	grep -Fqx "$relay_ip" "$state_dir/routes.added" 2>/dev/null ||
	    printf '%s\n' "$relay_ip" >>"$state_dir/routes.added"
	host_route_clear "$relay_ip"
	# shellcheck disable=SC2086 # GATEWAY IFACE
	route_via "$relay_ip" $gw
}

relay_via_link() {
	host_route_del "$relay_ip"
	if [ "$route_mode" = host ]; then
		route_via "$relay_ip" "$peer_addr" "$iface"
		return
	fi
	grep -Fvx "$relay_ip" "$state_dir/routes.added" \
	    >"$state_dir/routes.added.tmp" || :
	mv "$state_dir/routes.added.tmp" "$state_dir/routes.added"
}

# Put back what routes_set changed; idempotent, and works from the files
# alone so that the next run or boot can do it after a crash.
routes_restore() {
	local a r was
	push_ip=	# its route, if any, goes now
	if [ -f "$state_dir/routes.added" ]; then
		while read -r a; do
			host_route_del "$a"
		done <"$state_dir/routes.added"
		rm -f "$state_dir/routes.added"
	fi
	if [ -f "$state_dir/routes.replaced" ]; then
		while read -r a was; do
			host_route_put_back "$a" "$was" ||
			    log "cannot put back the route to $a: $was"
		done <"$state_dir/routes.replaced"
		rm -f "$state_dir/routes.replaced"
	fi
	[ -f "$state_dir/route.saved" ] || return 0
	default_delete_all
	while read -r r; do
		[ -n "$r" ] || continue
		default_put_back "$r" || log "cannot restore the default route: $r"
	done <"$state_dir/route.saved"
	rm -f "$state_dir/route.saved"
	log "routes restored"
}
