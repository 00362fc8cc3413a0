// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86_64 code generator.
 *
 * BPF registers live in the native registers the System V calling
 * convention passes arguments in, so a helper call needs no moves:
 *
 *   r0 rax   r1 rdi   r2 rsi   r3 rdx   r4 rcx   r5 r8
 *   r6 rbx   r7 r13   r8 r14   r9 r15   r10 rbp  ax r10
 *
 * r11 and r9 are scratch within one instruction's code; r12 is unused.
 * Each BPF instruction is first assembled into a small local buffer, so
 * jumps inside one instruction's code (division, fetch atomics) are
 * patched locally, then appended to the image.
 */
#include "internal.h"
#include "../maps/maps.h"
#include "../helpers/helpers.h"

enum x86_reg {
	RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
	R8, R9, R10, R11, R12, R13, R14, R15,
};

static const u8 reg_map[KBPF_JIT_REG_AX + 1] = {
	RAX, RDI, RSI, RDX, RCX, R8, RBX, R13, R14, R15, RBP, R10,
};

#define SCRATCH		R11
#define SCRATCH2	R9

/* Callee-saved native registers holding r6 - r9, in push order. */
static const u8 saved_bpf_regs[] = { 6, 7, 8, 9 };

/* The most one BPF instruction assembles to; see emit_tail_call(). */
#define MAX_INSN_BYTES	192

/*
 * Every image starts with "xor eax, eax": the tail-call count, 0 for a
 * run that starts here. A tail call enters its target this many bytes
 * in, with its own count in eax and its frame gone (Documentation/jit.md).
 */
#define TAIL_ENTRY	2

struct asm_buf {
	u8 b[MAX_INSN_BYTES];
	u32 n;
};

enum cond {
	CC_B = 0x2, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6,
	CC_A = 0x7, CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf,
};

static void put1(struct asm_buf *a, u8 b)
{
	a->b[a->n++] = b;
}

static void put4(struct asm_buf *a, u32 v)
{
	put1(a, v);
	put1(a, v >> 8);
	put1(a, v >> 16);
	put1(a, v >> 24);
}

static void put8(struct asm_buf *a, u64 v)
{
	put4(a, (u32)v);
	put4(a, (u32)(v >> 32));
}

static bool is_imm8(s64 v)
{
	return v >= -128 && v <= 127;
}

static bool is_simm32(s64 v)
{
	return v >= S32_MIN && v <= 0x7fffffffLL;
}

/*
 * REX prefix for an instruction on @reg (ModRM.reg) and @rm. @byte_regs
 * asks for a prefix even without bits, so registers 4-7 mean spl, bpl,
 * sil, dil rather than ah, ch, dh, bh.
 */
static void rex(struct asm_buf *a, bool w, u8 reg, u8 rm, bool byte_regs)
{
	u8 r = 0x40 | (w << 3) | ((reg >> 3) << 2) | (rm >> 3);

	if (r != 0x40 || (byte_regs && (reg >= 4 || rm >= 4)))
		put1(a, r);
}

static void modrm_reg(struct asm_buf *a, u8 reg, u8 rm)
{
	put1(a, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

/* [base + off]: rbp and r13 need a displacement, rsp and r12 a SIB. */
static void modrm_mem(struct asm_buf *a, u8 reg, u8 base, s32 off)
{
	u8 mod = off == 0 && (base & 7) != RBP ? 0 : is_imm8(off) ? 1 : 2;

	put1(a, (mod << 6) | ((reg & 7) << 3) | (base & 7));
	if ((base & 7) == RSP)
		put1(a, 0x24);
	if (mod == 1)
		put1(a, (u8)off);
	else if (mod == 2)
		put4(a, off);
}

/* op r/m, reg (the 0x01 / 0x29 / 0x89 family). */
static void alu_rr(struct asm_buf *a, bool w, u8 op, u8 dst, u8 src)
{
	rex(a, w, src, dst, false);
	put1(a, op);
	modrm_reg(a, src, dst);
}

static void mov_rr(struct asm_buf *a, bool w, u8 dst, u8 src)
{
	alu_rr(a, w, 0x89, dst, src);
}

/* Group-1 op with an immediate: /0 add, /1 or, /4 and, /5 sub, /6 xor, /7 cmp. */
static void alu_ri(struct asm_buf *a, bool w, u8 ext, u8 dst, s32 imm)
{
	rex(a, w, 0, dst, false);
	if (is_imm8(imm)) {
		put1(a, 0x83);
		modrm_reg(a, ext, dst);
		put1(a, (u8)imm);
	} else if ((dst & 15) == RAX) {
		put1(a, 0x05 | (ext << 3));	/* op eax/rax, imm32 */
		put4(a, imm);
	} else {
		put1(a, 0x81);
		modrm_reg(a, ext, dst);
		put4(a, imm);
	}
}

/* Any 64-bit constant in the fewest bytes. */
static void mov_imm64(struct asm_buf *a, u8 dst, u64 v)
{
	if (!v) {
		alu_rr(a, false, 0x31, dst, dst);	/* xor r32, r32 */
	} else if (v <= 0xffffffffULL) {
		rex(a, false, 0, dst, false);
		put1(a, 0xb8 | (dst & 7));		/* mov r32, imm32 */
		put4(a, (u32)v);
	} else if (is_simm32((s64)v)) {
		rex(a, true, 0, dst, false);
		put1(a, 0xc7);				/* mov r/m64, simm32 */
		modrm_reg(a, 0, dst);
		put4(a, (u32)v);
	} else {
		rex(a, true, 0, dst, false);
		put1(a, 0xb8 | (dst & 7));		/* movabs */
		put8(a, v);
	}
}

static void push_reg(struct asm_buf *a, u8 reg)
{
	if (reg >= 8)
		put1(a, 0x41);
	put1(a, 0x50 | (reg & 7));
}

static void pop_reg(struct asm_buf *a, u8 reg)
{
	if (reg >= 8)
		put1(a, 0x41);
	put1(a, 0x58 | (reg & 7));
}

/* A short forward jump whose target is patched once it is emitted. */
static u32 jcc8_open(struct asm_buf *a, u8 op)
{
	put1(a, op);
	put1(a, 0);
	return a->n;
}

static void jcc8_close(struct asm_buf *a, u32 from)
{
	a->b[from - 1] = (u8)(a->n - from);
}

/* The same with a 32-bit displacement, for longer stretches. */
static u32 jcc32_open(struct asm_buf *a, u8 cond)
{
	put1(a, 0x0f);
	put1(a, 0x80 | cond);
	put4(a, 0);
	return a->n;
}

static void jcc32_close(struct asm_buf *a, u32 from)
{
	u32 d = a->n - from;

	a->b[from - 4] = d;
	a->b[from - 3] = d >> 8;
	a->b[from - 2] = d >> 16;
	a->b[from - 1] = d >> 24;
}

/* ---- the image and its layout ---- */

struct x86_state {
	void *thunk;		/* the kernel's return thunk, or NULL */
	void *ithunk;		/* the retpoline for a jump to r11, or NULL */
	const char *why;	/* why the program is declined */
	/*
	 * The BPF register the previous instruction's code left ZF set
	 * for (and, or, xor), or -1, and whether that was a 64-bit
	 * operation: a following "if rX == 0" needs no test.
	 */
	int zf_reg, next_zf_reg;
	bool zf_w, next_zf_w;
};

static void append(struct kbpf_jit *j, const struct asm_buf *a)
{
	if (j->image)
		memcpy(j->image + j->size, a->b, a->n);
	j->size += a->n;
}

/* rel32 from the end of a 5-byte call/jmp at image offset @at to @target. */
static bool rel32_to(struct kbpf_jit *j, u32 at, uintptr_t target, s32 *rel)
{
	s64 d = (s64)(target - (j->base + at + 5));

	if (!j->base) {
		*rel = 0;
		return true;
	}
	*rel = (s32)d;
	return is_simm32(d);
}

static u16 saved_mask(const struct kbpf_jit_subprog *sp)
{
	return sp->written & 0x3c0;	/* r6 - r9 */
}

static u32 nr_saved(const struct kbpf_jit_subprog *sp)
{
	return __builtin_popcount(saved_mask(sp));
}

/*
 * Where the platform wants rsp 16-byte aligned at calls (the host ABI;
 * the kernel needs 8), the main program pads its stack reservation and
 * a subprogram pushes r12 (unused) as padding.
 */
static bool subprog_pads(const struct kbpf_jit_subprog *sp)
{
	return KBPF_JIT_CALL_ALIGN == 16 && !(nr_saved(sp) & 1);
}

/*
 * A tail-calling program keeps its count of tail calls in 8 bytes just
 * below the BPF stack, at rbp - tail_count_off().
 */
static u32 tail_count_off(const struct kbpf_jit *j)
{
	return ALIGN(j->prog->stack_depth, 8) + 8;
}

static u32 main_frame_size(const struct kbpf_jit *j, const struct kbpf_jit_subprog *sp)
{
	u32 depth = j->prog->tail_calls ? tail_count_off(j) : j->prog->stack_depth;

	if (KBPF_JIT_CALL_ALIGN != 16)
		return ALIGN(depth, 8);
	return ALIGN(depth, 16) + (nr_saved(sp) & 1) * 8;
}

static void emit_prologue(struct kbpf_jit *j, const struct kbpf_jit_subprog *sp,
			  bool main)
{
	struct asm_buf a = { .n = 0 };
	u32 depth = main_frame_size(j, sp);
	u32 i;

	if (main) {
		alu_rr(&a, false, 0x31, RAX, RAX);	/* xor eax, eax */
		push_reg(&a, RBP);
		mov_rr(&a, true, RBP, RSP);
		if (depth)
			alu_ri(&a, true, 5, RSP, depth);	/* sub rsp, depth */
	}
	for (i = 0; i < ARRAY_SIZE(saved_bpf_regs); i++)
		if (saved_mask(sp) & (1U << saved_bpf_regs[i]))
			push_reg(&a, reg_map[saved_bpf_regs[i]]);
	if (!main && subprog_pads(sp))
		push_reg(&a, R12);
	if (main && j->prog->tail_calls) {
		put1(&a, 0x89);				/* mov [rbp - off], eax */
		modrm_mem(&a, RAX, RBP, -(s32)tail_count_off(j));
	}
	append(j, &a);
}

/* Undoes the prologue, up to the return. */
static void emit_unwind(struct asm_buf *a, const struct kbpf_jit_subprog *sp,
			bool main)
{
	int i;

	if (!main && subprog_pads(sp))
		pop_reg(a, R12);
	for (i = ARRAY_SIZE(saved_bpf_regs) - 1; i >= 0; i--)
		if (saved_mask(sp) & (1U << saved_bpf_regs[i]))
			pop_reg(a, reg_map[saved_bpf_regs[i]]);
	if (main)
		put1(a, 0xc9);				/* leave */
}

static int emit_epilogue(struct kbpf_jit *j, struct asm_buf *a,
			 const struct kbpf_jit_subprog *sp, bool main)
{
	struct x86_state *st = j->arch;

	emit_unwind(a, sp, main);
	if (st->thunk) {
		s32 rel;

		if (!rel32_to(j, j->size + a->n, (uintptr_t)st->thunk, &rel)) {
			st->why = "the return thunk is out of rel32 range";
			return -EOPNOTSUPP;
		}
		put1(a, 0xe9);				/* jmp thunk */
		put4(a, rel);
	} else {
		put1(a, 0xc3);				/* ret */
	}
	put1(a, 0xcc);		/* no straight-line speculation past it */
	return 0;
}

/* ---- arithmetic ---- */

static u8 alu_opcode(u8 op)
{
	switch (op) {
	case KBPF_ADD: return 0x01;
	case KBPF_SUB: return 0x29;
	case KBPF_OR: return 0x09;
	case KBPF_AND: return 0x21;
	case KBPF_XOR: return 0x31;
	}
	return 0x89;	/* KBPF_MOV */
}

static u8 alu_ext(u8 op)
{
	switch (op) {
	case KBPF_ADD: return 0;
	case KBPF_OR: return 1;
	case KBPF_AND: return 4;
	case KBPF_SUB: return 5;
	}
	return 6;	/* KBPF_XOR */
}

static void emit_mov_k(struct asm_buf *a, bool w, u8 dst, s32 imm)
{
	if (w && imm < 0)
		mov_imm64(a, dst, (u64)(s64)imm);
	else
		mov_imm64(a, dst, (u32)imm);
}

static void emit_movsx(struct asm_buf *a, bool w, u8 dst, u8 src, s16 bits)
{
	if (bits == 32) {
		rex(a, true, dst, src, false);
		put1(a, 0x63);			/* movsxd r64, r/m32 */
	} else {
		rex(a, w, dst, src, bits == 8);
		put1(a, 0x0f);
		put1(a, bits == 8 ? 0xbe : 0xbf);
	}
	modrm_reg(a, dst, src);
}

static void emit_mov_x(struct asm_buf *a, bool w, u8 dst, u8 src, s16 off)
{
	if (off == 8 || off == 16 || (w && off == 32))
		emit_movsx(a, w, dst, src, off);
	else if (!w || dst != src)	/* a 32-bit move must still zero-extend */
		mov_rr(a, w, dst, src);
}

static void emit_mul(struct asm_buf *a, bool w, u8 dst, u8 src, bool k, s32 imm)
{
	if (k) {
		rex(a, w, dst, dst, false);
		put1(a, is_imm8(imm) ? 0x6b : 0x69);	/* imul r, r/m, imm */
		modrm_reg(a, dst, dst);
		if (is_imm8(imm))
			put1(a, (u8)imm);
		else
			put4(a, imm);
		return;
	}
	rex(a, w, dst, src, false);
	put1(a, 0x0f);
	put1(a, 0xaf);				/* imul r, r/m */
	modrm_reg(a, dst, src);
}

/* Shift group: /4 shl, /5 shr, /7 sar. */
static u8 shift_ext(u8 op)
{
	return op == KBPF_LSH ? 4 : op == KBPF_RSH ? 5 : 7;
}

static void shift_cl(struct asm_buf *a, bool w, u8 ext, u8 dst)
{
	rex(a, w, 0, dst, false);
	put1(a, 0xd3);
	modrm_reg(a, ext, dst);
}

static void emit_shift_k(struct asm_buf *a, bool w, u8 op, u8 dst, s32 imm)
{
	u8 n = imm & (w ? 63 : 31);

	if (!n) {
		if (!w)
			mov_rr(a, false, dst, dst);	/* still zero-extends */
		return;
	}
	rex(a, w, 0, dst, false);
	put1(a, n == 1 ? 0xd1 : 0xc1);
	modrm_reg(a, shift_ext(op), dst);
	if (n != 1)
		put1(a, n);
}

/*
 * The count must be in cl, which holds r4. The hardware masks it to 5 or
 * 6 bits, exactly as BPF defines out-of-range shifts.
 */
static void emit_shift_x(struct asm_buf *a, bool w, u8 op, u8 dst, u8 src)
{
	u8 ext = shift_ext(op);

	if (src == RCX) {
		shift_cl(a, w, ext, dst);
	} else if (dst == RCX) {
		mov_rr(a, true, SCRATCH, RCX);
		mov_rr(a, true, RCX, src);
		shift_cl(a, w, ext, SCRATCH);
		mov_rr(a, true, RCX, SCRATCH);
	} else {
		mov_rr(a, true, SCRATCH, RCX);
		mov_rr(a, true, RCX, src);
		shift_cl(a, w, ext, dst);
		mov_rr(a, true, RCX, SCRATCH);
	}
}

/* div/idiv r/m: /6 unsigned, /7 signed. */
static void div_r(struct asm_buf *a, bool w, bool sign, u8 divisor)
{
	rex(a, w, 0, divisor, false);
	put1(a, 0xf7);
	modrm_reg(a, sign ? 7 : 6, divisor);
}

/* The results RFC 9669 gives a zero divisor, and signed division by -1. */
static void emit_div_special(struct asm_buf *a, bool w, bool mod, u8 dst,
			     bool minus_one)
{
	if (minus_one && !mod) {
		rex(a, w, 0, dst, false);
		put1(a, 0xf7);
		modrm_reg(a, 3, dst);		/* neg */
	} else if (minus_one || !mod) {
		alu_rr(a, false, 0x31, dst, dst);	/* 0 */
	} else if (!w) {
		mov_rr(a, false, dst, dst);	/* x % 0 = x, zero-extended */
	}
}

/*
 * x86 division traps on a zero divisor and on INT_MIN / -1; BPF defines
 * both. The divisor goes to r11 first, then rax and rdx (r0 and r3) are
 * saved around the division unless they hold the destination.
 */
static void emit_divmod(struct asm_buf *a, const struct kbpf_insn *insn, u8 dst,
			u8 src)
{
	bool w = (insn->code & 0x07) == KBPF_ALU64;
	bool mod = (insn->code & 0xf0) == KBPF_MOD;
	bool sign = insn->off == 1, k = (insn->code & KBPF_X) == KBPF_K;
	u32 to_zero = 0, to_neg = 0, to_done[2] = { 0, 0 };

	if (k && (insn->imm == 0 || (sign && insn->imm == -1))) {
		emit_div_special(a, w, mod, dst, insn->imm == -1);
		return;
	}
	if (k)
		emit_mov_k(a, w, SCRATCH, insn->imm);
	else
		mov_rr(a, w, SCRATCH, src);
	if (!k) {
		alu_rr(a, w, 0x85, SCRATCH, SCRATCH);	/* test */
		to_zero = jcc8_open(a, 0x70 | CC_E);
		if (sign) {
			alu_ri(a, w, 7, SCRATCH, -1);		/* cmp r11, -1 */
			to_neg = jcc8_open(a, 0x70 | CC_E);
		}
	}
	if (dst != RAX)
		push_reg(a, RAX);
	if (dst != RDX)
		push_reg(a, RDX);
	if (dst != RAX)
		mov_rr(a, w, RAX, dst);
	if (sign) {
		if (w)
			put1(a, 0x48);
		put1(a, 0x99);				/* cqo / cdq */
	} else {
		alu_rr(a, false, 0x31, RDX, RDX);
	}
	div_r(a, w, sign, SCRATCH);
	if (dst != (mod ? RDX : RAX))
		mov_rr(a, w, dst, mod ? RDX : RAX);
	if (dst != RDX)
		pop_reg(a, RDX);
	if (dst != RAX)
		pop_reg(a, RAX);
	if (k)
		return;
	to_done[0] = jcc8_open(a, 0xeb);
	jcc8_close(a, to_zero);
	emit_div_special(a, w, mod, dst, false);
	if (sign) {
		to_done[1] = jcc8_open(a, 0xeb);
		jcc8_close(a, to_neg);
		emit_div_special(a, w, mod, dst, true);
		jcc8_close(a, to_done[1]);
	}
	jcc8_close(a, to_done[0]);
}

static void emit_endian(struct asm_buf *a, const struct kbpf_insn *insn, u8 dst)
{
	bool swap = insn->code != (KBPF_ALU | KBPF_END | KBPF_TO_LE);

	switch (insn->imm) {
	case 16:
		if (swap) {
			put1(a, 0x66);			/* ror r16, 8 */
			rex(a, false, 0, dst, false);
			put1(a, 0xc1);
			modrm_reg(a, 1, dst);
			put1(a, 8);
		}
		rex(a, false, dst, dst, false);	/* movzx r32, r16 */
		put1(a, 0x0f);
		put1(a, 0xb7);
		modrm_reg(a, dst, dst);
		break;
	case 32:
		if (swap) {
			rex(a, false, 0, dst, false);
			put1(a, 0x0f);
			put1(a, 0xc8 | (dst & 7));	/* bswap r32 */
		} else {
			mov_rr(a, false, dst, dst);
		}
		break;
	default:
		if (swap) {
			rex(a, true, 0, dst, false);
			put1(a, 0x0f);
			put1(a, 0xc8 | (dst & 7));	/* bswap r64 */
		}
		break;
	}
}

static int emit_alu(struct asm_buf *a, const struct kbpf_insn *insn)
{
	bool w = (insn->code & 0x07) == KBPF_ALU64;
	bool k = (insn->code & KBPF_X) == KBPF_K;
	u8 op = insn->code & 0xf0;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];

	switch (op) {
	case KBPF_ADD:
	case KBPF_SUB:
	case KBPF_OR:
	case KBPF_AND:
	case KBPF_XOR:
		if (k)
			alu_ri(a, w, alu_ext(op), dst, insn->imm);
		else
			alu_rr(a, w, alu_opcode(op), dst, src);
		break;
	case KBPF_MOV:
		if (k)
			emit_mov_k(a, w, dst, insn->imm);
		else
			emit_mov_x(a, w, dst, src, insn->off);
		break;
	case KBPF_NEG:
		rex(a, w, 0, dst, false);
		put1(a, 0xf7);
		modrm_reg(a, 3, dst);
		break;
	case KBPF_MUL:
		emit_mul(a, w, dst, src, k, insn->imm);
		break;
	case KBPF_LSH:
	case KBPF_RSH:
	case KBPF_ARSH:
		if (k)
			emit_shift_k(a, w, op, dst, insn->imm);
		else
			emit_shift_x(a, w, op, dst, src);
		break;
	case KBPF_DIV:
	case KBPF_MOD:
		emit_divmod(a, insn, dst, src);
		break;
	case KBPF_END:
		if (w && insn->code != (KBPF_ALU64 | KBPF_END | KBPF_TO_LE))
			return -EOPNOTSUPP;
		emit_endian(a, insn, dst);
		break;
	default:
		return -EOPNOTSUPP;
	}
	return 0;
}

/* ---- memory ---- */

static void emit_load(struct asm_buf *a, u8 code, u8 dst, u8 src, s16 off)
{
	bool sx = (code & 0xe0) == KBPF_MEMSX;

	switch (code & 0x18) {
	case KBPF_B:
		rex(a, sx, dst, src, false);
		put1(a, 0x0f);
		put1(a, sx ? 0xbe : 0xb6);
		break;
	case KBPF_H:
		rex(a, sx, dst, src, false);
		put1(a, 0x0f);
		put1(a, sx ? 0xbf : 0xb7);
		break;
	case KBPF_W:
		rex(a, sx, dst, src, false);
		put1(a, sx ? 0x63 : 0x8b);
		break;
	default:
		rex(a, true, dst, src, false);
		put1(a, 0x8b);
		break;
	}
	modrm_mem(a, dst, src, off);
}

static void emit_store_x(struct asm_buf *a, u8 size, u8 dst, u8 src, s16 off)
{
	if (size == KBPF_H)
		put1(a, 0x66);
	rex(a, size == KBPF_DW, src, dst, size == KBPF_B);
	put1(a, size == KBPF_B ? 0x88 : 0x89);
	modrm_mem(a, src, dst, off);
}

static void emit_store_k(struct asm_buf *a, u8 size, u8 dst, s16 off, s32 imm)
{
	if (size == KBPF_H)
		put1(a, 0x66);
	rex(a, size == KBPF_DW, 0, dst, false);
	put1(a, size == KBPF_B ? 0xc6 : 0xc7);
	modrm_mem(a, 0, dst, off);
	if (size == KBPF_B)
		put1(a, (u8)imm);
	else if (size == KBPF_H) {
		put1(a, (u8)imm);
		put1(a, (u8)(imm >> 8));
	} else {
		put4(a, imm);
	}
}

/*
 * and/or/xor with FETCH have no single x86 instruction: a cmpxchg loop.
 * rax (r0) is the comparand, so r0 is kept in r10 meanwhile, and so are
 * the address or operand if either was r0.
 */
static void emit_atomic_fetch(struct asm_buf *a, bool w, u8 opc, u8 dst,
			      u8 src, s16 off)
{
	u8 base = dst == RAX ? R10 : dst, val = src == RAX ? R10 : src;
	u32 loop;

	mov_rr(a, true, R10, RAX);
	loop = a->n;
	rex(a, w, RAX, base, false);
	put1(a, 0x8b);				/* mov rax, [base + off] */
	modrm_mem(a, RAX, base, off);
	mov_rr(a, true, SCRATCH, RAX);
	alu_rr(a, w, opc, SCRATCH, val);
	put1(a, 0xf0);
	rex(a, w, SCRATCH, base, false);
	put1(a, 0x0f);
	put1(a, 0xb1);				/* lock cmpxchg [base], r11 */
	modrm_mem(a, SCRATCH, base, off);
	put1(a, 0x70 | CC_NE);
	put1(a, (u8)(loop - (a->n + 1)));
	mov_rr(a, w, src, RAX);
	if (src != RAX)
		mov_rr(a, true, RAX, R10);
}

static int emit_atomic(struct asm_buf *a, const struct kbpf_insn *insn)
{
	bool w = (insn->code & 0x18) == KBPF_DW;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	u8 opc;

	switch (insn->imm) {
	case KBPF_ADD:
	case KBPF_OR:
	case KBPF_AND:
	case KBPF_XOR:
		put1(a, 0xf0);				/* lock op [dst], src */
		rex(a, w, src, dst, false);
		put1(a, alu_opcode(insn->imm));
		modrm_mem(a, src, dst, insn->off);
		return 0;
	case KBPF_ADD | KBPF_FETCH:
		put1(a, 0xf0);				/* lock xadd */
		rex(a, w, src, dst, false);
		put1(a, 0x0f);
		put1(a, 0xc1);
		modrm_mem(a, src, dst, insn->off);
		return 0;
	case KBPF_XCHG:
		rex(a, w, src, dst, false);		/* xchg locks itself */
		put1(a, 0x87);
		modrm_mem(a, src, dst, insn->off);
		return 0;
	case KBPF_CMPXCHG:
		put1(a, 0xf0);
		rex(a, w, src, dst, false);
		put1(a, 0x0f);
		put1(a, 0xb1);
		modrm_mem(a, src, dst, insn->off);
		/* On success eax is not written: zero-extend it ourselves. */
		if (!w)
			mov_rr(a, false, RAX, RAX);
		return 0;
	case KBPF_OR | KBPF_FETCH:
	case KBPF_AND | KBPF_FETCH:
	case KBPF_XOR | KBPF_FETCH:
		opc = alu_opcode(insn->imm & ~KBPF_FETCH);
		emit_atomic_fetch(a, w, opc, dst, src, insn->off);
		return 0;
	}
	return -EOPNOTSUPP;
}

/* ---- control flow ---- */

static u8 jump_cond(u8 op)
{
	switch (op) {
	case KBPF_JEQ: return CC_E;
	case KBPF_JNE: return CC_NE;
	case KBPF_JGT: return CC_A;
	case KBPF_JGE: return CC_AE;
	case KBPF_JLT: return CC_B;
	case KBPF_JLE: return CC_BE;
	case KBPF_JSGT: return CC_G;
	case KBPF_JSGE: return CC_GE;
	case KBPF_JSLT: return CC_L;
	case KBPF_JSLE: return CC_LE;
	}
	return CC_NE;	/* KBPF_JSET, after test */
}

/*
 * ZF from the previous instruction answers "== 0" when it computed this
 * register at a width whose zero means the compared width is zero, and
 * no other path can reach this jump with other flags.
 */
static bool zf_known(const struct kbpf_jit *j, u32 i)
{
	const struct kbpf_insn *insn = &j->insns[i];
	const struct x86_state *st = j->arch;
	u8 op = insn->code & 0xf0;
	bool w = (insn->code & 0x07) == KBPF_JMP;

	return (op == KBPF_JEQ || op == KBPF_JNE) &&
	       (insn->code & KBPF_X) == KBPF_K && !insn->imm &&
	       st->zf_reg == insn->dst_reg && (st->zf_w == w || !st->zf_w) &&
	       !(j->flags[i] & KBPF_JIT_JUMP_TARGET);
}

static void note_zf(struct kbpf_jit *j, const struct kbpf_insn *insn)
{
	struct x86_state *st = j->arch;
	u8 class = insn->code & 0x07, op = insn->code & 0xf0;

	/*
	 * Not after add or sub, although their ZF would do: a test costs
	 * nothing on hardware (it fuses with the jump), but emulators that
	 * compute flags lazily (QEMU's TCG, where kbpf is benchmarked and
	 * tested) keep an arithmetic op's second operand alive for its
	 * carry, a store per loop iteration; after a test only the result
	 * is kept. Natively both forms run at the same speed
	 * (Documentation/performance.md, "native-jit").
	 */
	if ((class != KBPF_ALU && class != KBPF_ALU64) ||
	    (op != KBPF_AND && op != KBPF_OR && op != KBPF_XOR))
		return;
	st->next_zf_reg = insn->dst_reg;
	st->next_zf_w = class == KBPF_ALU64;
}

static void emit_compare(struct asm_buf *a, const struct kbpf_insn *insn)
{
	bool w = (insn->code & 0x07) == KBPF_JMP;
	bool k = (insn->code & KBPF_X) == KBPF_K;
	u8 op = insn->code & 0xf0;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];

	if (op == KBPF_JSET) {
		if (!k) {
			alu_rr(a, w, 0x85, dst, src);		/* test */
			return;
		}
		rex(a, w, 0, dst, false);
		if ((dst & 15) == RAX) {
			put1(a, 0xa9);			/* test eax/rax, imm32 */
		} else {
			put1(a, 0xf7);
			modrm_reg(a, 0, dst);
		}
		put4(a, insn->imm);
		return;
	}
	if (!k)
		alu_rr(a, w, 0x39, dst, src);			/* cmp */
	else if (!insn->imm)
		alu_rr(a, w, 0x85, dst, dst);			/* test r, r */
	else
		alu_ri(a, w, 7, dst, insn->imm);
}

/* A jump to native offset @target from the end of what @a holds so far. */
static void emit_jump(struct kbpf_jit *j, struct asm_buf *a, int cond, u32 target)
{
	s64 from = j->size + a->n;
	s64 d = (s64)target - (from + 2);

	if (is_imm8(d)) {
		put1(a, cond < 0 ? 0xeb : 0x70 | cond);
		put1(a, (u8)d);
	} else if (cond < 0) {
		put1(a, 0xe9);
		put4(a, (u32)(target - (from + 5)));
	} else {
		put1(a, 0x0f);
		put1(a, 0x80 | cond);
		put4(a, (u32)(target - (from + 6)));
	}
}

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

/* A direct jmp (0xe9) or call (0xe8) to @target, from the end of @a. */
static int emit_rel32(struct kbpf_jit *j, struct asm_buf *a, u8 op,
		      uintptr_t target, const char *what)
{
	struct x86_state *st = j->arch;
	s32 rel;

	if (!rel32_to(j, j->size + a->n, target, &rel)) {
		st->why = what;
		return -EOPNOTSUPP;
	}
	put1(a, op);
	put4(a, rel);
	return 0;
}

/*
 * bpf_tail_call(r1 ctx, r2 map, r3 index), as the interpreter does it:
 * an index past max_entries falls through uncounted; so does the 34th
 * call of a run; an empty slot falls through counted; r0 is -ENOENT
 * when it falls through. A taken call restores what the prologue saved,
 * drops the frame and jumps TAIL_ENTRY bytes into the target's image
 * with the count in eax and r1 as it is, through the retpoline. The
 * slot's index is masked to 0 when out of range with cmp/sbb, which the
 * CPU computes rather than predicts (Spectre v1), before it is used.
 */
static int emit_tail_call(struct kbpf_jit *j, struct asm_buf *a,
			  const struct kbpf_jit_subprog *sp)
{
	struct x86_state *st = j->arch;
	s32 cnt = -(s32)tail_count_off(j);
	u32 out[4];
	int err;

	if (!st->ithunk) {
		st->why = "tail calls need a retpoline thunk";
		return -EOPNOTSUPP;
	}
	/* cmp edx, [rsi + max_entries]; jae out */
	put1(a, 0x3b);
	modrm_mem(a, RDX, RSI, offsetof(struct kbpf_map, max_entries));
	out[0] = jcc32_open(a, CC_AE);
	/* mov eax, [rbp - cnt]; cmp eax, 33; jae out; inc; store */
	put1(a, 0x8b);
	modrm_mem(a, RAX, RBP, cnt);
	alu_ri(a, false, 7, RAX, KBPF_MAX_TAIL_CALLS);
	out[1] = jcc32_open(a, CC_AE);
	alu_ri(a, false, 0, RAX, 1);
	put1(a, 0x89);
	modrm_mem(a, RAX, RBP, cnt);
	/* r9 = index & (index < max_entries ? ~0 : 0) */
	put1(a, 0x3b);
	modrm_mem(a, RDX, RSI, offsetof(struct kbpf_map, max_entries));
	alu_rr(a, true, 0x19, SCRATCH, SCRATCH);	/* sbb r11, r11 */
	mov_rr(a, false, SCRATCH2, RDX);		/* mov r9d, edx */
	alu_rr(a, true, 0x21, SCRATCH2, SCRATCH);	/* and r9, r11 */
	/* mov r11, [rsi + r9 * 8 + progs] */
	put1(a, 0x4e);
	put1(a, 0x8b);
	put1(a, 0x9c);
	put1(a, 0xce);
	put4(a, offsetof(struct kbpf_prog_array, progs));
	alu_rr(a, true, 0x85, SCRATCH, SCRATCH);	/* test r11, r11 */
	out[2] = jcc32_open(a, CC_E);
	/* mov r11, [r11 + jited]: every target is native (prog_array.c) */
	rex(a, true, SCRATCH, SCRATCH, false);
	put1(a, 0x8b);
	modrm_mem(a, SCRATCH, SCRATCH, offsetof(struct kbpf_prog, jited));
	alu_rr(a, true, 0x85, SCRATCH, SCRATCH);
	out[3] = jcc32_open(a, CC_E);
	alu_ri(a, true, 0, SCRATCH, TAIL_ENTRY);
	emit_unwind(a, sp, true);
	err = emit_rel32(j, a, 0xe9, (uintptr_t)st->ithunk,
			 "the retpoline thunk is out of rel32 range");
	if (err)
		return err;
	put1(a, 0xcc);
	jcc32_close(a, out[0]);
	jcc32_close(a, out[1]);
	jcc32_close(a, out[2]);
	jcc32_close(a, out[3]);
	mov_imm64(a, RAX, (u64)-ENOENT);
	return 0;
}

/*
 * LD_ABS / LD_IND: kbpf_skb_load_be(r6, offset, size) in C, as the
 * interpreter calls it; its r1 - r5 are clobbered (the verifier says so)
 * and a fault ends the program with r0 = 0 through the main epilogue.
 */
static int emit_ld_pkt(struct kbpf_jit *j, struct asm_buf *a,
		       const struct kbpf_insn *insn,
		       const struct kbpf_jit_subprog *sp, bool main)
{
	struct x86_state *st = j->arch;
	u32 size = (insn->code & 0x18) == KBPF_B ? 1 :
		   (insn->code & 0x18) == KBPF_H ? 2 : 4;
	u32 ok;
	int err;

	if (!main) {
		st->why = "a legacy packet load in a subprogram";
		return -EOPNOTSUPP;
	}
	if (KBPF_MODE(insn->code) == KBPF_IND) {
		mov_rr(a, false, RSI, reg_map[insn->src_reg]);
		if (insn->imm)
			alu_ri(a, false, 0, RSI, insn->imm);
	} else {
		mov_imm64(a, RSI, (u32)insn->imm);
	}
	mov_rr(a, true, RDI, reg_map[6]);
	mov_imm64(a, RDX, size);
	err = emit_rel32(j, a, 0xe8, (uintptr_t)kbpf_skb_load_be,
			 "the packet load is out of rel32 range");
	if (err)
		return err;
	alu_rr(a, true, 0x85, RAX, RAX);		/* test rax, rax */
	ok = jcc8_open(a, 0x70 | 0x9);			/* jns */
	alu_rr(a, false, 0x31, RAX, RAX);
	err = emit_epilogue(j, a, sp, main);
	jcc8_close(a, ok);
	return err;
}

static int emit_call(struct kbpf_jit *j, struct asm_buf *a, u32 i)
{
	const struct kbpf_insn *insn = &j->insns[i];
	struct x86_state *st = j->arch;
	uintptr_t target;
	s32 rel;

	if (insn->src_reg == KBPF_PSEUDO_CALL) {
		u32 callee = find_subprog(j, i + 1 + insn->imm);
		s32 frame = (u16)insn->off;

		if (frame)
			alu_ri(a, true, 5, RBP, frame);		/* sub rbp */
		put1(a, 0xe8);
		put4(a, j->subprogs[callee].entry - (j->size + a->n + 4));
		if (frame)
			alu_ri(a, true, 0, RBP, frame);		/* add rbp */
		return 0;
	}
	if (insn->src_reg || insn->imm < 0 || (u32)insn->imm >= j->prog->nr_helpers ||
	    !j->prog->helpers[insn->imm]) {
		st->why = "a call kind the JIT does not know";
		return -EOPNOTSUPP;
	}
	if (kbpf_jit_is_loop_call(insn)) {
		/* r5 = the callback's frame, below this one. */
		rex(a, true, R8, RBP, false);
		put1(a, 0x8d);					/* lea */
		modrm_mem(a, R8, RBP, -(s32)(u16)insn->off);
	}
	target = (uintptr_t)j->prog->helpers[insn->imm];
	if (!rel32_to(j, j->size + a->n, target, &rel)) {
		st->why = "a helper is out of rel32 range";
		return -EOPNOTSUPP;
	}
	put1(a, 0xe8);
	put4(a, rel);
	return 0;
}

static int emit_insn(struct kbpf_jit *j, struct asm_buf *a, u32 i,
		     const struct kbpf_jit_subprog *sp, bool main)
{
	const struct kbpf_insn *insn = &j->insns[i];
	u8 class = insn->code & 0x07, op = insn->code & 0xf0;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	s32 delta;

	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
		note_zf(j, insn);
		return emit_alu(a, insn);
	case KBPF_LD:
		if (insn->code != (KBPF_LD | KBPF_IMM | KBPF_DW))
			return emit_ld_pkt(j, a, insn, sp, main);
		if (insn->src_reg == KBPF_PSEUDO_FUNC) {
			/* movabs: 10 bytes whatever the address */
			rex(a, true, 0, dst, false);
			put1(a, 0xb8 | (dst & 7));
			put8(a, j->base + j->subprogs[kbpf_jit_func_target(j, i)].cb_entry);
			return 0;
		}
		mov_imm64(a, dst, (u32)insn->imm | ((u64)(u32)insn[1].imm << 32));
		return 0;
	case KBPF_LDX:
		emit_load(a, insn->code, dst, src, insn->off);
		return 0;
	case KBPF_ST:
		emit_store_k(a, insn->code & 0x18, dst, insn->off, insn->imm);
		return 0;
	case KBPF_STX:
		if ((insn->code & 0xe0) == KBPF_ATOMIC)
			return emit_atomic(a, insn);
		emit_store_x(a, insn->code & 0x18, dst, src, insn->off);
		return 0;
	}
	/* KBPF_JMP and KBPF_JMP32 */
	switch (op) {
	case KBPF_CALL:
		if (!insn->src_reg && insn->imm == KBPF_FUNC_tail_call)
			return emit_tail_call(j, a, sp);
		return emit_call(j, a, i);
	case KBPF_EXIT:
		return emit_epilogue(j, a, sp, main);
	case KBPF_JA:
		delta = class == KBPF_JMP32 ? insn->imm : insn->off;
		if (delta)
			emit_jump(j, a, -1, j->offsets[i + 1 + delta]);
		return 0;
	}
	if (!zf_known(j, i))
		emit_compare(a, insn);
	emit_jump(j, a, jump_cond(op), j->offsets[i + 1 + insn->off]);
	return 0;
}

/*
 * A callback's C entry, just before its prologue (jit/internal.h):
 * endbr64 as the target of the helper's indirect call (IBT), BPF r10 from
 * the third argument (rbp is callee-saved, so kept), a call of the
 * subprogram, and a return through the kernel's return thunk.
 */
static int emit_callback_entry(struct kbpf_jit *j, struct kbpf_jit_subprog *sp)
{
	struct x86_state *st = j->arch;
	struct asm_buf a = { .n = 0 };
	u32 call;
	s32 rel;

	sp->cb_entry = j->size;
	put4(&a, 0xfa1e0ff3);			/* endbr64 */
	push_reg(&a, RBP);
	mov_rr(&a, true, RBP, RDX);
	put1(&a, 0xe8);				/* call the prologue below */
	call = a.n;
	put4(&a, 0);
	pop_reg(&a, RBP);
	if (st->thunk) {
		if (!rel32_to(j, j->size + a.n, (uintptr_t)st->thunk, &rel)) {
			st->why = "the return thunk is out of rel32 range";
			return -EOPNOTSUPP;
		}
		put1(&a, 0xe9);
		put4(&a, rel);
	} else {
		put1(&a, 0xc3);
	}
	put1(&a, 0xcc);
	rel = a.n - (call + 4);
	memcpy(&a.b[call], &rel, 4);
	append(j, &a);
	return 0;
}

int kbpf_jit_arch_pass(struct kbpf_jit *j, const char **why)
{
	struct x86_state *st = j->arch;
	u32 s, i;
	int err;

	j->size = 0;
	for (s = 0; s < j->nr_subprogs; s++) {
		struct kbpf_jit_subprog *sp = &j->subprogs[s];

		if (sp->callback) {
			err = emit_callback_entry(j, sp);
			if (err) {
				*why = st->why;
				return err;
			}
		}
		sp->entry = j->size;
		st->zf_reg = -1;
		emit_prologue(j, sp, !s);
		for (i = sp->start; i < sp->end; i++) {
			struct asm_buf a = { .n = 0 };

			j->offsets[i] = j->size;
			if (j->flags[i] & KBPF_JIT_LDDW_TAIL)
				continue;
			st->next_zf_reg = -1;
			err = emit_insn(j, &a, i, sp, !s);
			st->zf_reg = st->next_zf_reg;
			st->zf_w = st->next_zf_w;
			if (err) {
				*why = st->why ? st->why : "an instruction the JIT does not know";
				return err;
			}
			append(j, &a);
		}
	}
	j->offsets[j->len] = j->size;
	return 0;
}

int kbpf_jit_arch_begin(struct kbpf_jit *j)
{
	struct x86_state *st = kbpf_zalloc(sizeof(*st));

	if (!st)
		return -ENOMEM;
	st->thunk = kbpf_jit_return_thunk();
	st->ithunk = kbpf_jit_indirect_thunk();
	j->arch = st;
	return 0;
}

void kbpf_jit_arch_end(struct kbpf_jit *j)
{
	kbpf_free(j->arch);
	j->arch = NULL;
}

const u8 kbpf_jit_arch_fill[4] = { 0xcc, 0xcc, 0xcc, 0xcc };	/* int3 */

bool kbpf_jit_arch_supported(void)
{
	return true;
}
