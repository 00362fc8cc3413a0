// SPDX-License-Identifier: GPL-2.0-only
/*
 * openlat: a latency histogram of open() in the kernel.
 *
 *   kbpf run openlat.bpf.o duration 5
 *
 * A kprobe on do_sys_openat2 notes when each thread entered, a kretprobe
 * adds the time spent to a log2 histogram of microseconds (an array map:
 * slot N counts calls that took [2^N, 2^(N+1)) us; slot 0 also under 1 us),
 * and a second array counts the calls.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SLOTS	24

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

SEC("kprobe/do_sys_openat2")
int open_entry(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
	return 0;
}

static __always_inline __u32 log2_slot(__u64 us)
{
	__u32 slot = 0;

	while (us > 1 && slot < SLOTS - 1) {
		us >>= 1;
		slot++;
	}
	return slot;
}

SEC("kretprobe/do_sys_openat2")
int open_exit(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0, slot;
	__u64 *t0 = bpf_map_lookup_elem(&start, &tid), *n;

	if (!t0)
		return 0;
	slot = log2_slot((bpf_ktime_get_ns() - *t0) / 1000);
	bpf_map_delete_elem(&start, &tid);
	n = bpf_map_lookup_elem(&hist, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	n = bpf_map_lookup_elem(&calls, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
