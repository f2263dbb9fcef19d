# shscope.awk: the variables of oobm's sh, as t_layout (tests/integration/
# oobm.sh) checks them: for each file given, one line a use,
#
#   set FILE FUNCTION NAME LINE    NAME assigned, not declared local there
#   read FILE FUNCTION NAME LINE   NAME read, not declared local there
#
# FUNCTION is - outside any function.  An assignment is NAME=, read NAME,
# for NAME in, getopts OPTS NAME; a read is $NAME, ${NAME...} or a name in
# $((...)).  A heuristic for the way oobm is written (one function a
# "NAME() {" line, ended by a "}" line of its own), not a parser of sh:
# text in single quotes is not looked into, nor a prefix assignment to
# IFS.
function flush(   i, l, n, w, a, rest) {
	for (i = 1; i <= nl; i++) {
		l = body[i]
		if (l ~ /^[ \t]*local[ \t]/ || l ~ /[;&|{][ \t]*local[ \t]/) {
			sub(/.*local[ \t]+/, "", l); sub(/[;&|].*/, "", l)
			n = split(l, a, /[ \t]+/)
			for (w = 1; w <= n; w++) { sub(/=.*/, "", a[w]); loc[a[w]] = 1 }
		}
	}
	for (i = 1; i <= nl; i++) {
		l = body[i]; cur = i
		if (hd[i]) { reads(l); continue }
		if (l ~ /^[ \t]*local[ \t]/) continue
		reads(l)
		gsub(/"[^"]*"/, "\"\"", l)	# an assignment in it is a subshell's
		while (gsub(/\$\([^()]*\)/, "$", l)) ;
		assigns(l)
		rest = " " l
		while (match(rest, /[ \t;&|(]read[ \t]+(-r[ \t]+)?[A-Za-z_][A-Za-z0-9_ \t]*/)) {
			w = substr(rest, RSTART + 1, RLENGTH - 1)
			rest = substr(rest, RSTART + RLENGTH)
			sub(/^read[ \t]+(-r[ \t]+)?/, "", w)
			n = split(w, a, /[ \t]+/)
			for (w = 1; w <= n; w++) if (a[w] != "") use("set", a[w])
		}
		rest = " " l
		while (match(rest, /[ \t;&|(](for[ \t]+[A-Za-z_][A-Za-z0-9_]*|getopts[ \t]+[^ \t]+[ \t]+[A-Za-z_][A-Za-z0-9_]*)/)) {
			w = substr(rest, RSTART + 1, RLENGTH - 1)
			rest = substr(rest, RSTART + RLENGTH)
			sub(/.*[ \t]/, "", w)
			use("set", w)
		}
	}
	split("", loc); nl = 0
}
# assigns LINE: the assignments of each simple command of LINE that is
# made of assignments only (with a command after them, they are its
# environment)
function assigns(l,   segs, ns, j, t, nt, k, w) {
	# case patterns (a=*) | b=*)), and what a ( ) subshell assigns
	gsub(/[^ \t;()|]*=[^ \t;()|]*[ \t]*(\|[ \t]*[^ \t;()|]*[ \t]*)*\)/, ")", l)
	gsub(/(^|[ \t])(then|do|else|elif|if|while|until|!)[ \t]/, ";", l)
	ns = split(l, segs, /[;&|(){}]/)
	for (j = 1; j <= ns; j++) {
		nt = split(segs[j], t, /[ \t]+/)
		w = 0
		for (k = 1; k <= nt; k++) {
			if (t[k] == "") continue
			if (t[k] !~ /^[A-Za-z_][A-Za-z0-9_]*=/) { w = -1; break }
			w++
		}
		if (w <= 0) continue
		for (k = 1; k <= nt; k++)
			if (t[k] != "") { sub(/=.*/, "", t[k]); use("set", t[k]) }
	}
}
# unquote LINE: LINE with what is in single quotes and comments taken
# out; q holds the quote open at the end of the line, for the next
function unquote(l,   o, i, c, n) {
	o = ""; n = length(l)
	for (i = 1; i <= n; i++) {
		c = substr(l, i, 1)
		if (q == "\047") { if (c == q) { q = ""; o = o "\047\047" }; continue }
		if (c == "\\") { o = o substr(l, i, 2); i++; continue }
		if (q == "\"") { if (c == q) q = ""; o = o c; continue }
		if (c == "\047") { q = c; continue }
		if (c == "\"") q = c
		else if (c == "#" && (i == 1 || substr(l, i - 1, 1) ~ /[ \t]/)) break
		o = o c
	}
	return o
}
function reads(l,   w, m, i, j, d, c) {
	while (match(l, /\$\{?[A-Za-z_][A-Za-z0-9_]*/)) {
		w = substr(l, RSTART + 1, RLENGTH - 1); sub(/^\{/, "", w)
		use("read", w)
		l = substr(l, RSTART + RLENGTH)
	}
	# names in $((...)), whatever $(...) is in it
	while ((i = index(l, "$((")) > 0) {
		m = ""; d = 2
		for (j = i + 3; j <= length(l) && d > 0; j++) {
			c = substr(l, j, 1)
			if (c == "(") d++
			else if (c == ")") d--
			m = m c
		}
		l = substr(l, j)
		gsub(/"[^"]*"/, "", m)
		while (gsub(/\$\([^()]*\)/, "", m)) ;
		gsub(/\$\{?[A-Za-z_][A-Za-z0-9_]*/, "", m)
		while (match(m, /[A-Za-z_][A-Za-z0-9_]*/)) {
			use("read", substr(m, RSTART, RLENGTH))
			m = substr(m, RSTART + RLENGTH)
		}
	}
}
function use(kind, name) {
	if (name in loc) return
	print kind, file, fn, name, bline[cur]
}
FNR == 1 { if (nl) flush(); q = ""; file = FILENAME; sub(/.*\//, "", file); fn = "-"; eoh = ""; cont = "" }
{
	l = $0
	if (eoh != "") {
		if (l == eoh || l ~ "^\t*" eoh "$") { eoh = ""; next }
		if (!qhd) { body[++nl] = l; hd[nl] = 1; bline[nl] = FNR }
		next
	}
	if (q == "" && l ~ /^[ \t]*#/) next
	if (match(l, /<<-?[ \t]*\\?['"]?[A-Za-z_]+/) && q == "") {
		eoh = substr(l, RSTART, RLENGTH); qhd = eoh ~ /['"\\]/
		sub(/^<<-?[ \t]*\\?['"]?/, "", eoh)
	}
	l = unquote(l)
	if (q == "" && l ~ /\\$/) { cont = cont substr(l, 1, length(l) - 1) " "; next }
	l = cont l; cont = ""
	if (fn == "-" && match(l, /^[a-z_][a-z0-9_]*\(\) \{/)) {
		fn = substr(l, 1, RLENGTH - 4)
		if (l ~ /\}[ \t;]*$/) {	# a function of one line
			sub(/^[^{]*\{/, "", l); sub(/\}[ \t;]*$/, "", l)
			body[++nl] = l; hd[nl] = 0; bline[nl] = FNR; flush(); fn = "-"
		}
		next
	}
	if (fn != "-" && l ~ /^\}/) { flush(); fn = "-"; next }
	body[++nl] = l; hd[nl] = 0; bline[nl] = FNR
	if (fn == "-") flush()
}
END { if (nl) flush() }
