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

#define RND_PROG_MAX	2048

/* What rnd_program_flags() may generate besides ALU, stack and branches. */
#define RND_V3		(1U << 0)	/* only what Linux 6.1 accepts */
#define RND_CTX		(1U << 1)	/* __sk_buff reads, cb[] writes, LD_ABS/IND */
#define RND_PKT		(1U << 2)	/* direct packet access (kbpf only) */
#define RND_MAP		(1U << 3)	/* array map lookups, value reads/writes */
#define RND_LOOP	(1U << 4)	/* counted loops */
#define RND_CALL	(1U << 5)	/* bpf-to-bpf calls, two subprograms */
#define RND_FEATURES	(RND_CTX | RND_PKT | RND_MAP | RND_LOOP | RND_CALL)

/* The map RND_MAP programs use: array, 4-byte keys. */
#define RND_MAP_ENTRIES	4
#define RND_MAP_VALUE	16
/* Stack slots below the eight random ones: the saved context, the key. */
#define RND_CTX_SLOT	(-72)
#define RND_KEY_SLOT	(-80)
/* Packet bytes after the Ethernet header the runners give. */
#define RND_PKT_MIN	20
#define RND_PKT_MAX	64

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

/* What the generator has made so far, so a run can show it covered each kind. */
static struct rnd_stats {
	__u32 loops, calls, maps, ctx_reads, cb_writes, ld_pkt, pkt_direct;
} rnd_stats;

/* Whether @in writes register @r (the loop counter must survive). */
static inline bool rnd_writes(const struct kbpf_insn *in, __u8 r)
{
	__u8 cls = KBPF_CLASS(in->code);

	if (cls == KBPF_ALU || cls == KBPF_ALU64 || cls == KBPF_LDX)
		return in->dst_reg == r;
	if (cls == KBPF_STX && KBPF_MODE(in->code) == KBPF_ATOMIC) {
		if (in->imm == KBPF_CMPXCHG)
			return r == 0;
		return (in->imm & KBPF_FETCH) && in->src_reg == r;
	}
	return false;
}

/* A program under construction; calls[] are patched once subprograms exist. */
struct rnd_gen {
	struct kbpf_insn *p;
	__u32 n, flags;
	__u32 nr_calls, call_at[16], call_to[16];
	__u32 nr_subs, sub_at[2];
	__u32 loops, maps;
};

static inline void rnd_emit(struct rnd_gen *g, struct kbpf_insn in)
{
	g->p[g->n++] = in;
}

static inline void rnd_lddw(struct rnd_gen *g, __u8 reg, __u64 v)
{
	rnd_emit(g, rnd_insn(KBPF_LD | KBPF_IMM | KBPF_DW, reg, 0, 0, (__s32)v));
	rnd_emit(g, rnd_insn(0, 0, 0, 0, (__s32)(v >> 32)));
}

/* Registers lo..hi get random values, as at the start. */
static inline void rnd_seed(struct rnd_gen *g, __u8 lo, __u8 hi)
{
	__u8 i;

	for (i = lo; i <= hi; i++)
		rnd_lddw(g, i, rnd() % 4 ? rnd() : (__u64)(__s64)rnd_imm());
}

/*
 * Folds every register and stack slot -8..-64 into r0, then r0's high
 * half into its low half, and returns.
 */
static inline void rnd_fold(struct rnd_gen *g)
{
	__u32 i;

	for (i = 1; i < 10; i++) {
		rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MUL | KBPF_K, 0, 0, 0, 0x01000193));
		rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_XOR | KBPF_X, 0, i, 0, 0));
	}
	for (i = 1; i <= 8; i++) {
		rnd_emit(g, rnd_insn(KBPF_LDX | KBPF_MEM | KBPF_DW, 1, 10, -8 * i, 0));
		rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_XOR | KBPF_X, 0, 1, 0, 0));
	}
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_X, 1, 0, 0, 0));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_RSH | KBPF_K, 1, 0, 0, 32));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_XOR | KBPF_X, 0, 1, 0, 0));
	rnd_emit(g, rnd_insn(KBPF_JMP | KBPF_EXIT, 0, 0, 0, 0));
}

/*
 * A counted loop: rC = 1..6; body of 2..8 ALU and stack instructions
 * that leave rC alone; rC -= 1; if rC != 0 jump back. No branch inside,
 * so both verifiers walk each iteration once per state reaching it.
 */
static inline void rnd_loop(struct rnd_gen *g, bool v3)
{
	__u8 c = 6 + rnd() % 4;
	__u32 len = 2 + rnd() % 7, start;

	rnd_stats.loops++;
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_K, c, 0, 0, 1 + rnd() % 6));
	start = g->n;
	while (len) {
		struct kbpf_insn in = rnd() % 2 ? rnd_alu(v3) : rnd_mem(v3);

		if (rnd_writes(&in, c))
			continue;
		rnd_emit(g, in);
		len--;
	}
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_ADD | KBPF_K, c, 0, 0, -1));
	rnd_emit(g, rnd_insn(KBPF_JMP | KBPF_JNE | KBPF_K, c, 0,
			     (__s16)(start - (g->n + 1)), 0));
	g->loops++;
}

/* A load, store, immediate store or atomic at an aligned offset of a map value. */
static inline struct kbpf_insn rnd_map_op(__u8 base)
{
	static const __u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	static const __s32 atomics[] = {
		KBPF_ADD, KBPF_OR, KBPF_AND, KBPF_XOR, KBPF_ADD | KBPF_FETCH,
		KBPF_OR | KBPF_FETCH, KBPF_AND | KBPF_FETCH,
		KBPF_XOR | KBPF_FETCH, KBPF_XCHG, KBPF_CMPXCHG,
	};
	__u32 k = rnd() % 4, bytes = 1U << k;
	__s16 off = bytes * (rnd() % (RND_MAP_VALUE / bytes));
	__u8 r;

	do
		r = rnd() % 10;
	while (r == base);
	switch (rnd() % 4) {
	case 0:
		return rnd_insn(KBPF_LDX | KBPF_MEM | sizes[k], r, base, off, 0);
	case 1:
		return rnd_insn(KBPF_STX | KBPF_MEM | sizes[k], base, r, off, 0);
	case 2:
		return rnd_insn(KBPF_ST | KBPF_MEM | sizes[k], base, 0, off, rnd_imm());
	}
	k = rnd() % 2;
	off = (k ? 8 : 4) * (rnd() % (RND_MAP_VALUE / (k ? 8 : 4)));
	return rnd_insn(KBPF_STX | KBPF_ATOMIC | (k ? KBPF_DW : KBPF_W), base, r,
			off, atomics[rnd() % 10]);
}

/*
 * Looks up key 0..RND_MAP_ENTRIES (the last misses) in the array map
 * the program's first lddw of a map refers to; on a hit, reads and
 * writes the value through rP. r1-r5 are reseeded after the call.
 */
static inline void rnd_map(struct rnd_gen *g)
{
	__u8 ptr = 6 + rnd() % 4;
	__u32 ops = 1 + rnd() % 4, skip;

	rnd_stats.maps++;
	rnd_emit(g, rnd_insn(KBPF_ST | KBPF_MEM | KBPF_W, 10, 0, RND_KEY_SLOT,
			     rnd() % (RND_MAP_ENTRIES + 1)));
	rnd_emit(g, rnd_insn(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_IDX, 0, 0));
	rnd_emit(g, rnd_insn(0, 0, 0, 0, 0));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_X, 2, 10, 0, 0));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_ADD | KBPF_K, 2, 0, 0, RND_KEY_SLOT));
	rnd_emit(g, rnd_insn(KBPF_JMP | KBPF_CALL, 0, 0, 0, 1));	/* map_lookup_elem */
	rnd_seed(g, 1, 5);
	skip = g->n;
	rnd_emit(g, rnd_insn(KBPF_JMP | KBPF_JEQ | KBPF_K, 0, 0, 0, 0));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_X, ptr, 0, 0, 0));
	/* r0 a scalar again, so cmpxchg compares with a number. */
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_K, 0, 0, 0, rnd_imm()));
	while (ops--)
		rnd_emit(g, rnd_map_op(ptr));
	g->p[skip].off = g->n - skip - 1;
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_K, ptr, 0, 0, rnd_imm()));
	g->maps++;
}

/* The context pointer, saved at the start, into @reg. */
static inline void rnd_ctx_ptr(struct rnd_gen *g, __u8 reg)
{
	rnd_emit(g, rnd_insn(KBPF_LDX | KBPF_MEM | KBPF_DW, reg, 10, RND_CTX_SLOT, 0));
}

/*
 * struct __sk_buff fields both kbpf's and Linux's test runs set from
 * the same input: len, pkt_type, mark, queue_mapping, protocol,
 * priority, ingress_ifindex, ifindex, cb[0..4].
 */
static inline void rnd_ctx_read(struct rnd_gen *g)
{
	static const __s16 offs[] = { 0, 4, 8, 12, 16, 32, 36, 40, 48, 52, 56, 60, 64 };
	__u8 x = 1 + rnd() % 9;

	rnd_stats.ctx_reads++;
	rnd_ctx_ptr(g, x);
	rnd_emit(g, rnd_insn(KBPF_LDX | KBPF_MEM | KBPF_W, x, x,
			     offs[rnd() % (sizeof(offs) / sizeof(offs[0]))], 0));
}

/* A store of any size, aligned, into cb[0..4] (offsets 48-67). */
static inline void rnd_cb_write(struct rnd_gen *g)
{
	static const __u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	__u32 k = rnd() % 4, bytes = 1U << k;
	__u8 a = 1 + rnd() % 9, s;

	rnd_stats.cb_writes++;
	do
		s = rnd() % 10;
	while (s == a);
	rnd_ctx_ptr(g, a);
	rnd_emit(g, rnd_insn(KBPF_STX | KBPF_MEM | sizes[k], a, s,
			     48 + bytes * (rnd() % (20 / bytes)), 0));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_K, a, 0, 0, rnd_imm()));
}

/*
 * LD_ABS or LD_IND (index register masked to 0..31) of 1, 2 or 4 bytes:
 * r6 must hold the context; r1-r5 are lost as after a call. Mostly
 * within RND_PKT_MIN; sometimes past the packet's end, which ends the
 * program with r0 = 0 in both kernels.
 */
static inline void rnd_ld_pkt(struct rnd_gen *g)
{
	static const __u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W };
	__u8 size = sizes[rnd() % 3];
	__s32 off = rnd() % 5 ? rnd() % (RND_PKT_MIN - 3) : rnd() % (RND_PKT_MAX + 8);

	rnd_stats.ld_pkt++;
	rnd_ctx_ptr(g, 6);
	if (rnd() % 2) {
		rnd_emit(g, rnd_insn(KBPF_LD | KBPF_ABS | size, 0, 0, 0, off));
	} else {
		__u8 s = 7 + rnd() % 3;

		rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_AND | KBPF_K, s, 0, 0, 31));
		rnd_emit(g, rnd_insn(KBPF_LD | KBPF_IND | size, 0, s, 0, off % 16));
	}
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_K, 6, 0, 0, rnd_imm()));
	rnd_seed(g, 1, 5);
}

/*
 * Direct packet access (kbpf's socket filters have it, Linux's do not):
 * data and data_end from the context, a bounds check, one load.
 */
static inline void rnd_pkt_direct(struct rnd_gen *g)
{
	static const __u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	__u8 r[9], a, b, c, x, t;
	__u32 i, k = rnd() % 4;
	__s16 off = rnd() % 24;

	rnd_stats.pkt_direct++;
	for (i = 0; i < 9; i++)
		r[i] = i + 1;
	for (i = 0; i < 4; i++) {
		__u32 j = i + rnd() % (9 - i);

		t = r[i];
		r[i] = r[j];
		r[j] = t;
	}
	a = r[0], b = r[1], c = r[2], x = r[3];
	rnd_ctx_ptr(g, a);
	rnd_emit(g, rnd_insn(KBPF_LDX | KBPF_MEM | KBPF_W, b, a, 76, 0));
	rnd_emit(g, rnd_insn(KBPF_LDX | KBPF_MEM | KBPF_W, a, a, 80, 0));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_X, c, b, 0, 0));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_ADD | KBPF_K, c, 0, 0, off + (1 << k)));
	rnd_emit(g, rnd_insn(KBPF_JMP | KBPF_JGT | KBPF_X, c, a, 1, 0));
	rnd_emit(g, rnd_insn(KBPF_LDX | KBPF_MEM | sizes[k], x, b, off, 0));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_K, a, 0, 0, rnd_imm()));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_K, b, 0, 0, rnd_imm()));
	rnd_emit(g, rnd_insn(KBPF_ALU64 | KBPF_MOV | KBPF_X, c, x, 0, 0));
}

/* A bpf-to-bpf call to subprogram @sub; r1-r5 are lost after it. */
static inline void rnd_call(struct rnd_gen *g, __u32 sub)
{
	rnd_stats.calls++;
	g->call_at[g->nr_calls] = g->n;
	g->call_to[g->nr_calls++] = sub;
	rnd_emit(g, rnd_insn(KBPF_JMP | KBPF_CALL, 0, KBPF_PSEUDO_CALL, 0, 0));
	rnd_seed(g, 1, 5);
}

/*
 * @steps random steps of function @fn (-1 for the main program, else a
 * subprogram): with no feature flags exactly the old mix (ALU, stack,
 * forward branches), so the fixed-seed corpus stays the same.
 */
static inline void rnd_body(struct rnd_gen *g, __u32 steps, int fn)
{
	bool v3 = g->flags & RND_V3;
	bool more = g->flags & RND_FEATURES;

	while (steps--) {
		__u32 k = more ? rnd() % 16 : rnd() % 10;

		if (more && g->n > RND_PROG_MAX - 400)
			k = 0;		/* room for the subprograms and the fold */
		if (k == 10 && (g->flags & RND_CTX) && fn < 0) {
			rnd_ctx_read(g);
		} else if (k == 11 && (g->flags & RND_CTX) && fn < 0) {
			rnd_cb_write(g);
		} else if (k == 12 && (g->flags & RND_CTX) && fn < 0) {
			rnd_ld_pkt(g);
		} else if (k == 13 && (g->flags & RND_PKT) && fn < 0) {
			rnd_pkt_direct(g);
		} else if (k == 14 && (g->flags & RND_MAP) && g->maps < 4) {
			rnd_map(g);
		} else if (k == 15 && (g->flags & RND_LOOP) && g->loops < 4 &&
			   (!(g->flags & RND_CALL) || rnd() % 2)) {
			rnd_loop(g, v3);
		} else if (k == 15 && (g->flags & RND_CALL) && fn < 1 &&
			   g->nr_calls < 8) {
			/* main calls either subprogram, the first calls the second */
			rnd_call(g, fn < 0 ? rnd() % 2 : 1);
		} else if (k >= 10 || k < 6) {
			rnd_emit(g, rnd_alu(v3));
		} else if (k < 9) {
			rnd_emit(g, rnd_mem(v3));
		} else {
			/* A forward branch over the next one or two. */
			rnd_emit(g, rnd_branch(1 + rnd() % 2));
			rnd_emit(g, rnd_alu(v3));
			rnd_emit(g, rnd_alu(v3));
		}
	}
}

/* Writes a program of at most RND_PROG_MAX instructions; returns its length. */
static inline __u32 rnd_program_flags(struct kbpf_insn *p, __u32 flags)
{
	struct rnd_gen g = { .p = p, .flags = flags };
	__u32 i, body = 8 + rnd() % 60;

	if (flags & (RND_CTX | RND_PKT))
		rnd_emit(&g, rnd_insn(KBPF_STX | KBPF_MEM | KBPF_DW, 10, 1, RND_CTX_SLOT, 0));
	rnd_seed(&g, 0, 9);
	for (i = 1; i <= 8; i++)
		rnd_emit(&g, rnd_insn(KBPF_ST | KBPF_MEM | KBPF_DW, 10, 0, -8 * i, rnd_imm()));
	rnd_body(&g, body, -1);
	rnd_fold(&g);
	if (!g.nr_calls)
		return g.n;
	/* Subprograms: their own registers r0, r6-r9 and stack, then the fold. */
	for (i = 0; i < 2; i++) {
		__u32 k, called = 0;

		/* Never one nobody calls: both verifiers reject dead code. */
		for (k = 0; k < g.nr_calls; k++)
			called |= g.call_to[k] == i;
		if (!called)
			continue;
		g.sub_at[i] = g.n;
		g.loops = 0;
		g.maps = 0;
		rnd_seed(&g, 0, 0);
		rnd_seed(&g, 6, 9);
		for (k = 1; k <= 8; k++)
			rnd_emit(&g, rnd_insn(KBPF_ST | KBPF_MEM | KBPF_DW, 10, 0, -8 * k,
					      rnd_imm()));
		rnd_body(&g, 4 + rnd() % 16, i);
		rnd_fold(&g);
	}
	for (i = 0; i < g.nr_calls; i++)
		p[g.call_at[i]].imm = g.sub_at[g.call_to[i]] - g.call_at[i] - 1;
	return g.n;
}

/* The original generator: ALU, stack, atomics and forward branches. */
static inline __u32 rnd_program(struct kbpf_insn *p, bool v3)
{
	return rnd_program_flags(p, v3 ? RND_V3 : 0);
}

/* Points every map reference of @p (RND_MAP) at descriptor @fd, again if need be. */
static inline void rnd_set_map_fd(struct kbpf_insn *p, __u32 n, int fd)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (p[i].code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
		    (p[i].src_reg == KBPF_PSEUDO_MAP_IDX ||
		     p[i].src_reg == KBPF_PSEUDO_MAP_FD)) {
			p[i].src_reg = KBPF_PSEUDO_MAP_FD;
			p[i].imm = fd;
		}
}

#endif /* _KBPF_TESTS_RANDOM_PROG_H */
