#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In the stock guest: the benchmark table (tests/bench/bench.c), with kbpf
# loaded; $KBPF_BENCH_REPEAT runs per loop and engine.
insmod /kbpf.ko || { echo "not ok - bench/insmod"; exit 1; }
if /bench/bench "${KBPF_BENCH_REPEAT:-200}" >/bench.md; then
	echo "ok - bench/all engines agree on every loop"
else
	echo "not ok - bench/engines disagree"
fi
sed 's/^/# /' /bench.md
# Per-event cost of each hook (tests/bench/hooks.c).
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing
if /bench/hooks >/hooks.md; then
	echo "ok - bench/hooks"
else
	echo "not ok - bench/hooks"
fi
echo "#"
sed 's/^/# /' /hooks.md
# Per-packet cost of a socket filter (tests/bench/sock.c).
if /bench/sock >/sock.md; then
	echo "ok - bench/sock"
else
	echo "not ok - bench/sock"
fi
echo "#"
sed 's/^/# /' /sock.md
# A tracepoint filter per event (tests/bench/filter.c).
if /bench/filter /bin/kbpf >/filter.md; then
	echo "ok - bench/filter"
else
	echo "not ok - bench/filter"
fi
echo "#"
sed 's/^/# /' /filter.md
rmmod kbpf
