#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kbpf tool on clang-built objects, offline (--host): what a user
# types, checked by its output. TAP lines; exit status 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
kbpf=${KBPF:-build/kbpf}
progs=build/progs
failed=0

check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok - tool/elf/$name"
	else
		echo "not ok - tool/elf/$name"
		failed=1
	fi
}

retval() { sed -n 's/^Return value: \([0-9]*\),.*/\1/p'; }

check run_subprograms test "$("$kbpf" --host prog run $progs/calls.bpf.o prog sum_calls | retval)" = 42
check run_socket test "$("$kbpf" --host prog run $progs/calls.bpf.o prog accept_all | retval)" = 18446744073709551615
check verify_all_programs sh -c "$kbpf --host prog verify $progs/calls.bpf.o | grep -c accepted | grep -qx 2"
check needs_prog_name sh -c "$kbpf --host prog run $progs/calls.bpf.o 2>&1 | grep -q 'pick one with'"
check unknown_prog_name sh -c "$kbpf --host prog run $progs/calls.bpf.o prog nosuch 2>&1 | grep -q \"no program 'nosuch'\""
check core_refused sh -c "! $kbpf --host prog verify $progs/bad_core.bpf.o 2>&1 | grep -q accepted && $kbpf --host prog verify $progs/bad_core.bpf.o 2>&1 | grep -q CO-RE"
check disasm_object sh -c "$kbpf disasm $progs/calls.bpf.o | grep -q '^prog sum_calls'"
exit $failed
