#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make demo: from a fresh Debian 12 machine to a program running in the
# kernel, without touching this machine's own kernel. Installs what is
# missing, builds kbpf.ko and the tool, boots Debian's stock kernel in
# QEMU, loads the module, and runs a program through /dev/kbpf.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1/4 installing missing Debian packages"
tools/deps.sh
say "2/4 building kbpf.ko (against Debian's stock kernel headers) and the kbpf tool"
stock=$(tests/qemu/kernel-stock.sh x86_64)
kdir=$(echo "$stock" | sed -n 's/^KDIR=//p')
make -s tool
make -s module KDIR="$kdir" MOD_OUT=build/mod-stock 2>&1 | grep -v 'Skipping BTF' || true
tests/e2e/build.sh build/e2e

say "3/4 the program: LLVM BPF assembly, assembled by llvm-mc"
cat tests/e2e/progs/ret42.s

cat >build/demo-guest.sh <<'GUEST'
run() { echo "guest# $*"; "$@"; }
run uname -r
run insmod /kbpf.ko
run ls -l /dev/kbpf
run kbpf version
run kbpf disasm /progs/ret42.bin
run kbpf prog run /progs/ret42.bin
run kbpf prog run /progs/ret42.bin repeat 1000000
echo "guest# kbpf prog verify /progs/loop.bin   # the gate refuses a loop, and says why"
kbpf prog verify /progs/loop.bin 2>&1
run rmmod kbpf
GUEST
say "4/4 booting Debian's stock kernel in QEMU (software emulation, ~10 s)"
tests/qemu/run-guest.sh --kernel stock --name demo --out build/qemu --raw \
	--timeout 180 --file build/mod-stock/kbpf.ko:/kbpf.ko \
	--file build/kbpf:/bin/kbpf --file build/e2e/progs:/progs \
	--script build/demo-guest.sh
say "done: the guest has shut down; its console is in build/qemu/demo.console"
