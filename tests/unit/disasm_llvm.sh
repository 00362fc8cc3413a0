#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kbpf's disassembler against llvm-objdump, line by line, on clang output
# (tests/cases/disasm_sample.c at -mcpu=v2 and v3) and on the e2e test
# programs. Two known gaps of LLVM 14's printer are allowed: it prints
# nothing for 32-bit fetch atomics and cmpxchg32, and writes rN where
# newer LLVM (and kbpf) write wN for 32-bit atomic add. One TAP line per
# program.
set -uo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

compare() {
	local name=$1 obj=$2
	llvm-objcopy -O binary -j .text "$obj" "$tmp/$name.bin"
	llvm-objdump -d --no-show-raw-insn "$obj" |
		sed -n 's/^ *\([0-9]*\):\t\(.*\)$/\1: \2/p' |
		sed 's/ <[^ >]*>$//; s/\(lock \*(u32 \*)([^)]*) [^ ]*\) r\([0-9]*\)$/\1 w\2/' \
		>"$tmp/$name.llvm"
	build/kbpf disasm "$tmp/$name.bin" | sed 's/^ *//' >"$tmp/$name.kbpf"
	# Lines LLVM 14 cannot print ("N:" alone) are not compared.
	paste -d'\n' "$tmp/$name.llvm" "$tmp/$name.kbpf" |
		awk 'NR % 2 { l = $0; next } l !~ /^[0-9]+:$/ && l != $0 { print "#   llvm: " l; print "#   kbpf: " $0; bad = 1 } END { exit bad }' \
		>"$tmp/$name.diff"
	if [ $? -eq 0 ] && [ "$(wc -l <"$tmp/$name.llvm")" -gt 1 ]; then
		echo "ok - disasm/$name ($(wc -l <"$tmp/$name.llvm") instructions match llvm-objdump)"
	else
		echo "not ok - disasm/$name"
		cat "$tmp/$name.diff"
		failed=1
	fi
}

for cpu in v2 v3; do
	flags=""
	[ $cpu = v2 ] && flags="-DNO_ATOMIC32"
	clang -O2 -target bpf -mcpu=$cpu $flags -c tests/cases/disasm_sample.c \
		-o "$tmp/sample-$cpu.o" || { echo "not ok - disasm/sample-$cpu: clang failed"; failed=1; continue; }
	compare "sample-$cpu" "$tmp/sample-$cpu.o"
done
for s in tests/e2e/progs/*.s; do
	name=$(basename "$s" .s)
	llvm-mc -triple bpfel -filetype=obj -o "$tmp/$name.o" "$s"
	compare "prog-$name" "$tmp/$name.o"
done
exit $failed
