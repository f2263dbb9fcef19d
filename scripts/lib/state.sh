# shellcheck shell=sh
# state.sh: state, lock, waits and history: the session file (key=value,
# read without eval), one run at a time, naps a signal cuts short and
# what they leave undone, the sessions of 24 h.
# Sourced by oobm(8); it defines functions only.
# Reads: run_dir state state_dir
# Sets: none

# state_get KEY: its value in the session state file, or nothing
state_get() { kv_get "$state" "$1"; }

# kv_get FILE KEY: KEY's value in a key=value FILE (- is stdin), the
# last if it is there twice, or nothing; the one reader of every
# key=value file and answer
kv_get() {
	if [ "$1" = - ]; then
		kv_lines "$2"
	elif [ -f "$1" ]; then
		kv_lines "$2" <"$1"
	fi
}
kv_lines() {
	local k v
	while IFS='=' read -r k v; do
		[ "$k" = "$1" ] && printf '%s\n' "$v"
	done | tail -n 1
}

# dirs DIR...: each made where it is missing; cron runs oobm every few
# minutes, and a mkdir that is not needed is a process for nothing
dirs() {
	local dirs_d
	for dirs_d in "$@"; do [ -d "$dirs_d" ] || mkdir -p "$dirs_d"; done
}

# state_set KEY=VALUE...: replace those keys of the session state (not
# its state: session_to steps it)
state_set() { kv_set "$state" "$@"; }

# session_step FROM:TO: a step the session may take.  Its states (oobm(8),
# Session states; docs/ARCHITECTURE.md draws them):
#   idle      no session
#   starting  asked for and allowed; nothing dialled yet
#   linking   the link, its routes, the relay's key, the tunnel being
#             brought up: at the start, and again when the link or the
#             tunnel dropped (no one can log in meanwhile)
#   up        the tunnel is up: the owner can log in
#   stopping  the teardown, or the recovery of a session that crashed
session_step() {
	case $1 in
	idle:starting | starting:linking | linking:linking | linking:up | \
	    up:linking) ;;
	starting:stopping | linking:stopping | up:stopping) ;;
	idle:stopping | stopping:stopping | stopping:idle) ;;	# and recover
	*) return 1 ;;
	esac
}

# session_to STATE [KEY=VALUE...]: the session steps to STATE, with
# those keys: the one way its state changes.  A step not in the table is
# a bug of oobm's own: logged, and taken all the same, so that the
# teardown still runs.
session_to() {
	local from to
	from=$(state_get state) to=$1
	shift
	session_step "${from:-idle}:$to" ||
	    log "bug: the session stepped from ${from:-idle} to $to"
	state_set "state=$to" "$@"
}

# kv_set FILE KEY=VALUE...: replace those keys of FILE, atomically
kv_set() {
	local kv kv_f tmp
	dirs "$state_dir"
	kv_f=$1
	shift
	tmp=$kv_f.tmp.$$
	{
		[ -f "$kv_f" ] && cat "$kv_f"
		for kv in "$@"; do printf '%s\n' "$kv"; done
	} | awk -F= '{ v[$1] = $0; if (!($1 in seen)) { seen[$1] = 1;
	    order[++n] = $1 } } END { for (i = 1; i <= n; i++)
	    print v[order[i]] }' >"$tmp"
	mv "$tmp" "$kv_f"
}

alive_pid() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# wait_gone PID N: wait until PID is gone, at most N fifths of a second;
# 1 if it lives on
wait_gone() {
	local i
	i=0
	while alive_pid "$1" && [ "$i" -lt "$2" ]; do
		sleep 0.2
		i=$((i + 1))
	done
	! alive_pid "$1"
}

# wait_file FILE SECONDS: wait until FILE is there, at most SECONDS; 1
# if it is not
wait_file() {
	local i
	i=0
	while [ ! -e "$1" ] && [ "$i" -lt $(($2 * 5)) ]; do
		sleep 0.2
		i=$((i + 1))
	done
	[ -e "$1" ]
}

# session_alive PID: PID, from the state file, is a live session, not a
# process that got the number after a crash or a reboot (at boot the
# numbers are small and soon used again): it must not be signalled, nor
# its session left unrecovered.  Judged by the run lock, which only a
# live run holds and no other account can take ($run_dir is root's), and
# by run.pid, which its holder writes once it has it: never by a name any
# process can give itself.
session_alive() {
	local sa_p
	alive_pid "$1" && run_lock_held || return 1
	sa_p=
	read -r sa_p <"$run_dir/run.pid" 2>/dev/null || return 1
	[ "$sa_p" = "$1" ]
}

# run_lock_held: a run holds $run_dir/run.lock now (asked without taking
# it: run_lock_probe's 75)
run_lock_held() {
	local rl_st
	[ -e "$run_dir/run.lock" ] || return 1
	rl_st=0
	run_lock_probe "$run_dir/run.lock" 2>/dev/null || rl_st=$?
	[ "$rl_st" = 75 ]
}

# take_lock: hold $run_dir/run.lock for the rest of this process; the
# kernel releases it when the process ends, however it ends.  The verb
# then runs its steps through "locked", never with fd 9 open.
take_lock() {
	local holder lock
	dirs "$run_dir"
	lock=$run_dir/run.lock
	run_lock_hold "$lock" && { lock_held; return 0; }
	holder=$(state_get pid)
	if session_alive "$holder"; then
		die $EX_TEMPFAIL "another oobm is running (pid $holder," \
		    "$(state_get state) until $(fmt_time "$(state_get until)"))"
	fi
	die $EX_TEMPFAIL "another oobm run holds $lock"
}

# lock_held: the lock is this process's: said in run.pid (session_alive)
lock_held() {
	echo $$ >"$run_dir/run.pid"
	lock_traps
}

# locked FUNCTION ARGS: a verb's steps, the lock held by this shell
# alone.  fd 9 is closed for them (while the redirection lasts the shell
# keeps a close-on-exec copy): no program they run, however long it
# lives, holds the lock, not a nap's sleep, the dialler or the ssh
# master.  Only a fork of this shell (a $(...) waiting on its command)
# shares it, and only while this shell waits for it.
locked() { "$@" 9>&-; }

# With the lock held, a signal ends the run without leaving a wait's
# side effect behind (a session's own traps add its teardown).
lock_traps() {
	trap 'own_fds; undo_waits; exit 143' TERM
	trap 'own_fds; undo_waits; exit 130' INT
	trap 'own_fds; undo_waits; exit 129' HUP
}

# pending FUNCTION: what a trap is to run should a signal cut the step
# short (the radio left off is put on again); "pending -" when the step
# no longer needs it.
pending() { if [ "$1" = - ]; then pending_fn=; else pending_fn=$1; fi; }

# undo_waits: what a wait cut short leaves behind, undone (every trap)
undo_waits() {
	nap_end
	[ -z "${pending_fn:-}" ] || "$pending_fn"
	pending_fn=
}

# Sleep so that a signal is handled at once: sh runs a trap only between
# commands, and a signal ends a "wait" at once.  A nap cut short by a
# trap kills its sleep (undo_waits, from every trap): nothing of a run
# outlives it.
nap() {
	sleep "$1" &
	nap_pid=$!
	if wait "$nap_pid"; then nap_pid=; fi
	nap_end
}

nap_end() {
	[ -z "${nap_pid:-}" ] || kill "$nap_pid" 2>/dev/null || true
	nap_pid=
}

# stamp_add FILE: now, a line of FILE, which keeps the last 50: when a
# counted thing (a modem reset, a power cycle) was done
stamp_add() {
	dirs "${1%/*}"
	now >>"$1"
	tail -n 50 "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}

# stamps_today FILE: how many of FILE's times are within 24 h
stamps_today() { stamps_within "$1" 86400; }

# stamps_within FILE SECONDS: how many of FILE's times are that recent
stamps_within() {
	[ -f "$1" ] || { echo 0; return; }
	awk -v since=$(($(now) - $2)) '$1 + 0 >= since { n++ }
	    END { print n + 0 }' "$1"
}

# history_add START END KIND LINKED REASON: a session, as sessions_today
# counts it: KIND sms (the owner's, by SMS), hand (oobm up), failover or
# selftest; LINKED 1 when the link came up at all
history_add() {
	local h
	h=$state_dir/history
	dirs "$state_dir"
	printf 'start=%s end=%s kind=%s up=%s reason=%s\n' "$1" "$2" "$3" \
	    "$4" "$(printf '%s' "$5" | tr -c 'A-Za-z0-9.,:;()/ +_-' '_')" >>"$h"
	tail -n 20 "$h" >"$h.tmp" && mv "$h.tmp" "$h"
}

# sessions_counted: the start times of the sessions that spend the budget
# of oobm_max_sessions, oldest first: the owner's SMS sessions of 24 h
# that brought the link up.  A test by hand, a selftest or a failover
# session does not spend it, nor a try that never got a link.  A line
# written before kind= existed counts unless it was a selftest.
sessions_counted() {
	[ -f "$state_dir/history" ] || return 0
	awk -v since=$(($(now) - 86400)) '
	    $3 ~ /^kind=/ && ($3 != "kind=sms" || $4 != "up=1") { next }
	    $3 ~ /^reason=selftest:/ { next }
	    { sub(/^start=/, "", $1) } $1 + 0 >= since { print $1 + 0 }' \
	    "$state_dir/history"
}

sessions_today() { sessions_counted | awk 'END { print NR }'; }

# sessions_of_kind KIND: how many sessions of that kind began within 24 h
sessions_of_kind() {
	[ -f "$state_dir/history" ] || { echo 0; return; }
	awk -v since=$(($(now) - 86400)) -v k="kind=$1" '$3 == k {
	    sub(/^start=/, "", $1); if ($1 + 0 >= since) n++ }
	    END { print n + 0 }' "$state_dir/history"
}

# sessions_next MAX: when the budget has room again: the time the oldest
# session that keeps it full turns 24 h old
sessions_next() {
	sessions_counted | awk -v max="$1" '{ t[NR] = $1 }
	    END { if (NR >= max) print t[NR - max + 1] + 86400 }'
}
