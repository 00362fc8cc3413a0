/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the JIT's front end (jit/core.c) and an architecture's code
 * generator (jit/x86_64.c, jit/arm64.c) agree on.
 *
 * The front end finds subprograms and jump targets, runs the code
 * generator's pass until the code stops changing size, reserves arena
 * space, then runs one last pass into a buffer with the final address
 * known and copies it into the arena.
 *
 * Program layout: one contiguous BPF stack of prog->stack_depth bytes
 * reserved by the main program's prologue, as the interpreter does. BPF
 * r10 lives in a callee-saved native register. A local call lowers r10
 * by the caller's frame size (the verifier stored it in the call's off
 * field), calls the subprogram's native entry and raises r10 again, so a
 * subprogram's prologue only saves the callee-saved registers it writes.
 */
#ifndef _KBPF_JIT_INTERNAL_H
#define _KBPF_JIT_INTERNAL_H

#include "jit.h"
#include "../vm/opcodes.h"

/*
 * A scratch register beyond the ISA's r0 - r10, only in rewritten code
 * (constant blinding); every code generator maps it to a native register
 * that nothing else uses.
 */
#define KBPF_JIT_REG_AX		11

/* Per-instruction facts the code generators need. */
#define KBPF_JIT_LDDW_TAIL	(1U << 0)	/* second half of a lddw */
#define KBPF_JIT_SUBPROG_START	(1U << 1)	/* first insn of a subprogram */
#define KBPF_JIT_JUMP_TARGET	(1U << 2)	/* some jump lands here */

struct kbpf_jit_subprog {
	u32 start;		/* first instruction */
	u32 end;		/* one past the last */
	u32 entry;		/* native offset of its prologue (this pass) */
	u16 written;		/* BPF registers it may write: bit n = rn */
	bool callback;		/* a bpf_loop callback: has a native entry */
	u32 cb_entry;		/* native offset of that entry (this pass) */
};

struct kbpf_jit {
	const struct kbpf_prog *prog;
	const struct kbpf_insn *insns;	/* prog->insns, or a blinded copy */
	u32 len;
	const u32 *start;		/* blinded: where each insn's rewrite begins */
	u8 *flags;			/* KBPF_JIT_* per instruction */
	struct kbpf_jit_subprog *subprogs;
	u32 nr_subprogs;

	/*
	 * offsets[i] is the native offset of instruction i's own code (after
	 * any prologue), offsets[len] the end of the last; a code generator
	 * sizes jumps from the previous pass's values and updates them.
	 */
	u32 *offsets;
	u8 *image;		/* NULL while sizing */
	uintptr_t base;		/* address image[0] will run at; 0 while sizing */
	u32 size;		/* bytes emitted in this pass */
	u32 pass;
	void *arch;		/* the code generator's own state */
};

/*
 * One code-generation pass over j->insns. Writes to j->image when it is
 * set, otherwise only counts; fills j->offsets, j->subprogs[].entry and
 * j->size. Returns 0, or -EOPNOTSUPP (with a reason in @why) for a
 * program it declines, which then stays interpreted.
 */
int kbpf_jit_arch_pass(struct kbpf_jit *j, const char **why);

/*
 * Callbacks (bpf_loop): a subprogram whose address an lddw of source
 * KBPF_PSEUDO_FUNC loads. The verifier left the interpreter's address,
 * that of its first instruction, in the lddw; the code generator loads
 * the native entry of kbpf_jit_func_target()'s subprogram instead, in a
 * form whose size does not depend on the address. That entry takes
 * (index, ctx, frame) as a C function (helpers/loop.c calls it), points
 * r10 at frame, calls the subprogram and returns its r0. The bpf_loop
 * call passes the frame, r10 less the caller's frame size (the call's
 * off), in r5.
 */
u32 kbpf_jit_func_target(const struct kbpf_jit *j, u32 i);
bool kbpf_jit_is_loop_call(const struct kbpf_insn *insn);
/* Sets up and frees j->arch; called once around all passes. */
int kbpf_jit_arch_begin(struct kbpf_jit *j);
void kbpf_jit_arch_end(struct kbpf_jit *j);
/* Bytes the arena is padded with: a trapping instruction. */
extern const u8 kbpf_jit_arch_fill[4];
bool kbpf_jit_arch_supported(void);

/*
 * The platform's executable memory (jit/arena_kernel.c, jit/arena_host.c):
 * the arena's address and size, a way to write into it (never writable
 * and executable at once) and to make what was written visible to
 * instruction fetch on every CPU.
 */
int kbpf_jit_mem_init(u8 **base, size_t *size);
void kbpf_jit_mem_exit(void);
int kbpf_jit_mem_write(u8 *dst, const void *src, size_t len);
void kbpf_jit_mem_sync(void *start, size_t len);
/* Where generated code returns through; NULL: a plain return. */
void *kbpf_jit_return_thunk(void);
/* arm64: ARMv8.1 atomics (LSE) on every CPU code may run on. */
bool kbpf_arm64_has_lse_atomics(void);
/*
 * x86: where a tail call jumps to reach the address in r11 without an
 * unprotected indirect branch (a retpoline); NULL: none, decline.
 */
void *kbpf_jit_indirect_thunk(void);
/* The host library's retpoline (jit/mem_host.c, x86_64 hosts only). */
void kbpf_host_thunk_r11(void);

/* jit/blind.c: constant blinding as a bytecode rewrite. */
int kbpf_jit_blind(const struct kbpf_insn *insns, u32 len,
		   struct kbpf_insn **out, u32 *out_len, u32 **start);

/* jit/arena.c: first-fit ranges of the arena. */
void *kbpf_jit_arena_alloc(u32 size);
void kbpf_jit_arena_free(void *start, u32 size);

#endif /* _KBPF_JIT_INTERNAL_H */
