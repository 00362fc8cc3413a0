// SPDX-License-Identifier: GPL-2.0-only
/*
 * A module that only warns: loading it must make the QEMU harness fail
 * the run, which proves the harness sees kernel warnings at all.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init kbpf_selftest_warn_init(void)
{
	WARN(1, "kbpf harness self-test: this warning must fail the run\n");
	return 0;
}

static void __exit kbpf_selftest_warn_exit(void)
{
}

module_init(kbpf_selftest_warn_init);
module_exit(kbpf_selftest_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbpf harness self-test: a deliberate WARN");
