// SPDX-License-Identifier: GPL-2.0-only
/*
 * LRU maps from an ELF object, as users declare them: every run inserts
 * the next key into a 64-entry LRU hash (older keys are evicted) and
 * into a per-CPU LRU hash with one list per CPU, and reads this CPU's
 * copy back with bpf_map_lookup_percpu_elem. A sched_switch program
 * churns a small LRU map from every CPU while user space updates it.
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

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} churn SEC(".maps");

/* [0]: values that did not match their key; [1]: inserts that failed. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} churn_bad SEC(".maps");

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

static void count_bad(__u32 which)
{
	__u64 *n = bpf_map_lookup_elem(&churn_bad, &which);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("tracepoint/sched/sched_switch")
int churn_on_switch(void *ctx)
{
	__u32 k = bpf_get_prandom_u32() % 1024, other = k ^ 1;
	__u64 v = k, *p;

	if (bpf_map_update_elem(&churn, &k, &v, BPF_ANY))
		count_bad(1);
	p = bpf_map_lookup_elem(&churn, &other);
	if (p && *p != other)
		count_bad(0);
	if (k % 8 == 0)
		bpf_map_delete_elem(&churn, &other);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
