/* SPDX-License-Identifier: GPL-2.0-only */
/* Ring buffer maps read through mmap, for 'map event' and 'run'. */
#ifndef _KBPF_TOOL_RINGBUF_H
#define _KBPF_TOOL_RINGBUF_H

#include <stddef.h>
#include <stdint.h>
#include "kbpf.h"

struct kbpf_rb {
	int fd;
	unsigned long *cons;		/* the consumer page, read-write */
	void *ro;			/* producer page, data twice */
	size_t ro_len;
	const unsigned long *prod;
	const uint8_t *data;
	unsigned long mask;
	char name[KBPF_OBJ_NAME_LEN];
};

typedef void (*kbpf_rb_fn)(void *ctx, const struct kbpf_rb *rb,
			   const void *data, uint32_t len);

/* Maps ring buffer @fd of @size data bytes; -errno if it cannot. */
int kbpf_rb_open(struct kbpf_rb *rb, int fd, uint32_t size, const char *name);
void kbpf_rb_close(struct kbpf_rb *rb);
/* Hands every committed record to @fn and frees its space; how many. */
int kbpf_rb_consume(struct kbpf_rb *rb, kbpf_rb_fn fn, void *ctx);
/* One record as 'map event' prints it (hex and text, or JSON with -j). */
void kbpf_rb_print(void *ctx, const struct kbpf_rb *rb, const void *data,
		   uint32_t len);
int kbpf_map_event(int dev, int fd, const struct kbpf_map_info *info, int argc,
		   char **argv);

#endif /* _KBPF_TOOL_RINGBUF_H */
