// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map helpers. The verifier proved r1 is a map from lddw and the key and
 * value point to key_size / value_size readable bytes; the caller holds
 * RCU (programs run inside a read section).
 */
#include "helpers.h"
#include "../maps/maps.h"

static struct kbpf_map *to_map(u64 r)
{
	return (struct kbpf_map *)(uintptr_t)r;
}

u64 kbpf_helper_map_lookup_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_map *m = to_map(map);

	return (u64)(uintptr_t)m->ops->lookup(m, (const void *)(uintptr_t)key);
}

/*
 * map_lookup_elem where the verifier proved r1 is one map of the hash
 * family on every path: a direct call, no indirect one through the
 * map's ops (a retpoline on most x86 CPUs).
 */
u64 kbpf_helper_htab_lookup(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	return (u64)(uintptr_t)kbpf_htab_lookup(to_map(map),
						(const void *)(uintptr_t)key);
}

u64 kbpf_helper_map_update_elem(u64 map, u64 key, u64 value, u64 flags,
				u64 r5)
{
	struct kbpf_map *m = to_map(map);

	/* Only Linux's three flags; never the internal may-sleep bit. */
	if (kbpf_map_check_update_flags(flags))
		return (u64)-EINVAL;
	return m->ops->update(m, (const void *)(uintptr_t)key,
			      (const void *)(uintptr_t)value, flags);
}

u64 kbpf_helper_map_delete_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct kbpf_map *m = to_map(map);

	return m->ops->delete(m, (const void *)(uintptr_t)key);
}

/*
 * Like Linux: @cpu's copy of a per-CPU map's value, NULL for a CPU that
 * cannot exist. The verifier proved the map per-CPU.
 */
u64 kbpf_helper_map_lookup_percpu_elem(u64 map, u64 key, u64 cpu, u64 r4,
				       u64 r5)
{
	struct kbpf_map *m = to_map(map);

	if (cpu >= kbpf_nr_cpu_ids() || !kbpf_cpu_possible(cpu) ||
	    !m->ops->lookup_percpu)
		return 0;
	return (u64)(uintptr_t)m->ops->lookup_percpu(m,
			(const void *)(uintptr_t)key, cpu);
}
