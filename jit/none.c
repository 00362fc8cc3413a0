// SPDX-License-Identifier: GPL-2.0-only
/* No code generator for this architecture: every program is interpreted. */
#include "internal.h"

int kbpf_jit_arch_pass(struct kbpf_jit *j, const char **why)
{
	*why = "no JIT for this architecture";
	return -EOPNOTSUPP;
}

int kbpf_jit_arch_begin(struct kbpf_jit *j)
{
	return 0;
}

void kbpf_jit_arch_end(struct kbpf_jit *j)
{
}

const u8 kbpf_jit_arch_fill[4];

bool kbpf_jit_arch_supported(void)
{
	return false;
}
