// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rejected on purpose, inside a .text subprogram: the verifier's log must
 * name the C line (from .BTF.ext line info, renumbered for the appended
 * subprogram), through the host backend and through /dev/kbpf alike.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int pick(int *vals, __u32 i)
{
	return vals[i];	/* i is unbounded: the read may leave the stack */
}

SEC("socket")
int bad_lines(struct __sk_buff *skb)
{
	int vals[4];

	vals[0] = skb->protocol;
	vals[1] = skb->mark;
	vals[2] = skb->priority;
	vals[3] = skb->len;
	return pick(vals, skb->len);
}

char LICENSE[] SEC("license") = "GPL";
