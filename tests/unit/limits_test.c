// SPDX-License-Identifier: GPL-2.0-only
/*
 * Programs at the limits, shaped to hurt a verifier: a call chain as long
 * as the instruction limit allows (unbounded recursion in the checker
 * would overflow the stack), very wide call graphs (quadratic work), and
 * a DAG whose paths multiply (exponential work without memoization). Each
 * must get its verdict; a checker that recursed or multiplied work on
 * these would crash or never finish.
 */
#include <time.h>
#include "unit.h"
#include "../../verifier/verifier.h"
#include "../cases/insn.h"

static const struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL };

static int verify(struct kbpf_prog *prog, u32 *err_insn)
{
	struct kbpf_verify_result res;
	int err = kbpf_verify(prog, &opts, NULL, &res);

	*err_insn = res.err_insn;
	return err;
}

/* The same, keeping the level-1 log's last line (the reason) in @why. */
static int verify_why(struct kbpf_prog *prog, char *why, size_t size)
{
	static char buf[1 << 16];
	struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
	struct kbpf_verify_result res;
	int err = kbpf_verify(prog, &opts, &log, &res);
	char *last;

	kbpf_log_finish(&log);
	last = strrchr(buf, '\n');
	while (last && last > buf && !last[1]) {
		*last = '\0';
		last = strrchr(buf, '\n');
	}
	snprintf(why, size, "%.500s", last ? last + 1 : buf);
	return err;
}

static void put(struct kbpf_prog *prog, u32 *n, struct kbpf_insn insn)
{
	prog->insns[(*n)++] = insn;
}

/* Subprogram k calls k + 1, for as many as fit: rejected at frame 9. */
static void long_chain(void)
{
	u32 n = 0, at, subs = (KBPF_MAX_INSNS - 2) / 2;
	struct kbpf_prog *prog = kbpf_prog_alloc(subs * 2 + 2);

	while (n < subs * 2) {
		put(prog, &n, (struct kbpf_insn)CALL_LOCAL(1));
		put(prog, &n, (struct kbpf_insn)EXIT());
	}
	put(prog, &n, (struct kbpf_insn)MOV64_IMM(0, 0));
	put(prog, &n, (struct kbpf_insn)EXIT());
	UNIT_CHECK(verify(prog, &at) == -E2BIG && at == 16,
		   "limits/call_chain_of_%u_subprograms_rejected_at_frame_9", subs);
	kbpf_prog_free(prog);
}

/* Main calls ~333,000 distinct subprograms: accepted, and it runs. */
static void wide_calls(void)
{
	u32 calls = (KBPF_MAX_INSNS - 1) / 3, n = 0, i, at;
	struct kbpf_prog *prog = kbpf_prog_alloc(calls * 3 + 1);

	for (i = 0; i < calls; i++)
		put(prog, &n, (struct kbpf_insn)CALL_LOCAL(calls - i + 2 * i));
	put(prog, &n, (struct kbpf_insn)EXIT());
	for (i = 0; i < calls; i++) {
		put(prog, &n, (struct kbpf_insn)MOV64_IMM(0, i));
		put(prog, &n, (struct kbpf_insn)EXIT());
	}
	UNIT_CHECK(verify(prog, &at) == 0, "limits/%u_distinct_callees_accepted", calls);
	kbpf_interp_select(prog);
	UNIT_CHECK(kbpf_prog_run(prog, NULL) == calls - 1, "limits/%u_distinct_callees_run", calls);
	kbpf_prog_free(prog);
}

/*
 * Eight levels, each calling the next from 1,000 call sites: 10^21 paths
 * from main to the deepest level, 8,009 instructions. The full verifier
 * checks every callee in the context of its call site, as Linux does, so
 * this is refused as too complex, quickly and without deep recursion.
 */
static void multiplying_paths(void)
{
	enum { LEVELS = 8, SITES = 1000 };
	u32 n = 0, l, k, len = (LEVELS - 1) * (SITES + 1) + 2;
	char why[512];
	struct kbpf_prog *prog = kbpf_prog_alloc(len);

	for (l = 0; l < LEVELS - 1; l++) {
		for (k = 0; k < SITES; k++)
			put(prog, &n, (struct kbpf_insn)CALL_LOCAL(SITES - k));
		put(prog, &n, (struct kbpf_insn)EXIT());
	}
	put(prog, &n, (struct kbpf_insn)MOV64_IMM(0, 8));
	put(prog, &n, (struct kbpf_insn)EXIT());
	UNIT_CHECK(n == len && verify_why(prog, why, sizeof(why)) == -E2BIG &&
		   strstr(why, "program is too complex") && strstr(why, "and no loop"),
		   "limits/8_levels_of_1000_call_sites_too_complex_no_loop_named");
	if (!strstr(why, "and no loop"))
		printf("#   %s\n", why);
	kbpf_prog_free(prog);
}

/* The instruction limit itself: one million slots, straight line. */
static void million_insns(void)
{
	u32 n = 0, at;
	struct kbpf_prog *prog = kbpf_prog_alloc(KBPF_MAX_INSNS);

	put(prog, &n, (struct kbpf_insn)MOV64_IMM(0, 0));
	while (n < KBPF_MAX_INSNS - 1)
		put(prog, &n, (struct kbpf_insn)ALU64_IMM(ADD, 0, 1));
	put(prog, &n, (struct kbpf_insn)EXIT());
	UNIT_CHECK(verify(prog, &at) == 0, "limits/million_instructions_accepted");
	kbpf_interp_select(prog);
	UNIT_CHECK(kbpf_prog_run(prog, NULL) == KBPF_MAX_INSNS - 2,
		   "limits/million_instructions_run");
	UNIT_CHECK(!kbpf_prog_alloc(KBPF_MAX_INSNS + 1),
		   "limits/over_a_million_refused");
	kbpf_prog_free(prog);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A loop bounded at a million iterations: explored until the limit. */
static void million_iterations(void)
{
	static const struct kbpf_insn insns[] = {
		MOV64_IMM(0, 0), ALU64_IMM(ADD, 0, 1),
		JMP_IMM(JLT, 0, 1000000, -2), EXIT(),
	};
	struct kbpf_prog *prog = kbpf_prog_alloc(ARRAY_SIZE(insns));
	double t = now();
	u32 at;
	int err;

	memcpy(prog->insns, insns, sizeof(insns));
	err = verify(prog, &at);
	printf("# million-iteration loop refused in %.2f s\n", now() - t);
	UNIT_CHECK(err == -E2BIG && at == 2, "limits/million_iteration_loop_too_complex");
	kbpf_prog_free(prog);
}

/* A 1,000-iteration loop with a body of 20 instructions: accepted. */
static void thousand_iterations(void)
{
	struct kbpf_prog *prog = kbpf_prog_alloc(24);
	u32 n = 0, at, i;

	put(prog, &n, (struct kbpf_insn)MOV64_IMM(0, 0));
	put(prog, &n, (struct kbpf_insn)MOV64_IMM(1, 0));
	for (i = 0; i < 20; i++)
		put(prog, &n, (struct kbpf_insn)ALU64_IMM(ADD, 0, 3));
	put(prog, &n, (struct kbpf_insn)JMP_IMM(JLT, 0, 60000, -21));
	put(prog, &n, (struct kbpf_insn)EXIT());
	UNIT_CHECK(verify(prog, &at) == 0, "limits/thousand_iteration_loop_accepted");
	kbpf_interp_select(prog);
	UNIT_CHECK(kbpf_prog_run(prog, NULL) == 60000, "limits/thousand_iteration_loop_runs");
	kbpf_prog_free(prog);
}

int main(void)
{
	double t;

	long_chain();
	wide_calls();
	t = now();
	multiplying_paths();
	printf("# 10^21-path call graph refused in %.2f s\n", now() - t);
	t = now();
	million_insns();
	printf("# million straight-line instructions verified and run in %.2f s\n",
	       now() - t);
	million_iterations();
	thousand_iterations();
	return unit_failed;
}
