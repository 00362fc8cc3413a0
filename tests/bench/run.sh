#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: boots the stock guest (QEMU, no KVM: timings are emulated,
# compare ratios, not absolute numbers) and prints the benchmark table of
# kbpf against the guest kernel's own BPF. KBPF_BENCH_REPEAT sets the runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build/bench
mkdir -p "$out/bin"
make -s tool
stock=$(tests/qemu/kernel-stock.sh x86_64)
kdir=$(echo "$stock" | sed -n 's/^KDIR=//p')
make -s module KDIR="$kdir" MOD_OUT=build/mod-stock
gcc -static -O2 -Wall -I. -o "$out/bin/bench" tests/bench/bench.c
gcc -static -O2 -Wall -I. -o "$out/bin/hooks" tests/bench/hooks.c
tests/qemu/run-guest.sh --arch x86_64 --kernel stock --name bench \
	--out "$out" --timeout 900 --raw \
	--append "KBPF_BENCH_REPEAT=${KBPF_BENCH_REPEAT:-200}" \
	--file build/mod-stock/kbpf.ko:/kbpf.ko --file "$out/bin:/bench" \
	--script tests/bench/guest.sh | tee "$out/bench.out"
sed -n 's/^# //p' "$out/bench.out" >"$out/results.md"
echo "results: $out/results.md"
