#!/bin/sh
# rc.d/gpsconfig run for real, with FreeBSD's rc.subr replaced by a stub
# of the few functions it uses: at "boot" it must bring gpssim from its
# factory 9600 baud to the configuration in oobm.conf.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$BIN" && pwd)

cat >"$T/rc.subr" <<'STUB'
# rc.subr stub: load_rc_config reads $RC_CONF; run_rc_command runs
# start_cmd when the script's rcvar is YES, as rc(8) would at boot.
load_rc_config() { if [ -f "$RC_CONF" ]; then . "$RC_CONF"; fi; }
checkyesno() {
	eval "v=\${$1:-NO}"
	case $v in [Yy][Ee][Ss]) return 0 ;; *) return 1 ;; esac
}
run_rc_command() {
	enabled=$(set | sed -n "s/^${rcvar}='\{0,1\}\([A-Za-z]*\)'\{0,1\}\$/\1/p")
	case $enabled in
	[Yy][Ee][Ss]) ;;
	*) echo "$name is not enabled"; return 0 ;;
	esac
	case $1 in
	start)
		# rc.subr's own start: daemon(8) is FreeBSD's; show the line
		if [ -z "${start_cmd:-}" ]; then
			echo "would run: $command $command_args"
			return 0
		fi
		if [ -n "${start_precmd:-}" ] && [ "${start_cmd:-}" != oobm_start ]
		then
			$start_precmd || return 1
		fi
		$start_cmd ;;
	stop) $stop_cmd ;;
	*) echo "unknown: $1"; return 1 ;;
	esac
}
STUB
sed -e "s|^\. /etc/rc.subr\$|. $T/rc.subr|" \
    -e "s|/usr/local/bin/gpsctl|$bin/gpsctl|" \
    "$top/rc.d/gpsconfig" >"$T/gpsconfig"

run sh -n "$top/rc.d/gpsconfig"
expect "rc.d/gpsconfig: sh -n" status_is 0

start_peer gpssim gps gps
printf 'oobm_gps="%s"\noobm_gps_speed=57600\noobm_gps_sentences=rmc\n' \
    "$T/gps/gps" >"$T/oobm.conf"

printf 'gpsconfig_enable="NO"\n' >"$T/rc.conf"
RC_CONF=$T/rc.conf run sh "$T/gpsconfig" start
expect "not enabled: nothing done" grep -q 'not enabled' "$T/out"
expect "not enabled: GPS untouched" grep -qx 'baud=9600' "$T/gps/state"

printf 'gpsconfig_enable="YES"\ngpsconfig_config="%s"\n' "$T/oobm.conf" \
    >"$T/rc.conf"
RC_CONF=$T/rc.conf run sh "$T/gpsconfig" start
expect "boot: exit 0" status_is 0
expect "boot: says what it does and what it set" out_is \
    'Configuring the GPS.' \
    'speed=57600 sentences=rmc rate=1000 fix_interval=1000'
expect "boot: the GPS is at 57600, RMC only" \
    test "$(tr '\n' ' ' <"$T/gps/state")" = \
    'baud=57600 sentences=RMC rate=1000 fix=1000 '
sed -e "s|^\. /etc/rc.subr\$|. $T/rc.subr|" "$top/rc.d/ppsmon" >"$T/ppsmon"
printf 'ppsmon_enable="YES"\nppsmon_every=300\n' >"$T/rc.conf"
RC_CONF=$T/rc.conf run sh "$T/ppsmon" start
expect "rc.d/ppsmon: daemon(8) restarts ppsmon, output to syslog" \
    out_is "would run: /usr/sbin/daemon -S -T ppsmon -r -R 10 -P /var/run/ppsmon.pid /usr/local/bin/ppsmon -q -o kv -s 300 /dev/pps0"

# rc.d/oobm: "oobm boot" (the real script against modemsim), then
# "oobm watch" under daemon(8) only when asked for.
start_sim boot
mkdir -p "$T/st"
printf 'state=up\npid=999999\nsince=1\nuntil=2\n' >"$T/st/session"
cat >"$T/oobm.conf" <<EOF
oobm_modem="$TTY"
oobm_state_dir="$T/st"
oobm_run_dir="$T/run"
EOF
# shellcheck disable=SC2016 # the rc.d script's own variables, kept
sed -e "s|^\. /etc/rc.subr\$|. $T/rc.subr|" \
    -e "s|/usr/local/sbin/oobm|env PATH=$bin:\$PATH sh $top/scripts/oobm|" \
    -e "s|/var/run/oobm|$T/run|g" \
    -e 's|^\t\${command} \${command_args}|\techo "would run: ${command} ${command_args}"|' \
    "$top/rc.d/oobm" >"$T/oobm"
printf 'oobm_enable="YES"\noobm_config="%s"\n' "$T/oobm.conf" >"$T/rc.conf"
RC_CONF=$T/rc.conf run sh "$T/oobm" start
expect "rc.d/oobm: boot: exit 0" status_is 0
expect "rc.d/oobm: boot: the session that did not survive is cleared" \
    grep -qx 'state=idle' "$T/st/session"
expect "rc.d/oobm: boot: the modem put in modem-only mode" \
    grep -qx 'AT^U2DIAG=0' "$T/boot/commands.log"
expect "rc.d/oobm: no watch unless asked" out_empty
printf 'oobm_enable="YES"\noobm_watch_enable="YES"\noobm_config="%s"\n' \
    "$T/oobm.conf" >"$T/rc.conf"
RC_CONF=$T/rc.conf run sh "$T/oobm" start
expect "rc.d/oobm: watch under daemon(8), restarted, output to syslog" \
    grep -q "would run: /usr/sbin/daemon -r -R 10 -S -T oobm -P $T/run/watch.pid .*oobm -c $T/oobm.conf watch" "$T/out"
expect "rc.d/oobm: a modem already in modem-only mode is left alone" \
    test "$(grep -c 'AT^U2DIAG=0' "$T/boot/commands.log")" -eq 1
done_testing
