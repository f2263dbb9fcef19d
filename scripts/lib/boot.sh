# shellcheck shell=sh
# boot.sh: what comes first: the verb rc.d/oobm and oobm-boot.service run
# at boot, and before every verb's steps the run lock and the recovery of
# a session that did not end (under_lock, recover).
# Sourced by oobm(8); it defines functions only.
# Reads: ctl find_err iface modem_auto run_dir s_linked s_outcome s_reason
#   sms_port state_dir stick
# Sets: iface relay_ip s_linked

# boot: what rc.d/oobm and oobm-boot.service run.  A session cannot have
# survived a reboot: its state is cleared and the routes it saved are put
# back; the modem is put in the mode oobm needs, as its row of the table
# of modems says (atcmd -M: the E1752 modem-only, a Quectel's URCs to
# its AT port), and only where it is not so already: its NVRAM is not
# written at every boot.
verb_boot() {
	[ $# -eq 0 ] || usage
	under_lock boot_steps
}

boot_steps() {
	local set
	rm -f "$ctl" "$state_dir/extend"
	[ "$stick" = 0 ] || return 0	# no AT settings to make
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
	local bs_nv bs_reset bs_set bs_when bs_where
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
	local mode
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

# under_lock FUNCTION ARGS: a verb's steps, under the run lock (take_lock,
# locked), in the directories made, after a crashed session's recovery
under_lock() {
	take_lock
	locked locked_steps "$@"
}
locked_steps() {
	dirs "$state_dir" "$run_dir"
	recover
	"$@"
}

# A session that died without its teardown (power loss, SIGKILL): its
# routes, link and tunnel are undone before anything else.
recover() {
	local p st
	power_recover
	p=$(state_get pid)
	st=$(state_get state)
	{ [ -n "$st" ] && [ "$st" != idle ]; } || [ -f "$state_dir/route.saved" ] ||
	    [ -f "$state_dir/routes.added" ] ||
	    [ -f "$state_dir/routes.replaced" ] || return 0
	# under the run lock: no other run, so no other session, is alive
	[ "$p" != $$ ] || return 0
	log "recovering after a session that did not end (state $st, pid ${p:-none})"
	session_to stopping
	iface=$(state_get iface)
	relay_ip=$(state_get relay_ip)
	tunnel_down
	if [ -n "$iface" ] && iface_exists "$iface"; then link_down; fi
	routes_restore
	s_linked=$(state_get linked)
	# a state written before "linked" was kept: judged by its state
	[ -n "$s_linked" ] ||
	    case $st in up | stopping) s_linked=1 ;; *) s_linked=0 ;; esac
	outcome crash
	history_add "$(state_get since)" "$(now)" "$(state_get kind)" \
	    "$s_linked" "$s_reason"
	session_to idle pid= sshpid= iface= local= peer= \
	    "error=$s_reason" "outcome=$s_outcome" "ended=$(now)"
}
