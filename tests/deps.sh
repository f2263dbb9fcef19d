#!/bin/sh
# tests/deps.sh: make sure what building and testing oobm need is there.
# On Debian, as root, it installs what is missing; otherwise it prints the
# one command that would.
set -eu

debian_pkgs="build-essential pkg-config libserialport-dev \
libcurl4-openssl-dev bmake mandoc shellcheck clang util-linux oathtool openssl \
ca-certificates gpsd gpsd-clients pps-tools valgrind clang-tidy gnuplot-nox \
openssh-server openssh-client iproute2 socat ppp picocom procps \
bind9-host dnsmasq-base ntpsec xz-utils strace iputils-ping netcat-openbsd \
udhcpc isc-dhcp-client dhcpcd-base libexpat1-dev curl nftables systemd man-db"
freebsd_pkgs="libserialport curl pkgconf hs-ShellCheck oath-toolkit gpsd"

# unpacked PKG: Debian's package PKG unpacked in /var/cache/oobm-tests/PKG,
# never installed, for a test to run from there: chrony conflicts with
# ntpsec (both are the time daemon; ntpsec.sh runs chronyd with -x, which
# never steers the clock); prometheus (for its promtool) and
# prometheus-node-exporter would start services and pull in a web stack
# (metrics.sh starts node_exporter itself).
UNPACK_DIR=/var/cache/oobm-tests
unpacked() {
	[ ! -f "$UNPACK_DIR/$1/.unpacked" ] || return 0
	[ "$(id -u)" -eq 0 ] || return 0
	tmp=$(mktemp -d)
	if (cd "$tmp" && apt-get download -qq "$1" 2>/dev/null) &&
	    mkdir -p "$UNPACK_DIR/$1" &&
	    dpkg-deb -x "$tmp/$1"_*.deb "$UNPACK_DIR/$1" &&
	    touch "$UNPACK_DIR/$1/.unpacked"; then
		echo "$1 unpacked in $UNPACK_DIR/$1"
	else
		echo "deps.sh: $1 could not be fetched; the tests that" \
		    "need it will skip" >&2
	fi
	rm -rf "$tmp"
}
unpack_all() {
	for p in chrony prometheus prometheus-node-exporter; do
		unpacked "$p"
	done
}

if command -v dpkg-query >/dev/null 2>&1; then
	missing=
	for p in $debian_pkgs; do
		if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		    grep -q ' installed$'; then
			missing="$missing $p"
		fi
	done
	if [ -z "$missing" ]; then
		unpack_all
		exit 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		echo "oobm needs:$missing" >&2
		echo "run: sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# no service starts from these packages: an ntpd would steer this
	# machine's clock, an sshd would listen (tests start their own)
	made_policy=
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	rc=0
	apt-get update -qq || rc=$?
	# shellcheck disable=SC2086 # one word per package
	[ "$rc" != 0 ] || apt-get install -y -qq --no-install-recommends \
	    $missing || rc=$?
	[ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
	[ "$rc" != 0 ] || unpack_all
	exit "$rc"
elif command -v pkg >/dev/null 2>&1; then
	missing=
	for p in $freebsd_pkgs; do
		pkg info -e "$p" || missing="$missing $p"
	done
	[ -z "$missing" ] && exit 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "run: pkg install -y$missing" >&2
		exit 1
	fi
	# shellcheck disable=SC2086 # one word per package
	pkg install -y $missing
else
	echo "deps.sh: unknown system; oobm needs libserialport, libcurl," \
	    "pkg-config, mandoc and shellcheck" >&2
fi
