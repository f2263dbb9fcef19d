# shellcheck shell=sh
# os-linux.sh: what Linux does its own way: an interface's addresses, the
# routes (iproute2), where UUCP locks are, the console program.
# os-bsd.sh defines the same functions for FreeBSD; oobm(8) sources the
# one uname(1) names, once.  Functions only; each takes what it needs as
# arguments and prints or returns its answer.
# Reads: none
# Sets: none.

iface_exists() { ip link show dev "$1" >/dev/null 2>&1; }

# iface_inet IFACE: "LOCAL PEER", its IPv4 address and the far end's
iface_inet() {
	ip -o -4 addr show dev "$1" 2>/dev/null | awk '
	    { for (i = 1; i < NF; i++) { if ($i == "inet") l = $(i + 1);
	    if ($i == "peer") p = $(i + 1) } } END { if (l != "")
	    print l, p }'
}

# route_kind ADDRESS: how the kernel reaches it: "local" (an address of
# this box: loopback, broadcast, multicast), "gateway", or "dev IFACE"
# (on that interface's network); 1 when it has no route at all
route_kind() {
	local r
	r=$(ip -4 -o route get "$1" 2>/dev/null) || return 1
	case $r in
	local\ * | broadcast\ * | multicast\ *) echo local ;;
	*" via "*) echo gateway ;;
	*) printf 'dev %s\n' "$(route_dev "$r")" ;;
	esac
}

route_dev() { printf '%s\n' "$1" | sed -n 's/.* dev \([^ ]*\).*/\1/p'; }

# route_iface ADDRESS: the interface the kernel would use
route_iface() { route_dev "$(ip -o route get "$1" 2>/dev/null)"; }

# host_route_saved ADDRESS: the host route it has, as host_route_put_back
# takes it (ip's line)
host_route_saved() { ip -4 route show exact "$1/32" 2>/dev/null | head -n 1; }

# host_route_clear ADDRESS: room for ours: ip route replace takes it
host_route_clear() { :; }

host_route_del() { ip route del "$1/32" 2>/dev/null || true; }

host_route_put_back() {	# host_route_put_back ADDRESS SAVED
	# shellcheck disable=SC2086 # a route as ip printed it
	ip route add $2 2>/dev/null
}

# default_routes: the default routes, one per line, as default_put_back
# takes them
default_routes() { ip -4 route show default; }

default_delete_all() { while ip -4 route del default 2>/dev/null; do :; done; }

default_put_back() {
	# shellcheck disable=SC2086 # a route as ip printed it
	ip route add $1
}

# route_via DEST GATEWAY IFACE: DEST (default or an address) via GATEWAY
route_via() {
	if [ "$1" = default ]; then
		ip route replace default via "$2" dev "$3"
	else
		ip route replace "$1/32" via "$2" dev "$3"
	fi
}

uucp_lock_dir() { echo /var/lock; }

# console_open DEVICE SPEED LOG: a terminal on DEVICE, recorded in LOG;
# picocom where it is installed (its exit key cannot be a tilde that a
# router's shell wants), cu otherwise
console_open() {
	if command -v picocom >/dev/null 2>&1; then
		echo "oobm: $1 at $2, recorded in $3; leave with Ctrl-A Ctrl-X" >&2
		script -q -e -c "picocom -q -b $2 $1" "$3"
	elif command -v cu >/dev/null 2>&1; then
		echo "oobm: $1 at $2, recorded in $3; leave with ~." >&2
		script -q -e -c "cu -s $2 -l $1" "$3"
	else
		die $EX_UNAVAILABLE "neither cu nor picocom is installed"
	fi
}

# The router's power relay, through libgpiod's gpioset: 1.x (Debian 12,
# "CHIP PIN=V" and --mode) or 2.x (-c CHIP, -p, -t).  A line is held only
# while gpioset runs; once it exits the pin goes back to rest, which the
# relay's wiring makes "power on".
gpioset_v1() {
	case $(gpioset --version 2>/dev/null) in *' v1.'*) return 0 ;; esac
	return 1
}

# gpio_hold CHIP PIN LEVEL SECONDS REST: run in the background (&): the
# pin at LEVEL for SECONDS, then at rest; killed, it lets go at once
gpio_hold() {
	if gpioset_v1; then
		exec gpioset --mode=time --sec="$4" "$1" "$2=$3"
	fi
	exec gpioset -c "$1" -p "${4}s" -t0 "$2=$3"
}

# gpio_set CHIP PIN LEVEL: the pin at LEVEL, and let go
gpio_set() {
	if gpioset_v1; then
		gpioset --mode=exit "$1" "$2=$3"
	else
		gpioset -c "$1" -t0 "$2=$3"
	fi
}

# gpio_tool: the program gpio_hold and gpio_set run, and where it comes from
gpio_tool() { echo "gpioset (libgpiod; Debian: apt install gpiod)"; }

# probe_icmp ADDRESS SECONDS: it answers a ping within SECONDS
probe_icmp() { ping -n -q -c 1 -W "$2" "$1" >/dev/null 2>&1; }

# saved_gateway LINE: "GATEWAY IFACE" of a default route default_routes
# printed (ip's line)
saved_gateway() {
	printf '%s\n' "$1" | awk '{ for (i = 1; i < NF; i++) {
	    if ($i == "via") g = $(i + 1); if ($i == "dev") d = $(i + 1) } }
	    END { if (g != "" && d != "") print g, d }'
}

# run_lock_probe FILE: 75 when another process holds FILE's lock
run_lock_probe() { flock -n -E 75 "$1" true; }

# run_lock_hold FILE: this shell holds FILE's lock until it ends (fd 9),
# or 1
run_lock_hold() {
	command -v flock >/dev/null 2>&1 || die $EX_CONFIG "flock(1) not" \
	    "found (util-linux): cannot take the run lock"
	exec 9>"$1"
	flock -n 9
}

# fmt_date TIME FORMAT: the Unix TIME in date(1)'s FORMAT
fmt_date() { date -d "@$1" "+$2"; }

# file_mode FILE: its permission bits, in octal as chmod takes them
file_mode() { stat -c %a "$1"; }

# file_mtime FILE: when it was last written, Unix time
file_mtime() { stat -c %Y "$1"; }

# resolve_system NAME: the system resolver's IPv4 answers for NAME, as
# getent(1) prints them (address first)
resolve_system() { getent ahostsv4 "$1"; }

iface_set() { ip link set dev "$1" "$2"; }	# iface_set IFACE up|down

# dhcp_client WANT: the DHCP client to run, by the name dhcp_lease knows
# it: WANT (udhcpc, busybox's; dhclient, ISC's; dhcpcd, Roy Marples',
# Raspberry Pi OS's) when it is there, or with WANT auto the first there;
# 1 when none
dhcp_client() {
	local c
	for c in udhcpc dhclient dhcpcd; do
		[ "$1" = auto ] || [ "$1" = "$c" ] || continue
		command -v "$c" >/dev/null 2>&1 && { echo "$c"; return 0; }
	done
	return 1
}

# dhcp_lease IFACE DIR SECONDS WANT: a lease on IFACE within SECONDS, its
# address put on IFACE and nothing else (no route, no resolv.conf: the
# client runs DIR/dhcp-event, written here); DIR/lease gets addr=,
# prefix=, router=, dns= lines.  The client stays, to renew and, at
# dhcp_release, to give the lease back.
dhcp_lease() {
	local c
	c=$(dhcp_client "$4") || return 1
	case $2 in *\'*) return 1 ;; esac	# written into the event script
	rm -f "$2/lease"
	echo "$c" >"$2/dhcp.client"
	dhcp_event "$c" "$2" >"$2/dhcp-event"
	chmod 700 "$2/dhcp-event"
	case $c in
	udhcpc) udhcpc -i "$1" -f -R -t "$3" -T 1 -A 1 -n \
	    -p "$2/dhcp.pid" -s "$2/dhcp-event" >"$2/dhcp.log" 2>&1 & ;;
	dhclient) dhclient -4 -v -pf "$2/dhcp.pid" -lf "$2/dhclient.leases" \
	    -sf "$2/dhcp-event" "$1" >"$2/dhcp.log" 2>&1 & ;;
	# an instance of its own for IFACE, not the system's (dhcpcd(8),
	# "Multiple interfaces"); no configuration file but this; no ARP
	# probe on a cellular link; the system left to the event script
	dhcpcd) dhcpcd -B -4 -A -f /dev/null -o domain_name_servers \
	    -t "$3" --noconfigure -c "$2/dhcp-event" "$1" >"$2/dhcp.log" 2>&1 &
	    echo "$!" >"$2/dhcp.pid" ;;
	esac
	wait_file "$2/lease" "$3"
}

# dhcp_release IFACE DIR: the lease given back, the client gone (the one
# dhcp_lease ran), the address off IFACE
dhcp_release() {
	local p
	p=$(cat "$2/dhcp.pid" 2>/dev/null) || p=
	case $(cat "$2/dhcp.client" 2>/dev/null) in
	dhclient) dhclient -r -pf "$2/dhcp.pid" -lf "$2/dhclient.leases" \
	    -sf "$2/dhcp-event" "$1" >>"$2/dhcp.log" 2>&1 || true ;;
	dhcpcd) dhcpcd -k -4 "$1" >>"$2/dhcp.log" 2>&1 || true ;;
	*) [ -z "$p" ] || kill "$p" 2>/dev/null || true ;;	# -R: released
	esac
	[ -z "$p" ] || wait_gone "$p" 50 || kill -9 "$p" 2>/dev/null || true
	ip -4 addr flush dev "$1" 2>/dev/null || true
	rm -f "$2/dhcp.pid" "$2/lease" "$2/dhcp.client"
}

# dhcp_event CLIENT DIR: the script the client runs at each event: the
# address on the interface, the lease written for oobm.  The client
# gives addresses as dotted numbers it made itself (busybox udhcpc:
# $ip $mask $router $dns; ISC dhclient and dhcpcd: $new_*), never the
# server's text.
dhcp_event() {
	# shellcheck disable=SC2016 # the event script's own variables
	printf '#!/bin/sh\n# written by oobm (os-linux.sh dhcp_event) for %s\n' "$1"
	case $1 in
	udhcpc) printf '%s\n' 'case $1 in' \
	    'bound|renew) a=$ip p=$mask r=${router%% *} d=$dns ;;' \
	    'deconfig) ip -4 addr flush dev "$interface"; exit 0 ;;' \
	    '*) exit 0 ;;' 'esac' ;;
	dhclient | dhcpcd) printf '%s\n' 'case $reason in' \
	    'BOUND|RENEW|REBIND|REBOOT) a=$new_ip_address' \
	    '	p=$new_subnet_mask r=${new_routers%% *}' \
	    '	d=$new_domain_name_servers ;;' \
	    'EXPIRE|FAIL|RELEASE|STOP|NAK|DEPARTED)' \
	    '	ip -4 addr flush dev "$interface"; exit 0 ;;' \
	    '*) exit 0 ;;' 'esac' ;;
	esac
	# shellcheck disable=SC2016
	printf '%s\n' 'ip -4 addr flush dev "$interface"' \
	    'ip -4 addr add "$a/$p" dev "$interface" || exit 1' \
	    "{ echo \"addr=\$a\"; echo \"prefix=\$p\"; echo \"router=\$r\";" \
	    "    echo \"dns=\$d\"; } >'$2/lease.tmp' && mv '$2/lease.tmp' '$2/lease'"
}
