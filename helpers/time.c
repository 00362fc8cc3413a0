// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time, randomness, the CPU and its node: safe in any context (NMI-safe
 * clocks), except ktime_get_coarse_ns (see below).
 */
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

u64 kbpf_helper_get_numa_node_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_numa_node_id();
}

u64 kbpf_helper_jiffies64(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_jiffies64();
}

/* Not NMI-safe (a seqcount): the table allows socket filters only. */
u64 kbpf_helper_ktime_get_coarse_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_ktime_get_coarse_ns();
}
