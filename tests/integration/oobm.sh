#!/bin/sh
# scripts/oobm without root: usage and man page agree, the configuration
# is read (not run), check and keygen, status for scripts, the run lock,
# a modem that does not answer.  Sessions are proven by tests/e2e.
# shellcheck disable=SC2016 # $(...) in values is text, unexpanded
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
case $BIN in /*) bin=$BIN ;; *) bin=$top/$BIN ;; esac
OOBM=$top/scripts/oobm
oobm() { env PATH="$bin:$PATH" sh "$OOBM" "$@"; }

conf() {	# conf [LINES...]: $T/oobm.conf, mode 600
	conf_write "$T/oobm.conf" \
	    "oobm_modem=\"${TTY:-$T/no-modem}\"" \
	    oobm_relay=198.18.3.1 \
	    oobm_link=command \
	    oobm_link_iface=ppp9 \
	    "oobm_link_up='true # not run by check'" \
	    oobm_link_down=true \
	    'oobm_sms_allow="+46701234567"' \
	    oobm_sms_auth=passphrase \
	    "oobm_sms_secret='correct-horse'" \
	    "oobm_sms_state=\"$T/state/smspoll.state\"" \
	    "oobm_ssh_key=\"$T/etc/id_oobm\"" \
	    "oobm_known_hosts=\"$T/etc/known_hosts\"" \
	    "oobm_state_dir=\"$T/state\"" \
	    "oobm_run_dir=\"$T/run\"" \
	    "$@"
}

t_usage_and_man_agree() {
	run oobm -h
	expect "-h: usage on stdout, exit 0" status_is 0
	awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+$/ && $i != "oobm")
	    print $i }' "$T/out" | sort -u >"$T/verbs.usage"
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/s/^\.Cm //p' \
	    "$top/man/oobm.8" | sort -u >"$T/verbs.man"
	expect "oobm -h and oobm.8 name the same verbs" \
	    cmp -s "$T/verbs.usage" "$T/verbs.man"
	run oobm -V
	expect "-V: the version" out_is 'oobm 0.1'
	run oobm -c "$T/oobm.conf" frobnicate
	expect "unknown verb: exit 64" status_is 64
}

# Issue 37, item 3: failover sessions have their own budget, and the
# quiet time after one doubles for each of the day's after the first
fo_round() {	# fo_round HISTORY-KINDS ENDED-AGO-MINUTES [PER_DAY]
	mkdir -p "$T/fo"
	fo_now=$(date +%s)
	: >"$T/fo/history"
	for k in $1; do
		printf 'start=%s end=%s kind=%s up=1 reason=x\n' \
		    $((fo_now - 3 * 3600)) $((fo_now - 2 * 3600)) "$k" \
		    >>"$T/fo/history"
	done
	printf 'home=down\nfails=3\nsession_ended=%s\n' \
	    $((fo_now - $2 * 60)) >"$T/fo/failover"
	# shellcheck disable=SC2016 # expanded by the inner sh
	run sh -c '. "$1/msg.sh"; . "$1/state.sh"; . "$1/failover.sh"
	    state_dir=$2 minute_s=60 verbose=1 fo_probe=198.18.9.9 fo_fails=4
	    fo_quiet=60 fo_per_day=$3
	    home_answers() { return 1; }
	    if failover_round; then echo due; else echo not-due; fi' fo \
	    "$OOBM_LIBDIR" "$T/fo" "${3:-6}"
}
t_failover_backoff() {
	fo_round "failover" 90
	expect "one failover session today, ended 90 min ago: the next is due" \
	    sh -c "tail -n 1 '$T/out' | grep -qx due"
	fo_round "failover failover" 90
	expect "two today: the quiet time doubled (120 min), not due at 90" \
	    sh -c "tail -n 1 '$T/out' | grep -qx not-due &&
	    grep -q 'doubled for each of the 2 of 24 h' '$T/err'"
	fo_round "failover failover" 130
	expect "...due at 130 min" sh -c "tail -n 1 '$T/out' | grep -qx due"
	fo_round "failover failover sms sms sms" 130 2
	expect "oobm_failover_per_day 2 spent: none, the owner's not counted" \
	    sh -c "tail -n 1 '$T/out' | grep -qx not-due &&
	    grep -q '2 in 24 h already (oobm_failover_per_day' '$T/err'"
	rm -rf "${T:?}/fo"
}

# Issue 37, item 7: a relay by name whose address (one DNS answer) shows
# another key is tried again, not ended for good; by address it is final
probe_with() {	# probe_with RELAY: probe_relay, a key not the pinned one
	mkdir -p "$T/fakebin"
	printf '#!/bin/sh\necho "198.18.3.9 ssh-ed25519 AAAAforged"\n' \
	    >"$T/fakebin/ssh-keyscan"
	chmod +x "$T/fakebin/ssh-keyscan"
	# shellcheck disable=SC2016 # expanded by the inner sh
	run env PATH="$T/fakebin:$PATH" sh -c '. "$1/msg.sh"; . "$1/config.sh"
	    . "$1/tunnel.sh"
	    relay=$2 relay_ip=198.18.3.9 relay_port=22 relay_alias= iface=ppp9
	    run_dir=$3 known_hosts=$3/kh
	    route_iface() { echo ppp9; }
	    echo "$2 ssh-ed25519 AAAApinned" >"$known_hosts"
	    st=0; probe_relay || st=$?; echo "$st $why"' probe \
	    "$OOBM_LIBDIR" "$1" "$T"
}
t_forged_answer_not_final() {
	probe_with relay.oobm.test
	expect "relay by name, another key at its address: tried again (1)" \
	    grep -q '^1 the host 198.18.3.9, given for relay.oobm.test, has not the key' "$T/out"
	probe_with 198.18.3.9
	expect "relay by address, another key: final (2)" \
	    grep -q '^2 relay host key changed' "$T/out"
	rm -f "$T/kh"
}

# Issue 37, item 5: quantity for whoever holds the secret: answers to SMS
# rate-limited; a session's extensions capped at oobm_session_max_minutes
# from its start
t_quantity_capped() {
	start_sim qc
	conf oobm_sms_replies_per_hour=2
	for i in 1 2 3; do arrive qc +46701234567 'correct-horse STATUS'; done
	run oobm -v -c "$T/oobm.conf" run
	expect "three STATUS, 2 answers an hour: two texts" \
	    test "$(sent_count qc)" -eq 2
	expect "...the third logged, not sent" \
	    err_has 'not texted to +46701234567: 2 answers in the last hour already (oobm_sms_replies_per_hour)'
	rm -f "$T/state/replies"
	# shellcheck disable=SC2016 # expanded by the inner sh
	run sh -c '. "$1/msg.sh"; . "$1/state.sh"; . "$1/hold.sh"
	    state_dir=$2 state=$2/session minute_s=60 session_max=10
	    mkdir -p "$state_dir"; t0=$(date +%s) verbose=1
	    printf "since=%s\nuntil=%s\n" "$t0" $((t0 + 300)) >"$state"
	    echo $((t0 + 7200)) >"$state_dir/extend"; take_extension
	    echo "$(($(state_get until) - t0))"' cap "$OOBM_LIBDIR" "$T/cap"
	expect "an extension by 2 h, 10 minutes at most: cut to 600 s" \
	    sh -c "tail -n 1 '$T/out' | grep -qx 600"
	expect "...and said" grep -q 'a session lasts 10 minutes at most' "$T/err"
}

# Issue 37, item 10: host mode routes only addresses out there: a DNS
# answer with a LAN's address is refused a route via the carrier (the
# addresses are strings to the pure check, never a packet's destination)
t_host_route_global_only() {
	for a in 10.20.30.40 172.16.0.1 172.31.255.254 192.168.1.1 \
	    100.64.0.1 100.127.255.254 169.254.1.1 127.0.0.1 224.0.0.1; do
		# shellcheck disable=SC2016 # expanded by the inner sh
		run sh -c '. "$1/msg.sh"; . "$1/net.sh"
		    route_kind() { echo gateway; }
		    host_route_ok "$2" || { echo "refused: $route_why"; exit 1; }' \
		    hr "$OOBM_LIBDIR" "$a"
		expect "host route to $a: refused" sh -c \
		    "[ $status = 1 ] && grep -q '^refused: ' '$T/out'"
	done
	for a in 172.32.0.1 100.128.0.1 198.18.3.1 9.9.9.9; do
		# shellcheck disable=SC2016 # expanded by the inner sh
		run sh -c '. "$1/msg.sh"; . "$1/net.sh"
		    route_kind() { echo gateway; }; host_route_ok "$2"' \
		    hr "$OOBM_LIBDIR" "$a"
		expect "host route to $a: allowed" status_is 0
	done
}

# Issue 37, item 8: the tunnel's log, which a relay can grow without end,
# kept under 64 KiB while a writer appends to it as ssh does
t_tunnel_log_capped() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	sh -c '. "$1/msg.sh"; . "$1/tunnel.sh"; ssh_log=$2
	    i=0; while [ $i -lt 5000 ]; do echo "line $i of a hostile relay"; i=$((i + 1)); done >>"$ssh_log"
	    tunnel_log_cap; echo "after the cut" >>"$ssh_log"' cap \
	    "$OOBM_LIBDIR" "$T/tunnel.log"
	expect "tunnel log: 5000 lines cut to its last 16 KiB" \
	    test "$(wc -c <"$T/tunnel.log")" -le 20000
	expect "...the newest kept, and what ssh appends after the cut" sh -c \
	    "tail -n 2 '$T/tunnel.log' | tr '\n' '|' |
	    grep -qx 'line 4999 of a hostile relay|after the cut|'"
	expect "...no scratch file left" test ! -e "$T/tunnel.log.cut"
	rm -f "$T/tunnel.log"
}

# Issue 37, item 7: a listener where the relay should be that sends
# SSH_MSG_DISCONNECT "Permission denied (publickey)." before the key
# exchange is not the relay refusing the key: the real ssh's log of it,
# judged by tunnel.sh, is a failure to try again (1), not a permanent one
fake_relay() {	# the peer's version line, then the disconnect (RFC 4253 11.1)
	printf 'SSH-2.0-Fake\r\n'
	printf '\000\000\000\064\010\001\000\000\000\002\000\000\000\036%s' \
	    'Permission denied (publickey).'
	printf '\000\000\000\000\000\000\000\000\000\000\000\000'
	sleep 2
}
judged() {	# judged LOG: ssh_failure's status and why on LOG
	# shellcheck disable=SC2016 # expanded by the inner sh
	sh -c '. "$1/msg.sh"; . "$1/tunnel.sh"; relay_user=oobm
	    relay_ip=127.0.0.1 ssh_log=$2 st=0; ssh_failure || st=$?
	    echo "$st $why"' judged "$OOBM_LIBDIR" "$1"
}
t_ssh_failure_anchored() {
	if ! command -v socat >/dev/null 2>&1; then
		skip "socat is not installed"
		return
	fi
	port=$((40000 + $$ % 20000))
	fake_relay >"$T/fake.out"
	socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr" \
	    "SYSTEM:cat '$T/fake.out'; sleep 2" 2>/dev/null &
	fpid=$!
	wait_for 3000 sh -c "ss -ltn | grep -q '127.0.0.1:$port '"
	st=0
	ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=yes \
	    -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 \
	    -E "$T/ssh.log" -p "$port" -l oobm 127.0.0.1 true || st=$?
	fst=0
	wait "$fpid" || fst=$?
	expect "a fake relay's disconnect: ssh fails (255), the listener done" \
	    test "$st" = 255 -a "$fst" = 0
	expect "...ssh logs the peer's reason after its own words" \
	    grep -q '^Received disconnect from 127.0.0.1 port [0-9]*:2: Permission denied (publickey)\.' \
	    "$T/ssh.log"
	cp "$T/ssh.log" "$T/ssh.seen"
	run judged "$T/ssh.log"
	expect "...judged a failure to try again, not the key refused" \
	    grep -q '^1 ssh: ' "$T/out"
	# ssh -E ends its lines with CR LF
	printf 'oobm@127.0.0.1: Permission denied (publickey).\r\n' >"$T/ssh.log"
	run judged "$T/ssh.log"
	expect "ssh's own 'Permission denied': permanent (2), the key refused" \
	    grep -qx '2 relay refused the key (Permission denied)' "$T/out"
	printf 'Host key verification failed.\r\n' >"$T/ssh.log"
	run judged "$T/ssh.log"
	expect "ssh's own 'Host key verification failed': permanent (2)" \
	    grep -q '^2 relay host key changed' "$T/out"
}

# Issue 36: the owner's message, refused, is answered with why; a
# stranger's, or one with a wrong secret, is answered with nothing
sent_to() {	# sent_to NAME NUMBER TEXT: a text of that NAME's modemsim
	for f in "$T/$1"/sent/*.txt; do
		[ -f "$f" ] && grep -qx "to=$2" "$f" && grep -qF -- "$3" "$f" &&
		    return 0
	done
	return 1
}
sent_count() { find "$T/$1/sent" -name '*.txt' 2>/dev/null | wc -l; }
t_refusal_answered() {
	start_sim rf
	conf
	check_keys
	arrive rf +46701234567 'correct-horse UP 999'
	arrive rf +46709999999 'correct-horse UP 999'
	arrive rf +46701234567 'wrong-horse UP 999'
	arrive rf +46701234567 'correct-horse FLY'
	run oobm -c "$T/oobm.conf" run
	expect "refusals: the run ends 0" status_is 0
	expect "the owner's UP 999: answered with the minutes allowed" \
	    sent_to rf +46701234567 'oobm: refused: minutes out of range: UP 1 to 240'
	expect "the owner's FLY: answered with the commands" \
	    sent_to rf +46701234567 'oobm: refused: not a command: UP [minutes], DOWN, STATUS or POWER [seconds]'
	expect "a stranger and a wrong secret: nothing sent (2 texts in all)" \
	    test "$(sent_count rf)" -eq 2
	expect "...every message deleted" sh -c "[ -z \"\$(ls '$T/rf/SM')\" ]"
	rm -rf "${T:?}/etc"
}

# Issue 36: oobm_max_sessions is the owner's SMS sessions that brought
# the link up: oobm up, selftests, failover sessions and failed dials do
# not spend it; a refusal says when the next is allowed.
t_budget() {
	start_sim bd
	conf oobm_max_sessions=2
	check_keys
	mkdir -p "$T/state"
	s=$(date +%s)
	{
		printf 'start=%s end=%s kind=sms up=1 reason=time is up\n' \
		    $((s - 7200)) $((s - 7000))
		printf 'start=%s end=%s kind=hand up=1 reason=time is up\n' \
		    $((s - 6000)) $((s - 5900))
		printf 'start=%s end=%s kind=failover up=1 reason=home uplink back\n' \
		    $((s - 5000)) $((s - 4900))
		printf 'start=%s end=%s kind=selftest up=1 reason=time is up\n' \
		    $((s - 4000)) $((s - 3900))
		printf 'start=%s end=%s kind=sms up=0 reason=NO CARRIER\n' \
		    $((s - 3000)) $((s - 2900))
	} >"$T/state/history"
	run oobm -k -c "$T/oobm.conf" status
	expect "budget: one of 5 spends it (the owner's SMS with a link)" \
	    grep -qx 'sessions_24h=1' "$T/out"
	printf 'start=%s end=%s kind=sms up=1 reason=time is up\n' \
	    $((s - 1000)) $((s - 900)) >>"$T/state/history"
	arrive bd +46701234567 'correct-horse UP'
	run oobm -c "$T/oobm.conf" run
	next=$(date -d "@$((s - 7200 + 86400))" +%H:%M)
	expect "budget spent: refused, saying when the next is allowed" \
	    sent_to bd +46701234567 "oobm: refused: 2 sessions in 24 h already (oobm_max_sessions); the next from $next"
	expect "...the SMS deleted" sh -c "[ -z \"\$(ls '$T/bd/SM')\" ]"
	conf oobm_max_sessions=2 oobm_tries=1 oobm_link=command "oobm_link_up=false"
	run oobm -c "$T/oobm.conf" up 1
	expect "oobm up: not refused by the budget; no link: 69, why" sh -c \
	    "[ $status = 69 ] && grep -q '^oobm: no session: ' '$T/err'"
	expect "...and it spent nothing" sh -c \
	    "tail -n 1 '$T/state/history' | grep -q '^start=[0-9]* end=[0-9]* kind=hand up=0 '"
	rm -rf "${T:?}/etc" "$T/state/history" "$T/state/session" \
	    "$T/state/resets"
}

# Issue 36: oobm check on a new box: it makes the run and state
# directories, asks the modem once and never recovers it, passes only what
# a run accepts, names the sample's placeholders and a wrong port.
check_keys() {	# a key and the relay's pinned, as SETUP makes them
	[ -f "$T/etc/id_oobm" ] || oobm -c "$T/oobm.conf" keygen >/dev/null
	printf '198.18.3.1 %s\n' "$(cut -d' ' -f1,2 "$T/etc/id_oobm.pub")" \
	    >"$T/etc/known_hosts"
}
no_reset() { ! grep -q 'CFUN' "$T/$1/commands.log" && [ ! -f "$T/state/resets" ]; }
t_check_first_hour() {
	start_sim fh
	conf "oobm_run_dir=$T/fresh/run" "oobm_state_dir=$T/fresh/state"
	check_keys
	rm -rf "$T/fresh"
	run oobm -c "$T/oobm.conf" check
	expect "check, a fresh box: all right, exit 0" status_is 0
	expect "...the run and state directories made first" \
	    test -d "$T/fresh/run" -a -d "$T/fresh/state"
	expect "...the modem asked, never reset or cycled" sh -c \
	    "! grep -q CFUN '$T/fh/commands.log' && [ ! -f '$T/fresh/state/resets' ]"

	start_sim fs -f silent
	conf oobm_at_timeout=2
	run oobm -c "$T/oobm.conf" check
	expect "check, a silent modem: a finding, 78" sh -c \
	    "[ $status = 78 ] && grep -q 'does not answer AT (within oobm_at_timeout, 2 s)' '$T/out'"
	expect "...said within the AT timeout (under 5 s), no ladder" \
	    elapsed_within 0 5000
	expect "...nothing done to it" no_reset fs

	start_sim fp
	conf
	chmod 644 "$T/oobm.conf"
	run oobm -c "$T/oobm.conf" check
	expect "check: the secret in a file others read: 78, what to do" \
	    sh -c "[ $status = 78 ] && grep -q 'holds the secret oobm_sms_secret but is accessible by group or others (mode 0644); chmod 600 $T/oobm.conf' '$T/out'"
	run oobm -c "$T/oobm.conf" run
	expect "...which every run refuses (78): check said so first" \
	    status_is 78

	conf 'oobm_sms_allow="+46701740605"' oobm_relay=203.0.113.9 \
	    oobm_relay_alias=relay.example.org
	printf '203.0.113.9 %s\n' "$(cut -d' ' -f1,2 "$T/etc/id_oobm.pub")" \
	    >"$T/etc/known_hosts"
	run oobm -c "$T/oobm.conf" check
	expect "check: the sample's number, address and name, each named" \
	    sh -c "[ $status = 78 ] &&
	    grep -qx 'oobm_sms_allow: +46701740605: the sample.s placeholder: set your own' '$T/out' &&
	    grep -qx 'oobm_relay: 203.0.113.9: the sample.s placeholder: set your own' '$T/out' &&
	    grep -qx 'oobm_relay_alias: relay.example.org: the sample.s placeholder: set your own' '$T/out'"
	expect "...and a key pinned under the address, not the alias: said" \
	    grep -q 'no key for relay.example.org; one is pinned for 203.0.113.9, but with oobm_relay_alias set ssh looks the key up under relay.example.org' "$T/out"
	sample_values=$(grep -c '^oobm_sms_allow="+46701740605"$' \
	    "$top/etc/oobm.conf.sample")
	expect "...the sample's number is the one check names" \
	    test "$sample_values" = 1

	start_sim fq
	conf oobm_push_service=webhook "oobm_push_url='ftp://198.18.3.2/push'"
	check_keys
	run oobm -c "$T/oobm.conf" check
	expect "check: a push URL pushnotify refuses: a finding, in its words" \
	    sh -c "[ $status = 78 ] && grep -q 'oobm_push_url ftp://198.18.3.2/push: http:// or https:// only' '$T/out'"

	TTY=$T/ttyUSB9 conf
	check_keys
	run oobm -c "$T/oobm.conf" check
	expect "check: a wrong oobm_modem named as such, with atcmd -L" \
	    sh -c "[ $status = 78 ] && grep -q '^$T/ttyUSB9 (oobm_modem): no such device: .*atcmd -L lists the serial ports' '$T/out'"
	run oobm -c "$T/oobm.conf" run
	expect "run: a wrong oobm_modem: 69, named, nothing laddered" sh -c \
	    "[ $status = 69 ] && grep -q 'ttyUSB9 (oobm_modem): no such device' '$T/err' &&
	    ! grep -q 'radio off and on\\|recovering' '$T/err'"
	run oobm -c "$T/oobm.conf" status
	expect "status: a wrong oobm_modem said so, no SIM state made of it" \
	    sh -c "grep -q 'ttyUSB9 (oobm_modem): no such device' '$T/out' &&
	    ! grep -q 'no_such_device' '$T/out'"
	rm -rf "${T:?}/etc" "${T:?}/fresh"
}

# Issue 36: "modem: gave up" is said while it is so, not after a run
# that read the modem
t_status_only_now() {
	ladder_conf=oobm_resets_per_day=0
	ladder_run gu -W cmgl -e 'AT+CFUN=0|ERROR'
	ladder_conf=
	run oobm -c "$T/oobm.conf" status
	expect "status: the ladder gave up: said" grep -q '^modem: gave up: ' "$T/out"
	start_sim gu2
	conf
	run oobm -c "$T/oobm.conf" run
	expect "...a run that read the modem" status_is 0
	run oobm -c "$T/oobm.conf" status
	expect "...and it is no longer said" sh -c "! grep -q 'gave up' '$T/out'"
	rm -f "$T/state/session"
}

# selftest names the failing step when no link can come up, without
# trying one (the passing selftest and a relay down: tests/e2e).
t_selftest_modem_faults() {
	start_sim pin -P
	conf
	run oobm -c "$T/oobm.conf" selftest
	expect "selftest, SIM wants its PIN: exit 1" status_is 1
	expect "...the verdict and the reason" sh -c \
	    "grep -qx verdict=failed '$T/out' && grep -qx 'reason=SIM_not_ready_(SIM_PIN)' '$T/out'"
	expect "...no link tried" sh -c "! grep -q '^oobm: link up' '$T/err'"
	expect "...kept in the history" grep -q 'reason=selftest: SIM not ready' \
	    "$T/state/history"
	expect "...and not counted against oobm_max_sessions" sh -c \
	    "env PATH='$bin:$PATH' sh '$OOBM' -k -c '$T/oobm.conf' status | grep -qx sessions_24h=0"
	start_sim nreg -N 2
	conf
	run oobm -c "$T/oobm.conf" selftest
	expect "selftest, no network: the reason" sh -c \
	    "[ $status = 1 ] && grep -qx 'reason=not_registered_(searching)' '$T/out'"
	start_sim mute -f silent
	conf oobm_at_timeout=1 oobm_resets_per_day=0
	run oobm -c "$T/oobm.conf" selftest
	expect "selftest, a modem that answers nothing: the reason" sh -c \
	    "[ $status = 1 ] && grep -qx 'reason=modem_does_not_answer_AT,_even_after_the_radio_off_and_on' '$T/out'"
	rm -f "$T/state/history" "$T/state/selftest" "$T/state/session"
}

# The recovery ladder against modemsim's wedges, each cleared by what
# clears it on a real stick; a STATUS text proves the SMS side is back.
status_sent() { cat "$T/$1"/sent/*.txt 2>/dev/null | grep -q '^oobm: idle'; }
sim_got() { grep -qx "$2" "$T/$1/commands.log"; }
# ladder_run NAME [modemsim options]: the owner's STATUS to a modem with
# those faults, then one "oobm run" (config lines in $ladder_conf)
ladder_run() {
	name=$1
	shift
	start_sim "$name" "$@"
	# shellcheck disable=SC2086 # words of config lines
	conf oobm_at_timeout=2 ${ladder_conf:-}
	arrive "$name" +46701234567 'correct-horse STATUS'
	run oobm -v -c "$T/oobm.conf" run
}
t_ladder() {
	ladder_run wp -W port
	expect "ladder: a port silent until reopened: back when reopened" \
	    err_has 'modem back after its port opened again'
	expect "...STATUS answered" status_sent wp
	expect "...no radio cycle needed" sh -c "! grep -q CFUN '$T/wp/commands.log'"

	ladder_run wc -W cmgl
	expect "ladder: a wedged AT+CMGL: back after the radio off and on" \
	    err_has 'modem back after the radio off and on'
	expect "...AT+CFUN=0, then AT+CFUN=1" sh -c \
	    "grep -x 'AT+CFUN=[01]' '$T/wc/commands.log' | tr '\n' ' ' | grep -qx 'AT+CFUN=0 AT+CFUN=1 '"
	expect "...STATUS answered, exit 0" sh -c "[ $status = 0 ]" &&
	    expect "...STATUS text sent" status_sent wc
	expect "...no reset" test ! -f "$T/state/resets"

	# a firmware that refuses CFUN=0: only a reset clears the wedge
	ladder_run wr -W cmgl -e 'AT+CFUN=0|ERROR' -R 500
	expect "ladder: radio cycle refused: back after a reset" \
	    err_has 'modem back after a reset'
	expect "...the reset asked" sim_got wr 'AT+CFUN=1,1'
	expect "...STATUS answered" status_sent wr
	expect "...the reset counted" test "$(wc -l <"$T/state/resets")" -eq 1

	ladder_conf=oobm_resets_per_day=1
	ladder_run wn -W cmgl -e 'AT+CFUN=0|ERROR'
	ladder_conf=
	expect "ladder: resets used up: exit 75" status_is 75
	expect "...says why no reset" err_has 'no reset: 1 in 24 h already'
	expect "...and what failed" \
	    err_has 'modem cannot read its SMS, even after the radio off and on'
	expect "...no reset asked" sh -c "! grep -q 'CFUN=1,1' '$T/wn/commands.log'"
	run oobm -k -c "$T/oobm.conf" status
	expect "...status -k says it" grep -q '^modem_error=modem_cannot_read_its_SMS' "$T/out"
	rm -f "$T/state/resets" "$T/state/session"
}

# A reset that renames the port (ttyUSB0 -> ttyUSB1): found again by its
# USB identity.  Root: a private mount namespace with its own /dev and
# /sys/class/tty (tests/sim/usbworld.sh).
t_ladder_renamed_port() {
	if [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null
	then
		skip "a renamed port needs root and unshare -m"
		return
	fi
	start_sim ren -W cmgl -e 'AT+CFUN=0|ERROR' -R 800
	conf oobm_at_timeout=2 oobm_modem=/dev/ttyUSB0 oobm_modem_usb=12d1:1001 \
	    oobm_modem_iface=0
	arrive ren +46701234567 'correct-horse STATUS'
	run unshare -m --propagation private sh "$top/tests/sim/usbworld.sh" \
	    "$T/ren" env PATH="$bin:$PATH" sh "$OOBM" -v -c "$T/oobm.conf" run
	expect "renamed: the stick came back as ttyUSB1" \
	    grep -qx 'add ttyUSB1 .*' "$T/ren/udev.log"
	expect "renamed: found by 12d1:1001 interface 0" \
	    err_has 'modem 12d1:1001: data port /dev/ttyUSB1, SMS port /dev/ttyUSB1'
	expect "renamed: back after the reset" err_has 'modem back after a reset'
	expect "renamed: STATUS answered through the new port, exit 0" \
	    sh -c "[ $status = 0 ]"
	expect "renamed: ...the text sent" status_sent ren
	rm -f "$T/state/resets"
}

# smspoll exits 1 when a deletion failed; the commands it printed count.
t_status_answered_despite_failed_delete() {
	start_sim sd -e 'AT+CMGD=1|+CMS ERROR: 321'
	conf
	mkdir -p "$T/state"
	arrive sd +46700000000 'junk'
	arrive sd +46701234567 'correct-horse STATUS'
	run oobm -c "$T/oobm.conf" run
	expect "STATUS answered though a rejected SMS could not be deleted" \
	    sh -c "cat '$T'/sd/sent/*.txt 2>/dev/null | grep -q '^oobm: idle, signal -79 dBm, home Telia'"
	expect "...and the run ends 0" status_is 0
}

# Security round two, item 5: a DOWN with no UP is deleted, and said so
# (it acknowledged "2,", which smspoll deleted and then refused, and the
# log said "could not delete SMS 2,").
t_down_alone_deleted() {
	start_sim da
	conf
	mkdir -p "$T/state"
	arrive da +46701234567 'correct-horse DOWN'
	run oobm -v -c "$T/oobm.conf" run
	expect "DOWN alone: the run ends 0" status_is 0
	expect "DOWN alone: the owner told no session runs" sh -c \
	    "cat '$T'/da/sent/*.txt | grep -qx 'oobm: no session is running'"
	expect "DOWN alone: deleted" test -z "$(find "$T/da/SM" -type f)"
	expect "DOWN alone: no 'could not delete'" err_lacks 'could not delete'
}

# Item 5 too: a state file whose pid a process that is not oobm now has
# (a crash, then a reboot that gave the number away): down does not
# signal it, status calls the session crashed, and the next run recovers.
t_stale_pid_not_signalled() {
	start_sim sp
	conf
	mkdir -p "$T/state"
	sleep 300 &
	other=$!
	SIM_PIDS="$SIM_PIDS $other"
	printf 'state=up\npid=%s\nsince=1\nuntil=99999999999\n' "$other" \
	    >"$T/state/session"
	run oobm -c "$T/oobm.conf" down
	expect "stale pid: down exits 69, saying the pid is not oobm's" \
	    eval '[ "$status" = 69 ] && err_has "pid $other of the state file is not oobm"'
	expect "stale pid: the process that has the number now not signalled" \
	    kill -0 "$other"
	# the run lock held by another run: that pid is not named as oobm's
	mkdir -p "$T/run"
	# the lock on fd 9 of sleep itself ($!), so that the kill frees it
	(exec 9>"$T/run/run.lock" && flock 9 && exec sleep 300) &
	holder=$!
	SIM_PIDS="$SIM_PIDS $holder"
	expect "stale pid: the lock held by another run" wait_for 5000 lock_taken
	run oobm -c "$T/oobm.conf" run
	expect "stale pid, lock held: run exits 75, not naming that pid as oobm" \
	    eval '[ "$status" = 75 ] && err_has "another oobm run holds" &&
	    err_lacks "another oobm is running (pid $other"'
	kill "$holder" 2>/dev/null || :
	st=0
	wait "$holder" 2>/dev/null || st=$?
	expect "stale pid: the lock's holder stopped by the test ($st)" \
	    not lock_taken
	run oobm -k -c "$T/oobm.conf" status
	expect "stale pid: status -k says crashed" grep -qx 'state=crashed' "$T/out"
	run oobm -v -c "$T/oobm.conf" run
	expect "stale pid: the next run recovers" \
	    err_has 'recovering after a session that did not end'
	expect "stale pid: ...and leaves the state idle" \
	    grep -qx 'state=idle' "$T/state/session"
	kill "$other" 2>/dev/null || :
	# issue 37, item 4: a live process that calls itself oobm, on the
	# dead session's pid, is not the session
	ln -sf "$(command -v sleep)" "$T/oobm-impostor"
	"$T/oobm-impostor" 300 &
	other=$!
	SIM_PIDS="$SIM_PIDS $other"
	printf 'state=up\npid=%s\nsince=1\nuntil=99999999999\n' "$other" \
	    >"$T/state/session"
	expect "impostor: its command line names oobm" sh -c \
	    "ps -o args= -p $other | grep -q oobm"
	run oobm -k -c "$T/oobm.conf" status
	expect "impostor: status -k says crashed, not up" \
	    grep -qx 'state=crashed' "$T/out"
	run oobm -c "$T/oobm.conf" up 5
	expect "impostor: up extends nothing" err_lacks 'extended'
	expect "...nor says so" sh -c "! grep -q extended '$T/out'"
	run oobm -c "$T/oobm.conf" down
	expect "impostor: down does not signal it" kill -0 "$other"
	kill "$other" 2>/dev/null || :
	rm -rf "$T/state"	# the next scenarios start from a box that never ran
}

# console_left: oobm console with a picocom that leaves at once: past
# the lock's check, it says how to leave
console_left() {
	mkdir -p "$T/quick"
	printf '#!/bin/sh\nexit 0\n' >"$T/quick/picocom"
	chmod 755 "$T/quick/picocom"
	run env PATH="$T/quick:$bin:$PATH" sh "$OOBM" -c "$T/oobm.conf" console \
	    </dev/null
}

# The router's console (here modemsim) through the real picocom, recorded
# by the real script(1); a port held by another program is refused.
t_console() {
	if ! command -v picocom >/dev/null 2>&1; then
		not_ok "console: picocom is not installed (tests/deps.sh)"
		return
	fi
	start_peer modemsim router con
	conf "oobm_console=\"$PEER\"" oobm_console_speed=115200
	sleep 30 &
	holder=$!
	printf '%10d\n' "$holder" >"$OOBM_LOCKDIR/LCK..router"
	run oobm -c "$T/oobm.conf" console </dev/null
	expect "console: a port in use: exit 69" status_is 69
	expect "...naming the holder and what it is" \
	    err_has "is in use by pid $holder (sleep)"
	# the lock directory is everyone's: a lock another account wrote,
	# or one with a second name, is believed no more than lock.c does
	if [ "$(id -u)" = 0 ]; then
		chown nobody "$OOBM_LOCKDIR/LCK..router"
		console_left
		expect "console: a lock nobody's account wrote is not believed" \
		    err_has 'leave with Ctrl-A Ctrl-X'
		chown 0 "$OOBM_LOCKDIR/LCK..router"
	else
		skip "console: a stranger's lock needs root to write one"
	fi
	ln "$OOBM_LOCKDIR/LCK..router" "$T/lock.link"
	console_left
	expect "console: nor a lock with two names" \
	    err_has 'leave with Ctrl-A Ctrl-X'
	rm -f "$T/lock.link"
	kill "$holder"
	rm -f "$OOBM_LOCKDIR/LCK..router"
	# typed: ATI until the router's answer is in the log (picocom may
	# not read yet), then picocom's exit
	run sh -c '{ i=0
	    until cat "$4"/console/20*.log 2>/dev/null | grep -q "Model: E1752"
	    do
		[ "$i" -lt 50 ] || exit 1
		printf "ATI\r"
		sleep 0.2
		i=$((i + 1))
	    done
	    printf "\001\030"; } | timeout 20 env PATH="$1:$PATH" sh "$2" -c "$3" \
	    console' sh "$bin" "$OOBM" "$T/oobm.conf" "$T/state"
	expect "console: picocom ends on Ctrl-A Ctrl-X, exit 0" status_is 0
	expect "console: says how to leave" err_has 'leave with Ctrl-A Ctrl-X'
	expect "console: what the router said is recorded in a dated log" \
	    sh -c "grep -q 'Model: E1752' '$T'/state/console/20*.log"
}

# An activation the box cannot act on is answered, not retried forever.
t_cannot_start() {
	start_sim cs
	conf
	mkdir -p "$T/state"
	arrive cs +46701234567 'correct-horse UP'
	rm -f "$T/etc/id_oobm"
	run oobm -c "$T/oobm.conf" run
	expect "no ssh key: the run still ends 0" status_is 0
	expect "no ssh key: the owner is told why" sh -c \
	    "cat '$T'/cs/sent/*.txt | grep -q 'oobm: cannot start: .*no ssh key'"
	expect "no ssh key: the SMS deleted, not acted on at every run" \
	    test -z "$(find "$T/cs/SM" -type f)"
	conf 'oobm_relay="-oProxyCommand=touch /tmp/x"'
	run oobm -c "$T/oobm.conf" status
	expect "a relay that would be an ssh option: exit 78" status_is 78
}

lock_taken() { ! flock -n "$T/run/run.lock" true; }

t_modem_hangs_up_mid_poll() {
	start_sim hup -e 'AT+CMGL=4|hangup'
	conf
	run oobm -c "$T/oobm.conf" run
	expect "modem hangs up mid-poll: exit 69" status_is 69
	expect "...saying smspoll lost the modem" err_has 'smspoll: .*hung up'
	expect "...and that its port is gone, no rung climbed (issue 36)" \
	    err_has 'modem (oobm_modem): no such device: the modem is unplugged'
	expect "...no session started" sh -c "! grep -q '^state=' '$T/state/session'"
	start_sim back
	conf
	run oobm -c "$T/oobm.conf" run
	expect "...and the next run (modem back) works" status_is 0
}

# The dispatcher and the concerns it sources: none over 300 lines, and a
# concern defines functions only (sourcing it runs nothing).
t_layout() {
	big=$(wc -l "$OOBM" "$top"/scripts/lib/*.sh | awk '$2 != "total" &&
	    $1 > 300 { print $2 }')
	expect "orchestrator files of 300 lines at most: ${big:-all}" \
	    test -z "$big"
	stray=$(awk 'FNR == 1 { inf = 0 }
	    !inf && /^[a-z_][a-z0-9_]*\(\) \{.*\}$/ { next }
	    !inf && /^[a-z_][a-z0-9_]*\(\) \{/ { inf = 1; next }
	    inf && /^\}$/ { inf = 0; next }
	    !inf && !/^[ \t]*(#|$)/ { print FILENAME ":" FNR ": " $0 }' \
	    "$top"/scripts/lib/*.sh)
	expect "a concern defines functions only${stray:+: $stray}" \
	    test -z "$stray"
	long=$(awk 'FNR == 1 { inf = 0 }
	    /^[a-z_][a-z0-9_]*\(\) \{.*\}$/ { next }
	    /^[a-z_][a-z0-9_]*\(\) \{/ { inf = 1; name = $1; start = FNR; next }
	    inf && /^\}$/ { inf = 0
	    if (FNR - start - 1 > 40) print FILENAME ": " name " " FNR - start - 1 }' \
	    "$OOBM" "$top"/scripts/lib/*.sh)
	expect "no function over 40 lines${long:+: $long}" test -z "$long"
	lib=$top/scripts/lib
	n=$(grep -c '^\. "$OOBM_LIBDIR/[a-z]*\.sh"$' "$OOBM")
	expect "the dispatcher sources every concern, once" \
	    test "$n" = "$(find "$lib" -name '*.sh' ! -name '*-*' | wc -l)"
	# one OS choice and one backend choice, each a file of the same
	# functions for every value, sourced by one line
	expect "one OS file sourced, chosen once by uname" test \
	    "$(grep -c '^\. "$OOBM_LIBDIR/os-$os\.sh"$' "$OOBM")" = 1 -a \
	    "$(grep -c 'uname' "$OOBM")" = 1
	expect "one link backend sourced, chosen once" test \
	    "$(grep -c '^[[:space:]]*\. "$OOBM_LIBDIR/link-$link\.sh"$' "$OOBM")" = 1
	choice=$(grep -n '\$os\b\|uname\|case \$link\|"\$link" !*=' "$lib"/*.sh |
	    sed '/^[^:]*:[0-9]*:[[:space:]]*#/d')
	expect "no OS or backend tested in a concern${choice:+: $choice}" \
	    test -z "$choice"
	# nor tried and fallen back from (date -d || date -r): a command whose
	# options or presence differ between the systems runs in os-*.sh
	tried=$(grep -nE '(^|[;&|({]|\$\(|then|do|else)[[:space:]]*(date -[dr]|stat|flock|lockf|getent|ifconfig|route|ip|sysctl|ping|netstat|sockstat)([[:space:]]|$)' \
	    "$OOBM" "$lib"/*.sh | grep -v '/os-[a-z]*\.sh:' |
	    sed '/^[^:]*:[0-9]*:[[:space:]]*#/d')
	expect "what differs between the systems only in os-*.sh${tried:+: $tried}" \
	    test -z "$tried"
	for v in os link; do
		missing=
		# shellcheck disable=SC2013 # function names, a word each
		for fn in $(sed -n 's/^\([a-z_][a-z0-9_]*\)() {.*/\1/p' "$lib/$v"-*.sh |
		    sort -u); do
			# what the others call of them, each must define
			find "$lib" -name '*.sh' ! -name "$v-*" -exec \
			    grep -qw "$fn" {} + || continue
			for f in "$lib/$v"-*.sh; do
				grep -q "^$fn() {" "$f" ||
				    missing="$missing ${f##*/}:$fn"
			done
		done
		expect "every $v-*.sh defines what the others call${missing:+:$missing}" \
		    test -z "$missing"
	done
	# the concerns call only the primitives (msg, config, state, ports,
	# stick, os-*):
	# session, hold, run, selftest, boot, admin and check compose them
	side=$(awk '
	    FNR == 1 { f = FILENAME; sub(/.*\//, "", f); sub(/\.sh$/, "", f) }
	    /^[a-z_][a-z0-9_]*\(\) \{/ { w = $1; sub(/\(\).*/, "", w); def[w] = f }
	    { text[FILENAME, FNR] = $0; n[FILENAME] = FNR; file[FILENAME] = f }
	    END { for (p in file) { c = file[p]
	    if (c !~ /^(modem|inbox|notify|power|failover|link|link-.*|net|tunnel)$/) continue
	    for (i = 1; i <= n[p]; i++) { l = text[p, i]
	    if (l ~ /^[ \t]*#/) continue
	    sub(/[ \t]#.*/, "", l); gsub(/\047[^\047]*\047/, "", l)
	    gsub(/"[^"$`]*"/, "", l)	# text with no substitution in it
	    l = " " l " "
	    while (match(l, /[ \t(;|&!][a-z_][a-z0-9_]*[ \t;)]/)) {
	    w = substr(l, RSTART + 1, RLENGTH - 2)
	    l = substr(l, RSTART + RLENGTH - 1)
	    o = def[w]
	    if (o == "" || o == c || o ~ /^(msg|config|state|ports|stick|os-.*)$/ ||
	    (c ~ /^link/ && o ~ /^link/)) continue
	    print c ".sh:" i ": " w " (" o ".sh)" } } } }' "$lib"/*.sh)
	expect "no concern calls another sideways${side:+: $side}" \
	    test -z "$side"
	# issue 38: a global is on the list (scripts/oobm), all else local;
	# each file's Reads: and Sets: are what it does (globals.sh -u
	# writes them)
	scope=$(sh "$top/tests/globals.sh" "$top" 2>&1)
	expect "no global off the list, no header off the code${scope:+: $scope}" \
	    test -z "$scope"
}

t_config_read_not_run() {
	conf 'oobm_route=host # a comment' \
	    "oobm_relay_alias='relay.example.org#1'" \
	    'oobm_notify="$(touch '"$T"'/pwned)"'
	run oobm -c "$T/oobm.conf" status
	expect "a config value with \$(...) is refused, not run" status_is 78
	expect "...and nothing ran" test ! -e "$T/pwned"
	expect "...saying which key" err_has 'oobm_notify: '
	conf 'oobm_link=ppp2'
	run oobm -c "$T/oobm.conf" status
	expect "oobm_link=ppp2: exit 78, named" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm_link: ppp, pppd, usbnet, hilink or command, not ppp2' '$T/err'"
	conf 'oobm_tries=three'
	run oobm -c "$T/oobm.conf" status
	expect "oobm_tries=three: exit 78" status_is 78
	run oobm -c "$T/none.conf" status
	expect "no configuration file: exit 78" status_is 78
	conf 'oobm_dns=8.8.8.8,carrier.example'
	run oobm -c "$T/oobm.conf" status
	expect "oobm_dns with a name in it: exit 78, named" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm_dns: peer, system or IPv4 addresses' '$T/err'"
	conf 'oobm_dns="198.18.2.1, 198.18.2.9"'
	run oobm -c "$T/oobm.conf" status
	expect "oobm_dns with two addresses: accepted" status_is 0
	conf 'oobm_dhcp_client=pump'
	run oobm -c "$T/oobm.conf" status
	expect "oobm_dhcp_client=pump: exit 78, the clients named" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm_dhcp_client: auto, udhcpc, dhclient or dhcpcd, not pump' '$T/err'"
	conf 'oobm_dhcp_client=dhcpcd'
	run oobm -c "$T/oobm.conf" status
	expect "oobm_dhcp_client=dhcpcd: accepted" status_is 0
}

# oobm_link=usbnet (issue 39): check says what it lacks: the APN, an
# interface that is not there, a modem not of the table (asked, as a
# session will ask it; that check never dials a modem of the table is
# e2e t_usbnet_check's)
t_check_usbnet() {
	start_sim un
	conf "oobm_run_dir=$T/un-run" "oobm_state_dir=$T/un-state" \
	    oobm_link=usbnet oobm_link_iface=oobmt-nosuch
	run oobm -c "$T/oobm.conf" check
	expect "check usbnet: findings, 78" status_is 78
	expect "...the APN missing" \
	    grep -qx 'oobm_link=usbnet needs oobm_apn' "$T/out"
	expect "...the interface named not there" \
	    grep -qx 'oobm_link_iface: oobmt-nosuch: no such interface' "$T/out"
	expect "...the modem not one dialled so (asked: a pty is on no bus)" \
	    grep -q "^modem: .*not a port of a modem of the table" "$T/out"
}

t_check_and_keygen() {
	TTY=$T/no-modem conf
	run oobm -c "$T/oobm.conf" check
	expect "check: findings exit 78" status_is 78
	expect "check: the missing key, with what to do" \
	    err_lacks . 	# findings go to stdout
	expect "check: says to run keygen" grep -q 'id_oobm: missing: run oobm keygen' "$T/out"
	expect "check: says the relay key is not pinned" \
	    grep -q 'known_hosts: missing' "$T/out"
	expect "check: the modem's port is not there" \
	    grep -q 'no-modem (oobm_modem): no such device' "$T/out"
	run oobm -c "$T/oobm.conf" keygen
	expect "keygen: exit 0" status_is 0
	expect "keygen: the key, mode 600" \
	    test "$(stat -c %a "$T/etc/id_oobm")" = 600
	expect "keygen: the authorized_keys line, confined to the one port" \
	    grep -q "^restrict,port-forwarding,permitlisten=\"127.0.0.1:31337\",command=\"/bin/false\" $(cut -d' ' -f1,2 "$T/etc/id_oobm.pub") oobm\$" "$T/out"
	expect "keygen: the Match block with ClientAlive" \
	    grep -q 'ClientAliveInterval 15' "$T/out"
	cp "$T/out" "$T/keygen1"
	run oobm -c "$T/oobm.conf" keygen
	expect "keygen again: the same key, not a new one" cmp -s "$T/out" "$T/keygen1"
	start_sim chk
	conf
	printf '198.18.3.1 %s\n' "$(cut -d' ' -f1,2 "$T/etc/id_oobm.pub")" \
	    >"$T/etc/known_hosts"
	run oobm -c "$T/oobm.conf" check
	expect "check: all set up: exit 0" status_is 0
	expect "check: says so, last" sh -c \
	    "tail -n 1 '$T/out' | grep -qx 'oobm: configuration and set-up look right'"
	expect "check: names the modem, its firmware, the network (issue 35)" \
	    sh -c "grep -q '^modem: huawei E1752, firmware 11.126.03.01.314, on ' '$T/out' &&
	    grep -qx 'network: Telia, umts; SMS reach it: yes' '$T/out'"
	start_sim chk-lte -p ec25 -M lte-nosms
	conf
	run oobm -c "$T/oobm.conf" check
	expect "check, on LTE for data alone: a finding, 78" sh -c \
	    "[ $status = 78 ] && grep -q 'registered on LTE, but not for SMS: ' '$T/out'"
	start_sim chk
	conf
	conf oobm_relay=relay.oobm.test oobm_dns=system
	printf 'relay.oobm.test %s\n' "$(cut -d' ' -f1,2 "$T/etc/id_oobm.pub")" \
	    >"$T/etc/known_hosts"
	run oobm -c "$T/oobm.conf" check
	expect "check: a relay by name asked of the home resolver: a finding" \
	    grep -q 'relay.oobm.test is a name and oobm_dns=system' "$T/out"
	conf oobm_relay=relay.oobm.test
	run oobm -c "$T/oobm.conf" check
	expect "check: a relay by name, asked of the carrier: fine" status_is 0
}

# Issue 16, item 2: the configuration in effect, every key, as sh reads
# it back; a typo named with the key meant.
t_config_in_effect() {
	conf 'oobm_modme_speed=9600' \
	    "oobm_selftest_ussd=\"*100#'s\"" \
	    "oobm_link_down='\$(touch $T/pwned) \\ \"x\"'"
	run oobm -c "$T/oobm.conf" config
	expect "config: exit 0" status_is 0
	expect "config: the typo named with its line and the key meant" \
	    err_has "oobm.conf:15: unknown key oobm_modme_speed, ignored; did you mean oobm_modem_speed?"
	sed -n 's/^\.It Va //p' "$top/man/oobm.conf.5" | tr -d ' ,' |
	    sed 's/Va/ /g' | tr ' ' '\n' | sort >"$T/keys.man"
	sed 's/=.*//' "$T/out" >"$T/keys.shown"
	expect "config: one line per key of oobm.conf(5), sorted, no other" \
	    cmp -s "$T/keys.man" "$T/keys.shown"
	expect "config: a value set, where, and its default" \
	    grep -qx "oobm_relay=198.18.3.1	# $T/oobm.conf:2, default ''" "$T/out"
	expect "config: a default, said to be" \
	    grep -qx 'oobm_tunnel_port=31337	# default' "$T/out"
	expect "config: a C tool's default too" \
	    grep -qx 'oobm_gps_speed=9600	# default' "$T/out"
	expect "config: the secret shown as set, nowhere its value" sh -c \
	    "grep -qx 'oobm_sms_secret=set	# $T/oobm.conf:9, secret' '$T/out' &&
	    grep -qx 'oobm_push_token=unset	# default' '$T/out' &&
	    ! grep -q horse '$T/out'"
	# what it prints, read back by sh, gives the values as they were
	# shellcheck disable=SC1091,SC2154 # the names are the file's
	(. "$T/out" && printf '%s\n' "$oobm_selftest_ussd" "$oobm_link_down" \
	    "$oobm_link_up") >"$T/readback"
	expect "config: safe for sh, read back to the same values" sh -c \
	    "[ ! -e '$T/pwned' ] && printf '%s\n' \"*100#'s\" \
	    '\$(touch $T/pwned) \\ \"x\"' 'true # not run by check' |
	    cmp -s - '$T/readback'"
	run oobm -c "$T/oobm.conf" check
	expect "check: the typo is a finding, exit 78" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm.conf:15: unknown key oobm_modme_speed, ignored; did you mean oobm_modem_speed?' '$T/out'"
}

t_status_for_scripts() {
	conf
	rm -rf "$T/run"	# a box that has never run: no run directory yet
	run oobm -c "$T/oobm.conf" status
	expect "status on a fresh box: exit 0, nothing on stderr" \
	    eval '[ "$status" = 0 ] && [ ! -s "$T/err" ]'
	expect "status on a fresh box: the modem's view read" \
	    grep -q '^modem: SIM READY, home' "$T/out"
	expect "status on a fresh box: it creates nothing" test ! -e "$T/run"
	expect "status on a fresh box: idle, no session yet" \
	    grep -qx 'idle; no session yet' "$T/out"
	run oobm -k -c "$T/oobm.conf" status
	expect "status -k: idle without a state file" grep -qx 'state=idle' "$T/out"
	mkdir -p "$T/state" "$T/run"
	# a running session: its process holds the run lock, run.pid names it
	(exec 9>"$T/run/run.lock" && flock 9 && exec sleep 300) &
	sess=$!
	SIM_PIDS="$SIM_PIDS $sess"
	wait_for 5000 lock_taken
	echo "$sess" >"$T/run/run.pid"
	printf 'state=up\npid=%s\nsince=1\nuntil=99999999999\nerror=$(id) `x` ; y\n' \
	    "$sess" >"$T/state/session"
	run oobm -k -c "$T/oobm.conf" status
	expect "status -k: the running session" grep -qx 'state=up' "$T/out"
	expect "status -k: every line key=value in a safe set" \
	    test -z "$(grep -v '^[a-z_0-9]*=[A-Za-z0-9.,:/@+_()-]*$' "$T/out")"
	printf 'state=up\npid=999999\n' >"$T/state/session"
	run oobm -k -c "$T/oobm.conf" status
	expect "status -k: a session that died is 'crashed'" \
	    grep -qx 'state=crashed' "$T/out"
	run oobm -c "$T/oobm.conf" status
	expect "status: says the next run restores" err_lacks . 
	expect "status: for people" grep -q 'next run restores' "$T/out"
	kill "$sess"
	st=0
	wait "$sess" 2>/dev/null || st=$?
	expect "the session's stand-in stopped by the test ($st)" not lock_taken
	rm -f "$T/state/session" "$T/run/run.pid"
}

t_lock_and_modem() {
	TTY=$T/no-modem conf
	run oobm -c "$T/oobm.conf" run
	expect "run: a modem that does not answer: exit 69" status_is 69
	start_sim lk
	conf
	mkdir -p "$T/state"
	run oobm -c "$T/oobm.conf" run
	expect "run: nothing in the store: exit 0" status_is 0
	# exec: $wpid is the watch's own pid
	exec env PATH="$bin:$PATH" sh "$OOBM" -c "$T/oobm.conf" watch \
	    >"$T/watch.out" 2>&1 &
	wpid=$!
	expect "watch takes the run lock" wait_for 5000 lock_taken
	run oobm -c "$T/oobm.conf" run
	expect "run while watch runs: exit 75 at once" status_is 75
	expect "...saying the lock is held" err_has 'another oobm run holds'
	expect "...at once, not after the watch (under 3 s)" elapsed_within 0 3000
	kill -TERM "$wpid"
	st=0
	wait "$wpid" || st=$?
	expect "watch ends on SIGTERM, exit 143" test "$st" -eq 143
	run oobm -c "$T/oobm.conf" run
	expect "after watch ended (killed): the very next run takes the lock" \
	    status_is 0
}

run_tests "$0"
