// SPDX-License-Identifier: GPL-2.0-only
/*
 * LRU maps from an ELF object, as users declare them: every run inserts
 * the next key into a 64-entry LRU hash (older keys are evicted) and
 * into a per-CPU LRU hash with one list per CPU, and reads this CPU's
 * copy back with bpf_map_lookup_percpu_elem.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} recent SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 16);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
	__type(key, __u32);
	__type(value, __u64);
} recent_percpu SEC(".maps");

__u32 next_key;

SEC("raw_tp/sys_enter")
int insert_next(void *ctx)
{
	__u32 k = ++next_key, cpu = bpf_get_smp_processor_id();
	__u64 v = k, *p;

	if (bpf_map_update_elem(&recent, &k, &v, BPF_NOEXIST))
		return 1;
	if (bpf_map_update_elem(&recent_percpu, &k, &v, BPF_ANY))
		return 2;
	p = bpf_map_lookup_percpu_elem(&recent_percpu, &k, cpu);
	if (!p || *p != k)
		return 3;
	return bpf_jiffies64() && bpf_get_numa_node_id() >= 0 ? 0 : 4;
}

char LICENSE[] SEC("license") = "GPL";
