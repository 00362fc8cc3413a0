#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Rewrites the golden files of the command-line tests from this tree:
# tests/unit/golden through tests/unit/tool_test.sh on the host, and
# tests/e2e/golden from a stock x86_64 guest running tests/e2e/cli.sh
# with KBPF_GOLDEN_UPDATE=1 (each output printed as "GOLDEN NAME|line").
# Review the result with git diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s tool
KBPF_GOLDEN_UPDATE=1 tests/unit/tool_test.sh >/dev/null || true
kdir=$(tests/qemu/kernel-stock.sh x86_64 | sed -n 's/^KDIR=//p')
make -s module KDIR="$kdir" MOD_OUT=build/mod-stock 2>&1 | grep -v 'Skipping BTF' || true
mkdir -p tests/e2e/golden build/qemu
tests/e2e/build.sh build/e2e
printf '%s\n' 'insmod /kbpf.ko || exit 1' '/e2e/cli.sh' 'rc=$?' 'rmmod kbpf' 'exit $rc' \
	>build/cli-golden.sh
tests/qemu/run-guest.sh --kernel stock --name cli-golden --out build/qemu --timeout 600 \
	--append KBPF_GOLDEN_UPDATE=1 --file build/mod-stock/kbpf.ko:/kbpf.ko \
	--file build/kbpf:/bin/kbpf --file build/e2e:/e2e --script build/cli-golden.sh \
	>/dev/null || true
console=build/qemu/cli-golden.console
grep -q '^GOLDEN ' "$console" || { echo "no golden output in $console" >&2; exit 1; }
rm -f tests/e2e/golden/*
awk -v dir=tests/e2e/golden '/^GOLDEN [^|]*\|/ {
	i = index($0, "|"); name = substr($0, 8, i - 8)
	print substr($0, i + 1) > (dir "/" name)
}' "$console"
echo "golden files: $(ls tests/e2e/golden | wc -l) in tests/e2e/golden, $(ls tests/unit/golden | wc -l) in tests/unit/golden"
