// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replacing one instruction of an accepted program by several.
 *
 * Everything that names an instruction by position moves with the ones
 * after the replaced one: jump offsets (16-bit, and the 32-bit gotos),
 * local calls and callback references (lddw source 4), which are
 * relative; subprogram bounds, line info and the verifier's per-
 * instruction flags, which are absolute. A jump to the replaced
 * instruction lands on the first of its replacement; the replacement's
 * own jumps are relative among themselves and are left as they are.
 */
#include "internal.h"

/* Where instruction @x of the old program is once @at became @n. */
static u32 new_pos(u32 x, u32 at, u32 n)
{
	return x <= at ? x : x + n - 1;
}

/* The relative field of @insn (at @i) aimed anew, or -E2BIG. */
static int retarget(struct kbpf_insn *insn, u32 i, u32 at, u32 n)
{
	s64 target, delta;
	bool wide;

	if (is_pseudo_call(insn) || is_pseudo_func(insn)) {
		target = (s64)i + 1 + insn->imm;
		wide = true;
	} else if (kbpf_jump_target(insn, i, &target)) {
		wide = insn->code == (KBPF_JMP32 | KBPF_JA);
	} else {
		return 0;
	}
	delta = (s64)new_pos(target, at, n) - ((s64)new_pos(i, at, n) + 1);
	if (wide) {
		if (delta < S32_MIN || delta > S32_MAX)
			return -E2BIG;
		insn->imm = (s32)delta;
		return 0;
	}
	if (delta < S16_MIN || delta > S16_MAX)
		return -E2BIG;
	insn->off = (s16)delta;
	return 0;
}

/*
 * Instruction @at becomes the @n of @patch. Nothing changes unless all
 * of it can: -E2BIG when a jump would no longer reach its target or the
 * program would grow past KBPF_MAX_INSNS, -ENOMEM.
 */
int kbpf_patch_insns(struct checker *c, u32 at, const struct kbpf_insn *patch,
		     u32 n)
{
	struct kbpf_prog *prog = c->prog;
	u32 len = prog->len, new_len = len + n - 1, i, j;
	struct kbpf_insn *insns;
	u16 *flags;
	int err = 0;

	if (!n || at >= len || (c->flags[at] & INSN_LDDW_TAIL) ||
	    is_lddw(&prog->insns[at]))
		return -EINVAL;
	if (new_len > KBPF_MAX_INSNS)
		return -E2BIG;
	insns = kbpf_big_zalloc((size_t)new_len * sizeof(*insns));
	flags = kbpf_big_zalloc((size_t)new_len * sizeof(*flags));
	if (!insns || !flags) {
		err = -ENOMEM;
		goto err;
	}
	for (i = 0; i < len; i++) {
		if (i == at)
			continue;
		j = new_pos(i, at, n);
		insns[j] = prog->insns[i];
		flags[j] = c->flags[i];
		if (c->flags[i] & INSN_LDDW_TAIL)
			continue;
		err = retarget(&insns[j], i, at, n);
		if (err)
			goto err;
	}
	memcpy(&insns[at], patch, n * sizeof(*patch));
	/* The first keeps what marks a position; none is a helper call. */
	flags[at] = c->flags[at] & (INSN_SUBPROG_START | INSN_REACHED);
	for (j = at + 1; j < at + n; j++)
		flags[j] = is_lddw(&insns[j - 1]) && !(flags[j - 1] & INSN_LDDW_TAIL) ?
			   INSN_LDDW_TAIL | INSN_REACHED : INSN_REACHED;

	for (i = 0; i < c->nr_subprogs; i++) {
		c->subprogs[i].start = new_pos(c->subprogs[i].start, at, n);
		/* One past the end: moves if the subprogram holds @at or is after. */
		if (c->subprogs[i].end > at)
			c->subprogs[i].end += n - 1;
	}
	for (i = 0; i < prog->nr_linfo; i++)
		prog->linfo[i].insn_off = new_pos(prog->linfo[i].insn_off, at, n);
	if (prog->insns != prog->insn_buf)
		kbpf_big_free(prog->insns);
	kbpf_big_free(c->flags);
	prog->insns = insns;
	prog->len = new_len;
	c->flags = flags;
	return 0;
err:
	kbpf_big_free(flags);
	kbpf_big_free(insns);
	return err;
}
