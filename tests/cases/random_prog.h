/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Random valid programs for differential testing: the JIT against the
 * interpreter on the host (tests/unit/jit_test.c), and kbpf's engines
 * against the guest kernel's own BPF (tests/e2e/diff_fuzz.c).
 *
 * Every register is seeded, every stack slot written, then come
 * arithmetic of every kind (with the divisors, shift counts and
 * registers that trip native code up), stack traffic, atomics and
 * forward branches. The end folds every register and slot into r0, and
 * r0's high half into its low half, so a 32-bit return value (Linux's
 * test run reports one) still depends on every bit computed.
 *
 * With @v3 set, only what Linux 6.1 accepts: no cpu v4 instructions
 * (sdiv, smod, movsx, sign-extending loads, bswap), shift immediates
 * within range and no constant zero divisor.
 */
#ifndef _KBPF_TESTS_RANDOM_PROG_H
#define _KBPF_TESTS_RANDOM_PROG_H

#include <string.h>
#include "insn.h"

#define RND_PROG_MAX	400

static __u64 rnd_state = 0x9e3779b97f4a7c15ULL;

static inline __u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static inline __s32 rnd_imm(void)
{
	static const __s32 special[] = {
		0, 1, -1, 2, 7, 8, 31, 32, 33, 63, 64, 127, 128, -128, 255,
		0x7fffffff, (__s32)0x80000000, 0xffff, 0x10000,
	};

	if (rnd() % 2)
		return special[rnd() % (sizeof(special) / sizeof(special[0]))];
	return (__s32)rnd();
}

static inline struct kbpf_insn rnd_insn(__u8 code, __u8 dst, __u8 src,
					__s16 off, __s32 imm)
{
	struct kbpf_insn in;

	memset(&in, 0, sizeof(in));
	in.code = code;
	in.dst_reg = dst;
	in.src_reg = src;
	in.off = off;
	in.imm = imm;
	return in;
}

static inline struct kbpf_insn rnd_alu(bool v3)
{
	static const __u8 ops[] = {
		KBPF_ADD, KBPF_SUB, KBPF_MUL, KBPF_DIV, KBPF_OR, KBPF_AND,
		KBPF_LSH, KBPF_RSH, KBPF_NEG, KBPF_MOD, KBPF_XOR, KBPF_MOV,
		KBPF_ARSH, KBPF_END,
	};
	static const __s32 widths[] = { 16, 32, 64 };
	static const __s16 bits[] = { 8, 16, 32 };
	__u8 op = ops[rnd() % sizeof(ops)];
	__u8 class = rnd() % 2 ? KBPF_ALU64 : KBPF_ALU;
	__u8 dst = rnd() % 10, src = 0;
	bool x = rnd() % 2;
	__s32 imm = 0;
	__s16 off = 0;

	if (op == KBPF_END) {
		if (v3)
			class = KBPF_ALU;
		/* ALU64 | END is the unconditional bswap: no direction bit. */
		return rnd_insn(class | KBPF_END |
				(class == KBPF_ALU && rnd() % 2 ? KBPF_TO_BE : 0),
				dst, 0, 0, widths[rnd() % 3]);
	}
	if (op == KBPF_NEG)
		return rnd_insn(class | KBPF_NEG, dst, 0, 0, 0);
	if (x)
		src = rnd() % 10;
	else
		imm = rnd_imm();
	if (v3 && !x && (op == KBPF_LSH || op == KBPF_RSH || op == KBPF_ARSH))
		imm &= class == KBPF_ALU64 ? 63 : 31;
	/* Linux 6.1 refuses a constant zero divisor, which the RFC defines. */
	if (v3 && !x && (op == KBPF_DIV || op == KBPF_MOD) && !imm)
		imm = 3;
	if (!v3 && (op == KBPF_DIV || op == KBPF_MOD) && rnd() % 2)
		off = 1;
	if (!v3 && op == KBPF_MOV && x && rnd() % 3 == 0)
		off = bits[rnd() % (class == KBPF_ALU64 ? 3 : 2)];
	return rnd_insn(class | op | (x ? KBPF_X : KBPF_K), dst, src, off, imm);
}

static inline struct kbpf_insn rnd_mem(bool v3)
{
	static const __u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	static const __s32 atomics[] = {
		KBPF_ADD, KBPF_OR, KBPF_AND, KBPF_XOR, KBPF_ADD | KBPF_FETCH,
		KBPF_OR | KBPF_FETCH, KBPF_AND | KBPF_FETCH,
		KBPF_XOR | KBPF_FETCH, KBPF_XCHG, KBPF_CMPXCHG,
	};
	__u8 size = sizes[rnd() % 4], reg = rnd() % 10;
	__s16 slot = -8 * (1 + rnd() % 8);

	switch (rnd() % 5) {
	case 0:
		return rnd_insn(KBPF_STX | KBPF_MEM | KBPF_DW, 10, reg, slot, 0);
	case 1:
		return rnd_insn(KBPF_ST | KBPF_MEM | KBPF_DW, 10, 0, slot, rnd_imm());
	case 2:
		if (!v3 && size != KBPF_DW && rnd() % 2)
			return rnd_insn(KBPF_LDX | KBPF_MEMSX | size, reg, 10, slot, 0);
		return rnd_insn(KBPF_LDX | KBPF_MEM | size, reg, 10, slot, 0);
	case 3:
		return rnd_insn(KBPF_ST | KBPF_MEM | size, 10, 0, slot, rnd_imm());
	}
	return rnd_insn(KBPF_STX | KBPF_ATOMIC | (rnd() % 2 ? KBPF_DW : KBPF_W),
			10, reg, slot, atomics[rnd() % 10]);
}

static inline struct kbpf_insn rnd_branch(__s16 off)
{
	static const __u8 ops[] = {
		KBPF_JEQ, KBPF_JGT, KBPF_JGE, KBPF_JSET, KBPF_JNE, KBPF_JSGT,
		KBPF_JSGE, KBPF_JLT, KBPF_JLE, KBPF_JSLT, KBPF_JSLE,
	};
	__u8 code = (rnd() % 2 ? KBPF_JMP : KBPF_JMP32) | ops[rnd() % sizeof(ops)];

	if (rnd() % 2)
		return rnd_insn(code | KBPF_X, rnd() % 10, rnd() % 10, off, 0);
	return rnd_insn(code | KBPF_K, rnd() % 10, 0, off, rnd_imm());
}

/* Writes a program of at most RND_PROG_MAX instructions; returns its length. */
static inline __u32 rnd_program(struct kbpf_insn *p, bool v3)
{
	__u32 n = 0, i, body = 8 + rnd() % 60;

	for (i = 0; i < 10; i++) {
		__u64 v = rnd() % 4 ? rnd() : (__u64)(__s64)rnd_imm();

		p[n++] = rnd_insn(KBPF_LD | KBPF_IMM | KBPF_DW, i, 0, 0, (__s32)v);
		p[n++] = rnd_insn(0, 0, 0, 0, (__s32)(v >> 32));
	}
	for (i = 1; i <= 8; i++)
		p[n++] = rnd_insn(KBPF_ST | KBPF_MEM | KBPF_DW, 10, 0, -8 * i, rnd_imm());
	while (body--) {
		__u32 k = rnd() % 10;

		if (k < 6) {
			p[n++] = rnd_alu(v3);
		} else if (k < 9) {
			p[n++] = rnd_mem(v3);
		} else {
			/* A forward branch over the next one or two. */
			p[n++] = rnd_branch(1 + rnd() % 2);
			p[n++] = rnd_alu(v3);
			p[n++] = rnd_alu(v3);
		}
	}
	for (i = 1; i < 10; i++) {
		p[n++] = rnd_insn(KBPF_ALU64 | KBPF_MUL | KBPF_K, 0, 0, 0, 0x01000193);
		p[n++] = rnd_insn(KBPF_ALU64 | KBPF_XOR | KBPF_X, 0, i, 0, 0);
	}
	for (i = 1; i <= 8; i++) {
		p[n++] = rnd_insn(KBPF_LDX | KBPF_MEM | KBPF_DW, 1, 10, -8 * i, 0);
		p[n++] = rnd_insn(KBPF_ALU64 | KBPF_XOR | KBPF_X, 0, 1, 0, 0);
	}
	p[n++] = rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_X, 1, 0, 0, 0);
	p[n++] = rnd_insn(KBPF_ALU64 | KBPF_RSH | KBPF_K, 1, 0, 0, 32);
	p[n++] = rnd_insn(KBPF_ALU64 | KBPF_XOR | KBPF_X, 0, 1, 0, 0);
	p[n++] = rnd_insn(KBPF_JMP | KBPF_EXIT, 0, 0, 0, 0);
	return n;
}

#endif /* _KBPF_TESTS_RANDOM_PROG_H */
