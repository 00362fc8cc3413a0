// SPDX-License-Identifier: GPL-2.0-only
/*
 * libbpf's other SEC() spellings: tp/CAT/NAME for a tracepoint and
 * raw_tracepoint/NAME for a raw tracepoint. Both count exec() calls, so
 * 'kbpf run' shows that each was attached where its name says; the raw
 * tracepoint program reads its third argument (struct linux_binprm *), so
 * it attaches only with the argument count the kernel's BTF gives.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} spell_hits SEC(".maps");

static void count(__u32 key)
{
	__u64 *n = bpf_map_lookup_elem(&spell_hits, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("tp/sched/sched_process_exec")
int exec_tp(void *ctx)
{
	count(0);
	return 0;
}

SEC("raw_tracepoint/sched_process_exec")
int exec_raw(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[2])
		count(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
