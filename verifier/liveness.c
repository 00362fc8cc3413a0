// SPDX-License-Identifier: GPL-2.0-only
/*
 * Register liveness: for each instruction, the registers some path from it
 * reads before writing. State pruning compares only those, so a dead
 * register holding a different value does not stop a state from being
 * recognised as already verified. A backward dataflow over each
 * subprogram's instructions with a worklist: every instruction's set only
 * grows, so the work is linear in the program times the register count.
 */
#include "internal.h"

#define REGS_ARGS	0x3e	/* r1-r5 */
#define REGS_CALL_WR	0x3f	/* r0-r5 */

/* Registers a call reads: a helper's declared arguments, else r1-r5. */
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

int kbpf_liveness(struct checker *c)
{
	u32 len = c->prog->len, i, k, n, *pred_start, *preds, *work, top = 0;
	u8 *queued;
	int err = -ENOMEM;

	pred_start = kbpf_big_zalloc((len + 1) * sizeof(u32));
	preds = kbpf_big_zalloc(2 * len * sizeof(u32));
	work = kbpf_big_zalloc(len * sizeof(u32));
	queued = kbpf_big_zalloc(len);
	if (!pred_start || !preds || !work || !queued)
		goto out;
	/* Predecessor lists, counted then filled (compressed rows). */
	for (i = 0; i < len; i++) {
		u32 next[2];

		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		n = successors(c, i, next);
		for (k = 0; k < n; k++)
			pred_start[next[k] + 1]++;
	}
	for (i = 0; i < len; i++)
		pred_start[i + 1] += pred_start[i];
	for (i = 0; i < len; i++) {
		u32 next[2];

		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		n = successors(c, i, next);
		for (k = 0; k < n; k++)
			preds[pred_start[next[k]] + work[next[k]]++] = i;
	}
	for (i = 0; i < len; i++) {
		work[i] = i;
		queued[i] = 1;
	}
	top = len;
	while (top) {
		u32 next[2];
		u16 rd, wr, out = 0, in;

		i = work[--top];
		queued[i] = 0;
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
		for (k = pred_start[i]; k < pred_start[i + 1]; k++) {
			if (!queued[preds[k]]) {
				queued[preds[k]] = 1;
				work[top++] = preds[k];
			}
		}
	}
	err = 0;
out:
	kbpf_big_free(queued);
	kbpf_big_free(work);
	kbpf_big_free(preds);
	kbpf_big_free(pred_start);
	return err;
}
