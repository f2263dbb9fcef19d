#!/bin/sh
# oobmconf: the keys in effect for people and for oobm(8); what sh reads
# back from either is what the file says; every refusal is 78, named.
# memcheck: yes (tests/run.sh runs it again under valgrind)
# shellcheck disable=SC2016 # $(...) in values is text, unexpanded
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
OOBMCONF=$(tool oobmconf)

conf() {	# conf LINES...: $T/oobm.conf, mode 600
	conf_write "$T/oobm.conf" "$@"
}

t_usage() {
	run "$OOBMCONF" -h
	expect "-h: usage on stdout, exit 0" sh -c \
	    "[ $status = 0 ] && grep -q '^usage: oobmconf' '$T/out'"
	run "$OOBMCONF" -V
	expect "-V: the version" out_is 'oobmconf 0.1'
	run "$OOBMCONF" -x
	expect "an unknown option: exit 64" status_is 64
	run "$OOBMCONF" -c "$T/oobm.conf" extra
	expect "an operand: exit 64" status_is 64
}

# refused WHAT ARGS...: oobmconf ARGS is a usage error (64) saying WHAT
refused() { usage_refused "$OOBMCONF" oobmconf "$@"; }

# Each line of oobmconf(1)'s SYNOPSIS is a mode: every option of its line
# accepted, an option of another line or an operand refused with usage.
t_modes() {
	conf 'oobm_modem=/dev/cuaU0.0' 'oobm_sms_allow="+46701234567"' \
	    oobm_sms_auth=totp oobm_sms_secret=JBSWY3DPEHPK3PXPJBSWY3DP
	run "$OOBMCONF" -s -c "$T/oobm.conf"
	expect "showing the keys, all its options: exit 0" sh -c \
	    "[ $status = 0 ] && grep -qx 'oobm_modem=/dev/cuaU0.0' '$T/out'"
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t, all its options: exit 0, silent" sh -c \
	    "[ $status = 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ]"
	refused "-s does not go with -t" -s -t -c "$T/oobm.conf"
	refused "-t (testing the file) takes no operand" -t "$T/oobm.conf"
	refused "showing the keys takes no operand" -s "$T/oobm.conf"
	refused "-c does not go with -V" -V -c "$T/oobm.conf"
	refused "-V takes no operand" -V x
}

# Issue 37, item 2: the file, and every directory up to /, root's or the
# caller's and writable by no one else (a root-owned sticky directory,
# /tmp, excepted), as ssh's secure_filename() has it
t_secure_path() {
	mkdir -p "$T/gw"
	conf 'oobm_modem=x'
	cp "$T/oobm.conf" "$T/gw/oobm.conf"
	chmod 770 "$T/gw"
	run "$OOBMCONF" -c "$T/gw/oobm.conf"
	expect "a directory its group may write: 78, named" sh -c \
	    "[ $status = 78 ] && grep -q '$T/gw: the directory of .* is writable by group or others (mode 0770): refused' '$T/err'"
	chmod 700 "$T/gw"
	run "$OOBMCONF" -c "$T/gw/oobm.conf"
	expect "...mode 700: read" status_is 0
	if [ "$(id -u)" != 0 ] || ! id nobody >/dev/null 2>&1; then
		skip "a file of another account: needs root (chown)"
		return
	fi
	chown nobody "$T/gw/oobm.conf"
	run "$OOBMCONF" -c "$T/gw/oobm.conf"
	expect "a file nobody owns: 78, not root's or ours" sh -c \
	    "[ $status = 78 ] && grep -q 'owned by uid [0-9]*, not by root or by you: refused' '$T/err'"
	chown 0 "$T/gw/oobm.conf"
	chown nobody "$T/gw"
	run "$OOBMCONF" -c "$T/gw/oobm.conf"
	expect "a directory nobody owns: 78" sh -c \
	    "[ $status = 78 ] && grep -q 'the directory of .* is owned by uid' '$T/err'"
	chown 0 "$T/gw"
	rm -rf "${T:?}/gw"
}

t_people() {
	conf 'oobm_modem=/dev/cuaU0.0 # the stick' \
	    'oobm_modme_speed=9600' \
	    "oobm_sms_secret='correct horse'" \
	    "oobm_link_down='\$(touch $T/pwned) \\ \"x\"'" \
	    "oobm_selftest_ussd=\"*100#'s\"" \
	    'oobm_tries=' \
	    'oobm_relay_port=2222'
	run "$OOBMCONF" -c "$T/oobm.conf"
	expect "people: exit 0" status_is 0
	expect "people: the typo named, its line, the key meant" err_has \
	    "^oobmconf: $T/oobm.conf:2: unknown key oobm_modme_speed, ignored; did you mean oobm_modem_speed?\$"
	sed -n 's/^\.It Va //p' "$top/man/oobm.conf.5" | tr -d ' ,' |
	    sed 's/Va/ /g' | tr ' ' '\n' | sort >"$T/keys.man"
	sed 's/=.*//' "$T/out" >"$T/keys.shown"
	expect "people: one line per key of oobm.conf(5), sorted" \
	    cmp -s "$T/keys.man" "$T/keys.shown"
	expect "people: a value set, where, its default" grep -qx \
	    "oobm_modem=/dev/cuaU0.0	# $T/oobm.conf:1, default ''" "$T/out"
	expect "people: a default said to be one" \
	    grep -qx 'oobm_tunnel_port=31337	# default' "$T/out"
	expect "people: a key with another's value: that one's" grep -qx \
	    'oobm_sms_port=/dev/cuaU0.0	# default' "$T/out"
	expect "people: set empty: the default, and where" grep -qx \
	    "oobm_tries=3	# $T/oobm.conf:6, default 3" "$T/out"
	expect "people: a number set" grep -qx \
	    "oobm_relay_port=2222	# $T/oobm.conf:7, default 22" "$T/out"
	expect "people: the secrets set or unset, never their values" sh -c \
	    "grep -qx 'oobm_sms_secret=set	# $T/oobm.conf:3, secret' '$T/out' &&
	    grep -qx 'oobm_push_token=unset	# default' '$T/out' &&
	    ! grep -q horse '$T/out'"
	# shellcheck disable=SC1091,SC2154 # the names are the file's
	(. "$T/out" && printf '%s\n' "$oobm_link_down" "$oobm_selftest_ussd" \
	    "$oobm_modem") >"$T/readback"
	printf '%s\n' "\$(touch $T/pwned) \\ \"x\"" "*100#'s" /dev/cuaU0.0 \
	    >"$T/want"
	expect "people: sh reads it back to the same values, runs nothing" \
	    sh -c "[ ! -e '$T/pwned' ] && cmp -s '$T/want' '$T/readback'"
}

t_script() {
	conf 'oobm_modem=/dev/cuaU0.0' 'oobm_modme_speed=9600' \
	    "oobm_sms_secret='correct horse'" \
	    "oobm_link_up='a \\ b \"c\" \$(d) *'"
	run "$OOBMCONF" -s -c "$T/oobm.conf"
	expect "-s: exit 0, nothing on stderr (typos are for people)" sh -c \
	    "[ $status = 0 ] && [ ! -s '$T/err' ]"
	expect "-s: one key=value line per key, as many as for people" sh -c \
	    "[ \$(wc -l <'$T/out') = \$(grep -c . '$T/keys.man') ] &&
	    ! grep -qv '^oobm_[a-z_]*=' '$T/out'"
	expect "-s: the value as it is" grep -qFx \
	    'oobm_link_up=a \ b "c" $(d) *' "$T/out"
	expect "-s: unset, no default: empty" grep -qx 'oobm_gps=' "$T/out"
	expect "-s: a secret: set, or empty" sh -c \
	    "grep -qx 'oobm_sms_secret=set' '$T/out' &&
	    grep -qx 'oobm_push_token=' '$T/out' && ! grep -q horse '$T/out'"
	expect "-s: the state directory is this system's" grep -qx \
	    "oobm_state_dir=$( [ "$(uname -s)" = Linux ] && echo /var/lib/oobm ||
	    echo /var/db/oobm)" "$T/out"
	OOBM_CONF=$T/oobm.conf run "$OOBMCONF" -s
	expect "-s: \$OOBM_CONF without -c" \
	    grep -qx 'oobm_modem=/dev/cuaU0.0' "$T/out"
}

t_refused() {
	conf 'oobm_notify="$(id)"'
	run "$OOBMCONF" -s -c "$T/oobm.conf"
	expect "a value sh would expand: 78, the line and the key" sh -c \
	    "[ $status = 78 ] && [ ! -s '$T/out' ] && grep -qx 'oobmconf: $T/oobm.conf:1: oobm_notify: \$, \` and \\\\ expand in \"...\": use '\\''...'\\''' '$T/err'"
	conf 'oobm_tries=11'
	run "$OOBMCONF" -s -c "$T/oobm.conf"
	expect "a number out of range: 78, the key and the range" sh -c \
	    "[ $status = 78 ] && grep -qx 'oobmconf: $T/oobm.conf: oobm_tries=11: too large (1-10)' '$T/err'"
	conf 'oobm_link_max_minutes=60' 'oobm_link_minutes=90'
	run "$OOBMCONF" -c "$T/oobm.conf"
	expect "oobm_link_minutes over oobm_link_max_minutes: 78" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm_link_minutes=90: too large (1-60)' '$T/err'"
	conf 'oobm_modem=x'
	chmod 620 "$T/oobm.conf"
	run "$OOBMCONF" -c "$T/oobm.conf"
	expect "a file writable by its group: 78" sh -c \
	    "[ $status = 78 ] && grep -q 'writable by group or others' '$T/err'"
	run "$OOBMCONF" -c "$T/none.conf"
	expect "no file: 78, named" sh -c \
	    "[ $status = 78 ] && grep -q '$T/none.conf: No such file' '$T/err'"
}

# -t: what smspoll and pushnotify refuse, refused before any run, in
# their words; a file they accept passes, silent
t_test() {
	ok='oobm_sms_allow="+46701234567"' auth='oobm_sms_auth=totp'
	key='oobm_sms_secret=JBSWY3DPEHPK3PXPJBSWY3DP'
	conf "$ok" "$auth" "$key"
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t: a file smspoll accepts: exit 0, nothing said" sh -c \
	    "[ $status = 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ]"
	chmod 644 "$T/oobm.conf"
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t: the secret in a file others read: 78, what to do" sh -c \
	    "[ $status = 78 ] && grep -q 'holds the secret oobm_sms_secret but is accessible by group or others (mode 0644); chmod 600' '$T/err'"
	run "$OOBMCONF" -c "$T/oobm.conf"
	expect "without -t the same file is shown (exit 0)" status_is 0
	conf "$ok" "$auth" "$key" "oobm_push_token=abc"
	chmod 640 "$T/oobm.conf"
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t: each secret named" sh -c "[ $status = 78 ] &&
	    grep -q 'secret oobm_push_token' '$T/err' &&
	    grep -q 'secret oobm_sms_secret' '$T/err'"
	conf "$auth" "$key"
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t: no sender allowed: 78, as smspoll says it" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm_sms_allow: no allowed sender' '$T/err'"
	conf "$ok" "$key"
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t: no scheme: 78" sh -c \
	    "[ $status = 78 ] && grep -q 'set oobm_sms_auth to totp or passphrase' '$T/err'"
	conf 'oobm_sms_allow="0701234567"' "$auth" "$key"
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t: a national number with no country code: 78" sh -c \
	    "[ $status = 78 ] && grep -q 'is a national number' '$T/err'"
	conf "$ok" "$auth" 'oobm_sms_secret=short'
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t: a TOTP key too short: 78" sh -c \
	    "[ $status = 78 ] && grep -q 'a TOTP key is base32' '$T/err'"
	run "$OOBMCONF" -t -s -c "$T/oobm.conf"
	expect "-t with -s: usage, 64" status_is 64
	# issue 37, item 6: the push URL's credentials, a secret
	conf "$ok" "$auth" "$key" \
	    "oobm_push_url='https://me:pa55word@push.oobm.test/hook?token=t0ken'"
	run "$OOBMCONF" -c "$T/oobm.conf"
	expect "the push URL shown without its credentials" grep -q \
	    "^oobm_push_url='https://\\*\\*\\*@push.oobm.test/hook?\\*\\*\\*'" "$T/out"
	run "$OOBMCONF" -s -c "$T/oobm.conf"
	expect "...to scripts too" sh -c "! grep -q 'pa55word\\|t0ken' '$T/out'"
	chmod 640 "$T/oobm.conf"
	run "$OOBMCONF" -t -c "$T/oobm.conf"
	expect "-t: credentials in the URL, the file group-readable: 78" \
	    sh -c "[ $status = 78 ] && grep -q 'secret oobm_push_url' '$T/err'"
}

run_tests "$0"
