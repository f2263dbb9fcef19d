#!/bin/sh
# oobm(8) SETUP followed as a script, as a new owner follows it: the
# page's steps in order, its literal commands as written (EX and
# /usr/local being this install's), against modemsim and gpssim, from a
# fresh "make install" to an answered SMS and a configured GPS.  What the
# page asks of the system (/etc/ppp, the relay's sshd, the boot scripts)
# is other suites' (e2e, freebsd): here the owner's link is a command.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
P=$T/p		# PREFIX: what /usr/local is on a real box
EX=$P/share/examples/oobm

# setup_lines: the literal commands of SETUP (.Bd -literal and .Dl)
setup_lines() {
	awk '/^\.Sh SETUP/ { on = 1; next } /^\.Sh / { on = 0 }
	    on && /^\.Bd -literal/ { lit = 1; next }
	    on && /^\.Ed/ { lit = 0; next }
	    on && lit { print; next }
	    on && /^\.Dl / { sub(/^\.Dl /, ""); print }' "$top/man/oobm.8"
}

# as_here LINE: a command of the page, with this install's paths
as_here() {
	printf '%s\n' "$1" | sed -e "s|EX/|$EX/|g" -e "s|/usr/local|$P|g"
}

# installed COMMAND ARGS...: the installed tools, their compiled-in paths
# (no OOBM_CONF, OOBM_LIBDIR or OOBM_BINDIR of the test's), as cron runs
installed() {
	run env -u OOBM_CONF -u OOBM_LIBDIR -u OOBM_BINDIR \
	    PATH="$P/bin:$P/sbin:/usr/bin:/bin" OOBM_LOCKDIR="$T/lock" "$@"
}

conf_set() {	# conf_set KEY VALUE: as the owner edits the file
	sed "/^$1=/d; /^#$1=/d" "$P/etc/oobm.conf" >"$T/conf.new"
	printf '%s=%s\n' "$1" "$2" >>"$T/conf.new"
	cat "$T/conf.new" >"$P/etc/oobm.conf"
}

t_install() {
	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$top" \
	    O="$T/build" PREFIX="$P" all install
	expect "make install PREFIX: exit 0" status_is 0
}

t_configuration() {
	line=$(setup_lines | grep '^install -m 600 EX/oobm.conf.sample ' || true)
	expect "SETUP 1: the page installs the sample, mode 600" test -n "$line"
	mkdir -p "$P/etc"
	# shellcheck disable=SC2046 # the page's words
	run $(as_here "$line")
	expect "SETUP 1: the page's command runs as written" status_is 0
	expect "...the file mode 600" \
	    test "$(stat -c %a "$P/etc/oobm.conf")" = 600
	# the box's own directories, this test's (not /var of this machine)
	conf_set oobm_state_dir "$T/state"
	conf_set oobm_run_dir "$T/run"
	conf_set oobm_sms_state "$T/state/smspoll.state"
	installed oobm check
	expect "SETUP: oobm check on the sample as installed: 78" status_is 78
	expect "...names the sample's number, relay and its name" sh -c \
	    "grep -q '^oobm_sms_allow: +46701740605: the sample' '$T/out' &&
	    grep -q '^oobm_relay: 203.0.113.9: the sample' '$T/out' &&
	    grep -q '^oobm_relay_alias: relay.example.org: the sample' '$T/out'"
	expect "...and the secret not set" \
	    grep -q 'oobm_sms_secret is not set' "$T/out"
	# the owner's own values
	conf_set oobm_sms_allow '"+46701234567"'
	conf_set oobm_sms_auth passphrase
	conf_set oobm_sms_secret "'correct-horse'"
	conf_set oobm_relay 198.18.3.1
	sed '/^oobm_relay_alias=/d' "$P/etc/oobm.conf" >"$T/conf.new"
	cat "$T/conf.new" >"$P/etc/oobm.conf"
}

t_modem() {
	start_sim m
	conf_set oobm_modem "$TTY"
	installed atcmd -I
	expect "SETUP 2: atcmd -I names the modem and where SMS reach it" \
	    sh -c "grep -q 'model=E1752' '$T/out' && grep -q 'sms=yes' '$T/out'"
	installed oobm boot
	expect "SETUP 2: oobm boot: exit 0" status_is 0
	expect "...the E1752 asked for its mode, as the page says" \
	    grep -q '^AT^U2DIAG?$' "$T/m/commands.log"
	conf_set oobm_link command
	conf_set oobm_link_iface ppp9
	conf_set oobm_link_up true
	conf_set oobm_link_down true
}

t_relay() {
	installed oobm keygen
	expect "SETUP: oobm keygen: the relay's authorized_keys line" \
	    grep -q '^restrict,port-forwarding,permitlisten=' "$T/out"
	expect "...the key where the tools look, mode 600" \
	    test "$(stat -c %a "$P/etc/oobm/id_ed25519")" = 600
	line=$(setup_lines | grep '^ssh-keyscan ' | head -n 1)
	expect "SETUP: the page pins the relay's key into the file the tools read" \
	    sh -c "printf '%s\n' '$line' | grep -q '> /usr/local/etc/oobm/known_hosts\$'"
	# as ssh-keyscan writes it, from the relay's key (no relay here)
	printf '198.18.3.1 %s\n' "$(cut -d' ' -f1,2 "$P/etc/oobm/id_ed25519.pub")" \
	    >"$P/etc/oobm/known_hosts"
	installed oobm check
	expect "SETUP: oobm check: nothing missing, exit 0" status_is 0
	expect "...says so, last" sh -c \
	    "tail -n 1 '$T/out' | grep -qx 'oobm: configuration and set-up look right'"
}

t_first_sms() {
	arrive m +46701234567 'correct-horse STATUS'
	installed oobm run
	expect "SETUP: a real SMS: the run ends 0" status_is 0
	expect "...and STATUS is answered" sh -c \
	    "cat '$T'/m/sent/*.txt | grep -q '^oobm: idle, signal'"
}

t_time_server() {
	start_peer gpssim gps gps
	conf_set oobm_gps "$PEER"
	conf_set oobm_gps_speed 57600
	installed gpsctl apply
	expect "SETUP 4: gpsctl apply: exit 0" status_is 0
	installed gpsctl ntpmode
	# the daemon installed here decides the form; each names this GPS
	# and oobm_gps_speed (57600: classic ntpd's mode 65 = 64 + RMC)
	expect "SETUP 4: gpsctl ntpmode: the line for the NTP daemon, this GPS's" \
	    sh -c "[ $status = 0 ] && grep -qx \
	    -e 'refclock nmea unit 0 path $PEER mode 1 baud 57600 prefer' \
	    -e 'server 127.127.20.0 mode 65 prefer' \
	    -e 'refclock SHM 0 .*' '$T/out'"
}

run_tests "$0"
