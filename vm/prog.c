// SPDX-License-Identifier: GPL-2.0-only
/* Program objects: allocation shared by the module and the host library. */
#include "vm.h"

struct kbpf_prog *kbpf_prog_alloc(u32 len)
{
	struct kbpf_prog *prog;

	if (!len || len > KBPF_MAX_INSNS)
		return NULL;
	prog = kbpf_big_zalloc(sizeof(*prog) + (size_t)len * sizeof(prog->insns[0]));
	if (prog)
		prog->len = len;
	return prog;
}

void kbpf_prog_free(struct kbpf_prog *prog)
{
	kbpf_big_free(prog);
}
