# oobm: one Makefile for GNU make and BSD make (FreeBSD make, Debian's
# bmake).  So: no pattern rules, no conditionals, no $^ or $<; shell
# commands through !=, which both understand.

VERSION=	0.1
PREFIX?=	/usr/local
SYSCONFDIR?=	$(PREFIX)/etc
BINDIR=		$(PREFIX)/bin
SBINDIR=	$(PREFIX)/sbin
MANDIR=		$(PREFIX)/share/man
# rc.d scripts on FreeBSD, systemd units elsewhere (both in the unit
# search path without configuration)
RCDIR=		$(PREFIX)/etc/rc.d
SYSTEMDDIR=	$(PREFIX)/lib/systemd/system
EXAMPLESDIR=	$(PREFIX)/share/examples/oobm

CC?=		cc
CFLAGS?=	-O2 -g
LDFLAGS?=
# Output directory: the sanitizer and clang builds of "check" use others.
O=		build

OS!=		uname -s
# glibc hides cfmakeraw(), strndup(), posix_openpt() under -std=c11.
OSCPPFLAGS_Linux= -D_GNU_SOURCE
SP_CFLAGS!=	pkg-config --cflags libserialport 2>/dev/null || true
SP_LIBS!=	pkg-config --libs libserialport 2>/dev/null || echo -lserialport
CURL_CFLAGS!=	pkg-config --cflags libcurl 2>/dev/null || true
CURL_LIBS!=	pkg-config --libs libcurl 2>/dev/null || echo -lcurl
# expat, for the HiLink API's XML: FreeBSD's base has it as libbsdxml.
XML_LIBS_Linux!= pkg-config --libs expat 2>/dev/null || echo -lexpat
XML_LIBS_FreeBSD= -lbsdxml
XML_LIBS=	$(XML_LIBS_$(OS))

WARNFLAGS=	-std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
		-Wmissing-prototypes -Wpointer-arith -Wformat=2
ALL_CFLAGS=	$(WARNFLAGS) $(CFLAGS) $(OSCPPFLAGS_$(OS)) -Itools/lib \
		-DOOBM_VERSION=\"$(VERSION)\" -DSYSCONFDIR=\"$(SYSCONFDIR)\"

LIB_HDRS=	tools/lib/at.h tools/lib/auth.h tools/lib/cal.h tools/lib/config.h tools/lib/http.h \
		tools/lib/hilink.h tools/lib/hlsession.h tools/lib/json.h tools/lib/mode.h tools/lib/modemopt.h \
		tools/lib/lock.h tools/lib/nmea.h tools/lib/pmtk.h tools/lib/pps.h tools/lib/prom.h tools/lib/totp.h \
		tools/lib/modem.h tools/lib/netreg.h tools/lib/ntpconf.h \
		tools/lib/netdial.h tools/lib/netcall.h tools/lib/usb.h tools/lib/usbnet.h \
		tools/lib/policy.h tools/lib/port.h tools/lib/profile.h \
		tools/lib/serial.h tools/lib/sha256.h tools/lib/sms.h tools/lib/smsat.h \
		tools/lib/smsenc.h tools/lib/ubx.h tools/lib/ussd.h tools/lib/utf8.h \
		tools/lib/util.h
# The library: LIB_BASE needs libc (parsers, config, locks; some of it
# does file I/O) and expat (hilink.c's XML), LIB_SRCS adds the serial
# port (libserialport).  It is built once per build directory, as
# liboobm.a; a program links what it uses of it, so pushnotify needs no
# libserialport.
LIB_BASE=	tools/lib/at.c tools/lib/auth.c tools/lib/cal.c tools/lib/config.c tools/lib/http.c \
		tools/lib/hilink.c tools/lib/json.c tools/lib/mode.c \
		tools/lib/lock.c tools/lib/netreg.c tools/lib/nmea.c \
		tools/lib/netdial.c tools/lib/usbnet.c \
		tools/lib/ntpconf.c tools/lib/pmtk.c tools/lib/policy.c \
		tools/lib/pps.c tools/lib/profile.c tools/lib/prom.c tools/lib/sha256.c \
		tools/lib/sms.c tools/lib/smsat.c \
		tools/lib/smsenc.c tools/lib/totp.c tools/lib/ubx.c tools/lib/ussd.c \
		tools/lib/usb.c tools/lib/utf8.c tools/lib/util.c
LIB_SRCS=	$(LIB_BASE) tools/lib/at_session.c tools/lib/hlsession.c \
		tools/lib/modem.c \
		tools/lib/modemopt.c tools/lib/netcall.c tools/lib/port.c \
		tools/lib/serial.c
LIB=		$(O)/liboobm.a

BINS=		atcmd gpsctl hilinkctl oobmconf ppsmon pushnotify smspoll smssend
MAN1=		man/atcmd.1 man/gpsctl.1 man/hilinkctl.1 man/oobmconf.1 \
		man/ppsmon.1 \
		man/pushnotify.1 \
		man/smspoll.1 \
		man/smssend.1
MAN5=		man/oobm.conf.5
MAN8=		man/oobm.8
EXAMPLES=	etc/oobm.conf.sample etc/ntp.conf.sample etc/devfs.conf.sample \
		etc/loader.conf.sample etc/rpi-pps-gpio17.dtso \
		etc/linux/chrony.conf.sample etc/linux/oobm-gps.rules.sample \
		etc/ntpsec.conf.sample etc/ppsmon.gp \
		etc/crontab.sample etc/ppp/ppp.conf.sample etc/ppp/ppp.linkup.sample \
		etc/ppp/chat-oobm.sample \
		etc/relay/sshd_config.sample etc/relay/authorized_keys.sample
# pppd's peers file keeps its directory: peers/oobm.sample, as oobm(8) says
EXAMPLES_PEERS=	etc/ppp/peers/oobm.sample
RCD=		rc.d/gpsconfig rc.d/ppsmon rc.d/oobm
UNITS=		etc/linux/gpsconfig.service etc/linux/oobm.service \
		etc/linux/oobm-boot.service etc/linux/oobm-run.service \
		etc/linux/oobm.timer etc/linux/ppsmon.service \
		etc/linux/oobm-alarms.service etc/linux/oobm-alarms.timer \
		etc/linux/oobm-metrics.service etc/linux/oobm-metrics.timer
SCRIPTS=	scripts/oobm
# oobm's concerns, sourced by it (scripts/oobm is the dispatcher); lint
# checks them through it (-x), where their globals are known
OOBMLIB=	scripts/lib/msg.sh scripts/lib/config.sh scripts/lib/state.sh \
		scripts/lib/os-linux.sh scripts/lib/os-bsd.sh \
		scripts/lib/ports.sh scripts/lib/stick.sh scripts/lib/modem.sh \
		scripts/lib/inbox.sh scripts/lib/notify.sh \
		scripts/lib/power.sh scripts/lib/failover.sh \
		scripts/lib/link.sh scripts/lib/link-ppp.sh \
		scripts/lib/link-pppd.sh scripts/lib/link-command.sh \
		scripts/lib/link-usbnet.sh scripts/lib/link-hilink.sh \
		scripts/lib/net.sh scripts/lib/tunnel.sh scripts/lib/session.sh \
		scripts/lib/hold.sh scripts/lib/selftest.sh scripts/lib/run.sh \
		scripts/lib/boot.sh scripts/lib/admin.sh scripts/lib/check.sh \
		scripts/lib/ntp.sh scripts/lib/metrics.sh \
		scripts/lib/metrics.awk scripts/lib/alarms.sh
OOBMLIBDIR=	$(PREFIX)/share/oobm
# The paths the scripts, rc.d scripts and units name, as installed.
PATHS_SED=	-e 's|/usr/local/share/oobm|$(OOBMLIBDIR)|g' \
		-e 's|/usr/local/etc|$(SYSCONFDIR)|g' \
		-e 's|/usr/local/sbin|$(SBINDIR)|g' \
		-e 's|/usr/local/bin|$(BINDIR)|g'
# Every sh file but the orchestrator's library (linted through
# scripts/oobm, which sources it): found by its first line or its
# shellcheck directive, not listed, so that a new one is linted unnamed.
# ("." for the "#" a make variable cannot hold.)
SH_LINT!=	grep -rlE '^(.!/bin/sh|. shellcheck shell=sh)' .ci rc.d scripts \
		tests bench | grep -v '^scripts/lib/' | sort

PROGS=		$(O)/atcmd $(O)/gpsctl $(O)/hilinkctl $(O)/oobmconf $(O)/ppsmon \
		$(O)/pushnotify \
		$(O)/smspoll $(O)/smssend
# The unit tests: every tests/unit/t_NAME.c, found, not listed (a new
# test is a new file), and tests/run.sh runs the t_* programs built.
UNIT_SRCS!=	echo tests/unit/t_*.c
UNIT!=		for f in $(UNIT_SRCS); do basename $$f .c; done
TEST_PROGS=	$(O)/modemsim $(O)/gpssim $(O)/hilinksim $(O)/.unit \
		$(O)/ptyshim.so

all: $(PROGS)

tests: $(TEST_PROGS)

$(O)/.dir:
	mkdir -p $(O)
	touch $(O)/.dir

# The configuration's place is compiled in (config.c: SYSCONFDIR).  The
# build remembers the one it was compiled with and compiles again when
# another is asked, so that "make" then "make install PREFIX=/x" installs
# tools that read /x/etc/oobm.conf, as oobm, the units and the pages do.
# The stamp changes only when the path does (cmp), and then what was
# compiled with the old path goes: bmake's mtimes are whole seconds, and a
# stamp newer by less than one would not be seen as newer.
$(O)/.sysconfdir: $(O)/.dir always
	@echo '$(SYSCONFDIR)' >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else \
	    rm -f $(LIB) $(PROGS) $(O)/.unit; mv $@.new $@; fi

always:

# One object per source, compiled here rather than by pattern rules,
# which the two makes spell differently.
$(LIB): $(O)/.dir $(O)/.sysconfdir $(LIB_SRCS) $(LIB_HDRS)
	rm -rf $(O)/lib
	mkdir -p $(O)/lib
	for f in $(LIB_SRCS); do \
	    o=$(O)/lib/$$(basename $$f .c).o; \
	    $(CC) $(ALL_CFLAGS) $(SP_CFLAGS) $(CURL_CFLAGS) -c -o $$o $$f || \
	    exit 1; done
	rm -f $@
	ar rcs $@ $(O)/lib/*.o

# The tools on a serial port, each from tools/NAME/NAME.c by one recipe
# ($(@F), NAME, is POSIX make's and so both makes'); ppsmon needs RFC
# 2783's sys/timepps.h (FreeBSD's own, pps-tools on Linux).
SP_PROGS=	$(O)/atcmd $(O)/ppsmon
$(O)/atcmd: tools/atcmd/atcmd.c
$(O)/ppsmon: tools/ppsmon/ppsmon.c
$(SP_PROGS): $(LIB) $(LIB_HDRS)
	$(CC) $(ALL_CFLAGS) -o $@ tools/$(@F)/$(@F).c $(LIB) $(LDFLAGS) \
	    $(SP_LIBS) -lm

# gpsctl: the command line and PMTK, and a u-blox's UBX beside
$(O)/gpsctl: tools/gpsctl/gpsctl.c tools/gpsctl/ublox.c tools/gpsctl/gpsctl.h \
	    $(LIB) $(LIB_HDRS)
	$(CC) $(ALL_CFLAGS) -o $@ tools/gpsctl/gpsctl.c tools/gpsctl/ublox.c \
	    $(LIB) $(LDFLAGS) $(SP_LIBS) -lm

# smspoll and smssend also read and send through a HiLink stick's web
# API (-l http://...).
HL_PROGS=	$(O)/smspoll $(O)/smssend
$(O)/smspoll: tools/smspoll/smspoll.c
$(O)/smssend: tools/smssend/smssend.c
$(HL_PROGS): $(LIB) $(LIB_HDRS)
	$(CC) $(ALL_CFLAGS) $(CURL_CFLAGS) -o $@ tools/$(@F)/$(@F).c $(LIB) \
	    $(LDFLAGS) $(SP_LIBS) $(CURL_LIBS) $(XML_LIBS) -lm

# oobmconf: the configuration alone, no serial port.
$(O)/oobmconf: tools/oobmconf/oobmconf.c $(LIB) $(LIB_HDRS)
	$(CC) $(ALL_CFLAGS) -o $@ tools/oobmconf/oobmconf.c $(LIB) $(LDFLAGS) -lm

$(O)/gpssim: $(O)/.dir tests/sim/gpssim.c tests/sim/gpsubx.c tests/sim/gpssim.h \
	    tests/sim/simpty.c tests/sim/simpty.h
	$(CC) $(ALL_CFLAGS) -o $@ tests/sim/gpssim.c tests/sim/gpsubx.c \
	    tests/sim/simpty.c \
	    $(LDFLAGS) -lm

# pushnotify needs no serial port: the pure library and libcurl.
$(O)/pushnotify: tools/pushnotify/pushnotify.c $(LIB) $(LIB_HDRS)
	$(CC) $(ALL_CFLAGS) $(CURL_CFLAGS) -o $@ tools/pushnotify/pushnotify.c \
	    $(LIB) $(LDFLAGS) $(CURL_LIBS) -lm

# hilinkctl: a HiLink stick's web API, over libcurl, its XML by expat.
$(O)/hilinkctl: tools/hilinkctl/hilinkctl.c $(LIB) $(LIB_HDRS)
	$(CC) $(ALL_CFLAGS) $(CURL_CFLAGS) -o $@ tools/hilinkctl/hilinkctl.c \
	    $(LIB) $(LDFLAGS) $(CURL_LIBS) $(XML_LIBS) -lm

# The simulator needs libc only: it must not share the tools' bugs.
$(O)/modemsim: $(O)/.dir tests/sim/modemsim.c tests/sim/simsms.c tests/sim/simnet.c \
    tests/sim/modemsim.h tests/sim/simpty.c tests/sim/simpty.h
	$(CC) $(ALL_CFLAGS) -o $@ tests/sim/modemsim.c tests/sim/simsms.c tests/sim/simnet.c \
	    tests/sim/simpty.c $(LDFLAGS) -lm

# The HiLink stick's simulator: libc and expat, none of the tools' code.
$(O)/hilinksim: $(O)/.dir tests/sim/hilinksim.c
	$(CC) $(ALL_CFLAGS) -o $@ tests/sim/hilinksim.c $(LDFLAGS) $(XML_LIBS)

# Every unit test, against the library and the serial port's library
# (only t_serial uses it; the others link nothing of it).
$(O)/.unit: $(UNIT_SRCS) tests/unit/tap.h $(LIB) $(LIB_HDRS)
	for t in $(UNIT); do \
	    $(CC) $(ALL_CFLAGS) $(SP_CFLAGS) -Itests/unit -o $(O)/$$t \
	        tests/unit/$$t.c $(LIB) $(LDFLAGS) $(SP_LIBS) $(XML_LIBS) -lm || \
	        exit 1; done
	touch $@

# LD_PRELOAD shim for the libserialport-on-a-pty test; never sanitized.
$(O)/ptyshim.so: $(O)/.dir tests/shim/ptyshim.c
	$(CC) $(WARNFLAGS) $(OSCPPFLAGS_$(OS)) -O2 -fPIC -shared -o $@ \
	    tests/shim/ptyshim.c -ldl

ASAN=		-fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer

# libFuzzer targets for the pure parsers (clang only).
FUZZ_SECONDS?=	10
FUZZ=		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

# The libFuzzer targets: every tests/fuzz/fuzz_NAME.c, found, not listed.
FUZZ_SRCS!=	echo tests/fuzz/fuzz_*.c
FUZZERS!=	for f in $(FUZZ_SRCS); do basename $$f .c; done

$(O)/.fuzz: $(O)/.dir $(FUZZ_SRCS) $(LIB_BASE) $(LIB_HDRS)
	for f in $(FUZZERS); do \
	    $(CC) $(ALL_CFLAGS) $(FUZZ) -o $(O)/$$f tests/fuzz/$$f.c \
	        $(LIB_BASE) $(XML_LIBS) -lm || exit 1; done
	touch $@

# Each target starts from its committed seeds in tests/fuzz/corpus/<name>
# (where there are some); what it finds goes to build/fuzz/corpus-<name>.
fuzz:
	$(MAKE) O=build/fuzz CC=clang CFLAGS="-O1 -g" build/fuzz/.fuzz
	for f in $(FUZZERS); do \
	    mkdir -p build/fuzz/corpus-$$f; \
	    seeds=; [ -d tests/fuzz/corpus/$$f ] && seeds=tests/fuzz/corpus/$$f; \
	    build/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) \
	        -artifact_prefix=build/fuzz/$$f- \
	        build/fuzz/corpus-$$f $$seeds >build/fuzz/$$f.log 2>&1 || \
	        { tail -40 build/fuzz/$$f.log; exit 1; }; \
	    echo "$$f: $$(tail -1 build/fuzz/$$f.log)"; done

# The plain and clang builds that check tests are fortified: glibc checks
# the sizes of the buffers it writes, at run time where it cannot at
# compile time.  It needs optimisation; ASan does that job in its build.
FORTIFY=	-O2 -g -D_FORTIFY_SOURCE=2

# check: dependencies, then the build three ways (cc, sanitizers, clang),
# a short fuzzing run, lint, and every test; the last line is "N passed, N failed".
# The builds take CHECK_JOBS (two at once, CI's two cores; empty for one).
CHECK_JOBS=	-j2
check:
	sh tests/deps.sh
	$(MAKE) $(CHECK_JOBS) CFLAGS="$(FORTIFY)" all tests
	$(MAKE) $(CHECK_JOBS) O=build/asan CFLAGS="-O1 -g $(ASAN)" \
	    LDFLAGS="$(ASAN)" all tests
	if command -v clang >/dev/null 2>&1; then \
	    $(MAKE) $(CHECK_JOBS) O=build/clang CC=clang CFLAGS="$(FORTIFY)" \
	    all tests && \
	    $(MAKE) fuzz FUZZ_SECONDS=2; fi
	$(MAKE) lint
	sh tests/run.sh build build/asan

# demo: the whole out-of-band cycle told as it happens (as root: network
# namespaces, a real relay sshd), then the tools one by one.
demo:
	sh tests/deps.sh
	$(MAKE) all tests
	if [ "$$(id -u)" = 0 ]; then \
	    E2E_DEMO=1 E2E_ONLY=activation OOBM_BIN=build sh tests/e2e/oobm.sh && \
	    E2E_DEMO=1 E2E_ONLY=failover OOBM_BIN=build sh tests/e2e/failover.sh; \
	else echo "(the whole cycle needs root: network namespaces)"; fi
	sh tests/demo.sh build

# bench: measured, not judged, so not part of check; bench/README.md
# keeps a recent table and the machine it ran on.
bench: all tests $(O)/nmeabench $(O)/atfloor
	OOBM_BIN=$(O) sh bench/run.sh

$(O)/nmeabench: bench/nmeabench.c $(LIB) $(LIB_HDRS)
	$(CC) $(ALL_CFLAGS) -o $@ bench/nmeabench.c $(LIB) -lm

# the floor: libc alone, linked statically (no loader, no libraries)
$(O)/atfloor: $(O)/.dir bench/atfloor.c
	$(CC) $(ALL_CFLAGS) -static -o $@ bench/atfloor.c

# clang-tidy over every C file of the tools and the library once
# (tools/*/*.c holds tools/lib's): the static analyser and the bug-prone
# patterns, less what
# here only ever flags what is meant: C11 Annex K's "safe" functions
# (glibc has none), va_list "uninitialised" right after va_start (a clang
# 14 false positive), swappable parameters (style), reserved names
# (libFuzzer's entry point), widening and narrowing in checked int64
# arithmetic, and integer division used for indexes.  Any finding fails.
TIDY_CHECKS=	-*,clang-analyzer-*,bugprone-*,\
		-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,\
		-clang-analyzer-valist.Uninitialized,\
		-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,\
		-bugprone-implicit-widening-of-multiplication-result,\
		-bugprone-narrowing-conversions,-bugprone-integer-division

# The tree for FreeBSD, by hand (check runs the same suites): compiled
# against ../shared/freebsd's sysroots, the rc.d scripts run on rc.subr.
freebsd-check: all tests
	for t in tests/freebsd/*.sh; do sh $$t || exit 1; done

print-warnflags:
	@echo $(WARNFLAGS)

lint:
	mandoc -Tlint -W warning $(MAN1) $(MAN5) $(MAN8)
	shellcheck -x -s sh $(SH_LINT)
	# the variants scripts/oobm's directives do not follow (one OS and
	# one backend are), alone: the globals they use are the others'
	shellcheck -s sh -e SC2154,SC2034 scripts/lib/os-bsd.sh \
	    scripts/lib/link-pppd.sh scripts/lib/link-command.sh \
	    scripts/lib/link-hilink.sh
	if command -v clang-tidy >/dev/null 2>&1; then \
	    clang-tidy --quiet --warnings-as-errors='*' \
	        -checks='$(TIDY_CHECKS)' tools/*/*.c -- \
	        -std=c11 $(OSCPPFLAGS_$(OS)) -Itools/lib $(SP_CFLAGS) \
	        $(CURL_CFLAGS) -DOOBM_VERSION=\"$(VERSION)\" \
	        -DSYSCONFDIR=\"$(SYSCONFDIR)\" 2>/dev/null; \
	else echo "lint: no clang-tidy (tests/deps.sh installs it)" >&2; \
	    exit 1; fi

# What install puts where and uninstall takes away, one line each:
# DIR MODE HOW OWNER FILE...  HOW is built (from $(O)), paths (through
# PATHS_SED) or copy; OWNER "ours" is a directory uninstall removes when
# it is empty.  The systemd units on Linux, the rc.d scripts elsewhere.
manifest:
	@echo "$(BINDIR) 755 built - $(BINS)"
	@echo "$(SBINDIR) 755 paths - $(SCRIPTS)"
	@echo "$(OOBMLIBDIR) 644 copy ours $(OOBMLIB)"
	@echo "$(MANDIR)/man1 644 copy - $(MAN1)"
	@echo "$(MANDIR)/man5 644 copy - $(MAN5)"
	@echo "$(MANDIR)/man8 644 copy - $(MAN8)"
	@echo "$(EXAMPLESDIR) 644 copy ours $(EXAMPLES)"
	@echo "$(EXAMPLESDIR)/peers 644 copy ours $(EXAMPLES_PEERS)"
	@if [ "$(OS)" = Linux ]; then \
	    echo "$(SYSTEMDDIR) 644 paths - $(UNITS)"; \
	else echo "$(RCDIR) 755 paths - $(RCD)"; fi

# INSTALL_LINES: the manifest's lines on stdin, installed
INSTALL_LINES=	while read -r dir mode how own files; do \
	    mkdir -p $(DESTDIR)$$dir || exit 1; \
	    for f in $$files; do \
	        t=$(DESTDIR)$$dir/$${f\#\#*/}; \
	        case $$how in \
	        built) install -m $$mode $(O)/$$f $$t ;; \
	        paths) sed $(PATHS_SED) $$f >$$t && chmod $$mode $$t ;; \
	        *) install -m $$mode $$f $$t ;; \
	        esac || exit 1; done; done

install: all
	$(MAKE) -s manifest | $(INSTALL_LINES)

# The rc.d scripts, their paths rewritten as the script's: install runs
# it on FreeBSD; tests/freebsd/rcd.sh on Linux, to run them on rc.subr.
install-rcd:
	$(MAKE) -s manifest OS=FreeBSD | grep ' rc\.d/' | $(INSTALL_LINES)

# uninstall: what install put in, for either system (an install-rcd on
# Linux too); then the directories that are ours, children first
uninstall:
	{ $(MAKE) -s manifest OS=Linux; $(MAKE) -s manifest OS=FreeBSD; } | \
	    sort -u | while read -r dir mode how own files; do \
	        for f in $$files; do rm -f $(DESTDIR)$$dir/$${f##*/}; done; \
	        [ "$$own" != ours ] || echo "$$dir"; done | sort -r | \
	    while read -r d; do rmdir $(DESTDIR)$$d 2>/dev/null || :; done

clean:
	rm -rf build

.PHONY: all tests check demo bench fuzz lint install uninstall clean \
		freebsd-check print-warnflags install-rcd always manifest
