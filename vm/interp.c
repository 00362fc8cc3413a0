// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kbpf interpreter.
 *
 * Dispatch is a computed goto through a table built from KBPF_OPCODES, one
 * indirect jump per instruction. There are no run-time checks here: the
 * verifier has proved every access safe, every jump in range and every
 * helper id valid before a program can reach this file, and has rewritten
 * what the engine should not decide itself (the frame size of local calls
 * in the call instruction's off field).
 *
 * Kernel stack use is bounded: registers (88 bytes) and the program's
 * stack rounded up to 64, 128, 256 or 512 bytes in the entry point, the
 * call-frame array (KBPF_MAX_CALL_FRAMES * 72 bytes) in interp_exec;
 * 1,248 bytes in the worst case on x86_64 (1,328 on arm64), measured by
 * -fstack-usage and checked against a bound of 1,536 by
 * tests/unit/stack_usage.sh.
 * bpf_loop callbacks and tail calls run in a frame of that array, never
 * in a nested call of this function.
 * Nothing here sleeps or allocates, so it may run in any hook context.
 */
#include "vm.h"
#include "opcodes.h"
#include "../maps/maps.h"
#include "../helpers/helpers.h"

/* Loads and stores may be unaligned; the compiler must not assume more. */
typedef u8 __attribute__((__may_alias__)) mem_u8;
typedef u16 __attribute__((__aligned__(1), __may_alias__)) mem_u16;
typedef u32 __attribute__((__aligned__(1), __may_alias__)) mem_u32;
typedef u64 __attribute__((__aligned__(1), __may_alias__)) mem_u64;
typedef s8 __attribute__((__may_alias__)) mem_s8;
typedef s16 __attribute__((__aligned__(1), __may_alias__)) mem_s16;
typedef s32 __attribute__((__aligned__(1), __may_alias__)) mem_s32;

/*
 * A local call's frame, or a bpf_loop call's (@calls non-zero): its
 * callback runs @calls times at most, from @fn, with @ctx in r2.
 */
struct call_frame {
	const struct kbpf_insn *ret;
	u64 saved[5];			/* r6 - r9 and r10 */
	const struct kbpf_insn *fn;
	u64 ctx;
	u32 calls, done;
};

/*
 * tests/fuzz/verifier_fuzz.c builds this file with KBPF_INTERP_CHECK:
 * then every load, store and atomic is reported (address, size, whether
 * it writes) before it happens, and every new stack frame (the stack
 * below its frame pointer holds nothing yet), so the fuzzer checks each
 * access against the memory the program may reach and its stack reads
 * against the bytes written. Other builds have no checks at all.
 */
#ifdef KBPF_INTERP_CHECK
#define CHECK_MEM(addr, size, how)	kbpf_interp_check_mem(addr, size, how)
#define CHECK_STACK(lo, hi)		kbpf_interp_check_stack(lo, hi)
#define CHECK_FRAME(fp)			kbpf_interp_check_frame(fp)
#else
#define CHECK_MEM(addr, size, how)	do { } while (0)
#define CHECK_STACK(lo, hi)		do { } while (0)
#define CHECK_FRAME(fp)			do { } while (0)
#endif

/* r0 = @size packet bytes at @off of the context in r6, big-endian. */
static int ld_pkt(u64 *regs, u32 off, u32 size)
{
	u64 v = kbpf_skb_load_be((const struct kbpf_skb_ctx *)(uintptr_t)regs[6],
				 off, size);

	if (v == KBPF_SKB_LOAD_FAULT)
		return -EFAULT;
	regs[0] = v;
	return 0;
}

static u64 interp_exec(u64 *regs, const struct kbpf_insn *insn,
		       const struct kbpf_prog *prog)
{
#define X(label, code) [code] = &&label,
	static const void * const jumptable[256] kbpf_jump_table = {
		[0 ... 255] = &&invalid,
		KBPF_OPCODES(X)
	};
#undef X
	struct call_frame frames[KBPF_MAX_CALL_FRAMES];
	u32 depth = 0, tail_calls = 0;
	u64 tmp;

#define DST	regs[insn->dst_reg]
#define SRC	regs[insn->src_reg]
#define OFF	insn->off
#define IMM	insn->imm
#define ADDR(base) ((uintptr_t)((base) + (s64)OFF))
#define NEXT	do { insn++; goto *jumptable[insn->code]; } while (0)

	goto *jumptable[insn->code];

	/* Arithmetic: 64-bit on the register, 32-bit zero-extending. */
#define ALU_BOTH(OP, op)						\
	ALU64_##OP##_X: DST = DST op SRC; NEXT;				\
	ALU64_##OP##_K: DST = DST op (u64)(s64)IMM; NEXT;		\
	ALU_##OP##_X: DST = (u32)DST op (u32)SRC; NEXT;			\
	ALU_##OP##_K: DST = (u32)DST op (u32)IMM; NEXT;
	ALU_BOTH(ADD, +)
	ALU_BOTH(SUB, -)
	ALU_BOTH(MUL, *)
	ALU_BOTH(OR, |)
	ALU_BOTH(AND, &)
	ALU_BOTH(XOR, ^)
#undef ALU_BOTH
	/* Results of 32-bit ops above are u32 before assignment: keep it so. */
#define SHIFT_BOTH(OP, expr64, expr32)					\
	ALU64_##OP##_X: tmp = SRC & 63; DST = expr64; NEXT;		\
	ALU64_##OP##_K: tmp = IMM & 63; DST = expr64; NEXT;		\
	ALU_##OP##_X: tmp = SRC & 31; DST = (u32)(expr32); NEXT;	\
	ALU_##OP##_K: tmp = IMM & 31; DST = (u32)(expr32); NEXT;
	SHIFT_BOTH(LSH, DST << tmp, (u32)DST << tmp)
	SHIFT_BOTH(RSH, DST >> tmp, (u32)DST >> tmp)
	SHIFT_BOTH(ARSH, (u64)((s64)DST >> tmp), (s32)DST >> tmp)
#undef SHIFT_BOTH
ALU64_NEG:
	DST = -DST;
	NEXT;
ALU_NEG:
	DST = (u32)-(u32)DST;
	NEXT;
ALU64_MOV_X:
	switch (OFF) {
	case 8:
		DST = (s64)(s8)SRC;
		break;
	case 16:
		DST = (s64)(s16)SRC;
		break;
	case 32:
		DST = (s64)(s32)SRC;
		break;
	default:
		DST = SRC;
		break;
	}
	NEXT;
ALU64_MOV_K:
	DST = (u64)(s64)IMM;
	NEXT;
ALU_MOV_X:
	switch (OFF) {
	case 8:
		DST = (u32)(s32)(s8)SRC;
		break;
	case 16:
		DST = (u32)(s32)(s16)SRC;
		break;
	default:
		DST = (u32)SRC;
		break;
	}
	NEXT;
ALU_MOV_K:
	DST = (u32)IMM;
	NEXT;

	/*
	 * Division and modulo follow RFC 9669, without traps: x / 0 = 0,
	 * x % 0 = x, and signed INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0
	 * (computed as negation so C's undefined overflow never happens).
	 */
#define DIVMOD64(OP, val)						\
	ALU64_##OP##_X: tmp = SRC; goto alu64_##val;			\
	ALU64_##OP##_K: tmp = (u64)(s64)IMM; goto alu64_##val;
#define DIVMOD32(OP, val)						\
	ALU_##OP##_X: tmp = (u32)SRC; goto alu32_##val;			\
	ALU_##OP##_K: tmp = (u32)IMM; goto alu32_##val;
	DIVMOD64(DIV, div)
	DIVMOD64(MOD, mod)
	DIVMOD32(DIV, div)
	DIVMOD32(MOD, mod)
#undef DIVMOD64
#undef DIVMOD32
alu64_div:
	if (OFF == 1) {
		if (!tmp)
			DST = 0;
		else if ((s64)tmp == -1)
			DST = -DST;
		else
			DST = (u64)((s64)DST / (s64)tmp);
	} else {
		DST = tmp ? DST / tmp : 0;
	}
	NEXT;
alu64_mod:
	if (OFF == 1) {
		if ((s64)tmp == -1)
			DST = 0;
		else if (tmp)
			DST = (u64)((s64)DST % (s64)tmp);
	} else if (tmp) {
		DST = DST % tmp;
	}
	NEXT;
alu32_div:
	if (OFF == 1) {
		if (!tmp)
			DST = 0;
		else if ((s32)tmp == -1)
			DST = (u32)-(u32)DST;
		else
			DST = (u32)((s32)DST / (s32)tmp);
	} else {
		DST = tmp ? (u32)DST / (u32)tmp : 0;
	}
	NEXT;
alu32_mod:
	if (OFF == 1) {
		if ((s32)tmp == -1)
			DST = 0;
		else if (tmp)
			DST = (u32)((s32)DST % (s32)tmp);
		else
			DST = (u32)DST;
	} else {
		DST = tmp ? (u32)DST % (u32)tmp : (u32)DST;
	}
	NEXT;

ALU_END_TO_LE:
	switch (IMM) {
	case 16:
		DST = (u16)cpu_to_le16((u16)DST);
		break;
	case 32:
		DST = (u32)cpu_to_le32((u32)DST);
		break;
	default:
		DST = (u64)cpu_to_le64(DST);
		break;
	}
	NEXT;
ALU_END_TO_BE:
	switch (IMM) {
	case 16:
		DST = (u16)cpu_to_be16((u16)DST);
		break;
	case 32:
		DST = (u32)cpu_to_be32((u32)DST);
		break;
	default:
		DST = (u64)cpu_to_be64(DST);
		break;
	}
	NEXT;
ALU64_BSWAP:
	switch (IMM) {
	case 16:
		DST = swab16((u16)DST);
		break;
	case 32:
		DST = swab32((u32)DST);
		break;
	default:
		DST = swab64(DST);
		break;
	}
	NEXT;

	/* Conditional jumps: 64-bit, and 32-bit on the low halves. */
#define JUMP_IF(cond) do { if (cond) insn += OFF; NEXT; } while (0)
#define COND(OP, op, T64, T32)						\
	JMP_##OP##_X: JUMP_IF((T64)DST op (T64)SRC);			\
	JMP_##OP##_K: JUMP_IF((T64)DST op (T64)(s64)IMM);		\
	JMP32_##OP##_X: JUMP_IF((T32)DST op (T32)SRC);			\
	JMP32_##OP##_K: JUMP_IF((T32)DST op (T32)IMM);
	COND(JEQ, ==, u64, u32)
	COND(JNE, !=, u64, u32)
	COND(JGT, >, u64, u32)
	COND(JGE, >=, u64, u32)
	COND(JLT, <, u64, u32)
	COND(JLE, <=, u64, u32)
	COND(JSGT, >, s64, s32)
	COND(JSGE, >=, s64, s32)
	COND(JSLT, <, s64, s32)
	COND(JSLE, <=, s64, s32)
#undef COND
#undef JUMP_IF
JMP_JSET_X:
	if (DST & SRC)
		insn += OFF;
	NEXT;
JMP_JSET_K:
	if (DST & (u64)(s64)IMM)
		insn += OFF;
	NEXT;
JMP32_JSET_X:
	if ((u32)DST & (u32)SRC)
		insn += OFF;
	NEXT;
JMP32_JSET_K:
	if ((u32)DST & (u32)IMM)
		insn += OFF;
	NEXT;
JMP_JA:
	insn += OFF;
	NEXT;
JMP32_JA:
	insn += IMM;
	NEXT;

JMP_CALL:
	if (insn->src_reg == KBPF_PSEUDO_CALL) {
		/* The verifier bounded the depth and stored our frame size. */
		struct call_frame *frame = &frames[depth++];

		frame->ret = insn;
		frame->calls = 0;
		memcpy(frame->saved, &regs[6], sizeof(frame->saved));
		regs[10] -= (u16)OFF;
		CHECK_FRAME(regs[10]);
		insn += IMM;
		NEXT;
	}
	if (unlikely(IMM == KBPF_FUNC_tail_call))
		goto tail_call;
	if (unlikely(IMM == KBPF_FUNC_loop))
		goto loop;
	regs[0] = prog->helpers[IMM](regs[1], regs[2], regs[3], regs[4],
				     regs[5]);
	NEXT;

	/*
	 * bpf_tail_call(ctx, map, index), as Linux counts it: an index out
	 * of range falls through without counting, an empty slot after. The
	 * target continues in this frame with r1 and r10 as they are (its
	 * stack fits: a program with tail calls gets all 512 bytes, and the
	 * verifier refuses them next to local calls, so no caller frame is
	 * live). Every program in the map is interpreted, as this one is
	 * (kbpf_prog_array_claim_engine()); a native one found anyway is
	 * run as a call and ends the chain, never nesting further.
	 */
tail_call:
	{
		const struct kbpf_map *map = (const void *)(uintptr_t)regs[2];
		const struct kbpf_prog *next;

		regs[0] = (u64)-ENOENT;
		if ((u32)regs[3] >= map->max_entries ||
		    tail_calls >= KBPF_MAX_TAIL_CALLS)
			NEXT;
		tail_calls++;
		next = kbpf_prog_array_slot(map, (u32)regs[3]);
		if (!next)
			NEXT;
		if (next->jited)
			return next->run((const void *)(uintptr_t)regs[1], next);
		prog = next;
		insn = next->insns;
		CHECK_FRAME(regs[10]);
		goto *jumptable[insn->code];
	}
	/*
	 * bpf_loop(nr_loops, callback, ctx, flags), as helpers/loop.c has
	 * it, with the callback (r2: its first instruction, which the
	 * verifier proved) in a new frame below this one, whose size the
	 * verifier stored in off. Its exit comes back to loop_next.
	 */
loop:
	{
		struct call_frame *frame;

		if (regs[4] || (u32)regs[1] > KBPF_MAX_LOOPS) {
			regs[0] = regs[4] ? (u64)-EINVAL : (u64)-E2BIG;
			NEXT;
		}
		regs[0] = 0;
		if (!(u32)regs[1])
			NEXT;
		frame = &frames[depth++];
		frame->ret = insn;
		frame->calls = (u32)regs[1];
		frame->done = 0;
		frame->fn = (const struct kbpf_insn *)(uintptr_t)regs[2];
		frame->ctx = regs[3];
		memcpy(frame->saved, &regs[6], sizeof(frame->saved));
		regs[10] -= (u16)OFF;
		goto loop_call;
	}
loop_next:
	{
		struct call_frame *frame = &frames[depth - 1];

		if (!regs[0] && ++frame->done < frame->calls)
			goto loop_call;
		regs[0] = frame->done + !!regs[0];
		depth--;
		insn = frame->ret;
		memcpy(&regs[6], frame->saved, sizeof(frame->saved));
		NEXT;
	}
loop_call:
	regs[1] = frames[depth - 1].done;
	regs[2] = frames[depth - 1].ctx;
	regs[10] = frames[depth - 1].saved[4] - (u16)frames[depth - 1].ret->off;
	insn = frames[depth - 1].fn;
	CHECK_FRAME(regs[10]);
	goto *jumptable[insn->code];

JMP_EXIT:
	if (!depth)
		return regs[0];
	if (frames[depth - 1].calls)
		goto loop_next;
	depth--;
	insn = frames[depth].ret;
	memcpy(&regs[6], frames[depth].saved, sizeof(frames[depth].saved));
	NEXT;

LD_IMM_DW:
	DST = (u64)(u32)IMM | ((u64)(u32)insn[1].imm << 32);
	insn++;
	NEXT;

	/*
	 * Legacy packet loads (socket filters only): r6 holds the context,
	 * the packet offset is imm (plus src for LD_IND, in 32 bits), the
	 * value arrives in network byte order and lands in r0 in host order.
	 * A load outside the packet ends the whole program with 0, as
	 * Linux's does. The verifier treats r1-r5 as clobbered.
	 */
LD_ABS_B:
	tmp = (u32)IMM;
	goto ld_pkt_b;
LD_ABS_H:
	tmp = (u32)IMM;
	goto ld_pkt_h;
LD_ABS_W:
	tmp = (u32)IMM;
	goto ld_pkt_w;
LD_IND_B:
	tmp = (u32)SRC + (u32)IMM;
	goto ld_pkt_b;
LD_IND_H:
	tmp = (u32)SRC + (u32)IMM;
	goto ld_pkt_h;
LD_IND_W:
	tmp = (u32)SRC + (u32)IMM;
	goto ld_pkt_w;
ld_pkt_b:
	if (ld_pkt(regs, tmp, 1))
		return 0;
	NEXT;
ld_pkt_h:
	if (ld_pkt(regs, tmp, 2))
		return 0;
	NEXT;
ld_pkt_w:
	if (ld_pkt(regs, tmp, 4))
		return 0;
	NEXT;

#define LOAD(SZ, T)							\
	LDX_MEM_##SZ:							\
		CHECK_MEM(ADDR(SRC), sizeof(T), KBPF_CHECK_READ);		\
		DST = *(T *)ADDR(SRC);					\
		NEXT;
	LOAD(B, mem_u8)
	LOAD(H, mem_u16)
	LOAD(W, mem_u32)
	LOAD(DW, mem_u64)
#undef LOAD
LDX_MEMSX_B:
	CHECK_MEM(ADDR(SRC), sizeof(mem_s8), KBPF_CHECK_READ);
	DST = (u64)(s64)*(mem_s8 *)ADDR(SRC);
	NEXT;
LDX_MEMSX_H:
	CHECK_MEM(ADDR(SRC), sizeof(mem_s16), KBPF_CHECK_READ);
	DST = (u64)(s64)*(mem_s16 *)ADDR(SRC);
	NEXT;
LDX_MEMSX_W:
	CHECK_MEM(ADDR(SRC), sizeof(mem_s32), KBPF_CHECK_READ);
	DST = (u64)(s64)*(mem_s32 *)ADDR(SRC);
	NEXT;
#define STORE(SZ, T)							\
	ST_MEM_##SZ:							\
		CHECK_MEM(ADDR(DST), sizeof(T), KBPF_CHECK_WRITE);		\
		*(T *)ADDR(DST) = (T)IMM;				\
		NEXT;							\
	STX_MEM_##SZ:							\
		CHECK_MEM(ADDR(DST), sizeof(T), KBPF_CHECK_WRITE);		\
		*(T *)ADDR(DST) = (T)SRC;				\
		NEXT;
	STORE(B, mem_u8)
	STORE(H, mem_u16)
	STORE(W, mem_u32)
	STORE(DW, mem_u64)
#undef STORE

#define ATOMIC_OPS(SZ, BITS, ZX)					\
	case KBPF_ADD:							\
		kbpf_atomic_add##BITS((void *)ADDR(DST), SRC); break;	\
	case KBPF_OR:							\
		kbpf_atomic_or##BITS((void *)ADDR(DST), SRC); break;	\
	case KBPF_AND:							\
		kbpf_atomic_and##BITS((void *)ADDR(DST), SRC); break;	\
	case KBPF_XOR:							\
		kbpf_atomic_xor##BITS((void *)ADDR(DST), SRC); break;	\
	case KBPF_ADD | KBPF_FETCH:					\
		SRC = (ZX)kbpf_atomic_fetch_add##BITS((void *)ADDR(DST), SRC); \
		break;							\
	case KBPF_OR | KBPF_FETCH:					\
		SRC = (ZX)kbpf_atomic_fetch_or##BITS((void *)ADDR(DST), SRC); \
		break;							\
	case KBPF_AND | KBPF_FETCH:					\
		SRC = (ZX)kbpf_atomic_fetch_and##BITS((void *)ADDR(DST), SRC); \
		break;							\
	case KBPF_XOR | KBPF_FETCH:					\
		SRC = (ZX)kbpf_atomic_fetch_xor##BITS((void *)ADDR(DST), SRC); \
		break;							\
	case KBPF_XCHG:							\
		SRC = (ZX)kbpf_atomic_xchg##BITS((void *)ADDR(DST), SRC); \
		break;							\
	case KBPF_CMPXCHG:						\
		regs[0] = (ZX)kbpf_atomic_cmpxchg##BITS((void *)ADDR(DST), \
							regs[0], SRC);	\
		break;
STX_ATOMIC_W:
	CHECK_MEM(ADDR(DST), 4, KBPF_CHECK_RMW);
	switch (IMM) {
	ATOMIC_OPS(W, 32, u32)
	}
	NEXT;
STX_ATOMIC_DW:
	CHECK_MEM(ADDR(DST), 8, KBPF_CHECK_RMW);
	switch (IMM) {
	ATOMIC_OPS(DW, 64, u64)
	}
	NEXT;
#undef ATOMIC_OPS

invalid:
	/* Unreachable for a verified program. */
	return 0;

#undef DST
#undef SRC
#undef OFF
#undef IMM
#undef ADDR
#undef NEXT
}

/*
 * One entry point per stack size, so a program only pays for (and only
 * clears) the stack it can use. Registers and stack start zeroed. The
 * verifier already rejects reads of stack no path wrote; the clearing
 * stays so a verifier bug still cannot hand a program (or, through a
 * helper, user space) old kernel stack contents.
 */
#define DEFINE_INTERP_RUN(size)						\
static u64 interp_run_##size(const void *ctx,				\
			     const struct kbpf_prog *prog)		\
{									\
	u64 stack[(size) / sizeof(u64)] = {};				\
	u64 regs[KBPF_REG_COUNT] = {};					\
									\
	regs[1] = (uintptr_t)ctx;					\
	regs[10] = (uintptr_t)&stack[ARRAY_SIZE(stack)];		\
	CHECK_STACK((uintptr_t)stack, regs[10]);			\
	return interp_exec(regs, prog->insns, prog);			\
}
DEFINE_INTERP_RUN(64)
DEFINE_INTERP_RUN(128)
DEFINE_INTERP_RUN(256)
DEFINE_INTERP_RUN(512)
#undef DEFINE_INTERP_RUN

void kbpf_interp_select(struct kbpf_prog *prog)
{
	BUILD_BUG_ON(KBPF_STACK_SIZE != 512);
	/* A tail call's target runs on the caller's stack: it gets it all. */
	if (prog->tail_calls)
		prog->run = interp_run_512;
	else if (prog->stack_depth <= 64)
		prog->run = interp_run_64;
	else if (prog->stack_depth <= 128)
		prog->run = interp_run_128;
	else if (prog->stack_depth <= 256)
		prog->run = interp_run_256;
	else
		prog->run = interp_run_512;
}

/*
 * Run with caller-provided arguments and stack: for the host tool and
 * tests, which give r1/r2 as the conformance suite defines them.
 */
u64 kbpf_interp_run_args(const struct kbpf_prog *prog, u64 r1, u64 r2,
			 void *stack, u32 stack_size)
{
	u64 regs[KBPF_REG_COUNT] = {};

	regs[1] = r1;
	regs[2] = r2;
	regs[10] = (uintptr_t)stack + stack_size;
	CHECK_STACK((uintptr_t)stack, regs[10]);
	return interp_exec(regs, prog->insns, prog);
}
