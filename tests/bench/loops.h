/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The benchmark loops: the same bytecode for kbpf and for the kernel's own
 * BPF (tests/bench/native.c has them in C, for the host's native column). Each runs ITERS iterations per program run, few enough that Linux's
 * verifier (which walks a bounded loop iteration by iteration, within a
 * million instructions) accepts them.
 */
#ifndef _KBPF_BENCH_LOOPS_H
#define _KBPF_BENCH_LOOPS_H

#include <stdbool.h>
#include "../cases/insn.h"

#define ITERS		10000
#define HELPER_GET_PRANDOM_U32	7

struct bench_loop {
	const char *name;
	unsigned int insns_per_iter;
	const struct kbpf_insn *insns;
	unsigned int len;
	bool random;		/* r0 differs from run to run */
};

/* r0 += i for i = ITERS..1 */
static const struct kbpf_insn loop_sum[] = {
	MOV64_IMM(0, 0),
	MOV64_IMM(1, ITERS),
	ALU64_REG(ADD, 0, 1),
	ALU64_IMM(SUB, 1, 1),
	JMP_IMM(JNE, 1, 0, -3),
	EXIT(),
};

/* A xorshift64 step folded into r0 each iteration. */
static const struct kbpf_insn loop_xorshift[] = {
	MOV64_IMM(0, 0),
	MOV64_IMM(1, 88172645),
	MOV64_IMM(3, ITERS),
	MOV64_REG(2, 1),
	ALU64_IMM(LSH, 2, 13),
	ALU64_REG(XOR, 1, 2),
	MOV64_REG(2, 1),
	ALU64_IMM(RSH, 2, 7),
	ALU64_REG(XOR, 1, 2),
	MOV64_REG(2, 1),
	ALU64_IMM(LSH, 2, 17),
	ALU64_REG(XOR, 1, 2),
	ALU64_REG(ADD, 0, 1),
	ALU64_IMM(MUL, 0, 31),
	ALU64_IMM(AND, 0, 0x7fffffff),
	ALU64_IMM(SUB, 3, 1),
	JMP_IMM(JNE, 3, 0, -14),
	EXIT(),
};

/* FNV-1a over 8 stack bytes per iteration (32-bit arithmetic). */
static const struct kbpf_insn loop_fnv[] = {
	ST(DW, 10, -8, 0x12345678),
	MOV32_IMM(0, (int)2166136261u),
	MOV64_IMM(3, ITERS),
	LDX(B, 1, 10, -8), ALU32_REG(XOR, 0, 1), ALU32_IMM(MUL, 0, 16777619),
	LDX(B, 1, 10, -7), ALU32_REG(XOR, 0, 1), ALU32_IMM(MUL, 0, 16777619),
	LDX(B, 1, 10, -6), ALU32_REG(XOR, 0, 1), ALU32_IMM(MUL, 0, 16777619),
	LDX(B, 1, 10, -5), ALU32_REG(XOR, 0, 1), ALU32_IMM(MUL, 0, 16777619),
	ALU64_IMM(SUB, 3, 1),
	JMP_IMM(JNE, 3, 0, -14),
	EXIT(),
};

/*
 * The Internet checksum (RFC 1071) of four 16-bit words on the stack per
 * iteration, the carry folded back each time.
 */
static const struct kbpf_insn loop_checksum[] = {
	ST(DW, 10, -8, 0x4500003c),
	MOV64_IMM(0, 0),
	MOV64_IMM(3, ITERS),
	LDX(H, 1, 10, -8), ALU64_REG(ADD, 0, 1),
	LDX(H, 1, 10, -6), ALU64_REG(ADD, 0, 1),
	LDX(H, 1, 10, -4), ALU64_REG(ADD, 0, 1),
	LDX(H, 1, 10, -2), ALU64_REG(ADD, 0, 1),
	MOV64_REG(2, 0),
	ALU64_IMM(RSH, 2, 16),
	ALU64_IMM(AND, 0, 0xffff),
	ALU64_REG(ADD, 0, 2),
	ALU64_IMM(SUB, 3, 1),
	JMP_IMM(JNE, 3, 0, -14),
	EXIT(),
};

/* Spills and fills: stack traffic the JIT cannot keep in registers. */
static const struct kbpf_insn loop_stack[] = {
	MOV64_IMM(0, 0),
	MOV64_IMM(3, ITERS),
	STX(DW, 10, 3, -8),
	LDX(DW, 1, 10, -8),
	STX(DW, 10, 1, -16),
	LDX(DW, 2, 10, -16),
	ALU64_REG(ADD, 0, 2),
	ALU64_IMM(SUB, 3, 1),
	JMP_IMM(JNE, 3, 0, -7),
	EXIT(),
};

/* A bpf-to-bpf call per iteration. */
static const struct kbpf_insn loop_call[] = {
	MOV64_IMM(6, 0),
	MOV64_IMM(7, ITERS),
	MOV64_REG(1, 7),
	CALL_LOCAL(5),
	ALU64_REG(ADD, 6, 0),
	ALU64_IMM(SUB, 7, 1),
	JMP_IMM(JNE, 7, 0, -5),
	MOV64_REG(0, 6),
	EXIT(),
	MOV64_REG(0, 1),
	ALU64_IMM(MUL, 0, 3),
	EXIT(),
};

/* A helper call per iteration (bpf_get_prandom_u32). */
static const struct kbpf_insn loop_helper[] = {
	MOV64_IMM(6, 0),
	MOV64_IMM(7, ITERS),
	CALL_HELPER(HELPER_GET_PRANDOM_U32),
	ALU64_REG(ADD, 6, 0),
	ALU64_IMM(SUB, 7, 1),
	JMP_IMM(JNE, 7, 0, -4),
	MOV64_REG(0, 6),
	EXIT(),
};

#define LOOP(n, per, p) { n, per, p, sizeof(p) / sizeof(p[0]), false }

static const struct bench_loop bench_loops[] = {
	LOOP("sum", 3, loop_sum),
	LOOP("checksum", 14, loop_checksum),
	LOOP("xorshift", 14, loop_xorshift),
	LOOP("fnv", 14, loop_fnv),
	LOOP("stack", 7, loop_stack),
	LOOP("call", 8, loop_call),
	{ "helper", 4, loop_helper, sizeof(loop_helper) / sizeof(loop_helper[0]), true },
};

#endif /* _KBPF_BENCH_LOOPS_H */
