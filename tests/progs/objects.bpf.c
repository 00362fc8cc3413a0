// SPDX-License-Identifier: GPL-2.0-only
/*
 * An object using what libbpf users write every day: BTF-defined maps,
 * global data in .data/.rodata/.bss, a .text subprogram, several programs
 * in libbpf's SEC() spellings. tests/unit/elf_test.c checks how the ELF
 * reader sees it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, 4);
	__uint(value_size, 16);
} slots SEC(".maps");

const volatile __u32 threshold = 7;
__u64 events = 1;
__u64 misses;

static __attribute__((noinline)) __u64 scale(__u64 v)
{
	return v * threshold + 3;
}

SEC("kprobe/do_sys_openat2")
int count_open(void *ctx)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	else
		misses++;
	events = scale(events);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_write")
int on_write(void *ctx)
{
	__u32 key = 0;

	bpf_map_lookup_elem(&slots, &key);
	return scale(2) > 10;
}

SEC("raw_tp/sched_switch")
int on_switch(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
