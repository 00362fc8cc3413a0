/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The instruction-set table: one program per behaviour, with the r0 it
 * must return. The same table runs three ways: on the host (tests/unit),
 * in KUnit in the debug guest (tests/kunit), and through PROG_TEST_RUN via
 * the kbpf tool in the stock guest (tests/e2e) — one expected result.
 *
 * Programs must pass the module's conservative gate: no loops, no calls,
 * memory only on the stack at constant offsets, no register read before
 * it is written (r1 included).
 */
#ifndef _KBPF_TESTS_ISA_CASES_H
#define _KBPF_TESTS_ISA_CASES_H

#include "insn.h"

#define ISA_MAX_INSNS	32

struct isa_case {
	const char *name;
	u64 expect;
	u32 len;
	struct kbpf_insn insns[ISA_MAX_INSNS];
};

#define ISA_CASE(n, r, ...)						\
	{ .name = (n), .expect = (r), .insns = { __VA_ARGS__ },	\
	  .len = sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		 sizeof(struct kbpf_insn) }

static const struct isa_case isa_cases[] = {
	ISA_CASE("mov64_imm", 42, MOV64_IMM(0, 42), EXIT()),
	ISA_CASE("mov64_imm_sign_extends", 0xffffffffffffffffULL,
		 MOV64_IMM(0, -1), EXIT()),
	ISA_CASE("mov32_imm_zero_extends", 0xffffffffULL,
		 MOV32_IMM(0, -1), EXIT()),
	ISA_CASE("add64_wraps", 0,
		 MOV64_IMM(0, -1), ALU64_IMM(ADD, 0, 1), EXIT()),
	ISA_CASE("add32_zero_extends", 0,
		 MOV64_IMM(0, -1), ALU32_IMM(ADD, 0, 1), EXIT()),
	ISA_CASE("div64_by_zero_is_zero", 0,
		 MOV64_IMM(0, 7), MOV64_IMM(1, 0), ALU64_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("mod64_by_zero_keeps_dividend", 7,
		 MOV64_IMM(0, 7), MOV64_IMM(1, 0), ALU64_REG(MOD, 0, 1), EXIT()),
	ISA_CASE("sdiv64_intmin_by_minus1", 0x8000000000000000ULL,
		 LD_IMM64(0, 0x8000000000000000ULL), SALU64_IMM(DIV, 0, -1),
		 EXIT()),
	ISA_CASE("stack_store_load", 42,
		 MOV64_IMM(1, 42), STX(DW, 10, 1, -8), LDX(DW, 0, 10, -8),
		 EXIT()),
	ISA_CASE("atomic_fetch_add64", 25,
		 ST(DW, 10, -8, 10), MOV64_IMM(1, 5),
		 ATOMIC(DW, KBPF_ADD | KBPF_FETCH, 10, 1, -8),
		 LDX(DW, 0, 10, -8), ALU64_REG(ADD, 0, 1), EXIT()),
};

#endif /* _KBPF_TESTS_ISA_CASES_H */
