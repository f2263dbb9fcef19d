# shellcheck shell=sh
# metrics.sh: the metrics verb: the out-of-band half's health (the
# session, the sessions of 24 h by kind and outcome, the modem, the
# selftest, the power relay, the home uplink; the NTP daemon's sources
# on a time server) in Prometheus's text format for node_exporter's
# textfile collector; the pulse's own are ppsmon -m's.
# Sourced by oobm(8); it defines functions only.
# Reads: gps state_dir

# metrics [FILE]: the metrics on stdout, or FILE (*.prom) replaced whole:
# written beside it and renamed, so that a scrape never reads half
verb_metrics() {
	local mf
	[ $# -le 1 ] || usage
	[ $# -eq 1 ] || { metrics_text; return; }
	case $1 in
	*.prom) ;;
	*) die $EX_USAGE "$1: node_exporter's textfile collector reads only" \
	    "files named *.prom" ;;
	esac
	mf=$1.$$.tmp
	if ! metrics_text >"$mf" 2>/dev/null || ! chmod 644 "$mf" ||
	    ! mv -f "$mf" "$1"; then
		rm -f "$mf"
		die $EX_CANTCREAT "$1: cannot write it"
	fi
}

# metrics_text: status -k's facts and the history's, as metrics
metrics_text() {
	{
		status_keys "$(session_state)"
		metrics_history
		metrics_ntp
	} | awk -f "$OOBM_LIBDIR/metrics.awk"
}

# metrics_ntp: "ntp NAME MARK OFFSET_S JITTER_S REACH" for each source of
# the NTP daemon (ntp.sh), when the box is a time server (oobm_gps); the
# NMEA source's offset is its sentences' delay less its fudge
metrics_ntp() {
	local out
	[ -n "$gps" ] || return 0
	if out=$(ntp_sources 2>/dev/null); then
		printf '%s\n' "$out" | sed 's/^/ntp /'
	fi
	gps_fix | awk '{ print "gps_fix=" $1
	    if ($2 != "-") print "gps_satellites=" $2 }'
	ntp_nmea_delay | sed 's/^/gps_nmea_delay=/'
}

# metrics_history: "history KIND UP" for each session begun in 24 h
metrics_history() {
	[ -f "$state_dir/history" ] || return 0
	awk -v since=$(($(now) - 86400)) '{
	    s = $1; sub(/^start=/, "", s); k = $3; sub(/^kind=/, "", k)
	    u = $4; sub(/^up=/, "", u)
	    if ($3 !~ /^kind=/) { k = "sms"; u = 1 }	# before kind= was kept
	    if (s + 0 >= since) print "history", k, u }' "$state_dir/history"
}
