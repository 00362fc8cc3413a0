// SPDX-License-Identifier: GPL-2.0-only
/* A CO-RE field access: kbpf does not relocate BTF; loading must say so. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct task {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

SEC("kprobe/wake_up_process")
int read_tgid(struct task *t)
{
	return __builtin_preserve_access_index(t->tgid);
}

char LICENSE[] SEC("license") = "GPL";
