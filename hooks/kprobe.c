// SPDX-License-Identifier: GPL-2.0-only
/*
 * kprobes and kretprobes by symbol name and offset. The context is the
 * struct pt_regs the kprobe handler receives: the registers at the probed
 * instruction, or at function return (return value in the ABI register).
 */
#include <linux/kprobes.h>
#include <linux/slab.h>
#include "hooks.h"

struct kbpf_kprobe {
	struct kprobe kp;
	struct kretprobe rp;
	struct kbpf_link *link;
};

static int kprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct kbpf_kprobe *h = container_of(kp, struct kbpf_kprobe, kp);

	kbpf_link_run(h->link, regs);
	return 0;
}

static int kretprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct kbpf_kprobe *h = container_of(rp, struct kbpf_kprobe, rp);

	kbpf_link_run(h->link, regs);
	return 0;
}

static struct kbpf_kprobe *kprobe_alloc(struct kbpf_link *link)
{
	struct kbpf_kprobe *h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);

	if (h)
		h->link = link;
	return h;
}

/* Errors of register_kprobe pass through: ENOENT, EINVAL, EOPNOTSUPP... */
static int kprobe_attach(struct kbpf_link *link)
{
	struct kbpf_kprobe *h = kprobe_alloc(link);
	int err;

	if (!h)
		return -ENOMEM;
	h->kp.symbol_name = link->target;
	h->kp.offset = link->offset;
	h->kp.pre_handler = kprobe_pre;
	err = register_kprobe(&h->kp);
	if (err) {
		kfree(h);
		return err;
	}
	link->hook = h;
	return 0;
}

static void kprobe_detach(struct kbpf_link *link)
{
	struct kbpf_kprobe *h = link->hook;

	unregister_kprobe(&h->kp);
	kfree(h);
	link->hook = NULL;
}

static int kretprobe_attach(struct kbpf_link *link)
{
	struct kbpf_kprobe *h;
	int err;

	/* A return probe sits on the function entry only. */
	if (link->offset)
		return -EINVAL;
	h = kprobe_alloc(link);
	if (!h)
		return -ENOMEM;
	h->rp.kp.symbol_name = link->target;
	h->rp.handler = kretprobe_ret;
	err = register_kretprobe(&h->rp);
	if (err) {
		kfree(h);
		return err;
	}
	link->hook = h;
	return 0;
}

static void kretprobe_detach(struct kbpf_link *link)
{
	struct kbpf_kprobe *h = link->hook;

	unregister_kretprobe(&h->rp);
	kfree(h);
	link->hook = NULL;
}

const struct kbpf_hook_ops kbpf_kprobe_ops = {
	.prog_type	= KBPF_PROG_TYPE_KPROBE,
	.attach		= kprobe_attach,
	.detach		= kprobe_detach,
};

const struct kbpf_hook_ops kbpf_kretprobe_ops = {
	.prog_type	= KBPF_PROG_TYPE_KPROBE,
	.attach		= kretprobe_attach,
	.detach		= kretprobe_detach,
};
