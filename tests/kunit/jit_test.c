// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for the JIT's executable memory, as the MMU sees it (the
 * debug guest is x86_64): every arena page executable and read-only,
 * also right after native code was written into it through its
 * temporary alias, and no page of the module's image writable and
 * executable at once. jit/mem_kernel.c never edits page tables; this
 * checks that what it relies on holds.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/mm.h>
#include "../../verifier/verifier.h"
#include "../../jit/jit.h"
#include "../cases/insn.h"

extern u8 kbpf_jit_arena_start[], kbpf_jit_arena_end[];

#ifdef CONFIG_X86
/* The mapping of @addr: false when it has none. */
static bool page_prot(unsigned long addr, bool *exec, bool *write)
{
	unsigned int level;
	pte_t *pte = lookup_address(addr, &level);

	if (!pte || !pte_present(*pte))
		return false;
	*exec = pte_exec(*pte);
	*write = pte_write(*pte);
	return true;
}

/*
 * Pages of [start, end) mapped writable and executable, or, with
 * @want_exec, not executable or writable at all; every page must be
 * mapped (an unmapped one counts as bad too).
 */
static unsigned int count_bad_pages(struct kunit *test, unsigned long start,
				    unsigned long end, bool want_exec)
{
	unsigned long addr;
	unsigned int bad = 0;
	bool exec, write;

	for (addr = start & PAGE_MASK; addr < end; addr += PAGE_SIZE) {
		if (!page_prot(addr, &exec, &write)) {
			kunit_info(test, "page +%#lx: not mapped\n", addr - start);
			bad++;
			continue;
		}
		if ((want_exec && (!exec || write)) || (exec && write)) {
			kunit_info(test, "page +%#lx: exec %d write %d\n",
				   addr - start, exec, write);
			bad++;
		}
	}
	return bad;
}

static void kbpf_jit_arena_is_rx(struct kunit *test)
{
	unsigned long start = (unsigned long)kbpf_jit_arena_start;
	unsigned long end = (unsigned long)kbpf_jit_arena_end;
	bool exec, write;

	KUNIT_ASSERT_TRUE(test, end > start);
	KUNIT_ASSERT_TRUE(test, page_prot(start, &exec, &write));
	KUNIT_EXPECT_EQ(test, count_bad_pages(test, start, end, true), 0);
}

/* Native code written, then its pages: still executable, never writable. */
static void kbpf_jit_written_code_stays_rx(struct kunit *test)
{
	static const struct kbpf_insn insns[] = {
		MOV64_IMM(0, 40), ALU64_IMM(ADD, 0, 2), EXIT(),
	};
	static const struct kbpf_verify_opts vopts = { .mode = KBPF_VERIFY_FULL };
	struct kbpf_jit_opts jopts = { 0 };
	struct kbpf_verify_result res;
	struct kbpf_prog *prog;
	unsigned long code;

	if (!kbpf_jit_supported())
		kunit_skip(test, "no JIT for this CPU");
	prog = kbpf_prog_alloc(ARRAY_SIZE(insns));
	KUNIT_ASSERT_NOT_NULL(test, prog);
	memcpy(prog->insns, insns, sizeof(insns));
	prog->type = KBPF_PROG_TYPE_SOCKET_FILTER;
	KUNIT_ASSERT_EQ(test, kbpf_verify(prog, &vopts, NULL, &res), 0);
	kbpf_interp_select(prog);
	KUNIT_ASSERT_EQ(test, kbpf_jit_compile(prog, &jopts), 0);
	KUNIT_ASSERT_TRUE(test, prog->jited);
	code = (unsigned long)prog->jited;
	KUNIT_EXPECT_TRUE(test, code >= (unsigned long)kbpf_jit_arena_start &&
			  code + prog->jited_len <= (unsigned long)kbpf_jit_arena_end);
	KUNIT_EXPECT_EQ(test, count_bad_pages(test, code, code + prog->jited_len, true), 0);
	KUNIT_EXPECT_EQ(test, kbpf_prog_run(prog, NULL), 42);
	kbpf_jit_free(prog);
	KUNIT_EXPECT_EQ(test, count_bad_pages(test, code, code + 1, true), 0);
	kbpf_prog_free(prog);
}

static void kbpf_jit_module_image_not_wx(struct kunit *test)
{
	unsigned long base = (unsigned long)THIS_MODULE->core_layout.base;

	KUNIT_EXPECT_EQ(test, count_bad_pages(test, base,
					      base + THIS_MODULE->core_layout.size,
					      false), 0);
}
#else
static void kbpf_jit_arena_is_rx(struct kunit *test)
{
	kunit_skip(test, "page table checks are for x86_64");
}

static void kbpf_jit_written_code_stays_rx(struct kunit *test)
{
	kunit_skip(test, "page table checks are for x86_64");
}

static void kbpf_jit_module_image_not_wx(struct kunit *test)
{
	kunit_skip(test, "page table checks are for x86_64");
}
#endif

static struct kunit_case kbpf_jit_cases[] = {
	KUNIT_CASE(kbpf_jit_arena_is_rx),
	KUNIT_CASE(kbpf_jit_written_code_stays_rx),
	KUNIT_CASE(kbpf_jit_module_image_not_wx),
	{}
};

static struct kunit_suite kbpf_jit_suite = {
	.name = "kbpf_jit",
	.test_cases = kbpf_jit_cases,
};

kunit_test_suites(&kbpf_jit_suite);
