// SPDX-License-Identifier: GPL-2.0-only
/*
 * Path exploration: the program is run on abstract states, one path at a
 * time, depth first with an explicit stack of branches still to explore
 * (no recursion). At jump targets a state is compared with the states
 * already verified from there; one that is subsumed stops (pruning).
 * Loops are explored iteration by iteration; a loop that cannot end shows
 * up as a state identical to one still being explored at the same
 * instruction, or as the one-million-instruction limit.
 *
 * Every state has a parent checkpoint; a checkpoint counts its branches
 * still being explored and is complete, usable for pruning, at zero.
 */
#include "internal.h"

#define MAX_PENDING_BRANCHES	8192
#define MAX_STATES_PER_INSN	64

struct vreg *cur_regs(struct checker *c)
{
	return c->cur->frame[c->cur->curframe]->regs;
}

u32 new_id(struct checker *c)
{
	return ++c->next_id;
}

static void log_insn(struct checker *c, u32 idx)
{
	char text[96];

	if (!c->log || !c->log->level)
		return;
	kbpf_disasm_insn(text, sizeof(text), &c->prog->insns[idx],
			 c->prog->len - idx);
	kbpf_log_linfo(c, idx);
	kbpf_log_write(c->log, "%u: %s\n", idx, text);
}

static void path_done(struct vstate *st)
{
	struct vstate *p = st->parent;

	while (p && !--p->branches)
		p = p->parent;
}

int push_branch(struct checker *c, struct vstate *st)
{
	if (c->nr_states >= MAX_PENDING_BRANCHES) {
		state_free(c, st);
		return kbpf_reject(c, c->cur->insn, -E2BIG, "more than %d branches wait to be explored",
				   MAX_PENDING_BRANCHES);
	}
	if (st->parent)
		st->parent->branches++;
	st->log_pos = kbpf_log_pos(c->log);
	st->next = c->stack;
	c->stack = st;
	c->nr_states++;
	c->peak_states = max(c->peak_states, c->nr_states + c->total_states + 1);
	return 0;
}

/*
 * At a prune point: stop if a completed checkpoint covers this state;
 * refuse a loop that came back to where it was without progress; maybe
 * leave a checkpoint for later paths.
 */
/*
 * A bpf_loop call its callback came back to: the loop head of the
 * iterations. Against the state the latest iteration started from
 * (still being explored: a checkpoint here with the same frames), what
 * moved is widened; a state that checkpoint then covers stops. Stopping
 * on a state still being explored is sound here, unlike at an ordinary
 * loop, because the helper ends the iterations, not the program: every
 * path from that state is explored anyway (Documentation/verifier.md).
 */
static int loop_head(struct checker *c, u32 idx)
{
	struct vstate *cur = c->cur, *sl;

	cur->loop_back = false;
	for (sl = c->explored[idx]; sl; sl = sl->next) {
		if (!sl->branches || !state_same_frames(sl, cur))
			continue;
		if (!state_subsumes(c, sl, cur))
			state_widen(cur, sl);
		if (!state_subsumes(c, sl, cur))
			return 0;
		c->states_pruned++;
		if (c->log && c->log->level >= 2)
			kbpf_log_write(c->log, "%u: safe (loop callback converged)\n", idx);
		return 1;
	}
	return 0;
}

static int visit(struct checker *c, u32 idx)
{
	struct vstate *cur = c->cur, *sl, *cp;
	bool loop = c->flags[idx] & INSN_LOOP_CALL, back = loop && cur->loop_back;
	int err;

	cur->insn = idx;
	if (back) {
		err = loop_head(c, idx);
		if (err)
			return err;
	}
	cur->hash = c->explored[idx] ? state_hash(cur) : 0;
	for (sl = c->explored[idx]; sl; sl = sl->next) {
		if (sl->branches) {
			/*
			 * The helper bounds a loop head's iterations; and a
			 * state of another call of this function (a loop
			 * around the call, or bpf_loop's) is not a loop of
			 * its own: its caller's frame is where it repeats.
			 */
			if (back || sl->frame[sl->curframe]->gen !=
				    cur->frame[cur->curframe]->gen)
				continue;
			if (sl->hash == cur->hash && state_identical(sl, cur) &&
			    state_subsumes(c, sl, cur))
				return kbpf_reject(c, idx, -EINVAL, "infinite loop detected at insn %u: the program comes back here in the same state",
						   idx);
			continue;
		}
		if (state_subsumes(c, sl, cur)) {
			c->states_pruned++;
			if (c->log && c->log->level >= 2)
				kbpf_log_write(c->log, "%u: safe (same as a verified state)\n", idx);
			return 1;
		}
	}
	/* A loop head always keeps one: the next iteration is compared with it. */
	if ((!loop && (c->since_cp_jmps < 2 || c->since_cp_insns < 8)) ||
	    c->nr_explored[idx] >= MAX_STATES_PER_INSN)
		return 0;
	cp = state_clone(c, cur);
	if (!cp)
		return -ENOMEM;
	cp->hash = state_hash(cur);
	cp->parent = cur->parent;
	cp->branches = 1;
	cur->parent = cp;
	cp->next = c->explored[idx];
	c->explored[idx] = cp;
	c->nr_explored[idx]++;
	c->total_states++;
	c->peak_states = max(c->peak_states, c->nr_states + c->total_states + 1);
	c->since_cp_jmps = 0;
	c->since_cp_insns = 0;
	return 0;
}

static int check_reg_write(struct checker *c, u32 idx, u8 regno)
{
	if (regno == 10)
		return kbpf_reject(c, idx, -EACCES, "r10 (the frame pointer) is read-only");
	return 0;
}

static int need_init(struct checker *c, u32 idx, u8 regno)
{
	if (cur_regs(c)[regno].type == NOT_INIT)
		return kbpf_reject(c, idx, -EACCES, "r%u is read but was never written%s",
				   regno, regno >= 1 && regno <= 5 ?
				   " (calls clobber r1-r5)" : "");
	return 0;
}

static bool arith_ptr_type(u8 type)
{
	return type == PTR_TO_CTX || type == PTR_TO_STACK ||
	       type == PTR_TO_MAP_VALUE || type == PTR_TO_PACKET ||
	       type == PTR_TO_MEM;
}

/* dst = ptr +/- scalar: the fixed part moves, or the variable part grows. */
static int ptr_arith(struct checker *c, u32 idx, struct vreg *dst,
		     const struct vreg *ptr, const struct vreg *s, u8 op,
		     u8 ptrreg)
{
	struct vreg res = *ptr, num = *ptr;

	if (ptr->type == PTR_TO_MAP_VALUE_OR_NULL || ptr->type == PTR_TO_MEM_OR_NULL)
		return kbpf_reject(c, idx, -EACCES, "arithmetic on r%u, %s; check it against 0 first (%s at insn %u)",
				   ptrreg, reg_type_name(ptr->type),
				   ptr->type == PTR_TO_MEM_OR_NULL ? "allocated" : "map lookup",
				   ptr->origin);
	if (!arith_ptr_type(ptr->type))
		return kbpf_reject(c, idx, -EACCES, "arithmetic on r%u, %s, is not allowed",
				   ptrreg, reg_type_name(ptr->type));
	if (op == KBPF_SUB && ptr != dst)
		return kbpf_reject(c, idx, -EACCES, "a number minus a pointer is not allowed");
	if (scalar_is_const(s)) {
		s64 v = (s64)s->var.value, off;

		if (op == KBPF_SUB)
			v = -v;
		off = (s64)ptr->off + v;
		if (v < -KBPF_MAX_VAR_OFF || v > KBPF_MAX_VAR_OFF ||
		    off < -KBPF_MAX_VAR_OFF || off > KBPF_MAX_VAR_OFF)
			return kbpf_reject(c, idx, -EACCES, "pointer arithmetic on r%u with %lld leaves the range a pointer may move (%d)",
					   ptrreg, (long long)v, KBPF_MAX_VAR_OFF);
		res.off = off;
		*dst = res;
		return 0;
	}
	num.type = SCALAR;
	scalar_alu(&num, s, op, true, false);
	if (num.smin < -KBPF_MAX_VAR_OFF || num.smax > KBPF_MAX_VAR_OFF)
		return kbpf_reject(c, idx, -EACCES, "pointer arithmetic on r%u with a value of unbounded range (%lld..%lld); bound it with a check first",
				   ptrreg, (long long)s->smin, (long long)s->smax);
	if (ptr->type == PTR_TO_PACKET) {
		if (num.smin < 0 || num.umax > KBPF_MAX_PACKET_OFF)
			return kbpf_reject(c, idx, -EACCES, "packet pointer r%u moved by a value that may be negative or above %d",
					   ptrreg, KBPF_MAX_PACKET_OFF);
		/* A new variable part: nothing is proved about it yet. */
		res.id = new_id(c);
		res.aux = 0;
	}
	res.var = num.var;
	res.smin = num.smin;
	res.smax = num.smax;
	res.umin = num.umin;
	res.umax = num.umax;
	res.s32min = num.s32min;
	res.s32max = num.s32max;
	res.u32min = num.u32min;
	res.u32max = num.u32max;
	*dst = res;
	return 0;
}

static const char *alu_name(u8 op)
{
	static const char * const names[16] = {
		"add", "sub", "mul", "div", "or", "and", "lsh", "rsh",
		"neg", "mod", "xor", "mov", "arsh", "byte swap", "?", "?",
	};

	return names[op >> 4];
}

static bool ptr_diff_ok(const struct vreg *a, const struct vreg *b)
{
	bool pa = a->type == PTR_TO_PACKET || a->type == PTR_TO_PACKET_END;
	bool pb = b->type == PTR_TO_PACKET || b->type == PTR_TO_PACKET_END;

	if (pa && pb)
		return true;
	return a->type == PTR_TO_STACK && b->type == PTR_TO_STACK &&
	       a->frameno == b->frameno;
}

static int check_alu_ptr(struct checker *c, u32 idx, struct vreg *dst,
			 const struct vreg *src, u8 op, bool is64)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	u8 sreg = KBPF_SRC(insn->code) == KBPF_X ? insn->src_reg : 0;

	if (!is64)
		return kbpf_reject(c, idx, -EACCES, "32-bit arithmetic on a pointer (r%u is %s) would keep part of its address as a number",
				   is_ptr(dst) ? insn->dst_reg : sreg,
				   reg_type_name(is_ptr(dst) ? dst->type : src->type));
	if (is_ptr(dst) && is_ptr(src)) {
		if (op == KBPF_SUB && ptr_diff_ok(dst, src)) {
			scalar_set_unknown(dst);
			return 0;
		}
		return kbpf_reject(c, idx, -EACCES, "r%u (%s) %s r%u (%s): only packet pointers, or stack pointers of one frame, may be subtracted",
				   insn->dst_reg, reg_type_name(dst->type),
				   alu_name(op), sreg, reg_type_name(src->type));
	}
	if (op != KBPF_ADD && op != KBPF_SUB)
		return kbpf_reject(c, idx, -EACCES, "%s on a pointer (r%u is %s): pointers allow only adding or subtracting a number",
				   alu_name(op),
				   is_ptr(dst) ? insn->dst_reg : sreg,
				   reg_type_name(is_ptr(dst) ? dst->type : src->type));
	if (is_ptr(dst))
		return ptr_arith(c, idx, dst, dst, src, op, insn->dst_reg);
	return ptr_arith(c, idx, dst, src, dst, op, sreg);
}

static int check_alu(struct checker *c, u32 idx)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	struct vreg *regs = cur_regs(c), *dst = &regs[insn->dst_reg], src;
	u8 op = KBPF_OP(insn->code);
	bool is64 = KBPF_CLASS(insn->code) == KBPF_ALU64;
	bool x = KBPF_SRC(insn->code) == KBPF_X && op != KBPF_END && op != KBPF_NEG;
	int err;

	err = check_reg_write(c, idx, insn->dst_reg);
	if (err)
		return err;
	if (x) {
		err = need_init(c, idx, insn->src_reg);
		if (err)
			return err;
		src = regs[insn->src_reg];
	} else {
		scalar_set_const(&src, is64 ? (u64)(s64)insn->imm : (u32)insn->imm);
	}
	if (op == KBPF_MOV) {
		if (x && insn->off && is_ptr(&src))
			return kbpf_reject(c, idx, -EACCES, "sign extension of a pointer (r%u is %s)",
					   insn->src_reg, reg_type_name(src.type));
		if (!is64 && is_ptr(&src))
			return kbpf_reject(c, idx, -EACCES, "32-bit move of r%u (%s) would keep the low half of its address as a number",
					   insn->src_reg, reg_type_name(src.type));
		if (x && is64 && !insn->off && src.type == SCALAR) {
			/* Linked copies: a check on one bounds the other. */
			if (!src.id)
				src.id = regs[insn->src_reg].id = new_id(c);
			*dst = src;
			return 0;
		}
		*dst = src;
		if (src.type == SCALAR)
			dst->id = 0;
		if (x && insn->off)
			scalar_movsx(dst, insn->off, is64);
		else if (!is64)
			scalar_zext32(dst);
		return 0;
	}
	err = need_init(c, idx, insn->dst_reg);
	if (err)
		return err;
	if (op == KBPF_END || op == KBPF_NEG) {
		if (is_ptr(dst))
			return kbpf_reject(c, idx, -EACCES, "%s on a pointer (r%u is %s)",
					   alu_name(op), insn->dst_reg,
					   reg_type_name(dst->type));
		if (op == KBPF_END)
			scalar_endian(dst, insn->code, insn->imm);
		else
			scalar_alu(dst, &src, KBPF_NEG, is64, false);
		dst->id = 0;
		return 0;
	}
	if (is_ptr(dst) || is_ptr(&src))
		return check_alu_ptr(c, idx, dst, &src, op, is64);
	scalar_alu(dst, &src, op, is64,
		   (op == KBPF_DIV || op == KBPF_MOD) && insn->off == 1);
	dst->id = 0;
	return 0;
}

static int check_lddw(struct checker *c, u32 idx)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	struct vreg *dst = &cur_regs(c)[insn->dst_reg];
	const struct kbpf_map *map;
	int err;

	err = check_reg_write(c, idx, insn->dst_reg);
	if (err)
		return err;
	if (!insn->src_reg) {
		scalar_set_const(dst, (u64)(u32)insn->imm |
				 ((u64)(u32)insn[1].imm << 32));
		return 0;
	}
	if (insn->src_reg == KBPF_PSEUDO_FUNC) {
		/* Who loaded it: only that frame may hand it to bpf_loop. */
		reg_mark_ptr(dst, PTR_TO_FUNC);
		dst->aux = kbpf_subprog_at(c, idx + 1 + insn->imm);
		dst->frameno = c->cur->curframe;
		return 0;
	}
	map = c->prog->maps[insn->imm];
	if (insn->src_reg == KBPF_PSEUDO_MAP_IDX) {
		reg_mark_ptr(dst, CONST_PTR_TO_MAP);
		dst->aux = insn->imm;
		return 0;
	}
	if ((u32)insn[1].imm >= map->value_size)
		return kbpf_reject(c, idx, -EACCES, "map value reference at offset %u is outside the %u-byte value of map %d",
				   (u32)insn[1].imm, map->value_size, insn->imm);
	reg_mark_ptr(dst, PTR_TO_MAP_VALUE);
	dst->aux = insn->imm;
	dst->off = insn[1].imm;
	return 0;
}

/*
 * Register @i of frame @f, counting the frame's spilled registers after
 * r0-r10; NULL for a stack slot that holds no spill.
 */
static struct vreg *reg_or_spill(struct vstate *st, u32 f, u32 i)
{
	struct vframe *fr = st->frame[f];

	if (i < KBPF_REG_COUNT)
		return &fr->regs[i];
	i -= KBPF_REG_COUNT;
	return fr->slots[i].kind[0] == STACK_SPILL ? &fr->slots[i].spill : NULL;
}

static u32 regs_and_spills(const struct vstate *st, u32 f)
{
	return KBPF_REG_COUNT + st->frame[f]->nslots;
}

/* After a NULL check: every copy of the pointer is NULL, or none is. */
static void mark_null_checked(struct vstate *st, u32 id, bool is_null)
{
	struct vreg *r;
	u32 f, i, ref = 0;

	for (f = 0; f <= st->curframe; f++) {
		for (i = 0; i < regs_and_spills(st, f); i++) {
			r = reg_or_spill(st, f, i);
			if (!r || r->id != id ||
			    (r->type != PTR_TO_MAP_VALUE_OR_NULL &&
			     r->type != PTR_TO_MEM_OR_NULL))
				continue;
			if (is_null) {
				ref = r->ref_id;
				scalar_set_const(r, 0);
			} else {
				r->type = r->type == PTR_TO_MEM_OR_NULL ?
					  PTR_TO_MEM : PTR_TO_MAP_VALUE;
				r->id = 0;
			}
		}
	}
	/* A reservation that failed holds nothing to give back. */
	if (ref)
		release_ref(st, ref);
}

/* Packet pointers with @p's variable part are valid up to p->off. */
static void mark_pkt_range(struct vstate *st, const struct vreg *p)
{
	struct vreg *r;
	u32 f, i;

	if (p->off <= 0 || p->smin < 0)
		return;
	for (f = 0; f <= st->curframe; f++) {
		for (i = 0; i < regs_and_spills(st, f); i++) {
			r = reg_or_spill(st, f, i);
			if (r && r->type == PTR_TO_PACKET && r->id == p->id &&
			    r->aux < (u32)p->off)
				r->aux = p->off;
		}
	}
}

static bool never_null(u8 type)
{
	return type != PTR_TO_MAP_VALUE_OR_NULL && type != PTR_TO_MEM_OR_NULL &&
	       type != SCALAR && type != NOT_INIT;
}

static u8 negate(u8 op)
{
	switch (op) {
	case KBPF_JEQ: return KBPF_JNE;
	case KBPF_JNE: return KBPF_JEQ;
	case KBPF_JGT: return KBPF_JLE;
	case KBPF_JLE: return KBPF_JGT;
	case KBPF_JGE: return KBPF_JLT;
	case KBPF_JLT: return KBPF_JGE;
	case KBPF_JSGT: return KBPF_JSLE;
	case KBPF_JSLE: return KBPF_JSGT;
	case KBPF_JSGE: return KBPF_JSLT;
	case KBPF_JSLT: return KBPF_JSGE;
	case KBPF_JSET: return KBPF_JSET | 1;
	}
	return op;
}

/* The comparison with the packet pointer on the left: p < end etc. */
static u8 swap_op(u8 op)
{
	switch (op) {
	case KBPF_JGT: return KBPF_JLT;
	case KBPF_JLT: return KBPF_JGT;
	case KBPF_JGE: return KBPF_JLE;
	case KBPF_JLE: return KBPF_JGE;
	}
	return op;
}

/*
 * What a conditional jump teaches each side: feasibility, refined scalar
 * operands, a NULL check, a packet range. Decided first, applied after,
 * so a state is copied only when both sides are possible.
 */
struct branch {
	bool taken_ok, fall_ok;
	bool scalar;
	struct vreg td, ts, fd, fs;
	u32 null_id;
	bool null_check, null_if_taken;
	bool pkt_check, pkt_if_taken;
	struct vreg pkt;
};

static int cond_pointers(struct checker *c, u32 idx, struct branch *b)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	struct vreg *regs = cur_regs(c);
	struct vreg *dst = &regs[insn->dst_reg], src;
	bool x = KBPF_SRC(insn->code) == KBPF_X, is32 = KBPF_CLASS(insn->code) == KBPF_JMP32;
	u8 op = KBPF_OP(insn->code);
	const struct vreg *ptr, *other;
	u8 preg;

	if (x)
		src = regs[insn->src_reg];
	else
		scalar_set_const(&src, (u64)(s64)insn->imm);
	ptr = is_ptr(dst) ? dst : &src;
	other = ptr == dst ? &src : dst;
	preg = ptr == dst ? insn->dst_reg : insn->src_reg;
	b->taken_ok = b->fall_ok = true;
	if (is32)
		goto leak;
	/* Against NULL. */
	if (scalar_is_const(other) && !other->var.value &&
	    (op == KBPF_JEQ || op == KBPF_JNE)) {
		bool eq_taken = op == KBPF_JEQ;

		if (never_null(ptr->type)) {
			if (eq_taken)
				b->taken_ok = false;
			else
				b->fall_ok = false;
			return 0;
		}
		b->null_check = true;
		b->null_id = ptr->id;
		b->null_if_taken = eq_taken;
		return 0;
	}
	if ((dst->type == PTR_TO_PACKET && src.type == PTR_TO_PACKET_END) ||
	    (dst->type == PTR_TO_PACKET_END && src.type == PTR_TO_PACKET)) {
		/* Written with the packet pointer on the left: pkt op end. */
		const struct vreg *pkt = dst->type == PTR_TO_PACKET ? dst : &src;
		u8 pop = pkt == dst ? op : swap_op(op);

		b->pkt = *pkt;
		switch (pop) {
		case KBPF_JGT: case KBPF_JGE:
			b->pkt_check = true;	/* fall: pkt <= end */
			b->pkt_if_taken = false;
			break;
		case KBPF_JLT: case KBPF_JLE:
			b->pkt_check = true;
			b->pkt_if_taken = true;
			break;
		}
		return 0;
	}
	if ((dst->type == PTR_TO_PACKET || dst->type == PTR_TO_PACKET_END) &&
	    (src.type == PTR_TO_PACKET || src.type == PTR_TO_PACKET_END))
		return 0;
leak:
	return kbpf_reject(c, idx, -EACCES, "comparison of r%u (%s) would leak its address; pointers compare only with 0 (NULL checks), and packet pointers with each other and data_end",
			   preg, reg_type_name(ptr->type));
}

static void cond_scalars(struct checker *c, u32 idx, struct branch *b)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	bool x = KBPF_SRC(insn->code) == KBPF_X, is32 = KBPF_CLASS(insn->code) == KBPF_JMP32;
	u8 op = KBPF_OP(insn->code);
	struct vreg *regs = cur_regs(c);

	b->taken_ok = b->fall_ok = true;
	if (x && insn->src_reg == insn->dst_reg)
		return;		/* both sides are one register: nothing to learn */
	b->scalar = true;
	b->td = b->fd = regs[insn->dst_reg];
	if (x)
		b->ts = regs[insn->src_reg];
	else
		scalar_set_const(&b->ts, is32 ? (u32)insn->imm : (u64)(s64)insn->imm);
	b->fs = b->ts;
	b->taken_ok = scalar_refine(&b->td, &b->ts, op, is32);
	b->fall_ok = scalar_refine(&b->fd, &b->fs, negate(op), is32);
}

/* What a branch learned about @r holds for its linked copies too. */
static void link_scalars(struct vstate *st, const struct vreg *r)
{
	struct vreg *o;
	u32 f, i;

	if (r->type != SCALAR || !r->id)
		return;
	for (f = 0; f <= st->curframe; f++) {
		for (i = 0; i < regs_and_spills(st, f); i++) {
			o = reg_or_spill(st, f, i);
			if (o && o != r && o->type == SCALAR && o->id == r->id)
				*o = *r;
		}
	}
}

static void apply_branch(struct checker *c, u32 idx, struct vstate *st,
			 const struct branch *b, bool taken)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	struct vreg *regs = st->frame[st->curframe]->regs;

	if (b->scalar) {
		regs[insn->dst_reg] = taken ? b->td : b->fd;
		link_scalars(st, &regs[insn->dst_reg]);
		if (KBPF_SRC(insn->code) == KBPF_X) {
			regs[insn->src_reg] = taken ? b->ts : b->fs;
			link_scalars(st, &regs[insn->src_reg]);
		}
	}
	if (b->null_check)
		mark_null_checked(st, b->null_id, taken == b->null_if_taken);
	if (b->pkt_check && taken == b->pkt_if_taken)
		mark_pkt_range(st, &b->pkt);
}

static int check_cond(struct checker *c, u32 idx, u32 *next, bool *dead)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	struct vreg *regs = cur_regs(c);
	bool x = KBPF_SRC(insn->code) == KBPF_X;
	struct branch b = { 0 };
	struct vstate *taken;
	s64 target;
	int err;

	err = need_init(c, idx, insn->dst_reg);
	if (!err && x)
		err = need_init(c, idx, insn->src_reg);
	if (err)
		return err;
	kbpf_jump_target(insn, idx, &target);
	if (is_ptr(&regs[insn->dst_reg]) || (x && is_ptr(&regs[insn->src_reg]))) {
		err = cond_pointers(c, idx, &b);
		if (err)
			return err;
	} else {
		cond_scalars(c, idx, &b);
	}
	c->since_cp_jmps++;
	if (target <= idx) {
		c->last_backedge = target;
		c->last_backedge_from = idx + 1;
	}
	*next = idx + 1;
	if (b.taken_ok && b.fall_ok) {
		if (c->log && c->log->level)
			state_log(c, c->cur);
		taken = state_clone(c, c->cur);
		if (!taken)
			return -ENOMEM;
		apply_branch(c, idx, taken, &b, true);
		apply_branch(c, idx, c->cur, &b, false);
		taken->insn = target;
		return push_branch(c, taken);
	}
	if (b.taken_ok) {
		/* The jump is always taken. */
		apply_branch(c, idx, c->cur, &b, true);
		*next = target;
		return 0;
	}
	if (b.fall_ok)
		apply_branch(c, idx, c->cur, &b, false);
	else
		*dead = true;
	return 0;
}

static int step(struct checker *c, u32 idx, u32 *next, bool *done)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	u8 cls = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);
	s64 target;

	*next = idx + 1;
	switch (cls) {
	case KBPF_ALU:
	case KBPF_ALU64:
		return check_alu(c, idx);
	case KBPF_LDX:
		if (insn->dst_reg == 10)
			return check_reg_write(c, idx, insn->dst_reg);
		return check_mem(c, idx);
	case KBPF_ST:
	case KBPF_STX:
		return check_mem(c, idx);
	case KBPF_LD:
		if (!is_lddw(insn))
			return check_ld_pkt(c, idx);
		*next = idx + 2;
		return check_lddw(c, idx);
	}
	if (op == KBPF_JA) {
		kbpf_jump_target(insn, idx, &target);
		*next = target;
		c->since_cp_jmps++;
		if (target <= idx) {
			c->last_backedge = target;
			c->last_backedge_from = idx + 1;
		}
		return 0;
	}
	if (op == KBPF_EXIT)
		return check_exit(c, idx, next, done);
	if (op == KBPF_CALL) {
		if (is_pseudo_call(insn))
			return check_local_call(c, idx, next);
		if (is_loop_call(insn))
			return check_loop_call(c, idx, next);
		return check_helper_call(c, idx);
	}
	return check_cond(c, idx, next, done);
}

static int init_state(struct checker *c)
{
	struct vstate *st = state_alloc(c);
	struct vframe *f;

	if (!st)
		return -ENOMEM;
	f = frame_alloc(c);
	if (!f) {
		kbpf_free(st);
		return -ENOMEM;
	}
	st->frame[0] = f;
	f->callsite = ~0U;
	reg_mark_ptr(&f->regs[1], PTR_TO_CTX);
	reg_mark_ptr(&f->regs[10], PTR_TO_STACK);
	c->cur = st;
	return 0;
}

/* The next branch to explore, or NULL when all are done. */
static struct vstate *pop_branch(struct checker *c)
{
	struct vstate *st = c->stack;

	if (!st)
		return NULL;
	c->stack = st->next;
	st->next = NULL;
	c->nr_states--;
	if (c->log && c->log->level == 1)
		kbpf_log_reset(c->log, st->log_pos);
	/* A new path prints its first source line again. */
	c->last_linfo = NULL;
	return st;
}

/*
 * The instruction budget is spent: name the loop that used it, or, in a
 * program without one, say that it is the number of paths.
 */
static int too_complex(struct checker *c, u32 idx)
{
	if (c->last_backedge_from)
		return kbpf_reject(c, idx, -E2BIG, "program is too complex: %d instructions explored without finishing; the last loop explored jumps back to insn %u (from insn %u): bound its trip count with a check the verifier can follow, or use bpf_loop",
				   KBPF_MAX_INSNS_PROCESSED, c->last_backedge,
				   c->last_backedge_from - 1);
	return kbpf_reject(c, idx, -E2BIG, "program is too complex: %d instructions explored without finishing, over %llu paths and no loop: each conditional jump whose two sides differ doubles the paths after it; make the sides agree before they join, or move the code after them into a subprogram",
			   KBPF_MAX_INSNS_PROCESSED,
			   (unsigned long long)c->paths_done);
}

static int explore_paths(struct checker *c)
{
	u32 idx = 0, next;
	int err;

	for (;;) {
		bool done = false;

		if (c->flags[idx] & INSN_PRUNE_POINT) {
			err = visit(c, idx);
			if (err < 0)
				return err;
			if (err > 0)
				done = true;
		}
		if (!done) {
			if (++c->processed > KBPF_MAX_INSNS_PROCESSED)
				return too_complex(c, idx);
			/* Never hog the CPU (RCU stalls); give up for a dying loader. */
			if (!(c->processed % 1024) && kbpf_yield_or_killed())
				return kbpf_reject(c, idx, -EINTR, "interrupted: the loading process was killed");
			c->since_cp_insns++;
			c->cur->insn = idx;
			if (c->log && c->log->level)
				log_insn(c, idx);
			err = step(c, idx, &next, &done);
			if (err)
				return err;
			if (c->log && c->log->level >= 2)
				state_log(c, c->cur);
		}
		if (!done) {
			idx = next;
			continue;
		}
		c->paths_done++;
		path_done(c->cur);
		state_free(c, c->cur);
		c->cur = pop_branch(c);
		if (!c->cur)
			return 0;
		idx = c->cur->insn;
		if (c->log && c->log->level)
			kbpf_log_write(c->log, "from %u:\n", idx);
	}
}

static void mark_prune_points(struct checker *c)
{
	u32 i;

	for (i = 0; i < c->prog->len; i++) {
		const struct kbpf_insn *insn = &c->prog->insns[i];
		s64 t;

		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		if (is_loop_call(insn))
			c->flags[i] |= INSN_PRUNE_POINT | INSN_LOOP_CALL;
		if (kbpf_jump_target(insn, i, &t)) {
			c->flags[t] |= INSN_PRUNE_POINT;
			if (KBPF_OP(insn->code) != KBPF_JA)
				c->flags[i + 1] |= INSN_PRUNE_POINT;
		}
	}
}

static void free_all(struct checker *c)
{
	u32 i;

	state_free(c, c->cur);
	c->cur = NULL;
	while (c->stack) {
		struct vstate *st = c->stack;

		c->stack = st->next;
		state_free(c, st);
	}
	for (i = 0; c->explored && i < c->prog->len; i++) {
		while (c->explored[i]) {
			struct vstate *st = c->explored[i];

			c->explored[i] = st->next;
			state_free(c, st);
		}
	}
	state_cache_drain(c);
}

int kbpf_explore(struct checker *c)
{
	u32 len = c->prog->len;
	int err = -ENOMEM;

	c->live = kbpf_big_zalloc(len * sizeof(*c->live));
	c->precise = kbpf_big_zalloc(len * sizeof(*c->precise));
	c->precise_slots = kbpf_big_zalloc(len * sizeof(*c->precise_slots));
	c->explored = kbpf_big_zalloc(len * sizeof(*c->explored));
	c->nr_explored = kbpf_big_zalloc(len * sizeof(*c->nr_explored));
	if (!c->live || !c->precise || !c->precise_slots || !c->explored ||
	    !c->nr_explored)
		goto out;
	err = kbpf_liveness(c);
	if (err)
		goto out;
	mark_prune_points(c);
	err = init_state(c);
	if (err)
		goto out;
	c->last_linfo = NULL;
	c->peak_states = 1;	/* the path being explored */
	err = explore_paths(c);
	if (!err && c->log && c->log->level)
		kbpf_log_write(c->log, "processed %llu instructions, %u states kept, %u pruned\n",
			       (unsigned long long)c->processed, c->total_states,
			       c->states_pruned);
out:
	free_all(c);
	c->res->stats.insn_processed = c->processed;
	c->res->stats.states_kept = c->total_states;
	c->res->stats.states_pruned = c->states_pruned;
	c->res->stats.peak_states = c->peak_states;
	c->res->stats.state_bytes = c->state_bytes;
	kbpf_big_free(c->nr_explored);
	kbpf_big_free(c->explored);
	kbpf_big_free(c->precise_slots);
	kbpf_big_free(c->precise);
	kbpf_big_free(c->live);
	c->live = NULL;
	c->precise = NULL;
	c->precise_slots = NULL;
	c->explored = NULL;
	c->nr_explored = NULL;
	return err;
}
