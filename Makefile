# SPDX-License-Identifier: GPL-2.0
#
# vmscope: top-level build.  The module is built out of tree (see the
# kernel's Documentation/kbuild/modules.rst) in build/<kernel release>/, so
# builds for several kernels never clobber each other.
#
#   make                     vmscope.ko for KDIR, and the client userspace/vmscope
#   make KDIR=<headers dir>  ... for another kernel
#   make KERNEL=<name>       ... for a kernel of the matrix (6.1, 6.12, 6.12-rt, 7.x)
#   make check               installer, host checks, lint, VM selftests
#   make demo                installer, build, a VM on 6.12 showing vmscope
#   make lint                checkpatch --strict, docutils, W=1 and sparse per kernel
#   make uapi                regenerate uapi/linux/vmscope.h and module/netlink-gen.[ch]
#                            from the YAML spec
#   make install             the client and its man page (PREFIX=/usr/local, DESTDIR=)
#   make uninstall           remove them
#   make dkms-install        the module through DKMS, for every kernel with headers
#   make dkms-uninstall      dkms remove it

TOP := $(CURDIR)
RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
# KERNEL=<name> picks a kernel of the matrix (scripts/kernels.sh: 6.1,
# 6.12, 6.12-rt, 7.x).
ifneq ($(KERNEL),)
  KDIR := $(shell scripts/kernels.sh $(KERNEL) | cut -d' ' -f3)
  ifeq ($(KDIR),)
    $(error KERNEL=$(KERNEL) is not installed (scripts/kernels.sh lists the matrix))
  endif
  KDIR_WHY := KERNEL=$(KERNEL)
else ifeq ($(origin KDIR),undefined)
  ifneq ($(wildcard $(RUNNING_KDIR)/Makefile),)
    KDIR := $(RUNNING_KDIR)
    KDIR_WHY := the running kernel
  else
    KDIR := $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
		grep -v -e common -e -rt- | sort -V | tail -n 1)
    KDIR_WHY := newest Debian headers installed; the running kernel has none
  endif
else
  KDIR_WHY := given
endif
KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	 $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
OUT = build/$(KVER)

CC ?= gcc
USER_CFLAGS := -O2 -g -Wall -Werror=implicit-function-declaration \
	       -Iuapi
HARNESS_DIR := build/ksrc/tools/testing/selftests
SELFTESTS := $(patsubst selftests/%.c,build/selftests/%,$(wildcard selftests/*.c))
WORKLOADS := $(patsubst selftests/workloads/%.c,build/selftests/workloads/%,\
	       $(wildcard selftests/workloads/*.c))

LIBNL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null)
LIBNL_LIBS := $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null)
CLIENT_SRC := userspace/vmscope.c userspace/format.c
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)

.PHONY: all module client selftests install-deps check lint demo clean help uapi kernels-doc bench stress \
	stress-debug check-debug \
	install uninstall dkms-install dkms-uninstall

all: module client

client: userspace/vmscope

userspace/vmscope: $(CLIENT_SRC) userspace/format.h uapi/linux/vmscope.h
	@test -n "$(LIBNL_LIBS)" || { echo "vmscope: libnl-genl-3-dev missing: run scripts/install.sh" >&2; exit 1; }
	$(CC) $(USER_CFLAGS) -DVMSCOPE_VERSION='"$(VERSION)"' $(LIBNL_CFLAGS) \
		-o $@ $(CLIENT_SRC) $(LIBNL_LIBS)

build/test_format: userspace/test_format.c userspace/format.c userspace/format.h
	@mkdir -p build
	$(CC) $(USER_CFLAGS) -o $@ userspace/test_format.c userspace/format.c

help:
	@sed -n 's/^#   //p' Makefile

# Mirror the sources into the per-kernel folder with symlinks; kbuild then
# writes every object there (and decides itself what is up to date).
module:
	@test -n "$(KDIR)" || { echo "vmscope: no kernel headers found: run scripts/install.sh or give KDIR=" >&2; exit 1; }
	@test -n "$(KVER)" || { echo "vmscope: $(KDIR) has no include/generated/utsrelease.h: not a kernel build dir" >&2; exit 1; }
	@echo "vmscope: building for $(KVER) ($(KDIR_WHY): $(KDIR))"
	@scripts/mirror.sh $(OUT)
	scripts/kbuild.sh $(KDIR) M=$(TOP)/$(OUT) $(KBUILD_EXTRA) modules
	cp $(OUT)/vmscope.ko vmscope.ko

install-deps:
	scripts/install.sh

PREFIX ?= /usr/local
BINDIR := $(PREFIX)/bin
MAN8DIR := $(PREFIX)/share/man/man8

install: client
	install -D -m 0755 userspace/vmscope $(DESTDIR)$(BINDIR)/vmscope
	install -D -m 0644 userspace/vmscope.8 $(DESTDIR)$(MAN8DIR)/vmscope.8

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vmscope $(DESTDIR)$(MAN8DIR)/vmscope.8

dkms-install:
	scripts/dkms.sh install

dkms-uninstall:
	scripts/dkms.sh uninstall

#   make bench               what vmscope costs (BENCH_KERNELS=6.12, BENCH_ROUNDS=5)
bench:
	scripts/bench.sh

#   make stress              hardened VMs under stress (STRESS_KERNELS=, STRESS=short)
stress:
	scripts/stress.sh

#   make stress-debug        selftests and long stress on a lockdep+KASAN kernel built
#                            from linux-source-6.12 (FLAVOUR=kcsan, STRESS=short)
stress-debug:
	scripts/stress-debug.sh stress

#   make check-debug         the selftests alone on that kernel
check-debug:
	scripts/stress-debug.sh check

#   make kernels-doc         Documentation/kernels.rst from the last VM run
kernels-doc:
	/usr/bin/python3 scripts/kernels-doc.py Documentation/kernels.rst

selftests: $(SELFTESTS) $(WORKLOADS) build/selftests/getdelays

# The kernel's own taskstats reader, the stall tests' independent truth:
# from linux-source-6.12 (build/ksrc), with that kernel's uapi header.
build/selftests/getdelays: build/ksrc/tools/accounting/getdelays.c
	@mkdir -p build/selftests
	$(CC) -O2 -Wall -Ibuild/ksrc/include/uapi -o $@ $<

build/ksrc/tools/accounting/getdelays.c:
	scripts/install.sh

build/selftests/workloads/%: selftests/workloads/%.c
	@mkdir -p build/selftests/workloads
	$(CC) $(USER_CFLAGS) -o $@ $<

build/selftests/%: selftests/%.c selftests/vmscope_test.h $(HARNESS_DIR)/kselftest_harness.h
	@mkdir -p build/selftests
	$(CC) $(USER_CFLAGS) -I$(HARNESS_DIR) $(LIBNL_CFLAGS) -o $@ $< -lpthread \
		$(LIBNL_LIBS)

$(HARNESS_DIR)/kselftest_harness.h:
	scripts/install.sh

lint:
	scripts/lint.sh

# The uapi header and the module's netlink ops are generated from the spec.
uapi:
	scripts/uapi.sh --update

check:
	scripts/check.sh

demo:
	scripts/demo.sh

clean:
	rm -rf build/6.* build/7.* build/selftests build/results build/test_format \
		vmscope.ko userspace/vmscope
