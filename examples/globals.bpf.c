// SPDX-License-Identifier: GPL-2.0-only
/*
 * globals: programs configured by user space before load, as a libbpf
 * skeleton's rodata configures them.
 *
 *   kbpf run globals.bpf.o duration 5
 *   kbpf run globals.bpf.o duration 5 rodata target_comm=cat rodata max_prints=1
 *
 * Every exec() of a program whose command name is target_comm is counted
 * and, for the first max_prints of them, reported with bpf_printk. The
 * two settings are 'const volatile' globals in .rodata: the loader writes
 * them before the map is frozen, so the verifier sees constants that no
 * program can change. The counts live in .bss, which programs write and
 * run prints at the end.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define COMM_LEN	16

const volatile char target_comm[COMM_LEN] = "true";
const volatile __u32 max_prints = 10;

struct {
	__u64 matches;		/* execs of target_comm */
	__u64 execs;		/* all execs seen */
} stats;

static __always_inline int comm_is_target(const char *comm)
{
	int i;

#pragma unroll
	for (i = 0; i < COMM_LEN; i++) {
		if (comm[i] != target_comm[i])
			return 0;
		if (!comm[i])
			return 1;
	}
	return 1;
}

SEC("tracepoint/sched/sched_process_exec")
int on_exec(void *ctx)
{
	char comm[COMM_LEN];
	__u64 n;

	__sync_fetch_and_add(&stats.execs, 1);
	bpf_get_current_comm(comm, sizeof(comm));
	if (!comm_is_target(comm))
		return 0;
	n = __sync_fetch_and_add(&stats.matches, 1) + 1;
	if (n <= max_prints)
		bpf_printk("globals: exec of %s, pid %d, match %llu", comm,
			   (int)(bpf_get_current_pid_tgid() >> 32), n);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
