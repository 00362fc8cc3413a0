/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instruction builders for test tables, in the spirit of the kernel's
 * BPF_* macros. Shared by host unit tests, KUnit suites and the generator
 * of guest test programs.
 */
#ifndef _KBPF_TESTS_INSN_H
#define _KBPF_TESTS_INSN_H

#include "../../uapi/linux/kbpf.h"

/* Plain initializers, so tables of them are constant expressions. */
#define INSN(c, d, s, o, i) \
	{ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }

#define ALU64_IMM(op, d, i)	INSN(KBPF_ALU64 | KBPF_##op | KBPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)	INSN(KBPF_ALU64 | KBPF_##op | KBPF_X, d, s, 0, 0)
#define ALU32_IMM(op, d, i)	INSN(KBPF_ALU | KBPF_##op | KBPF_K, d, 0, 0, i)
#define ALU32_REG(op, d, s)	INSN(KBPF_ALU | KBPF_##op | KBPF_X, d, s, 0, 0)
/* Signed division and modulo: off = 1. */
#define SALU64_IMM(op, d, i)	INSN(KBPF_ALU64 | KBPF_##op | KBPF_K, d, 0, 1, i)
#define SALU64_REG(op, d, s)	INSN(KBPF_ALU64 | KBPF_##op | KBPF_X, d, s, 1, 0)
#define SALU32_IMM(op, d, i)	INSN(KBPF_ALU | KBPF_##op | KBPF_K, d, 0, 1, i)
#define SALU32_REG(op, d, s)	INSN(KBPF_ALU | KBPF_##op | KBPF_X, d, s, 1, 0)
#define MOV64_IMM(d, i)		ALU64_IMM(MOV, d, i)
#define MOV64_REG(d, s)		ALU64_REG(MOV, d, s)
#define MOV32_IMM(d, i)		ALU32_IMM(MOV, d, i)
#define MOV32_REG(d, s)		ALU32_REG(MOV, d, s)
#define MOVSX64(d, s, bits)	INSN(KBPF_ALU64 | KBPF_MOV | KBPF_X, d, s, bits, 0)
#define MOVSX32(d, s, bits)	INSN(KBPF_ALU | KBPF_MOV | KBPF_X, d, s, bits, 0)
#define NEG64(d)		INSN(KBPF_ALU64 | KBPF_NEG, d, 0, 0, 0)
#define NEG32(d)		INSN(KBPF_ALU | KBPF_NEG, d, 0, 0, 0)
#define ENDIAN(dir, d, bits)	INSN(KBPF_ALU | KBPF_END | KBPF_##dir, d, 0, 0, bits)
#define BSWAP(d, bits)		INSN(KBPF_ALU64 | KBPF_END, d, 0, 0, bits)
/* lddw takes two slots: use as LD_IMM64(d, v) inside a table. */
#define LD_IMM64(d, v) \
	INSN(KBPF_LD | KBPF_IMM | KBPF_DW, d, 0, 0, (s32)(u32)(u64)(v)), \
	INSN(0, 0, 0, 0, (s32)((u64)(v) >> 32))
#define LDX(sz, d, s, o)	INSN(KBPF_LDX | KBPF_MEM | KBPF_##sz, d, s, o, 0)
#define LDXSX(sz, d, s, o)	INSN(KBPF_LDX | KBPF_MEMSX | KBPF_##sz, d, s, o, 0)
#define STX(sz, d, s, o)	INSN(KBPF_STX | KBPF_MEM | KBPF_##sz, d, s, o, 0)
#define ST(sz, d, o, i)		INSN(KBPF_ST | KBPF_MEM | KBPF_##sz, d, 0, o, i)
#define ATOMIC(sz, op, d, s, o)	INSN(KBPF_STX | KBPF_ATOMIC | KBPF_##sz, d, s, o, op)
#define JMP_IMM(op, d, i, o)	INSN(KBPF_JMP | KBPF_##op | KBPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o)	INSN(KBPF_JMP | KBPF_##op | KBPF_X, d, s, o, 0)
#define JMP32_IMM(op, d, i, o)	INSN(KBPF_JMP32 | KBPF_##op | KBPF_K, d, 0, o, i)
#define JMP32_REG(op, d, s, o)	INSN(KBPF_JMP32 | KBPF_##op | KBPF_X, d, s, o, 0)
#define JA(o)			INSN(KBPF_JMP | KBPF_JA, 0, 0, o, 0)
#define JA32(i)			INSN(KBPF_JMP32 | KBPF_JA, 0, 0, 0, i)
#define CALL_HELPER(id)		INSN(KBPF_JMP | KBPF_CALL, 0, 0, 0, id)
#define CALL_LOCAL(rel)		INSN(KBPF_JMP | KBPF_CALL, 0, KBPF_PSEUDO_CALL, 0, rel)
#define EXIT()			INSN(KBPF_JMP | KBPF_EXIT, 0, 0, 0, 0)

#endif /* _KBPF_TESTS_INSN_H */
