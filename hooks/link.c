// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run path every hook shares: recursion guard, RCU-published program,
 * hit and miss counts.
 */
#include <linux/preempt.h>
#include "hooks.h"

/*
 * Programs running from hooks on this CPU. A program whose own run
 * triggers a hook (a kprobe on a function the engine calls, an event in
 * an interrupt during a run) would otherwise recurse: it is skipped and
 * counted as a miss instead, like Linux's per-program "active" guard.
 */
static DEFINE_PER_CPU(int, kbpf_hook_depth);

/*
 * Whether a program already runs on this CPU: a hook that stages the
 * context in per-CPU memory must not overwrite it under that program.
 * In NMI context too: no program runs there (kbpf_link_run_prog()), and
 * the NMI may have interrupted a hook between staging and running.
 * The caller has preemption disabled.
 */
bool kbpf_hook_busy(void)
{
	return in_nmi() || this_cpu_read(kbpf_hook_depth) != 0;
}

/*
 * Every hook calls this with preemption disabled (kprobe and kretprobe
 * handlers, tracepoint probes, perf overflow handlers, netfilter hooks):
 * that pins the CPU for the per-CPU depth and counts, with no
 * migrate_disable() to pay on each event. @prog is the link's program,
 * read by the caller in the RCU read-side section it stays in.
 */
bool kbpf_link_run_prog(struct kbpf_link *link, const struct kbpf_obj *prog,
			const void *ctx, u64 *ret)
{
	bool ran = false;

	lockdep_assert_preemption_disabled();
	/*
	 * Never in NMI context (a tracepoint or kprobe the NMI path reaches):
	 * hash maps take spinlocks an NMI may have interrupted, queue RCU
	 * callbacks and allocate, none of which is NMI-safe. Counted as a
	 * miss, before the depth, which an NMI must not disturb either. The
	 * per-CPU counter increment is one instruction on x86 and an atomic
	 * elsewhere: safe against the context the NMI interrupted.
	 */
	if (unlikely(in_nmi())) {
		this_cpu_inc(link->stats->misses);
		return false;
	}
	if (unlikely(this_cpu_inc_return(kbpf_hook_depth) != 1)) {
		this_cpu_inc(link->stats->misses);
		goto out;
	}
	*ret = kbpf_obj_run(prog, ctx);
	this_cpu_inc(link->stats->hits);
	ran = true;
out:
	this_cpu_dec(kbpf_hook_depth);
	return ran;
}

void kbpf_link_run(struct kbpf_link *link, const void *ctx)
{
	u64 ret;

	rcu_read_lock();
	kbpf_link_run_prog(link, rcu_dereference(link->prog), ctx, &ret);
	rcu_read_unlock();
}

/*
 * A program verified without the hook's context size (a tracepoint
 * program loaded without its target, any raw tracepoint program) may
 * read further than this hook gives: like Linux's max_ctx_offset check,
 * such a program does not attach.
 */
int kbpf_link_check_ctx(const struct kbpf_link *link,
			const struct kbpf_obj *prog)
{
	const struct kbpf_prog *p = prog->body;

	if (link->ctx_size && p->max_ctx_offset > link->ctx_size)
		return -EACCES;
	return 0;
}
