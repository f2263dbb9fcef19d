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

# resolve_system NAME: the system resolver's IPv4 answers for NAME, as
# getent(1) prints them (address first)
resolve_system() { getent ahostsv4 "$1"; }
