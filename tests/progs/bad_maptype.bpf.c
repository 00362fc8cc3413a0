// SPDX-License-Identifier: GPL-2.0-only
/*
 * A perf event array, which kbpf does not have: loading must name the
 * map and its type and point to the ring buffer instead.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int send_exec(void *ctx)
{
	__u64 one = 1;

	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &one, sizeof(one));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
