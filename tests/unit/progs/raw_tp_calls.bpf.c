// SPDX-License-Identifier: GPL-2.0-only
/* A raw tracepoint calling a subprogram that fills its caller's stack. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) int fill(unsigned char *buf, __u64 seed)
{
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 16; i++)
		buf[i] = seed + i;
	return seed % 13;
}

SEC("raw_tracepoint/sched_switch")
int rt(__u64 *ctx)
{
	unsigned char buf[16];
	int n = fill(buf, ctx[1]);

	return buf[5] + buf[n & 15];
}

char LICENSE[] SEC("license") = "GPL";
