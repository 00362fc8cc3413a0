#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# README's quick start must stay true: five commands, make targets that
# exist, the module path the build produces, and a kbpf command the guest
# suite runs as written (tests/e2e/build.sh extracts it; guest.sh's
# quickstart_* checks run it).
cd "$(dirname "$0")/../.."
rc=0
ok() { echo "ok - quickstart/$1"; }
bad() { echo "not ok - quickstart/$1: $2"; rc=1; }

block=$(sed -n '/^<!-- quickstart -->$/,/^<!-- \/quickstart -->$/p' README.md |
	grep -v '^<!--\|^```' | sed 's/ *#.*//')
n=$(printf '%s\n' "$block" | grep -c .)
[ "$n" = 5 ] && ok five_commands || bad five_commands "$n commands, not 5"

targets=$(printf '%s\n' "$block" | grep -o 'make [a-z_ -]*' | sed 's/^make//' | tr '\n' ' ')
if make -n -s $targets >/dev/null 2>&1; then
	ok make_targets_exist
else
	bad make_targets_exist "make -n$targets failed"
fi

mod=$(printf '%s\n' "$block" | sed -n 's/^insmod //p')
out=$(make -pn 2>/dev/null | sed -n 's/^MOD_OUT \(?\|:\)\?= *//p' | head -n 1)
[ "$mod" = "${out//\$(BUILD)/build}/kbpf.ko" ] && ok insmod_path ||
	bad insmod_path "insmod $mod, but the module is built as $out/kbpf.ko"

run=$(printf '%s\n' "$block" | sed -n 's/^kbpf run //p')
obj=${run%% *}
if make -s examples BUILD="${TMPDIR:-/tmp}/kbpf-qs.$$" >/dev/null 2>&1 &&
	[ -f "${TMPDIR:-/tmp}/kbpf-qs.$$/${obj#build/}" ]; then
	ok example_built
else
	bad example_built "make examples did not build $obj"
fi
rm -rf "${TMPDIR:-/tmp}/kbpf-qs.$$"
exit $rc
