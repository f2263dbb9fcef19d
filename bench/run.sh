#!/bin/sh
# make bench: one table, every row measured in this run, against the same
# simulated modem (tests/sim/modemsim) and the same recorded GPS output.
# Wall times are medians of BENCH_RUNS runs (5); instructions are counted
# once by callgrind, which repeats exactly; RSS is the peak, in KB.
# Not part of make check: it measures, it does not judge.
# shellcheck disable=SC2016 # the checks are expanded by measure's sh -c
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BIN=${OOBM_BIN:-$top/build}
RUNS=${BENCH_RUNS:-5}
PY=/usr/bin/python3		# Debian's, where python3-serial lives
OWNER=+46701234567
T=$(mktemp -d "${TMPDIR:-/tmp}/oobm-bench.XXXXXX")
sim=

cleanup() {
	[ -z "$sim" ] || kill "$sim" 2>/dev/null || true
	[ -z "${stick:-}" ] || kill "$stick" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]
	    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
have() { command -v "$1" >/dev/null 2>&1; }

# modem N [modemsim options]: a fresh simulated modem holding N
# authenticated commands in its store (a SIM of 40, as many hold; for
# more, the modem's own memory of 255)
modem() {
	n=$1
	shift
	cap=40
	[ "$n" -le 30 ] || cap=255
	[ -z "$sim" ] || { kill "$sim"; wait "$sim" 2>/dev/null || true; }
	rm -rf "$T/m"
	mkdir "$T/m"
	"$BIN/modemsim" -d "$T/m" -L "$T/modem" -T 3600 -c "$cap" "$@" \
	    >/dev/null &
	sim=$!
	while [ ! -f "$T/m/tty" ]; do sleep 0.05; done
	i=0
	while [ "$i" -lt "$n" ]; do
		"$BIN/modemsim" -d "$T/m" -S "$OWNER" "correct-horse STATUS" \
		    >/dev/null
		i=$((i + 1))
	done
	i=0
	while [ -n "$(ls "$T/m/inbox")" ]; do
		i=$((i + 1))
		[ "$i" -lt 200 ] || { echo "bench: the simulator took" \
		    "$(find "$T/m/SM" -type f | wc -l) messages of $n" >&2; exit 1; }
		sleep 0.05
	done
	held=$(find "$T/m/SM" -type f ! -name '*.tmp' | wc -l)
	[ "$held" -eq "$n" ] ||
	    { echo "bench: the store holds $held, not $n" >&2; exit 1; }
}

# stick N: a fresh simulated HiLink stick (tests/sim/hilinksim) holding
# N authenticated commands in its inbox; its URL in $url
stick=
stick() {
	[ -z "$stick" ] || { kill "$stick"; wait "$stick" 2>/dev/null || true; }
	rm -rf "$T/s"
	mkdir -p "$T/s/inbox"
	i=0
	while [ "$i" -lt "$1" ]; do
		printf '%s\n%s\n%s' "$OWNER" "$(date '+%Y-%m-%d %H:%M:%S')" \
		    'correct-horse STATUS' >"$T/s/inbox/m.$i"
		i=$((i + 1))
	done
	"$BIN/hilinksim" -d "$T/s" 2>/dev/null &
	stick=$!
	while [ ! -f "$T/s/port" ]; do sleep 0.05; done
	url=http://127.0.0.1:$(cat "$T/s/port")
}

# measure NAME N CHECK CMD...: one row.  CHECK is a command that must
# hold of $T/out after every run: the poller really read the N messages.
measure() {
	name=$1 n=$2 check=$3
	shift 3
	: >"$T/walls"
	: >"$T/rss"
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		: >"$asked"
		t0=$(now_ms)
		/usr/bin/time -f %M -o "$T/time" "$@" >"$T/out" 2>"$T/err" || {
			echo "bench: $name failed:" >&2
			cat "$T/err" >&2
			exit 1
		}
		echo $(($(now_ms) - t0)) >>"$T/walls"
		tail -n 1 "$T/time" >>"$T/rss"
		if ! sh -c "$check" check "$n" "$T/out"; then
			echo "bench: $name with $n messages: did not read them:" >&2
			cat "$T/out" "$T/err" >&2
			exit 1
		fi
		r=$((r + 1))
	done
	ats=$(wc -l <"$asked")
	instr=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	    "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : //p')
	wall=$(median <"$T/walls")
	printf '| %-34s | %3d | %8s | %3d | %14s | %7s |\n' "$name" "$n" \
	    "$wall" "$ats" "$instr" "$(median <"$T/rss")"
}

# ratio A B: A / B, two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

cat >"$T/oobm.conf" <<CONF
oobm_modem="$T/modem"
oobm_sms_allow="$OWNER"
oobm_sms_auth=passphrase
oobm_sms_secret='correct-horse'
oobm_sms_state="$T/smspoll.state"
CONF
chmod 600 "$T/oobm.conf"
printf '[gammu]\ndevice = %s\nconnection = at115200\n' "$T/modem" \
    >"$T/gammurc"

# what each poller prints for N messages ($1), in file $2
lines_n='[ "$(grep -c "^index=.*command=status$" "$2")" -eq "$1" ]'
gammu_n='grep -q "^$1 SMS parts in $1 SMS sequences" "$2" ||
    { [ "$1" = 0 ] && ! grep -q "^Location" "$2"; }'

echo "One poll of the SIM store (a HiLink stick's inbox); AT = commands"
echo "sent (HTTP requests to the stick); instructions by callgrind"
echo
echo '| poller                             |   N | wall, ms |  AT |   instructions | RSS, KB |'
echo '|------------------------------------|-----|----------|-----|----------------|---------|'
floor_ok='true'
for n in 0 10 30 100; do
	modem "$n"
	asked=$T/m/commands.log
	measure "smspoll (C), authenticated" "$n" "$lines_n" \
	    "$BIN/smspoll" -c "$T/oobm.conf"
	w_smspoll=$wall
	# the same poll over a HiLink stick's web API (issue 40)
	stick "$n"
	asked=$T/s/requests.log
	measure "smspoll over HiLink (HTTP, XML)" "$n" "$lines_n" \
	    "$BIN/smspoll" -c "$T/oobm.conf" -l "$url"
	[ "$n" != 10 ] || w_hilink=$wall
	asked=$T/m/commands.log
	w_py=
	if $PY -c 'import serial' 2>/dev/null; then
		measure "Python + pyserial, the seed's way" "$n" "$lines_n" \
		    $PY "$top/bench/pypoll.py" "$T/modem" "$OWNER" correct-horse
		w_py=$wall
	fi
	if have gammu; then
		measure "gammu getallsms (reads only)" "$n" "$gammu_n" \
		    gammu -c "$T/gammurc" getallsms
	fi
	measure "static C, AT+CMGL=4 alone (floor)" "$n" "$floor_ok" \
	    "$BIN/atfloor" "$T/modem"
	if [ "$n" = 10 ]; then
		w_smspoll_10=$w_smspoll
		target_floor=$(ratio "$w_smspoll" "$wall")
		target_py=$([ -z "$w_py" ] || ratio "$w_smspoll" "$w_py")
	fi
done
echo
echo "10 messages: smspoll is ${target_floor}x the static floor (target: at" \
    "most 3x) and ${target_py:-?}x the Python poller (target: at most 0.5x);" \
    "over a HiLink stick it takes $(ratio "$w_hilink" "$w_smspoll_10")x its AT poll."

echo
echo "One AT command on a modem with the sync's read command (AT+CMEE?"
echo "answered +CMEE: and OK: three lines in all with AT's OK) and on one"
echo "without it (ERROR, then the probe ATS3?'s 013 and OK: four lines),"
echo "the simulator answering each line after 0 and 50 ms; round trips are"
echo "the commands the modem got before AT (issue 35: one more, no more)"
echo
echo '| what                                       | wall, ms | round trips | over the answers |'
echo '|--------------------------------------------|----------|-------------|------------------|'
for dialect in with without; do
	for delay in 0 50; do
		if [ "$dialect" = with ]; then
			modem 0 -D "$delay"
			lines=3
		else
			modem 0 -D "$delay" -e 'AT+CMEE?|ERROR'
			lines=4
		fi
		: >"$T/walls"
		r=0
		while [ "$r" -lt "$RUNS" ]; do
			: >"$T/m/commands.log"
			t0=$(now_ms)
			"$BIN/atcmd" -l "$T/modem" AT
			echo $(($(now_ms) - t0)) >>"$T/walls"
			r=$((r + 1))
		done
		w=$(median <"$T/walls")
		printf '| %-42s | %8s | %11s | %16s |\n' \
		    "atcmd AT, $dialect +CMEE?, lines $delay ms late" "$w" \
		    "$(($(wc -l <"$T/m/commands.log") - 1))" \
		    "$(awk -v w="$w" -v d="$delay" -v n="$lines" \
		    'BEGIN { print w - n * d }')"
	done
done

echo
echo "oobm run with no SMS, as cron runs it: wall (median of $RUNS), CPU"
echo "(user + system, the mean of 20), processes exec'd and forked (strace -ff)"
echo
cat >"$T/oobm-run.conf" <<CONF
oobm_modem="$T/modem"
oobm_relay=198.18.3.1
oobm_link=command
oobm_link_iface=ppp9
oobm_link_up=true
oobm_link_down=true
oobm_sms_allow="$OWNER"
oobm_sms_auth=passphrase
oobm_sms_secret='correct-horse'
oobm_sms_state="$T/smspoll.state"
oobm_state_dir="$T/state"
oobm_run_dir="$T/run"
CONF
chmod 600 "$T/oobm-run.conf"
modem 0
: >"$T/walls"
r=0
while [ "$r" -lt "$RUNS" ]; do
	t0=$(now_ms)
	env OOBM_BINDIR="$BIN" OOBM_LIBDIR="$top/scripts/lib" \
	    OOBM_CONF="$T/oobm-run.conf" sh "$top/scripts/oobm" run
	echo $(($(now_ms) - t0)) >>"$T/walls"
	r=$((r + 1))
done
w_run=$(median <"$T/walls")
# cpu_ms CMD...: user + system time of one run, from 20 (the clock's
# 10 ms ticks are coarser than one run)
cpu_ms() {
	/usr/bin/time -f '%U %S' -o "$T/time" sh -c \
	    'i=0; while [ $i -lt 20 ]; do "$@" >/dev/null; i=$((i + 1)); done' \
	    cpu "$@"
	awk '{ printf "%.1f", ($1 + $2) * 1000 / 20 }' "$T/time"
}
c_run=$(cpu_ms env OOBM_BINDIR="$BIN" OOBM_LIBDIR="$top/scripts/lib" \
    OOBM_CONF="$T/oobm-run.conf" sh "$top/scripts/oobm" run)
c_poll=$(cpu_ms "$BIN/smspoll" -c "$T/oobm.conf")
: >"$T/walls"
r=0
while [ "$r" -lt "$RUNS" ]; do
	t0=$(now_ms)
	"$BIN/smspoll" -c "$T/oobm.conf" >/dev/null
	echo $(($(now_ms) - t0)) >>"$T/walls"
	r=$((r + 1))
done
w_poll=$(median <"$T/walls")
execs='?' forks='?'
if have strace; then
	# one file per process: a process that execs, and one that is only
	# a fork of sh (a subshell, $(...) of a function)
	mkdir "$T/strace"
	strace -ff -qq -e trace=execve -o "$T/strace/p" \
	    env OOBM_BINDIR="$BIN" OOBM_LIBDIR="$top/scripts/lib" \
	    OOBM_CONF="$T/oobm-run.conf" sh "$top/scripts/oobm" run
	cat "$T/strace"/p.* | sed -n 's/^execve("\([^"]*\)".* = 0$/\1/p' |
	    sed 's|.*/||' | grep -vx env >"$T/progs" || :
	execs=$(wc -l <"$T/progs")
	# every process but the first (env, then sh) was forked
	forks=$(($(find "$T/strace" -type f | wc -l) - 1))
	progs=$(sort "$T/progs" | uniq -c | sort -rn |
	    awk '{ printf "%s%s x%d", (NR > 1 ? ", " : ""), $2, $1 }')
fi
echo '| what                               | wall, ms | CPU, ms | exec | fork |'
echo '|------------------------------------|----------|---------|------|------|'
printf '| %-34s | %8s | %7s | %4s | %4s |\n' "oobm run, no SMS" "$w_run" \
    "$c_run" "$execs" "$forks"
printf '| %-34s | %8s | %7s | %4s | %4s |\n' "smspoll alone, the same store" \
    "$w_poll" "$c_poll" 1 0
echo
echo "Programs run: ${progs:-(strace missing)}."
echo "oobm run is $(ratio "$w_run" "$w_poll")x one smspoll (target: at most"\
    "5x), with $execs programs exec'd (target: at most 10)."

# The same with oobm_modem unset, the modem found by the table on a USB
# bus of the simulator's (tests/sim/usbbus.sh, a private mount namespace:
# root only): remembered, the idle run as lean; found again, one more
# program (atcmd -F) and the listing of the ports
if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null
then
	sed '/^oobm_modem=/d' "$T/oobm-run.conf" >"$T/oobm-auto.conf"
	chmod 600 "$T/oobm-auto.conf"
	env USBBUS="$top/tests/sim/usbbus.sh" MODEM="$(cat "$T/m/tty")" \
	    BIN="$BIN" LIBDIR="$top/scripts/lib" CONF="$T/oobm-auto.conf" \
	    OOBM="$top/scripts/oobm" T="$T" RUNS="$RUNS" \
	    unshare -m --propagation private sh "$top/bench/busrun.sh" \
	    >"$T/auto"
	echo
	echo "oobm_modem unset: the EC25 found by the table (atcmd -F), on a"
	echo "simulated USB bus; then remembered until its port vanishes"
	echo
	echo '| what                                      | wall, ms | exec | x smspoll |'
	echo '|-------------------------------------------|----------|------|-----------|'
	while read -r what w n; do
		printf '| %-41s | %8s | %4s | %9s |\n' \
		    "oobm run, no SMS, the modem $what" "$w" "$n" \
		    "$(ratio "$w" "$w_poll")"
	done <"$T/auto"
	echo
	echo "Targets for the remembered run: at most 10 programs, at most 5x"
	echo "one smspoll."
fi

echo
echo "smspoll -w: from the message reaching the simulator to the command"
echo "printed (the simulator looks at its inbox every 50 ms)"
echo
modem 0
: >"$T/walls"
r=0
while [ "$r" -lt "$RUNS" ]; do
	: >"$T/wait.out"
	"$BIN/smspoll" -c "$T/oobm.conf" -w 30 >"$T/wait.out" 2>"$T/wait.err" &
	wpid=$!
	# ready: it has listed the store and enabled +CMTI
	while ! grep -qs '^AT+CNMI' "$T/m/commands.log"; do sleep 0.02; done
	sleep 0.2
	t0=$(now_ms)
	"$BIN/modemsim" -d "$T/m" -S "$OWNER" "correct-horse STATUS" >/dev/null
	while [ ! -s "$T/wait.out" ]; do sleep 0.002; done
	echo $(($(now_ms) - t0)) >>"$T/walls"
	kill "$wpid" 2>/dev/null || true
	wait "$wpid" 2>/dev/null || true
	"$BIN/smspoll" -c "$T/oobm.conf" -d "$(sed -n 's/^index=\([0-9]*\).*/\1/p' "$T/wait.out")" 2>/dev/null || true
	: >"$T/m/commands.log"
	r=$((r + 1))
done
echo "| smspoll -w activation latency      | $(median <"$T/walls") ms (median of $RUNS) |"
# over a HiLink stick: no +CMTI, the unread count asked every 2 s
# (check-notifications), so about 1 s on average and at most 2
stick 0
: >"$T/walls"
r=0
while [ "$r" -lt "$RUNS" ]; do
	"$BIN/smspoll" -c "$T/oobm.conf" -l "$url" -w 30 >"$T/wait.out" \
	    2>"$T/wait.err" &
	wpid=$!
	# ready: it has listed the inbox and asks the count
	while ! grep -qs 'check-notifications' "$T/s/requests.log"; do
		sleep 0.02
	done
	# the arrival at a random point of the 2 s interval
	sleep "0.$(awk -v r="$r" 'BEGIN { srand(r); printf "%d", rand() * 9 }')"
	printf '%s\n%s\n%s' "$OWNER" "$(date '+%Y-%m-%d %H:%M:%S')" \
	    'correct-horse STATUS' >"$T/s/inbox/.m"
	t0=$(now_ms)
	mv "$T/s/inbox/.m" "$T/s/inbox/m.$r"
	while [ ! -s "$T/wait.out" ]; do sleep 0.002; done
	echo $(($(now_ms) - t0)) >>"$T/walls"
	kill "$wpid" 2>/dev/null || true
	wait "$wpid" 2>/dev/null || true
	"$BIN/smspoll" -c "$T/oobm.conf" -l "$url" -d "$(sed -n \
	    's/^index=\([0-9]*\).*/\1/p' "$T/wait.out")" 2>/dev/null || true
	: >"$T/s/requests.log"
	r=$((r + 1))
done
echo "| smspoll -w over HiLink (2 s polls) | $(median <"$T/walls") ms (median of $RUNS) |"

echo
echo "NMEA: sentences per second, $top/../shared/testdata/gps/mt3339.log x 400"
echo
gps=$top/../shared/testdata/gps/mt3339.log
[ -f "$gps" ] || gps=$top/tests/data/gps/mt3339.log
i=0
while [ "$i" -lt 400 ]; do cat "$gps"; i=$((i + 1)); done >"$T/nmea.txt"
: >"$T/walls"
r=0
while [ "$r" -lt "$RUNS" ]; do
	"$BIN/nmeabench" "$T/nmea.txt" >"$T/nb"
	awk '{ printf "%d\n", $1 / $2 }' "$T/nb" >>"$T/walls"
	r=$((r + 1))
done
sentences=$(cut -d' ' -f1 "$T/nb")
echo '| reader                             | sentences/s |'
echo '|------------------------------------|-------------|'
printf '| %-34s | %11s |\n' "tools/lib/nmea (reader, RMC, GGA)" "$(median <"$T/walls")"
if have gpsdecode; then
	: >"$T/walls"
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		t0=$(date +%s%N)
		gpsdecode <"$T/nmea.txt" >/dev/null
		t1=$(date +%s%N)
		awk -v n="$sentences" -v ns=$((t1 - t0)) \
		    'BEGIN { printf "%d\n", n / (ns / 1e9) }' >>"$T/walls"
		r=$((r + 1))
	done
	printf '| %-34s | %11s |\n' "gpsdecode (gpsd $(gpsdecode -V 2>&1 | awk '{ print $NF }'))" \
	    "$(median <"$T/walls")"
fi

# the links: from SMS to relay over PPP and over the modem's own network
# function, in the e2e world (root: network namespaces)
if [ "$(id -u)" = 0 ] && have ip && have dnsmasq && have udhcpc; then
	OOBM_BIN=$BIN sh "$top/bench/links.sh"
else
	echo
	echo "(the links' table needs root, ip, dnsmasq and udhcpc: left out)"
fi
