// SPDX-License-Identifier: GPL-2.0-only
/*
 * The few platform services the kernel build needs state for. The host
 * build's counterparts are in maps/platform_host.c.
 */
#include <linux/percpu.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include "../include/kbpf/platform.h"

/*
 * bpf_get_prandom_u32 as Linux implements it: a per-CPU pseudo-random
 * generator seeded once, cheap enough for a helper called on every event
 * (get_random_u32 runs the CRNG and takes a lock).
 */
DEFINE_PER_CPU(struct rnd_state, kbpf_rnd_state);

void kbpf_platform_init(void)
{
	prandom_seed_full_state(&kbpf_rnd_state);
}

int kbpf_skb_copy_bits(const void *skb, u32 off, void *to, u32 len)
{
	if (off > INT_MAX || len > INT_MAX)
		return -EFAULT;
	return skb_copy_bits(skb, off, to, len) ? -EFAULT : 0;
}
