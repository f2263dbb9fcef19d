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
udhcpc isc-dhcp-client dhcpcd-base libexpat1-dev curl nftables"
freebsd_pkgs="libserialport curl pkgconf hs-ShellCheck oath-toolkit gpsd"

# chrony_unpacked: chronyd for tests/integration/ntpsec.sh.  Debian's
# chrony conflicts with ntpsec (both are the time daemon), so it is
# unpacked beside, never installed: the test runs it with -x, which
# never steers the clock.
CHRONY_DIR=/var/cache/oobm-tests/chrony
chrony_unpacked() {
	[ ! -x "$CHRONY_DIR/usr/sbin/chronyd" ] || return 0
	[ "$(id -u)" -eq 0 ] || return 0
	tmp=$(mktemp -d)
	if (cd "$tmp" && apt-get download -qq chrony 2>/dev/null) &&
	    mkdir -p "$CHRONY_DIR" &&
	    dpkg-deb -x "$tmp"/chrony_*.deb "$CHRONY_DIR"; then
		echo "chronyd unpacked in $CHRONY_DIR"
	else
		echo "deps.sh: chrony could not be fetched;" \
		    "the chrony leg of the ntpsec test will skip" >&2
	fi
	rm -rf "$tmp"
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
		chrony_unpacked
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
	[ "$rc" != 0 ] || chrony_unpacked
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
