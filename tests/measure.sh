#!/bin/sh
# measure.sh [-t TRACE] [TOP]: the measures of issue 38 for the tree at
# TOP (default: this one), one "name value" line each, to quote before
# and after a change to the architecture:
#
#   sh_files, sh_functions     scripts/oobm and scripts/lib/*.sh
#   sh_over_40                 functions of more than 40 lines (and the
#   sh_longest                 longest, "FILE:NAME LINES")
#   sh_locals                  names declared local
#   sh_globals                 names a function sets and does not declare
#   sh_globals_multi           local (tests/shscope.awk), and how many of
#                              them more than one file sets
#   c_over_40                  C functions of tools/ of more than 40 lines
#   c_file_state               file-scope mutable variables in tools/*/*.c
#   makefile_lines
#
# With -t, a trace written by tests/e2e/world.sh under E2E_TRACE=FILE:
#
#   trace_files, trace_functions   files and functions that ran
#   trace_hops                     commands run in another file than the
#                                  command before
#   trace_edges                    distinct FROM->TO pairs of those hops
#   trace_hold_rounds              rounds of the hold (its naps), which
#   trace_hops_a_round             the session's length decides: the hops
#   trace_hops_less_rounds         of one, and those of all but the rounds
#                                  between the first nap and the last
#   trace_hops_above_primitives    of those, the hops between concerns and
#                                  composition (neither side a primitive:
#                                  msg, config, state, ports, os-*)
set -eu
trace=
if [ "${1:-}" = -t ]; then trace=${2:?usage: measure.sh [-t TRACE] [TOP]}; shift 2; fi
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
here=$(cd "$(dirname "$0")" && pwd)
sh_src="$top/scripts/oobm $(echo "$top"/scripts/lib/*.sh)"

# shellcheck disable=SC2086 # the list of files, words by design
{
echo "sh_files $(echo $sh_src | wc -w)"
awk '/^[a-z_][a-z0-9_]*\(\) \{/ { n++ } END { print "sh_functions " n }' $sh_src
awk 'FNR == 1 { inf = 0 }
    /^[a-z_][a-z0-9_]*\(\) \{.*\}$/ { next }
    /^[a-z_][a-z0-9_]*\(\) \{/ { inf = 1; name = $1; start = FNR; next }
    inf && /^\}$/ { inf = 0; l = FNR - start - 1
	if (l > 40) over++
	if (l > max) { max = l; f = FILENAME; sub(/.*\//, "", f); which = f ":" name } }
    END { sub(/\(\)/, "", which); print "sh_over_40 " over + 0
	print "sh_longest " which " " max }' $sh_src
grep -ho '\(^\|[;&|{]\)[ 	]*local[ 	][^;&|]*' $sh_src |
    sed 's/.*local[ 	]*//' | tr -s ' \t' '\n' | sed 's/=.*//; /^$/d' |
    wc -l | sed 's/^ */sh_locals /'
awk -f "$here/shscope.awk" $sh_src |
    awk '$1 == "set" && $3 != "-" && $4 != "_" && $4 != "IFS" &&
	$4 != "OPTIND" { if (!(($4, $2) in seen)) { seen[$4, $2] = 1
	files[$4]++ } }
    END { for (n in files) { g++; if (files[n] > 1) m++ }
	print "sh_globals " g + 0; print "sh_globals_multi " m + 0 }'
awk '/^[a-z_][a-z0-9_]*\(/ && prev !~ /[;,]$/ && prev !~ /^#/ { inf = 1; start = FNR; next }
    inf && /^\}/ { inf = 0; if (FNR - start - 1 > 40) n++ }
    { prev = $0 } END { print "c_over_40 " n + 0 }' "$top"/tools/*/*.c
grep -h '^static [^(]*\(;\|=\|{\)[^)]*$' "$top"/tools/*/*.c |
    grep -vc '^static const\|^static.*(' | sed 's/^/c_file_state /'
echo "makefile_lines $(wc -l <"$top/Makefile")"
}
[ -n "$trace" ] || exit 0
sed -n 's/^+*\([^:]*\):\([^:]*\): \(.*\)/\1 \2 \3/p' "$trace" | awk '
    { if (!($1 in f)) { f[$1] = 1; nf++ }
	if (!(($1, $2) in fn)) { fn[$1, $2] = 1; nfn++ }
	if (NR > 1 && $1 != last) { hops++; seg++
	    if (!((last, $1) in e)) { e[last, $1] = 1; ne++ }
	    if (!prim(last) && !prim($1)) { up++; useg++ } }
	last = $1 }
    $1 == "hold.sh" && $2 == "hold" && $3 == "nap" {
	if (rounds++) { inloop += seg; uloop += useg }; seg = useg = 0 }
    END { print "trace_files " nf; print "trace_functions " nfn
	print "trace_hops " hops + 0; print "trace_edges " ne + 0
	print "trace_hold_rounds " rounds + 0
	if (rounds > 1) print "trace_hops_a_round " int(inloop / (rounds - 1) + 0.5)
	print "trace_hops_less_rounds " hops - inloop
	print "trace_hops_above_primitives " up - uloop }
    function prim(f) { return f ~ /^(msg|config|state|ports|os-linux|os-bsd)\.sh$/ }'
