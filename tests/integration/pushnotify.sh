#!/bin/sh
# pushnotify against a real HTTP server on 127.0.0.1 (socat running
# tests/integration/httpd.sh per connection), and an HTTPS one with a
# throwaway CA made here: what goes over the wire, retries, refusals,
# timeouts, and TLS verification.
# memcheck: yes (tests/run.sh runs it again under valgrind)
set -eu
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"
PUSH=$(tool pushnotify)
# conf NAME SERVICE URL [extra lines]: a 0600 config for the service
conf() {
	name=$1 service=$2 url=$3
	shift 3
	conf_write "$T/$name.conf" \
	    "oobm_push_service=$service" \
	    "oobm_push_url='$url'" \
	    "oobm_push_token='azGDORePK8gMaC0QOYAMyEEuzJnyUi'" \
	    "oobm_push_user='uQiRzpo4DXghDmr9QzzfQu27cmVRsG'" \
	    "$@"
}

requests() { find "$T/$1" -name 'req.*.head' | wc -l; }
body_is() { printf '%s' "$2" | cmp -s - "$T/$1/req.${3:-1}.body"; }
head_has() { grep -q -- "$2" "$T/$1/req.${3:-1}.head"; }
head_lacks() { ! grep -qi -- "$2" "$T/$1/req.${3:-1}.head"; }

OK_ANSWER='200 OK
Content-Type: application/json

{"status":1,"request":"5042853c-402d-4a18-abcb-168734a801de"}'

# Issue 37, item 6: credentials in oobm_push_url are a secret: never
# said (errors, syslog), and the file's mode enforced as for a token
t_url_credentials() {
	{
		echo "oobm_push_service=ntfy"
		echo "oobm_push_topic=oobm-t"
		echo "oobm_push_url='http://me:pa55word@127.0.0.1:1/?auth=t0ken'"
		echo "oobm_push_attempts=1"
	} >"$T/cred.conf"
	chmod 644 "$T/cred.conf"
	run "$PUSH" -c "$T/cred.conf" 'link up'
	expect "credentials in the URL, file others read: 78, chmod 600" sh -c \
	    "[ $status = 78 ] && grep -q 'holds the secret oobm_push_url.*chmod 600' '$T/err'"
	chmod 600 "$T/cred.conf"
	run "$PUSH" -T 2 -c "$T/cred.conf" 'link up'
	expect "...mode 600: the push tried, its failure said (75)" status_is 75
	expect "...the URL said without its credentials" sh -c \
	    "grep -q 'http://\\*\\*\\*@127.0.0.1:1/?\\*\\*\\*' '$T/err' &&
	    ! grep -q 'pa55word\\|t0ken' '$T/err'"
}

# -n: what a push would refuse, said without a request (oobm check)
t_test_only() {
	conf tn pushover http://127.0.0.1:1/
	run "$PUSH" -n -c "$T/tn.conf"
	expect "-n, a file a push accepts: exit 0, nothing sent" sh -c \
	    "[ $status = 0 ] && [ ! -s '$T/out' ]"
	conf tn pushover ftp://127.0.0.1/
	run "$PUSH" -n -c "$T/tn.conf"
	expect "-n: a URL no push takes: 78, as a push says it" sh -c \
	    "[ $status = 78 ] && grep -q 'http:// or https:// only' '$T/err'"
	conf tn carrier-pigeon http://127.0.0.1:1/
	run "$PUSH" -n -c "$T/tn.conf"
	expect "-n: a service unknown: 78" status_is 78
	conf tn pushover http://127.0.0.1:1/
	run "$PUSH" -n -c "$T/tn.conf" 'link up'
	expect "-n with a message: usage, 64" status_is 64
	run "$PUSH" -n -t title -c "$T/tn.conf"
	expect "-n with -t: usage, 64" status_is 64
}

t_pushover_form() {
	start_httpd po
	respond po <<EOF
$OK_ANSWER
EOF
	conf po pushover "http://127.0.0.1:$PORT/1/messages.json"
	run "$PUSH" -c "$T/po.conf" -t 'oobm: link up' \
	    'ssh -p 31337 root@relay & a=b+c ÅÄÖ 100%'
	expect "Pushover 200: exit 0" status_is 0
	expect "Pushover 200: one machine-readable line with the request id" \
	    out_is 'service=pushover http=200 request=5042853c-402d-4a18-abcb-168734a801de'
	expect "the form carries exactly the fields, URL-encoded (UTF-8, &=+%)" \
	    body_is po 'token=azGDORePK8gMaC0QOYAMyEEuzJnyUi&user=uQiRzpo4DXghDmr9QzzfQu27cmVRsG&message=ssh%20-p%2031337%20root%40relay%20%26%20a%3Db%2Bc%20%C3%85%C3%84%C3%96%20100%25&title=oobm%3A%20link%20up&priority=0'
	expect "POST to the configured path" \
	    head_has po '^POST /1/messages.json HTTP/1.1$'
	expect "User-Agent names oobm and its version" \
	    head_has po '^User-Agent: oobm-pushnotify/0.1$'
	expect "form content type" \
	    head_has po '^Content-Type: application/x-www-form-urlencoded$'
	expect "no Expect: 100-continue round trip on a slow link" \
	    head_lacks po '^Expect'
}

t_pushover_long_and_emergency() {
	start_httpd long
	respond long <<EOF
$OK_ANSWER
EOF
	conf long pushover "http://127.0.0.1:$PORT/1/messages.json" \
	    oobm_push_retry=30 oobm_push_expire=600 oobm_push_sound=siren
	text=$(awk 'BEGIN { for (i = 0; i < 1100; i++) printf "å" }')
	printf '%s\n' "$text" >"$T/long.txt"
	run sh -c '"$0" -c "$1" -p 2 <"$2"' "$PUSH" "$T/long.conf" \
	    "$T/long.txt"
	want=$(awk 'BEGIN { for (i = 0; i < 1023; i++) printf "%%C3%%A5"; printf "%%E2%%80%%A6" }')
	expect "1100 characters from stdin: cut visibly to 1024, UTF-8 whole" \
	    grep -q "&message=$want&priority=2&sound=siren&retry=30&expire=600\$" \
	    "$T/long/req.1.body"
}

t_retry_500_then_200() {
	start_httpd r5
	printf '500 Internal Server Error\n\noops\n' | respond r5 1
	respond r5 <<EOF
$OK_ANSWER
EOF
	conf r5 pushover "http://127.0.0.1:$PORT/1/messages.json"
	run "$PUSH" -c "$T/r5.conf" 'link up'
	expect "500 then 200: delivered, exit 0" status_is 0
	expect "500 then 200: two requests" test "$(requests r5)" -eq 2
	expect "500 then 200: waited at least 5 s before retrying" \
	    elapsed_within 4900 12000
	expect "retry sends the same form" cmp -s "$T/r5/req.1.body" \
	    "$T/r5/req.2.body"
	expect "stderr a file: no progress line in it" err_lacks 'retrying'
	# issue 16, item 1: on a terminal the wait is said (script(1) gives
	# stderr a pty)
	start_httpd r5p
	printf '500 Internal Server Error\n\noops\n' | respond r5p 1
	respond r5p <<EOF
$OK_ANSWER
EOF
	conf r5p pushover "http://127.0.0.1:$PORT/1/messages.json"
	script -qefc "'$PUSH' -c '$T/r5p.conf' 'link up'" /dev/null \
	    >"$T/pty.out" 2>&1 </dev/null || true
	expect "on a pty: '500, retrying in 5 s (2/4)' while it waits" \
	    grep -q 'pushnotify: 500, retrying in 5 s (2/4)' "$T/pty.out"
}

t_429_retry_after() {
	start_httpd r429
	printf '429 Too Many Requests\nRetry-After: 2\n\n{"status":0}\n' |
	    respond r429 1
	respond r429 <<EOF
$OK_ANSWER
EOF
	conf r429 pushover "http://127.0.0.1:$PORT/1/messages.json"
	run "$PUSH" -c "$T/r429.conf" 'link up'
	expect "429 then 200: exit 0" status_is 0
	expect "429 with Retry-After: 2: waited 2 s, not the 5 s backoff" \
	    elapsed_within 1900 4500
}

# The server's Retry-After in the give-up message: escaped, as all else
# it sends (a control byte would drive the terminal, or the log)
t_retry_after_escaped() {
	start_httpd resc
	printf '429 Too Many Requests\nRetry-After: \033[2J9\n\n{"status":0}\n' |
	    respond resc 1
	conf resc pushover "http://127.0.0.1:$PORT/1/messages.json" \
	    oobm_push_attempts=1
	run "$PUSH" -c "$T/resc.conf" 'link up'
	expect "a hostile Retry-After: gave up, 75" status_is 75
	expect "...its ESC shown as \\033, no control byte" sh -c \
	    "grep -q 'Retry-After \\\\033\[2J9' '$T/err' &&
	    ! LC_ALL=C grep -q '[[:cntrl:]]' '$T/err'"
}

t_400_not_retried() {
	start_httpd r400
	respond r400 <<'EOF'
400 Bad Request
Content-Type: application/json

{"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key"],"status":0,"request":"e460545a-8e5d-4f7a-9f4c-d08a3e1d3c0f"}
EOF
	conf r400 pushover "http://127.0.0.1:$PORT/1/messages.json"
	run "$PUSH" -c "$T/r400.conf" 'link up'
	expect "400: exit 1, the API said no" status_is 1
	expect "400: the API's own error text shown" \
	    err_has 'HTTP 400: user identifier is not a valid user, group, or subscribed user key'
	expect "400: not retried" test "$(requests r400)" -eq 1
}

t_never_answers() {
	start_httpd hang
	echo hang | respond hang
	conf hang pushover "http://127.0.0.1:$PORT/1/messages.json"
	run "$PUSH" -T 3 -c "$T/hang.conf" 'link up'
	expect "silent server: exit 75" status_is 75
	expect "silent server: ends within the total time" elapsed_within 2500 4500
	expect "silent server: says it gave up" err_has 'gave up'
	run "$PUSH" -T 3 -c "$T/hang.conf" -v 'link up'
	conf closed pushover "http://127.0.0.1:1/1/messages.json" \
	    oobm_push_attempts=2
	run "$PUSH" -T 20 -c "$T/closed.conf" 'link up'
	expect "connection refused: retried, then exit 75" status_is 75
}

make_certs() {
	(
		cd "$T"
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		    -subj '/CN=oobm test CA' -keyout ca.key -out ca.pem
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		    -subj '/CN=another CA' -keyout other.key -out other.pem
		openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' \
		    -keyout server.key -out server.csr
		printf 'subjectAltName=IP:127.0.0.1\n' >san.ext
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key \
		    -CAcreateserial -days 2 -extfile san.ext -out server.crt
		cat server.crt server.key >server.pem
	) >/dev/null 2>&1
}

t_https_verification() {
	if ! command -v openssl >/dev/null 2>&1; then
		skip "openssl is not installed"
		return
	fi
	make_certs
	start_httpd tls tls
	respond tls <<EOF
$OK_ANSWER
EOF
	conf tls pushover "https://127.0.0.1:$PORT/1/messages.json"
	run "$PUSH" -C "$T/ca.pem" -c "$T/tls.conf" 'link up'
	expect "HTTPS with the right CA (-C): delivered" status_is 0
	run "$PUSH" -C "$T/other.pem" -c "$T/tls.conf" 'link up'
	expect "HTTPS with a wrong CA: refused, exit 69" status_is 69
	expect "HTTPS with a wrong CA: says TLS" err_has 'TLS'
	run "$PUSH" -c "$T/tls.conf" 'link up'
	expect "HTTPS, the system's CAs: the throwaway CA is not trusted" \
	    status_is 69
	expect "a failed verification is not retried" \
	    test "$(requests tls)" -eq 1
}

t_ntfy_and_webhook() {
	start_httpd ntfy
	printf '200 OK\n\n{"id":"sK2pcN1dmTNc","topic":"oobm"}\n' | respond ntfy
	conf ntfy ntfy "http://127.0.0.1:$PORT" oobm_push_topic=oobm
	run "$PUSH" -c "$T/ntfy.conf" -t 'link "up"' -p 1 -u 'ssh://relay:31337' \
	    "$(printf 'line 1\nline 2')"
	expect "ntfy: exit 0, its id reported" \
	    out_is 'service=ntfy http=200 request=sK2pcN1dmTNc'
	expect "ntfy: JSON publish with topic, quoting and priority 4" \
	    body_is ntfy '{"topic":"oobm","message":"line 1\nline 2","title":"link \"up\"","priority":4,"click":"ssh://relay:31337"}'
	expect "ntfy: bearer token" \
	    head_has ntfy '^Authorization: Bearer azGDORePK8gMaC0QOYAMyEEuzJnyUi$'
	start_httpd hook
	printf '204 No Content\n\n' | respond hook
	conf hook webhook "http://127.0.0.1:$PORT/hooks/oobm"
	run "$PUSH" -c "$T/hook.conf" 'tab	and \ backslash'
	expect "webhook: 204 is delivered" status_is 0
	expect "webhook: JSON body" \
	    body_is hook '{"message":"tab\tand \\ backslash","priority":0}'
}

# -a: the URL's host is a name no resolver knows; the request goes to the
# address given and still names that host.
t_pinned_address() {
	start_httpd pin
	respond pin <<EOF
$OK_ANSWER
EOF
	conf pin pushover "http://push.oobm-test.invalid:$PORT/1/messages.json"
	run "$PUSH" -T 5 -c "$T/pin.conf" 'link up'
	expect "an unresolvable host without -a: not delivered, exit 75" \
	    status_is 75
	run "$PUSH" -a 127.0.0.1 -c "$T/pin.conf" 'link up'
	expect "-a 127.0.0.1: delivered there, exit 0" status_is 0
	expect "-a: the request still names the URL's host" \
	    head_has pin "^Host: push.oobm-test.invalid:$PORT"
	run "$PUSH" -a push.example -c "$T/pin.conf" 'link up'
	expect "-a with a name, not an address: exit 64" status_is 64
	expect "-a with a name: says so" err_has 'not an IP address'
}

# Issue 15, item 2: the JSON body was built with snprintf into a fixed
# buffer, and a title and link too long together were cut silently into
# invalid JSON; now nothing is sent.
t_body_never_cut() {
	conf big webhook http://127.0.0.1:1/
	long=$(awk 'BEGIN { while (n++ < 30000) printf "a" }')
	run "$PUSH" -c "$T/big.conf" -t "$long" -u "https://x/$long" 'link up'
	expect "a request too large for the body: exit 65, said, not cut" \
	    sh -c "[ $status = 65 ] && grep -q 'request too large' '$T/err'"
}

# Issue 14, item 6: what no retry mends is said at once; secrets stay
# out of messages.
t_review_item6() {
	printf 'oobm_push_service=pushover\n' >"$T/notoken.conf"
	chmod 644 "$T/notoken.conf"
	run "$PUSH" -c "$T/notoken.conf" 'link up'
	expect "item 6: a 0644 file without the token: says it is not set" sh -c \
	    "[ $status = 78 ] && grep -q 'oobm_push_token is not set' '$T/err' &&
	    ! grep -q 'holds the secret' '$T/err'"
	conf ftp webhook 'ftp://127.0.0.1/push'
	run "$PUSH" -c "$T/ftp.conf" 'link up'
	# At once: well inside the first retry's wait (35 s of them before).
	expect "item 6: an ftp:// URL: exit 78 at once" sh -c \
	    "[ $status = 78 ] && [ $elapsed -lt $(slow 1500) ] && grep -q 'http:// or https:// only' '$T/err'"
	conf cafile pushover "https://127.0.0.1:1/1/messages.json"
	run "$PUSH" -C "$T/missing.pem" -c "$T/cafile.conf" 'link up'
	expect "item 6: -C missing.pem: exit 66 naming the CA file, not a failed verification" \
	    sh -c "[ $status = 66 ] && grep -q 'CA file .*missing.pem' '$T/err'"
	start_httpd echo
	printf '400 Bad Request\nContent-Type: application/json\n\n{"error":"bad token azGDORePK8gMaC0QOYAMyEEuzJnyUi for uQiRzpo4DXghDmr9QzzfQu27cmVRsG"}\n' |
	    respond echo
	conf echo pushover "http://127.0.0.1:$PORT/1/messages.json"
	run "$PUSH" -c "$T/echo.conf" 'link up'
	expect "item 6: plain http:// with a token: warned" err_has 'in clear over http://'
	expect "item 6: an error body echoing the secrets: both masked" sh -c \
	    "[ $status = 1 ] && grep -q 'bad token \*\*\*\*' '$T/err' &&
	    ! grep -q 'azGDORePK8gMaC0QOYAMyEEuzJnyUi\|uQiRzpo4DXghDmr9QzzfQu27cmVRsG' '$T/err'"
	start_httpd e500
	printf '500 Internal Server Error\nContent-Type: text/plain\n\noops\n' | respond e500
	conf e500 webhook "http://127.0.0.1:$PORT/hook" oobm_push_attempts=1
	run "$PUSH" -v -c "$T/e500.conf" 'link up'
	expect "item 6: -v names the HTTP status of a failed attempt" \
	    err_has 'attempt 1: HTTP 500'
}

t_refusals() {
	conf cfg pushover http://127.0.0.1:1/
	chmod 644 "$T/cfg.conf"
	run "$PUSH" -c "$T/cfg.conf" 'link up'
	expect "token in a world-readable file: exit 78" status_is 78
	expect "token in a world-readable file: says chmod 600" \
	    err_has 'chmod 600'
	printf 'oobm_push_url=x\n' >"$T/none.conf"
	run "$PUSH" -c "$T/none.conf" 'link up'
	expect "no service configured: exit 78" status_is 78
	conf cfg pushover http://127.0.0.1:1/
	run "$PUSH" -c "$T/cfg.conf" ''
	expect "empty message: exit 65" status_is 65
	run "$PUSH" -c "$T/cfg.conf" -p 3 x
	expect "priority 3: exit 64" status_is 64
	run "$PUSH" -c "$T/cfg.conf" "$(printf 'bad \377 utf-8')"
	expect "invalid UTF-8: exit 65" status_is 65
	# a bad title is the caller's mistake, told before the file is read
	run "$PUSH" -c "$T/none.conf" -t "$(printf 'bad \377')" 'link up'
	expect "a title not UTF-8: exit 65, before a broken config" \
	    sh -c "[ $status = 65 ] && grep -q 'title and url must be UTF-8' '$T/err'"
}

run_tests "$0"
