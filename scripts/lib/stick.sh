# shellcheck shell=sh
# stick.sh: a HiLink stick in the modem's place (oobm_modem=http://ADDR):
# no AT port, its SMS and its state through its web API (smspoll,
# smssend and hilinkctl -u; docs/hilink.md).  There is no port to find,
# lock or open again, no radio to cycle nor reset to send by AT: the
# recovery ladder asks the stick once more, then gives up, saying so.
# A primitive beside ports.sh: modem.sh, run.sh, check.sh and
# link-hilink.sh ask here when $stick is 1.
# Sourced by oobm(8); it defines functions only.
# Reads: at_timeout dhcp_want link_iface run_dir sms_port
# Sets: none

# stick_status: hilinkctl status's line (words and numbers only), or its
# error on stderr and its status (69 away, 75 no answer in time, 77 a
# login refused or wanted)
stick_status() {
	hilinkctl -c "$CONF" -t "$at_timeout" -u "$sms_port" status
}

# stick_ok: the stick answers; else why, in $run_dir/atcmd.err, where
# the ladder and the poll look
stick_ok() {
	stick_status >/dev/null 2>"$run_dir/atcmd.err"
}

# stick_get LINE KEY: KEY's value in a line of hilinkctl
stick_get() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# stick_health: health's lines (modem.sh) from the stick's own state:
# SimStatus 1 is a SIM ready, ServiceStatus 2 a network (docs/hilink.md 6)
stick_health() {
	local l r sim
	if ! l=$(stick_status 2>&1); then
		printf 'sim=%s\nregistration=unknown\noperator=none\n' \
		    "$(safe "$(printf '%s\n' "$l" | tail -n 1 |
		    sed 's/^hilinkctl: //')")"
		printf 'signal_dbm=none\nact=unknown\nsms_stored=unknown\n'
		return 0
	fi
	sim=$(stick_get "$l" sim)
	[ "$sim" != 1 ] || sim=READY
	[ "$sim" = READY ] || sim="SimStatus $sim"
	r=unregistered
	[ "$(stick_get "$l" service)" != 2 ] || r=home
	[ "$r" != home ] || [ "$(stick_get "$l" roaming)" != 1 ] || r=roaming
	printf 'sim=%s\nregistration=%s\noperator=%s\nsignal_dbm=%s\n' \
	    "$sim" "$r" "$(stick_get "$l" operator)" \
	    "$(stick_dbm "$(stick_get "$l" rssi)")"
	printf 'act=%s\nsms_stored=%s\n' "$(stick_get "$l" act)" \
	    "$(stick_get "$l" stored | sed 's/^-1$/unknown/')"
}

# stick_dbm RSSI: hilinkctl's rssi as health says a signal (-1: none)
stick_dbm() {
	case $1 in -1 | '') echo none ;; *) echo "$1" ;; esac
}

# stick_signal: the signal now, as the answer to an SMS STATUS says it
stick_signal() {
	local l v
	l=$(stick_status 2>/dev/null) || { echo '?'; return; }
	v=$(stick_dbm "$(stick_get "$l" rssi)")
	case $v in none) echo none ;; *) echo "$v dBm" ;; esac
}

# stick_addr: the stick's address on its own network (oobm_modem's host)
stick_addr() {
	local a
	a=${sms_port#http://}
	echo "${a%:*}"
}

# stick_lan_iface: the interface of the stick's network: oobm_link_iface,
# else the one its address is on (not via a gateway), else the stick's
# by its USB identity; 1 when none
stick_lan_iface() {
	local k
	if [ -n "$link_iface" ]; then
		iface_exists "$link_iface" || return 1
		echo "$link_iface"
		return 0
	fi
	k=$(route_kind "$(stick_addr)") || k=
	case $k in "dev "?*) echo "${k#dev }"; return 0 ;; esac
	stick_usb_iface
}

# stick_usb_iface: the network interface of the HiLink stick on the USB
# bus (12d1:14dc and its kin: atcmd -L's net= line); 1 when none
stick_usb_iface() {
	local i
	i=$(atcmd -L 2>/dev/null |
	    sed -n 's/^net=\([A-Za-z0-9._-]*\) usb=[0-9a-f:]* profile=hilink$/\1/p' |
	    head -n 1)
	[ -n "$i" ] && echo "$i"
}

# stick_lan: the stick's own network, which its API and SMS come over,
# up with an address and nothing else: a default route via a stick whose
# data is off would send the box's traffic nowhere.  An interface with
# an address (the system's doing) is left as it is; else the stick's
# (oobm_link_iface, or found by its USB identity) is brought up and
# leased an address by the stick's DHCP server, the client left to renew
# ($run_dir/stick).
stick_lan() {
	local i
	# on its network already: one question of the kernel, each run
	case $(route_kind "$(stick_addr)") in "dev "?*) return 0 ;; esac
	i=$link_iface
	[ -n "$i" ] || i=$(stick_usb_iface) || return 0
	iface_exists "$i" || return 0
	[ -z "$(iface_inet "$i")" ] || return 0
	dirs "$run_dir/stick"
	dhcp_release "$i" "$run_dir/stick"	# a client of an earlier lease
	iface_set "$i" up 2>/dev/null || return 0
	dhcp_lease "$i" "$run_dir/stick" "$at_timeout" "$dhcp_want" ||
	    log "the HiLink stick's network on $i: no DHCP lease within" \
	    "$at_timeout s"
}

# stick_dns: the stick's network's name servers, as resolv.conf lines:
# its lease's, else the stick itself (it answers DNS on its address)
stick_dns() {
	local a n
	n=0
	for a in $(kv_get "$run_dir/stick/lease" dns); do
		is_addr "$a" || continue
		echo "nameserver $a"
		n=$((n + 1))
	done
	[ "$n" != 0 ] || echo "nameserver $(stick_addr)"
}
