// SPDX-License-Identifier: GPL-2.0-only
/*
 * Array and per-CPU array maps: max_entries values indexed by a u32 key,
 * all allocated and zeroed at creation, never deleted.
 *
 * A program's index is clamped with kbpf_index_nospec() after the bounds
 * check, so a mispredicted check cannot read past the array (Spectre v1).
 * Updates copy in place: a concurrent lookup may see a value half written,
 * as in Linux.
 *
 * A BPF_F_MMAPABLE array keeps its values in whole pages of their own
 * (the platform's user area: the module's is vmap'd pages charged to the
 * creator's memory cgroup), so user space can map them (maps/map.c,
 * kbpf_map_mmap_range) and read and write the same bytes programs do.
 *
 * A program's lookup in a plain array is inlined by the verifier
 * (array_gen_lookup): the bounds check, the same clamp as instructions,
 * and the address of the entry, without a call.
 */
#include "maps.h"

struct kbpf_array {
	struct kbpf_map map;
	u32 elem_size;			/* value_size rounded up to 8 */
	union {
		void __percpu **pptrs;	/* per-CPU: one area per entry */
		u8 *values;
	};
	void *area_priv;		/* mmapable: the platform's handle */
	u64 area_len;			/* mmapable: whole pages of values */
};

static struct kbpf_array *to_array(const struct kbpf_map *map)
{
	return (struct kbpf_array *)map;
}

static bool array_index(const struct kbpf_map *map, const void *key, u32 *i)
{
	u32 index;

	memcpy(&index, key, sizeof(index));
	if (index >= map->max_entries)
		return false;
	*i = kbpf_index_nospec(index, map->max_entries);
	return true;
}

static void *array_slot(struct kbpf_array *arr, u32 i)
{
	if (kbpf_map_is_percpu(&arr->map))
		return kbpf_this_cpu_ptr(arr->pptrs[i]);
	return arr->values + (size_t)i * arr->elem_size;
}

static void *array_lookup(struct kbpf_map *map, const void *key)
{
	u32 i;

	if (!array_index(map, key, &i))
		return NULL;
	return array_slot(to_array(map), i);
}

static void *array_lookup_percpu(struct kbpf_map *map, const void *key,
				 u32 cpu)
{
	u32 i;

	if (!kbpf_map_is_percpu(map) || !array_index(map, key, &i))
		return NULL;
	return kbpf_per_cpu_ptr(to_array(map)->pptrs[i], cpu);
}

static long array_update(struct kbpf_map *map, const void *key,
			 const void *value, u64 flags)
{
	u32 i;

	flags &= ~KBPF_UPDATE_MAY_SLEEP;
	if (kbpf_map_check_update_flags(flags))
		return -EINVAL;
	if (!array_index(map, key, &i))
		return -E2BIG;
	/* Every entry always exists. */
	if (flags == KBPF_NOEXIST)
		return -EEXIST;
	memcpy(array_slot(to_array(map), i), value, map->value_size);
	return 0;
}

static long array_delete(struct kbpf_map *map, const void *key)
{
	return -EINVAL;
}

static int array_direct_value_addr(const struct kbpf_map *map, u32 off,
				   u64 *addr)
{
	const struct kbpf_array *arr = to_array(map);

	if (kbpf_map_is_percpu(map) || map->max_entries != 1)
		return -EOPNOTSUPP;
	if (off >= map->value_size)
		return -EINVAL;
	*addr = (u64)(uintptr_t)arr->values + off;
	return 0;
}

static struct kbpf_insn insn(u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	return (struct kbpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
				   .off = off, .imm = imm };
}

/*
 * array_lookup() as instructions. The index is clamped as
 * kbpf_index_nospec() clamps it, after the bounds check and without a
 * branch: the mask is all ones when (max_entries - 1 - index) | index has
 * its sign bit clear, which is when index < max_entries (both are below
 * 2^32, computed in 64 bits), and zero otherwise, so a mispredicted check
 * reads entry 0. r1 (the map) gives the values' address; no address is
 * in the instructions, so the translated program dumps without one.
 */
static int array_gen_lookup(const struct kbpf_map *map, struct kbpf_insn *buf)
{
	u32 size = ALIGN(map->value_size, 8), shift = 0;
	struct kbpf_insn *p = buf;

	/* value_size is at most KBPF_MAP_MAX_VALUE_SIZE: size fits imm. */
	if (map->type != KBPF_MAP_TYPE_ARRAY || !map->max_entries)
		return -EOPNOTSUPP;
	*p++ = insn(KBPF_LDX | KBPF_MEM | KBPF_W, 0, 2, 0, 0);
	*p++ = insn(KBPF_JMP32 | KBPF_JGE | KBPF_K, 0, 0, 10, (s32)map->max_entries);
	*p++ = insn(KBPF_ALU | KBPF_MOV | KBPF_K, 2, 0, 0, (s32)(map->max_entries - 1));
	*p++ = insn(KBPF_ALU64 | KBPF_SUB | KBPF_X, 2, 0, 0, 0);
	*p++ = insn(KBPF_ALU64 | KBPF_OR | KBPF_X, 2, 0, 0, 0);
	*p++ = insn(KBPF_ALU64 | KBPF_ARSH | KBPF_K, 2, 0, 0, 63);
	*p++ = insn(KBPF_ALU64 | KBPF_XOR | KBPF_K, 2, 0, 0, -1);
	*p++ = insn(KBPF_ALU64 | KBPF_AND | KBPF_X, 0, 2, 0, 0);
	if (!(size & (size - 1))) {
		while ((1U << shift) < size)
			shift++;
		*p++ = insn(KBPF_ALU64 | KBPF_LSH | KBPF_K, 0, 0, 0, shift);
	} else {
		*p++ = insn(KBPF_ALU64 | KBPF_MUL | KBPF_K, 0, 0, 0, size);
	}
	*p++ = insn(KBPF_LDX | KBPF_MEM | KBPF_DW, 1, 1,
		    offsetof(struct kbpf_array, values), 0);
	*p++ = insn(KBPF_ALU64 | KBPF_ADD | KBPF_X, 0, 1, 0, 0);
	*p++ = insn(KBPF_JMP | KBPF_JA, 0, 0, 1, 0);
	*p++ = insn(KBPF_ALU64 | KBPF_MOV | KBPF_K, 0, 0, 0, 0);
	return p - buf;
}

static int array_lookup_user(struct kbpf_map *map, const void *key,
			     void *value)
{
	struct kbpf_array *arr = to_array(map);
	u32 i, stride = ALIGN(map->value_size, 8);
	u8 *out = value;
	int cpu;

	if (!array_index(map, key, &i))
		return -ENOENT;
	if (!kbpf_map_is_percpu(map)) {
		memcpy(value, arr->values + (size_t)i * arr->elem_size,
		       map->value_size);
		return 0;
	}
	kbpf_for_each_possible_cpu(cpu) {
		memcpy(out, kbpf_per_cpu_ptr(arr->pptrs[i], cpu), stride);
		out += stride;
	}
	return 0;
}

static int array_update_user(struct kbpf_map *map, const void *key,
			     const void *value, u64 flags)
{
	struct kbpf_array *arr = to_array(map);
	u32 i, stride = ALIGN(map->value_size, 8);
	const u8 *in = value;
	int cpu;

	if (!kbpf_map_is_percpu(map))
		return array_update(map, key, value, flags);
	flags &= ~KBPF_UPDATE_MAY_SLEEP;
	if (!array_index(map, key, &i))
		return -E2BIG;
	if (flags == KBPF_NOEXIST)
		return -EEXIST;
	kbpf_for_each_possible_cpu(cpu) {
		memcpy(kbpf_per_cpu_ptr(arr->pptrs[i], cpu), in, stride);
		in += stride;
	}
	return 0;
}

void *kbpf_array_mmap_area(struct kbpf_map *map, u64 *len)
{
	struct kbpf_array *arr = to_array(map);

	if (map->type != KBPF_MAP_TYPE_ARRAY || !(map->flags & KBPF_F_MMAPABLE))
		return NULL;
	*len = arr->area_len;
	return arr->values;
}

/* Keys in index order; a key past the end starts over, like Linux. */
int kbpf_array_get_next_key(struct kbpf_map *map, const void *key,
			     void *next)
{
	u32 index = 0, *out = next;

	if (key) {
		memcpy(&index, key, sizeof(index));
		if (index == map->max_entries - 1)
			return -ENOENT;
		index = index >= map->max_entries ? 0 : index + 1;
	}
	*out = index;
	return 0;
}

/* Index order from the one after the cursor's, as get_next_key. */
static int array_lookup_batch(struct kbpf_map *map, struct kbpf_map_cursor *c,
			      void *keys, void *values, u32 max, bool del,
			      u32 *n)
{
	u32 i = 0, vsize = kbpf_map_user_value_size(map);
	u8 *k = keys, *v = values;

	*n = 0;
	if (del)
		return -EOPNOTSUPP;
	if (c->have_key) {
		memcpy(&i, c->key, sizeof(i));
		i = i >= map->max_entries ? 0 : i + 1;
	}
	for (; i < map->max_entries && *n < max; i++, (*n)++) {
		memcpy(k + (size_t)*n * sizeof(i), &i, sizeof(i));
		array_lookup_user(map, &i, v + (size_t)*n * vsize);
	}
	c->end = i >= map->max_entries;
	if (*n) {
		i--;
		memcpy(c->key, &i, sizeof(i));
		c->have_key = true;
	}
	return 0;
}

static void array_free(struct kbpf_map *map)
{
	struct kbpf_array *arr = to_array(map);
	u32 i;

	if (kbpf_map_is_percpu(map) && arr->pptrs) {
		for (i = 0; i < map->max_entries; i++)
			kbpf_percpu_free(arr->pptrs[i]);
		kbpf_big_free(arr->pptrs);
	} else if (map->flags & KBPF_F_MMAPABLE) {
		kbpf_user_area_free(arr->values, arr->area_priv, arr->area_len);
	} else {
		kbpf_big_free(arr->values);
	}
	kbpf_free(arr);
}

static const struct kbpf_map_ops array_ops = {
	.lookup			= array_lookup,
	.lookup_percpu		= array_lookup_percpu,
	.update			= array_update,
	.delete			= array_delete,
	.direct_value_addr	= array_direct_value_addr,
	.gen_lookup		= array_gen_lookup,
	.lookup_user		= array_lookup_user,
	.update_user		= array_update_user,
	.get_next_key		= kbpf_array_get_next_key,
	.lookup_batch		= array_lookup_batch,
	.free			= array_free,
};

static int array_alloc_percpu(struct kbpf_array *arr)
{
	u32 i, n = arr->map.max_entries;

	arr->pptrs = kbpf_big_zalloc((size_t)n * sizeof(arr->pptrs[0]));
	if (!arr->pptrs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		arr->pptrs[i] = kbpf_percpu_alloc(arr->elem_size);
		if (!arr->pptrs[i])
			return -ENOMEM;	/* array_free() releases the rest */
	}
	return 0;
}

struct kbpf_map *kbpf_array_create(const struct kbpf_map_attr *attr)
{
	struct kbpf_array *arr;
	u64 total;
	int err;

	/* Keys are u32 indexes. */
	if (attr->key_size != 4)
		return ERR_PTR(-EINVAL);
	total = (u64)ALIGN(attr->value_size, 8) * attr->max_entries;
	if (attr->type == KBPF_MAP_TYPE_PERCPU_ARRAY)
		total *= kbpf_num_possible_cpus();
	if (total > KBPF_MAP_MAX_BYTES)
		return ERR_PTR(-E2BIG);

	arr = kbpf_zalloc(sizeof(*arr));
	if (!arr)
		return ERR_PTR(-ENOMEM);
	kbpf_map_init(&arr->map, attr, &array_ops);
	arr->elem_size = ALIGN(attr->value_size, 8);
	if (attr->type == KBPF_MAP_TYPE_PERCPU_ARRAY) {
		err = array_alloc_percpu(arr);
	} else if (attr->flags & KBPF_F_MMAPABLE) {
		arr->area_len = ALIGN(total, (u64)KBPF_PAGE_SIZE);
		arr->values = kbpf_user_area_alloc(arr->area_len, &arr->area_priv);
		err = arr->values ? 0 : -ENOMEM;
	} else {
		arr->values = kbpf_big_zalloc((size_t)total);
		err = arr->values ? 0 : -ENOMEM;
	}
	if (err) {
		array_free(&arr->map);
		return ERR_PTR(err);
	}
	return &arr->map;
}
