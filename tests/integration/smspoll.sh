#!/bin/sh
# smspoll against modemsim: who may activate the link, with which secret,
# and what happens to everything else.  Messages are put into modemsim's
# store with "modemsim -S" (its own PDU encoder); TOTP codes come from
# oathtool, an implementation independent of ours.
# memcheck: yes (tests/run.sh runs it again under valgrind)
# shellcheck disable=SC2016 # $(id) and `id` are message text, unexpanded
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
SMSPOLL=$(tool smspoll)
ATCMD=$(tool atcmd)
OWNER=+46701234567
KEY=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ

# conf NAME SCHEME SECRET: a 0600 oobm.conf for simulator NAME
conf() {
	conf_write "$T/$1.conf" \
	    "oobm_modem=\"$T/$1/modem\"" \
	    "oobm_sms_auth=$2" \
	    "oobm_sms_secret='$3'" \
	    "oobm_sms_allow=\"$OWNER 0709876543\"" \
	    oobm_country_code=46 \
	    "oobm_sms_state=\"$T/$1/state/smspoll.state\""
}

# stored NAME N: wait until storage SM holds N messages
stored() {
	i=0
	while [ "$(find "$T/$1/SM" -type f ! -name '*.tmp' | wc -l)" -ne "$2" ]
	do
		i=$((i + 1))
		[ "$i" -lt 100 ] || return 1
		sleep 0.05
	done
}

store_empty() { stored "$1" 0; }

lines_are() {	# lines_are N: stdout has N lines, each a command line
	[ "$(wc -l <"$T/out")" -eq "$1" ] &&
	    ! grep -qv '^index=[0-9,]* sender=+[0-9]* time=[-0-9T:+]* command=[a-z]*\( minutes=[0-9]*\| seconds=[0-9]*\)\{0,1\}$' "$T/out"
}

t_passphrase_accepted_and_kept_until_ack() {
	start_sim ok
	conf ok passphrase correct-horse
	sms_put ok "$OWNER" 'correct-horse UP 45'
	stored ok 1
	run "$SMSPOLL" -c "$T/ok.conf"
	expect "allowed sender, right secret: exit 0" status_is 0
	expect "allowed sender, right secret: exactly one command line" \
	    lines_are 1
	expect "command line names index, sender, command and minutes" \
	    grep -q '^index=1 sender=+46701234567 time=20[0-9-]*T[0-9:]*+00:00 command=up minutes=45$' "$T/out"
	expect "handled message kept until acknowledged" stored ok 1
	run "$SMSPOLL" -c "$T/ok.conf" -d 1
	expect "-d 1: exit 0" status_is 0
	expect "-d 1: message deleted" store_empty ok
	sms_put ok 0709876543 'correct-horse down'
	stored ok 1
	run "$SMSPOLL" -D -c "$T/ok.conf"
	expect "national sender matches the allow list; DOWN" \
	    grep -q '^index=1 sender=+46709876543 .* command=down$' "$T/out"
	expect "-D: deleted once printed" store_empty ok
	sms_put ok "$OWNER" 'correct-horse POWER 20'
	sms_put ok "$OWNER" 'correct-horse power'
	run "$SMSPOLL" -D -c "$T/ok.conf"
	expect "POWER 20 and POWER: two command lines" lines_are 2
	expect "...seconds=20, then oobm_power_off_seconds' 10" sh -c \
	    "sed -n 's/.* command=power //p' '$T/out' | paste -sd' ' - |
	    grep -qx 'seconds=20 seconds=10'"
}

# refused WHAT ARGS...: smspoll ARGS is a usage error (64) saying WHAT,
# and the modem was not opened
refused() { usage_refused "$SMSPOLL" smspoll "$@"; }

# Issue 36, item 2: each line of smspoll(1)'s SYNOPSIS is a mode, every
# option of its line accepted, an option of another line refused.
t_modes() {
	start_sim modes
	conf modes passphrase correct-horse
	m=$T/modes/modem
	sms_put modes "$OWNER" 'correct-horse UP 45'
	stored modes 1
	run "$SMSPOLL" -D -v -c "$T/modes.conf" -l "$m" -s 115200 -t 5 -w 5
	expect "issue 36: reading the store, all its options: the UP, deleted" \
	    sh -c "[ $status = 0 ] && grep -q 'command=up minutes=45' '$T/out'"
	expect "issue 36: ...-D deleted it" store_empty modes
	refused "reading the store takes no operand" -c "$T/modes.conf" -w 5 1
	sms_put modes "$OWNER" 'correct-horse DOWN'
	stored modes 1
	run "$SMSPOLL" -L -T -v -c "$T/modes.conf" -l "$m" -s 115200 -t 5
	expect "issue 36: listing, all its options (-T: text mode): the DOWN shown" \
	    sh -c "[ $status = 0 ] && grep -q 'correct-horse DOWN' '$T/out'"
	refused "-D does not go with -L" -L -D -c "$T/modes.conf"
	refused "-L (listing) takes no operand" -L -c "$T/modes.conf" 1
	run "$SMSPOLL" -d -T -v -c "$T/modes.conf" -l "$m" -s 115200 -t 5 1
	expect "issue 36: deleting, all its options: exit 0, deleted" \
	    sh -c "[ $status = 0 ]"
	expect "issue 36: ...the DOWN is gone" store_empty modes
	refused "-w does not go with -d" -d -w 5 -c "$T/modes.conf" 1
	refused "-L does not go with -d" -d -L -c "$T/modes.conf" 1
	refused "-d (deleting) needs an index" -d -c "$T/modes.conf"
	run "$SMSPOLL" -V
	expect "issue 36: -V: the version, exit 0" \
	    sh -c "[ $status = 0 ] && grep -q '^smspoll [0-9]' '$T/out'"
	refused "-v does not go with -V" -V -v
	expect "issue 36: no refused -d deleted: two AT+CMGD, -D's and -d's" \
	    sh -c "[ \$(grep -c '^AT+CMGD=' '$T/modes/commands.log') -eq 2 ]"
}

# man_example MANPAGE: the shell of smspoll(1)'s first EXAMPLES display
# ("From a script"), as written there
man_example() {
	sed -n '/^From a script/,/^\.Ed/p' "$1" | sed '1,/^\.Bd/d; /^\.Ed/d'
}

# Issue 36, item 5: the man page's loop, run as written against modemsim
# with a stranger's junk beside the owner's UP: the UP obeyed once and
# deleted (before: "smspoll -d" ran while "smspoll -w" held the port,
# exit 69, and the UP stayed to be obeyed again).
t_man_example_loop() {
	start_sim loop -D 20
	conf loop passphrase correct-horse
	sms_put loop "$OWNER" 'correct-horse UP 20'
	sms_put loop +46700000001 'junk one'
	sms_put loop +46700000002 'junk two'
	sms_put loop +46700000003 'junk three'
	stored loop 4
	case $BIN in /*) bin=$BIN ;; *) bin=$(pwd)/$BIN ;; esac
	{
		echo 'bring_up() { echo "up $1" >>"$OBEYED"; }'
		echo 'take_down() { echo down >>"$OBEYED"; }'
		echo 'report() { echo "status $1" >>"$OBEYED"; }'
		echo 'power_cycle() { echo "power $1" >>"$OBEYED"; }'
		man_example "$(dirname "$0")/../../man/smspoll.1"
	} >"$T/loop.sh"
	run env PATH="$bin:$PATH" OOBM_CONF="$T/loop.conf" \
	    OBEYED="$T/obeyed" sh "$T/loop.sh"
	expect "issue 36: smspoll(1)'s loop, as written: exit 0, nothing said" \
	    sh -c "[ $status = 0 ] && [ ! -s '$T/err' ]"
	expect "issue 36: ...the UP obeyed once" \
	    sh -c "[ \"\$(cat '$T/obeyed')\" = 'up 20' ]"
	expect "issue 36: ...and deleted with the junk: the store empty" \
	    store_empty loop
	run "$SMSPOLL" -c "$T/loop.conf"
	expect "issue 36: ...so the next poll obeys nothing" \
	    sh -c "[ $status = 0 ] && [ ! -s '$T/out' ]"
}

# A dead predecessor's leftovers meet the poll at its open (issue 24,
# item 1).  On a stick slow to answer (-D 20 a line), the OK of its
# aborted prompt or the late answer to its command, taken for ours, shifts
# every answer by one: the listing then came back empty, exit 0, and the
# owner's message waited for a run that would be fooled alike.
t_sync_on_the_answer() {
	for left in prompt:80 reply:80; do
		name=left${left%%:*}
		start_sim "$name" -D 20 -O "$left"
		conf "$name" passphrase correct-horse
		sms_put "$name" "$OWNER" 'correct-horse UP'
		stored "$name" 1
		run "$SMSPOLL" -c "$T/$name.conf" -L
		expect "$left: the stored message listed, not an answer late" sh -c \
		    "[ $status = 0 ] && grep -q '^1 unread $OWNER .*: correct-horse UP\$' '$T/out'"
		expect "$left: the simulator saw the open (opens.log)" \
		    test -s "$T/$name/opens.log"
	done
	# a burst of URCs from the open on: no quiet to wait for
	start_sim urcs -O urcs:400
	conf urcs passphrase correct-horse
	sms_put urcs "$OWNER" 'correct-horse UP'
	stored urcs 1
	run "$SMSPOLL" -c "$T/urcs.conf" -L
	expect "URC burst at the open: the message listed" sh -c \
	    "[ $status = 0 ] && grep -q '^1 unread $OWNER .*: correct-horse UP\$' '$T/out'"
	first=$(head -n 1 "$T/urcs/opens.log")
	echo "# first command $first ms after the open, the poll $elapsed ms"
	if [ "${OOBM_VALGRIND:-0}" = 1 ]; then
		skip "URC burst: timing (not under valgrind)"
	else
		# a quiet window never came: the old way waited out its cap
		expect "URC burst: the first command at once (< 50 ms)" \
		    test "$first" -lt 50
	fi
	expect "a storage configured: no AT+CPMS=? asked" \
	    not grep -q '^AT+CPMS=?' "$T/urcs/commands.log"
	run "$SMSPOLL" -c "$T/urcs.conf" -L
	expect "+CMEE: 1 already: AT+CMEE=1 not sent again" \
	    test "$(grep -c '^AT+CMEE=1' "$T/urcs/commands.log")" -eq 1
}

# Issue 35, item 1: the owner's SMS is read whatever the modem's dialect
# of the sync's AT+CMEE?, whatever a dead predecessor left, and a modem
# that refuses AT+CMEE=1 as well is still polled (its errors bare).
up_read() {
	status_is 0 && [ "$elapsed" -lt "$(slow 3000)" ] &&
	    grep -q " sender=$OWNER .*command=up minutes=30\$" "$T/out"
}
t_sync_dialects() {
	for pair in $(dialect_pairs); do
		d=${pair%%/*} left=${pair#*/}
		name=p-$d-${left%%:*}
		start_dialect "$name" "$d" "$left"
		conf "$name" passphrase correct-horse
		sms_put "$name" "$OWNER" 'correct-horse UP'
		stored "$name" 1
		run "$SMSPOLL" -t 5 -c "$T/$name.conf"
		expect "$d, $left: the owner's UP read at once" up_read
	done
}

# Issue 35, item 5: on LTE without SMS no message ever arrives; an empty
# poll says so, exit 69, instead of "nothing new" (before: exit 0)
t_lte_without_sms() {
	start_sim lnosms -p ec25 -M lte-nosms
	conf lnosms passphrase correct-horse
	sms_put lnosms "$OWNER" 'correct-horse UP'
	run "$SMSPOLL" -c "$T/lnosms.conf"
	expect "LTE for data alone: exit 69" status_is 69
	expect "...said so, naming the network" err_has \
	    'registered on LTE with Telia, but not for SMS'
	expect "...the owner's message never reached the modem" \
	    test -n "$(ls "$T/lnosms/inbox")"
	start_sim lsgs -p ec25 -M lte
	conf lsgs passphrase correct-horse
	run "$SMSPOLL" -c "$T/lsgs.conf"
	expect "LTE with SMS over SGs, an empty store: exit 0" status_is 0
	expect "...one round trip for it (AT+CREG?), no more" sh -c \
	    "grep -c '^AT+C[EI]*REG?' '$T/lsgs/commands.log' | grep -qx 1"
	start_sim lims -p ec25 -M lte-ims
	conf lims passphrase correct-horse
	sms_put lims "$OWNER" 'correct-horse UP'
	stored lims 1
	run "$SMSPOLL" -c "$T/lims.conf"
	expect "LTE with IMS: the owner's UP read" up_read
}

# Security round two, item 2: a message the store holds as unsent (2) or
# sent (3), written there (AT+CMGW, a phone that had the SIM), is never
# obeyed, though its PDU is an SMS-DELIVER from the owner with the
# secret; 0 and 1, what the network delivered, are.  PDU and text mode.
t_round2_item2_stored_status() {
	for mode in pdu text; do
		n=st$mode
		start_sim "$n"
		conf "$n" passphrase correct-horse
		for st in 0 1 2 3; do
			sms_put "$n" "$OWNER" "correct-horse UP 1$st"
			stored "$n" $((st + 1))
		done
		# the store's own status, as modemsim keeps it (simsms.c)
		for st in 1 2 3; do
			sed -i "1s/.*/$st/" "$T/$n/SM/$((st + 1))"
		done
		opt=
		[ "$mode" = pdu ] || opt=-T
		run "$SMSPOLL" $opt -v -c "$T/$n.conf"
		expect "$mode: received (0 and 1) obeyed" eval \
		    'grep -q "^index=1 .*minutes=10$" "$T/out" &&
		    grep -q "^index=2 .*minutes=11$" "$T/out"'
		expect "$mode: stored unsent (2) and sent (3) not obeyed" lines_are 2
		expect "$mode: stored unsent rejected, saying why" \
		    err_has 'SMS 3 from +46701234567, .*not a received message'
		expect "$mode: stored sent rejected, saying why" \
		    err_has 'SMS 4 from +46701234567, .*not a received message'
	done
}

# Item 5: the commands in the order they were sent, not the store's: a
# slot used again holds the newer message below the older one.
t_round2_item5_sent_order() {
	start_sim ord
	conf ord passphrase correct-horse
	sms_put ord "$OWNER" 'correct-horse UP 30' -Z "$(scts_at -10)"
	stored ord 1
	sms_put ord "$OWNER" 'correct-horse DOWN' -Z "$(scts_at -120)"
	stored ord 2
	run "$SMSPOLL" -c "$T/ord.conf"
	expect "sent order: the older DOWN (index 2) first, the newer UP last" \
	    eval '[ "$(cut -d" " -f1,4 "$T/out" | tr "\n" " ")" = \
	    "index=2 command=down index=1 command=up " ]'
	# -d with a bad index: refused before anything is deleted
	run "$SMSPOLL" -c "$T/ord.conf" -d '1,'
	expect "-d '1,': a usage error (64)" status_is 64
	expect "-d '1,': says which index" err_has "index '': "
	expect "-d '1,': nothing deleted" stored ord 2
	expect "-d '1,': the modem not even opened" \
	    not grep -q 'AT+CMGD' "$T/ord/commands.log"
}

t_rejections_logged_and_deleted() {
	start_sim rej
	conf rej passphrase correct-horse
	sms_put rej +46700000000 'correct-horse UP'
	sms_put rej "$OWNER" 'wrong-horse UP'
	sms_put rej "$OWNER" 'correct-horse UP 30; reboot'
	sms_put rej "$OWNER" 'correct-horse $(id)'
	sms_put rej "$OWNER" 'correct-horse `id`'
	sms_put rej "$OWNER" "$(printf 'correct-horse UP\r\nreboot')"
	sms_put rej InfoSMS 'correct-horse UP'
	sms_put rej "$OWNER" 'correct-horse UP 9999'
	# an embedded NUL: UCS-2 U+0001 made U+0000 in the PDU
	mkdir -p "$T/nul"
	sms_put nul "$OWNER" "$(printf 'correct-horse UP\001')" -U
	# written aside, then moved in whole: modemsim must not read half
	sed '1s/0001$/0000/' "$T"/nul/inbox/* >"$T/nul.msg"
	mv "$T/nul.msg" "$T/rej/inbox/zz-nul"
	stored rej 9
	run "$SMSPOLL" -v -c "$T/rej.conf"
	expect "nine bad messages: exit 0" status_is 0
	expect "nine bad messages: no command line" sh -c \
	    "! grep -v ' command=refused reason=' '$T/out'"
	# issue 36: the owner's (right secret) told why, no one else
	expect "...the owner's three told why: the word, the word, the minutes" \
	    sh -c "sed 's/.* command=refused //' '$T/out' | tr '\n' ' ' |
	    grep -qx 'reason=command reason=command reason=minutes '"
	expect "all nine deleted" store_empty rej
	expect "unknown sender logged" err_has 'from +46700000000, 16 bytes: sender not allowed'
	expect "wrong secret logged" err_has 'SMS 2 from +46701234567, 14 bytes: wrong secret$'
	expect "'UP 30; reboot' rejected" \
	    err_has 'SMS 3 from +46701234567, 27 bytes: not SECRET COMMAND \[NUMBER\] in printable ASCII$'
	expect "\$(id) and backticks rejected" sh -c \
	    "grep -c 'bytes: unknown command\$' '$T/err' | grep -qx 2"
	expect "alphanumeric sender rejected" err_has 'from InfoSMS, 16 bytes: sender is not'
	expect "minutes beyond the maximum rejected" err_has 'minutes out of range'
	expect "no refused text logged, not even masked (issue 37, item 9)" \
	    sh -c "! grep -q 'reboot\\|(id)\\|\`id\`\\|\\*\\*\\*\\|correct-hors' '$T/err'"
	expect "stdout never carries message text" \
	    test "$(grep -c 'reboot\|id' "$T/out")" -eq 0
}

t_multipart_refused() {
	start_sim cat
	conf cat passphrase correct-horse
	sms_put cat "$OWNER" 'UP 30' -C 9:2:2
	sms_put cat "$OWNER" 'correct-horse ' -C 9:2:1
	stored cat 2
	run "$SMSPOLL" -v -c "$T/cat.conf"
	expect "a command in two parts: no command" out_empty
	expect "a command in two parts: each part rejected, saying why" \
	    test "$(grep -c 'multi-part message (a command is one SMS)' "$T/err")" -eq 2
	expect "a command in two parts: nothing kept" store_empty cat
}

# Issue 14, item 9: -L shows a concatenated message once, joined in its
# parts' order whatever the storage order, with its parts' indexes; a
# part not yet stored is shown as a gap.
t_list_joins_parts() {
	start_sim parts
	conf parts passphrase correct-horse
	sms_put parts "$OWNER" 'world, and all' -C 7:2:2
	sms_put parts "$OWNER" 'hello ' -C 7:2:1
	sms_put parts InfoSMS 'Your bill'
	sms_put parts +46700000000 'first ' -C 9:3:1
	sms_put parts +46700000000 'third' -C 9:3:3
	stored parts 5
	run "$SMSPOLL" -L -c "$T/parts.conf"
	sed 's/ [0-9-]*T[0-9:]*+00:00//' "$T/out" >"$T/out.notime"
	mv "$T/out.notime" "$T/out"
	expect "item 9: -L joins the parts, in order, once, with their indexes" \
	    out_is "2,1 unread $OWNER 2 parts, ref 7: hello world, and all" \
	    "3 unread InfoSMS: Your bill" \
	    "4,5 unread +46700000000 parts 1,3 of 3, ref 9: first [...]third"
	expect "item 9: -L still deletes nothing" stored parts 5
}

t_store_and_odd_entries() {
	start_sim odd
	conf odd passphrase correct-horse
	# a sent message and garbage, straight into the storage
	printf '3\n0011000B916407214365F70000A704F4F29C0E\n\n\n\n' >"$T/odd/SM/1"
	printf '0\n07916407058099F9040B91640721\n\n\n\n' >"$T/odd/SM/2"
	run "$SMSPOLL" -v -c "$T/odd.conf"
	expect "stored SMS-SUBMIT deleted" err_has 'SMS 1 .*not a received message'
	expect "undecodable PDU deleted" err_has 'SMS 2 .*PDU ends before'
	expect "storage empty" store_empty odd
}

t_full_store_drained() {
	start_sim full -c 3
	conf full passphrase correct-horse
	for n in 1 2 3 4; do
		sms_put full +46700000000 "junk $n"
	done
	sms_put full "$OWNER" 'correct-horse UP 10'
	stored full 3
	run "$SMSPOLL" -w 10 -c "$T/full.conf"
	expect "full store: drained, the waiting message arrives and counts" \
	    grep -q 'command=up minutes=10$' "$T/out"
	expect "full store: nothing left in the network's queue" \
	    test -z "$(ls "$T/full/inbox")"
}

t_list_changes_nothing() {
	start_sim list
	conf list passphrase correct-horse
	sms_put list "$OWNER" 'hej då, тест' -U
	sms_put list InfoSMS 'Your bill'
	stored list 2
	run "$SMSPOLL" -L -c "$T/list.conf"
	expect "-L: one line per message, decoded" out_is \
	    "1 unread $OWNER $(date -u +%Y)-$(sed -n 4p "$T/list/SM/1" | cut -c4-8 | tr / -)T$(sed -n 4p "$T/list/SM/1" | cut -c10-17)+00:00: hej då, тест" \
	    "2 unread InfoSMS $(date -u +%Y)-$(sed -n 4p "$T/list/SM/2" | cut -c4-8 | tr / -)T$(sed -n 4p "$T/list/SM/2" | cut -c10-17)+00:00: Your bill"
	expect "-L: nothing deleted" stored list 2
}

# TOTP codes come from oathtool, an implementation independent of ours
have_oathtool() {
	command -v oathtool >/dev/null 2>&1 && return 0
	skip "oathtool is not installed"
	return 1
}

code_at() {	# code_at SECONDS_FROM_NOW
	oathtool --totp -b "$KEY" \
	    --now "$(date -u -d "@$(($(date +%s) + $1))" '+%Y-%m-%d %H:%M:%S UTC')"
}

scts_at() {	# scts_at SECONDS_FROM_NOW: a service centre time stamp
	date -u -d "@$(($(date +%s) + $1))" '+%y/%m/%d,%H:%M:%S+00'
}

t_totp() {
	have_oathtool || return 0
	start_sim totp
	conf totp totp "$KEY"
	# a box whose state says no code was used yet
	mkdir -m 700 "$T/totp/state"
	printf 'step=0\nmessage=\n' >"$T/totp/state/smspoll.state"
	code=$(code_at 0)
	sms_put totp "$OWNER" "$code UP 20"
	stored totp 1
	run "$SMSPOLL" -c "$T/totp.conf"
	expect "TOTP: current code accepted" \
	    grep -q 'index=1 sender=+46701234567 .* command=up minutes=20$' "$T/out"
	expect "TOTP: state file is private" \
	    test "$(stat -c %a "$T/totp/state/smspoll.state")" = 600
	run "$SMSPOLL" -c "$T/totp.conf"
	expect "TOTP: same message after a crash before -d: printed again" \
	    lines_are 1
	run "$SMSPOLL" -c "$T/totp.conf" -d 1
	sms_put totp "$OWNER" "$code UP 20"
	stored totp 1
	run "$SMSPOLL" -v -c "$T/totp.conf"
	expect "TOTP: the code again in a new SMS: replay rejected" \
	    err_has 'code already used (replay)'
	expect "TOTP: replay prints nothing" out_empty
	sms_put totp "$OWNER" "$(code_at -150) UP"
	stored totp 1
	run "$SMSPOLL" -v -c "$T/totp.conf"
	expect "TOTP: code from 150 s ago: outside the window" \
	    err_has 'outside the time window'
	sms_put totp "$OWNER" "$(code_at 0 | tr 0-9 1-90) UP"
	stored totp 1
	run "$SMSPOLL" -v -c "$T/totp.conf"
	expect "TOTP: wrong code rejected" err_has 'wrong code'
	expect "TOTP: rejected ones deleted" store_empty totp
}

t_wait_answers_fast() {
	start_sim wait
	conf wait passphrase correct-horse
	"$SMSPOLL" -w 20 -c "$T/wait.conf" >"$T/wait.out" 2>"$T/wait.err" &
	pid=$!
	expect "-w: waits with +CMTI on" wait_for 5000 \
	    grep -qs '^AT+CNMI' "$T/wait/commands.log"
	t0=$(now_ms)
	sms_put wait "$OWNER" 'correct-horse UP'
	status=0
	wait "$pid" || status=$?
	elapsed=$(($(now_ms) - t0))
	cp "$T/wait.out" "$T/out"
	cp "$T/wait.err" "$T/err"
	expect "-w: answers the arrival with exit 0" status_is 0
	expect "-w: the command line" lines_are 1
	expect "-w: within 1 s of the message arriving" \
	    elapsed_within 0 1000
	expect "-w: the storage is chosen once, not again at each +CMTI" \
	    test "$(grep -c '^AT+CPMS="SM"' "$T/wait/commands.log")" -eq 1
}

# Issue 35, item 4: why a Quectel's URCs must come to its AT port: with
# them routed to its modem port (AT+QURCCFG="urcport","usbmodem") no
# +CMTI reaches smspoll -w, and the owner's SMS waits for its next list;
# routed back (what oobm boot does, atcmd -M), it is answered at once
cnmi_count() { grep -cs '^AT+CNMI' "$T/$1/commands.log" || true; }
cnmi_more() { [ "$(cnmi_count "$1")" -gt "$2" ]; }
# wait_once NAME SECONDS: smspoll -w, the owner's UP once this smspoll
# has asked for arrival notices (an AT+CNMI more than before: a log that
# holds an earlier one proves nothing); wstatus its exit status
wait_once() {
	wo_n=$(cnmi_count "$1")
	"$SMSPOLL" -w "$2" -c "$T/$1.conf" >"$T/$1.wout" 2>"$T/$1.werr" &
	wpid=$!
	wait_for 5000 cnmi_more "$1" "$wo_n"
	t0=$(now_ms)
	sms_put "$1" "$OWNER" 'correct-horse UP'
	wstatus=0
	wait "$wpid" || wstatus=$?
	elapsed=$(($(now_ms) - t0))
	cp "$T/$1.wout" "$T/out"
}
t_urc_port() {
	start_sim qurc -p ec25 -M lte
	conf qurc passphrase correct-horse
	"$ATCMD" -l "$T/qurc/modem" 'AT+QURCCFG="urcport","usbmodem"'
	wait_once qurc 3
	expect "URCs to the modem port: no +CMTI; the UP found only as -w's 3 s end" \
	    sh -c "[ $wstatus = 0 ] && grep -q 'command=up' '$T/out' && [ $elapsed -ge 2500 ]"
	"$SMSPOLL" -c "$T/qurc.conf" -d 1 >/dev/null
	"$ATCMD" -l "$T/qurc/modem" 'AT+QURCCFG="urcport","usbat"'
	wait_once qurc 20
	expect "URCs to the AT port: answered at once" sh -c \
	    "[ $wstatus = 0 ] && grep -q 'command=up' '$T/out' && [ $elapsed -lt $(slow 1000) ]"
}

# A message that arrives while the store is being listed: its +CMTI
# comes inside the listing's answer (the simulator takes it just before
# AT+CMGL's OK, -I).  The wait lists again at once; it forgot the flag
# before fef76df, and the message waited for the 30 s relist.
t_wait_arrival_during_list() {
	start_sim mid -I AT+CMGL
	conf mid passphrase correct-horse
	sms_put mid "$OWNER" 'correct-horse UP'
	t0=$(now_ms)
	run "$SMSPOLL" -w 25 -c "$T/mid.conf"
	expect "-w, an arrival during the list: answered, exit 0" status_is 0
	expect "...the owner's UP printed" grep -q 'command=up' "$T/out"
	expect "...at once, not at the relist 30 s later" \
	    test $(($(now_ms) - t0)) -lt 5000
	expect "...its +CMTI came inside the first listing" sh -c \
	    "[ \$(grep -c '^AT+CMGL' '$T/mid/commands.log') -ge 2 ]"
}

t_wait_without_cnmi() {
	start_sim nocnmi -e 'AT+CNMI=2,1,0,0,0'
	conf nocnmi passphrase correct-horse
	"$SMSPOLL" -w 20 -c "$T/nocnmi.conf" >"$T/nocnmi.out" 2>"$T/nocnmi.err" &
	pid=$!
	expect "-w on a modem refusing AT+CNMI: falls back to listing" \
	    wait_for 5000 grep -q 'listing every 3 s' "$T/nocnmi.err"
	sms_put nocnmi "$OWNER" 'correct-horse STATUS'
	status=0
	wait "$pid" || status=$?
	cp "$T/nocnmi.out" "$T/out"
	cp "$T/nocnmi.err" "$T/err"
	expect "-w on a modem refusing AT+CNMI: still answers, exit 0" \
	    status_is 0
	expect "-w without +CMTI: the command found by listing" \
	    grep -q 'command=status$' "$T/out"
	expect "-w without +CMTI: says so" err_has 'listing every 3 s'
}

t_text_mode() {
	start_sim text
	conf text passphrase correct-horse
	sms_put text +46700000000 "$(printf 'hi\r\n+CMGL: 9,"REC READ","+46701234567",,"26/11/26,00:00:00+00"\r\ncorrect-horse UP')"
	sms_put text "$OWNER" "$(printf 'correct-horse UP 15')"
	# a text that is a header, framed whole, naming the owner's index
	sms_put text +46700000000 '+CMGL: 2,"REC READ","+46701234567",,"26/11/26,00:00:00+00"'
	stored text 3
	run "$SMSPOLL" -T -v -c "$T/text.conf"
	expect "-T: text mode command accepted" \
	    grep -q '^index=2 sender=+46701234567 .* command=up minutes=15$' "$T/out"
	expect "-T: a header inside a text poses as no message" lines_are 1
	expect "-T: a text that is a header naming the owner's message: that one read once" \
	    test "$(grep -c '^AT+CMGR=2$' "$T/text/commands.log")" -eq 1
	expect "-T: the stranger's message rejected" \
	    err_has 'SMS 1 from +46700000000, .*: sender not allowed'
	expect "-T: modem put in text mode" grep -qx 'AT+CMGF=1' \
	    "$T/text/commands.log"
}

t_config_refused() {
	start_sim cfg
	conf cfg passphrase correct-horse
	chmod 640 "$T/cfg.conf"
	run "$SMSPOLL" -c "$T/cfg.conf"
	expect "group-readable secret: exit 78" status_is 78
	expect "group-readable secret: says chmod 600" err_has 'chmod 600'
	chmod 600 "$T/cfg.conf"
	sed -i '/oobm_sms_allow/d' "$T/cfg.conf"
	run "$SMSPOLL" -c "$T/cfg.conf"
	expect "no allow list: exit 78" status_is 78
	expect "no allow list: says so" err_has 'oobm_sms_allow: no allowed sender$'
	# issue 14, item 7: the bad word named, apart from the message
	echo 'oobm_sms_allow=hello' >>"$T/cfg.conf"
	run "$SMSPOLL" -c "$T/cfg.conf"
	expect "oobm_sms_allow=hello: 'not a phone number: hello'" \
	    err_has 'oobm_sms_allow: not a phone number: hello$'
	# issue 14, item 7: a national allow list without a country code
	# would never match the owner, whom the network names +46...
	sed -i '/oobm_sms_allow/d; /oobm_country_code/d' "$T/cfg.conf"
	echo 'oobm_sms_allow="0701234567"' >>"$T/cfg.conf"
	run "$SMSPOLL" -c "$T/cfg.conf"
	expect "national allow list, no country code: exit 78, says what to set" \
	    sh -c "[ $status = 78 ] && grep -q '0701234567 is a national number: set oobm_country_code' '$T/err'"
	conf cfg passphrase short
	run "$SMSPOLL" -c "$T/cfg.conf"
	expect "too short a passphrase: exit 78" status_is 78
	conf cfg totp 'not base32!'
	run "$SMSPOLL" -c "$T/cfg.conf"
	expect "bad TOTP key: exit 78" status_is 78
	run "$SMSPOLL" -d -c "$T/cfg.conf"
	expect "-d without an index: exit 64" status_is 64
}

# A typo'd key is warned of once: smspoll reads the file once, for the
# modem's settings and its own keys alike.
t_unknown_key_once() {
	start_sim typo
	conf typo passphrase correct-horse
	echo 'oobm_modme_speed=9600' >>"$T/typo.conf"
	run "$SMSPOLL" -c "$T/typo.conf"
	expect "an unknown key: the poll still runs" status_is 0
	expect "an unknown key: warned of once, with file:line" \
	    sh -c "[ \$(grep -c 'typo.conf:7: unknown key oobm_modme_speed' '$T/err') = 1 ]"
}

# -l names the port, and the file smspoll reads anyway still gives the
# speed, as smspoll(1) says
t_speed_from_the_file_read() {
	start_sim speed
	conf speed passphrase correct-horse
	echo 'oobm_modem_speed=9600' >>"$T/speed.conf"
	run env OOBM_CONF="$T/speed.conf" "$SMSPOLL" -v -L -l "$T/speed/modem"
	expect "-l with the file read: its oobm_modem_speed" \
	    sh -c "[ $status = 0 ] && grep -q ': 9600 8N1 through' '$T/err'"
}

# --- the SMS door (issue 10): each test fails on the code before the fix ---

# 1. The text is read by its length: a stranger's bytes stored before the
#    owner's message cannot become the owner's minutes.
t_item1_stranger_cannot_change_minutes() {
	start_sim i1
	conf i1 passphrase correct-horse
	sms_put i1 +46700000000 'xxxxxxxxxxxxxxxxxx99'
	sms_put i1 "$OWNER" 'correct-horse UP 1'
	sms_put i1 +46700000000 'xxxxxxxxxxxxxxxxxx999'
	sms_put i1 "$OWNER" 'correct-horse UP 2'
	stored i1 4
	run "$SMSPOLL" -c "$T/i1.conf"
	expect "item 1: the owner's UP 1 after a stranger's ...99: minutes=1" \
	    grep -q '^index=2 .* command=up minutes=1$' "$T/out"
	expect "item 1: the owner's UP 2 after a stranger's ...999: minutes=2" \
	    grep -q '^index=4 .* command=up minutes=2$' "$T/out"
	expect "item 1: exactly the owner's two commands" lines_are 2
}

# 2. A part with the owner's number and reference cannot join the
#    owner's part: no command comes from parts.
t_item2_spoofed_part_cannot_join() {
	start_sim i2
	conf i2 passphrase correct-horse
	sms_put i2 "$OWNER" 'correct-horse ' -C 77:2:1
	sms_put i2 "$OWNER" 'UP 240' -C 77:2:2
	sms_put i2 "$OWNER" 'DOWN' -C 77:2:2
	stored i2 3
	run "$SMSPOLL" -v -c "$T/i2.conf"
	expect "item 2: owner's part 1 and forged part 2: no command" out_empty
	expect "item 2: every part deleted" store_empty i2
}

# 3. A sender whose type of number is alphanumeric is no number.
t_item3_alphanumeric_sender_is_no_number() {
	start_sim i3
	conf i3 passphrase correct-horse
	sms_put i3 0701234567 'correct-horse UP' -A
	sms_put i3 070-1234567 'correct-horse UP'
	stored i3 2
	run "$SMSPOLL" -v -c "$T/i3.conf"
	expect "item 3: alphanumeric '0701234567' and '070-1234567': no command" \
	    out_empty
	expect "item 3: both rejected as no phone number" \
	    test "$(grep -c 'sender is not a phone number' "$T/err")" -eq 2
	start_sim i3t
	conf i3t passphrase correct-horse
	sms_put i3t 0701234567 'correct-horse UP' -A
	stored i3t 1
	run "$SMSPOLL" -T -v -c "$T/i3t.conf"
	expect "item 3: text mode: the type from +CSDH=1 <tooa> rejects it too" \
	    err_has 'sender is not a phone number'
}

# 4. Parts of unfinished messages are not kept: strangers cannot fill the
#    store, nor can a part dated ten years ahead stay.
t_item4_strangers_cannot_fill_store() {
	start_sim i4 -c 5
	conf i4 passphrase correct-horse
	for n in 1 2 3 4; do
		sms_put i4 +46700000000 "part $n" -C "$n:2:1"
	done
	sms_put i4 +46700000000 'later' -C 5:2:1 -Z "$(scts_at 315360000)"
	stored i4 5
	run "$SMSPOLL" -v -c "$T/i4.conf"
	expect "item 4: five waiting parts from a stranger: all deleted" \
	    store_empty i4
	sms_put i4 "$OWNER" 'correct-horse UP 10'
	stored i4 1 || true	# a full store never takes it
	run "$SMSPOLL" -c "$T/i4.conf"
	expect "item 4: the owner's command then arrives and counts" \
	    grep -q 'command=up minutes=10$' "$T/out"
}

# 5. A state file that does not parse is reported and fails safe: no
#    replay of a used code, no lock-out of a new one.
t_item5_bad_state_fails_safe() {
	have_oathtool || return 0
	start_sim i5
	conf i5 totp "$KEY"
	st=$T/i5/state/smspoll.state
	code=$(code_at 0)
	for bad in empty garbage missing; do
		sms_put i5 "$OWNER" "$code UP 20"
		stored i5 1
		run "$SMSPOLL" -D -c "$T/i5.conf"
		case $bad in
		empty) : >"$st" ;;
		garbage) printf 'step=12ab\nmessage=zz\n' >"$st" ;;
		missing) rm -f "$st" ;;
		esac
		sms_put i5 "$OWNER" "$code UP 20"
		stored i5 1
		run "$SMSPOLL" -v -c "$T/i5.conf"
		expect "item 5: $bad state: a used code is not accepted again" \
		    out_empty
		expect "item 5: $bad state: reported" \
		    err_has 'refusing codes from before now'
	done
	printf 'step=-1\n' >"$st"
	sms_put i5 "$OWNER" "$(code_at 60) UP 20" -Z "$(scts_at 60)"
	stored i5 1
	run "$SMSPOLL" -D -v -c "$T/i5.conf"
	expect "item 5: step=-1: reported" err_has 'step is not a number'
	expect "item 5: step=-1: a new code is still accepted" lines_are 1
	printf 'step=999999999999\n' >"$st"
	sms_put i5 "$OWNER" "$(code_at 120) UP 20" -Z "$(scts_at 120)"
	stored i5 1
	run "$SMSPOLL" -v -c "$T/i5.conf"
	expect "item 5: a step in the future: reported" err_has 'in the future'
	expect "item 5: a step in the future: a new code is still accepted" \
	    lines_are 1
}

# 6. The age limit holds for passphrases too.
t_item6_passphrase_age() {
	start_sim i6
	conf i6 passphrase correct-horse
	sms_put i6 "$OWNER" 'correct-horse UP' -Z "$(scts_at -315360000)"
	sms_put i6 "$OWNER" 'correct-horse UP' -Z "$(scts_at 315360000)"
	sms_put i6 "$OWNER" 'correct-horse UP' -Z "$(scts_at -700)"
	stored i6 3
	run "$SMSPOLL" -v -c "$T/i6.conf"
	expect "item 6: passphrase dated 10 years back, ahead, 700 s back: none" \
	    sh -c "! grep -v ' command=refused reason=age skew=' '$T/out'"
	# how far, within the seconds a slow run (memcheck) takes
	expect "...each told to the owner with how far it is (issue 36)" sh -c \
	    "grep -c 'reason=age skew=\\(-\\?3153\\(6000\\|599[0-9]\\)[0-9]\\|70[0-9]\\)\$' '$T/out' |
	    grep -qx 3"
	expect "item 6: each rejected for its time" \
	    test "$(grep -c 'message time too far from now' "$T/err")" -eq 3
}

# 7. Nothing that could be the secret reaches the log.
t_item7_secret_never_logged() {
	start_sim i7
	conf i7 passphrase correct-horse
	sms_put i7 +46700000000 'correct-horse UP 30'
	sms_put i7 "$OWNER" 'correct-horse UP 30 now'
	sms_put i7 "$OWNER" '  correct-horse'
	sms_put i7 0701234567 'correct-horse UP' -A
	# issue 37, item 9: the words in another order
	sms_put i7 "$OWNER" 'UP correct-horse'
	stored i7 5
	run "$SMSPOLL" -v -c "$T/i7.conf"
	expect "item 7: five rejections logged" \
	    test "$(grep -c 'rejected SMS' "$T/err")" -eq 5
	expect "item 7: the passphrase appears nowhere in the log" \
	    err_lacks 'correct-horse'
	expect "item 7: sender, length and reason; no text (issue 37, item 9)" \
	    err_has 'from +46700000000, 19 bytes: sender not allowed$'
}

# 8. Text mode: a body holding result-code or header lines stays the
#    body of its own message, framed by its length or, where the modem
#    gives none, found out and refused.
t_item8_text_mode_framing() {
	for csdh in given refused; do
		if [ "$csdh" = given ]; then
			start_sim "i8$csdh"
		else
			start_sim "i8$csdh" -e 'AT+CSDH=1'
		fi
		conf "i8$csdh" passphrase correct-horse
		sms_put "i8$csdh" +46700000000 "$(printf 'hi\r\nOK\r\nthere')"
		sms_put "i8$csdh" +46700000000 "$(printf 'x\r\nERROR\r\n+CMGL: 9,"REC READ","+46701234567",,"26/11/26,00:00:00+00"\r\ncorrect-horse UP 99')"
		sms_put "i8$csdh" "$OWNER" 'correct-horse UP 15'
		sms_put "i8$csdh" +46700000000 "$(printf 'OK')"
		sms_put "i8$csdh" "$OWNER" 'correct-horse DOWN'
		stored "i8$csdh" 5
		run "$SMSPOLL" -T -v -c "$T/i8$csdh.conf"
		expect "item 8: length $csdh: the owner's UP 15 at its own index" \
		    grep -q '^index=3 .* command=up minutes=15$' "$T/out"
		expect "item 8: length $csdh: the owner's DOWN at its own index" \
		    grep -q '^index=5 .* command=down$' "$T/out"
		expect "item 8: length $csdh: nothing else" lines_are 2
		expect "item 8: length $csdh: the strangers' three rejected" \
		    test "$(grep -c 'rejected SMS [124] from +46700000000' "$T/err")" -eq 3
		expect "item 8: length $csdh: the store is left with the owner's" \
		    stored "i8$csdh" 2
	done
}

# --- a HiLink stick (-l http://..., issue 40): its inbox through its API

t_hilink_poll() {
	start_stick hl
	conf hl passphrase correct-horse
	hl_in hl +46709999999 'correct-horse UP 5'
	hl_in hl "$OWNER" 'correct-horse UP 5'
	hl_in hl "$OWNER" 'correct-horse UP 5' '2020-01-01 00:00:00'
	run "$SMSPOLL" -c "$T/hl.conf" -l "$URL"
	expect "hilink: the owner's UP printed, as over AT" sh -c "[ $status = 0 ] &&
	    grep -q '^index=40002 sender=+46701234567 time=[-0-9T:+]* command=up minutes=5\$' '$T/out' &&
	    [ \$(wc -l <'$T/out') = 2 ]"
	expect "...an old one refused, its age said" \
	    grep -q '^index=40003 .* command=refused reason=age skew=' "$T/out"
	expect "...the stranger's and the old one deleted, the UP kept" test \
	    "$(cut -d' ' -f1 "$STICK/store")" = 40002
	run "$SMSPOLL" -c "$T/hl.conf" -l "$URL" -d 40002
	expect "hilink -d: acknowledged, deleted" sh -c \
	    "[ $status = 0 ] && [ ! -s '$STICK/store' ]"
}

t_hilink_pages() {
	start_stick pg
	conf pg passphrase correct-horse
	i=0
	while [ "$i" -lt 22 ]; do
		hl_in pg "+4670999000$i" "junk $i"
		i=$((i + 1))
	done
	hl_in pg "$OWNER" 'correct-horse DOWN'
	run "$SMSPOLL" -c "$T/pg.conf" -l "$URL" -D
	expect "hilink, 23 messages: the DOWN on the second page found" sh -c \
	    "[ $status = 0 ] && grep -q '^index=40023 .* command=down\$' '$T/out'"
	expect "...two pages asked" sh -c \
	    "[ \$(grep -c '^POST /api/sms/sms-list 0\$' '$STICK/requests.log') = 2 ]"
	expect "...every one deleted (-D)" test ! -s "$STICK/store"
}

t_hilink_wait() {
	start_stick wt
	conf wt passphrase correct-horse
	"$SMSPOLL" -c "$T/wt.conf" -l "$URL" -w 20 -D >"$T/wt.out" 2>&1 &
	pid=$!
	sleep 1
	t0=$(now_ms)
	hl_in wt "$OWNER" 'correct-horse STATUS'
	st=0
	wait "$pid" || st=$?
	took=$(($(now_ms) - t0))
	expect "hilink -w: the STATUS that came meanwhile, within a few seconds" \
	    sh -c "[ $st = 0 ] && grep -q 'command=status' '$T/wt.out' &&
	    [ $took -lt $(slow 5000) ]"
	expect "...the stick asked for its unread count, not listed each time" \
	    sh -c "[ \$(grep -c '^POST /api/sms/sms-list' '$STICK/requests.log') -le 3 ]"
}

t_hilink_refusals() {
	start_stick rf
	conf rf passphrase correct-horse
	run "$SMSPOLL" -c "$T/rf.conf" -l "$URL" -T
	expect "hilink -T: 64" status_is 64
	run "$SMSPOLL" -c "$T/rf.conf" -l http://127.0.0.1:1 -t 3
	expect "hilink, nothing there: 69" status_is 69
	hl_in rf "$OWNER" "correct-horse UP 5 \$(id) \`id\` ;rm"
	hl_in rf "$OWNER" "$(printf 'correct-horse\nUP 5')"
	run "$SMSPOLL" -c "$T/rf.conf" -l "$URL"
	expect "hilink, hostile texts: refused, nothing of them printed" sh -c \
	    "[ $status = 0 ] && ! grep -q 'command=up\|id\|rm' '$T/out'"
	expect "...and deleted" test ! -s "$STICK/store"
	run "$SMSPOLL" -c "$T/rf.conf" -l "$URL" -L
	expect "hilink -L: an empty inbox, exit 0" sh -c \
	    "[ $status = 0 ] && [ ! -s '$T/out' ]"
}

# A stick with a password: smspoll logs in with oobm_hilink_password
t_hilink_login() {
	start_stick lgs -P 'correct horse'
	conf lgs passphrase correct-horse
	hl_in lgs "$OWNER" 'correct-horse UP 5'
	run "$SMSPOLL" -c "$T/lgs.conf" -l "$URL"
	expect "hilink, a password and none set: 77" status_is 77
	echo "oobm_hilink_password='correct horse'" >>"$T/lgs.conf"
	run "$SMSPOLL" -c "$T/lgs.conf" -l "$URL" -D
	expect "...set: logged in, the UP printed and deleted" sh -c \
	    "[ $status = 0 ] && grep -q 'command=up minutes=5' '$T/out' &&
	    [ ! -s '$STICK/store' ]"
}

run_tests "$0"
