#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds what the guest suite needs into DIR: static test binaries, the
# instruction-set table as program files, and the assembled test programs.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$1
mkdir -p "$dir/isa" "$dir/progs"

cc=${CC:-gcc}		# for the guest (a cross compiler for other architectures)
hostcc=${HOSTCC:-gcc}	# for generators that run here
$cc -static -O2 -Wall -I. -o "$dir/ioctl_test" tests/e2e/ioctl_test.c
$cc -static -O2 -Wall -I. -o "$dir/map_test" tests/e2e/map_test.c
$cc -static -O2 -Wall -pthread -I. -o "$dir/mapstress_test" tests/e2e/mapstress_test.c
$cc -static -O2 -Wall -pthread -I. -o "$dir/ringbuf_test" tests/e2e/ringbuf_test.c
$cc -static -O2 -Wall -pthread -I. -o "$dir/ioctl_fuzz" tests/fuzz/ioctl_fuzz.c
$cc -static -O2 -Wall -I. -o "$dir/fault_test" tests/e2e/fault_test.c
$cc -static -O2 -Wall -I. -o "$dir/limits_test" tests/e2e/limits_test.c
$cc -static -O2 -Wall -I. -o "$dir/fuzz_regress_test" tests/e2e/fuzz_regress_test.c
$cc -static -O2 -Wall -I. -o "$dir/hook_test" tests/e2e/hook_test.c
$cc -static -O2 -Wall -I. -o "$dir/sock_test" tests/e2e/sock_test.c
$cc -static -O2 -Wall -I. -o "$dir/jit_test" tests/e2e/jit_test.c
$cc -static -O2 -Wall -I. -o "$dir/diff_fuzz" tests/e2e/diff_fuzz.c
$cc -static -O2 -Wall -pthread -I. -o "$dir/tailcall_test" tests/e2e/tailcall_test.c
$cc -static -O2 -Wall -I. -o "$dir/lifecycle_test" tests/e2e/lifecycle_test.c
$cc -static -O2 -Wall -I. -o "$dir/trace_test" tests/e2e/trace_test.c
$cc -static -O2 -Wall -I. -o "$dir/verifier_test" tests/e2e/verifier_test.c
$cc -static -O2 -Wall -I. -o "$dir/verdict_test" tests/e2e/verdict_test.c
$hostcc -O2 -Wall -I. -o "$dir/gen_isa" tests/e2e/gen_isa.c
"$dir/gen_isa" "$dir/isa"
rm -f "$dir/gen_isa"
$hostcc -O2 -Wall -I. -o "$dir/gen_verifier" tests/e2e/gen_verifier.c
"$dir/gen_verifier" "$dir/verifier.bin"
rm -f "$dir/gen_verifier"

# The command-line suite and its golden output.
install -m 0755 tests/e2e/cli.sh "$dir/cli.sh"
rm -rf "$dir/golden"
cp -r tests/e2e/golden "$dir/golden"

# Test programs are LLVM BPF assembly, assembled by LLVM's own assembler.
for s in tests/e2e/progs/*.s; do
	name=$(basename "$s" .s)
	llvm-mc -triple bpfel -filetype=obj -o "$dir/progs/$name.o" "$s"
	llvm-objcopy -O binary -j .text "$dir/progs/$name.o" "$dir/progs/$name.bin"
	rm -f "$dir/progs/$name.o"
done
# Raw programs with lddw map by index (src 5) and map value (src 6), which
# have no assembler syntax: 'kbpf prog verify FILE map SPEC...' maps them.
# map_lookup: key 0 on the stack, lookup in map 0, read 8 bytes if found.
printf '\x62\x0a\xfc\xff\0\0\0\0\xbf\xa2\0\0\0\0\0\0\x07\x02\0\0\xfc\xff\xff\xff\x18\x51\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x85\0\0\0\x01\0\0\0\x15\0\x02\0\0\0\0\0\x79\0\0\0\0\0\0\0\x95\0\0\0\0\0\0\0\xb7\0\0\0\0\0\0\0\x95\0\0\0\0\0\0\0' \
	>"$dir/progs/map_lookup.bin"
# map_value64: r1 = &map 1's value; r0 = *(u64 *)(r1 + 64).
printf '\x18\x61\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\x79\x10\x40\0\0\0\0\0\x95\0\0\0\0\0\0\0' \
	>"$dir/progs/map_value64.bin"

# BPF C programs, compiled as users compile theirs (clang -target bpf).
# Examples read kprobe arguments: the target's headers and __TARGET_ARCH.
mkdir -p "$dir/examples"
triple=$($cc -dumpmachine)
case $triple in aarch64*) bpfarch=arm64 ;; *) bpfarch=x86 ;; esac
for c in examples/*.bpf.c; do
	clang -O2 -g -target bpf -D__TARGET_ARCH_$bpfarch -I"/usr/include/${triple/-gnu*/-gnu}" \
		-c -o "$dir/examples/$(basename "$c" .c).o" "$c"
done
for c in tests/progs/*.bpf.c; do
	clang -O2 -g -target bpf -I"/usr/include/$(gcc -print-multiarch)" \
		-c -o "$dir/progs/$(basename "$c" .c).o" "$c"
done

# README's quick start ends with a kbpf command; the guest runs it as
# written, with the guest's path to the examples (quickstart_* checks).
sed -n '/^<!-- quickstart -->$/,/^<!-- \/quickstart -->$/p' README.md |
	sed -n 's/ *#.*//; s,^kbpf run build/examples/,kbpf run /e2e/examples/,p' >"$dir/quickstart.cmd"
