#!/bin/sh
# The data call on a modem's own USB network function (issue 39), as
# modemsim plays each family from the vendors' manuals (tests/sim/
# simnet.c), driven here by atcmd's plain commands: Huawei's ^NDISDUP
# with its late ^NDISSTAT result, Qualcomm's $QCRMCALL with Quectel's
# +QNETDEVSTATUS, the addresses (^DHCP, +CGCONTRDP), the refusals a dial
# meets (an APN the network does not know, no network, the data path not
# made) and the network's own drop.  The hook stands for the data path
# the e2e world makes; here it writes what it was asked.
# shellcheck disable=SC2016 # $QCRMCALL and the hook's "$1" are literal
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
ATCMD=$(tool atcmd)

# hook_make NAME [STATUS]: $T/NAME.hook records "up"/"down" in
# $T/NAME.hook.log and ends with STATUS (0)
hook_make() {
	printf '#!/bin/sh\necho "$1" >>"%s"\nexit %s\n' "$T/$1.hook.log" \
	    "${2:-0}" >"$T/$1.hook"
	chmod +x "$T/$1.hook"
	: >"$T/$1.hook.log"
}

# call_is NAME FIELD=VALUE: modemsim NAME's call says so
call_is() { grep -q "\(^\| \)$2\( \|$\)" "$T/$1/netcall" 2>/dev/null; }
hook_said() { [ "$(tr '\n' ' ' <"$T/$1.hook.log")" = "$2" ]; }

t_huawei() {
	hook_make hw
	start_sim hw -p e3372h -M lte -X "$T/hw.hook"
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,1,"internet"'
	expect "huawei: ^NDISDUP answers OK at once" status_is 0
	expect "huawei: ...and the call is up a moment later" \
	    wait_for 3000 call_is hw up=1
	expect "huawei: the data path made" hook_said hw "up "
	run "$ATCMD" -l "$TTY" 'AT^NDISSTATQRY?' 'AT^DHCP?'
	expect "huawei: ^NDISSTATQRY says IPv4 up, IPv6 not" \
	    grep -qx '\^NDISSTATQRY: 1,,,"IPV4",0,,,"IPV6"' "$T/out"
	expect "huawei: ^DHCP gives 198.18.7.2/30 in Huawei's hex" \
	    grep -q '^\^DHCP: 020712c6,fcffffff,010712c6,' "$T/out"
	expect "huawei: the port closed, the call lives on" call_is hw up=1
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,0'
	expect "huawei: hung up" status_is 0
	expect "huawei: ...the call down" wait_for 3000 call_is hw up=0
	expect "huawei: ...the data path taken away" hook_said hw "up down "
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,0'
	expect "huawei: hanging up a call that is down: ERROR" status_is 1
	expect "huawei: ...and no second down" hook_said hw "up down "
}

t_huawei_unknown_apn() {
	hook_make apn
	start_sim apn -p e3372h -M lte -a internet.telia.se -X "$T/apn.hook"
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,1,"internet"'
	expect "unknown APN: the dial is accepted" status_is 0
	expect "unknown APN: ...and fails with cause 27" \
	    wait_for 3000 call_is apn cause=27
	expect "unknown APN: no call" call_is apn up=0
	expect "unknown APN: no data path" hook_said apn ""
	run "$ATCMD" -l "$TTY" 'AT^NDISSTATQRY?'
	expect "unknown APN: ^NDISSTATQRY gives the cause" \
	    grep -qx '\^NDISSTATQRY: 0,27,,"IPV4",0,,,"IPV6"' "$T/out"
}

t_no_network() {
	start_sim nonet -p e3372h -M lte -N 2
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,1,"internet"'
	expect "searching: the dial fails, cause 30" \
	    wait_for 3000 call_is nonet cause=30
	start_sim nonetq -p ec25 -M lte -N 2
	run "$ATCMD" -l "$TTY" 'AT+CGDCONT=1,"IP","internet"' 'AT$QCRMCALL=1,1'
	expect "searching: \$QCRMCALL is ERROR" status_is 1
	expect "searching: ...no call" call_is nonetq up=0
}

t_path_not_made() {
	hook_make bad 1
	start_sim bad -p e3372h -M lte -X "$T/bad.hook"
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,1,"internet"'
	expect "the data path not made: the call fails, cause 38" \
	    wait_for 3000 call_is bad cause=38
	expect "the data path not made: ...no call" call_is bad up=0
}

t_network_drop() {
	hook_make drop
	start_sim drop -p e3372h -M lte -X "$T/drop.hook"
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,1,"internet"'
	wait_for 3000 call_is drop up=1
	: >"$T/drop/netdrop"
	expect "the network drops the call: down, cause 36" \
	    wait_for 3000 call_is drop cause=36
	expect "the network drops the call: the data path gone" \
	    hook_said drop "up down "
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,1,"internet"'
	expect "the network drops the call: dialled again, up again" \
	    wait_for 3000 call_is drop up=1
}

t_quectel() {
	hook_make qc
	start_sim qc -p ec25 -M lte -X "$T/qc.hook"
	run "$ATCMD" -l "$TTY" 'AT+CGDCONT=1,"IP","internet"' \
	    'AT+QNETDEVSTATUS=1' 'AT$QCRMCALL=1,1'
	expect "quectel: \$QCRMCALL=1,1 answers that IPv4 is up" \
	    grep -qx '\$QCRMCALL: 1,V4' "$T/out"
	expect "quectel: the call up, with the APN of +CGDCONT" \
	    call_is qc apn=internet
	run "$ATCMD" -l "$TTY" 'AT$QCRMCALL?' 'AT+QNETDEVSTATUS?' 'AT+CGCONTRDP=1'
	expect "quectel: \$QCRMCALL? lists the call" \
	    grep -qx '\$QCRMCALL: 1,V4' "$T/out"
	expect "quectel: +QNETDEVSTATUS? says ready" \
	    grep -qx '+QNETDEVSTATUS: 1,1,4,1' "$T/out"
	expect "quectel: +CGCONTRDP gives the address and its mask" \
	    grep -qx '+CGCONTRDP: 1,5,"internet","198.18.7.2.255.255.255.252","198.18.7.1","198.18.7.1","0.0.0.0"' "$T/out"
	run "$ATCMD" -l "$TTY" 'AT$QCRMCALL=0,1' 'AT$QCRMCALL?'
	expect "quectel: hung up, nothing listed" out_empty
	expect "quectel: the data path taken away" hook_said qc "up down "
	start_sim qcnoapn -p sim7600 -M lte
	run "$ATCMD" -l "$TTY" 'AT$QCRMCALL=1,1'
	expect "simcom: no APN set: ERROR, cause 27" sh -c \
	    "[ $status = 1 ] && grep -q 'cause=27' '$T/qcnoapn/netcall'"
}

# The hang-up's +QNETDEVSTATUS landing as the next command goes out,
# before its echo (modemsim -b): a URC, and the echo still the echo; the
# next command's answer is its own (it was the echo, taken for the answer)
t_urc_before_echo() {
	start_sim held -p ec25 -M lte -b
	run "$ATCMD" -l "$TTY" 'AT+CGDCONT=1,"IP","internet"' \
	    'AT+QNETDEVSTATUS=1' 'AT$QCRMCALL=1,1'
	run "$ATCMD" -v -l "$TTY" 'AT$QCRMCALL=0,1' 'AT$QCRMCALL?'
	expect "URC before the echo: the call listed as down, nothing else" \
	    sh -c "[ $status = 0 ] && [ ! -s '$T/out' ]"
	expect "URC before the echo: ...the URC shown as one" \
	    err_has 'urc: +QNETDEVSTATUS: 1,0,4,1'
}

# A Quectel in ECM (usbnet 1): 3GPP's +CGACT dials context 1, +CGEV
# tells the network's drop; no $QCRMCALL there
t_quectel_router() {
	hook_make ecm
	start_sim ecm -p ec25 -M lte -n 1 -b -X "$T/ecm.hook"
	run "$ATCMD" -l "$TTY" 'AT+QCFG="usbnet"'
	expect "quectel ECM: AT+QCFG=\"usbnet\" says 1" \
	    grep -qx '+QCFG: "usbnet",1' "$T/out"
	run "$ATCMD" -l "$TTY" 'AT$QCRMCALL=1,1'
	expect "quectel ECM: \$QCRMCALL: ERROR" status_is 1
	run "$ATCMD" -l "$TTY" 'AT+CGDCONT=1,"IP","internet"' \
	    'AT+CGEREP=2,1' 'AT+CGACT=1,1' 'AT+CGACT?'
	expect "quectel ECM: +CGACT=1,1: OK, the context listed up" sh -c \
	    "[ $status = 0 ] && grep -qx '+CGACT: 1,1' '$T/out'"
	expect "quectel ECM: ...the data path made" hook_said ecm "up "
	: >"$T/ecm/netdrop"
	wait_for 3000 call_is ecm up=0
	run "$ATCMD" -v -l "$TTY" 'AT+CGACT?'
	expect "quectel ECM: the drop told by +CGEV" \
	    err_has 'urc: +CGEV: NW PDN DEACT 1'
	expect "quectel ECM: ...and +CGACT? lists it down" \
	    grep -qx '+CGACT: 1,0' "$T/out"
	run "$ATCMD" -l "$TTY" 'AT+CGACT=0,1'
	expect "quectel ECM: ending a context already down: OK" status_is 0
}

t_not_every_modem() {
	start_sim e1752 -p e1752
	run "$ATCMD" -l "$TTY" 'AT^NDISDUP=1,1,"internet"'
	expect "an E1752 has no USB network function: ERROR" status_is 1
	start_sim mc -p mc7455 -M lte
	run "$ATCMD" -l "$TTY" 'AT$QCRMCALL=1,1'
	expect "an MC7455 is not dialled so: ERROR" status_is 1
}

run_tests "$0"
