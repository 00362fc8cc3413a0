// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpf_loop for native code. The callback is a JIT-compiled subprogram
 * behind an entry that takes (index, ctx, frame): it sets BPF r10 to
 * @frame, the stack below the caller's frame that the verifier counted
 * for it. Hooks run in atomic context, so nothing here may reschedule:
 * the bound is KBPF_MAX_LOOPS calls, as Linux has it.
 */
#include "helpers.h"

u64 kbpf_helper_loop(u64 nr_loops, u64 fn, u64 ctx, u64 flags, u64 frame)
{
	kbpf_helper_fn callback = (kbpf_helper_fn)(uintptr_t)fn;
	u32 n = (u32)nr_loops, i;

	if (flags)
		return (u64)-EINVAL;
	if (n > KBPF_MAX_LOOPS)
		return (u64)-E2BIG;
	for (i = 0; i < n; i++)
		if (callback(i, ctx, frame, 0, 0))
			return i + 1;
	return i;
}
