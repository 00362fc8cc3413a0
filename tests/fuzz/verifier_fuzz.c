// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for the module's gate, in full mode: turns input bytes
 * into programs, verifies them, and runs every accepted program in the
 * real interpreter against memory that exists only as far as the verifier
 * may allow. Built with ASan and UBSan:
 *
 *  - the context, map values, ring buffer records and helper buffers are
 *    heap allocations of exactly their size, so one byte too far crashes;
 *    ring buffer records are freed on submit, so a use after it crashes;
 *  - the packet sits at the end of a page followed by an inaccessible one,
 *    below 4 GiB so __sk_buff's 32-bit data/data_end fields can hold it;
 *  - the stack is the interpreter's own local array (ASan redzones);
 *  - helpers read and write the full sizes they were given;
 *  - a value that points into any of that memory, or near the harness's
 *    stack, found in r0 or in a map value after the run is a pointer leak;
 *  - the program is verified a second time and compiled by the JIT
 *    (x86_64 or arm64 host), run on the same context, map values and
 *    helper results: r0, the context and the map values must be what
 *    the interpreter left.
 *
 * Programs are built from raw instructions and from snippets that reach
 * the verifier's accept paths: map lookups with and without NULL checks,
 * loops, packet bounds checks, ring buffer reservations, stack spills.
 */
#include <sys/mman.h>
#include "../../verifier/verifier.h"
#include "../../maps/maps.h"
#include "../../vm/opcodes.h"
#include "../../jit/jit.h"
#include "../../helpers/helpers.h"
#include "../cases/insn.h"

#define X(label, code) code,
static const u8 opcodes[] = { KBPF_OPCODES(X) };
#undef X

#define MAX_INSNS	96
/* Up to kbpf's own ids, which the verifier's fixups may call. */
#define NR_HELPERS	KBPF_FUNC_MAX_ID

/* ---- Memory the program may reach ---- */

enum region_kind { RK_MAP, RK_CTX, RK_RECORD };

struct region {
	void *p;
	size_t len;
	u8 kind;
	u8 map;			/* RK_MAP: which map's value */
};

static struct region regions[16];
static u32 nr_regions;

static void *track(void *p, size_t len, u8 kind, u8 map)
{
	if (p && nr_regions < ARRAY_SIZE(regions))
		regions[nr_regions++] = (struct region){ p, len, kind, map };
	return p;
}

static void untrack(void *p)
{
	u32 i;

	for (i = 0; i < nr_regions; i++)
		if (regions[i].p == p)
			regions[i] = regions[--nr_regions];
}

static bool points_into(u64 v)
{
	char here;
	u64 sp = (uintptr_t)&here;
	u32 i;

	if (v - (sp - (1U << 20)) < (2U << 20))
		return true;
	for (i = 0; i < nr_regions; i++)
		if (v - (uintptr_t)regions[i].p <= regions[i].len + 64)
			return true;
	return false;
}

/*
 * Maps: 0 hash (key 4, value 8), 1 array (48), 2 read-only "hello",
 * 3 ring buffer, 4 write-only array (8). Every key finds the one value,
 * except keys whose first byte is odd: not found.
 */

static u8 *values[5];

static void *fz_lookup(struct kbpf_map *map, const void *key)
{
	return NULL;
}

static int fz_direct(const struct kbpf_map *map, u32 off, u64 *addr);

static const struct kbpf_map_ops fz_ops = {
	.lookup = fz_lookup,
	.direct_value_addr = fz_direct,
};
static const struct kbpf_map_ops fz_hash_ops = { .lookup = fz_lookup };

static struct kbpf_map map_objs[5] = {
	{ .ops = &fz_hash_ops, .type = 1, .key_size = 4, .value_size = 8,
	  .max_entries = 16 },
	{ .ops = &fz_ops, .type = 2, .key_size = 4, .value_size = 48,
	  .max_entries = 1 },
	{ .ops = &fz_ops, .type = 2, .key_size = 4, .value_size = 16,
	  .max_entries = 1, .flags = 1U << 7, .frozen = true },
	{ .ops = &fz_hash_ops, .type = 27, .max_entries = 4096 },
	{ .ops = &fz_ops, .type = 2, .key_size = 4, .value_size = 8,
	  .max_entries = 1, .flags = 1U << 8 },
};
static struct kbpf_map *maps[5] = {
	&map_objs[0], &map_objs[1], &map_objs[2], &map_objs[3], &map_objs[4],
};

static int map_index(const struct kbpf_map *map)
{
	return map - map_objs;
}

static int fz_direct(const struct kbpf_map *map, u32 off, u64 *addr)
{
	if (off >= map->value_size)
		return -EINVAL;
	*addr = (uintptr_t)values[map_index(map)] + off;
	return 0;
}

/*
 * ---- The checked interpreter ----
 *
 * vm/interp.c built with KBPF_INTERP_CHECK reports each access before it
 * happens, and each new frame. Every access must lie inside one piece of
 * memory the program may reach, used as the verifier promises: the stack
 * (reads of bytes this frame or its callers wrote, never of bytes below
 * a new frame's pointer), a map value (not written if the map is
 * read-only for programs, not read if write-only), the context (the
 * fields, sizes and alignment its type allows; helpers never get it as
 * memory), the packet (read only) or a ring buffer record. Anything else
 * is a verifier bug, and traps.
 */

static bool checking;
static u32 cur_type;
static u64 stk_lo, stk_hi;
static u8 stk_init[KBPF_STACK_SIZE];
static u64 pkt_lo, pkt_len;
static u64 nr_checked;

void kbpf_interp_check_stack(u64 lo, u64 hi)
{
	if (!checking)
		return;
	if (hi - lo > sizeof(stk_init) || hi < lo)
		__builtin_trap();
	stk_lo = lo;
	stk_hi = hi;
	memset(stk_init, 0, sizeof(stk_init));
}

/* A new frame: nothing below its frame pointer was written in it. */
void kbpf_interp_check_frame(u64 fp)
{
	if (!checking)
		return;
	if (fp < stk_lo || fp > stk_hi)
		__builtin_trap();
	memset(stk_init, 0, fp - stk_lo);
}

static bool ctx_ok(u64 off, u64 size, int how)
{
	const u64 data = offsetof(struct kbpf_skb_ctx, data);
	const u64 data_end = offsetof(struct kbpf_skb_ctx, data_end);

	if (off % size)
		return false;		/* context accesses are aligned */
	switch (cur_type) {
	case 1:
		/* After the fixup, data and data_end are read as pointers. */
		if (off == data || off == data_end)
			return how == KBPF_CHECK_READ && size == 8;
		if (how != KBPF_CHECK_READ)
			return off >= 48 && off + size <= 68;	/* cb[] */
		if (off + size > 88)
			return false;
		/* tc_classid, and data/data_end as 4-byte fields. */
		return off + size <= 72 || off >= 84;
	case 2:
		return how == KBPF_CHECK_READ && off + size <= 21 * 8;
	case 5:
		return how == KBPF_CHECK_READ && off >= 8 && off + size <= 2048;
	case 17:
		return how == KBPF_CHECK_READ && off + size <= 12 * 8;
	}
	return false;
}

static void fz_access(u64 addr, u64 size, int how, bool helper)
{
	u32 i;

	if (!checking || !size)
		return;
	nr_checked++;
	if (addr >= stk_lo && addr + size <= stk_hi && addr + size > addr) {
		u64 o = addr - stk_lo, k;

		if (how != KBPF_CHECK_WRITE)
			for (k = 0; k < size; k++)
				if (!stk_init[o + k])
					__builtin_trap();	/* stack never written */
		if (how != KBPF_CHECK_READ)
			memset(stk_init + o, 1, size);
		return;
	}
	if (pkt_len && addr >= pkt_lo && addr + size <= pkt_lo + pkt_len) {
		if (how != KBPF_CHECK_READ)
			__builtin_trap();		/* packet written */
		return;
	}
	for (i = 0; i < nr_regions; i++) {
		const struct region *r = &regions[i];
		u64 lo = (uintptr_t)r->p;

		if (addr < lo || addr + size > lo + r->len || addr + size < addr)
			continue;
		switch (r->kind) {
		case RK_MAP:
			if (how != KBPF_CHECK_READ && (maps[r->map]->flags & (1U << 7)))
				__builtin_trap();	/* read-only map written */
			if (how != KBPF_CHECK_WRITE && (maps[r->map]->flags & (1U << 8)))
				__builtin_trap();	/* write-only map read */
			return;
		case RK_CTX:
			if (helper || !ctx_ok(addr - lo, size, how))
				__builtin_trap();	/* context misused */
			return;
		case RK_RECORD:
			return;
		}
	}
	__builtin_trap();	/* memory the program may not reach */
}

void kbpf_interp_check_mem(u64 addr, u32 size, int how)
{
	fz_access(addr, size, how, false);
}

/* ---- Helpers: touch exactly the memory their prototypes promise ---- */

static volatile u8 sink;

static void read_mem(const void *p, u64 len)
{
	const volatile u8 *b = p;
	u64 i;

	fz_access((uintptr_t)p, len, KBPF_CHECK_READ, true);
	for (i = 0; i < len; i++)
		sink ^= b[i];
}

static u64 h_lookup(u64 map, u64 key, u64 a3, u64 a4, u64 a5)
{
	struct kbpf_map *m = (struct kbpf_map *)(uintptr_t)map;

	read_mem((void *)(uintptr_t)key, m->key_size);
	if (*(u8 *)(uintptr_t)key & 1)
		return 0;
	return (uintptr_t)values[map_index(m)];
}

static u64 h_update(u64 map, u64 key, u64 value, u64 flags, u64 a5)
{
	struct kbpf_map *m = (struct kbpf_map *)(uintptr_t)map;

	read_mem((void *)(uintptr_t)key, m->key_size);
	read_mem((void *)(uintptr_t)value, m->value_size);
	return 0;
}

static u64 h_delete(u64 map, u64 key, u64 a3, u64 a4, u64 a5)
{
	struct kbpf_map *m = (struct kbpf_map *)(uintptr_t)map;

	read_mem((void *)(uintptr_t)key, m->key_size);
	return 0;
}

static u64 h_fill(u64 dst, u64 size, u64 a3, u64 a4, u64 a5)
{
	fz_access(dst, size, KBPF_CHECK_WRITE, true);
	memset((void *)(uintptr_t)dst, 0x5a, size);
	return 0;
}

/* Reset before each run, so the interpreter and the JIT see the same times. */
static u64 ktime_now;

static u64 h_ktime(u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	return ktime_now += 1000003;
}

static u64 h_printk(u64 buf, u64 size, u64 a3, u64 a4, u64 a5)
{
	read_mem((void *)(uintptr_t)buf, size);
	return size;
}

static u64 nr_printk_variants;

static u64 h_printk_variant(u64 buf, u64 size, u64 a3, u64 a4, u64 a5)
{
	nr_printk_variants++;
	return h_printk(buf, size, a3, a4, a5);
}

static u64 h_output(u64 ctx, u64 map, u64 flags, u64 data, u64 size)
{
	read_mem((void *)(uintptr_t)data, size);
	return 0;
}

static u64 h_strtol(u64 buf, u64 size, u64 flags, u64 res, u64 a5)
{
	read_mem((void *)(uintptr_t)buf, size);
	fz_access(res, 8, KBPF_CHECK_WRITE, true);
	memcpy((void *)(uintptr_t)res, &size, 8);
	return 0;
}

static u64 h_reserve(u64 map, u64 size, u64 flags, u64 a4, u64 a5)
{
	if (flags & 1)
		return 0;
	void *p = malloc(size ? size : 1);

	/* Records may be read before they are written: the same bytes each run. */
	if (p)
		memset(p, 0xa5, size);
	return (uintptr_t)track(p, size, RK_RECORD, 0);
}

static u64 h_release(u64 mem, u64 flags, u64 a3, u64 a4, u64 a5)
{
	untrack((void *)(uintptr_t)mem);
	free((void *)(uintptr_t)mem);
	return 0;
}

static u64 h_strncmp(u64 s1, u64 len, u64 s2, u64 a4, u64 a5)
{
	read_mem((void *)(uintptr_t)s1, len);
	return strlen((const char *)(uintptr_t)s2);
}

static const kbpf_helper_fn helpers[NR_HELPERS] = {
	[1] = h_lookup, [2] = h_update, [3] = h_delete, [4] = h_fill,
	[5] = h_ktime, [6] = h_printk, [16] = h_fill, [25] = h_output,
	/* trace_printk's variants (verifier/fixup.c): the same checks. */
	[KBPF_FUNC_trace_printk_args0] = h_printk_variant,
	[KBPF_FUNC_trace_printk_args1] = h_printk_variant,
	[KBPF_FUNC_trace_printk_args2] = h_printk_variant,
	[105] = h_strtol, [131] = h_reserve, [132] = h_release,
	[133] = h_release, [182] = h_strncmp,
};

#define ALL	((1U << 1) | (1U << 2) | (1U << 5) | (1U << 17))
#define TRACE	((1U << 2) | (1U << 5) | (1U << 17))
static const struct kbpf_helper_proto protos[NR_HELPERS] = {
	[1] = { .name = "map_lookup_elem", .ret = KBPF_RET_MAP_VALUE_OR_NULL,
		.args = { KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY },
		.prog_types = ALL },
	[2] = { .name = "map_update_elem",
		.args = { KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY,
			  KBPF_ARG_PTR_TO_MAP_VALUE, KBPF_ARG_ANYTHING },
		.prog_types = ALL },
	[3] = { .name = "map_delete_elem",
		.args = { KBPF_ARG_CONST_MAP_PTR, KBPF_ARG_PTR_TO_MAP_KEY },
		.prog_types = ALL },
	[4] = { .name = "probe_read", .gpl_only = true,
		.args = { KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE_OR_ZERO,
			  KBPF_ARG_ANYTHING },
		.prog_types = TRACE },
	[5] = { .name = "ktime_get_ns", .prog_types = ALL },
	[6] = { .name = "trace_printk", .gpl_only = true,
		.args = { KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE },
		.prog_types = ALL },
	[16] = { .name = "get_current_comm",
		 .args = { KBPF_ARG_PTR_TO_UNINIT_MEM, KBPF_ARG_CONST_SIZE },
		 .prog_types = ALL },
	[25] = { .name = "perf_event_output",
		 .args = { KBPF_ARG_PTR_TO_CTX, KBPF_ARG_CONST_MAP_PTR,
			   KBPF_ARG_ANYTHING, KBPF_ARG_PTR_TO_MEM,
			   KBPF_ARG_CONST_SIZE_OR_ZERO },
		 .prog_types = ALL },
	[105] = { .name = "strtol",
		  .args = { KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE,
			    KBPF_ARG_ANYTHING, KBPF_ARG_PTR_TO_LONG },
		  .prog_types = ALL },
	[131] = { .name = "ringbuf_reserve", .ret = KBPF_RET_ALLOC_MEM_OR_NULL,
		  .args = { KBPF_ARG_CONST_MAP_PTR,
			    KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO, KBPF_ARG_ANYTHING },
		  .prog_types = ALL },
	[132] = { .name = "ringbuf_submit", .ret = KBPF_RET_VOID, .releases = true,
		  .args = { KBPF_ARG_PTR_TO_ALLOC_MEM, KBPF_ARG_ANYTHING },
		  .prog_types = ALL },
	[133] = { .name = "ringbuf_discard", .ret = KBPF_RET_VOID, .releases = true,
		  .args = { KBPF_ARG_PTR_TO_ALLOC_MEM, KBPF_ARG_ANYTHING },
		  .prog_types = ALL },
	[182] = { .name = "strncmp",
		  .args = { KBPF_ARG_PTR_TO_MEM, KBPF_ARG_CONST_SIZE,
			    KBPF_ARG_PTR_TO_CONST_STR },
		  .prog_types = ALL },
};

static const struct kbpf_helper_proto *proto(u32 id, u32 type)
{
	if (id >= NR_HELPERS || !protos[id].name ||
	    !(protos[id].prog_types & (1U << type)))
		return NULL;
	return &protos[id];
}

static const u8 helper_ids[] = { 1, 2, 3, 4, 5, 6, 16, 25, 105, 131, 132,
				 133, 182 };

/* ---- The packet: below 4 GiB, its end against an inaccessible page ---- */

static u8 *pkt_area;

static u8 *packet(u32 len)
{
	if (!pkt_area) {
		pkt_area = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (pkt_area == MAP_FAILED)
			__builtin_trap();
		mprotect(pkt_area + 4096, 4096, PROT_NONE);
	}
	return pkt_area + 4096 - len;
}

/* ---- Program generation ---- */

struct gen {
	const u8 *data;
	size_t size;
	struct kbpf_insn insns[MAX_INSNS];
	u32 n;
};

static u8 byte(struct gen *g)
{
	u8 b;

	if (!g->size)
		return 0;
	b = *g->data++;
	g->size--;
	return b;
}

static u32 word(struct gen *g)
{
	return byte(g) | byte(g) << 8 | byte(g) << 16 | (u32)byte(g) << 24;
}

static void emit(struct gen *g, struct kbpf_insn insn)
{
	if (g->n < MAX_INSNS)
		g->insns[g->n++] = insn;
}

#define E(g, ...) emit(g, (struct kbpf_insn)__VA_ARGS__)

static s16 pick_off(u8 b)
{
	static const s16 offs[] = { 0, 1, 2, -1, -2, -4, -8, -16, -511, -512,
				    -513, 8, 16, 32, 40, 44, 47, 48, 64, -3, 3,
				    76, 80, 84, 168, 2044 };

	return offs[b % ARRAY_SIZE(offs)];
}

static s32 pick_imm(u32 v)
{
	static const s32 imms[] = { 0, 1, -1, 8, 16, 32, 64, 63, 31, 7, 14,
				    0x7fffffff, S32_MIN, KBPF_ADD | KBPF_FETCH,
				    KBPF_XCHG, KBPF_CMPXCHG, KBPF_OR, 5, 255 };

	return v & 1 ? (s32)v >> 1 : imms[(v >> 1) % ARRAY_SIZE(imms)];
}

static void raw_insn(struct gen *g)
{
	struct kbpf_insn insn;
	u8 b0 = byte(g), b3;

	insn.code = b0 & 0x80 ? opcodes[b0 % ARRAY_SIZE(opcodes)] : b0;
	if (!(b0 & 0x80) && !(b0 & 0x40))
		insn.code = opcodes[b0 % ARRAY_SIZE(opcodes)];
	insn.dst_reg = byte(g) % 11;
	insn.src_reg = byte(g) % 11;
	b3 = byte(g);
	insn.off = b3 & 0x80 ? (s8)(b3 & 0x0f) - 4 : pick_off(b3);
	insn.imm = pick_imm(word(g));
	if (insn.code == (KBPF_JMP | KBPF_CALL) && !insn.src_reg)
		insn.imm = helper_ids[(insn.imm & 0xff) % ARRAY_SIZE(helper_ids)];
	if (insn.code == (KBPF_JMP | KBPF_CALL) && insn.src_reg > 1)
		insn.src_reg = 0;
	emit(g, insn);
	if (insn.code == (KBPF_LD | KBPF_IMM | KBPF_DW))
		E(g, INSN(0, 0, 0, 0, pick_imm(word(g))));
}

/* A load or store through @base near the end of @len bytes. */
static void snip_access(struct gen *g, u8 base, s32 len)
{
	static const u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	static const u8 bytes[] = { 1, 2, 4, 8 };
	u8 b = byte(g), sz = b & 3;
	s16 off = len - bytes[sz] + (s16)((b >> 2) % 4) - 1;

	if (b & 0x40)
		E(g, INSN(KBPF_LDX | KBPF_MEM | sizes[sz], 5 + (b >> 7), base, off, 0));
	else
		E(g, INSN(KBPF_ST | KBPF_MEM | sizes[sz], base, 0, off, 7));
}

/* r0 = lookup(map, key at r10-8), maybe NULL-checked, then accesses. */
static void snip_lookup(struct gen *g)
{
	u8 b = byte(g), m = b % 5, k = (b >> 3) % 3 + 1, i;

	E(g, ST(DW, 10, -8, byte(g) & 3));
	E(g, MOV64_REG(2, 10));
	E(g, ALU64_IMM(ADD, 2, -8));
	E(g, INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_IDX, 0, m));
	E(g, INSN(0, 0, 0, 0, 0));
	E(g, CALL_HELPER(1));
	if (b & 0x80)
		return;
	E(g, JMP_IMM(JEQ, 0, 0, k));
	for (i = 0; i < k; i++)
		snip_access(g, 0, maps[m]->value_size);
}

/* A counting loop over @r with a small bound and a random body length. */
static void snip_loop(struct gen *g)
{
	u8 r = 6 + byte(g) % 3, body = byte(g) % 4, bound = byte(g) % 20, i;

	E(g, MOV64_IMM(r, 0));
	for (i = 0; i < body; i++)
		raw_insn(g);
	E(g, ALU64_IMM(ADD, r, 1 + (byte(g) & 1)));
	E(g, JMP_IMM(JLT, r, bound, -(s16)(2 + body)));
}

/* r2 = data, r3 = data_end, r4 = r2 + n; if r4 > r3 skip. */
static void snip_packet(struct gen *g)
{
	u8 n = byte(g) % 40, skip = byte(g) % 4 + 1;

	E(g, LDX(W, 2, 1, 76));
	E(g, LDX(W, 3, 1, 80));
	E(g, MOV64_REG(4, 2));
	E(g, ALU64_IMM(ADD, 4, n));
	E(g, INSN(KBPF_JMP | (byte(g) & 1 ? KBPF_JGT : KBPF_JGE) | KBPF_X, 4, 3,
		  skip, 0));
	while (skip--)
		snip_access(g, 2, n);
}

static void snip_ringbuf(struct gen *g)
{
	u8 size = byte(g) % 24 + 1;

	E(g, INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_IDX, 0, 3));
	E(g, INSN(0, 0, 0, 0, 0));
	E(g, MOV64_IMM(2, size));
	E(g, MOV64_IMM(3, byte(g) & 1));
	E(g, CALL_HELPER(131));
	E(g, JMP_IMM(JEQ, 0, 0, 4));
	snip_access(g, 0, size);
	E(g, MOV64_REG(6, 0));
	E(g, MOV64_REG(1, 0));
	E(g, MOV64_IMM(2, 0));
	E(g, CALL_HELPER(132 + (byte(g) & 1)));
}

static void snip_bound(struct gen *g)
{
	u8 r = byte(g) % 10;

	E(g, CALL_HELPER(5));
	E(g, ALU64_IMM(AND, 0, (1 << (byte(g) % 7)) - 1));
	E(g, MOV64_REG(r, 0));
}

static void snip_exit(struct gen *g)
{
	E(g, MOV64_IMM(0, 0));
	E(g, EXIT());
}

/*
 * Stack stores and loads of every size, aligned, in the top 64 bytes,
 * by r10 or a copy of it: a load of bytes no path wrote is what the
 * verifier must refuse, and the checked interpreter traps on.
 */
static void snip_stack(struct gen *g)
{
	static const u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	u8 n = byte(g) % 4 + 1, i, base = 10;

	if (byte(g) & 1) {
		E(g, MOV64_REG(2, 10));
		base = 2;
	}
	for (i = 0; i < n; i++) {
		u8 b = byte(g), sz = b & 3;
		s16 off = -(s16)((((b >> 2) & 7) + 1) << sz);

		if (b & 0x80)
			E(g, INSN(KBPF_LDX | KBPF_MEM | sizes[sz], 6 + ((b >> 5) & 1),
				  base, off, 0));
		else
			E(g, INSN(KBPF_ST | KBPF_MEM | sizes[sz], base, 0, off, b));
	}
}

static void (*const snippets[])(struct gen *g) = {
	snip_lookup, snip_loop, snip_packet, snip_ringbuf, snip_bound, snip_exit,
	snip_stack,
};

/* Mostly raw instructions, a snippet in seven cases out of sixteen. */
static void generate(struct gen *g)
{
	while (g->size && g->n < MAX_INSNS - 12) {
		u8 kind = byte(g) % 16;

		if (kind < ARRAY_SIZE(snippets))
			snippets[kind](g);
		else
			raw_insn(g);
	}
	snip_exit(g);
}

/* ---- Run ---- */

static const u32 types[] = { 1, 2, 5, 17 };

/*
 * A socket filter runs on struct kbpf_skb_ctx, as the hook and test runs
 * build it: __sk_buff, then the packet pointers its data/data_end loads
 * are rewritten to read.
 */
static size_t ctx_size(u32 type)
{
	return type == 1 ? sizeof(struct kbpf_skb_ctx) :
	       type == 2 ? 21 * 8 : type == 5 ? 2048 : 96;
}

static void *make_ctx(u32 type, u8 pktlen)
{
	size_t size = ctx_size(type);
	u8 *ctx = track(calloc(1, size), size, RK_CTX, 0);

	pkt_len = 0;
	if (type == 1 && ctx) {
		pkt_lo = (uintptr_t)packet(pktlen);
		pkt_len = pktlen;
		kbpf_skb_ctx_set_data((struct kbpf_skb_ctx *)ctx, (void *)(uintptr_t)pkt_lo,
				      pktlen);
	}
	return ctx;
}

static void check_leaks(u64 r0)
{
	u32 i, k;

	if (points_into(r0))
		__builtin_trap();
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		for (k = 0; k + 8 <= maps[i]->value_size; k += 8) {
			u64 v;

			memcpy(&v, values[i] + k, 8);
			if (points_into(v))
				__builtin_trap();
		}
	}
}

static u64 nr_runs, nr_accepted, nr_jit_compared;

/* For the fuzzing record: how many programs got through to the run. */
__attribute__((destructor)) static void report(void)
{
	fprintf(stderr, "verifier_fuzz: %llu programs, %llu accepted and run, %llu also JIT-compiled and compared, %llu accesses checked, %llu calls of trace_printk's variants\n",
		(unsigned long long)nr_runs, (unsigned long long)nr_accepted,
		(unsigned long long)nr_jit_compared, (unsigned long long)nr_checked,
		(unsigned long long)nr_printk_variants);
}

static void reset_values(void)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(values); i++)
		memset(values[i], 0, maps[i]->value_size ?: 1);
	strcpy((char *)values[2], "hello");
}

/*
 * The accepted program @insns again, verified afresh and JIT-compiled,
 * from the state the interpreter's run started in: it must give r0 @r_i
 * and leave the context @ctx_i and the map values the interpreter did.
 * A program the JIT declines (it may) is not compared.
 */
static void jit_compare(const struct kbpf_insn *insns, u32 n, u32 type, bool gpl,
			u8 pktlen, const struct kbpf_verify_opts *opts, u64 r_i,
			const void *ctx_i)
{
	static const struct kbpf_jit_opts jit_opts;
	static u8 *after[ARRAY_SIZE(values)];
	struct kbpf_verify_result res;
	struct kbpf_prog *prog;
	void *ctx;
	u64 r_j;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(values); i++) {
		free(after[i]);
		after[i] = malloc(maps[i]->value_size ?: 1);
		memcpy(after[i], values[i], maps[i]->value_size ?: 1);
	}
	reset_values();
	prog = kbpf_prog_alloc(n);
	memcpy(prog->insns, insns, n * sizeof(insns[0]));
	prog->type = type;
	prog->gpl_compatible = gpl;
	prog->maps = maps;
	prog->nr_maps = ARRAY_SIZE(maps);
	if (kbpf_verify(prog, opts, NULL, &res))
		__builtin_trap();	/* the same program, a different verdict */
	kbpf_interp_select(prog);
	if (kbpf_jit_compile(prog, &jit_opts) || !prog->jited) {
		kbpf_prog_free(prog);
		return;
	}
	ctx = make_ctx(type, pktlen);
	ktime_now = 0;
	r_j = kbpf_prog_run(prog, ctx);
	check_leaks(r_j);
	if (nr_regions != ARRAY_SIZE(values) + 2)
		__builtin_trap();
	if (r_j != r_i || memcmp(ctx, ctx_i, ctx_size(type)))
		__builtin_trap();	/* JIT and interpreter disagree */
	for (i = 0; i < ARRAY_SIZE(values); i++)
		if (memcmp(after[i], values[i], maps[i]->value_size ?: 1))
			__builtin_trap();
	nr_jit_compared++;
	untrack(ctx);
	free(ctx);
	kbpf_jit_free(prog);
	kbpf_prog_free(prog);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_FULL,
		.helpers = helpers,
		.nr_helpers = NR_HELPERS,
		.helper_proto = proto,
	};
	static struct gen g;
	struct kbpf_verify_result res;
	struct kbpf_prog *prog;
	char logbuf[200];
	struct kbpf_log log = { .buf = logbuf, .size = sizeof(logbuf), .level = 1 };
	u32 type, i;
	u8 pktlen, flags;
	void *ctx;

	if (size < 3)
		return 0;
	type = types[data[0] % ARRAY_SIZE(types)];
	pktlen = data[1] % 64;
	flags = data[2];
	g = (struct gen){ .data = data + 3, .size = size - 3 };
	generate(&g);
	prog = kbpf_prog_alloc(g.n);
	memcpy(prog->insns, g.insns, g.n * sizeof(g.insns[0]));
	prog->type = type;
	prog->gpl_compatible = flags & 1;
	prog->maps = maps;
	prog->nr_maps = ARRAY_SIZE(maps);
	nr_regions = 0;
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		free(values[i]);
		values[i] = track(calloc(1, maps[i]->value_size ?: 1),
				  maps[i]->value_size, RK_MAP, i);
	}
	strcpy((char *)values[2], "hello");
	nr_runs++;
	if (getenv("KBPF_FUZZ_SHOW")) {
		char text[96];

		for (i = 0; i < g.n; i++) {
			kbpf_disasm_insn(text, sizeof(text), &g.insns[i], g.n - i);
			fprintf(stderr, "%u: %s\n", i, text);
		}
	}
	if (!kbpf_verify(prog, &opts, &log, &res)) {
		u64 r0;

		nr_accepted++;
		ctx = make_ctx(type, pktlen);
		kbpf_interp_select(prog);
		ktime_now = 0;
		cur_type = type;
		checking = true;
		r0 = kbpf_prog_run(prog, ctx);
		checking = false;
		check_leaks(r0);
		/* No ring buffer record may survive the program. */
		if (nr_regions != ARRAY_SIZE(values) + 1)
			__builtin_trap();
		if (kbpf_jit_supported())
			jit_compare(g.insns, g.n, type, flags & 1, pktlen, &opts, r0, ctx);
		free(ctx);
	} else if (res.err != -ENOMEM && res.err_insn >= g.n) {
		__builtin_trap();	/* every rejection must name an instruction */
	}
	kbpf_log_finish(&log);
	if (strlen(logbuf) >= sizeof(logbuf))
		__builtin_trap();
	kbpf_prog_free(prog);
	return 0;
}
