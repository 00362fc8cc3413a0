// SPDX-License-Identifier: GPL-2.0-only
/*
 * Constant blinding, as Linux's bpf_jit_harden does it: a rewrite of the
 * bytecode before code generation, so every code generator gets it.
 *
 * An immediate a user chose would otherwise sit verbatim in executable
 * memory, where it can be used as a gadget (JIT spraying). Each one is
 * replaced by (imm ^ rnd) and rnd, fresh random values per instruction,
 * combined at run time in the scratch register KBPF_JIT_REG_AX:
 *
 *   dst op= imm      ->  ax = imm ^ rnd; ax ^= rnd; dst op= ax
 *   if dst op imm    ->  ax = imm ^ rnd; ax ^= rnd; if dst op ax
 *   *(dst + off) = imm  ->  ax = ...; *(dst + off) = ax
 *   dst = imm64      ->  ax = hi; ax <<= 32; dst = lo; dst |= ax (each blinded)
 *
 * Jumps and local calls are re-aimed at the rewritten positions. A program
 * whose jumps no longer fit their 16-bit offsets is left unblinded and
 * interpreted, never JIT-compiled with its constants in the clear.
 */
#include "internal.h"

#define MAX_EXPANSION	8

static struct kbpf_insn make(u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	return (struct kbpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
				   .off = off, .imm = imm };
}

/* ax = imm, in two blinded steps; 32 or 64 bits as @class says. */
static u32 load_ax(struct kbpf_insn *out, u8 class, s32 imm)
{
	s32 rnd = (s32)kbpf_random_u32();

	out[0] = make(class | KBPF_MOV | KBPF_K, KBPF_JIT_REG_AX, 0, 0, imm ^ rnd);
	out[1] = make(class | KBPF_XOR | KBPF_K, KBPF_JIT_REG_AX, 0, 0, rnd);
	return 2;
}

static bool has_blindable_imm(const struct kbpf_insn *in)
{
	u8 class = in->code & 0x07, op = in->code & 0xf0;

	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
		return (in->code & KBPF_X) == KBPF_K && op != KBPF_NEG && op != KBPF_END;
	case KBPF_JMP:
	case KBPF_JMP32:
		return (in->code & KBPF_X) == KBPF_K && op != KBPF_JA &&
		       op != KBPF_CALL && op != KBPF_EXIT;
	case KBPF_ST:
		return true;
	case KBPF_LD:
		return in->code == (KBPF_LD | KBPF_IMM | KBPF_DW);
	}
	return false;
}

/* The rewrite of one instruction; returns how many it became. */
static u32 rewrite(const struct kbpf_insn *in, struct kbpf_insn *out)
{
	u8 class = in->code & 0x07;
	u32 n;

	if (in->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
	    in->src_reg == KBPF_PSEUDO_FUNC) {
		/* A callback: the code generator puts its entry here. */
		out[0] = in[0];
		out[1] = in[1];
		return 2;
	}
	if (!has_blindable_imm(in)) {
		out[0] = in[0];
		return 1;
	}
	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
		n = load_ax(out, class, in->imm);
		out[n] = make((in->code & ~KBPF_X) | KBPF_X, in->dst_reg,
			      KBPF_JIT_REG_AX, in->off, 0);
		return n + 1;
	case KBPF_JMP:
	case KBPF_JMP32:
		n = load_ax(out, class == KBPF_JMP ? KBPF_ALU64 : KBPF_ALU, in->imm);
		out[n] = make(in->code | KBPF_X, in->dst_reg, KBPF_JIT_REG_AX,
			      in->off, 0);
		return n + 1;
	case KBPF_ST:
		n = load_ax(out, KBPF_ALU64, in->imm);
		out[n] = make(KBPF_STX | KBPF_MEM | (in->code & 0x18), in->dst_reg,
			      KBPF_JIT_REG_AX, in->off, 0);
		return n + 1;
	}
	/* lddw: the high half through ax, the low half through dst itself. */
	n = load_ax(out, KBPF_ALU, in[1].imm);
	out[n++] = make(KBPF_ALU64 | KBPF_LSH | KBPF_K, KBPF_JIT_REG_AX, 0, 0, 32);
	n += load_ax(out + n, KBPF_ALU, in->imm);
	out[n - 2].dst_reg = in->dst_reg;
	out[n - 1].dst_reg = in->dst_reg;
	out[n++] = make(KBPF_ALU64 | KBPF_OR | KBPF_X, in->dst_reg, KBPF_JIT_REG_AX, 0, 0);
	return n;
}

static bool is_local_call(const struct kbpf_insn *in)
{
	return in->code == (KBPF_JMP | KBPF_CALL) && in->src_reg == KBPF_PSEUDO_CALL;
}

static bool is_jump(const struct kbpf_insn *in)
{
	u8 class = in->code & 0x07, op = in->code & 0xf0;

	return (class == KBPF_JMP || class == KBPF_JMP32) && op != KBPF_CALL &&
	       op != KBPF_EXIT;
}

/*
 * Re-aims the branch that ends the rewrite of instruction @i (now at
 * @at) at the rewrite of its target.
 */
static int retarget(struct kbpf_insn *out, u32 at, const struct kbpf_insn *in,
		    u32 i, const u32 *start)
{
	s64 delta;

	if (is_local_call(in)) {
		out[at].imm = (s32)(start[i + 1 + in->imm] - (at + 1));
		return 0;
	}
	if (in->code == (KBPF_JMP32 | KBPF_JA)) {
		out[at].imm = (s32)(start[i + 1 + in->imm] - (at + 1));
		return 0;
	}
	delta = (s64)start[i + 1 + in->off] - (at + 1);
	if (delta < -32768 || delta > 32767)
		return -E2BIG;
	out[at].off = (s16)delta;
	return 0;
}

/*
 * A blinded copy of @insns in @out (caller frees), and in @start the
 * position each original instruction's rewrite begins at (len + 1
 * entries), so native offsets can be reported per original instruction.
 */
int kbpf_jit_blind(const struct kbpf_insn *insns, u32 len,
		   struct kbpf_insn **out, u32 *out_len, u32 **start)
{
	struct kbpf_insn *b = kbpf_big_zalloc((size_t)len * MAX_EXPANSION * sizeof(*b));
	u32 *pos = kbpf_big_zalloc((len + 1) * sizeof(*pos));
	u32 i, n = 0, k;
	int err = -ENOMEM;

	if (!b || !pos)
		goto err;
	for (i = 0; i < len; i++) {
		pos[i] = n;
		k = rewrite(&insns[i], &b[n]);
		n += k;
		if (insns[i].code == (KBPF_LD | KBPF_IMM | KBPF_DW))
			pos[++i] = n;	/* the tail: rewritten with its head */
	}
	pos[len] = n;
	for (i = 0; i < len; i++) {
		/* An lddw's tail has opcode 0: never taken for a jump. */
		if (!is_jump(&insns[i]) && !is_local_call(&insns[i]))
			continue;
		err = retarget(b, pos[i + 1] - 1, &insns[i], i, pos);
		if (err)
			goto err;
	}
	*out = b;
	*out_len = n;
	*start = pos;
	return 0;
err:
	kbpf_big_free(pos);
	kbpf_big_free(b);
	return err;
}
