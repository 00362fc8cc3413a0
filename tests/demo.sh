#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make demo: from a fresh Debian 12 machine to eBPF programs written for
# Linux tracing a real kernel, without touching this machine's own kernel.
# Installs what is missing, builds kbpf.ko, the tool and the examples/
# programs (clang -target bpf), boots Debian's stock kernel in QEMU, loads
# the module and runs the examples there with `kbpf run`.
# The guest's output is kept in build/demo.out; make check's e2e-stock
# stage runs the demo and asserts it (tests/demo-check.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1/4 installing missing Debian packages"
tools/deps.sh
say "2/4 building kbpf.ko (against Debian's stock kernel headers), the kbpf tool and the examples"
stock=$(tests/qemu/kernel-stock.sh x86_64)
kdir=$(echo "$stock" | sed -n 's/^KDIR=//p')
make -s tool
make -s module KDIR="$kdir" MOD_OUT=build/mod-stock 2>&1 | grep -v 'Skipping BTF' || true
make -s examples
# A program the verifier refuses, to show its log with the C source line.
mkdir -p build/demo
clang -O2 -g -target bpf -I"/usr/include/$(gcc -print-multiarch)" \
	-c -o build/demo/bad_lines.bpf.o tests/progs/bad_lines.bpf.c
ls build/examples

say "3/4 the showcase the guest runs"
# Each scene starts a program, makes the guest do something it traces,
# and lets `kbpf run` print what the program saw before it detaches.
cat >build/demo-guest.sh <<'GUEST'
scene() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
run() { echo "guest# $*"; "$@"; }
cd /examples
# awk functions for map and ring buffer bytes as kbpf prints them in hex.
hexdecode='
function hex(h) { return index("0123456789abcdef", substr(h, 1, 1)) * 16 + index("0123456789abcdef", substr(h, 2, 1)) - 17 }
function le(from, n,  i, v, m) { v = 0; m = 1; for (i = 0; i < n; i++) { v += hex($(from + i)) * m; m *= 256 } return v }
'
echo 'kbpf demo' >/tmp/demo-file
scene "the module: insmod, and what it supports"
run insmod /kbpf.ko
run kbpf version
run kbpf feature | head -n 12

scene "syscount.bpf.c: system calls per command (tracepoint + hash map)"
kbpf run syscount.bpf.o duration 3 >/tmp/syscount.out 2>&1 &
sleep 2; ls / >/dev/null; cat /proc/version >/dev/null; wait
grep -v '^key:' /tmp/syscount.out
# The map's keys are command names and its values u64 counts: decoded.
grep '^key:' /tmp/syscount.out | awk "$hexdecode"'
{
	for (v = 2; $v != "value:"; v++)
		;
	name = ""
	for (i = 2; i < v && $i != "00"; i++)
		name = name sprintf("%c", hex($i))
	printf "  %-16s %6d system calls\n", name, le(v + 1, 8)
}'

scene "opensnoop.bpf.c: every file opened (kprobe + ring buffer + probe_read_user_str)"
kbpf run opensnoop.bpf.o duration 3 >/tmp/opensnoop.out 2>&1 &
sleep 2; cat /tmp/demo-file /proc/uptime >/dev/null; wait
grep attached /tmp/opensnoop.out
# Each record is struct event: pid, tid, command, file name; decoded.
grep '^ringbuf ' /tmp/opensnoop.out | awk "$hexdecode"'
function str(from,  i, t) { t = ""; for (i = from; i <= NF && $i != "00"; i++) t = t sprintf("%c", hex($i)); return t }
{ b = 5; printf "  pid %-5d %-8s opened %s\n", le(b, 4), str(b + 8), str(b + 24) }'

scene "openlat.bpf.c: open latency histogram (kprobe + kretprobe + array maps)"
kbpf run openlat.bpf.o duration 3 >/tmp/openlat.out 2>&1 &
sleep 2; for i in 1 2 3 4 5 6 7 8; do cat /tmp/demo-file >/dev/null; done; wait
grep attached /tmp/openlat.out
grep -A2 '^map calls:' /tmp/openlat.out | grep '^key:' | awk "$hexdecode"'{ printf "  %d opens timed\n", le(7, 8) }'
# hist: slot i > 0 counts opens that took [2^i, 2^(i+1)) microseconds.
grep -A40 '^map hist:' /tmp/openlat.out | grep '^key:' | awk "$hexdecode"'
{ s = le(2, 4); n = le(7, 8); for (p = 1; s > 0; s--) p *= 2; if (n) printf "  %6d-%-6d us %4d opens\n", (p > 1 ? p : 0), 2 * p, n }'

scene "globals.bpf.c: const volatile globals set from the command line (.rodata, .bss)"
kbpf run globals.bpf.o duration 3 rodata target_comm=cat rodata max_prints=2 >/tmp/globals.out 2>&1 &
sleep 2; /bin/cat /tmp/demo-file >/dev/null; /bin/cat /tmp/demo-file >/dev/null; /bin/true; wait
grep -E 'attached|globals: exec|target_comm|max_prints' /tmp/globals.out

scene "tailcall.bpf.c: a dispatcher jumping through a prog_array"
kbpf run tailcall.bpf.o duration 3 >/tmp/tailcall.out 2>&1 &
sleep 2; ls / >/dev/null; wait
grep -E 'attached|tail call target|Found' /tmp/tailcall.out

scene "the verifier says why, with the C line: a read the bounds do not cover"
echo "guest# kbpf prog verify /demo/bad_lines.bpf.o"
kbpf prog verify /demo/bad_lines.bpf.o 2>&1 | grep -E '^Error|^; |^1[2-5]: '

scene "everything detached: nothing is left behind"
run kbpf prog list
run kbpf link list
run rmmod kbpf && echo 'kbpf unloaded'
GUEST
sed -n '/^scene "/s/^scene "\(.*\)"$/  - \1/p' build/demo-guest.sh

say "4/4 booting Debian's stock kernel in QEMU (software emulation, about a minute)"
tests/qemu/run-guest.sh --kernel stock --name demo --out build/qemu --raw \
	--timeout 300 --file build/mod-stock/kbpf.ko:/kbpf.ko \
	--file build/kbpf:/bin/kbpf --file build/examples:/examples \
	--file build/demo:/demo --script build/demo-guest.sh | tee build/demo.out
say "done: the guest has shut down; its console is in build/qemu/demo.console"
