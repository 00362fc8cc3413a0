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

struct kbpf_map_ops {
	/* Program side: may run in any context; the caller holds RCU. */
	void *(*lookup)(struct kbpf_map *map, const void *key);
	long (*update)(struct kbpf_map *map, const void *key,
		       const void *value, u64 flags);
	long (*delete)(struct kbpf_map *map, const void *key);
	/*
	 * The address of the value at byte @off of the only entry, for
	 * lddw map-value references; -EOPNOTSUPP for types without one.
	 */
	int (*direct_value_addr)(const struct kbpf_map *map, u32 off, u64 *addr);
};

struct kbpf_map {
	const struct kbpf_map_ops *ops;
	u32 type;			/* enum kbpf_map_type (Linux numbers) */
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 flags;			/* KBPF_F_* as Linux's BPF_F_* */
	bool frozen;			/* no more writes from user space */
};

#endif /* _KBPF_MAPS_H */
