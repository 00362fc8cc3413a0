// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-user limits: how many programs, maps and links one user may hold at
 * once, and how much memory their maps and programs may take, so one
 * user's service cannot exhaust what every other user of the module
 * shares (the 65,536 objects, the kernel's memory). Linux once charged
 * BPF memory to RLIMIT_MEMLOCK per user; kbpf keeps a count per user and
 * object kind plus a byte estimate, checked before anything is allocated.
 *
 * The user is the creating process's real uid, as for the object's
 * owner. A charge is given back when the object's last reference goes:
 * an object another holds (a program in a link or a prog_array) still
 * counts against its creator.
 */
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "obj.h"

static unsigned int max_progs_per_user = 16384;
module_param(max_progs_per_user, uint, 0644);
MODULE_PARM_DESC(max_progs_per_user, "programs one user may hold (0: no limit)");
static unsigned int max_maps_per_user = 16384;
module_param(max_maps_per_user, uint, 0644);
MODULE_PARM_DESC(max_maps_per_user, "maps one user may hold (0: no limit)");
static unsigned int max_links_per_user = 16384;
module_param(max_links_per_user, uint, 0644);
MODULE_PARM_DESC(max_links_per_user, "links one user may hold (0: no limit)");
static unsigned int max_mem_per_user_mb;
module_param(max_mem_per_user_mb, uint, 0644);
MODULE_PARM_DESC(max_mem_per_user_mb,
		 "MiB of map and program memory one user may hold (default: half the RAM; 0: no limit)");

struct kbpf_user {
	struct hlist_node node;
	kuid_t uid;
	u32 count[KBPF_OBJ_LINK + 1];
	u64 mem;
};

/* Charges come from any context an object's last reference may go in. */
static DEFINE_SPINLOCK(kbpf_users_lock);
static DEFINE_HASHTABLE(kbpf_users, 6);

static unsigned int limit_of(u32 type)
{
	switch (type) {
	case KBPF_OBJ_PROG:
		return READ_ONCE(max_progs_per_user);
	case KBPF_OBJ_MAP:
		return READ_ONCE(max_maps_per_user);
	default:
		return READ_ONCE(max_links_per_user);
	}
}

static struct kbpf_user *user_find(kuid_t uid)
{
	struct kbpf_user *u;

	hash_for_each_possible(kbpf_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

static bool over_limit(const struct kbpf_user *u, u32 type, u64 mem)
{
	unsigned int max = limit_of(type);
	u64 max_mem = (u64)READ_ONCE(max_mem_per_user_mb) << 20;

	if (max && u->count[type] >= max)
		return true;
	return max_mem && (mem > max_mem || u->mem > max_mem - mem);
}

int kbpf_quota_charge(struct kbpf_charge *ch, u32 type, u64 mem)
{
	kuid_t uid = current_uid();
	struct kbpf_user *u, *fresh;
	unsigned long flags;
	int err = 0;

	if (WARN_ON_ONCE(type > KBPF_OBJ_LINK))
		return -EINVAL;
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return -ENOMEM;
	spin_lock_irqsave(&kbpf_users_lock, flags);
	u = user_find(uid);
	if (!u) {
		u = fresh;
		fresh = NULL;
		u->uid = uid;
		hash_add(kbpf_users, &u->node, __kuid_val(uid));
	}
	if (over_limit(u, type, mem)) {
		err = -EDQUOT;
		if (!u->mem && !u->count[KBPF_OBJ_PROG] &&
		    !u->count[KBPF_OBJ_MAP] && !u->count[KBPF_OBJ_LINK]) {
			hash_del(&u->node);
			fresh = u;
		}
	} else {
		u->count[type]++;
		u->mem += mem;
		*ch = (struct kbpf_charge){ .user = u, .mem = mem, .type = type };
	}
	spin_unlock_irqrestore(&kbpf_users_lock, flags);
	kfree(fresh);
	return err;
}

void kbpf_quota_uncharge(struct kbpf_charge *ch)
{
	struct kbpf_user *u = ch->user, *gone = NULL;
	unsigned long flags;

	if (!u)
		return;
	spin_lock_irqsave(&kbpf_users_lock, flags);
	u->count[ch->type]--;
	u->mem -= ch->mem;
	if (!u->mem && !u->count[KBPF_OBJ_PROG] && !u->count[KBPF_OBJ_MAP] &&
	    !u->count[KBPF_OBJ_LINK]) {
		hash_del(&u->node);
		gone = u;
	}
	spin_unlock_irqrestore(&kbpf_users_lock, flags);
	kfree(gone);
	ch->user = NULL;
}

/*
 * What a map will take at most, before it exists: values (one per CPU
 * for the per-CPU kinds), keys and a per-element header for hashes, the
 * data area of a ring buffer. An estimate, like Linux's old memlock
 * charge; the memory cgroup accounts the exact allocations.
 */
u64 kbpf_quota_map_mem(u32 type, u32 key_size, u32 value_size, u32 max_entries)
{
	u64 value = round_up((u64)value_size, 8), n = max_entries;

	switch (type) {
	case KBPF_MAP_TYPE_PERCPU_ARRAY:
		return n * value * num_possible_cpus();
	case KBPF_MAP_TYPE_ARRAY:
		return n * value;
	case KBPF_MAP_TYPE_PROG_ARRAY:
		return n * sizeof(void *);
	case KBPF_MAP_TYPE_RINGBUF:
		return n + 2 * PAGE_SIZE;
	case KBPF_MAP_TYPE_PERCPU_HASH:
	case KBPF_MAP_TYPE_LRU_PERCPU_HASH:
		value *= num_possible_cpus();
		fallthrough;
	default:
		return n * (round_up((u64)key_size, 8) + value + 64);
	}
}

void kbpf_quota_init(void)
{
	/* Not given at insmod: half the RAM, the most one user may pin. */
	if (!max_mem_per_user_mb)
		max_mem_per_user_mb = max_t(u64, totalram_pages() >> (21 - PAGE_SHIFT), 1);
}
