# shellcheck shell=sh
# boot.sh: the verb rc.d/oobm and oobm-boot.service run at boot.
# Sourced by oobm(8); it defines functions only.
# Reads: ctl find_err modem_auto run_dir sms_port state_dir
# Sets: no global another concern reads.

# boot: what rc.d/oobm and oobm-boot.service run.  A session cannot have
# survived a reboot: its state is cleared and the routes it saved are put
# back; the modem is put in the mode oobm needs, as its row of the table
# of modems says (atcmd -M: the E1752 modem-only, a Quectel's URCs to
# its AT port), and only where it is not so already: its NVRAM is not
# written at every boot.
verb_boot() {
	[ $# -eq 0 ] || usage
	take_lock
	locked boot_steps
}

boot_steps() {
	dirs "$state_dir" "$run_dir"
	recover
	rm -f "$ctl" "$state_dir/extend"
	if [ "$modem_auto" = 1 ]; then
		auto_ports || { log "modem: $find_err"; return 0; }
	fi
	[ -n "$sms_port" ] || return 0
	if set=$(at -M 2>"$run_dir/mode.err"); then
		boot_settings "$set"
	elif grep -q 'not a port of a modem of the table' "$run_dir/mode.err"
	then
		boot_u2diag	# a port named by hand: the seed's stick?
	else
		log "modem: $(tail -n 1 "$run_dir/mode.err")"
	fi
}

# boot_settings LINES: what atcmd -M set (nothing when all was so)
boot_settings() {
	printf '%s\n' "$1" | while read -r bs_set bs_nv bs_reset; do
		[ -n "$bs_set" ] || continue
		bs_when=now
		[ "$bs_reset" != reset=1 ] || bs_when="at its next reset"
		bs_where=
		[ "$bs_nv" != nv=1 ] || bs_where=", kept in its memory"
		log "modem: ${bs_set#set=}: set$bs_where; in effect $bs_when"
	done
}

# The E1752 on a port named by hand, its identity unknown: modem-only
# mode when it answers AT^U2DIAG? otherwise.
boot_u2diag() {
	mode=$(at 'AT^U2DIAG?' 2>/dev/null) ||
	    return 0	# not a Huawei, or not there yet: nothing to do
	mode=${mode#^U2DIAG:}
	mode=${mode# }
	case $mode in
	0) ;;
	*[!0-9]* | '') ;;
	*)
		log "modem in mode $mode (CD-ROM and card reader): modem-only now"
		at -e /dev/null 'AT^U2DIAG=0' ||
		    log "AT^U2DIAG=0 refused"
		;;
	esac
}
