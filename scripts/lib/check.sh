# shellcheck shell=sh
# check.sh: oobm check: what a run needs, checked as every run and every
# tool will check it, and changing nothing: the modem is asked, never
# reset, cycled or set; only the run and state directories are made, as
# the first run would make them.  One line per finding, with what to do;
# "look right" only when none.
# Sourced by oobm(8); it defines functions only.
# Reads: at_timeout dns find_err fo_probe known_hosts missing_why
#   modem_auto modem_profile modem_usb notify power_gpio push push_url relay
#   relay_alias run_dir sms_auto sms_port ssh_key state_dir stick
# Sets: none

verb_check() {
	[ $# -eq 0 ] || usage
	bad=0
	check_dirs
	check_file
	check_placeholders
	check_tools
	check_relay
	check_keys
	check_failover
	check_power
	check_push
	check_modem
	# after the modem: its data port is known then, found or configured
	check_backend
	[ $bad = 1 ] && exit $EX_CONFIG
	echo "oobm: configuration and set-up look right"
}

# check_backend: the link backend's findings (backend_check, a line each)
check_backend() {
	local cb_said
	cb_said=$(backend_check)
	[ -n "$cb_said" ] || return 0
	printf '%s\n' "$cb_said"
	bad=1
}

# finding WORDS...: one, said
finding() { printf '%s\n' "$*"; bad=1; }

# check_dirs: made first, as a run makes them: what follows may write
# there, and a run that cannot is a finding
check_dirs() {
	local cd_d
	for cd_d in "$run_dir" "$state_dir"; do
		if ! mkdir -p "$cd_d" 2>/dev/null || [ ! -w "$cd_d" ]; then
			finding "$cd_d: cannot write there (lock and state)"
		fi
	done
}

# check_file: the file as the tools will use it (oobmconf -t): typos,
# ranges, a secret others can read, the SMS policy smspoll obeys
check_file() {
	local cf_said
	cf_said=$(oobmconf -t -c "$CONF" 2>&1 >/dev/null) && [ -z "$cf_said" ] &&
	    return 0
	printf '%s\n' "$cf_said" | sed 's/^oobmconf: //'
	bad=1
}

# placeholder VALUE: VALUE is the sample's, or holds a name, address or
# number set aside so as to reach nobody: RFC 2606's names, RFC 5737's
# addresses, the mobile numbers Sweden's PTS keeps for fiction
# (070-1740605 to 070-1740699, the sample's)
placeholder() {
	case $1 in
	*+4670174060[5-9]* | *+467017406[1-9][0-9]*) return 0 ;;
	*oobm-choose-something-unguessable*) return 0 ;;
	*192.0.2.* | *198.51.100.* | *203.0.113.*) return 0 ;;
	*example.com* | *example.org* | *example.net*) return 0 ;;
	*[.@/]example | *[.@/]example[:/]*) return 0 ;;
	esac
	return 1
}

# check_placeholders: a value left as the sample has it
# shellcheck disable=SC2154 # the oobm_ variables are set by read_keys
check_placeholders() {
	local cp_kv
	for cp_kv in "oobm_relay=$relay" "oobm_relay_alias=$relay_alias" \
	    "oobm_sms_allow=$oobm_sms_allow" "oobm_notify=$notify" \
	    "oobm_push_url=$push_url" "oobm_push_topic=$oobm_push_topic" \
	    "oobm_failover_probe=$fo_probe"; do
		placeholder "${cp_kv#*=}" || continue
		finding "${cp_kv%%=*}: ${cp_kv#*=}: the sample's placeholder:" \
		    "set your own"
	done
}

# check_push: the push configuration as pushnotify will use it (-n)
check_push() {
	local cp_said
	[ -n "$push" ] && command -v pushnotify >/dev/null 2>&1 || return 0
	cp_said=$(pushnotify -n -c "$CONF" 2>&1) && return 0
	finding "$(printf '%s\n' "$cp_said" | tail -n 1 | sed 's/^pushnotify: //')"
}

check_tools() {
	local ct_m
	ct_m=$(missing_tools)
	[ -z "$ct_m" ] || finding "${ct_m% }: not found in $BINDIR (nor in" \
	    "PATH): install oobm again (make install)"
}

check_relay() {
	[ -n "$relay" ] || finding "oobm_relay: not set: the relay's address"
	[ -n "$relay" ] && ! is_addr "$relay" || return 0
	if [ "$dns" = system ]; then
		finding "oobm_relay: $relay is a name and oobm_dns=system:" \
		    "the home DNS may be what is down; set oobm_dns=peer"
	elif ! command -v host >/dev/null 2>&1; then
		finding "oobm_relay: $relay is a name, and host(1) is" \
		    "missing to ask the carrier's name servers (Debian:" \
		    "apt install bind9-host)"
	fi
}

# check_keys: the box's key, and the relay's pinned under the name ssh
# will ask for
check_keys() {
	if [ ! -f "$ssh_key" ]; then
		finding "$ssh_key: missing: run oobm keygen"
	elif [ "$(file_mode "$ssh_key")" != 600 ]; then
		finding "$ssh_key: mode $(file_mode "$ssh_key"): chmod 600 $ssh_key"
	fi
	if [ ! -f "$known_hosts" ]; then
		finding "$known_hosts: missing: put the relay's host key there" \
		    "(ssh-keyscan -t ed25519 RELAY on a trusted path, checked)"
	elif [ -z "$(pinned_keys)" ]; then
		finding "$known_hosts: no key for $(pinned_name)$(pin_hint)"
	fi
}

check_failover() {
	local cf_missing cf_nets cf_t cf_w
	[ -n "$fo_probe" ] || return 0
	# networks told apart by their /24; the relay alone needs none
	cf_nets=$(failover_addrs | cut -d. -f1-3 | sort -u | wc -l)
	[ "$cf_nets" -ge 2 ] || { failover_relay && [ "$cf_nets" = 0 ]; } ||
	    finding "oobm_failover_probe:" \
	    "give two or more addresses on different networks, so" \
	    "that one host down is not taken for the uplink"
	cf_missing=
	for cf_w in $fo_probe; do
		case $cf_w in relay) cf_t=ssh ;; *:*) cf_t=nc ;; *) cf_t=ping ;; esac
		command -v "$cf_t" >/dev/null 2>&1 && continue
		case " $cf_missing " in
		*" $cf_t "*) ;;
		*) cf_missing="$cf_missing $cf_t" ;;
		esac
	done
	[ -z "$cf_missing" ] || finding "oobm_failover_probe: not" \
	    "installed:$cf_missing (a ping needs ping, a TCP probe nc)"
}

check_power() {
	local cw_t
	[ -n "$power_gpio" ] || return 0
	cw_t=$(gpio_tool)
	command -v "${cw_t%% *}" >/dev/null 2>&1 ||
	    finding "oobm_power_gpio: ${cw_t%% *} is not installed ${cw_t#* }"
}

# check_modem: found, there, answering AT once within oobm_at_timeout;
# then what it is and whether it is in the mode oobm needs.  A modem
# that does not answer is a finding, never a reason to recover it here.
check_modem() {
	local cm_err
	[ "$stick" = 0 ] || { check_stick; return 0; }
	if [ "$modem_auto" = 1 ] && [ "$sms_auto" = 1 ]; then
		if ! auto_ports fresh; then
			finding "oobm_modem (unset: found by the table of" \
			    "modems): $find_err"
			return 0
		fi
	elif [ -z "$sms_port" ] && [ -z "$modem_usb" ]; then
		finding "oobm_modem: not set"
		return 0
	fi
	command -v atcmd >/dev/null 2>&1 ||
	    return 0	# said above; the modem is not to be blamed for it
	find_ports || true	# by its USB identity (oobm_modem_usb)
	if port_missing; then
		finding "$missing_why"
		return 0
	fi
	if ! cm_err=$(at AT 2>&1 >/dev/null); then
		cm_err=$(printf '%s\n' "$cm_err" | tail -n 1)
		finding "$sms_port: the modem does not answer AT (within" \
		    "oobm_at_timeout, $at_timeout s): ${cm_err#atcmd: }"
		return 0
	fi
	modem_report
	modem_mode
}

# check_stick: oobm check's lines about the stick: what it says of
# itself, a finding for what keeps SMS from it, never a change
check_stick() {
	local d l
	if ! l=$(stick_status 2>&1); then
		finding "$sms_port: the HiLink stick does not answer (within" \
		    "oobm_at_timeout, $at_timeout s):" \
		    "$(printf '%s\n' "$l" | tail -n 1 | sed 's/^hilinkctl: //')"
		return 0
	fi
	d=$(stick_dbm "$(stick_get "$l" rssi)")
	[ "$d" = none ] || d="$d dBm"
	echo "modem: a HiLink stick at $sms_port; network:" \
	    "$(stick_get "$l" operator), $(stick_get "$l" act), signal $d;" \
	    "SMS: $(stick_get "$l" unread) unread, $(stick_get "$l" stored) held"
	[ "$(stick_get "$l" sim)" = 1 ] || finding "$sms_port: the stick's" \
	    "SIM is not ready (SimStatus $(stick_get "$l" sim)): check the SIM"
	[ "$(stick_get "$l" service)" = 2 ] || finding "$sms_port: the stick" \
	    "is on no network (ServiceStatus $(stick_get "$l" service)):" \
	    "check the SIM and the antenna"
}

# modem_report: the modem, its firmware, the network it is on and its
# access technology (atcmd -I); a finding when no SMS can reach it there,
# with what to do for that modem
modem_report() {
	local mr_act mr_all mr_err mr_fw mr_l mr_model mr_op mr_sms mr_w
	mr_all=$(at -I 2>&1) || true
	mr_model='' mr_fw='' mr_op='' mr_act='' mr_sms='' mr_err=''
	while IFS= read -r mr_l; do
		case $mr_l in
		atcmd:*) mr_err=${mr_l#atcmd: }; continue ;;
		esac
		for mr_w in $mr_l; do
			case $mr_w in
			manufacturer=*) mr_model="${mr_w#*=} $mr_model" ;;
			model=*) mr_model="$mr_model${mr_w#*=}" ;;
			firmware=*) mr_fw=${mr_w#*=} ;;
			operator=*) mr_op=${mr_w#*=} ;;
			act=*) mr_act=${mr_w#*=} ;;
			sms=*) mr_sms=${mr_w#*=} ;;
			esac
		done
	done <<EOF
$mr_all
EOF
	[ -n "$mr_sms" ] || return 0	# it answered AT, not this: said by AT
	echo "modem: $mr_model, firmware $mr_fw, on $sms_port${modem_profile:+ ($modem_profile)}"
	echo "network: $mr_op, $mr_act; SMS reach it: $mr_sms"
	case $mr_sms in
	lte-data-only) finding "$mr_err" ;;
	no) finding "$sms_port: registered on no network: check the SIM" \
	    "and the antenna (oobm status)" ;;
	esac
}

# modem_mode: a finding for each setting the modem's row of the table
# asks and the modem lacks (atcmd -M -n changes nothing); oobm boot
# makes them.  A modem not in the table has none to check.
modem_mode() {
	local mm mm_rest mm_set
	mm=$(at -M -n 2>/dev/null) || return 0
	while read -r mm_set mm_rest; do
		[ -n "$mm_set" ] || continue
		finding "modem: not in the mode oobm needs: ${mm_set#unset=}" \
		    "(${mm_rest}): oobm boot sets it"
	done <<EOF
$mm
EOF
}
