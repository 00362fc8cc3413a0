#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The end-to-end suite, run inside a QEMU guest (busybox sh) as /test.sh:
# loads kbpf.ko, drives /dev/kbpf through the kbpf tool and ioctl_test,
# unloads. Prints TAP lines; the harness counts them.
#
# KBPF_JIT=0 (a kernel argument of the guest) loads the module with jit=0:
# the whole suite then runs interpreted. The checks that exist to compare
# the JIT with the interpreter (jit_test, diff_fuzz, the second pass of
# tests that turn the parameter off) run only in the JIT-on boot.

failed=0
ok() { echo "ok - e2e/$1"; }
notok() { echo "not ok - e2e/$1"; failed=1; }
check() { name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }

# The module's jit parameter for this boot, restored after each section
# that turns it off, and the engine 'kbpf prog show' names for it.
jit=${KBPF_JIT:-1}
if [ "$jit" = 0 ]; then engine_name=interpreted; else engine_name=jited; fi

# kbpf prog run prints "Return value: N, duration...": the N.
retval() { sed -n 's/^Return value: \([0-9]*\),.*/\1/p'; }

if [ -n "$KBPF_KUNIT" ]; then
	echo KBPF-KUNIT-BEGIN >/dev/kmsg
fi
check insmod insmod /kbpf.ko jit=$jit
if [ -n "$KBPF_KUNIT" ]; then
	echo KBPF-KUNIT-END >/dev/kmsg
fi
check device_node test -c /dev/kbpf
[ -c /dev/kbpf ] || exit 1
# Socket links flip netfilter's LOCAL_IN static keys (live code patching)
# on their first attach and last detach; Debian's stock x86_64 kernel
# under TCG has hung at that site in ip_local_deliver when it was patched
# while loopback traffic ran (Documentation/hooks.md, "Known problems").
# An anchor link taken now, before any packet, keeps the keys on until
# the sending is over.
/e2e/sock_test anchor >/tmp/anchor.out 2>&1 &
anchor_pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	grep -q '^# anchored' /tmp/anchor.out && break
	sleep 1
done
check socket_anchor_held grep -q '^# anchored' /tmp/anchor.out

check version sh -c 'kbpf version | grep -q "API 1"'
# A code generator for this CPU is built in, whatever the jit parameter says.
check version_features sh -c 'kbpf version | grep -q "features: interpreter jit$"'

out=$(kbpf prog run /e2e/progs/ret42.bin 2>&1)
check prog_run_ret42 test "$(echo "$out" | retval)" = 42

out=$(kbpf prog run /e2e/progs/ret42.bin repeat 10000 2>&1)
check prog_run_repeat sh -c "echo '$out' | grep -q 'Return value: 42, duration (average)'"

# A bounded loop is explored and accepted.
check verify_accepts_bounded_loop kbpf prog verify /e2e/progs/loop.bin
out=$(kbpf prog run /e2e/progs/loop.bin 2>&1)
check prog_run_loop test "$(echo "$out" | retval)" = 10

# A rejected program: non-zero exit, the verifier log with the reason.
out=$(kbpf prog verify /e2e/progs/forever.bin 2>&1)
rc=$?
check verify_rejects_endless_loop test "$rc" -ne 0
check verify_log_names_insn sh -c "echo '$out' | grep -q '^1: r0 += 0: infinite loop detected at insn 1'"

# The same program through the host engine gives the same verdict.
hout=$(kbpf --host prog verify /e2e/progs/forever.bin 2>&1)
check host_and_module_logs_agree test "$out" = "$hout"

# Objects that outlive the loader: pin, show, run by pin and by id, dump.
check prog_load_pins kbpf prog load /e2e/progs/ret42.bin answer
check prog_show_pinned sh -c 'kbpf prog show pinned answer | grep -q "name ret42"'
check prog_show_lists_pin sh -c 'kbpf prog show pinned answer | grep -q "pinned answer"'
check prog_run_pinned test "$(kbpf prog run pinned answer | retval)" = 42
id=$(kbpf prog show pinned answer | sed -n 's/^\([0-9]*\):.*/\1/p')
check prog_run_by_id test "$(kbpf prog run id "$id" | retval)" = 42
check prog_list_has_it sh -c "kbpf prog list | grep -q '^$id: socket'"
check prog_dump_xlated sh -c 'kbpf prog dump xlated pinned answer | grep -q "0: r0 = 42"'
# Native code, shown under the instructions it came from; with the jit
# parameter off, programs load interpreted.
check prog_engine_as_the_parameter sh -c "kbpf prog show pinned answer | grep -q ' $engine_name '"
if kbpf prog show pinned answer | grep -q jited; then
	check prog_dump_jited sh -c 'kbpf prog dump jited pinned answer | grep -q "^; 0: r0 = 42"'
	check prog_dump_jited_native sh -c 'kbpf prog dump jited pinned answer | grep -qE "^ +[0-9a-f]+:  (mov|ret|leave|movz|orr)"'
	echo 0 >/sys/module/kbpf/parameters/jit
	kbpf prog load /e2e/progs/ret42.bin interp42
	check jit_off_interprets sh -c 'kbpf prog show pinned interp42 | grep -q interpreted'
	check jit_off_runs test "$(kbpf prog run pinned interp42 | retval)" = 42
	check dump_jited_of_interpreted sh -c 'kbpf prog dump jited pinned interp42 2>&1 | grep -q "has no native code"'
	kbpf pin delete interp42
	echo $jit >/sys/module/kbpf/parameters/jit
fi
# arm64: the atomics the JIT emitted are those the CPU has (LSE, as the
# kernel's own atomics use them, or an exclusive-load/store loop).
if [ "$jit" = 1 ] && [ "$(uname -m)" = aarch64 ]; then
	kbpf prog load /e2e/isa/atomic64.fetch_add.bin fadd
	kbpf prog dump jited pinned fadd >/tmp/fadd.out 2>&1
	# Capstone 4 decodes no LSE instruction: the dump shows them as
	# ".inst 0x..." words, classified here (atomic memory operations, CAS).
	lse=0
	for w in $(sed -n 's/^ *[0-9a-f]*:  \.inst *0x\([0-9a-f]*\) .*/\1/p' /tmp/fadd.out); do
		[ $(( (0x$w & 0x3f200c00) == 0x38200000 || (0x$w & 0x3fa07c00) == 0x08a07c00 )) = 1 ] &&
			lse=$((lse + 1))
	done
	if grep -q '^Features.* atomics' /proc/cpuinfo; then
		check arm64_atomics_lse sh -c "test $lse = 1 && ! grep -q ldxr /tmp/fadd.out"
	else
		check arm64_atomics_llsc sh -c "test $lse = 0 && grep -q ldxr /tmp/fadd.out && grep -q stlxr /tmp/fadd.out"
	fi
	kbpf pin delete fadd
fi
if [ "$jit" = 1 ]; then
	KBPF_SKIP_SLOW=$KBPF_KUNIT /e2e/jit_test || failed=1
	# Random programs: kbpf's JIT, its interpreter and the kernel's own
	# BPF agree.
	if [ -n "$KBPF_KUNIT" ]; then /e2e/diff_fuzz 100 30 || failed=1; else /e2e/diff_fuzz 300 60 || failed=1; fi
fi

# Run statistics, counted only while the stats parameter is on.
echo 1 >/sys/module/kbpf/parameters/stats
kbpf prog run pinned answer repeat 100 >/dev/null
check stats_counted sh -c 'kbpf prog show pinned answer | grep -q "run_cnt 100$"'
echo 0 >/sys/module/kbpf/parameters/stats
kbpf prog run pinned answer repeat 100 >/dev/null
check stats_off_not_counted sh -c 'kbpf prog show pinned answer | grep -q "run_cnt 100$"'
check pin_second_name kbpf prog pin pinned answer answer2
check pin_list sh -c 'test "$(kbpf pin list | wc -l)" = 2'
check pin_delete kbpf pin delete answer2
check pin_deleted_gone sh -c '! kbpf prog show pinned answer2 2>/dev/null'
check pin_duplicate_refused sh -c '! kbpf prog load /e2e/progs/ret42.bin answer 2>/dev/null'

# JSON output (-j): bpftool's field names, one document per command.
check json_prog_show sh -c 'kbpf -j prog show pinned answer | grep -q "\"name\":\"ret42\".*\"pinned\":\[\"answer\"\]"'
check json_prog_list_is_array sh -c 'kbpf -j prog list | grep -q "^\[{\"id\":"'
check json_pin_list sh -c 'kbpf -j pin list | grep -q "{\"name\":\"answer\",\"type\":\"prog\",\"id\":"'
check json_version sh -c 'kbpf -j version | grep -q "\"api\":1,\"features\":\[\"interpreter\",\"jit\"\]"'

# An object with BTF maps and global data: the program counts into .bss
# while the hash has no entry, then into the hash once user space adds it.
check elf_maps_load kbpf prog load /e2e/progs/objects.bpf.o co prog count_open
kbpf prog run pinned co >/dev/null; kbpf prog run pinned co >/dev/null
check elf_bss_counts sh -c 'kbpf map lookup name objects.bss key 0 0 0 0 | grep -q "value: 02 00 00 00 00 00 00 00"'
check elf_rodata_frozen sh -c '! kbpf map update name objects.rodata key 0 0 0 0 value 1 0 0 0 2>/dev/null'
# Global data maps are BPF_F_MMAPABLE arrays (.rodata also RDONLY_PROG, frozen);
# .data's initial value (events = 1) went in through a mapping: 1 -> 10 -> 73.
check elf_data_maps_mmapable sh -c 'kbpf map show name objects.data | grep -q "flags 0x400\$" && kbpf map show name objects.bss | grep -q "flags 0x400\$"'
check elf_rodata_mmapable_frozen sh -c 'kbpf map show name objects.rodata | grep -q "flags 0x480  frozen"'
check elf_data_init_through_mmap sh -c 'kbpf map lookup name objects.data key 0 0 0 0 | grep -q "value: 49 00 00 00 00 00 00 00"'
check elf_user_adds_key kbpf map update name counts key 1 0 0 0 value 5 0 0 0 0 0 0 0
kbpf prog run pinned co >/dev/null
check elf_hash_counts sh -c 'kbpf map lookup name counts key 1 0 0 0 | grep -q "value: 06 00 00 00 00 00 00 00"'
check elf_rodata_read test "$(kbpf prog run /e2e/progs/objects.bpf.o prog on_write | retval)" = 1
kbpf pin delete co
# tests/progs/mmap_data.bpf.c in the module: 41 (.data, through the
# mapping) + 1 (.rodata) + runs (.bss); the counter read back by name.
check mmap_data_first_run test "$(kbpf prog run /e2e/progs/mmap_data.bpf.o | retval)" = 43
check mmap_data_rodata_set test "$(kbpf prog run /e2e/progs/mmap_data.bpf.o rodata bias=5 | retval)" = 47
check mmap_data_load kbpf prog load /e2e/progs/mmap_data.bpf.o md
check mmap_data_counts test "$(kbpf prog run pinned md repeat 10 | retval)" = 52
check mmap_data_bss_by_name sh -c 'kbpf map lookup name mmap_dat.bss key 0 0 0 0 | grep -q "value: 0a 00 00 00 00 00 00 00"'
check mmap_data_user_update kbpf map update name mmap_dat.data key 0 0 0 0 value 100 0 0 0 0 0 0 0
check mmap_data_program_sees_update test "$(kbpf prog run pinned md | retval)" = 112
kbpf pin delete md

# Filters compiled against the running kernel's tracefs format files.
mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
check trace_dump_live_format sh -c 'kbpf trace signal:signal_generate "sig == 9 && comm != \"init\"" --dump | grep -q "^; signal:signal_generate"'
check trace_unknown_event sh -c '! kbpf trace nosuch:event "x == 1" --dump 2>/dev/null'
# Attached filters: the same events as the kernel's own event filter with
# the same expression (JIT, and interpreted in the stock guests).
/e2e/trace_test /bin/kbpf || failed=1
if [ -z "$KBPF_KUNIT" ] && [ "$jit" = 1 ]; then /e2e/trace_test /bin/kbpf --no-jit || failed=1; fi

# ELF objects from clang: a program picked by name, .text subprograms.
check elf_run_subprogs test "$(kbpf prog run /e2e/progs/calls.bpf.o prog sum_calls | retval)" = 42
check elf_run_socket test "$(kbpf prog run /e2e/progs/calls.bpf.o prog accept_all | retval)" = 18446744073709551615
# bpf_strncmp and bpf_snprintf in the module (tests/progs/strings.bpf.c).
check strncmp_rodata test "$(kbpf prog run /e2e/progs/strings.bpf.o prog cmp_target | retval)" = 0
check strncmp_rodata_set test "$(kbpf prog run /e2e/progs/strings.bpf.o prog cmp_target rodata target=zsh | retval)" = 18446744073709551615
check strncmp_order test "$(kbpf prog run /e2e/progs/strings.bpf.o prog cmp_order | retval)" = 36
check snprintf_mixed test "$(kbpf prog run /e2e/progs/strings.bpf.o prog fmt_mixed | retval)" = 221
check snprintf_stack_string test "$(kbpf prog run /e2e/progs/strings.bpf.o prog fmt_stack_string | retval)" = 81
check snprintf_truncated test "$(kbpf prog run /e2e/progs/strings.bpf.o prog fmt_truncated | retval)" = 71
check rodata_prog_load kbpf prog load /e2e/progs/rodata.bpf.o ro9 prog get_answer rodata answer=9
check rodata_pinned_keeps_value test "$(kbpf prog run pinned ro9 | retval)" = 9
kbpf pin delete ro9
check snprintf_bad_format sh -c 'kbpf prog verify /e2e/progs/strings.bpf.o prog bad_format 2>&1 | grep -q "format string of snprintf is invalid at offset 3"'

# bpf_loop from a clang-built object (tests/progs/loop.bpf.c): callbacks
# JIT-compiled (native entry called by the helper) and interpreted.
engines="jit interp"
[ "$jit" = 0 ] && engines=interp
for engine in $engines; do
	[ $engine = interp ] && echo 0 >/sys/module/kbpf/parameters/jit
	check loop_sum_$engine test "$(kbpf prog run /e2e/progs/loop.bpf.o prog sum_loop | retval)" = 10045
	check loop_stop_$engine test "$(kbpf prog run /e2e/progs/loop.bpf.o prog stop_loop | retval)" = 7021
	check loop_global_e2big_$engine test "$(kbpf prog run /e2e/progs/loop.bpf.o prog global_loop | retval)" = 3000
	kbpf prog load /e2e/progs/loop.bpf.o loop_$engine prog sum_loop
	if [ $engine = interp ]; then
		check loop_interpreted sh -c 'kbpf prog show pinned loop_interp | grep -q interpreted'
	elif kbpf feature | grep -q "^JIT compiler is available"; then
		check loop_jited sh -c 'kbpf prog show pinned loop_jit | grep -q jited'
	fi
	check loop_pinned_runs_$engine test "$(kbpf prog run pinned loop_$engine | retval)" = 10045
	kbpf pin delete loop_$engine
done
echo $jit >/sys/module/kbpf/parameters/jit
check elf_needs_prog_name sh -c 'kbpf prog run /e2e/progs/calls.bpf.o 2>&1 | grep -q "pick one with"'
check elf_load_pins kbpf prog load /e2e/progs/calls.bpf.o elfsum prog sum_calls
# Line info stays with the program: the dump interleaves the C lines.
check prog_dump_xlated_source sh -c 'kbpf prog dump xlated pinned elfsum | grep -A1 "^; return 2 \* add3(a, b, 1); @ calls.bpf.c:16$" | grep -q "call"'
# A rejection in C terms through /dev/kbpf: the tool loads without a log,
# retries at level 1 and prints it between markers, with the source lines
# of the .text subprogram where it failed.
out=$(kbpf prog verify /e2e/progs/bad_lines.bpf.o 2>&1)
check lines_summary sh -c "echo \"\$1\" | head -n 1 | grep -qx \"Error: prog 'bad_lines': rejected by the verifier (EACCES: the program is not provably safe) at insn 15 (bad_lines.bpf.c:12): r1 += r2: pointer arithmetic on r1 with a value of unbounded range (0..17179869180); bound it with a check first\"" _ "$out"
check lines_log_c_line sh -c "echo \"\$1\" | grep -A1 '^; return vals\[i\];.* @ bad_lines.bpf.c:12$' | grep -qx '12: r2 <<= 32'" _ "$out"
check lines_log_markers sh -c "echo \"\$1\" | sed -n '2p;\$p' | tr '\n' '|' | grep -qx -e \"-- BEGIN PROG LOAD LOG (prog 'bad_lines') --|-- END PROG LOAD LOG --|\"" _ "$out"
check lines_host_and_module_agree test "$out" = "$(kbpf --host prog verify /e2e/progs/bad_lines.bpf.o 2>&1)"
check lines_run_prints_log sh -c "kbpf run /e2e/progs/bad_lines.bpf.o 2>&1 | grep -q '^; return vals\[i\];.* @ bad_lines.bpf.c:12$'"
check lines_prog_load_prints_log sh -c "! kbpf prog load /e2e/progs/bad_lines.bpf.o badl 2>/tmp/bl.err && grep -q '^; vals\[0\] = skb->protocol; @ bad_lines.bpf.c:20$' /tmp/bl.err"
check elf_show_type_name sh -c 'kbpf prog show pinned elfsum | grep -q "raw_tracepoint  name sum_calls"'
check prog_by_name sh -c 'kbpf prog show name sum_calls | grep -q "raw_tracepoint  name sum_calls"'
check prog_by_unknown_name sh -c 'kbpf prog show name nosuch 2>&1 | grep -q "no program named"'
check prog_run_by_name test "$(kbpf prog run name sum_calls | retval)" = 42
# prog run's data_in/ctx_in/data_out/ctx_out files, as bpftool's: the
# packet and context go in, come back ("-": stdin, or hex on stdout).
tr=/e2e/progs/testrun.bpf.o
printf '\052\001\002' >/tmp/pkt
check prog_run_data_in test "$(kbpf prog run $tr prog first_byte data_in /tmp/pkt data_out /tmp/pkt.out | retval)" = 810
check prog_run_data_out cmp /tmp/pkt /tmp/pkt.out
check prog_run_data_stdin_hex_out sh -c "kbpf prog run $tr prog first_byte data_in - data_out - </tmp/pkt | grep -qx '2a 01 02'"
check prog_run_data_out_short sh -c "! kbpf prog run $tr prog first_byte data_in /tmp/pkt data_out /tmp/pkt.out data_size_out 2 2>/tmp/run.err && grep -q 'the packet is 3 bytes, data_size_out 2' /tmp/run.err"
{ head -c 52 /dev/zero; printf '\025\000\000\000'; } >/tmp/ctx
check prog_run_ctx_in test "$(kbpf prog run $tr prog cb_double ctx_in /tmp/ctx ctx_out /tmp/ctx.out | retval)" = 21
check prog_run_ctx_out sh -c "kbpf prog run $tr prog cb_double ctx_in /tmp/ctx ctx_out - | grep -q '^2a 00 00 00 15 00 00 00'"
check prog_run_ctx_out_file test "$(wc -c </tmp/ctx.out)" = 192
check prog_run_ctx_out_short sh -c "! kbpf prog run $tr prog cb_double ctx_out /tmp/ctx.out ctx_size_out 8 2>/tmp/run.err && grep -q 'the context is 192 bytes, ctx_size_out 8' /tmp/run.err"
check prog_run_kprobe_data_in_refused sh -c "! kbpf prog run /e2e/progs/ret42.bin type kprobe data_in /tmp/pkt 2>/tmp/run.err && grep -q 'socket filters only' /tmp/run.err"
kbpf prog load $tr trfb prog first_byte
check prog_run_pinned_data_in test "$(kbpf prog run pinned trfb data_in /tmp/pkt repeat 3 | retval)" = 810
kbpf pin delete trfb
# loadall: every program of an object, with its maps, pinned under a prefix.
check prog_loadall sh -c 'kbpf prog loadall /e2e/progs/objects.bpf.o lo >/tmp/la.out && grep -c "^pinned lo/[a-z_]*$" /tmp/la.out | grep -qx 3'
check prog_loadall_pins sh -c 'kbpf pin list | grep -q "lo/on_write  prog" && kbpf pin list | grep -q "lo/maps/counts  map"'
check prog_loadall_runs test "$(kbpf prog run pinned lo/on_write | retval)" = 1
for p in $(kbpf pin list | sed -n 's/^\(lo\/[^ ]*\) .*/\1/p'); do kbpf pin delete "$p"; done
check prog_loadall_unpinned sh -c '! kbpf pin list | grep -q "^lo/"'
check elf_unsupported_section sh -c 'kbpf prog run /e2e/progs/bad_section.bpf.o 2>&1 | grep -q "SEC(\"xdp\")"'
kbpf pin delete elfsum

# What the module and kernel can do, probed.
check feature_jit sh -c 'kbpf feature | grep -q "^JIT compiler is available"'
check feature_map_hash sh -c 'kbpf feature | grep -q "^map type hash is available"'
check feature_map_prog_array sh -c 'kbpf feature | grep -q "^map type prog_array is available"'
check feature_map_ringbuf sh -c 'kbpf feature | grep -q "^map type ringbuf is available"'
check feature_no_xdp sh -c 'kbpf feature | grep -q "^program type xdp is NOT available"'
check feature_json sh -c 'kbpf -j feature | grep -q "\"jit\":true"'

# kbpf run: load an object, attach by SEC(), stream trace_printk, print
# the maps at the end, leave nothing attached.
kbpf run /e2e/progs/run_demo.bpf.o duration 4 >/tmp/run.out 2>&1 &
runpid=$!
sleep 2
for i in 1 2 3; do /bin/true; done
wait $runpid
check run_attaches_by_section grep -q 'count_exec: attached to tracepoint/syscalls/sys_enter_execve' /tmp/run.out
if [ -r /sys/kernel/btf/vmlinux ]; then
	check run_raw_tp_args_from_btf grep -q "^on_switch: attached to raw_tp/sched_switch (4 arguments, from the kernel's BTF)$" /tmp/run.out
else
	# The debug kernel has no BTF: the program is left out, and why is said.
	check run_raw_tp_without_btf_says_why grep -q "^on_switch: not attached: the kernel's BTF (/sys/kernel/btf/vmlinux) cannot be read" /tmp/run.out
fi
check run_streams_trace_printk grep -q '^exec number [1-9]' /tmp/run.out
check run_prints_maps sh -c 'grep -A3 "^map execs:" /tmp/run.out | grep -q "Found 1 element"'
check run_leaves_nothing_attached sh -c '! kbpf link list 2>/dev/null | grep -q sys_enter_execve'

# The examples (examples/), run as their README says.
kbpf run /e2e/examples/syscount.bpf.o duration 4 >/tmp/sc.out 2>&1 &
runpid=$!
sleep 2
for i in 1 2 3; do /bin/true; done
wait $runpid
check example_syscount_attaches grep -q 'count_syscall: attached to tracepoint/raw_syscalls/sys_enter' /tmp/sc.out
check example_syscount_counts_true sh -c 'grep -A1000 "^map syscalls:" /tmp/sc.out | grep -q "key: 74 72 75 65 00"'
kbpf run /e2e/examples/openlat.bpf.o duration 4 >/tmp/ol.out 2>&1 &
runpid=$!
sleep 2
for i in 1 2 3 4 5; do cat /proc/version >/dev/null; done
wait $runpid
check example_openlat_attaches sh -c 'grep -q "open_entry: attached" /tmp/ol.out && grep -q "open_exit: attached" /tmp/ol.out'
check example_openlat_histogram sh -c 'grep -A30 "^map hist:" /tmp/ol.out | grep -q "Found 24 elements"'
check example_openlat_counts_calls sh -c 'grep -A2 "^map calls:" /tmp/ol.out | grep "value:" | grep -qv "value: 00 00 00 00 00 00 00 00"'
# The tail-call dispatcher, its chain native (the JIT on), then interpreted.
engines="jited interpreted"
[ "$jit" = 0 ] && engines=interpreted
for engine in $engines; do
	[ $engine = interpreted ] && echo 0 >/sys/module/kbpf/parameters/jit
	kbpf run /e2e/examples/tailcall.bpf.o duration 4 >/tmp/tc.out 2>&1 &
	runpid=$!
	sleep 2
	kbpf prog list >/tmp/tc.list 2>&1
	for i in 1 2 3 4 5; do cat /proc/version >/dev/null; done
	wait $runpid
	check example_tailcall_attaches_$engine sh -c 'grep -q "dispatch: attached" /tmp/tc.out && grep -q "case0: tail call target" /tmp/tc.out && ! grep -q "case1: attached" /tmp/tc.out'
	check example_tailcall_slots_filled_$engine sh -c 'grep -A5 "^map cases:" /tmp/tc.out | grep -q "Found 3 elements"'
	# Every case ran: cases 0-2 through their programs, 3 by falling through.
	check example_tailcall_cases_counted_$engine sh -c 'test "$(grep -A6 "^map counts:" /tmp/tc.out | grep "value:" | grep -vc "value: 00 00 00 00 00 00 00 00")" = 4'
	check example_tailcall_dispatch_$engine sh -c "grep -A1 'name dispatch ' /tmp/tc.list | grep -q ' $engine '"
	check example_tailcall_case0_$engine sh -c "grep -A1 'name case0 ' /tmp/tc.list | grep -q ' $engine '"
done
echo $jit >/sys/module/kbpf/parameters/jit
echo known >/tmp/opensnoop-known-file
# opensnoop, started exactly as README's quick start says (build.sh took
# the command from README.md into /e2e/quickstart.cmd).
check quickstart_command grep -qx 'kbpf run /e2e/examples/opensnoop.bpf.o duration [0-9]*' /e2e/quickstart.cmd
sh /e2e/quickstart.cmd >/tmp/os.out 2>&1 &
runpid=$!
sleep 2
cat /tmp/opensnoop-known-file >/dev/null
wait $runpid
check example_opensnoop_attaches grep -q 'trace_open: attached to kprobe/do_sys_openat2' /tmp/os.out
check example_opensnoop_prints_file grep -q 'text: .*cat\.*/tmp/opensnoop-known-file' /tmp/os.out
# globals: read-only globals at their defaults, then set on the command line.
kbpf run /e2e/examples/globals.bpf.o duration 4 >/tmp/gl.out 2>&1 &
runpid=$!
sleep 2
for i in 1 2 3; do /bin/true; done
wait $runpid
check example_globals_attaches grep -q 'on_exec: attached to tracepoint/sched/sched_process_exec' /tmp/gl.out
check example_globals_default_prints sh -c 'test "$(grep -c "globals: exec of true, pid [0-9]*, match [1-3]$" /tmp/gl.out)" = 3'
check example_globals_default_counts sh -c 'grep -A3 "^map globals.bss:" /tmp/gl.out | grep -q "value: 03 00 00 00 00 00 00 00 "'
# run reads the globals by name through a read-only mapping of each data map.
check example_globals_mmap_bss sh -c 'grep -A1 "^globals in globals.bss (mmap):" /tmp/gl.out | grep -q "^  stats = 03 00 00 00 00 00 00 00 "'
check example_globals_mmap_rodata sh -c 'grep -A2 "^globals in globals.rodata (mmap):" /tmp/gl.out | grep -q "^  target_comm = \"true\"\$" && grep -A2 "^globals in globals.rodata (mmap):" /tmp/gl.out | grep -q "^  max_prints = 10\$"'
kbpf run /e2e/examples/globals.bpf.o duration 4 rodata target_comm=cat rodata max_prints=1 >/tmp/gl2.out 2>&1 &
runpid=$!
sleep 2
for i in 1 2 3; do /bin/true; /bin/cat /proc/version >/dev/null; done
wait $runpid
check example_globals_set_prints_once sh -c 'test "$(grep -c "globals: exec of cat, pid [0-9]*, match 1$" /tmp/gl2.out)" = 1 && ! grep -q "globals: exec of true" /tmp/gl2.out && ! grep -q "match 2" /tmp/gl2.out'
check example_globals_set_counts sh -c 'grep -A3 "^map globals.bss:" /tmp/gl2.out | grep -q "value: 03 00 00 00 00 00 00 00 "'
check example_globals_mmap_rodata_set sh -c 'grep -A2 "^globals in globals.rodata (mmap):" /tmp/gl2.out | grep -q "^  target_comm = \"cat\"\$" && grep -A2 "^globals in globals.rodata (mmap):" /tmp/gl2.out | grep -q "^  max_prints = 1\$"'
check example_globals_bad_name sh -c 'kbpf run /e2e/examples/globals.bpf.o rodata stats=1 2>&1 | grep -q "rodata stats: the variable is in .bss, not .rodata"'
check example_globals_too_long sh -c '! kbpf run /e2e/examples/globals.bpf.o rodata target_comm=abcdefghijklmnop 2>/dev/null'
check run_leaves_no_globals_attached sh -c '! kbpf link list 2>/dev/null | grep -q sched_process_exec'

# The command line: golden output, error paths, prefixes, links by id,
# raw tracepoints through BTF, kbpf run ended by Ctrl-C (tests/e2e/cli.sh).
/e2e/cli.sh || failed=1

# bpf_trace_printk lines, as bpftool prog tracelog shows them.
kbpf prog tracelog >/tmp/tl.out 2>&1 &
tlpid=$!
sleep 1
kbpf prog run /e2e/progs/run_demo.bpf.o prog count_exec >/dev/null 2>&1
sleep 1
kill $tlpid
wait $tlpid
check prog_tracelog grep -q '^exec number 1$' /tmp/tl.out

# Malformed and hostile ioctls.
KBPF_SKIP_SLOW=$KBPF_KUNIT /e2e/ioctl_test || failed=1
# The module-wide limits (65,536 objects, 4,096 pins, 16 MiB logs) and a
# million-instruction exploration, in every guest: the debug guest is
# where that exploration once stalled RCU (65,536 objects only in the
# stock guests: minutes under KASAN).
KBPF_SKIP_SLOW=$KBPF_KUNIT /e2e/limits_test || failed=1
# One case per bug the ioctl fuzzer found.
/e2e/fuzz_regress_test || failed=1
# The verifier table (tests/verifier/verifier_cases.h) through PROG_LOAD:
# the cases the host and KUnit runs check, against real maps.
/e2e/verifier_test /e2e/verifier.bin || failed=1
# The same table through the guest kernel's own verifier (bpf(2)): the
# same verdict, or a divergence listed with its reason (x86_64 stock).
if [ -z "$KBPF_KUNIT" ] && [ "$(uname -m)" = x86_64 ]; then
	/e2e/verdict_test /e2e/verifier.bin || failed=1
fi

# Maps: hostile map ioctls, concurrent processes; the million-element
# batch benchmark only on the stock kernel (KASAN makes it meaningless).
# (The JIT-off boot skips the benchmark: user space only, timed once.)
if [ -n "$KBPF_KUNIT" ] || [ "$jit" = 0 ]; then /e2e/map_test || failed=1; else /e2e/map_test bench || failed=1; fi
# Programs on every CPU (a kprobe and a syscall tracepoint on getpid) and a
# user thread on the same hash, per-CPU and LRU maps, exact totals after;
# the helpers' kernel bodies; no program run in NMI; memcg charging.
/e2e/mapstress_test 4 || failed=1

# prog_array and tail calls through the ioctls (replacement under a
# running program on another CPU, clearing on the last close): native
# chains with the JIT on, interpreted ones with it off.
/e2e/tailcall_test || failed=1
if [ "$jit" = 1 ]; then
	echo 0 >/sys/module/kbpf/parameters/jit
	/e2e/tailcall_test || failed=1
	echo 1 >/sys/module/kbpf/parameters/jit
fi
# Ring buffers: a producer program and an mmap+epoll consumer, hostile
# creations and mappings; then the tool's reader, 'kbpf map event'.
# The debug guest runs a tenth of the records (KASAN; its time is bounded).
if [ -n "$KBPF_KUNIT" ]; then /e2e/ringbuf_test quick || failed=1; else /e2e/ringbuf_test || failed=1; fi
check map_event_load kbpf prog load /e2e/progs/ringbuf_demo.bpf.o rb/p
kbpf map event name rbdemo count 2 >/tmp/ev.out 2>&1 &
evpid=$!
sleep 1
check map_event_producer_runs sh -c 'kbpf prog run pinned rb/p repeat 2 | grep -q "^Return value: 1,"'
sleep 1
kill $evpid 2>/dev/null
wait $evpid
check map_event_hex grep -q '^ringbuf rbdemo: 16 bytes: 68 65 6c 6c 6f 20 72 69 6e 67 62 75 66 00 00 00$' /tmp/ev.out
check map_event_text_no_discarded sh -c '[ "$(grep -c "^  text: hello ringbuf\.\.\.$" /tmp/ev.out)" = 2 ] && [ "$(grep -c "^ringbuf " /tmp/ev.out)" = 2 ]'
kbpf -j map ev name rbdemo count 1 >/tmp/evj.out 2>&1 &
evpid=$!
sleep 1
kbpf prog run pinned rb/p >/dev/null
sleep 1
kill $evpid 2>/dev/null
wait $evpid
check map_event_json grep -q '"len":16,"data":"68656c6c6f2072696e67627566000000"' /tmp/evj.out
check map_create_ringbuf kbpf map create rb/r type ringbuf key 0 value 0 entries 4096 name rbtool
check map_show_ringbuf sh -c 'kbpf map show pinned rb/r | grep -q "ringbuf  name rbtool"'
check map_create_ringbuf_bad_size sh -c '! kbpf map create rb/bad type ringbuf key 0 value 0 entries 5000 2>/dev/null'
check map_event_not_ringbuf sh -c 'kbpf map create rb/h type hash key 4 value 4 entries 1 && kbpf map event pinned rb/h 2>&1 | grep -q "not a ring buffer"'
kbpf pin delete rb/p
kbpf pin delete rb/r
kbpf pin delete rb/h

# Maps through the tool, in bpftool's grammar.
check map_create kbpf map create m/h type hash key 4 value 4 entries 8 name counts
check map_show sh -c 'kbpf map show pinned m/h | grep -q "hash  name counts"'
check map_show_sizes sh -c 'kbpf map show name counts | grep -q "key 4B  value 4B  max_entries 8"'
check map_update kbpf map update pinned m/h key 1 0 0 0 value 2 0 0 0
check map_update_hex kbpf map update name counts key hex 02 00 00 00 value hex 0a 0b 0c 0d
check map_update_noexist_fails sh -c '! kbpf map update pinned m/h key 1 0 0 0 value 3 0 0 0 noexist 2>/dev/null'
check map_lookup sh -c 'kbpf map lookup pinned m/h key 1 0 0 0 | grep -q "key: 01 00 00 00  value: 02 00 00 00"'
check map_lookup_hex sh -c 'kbpf map lookup pinned m/h key 2 0 0 0 | grep -q "value: 0a 0b 0c 0d"'
check map_getnext sh -c 'kbpf map getnext pinned m/h | grep -A1 "next key" | grep -q "0[12] 00 00 00"'
check map_dump_count sh -c 'kbpf map dump pinned m/h | grep -q "Found 2 elements"'
check map_delete kbpf map delete pinned m/h key 1 0 0 0
check map_lookup_deleted sh -c '! kbpf map lookup pinned m/h key 1 0 0 0 2>/dev/null'
check map_wrong_key_size sh -c '! kbpf map lookup pinned m/h key 1 0 2>/dev/null'
mid=$(kbpf map show pinned m/h | sed -n 's/^\([0-9]*\):.*/\1/p')
check map_by_id sh -c "kbpf map dump id $mid | grep -q 'Found 1 element'"
check map_list sh -c "kbpf map list | grep -q '^$mid: hash'"
check map_pin_second kbpf map pin id "$mid" m/h2
check map_pin_listed sh -c 'kbpf pin list | grep -q "m/h2  map id"'
check pinned_wrong_kind_refused sh -c 'kbpf prog show pinned m/h2 2>&1 | grep -q "is a map, not a program"'
check map_freeze kbpf map freeze pinned m/h
check map_frozen_shown sh -c 'kbpf map show pinned m/h | grep -q frozen'
check map_frozen_update_fails sh -c '! kbpf map update pinned m/h key 3 0 0 0 value 1 0 0 0 2>/dev/null'
check map_create_percpu kbpf map create m/pc type percpu_array key 4 value 4 entries 2
# Per-CPU values come one per possible CPU ("0" or "0-N" here).
ncpu=$(( $(sed 's/.*-//' /sys/devices/system/cpu/possible) + 1 ))
vals=$(i=0; while [ $i -lt "$ncpu" ]; do printf "7 0 0 0 0 0 0 0 "; i=$((i + 1)); done)
check map_percpu_update kbpf map update pinned m/pc key 1 0 0 0 value $vals
check map_percpu_lookup sh -c "test \$(kbpf map lookup pinned m/pc key 1 0 0 0 | grep -c 'value (CPU [0-9]*): 07 00 00 00') = $ncpu"
check map_array_dump sh -c 'kbpf map dump pinned m/pc | grep -q "Found 2 elements"'
check map_unpin sh -c 'kbpf pin delete m/h2 && kbpf pin delete m/pc'
# prog_array: programs named as bpftool names them; dump shows their ids.
check map_create_prog_array kbpf map create m/pa type prog_array key 4 value 4 entries 4
kbpf prog load /e2e/progs/ret42.bin pa42 type raw_tracepoint
pa42id=$(kbpf prog show pinned pa42 | sed -n 's/^\([0-9]*\):.*/\1/p')
check map_prog_array_update_pinned kbpf map update pinned m/pa key 1 0 0 0 value pinned pa42
check map_prog_array_update_id kbpf map update pinned m/pa key 2 0 0 0 value id "$pa42id"
check map_prog_array_dump_ids sh -c "kbpf map dump pinned m/pa | grep -q 'key: 01 00 00 00  value: .*prog id $pa42id\$' && kbpf map dump pinned m/pa | grep -q 'Found 2 elements'"
check map_prog_array_wrong_type_refused sh -c 'kbpf prog load /e2e/progs/ret42.bin pakp type kprobe && ! kbpf map update pinned m/pa key 0 0 0 0 value pinned pakp 2>/dev/null'
check map_prog_array_show sh -c 'kbpf map show pinned m/pa | grep -q "prog_array"'
# The last pin goes: the slots let go, the program lives on by its own pin.
check map_prog_array_unpin sh -c 'kbpf pin delete m/pa && kbpf prog show pinned pa42 >/dev/null && kbpf pin delete pa42 && kbpf pin delete pakp'
# LRU maps through the tool: a full map evicts its least recently used key.
check map_create_lru kbpf map create m/lru type lru_hash key 4 value 8 entries 4 name lrum
for k in 1 2 3 4 5 6; do kbpf map update pinned m/lru key $k 0 0 0 value $k 0 0 0 0 0 0 0; done
check map_lru_show sh -c 'kbpf map show pinned m/lru | grep -q "lru_hash  name lrum"'
check map_lru_full sh -c 'kbpf map dump pinned m/lru | grep -q "Found 4 elements"'
check map_lru_oldest_evicted sh -c '! kbpf map lookup pinned m/lru key 1 0 0 0 2>/dev/null && ! kbpf map lookup pinned m/lru key 2 0 0 0 2>/dev/null'
check map_lru_newest_kept sh -c 'kbpf map lookup pinned m/lru key 6 0 0 0 | grep -q "value: 06 00 00 00 00 00 00 00"'
check map_lru_no_prealloc_refused sh -c '! kbpf map create m/lru2 type lru_hash key 4 value 8 entries 4 flags 1 2>/dev/null'
check map_create_lru_percpu kbpf map create m/lrupc type lru_percpu_hash key 4 value 4 entries 4 flags 2
check map_lru_percpu_update kbpf map update pinned m/lrupc key 1 0 0 0 value $vals
check map_lru_percpu_lookup sh -c "test \$(kbpf map lookup pinned m/lrupc key 1 0 0 0 | grep -c 'value (CPU [0-9]*): 07 00 00 00') = $ncpu"
check map_lru_unpin sh -c 'kbpf pin delete m/lru && kbpf pin delete m/lrupc'
check feature_map_lru sh -c 'kbpf feature | grep -q "^map type lru_hash is available" && kbpf feature | grep -q "^map type lru_percpu_hash is available"'
# An ELF object with BTF LRU maps: 300 runs insert keys 1..300 into a
# 64-entry map; it holds the newest 64. bpf_map_lookup_percpu_elem reads
# the per-CPU map back.
check elf_lru_load kbpf prog load /e2e/progs/lru.bpf.o lruprog prog insert_next
check elf_lru_runs test "$(kbpf prog run pinned lruprog repeat 100 | retval)" = 0
kbpf prog run pinned lruprog repeat 100 >/dev/null
check elf_lru_runs_again test "$(kbpf prog run pinned lruprog repeat 100 | retval)" = 0
check elf_lru_holds_max_entries sh -c 'kbpf map dump name recent | grep -q "Found 64 elements"'
check elf_lru_newest_kept sh -c 'kbpf map lookup name recent key 0x2c 1 0 0 | grep -q "value: 2c 01 00 00 00 00 00 00"'
check elf_lru_oldest_evicted sh -c '! kbpf map lookup name recent key 1 0 0 0 2>/dev/null && ! kbpf map lookup name recent key 0xec 0 0 0 2>/dev/null'
check elf_lru_percpu_bounded sh -c 'test $(kbpf map dump name recent_percpu | sed -n "s/^Found \([0-9]*\) element.*/\1/p") -le 16'
kbpf pin delete lruprog
# The same object under kbpf run: its sched_switch program churns an LRU
# map on every CPU while user space updates it; no value ever belongs to
# another key and the map holds at most max_entries.
# Under KASAN each tool call is slow: fewer updates, a longer run.
if [ -n "$KBPF_KUNIT" ]; then lrudur=40 lrun=30; else lrudur=10 lrun=100; fi
kbpf run /e2e/progs/lru.bpf.o duration $lrudur >/tmp/lru.out 2>&1 &
lrupid=$!
i=0
while [ $i -lt 60 ] && ! { grep -q "programs attached" /tmp/lru.out 2>/dev/null &&
	kbpf map show name churn >/dev/null 2>&1; }; do sleep 1; i=$((i + 1)); done
i=0
upd=0
while [ $i -lt $lrun ]; do
	kbpf map update name churn key $((i + 100)) 0 0 0 value $((i + 100)) 0 0 0 0 0 0 0 &&
		upd=$((upd + 1))
	kbpf map delete name churn key $((i + 90)) 0 0 0 2>/dev/null
	i=$((i + 1))
done
wait $lrupid
check lru_churn_user_updates test $upd = $lrun
check lru_churn_attached grep -q "churn_on_switch: attached" /tmp/lru.out
check lru_churn_values_match sh -c 'grep -A3 "^map churn_bad:" /tmp/lru.out | grep "key: 00 00 00 00" | grep -q "value: 00 00 00 00 00 00 00 00"'
check lru_churn_bounded sh -c 'n=$(grep -A400 "^map churn:" /tmp/lru.out | sed -n "s/^Found \([0-9]*\) element.*/\1/p" | head -1); test -n "$n" && test "$n" -le 128 && test "$n" -gt 0'

# Hooks: links through the ioctls (counts, detach, update, errnos).
/e2e/hook_test || failed=1
# Attach/detach racing with events on another CPU: in the debug guest
# only. Debian's stock 6.1.0-56 kernel oopses under kprobe churn on a
# function another CPU is entering (a call to 0 at __x64_sys_getpid),
# with or without kbpf: its own tracefs kprobe_events do the same.
# Documentation/hooks.md, "Known problems".
if [ -n "$KBPF_KUNIT" ]; then
	/e2e/hook_test race || failed=1
fi
# Lifecycle under load: thousands of objects churned by four processes
# while hooks fire on every CPU, processes killed mid-load; no id and no
# memory left behind (Documentation/security.md).
if [ -n "$KBPF_KUNIT" ]; then /e2e/lifecycle_test heavy || failed=1; else /e2e/lifecycle_test || failed=1; fi

# The stock x86_64 kernel under TCG oopses now and then on an int3 at the
# netfilter static-key site in ip_local_deliver while socket links flip
# the key (Documentation/hooks.md, "Known problems"): its JIT-off boot
# leaves sockets to the JIT-on boot, and the arm64 guest runs them
# interpreted in both ways.
if [ "$jit" = 1 ] || [ "$(uname -m)" = aarch64 ]; then
	# Socket filters: UDP and TCP over IPv4 and IPv6 through the ioctls, then
	# examples/udpdrop.bpf.c loaded by the tool and attached from C.
	/e2e/sock_test || failed=1
	# Again interpreted, in the arm64 guest (the debug one's time is bounded;
	# the stock x86_64 kernel under TCG once stalled in ip_local_deliver on a
	# netfilter static key flipped between the two runs: hooks.md).
	if [ -z "$KBPF_KUNIT" ] && [ "$jit" = 1 ] && [ "$(uname -m)" = aarch64 ]; then
		echo 0 >/sys/module/kbpf/parameters/jit
		/e2e/sock_test || failed=1
		echo $jit >/sys/module/kbpf/parameters/jit
	fi
	check example_udpdrop_load kbpf prog load /e2e/examples/udpdrop.bpf.o udpdrop prog udpdrop
	check example_udpdrop_$engine_name sh -c "kbpf prog show pinned udpdrop | grep -q ' $engine_name '"
	/e2e/sock_test example udpdrop || failed=1
	check example_udpdrop_dropped sh -c 'kbpf map lookup name udpdrop_counts key 1 0 0 0 | grep -q "value: c8 00 00 00 00 00 00 00"'
	check example_udpdrop_kept sh -c 'kbpf map lookup name udpdrop_counts key 0 0 0 0 | grep -q "value: c8 00 00 00 00 00 00 00"'
	check link_socket_not_a_socket sh -c 'kbpf link create pinned udpdrop socket 0 pin x </dev/null 2>&1 | grep -q "Socket operation on non-socket"'
	check link_socket_bad_pid sh -c 'kbpf link create pinned udpdrop socket 999999:3 pin x 2>&1 | grep -q "process 999999"'
	# The tool attaching to another process's socket (PID:FD).
	/e2e/sock_test hold 9999 >/tmp/hold.out &
	hpid=$!
	sleep 1
	hfd=$(sed -n 's/^# holding port 9999 on descriptor \([0-9]*\)$/\1/p' /tmp/hold.out)
	check link_socket_pid_fd kbpf link create pinned udpdrop socket "$hpid:$hfd" pin udl
	check link_socket_show sh -c 'kbpf link show pinned udl | grep -q "^[0-9]*: socket  socket:\["'
	/e2e/sock_test send 9999 10
	kbpf pin delete udl
	/e2e/sock_test send 9999 5
	/e2e/sock_test send 9999 0
	wait $hpid
	check link_socket_tool_drops grep -q "^received 5$" /tmp/hold.out
	kbpf pin delete udpdrop
	# Interface ingress through the tool (ret42 passes every packet).
	kbpf prog load /e2e/progs/ret42.bin pass42 type socket
	check link_ingress_create kbpf link create pinned pass42 ingress lo pin ingl
	check link_ingress_show sh -c 'kbpf link show pinned ingl | grep -q "^[0-9]*: ingress  lo  prog"'
	/e2e/sock_test send 9999 10
	check link_ingress_hits sh -c 'kbpf link show pinned ingl | grep -q "hits [1-9]"'
	check link_ingress_no_device sh -c 'kbpf link create pinned pass42 ingress nosuch0 pin x 2>&1 | grep -q "No such device"'
	kbpf pin delete ingl
	kbpf pin delete pass42
fi

# Hooks through the tool: a pinned link outlives the tool that made it.
kbpf prog load /e2e/progs/ret42.bin kp type kprobe
kbpf prog load /e2e/progs/ret42.bin kp2 type kprobe
check link_create_kprobe kbpf link create pinned kp kprobe do_sys_openat2 pin kplink
check link_show sh -c "kbpf link show pinned kplink | grep -q '^[0-9]*: kprobe  do_sys_openat2  prog'"
check link_list sh -c 'kbpf link list | grep -q "pinned kplink"'
check link_hits_count sh -c 'cat /proc/version >/dev/null; kbpf link show pinned kplink | grep -q "hits [1-9]"'
check link_update kbpf link update pinned kplink pinned kp2
kp2id=$(kbpf prog show pinned kp2 | sed -n 's/^\([0-9]*\):.*/\1/p')
check link_update_shows_prog sh -c "kbpf link show pinned kplink | grep -q 'prog $kp2id\$'"
check link_pin_second kbpf link pin pinned kplink kplink2
check link_detach kbpf link detach pinned kplink
check link_show_detached sh -c 'kbpf link show pinned kplink2 | grep -q detached'
check link_detach_twice_fails sh -c '! kbpf link detach pinned kplink 2>/dev/null'
check prog_attach kbpf prog attach pinned kp kprobe do_sys_openat2 pin kpattach
check prog_attach_shows sh -c 'kbpf link show pinned kpattach | grep -q "kprobe  do_sys_openat2"'
check prog_detach sh -c 'kbpf prog detach pinned kp | grep -q "^detached 1 link of program"'
check prog_detach_shown sh -c 'kbpf link show pinned kpattach | grep -q detached'
check prog_detach_none_attached sh -c 'kbpf prog detach pinned kp 2>&1 | grep -q "is not attached"'
kbpf pin delete kpattach
check link_wrong_type_refused sh -c 'kbpf link create pinned kp raw_tracepoint task_rename args 2 pin x 2>&1 | grep -q "Invalid argument"'
check link_unknown_symbol sh -c 'kbpf link create pinned kp kprobe no_such_fn pin x 2>&1 | grep -q "No such file"'
kbpf prog load /e2e/progs/ret42.bin tp type tracepoint
check link_create_tracepoint kbpf link create pinned tp tracepoint sched:sched_process_exec pin tplink
check link_tracepoint_hits sh -c '/bin/true; kbpf link show pinned tplink | grep -q "hits [1-9]"'
kbpf prog load /e2e/progs/ret42.bin raw type raw_tracepoint
check link_create_raw kbpf link create pinned raw raw_tracepoint sched_process_exec args 3 pin rawlink
check link_raw_hits sh -c '/bin/true; kbpf link show pinned rawlink | grep -q "hits [1-9]"'
# Record sizes: a tracepoint program names its target at load (SEC() or
# 'target'), and reads past that record are rejected there; one loaded
# without a target is checked against the record when it attaches.
check tp_record_past_end sh -c "kbpf prog verify /e2e/progs/tp_read64.bin type tracepoint target sched:sched_switch 2>&1 | grep -q \"0: r0 = \\*(u32 \\*)(r1 + 64): invalid context read: offset 64 size 4; the tracepoint 'sched:sched_switch' record is 64 bytes\""
check tp_record_within sh -c 'kbpf prog verify /e2e/progs/tp_read60.bin type tracepoint target sched:sched_switch | grep -q accepted'
check tp_record_syscall sh -c "kbpf prog verify /e2e/progs/tp_read60.bin type tracepoint target syscalls:sys_enter_getpid 2>&1 | grep -q \"the tracepoint 'syscalls:sys_enter_getpid' record is 12 bytes\""
check tp_record_syscall_args sh -c "kbpf prog verify /e2e/progs/tp_read60.bin type tracepoint target syscalls:sys_enter_openat 2>&1 | grep -q 'record is 48 bytes'"
check tp_record_unknown_target sh -c "kbpf prog verify /e2e/progs/tp_read60.bin type tracepoint target sched:no_such 2>&1 | grep -q \"attach target 'sched:no_such': no such tracepoint\""
# Verification statistics through the module: --stats prints PROG_LOAD's
# out fields, and with -d the log ends with the KBPF_LOG_STATS line.
check verify_stats sh -c 'kbpf --stats prog verify /e2e/progs/loop.bin | grep -Eq "^prog .loop.: [1-9][0-9]* insns processed, [0-9]+ states kept, [0-9]+ pruned, peak [1-9][0-9]* states, [1-9][0-9]* bytes of state, [0-9]+ us\$"'
check verify_stats_log sh -c 'kbpf -d --stats prog verify /e2e/progs/loop.bin 2>&1 | grep -Eq "^stats: [1-9][0-9]* insns processed"'
# Raw files with maps from the command line, created in the module.
check raw_maps_accept sh -c 'kbpf prog verify /e2e/progs/map_lookup.bin type kprobe map hash:4:8:16 | grep -q "^prog .map_lookup.: accepted"'
check raw_maps_reject sh -c 'kbpf prog verify /e2e/progs/map_value64.bin type kprobe map hash:4:8:16 map array:4:64:1 2>&1 | grep -q "^2: r0 = \*(u64 \*)(r1 + 64): map value access out of bounds: 8 bytes at offset 64 of a 64-byte map value"'
check raw_maps_status sh -c '! kbpf prog verify /e2e/progs/map_value64.bin type kprobe map hash:4:8:16 map array:4:64:1 2>/dev/null'
kbpf prog load /e2e/progs/tp_read64.bin tp64 type tracepoint
check tp_link_past_record sh -c 'kbpf link create pinned tp64 tracepoint sched:sched_switch pin x 2>&1 | grep -q "reads past the end of this hook.s context"'
kbpf prog load /e2e/progs/tp_read60.bin tp60 type tracepoint
check tp_link_within_record kbpf link create pinned tp60 tracepoint sched:sched_switch pin tp60link
check tp_update_past_record sh -c 'kbpf link update pinned tplink pinned tp60 2>&1 | grep -q "reads past the end"'
kbpf prog load /e2e/progs/raw_arg3.bin rawarg3 type raw_tracepoint
check raw_link_past_args sh -c 'kbpf link create pinned rawarg3 raw_tracepoint sched_switch args 3 pin x 2>&1 | grep -q "reads past the end"'
check raw_link_within_args kbpf link create pinned rawarg3 raw_tracepoint sched_switch args 4 pin rawarg3link
kbpf pin delete tp60link
kbpf pin delete rawarg3link
kbpf pin delete tp64
kbpf pin delete tp60
kbpf pin delete rawarg3
kbpf pin delete kplink
kbpf pin delete kplink2
kbpf pin delete kp2
# tplink, rawlink and their programs stay pinned and attached: rmmod below
# must detach and free them.

# The instruction-set table: the same cases as host and KUnit runs,
# JIT-compiled (where the module has a JIT), JIT-compiled with constant
# blinding, and interpreted. The debug guest runs it JIT-compiled only:
# its KUnit suite runs the table through the interpreter in the kernel,
# and three passes of the tool under KASAN take too long.
engines="jit jit-harden interp"
[ -n "$KBPF_KUNIT" ] && engines=jit
[ "$jit" = 0 ] && engines=interp
for engine in $engines; do
	[ $engine = jit-harden ] && echo 1 >/sys/module/kbpf/parameters/jit_harden
	[ $engine = interp ] && echo 0 >/sys/module/kbpf/parameters/jit_harden &&
		echo 0 >/sys/module/kbpf/parameters/jit
	n=0
	bad=0
	while read -r name expect; do
		got=$(kbpf prog run "/e2e/isa/$name.bin" 2>&1 | retval)
		n=$((n + 1))
		if [ "$got" = "$expect" ]; then
			ok "isa-$engine/$name"
		else
			notok "isa-$engine/$name (got '$got', expected $expect)"
			bad=$((bad + 1))
		fi
	done </e2e/isa/index
	echo "# isa ($engine): $n cases, $bad failed"
done
echo $jit >/sys/module/kbpf/parameters/jit

# No packet is sent from here on: the anchor can go.
kill $anchor_pid
wait $anchor_pid 2>/dev/null

# rmmod while another process holds attached links is refused; once it
# is killed, the rmmod below succeeds.
/e2e/lifecycle_test hold || failed=1

# Unloading with a pinned program (and pinned attached links) drops the
# pins, detaches the links and frees everything
# (the debug guest's kmemleak scan checks nothing is left behind).
check rmmod_with_pin rmmod kbpf
check device_gone test ! -e /dev/kbpf
# Without the module, commands that need it say so and exit 1.
check nomod_feature_fails sh -c 'kbpf feature >/tmp/nomod.out 2>&1; test $? = 1 && grep -q "is kbpf.ko loaded?" /tmp/nomod.out'
check nomod_json_error sh -c 'kbpf -j map list | grep -qx "{\"error\":\"cannot open /dev/kbpf: No such file or directory (is kbpf.ko loaded?)\"}"'
exit $failed
