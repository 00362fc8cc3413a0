/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kbpf objects: what a descriptor, an id or a pin refers to. Kernel only.
 *
 * An object lives while anything holds a reference: an open descriptor,
 * a pin, a user such as an attached link. The last reference queues the
 * body's destructor after an RCU grace period, so a program a hook is
 * still running is never freed under it; the destructor runs in process
 * context (a workqueue) and may sleep.
 */
#ifndef _KBPF_VM_OBJ_H
#define _KBPF_VM_OBJ_H

#include <linux/ktime.h>
#include <linux/percpu.h>
#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>
#include "vm.h"

/* What an object is charged against its creator's limits (vm/quota.c). */
struct kbpf_charge {
	struct kbpf_user *user;		/* NULL: nothing charged */
	u64 mem;
	u32 type;
};

struct kbpf_obj {
	refcount_t refs;
	u32 id;
	u32 type;			/* enum kbpf_obj_type */
	kuid_t uid;
	u64 created_ns;			/* CLOCK_BOOTTIME */
	void *body;			/* struct kbpf_prog * for programs */
	void (*free_body)(void *body);
	/* Optional: at the last put, in process context, before the grace period. */
	void (*release)(void *body);
	struct kbpf_run_stats __percpu *stats;	/* programs only */
	struct kbpf_charge charge;	/* given back at the last put */
	/*
	 * User-space references: descriptors and pins, a subset of @refs.
	 * When the last goes, release_uref (if set) drops what the body
	 * holds that could hold it back (a prog_array's programs), as
	 * Linux's map usercnt breaks reference cycles.
	 */
	atomic_t urefs;
	void (*release_uref)(void *body);
	struct rcu_head rcu;
	/* The body is freed from a work item: freeing a map may sleep. */
	struct work_struct free_work;
};

/* Runs and their total time, per CPU, while the stats parameter is on. */
struct kbpf_run_stats {
	u64 cnt;
	u64 ns;
};

extern bool kbpf_stats_enabled;

/*
 * Runs a program object: the one place engines are entered from the
 * module, so statistics are counted the same for test runs and hooks.
 * The caller has disabled migration.
 */
static inline u64 kbpf_obj_run(const struct kbpf_obj *obj, const void *ctx)
{
	u64 start, ret;

	if (likely(!READ_ONCE(kbpf_stats_enabled)))
		return kbpf_prog_run(obj->body, ctx);
	start = ktime_get_ns();
	ret = kbpf_prog_run(obj->body, ctx);
	this_cpu_add(obj->stats->ns, ktime_get_ns() - start);
	this_cpu_inc(obj->stats->cnt);
	return ret;
}

int kbpf_obj_init(void);
void kbpf_obj_uninit(void);

/*
 * A new object holding *@charge (kbpf_quota_charge() for @type), which it
 * gives back at its last put; on failure the charge stays the caller's.
 */
struct kbpf_obj *kbpf_obj_create(u32 type, void *body,
				 void (*free_body)(void *body),
				 struct kbpf_charge *charge);
void kbpf_obj_put(struct kbpf_obj *obj);
/* A user-space reference; the caller already holds an ordinary one. */
void kbpf_obj_uref_get(struct kbpf_obj *obj);
void kbpf_obj_uref_put(struct kbpf_obj *obj);

/* A new descriptor for @obj; consumes the caller's reference on success. */
int kbpf_obj_new_fd(struct kbpf_obj *obj);
/* kbpf_obj_new_fd(), dropping the reference on failure. */
int kbpf_obj_new_fd_or_put(struct kbpf_obj *obj);
/* The object behind @fd with a reference, or ERR_PTR(-EBADF/-EINVAL). */
struct kbpf_obj *kbpf_obj_from_fd(u32 fd, u32 type);

/*
 * Per-user limits (module parameters max_{progs,maps,links}_per_user and
 * max_mem_per_user_mb): charges one object of @type and @mem bytes to the
 * calling user, or -EDQUOT when that would pass a limit.
 */
int kbpf_quota_charge(struct kbpf_charge *ch, u32 type, u64 mem);
void kbpf_quota_uncharge(struct kbpf_charge *ch);
u64 kbpf_quota_map_mem(u32 type, u32 key_size, u32 value_size, u32 max_entries);
void kbpf_quota_init(void);

long kbpf_get_next_id_cmd(void __user *uarg);
long kbpf_get_fd_by_id_cmd(void __user *uarg);
long kbpf_obj_pin_cmd(void __user *uarg);
long kbpf_obj_get_cmd(void __user *uarg);
long kbpf_obj_unpin_cmd(void __user *uarg);
long kbpf_pin_next_cmd(void __user *uarg);

#endif /* _KBPF_VM_OBJ_H */
