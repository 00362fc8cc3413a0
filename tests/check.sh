#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: every suite, in order of cost, each printing TAP lines that
# are counted into the final "N passed, N failed".
#
#   unit         host unit tests (ASan + UBSan), disassembler vs llvm-objdump;
#                the arm64 JIT test under qemu-aarch64-static; the
#                interpreter's stack use in the stock module build
#   conformance  the public ISA conformance data through the host engine
#                and JIT, and through the arm64 JIT under qemu-aarch64-static
#   harness      the QEMU harness's own self-test (a WARN must fail a run)
#   e2e-stock    the guest suite on Debian's stock kernel
#   kunit-debug  KUnit suites and the guest suite on the debug kernel
#                (KASAN, lockdep, kmemleak)
#   packaging    dkms add/build against the stock headers; the module it
#                built loads in the stock guest
#   e2e-arm64    the guest suite on Debian's stock arm64 kernel, with
#                the module, tool and tests cross-built; JIT on, then jit=0
#   fuzz-debug   short runs of the ioctl fuzzer, the differential fuzzer
#                and fault injection in the debug guest (KBPF_FUZZ_ONLY=
#                ioctl, diff or fault: that one alone; KBPF_FUZZ_SECONDS,
#                KBPF_FUZZ_SEED, KBPF_FUZZ_WORKERS)
#
# KBPF_STAGES="unit conformance" runs a subset.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$PWD
out=$top/build/check
stages=${KBPF_STAGES:-unit conformance harness e2e-stock packaging e2e-arm64 kunit-debug fuzz-debug}
mkdir -p "$out"

log() { echo "== $*" >&2; }

# Runs one stage, keeping its TAP lines; a stage that fails without saying
# why still counts as a failure.
stage() {
	local name=$1 start rc
	shift
	start=$(date +%s)
	log "$name: start"
	"$@" >"$out/$name.tap" 2>"$out/$name.log"
	rc=$?
	if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out/$name.tap"; then
		echo "not ok - $name: stage failed (exit $rc), see $out/$name.log" >>"$out/$name.tap"
	fi
	grep '^not ok' "$out/$name.tap" >&2
	[ $rc -ne 0 ] && tail -n 30 "$out/$name.log" >&2
	log "$name: $(grep -c '^ok' "$out/$name.tap") passed, $(grep -c '^not ok' "$out/$name.tap") failed ($(($(date +%s) - start)) s)"
}

build_all() {
	tools/deps.sh || return 1
	make -s tool || return 1
	stock=$(tests/qemu/kernel-stock.sh x86_64) || return 1
	KDIR_STOCK=$(echo "$stock" | sed -n 's/^KDIR=//p')
	make -s module KDIR="$KDIR_STOCK" MOD_OUT=build/mod-stock || return 1
	tests/e2e/build.sh build/e2e || return 1
}

stage_unit() {
	local rc=0
	make -s unit || rc=1
	make -s unit-arm64 || rc=1
	tests/unit/disasm_llvm.sh || rc=1
	tests/unit/tool_test.sh || rc=1
	tests/unit/quickstart.sh || rc=1
	# The interpreter's kernel stack, measured by the stock module's build.
	tests/unit/stack_usage.sh build/mod-stock || rc=1
	# A short soundness fuzzing run of the gate; any crash is a failure.
	if make -s fuzz-verifier FUZZ_SECONDS="${KBPF_FUZZ_SECONDS:-20}" \
		>"$out/fuzz-verifier.log" 2>&1; then
		echo "ok - fuzz/verifier ($(sed -n 's/.*stat::number_of_executed_units: *//p' "$out/fuzz-verifier.log") programs, no crash)"
	else
		echo "not ok - fuzz/verifier: see $out/fuzz-verifier.log"
		tail -n 30 "$out/fuzz-verifier.log" | sed 's/^/#   /'
		rc=1
	fi
	return $rc
}

stage_conformance() {
	local rc=0
	tests/conformance/run.sh build/kbpf conformance || rc=1
	KBPF_CONFORMANCE_TAG=conformance-jit tests/conformance/run.sh build/kbpf conformance --jit || rc=1
	# The arm64 code generator, with LSE atomics and without.
	make -s BUILD=build/arm64 CC=aarch64-linux-gnu-gcc tool >&2 || return 1
	KBPF_CONFORMANCE_TAG=conformance-jit-arm64 tests/conformance/run.sh \
		qemu-aarch64-static -cpu neoverse-n1 build/arm64/kbpf conformance --jit || rc=1
	KBPF_CONFORMANCE_TAG=conformance-jit-arm64-llsc tests/conformance/run.sh \
		qemu-aarch64-static -cpu cortex-a57 build/arm64/kbpf conformance --jit || rc=1
	return $rc
}

stage_harness() {
	tests/qemu/selftest.sh --debug --out build/qemu/selftest
}

guest_files() {
	echo --file "$1/kbpf.ko:/kbpf.ko"
	echo --file build/kbpf:/bin/kbpf
	echo --file build/e2e:/e2e
}

# The TAP lines of a guest booted with the module's jit=0, told apart
# from the JIT-on boot's.
jit_off() {
	sed -E 's,^((not )?ok - ),\1jit-off/,'
}

stage_e2e_stock() {
	local rc=0
	# shellcheck disable=SC2046
	tests/qemu/run-guest.sh --arch x86_64 --kernel stock --name e2e-stock \
		--out build/qemu --timeout 600 $(guest_files build/mod-stock) \
		--script tests/e2e/guest.sh || rc=1
	# make demo, as a user runs it, and what each scene must show.
	tests/demo.sh >&2 || rc=1
	tests/demo-check.sh build/demo.out || rc=1
	return $rc
}

stage_packaging() {
	tests/packaging/dkms.sh build/packaging
}

stage_e2e_arm64() {
	local kdir cross=aarch64-linux-gnu- files rc=0
	kdir=$(tests/qemu/kernel-stock.sh arm64 | sed -n 's/^KDIR=//p') || return 1
	[ -n "$kdir" ] || return 1
	{
		make -s module KDIR="$kdir" MOD_OUT=build/mod-arm64 ARCH=arm64 \
			CROSS_COMPILE=$cross &&
		make -s BUILD=build/arm64 CC=${cross}gcc tool &&
		CC=${cross}gcc tests/e2e/build.sh build/arm64/e2e
	} >&2 || return 1
	# The interpreter's kernel stack in the arm64 build, as on x86_64.
	tests/unit/stack_usage.sh build/mod-arm64 || rc=1
	files=(--file build/mod-arm64/kbpf.ko:/kbpf.ko --file build/arm64/kbpf:/bin/kbpf
	       --file build/arm64/e2e:/e2e)
	tests/qemu/run-guest.sh --arch arm64 --kernel stock --name e2e-arm64 \
		--out build/qemu --timeout 900 "${files[@]}" \
		--script tests/e2e/guest.sh || rc=1
	tests/qemu/run-guest.sh --arch arm64 --kernel stock --name e2e-arm64-nojit \
		--out build/qemu --timeout 900 --append KBPF_JIT=0 "${files[@]}" \
		--script tests/e2e/guest.sh | jit_off || rc=1
	return $rc
}

stage_kunit_debug() {
	local kdir rc
	kdir=$(tests/qemu/kernel-debug.sh) || return 1
	make -s module KDIR="$kdir" MOD_OUT=build/mod-debug KUNIT=1 >&2 || return 1
	# shellcheck disable=SC2046
	tests/qemu/run-guest.sh --arch x86_64 --kernel debug --name kunit-debug \
		--out build/qemu --timeout 1800 --append KBPF_KUNIT=1 \
		$(guest_files build/mod-debug) --script tests/e2e/guest.sh
	rc=$?
	tests/qemu/kunit-extract.sh build/qemu/kunit-debug.console || rc=1
	return $rc
}

# Needs the debug module kunit-debug builds (built again if missing).
stage_fuzz_debug() {
	local kdir
	kdir=$(tests/qemu/kernel-debug.sh) || return 1
	[ -f build/mod-debug/kbpf.ko ] ||
		make -s module KDIR="$kdir" MOD_OUT=build/mod-debug KUNIT=1 >&2 || return 1
	# Boot, fault_test and rmmod take a few minutes; the fuzzers their time.
	local secs=${KBPF_FUZZ_SECONDS:-30} args
	args="KBPF_FUZZ_SECONDS=$secs"
	[ -n "${KBPF_FUZZ_ONLY:-}" ] && args="$args KBPF_FUZZ_ONLY=$KBPF_FUZZ_ONLY"
	[ -n "${KBPF_FUZZ_SEED:-}" ] && args="$args KBPF_FUZZ_SEED=$KBPF_FUZZ_SEED"
	[ -n "${KBPF_FUZZ_WORKERS:-}" ] && args="$args KBPF_FUZZ_WORKERS=$KBPF_FUZZ_WORKERS"
	# shellcheck disable=SC2046
	tests/qemu/run-guest.sh --arch x86_64 --kernel debug --name fuzz-debug \
		--out build/qemu --timeout $((600 + 2 * secs)) --append "$args" \
		$(guest_files build/mod-debug) --script tests/fuzz/guest.sh
}

total_start=$(date +%s)
log "build: start"
if ! build_all >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log" >&2
	echo "not ok - build failed, see $out/build.log" >"$out/build.tap"
	stages=""
else
	: >"$out/build.tap"
fi
log "build: done ($(($(date +%s) - total_start)) s)"

for s in $stages; do
	stage "$s" "stage_${s//-/_}"
done

passed=0
failed=0
for s in build $stages; do
	passed=$((passed + $(grep -c '^ok' "$out/$s.tap")))
	failed=$((failed + $(grep -c '^not ok' "$out/$s.tap")))
done
log "total time $(($(date +%s) - total_start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
