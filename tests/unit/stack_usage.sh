#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The interpreter's kernel stack, as the compiler measured it: Kbuild
# builds vm/interp.o with -fstack-usage, and this checks the module's
# vm/interp.su. Every function's frame must be static (no variable-length
# arrays, no alloca), and the deepest chain a hook can reach, an
# interp_run_N entry point plus interp_exec, must stay within the bound
# Documentation/isa.md states. TAP lines; exit status 1 if any failed.
#
# Usage: stack_usage.sh MOD_OUT...   (e.g. build/mod-stock)
set -uo pipefail
bound=${KBPF_INTERP_STACK_BOUND:-1536}
failed=0

report() {
	if [ "$1" = ok ]; then echo "ok - stack/$2"; else echo "not ok - stack/$2"; failed=1; fi
}

for mod in "$@"; do
	su=$mod/vm/interp.su
	tag=$(basename "$mod")
	if [ ! -s "$su" ]; then
		report fail "$tag/measured: $su missing (is -fstack-usage still in Kbuild?)"
		continue
	fi
	# file:line:col:function<TAB>bytes<TAB>qualifier
	dyn=$(awk -F'\t' '$3 != "static" { sub(/.*:/, "", $1); print $1 " " $3 }' "$su")
	if [ -z "$dyn" ]; then
		report ok "$tag/frames_static"
	else
		report fail "$tag/frames_static: not static: $(echo $dyn)"
	fi
	exec_sz=$(awk -F'\t' '$1 ~ /:interp_exec$/ { print $2 }' "$su")
	run_sz=$(awk -F'\t' '$1 ~ /:interp_run_[0-9]+$/ && $2 > m { m = $2 } END { print m + 0 }' "$su")
	# interp_exec inlined into the entry points: its frame is theirs.
	total=$((run_sz + ${exec_sz:-0}))
	if [ "$run_sz" -gt 0 ] && [ "$total" -le "$bound" ]; then
		report ok "$tag/run_within_bound: interp_run_N + interp_exec = $total bytes (run $run_sz, exec ${exec_sz:-inlined}; bound $bound)"
	else
		report fail "$tag/run_within_bound: interp_run_N + interp_exec = $total bytes (run $run_sz, exec ${exec_sz:-inlined}; bound $bound)"
	fi
done
[ $# -gt 0 ] || report fail "no module build directory given"
exit $failed
