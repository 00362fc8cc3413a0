// SPDX-License-Identifier: GPL-2.0-only
/*
 * opensnoop: every file opened, with who opened it.
 *
 *   kbpf run opensnoop.bpf.o duration 5
 *
 * A kprobe on do_sys_openat2 (every open(2), openat(2) and openat2(2)
 * ends up there) reserves a record in a ring buffer, fills in the pid,
 * the command name and the file name read from user memory, and submits
 * it; kbpf run prints each record as it arrives (kbpf map event does the
 * same for a pinned ring buffer). Build with -D__TARGET_ARCH_x86 (or
 * arm64) so bpf_tracing.h knows where the arguments are.
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define NAME_LEN	256

struct event {
	__u32 pid;
	__u32 tid;
	char comm[16];
	char filename[NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096 * 16);
} events SEC(".maps");

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(trace_open, int dfd, const char *filename)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* the reader is behind: this one is lost */
	e->pid = id >> 32;
	e->tid = (__u32)id;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_user_str(e->filename, sizeof(e->filename), filename) < 0)
		e->filename[0] = '\0';
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
