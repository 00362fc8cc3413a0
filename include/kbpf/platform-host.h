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
#define __aligned(x)	__attribute__((__aligned__(x)))
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
#define S16_MIN		((s16)INT16_MIN)
#define S16_MAX		((s16)INT16_MAX)
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

/* Stack alignment JIT code keeps at calls: the System V ABI's. */
#define KBPF_JIT_CALL_ALIGN	16

/* A kprobe program's context, as in platform-kernel.h, for this host. */
#include <linux/bpf_perf_event.h>
#define KBPF_KPROBE_CTX_SIZE	sizeof(bpf_user_pt_regs_t)

/* PROG_LOAD arguments: the host backend's pointers are this process's. */
static inline int kbpf_copy_arg(void *dst, u64 src, u32 n)
{
	memcpy(dst, (const void *)(uintptr_t)src, n);
	return 0;
}

static inline int kbpf_copy_arg_struct(void *dst, u32 ksize, u64 src, u32 usize)
{
	const u8 *s = (const u8 *)(uintptr_t)src;
	u32 i;

	for (i = ksize; i < usize; i++)
		if (s[i])
			return -E2BIG;
	memset(dst, 0, ksize);
	memcpy(dst, s, min(ksize, usize));
	return 0;
}

/* A host process is preempted anyway, and a killed one just dies. */
static inline bool kbpf_yield_or_killed(void)
{
	return false;
}

#define kbpf_pr_err(fmt, ...)	fprintf(stderr, "kbpf: " fmt, ##__VA_ARGS__)
#define kbpf_pr_info(fmt, ...)	fprintf(stderr, "kbpf: " fmt, ##__VA_ARGS__)

/*
 * Maps and helpers in user space. Locks are pthread mutexes. RCU is a
 * process-wide reader/writer lock: readers nest per thread, a grace
 * period is taking the write side once; callbacks queued inside a read
 * section run when that thread leaves its outermost one, after a grace
 * period, so nothing a reader may see is freed under it.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/prctl.h>

#define __percpu

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE(ptr); }

typedef pthread_mutex_t kbpf_lock_t;
#define kbpf_lock_init(l)		pthread_mutex_init(l, NULL)
#define kbpf_lock(l)			pthread_mutex_lock(l)
#define kbpf_unlock(l)			pthread_mutex_unlock(l)
#define kbpf_irq_save(f)		((f) = 0)
#define kbpf_irq_restore(f)		((void)(f))

/* Host threads do not re-enter a map from inside its lock. */
typedef int kbpf_busy_t;
static inline int kbpf_busy_alloc(kbpf_busy_t *b) { *b = 0; return 0; }
#define kbpf_busy_free(b)		((void)(b))
#define kbpf_busy_enter(b)		((void)(b), true)
#define kbpf_busy_exit(b)		((void)(b))

typedef struct kbpf_rcu_head {
	struct kbpf_rcu_head *next;
	void (*func)(struct kbpf_rcu_head *head);
} kbpf_rcu_head_t;

void kbpf_rcu_read_lock(void);
void kbpf_rcu_read_unlock(void);
void kbpf_call_rcu(kbpf_rcu_head_t *head, void (*func)(kbpf_rcu_head_t *));
void kbpf_rcu_barrier(void);
#define kbpf_rcu_dereference(p)		__atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define kbpf_rcu_assign_pointer(p, v)	__atomic_store_n(&(p), v, __ATOMIC_RELEASE)
/* A flag other CPUs read and write without a lock (ThreadSanitizer-clean). */
#define kbpf_load_relaxed(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define kbpf_store_relaxed(x, v)	__atomic_store_n(&(x), v, __ATOMIC_RELAXED)

/* No memory cgroups on the host. */
typedef struct kbpf_memcg kbpf_memcg_t;
#define kbpf_memcg_get()		((kbpf_memcg_t *)NULL)
#define kbpf_memcg_put(m)		((void)(m))

static inline void *kbpf_alloc_atomic(kbpf_memcg_t *memcg, size_t size)
{
	return malloc(size);
}

/* A fixed number of "CPUs"; a thread uses the slot of the CPU it is on. */
#define KBPF_HOST_NR_CPUS		4
#define kbpf_num_possible_cpus()	KBPF_HOST_NR_CPUS
#define kbpf_for_each_possible_cpu(c)	\
	for ((c) = 0; (c) < KBPF_HOST_NR_CPUS; (c)++)
void *kbpf_percpu_alloc(size_t size);
#define kbpf_percpu_alloc_atomic(memcg, size)	kbpf_percpu_alloc(size)
void kbpf_percpu_free(void *p);
void *kbpf_per_cpu_ptr(void *p, int cpu);
static inline int kbpf_smp_processor_id(void)
{
	unsigned int cpu = 0;

	/* The raw system call: sched_getcpu() needs _GNU_SOURCE. */
	syscall(SYS_getcpu, &cpu, NULL, NULL);
	return cpu % KBPF_HOST_NR_CPUS;
}
#define kbpf_this_cpu_ptr(p)		kbpf_per_cpu_ptr(p, kbpf_smp_processor_id())
#define kbpf_nr_cpu_ids()		KBPF_HOST_NR_CPUS
#define kbpf_cpu_possible(cpu)		((cpu) < KBPF_HOST_NR_CPUS)
#define kbpf_numa_node_id()		0

/*
 * User space needs no speculation hardening, but the index is still
 * masked rather than chosen by a branch, as the kernel's
 * array_index_nospec() does: all ones when i < n, else zero, so host
 * tests exercise the arithmetic the kernel relies on (unit/nospec_test).
 */
static inline u64 kbpf_index_mask(u64 i, u64 n)
{
	return (u64)0 - (u64)(i < n);
}
#define kbpf_index_nospec(i, n)	((typeof(i))((i) & kbpf_index_mask(i, n)))

static inline u64 kbpf_clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}
#define kbpf_ktime_get_ns()		kbpf_clock_ns(CLOCK_MONOTONIC)
#define kbpf_ktime_get_boot_ns()	kbpf_clock_ns(CLOCK_BOOTTIME)
#define kbpf_ktime_get_coarse_ns()	kbpf_clock_ns(CLOCK_MONOTONIC_COARSE)
/* Ticks of a 250 Hz clock, Debian's CONFIG_HZ. */
#define kbpf_jiffies64()		(kbpf_clock_ns(CLOCK_MONOTONIC) / 4000000ULL)
u32 kbpf_random_u32(void);

static inline u64 kbpf_current_pid_tgid(void)
{
	return (u64)getpid() << 32 | (u32)syscall(SYS_gettid);
}

static inline u64 kbpf_current_uid_gid(void)
{
	return (u64)getgid() << 32 | getuid();
}

/* A per-thread address standing for the kernel's task_struct. */
static inline u64 kbpf_current_task(void)
{
	static __thread u64 task;

	return (u64)(uintptr_t)&task;
}

static inline void kbpf_current_comm(char *buf, u32 size)
{
	char comm[17] = "";

	prctl(PR_GET_NAME, comm);
	snprintf(buf, size, "%s", comm);
}

/* Reads through the kernel, so a bad address is -EFAULT, not a crash. */
static inline int kbpf_read_kernel_nofault(void *dst, const void *src, u32 n)
{
	struct iovec local = { dst, n }, remote = { (void *)src, n };

	if (!n)
		return 0;
	return syscall(SYS_process_vm_readv, getpid(), &local, 1UL, &remote,
		       1UL, 0UL) == (long)n ? 0 : -EFAULT;
}
#define kbpf_read_user_nofault(d, s, n)	kbpf_read_kernel_nofault(d, s, n)

#define kbpf_trace_emit(line)		fprintf(stderr, "kbpf-trace: %s\n", line)

/*
 * Ring buffer memory (maps/ringbuf.c): @nr_meta pages, then @nr_data
 * pages mapped twice back to back, zeroed. On the host, a memfd mapped
 * twice gives the same double view the kernel builds with vmap().
 */
#define KBPF_PAGE_SIZE			((unsigned long)sysconf(_SC_PAGESIZE))
void *kbpf_ringbuf_area_alloc(u32 nr_meta, u32 nr_data, void **priv);
void kbpf_ringbuf_area_free(void *area, void *priv, u32 nr_meta, u32 nr_data);
/* BPF_F_MMAPABLE array values: whole zeroed pages of a shared mapping. */
void *kbpf_user_area_alloc(u64 size, void **priv);
void kbpf_user_area_free(void *area, void *priv, u64 size);
/* Positions: the producer publishes a header, the reader a freed record. */
#define kbpf_load_acquire(p)		__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define kbpf_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define kbpf_in_nmi()			false
#define kbpf_trylock(l)			(pthread_mutex_trylock(l) == 0)

/*
 * A consumer's wakeup. Nobody sleeps on a host ring buffer; the count of
 * wakeups asked for lets tests check the NO_WAKEUP/FORCE_WAKEUP logic.
 */
typedef struct {
	u64 count;
} kbpf_wake_t;
#define kbpf_wake_init(w)		((w)->count = 0)
#define kbpf_wake_queue(w)		__atomic_add_fetch(&(w)->count, 1, __ATOMIC_RELAXED)
#define kbpf_wake_sync(w)		((void)(w))

/* %p: a process has no kernel addresses to hide; the value, as %px prints it. */
#define kbpf_fmt_ptr_hashed(buf, size, v) \
	snprintf(buf, size, "%016llx", (unsigned long long)(v))

/*
 * The host has no struct sk_buff: its socket-filter contexts (test runs)
 * hold the whole packet in the linear part, so this is never reached.
 */
static inline int kbpf_skb_copy_bits(const void *skb, u32 off, void *to,
				     u32 len)
{
	return -EFAULT;
}

#endif /* _KBPF_PLATFORM_HOST_H */
