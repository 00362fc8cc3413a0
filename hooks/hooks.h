/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hooks: links attach a program object to a kernel event. Kernel only.
 *
 * A link owns the attachment and a reference to its program. Events run
 * the program through kbpf_link_run(), which reads the program pointer
 * under RCU, so LINK_UPDATE can swap it without a gap or a double run.
 */
#ifndef _KBPF_HOOKS_H
#define _KBPF_HOOKS_H

#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include "../vm/obj.h"

struct kbpf_link;
struct tracepoint;

/* One kind of hook: attach and detach may sleep; detach waits for runs. */
struct kbpf_hook_ops {
	u32 prog_type;				/* enum kbpf_prog_type */
	bool target_fd;				/* target is a descriptor */
	int (*attach)(struct kbpf_link *link);
	void (*detach)(struct kbpf_link *link);
	/* Optional: the target went away on its own (link->lock held). */
	bool (*gone)(const struct kbpf_link *link);
};

struct kbpf_link_stats {
	u64 hits;
	u64 misses;
};

struct kbpf_link {
	struct kbpf_obj __rcu *prog;		/* holds a reference */
	struct mutex lock;			/* attach state, prog updates */
	const struct kbpf_hook_ops *ops;
	bool attached;
	u32 attach_type;
	u32 nr_args;
	u64 offset;
	int target_fd;
	u32 ctx_size;				/* context bytes; 0: the type's */
	struct kbpf_link_stats __percpu *stats;
	void *hook;				/* the hook's own state */
	char target[KBPF_TARGET_NAME_LEN];
};

/* Runs the link's program on @ctx: from any context, never recursing. */
void kbpf_link_run(struct kbpf_link *link, const void *ctx);
/*
 * The same for a hook that acts on r0 or builds its context from the
 * program: runs @prog, which the caller read from link->prog and holds
 * under RCU; false if it did not run.
 */
bool kbpf_link_run_prog(struct kbpf_link *link, const struct kbpf_obj *prog,
			const void *ctx, u64 *ret);
bool kbpf_hook_busy(void);
/* EACCES if @prog reads past the link's context (ctx_size, when set). */
int kbpf_link_check_ctx(const struct kbpf_link *link,
			const struct kbpf_obj *prog);
/*
 * The fixed size of the record of tracepoint "category:name" (0 if the
 * event does not say), or -EINVAL/-ENOENT.
 */
int kbpf_tracepoint_record_size(const char *target, u32 *size);
/*
 * hooks/socket.c: runs the link's socket filter program on @skb, the
 * packet starting @off bytes past skb->data, in struct __sk_buff as Linux
 * fills it; from a netfilter hook (RCU held); false if it did not run.
 */
struct sk_buff;
bool kbpf_skb_filter_run(struct kbpf_link *link, struct sk_buff *skb, u32 off,
			 u64 *ret);
/* hooks/raw_tracepoint.c: a core-kernel tracepoint by name, or NULL. */
struct tracepoint *kbpf_kernel_tracepoint(const char *name);

extern const struct kbpf_hook_ops kbpf_kprobe_ops;
extern const struct kbpf_hook_ops kbpf_kretprobe_ops;
extern const struct kbpf_hook_ops kbpf_tracepoint_ops;
extern const struct kbpf_hook_ops kbpf_raw_tracepoint_ops;
extern const struct kbpf_hook_ops kbpf_socket_ops;
extern const struct kbpf_hook_ops kbpf_netdev_ingress_ops;

/* vm/link_fd.c: the commands. */
long kbpf_link_create_cmd(void __user *uarg);
long kbpf_link_detach_cmd(void __user *uarg);
long kbpf_link_update_cmd(void __user *uarg);
int kbpf_link_get_info(const struct kbpf_obj *obj, void __user *uinfo,
		       u32 *info_len);

#endif /* _KBPF_HOOKS_H */
