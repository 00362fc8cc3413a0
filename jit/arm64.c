// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AArch64 code generator.
 *
 * BPF registers live where AAPCS64 passes arguments, so a helper call
 * needs no moves:
 *
 *   r0 x7    r1 x0    r2 x1    r3 x2    r4 x3    r5 x4
 *   r6 x19   r7 x20   r8 x21   r9 x22   r10 x23  ax x9
 *
 * r0 cannot share x0 with r1: a helper's result is moved from x0 to x7,
 * and the main program's epilogue moves it back. x10 - x13 are scratch
 * within one instruction's code, x16 (IP0) holds a helper's address:
 * the arena is out of BL range of core-kernel text.
 *
 * Frames: the main program pushes a frame record, the callee-saved
 * registers it writes (x23 too when any code uses r10), then reserves
 * the whole BPF stack; x23 points at its top. A subprogram pushes a
 * frame record only if it calls something, then the callee-saved
 * registers it writes. sp stays 16-byte aligned throughout, as the
 * architecture requires of an sp-based access.
 *
 * Each BPF instruction is assembled into a small local buffer, so
 * branches inside one instruction's code are known exactly.
 */
#include "internal.h"
#include "../maps/maps.h"
#include "../helpers/helpers.h"

enum a64_reg {
	X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13,
	X16 = 16, X19 = 19, X20, X21, X22, X23, X29 = 29, X30,
	XZR = 31, SP = 31,	/* which one depends on the instruction */
};

/* BPF's read-only frame pointer. */
#define BPF_FP		10

static const u8 reg_map[KBPF_JIT_REG_AX + 1] = {
	X7, X0, X1, X2, X3, X4, X19, X20, X21, X22, X23, X9,
};

#define R0		X7
#define FP		X23
#define TMP1		X10	/* addresses, offsets */
#define TMP2		X11	/* immediates, loaded values */
#define TMP3		X12
#define TMP4		X13	/* store-exclusive status */

/* Callee-saved native registers a frame may save, in push order. */
static const u8 saved_bpf_regs[] = { 6, 7, 8, 9 };

/* The most one BPF instruction assembles to (a tail call: about 30). */
#define MAX_INSN_WORDS	48

/*
 * Every image starts with BTI C, "movz x7, #0" (the tail-call count, 0
 * for a run that starts here) and BTI JC: a tail call enters its target
 * this many bytes in, with its own count in x7 and its frame gone, by a
 * BR x16 the landing pad accepts (Documentation/jit.md).
 */
#define TAIL_ENTRY	8

struct a64_buf {
	u32 w[MAX_INSN_WORDS];
	u32 n;
};

struct a64_state {
	bool lse;		/* ARMv8.1 atomics */
	bool uses_fp;		/* some code reads r10 */
	u32 *epilogue;		/* per subprogram, native offset (last pass) */
	bool *calls;		/* per subprogram: makes calls, saves x30 */
	const char *why;	/* why the program is declined */
};

static void put(struct a64_buf *a, u32 insn)
{
	a->w[a->n++] = insn;
}

static void append(struct kbpf_jit *j, const struct a64_buf *a)
{
	u32 i;

	/* Instructions are little-endian whatever the data endianness. */
	if (j->image) {
		u8 *p = j->image + j->size;

		for (i = 0; i < a->n; i++, p += 4) {
			p[0] = a->w[i];
			p[1] = a->w[i] >> 8;
			p[2] = a->w[i] >> 16;
			p[3] = a->w[i] >> 24;
		}
	}
	j->size += a->n * 4;
}

/* Native offset of the next word put into @a. */
static u32 here(const struct kbpf_jit *j, const struct a64_buf *a)
{
	return j->size + a->n * 4;
}

/* ---- encoders (Arm ARM, "A64 Instruction Set Encoding") ---- */

static u32 a64_addsub_imm(bool sf, bool sub, bool setflags, u8 rd, u8 rn,
			  u32 imm12, bool lsl12)
{
	return 0x11000000 | (u32)sf << 31 | sub << 30 | setflags << 29 |
	       lsl12 << 22 | imm12 << 10 | rn << 5 | rd;
}

static u32 a64_addsub_reg(bool sf, bool sub, bool setflags, u8 rd, u8 rn,
			  u8 rm)
{
	return 0x0b000000 | (u32)sf << 31 | sub << 30 | setflags << 29 |
	       rm << 16 | rn << 5 | rd;
}

enum { LOGIC_AND, LOGIC_ORR, LOGIC_EOR, LOGIC_ANDS };

/* @invert: BIC, ORN, EON, BICS (the second operand complemented). */
static u32 a64_logic_reg(bool sf, u32 opc, bool invert, u8 rd, u8 rn, u8 rm)
{
	return 0x0a000000 | (u32)sf << 31 | opc << 29 | invert << 21 | rm << 16 |
	       rn << 5 | rd;
}

/* @nrs: N:immr:imms as a64_bitmask() computes it. */
static u32 a64_logic_imm(bool sf, u32 opc, u8 rd, u8 rn, u32 nrs)
{
	return 0x12000000 | (u32)sf << 31 | opc << 29 | nrs << 10 | rn << 5 | rd;
}

enum { MOVN = 0, MOVZ = 2, MOVK = 3 };

static u32 a64_movw(bool sf, u32 opc, u8 rd, u16 imm16, u32 hw)
{
	return 0x12800000 | (u32)sf << 31 | opc << 29 | hw << 21 | imm16 << 5 | rd;
}

enum { DP_UDIV = 2, DP_SDIV = 3, DP_LSLV = 8, DP_LSRV = 9, DP_ASRV = 10 };

static u32 a64_dp2(bool sf, u32 op, u8 rd, u8 rn, u8 rm)
{
	return 0x1ac00000 | (u32)sf << 31 | rm << 16 | op << 10 | rn << 5 | rd;
}

/* MADD (rd = ra + rn * rm) and MSUB (rd = ra - rn * rm). */
static u32 a64_madd(bool sf, bool sub, u8 rd, u8 rn, u8 rm, u8 ra)
{
	return 0x1b000000 | (u32)sf << 31 | rm << 16 | sub << 15 | ra << 10 |
	       rn << 5 | rd;
}

enum { BFM_SIGNED = 0, BFM_UNSIGNED = 2 };

static u32 a64_bfm(bool sf, u32 opc, u8 rd, u8 rn, u32 immr, u32 imms)
{
	return 0x13000000 | (u32)sf << 31 | opc << 29 | sf << 22 | immr << 16 |
	       imms << 10 | rn << 5 | rd;
}

enum { REV16 = 1, REV32 = 2, REV64 = 3 };

static u32 a64_rev(bool sf, u32 opc, u8 rd, u8 rn)
{
	return 0x5ac00000 | (u32)sf << 31 | opc << 10 | rn << 5 | rd;
}

/* Loads and stores: @size is log2 of the access, @opc one of these. */
enum { LS_STORE = 0, LS_LOAD = 1, LS_LOAD_SX = 2 };

static u32 a64_ls_uimm(u32 size, u32 opc, u8 rt, u8 rn, u32 scaled)
{
	return 0x39000000 | size << 30 | opc << 22 | scaled << 10 |
	       rn << 5 | rt;
}

static u32 a64_ls_simm9(u32 size, u32 opc, u8 rt, u8 rn, s32 off)
{
	return 0x38000000 | size << 30 | opc << 22 | (off & 0x1ff) << 12 |
	       rn << 5 | rt;
}

static u32 a64_ls_reg(u32 size, u32 opc, u8 rt, u8 rn, u8 rm)
{
	return 0x38206800 | size << 30 | opc << 22 | rm << 16 | rn << 5 | rt;
}

/* 64-bit STP pre-indexed and LDP post-indexed, for frames. */
static u32 a64_stp_pre(u8 rt, u8 rt2, u8 rn, s32 off)
{
	return 0xa9800000 | ((off / 8) & 0x7f) << 15 | rt2 << 10 | rn << 5 | rt;
}

static u32 a64_ldp_post(u8 rt, u8 rt2, u8 rn, s32 off)
{
	return 0xa8c00000 | ((off / 8) & 0x7f) << 15 | rt2 << 10 | rn << 5 | rt;
}

static u32 a64_str_pre(u8 rt, u8 rn, s32 off)
{
	return 0xf8000c00 | (off & 0x1ff) << 12 | rn << 5 | rt;
}

static u32 a64_ldr_post(u8 rt, u8 rn, s32 off)
{
	return 0xf8400400 | (off & 0x1ff) << 12 | rn << 5 | rt;
}

/* LSE: LDADD, LDCLR, LDEOR, LDSET (opc 0 - 3) and SWP, with ordering. */
enum { LSE_ADD = 0, LSE_CLR = 1, LSE_EOR = 2, LSE_SET = 3, LSE_SWP = 8 };

static u32 a64_lse(u32 size, bool al, u32 op, u8 rs, u8 rt, u8 rn)
{
	return 0x38200000 | size << 30 | al << 23 | al << 22 | rs << 16 |
	       op << 12 | rn << 5 | rt;
}

/* CASAL: compares [rn] with rs, stores rt if equal; rs gets the old value. */
static u32 a64_casal(u32 size, u8 rs, u8 rt, u8 rn)
{
	return 0x08e0fc00 | size << 30 | rs << 16 | rn << 5 | rt;
}

static u32 a64_ldxr(u32 size, u8 rt, u8 rn)
{
	return 0x085f7c00 | size << 30 | rn << 5 | rt;
}

/* STXR, or STLXR with @release; @rs gets 0 on success. */
static u32 a64_stxr(u32 size, bool release, u8 rs, u8 rt, u8 rn)
{
	return 0x08007c00 | size << 30 | release << 15 | rs << 16 |
	       rn << 5 | rt;
}

#define A64_DMB_ISH	0xd5033bbf
#define A64_BTI_C	0xd503245f
#define A64_BTI_JC	0xd50324df
#define A64_CSDB	0xd503229f
#define A64_RET		0xd65f03c0
#define A64_BRK0	0xd4200000

static u32 a64_blr(u8 rn)
{
	return 0xd63f0000 | rn << 5;
}

static u32 a64_br(u8 rn)
{
	return 0xd61f0000 | rn << 5;
}

/* CSEL rd, rn, rm, cond */
static u32 a64_csel(bool sf, u8 rd, u8 rn, u8 rm, u32 cond)
{
	return 0x1a800000 | (u32)sf << 31 | rm << 16 | cond << 12 | rn << 5 | rd;
}

/* LDR Xt, [Xn, Xm, LSL #3] */
static u32 a64_ldr_lsl3(u8 rt, u8 rn, u8 rm)
{
	return 0xf8607800 | rm << 16 | rn << 5 | rt;
}

/* Branch offsets count words. */
static u32 a64_b(bool link, s32 words)
{
	return 0x14000000 | (u32)link << 31 | (words & 0x3ffffff);
}

enum a64_cond {
	COND_EQ, COND_NE, COND_HS, COND_LO, COND_MI, COND_PL, COND_VS,
	COND_VC, COND_HI, COND_LS, COND_GE, COND_LT, COND_GT, COND_LE,
};

/* ---- immediates ---- */

/* ADD/SUB's 12-bit immediate, optionally shifted by 12: -1 if none. */
static s32 imm12_enc(u64 v)
{
	if (v < 4096)
		return v;
	if (!(v & 0xfff) && v < (1U << 24))
		return (v >> 12) | 1 << 12;
	return -1;
}

static u32 a64_addsub_enc(bool sf, bool sub, bool setflags, u8 rd, u8 rn,
			  s32 enc)
{
	return a64_addsub_imm(sf, sub, setflags, rd, rn, enc & 0xfff,
			      enc >> 12);
}

/*
 * A logical immediate: a run of ones, rotated, replicated over 2 - 64
 * bit elements. Returns N:immr:imms, or -1 if @v is none (all zeros
 * and all ones never are). A 32-bit operation passes @v replicated.
 */
/* Not __builtin_popcountll: the kernel has no libgcc to provide it. */
static u32 count_ones(u64 v)
{
	u32 n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static s32 a64_bitmask(u64 v)
{
	u32 e, ones, r;

	for (e = 2; e <= 64; e *= 2) {
		u64 mask = e == 64 ? ~0ULL : (1ULL << e) - 1;
		u64 p = v & mask, rep = p;
		u32 k;

		for (k = e; k < 64; k *= 2)
			rep |= rep << k;
		if (rep != v)
			continue;
		if (!p || p == mask)
			return -1;
		ones = count_ones(p);
		/* Find r with p == ROR(ones, r) within the element. */
		for (r = 0; r < e; r++) {
			u64 run = (1ULL << ones) - 1;
			u64 rot = r ? ((run >> r) | (run << (e - r))) & mask : run;

			if (rot == p)
				return (e == 64) << 12 | r << 6 |
				       ((~(e - 1) << 1) & 0x3f) | (ones - 1);
		}
		return -1;
	}
	return -1;
}

static s32 bitmask_for(bool sf, u64 v)
{
	if (!sf)
		v = (u32)v | (u64)(u32)v << 32;
	return a64_bitmask(v);
}

static u32 count_chunks(u64 v, u32 n, u16 skip)
{
	u32 i, c = 0;

	for (i = 0; i < n; i++)
		c += (u16)(v >> (16 * i)) != skip;
	return c;
}

/* MOVZ (or MOVN when @inv) of the chunks not equal to the filler, then MOVK. */
static void emit_movw_seq(struct a64_buf *a, bool sf, u8 rd, u64 v, bool inv)
{
	u16 fill = inv ? 0xffff : 0;
	u32 i, n = sf ? 4 : 2;
	bool first = true;

	for (i = 0; i < n; i++) {
		u16 c = v >> (16 * i);

		if (c == fill)
			continue;
		if (first)
			put(a, a64_movw(sf, inv ? MOVN : MOVZ, rd,
					inv ? (u16)~c : c, i));
		else
			put(a, a64_movw(sf, MOVK, rd, c, i));
		first = false;
	}
	if (first)		/* every chunk was the filler */
		put(a, a64_movw(sf, inv ? MOVN : MOVZ, rd, 0, 0));
}

/*
 * Any constant in the fewest instructions: MOVZ or MOVN and MOVKs, in
 * 64 or (zero-extending) 32 bits, or one ORR of a logical immediate.
 */
static void emit_mov_imm(struct a64_buf *a, bool sf, u8 rd, u64 v)
{
	bool w;
	u32 z64, n64, n32, best;

	if (!sf)
		v = (u32)v;
	w = v <= 0xffffffffULL;		/* a W form zero-extends */
	z64 = max_t(u32, 1, count_chunks(v, 4, 0));
	n64 = max_t(u32, 1, count_chunks(v, 4, 0xffff));
	n32 = w ? max_t(u32, 1, count_chunks(v, 2, 0xffff)) : 5;
	best = min(z64, min(n64, n32));
	if (best > 1) {
		if (w && bitmask_for(false, v) >= 0) {
			put(a, a64_logic_imm(false, LOGIC_ORR, rd, XZR,
					     bitmask_for(false, v)));
			return;
		}
		if (sf && a64_bitmask(v) >= 0) {
			put(a, a64_logic_imm(true, LOGIC_ORR, rd, XZR,
					     a64_bitmask(v)));
			return;
		}
	}
	if (z64 == best)
		emit_movw_seq(a, w ? false : true, rd, v, false);
	else if (n32 == best)
		emit_movw_seq(a, false, rd, v, true);
	else
		emit_movw_seq(a, true, rd, v, true);
}

static void emit_mov_reg(struct a64_buf *a, bool sf, u8 rd, u8 rm)
{
	put(a, a64_logic_reg(sf, LOGIC_ORR, false, rd, XZR, rm));
}

/* rd = rn + v (or - v), with @tmp for an immediate no form encodes. */
static void emit_add_imm(struct a64_buf *a, bool sf, u8 rd, u8 rn, s64 v,
			 u8 tmp)
{
	u64 mask = sf ? ~0ULL : 0xffffffffULL;
	s32 enc = imm12_enc((u64)v & mask);

	if (enc >= 0) {
		put(a, a64_addsub_enc(sf, false, false, rd, rn, enc));
		return;
	}
	enc = imm12_enc((u64)-v & mask);
	if (enc >= 0) {
		put(a, a64_addsub_enc(sf, true, false, rd, rn, enc));
		return;
	}
	emit_mov_imm(a, sf, tmp, v);
	put(a, a64_addsub_reg(sf, false, false, rd, rn, tmp));
}

/* ---- ALU ---- */

static int emit_divmod(struct a64_buf *a, const struct kbpf_insn *insn,
		       bool sf, u8 dst, u8 src)
{
	u32 div = insn->off == 1 ? DP_SDIV : DP_UDIV;

	/*
	 * The hardware already does what RFC 9669 asks: x / 0 = 0 and
	 * INT_MIN / -1 = INT_MIN without trapping, so x - (x / y) * y gives
	 * x % 0 = x and INT_MIN % -1 = 0.
	 */
	if ((insn->code & 0xf0) == KBPF_DIV) {
		put(a, a64_dp2(sf, div, dst, dst, src));
	} else {
		put(a, a64_dp2(sf, div, TMP1, dst, src));
		put(a, a64_madd(sf, true, dst, TMP1, src, dst));
	}
	return 0;
}

static void emit_shift_imm(struct a64_buf *a, u8 op, bool sf, u8 dst, u32 s)
{
	u32 top = sf ? 63 : 31;

	s &= top;
	if (sf && !s)
		return;
	switch (op) {
	case KBPF_LSH:
		put(a, a64_bfm(sf, BFM_UNSIGNED, dst, dst, (-s) & top, top - s));
		break;
	case KBPF_RSH:
		put(a, a64_bfm(sf, BFM_UNSIGNED, dst, dst, s, top));
		break;
	default:	/* KBPF_ARSH */
		put(a, a64_bfm(sf, BFM_SIGNED, dst, dst, s, top));
		break;
	}
}

static void emit_logic(struct a64_buf *a, u8 op, bool sf, bool k, u8 dst,
		       u8 src, u64 v)
{
	u32 opc = op == KBPF_AND ? LOGIC_AND : op == KBPF_OR ? LOGIC_ORR :
		  LOGIC_EOR;
	s32 nrs;

	if (!k) {
		put(a, a64_logic_reg(sf, opc, false, dst, dst, src));
		return;
	}
	nrs = bitmask_for(sf, v);
	if (nrs >= 0) {
		put(a, a64_logic_imm(sf, opc, dst, dst, nrs));
	} else if (op == KBPF_XOR && (sf ? v == ~0ULL : (u32)v == ~0U)) {
		put(a, a64_logic_reg(sf, LOGIC_ORR, true, dst, XZR, dst));
	} else {
		emit_mov_imm(a, sf, TMP2, v);
		put(a, a64_logic_reg(sf, opc, false, dst, dst, TMP2));
	}
}

static void emit_endian(struct a64_buf *a, const struct kbpf_insn *insn,
			u8 dst)
{
	/* Data is little-endian (kbpf_jit_arch_supported()). */
	bool swap = insn->code == (KBPF_ALU64 | KBPF_END | KBPF_TO_LE) ||
		    (insn->code & KBPF_TO_BE);

	switch (insn->imm) {
	case 16:
		if (swap)
			put(a, a64_rev(false, REV16, dst, dst));
		put(a, a64_bfm(false, BFM_UNSIGNED, dst, dst, 0, 15));
		break;
	case 32:
		if (swap)
			put(a, a64_rev(false, REV32, dst, dst));
		else
			emit_mov_reg(a, false, dst, dst);
		break;
	default:
		if (swap)
			put(a, a64_rev(true, REV64, dst, dst));
		break;
	}
}

static int emit_alu(struct a64_buf *a, const struct kbpf_insn *insn)
{
	bool sf = (insn->code & 0x07) == KBPF_ALU64;
	bool k = !(insn->code & KBPF_X);
	u8 op = insn->code & 0xf0;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	u64 v = sf ? (u64)(s64)insn->imm : (u32)insn->imm;
	s32 sbits;

	switch (op) {
	case KBPF_ADD:
	case KBPF_SUB:
		if (!k) {
			put(a, a64_addsub_reg(sf, op == KBPF_SUB, false, dst,
					      dst, src));
		} else if (sf && !v) {
			/* nothing: a 64-bit add of 0 changes nothing */
		} else {
			emit_add_imm(a, sf, dst, dst,
				     op == KBPF_SUB ? -(s64)v : (s64)v, TMP2);
		}
		return 0;
	case KBPF_MUL:
		if (k) {
			emit_mov_imm(a, sf, TMP2, v);
			src = TMP2;
		}
		put(a, a64_madd(sf, false, dst, dst, src, XZR));
		return 0;
	case KBPF_DIV:
	case KBPF_MOD:
		if (k) {
			emit_mov_imm(a, sf, TMP2, v);
			src = TMP2;
		}
		return emit_divmod(a, insn, sf, dst, src);
	case KBPF_OR:
	case KBPF_AND:
	case KBPF_XOR:
		emit_logic(a, op, sf, k, dst, src, v);
		return 0;
	case KBPF_LSH:
	case KBPF_RSH:
	case KBPF_ARSH:
		if (k) {
			emit_shift_imm(a, op, sf, dst, insn->imm);
			return 0;
		}
		/* LSLV and friends take the count modulo the width, as BPF. */
		put(a, a64_dp2(sf, op == KBPF_LSH ? DP_LSLV :
			       op == KBPF_RSH ? DP_LSRV : DP_ASRV, dst, dst, src));
		return 0;
	case KBPF_NEG:
		put(a, a64_addsub_reg(sf, true, false, dst, XZR, dst));
		return 0;
	case KBPF_MOV:
		if (k) {
			emit_mov_imm(a, sf, dst, v);
			return 0;
		}
		sbits = insn->off;
		if (sbits == 8 || sbits == 16 || (sf && sbits == 32)) {
			/* movsx: SXTB, SXTH, SXTW (in W, zero-extended) */
			put(a, a64_bfm(sf, BFM_SIGNED, dst, src, 0, sbits - 1));
			return 0;
		}
		if (!sf || dst != src)
			emit_mov_reg(a, sf, dst, src);
		return 0;
	case KBPF_END:
		emit_endian(a, insn, dst);
		return 0;
	}
	return -EOPNOTSUPP;
}

/* ---- memory ---- */

static u32 size_log2(u8 code)
{
	switch (code & 0x18) {
	case KBPF_B:
		return 0;
	case KBPF_H:
		return 1;
	case KBPF_W:
		return 2;
	}
	return 3;
}

/* [rn + off] in the shortest form; an offset no form encodes goes in TMP1. */
static void emit_ldst(struct a64_buf *a, u32 size, u32 opc, u8 rt, u8 rn,
		      s32 off)
{
	if (off >= 0 && !(off & ((1 << size) - 1)) && (off >> size) < 4096) {
		put(a, a64_ls_uimm(size, opc, rt, rn, off >> size));
	} else if (off >= -256 && off < 256) {
		put(a, a64_ls_simm9(size, opc, rt, rn, off));
	} else {
		emit_mov_imm(a, true, TMP1, (s64)off);
		put(a, a64_ls_reg(size, opc, rt, rn, TMP1));
	}
}

static void emit_store_imm(struct a64_buf *a, const struct kbpf_insn *insn)
{
	u32 size = size_log2(insn->code);
	u64 v = size == 3 ? (u64)(s64)insn->imm :
		(u32)insn->imm & (u32)(((u64)1 << (8 << size)) - 1);
	u8 rt = XZR;

	if (v) {
		emit_mov_imm(a, size == 3, TMP2, v);
		rt = TMP2;
	}
	emit_ldst(a, size, LS_STORE, rt, reg_map[insn->dst_reg], insn->off);
}

/* The exclusive-access loop for CPUs without LSE. */
static void emit_atomic_llsc(struct a64_buf *a, u32 size, bool sf, s32 op,
			     u8 addr, u8 src)
{
	u32 logic = (op & ~KBPF_FETCH) == KBPF_AND ? LOGIC_AND :
		    (op & ~KBPF_FETCH) == KBPF_OR ? LOGIC_ORR : LOGIC_EOR;
	u32 loop = a->n;
	bool fetch = op & KBPF_FETCH;

	put(a, a64_ldxr(size, TMP2, addr));
	switch (op) {
	case KBPF_XCHG:
		put(a, a64_stxr(size, true, TMP4, src, addr));
		break;
	case KBPF_CMPXCHG:
		/* Skips the store and the barrier on a mismatch, as Linux. */
		put(a, a64_addsub_reg(sf, true, true, XZR, TMP2, R0));
		put(a, 0x54000000 | 4 << 5 | COND_NE);		/* b.ne out */
		put(a, a64_stxr(size, true, TMP4, src, addr));
		break;
	default:
		if ((op & ~KBPF_FETCH) == KBPF_ADD)
			put(a, a64_addsub_reg(sf, false, false, TMP3, TMP2, src));
		else
			put(a, a64_logic_reg(sf, logic, false, TMP3, TMP2, src));
		put(a, a64_stxr(size, fetch, TMP4, TMP3, addr));
		break;
	}
	/* cbnz w13, loop */
	put(a, 0x35000000 | ((loop - a->n) & 0x7ffff) << 5 | TMP4);
	if (!fetch)
		return;
	/* Fully ordered, as Linux's value-returning atomics. */
	put(a, A64_DMB_ISH);
	emit_mov_reg(a, sf, op == KBPF_CMPXCHG ? R0 : src, TMP2);
}

static int emit_atomic(struct a64_state *st, struct a64_buf *a,
		       const struct kbpf_insn *insn)
{
	u32 size = size_log2(insn->code);
	bool sf = size == 3;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	u8 addr = dst;
	s32 op = insn->imm;

	switch (op) {
	case KBPF_ADD: case KBPF_OR: case KBPF_AND: case KBPF_XOR:
	case KBPF_ADD | KBPF_FETCH: case KBPF_OR | KBPF_FETCH:
	case KBPF_AND | KBPF_FETCH: case KBPF_XOR | KBPF_FETCH:
	case KBPF_XCHG: case KBPF_CMPXCHG:
		break;
	default:
		st->why = "an atomic operation the JIT does not know";
		return -EOPNOTSUPP;
	}
	if (insn->off) {
		addr = TMP1;
		emit_add_imm(a, true, TMP1, dst, insn->off, TMP1);
	}
	if (!st->lse) {
		emit_atomic_llsc(a, size, sf, op, addr, src);
		return 0;
	}
	switch (op) {
	case KBPF_XCHG:
		put(a, a64_lse(size, true, LSE_SWP, src, src, addr));
		return 0;
	case KBPF_CMPXCHG:
		put(a, a64_casal(size, R0, src, addr));
		return 0;
	}
	/* Without FETCH: ST<op> (Rt = zr), relaxed like Linux's atomic_add(). */
	if ((op & ~KBPF_FETCH) == KBPF_AND) {
		/* LDCLR clears the bits set in its operand: pass ~src. */
		put(a, a64_logic_reg(sf, LOGIC_ORR, true, TMP2, XZR, src));
		put(a, a64_lse(size, op & KBPF_FETCH, LSE_CLR, TMP2,
			       op & KBPF_FETCH ? src : XZR, addr));
		return 0;
	}
	put(a, a64_lse(size, op & KBPF_FETCH,
		       (op & ~KBPF_FETCH) == KBPF_ADD ? LSE_ADD :
		       (op & ~KBPF_FETCH) == KBPF_OR ? LSE_SET : LSE_EOR,
		       src, op & KBPF_FETCH ? src : XZR, addr));
	return 0;
}

/* ---- branches ---- */

/* A conditional branch: B.cond, CBZ/CBNZ or TBZ/TBNZ. */
struct a64_cbr {
	enum { BR_COND, BR_CBZ, BR_CBNZ, BR_TBZ, BR_TBNZ } kind;
	u32 cond;	/* BR_COND */
	bool sf;	/* BR_CBZ, BR_CBNZ */
	u8 rt;
	u32 bit;	/* BR_TBZ, BR_TBNZ */
};

static u32 cbr_insn(const struct a64_cbr *b, bool invert, s32 words)
{
	switch (b->kind) {
	case BR_COND:
		return 0x54000000 | (words & 0x7ffff) << 5 | (b->cond ^ invert);
	case BR_CBZ:
	case BR_CBNZ:
		return 0x34000000 | (u32)b->sf << 31 |
		       ((b->kind == BR_CBNZ) ^ invert) << 24 |
		       (words & 0x7ffff) << 5 | b->rt;
	default:
		return 0x36000000 | (b->bit >> 5) << 31 |
		       ((b->kind == BR_TBNZ) ^ invert) << 24 |
		       (b->bit & 31) << 19 | (words & 0x3fff) << 5 | b->rt;
	}
}

static bool fits(s64 words, u32 bits)
{
	return words >= -(1LL << (bits - 1)) && words < (1LL << (bits - 1));
}

/*
 * An unconditional branch to native offset @target. Its size never
 * changes, so the range only matters when the image is written.
 */
static int emit_b(struct kbpf_jit *j, struct a64_buf *a, bool link,
		  u32 target)
{
	s64 words = ((s64)target - here(j, a)) / 4;

	if (j->image && !fits(words, 26)) {
		((struct a64_state *)j->arch)->why = "a branch is out of range";
		return -EOPNOTSUPP;
	}
	put(a, a64_b(link, words));
	return 0;
}

/*
 * A conditional branch to native offset @target: one instruction when
 * it reaches (+-1 MiB, +-32 KiB for TBZ), else the inverted condition
 * over a B. Forward targets come from the last pass, which overstates
 * distances until sizes converge, so the choice only ever shrinks.
 */
static int emit_cbr(struct kbpf_jit *j, struct a64_buf *a,
		    const struct a64_cbr *b, u32 target)
{
	s64 words = ((s64)target - here(j, a)) / 4;
	u32 bits = b->kind == BR_TBZ || b->kind == BR_TBNZ ? 14 : 19;

	if (fits(words, bits)) {
		put(a, cbr_insn(b, false, words));
		return 0;
	}
	put(a, cbr_insn(b, true, 2));
	return emit_b(j, a, false, target);
}

static u32 jump_cond(u8 op)
{
	switch (op) {
	case KBPF_JEQ:
		return COND_EQ;
	case KBPF_JGT:
		return COND_HI;
	case KBPF_JGE:
		return COND_HS;
	case KBPF_JSET:
	case KBPF_JNE:
		return COND_NE;
	case KBPF_JSGT:
		return COND_GT;
	case KBPF_JSGE:
		return COND_GE;
	case KBPF_JLT:
		return COND_LO;
	case KBPF_JLE:
		return COND_LS;
	case KBPF_JSLT:
		return COND_LT;
	}
	return COND_LE;		/* KBPF_JSLE */
}

/* Sets the flags for a compare (or JSET's test) with an immediate. */
static void emit_cmp_imm(struct a64_buf *a, bool sf, bool test, u8 dst, u64 v)
{
	u64 mask = sf ? ~0ULL : 0xffffffffULL;
	s32 enc;

	if (test) {
		enc = bitmask_for(sf, v);
		if (enc >= 0) {
			put(a, a64_logic_imm(sf, LOGIC_ANDS, XZR, dst, enc));
			return;
		}
	} else {
		enc = imm12_enc(v & mask);
		if (enc >= 0) {
			put(a, a64_addsub_enc(sf, true, true, XZR, dst, enc));
			return;
		}
		/* CMN #-v sets the same flags as CMP #v for v != 0. */
		enc = imm12_enc(-v & mask);
		if (enc >= 0) {
			put(a, a64_addsub_enc(sf, false, true, XZR, dst, enc));
			return;
		}
	}
	emit_mov_imm(a, sf, TMP2, v);
	if (test)
		put(a, a64_logic_reg(sf, LOGIC_ANDS, false, XZR, dst, TMP2));
	else
		put(a, a64_addsub_reg(sf, true, true, XZR, dst, TMP2));
}

static int emit_cond_jump(struct kbpf_jit *j, struct a64_buf *a,
			  const struct kbpf_insn *insn, u32 target)
{
	bool sf = (insn->code & 0x07) == KBPF_JMP;
	bool k = !(insn->code & KBPF_X);
	u8 op = insn->code & 0xf0;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	u64 v = sf ? (u64)(s64)insn->imm : (u32)insn->imm;
	struct a64_cbr b = { .kind = BR_COND, .cond = jump_cond(op),
			     .sf = sf, .rt = dst };

	if (k && !v && (op == KBPF_JEQ || op == KBPF_JLE)) {
		b.kind = BR_CBZ;
	} else if (k && !v && (op == KBPF_JNE || op == KBPF_JGT)) {
		b.kind = BR_CBNZ;
	} else if (k && !v && (op == KBPF_JSLT || op == KBPF_JSGE)) {
		/* The sign bit alone decides. */
		b.kind = op == KBPF_JSLT ? BR_TBNZ : BR_TBZ;
		b.bit = sf ? 63 : 31;
	} else if (k && op == KBPF_JSET && v && !(v & (v - 1))) {
		b.kind = BR_TBNZ;
		b.bit = __builtin_ctzll(v);
	} else if (k) {
		emit_cmp_imm(a, sf, op == KBPF_JSET, dst, v);
	} else if (op == KBPF_JSET) {
		put(a, a64_logic_reg(sf, LOGIC_ANDS, false, XZR, dst, src));
	} else {
		put(a, a64_addsub_reg(sf, true, true, XZR, dst, src));
	}
	return emit_cbr(j, a, &b, target);
}

/* ---- calls, frames ---- */

static u32 find_subprog(const struct kbpf_jit *j, u32 insn_idx)
{
	u32 lo = 0, hi = j->nr_subprogs;

	while (hi - lo > 1) {
		u32 mid = (lo + hi) / 2;

		if (j->subprogs[mid].start <= insn_idx)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int emit_call(struct kbpf_jit *j, struct a64_buf *a, u32 i)
{
	const struct kbpf_insn *insn = &j->insns[i];
	struct a64_state *st = j->arch;
	u16 frame = insn->off;
	int err;

	if (insn->src_reg == KBPF_PSEUDO_CALL) {
		u32 callee = find_subprog(j, i + 1 + insn->imm);

		if (frame >= 4096) {
			st->why = "a call frame is too large";
			return -EOPNOTSUPP;
		}
		if (!st->uses_fp)
			return emit_b(j, a, true, j->subprogs[callee].entry);
		/* The callee's r10 is below our frame (the verifier's off). */
		put(a, a64_addsub_imm(true, true, false, FP, FP, frame, false));
		err = emit_b(j, a, true, j->subprogs[callee].entry);
		put(a, a64_addsub_imm(true, false, false, FP, FP, frame, false));
		return err;
	}
	if (insn->src_reg || insn->imm < 0 ||
	    (u32)insn->imm >= j->prog->nr_helpers ||
	    !j->prog->helpers[insn->imm]) {
		st->why = "a call kind the JIT does not know";
		return -EOPNOTSUPP;
	}
	if (kbpf_jit_is_loop_call(insn)) {
		/* r5 = the callback's frame, below this one. */
		if (frame >= 4096) {
			st->why = "a call frame is too large";
			return -EOPNOTSUPP;
		}
		put(a, a64_addsub_imm(true, true, false, reg_map[5], FP, frame, false));
	}
	emit_mov_imm(a, true, X16, (uintptr_t)j->prog->helpers[insn->imm]);
	put(a, a64_blr(X16));
	emit_mov_reg(a, true, R0, X0);
	return 0;
}

/* Callee-saved native registers subprogram @s saves, in push order. */
static u32 saved_regs(const struct kbpf_jit *j, u32 s, u8 *regs)
{
	const struct a64_state *st = j->arch;
	u32 i, n = 0;

	for (i = 0; i < ARRAY_SIZE(saved_bpf_regs); i++)
		if (j->subprogs[s].written & (1U << saved_bpf_regs[i]))
			regs[n++] = reg_map[saved_bpf_regs[i]];
	if (!s && st->uses_fp)
		regs[n++] = FP;
	return n;
}

static u32 stack_size(const struct kbpf_jit *j)
{
	return ALIGN(j->prog->stack_depth, 16);
}

static int emit_prologue(struct kbpf_jit *j, u32 s)
{
	struct a64_state *st = j->arch;
	struct a64_buf a = { .n = 0 };
	u8 regs[5];
	u32 i, n = saved_regs(j, s, regs);

	if (!s) {
		/* Landing pads for the indirect call and tail calls (BTI). */
		put(&a, A64_BTI_C);
		put(&a, a64_movw(true, MOVZ, R0, 0, 0));
		put(&a, A64_BTI_JC);
	}
	if (!s || st->calls[s]) {
		put(&a, a64_stp_pre(X29, X30, SP, -16));
		put(&a, a64_addsub_imm(true, false, false, X29, SP, 0, false));
	}
	/* A tail-calling program's count, at x29 - 16. */
	if (!s && j->prog->tail_calls)
		put(&a, a64_str_pre(R0, SP, -16));
	for (i = 0; i + 1 < n; i += 2)
		put(&a, a64_stp_pre(regs[i], regs[i + 1], SP, -16));
	if (n & 1)
		put(&a, a64_str_pre(regs[n - 1], SP, -16));
	if (!s && st->uses_fp) {
		s32 enc = imm12_enc(stack_size(j));

		if (enc < 0) {
			st->why = "the stack is too large";
			return -EOPNOTSUPP;
		}
		put(&a, a64_addsub_imm(true, false, false, FP, SP, 0, false));
		if (stack_size(j))
			put(&a, a64_addsub_enc(true, true, false, SP, SP, enc));
	}
	append(j, &a);
	return 0;
}

/* Undoes subprogram @s's prologue, up to the return. */
static void emit_unwind(struct kbpf_jit *j, struct a64_buf *a, u32 s)
{
	struct a64_state *st = j->arch;
	u8 regs[5];
	u32 i, n = saved_regs(j, s, regs);

	if (!s && st->uses_fp && stack_size(j))
		put(a, a64_addsub_enc(true, false, false, SP, SP,
				      imm12_enc(stack_size(j))));
	if (n & 1)
		put(a, a64_ldr_post(regs[n - 1], SP, 16));
	for (i = n & ~1U; i; i -= 2)
		put(a, a64_ldp_post(regs[i - 2], regs[i - 1], SP, 16));
	if (!s && j->prog->tail_calls)
		put(a, a64_addsub_imm(true, false, false, SP, SP, 16, false));
	if (!s || st->calls[s])
		put(a, a64_ldp_post(X29, X30, SP, 16));
}

static void emit_epilogue(struct kbpf_jit *j, u32 s)
{
	struct a64_buf a = { .n = 0 };

	if (!s)
		emit_mov_reg(&a, true, X0, R0);
	emit_unwind(j, &a, s);
	put(&a, A64_RET);
	append(j, &a);
}

/* Patches the forward branch at word @at of @a to land at the end of @a. */
static void patch_here(struct a64_buf *a, u32 at)
{
	/* B.cond and CBZ / CBNZ keep their offset in bits 5 - 23. */
	a->w[at] = (a->w[at] & 0xff00001f) | ((a->n - at) & 0x7ffff) << 5;
}

/*
 * bpf_tail_call(r1 ctx, r2 map, r3 index), as the interpreter does it:
 * an index past max_entries falls through uncounted; so does the 34th
 * call of a run; an empty slot falls through counted; r0 is -ENOENT
 * when it falls through. A taken call restores what the prologue saved,
 * drops the frame and branches TAIL_ENTRY bytes into the target's image
 * with the count in x7 and r1 as it is. The slot's index is forced to 0
 * when out of range by a CSEL behind CSDB, so no speculated path reads
 * past the array (Spectre v1), as Linux's arm64 JIT does.
 */
static int emit_tail_call(struct kbpf_jit *j, struct a64_buf *a)
{
	u8 map = reg_map[2], idx = reg_map[3];
	u32 out[4], k;

	put(a, a64_ls_uimm(2, LS_LOAD, TMP1, map,
			   offsetof(struct kbpf_map, max_entries) / 4));
	put(a, a64_addsub_reg(false, true, true, XZR, idx, TMP1));	/* cmp */
	out[0] = a->n;
	put(a, 0x54000000 | COND_HS);
	put(a, a64_ls_simm9(2, LS_LOAD, TMP2, X29, -16));
	put(a, a64_addsub_imm(false, true, true, XZR, TMP2,
			      KBPF_MAX_TAIL_CALLS, false));
	out[1] = a->n;
	put(a, 0x54000000 | COND_HS);
	put(a, a64_addsub_imm(false, false, false, TMP2, TMP2, 1, false));
	put(a, a64_ls_simm9(2, LS_STORE, TMP2, X29, -16));
	/* x12 = index < max_entries ? index : 0, not speculated */
	put(a, a64_addsub_reg(false, true, true, XZR, idx, TMP1));
	emit_mov_reg(a, false, TMP3, idx);
	put(a, a64_csel(true, TMP3, TMP3, XZR, COND_LO));
	put(a, A64_CSDB);
	emit_add_imm(a, true, TMP4, map, offsetof(struct kbpf_prog_array, progs),
		     TMP4);
	put(a, a64_ldr_lsl3(X16, TMP4, TMP3));
	out[2] = a->n;
	put(a, 0xb4000000 | X16);				/* cbz x16 */
	/* Every target is native (maps/prog_array.c). */
	put(a, a64_ls_uimm(3, LS_LOAD, X16, X16,
			   offsetof(struct kbpf_prog, jited) / 8));
	out[3] = a->n;
	put(a, 0xb4000000 | X16);
	put(a, a64_addsub_imm(true, false, false, X16, X16, TAIL_ENTRY, false));
	emit_mov_reg(a, false, R0, TMP2);
	emit_unwind(j, a, 0);
	put(a, a64_br(X16));
	for (k = 0; k < 4; k++)
		patch_here(a, out[k]);
	emit_mov_imm(a, true, R0, (u64)-ENOENT);
	return 0;
}

/*
 * LD_ABS / LD_IND: kbpf_skb_load_be(r6, offset, size) in C, as the
 * interpreter calls it; its r1 - r5 are clobbered (the verifier says so)
 * and a fault ends the program with r0 = 0 through the main epilogue.
 */
static int emit_ld_pkt(struct kbpf_jit *j, struct a64_buf *a,
		       const struct kbpf_insn *insn, u32 s)
{
	struct a64_state *st = j->arch;
	u32 size = (insn->code & 0x18) == KBPF_B ? 1 :
		   (insn->code & 0x18) == KBPF_H ? 2 : 4;
	struct a64_cbr b = { .kind = BR_TBNZ, .rt = X0, .bit = 63 };

	if (s) {
		st->why = "a legacy packet load in a subprogram";
		return -EOPNOTSUPP;
	}
	if (KBPF_MODE(insn->code) == KBPF_IND)
		emit_add_imm(a, false, X1, reg_map[insn->src_reg],
			     (s64)(u32)insn->imm, TMP2);
	else
		emit_mov_imm(a, false, X1, (u32)insn->imm);
	emit_mov_reg(a, true, X0, reg_map[6]);
	emit_mov_imm(a, false, X2, size);
	emit_mov_imm(a, true, X16, (uintptr_t)kbpf_skb_load_be);
	put(a, a64_blr(X16));
	emit_mov_reg(a, true, R0, X0);
	/* A fault: r0 = 0 and the epilogue. */
	put(a, cbr_insn(&b, true, 3));				/* tbz x0, #63 */
	put(a, a64_movw(true, MOVZ, R0, 0, 0));
	return emit_b(j, a, false, st->epilogue[s]);
}

static int emit_insn(struct kbpf_jit *j, struct a64_buf *a, u32 i, u32 s)
{
	const struct kbpf_insn *insn = &j->insns[i];
	struct a64_state *st = j->arch;
	u8 class = insn->code & 0x07, op = insn->code & 0xf0;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	s32 delta;

	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
		return emit_alu(a, insn);
	case KBPF_LD:
		if (insn->code != (KBPF_LD | KBPF_IMM | KBPF_DW))
			return emit_ld_pkt(j, a, insn, s);
		if (insn->src_reg == KBPF_PSEUDO_FUNC) {
			u64 v = j->base + j->subprogs[kbpf_jit_func_target(j, i)].cb_entry;
			u32 hw;

			/* movz + 3 movk: the same size in every pass */
			put(a, a64_movw(true, MOVZ, dst, (u16)v, 0));
			for (hw = 1; hw < 4; hw++)
				put(a, a64_movw(true, MOVK, dst, (u16)(v >> (16 * hw)), hw));
			return 0;
		}
		emit_mov_imm(a, true, dst,
			     (u32)insn->imm | (u64)(u32)insn[1].imm << 32);
		return 0;
	case KBPF_LDX:
		emit_ldst(a, size_log2(insn->code),
			  (insn->code & 0xe0) == KBPF_MEMSX ? LS_LOAD_SX : LS_LOAD,
			  dst, src, insn->off);
		return 0;
	case KBPF_ST:
		emit_store_imm(a, insn);
		return 0;
	case KBPF_STX:
		if ((insn->code & 0xe0) == KBPF_ATOMIC)
			return emit_atomic(st, a, insn);
		emit_ldst(a, size_log2(insn->code), LS_STORE, src, dst,
			  insn->off);
		return 0;
	}
	/* KBPF_JMP and KBPF_JMP32 */
	switch (op) {
	case KBPF_CALL:
		if (!insn->src_reg && insn->imm == KBPF_FUNC_tail_call)
			return emit_tail_call(j, a);
		return emit_call(j, a, i);
	case KBPF_EXIT:
		/* The last instruction falls into the epilogue. */
		if (i + 1 == j->subprogs[s].end)
			return 0;
		return emit_b(j, a, false, st->epilogue[s]);
	case KBPF_JA:
		delta = class == KBPF_JMP32 ? insn->imm : insn->off;
		if (!delta)
			return 0;
		return emit_b(j, a, false, j->offsets[i + 1 + delta]);
	}
	return emit_cond_jump(j, a, insn, j->offsets[i + 1 + insn->off]);
}

/*
 * A callback's C entry, just before its prologue (jit/internal.h): a
 * landing pad for the helper's indirect call (BTI), a frame record, x23
 * (BPF r10, callee-saved) kept and set from the third argument, a call
 * of the subprogram, and its r0 (x7) returned in x0.
 */
static int emit_callback_entry(struct kbpf_jit *j, struct kbpf_jit_subprog *sp)
{
	struct a64_buf a = { .n = 0 };
	int err;

	sp->cb_entry = j->size;
	put(&a, A64_BTI_C);
	put(&a, a64_stp_pre(X29, X30, SP, -16));
	put(&a, a64_addsub_imm(true, false, false, X29, SP, 0, false));
	put(&a, a64_str_pre(FP, SP, -16));
	emit_mov_reg(&a, true, FP, X2);
	/* bl over the five instructions that follow it */
	err = emit_b(j, &a, true, j->size + (a.n + 6) * 4);
	if (err)
		return err;
	emit_mov_reg(&a, true, X0, R0);
	put(&a, a64_ldr_post(FP, SP, 16));
	put(&a, a64_ldp_post(X29, X30, SP, 16));
	put(&a, A64_RET);
	put(&a, A64_BRK0);		/* brk #0: nothing runs past the ret */
	append(j, &a);
	return 0;
}

int kbpf_jit_arch_pass(struct kbpf_jit *j, const char **why)
{
	struct a64_state *st = j->arch;
	u32 s, i;
	int err;

	j->size = 0;
	for (s = 0; s < j->nr_subprogs; s++) {
		struct kbpf_jit_subprog *sp = &j->subprogs[s];

		err = sp->callback ? emit_callback_entry(j, sp) : 0;
		sp->entry = j->size;
		if (!err)
			err = emit_prologue(j, s);
		for (i = sp->start; !err && i < sp->end; i++) {
			struct a64_buf a = { .n = 0 };

			j->offsets[i] = j->size;
			if (j->flags[i] & KBPF_JIT_LDDW_TAIL)
				continue;
			err = emit_insn(j, &a, i, s);
			if (!err)
				append(j, &a);
		}
		if (err) {
			*why = st->why ? st->why :
				"an instruction the JIT does not know";
			return err;
		}
		st->epilogue[s] = j->size;
		emit_epilogue(j, s);
	}
	j->offsets[j->len] = j->size;
	return 0;
}

static bool is_insn(const struct kbpf_jit *j, u32 i)
{
	return !(j->flags[i] & KBPF_JIT_LDDW_TAIL);
}

int kbpf_jit_arch_begin(struct kbpf_jit *j)
{
	struct a64_state *st = kbpf_zalloc(sizeof(*st));
	u32 s, i;

	if (!st)
		return -ENOMEM;
	st->epilogue = kbpf_zalloc(j->nr_subprogs * sizeof(*st->epilogue));
	st->calls = kbpf_zalloc(j->nr_subprogs * sizeof(*st->calls));
	if (!st->epilogue || !st->calls) {
		kbpf_free(st->epilogue);
		kbpf_free(st->calls);
		kbpf_free(st);
		return -ENOMEM;
	}
	st->lse = kbpf_arm64_has_lse_atomics();
	for (s = 0; s < j->nr_subprogs; s++) {
		for (i = j->subprogs[s].start; i < j->subprogs[s].end; i++) {
			const struct kbpf_insn *insn = &j->insns[i];

			if (!is_insn(j, i))
				continue;
			if (insn->dst_reg == BPF_FP || insn->src_reg == BPF_FP)
				st->uses_fp = true;
			if (insn->code == (KBPF_JMP | KBPF_CALL))
				st->calls[s] = true;
			/* A callback's entry sets r10: main must keep it. */
			if (insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
			    insn->src_reg == KBPF_PSEUDO_FUNC)
				st->uses_fp = true;
		}
	}
	j->arch = st;
	return 0;
}

void kbpf_jit_arch_end(struct kbpf_jit *j)
{
	struct a64_state *st = j->arch;

	if (!st)
		return;
	kbpf_free(st->epilogue);
	kbpf_free(st->calls);
	kbpf_free(st);
	j->arch = NULL;
}

const u8 kbpf_jit_arch_fill[4] = { 0x00, 0x00, 0x20, 0xd4 };	/* brk #0 */

bool kbpf_jit_arch_supported(void)
{
	/* Byte swaps and loads are generated for little-endian data. */
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}
