#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kunit-extract.sh CONSOLE: the results of the KUnit suites a guest ran
# while loading a module, as top-level TAP lines.
#
# The guest script writes KBPF-KUNIT-BEGIN to /dev/kmsg before the insmod
# that runs the suites and KBPF-KUNIT-END after it (several such sections
# are fine). This cuts those sections from the console, strips the printk
# timestamps and reads the KTAP that Linux 6.1 prints for module suites:
#
#       # Subtest: <suite>              suite header, indented 4
#       1..<cases>
#       ok 1 <case>                     plain case
#           # Subtest: <case>           parameterized case, indented 8
#           ok 1 <param description>
#       ok 2 <case>
#   ok 1 <suite>                        suite result, not indented
#
# stdout: one line per leaf test, i.e. every case, and every parameter of
# a parameterized case on its own line (the case's own summary line is not
# repeated):
#   ok - kunit/<suite>.<case>
#   not ok - kunit/<suite>.<case>/<param description>
#   ok - kunit/<suite>.<case> # SKIP <reason>
# A failed test is followed by "#   " lines: what KUnit printed for it.
# The run itself fails, with a "not ok - kunit/<suite>: <reason>" line, if
# a suite reports no cases or fewer results than its plan, a suite or case
# has no result line (the guest crashed or hung), a suite reports "not ok"
# with no failed case (e.g. its init failed), the END marker is missing,
# or no results at all were found. A console line matching console-patterns
# (a warning, KASAN, lockdep, ...) fails the test whose result follows it:
# KUnit itself does not fail a case for those.
#
# Exit status: 0 if every test passed (or was skipped), 1 otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

[ $# -eq 1 ] || die "usage: kunit-extract.sh CONSOLE"
console=$1
[ -f "$console" ] || die "$console: no such file"

if ! grep -aq 'KBPF-KUNIT-BEGIN' "$console"; then
	echo "not ok - kunit: no KBPF-KUNIT-BEGIN marker in $console"
	exit 1
fi

# Only the kernel's lines (they carry timestamps): not what user space
# wrote to the console meanwhile.
tr -d '\r' <"$console" |
	sed -n '/KBPF-KUNIT-BEGIN/,/KBPF-KUNIT-END/p' |
	grep -aE '^\[ *[0-9]+\.[0-9]+\]' |
	strip_timestamps |
	awk -v splat_re="$(console_regex)" '
	function depth(s) { match(s, /^ */); return int(RLENGTH / 4) }
	function fail(what) { print "not ok - kunit" what; failed = 1 }
	# The test path of a result at depth d: suite.case[/param].
	function path(d, name,   p, i) {
		p = ""
		for (i = 1; i <= d; i++)
			p = p (i == 1 ? "" : i == 2 ? "." : "/") open[i]
		return p (d == 0 ? "" : d == 1 ? "." : "/") name
	}
	# Subtests at depth >= d that never got their result line.
	function drop_open(d,   k) {
		for (k = maxd; k >= d; k--) {
			if ((k in open) && !closed[k])
				fail("/" path(k - 1, open[k]) ": no result line (did the guest crash or hang?)")
			delete open[k]
		}
	}
	function diag_flush(   i) {
		for (i = 1; i <= ndiag && i <= 30; i++)
			print "#   " diag[i]
		if (ndiag > 30)
			print "#   ... " ndiag - 30 " more lines in the console"
	}
	BEGIN { maxd = 0; ndiag = 0; splat = ""; leaves = 0; in_section = 0 }

	/KBPF-KUNIT-BEGIN/ { in_section = 1; next }
	/KBPF-KUNIT-END/ {
		drop_open(1)
		in_section = 0
		next
	}

	# A kernel report: the next test result is charged with it.
	$0 ~ splat_re {
		if (splat == "") {
			splat = $0
			sub(/^ +/, "", splat)
		}
		diag[++ndiag] = $0
		next
	}

	/^ *KTAP version / { next }

	/^ *# Subtest: / {
		d = depth($0)
		drop_open(d)
		name = $0
		sub(/^ *# Subtest: /, "", name)
		open[d] = name
		closed[d] = 0
		plan[d] = -1
		results[d] = 0
		leaves_in[d] = 0
		bad_in[d] = 0
		if (d > maxd)
			maxd = d
		ndiag = 0
		next
	}

	/^ *1\.\.[0-9]+ *$/ {
		d = depth($0)
		if ((d in open) && !closed[d]) {
			n = $0
			sub(/^ *1\.\./, "", n)
			plan[d] = n + 0
		}
		next
	}

	/^ *(not )?ok [0-9]+ / {
		d = depth($0)
		line = $0
		sub(/^ */, "", line)
		bad = line ~ /^not ok/
		sub(/^(not )?ok [0-9]+ (- )?/, "", line)
		name = line
		directive = ""
		if (match(name, / # [A-Za-z]+.*$/)) {
			directive = substr(name, RSTART)
			name = substr(name, 1, RSTART - 1)
		}
		sub(/ +$/, "", directive)
		if (d > 0 && (d in open) && !closed[d])
			results[d]++

		# The summary line of an open subtest: a suite or a
		# parameterized case.
		if (((d + 1) in open) && open[d + 1] == name && !closed[d + 1]) {
			k = d + 1
			drop_open(k + 1)
			closed[k] = 1
			# A parameterized case without parameters falls
			# through: it is a leaf.
			if (d == 0 || leaves_in[k] > 0) {
				what = "/" path(d, name)
				if (d == 0 && leaves_in[k] == 0)
					fail(what ": no test cases ran")
				else if (plan[k] >= 0 && results[k] != plan[k])
					fail(what ": " results[k] " results, plan was 1.." plan[k])
				if (bad && !bad_in[k]) {
					fail(what ": reported not ok, but no test in it failed")
					diag_flush()
				}
				if (splat != "") {
					fail(what ": kernel reported: " splat)
					splat = ""
				}
				ndiag = 0
				next
			}
		}

		# A suite result with no header: the suite did not start.
		if (d == 0) {
			drop_open(1)
			fail("/" name ": no cases ran (did the suite init fail?)")
			diag_flush()
			ndiag = 0
			next
		}

		leaves++
		for (j = d; j >= 1; j--)
			leaves_in[j]++
		if (splat != "")
			bad = 1
		if (bad) {
			for (j = d; j >= 1; j--)
				bad_in[j]++
			failed = 1
		}
		print (bad ? "not ok" : "ok") " - kunit/" path(d, name) directive
		if (splat != "")
			print "#   kernel reported: " splat
		if (bad)
			diag_flush()
		splat = ""
		ndiag = 0
		next
	}

	# Anything else: diagnostics (KUnit expectations, kernel messages).
	# Per-suite statistics are noise.
	/^ *# [^ ]+: pass:[0-9]+ fail:[0-9]+ skip:[0-9]+ total:[0-9]+$/ { next }
	/^ *# Totals: / { next }
	{ diag[++ndiag] = $0 }

	END {
		if (in_section) {
			drop_open(1)
			fail(": no KBPF-KUNIT-END marker (did the guest die during insmod?)")
		}
		if (splat != "")
			fail(": kernel reported after the last result: " splat)
		if (leaves == 0)
			fail(": no KUnit test results between the markers")
		exit failed ? 1 : 0
	}'
