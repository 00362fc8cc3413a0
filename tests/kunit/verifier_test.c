// SPDX-License-Identifier: GPL-2.0-only
/* KUnit: the verifier table, through the module's own verifier. */
#include <kunit/test.h>
#include "../../verifier/verifier.h"
#include "../verifier/verifier_cases.h"

static void verifier_case_desc(const struct verifier_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(verifier, verifier_cases, verifier_case_desc);

static void kbpf_verifier_case(struct kunit *test)
{
	const struct verifier_case *c = test->param_value;
	struct kbpf_log log = { .size = 4096, .level = 1 };
	struct kbpf_verify_result res;
	struct kbpf_verify_opts opts;
	struct kbpf_prog *prog;

	if (c->slow)
		kunit_skip(test, "a million instructions: host unit test and ioctl_test cover it");
	log.buf = kunit_kzalloc(test, log.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log.buf);
	prog = vtest_prog(c);
	KUNIT_ASSERT_NOT_NULL(test, prog);

	vtest_case_opts(c, &opts);
	KUNIT_EXPECT_EQ(test, kbpf_verify(prog, &opts, &log, &res), c->err);
	kbpf_log_finish(&log);
	if (!c->err && c->max_ctx)
		KUNIT_EXPECT_EQ(test, prog->max_ctx_offset, c->max_ctx);
	if (!c->err && c->check_words)
		KUNIT_EXPECT_EQ(test, prog->ctx_words, c->ctx_words);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, res.err_insn, c->err_insn);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(log.buf, c->msg),
					  "log: %s", log.buf);
	}
	kbpf_prog_free(prog);
}

static struct kunit_case kbpf_verifier_cases[] = {
	KUNIT_CASE_PARAM(kbpf_verifier_case, verifier_gen_params),
	{}
};

static struct kunit_suite kbpf_verifier_suite = {
	.name = "kbpf_verifier",
	.test_cases = kbpf_verifier_cases,
};

kunit_test_suites(&kbpf_verifier_suite);
