/* SPDX-License-Identifier: GPL-2.0-only */
/* kbpf platform services inside the kernel module. Include platform.h. */
#ifndef _KBPF_PLATFORM_KERNEL_H
#define _KBPF_PLATFORM_KERNEL_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/stdarg.h>
#include <linux/vmalloc.h>

/* Program memory is charged to the loading task's memory cgroup. */
static inline void *kbpf_zalloc(size_t size)
{
	return kzalloc(size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
}

/* Large, possibly huge (1M instructions), sleeping-context allocations. */
static inline void *kbpf_big_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
}

static inline void kbpf_free(const void *p)
{
	kfree(p);
}

static inline void kbpf_big_free(const void *p)
{
	kvfree(p);
}

#define kbpf_atomic_add32(p, v)		atomic_add(v, (atomic_t *)(p))
#define kbpf_atomic_add64(p, v)		atomic64_add(v, (atomic64_t *)(p))
#define kbpf_atomic_and32(p, v)		atomic_and(v, (atomic_t *)(p))
#define kbpf_atomic_and64(p, v)		atomic64_and(v, (atomic64_t *)(p))
#define kbpf_atomic_or32(p, v)		atomic_or(v, (atomic_t *)(p))
#define kbpf_atomic_or64(p, v)		atomic64_or(v, (atomic64_t *)(p))
#define kbpf_atomic_xor32(p, v)		atomic_xor(v, (atomic_t *)(p))
#define kbpf_atomic_xor64(p, v)		atomic64_xor(v, (atomic64_t *)(p))
#define kbpf_atomic_fetch_add32(p, v)	atomic_fetch_add(v, (atomic_t *)(p))
#define kbpf_atomic_fetch_add64(p, v)	atomic64_fetch_add(v, (atomic64_t *)(p))
#define kbpf_atomic_fetch_and32(p, v)	atomic_fetch_and(v, (atomic_t *)(p))
#define kbpf_atomic_fetch_and64(p, v)	atomic64_fetch_and(v, (atomic64_t *)(p))
#define kbpf_atomic_fetch_or32(p, v)	atomic_fetch_or(v, (atomic_t *)(p))
#define kbpf_atomic_fetch_or64(p, v)	atomic64_fetch_or(v, (atomic64_t *)(p))
#define kbpf_atomic_fetch_xor32(p, v)	atomic_fetch_xor(v, (atomic_t *)(p))
#define kbpf_atomic_fetch_xor64(p, v)	atomic64_fetch_xor(v, (atomic64_t *)(p))
#define kbpf_atomic_xchg32(p, v)	atomic_xchg((atomic_t *)(p), v)
#define kbpf_atomic_xchg64(p, v)	atomic64_xchg((atomic64_t *)(p), v)
#define kbpf_atomic_cmpxchg32(p, o, n)	atomic_cmpxchg((atomic_t *)(p), o, n)
#define kbpf_atomic_cmpxchg64(p, o, n)	atomic64_cmpxchg((atomic64_t *)(p), o, n)

/* Lets objtool follow the interpreter's computed gotos. */
#define kbpf_jump_table __annotate_jump_table

#define kbpf_pr_err(fmt, ...)	pr_err(fmt, ##__VA_ARGS__)
#define kbpf_pr_info(fmt, ...)	pr_info(fmt, ##__VA_ARGS__)

/* Long loops in process context (the verifier) let others run. */
#define kbpf_cond_resched()	cond_resched()

#endif /* _KBPF_PLATFORM_KERNEL_H */
