// SPDX-License-Identifier: GPL-2.0-only
/*
 * Global data in all three sections, for the loader's BPF_F_MMAPABLE
 * data maps: .data's initial value goes in through a mapping, .bss starts
 * zeroed, .rodata is written with an update and frozen. The first run of
 * bump returns 41 + 1 + 1 = 43 only if all three were set up right.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 setting = 41;			/* .data: user space may change it */
__u64 counter;				/* .bss: the runs so far */
const volatile __u64 bias = 1;		/* .rodata: 'rodata bias=N' */

SEC("socket")
int bump(void *ctx)
{
	counter++;
	return setting + bias + counter;
}

char LICENSE[] SEC("license") = "GPL";
