#!/bin/sh
# The HiLink stick's simulator (tests/sim/hilinksim.c, issue 40) against
# what docs/hilink.md says of the real sticks, driven by curl(1): the
# session (cookie, single-use tokens, 125002/125003), the SMS inbox
# (sms-list's order and pages, delete, send), the data switch with its
# hook, and the faults (busy, an expired session, a reboot).  The tools'
# own client is tested against it elsewhere; this holds the simulator to
# the description first.
# shellcheck disable=SC2016 # the hooks' own "$1"
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

# session: a new session; SID and TOK from SesTokInfo
session() {
	curl -s "$URL/api/webserver/SesTokInfo" >"$T/sestok"
	SID=$(sed -n 's/.*<SesInfo>\(SessionID=\)\{0,1\}\(.*\)<\/SesInfo>.*/\2/p' "$T/sestok")
	TOK=$(sed -n 's/.*<TokInfo>\(.*\)<\/TokInfo>.*/\1/p' "$T/sestok")
}

# get PATH: the answer in $T/out
get() { run curl -s -H "Cookie: SessionID=$SID" "$URL$1"; }

# post PATH BODY: with the token, the next one kept from the answer
post() {
	run curl -s -D "$T/head" -H "Cookie: SessionID=$SID" \
	    -H "__RequestVerificationToken: $TOK" --data-binary "$2" "$URL$1"
	n=$(sed -n 's/^__RequestVerificationToken: \([A-Za-z0-9]*\).*/\1/p' \
	    "$T/head")
	[ -z "$n" ] || TOK=$n
}

code_is() { grep -q "<code>$1</code>" "$T/out"; }
has() { grep -q -- "$1" "$T/out"; }
LIST1='<request><PageIndex>1</PageIndex><ReadCount>20</ReadCount><BoxType>1</BoxType><SortType>0</SortType><Ascending>0</Ascending><UnreadPreferred>0</UnreadPreferred></request>'

# sms_in NAME PHONE TEXT: a message the stick receives
sms_in() {
	printf '%s\n2026-12-07 05:00:00\n%s' "$2" "$3" >"$T/$1/inbox/.m"
	mv "$T/$1/inbox/.m" "$T/$1/inbox/m.$(now_ms)"
}

t_session() {
	start_stick ses
	session
	expect "SesTokInfo: a SessionID cookie and a 32-character token" \
	    sh -c "grep -q '<SesInfo>SessionID=[A-Za-z0-9]*</SesInfo>' '$T/sestok' &&
	    [ ${#TOK} = 32 ]"
	run curl -s "$URL/api/monitoring/status"
	expect "no cookie: 125003" code_is 125003
	get /api/monitoring/status
	expect "with the cookie: the status" has '<ConnectionStatus>902<'
	old=$TOK
	post /api/sms/sms-list "$LIST1"
	expect "a POST with the token: answered, a new token given" \
	    sh -c "grep -q '<Count>0</Count>' '$T/out' && [ '$TOK' != '$old' ]"
	TOK=$old
	post /api/sms/sms-list "$LIST1"
	expect "the token used again: 125002" code_is 125002
	: >"$STICK/expire"
	post /api/sms/sms-list "$LIST1"
	expect "the session expired: 125002 with a fresh token" code_is 125002
	session
	post /api/sms/sms-list "$LIST1"
	expect "a new session: answered again" has '<Count>0</Count>'
	start_stick bare -n
	session
	expect "-n: SesInfo without SessionID= (some firmware)" \
	    sh -c "grep -q '<SesInfo>[A-Za-z0-9]*</SesInfo>' '$T/sestok'"
}

t_sms() {
	start_stick sms
	sms_in sms +46701234567 'correct-horse UP 5'
	sms_in sms +46709999999 'a & <b>'
	wait_for 3000 sh -c "[ \$(wc -l <'$STICK/store') = 2 ]"
	session
	post /api/sms/sms-list "$LIST1"
	expect "sms-list: Count 2, both, escaped" sh -c \
	    "grep -q '<Count>2</Count>' '$T/out' &&
	    grep -q '<Index>40001</Index>' '$T/out' &&
	    grep -q '<Content>a &amp; &lt;b&gt;</Content>' '$T/out'"
	post /api/sms/sms-list '<request><PageIndex>2</PageIndex><ReadCount>1</ReadCount><BoxType>1</BoxType><SortType>0</SortType><Ascending>0</Ascending><UnreadPreferred>0</UnreadPreferred></request>'
	expect "page 2 of 1: the second, Count the box's 2" sh -c \
	    "grep -q '<Count>2</Count>' '$T/out' &&
	    grep -q '<Index>40002</Index>' '$T/out' &&
	    ! grep -q '<Index>40001</Index>' '$T/out'"
	post /api/sms/sms-list '<request><ReadCount>20</ReadCount><PageIndex>1</PageIndex><BoxType>1</BoxType><SortType>0</SortType><Ascending>0</Ascending><UnreadPreferred>0</UnreadPreferred></request>'
	expect "elements out of the web UI's order: 100005" code_is 100005
	get /api/monitoring/check-notifications
	expect "check-notifications: 2 unread" has '<UnreadMessage>2<'
	post /api/sms/set-read '<request><Index>40001</Index></request>'
	get /api/sms/sms-count
	expect "set-read: 1 unread of 2" sh -c \
	    "grep -q '<LocalUnread>1<' '$T/out' && grep -q '<LocalInbox>2<' '$T/out'"
	post /api/sms/delete-sms '<request><Index>40001</Index></request>'
	expect "delete-sms: OK, one left" sh -c \
	    "grep -q '<response>OK</response>' '$T/out' &&
	    [ \$(wc -l <'$STICK/store') = 1 ]"
	post /api/sms/delete-sms '<request><Index>40001</Index></request>'
	expect "deleting it again: 113036" code_is 113036
	post /api/sms/send-sms '<request><Index>-1</Index><Phones><Phone>+46701234567</Phone></Phones><Sca></Sca><Content>link is up</Content><Length>10</Length><Reserved>1</Reserved><Date>2026-12-07 05:00:00</Date></request>'
	expect "send-sms: OK, written" sh -c \
	    "grep -q OK '$T/out' && [ \"\$(cat '$STICK/sent/1.txt')\" = \"\$(printf '+46701234567\nlink is up')\" ]"
}

t_data() {
	printf '#!/bin/sh\necho "$1" >>"%s"\n' "$T/hook.log" >"$T/hook"
	chmod +x "$T/hook"
	start_stick data -c 300 -X "$T/hook"
	session
	post /api/dialup/mobile-dataswitch '<request><dataswitch>1</dataswitch></request>'
	expect "dataswitch 1: OK, the hook's up" sh -c \
	    "grep -q OK '$T/out' && [ \"\$(cat '$T/hook.log')\" = up ]"
	get /api/monitoring/status
	expect "...connecting first (900)" has '<ConnectionStatus>900<'
	expect "...then connected (901), an address" wait_for 3000 sh -c \
	    "curl -s -H 'Cookie: SessionID=$SID' '$URL/api/monitoring/status' |
	    grep -q '<ConnectionStatus>901</ConnectionStatus>.*<WanIPAddress>198.18.7.2<'"
	get /api/dialup/mobile-dataswitch
	expect "the switch reads 1" has '<dataswitch>1<'
	post /api/dialup/mobile-dataswitch '<request><dataswitch>0</dataswitch></request>'
	get /api/monitoring/status
	expect "dataswitch 0: disconnected (902), the hook's down" sh -c \
	    "grep -q '<ConnectionStatus>902<' '$T/out' &&
	    [ \"\$(tr '\n' ' ' <'$T/hook.log')\" = 'up down ' ]"
}

t_faults() {
	printf '#!/bin/sh\necho "$1" >>"%s"\n' "$T/fhook.log" >"$T/fhook"
	chmod +x "$T/fhook"
	start_stick faults -c 0 -X "$T/fhook"
	session
	echo 2 >"$STICK/busy"
	get /api/monitoring/status
	expect "busy: 100004" code_is 100004
	get /api/monitoring/status
	expect "...twice" code_is 100004
	get /api/monitoring/status
	expect "...then answered" has '<ConnectionStatus>'
	post /api/dialup/mobile-dataswitch '<request><dataswitch>1</dataswitch></request>'
	: >"$STICK/reboot"
	run curl -s -m 5 "$URL/api/webserver/SesTokInfo"
	expect "rebooting: no answer" sh -c "[ $status != 0 ] && [ ! -s '$T/out' ]"
	expect "...the data path taken away" \
	    sh -c "[ \"\$(tr '\n' ' ' <'$T/fhook.log')\" = 'up down ' ]"
	expect "back after the reboot" wait_for 6000 sh -c \
	    "curl -s '$URL/api/webserver/SesTokInfo' | grep -q TokInfo"
	get /api/monitoring/status
	expect "...the old session gone: 125002" code_is 125002
	session
	get /api/dialup/mobile-dataswitch
	expect "...the data switch off" has '<dataswitch>0<'
}

run_tests "$0"
