# shellcheck shell=sh
# msg.sh: messages: the log, progress for a person waiting, dying with a
# status, a step's failure.
# Sourced by oobm(8); it defines functions only.
# Reads: progress_shown verbose
# Sets: why

# own_fds: stdout and stderr back to the run's own (7 and 8, kept by the
# dispatcher), first thing in a trap: "at -e FILE ..." cut short by
# SIGTERM would otherwise have the teardown's log written to FILE.
own_fds() { exec 1>&7 2>&8; }

# log MESSAGE: every step to syslog, and to stderr when run by hand.
log() {
	logger -t oobm -p daemon.notice -- "$*" 2>/dev/null || true
	if [ "$verbose" = 1 ] || [ -t 2 ]; then
		progress_done
		printf 'oobm: %s\n' "$*" >&2
	fi
}

# progress TEXT: one updating line for a step that can take a while,
# only on a terminal (oobm up by hand), never in cron mail or a log; the
# next message, or progress_done, clears it.
progress() {
	[ -t 2 ] || return 0
	printf '\r\033[Koobm: %s...\r' "$*" >&2
	progress_shown=1
}

progress_done() {
	[ "$progress_shown" = 1 ] || return 0
	printf '\r\033[K' >&2
	progress_shown=0
}

# die STATUS MESSAGE
die() {
	local st
	st=$1
	shift
	logger -t oobm -p daemon.err -- "$*" 2>/dev/null || true
	progress_done
	printf 'oobm: %s\n' "$*" >&2
	exit "$st"
}

# fail [-p] REASON: how a step says it failed: REASON in why, which only
# fail sets and the step's caller reads at once; the status says whether
# trying again can help: 1 it may, 2 (-p) it cannot (the relay refused
# the key, its host key changed).
fail() {
	local fail_st
	fail_st=1
	if [ "$1" = -p ]; then fail_st=2; shift; fi
	why=$*
	return "$fail_st"
}

now() { date +%s; }

fmt_time() {	# fmt_time TIME [FORMAT]: a Unix time as people read it
	local f
	f=${2:-%Y-%m-%d %H:%M}
	case ${1:-} in
	'' | *[!0-9]*) echo - ;;
	*) fmt_date "$1" "$f" ;;
	esac
}

# What a key=value value may hold: anything else becomes '_'.
safe() { printf '%s' "$1" | tr -c 'A-Za-z0-9.,:/@+_()-' '_'; }
