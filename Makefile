# SPDX-License-Identifier: GPL-2.0-only
#
# User entry points. The module's object list lives in Kbuild.
#
#   make            kbpf.ko (against KDIR), the kbpf tool and the host library
#   make check      every test suite; ends with "N passed, N failed"
#   make demo       boots a QEMU guest and runs a program through /dev/kbpf
#   make deps       installs the Debian packages everything needs
#   make fuzz-verifier FUZZ_SECONDS=N   fuzzes the gate for N seconds
#   make fuzz-ioctl FUZZ_SECONDS=N      fuzzes /dev/kbpf in the debug guest
#   make install    the tool, the UAPI header, and the module (modules_install)

KBPF_VERSION	:= 0.1.0
BUILD		?= build
O_HOST		:= $(BUILD)/host
STOCK_ABI	:= $(shell apt-cache depends linux-headers-amd64 2>/dev/null | sed -n 's/.*Depends: linux-headers-\(.*-amd64\)$$/\1/p' | head -n 1)

# The running kernel's headers if it has them, else Debian's stock headers.
ifeq ($(origin KDIR),undefined)
KDIR := $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    $(wildcard /usr/src/linux-headers-$(STOCK_ABI)))
endif
MOD_OUT		?= $(BUILD)/mod

CC		?= gcc
CFLAGS_HOST	:= -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
		   -Wno-sign-compare -Wno-missing-field-initializers \
		   -Wno-override-init -fno-strict-aliasing -I.
SANITIZE	:= -fsanitize=address,undefined -fno-sanitize-recover=all

CORE_SRCS	:= vm/prog.c vm/interp.c vm/disasm.c verifier/check.c verifier/log.c
CORE_SRCS	+= maps/map.c maps/array.c maps/hash.c maps/platform_host.c vm/maps_ref.c
CORE_SRCS	+= helpers/table.c helpers/map.c helpers/time.c helpers/task.c helpers/probe.c helpers/print.c
CORE_HDRS	:= $(wildcard include/kbpf/*.h vm/*.h verifier/*.h uapi/linux/*.h maps/*.h helpers/*.h)
TOOL_SRCS	:= $(wildcard tools/kbpf/*.c)
TOOL_HDRS	:= $(wildcard tools/kbpf/*.h)
UNIT_SRCS	:= $(wildcard tests/unit/*_test.c)
MODULE_SRCS	:= Kbuild $(shell find include uapi vm verifier jit maps helpers hooks tests/cases \
			tests/kunit -name '*.[chS]' 2>/dev/null)

PREFIX		?= /usr/local

.PHONY: all module host tool unit check demo deps install modules_install clean fuzz-verifier fuzz-ioctl

all: module tool

host: $(O_HOST)/libkbpf.a
tool: $(BUILD)/kbpf

$(O_HOST)/%.o: %.c $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) -c -o $@ $<

$(O_HOST)/libkbpf.a: $(patsubst %.c,$(O_HOST)/%.o,$(CORE_SRCS))
	$(AR) rcs $@ $^

# Static, so the same binary runs in the busybox guests.
$(BUILD)/kbpf: $(TOOL_SRCS) $(TOOL_HDRS) $(O_HOST)/libkbpf.a
	$(CC) $(CFLAGS_HOST) -static -DKBPF_VERSION='"$(KBPF_VERSION)"' \
		-o $@ $(TOOL_SRCS) $(O_HOST)/libkbpf.a -lpthread

# Module sources are copied to $(MOD_OUT) so builds for several kernels
# (stock, debug, arm64) never share object files in the source tree.
module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "no kernel headers: run 'make deps' or set KDIR=" >&2; exit 1; }
	@mkdir -p $(MOD_OUT)
	@rsync -a --relative $(MODULE_SRCS) $(MOD_OUT)/
	$(MAKE) -C $(KDIR) M=$(abspath $(MOD_OUT)) KBPF_VERSION=$(KBPF_VERSION) \
		$(if $(KUNIT),CONFIG_KBPF_KUNIT_TEST=y) modules

# Host unit tests: the core compiled with ASan and UBSan.
$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.h $(CORE_SRCS) $(CORE_HDRS) $(wildcard tests/cases/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) $(SANITIZE) -o $@ $< $(CORE_SRCS) -lpthread

unit: $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
	@for t in $^; do $$t || exit 1; done

# Soundness fuzzing of the module's gate (libFuzzer, ASan, UBSan).
FUZZ_SECONDS	?= 60
$(BUILD)/fuzz/verifier_fuzz: tests/fuzz/verifier_fuzz.c $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-I. -Wno-override-init -o $@ $< $(CORE_SRCS)

fuzz-verifier: $(BUILD)/fuzz/verifier_fuzz
	@mkdir -p $(BUILD)/fuzz/corpus
	$< -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $(BUILD)/fuzz/corpus

# ioctl fuzzing in the debug guest (KASAN, lockdep, kmemleak).
fuzz-ioctl:
	KBPF_STAGES=fuzz-debug KBPF_FUZZ_SECONDS=$(FUZZ_SECONDS) tests/check.sh

check:
	tests/check.sh

demo:
	tests/demo.sh

deps:
	tools/deps.sh

install: tool
	install -D -m 0755 $(BUILD)/kbpf $(DESTDIR)$(PREFIX)/sbin/kbpf
	install -D -m 0644 uapi/linux/kbpf.h $(DESTDIR)$(PREFIX)/include/linux/kbpf.h

modules_install: module
	$(MAKE) -C $(KDIR) M=$(abspath $(MOD_OUT)) modules_install

clean:
	rm -rf $(BUILD)
