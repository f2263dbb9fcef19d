#!/bin/sh
# smssend against modemsim: encoding, parts, errors; modemsim decodes and
# reassembles what it receives (its own PDU code, not the tool's).
# memcheck: yes (tests/run.sh runs it again under valgrind)
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
SMSSEND=$(tool smssend)

sent_is() {	# sent_is SIMNAME N TO PARTS TEXT
	printf 'to=%s\nparts=%s\n%s\n' "$3" "$4" "$5" |
	    cmp -s - "$T/$1/sent/$2.txt"
}

t_short_text() {
	start_sim short -u 30
	run "$SMSSEND" -l "$TTY" +46701234567 link is down
	expect "short text: exit 0" status_is 0
	expect "short text: one part and its reference" out_is 'part=1/1 mr=1'
	expect "short text: the network got it" \
	    sent_is short 1 +46701234567 1 'link is down'
	printf 'from stdin\n' >"$T/in"
	run sh -c '"$0" -l "$1" 0701234567 <"$2"' "$SMSSEND" "$TTY" "$T/in"
	expect "text from stdin, national number" \
	    sent_is short 2 0701234567 1 'from stdin'
	expect "modem was put in PDU mode" grep -qx 'AT+CMGF=0' \
	    "$T/short/commands.log"
}

# Issue 35, item 1: the text goes out whatever the modem's dialect of
# the sync's AT+CMEE? and whatever a dead predecessor left at the open.
t_sync_dialects() {
	for pair in $(dialect_pairs); do
		d=${pair%%/*} left=${pair#*/}
		name=s-$d-${left%%:*}
		start_dialect "$name" "$d" "$left"
		run "$SMSSEND" -t 5 -l "$TTY" +46701234567 "via $d"
		expect "$d, $left: sent at once, one part" sh -c \
		    "[ $status = 0 ] && [ $elapsed -lt $(slow 3000) ]"
		expect "$d, $left: the network got it" \
		    sent_is "$name" 1 +46701234567 1 "via $d"
	done
}

# Issue 35, item 5: registered on LTE for data alone, the modem refuses
# AT+CMGS; smssend says why, exit 69 (before: 1, "+CMS ERROR: 331")
t_lte_without_sms() {
	start_sim nosms -p ec25 -M lte-nosms
	run "$SMSSEND" -l "$TTY" +46701234567 'link is down'
	expect "LTE for data alone: exit 69" status_is 69
	expect "...said so" err_has \
	    "registered on LTE with Telia, but not for SMS"
	start_sim ims -p ec25 -M lte-ims
	run "$SMSSEND" -l "$TTY" +46701234567 'over IMS'
	expect "LTE with IMS: sent" sh -c "[ $status = 0 ]" &&
	    expect "...the network got it" sent_is ims 1 +46701234567 1 'over IMS'
}

t_ucs2_300_in_5_parts() {
	start_sim ucs2
	text=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "ж" }')
	run "$SMSSEND" -l "$TTY" +46701234567 "$text"
	expect "300 UCS-2 characters: exit 0" status_is 0
	expect "300 UCS-2 characters: 5 numbered parts" out_is \
	    'part=1/5 mr=1' 'part=2/5 mr=2' 'part=3/5 mr=3' 'part=4/5 mr=4' \
	    'part=5/5 mr=5'
	expect "modemsim reassembles the 5 parts to the same text" \
	    sent_is ucs2 1 +46701234567 5 "$text"
}

t_gsm_long_and_extension() {
	start_sim gsm
	text=$(awk 'BEGIN { for (i = 0; i < 150; i++) printf "a"; printf "{[€]}~^|\\" }')
	run "$SMSSEND" -l "$TTY" +46701234567 "$text"
	expect "GSM 7-bit past 160 septets: 2 parts" out_is \
	    'part=1/2 mr=1' 'part=2/2 mr=2'
	expect "extension characters arrive intact across the boundary" \
	    sent_is gsm 1 +46701234567 2 "$text"
}

t_cms_error() {
	start_sim cms -e 'AT+CMGS=19|+CMS ERROR: 330'
	run "$SMSSEND" -l "$TTY" +46701234567 hello
	expect "+CMS ERROR: exit 1" status_is 1
	expect "+CMS ERROR: explained" \
	    err_has 'AT+CMGS=19: +CMS ERROR: 330 (SMSC address unknown)'
	expect "+CMS ERROR: nothing reported sent" out_empty
}

t_silent_modem() {
	start_sim quiet -f silent
	run "$SMSSEND" -t 2 -l "$TTY" +46701234567 hello
	expect "silent modem: exit 75" status_is 75
	expect "silent modem: within the setup timeout" elapsed_within 0 13000
}

t_stale_prompt_is_aborted() {
	start_sim stale
	# A sender that crashed inside AT+CMGS, its descriptor still open.
	(printf 'AT+CMGF=0\rAT+CMGS=10\r'; sleep 4) >"$TTY" &
	holder=$!
	expect "a sender crashed inside AT+CMGS: the modem prompts" \
	    wait_for 5000 grep -qs '^AT+CMGS=10' "$T/stale/commands.log"
	run "$SMSSEND" -t 5 -l "$TTY" +46701234567 'after the crash'
	expect "left-over > prompt aborted by ESC: message sent" \
	    sent_is stale 1 +46701234567 1 'after the crash'
	kill "$holder" 2>/dev/null || true
	wait "$holder" 2>/dev/null || true
}

t_bad_input() {
	run "$SMSSEND" -l /dev/null '+46 70' x
	expect "number with a blank: exit 65" status_is 65
	run "$SMSSEND" -l /dev/null +4670 ''
	expect "empty text: exit 65" status_is 65
	run "$SMSSEND"
	expect "no number: exit 64" status_is 64
	run "$SMSSEND" -l "$T/absent" +4670 x
	expect "absent device: exit 69" status_is 69
}

# refused WHAT ARGS...: smssend ARGS is a usage error (64) saying WHAT
refused() { usage_refused "$SMSSEND" smssend "$@"; }

# Each line of smssend(1)'s SYNOPSIS is a mode: every option of its line
# accepted, an option of another line or an operand it does not take
# refused with usage, nothing sent.
t_modes() {
	start_sim modes
	conf_write "$T/modes.conf" "oobm_modem=\"$TTY\""
	run "$SMSSEND" -v -c "$T/modes.conf" -l "$TTY" -s 115200 -t 5 \
	    +46701234567 all options
	expect "sending, all its options: exit 0, sent" sh -c \
	    "[ $status = 0 ] && grep -qx 'all options' '$T/modes/sent/1.txt'"
	refused "sending a message needs a number" -l "$TTY"
	run "$SMSSEND" -V
	expect "-V: the version, exit 0" out_is 'smssend 0.1'
	refused "-V takes no operand" -V +46701234567 x
	refused "-v does not go with -V" -V -v
	refused "-l does not go with -V" -l "$TTY" -V
	expect "none of the refused runs sent a message" \
	    test ! -e "$T/modes/sent/2.txt"
}

# Through a HiLink stick's web API (-l http://..., issue 40): the text
# whole to send-sms, escaped, its fate from send-status
t_hilink() {
	start_stick hs
	run "$SMSSEND" -l "$URL" +46701234567 'oobm: up & <ok>'
	expect "hilink: sent, one line" sh -c \
	    "[ $status = 0 ] && [ \"\$(cat '$T/out')\" = 'part=1/1 mr=-1' ]"
	expect "...the text as given, to the number" sh -c \
	    "[ \"\$(cat '$STICK/sent/1.txt')\" = \"\$(printf '+46701234567\noobm: up & <ok>')\" ]"
	: >"$STICK/sendfail"
	run "$SMSSEND" -l "$URL" +46701234567 hello
	expect "hilink: the network refused it (send-status): 1, said" sh -c \
	    "[ $status = 1 ] && grep -q 'refused the message' '$T/err'"
	echo 1 >"$STICK/busy"
	run "$SMSSEND" -l "$URL" +46701234567 again
	expect "hilink: busy once, then sent" sh -c \
	    "[ $status = 0 ] && [ -f '$STICK/sent/2.txt' ]"
	run "$SMSSEND" -l "$URL" +46701234567 "$(printf 'a\001')"
	expect "hilink: a control character: 65, nothing asked" sh -c \
	    "[ $status = 65 ] && [ ! -f '$STICK/sent/3.txt' ]"
	run "$SMSSEND" -l "$URL/api" +46701234567 x
	expect "hilink: a URL with a path: 64" status_is 64
	run "$SMSSEND" -l http://127.0.0.1:1 -t 3 +46701234567 x
	expect "hilink: no stick there: 69" status_is 69
}

run_tests "$0"
