#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In the stock guest: the benchmark tables, with kbpf loaded;
# $KBPF_BENCH_REPEAT runs per loop and engine, $KBPF_BENCH_PARTS
# (comma-separated, default all:
# loops,hooks,sock,ingress,filter,verify,maps,native-jit) picks the tables.
insmod /kbpf.ko || { echo "not ok - bench/insmod"; exit 1; }
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing

# table NAME COMMAND...: runs one table's program, prints its table.
table() {
	name=$1
	shift
	case ",${KBPF_BENCH_PARTS:-loops,hooks,sock,ingress,filter,verify,maps,native-jit}," in
	*,"$name",*) ;;
	*) return 0 ;;
	esac
	if "$@" >"/$name.md"; then
		echo "ok - bench/$name"
	else
		echo "not ok - bench/$name"
	fi
	echo "#"
	sed 's/^/# /' "/$name.md"
}

# The loops (tests/bench/bench.c): every engine must agree on each.
table loops /bench/bench "${KBPF_BENCH_REPEAT:-200}"
# Per-event cost of each hook (tests/bench/hooks.c).
table hooks /bench/hooks
# Per-packet cost of a socket filter (tests/bench/sock.c).
table sock /bench/sock
# The same on lo's ingress, against a tc ingress filter (tests/bench/tc.h).
for m in sch_ingress cls_bpf; do [ -e "/bench/$m.ko" ] && insmod "/bench/$m.ko"; done
table ingress /bench/sock ingress
# A tracepoint filter per event (tests/bench/filter.c).
table filter /bench/filter /bin/kbpf
# Verification time, kbpf against the kernel's verifier (tests/e2e/verdict_test.c).
table verify /bench/verdict_test bench /bench/verifier.bin
# Million-element update, dump and delete batches (tests/e2e/map_test.c).
table maps sh -c '/bench/map_test bench >/maps.out; rc=$?
	sed -n "s/^# bench: //p" /maps.out; exit $rc'
# Both JITs' machine code for each loop, run on the host by
# tests/bench/native_jit.c (tests/bench/jit_dump.c).
table native-jit /bench/jit_dump
rmmod kbpf
