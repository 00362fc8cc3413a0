#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# selftest.sh [--out DIR] [--debug]: proves that the QEMU harness judges
# runs correctly, on Debian's stock kernel:
#   - a guest that loads a module which WARNs fails, and says WARNING;
#   - a clean guest passes and its TAP line comes through unchanged;
#   - a script that exits non-zero fails the run; a hung guest times out;
#   - kunit-extract.sh reads a KTAP console (a fixture in 6.1's format)
#     and fails missing results.
# --debug adds one boot of the debug kernel: real KUnit suites with known
# outcomes (selftest/kbpf_selftest_kunit.c) must come out as expected, and
# a module that leaks memory must fail the run through kmemleak.
#
# Prints one TAP line per check; exit status 0 iff all of them hold.
# DIR (default build/qemu/selftest in the source tree) receives the module
# build, the consoles and each run's stdout (.tap) and stderr (.log).

# The checks are functions that check() calls.
# shellcheck disable=SC2317
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

out=$here/../../build/qemu/selftest
debug=''
while [ $# -gt 0 ]; do
	case "$1" in
	--out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
	--debug) debug=1; shift ;;
	*) die "usage: selftest.sh [--out DIR] [--debug]" ;;
	esac
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

failed=0
check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok - harness: $what"
	else
		echo "not ok - harness: $what"
		failed=1
	fi
}

# Builds the self-test modules against KDIR in DIR (a copy: the source
# tree stays clean).
build_modules() {
	rm -rf "$2"
	cp -r "$here/selftest" "$2"
	make -s -C "$1" M="$2" modules >"$2.build.log" 2>&1 ||
		{ cat "$2.build.log" >&2; die "the self-test modules did not build against $1"; }
}

# start NAME [run-guest.sh options]: boots a guest in the background,
# keeping its stdout in NAME.tap, its stderr in NAME.log and run-guest.sh's
# exit status in NAME.rc. The stock guests boot in parallel.
start() {
	local name=$1
	shift
	rm -f "$out/$name.rc"
	{
		r=0
		"$here/run-guest.sh" --name "$name" --out "$out" "$@" \
			>"$out/$name.tap" 2>"$out/$name.log" || r=$?
		echo "$r" >"$out/$name.rc"
	} &
}
# failed_run NAME: the run ended and failed; passed_run NAME: it passed.
failed_run() { [ -s "$out/$1.rc" ] && [ "$(cat "$out/$1.rc")" != 0 ]; }
passed_run() { [ "$(cat "$out/$1.rc" 2>/dev/null)" = 0 ]; }

build_modules "$("$here/kernel-stock.sh" x86_64 | sed -n 's/^KDIR=//p')" "$out/mod-stock"
[ -z "$debug" ] || build_modules "$("$here/kernel-debug.sh")" "$out/mod-debug"

cat >"$out/warn.sh" <<'GUEST'
insmod /kbpf_selftest_warn.ko && echo "ok 1 - module loaded"
GUEST
start warn --kernel stock --timeout 180 \
	--file "$out/mod-stock/kbpf_selftest_warn.ko:/kbpf_selftest_warn.ko" \
	--script "$out/warn.sh"
echo 'echo "ok 1 - control"; echo "not TAP: not printed"' >"$out/clean.sh"
start clean --kernel stock --timeout 180 --script "$out/clean.sh"
printf 'echo "ok 1 - before"\nexit 3\n' >"$out/rc.sh"
start rc --kernel stock --timeout 180 --script "$out/rc.sh"
echo 'sleep 1000' >"$out/hang.sh"
start hang --kernel stock --timeout 4 --script "$out/hang.sh"
if [ -n "$debug" ]; then
	cat >"$out/debug.sh" <<'GUEST'
echo KBPF-KUNIT-BEGIN >/dev/kmsg
insmod /kbpf_selftest_kunit.ko
echo KBPF-KUNIT-END >/dev/kmsg
insmod /kbpf_selftest_leak.ko && echo "ok 1 - leaking module loaded"
GUEST
	start debug --kernel debug --timeout 400 \
		--file "$out/mod-debug/kbpf_selftest_kunit.ko:/kbpf_selftest_kunit.ko" \
		--file "$out/mod-debug/kbpf_selftest_leak.ko:/kbpf_selftest_leak.ko" \
		--script "$out/debug.sh"
fi
wait

warn_fails() {
	failed_run warn &&
		grep -q '^not ok - warn: kernel reported: WARNING: ' "$out/warn.tap" &&
		grep -q 'kbpf harness self-test: this warning must fail the run' "$out/warn.log"
}
check "WARN in guest fails the run" warn_fails

clean_passes() {
	passed_run clean && [ "$(cat "$out/clean.tap")" = "ok 1 - control" ]
}
check "clean guest passes" clean_passes

rc_fails() {
	failed_run rc &&
		[ "$(cat "$out/rc.tap")" = "$(printf '%s\n' "ok 1 - before" \
			"not ok - rc: test script exited with status 3")" ]
}
check "failing test script fails the run" rc_fails

hang_times_out() {
	failed_run hang &&
		[ "$(cat "$out/hang.tap")" = "not ok - hang: timed out after 4 s" ]
}
check "hung guest times out" hang_times_out

# A console in the format Linux 6.1 prints for module suites (taken from a
# run of selftest/kbpf_selftest_kunit.c), with a kernel splat in a case.
cat >"$out/kunit-fixture.console" <<'CONSOLE'
[   10.000000] unrelated line before the markers: ok 1 nothing
[   10.942660] KBPF-KUNIT-BEGIN
[   10.990000] kbpf: loading out-of-tree module taints kernel.
ok 1 - user space output inside the markers is not KUnit's
[   10.995000]     KTAP version 1
[   10.996000]     # Subtest: demo
[   10.998262]     1..5
[   11.004397]     ok 1 passes
[   11.015266]     # fails: EXPECTATION FAILED at tests/kunit/demo.c:20
[   11.015266]     Expected 3 == 1 + 1, but
[   11.015266]         1 + 1 == 2
[   11.019349]     not ok 2 fails
[   11.023822]     ok 3 skips # SKIP not here
[   11.024151]         KTAP version 1
[   11.025706]         # Subtest: param
[   11.030344]         ok 1 one
[   11.042113]         not ok 2 two
[   11.047818]         ok 3 three
[   11.048237]     # param: pass:2 fail:1 skip:0 total:3
[   11.048530]     not ok 4 param
[   11.072154] WARNING: CPU: 0 PID: 48 at tests/kunit/demo.c:30 splat+0x11/0x20 [demo]
[   11.080183] Call Trace:
[   11.087240]     ok 5 splat
[   11.087421] # demo: pass:2 fail:2 skip:1 total:5
[   11.088105] not ok 1 demo
[   11.091248]     KTAP version 1
[   11.091499]     # Subtest: empty
[   11.091704]     1..0
[   11.091882] ok 2 empty # SKIP 
[   11.093703]     # init_fails:     # failed to initialize (-19)
[   11.093781] not ok 3 init_fails
[   11.091248]     KTAP version 1
[   11.091499]     # Subtest: short
[   11.091704]     1..2
[   11.091882]     ok 1 only
[   11.091882] ok 4 short
[   11.140070] KBPF-KUNIT-END
ok 1 - guest TAP after the markers is not KUnit
CONSOLE
cat >"$out/kunit-fixture.expected" <<'TAP'
ok - kunit/demo.passes
not ok - kunit/demo.fails
ok - kunit/demo.skips # SKIP not here
ok - kunit/demo.param/one
not ok - kunit/demo.param/two
ok - kunit/demo.param/three
not ok - kunit/demo.splat
not ok - kunit/empty: no test cases ran
not ok - kunit/init_fails: no cases ran (did the suite init fail?)
ok - kunit/short.only
not ok - kunit/short: 1 results, plan was 1..2
TAP
# The same console cut short inside a parameterized case, as when the
# guest dies in the middle of the suites.
sed '/ok 1 one/q' "$out/kunit-fixture.console" >"$out/kunit-cut.console"
cat >"$out/kunit-cut.expected" <<'TAP'
ok - kunit/demo.passes
not ok - kunit/demo.fails
ok - kunit/demo.skips # SKIP not here
ok - kunit/demo.param/one
not ok - kunit/demo.param: no result line (did the guest crash or hang?)
not ok - kunit/demo: no result line (did the guest crash or hang?)
not ok - kunit: no KBPF-KUNIT-END marker (did the guest die during insmod?)
TAP

# kunit_reads NAME: kunit-extract.sh on NAME.console fails and prints
# exactly the ok/not ok lines in NAME.expected.
kunit_reads() {
	! "$here/kunit-extract.sh" "$out/$1.console" >"$out/$1.tap" 2>"$out/$1.log" &&
		grep -E '^(ok|not ok) ' "$out/$1.tap" | diff -u "$out/$1.expected" - >&2
}
check "KUnit results are extracted (fixture)" kunit_reads kunit-fixture
check "KUnit output cut short fails (fixture)" kunit_reads kunit-cut
check "a kernel splat fails the KUnit case it happened in (fixture)" \
	grep -q '^#   kernel reported: WARNING: CPU: 0 PID: 48' "$out/kunit-fixture.tap"

if [ -n "$debug" ]; then
	cat >"$out/kunit-debug.expected" <<'TAP'
ok - kunit/kbpf_selftest.kbpf_selftest_passes
not ok - kunit/kbpf_selftest.kbpf_selftest_fails
ok - kunit/kbpf_selftest.kbpf_selftest_skips # SKIP skipped on purpose
ok - kunit/kbpf_selftest.kbpf_selftest_param/one
not ok - kunit/kbpf_selftest.kbpf_selftest_param/two fails
ok - kunit/kbpf_selftest.kbpf_selftest_param/three
not ok - kunit/kbpf_selftest.kbpf_selftest_warns
not ok - kunit/kbpf_selftest_empty: no test cases ran
not ok - kunit/kbpf_selftest_init_fails: no cases ran (did the suite init fail?)
TAP
	cp "$out/debug.console" "$out/kunit-debug.console" 2>/dev/null || :
	check "real KUnit output is extracted (debug kernel)" kunit_reads kunit-debug
	leak_fails() {
		failed_run debug &&
			grep -q '^not ok - debug: kmemleak: 1 unreferenced objects' "$out/debug.tap" &&
			grep -A12 '^unreferenced object ' "$out/debug.console" |
			grep -q 'comm "insmod"'
	}
	check "a memory leak fails the run (debug kernel, kmemleak)" leak_fails
fi
exit $failed
