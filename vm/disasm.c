// SPDX-License-Identifier: GPL-2.0-only
/*
 * The disassembler, in the syntax llvm-objdump prints for BPF, so what the
 * verifier log, `kbpf prog dump` and the tests show reads like the output
 * of the compiler users already know. One implementation for all of them.
 */
#include "vm.h"
#include "opcodes.h"

static const char * const alu_ops[16] = {
	[KBPF_ADD >> 4] = "+=", [KBPF_SUB >> 4] = "-=",
	[KBPF_MUL >> 4] = "*=", [KBPF_DIV >> 4] = "/=",
	[KBPF_OR >> 4] = "|=", [KBPF_AND >> 4] = "&=",
	[KBPF_LSH >> 4] = "<<=", [KBPF_RSH >> 4] = ">>=",
	[KBPF_MOD >> 4] = "%=", [KBPF_XOR >> 4] = "^=",
	[KBPF_MOV >> 4] = "=", [KBPF_ARSH >> 4] = "s>>=",
};

static const char * const jmp_ops[16] = {
	[KBPF_JEQ >> 4] = "==", [KBPF_JGT >> 4] = ">",
	[KBPF_JGE >> 4] = ">=", [KBPF_JSET >> 4] = "&",
	[KBPF_JNE >> 4] = "!=", [KBPF_JSGT >> 4] = "s>",
	[KBPF_JSGE >> 4] = "s>=", [KBPF_JLT >> 4] = "<",
	[KBPF_JLE >> 4] = "<=", [KBPF_JSLT >> 4] = "s<",
	[KBPF_JSLE >> 4] = "s<=",
};

static const char * const size_names[4] = {
	[KBPF_W >> 3] = "32", [KBPF_H >> 3] = "16",
	[KBPF_B >> 3] = "8", [KBPF_DW >> 3] = "64",
};

static const char * const atomic_names[16] = {
	[KBPF_ADD >> 4] = "add", [KBPF_OR >> 4] = "or",
	[KBPF_AND >> 4] = "and", [KBPF_XOR >> 4] = "xor",
};

const char *kbpf_opcode_name(u8 code)
{
#define X(label, c) [c] = #label,
	static const char * const names[256] = { KBPF_OPCODES(X) };
#undef X
	return names[code];
}

/* Like snprintf, but never reports more than fits, so calls can chain. */
static __printf(3, 4) int put(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static char rc(const struct kbpf_insn *insn)
{
	return KBPF_CLASS(insn->code) == KBPF_ALU64 ||
	       KBPF_CLASS(insn->code) == KBPF_JMP ? 'r' : 'w';
}

static int disasm_alu(char *buf, size_t size, const struct kbpf_insn *insn)
{
	u8 op = KBPF_OP(insn->code);
	char r = rc(insn);
	int dst = insn->dst_reg, src = insn->src_reg;
	const char *sign = insn->off == 1 &&
		(op == KBPF_DIV || op == KBPF_MOD) ? "s" : "";

	if (op == KBPF_NEG)
		return put(buf, size, "%c%d = -%c%d", r, dst, r, dst);
	if (op == KBPF_END) {
		const char *kind = KBPF_CLASS(insn->code) == KBPF_ALU64 ?
			"bswap" : KBPF_SRC(insn->code) == KBPF_TO_BE ?
			"be" : "le";

		return put(buf, size, "r%d = %s%d r%d", dst, kind, insn->imm,
			   dst);
	}
	if (op == KBPF_MOV && KBPF_SRC(insn->code) == KBPF_X && insn->off)
		return put(buf, size, "%c%d = (s%d)%c%d", r, dst, insn->off,
			   r, src);
	if (KBPF_SRC(insn->code) == KBPF_X)
		return put(buf, size, "%c%d %s%s %c%d", r, dst, sign,
			   alu_ops[op >> 4], r, src);
	return put(buf, size, "%c%d %s%s %d", r, dst, sign, alu_ops[op >> 4],
		   insn->imm);
}

static int disasm_jmp(char *buf, size_t size, const struct kbpf_insn *insn)
{
	u8 op = KBPF_OP(insn->code);
	char r = rc(insn);

	switch (op) {
	case KBPF_JA:
		if (KBPF_CLASS(insn->code) == KBPF_JMP32)
			return put(buf, size, "gotol %+d", insn->imm);
		return put(buf, size, "goto %+d", insn->off);
	case KBPF_CALL:
		if (insn->src_reg == KBPF_PSEUDO_CALL)
			return put(buf, size, "call pc%+d", insn->imm);
		return put(buf, size, "call %d", insn->imm);
	case KBPF_EXIT:
		return put(buf, size, "exit");
	}
	if (KBPF_SRC(insn->code) == KBPF_X)
		return put(buf, size, "if %c%d %s %c%d goto %+d", r,
			   insn->dst_reg, jmp_ops[op >> 4], r, insn->src_reg,
			   insn->off);
	return put(buf, size, "if %c%d %s %d goto %+d", r, insn->dst_reg,
		   jmp_ops[op >> 4], insn->imm, insn->off);
}

static int disasm_lddw(char *buf, size_t size, const struct kbpf_insn *insn)
{
	u64 imm = (u64)(u32)insn[0].imm | (u64)(u32)insn[1].imm << 32;

	switch (insn->src_reg) {
	case KBPF_PSEUDO_MAP_FD:
		return put(buf, size, "r%d = map[fd:%d] ll", insn->dst_reg,
			   insn->imm);
	case KBPF_PSEUDO_MAP_IDX:
		return put(buf, size, "r%d = map[idx:%d] ll", insn->dst_reg,
			   insn->imm);
	case KBPF_PSEUDO_MAP_VALUE:
		return put(buf, size, "r%d = map[fd:%d][0]+%u ll",
			   insn->dst_reg, insn->imm, insn[1].imm);
	case KBPF_PSEUDO_MAP_IDX_VALUE:
		return put(buf, size, "r%d = map[idx:%d][0]+%u ll",
			   insn->dst_reg, insn->imm, insn[1].imm);
	case KBPF_PSEUDO_FUNC:
		return put(buf, size, "r%d = func %+d ll", insn->dst_reg,
			   insn->imm);
	}
	return put(buf, size, "r%d = %lld ll", insn->dst_reg, (long long)imm);
}

static int disasm_mem(char *buf, size_t size, const struct kbpf_insn *insn)
{
	const char *bits = size_names[KBPF_SIZE(insn->code) >> 3];
	int dst = insn->dst_reg, src = insn->src_reg, off = insn->off;
	char sign = off < 0 ? '-' : '+';
	int aoff = off < 0 ? -off : off;

	switch (KBPF_CLASS(insn->code)) {
	case KBPF_LDX:
		return put(buf, size, "r%d = *(%c%s *)(r%d %c %d)", dst,
			   KBPF_MODE(insn->code) == KBPF_MEMSX ? 's' : 'u',
			   bits, src, sign, aoff);
	case KBPF_ST:
		return put(buf, size, "*(u%s *)(r%d %c %d) = %d", bits, dst,
			   sign, aoff, insn->imm);
	}
	if (KBPF_MODE(insn->code) == KBPF_MEM)
		return put(buf, size, "*(u%s *)(r%d %c %d) = r%d", bits, dst,
			   sign, aoff, src);

	/* STX ATOMIC */
	{
		char r = KBPF_SIZE(insn->code) == KBPF_DW ? 'r' : 'w';
		const char *xsuffix = r == 'r' ? "_64" : "32_32";

		switch (insn->imm) {
		case KBPF_XCHG:
			return put(buf, size, "%c%d = xchg%s(r%d %c %d, %c%d)",
				   r, src, xsuffix, dst, sign, aoff, r, src);
		case KBPF_CMPXCHG:
			return put(buf, size,
				   "%c0 = cmpxchg%s(r%d %c %d, %c0, %c%d)", r,
				   xsuffix, dst, sign, aoff, r, r, src);
		}
		if (insn->imm & KBPF_FETCH)
			return put(buf, size,
				   "%c%d = atomic_fetch_%s((u%s *)(r%d %c %d), %c%d)",
				   r, src, atomic_names[(insn->imm & 0xf0) >> 4],
				   bits, dst, sign, aoff, r, src);
		return put(buf, size, "lock *(u%s *)(r%d %c %d) %s %c%d", bits,
			   dst, sign, aoff, alu_ops[(insn->imm & 0xf0) >> 4], r,
			   src);
	}
}

static int disasm_ld(char *buf, size_t size, const struct kbpf_insn *insn)
{
	const char *bits = size_names[KBPF_SIZE(insn->code) >> 3];

	if (KBPF_MODE(insn->code) == KBPF_ABS)
		return put(buf, size, "r0 = *(u%s *)skb[%d]", bits, insn->imm);
	if (insn->imm)
		return put(buf, size, "r0 = *(u%s *)skb[r%d + %d]", bits,
			   insn->src_reg, insn->imm);
	return put(buf, size, "r0 = *(u%s *)skb[r%d]", bits, insn->src_reg);
}

/*
 * Writes one instruction (two for lddw) and returns how many slots it
 * used. Instructions outside the table print as raw bytes, so a log can
 * always show what was rejected.
 */
int kbpf_disasm_insn(char *buf, size_t size, const struct kbpf_insn *insn,
		     u32 remaining)
{
	u8 code = insn->code;

	if (!kbpf_opcode_name(code))
		goto unknown;
	switch (KBPF_CLASS(code)) {
	case KBPF_ALU:
	case KBPF_ALU64:
		disasm_alu(buf, size, insn);
		return 1;
	case KBPF_JMP:
	case KBPF_JMP32:
		disasm_jmp(buf, size, insn);
		return 1;
	case KBPF_LD:
		if (code == (KBPF_LD | KBPF_IMM | KBPF_DW)) {
			if (remaining < 2)
				goto unknown;
			disasm_lddw(buf, size, insn);
			return 2;
		}
		disasm_ld(buf, size, insn);
		return 1;
	default:
		disasm_mem(buf, size, insn);
		return 1;
	}
unknown:
	put(buf, size, "<unknown opcode 0x%02x>", code);
	return 1;
}
