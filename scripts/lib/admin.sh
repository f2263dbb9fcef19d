# shellcheck shell=sh
# admin.sh: the verbs for the owner at the box: console, status (and the
# line an SMS STATUS is answered with), check, config, keygen.
# Sourced by oobm(8); it defines functions only.
# Reads: console console_speed dns find_err kflag known_hosts max_sessions
#   modem_auto notify relay relay_user resets_max run_dir sms_auto sms_port
#   ssh_key state_dir tries tunnel_port
# Sets: health_out (for health_get)

# console: the router's serial console, as the seed did by hand with
# "cu -s 57600 -l /dev/cuaU0", the session recorded by script(1) to a
# dated log, so that what was done in an emergency is kept.
verb_console() {
	[ $# -eq 0 ] || usage
	dev=$console
	speed=$console_speed
	case $dev in
	'' | *[!A-Za-z0-9/._-]*) die $EX_CONFIG "$CONF: oobm_console: not a device: $dev" ;;
	esac
	[ -e "$dev" ] || die $EX_UNAVAILABLE "$dev: no such device (oobm_console)"
	holder=$(lock_holder "$dev")
	if [ -n "$holder" ]; then
		die $EX_UNAVAILABLE "$dev is in use by pid $holder" \
		    "($(ps -o comm= -p "$holder" 2>/dev/null || echo '?')):" \
		    "end that first"
	fi
	mkdir -p "$state_dir/console"
	logf=$state_dir/console/$(date +%Y%m%d-%H%M%S).log
	console_open "$dev" "$speed" "$logf"
}

# status_line SIGNAL: the answer to an SMS STATUS, one line
status_line() {
	health_out=$(health)
	net="$(health_get registration) $(health_get operator)"
	st=$(state_get state)
	case $st in
	up) echo "oobm: up since $(fmt_time "$(state_get since)")," \
	    "until $(fmt_time "$(state_get until)"), $(owner_ssh);" \
	    "signal $1, $net" ;;
	'' | idle) echo "oobm: idle, signal $1, $net, $(sessions_today)" \
	    "sessions in 24 h; last: $(state_get error)" ;;
	*) echo "oobm: $st, signal $1, $net" ;;
	esac
}

verb_status() {
	[ $# -eq 0 ] || usage
	st=$(state_get state)
	p=$(state_get pid)
	if [ -n "$st" ] && [ "$st" != idle ] && ! session_alive "$p"; then
		st=crashed
	fi
	if [ "$kflag" = 1 ]; then
		echo "state=${st:-idle}"
		for k in since until iface local peer relay port sshpid tries \
		    error ended modem_error; do
			v=$(state_get "$k" | tr -c 'A-Za-z0-9.,:/@+_()-' '_')
			echo "$k=${v%_}"
		done
		echo "sessions_24h=$(sessions_today)"
		echo "resets_24h=$(resets_today)"
		health
		echo "selftest_time=$(selftest_get time)"
		echo "selftest=$(selftest_get verdict)"
		power_status
		failover_status
		return 0
	fi
	case ${st:-idle} in
	up) echo "up since $(fmt_time "$(state_get since)") until" \
	    "$(fmt_time "$(state_get until)"): $(owner_ssh)" ;;
	idle)
		if [ -n "$(state_get ended)" ]; then
			echo "idle; last session ended" \
			    "$(fmt_time "$(state_get ended)"): $(state_get error)"
		else
			echo "idle; no session yet"
		fi ;;
	crashed) echo "a session died without teardown: the next run restores" ;;
	*) echo "$st (try $(state_get tries) of $tries)" ;;
	esac
	echo "$(sessions_today) of $max_sessions sessions used in 24 h"
	if [ -n "$(state_get iface)" ]; then
		echo "link: $(state_get iface) $(state_get local) ->" \
		    "$(state_get peer), tunnel ssh pid $(state_get sshpid)"
	fi
	health_out=$(health)
	echo "modem: SIM $(health_get sim), $(health_get registration)" \
	    "$(health_get operator), signal $(health_get signal_dbm) dBm;" \
	    "$(resets_today) of $resets_max resets used in 24 h"
	[ -z "$(state_get modem_error)" ] ||
	    echo "modem: gave up: $(state_get modem_error)"
	if [ -f "$state_dir/selftest" ]; then
		echo "last selftest $(fmt_time "$(selftest_get time)"):" \
		    "$(selftest_get verdict) ($(selftest_get reason))"
	else
		echo "no selftest yet (oobm selftest)"
	fi
	power_line
	failover_line
}

# check: one line per finding, with what to do.
verb_check() {
	[ $# -eq 0 ] || usage
	bad=0
	finding() { printf '%s\n' "$*"; bad=1; }
	typos=$(oobmconf -c "$CONF" 2>&1 >/dev/null)
	if [ -n "$typos" ]; then
		printf '%s\n' "$typos" | sed 's/^oobmconf: //'
		bad=1
	fi
	m=$(missing_tools)
	[ -z "$m" ] || finding "${m% }: not found in $BINDIR (nor in PATH):" \
	    "install oobm again (make install)"
	[ -n "$relay" ] || finding "oobm_relay: not set: the relay's address"
	if [ -n "$relay" ] && ! is_addr "$relay"; then
		if [ "$dns" = system ]; then
			finding "oobm_relay: $relay is a name and oobm_dns=system:" \
			    "the home DNS may be what is down; set oobm_dns=peer"
		elif ! command -v host >/dev/null 2>&1; then
			finding "oobm_relay: $relay is a name, and host(1) is" \
			    "missing to ask the carrier's name servers (Debian:" \
			    "apt install bind9-host)"
		fi
	fi
	if [ ! -f "$ssh_key" ]; then
		finding "$ssh_key: missing: run oobm keygen"
	elif [ "$(stat_mode "$ssh_key")" != 600 ]; then
		finding "$ssh_key: mode $(stat_mode "$ssh_key"): chmod 600 $ssh_key"
	fi
	if [ ! -f "$known_hosts" ]; then
		finding "$known_hosts: missing: put the relay's host key there" \
		    "(ssh-keyscan -t ed25519 RELAY on a trusted path, checked)"
	elif [ -z "$(pinned_keys)" ]; then
		finding "$known_hosts: no key for $(pinned_name)$(pin_hint)"
	fi
	if [ -n "$fo_probe" ]; then
		# networks told apart by their /24
		nets=$(failover_addrs | cut -d. -f1-3 | sort -u | wc -l)
		[ "$nets" -ge 2 ] || finding "oobm_failover_probe:" \
		    "give two or more addresses on different networks, so" \
		    "that one host down is not taken for the uplink"
		missing=
		for w in $fo_probe; do
			case $w in *:*) t=nc ;; *) t=ping ;; esac
			command -v "$t" >/dev/null 2>&1 ||
			    case " $missing " in *" $t "*) ;; *) missing="$missing $t" ;; esac
		done
		[ -z "$missing" ] || finding "oobm_failover_probe: not" \
		    "installed:$missing (a ping needs ping, a TCP probe nc)"
	fi
	if [ -n "$power_gpio" ]; then
		t=$(gpio_tool)
		command -v "${t%% *}" >/dev/null 2>&1 ||
		    finding "oobm_power_gpio: ${t%% *} is not installed ${t#* }"
	fi
	[ -n "$notify" ] || finding "oobm_sms_allow: no number to send texts to"
	if [ "$modem_auto" = 1 ] && [ "$sms_auto" = 1 ] &&
	    ! auto_ports fresh; then
		finding "oobm_modem (unset: found by the table of modems):" \
		    "$find_err"
	elif [ -z "$sms_port" ]; then
		finding "oobm_modem: not set"
	elif ! command -v atcmd >/dev/null 2>&1; then
		:	# said above; the modem is not to be blamed for it
	elif ! modem_ok 2>/dev/null; then
		finding "$sms_port: the modem does not answer AT:" \
		    "$(tail -n 1 "$run_dir/atcmd.err" 2>/dev/null)"
	else
		modem_report
		modem_mode
	fi
	# after the modem: its data port is known then, found or configured
	backend_check
	for d in "$run_dir" "$state_dir"; do
		if ! mkdir -p "$d" 2>/dev/null || [ ! -w "$d" ]; then
			finding "$d: cannot write there (lock and state)"
		fi
	done
	[ $bad = 1 ] && exit $EX_CONFIG
	echo "oobm: configuration and set-up look right"
}

# modem_report: the modem, its firmware, the network it is on and its
# access technology (atcmd -I); a finding when no SMS can reach it there,
# with what to do for that modem
modem_report() {
	id=$(at -I 2>"$run_dir/ident.err") || return 0
	mr_model='' mr_fw='' mr_op='' mr_act='' mr_sms=''
	for w in $id; do
		case $w in
		manufacturer=*) mr_model="${w#*=} $mr_model" ;;
		model=*) mr_model="$mr_model${w#*=}" ;;
		firmware=*) mr_fw=${w#*=} ;;
		operator=*) mr_op=${w#*=} ;;
		act=*) mr_act=${w#*=} ;;
		sms=*) mr_sms=${w#*=} ;;
		esac
	done
	echo "modem: $mr_model, firmware $mr_fw, on $sms_port${modem_profile:+ ($modem_profile)}"
	echo "network: $mr_op, $mr_act; SMS reach it: $mr_sms"
	case $mr_sms in
	lte-data-only) finding "$(sed -n 's/^atcmd: //p' "$run_dir/ident.err")" ;;
	no) finding "$sms_port: registered on no network: check the SIM" \
	    "and the antenna (oobm status)" ;;
	esac
}

# modem_mode: a finding for each setting the modem's row of the table
# asks and the modem lacks (atcmd -M -n changes nothing); oobm boot
# makes them.  A modem not in the table has none to check.
modem_mode() {
	mm=$(at -M -n 2>/dev/null) || return 0
	while read -r mm_set mm_rest; do
		[ -n "$mm_set" ] || continue
		finding "modem: not in the mode oobm needs: ${mm_set#unset=}" \
		    "(${mm_rest}): oobm boot sets it"
	done <<EOF
$mm
EOF
}

# config: every oobm_ key in effect (oobmconf(1)): its value, secrets as
# set or unset, where it was set or that it is the default; a key that
# nothing reads is named with its line and the nearest known key.
verb_config() {
	[ $# -eq 0 ] || usage
	oobmconf -c "$CONF"
}

stat_mode() { stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"; }

verb_keygen() {
	[ $# -eq 0 ] || usage
	if [ ! -f "$ssh_key" ]; then
		mkdir -p "${ssh_key%/*}"
		ssh-keygen -q -t ed25519 -N '' -C "oobm@$(hostname)" -f "$ssh_key"
		echo "# created $ssh_key" >&2
	fi
	chmod 600 "$ssh_key"
	pub=$(cut -d' ' -f1,2 "$ssh_key.pub")
	cat <<EOF
# On the relay, as root: an account that can only hold the one forward.
#   useradd -r -m -s /usr/sbin/nologin -p '*' $relay_user
# ~$relay_user/.ssh/authorized_keys:
restrict,port-forwarding,permitlisten="127.0.0.1:$tunnel_port",command="/bin/false" $pub oobm
# sshd_config, at the end:
Match User $relay_user
	AllowTcpForwarding remote
	PermitListen 127.0.0.1:$tunnel_port
	PermitOpen none
	GatewayPorts no
	ForceCommand /bin/false
	PermitTTY no
	X11Forwarding no
	AllowAgentForwarding no
	AllowStreamLocalForwarding no
	PermitTunnel no
	ClientAliveInterval 15
	ClientAliveCountMax 2
EOF
}
