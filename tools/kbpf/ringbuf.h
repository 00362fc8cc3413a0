/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A consumer of a ring buffer map, in the layout Linux's BPF ring buffer
 * has (and kbpf's copies): the consumer position page, writable, at
 * offset 0 of the map's descriptor; the producer position page and the
 * data area mapped twice, read-only, after it. Records start with an
 * 8-byte header whose first word is the length with a busy and a discard
 * bit.
 */
#ifndef _KBPF_TOOL_RINGBUF_H
#define _KBPF_TOOL_RINGBUF_H

#include <stdint.h>

struct kbpf_ringbuf;

/* Called once per submitted record; a non-zero return stops the drain. */
typedef int (*kbpf_ringbuf_fn)(void *ctx, const void *data, uint32_t len);

/* Maps ring buffer map @map_fd of @size data bytes; NULL with errno set. */
struct kbpf_ringbuf *kbpf_ringbuf_open(int map_fd, uint32_t size);
void kbpf_ringbuf_close(struct kbpf_ringbuf *rb);

/*
 * Waits up to @timeout_ms for data, then hands every record submitted so
 * far to @fn. Returns the records consumed, or a negative errno (-EINTR
 * when a signal arrived, as epoll_wait reports it).
 */
int kbpf_ringbuf_poll(struct kbpf_ringbuf *rb, int timeout_ms,
		      kbpf_ringbuf_fn fn, void *ctx);

#endif /* _KBPF_TOOL_RINGBUF_H */
