// SPDX-License-Identifier: GPL-2.0-only
/*
 * Read-only globals that user space sets before load, as a libbpf
 * skeleton's rodata does: kbpf prog run ... rodata NAME=VALUE.
 * tests/unit/tool_test.sh runs each program with and without values.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 answer = 7;
const volatile __s8 small = -1;
const volatile __u64 big = 1;
const volatile char word[8] = "abc";
const volatile struct { __u32 a, b; } pair = { 1, 2 };
__u32 hits;		/* .bss */
__u32 limit = 3;	/* .data */

SEC("socket")
int get_answer(void *ctx)
{
	hits++;
	return answer + limit - 3;
}

SEC("socket")
int get_small(void *ctx)
{
	return small;
}

SEC("socket")
int get_big(void *ctx)
{
	return big >> 32;
}

/* The length of word: it holds its NUL, the loop stops there. */
SEC("socket")
int word_len(void *ctx)
{
	int i;

	for (i = 0; i < sizeof(word) && word[i]; i++)
		;
	return i + pair.a - 1;
}

char LICENSE[] SEC("license") = "GPL";
