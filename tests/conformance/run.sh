#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# run.sh PLUGIN...: runs the public BPF ISA conformance data through a
# plugin command (ours: build/kbpf conformance), one TAP line per file.
# The data is read in place from ../shared/bpf_conformance/tests (or
# $KBPF_CONFORMANCE_DIR); it is never copied into this tree.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: run.sh PLUGIN..." >&2; exit 2; }
data=${KBPF_CONFORMANCE_DIR:-../shared/bpf_conformance/tests}
tag=${KBPF_CONFORMANCE_TAG:-conformance}
[ -d "$data" ] || { echo "not ok - $tag: no data at $data"; exit 1; }

vec=$(mktemp -d)
trap 'rm -rf "$vec"' EXIT
asm_ok=0
python3 tests/conformance/asm.py "$vec" "$data"/*.data || asm_ok=1

failed=0
for f in "$data"/*.data; do
	name=$(basename "$f" .data)
	if [ -f "$vec/$name.skip" ]; then
		echo "ok - $tag/$name # SKIP $(cat "$vec/$name.skip")"
		continue
	fi
	if [ ! -f "$vec/$name.prog" ]; then
		echo "not ok - $tag/$name: does not assemble"
		failed=1
		continue
	fi
	mem=$(cat "$vec/$name.mem")
	expect=$(cat "$vec/$name.result")
	if got=$("$@" $mem <"$vec/$name.prog" 2>"$vec/$name.err"); then
		if [ $((got)) -eq $((expect)) ] 2>/dev/null &&
		   [ "$(printf '%x' "$got")" = "$(printf '%x' "$expect")" ]; then
			echo "ok - $tag/$name"
			continue
		fi
		echo "not ok - $tag/$name: r0 = $got, expected $expect"
	else
		echo "not ok - $tag/$name: $(head -c 200 "$vec/$name.err")"
	fi
	failed=1
done
exit $((failed | asm_ok))
