/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the verifier: abstract register and stack state, and the
 * functions the files of verifier/ share. Nothing here is used outside
 * verifier/; the interface is verifier.h.
 */
#ifndef _KBPF_VERIFIER_INTERNAL_H
#define _KBPF_VERIFIER_INTERNAL_H

#include "verifier.h"
#include "../vm/opcodes.h"
#include "../maps/maps.h"

#ifndef U32_MAX
#define U32_MAX		((u32)~0U)
#endif
#ifndef S32_MAX
#define S32_MAX		((s32)(U32_MAX >> 1))
#endif
#ifndef U64_MAX
#define U64_MAX		((u64)~0ULL)
#endif
#ifndef S64_MAX
#define S64_MAX		((s64)(U64_MAX >> 1))
#endif

/* Map flags as Linux's BPF_F_RDONLY_PROG and BPF_F_WRONLY_PROG. */
#ifndef KBPF_F_RDONLY_PROG
#define KBPF_F_RDONLY_PROG	(1U << 7)
#endif
#ifndef KBPF_F_WRONLY_PROG
#define KBPF_F_WRONLY_PROG	(1U << 8)
#endif

#define KBPF_MAX_INSNS_PROCESSED	1000000
#define KBPF_MAX_REFS			16
/* Largest variable part of a pointer offset, as Linux's BPF_MAX_VAR_OFF. */
#define KBPF_MAX_VAR_OFF		(1 << 29)
#define KBPF_MAX_PACKET_OFF		0xffff

/* A value whose bits are partly known: @mask bits are unknown. */
struct tnum {
	u64 value;
	u64 mask;
};

struct tnum tnum_const(u64 v);
struct tnum tnum_unknown(void);
struct tnum tnum_range(u64 min, u64 max);
struct tnum tnum_add(struct tnum a, struct tnum b);
struct tnum tnum_sub(struct tnum a, struct tnum b);
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);
struct tnum tnum_mul(struct tnum a, struct tnum b);
struct tnum tnum_lshift(struct tnum a, u8 k);
struct tnum tnum_rshift(struct tnum a, u8 k);
struct tnum tnum_arshift(struct tnum a, u8 k, u8 width);
struct tnum tnum_intersect(struct tnum a, struct tnum b);
struct tnum tnum_low32(struct tnum a);
bool tnum_is_const(struct tnum a);
bool tnum_conflict(struct tnum a, struct tnum b);
bool tnum_in(struct tnum outer, struct tnum inner);

enum vreg_type {
	NOT_INIT = 0,
	SCALAR,
	PTR_TO_CTX,
	PTR_TO_STACK,
	CONST_PTR_TO_MAP,
	PTR_TO_MAP_VALUE,
	PTR_TO_MAP_VALUE_OR_NULL,
	PTR_TO_PACKET,
	PTR_TO_PACKET_END,
	PTR_TO_MEM,
	PTR_TO_MEM_OR_NULL,
	PTR_TO_FUNC,		/* a callback: aux subprogram, frameno loader */
};

/*
 * One register. For a scalar, @var and the bounds describe its value; for
 * a pointer they describe the variable part of its offset, and @off is the
 * fixed part. The 64- and 32-bit bounds and @var are kept consistent by
 * scalar_sync().
 */
struct vreg {
	u8 type;		/* enum vreg_type */
	u8 frameno;		/* PTR_TO_STACK: whose stack */
	u16 pad;
	s32 off;
	u32 id;			/* nullable copies; packet offset group */
	u32 ref_id;		/* acquired reference it belongs to */
	u32 aux;		/* map index, packet range or memory size */
	u32 origin;		/* instruction that produced a nullable ptr */
	struct tnum var;
	s64 smin, smax;
	u64 umin, umax;
	s32 s32min, s32max;
	u32 u32min, u32max;
};

/* Stack bytes, one kind per byte. */
enum {
	STACK_INVALID = 0,	/* never written */
	STACK_MISC,		/* some scalar bytes */
	STACK_ZERO,		/* known zero */
	STACK_SPILL,		/* part of a register spill */
};

/*
 * A spill is the slot's first 1, 2, 4 or 8 bytes (from its 8-byte
 * aligned, lowest address) marked STACK_SPILL, never others: a pointer
 * always all 8, a narrower store only of a number that fits in it.
 */
struct stack_slot {
	u8 kind[8];		/* kind[i]: byte at slot offset i */
	struct vreg spill;	/* valid when kind[0] is STACK_SPILL */
};

/* How many bytes the slot's spill covers, 0 without one. */
static inline u32 spill_bytes(const struct stack_slot *s)
{
	u32 n = 0;

	while (n < 8 && s->kind[n] == STACK_SPILL)
		n++;
	return n;
}

struct vframe {
	struct vreg regs[KBPF_REG_COUNT];
	u32 callsite;		/* the call that made this frame, or ~0 */
	u32 subprog;
	/* A bpf_loop callback: it returns into its callsite, run again. */
	bool callback;
	u32 gen;		/* which call made it: 0 main, else an id */
	u32 nslots;
	u32 cap;		/* slots allocated */
	/* slots[i] covers fp-8*(i+1) .. fp-8*i-1. */
	struct stack_slot *slots;
	struct vframe *next_free;
};

struct vstate {
	struct vframe *frame[KBPF_MAX_CALL_FRAMES];
	u32 curframe;
	u32 insn;
	u32 nrefs;
	u32 refs[KBPF_MAX_REFS];
	u32 ref_insn[KBPF_MAX_REFS];
	/* Exploration bookkeeping (see explore.c). */
	struct vstate *parent;
	struct vstate *next;
	u32 branches;
	u32 hash;		/* of the innermost frame's registers */
	bool loop_back;		/* at a bpf_loop call, back from its callback */
	u64 log_pos;
};

struct subprog {
	u32 start;
	u32 end;		/* one past the last instruction */
	u32 stack_depth;	/* this frame, bytes */
	u32 depth;		/* longest call chain below, in frames */
	u32 chain_stack;	/* deepest stack below, plus one; 0: unknown */
	u8 state;		/* call-graph walk: 0 new, 1 open, 2 done */
};

#define CALL_MAP_MANY		U32_MAX

#define INSN_LDDW_TAIL		0x01	/* second half of an lddw */
#define INSN_SUBPROG_START	0x02
#define INSN_REACHED		0x04
#define INSN_PRUNE_POINT	0x08
#define INSN_CTX_PKT		0x10	/* loads __sk_buff data or data_end */
#define INSN_NOT_CTX		0x20	/* accesses memory other than the context */
#define INSN_LOOP_CALL		0x40	/* calls bpf_loop: a loop head */
/*
 * trace_printk calls: 3 minus the fewest leading r3-r5 written on any
 * path, so the engines are given only arguments every path wrote.
 */
#define INSN_PRINTK_SHIFT	8
#define INSN_PRINTK_UNSET	(0x3 << INSN_PRINTK_SHIFT)

struct checker {
	struct kbpf_prog *prog;
	const struct kbpf_verify_opts *opts;
	struct kbpf_log *log;
	struct kbpf_verify_result *res;
	u16 *flags;
	/*
	 * Full: per helper call to map_lookup_elem, the map it was given
	 * on every path, as map index + 1; 0 never reached, CALL_MAP_MANY
	 * more than one (kbpf_inline_lookups).
	 */
	u32 *call_map;
	u16 *live;		/* full: registers read before written, per insn */
	u16 *precise;		/* live registers whose value matters, per insn */
	u64 *precise_slots;	/* stack slots whose value matters, per insn */
	struct subprog *subprogs;
	u32 nr_subprogs;
	/* Full verifier. */
	struct vstate *cur;
	struct vstate *stack;		/* branches still to explore */
	struct vstate **explored;	/* checkpoints per instruction */
	u16 *nr_explored;
	u32 next_id;
	u64 processed;
	/* Freed states and frames, reused: allocation is slow in debug kernels. */
	struct vstate *free_states;
	struct vframe *free_frames;
	u32 nr_states, peak_states, total_states;
	u32 since_cp_insns, since_cp_jmps;
	u32 last_backedge, last_backedge_from;	/* last jump back: to, from + 1 */
	u64 paths_done;
	u32 states_pruned;
	/* The source line last printed on this path, if the program has any. */
	const struct kbpf_line_info *last_linfo;
	u64 state_bytes;		/* held by states, frames and slots */
};

static inline bool is_lddw(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW);
}

static inline bool is_pseudo_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) &&
	       insn->src_reg == KBPF_PSEUDO_CALL;
}

static inline bool is_pseudo_func(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
	       insn->src_reg == KBPF_PSEUDO_FUNC;
}

static inline bool is_loop_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) && !insn->src_reg &&
	       insn->imm == KBPF_FUNC_loop;
}

static inline bool is_ptr(const struct vreg *r)
{
	return r->type > SCALAR;
}

/* check.c */
__printf(4, 5) int kbpf_reject(struct checker *c, u32 idx, int err,
			       const char *fmt, ...);
u32 kbpf_subprog_at(const struct checker *c, u32 insn_idx);
bool kbpf_jump_target(const struct kbpf_insn *insn, u32 idx, s64 *target);
bool kbpf_falls_through(const struct kbpf_insn *insn);

/* bounds.c */
void scalar_set_const(struct vreg *r, u64 v);
void scalar_set_unknown(struct vreg *r);
void scalar_set_range(struct vreg *r, u64 umin, u64 umax);
void scalar_set_srange(struct vreg *r, s64 smin, s64 smax);
void scalar_zext32(struct vreg *r);
void scalar_sext32(struct vreg *r);
bool scalar_sync(struct vreg *r);
bool scalar_is_const(const struct vreg *r);
void scalar_alu(struct vreg *dst, const struct vreg *src, u8 op, bool is64,
		bool sdiv);
void scalar_movsx(struct vreg *r, u8 bits, bool is64);
void scalar_endian(struct vreg *r, u8 code, u32 width);
void scalar_add(struct vreg *dst, const struct vreg *src);
bool scalar_refine(struct vreg *a, struct vreg *b, u8 op, bool is32);
bool scalar_in(const struct vreg *outer, const struct vreg *inner);

/* state.c */
struct vstate *state_alloc(struct checker *c);
struct vstate *state_clone(struct checker *c, const struct vstate *src);
void state_free(struct checker *c, struct vstate *st);
struct vframe *frame_alloc(struct checker *c);
void frame_free(struct checker *c, struct vframe *f);
void state_cache_drain(struct checker *c);
int frame_grow_stack(struct vframe *f, u32 nslots);
void reg_mark_not_init(struct vreg *r);
void reg_mark_ptr(struct vreg *r, u8 type);
bool state_subsumes(struct checker *c, const struct vstate *old,
		    const struct vstate *cur);
bool state_identical(const struct vstate *a, const struct vstate *b);
bool state_same_frames(const struct vstate *a, const struct vstate *b);
void state_widen(struct vstate *cur, const struct vstate *old);
u32 state_hash(const struct vstate *st);
void state_log(struct checker *c, const struct vstate *st);
const char *reg_type_name(u8 type);
int reg_describe(char *buf, size_t size, const struct vreg *r);

/* mem.c */
int check_mem(struct checker *c, u32 idx);
int check_mem_region(struct checker *c, u32 idx, u32 regno, u32 size,
		     bool write, bool zero_ok, const char *what);
void stack_mark_written(struct checker *c, const struct vreg *ptr, s64 lo,
			s64 hi);
int check_fmt_words(struct checker *c, u32 idx, u32 regno, u32 words,
		    u32 addr_mask);

/* ctx.c */
int kbpf_ctx_access(struct checker *c, u32 idx, s32 off, u32 size,
		    bool write, u8 *type);

/* calls.c */
int check_helper_call(struct checker *c, u32 idx);
int check_ld_pkt(struct checker *c, u32 idx);
int check_local_call(struct checker *c, u32 idx, u32 *next);
int check_loop_call(struct checker *c, u32 idx, u32 *next);
void release_ref(struct vstate *st, u32 ref);
int check_exit(struct checker *c, u32 idx, u32 *next, bool *done);

/* liveness.c */
int kbpf_liveness(struct checker *c);
void kbpf_reg_use(const struct checker *c, u32 idx, u16 *rd, u16 *wr);

/* log.c */
u64 kbpf_log_pos(const struct kbpf_log *log);
void kbpf_log_reset(struct kbpf_log *log, u64 pos);

/* linfo.c */
void kbpf_log_linfo(struct checker *c, u32 idx);

/* explore.c */
int kbpf_explore(struct checker *c);
struct vreg *cur_regs(struct checker *c);
int push_branch(struct checker *c, struct vstate *st);
u32 new_id(struct checker *c);

/* fixup.c */
int kbpf_fixup_maps(struct checker *c);
void kbpf_fixup_ctx(struct checker *c);
void kbpf_fixup_printk(struct checker *c);
int kbpf_inline_lookups(struct checker *c);

/* patch.c */
int kbpf_patch_insns(struct checker *c, u32 at, const struct kbpf_insn *patch,
		     u32 n);

#endif /* _KBPF_VERIFIER_INTERNAL_H */
