// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the machine, run in the debug guest: the shared
 * instruction-set table through the module's own verifier and
 * interpreter, and the verifier log's truncation rule.
 */
#include <kunit/test.h>
#include "../../verifier/verifier.h"
#include "../cases/isa_cases.h"

static void isa_case_desc(const struct isa_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(isa, isa_cases, isa_case_desc);

static void kbpf_vm_isa_case(struct kunit *test)
{
	static const struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_FULL,
	};
	const struct isa_case *c = test->param_value;
	struct kbpf_log log = { .size = 512, .level = 1 };
	struct kbpf_verify_result res;
	struct kbpf_prog *prog;
	int err;

	log.buf = kunit_kzalloc(test, log.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log.buf);
	prog = kbpf_prog_alloc(c->len);
	KUNIT_ASSERT_NOT_NULL(test, prog);
	memcpy(prog->insns, c->insns, c->len * sizeof(c->insns[0]));

	err = kbpf_verify(prog, &opts, &log, &res);
	kbpf_log_finish(&log);
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "rejected: %s", log.buf);
	if (!err) {
		kbpf_interp_select(prog);
		KUNIT_EXPECT_EQ(test, kbpf_prog_run(prog, NULL), c->expect);
	}
	kbpf_prog_free(prog);
}

/* A log too small for everything keeps the end, where the reason is. */
static void kbpf_vm_log_keeps_tail(struct kunit *test)
{
	char buf[16];
	struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };

	kbpf_log_write(&log, "0123456789");
	kbpf_log_write(&log, "abcdefghij");
	kbpf_log_finish(&log);
	KUNIT_EXPECT_EQ(test, log.true_len, 20ULL);
	KUNIT_EXPECT_STREQ(test, buf, "56789abcdefghij");
}

/* The verifier explores loops; one that makes no progress is refused. */
static void kbpf_vm_rejects_loop(struct kunit *test)
{
	static const struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_FULL,
	};
	static const struct kbpf_insn loop[] = {
		MOV64_IMM(0, 0), ALU64_IMM(ADD, 0, 0),
		JMP_IMM(JLT, 0, 10, -2), EXIT(),
	};
	struct kbpf_verify_result res;
	struct kbpf_prog *prog = kbpf_prog_alloc(ARRAY_SIZE(loop));

	KUNIT_ASSERT_NOT_NULL(test, prog);
	memcpy(prog->insns, loop, sizeof(loop));
	KUNIT_EXPECT_EQ(test, kbpf_verify(prog, &opts, NULL, &res), -EINVAL);
	KUNIT_EXPECT_EQ(test, res.err_insn, 1U);
	kbpf_prog_free(prog);
}

static struct kunit_case kbpf_vm_cases[] = {
	KUNIT_CASE_PARAM(kbpf_vm_isa_case, isa_gen_params),
	KUNIT_CASE(kbpf_vm_log_keeps_tail),
	KUNIT_CASE(kbpf_vm_rejects_loop),
	{}
};

static struct kunit_suite kbpf_vm_suite = {
	.name = "kbpf_vm",
	.test_cases = kbpf_vm_cases,
};

kunit_test_suites(&kbpf_vm_suite);
