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

#endif /* _KBPF_HELPERS_H */
