// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer map: one buffer shared by every CPU, records of any size
 * reserved by programs and read by user space through mmap, with Linux's
 * layout so a consumer written for libbpf's ring_buffer works unchanged.
 *
 * The area is: a kernel-only header page (the back pointer a committed
 * record finds its ring with), the consumer position page (user space
 * writes it), the producer position page, then the data pages mapped
 * twice back to back, so a record that crosses the end of the data area
 * is contiguous for the producer and the reader alike.
 *
 * Producers serialize on one raw spinlock with interrupts off; in NMI
 * they only try it, since the interrupted code may hold it. A reserved
 * record has the BUSY bit in its length until it is submitted or
 * discarded; the reader stops at the first busy record, so records are
 * consumed in reservation order even if committed out of order.
 */
#include "maps.h"

#define RB_PGOFF	1	/* user space's page 0 is the area's page 1 */
#define RB_META_PAGES	3	/* header, consumer and producer pages */
/* Linux's bound: the length field keeps two bits for BUSY and DISCARD. */
#define RB_MAX_RECORD	(0xffffffffU / 4)

struct kbpf_ringbuf {
	struct kbpf_map map;
	kbpf_lock_t lock;		/* producers */
	kbpf_wake_t wake;		/* the consumer's poll */
	unsigned long mask;		/* data size - 1 */
	u32 nr_data;			/* data pages */
	u8 *area;			/* header page, then user pages */
	void *area_priv;
	unsigned long *consumer_pos;	/* written by user space */
	unsigned long *producer_pos;
	u8 *data;
};

static struct kbpf_ringbuf *to_rb(const struct kbpf_map *map)
{
	return (struct kbpf_ringbuf *)map;
}

static struct kbpf_ringbuf_hdr *rec_hdr(void *sample)
{
	return (struct kbpf_ringbuf_hdr *)((u8 *)sample - KBPF_RINGBUF_HDR_SZ);
}

/* The ring of a record: its header page minus pg_off, the area's start. */
static struct kbpf_ringbuf *rec_ring(struct kbpf_ringbuf_hdr *hdr)
{
	uintptr_t page = (uintptr_t)hdr & ~(uintptr_t)(KBPF_PAGE_SIZE - 1);
	struct kbpf_ringbuf **back;

	back = (struct kbpf_ringbuf **)(page - (uintptr_t)hdr->pg_off *
					KBPF_PAGE_SIZE);
	return *back;
}

static unsigned long avail_data(struct kbpf_ringbuf *rb)
{
	return kbpf_load_acquire(rb->producer_pos) -
	       kbpf_load_acquire(rb->consumer_pos);
}

static bool rb_lock(struct kbpf_ringbuf *rb, unsigned long *flags)
{
	kbpf_irq_save(*flags);
	if (!kbpf_in_nmi()) {
		kbpf_lock(&rb->lock);
		return true;
	}
	if (kbpf_trylock(&rb->lock))
		return true;
	kbpf_irq_restore(*flags);
	return false;
}

static void rb_unlock(struct kbpf_ringbuf *rb, unsigned long flags)
{
	kbpf_unlock(&rb->lock);
	kbpf_irq_restore(flags);
}

static void *rb_reserve(struct kbpf_ringbuf *rb, u64 size)
{
	unsigned long cons, prod, new_prod, flags;
	struct kbpf_ringbuf_hdr *hdr;
	u32 len;

	if (size > RB_MAX_RECORD)
		return NULL;
	len = ALIGN((u32)size + KBPF_RINGBUF_HDR_SZ, 8);
	if (len > rb->mask + 1)
		return NULL;
	cons = kbpf_load_acquire(rb->consumer_pos);
	if (!rb_lock(rb, &flags))
		return NULL;
	prod = *rb->producer_pos;
	new_prod = prod + len;
	/*
	 * The producer never gets a full ring ahead of the consumer. A
	 * consumer position user space set past the producer makes the
	 * difference huge: no space either.
	 */
	if (new_prod - cons > rb->mask) {
		rb_unlock(rb, flags);
		return NULL;
	}
	hdr = (struct kbpf_ringbuf_hdr *)(rb->data + (prod & rb->mask));
	hdr->len = (u32)size | KBPF_RINGBUF_BUSY_BIT;
	hdr->pg_off = ((u8 *)hdr - rb->area) / KBPF_PAGE_SIZE;
	/* The header is written before the reader can see the position. */
	kbpf_store_release(rb->producer_pos, new_prod);
	rb_unlock(rb, flags);
	return (u8 *)hdr + KBPF_RINGBUF_HDR_SZ;
}

void *kbpf_ringbuf_reserve(struct kbpf_map *map, u64 size, u64 flags)
{
	if (flags)
		return NULL;
	return rb_reserve(to_rb(map), size);
}

void kbpf_ringbuf_commit(void *sample, u64 flags, bool discard)
{
	struct kbpf_ringbuf_hdr *hdr = rec_hdr(sample);
	struct kbpf_ringbuf *rb = rec_ring(hdr);
	u32 len = hdr->len ^ KBPF_RINGBUF_BUSY_BIT;
	unsigned long rec_pos, cons_pos;

	if (discard)
		len |= KBPF_RINGBUF_DISCARD_BIT;
	/* Publishes the record's contents with its final length. */
	kbpf_atomic_xchg32(&hdr->len, len);
	/*
	 * Wake the consumer only if it has caught up with this record: it
	 * waits for it. Later records it will find on its way.
	 */
	rec_pos = (u8 *)hdr - rb->data;
	cons_pos = kbpf_load_acquire(rb->consumer_pos) & rb->mask;
	if (flags & KBPF_RB_FORCE_WAKEUP)
		kbpf_wake_queue(&rb->wake);
	else if (cons_pos == rec_pos && !(flags & KBPF_RB_NO_WAKEUP))
		kbpf_wake_queue(&rb->wake);
}

long kbpf_ringbuf_output(struct kbpf_map *map, const void *data, u64 size,
			 u64 flags)
{
	void *rec;

	if (flags & ~(u64)(KBPF_RB_NO_WAKEUP | KBPF_RB_FORCE_WAKEUP))
		return -EINVAL;
	rec = rb_reserve(to_rb(map), size);
	if (!rec)
		return -EAGAIN;
	memcpy(rec, data, size);
	kbpf_ringbuf_commit(rec, flags, false);
	return 0;
}

u64 kbpf_ringbuf_query(struct kbpf_map *map, u64 flags)
{
	struct kbpf_ringbuf *rb = to_rb(map);

	switch (flags) {
	case KBPF_RB_AVAIL_DATA:
		return avail_data(rb);
	case KBPF_RB_RING_SIZE:
		return rb->mask + 1;
	case KBPF_RB_CONS_POS:
		return kbpf_load_acquire(rb->consumer_pos);
	case KBPF_RB_PROD_POS:
		return kbpf_load_acquire(rb->producer_pos);
	}
	return 0;
}

void *kbpf_ringbuf_area(struct kbpf_map *map, u32 *pgoff, size_t *user_len)
{
	struct kbpf_ringbuf *rb = to_rb(map);

	*pgoff = RB_PGOFF;
	*user_len = (size_t)(RB_META_PAGES - RB_PGOFF + 2 * rb->nr_data) *
		    KBPF_PAGE_SIZE;
	return rb->area;
}

kbpf_wake_t *kbpf_ringbuf_wake(struct kbpf_map *map)
{
	return &to_rb(map)->wake;
}

bool kbpf_ringbuf_has_data(struct kbpf_map *map)
{
	return avail_data(to_rb(map)) != 0;
}

/* Records are not elements: every element operation is refused. */
static void *rb_lookup(struct kbpf_map *map, const void *key)
{
	return NULL;
}

static long rb_update(struct kbpf_map *map, const void *key,
		      const void *value, u64 flags)
{
	return -EOPNOTSUPP;
}

static long rb_delete(struct kbpf_map *map, const void *key)
{
	return -EOPNOTSUPP;
}

static int rb_lookup_user(struct kbpf_map *map, const void *key, void *value)
{
	return -EOPNOTSUPP;
}

static int rb_update_user(struct kbpf_map *map, const void *key,
			  const void *value, u64 flags)
{
	return -EOPNOTSUPP;
}

static int rb_get_next_key(struct kbpf_map *map, const void *key, void *next)
{
	return -EOPNOTSUPP;
}

static void rb_free(struct kbpf_map *map)
{
	struct kbpf_ringbuf *rb = to_rb(map);

	/* A wakeup still queued would touch the ring. */
	kbpf_wake_sync(&rb->wake);
	kbpf_ringbuf_area_free(rb->area, rb->area_priv, RB_META_PAGES,
			       rb->nr_data);
	kbpf_free(rb);
}

static const struct kbpf_map_ops ringbuf_ops = {
	.lookup		= rb_lookup,
	.update		= rb_update,
	.delete		= rb_delete,
	.lookup_user	= rb_lookup_user,
	.update_user	= rb_update_user,
	.get_next_key	= rb_get_next_key,
	.free		= rb_free,
};

/* As Linux: no key or value, a power-of-2, page-aligned data size. */
static int check_rb_attr(const struct kbpf_map_attr *attr)
{
	u32 n = attr->max_entries;

	if (attr->flags || attr->key_size || attr->value_size)
		return -EINVAL;
	if (!n || (n & (n - 1)) || n % KBPF_PAGE_SIZE)
		return -EINVAL;
	return kbpf_check_obj_name(attr->name);
}

struct kbpf_map *kbpf_ringbuf_create(const struct kbpf_map_attr *attr)
{
	struct kbpf_ringbuf *rb;
	int err = check_rb_attr(attr);

	if (err)
		return ERR_PTR(err);
	if ((u64)attr->max_entries * 2 > KBPF_MAP_MAX_BYTES)
		return ERR_PTR(-E2BIG);
	rb = kbpf_zalloc(sizeof(*rb));
	if (!rb)
		return ERR_PTR(-ENOMEM);
	kbpf_map_init(&rb->map, attr, &ringbuf_ops);
	rb->nr_data = attr->max_entries / KBPF_PAGE_SIZE;
	rb->area = kbpf_ringbuf_area_alloc(RB_META_PAGES, rb->nr_data,
					   &rb->area_priv);
	if (!rb->area) {
		kbpf_free(rb);
		return ERR_PTR(-ENOMEM);
	}
	kbpf_lock_init(&rb->lock);
	kbpf_wake_init(&rb->wake);
	rb->mask = attr->max_entries - 1;
	*(struct kbpf_ringbuf **)rb->area = rb;
	rb->consumer_pos = (unsigned long *)(rb->area + KBPF_PAGE_SIZE);
	rb->producer_pos = (unsigned long *)(rb->area + 2 * KBPF_PAGE_SIZE);
	rb->data = rb->area + RB_META_PAGES * KBPF_PAGE_SIZE;
	return &rb->map;
}
