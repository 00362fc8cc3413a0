// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every map type shares: the checks on a creation request, the
 * update flags, and the user-space side of the element operations (the
 * map_fd glue in the module and the tool's host backend both call these).
 */
#include "maps.h"

#define KBPF_F_ACCESS	(KBPF_F_RDONLY | KBPF_F_WRONLY)
#define KBPF_F_PROG_ACCESS (KBPF_F_RDONLY_PROG | KBPF_F_WRONLY_PROG)
#define KBPF_F_COMMON	(KBPF_F_ACCESS | KBPF_F_PROG_ACCESS)

static bool map_type_percpu(u32 type)
{
	return type == KBPF_MAP_TYPE_PERCPU_HASH ||
	       type == KBPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool map_type_lru(u32 type)
{
	return type == KBPF_MAP_TYPE_LRU_HASH ||
	       type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

bool kbpf_map_is_percpu(const struct kbpf_map *map)
{
	return map_type_percpu(map->type);
}

static int check_flags(const struct kbpf_map_attr *attr)
{
	u32 allowed = KBPF_F_COMMON;

	if (attr->type == KBPF_MAP_TYPE_HASH ||
	    attr->type == KBPF_MAP_TYPE_PERCPU_HASH)
		allowed |= KBPF_F_NO_PREALLOC;
	if (map_type_lru(attr->type))
		allowed |= KBPF_F_NO_COMMON_LRU;
	/* LRU maps are always preallocated; Linux says ENOTSUPP (524). */
	if (map_type_lru(attr->type) && (attr->flags & KBPF_F_NO_PREALLOC))
		return -EOPNOTSUPP;
	/* Shared values: one per CPU could not be one mapping (Linux: EINVAL). */
	if (attr->type == KBPF_MAP_TYPE_ARRAY)
		allowed |= KBPF_F_MMAPABLE;
	if (attr->flags & ~allowed)
		return -EINVAL;
	/* Read-only and write-only at once means no access at all. */
	if ((attr->flags & KBPF_F_ACCESS) == KBPF_F_ACCESS ||
	    (attr->flags & KBPF_F_PROG_ACCESS) == KBPF_F_PROG_ACCESS)
		return -EINVAL;
	return 0;
}

/* Shape checks every type shares; errnos as Linux's map_create. */
static int check_attr(const struct kbpf_map_attr *attr)
{
	int err = check_flags(attr);

	if (err)
		return err;
	if (!attr->key_size || !attr->value_size || !attr->max_entries)
		return -EINVAL;
	if (attr->key_size > KBPF_MAP_MAX_KEY_SIZE ||
	    attr->value_size > KBPF_MAP_MAX_VALUE_SIZE)
		return -E2BIG;
	if (map_type_percpu(attr->type) &&
	    attr->value_size > (32U << 10))	/* Linux's PCPU_MIN_UNIT_SIZE */
		return -E2BIG;
	return kbpf_check_obj_name(attr->name);
}

static struct kbpf_map *map_create_type(const struct kbpf_map_attr *attr)
{
	int err;

	/* No key or value: the ring buffer checks its own shape. */
	if (attr->type == KBPF_MAP_TYPE_RINGBUF)
		return kbpf_ringbuf_create(attr);
	err = check_attr(attr);
	if (err)
		return ERR_PTR(err);
	switch (attr->type) {
	case KBPF_MAP_TYPE_ARRAY:
	case KBPF_MAP_TYPE_PERCPU_ARRAY:
		return kbpf_array_create(attr);
	case KBPF_MAP_TYPE_HASH:
	case KBPF_MAP_TYPE_PERCPU_HASH:
	case KBPF_MAP_TYPE_LRU_HASH:
	case KBPF_MAP_TYPE_LRU_PERCPU_HASH:
		return kbpf_hash_create(attr);
	case KBPF_MAP_TYPE_PROG_ARRAY:
		return kbpf_prog_array_create(attr);
	}
	return ERR_PTR(-EINVAL);
}

struct kbpf_map *kbpf_map_create(const struct kbpf_map_attr *attr)
{
	struct kbpf_map *map = map_create_type(attr);

	if (!IS_ERR(map))
		map->memcg = kbpf_memcg_get();
	return map;
}

void kbpf_map_init(struct kbpf_map *map, const struct kbpf_map_attr *attr,
		   const struct kbpf_map_ops *ops)
{
	map->ops = ops;
	map->type = attr->type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	map->flags = attr->flags;
	kbpf_lock_init(&map->freeze_lock);
	memcpy(map->name, attr->name, sizeof(map->name));
}

/* The caller guarantees no program and no user call still uses @map. */
void kbpf_map_free(struct kbpf_map *map)
{
	kbpf_memcg_t *memcg;

	if (!map)
		return;
	memcg = map->memcg;
	map->ops->free(map);
	kbpf_memcg_put(memcg);
}

u32 kbpf_map_user_value_size(const struct kbpf_map *map)
{
	if (kbpf_map_is_percpu(map))
		return ALIGN(map->value_size, 8) * kbpf_num_possible_cpus();
	return map->value_size;
}

int kbpf_map_check_update_flags(u64 flags)
{
	return flags > KBPF_EXIST ? -EINVAL : 0;
}

int kbpf_map_lookup_user(struct kbpf_map *map, const void *key, void *value)
{
	int err;

	if (map->flags & KBPF_F_WRONLY)
		return -EPERM;
	kbpf_rcu_read_lock();
	err = map->ops->lookup_user(map, key, value);
	kbpf_rcu_read_unlock();
	return err;
}

/*
 * A user-space writer starts: -EPERM once the map is frozen. Taken under
 * the freeze lock so a freeze either sees the writer (EBUSY) or comes
 * first (the writer then sees it).
 */
static int writer_get(struct kbpf_map *map)
{
	int err = 0;

	kbpf_lock(&map->freeze_lock);
	if (map->frozen)
		err = -EPERM;
	else
		map->writers++;
	kbpf_unlock(&map->freeze_lock);
	return err;
}

void kbpf_map_writer_put(struct kbpf_map *map)
{
	kbpf_lock(&map->freeze_lock);
	map->writers--;
	kbpf_unlock(&map->freeze_lock);
}

/* A writable mapping was copied: the map cannot be frozen meanwhile. */
void kbpf_map_writer_dup(struct kbpf_map *map)
{
	kbpf_lock(&map->freeze_lock);
	map->writers++;
	kbpf_unlock(&map->freeze_lock);
}

int kbpf_map_write_begin(struct kbpf_map *map)
{
	if (map->flags & KBPF_F_RDONLY)
		return -EPERM;
	return writer_get(map);
}

int kbpf_map_update_writing(struct kbpf_map *map, const void *key,
			    const void *value, u64 flags)
{
	int err = kbpf_map_check_update_flags(flags);

	if (err)
		return err;
	return map->ops->update_user(map, key, value,
				     flags | KBPF_UPDATE_MAY_SLEEP);
}

int kbpf_map_delete_writing(struct kbpf_map *map, const void *key)
{
	int err;

	kbpf_rcu_read_lock();
	err = map->ops->delete(map, key);
	kbpf_rcu_read_unlock();
	return err;
}

int kbpf_map_update_user(struct kbpf_map *map, const void *key,
			 const void *value, u64 flags)
{
	int err = kbpf_map_write_begin(map);

	if (err)
		return err;
	err = kbpf_map_update_writing(map, key, value, flags);
	kbpf_map_writer_put(map);
	return err;
}

int kbpf_map_delete_user(struct kbpf_map *map, const void *key)
{
	int err = kbpf_map_write_begin(map);

	if (err)
		return err;
	err = kbpf_map_delete_writing(map, key);
	kbpf_map_writer_put(map);
	return err;
}

int kbpf_map_lookup_and_delete_user(struct kbpf_map *map, const void *key,
				    void *value)
{
	int err;

	if (map->flags & KBPF_F_WRONLY)
		return -EPERM;
	err = kbpf_map_write_begin(map);
	if (err)
		return err;
	if (map->ops->lookup_and_delete) {
		kbpf_rcu_read_lock();
		err = map->ops->lookup_and_delete(map, key, value);
		kbpf_rcu_read_unlock();
	} else {
		err = -EOPNOTSUPP;
	}
	kbpf_map_writer_put(map);
	return err;
}

int kbpf_map_get_next_key_user(struct kbpf_map *map, const void *key,
			       void *next)
{
	int err;

	if (map->flags & KBPF_F_WRONLY)
		return -EPERM;
	kbpf_rcu_read_lock();
	err = map->ops->get_next_key(map, key, next);
	kbpf_rcu_read_unlock();
	return err;
}

int kbpf_map_lookup_batch_user(struct kbpf_map *map, struct kbpf_map_cursor *c,
			       void *keys, void *values, u32 max, bool del,
			       u32 *n)
{
	int err;

	*n = 0;
	if (map->flags & KBPF_F_WRONLY)
		return -EPERM;
	if (!map->ops->lookup_batch || (del && !map->ops->lookup_and_delete))
		return -EOPNOTSUPP;
	if (del) {
		err = kbpf_map_write_begin(map);
		if (err)
			return err;
	}
	kbpf_rcu_read_lock();
	err = map->ops->lookup_batch(map, c, keys, values, max, del, n);
	kbpf_rcu_read_unlock();
	if (del)
		kbpf_map_writer_put(map);
	return err;
}

/*
 * Once frozen, user space may only read; twice is EBUSY, like Linux, and
 * so is freezing while a writer is active (a writable mapping or a write
 * command under way).
 */
int kbpf_map_freeze(struct kbpf_map *map)
{
	int err = 0;

	kbpf_lock(&map->freeze_lock);
	if (map->writers || map->frozen)
		err = -EBUSY;
	else
		WRITE_ONCE(map->frozen, true);
	kbpf_unlock(&map->freeze_lock);
	return err;
}

/* The ring buffer's rules: only the consumer page (offset 0) is writable. */
static int ringbuf_mmap_range(struct kbpf_map *map, u64 off, u64 len,
			      bool write, void **base, u64 *base_off)
{
	size_t user_len;
	u32 pgoff;

	if (write && (off || len != KBPF_PAGE_SIZE))
		return -EPERM;
	*base = kbpf_ringbuf_area(map, &pgoff, &user_len);
	if (off > user_len || len > user_len - off)
		return -EINVAL;
	*base_off = (u64)pgoff * KBPF_PAGE_SIZE + off;
	return 0;
}

static int array_mmap_range(struct kbpf_map *map, u64 off, u64 len,
			    void **base, u64 *base_off)
{
	u64 area_len;

	*base = kbpf_array_mmap_area(map, &area_len);
	if (!*base || off > area_len || len > area_len - off)
		return -EINVAL;
	*base_off = off;
	return 0;
}

/*
 * Linux's order: what the descriptor's mode would refuse (do_mmap: a
 * read-only map cannot be mapped for writing, a write-only one not at
 * all), a type without mmap, MAP_PRIVATE, writing a frozen or
 * program-read-only map, then the type's own shape checks.
 */
int kbpf_map_mmap_range(struct kbpf_map *map, u64 off, u64 len, bool shared,
			bool write, void **base, u64 *base_off)
{
	int err;

	if ((map->flags & KBPF_F_WRONLY) ||
	    (write && (map->flags & KBPF_F_RDONLY)))
		return -EACCES;
	if (map->type != KBPF_MAP_TYPE_RINGBUF &&
	    map->type != KBPF_MAP_TYPE_ARRAY)
		return -EOPNOTSUPP;	/* Linux: ENOTSUPP */
	if (!shared)
		return -EINVAL;
	if (!len || off % KBPF_PAGE_SIZE || len % KBPF_PAGE_SIZE)
		return -EINVAL;
	if (write) {
		/*
		 * A writable page handed out could change the values after
		 * the verifier took them as constants.
		 */
		if (map->flags & KBPF_F_RDONLY_PROG)
			return READ_ONCE(map->frozen) ? -EPERM : -EACCES;
		err = writer_get(map);
		if (err)
			return err;
	}
	if (map->type == KBPF_MAP_TYPE_RINGBUF)
		err = ringbuf_mmap_range(map, off, len, write, base, base_off);
	else
		err = array_mmap_range(map, off, len, base, base_off);
	if (err && write)
		kbpf_map_writer_put(map);
	return err;
}
