#!/bin/sh
# atcmd against modemsim: the dialogue, every fault mode, locking, config.
# Each test starts its own simulated modem; each run is bounded by atcmd's
# own timeout, so a hang would show as a wrong elapsed time, not a stall.
# memcheck: yes (tests/run.sh runs it again under valgrind)
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ATCMD=$(tool atcmd)

# Issue 14, item 7: an argument is shown escaped and cut, never raw: an
# ESC or CR would drive the terminal, 100 KB would be the whole message.
# shown_safely DESCRIPTION STATUS: the last run exited STATUS, and said
# so in one line, with no control byte and no more than 200 bytes
shown_safely() {
	expect "item 7: $1: exit $2, one short line, no control byte" sh -c \
	    "[ $status = $2 ] && [ \$(wc -l <'$T/err') = 1 ] &&
	    [ \$(wc -c <'$T/err') -le 200 ] &&
	    ! LC_ALL=C grep -q '[[:cntrl:]]' '$T/err'"
}

t_raw_arguments() {
	esc=$(printf '\033[2J\r')
	big=$(head -c 100000 /dev/zero | tr '\0' 7)
	start_sim raw
	run "$ATCMD" -s "96${esc}00" AT
	shown_safely "a speed with ESC" 64
	expect "item 7: ...the ESC shown as \\033" err_has 'speed 96\\033\[2J\\01500: invalid'
	run "$ATCMD" -t "$big" AT
	shown_safely "a 100 KB timeout" 64
	expect "item 7: ...cut, and said to be" err_has 'timeout 7777777.*\.\.\.: too large'
	run "$ATCMD" -l "/dev/x${esc}" AT
	shown_safely "a device with ESC" 64
	run "$ATCMD" -l "/dev/$big" AT
	shown_safely "a 100 KB device" 64
	run "$ATCMD" -c "/etc/${esc}" AT
	shown_safely "a config file with ESC" 78
	run "$ATCMD" -l "$TTY" "AT${esc}"
	shown_safely "a command with ESC" 64
	run "$(tool gpsctl)" -l "$TTY" -n "$big" watch
	shown_safely "gpsctl: a 100 KB count" 64
	run "$(tool ppsmon)" -b "1${esc}" -g "$TTY"
	shown_safely "ppsmon: a speed with ESC" 64
	run "$(tool smspoll)" -w "${esc}"
	shown_safely "smspoll: a wait with ESC" 64
	run "$(tool pushnotify)" -p "$big" hello
	shown_safely "pushnotify: a 100 KB priority" 64
	# The same names from oobm.conf: the file is wrong, not the usage.
	printf "oobm_modem='/dev/x%s'\noobm_gps='/dev/x%s'\n" "$esc" "$esc" \
	    >"$T/esc.conf"
	printf "oobm_sms_state='/x%s'\n" "$esc" >>"$T/esc.conf"
	chmod 600 "$T/esc.conf"
	run "$ATCMD" -c "$T/esc.conf" AT
	shown_safely "oobm_modem with ESC" 78
	expect "item 7: ...naming the file and key" err_has 'esc.conf: oobm_modem /dev/x\\033'
	run "$(tool gpsctl)" -c "$T/esc.conf" watch
	shown_safely "gpsctl: oobm_gps with ESC" 78
	run "$(tool smspoll)" -c "$T/esc.conf" -l "$TTY" -L
	shown_safely "smspoll: oobm_sms_state with ESC" 78
}

# -u: the code goes packed (modemsim unpacks it with its own code), the
# answer comes as a URC after the OK, among others (-u 30 URC noise).
t_ussd() {
	start_sim ussd -u 30 -r 7
	run "$ATCMD" -l "$TTY" -u '*111#'
	expect "USSD *111#: exit 0" status_is 0
	expect "USSD *111#: the balance, decoded from packed GSM 7-bit" \
	    out_is 'status=0 text=Saldo: 42,50 kr. Giltigt till 2027-01-31.'
	expect "USSD: the code went packed, as Huawei sticks want it" \
	    grep -qx 'AT+CUSD=1,"AA582C3602",15' "$T/ussd/commands.log"
	run "$ATCMD" -l "$TTY" -u '*112#'
	expect "USSD in UCS-2: decoded to UTF-8" \
	    out_is "$(printf 'status=0 text=Balance 10 \342\202\254')"
	run "$ATCMD" -l "$TTY" -u '*999#'
	expect "USSD the network does not support: exit 1, status 4" sh -c \
	    "[ $status = 1 ] && grep -qx 'status=4 text=' '$T/out'"
	run "$ATCMD" -l "$TTY" -u "$(printf '*1\360\237\230\200#')"
	expect "USSD code outside the GSM alphabet: exit 65" status_is 65
	run "$ATCMD" -l "$TTY" -u '*111#' AT
	expect "USSD with commands too: usage, exit 64" status_is 64
	start_sim mute -e 'AT+CUSD=1,"AA582C3602",15|OK'
	run "$ATCMD" -t 2 -l "$TTY" -u '*111#'
	expect "USSD never answered: exit 75 within the timeout" sh -c \
	    "[ $status = 75 ] && grep -q 'no answer to \*111# within 2 s' '$T/err'"
}

# best_of_five CMD...: sets best to its shortest run in ms (a loaded
# machine only ever adds); run in this shell, so a failing check shows
# the last run under it
best_of_five() {
	best=999999
	for i in 1 2 3 4 5; do
		run "$@"
		[ "$status" != 0 ] || [ "$elapsed" -ge "$best" ] || best=$elapsed
	done
}

# Issue 14, item 10, then issue 24: ESC CR is followed by the sync's
# answer, not by a fixed 100 ms nor a quiet window: the best of five
# plain ATs is well under.
t_quiet_window() {
	start_sim quiet
	if [ "${OOBM_VALGRIND:-0}" = 1 ]; then
		# memcheck's own start-up varies by hundreds of ms from run
		# to run (measured -150 to +230): the difference drowns.
		# The sanitized run of this suite keeps the check.
		skip "item 10: the opening's timing, under valgrind"
	else
		best_of_five "$ATCMD" -V
		base=$best
		best_of_five "$ATCMD" -l "$TTY" AT
		at=$best
		expect "item 10: atcmd AT over atcmd -V: less than the old fixed 100 ms ($((at - base)) ms)" \
		    test "$((at - base))" -lt 70
	fi
	# the protection stays: a prompt left open by a crashed predecessor
	# is closed, and what it stirs up is not taken for our answer
	printf 'AT+CMGS=5\r' >"$TTY"
	sleep 0.2
	run "$ATCMD" -l "$TTY" 'AT+CSQ'
	expect "item 10: after a prompt left open, the next command's own answer" \
	    sh -c "[ $status = 0 ] && grep -q '^+CSQ: ' '$T/out'"
}

# The man page's sh example, as printed there, run against a modem that
# answers, one that is absent and one that is silent.
t_man_example() {
	sed -n '/^act on the exit status/,/^\.Ed/p' "$(dirname "$0")/../../man/atcmd.1" |
	    sed '1,/^\.Bd/d; /^\.Ed/d' >"$T/example.sh"
	expect "the atcmd(1) sh example is found" grep -q 'case .rc in' \
	    "$T/example.sh"
	start_sim example
	printf 'oobm_modem="%s"\n' "$TTY" >"$T/ex.conf"
	run env OOBM_CONF="$T/ex.conf" PATH="$BIN:$PATH" sh "$T/example.sh"
	expect "example, modem there: the signal" out_is '+CSQ: 17,99'
	printf 'oobm_modem="%s"\n' "$T/nothing" >"$T/ex.conf"
	run env OOBM_CONF="$T/ex.conf" PATH="$BIN:$PATH" sh "$T/example.sh"
	expect "example, modem absent: says so (the status reached case)" \
	    out_is 'modem absent or busy'
	start_sim exmute -f silent
	printf 'oobm_modem="%s"\n' "$TTY" >"$T/ex.conf"
	run env OOBM_CONF="$T/ex.conf" PATH="$BIN:$PATH" sh "$T/example.sh"
	expect "example, modem silent: says so" out_is 'modem does not answer'
}

# Issue 14, item 7: a typo'd key is named with file:line, not ignored in
# silence; the command still runs.
t_unknown_key() {
	start_sim typo
	printf '# the modem\noobm_modem="%s"\noobm_modme_speed=9600\n' "$TTY" \
	    >"$T/typo.conf"
	run "$ATCMD" -c "$T/typo.conf" AT+CSQ
	expect "item 7: an unknown key warned of, with file:line" \
	    err_has "typo.conf:3: unknown key oobm_modme_speed, ignored; did you mean oobm_modem_speed?"
	expect "item 7: ...and the command still runs" out_is '+CSQ: 17,99'
}

t_plain_at_prints_nothing() {
	start_sim plain
	run "$ATCMD" -l "$TTY" AT
	expect "AT: exit 0" status_is 0
	expect "AT: prints nothing" out_empty
	run "$ATCMD" -l "$TTY" 'AT^U2DIAG=0'
	expect "seed's AT^U2DIAG=0: exit 0, prints nothing" status_is 0
	expect "AT^U2DIAG=0 prints nothing" out_empty
	expect "modemsim received AT^U2DIAG=0" \
	    grep -qx 'AT^U2DIAG=0' "$T/plain/commands.log"
}

t_information_response() {
	start_sim info
	run "$ATCMD" -l "$TTY" ATI 'AT+CSQ'
	expect "ATI and AT+CSQ in turn: exit 0" status_is 0
	expect "ATI lines then +CSQ, nothing else" out_is \
	    'Manufacturer: huawei' 'Model: E1752' \
	    'Revision: 11.126.03.01.314' 'IMEI: 353142034443431' \
	    '+GCAP: +CGSM,+DS,+ES' '+CSQ: 17,99'
}

t_urcs_never_reach_stdout() {
	start_sim urc -u 100 -r 3
	run "$ATCMD" -l "$TTY" 'AT+CSQ' 'AT+CGMM'
	expect "URC storm: exit 0" status_is 0
	expect "URC storm: stdout holds only the responses" out_is \
	    '+CSQ: 17,99' 'E1752'
	expect "URCs are not shown without -v" err_lacks 'urc'
	run "$ATCMD" -v -l "$TTY" 'AT+CSQ'
	expect "-v: URCs on stderr" err_has 'urc: ^'
	expect "-v: stdout still only +CSQ" out_is '+CSQ: 17,99'
	expect "-v names the backend" err_has '8N1 through termios'
}

t_echo_off() {
	start_sim echo
	run "$ATCMD" -l "$TTY" ATE0 'AT+CGMI' ATE1 'AT+CGMI'
	expect "echo off and on: same output" out_is huawei huawei
}

t_error_named() {
	start_sim errors -e 'AT+CSQ' -e 'AT+CPIN?|+CME ERROR: 10' \
	    -e 'AT+CMGS=1|+CMS ERROR: 330'
	run "$ATCMD" -l "$TTY" AT 'AT+CSQ' AT
	expect "ERROR: exit 1" status_is 1
	expect "ERROR: message names command and result" \
	    err_has 'AT+CSQ: ERROR$'
	expect "ERROR: later commands are not sent" \
	    test "$(grep -c '^AT$' "$T/errors/commands.log")" -eq 1
	run "$ATCMD" -l "$TTY" 'AT+CPIN?'
	expect "+CME ERROR: exit 1" status_is 1
	expect "+CME ERROR: 10 explained" \
	    err_has 'AT+CPIN?: +CME ERROR: 10 (SIM not inserted)'
	run "$ATCMD" -l "$TTY" 'AT+CMGS=1'
	expect "+CMS ERROR: 330 explained" \
	    err_has '+CMS ERROR: 330 (SMSC address unknown)'
	run "$ATCMD" -l "$TTY" 'AT+CMEE=2' 'AT+CFUN=9'
	expect "+CME ERROR text form (AT+CMEE=2): exit 1" status_is 1
	expect "+CME ERROR text form shown" \
	    err_has '+CME ERROR: Incorrect parameters'
}

t_dial_connect() {
	start_sim dial
	run "$ATCMD" -l "$TTY" 'AT+CGDCONT=1,"IP","internet"' 'ATD*99#'
	expect "ATD*99#: CONNECT is success" status_is 0
}

# Each command goes out as one write, whole, with its CR; the first one
# is the sync, with the ESC CR before it (issue 24, item 2): a command
# written in two parts was two system calls and could reach the modem
# split, and the sync after a fixed window was a round trip for nothing.
t_one_write_per_command() {
	if ! command -v strace >/dev/null 2>&1; then
		skip "one write per command: no strace (tests/deps.sh)"
		return
	fi
	start_sim writes
	# LeakSanitizer cannot work under ptrace
	status=0
	ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 strace -f -qq \
	    -e trace=write -o "$T/writes.trace" \
	    "$ATCMD" -l "$TTY" AT AT+CSQ AT+CGMI >/dev/null 2>&1 || status=$?
	expect "atcmd under strace: exit 0" status_is 0
	# what was written ending in CR: the commands, each one whole
	sed -n 's/.*write([0-9]*, "\(.*\\r\)", [0-9]*) *= [0-9]*$/\1/p' \
	    "$T/writes.trace" >"$T/out"
	expect "one write per command, the sync first with ESC CR" out_is \
	    '\33\rAT+CMEE?\r' 'AT\r' 'AT+CSQ\r' 'AT+CGMI\r'
}

# Issue 35, item 1: every dialect of the sync's AT+CMEE?, with every
# leftover a dead predecessor can leave: atcmd talks to the modem at
# once, the answers are its own, and a modem without the read command
# costs one command more (the probe), no more.  Before, a modem that
# answered AT+CMEE? with a bare ERROR got no command at all: exit 75.
csq_and_cgmi() { status_is 0 && out_is '+CSQ: 17,99' huawei; }
t_sync_dialects() {
	for pair in $(dialect_pairs); do
		d=${pair%%/*} left=${pair#*/}
		name=d-$d-${left%%:*}
		start_dialect "$name" "$d" "$left"
		run "$ATCMD" -t 5 -l "$TTY" 'AT+CSQ' 'AT+CGMI'
		expect "$d, $left: AT+CSQ then AT+CGMI, each its own answer" \
		    csq_and_cgmi
		expect "$d, $left: at once, not at the timeout" \
		    elapsed_within 0 2000
		want=2
		case $d:$left in
		plain:none | plain:urcs:* | echo-off:none | \
		    echo-off:urcs:*) want=1 ;;
		esac
		expect "$d, $left: the sync cost $want command(s)" \
		    test "$(sync_cost "$name")" = "$want"
	done
}

# Issue 35, item 3: -I names the modem, its firmware, the network and
# its access technology, and whether SMS reach it there
t_identify() {
	start_sim id-e1752
	run "$ATCMD" -l "$TTY" -I
	expect "-I, E1752 on 3G: who, where, SMS yes" out_is \
	    manufacturer=huawei model=E1752 firmware=11.126.03.01.314 \
	    operator=Telia act=umts cs=home ps=home eps=unknown ims=unknown \
	    sms=yes
	start_sim id-ec25 -p ec25 -M lte
	run "$ATCMD" -l "$TTY" -I
	expect "-I, EC25 on LTE with SMS over SGs" out_is \
	    manufacturer=Quectel model=EC25 firmware=EC25EFAR06A06M4G \
	    operator=Telia act=lte cs=home ps=home eps=home ims=not sms=yes
	start_sim id-nosms -p ec25 -M lte-nosms
	run "$ATCMD" -l "$TTY" -I
	expect "-I, EC25 on LTE for data alone: sms=lte-data-only" sh -c \
	    "[ $status = 0 ] && grep -qx cs=not '$T/out' &&
	    grep -qx eps=home '$T/out' && grep -qx sms=lte-data-only '$T/out'"
	start_sim id-sim -p sim7600 -M lte-ims
	run "$ATCMD" -l "$TTY" -I
	expect "-I, SIM7600: its +CGMR: prefix cut; IMS: sms=yes" sh -c \
	    "grep -qx firmware=LE20B04SIM7600G22 '$T/out' &&
	    grep -qx ims=registered '$T/out' && grep -qx sms=yes '$T/out'"
	for p in e3372h mc7455; do
		start_sim "id-$p" -p "$p" -M lte
		run "$ATCMD" -l "$TTY" -I
		expect "-I, $p: manufacturer and model, made safe for sh" sh -c \
		    "[ $status = 0 ] && grep -q '^manufacturer=[A-Za-z][A-Za-z0-9_.,]*$' '$T/out' &&
		    grep -q '^model=E3372h-320\$\|^model=MC7455\$' '$T/out'"
	done
	run "$ATCMD" -l "$TTY" -I AT
	expect "-I with a command: usage, 64" status_is 64
}

t_fault_silent() {
	start_sim silent -f silent
	run "$ATCMD" -t 2 -l "$TTY" AT
	expect "silent modem: exit 75" status_is 75
	expect "silent modem: ends in about the timeout" \
	    elapsed_within 1900 3500
	expect "silent modem: message says so" \
	    err_has 'no response to AT+CMEE? within 2 s'
}

t_fault_garbage() {
	start_sim garbage -f garbage -r 11
	run "$ATCMD" -t 2 -l "$TTY" 'AT+CSQ'
	expect "garbage: exit 75" status_is 75
	expect "garbage: ends in about the timeout" elapsed_within 1900 3500
	expect "garbage: nothing on stdout" out_empty
	run "$ATCMD" -v -t 1 -l "$TTY" 'AT+CSQ'
	expect "garbage: -v shows it escaped, no raw control bytes" \
	    test "$(tr -d '\n\t -~' <"$T/err" | wc -c)" -eq 0
}

t_fault_hangup() {
	start_sim hangup -e 'AT+CSQ|hangup'
	run "$ATCMD" -t 5 -l "$TTY" 'AT+CSQ'
	expect "hang-up mid-response: exit 69" status_is 69
	expect "hang-up: reported at once, not at the timeout" \
	    elapsed_within 0 2500
	expect "hang-up: message says so" err_has 'hung up during AT+CSQ'
	expect "hang-up: nothing half-printed" out_empty
}

t_fault_slow() {
	start_sim slow -D 1500
	run "$ATCMD" -t 1 -l "$TTY" 'AT+CSQ'
	expect "slower than the timeout: exit 75" status_is 75
	expect "slower than the timeout: ends at the timeout" \
	    elapsed_within 900 2500
	start_sim slow2 -D 400
	run "$ATCMD" -t 3 -l "$TTY" 'AT+CSQ'
	expect "slow within the timeout: exit 0" status_is 0
	expect "slow within the timeout: full answer" out_is '+CSQ: 17,99'
}

# hold_port: atcmd holds $TTY (a silent modem) in the background: $holder
hold_port() {
	"$ATCMD" -t 4 -l "$TTY" AT >/dev/null 2>&1 &
	holder=$!
	i=0
	while [ ! -f "$OOBM_LOCKDIR/LCK..modem" ] && [ "$i" -lt 100 ]; do
		i=$((i + 1))
		sleep 0.05
	done
}

t_lock_busy() {
	start_sim lock -f silent
	hold_port
	run "$ATCMD" -t 5 -l "$TTY" AT
	expect "locked port: exit 69" status_is 69
	expect "locked port: names the holder" \
	    err_has "device busy (locked by pid $holder)"
	expect "locked port: refused at once, not at the timeout" \
	    elapsed_within 0 1500
	hst=0
	wait "$holder" || hst=$?
	expect "the holder times out on the silent modem (75), its lock removed" \
	    test "$hst" = 75 -a ! -e "$OOBM_LOCKDIR/LCK..modem"
}

# Issue 14, item 2: the same port by another name (a symbolic link and
# what it points to) is the same port: busy, not shared.
t_lock_two_names() {
	start_sim twonames -f silent
	hold_port
	run "$ATCMD" -t 1 -l "$(readlink -f "$TTY")" AT
	expect "the port by its real name while held by its link: exit 69" \
	    status_is 69
	expect "...naming the holder" err_has "locked by pid $holder"
	wait "$holder" 2>/dev/null || true
	expect "...and both locks gone after" \
	    test ! -e "$OOBM_LOCKDIR/LCK..modem" -a \
	    ! -e "$OOBM_LOCKDIR/LCK..$(basename "$(readlink -f "$TTY")")"
}

# A kill the moment the lock file appears (while the port is still being
# opened, before any handler was set) left the lock behind every time.
t_signal_releases_lock() {
	start_sim sig -f silent
	left=0 statuses=
	for _ in 1 2 3 4 5; do
		"$ATCMD" -t 30 -l "$TTY" AT >/dev/null 2>&1 &
		pid=$!
		i=0
		while [ ! -f "$OOBM_LOCKDIR/LCK..modem" ] && [ "$i" -lt 20000 ]
		do
			i=$((i + 1))
		done
		kill -TERM "$pid"
		status=0
		wait "$pid" || status=$?
		statuses="$statuses $status"
		if [ -e "$OOBM_LOCKDIR/LCK..modem" ]; then
			left=$((left + 1))
			rm -f "$OOBM_LOCKDIR/LCK..modem"
		fi
	done
	expect "SIGTERM: exit 143, five times" \
	    test "$statuses" = " 143 143 143 143 143"
	expect "SIGTERM at once: no lock left, five times ($left left)" \
	    test "$left" = 0
}

t_lock_stale() {
	start_sim stale
	sh -c 'exit 0' &
	dead=$!
	wait "$dead"
	printf '%10d\n' "$dead" >"$OOBM_LOCKDIR/LCK..modem"
	run "$ATCMD" -l "$TTY" AT
	expect "stale lock (dead pid): removed, exit 0" status_is 0
	expect "no lock left behind" test ! -e "$OOBM_LOCKDIR/LCK..modem"
}

# Issue 37, item 1: the lock directory is every account's (/run/lock is
# 1777).  What another account leaves there is not believed: a FIFO
# (a plain open blocked for ever, SIGTERM held), a file naming a live
# pid that is not its owner's to name, a second link to a lock.
t_lock_hostile() {
	start_sim hostile
	mkfifo -m 644 "$OOBM_LOCKDIR/LCK..modem"
	run timeout 10 "$ATCMD" -t 3 -l "$TTY" AT
	expect "a FIFO for a lock: not opened blocking; the port taken, exit 0" \
	    sh -c "[ $status = 0 ] && [ $elapsed -lt $(slow 3000) ]"
	expect "...the FIFO gone, no lock left" \
	    test ! -e "$OOBM_LOCKDIR/LCK..modem"
	printf '%10d\n' 1 >"$T/mine"
	ln "$T/mine" "$OOBM_LOCKDIR/LCK..modem" 2>/dev/null ||
	    cp "$T/mine" "$OOBM_LOCKDIR/LCK..modem"
	if [ "$(stat -c %h "$OOBM_LOCKDIR/LCK..modem")" = 2 ]; then
		run "$ATCMD" -t 3 -l "$TTY" AT
		expect "a lock with two links naming pid 1: not believed, exit 0" \
		    status_is 0
	else
		skip "a second link: \$T and the lock directory on two file systems"
	fi
	rm -f "$OOBM_LOCKDIR/LCK..modem" "$T/mine"
	if [ "$(id -u)" != 0 ] || ! id nobody >/dev/null 2>&1; then
		skip "a lock of another account: needs root (chown)"
		return
	fi
	printf '%10d\n' 1 >"$OOBM_LOCKDIR/LCK..modem"
	chown nobody "$OOBM_LOCKDIR/LCK..modem"
	run "$ATCMD" -t 3 -l "$TTY" AT
	expect "nobody's lock naming pid 1: not believed, exit 0" status_is 0
	printf '%10d\n' 1 >"$OOBM_LOCKDIR/LCK..modem"
	run "$ATCMD" -t 3 -l "$TTY" AT
	expect "root's lock naming a live pid: believed, device busy (69)" \
	    sh -c "[ $status = 69 ] && grep -q 'locked by pid 1' '$T/err'"
	rm -f "$OOBM_LOCKDIR/LCK..modem"
}

t_absent_device() {
	run "$ATCMD" -l "$T/nonexistent" AT
	expect "absent device: exit 69" status_is 69
	expect "absent device: named" err_has "$T/nonexistent: no such device"
}

t_usage() {
	run "$ATCMD"
	expect "no command: exit 64" status_is 64
	expect "no command: usage" err_has '^usage: atcmd'
	run "$ATCMD" -s 12345 -l /dev/null AT
	expect "bad speed: exit 64" status_is 64
	run "$ATCMD" -t 0 -l /dev/null AT
	expect "bad timeout: exit 64" status_is 64
	run "$ATCMD" -h
	expect "-h: usage on stdout, exit 0" status_is 0
	run "$ATCMD" -V
	expect "-V: version" out_is 'atcmd 0.1'
}

# refused WHAT ARGS...: atcmd ARGS is a usage error (64) saying WHAT
refused() { usage_refused "$ATCMD" atcmd "$@"; }

# Each line of atcmd(1)'s SYNOPSIS is a mode: every option of its line
# accepted, an option of another line or an operand it does not take
# refused with usage, before the modem is opened.
t_modes() {
	start_sim modes
	conf_write "$T/modes.conf" "oobm_modem=\"$TTY\""
	all="-v -c $T/modes.conf -l $TTY -s 115200 -t 5"
	# shellcheck disable=SC2086 # $all: the options, one word each
	run "$ATCMD" $all AT+CSQ
	expect "commands, all their options: exit 0, the answer" sh -c \
	    "[ $status = 0 ] && grep -qx '+CSQ: 17,99' '$T/out'"
	refused "sending commands needs a command"
	refused "-n does not go with sending commands" -n -l "$TTY" AT
	# shellcheck disable=SC2086
	run "$ATCMD" $all -u '*111#'
	expect "-u, all its options: exit 0, the answer" sh -c \
	    "[ $status = 0 ] && grep -q '^status=0 text=Saldo' '$T/out'"
	refused "-I does not go with -u" -u '*111#' -I
	refused "-n does not go with -u" -u '*111#' -n
	# shellcheck disable=SC2086
	run "$ATCMD" $all -I
	expect "-I, all its options: exit 0, the modem named" sh -c \
	    "[ $status = 0 ] && grep -qx 'manufacturer=huawei' '$T/out'"
	refused "-M does not go with -I" -I -M
	# shellcheck disable=SC2086
	run "$ATCMD" $all -M -n
	expect "-M, all its options: no usage error (69: a pty is no modem of the table)" \
	    sh -c "[ $status = 69 ] && grep -q 'not a port of a modem of the table' '$T/err'"
	refused "-M (setting the mode) takes no operand" -M AT
	refused "-L (listing the ports) takes no operand" -L AT
	refused "-F does not go with -L" -L -F
	refused "-c does not go with -L" -L -c "$T/modes.conf"
	refused "-v does not go with -L" -L -v
	refused "-t does not go with -F" -F -t 10
	refused "-L does not go with -V" -V -L
	refused "-V takes no operand" -V AT
	expect "none of the refused runs reached the modem" sh -c \
	    "[ \$(grep -c '^AT+CMEE?\$' '$T/modes/commands.log') = 4 ]"
}

t_config_device() {
	start_sim conf
	printf '# test\noobm_modem="%s"\noobm_modem_speed=57600\n' "$TTY" \
	    >"$T/oobm.conf"
	OOBM_CONF=$T/oobm.conf run "$ATCMD" -v 'AT+CSQ'
	expect "device from oobm.conf: works" out_is '+CSQ: 17,99'
	expect "speed from oobm.conf" err_has '57600 8N1'
	run "$ATCMD" -c "$T/oobm.conf" 'AT+CGMI'
	expect "-c names the file" out_is huawei
	# -l without -c reads no file, as atcmd(1) says: not even one it
	# may not read (a root-only oobm.conf, a user at the console)
	printf 'oobm_modem_speed=9600\n' >"$T/unread.conf"
	chmod 666 "$T/unread.conf"	# refused (78), were it read
	run env OOBM_CONF="$T/unread.conf" "$ATCMD" -v -l "$TTY" 'AT+CGMI'
	expect "-l alone: the file is not read, the speed is 115200" \
	    sh -c "[ $status = 0 ] && grep -q ': 115200 8N1' '$T/err'"
	run "$ATCMD" AT
	expect "no -l, no config file: exit 78" status_is 78
	expect "no -l, no config file: says what to do" \
	    err_has 'use -l, or set oobm_modem in .* (which does not exist)'
	# issue 14, item 7: a file named with -c must exist, and is named
	run "$ATCMD" -c "$T/nope.conf" AT
	expect "-c nope.conf: exit 78, the file does not exist" sh -c \
	    "[ $status = 78 ] && grep -q 'nope.conf: No such file' '$T/err'"
	# shellcheck disable=SC2016 # the $( ) is the point
	printf 'oobm_modem=$(reboot)\n' >"$T/bad.conf"
	run "$ATCMD" -c "$T/bad.conf" AT
	expect "malformed config: exit 78" status_is 78
	expect "malformed config: file:line" err_has "$T/bad.conf:1:"
	# -l: this machine's own bus is not searched, nor any modem on it
	# asked (the sample leaves oobm_modem to be found)
	run "$ATCMD" -c "$(dirname "$0")/../../etc/oobm.conf.sample" \
	    -l "$T/absent" AT
	expect "sample oobm.conf parses; its device absent: exit 69" \
	    status_is 69
	expect "sample oobm.conf: the device is named" \
	    err_has "$T/absent: no such device"
}

run_tests "$0"
