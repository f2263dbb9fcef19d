#!/bin/sh
# The router's power by SMS and by hand (oobm power), through a relay on
# a GPIO pin: tests/sim/gpio/gpioset stands in for libgpiod's (1.x, and
# 2.x's syntax), recording every level with its time.  The owner, a
# stranger, the daily limit, no pin configured; SIGTERM and SIGKILL while
# the power is off.  No root: this kernel offers no gpio-sim.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
GPIO_LOG=$T/gpio.log
export GPIO_LOG
oobm() { env PATH="$top/tests/sim/gpio:$top/$BIN:$PATH" sh "$top/scripts/oobm" "$@"; }

# pconf [LINES...]: the box's oobm.conf, a relay on pin 17
pconf() {
	box_conf "$T/oobm.conf" "$T/state" "$T/run" oobm_power_gpio=17 "$@"
}

levels() {
	awk '{ print ($4 == "released" ? "released" : $3) }' "$GPIO_LOG" \
	    2>/dev/null | paste -sd' ' -
}
texted() { cat "$T/$1"/sent/*.txt 2>/dev/null | grep -qx -- "$2"; }
deleted() { test -z "$(find "$T/$1/SM" -type f)"; }
fresh() { rm -rf "$T/state" "$T/run" "$GPIO_LOG"; }

# held_ms: from the cut to the let-go, in milliseconds
held_ms() {
	awk '$3 == "17=1" && !t { t = $1 } $4 == "released" && t && !e { e = $1 }
	    END { print e - t }' "$GPIO_LOG"
}

t_power_by_sms() {
	fresh
	start_sim own
	pconf
	arrive own +46701234567 'correct-horse POWER 2'
	run oobm -v -c "$T/oobm.conf" run
	expect "POWER 2 from the owner: exit 0" status_is 0
	expect "...the pin cut (1), let go, then at rest (0): $(levels)" \
	    test "$(levels)" = "17=1 released 17=0 released"
	h=$(held_ms)
	expect "...held off 2 s ($h ms)" test "$h" -ge 1900 -a "$h" -le 3500
	expect "...the owner told" texted own 'oobm: router power-cycled (off 2 s)'
	expect "...the SMS deleted" deleted own
	run oobm -k -c "$T/oobm.conf" status
	expect "...status -k: power=on, one cycle in 24 h" sh -c \
	    "grep -qx power=on '$T/out' && grep -qx power_24h=1 '$T/out' &&
	    grep -qx power_interrupted= '$T/out'"
	run oobm -c "$T/oobm.conf" status
	expect "...status: the power's line" \
	    grep -q '^router power: on, 1 of 3 cycles used in 24 h; the last ended' "$T/out"
}

t_power_default_seconds_active_low() {
	fresh
	start_sim low
	pconf oobm_power_active=low oobm_power_off_seconds=1
	arrive low +46701234567 'correct-horse power'
	run oobm -c "$T/oobm.conf" run
	expect "POWER, active low: cut is 0, rest 1: $(levels)" \
	    test "$(levels)" = "17=0 released 17=1 released"
	expect "...oobm_power_off_seconds (1)" texted low \
	    'oobm: router power-cycled (off 1 s)'
}

t_power_stranger() {
	fresh
	start_sim str
	pconf
	arrive str +46700000000 'correct-horse POWER'
	run oobm -c "$T/oobm.conf" run
	expect "POWER from a stranger: exit 0" status_is 0
	expect "...the pin untouched" test ! -e "$GPIO_LOG"
	expect "...no text to the stranger" test -z "$(ls "$T/str/sent" 2>/dev/null)"
}

t_power_daily_limit() {
	fresh
	start_sim lim
	pconf oobm_power_per_day=1 oobm_power_off_seconds=1
	arrive lim +46701234567 'correct-horse POWER'
	run oobm -c "$T/oobm.conf" run
	rm -f "$GPIO_LOG"
	arrive lim +46701234567 'correct-horse POWER'
	run oobm -c "$T/oobm.conf" run
	expect "POWER over oobm_power_per_day: exit 0" status_is 0
	expect "...the pin untouched" test ! -e "$GPIO_LOG"
	expect "...the owner told why" texted lim \
	    'oobm: power: refused, 1 power cycles in 24 h already (oobm_power_per_day)'
	expect "...the SMS deleted" deleted lim
	run oobm -c "$T/oobm.conf" power 1
	expect "oobm power over the limit: exit 75" status_is 75
	expect "...saying so" err_has 'power: refused, 1 power cycles in 24 h'
}

# Issue 37, item 5: no cycle within oobm_power_interval of the last (a
# router still booting is not cut again), by SMS or by hand
t_power_interval() {
	fresh
	start_sim iv
	pconf oobm_power_off_seconds=1 oobm_power_interval=120
	arrive iv +46701234567 'correct-horse POWER'
	run oobm -c "$T/oobm.conf" run
	expect "POWER: a cycle" texted iv 'oobm: router power-cycled (off 1 s)'
	rm -f "$GPIO_LOG"
	arrive iv +46701234567 'correct-horse POWER'
	run oobm -c "$T/oobm.conf" run
	expect "POWER again at once: the pin untouched" test ! -e "$GPIO_LOG"
	expect "...the owner told when the next may be" sh -c \
	    "cat '$T'/iv/sent/*.txt | grep -q '^oobm: power: refused: the last cycle was [0-9]* s ago; the next from [0-9:]* (oobm_power_interval)\$'"
	run oobm -c "$T/oobm.conf" power 1
	expect "oobm power at once: exit 75, saying so" sh -c \
	    "[ $status = 75 ] && grep -q 'oobm_power_interval' '$T/err'"
	expect "...the pin untouched" test ! -e "$GPIO_LOG"
	pconf oobm_power_off_seconds=1 oobm_power_interval=0
	run oobm -c "$T/oobm.conf" power 1
	expect "oobm_power_interval=0: no interval, exit 0" status_is 0
}

t_power_unconfigured() {
	fresh
	start_sim unc
	box_conf "$T/oobm.conf" "$T/state" "$T/run"
	arrive unc +46701234567 'correct-horse POWER'
	run oobm -c "$T/oobm.conf" run
	expect "POWER with no pin: exit 0, the pin untouched" \
	    test "$status" = 0 -a ! -e "$GPIO_LOG"
	expect "...refused by SMS, not ignored" texted unc \
	    'oobm: power: not configured (oobm_power_gpio)'
	run oobm -c "$T/oobm.conf" power
	expect "oobm power with no pin: exit 78" status_is 78
	expect "...naming the key" err_has 'not configured (oobm_power_gpio)'
	run oobm -c "$T/oobm.conf" power 301
	expect "oobm power 301: exit 64" status_is 64
	run oobm -k -c "$T/oobm.conf" status
	expect "status -k: power=unset" grep -qx power=unset "$T/out"
}

t_power_gpioset_v2() {
	fresh
	start_sim v2
	pconf
	GPIO_VERSION=2
	export GPIO_VERSION
	run oobm -c "$T/oobm.conf" power 1
	unset GPIO_VERSION
	expect "oobm power 1 with libgpiod 2's gpioset: exit 0" status_is 0
	expect "...cut, let go, at rest: $(levels)" \
	    test "$(levels)" = "17=1 released 17=0 released"
	expect "...said" out_is 'oobm: router power-cycled (off 1 s)'
}

# wait_cut: until the stand-in holds the pin cut (5 s at most)
wait_cut() { wait_for 5000 grep -qs ' 17=1 time$' "$GPIO_LOG"; }

# oobm_bg ARGS...: oobm in the background, $! its own pid (env execs sh)
oobm_bg() {
	env PATH="$top/tests/sim/gpio:$top/$BIN:$PATH" sh "$top/scripts/oobm" \
	    "$@" >"$T/out" 2>"$T/err" &
}

# signalled_while_off SIGNAL SECONDS: oobm power SECONDS sent SIGNAL once
# the pin is cut; its exit status in st
signalled_while_off() {
	fresh
	start_sim "$1"
	pconf
	oobm_bg -c "$T/oobm.conf" power "$2"
	p=$!
	expect "$1: the power is cut first" wait_cut
	kill -"$1" "$p"
	st=0
	wait "$p" || st=$?
}

# power_after WHY: status -k says on, and what cut the cycle short
power_after() {
	run oobm -k -c "$T/oobm.conf" status
	expect "...status -k: on, cut short by $1" sh -c \
	    "grep -qx power=on '$T/out' &&
	    grep -q '^power_interrupted=$1' '$T/out'"
}

t_power_sigterm() {
	signalled_while_off TERM 30
	expect "SIGTERM while off: exit 143" test "$st" = 143
	expect "...the pin let go and at rest at once: $(levels)" \
	    test "$(levels)" = "17=1 released 17=0 released"
	h=$(held_ms)
	expect "...well before its 30 s ($h ms)" test "$h" -lt 5000
	power_after a_signal
}

t_power_sigkill() {
	signalled_while_off KILL 3
	expect "SIGKILL while off: killed (137), the state still says off" \
	    test "$st" = 137 -a "$(grep -c '^state=off$' "$T/state/power")" = 1
	run oobm -v -c "$T/oobm.conf" boot
	expect "...boot after it: exit 0" status_is 0
	expect "...the holder's time let run out, then the pin at rest: $(levels)" \
	    test "$(levels)" = "17=1 released 17=0 released"
	expect "...said in the log" err_has 'a power cycle did not end'
	power_after a_crash_or_reboot
}

t_power_no_chip() {
	fresh
	start_sim nc
	pconf oobm_power_chip=gpiochip7
	run oobm -c "$T/oobm.conf" power 1
	expect "a chip that is not there: exit 69" status_is 69
	expect "...naming the pin and the chip" \
	    err_has 'power cycle failed: pin 17 of gpiochip7: gpioset: cannot find GPIO chip'
}

run_tests "$0"
