// SPDX-License-Identifier: GPL-2.0-only
/*
 * Register liveness and value sensitivity, static dataflow over each
 * subprogram's instructions with a worklist (every set only grows, so the
 * work is linear in the program times the set size).
 *
 * Liveness: for each instruction, the registers some path from it reads
 * before writing. State pruning compares only those, so a dead register
 * holding a different value does not stop a state from being recognised
 * as already verified.
 *
 * Sensitivity (precision): of the live scalars, those whose value may
 * still decide something: a branch, a memory access, a helper argument, a
 * pointer offset, a subprogram's argument or result. A scalar that only
 * flows into other scalars, or into memory that is never read back where
 * its value matters, is imprecise: pruning accepts any scalar in its place
 * (Documentation/verifier.md, "Precision").
 */
#include "internal.h"

#define REGS_ARGS	0x3e	/* r1-r5 */
#define REGS_CALL_WR	0x3f	/* r0-r5 */
#define SENS_MEM	(1U << 15)	/* memory read through a pointer */

/*
 * Registers a call reads: a helper's declared arguments, else r1-r5;
 * trace_printk's checks also read r3-r5, the values its format prints.
 */
static u16 helper_args(const struct checker *c, const struct kbpf_insn *insn)
{
	const struct kbpf_helper_proto *p;
	u16 rd = 0;
	u32 i;

	if (insn->src_reg == KBPF_PSEUDO_CALL || !c->opts->helper_proto)
		return REGS_ARGS;
	p = c->opts->helper_proto(insn->imm, c->prog->type);
	if (!p)
		return REGS_ARGS;
	for (i = 0; i < KBPF_HELPER_MAX_ARGS && p->args[i]; i++)
		rd |= 1U << (i + 1);
	/*
	 * trace_printk may print r3-r5: which of them are written must
	 * survive pruning, for kbpf_fixup_printk.
	 */
	if (insn->imm == KBPF_FUNC_trace_printk)
		rd |= REGS_ARGS;
	return rd;
}

void kbpf_reg_use(const struct checker *c, u32 idx, u16 *rd, u16 *wr)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	u8 cls = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);
	u16 dst = 1U << insn->dst_reg, src = 1U << insn->src_reg;

	*rd = 0;
	*wr = 0;
	switch (cls) {
	case KBPF_ALU:
	case KBPF_ALU64:
		*rd = op == KBPF_MOV ? 0 : dst;
		if (KBPF_SRC(insn->code) == KBPF_X && op != KBPF_END && op != KBPF_NEG)
			*rd |= src;
		*wr = dst;
		break;
	case KBPF_JMP:
	case KBPF_JMP32:
		if (op == KBPF_EXIT) {
			*rd = 1;
		} else if (op == KBPF_CALL) {
			*rd = helper_args(c, insn);
			*wr = REGS_CALL_WR;
		} else if (op != KBPF_JA) {
			*rd = dst | (KBPF_SRC(insn->code) == KBPF_X ? src : 0);
		}
		break;
	case KBPF_LD:
		if (is_lddw(insn)) {
			*wr = dst;
			break;
		}
		/* LD_ABS / LD_IND: r6 is the context; r0-r5 come out changed. */
		*rd = 1U << 6 | (KBPF_MODE(insn->code) == KBPF_IND ? src : 0);
		*wr = REGS_CALL_WR;
		break;
	case KBPF_LDX:
		*rd = src;
		*wr = dst;
		break;
	case KBPF_ST:
		*rd = dst;
		break;
	case KBPF_STX:
		*rd = dst | src;
		if (KBPF_MODE(insn->code) == KBPF_ATOMIC) {
			if (insn->imm == KBPF_CMPXCHG) {
				*rd |= 1;
				*wr = 1;
			} else if (insn->imm & KBPF_FETCH) {
				*wr = src;
			}
		}
		break;
	}
}

static u32 successors(const struct checker *c, u32 i, u32 next[2])
{
	const struct kbpf_insn *insn = &c->prog->insns[i];
	u32 n = 0;
	s64 t;

	if (kbpf_falls_through(insn))
		next[n++] = i + (is_lddw(insn) ? 2 : 1);
	if (kbpf_jump_target(insn, i, &t))
		next[n++] = t;
	return n;
}

/* The control-flow graph's predecessor lists and a worklist over it. */
struct cfg {
	u32 *pred_start, *preds, *work;
	u8 *queued;
	u32 top;
};

static void cfg_free(struct cfg *g)
{
	kbpf_big_free(g->queued);
	kbpf_big_free(g->work);
	kbpf_big_free(g->preds);
	kbpf_big_free(g->pred_start);
}

static int cfg_build(const struct checker *c, struct cfg *g)
{
	u32 len = c->prog->len, i, k, n, next[2];

	g->pred_start = kbpf_big_zalloc((len + 1) * sizeof(u32));
	g->preds = kbpf_big_zalloc(2 * len * sizeof(u32));
	g->work = kbpf_big_zalloc(len * sizeof(u32));
	g->queued = kbpf_big_zalloc(len);
	if (!g->pred_start || !g->preds || !g->work || !g->queued)
		return -ENOMEM;
	/* Predecessor lists, counted then filled (compressed rows). */
	for (i = 0; i < len; i++) {
		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		n = successors(c, i, next);
		for (k = 0; k < n; k++)
			g->pred_start[next[k] + 1]++;
	}
	for (i = 0; i < len; i++)
		g->pred_start[i + 1] += g->pred_start[i];
	for (i = 0; i < len; i++) {
		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		n = successors(c, i, next);
		for (k = 0; k < n; k++)
			g->preds[g->pred_start[next[k]] + g->work[next[k]]++] = i;
	}
	return 0;
}

static void cfg_push(struct cfg *g, u32 i)
{
	if (!g->queued[i]) {
		g->queued[i] = 1;
		g->work[g->top++] = i;
	}
}

/* Every instruction, the last first: backward problems settle sooner. */
static void cfg_push_all(struct cfg *g, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		cfg_push(g, i);
}

static void cfg_push_preds(struct cfg *g, u32 i)
{
	u32 k;

	for (k = g->pred_start[i]; k < g->pred_start[i + 1]; k++)
		cfg_push(g, g->preds[k]);
}

static void live_regs(struct checker *c, struct cfg *g)
{
	u32 i, k, n, next[2];

	cfg_push_all(g, c->prog->len);
	while (g->top) {
		u16 rd, wr, out = 0, in;

		i = g->work[--g->top];
		g->queued[i] = 0;
		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		n = successors(c, i, next);
		for (k = 0; k < n; k++)
			out |= c->live[next[k]];
		kbpf_reg_use(c, i, &rd, &wr);
		in = rd | (out & ~wr) | (1U << 10);
		if (in == c->live[i])
			continue;
		c->live[i] = in;
		cfg_push_preds(g, i);
	}
}

/*
 * Registers that may hold a pointer when instruction @i starts (forward,
 * a union at joins): the context and frame pointers, a subprogram's
 * arguments, what calls return, 4- and 8-byte loads (the packet pointers
 * of __sk_buff, stack fills), map references, and sums of these.
 */
static u16 ptr_step(const struct checker *c, u32 i, u16 in)
{
	const struct kbpf_insn *insn = &c->prog->insns[i];
	u8 cls = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);
	u16 d = 1U << insn->dst_reg, s = 1U << insn->src_reg;
	bool x = KBPF_SRC(insn->code) == KBPF_X;
	u16 out = in & ~d;

	switch (cls) {
	case KBPF_ALU64:
		if (op == KBPF_MOV && x && !insn->off && (in & s))
			return out | d;
		if ((op == KBPF_ADD || op == KBPF_SUB) &&
		    ((in & d) || (x && (in & s))))
			return out | d;
		return out;
	case KBPF_ALU:
		return out;
	case KBPF_LDX:
		if (KBPF_SIZE(insn->code) == KBPF_DW || KBPF_SIZE(insn->code) == KBPF_W)
			return out | d;
		return out;
	case KBPF_LD:
		if (is_lddw(insn))
			return insn->src_reg ? out | d : out;
		return in & ~REGS_CALL_WR;
	case KBPF_STX:
		if (KBPF_MODE(insn->code) == KBPF_ATOMIC)
			return in | 1 | s;
		return in;
	case KBPF_JMP:
	case KBPF_JMP32:
		if (op == KBPF_CALL)
			return (in & ~REGS_CALL_WR) | 1;
		return in;
	}
	return in;
}

static void maybe_ptrs(struct checker *c, struct cfg *g, u16 *ptr)
{
	u32 i, k, n, next[2];

	for (i = 0; i < c->nr_subprogs; i++) {
		k = c->subprogs[i].start;
		ptr[k] = (i ? REGS_ARGS : 1U << 1) | (1U << 10);
		cfg_push(g, k);
	}
	while (g->top) {
		u16 out;

		i = g->work[--g->top];
		g->queued[i] = 0;
		out = ptr_step(c, i, ptr[i]);
		n = successors(c, i, next);
		for (k = 0; k < n; k++) {
			if ((ptr[next[k]] | out) == ptr[next[k]])
				continue;
			ptr[next[k]] |= out;
			cfg_push(g, next[k]);
		}
	}
}

/* The 8-byte slots a constant access to fp+@off..fp+@off+@size-1 touches. */
static bool stack_slots(s32 off, u32 size, u64 *mask)
{
	s32 lo = -(off + (s32)size - 1) - 1, hi = -off - 1;

	if (off >= 0 || off < -(s32)(64 * 8) || off + (s32)size > 0)
		return false;
	*mask = 0;
	for (; lo <= hi; lo++)
		*mask |= 1ULL << (lo / 8);
	return true;
}

/* Which values matter before instruction @i, from what matters after it. */
static void sens_step(const struct checker *c, u32 i, u16 ptr, u16 *regs,
		      u64 *slots)
{
	static const u8 bytes[4] = { 4, 2, 1, 8 };
	const struct kbpf_insn *insn = &c->prog->insns[i];
	u8 cls = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);
	u16 d = 1U << insn->dst_reg, s = 1U << insn->src_reg;
	u16 out = *regs, rd, wr;
	u32 size = bytes[KBPF_SIZE(insn->code) >> 3];
	u64 m = 0;
	bool on_stack;

	kbpf_reg_use(c, i, &rd, &wr);
	*regs = (out & ~wr) | rd;
	switch (cls) {
	case KBPF_ALU:
	case KBPF_ALU64:
		/* The operands matter only through the result... */
		*regs = out & ~d;
		if (out & d)
			*regs |= rd;
		/* ...except that a pointer's move is bounded by the number. */
		if (cls == KBPF_ALU64 && (op == KBPF_ADD || op == KBPF_SUB) &&
		    KBPF_SRC(insn->code) == KBPF_X && ((ptr & d) || (ptr & s)))
			*regs |= d | s;
		return;
	case KBPF_LDX:
		*regs = (out & ~d) | s;
		if (!(out & d))
			return;
		if (insn->src_reg == 10 && stack_slots(insn->off, size, &m))
			*slots |= m;
		else
			*regs |= SENS_MEM;
		return;
	case KBPF_ST:
	case KBPF_STX:
		if (KBPF_MODE(insn->code) == KBPF_ATOMIC) {
			*regs |= SENS_MEM;
			return;
		}
		on_stack = insn->dst_reg == 10 && stack_slots(insn->off, size, &m);
		*regs = out | d;
		if (cls == KBPF_STX &&
		    ((out & SENS_MEM) || (on_stack ? *slots & m : *slots)))
			*regs |= s;
		/* A whole slot written: what it held before is gone. */
		if (on_stack && size == 8 && !(insn->off % 8))
			*slots &= ~m;
		return;
	case KBPF_JMP:
		if (op == KBPF_EXIT) {
			/*
			 * The program's return value is checked for its type
			 * only; a subprogram's is its caller's business.
			 */
			*slots = 0;
			*regs = kbpf_subprog_at(c, i) ? 1 | SENS_MEM : 0;
			return;
		}
		/* A callee may read the caller's stack through a pointer. */
		if (op == KBPF_CALL && insn->src_reg == KBPF_PSEUDO_CALL)
			*regs |= SENS_MEM;
		/*
		 * So may bpf_loop's callback, through its context: no edge of
		 * this graph leads there, so every slot and memory matter.
		 */
		if (op == KBPF_CALL && !insn->src_reg && insn->imm == KBPF_FUNC_loop) {
			*regs |= SENS_MEM;
			*slots = ~0ULL;
		}
		return;
	}
}

static void sensitivity(struct checker *c, struct cfg *g, const u16 *ptr)
{
	u32 i, k, n, next[2];

	cfg_push_all(g, c->prog->len);
	while (g->top) {
		u16 regs = 0;
		u64 slots = 0;

		i = g->work[--g->top];
		g->queued[i] = 0;
		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		n = successors(c, i, next);
		for (k = 0; k < n; k++) {
			regs |= c->precise[next[k]];
			slots |= c->precise_slots[next[k]];
		}
		sens_step(c, i, ptr[i], &regs, &slots);
		regs |= c->precise[i];
		slots |= c->precise_slots[i];
		if (regs == c->precise[i] && slots == c->precise_slots[i])
			continue;
		c->precise[i] = regs;
		c->precise_slots[i] = slots;
		cfg_push_preds(g, i);
	}
}

int kbpf_liveness(struct checker *c)
{
	struct cfg g = { 0 };
	u16 *ptr = kbpf_big_zalloc(c->prog->len * sizeof(*ptr));
	int err = -ENOMEM;

	if (!ptr)
		goto out;
	err = cfg_build(c, &g);
	if (err)
		goto out;
	live_regs(c, &g);
	maybe_ptrs(c, &g, ptr);
	sensitivity(c, &g, ptr);
out:
	kbpf_big_free(ptr);
	cfg_free(&g);
	return err;
}
