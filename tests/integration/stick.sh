#!/bin/sh
# scripts/oobm over a HiLink stick (oobm_modem=http://ADDR, issue 40),
# without root, against hilinksim: the configuration a stick goes with,
# status and check read from the stick's own state, an owner's STATUS
# read and answered through its API, a stick that is away.  The link
# over a stick is proven by tests/e2e/hilink.sh.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
case $BIN in /*) bin=$BIN ;; *) bin=$top/$BIN ;; esac
OOBM=$top/scripts/oobm
oobm() { env PATH="$bin:$PATH" sh "$OOBM" "$@"; }
OWNER=+46701234567

conf() {	# conf [LINES...]: $T/oobm.conf for the stick at $URL, mode 600
	conf_write "$T/oobm.conf" \
	    "oobm_modem=\"$URL\"" \
	    oobm_relay=198.18.3.1 \
	    oobm_link=hilink \
	    "oobm_sms_allow=\"$OWNER\"" \
	    oobm_sms_auth=passphrase \
	    "oobm_sms_secret='correct-horse'" \
	    "oobm_sms_state=\"$T/state/smspoll.state\"" \
	    "oobm_ssh_key=\"$T/etc/id_oobm\"" \
	    "oobm_known_hosts=\"$T/etc/known_hosts\"" \
	    "oobm_state_dir=\"$T/state\"" \
	    "oobm_run_dir=\"$T/run\"" \
	    "$@"
}

# conf_refused WHAT LINES...: oobm status exits 78, saying WHAT
conf_refused() {
	cr_what=$1
	shift
	conf "$@"
	run oobm -c "$T/oobm.conf" status
	expect "config: $cr_what: 78, said" sh -c \
	    "[ $status = 78 ] && grep -q -- '$cr_what' '$T/err'"
}

t_config() {
	URL=http://198.18.8.1
	conf_refused "oobm_link=pppd needs a modem that answers AT" oobm_link=pppd
	conf_refused "oobm_link=usbnet needs a modem that answers AT" \
	    oobm_link=usbnet
	conf_refused "oobm_sms_port: a HiLink stick has no port" \
	    oobm_sms_port=/dev/ttyUSB2
	URL='http://stick.example:80'
	conf_refused "oobm_modem: not http://ADDRESS"
	URL='http://198.18.8.1/api'
	conf_refused "oobm_modem: not http://ADDRESS"
	URL='http://198.18.8.1:80:80'
	conf_refused "oobm_modem: not http://ADDRESS"
	URL=/dev/ttyUSB2
	conf_refused "oobm_link=hilink needs a HiLink stick"
}

t_status() {
	start_stick sst
	conf
	run oobm -c "$T/oobm.conf" status
	expect "status: the stick's SIM, network and signal" sh -c \
	    "[ $status = 0 ] && grep -qx 'modem: SIM READY, home Tele2_SE, signal -67 dBm' '$T/out'"
	expect "...no modem resets counted: a stick is never reset" \
	    not grep -q 'modem resets used' "$T/out"
	run oobm -k -c "$T/oobm.conf" status
	expect "status -k: the same, for scripts" sh -c "[ $status = 0 ] &&
	    grep -qx sim=READY '$T/out' && grep -qx registration=home '$T/out' &&
	    grep -qx operator=Tele2_SE '$T/out' && grep -qx signal_dbm=-67 '$T/out' &&
	    grep -qx act=lte '$T/out' && grep -qx sms_stored=0 '$T/out'"
	: >"$STICK/noservice"
	run oobm -k -c "$T/oobm.conf" status
	expect "status -k, out of coverage: unregistered, no signal" sh -c \
	    "grep -qx registration=unregistered '$T/out' &&
	    grep -qx signal_dbm=none '$T/out'"
}

t_check() {
	start_stick sck
	conf oobm_link=command oobm_link_iface=lo oobm_link_up=true \
	    oobm_link_down=true
	hl_in sck "$OWNER" 'hello'
	run oobm -c "$T/oobm.conf" check
	expect "check: what the stick says of itself" grep -qx \
	    "modem: a HiLink stick at $URL; network: Tele2_SE, lte, signal -67 dBm; SMS: 1 unread, 1 held" \
	    "$T/out"
	expect "...no finding about it" not grep -q "$URL:" "$T/out"
	expect "...nothing changed: the SMS still unread" \
	    grep -q '^40001 0 ' "$STICK/store"
	: >"$STICK/noservice"
	run oobm -c "$T/oobm.conf" check
	expect "check, out of coverage: a finding, 78" sh -c "[ $status = 78 ] &&
	    grep -qx '$URL: the stick is on no network (ServiceStatus 0): check the SIM and the antenna' '$T/out'"
	stop_stick sck
	run oobm -c "$T/oobm.conf" check
	expect "check, the stick away: it does not answer, said" grep -q \
	    "^$URL: the HiLink stick does not answer (within oobm_at_timeout, [0-9]* s): .*connect" \
	    "$T/out"
	conf
	run oobm -c "$T/oobm.conf" check
	expect "check, oobm_link=hilink and the stick's network not here: said" \
	    grep -qx "the HiLink stick's network has no interface here: is the stick plugged in? (set oobm_link_iface)" \
	    "$T/out"
}

# An owner's STATUS, read through the stick's API, answered through it,
# deleted there
t_run_status() {
	start_stick srs
	conf
	hl_in srs "$OWNER" 'correct-horse STATUS'
	hl_in srs +46709999999 'correct-horse UP'
	run oobm -c "$T/oobm.conf" run
	expect "run: exit 0" status_is 0
	expect "...STATUS answered to the owner through the stick" sh -c \
	    "cat '$STICK'/sent/*.txt | tr '\n' ' ' | grep -q '^$OWNER oobm: idle, signal -67 dBm, home Tele2_SE'"
	expect "...one text only: the stranger not answered" test \
	    "$(find "$STICK/sent" -name '*.txt' | wc -l)" = 1
	expect "...both deleted from the stick" test ! -s "$STICK/store"
}

# The stick away: the poll fails, the ladder asks once more and says
# what it did; no AT anywhere
t_run_stick_away() {
	start_stick sra
	conf
	stop_stick sra
	run oobm -c "$T/oobm.conf" run
	expect "run, the stick away: 69" status_is 69
	expect "...it was asked again, and that is said" grep -q \
	    "modem cannot read its SMS, even after it was asked again" "$T/err"
	expect "...no radio cycle nor reset tried" not grep -q 'AT+CFUN' "$T/err"
	expect "...the give-up kept for oobm status" \
	    grep -q 'even after it was asked again' "$T/state/modem.gaveup"
}

run_tests "$0"
