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
	KBPF_ARG_PTR_TO_FMT_ARGS,	/* u64s for the previous arg's format, size next */
	KBPF_ARG_ADDR_TO_READ,		/* probe_read's source: a number or a pointer */
	KBPF_ARG_PTR_TO_FUNC,		/* a subprogram's address (callback) */
	KBPF_ARG_PTR_TO_CALLBACK_CTX,	/* stack, map value or NULL, passed on */
};

/* What the verifier may assume about r0 after the call. */
enum kbpf_ret_type {
	KBPF_RET_INTEGER = 0,		/* unknown scalar */
	KBPF_RET_VOID,			/* r0 is unusable */
	KBPF_RET_MAP_VALUE_OR_NULL,	/* value_size bytes of arg 1's map */
	KBPF_RET_ALLOC_MEM_OR_NULL,	/* arg 2 bytes, acquired reference */
};

#define KBPF_HELPER_MAX_ARGS	5

/* map_types of helpers that take only per-CPU maps. */
#define KBPF_PERCPU_MAP_TYPES	((1ULL << KBPF_MAP_TYPE_PERCPU_HASH) |	\
				 (1ULL << KBPF_MAP_TYPE_PERCPU_ARRAY) |	\
				 (1ULL << KBPF_MAP_TYPE_LRU_PERCPU_HASH))

struct kbpf_helper_proto {
	kbpf_helper_fn func;
	const char *name;		/* as in bpf_helper_defs.h, no bpf_ */
	u8 ret;				/* enum kbpf_ret_type */
	u8 args[KBPF_HELPER_MAX_ARGS];	/* enum kbpf_arg_type */
	bool gpl_only;			/* needs a GPL-compatible license */
	bool releases;			/* consumes its PTR_TO_ALLOC_MEM arg */
	bool writes_map;		/* changes its map's elements */
	/*
	 * The type its CONST_MAP_PTR argument must have; 0: any map whose
	 * values are elements (not a ring buffer).
	 */
	u32 map_type;
	u32 prog_types;			/* bit (1 << type) per allowed type */
	/* bit (1ULL << map type) the map argument may be; 0: any */
	u64 map_types;
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
	KBPF_FUNC_tail_call		= 12,	/* no body: the engines jump */
	KBPF_FUNC_get_current_pid_tgid	= 14,
	KBPF_FUNC_get_current_uid_gid	= 15,
	KBPF_FUNC_get_current_comm	= 16,
	KBPF_FUNC_skb_load_bytes	= 26,
	KBPF_FUNC_get_current_task	= 35,
	KBPF_FUNC_get_numa_node_id	= 42,
	KBPF_FUNC_probe_read_user	= 112,
	KBPF_FUNC_probe_read_kernel	= 113,
	KBPF_FUNC_probe_read_user_str	= 114,
	KBPF_FUNC_probe_read_kernel_str	= 115,
	KBPF_FUNC_jiffies64		= 118,
	KBPF_FUNC_ktime_get_boot_ns	= 125,
	KBPF_FUNC_ringbuf_output	= 130,
	KBPF_FUNC_ringbuf_reserve	= 131,
	KBPF_FUNC_ringbuf_submit	= 132,
	KBPF_FUNC_ringbuf_discard	= 133,
	KBPF_FUNC_ringbuf_query		= 134,
	KBPF_FUNC_ktime_get_coarse_ns	= 160,
	KBPF_FUNC_snprintf		= 165,
	KBPF_FUNC_loop			= 181,
	KBPF_FUNC_strncmp		= 182,
	KBPF_FUNC_map_lookup_percpu_elem = 195,
	/*
	 * kbpf's own, past Linux's last helper: only the verifier's fixups
	 * call them (no prototype, so no program can). trace_printk given
	 * 0, 1 or 2 of its arguments (verifier/fixup.c); map_lookup_elem of
	 * the one hash-family map a call was given on every path, calling
	 * its lookup directly rather than through the map's ops.
	 */
	KBPF_FUNC_trace_printk_args0	= 224,
	KBPF_FUNC_trace_printk_args1	= 225,
	KBPF_FUNC_trace_printk_args2	= 226,
	KBPF_FUNC_htab_lookup		= 227,
	KBPF_FUNC_MAX_ID		= 228,
};

/* Bodies, by responsibility (helpers/map.c, time.c, task.c, probe.c, print.c). */
u64 kbpf_helper_map_lookup_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_map_update_elem(u64 map, u64 key, u64 value, u64 flags, u64 r5);
u64 kbpf_helper_map_delete_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_htab_lookup(u64 map, u64 key, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_map_lookup_percpu_elem(u64 map, u64 key, u64 cpu, u64 r4,
				       u64 r5);
u64 kbpf_helper_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_ktime_get_boot_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_numa_node_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_jiffies64(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_ktime_get_coarse_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_current_task(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_current_pid_tgid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_current_uid_gid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_get_current_comm(u64 buf, u64 size, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_probe_read_kernel(u64 dst, u64 size, u64 src, u64 r4, u64 r5);
u64 kbpf_helper_probe_read_user(u64 dst, u64 size, u64 src, u64 r4, u64 r5);
u64 kbpf_helper_probe_read_kernel_str(u64 dst, u64 size, u64 src, u64 r4, u64 r5);
u64 kbpf_helper_probe_read_user_str(u64 dst, u64 size, u64 src, u64 r4, u64 r5);
u64 kbpf_helper_trace_printk(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3);
u64 kbpf_helper_trace_printk_args0(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3);
u64 kbpf_helper_trace_printk_args1(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3);
u64 kbpf_helper_trace_printk_args2(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3);
u64 kbpf_helper_ringbuf_output(u64 map, u64 data, u64 size, u64 flags, u64 r5);
u64 kbpf_helper_ringbuf_reserve(u64 map, u64 size, u64 flags, u64 r4, u64 r5);
u64 kbpf_helper_ringbuf_submit(u64 data, u64 flags, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_ringbuf_discard(u64 data, u64 flags, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_ringbuf_query(u64 map, u64 flags, u64 r3, u64 r4, u64 r5);
u64 kbpf_helper_snprintf(u64 str, u64 str_size, u64 fmt, u64 data, u64 data_len);
u64 kbpf_helper_strncmp(u64 s1, u64 s1_sz, u64 s2, u64 r4, u64 r5);
u64 kbpf_helper_skb_load_bytes(u64 ctx, u64 off, u64 to, u64 len, u64 r5);

/*
 * bpf_loop (helpers/loop.c), as Linux: at most KBPF_MAX_LOOPS calls
 * (-E2BIG above, nothing called), flags 0; returns the calls made. This
 * body serves native code: r2 is the callback's native entry, and the
 * JIT passes the BPF frame pointer the callback runs on in r5 (bpf_loop
 * has four arguments), which the entry takes as its third. The
 * interpreter runs callbacks itself (vm/interp.c).
 */
#define KBPF_MAX_LOOPS		(1U << 23)
u64 kbpf_helper_loop(u64 nr_loops, u64 fn, u64 ctx, u64 flags, u64 frame);

/*
 * The formatter of trace_printk and snprintf (helpers/print.c), with
 * Linux's rules: %d %i %u %x %X (l, ll), %c, %s, %%, %p %pK %px %pks %pus
 * %pi4 %pI4 %pi6 %pI6, flags 0 + - space and a width before each; %s
 * read with a nofault copy.
 *
 * kbpf_format() writes @fmt (NUL-terminated within @fmt_size) with @nargs
 * @args into @out, NUL-terminated when @size > 0, and returns the length
 * the whole result needs (NUL not counted), or -EINVAL with nothing
 * written. kbpf_format_check() only checks it (the verifier, at load):
 * the number of conversions, each argument's kind in @kinds (may be
 * NULL), or -EINVAL with *@why and the offset *@at of the fault.
 * kbpf_trace_format() is trace_printk's: three arguments, the length
 * written.
 */
#define KBPF_TRACE_LINE_MAX	256
#define KBPF_FMT_MAX_ARGS	12	/* snprintf's u64s, as Linux */
enum kbpf_fmt_arg_kind {
	KBPF_FMT_ARG_VALUE,		/* printed: must not be a pointer */
	KBPF_FMT_ARG_ADDR,		/* read through (%s, %pks, %pI4 ...) */
};
int kbpf_format(char *out, u32 size, const char *fmt, u32 fmt_size,
		const u64 *args, u32 nargs);
int kbpf_format_check(const char *fmt, u32 fmt_size, u32 nargs, u8 *kinds,
		      const char **why, u32 *at);
int kbpf_trace_format(char *out, u32 size, const char *fmt, u32 fmt_size,
		      const u64 args[3]);

#endif /* _KBPF_HELPERS_H */
