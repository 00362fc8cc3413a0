// SPDX-License-Identifier: GPL-2.0-only
/* The verifier table on the host: verdict, errno, instruction, message. */
#include "unit.h"
#include "../verifier/verifier_cases.h"

/*
 * The log levels on one program with two paths, the first safe, the
 * second not: level 1 keeps only the failing path (the verified one is
 * dropped) with the register state at its branch; level 2 has every
 * instruction of both paths with the state after each; the stats bit
 * adds the statistics line at the end.
 */
static const struct kbpf_insn two_paths[] = {
	LDX(W, 2, 1, 0),		/* r2 = skb->len */
	JMP_IMM(JGT, 2, 10, 2),
	MOV64_IMM(0, 1),
	EXIT(),
	LDX(DW, 0, 10, -8),		/* never written */
	EXIT(),
};

static int log_at_level(u32 level, char *buf, u32 size)
{
	struct kbpf_log log = { .buf = buf, .size = size };
	struct kbpf_verify_opts opts = vtest_opts;
	struct kbpf_verify_result res;
	struct kbpf_prog *prog = kbpf_prog_alloc(ARRAY_SIZE(two_paths));
	int err;

	if (!prog)
		return -ENOMEM;
	memcpy(prog->insns, two_paths, sizeof(two_paths));
	prog->type = KBPF_PROG_TYPE_SOCKET_FILTER;
	kbpf_log_set_level(&log, level);
	err = kbpf_verify(prog, &opts, &log, &res);
	kbpf_log_stats(&log, &res.stats);
	kbpf_log_finish(&log);
	kbpf_prog_free(prog);
	return err;
}

static void test_log_levels(void)
{
	static char l1[4096], l2[4096], ls[4096];

	UNIT_CHECK(log_at_level(1, l1, sizeof(l1)) == -EACCES &&
		   strstr(l1, "1: if r2 > 10 goto +2\n  state r1=ctx r2=0..4294967295 r10=fp\n") &&
		   strstr(l1, "from 4:\n4: r0 = *(u64 *)(r10 - 8)\n") &&
		   !strstr(l1, "2: r0 = 1"),
		   "verifier/log/level1_keeps_only_the_failing_path");
	UNIT_CHECK(log_at_level(2, l2, sizeof(l2)) == -EACCES &&
		   strstr(l2, "2: r0 = 1\n  state r0=1 r1=ctx r2=0..10 r10=fp\n3: exit\n") &&
		   strstr(l2, "  state r1=ctx r2=0..10 r10=fp\n") &&
		   strstr(l2, "4: r0 = *(u64 *)(r10 - 8): read of 8 bytes at r10-8 reads stack bytes never written"),
		   "verifier/log/level2_has_every_path_and_state");
	log_at_level(1 | 4, ls, sizeof(ls));
	UNIT_CHECK(strstr(ls, "stats: ") && strstr(ls, "reads stack bytes never written") &&
		   strstr(ls, "stats: ") > strstr(ls, "reads stack bytes never written") &&
		   !strchr(strstr(ls, "stats: "), '\n')[1],
		   "verifier/log/stats_line_comes_last");
	if (!strstr(l1, "from 4:") || strstr(l1, "2: r0 = 1"))
		printf("#   level 1 log:\n%s", l1);
}

int main(void)
{
	static char buf[4096];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++) {
		const struct verifier_case *c = &verifier_cases[i];
		struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
		struct kbpf_verify_result res;
		struct kbpf_prog *prog = vtest_prog(c);
		struct kbpf_verify_opts opts;
		int err;

		buf[0] = '\0';
		vtest_case_opts(c, &opts);
		err = kbpf_verify(prog, &opts, &log, &res);
		kbpf_log_finish(&log);
		UNIT_CHECK(err == c->err && (!c->err || (res.err_insn == c->err_insn &&
							 strstr(buf, c->msg))) &&
			   (c->err || !c->max_ctx || prog->max_ctx_offset == c->max_ctx) &&
			   (c->err || !c->check_words || prog->ctx_words == c->ctx_words),
			   "verifier/%s", c->name);
		if (err != c->err || (c->err && (!strstr(buf, c->msg) ||
						 res.err_insn != c->err_insn)))
			printf("#   got %d at %u, log end: %s\n", err, res.err_insn,
			       strlen(buf) > 600 ? buf + strlen(buf) - 600 : buf);
		kbpf_prog_free(prog);
	}
	test_log_levels();
	return unit_failed;
}
