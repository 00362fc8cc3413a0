// SPDX-License-Identifier: GPL-2.0-only
/*
 * syscount: system calls per process name.
 *
 *   kbpf run syscount.bpf.o duration 5
 *
 * A tracepoint on every system call entry counts into a hash map keyed
 * by the caller's command name; the map is printed when run stops.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct comm {
	char name[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct comm);
	__type(value, __u64);
} syscalls SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int count_syscall(void *ctx)
{
	struct comm key = {};
	__u64 one = 1, *n;

	bpf_get_current_comm(key.name, sizeof(key.name));
	n = bpf_map_lookup_elem(&syscalls, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&syscalls, &key, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
