# SPDX-License-Identifier: GPL-2.0
#
#   make                build the module for every target kernel, the tool
#                       and the selftests
#   make check          the whole test run (see README)
#   make check-debug    the module on a KASAN/lockdep/kmemleak kernel:
#                       lifecycle races, fuzzers, leak scan (FULL=1: all)
#   make bench          guest instructions per packet: plain forwarding,
#                       sit+fou and 6bed4 side by side (JSON=1: as JSON)
#   make install        build and install the module through DKMS for the
#                       running kernel (or KERNELRELEASE=...), and the tool
#   make uninstall      undo make install
#   make style          checkpatch --strict on the kernel sources
#   make kernels        print the kernels the module is built for
#   make vm -- CMD ...  is spelled: selftests/vm/run.sh [-k KVER] -- CMD ...
#
# Kernel sources are built out of tree in build/<kernelrelease>/.

VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

# Debian 12's kernels: whatever its two kernel metapackages point at.
DEBIAN_KERNEL_PACKAGES := linux-image-amd64 linux-image-6.12-amd64
KERNELS ?= $(shell for p in $(DEBIAN_KERNEL_PACKAGES); do \
	dpkg-query -W -f='$${Depends}\n' $$p 2>/dev/null | \
	sed -n 's/^linux-image-\([^ ,]*\).*/\1/p'; done)

# Files taken at build time from Debian's linux-source-6.12 (never copied
# into this repository).
LINUX_SOURCE_TAR := $(firstword $(wildcard /usr/src/linux-source-6.12.tar.*))
KSRC := .cache/linux-source-6.12
KSRC_FILES := scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch \
	tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/kselftest.h \
	tools/testing/selftests/kselftest/ktap_helpers.sh \
	Documentation/netlink/genetlink.yaml tools/net/ynl

KMOD_SOURCES := Kbuild dkms.conf $(wildcard kmod/*.c kmod/*.h) \
	include/uapi/linux/6bed4.h

CC ?= cc
CFLAGS ?= -O2 -g
CFLAGS += -Wall -Wextra -Wno-unused-parameter -Iinclude/uapi
MNL_CFLAGS := $(shell pkg-config --cflags libmnl)
MNL_LIBS := $(shell pkg-config --libs libmnl)

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
DKMS_SRC := /usr/src/6bed4-$(VERSION)
KERNELRELEASE ?= $(shell uname -r)

.PHONY: all modules tool tool-asan selftests check check-debug bench install uninstall \
	style kernels clean ksrc

all: modules tool selftests

kernels:
	@for k in $(KERNELS); do echo $$k; done

modules: $(foreach k,$(KERNELS),build/$(k)/6bed4.ko)

# Each kernel gets its own copy of the sources: Kbuild writes its objects
# next to them. KDIR: the kernel's build tree, if not the installed one's.
build/%/6bed4.ko: $(KMOD_SOURCES)
	@mkdir -p build/$*
	@rm -rf build/$*/kmod build/$*/include
	@cp -r Kbuild dkms.conf kmod include build/$*/
	$(MAKE) -C $(or $(KDIR),/lib/modules/$*/build) M=$(CURDIR)/build/$* W=1 \
		$(KBUILD_EXTRA) modules

tool: tools/6bed4

tools/6bed4: tools/*.c tools/*.h include/uapi/linux/6bed4.h
	$(CC) $(CFLAGS) $(MNL_CFLAGS) -DSIXBED4_VERSION='"$(VERSION)"' \
		-o $@ tools/*.c $(MNL_LIBS)

# The tool with AddressSanitizer and UBSan, which make check's VMs run the
# whole suite with: any error they find ends the tool with a failure.
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
tool-asan: build/asan/6bed4

build/asan/6bed4: tools/*.c tools/*.h include/uapi/linux/6bed4.h
	@mkdir -p build/asan
	$(CC) $(CFLAGS) $(SANITIZE) $(MNL_CFLAGS) \
		-DSIXBED4_VERSION='"$(VERSION)"' -o $@ tools/*.c $(MNL_LIBS)

selftests: ksrc
	$(MAKE) -C selftests KSRC=$(CURDIR)/$(KSRC)

ksrc: $(KSRC)/.extracted

$(KSRC)/.extracted: $(LINUX_SOURCE_TAR)
	@test -n "$(LINUX_SOURCE_TAR)" || \
		{ echo "linux-source-6.12 is not installed (scripts/install-deps.sh)"; exit 1; }
	@mkdir -p .cache
	tar -C .cache -xf $(LINUX_SOURCE_TAR) \
		$(addprefix linux-source-6.12/,$(KSRC_FILES))
	@touch $@

check:
	selftests/vm/check.sh

check-debug:
	FULL=$(FULL) selftests/vm/check-debug.sh

bench: all
	selftests/vm/bench.sh $(if $(JSON),-j)

style: ksrc
	perl $(KSRC)/scripts/checkpatch.pl --no-tree --strict --terse \
		--show-types -f kmod/*.c kmod/*.h include/uapi/linux/6bed4.h

install: tool
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp -r Kbuild dkms.conf kmod include $(DKMS_SRC)/
	dkms status -m 6bed4 -v $(VERSION) | grep -q . || \
		dkms add -m 6bed4 -v $(VERSION)
	dkms build -m 6bed4 -v $(VERSION) -k $(KERNELRELEASE)
	dkms install -m 6bed4 -v $(VERSION) -k $(KERNELRELEASE)
	install -D -m 0755 tools/6bed4 $(DESTDIR)$(SBINDIR)/6bed4
	install -D -m 0644 Documentation/6bed4.8 $(DESTDIR)$(MANDIR)/man8/6bed4.8
	install -D -m 0644 tools/completion/6bed4 \
		$(DESTDIR)$(COMPLETIONDIR)/6bed4

uninstall:
	-dkms remove -m 6bed4 -v $(VERSION) --all
	rm -rf $(DKMS_SRC)
	rm -f $(DESTDIR)$(SBINDIR)/6bed4 $(DESTDIR)$(MANDIR)/man8/6bed4.8 \
		$(DESTDIR)$(COMPLETIONDIR)/6bed4

clean:
	rm -rf build tools/6bed4
	$(MAKE) -C selftests clean
