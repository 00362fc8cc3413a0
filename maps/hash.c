// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hash and per-CPU hash maps.
 *
 * Buckets are singly linked chains that lookups walk under RCU alone;
 * writers take the bucket's lock. An element that leaves a chain keeps
 * its next pointer, so a reader standing on it still reaches the rest of
 * the chain, and it is reused or freed only after a grace period.
 *
 * By default every element is allocated at creation and kept on a free
 * list, so programs never allocate (they may run where allocation is
 * forbidden); KBPF_F_NO_PREALLOC allocates on update instead. The map
 * holds at most max_entries elements either way: one more is -E2BIG.
 * Deleted elements return to the free list after a grace period; until
 * then user-space inserts allocate instead (see elem_alloc()).
 *
 * Updates of an existing key copy the value in place under the bucket
 * lock (no element is needed, so a full map can still be updated); a
 * concurrent lookup may see a value half written, as with arrays.
 *
 * LRU maps (always preallocated) are these tables with an eviction order
 * on top (maps/lru.c): an element in use is also on an LRU list, an
 * insert into a full list evicts that list's least recently used element
 * first, and the evicted element waits for a grace period like a deleted
 * one. Spare elements beyond max_entries cover those waits (lru_spares()).
 */
#include "maps.h"

struct htab_elem {
	struct htab_elem *next;			/* in the bucket, RCU */
	union {
		kbpf_rcu_head_t rcu;		/* waiting for readers */
		struct htab_elem *free_next;	/* on the free list */
		struct kbpf_lru_node lru;	/* in use, LRU maps */
	};
	struct kbpf_htab *htab;
	u32 hash;
	bool heap;			/* allocated although the map preallocates */
	u8 key[] __aligned(8);	/* then the value */
};

struct htab_bucket {
	struct htab_elem *head;
	kbpf_lock_t lock;
};

struct kbpf_htab {
	struct kbpf_map map;
	struct htab_bucket *buckets;
	u32 n_buckets;			/* a power of two */
	u32 elem_size;
	u32 key_off;			/* of the value: key_size rounded to 8 */
	u32 seed;
	u32 count;			/* elements in the buckets, atomic */
	kbpf_busy_t busy;
	/* Preallocated maps only. */
	u32 nr_elems;
	u8 *elems;
	struct htab_elem *free_list;
	kbpf_lock_t free_lock;
	struct kbpf_lru lru;		/* LRU maps only */
};

static struct kbpf_htab *to_htab(const struct kbpf_map *map)
{
	return (struct kbpf_htab *)map;
}

static bool htab_prealloc(const struct kbpf_htab *htab)
{
	return !(htab->map.flags & KBPF_F_NO_PREALLOC);
}

static bool type_percpu(u32 type)
{
	return type == KBPF_MAP_TYPE_PERCPU_HASH ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool type_lru(u32 type)
{
	return type == KBPF_MAP_TYPE_LRU_HASH ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool htab_percpu(const struct kbpf_htab *htab)
{
	return type_percpu(htab->map.type);
}

static bool htab_lru(const struct kbpf_htab *htab)
{
	return type_lru(htab->map.type);
}

static struct htab_elem *lru_elem(struct kbpf_lru_node *node)
{
	return (struct htab_elem *)((u8 *)node - offsetof(struct htab_elem, lru));
}

static inline u32 htab_rol(u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

/* A seeded multiply-rotate mix over 4-byte words, finished by avalanche. */
static u32 htab_hash(const struct kbpf_htab *htab, const void *key)
{
	const u8 *p = key;
	u32 n = htab->map.key_size, h = htab->seed ^ n, w;

	for (; n >= 4; n -= 4, p += 4) {
		memcpy(&w, p, 4);
		h = htab_rol(h ^ (w * 0xcc9e2d51U), 15) * 5 + 0xe6546b64U;
	}
	for (w = 0; n; n--)
		w = w << 8 | p[n - 1];
	h ^= w * 0x1b873593U;
	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	return h ^ (h >> 16);
}

static struct htab_bucket *htab_bucket(struct kbpf_htab *htab, u32 hash)
{
	return &htab->buckets[hash & (htab->n_buckets - 1)];
}

static void *elem_value(struct kbpf_htab *htab, struct htab_elem *e)
{
	return e->key + htab->key_off;
}

/* Per-CPU maps keep a pointer to the per-CPU area in the value slot. */
static void __percpu *elem_pptr(struct kbpf_htab *htab, struct htab_elem *e)
{
	void __percpu *p;

	memcpy(&p, elem_value(htab, e), sizeof(p));
	return p;
}

static struct htab_elem *chain_find(struct kbpf_htab *htab,
				    struct htab_bucket *b, u32 hash,
				    const void *key)
{
	struct htab_elem *e;

	for (e = kbpf_rcu_dereference(b->head); e;
	     e = kbpf_rcu_dereference(e->next))
		if (e->hash == hash && !memcmp(e->key, key, htab->map.key_size))
			return e;
	return NULL;
}

static struct htab_elem *htab_find(struct kbpf_htab *htab, const void *key)
{
	u32 hash = htab_hash(htab, key);

	return chain_find(htab, htab_bucket(htab, hash), hash, key);
}

static void *htab_lookup(struct kbpf_map *map, const void *key)
{
	struct kbpf_htab *htab = to_htab(map);
	struct htab_elem *e = htab_find(htab, key);

	if (!e)
		return NULL;
	if (htab_lru(htab))
		kbpf_lru_touch(&e->lru);
	if (htab_percpu(htab))
		return kbpf_this_cpu_ptr(elem_pptr(htab, e));
	return elem_value(htab, e);
}

static void *htab_lookup_percpu(struct kbpf_map *map, const void *key,
				u32 cpu)
{
	struct kbpf_htab *htab = to_htab(map);
	struct htab_elem *e;

	if (!htab_percpu(htab))
		return NULL;
	e = htab_find(htab, key);
	if (!e)
		return NULL;
	if (htab_lru(htab))
		kbpf_lru_touch(&e->lru);
	return kbpf_per_cpu_ptr(elem_pptr(htab, e), cpu);
}

/*
 * Bucket locks: interrupts off, and -EBUSY rather than a deadlock when a
 * program fires on a CPU that is already inside one of this map's locks.
 */
static int htab_lock(struct kbpf_htab *htab, struct htab_bucket *b,
		     unsigned long *flags)
{
	kbpf_irq_save(*flags);
	if (!kbpf_busy_enter(htab->busy)) {
		kbpf_irq_restore(*flags);
		return -EBUSY;
	}
	kbpf_lock(&b->lock);
	return 0;
}

static void htab_unlock(struct kbpf_htab *htab, struct htab_bucket *b,
			unsigned long flags)
{
	kbpf_unlock(&b->lock);
	kbpf_busy_exit(htab->busy);
	kbpf_irq_restore(flags);
}

/*
 * The LRU's unlink callback: the list's lock is held, interrupts are off
 * and the busy counter is taken, so the bucket lock is taken plainly.
 */
static bool lru_unlink(struct kbpf_lru *lru, struct kbpf_lru_node *node)
{
	struct kbpf_htab *htab = (struct kbpf_htab *)
		((u8 *)lru - offsetof(struct kbpf_htab, lru));
	struct htab_elem *e = lru_elem(node), **pprev;
	struct htab_bucket *b = htab_bucket(htab, e->hash);
	bool found;

	kbpf_lock(&b->lock);
	for (pprev = &b->head; *pprev && *pprev != e; pprev = &(*pprev)->next)
		;
	found = *pprev;
	if (found)
		kbpf_rcu_assign_pointer(*pprev, e->next);
	kbpf_unlock(&b->lock);
	return found;
}

static struct htab_elem *freelist_pop(struct kbpf_htab *htab)
{
	struct htab_elem *e;
	unsigned long flags;

	kbpf_irq_save(flags);
	kbpf_lock(&htab->free_lock);
	e = htab->free_list;
	if (e)
		htab->free_list = e->free_next;
	kbpf_unlock(&htab->free_lock);
	kbpf_irq_restore(flags);
	return e;
}

static void freelist_push(struct kbpf_htab *htab, struct htab_elem *e)
{
	unsigned long flags;

	kbpf_irq_save(flags);
	kbpf_lock(&htab->free_lock);
	e->free_next = htab->free_list;
	htab->free_list = e;
	kbpf_unlock(&htab->free_lock);
	kbpf_irq_restore(flags);
}

/* Back to the free list, or to the heap: no reader can hold @e. */
static void elem_free(struct kbpf_htab *htab, struct htab_elem *e)
{
	if (htab_prealloc(htab) && !e->heap) {
		freelist_push(htab, e);
		return;
	}
	if (htab_percpu(htab))
		kbpf_percpu_free(elem_pptr(htab, e));
	kbpf_free(e);
}

static void elem_free_rcu(kbpf_rcu_head_t *head)
{
	struct htab_elem *e = (struct htab_elem *)
		((u8 *)head - offsetof(struct htab_elem, rcu));

	elem_free(e->htab, e);
}

/* After the bucket lock is dropped: the host's grace period may wait. */
static void elem_retire(struct htab_elem *e)
{
	kbpf_call_rcu(&e->rcu, elem_free_rcu);
}

/*
 * A preallocated map's free list can be empty while the map is not full:
 * deleted elements wait for a grace period. Programs then get -E2BIG
 * (they must not allocate); user space (@may_alloc) gets a heap element,
 * freed instead of recycled when it is deleted.
 */
static struct htab_elem *elem_alloc(struct kbpf_htab *htab, bool may_alloc)
{
	struct htab_elem *e;
	void __percpu *pptr;

	if (htab_prealloc(htab)) {
		e = freelist_pop(htab);
		if (e || !may_alloc)
			return e;
	}
	e = kbpf_alloc_atomic(htab->map.memcg, htab->elem_size);
	if (e)
		e->heap = htab_prealloc(htab);
	if (!e || !htab_percpu(htab))
		return e;
	pptr = kbpf_percpu_alloc_atomic(htab->map.memcg,
					 htab->map.value_size);
	if (!pptr) {
		kbpf_free(e);
		return NULL;
	}
	memcpy(elem_value(htab, e), &pptr, sizeof(pptr));
	return e;
}

/*
 * Writes a value: from a program (@all_cpus false) the current CPU's
 * slot, zeroing the others of a new element; from user space every CPU's
 * from consecutive 8-aligned slots.
 */
static void elem_set_value(struct kbpf_htab *htab, struct htab_elem *e,
			   const void *value, bool all_cpus, bool fresh)
{
	u32 stride = ALIGN(htab->map.value_size, 8);
	void __percpu *pptr;
	const u8 *in = value;
	int cpu;

	if (!htab_percpu(htab)) {
		memcpy(elem_value(htab, e), value, htab->map.value_size);
		return;
	}
	pptr = elem_pptr(htab, e);
	if (all_cpus) {
		kbpf_for_each_possible_cpu(cpu) {
			memcpy(kbpf_per_cpu_ptr(pptr, cpu), in, stride);
			in += stride;
		}
		return;
	}
	if (fresh)
		kbpf_for_each_possible_cpu(cpu)
			memset(kbpf_per_cpu_ptr(pptr, cpu), 0, stride);
	memcpy(kbpf_this_cpu_ptr(pptr), value, htab->map.value_size);
}

/* Claims one of max_entries places for a new element. */
static bool htab_count_inc(struct kbpf_htab *htab)
{
	if (kbpf_atomic_fetch_add32(&htab->count, 1) < htab->map.max_entries)
		return true;
	kbpf_atomic_add32(&htab->count, -1);
	return false;
}

static int htab_insert(struct kbpf_htab *htab, const void *key,
		       const void *value, u64 flags, bool all_cpus,
		       bool may_alloc)
{
	u32 hash = htab_hash(htab, key);
	struct htab_bucket *b = htab_bucket(htab, hash);
	struct htab_elem *e;
	unsigned long irqf;
	int err;

	err = htab_lock(htab, b, &irqf);
	if (err)
		return err;
	e = chain_find(htab, b, hash, key);
	if (e) {
		err = flags == KBPF_NOEXIST ? -EEXIST : 0;
		if (!err)
			elem_set_value(htab, e, value, all_cpus, false);
		goto out;
	}
	if (flags == KBPF_EXIST) {
		err = -ENOENT;
		goto out;
	}
	if (!htab_count_inc(htab)) {
		err = -E2BIG;
		goto out;
	}
	e = elem_alloc(htab, may_alloc);
	if (!e) {
		kbpf_atomic_add32(&htab->count, -1);
		/* Preallocated: the rest wait for a grace period. */
		err = htab_prealloc(htab) && !may_alloc ? -E2BIG : -ENOMEM;
		goto out;
	}
	e->htab = htab;
	e->hash = hash;
	memcpy(e->key, key, htab->map.key_size);
	elem_set_value(htab, e, value, all_cpus, true);
	e->next = b->head;
	kbpf_rcu_assign_pointer(b->head, e);
out:
	htab_unlock(htab, b, irqf);
	return err;
}

/* Under the bucket lock: the key is there, so no element is needed. */
static int lru_update_existing(struct kbpf_htab *htab, struct htab_elem *e,
			       const void *value, u64 flags, bool all_cpus)
{
	if (flags == KBPF_NOEXIST)
		return -EEXIST;
	elem_set_value(htab, e, value, all_cpus, false);
	kbpf_lru_touch(&e->lru);
	return 0;
}

/*
 * Links @n (off the map, key and value written) unless its key appeared
 * meanwhile. Takes @n's list place first, evicting into *@victim, then
 * the bucket lock: eviction takes bucket locks inside list locks. While
 * @n is on the list but not in a bucket eviction skips it. Returns 1 if
 * @n was not used (off the list again).
 */
static int lru_link(struct kbpf_htab *htab, struct htab_bucket *b,
		    struct htab_elem *n, const void *value, u64 flags,
		    bool all_cpus, struct kbpf_lru_node **victim)
{
	struct htab_elem *e;
	unsigned long irqf;
	int err;

	*victim = NULL;
	kbpf_irq_save(irqf);
	if (!kbpf_busy_enter(htab->busy)) {
		kbpf_irq_restore(irqf);
		return -EBUSY;
	}
	err = kbpf_lru_add(&htab->lru, &n->lru, victim);
	if (err)
		goto out;
	kbpf_lock(&b->lock);
	e = chain_find(htab, b, n->hash, n->key);
	if (e) {
		err = lru_update_existing(htab, e, value, flags, all_cpus);
	} else {
		n->next = b->head;
		kbpf_rcu_assign_pointer(b->head, n);
	}
	kbpf_unlock(&b->lock);
	if (e) {
		kbpf_lru_del(&htab->lru, &n->lru);
		err = err ?: 1;
	}
out:
	kbpf_busy_exit(htab->busy);
	kbpf_irq_restore(irqf);
	return err;
}

/*
 * An update of a present key copies in place and evicts nothing; a new
 * key takes a free element (a spare, see lru_spares(): the one it evicts
 * waits for a grace period), then links it with lru_link().
 */
static int lru_insert(struct kbpf_htab *htab, const void *key,
		      const void *value, u64 flags, bool all_cpus,
		      bool may_alloc)
{
	u32 hash = htab_hash(htab, key);
	struct htab_bucket *b = htab_bucket(htab, hash);
	struct kbpf_lru_node *victim;
	struct htab_elem *e, *n;
	unsigned long irqf;
	int err;

	err = htab_lock(htab, b, &irqf);
	if (err)
		return err;
	e = chain_find(htab, b, hash, key);
	if (e)
		err = lru_update_existing(htab, e, value, flags, all_cpus);
	else if (flags == KBPF_EXIST)
		err = -ENOENT;
	htab_unlock(htab, b, irqf);
	if (e || err)
		return err;

	/* Empty only when every spare still waits for a grace period. */
	n = elem_alloc(htab, may_alloc);
	if (!n)
		return -ENOMEM;
	n->htab = htab;
	n->hash = hash;
	memcpy(n->key, key, htab->map.key_size);
	elem_set_value(htab, n, value, all_cpus, true);
	err = lru_link(htab, b, n, value, flags, all_cpus, &victim);
	if (victim)
		elem_retire(lru_elem(victim));
	if (err) {
		/* Never in the map and off the list: nobody holds it. */
		elem_free(htab, n);
		return err < 0 ? err : 0;
	}
	return 0;
}

static int htab_update_common(struct kbpf_map *map, const void *key,
			      const void *value, u64 flags, bool all_cpus)
{
	bool may_alloc = flags & KBPF_UPDATE_MAY_SLEEP;

	flags &= ~KBPF_UPDATE_MAY_SLEEP;
	if (kbpf_map_check_update_flags(flags))
		return -EINVAL;
	if (htab_lru(to_htab(map)))
		return lru_insert(to_htab(map), key, value, flags, all_cpus,
				  may_alloc);
	return htab_insert(to_htab(map), key, value, flags, all_cpus,
			   may_alloc);
}

static long htab_update(struct kbpf_map *map, const void *key,
			const void *value, u64 flags)
{
	return htab_update_common(map, key, value, flags, false);
}

static int htab_update_user(struct kbpf_map *map, const void *key,
			    const void *value, u64 flags)
{
	return htab_update_common(map, key, value, flags, true);
}

static void htab_copy_out(struct kbpf_htab *htab, struct htab_elem *e,
			  void *value)
{
	u32 stride = ALIGN(htab->map.value_size, 8);
	u8 *out = value;
	int cpu;

	if (!htab_percpu(htab)) {
		memcpy(value, elem_value(htab, e), htab->map.value_size);
		return;
	}
	kbpf_for_each_possible_cpu(cpu) {
		memcpy(out, kbpf_per_cpu_ptr(elem_pptr(htab, e), cpu), stride);
		out += stride;
	}
}

/*
 * Unlinks @e (NULL: none) from *@pprev in @b, which htab_lock() locked,
 * and unlocks: off the LRU list after the bucket (the list lock is taken
 * first), retired once no reader can still see it.
 */
static void unlink_unlock(struct kbpf_htab *htab, struct htab_bucket *b,
			  struct htab_elem **pprev, struct htab_elem *e,
			  unsigned long irqf)
{
	if (e) {
		kbpf_rcu_assign_pointer(*pprev, e->next);
		if (!htab_lru(htab))
			kbpf_atomic_add32(&htab->count, -1);
	}
	kbpf_unlock(&b->lock);
	if (e && htab_lru(htab))
		kbpf_lru_del(&htab->lru, &e->lru);
	kbpf_busy_exit(htab->busy);
	kbpf_irq_restore(irqf);
	if (e)
		elem_retire(e);
}

/* Unlinks @key's element and, if @value, copies its value out first. */
static int htab_remove(struct kbpf_htab *htab, const void *key, void *value)
{
	u32 hash = htab_hash(htab, key);
	struct htab_bucket *b = htab_bucket(htab, hash);
	struct htab_elem *e, **pprev;
	unsigned long irqf;
	int err;

	err = htab_lock(htab, b, &irqf);
	if (err)
		return err;
	for (pprev = &b->head; (e = *pprev); pprev = &e->next)
		if (e->hash == hash && !memcmp(e->key, key, htab->map.key_size))
			break;
	if (e && value)
		htab_copy_out(htab, e, value);
	unlink_unlock(htab, b, pprev, e, irqf);
	return e ? 0 : -ENOENT;
}

static long htab_delete(struct kbpf_map *map, const void *key)
{
	return htab_remove(to_htab(map), key, NULL);
}

static int htab_lookup_and_delete(struct kbpf_map *map, const void *key,
				  void *value)
{
	return htab_remove(to_htab(map), key, value);
}

static int htab_direct_value_addr(const struct kbpf_map *map, u32 off,
				  u64 *addr)
{
	return -EOPNOTSUPP;
}

static int htab_lookup_user(struct kbpf_map *map, const void *key,
			    void *value)
{
	struct kbpf_htab *htab = to_htab(map);
	struct htab_elem *e = htab_find(htab, key);

	if (!e)
		return -ENOENT;
	htab_copy_out(htab, e, value);
	return 0;
}

/*
 * Bucket order, then chain order, as Linux: the key after @key in its
 * chain, else the first key of the next non-empty bucket. An absent key
 * starts from the first bucket.
 */
static int htab_get_next_key(struct kbpf_map *map, const void *key,
			     void *next)
{
	struct kbpf_htab *htab = to_htab(map);
	struct htab_elem *e = NULL;
	u32 i = 0, hash;

	if (key) {
		hash = htab_hash(htab, key);
		e = chain_find(htab, htab_bucket(htab, hash), hash, key);
	}
	if (e) {
		struct htab_elem *n = kbpf_rcu_dereference(e->next);

		if (n) {
			memcpy(next, n->key, map->key_size);
			return 0;
		}
		i = (hash & (htab->n_buckets - 1)) + 1;
	}
	for (; i < htab->n_buckets; i++) {
		e = kbpf_rcu_dereference(htab->buckets[i].head);
		if (e) {
			memcpy(next, e->key, map->key_size);
			return 0;
		}
	}
	return -ENOENT;
}

/* Element @n of a batch's buffers gets @e's key and value. */
static void batch_put(struct kbpf_htab *htab, struct htab_elem *e,
		      u8 *keys, u8 *values, u32 n)
{
	u32 ks = htab->map.key_size;

	memcpy(keys + (size_t)n * ks, e->key, ks);
	htab_copy_out(htab, e, values +
		      (size_t)n * kbpf_map_user_value_size(&htab->map));
}

/*
 * Lookup batch, one bucket: the elements after @after (NULL: all) while
 * there is room. Under RCU alone, as lookups; *@more if one was left.
 */
static u32 bucket_copy(struct kbpf_htab *htab, struct htab_bucket *b,
		       struct htab_elem *after, u8 *keys, u8 *values, u32 n,
		       u32 max, bool *more)
{
	struct htab_elem *e;

	e = after ? kbpf_rcu_dereference(after->next) :
		    kbpf_rcu_dereference(b->head);
	for (; e; e = kbpf_rcu_dereference(e->next)) {
		if (n == max) {
			*more = true;
			break;
		}
		batch_put(htab, e, keys, values, n++);
	}
	return n;
}

/*
 * Lookup-and-delete batch, one bucket: takes the elements after @after
 * (if still linked; else from the head) one lock hold each, as
 * htab_remove(), so each is retired after its bucket lock is dropped.
 */
static int bucket_take(struct kbpf_htab *htab, struct htab_bucket *b,
		       struct htab_elem *after, u8 *keys, u8 *values, u32 *n,
		       u32 max, bool *more)
{
	struct htab_elem *e, **pprev;
	unsigned long irqf;
	int err;

	/* Most buckets of a big map are empty: no lock for those. */
	if (!after && !kbpf_rcu_dereference(b->head))
		return 0;
	for (;;) {
		err = htab_lock(htab, b, &irqf);
		if (err)
			return err;
		for (pprev = &b->head; after && *pprev && *pprev != after;
		     pprev = &(*pprev)->next)
			;
		if (!*pprev)		/* @after left: from the head */
			pprev = &b->head;
		else if (after)
			pprev = &after->next;
		e = *pprev;
		if (e && *n == max) {
			*more = true;
			e = NULL;
		}
		if (e)
			batch_put(htab, e, keys, values, (*n)++);
		unlink_unlock(htab, b, pprev, e, irqf);
		if (!e)
			return 0;
	}
}

/*
 * Bucket order, then chain order, as get_next_key, one bucket at a time:
 * the cursor's key is hashed once per call, not once per element. Unlike
 * get_next_key, a cursor key that is gone resumes at its own bucket.
 */
static int htab_lookup_batch(struct kbpf_map *map, struct kbpf_map_cursor *c,
			     void *keys, void *values, u32 max, bool del,
			     u32 *n)
{
	struct kbpf_htab *htab = to_htab(map);
	struct htab_elem *after = NULL;
	bool more = false;
	u32 i = 0, hash;
	int err = 0;

	*n = 0;
	if (c->have_key) {
		hash = htab_hash(htab, c->key);
		i = hash & (htab->n_buckets - 1);
		after = chain_find(htab, &htab->buckets[i], hash, c->key);
	}
	for (; i < htab->n_buckets && !more; i++, after = NULL) {
		if (del)
			err = bucket_take(htab, &htab->buckets[i], after, keys,
					  values, n, max, &more);
		else
			*n = bucket_copy(htab, &htab->buckets[i], after, keys,
					 values, *n, max, &more);
		if (err)
			break;
	}
	c->end = !more && !err;
	if (*n) {
		memcpy(c->key, (u8 *)keys + (size_t)(*n - 1) * map->key_size,
		       map->key_size);
		c->have_key = true;
	}
	return err;
}

static void htab_free_elems(struct kbpf_htab *htab)
{
	struct htab_elem *e, *n;
	u32 i;

	if (htab_prealloc(htab)) {
		/* Heap elements still linked go one by one; the block at once. */
		for (i = 0; i < htab->n_buckets && htab->buckets; i++) {
			for (e = htab->buckets[i].head; e; e = n) {
				n = e->next;
				if (!e->heap)
					continue;
				if (htab_percpu(htab))
					kbpf_percpu_free(elem_pptr(htab, e));
				kbpf_free(e);
			}
		}
		if (htab_percpu(htab) && htab->elems)
			for (i = 0; i < htab->nr_elems; i++)
				kbpf_percpu_free(elem_pptr(htab, (struct htab_elem *)
					(htab->elems + (size_t)i * htab->elem_size)));
		kbpf_big_free(htab->elems);
		return;
	}
	for (i = 0; i < htab->n_buckets; i++) {
		for (e = htab->buckets[i].head; e; e = n) {
			n = e->next;
			if (htab_percpu(htab))
				kbpf_percpu_free(elem_pptr(htab, e));
			kbpf_free(e);
		}
	}
}

/* Pending element callbacks use the map: the caller waited for them. */
static void htab_free(struct kbpf_map *map)
{
	struct kbpf_htab *htab = to_htab(map);

	if (htab->buckets)
		htab_free_elems(htab);
	kbpf_big_free(htab->buckets);
	kbpf_lru_destroy(&htab->lru);
	kbpf_busy_free(htab->busy);
	kbpf_free(htab);
}

static const struct kbpf_map_ops htab_ops = {
	.lookup			= htab_lookup,
	.lookup_percpu		= htab_lookup_percpu,
	.update			= htab_update,
	.delete			= htab_delete,
	.direct_value_addr	= htab_direct_value_addr,
	.lookup_user		= htab_lookup_user,
	.update_user		= htab_update_user,
	.lookup_and_delete	= htab_lookup_and_delete,
	.get_next_key		= htab_get_next_key,
	.lookup_batch		= htab_lookup_batch,
	.free			= htab_free,
	.free_after_rcu_callbacks = true,
};

bool kbpf_map_is_htab(const struct kbpf_map *map)
{
	return map->ops == &htab_ops;
}

void *kbpf_htab_lookup(struct kbpf_map *map, const void *key)
{
	return htab_lookup(map, key);
}

static int htab_prealloc_elems(struct kbpf_htab *htab)
{
	struct htab_elem *e;
	void __percpu *pptr;
	u32 i;

	htab->elems = kbpf_big_zalloc((size_t)htab->nr_elems * htab->elem_size);
	if (!htab->elems)
		return -ENOMEM;
	/* Pushed in reverse so the first update takes the first element. */
	for (i = htab->nr_elems; i--;) {
		e = (struct htab_elem *)(htab->elems + (size_t)i * htab->elem_size);
		if (htab_percpu(htab)) {
			pptr = kbpf_percpu_alloc(htab->map.value_size);
			if (!pptr)
				return -ENOMEM;	/* htab_free() releases the rest */
			memcpy(elem_value(htab, e), &pptr, sizeof(pptr));
		}
		e->free_next = htab->free_list;
		htab->free_list = e;
	}
	return 0;
}

/*
 * Elements an LRU map has beyond max_entries: evicted ones wait for a
 * grace period before reuse, and inserts meanwhile take spares. As many
 * as max_entries, at least 256 and at most 1024 (small maps churn
 * fastest), at least 256 only while that costs at most 4 MiB; plus one
 * per CPU. Programs that evict more within one grace period get -ENOMEM.
 */
static u32 lru_spares(u32 max_entries, u64 elem_bytes)
{
	u64 n = max_entries < 1024 ? max_entries : 1024;

	if (n < 256 && 256 * elem_bytes <= (4U << 20))
		n = 256;
	return n + kbpf_num_possible_cpus();
}

static int htab_sizes(struct kbpf_htab *htab, const struct kbpf_map_attr *attr)
{
	u64 n = 1, total, elems = attr->max_entries;

	while (n < attr->max_entries)
		n <<= 1;
	if (n > (1U << 31))
		return -E2BIG;
	htab->n_buckets = n;
	htab->key_off = ALIGN(attr->key_size, 8);
	htab->elem_size = sizeof(struct htab_elem) + htab->key_off +
		(type_percpu(attr->type) ?
		 sizeof(void *) : ALIGN(attr->value_size, 8));
	if (type_lru(attr->type))
		elems += lru_spares(attr->max_entries, htab->elem_size +
				    (type_percpu(attr->type) ?
				     (u64)kbpf_num_possible_cpus() *
				     ALIGN(attr->value_size, 8) : 0));
	if (elems > 0xffffffffULL)
		return -E2BIG;
	htab->nr_elems = elems;
	total = n * sizeof(struct htab_bucket);
	if (!(attr->flags & KBPF_F_NO_PREALLOC)) {
		total += elems * htab->elem_size;
		if (type_percpu(attr->type))
			total += elems * kbpf_num_possible_cpus() *
				 ALIGN(attr->value_size, 8);
	}
	return total > KBPF_MAP_MAX_BYTES ? -E2BIG : 0;
}

/*
 * With a list per CPU each holds an equal share, so max_entries rounds
 * up to a multiple of the possible CPUs (the map reports it), as Linux.
 */
static int lru_round_entries(struct kbpf_map_attr *a)
{
	u64 n = kbpf_num_possible_cpus();

	if (!type_lru(a->type) || !(a->flags & KBPF_F_NO_COMMON_LRU))
		return 0;
	n = (a->max_entries + n - 1) / n * n;
	if (n > 0xffffffffULL)
		return -E2BIG;
	a->max_entries = n;
	return 0;
}

struct kbpf_map *kbpf_hash_create(const struct kbpf_map_attr *uattr)
{
	struct kbpf_map_attr attr_buf = *uattr, *attr = &attr_buf;
	struct kbpf_htab *htab;
	u32 i;
	int err;

	/* A stale lookup may set ref in a pending element: not in its rcu. */
	BUILD_BUG_ON(offsetof(struct kbpf_lru_node, ref) <
		     sizeof(kbpf_rcu_head_t));
	err = lru_round_entries(attr);
	if (err)
		return ERR_PTR(err);
	htab = kbpf_zalloc(sizeof(*htab));
	if (!htab)
		return ERR_PTR(-ENOMEM);
	kbpf_map_init(&htab->map, attr, &htab_ops);
	err = htab_sizes(htab, attr);
	if (err)
		goto err_free;
	if (htab_lru(htab)) {
		err = kbpf_lru_init(&htab->lru,
				    attr->flags & KBPF_F_NO_COMMON_LRU,
				    attr->max_entries, lru_unlink);
		if (err)
			goto err_free;
	}
	err = kbpf_busy_alloc(&htab->busy);
	if (err)
		goto err_free;
	htab->seed = kbpf_random_u32();
	kbpf_lock_init(&htab->free_lock);
	htab->buckets = kbpf_big_zalloc((size_t)htab->n_buckets *
					sizeof(htab->buckets[0]));
	if (!htab->buckets) {
		err = -ENOMEM;
		goto err_free;
	}
	for (i = 0; i < htab->n_buckets; i++)
		kbpf_lock_init(&htab->buckets[i].lock);
	if (htab_prealloc(htab)) {
		err = htab_prealloc_elems(htab);
		if (err)
			goto err_free;
	}
	return &htab->map;

err_free:
	htab_free(&htab->map);
	return ERR_PTR(err);
}
