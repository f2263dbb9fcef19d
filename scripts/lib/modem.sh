# shellcheck shell=sh
# modem.sh: the modem: its tools, the recovery ladder, its health (its
# ports: ports.sh).
# Sourced by oobm(8); it defines functions only.
# Reads: at_timeout health_out missing_why reset_wait resets_max run_dir
#   sms_port state_dir stick
# Sets: none

# missing_tools: those of $TOOLS not found, each followed by a space
missing_tools() {
	local t
	for t in $TOOLS; do
		command -v "$t" >/dev/null 2>&1 || printf '%s ' "$t"
	done
}

# need_tools: a tool missing is a broken installation, said as such; taken
# for a modem that does not answer, it would start the recovery ladder.
need_tools() {
	local m
	m=$(missing_tools)
	[ -z "$m" ] || die $EX_CONFIG "${m% }: not found in $BINDIR" \
	    "(nor in PATH): install oobm again (make install)"
}

# at [-t SECONDS] [-e ERRFILE] COMMAND...: atcmd on the SMS port, with
# the configuration and oobm_at_timeout unless -t says; its output and
# status.  With -e its output is dropped and its errors go to ERRFILE.
# A trap that runs when atcmd returns runs under these redirections: the
# traps call own_fds first.
at() {
	local at_e at_t
	at_t=$at_timeout at_e=
	while :; do
		case $1 in
		-t) at_t=$2 ;;
		-e) at_e=$2 ;;
		*) break ;;
		esac
		shift 2
	done
	if [ -n "$at_e" ]; then
		atcmd -c "$CONF" -t "$at_t" -l "$sms_port" "$@" >/dev/null \
		    2>"$at_e"
	else
		atcmd -c "$CONF" -t "$at_t" -l "$sms_port" "$@"
	fi
}

at_ok() {
	[ "$stick" = 0 ] || { stick_ok; return; }
	at -e "$run_dir/atcmd.err" AT
}

# The modem answers AT, or is brought back by the ladder.
modem_ok() {
	modem_found
	at_ok && { modem_well; return 0; }
	log "modem does not answer: $(tail -n 1 "$run_dir/atcmd.err")"
	ladder at_ok "does not answer AT" "$run_dir/atcmd.err"
}

# modem_well: the modem answered: a ladder that gave up before is no
# longer true (oobm status says only what is true now).  A test of a
# file, no process: every run calls it.
modem_well() {
	[ ! -f "$state_dir/modem.gaveup" ] || rm -f "$state_dir/modem.gaveup"
}

# modem_error: why the ladder last gave up, while it is still so
modem_error() {
	[ ! -f "$state_dir/modem.gaveup" ] || cat "$state_dir/modem.gaveup"
}

# The recovery ladder: a step, then CHECK again, until one brings the
# modem back: the port closed and opened again (every tool opens it
# afresh), the radio off and on, a reset (at most oobm_resets_per_day).
# A port another process holds is not a wedged modem: nothing is done.
ladder() {	# ladder CHECK WHAT ERRFILE
	local gave_up
	if grep -q 'device busy' "$3" 2>/dev/null; then
		fail "modem port busy: $(tail -n 1 "$3")"
		return
	fi
	log "modem $2: recovering"
	# found afresh: a remembered name may be another device's now
	find_ports fresh || true
	nap 2
	ladder_last="its port opened again"
	[ "$stick" = 0 ] || ladder_last="it was asked again"
	if "$1"; then
		modem_fixed "$ladder_last"
		return 0
	fi
	# nothing to cycle or reset: said as what it is, no rung climbed
	if port_missing; then
		fail "$missing_why"
		return
	fi
	if radio_cycle && "$1"; then
		modem_fixed "the radio off and on"
		return 0
	fi
	if modem_reset && "$1"; then
		modem_fixed "a reset"
		return 0
	fi
	gave_up="modem $2, even after $ladder_last"
	log "$gave_up"
	dirs "$state_dir"
	printf '%s\n' "$gave_up" >"$state_dir/modem.gaveup"
	fail "$gave_up"
}

modem_fixed() {
	log "modem back after $1"
	modem_well
}

radio_cycle() {
	[ "$stick" = 0 ] || return 1	# no AT: stick.sh
	ladder_last="the radio off and on"
	log "modem: radio off and on (AT+CFUN=0, AT+CFUN=1)"
	# set first: a trap runs once AT+CFUN=0 is done, before what follows
	pending radio_on
	if ! at -e "$run_dir/atcmd.err" AT+CFUN=0; then
		pending -
		log "AT+CFUN=0: $(tail -n 1 "$run_dir/atcmd.err")"
		return 1
	fi
	nap 2
	radio_on
	registered
}

# The radio on again; also when a signal cut the radio cycle short
# (undo_waits): the modem must not be left deaf to the owner's next SMS.
radio_on() {
	pending -
	at -e "$run_dir/atcmd.err" AT+CFUN=1 ||
	    log "AT+CFUN=1: $(tail -n 1 "$run_dir/atcmd.err")"
}

# Up to 30 s for the network to take the modem back.
registered() {
	local r i
	i=0
	while [ "$i" -lt 15 ]; do
		r=$(at AT+CREG? 2>/dev/null) || r=
		case $r in *+CREG:*,[15]*) return 0 ;; esac
		nap 2
		i=$((i + 1))
	done
	log "modem: not registered after 30 s"
	return 0	# the check that follows says whether it matters
}

resets_today() { stamps_today "$state_dir/resets"; }

# AT+CFUN=1,1: the stick resets and leaves the USB bus; wait for it to
# come back, found by its USB identity when oobm_modem_usb is set.
modem_reset() {
	local end_t n
	[ "$stick" = 0 ] || return 1
	if [ ! -e "$sms_port" ]; then
		log "modem: $sms_port is absent: nothing to reset"
		return 1
	fi
	n=$(resets_today)
	if [ "$n" -ge "$resets_max" ]; then
		log "modem: no reset: $n in 24 h already (oobm_resets_per_day)"
		return 1
	fi
	ladder_last="a reset"
	stamp_add "$state_dir/resets"
	log "modem: reset (AT+CFUN=1,1); back within $reset_wait s"
	at -t 5 -e /dev/null 'AT+CFUN=1,1' ||
	    true	# the answer may be lost as the device goes
	nap 3
	end_t=$(($(now) + reset_wait))
	while [ "$(now)" -lt "$end_t" ]; do
		if find_ports fresh && [ -e "$sms_port" ] && at_ok; then
			registered
			return 0
		fi
		nap 1
	done
	log "modem: not back $reset_wait s after the reset"
	return 1
}

# modem_escalate N: between a session's tries, when the link would not
# come up for the Nth time over a modem that still answers (NO CARRIER
# while SMS works): the radio off and on the first time, then a reset.
modem_escalate() {
	find_ports fresh || true
	case $1 in
	1) radio_cycle || true ;;
	*) modem_reset || true ;;
	esac
}

# health: the modem's view of the network, as key=value lines (one atcmd,
# one lock).  Empty when the port is busy (a one-port modem in a session).
# atcmd's answers and its errors come in one stream, told apart by their
# heads (+CPIN: ..., atcmd: ...): no file to write, so "oobm status" works
# on a box that has never run, and for a user who cannot write run_dir.
health() {
	local act csq dbm op out reg sim stored
	[ "$stick" = 0 ] || { stick_health; return; }
	out=$(at AT+CPIN? AT+CREG? AT+CGREG? \
	    AT+COPS? AT+CSQ AT+CPMS? 2>&1) || true
	sim=$(printf '%s\n' "$out" | sed -n 's/^+CPIN: *//p')
	if [ -z "$sim" ]; then
		sim=$(printf '%s\n' "$out" | sed -n 's/^atcmd: .*: //p' |
		    tail -n 1)
	fi
	reg=$(printf '%s\n' "$out" | sed -n 's/^+CREG: *[0-9]*,\([0-9]\).*/\1/p')
	case $reg in
	1) reg=home ;; 5) reg=roaming ;; 2) reg=searching ;;
	3) reg=denied ;; 0) reg=unregistered ;; *) reg=unknown ;;
	esac
	op=$(printf '%s\n' "$out" | sed -n 's/^+COPS: *[0-9]*,[0-9]*,"\([^"]*\)".*/\1/p')
	csq=$(printf '%s\n' "$out" | sed -n 's/^+CSQ: *\([0-9]*\),.*/\1/p')
	dbm=$(csq_dbm "${csq:-99}")
	printf 'sim=%s\nregistration=%s\noperator=%s\nsignal_dbm=%s\n' \
	    "$(safe "${sim:-unknown}")" "$reg" "$(safe "${op:-none}")" "$dbm"
	# the access technology (+COPS's <AcT>), the SMS held (+CPMS's <used1>)
	act=$(printf '%s\n' "$out" | sed -n 's/^+COPS: *[0-9]*,[0-9]*,"[^"]*",\([0-9]*\).*/\1/p')
	stored=$(printf '%s\n' "$out" | sed -n 's/^+CPMS: *"[^"]*",\([0-9]*\),.*/\1/p')
	printf 'act=%s\nsms_stored=%s\n' "$(act_name "$act")" "${stored:-unknown}"
}

# act_name ACT: 27.007 7.3's <AcT> as atcmd and hilinkctl name it
act_name() {
	case $1 in
	0 | 1) echo gsm ;; 2) echo umts ;; 3) echo edge ;; 4) echo hsdpa ;;
	5) echo hsupa ;; 6) echo hspa ;; 7 | 10) echo lte ;;
	8) echo ec-gsm-iot ;; 9) echo nb-iot ;; 11) echo nr ;;
	12) echo ng-ran ;; 13) echo lte-nr ;; *) echo unknown ;;
	esac
}

# health_get KEY: from the lines health printed, in $health_out
health_get() { printf '%s\n' "$health_out" | kv_get - "$1"; }

# signal_dbm: the signal now, as the answer to an SMS STATUS says it
signal_dbm() {
	local v
	[ "$stick" = 0 ] || { stick_signal; return; }
	v=$(at AT+CSQ 2>/dev/null) || { echo '?'; return; }
	v=${v#+CSQ: }
	v=$(csq_dbm "${v%%,*}")
	case $v in none | '?') echo "$v" ;; *) echo "$v dBm" ;; esac
}

# csq_dbm RSSI: +CSQ's <rssi> in dBm, 3GPP TS 27.007 8.5: 0 is -113 or
# less, 31 is -51 or more, 2 dBm a step; 99 is not known (none); anything
# else is not an answer (?)
csq_dbm() {
	case $1 in
	'' | *[!0-9]*) echo '?' ;;
	99) echo none ;;
	*) echo $((2 * $1 - 113)) ;;
	esac
}

# What in the modem's health stops any link: nothing, or the reason.
health_problem() {
	case $(health_get sim) in
	READY) ;;
	*) echo "SIM not ready ($(health_get sim))"; return ;;
	esac
	case $(health_get registration) in
	home | roaming) ;;
	*) echo "not registered ($(health_get registration))" ;;
	esac
}

# The live pid holding DEVICE's UUCP lock (LCK..name), if any; a lock
# is believed as tools/lib/lock.c believes one, the directory being
# everyone's: a regular file, not a link, with one name, owned by root,
# uucp or us
lock_holder() {
	local d lh_uucp f n p
	d=${OOBM_LOCKDIR:-$(uucp_lock_dir)}
	lh_uucp=$(id -u uucp 2>/dev/null) || lh_uucp=0
	for n in "${1##*/}" "$(readlink -f "$1" 2>/dev/null)"; do
		f=$d/LCK..${n##*/}
		[ -n "$(find "$f" -prune -type f -links 1 \( -user 0 -o \
		    -user "$lh_uucp" -o -user "$(id -u)" \) 2>/dev/null)" ] ||
		    continue
		p=$(tr -dc '0-9' <"$f" | head -c 10)
		if alive_pid "$p"; then echo "$p"; return; fi
	done
}
