/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Verifier table: programs with the verdict the module's gate must reach
 * and, for rejections, the errno, the instruction and a fragment of the
 * message. Each message in Documentation/verifier.md has a case here.
 */
#ifndef _KBPF_TESTS_VERIFIER_CASES_H
#define _KBPF_TESTS_VERIFIER_CASES_H

#include "insn.h"

#define VERIFIER_MAX_INSNS	20

struct verifier_case {
	const char *name;
	int err;		/* 0 for accept, else the negative errno */
	u32 err_insn;
	const char *msg;	/* fragment of the rejection line */
	u32 len;
	struct kbpf_insn insns[VERIFIER_MAX_INSNS];
};

#define ACCEPT(n, ...)							\
	{ .name = (n), .insns = { __VA_ARGS__ },			\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }
#define REJECT(n, e, at, m, ...)					\
	{ .name = (n), .err = (e), .err_insn = (at), .msg = (m),	\
	  .insns = { __VA_ARGS__ },					\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }

static const struct verifier_case verifier_cases[] = {
	ACCEPT("accept/ret42", MOV64_IMM(0, 42), EXIT()),
	ACCEPT("accept/forward_branches_both_init",
	       MOV64_IMM(1, 1), JMP_IMM(JEQ, 1, 1, 2), MOV64_IMM(0, 1), JA(1),
	       MOV64_IMM(0, 2), EXIT()),
	ACCEPT("accept/stack_bottom", ST(DW, 10, -512, 1), LDX(DW, 0, 10, -512),
	       EXIT()),

	REJECT("structure/unknown_opcode", -EINVAL, 0, "unknown opcode 0xff",
	       INSN(0xff, 0, 0, 0, 0), EXIT()),
	REJECT("structure/bad_register", -EINVAL, 0, "register number 11",
	       INSN(KBPF_ALU64 | KBPF_MOV | KBPF_K, 11, 0, 0, 0), EXIT()),
	REJECT("structure/alu_k_src_reg", -EINVAL, 0, "reserved src_reg field",
	       INSN(KBPF_ALU64 | KBPF_MOV | KBPF_K, 0, 1, 0, 0), EXIT()),
	REJECT("structure/alu_x_imm", -EINVAL, 1, "reserved imm field",
	       MOV64_IMM(1, 0), INSN(KBPF_ALU64 | KBPF_MOV | KBPF_X, 0, 1, 0, 5),
	       EXIT()),
	REJECT("structure/alu_off", -EINVAL, 0, "reserved off field",
	       INSN(KBPF_ALU64 | KBPF_ADD | KBPF_K, 0, 0, 3, 0), EXIT()),
	REJECT("structure/div_off", -EINVAL, 1, "division takes 0 (unsigned) or 1 (signed)",
	       MOV64_IMM(0, 1), INSN(KBPF_ALU64 | KBPF_DIV | KBPF_K, 0, 0, 2, 1),
	       EXIT()),
	REJECT("structure/movsx32_from_32", -EINVAL, 1, "movsx sign-extends from 8, 16 bits",
	       MOV64_IMM(1, 0), MOVSX32(0, 1, 32), EXIT()),
	REJECT("structure/swap_width", -EINVAL, 1, "byte swap width 8",
	       MOV64_IMM(0, 0), ENDIAN(TO_BE, 0, 8), EXIT()),
	REJECT("structure/neg_fields", -EINVAL, 1, "reserved fields of neg",
	       MOV64_IMM(0, 0), INSN(KBPF_ALU64 | KBPF_NEG, 0, 0, 0, 1), EXIT()),
	REJECT("structure/exit_fields", -EINVAL, 1, "reserved fields of exit",
	       MOV64_IMM(0, 0), INSN(KBPF_JMP | KBPF_EXIT, 1, 0, 0, 0)),
	REJECT("structure/ja_fields", -EINVAL, 1, "reserved fields of goto",
	       MOV64_IMM(0, 0), INSN(KBPF_JMP | KBPF_JA, 0, 0, 0, 1), EXIT()),
	REJECT("structure/call_fields", -EINVAL, 0, "reserved fields of call",
	       INSN(KBPF_JMP | KBPF_CALL, 1, 0, 0, 1), EXIT()),
	REJECT("structure/kfunc_call", -EOPNOTSUPP, 0, "call kind 2 is not supported",
	       INSN(KBPF_JMP | KBPF_CALL, 0, 2, 0, 1), EXIT()),
	REJECT("structure/jmp_k_src_reg", -EINVAL, 1, "reserved src_reg field",
	       MOV64_IMM(0, 0), INSN(KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 1, 0, 0),
	       EXIT()),
	REJECT("structure/st_src_reg", -EINVAL, 0, "reserved src_reg field",
	       INSN(KBPF_ST | KBPF_MEM | KBPF_DW, 10, 1, -8, 0),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("structure/ldx_imm", -EINVAL, 0, "reserved imm field",
	       INSN(KBPF_LDX | KBPF_MEM | KBPF_DW, 0, 10, -8, 1), EXIT()),
	REJECT("structure/atomic_op", -EINVAL, 1, "unknown atomic operation 0x10",
	       MOV64_IMM(1, 0), ATOMIC(DW, 0x10, 10, 1, -8), MOV64_IMM(0, 0),
	       EXIT()),
	REJECT("structure/ld_abs", -EOPNOTSUPP, 0, "legacy packet loads",
	       INSN(KBPF_LD | KBPF_ABS | KBPF_W, 0, 0, 0, 0), EXIT()),
	REJECT("structure/lddw_truncated", -EINVAL, 0, "lddw is missing its second half",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 0, 0, 0, 0)),
	REJECT("structure/lddw_second_half", -EINVAL, 0, "second half of lddw",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 0, 0, 0, 0),
	       INSN(0, 1, 0, 0, 0), EXIT()),
	REJECT("structure/lddw_off", -EINVAL, 0, "reserved off field",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 0, 0, 1, 0),
	       INSN(0, 0, 0, 0, 0), EXIT()),
	REJECT("structure/lddw_map", -EOPNOTSUPP, 0, "refers to a map",
	       INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, 3),
	       INSN(0, 0, 0, 0, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("flow/jump_out_of_range", -EINVAL, 1, "jump to 9 leaves the main program",
	       MOV64_IMM(0, 0), JA(7), EXIT()),
	REJECT("flow/jump_before_start", -EINVAL, 0, "jump to -1 leaves the main program",
	       JA(-2), EXIT()),
	REJECT("flow/jump_into_lddw", -EINVAL, 0, "jump into the middle of lddw",
	       JA(1), LD_IMM64(0, 1), EXIT()),
	REJECT("flow/fall_off_end", -EINVAL, 0, "falls through",
	       MOV64_IMM(0, 0)),
	REJECT("flow/unreachable", -EINVAL, 2, "unreachable instruction",
	       MOV64_IMM(0, 0), EXIT(), MOV64_IMM(0, 1), EXIT()),
	REJECT("flow/call_out_of_range", -EINVAL, 0, "call to instruction 101",
	       CALL_LOCAL(100), EXIT()),
	REJECT("flow/recursion", -EINVAL, 3, "recursive call",
	       CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), CALL_LOCAL(-2), EXIT()),
	REJECT("gate/back_edge", -EACCES, 2, "back-edge to 1",
	       MOV64_IMM(0, 0), ALU64_IMM(ADD, 0, 1), JMP_IMM(JLT, 0, 10, -2),
	       EXIT()),
	REJECT("gate/helper_call", -EACCES, 0, "calls need the full verifier",
	       CALL_HELPER(5), EXIT()),
	ACCEPT("gate/local_call", CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), EXIT()),
	ACCEPT("gate/local_call_passes_args", MOV64_IMM(1, 3), MOV64_IMM(2, 4),
	       CALL_LOCAL(1), EXIT(), MOV64_REG(0, 1), ALU64_REG(ADD, 0, 2),
	       EXIT()),
	REJECT("gate/callee_reads_unpassed_arg", -EACCES, 3, "R1 is read before it is written",
	       CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), MOV64_REG(0, 1), EXIT()),
	/* The second call passes no r2: the first call clobbered it. */
	REJECT("gate/callee_arg_from_one_site_only", -EACCES, 4, "R2 is read before it is written",
	       MOV64_IMM(2, 1), CALL_LOCAL(2), CALL_LOCAL(1), EXIT(),
	       MOV64_REG(0, 2), EXIT()),
	REJECT("flow/call_chain_too_deep", -E2BIG, 16, "call chain is 9 frames deep; the limit is 8",
	       CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
	       CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(),
	       CALL_LOCAL(1), EXIT(), CALL_LOCAL(1), EXIT(), MOV64_IMM(0, 0), EXIT()),
	REJECT("gate/args_clobbered_after_call", -EACCES, 2, "R1 is read before it is written",
	       MOV64_IMM(1, 1), CALL_LOCAL(2), MOV64_REG(0, 1), EXIT(),
	       MOV64_IMM(0, 0), EXIT()),
	REJECT("gate/callee_must_set_r0", -EACCES, 3, "R0 is read before it is written",
	       MOV64_IMM(0, 1), CALL_LOCAL(1), EXIT(), EXIT()),
	REJECT("gate/combined_stack_over_limit", -E2BIG, 0, "the deepest call chain needs 768 bytes",
	       ST(DW, 10, -512, 0), CALL_LOCAL(1), EXIT(),
	       ST(DW, 10, -256, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("gate/ctx_read", -EACCES, 0, "R1 is read before it is written (R1 holds the context pointer",
	       MOV64_REG(0, 1), EXIT()),
	REJECT("gate/uninit_r0_at_exit", -EACCES, 0, "R0 is read before it is written",
	       EXIT()),
	REJECT("gate/uninit_on_one_path", -EACCES, 3, "R0 is read before it is written",
	       MOV64_IMM(1, 0), JMP_IMM(JEQ, 1, 0, 1), MOV64_IMM(0, 1), EXIT()),
	REJECT("gate/fp_leak", -EACCES, 0, "R10 (the frame pointer) may only be a memory base",
	       MOV64_REG(0, 10), EXIT()),
	/* Storing r10 and loading it back would launder the address. */
	REJECT("gate/fp_leak_via_store", -EACCES, 0, "R10 (the frame pointer) may only be a memory base",
	       STX(DW, 10, 10, -8), LDX(DW, 0, 10, -8), EXIT()),
	REJECT("gate/fp_leak_via_store32", -EACCES, 0, "R10 (the frame pointer) may only be a memory base",
	       STX(W, 10, 10, -8), LDX(W, 0, 10, -8), EXIT()),
	REJECT("gate/fp_leak_via_atomic_add", -EACCES, 1, "R10 (the frame pointer) may only be a memory base",
	       ST(DW, 10, -8, 0), ATOMIC(DW, KBPF_ADD, 10, 10, -8),
	       LDX(DW, 0, 10, -8), EXIT()),
	REJECT("gate/fp_leak_via_cmpxchg", -EACCES, 2, "R10 (the frame pointer) may only be a memory base",
	       ST(DW, 10, -8, 0), MOV64_IMM(0, 0), ATOMIC(DW, KBPF_CMPXCHG, 10, 10, -8),
	       LDX(DW, 0, 10, -8), EXIT()),
	REJECT("gate/fp_write", -EACCES, 0, "R10 (the frame pointer) is read-only",
	       MOV64_IMM(10, 0), MOV64_IMM(0, 0), EXIT()),
	REJECT("gate/non_stack_memory", -EACCES, 1, "R1 is not the frame pointer",
	       MOV64_IMM(1, 0), LDX(DW, 0, 1, 0), EXIT()),
	REJECT("gate/stack_below", -EACCES, 0, "outside the 512-byte stack",
	       LDX(DW, 0, 10, -520), EXIT()),
	REJECT("gate/stack_above", -EACCES, 0, "outside the 512-byte stack",
	       LDX(W, 0, 10, -2), EXIT()),
	REJECT("gate/atomic_misaligned", -EACCES, 1, "misaligned atomic access",
	       MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 10, 1, -12),
	       MOV64_IMM(0, 0), EXIT()),
};

#endif /* _KBPF_TESTS_VERIFIER_CASES_H */
