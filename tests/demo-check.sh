#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What `make demo` must have shown, one TAP line per scene: make check's
# e2e-stock stage runs the demo and this, so the showcase stays true.
out=${1:?usage: demo-check.sh DEMO-OUTPUT}
rc=0

check() {
	local name=$1
	shift
	if grep -Eq -- "$1" "$out"; then
		echo "ok - demo/$name"
	else
		echo "not ok - demo/$name: no line matching '$1' in $out"
		rc=1
	fi
}

check module_loaded 'features: interpreter jit$'
check syscount_attached 'count_syscall: attached to tracepoint/raw_syscalls/sys_enter'
check syscount_counts_cat '^  cat +[1-9][0-9]* system calls$'
check opensnoop_attached 'trace_open: attached to kprobe/do_sys_openat2'
check opensnoop_file '^  pid [0-9]+ +cat +opened /tmp/demo-file$'
check openlat_attached 'open_exit: attached to kretprobe/do_sys_openat2'
check openlat_calls '^  [1-9][0-9]* opens timed$'
check openlat_histogram '^ +[0-9]+-[0-9]+ +us +[1-9][0-9]* opens$'
check globals_set '^  target_comm = "cat"$'
check globals_match 'globals: exec of cat, pid [0-9]+, match 2$'
check tailcall_dispatch 'dispatch: attached to tracepoint/raw_syscalls/sys_enter'
check tailcall_targets 'case2: tail call target'
check verifier_summary "^Error: prog 'bad_lines': rejected by the verifier .*\(bad_lines\.bpf\.c:12\)"
check verifier_c_line '^; return vals\[i\];'
check unloaded '^kbpf unloaded$'
exit $rc
