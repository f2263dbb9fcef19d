# shellcheck shell=sh
# config.sh: configuration: every key in effect, from oobmconf(1), checked
# and under the short names the concerns use.
# Sourced by oobm(8); it defines functions only.
# Reads: modem sms_port
# Sets: alarm_jitter alarm_offset alive alive_max apn at_timeout console
#   console_speed ctl def_minutes dhcp_want dns fo_fails fo_hold fo_per_day
#   fo_probe fo_quiet fo_timeout gps known_hosts link link_down_cmd
#   link_iface link_timeout link_up_cmd max_minutes max_sessions modem
#   modem_auto modem_iface modem_usb notify power_active power_chip
#   power_gpio power_interval power_off_s power_per_day ppp_profile pppd_peer
#   pps_metrics push push_url relay relay_alias relay_port relay_user
#   replies_max reset_wait resets_max retry_s route_mode run_dir selftest_s
#   selftest_ussd session_max sms_auto sms_iface sms_port ssh_key ssh_log
#   state state_dir stick tries tunnel_port tunnel_target

# read_keys: every key in effect, from oobmconf(1), the one reader of
# oobm.conf(5) (its grammar, its defaults, the ranges of its numbers):
# "key=value" lines, each read into the variable of the key's name.
# The file is parsed there, never run; a value is never evaluated.
read_keys() {
	local k keys kv
	command -v oobmconf >/dev/null 2>&1 || die $EX_CONFIG "oobmconf: not" \
	    "found in $BINDIR (nor in PATH): install oobm again (make install)"
	# its status is the answer: 78 a file that is wrong, 64 or 70 a bug
	keys=$(oobmconf -s -c "$CONF" 2>&1) || die "$?" "${keys#oobmconf: }"
	while IFS= read -r kv; do
		k=${kv%%=*}
		case $k in
		oobm_*[!a-z_]*) k= ;;
		oobm_?*) ;;
		*) k= ;;
		esac
		[ -n "$k" ] || die $EX_SOFTWARE "oobmconf: not a key=value: $kv"
		# shellcheck disable=SC2229 # the variable named by the key
		IFS= read -r "$k" <<EOF
${kv#*=}
EOF
	done <<EOF
$keys
EOF
}

is_addr() { case $1 in '' | *[!0-9.]*) return 1 ;; esac; }

# shellcheck disable=SC2154 # the oobm_ variables are set by read_keys
load_config() {
	read_keys
	config_modem
	config_link
	config_relay
	config_session
	config_failover_power
	config_check
	state=$state_dir/session
	ctl=$run_dir/tunnel.ctl
	ssh_log=$run_dir/ssh.log
}

# config_modem, config_link, config_relay, config_session,
# config_failover_power: the keys under the short names the concerns
# read (Sets: above), one group each
config_modem() {
	modem=$oobm_modem
	sms_port=$oobm_sms_port
	# unset or auto, and no oobm_modem_usb: found by the table
	# (ports.sh auto_ports)
	modem_auto=0 stick=0
	case $modem in
	'' | auto) modem= && [ -n "$oobm_modem_usb" ] || modem_auto=1 ;;
	# a HiLink stick: its web API for SMS, no port (stick.sh)
	http://*) stick=1 sms_port=$modem ;;
	esac
	sms_auto=0
	case $sms_port in '' | auto) sms_auto=1 sms_port= ;; esac
	modem_usb=$oobm_modem_usb
	modem_iface=$oobm_modem_iface
	sms_iface=$oobm_sms_iface
	resets_max=$oobm_resets_per_day
	reset_wait=$oobm_reset_wait
	at_timeout=$oobm_at_timeout
}

config_link() {
	apn=$oobm_apn
	dhcp_want=$oobm_dhcp_client
	link=$oobm_link
	link_iface=$oobm_link_iface
	link_up_cmd=$oobm_link_up
	link_down_cmd=$oobm_link_down
	ppp_profile=$oobm_ppp_profile
	pppd_peer=$oobm_pppd_peer
	link_timeout=$oobm_link_timeout
	route_mode=$oobm_route
	dns=$oobm_dns
}

config_relay() {
	relay=$oobm_relay
	relay_user=$oobm_relay_user
	relay_port=$oobm_relay_port
	relay_alias=$oobm_relay_alias
	tunnel_port=$oobm_tunnel_port
	tunnel_target=$oobm_tunnel_target
	ssh_key=$oobm_ssh_key
	known_hosts=$oobm_known_hosts
	alive=$oobm_ssh_alive
	alive_max=$oobm_ssh_alive_max
}

config_session() {
	retry_s=$oobm_retry_seconds
	selftest_s=$oobm_selftest_seconds
	selftest_ussd=$oobm_selftest_ussd
	tries=$oobm_tries
	max_minutes=$oobm_link_max_minutes
	def_minutes=$oobm_link_minutes
	max_sessions=$oobm_max_sessions
	session_max=$oobm_session_max_minutes
	state_dir=$oobm_state_dir
	run_dir=$oobm_run_dir
	push=$oobm_push_service
	push_url=$oobm_push_url
	console=$oobm_console
	console_speed=$oobm_console_speed
	pps_metrics=$oobm_pps_metrics
	alarm_offset=$oobm_alarm_offset
	alarm_jitter=$oobm_alarm_jitter
	gps=$oobm_gps
	replies_max=$oobm_sms_replies_per_hour
	# texts go to the first number allowed unless oobm_notify says
	notify=$oobm_notify
	[ -n "$notify" ] || notify=${oobm_sms_allow%%[ ,	]*}
}

config_failover_power() {
	fo_probe=$oobm_failover_probe
	fo_fails=$oobm_failover_fails
	fo_hold=$oobm_failover_hold
	fo_quiet=$oobm_failover_quiet
	fo_per_day=$oobm_failover_per_day
	fo_timeout=$oobm_failover_timeout
	power_gpio=$oobm_power_gpio
	power_chip=$oobm_power_chip
	power_active=$oobm_power_active
	power_off_s=$oobm_power_off_seconds
	power_per_day=$oobm_power_per_day
	power_interval=$oobm_power_interval
}

# config_check: the values a concern puts on a command line or chooses
# by, each checked before any is used
# link_check: the link's words, each one of its own few
link_check() {
	case $dhcp_want in
	auto | udhcpc | dhclient | dhcpcd) ;;
	*) die $EX_CONFIG "$CONF: oobm_dhcp_client: auto, udhcpc, dhclient" \
	    "or dhcpcd, not $dhcp_want" ;;
	esac
	case $route_mode in
	default | host) ;;
	*) die $EX_CONFIG "$CONF: oobm_route: default or host, not $route_mode" ;;
	esac
	stick_check_config
}

# stick_check_config: a HiLink stick's address, and no second port (the
# link that goes with one: the dispatcher's choice of backend)
stick_check_config() {
	[ "$stick" = 1 ] || return 0
	# an address, which routes go via (link-hilink.sh)
	case ${modem#http://} in
	[0-9]*[0-9] | [0-9]*[0-9]:[0-9]*[0-9]) ;;
	*) die $EX_CONFIG "$CONF: oobm_modem: not http://ADDRESS[:PORT] (a" \
	    "HiLink stick, http://192.168.8.1): $modem" ;;
	esac
	case ${modem#http://} in *[!0-9.:]* | *:*:*) die $EX_CONFIG \
	    "$CONF: oobm_modem: not http://ADDRESS[:PORT]: $modem" ;;
	esac
	[ -z "$oobm_sms_port" ] || [ "$oobm_sms_port" = "$modem" ] ||
	    die $EX_CONFIG "$CONF: oobm_sms_port: a HiLink stick has no port;" \
	    "its SMS come through oobm_modem's web API"
}

config_check() {
	local w
	case $notify in
	'' | +[0-9]* | [0-9]*) ;;
	*) die $EX_CONFIG "$CONF: oobm_notify: not a phone number: $notify" ;;
	esac
	case $notify in *[!+0-9]*) die $EX_CONFIG \
	    "$CONF: oobm_notify: not a phone number: $notify" ;;
	esac
	case $modem_usb in
	'' | [0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]:[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]) ;;
	*) die $EX_CONFIG "$CONF: oobm_modem_usb: not VID:PID (12d1:1001): $modem_usb" ;;
	esac
	case $power_active in
	high | low) ;;
	*) die $EX_CONFIG "$CONF: oobm_power_active: high or low, not $power_active" ;;
	esac
	case $power_chip in
	-* | *[!A-Za-z0-9/._-]*) die $EX_CONFIG \
	    "$CONF: oobm_power_chip: not a GPIO controller: $power_chip" ;;
	esac
	[ -z "$fo_probe" ] || probe_list_check
	link_check
	dns_check
	# words that reach ssh's command line: never an option
	for w in "$relay" "$relay_user" "$relay_alias"; do
		case $w in
		-* | *[!A-Za-z0-9.:_-]*) die $EX_CONFIG "$CONF: not a host or" \
		    "user name: $w" ;;
		esac
	done
	case $tunnel_target in
	-* | *[!A-Za-z0-9.:_-]*) die $EX_CONFIG \
	    "$CONF: oobm_tunnel_target: not host:port: $tunnel_target" ;;
	esac
}

# dns_check: oobm_dns is peer, system, or IPv4 addresses
dns_check() {
	local a bad ifs
	case $dns in peer | system) return 0 ;; esac
	bad=
	set -f
	ifs=$IFS
	IFS=', 	'
	for a in $dns; do is_addr "$a" || bad=1; done
	IFS=$ifs
	set +f
	[ -z "$bad" ] || die $EX_CONFIG "$CONF: oobm_dns: peer, system or" \
	    "IPv4 addresses, not $dns"
}

# probe_list_check: oobm_failover_probe as blank-separated words, each an
# address (pinged), address:port (a TCP connect) or relay (ssh)
probe_list_check() {
	local w
	fo_probe=$(printf '%s\n' "$fo_probe" | tr ',\t' '  ')
	set -f
	for w in $fo_probe; do
		probe_word_ok "$w" || die $EX_CONFIG "$CONF: oobm_failover_probe:" \
		    "not an IPv4 address, address:port or relay: $w"
	done
	set +f
}

probe_word_ok() {
	local a pt
	case $1 in
	relay) return 0 ;;
	*:*)
		a=${1%:*} pt=${1##*:}
		case $pt in '' | *[!0-9]*) return 1 ;; esac
		[ "$pt" -ge 1 ] && [ "$pt" -le 65535 ] || return 1
		;;
	*) a=$1 ;;
	esac
	is_addr "$a"
}
