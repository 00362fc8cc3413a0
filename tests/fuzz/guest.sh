#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In the debug guest: load kbpf, then, from the kernel command line,
# KBPF_FUZZ_ONLY (empty: all three, in this order):
#   ioctl  fuzz the ioctls from several processes for $KBPF_FUZZ_SECONDS
#          ($KBPF_FUZZ_WORKERS processes, seed $KBPF_FUZZ_SEED)
#   diff   random programs through kbpf's JIT, its interpreter and the
#          kernel's BPF for as long again
#   fault  fail each command's allocations one by one (fault_test)
# then unload. The harness judges the console (KASAN, lockdep, kmemleak,
# warnings) and scans for leaks after rmmod.
insmod /kbpf.ko || { echo "not ok - fuzz/insmod"; exit 1; }
secs=${KBPF_FUZZ_SECONDS:-30}
want() { [ -z "$KBPF_FUZZ_ONLY" ] || [ "$KBPF_FUZZ_ONLY" = "$1" ]; }
if want ioctl; then
	# Maps of random sizes from 4 processes: a 64 MiB quota keeps them
	# inside the 1 GiB guest (and exercises EDQUOT).
	q=/sys/module/kbpf/parameters/max_mem_per_user_mb
	old=$(cat $q)
	echo 64 >$q
	/e2e/ioctl_fuzz "$secs" "${KBPF_FUZZ_SEED:-}" "${KBPF_FUZZ_WORKERS:-4}" || exit 1
	echo "$old" >$q
fi
# As many random programs as fit in the time: kbpf JIT, kbpf interpreter
# and the kernel's own BPF must agree.
if want diff; then
	/e2e/diff_fuzz 1000000 "$secs" ${KBPF_FUZZ_SEED:+"$KBPF_FUZZ_SEED"} || exit 1
fi
if want fault; then
	/e2e/fault_test || exit 1
fi
if rmmod kbpf; then echo "ok - fuzz/rmmod_after_fuzzing"; else echo "not ok - fuzz/rmmod_after_fuzzing"; exit 1; fi
