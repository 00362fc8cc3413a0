/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every opcode byte kbpf accepts, listed once.
 *
 * KBPF_OPCODES(X) expands X(label, code) for each valid opcode. The
 * interpreter builds its jump table from it, the structural checker its
 * table of known opcodes, and the disassembler is tested against it, so
 * the three cannot disagree about what the instruction set is.
 *
 * Variants that share an opcode byte are told apart by other fields, as
 * RFC 9669 defines: sdiv/smod by off == 1, movsx by off = 8/16/32, the
 * atomic operation by imm, the byte-swap width by imm, a local call by
 * src_reg == KBPF_PSEUDO_CALL.
 */
#ifndef _KBPF_VM_OPCODES_H
#define _KBPF_VM_OPCODES_H

#include "../uapi/linux/kbpf.h"

#define __KBPF_ALU_OPS(X, C)						\
	X(C##_ADD_X, KBPF_##C | KBPF_ADD | KBPF_X)			\
	X(C##_ADD_K, KBPF_##C | KBPF_ADD | KBPF_K)			\
	X(C##_SUB_X, KBPF_##C | KBPF_SUB | KBPF_X)			\
	X(C##_SUB_K, KBPF_##C | KBPF_SUB | KBPF_K)			\
	X(C##_MUL_X, KBPF_##C | KBPF_MUL | KBPF_X)			\
	X(C##_MUL_K, KBPF_##C | KBPF_MUL | KBPF_K)			\
	X(C##_DIV_X, KBPF_##C | KBPF_DIV | KBPF_X)			\
	X(C##_DIV_K, KBPF_##C | KBPF_DIV | KBPF_K)			\
	X(C##_OR_X, KBPF_##C | KBPF_OR | KBPF_X)			\
	X(C##_OR_K, KBPF_##C | KBPF_OR | KBPF_K)			\
	X(C##_AND_X, KBPF_##C | KBPF_AND | KBPF_X)			\
	X(C##_AND_K, KBPF_##C | KBPF_AND | KBPF_K)			\
	X(C##_LSH_X, KBPF_##C | KBPF_LSH | KBPF_X)			\
	X(C##_LSH_K, KBPF_##C | KBPF_LSH | KBPF_K)			\
	X(C##_RSH_X, KBPF_##C | KBPF_RSH | KBPF_X)			\
	X(C##_RSH_K, KBPF_##C | KBPF_RSH | KBPF_K)			\
	X(C##_NEG, KBPF_##C | KBPF_NEG | KBPF_K)			\
	X(C##_MOD_X, KBPF_##C | KBPF_MOD | KBPF_X)			\
	X(C##_MOD_K, KBPF_##C | KBPF_MOD | KBPF_K)			\
	X(C##_XOR_X, KBPF_##C | KBPF_XOR | KBPF_X)			\
	X(C##_XOR_K, KBPF_##C | KBPF_XOR | KBPF_K)			\
	X(C##_MOV_X, KBPF_##C | KBPF_MOV | KBPF_X)			\
	X(C##_MOV_K, KBPF_##C | KBPF_MOV | KBPF_K)			\
	X(C##_ARSH_X, KBPF_##C | KBPF_ARSH | KBPF_X)			\
	X(C##_ARSH_K, KBPF_##C | KBPF_ARSH | KBPF_K)

#define __KBPF_JMP_OPS(X, C)						\
	X(C##_JEQ_X, KBPF_##C | KBPF_JEQ | KBPF_X)			\
	X(C##_JEQ_K, KBPF_##C | KBPF_JEQ | KBPF_K)			\
	X(C##_JGT_X, KBPF_##C | KBPF_JGT | KBPF_X)			\
	X(C##_JGT_K, KBPF_##C | KBPF_JGT | KBPF_K)			\
	X(C##_JGE_X, KBPF_##C | KBPF_JGE | KBPF_X)			\
	X(C##_JGE_K, KBPF_##C | KBPF_JGE | KBPF_K)			\
	X(C##_JSET_X, KBPF_##C | KBPF_JSET | KBPF_X)			\
	X(C##_JSET_K, KBPF_##C | KBPF_JSET | KBPF_K)			\
	X(C##_JNE_X, KBPF_##C | KBPF_JNE | KBPF_X)			\
	X(C##_JNE_K, KBPF_##C | KBPF_JNE | KBPF_K)			\
	X(C##_JSGT_X, KBPF_##C | KBPF_JSGT | KBPF_X)			\
	X(C##_JSGT_K, KBPF_##C | KBPF_JSGT | KBPF_K)			\
	X(C##_JSGE_X, KBPF_##C | KBPF_JSGE | KBPF_X)			\
	X(C##_JSGE_K, KBPF_##C | KBPF_JSGE | KBPF_K)			\
	X(C##_JLT_X, KBPF_##C | KBPF_JLT | KBPF_X)			\
	X(C##_JLT_K, KBPF_##C | KBPF_JLT | KBPF_K)			\
	X(C##_JLE_X, KBPF_##C | KBPF_JLE | KBPF_X)			\
	X(C##_JLE_K, KBPF_##C | KBPF_JLE | KBPF_K)			\
	X(C##_JSLT_X, KBPF_##C | KBPF_JSLT | KBPF_X)			\
	X(C##_JSLT_K, KBPF_##C | KBPF_JSLT | KBPF_K)			\
	X(C##_JSLE_X, KBPF_##C | KBPF_JSLE | KBPF_X)			\
	X(C##_JSLE_K, KBPF_##C | KBPF_JSLE | KBPF_K)

#define __KBPF_SIZED(X, L, C)						\
	X(L##_B, C | KBPF_B)						\
	X(L##_H, C | KBPF_H)						\
	X(L##_W, C | KBPF_W)						\
	X(L##_DW, C | KBPF_DW)

#define KBPF_OPCODES(X)							\
	__KBPF_ALU_OPS(X, ALU)						\
	__KBPF_ALU_OPS(X, ALU64)					\
	X(ALU_END_TO_LE, KBPF_ALU | KBPF_END | KBPF_TO_LE)		\
	X(ALU_END_TO_BE, KBPF_ALU | KBPF_END | KBPF_TO_BE)		\
	X(ALU64_BSWAP, KBPF_ALU64 | KBPF_END | KBPF_TO_LE)		\
	__KBPF_JMP_OPS(X, JMP)						\
	__KBPF_JMP_OPS(X, JMP32)					\
	X(JMP_JA, KBPF_JMP | KBPF_JA)					\
	X(JMP32_JA, KBPF_JMP32 | KBPF_JA)				\
	X(JMP_CALL, KBPF_JMP | KBPF_CALL)				\
	X(JMP_EXIT, KBPF_JMP | KBPF_EXIT)				\
	X(LD_IMM_DW, KBPF_LD | KBPF_IMM | KBPF_DW)			\
	X(LD_ABS_B, KBPF_LD | KBPF_ABS | KBPF_B)			\
	X(LD_ABS_H, KBPF_LD | KBPF_ABS | KBPF_H)			\
	X(LD_ABS_W, KBPF_LD | KBPF_ABS | KBPF_W)			\
	X(LD_IND_B, KBPF_LD | KBPF_IND | KBPF_B)			\
	X(LD_IND_H, KBPF_LD | KBPF_IND | KBPF_H)			\
	X(LD_IND_W, KBPF_LD | KBPF_IND | KBPF_W)			\
	__KBPF_SIZED(X, LDX_MEM, KBPF_LDX | KBPF_MEM)			\
	X(LDX_MEMSX_B, KBPF_LDX | KBPF_MEMSX | KBPF_B)			\
	X(LDX_MEMSX_H, KBPF_LDX | KBPF_MEMSX | KBPF_H)			\
	X(LDX_MEMSX_W, KBPF_LDX | KBPF_MEMSX | KBPF_W)			\
	__KBPF_SIZED(X, ST_MEM, KBPF_ST | KBPF_MEM)			\
	__KBPF_SIZED(X, STX_MEM, KBPF_STX | KBPF_MEM)			\
	X(STX_ATOMIC_W, KBPF_STX | KBPF_ATOMIC | KBPF_W)		\
	X(STX_ATOMIC_DW, KBPF_STX | KBPF_ATOMIC | KBPF_DW)

#endif /* _KBPF_VM_OPCODES_H */
