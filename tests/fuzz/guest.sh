#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In the debug guest: load kbpf, fuzz its ioctls for $KBPF_FUZZ_SECONDS
# (from the kernel command line), run random programs through kbpf's JIT,
# its interpreter and the kernel's BPF for as long again, fail each
# command's allocations one by one (fault_test), unload. The harness judges the console
# (KASAN, lockdep, kmemleak, warnings) and scans for leaks after rmmod.
insmod /kbpf.ko || { echo "not ok - fuzz/insmod"; exit 1; }
/e2e/ioctl_fuzz "${KBPF_FUZZ_SECONDS:-30}" "${KBPF_FUZZ_SEED:-}" || exit 1
# As many random programs as fit in the time: kbpf JIT, kbpf interpreter
# and the kernel's own BPF must agree.
/e2e/diff_fuzz 1000000 "${KBPF_FUZZ_SECONDS:-30}" ${KBPF_FUZZ_SEED:+"$KBPF_FUZZ_SEED"} || exit 1
/e2e/fault_test || exit 1
if rmmod kbpf; then echo "ok - fuzz/rmmod_after_fuzzing"; else echo "not ok - fuzz/rmmod_after_fuzzing"; exit 1; fi
