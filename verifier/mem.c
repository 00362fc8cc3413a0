// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory accesses: loads, stores and atomics through every kind of
 * pointer, and the memory arguments of helper calls. Each access is
 * proved in bounds for every value the pointer may hold; stack bytes are
 * tracked one by one so a load sees only what was stored, and an 8-byte
 * aligned store of a register keeps its full state for the load back; so
 * does a narrower one at an 8-byte aligned offset of a number that fits
 * in the bytes stored, for a load of the same size (as Linux since 5.16).
 */
#include "internal.h"

struct access {
	u32 idx;
	u8 regno;
	s32 off;		/* the instruction's offset */
	u32 size;
	bool write;
	bool read;
	bool helper;		/* memory a helper reads or writes */
	const struct vreg *val;	/* stored register (spills), or NULL */
	bool val_zero;		/* stored value known to be zero */
	bool sx;		/* sign-extending load */
	u8 valreg;		/* register stored */
	struct vreg *out;	/* where a load's value goes, or NULL */
};

static struct vreg *reg(struct checker *c, u8 regno)
{
	return &cur_regs(c)[regno];
}

/* The loaded value when nothing is known about the bytes. */
static void load_unknown(struct access *a)
{
	if (!a->out)
		return;
	if (a->size == 8) {
		scalar_set_unknown(a->out);
		return;
	}
	if (a->sx)
		scalar_set_srange(a->out, -(1LL << (a->size * 8 - 1)),
				  (1LL << (a->size * 8 - 1)) - 1);
	else
		scalar_set_range(a->out, 0, (1ULL << (a->size * 8)) - 1);
}

/* Offsets lo..hi-1 an access may touch, relative to the pointer's base. */
static void access_span(const struct vreg *p, const struct access *a,
			s64 *lo, s64 *hi)
{
	*lo = (s64)p->off + a->off + p->smin;
	*hi = (s64)p->off + a->off + p->smax + a->size;
}

static u8 *stack_byte(struct vframe *f, s64 fpoff)
{
	u32 j = -fpoff - 1;

	return &f->slots[j / 8].kind[7 - j % 8];
}

static struct stack_slot *stack_slot(struct vframe *f, s64 fpoff)
{
	return &f->slots[(-fpoff - 1) / 8];
}

/*
 * A slot that held a spill loses it: scalars become unknown bytes. A
 * narrow spill leaves the slot's other bytes as they were.
 */
static void break_spill(struct stack_slot *s)
{
	u8 kind = s->spill.type == SCALAR ? STACK_MISC : STACK_INVALID;
	u32 i;

	if (s->kind[0] != STACK_SPILL)
		return;
	for (i = 0; i < 8 && s->kind[i] == STACK_SPILL; i++)
		s->kind[i] = kind;
}

/* A write of the byte at @fpoff breaks the spill it is part of, if any. */
static void write_byte(struct vframe *f, s64 fpoff)
{
	if (*stack_byte(f, fpoff) == STACK_SPILL)
		break_spill(stack_slot(f, fpoff));
}

/*
 * Whether a store of @size bytes of @v keeps @v for the load back: all
 * of it fits, so a zero-extending load of the same bytes is @v again.
 */
static bool spill_fits(const struct vreg *v, u32 size)
{
	return size == 8 || (v->type == SCALAR && v->umax < 1ULL << (size * 8));
}

void stack_mark_written(struct checker *c, const struct vreg *ptr, s64 lo,
			s64 hi)
{
	struct vframe *f = c->cur->frame[ptr->frameno];
	s64 o;

	for (o = lo; o < hi; o++) {
		write_byte(f, o);
		*stack_byte(f, o) = STACK_MISC;
	}
}

static int stack_read_bytes(struct checker *c, struct access *a,
			    struct vframe *f, s64 lo, s64 hi)
{
	bool zero = true;
	s64 o, first = 0;

	for (o = lo; o < hi; o++) {
		struct stack_slot *s = stack_slot(f, o);
		u8 k = *stack_byte(f, o);

		if (k == STACK_INVALID) {
			for (first = o; o + 1 < hi && *stack_byte(f, o + 1) ==
			     STACK_INVALID; o++)
				;
			return kbpf_reject(c, a->idx, -EACCES, "read of %u bytes at r10%lld reads stack bytes never written (r10%lld..r10%lld)",
					   a->size, (long long)lo, (long long)first,
					   (long long)o);
		}
		if (k == STACK_SPILL && s->spill.type != SCALAR)
			return kbpf_reject(c, a->idx, -EACCES, "read of %u bytes at r10%lld takes part of a spilled pointer (%s); only an aligned 8-byte load restores it",
					   a->size, (long long)o, reg_type_name(s->spill.type));
		if (k != STACK_ZERO && !(k == STACK_SPILL &&
					 scalar_is_const(&s->spill) &&
					 !s->spill.var.value))
			zero = false;
	}
	if (a->out && zero)
		scalar_set_const(a->out, 0);
	else
		load_unknown(a);
	return 0;
}

static u32 stack_frameno(struct checker *c, const struct vframe *f)
{
	u32 i;

	for (i = 0; i <= c->cur->curframe; i++)
		if (c->cur->frame[i] == f)
			return i;
	return 0;
}

static int stack_write_const(struct checker *c, struct access *a,
			     struct vframe *f, s64 lo)
{
	struct stack_slot *s = stack_slot(f, lo);
	s64 o;

	if (a->val && a->val->type == PTR_TO_STACK &&
	    a->val->frameno > stack_frameno(c, f))
		return kbpf_reject(c, a->idx, -EACCES, "r%u points into a callee's stack and would outlive it in a caller's stack",
				   a->valreg);
	if (a->val && a->size == 8 && !(lo % 8) && !a->helper) {
		u32 i;

		for (i = 0; i < 8; i++)
			s->kind[i] = STACK_SPILL;
		s->spill = *a->val;
		return 0;
	}
	if (a->val && is_ptr(a->val))
		return kbpf_reject(c, a->idx, -EACCES, "store of %u bytes of r%u (%s) to r10%lld: a pointer may only be spilled whole, 8 bytes at an 8-byte aligned offset",
				   a->size, a->valreg,
				   reg_type_name(a->val->type), (long long)lo);
	/* Zeros stay STACK_ZERO bytes, which any load of them reads as 0. */
	if (a->val && !a->val_zero && !(lo % 8) && spill_fits(a->val, a->size)) {
		u32 i;

		break_spill(s);
		for (i = 0; i < a->size; i++)
			s->kind[i] = STACK_SPILL;
		s->spill = *a->val;
		return 0;
	}
	for (o = lo; o < lo + a->size; o++) {
		write_byte(f, o);
		*stack_byte(f, o) = a->val_zero ? STACK_ZERO : STACK_MISC;
	}
	return 0;
}

/* A write somewhere in lo..hi-1: no byte becomes known, spills break. */
static void stack_write_var(struct vframe *f, s64 lo, s64 hi)
{
	s64 o;

	for (o = lo; o < hi; o++) {
		u8 *k = stack_byte(f, o);

		write_byte(f, o);
		if (*k == STACK_ZERO)
			*k = STACK_MISC;
	}
}

static int stack_access(struct checker *c, struct access *a,
			const struct vreg *p)
{
	struct vframe *f = c->cur->frame[p->frameno];
	struct subprog *sp = &c->subprogs[f->subprog];
	bool fixed = tnum_is_const(p->var);
	s64 lo, hi;
	int err;

	access_span(p, a, &lo, &hi);
	if (lo < -KBPF_STACK_SIZE || hi > 0)
		return kbpf_reject(c, a->idx, -EACCES, "stack access of %u bytes at r10%+lld%s is outside the %d-byte stack",
				   a->size, (long long)(hi - a->size), fixed ? "" : " (at its farthest)",
				   KBPF_STACK_SIZE);
	if (!fixed && a->val && is_ptr(a->val))
		return kbpf_reject(c, a->idx, -EACCES, "store of a pointer at a variable stack offset; spill pointers at a constant offset");
	err = frame_grow_stack(f, (-lo + 7) / 8);
	if (err)
		return err;
	sp->stack_depth = max_t(u32, sp->stack_depth, ALIGN(-lo, 8));
	if (a->read) {
		struct stack_slot *s = stack_slot(f, lo);

		if (fixed && !(lo % 8) && a->out && !a->helper &&
		    spill_bytes(s) == a->size && (a->size == 8 || !a->sx)) {
			*a->out = s->spill;
			return 0;
		}
		err = stack_read_bytes(c, a, f, lo, hi);
		if (err)
			return err;
	}
	if (!a->write)
		return 0;
	if (fixed && !a->helper)
		return stack_write_const(c, a, f, lo);
	if (fixed && a->helper) {
		stack_mark_written(c, p, lo, hi);
		return 0;
	}
	stack_write_var(f, lo, hi);
	return 0;
}

static int region_access(struct checker *c, struct access *a,
			 const struct vreg *p, u64 limit, const char *what)
{
	s64 lo, hi;

	access_span(p, a, &lo, &hi);
	if (p->smin < 0 && !tnum_is_const(p->var))
		return kbpf_reject(c, a->idx, -EACCES, "r%u is %s plus a value that may be negative (%lld); bound it below with a check first",
				   a->regno, what, (long long)p->smin);
	if (lo < 0 || hi > (s64)limit)
		return kbpf_reject(c, a->idx, -EACCES, "%s access out of bounds: %u bytes at offset %lld%s of a %llu-byte %s",
				   what, a->size, (long long)(hi - a->size),
				   tnum_is_const(p->var) ? "" : " (at its farthest)",
				   (unsigned long long)limit, what);
	load_unknown(a);
	return 0;
}

static int map_value_access(struct checker *c, struct access *a,
			    const struct vreg *p)
{
	const struct kbpf_map *map = c->prog->maps[p->aux];

	if (a->write && (map->flags & KBPF_F_RDONLY_PROG))
		return kbpf_reject(c, a->idx, -EACCES, "write into map %u, which is read-only for programs",
				   p->aux);
	if (a->read && (map->flags & KBPF_F_WRONLY_PROG))
		return kbpf_reject(c, a->idx, -EACCES, "read from map %u, which is write-only for programs",
				   p->aux);
	return region_access(c, a, p, map->value_size, "map value");
}

static int packet_access(struct checker *c, struct access *a,
			 const struct vreg *p)
{
	s64 lo = (s64)p->off + a->off;

	if (a->write)
		return kbpf_reject(c, a->idx, -EACCES, "write to packet data: socket filters may only read the packet");
	if (p->smin < 0)
		return kbpf_reject(c, a->idx, -EACCES, "r%u is a packet pointer plus a value that may be negative",
				   a->regno);
	if (lo < 0 || lo + a->size > p->aux)
		return kbpf_reject(c, a->idx, -EACCES, "packet access of %u bytes at offset %lld is beyond the %u bytes proved present; compare the pointer plus %lld with data_end first",
				   a->size, (long long)lo, p->aux,
				   (long long)(lo + a->size));
	load_unknown(a);
	return 0;
}

/* A load rewritten for the context must never read anything else. */
static int mixed_ctx_pkt(struct checker *c, u32 idx)
{
	u16 f = c->flags[idx];

	if ((f & INSN_CTX_PKT) && (f & INSN_NOT_CTX))
		return kbpf_reject(c, idx, -EACCES, "this load reads data or data_end of the context on one path and other memory on another; use separate loads");
	return 0;
}

static int ctx_access(struct checker *c, struct access *a, const struct vreg *p)
{
	u8 type = SCALAR;
	int err;

	if (p->off || !tnum_is_const(p->var) || p->var.value)
		return kbpf_reject(c, a->idx, -EACCES, "access through a modified context pointer (r%u); use r1 with the field offset in the instruction",
				   a->regno);
	if (a->helper)
		return kbpf_reject(c, a->idx, -EACCES, "the context may not be passed as helper memory");
	err = kbpf_ctx_access(c, a->idx, a->off, a->size, a->write, &type);
	if (err)
		return err;
	if (!a->out)
		return 0;
	if (type == SCALAR) {
		load_unknown(a);
		return 0;
	}
	reg_mark_ptr(a->out, type);
	if (type == PTR_TO_PACKET)
		a->out->aux = 0;
	/* The load becomes an 8-byte one of the pointer (fixup.c). */
	c->flags[a->idx] |= INSN_CTX_PKT;
	return mixed_ctx_pkt(c, a->idx);
}

static int null_reason(struct checker *c, struct access *a, const struct vreg *p)
{
	return kbpf_reject(c, a->idx, -EACCES, "r%u is %s; check it against 0 before using it (%s at insn %u)",
			   a->regno, reg_type_name(p->type),
			   p->type == PTR_TO_MEM_OR_NULL ? "allocated" : "map lookup",
			   p->origin);
}

static int access_mem(struct checker *c, struct access *a)
{
	const struct vreg *p = reg(c, a->regno);

	if (p->type != PTR_TO_CTX && !a->helper) {
		c->flags[a->idx] |= INSN_NOT_CTX;
		if (mixed_ctx_pkt(c, a->idx))
			return -EACCES;
	}
	switch (p->type) {
	case PTR_TO_STACK:
		return stack_access(c, a, p);
	case PTR_TO_MAP_VALUE:
		return map_value_access(c, a, p);
	case PTR_TO_PACKET:
		return packet_access(c, a, p);
	case PTR_TO_MEM:
		return region_access(c, a, p, p->aux, "memory");
	case PTR_TO_CTX:
		return ctx_access(c, a, p);
	case PTR_TO_MAP_VALUE_OR_NULL:
	case PTR_TO_MEM_OR_NULL:
		return null_reason(c, a, p);
	case NOT_INIT:
		return kbpf_reject(c, a->idx, -EACCES, "r%u is used as a pointer but was never written",
				   a->regno);
	case SCALAR:
		return kbpf_reject(c, a->idx, -EACCES, "r%u is a number, not a pointer: memory is reached only through pointers the verifier gave out (stack, context, map values, packet, helper memory)",
				   a->regno);
	default:
		return kbpf_reject(c, a->idx, -EACCES, "r%u is %s, which cannot be dereferenced",
				   a->regno, reg_type_name(p->type));
	}
}

/* Helper arguments: @size bytes the helper reads or writes at r@regno. */
int check_mem_region(struct checker *c, u32 idx, u32 regno, u32 size,
		     bool write, bool zero_ok, const char *what)
{
	struct access a = {
		.idx = idx, .regno = regno, .size = size,
		.write = write, .read = !write, .helper = true,
	};

	(void)what;
	if (!size && zero_ok)
		return 0;
	if (!size)
		return kbpf_reject(c, idx, -EACCES, "r%u: a zero-sized buffer is not allowed here", regno);
	return access_mem(c, &a);
}

/*
 * A pointer a helper may read a string through: memory the program may
 * read anyway. Not the context, whose raw bytes (a socket program's
 * kernel structure) the program reaches only through checked fields.
 */
static bool readable_spill(const struct stack_slot *s)
{
	return s->kind[0] == STACK_SPILL && is_ptr(&s->spill) &&
	       s->spill.type != CONST_PTR_TO_MAP && s->spill.type != PTR_TO_PACKET_END &&
	       s->spill.type != PTR_TO_CTX;
}

/*
 * snprintf's @words u64 arguments at r@regno, read as any helper memory,
 * except that a word whose conversion reads through it (bit set in
 * @addr_mask: %s, %pks, %pI4 ...) may be a pointer spilled whole at a
 * constant stack offset. The helper reads through such a word with a
 * nofault copy and never prints its value, so no address escapes.
 */
int check_fmt_words(struct checker *c, u32 idx, u32 regno, u32 words,
		    u32 addr_mask)
{
	const struct vreg *p = reg(c, regno);
	u32 i;
	int err;

	for (i = 0; i < words; i++) {
		struct access a = {
			.idx = idx, .regno = regno, .off = 8 * i, .size = 8,
			.read = true, .helper = true,
		};
		struct vframe *f = c->cur->frame[p->frameno];
		s64 lo = (s64)p->off + a.off + p->smin;

		if ((addr_mask & (1U << i)) && p->type == PTR_TO_STACK &&
		    tnum_is_const(p->var) && !(lo % 8) && lo >= -KBPF_STACK_SIZE &&
		    lo + 8 <= 0 && (u32)((-lo - 1) / 8) < f->nslots &&
		    readable_spill(stack_slot(f, lo)))
			continue;
		err = access_mem(c, &a);
		if (err)
			return err;
	}
	return 0;
}

static int check_atomic(struct checker *c, u32 idx, struct access *a)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	struct vreg *regs = cur_regs(c);
	const struct vreg *p = &regs[insn->dst_reg];
	struct vreg loaded;
	int err;

	if (p->type != PTR_TO_STACK && p->type != PTR_TO_MAP_VALUE)
		return kbpf_reject(c, idx, -EACCES, "atomic operation on r%u (%s): only the stack and map values allow them",
				   insn->dst_reg, reg_type_name(p->type));
	if (regs[insn->src_reg].type != SCALAR)
		return kbpf_reject(c, idx, -EACCES, "atomic operand r%u is %s, not a number",
				   insn->src_reg, insn->src_reg == 10 ? "the frame pointer" :
				   reg_type_name(regs[insn->src_reg].type));
	if (insn->imm == KBPF_CMPXCHG && regs[0].type != SCALAR)
		return kbpf_reject(c, idx, -EACCES, "cmpxchg compares with r0, which is %s",
				   reg_type_name(regs[0].type));
	if ((p->off + a->off + (s64)p->var.value) % a->size || !tnum_is_const(p->var))
		return kbpf_reject(c, idx, -EACCES, "misaligned or variable atomic access of %u bytes",
				   a->size);
	a->read = true;
	a->write = true;
	a->out = &loaded;
	a->helper = true;	/* bytes become unknown; no spill */
	err = access_mem(c, a);
	if (err)
		return err;
	if (insn->imm == KBPF_CMPXCHG)
		regs[0] = loaded;
	else if (insn->imm & KBPF_FETCH)
		regs[insn->src_reg] = loaded;
	return 0;
}

int check_mem(struct checker *c, u32 idx)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	static const u8 bytes[4] = { 4, 2, 1, 8 };
	struct vreg *regs = cur_regs(c);
	u8 cls = KBPF_CLASS(insn->code);
	struct access a = {
		.idx = idx, .off = insn->off,
		.size = bytes[KBPF_SIZE(insn->code) >> 3],
	};
	struct vreg val, loaded;
	int err;

	if (cls == KBPF_LDX) {
		a.regno = insn->src_reg;
		a.read = true;
		a.out = &loaded;
		a.sx = KBPF_MODE(insn->code) == KBPF_MEMSX;
		err = access_mem(c, &a);
		if (err)
			return err;
		regs[insn->dst_reg] = loaded;
		return 0;
	}
	a.regno = insn->dst_reg;
	if (KBPF_MODE(insn->code) == KBPF_ATOMIC)
		return check_atomic(c, idx, &a);
	if (cls == KBPF_ST) {
		scalar_set_const(&val, (u64)(s64)insn->imm);
	} else {
		val = regs[insn->src_reg];
		if (val.type == NOT_INIT)
			return kbpf_reject(c, idx, -EACCES, "r%u is stored but was never written",
					   insn->src_reg);
		if (is_ptr(&val) && regs[insn->dst_reg].type != PTR_TO_STACK)
			return kbpf_reject(c, idx, -EACCES, "r%u (%s) stored into %s: kbpf never lets a pointer escape to memory a program or user space can read as a number",
					   insn->src_reg, insn->src_reg == 10 ? "the frame pointer" :
					   reg_type_name(val.type),
					   reg_type_name(regs[insn->dst_reg].type));
	}
	/* A spilled scalar stays linked to the register it came from. */
	if (cls == KBPF_STX && spill_fits(&val, a.size) && val.type == SCALAR && !val.id &&
	    !scalar_is_const(&val) && regs[insn->dst_reg].type == PTR_TO_STACK)
		val.id = regs[insn->src_reg].id = new_id(c);
	a.write = true;
	a.val = &val;
	a.valreg = insn->src_reg;
	a.val_zero = scalar_is_const(&val) && !val.var.value;
	if (cls == KBPF_ST && a.size < 8)
		a.val_zero = !((u64)insn->imm & ((1ULL << (a.size * 8)) - 1));
	if (cls == KBPF_STX && a.size < 8 && scalar_is_const(&regs[insn->src_reg]))
		a.val_zero = !(regs[insn->src_reg].var.value &
			       ((1ULL << (a.size * 8)) - 1));
	return access_mem(c, &a);
}
