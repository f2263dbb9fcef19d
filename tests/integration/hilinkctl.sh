#!/bin/sh
# hilinkctl (issue 40) against hilinksim: the stick's state, its data
# switched on and off and waited for, the session begun anew when the
# stick forgot it (a reboot, a timeout) mid-run, a busy stick asked
# again, a stick away or not a HiLink one, and what it refuses.
# memcheck: yes
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
HILINKCTL=$(tool hilinkctl)

# hook_make NAME: $T/NAME.hook records "up"/"down" in $T/NAME.hook.log
hook_make() {
	# shellcheck disable=SC2016 # the hook's own "$1"
	printf '#!/bin/sh\necho "$1" >>"%s"\n' "$T/$1.hook.log" >"$T/$1.hook"
	chmod +x "$T/$1.hook"
	: >"$T/$1.hook.log"
}
hook_said() { [ "$(tr '\n' ' ' <"$T/$1.hook.log")" = "$2" ]; }
asked() { grep -c "^$2 $3 $4\$" "$T/$1/requests.log" || true; }

t_status() {
	start_stick st
	run "$HILINKCTL" -u "$URL" status
	expect "status: exit 0, one line" out_is \
	    'connection=disconnected status=902 signal=4 sim=1 wan=- service=2 roaming=0 operator=Tele2_SE act=lte rssi=-67 unread=0 stored=0'
	expect "...asked in a session of its own" test \
	    "$(asked st GET /api/webserver/SesTokInfo 0)" = 1
	hl_in st +46701234567 hello
	: >"$STICK/noservice"
	run "$HILINKCTL" -u "$URL" status
	expect "status, out of coverage, an SMS held: no operator, no signal" \
	    out_is 'connection=disconnected status=902 signal=0 sim=1 wan=- service=0 roaming=0 operator=none act=unknown rssi=-1 unread=1 stored=1'
}

# A stick that has no current-plmn, no device/signal, no sms-count
# (100002, older firmware): status says so, and still exits 0
t_status_old_firmware() {
	start_stick so
	: >"$STICK/oldfirmware"
	run "$HILINKCTL" -u "$URL" status
	expect "old firmware: exit 0, the details unknown" out_is \
	    'connection=disconnected status=902 signal=4 sim=1 wan=- service=2 roaming=0 operator=none act=unknown rssi=-1 unread=-1 stored=-1'
}

t_data() {
	hook_make dt
	start_stick dt -c 400 -X "$T/dt.hook"
	run "$HILINKCTL" -u "$URL" -w 10 data on
	expect "data on: exit 0, connected, the carrier's address" out_is \
	    'connection=connected status=901 signal=4 sim=1 wan=198.18.7.2 service=2 roaming=0'
	expect "...the switch set once, the data path made" sh -c \
	    "[ \"\$(grep -c '^POST /api/dialup/mobile-dataswitch 0\$' '$STICK/requests.log')\" = 1 ]"
	expect "...waited for: connecting was seen first" test \
	    "$(asked dt GET /api/monitoring/status 0)" -ge 2
	expect "...the hook ran up" hook_said dt "up "
	run "$HILINKCTL" -u "$URL" data off
	expect "data off: exit 0, disconnected" out_is \
	    'connection=disconnected status=902 signal=4 sim=1 wan=- service=2 roaming=0'
	expect "...the data path taken away" hook_said dt "up down "
}

# The stick forgets the session while data on waits (its reboot or a
# timeout): 125002, a new session, the wait goes on
t_session_lost_mid_wait() {
	start_stick ml -c 1500
	"$HILINKCTL" -v -u "$URL" -w 10 data on >"$T/ml.out" 2>"$T/ml.err" &
	pid=$!
	wait_for 3000 grep -qs '^GET /api/monitoring/status 0$' \
	    "$STICK/requests.log"
	: >"$STICK/expire"
	st=0
	wait "$pid" || st=$?
	expect "session lost mid-wait: exit 0, connected" sh -c \
	    "[ $st = 0 ] && grep -q '^connection=connected ' '$T/ml.out'"
	expect "...the stale session refused (125002), a new one begun" \
	    sh -c "grep -q '^GET /api/monitoring/status 125002\$' '$STICK/requests.log' &&
	    [ \$(grep -c '^GET /api/webserver/SesTokInfo' '$STICK/requests.log') = 2 ]"
	expect "...said with -v" grep -q 'a new session' "$T/ml.err"
}

t_busy() {
	start_stick bz
	echo 2 >"$STICK/busy"
	run "$HILINKCTL" -v -u "$URL" status
	expect "busy twice: asked again, exit 0" sh -c \
	    "[ $status = 0 ] && [ \$(grep -c 'the stick is busy: again' '$T/err') = 2 ]"
	echo 100 >"$STICK/busy"
	run "$HILINKCTL" -u "$URL" -t 2 status
	expect "busy past -t: 75, said" sh -c \
	    "[ $status = 75 ] && grep -q 'the stick is busy (100004)' '$T/err'"
}

t_reboot() {
	hook_make rb
	start_stick rb -c 0 -X "$T/rb.hook"
	run "$HILINKCTL" -u "$URL" data on
	: >"$STICK/reboot"
	run "$HILINKCTL" -u "$URL" -t 2 status
	expect "rebooting: no answer, 69, the URL named" sh -c \
	    "[ $status = 69 ] && grep -q '$URL' '$T/err'"
	expect "...the data path gone with it" hook_said rb "up down "
	expect "back: its state read again, data off" wait_for 8000 sh -c \
	    "'$HILINKCTL' -u '$URL' status 2>/dev/null |
	    grep -q '^connection=disconnected '"
}

t_not_a_stick() {
	run "$HILINKCTL" -u http://127.0.0.1:1 -t 3 status
	expect "nothing listening: 69" status_is 69
	# a web server whose every page is the same HTML
	printf '%s\n' '#!/bin/sh' \
	    "printf 'HTTP/1.0 200 OK\\r\\n\\r\\n<html>login</html>'" \
	    >"$T/page.sh"
	tries=0
	while :; do
		port=$(awk -v s="$$$tries" 'BEGIN { srand(s); print 20000 + int(rand() * 40000) }')
		socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork" \
		    EXEC:"sh $T/page.sh" 2>/dev/null &
		pid=$!
		SIM_PIDS="$SIM_PIDS $pid"
		sleep 0.3
		kill -0 "$pid" 2>/dev/null && break
		tries=$((tries + 1))
		[ "$tries" -lt 20 ] || return 1
	done
	run "$HILINKCTL" -u "http://127.0.0.1:$port" -t 3 status
	expect "a web page, not the API: 65, saying what it may be" sh -c \
	    "[ $status = 65 ] && grep -q 'is it a HiLink stick' '$T/err'"
}

t_usage() {
	for args in "" "sideways" "status now" "data" "data sideways" \
	    "-w 5 status" "-t 0 status" "-u ftp://x status" \
	    "-u http://192.0.2.1/api status" "-u http://a@192.0.2.1 status" \
	    "-V status"; do
		# shellcheck disable=SC2086 # the words of a refused line
		run "$HILINKCTL" $args
		expect "hilinkctl $args: usage, 64" status_is 64
	done
	run "$HILINKCTL" -V
	expect "-V: the version" sh -c "[ $status = 0 ] && grep -q '^hilinkctl ' '$T/out'"
}

# A stick whose web UI has a password: the login as the web UI does it
# (password_type 4), the secret from oobm.conf (mode 600), refused ones
t_login() {
	start_stick lg -P 'correct horse'
	conf_write "$T/lg.conf" "oobm_hilink_password='correct horse'"
	conf_write "$T/lg-bad.conf" "oobm_hilink_password='wrong horse'"
	run "$HILINKCTL" -v -c "$T/lg.conf" -u "$URL" status
	expect "login: the state read, exit 0" sh -c \
	    "[ $status = 0 ] && grep -q '^connection=disconnected ' '$T/out'"
	expect "...logged in as admin, said with -v" \
	    err_has 'logged in as admin'
	expect "...state-login, then the login, then the question" sh -c \
	    "grep -x -e 'GET /api/user/state-login 0' -e 'POST /api/user/login 0' \
	    -e 'GET /api/monitoring/status 0' '$STICK/requests.log' | \
	    tr '\n' ' ' | grep -q 'state-login 0 POST /api/user/login 0 GET /api/monitoring/status 0'"
	run "$HILINKCTL" -c "$T/nothing.conf" -u "$URL" status
	expect "a config named that is not there: 78" status_is 78
	run "$HILINKCTL" -c "$T/lg-bad.conf" -u "$URL" status
	expect "a wrong password: 77, said" sh -c \
	    "[ $status = 77 ] && grep -q 'login as admin: wrong username or password' '$T/err'"
	chmod 644 "$T/lg.conf"
	run "$HILINKCTL" -c "$T/lg.conf" -u "$URL" status
	expect "the password in a file others read: 78, refused" sh -c \
	    "[ $status = 78 ] && grep -q 'chmod 600' '$T/err'"
	conf_write "$T/lg-none.conf" oobm_link=usbnet
	run "$HILINKCTL" -c "$T/lg-none.conf" -u "$URL" status
	expect "no password set: 77, what to set said" sh -c \
	    "[ $status = 77 ] && grep -q 'set oobm_hilink_password' '$T/err'"
	run "$HILINKCTL" -c "$T/lg-bad.conf" -u "$URL" status
	run "$HILINKCTL" -c "$T/lg-bad.conf" -u "$URL" status
	run "$HILINKCTL" -c "$T/lg-bad.conf" -u "$URL" status
	expect "after three wrong: locked (108007), 77" sh -c \
	    "[ $status = 77 ] && grep -q 'too many failed' '$T/err'"
}

# hilinkctl(1)'s EXAMPLES, as written but for the stick's address
t_man_examples() {
	start_stick ex -c 0
	run "$HILINKCTL" -u "$URL" status
	expect "EXAMPLES: status" status_is 0
	run "$HILINKCTL" -u "$URL" -w 120 data on
	expect "EXAMPLES: data on, two minutes' wait" sh -c \
	    "[ $status = 0 ] && grep -q '^connection=connected ' '$T/out'"
}

run_tests "$0"
