#!/bin/sh
# tests/run.sh BUILD [SANITIZED_BUILD]: run every test and count.
# Unit tests run from both builds, integration tests drive the sanitized
# binaries.  Each suite prints TAP; a suite that dies without a "not ok"
# (a crash, a sanitizer report) counts as one failure.  The last line is
# "N passed, N failed".
set -eu
build=${1:-build}
asan=${2:-$build}
out=$(mktemp "${TMPDIR:-/tmp}/oobm-run.XXXXXX")
trap 'rm -f "$out"' EXIT
passed=0
failed=0
skipped=0

suite() {
	name=$1
	shift
	printf '# %s\n' "$name"
	rc=0
	t0=$(date +%s)
	timeout 600 "$@" >"$out" 2>&1 || rc=$?
	cat "$out"
	# each suite's time, for keeping the whole run under CI's budget
	printf '# time: %s: %d s\n' "$name" $(($(date +%s) - t0))
	p=$(grep -c '^ok ' "$out" || true)
	f=$(grep -c '^not ok ' "$out" || true)
	s=$(grep -c '^ok .*# SKIP' "$out" || true)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		printf 'not ok - %s exited with status %d\n' "$name" "$rc"
		f=1
	fi
	passed=$((passed + p - s))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

# the unit tests the Makefile builds (tests/unit/t_*.c, each)
for p in "$build"/t_*; do
	[ -x "$p" ] || continue
	t=${p##*/}
	suite "unit: $t" "$build/$t"
	if [ "$asan" != "$build" ]; then
		suite "unit: $t (sanitized)" "$asan/$t"
	fi
done
for t in tests/integration/*.sh; do
	case $t in
	*/lib.sh | */httpd.sh) continue ;;
	esac
	suite "integration: $t" env OOBM_BIN="$asan" sh "$t"
done
# FreeBSD: the tree compiled against its headers, rc.d on its rc.subr,
# the orchestrator's FreeBSD code paths (lockf, rc(8)'s PATH, ppp(8)).
for t in tests/freebsd/*.sh; do
	suite "freebsd: $t" env OOBM_BIN="$asan" sh "$t"
done
# The orchestrator end to end, in network namespaces (skips unless root).
for t in tests/e2e/*.sh; do
	# the world, and the data paths its modems make: not suites
	case $t in
	*/link.sh | */usbnet.sh | */stickdata.sh | */world.sh) continue ;;
	esac
	suite "e2e: $t" env OOBM_BIN="$asan" sh "$t"
done
# The tools cron and boot run, again under valgrind memcheck, on the
# plain build: it saw reads of uninitialised bytes the sanitizers did not.
# A suite asks for it in its own header, with a line "# memcheck: yes".
if command -v valgrind >/dev/null 2>&1; then
	for t in tests/*/*.sh; do
		grep -q '^# memcheck: yes' "$t" || continue
		suite "memcheck: $t" env OOBM_BIN="$build" OOBM_VALGRIND=1 \
		    sh "$t"
	done
else
	printf 'not ok - valgrind is not installed (tests/deps.sh)\n'
	failed=$((failed + 1))
fi

if [ "$skipped" -ne 0 ]; then
	printf '%d skipped\n' "$skipped"
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
