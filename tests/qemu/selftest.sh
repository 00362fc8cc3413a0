#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftest.sh --out DIR: proves the harness judges runs correctly. A guest
# that loads a module which WARNs must fail; a clean guest must pass; a
# failed KUnit case in a console must be reported as failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

out=build/qemu/selftest
[ "${1:-}" = --out ] && out=$2
mkdir -p "$out"
failed=0
result() {
	if [ "$1" = 0 ]; then echo "ok - harness/$2"; else echo "not ok - harness/$2"; failed=1; fi
}

kdir=$("$here/kernel-stock.sh" x86_64 | sed -n 's/^KDIR=//p')
rm -rf "$out/mod" && cp -r "$here/selftest" "$out/mod"
make -s -C "$kdir" M="$(cd "$out/mod" && pwd)" modules >"$out/build.log" 2>&1 ||
	{ cat "$out/build.log" >&2; die "self-test module did not build"; }

cat >"$out/warn.sh" <<'GUEST'
insmod /kbpf_selftest_warn.ko
echo "ok 1 - module loaded"
GUEST
"$here/run-guest.sh" --kernel stock --name warn --out "$out" --timeout 120 \
	--file "$out/mod/kbpf_selftest_warn.ko:/kbpf_selftest_warn.ko" \
	--script "$out/warn.sh" >"$out/warn.tap" 2>"$out/warn.log"
rc=$?
[ $rc -ne 0 ] && grep -q '^not ok - warn: kernel reported: WARNING:' "$out/warn.tap"
result $? "warn_in_guest_fails_the_run"

echo 'echo "ok 1 - control"' >"$out/clean.sh"
"$here/run-guest.sh" --kernel stock --name clean --out "$out" --timeout 120 \
	--script "$out/clean.sh" >"$out/clean.tap" 2>"$out/clean.log"
rc=$?
[ $rc -eq 0 ] && [ "$(cat "$out/clean.tap")" = "ok 1 - control" ]
result $? "clean_guest_passes"

echo 'exit 3' >"$out/rc.sh"
"$here/run-guest.sh" --kernel stock --name rc --out "$out" --timeout 120 \
	--script "$out/rc.sh" >"$out/rc.tap" 2>"$out/rc.log"
[ $? -ne 0 ] && grep -q 'test script exited with 3' "$out/rc.tap"
result $? "script_failure_fails_the_run"

cat >"$out/kunit.console" <<'KTAP'
[    1.0] KBPF-KUNIT-BEGIN
[    1.1]     # Subtest: demo
[    1.1]     1..2
[    1.2]     ok 1 passes
[    1.3]     not ok 2 fails
[    1.4] not ok 1 demo
[    1.5] KBPF-KUNIT-END
KTAP
"$here/kunit-extract.sh" "$out/kunit.console" >"$out/kunit.tap"
[ $? -ne 0 ] && grep -q '^not ok - kunit/demo.fails' "$out/kunit.tap" &&
	grep -q '^ok - kunit/demo.passes' "$out/kunit.tap"
result $? "kunit_failure_is_reported"
exit $failed
