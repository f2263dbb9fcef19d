# shellcheck shell=sh
# admin.sh: the verbs for the owner at the box: console, status (and the
# line an SMS STATUS is answered with), config, keygen (check: check.sh).
# Sourced by oobm(8); it defines functions only.
# Reads: console console_speed kflag max_sessions missing_why relay_user
#   resets_max sms_port ssh_key state_dir stick tries tunnel_port
# Sets: health_out (for health_get)

# console: the router's serial console, as the seed did by hand with
# "cu -s 57600 -l /dev/cuaU0", the session recorded by script(1) to a
# dated log, so that what was done in an emergency is kept.
verb_console() {
	local dev holder logf speed
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
	local net st
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
	local st
	[ $# -eq 0 ] || usage
	st=$(session_state)
	if [ "$kflag" = 1 ]; then
		status_keys "$st"
	else
		status_session "$st"
		status_modem
	fi
}

# session_state: idle, up, another step, or crashed (a state whose
# session is gone without its teardown)
session_state() {
	local st
	st=$(state_get state)
	if [ -n "$st" ] && [ "$st" != idle ] &&
	    ! session_alive "$(state_get pid)"; then
		st=crashed
	fi
	echo "${st:-idle}"
}

# status_keys STATE: status -k's key=value lines, safe for sh
status_keys() {
	local k v
	echo "state=$1"
	for k in since until iface local peer relay port sshpid tries \
	    error outcome ended; do
		v=$(state_get "$k" | tr -c 'A-Za-z0-9.,:/@+_()-' '_')
		echo "$k=${v%_}"
	done
	echo "modem_error=$(safe "$(modem_error)")"
	echo "sessions_24h=$(sessions_today)"
	echo "resets_24h=$(resets_today)"
	health
	echo "selftest_time=$(selftest_get time)"
	echo "selftest=$(selftest_get verdict)"
	power_status
	failover_status
}

# status_session STATE: status's lines about the session, for people
status_session() {
	case $1 in
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
	*) echo "$1 (try $(state_get tries) of $tries)" ;;
	esac
	echo "$(sessions_today) of $max_sessions sessions used in 24 h"
	if [ -n "$(state_get iface)" ]; then
		echo "link: $(state_get iface) $(state_get local) ->" \
		    "$(state_get peer), tunnel ssh pid $(state_get sshpid)"
	fi
}

# status_modem: status's lines about the modem, the selftest, the power
# and the home uplink, for people
status_modem() {
	if [ -n "$sms_port" ] && port_missing; then
		echo "modem: $missing_why"
	else
		health_out=$(health)
		echo "modem: SIM $(health_get sim), $(health_get registration)" \
		    "$(health_get operator), signal $(health_get signal_dbm) dBm"
	fi
	# a stick is never reset (modem.sh's ladder asks it again instead)
	[ "$stick" = 1 ] ||
	    echo "$(resets_today) of $resets_max modem resets used in 24 h"
	[ ! -f "$state_dir/modem.gaveup" ] ||
	    echo "modem: gave up: $(modem_error)"
	if [ -f "$state_dir/selftest" ]; then
		echo "last selftest $(fmt_time "$(selftest_get time)"):" \
		    "$(selftest_get verdict) ($(selftest_get reason))"
	else
		echo "no selftest yet (oobm selftest)"
	fi
	power_line
	failover_line
}

# config: every oobm_ key in effect (oobmconf(1)): its value, secrets as
# set or unset, where it was set or that it is the default; a key that
# nothing reads is named with its line and the nearest known key.
verb_config() {
	[ $# -eq 0 ] || usage
	oobmconf -c "$CONF"
}

verb_keygen() {
	local pub
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
