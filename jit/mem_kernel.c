// SPDX-License-Identifier: GPL-2.0-only
/*
 * Executable memory in the kernel: the arena in kbpf.ko's own image
 * (jit/arena_text.S). The module loader maps it read-only and executable
 * and makes its direct-map alias read-only, so it is never writable and
 * executable at once. Code is written through a temporary writable alias
 * of the arena's pages, then made visible to instruction fetch on every
 * CPU. Only exported interfaces are used (Documentation/jit.md).
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/cacheflush.h>
#ifdef CONFIG_X86
#include <asm/cpufeature.h>
#include <asm/sync_core.h>
#include <asm/nospec-branch.h>
#endif
#ifdef CONFIG_ARM64
#include <asm/lse.h>
#endif
#include "internal.h"

extern u8 kbpf_jit_arena_start[], kbpf_jit_arena_end[];

int kbpf_jit_mem_init(u8 **base, size_t *size)
{
	*base = kbpf_jit_arena_start;
	*size = kbpf_jit_arena_end - kbpf_jit_arena_start;
	return *size ? 0 : -ENOMEM;
}

void kbpf_jit_mem_exit(void)
{
}

int kbpf_jit_mem_write(u8 *dst, const void *src, size_t len)
{
	unsigned long first = (unsigned long)dst & PAGE_MASK;
	unsigned int i, n = (PAGE_ALIGN((unsigned long)dst + len) - first) >> PAGE_SHIFT;
	struct page **pages;
	void *alias;
	int err = -ENOMEM;

	pages = kmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		pages[i] = vmalloc_to_page((void *)(first + i * PAGE_SIZE));
	alias = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	if (!alias)
		goto out;
	memcpy(alias + offset_in_page(dst), src, len);
	vunmap(alias);
	err = 0;
out:
	kfree(pages);
	return err;
}

#ifdef CONFIG_X86
/*
 * Another CPU may have fetched the old bytes of a reused range: each
 * CPU executes a serializing instruction before the new code can run,
 * as the kernel does after patching its own text.
 */
static void serialize_cpu(void *unused)
{
	sync_core();
}

void kbpf_jit_mem_sync(void *start, size_t len)
{
	on_each_cpu(serialize_cpu, NULL, 1);
}

void *kbpf_jit_return_thunk(void)
{
	/* As the kernel's own JIT: a plain ret on CPUs that need no thunk. */
	return cpu_feature_enabled(X86_FEATURE_RETHUNK) ?
	       (void *)__x86_return_thunk : NULL;
}

/*
 * A tail call's jump to the target (in r11) goes through the kernel's
 * retpoline, which the kernel patches to a plain jump where none is
 * needed; without retpolines built in, the JIT declines tail calls.
 */
#ifdef CONFIG_RETPOLINE
void *kbpf_jit_indirect_thunk(void)
{
	return (void *)__x86_indirect_thunk_r11;
}
#else
void *kbpf_jit_indirect_thunk(void)
{
	return NULL;
}
#endif
#else
void kbpf_jit_mem_sync(void *start, size_t len)
{
	flush_icache_range((unsigned long)start, (unsigned long)start + len);
}

void *kbpf_jit_return_thunk(void)
{
	return NULL;
}

/* arm64 branches to a tail call's target with BR x16 (Documentation/jit.md). */
void *kbpf_jit_indirect_thunk(void)
{
	return NULL;
}
#endif

#ifdef CONFIG_ARM64
/* What the kernel's own atomics chose at boot (all CPUs, or none). */
bool kbpf_arm64_has_lse_atomics(void)
{
	return system_uses_lse_atomics();
}
#endif
