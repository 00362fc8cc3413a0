// SPDX-License-Identifier: GPL-2.0-only
/*
 * Context layouts: which bytes of its context each program type may read
 * or write, with the offsets a program built against Linux's headers
 * uses. The verifier only checks; the hooks that run programs supply
 * the memory. For socket filters the offsets stay those of struct
 * __sk_buff as the program sees them: the socket hook converts them to
 * its own layout before the program runs (data and data_end are loaded
 * as packet pointers, which a 4-byte field cannot hold, so the hook must
 * rewrite those two loads).
 */
#include "internal.h"

/* struct __sk_buff, as in Linux's include/uapi/linux/bpf.h. */
enum {
	SKB_LEN = 0, SKB_PKT_TYPE = 4, SKB_MARK = 8, SKB_QUEUE_MAPPING = 12,
	SKB_PROTOCOL = 16, SKB_VLAN_PRESENT = 20, SKB_VLAN_TCI = 24,
	SKB_VLAN_PROTO = 28, SKB_PRIORITY = 32, SKB_INGRESS_IFINDEX = 36,
	SKB_IFINDEX = 40, SKB_TC_INDEX = 44, SKB_CB = 48, SKB_CB_END = 68,
	SKB_HASH = 68, SKB_TC_CLASSID = 72, SKB_DATA = 76, SKB_DATA_END = 80,
	SKB_NAPI_ID = 84, SKB_SIZE = 192,
};

/*
 * Linux's PERF_MAX_TRACE_SIZE: the bound for tracepoint programs loaded
 * without a target; LINK_CREATE checks their deepest read against the
 * record then.
 */
#define TRACEPOINT_SIZE		2048
#define RAW_TP_MAX_ARGS		12

/* The reason is a format of its own (tests/unit/messages_test.c reads it). */
static __printf(6, 7) int bad(struct checker *c, u32 idx, s32 off, u32 size,
			      bool write, const char *fmt, ...)
{
	char why[KBPF_TARGET_NAME_LEN + 96];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return kbpf_reject(c, idx, -EACCES, "invalid context %s: offset %d size %u; %s",
			   write ? "write" : "read", off, size, why);
}

/* Narrow loads read the low-order bytes of a 4-byte field, aligned. */
static bool narrow_ok(s32 off, u32 size)
{
	return size <= 4 && (off & 3) + size <= 4;
}

/*
 * The words of struct __sk_buff an access touches, for the socket hook
 * (vm/vm.h ctx_words); data and data_end are not among them.
 */
static void skb_mark(struct checker *c, s32 off, u32 size)
{
	u32 w;

	for (w = off / 4; w <= (off + size - 1) / 4; w++)
		c->prog->ctx_words |= 1ULL << w;
}

static int skb_check(struct checker *c, u32 idx, s32 off, u32 size,
		     bool write, u8 *type)
{
	if (off >= SKB_CB && off + (s32)size <= SKB_CB_END)
		return 0;	/* cb[]: scratch the program may use freely */
	if (write)
		return bad(c, idx, off, size, write, "socket filters may write only cb[0..4] (offsets 48-67) of struct __sk_buff");
	if (off == SKB_DATA || off == SKB_DATA_END) {
		if (size != 4)
			return bad(c, idx, off, size, write, "data and data_end are read whole, 4 bytes");
		*type = off == SKB_DATA ? PTR_TO_PACKET : PTR_TO_PACKET_END;
		return 0;
	}
	if (off < SKB_NAPI_ID + 4 && off != SKB_TC_CLASSID &&
	    !(off >= SKB_TC_CLASSID && off < SKB_TC_CLASSID + 4)) {
		if (!narrow_ok(off, size))
			return bad(c, idx, off, size, write, "fields of struct __sk_buff are 4 bytes; loads of 1, 2 or 4 aligned bytes are allowed");
		return 0;
	}
	return bad(c, idx, off, size, write, "socket filters may not read this field of struct __sk_buff");
}

static int skb_access(struct checker *c, u32 idx, s32 off, u32 size,
		      bool write, u8 *type)
{
	int err = skb_check(c, idx, off, size, write, type);

	if (!err && *type == SCALAR)
		skb_mark(c, off, size);
	return err;
}

/*
 * The bytes a program of @prog_type may touch in its context: whoever
 * runs a program (a hook, a test run) must give it at least this much.
 */
u32 kbpf_ctx_size(u32 prog_type)
{
	switch (prog_type) {
	case KBPF_PROG_TYPE_SOCKET_FILTER:
		return SKB_SIZE;
	case KBPF_PROG_TYPE_KPROBE:
		return KBPF_KPROBE_CTX_SIZE;
	case KBPF_PROG_TYPE_TRACEPOINT:
		return TRACEPOINT_SIZE;
	case KBPF_PROG_TYPE_RAW_TRACEPOINT:
		return RAW_TP_MAX_ARGS * 8;
	}
	return 0;
}

/*
 * Context fields the verifier types as pointers: a test run must never
 * take them from user space.
 */
void kbpf_ctx_sanitize(u32 prog_type, void *ctx)
{
	if (prog_type == KBPF_PROG_TYPE_SOCKET_FILTER)
		memset((u8 *)ctx + SKB_DATA, 0, SKB_NAPI_ID - SKB_DATA);
}

static int tp_access(struct checker *c, u32 idx, s32 off, u32 size, bool write)
{
	u32 rec = c->opts->ctx_size;

	if (write)
		return bad(c, idx, off, size, write, "a tracepoint record is read-only");
	if (off < 8)
		return bad(c, idx, off, size, write, "a tracepoint record is read from offset 8, after the common header");
	if (rec && off + size > rec)
		return bad(c, idx, off, size, write, "the tracepoint '%s' record is %u bytes",
			   c->opts->ctx_target ? c->opts->ctx_target : "", rec);
	if (off + size > TRACEPOINT_SIZE)
		return bad(c, idx, off, size, write, "a tracepoint record is read from offset 8 (after the common header) to 2048");
	return 0;
}

static int ctx_access(struct checker *c, u32 idx, s32 off, u32 size,
		      bool write, u8 *type)
{
	u32 type_id = c->prog->type;

	*type = SCALAR;
	if (off < 0 || off % size)
		return bad(c, idx, off, size, write, "context accesses must be aligned to their size and inside the context");
	switch (type_id) {
	case KBPF_PROG_TYPE_SOCKET_FILTER:
		if (off + size > SKB_SIZE)
			return bad(c, idx, off, size, write, "struct __sk_buff is 192 bytes");
		return skb_access(c, idx, off, size, write, type);
	case KBPF_PROG_TYPE_KPROBE:
		if (write)
			return bad(c, idx, off, size, write, "the registers of a kprobe are read-only");
		if (off + size > KBPF_KPROBE_CTX_SIZE)
			return bad(c, idx, off, size, write, "struct pt_regs is smaller");
		return 0;
	case KBPF_PROG_TYPE_TRACEPOINT:
		return tp_access(c, idx, off, size, write);
	case KBPF_PROG_TYPE_RAW_TRACEPOINT:
		if (write)
			return bad(c, idx, off, size, write, "raw tracepoint arguments are read-only");
		if (off + size > RAW_TP_MAX_ARGS * 8)
			return bad(c, idx, off, size, write, "a raw tracepoint has at most 12 u64 arguments");
		return 0;
	}
	return bad(c, idx, off, size, write, "this program type has no context");
}

/*
 * The end of the deepest access is kept, like Linux's max_ctx_offset: a
 * hook whose context is smaller than the type's bound checks it before
 * it runs the program.
 */
int kbpf_ctx_access(struct checker *c, u32 idx, s32 off, u32 size,
		    bool write, u8 *type)
{
	int err = ctx_access(c, idx, off, size, write, type);

	if (!err)
		c->prog->max_ctx_offset = max_t(u32, c->prog->max_ctx_offset,
						off + size);
	return err;
}
