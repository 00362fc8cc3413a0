// SPDX-License-Identifier: GPL-2.0-only
/*
 * Speculation hardening of array maps (Spectre v1): kbpf_index_nospec()
 * keeps an in-range index and turns any other into 0, at the edges
 * (0, size - 1, size, size + 1, 2^31, UINT32_MAX) of sizes that are and
 * are not powers of two; array and per-CPU array lookups with a key out
 * of range return NULL to programs and ENOENT to user space.
 */
#include <stdint.h>
#include "../../maps/maps.h"
#include "unit.h"

static const u32 sizes[] = {
	1, 2, 3, 4, 5, 7, 8, 100, 1000, 1024, 4097, 65536,
	0x7fffffff, 0x80000000, 0x80000001, UINT32_MAX - 1, UINT32_MAX,
};

static void test_index(u32 n)
{
	const u32 in[] = { 0, n / 2, n - 1 };
	const u32 out[] = { n, n + 1, 0x80000000, UINT32_MAX - 1, UINT32_MAX };
	int ok_in = 1, ok_out = 1;
	unsigned int k;

	for (k = 0; k < sizeof(in) / sizeof(in[0]); k++)
		ok_in &= kbpf_index_nospec(in[k], n) == in[k];
	for (k = 0; k < sizeof(out) / sizeof(out[0]); k++)
		if (out[k] >= n)	/* n + 1 wraps to 0 for UINT32_MAX */
			ok_out &= kbpf_index_nospec(out[k], n) == 0;
	UNIT_CHECK(ok_in, "nospec: size %u keeps 0, %u, %u", n, n / 2, n - 1);
	UNIT_CHECK(ok_out, "nospec: size %u clamps %u, %u, 2^31, UINT32_MAX to 0",
		   n, n, n + 1);
}

/* The result keeps the index's type, as array_index_nospec()'s does. */
static void test_types(void)
{
	u64 big = 1ULL << 40;
	u32 small = 3;

	UNIT_CHECK(sizeof(kbpf_index_nospec(small, 4u)) == sizeof(u32) &&
		   sizeof(kbpf_index_nospec(big, big + 1)) == sizeof(u64),
		   "nospec: result has the index's type");
	UNIT_CHECK(kbpf_index_nospec(big, big + 1) == big &&
		   kbpf_index_nospec(big, big) == 0,
		   "nospec: 64-bit indices above 2^32 kept and clamped");
	UNIT_CHECK(kbpf_index_nospec(0u, 0u) == 0 && kbpf_index_nospec(5u, 0u) == 0,
		   "nospec: size 0 gives 0");
}

static void test_array_lookup(u32 type, u32 max)
{
	const char *t = type == KBPF_MAP_TYPE_ARRAY ? "array" : "percpu_array";
	struct kbpf_map_attr a = {
		.type = type, .key_size = 4, .value_size = 8, .max_entries = max,
	};
	struct kbpf_map *m = kbpf_map_create(&a);
	const u32 keys[] = { max, max + 1, 0x80000000, UINT32_MAX };
	u8 *out = calloc(1, kbpf_map_user_value_size(m));
	int null = 1, enoent = 1;
	unsigned int k;
	u32 key;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		null &= m->ops->lookup(m, &keys[k]) == NULL;
		enoent &= kbpf_map_lookup_user(m, &keys[k], out) == -ENOENT;
	}
	UNIT_CHECK(null, "%s %u: program lookups of keys %u, %u, 2^31, UINT32_MAX are NULL",
		   t, max, max, max + 1);
	UNIT_CHECK(enoent, "%s %u: user lookups of those keys ENOENT", t, max);
	key = max - 1;
	UNIT_CHECK(m->ops->lookup(m, &key) != NULL, "%s %u: key %u found", t, max, key);
	free(out);
	kbpf_map_free(m);
}

int main(void)
{
	unsigned int k;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
		test_index(sizes[k]);
	test_types();
	test_array_lookup(KBPF_MAP_TYPE_ARRAY, 1);
	test_array_lookup(KBPF_MAP_TYPE_ARRAY, 7);
	test_array_lookup(KBPF_MAP_TYPE_ARRAY, 8);
	test_array_lookup(KBPF_MAP_TYPE_PERCPU_ARRAY, 3);
	test_array_lookup(KBPF_MAP_TYPE_PERCPU_ARRAY, 4);
	return unit_failed;
}
