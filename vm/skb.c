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
