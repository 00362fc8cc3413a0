// SPDX-License-Identifier: GPL-2.0-only
/*
 * Program arrays (prog_array): max_entries slots, each empty or holding a
 * reference on a program, the targets of bpf_tail_call.
 *
 * User space writes a program descriptor and reads back the program's
 * id, as in Linux. How a descriptor becomes a referenced program, and how
 * the reference is dropped, is the creator's business (struct
 * kbpf_prog_ref_ops): the module's objects, the tool's host handles, a
 * test's own table.
 *
 * Slots are single pointers: an update publishes the new program with an
 * exchange (a full barrier, so its contents are visible first) and drops
 * the old one, whose memory the owner frees only after a grace period; a
 * program reading the slot holds RCU, so it never sees a freed target.
 *
 * The first program that uses the map, or the first entry stored, fixes
 * the program type of every later entry and user (Linux's map owner):
 * a tail call never changes the context type under a program. Likewise
 * the engine (interpreted or native), once known: an entry's at update,
 * a tail-calling user's after the JIT ran at its load.
 */
#include "maps.h"

static struct kbpf_prog_array *to_parr(const struct kbpf_map *map)
{
	return (struct kbpf_prog_array *)map;
}

static bool parr_index(const struct kbpf_map *map, const void *key, u32 *i)
{
	u32 index;

	memcpy(&index, key, sizeof(index));
	if (index >= map->max_entries)
		return false;
	*i = kbpf_index_nospec(index, map->max_entries);
	return true;
}

static struct kbpf_prog *parr_xchg(struct kbpf_prog_array *pa, u32 i,
				   struct kbpf_prog *prog)
{
	BUILD_BUG_ON(sizeof(void *) != sizeof(u64));
	return (struct kbpf_prog *)(uintptr_t)
		kbpf_atomic_xchg64(&pa->progs[i], (u64)(uintptr_t)prog);
}

u32 kbpf_prog_array_owner(const struct kbpf_map *map)
{
	return READ_ONCE(to_parr(map)->owner_type);
}

int kbpf_prog_array_claim(struct kbpf_map *map, u32 prog_type)
{
	struct kbpf_prog_array *pa = to_parr(map);
	u32 old;

	old = kbpf_atomic_cmpxchg32(&pa->owner_type, 0, prog_type);
	return !old || old == prog_type ? 0 : -EINVAL;
}

int kbpf_prog_array_claim_engine(struct kbpf_map *map, bool jited)
{
	struct kbpf_prog_array *pa = to_parr(map);
	u32 want = jited ? KBPF_PARR_ENGINE_NATIVE : KBPF_PARR_ENGINE_INTERP;
	u32 old;

	old = kbpf_atomic_cmpxchg32(&pa->owner_engine, KBPF_PARR_ENGINE_UNSET,
				    want);
	return old == KBPF_PARR_ENGINE_UNSET || old == want ? 0 : -EINVAL;
}

int kbpf_prog_claim_tail_engine(const struct kbpf_prog *prog)
{
	u32 i;

	if (!prog->tail_calls)
		return 0;
	for (i = 0; i < prog->nr_maps; i++) {
		struct kbpf_map *map = prog->maps[i];

		if (map && map->type == KBPF_MAP_TYPE_PROG_ARRAY &&
		    kbpf_prog_array_claim_engine(map, prog->jited))
			return -EINVAL;
	}
	return 0;
}

/* Programs may only tail-call through the map: the verifier sees to it. */
static void *parr_lookup(struct kbpf_map *map, const void *key)
{
	return NULL;
}

static long parr_update(struct kbpf_map *map, const void *key,
			const void *value, u64 flags)
{
	return -EOPNOTSUPP;
}

static long parr_delete(struct kbpf_map *map, const void *key)
{
	struct kbpf_prog_array *pa = to_parr(map);
	struct kbpf_prog *old;
	u32 i;

	if (!parr_index(map, key, &i))
		return -E2BIG;
	old = parr_xchg(pa, i, NULL);
	if (!old)
		return -ENOENT;
	pa->ref->put(old);
	return 0;
}

static int parr_direct_value_addr(const struct kbpf_map *map, u32 off,
				  u64 *addr)
{
	return -EOPNOTSUPP;
}

static int parr_lookup_user(struct kbpf_map *map, const void *key,
			    void *value)
{
	struct kbpf_prog_array *pa = to_parr(map);
	const struct kbpf_prog *prog;
	u32 i, id;

	if (!parr_index(map, key, &i))
		return -ENOENT;
	prog = kbpf_rcu_dereference(pa->progs[i]);
	if (!prog)
		return -ENOENT;
	id = pa->ref->id(prog);
	memcpy(value, &id, sizeof(id));
	return 0;
}

/* @value is a program descriptor; only BPF_ANY, as Linux's fd arrays. */
static int parr_update_user(struct kbpf_map *map, const void *key,
			    const void *value, u64 flags)
{
	struct kbpf_prog_array *pa = to_parr(map);
	struct kbpf_prog *prog, *old;
	int err = 0;
	u32 i, fd;

	flags &= ~KBPF_UPDATE_MAY_SLEEP;
	if (flags != KBPF_ANY)
		return -EINVAL;
	if (!parr_index(map, key, &i))
		return -E2BIG;
	memcpy(&fd, value, sizeof(fd));
	prog = pa->ref->get(fd, &err);
	if (!prog)
		return err;
	if (kbpf_prog_array_claim(map, prog->type) ||
	    kbpf_prog_array_claim_engine(map, prog->jited)) {
		pa->ref->put(prog);
		return -EINVAL;
	}
	old = parr_xchg(pa, i, prog);
	if (old)
		pa->ref->put(old);
	return 0;
}

void kbpf_prog_array_clear(struct kbpf_map *map)
{
	struct kbpf_prog_array *pa = to_parr(map);
	struct kbpf_prog *old;
	u32 i;

	for (i = 0; i < map->max_entries; i++) {
		old = parr_xchg(pa, i, NULL);
		if (old)
			pa->ref->put(old);
	}
}

static void parr_free(struct kbpf_map *map)
{
	kbpf_prog_array_clear(map);
	kbpf_big_free(map);
}

static const struct kbpf_map_ops prog_array_ops = {
	.lookup			= parr_lookup,
	.update			= parr_update,
	.delete			= parr_delete,
	.direct_value_addr	= parr_direct_value_addr,
	.lookup_user		= parr_lookup_user,
	.update_user		= parr_update_user,
	.get_next_key		= kbpf_array_get_next_key,	/* every index, filled or not */
	.free			= parr_free,
};

struct kbpf_map *kbpf_prog_array_create(const struct kbpf_map_attr *attr)
{
	struct kbpf_prog_array *pa;
	u64 total;

	/* u32 index in, u32 descriptor (or id, on lookup) as the value. */
	if (attr->key_size != 4 || attr->value_size != 4)
		return ERR_PTR(-EINVAL);
	if (attr->flags & (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG))
		return ERR_PTR(-EINVAL);
	if (!attr->prog_ref)
		return ERR_PTR(-EOPNOTSUPP);
	total = sizeof(*pa) + (u64)attr->max_entries * sizeof(pa->progs[0]);
	if (total > KBPF_MAP_MAX_BYTES)
		return ERR_PTR(-E2BIG);
	pa = kbpf_big_zalloc((size_t)total);
	if (!pa)
		return ERR_PTR(-ENOMEM);
	kbpf_map_init(&pa->map, attr, &prog_array_ops);
	pa->ref = attr->prog_ref;
	return &pa->map;
}
