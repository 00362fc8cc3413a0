/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Verifier table: programs with the verdict the module's gate must reach
 * and, for rejections, the errno, the instruction and a fragment of the
 * message. Each message in Documentation/verifier.md has a case here.
 */
#ifndef _KBPF_TESTS_VERIFIER_CASES_H
#define _KBPF_TESTS_VERIFIER_CASES_H

#include "../cases/insn.h"
#include "../../maps/maps.h"
#include "../../verifier/verifier.h"

#define VERIFIER_MAX_INSNS	72

/* r1 (0..15 when in bounds) as an offset into 16 written stack bytes. */
#define NARROW_SPILL_USE ST(DW, 10, -16, 0), ST(DW, 10, -8, 0), \
	MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16), ALU64_REG(ADD, 2, 1), \
	LDX(B, 0, 2, 0), EXIT()

struct verifier_case {
	const char *name;
	int err;		/* 0 for accept, else the negative errno */
	u32 err_insn;
	const char *msg;	/* fragment of the rejection line */
	u32 type;		/* program type; 0 means socket filter */
	bool not_gpl;		/* the program's license is not GPL-compatible */
	bool slow;		/* explores a million instructions: host only */
	bool structure;		/* structure-only mode (the conformance plugin's):
				 * host and KUnit only, PROG_LOAD has no such mode */
	u32 ctx_size;		/* tracepoints: the record size the load names */
	u32 max_ctx;		/* accepted: expected max_ctx_offset, 0 unchecked */
	bool check_words;	/* accepted: ctx_words must be @ctx_words */
	u64 ctx_words;
	u32 len;
	struct kbpf_insn insns[VERIFIER_MAX_INSNS];
};

#define ACCEPT(n, ...)							\
	{ .name = (n), .insns = { __VA_ARGS__ },			\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }
#define REJECT(n, e, at, m, ...)					\
	{ .name = (n), .err = (e), .err_insn = (at), .msg = (m),	\
	  .insns = { __VA_ARGS__ },					\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }
#define ACCEPT_T(n, t, ...)						\
	{ .name = (n), .type = (t), .insns = { __VA_ARGS__ },		\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }
/* Tracepoint programs loaded for sched:sched_switch, a @rec-byte record. */
#define ACCEPT_TP(n, rec, max, ...)					\
	{ .name = (n), .type = TP, .ctx_size = (rec), .max_ctx = (max),	\
	  .insns = { __VA_ARGS__ },					\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }
/* Accepted, with prog->ctx_words @w (the context words it touches). */
#define ACCEPT_W(n, t, w, ...)						\
	{ .name = (n), .type = (t), .check_words = true,		\
	  .ctx_words = (w), .insns = { __VA_ARGS__ },			\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }
#define REJECT_TP(n, rec, e, at, m, ...)				\
	{ .name = (n), .type = TP, .ctx_size = (rec), .err = (e),	\
	  .err_insn = (at), .msg = (m), .insns = { __VA_ARGS__ },	\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }
#define REJECT_T(n, t, e, at, m, ...)					\
	{ .name = (n), .type = (t), .err = (e), .err_insn = (at),	\
	  .msg = (m), .insns = { __VA_ARGS__ },				\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }

/* lddw map references as the loader leaves them: index into prog->maps. */
/*
 * A case that explores the full million instructions: seconds on the host,
 * many minutes under KASAN in an emulated guest. KUnit skips it; the
 * module's limit is exercised through the ioctl in the stock guests.
 */
#define REJECT_SLOW(n, e, at, m, ...)					\
	{ .name = (n), .err = (e), .err_insn = (at), .msg = (m),	\
	  .slow = true, .insns = { __VA_ARGS__ },			\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }

/* Verified in structure-only mode (KBPF_VERIFY_STRUCTURE). */
#define REJECT_STRUCTURE(n, e, at, m, ...)				\
	{ .name = (n), .err = (e), .err_insn = (at), .msg = (m),	\
	  .structure = true, .insns = { __VA_ARGS__ },			\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }

#define LD_MAP(d, idx) \
	INSN(KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_IDX, 0, idx), \
	INSN(0, 0, 0, 0, 0)
#define LD_MAP_VALUE(d, idx, off) \
	INSN(KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_IDX_VALUE, 0, idx), \
	INSN(0, 0, 0, 0, off)
/* r0 = map_lookup_elem(map idx, key 0 at r10-8): six instructions. */
#define LOOKUP(idx) \
	ST(DW, 10, -8, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), \
	LD_MAP(1, idx), CALL_HELPER(1)

/* lddw of a callback's address: @rel as a call's, from the next insn. */
#define LD_FUNC(d, rel) \
	INSN(KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_FUNC, 0, rel), \
	INSN(0, 0, 0, 0, 0)
/*
 * bpf_loop(@n, callback, ctx = r10 - 8, @flags) in seven instructions;
 * the callback @rel after the lddw: LOOP_CALL's follows the caller's own
 * two instructions after the call.
 */
#define LOOP_CALL_TO(n, flags, rel) \
	MOV64_IMM(1, n), LD_FUNC(2, rel), MOV64_REG(3, 10), \
	ALU64_IMM(ADD, 3, -8), MOV64_IMM(4, flags), CALL_HELPER(181)
#define LOOP_CALL(n, flags)	LOOP_CALL_TO(n, flags, 7)

#define KP	KBPF_PROG_TYPE_KPROBE
#define TP	KBPF_PROG_TYPE_TRACEPOINT
#define RAW	KBPF_PROG_TYPE_RAW_TRACEPOINT

/*
 * The maps and helpers the table's programs see: prototypes as Linux's
 * (ids, argument and return kinds), bodies that are never run.
 */
static u64 vtest_helper(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return 0;
}

#define VT_HELPERS	KBPF_FUNC_MAX_ID	/* the fixups call past Linux's ids */
static const kbpf_helper_fn vtest_helpers[VT_HELPERS] = {
	[0 ... VT_HELPERS - 1] = vtest_helper,
};

#define VT_ALL	((1U << 1) | (1U << KP) | (1U << TP) | (1U << RAW))
#define VT_TRACE ((1U << KP) | (1U << TP) | (1U << RAW))
static const struct kbpf_helper_proto vtest_protos[VT_HELPERS] = {
	[1] = { .name = "map_lookup_elem", .ret = KBPF_RET_MAP_VALUE_OR_NULL,
		.args = { KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY },
		.prog_types = VT_ALL },
	[2] = { .name = "map_update_elem",
		.args = { KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY,
			  KBPF_ARG_PTR_TO_MAP_VALUE, KBPF_ARG_ANYTHING },
		.prog_types = VT_ALL, .writes_map = true },
	[3] = { .name = "map_delete_elem",
		.args = { KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY },
		.prog_types = VT_ALL, .writes_map = true },
	[4] = { .name = "probe_read", .gpl_only = true,
		.args = { KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
			  KBPF_ARG_ANYTHING },
		.prog_types = VT_TRACE },
	[5] = { .name = "ktime_get_ns", .prog_types = VT_ALL },
	[113] = { .name = "probe_read_kernel", .gpl_only = true,
		  .args = { KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
			    KBPF_ARG_ADDR_TO_READ },
		  .prog_types = VT_TRACE },
	[6] = { .name = "trace_printk", .gpl_only = true,
		.args = { KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE },
		.prog_types = VT_ALL },
	[16] = { .name = "get_current_comm",
		 .args = { KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE },
		 .prog_types = VT_ALL },
	[25] = { .name = "perf_event_output",
		 .args = { KBPF_ARG_PTR_TO_CTX, KBPF_ARG_CONST_MAP_PTR,
			   KBPF_ARG_ANYTHING, KBPF_ARG_PTR_TO_MEM,
			   KBPF_ARG_CONST_SIZE_OR_ZERO },
		 .prog_types = VT_ALL },
	[26] = { .name = "skb_load_bytes",
		 .args = { KBPF_ARG_PTR_TO_CTX, KBPF_ARG_ANYTHING,
			   KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE },
		 .prog_types = 1U << 1 },
	[105] = { .name = "strtol",
		  .args = { KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE,
			    KBPF_ARG_ANYTHING, KBPF_ARG_PTR_TO_LONG },
		  .prog_types = VT_ALL },
	[130] = { .name = "ringbuf_output", .map_type = 27,
		  .args = { KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MEM,
			    KBPF_ARG_CONST_SIZE_OR_ZERO, KBPF_ARG_ANYTHING },
		  .prog_types = VT_ALL },
	[131] = { .name = "ringbuf_reserve", .ret = KBPF_RET_ALLOC_MEM_OR_NULL,
		  .args = { KBPF_ARG_CONST_MAP_PTR,
			    KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO, KBPF_ARG_ANYTHING },
		  .map_type = 27, .prog_types = VT_ALL },
	[132] = { .name = "ringbuf_submit", .ret = KBPF_RET_VOID, .releases = true,
		  .args = { KBPF_ARG_PTR_TO_ALLOC_MEM, KBPF_ARG_ANYTHING },
		  .prog_types = VT_ALL },
	[133] = { .name = "ringbuf_discard", .ret = KBPF_RET_VOID, .releases = true,
		  .args = { KBPF_ARG_PTR_TO_ALLOC_MEM, KBPF_ARG_ANYTHING },
		  .prog_types = VT_ALL },
	[12] = { .name = "tail_call",
		 .args = { KBPF_ARG_PTR_TO_CTX, KBPF_ARG_CONST_MAP_PTR,
			   KBPF_ARG_ANYTHING },
		 .map_type = KBPF_MAP_TYPE_PROG_ARRAY, .prog_types = VT_ALL },
	[165] = { .name = "snprintf", .gpl_only = true,
		  .args = { KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
			    KBPF_ARG_PTR_TO_CONST_STR, KBPF_ARG_PTR_TO_FMT_ARGS,
			    KBPF_ARG_CONST_SIZE_OR_ZERO },
		  .prog_types = VT_ALL },
	[181] = { .name = "loop",
		  .args = { KBPF_ARG_ANYTHING, KBPF_ARG_PTR_TO_FUNC,
			    KBPF_ARG_PTR_TO_CALLBACK_CTX, KBPF_ARG_ANYTHING },
		  .prog_types = VT_ALL },
	[182] = { .name = "strncmp",
		  .args = { KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE,
			    KBPF_ARG_PTR_TO_CONST_STR },
		  .prog_types = VT_ALL },
	[195] = { .name = "map_lookup_percpu_elem",
		  .ret = KBPF_RET_MAP_VALUE_OR_NULL,
		  .args = { KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY,
			    KBPF_ARG_ANYTHING },
		  .prog_types = VT_ALL, .map_types = KBPF_PERCPU_MAP_TYPES },
};

static const struct kbpf_helper_proto *vtest_proto(u32 id, u32 prog_type)
{
	if (id >= VT_HELPERS || !vtest_protos[id].name ||
	    !(vtest_protos[id].prog_types & (1U << prog_type)))
		return NULL;
	return &vtest_protos[id];
}

static u64 vtest_array[6];
static char vtest_str[16] = "hello";
/* Formats at 0, 10 and 13; at 19 five bytes with no NUL after them. */
static char vtest_fmt[24] = "n=%d s=%s\0%q\0plain\0abcde";

static int vtest_direct_value(const struct kbpf_map *map, u32 off, u64 *addr)
{
	char *base = map->value_size == sizeof(vtest_str) ? vtest_str :
		     map->value_size == sizeof(vtest_fmt) ? vtest_fmt :
		     (char *)vtest_array;

	if (off >= map->value_size)
		return -EINVAL;
	*addr = (uintptr_t)base + off;
	return 0;
}

static const struct kbpf_map_ops vtest_hash_ops = { 0 };
static const struct kbpf_map_ops vtest_array_ops = {
	.direct_value_addr = vtest_direct_value,
};

/*
 * 0: hash, 4-byte key, 8-byte value; 1: array of one 48-byte value;
 * 2: read-only frozen array holding "hello"; 3: ring buffer;
 * 4: write-only array, 8-byte value; 5 (vtest_maps[6]): read-only
 * frozen array of formats (vtest_fmt); 6 (vtest_maps[7]): LRU per-CPU
 * hash, 4-byte key, 8-byte value.
 */
static struct kbpf_map vtest_map_objs[] = {
	{ .ops = &vtest_hash_ops, .type = 1, .key_size = 4, .value_size = 8,
	  .max_entries = 16 },
	{ .ops = &vtest_array_ops, .type = 2, .key_size = 4, .value_size = 48,
	  .max_entries = 1 },
	{ .ops = &vtest_array_ops, .type = 2, .key_size = 4, .value_size = 16,
	  .max_entries = 1, .flags = 1U << 7, .frozen = true },
	{ .ops = &vtest_hash_ops, .type = 27, .max_entries = 4096 },
	{ .ops = &vtest_array_ops, .type = 2, .key_size = 4, .value_size = 8,
	  .max_entries = 1, .flags = 1U << 8 },
	{ .ops = &vtest_array_ops, .type = 2, .key_size = 4, .value_size = 24,
	  .max_entries = 1, .flags = 1U << 7, .frozen = true },
	{ .ops = &vtest_hash_ops, .type = 10, .key_size = 4, .value_size = 8,
	  .max_entries = 16 },
};

/* 5: prog_array of 4 slots, its owner type kprobe (vtest_maps[5]). */
static struct kbpf_prog_array vtest_prog_array = {
	.map = { .type = KBPF_MAP_TYPE_PROG_ARRAY, .key_size = 4,
		 .value_size = 4, .max_entries = 4 },
	.owner_type = KP,
};

static struct kbpf_map *vtest_maps[] = {
	&vtest_map_objs[0], &vtest_map_objs[1], &vtest_map_objs[2],
	&vtest_map_objs[3], &vtest_map_objs[4], &vtest_prog_array.map,
	&vtest_map_objs[5], &vtest_map_objs[6],
};

static const struct kbpf_verify_opts vtest_opts = {
	.mode = KBPF_VERIFY_FULL,
	.helpers = vtest_helpers,
	.nr_helpers = VT_HELPERS,
	.helper_proto = vtest_proto,
};

/* The options case @c is verified with: the table's, with its record size. */
static __maybe_unused void vtest_case_opts(const struct verifier_case *c,
					   struct kbpf_verify_opts *opts)
{
	*opts = vtest_opts;
	if (c->structure)
		opts->mode = KBPF_VERIFY_STRUCTURE;
	opts->ctx_size = c->ctx_size;
	opts->ctx_target = c->ctx_size ? "sched:sched_switch" : NULL;
}

/* A program for case @c, with the table's maps, ready for kbpf_verify(). */
static __maybe_unused struct kbpf_prog *vtest_prog(const struct verifier_case *c)
{
	struct kbpf_prog *prog = kbpf_prog_alloc(c->len);

	if (!prog)
		return NULL;
	memcpy(prog->insns, c->insns, c->len * sizeof(c->insns[0]));
	prog->type = c->type ? c->type : KBPF_PROG_TYPE_SOCKET_FILTER;
	prog->gpl_compatible = !c->not_gpl;
	prog->maps = vtest_maps;
	prog->nr_maps = ARRAY_SIZE(vtest_maps);
	return prog;
}

static const struct verifier_case verifier_cases[] = {
	ACCEPT("accept/ret42", MOV64_IMM(0, 42), EXIT()),
	ACCEPT("accept/forward_branches_both_init",
	       MOV64_IMM(1, 1), JMP_IMM(JEQ, 1, 1, 2), MOV64_IMM(0, 1), JA(1),
	       MOV64_IMM(0, 2), EXIT()),
	ACCEPT("accept/stack_bottom", ST(DW, 10, -512, 1), LDX(DW, 0, 10, -512),
	       EXIT()),

	REJECT("structure/unknown_opcode", -EINVAL, 0, "unknown opcode 0xff",
	       INSN(0xff, 0, 0, 0, 0), EXIT()),
	REJECT("structure/bad_register", -EINVAL, 0, "register number 11",
	       INSN(KBPF_ALU64 | KBPF_MOV | KBPF_K, 11, 0, 0, 0), EXIT()),
	REJECT("structure/alu_k_src_reg", -EINVAL, 0, "reserved src_reg field",
	       INSN(KBPF_ALU64 | KBPF_MOV | KBPF_K, 0, 1, 0, 0), EXIT()),
	REJECT("structure/alu_x_imm", -EINVAL, 1, "reserved imm field",
	       MOV64_IMM(1, 0), INSN(KBPF_ALU64 | KBPF_MOV | KBPF_X, 0, 1, 0, 5),
	       EXIT()),
	REJECT("structure/alu_off", -EINVAL, 0, "reserved off field",
	       INSN(KBPF_ALU64 | KBPF_ADD | KBPF_K, 0, 0, 3, 0), EXIT()),
	REJECT("structure/div_off", -EINVAL, 1, "division takes 0 (unsigned) or 1 (signed)",
	       MOV64_IMM(0, 1), INSN(KBPF_ALU64 | KBPF_DIV | KBPF_K, 0, 0, 2, 1),
	       EXIT()),
	REJECT("structure/movsx32_from_32", -EINVAL, 1, "movsx sign-extends from 8, 16 bits",
	       MOV64_IMM(1, 0), MOVSX32(0, 1, 32), EXIT()),
	REJECT("structure/swap_width", -EINVAL, 1, "byte swap width 8",
	       MOV64_IMM(0, 0), ENDIAN(TO_BE, 0, 8), EXIT()),
	REJECT("structure/neg_fields", -EINVAL, 1, "reserved fields of neg",
	       MOV64_IMM(0, 0), INSN(KBPF_ALU64 | KBPF_NEG, 0, 0, 0, 1), EXIT()),
	REJECT("structure/exit_fields", -EINVAL, 1, "reserved fields of exit",
	       MOV64_IMM(0, 0), INSN(KBPF_JMP | KBPF_EXIT, 1, 0, 0, 0)),
	REJECT("structure/ja_fields", -EINVAL, 1, "reserved fields of goto",
	       MOV64_IMM(0, 0), INSN(KBPF_JMP | KBPF_JA, 0, 0, 0, 1), EXIT()),
	REJECT("structure/call_fields", -EINVAL, 0, "reserved fields of call",
	       INSN(KBPF_JMP | KBPF_CALL, 1, 0, 0, 1), EXIT()),
	REJECT("structure/kfunc_call", -EOPNOTSUPP, 0, "call kind 2 is not supported",
	       INSN(KBPF_JMP | KBPF_CALL, 0, 2, 0, 1), EXIT()),
	REJECT("structure/jmp_k_src_reg", -EINVAL, 1, "reserved src_reg field",
	       MOV64_IMM(0, 0), INSN(KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 1, 0, 0),
	       EXIT()),
	REJECT("structure/st_src_reg", -EINVAL, 0, "reserved src_reg field",
	       INSN(KBPF_ST | KBPF_MEM | KBPF_DW, 10, 1, -8, 0),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("structure/ldx_imm", -EINVAL, 0, "reserved imm field",
	       INSN(KBPF_LDX | KBPF_MEM | KBPF_DW, 0, 10, -8, 1), EXIT()),
	REJECT("structure/atomic_op", -EINVAL, 1, "unknown atomic operation 0x10",
	       MOV64_IMM(1, 0), ATOMIC(DW, 0x10, 10, 1, -8), MOV64_IMM(0, 0),
	       EXIT()),
	REJECT("structure/ld_abs_reserved", -EINVAL, 1, "reserved fields of a legacy packet load",
	       MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_ABS | KBPF_W, 1, 0, 0, 0), EXIT()),
	REJECT("structure/ld_abs_src", -EINVAL, 1, "reserved fields of a legacy packet load",
	       MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 2, 0, 0), EXIT()),
	REJECT("structure/ld_ind_off", -EINVAL, 1, "reserved fields of a legacy packet load",
	       MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_IND | KBPF_B, 0, 2, 1, 0), EXIT()),
	REJECT("structure/ld_abs_dw", -EINVAL, 1, "unknown opcode 0x38",
	       MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_ABS | KBPF_DW, 0, 0, 0, 0), EXIT()),
	REJECT_T("structure/ld_abs_kprobe", KP, -EINVAL, 1, "only for socket filter programs",
		 MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0), EXIT()),
	REJECT_T("structure/ld_ind_tracepoint", TP, -EINVAL, 2, "only for socket filter programs",
		 MOV64_REG(6, 1), MOV64_IMM(7, 0),
		 INSN(KBPF_LD | KBPF_IND | KBPF_H, 0, 7, 0, 0), EXIT()),
	ACCEPT("ldabs/abs_w", MOV64_REG(6, 1),
	       INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0), EXIT()),
	ACCEPT("ldabs/ind_h_b", MOV64_REG(6, 1), MOV64_IMM(7, 3),
	       INSN(KBPF_LD | KBPF_IND | KBPF_H, 0, 7, 0, 1),
	       INSN(KBPF_LD | KBPF_ABS | KBPF_B, 0, 0, 0, 9), EXIT()),
	/* r0 of a byte load is at most 255: a stack index in bounds. */
	ACCEPT("ldabs/byte_bounds", MOV64_REG(6, 1), ST(DW, 10, -256, 0),
	       INSN(KBPF_LD | KBPF_ABS | KBPF_B, 0, 0, 0, 0),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -256), ALU64_REG(ADD, 2, 0),
	       ST(B, 2, 0, 1), MOV64_IMM(0, 0), EXIT()),
	REJECT("ldabs/r6_not_ctx", -EACCES, 0, "r6 must hold the context pointer",
	       INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0), EXIT()),
	REJECT("ldabs/r6_modified_ctx", -EACCES, 2, "r6 must hold the context pointer, unmodified",
	       MOV64_REG(6, 1), ALU64_IMM(ADD, 6, 4),
	       INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0), EXIT()),
	REJECT("ldabs/r6_stack", -EACCES, 1, "r6 must hold the context pointer",
	       MOV64_REG(6, 10), INSN(KBPF_LD | KBPF_ABS | KBPF_H, 0, 0, 0, 0), EXIT()),
	REJECT("ldabs/clobbers_r1", -EACCES, 2, "r1 is used as a pointer but was never written",
	       MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0),
	       LDX(W, 0, 1, 0), EXIT()),
	REJECT("ldabs/ind_pointer_src", -EACCES, 1, "r10 (offset of LD_IND) must be a number",
	       MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_IND | KBPF_W, 0, 10, 0, 0), EXIT()),
	REJECT("ldabs/ind_uninit_src", -EACCES, 1, "r7 (offset of LD_IND) must be a number",
	       MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_IND | KBPF_W, 0, 7, 0, 0), EXIT()),
	REJECT("ldabs/reference_held", -EINVAL, 7, "release the reference from insn 5",
	       MOV64_REG(6, 1), LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 3),
	       INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0),
	       MOV64_REG(1, 0), EXIT(), EXIT()),
	ACCEPT("ldabs/skb_load_bytes", MOV64_REG(6, 1), MOV64_REG(1, 6), MOV64_IMM(2, 0),
	       MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -8), MOV64_IMM(4, 8),
	       CALL_HELPER(26), LDX(DW, 0, 10, -8), EXIT()),
	REJECT("ldabs/skb_load_bytes_not_ctx", -EACCES, 5, "must be the context pointer",
	       MOV64_REG(1, 10), MOV64_IMM(2, 0),
	       MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -8), MOV64_IMM(4, 8),
	       CALL_HELPER(26), EXIT()),
	REJECT_T("ldabs/skb_load_bytes_kprobe", KP, -EINVAL, 5, "unknown helper 26",
		 MOV64_IMM(2, 0), MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -8),
		 MOV64_IMM(4, 8), MOV64_REG(1, 10), CALL_HELPER(26), EXIT()),
	REJECT("ldabs/data_load_mixed", -EACCES, 6, "reads data or data_end of the context on one path",
	       ST(DW, 10, -8, 0), LDX(W, 3, 1, 0), MOV64_REG(2, 1),
	       JMP_IMM(JEQ, 3, 0, 2), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -80),
	       LDX(W, 0, 2, 76), MOV64_IMM(0, 0), EXIT()),
	REJECT("structure/lddw_truncated", -EINVAL, 0, "lddw is missing its second half",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 0, 0, 0, 0)),
	REJECT("structure/lddw_second_half", -EINVAL, 0, "second half of lddw",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 0, 0, 0, 0),
	       INSN(0, 1, 0, 0, 0), EXIT()),
	REJECT("structure/lddw_off", -EINVAL, 0, "reserved off field",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 0, 0, 1, 0),
	       INSN(0, 0, 0, 0, 0), EXIT()),
	REJECT("structure/lddw_unknown_source", -EINVAL, 0, "lddw source 3 is not",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, 3, 0, 3),
	       INSN(0, 0, 0, 0, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("flow/jump_out_of_range", -EINVAL, 1, "jump to 9 leaves the main program",
	       MOV64_IMM(0, 0), JA(7), EXIT()),
	REJECT("flow/jump_before_start", -EINVAL, 0, "jump to -1 leaves the main program",
	       JA(-2), EXIT()),
	REJECT("flow/jump_into_lddw", -EINVAL, 0, "jump into the middle of lddw",
	       JA(1), LD_IMM64(0, 1), EXIT()),
	REJECT("flow/fall_off_end", -EINVAL, 0, "falls through",
	       MOV64_IMM(0, 0)),
	REJECT("flow/unreachable", -EINVAL, 2, "unreachable instruction",
	       MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 1), EXIT()),
	REJECT("flow/call_out_of_range", -EINVAL, 0, "call to instruction 101",
	       CALL_LOCAL(100), EXIT()),
	REJECT("flow/recursion", -EINVAL, 3, "recursive call",
	       CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), CALL_LOCAL(-2), EXIT()),
	/* What the conservative gate refused and the full verifier proves. */
	ACCEPT("loop/bounded_count_up", MOV64_IMM(0, 0), ALU64_IMM(ADD, 0, 1),
	       JMP_IMM(JLT, 0, 10, -2), EXIT()),
	ACCEPT("call/helper_no_args", CALL_HELPER(5), EXIT()),
	ACCEPT("call/local", CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("call/local_passes_args", MOV64_IMM(1, 3), MOV64_IMM(2, 4),
	       CALL_LOCAL(1), EXIT(), MOV64_REG(0, 1), ALU64_REG(ADD, 0, 2),
	       EXIT()),
	REJECT("call/callee_reads_unpassed_arg", -EACCES, 3, "r2 is read but was never written",
	       CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), MOV64_REG(0, 2), EXIT()),
	/* The second call passes no r2: the first call clobbered it. */
	REJECT("call/callee_arg_from_one_site_only", -EACCES, 4, "r2 is read but was never written",
	       MOV64_IMM(2, 1), CALL_LOCAL(2), CALL_LOCAL(1), EXIT(),
	       MOV64_REG(0, 2), EXIT()),
	REJECT("flow/call_chain_too_deep", -E2BIG, 16, "call chain is 9 frames deep; the limit is 8",
	       CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
	       CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
	       CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("call/args_clobbered_after_call", -EACCES, 2, "r1 is read but was never written",
	       MOV64_IMM(1, 1), CALL_LOCAL(2), MOV64_REG(0, 1), EXIT(),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("call/callee_must_set_r0", -EACCES, 3, "r0 is returned but was never written",
	       MOV64_IMM(0, 1), CALL_LOCAL(1), EXIT(), EXIT()),
	REJECT("stack/combined_over_limit", -E2BIG, 0, "the deepest call chain needs 768 bytes",
	       ST(DW, 10, -512, 0), CALL_LOCAL(1), EXIT(),
	       ST(DW, 10, -256, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("leak/return_ctx", -EACCES, 1, "r0 is the context pointer; returning it would leak",
	       MOV64_REG(0, 1), EXIT()),
	REJECT("init/r0_at_exit", -EACCES, 0, "r0 is returned but was never written",
	       EXIT()),
	REJECT("init/r0_on_one_path", -EACCES, 3, "r0 is returned but was never written",
	       MOV64_IMM(1, 0), JMP_IMM(JEQ, 1, 0, 1), MOV64_IMM(0, 1), EXIT()),
	REJECT("init/r6_on_one_path", -EACCES, 3, "r6 is read but was never written",
	       CALL_HELPER(5), JMP_IMM(JEQ, 0, 0, 1), MOV64_IMM(6, 1), MOV64_REG(0, 6),
	       EXIT()),
	REJECT("leak/return_fp", -EACCES, 1, "r0 is a stack pointer; returning it would leak",
	       MOV64_REG(0, 10), EXIT()),
	/* Spilling r10 is fine; it comes back a pointer, not a number. */
	REJECT("leak/fp_via_spill", -EACCES, 2, "returning it would leak",
	       STX(DW, 10, 10, -8), LDX(DW, 0, 10, -8), EXIT()),
	REJECT("leak/fp_via_store32", -EACCES, 0, "a pointer may only be spilled whole",
	       STX(W, 10, 10, -8), LDX(W, 0, 10, -8), EXIT()),
	REJECT("leak/fp_via_atomic_add", -EACCES, 1, "atomic operand r10 is the frame pointer",
	       ST(DW, 10, -8, 0), ATOMIC(DW, KBPF_ADD, 10, 10, -8),
	       LDX(DW, 0, 10, -8), EXIT()),
	REJECT("leak/fp_via_cmpxchg", -EACCES, 2, "atomic operand r10 is the frame pointer",
	       ST(DW, 10, -8, 0), MOV64_IMM(0, 0), ATOMIC(DW, KBPF_CMPXCHG, 10, 10, -8),
	       LDX(DW, 0, 10, -8), EXIT()),
	REJECT("fp/write", -EACCES, 0, "r10 (the frame pointer) is read-only",
	       MOV64_IMM(10, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("fp/load_into", -EACCES, 0, "r10 (the frame pointer) is read-only",
	       LDX(DW, 10, 1, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("mem/through_number", -EACCES, 1, "r1 is a number, not a pointer",
	       MOV64_IMM(1, 0), LDX(DW, 0, 1, 0), EXIT()),
	REJECT("stack/below", -EACCES, 0, "outside the 512-byte stack",
	       LDX(DW, 0, 10, -520), EXIT()),
	REJECT("stack/above", -EACCES, 0, "4 bytes at r10-2 is outside the 512-byte stack",
	       LDX(W, 0, 10, -2), EXIT()),
	REJECT("stack/at_frame_pointer", -EACCES, 0, "8 bytes at r10+0 is outside the 512-byte stack",
	       LDX(DW, 0, 10, 0), EXIT()),
	REJECT("stack/atomic_misaligned", -EACCES, 1, "misaligned or variable atomic access",
	       MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 10, 1, -12),
	       MOV64_IMM(0, 0), EXIT()),

	/* Loops. */
	ACCEPT("loop/sum_100", MOV64_IMM(1, 0), MOV64_IMM(0, 0),
	       ALU64_REG(ADD, 0, 1), ALU64_IMM(ADD, 1, 1), JMP_IMM(JLT, 1, 100, -3),
	       EXIT()),
	ACCEPT("loop/count_down_signed", MOV64_IMM(0, 50), ALU64_IMM(SUB, 0, 1),
	       JMP_IMM(JSGT, 0, 0, -2), EXIT()),
	ACCEPT("loop/jmp32_counter", MOV32_IMM(0, 0), ALU32_IMM(ADD, 0, 3),
	       JMP32_IMM(JLT, 0, 30, -2), EXIT()),
	ACCEPT("loop/counter_spilled", ST(DW, 10, -8, 0), LDX(DW, 1, 10, -8),
	       ALU64_IMM(ADD, 1, 1), STX(DW, 10, 1, -8), JMP_IMM(JLT, 1, 20, -4),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("loop/infinite_same_state", -EINVAL, 0, "infinite loop detected at insn 0",
	       MOV64_IMM(0, 0), JMP_IMM(JEQ, 0, 0, -2), EXIT()),
	REJECT("loop/goto_self", -EINVAL, 3, "infinite loop detected at insn 3",
	       MOV64_IMM(0, 0), JMP_IMM(JEQ, 0, 0, 1), EXIT(), JA(-1)),
	REJECT_SLOW("loop/too_many_iterations", -E2BIG, 2, "program is too complex: 1000000 instructions",
		    MOV64_IMM(0, 0), ALU64_IMM(ADD, 0, 1), JMP_IMM(JLT, 0, 1000000, -2),
		    EXIT()),
	REJECT_SLOW("loop/unbounded_unknown_counter", -E2BIG, 1, "the last loop explored jumps back to insn 1 (from insn 2): bound its trip count",
		    CALL_HELPER(5), ALU64_IMM(ADD, 0, 1), JMP_IMM(JLT, 0, 1000000000, -2),
		    EXIT()),

	/* Precision: constants folded exactly, dead branches never explored. */
	ACCEPT("alu/mul_sub_const", MOV64_IMM(1, 10), ALU64_IMM(MUL, 1, 3),
	       ALU64_IMM(SUB, 1, 29), JMP_IMM(JEQ, 1, 1, 1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu/div_mod_const", MOV64_IMM(1, 100), ALU64_IMM(DIV, 1, 7),
	       ALU64_IMM(MOD, 1, 5), JMP_IMM(JEQ, 1, 4, 1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu/div_by_zero_is_zero", MOV64_IMM(1, 100), MOV64_IMM(2, 0),
	       ALU64_REG(DIV, 1, 2), JMP_IMM(JEQ, 1, 0, 1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu/mod_by_zero_keeps", MOV64_IMM(1, 100), MOV64_IMM(2, 0),
	       ALU64_REG(MOD, 1, 2), JMP_IMM(JEQ, 1, 100, 1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu/shifts", MOV64_IMM(1, -64), ALU64_IMM(ARSH, 1, 3),
	       ALU64_IMM(LSH, 1, 60), ALU64_IMM(RSH, 1, 62), JMP_IMM(JEQ, 1, 2, 1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu/shift_amount_masked", MOV64_IMM(1, 1), ALU64_IMM(LSH, 1, 65),
	       JMP_IMM(JEQ, 1, 2, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu/neg_xor_or_and", MOV64_IMM(1, 5), NEG64(1), ALU64_IMM(XOR, 1, -1),
	       ALU64_IMM(OR, 1, 0x10), ALU64_IMM(AND, 1, 0x1c), JMP_IMM(JEQ, 1, 0x14, 1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu/bswap16", MOV64_IMM(1, 0x1234), ENDIAN(TO_BE, 1, 16),
	       JMP_IMM(JEQ, 1, 0x3412, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu/movsx8", MOV64_IMM(1, 0x80), MOVSX64(1, 1, 8),
	       JMP_IMM(JEQ, 1, -128, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	/* A 32-bit move of -1 is 0xffffffff, not negative (ALU32 zero-extends). */
	ACCEPT("alu32/zero_extends", MOV32_IMM(1, -1), JMP_IMM(JSLT, 1, 0, 1),
	       JA(1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/add_wraps", MOV32_IMM(1, -1), ALU32_IMM(ADD, 1, 2),
	       JMP_IMM(JEQ, 1, 1, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/arsh", MOV32_IMM(1, -16), ALU32_IMM(ARSH, 1, 2),
	       JMP32_IMM(JEQ, 1, -4, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("bounds/and_mask", CALL_HELPER(5), ALU64_IMM(AND, 0, 0xff),
	       JMP_IMM(JGT, 0, 255, 1), JA(1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	/* The branch is possible: its bad instruction must be found. */
	REJECT("bounds/reachable_branch_explored", -EACCES, 4, "r9 is read but was never written",
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 0xff), JMP_IMM(JGT, 0, 254, 1), JA(1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("bounds/signed_and_unsigned", CALL_HELPER(5), JMP_IMM(JSLT, 0, 0, 4),
	       JMP_IMM(JGT, 0, 100, 3), JMP_IMM(JSGT, 0, 100, 1), JA(1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("bounds/reg_reg_compare", CALL_HELPER(5), MOV64_REG(6, 0),
	       CALL_HELPER(5), ALU64_IMM(AND, 6, 15), ALU64_IMM(ADD, 6, 16),
	       JMP_REG(JGE, 6, 0, 3), JMP_IMM(JLT, 0, 17, 1), JA(1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	/* A check on a copy bounds the original (linked scalars). */
	ACCEPT("bounds/linked_copy", ST(DW, 10, -8, 0), CALL_HELPER(5),
	       MOV64_REG(1, 0), JMP_IMM(JGT, 1, 7, 4), MOV64_REG(2, 10),
	       ALU64_IMM(ADD, 2, -8), ALU64_REG(ADD, 2, 0), LDX(B, 0, 2, 0), EXIT()),
	ACCEPT("bounds/linked_through_spill", ST(DW, 10, -16, 0), CALL_HELPER(5),
	       STX(DW, 10, 0, -8), LDX(DW, 1, 10, -8), JMP_IMM(JGT, 1, 7, 4),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16), ALU64_REG(ADD, 2, 0),
	       LDX(B, 0, 2, 0), EXIT()),
	/* The copy changed after the move: the link is gone. */
	REJECT("bounds/link_broken_by_write", -EACCES, 7, "unbounded range",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), MOV64_REG(1, 0),
	       ALU64_IMM(ADD, 1, 0), JMP_IMM(JGT, 1, 7, 4), MOV64_REG(2, 10),
	       ALU64_IMM(ADD, 2, -8), ALU64_REG(ADD, 2, 0), LDX(B, 0, 2, 0), EXIT()),
	REJECT("bounds/link_broken_by_mov32", -EACCES, 7, "unbounded range",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), MOV32_REG(1, 0),
	       MOV64_IMM(3, 0), JMP_IMM(JGT, 1, 7, 4), MOV64_REG(2, 10),
	       ALU64_IMM(ADD, 2, -8), ALU64_REG(ADD, 2, 0), LDX(B, 0, 2, 0), EXIT()),
	ACCEPT("bounds/jset", CALL_HELPER(5), ALU64_IMM(AND, 0, 6),
	       JMP_IMM(JSET, 0, 1, 1), JA(1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),

	/* Stack. */
	REJECT("stack/uninit_read", -EACCES, 0, "read of 8 bytes at r10-16 reads stack bytes never written (r10-16..r10-9)",
	       LDX(DW, 0, 10, -16), EXIT()),
	REJECT("stack/partly_written", -EACCES, 1, "never written (r10-4..r10-1)",
	       ST(W, 10, -8, 0), LDX(DW, 0, 10, -8), EXIT()),
	ACCEPT("stack/bytes_written_one_by_one", ST(B, 10, -1, 1), ST(B, 10, -2, 2),
	       ST(H, 10, -4, 3), LDX(W, 0, 10, -4), EXIT()),
	ACCEPT("stack/spill_fill_ctx", STX(DW, 10, 1, -8), MOV64_IMM(1, 0),
	       LDX(DW, 1, 10, -8), LDX(W, 0, 1, 0), EXIT()),
	ACCEPT("stack/spilled_scalar_keeps_bounds", MOV64_IMM(1, 5),
	       STX(DW, 10, 1, -8), LDX(DW, 2, 10, -8), JMP_IMM(JEQ, 2, 5, 1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	REJECT("stack/partial_read_of_spilled_ptr", -EACCES, 1, "takes part of a spilled pointer",
	       STX(DW, 10, 1, -8), LDX(W, 0, 10, -8), EXIT()),
	/* Overwriting one byte of a spilled pointer leaves no readable rest. */
	REJECT("stack/partial_overwrite_of_spilled_ptr", -EACCES, 2, "never written (r10-7..r10-1)",
	       STX(DW, 10, 1, -8), ST(B, 10, -8, 0), LDX(DW, 0, 10, -8), EXIT()),
	/* A spilled bounded scalar partly overwritten is a number again, unbounded. */
	REJECT("stack/partial_overwrite_loses_bounds", -EACCES, 6, "unbounded range",
	       MOV64_IMM(1, 4), STX(DW, 10, 1, -8), ST(B, 10, -8, 100),
	       LDX(DW, 1, 10, -8), ST(DW, 10, -16, 0), MOV64_REG(2, 10),
	       ALU64_REG(ADD, 2, 1), LDX(B, 0, 2, -16), EXIT()),
	/*
	 * Narrow spills (Linux since 5.16): a number stored in 1, 2 or 4
	 * bytes at an 8-byte aligned offset comes back with its bounds from
	 * a load of the same size there, as long as it fits in them.
	 */
	ACCEPT("stack/narrow_spill_w_keeps_bounds", CALL_HELPER(5),
	       ALU64_IMM(AND, 0, 15), STX(W, 10, 0, -24), LDX(W, 1, 10, -24),
	       NARROW_SPILL_USE),
	ACCEPT("stack/narrow_spill_h_keeps_bounds", CALL_HELPER(5),
	       ALU64_IMM(AND, 0, 15), STX(H, 10, 0, -24), LDX(H, 1, 10, -24),
	       NARROW_SPILL_USE),
	ACCEPT("stack/narrow_spill_b_keeps_bounds", CALL_HELPER(5),
	       ALU64_IMM(AND, 0, 15), STX(B, 10, 0, -24), LDX(B, 1, 10, -24),
	       NARROW_SPILL_USE),
	/* The other half of the slot written: the spill in the first half stays. */
	ACCEPT("stack/narrow_spill_beside_a_store", CALL_HELPER(5),
	       ALU64_IMM(AND, 0, 15), STX(W, 10, 0, -24), ST(W, 10, -20, 7),
	       LDX(W, 1, 10, -24), NARROW_SPILL_USE),
	/* Linked: a bound learned on the register holds for the spill too. */
	ACCEPT("stack/narrow_spill_linked", CALL_HELPER(5), ALU64_IMM(AND, 0, 255),
	       STX(W, 10, 0, -24), JMP_IMM(JGT, 0, 15, 8), LDX(W, 1, 10, -24),
	       NARROW_SPILL_USE, MOV64_IMM(0, 0), EXIT()),
	/* Pruning: the join's second path spilled a wider number; no match. */
	REJECT("prune/narrow_spill_bounds_differ", -EACCES, 16, "outside the 512-byte stack",
	       CALL_HELPER(5), MOV64_REG(6, 0), CALL_HELPER(5), ALU64_IMM(AND, 0, 255),
	       JMP_IMM(JEQ, 6, 0, 3), ALU64_IMM(AND, 0, 15), STX(W, 10, 0, -24), JA(1),
	       STX(W, 10, 0, -24), MOV64_IMM(0, 0), LDX(W, 1, 10, -24),
	       NARROW_SPILL_USE),
	REJECT("stack/narrow_fill_of_other_size", -EACCES, 9, "outside the 512-byte stack",
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 15), STX(W, 10, 0, -24),
	       LDX(H, 1, 10, -24), NARROW_SPILL_USE),
	REJECT("stack/narrow_fill_sign_extended", -EACCES, 8, "unbounded range (-2147483648..2147483647)",
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 15), STX(W, 10, 0, -24),
	       LDXSX(W, 1, 10, -24), NARROW_SPILL_USE),
	REJECT("stack/narrow_spill_unaligned", -EACCES, 8, "unbounded range (0..4294967295)",
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 15), STX(W, 10, 0, -20),
	       LDX(W, 1, 10, -20), NARROW_SPILL_USE),
	REJECT("stack/narrow_spill_overwritten", -EACCES, 9, "unbounded range (0..4294967295)",
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 15), STX(W, 10, 0, -24),
	       ST(B, 10, -22, 1), LDX(W, 1, 10, -24), NARROW_SPILL_USE),
	/*
	 * 0x100000005 stored in 4 bytes is 5: the number does not fit, so
	 * the load knows only 32 bits, and 5 - 2^32 is far off the stack
	 * (Linux 6.1 restores 0x100000005 and accepts).
	 */
	REJECT("stack/narrow_spill_of_wider_number", -EACCES, 11, "unbounded range (-4294967296..-1)",
	       LD_IMM64(1, 0x100000005ULL), STX(W, 10, 1, -24), LDX(W, 1, 10, -24),
	       LD_IMM64(3, 0x100000000ULL), ALU64_REG(SUB, 1, 3), ST(DW, 10, -16, 0),
	       ST(DW, 10, -8, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16),
	       ALU64_REG(ADD, 2, 1), LDX(B, 0, 2, 0), EXIT()),
	ACCEPT("stack/variable_offset_read", ST(DW, 10, -16, 0), ST(DW, 10, -8, 0),
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 15), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -16), ALU64_REG(ADD, 1, 0), LDX(B, 0, 1, 0), EXIT()),
	REJECT("stack/variable_offset_uninit", -EACCES, 7, "stack bytes never written",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), ALU64_IMM(AND, 0, 15),
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -16), ALU64_REG(ADD, 1, 0),
	       MOV64_IMM(0, 0), LDX(B, 0, 1, 0), EXIT()),
	REJECT("stack/variable_offset_out", -EACCES, 6, "outside the 512-byte stack",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), ALU64_IMM(AND, 0, 15),
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), ALU64_REG(ADD, 1, 0),
	       LDX(B, 0, 1, 0), EXIT()),
	REJECT("stack/pointer_partial_spill", -EACCES, 0, "a pointer may only be spilled whole",
	       STX(W, 10, 1, -8), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("stack/atomic_add_fetch", ST(DW, 10, -8, 1), MOV64_IMM(1, 2),
	       ATOMIC(DW, KBPF_ADD | KBPF_FETCH, 10, 1, -8), MOV64_REG(0, 1), EXIT()),
	REJECT("stack/atomic_on_uninit", -EACCES, 1, "never written",
	       MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 10, 1, -8), MOV64_IMM(0, 0), EXIT()),

	/* Calls between subprograms. */
	ACCEPT("call/stack_pointer_arg", ST(DW, 10, -8, 7), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), CALL_LOCAL(1), EXIT(), LDX(DW, 0, 1, 0), EXIT()),
	ACCEPT("call/callee_writes_caller_stack", MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), CALL_LOCAL(2), LDX(DW, 0, 10, -8), EXIT(),
	       ST(DW, 1, 0, 3), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("call/callee_saved_preserved", MOV64_REG(6, 1), CALL_LOCAL(2),
	       LDX(W, 0, 6, 0), EXIT(), MOV64_IMM(6, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("call/uninit_caller_stack", -EACCES, 5, "stack bytes never written",
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), CALL_LOCAL(2),
	       MOV64_IMM(0, 0), EXIT(), LDX(DW, 0, 1, 0), EXIT()),
	REJECT("call/return_own_stack", -EACCES, 3, "r0 points into the returning function's own stack",
	       CALL_LOCAL(1), EXIT(), MOV64_REG(0, 10), EXIT()),
	REJECT("call/spill_callee_stack_into_caller", -EACCES, 5, "points into a callee's stack",
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), CALL_LOCAL(2),
	       MOV64_IMM(0, 0), EXIT(), STX(DW, 1, 10, 0), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("call/stack_depth_per_frame", ST(DW, 10, -256, 0), CALL_LOCAL(2),
	       MOV64_IMM(0, 0), EXIT(), ST(DW, 10, -256, 0), MOV64_IMM(0, 0), EXIT()),

	/* Maps. */
#define LOOKUP_PERCPU(idx) \
	ST(DW, 10, -8, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), \
	LD_MAP(1, idx), MOV64_IMM(3, 1), CALL_HELPER(195)
	ACCEPT("map/lookup_percpu_elem", LOOKUP_PERCPU(7), JMP_IMM(JEQ, 0, 0, 1),
	       LDX(DW, 0, 0, 0), EXIT()),
	REJECT("map/lookup_percpu_elem_unchecked", -EACCES, 7, "may be NULL",
	       LOOKUP_PERCPU(7), LDX(DW, 0, 0, 0), EXIT()),
	REJECT("map/lookup_percpu_elem_past_value", -EACCES, 8, "out of bounds",
	       LOOKUP_PERCPU(7), JMP_IMM(JEQ, 0, 0, 1), LDX(DW, 0, 0, 4), EXIT()),
	REJECT("map/lookup_percpu_elem_not_percpu", -EINVAL, 6,
	       "map_lookup_percpu_elem does not take map 0: its type 1 is not one map_lookup_percpu_elem works on (it needs a per-CPU map)",
	       LOOKUP_PERCPU(0), JMP_IMM(JEQ, 0, 0, 1), LDX(DW, 0, 0, 0), EXIT()),
	REJECT("map/lookup_percpu_elem_array", -EINVAL, 6, "it needs a per-CPU map",
	       LOOKUP_PERCPU(1), MOV64_IMM(0, 0), EXIT()),
#undef LOOKUP_PERCPU
	ACCEPT("map/lookup_null_checked", LOOKUP(0), JMP_IMM(JEQ, 0, 0, 1),
	       LDX(DW, 0, 0, 0), EXIT()),
	ACCEPT("map/lookup_jne", LOOKUP(0), JMP_IMM(JNE, 0, 0, 1), EXIT(),
	       ST(DW, 0, 0, 1), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("map/copy_is_checked_too", LOOKUP(0), MOV64_REG(6, 0),
	       JMP_IMM(JEQ, 0, 0, 2), LDX(DW, 0, 6, 0), EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("map/unchecked", -EACCES, 6, "r0 is a map value that may be NULL; check it against 0 before using it (map lookup at insn 5)",
	       LOOKUP(0), LDX(DW, 0, 0, 0), EXIT()),
	REJECT("map/arith_before_check", -EACCES, 6, "arithmetic on r0, a map value that may be NULL; check it against 0 first",
	       LOOKUP(0), ALU64_IMM(ADD, 0, 8), JMP_IMM(JEQ, 0, 0, 1),
	       LDX(DW, 0, 0, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("map/off_by_one", -EACCES, 7, "map value access out of bounds: 8 bytes at offset 1 of a 8-byte map value",
	       LOOKUP(0), JMP_IMM(JEQ, 0, 0, 1), LDX(DW, 0, 0, 1), EXIT()),
	REJECT("map/negative_offset", -EACCES, 7, "out of bounds: 1 bytes at offset -1",
	       LOOKUP(0), JMP_IMM(JEQ, 0, 0, 1), LDX(B, 0, 0, -1), EXIT()),
	ACCEPT("map/variable_offset_bounded", LOOKUP(1), JMP_IMM(JEQ, 0, 0, 4),
	       LDX(W, 1, 0, 0), ALU64_IMM(AND, 1, 31), ALU64_REG(ADD, 0, 1),
	       LDX(B, 0, 0, 16), EXIT()),
	REJECT("map/variable_offset_past_end", -EACCES, 10, "at its farthest",
	       LOOKUP(1), JMP_IMM(JEQ, 0, 0, 4), LDX(W, 1, 0, 0), ALU64_IMM(AND, 1, 31),
	       ALU64_REG(ADD, 0, 1), LDX(B, 0, 0, 17), EXIT()),
	REJECT("map/variable_offset_unbounded", -EACCES, 8, "unbounded range",
	       LOOKUP(1), JMP_IMM(JEQ, 0, 0, 3), LDX(DW, 1, 0, 0),
	       ALU64_REG(ADD, 0, 1), LDX(B, 0, 0, 0), EXIT()),
	REJECT("map/variable_offset_negative", -EACCES, 10, "may be negative",
	       LOOKUP(1), JMP_IMM(JEQ, 0, 0, 4), LDX(B, 1, 0, 0), ALU64_IMM(SUB, 1, 10),
	       ALU64_REG(ADD, 0, 1), LDX(B, 0, 0, 0), EXIT()),
	/* Only the low half is checked: the upper 32 bits are unknown. */
	REJECT("map/jmp32_check_64bit_use", -EACCES, 9, "unbounded range",
	       LOOKUP(1), JMP_IMM(JEQ, 0, 0, 5), LDX(DW, 1, 0, 0),
	       JMP32_IMM(JGT, 1, 7, 3), ALU64_REG(ADD, 0, 1), LDX(B, 0, 0, 0), EXIT(),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("map/jmp32_check_after_zext", LOOKUP(1), JMP_IMM(JEQ, 0, 0, 6),
	       LDX(DW, 1, 0, 0), MOV32_REG(1, 1), JMP32_IMM(JGT, 1, 7, 3),
	       ALU64_REG(ADD, 0, 1), LDX(B, 0, 0, 0), EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("map/store_pointer_into_value", -EACCES, 7, "stored into a map value pointer",
	       LOOKUP(0), JMP_IMM(JEQ, 0, 0, 2), STX(DW, 0, 10, 0), MOV64_IMM(0, 0),
	       EXIT()),
	REJECT("map/store_ctx_into_value", -EACCES, 8, "r6 (the context pointer) stored into",
	       MOV64_REG(6, 1), LOOKUP(0), JMP_IMM(JEQ, 0, 0, 2), STX(DW, 0, 6, 0),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("map/direct_value", LD_MAP_VALUE(1, 1, 8), LDX(DW, 0, 1, 32), EXIT()),
	REJECT("map/direct_value_past_end", -EACCES, 2, "out of bounds: 8 bytes at offset 48",
	       LD_MAP_VALUE(1, 1, 8), LDX(DW, 0, 1, 40), EXIT()),
	REJECT("map/direct_value_offset_outside", -EACCES, 0, "outside the 48-byte value of map 1",
	       LD_MAP_VALUE(1, 1, 48), MOV64_IMM(0, 0), EXIT()),
	REJECT("map/direct_value_of_hash", -EINVAL, 0, "without direct value access",
	       LD_MAP_VALUE(1, 0, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("map/readonly_write", -EACCES, 2, "read-only for programs",
	       LD_MAP_VALUE(1, 2, 0), ST(B, 1, 0, 0), MOV64_IMM(0, 0), EXIT()),
	/* A frozen .rodata must stay what the verifier saw (format strings). */
	REJECT("map/update_readonly", -EACCES, 10, "map_update_elem may not change map 2: it is read-only for programs",
	       ST(W, 10, -4, 0), ST(DW, 10, -24, 0), ST(DW, 10, -16, 0), LD_MAP(1, 2),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4), MOV64_REG(3, 10),
	       ALU64_IMM(ADD, 3, -24), MOV64_IMM(4, 0), CALL_HELPER(2), EXIT()),
	REJECT("map/delete_readonly", -EACCES, 5, "map_delete_elem may not change map 2: it is read-only for programs",
	       ST(W, 10, -4, 0), LD_MAP(1, 2), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
	       CALL_HELPER(3), EXIT()),
	REJECT("map/writeonly_read", -EACCES, 2, "write-only for programs",
	       LD_MAP_VALUE(1, 4, 0), LDX(B, 0, 1, 0), EXIT()),
	ACCEPT("map/writeonly_write", LD_MAP_VALUE(1, 4, 0), ST(DW, 1, 0, 1),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("map/index_out_of_range", -EINVAL, 0, "lddw refers to map 9; the program has 8 maps",
	       LD_MAP(1, 9), MOV64_IMM(0, 0), EXIT()),
	REJECT("map/fd_not_resolved", -EINVAL, 0, "was not resolved by the loader",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, 3),
	       INSN(0, 0, 0, 0, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("map/arith_on_map", -EACCES, 2, "arithmetic on r1, a map, is not allowed",
	       LD_MAP(1, 0), ALU64_IMM(ADD, 1, 8), MOV64_IMM(0, 0), EXIT()),
	REJECT("map/deref_map", -EACCES, 2, "r1 is a map, which cannot be dereferenced",
	       LD_MAP(1, 0), LDX(DW, 0, 1, 0), EXIT()),
	REJECT("map/compare_null_32bit", -EACCES, 6, "would leak its address",
	       LOOKUP(0), JMP32_IMM(JEQ, 0, 0, 1), LDX(DW, 0, 0, 0), EXIT()),
	REJECT("map/compare_with_number", -EACCES, 6, "would leak its address",
	       LOOKUP(0), JMP_IMM(JEQ, 0, 5, 1), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("map/atomic_on_value", LOOKUP(0), JMP_IMM(JEQ, 0, 0, 3),
	       MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 0, 1, 0), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("map/update", ST(DW, 10, -8, 0), ST(DW, 10, -16, 0), LD_MAP(1, 0),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), MOV64_REG(3, 10),
	       ALU64_IMM(ADD, 3, -16), MOV64_IMM(4, 0), CALL_HELPER(2), EXIT()),

	/* Helper calls. */
	REJECT("helper/unknown", -EINVAL, 0, "unknown helper 999",
	       CALL_HELPER(999), EXIT()),
	REJECT("helper/not_for_type", -EINVAL, 3, "unknown helper 4, or one this program type may not call",
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8),
	       CALL_HELPER(4), EXIT()),
	{ .name = "helper/gpl_only", .type = KP, .not_gpl = true, .err = -EINVAL,
	  .err_insn = 4, .msg = "helper probe_read is GPL-only", .len = 6,
	  .insns = { MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8),
		     MOV64_IMM(3, 0), CALL_HELPER(4), EXIT() } },
	REJECT("helper/arg_never_written", -EACCES, 2, "r2 (argument 2 of map_lookup_elem) was never written",
	       LD_MAP(1, 0), CALL_HELPER(1), EXIT()),
	REJECT("helper/map_arg_not_map", -EACCES, 3, "r1 (argument 1 of map_lookup_elem) must be a map",
	       MOV64_IMM(1, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8),
	       CALL_HELPER(1), EXIT()),
	REJECT("helper/key_uninit", -EACCES, 4, "stack bytes never written",
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), LD_MAP(1, 0),
	       CALL_HELPER(1), EXIT()),
	REJECT("helper/key_past_stack", -EACCES, 4, "outside the 512-byte stack",
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -2), LD_MAP(1, 0),
	       CALL_HELPER(1), EXIT()),
	REJECT("helper/key_is_number", -EACCES, 3, "r2 is a number, not a pointer",
	       MOV64_IMM(2, 0), LD_MAP(1, 0), CALL_HELPER(1), EXIT()),
	ACCEPT_T("helper/probe_read_fills_stack", KP, MOV64_REG(1, 10),
		 ALU64_IMM(ADD, 1, -16), MOV64_IMM(2, 16), MOV64_IMM(3, 0),
		 CALL_HELPER(4), LDX(DW, 0, 10, -16), EXIT()),
	ACCEPT("helper/printk_stack_buffer", ST(DW, 10, -8, 0), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8), CALL_HELPER(6), EXIT()),
	REJECT("helper/size_negative", -EACCES, 5, "r2 (size argument of trace_printk) may be negative",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), MOV64_REG(2, 0), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), CALL_HELPER(6), EXIT()),
	REJECT("helper/size_unbounded", -EACCES, 6, "r2 (size argument of trace_printk) is unbounded",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), MOV64_REG(2, 0),
	       ALU64_IMM(AND, 2, 0x7fffffff), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), CALL_HELPER(6), EXIT()),
	REJECT("helper/size_past_buffer", -EACCES, 4, "outside the 512-byte stack",
	       ST(DW, 10, -8, 0), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8),
	       MOV64_IMM(2, 9), CALL_HELPER(6), EXIT()),
	REJECT("helper/size_zero", -EACCES, 6, "may be 0",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), MOV64_REG(2, 0), ALU64_IMM(AND, 2, 7),
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), CALL_HELPER(6), EXIT()),
	REJECT("helper/size_range_past_buffer", -EACCES, 7, "outside the 512-byte stack",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), MOV64_REG(2, 0), ALU64_IMM(AND, 2, 15),
	       ALU64_IMM(ADD, 2, 1), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8),
	       CALL_HELPER(16), EXIT()),
	ACCEPT("helper/size_range_in_buffer", CALL_HELPER(5), MOV64_REG(2, 0),
	       ALU64_IMM(AND, 2, 7), ALU64_IMM(ADD, 2, 1), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), CALL_HELPER(16), EXIT()),
	REJECT("helper/clobbers_args", -EACCES, 2, "r1 is read but was never written",
	       MOV64_IMM(1, 1), CALL_HELPER(5), MOV64_REG(0, 1), EXIT()),
	REJECT("helper/anything_takes_no_pointer", -EACCES, 9, "this argument takes a number",
	       ST(DW, 10, -8, 0), ST(DW, 10, -16, 0), LD_MAP(1, 0),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), MOV64_REG(3, 10),
	       ALU64_IMM(ADD, 3, -16), MOV64_REG(4, 10), CALL_HELPER(2), EXIT()),
	REJECT("helper/ctx_arg_modified", -EACCES, 6, "must be the context pointer, unmodified",
	       ALU64_IMM(ADD, 1, 4), LD_MAP(2, 0), MOV64_IMM(3, 0), MOV64_IMM(4, 0),
	       MOV64_IMM(5, 0), CALL_HELPER(25), EXIT()),
	ACCEPT("helper/const_str", ST(DW, 10, -8, 0), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8), LD_MAP_VALUE(3, 2, 0),
	       CALL_HELPER(182), EXIT()),
	REJECT("helper/const_str_writable_map", -EACCES, 6, "is not read-only for programs and frozen",
	       ST(DW, 10, -8, 0), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8),
	       MOV64_IMM(2, 8), LD_MAP_VALUE(3, 1, 0), CALL_HELPER(182), EXIT()),
	ACCEPT("helper/ptr_to_long", ST(DW, 10, -16, 0), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -16), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       MOV64_REG(4, 10), ALU64_IMM(ADD, 4, -8), CALL_HELPER(105),
	       LDX(DW, 0, 10, -8), EXIT()),
	REJECT("helper/ptr_to_long_misaligned", -EACCES, 7, "must be 8-byte aligned",
	       ST(DW, 10, -16, 0), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -16), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       MOV64_REG(4, 10), ALU64_IMM(ADD, 4, -12), CALL_HELPER(105), EXIT()),
	REJECT("helper/const_str_unterminated", -EACCES, 6, "r3 (string argument of strncmp) is not NUL-terminated inside the map value",
	       ST(DW, 10, -8, 0), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8),
	       MOV64_IMM(2, 8), LD_MAP_VALUE(3, 6, 19), CALL_HELPER(182), EXIT()),

	/*
	 * snprintf(buf at r10-16, 16, "n=%d s=%s", data at r10-32, N): the
	 * format is checked at load against the data, and the %s word may
	 * hold a stack pointer ("hi" at r10-48) where the %d word may not.
	 */
#define SNPRINTF_DATA(w0, w1) \
	ST(DW, 10, -48, 0x6968), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -48), w0, w1
#define SNPRINTF_CALL(fmt_off, len) \
	MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -16), MOV64_IMM(2, 16), \
	LD_MAP_VALUE(3, 6, fmt_off), MOV64_REG(4, 10), ALU64_IMM(ADD, 4, -32), \
	MOV64_IMM(5, len), CALL_HELPER(165)
	ACCEPT("snprintf/string_pointer_in_s_word",
	       SNPRINTF_DATA(ST(DW, 10, -32, 5), STX(DW, 10, 1, -24)),
	       SNPRINTF_CALL(0, 16), EXIT()),
	REJECT("snprintf/pointer_in_number_word", -EACCES, 13, "takes part of a spilled pointer",
	       SNPRINTF_DATA(STX(DW, 10, 1, -32), ST(DW, 10, -24, 5)),
	       SNPRINTF_CALL(0, 16), EXIT()),
	REJECT("snprintf/ctx_in_s_word", -EACCES, 14, "takes part of a spilled pointer (the context pointer)",
	       MOV64_REG(6, 1), SNPRINTF_DATA(ST(DW, 10, -32, 5), STX(DW, 10, 6, -24)),
	       SNPRINTF_CALL(0, 16), EXIT()),
	REJECT("snprintf/data_uninit", -EACCES, 13, "never written",
	       SNPRINTF_DATA(ST(DW, 10, -32, 5), MOV64_IMM(0, 0)),
	       SNPRINTF_CALL(0, 16), EXIT()),
	REJECT("snprintf/too_few_args", -EINVAL, 13, "format string of snprintf is invalid at offset 7: more conversions than arguments (1 u64 arguments in r4)",
	       SNPRINTF_DATA(ST(DW, 10, -32, 5), STX(DW, 10, 1, -24)),
	       SNPRINTF_CALL(0, 8), EXIT()),
	REJECT("snprintf/bad_conversion", -EINVAL, 13, "format string of snprintf is invalid at offset 0: a conversion Linux does not allow here",
	       SNPRINTF_DATA(ST(DW, 10, -32, 5), STX(DW, 10, 1, -24)),
	       SNPRINTF_CALL(10, 16), EXIT()),
	REJECT("snprintf/data_len_not_u64s", -EINVAL, 13, "r5 (data size of snprintf) is 12: a multiple of 8, at most 96",
	       SNPRINTF_DATA(ST(DW, 10, -32, 5), STX(DW, 10, 1, -24)),
	       SNPRINTF_CALL(0, 12), EXIT()),
	REJECT("snprintf/data_len_too_big", -EINVAL, 13, "is 104: a multiple of 8, at most 96",
	       SNPRINTF_DATA(ST(DW, 10, -32, 5), STX(DW, 10, 1, -24)),
	       SNPRINTF_CALL(0, 104), EXIT()),
	REJECT("snprintf/data_len_variable", -EACCES, 16, "r5 (data size of snprintf) must be a known constant",
	       CALL_HELPER(5), MOV64_REG(6, 0), ALU64_IMM(AND, 6, 8),
	       SNPRINTF_DATA(ST(DW, 10, -32, 5), STX(DW, 10, 1, -24)),
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -16), MOV64_IMM(2, 16),
	       LD_MAP_VALUE(3, 6, 0), MOV64_REG(4, 10), ALU64_IMM(ADD, 4, -32),
	       MOV64_REG(5, 6), CALL_HELPER(165), EXIT()),
	REJECT("snprintf/format_writable", -EACCES, 13, "r3 (string argument of snprintf): map 1 is not read-only",
	       SNPRINTF_DATA(ST(DW, 10, -32, 5), STX(DW, 10, 1, -24)),
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -16), MOV64_IMM(2, 16),
	       LD_MAP_VALUE(3, 1, 0), MOV64_REG(4, 10), ALU64_IMM(ADD, 4, -32),
	       MOV64_IMM(5, 16), CALL_HELPER(165), EXIT()),
	ACCEPT("snprintf/plain_null_buffers", MOV64_IMM(1, 0), MOV64_IMM(2, 0),
	       LD_MAP_VALUE(3, 6, 13), MOV64_IMM(4, 0), MOV64_IMM(5, 0),
	       CALL_HELPER(165), EXIT()),
#undef SNPRINTF_DATA
#undef SNPRINTF_CALL

	/*
	 * trace_printk("n=%d s=%s" from a frozen read-only map, 10, r3, r4):
	 * the %d register must be a number, the %s one may point; with the
	 * format on the stack no register may hold a pointer.
	 */
	ACCEPT("printk/number_and_string_pointer", ST(DW, 10, -8, 0x6968),
	       LD_MAP_VALUE(1, 6, 0), MOV64_IMM(2, 10), MOV64_IMM(3, 5),
	       MOV64_REG(4, 10), ALU64_IMM(ADD, 4, -8), CALL_HELPER(6),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("printk/pointer_as_number", -EACCES, 7, "r3 (argument 3 of trace_printk) is a stack pointer: only a %s-like conversion",
	       ST(DW, 10, -8, 0x6968), LD_MAP_VALUE(1, 6, 0), MOV64_IMM(2, 10),
	       MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -8), MOV64_IMM(4, 5),
	       CALL_HELPER(6), MOV64_IMM(0, 0), EXIT()),
	REJECT("printk/unwritten_argument", -EACCES, 4, "r4 (argument 4 of trace_printk) was never written, and conversion 2 of the format prints it",
	       LD_MAP_VALUE(1, 6, 0), MOV64_IMM(2, 10), MOV64_IMM(3, 5),
	       CALL_HELPER(6), MOV64_IMM(0, 0), EXIT()),
	REJECT("printk/pointer_with_stack_format", -EACCES, 5, "r3 (argument 3 of trace_printk) is a stack pointer",
	       ST(DW, 10, -8, 0x6425), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8),
	       MOV64_IMM(2, 8), MOV64_REG(3, 10), CALL_HELPER(6),
	       MOV64_IMM(0, 0), EXIT()),
	/*
	 * probe_read_kernel's source is read through, never kept: a pointer
	 * (the record, as a __data_loc string is reached) may go there, and
	 * still not where a number is printed or stored.
	 */
	ACCEPT_T("probe/read_from_record", TP, MOV64_REG(3, 1), ALU64_IMM(ADD, 3, 8),
		 MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -16), MOV64_IMM(2, 16),
		 CALL_HELPER(113), MOV64_IMM(0, 0), EXIT()),
	REJECT_T("probe/record_pointer_as_size", TP, -EACCES, 4, "r2 (size argument of probe_read_kernel)",
		 MOV64_REG(3, 1), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -16),
		 MOV64_REG(2, 3), CALL_HELPER(113), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("printk/stack_format_number", ST(DW, 10, -8, 0x6425),
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8),
	       MOV64_IMM(3, 7), CALL_HELPER(6), MOV64_IMM(0, 0), EXIT()),

	/* References: ring buffer reservations. */
	ACCEPT("ref/reserve_submit", LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 4), ST(DW, 0, 0, 1),
	       MOV64_REG(1, 0), MOV64_IMM(2, 0), CALL_HELPER(132), MOV64_IMM(0, 0),
	       EXIT()),
	ACCEPT("ref/reserve_discard", LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 3), MOV64_REG(1, 0),
	       MOV64_IMM(2, 0), CALL_HELPER(133), MOV64_IMM(0, 0), EXIT()),
	REJECT("ref/unreleased", -EINVAL, 8, "unreleased reference: memory reserved at insn 4",
	       LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 2), ST(DW, 0, 0, 1),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("ref/unchecked", -EACCES, 5, "r0 is memory that may be NULL; check it against 0 before using it (allocated at insn 4)",
	       LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), ST(DW, 0, 0, 1), MOV64_IMM(0, 0), EXIT()),
	REJECT("ref/past_end", -EACCES, 6, "memory access out of bounds: 8 bytes at offset 8",
	       LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 4), ST(DW, 0, 8, 1),
	       MOV64_REG(1, 0), MOV64_IMM(2, 0), CALL_HELPER(132), MOV64_IMM(0, 0),
	       EXIT()),
	REJECT("ref/use_after_submit", -EACCES, 10, "r6 is used as a pointer but was never written",
	       LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 6), MOV64_REG(6, 0),
	       MOV64_REG(1, 0), MOV64_IMM(2, 0), CALL_HELPER(132), ST(DW, 6, 0, 1),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("ref/submit_twice", -EACCES, 10, "r6 is read but was never written",
	       LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 7), MOV64_REG(6, 0),
	       MOV64_REG(1, 0), MOV64_IMM(2, 0), CALL_HELPER(132), MOV64_REG(1, 6),
	       MOV64_IMM(2, 0), CALL_HELPER(132), MOV64_IMM(0, 0), EXIT()),
	REJECT("ref/size_not_constant", -EACCES, 5, "must be a known constant",
	       CALL_HELPER(5), MOV64_REG(2, 0), LD_MAP(1, 3), MOV64_IMM(3, 0),
	       CALL_HELPER(131), EXIT()),
	REJECT("ref/reserve_wrong_map", -EINVAL, 4, "r1 (argument 1 of ringbuf_reserve): map type 1 is not the type 27 this helper takes",
	       LD_MAP(1, 0), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), EXIT()),
	REJECT("ref/lookup_ringbuf", -EINVAL, 5, "r1 (argument 1 of map_lookup_elem): map type 27 cannot be used with this helper",
	       LOOKUP(3), EXIT()),
	REJECT("ref/ringbuf_value_ref", -EINVAL, 0, "a map type without direct value access",
	       LD_MAP_VALUE(1, 3, 0), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("ref/ringbuf_output", ST(DW, 10, -8, 7), LD_MAP(1, 3),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), MOV64_IMM(3, 8),
	       MOV64_IMM(4, 0), CALL_HELPER(130), EXIT()),
	REJECT("ref/output_wrong_map", -EINVAL, 7, "map type 2 is not the type 27",
	       ST(DW, 10, -8, 7), LD_MAP(1, 1),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), MOV64_IMM(3, 8),
	       MOV64_IMM(4, 0), CALL_HELPER(130), EXIT()),
	REJECT("ref/submit_modified", -EACCES, 9, "must be memory a reserve helper returned, unmodified",
	       LD_MAP(1, 3), MOV64_IMM(2, 16), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 4), ALU64_IMM(ADD, 0, 8),
	       MOV64_REG(1, 0), MOV64_IMM(2, 0), CALL_HELPER(132), MOV64_IMM(0, 0),
	       EXIT()),

	/* Socket filter context: struct __sk_buff. */
	ACCEPT("ctx/skb_len", LDX(W, 0, 1, 0), EXIT()),
	ACCEPT("ctx/skb_narrow_loads", LDX(B, 0, 1, 16), LDX(H, 2, 1, 18),
	       LDX(B, 3, 1, 87), EXIT()),
	ACCEPT("ctx/skb_cb_write_read", ST(W, 1, 48, 5), MOV64_IMM(2, 7),
	       STX(DW, 1, 2, 56), LDX(W, 0, 1, 64), EXIT()),
	/* The words the socket hook must fill or zero (vm/vm.h ctx_words). */
	ACCEPT_W("ctx/skb_words_none", 0, 0, MOV64_IMM(0, -1), EXIT()),
	ACCEPT_W("ctx/skb_words_len_hash_napi", 0, 1ULL << 0 | 1ULL << 17 | 1ULL << 21,
		 LDX(W, 0, 1, 0), LDX(B, 2, 1, 68), LDX(H, 3, 1, 86), EXIT()),
	ACCEPT_W("ctx/skb_words_cb", 0, 1ULL << 12 | 1ULL << 14 | 1ULL << 15 | 1ULL << 16,
		 ST(W, 1, 48, 5), MOV64_IMM(2, 7), STX(DW, 1, 2, 56),
		 LDX(W, 0, 1, 64), EXIT()),
	ACCEPT_W("ctx/skb_words_packet_pointers", 0, 0, LDX(W, 2, 1, 76),
		 LDX(W, 3, 1, 80), MOV64_IMM(0, 0), EXIT()),
	REJECT("ctx/skb_cb_pointer", -EACCES, 1, "stored into the context pointer",
	       MOV64_REG(2, 1), STX(DW, 1, 2, 56), MOV64_IMM(0, 0), EXIT()),
	REJECT("ctx/skb_write_len", -EACCES, 0, "invalid context write: offset 0 size 4; socket filters may write only cb",
	       ST(W, 1, 0, 1), MOV64_IMM(0, 0), EXIT()),
	REJECT("ctx/skb_past_end", -EACCES, 0, "struct __sk_buff is 192 bytes",
	       LDX(W, 0, 1, 192), EXIT()),
	REJECT("ctx/skb_misaligned", -EACCES, 0, "aligned",
	       LDX(W, 0, 1, 2), EXIT()),
	REJECT("ctx/skb_wide_load", -EACCES, 0, "loads of 1, 2 or 4 aligned bytes",
	       LDX(DW, 0, 1, 0), EXIT()),
	REJECT("ctx/skb_tc_classid", -EACCES, 0, "may not read this field",
	       LDX(W, 0, 1, 72), EXIT()),
	REJECT("ctx/skb_family", -EACCES, 0, "may not read this field",
	       LDX(W, 0, 1, 88), EXIT()),
	REJECT("ctx/modified_pointer", -EACCES, 1, "modified context pointer",
	       ALU64_IMM(ADD, 1, 4), LDX(W, 0, 1, 0), EXIT()),
	REJECT("ctx/negative_offset", -EACCES, 0, "invalid context read: offset -4",
	       LDX(W, 0, 1, -4), EXIT()),
	REJECT("ctx/atomic", -EACCES, 1, "atomic operation on r1 (the context pointer)",
	       MOV64_IMM(2, 1), ATOMIC(W, KBPF_ADD, 1, 2, 48), MOV64_IMM(0, 0), EXIT()),
	ACCEPT_T("ctx/kprobe_regs", KP, LDX(DW, 0, 1, 160), LDX(W, 2, 1, 4), EXIT()),
	REJECT_T("ctx/kprobe_past_end", KP, -EACCES, 0, "struct pt_regs is smaller",
		 LDX(DW, 0, 1, 168), EXIT()),
	REJECT_T("ctx/kprobe_write", KP, -EACCES, 0, "the registers of a kprobe are read-only",
		 ST(DW, 1, 0, 0), MOV64_IMM(0, 0), EXIT()),
	ACCEPT_TP("ctx/tracepoint_field", 0, 2048, LDX(DW, 0, 1, 8), LDX(W, 2, 1, 2044), EXIT()),
	ACCEPT_TP("ctx/tracepoint_record", 64, 64, LDX(W, 0, 1, 60), LDX(W, 2, 1, 8), EXIT()),
	REJECT_TP("ctx/tracepoint_past_record", 64, -EACCES, 1,
		  "offset 64 size 4; the tracepoint 'sched:sched_switch' record is 64 bytes",
		  LDX(W, 0, 1, 60), LDX(W, 0, 1, 64), EXIT()),
	/* syscalls:sys_enter_getpid: the header and the 4-byte syscall number. */
	ACCEPT_TP("ctx/tracepoint_short_record", 12, 12, LDX(W, 0, 1, 8), EXIT()),
	REJECT_TP("ctx/tracepoint_straddles_record", 12, -EACCES, 0, "record is 12 bytes",
		  LDX(DW, 0, 1, 8), EXIT()),
	REJECT_T("ctx/tracepoint_header", TP, -EACCES, 0, "read from offset 8",
		 LDX(DW, 0, 1, 0), EXIT()),
	REJECT_T("ctx/tracepoint_past_end", TP, -EACCES, 0, "to 2048",
		 LDX(DW, 0, 1, 2048), EXIT()),
	ACCEPT_T("ctx/raw_tp_args", RAW, LDX(DW, 0, 1, 88), LDX(W, 2, 1, 0), EXIT()),
	REJECT_T("ctx/raw_tp_arg_12", RAW, -EACCES, 0, "at most 12 u64 arguments",
		 LDX(DW, 0, 1, 96), EXIT()),
	REJECT_T("ctx/raw_tp_write", RAW, -EACCES, 0, "read-only",
		 ST(DW, 1, 0, 0), MOV64_IMM(0, 0), EXIT()),

	/* Packets. */
	ACCEPT("pkt/checked_read", LDX(W, 2, 1, 76), LDX(W, 3, 1, 80),
	       MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 14), MOV64_IMM(0, 0),
	       JMP_REG(JGT, 4, 3, 1), LDX(B, 0, 2, 13), EXIT()),
	ACCEPT("pkt/checked_reversed", LDX(W, 2, 1, 76), LDX(W, 3, 1, 80),
	       MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 14), MOV64_IMM(0, 0),
	       JMP_REG(JLT, 3, 4, 1), LDX(H, 0, 2, 12), EXIT()),
	ACCEPT("pkt/checked_taken_branch", LDX(W, 2, 1, 76), LDX(W, 3, 1, 80),
	       MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 8), MOV64_IMM(0, 0),
	       JMP_REG(JLE, 4, 3, 1), EXIT(), LDX(DW, 0, 2, 0), EXIT()),
	ACCEPT("pkt/length", LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), MOV64_REG(0, 3),
	       ALU64_REG(SUB, 0, 2), EXIT()),
	REJECT("pkt/unchecked", -EACCES, 1, "beyond the 0 bytes proved present",
	       LDX(W, 2, 1, 76), LDX(B, 0, 2, 0), EXIT()),
	REJECT("pkt/off_by_one", -EACCES, 6, "packet access of 1 bytes at offset 14 is beyond the 14 bytes proved present",
	       LDX(W, 2, 1, 76), LDX(W, 3, 1, 80),
	       MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 14), MOV64_IMM(0, 0),
	       JMP_REG(JGT, 4, 3, 1), LDX(B, 0, 2, 14), EXIT()),
	REJECT("pkt/wrong_branch", -EACCES, 8, "beyond the 0 bytes proved present",
	       LDX(W, 2, 1, 76), LDX(W, 3, 1, 80),
	       MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 14), MOV64_IMM(0, 0),
	       JMP_REG(JGT, 4, 3, 1), EXIT(), MOV64_IMM(0, 0), LDX(B, 0, 2, 0), EXIT()),
	REJECT("pkt/write", -EACCES, 6, "socket filters may only read the packet",
	       LDX(W, 2, 1, 76), LDX(W, 3, 1, 80),
	       MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 14), MOV64_IMM(0, 0),
	       JMP_REG(JGT, 4, 3, 1), ST(B, 2, 0, 1), EXIT()),
	/* A checked range belongs to the pointer it was learned for. */
	REJECT("pkt/range_after_var_add", -EACCES, 9, "beyond the 0 bytes proved present",
	       LDX(W, 2, 1, 76), LDX(W, 3, 1, 80),
	       MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 14), MOV64_IMM(0, 0),
	       JMP_REG(JGT, 4, 3, 4), LDX(B, 5, 2, 0), ALU64_IMM(AND, 5, 7),
	       ALU64_REG(ADD, 2, 5), LDX(B, 0, 2, 0), EXIT()),
	REJECT("pkt/var_add_unbounded", -EACCES, 3, "unbounded range",
	       MOV64_REG(6, 1), CALL_HELPER(5), LDX(W, 2, 6, 76), ALU64_REG(ADD, 2, 0),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("pkt/var_add_negative", -EACCES, 5, "may be negative or above 65535",
	       MOV64_REG(6, 1), CALL_HELPER(5), LDX(W, 2, 6, 76), ALU64_IMM(AND, 0, 0xff),
	       ALU64_IMM(SUB, 0, 10), ALU64_REG(ADD, 2, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("pkt/end_arith", -EACCES, 1, "arithmetic on r3, the packet end",
	       LDX(W, 3, 1, 80), ALU64_IMM(ADD, 3, 1), MOV64_IMM(0, 0), EXIT()),
	REJECT("pkt/end_deref", -EACCES, 1, "r3 is the packet end, which cannot be dereferenced",
	       LDX(W, 3, 1, 80), LDX(B, 0, 3, 0), EXIT()),
	REJECT("pkt/data_narrow", -EACCES, 0, "data and data_end are read whole",
	       LDX(H, 2, 1, 76), MOV64_IMM(0, 0), EXIT()),
	REJECT_T("pkt/not_in_kprobe", KP, -EACCES, 2, "r2 is a number, not a pointer",
		 LDX(W, 2, 1, 76), MOV64_IMM(0, 0), LDX(B, 0, 2, 0), EXIT()),

	/* Pointer leaks and mangling. */
	REJECT("leak/compare_pointer", -EACCES, 0, "comparison of r1 (the context pointer) would leak its address",
	       JMP_IMM(JGT, 1, 5, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("leak/compare_two_pointers", -EACCES, 0, "would leak its address",
	       JMP_REG(JGT, 1, 10, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("leak/mov32_pointer", -EACCES, 0, "32-bit move of r10",
	       MOV32_REG(0, 10), EXIT()),
	REJECT("leak/alu32_on_pointer", -EACCES, 0, "32-bit arithmetic on a pointer",
	       ALU32_IMM(ADD, 1, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("leak/mul_pointer", -EACCES, 0, "mul on a pointer (r1 is the context pointer)",
	       ALU64_IMM(MUL, 1, 2), MOV64_IMM(0, 0), EXIT()),
	REJECT("leak/div_by_pointer", -EACCES, 1, "div on a pointer (r1 is the context pointer)",
	       MOV64_IMM(0, 10), ALU64_REG(DIV, 0, 1), EXIT()),
	REJECT("leak/xor_pointer", -EACCES, 1, "xor on a pointer",
	       MOV64_IMM(0, 10), ALU64_REG(XOR, 0, 10), EXIT()),
	REJECT("leak/neg_pointer", -EACCES, 0, "neg on a pointer",
	       NEG64(1), MOV64_IMM(0, 0), EXIT()),
	REJECT("leak/bswap_pointer", -EACCES, 0, "byte swap on a pointer",
	       BSWAP(1, 64), MOV64_IMM(0, 0), EXIT()),
	REJECT("leak/movsx_pointer", -EACCES, 0, "sign extension of a pointer",
	       MOVSX64(0, 1, 32), EXIT()),
	REJECT("leak/number_minus_pointer", -EACCES, 1, "a number minus a pointer",
	       MOV64_IMM(0, 0), ALU64_REG(SUB, 0, 10), EXIT()),
	REJECT("leak/ctx_minus_stack", -EACCES, 0, "may be subtracted",
	       ALU64_REG(SUB, 1, 10), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("leak/stack_minus_stack_is_distance", MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), MOV64_REG(0, 10), ALU64_REG(SUB, 0, 1), EXIT()),
	ACCEPT("ptr/null_check_of_nonnull_is_dead", JMP_IMM(JEQ, 1, 0, 1), JA(1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("ptr/scalar_plus_pointer", MOV64_IMM(2, -8), ALU64_REG(ADD, 2, 10),
	       ST(DW, 2, 0, 1), LDX(DW, 0, 10, -8), EXIT()),

	/* Pruning: sound (bounds that matter are compared) and effective. */
	REJECT("prune/keeps_bounds_that_matter", -EACCES, 12, "unbounded range",
	       CALL_HELPER(5), MOV64_REG(6, 0), ST(DW, 10, -8, 0), ST(DW, 10, -16, 0),
	       JA(0), JA(0), MOV64_IMM(7, 0), MOV64_IMM(7, 0), JMP_IMM(JGT, 6, 7, 1),
	       MOV64_IMM(7, 0), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -16),
	       ALU64_REG(ADD, 1, 6), LDX(B, 0, 1, 0), EXIT()),
#define DIAMOND CALL_HELPER(5), JMP_IMM(JGT, 0, 5, 1), MOV64_IMM(3, 1)
	/* 2^20 paths; dead registers differ, so each join is pruned. */
	ACCEPT("prune/twenty_diamonds", DIAMOND, DIAMOND, DIAMOND, DIAMOND,
	       DIAMOND, DIAMOND, DIAMOND, DIAMOND, DIAMOND, DIAMOND, DIAMOND,
	       DIAMOND, DIAMOND, DIAMOND, DIAMOND, DIAMOND, DIAMOND, DIAMOND,
	       DIAMOND, DIAMOND, MOV64_IMM(0, 0), EXIT()),
#undef DIAMOND

	/* Tail calls: map 5 is a kprobe prog_array. */
#define TAIL_CALL(idx) LD_MAP(2, 5), MOV64_IMM(3, idx), CALL_HELPER(12)
	ACCEPT_T("tail/kprobe_falls_through_r0_scalar", KP, TAIL_CALL(0), EXIT()),
	/* The program it calls may read any context word. */
	ACCEPT_W("tail/ctx_words_all", KP, ~0ULL, TAIL_CALL(0), EXIT()),
	REJECT_T("tail/clobbers_r1", KP, -EACCES, 4, "r1 is read but was never written",
		 TAIL_CALL(1), MOV64_REG(0, 1), EXIT()),
	REJECT_T("tail/wrong_map_type", KP, -EINVAL, 3, "r2 (argument 2 of tail_call) must be a prog_array map; map 0 has type 1",
		 LD_MAP(2, 0), MOV64_IMM(3, 0), CALL_HELPER(12), EXIT()),
	REJECT("tail/wrong_prog_type", -EINVAL, 3, "tail_call: map 5 holds programs of type 2, not of this program's type 1",
	       TAIL_CALL(0), EXIT()),
	REJECT_T("tail/ctx_required", KP, -EACCES, 4, "r1 (argument 1 of tail_call) must be the context pointer",
		 LD_MAP(2, 5), MOV64_IMM(3, 0), MOV64_REG(1, 10), CALL_HELPER(12), EXIT()),
	REJECT_T("tail/prog_array_in_lookup", KP, -EINVAL, 5, "map_lookup_elem may not take map 5: it is a prog_array",
		 LOOKUP(5), MOV64_IMM(0, 0), EXIT()),
	REJECT_T("tail/with_local_call", KP, -EINVAL, 3, "tail calls and bpf-to-bpf calls may not be mixed",
		 TAIL_CALL(0), CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("tail/unused_prog_array_of_other_type", -EINVAL, 0, "map 5 is a prog_array of programs of type 2; this program is type 1",
	       LD_MAP(2, 5), MOV64_IMM(0, 0), EXIT()),
#undef TAIL_CALL
	/* bpf_loop: the callback in a frame of its own, 0 to n times. */
	ACCEPT("bpf_loop/sum_on_stack", ST(DW, 10, -8, 0), LOOP_CALL(10, 0),
	       LDX(DW, 0, 10, -8), EXIT(),
	       LDX(DW, 3, 2, 0), ALU64_REG(ADD, 3, 1), STX(DW, 2, 3, 0),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("bpf_loop/stop_returns_count", ST(DW, 10, -8, 0), LOOP_CALL(100, 0),
	       ALU64_REG(ADD, 0, 0), EXIT(),
	       MOV64_IMM(0, 0), JMP_IMM(JNE, 1, 6, 1), MOV64_IMM(0, 1), EXIT()),
	ACCEPT("bpf_loop/null_ctx_index_bounded", MOV64_IMM(1, 4), LD_FUNC(2, 5),
	       MOV64_IMM(3, 0), MOV64_IMM(4, 0), CALL_HELPER(181), EXIT(),
	       /* r1 < 4: a byte of the map value at r1 * 8 is in bounds */
	       MOV64_REG(6, 1), LOOKUP(1), JMP_IMM(JEQ, 0, 0, 4),
	       ALU64_IMM(LSH, 6, 3), ALU64_REG(ADD, 0, 6), LDX(B, 0, 0, 0),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("bpf_loop/nested", ST(DW, 10, -8, 0), LOOP_CALL(3, 0),
	       LDX(DW, 0, 10, -8), EXIT(),
	       MOV64_REG(3, 2), MOV64_IMM(1, 2), LD_FUNC(2, 5), MOV64_IMM(4, 0),
	       CALL_HELPER(181), MOV64_IMM(0, 0), EXIT(),
	       ATOMIC(DW, KBPF_ADD, 2, 1, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/func_lddw_second_half", -EINVAL, 0,
	       "second half of a function address lddw must be zero",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, KBPF_PSEUDO_FUNC, 0, 2),
	       INSN(0, 0, 0, 0, 1), MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/args_uninit", -EACCES, 4, "r3 (argument 3 of loop) was never written",
	       MOV64_IMM(1, 1), LD_FUNC(2, 4), MOV64_IMM(4, 0), CALL_HELPER(181),
	       EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/nr_loops_pointer", -EACCES, 4,
	       "r1 (nr_loops of loop) is the context pointer, not a number",
	       LD_FUNC(2, 5), MOV64_IMM(3, 0), MOV64_IMM(4, 0), CALL_HELPER(181),
	       EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/flags_not_zero", -EINVAL, 7, "r4 (flags of loop) must be 0",
	       ST(DW, 10, -8, 0), LOOP_CALL(10, 1), LDX(DW, 0, 10, -8), EXIT(),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/callback_returns_2", -EINVAL, 11,
	       "the callback of loop returns r0 = 2; it must return 0 (continue) or 1 (stop)",
	       ST(DW, 10, -8, 0), LOOP_CALL(10, 0), LDX(DW, 0, 10, -8), EXIT(),
	       MOV64_IMM(0, 2), EXIT()),
	REJECT("bpf_loop/callback_returns_pointer", -EACCES, 11,
	       "the callback of loop returns r0, a stack pointer",
	       ST(DW, 10, -8, 0), LOOP_CALL(10, 0), LDX(DW, 0, 10, -8), EXIT(),
	       MOV64_REG(0, 2), EXIT()),
	REJECT("bpf_loop/callback_not_a_function", -EACCES, 4,
	       "r2 (callback of loop) is a number; it must be the address of a static function",
	       MOV64_IMM(1, 1), MOV64_IMM(2, 0), MOV64_IMM(3, 0), MOV64_IMM(4, 0),
	       CALL_HELPER(181), EXIT()),
	REJECT("bpf_loop/ctx_not_memory", -EACCES, 5,
	       "r3 (callback_ctx of loop) is the context pointer; it must point to the stack or a map value, or be NULL",
	       MOV64_REG(3, 1), MOV64_IMM(1, 1), LD_FUNC(2, 4), MOV64_IMM(4, 0),
	       CALL_HELPER(181), EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/callback_writes_past_ctx", -EACCES, 10, "outside the 512-byte stack",
	       ST(DW, 10, -8, 0), LOOP_CALL(10, 0), LDX(DW, 0, 10, -8), EXIT(),
	       STX(DW, 2, 1, 8), MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/callback_from_another_frame", -EACCES, 9,
	       "r2 (callback of loop) was loaded in another function",
	       LD_FUNC(1, 10), CALL_LOCAL(2), MOV64_IMM(0, 0), EXIT(),
	       MOV64_REG(2, 1), MOV64_IMM(1, 1), MOV64_IMM(3, 0), MOV64_IMM(4, 0),
	       CALL_HELPER(181), EXIT(),
	       MOV64_IMM(0, 0), EXIT()),
	/*
	 * Verified as if called once (Linux 6.1), the index would be 8
	 * after the loop and the 8-byte read at buf + 8 in bounds; it
	 * may be 8 * n.
	 */
	REJECT("bpf_loop/unsound_if_called_once", -EACCES, 13, "unbounded range",
	       ST(DW, 10, -24, 0), ST(DW, 10, -16, 0), ST(DW, 10, -8, 0),
	       LOOP_CALL_TO(2, 0, 11),
	       LDX(DW, 1, 10, -8), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -24),
	       ALU64_REG(ADD, 2, 1), LDX(DW, 0, 2, 0), EXIT(),
	       LDX(DW, 3, 2, 0), ALU64_IMM(ADD, 3, 8), STX(DW, 2, 3, 0),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/callback_frame_limit", -E2BIG, 21, "call chain is 9 frames deep; the limit is 8",
	       CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
	       CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
	       CALL_LOCAL(1), EXIT(),
	       MOV64_IMM(1, 1), LD_FUNC(2, 5), MOV64_IMM(3, 0), MOV64_IMM(4, 0),
	       CALL_HELPER(181), EXIT(),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("bpf_loop/callback_stack_counts", -E2BIG, 0, "the deepest call chain needs 520 bytes of stack",
	       ST(DW, 10, -256, 0), ST(DW, 10, -8, 0), LOOP_CALL(1, 0),
	       LDX(DW, 0, 10, -8), EXIT(),
	       ST(DW, 10, -264, 0), MOV64_IMM(0, 0), EXIT()),

	/*
	 * precision tracking: a scalar that differs between a verified state
	 * and a new one is ignored only when nothing it flows into decides
	 * anything. Each case verifies the safe value first (the path that
	 * falls through), checkpoints at the join, and then brings the unsafe value
	 * there: pruning it would accept the program.
	 */
#define PREC_FORK(bad, good) JA(0), ST(DW, 10, -8, 0), ST(DW, 10, -16, 0),	\
	CALL_HELPER(5), MOV64_IMM(7, 0), bad, JMP_IMM(JGT, 0, 5, 1), good
	/* The callback reads the spilled offset through its context pointer. */
	REJECT("precision/loop_callback_reads_caller_slot", -EACCES, 20, "outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 400), MOV64_IMM(6, 0)), STX(DW, 10, 6, -8),
	       LOOP_CALL(1, 0), MOV64_IMM(0, 0), EXIT(),
	       LDX(DW, 3, 2, 0), ALU64_REG(ADD, 2, 3), LDX(B, 0, 2, 0),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("precision/stack_offset", -EACCES, 10, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), MOV64_REG(1, 10),
	       ALU64_REG(ADD, 1, 6), LDX(B, 0, 1, -8), EXIT()),
	REJECT("precision/pointer_move_checked_even_if_unused", -EACCES, 9, "unbounded range",
	       PREC_FORK(MOV64_REG(6, 0), MOV64_IMM(6, 0)), MOV64_REG(1, 10),
	       ALU64_REG(ADD, 1, 6), MOV64_IMM(0, 0), EXIT()),
	REJECT("precision/number_plus_pointer", -EACCES, 10, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), MOV64_REG(2, 6),
	       ALU64_REG(ADD, 2, 10), LDX(B, 0, 2, -8), EXIT()),
	REJECT("precision/branch_outcome", -EACCES, 9, "r9 is read but was never written",
	       PREC_FORK(MOV64_IMM(6, 1), MOV64_IMM(6, 0)), JMP_IMM(JEQ, 6, 0, 1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	REJECT("precision/jmp32_outcome", -EACCES, 9, "r9 is read but was never written",
	       PREC_FORK(MOV64_IMM(6, 1), MOV64_IMM(6, 0)), JMP32_IMM(JEQ, 6, 0, 1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	REJECT("precision/alu32_into_offset", -EACCES, 12, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 1), MOV64_IMM(6, 0)), MOV32_REG(2, 6),
	       ALU32_IMM(LSH, 2, 3), MOV64_REG(1, 10), ALU64_REG(ADD, 1, 2),
	       LDX(B, 0, 1, -8), EXIT()),
	REJECT_T("precision/helper_size", KP, -EACCES, 12, "stack access of 24 bytes at r10-16 is outside",
		 PREC_FORK(MOV64_IMM(6, 24), MOV64_IMM(6, 8)), MOV64_REG(1, 10),
		 ALU64_IMM(ADD, 1, -16), MOV64_REG(2, 6), MOV64_IMM(3, 0),
		 CALL_HELPER(4), EXIT()),
	REJECT("precision/through_a_spill", -EACCES, 12, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), STX(DW, 10, 6, -16),
	       LDX(DW, 2, 10, -16), MOV64_REG(1, 10), ALU64_REG(ADD, 1, 2),
	       LDX(B, 0, 1, -8), EXIT()),
	REJECT("precision/spilled_through_a_pointer", -EACCES, 14, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), MOV64_REG(3, 10),
	       ALU64_IMM(ADD, 3, -16), STX(DW, 3, 6, 0), LDX(DW, 2, 10, -16),
	       MOV64_REG(1, 10), ALU64_REG(ADD, 1, 2), LDX(B, 0, 1, -8), EXIT()),
	REJECT("precision/filled_through_a_pointer", -EACCES, 13, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), STX(DW, 10, 6, -16),
	       MOV64_REG(3, 10), LDX(DW, 2, 3, -16), MOV64_REG(1, 10),
	       ALU64_REG(ADD, 1, 2), LDX(B, 0, 1, -8), EXIT()),
	REJECT("precision/spilled_pointer_moved", -EACCES, 11, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), STX(DW, 10, 10, -16),
	       LDX(DW, 1, 10, -16), ALU64_REG(ADD, 1, 6), LDX(B, 0, 1, -8), EXIT()),
	REJECT("precision/subprogram_argument", -EACCES, 14, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), MOV64_REG(1, 6),
	       CALL_LOCAL(1), EXIT(), ST(DW, 10, -8, 0), MOV64_REG(2, 10),
	       ALU64_REG(ADD, 2, 1), LDX(B, 0, 2, -8), EXIT()),
	REJECT("precision/subprogram_result", -EACCES, 12, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), MOV64_REG(1, 6),
	       CALL_LOCAL(4), MOV64_REG(1, 10), ALU64_REG(ADD, 1, 0),
	       LDX(B, 0, 1, -8), EXIT(), MOV64_REG(0, 1), EXIT()),
	REJECT("precision/callee_stores_into_caller_stack", -EACCES, 15, "is outside the 512-byte stack",
	       PREC_FORK(MOV64_IMM(6, 8), MOV64_IMM(6, 0)), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -16), MOV64_REG(2, 6), CALL_LOCAL(5),
	       LDX(DW, 3, 10, -16), MOV64_REG(1, 10), ALU64_REG(ADD, 1, 3),
	       LDX(B, 0, 1, -8), EXIT(), STX(DW, 1, 2, 0), MOV64_IMM(0, 0), EXIT()),
	/* trace_printk reads r3-r5 as its format says: they are live. */
	REJECT("precision/printk_argument_is_live", -EACCES, 12, "r3 (argument 3 of trace_printk) is a stack pointer",
	       PREC_FORK(MOV64_REG(3, 10), MOV64_IMM(3, 5)), LD_MAP_VALUE(1, 6, 0),
	       MOV64_IMM(2, 10), MOV64_IMM(4, 5), CALL_HELPER(6), MOV64_IMM(0, 0),
	       EXIT()),
#undef PREC_FORK
	/* The checkpoint is in the callee; the caller's r6 matters after. */
	REJECT("precision/caller_frame_in_callee_checkpoint", -EACCES, 8, "is outside the 512-byte stack",
	       ST(DW, 10, -8, 0), CALL_HELPER(5), MOV64_IMM(6, 8),
	       JMP_IMM(JGT, 0, 5, 1), MOV64_IMM(6, 0), CALL_LOCAL(4),
	       MOV64_REG(1, 10), ALU64_REG(ADD, 1, 6), LDX(B, 0, 1, -8), EXIT(),
	       MOV64_IMM(0, 0), MOV64_IMM(0, 0), MOV64_IMM(0, 0), MOV64_IMM(0, 0),
	       MOV64_IMM(0, 0), MOV64_IMM(0, 0), JA(0), MOV64_IMM(0, 0), EXIT()),
	/* Linked in the verified state, not in the new one: ids compared. */
	REJECT("precision/linked_scalars", -EACCES, 11, "unbounded range",
	       JA(0), CALL_HELPER(5), MOV64_REG(8, 0), CALL_HELPER(5),
	       MOV64_REG(7, 0), MOV64_REG(6, 8), JMP_IMM(JGT, 8, 5, 1),
	       MOV64_REG(6, 7), ST(DW, 10, -16, 0), JMP_IMM(JGT, 7, 7, 3),
	       MOV64_REG(1, 10), ALU64_REG(ADD, 1, 6), LDX(B, 0, 1, -16), EXIT()),
#define DIAMOND(k) CALL_HELPER(5), JMP_IMM(JGT, 0, 5, 1), ALU64_IMM(ADD, 6, 1 << (k))
	/* 2^22 sums in r6, returned: too complex without precision. */
	ACCEPT("precision/twenty_two_weighted_diamonds",
	       MOV64_IMM(6, 0), DIAMOND(0), DIAMOND(1), DIAMOND(2), DIAMOND(3),
	       DIAMOND(4), DIAMOND(5), DIAMOND(6), DIAMOND(7), DIAMOND(8),
	       DIAMOND(9), DIAMOND(10), DIAMOND(11), DIAMOND(12), DIAMOND(13),
	       DIAMOND(14), DIAMOND(15), DIAMOND(16), DIAMOND(17), DIAMOND(18),
	       DIAMOND(19), DIAMOND(20), DIAMOND(21), MOV64_REG(0, 6), EXIT()),
#undef DIAMOND

	/*
	 * The corpus by bug class (Documentation/verifier.md, "Bug classes").
	 * Each case names the class; the programs are kbpf's own. Shared
	 * shapes: V48 leaves r6 = a NULL-checked 48-byte value of map 1 and
	 * r1 = an unknown u64 read from it, at insn 11; R1IDX(o) moves r6 by
	 * r1 and loads the byte at o, so a case is safe exactly when
	 * r1 + o <= 47.
	 */
#define V48 LOOKUP(1), JMP_IMM(JNE, 0, 0, 2), MOV64_IMM(0, 0), EXIT(), \
	MOV64_REG(6, 0), LDX(DW, 1, 6, 0)
#define R1IDX(o) ALU64_REG(ADD, 6, 1), LDX(B, 0, 6, o), EXIT()
#define OUT MOV64_IMM(0, 0), EXIT()

	/*
	 * 32- vs 64-bit bounds confusion (CVE-2021-3490: the 32-bit bounds
	 * of and/or/xor were taken from the 64-bit ones). A 32-bit result is
	 * zero-extended; a 32-bit check bounds only the low half.
	 */
	ACCEPT("b32/and32_bounds_whole_register", V48, ALU32_IMM(AND, 1, 15),
	       R1IDX(32)),
	REJECT("b32/and32_one_past_value_end", -EACCES, 13, "at its farthest",
	       V48, ALU32_IMM(AND, 1, 31), R1IDX(17)),
	/* The 64-bit OR sets bit 32; the 32-bit AND clears the upper half. */
	ACCEPT("b32/and32_clears_upper_half", V48, LD_IMM64(2, 0x100000000ULL),
	       ALU64_REG(OR, 1, 2), ALU32_IMM(AND, 1, 7), R1IDX(40)),
	/* The low half is 0..7 but bit 32 is set: 4 GiB past the value. */
	REJECT("b32/or64_upper_bit_survives_jmp32", -EACCES, 16, "unbounded range",
	       V48, ALU64_IMM(AND, 1, 7), LD_IMM64(2, 0x100000000ULL),
	       ALU64_REG(OR, 1, 2), JMP32_IMM(JGT, 1, 7, 2), R1IDX(0)),
	/* A 4-byte load zero-extends: a 32-bit check bounds all 64 bits. */
	ACCEPT("b32/jmp32_on_zero_extended_load", V48, LDX(W, 1, 6, 0),
	       JMP32_IMM(JGT, 1, 40, 3), R1IDX(7), OUT),
	REJECT("b32/jmp32_signed_check_64bit_use", -EACCES, 13, "unbounded range",
	       V48, JMP32_IMM(JSLT, 1, 0, 4), JMP32_IMM(JSGT, 1, 40, 3), R1IDX(0),
	       OUT),
	ACCEPT("b32/jmp32_signed_range_then_zext", V48, JMP32_IMM(JSLT, 1, 0, 5),
	       JMP32_IMM(JSGT, 1, 40, 4), MOV32_REG(1, 1), R1IDX(7), OUT),
	/* Only the upper signed bound: w1 may be 0x80000000 and above. */
	REJECT("b32/jmp32_signed_upper_only_then_zext", -EACCES, 13, "unbounded range (0..4294967295)",
	       V48, JMP32_IMM(JSGT, 1, 40, 4), MOV32_REG(1, 1), R1IDX(7), OUT),
	/* w1 == 5 says nothing about bits 32-63. */
	REJECT("b32/jmp32_jeq_leaves_upper_unknown", -EACCES, 12, "unbounded range",
	       V48, JMP32_IMM(JNE, 1, 5, 3), R1IDX(0), OUT),
	ACCEPT("b32/jeq64_makes_constant", V48, JMP_IMM(JNE, 1, 5, 3), R1IDX(42), OUT),
	/* A signed upper bound alone leaves S64_MIN possible. */
	REJECT("b32/signed64_upper_only", -EACCES, 12, "unbounded range",
	       V48, JMP_IMM(JSGT, 1, 40, 3), R1IDX(0), OUT),
	ACCEPT("b32/signed64_both_bounds", V48, JMP_IMM(JSLT, 1, 0, 4),
	       JMP_IMM(JSGT, 1, 40, 3), R1IDX(7), OUT),
	/* The low half is checked unsigned, the whole signed: r1 may be -2^32+k. */
	REJECT("b32/u32_and_s64_upper_bounds", -EACCES, 13, "unbounded range",
	       V48, JMP32_IMM(JGT, 1, 7, 4), JMP_IMM(JSGT, 1, 7, 3), R1IDX(0),
	       OUT),
	ACCEPT("b32/jmp32_reg_reg_bound", V48, LDX(W, 1, 6, 0), MOV32_IMM(2, 40),
	       JMP32_REG(JGT, 1, 2, 3), R1IDX(7), OUT),

	/*
	 * ALU32 sign and zero extension: every 32-bit result clears bits
	 * 32-63, immediates of 64-bit operations are sign-extended, 32-bit
	 * arithmetic wraps at 2^32 (the verifier must fold as the engines do).
	 */
	/* 0..7 plus 0xfffffff8 wraps only for none: 0xfffffff8..0xffffffff. */
	REJECT("alu32/add32_wraps_to_large", -EACCES, 13, "unbounded range",
	       V48, ALU64_IMM(AND, 1, 7), ALU32_IMM(ADD, 1, -8), R1IDX(0)),
	ACCEPT("alu32/sub32_without_wrap", V48, ALU64_IMM(AND, 1, 7),
	       ALU64_IMM(ADD, 1, 1), ALU32_IMM(SUB, 1, 1), R1IDX(40)),
	/* 0 - 1 in 32 bits is 0xffffffff, four billion, not -1. */
	REJECT("alu32/sub32_wraps_at_zero", -EACCES, 13, "unbounded range",
	       V48, ALU64_IMM(AND, 1, 7), ALU32_IMM(SUB, 1, 1), R1IDX(0)),
	ACCEPT("alu32/sub32_result_not_negative", MOV64_IMM(1, 0),
	       ALU32_IMM(SUB, 1, 1), JMP_IMM(JNE, 1, -1, 1), MOV64_REG(0, 9),
	       JMP_IMM(JSLT, 1, 0, -2), MOV64_IMM(0, 0), EXIT()),
	REJECT("alu32/neg32_of_small_is_large", -EACCES, 14, "unbounded range",
	       V48, ALU64_IMM(AND, 1, 7), ALU64_IMM(ADD, 1, 1), NEG32(1), R1IDX(0)),
	REJECT("alu64/neg_of_small_is_negative", -EACCES, 15, "may be negative",
	       V48, ALU64_IMM(AND, 1, 7), ALU64_IMM(ADD, 1, 1), NEG64(1),
	       ALU64_REG(ADD, 6, 1), LDX(B, 0, 6, 8), EXIT()),
	ACCEPT("alu32/arsh32_result_zero_extended", MOV32_IMM(1, 0x80000000),
	       ALU32_IMM(ARSH, 1, 31), JMP_IMM(JEQ, 1, -1, 2),
	       JMP32_IMM(JNE, 1, -1, 1), JA(1), MOV64_REG(0, 9), OUT),
	ACCEPT("alu64/mov_imm_sign_extends", MOV64_IMM(1, -1),
	       LD_IMM64(2, 0xffffffffULL), JMP_REG(JNE, 1, 2, 1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/jmp32_vs_jmp64_of_u32_max", MOV32_IMM(1, -1),
	       JMP32_IMM(JNE, 1, -1, 2), JMP_IMM(JEQ, 1, -1, 1), JA(1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	/* 0xfffffff8 / 2 in 32 bits, not -8 / 2. */
	ACCEPT("alu32/div32_of_negative64", MOV64_IMM(1, -8), ALU32_IMM(DIV, 1, 2),
	       JMP_IMM(JEQ, 1, 0x7ffffffc, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0),
	       EXIT()),
	ACCEPT("alu32/mod32_of_negative64", MOV64_IMM(1, -1), ALU32_IMM(MOD, 1, 10),
	       JMP_IMM(JEQ, 1, 5, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/rsh32_ignores_upper_half", LD_IMM64(1, 0x100000010ULL),
	       ALU32_IMM(RSH, 1, 4), JMP_IMM(JEQ, 1, 1, 1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/lsh32_drops_carry", MOV32_IMM(1, 0x80000001),
	       ALU32_IMM(LSH, 1, 1), JMP_IMM(JEQ, 1, 2, 1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/mul32_truncates", MOV32_IMM(1, 0x10000), ALU32_IMM(MUL, 1, 0x10000),
	       JMP_IMM(JEQ, 1, 0, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/xor32_clears_upper", LD_IMM64(1, 0xffffffff00000000ULL),
	       ALU32_IMM(XOR, 1, 0), JMP_IMM(JEQ, 1, 0, 1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	/* An unknown value, 32-bit OR 0: below 2^32, so "r1 > u32 max" is dead. */
	ACCEPT("alu32/or32_bounds_below_4g", CALL_HELPER(5), MOV64_REG(1, 0),
	       ALU32_IMM(OR, 1, 0), LD_IMM64(2, 0xffffffffULL), JMP_REG(JGT, 1, 2, 1),
	       JA(1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/be32_below_4g", CALL_HELPER(5), ENDIAN(TO_BE, 0, 32),
	       LD_IMM64(2, 0xffffffffULL), JMP_REG(JGT, 0, 2, 1), JA(1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("alu32/le16_truncates", V48, ENDIAN(TO_LE, 1, 16),
	       JMP_IMM(JGT, 1, 40, 3), R1IDX(7), OUT),
	/* A byte swap of 16 bits is 0..65535, not the bounds it had before. */
	REJECT("alu32/be16_of_small_is_large", -EACCES, 14, "at its farthest",
	       V48, ALU64_IMM(AND, 1, 7), ENDIAN(TO_BE, 1, 16), R1IDX(0)),
	/* movsx (v4): a byte 0x80..0xff becomes negative. */
	REJECT("alu64/movsx8_of_byte_may_be_negative", -EACCES, 14, "may be negative (-128)",
	       V48, LDX(B, 1, 6, 0), MOVSX64(1, 1, 8), R1IDX(0)),
	ACCEPT("alu32/movsx8_32_zero_extends", MOV64_IMM(1, 0x80), MOVSX32(1, 1, 8),
	       JMP_IMM(JSLT, 1, 0, 2), JMP32_IMM(JNE, 1, -128, 1), JA(1),
	       MOV64_REG(0, 9), OUT),
	REJECT("alu64/ldxsx_word_may_be_negative", -EACCES, 13, "(-2147483648..40)",
	       V48, LDXSX(W, 1, 6, 0), JMP_IMM(JSGT, 1, 40, 3), R1IDX(0), OUT),

	/*
	 * Division and modulo by zero (CVE-2021-3444, CVE-2021-3600: the
	 * rewrites of 32-bit div/mod by a zero register lost or kept the
	 * upper half wrongly). x / 0 = 0, x % 0 = x; 32-bit ones zero-extend.
	 */
	ACCEPT("divmod/mod32_by_zero_reg_zero_extends", LD_IMM64(1, 0x100000005ULL),
	       MOV64_IMM(2, 0), ALU32_REG(MOD, 1, 2), JMP_IMM(JEQ, 1, 5, 1),
	       MOV64_REG(0, 9), MOV64_REG(0, 1), EXIT()),
	ACCEPT("divmod/div32_by_zero_reg_is_zero", LD_IMM64(1, 0x100000005ULL),
	       MOV64_IMM(2, 0), ALU32_REG(DIV, 1, 2), JMP_IMM(JEQ, 1, 0, 1),
	       MOV64_REG(0, 9), MOV64_REG(0, 1), EXIT()),
	/* The divisor is only known at run time: the result is at most the dividend. */
	ACCEPT("divmod/div_by_unknown_at_most_dividend", V48, ALU64_IMM(AND, 1, 40),
	       LDX(DW, 2, 6, 8), ALU64_REG(DIV, 1, 2), R1IDX(7)),
	ACCEPT("divmod/mod_by_unknown_at_most_dividend", V48, ALU64_IMM(AND, 1, 31),
	       LDX(DW, 2, 6, 8), ALU64_REG(MOD, 1, 2), R1IDX(16)),
	/* A zero divisor keeps the dividend: modulo bounds nothing. */
	REJECT("divmod/mod_by_unknown_keeps_unbounded", -EACCES, 13, "unbounded range",
	       V48, LDX(DW, 2, 6, 8), ALU64_REG(MOD, 1, 2), R1IDX(0)),
	ACCEPT("divmod/div_by_zero_bounds_unknown", V48, MOV64_IMM(2, 0),
	       ALU64_REG(DIV, 1, 2), R1IDX(47)),
	ACCEPT("divmod/div_const_range", V48, ALU64_IMM(AND, 1, 0xff),
	       ALU64_IMM(DIV, 1, 8), R1IDX(16)),
	REJECT("divmod/div_const_range_past_end", -EACCES, 14, "at its farthest",
	       V48, ALU64_IMM(AND, 1, 0xff), ALU64_IMM(DIV, 1, 5), R1IDX(0)),
	ACCEPT("divmod/mod_const_bounds", V48, ALU64_IMM(MOD, 1, 24), R1IDX(24)),
	REJECT("divmod/mod_const_off_by_one", -EACCES, 13, "at its farthest",
	       V48, ALU64_IMM(MOD, 1, 24), R1IDX(25)),
	/* Signed division (v4) gives an unknown value. */
	REJECT("divmod/sdiv_result_unbounded", -EACCES, 13, "unbounded range",
	       V48, ALU64_IMM(AND, 1, 15), SALU64_IMM(DIV, 1, -1), R1IDX(0)),

	/*
	 * Arithmetic on nullable pointers (CVE-2022-23222: ringbuf and other
	 * *_OR_NULL pointers could be moved before their NULL check, so the
	 * check passed for an address near 0). No arithmetic, not even +0,
	 * before the check; a check settles every copy, spilled ones too.
	 */
#define RESERVE(sz) LD_MAP(1, 3), MOV64_IMM(2, sz), MOV64_IMM(3, 0), CALL_HELPER(131)
	REJECT("null/ringbuf_add_zero_before_check", -EACCES, 5, "check it against 0 first (allocated at insn 4)",
	       RESERVE(16), ALU64_IMM(ADD, 0, 0), JMP_IMM(JEQ, 0, 0, 3),
	       MOV64_REG(1, 0), MOV64_IMM(2, 0), CALL_HELPER(133), OUT),
	REJECT("null/copy_moved_before_check", -EACCES, 7, "arithmetic on r1",
	       LOOKUP(0), MOV64_REG(1, 0), ALU64_IMM(ADD, 1, 4), OUT),
	REJECT("null/number_plus_nullable", -EACCES, 7, "arithmetic on r0",
	       LOOKUP(0), MOV64_IMM(1, 8), ALU64_REG(ADD, 1, 0), OUT),
	REJECT("null/sub_before_check", -EACCES, 6, "check it against 0 first (map lookup at insn 5)",
	       LOOKUP(0), ALU64_IMM(SUB, 0, 8), OUT),
	ACCEPT("null/check_settles_spilled_copy", LOOKUP(0), STX(DW, 10, 0, -16),
	       JMP_IMM(JEQ, 0, 0, 2), LDX(DW, 1, 10, -16), ST(DW, 1, 0, 1), OUT),
	REJECT("null/spilled_copy_unchecked", -EACCES, 8, "r1 is a map value that may be NULL",
	       LOOKUP(0), STX(DW, 10, 0, -16), LDX(DW, 1, 10, -16), ST(DW, 1, 0, 1),
	       OUT),
	/* Each lookup has its own id: checking one says nothing of the other. */
	REJECT("null/other_lookup_not_settled", -EACCES, 15, "r7 is a map value that may be NULL; check it against 0 before using it (map lookup at insn 12)",
	       LOOKUP(0), MOV64_REG(6, 0), LOOKUP(0), MOV64_REG(7, 0),
	       JMP_IMM(JEQ, 6, 0, 1), ST(DW, 7, 0, 1), OUT),
	REJECT("null/null_branch_is_number", -EACCES, 7, "r0 is a number, not a pointer",
	       LOOKUP(0), JMP_IMM(JNE, 0, 0, 1), LDX(DW, 0, 0, 0), OUT),
	REJECT("null/mov32_of_nullable", -EACCES, 6, "32-bit move of r0",
	       LOOKUP(0), MOV32_REG(1, 0), OUT),
	REJECT("null/nullable_as_helper_memory", -EACCES, 8, "r1 is a map value that may be NULL",
	       LOOKUP(0), MOV64_REG(1, 0), MOV64_IMM(2, 8), CALL_HELPER(6), EXIT()),
	REJECT("null/compare_with_nonzero_register", -EACCES, 7, "comparison of r0",
	       LOOKUP(0), MOV64_IMM(1, 1), JMP_REG(JEQ, 0, 1, 0), OUT),
	/* A register known to be 0 is a NULL check too (Linux 6.1 learns only from imm 0). */
	ACCEPT("null/compare_with_zero_register", LOOKUP(0), MOV64_IMM(1, 0),
	       JMP_REG(JEQ, 0, 1, 1), LDX(DW, 0, 0, 0), EXIT()),

	/* Reference leaks: every reservation is submitted or discarded on every path. */
	REJECT("ref/leak_on_one_branch", -EINVAL, 13, "memory reserved at insn 4 is neither submitted nor discarded",
	       RESERVE(8), JMP_IMM(JEQ, 0, 0, 7), MOV64_REG(6, 0), CALL_HELPER(5),
	       JMP_IMM(JEQ, 0, 0, 3), MOV64_REG(1, 6), MOV64_IMM(2, 0),
	       CALL_HELPER(132), OUT),
	ACCEPT("ref/release_through_spilled_copy", RESERVE(8), STX(DW, 10, 0, -8),
	       JMP_IMM(JEQ, 0, 0, 4), LDX(DW, 1, 10, -8), MOV64_IMM(2, 0),
	       CALL_HELPER(132), OUT),
	REJECT("ref/release_unchecked", -EACCES, 7, "unmodified and checked against NULL",
	       RESERVE(8), MOV64_REG(1, 0), MOV64_IMM(2, 0), CALL_HELPER(132), OUT),
	REJECT("ref/release_map_value", -EACCES, 9, "must be memory a reserve helper returned",
	       LOOKUP(0), JMP_IMM(JEQ, 0, 0, 3), MOV64_REG(1, 0), MOV64_IMM(2, 0),
	       CALL_HELPER(132), OUT),
	REJECT("ref/two_reservations_one_released", -EINVAL, 17, "memory reserved at insn 4",
	       RESERVE(8), JMP_IMM(JEQ, 0, 0, 11), MOV64_REG(6, 0), RESERVE(8),
	       JMP_IMM(JEQ, 0, 0, 3), MOV64_REG(1, 0), MOV64_IMM(2, 0),
	       CALL_HELPER(132), OUT),
	ACCEPT("ref/two_reservations_both_released", RESERVE(8),
	       JMP_IMM(JEQ, 0, 0, 14), MOV64_REG(6, 0), RESERVE(8),
	       JMP_IMM(JEQ, 0, 0, 3), MOV64_REG(1, 0), MOV64_IMM(2, 0),
	       CALL_HELPER(132), MOV64_REG(1, 6), MOV64_IMM(2, 0), CALL_HELPER(133),
	       OUT),
	/* A tail call does not come back: the reservation would never be released. */
	REJECT_T("ref/tail_call_holding_reference", KP, -EINVAL, 12, "a tail call does not return: release the reference from insn 5 first",
		 MOV64_REG(7, 1), RESERVE(8), JMP_IMM(JEQ, 0, 0, 9), MOV64_REG(6, 0),
		 MOV64_REG(1, 7), LD_MAP(2, 5), MOV64_IMM(3, 0), CALL_HELPER(12),
		 MOV64_REG(1, 6), MOV64_IMM(2, 0), CALL_HELPER(133), OUT),
	REJECT("ref/reserve_size_too_large", -EACCES, 4, "is too large: 1073741824",
	       LD_MAP(1, 3), MOV64_IMM(2, 0x40000000), MOV64_IMM(3, 0),
	       CALL_HELPER(131), EXIT()),
	REJECT("ref/variable_offset_past_reservation", -EACCES, 11, "(at its farthest) of a 16-byte memory",
	       RESERVE(16), JMP_IMM(JEQ, 0, 0, 9), MOV64_REG(6, 0), MOV64_REG(7, 0),
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 15), ALU64_REG(ADD, 7, 0),
	       LDX(DW, 1, 7, 0), MOV64_REG(1, 6), MOV64_IMM(2, 0), CALL_HELPER(132),
	       OUT),
	/* The callee submits what the caller reserved: the caller's copy dies too. */
	REJECT("ref/use_after_callee_release", -EACCES, 9, "r6 is used as a pointer but was never written",
	       RESERVE(8), JMP_IMM(JEQ, 0, 0, 4), MOV64_REG(6, 0), MOV64_REG(1, 0),
	       CALL_LOCAL(3), ST(DW, 6, 0, 1), OUT,
	       MOV64_IMM(2, 0), CALL_HELPER(132), OUT),
	ACCEPT("ref/callee_releases_callers_reservation", RESERVE(8),
	       JMP_IMM(JEQ, 0, 0, 3), MOV64_REG(6, 0), MOV64_REG(1, 0), CALL_LOCAL(2),
	       OUT, MOV64_IMM(2, 0), CALL_HELPER(132), OUT),
	REJECT("ref/callee_leaks_reservation", -EINVAL, 2, "memory reserved at insn 7",
	       CALL_LOCAL(2), MOV64_IMM(0, 0), EXIT(), RESERVE(8), OUT),

	/* Pointer leaks: no address reaches a map, a record, r0 at exit or a helper's number. */
	REJECT("leak/stack_pointer_into_ringbuf", -EACCES, 6, "the frame pointer) stored into",
	       RESERVE(8), JMP_IMM(JEQ, 0, 0, 4), STX(DW, 0, 10, 0), MOV64_REG(1, 0),
	       MOV64_IMM(2, 0), CALL_HELPER(132), OUT),
	REJECT("leak/packet_pointer_into_map_value", -EACCES, 8, "r7 (a packet pointer) stored into",
	       LDX(W, 7, 1, 76), LOOKUP(0), JMP_IMM(JEQ, 0, 0, 1), STX(DW, 0, 7, 0),
	       OUT),
	REJECT("leak/return_map_value", -EACCES, 7, "r0 is a map value pointer; returning it would leak",
	       LOOKUP(0), JMP_IMM(JEQ, 0, 0, 0), EXIT()),
	REJECT("leak/return_packet_pointer", -EACCES, 1, "returning it would leak",
	       LDX(W, 0, 1, 76), EXIT()),
	REJECT("leak/return_map", -EACCES, 2, "returning it would leak",
	       LD_MAP(0, 0), EXIT()),
	REJECT("leak/and_on_pointer", -EACCES, 1, "and on a pointer",
	       MOV64_REG(0, 10), ALU64_IMM(AND, 0, 0xfff), EXIT()),
	REJECT("leak/rsh_on_pointer", -EACCES, 0, "rsh on a pointer",
	       ALU64_IMM(RSH, 1, 12), OUT),
	REJECT("leak/stack_minus_caller_stack", -EACCES, 4, "stack pointers of one frame",
	       MOV64_REG(1, 10), CALL_LOCAL(1), EXIT(), MOV64_REG(0, 10),
	       ALU64_REG(SUB, 0, 1), EXIT()),
	REJECT("leak/spilled_pointer_read_by_helper", -EACCES, 4, "takes part of a spilled pointer",
	       STX(DW, 10, 1, -8), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8),
	       MOV64_IMM(2, 8), CALL_HELPER(6), EXIT()),
	REJECT("leak/ctx_xchg_into_map_value", -EACCES, 8, "atomic operand r6",
	       MOV64_REG(6, 1), LOOKUP(0), JMP_IMM(JEQ, 0, 0, 1),
	       ATOMIC(DW, KBPF_XCHG, 0, 6, 0), OUT),
	REJECT("leak/return_through_subprog", -EACCES, 1, "r0 is the context pointer; returning it would leak",
	       CALL_LOCAL(1), EXIT(), MOV64_REG(0, 1), EXIT()),
	REJECT("leak/cmpxchg_with_pointer_r0", -EACCES, 3, "cmpxchg compares with r0",
	       ST(DW, 10, -8, 0), MOV64_REG(0, 10), MOV64_IMM(1, 0),
	       ATOMIC(DW, KBPF_CMPXCHG, 10, 1, -8), OUT),

	/* Partial stack slot overwrite: what is left of a spilled pointer is unreadable. */
	REJECT("stack/ptr_top_byte_overwritten", -EACCES, 2, "never written (r10-8..r10-2)",
	       STX(DW, 10, 1, -8), ST(B, 10, -1, 0), LDX(DW, 0, 10, -8), EXIT()),
	REJECT("stack/ptr_broken_by_variable_store", -EACCES, 8, "never written (r10-8..r10-1)",
	       STX(DW, 10, 1, -8), ST(DW, 10, -16, 0), CALL_HELPER(5),
	       ALU64_IMM(AND, 0, 15), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16),
	       ALU64_REG(ADD, 2, 0), ST(B, 2, 0, 0), LDX(DW, 0, 10, -8), EXIT()),
	ACCEPT("stack/ptr_fully_overwritten_is_number", STX(DW, 10, 1, -8),
	       ST(DW, 10, -8, 0), LDX(DW, 0, 10, -8), EXIT()),
	REJECT("stack/misaligned_read_across_spilled_ptr", -EACCES, 2, "takes part of a spilled pointer",
	       STX(DW, 10, 1, -16), ST(DW, 10, -8, 0), LDX(DW, 0, 10, -12), EXIT()),
	ACCEPT("stack/misaligned_read_across_scalars", ST(DW, 10, -16, 1),
	       ST(DW, 10, -8, 2), LDX(DW, 0, 10, -12), EXIT()),
	REJECT("stack/variable_read_over_spilled_ptr", -EACCES, 7, "takes part of a spilled pointer",
	       STX(DW, 10, 1, -8), ST(DW, 10, -16, 0), CALL_HELPER(5),
	       ALU64_IMM(AND, 0, 15), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16),
	       ALU64_REG(ADD, 2, 0), LDX(B, 0, 2, 0), EXIT()),
	/* A helper that fills the slot replaces the pointer with data. */
	ACCEPT_T("stack/helper_overwrites_spilled_ptr", KP, STX(DW, 10, 1, -8),
		 MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8),
		 MOV64_IMM(3, 0), CALL_HELPER(4), LDX(DW, 0, 10, -8), EXIT()),

	/* A helper size that must not be 0: NULL with size 0 is refused like Linux. */
	REJECT("helper/null_buffer_size_zero", -EACCES, 2, "r1: a zero-sized buffer is not allowed here",
	       MOV64_IMM(1, 0), MOV64_IMM(2, 0), CALL_HELPER(6), EXIT()),
#undef RESERVE

	/*
	 * Unsound pruning and precision lost across spills (CVE-2023-2163:
	 * a state was pruned against one whose spilled or linked scalars had
	 * other bounds). The first path explored leaves a checkpoint that is
	 * safe; the second differs only in what the check must compare.
	 */
#define PRUNE_PAD ST(DW, 10, -8, 0), ST(DW, 10, -16, 0), JA(0), JA(0), \
	MOV64_IMM(7, 0), MOV64_IMM(7, 0)
	REJECT("prune/spilled_bounds_differ", -EACCES, 15, "unbounded range",
	       CALL_HELPER(5), MOV64_REG(6, 0), PRUNE_PAD, JMP_IMM(JGT, 6, 7, 2),
	       STX(DW, 10, 6, -24), JA(1), STX(DW, 10, 6, -24), LDX(DW, 1, 10, -24),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16), ALU64_REG(ADD, 2, 1),
	       LDX(B, 0, 2, 0), EXIT()),
	ACCEPT("prune/narrower_spill_is_covered", CALL_HELPER(5), MOV64_REG(6, 0),
	       PRUNE_PAD, JMP_IMM(JGT, 6, 7, 2), STX(DW, 10, 6, -24), JA(2),
	       ALU64_IMM(AND, 6, 3), STX(DW, 10, 6, -24), LDX(DW, 1, 10, -24),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16), ALU64_REG(ADD, 2, 1),
	       LDX(B, 0, 2, 0), EXIT()),
	REJECT("prune/register_type_differs", -EACCES, 13, "r1 is a number, not a pointer",
	       CALL_HELPER(5), MOV64_REG(6, 0), PRUNE_PAD, JMP_IMM(JGT, 6, 7, 3),
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), JA(1), MOV64_IMM(1, 5),
	       LDX(DW, 0, 1, 0), EXIT()),
	REJECT("prune/stack_offset_differs", -EACCES, 14, "reads stack bytes never written (r10-24..r10-17)",
	       CALL_HELPER(5), MOV64_REG(6, 0), PRUNE_PAD, JMP_IMM(JGT, 6, 7, 3),
	       MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), JA(2), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -24), LDX(DW, 0, 1, 0), EXIT()),
	/* r8 is linked to r6 on the first path, to r7 on the second. */
	REJECT("prune/linked_scalars_must_correspond", -EACCES, 15, "unbounded range",
	       CALL_HELPER(5), MOV64_REG(6, 0), CALL_HELPER(5), MOV64_REG(7, 0),
	       CALL_HELPER(5), ST(DW, 10, -8, 0), ST(DW, 10, -16, 0), JA(0),
	       JMP_IMM(JGT, 0, 100, 2), MOV64_REG(8, 6), JA(1), MOV64_REG(8, 7),
	       JMP_IMM(JGT, 8, 7, 4), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16),
	       ALU64_REG(ADD, 2, 6), LDX(B, 0, 2, 0), EXIT()),
	REJECT("prune/reference_held_on_one_path", -EINVAL, 18, "memory reserved at insn 14",
	       CALL_HELPER(5), MOV64_REG(6, 0), ST(DW, 10, -8, 0), JA(0), JA(0),
	       MOV64_IMM(7, 0), MOV64_IMM(7, 0), JMP_IMM(JGT, 6, 7, 2),
	       MOV64_IMM(0, 0), JA(8), LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), JMP_IMM(JEQ, 0, 0, 1), MOV64_REG(9, 0),
	       MOV64_IMM(0, 0), EXIT()),
	/* The first path proves 14 packet bytes, the second 4. */
	REJECT("prune/packet_range_smaller", -EACCES, 12, "packet access of 1 bytes at offset 10 is beyond the 4 bytes proved present",
	       LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), LDX(W, 5, 1, 0), MOV64_REG(4, 2),
	       JMP_IMM(JGT, 5, 100, 4), ALU64_IMM(ADD, 4, 14), JMP_REG(JGT, 4, 3, 7),
	       JA(0), JA(3), ALU64_IMM(ADD, 4, 4), JMP_REG(JGT, 4, 3, 3), JA(0),
	       LDX(B, 0, 2, 10), EXIT(), MOV64_IMM(0, 0), EXIT()),
#undef PRUNE_PAD

	/* Packet range after pointer arithmetic: the proof moves with the pointer. */
#define PKT14 LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), MOV64_REG(4, 2), \
	ALU64_IMM(ADD, 4, 14), MOV64_IMM(0, 0)
	ACCEPT("pkt/const_add_after_check", PKT14, JMP_REG(JGT, 4, 3, 2),
	       ALU64_IMM(ADD, 2, 10), LDX(B, 0, 2, 3), EXIT()),
	REJECT("pkt/const_add_after_check_past", -EACCES, 7, "packet access of 2 bytes at offset 13 is beyond the 14 bytes proved present",
	       PKT14, JMP_REG(JGT, 4, 3, 2), ALU64_IMM(ADD, 2, 10), LDX(H, 0, 2, 3),
	       EXIT()),
	REJECT("pkt/moved_below_start", -EACCES, 7, "packet access of 1 bytes at offset -1",
	       PKT14, JMP_REG(JGT, 4, 3, 2), ALU64_IMM(ADD, 2, -1), LDX(B, 0, 2, 0),
	       EXIT()),
	ACCEPT("pkt/var_add_then_own_check", LDX(W, 2, 1, 76), LDX(W, 3, 1, 80),
	       LDX(W, 5, 1, 0), ALU64_IMM(AND, 5, 255), ALU64_REG(ADD, 2, 5),
	       MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 4), MOV64_IMM(0, 0),
	       JMP_REG(JGT, 4, 3, 1), LDX(W, 0, 2, 0), EXIT()),
	REJECT("pkt/var_sub", -EACCES, 3, "may be negative or above 65535",
	       LDX(W, 2, 1, 76), LDX(W, 5, 1, 0), ALU64_IMM(AND, 5, 255),
	       ALU64_REG(SUB, 2, 5), OUT),
	REJECT("pkt/var_add_above_65535", -EACCES, 3, "may be negative or above 65535",
	       LDX(W, 2, 1, 76), LDX(W, 5, 1, 0), ALU64_IMM(AND, 5, 0x1ffff),
	       ALU64_REG(ADD, 2, 5), OUT),
	REJECT("pkt/length_as_offset_unbounded", -EACCES, 4, "unbounded range",
	       LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), MOV64_REG(5, 3), ALU64_REG(SUB, 5, 2),
	       ALU64_REG(ADD, 2, 5), OUT),
	ACCEPT("pkt/jge_check", PKT14, JMP_REG(JGE, 4, 3, 1), LDX(B, 0, 2, 13), EXIT()),
	REJECT("pkt/jeq_end_proves_nothing", -EACCES, 6, "beyond the 0 bytes proved present",
	       PKT14, JMP_REG(JEQ, 4, 3, 1), LDX(B, 0, 2, 0), EXIT()),
	REJECT("pkt/signed_compare_proves_nothing", -EACCES, 6, "beyond the 0 bytes proved present",
	       PKT14, JMP_REG(JSGT, 4, 3, 1), LDX(B, 0, 2, 0), EXIT()),
	ACCEPT("pkt/range_kept_through_spill", PKT14, JMP_REG(JGT, 4, 3, 3),
	       STX(DW, 10, 2, -8), LDX(DW, 5, 10, -8), LDX(B, 0, 5, 13), EXIT()),
	ACCEPT("pkt/end_on_left_jge", PKT14, JMP_REG(JGE, 3, 4, 1), EXIT(),
	       LDX(B, 0, 2, 13), EXIT()),
	REJECT("pkt/end_on_left_wrong_side", -EACCES, 6, "beyond the 0 bytes proved present",
	       PKT14, JMP_REG(JGE, 3, 4, 2), LDX(B, 0, 2, 0), EXIT(), EXIT()),
	REJECT("pkt/jmp32_compare_with_end", -EACCES, 2, "comparison of r2",
	       LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), JMP32_REG(JGT, 2, 3, 0), OUT),
	REJECT("pkt/as_helper_memory_past_range", -EACCES, 8, "beyond the 4 bytes proved present",
	       LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), MOV64_REG(4, 2), ALU64_IMM(ADD, 4, 4),
	       MOV64_IMM(0, 0), JMP_REG(JGT, 4, 3, 3), MOV64_REG(1, 2), MOV64_IMM(2, 8),
	       CALL_HELPER(6), EXIT()),
	REJECT("pkt/atomic_on_packet", -EACCES, 7, "only the stack and map values allow them",
	       PKT14, JMP_REG(JGT, 4, 3, 2), MOV64_IMM(5, 1),
	       ATOMIC(W, KBPF_ADD, 2, 5, 0), EXIT()),
#undef PKT14

	/* Impossible states from dead branches: a side that cannot happen is not explored. */
	ACCEPT("dead/range_contradiction", CALL_HELPER(5), JMP_IMM(JGT, 0, 10, 3),
	       JMP_IMM(JLT, 0, 20, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("dead/nonnegative_not_above_s64_max", CALL_HELPER(5),
	       JMP_IMM(JSLT, 0, 0, 4), LD_IMM64(1, 0x7fffffffffffffffULL),
	       JMP_REG(JLE, 0, 1, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("dead/jmp32_ignores_upper_half", LD_IMM64(1, 0x500000003ULL),
	       JMP32_IMM(JEQ, 1, 3, 1), MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("dead/jset_clear_bit_learned", CALL_HELPER(5), ALU64_IMM(AND, 0, 3),
	       JMP_IMM(JSET, 0, 1, 3), JMP_IMM(JEQ, 0, 1, 1), JA(1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("dead/jset_bit_possible", -EACCES, 4, "r9 is read but was never written",
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 6), JMP_IMM(JSET, 0, 2, 1), JA(1),
	       MOV64_REG(0, 9), MOV64_IMM(0, 0), EXIT()),
	/* 0..1 and not 0 is 1: "!= 1" is dead. */
	ACCEPT("dead/jne_moves_bound", CALL_HELPER(5), ALU64_IMM(AND, 0, 1),
	       JMP_IMM(JEQ, 0, 0, 3), JMP_IMM(JNE, 0, 1, 1), JA(1), MOV64_REG(0, 9),
	       MOV64_IMM(0, 0), EXIT()),
	ACCEPT("bounds/jeq_reg_learns_constant", V48, MOV64_IMM(2, 40),
	       JMP_REG(JNE, 1, 2, 3), R1IDX(7), OUT),
	REJECT("bounds/jne_reg_other_side_unbounded", -EACCES, 13, "unbounded range",
	       V48, MOV64_IMM(2, 40), JMP_REG(JEQ, 1, 2, 3), R1IDX(7), OUT),

	/* Off by one at the end of the context. */
	REJECT("ctx/skb_cb_write_straddles_end", -EACCES, 0, "socket filters may write only cb",
	       ST(DW, 1, 64, 0), OUT),
	ACCEPT("ctx/skb_cb_last_word", ST(W, 1, 64, 1), LDX(W, 0, 1, 64), EXIT()),
	REJECT("ctx/skb_cb_misaligned_wide", -EACCES, 0, "must be aligned to their size",
	       LDX(DW, 0, 1, 52), EXIT()),
	ACCEPT_T("ctx/tracepoint_last_byte", TP, LDX(B, 0, 1, 2047), EXIT()),
	ACCEPT_T("ctx/raw_tp_last_word", RAW, LDX(W, 0, 1, 92), EXIT()),
	REJECT_T("ctx/kprobe_misaligned", KP, -EACCES, 0, "must be aligned to their size",
		 LDX(DW, 0, 1, 4), EXIT()),
	REJECT("ctx/variable_offset", -EACCES, 4, "modified context pointer",
	       MOV64_REG(6, 1), CALL_HELPER(5), ALU64_IMM(AND, 0, 4),
	       ALU64_REG(ADD, 6, 0), LDX(W, 0, 6, 0), EXIT()),
	REJECT("ctx/as_helper_memory", -EACCES, 1, "the context may not be passed as helper memory",
	       MOV64_IMM(2, 8), CALL_HELPER(6), EXIT()),

	/* Helper memory: exactly the key, value or buffer size, written where read. */
	REJECT("helper/key_partly_written", -EACCES, 5, "never written (r10-2..r10-1)",
	       ST(H, 10, -4, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4), LD_MAP(1, 0),
	       CALL_HELPER(1), OUT),
	ACCEPT("helper/key_exactly_key_size", ST(W, 10, -4, 0), MOV64_REG(2, 10),
	       ALU64_IMM(ADD, 2, -4), LD_MAP(1, 0), CALL_HELPER(1), OUT),
	REJECT("helper/update_value_partly_written", -EACCES, 9, "never written (r10-12..r10-9)",
	       ST(W, 10, -4, 0), ST(W, 10, -16, 0), LD_MAP(1, 0), MOV64_REG(2, 10),
	       ALU64_IMM(ADD, 2, -4), MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -16),
	       MOV64_IMM(4, 0), CALL_HELPER(2), OUT),
	ACCEPT("helper/map_value_as_key", LOOKUP(1), JMP_IMM(JEQ, 0, 0, 5),
	       MOV64_REG(2, 0), ALU64_IMM(ADD, 2, 44), LD_MAP(1, 0), CALL_HELPER(1),
	       OUT),
	REJECT("helper/map_value_as_key_past_end", -EACCES, 11, "map value access out of bounds: 4 bytes at offset 45 of a 48-byte map value",
	       LOOKUP(1), JMP_IMM(JEQ, 0, 0, 5), MOV64_REG(2, 0), ALU64_IMM(ADD, 2, 45),
	       LD_MAP(1, 0), CALL_HELPER(1), OUT),
	REJECT_T("helper/probe_read_into_readonly_map", KP, -EACCES, 4, "write into map 2, which is read-only",
		 LD_MAP_VALUE(1, 2, 0), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
		 CALL_HELPER(4), OUT),
	REJECT("helper/printk_from_writeonly_map", -EACCES, 3, "read from map 4, which is write-only",
	       LD_MAP_VALUE(1, 4, 0), MOV64_IMM(2, 8), CALL_HELPER(6), EXIT()),
	REJECT("helper/size_is_pointer", -EACCES, 4, "r2 (size argument of trace_printk) is",
	       ST(DW, 10, -8, 0), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8),
	       MOV64_REG(2, 10), CALL_HELPER(6), EXIT()),

	/* Subprogram frames. */
	ACCEPT("call/return_caller_stack_pointer", ST(DW, 10, -8, 7), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), CALL_LOCAL(2), LDX(DW, 0, 0, 0), EXIT(),
	       MOV64_REG(0, 1), EXIT()),
	REJECT("call/callee_reads_past_caller_frame", -EACCES, 5, "outside the 512-byte stack",
	       ST(DW, 10, -8, 7), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8),
	       CALL_LOCAL(1), EXIT(), LDX(DW, 0, 1, 8), EXIT()),
	ACCEPT("call/callee_spills_ctx_into_caller", MOV64_REG(2, 1), MOV64_REG(1, 10),
	       ALU64_IMM(ADD, 1, -8), CALL_LOCAL(3), LDX(DW, 1, 10, -8),
	       LDX(W, 0, 1, 0), EXIT(), STX(DW, 1, 2, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("call/callee_has_own_r6", -EACCES, 3, "r6 is read but was never written",
	       MOV64_IMM(6, 1), CALL_LOCAL(1), EXIT(), MOV64_REG(0, 6), EXIT()),
	REJECT("flow/subprog_jumps_into_main", -EINVAL, 3, "leaves the subprogram",
	       CALL_LOCAL(2), MOV64_IMM(0, 0), EXIT(), JA(-3), EXIT()),

	/* Loops whose body indexes a buffer: the bound must hold on the last trip. */
	ACCEPT("loop/index_stays_in_buffer", ST(DW, 10, -16, 0), ST(DW, 10, -8, 0),
	       MOV64_IMM(1, 0), MOV64_IMM(0, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16),
	       ALU64_REG(ADD, 2, 1), LDX(B, 3, 2, 0), ALU64_REG(ADD, 0, 3),
	       ALU64_IMM(ADD, 1, 1), JMP_IMM(JLT, 1, 16, -7), EXIT()),
	REJECT("loop/inclusive_bound_one_past", -EACCES, 7, "outside the 512-byte stack",
	       ST(DW, 10, -16, 0), ST(DW, 10, -8, 0),
	       MOV64_IMM(1, 0), MOV64_IMM(0, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16),
	       ALU64_REG(ADD, 2, 1), LDX(B, 3, 2, 0), ALU64_REG(ADD, 0, 3),
	       ALU64_IMM(ADD, 1, 1), JMP_IMM(JLE, 1, 16, -7), EXIT()),
	ACCEPT("loop/nested_bounded", MOV64_IMM(0, 0), MOV64_IMM(1, 0), MOV64_IMM(2, 0),
	       ALU64_IMM(ADD, 0, 1), ALU64_IMM(ADD, 2, 1), JMP_IMM(JLT, 2, 4, -3),
	       ALU64_IMM(ADD, 1, 1), JMP_IMM(JLT, 1, 5, -6), EXIT()),

	/* Stack bytes: written exactly where read; variable writes initialize nothing. */
	REJECT("stack/read_one_byte_below_written", -EACCES, 1, "never written (r10-9..r10-9)",
	       ST(DW, 10, -8, 0), LDX(B, 0, 10, -9), EXIT()),
	ACCEPT("stack/variable_write_into_written_bytes", ST(DW, 10, -16, 0),
	       ST(DW, 10, -8, 0), CALL_HELPER(5), ALU64_IMM(AND, 0, 15),
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16), ALU64_REG(ADD, 2, 0),
	       ST(B, 2, 0, 1), LDX(DW, 0, 10, -16), EXIT()),
	REJECT("stack/variable_write_initializes_nothing", -EACCES, 6, "never written",
	       CALL_HELPER(5), ALU64_IMM(AND, 0, 7), MOV64_REG(2, 10),
	       ALU64_IMM(ADD, 2, -8), ALU64_REG(ADD, 2, 0), ST(B, 2, 0, 1),
	       LDX(B, 0, 10, -8), EXIT()),
	ACCEPT("stack/spill_keeps_pointer_offset", MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -16),
	       STX(DW, 10, 2, -8), ST(DW, 10, -16, 3), LDX(DW, 3, 10, -8),
	       LDX(DW, 0, 3, 0), EXIT()),

	/* Atomics: only on numbers, inside the memory, never on a spilled pointer. */
	REJECT("atomic/on_readonly_map", -EACCES, 3, "write into map 2, which is read-only",
	       LD_MAP_VALUE(1, 2, 0), MOV64_IMM(2, 1), ATOMIC(W, KBPF_ADD, 1, 2, 0), OUT),
	REJECT("atomic/past_map_value_end", -EACCES, 8, "4 bytes at offset 8 of a 8-byte map value",
	       LOOKUP(0), JMP_IMM(JEQ, 0, 0, 2), MOV64_IMM(1, 1),
	       ATOMIC(W, KBPF_ADD, 0, 1, 8), OUT),
	ACCEPT("atomic/fetch_result_is_number", LOOKUP(0), JMP_IMM(JEQ, 0, 0, 3),
	       MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD | KBPF_FETCH, 0, 1, 0),
	       MOV64_REG(0, 1), EXIT()),
	REJECT("atomic/on_spilled_pointer", -EACCES, 2, "takes part of a spilled pointer",
	       STX(DW, 10, 1, -8), MOV64_IMM(2, 1), ATOMIC(DW, KBPF_ADD, 10, 2, -8), OUT),

	ACCEPT_T("tail/index_unknown", KP, MOV64_REG(6, 1), CALL_HELPER(5),
		 MOV64_REG(3, 0), MOV64_REG(1, 6), LD_MAP(2, 5), CALL_HELPER(12), OUT),

	/*
	 * Messages no case produced before tests/unit/messages_test.c
	 * checked the catalogue against the sources.
	 */
	REJECT("structure/swap_reserved_src", -EINVAL, 1, "reserved fields of a byte swap must be zero",
	       MOV64_IMM(0, 0), INSN(KBPF_ALU | KBPF_END | KBPF_TO_BE, 0, 1, 0, 16), EXIT()),
	REJECT("flow/call_into_lddw", -EINVAL, 0, "call into the middle of lddw at 1",
	       CALL_LOCAL(1), LD_IMM64(0, 1), EXIT()),
	REJECT_STRUCTURE("structure_mode/ld_abs", -EOPNOTSUPP, 1,
			 "legacy packet loads need the full verifier (r6 must be the context)",
			 MOV64_REG(6, 1), INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0), EXIT()),
	REJECT_STRUCTURE("structure_mode/func_lddw", -EOPNOTSUPP, 0,
			 "lddw of a function address (source 4) needs the full verifier",
			 LD_FUNC(2, 2), MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT_STRUCTURE("structure_mode/map_lddw", -EOPNOTSUPP, 0,
			 "lddw source 5 refers to a map; maps need the full verifier",
			 LD_MAP(1, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT_STRUCTURE("structure_mode/loop_call", -EOPNOTSUPP, 4,
			 "loop needs the full verifier (its callback must be proved a function)",
			 MOV64_IMM(1, 1), MOV64_IMM(2, 0), MOV64_IMM(3, 0), MOV64_IMM(4, 0),
			 CALL_HELPER(181), EXIT()),
	REJECT_STRUCTURE("structure_mode/unknown_helper", -EINVAL, 0, "unknown helper -1",
			 CALL_HELPER(-1), EXIT()),
	REJECT_T("ctx/tracepoint_write", TP, -EACCES, 0,
		 "invalid context write: offset 8 size 4; a tracepoint record is read-only",
		 ST(W, 1, 8, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("ptr/constant_past_max_offset", -EACCES, 1,
	       "pointer arithmetic on r2 with 1073741824 leaves the range a pointer may move",
	       MOV64_REG(2, 10), ALU64_IMM(ADD, 2, 0x40000000), MOV64_IMM(0, 0), EXIT()),
	REJECT("stack/pointer_at_variable_offset", -EACCES, 5,
	       "store of a pointer at a variable stack offset",
	       LDX(W, 2, 1, 0), ALU64_IMM(AND, 2, 8), MOV64_REG(3, 10),
	       ALU64_IMM(ADD, 3, -16), ALU64_REG(ADD, 3, 2), STX(DW, 3, 1, 0),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("init/store_of_unwritten_register", -EACCES, 0, "r5 is stored but was never written",
	       STX(DW, 10, 5, -8), MOV64_IMM(0, 0), EXIT()),
	REJECT("helper/const_str_on_stack", -EACCES, 6,
	       "r3 (string argument of strncmp) must point into a read-only, frozen map at a constant offset",
	       ST(DW, 10, -8, 0), MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8),
	       MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -8), CALL_HELPER(182), MOV64_IMM(0, 0),
	       EXIT()),
	/* "%q" at offset 10 of the frozen format map. */
	REJECT("printk/format_invalid", -EINVAL, 3, "format string of trace_printk is invalid at offset",
	       LD_MAP_VALUE(1, 6, 10), MOV64_IMM(2, 3), CALL_HELPER(6), MOV64_IMM(0, 0), EXIT()),
	/* Every iteration reserves a record and keeps it: the 17th is one too many. */
	REJECT("ref/more_than_16_held", -E2BIG, 5, "more than 16 references held at once",
	       MOV64_IMM(6, 0), LD_MAP(1, 3), MOV64_IMM(2, 8), MOV64_IMM(3, 0),
	       CALL_HELPER(131), ALU64_IMM(ADD, 6, 1), JMP_IMM(JLT, 6, 20, -7),
	       MOV64_IMM(0, 0), EXIT()),
	/* Each iteration leaves the other side of a branch waiting. */
	REJECT("limits/branches_waiting", -E2BIG, 2, "more than 8192 branches wait to be explored",
	       MOV64_IMM(6, 0), LDX(W, 2, 1, 4), JMP_IMM(JGT, 2, 5, 1), MOV64_IMM(2, 0),
	       ALU64_IMM(ADD, 6, 1), JMP_IMM(JLT, 6, 10000, -5), MOV64_IMM(0, 0), EXIT()),
	/*
	 * Twenty diamonds, each adding its own bit to r6 or not: 2^20 paths
	 * that differ in r6, which the last branch makes precise.
	 */
#define DIAMOND(k)	JMP_IMM(JSET, 7, 1 << (k), 1), ALU64_IMM(ADD, 6, 1 << (k))
	REJECT_SLOW("limits/paths_without_loop", -E2BIG, 38, "instructions explored without finishing, over",
		    LDX(W, 7, 1, 0), MOV64_IMM(6, 0),
		    DIAMOND(0), DIAMOND(1), DIAMOND(2), DIAMOND(3), DIAMOND(4),
		    DIAMOND(5), DIAMOND(6), DIAMOND(7), DIAMOND(8), DIAMOND(9),
		    DIAMOND(10), DIAMOND(11), DIAMOND(12), DIAMOND(13), DIAMOND(14),
		    DIAMOND(15), DIAMOND(16), DIAMOND(17), DIAMOND(18), DIAMOND(19),
		    JMP_IMM(JEQ, 6, 12345, 1), MOV64_IMM(0, 0), MOV64_IMM(0, 0), EXIT()),
#undef DIAMOND
#undef V48
#undef R1IDX
#undef OUT
};

#endif /* _KBPF_TESTS_VERIFIER_CASES_H */
