/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers: the kernel services a program may call, and the prototypes the
 * verifier checks every call against.
 *
 * Ids, argument kinds and return kinds follow Linux's bpf_func_proto so
 * that programs built with Debian's libbpf-dev bpf_helper_defs.h call
 * the same helper with the same meaning. The table is plain data shared
 * by the module and the host library; helpers whose body needs the
 * kernel reach it through the platform header.
 */
#ifndef _KBPF_HELPERS_H
#define _KBPF_HELPERS_H

#include "../vm/vm.h"

/* What the verifier must prove about one argument register. */
enum kbpf_arg_type {
	KBPF_ARG_NONE = 0,		/* no argument in this position */
	KBPF_ARG_ANYTHING,		/* any initialized scalar */
	KBPF_ARG_CONST_MAP_PTR,		/* a map from lddw */
	KBPF_ARG_PTR_TO_MAP_KEY,	/* key_size readable bytes */
	KBPF_ARG_PTR_TO_MAP_VALUE,	/* value_size readable bytes */
	KBPF_ARG_PTR_TO_MEM,		/* readable, size in the next arg */
	KBPF_ARG_PTR_TO_UNINIT_MEM,	/* writable, size in the next arg */
	KBPF_ARG_CONST_SIZE,		/* bounded scalar > 0 */
	KBPF_ARG_CONST_SIZE_OR_ZERO,	/* bounded scalar >= 0 */
	KBPF_ARG_PTR_TO_CTX,		/* the program's context, unmodified */
	KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO, /* known constant (ringbuf reserve) */
	KBPF_ARG_PTR_TO_ALLOC_MEM,	/* memory a helper returned (released) */
	KBPF_ARG_PTR_TO_CONST_STR,	/* NUL-terminated read-only map value */
	KBPF_ARG_PTR_TO_LONG,		/* 8 writable, aligned bytes */
};

/* What the verifier may assume about r0 after the call. */
enum kbpf_ret_type {
	KBPF_RET_INTEGER = 0,		/* unknown scalar */
	KBPF_RET_VOID,			/* r0 is unusable */
	KBPF_RET_MAP_VALUE_OR_NULL,	/* value_size bytes of arg 1's map */
	KBPF_RET_ALLOC_MEM_OR_NULL,	/* arg 2 bytes, acquired reference */
};

#define KBPF_HELPER_MAX_ARGS	5

struct kbpf_helper_proto {
	kbpf_helper_fn func;
	const char *name;		/* as in bpf_helper_defs.h, no bpf_ */
	u8 ret;				/* enum kbpf_ret_type */
	u8 args[KBPF_HELPER_MAX_ARGS];	/* enum kbpf_arg_type */
	bool gpl_only;			/* needs a GPL-compatible license */
	bool releases;			/* consumes its PTR_TO_ALLOC_MEM arg */
	u32 prog_types;			/* bit (1 << type) per allowed type */
};

/*
 * The prototype of helper @id for programs of @prog_type, or NULL when
 * the type may not call it. The verifier takes its lookup function from
 * struct kbpf_verify_opts, so tests can supply their own table.
 */
const struct kbpf_helper_proto *kbpf_helper_proto(u32 id, u32 prog_type);

/*
 * The engines' call table: entry @id is helper @id's body (NULL where kbpf
 * has none), *@nr entries. A program's prog->helpers points here.
 */
const kbpf_helper_fn *kbpf_helper_table(u32 *nr);

/* Linux's helper ids (enum bpf_func_id) that kbpf implements. */
enum kbpf_helper_id {
	KBPF_FUNC_map_lookup_elem	= 1,
	KBPF_FUNC_map_update_elem	= 2,
	KBPF_FUNC_map_delete_elem	= 3,
	KBPF_FUNC_ktime_get_ns		= 5,
	KBPF_FUNC_trace_printk		= 6,
	KBPF_FUNC_get_prandom_u32	= 7,
	KBPF_FUNC_get_smp_processor_id	= 8,
	KBPF_FUNC_get_current_pid_tgid	= 14,
	KBPF_FUNC_get_current_uid_gid	= 15,
	KBPF_FUNC_get_current_comm	= 16,
	KBPF_FUNC_skb_load_bytes	= 26,
	KBPF_FUNC_probe_read_user	= 112,
	KBPF_FUNC_probe_read_kernel	= 113,
	KBPF_FUNC_probe_read_user_str	= 114,
	KBPF_FUNC_probe_read_kernel_str	= 115,
	KBPF_FUNC_ktime_get_boot_ns	= 125,
	KBPF_FUNC_MAX_ID		= 126,
};

/* Bodies, by responsibility (helpers/map.c, time.c, task.c, probe.c, print.c). */
u64 kbpf_helper_map_lookup_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_map_update_elem(u64 map, u64 key, u64 value, u64 flags, u64 r5);
u64 kbpf_helper_map_delete_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_ktime_get_boot_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_current_pid_tgid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_current_uid_gid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_current_comm(u64 buf, u64 size, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_probe_read_kernel(u64 dst, u64 size, u64 src, u64 r4, u64 r5);
u64 kbpf_helper_probe_read_user(u64 dst, u64 size, u64 src, u64 r4, u64 r5);
u64 kbpf_helper_probe_read_kernel_str(u64 dst, u64 size, u64 src, u64 r4, u64 r5);
u64 kbpf_helper_probe_read_user_str(u64 dst, u64 size, u64 src, u64 r4, u64 r5);
u64 kbpf_helper_trace_printk(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3);
u64 kbpf_helper_skb_load_bytes(u64 ctx, u64 off, u64 to, u64 len, u64 r5);

/*
 * trace_printk's formatter, plain C: at most 3 conversions among
 * %d %i %u %x %c %s %% with l/ll length, %s read with a nofault copy.
 * Returns the length written (NUL not counted) or -EINVAL.
 */
#define KBPF_TRACE_LINE_MAX	256
int kbpf_trace_format(char *out, u32 size, const char *fmt, u32 fmt_size,
		      const u64 args[3]);

#endif /* _KBPF_HELPERS_H */
