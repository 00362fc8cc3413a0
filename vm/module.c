// SPDX-License-Identifier: GPL-2.0-only
/* kbpf.ko: an eBPF virtual machine as a loadable module. */
#include <linux/module.h>
#include "module.h"
#include "../include/kbpf/platform.h"
#include "../jit/jit.h"

/* Like net.core.bpf_jit_enable and bpf_jit_harden, per module. */
static bool jit = true;
module_param(jit, bool, 0644);
MODULE_PARM_DESC(jit, "JIT-compile programs loaded from now on (default: on)");

static bool jit_harden;
module_param(jit_harden, bool, 0644);
MODULE_PARM_DESC(jit_harden, "blind the immediates of JIT-compiled programs (default: off)");

/* Native code for @prog when the JIT is on; otherwise it stays interpreted. */
void kbpf_module_jit(struct kbpf_prog *prog)
{
	struct kbpf_jit_opts opts = { .blind = READ_ONCE(jit_harden) };

	if (READ_ONCE(jit))
		kbpf_jit_compile(prog, &opts);
}

static int __init kbpf_init(void)
{
	int ret;

	kbpf_platform_init();
	/* Without its arena the module still works, interpreting everything. */
	if (kbpf_jit_arena_init())
		pr_warn("kbpf: no JIT arena; programs will be interpreted\n");
	ret = kbpf_dev_init();
	if (ret) {
		kbpf_jit_arena_exit();
		return ret;
	}
	pr_info("kbpf %s: /dev/%s ready (API %d)\n", KBPF_VERSION,
		KBPF_DEVICE_NAME, KBPF_API_VERSION);
	return 0;
}

static void __exit kbpf_exit(void)
{
	kbpf_dev_uninit();
	kbpf_jit_arena_exit();
}

module_init(kbpf_init);
module_exit(kbpf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kbpf: an eBPF virtual machine as a module");
MODULE_VERSION(KBPF_VERSION);
