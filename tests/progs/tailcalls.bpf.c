// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two prog_arrays filled by libbpf's __array(values, ...), one after the
 * other in .maps, so the reader must attribute each relocation to the
 * right map and slot. tests/unit/elf_test.c checks the slots.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int target_a(void *ctx);
int target_b(void *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__array(values, int (void *));
} first SEC(".maps") = {
	.values = { [1] = (void *)&target_a, [2] = (void *)&target_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__array(values, int (void *));
} second SEC(".maps") = {
	.values = { [0] = (void *)&target_b },
};

SEC("kprobe/do_nanosleep")
int dispatch(void *ctx)
{
	bpf_tail_call(ctx, &first, 1);
	bpf_tail_call(ctx, &second, 0);
	return 0;
}

SEC("kprobe/do_nanosleep")
int target_a(void *ctx)
{
	return 1;
}

SEC("kprobe/do_nanosleep")
int target_b(void *ctx)
{
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
