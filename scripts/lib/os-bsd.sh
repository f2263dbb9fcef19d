# shellcheck shell=sh
# os-bsd.sh: what FreeBSD does its own way: an interface's addresses
# (ifconfig), the routes (route(8)), where UUCP locks are, the console
# program.  os-linux.sh defines the same functions for Linux; oobm(8)
# sources the one uname(1) names, once.  Functions only; each takes what
# it needs as arguments and prints or returns its answer.
# Reads: run_dir
# Sets: none.

iface_exists() { ifconfig "$1" >/dev/null 2>&1; }

# iface_inet IFACE: "LOCAL PEER", its IPv4 address and the far end's
# (none after the blank on an interface that is not point-to-point)
iface_inet() {
	ifconfig "$1" 2>/dev/null | awk '$1 == "inet" {
	    print $2, ($3 == "-->" ? $4 : ""); exit }'
}

# route_kind ADDRESS: how the kernel reaches it: "local" (an address of
# this box), "gateway", or "dev IFACE" (on that interface's network); 1
# when it has no route at all
route_kind() {
	local d r
	r=$(route -n get "$1" 2>/dev/null) || return 1
	if printf '%s\n' "$r" | grep -q '^ *gateway:'; then
		echo gateway
		return
	fi
	d=$(printf '%s\n' "$r" | awk '$1 == "interface:" { print $2 }')
	case $d in
	lo[0-9]*) echo local ;;
	*) printf 'dev %s\n' "$d" ;;
	esac
}

# route_iface ADDRESS: the interface the kernel would use
route_iface() {
	route -n get "$1" 2>/dev/null | awk '$1 == "interface:" { print $2 }'
}

# host_route_saved ADDRESS: the host route it has, as host_route_put_back
# takes it (its gateway)
host_route_saved() {
	route -n get "$1" 2>/dev/null | awk -v a="$1" '
	    $1 == "destination:" && $2 == a { d = 1 }
	    $1 == "gateway:" { g = $2 }
	    $1 == "flags:" && $2 ~ /HOST/ { h = 1 }
	    END { if (d && h && g != "") print g }'
}

# host_route_clear ADDRESS: room for ours: route add refuses a host
# route that is there
host_route_clear() { route -q delete -host "$1" >/dev/null 2>&1 || true; }

host_route_del() { route -q delete -host "$1" >/dev/null 2>&1 || true; }

host_route_put_back() {	# host_route_put_back ADDRESS SAVED
	route -q add -host "$1" "$2" >/dev/null 2>&1
}

# default_routes: the default gateway, as default_put_back takes it
default_routes() {
	route -n get default 2>/dev/null | awk '$1 == "gateway:" { print $2 }'
}

default_delete_all() { route -q delete default >/dev/null 2>&1 || true; }

default_put_back() { route -q add default "$1" >/dev/null; }

# route_via DEST GATEWAY IFACE: DEST (default or an address) via GATEWAY
# (the interface is the one the gateway is on)
route_via() {
	if [ "$1" = default ]; then
		route -q add default "$2" >/dev/null
	else
		route -q add -host "$1" "$2" >/dev/null
	fi
}

uucp_lock_dir() { echo /var/spool/lock; }

# console_open DEVICE SPEED LOG: cu(1) on DEVICE, recorded in LOG
console_open() {
	command -v cu >/dev/null 2>&1 || die "$EX_UNAVAILABLE" "cu is not installed"
	echo "oobm: $1 at $2, recorded in $3; leave with ~." >&2
	script -q "$3" cu -s "$2" -l "$1"
}

# The router's power relay, through gpioctl(8): a level set stays set, so
# the holder puts REST back itself, even if oobm is killed meanwhile.

# gpio_hold CHIP PIN LEVEL SECONDS REST: run in the background (&): the
# pin at LEVEL for SECONDS, then at REST
gpio_hold() {
	gpioctl -f "$1" -c "$2" OUT >/dev/null || exit 1
	gpioctl -f "$1" "$2" "$3" >/dev/null || exit 1
	sleep "$4"
	exec gpioctl -f "$1" "$2" "$5" >/dev/null
}

# gpio_set CHIP PIN LEVEL: the pin at LEVEL
gpio_set() {
	gpioctl -f "$1" -c "$2" OUT >/dev/null && gpioctl -f "$1" "$2" "$3" >/dev/null
}

# gpio_tool: the program gpio_hold and gpio_set run, and where it comes from
gpio_tool() { echo "gpioctl (base system)"; }

# probe_icmp ADDRESS SECONDS: it answers a ping within SECONDS
probe_icmp() { ping -n -q -c 1 -t "$2" "$1" >/dev/null 2>&1; }

# saved_gateway LINE: "GATEWAY IFACE" of a default route default_routes
# printed (its gateway; the interface is the one it is reached on)
saved_gateway() {
	local d
	d=$(route_iface "$1")
	[ -z "$1" ] || [ -z "$d" ] || printf '%s %s\n' "$1" "$d"
}

# run_lock_probe FILE: 75 when another process holds FILE's lock (lockf
# exits EX_TEMPFAIL when -t 0 finds it taken)
run_lock_probe() { lockf -k -s -t 0 "$1" true; }

# run_lock_hold FILE: this shell holds FILE's lock until it ends, or 1
run_lock_hold() {
	command -v lockf >/dev/null 2>&1 ||
	    die "$EX_CONFIG" "lockf(1) not found: cannot take the run lock"
	lockf_hold "$1"
}

# lockf_hold FILE: the lock through lockf(1), as FreeBSD's base has it
# (no flock(1)).  lockf only runs a command while it holds a lock, so
# a helper holds it for this shell: lockf running cat on a fifo that only
# this shell writes to (fd 9).  When this shell ends, however it ends,
# cat reads end-of-file and lockf lets the lock go.  (Run around this
# script instead, lockf would leave it running unlocked: sent SIGTERM,
# as daemon(8) does at "service oobm stop", lockf unlocks and dies, and
# its child lives on.)
lockf_hold() {
	local ack fifo got
	fifo=$run_dir/lock.in.$$ ack=$run_dir/lock.ack.$$
	rm -f "$fifo" "$ack"
	mkfifo -m 600 "$fifo" "$ack" ||
	    die "$EX_TEMPFAIL" "$run_dir: cannot make the lock's fifos"
	# both ends open in the same order (the fifo, then the answer):
	# neither side can wait for the other forever
	lockf -k -s -t 0 "$1" sh -c 'echo locked; exec cat >/dev/null' \
	    <"$fifo" >"$ack" 2>/dev/null &
	exec 9>"$fifo"
	got=
	read -r got <"$ack" || got=
	rm -f "$fifo" "$ack"
	[ "$got" = locked ] && return 0
	exec 9>&-
	return 1
}

# fmt_date TIME FORMAT: the Unix TIME in date(1)'s FORMAT
fmt_date() { date -r "$1" "+$2"; }

# file_mode FILE: its permission bits, in octal as chmod takes them
file_mode() { stat -f %Lp "$1"; }

# file_mtime FILE: when it was last written, Unix time
file_mtime() { stat -f %m "$1"; }

# resolve_system NAME: the system resolver's answers for NAME, as
# getent(1) prints them (address first)
resolve_system() { getent hosts "$1"; }

iface_set() { ifconfig "$1" "$2"; }	# iface_set IFACE up|down

# dhcp_client WANT: FreeBSD's own, dhclient(8), for WANT auto or dhclient
dhcp_client() {
	case $1 in auto | dhclient) ;; *) return 1 ;; esac
	command -v dhclient >/dev/null 2>&1 && echo dhclient
}

# dhcp_lease IFACE DIR SECONDS WANT: a lease on IFACE within SECONDS, its
# address put on IFACE and nothing else: dhclient(8) runs DIR/dhcp-event
# (dhclient.conf(5) "script"), written here, in place of dhclient-script,
# which would add a default route and resolv.conf when the box has none;
# DIR/lease gets addr=, prefix= (the mask), router=, dns= lines
dhcp_lease() {
	dhcp_client "$4" >/dev/null || return 1
	case $2 in *\'*|*\"*) return 1 ;; esac	# written into its files
	rm -f "$2/lease"
	dhcp_event "$2" >"$2/dhcp-event"
	chmod 700 "$2/dhcp-event"
	printf 'script "%s";\n' "$2/dhcp-event" >"$2/dhclient.conf"
	dhclient -c "$2/dhclient.conf" -l "$2/dhclient.leases" \
	    -p "$2/dhcp.pid" "$1" >"$2/dhcp.log" 2>&1 &
	wait_file "$2/lease" "$3"
}

# dhcp_release IFACE DIR: the client gone, the address off IFACE.
# FreeBSD's dhclient has no release: it deconfigures and exits when its
# interface goes down (dhclient.c routehandler)
dhcp_release() {
	local p
	p=$(cat "$2/dhcp.pid" 2>/dev/null) || p=
	ifconfig "$1" down 2>/dev/null || true
	[ -z "$p" ] || wait_gone "$p" 50 || kill "$p" 2>/dev/null || true
	ifconfig "$1" inet delete 2>/dev/null || true
	rm -f "$2/dhcp.pid" "$2/lease"
}

# dhcp_event DIR: the script dhclient runs at each event ($reason,
# $interface, $new_* as dhclient-script(8) has them)
dhcp_event() {
	# shellcheck disable=SC2016 # the event script's own variables
	printf '%s\n' '#!/bin/sh' \
	    '# written by oobm (os-bsd.sh dhcp_event) for dhclient(8)' \
	    'case $reason in' \
	    'BOUND|RENEW|REBIND|REBOOT) ;;' \
	    'EXPIRE|FAIL) ifconfig "$interface" inet delete; exit 0 ;;' \
	    '*) exit 0 ;;' 'esac' \
	    'ifconfig "$interface" inet "$new_ip_address" netmask "$new_subnet_mask" || exit 1' \
	    '{ echo "addr=$new_ip_address"; echo "prefix=$new_subnet_mask";' \
	    '    echo "router=${new_routers%% *}";' \
	    "    echo \"dns=\$new_domain_name_servers\"; } >'$1/lease.tmp' &&" \
	    "    mv '$1/lease.tmp' '$1/lease'"
}
