# SPDX-License-Identifier: GPL-2.0-only
#
# User entry points. The module's object list lives in Kbuild.
#
#   make            kbpf.ko (against KDIR), the kbpf tool and the host library
#   make check      every test suite; ends with "N passed, N failed"
#   make demo       boots a QEMU guest and runs the examples/ programs there
#   make examples   examples/*.bpf.c compiled with clang -target bpf into
#                   $(BUILD)/examples
#   make deps       installs the Debian packages everything needs
#   make fuzz-verifier FUZZ_SECONDS=N   fuzzes the gate for N seconds
#   make fuzz-ioctl FUZZ_SECONDS=N      fuzzes /dev/kbpf in the debug guest from
#                                       FUZZ_WORKERS processes (default 4)
#   make fuzz-diff FUZZ_SECONDS=N       random programs: kbpf JIT, interpreter and
#                                       the kernel's BPF must agree (debug guest)
#   make fuzz-fault                     fails each allocation of each command in
#                                       turn (debug guest, a few minutes)
#   make fuzz-guest FUZZ_SECONDS=N      all three, as make check runs them
#                                       (FUZZ_SEED=S repeats a run's choices)
#   make bench      kbpf against the kernel's own BPF, in the stock guest
#                   (KBPF_BENCH_ARCH=arm64: in the arm64 guest)
#   make install    the tool into $(PREFIX)/sbin, the UAPI header into
#                   $(PREFIX)/include, the man page (PREFIX=/usr/local,
#                   DESTDIR); the module: make modules_install, or DKMS
#   make dkms-src   the module sources into /usr/src/kbpf-VERSION for DKMS

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

CORE_SRCS	:= vm/prog.c vm/interp.c vm/disasm.c vm/skb.c verifier/check.c verifier/log.c \
		   verifier/linfo.c
CORE_SRCS	+= verifier/tnum.c verifier/bounds.c verifier/state.c verifier/mem.c \
		   verifier/ctx.c verifier/calls.c verifier/liveness.c verifier/explore.c \
		   verifier/fixup.c verifier/patch.c
CORE_SRCS	+= maps/map.c maps/array.c maps/hash.c maps/ringbuf.c maps/lru.c maps/platform_host.c vm/maps_ref.c
CORE_SRCS	+= maps/prog_array.c
CORE_SRCS	+= helpers/table.c helpers/map.c helpers/time.c helpers/task.c helpers/probe.c helpers/print.c helpers/ringbuf.c helpers/skb.c helpers/loop.c
# The JIT's code generator is the one for the machine the library is for.
HOST_ARCH	:= $(firstword $(subst -, ,$(shell $(CC) -dumpmachine)))
CORE_SRCS	+= jit/core.c jit/blind.c jit/arena.c jit/mem_host.c
JIT_ARCH	:= $(if $(filter x86_64,$(HOST_ARCH)),x86_64,$(if $(filter aarch64,$(HOST_ARCH)),arm64,none))
CORE_SRCS	+= $(firstword $(wildcard jit/$(JIT_ARCH).c) jit/none.c)
CORE_HDRS	:= $(wildcard include/kbpf/*.h vm/*.h verifier/*.h uapi/linux/*.h maps/*.h helpers/*.h jit/*.h)
TOOL_SRCS	:= $(wildcard tools/kbpf/*.c)
TOOL_HDRS	:= $(wildcard tools/kbpf/*.h)
UNIT_SRCS	:= $(wildcard tests/unit/*_test.c)
TEST_HDRS	:= $(wildcard tests/cases/*.h tests/verifier/*.h)
MODULE_SRCS	:= Kbuild $(shell find include uapi vm verifier jit maps helpers hooks tests/cases tests/verifier \
			tests/kunit -name '*.[chS]' 2>/dev/null)

PREFIX		?= /usr/local

.PHONY: all module host tool unit unit-arm64 check demo examples deps install modules_install clean fuzz-verifier fuzz-ioctl fuzz-diff fuzz-fault fuzz-guest dkms-src bench

all: module tool

host: $(O_HOST)/libkbpf.a
tool: $(BUILD)/kbpf

$(O_HOST)/%.o: %.c $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) -c -o $@ $<

$(O_HOST)/libkbpf.a: $(patsubst %.c,$(O_HOST)/%.o,$(CORE_SRCS))
	$(AR) rcs $@ $^

# Static, so the same binary runs in the busybox guests.
# libelf reads objects; libbpf only parses their BTF.
TOOL_LIBS	:= -lbpf -lelf -lz -lcapstone
$(BUILD)/kbpf: $(TOOL_SRCS) $(TOOL_HDRS) $(O_HOST)/libkbpf.a
	$(CC) $(CFLAGS_HOST) -static -DKBPF_VERSION='"$(KBPF_VERSION)"' \
		-o $@ $(TOOL_SRCS) $(O_HOST)/libkbpf.a $(TOOL_LIBS) -lpthread

# BPF C test programs, compiled as users compile theirs.
BPF_CFLAGS	:= -O2 -g -target bpf -I/usr/include/$(shell gcc -print-multiarch)
BPF_PROGS	:= $(patsubst tests/progs/%.bpf.c,$(BUILD)/progs/%.bpf.o,$(wildcard tests/progs/*.bpf.c))
$(BUILD)/progs/%.bpf.o: tests/progs/%.bpf.c
	@mkdir -p $(dir $@)
	clang $(BPF_CFLAGS) -c -o $@ $<

# Module sources are copied to $(MOD_OUT) so builds for several kernels
# (stock, debug, arm64) never share object files in the source tree.
module:
	@test -n "$(KDIR)" -a -d "$(KDIR)" || { echo "no kernel headers: run 'make deps' or set KDIR=" >&2; exit 1; }
	@mkdir -p $(MOD_OUT)
	@rsync -a --relative $(MODULE_SRCS) $(MOD_OUT)/
	$(MAKE) -C $(KDIR) M=$(abspath $(MOD_OUT)) KBPF_VERSION=$(KBPF_VERSION) \
		$(if $(KUNIT),CONFIG_KBPF_KUNIT_TEST=y) modules

# Host unit tests: the core compiled with ASan and UBSan.
$(BUILD)/unit/%: tests/unit/%.c tests/unit/unit.h $(CORE_SRCS) $(CORE_HDRS) $(TEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) $(SANITIZE) -o $@ $< $(CORE_SRCS) -lpthread

# The JIT test disassembles what it generated.
$(BUILD)/unit/jit_test: tests/unit/jit_test.c tests/unit/unit.h $(CORE_SRCS) $(CORE_HDRS) $(TEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) $(SANITIZE) -o $@ $< $(CORE_SRCS) -lpthread -lcapstone

# The ELF reader is the tool's, tested against clang's output (with and
# without -g).
UNIT_BPF_PROGS	:= $(patsubst tests/unit/progs/%.c,$(BUILD)/unit/progs/%.o,$(wildcard tests/unit/progs/*.bpf.c))
$(BUILD)/unit/elf_test: tests/unit/elf_test.c tools/kbpf/elf.c tools/kbpf/elf.h $(BPF_PROGS) \
		$(UNIT_BPF_PROGS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) $(SANITIZE) -DPROGS_DIR='"$(abspath $(BUILD)/progs)"' \
		-o $@ $< tools/kbpf/elf.c $(TOOL_LIBS)

# Filters compile in the tool; they run in the core's interpreter.
FILTER_SRCS	:= tools/kbpf/filter_parse.c tools/kbpf/filter_compile.c tools/kbpf/tp_format.c
$(BUILD)/unit/filter_test: tests/unit/filter_test.c $(FILTER_SRCS) tools/kbpf/filter.h \
		tools/kbpf/tp_format.h $(CORE_SRCS) $(CORE_HDRS) $(wildcard tests/unit/formats/*/*)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) $(SANITIZE) -o $@ $< $(FILTER_SRCS) $(CORE_SRCS)

# Programs clang compiles against the libbpf headers, for the verifier.
$(BUILD)/unit/progs/%.o: tests/unit/progs/%.c
	@mkdir -p $(dir $@)
	clang -O2 -target bpf -g0 -I/usr/include/$(shell gcc -print-multiarch) -c -o $@ $<

$(BUILD)/unit/clang_progs_test: tests/unit/clang_progs_test.c tests/unit/unit.h $(CORE_SRCS) $(CORE_HDRS) $(TEST_HDRS) $(UNIT_BPF_PROGS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) $(SANITIZE) -DPROGS_DIR='"$(BUILD)/unit/progs"' \
		-o $@ $< $(CORE_SRCS) -lelf

unit: $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
	@for t in $^; do $$t || exit 1; done

# The arm64 code generator on this machine: the JIT test cross-built and
# run under user-mode QEMU on a CPU with LSE atomics and on one without
# (Cortex-A57, ARMv8.0), so both ways of doing atomics run. ASan and
# UBSan as for the host tests; LeakSanitizer cannot run under QEMU.
ARM64_CC	?= aarch64-linux-gnu-gcc
QEMU_ARM64	?= qemu-aarch64-static
ARM64_SRCS	:= $(filter-out jit/x86_64.c jit/none.c jit/arm64.c,$(CORE_SRCS)) jit/arm64.c
$(BUILD)/arm64-unit/jit_test: tests/unit/jit_test.c tests/unit/unit.h $(ARM64_SRCS) \
		$(CORE_HDRS) $(TEST_HDRS)
	@mkdir -p $(dir $@)
	$(ARM64_CC) $(CFLAGS_HOST) $(SANITIZE) -o $@ $< $(ARM64_SRCS) -lpthread

# Tail calls through native code, the same way.
$(BUILD)/arm64-unit/tailcall_test: tests/unit/tailcall_test.c tests/unit/unit.h $(ARM64_SRCS) \
		$(CORE_HDRS) $(TEST_HDRS)
	@mkdir -p $(dir $@)
	$(ARM64_CC) $(CFLAGS_HOST) $(SANITIZE) -o $@ $< $(ARM64_SRCS) -lpthread

ARM64_RUN	:= ASAN_OPTIONS=detect_leaks=0 $(QEMU_ARM64) -L /usr/aarch64-linux-gnu
unit-arm64: $(BUILD)/arm64-unit/jit_test $(BUILD)/arm64-unit/tailcall_test
	@for t in $^; do \
		KBPF_TEST_PREFIX=arm64-lse/ KBPF_EXPECT_LSE=1 $(ARM64_RUN) -cpu neoverse-n1 $$t || exit 1; \
		KBPF_TEST_PREFIX=arm64-llsc/ KBPF_EXPECT_LSE=0 $(ARM64_RUN) -cpu cortex-a57 $$t || exit 1; \
	done

# Soundness fuzzing of the module's gate (libFuzzer, ASan, UBSan).
FUZZ_SECONDS	?= 60
FUZZ_SEED	?=
FUZZ_WORKERS	?=
$(BUILD)/fuzz/verifier_fuzz: tests/fuzz/verifier_fuzz.c $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p $(dir $@)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-DKBPF_INTERP_CHECK -I. -Wno-override-init -o $@ $< $(CORE_SRCS)

fuzz-verifier: $(BUILD)/fuzz/verifier_fuzz
	@mkdir -p $(BUILD)/fuzz/corpus
	$< -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus tests/fuzz/regress

# Fuzzing in the debug guest (KASAN, lockdep, kmemleak), each alone or
# all three.
FUZZ_GUEST	= KBPF_STAGES=fuzz-debug KBPF_FUZZ_SECONDS=$(FUZZ_SECONDS) \
		  KBPF_FUZZ_SEED=$(FUZZ_SEED) KBPF_FUZZ_WORKERS=$(FUZZ_WORKERS) tests/check.sh
fuzz-ioctl:
	KBPF_FUZZ_ONLY=ioctl $(FUZZ_GUEST)
fuzz-diff:
	KBPF_FUZZ_ONLY=diff $(FUZZ_GUEST)
fuzz-fault:
	KBPF_FUZZ_ONLY=fault $(FUZZ_GUEST)
fuzz-guest:
	$(FUZZ_GUEST)

check:
	tests/check.sh

bench:
	tests/bench/run.sh

demo:
	tests/demo.sh

# As users build theirs; bpf_tracing.h needs the target architecture.
EXAMPLES	:= $(patsubst examples/%.c,$(BUILD)/examples/%.o,$(wildcard examples/*.bpf.c))
BPF_ARCH	:= $(if $(filter aarch64,$(HOST_ARCH)),arm64,x86)
examples: $(EXAMPLES)
$(BUILD)/examples/%.bpf.o: examples/%.bpf.c
	@mkdir -p $(dir $@)
	clang -O2 -g -target bpf -D__TARGET_ARCH_$(BPF_ARCH) \
		-I/usr/include/$(shell $(CC) -print-multiarch) -c -o $@ $<

deps:
	tools/deps.sh

install: tool
	install -D -m 0755 $(BUILD)/kbpf $(DESTDIR)$(PREFIX)/sbin/kbpf
	install -D -m 0644 uapi/linux/kbpf.h $(DESTDIR)$(PREFIX)/include/linux/kbpf.h
	install -D -m 0644 Documentation/kbpf.8 $(DESTDIR)$(PREFIX)/share/man/man8/kbpf.8

# What DKMS needs to build the module: Makefile, Kbuild, dkms.conf and
# the module's sources, nothing of the tool or the tests but KUnit's.
DKMS_SRC	?= $(DESTDIR)/usr/src/kbpf-$(KBPF_VERSION)
dkms-src:
	@mkdir -p $(DKMS_SRC)
	rsync -a --relative Makefile Kbuild dkms.conf $(MODULE_SRCS) $(DKMS_SRC)/

modules_install: module
	$(MAKE) -C $(KDIR) M=$(abspath $(MOD_OUT)) modules_install

clean:
	rm -rf $(BUILD)
