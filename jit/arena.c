// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ranges of the JIT arena: first fit over a bitmap of 64-byte units.
 *
 * The arena is the platform's executable memory (jit/mem_kernel.c,
 * jit/mem_host.c). Many programs share it; a freed range is overwritten
 * with trapping instructions and synced to instruction fetch (as new
 * code is) before it can be handed out again, so a stale jump into it
 * stops instead of running someone else's code.
 * Callers free a range only once no CPU can be running it (the module
 * frees programs after an RCU grace period).
 */
#include "internal.h"

#define UNIT		64U
#define BITS		64U

static kbpf_lock_t arena_lock;
static bool arena_ready;
static u8 *arena_base;
static size_t arena_units;
static u64 *arena_map;		/* bit set: unit in use */
static size_t arena_used;	/* units */

static bool unit_used(size_t u)
{
	return arena_map[u / BITS] & (1ULL << (u % BITS));
}

static void mark_units(size_t first, size_t n, bool used)
{
	size_t u;

	for (u = first; u < first + n; u++) {
		if (used)
			arena_map[u / BITS] |= 1ULL << (u % BITS);
		else
			arena_map[u / BITS] &= ~(1ULL << (u % BITS));
	}
	arena_used = used ? arena_used + n : arena_used - n;
}

/* The first run of @n free units, or arena_units if there is none. */
static size_t find_free(size_t n)
{
	size_t u = 0, run = 0;

	while (u < arena_units) {
		if (!(u % BITS) && arena_map[u / BITS] == ~0ULL) {
			u += BITS;
			run = 0;
			continue;
		}
		run = unit_used(u) ? 0 : run + 1;
		u++;
		if (run == n)
			return u - n;
	}
	return arena_units;
}

int kbpf_jit_arena_init(void)
{
	size_t size;
	int err = 0;

	if (READ_ONCE(arena_ready))
		return 0;
	kbpf_lock_init(&arena_lock);
	err = kbpf_jit_mem_init(&arena_base, &size);
	if (err)
		return err;
	arena_units = size / UNIT;
	arena_map = kbpf_big_zalloc(ALIGN(arena_units, BITS) / 8);
	if (!arena_map) {
		kbpf_jit_mem_exit();
		return -ENOMEM;
	}
	WRITE_ONCE(arena_ready, true);
	return 0;
}

void kbpf_jit_arena_exit(void)
{
	if (!arena_ready)
		return;
	kbpf_big_free(arena_map);
	arena_map = NULL;
	kbpf_jit_mem_exit();
	arena_ready = false;
}

void *kbpf_jit_arena_alloc(u32 size)
{
	size_t n = ALIGN((size_t)size, UNIT) / UNIT, first;
	void *p = NULL;

	if (!size || !arena_ready)
		return NULL;
	kbpf_lock(&arena_lock);
	first = find_free(n);
	if (first < arena_units) {
		mark_units(first, n, true);
		p = arena_base + first * UNIT;
	}
	kbpf_unlock(&arena_lock);
	return p;
}

static void fill_with_traps(u8 *start, size_t len)
{
	u8 *traps = kbpf_big_zalloc(len);
	size_t i;

	/* Without memory the old code stays; the range is still unused. */
	if (!traps)
		return;
	for (i = 0; i < len; i++)
		traps[i] = kbpf_jit_arch_fill[i % sizeof(kbpf_jit_arch_fill)];
	/*
	 * The traps written through the data side are not what instruction
	 * fetch sees until it is synced: arm64's instruction cache could
	 * still hold the freed program's code.
	 */
	if (!kbpf_jit_mem_write(start, traps, len))
		kbpf_jit_mem_sync(start, len);
	kbpf_big_free(traps);
}

void kbpf_jit_arena_free(void *start, u32 size)
{
	size_t n = ALIGN((size_t)size, UNIT) / UNIT;

	fill_with_traps(start, n * UNIT);
	kbpf_lock(&arena_lock);
	mark_units(((u8 *)start - arena_base) / UNIT, n, false);
	kbpf_unlock(&arena_lock);
}

void kbpf_jit_arena_usage(u64 *used, u64 *size)
{
	kbpf_lock(&arena_lock);
	*used = (u64)arena_used * UNIT;
	*size = (u64)arena_units * UNIT;
	kbpf_unlock(&arena_lock);
}
