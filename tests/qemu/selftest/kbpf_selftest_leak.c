// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module that leaks one allocation: in a kernel with kmemleak, loading
 * it must make the QEMU harness fail the run ("unreferenced object").
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define KBPF_SELFTEST_LEAK_SIZE 200

static int __init kbpf_selftest_leak_init(void)
{
	void *p = kmalloc(KBPF_SELFTEST_LEAK_SIZE, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	/* Contents that look like no pointer; the only pointer dies here. */
	memset(p, 0x6b, KBPF_SELFTEST_LEAK_SIZE);
	pr_info("kbpf_selftest_leak: leaked %d bytes on purpose\n",
		KBPF_SELFTEST_LEAK_SIZE);
	return 0;
}

static void __exit kbpf_selftest_leak_exit(void)
{
}

module_init(kbpf_selftest_leak_init);
module_exit(kbpf_selftest_leak_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbpf harness self-test: a deliberate memory leak");
