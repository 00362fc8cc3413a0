// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf_patch_insns (verifier/patch.c): one instruction replaced by
 * several, and everything that names instructions by position kept
 * right: jumps across the patch both ways and into it, 32-bit gotos,
 * local calls, callback references, lddw pairs, subprogram bounds, line
 * info and flags; a jump pushed out of 16-bit reach leaves the program
 * as it was.
 */
#include "unit.h"
#include "../cases/insn.h"
#include "../../verifier/internal.h"

struct fixture {
	struct checker c;
	struct kbpf_verify_result res;
	struct subprog subs[2];
};

static struct kbpf_prog *setup(struct fixture *f, const struct kbpf_insn *insns,
			       u32 len)
{
	struct kbpf_prog *prog = kbpf_prog_alloc(len);
	u32 i;

	memset(f, 0, sizeof(*f));
	memcpy(prog->insns, insns, len * sizeof(*insns));
	f->c.prog = prog;
	f->c.res = &f->res;
	f->c.flags = kbpf_big_zalloc(len * sizeof(*f->c.flags));
	f->c.subprogs = f->subs;
	for (i = 0; i < len; i++) {
		f->c.flags[i] |= INSN_REACHED;
		if (is_lddw(&insns[i]))
			f->c.flags[++i] |= INSN_LDDW_TAIL | INSN_REACHED;
	}
	return prog;
}

static void teardown(struct fixture *f)
{
	kbpf_big_free(f->c.flags);
	kbpf_prog_free(f->c.prog);
}

static const struct kbpf_insn three[] = {
	MOV64_IMM(0, 7),
	ALU64_IMM(ADD, 0, 1),
	ALU64_IMM(ADD, 0, 2),
};

/* Main at 0, a subprogram at 12 (callback and callee); the patch at 5. */
static const struct kbpf_insn prog_a[] = {
	/* 0 */ JMP_IMM(JEQ, 1, 0, 6),		/* -> 7, across the patch */
	/* 1 */ JMP_IMM(JEQ, 1, 1, 3),		/* -> 5, onto the patch */
	/* 2 */ JMP_IMM(JEQ, 1, 2, 0),		/* -> 3, before it */
	/* 3 */ INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, KBPF_PSEUDO_FUNC, 0, 8), /* -> 12 */
		INSN(0, 0, 0, 0, 0),
	/* 5 */ CALL_HELPER(1),			/* patched */
	/* 6 */ JA32(2),			/* -> 9 */
	/* 7 */ CALL_LOCAL(4),			/* -> 12 */
	/* 8 */ JMP_IMM(JNE, 0, 0, -9),		/* -> 0, back across */
	/* 9 */ LD_IMM64(3, 0x1122334455667788ULL),
	/* 11 */ EXIT(),
	/* 12 */ MOV64_IMM(0, 0),
	/* 13 */ EXIT(),
};

static void test_moves(void)
{
	struct kbpf_line_info li[] = {
		{ .insn_off = 0 }, { .insn_off = 5 }, { .insn_off = 6 },
		{ .insn_off = 12 },
	};
	struct fixture f;
	struct kbpf_prog *prog = setup(&f, prog_a, ARRAY_SIZE(prog_a));
	const struct kbpf_insn *in;
	int err;

	f.subs[0] = (struct subprog){ .start = 0, .end = 12 };
	f.subs[1] = (struct subprog){ .start = 12, .end = 14 };
	f.c.nr_subprogs = 2;
	f.c.flags[12] |= INSN_SUBPROG_START;
	prog->linfo = li;
	prog->nr_linfo = ARRAY_SIZE(li);
	err = kbpf_patch_insns(&f.c, 5, three, ARRAY_SIZE(three));
	in = prog->insns;
	UNIT_CHECK(!err && prog->len == 16 && prog->insns != prog->insn_buf,
		   "patch: 14 instructions, one made three: 16 in a new array (%d)", err);
	UNIT_CHECK(!memcmp(&in[5], three, sizeof(three)), "patch: the three at 5..7");
	UNIT_CHECK(in[0].off == 8, "patch: a jump across it grows by 2 (%d)", in[0].off);
	UNIT_CHECK(in[1].off == 3, "patch: a jump onto it lands on its first instruction (%d)",
		   in[1].off);
	UNIT_CHECK(in[2].off == 0, "patch: a jump before it is untouched (%d)", in[2].off);
	UNIT_CHECK(in[3].imm == 10 && in[3].src_reg == KBPF_PSEUDO_FUNC,
		   "patch: a callback reference across it grows by 2 (%d)", in[3].imm);
	UNIT_CHECK(in[8].imm == 2, "patch: a 32-bit goto after it keeps its target (%d)",
		   in[8].imm);
	UNIT_CHECK(in[9].imm == 4 && in[9].src_reg == KBPF_PSEUDO_CALL,
		   "patch: a local call after it keeps its callee (%d)", in[9].imm);
	UNIT_CHECK(in[10].off == -11, "patch: a jump back across it grows by 2 (%d)",
		   in[10].off);
	UNIT_CHECK(in[11].imm == 0x55667788 && in[12].imm == 0x11223344 &&
		   (f.c.flags[12] & INSN_LDDW_TAIL) && !(f.c.flags[11] & INSN_LDDW_TAIL),
		   "patch: an lddw after it moves whole, its tail flagged");
	UNIT_CHECK((f.c.flags[4] & INSN_LDDW_TAIL) && (f.c.flags[14] & INSN_SUBPROG_START) &&
		   !(f.c.flags[12] & INSN_SUBPROG_START) &&
		   (f.c.flags[5] & INSN_REACHED) && (f.c.flags[7] & INSN_REACHED),
		   "patch: flags move with their instructions; the new ones are reached");
	UNIT_CHECK(f.subs[0].start == 0 && f.subs[0].end == 14 && f.subs[1].start == 14 &&
		   f.subs[1].end == 16,
		   "patch: subprograms 0..14 and 14..16 (%u..%u, %u..%u)", f.subs[0].start,
		   f.subs[0].end, f.subs[1].start, f.subs[1].end);
	UNIT_CHECK(li[0].insn_off == 0 && li[1].insn_off == 5 && li[2].insn_off == 8 &&
		   li[3].insn_off == 14,
		   "patch: line info 0, 5 (the patch keeps its line), 8, 14");
	prog->linfo = NULL;
	prog->nr_linfo = 0;
	teardown(&f);
}

/* A patch holding an lddw: its tail is flagged too. */
static void test_patch_lddw(void)
{
	const struct kbpf_insn p[] = { MOV64_IMM(0, 0), LD_IMM64(1, 5), EXIT() };
	const struct kbpf_insn patch[] = { LD_IMM64(4, 9), MOV64_REG(0, 4) };
	struct fixture f;
	struct kbpf_prog *prog = setup(&f, p, ARRAY_SIZE(p));
	int err;

	f.subs[0] = (struct subprog){ .start = 0, .end = 4 };
	f.c.nr_subprogs = 1;
	err = kbpf_patch_insns(&f.c, 0, patch, ARRAY_SIZE(patch));
	UNIT_CHECK(!err && prog->len == 6 && f.subs[0].end == 6 &&
		   (f.c.flags[1] & INSN_LDDW_TAIL) && !(f.c.flags[2] & INSN_LDDW_TAIL) &&
		   (f.c.flags[4] & INSN_LDDW_TAIL) && prog->insns[3].imm == 5,
		   "patch: an lddw in the patch and one after it, both tails flagged (%d)", err);
	UNIT_CHECK(kbpf_patch_insns(&f.c, 3, patch, 1) == -EINVAL &&
		   kbpf_patch_insns(&f.c, 4, patch, 1) == -EINVAL && prog->len == 6,
		   "patch: an lddw head or tail cannot be replaced");
	teardown(&f);
}

/* A jump that would need more than 16 bits: nothing changes. */
static void test_out_of_reach(void)
{
	static struct kbpf_insn big[32770];
	static struct kbpf_insn patch[KBPF_MAP_GEN_LOOKUP_MAX];
	struct fixture f;
	struct kbpf_prog *prog;
	struct kbpf_insn *before;
	u32 i;
	int err;

	for (i = 0; i < ARRAY_SIZE(big); i++)
		big[i] = (struct kbpf_insn)MOV64_IMM(0, i);
	big[0] = (struct kbpf_insn)JMP_IMM(JEQ, 1, 0, 32767);	/* -> 32768 */
	big[1] = (struct kbpf_insn)CALL_HELPER(1);
	big[ARRAY_SIZE(big) - 1] = (struct kbpf_insn)EXIT();
	for (i = 0; i < ARRAY_SIZE(patch); i++)
		patch[i] = (struct kbpf_insn)MOV64_IMM(0, 0);
	prog = setup(&f, big, ARRAY_SIZE(big));
	f.subs[0] = (struct subprog){ .start = 0, .end = ARRAY_SIZE(big) };
	f.c.nr_subprogs = 1;
	before = prog->insns;
	err = kbpf_patch_insns(&f.c, 1, patch, 2);
	UNIT_CHECK(err == -E2BIG && prog->insns == before && prog->len == ARRAY_SIZE(big) &&
		   prog->insns[0].off == 32767 && prog->insns[1].imm == 1 &&
		   f.subs[0].end == ARRAY_SIZE(big),
		   "patch: a jump pushed past 32767 refuses it, the program unchanged (%d)", err);
	err = kbpf_patch_insns(&f.c, 1, patch, 1);
	UNIT_CHECK(!err && prog->len == ARRAY_SIZE(big) && prog->insns[0].off == 32767 &&
		   prog->insns[1].code == (KBPF_ALU64 | KBPF_MOV | KBPF_K),
		   "patch: one for one moves nothing (%d)", err);
	teardown(&f);
}

int main(void)
{
	test_moves();
	test_patch_lddw();
	test_out_of_reach();
	return unit_failed;
}
