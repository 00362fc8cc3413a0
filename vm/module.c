// SPDX-License-Identifier: GPL-2.0-only
/* kbpf.ko: an eBPF virtual machine as a loadable module. */
#include <linux/module.h>
#include "module.h"
#include "../include/kbpf/platform.h"

static int __init kbpf_init(void)
{
	int ret;

	kbpf_platform_init();
	ret = kbpf_dev_init();
	if (ret)
		return ret;
	pr_info("kbpf %s: /dev/%s ready (API %d)\n", KBPF_VERSION,
		KBPF_DEVICE_NAME, KBPF_API_VERSION);
	return 0;
}

static void __exit kbpf_exit(void)
{
	kbpf_dev_uninit();
}

module_init(kbpf_init);
module_exit(kbpf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbpf: an eBPF virtual machine as a module");
MODULE_VERSION(KBPF_VERSION);
