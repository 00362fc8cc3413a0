// SPDX-License-Identifier: GPL-2.0-only
/* The task the program runs on behalf of (tracing programs only). */
#include "helpers.h"

u64 kbpf_helper_get_current_pid_tgid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_current_pid_tgid();
}

u64 kbpf_helper_get_current_uid_gid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_current_uid_gid();
}

/* The task_struct's address: only for probe_read_kernel of its fields. */
u64 kbpf_helper_get_current_task(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return kbpf_current_task();
}

/* Like Linux: the name NUL-terminated and truncated to @size. */
u64 kbpf_helper_get_current_comm(u64 buf, u64 size, u64 r3, u64 r4, u64 r5)
{
	char *out = (char *)(uintptr_t)buf;

	if (!size)
		return (u64)-EINVAL;
	memset(out, 0, size);
	kbpf_current_comm(out, size);
	return 0;
}
