// SPDX-License-Identifier: GPL-2.0-only
/*
 * Structural checks and the verifier's entry point.
 *
 * Every program passes the structural checks: known opcodes, reserved
 * fields zero, valid registers, jumps and calls that land on instructions
 * of the same subprogram, no fall-through off the end, no unreachable code,
 * bounded call depth. Full mode then explores every path (explore.c) and
 * measures the stack of each frame; structure mode stops here.
 */
#include "internal.h"

/* One line in the log: where, the instruction, why; and the result. */
int kbpf_reject(struct checker *c, u32 idx, int err, const char *fmt, ...)
{
	char text[288], insn[96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	kbpf_disasm_insn(insn, sizeof(insn), &c->prog->insns[idx],
			 c->prog->len - idx);
	kbpf_log_linfo(c, idx);
	kbpf_log_write(c->log, "%u: %s: %s\n", idx, insn, text);
	c->res->err = err;
	c->res->err_insn = idx;
	return err;
}

static void log_insn(struct checker *c, u32 idx)
{
	char insn[96];

	kbpf_disasm_insn(insn, sizeof(insn), &c->prog->insns[idx],
			 c->prog->len - idx);
	kbpf_log_linfo(c, idx);
	kbpf_log_write(c->log, "%u: %s\n", idx, insn);
}

/* Whether an instruction jumps, and where to. */
bool kbpf_jump_target(const struct kbpf_insn *insn, u32 idx, s64 *target)
{
	u8 cls = KBPF_CLASS(insn->code), op = KBPF_OP(insn->code);

	if (cls != KBPF_JMP && cls != KBPF_JMP32)
		return false;
	if (op == KBPF_CALL || op == KBPF_EXIT)
		return false;
	if (cls == KBPF_JMP32 && op == KBPF_JA)
		*target = (s64)idx + 1 + insn->imm;
	else
		*target = (s64)idx + 1 + insn->off;
	return true;
}

bool kbpf_falls_through(const struct kbpf_insn *insn)
{
	return insn->code != (KBPF_JMP | KBPF_EXIT) &&
	       insn->code != (KBPF_JMP | KBPF_JA) &&
	       insn->code != (KBPF_JMP32 | KBPF_JA);
}

static int check_alu_fields(struct checker *c, u32 i)
{
	const struct kbpf_insn *insn = &c->prog->insns[i];
	u8 op = KBPF_OP(insn->code);
	bool is64 = KBPF_CLASS(insn->code) == KBPF_ALU64;
	bool x = KBPF_SRC(insn->code) == KBPF_X;

	if (op == KBPF_END) {
		if (insn->src_reg || insn->off)
			return kbpf_reject(c, i, -EINVAL, "reserved fields of a byte swap must be zero");
		if (insn->imm != 16 && insn->imm != 32 && insn->imm != 64)
			return kbpf_reject(c, i, -EINVAL, "byte swap width %d is not 16, 32 or 64",
				      insn->imm);
		return 0;
	}
	if (op == KBPF_NEG) {
		if (insn->src_reg || insn->off || insn->imm)
			return kbpf_reject(c, i, -EINVAL, "reserved fields of neg must be zero");
		return 0;
	}
	if (x && insn->imm)
		return kbpf_reject(c, i, -EINVAL, "reserved imm field must be zero");
	if (!x && insn->src_reg)
		return kbpf_reject(c, i, -EINVAL, "reserved src_reg field must be zero");
	if (op == KBPF_DIV || op == KBPF_MOD) {
		if (insn->off != 0 && insn->off != 1)
			return kbpf_reject(c, i, -EINVAL, "off %d: division takes 0 (unsigned) or 1 (signed)",
				      insn->off);
		return 0;
	}
	if (op == KBPF_MOV && x) {
		if (insn->off == 0 || insn->off == 8 || insn->off == 16 ||
		    (is64 && insn->off == 32))
			return 0;
		return kbpf_reject(c, i, -EINVAL, "off %d: movsx sign-extends from 8, 16%s bits",
			      insn->off, is64 ? " or 32" : "");
	}
	if (insn->off)
		return kbpf_reject(c, i, -EINVAL, "reserved off field must be zero");
	return 0;
}

static int check_jmp_fields(struct checker *c, u32 i)
{
	const struct kbpf_insn *insn = &c->prog->insns[i];
	u8 op = KBPF_OP(insn->code);
	bool jmp32 = KBPF_CLASS(insn->code) == KBPF_JMP32;

	switch (op) {
	case KBPF_JA:
		if (insn->dst_reg || insn->src_reg || (jmp32 ? insn->off : insn->imm))
			return kbpf_reject(c, i, -EINVAL, "reserved fields of goto must be zero");
		return 0;
	case KBPF_EXIT:
		if (insn->dst_reg || insn->src_reg || insn->off || insn->imm)
			return kbpf_reject(c, i, -EINVAL, "reserved fields of exit must be zero");
		return 0;
	case KBPF_CALL:
		if (insn->dst_reg || insn->off)
			return kbpf_reject(c, i, -EINVAL, "reserved fields of call must be zero");
		if (insn->src_reg > KBPF_PSEUDO_CALL)
			return kbpf_reject(c, i, -EOPNOTSUPP, "call kind %d is not supported: kbpf calls helpers (0) and subprograms (1)",
				      insn->src_reg);
		return 0;
	}
	if (KBPF_SRC(insn->code) == KBPF_X && insn->imm)
		return kbpf_reject(c, i, -EINVAL, "reserved imm field must be zero");
	if (KBPF_SRC(insn->code) == KBPF_K && insn->src_reg)
		return kbpf_reject(c, i, -EINVAL, "reserved src_reg field must be zero");
	return 0;
}

/* LD_ABS / LD_IND: the legacy packet loads of socket filters. */
static int check_ld_pkt_fields(struct checker *c, u32 i)
{
	const struct kbpf_insn *insn = &c->prog->insns[i];

	if (insn->dst_reg || insn->off ||
	    (KBPF_MODE(insn->code) == KBPF_ABS && insn->src_reg))
		return kbpf_reject(c, i, -EINVAL, "reserved fields of a legacy packet load must be zero");
	if (c->prog->type != KBPF_PROG_TYPE_SOCKET_FILTER)
		return kbpf_reject(c, i, -EINVAL, "legacy packet loads (LD_ABS, LD_IND) are only for socket filter programs");
	if (c->opts->mode != KBPF_VERIFY_FULL)
		return kbpf_reject(c, i, -EOPNOTSUPP, "legacy packet loads need the full verifier (r6 must be the context)");
	return 0;
}

static int check_mem_fields(struct checker *c, u32 i)
{
	const struct kbpf_insn *insn = &c->prog->insns[i];
	u8 cls = KBPF_CLASS(insn->code), mode = KBPF_MODE(insn->code);

	if (cls == KBPF_LD) {
		if (is_lddw(insn))
			return 0;	/* checked with its second half */
		return check_ld_pkt_fields(c, i);
	}
	if (cls == KBPF_ST && insn->src_reg)
		return kbpf_reject(c, i, -EINVAL, "reserved src_reg field must be zero");
	if ((cls == KBPF_LDX || mode == KBPF_MEM) && cls != KBPF_ST && insn->imm)
		return kbpf_reject(c, i, -EINVAL, "reserved imm field must be zero");
	if (mode != KBPF_ATOMIC)
		return 0;
	switch (insn->imm) {
	case KBPF_ADD: case KBPF_OR: case KBPF_AND: case KBPF_XOR:
	case KBPF_ADD | KBPF_FETCH: case KBPF_OR | KBPF_FETCH:
	case KBPF_AND | KBPF_FETCH: case KBPF_XOR | KBPF_FETCH:
	case KBPF_XCHG: case KBPF_CMPXCHG:
		return 0;
	}
	return kbpf_reject(c, i, -EINVAL, "unknown atomic operation 0x%x", insn->imm);
}

/*
 * Hash maps, prog_arrays and arrays of more than one element (or per-CPU
 * ones) have the callback but no single value to point at: ask the map,
 * so such a reference is refused here and not only by the fixup.
 */
static bool has_direct_value(const struct kbpf_map *map)
{
	u64 addr;

	return map->ops && map->ops->direct_value_addr &&
	       map->ops->direct_value_addr(map, 0, &addr) != -EOPNOTSUPP;
}

static int check_lddw(struct checker *c, u32 i)
{
	const struct kbpf_insn *insn = &c->prog->insns[i];

	if (i + 1 >= c->prog->len)
		return kbpf_reject(c, i, -EINVAL, "lddw is missing its second half");
	if (insn[1].code || insn[1].dst_reg || insn[1].src_reg || insn[1].off)
		return kbpf_reject(c, i, -EINVAL, "second half of lddw must have only imm set");
	if (insn->off)
		return kbpf_reject(c, i, -EINVAL, "reserved off field must be zero");
	c->flags[i + 1] |= INSN_LDDW_TAIL;
	if (!insn->src_reg)
		return 0;
	if (insn->src_reg == KBPF_PSEUDO_FUNC) {
		if (insn[1].imm)
			return kbpf_reject(c, i, -EINVAL, "second half of a function address lddw must be zero");
		if (c->opts->mode != KBPF_VERIFY_FULL)
			return kbpf_reject(c, i, -EOPNOTSUPP, "lddw of a function address (source 4) needs the full verifier");
		return 0;
	}
	if (insn->src_reg == KBPF_PSEUDO_MAP_FD || insn->src_reg == KBPF_PSEUDO_MAP_VALUE)
		return kbpf_reject(c, i, -EINVAL, "lddw map reference by descriptor (source %d) was not resolved by the loader",
				   insn->src_reg);
	if (insn->src_reg != KBPF_PSEUDO_MAP_IDX && insn->src_reg != KBPF_PSEUDO_MAP_IDX_VALUE)
		return kbpf_reject(c, i, -EINVAL, "lddw source %d is not an immediate (0), a map reference (5, 6) or a function address (4)",
				   insn->src_reg);
	if (c->opts->mode != KBPF_VERIFY_FULL)
		return kbpf_reject(c, i, -EOPNOTSUPP, "lddw source %d refers to a map; maps need the full verifier",
				   insn->src_reg);
	if (insn->imm < 0 || (u32)insn->imm >= c->prog->nr_maps ||
	    !c->prog->maps[insn->imm])
		return kbpf_reject(c, i, -EINVAL, "lddw refers to map %d; the program has %u maps",
				   insn->imm, c->prog->nr_maps);
	if (insn->src_reg == KBPF_PSEUDO_MAP_IDX_VALUE &&
	    !has_direct_value(c->prog->maps[insn->imm]))
		return kbpf_reject(c, i, -EINVAL, "lddw takes the address of a value of map %d, a map type without direct value access",
				   insn->imm);
	return 0;
}

/* Pass 1: each instruction on its own. */
static int check_fields(struct checker *c)
{
	u32 i;
	int err;

	for (i = 0; i < c->prog->len; i++) {
		const struct kbpf_insn *insn = &c->prog->insns[i];

		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		if (c->log && c->log->level >= 2)
			log_insn(c, i);
		if (!kbpf_opcode_name(insn->code))
			return kbpf_reject(c, i, -EINVAL, "unknown opcode 0x%02x", insn->code);
		if (insn->dst_reg >= KBPF_REG_COUNT || insn->src_reg >= KBPF_REG_COUNT)
			return kbpf_reject(c, i, -EINVAL, "register number %d is not one of r0-r10",
				      max_t(int, insn->dst_reg, insn->src_reg));
		switch (KBPF_CLASS(insn->code)) {
		case KBPF_ALU:
		case KBPF_ALU64:
			err = check_alu_fields(c, i);
			break;
		case KBPF_JMP:
		case KBPF_JMP32:
			err = check_jmp_fields(c, i);
			break;
		default:
			err = check_mem_fields(c, i);
			if (!err && is_lddw(insn))
				err = check_lddw(c, i);
		}
		if (err)
			return err;
	}
	return 0;
}

static int add_subprog(struct checker *c, u32 idx, s64 target)
{
	if (target < 0 || target >= c->prog->len)
		return kbpf_reject(c, idx, -EINVAL, "call to instruction %lld is outside the program (0-%u)",
			      (long long)target, c->prog->len - 1);
	if (c->flags[target] & INSN_LDDW_TAIL)
		return kbpf_reject(c, idx, -EINVAL, "call into the middle of lddw at %lld",
			      (long long)target - 1);
	c->flags[target] |= INSN_SUBPROG_START;
	return 0;
}

/* Pass 2: find subprograms and check that control stays inside each. */
static int check_control_flow(struct checker *c)
{
	struct kbpf_prog *prog = c->prog;
	u32 i, n = 0, cur = 0;
	int err;

	c->flags[0] |= INSN_SUBPROG_START;
	for (i = 0; i < prog->len; i++) {
		if (!(c->flags[i] & INSN_LDDW_TAIL) && (is_pseudo_call(&prog->insns[i]) ||
							is_pseudo_func(&prog->insns[i]))) {
			err = add_subprog(c, i, (s64)i + 1 + prog->insns[i].imm);
			if (err)
				return err;
		}
	}
	for (i = 0; i < prog->len; i++)
		n += !!(c->flags[i] & INSN_SUBPROG_START);
	c->subprogs = kbpf_big_zalloc(n * sizeof(*c->subprogs));
	if (!c->subprogs)
		return -ENOMEM;
	c->nr_subprogs = n;
	for (i = 0, n = 0; i < prog->len; i++)
		if (c->flags[i] & INSN_SUBPROG_START)
			c->subprogs[n++].start = i;
	for (n = 0; n < c->nr_subprogs; n++)
		c->subprogs[n].end = n + 1 < c->nr_subprogs ?
				     c->subprogs[n + 1].start : prog->len;

	for (i = 0; i < prog->len; i++) {
		const struct kbpf_insn *insn = &prog->insns[i];
		struct subprog *sp;
		s64 t;

		if (i == c->subprogs[cur].end)
			cur++;
		sp = &c->subprogs[cur];
		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		if (kbpf_jump_target(insn, i, &t)) {
			if (t < sp->start || t >= sp->end)
				return kbpf_reject(c, i, -EINVAL, "jump to %lld leaves the %s (instructions %u-%u)",
					      (long long)t, cur ? "subprogram" : "main program",
					      sp->start, sp->end - 1);
			if (c->flags[t] & INSN_LDDW_TAIL)
				return kbpf_reject(c, i, -EINVAL, "jump into the middle of lddw at %lld",
					      (long long)t - 1);
		}
		if (kbpf_falls_through(insn) && i + (is_lddw(insn) ? 2 : 1) >= sp->end)
			return kbpf_reject(c, i, -EINVAL, "last instruction of the %s falls through; it must be exit or goto",
				      cur ? "subprogram" : "program");
	}
	return 0;
}

static int mark_reachable(struct checker *c)
{
	u32 *stack, top = 0, i;
	int err = 0;

	stack = kbpf_big_zalloc(c->prog->len * sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	c->flags[0] |= INSN_REACHED;
	stack[top++] = 0;
	while (top) {
		const struct kbpf_insn *insn;
		s64 next[3];
		int n = 0, k;

		i = stack[--top];
		insn = &c->prog->insns[i];
		if (kbpf_falls_through(insn))
			next[n++] = i + (is_lddw(insn) ? 2 : 1);
		if (kbpf_jump_target(insn, i, &next[n]))
			n++;
		if (is_pseudo_call(insn) || is_pseudo_func(insn))
			next[n++] = (s64)i + 1 + insn->imm;
		for (k = 0; k < n; k++) {
			if (c->flags[next[k]] & INSN_REACHED)
				continue;
			c->flags[next[k]] |= INSN_REACHED;
			stack[top++] = next[k];
		}
	}
	for (i = 0; i < c->prog->len; i++) {
		if (!(c->flags[i] & (INSN_REACHED | INSN_LDDW_TAIL))) {
			err = kbpf_reject(c, i, -EINVAL, "unreachable instruction");
			break;
		}
	}
	kbpf_big_free(stack);
	return err;
}

u32 kbpf_subprog_at(const struct checker *c, u32 insn_idx)
{
	u32 lo = 0, hi = c->nr_subprogs;

	while (hi - lo > 1) {
		u32 mid = (lo + hi) / 2;

		if (c->subprogs[mid].start <= insn_idx)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The next local call in @sp at or after *@i, and its callee. A callback
 * whose address @sp loads counts as called from @sp: the verifier lets
 * only the frame that loaded it pass it to bpf_loop, which runs it one
 * frame below.
 */
static bool next_call(const struct checker *c, const struct subprog *sp,
		      u32 *i, u32 *callee)
{
	for (; *i < sp->end; (*i)++) {
		const struct kbpf_insn *insn = &c->prog->insns[*i];

		if (!(c->flags[*i] & INSN_LDDW_TAIL) &&
		    (is_pseudo_call(insn) || is_pseudo_func(insn))) {
			*callee = kbpf_subprog_at(c, *i + 1 + insn->imm);
			return true;
		}
	}
	return false;
}

#define for_each_call(c, sp, i, callee) \
	for ((i) = (sp)->start; next_call(c, sp, &(i), &(callee)); (i)++)

/*
 * Depth-first over the call graph: no recursion, at most 8 frames. @frames
 * counts the frames down to @s, and the walk stops as soon as a chain is
 * too long, so this recursion is itself at most 9 deep whatever the
 * program (a kernel stack must not depend on user input).
 */
static int check_call_depth(struct checker *c, u32 s, u32 frames)
{
	struct subprog *sp = &c->subprogs[s];
	u32 i, callee, deepest = 0;
	int err;

	if (frames > KBPF_MAX_CALL_FRAMES)
		return kbpf_reject(c, sp->start, -E2BIG, "call chain is %u frames deep; the limit is %d",
			      frames, KBPF_MAX_CALL_FRAMES);
	sp->state = 1;
	for_each_call(c, sp, i, callee) {
		if (c->subprogs[callee].state == 1)
			return kbpf_reject(c, i, -EINVAL, "recursive call: subprogram at %u calls itself",
				      c->subprogs[callee].start);
		if (!c->subprogs[callee].state) {
			err = check_call_depth(c, callee, frames + 1);
			if (err)
				return err;
		}
		deepest = max(deepest, c->subprogs[callee].depth);
	}
	sp->depth = deepest + 1;
	sp->state = 2;
	/* Reached again on a longer path than the one that measured it. */
	if (frames - 1 + sp->depth > KBPF_MAX_CALL_FRAMES)
		return kbpf_reject(c, sp->start, -E2BIG, "call chain is %u frames deep; the limit is %d",
			      frames - 1 + sp->depth, KBPF_MAX_CALL_FRAMES);
	return 0;
}

/*
 * The deepest combined stack over any call chain starting at @s,
 * memoized: a program may call the same subprogram from many places.
 */
static u32 chain_stack(struct checker *c, u32 s)
{
	struct subprog *sp = &c->subprogs[s];
	u32 i, callee, deepest = 0;

	if (sp->chain_stack)
		return sp->chain_stack - 1;
	for_each_call(c, sp, i, callee)
		deepest = max(deepest, chain_stack(c, callee));
	sp->chain_stack = sp->stack_depth + deepest + 1;
	return sp->stack_depth + deepest;
}

/*
 * Frame sizes into local calls and bpf_loop calls (whose callback runs
 * below the caller's frame), so the engines need not look them up.
 */
static void rewrite_calls(struct checker *c)
{
	u32 i;

	for (i = 0; i < c->prog->len; i++)
		if (!(c->flags[i] & INSN_LDDW_TAIL) && (is_pseudo_call(&c->prog->insns[i]) ||
							is_loop_call(&c->prog->insns[i])))
			c->prog->insns[i].off =
				c->subprogs[kbpf_subprog_at(c, i)].stack_depth;
}

static int check_helpers(struct checker *c)
{
	u32 i;

	for (i = 0; i < c->prog->len; i++) {
		const struct kbpf_insn *insn = &c->prog->insns[i];

		if ((c->flags[i] & INSN_LDDW_TAIL) ||
		    insn->code != (KBPF_JMP | KBPF_CALL) || insn->src_reg)
			continue;
		if (insn->imm == KBPF_FUNC_loop)
			return kbpf_reject(c, i, -EOPNOTSUPP, "loop needs the full verifier (its callback must be proved a function)");
		if (insn->imm < 0 || (u32)insn->imm >= c->opts->nr_helpers ||
		    !c->opts->helpers[insn->imm])
			return kbpf_reject(c, i, -EINVAL, "unknown helper %d", insn->imm);
	}
	return 0;
}

/* Full mode: stack depths measured per frame, combined over call chains. */
static int check_stack_chain(struct checker *c)
{
	u32 total = chain_stack(c, 0);

	if (total > KBPF_STACK_SIZE)
		return kbpf_reject(c, 0, -E2BIG, "the deepest call chain needs %u bytes of stack; the limit is %d for all frames together",
				   total, KBPF_STACK_SIZE);
	c->prog->stack_depth = total;
	return 0;
}

/*
 * Every prog_array the program refers to now holds programs of its type
 * (Linux fixes the owner when the first user is loaded); one a concurrent
 * load or update gave another type refuses this program. Runs before the
 * fixup turns the references into addresses.
 */
static int claim_prog_arrays(struct checker *c)
{
	u32 i;

	for (i = 0; i < c->prog->len; i++) {
		const struct kbpf_insn *insn = &c->prog->insns[i];
		struct kbpf_map *map;

		if ((c->flags[i] & INSN_LDDW_TAIL) || !is_lddw(insn) ||
		    insn->src_reg != KBPF_PSEUDO_MAP_IDX)
			continue;
		map = c->prog->maps[insn->imm];
		if (map->type != KBPF_MAP_TYPE_PROG_ARRAY ||
		    !kbpf_prog_array_claim(map, c->prog->type))
			continue;
		return kbpf_reject(c, i, -EINVAL, "map %d is a prog_array of programs of type %u; this program is type %u",
				   insn->imm, kbpf_prog_array_owner(map), c->prog->type);
	}
	return 0;
}

static int run_checks(struct checker *c)
{
	u32 s;
	int err;

	err = check_fields(c);
	if (!err)
		err = check_control_flow(c);
	if (!err)
		err = mark_reachable(c);
	if (!err)
		err = check_call_depth(c, 0, 1);
	if (err)
		return err;
	switch (c->opts->mode) {
	case KBPF_VERIFY_FULL:
		err = kbpf_explore(c);
		/* A program it tail-calls may read any field. */
		if (!err && c->prog->tail_calls)
			c->prog->ctx_words = ~0ULL;
		if (!err)
			err = check_stack_chain(c);
		if (!err)
			err = claim_prog_arrays(c);
		/* Before the fixups: it moves instructions. */
		if (!err)
			err = kbpf_inline_lookups(c);
		if (!err)
			err = kbpf_fixup_maps(c);
		if (!err) {
			kbpf_fixup_ctx(c);
			kbpf_fixup_printk(c);
		}
		break;
	default:
		err = check_helpers(c);
		/* Unknown stack use: every frame gets the whole stack. */
		for (s = 0; s < c->nr_subprogs; s++)
			c->subprogs[s].stack_depth = KBPF_STACK_SIZE;
		c->prog->stack_depth = KBPF_STACK_SIZE * c->subprogs[0].depth;
		/* Unknown context use too: all the type allows. */
		c->prog->max_ctx_offset = kbpf_ctx_size(c->prog->type);
		c->prog->ctx_words = ~0ULL;
	}
	if (err)
		return err;
	rewrite_calls(c);
	return 0;
}

int kbpf_verify(struct kbpf_prog *prog, const struct kbpf_verify_opts *opts,
		struct kbpf_log *log, struct kbpf_verify_result *res)
{
	struct checker c = {
		.prog = prog, .opts = opts, .log = log, .res = res,
	};
	int err = -ENOMEM;

	res->err = 0;
	res->err_insn = ~0U;
	memset(&res->stats, 0, sizeof(res->stats));
	prog->max_ctx_offset = 0;
	prog->ctx_words = 0;
	c.flags = kbpf_big_zalloc(prog->len * sizeof(*c.flags));
	c.call_map = kbpf_big_zalloc(prog->len * sizeof(*c.call_map));
	if (!c.flags || !c.call_map)
		goto out;
	err = run_checks(&c);
	if (!err) {
		prog->helpers = opts->helpers;
		prog->nr_helpers = opts->nr_helpers;
		kbpf_log_write(log, "accepted: %u instructions, stack %u bytes\n",
			       prog->len, prog->stack_depth);
	}
out:
	if (err == -ENOMEM)
		res->err = err;
	kbpf_big_free(c.subprogs);
	kbpf_big_free(c.call_map);
	kbpf_big_free(c.flags);
	return err;
}
