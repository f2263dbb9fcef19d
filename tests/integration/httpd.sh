#!/bin/sh
# One HTTP/1.1 exchange for the push tests: socat runs this for every
# connection, the connection on stdin and stdout.  $HTTPD_DIR holds the
# script of answers and receives what was asked:
#   resp.N	the answer to request N, else resp: a status line ("200 OK"
#		or "hang": never answer), header lines, a blank line, body
#   req.N.head	request line and headers of request N (CR removed)
#   req.N.body	its body, exactly
#   req.N.peer	the client's address, as socat saw it
set -eu
dir=$HTTPD_DIR
n=1
while ! mkdir "$dir/seq.$n" 2>/dev/null; do	# atomic request number
	n=$((n + 1))
done
len=0
printf '%s\n' "${SOCAT_PEERADDR:-}" >"$dir/req.$n.peer"
: >"$dir/req.$n.head"
while IFS= read -r line; do
	line=$(printf '%s' "$line" | tr -d '\r')
	[ -n "$line" ] || break
	printf '%s\n' "$line" >>"$dir/req.$n.head"
	case $line in
	[Cc]ontent-[Ll]ength:*) len=$(echo "${line#*:}" | tr -d ' ') ;;
	esac
done
head -c "$len" >"$dir/req.$n.body"
resp=$dir/resp.$n
[ -f "$resp" ] || resp=$dir/resp
status=$(head -n 1 "$resp")
if [ "$status" = hang ]; then
	sleep 30
	exit 0
fi
sed '1,/^$/d' "$resp" >"$dir/body.$n"
printf 'HTTP/1.1 %s\r\n' "$status"
# the header lines: from line 2 to the first blank one (sed's 2,/^$/
# would test the end only from line 3 on, and take a body for headers)
awk 'NR > 1 && /^$/ { exit } NR > 1 { printf "%s\r\n", $0 }' "$resp"
printf 'Content-Length: %d\r\nConnection: close\r\n\r\n' \
    "$(wc -c <"$dir/body.$n")"
cat "$dir/body.$n"
