// SPDX-License-Identifier: GPL-2.0-only
/*
 * The helper prototypes: Linux's ids, argument and return kinds and
 * gpl_only, and the program types each helper is safe for. The dense call
 * table the engines index is derived from the same entries.
 */
#include "helpers.h"

#define T(type)		(1U << KBPF_PROG_TYPE_##type)
#define TRACING		(T(KPROBE) | T(TRACEPOINT) | T(RAW_TRACEPOINT))
#define ALL_TYPES	(T(SOCKET_FILTER) | TRACING)

#define PROTO(id, ret_, types, gpl, ...)				\
	[KBPF_FUNC_##id] = {						\
		.func = kbpf_helper_##id, .name = #id, .ret = ret_,	\
		.args = { __VA_ARGS__ }, .gpl_only = gpl,		\
		.prog_types = types,					\
	}
/* The same, for a helper whose map argument must be of @maps. */
#define MAP_PROTO(id, ret_, types, maps, gpl, ...)			\
	[KBPF_FUNC_##id] = {						\
		.func = kbpf_helper_##id, .name = #id, .ret = ret_,	\
		.args = { __VA_ARGS__ }, .gpl_only = gpl,		\
		.prog_types = types, .map_types = maps,			\
	}

/*
 * The same, for a helper that changes its map's elements: refused on maps
 * programs may only read (BPF_F_RDONLY_PROG), as Linux does.
 */
#define MAP_WRITE_PROTO(id, ret_, types, ...)				\
	[KBPF_FUNC_##id] = {						\
		.func = kbpf_helper_##id, .name = #id, .ret = ret_,	\
		.args = { __VA_ARGS__ }, .writes_map = true,		\
		.prog_types = types,					\
	}

/* A ring buffer helper: its map argument must be a ring buffer. */
#define RB_PROTO(id, ret_, rel, ...)					\
	[KBPF_FUNC_##id] = {						\
		.func = kbpf_helper_##id, .name = #id, .ret = ret_,	\
		.args = { __VA_ARGS__ }, .releases = rel,		\
		.map_type = KBPF_MAP_TYPE_RINGBUF,			\
		.prog_types = ALL_TYPES,				\
	}

static const struct kbpf_helper_proto protos[KBPF_FUNC_MAX_ID] = {
	PROTO(map_lookup_elem, KBPF_RET_MAP_VALUE_OR_NULL, ALL_TYPES, false,
	      KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY),
	MAP_WRITE_PROTO(map_update_elem, KBPF_RET_INTEGER, ALL_TYPES,
			KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY,
			KBPF_ARG_PTR_TO_MAP_VALUE, KBPF_ARG_ANYTHING),
	MAP_WRITE_PROTO(map_delete_elem, KBPF_RET_INTEGER, ALL_TYPES,
			KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY),
	PROTO(ktime_get_ns, KBPF_RET_INTEGER, ALL_TYPES, false),
	PROTO(ktime_get_boot_ns, KBPF_RET_INTEGER, ALL_TYPES, false),
	PROTO(get_prandom_u32, KBPF_RET_INTEGER, ALL_TYPES, false),
	PROTO(get_smp_processor_id, KBPF_RET_INTEGER, ALL_TYPES, false),
	/* The current task means nothing to a packet: tracing only. */
	PROTO(get_current_pid_tgid, KBPF_RET_INTEGER, TRACING, false),
	PROTO(get_current_uid_gid, KBPF_RET_INTEGER, TRACING, false),
	PROTO(get_current_comm, KBPF_RET_INTEGER, TRACING, false,
	      KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE),
	PROTO(probe_read_user, KBPF_RET_INTEGER, TRACING, true,
	      KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
	      KBPF_ARG_ADDR_TO_READ),
	PROTO(probe_read_kernel, KBPF_RET_INTEGER, TRACING, true,
	      KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
	      KBPF_ARG_ADDR_TO_READ),
	PROTO(probe_read_user_str, KBPF_RET_INTEGER, TRACING, true,
	      KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
	      KBPF_ARG_ADDR_TO_READ),
	PROTO(probe_read_kernel_str, KBPF_RET_INTEGER, TRACING, true,
	      KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
	      KBPF_ARG_ADDR_TO_READ),
	PROTO(trace_printk, KBPF_RET_INTEGER, ALL_TYPES, true,
	      KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE),
	/*
	 * No body, as in Linux: the engines replace the running program
	 * (vm/interp.c). Falling through leaves r0 = -ENOENT.
	 */
	[KBPF_FUNC_tail_call] = {
		.name = "tail_call", .ret = KBPF_RET_INTEGER,
		.args = { KBPF_ARG_PTR_TO_CTX, KBPF_ARG_CONST_MAP_PTR,
			  KBPF_ARG_ANYTHING },
		.map_type = KBPF_MAP_TYPE_PROG_ARRAY,
		.prog_types = ALL_TYPES,
	},
	/* Any context may produce: the ring never sleeps nor allocates. */
	RB_PROTO(ringbuf_output, KBPF_RET_INTEGER, false, KBPF_ARG_CONST_MAP_PTR,
		 KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
		 KBPF_ARG_ANYTHING),
	RB_PROTO(ringbuf_reserve, KBPF_RET_ALLOC_MEM_OR_NULL, false,
		 KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO,
		 KBPF_ARG_ANYTHING),
	RB_PROTO(ringbuf_submit, KBPF_RET_VOID, true, KBPF_ARG_PTR_TO_ALLOC_MEM,
		 KBPF_ARG_ANYTHING),
	RB_PROTO(ringbuf_discard, KBPF_RET_VOID, true, KBPF_ARG_PTR_TO_ALLOC_MEM,
		 KBPF_ARG_ANYTHING),
	RB_PROTO(ringbuf_query, KBPF_RET_INTEGER, false, KBPF_ARG_CONST_MAP_PTR,
		 KBPF_ARG_ANYTHING),
	PROTO(snprintf, KBPF_RET_INTEGER, ALL_TYPES, true,
	      KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
	      KBPF_ARG_PTR_TO_CONST_STR, KBPF_ARG_PTR_TO_FMT_ARGS,
	      KBPF_ARG_CONST_SIZE_OR_ZERO),
	PROTO(loop, KBPF_RET_INTEGER, ALL_TYPES, false,
	      KBPF_ARG_ANYTHING, KBPF_ARG_PTR_TO_FUNC,
	      KBPF_ARG_PTR_TO_CALLBACK_CTX, KBPF_ARG_ANYTHING),
	PROTO(strncmp, KBPF_RET_INTEGER, ALL_TYPES, false,
	      KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE, KBPF_ARG_PTR_TO_CONST_STR),
	MAP_PROTO(map_lookup_percpu_elem, KBPF_RET_MAP_VALUE_OR_NULL, ALL_TYPES,
		  KBPF_PERCPU_MAP_TYPES, false, KBPF_ARG_CONST_MAP_PTR,
		  KBPF_ARG_PTR_TO_MAP_KEY, KBPF_ARG_ANYTHING),
	PROTO(get_numa_node_id, KBPF_RET_INTEGER, ALL_TYPES, false),
	PROTO(jiffies64, KBPF_RET_INTEGER, ALL_TYPES, false),
	/* A seqcount read: a tracing program may fire inside the writer. */
	PROTO(ktime_get_coarse_ns, KBPF_RET_INTEGER, T(SOCKET_FILTER), false),
	PROTO(get_current_task, KBPF_RET_INTEGER, TRACING, true),
	PROTO(skb_load_bytes, KBPF_RET_INTEGER, T(SOCKET_FILTER), false,
	      KBPF_ARG_PTR_TO_CTX, KBPF_ARG_ANYTHING,
	      KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE),
};

static kbpf_helper_fn table[KBPF_FUNC_MAX_ID] = {
#define FN(id) [KBPF_FUNC_##id] = kbpf_helper_##id
	FN(map_lookup_elem), FN(map_update_elem), FN(map_delete_elem),
	FN(ktime_get_ns), FN(ktime_get_boot_ns), FN(get_prandom_u32),
	FN(get_smp_processor_id), FN(get_current_pid_tgid),
	FN(get_current_uid_gid), FN(get_current_comm), FN(probe_read_user),
	FN(probe_read_kernel), FN(probe_read_user_str),
	FN(probe_read_kernel_str), FN(trace_printk),
	FN(ringbuf_output), FN(ringbuf_reserve), FN(ringbuf_submit),
	FN(ringbuf_discard), FN(ringbuf_query),
	FN(snprintf), FN(loop), FN(strncmp),
	FN(map_lookup_percpu_elem), FN(get_numa_node_id), FN(jiffies64),
	FN(ktime_get_coarse_ns), FN(get_current_task),
	FN(skb_load_bytes),
	FN(trace_printk_args0), FN(trace_printk_args1), FN(trace_printk_args2),
	FN(htab_lookup),
#undef FN
};

const struct kbpf_helper_proto *kbpf_helper_proto(u32 id, u32 prog_type)
{
	const struct kbpf_helper_proto *p;

	if (id >= KBPF_FUNC_MAX_ID || prog_type >= 32)
		return NULL;
	p = &protos[id];
	if (!p->name || !(p->prog_types & (1U << prog_type)))
		return NULL;
	return p;
}

const kbpf_helper_fn *kbpf_helper_table(u32 *nr)
{
	*nr = KBPF_FUNC_MAX_ID;
	return table;
}
