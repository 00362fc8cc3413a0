// SPDX-License-Identifier: GPL-2.0-only
/*
 * The eviction order of LRU hash maps (maps/hash.c holds the elements).
 *
 * Every element in use is on one list, newest at the head. A program's
 * lookup only sets the node's ref byte (no lock: lookups stay as cheap as
 * a hash lookup); an insert into a full list scans from the tail and gives
 * each referenced node a second chance, moving it to the head with ref
 * cleared, so the element evicted is the least recently inserted or
 * looked up one. This is the clock approximation Linux's bpf_lru_list
 * makes with its active and inactive lists.
 *
 * One list for the map, or with KBPF_F_NO_COMMON_LRU one per CPU, each
 * holding its share of max_entries: an insert evicts only from the list
 * of the CPU it runs on, and takes no lock another CPU's inserts take.
 *
 * Lock order: a list's lock, then (in the map's unlink callback) a bucket
 * lock. Nothing takes a list lock while holding a bucket lock. Callers
 * have interrupts off and hold the map's busy counter.
 */
#include "maps.h"

struct kbpf_lru_list {
	struct kbpf_lru_node head;	/* head.next newest, head.prev oldest */
	u32 count;
	kbpf_lock_t lock;
};

/*
 * Referenced nodes one insert may move to the head; past them it takes
 * the oldest node, referenced or not. Bounds the time with irqs off.
 */
#define LRU_SECOND_CHANCES	128

static void node_unlink(struct kbpf_lru_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->prev = n->next = n;
}

static void node_add_head(struct kbpf_lru_list *l, struct kbpf_lru_node *n)
{
	n->next = l->head.next;
	n->prev = &l->head;
	l->head.next->prev = n;
	l->head.next = n;
}

/*
 * The node to evict, already off the list and out of the map, or NULL if
 * every node is on its way in or out (its owner takes it off the list).
 */
static struct kbpf_lru_node *lru_evict(struct kbpf_lru *lru,
				       struct kbpf_lru_list *l)
{
	struct kbpf_lru_node *n, *prev;
	u32 chances = LRU_SECOND_CHANCES, scanned, nr = l->count;

	for (n = l->head.prev, scanned = 0; n != &l->head && scanned < nr;
	     n = prev, scanned++) {
		prev = n->prev;
		if (kbpf_load_relaxed(n->ref) && chances) {
			chances--;
			kbpf_store_relaxed(n->ref, 0);
			node_unlink(n);
			node_add_head(l, n);
			continue;
		}
		if (!lru->unlink(lru, n))
			continue;
		node_unlink(n);
		l->count--;
		return n;
	}
	return NULL;
}

static struct kbpf_lru_list *lru_list_here(struct kbpf_lru *lru)
{
	return &lru->lists[lru->nr_lists == 1 ? 0 : kbpf_smp_processor_id()];
}

int kbpf_lru_add(struct kbpf_lru *lru, struct kbpf_lru_node *node,
		 struct kbpf_lru_node **victim)
{
	struct kbpf_lru_list *l = lru_list_here(lru);
	int err = 0;

	*victim = NULL;
	kbpf_lock(&l->lock);
	if (l->count >= lru->quota) {
		*victim = lru_evict(lru, l);
		if (!*victim) {
			err = -E2BIG;
			goto out;
		}
	}
	node->list = l - lru->lists;
	kbpf_store_relaxed(node->ref, 0);
	node_add_head(l, node);
	l->count++;
out:
	kbpf_unlock(&l->lock);
	return err;
}

void kbpf_lru_del(struct kbpf_lru *lru, struct kbpf_lru_node *node)
{
	struct kbpf_lru_list *l = &lru->lists[node->list];

	kbpf_lock(&l->lock);
	node_unlink(node);
	l->count--;
	kbpf_unlock(&l->lock);
}

int kbpf_lru_init(struct kbpf_lru *lru, bool per_cpu, u32 max_entries,
		  bool (*unlink)(struct kbpf_lru *lru,
				 struct kbpf_lru_node *node))
{
	u32 i;

	lru->nr_lists = per_cpu ? kbpf_nr_cpu_ids() : 1;
	lru->quota = per_cpu ? max_entries / kbpf_num_possible_cpus() :
		max_entries;
	lru->unlink = unlink;
	lru->lists = kbpf_big_zalloc((size_t)lru->nr_lists *
				     sizeof(lru->lists[0]));
	if (!lru->lists)
		return -ENOMEM;
	for (i = 0; i < lru->nr_lists; i++) {
		struct kbpf_lru_list *l = &lru->lists[i];

		l->head.next = l->head.prev = &l->head;
		kbpf_lock_init(&l->lock);
	}
	return 0;
}

void kbpf_lru_destroy(struct kbpf_lru *lru)
{
	kbpf_big_free(lru->lists);
	lru->lists = NULL;
}
