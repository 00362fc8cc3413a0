// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites with known outcomes, to check that kunit-extract.sh reads
 * the kernel's real KTAP: passing, failing, skipped and parameterized
 * cases, a case that passes but makes the kernel warn, a suite without
 * cases and a suite whose init fails. Several of them fail on purpose.
 */
#include <kunit/test.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/module.h>

static void kbpf_selftest_passes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 2, 1 + 1);
}

static void kbpf_selftest_fails(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 3, 1 + 1, "fails on purpose");
}

static void kbpf_selftest_skips(struct kunit *test)
{
	kunit_skip(test, "skipped on purpose");
}

static void kbpf_selftest_warns(struct kunit *test)
{
	WARN(1, "kbpf harness self-test: a warning inside a KUnit case\n");
	KUNIT_EXPECT_TRUE(test, true);
}

struct kbpf_selftest_param {
	const char *desc;
	int value;
};

static const struct kbpf_selftest_param kbpf_selftest_params[] = {
	{ "one", 1 },
	{ "two fails", 2 },
	{ "three", 3 },
};

static void kbpf_selftest_param_desc(const struct kbpf_selftest_param *p,
				     char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kbpf_selftest, kbpf_selftest_params, kbpf_selftest_param_desc);

static void kbpf_selftest_param(struct kunit *test)
{
	const struct kbpf_selftest_param *p = test->param_value;

	KUNIT_EXPECT_NE(test, p->value, 2);
}

static struct kunit_case kbpf_selftest_cases[] = {
	KUNIT_CASE(kbpf_selftest_passes),
	KUNIT_CASE(kbpf_selftest_fails),
	KUNIT_CASE(kbpf_selftest_skips),
	KUNIT_CASE_PARAM(kbpf_selftest_param, kbpf_selftest_gen_params),
	KUNIT_CASE(kbpf_selftest_warns),
	{}
};

static struct kunit_suite kbpf_selftest_suite = {
	.name = "kbpf_selftest",
	.test_cases = kbpf_selftest_cases,
};

static struct kunit_case kbpf_selftest_no_cases[] = {
	{}
};

static struct kunit_suite kbpf_selftest_empty_suite = {
	.name = "kbpf_selftest_empty",
	.test_cases = kbpf_selftest_no_cases,
};

static int kbpf_selftest_init_fails(struct kunit_suite *suite)
{
	return -ENODEV;
}

static struct kunit_case kbpf_selftest_unreached_cases[] = {
	KUNIT_CASE(kbpf_selftest_passes),
	{}
};

static struct kunit_suite kbpf_selftest_init_suite = {
	.name = "kbpf_selftest_init_fails",
	.suite_init = kbpf_selftest_init_fails,
	.test_cases = kbpf_selftest_unreached_cases,
};

kunit_test_suites(&kbpf_selftest_suite, &kbpf_selftest_empty_suite,
		  &kbpf_selftest_init_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbpf harness self-test: KUnit suites with known outcomes");
