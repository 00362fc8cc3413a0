/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kbpf platform services in user space: the host library used by unit
 * tests, fuzzers and the kbpf tool's offline mode. Include platform.h.
 */
#ifndef _KBPF_PLATFORM_HOST_H
#define _KBPF_PLATFORM_HOST_H

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#ifndef __always_inline
#define __always_inline	inline __attribute__((__always_inline__))
#endif
#define __maybe_unused	__attribute__((__unused__))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define fallthrough	__attribute__((__fallthrough__))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(c)	_Static_assert(!(c), #c)
#define READ_ONCE(x)	(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define ALIGN(x, a)	(((x) + (a) - 1) & ~((typeof(x))(a) - 1))
#define U16_MAX		((u16)~0U)
#define S32_MIN		((s32)INT32_MIN)
#define S64_MIN		((s64)INT64_MIN)

static inline u16 swab16(u16 x) { return __builtin_bswap16(x); }
static inline u32 swab32(u32 x) { return __builtin_bswap32(x); }
static inline u64 swab64(u64 x) { return __builtin_bswap64(x); }

/* The core runs only on little-endian hosts, as the module does. */
#define cpu_to_be16(x)	swab16(x)
#define cpu_to_be32(x)	swab32(x)
#define cpu_to_be64(x)	swab64(x)
#define cpu_to_le16(x)	((u16)(x))
#define cpu_to_le32(x)	((u32)(x))
#define cpu_to_le64(x)	((u64)(x))

static inline void *kbpf_zalloc(size_t size)
{
	return calloc(1, size);
}

static inline void *kbpf_big_zalloc(size_t size)
{
	return calloc(1, size);
}

static inline void kbpf_free(const void *p)
{
	free((void *)p);
}

static inline void kbpf_big_free(const void *p)
{
	free((void *)p);
}

#define __kbpf_atomic_op(p, v, op, T) \
	((void)__atomic_##op((T *)(p), (T)(v), __ATOMIC_SEQ_CST))
#define __kbpf_atomic_fetch(p, v, op, T) \
	__atomic_##op((T *)(p), (T)(v), __ATOMIC_SEQ_CST)

#define kbpf_atomic_add32(p, v)		__kbpf_atomic_op(p, v, fetch_add, u32)
#define kbpf_atomic_add64(p, v)		__kbpf_atomic_op(p, v, fetch_add, u64)
#define kbpf_atomic_and32(p, v)		__kbpf_atomic_op(p, v, fetch_and, u32)
#define kbpf_atomic_and64(p, v)		__kbpf_atomic_op(p, v, fetch_and, u64)
#define kbpf_atomic_or32(p, v)		__kbpf_atomic_op(p, v, fetch_or, u32)
#define kbpf_atomic_or64(p, v)		__kbpf_atomic_op(p, v, fetch_or, u64)
#define kbpf_atomic_xor32(p, v)		__kbpf_atomic_op(p, v, fetch_xor, u32)
#define kbpf_atomic_xor64(p, v)		__kbpf_atomic_op(p, v, fetch_xor, u64)
#define kbpf_atomic_fetch_add32(p, v)	__kbpf_atomic_fetch(p, v, fetch_add, u32)
#define kbpf_atomic_fetch_add64(p, v)	__kbpf_atomic_fetch(p, v, fetch_add, u64)
#define kbpf_atomic_fetch_and32(p, v)	__kbpf_atomic_fetch(p, v, fetch_and, u32)
#define kbpf_atomic_fetch_and64(p, v)	__kbpf_atomic_fetch(p, v, fetch_and, u64)
#define kbpf_atomic_fetch_or32(p, v)	__kbpf_atomic_fetch(p, v, fetch_or, u32)
#define kbpf_atomic_fetch_or64(p, v)	__kbpf_atomic_fetch(p, v, fetch_or, u64)
#define kbpf_atomic_fetch_xor32(p, v)	__kbpf_atomic_fetch(p, v, fetch_xor, u32)
#define kbpf_atomic_fetch_xor64(p, v)	__kbpf_atomic_fetch(p, v, fetch_xor, u64)
#define kbpf_atomic_xchg32(p, v)	__kbpf_atomic_fetch(p, v, exchange_n, u32)
#define kbpf_atomic_xchg64(p, v)	__kbpf_atomic_fetch(p, v, exchange_n, u64)

static inline u32 kbpf_atomic_cmpxchg32(void *p, u32 old, u32 new)
{
	__atomic_compare_exchange_n((u32 *)p, &old, new, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

static inline u64 kbpf_atomic_cmpxchg64(void *p, u64 old, u64 new)
{
	__atomic_compare_exchange_n((u64 *)p, &old, new, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

#define kbpf_jump_table

#define kbpf_pr_err(fmt, ...)	fprintf(stderr, "kbpf: " fmt, ##__VA_ARGS__)
#define kbpf_pr_info(fmt, ...)	fprintf(stderr, "kbpf: " fmt, ##__VA_ARGS__)

#define kbpf_cond_resched()	do { } while (0)

#endif /* _KBPF_PLATFORM_HOST_H */
