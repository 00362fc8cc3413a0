#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: boots the stock guest (QEMU, no KVM: timings are emulated,
# compare ratios, not absolute numbers) and prints the benchmark tables of
# kbpf against the guest kernel's own BPF: the loops, then the hooks.
# The native-jit part (x86_64) runs both JITs' machine code for the loops,
# as the guest dumped it, on this host's CPU (tests/bench/native_jit.c),
# then under qemu-x86_64-static (TCG without a kernel) when it is there.
#
#   KBPF_BENCH_REPEAT   runs per loop and engine (default 200)
#   KBPF_BENCH_ARCH     x86_64 (default) or arm64 (cross-built, ratios only)
#   KBPF_BENCH_PARTS    tables to run, comma-separated (default
#                       loops,hooks,sock,ingress,filter,verify,maps,native-jit)
set -euo pipefail
cd "$(dirname "$0")/../.."
arch=${KBPF_BENCH_ARCH:-x86_64}
out=build/bench/$arch
parts=${KBPF_BENCH_PARTS:-loops,hooks,sock,ingress,filter,verify,maps,native-jit}
mkdir -p "$out/bin"
stock=$(tests/qemu/kernel-stock.sh "$arch")
kdir=$(echo "$stock" | sed -n 's/^KDIR=//p')
kernel=$(echo "$stock" | sed -n 's/^KERNEL=//p')
# tc's ingress qdisc and BPF classifier, for the ingress table.
sched="${kernel%/boot/*}/lib/modules/${kernel##*vmlinuz-}/kernel/net/sched"
if [ "$arch" = arm64 ]; then
	cc=aarch64-linux-gnu-gcc
	make -s module KDIR="$kdir" MOD_OUT=build/mod-arm64 ARCH=arm64 \
		CROSS_COMPILE=aarch64-linux-gnu-
	mod=build/mod-arm64/kbpf.ko
	make -s BUILD=build/arm64 CC=$cc tool
	tool=build/arm64/kbpf
else
	cc=gcc
	make -s module KDIR="$kdir" MOD_OUT=build/mod-stock
	mod=build/mod-stock/kbpf.ko
	make -s tool
	tool=build/kbpf
fi
$cc -static -O2 -Wall -I. -o "$out/bin/bench" tests/bench/bench.c
$cc -static -O2 -Wall -I. -o "$out/bin/hooks" tests/bench/hooks.c
$cc -static -O2 -Wall -I. -o "$out/bin/sock" tests/bench/sock.c
# Million-element map batches, kbpf against the kernel's (tests/e2e/map_test.c).
$cc -static -O2 -Wall -I. -o "$out/bin/map_test" tests/e2e/map_test.c
# Verification time against the kernel's verifier: the verifier table.
$cc -static -O2 -Wall -I. -o "$out/bin/verdict_test" tests/e2e/verdict_test.c
gcc -O2 -Wall -I. -o "$out/gen_verifier" tests/e2e/gen_verifier.c
"$out/gen_verifier" "$out/bin/verifier.bin"
cp "$sched/sch_ingress.ko" "$sched/cls_bpf.ko" "$out/bin/"
$cc -static -O2 -Wall -I. -o "$out/bin/filter" tests/bench/filter.c \
	tools/kbpf/filter_parse.c tools/kbpf/filter_compile.c tools/kbpf/tp_format.c
# Both JITs' code for the loops, dumped in the guest for the native-jit table.
$cc -static -O2 -Wall -I. -o "$out/bin/jit_dump" tests/bench/jit_dump.c
# The loops in C on this host, for the native column (x86_64 hosts only).
if [ "$arch" = x86_64 ]; then
	gcc -O2 -Wall -I. -o "$out/native" tests/bench/native.c
	"$out/native" "${KBPF_BENCH_REPEAT:-200}" >"$out/native.md"
	gcc -O2 -Wall -I. -o "$out/native_jit" tests/bench/native_jit.c -lcapstone
fi
tests/qemu/run-guest.sh --arch "$arch" --kernel stock --name bench \
	--out "$out" --timeout 1800 --raw \
	--append "KBPF_BENCH_REPEAT=${KBPF_BENCH_REPEAT:-200}" \
	--append "KBPF_BENCH_PARTS=$parts" \
	--file "$mod:/kbpf.ko" --file "$out/bin:/bench" --file "$tool:/bin/kbpf" \
	--script tests/bench/guest.sh | tee "$out/bench.out"
sed -n 's/^# //p' "$out/bench.out" | { grep -v '^natjit ' || true; } >"$out/results.md"
case ",$parts," in
*,native-jit,*)
	grep -a '^# natjit ' "$out/bench.out" >"$out/native-jit.dump" || true
	if [ "$arch" = x86_64 ]; then
		printf '\nBoth JITs'"'"' code for the loops run on the host (tests/bench/native_jit.c), %s (family %s, model %s):\n\n' \
			"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
			"$(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo | head -1)" \
			"$(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo | head -1)" >>"$out/results.md"
		"$out/native_jit" "$out/native-jit.dump" | tee -a "$out/results.md"
		# The same bytes under QEMU's TCG in user mode (no guest kernel):
		# what emulation, rather than the code, does to each loop.
		if command -v qemu-x86_64-static >/dev/null; then
			printf '\nThe same under qemu-x86_64-static -cpu qemu64 (TCG, user mode; 2 runs a round, 4 offsets):\n\n' >>"$out/results.md"
			qemu-x86_64-static -cpu qemu64 "$out/native_jit" "$out/native-jit.dump" 2 4 |
				tee -a "$out/results.md"
		fi
	fi
	;;
esac
if [ -f "$out/native.md" ]; then
	printf '\nThe loops in C on the host (tests/bench/native.c, gcc -O2), best of 5:\n\n' >>"$out/results.md"
	cat "$out/native.md" >>"$out/results.md"
fi
echo "results: $out/results.md"
