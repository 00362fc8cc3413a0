/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The JIT: native code for verified programs (Documentation/jit.md).
 *
 * kbpf_jit_compile() either points prog->run at native code or leaves
 * the interpreter in place and says why; a JIT failure never fails a
 * load. Native code lives in the arena (jit/arena.c) until
 * kbpf_jit_free(), which the caller only reaches once no CPU can still
 * be running the program.
 */
#ifndef _KBPF_JIT_H
#define _KBPF_JIT_H

#include "../vm/vm.h"

struct kbpf_jit_opts {
	bool blind;		/* rewrite immediates before code generation */
};

int kbpf_jit_compile(struct kbpf_prog *prog, const struct kbpf_jit_opts *opts);
void kbpf_jit_free(struct kbpf_prog *prog);

/* The arena: set up once, at module init (kernel) or first use (host). */
int kbpf_jit_arena_init(void);
void kbpf_jit_arena_exit(void);
/* Bytes of arena in use, and its size: for the info ioctl and tests. */
void kbpf_jit_arena_usage(u64 *used, u64 *size);

/* True when this build has a code generator for the CPU it runs on. */
bool kbpf_jit_supported(void);

#endif /* _KBPF_JIT_H */
