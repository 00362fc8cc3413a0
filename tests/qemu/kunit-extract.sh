#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kunit-extract.sh CONSOLE: turns the KTAP that kbpf.ko's KUnit suites
# print while it loads (between the KBPF-KUNIT-BEGIN and -END lines the
# guest writes to /dev/kmsg) into one TAP line per test: every leaf, so
# each parameter of a parameterized case counts on its own:
#   ok - kunit/<suite>.<case>[/<param>]
# Exits non-zero if any test failed or no results were found.
set -euo pipefail
console=$1

sed -n '/KBPF-KUNIT-BEGIN/,/KBPF-KUNIT-END/p' "$console" |
	tr -d '\r' | sed 's/^\[ *[0-9.]*\] //' |
	awk '
	function indent(s) { match(s, /^ */); return RLENGTH / 4 }
	function path(d,   p, i) {
		p = open[1]
		for (i = 2; i <= d; i++)
			p = p (i == 2 ? "." : "/") open[i]
		return p
	}
	/^ *# Subtest: / {
		d = indent($0)
		sub(/^ *# Subtest: /, "")
		open[d] = $0
		closed[d] = 0
		next
	}
	/^ *(not )?ok [0-9]+ / {
		d = indent($0)
		line = $0
		sub(/^ */, "", line)
		bad = line ~ /^not ok/
		sub(/^(not )?ok [0-9]+ (- )?/, "", line)
		name = line
		sub(/ # .*/, "", name)
		if ((d + 1) in open && open[d + 1] == name && !closed[d + 1]) {
			closed[d + 1] = 1
			if (d == 0) suites++
			if (bad) suitebad = 1
			next
		}
		leaves++
		sep = (d == 1) ? "." : "/"
		printf "%s - kunit/%s%s%s\n", (bad ? "not ok" : "ok"), path(d), sep, name
		if (bad) failed = 1
	}
	END {
		if (!leaves || !suites) {
			print "not ok - kunit: no KUnit results between the markers"
			exit 1
		}
		exit (failed || suitebad) ? 1 : 0
	}'
