// SPDX-License-Identifier: GPL-2.0-only
/* Time, randomness and the CPU: safe in any context (NMI-safe clocks). */
#include "helpers.h"

u64 kbpf_helper_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_ktime_get_ns();
}

u64 kbpf_helper_ktime_get_boot_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_ktime_get_boot_ns();
}

u64 kbpf_helper_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_random_u32();
}

u64 kbpf_helper_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_smp_processor_id();
}
