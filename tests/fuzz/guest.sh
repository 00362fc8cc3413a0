#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# In the debug guest: load kbpf, fuzz its ioctls for $KBPF_FUZZ_SECONDS
# (from the kernel command line), fail each command's allocations one by
# one (fault_test), unload. The harness judges the console
# (KASAN, lockdep, kmemleak, warnings) and scans for leaks after rmmod.
insmod /kbpf.ko || { echo "not ok - fuzz/insmod"; exit 1; }
/e2e/ioctl_fuzz "${KBPF_FUZZ_SECONDS:-30}" "${KBPF_FUZZ_SEED:-}" || exit 1
/e2e/fault_test || exit 1
if rmmod kbpf; then echo "ok - fuzz/rmmod_after_fuzzing"; else echo "not ok - fuzz/rmmod_after_fuzzing"; exit 1; fi
