// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer helpers (maps/ringbuf.c does the work). The verifier proved
 * the map is a ring buffer, the reserve size a constant, and that what
 * submit and discard get is a live reservation, unmodified.
 */
#include "helpers.h"
#include "../maps/maps.h"

static struct kbpf_map *to_map(u64 r)
{
	return (struct kbpf_map *)(uintptr_t)r;
}

u64 kbpf_helper_ringbuf_output(u64 map, u64 data, u64 size, u64 flags, u64 r5)
{
	return kbpf_ringbuf_output(to_map(map), (const void *)(uintptr_t)data,
				   size, flags);
}

u64 kbpf_helper_ringbuf_reserve(u64 map, u64 size, u64 flags, u64 r4, u64 r5)
{
	return (u64)(uintptr_t)kbpf_ringbuf_reserve(to_map(map), size, flags);
}

/* Linux ignores unknown flags here: only output checks them. */
u64 kbpf_helper_ringbuf_submit(u64 data, u64 flags, u64 r3, u64 r4, u64 r5)
{
	kbpf_ringbuf_commit((void *)(uintptr_t)data, flags, false);
	return 0;
}

u64 kbpf_helper_ringbuf_discard(u64 data, u64 flags, u64 r3, u64 r4, u64 r5)
{
	kbpf_ringbuf_commit((void *)(uintptr_t)data, flags, true);
	return 0;
}

u64 kbpf_helper_ringbuf_query(u64 map, u64 flags, u64 r3, u64 r4, u64 r5)
{
	return kbpf_ringbuf_query(to_map(map), flags);
}
