// SPDX-License-Identifier: GPL-2.0-only
/*
 * For 'kbpf map event': each run sends one record through a ring buffer
 * with bpf_ringbuf_output and reserves and discards another (which the
 * reader must never see). The guest test loads it pinned, listens on the
 * map by name and test-runs the program.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096 * 2);
} rbdemo SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int emit(void *ctx)
{
	char msg[16] = "hello ringbuf";
	char *skip;

	bpf_ringbuf_output(&rbdemo, msg, sizeof(msg), 0);
	skip = bpf_ringbuf_reserve(&rbdemo, 8, 0);
	if (skip)
		bpf_ringbuf_discard(skip, 0);
	return bpf_ringbuf_query(&rbdemo, BPF_RB_RING_SIZE) == 8192;
}

char LICENSE[] SEC("license") = "GPL";
