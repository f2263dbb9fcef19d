#!/bin/sh
# tests/freebsd/compile.sh: the tree compiled for FreeBSD, the seed's
# platform, against the header sysroots of ../shared/freebsd (armv7 for
# the Raspberry Pi 2B, arm64 for a Pi 3/4), with the native build's own
# warnings and -Werror.  No FreeBSD libraries are there, so every C file
# of tools/ is compiled to an object, not linked.  Without the sysroots
# (a clone with no ../shared) it says so in one skip line.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
fixtures=${OOBM_FREEBSD:-$top/../shared/freebsd}
out=$top/build/freebsd
n=0
failed=0

ok() { n=$((n + 1)); printf 'ok %d - %s\n' "$n" "$*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); printf 'not ok %d - %s\n' "$n" "$*"; }

if ! command -v clang >/dev/null 2>&1; then
	not_ok "FreeBSD compile: no clang (tests/deps.sh installs it)"
	echo "1..$n"
	exit 1
fi
if [ ! -f "$fixtures/sysroot-12.1-arm.tar.xz" ]; then
	printf 'ok 1 - # SKIP FreeBSD compile: no sysroots in %s\n1..1\n' \
	    "$fixtures"
	exit 0
fi

# The flags of the native build, from the Makefile: one list of warnings.
warn=$(make -s -C "$top" print-warnflags)
case $warn in
*-Werror*) ok "the native build's warnings: $warn" ;;
*) not_ok "no -Werror in the Makefile's WARNFLAGS: '$warn'" ;;
esac

# libserialport's and curl's headers are portable; Linux's include
# directory is not (its sys/ would come before the sysroot's).
rm -rf "$out"
mkdir -p "$out/inc"
cp /usr/include/libserialport.h "$out/inc/"
for d in /usr/include/*-linux-gnu/curl /usr/include/curl; do
	[ -d "$d" ] || continue
	cp -r "$d" "$out/inc/"
	break
done
# expat is FreeBSD's own as libbsdxml: its headers renamed (lib/libexpat/
# Makefile makes bsdxml.h of expat.h, naming bsdxml_external.h)
sed 's/expat_external\.h/bsdxml_external.h/' /usr/include/expat.h \
    >"$out/inc/bsdxml.h"
cp /usr/include/expat_external.h "$out/inc/bsdxml_external.h"

# cc ARCH TARGET ARGS: clang for FreeBSD 12.1 on ARCH
cc() {
	a=$1 t=$2
	shift 2
	# shellcheck disable=SC2086 # the Makefile's flags are words
	clang --target="$t" --sysroot="$out/$a" $warn -O2 -g -Itools/lib \
	    -I"$out/inc" -DOOBM_VERSION='"0"' \
	    -DSYSCONFDIR='"/usr/local/etc"' "$@"
}

cd "$top"
for at in arm:armv7-unknown-freebsd12.1-gnueabihf \
    arm64:aarch64-unknown-freebsd12.1 amd64:x86_64-unknown-freebsd12.1; do
	a=${at%%:*} t=${at#*:}
	mkdir -p "$out/$a/obj"
	tar -C "$out/$a" -xJf "$fixtures/sysroot-12.1-$a.tar.xz"
	# The sysroot bites: a Linux-only name is an error there.
	printf '#include <termios.h>\nint x = B4000000;\n' >"$out/$a/probe.c"
	if cc "$a" "$t" -c -o "$out/$a/probe.o" "$out/$a/probe.c" \
	    >/dev/null 2>&1; then
		not_ok "$a: Linux's B4000000 compiles: the headers are not FreeBSD's"
	else
		ok "$a: the headers are FreeBSD's (Linux's B4000000 is an error)"
	fi
	files=0 bad=
	for f in tools/*/*.c; do
		o=$out/$a/obj/$(echo "$f" | tr / _).o
		files=$((files + 1))
		if ! cc "$a" "$t" -c -o "$o" "$f" >"$o.log" 2>&1; then
			bad="$bad $f"
			sed 's/^/#   /' "$o.log" | head -20
		elif [ -s "$o.log" ]; then
			bad="$bad $f"
			sed 's/^/#   /' "$o.log" | head -20
		fi
	done
	if [ -z "$bad" ]; then
		ok "$a ($t): $files files compile, 0 warnings"
	else
		not_ok "$a ($t): does not compile cleanly:$bad"
	fi
	# what was built is for FreeBSD: ELF's EI_OSABI byte is 9
	abi=$(od -An -tu1 -j7 -N1 "$out/$a/obj/tools_atcmd_atcmd.c.o" |
	    tr -d ' ')
	if [ "$abi" = 9 ]; then
		ok "$a: the objects are FreeBSD's (ELF OS/ABI 9)"
	else
		not_ok "$a: the objects' ELF OS/ABI is '$abi', not FreeBSD's 9"
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
