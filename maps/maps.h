/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Maps: state shared by programs and user space.
 *
 * struct kbpf_map is what every map type has in common and what the
 * verifier and the engines see. A program refers to the maps it uses
 * through kbpf_prog.maps[]: the loader resolves every lddw map reference
 * (by descriptor or by fd_array index) to an index into that table, the
 * verifier checks the program against the maps' types and sizes, and its
 * fixup pass turns each reference into the address the engines load.
 */
#ifndef _KBPF_MAPS_H
#define _KBPF_MAPS_H

#include "../vm/vm.h"

struct kbpf_map;

/*
 * Internal: the caller is user space, not a program, so a preallocated
 * hash whose free elements still wait for a grace period may allocate one
 * (GFP_ATOMIC). Never from ioctl or helper flags: both refuse bits > 2.
 */
#define KBPF_UPDATE_MAY_SLEEP	(1ULL << 63)

#define KBPF_MAP_MAX_KEY_SIZE	512	/* Linux's MAX_BPF_STACK */
#define KBPF_MAP_MAX_VALUE_SIZE	(1U << 20)
/* Largest total a map may ask for; beyond it -E2BIG before allocating. */
#define KBPF_MAP_MAX_BYTES	(1ULL << 32)
#define KBPF_MAP_GEN_LOOKUP_MAX	16

/*
 * Where a batch walk (LOOKUP_BATCH, LOOKUP_AND_DELETE_BATCH) stands: after
 * @key when @have_key, else before the first element. A hash key no
 * longer in the map (deleted meanwhile, by this walk's own deletes or
 * anyone's) resumes at the start of its bucket: the walk never goes back
 * further, so it always ends, however the map changes under it.
 */
struct kbpf_map_cursor {
	void *key;			/* key_size bytes */
	bool have_key;
	bool end;			/* out: nothing after the last copied */
};

struct kbpf_map_ops {
	/* Program side: may run in any context; the caller holds RCU. */
	void *(*lookup)(struct kbpf_map *map, const void *key);
	/* Per-CPU types: @cpu's copy (a possible CPU, checked by the caller). */
	void *(*lookup_percpu)(struct kbpf_map *map, const void *key, u32 cpu);
	long (*update)(struct kbpf_map *map, const void *key,
		       const void *value, u64 flags);
	long (*delete)(struct kbpf_map *map, const void *key);
	/*
	 * The address of the value at byte @off of the only entry, for
	 * lddw map-value references; -EOPNOTSUPP for types without one.
	 */
	int (*direct_value_addr)(const struct kbpf_map *map, u32 off, u64 *addr);
	/*
	 * bpf_map_lookup_elem as instructions, which the verifier puts in
	 * place of the call (verifier/fixup.c): at most
	 * KBPF_MAP_GEN_LOOKUP_MAX of them in @buf, r1 the map, r2 the key,
	 * r0 what @lookup would return; they may write r1-r5, as the call
	 * does. Their count, or -EOPNOTSUPP to keep the call.
	 */
	int (*gen_lookup)(const struct kbpf_map *map, struct kbpf_insn *buf);

	/*
	 * User side, holding RCU. Values are as user space sees them: for
	 * per-CPU maps, kbpf_map_user_value_size() bytes, one 8-aligned slot
	 * per possible CPU.
	 */
	int (*lookup_user)(struct kbpf_map *map, const void *key, void *value);
	int (*update_user)(struct kbpf_map *map, const void *key,
			   const void *value, u64 flags);
	int (*lookup_and_delete)(struct kbpf_map *map, const void *key,
				 void *value);
	/* The key after @key (NULL or absent: the first); -ENOENT at the end. */
	int (*get_next_key)(struct kbpf_map *map, const void *key, void *next);
	/*
	 * Optional: up to @max elements after @c into @keys and @values
	 * (packed, key_size and user value size each), *@n of them, deleting
	 * them if @del; moves @c past the last one. The caller holds RCU.
	 */
	int (*lookup_batch)(struct kbpf_map *map, struct kbpf_map_cursor *c,
			    void *keys, void *values, u32 max, bool del,
			    u32 *n);
	void (*free)(struct kbpf_map *map);
	/*
	 * The type queues RCU callbacks that use the map (element frees):
	 * freeing it must wait for them (rcu_barrier) first.
	 */
	bool free_after_rcu_callbacks;
};

struct kbpf_map {
	const struct kbpf_map_ops *ops;
	u32 type;			/* enum kbpf_map_type (Linux numbers) */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 flags;			/* KBPF_F_* as Linux's BPF_F_* */
	/*
	 * freeze_lock orders freezing against user-space writers: element
	 * commands that write and writable mappings (Linux's writecnt and
	 * freeze_mutex). While @writers is not zero the map cannot be
	 * frozen; once frozen no writer can start, so nothing user space
	 * holds can change a frozen map's values behind the verifier.
	 */
	kbpf_lock_t freeze_lock;
	u64 writers;
	bool frozen;			/* no more writes from user space */
	char name[KBPF_OBJ_NAME_LEN];
	void *owner;			/* the module's object, NULL on the host */
	kbpf_memcg_t *memcg;		/* charged for later allocations */
};

/*
 * How a prog_array holds programs: user space names them by descriptor
 * (the module's files, the tool's host handles), the array keeps one
 * reference per filled slot and reports the program's id on lookup.
 */
struct kbpf_prog_ref_ops {
	/* A referenced program for @fd, or NULL with *err (-EBADF, -EINVAL). */
	struct kbpf_prog *(*get)(u32 fd, int *err);
	void (*put)(struct kbpf_prog *prog);
	u32 (*id)(const struct kbpf_prog *prog);
};

/* What MAP_CREATE asks for; the UAPI struct minus its envelope. */
struct kbpf_map_attr {
	u32 type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 flags;
	char name[KBPF_OBJ_NAME_LEN];
	const struct kbpf_prog_ref_ops *prog_ref;	/* prog_array only */
};

/* maps/map.c: creation, teardown and the user-space side of every type. */
struct kbpf_map *kbpf_map_create(const struct kbpf_map_attr *attr);
void kbpf_map_free(struct kbpf_map *map);
u32 kbpf_map_user_value_size(const struct kbpf_map *map);
bool kbpf_map_is_percpu(const struct kbpf_map *map);
int kbpf_map_lookup_user(struct kbpf_map *map, const void *key, void *value);
int kbpf_map_update_user(struct kbpf_map *map, const void *key,
			 const void *value, u64 flags);
int kbpf_map_delete_user(struct kbpf_map *map, const void *key);
/*
 * A batch of writes as one writer: kbpf_map_write_begin() (-EPERM on a
 * read-only map or a frozen one), then any number of
 * kbpf_map_update_writing() and kbpf_map_delete_writing(), then
 * kbpf_map_writer_put(). A freeze meanwhile gets -EBUSY.
 */
int kbpf_map_write_begin(struct kbpf_map *map);
int kbpf_map_update_writing(struct kbpf_map *map, const void *key,
			    const void *value, u64 flags);
int kbpf_map_delete_writing(struct kbpf_map *map, const void *key);
int kbpf_map_lookup_and_delete_user(struct kbpf_map *map, const void *key,
				    void *value);
int kbpf_map_get_next_key_user(struct kbpf_map *map, const void *key,
			       void *next);
int kbpf_map_freeze(struct kbpf_map *map);
/*
 * The walk of a lookup batch, one chunk: permission checks, then the
 * type's lookup_batch (-EOPNOTSUPP without one, or when deleting from a
 * type that cannot). *@n elements were copied whatever it returns.
 */
int kbpf_map_lookup_batch_user(struct kbpf_map *map, struct kbpf_map_cursor *c,
			       void *keys, void *values, u32 max, bool del,
			       u32 *n);

/*
 * mmap of a map, for the module's map fd and the host backend: checks a
 * mapping of @len bytes at byte @off (a page multiple) as Linux does and,
 * if it may go ahead, returns the page-aligned area behind it in *@base
 * and the byte offset there in *@base_off. A writable mapping counts as
 * a writer from here on: the caller gives it back with
 * kbpf_map_writer_put() when the mapping goes (or its setup fails), and
 * takes one more with kbpf_map_writer_dup() for each copy (fork, split).
 */
int kbpf_map_mmap_range(struct kbpf_map *map, u64 off, u64 len, bool shared,
			bool write, void **base, u64 *base_off);
void kbpf_map_writer_dup(struct kbpf_map *map);
void kbpf_map_writer_put(struct kbpf_map *map);

/* For the types' files. */
int kbpf_map_check_update_flags(u64 flags);
void kbpf_map_init(struct kbpf_map *map, const struct kbpf_map_attr *attr,
		   const struct kbpf_map_ops *ops);
struct kbpf_map *kbpf_array_create(const struct kbpf_map_attr *attr);
/* A BPF_F_MMAPABLE array's values, *@len bytes (whole pages); else NULL. */
void *kbpf_array_mmap_area(struct kbpf_map *map, u64 *len);
/* Index order; a key past the end starts over (arrays and prog_arrays). */
int kbpf_array_get_next_key(struct kbpf_map *map, const void *key, void *next);
struct kbpf_map *kbpf_hash_create(const struct kbpf_map_attr *attr);
/*
 * The hash family (hash, percpu_hash, lru_hash, lru_percpu_hash, one set
 * of ops), and its lookup as a function the JITs can call directly.
 */
bool kbpf_map_is_htab(const struct kbpf_map *map);
void *kbpf_htab_lookup(struct kbpf_map *map, const void *key);
struct kbpf_map *kbpf_prog_array_create(const struct kbpf_map_attr *attr);

/*
 * maps/prog_array.c. The engines read a slot with RCU held (Linux's
 * MAX_TAIL_CALL_CNT bounds the chain); the verifier fixes the owner type.
 */
#define KBPF_MAX_TAIL_CALLS	33

struct kbpf_prog_array {
	struct kbpf_map map;
	const struct kbpf_prog_ref_ops *ref;
	u32 owner_type;			/* 0 until a program or entry fixes it */
	u32 owner_engine;		/* KBPF_PARR_ENGINE_*, likewise */
	struct kbpf_prog *progs[];	/* published with an exchange */
};

/* The program in slot @index, or NULL; @index < max_entries. */
static inline const struct kbpf_prog *
kbpf_prog_array_slot(const struct kbpf_map *map, u32 index)
{
	const struct kbpf_prog_array *pa = (const struct kbpf_prog_array *)map;

	index = kbpf_index_nospec(index, map->max_entries);
	return kbpf_rcu_dereference(pa->progs[index]);
}

u32 kbpf_prog_array_owner(const struct kbpf_map *map);
/* Fixes the owner type if unset; -EINVAL if it is another type. */
int kbpf_prog_array_claim(struct kbpf_map *map, u32 prog_type);
/*
 * Like Linux's owner.jited: the programs in a prog_array and those that
 * tail-call through it all run native code, or all run in the
 * interpreter, so a chain never changes engine (each keeps its own count
 * of tail calls and its own frame layout). Fixed by the first entry or
 * the first tail-calling program whose engine is known.
 */
enum { KBPF_PARR_ENGINE_UNSET, KBPF_PARR_ENGINE_INTERP, KBPF_PARR_ENGINE_NATIVE };
int kbpf_prog_array_claim_engine(struct kbpf_map *map, bool jited);
/* After the JIT ran: claims each prog_array a tail-calling @prog uses. */
int kbpf_prog_claim_tail_engine(const struct kbpf_prog *prog);
/* Empties every slot: the last user-space reference to the map is gone. */
void kbpf_prog_array_clear(struct kbpf_map *map);
struct kbpf_map *kbpf_ringbuf_create(const struct kbpf_map_attr *attr);

/*
 * maps/ringbuf.c: the ring buffer's program side (the helpers) and what
 * the map fd needs for mmap and poll. kbpf_ringbuf_area() is the vmap'd
 * area; user space's page 0 is its page *@pgoff, *@user_len bytes long.
 */
void *kbpf_ringbuf_reserve(struct kbpf_map *map, u64 size, u64 flags);
void kbpf_ringbuf_commit(void *sample, u64 flags, bool discard);
long kbpf_ringbuf_output(struct kbpf_map *map, const void *data, u64 size,
			 u64 flags);
u64 kbpf_ringbuf_query(struct kbpf_map *map, u64 flags);
void *kbpf_ringbuf_area(struct kbpf_map *map, u32 *pgoff, size_t *user_len);
kbpf_wake_t *kbpf_ringbuf_wake(struct kbpf_map *map);
bool kbpf_ringbuf_has_data(struct kbpf_map *map);

/*
 * maps/lru.c: the eviction order of LRU hash maps, one list or one per
 * CPU. The caller has interrupts off and holds the map's busy counter.
 */
struct kbpf_lru_node {
	struct kbpf_lru_node *prev, *next;
	u32 list;			/* which list it is on */
	u8 ref;				/* looked up since it was last scanned */
};

struct kbpf_lru_list;
struct kbpf_lru {
	struct kbpf_lru_list *lists;
	u32 nr_lists;
	u32 quota;			/* nodes one list may hold */
	/*
	 * Takes @node's element out of the map (under its bucket lock) and
	 * returns true, or false if it is not in the map: being inserted or
	 * deleted, in which case its owner takes it off the list.
	 */
	bool (*unlink)(struct kbpf_lru *lru, struct kbpf_lru_node *node);
};

int kbpf_lru_init(struct kbpf_lru *lru, bool per_cpu, u32 max_entries,
		  bool (*unlink)(struct kbpf_lru *lru,
				 struct kbpf_lru_node *node));
void kbpf_lru_destroy(struct kbpf_lru *lru);
/*
 * Puts @node at the head of this CPU's list; if the list is full, first
 * evicts its least recently used node into *@victim, which the caller
 * retires after a grace period. -E2BIG if no node could be evicted.
 */
int kbpf_lru_add(struct kbpf_lru *lru, struct kbpf_lru_node *node,
		 struct kbpf_lru_node **victim);
void kbpf_lru_del(struct kbpf_lru *lru, struct kbpf_lru_node *node);

/* A program looked the element up: no lock, one store at most. */
static inline void kbpf_lru_touch(struct kbpf_lru_node *node)
{
	if (!kbpf_load_relaxed(node->ref))
		kbpf_store_relaxed(node->ref, 1);
}

/*
 * vm/maps_ref.c: resolution of a program's lddw map references. The
 * caller supplies how a descriptor becomes a referenced map.
 */
struct kbpf_log;
struct kbpf_map_resolver {
	/* A referenced map for @fd, or NULL with *err = -EBADF / -EINVAL. */
	struct kbpf_map *(*get)(void *ctx, s32 fd, int *err);
	void (*put)(struct kbpf_map *map);
	void *ctx;
	const s32 *fd_array;		/* already copied in; may be NULL */
	u32 fd_array_cnt;
};

#define KBPF_MAX_USED_MAPS	64

int kbpf_prog_resolve_maps(struct kbpf_prog *prog,
			   const struct kbpf_map_resolver *r,
			   struct kbpf_log *log, u32 *err_insn);

#endif /* _KBPF_MAPS_H */
