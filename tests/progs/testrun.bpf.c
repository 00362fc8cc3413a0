// SPDX-License-Identifier: GPL-2.0-only
/*
 * Socket filters for 'kbpf prog run' with data_in/ctx_in/data_out/ctx_out:
 * what they return and write depends on the packet and context given.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The packet's first byte plus 256 times its length; 0 if it is empty. */
SEC("socket")
int first_byte(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data;
	__u8 *end = (void *)(long)skb->data_end;

	if (data + 1 > end)
		return 0;
	return data[0] + (skb->len << 8);
}

/* cb[0] becomes twice cb[1]; returns cb[1]. */
SEC("socket")
int cb_double(struct __sk_buff *skb)
{
	skb->cb[0] = skb->cb[1] * 2;
	return skb->cb[1];
}

char LICENSE[] SEC("license") = "GPL";
