// SPDX-License-Identifier: GPL-2.0-only
/*
 * tailcall: a dispatcher that tail-calls one program per case.
 *
 *   kbpf run tailcall.bpf.o duration 5
 *
 * A tracepoint on every system call entry picks a case from the call's
 * number (id % 4) and tail-calls that case's program through a prog_array
 * that libbpf's __array(values, ...) fills from this object. Case 3 has
 * no program: the tail call falls through and the dispatcher counts it
 * itself. The counts are printed when run stops.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sys_enter {
	__u64 common;			/* the tracepoint's common fields */
	long id;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

int case0(struct sys_enter *ctx);
int case1(struct sys_enter *ctx);
int case2(struct sys_enter *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__array(values, int (struct sys_enter *));
} cases SEC(".maps") = {
	.values = {
		[0] = (void *)&case0,
		[1] = (void *)&case1,
		[2] = (void *)&case2,
	},
};

static __always_inline void count(__u32 c)
{
	__u64 *n = bpf_map_lookup_elem(&counts, &c);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("tracepoint/raw_syscalls/sys_enter")
int dispatch(struct sys_enter *ctx)
{
	bpf_tail_call(ctx, &cases, ctx->id & 3);
	count(3);			/* no program for this case */
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int case0(struct sys_enter *ctx)
{
	count(0);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int case1(struct sys_enter *ctx)
{
	count(1);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int case2(struct sys_enter *ctx)
{
	count(2);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
