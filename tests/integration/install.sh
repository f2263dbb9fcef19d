#!/bin/sh
# make install and make uninstall into a DESTDIR, with GNU make and with
# BSD make (bmake): binaries, man pages and samples land where they should
# and uninstall takes them all away again.
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

# named_missing DESTDIR: the files the man pages name (/usr/local/...,
# and the samples they name by their place in the examples, as
# peers/oobm.sample or EX/NAME) that the install did not put there; the
# owner's own files (oobm.conf, its keys) and the other system's units
# aside.
named_missing() {
	sed -n 's/.*Pa \(\/usr\/local\/[^ ]*\).*/\1/p' "$top"/man/*.[158] |
	    sort -u | while read -r p; do
		case $p in
		/usr/local/etc/oobm.conf | /usr/local/etc/oobm/*) continue ;;
		/usr/local/lib/systemd/*)
			[ "$(uname -s)" = Linux ] || continue ;;
		esac
		[ -e "$1$p" ] || echo "$p"
	done
	# oobm(8) SETUP calls the examples directory EX
	{
		sed -n 's/.*Pa \([A-Za-z0-9_.-][A-Za-z0-9_./-]*\.sample\).*/\1/p' \
		    "$top"/man/*.[158]
		sed -n 's/.*Pa EX\/\([^ ]*\).*/\1/p' "$top"/man/*.[158]
	} | sed 's|^EX/||' | sort -u | while read -r p; do
		[ -e "$1/usr/local/share/examples/oobm/$p" ] ||
		    echo "examples/oobm/$p"
	done
}

# mk MAKE TARGET [VAR=VALUE...]: MAKE run in the tree, its objects in
# $o (the tree's build, which the other suites test, is left as it is)
mk() {
	mk_make=$1
	shift
	# GNU make two jobs at once, for CI's time; bmake as it is (its -j
	# runs a target's lines in one shell: another make)
	[ "$mk_make" != make ] || set -- -j2 "$@"
	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	    "$mk_make" -C "$top" O="$o" "$@"
}

# Issue 36, item 6: "make", then "make install PREFIX=/x": the tools
# installed read /x/etc/oobm.conf, as the oobm script and the units do
# (before: the /usr/local/etc/oobm.conf the objects were compiled with).
# A step of install_with, for the make it is given: not a test of its own.
one_config_path() {
	d=$T/one-$1
	mk "$1" all
	expect "$1 all: exit 0" status_is 0
	mk "$1" install DESTDIR="$d" PREFIX=/opt/one
	expect "$1 all, then install PREFIX=/opt/one: exit 0" status_is 0
	run env -u OOBM_CONF "$d/opt/one/bin/oobmconf"
	expect "$1: ...the installed oobmconf reads /opt/one/etc/oobm.conf" \
	    err_has '^oobmconf: /opt/one/etc/oobm.conf: '
	run env -u OOBM_CONF "$d/opt/one/bin/atcmd" AT
	expect "$1: ...the installed atcmd too" \
	    err_has 'set oobm_modem in /opt/one/etc/oobm.conf'
	expect "$1: ...as the installed oobm does" \
	    grep -q 'OOBM_SYSCONFDIR:-/opt/one/etc}' "$d/opt/one/sbin/oobm"
	if [ "$(uname -s)" = Linux ]; then
		expect "$1: ...and its units" grep -q \
		    'oobm -c /opt/one/etc/oobm.conf watch$' \
		    "$d/opt/one/lib/systemd/system/oobm.service"
	fi
	mk "$1" all
	run env -u OOBM_CONF "$o/oobmconf"
	expect "$1: a plain make after it: /usr/local/etc/oobm.conf again" \
	    err_has '^oobmconf: /usr/local/etc/oobm.conf: '
	mk "$1" all
	expect "$1: ...and one more compiles nothing" not grep -q \
	    -- '-DSYSCONFDIR' "$T/out"
}

# units_verify MAKE DESTDIR: systemd's own reading of the units
# installed, each command and man page they name looked for in DESTDIR:
# systemd-analyze verify fails on an unknown key, a command that is not
# there or a Documentation= page man cannot find.
units_verify() {
	local f u
	if ! command -v systemd-analyze >/dev/null 2>&1; then
		skip "systemd-analyze is not installed"
		return
	fi
	u=$T/units-$1
	mkdir -p "$u"
	for f in "$2"/usr/local/lib/systemd/system/*; do
		sed "s|/usr/local/|$2/usr/local/|g" "$f" >"$u/${f##*/}"
	done
	expect "$1 install: ppsmon's unit and the alarms' and metrics' timers" \
	    test -f "$u/ppsmon.service" -a -f "$u/oobm-alarms.timer" \
	    -a -f "$u/oobm-metrics.timer"
	run sh -c "cd '$u' && MANPATH='$2/usr/local/share/man' \
	    systemd-analyze verify ./*.service ./*.timer"
	expect "$1 install: systemd-analyze verify passes every unit" \
	    status_is 0
}

# install_with MAKE: make install, install-rcd and uninstall run by MAKE
install_with() {
	mk=$1
	if ! command -v "$mk" >/dev/null 2>&1; then
		skip "$mk is not installed"
		return
	fi
	o=$T/obj-$mk
	one_config_path "$mk"
	d=$T/dest-$mk
	mk "$mk" install DESTDIR="$d" PREFIX=/usr/local
	expect "$mk install: exit 0" status_is 0
	for tool in atcmd gpsctl hilinkctl oobmconf ppsmon pushnotify smspoll \
	    smssend; do
		expect "$mk install: bin/$tool, executable" \
		    test -x "$d/usr/local/bin/$tool"
		expect "$mk install: man1/$tool.1" \
		    test -f "$d/usr/local/share/man/man1/$tool.1"
	done
	expect "$mk install: man5/oobm.conf.5" \
	    test -f "$d/usr/local/share/man/man5/oobm.conf.5"
	expect "$mk install: examples/oobm/oobm.conf.sample" \
	    test -f "$d/usr/local/share/examples/oobm/oobm.conf.sample"
	expect "$mk install: sbin/oobm, executable" test -x "$d/usr/local/sbin/oobm"
	expect "$mk install: the concerns oobm sources, in share/oobm" sh -c \
	    "cd '$top/scripts/lib' && for f in *.sh; do
	    cmp -s \"\$f\" '$d/usr/local/share/oobm/'\"\$f\" || exit 1; done"
	expect "$mk install: man8/oobm.8" \
	    test -f "$d/usr/local/share/man/man8/oobm.8"
	expect "$mk install: the relay and PPP samples" test -f \
	    "$d/usr/local/share/examples/oobm/sshd_config.sample" -a -f \
	    "$d/usr/local/share/examples/oobm/chat-oobm.sample"
	if [ "$(uname -s)" = Linux ]; then
		expect "$mk install: systemd units where systemd looks" test -f \
		    "$d/usr/local/lib/systemd/system/oobm.service" -a -f \
		    "$d/usr/local/lib/systemd/system/oobm.timer"
		units_verify "$mk" "$d"
	else
		expect "$mk install: rc.d scripts where rc.d looks" \
		    test -x "$d/usr/local/etc/rc.d/oobm"
	fi
	# the rc.d scripts as well (install-rcd, which install runs on
	# FreeBSD), so that every path checked below is the install's
	mk "$mk" install-rcd DESTDIR="$d" PREFIX=/usr/local
	expect "$mk install-rcd: the rc.d scripts" \
	    test -x "$d/usr/local/etc/rc.d/oobm" -a -x "$d/usr/local/etc/rc.d/ppsmon" \
	    -a -x "$d/usr/local/etc/rc.d/gpsconfig"
	named_missing "$d" >"$T/out"
	expect "$mk install: every file a man page names is installed there" \
	    out_empty
	run "$d/usr/local/bin/atcmd" -V
	expect "$mk install: installed atcmd runs" out_is 'atcmd 0.1'
	mk "$mk" uninstall DESTDIR="$d" PREFIX=/usr/local
	expect "$mk uninstall: exit 0" status_is 0
	expect "$mk uninstall: no file left" test -z "$(find "$d" -type f)"
	mk "$mk" install DESTDIR="$d" PREFIX=/opt/oobm
	expect "$mk install PREFIX=/opt/oobm: nothing names /usr/local" \
	    test -z "$(grep -rl /usr/local "$d/opt/oobm/sbin" \
	    "$d/opt/oobm/lib" "$d/opt/oobm/etc" 2>/dev/null)"
	expect "$mk install PREFIX=/opt/oobm: oobm reads /opt/oobm/etc/oobm.conf" \
	    grep -q 'OOBM_SYSCONFDIR:-/opt/oobm/etc}' "$d/opt/oobm/sbin/oobm"
	expect "$mk install PREFIX=/opt/oobm: ...and sources /opt/oobm/share/oobm" \
	    grep -q 'OOBM_LIBDIR:-/opt/oobm/share/oobm}' "$d/opt/oobm/sbin/oobm"
	mk "$mk" uninstall DESTDIR="$d" PREFIX=/opt/oobm
}

t_gnu_make() { install_with make; }
t_bsd_make() { install_with bmake; }

run_tests "$0"
