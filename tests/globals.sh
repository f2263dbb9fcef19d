#!/bin/sh
# globals.sh [-u] TOP: oobm's globals against their list and the headers
# of its files.  Every name a function of scripts/oobm or scripts/lib/*.sh
# sets without declaring it local (tests/shscope.awk finds them) must be
# on the list of globals in scripts/oobm (the "# Globals:" block, up to
# its "# (end of the globals)" line), and every name on it set somewhere;
# the Reads: and Sets: lines of each scripts/lib/*.sh must be what the
# file does:
#
#   Reads: the globals it reads that another file sets
#   Sets: the globals it sets that another file reads
#
# (the dispatcher's constants, set once outside any function, left out;
# and IFS, which dns_check puts back, OPTIND, and read's _, on no list).
# Prints what differs, one line each; status 1 when anything does.  -u
# writes the Reads: and Sets: lines instead.
set -eu
update=0
if [ "${1:-}" = -u ]; then update=1; shift; fi
top=${1:?usage: globals.sh [-u] TOP}
oobm=$top/scripts/oobm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -f "$top/tests/shscope.awk" "$oobm" "$top"/scripts/lib/*.sh >"$tmp/uses"

# the list: each line "#   NAME ...: meaning" or "#   NAME NAME ..."
sed -n '/^# Globals:/,/^# (end of the globals)/p' "$oobm" |
    sed -n 's/^#   \([A-Za-z_][A-Za-z0-9_ ]*\)\(:.*\)*$/\1/p' |
    tr ' ' '\n' | sed '/^$/d' | sort -u >"$tmp/listed"

# constants: set only outside functions, in the dispatcher
awk '$1 == "set" { if ($2 == "oobm" && $3 == "-") top[$4] = 1; else fn[$4] = 1 }
    END { for (n in top) if (!(n in fn)) print n }' "$tmp/uses" |
    sort -u >"$tmp/constants"
awk '$1 == "set" && $4 != "_" && $4 != "IFS" && $4 != "OPTIND" { print $4 }' \
    "$tmp/uses" | sort -u >"$tmp/set"
bad=0
for n in $(comm -23 "$tmp/set" "$tmp/listed"); do
	echo "$(awk -v n="$n" '$1 == "set" && $4 == n { print $2 ":" $5 " " $3 }' \
	    "$tmp/uses" | sort -u | tr '\n' ' ')sets $n: not local, and not on the list of globals"
	bad=1
done
for n in $(comm -13 "$tmp/set" "$tmp/listed"); do
	echo "scripts/oobm: $n is on the list of globals, and nothing sets it"
	bad=1
done

# per file, what it reads of the others and sets for them
awk -v consts="$tmp/constants" '
    BEGIN { while ((getline n <consts) > 0) c[n] = 1 }
    $4 in c || $4 == "_" || $4 ~ /^[A-Z]/ { next }
    $1 == "set" { s[$2, $4] = 1; setby[$4] = setby[$4] " " $2 }
    $1 == "read" { r[$2, $4] = 1; readby[$4] = readby[$4] " " $2 }
    { files[$2] = 1; names[$4] = 1 }
    END { for (f in files) for (n in names) {
	if (r[f, n] && others(setby[n], f))
		print f, "Reads", n
	if (s[f, n] && others(readby[n], f)) print f, "Sets", n } }
    function others(list, f,   a, i, k) {
	k = split(list, a, " ")
	for (i = 1; i <= k; i++) if (a[i] != f) return 1
	return 0 }' "$tmp/uses" | sort -u >"$tmp/does"

for p in "$top"/scripts/lib/*.sh; do
	f=${p##*/}
	for h in Reads Sets; do
		awk -v f="$f" -v h="$h" '$1 == f && $2 == h { print $3 }' \
		    "$tmp/does" >"$tmp/want"
		awk -v h="$h" '
		    $0 ~ "^# " h ":" { on = 1; sub("^# " h ":", ""); print; next }
		    on && /^#   / { sub(/^#/, ""); print; next }
		    { on = 0 }
		    /^[^#]/ { exit }' "$p" | tr ' ' '\n' |
		    sed -n '/^[A-Za-z_][A-Za-z0-9_]*$/p' | grep -vx none |
		    sort -u >"$tmp/has" || true
		sort -u -o "$tmp/want" "$tmp/want"
		cmp -s "$tmp/want" "$tmp/has" && continue
		if [ "$update" = 1 ]; then
			{ printf '%s' "$h:"
			  [ -s "$tmp/want" ] || printf ' none'
			  sed 's/^/ /' "$tmp/want" | tr -d '\n'; echo; } |
			    fold -s -w 74 | sed 's/ *$//; 1s/^/# /; 2,$s/^/#   /' \
			    >"$tmp/lines"
			awk -v h="$h" -v lines="$tmp/lines" '
			    $0 ~ "^# " h ":" { on = 1
				while ((getline l <lines) > 0) print l; next }
			    on && /^#   / { next }
			    { on = 0; print }' "$p" >"$tmp/new"
			cat "$tmp/new" >"$p"
			continue
		fi
		lacks=$(comm -23 "$tmp/want" "$tmp/has" | tr '\n' ' ')
		vain=$(comm -13 "$tmp/want" "$tmp/has" | tr '\n' ' ')
		echo "scripts/lib/$f: $h:${lacks:+ lacks ${lacks% }}${lacks:+${vain:+;}}${vain:+ lists in vain ${vain% }}"
		bad=1
	done
done
exit "$bad"
