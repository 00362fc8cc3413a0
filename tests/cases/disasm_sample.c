// SPDX-License-Identifier: GPL-2.0-only
/*
 * A C function that makes clang emit a wide mix of instructions (ALU32 and
 * ALU64, jumps and JMP32, loads and stores of every size, atomics of both
 * widths, byte swaps, lddw), to compare kbpf's disassembler with
 * llvm-objdump on real compiler output: tests/unit/disasm_llvm.sh.
 */
typedef unsigned long long u64;
typedef unsigned int u32;
typedef long long s64;
typedef int s32;
typedef unsigned short u16;
typedef unsigned char u8;

u64 f(u64 *p, u32 *q, s64 a, s32 b, u64 c)
{
	u64 r = 0;

	__sync_fetch_and_add(p, c);
	__sync_fetch_and_or(p, 3);
	r += __sync_fetch_and_and(p, c);
#ifndef NO_ATOMIC32
	r += __sync_fetch_and_xor(q, 7);
#endif
	r += __sync_lock_test_and_set(p, a);
	r += __sync_val_compare_and_swap(p, 5, a);
#ifndef NO_ATOMIC32
	r += __sync_val_compare_and_swap(q, 5, b);
	__sync_fetch_and_add(q, b);
#endif
	r += (u64)a / 3 + (u64)c % 7 + (c >> 3) + (a >> 5) + (c << 2);
	r += (u32)b * 9u + ((u32)b >> 3) + (u32)(b >> 2);
	r += __builtin_bswap16((u16)c) + __builtin_bswap32((u32)c) +
	     __builtin_bswap64(c);
	if (a < b)
		r ^= 1;
	if ((u32)c > 77u)
		r |= 2;
	if (c & 4)
		r -= 1;
	if ((s32)c <= -3)
		r = -r;
	if (a >= 100)
		r &= 0xff00;
	if ((u32)b != 9)
		r += *(u8 *)q + *(u16 *)q + q[3];
	p[2] = r;
	*(u8 *)p = 1;
	*(u16 *)((char *)p + 10) = (u16)b;
	q[5] = 77;
	return r + 0x123456789abcULL;
}
