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
}
