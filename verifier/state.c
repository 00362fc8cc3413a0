// SPDX-License-Identifier: GPL-2.0-only
/*
 * Verifier states: allocation, copies, the subsumption test that state
 * pruning rests on, and how a state is printed in the log.
 */
#include "internal.h"

/*
 * States and frames come from free lists when they can: a long loop makes
 * and drops a state per branch, and allocation under KASAN and kmemleak
 * is slow. A reused frame keeps its slot array.
 */
struct vstate *state_alloc(struct checker *c)
{
	struct vstate *st = c->free_states;

	if (!st)
		return kbpf_zalloc(sizeof(*st));
	c->free_states = st->next;
	memset(st, 0, sizeof(*st));
	return st;
}

struct vframe *frame_alloc(struct checker *c)
{
	struct vframe *f = c->free_frames;
	struct stack_slot *slots;
	u32 cap;

	if (!f)
		return kbpf_zalloc(sizeof(*f));
	c->free_frames = f->next_free;
	slots = f->slots;
	cap = f->cap;
	memset(f, 0, sizeof(*f));
	f->slots = slots;
	f->cap = cap;
	return f;
}

void frame_free(struct checker *c, struct vframe *f)
{
	if (!f)
		return;
	f->next_free = c->free_frames;
	c->free_frames = f;
}

static struct vframe *frame_clone(struct checker *c, const struct vframe *src)
{
	struct vframe *f = frame_alloc(c);

	if (!f)
		return NULL;
	memcpy(f->regs, src->regs, sizeof(f->regs));
	f->callsite = src->callsite;
	f->subprog = src->subprog;
	f->callback = src->callback;
	f->gen = src->gen;
	if (frame_grow_stack(f, src->nslots)) {
		frame_free(c, f);
		return NULL;
	}
	if (src->nslots)
		memcpy(f->slots, src->slots, src->nslots * sizeof(*f->slots));
	return f;
}

struct vstate *state_clone(struct checker *c, const struct vstate *src)
{
	struct vstate *st = state_alloc(c);
	u32 i;

	if (!st)
		return NULL;
	*st = *src;
	for (i = 0; i < KBPF_MAX_CALL_FRAMES; i++)
		st->frame[i] = NULL;
	for (i = 0; i <= src->curframe; i++) {
		st->frame[i] = frame_clone(c, src->frame[i]);
		if (!st->frame[i]) {
			state_free(c, st);
			return NULL;
		}
	}
	st->next = NULL;
	return st;
}

void state_free(struct checker *c, struct vstate *st)
{
	u32 i;

	if (!st)
		return;
	for (i = 0; i < KBPF_MAX_CALL_FRAMES; i++)
		frame_free(c, st->frame[i]);
	st->next = c->free_states;
	c->free_states = st;
}

void state_cache_drain(struct checker *c)
{
	/*
	 * Nothing is freed before this (lists reuse it), so what is drained
	 * at the end is the most the states ever held.
	 */
	while (c->free_states) {
		struct vstate *st = c->free_states;

		c->free_states = st->next;
		c->state_bytes += sizeof(*st);
		kbpf_free(st);
	}
	while (c->free_frames) {
		struct vframe *f = c->free_frames;

		c->free_frames = f->next_free;
		c->state_bytes += sizeof(*f) + f->cap * sizeof(*f->slots);
		kbpf_free(f->slots);
		kbpf_free(f);
	}
}

/* Make room for @nslots 8-byte slots; new bytes are never written. */
int frame_grow_stack(struct vframe *f, u32 nslots)
{
	struct stack_slot *s;
	u32 cap;

	if (nslots <= f->nslots) {
		f->nslots = max(f->nslots, nslots);
		return 0;
	}
	if (nslots > f->cap) {
		cap = max_t(u32, nslots, 4);
		s = kbpf_zalloc(cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		if (f->nslots)
			memcpy(s, f->slots, f->nslots * sizeof(*s));
		kbpf_free(f->slots);
		f->slots = s;
		f->cap = cap;
	}
	memset(f->slots + f->nslots, 0, (nslots - f->nslots) * sizeof(*f->slots));
	f->nslots = nslots;
	return 0;
}

void reg_mark_not_init(struct vreg *r)
{
	memset(r, 0, sizeof(*r));
}

/* A pointer at offset 0 with no variable part. */
void reg_mark_ptr(struct vreg *r, u8 type)
{
	scalar_set_const(r, 0);
	r->type = type;
}

/*
 * Ids in the old state must map one-to-one onto ids in the new one: two
 * registers that were copies of one nullable pointer must still be, or a
 * NULL check on one would wrongly refine the other.
 */
struct idmap {
	u32 n;
	u32 old[32], cur[32];
};

static bool id_match(struct idmap *m, u32 old, u32 cur)
{
	u32 i;

	if (!old && !cur)
		return true;
	if (!old || !cur)
		return false;
	for (i = 0; i < m->n; i++) {
		if (m->old[i] == old)
			return m->cur[i] == cur;
		if (m->cur[i] == cur)
			return false;
	}
	if (m->n == ARRAY_SIZE(m->old))
		return false;
	m->old[m->n] = old;
	m->cur[m->n++] = cur;
	return true;
}

/* Every value @cur may hold at run time, @old admits with the same meaning. */
static bool reg_subsumes(const struct vreg *old, const struct vreg *cur,
			 struct idmap *m)
{
	if (old->type == NOT_INIT)
		return true;
	if (old->type != cur->type)
		return false;
	/* Linked copies in the old state must be linked in the new one. */
	if (old->type == SCALAR)
		return scalar_in(old, cur) &&
		       (!old->id || id_match(m, old->id, cur->id));
	if (old->off != cur->off || old->frameno != cur->frameno ||
	    !scalar_in(old, cur))
		return false;
	switch (old->type) {
	case PTR_TO_PACKET:
		/* The new state must know at least as many bytes are there. */
		return cur->aux >= old->aux && id_match(m, old->id, cur->id);
	case PTR_TO_MAP_VALUE_OR_NULL:
	case PTR_TO_MEM_OR_NULL:
		return old->aux == cur->aux && id_match(m, old->id, cur->id) &&
		       id_match(m, old->ref_id, cur->ref_id);
	default:
		return old->aux == cur->aux &&
		       id_match(m, old->ref_id, cur->ref_id);
	}
}

static bool slot_subsumes(const struct stack_slot *old,
			  const struct stack_slot *cur, struct idmap *m)
{
	u32 i = spill_bytes(old);

	/* A spill restores its register: the same bytes, a value inside. */
	if (i && (spill_bytes(cur) != i || !reg_subsumes(&old->spill, &cur->spill, m)))
		return false;
	for (; i < 8; i++) {
		u8 o = old->kind[i], k = cur->kind[i];

		if (o == STACK_INVALID || o == k)
			continue;
		/* Unknown bytes admit zeros and spilled scalars. */
		if (o == STACK_MISC && (k == STACK_ZERO ||
					(k == STACK_SPILL && cur->spill.type == SCALAR)))
			continue;
		return false;
	}
	return true;
}

static bool frame_subsumes(const struct vframe *old, const struct vframe *cur,
			   u16 live, u16 precise, struct idmap *m)
{
	static const struct stack_slot empty;
	u32 i;

	if (old->callsite != cur->callsite || old->callback != cur->callback)
		return false;
	for (i = 0; i < KBPF_REG_COUNT; i++) {
		const struct vreg *o = &old->regs[i], *r = &cur->regs[i];

		if (!(live & (1U << i)))
			continue;
		/* An imprecise scalar: any number will do. */
		if (!(precise & (1U << i)) && o->type == SCALAR) {
			if (r->type != SCALAR)
				return false;
			continue;
		}
		if (!reg_subsumes(o, r, m))
			return false;
	}
	for (i = 0; i < old->nslots; i++)
		if (!slot_subsumes(&old->slots[i],
				   i < cur->nslots ? &cur->slots[i] : &empty, m))
			return false;
	return true;
}

/*
 * Whether every execution from @cur is one @old already covered. Only
 * registers live at the instruction (read before written on some path
 * from it) matter in the innermost frame; callers' frames resume after
 * their call, so what is live there counts. Of live scalars, only the
 * precise ones (liveness.c) need their range inside the old one.
 */
bool state_subsumes(struct checker *c, const struct vstate *old,
		    const struct vstate *cur)
{
	struct idmap m = { 0 };
	u32 i;

	if (old->curframe != cur->curframe || old->nrefs != cur->nrefs)
		return false;
	for (i = 0; i < old->nrefs; i++)
		if (!id_match(&m, old->refs[i], cur->refs[i]))
			return false;
	for (i = 0; i <= old->curframe; i++) {
		const struct vframe *callee = i < cur->curframe ? cur->frame[i + 1] : NULL;
		/* A callback returns to its bpf_loop call, a subprogram after its call. */
		u32 at = !callee ? cur->insn : callee->callsite + !callee->callback;

		if (!frame_subsumes(old->frame[i], cur->frame[i], c->live[at],
				    c->precise[at], &m))
			return false;
	}
	return true;
}

/* A cheap first filter for state_identical(): what most often differs. */
u32 state_hash(const struct vstate *st)
{
	const struct vreg *r = st->frame[st->curframe]->regs;
	u64 h = st->curframe;
	u32 i;

	for (i = 0; i < KBPF_REG_COUNT; i++) {
		h = (h ^ r[i].type ^ ((u64)r[i].off << 8)) * 0x100000001b3ULL;
		h = (h ^ r[i].var.value) * 0x100000001b3ULL;
		h = (h ^ r[i].var.mask) * 0x100000001b3ULL;
		h = (h ^ r[i].umin) * 0x100000001b3ULL;
		h = (h ^ r[i].umax) * 0x100000001b3ULL;
	}
	return h ^ (h >> 32);
}

/*
 * Same registers, bit for bit but for ids, which need only correspond:
 * the loop made no progress.
 */
bool state_identical(const struct vstate *a, const struct vstate *b)
{
	const size_t head = offsetof(struct vreg, id);
	const size_t tail = offsetof(struct vreg, ref_id);
	struct idmap m = { 0 };
	u32 i, r;

	if (a->curframe != b->curframe)
		return false;
	for (i = 0; i <= a->curframe; i++) {
		for (r = 0; r < KBPF_REG_COUNT; r++) {
			const struct vreg *x = &a->frame[i]->regs[r];
			const struct vreg *y = &b->frame[i]->regs[r];

			if (memcmp(x, y, head) ||
			    memcmp((const u8 *)x + tail, (const u8 *)y + tail,
				   sizeof(*x) - tail) ||
			    !id_match(&m, x->id, y->id))
				return false;
		}
	}
	return true;
}

/* The same call chain: frames that return to the same places. */
bool state_same_frames(const struct vstate *a, const struct vstate *b)
{
	u32 i;

	if (a->curframe != b->curframe)
		return false;
	for (i = 0; i <= a->curframe; i++)
		if (a->frame[i]->callsite != b->frame[i]->callsite ||
		    a->frame[i]->callback != b->frame[i]->callback)
			return false;
	return true;
}

static void widen_reg(struct vreg *cur, const struct vreg *old)
{
	if (cur->type == SCALAR && old->type == SCALAR && !scalar_in(old, cur))
		scalar_set_unknown(cur);
}

/*
 * Widening at a bpf_loop call that its callback came back to: every
 * number, in a register or spilled, that the iteration moved out of what
 * @old (the state an earlier iteration started from) admits becomes
 * unknown. The next iteration then starts from a state the one after
 * it cannot leave, and the walk over iterations ends in a few steps
 * instead of one per value a counter can take. It only forgets, so
 * whatever is proved after it holds for every number of iterations.
 */
void state_widen(struct vstate *cur, const struct vstate *old)
{
	u32 f, i;

	for (f = 0; f <= cur->curframe; f++) {
		struct vframe *c = cur->frame[f];
		const struct vframe *o = old->frame[f];

		for (i = 0; i < KBPF_REG_COUNT; i++)
			widen_reg(&c->regs[i], &o->regs[i]);
		for (i = 0; i < c->nslots && i < o->nslots; i++) {
			struct stack_slot *cs = &c->slots[i];
			const struct stack_slot *os = &o->slots[i];

			if (cs->kind[0] == STACK_SPILL && os->kind[0] == STACK_SPILL)
				widen_reg(&cs->spill, &os->spill);
		}
	}
}

const char *reg_type_name(u8 type)
{
	static const char * const names[] = {
		[NOT_INIT] = "uninitialized",
		[SCALAR] = "a number",
		[PTR_TO_CTX] = "the context pointer",
		[PTR_TO_STACK] = "a stack pointer",
		[CONST_PTR_TO_MAP] = "a map",
		[PTR_TO_MAP_VALUE] = "a map value pointer",
		[PTR_TO_MAP_VALUE_OR_NULL] = "a map value that may be NULL",
		[PTR_TO_PACKET] = "a packet pointer",
		[PTR_TO_PACKET_END] = "the packet end",
		[PTR_TO_MEM] = "a memory pointer",
		[PTR_TO_MEM_OR_NULL] = "memory that may be NULL",
		[PTR_TO_FUNC] = "a function address",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "?";
}

static int describe_num(char *buf, size_t size, const struct vreg *r)
{
	if (tnum_is_const(r->var))
		return snprintf(buf, size, "%lld", (long long)r->var.value);
	if (r->smin >= 0 || r->umax <= (u64)S64_MAX)
		return snprintf(buf, size, "%llu..%llu",
				(unsigned long long)r->umin,
				(unsigned long long)r->umax);
	if (r->smin != S64_MIN || r->smax != S64_MAX)
		return snprintf(buf, size, "%lld..%lld", (long long)r->smin,
				(long long)r->smax);
	return snprintf(buf, size, "?");
}

/* Short form for the log: scalar(0..10), fp-8, map_value(m0)+4, ... */
int reg_describe(char *buf, size_t size, const struct vreg *r)
{
	static const char * const short_names[] = {
		[PTR_TO_CTX] = "ctx", [PTR_TO_STACK] = "fp",
		[CONST_PTR_TO_MAP] = "map", [PTR_TO_MAP_VALUE] = "map_value",
		[PTR_TO_MAP_VALUE_OR_NULL] = "map_value_or_null",
		[PTR_TO_PACKET] = "pkt", [PTR_TO_PACKET_END] = "pkt_end",
		[PTR_TO_MEM] = "mem", [PTR_TO_MEM_OR_NULL] = "mem_or_null",
		[PTR_TO_FUNC] = "func",
	};
	char num[64];
	int n;

	if (r->type == SCALAR) {
		describe_num(num, sizeof(num), r);
		return snprintf(buf, size, "%s", num);
	}
	if (r->type == NOT_INIT || r->type >= ARRAY_SIZE(short_names))
		return snprintf(buf, size, "?");
	n = snprintf(buf, size, "%s", short_names[r->type]);
	if (r->type == PTR_TO_STACK && r->frameno)
		n += snprintf(buf + n, size - n, "[frame %u]", r->frameno);
	if (r->off || !tnum_is_const(r->var))
		n += snprintf(buf + n, size - n, "%+d", r->off);
	if (!tnum_is_const(r->var)) {
		describe_num(num, sizeof(num), r);
		n += snprintf(buf + n, size - n, "+(%s)", num);
	}
	if (r->type == PTR_TO_PACKET)
		n += snprintf(buf + n, size - n, "(range %u)", r->aux);
	return n;
}

void state_log(struct checker *c, const struct vstate *st)
{
	const struct vframe *f = st->frame[st->curframe];
	char line[240] = "", one[96];
	u32 i, n = 0;

	if (!c->log || !c->log->level)
		return;
	for (i = 0; i < KBPF_REG_COUNT && n < sizeof(line); i++) {
		if (f->regs[i].type == NOT_INIT)
			continue;
		reg_describe(one, sizeof(one), &f->regs[i]);
		n += snprintf(line + n, sizeof(line) - n, " r%u=%s", i, one);
	}
	kbpf_log_write(c->log, "  state%s%s\n", st->curframe ? " (callee)" : "",
		       line);
}
