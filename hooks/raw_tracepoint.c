// SPDX-License-Identifier: GPL-2.0-only
/*
 * Raw tracepoints: a probe on a core-kernel struct tracepoint, found by
 * name with for_each_kernel_tracepoint(). The context is u64
 * args[nr_args], the tracepoint's arguments as it passes them.
 *
 * A tracepoint calls its probes with its own prototype, which a module
 * cannot learn at run time (Linux reads it from BTF). The caller states
 * the argument count; we register a probe declared with exactly that many
 * u64 arguments, so the probe never reads an argument that was not
 * passed. Each argument is a register or a stack slot of the ABI, widened
 * to u64: a narrower type leaves its upper bits unspecified.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include "hooks.h"

/*
 * The verifier lets a raw tracepoint program read all 12 arguments; the
 * ones this tracepoint lacks read as 0, never as kernel stack.
 */
#define KBPF_RAW_TP_MAX_ARGS	12

#define RAW_TP_PROBE(n, proto, ...)					\
static void raw_tp_probe##n proto					\
{									\
	u64 args[KBPF_RAW_TP_MAX_ARGS] = { __VA_ARGS__ };		\
									\
	kbpf_link_run(data, args);					\
}

RAW_TP_PROBE(1, (void *data, u64 a0), a0)
RAW_TP_PROBE(2, (void *data, u64 a0, u64 a1), a0, a1)
RAW_TP_PROBE(3, (void *data, u64 a0, u64 a1, u64 a2), a0, a1, a2)
RAW_TP_PROBE(4, (void *data, u64 a0, u64 a1, u64 a2, u64 a3),
	     a0, a1, a2, a3)
RAW_TP_PROBE(5, (void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4),
	     a0, a1, a2, a3, a4)
RAW_TP_PROBE(6, (void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
		 u64 a5), a0, a1, a2, a3, a4, a5)
RAW_TP_PROBE(7, (void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
		 u64 a5, u64 a6), a0, a1, a2, a3, a4, a5, a6)
RAW_TP_PROBE(8, (void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
		 u64 a5, u64 a6, u64 a7), a0, a1, a2, a3, a4, a5, a6, a7)
RAW_TP_PROBE(9, (void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
		 u64 a5, u64 a6, u64 a7, u64 a8),
	     a0, a1, a2, a3, a4, a5, a6, a7, a8)
RAW_TP_PROBE(10, (void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
		  u64 a5, u64 a6, u64 a7, u64 a8, u64 a9),
	     a0, a1, a2, a3, a4, a5, a6, a7, a8, a9)
RAW_TP_PROBE(11, (void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
		  u64 a5, u64 a6, u64 a7, u64 a8, u64 a9, u64 a10),
	     a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10)
RAW_TP_PROBE(12, (void *data, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
		  u64 a5, u64 a6, u64 a7, u64 a8, u64 a9, u64 a10, u64 a11),
	     a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11)

static void * const raw_tp_probes[KBPF_RAW_TP_MAX_ARGS + 1] = {
	NULL, raw_tp_probe1, raw_tp_probe2, raw_tp_probe3, raw_tp_probe4,
	raw_tp_probe5, raw_tp_probe6, raw_tp_probe7, raw_tp_probe8,
	raw_tp_probe9, raw_tp_probe10, raw_tp_probe11, raw_tp_probe12,
};

struct tp_lookup {
	const char *name;
	struct tracepoint *tp;
};

static void tp_match(struct tracepoint *tp, void *priv)
{
	struct tp_lookup *l = priv;

	if (!l->tp && !strcmp(tp->name, l->name))
		l->tp = tp;
}

/* A core-kernel tracepoint by name; they live as long as the kernel. */
struct tracepoint *kbpf_kernel_tracepoint(const char *name)
{
	struct tp_lookup l = { .name = name };

	for_each_kernel_tracepoint(tp_match, &l);
	return l.tp;
}

static int raw_tp_attach(struct kbpf_link *link)
{
	struct tracepoint *tp;
	int err;

	if (!link->nr_args || link->nr_args > KBPF_RAW_TP_MAX_ARGS)
		return -EINVAL;
	link->ctx_size = link->nr_args * sizeof(u64);
	err = kbpf_link_check_ctx(link, rcu_dereference_protected(link->prog, true));
	if (err)
		return err;
	tp = kbpf_kernel_tracepoint(link->target);
	if (!tp)
		return -ENOENT;
	err = tracepoint_probe_register(tp, raw_tp_probes[link->nr_args], link);
	if (err)
		return err;
	link->hook = tp;
	return 0;
}

static void raw_tp_detach(struct kbpf_link *link)
{
	tracepoint_probe_unregister(link->hook, raw_tp_probes[link->nr_args],
				    link);
	/* No probe call is still running once this returns. */
	tracepoint_synchronize_unregister();
	link->hook = NULL;
}

const struct kbpf_hook_ops kbpf_raw_tracepoint_ops = {
	.prog_type	= KBPF_PROG_TYPE_RAW_TRACEPOINT,
	.attach		= raw_tp_attach,
	.detach		= raw_tp_detach,
};
