# shellcheck shell=sh
# ntp.sh: the NTP daemon's sources as the time half's alarms and metrics
# read them, from ntpq (ntpd, ntpsec) or else chronyc, a line each:
# "NAME MARK OFFSET_S JITTER_S REACH", MARK ntpq's tally code (* the
# system peer, o the PPS peer, x a falseticker, + - # . candidates and
# others, "_" none) or chronyc's state mapped to it.
# Sourced by oobm(8); it defines functions only.

# ntp_sources: the lines, or 1 and why when the daemon cannot be asked
ntp_sources() {
	local out
	if command -v ntpq >/dev/null 2>&1; then
		out=$(timeout 10 ntpq -pn 127.0.0.1 2>&1) ||
		    { echo "ntpq: $out"; return 1; }
		printf '%s\n' "$out" | ntpq_sources
	elif command -v chronyc >/dev/null 2>&1; then
		out=$(timeout 10 chronyc -c -n sources 2>&1) ||
		    { echo "chronyc: $out"; return 1; }
		printf '%s\n' "$out" | chronyc_sources
	else
		echo "neither ntpq nor chronyc is installed"
		return 1
	fi
}

# ntpq_sources: ntpq -pn's listing on stdin (offset and jitter in ms,
# reach an octal register, as REACH in decimal)
ntpq_sources() {
	awk 'function octal(s, i, r) { for (i = 1; i <= length(s); i++)
	    r = r * 8 + substr(s, i, 1); return r + 0 }
	    /^[ *+#ox.-]/ && NF >= 10 && $1 != "remote" {
	    t = substr($0, 1, 1); name = $1
	    if (t != " ") name = substr(name, 2); else t = "_"
	    printf "%s %s %.9f %.9f %d\n", name, t, $(NF - 1) / 1000,
	        $NF / 1000, octal($(NF - 3)) }'
}

# chronyc_sources: chronyc -c -n sources' CSV on stdin: its state (*
# selected, + combined, - not, x falseticker, ~ too variable, ?
# unusable), reach, the last sample's adjusted offset and its error (s)
chronyc_sources() {
	awk -F, 'function octal(s, i, r) { for (i = 1; i <= length(s); i++)
	    r = r * 8 + substr(s, i, 1); return r + 0 }
	    NF >= 10 {
	    t = $2 == "*" ? "*" : $2 == "x" ? "x" : $2 == "+" ? "+" : "_"
	    printf "%s %s %.9f %.9f %d\n", $3, t, $8, $10, octal($6) }'
}


# ntp_tally: the sources' lines on stdin: a falseticker among them, no
# source the clock follows
ntp_tally() {
	awk '$2 == "*" || $2 == "o" { synced = 1 }
	    $2 == "x" { bad = bad (bad == "" ? "" : ", ") $1 }
	    END {
	    if (bad != "") print "ntp_falseticker falsetickers: " bad
	    if (!synced) print "ntp_unsynced no source the clock follows" }'
}

# gps_fix: "FIX SATS", the GPS's fix (A or V) and the satellites it
# uses (from a GGA; "-" when none came), or nothing when no program
# reading the GPS says: the NMEA refclock's last sentence, which ntpd
# keeps (ntpq's clock variables), else gpsd's sentences on its port
# (chrony reads the GPS through gpsd): the receiver's own or, from a
# binary protocol such as UBX, those gpsd makes of it
gps_fix() {
	local s
	s=$(ntp_timecode)
	[ -n "$s" ] || s=$(gpsd_sentences)
	printf '%s\n' "$s" | nmea_fix
}

# ntp_timecode: the sentence ntpd's NMEA refclock last read, if it has one
ntp_timecode() {
	ntp_nmea_cv | sed -n 's/.*timecode="\(\$[^"]*\)".*/\1/p'
}

# ntp_nmea_delay: how late the NMEA sentences come, in seconds, as ntpd
# sees them: its NMEA refclock's fudge time2 less the offset that
# remains (the driver adds time2 to each sample); nothing without one
ntp_nmea_delay() {
	local cv
	cv=$(ntp_nmea_cv)
	[ -n "$cv" ] || return 0
	timeout 10 ntpq -pn 127.0.0.1 2>/dev/null | ntpq_sources |
	    awk -v cv="$cv" 'BEGIN { n = split(cv, f, /[ ,\n]+/)
	    for (i = 1; i <= n; i++) {
	        if (f[i] ~ /^assoc=/) a = substr(f[i], 7) + 0
	        if (f[i] ~ /^fudgetime2=/) t2 = substr(f[i], 12) / 1000 } }
	    NR == a { printf "%.6f\n", t2 - $3 }'
}

# ntp_nmea_cv: the clock variables of ntpd's NMEA refclock (ntpq's cv),
# after a line "assoc=N", its place among ntpq -pn's sources
ntp_nmea_cv() {
	local i n out
	command -v ntpq >/dev/null 2>&1 || return 0
	n=$(timeout 10 ntpq -pn 127.0.0.1 2>/dev/null | ntpq_sources |
	    awk 'END { print NR }')
	i=1
	while [ "$i" -le "$n" ]; do
		out=$(timeout 10 ntpq -c "cv &$i" 127.0.0.1 2>/dev/null) || out=
		case $out in
		*'name="NMEA"'*) printf 'assoc=%d\n%s\n' "$i" "$out"; return 0 ;;
		esac
		i=$((i + 1))
	done
}

# gpsd_sentences: what gpsd at 127.0.0.1:2947, its default, sends in 3
# seconds (or 20 lines), its sentences only
gpsd_sentences() {
	command -v gpspipe >/dev/null 2>&1 || return 0
	timeout 3 gpspipe -r -n 20 127.0.0.1:2947 2>/dev/null |
	    grep '^\$' || :
}

# nmea_fix: "FIX SATS" from NMEA sentences on stdin, the last that says:
# RMC's and GLL's status, GGA's quality (above 0: a fix) and satellites
nmea_fix() {
	awk -F, '/^\$..RMC,/ { fix = $3 == "A" ? "A" : "V" }
	    /^\$..GLL,/ { fix = $7 ~ /^A/ ? "A" : "V" }
	    /^\$..GGA,/ { fix = $7 + 0 > 0 ? "A" : "V"; sats = $8 + 0 }
	    END { if (fix != "") print fix, sats == "" ? "-" : sats }'
}
