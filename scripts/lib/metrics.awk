# metrics.awk: oobm status -k's key=value lines, and metrics.sh's
# "history KIND UP" lines, into Prometheus's text format (0.0.4): a
# family's HELP and TYPE, then its samples.  Values from status -k are
# safe already (no quote, backslash or newline); a fact not known (not a
# number where one is due) gives no sample rather than a false one.

function family(name, type, help) {
	printf "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type
}
function gauge(name, help, value) {
	family(name, "gauge", help)
	printf "%s %s\n", name, value
}
function num(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ }

/^history / { n[$2, $3]++; next }
/^ntp / { ns++; src[ns] = $2; mark[ns] = $3; off[ns] = $4; jit[ns] = $5
	reach[ns] = $6; next }
/^[a-z0-9_]+=/ {
	i = index($0, "=")
	v[substr($0, 1, i - 1)] = substr($0, i + 1)
}

END {
	gauge("oobm_session_up", "1 while a session holds the link up.",
	    v["state"] == "up")
	family("oobm_session_info", "gauge", "The session's state as oobm " \
	    "status says it, in the label.")
	printf "oobm_session_info{state=\"%s\"} 1\n", v["state"]
	family("oobm_sessions_last_day", "gauge", "Sessions begun in the " \
	    "last 24 hours, by kind, and whether the link came up.")
	split("sms hand failover selftest", kinds, " ")
	for (k = 1; k <= 4; k++)
		for (u = 0; u <= 1; u++)
			printf "oobm_sessions_last_day{kind=\"%s\",linked=\"%d\"} %d\n",
			    kinds[k], u, n[kinds[k], u]
	gauge("oobm_modem_resets_last_day", "Modem resets in the last 24 " \
	    "hours.", v["resets_24h"] + 0)
	gauge("oobm_modem_gave_up", "1 when the recovery ladder gave the " \
	    "modem up.", v["modem_error"] != "")
	gauge("oobm_modem_sim_ready", "1 when the SIM is ready (+CPIN: " \
	    "READY).", v["sim"] == "READY")
	gauge("oobm_modem_registered", "1 when registered, at home or " \
	    "roaming.", v["registration"] == "home" || v["registration"] == "roaming")
	gauge("oobm_modem_roaming", "1 when registered roaming.",
	    v["registration"] == "roaming")
	if (num(v["signal_dbm"]))
		gauge("oobm_modem_signal_dbm", "The signal, dBm.", v["signal_dbm"])
	if (num(v["sms_stored"]))
		gauge("oobm_modem_sms_stored", "Messages held in the modem's " \
		    "store.", v["sms_stored"])
	family("oobm_modem_info", "gauge", "The modem's network in the " \
	    "labels: registration, operator, access technology.")
	printf "oobm_modem_info{registration=\"%s\",operator=\"%s\",act=\"%s\"} 1\n",
	    v["registration"], v["operator"], v["act"]
	if (v["selftest"] != "") {
		gauge("oobm_selftest_ok", "1 when the last selftest passed.",
		    v["selftest"] == "ok")
		if (num(v["selftest_time"]))
			gauge("oobm_selftest_timestamp_seconds", "When the last " \
			    "selftest ran, Unix time.", v["selftest_time"])
	}
	if (v["power"] != "unset" && v["power"] != "")
		gauge("oobm_power_cycles_last_day", "Router power cycles in " \
		    "the last 24 hours.", v["power_24h"] + 0)
	if (v["failover"] == "up" || v["failover"] == "down")
		gauge("oobm_home_uplink_up", "1 while the home uplink's probes " \
		    "pass.", v["failover"] == "up")
	if (ns > 0)
		ntp()
	if (v["gps_fix"] != "")
		gauge("oobm_gps_fix", "1 while the GPS has a fix, as its last " \
		    "sentence says (the NMEA refclock's, or gpsd's).",
		    v["gps_fix"] == "A")
	if (v["gps_nmea_delay"] != "")
		gauge("oobm_gps_nmea_delay_seconds", "How late the NMEA " \
		    "sentences come after their second, as ntpd sees them: " \
		    "the refclock's time2 less its offset.", v["gps_nmea_delay"])
	if (v["gps_satellites"] != "")
		gauge("oobm_gps_satellites", "Satellites the GPS uses, as its " \
		    "last GGA sentence says.", v["gps_satellites"] + 0)
}

# The NTP daemon's sources, a family a quantity, a sample a source
function ntp(	i, synced) {
	for (i = 1; i <= ns; i++)
		synced = synced || mark[i] == "*" || mark[i] == "o"
	gauge("oobm_ntp_synced", "1 while the NTP daemon follows a source.",
	    synced + 0)
	source("oobm_ntp_source_offset_seconds", "The source's offset, as " \
	    "the daemon lists it.", off)
	source("oobm_ntp_source_jitter_seconds", "The source's jitter " \
	    "(chrony: its error).", jit)
	source("oobm_ntp_source_reach", "The source's reach register, 0 to " \
	    "255 (377 octal: the last 8 polls answered).", reach)
	for (i = 1; i <= ns; i++)
		flag[i] = mark[i] == "*" || mark[i] == "o"
	source("oobm_ntp_source_selected", "1 for the source the clock " \
	    "follows.", flag)
	for (i = 1; i <= ns; i++)
		flag[i] = mark[i] == "x"
	source("oobm_ntp_source_falseticker", "1 for a source the daemon " \
	    "calls a falseticker.", flag)
}
function source(name, help, val,	i) {
	family(name, "gauge", help)
	for (i = 1; i <= ns; i++)
		printf "%s{source=\"%s\"} %s\n", name, src[i], val[i] + 0
}
