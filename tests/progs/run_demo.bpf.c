// SPDX-License-Identifier: GPL-2.0-only
/*
 * For 'kbpf run': counts exec() calls in a map and says so with
 * trace_printk, from a tracepoint the guest test triggers by running
 * commands. The raw tracepoint program cannot be attached by section
 * name alone (its argument count is not in it): run reports and skips it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} execs SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int count_exec(void *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&execs, &key);

	if (!n)
		return 0;
	__sync_fetch_and_add(n, 1);
	bpf_printk("exec number %llu", *n);
	return 0;
}

SEC("raw_tp/sched_switch")
int on_switch(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
