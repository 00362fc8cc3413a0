// SPDX-License-Identifier: GPL-2.0-only
/*
 * Executable memory for the host library: an anonymous mapping placed
 * near the library's own code, so generated code reaches helpers with
 * the same 32-bit relative calls it uses in the kernel. Pages are
 * readable and executable; a write makes them writable and not
 * executable for its duration, so no page is ever both. The host
 * library is single-threaded wherever it JIT-compiles (the tool, the
 * tests), so no other thread can be running code on a page being written.
 */
#include <sys/mman.h>
#include <unistd.h>
#ifdef __aarch64__
#include <sys/auxv.h>
#endif
#include "internal.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

#define HOST_ARENA_SIZE		(16UL << 20)
#define HOST_ARENA_STEP		(64UL << 20)

static u8 *host_arena;

/* Tries addresses around our own code, nearest first. */
static u8 *map_near_code(void)
{
	uintptr_t code = (uintptr_t)&kbpf_jit_compile & ~(HOST_ARENA_STEP - 1);
	int i;

	for (i = 1; i < 24; i++) {
		uintptr_t hint = i & 1 ? code + (i / 2 + 1) * HOST_ARENA_STEP :
					 code - (i / 2) * HOST_ARENA_STEP;
		void *p = mmap((void *)hint, HOST_ARENA_SIZE, PROT_READ | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			       -1, 0);

		if (p == MAP_FAILED)
			continue;
		if (p == (void *)hint)
			return p;
		munmap(p, HOST_ARENA_SIZE);	/* an old kernel ignored the flag */
	}
	return NULL;
}

int kbpf_jit_mem_init(u8 **base, size_t *size)
{
	host_arena = map_near_code();
	if (!host_arena)
		return -ENOMEM;
	*base = host_arena;
	*size = HOST_ARENA_SIZE;
	return 0;
}

void kbpf_jit_mem_exit(void)
{
	munmap(host_arena, HOST_ARENA_SIZE);
	host_arena = NULL;
}

int kbpf_jit_mem_write(u8 *dst, const void *src, size_t len)
{
	size_t page = sysconf(_SC_PAGESIZE);
	uintptr_t first = (uintptr_t)dst & ~(page - 1);
	size_t span = ALIGN((uintptr_t)dst + len, page) - first;

	if (mprotect((void *)first, span, PROT_READ | PROT_WRITE))
		return -errno;
	memcpy(dst, src, len);
	if (mprotect((void *)first, span, PROT_READ | PROT_EXEC))
		return -errno;
	return 0;
}

void kbpf_jit_mem_sync(void *start, size_t len)
{
	__builtin___clear_cache((char *)start, (char *)start + len);
}

#if defined(__x86_64__)
/*
 * Tests set this to have returns go through a thunk, as on a kernel with
 * X86_FEATURE_RETHUNK, so the path the guests' CPUs never take is run.
 */
bool kbpf_host_rethunk;

asm(".pushsection .text\n"
	".globl kbpf_host_return_thunk\n"
	".type kbpf_host_return_thunk, @function\n"
	"kbpf_host_return_thunk:\n"
	"\tret\n"
	"\tint3\n"
	".size kbpf_host_return_thunk, . - kbpf_host_return_thunk\n"
	".popsection\n");

void kbpf_host_return_thunk(void);

void *kbpf_jit_return_thunk(void)
{
	return kbpf_host_rethunk ? (void *)kbpf_host_return_thunk : NULL;
}

/*
 * A retpoline for a jump to r11, as the kernel's: the return predicts
 * into the pause loop, never into an attacker-trained target.
 */
asm(".pushsection .text\n"
	".globl kbpf_host_thunk_r11\n"
	".type kbpf_host_thunk_r11, @function\n"
	"kbpf_host_thunk_r11:\n"
	"\tcall 2f\n"
	"1:\tpause\n"
	"\tlfence\n"
	"\tjmp 1b\n"
	"2:\tmov %r11, (%rsp)\n"
	"\tret\n"
	".size kbpf_host_thunk_r11, . - kbpf_host_thunk_r11\n"
	".popsection\n");

void *kbpf_jit_indirect_thunk(void)
{
	return (void *)kbpf_host_thunk_r11;
}
#else
void *kbpf_jit_return_thunk(void)
{
	return NULL;
}

void *kbpf_jit_indirect_thunk(void)
{
	return NULL;
}
#endif

#ifdef __aarch64__
/* ARMv8.1 atomics, as the kernel reports them to this process. */
bool kbpf_arm64_has_lse_atomics(void)
{
	return getauxval(AT_HWCAP) & HWCAP_ATOMICS;
}
#endif
