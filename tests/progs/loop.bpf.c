// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpf_loop as libbpf users write it: a static callback whose address
 * clang loads with a relocation against .text, a context on the stack or
 * in a global (a map value). Each program returns something the tests
 * assert, with the JIT and without.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sum_ctx {
	__u64 sum;
	__u32 stop;
};

static int add_index(__u32 i, void *data)
{
	struct sum_ctx *c = data;

	c->sum += i;
	return i == c->stop;	/* 1: stop after this call */
}

/* 0 + 1 + ... + 9 = 45, and ten calls: 10045. */
SEC("socket")
int sum_loop(void *ctx)
{
	struct sum_ctx c = { .sum = 0, .stop = ~0U };
	long n = bpf_loop(10, add_index, &c, 0);

	return c.sum + 1000 * n;
}

/* Stops at index 6: 0 + ... + 6 = 21 after seven calls: 7021. */
SEC("socket")
int stop_loop(void *ctx)
{
	struct sum_ctx c = { .sum = 0, .stop = 6 };
	long n = bpf_loop(100, add_index, &c, 0);

	return c.sum + 1000 * n;
}

__u64 counter;

static int count_up(__u32 i, void *data)
{
	__u64 *n = data;

	*n += 2;
	return 0;
}

/* A global as the context; more calls than Linux allows: -E2BIG, no call. */
SEC("raw_tp/sys_enter")
int global_loop(void *ctx)
{
	long too_many, n;

	counter = 0;
	too_many = bpf_loop((1U << 23) + 1, count_up, &counter, 0);
	n = bpf_loop(1000, count_up, &counter, 0);
	if (too_many != -7)	/* -E2BIG */
		return -1;
	return counter + n;	/* 2000 + 1000 */
}

char LICENSE[] SEC("license") = "GPL";
