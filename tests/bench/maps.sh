#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The million-entry map batch benchmark alone: builds the stock module and
# tests/e2e/map_test, boots the stock x86_64 guest and prints the
# "# bench:" lines of `map_test bench` (kbpf and the guest kernel's own
# BPF, update/dump/delete batches, ms, per map type). QEMU without KVM:
# compare kbpf with Linux in the same run, not absolute numbers.
#
#   tests/bench/maps.sh [OTHER.ko]
#
# OTHER.ko, if given (a module built from another commit), runs first in
# the same guest, so a before/after pair shares the machine's load.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build/bench/maps
mkdir -p "$out/e2e"
kdir=$(tests/qemu/kernel-stock.sh x86_64 | sed -n 's/^KDIR=//p')
make -s module KDIR="$kdir" MOD_OUT=build/mod-stock
gcc -static -O2 -Wall -I. -o "$out/e2e/map_test" tests/e2e/map_test.c
files=(--file build/mod-stock/kbpf.ko:/kbpf-this.ko --file "$out/e2e:/e2e")
mods=this
if [ $# -gt 0 ]; then
	files+=(--file "$1:/kbpf-other.ko")
	mods="other this"
fi
cat >"$out/guest.sh" <<GUEST
#!/bin/sh
for m in $mods; do
	insmod /kbpf-\$m.ko || exit 1
	echo "# module: \$m"
	/e2e/map_test bench | grep -E '^# (bench|module)|million'
	rmmod kbpf
done
GUEST
chmod +x "$out/guest.sh"
tests/qemu/run-guest.sh --arch x86_64 --kernel stock --name bench-maps \
	--out build/qemu --timeout 1500 "${files[@]}" --script "$out/guest.sh"
