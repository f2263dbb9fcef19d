# tests/trace.bash: read by bash as BASH_ENV when tests/e2e/world.sh's
# oobm_bg runs oobm under E2E_TRACE=FILE: every command oobm's shell runs
# is appended to FILE as "+FILE:FUNCTION: COMMAND" (main outside any
# function), the input of tests/measure.sh -t; on descriptor 19, as oobm
# keeps 7 to 9 for itself.  Not a script of its own.
# shellcheck shell=bash
# shellcheck disable=SC2016 # PS4 is expanded at each command, by bash
PS4='+${BASH_SOURCE[0]##*/}:${FUNCNAME[0]:-main}: '
exec 19>>"$OOBM_TRACE"
BASH_XTRACEFD=19
set -x
