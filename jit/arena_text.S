/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The JIT arena: executable, zero-filled space in kbpf.ko's own image.
 *
 * NOBITS keeps it out of the .ko file; "ax" puts it in the module's text,
 * which the loader maps read-only and executable. It must not be named
 * .text.* (that would force PROGBITS). Its size is a build option,
 * KBPF_JIT_ARENA_KB (Kbuild).
 */
	.section .kbpf_jit_arena, "ax", %nobits
	.balign 4096
	.globl kbpf_jit_arena_start
kbpf_jit_arena_start:
	.skip KBPF_JIT_ARENA_KB * 1024
	.globl kbpf_jit_arena_end
kbpf_jit_arena_end:
