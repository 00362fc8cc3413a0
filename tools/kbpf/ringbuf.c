// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer consumer, as libbpf's ring_buffer reads Linux's: the
 * consumer position page mapped read-write at offset 0, the producer
 * position page and the data pages (mapped twice by the kernel) read-only
 * after it, records taken in order until a busy one, discarded ones
 * skipped, then the consumer position published. Waiting is epoll on the
 * map fd (EPOLLIN while data is available).
 *
 *   kbpf map event MAP [count N]
 *
 * prints every record until Ctrl-C (or N records): a hex dump and the
 * bytes as text, or with -j one JSON object per record.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include "kbpf.h"
#include "json.h"
#include "ringbuf.h"

int kbpf_rb_open(struct kbpf_rb *rb, int fd, uint32_t size, const char *name)
{
	long pg = sysconf(_SC_PAGESIZE);

	memset(rb, 0, sizeof(*rb));
	rb->fd = fd;
	rb->mask = size - 1;
	snprintf(rb->name, sizeof(rb->name), "%s", name);
	rb->cons = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (rb->cons == MAP_FAILED)
		return -errno;
	rb->ro_len = pg + 2 * (size_t)size;
	rb->ro = mmap(NULL, rb->ro_len, PROT_READ, MAP_SHARED, fd, pg);
	if (rb->ro == MAP_FAILED) {
		int err = -errno;

		munmap(rb->cons, pg);
		return err;
	}
	rb->prod = rb->ro;
	rb->data = (const uint8_t *)rb->ro + pg;
	return 0;
}

void kbpf_rb_close(struct kbpf_rb *rb)
{
	munmap(rb->cons, sysconf(_SC_PAGESIZE));
	munmap(rb->ro, rb->ro_len);
}

int kbpf_rb_consume(struct kbpf_rb *rb, kbpf_rb_fn fn, void *ctx)
{
	unsigned long cons = __atomic_load_n(rb->cons, __ATOMIC_ACQUIRE);
	unsigned long prod = __atomic_load_n(rb->prod, __ATOMIC_ACQUIRE);
	int n = 0;

	while (cons < prod) {
		const struct kbpf_ringbuf_hdr *h =
			(const void *)(rb->data + (cons & rb->mask));
		uint32_t len = __atomic_load_n(&h->len, __ATOMIC_ACQUIRE);

		if (len & KBPF_RINGBUF_BUSY_BIT)
			break;
		cons += (((len & ~KBPF_RINGBUF_DISCARD_BIT) + KBPF_RINGBUF_HDR_SZ) + 7) & ~7UL;
		if (!(len & KBPF_RINGBUF_DISCARD_BIT)) {
			fn(ctx, rb, h + 1, len);
			n++;
		}
		/* The record's space is the producer's again once this is seen. */
		__atomic_store_n(rb->cons, cons, __ATOMIC_RELEASE);
		prod = __atomic_load_n(rb->prod, __ATOMIC_ACQUIRE);
	}
	return n;
}

void kbpf_rb_print(void *ctx, const struct kbpf_rb *rb, const void *data,
		   uint32_t len)
{
	const uint8_t *p = data;
	uint32_t i;

	if (opts.json) {
		kbpf_json_object_begin(NULL);
		kbpf_json_str("map", rb->name);
		kbpf_json_u64("len", len);
		kbpf_json_hex("data", p, len);
		kbpf_json_object_end();
		kbpf_json_finish();
	} else {
		printf("ringbuf %s: %u bytes:", rb->name, len);
		for (i = 0; i < len; i++)
			printf(" %02x", p[i]);
		printf("\n  text: ");
		for (i = 0; i < len; i++)
			putchar(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
		printf("\n");
	}
	fflush(stdout);
}

static volatile sig_atomic_t event_stop;

static void on_signal(int sig)
{
	event_stop = 1;
}

struct event_count {
	uint64_t seen;
};

static void count_and_print(void *ctx, const struct kbpf_rb *rb,
			    const void *data, uint32_t len)
{
	struct event_count *c = ctx;

	c->seen++;
	kbpf_rb_print(NULL, rb, data, len);
}

/* Records of @rb until a signal or @max of them (0: no limit). */
static int event_loop(struct kbpf_rb *rb, uint64_t max)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct event_count c = { 0 };
	int ep = epoll_create1(EPOLL_CLOEXEC), n;

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, rb->fd, &ev))
		return kbpf_err("epoll on the map: %s", strerror(errno));
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!event_stop && (!max || c.seen < max)) {
		kbpf_rb_consume(rb, count_and_print, &c);
		if (max && c.seen >= max)
			break;
		n = epoll_wait(ep, &ev, 1, 200);
		if (n < 0 && errno != EINTR) {
			close(ep);
			return kbpf_err("epoll_wait: %s", strerror(errno));
		}
	}
	close(ep);
	return 0;
}

int kbpf_map_event(int dev, int fd, const struct kbpf_map_info *info, int argc,
		   char **argv)
{
	uint64_t max = 0;
	struct kbpf_rb rb;
	char *end;
	int ret;

	if (argc == 2 && kbpf_is_prefix(argv[0], "count")) {
		max = strtoull(argv[1], &end, 0);
		if (*end || !max)
			return kbpf_err("count must be a positive number");
	} else if (argc) {
		return kbpf_err("expected 'event MAP [count N]'");
	}
	if (info->type != KBPF_MAP_TYPE_RINGBUF)
		return kbpf_err("map %u is not a ring buffer", info->id);
	ret = kbpf_rb_open(&rb, fd, info->max_entries,
			   info->name[0] ? info->name : "-");
	if (ret)
		return kbpf_err("cannot map the ring buffer: %s", kbpf_strerror(-ret));
	ret = event_loop(&rb, max);
	kbpf_rb_close(&rb);
	return ret;
}
