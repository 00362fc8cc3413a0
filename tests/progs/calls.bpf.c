// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map-free programs with .text subprograms calling each other: they load
 * and run through 'kbpf prog run FILE.o' with every engine.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

static __attribute__((noinline)) __u64 add3(__u64 a, __u64 b, __u64 c)
{
	return a + b + c;
}

static __attribute__((noinline)) __u64 twice_sum(__u64 a, __u64 b)
{
	return 2 * add3(a, b, 1);
}

SEC("raw_tp/sys_enter")
int sum_calls(void *ctx)
{
	volatile __u64 x = 20;

	return twice_sum(x, 0);	/* 2 * (20 + 0 + 1) = 42 */
}

SEC("socket")
int accept_all(void *ctx)
{
	return add3(1, 2, 3) == 6 ? -1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
