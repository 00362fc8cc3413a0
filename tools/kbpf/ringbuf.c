// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer consumer: the user-space half of the protocol. The producer
 * publishes a record by clearing its busy bit after the data is written
 * (a release store), so the length is read with an acquire load before
 * the data, and the consumer position is published with a release store
 * only after the record has been handled: the producer may reuse the
 * space as soon as it sees the new position.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>
#include "ringbuf.h"

#define RB_BUSY_BIT	(1U << 31)
#define RB_DISCARD_BIT	(1U << 30)
#define RB_HDR_SIZE	8

struct kbpf_ringbuf {
	unsigned long *consumer_pos;
	const unsigned long *producer_pos;
	const uint8_t *data;
	uint64_t mask;
	size_t page_size;
	uint32_t size;
	int epoll_fd;
};

struct kbpf_ringbuf *kbpf_ringbuf_open(int map_fd, uint32_t size)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct kbpf_ringbuf *rb = calloc(1, sizeof(*rb));
	void *cons, *prod;
	int err;

	if (!rb)
		return NULL;
	rb->page_size = sysconf(_SC_PAGESIZE);
	rb->size = size;
	rb->mask = size - 1;
	cons = mmap(NULL, rb->page_size, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (cons == MAP_FAILED)
		goto err_free;
	prod = mmap(NULL, rb->page_size + 2 * (size_t)size, PROT_READ, MAP_SHARED,
		    map_fd, rb->page_size);
	if (prod == MAP_FAILED)
		goto err_cons;
	rb->consumer_pos = cons;
	rb->producer_pos = prod;
	rb->data = (const uint8_t *)prod + rb->page_size;
	rb->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (rb->epoll_fd < 0)
		goto err_prod;
	if (epoll_ctl(rb->epoll_fd, EPOLL_CTL_ADD, map_fd, &ev))
		goto err_epoll;
	return rb;

err_epoll:
	err = errno;
	close(rb->epoll_fd);
	errno = err;
err_prod:
	err = errno;
	munmap(prod, rb->page_size + 2 * (size_t)size);
	errno = err;
err_cons:
	err = errno;
	munmap(cons, rb->page_size);
	errno = err;
err_free:
	free(rb);
	return NULL;
}

void kbpf_ringbuf_close(struct kbpf_ringbuf *rb)
{
	if (!rb)
		return;
	close(rb->epoll_fd);
	munmap((void *)rb->producer_pos, rb->page_size + 2 * (size_t)rb->size);
	munmap(rb->consumer_pos, rb->page_size);
	free(rb);
}

static int drain(struct kbpf_ringbuf *rb, kbpf_ringbuf_fn fn, void *ctx)
{
	unsigned long cons = __atomic_load_n(rb->consumer_pos, __ATOMIC_ACQUIRE);
	unsigned long prod;
	uint32_t len, *hdr;
	int n = 0, stop = 0;

	while (!stop) {
		prod = __atomic_load_n(rb->producer_pos, __ATOMIC_ACQUIRE);
		if (cons >= prod)
			break;
		hdr = (uint32_t *)(rb->data + (cons & rb->mask));
		len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		if (len & RB_BUSY_BIT)
			break;
		cons += (((len & ~RB_DISCARD_BIT) + RB_HDR_SIZE) + 7) & ~7UL;
		if (!(len & RB_DISCARD_BIT)) {
			stop = fn(ctx, (const uint8_t *)hdr + RB_HDR_SIZE, len);
			n++;
		}
		__atomic_store_n(rb->consumer_pos, cons, __ATOMIC_RELEASE);
	}
	return n;
}

int kbpf_ringbuf_poll(struct kbpf_ringbuf *rb, int timeout_ms,
		      kbpf_ringbuf_fn fn, void *ctx)
{
	struct epoll_event ev;
	int n = drain(rb, fn, ctx);

	if (n)
		return n;
	if (epoll_wait(rb->epoll_fd, &ev, 1, timeout_ms) < 0)
		return -errno;
	return drain(rb, fn, ctx);
}
