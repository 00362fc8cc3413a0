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
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
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

/*
 * Large, possibly huge (1M instructions), sleeping-context allocations
 * whose size user space picks: as Linux's bpf_map_area_alloc, running
 * out is ENOMEM for the caller, never the OOM killer. Up to the costly
 * order, kmalloc without retrying; beyond, or if that fails, vmalloc with
 * __GFP_RETRY_MAYFAIL, which gives up when the caller's memory cgroup (or
 * the machine) is full instead of killing a task to make room (kvzalloc's
 * vmalloc would: ioctl_test's memcg cases).
 */
static inline void *kbpf_big_zalloc(size_t size)
{
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN;
	void *p;

	if (size <= (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)) {
		p = kmalloc(size, gfp | __GFP_NORETRY);
		if (p)
			return p;
	}
	return __vmalloc(size, gfp | __GFP_RETRY_MAYFAIL);
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

/*
 * Long work in process context (verifying a million instructions) yields
 * the CPU now and then, and stops when the caller is being killed.
 */
static inline bool kbpf_yield_or_killed(void)
{
	cond_resched();
	return fatal_signal_pending(current);
}

/* Lets objtool follow the interpreter's computed gotos. */
#define kbpf_jump_table __annotate_jump_table

/* Stack alignment JIT code keeps at calls: the kernel builds with 8. */
#define KBPF_JIT_CALL_ALIGN	8

/*
 * A kprobe program's context: the registers as Linux's BPF ABI defines
 * them for this architecture (struct pt_regs on x86_64, struct
 * user_pt_regs on arm64).
 */
#include <uapi/linux/bpf_perf_event.h>
#define KBPF_KPROBE_CTX_SIZE	sizeof(bpf_user_pt_regs_t)

#define kbpf_pr_err(fmt, ...)	pr_err(fmt, ##__VA_ARGS__)
#define kbpf_pr_info(fmt, ...)	pr_info(fmt, ##__VA_ARGS__)

/*
 * Maps and helpers (maps/, helpers/). Locks taken on the program path use
 * raw spinlocks with interrupts off: a program may run in any context.
 */
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <linux/random.h>
#include <linux/prandom.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/topology.h>
#include <linux/uaccess.h>

typedef raw_spinlock_t kbpf_lock_t;
#define kbpf_lock_init(l)		raw_spin_lock_init(l)
#define kbpf_lock(l)			raw_spin_lock(l)
#define kbpf_unlock(l)			raw_spin_unlock(l)
#define kbpf_irq_save(f)		local_irq_save(f)
#define kbpf_irq_restore(f)		local_irq_restore(f)

/*
 * A per-CPU nesting counter: a program that fires (kprobe) while the same
 * CPU already holds one of the map's locks gets -EBUSY instead of
 * deadlocking on it. Interrupts are off between enter and exit.
 */
typedef int __percpu *kbpf_busy_t;
static inline int kbpf_busy_alloc(kbpf_busy_t *b)
{
	*b = alloc_percpu_gfp(int, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	return *b ? 0 : -ENOMEM;
}
#define kbpf_busy_free(b)		free_percpu(b)
static inline bool kbpf_busy_enter(kbpf_busy_t b)
{
	if (this_cpu_inc_return(*b) == 1)
		return true;
	this_cpu_dec(*b);
	return false;
}
#define kbpf_busy_exit(b)		this_cpu_dec(*(b))

typedef struct rcu_head kbpf_rcu_head_t;
#define kbpf_rcu_read_lock()		rcu_read_lock()
#define kbpf_rcu_read_unlock()		rcu_read_unlock()
#define kbpf_call_rcu(h, fn)		call_rcu(h, fn)
/* Waits for every callback queued so far: before freeing what they use. */
#define kbpf_rcu_barrier()		rcu_barrier()
#define kbpf_rcu_dereference(p)		rcu_dereference_check(p, 1)
#define kbpf_rcu_assign_pointer(p, v)	rcu_assign_pointer(p, v)
/* A flag other CPUs read and write without a lock. */
#define kbpf_load_relaxed(x)		READ_ONCE(x)
#define kbpf_store_relaxed(x, v)	WRITE_ONCE(x, v)

/*
 * A map's memory cgroup: the creator's, taken at creation and held until
 * the map is freed, so that what the map allocates later is charged to
 * it rather than to whatever task a program or an update happens to run
 * in (Linux's map->memcg). NULL without memory cgroups.
 */
typedef struct mem_cgroup kbpf_memcg_t;

static inline kbpf_memcg_t *kbpf_memcg_get(void)
{
	return get_mem_cgroup_from_mm(current->mm);
}

#define kbpf_memcg_put(m)		mem_cgroup_put(m)

/*
 * Program path: never sleeps; charged to @memcg (set_active_memcg works
 * in task and in interrupt context, as Linux's bpf_map_kmalloc_node).
 */
static inline void *kbpf_alloc_atomic(kbpf_memcg_t *memcg, size_t size)
{
	struct mem_cgroup *old = set_active_memcg(memcg);
	void *p = kmalloc(size, GFP_ATOMIC | __GFP_ACCOUNT | __GFP_NOWARN);

	set_active_memcg(old);
	return p;
}

static inline void __percpu *kbpf_percpu_alloc_atomic(kbpf_memcg_t *memcg,
						      size_t size)
{
	struct mem_cgroup *old = set_active_memcg(memcg);
	void __percpu *p = __alloc_percpu_gfp(size, 8, GFP_ATOMIC |
					      __GFP_ACCOUNT | __GFP_NOWARN);

	set_active_memcg(old);
	return p;
}

#define kbpf_num_possible_cpus()	num_possible_cpus()
#define kbpf_for_each_possible_cpu(c)	for_each_possible_cpu(c)
#define kbpf_percpu_alloc(size)	\
	__alloc_percpu_gfp(size, 8, GFP_KERNEL_ACCOUNT | __GFP_NOWARN)
#define kbpf_percpu_free(p)		free_percpu(p)
#define kbpf_per_cpu_ptr(p, cpu)	per_cpu_ptr(p, cpu)
#define kbpf_this_cpu_ptr(p)		this_cpu_ptr(p)
#define kbpf_smp_processor_id()		raw_smp_processor_id()
#define kbpf_nr_cpu_ids()		nr_cpu_ids
#define kbpf_cpu_possible(cpu)		cpu_possible(cpu)
#define kbpf_numa_node_id()		numa_node_id()

/* Linux's array_index_nospec: a mask the CPU cannot speculate past. */
#include <linux/nospec.h>
#define kbpf_index_nospec(i, n)		array_index_nospec(i, n)

#define kbpf_ktime_get_ns()		ktime_get_mono_fast_ns()
#define kbpf_ktime_get_boot_ns()	ktime_get_boot_fast_ns()
/* Seqcount readers: not for tracing programs (a writer may be below). */
#define kbpf_ktime_get_coarse_ns()	ktime_get_coarse_ns()
#define kbpf_jiffies64()		get_jiffies_64()
/*
 * vm/platform_kernel.c: per-CPU PRNG state, seeded at module load. Inline,
 * so bpf_get_prandom_u32 costs one call into the kernel, as Linux's does.
 */
DECLARE_PER_CPU(struct rnd_state, kbpf_rnd_state);
static inline u32 kbpf_random_u32(void)
{
	return prandom_u32_state(this_cpu_ptr(&kbpf_rnd_state));
}
void kbpf_platform_init(void);

static inline u64 kbpf_current_pid_tgid(void)
{
	return (u64)current->tgid << 32 | current->pid;
}

static inline u64 kbpf_current_uid_gid(void)
{
	kuid_t uid;
	kgid_t gid;

	current_uid_gid(&uid, &gid);
	return (u64)from_kgid(&init_user_ns, gid) << 32 |
	       from_kuid(&init_user_ns, uid);
}

/* The task_struct's address, as Linux's bpf_get_current_task. */
static inline u64 kbpf_current_task(void)
{
	return (u64)(uintptr_t)current;
}

static inline void kbpf_current_comm(char *buf, u32 size)
{
	char comm[TASK_COMM_LEN];

	__get_task_comm(comm, sizeof(comm), current);
	strscpy(buf, comm, size);
}

/* 0 or -EFAULT; never faults, may run in any context. */
static inline int kbpf_read_kernel_nofault(void *dst, const void *src, u32 n)
{
	return copy_from_kernel_nofault(dst, src, n) ? -EFAULT : 0;
}

static inline int kbpf_read_user_nofault(void *dst, const void *src, u32 n)
{
	return copy_from_user_nofault(dst, (const void __user *)src, n) ?
	       -EFAULT : 0;
}

/*
 * PROG_LOAD arguments behind a __u64 pointer: @n bytes, or a struct of
 * @usize bytes into @ksize (the bytes past @ksize zero, else -E2BIG).
 */
static inline int kbpf_copy_arg(void *dst, u64 src, u32 n)
{
	return copy_from_user(dst, u64_to_user_ptr(src), n) ? -EFAULT : 0;
}

static inline int kbpf_copy_arg_struct(void *dst, u32 ksize, u64 src, u32 usize)
{
	return copy_struct_from_user(dst, ksize, u64_to_user_ptr(src), usize);
}

/*
 * Socket filters: packet bytes past the linear part, from the hook's
 * struct sk_buff (paged data). 0 or -EFAULT.
 */
int kbpf_skb_copy_bits(const void *skb, u32 off, void *to, u32 len);

/* trace_printk output: one line in the kernel log. */
#define kbpf_trace_emit(line)		pr_info("kbpf-trace: %s\n", line)

/*
 * Ring buffer memory (maps/ringbuf.c), vm/platform_kernel.c: @nr_meta
 * pages, then @nr_data pages mapped twice back to back (vmap), zeroed,
 * mappable into user space with remap_vmalloc_range().
 */
#define KBPF_PAGE_SIZE			PAGE_SIZE
void *kbpf_ringbuf_area_alloc(u32 nr_meta, u32 nr_data, void **priv);
void kbpf_ringbuf_area_free(void *area, void *priv, u32 nr_meta, u32 nr_data);
/*
 * BPF_F_MMAPABLE array values (maps/array.c): @size bytes, whole pages,
 * zeroed, charged to the memory cgroup, mappable with remap_vmalloc_range().
 */
void *kbpf_user_area_alloc(u64 size, void **priv);
void kbpf_user_area_free(void *area, void *priv, u64 size);
/* Positions: the producer publishes a header, the reader a freed record. */
#define kbpf_load_acquire(p)		smp_load_acquire(p)
#define kbpf_store_release(p, v)	smp_store_release(p, v)
#include <linux/preempt.h>
#define kbpf_in_nmi()			in_nmi()
#define kbpf_trylock(l)			raw_spin_trylock(l)

/*
 * A consumer's wakeup: producers may run in NMI or with scheduler locks
 * held, so they queue an irq_work that wakes the poll waiters later.
 */
#include <linux/irq_work.h>
#include <linux/wait.h>
typedef struct {
	wait_queue_head_t waitq;
	struct irq_work work;
} kbpf_wake_t;
void kbpf_wake_init(kbpf_wake_t *w);
#define kbpf_wake_queue(w)		irq_work_queue(&(w)->work)
#define kbpf_wake_sync(w)		irq_work_sync(&(w)->work)

/* %p in a program's format: the kernel's own hashing, on a fixed format. */
#define kbpf_fmt_ptr_hashed(buf, size, v) \
	snprintf(buf, size, "%p", (void *)(uintptr_t)(v))

#endif /* _KBPF_PLATFORM_KERNEL_H */
