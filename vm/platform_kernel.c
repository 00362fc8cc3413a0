// SPDX-License-Identifier: GPL-2.0-only
/*
 * The few platform services the kernel build needs state for. The host
 * build's counterparts are in maps/platform_host.c.
 */
#include <linux/percpu.h>
#include <linux/sched/signal.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include "../include/kbpf/platform.h"

/*
 * bpf_get_prandom_u32 as Linux implements it: a per-CPU pseudo-random
 * generator seeded once, cheap enough for a helper called on every event
 * (get_random_u32 runs the CRNG and takes a lock).
 */
DEFINE_PER_CPU(struct rnd_state, kbpf_rnd_state);

void kbpf_platform_init(void)
{
	prandom_seed_full_state(&kbpf_rnd_state);
}

static void kbpf_wake_fn(struct irq_work *work)
{
	kbpf_wake_t *w = container_of(work, kbpf_wake_t, work);

	wake_up_all(&w->waitq);
}

void kbpf_wake_init(kbpf_wake_t *w)
{
	init_waitqueue_head(&w->waitq);
	init_irq_work(&w->work, kbpf_wake_fn);
}

static void ringbuf_pages_free(struct page **pages, u32 n)
{
	while (n--)
		__free_page(pages[n]);
}

/*
 * The data pages appear twice in the page array, so the vmap() view lets a
 * record that crosses the end of the data area be read and written in one
 * piece. *@pages keeps the array for kbpf_ringbuf_area_free().
 */
void *kbpf_ringbuf_area_alloc(u32 nr_meta, u32 nr_data, void **priv)
{
	u32 nr_pages = nr_meta + nr_data, i;
	struct page **pages;
	void *area;

	pages = kvmalloc_array(nr_pages + nr_data, sizeof(*pages),
			       GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!pages)
		return NULL;
	for (i = 0; i < nr_pages; i++) {
		/* Up to a million pages for a 4 GiB array: stay preemptible. */
		if (fatal_signal_pending(current))
			goto out_free;
		cond_resched();
		/* As Linux's map areas: fail rather than wake the OOM killer. */
		pages[i] = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO |
				      __GFP_NOWARN | __GFP_RETRY_MAYFAIL);
		if (!pages[i])
			goto out_free;
		if (i >= nr_meta)
			pages[i + nr_data] = pages[i];
	}
	area = vmap(pages, nr_pages + nr_data, VM_MAP | VM_USERMAP,
		    PAGE_KERNEL);
	if (!area)
		goto out_free;
	*priv = pages;
	return area;
out_free:
	ringbuf_pages_free(pages, i);
	kvfree(pages);
	return NULL;
}

void kbpf_ringbuf_area_free(void *area, void *priv, u32 nr_meta, u32 nr_data)
{
	if (!area)
		return;
	vunmap(area);
	ringbuf_pages_free(priv, nr_meta + nr_data);
	kvfree(priv);
}

int kbpf_skb_copy_bits(const void *skb, u32 off, void *to, u32 len)
{
	if (off > INT_MAX || len > INT_MAX)
		return -EFAULT;
	return skb_copy_bits(skb, off, to, len) ? -EFAULT : 0;
}

/* No pages mapped twice: the ring buffer's allocator with no data part. */
void *kbpf_user_area_alloc(u64 size, void **priv)
{
	/* More than the machine has can only fail: say so at once, as vmalloc. */
	if (size >> PAGE_SHIFT > min_t(u64, totalram_pages(), U32_MAX))
		return NULL;
	return kbpf_ringbuf_area_alloc(size >> PAGE_SHIFT, 0, priv);
}

void kbpf_user_area_free(void *area, void *priv, u64 size)
{
	kbpf_ringbuf_area_free(area, priv, size >> PAGE_SHIFT, 0);
}
