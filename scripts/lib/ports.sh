# shellcheck shell=sh
# ports.sh: the modem's ports, where to talk to it: as configured
# (oobm_modem, oobm_sms_port), found again by USB identity and interface
# (oobm_modem_usb), or found by the table of modems (oobm_modem unset or
# auto: atcmd -F).  Its functions call only atcmd and msg.sh: the other
# concerns ask it.
# Sourced by oobm(8); it defines functions only.
# Reads: link_holds_port modem modem_auto modem_iface modem_usb run_dir
#   sms_auto sms_iface sms_port stick
# Sets: find_err missing_why modem modem_profile sms_port

# modem_found: a port to talk to, found again by its USB identity when
# oobm_modem_usb says (a reset may have renamed it)
modem_found() {
	[ "$stick" = 0 ] || return 0	# an address, nothing to find
	if [ "$modem_auto" = 1 ] && [ "$sms_auto" = 1 ]; then
		auto_ports || die "$find_st" "$find_err"
		return 0
	fi
	[ -n "$sms_port" ] || [ -n "$modem_usb" ] || [ "$modem_auto" = 1 ] ||
	    die $EX_CONFIG "$CONF: set oobm_modem"
	find_ports || log "modem ${modem_usb:-auto} is not on the USB bus"
	! port_missing || die $EX_UNAVAILABLE "$missing_why"
}

# port_shared: the SMS port is the one the link holds during a session
# (a one-port modem under PPP): no SMS then
port_shared() { [ "$sms_port" = "$modem" ] && [ "$link_holds_port" = 1 ]; }

# port_missing: the SMS port configured (or last found) is not there;
# what that means and what to do in missing_why.  A port that is not
# there is never laddered: there is nothing to cycle or reset.
port_missing() {
	local pm_key
	[ "$stick" = 0 ] || return 1
	[ ! -e "$sms_port" ] || return 1
	pm_key=oobm_modem
	[ "$sms_port" = "$modem" ] || pm_key=oobm_sms_port
	if [ -n "$modem_usb" ]; then
		missing_why="$sms_port: no such device, and no modem"
		missing_why="$missing_why $modem_usb (oobm_modem_usb) on the USB bus:"
		missing_why="$missing_why is it plugged in? (atcmd -L lists the serial ports)"
	elif [ "$modem_auto" = 1 ]; then
		missing_why="$sms_port: no such device: the modem found before"
		missing_why="$missing_why is gone from the USB bus (atcmd -F finds it)"
	else
		missing_why="$sms_port ($pm_key): no such device: the modem is"
		missing_why="$missing_why unplugged, or $pm_key names another port:"
		missing_why="$missing_why atcmd -L lists the serial ports (unset"
		missing_why="$missing_why oobm_modem and oobm finds the modem itself)"
	fi
	return 0
}

# With oobm_modem_usb the ports are found by USB identity and interface
# (atcmd -L): a reset re-enumerates the stick, and the kernel may give its
# ports other names.  With oobm_modem unset or auto, by the table.
find_ports() {	# find_ports [fresh]: fresh for the recovery, after a failure
	local list q p
	[ "$stick" = 0 ] || return 0
	if [ "$modem_auto" = 1 ]; then
		auto_ports "${1:-}"
		return
	fi
	[ -n "$modem_usb" ] || return 0
	list=$(atcmd -L 2>/dev/null) || return 1
	p=$(usb_port "$list" "$modem_iface")
	q=$p
	[ -z "$sms_iface" ] || q=$(usb_port "$list" "$sms_iface")
	[ -n "$p" ] && [ -n "$q" ] || return 1
	if [ "$p" != "$modem" ] || [ "$q" != "$sms_port" ]; then
		log "modem $modem_usb: data port $p, SMS port $q"
	fi
	modem=$p sms_port=$q
}

# auto_ports [fresh]: the modem found by its USB identity through the
# table (atcmd -F), remembered in $run_dir/modem.found until one of its
# ports vanishes (a reset may rename them): an idle run asks nothing of
# the bus but a test for a file.  The recovery asks afresh (another
# device may have taken a remembered name).  "fresh" looks at the bus all the same (oobm
# check).  Fails with the reason in find_err and atcmd's status in
# find_st (69 none or unknown, 78 two modems).
auto_ports() {
	local af found
	af=$run_dir/modem.found
	if [ "${1:-}" != fresh ] && [ -r "$af" ] && IFS= read -r found <"$af" &&
	    found_ports "$found" && [ -c "$sms_port" ] && [ -c "$modem" ]; then
		return 0
	fi
	find_st=0
	found=$(atcmd -F 2>/dev/null) || find_st=$?
	if [ "$find_st" != 0 ] || ! found_ports "$found"; then
		[ "$find_st" != 0 ] || find_st=$EX_UNAVAILABLE
		# asked again for its words: the run directory may not be
		# there yet (oobm check), and this is the rare path
		find_err=$(atcmd -F 2>&1 >/dev/null) || true
		find_err=${find_err#atcmd: }
		return 1
	fi
	log "modem $modem_profile: SMS port $sms_port, data port $modem"
	{ printf '%s\n' "$found" >"$af.tmp" && mv "$af.tmp" "$af"; } \
	    2>/dev/null || true	# found again next time
}

# found_ports LINE: modem, sms_port and modem_profile from a line of
# atcmd -F (its values hold no blank and no glob character)
found_ports() {
	local fp_at fp_data w
	fp_at='' fp_data='' modem_profile=''
	case $1 in *..*) return 1 ;; esac	# a /dev name, never above it
	for w in $1; do
		case $w in
		at=/dev/*) fp_at=${w#at=} ;;
		data=/dev/*) fp_data=${w#data=} ;;
		profile=*) modem_profile=${w#profile=} ;;
		esac
	done
	[ -n "$fp_at" ] || return 1
	[ "$sms_auto" = 0 ] || sms_port=$fp_at
	modem=${fp_data:-$fp_at}
}

# usb_port LIST IFACE: the device of that interface (on FreeBSD, of u3g's
# port IFACE: the k of cuaUn.k, which atcmd -L says as ucom=k)
usb_port() {
	printf '%s\n' "$1" | awk -v usb="usb=$modem_usb" -v ifc="interface=$2" \
	    -v ucom="ucom=$2" '
	    { u = 0; i = 0; for (k = 2; k <= NF; k++) { u += $k == usb;
	    i += $k == ifc || $k == ucom } }
	    u && i && $1 ~ /^port=\/dev\/[A-Za-z0-9._\/-]+$/ {
	    print substr($1, 6); exit }'
}

