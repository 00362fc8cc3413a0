// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host library's RCU and per-CPU substitutes (platform-host.h). Host
 * build only: the module uses the kernel's.
 *
 * RCU: readers take a process-wide rwlock for reading, once per thread
 * however deeply they nest. A grace period is one write acquisition: when
 * it succeeds no reader that could have seen an unlinked object is left.
 * Callbacks queued outside any read section run at once after a grace
 * period; inside one they wait on the thread's list until its outermost
 * read section ends (taking the write side there would deadlock).
 */
#define _GNU_SOURCE	/* memfd_create */
#include <sys/mman.h>
#include "../include/kbpf/platform.h"

static pthread_rwlock_t rcu_lock = PTHREAD_RWLOCK_INITIALIZER;
static __thread unsigned int rcu_depth;
static __thread kbpf_rcu_head_t *rcu_pending;

static void rcu_grace_period(void)
{
	pthread_rwlock_wrlock(&rcu_lock);
	pthread_rwlock_unlock(&rcu_lock);
}

static void rcu_run(kbpf_rcu_head_t *head)
{
	kbpf_rcu_head_t *next;

	rcu_grace_period();
	for (; head; head = next) {
		next = head->next;
		head->func(head);
	}
}

void kbpf_rcu_read_lock(void)
{
	if (!rcu_depth++)
		pthread_rwlock_rdlock(&rcu_lock);
}

void kbpf_rcu_read_unlock(void)
{
	kbpf_rcu_head_t *pending;

	if (--rcu_depth)
		return;
	pthread_rwlock_unlock(&rcu_lock);
	pending = rcu_pending;
	rcu_pending = NULL;
	if (pending)
		rcu_run(pending);
}

void kbpf_call_rcu(kbpf_rcu_head_t *head, void (*func)(kbpf_rcu_head_t *))
{
	head->func = func;
	head->next = NULL;
	if (rcu_depth) {
		head->next = rcu_pending;
		rcu_pending = head;
		return;
	}
	rcu_run(head);
}

/* Callbacks never outlive the call that queued them outside a reader. */
void kbpf_rcu_barrier(void)
{
}

/* Per-CPU areas: one block, the stride stored in front of slot 0. */
#define PERCPU_HDR	16

void *kbpf_percpu_alloc(size_t size)
{
	size_t stride = ALIGN(size, 8);
	char *p = calloc(1, PERCPU_HDR + stride * KBPF_HOST_NR_CPUS);

	if (!p)
		return NULL;
	*(size_t *)p = stride;
	return p + PERCPU_HDR;
}

void kbpf_percpu_free(void *p)
{
	if (p)
		free((char *)p - PERCPU_HDR);
}

void *kbpf_per_cpu_ptr(void *p, int cpu)
{
	return (char *)p + (size_t)cpu * *(size_t *)((char *)p - PERCPU_HDR);
}

u32 kbpf_random_u32(void)
{
	static __thread u64 state;

	if (!state)
		state = kbpf_clock_ns(CLOCK_MONOTONIC) ^ (u64)(uintptr_t)&state;
	/* xorshift64*: statistically fine, not for secrets (as Linux's). */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (state * 0x2545f4914f6cdd1dULL) >> 32;
}

/*
 * Ring buffer memory: a memfd holding the meta and data pages, mapped at
 * a reserved range, then its data pages mapped again right after.
 */
void *kbpf_ringbuf_area_alloc(u32 nr_meta, u32 nr_data, void **priv)
{
	size_t pg = KBPF_PAGE_SIZE;
	size_t file_len = (size_t)(nr_meta + nr_data) * pg;
	size_t len = file_len + (size_t)nr_data * pg;
	char *area = MAP_FAILED;
	int fd;

	*priv = NULL;
	fd = memfd_create("kbpf-ringbuf", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (ftruncate(fd, file_len))
		goto out;
	area = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		goto out;
	if (mmap(area, file_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 fd, 0) == MAP_FAILED ||
	    mmap(area + file_len, (size_t)nr_data * pg, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, fd, (off_t)nr_meta * pg) == MAP_FAILED) {
		munmap(area, len);
		area = MAP_FAILED;
	}
out:
	close(fd);
	return area == MAP_FAILED ? NULL : area;
}

void kbpf_ringbuf_area_free(void *area, void *priv, u32 nr_meta, u32 nr_data)
{
	if (area)
		munmap(area, (size_t)(nr_meta + 2 * nr_data) * KBPF_PAGE_SIZE);
}

void *kbpf_user_area_alloc(u64 size, void **priv)
{
	void *area = mmap(NULL, size, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	*priv = NULL;
	return area == MAP_FAILED ? NULL : area;
}

void kbpf_user_area_free(void *area, void *priv, u64 size)
{
	if (area)
		munmap(area, size);
}
