// SPDX-License-Identifier: GPL-2.0-only
/* Packet helpers of socket filters. */
#include "helpers.h"

/*
 * bpf_skb_load_bytes(ctx, offset, to, len): @len bytes of the packet at
 * @offset; outside the packet, @to is zeroed and -EFAULT returned, as
 * Linux does. The verifier checked @to for @len writable bytes and that
 * @ctx is the socket filter's own context.
 */
u64 kbpf_helper_skb_load_bytes(u64 ctx, u64 off, u64 to, u64 len, u64 r5)
{
	void *dst = (void *)(uintptr_t)to;
	int err = -EFAULT;

	if ((u32)off == off)
		err = kbpf_skb_load((const struct kbpf_skb_ctx *)(uintptr_t)ctx,
				    (u32)off, dst, (u32)len);
	if (err)
		memset(dst, 0, len);
	return (u64)(s64)err;
}
