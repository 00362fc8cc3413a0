// SPDX-License-Identifier: GPL-2.0-only
/* A kprobe that counts into an array map after a bounded loop. */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} counts SEC(".maps");

SEC("kprobe/do_sys_openat2")
int count(struct pt_regs *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);
	__u64 acc = 0;
	int i;

	if (!v)
		return 0;
#pragma clang loop unroll(disable)
	for (i = 0; i < 100; i++)
		acc = acc * 31 + (ctx->rdi >> (i & 63));
	__sync_fetch_and_add(v, acc);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
