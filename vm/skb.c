// SPDX-License-Identifier: GPL-2.0-only
/*
 * Packet bytes of a socket filter's context, for LD_ABS / LD_IND and
 * bpf_skb_load_bytes: shared by the interpreter, the helper and the host
 * library. A test run's packet is all linear; a hook's may continue in
 * the kernel's paged sk_buff data, which the platform layer copies.
 */
#include "vm.h"

int kbpf_skb_load(const struct kbpf_skb_ctx *ctx, u32 off, void *to, u32 len)
{
	u32 linear = ctx->data_end - ctx->data;

	if (off > ctx->len || len > ctx->len - off)
		return -EFAULT;
	if (off <= linear && len <= linear - off) {
		memcpy(to, ctx->data + off, len);
		return 0;
	}
	return kbpf_skb_copy_bits(ctx->skb, ctx->skb_off + off, to, len);
}

/*
 * LD_ABS / LD_IND's load, for the interpreter and JIT output alike: @size
 * (1, 2 or 4) packet bytes at @off, big-endian, as a host-order value, or
 * KBPF_SKB_LOAD_FAULT when they are not all in the packet.
 */
u64 kbpf_skb_load_be(const struct kbpf_skb_ctx *ctx, u32 off, u32 size)
{
	u8 b[4];

	if (kbpf_skb_load(ctx, off, b, size))
		return KBPF_SKB_LOAD_FAULT;
	if (size == 1)
		return b[0];
	if (size == 2)
		return (u32)b[0] << 8 | b[1];
	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

/* A packet held whole in memory: a test run's data_in. */
void kbpf_skb_ctx_set_data(struct kbpf_skb_ctx *ctx, const void *data, u32 len)
{
	ctx->data = data;
	ctx->data_end = ctx->data + len;
	ctx->skb = NULL;
	ctx->skb_off = 0;
	ctx->len = len;
	ctx->sk_buff[0] = len;		/* __sk_buff.len */
}
