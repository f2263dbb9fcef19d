#!/bin/sh
# tests/demo.sh BUILD: oobm's main job, in simulation, as far as it is
# built so far: atcmd drives a simulated Huawei E1752 (modemsim on a pty)
# through the seed's first steps, with the modem's unsolicited noise on;
# then activation SMS arrive, smspoll authenticates them, and smssend
# tells the owner the link is down.
set -eu
build=${1:-build}
T=$(mktemp -d "${TMPDIR:-/tmp}/oobm-demo.XXXXXX")
OOBM_LOCKDIR=$T
OOBM_CONF=$T/oobm.conf
export OOBM_LOCKDIR OOBM_CONF
sim=
trap '[ -z "$sim" ] || kill "$sim" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

"$build/modemsim" -d "$T" -L "$T/modem" -u 40 -T 300 \
    -e 'AT+CPIN?|+CME ERROR: 10' >/dev/null 2>"$T/modemsim.log" &
sim=$!
while [ ! -f "$T/tty" ]; do sleep 0.05; done
cat >"$OOBM_CONF" <<EOF
oobm_modem="$T/modem"
oobm_sms_allow="+46701234567"
oobm_country_code=46
oobm_sms_auth=passphrase
oobm_sms_secret='correct-horse'
oobm_sms_state="$T/smspoll.state"
EOF
chmod 600 "$OOBM_CONF"

run() {	# run "SHOWN COMMAND" TOOL ARGS...
	printf '\n$ %s\n' "$1"
	shift
	tool=$1
	shift
	rc=0
	"$build/$tool" "$@" || rc=$?
	printf '[exit %d]\n' "$rc"
}

step() {
	shown=$1
	shift
	run "$shown" atcmd "$@"
}

sms() {	# sms FROM TEXT: a message arrives at the simulated modem
	printf '\n(an SMS from %s arrives: "%s")\n' "$1" "$2"
	"$build/modemsim" -d "$T" -S "$1" "$2" >/dev/null
	sleep 0.5
}

echo "A simulated Huawei E1752 is on $(cat "$T/tty"), linked as $T/modem;"
echo "oobm.conf names it (oobm_modem), so -l is not needed."
step "atcmd ATI" ATI
step "atcmd 'AT^U2DIAG=0'   # the seed's first step: modem only, no CD-ROM" \
    'AT^U2DIAG=0'
step "atcmd -v 'AT+CSQ'     # -v: backend, URCs and result codes on stderr" \
    -v 'AT+CSQ'
step "atcmd 'AT+CGDCONT=1,\"IP\",\"internet\"' 'ATD*99#'" \
    'AT+CGDCONT=1,"IP","internet"' 'ATD*99#'
step "atcmd 'AT+CPIN?'      # the modem answers an error: exit 1" \
    'AT+CPIN?'

echo
echo "--- activation by SMS (passphrase 'correct-horse', owner +46701234567)"
sms +46709999999 'correct-horse UP 30'
sms 0701234567 'correct-horse UP 45'
sms +46701234567 'correct-horse UP 30; reboot'
run "smspoll -L              # what the modem holds" smspoll -L
run "smspoll -v              # commands on stdout, the rest logged, deleted" \
    smspoll -v
run "smspoll -d 2            # the orchestrator acknowledges" smspoll -d 2
run "smssend +46701234567 'oobm: link is down'" smssend +46701234567 \
    'oobm: link is down'
printf '\n(the network received:)\n'
cat "$T/sent/1.txt"
kill "$sim"
wait "$sim" 2>/dev/null || true
sim=
"$build/modemsim" -d "$T" -L "$T/modem" -f silent -T 300 >/dev/null 2>&1 &
sim=$!
sleep 0.3
step "atcmd -t 2 AT         # a modem that does not answer: exit 75" \
    -t 2 AT
