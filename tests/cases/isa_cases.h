/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The instruction-set table: one program per behaviour, with the r0 it
 * must return. The same table runs three ways: on the host (tests/unit),
 * in KUnit in the debug guest (tests/kunit), and through PROG_TEST_RUN via
 * the kbpf tool in the stock guest (tests/e2e) — one expected result.
 *
 * Programs must pass the full verifier on the host and as the guests
 * load them (socket filters, the tool's type for raw files): no
 * helper calls, memory only on the stack, no register read before it is
 * written (r1 included), so the table tests the engines, not the
 * verifier (that is tests/verifier/verifier_cases.h).
 *
 * Every opcode of RFC 9669 except the legacy packet loads (which need a
 * socket filter's packet: tests/unit/verifier_test.c, sock_test) has
 * cases here, in both source forms and both widths, with its edge cases,
 * as the RFC defines them. Shift amounts are masked to 63 (ALU64) or 31 (ALU32) whether
 * they come from a register or an immediate: kbpf accepts immediates out
 * of range (Linux's verifier rejects them) and masks them the same way.
 *
 * Names are "group/behaviour" and must stay unique once '/' becomes '.'
 * (the guest's file names).
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

/*
 * Branch cases: the setup, then r0 = 1 on the path the branch must take
 * and r0 = 2 on the other, so each returns 1. The jump's offset is 1,
 * skipping the second mov.
 */
#define ISA_TAKEN(n, jump, ...)						\
	ISA_CASE(n, 1, __VA_ARGS__, MOV64_IMM(0, 1), jump,		\
		 MOV64_IMM(0, 2), EXIT())
#define ISA_NOT_TAKEN(n, jump, ...)					\
	ISA_CASE(n, 1, __VA_ARGS__, MOV64_IMM(0, 2), jump,		\
		 MOV64_IMM(0, 1), EXIT())

static const struct isa_case isa_cases[] = {
	/* ALU64: mov */
	ISA_CASE("alu64/mov_imm", 42, MOV64_IMM(0, 42), EXIT()),
	ISA_CASE("alu64/mov_imm_sign_extends", 0xffffffffffffffffULL,
		 MOV64_IMM(0, -1), EXIT()),
	ISA_CASE("alu64/mov_imm_replaces_upper", 5,
		 LD_IMM64(0, 0xffffffffffffffffULL), MOV64_IMM(0, 5), EXIT()),
	ISA_CASE("alu64/mov_reg", 0x123456789ULL, LD_IMM64(1, 0x123456789ULL),
		 MOV64_REG(0, 1), EXIT()),

	/* ALU64: add */
	ISA_CASE("alu64/add_reg", 7, MOV64_IMM(0, 3), MOV64_IMM(1, 4),
		 ALU64_REG(ADD, 0, 1), EXIT()),
	ISA_CASE("alu64/add_reg_carries_into_upper", 0x100000000ULL,
		 MOV32_IMM(0, -1), MOV64_IMM(1, 1), ALU64_REG(ADD, 0, 1), EXIT()),
	ISA_CASE("alu64/add_imm", 0x100000005ULL, LD_IMM64(0, 0x100000000ULL),
		 ALU64_IMM(ADD, 0, 5), EXIT()),
	/* imm -1 is 2^64-1, not 0xffffffff: 2^32 - 1. */
	ISA_CASE("alu64/add_imm_sign_extended", 0xffffffffULL,
		 LD_IMM64(0, 0x100000000ULL), ALU64_IMM(ADD, 0, -1), EXIT()),
	ISA_CASE("alu64/add_wraps", 0, MOV64_IMM(0, -1), ALU64_IMM(ADD, 0, 1),
		 EXIT()),

	/* ALU64: sub */
	ISA_CASE("alu64/sub_reg_borrows_from_upper", 0xffffffffULL,
		 LD_IMM64(0, 0x100000000ULL), MOV64_IMM(1, 1),
		 ALU64_REG(SUB, 0, 1), EXIT()),
	ISA_CASE("alu64/sub_imm_below_zero", 0xfffffffffffffffeULL,
		 MOV64_IMM(0, 3), ALU64_IMM(SUB, 0, 5), EXIT()),
	/* 0xffffffff - (-1) = 2^32. */
	ISA_CASE("alu64/sub_imm_sign_extended", 0x100000000ULL,
		 MOV32_IMM(0, -1), ALU64_IMM(SUB, 0, -1), EXIT()),
	ISA_CASE("alu64/sub_reg_self", 0, LD_IMM64(0, 0x0123456789abcdefULL),
		 ALU64_REG(SUB, 0, 0), EXIT()),

	/* ALU64: mul */
	ISA_CASE("alu64/mul_reg", 0x100000000ULL, MOV64_IMM(0, 0x10000),
		 MOV64_IMM(1, 0x10000), ALU64_REG(MUL, 0, 1), EXIT()),
	ISA_CASE("alu64/mul_imm", 42, MOV64_IMM(0, 6), ALU64_IMM(MUL, 0, 7),
		 EXIT()),
	ISA_CASE("alu64/mul_imm_negative", 0xfffffffffffffff4ULL,
		 MOV64_IMM(0, 3), ALU64_IMM(MUL, 0, -4), EXIT()),
	/* 0x1_23456789 << 32 needs 65 bits: the top one is lost. */
	ISA_CASE("alu64/mul_overflow_keeps_low_64", 0x2345678900000000ULL,
		 LD_IMM64(0, 0x123456789ULL), LD_IMM64(1, 0x100000000ULL),
		 ALU64_REG(MUL, 0, 1), EXIT()),
	/* (2^64 - 1)^2 = 2^128 - 2^65 + 1, which is 1 modulo 2^64. */
	ISA_CASE("alu64/mul_minus1_squared", 1, MOV64_IMM(0, -1),
		 ALU64_REG(MUL, 0, 0), EXIT()),

	/* ALU64: div (unsigned) */
	ISA_CASE("alu64/div_reg", 33, MOV64_IMM(0, 100), MOV64_IMM(1, 3),
		 ALU64_REG(DIV, 0, 1), EXIT()),
	/* -2 is 2^64 - 2 unsigned. */
	ISA_CASE("alu64/div_imm_unsigned", 0x7fffffffffffffffULL,
		 MOV64_IMM(0, -2), ALU64_IMM(DIV, 0, 2), EXIT()),
	/* The immediate is sign-extended, then divided unsigned: 2^64-1. */
	ISA_CASE("alu64/div_imm_sign_extended", 0, MOV64_IMM(0, 100),
		 ALU64_IMM(DIV, 0, -1), EXIT()),
	/* (2^64-1) / (2^64-1); a zero-extended 0xffffffff would give 2^32+1. */
	ISA_CASE("alu64/div_umax_by_imm_minus1", 1, MOV64_IMM(0, -1),
		 ALU64_IMM(DIV, 0, -1), EXIT()),
	/* A divisor with only upper bits set is not zero in 64 bits. */
	ISA_CASE("alu64/div_reg_upper_divisor", 5, LD_IMM64(0, 0x500000000ULL),
		 LD_IMM64(1, 0x100000000ULL), ALU64_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu64/div_reg_by_zero", 0, MOV64_IMM(0, -1), MOV64_IMM(1, 0),
		 ALU64_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu64/div_imm_by_zero", 0, MOV64_IMM(0, 100),
		 ALU64_IMM(DIV, 0, 0), EXIT()),

	/* ALU64: mod (unsigned) */
	ISA_CASE("alu64/mod_reg", 1, MOV64_IMM(0, 100), MOV64_IMM(1, 3),
		 ALU64_REG(MOD, 0, 1), EXIT()),
	/* 18446744073709551615 % 10 */
	ISA_CASE("alu64/mod_imm_unsigned", 5, MOV64_IMM(0, -1),
		 ALU64_IMM(MOD, 0, 10), EXIT()),
	/* (2^64 - 1) % (2^64 - 2) */
	ISA_CASE("alu64/mod_imm_sign_extended", 1, MOV64_IMM(0, -1),
		 ALU64_IMM(MOD, 0, -2), EXIT()),
	ISA_CASE("alu64/mod_reg_by_zero_keeps", 0xfedcba9876543210ULL,
		 LD_IMM64(0, 0xfedcba9876543210ULL), MOV64_IMM(1, 0),
		 ALU64_REG(MOD, 0, 1), EXIT()),
	ISA_CASE("alu64/mod_imm_by_zero_keeps", 100, MOV64_IMM(0, 100),
		 ALU64_IMM(MOD, 0, 0), EXIT()),

	/* ALU64: sdiv (off = 1), truncating toward zero */
	ISA_CASE("alu64/sdiv_truncates_toward_zero", 0xfffffffffffffffdULL,
		 MOV64_IMM(0, -7), SALU64_IMM(DIV, 0, 2), EXIT()),
	ISA_CASE("alu64/sdiv_neg_by_neg_reg", 3, MOV64_IMM(0, -7),
		 MOV64_IMM(1, -2), SALU64_REG(DIV, 0, 1), EXIT()),
	/* 100 / -3 = -33 */
	ISA_CASE("alu64/sdiv_imm_negative", 0xffffffffffffffdfULL,
		 MOV64_IMM(0, 100), SALU64_IMM(DIV, 0, -3), EXIT()),
	/* -8 / 2 = -4 signed; unsigned division would give 2^63 - 4. */
	ISA_CASE("alu64/sdiv_is_signed", 0xfffffffffffffffcULL,
		 MOV64_IMM(0, -8), MOV64_IMM(1, 2), SALU64_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu64/sdiv_by_minus1", 0xfffffffffffffffbULL, MOV64_IMM(0, 5),
		 SALU64_IMM(DIV, 0, -1), EXIT()),
	ISA_CASE("alu64/sdiv_reg_by_zero", 0, MOV64_IMM(0, -7), MOV64_IMM(1, 0),
		 SALU64_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu64/sdiv_imm_by_zero", 0, MOV64_IMM(0, -7),
		 SALU64_IMM(DIV, 0, 0), EXIT()),
	/* The overflowing quotient 2^63 wraps to INT64_MIN. */
	ISA_CASE("alu64/sdiv_intmin_by_minus1_imm", 0x8000000000000000ULL,
		 LD_IMM64(0, 0x8000000000000000ULL), SALU64_IMM(DIV, 0, -1),
		 EXIT()),
	ISA_CASE("alu64/sdiv_intmin_by_minus1_reg", 0x8000000000000000ULL,
		 LD_IMM64(0, 0x8000000000000000ULL), MOV64_IMM(1, -1),
		 SALU64_REG(DIV, 0, 1), EXIT()),

	/* ALU64: smod (off = 1): the result takes the dividend's sign */
	ISA_CASE("alu64/smod_sign_follows_dividend", 0xffffffffffffffffULL,
		 MOV64_IMM(0, -7), SALU64_IMM(MOD, 0, 2), EXIT()),
	ISA_CASE("alu64/smod_pos_by_neg", 1, MOV64_IMM(0, 7),
		 SALU64_IMM(MOD, 0, -2), EXIT()),
	ISA_CASE("alu64/smod_neg_by_neg_reg", 0xffffffffffffffffULL,
		 MOV64_IMM(0, -7), MOV64_IMM(1, -2), SALU64_REG(MOD, 0, 1), EXIT()),
	/* -1 % 10 = -1 signed; unsigned it is 5 (alu64/mod_imm_unsigned). */
	ISA_CASE("alu64/smod_is_signed", 0xffffffffffffffffULL, MOV64_IMM(0, -1),
		 SALU64_IMM(MOD, 0, 10), EXIT()),
	/* 2^63 = 3 * 3074457345618258602 + 2, so INT64_MIN % 3 = -2. */
	ISA_CASE("alu64/smod_intmin_by_3", 0xfffffffffffffffeULL,
		 LD_IMM64(0, 0x8000000000000000ULL), SALU64_IMM(MOD, 0, 3), EXIT()),
	ISA_CASE("alu64/smod_intmin_by_minus1_reg", 0,
		 LD_IMM64(0, 0x8000000000000000ULL), MOV64_IMM(1, -1),
		 SALU64_REG(MOD, 0, 1), EXIT()),
	ISA_CASE("alu64/smod_intmin_by_minus1_imm", 0,
		 LD_IMM64(0, 0x8000000000000000ULL), SALU64_IMM(MOD, 0, -1),
		 EXIT()),
	ISA_CASE("alu64/smod_imm_by_zero_keeps", 0xfffffffffffffff9ULL,
		 MOV64_IMM(0, -7), SALU64_IMM(MOD, 0, 0), EXIT()),
	ISA_CASE("alu64/smod_reg_by_zero_keeps", 0x8000000000000001ULL,
		 LD_IMM64(0, 0x8000000000000001ULL), MOV64_IMM(1, 0),
		 SALU64_REG(MOD, 0, 1), EXIT()),

	/* ALU64: or, and, xor */
	ISA_CASE("alu64/or_reg", 0x1234567887654321ULL,
		 LD_IMM64(0, 0x1234567800000000ULL), LD_IMM64(1, 0x87654321ULL),
		 ALU64_REG(OR, 0, 1), EXIT()),
	ISA_CASE("alu64/or_imm", 0xf0f0ULL, MOV64_IMM(0, 0xf000),
		 ALU64_IMM(OR, 0, 0xf0), EXIT()),
	ISA_CASE("alu64/or_imm_sign_extended", 0xfffffffffffffffeULL,
		 MOV64_IMM(0, 0), ALU64_IMM(OR, 0, -2), EXIT()),
	ISA_CASE("alu64/and_reg", 0x0f000f000f000f00ULL,
		 LD_IMM64(0, 0xff00ff00ff00ff00ULL),
		 LD_IMM64(1, 0x0ff00ff00ff00ff0ULL), ALU64_REG(AND, 0, 1), EXIT()),
	/* -16 keeps all upper bits; zero-extended it would clear them. */
	ISA_CASE("alu64/and_imm_sign_extended", 0xfffffffffffffff0ULL,
		 MOV64_IMM(0, -1), ALU64_IMM(AND, 0, -16), EXIT()),
	ISA_CASE("alu64/and_imm_positive_clears_upper", 0x7fffffffULL,
		 MOV64_IMM(0, -1), ALU64_IMM(AND, 0, 0x7fffffff), EXIT()),
	ISA_CASE("alu64/xor_reg", 0xf0f0f0f0f0f0f0f0ULL,
		 LD_IMM64(0, 0xff00ff00ff00ff00ULL),
		 LD_IMM64(1, 0x0ff00ff00ff00ff0ULL), ALU64_REG(XOR, 0, 1), EXIT()),
	ISA_CASE("alu64/xor_imm_sign_extended", 0xffffffff00000000ULL,
		 MOV32_IMM(0, -1), ALU64_IMM(XOR, 0, -1), EXIT()),
	ISA_CASE("alu64/xor_self_zero", 0, MOV64_IMM(0, 1234),
		 ALU64_REG(XOR, 0, 0), EXIT()),

	/* ALU64: shifts; the amount is masked to its low six bits */
	ISA_CASE("alu64/lsh_imm_63", 0x8000000000000000ULL, MOV64_IMM(0, 1),
		 ALU64_IMM(LSH, 0, 63), EXIT()),
	ISA_CASE("alu64/lsh_reg", 0x23456789abcdef00ULL,
		 LD_IMM64(0, 0x0123456789abcdefULL), MOV64_IMM(1, 8),
		 ALU64_REG(LSH, 0, 1), EXIT()),
	/* 65 & 63 = 1 */
	ISA_CASE("alu64/lsh_reg_masked", 2, MOV64_IMM(0, 1), MOV64_IMM(1, 65),
		 ALU64_REG(LSH, 0, 1), EXIT()),
	/* 64 & 63 = 0: no shift */
	ISA_CASE("alu64/lsh_reg_64_is_0", 3, MOV64_IMM(0, 3), MOV64_IMM(1, 64),
		 ALU64_REG(LSH, 0, 1), EXIT()),
	/* The whole register is masked: 0xffffffff00000004 & 63 = 4. */
	ISA_CASE("alu64/lsh_reg_upper_bits_ignored", 16, MOV64_IMM(0, 1),
		 LD_IMM64(1, 0xffffffff00000004ULL), ALU64_REG(LSH, 0, 1), EXIT()),
	/* -1 & 63 = 63 */
	ISA_CASE("alu64/lsh_imm_negative_masked", 0x8000000000000000ULL,
		 MOV64_IMM(0, 1), ALU64_IMM(LSH, 0, -1), EXIT()),
	ISA_CASE("alu64/rsh_imm_logical", 0x7fffffffffffffffULL,
		 MOV64_IMM(0, -1), ALU64_IMM(RSH, 0, 1), EXIT()),
	ISA_CASE("alu64/rsh_reg_63", 1, LD_IMM64(0, 0x8000000000000000ULL),
		 MOV64_IMM(1, 63), ALU64_REG(RSH, 0, 1), EXIT()),
	/* 127 & 63 = 63 */
	ISA_CASE("alu64/rsh_reg_masked", 1, MOV64_IMM(0, -1), MOV64_IMM(1, 127),
		 ALU64_REG(RSH, 0, 1), EXIT()),
	/* -60 & 63 = 4 */
	ISA_CASE("alu64/rsh_imm_negative_masked", 0x10, MOV64_IMM(0, 0x100),
		 ALU64_IMM(RSH, 0, -60), EXIT()),
	ISA_CASE("alu64/arsh_imm_keeps_sign", 0xffffffffffffffffULL,
		 MOV64_IMM(0, -2), ALU64_IMM(ARSH, 0, 1), EXIT()),
	ISA_CASE("alu64/arsh_reg", 0xf800000000000000ULL,
		 LD_IMM64(0, 0x8000000000000000ULL), MOV64_IMM(1, 4),
		 ALU64_REG(ARSH, 0, 1), EXIT()),
	ISA_CASE("alu64/arsh_imm_63", 0xffffffffffffffffULL,
		 LD_IMM64(0, 0x8000000000000000ULL), ALU64_IMM(ARSH, 0, 63),
		 EXIT()),
	ISA_CASE("alu64/arsh_positive_zero_fills", 1,
		 LD_IMM64(0, 0x7fffffffffffffffULL), ALU64_IMM(ARSH, 0, 62),
		 EXIT()),
	/* 65 & 63 = 1 */
	ISA_CASE("alu64/arsh_reg_masked", 0xfffffffffffffffcULL,
		 MOV64_IMM(0, -8), MOV64_IMM(1, 65), ALU64_REG(ARSH, 0, 1),
		 EXIT()),
	/* -63 & 63 = 1 */
	ISA_CASE("alu64/arsh_imm_negative_masked", 0xfffffffffffffffcULL,
		 MOV64_IMM(0, -8), ALU64_IMM(ARSH, 0, -63), EXIT()),

	/* ALU64: neg */
	ISA_CASE("alu64/neg", 0xfffffffffffffffbULL, MOV64_IMM(0, 5),
		 NEG64(0), EXIT()),
	ISA_CASE("alu64/neg_minus1", 1, MOV64_IMM(0, -1), NEG64(0), EXIT()),
	ISA_CASE("alu64/neg_intmin", 0x8000000000000000ULL,
		 LD_IMM64(0, 0x8000000000000000ULL), NEG64(0), EXIT()),
	ISA_CASE("alu64/neg_upper_only", 0xffffffff00000000ULL,
		 LD_IMM64(0, 0x100000000ULL), NEG64(0), EXIT()),

	/*
	 * ALU32: operands are the low halves, the result is zero-extended.
	 * Many cases start from a register whose upper half is set (lddw) to
	 * show that it is neither read nor kept.
	 */
	ISA_CASE("alu32/mov_imm_zero_extends", 0xffffffffULL,
		 MOV32_IMM(0, -1), EXIT()),
	ISA_CASE("alu32/mov_imm_clears_upper", 5,
		 LD_IMM64(0, 0xffffffffffffffffULL), MOV32_IMM(0, 5), EXIT()),
	ISA_CASE("alu32/mov_reg_zero_extends", 0x89abcdefULL,
		 LD_IMM64(1, 0x0123456789abcdefULL), MOV32_REG(0, 1), EXIT()),
	ISA_CASE("alu32/mov_reg_self_clears_upper", 0xffffffffULL,
		 LD_IMM64(0, 0xffffffffffffffffULL), MOV32_REG(0, 0), EXIT()),

	/* ALU32: add, sub, mul */
	ISA_CASE("alu32/add_reg_ignores_upper", 3,
		 LD_IMM64(0, 0xffffffff00000001ULL),
		 LD_IMM64(1, 0x1234567800000002ULL), ALU32_REG(ADD, 0, 1), EXIT()),
	ISA_CASE("alu32/add_imm_wraps", 0, MOV64_IMM(0, -1),
		 ALU32_IMM(ADD, 0, 1), EXIT()),
	/* 0x80000000 + 0x80000000: the carry out of bit 31 is dropped. */
	ISA_CASE("alu32/add_carry_dropped", 0, MOV32_IMM(0, 0x80000000),
		 ALU32_IMM(ADD, 0, 0x80000000), EXIT()),
	ISA_CASE("alu32/add_imm_negative", 4, MOV64_IMM(0, 5),
		 ALU32_IMM(ADD, 0, -1), EXIT()),
	ISA_CASE("alu32/sub_imm_wraps", 0xffffffffULL, MOV64_IMM(0, 0),
		 ALU32_IMM(SUB, 0, 1), EXIT()),
	ISA_CASE("alu32/sub_imm_clears_upper", 7,
		 LD_IMM64(0, 0xffffffff0000000aULL), ALU32_IMM(SUB, 0, 3), EXIT()),
	ISA_CASE("alu32/sub_reg_clears_upper", 7,
		 LD_IMM64(0, 0xffffffff0000000aULL), MOV64_IMM(1, 3),
		 ALU32_REG(SUB, 0, 1), EXIT()),
	ISA_CASE("alu32/mul_imm_truncates", 0, MOV64_IMM(0, 0x10000),
		 ALU32_IMM(MUL, 0, 0x10000), EXIT()),
	ISA_CASE("alu32/mul_imm_clears_upper", 15, LD_IMM64(0, 0x500000003ULL),
		 ALU32_IMM(MUL, 0, 5), EXIT()),
	ISA_CASE("alu32/mul_reg_ignores_upper", 15, LD_IMM64(0, 0x100000003ULL),
		 LD_IMM64(1, 0x200000005ULL), ALU32_REG(MUL, 0, 1), EXIT()),
	ISA_CASE("alu32/mul_imm_negative", 0xfffffff4ULL, MOV64_IMM(0, 3),
		 ALU32_IMM(MUL, 0, -4), EXIT()),

	/* ALU32: div and mod (unsigned, on the low halves) */
	ISA_CASE("alu32/div_imm_unsigned", 0x7fffffffULL, MOV64_IMM(0, -1),
		 ALU32_IMM(DIV, 0, 2), EXIT()),
	/* imm -1 is 0xffffffff here: 0xffffffff / 0xffffffff. */
	ISA_CASE("alu32/div_imm_not_sign_extended", 1, MOV32_IMM(0, -1),
		 ALU32_IMM(DIV, 0, -1), EXIT()),
	ISA_CASE("alu32/div_reg_ignores_upper", 33, LD_IMM64(0, 0x100000064ULL),
		 MOV64_IMM(1, 3), ALU32_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu32/div_reg_by_zero", 0, LD_IMM64(0, 0xffffffff00000009ULL),
		 MOV64_IMM(1, 0), ALU32_REG(DIV, 0, 1), EXIT()),
	/* A divisor whose low half is zero divides by zero. */
	ISA_CASE("alu32/div_reg_low_half_zero", 0, MOV32_IMM(0, 9),
		 LD_IMM64(1, 0x100000000ULL), ALU32_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu32/div_imm_by_zero", 0, LD_IMM64(0, 0xffffffff00000009ULL),
		 ALU32_IMM(DIV, 0, 0), EXIT()),
	ISA_CASE("alu32/mod_reg_ignores_upper", 2, LD_IMM64(0, 0x300000064ULL),
		 LD_IMM64(1, 0x100000007ULL), ALU32_REG(MOD, 0, 1), EXIT()),
	/* Low half 4294967295 % 10 */
	ISA_CASE("alu32/mod_imm_unsigned", 5, MOV64_IMM(0, -1),
		 ALU32_IMM(MOD, 0, 10), EXIT()),
	/* 0xffffffff % 0xfffffffe */
	ISA_CASE("alu32/mod_imm_not_sign_extended", 1, MOV32_IMM(0, -1),
		 ALU32_IMM(MOD, 0, -2), EXIT()),
	/* x % 0 keeps x: for ALU32 the zero-extended low half. */
	ISA_CASE("alu32/mod_reg_by_zero_keeps_low_half", 7,
		 LD_IMM64(0, 0xab00000007ULL), MOV64_IMM(1, 0),
		 ALU32_REG(MOD, 0, 1), EXIT()),
	ISA_CASE("alu32/mod_imm_by_zero_keeps_low_half", 0x87654321ULL,
		 LD_IMM64(0, 0xffffffff87654321ULL), ALU32_IMM(MOD, 0, 0), EXIT()),
	ISA_CASE("alu32/mod_reg_low_half_zero", 0x87654321ULL,
		 LD_IMM64(0, 0x1234567887654321ULL), LD_IMM64(1, 0x500000000ULL),
		 ALU32_REG(MOD, 0, 1), EXIT()),

	/* ALU32: sdiv and smod (off = 1) on the signed low halves */
	ISA_CASE("alu32/sdiv_truncates_toward_zero", 0xfffffffdULL,
		 MOV32_IMM(0, -7), SALU32_IMM(DIV, 0, 2), EXIT()),
	ISA_CASE("alu32/sdiv_neg_by_neg_reg", 3, MOV32_IMM(0, -7),
		 MOV32_IMM(1, -2), SALU32_REG(DIV, 0, 1), EXIT()),
	/* Low half 0xfffffff9 is -7: -7 / 2 = -3 (64-bit would be 0xfffffffc). */
	ISA_CASE("alu32/sdiv_ignores_upper", 0xfffffffdULL,
		 LD_IMM64(0, 0x1fffffff9ULL), SALU32_IMM(DIV, 0, 2), EXIT()),
	/* Divisor's low half 0xfffffffe is -2: 8 / -2 = -4. */
	ISA_CASE("alu32/sdiv_reg_divisor_low_half", 0xfffffffcULL,
		 MOV32_IMM(0, 8), LD_IMM64(1, 0x1fffffffeULL),
		 SALU32_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu32/sdiv_reg_by_zero", 0, LD_IMM64(0, 0xfffffffffffffff9ULL),
		 MOV64_IMM(1, 0), SALU32_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu32/sdiv_imm_by_zero", 0, MOV32_IMM(0, -7),
		 SALU32_IMM(DIV, 0, 0), EXIT()),
	ISA_CASE("alu32/sdiv_intmin_by_minus1_imm", 0x80000000ULL,
		 MOV32_IMM(0, 0x80000000), SALU32_IMM(DIV, 0, -1), EXIT()),
	ISA_CASE("alu32/sdiv_intmin_by_minus1_reg", 0x80000000ULL,
		 LD_IMM64(0, 0xffffffff80000000ULL), MOV64_IMM(1, -1),
		 SALU32_REG(DIV, 0, 1), EXIT()),
	ISA_CASE("alu32/smod_sign_follows_dividend", 0xffffffffULL,
		 MOV32_IMM(0, -7), SALU32_IMM(MOD, 0, 2), EXIT()),
	ISA_CASE("alu32/smod_pos_by_neg", 1, MOV32_IMM(0, 7),
		 SALU32_IMM(MOD, 0, -2), EXIT()),
	ISA_CASE("alu32/smod_neg_by_neg_reg", 0xffffffffULL, MOV32_IMM(0, -7),
		 MOV32_IMM(1, -2), SALU32_REG(MOD, 0, 1), EXIT()),
	/* Low half -7 % 4 = -3 (64-bit 0x7ffffffffffffff9 % 4 would be 1). */
	ISA_CASE("alu32/smod_ignores_upper", 0xfffffffdULL,
		 LD_IMM64(0, 0x7ffffffffffffff9ULL), SALU32_IMM(MOD, 0, 4), EXIT()),
	ISA_CASE("alu32/smod_intmin_by_minus1_imm", 0, MOV32_IMM(0, 0x80000000),
		 SALU32_IMM(MOD, 0, -1), EXIT()),
	ISA_CASE("alu32/smod_intmin_by_minus1_reg", 0,
		 LD_IMM64(0, 0xffffffff80000000ULL), MOV32_IMM(1, -1),
		 SALU32_REG(MOD, 0, 1), EXIT()),
	ISA_CASE("alu32/smod_imm_by_zero_keeps_low_half", 0xfffffff9ULL,
		 MOV64_IMM(0, -7), SALU32_IMM(MOD, 0, 0), EXIT()),
	ISA_CASE("alu32/smod_reg_by_zero_keeps_low_half", 0xfffffff9ULL,
		 LD_IMM64(0, 0xabcdef01fffffff9ULL), MOV64_IMM(1, 0),
		 SALU32_REG(MOD, 0, 1), EXIT()),

	/* ALU32: or, and, xor */
	ISA_CASE("alu32/and_or_xor_imm", 0x0ff0ULL, MOV32_IMM(0, 0xffff),
		 ALU32_IMM(AND, 0, 0x0ff0), ALU32_IMM(OR, 0, 0x00f0),
		 ALU32_IMM(XOR, 0, 0), EXIT()),
	ISA_CASE("alu32/or_imm_clears_upper", 0xff0ULL,
		 LD_IMM64(0, 0xffffffff00000f00ULL), ALU32_IMM(OR, 0, 0xf0), EXIT()),
	ISA_CASE("alu32/or_reg_clears_upper", 0xff0ULL,
		 LD_IMM64(0, 0xffffffff00000f00ULL), MOV64_IMM(1, 0xf0),
		 ALU32_REG(OR, 0, 1), EXIT()),
	/* imm -2 is not sign-extended into the upper half. */
	ISA_CASE("alu32/or_imm_negative", 0xfffffffeULL, MOV64_IMM(0, 0),
		 ALU32_IMM(OR, 0, -2), EXIT()),
	ISA_CASE("alu32/and_reg", 0xf000ULL, LD_IMM64(0, 0xffffffff0000ff00ULL),
		 LD_IMM64(1, 0xffffffff00f0f000ULL), ALU32_REG(AND, 0, 1), EXIT()),
	ISA_CASE("alu32/and_imm_clears_upper", 0xffffffffULL, MOV64_IMM(0, -1),
		 ALU32_IMM(AND, 0, -1), EXIT()),
	ISA_CASE("alu32/xor_reg", 0xedcba987ULL,
		 LD_IMM64(0, 0xffffffff12345678ULL), MOV32_IMM(1, -1),
		 ALU32_REG(XOR, 0, 1), EXIT()),
	ISA_CASE("alu32/xor_imm_clears_upper", 0xf0f0f0f0ULL, MOV64_IMM(0, -1),
		 ALU32_IMM(XOR, 0, 0x0f0f0f0f), EXIT()),

	/* ALU32: shifts; the amount is masked to its low five bits */
	/* 36 & 31 = 4 */
	ISA_CASE("alu32/lsh_imm_masked", 0x10ULL,
		 LD_IMM64(0, 0xffffffff00000001ULL), ALU32_IMM(LSH, 0, 36), EXIT()),
	/* Bit 31 shifts out; it does not reach bit 32. */
	ISA_CASE("alu32/lsh_drops_bit_31", 2, MOV32_IMM(0, 0x80000001),
		 ALU32_IMM(LSH, 0, 1), EXIT()),
	/* 33 & 31 = 1 */
	ISA_CASE("alu32/lsh_reg_masked", 2, MOV32_IMM(0, 1), MOV64_IMM(1, 33),
		 ALU32_REG(LSH, 0, 1), EXIT()),
	/* 32 & 31 = 0; the upper half is still cleared. */
	ISA_CASE("alu32/lsh_reg_32_is_0", 7, LD_IMM64(0, 0x500000007ULL),
		 MOV64_IMM(1, 32), ALU32_REG(LSH, 0, 1), EXIT()),
	/* -1 & 31 = 31 */
	ISA_CASE("alu32/lsh_imm_negative_masked", 0x80000000ULL, MOV32_IMM(0, 1),
		 ALU32_IMM(LSH, 0, -1), EXIT()),
	ISA_CASE("alu32/rsh_imm_zero_fills", 0x7fffffffULL, MOV64_IMM(0, -1),
		 ALU32_IMM(RSH, 0, 1), EXIT()),
	/* Bit 32 does not shift down into bit 31. */
	ISA_CASE("alu32/rsh_upper_not_shifted_in", 0,
		 LD_IMM64(0, 0x100000000ULL), ALU32_IMM(RSH, 0, 1), EXIT()),
	/* 63 & 31 = 31 */
	ISA_CASE("alu32/rsh_reg_masked", 1, LD_IMM64(0, 0xffffffff80000000ULL),
		 MOV64_IMM(1, 63), ALU32_REG(RSH, 0, 1), EXIT()),
	/* Sign from bit 31, result zero-extended. */
	ISA_CASE("alu32/arsh_imm_sign_of_low_half", 0xffffffffULL,
		 MOV32_IMM(0, 0x80000000), ALU32_IMM(ARSH, 0, 31), EXIT()),
	/* Bit 63 is not the sign: the low half 0x40000000 is positive. */
	ISA_CASE("alu32/arsh_ignores_bit_63", 1,
		 LD_IMM64(0, 0x8000000040000000ULL), ALU32_IMM(ARSH, 0, 30),
		 EXIT()),
	/* 33 & 31 = 1 */
	ISA_CASE("alu32/arsh_reg_masked", 0xc0000000ULL,
		 LD_IMM64(0, 0xffffffff80000000ULL), MOV64_IMM(1, 33),
		 ALU32_REG(ARSH, 0, 1), EXIT()),
	/* -2 & 31 = 30: INT32_MIN >> 30 = -2 */
	ISA_CASE("alu32/arsh_imm_negative_masked", 0xfffffffeULL,
		 MOV32_IMM(0, 0x80000000), ALU32_IMM(ARSH, 0, -2), EXIT()),

	/* ALU32: neg */
	ISA_CASE("alu32/neg_one", 0xffffffffULL, MOV64_IMM(0, 1), NEG32(0),
		 EXIT()),
	ISA_CASE("alu32/neg_intmin", 0x80000000ULL, MOV32_IMM(0, 0x80000000),
		 NEG32(0), EXIT()),
	/* The low half is 0, so the result is 0, not 0xffffffff00000000. */
	ISA_CASE("alu32/neg_ignores_upper", 0, LD_IMM64(0, 0x100000000ULL),
		 NEG32(0), EXIT()),

	/* movsx (off = 8/16/32): ALU64 to 64 bits, ALU32 to 32 then zero */
	ISA_CASE("movsx64/s8", 0xffffffffffffff80ULL, MOV64_IMM(1, 0x180),
		 MOVSX64(0, 1, 8), EXIT()),
	ISA_CASE("movsx64/s8_positive", 0x7fULL, MOV64_IMM(1, 0x17f),
		 MOVSX64(0, 1, 8), EXIT()),
	ISA_CASE("movsx64/s8_same_register", 0xfffffffffffffffeULL,
		 MOV64_IMM(0, 0xfe), MOVSX64(0, 0, 8), EXIT()),
	ISA_CASE("movsx64/s16", 0xffffffffffff8000ULL, MOV64_IMM(1, 0x18000),
		 MOVSX64(0, 1, 16), EXIT()),
	ISA_CASE("movsx64/s16_positive", 0x7fffULL,
		 LD_IMM64(1, 0xffffffffffff7fffULL), MOVSX64(0, 1, 16), EXIT()),
	ISA_CASE("movsx64/s32", 0xffffffff80000000ULL,
		 LD_IMM64(1, 0x180000000ULL), MOVSX64(0, 1, 32), EXIT()),
	ISA_CASE("movsx64/s32_positive", 0x7fffffffULL,
		 LD_IMM64(1, 0xffffffff7fffffffULL), MOVSX64(0, 1, 32), EXIT()),
	ISA_CASE("movsx32/s8_zero_extends", 0xffffff80ULL, MOV64_IMM(1, 0x80),
		 MOVSX32(0, 1, 8), EXIT()),
	ISA_CASE("movsx32/s8_positive", 0x7fULL,
		 LD_IMM64(1, 0xffffffffffffff7fULL), MOVSX32(0, 1, 8), EXIT()),
	ISA_CASE("movsx32/s16_zero_extends", 0xffff8000ULL,
		 MOV64_IMM(1, 0x8000), MOVSX32(0, 1, 16), EXIT()),
	ISA_CASE("movsx32/s16_positive", 0x1234ULL,
		 LD_IMM64(1, 0x8000000000001234ULL), MOVSX32(0, 1, 16), EXIT()),

	/* Byte order: le/be (ALU class) and unconditional bswap (ALU64) */
	ISA_CASE("end/le16_truncates", 0x2211ULL,
		 LD_IMM64(0, 0x8877665544332211ULL), ENDIAN(TO_LE, 0, 16), EXIT()),
	ISA_CASE("end/le32_truncates", 0x44332211ULL,
		 LD_IMM64(0, 0x8877665544332211ULL), ENDIAN(TO_LE, 0, 32), EXIT()),
	ISA_CASE("end/le64_identity", 0x8877665544332211ULL,
		 LD_IMM64(0, 0x8877665544332211ULL), ENDIAN(TO_LE, 0, 64), EXIT()),
	ISA_CASE("end/be16_truncates", 0x1122ULL,
		 LD_IMM64(0, 0x8877665544332211ULL), ENDIAN(TO_BE, 0, 16), EXIT()),
	ISA_CASE("end/be16_small", 0xff00ULL, MOV64_IMM(0, 0xff),
		 ENDIAN(TO_BE, 0, 16), EXIT()),
	ISA_CASE("end/be32_truncates", 0x44332211ULL,
		 LD_IMM64(0, 0x8877665511223344ULL), ENDIAN(TO_BE, 0, 32), EXIT()),
	ISA_CASE("end/be64", 0x1122334455667788ULL,
		 LD_IMM64(0, 0x8877665544332211ULL), ENDIAN(TO_BE, 0, 64), EXIT()),
	ISA_CASE("bswap/16_truncates", 0x1122ULL,
		 LD_IMM64(0, 0x8877665544332211ULL), BSWAP(0, 16), EXIT()),
	/* -2: low 16 bits 0xfffe */
	ISA_CASE("bswap/16_of_negative", 0xfeffULL, MOV64_IMM(0, -2),
		 BSWAP(0, 16), EXIT()),
	ISA_CASE("bswap/32_truncates", 0x11223344ULL,
		 LD_IMM64(0, 0x8877665544332211ULL), BSWAP(0, 32), EXIT()),
	ISA_CASE("bswap/32_clears_upper", 0x01000000ULL,
		 LD_IMM64(0, 0xffffffff00000001ULL), BSWAP(0, 32), EXIT()),
	ISA_CASE("bswap/64", 0x1122334455667788ULL,
		 LD_IMM64(0, 0x8877665544332211ULL), BSWAP(0, 64), EXIT()),

	/*
	 * JMP: 64-bit compares; the immediate is sign-extended to 64 bits.
	 * Unsigned operators see -1 as 2^64 - 1, signed ones as -1.
	 */
	ISA_TAKEN("jmp/jeq_imm_taken", JMP_IMM(JEQ, 1, 5, 1), MOV64_IMM(1, 5)),
	ISA_NOT_TAKEN("jmp/jeq_imm_not_taken", JMP_IMM(JEQ, 1, 5, 1),
		      LD_IMM64(1, 0x100000005ULL)),
	ISA_TAKEN("jmp/jeq_reg_taken", JMP_REG(JEQ, 1, 2, 1),
		  LD_IMM64(1, 0x123456789ULL), LD_IMM64(2, 0x123456789ULL)),
	ISA_NOT_TAKEN("jmp/jeq_reg_not_taken", JMP_REG(JEQ, 1, 2, 1),
		      MOV64_IMM(1, -1), MOV32_IMM(2, -1)),
	ISA_TAKEN("jmp/jeq_imm_sign_extended", JMP_IMM(JEQ, 1, -1, 1),
		  MOV64_IMM(1, -1)),
	/* 0xffffffff is not imm -1, which is 2^64 - 1. */
	ISA_NOT_TAKEN("jmp/jeq_imm_not_zero_extended", JMP_IMM(JEQ, 1, -1, 1),
		      MOV32_IMM(1, -1)),

	ISA_TAKEN("jmp/jne_imm_taken", JMP_IMM(JNE, 1, 5, 1),
		  LD_IMM64(1, 0x100000005ULL)),
	ISA_NOT_TAKEN("jmp/jne_imm_not_taken", JMP_IMM(JNE, 1, 5, 1),
		      MOV64_IMM(1, 5)),
	ISA_TAKEN("jmp/jne_reg_taken", JMP_REG(JNE, 1, 2, 1),
		  MOV64_IMM(1, -1), MOV32_IMM(2, -1)),
	ISA_NOT_TAKEN("jmp/jne_reg_not_taken", JMP_REG(JNE, 1, 2, 1),
		      LD_IMM64(1, 0x8000000000000000ULL),
		      LD_IMM64(2, 0x8000000000000000ULL)),

	ISA_TAKEN("jmp/jgt_imm_taken_unsigned", JMP_IMM(JGT, 1, 1, 1),
		  MOV64_IMM(1, -1)),
	ISA_NOT_TAKEN("jmp/jgt_imm_not_taken_equal", JMP_IMM(JGT, 1, 7, 1),
		      MOV64_IMM(1, 7)),
	ISA_TAKEN("jmp/jgt_reg_taken", JMP_REG(JGT, 1, 2, 1),
		  LD_IMM64(1, 0x100000000ULL), MOV32_IMM(2, -1)),
	ISA_NOT_TAKEN("jmp/jgt_reg_not_taken_unsigned", JMP_REG(JGT, 1, 2, 1),
		      MOV64_IMM(1, 1), MOV64_IMM(2, -1)),
	/* 0xffffffff > 2^64 - 1 is false. */
	ISA_NOT_TAKEN("jmp/jgt_imm_sign_extended", JMP_IMM(JGT, 1, -1, 1),
		      MOV32_IMM(1, -1)),

	ISA_TAKEN("jmp/jge_imm_taken_equal", JMP_IMM(JGE, 1, 7, 1),
		  MOV64_IMM(1, 7)),
	ISA_NOT_TAKEN("jmp/jge_imm_not_taken", JMP_IMM(JGE, 1, 7, 1),
		      MOV64_IMM(1, 6)),
	ISA_TAKEN("jmp/jge_reg_taken_equal", JMP_REG(JGE, 1, 2, 1),
		  MOV64_IMM(1, 7), MOV64_IMM(2, 7)),
	ISA_NOT_TAKEN("jmp/jge_reg_not_taken_unsigned", JMP_REG(JGE, 1, 2, 1),
		      MOV64_IMM(1, 1), MOV64_IMM(2, -1)),

	/* 1 < 2^64 - 1 */
	ISA_TAKEN("jmp/jlt_imm_taken_unsigned", JMP_IMM(JLT, 1, -1, 1),
		  MOV64_IMM(1, 1)),
	ISA_NOT_TAKEN("jmp/jlt_imm_not_taken_equal", JMP_IMM(JLT, 1, 7, 1),
		      MOV64_IMM(1, 7)),
	ISA_TAKEN("jmp/jlt_reg_taken", JMP_REG(JLT, 1, 2, 1),
		  MOV64_IMM(1, 6), MOV64_IMM(2, 7)),
	ISA_NOT_TAKEN("jmp/jlt_reg_not_taken_unsigned", JMP_REG(JLT, 1, 2, 1),
		      MOV64_IMM(1, -1), MOV64_IMM(2, 1)),

	ISA_TAKEN("jmp/jle_imm_taken_equal", JMP_IMM(JLE, 1, 7, 1),
		  MOV64_IMM(1, 7)),
	ISA_NOT_TAKEN("jmp/jle_imm_not_taken", JMP_IMM(JLE, 1, 7, 1),
		      MOV64_IMM(1, 8)),
	ISA_TAKEN("jmp/jle_reg_taken", JMP_REG(JLE, 1, 2, 1),
		  MOV32_IMM(1, -1), LD_IMM64(2, 0x100000000ULL)),
	ISA_NOT_TAKEN("jmp/jle_reg_not_taken_unsigned", JMP_REG(JLE, 1, 2, 1),
		      MOV64_IMM(1, -1), MOV64_IMM(2, 0)),

	ISA_TAKEN("jmp/jset_imm_taken", JMP_IMM(JSET, 1, 0x10, 1),
		  MOV64_IMM(1, 0x12)),
	ISA_NOT_TAKEN("jmp/jset_imm_not_taken", JMP_IMM(JSET, 1, 0x01, 1),
		      MOV64_IMM(1, 0x12)),
	ISA_TAKEN("jmp/jset_reg_taken_bit_63", JMP_REG(JSET, 1, 2, 1),
		  LD_IMM64(1, 0x8000000000000000ULL),
		  LD_IMM64(2, 0x8000000000000001ULL)),
	ISA_NOT_TAKEN("jmp/jset_reg_not_taken", JMP_REG(JSET, 1, 2, 1),
		      LD_IMM64(1, 0xffffffff00000000ULL), MOV32_IMM(2, -1)),
	/* imm 0x80000000 is 0xffffffff80000000: it has bit 32. */
	ISA_TAKEN("jmp/jset_imm_sign_extended", JMP_IMM(JSET, 1, 0x80000000, 1),
		  LD_IMM64(1, 0x100000000ULL)),

	ISA_TAKEN("jmp/jsgt_imm_taken", JMP_IMM(JSGT, 1, -1, 1),
		  MOV64_IMM(1, 1)),
	ISA_NOT_TAKEN("jmp/jsgt_imm_not_taken_signed", JMP_IMM(JSGT, 1, 1, 1),
		      MOV64_IMM(1, -1)),
	ISA_TAKEN("jmp/jsgt_reg_taken_max_min", JMP_REG(JSGT, 1, 2, 1),
		  LD_IMM64(1, 0x7fffffffffffffffULL),
		  LD_IMM64(2, 0x8000000000000000ULL)),
	ISA_NOT_TAKEN("jmp/jsgt_reg_not_taken", JMP_REG(JSGT, 1, 2, 1),
		      MOV64_IMM(1, -1), MOV64_IMM(2, 0)),

	ISA_TAKEN("jmp/jsge_imm_taken_equal", JMP_IMM(JSGE, 1, -5, 1),
		  MOV64_IMM(1, -5)),
	ISA_NOT_TAKEN("jmp/jsge_imm_not_taken", JMP_IMM(JSGE, 1, -5, 1),
		      MOV64_IMM(1, -6)),
	ISA_TAKEN("jmp/jsge_reg_taken", JMP_REG(JSGE, 1, 2, 1),
		  MOV64_IMM(1, 0), MOV64_IMM(2, -1)),
	ISA_NOT_TAKEN("jmp/jsge_reg_not_taken_min_max", JMP_REG(JSGE, 1, 2, 1),
		      LD_IMM64(1, 0x8000000000000000ULL),
		      LD_IMM64(2, 0x7fffffffffffffffULL)),

	ISA_TAKEN("jmp/jslt_imm_taken", JMP_IMM(JSLT, 1, -4, 1),
		  MOV64_IMM(1, -5)),
	ISA_NOT_TAKEN("jmp/jslt_imm_not_taken", JMP_IMM(JSLT, 1, -1, 1),
		      MOV64_IMM(1, 1)),
	ISA_TAKEN("jmp/jslt_reg_taken_min", JMP_REG(JSLT, 1, 2, 1),
		  LD_IMM64(1, 0x8000000000000000ULL), MOV64_IMM(2, 0)),
	ISA_NOT_TAKEN("jmp/jslt_reg_not_taken_max", JMP_REG(JSLT, 1, 2, 1),
		      LD_IMM64(1, 0x7fffffffffffffffULL), MOV64_IMM(2, -1)),
	/* 0xffffffff is positive as a 64-bit value (compare jmp32). */
	ISA_NOT_TAKEN("jmp/jslt_imm_64_bit_positive", JMP_IMM(JSLT, 1, 0, 1),
		      MOV32_IMM(1, -1)),

	ISA_TAKEN("jmp/jsle_imm_taken_equal", JMP_IMM(JSLE, 1, -1, 1),
		  MOV64_IMM(1, -1)),
	ISA_NOT_TAKEN("jmp/jsle_imm_not_taken", JMP_IMM(JSLE, 1, -1, 1),
		      MOV64_IMM(1, 0)),
	ISA_TAKEN("jmp/jsle_reg_taken_equal", JMP_REG(JSLE, 1, 2, 1),
		  MOV64_IMM(1, -5), MOV64_IMM(2, -5)),
	ISA_NOT_TAKEN("jmp/jsle_reg_not_taken", JMP_REG(JSLE, 1, 2, 1),
		      MOV64_IMM(1, 1), MOV64_IMM(2, 0)),

	/*
	 * JMP32: only the low halves are compared. The upper halves are
	 * chosen, where possible, so a 64-bit compare would decide the other
	 * way.
	 */
	ISA_TAKEN("jmp32/jeq_imm_taken", JMP32_IMM(JEQ, 1, 5, 1),
		  LD_IMM64(1, 0x500000005ULL)),
	ISA_NOT_TAKEN("jmp32/jeq_imm_not_taken", JMP32_IMM(JEQ, 1, 5, 1),
		      LD_IMM64(1, 0x500000006ULL)),
	ISA_TAKEN("jmp32/jeq_reg_taken", JMP32_REG(JEQ, 1, 2, 1),
		  LD_IMM64(1, 0x100000007ULL), LD_IMM64(2, 0x200000007ULL)),
	ISA_NOT_TAKEN("jmp32/jeq_reg_not_taken", JMP32_REG(JEQ, 1, 2, 1),
		      LD_IMM64(1, 0x100000002ULL), LD_IMM64(2, 0x100000003ULL)),

	ISA_TAKEN("jmp32/jne_imm_taken", JMP32_IMM(JNE, 1, 5, 1),
		  LD_IMM64(1, 0x500000006ULL)),
	ISA_NOT_TAKEN("jmp32/jne_imm_not_taken", JMP32_IMM(JNE, 1, 5, 1),
		      LD_IMM64(1, 0x100000005ULL)),
	ISA_TAKEN("jmp32/jne_reg_taken", JMP32_REG(JNE, 1, 2, 1),
		  MOV64_IMM(1, 1), LD_IMM64(2, 0x100000002ULL)),
	ISA_NOT_TAKEN("jmp32/jne_reg_not_taken", JMP32_REG(JNE, 1, 2, 1),
		      LD_IMM64(1, 0x100000007ULL), MOV64_IMM(2, 7)),

	/* Unsigned: 0xffffffff > 1 (signed it would be -1 > 1). */
	ISA_TAKEN("jmp32/jgt_imm_taken_unsigned", JMP32_IMM(JGT, 1, 1, 1),
		  MOV32_IMM(1, -1)),
	ISA_NOT_TAKEN("jmp32/jgt_imm_not_taken", JMP32_IMM(JGT, 1, 1, 1),
		      LD_IMM64(1, 0x100000001ULL)),
	ISA_TAKEN("jmp32/jgt_reg_taken", JMP32_REG(JGT, 1, 2, 1),
		  MOV64_IMM(1, 2), LD_IMM64(2, 0x100000001ULL)),
	ISA_NOT_TAKEN("jmp32/jgt_reg_not_taken", JMP32_REG(JGT, 1, 2, 1),
		      LD_IMM64(1, 0xffffffff00000001ULL), MOV64_IMM(2, 2)),

	ISA_TAKEN("jmp32/jge_imm_taken_equal", JMP32_IMM(JGE, 1, 7, 1),
		  LD_IMM64(1, 0x100000007ULL)),
	ISA_NOT_TAKEN("jmp32/jge_imm_not_taken", JMP32_IMM(JGE, 1, 7, 1),
		      LD_IMM64(1, 0xffffffff00000006ULL)),
	ISA_TAKEN("jmp32/jge_reg_taken", JMP32_REG(JGE, 1, 2, 1),
		  MOV64_IMM(1, 7), LD_IMM64(2, 0x100000007ULL)),
	ISA_NOT_TAKEN("jmp32/jge_reg_not_taken", JMP32_REG(JGE, 1, 2, 1),
		      LD_IMM64(1, 0x100000000ULL), MOV64_IMM(2, 1)),

	ISA_TAKEN("jmp32/jlt_imm_taken", JMP32_IMM(JLT, 1, 1, 1),
		  LD_IMM64(1, 0x100000000ULL)),
	/* Unsigned: 0xffffffff < 1 is false (signed -1 < 1 would hold). */
	ISA_NOT_TAKEN("jmp32/jlt_imm_not_taken_unsigned", JMP32_IMM(JLT, 1, 1, 1),
		      MOV64_IMM(1, -1)),
	ISA_TAKEN("jmp32/jlt_reg_taken", JMP32_REG(JLT, 1, 2, 1),
		  LD_IMM64(1, 0x100000001ULL), MOV64_IMM(2, 2)),
	ISA_NOT_TAKEN("jmp32/jlt_reg_not_taken", JMP32_REG(JLT, 1, 2, 1),
		      MOV64_IMM(1, 2), LD_IMM64(2, 0x100000001ULL)),

	ISA_TAKEN("jmp32/jle_imm_taken", JMP32_IMM(JLE, 1, 7, 1),
		  LD_IMM64(1, 0xffffffff00000007ULL)),
	/* 0xffffffff <= 0xfffffffe is false; 64-bit, imm is 2^64 - 2. */
	ISA_NOT_TAKEN("jmp32/jle_imm_not_taken", JMP32_IMM(JLE, 1, -2, 1),
		      MOV32_IMM(1, -1)),
	ISA_TAKEN("jmp32/jle_reg_taken", JMP32_REG(JLE, 1, 2, 1),
		  LD_IMM64(1, 0x100000003ULL), MOV64_IMM(2, 3)),
	ISA_NOT_TAKEN("jmp32/jle_reg_not_taken", JMP32_REG(JLE, 1, 2, 1),
		      MOV64_IMM(1, 4), LD_IMM64(2, 0x100000003ULL)),

	ISA_TAKEN("jmp32/jset_imm_taken", JMP32_IMM(JSET, 1, 1, 1),
		  LD_IMM64(1, 0x100000001ULL)),
	/* imm -1 is 0xffffffff here: bit 32 is not tested. */
	ISA_NOT_TAKEN("jmp32/jset_imm_not_taken", JMP32_IMM(JSET, 1, -1, 1),
		      LD_IMM64(1, 0x100000000ULL)),
	ISA_TAKEN("jmp32/jset_reg_taken", JMP32_REG(JSET, 1, 2, 1),
		  MOV32_IMM(1, 0x80000000), LD_IMM64(2, 0xffffffff80000000ULL)),
	ISA_NOT_TAKEN("jmp32/jset_reg_not_taken", JMP32_REG(JSET, 1, 2, 1),
		      LD_IMM64(1, 0x100000000ULL), MOV64_IMM(2, -1)),

	ISA_TAKEN("jmp32/jsgt_imm_taken", JMP32_IMM(JSGT, 1, 0, 1),
		  LD_IMM64(1, 0xffffffff00000001ULL)),
	ISA_NOT_TAKEN("jmp32/jsgt_imm_not_taken", JMP32_IMM(JSGT, 1, 0, 1),
		      MOV32_IMM(1, -1)),
	ISA_TAKEN("jmp32/jsgt_reg_taken", JMP32_REG(JSGT, 1, 2, 1),
		  MOV64_IMM(1, 1), MOV32_IMM(2, -1)),
	ISA_NOT_TAKEN("jmp32/jsgt_reg_not_taken_min_max",
		      JMP32_REG(JSGT, 1, 2, 1), MOV32_IMM(1, 0x80000000),
		      MOV32_IMM(2, 0x7fffffff)),

	ISA_TAKEN("jmp32/jsge_imm_taken", JMP32_IMM(JSGE, 1, 0, 1),
		  LD_IMM64(1, 0x8000000000000000ULL)),
	ISA_NOT_TAKEN("jmp32/jsge_imm_not_taken", JMP32_IMM(JSGE, 1, 0, 1),
		      MOV32_IMM(1, 0x80000000)),
	ISA_TAKEN("jmp32/jsge_reg_taken", JMP32_REG(JSGE, 1, 2, 1),
		  MOV64_IMM(1, 0), MOV32_IMM(2, -1)),
	ISA_NOT_TAKEN("jmp32/jsge_reg_not_taken", JMP32_REG(JSGE, 1, 2, 1),
		      MOV32_IMM(1, -2), MOV64_IMM(2, 1)),

	/* Low half 0xffffffff is -1 < 0 (64-bit it is positive). */
	ISA_TAKEN("jmp32/jslt_imm_taken", JMP32_IMM(JSLT, 1, 0, 1),
		  MOV32_IMM(1, -1)),
	ISA_NOT_TAKEN("jmp32/jslt_imm_not_taken", JMP32_IMM(JSLT, 1, 0, 1),
		      LD_IMM64(1, 0xffffffff00000000ULL)),
	ISA_TAKEN("jmp32/jslt_reg_taken", JMP32_REG(JSLT, 1, 2, 1),
		  MOV32_IMM(1, 0x80000000), MOV64_IMM(2, 0)),
	ISA_NOT_TAKEN("jmp32/jslt_reg_not_taken", JMP32_REG(JSLT, 1, 2, 1),
		      MOV64_IMM(1, 0), MOV32_IMM(2, 0x80000000)),

	ISA_TAKEN("jmp32/jsle_imm_taken", JMP32_IMM(JSLE, 1, -1, 1),
		  MOV32_IMM(1, -1)),
	ISA_NOT_TAKEN("jmp32/jsle_imm_not_taken", JMP32_IMM(JSLE, 1, 0, 1),
		      LD_IMM64(1, 0x8000000000000001ULL)),
	ISA_TAKEN("jmp32/jsle_reg_taken", JMP32_REG(JSLE, 1, 2, 1),
		  MOV32_IMM(1, 0x80000000), MOV64_IMM(2, 5)),
	ISA_NOT_TAKEN("jmp32/jsle_reg_not_taken", JMP32_REG(JSLE, 1, 2, 1),
		      MOV64_IMM(1, 5), MOV32_IMM(2, 0x80000000)),

	/*
	 * Unconditional jumps. The gate rejects unreachable code, so a
	 * never-taken branch keeps each skipped instruction reachable.
	 */
	ISA_CASE("jmp/ja", 1, MOV64_IMM(0, 1), JMP_IMM(JEQ, 0, 2, 1), JA(1),
		 MOV64_IMM(0, 2), EXIT()),
	ISA_CASE("jmp/ja_zero_is_next", 1, MOV64_IMM(0, 1), JA(0), EXIT()),
	/* Offsets count slots: lddw is two. */
	ISA_CASE("jmp/ja_over_lddw", 1, MOV64_IMM(0, 1), JMP_IMM(JEQ, 0, 2, 1),
		 JA(2), LD_IMM64(0, 2), EXIT()),
	ISA_CASE("jmp/jeq_over_lddw", 1, MOV64_IMM(0, 1), JMP_IMM(JEQ, 0, 1, 2),
		 LD_IMM64(0, 2), EXIT()),
	ISA_CASE("jmp/ja_several", 1, MOV64_IMM(0, 1), JMP_IMM(JEQ, 0, 2, 1),
		 JA(3), MOV64_IMM(0, 2), MOV64_IMM(0, 3), MOV64_IMM(0, 4), EXIT()),
	/* gotol: JMP32 | JA takes its offset from imm; off is reserved. */
	ISA_CASE("jmp32/gotol", 1, MOV64_IMM(0, 1), JMP_IMM(JEQ, 0, 2, 1),
		 JA32(1), MOV64_IMM(0, 2), EXIT()),
	ISA_CASE("jmp32/gotol_several", 1, MOV64_IMM(0, 1),
		 JMP_IMM(JEQ, 0, 2, 1), JA32(3), MOV64_IMM(0, 2), MOV64_IMM(0, 3),
		 MOV64_IMM(0, 4), EXIT()),
	ISA_CASE("jmp32/gotol_zero_is_next", 1, MOV64_IMM(0, 1), JA32(0), EXIT()),
	/* A chain of forward branches: r0 counts the ones taken. */
	ISA_CASE("jmp/chain", 3, MOV64_IMM(0, 0), MOV64_IMM(1, 1),
		 JMP_IMM(JEQ, 1, 1, 1), EXIT(), ALU64_IMM(ADD, 0, 1),
		 JMP_IMM(JNE, 1, 0, 1), EXIT(), ALU64_IMM(ADD, 0, 1),
		 JMP32_IMM(JSET, 1, 1, 1), EXIT(), ALU64_IMM(ADD, 0, 1), EXIT()),

	/* lddw: two slots, the second imm is the upper half */
	ISA_CASE("lddw/full", 0x0123456789abcdefULL,
		 LD_IMM64(0, 0x0123456789abcdefULL), EXIT()),
	ISA_CASE("lddw/high_only", 0xffffffff00000000ULL,
		 LD_IMM64(0, 0xffffffff00000000ULL), EXIT()),
	/* The low imm is not sign-extended into the (zero) high half. */
	ISA_CASE("lddw/zero_high_half", 0xffffffffULL,
		 LD_IMM64(0, 0x00000000ffffffffULL), EXIT()),
	ISA_CASE("lddw/low_bit_31_only", 0x80000000ULL,
		 LD_IMM64(0, 0x80000000ULL), EXIT()),
	ISA_CASE("lddw/all_ones", 0xffffffffffffffffULL,
		 LD_IMM64(0, 0xffffffffffffffffULL), EXIT()),
	ISA_CASE("lddw/zero_replaces", 0, MOV64_IMM(0, -1), LD_IMM64(0, 0),
		 EXIT()),
	ISA_CASE("lddw/other_register", 0x8000000000000001ULL,
		 LD_IMM64(7, 0x8000000000000001ULL), MOV64_REG(0, 7), EXIT()),

	/* Loads and stores on the stack; the byte order is little-endian. */
	ISA_CASE("mem/stx_ldx_dw", 0x0123456789abcdefULL,
		 LD_IMM64(1, 0x0123456789abcdefULL), STX(DW, 10, 1, -8),
		 LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("mem/dw_low_byte_first", 0x11ULL,
		 LD_IMM64(1, 0x8877665544332211ULL), STX(DW, 10, 1, -8),
		 LDX(B, 0, 10, -8), EXIT()),
	ISA_CASE("mem/dw_high_byte_last", 0x88ULL,
		 LD_IMM64(1, 0x8877665544332211ULL), STX(DW, 10, 1, -8),
		 LDX(B, 0, 10, -1), EXIT()),
	ISA_CASE("mem/ldxh_at_offset", 0x6655ULL,
		 LD_IMM64(1, 0x8877665544332211ULL), STX(DW, 10, 1, -8),
		 LDX(H, 0, 10, -4), EXIT()),
	ISA_CASE("mem/ldxh_unaligned", 0x3322ULL,
		 LD_IMM64(1, 0x8877665544332211ULL), STX(DW, 10, 1, -8),
		 LDX(H, 0, 10, -7), EXIT()),
	ISA_CASE("mem/ldxw_unaligned", 0x77665544ULL,
		 LD_IMM64(1, 0x8877665544332211ULL), STX(DW, 10, 1, -8),
		 LDX(W, 0, 10, -5), EXIT()),
	ISA_CASE("mem/bytes_compose_dw", 0x8877665544332211ULL,
		 ST(B, 10, -8, 0x11), ST(B, 10, -7, 0x22), ST(B, 10, -6, 0x33),
		 ST(B, 10, -5, 0x44), ST(B, 10, -4, 0x55), ST(B, 10, -3, 0x66),
		 ST(B, 10, -2, 0x77), ST(B, 10, -1, 0x88), LDX(DW, 0, 10, -8),
		 EXIT()),
	ISA_CASE("mem/words_compose_dw", 0x5566778811223344ULL,
		 ST(W, 10, -8, 0x11223344), ST(W, 10, -4, 0x55667788),
		 LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("mem/dw_unaligned", 0x0123456789abcdefULL,
		 LD_IMM64(1, 0x0123456789abcdefULL), STX(DW, 10, 1, -13),
		 LDX(DW, 0, 10, -13), EXIT()),
	/* Bytes -12..-5: 55 66 77 88 from the first dw, 01 02 03 04. */
	ISA_CASE("mem/dw_straddles_two", 0x0403020188776655ULL,
		 LD_IMM64(1, 0x8877665544332211ULL), STX(DW, 10, 1, -16),
		 LD_IMM64(1, 0x0807060504030201ULL), STX(DW, 10, 1, -8),
		 LDX(DW, 0, 10, -12), EXIT()),
	/* Loads zero-extend and replace the whole register. */
	ISA_CASE("mem/ldxb_zero_extends", 0xffULL,
		 LD_IMM64(0, 0x0123456789abcdefULL), ST(DW, 10, -8, -1),
		 LDX(B, 0, 10, -8), EXIT()),
	ISA_CASE("mem/ldxh_zero_extends", 0xffffULL, ST(DW, 10, -8, -1),
		 LDX(H, 0, 10, -8), EXIT()),
	ISA_CASE("mem/ldxw_zero_extends", 0xffffffffULL, ST(DW, 10, -8, -1),
		 LDX(W, 0, 10, -8), EXIT()),
	/* Stores write only their size. */
	ISA_CASE("mem/stxb_one_byte", 0xffULL, ST(DW, 10, -8, 0),
		 MOV64_IMM(1, 0x1ff), STX(B, 10, 1, -8), LDX(DW, 0, 10, -8),
		 EXIT()),
	ISA_CASE("mem/stxh_two_bytes", 0xffffffffffff1234ULL, ST(DW, 10, -8, -1),
		 MOV64_IMM(1, 0x51234), STX(H, 10, 1, -8), LDX(DW, 0, 10, -8),
		 EXIT()),
	ISA_CASE("mem/stxw_four_bytes", 0xffffffff00000000ULL,
		 ST(DW, 10, -8, -1), LD_IMM64(1, 0x1234567800000000ULL),
		 STX(W, 10, 1, -8), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("mem/stxw_upper_word", 0xffffffff00000000ULL,
		 ST(DW, 10, -8, 0), MOV64_IMM(1, -1), STX(W, 10, 1, -4),
		 LDX(DW, 0, 10, -8), EXIT()),
	/* st truncates its immediate to the store size... */
	ISA_CASE("mem/stb_imm_truncates", 0x34ULL, ST(DW, 10, -8, 0),
		 ST(B, 10, -8, 0x1234), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("mem/sth_imm_truncates", 0x2345ULL, ST(DW, 10, -8, 0),
		 ST(H, 10, -8, 0x12345), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("mem/stw_imm_no_sign_extension", 0xffffffffULL,
		 ST(DW, 10, -8, 0), ST(W, 10, -8, -1), LDX(DW, 0, 10, -8), EXIT()),
	/* ...and a dw store sign-extends it. */
	ISA_CASE("mem/stdw_imm_sign_extends", 0xffffffffffffffffULL,
		 ST(DW, 10, -8, -1), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("mem/stdw_imm_intmin_sign_extends", 0xffffffff80000000ULL,
		 ST(DW, 10, -8, 0x80000000), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("mem/stdw_imm_positive", 0x7fffffffULL, ST(DW, 10, -8, -1),
		 ST(DW, 10, -8, 0x7fffffff), LDX(DW, 0, 10, -8), EXIT()),
	/* Sign-extending loads (v4) */
	ISA_CASE("mem/ldxsb", 0xffffffffffffff80ULL, ST(B, 10, -1, 0x80),
		 LDXSX(B, 0, 10, -1), EXIT()),
	ISA_CASE("mem/ldxsb_positive", 0x7fULL, ST(DW, 10, -8, -1),
		 ST(B, 10, -8, 0x7f), LDXSX(B, 0, 10, -8), EXIT()),
	ISA_CASE("mem/ldxsh", 0xffffffffffff8001ULL, ST(H, 10, -2, 0x8001),
		 LDXSX(H, 0, 10, -2), EXIT()),
	/* Bytes -7, -6 are 00 80. */
	ISA_CASE("mem/ldxsh_unaligned", 0xffffffffffff8000ULL,
		 MOV64_IMM(1, 0x800000), STX(DW, 10, 1, -8), LDXSX(H, 0, 10, -7),
		 EXIT()),
	ISA_CASE("mem/ldxsh_positive", 0x7fffULL, ST(W, 10, -4, -32769),
		 LDXSX(H, 0, 10, -4), EXIT()),
	ISA_CASE("mem/ldxsw", 0xffffffff80000000ULL,
		 ST(W, 10, -4, 0x80000000), LDXSX(W, 0, 10, -4), EXIT()),
	ISA_CASE("mem/ldxsw_positive", 0x7fffffffULL, ST(W, 10, -4, 0x7fffffff),
		 LDXSX(W, 0, 10, -4), EXIT()),
	ISA_CASE("mem/ldxsw_low_word_of_dw", 0xfffffffffffffffeULL,
		 LD_IMM64(1, 0x1fffffffeULL), STX(DW, 10, 1, -8),
		 LDXSX(W, 0, 10, -8), EXIT()),
	/* The stack's two ends */
	ISA_CASE("mem/stack_top_byte", 0xabULL, ST(B, 10, -1, 0xab),
		 LDX(B, 0, 10, -1), EXIT()),
	ISA_CASE("mem/stack_bottom", 9, ST(DW, 10, -512, 9),
		 LDX(DW, 0, 10, -512), EXIT()),
	ISA_CASE("mem/stack_bottom_unaligned", 0x0102ULL, MOV64_IMM(1, 0x0102),
		 STX(H, 10, 1, -511), LDX(H, 0, 10, -511), EXIT()),

	/*
	 * Atomics, 64-bit. Where a case checks two things it returns them
	 * packed: the memory after the operation in bits 8 and up, and the
	 * fetched old value in the low byte.
	 */
	ISA_CASE("atomic64/add", 15, ST(DW, 10, -8, 10), MOV64_IMM(1, 5),
		 ATOMIC(DW, KBPF_ADD, 10, 1, -8), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic64/add_carries_into_upper", 0x100000000ULL,
		 MOV32_IMM(1, -1), STX(DW, 10, 1, -8), MOV64_IMM(1, 1),
		 ATOMIC(DW, KBPF_ADD, 10, 1, -8), LDX(DW, 0, 10, -8), EXIT()),
	/* Without FETCH the source register is left alone. */
	ISA_CASE("atomic64/add_keeps_src", 5, ST(DW, 10, -8, 10),
		 MOV64_IMM(1, 5), ATOMIC(DW, KBPF_ADD, 10, 1, -8),
		 MOV64_REG(0, 1), EXIT()),
	ISA_CASE("atomic64/or", 0xf0fULL, ST(DW, 10, -8, 0xf00),
		 MOV64_IMM(1, 0xf), ATOMIC(DW, KBPF_OR, 10, 1, -8),
		 LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic64/or_upper_half", 0x8000000000000001ULL,
		 ST(DW, 10, -8, 1), LD_IMM64(1, 0x8000000000000000ULL),
		 ATOMIC(DW, KBPF_OR, 10, 1, -8), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic64/and", 0x0f0ULL, ST(DW, 10, -8, 0xff0),
		 MOV64_IMM(1, 0x0ff), ATOMIC(DW, KBPF_AND, 10, 1, -8),
		 LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic64/xor", 0xf0ULL, ST(DW, 10, -8, 0xff),
		 MOV64_IMM(1, 0x0f), ATOMIC(DW, KBPF_XOR, 10, 1, -8),
		 LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic64/fetch_add", (15 << 8) | 10, ST(DW, 10, -8, 10),
		 MOV64_IMM(1, 5), ATOMIC(DW, KBPF_ADD | KBPF_FETCH, 10, 1, -8),
		 LDX(DW, 0, 10, -8), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic64/fetch_or", (0x3 << 8) | 0x1, ST(DW, 10, -8, 0x1),
		 MOV64_IMM(1, 0x2), ATOMIC(DW, KBPF_OR | KBPF_FETCH, 10, 1, -8),
		 LDX(DW, 0, 10, -8), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic64/fetch_and", (0x2 << 8) | 0x3, ST(DW, 10, -8, 0x3),
		 MOV64_IMM(1, 0x2), ATOMIC(DW, KBPF_AND | KBPF_FETCH, 10, 1, -8),
		 LDX(DW, 0, 10, -8), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic64/fetch_xor", (0x1 << 8) | 0x3, ST(DW, 10, -8, 0x3),
		 MOV64_IMM(1, 0x2), ATOMIC(DW, KBPF_XOR | KBPF_FETCH, 10, 1, -8),
		 LDX(DW, 0, 10, -8), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	/* The fetched old value is all 64 bits. */
	ISA_CASE("atomic64/fetch_add_old_is_64_bit", 0xffffffff00000000ULL,
		 LD_IMM64(1, 0xffffffff00000000ULL), STX(DW, 10, 1, -8),
		 MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD | KBPF_FETCH, 10, 1, -8),
		 MOV64_REG(0, 1), EXIT()),
	/* FETCH with r0 as the source: r0 receives the old value. */
	ISA_CASE("atomic64/fetch_into_r0", (10 << 8) | 7, ST(DW, 10, -8, 7),
		 MOV64_IMM(0, 3), ATOMIC(DW, KBPF_ADD | KBPF_FETCH, 10, 0, -8),
		 LDX(DW, 1, 10, -8), ALU64_IMM(LSH, 1, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic64/xchg", (0x9 << 8) | 0x7, ST(DW, 10, -8, 7),
		 MOV64_IMM(1, 9), ATOMIC(DW, KBPF_XCHG, 10, 1, -8),
		 LDX(DW, 0, 10, -8), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic64/xchg_old_is_64_bit", 0x8000000000000001ULL,
		 LD_IMM64(1, 0x8000000000000001ULL), STX(DW, 10, 1, -8),
		 MOV64_IMM(1, 2), ATOMIC(DW, KBPF_XCHG, 10, 1, -8), MOV64_REG(0, 1),
		 EXIT()),
	/* cmpxchg: r0 gets the old value either way; memory changes on match */
	ISA_CASE("atomic64/cmpxchg_match", (9 << 8) | 5, ST(DW, 10, -8, 5),
		 MOV64_IMM(0, 5), MOV64_IMM(1, 9),
		 ATOMIC(DW, KBPF_CMPXCHG, 10, 1, -8), LDX(DW, 2, 10, -8),
		 ALU64_IMM(LSH, 2, 8), ALU64_REG(OR, 0, 2), EXIT()),
	ISA_CASE("atomic64/cmpxchg_mismatch", (5 << 8) | 5, ST(DW, 10, -8, 5),
		 MOV64_IMM(0, 6), MOV64_IMM(1, 9),
		 ATOMIC(DW, KBPF_CMPXCHG, 10, 1, -8), LDX(DW, 2, 10, -8),
		 ALU64_IMM(LSH, 2, 8), ALU64_REG(OR, 0, 2), EXIT()),
	/*
	 * All 64 bits are compared: 5 does not match 0x1_00000005, so memory
	 * keeps it and r0 gets it; r0 + memory = 2 * 0x1_00000005.
	 */
	ISA_CASE("atomic64/cmpxchg_compares_64_bits", 0x20000000aULL,
		 LD_IMM64(1, 0x100000005ULL), STX(DW, 10, 1, -8), MOV64_IMM(0, 5),
		 MOV64_IMM(1, 9), ATOMIC(DW, KBPF_CMPXCHG, 10, 1, -8),
		 LDX(DW, 2, 10, -8), ALU64_REG(ADD, 0, 2), EXIT()),
	ISA_CASE("atomic64/cmpxchg_stack_bottom", (9 << 8) | 5,
		 ST(DW, 10, -512, 5), MOV64_IMM(0, 5), MOV64_IMM(1, 9),
		 ATOMIC(DW, KBPF_CMPXCHG, 10, 1, -512), LDX(DW, 2, 10, -512),
		 ALU64_IMM(LSH, 2, 8), ALU64_REG(OR, 0, 2), EXIT()),

	/* Atomics, 32-bit: the low half of src, fetched values zero-extended */
	ISA_CASE("atomic32/add", 15, ST(W, 10, -4, 10), MOV64_IMM(1, 5),
		 ATOMIC(W, KBPF_ADD, 10, 1, -4), LDX(W, 0, 10, -4), EXIT()),
	ISA_CASE("atomic32/add_low_half_of_src", 15, ST(W, 10, -4, 10),
		 LD_IMM64(1, 0x100000005ULL), ATOMIC(W, KBPF_ADD, 10, 1, -4),
		 LDX(W, 0, 10, -4), EXIT()),
	/* The carry out of the word does not reach the next one (-4). */
	ISA_CASE("atomic32/add_wraps_in_32_bits", 0x100000000ULL,
		 ST(DW, 10, -8, 0), ST(W, 10, -4, 1), ST(W, 10, -8, -1),
		 MOV64_IMM(1, 1), ATOMIC(W, KBPF_ADD, 10, 1, -8),
		 LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic32/add_upper_word", 0x500000000ULL, ST(DW, 10, -8, 0),
		 MOV64_IMM(1, 5), ATOMIC(W, KBPF_ADD, 10, 1, -4),
		 LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic32/or_and_xor", 0x0e, ST(W, 10, -4, 0x0c),
		 MOV64_IMM(1, 0x3), ATOMIC(W, KBPF_OR, 10, 1, -4),
		 MOV64_IMM(1, 0xe), ATOMIC(W, KBPF_AND, 10, 1, -4),
		 MOV64_IMM(1, 0), ATOMIC(W, KBPF_XOR, 10, 1, -4),
		 LDX(W, 0, 10, -4), EXIT()),
	ISA_CASE("atomic32/or", 0xf0fULL, ST(W, 10, -4, 0xf00),
		 MOV64_IMM(1, 0xf), ATOMIC(W, KBPF_OR, 10, 1, -4),
		 LDX(W, 0, 10, -4), EXIT()),
	/* The mask's upper half (all ones) does not touch the word at -4. */
	ISA_CASE("atomic32/and_only_its_word", 0x2200000011ULL,
		 LD_IMM64(1, 0x22000000ffULL), STX(DW, 10, 1, -8),
		 LD_IMM64(1, 0xffffffff00000011ULL),
		 ATOMIC(W, KBPF_AND, 10, 1, -8), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic32/xor", 0xf0ULL, ST(W, 10, -4, 0xff),
		 MOV64_IMM(1, 0x0f), ATOMIC(W, KBPF_XOR, 10, 1, -4),
		 LDX(W, 0, 10, -4), EXIT()),
	ISA_CASE("atomic32/fetch_add", (15 << 8) | 10, ST(W, 10, -4, 10),
		 MOV64_IMM(1, 5), ATOMIC(W, KBPF_ADD | KBPF_FETCH, 10, 1, -4),
		 LDX(W, 0, 10, -4), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic32/fetch_or", (0x3 << 8) | 0x1, ST(W, 10, -4, 0x1),
		 MOV64_IMM(1, 0x2), ATOMIC(W, KBPF_OR | KBPF_FETCH, 10, 1, -4),
		 LDX(W, 0, 10, -4), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic32/fetch_and", (0x2 << 8) | 0x3, ST(W, 10, -4, 0x3),
		 MOV64_IMM(1, 0x2), ATOMIC(W, KBPF_AND | KBPF_FETCH, 10, 1, -4),
		 LDX(W, 0, 10, -4), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic32/fetch_xor", (0x1 << 8) | 0x3, ST(W, 10, -4, 0x3),
		 MOV64_IMM(1, 0x2), ATOMIC(W, KBPF_XOR | KBPF_FETCH, 10, 1, -4),
		 LDX(W, 0, 10, -4), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	/* Old 0xffffffff comes back zero-extended, not sign-extended. */
	ISA_CASE("atomic32/fetch_add_zero_extends", 0xffffffffULL,
		 ST(W, 10, -4, -1), MOV64_IMM(1, 1),
		 ATOMIC(W, KBPF_ADD | KBPF_FETCH, 10, 1, -4), MOV64_REG(0, 1),
		 EXIT()),
	/* ...and replaces src's upper half. */
	ISA_CASE("atomic32/fetch_and_zero_extends", 0xffffffffULL,
		 ST(W, 10, -4, -1), LD_IMM64(1, 0xffffffff7fffffffULL),
		 ATOMIC(W, KBPF_AND | KBPF_FETCH, 10, 1, -4), MOV64_REG(0, 1),
		 EXIT()),
	ISA_CASE("atomic32/fetch_or_zero_extends", 0x80000000ULL,
		 ST(W, 10, -4, 0x80000000), MOV64_IMM(1, -1),
		 ATOMIC(W, KBPF_OR | KBPF_FETCH, 10, 1, -4), MOV64_REG(0, 1),
		 EXIT()),
	ISA_CASE("atomic32/fetch_xor_zero_extends", 0x80000000ULL,
		 ST(W, 10, -4, 0x80000000), MOV64_IMM(1, -1),
		 ATOMIC(W, KBPF_XOR | KBPF_FETCH, 10, 1, -4), MOV64_REG(0, 1),
		 EXIT()),
	ISA_CASE("atomic32/xchg", (0x9 << 8) | 0x7, ST(W, 10, -4, 7),
		 MOV64_IMM(1, 9), ATOMIC(W, KBPF_XCHG, 10, 1, -4),
		 LDX(W, 0, 10, -4), ALU64_IMM(LSH, 0, 8), ALU64_REG(OR, 0, 1),
		 EXIT()),
	ISA_CASE("atomic32/xchg_zero_extends", 0xfffffffeULL,
		 ST(W, 10, -4, -2), LD_IMM64(1, 0xffffffff00000003ULL),
		 ATOMIC(W, KBPF_XCHG, 10, 1, -4), MOV64_REG(0, 1), EXIT()),
	/* Only the low half of src is stored; the word at -4 keeps its ones. */
	ISA_CASE("atomic32/xchg_stores_low_half", 0xffffffff00000002ULL,
		 ST(DW, 10, -8, -1), LD_IMM64(1, 0x100000002ULL),
		 ATOMIC(W, KBPF_XCHG, 10, 1, -8), LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("atomic32/cmpxchg_match", (9 << 8) | 5, ST(W, 10, -4, 5),
		 MOV64_IMM(0, 5), MOV64_IMM(1, 9),
		 ATOMIC(W, KBPF_CMPXCHG, 10, 1, -4), LDX(W, 2, 10, -4),
		 ALU64_IMM(LSH, 2, 8), ALU64_REG(OR, 0, 2), EXIT()),
	ISA_CASE("atomic32/cmpxchg_mismatch", (5 << 8) | 5, ST(W, 10, -4, 5),
		 MOV64_IMM(0, 6), MOV64_IMM(1, 9),
		 ATOMIC(W, KBPF_CMPXCHG, 10, 1, -4), LDX(W, 2, 10, -4),
		 ALU64_IMM(LSH, 2, 8), ALU64_REG(OR, 0, 2), EXIT()),
	/* Only r0's low half is compared: 0x7_00000005 matches 5. */
	ISA_CASE("atomic32/cmpxchg_compares_low_half", 0x9ULL,
		 ST(W, 10, -4, 5), LD_IMM64(0, 0x700000005ULL), MOV64_IMM(1, 9),
		 ATOMIC(W, KBPF_CMPXCHG, 10, 1, -4), LDX(W, 0, 10, -4), EXIT()),
	/* On a match r0 is still rewritten: the old word, zero-extended. */
	ISA_CASE("atomic32/cmpxchg_match_zero_extends_r0", 0xffffffffULL,
		 ST(W, 10, -4, -1), MOV64_IMM(0, -1), MOV64_IMM(1, 0),
		 ATOMIC(W, KBPF_CMPXCHG, 10, 1, -4), EXIT()),
	ISA_CASE("atomic32/cmpxchg_mismatch_zero_extends_r0", 0x80000000ULL,
		 ST(W, 10, -4, 0x80000000), MOV64_IMM(0, 0), MOV64_IMM(1, 9),
		 ATOMIC(W, KBPF_CMPXCHG, 10, 1, -4), EXIT()),
	ISA_CASE("atomic32/cmpxchg_stores_low_half", 9, ST(DW, 10, -8, 0),
		 MOV64_IMM(0, 0), LD_IMM64(1, 0xffffffff00000009ULL),
		 ATOMIC(W, KBPF_CMPXCHG, 10, 1, -8), LDX(DW, 0, 10, -8), EXIT()),

	/* bpf-to-bpf calls: own frames, r6-r9 preserved, r0 returned */
	ISA_CASE("call/returns_r0", 7, MOV64_IMM(1, 3), MOV64_IMM(2, 4),
		 CALL_LOCAL(1), EXIT(), MOV64_REG(0, 1), ALU64_REG(ADD, 0, 2),
		 EXIT()),
	ISA_CASE("call/callee_saved_preserved", 6 + 7 + 8 + 9 + 1,
		 MOV64_IMM(6, 6), MOV64_IMM(7, 7), MOV64_IMM(8, 8), MOV64_IMM(9, 9),
		 CALL_LOCAL(5), ALU64_REG(ADD, 0, 6), ALU64_REG(ADD, 0, 7),
		 ALU64_REG(ADD, 0, 8), ALU64_REG(ADD, 0, 9), EXIT(),
		 MOV64_IMM(6, 100), MOV64_IMM(7, 100), MOV64_IMM(8, 100),
		 MOV64_IMM(9, 100), MOV64_IMM(0, 1), EXIT()),
	/* Each frame has its own stack: the callee's -8 is not the caller's. */
	ISA_CASE("call/own_stack_frame", 0x11 + 0x22,
		 ST(DW, 10, -8, 0x11), CALL_LOCAL(3), LDX(DW, 1, 10, -8),
		 ALU64_REG(ADD, 0, 1), EXIT(), ST(DW, 10, -8, 0x22),
		 LDX(DW, 0, 10, -8), EXIT()),
	ISA_CASE("call/nested", 3, CALL_LOCAL(1), EXIT(),
		 CALL_LOCAL(2), ALU64_IMM(ADD, 0, 1), EXIT(),
		 MOV64_IMM(0, 1), ALU64_IMM(ADD, 0, 1), EXIT()),
	ISA_CASE("call/full_stack_over_two_frames", 5,
		 ST(DW, 10, -256, 2), CALL_LOCAL(3), LDX(DW, 1, 10, -256),
		 ALU64_REG(ADD, 0, 1), EXIT(), ST(DW, 10, -256, 3),
		 LDX(DW, 0, 10, -256), EXIT()),
};

#undef ISA_TAKEN
#undef ISA_NOT_TAKEN

#endif /* _KBPF_TESTS_ISA_CASES_H */
