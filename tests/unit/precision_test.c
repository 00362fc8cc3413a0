// SPDX-License-Identifier: GPL-2.0-only
/*
 * Precision tracking pays: programs whose paths multiply through scalars
 * that never decide anything (an accumulator returned or stored, a bit
 * pattern built from independent branches) verify in time linear in
 * their length, where comparing every live scalar exactly explores each
 * path. The bounds here fail without precision (the shifted diamonds are
 * refused as too complex); the soundness side is in the verifier table
 * (tests/verifier/verifier_cases.h, "precision tracking").
 */
#include <time.h>
#include "unit.h"
#include "../verifier/verifier_cases.h"

struct counts {
	int err;
	unsigned long long processed;
	unsigned int kept;
	double secs;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct counts verify_counted(struct kbpf_prog *prog)
{
	static char buf[1 << 16];
	struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
	struct kbpf_verify_result res;
	struct counts n = { 0 };
	const char *stats;
	double t = now();

	buf[0] = '\0';
	n.err = kbpf_verify(prog, &vtest_opts, &log, &res);
	n.secs = now() - t;
	kbpf_log_finish(&log);
	stats = strstr(buf, "processed ");
	if (stats)
		sscanf(stats, "processed %llu instructions, %u states kept",
		       &n.processed, &n.kept);
	return n;
}

static struct kbpf_prog *build(const struct kbpf_insn *insns, u32 len)
{
	struct kbpf_prog *prog = kbpf_prog_alloc(len);

	if (!prog)
		return NULL;
	memcpy(prog->insns, insns, len * sizeof(*insns));
	prog->type = KBPF_PROG_TYPE_KPROBE;
	prog->gpl_compatible = true;
	return prog;
}

static void report(const char *name, const struct counts *n)
{
	printf("# %s: err %d, %llu instructions processed, %u states kept, %.3f s\n",
	       name, n->err, n->processed, n->kept, n->secs);
}

static void put(struct kbpf_insn *p, u32 *n, struct kbpf_insn insn)
{
	p[(*n)++] = insn;
}

/*
 * Twenty branches, each shifting one bit into r6: 2^20 distinct values
 * at the end, returned and never compared. Exact comparison explores
 * every one (refused at the million-instruction limit).
 */
static void shifted_diamonds(void)
{
	struct kbpf_insn p[128];
	struct kbpf_prog *prog;
	struct counts n;
	u32 len = 0, i;

	put(p, &len, (struct kbpf_insn)MOV64_IMM(6, 0));
	for (i = 0; i < 20; i++) {
		put(p, &len, (struct kbpf_insn)CALL_HELPER(5));
		put(p, &len, (struct kbpf_insn)ALU64_IMM(LSH, 6, 1));
		put(p, &len, (struct kbpf_insn)JMP_IMM(JGT, 0, 5, 1));
		put(p, &len, (struct kbpf_insn)ALU64_IMM(OR, 6, 1));
	}
	put(p, &len, (struct kbpf_insn)MOV64_REG(0, 6));
	put(p, &len, (struct kbpf_insn)EXIT());
	prog = build(p, len);
	n = verify_counted(prog);
	report("20 shifted diamonds", &n);
	UNIT_CHECK(!n.err && n.processed < 400,
		   "precision/20_shifted_diamonds_linear (%llu processed)", n.processed);
	kbpf_prog_free(prog);
}

/*
 * A 60-iteration loop whose body adds 1 or 3 to an accumulator on a
 * branch: the counter decides the loop, the accumulator only the result.
 * With @spill the accumulator lives in a stack slot across iterations.
 */
static void accumulator_loop(bool spill)
{
	struct kbpf_insn p[32];
	struct kbpf_prog *prog;
	struct counts n;
	u32 len = 0;

	put(p, &len, (struct kbpf_insn)MOV64_IMM(6, 0));
	put(p, &len, (struct kbpf_insn)MOV64_IMM(7, 0));
	put(p, &len, (struct kbpf_insn)ST(DW, 10, -8, 0));
	/* 3: loop head */
	put(p, &len, (struct kbpf_insn)CALL_HELPER(5));
	if (spill)
		put(p, &len, (struct kbpf_insn)LDX(DW, 7, 10, -8));
	else
		put(p, &len, (struct kbpf_insn)MOV64_REG(7, 7));
	put(p, &len, (struct kbpf_insn)JMP_IMM(JGT, 0, 5, 2));
	put(p, &len, (struct kbpf_insn)ALU64_IMM(ADD, 7, 1));
	put(p, &len, (struct kbpf_insn)JA(1));
	put(p, &len, (struct kbpf_insn)ALU64_IMM(ADD, 7, 3));
	if (spill)
		put(p, &len, (struct kbpf_insn)STX(DW, 10, 7, -8));
	else
		put(p, &len, (struct kbpf_insn)MOV64_REG(7, 7));
	put(p, &len, (struct kbpf_insn)ALU64_IMM(ADD, 6, 1));
	put(p, &len, (struct kbpf_insn)JMP_IMM(JLT, 6, 60, -9));
	put(p, &len, (struct kbpf_insn)MOV64_REG(0, 7));
	put(p, &len, (struct kbpf_insn)EXIT());
	prog = build(p, len);
	n = verify_counted(prog);
	report(spill ? "60-iteration loop, accumulator spilled" :
	       "60-iteration loop, accumulator in a register", &n);
	UNIT_CHECK(!n.err && n.processed < 2000,
		   "precision/accumulator_loop%s_linear (%llu processed)",
		   spill ? "_spilled" : "", n.processed);
	kbpf_prog_free(prog);
}

int main(void)
{
	shifted_diamonds();
	accumulator_loop(false);
	accumulator_loop(true);
	return unit_failed;
}
