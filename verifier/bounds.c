// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scalar bounds: what the verifier knows about a number. Five views of the
 * same value are tracked (known bits, signed and unsigned 64-bit range,
 * signed and unsigned range of the low 32 bits); every operation computes
 * what it can in each, and scalar_sync() lets each view tighten the
 * others. 32-bit operations run on the zero- (or, for arithmetic shifts,
 * sign-) extended low halves in the 64-bit domain and truncate the result,
 * which gives the low 32 bits exactly as the engines compute them.
 */
#include "internal.h"

#define SIGN64	(1ULL << 63)
#define SIGN32	(1U << 31)

static void num_unknown(struct vreg *r)
{
	r->var = tnum_unknown();
	r->smin = S64_MIN;
	r->smax = S64_MAX;
	r->umin = 0;
	r->umax = U64_MAX;
	r->s32min = S32_MIN;
	r->s32max = S32_MAX;
	r->u32min = 0;
	r->u32max = U32_MAX;
}

static void num_unknown32(struct vreg *r)
{
	r->s32min = S32_MIN;
	r->s32max = S32_MAX;
	r->u32min = 0;
	r->u32max = U32_MAX;
}

static void num_const(struct vreg *r, u64 v)
{
	r->var = tnum_const(v);
	r->smin = r->smax = (s64)v;
	r->umin = r->umax = v;
	r->s32min = r->s32max = (s32)v;
	r->u32min = r->u32max = (u32)v;
}

void scalar_set_const(struct vreg *r, u64 v)
{
	memset(r, 0, sizeof(*r));
	r->type = SCALAR;
	num_const(r, v);
}

void scalar_set_unknown(struct vreg *r)
{
	memset(r, 0, sizeof(*r));
	r->type = SCALAR;
	num_unknown(r);
}

void scalar_set_range(struct vreg *r, u64 umin, u64 umax)
{
	scalar_set_unknown(r);
	r->umin = umin;
	r->umax = umax;
	scalar_sync(r);
}

void scalar_set_srange(struct vreg *r, s64 smin, s64 smax)
{
	scalar_set_unknown(r);
	r->smin = smin;
	r->smax = smax;
	scalar_sync(r);
}

bool scalar_is_const(const struct vreg *r)
{
	return r->type == SCALAR && tnum_is_const(r->var);
}

/* Tighten the bounds from the known bits. */
static void bounds_from_tnum(struct vreg *r)
{
	struct tnum t = r->var;
	u64 lo = t.value, hi = t.value | t.mask;
	u32 lo32 = (u32)lo, hi32 = (u32)hi;

	r->umin = max(r->umin, lo);
	r->umax = min(r->umax, hi);
	if (t.mask & SIGN64) {
		r->smin = max(r->smin, (s64)(lo | SIGN64));
		r->smax = min(r->smax, (s64)(hi & ~SIGN64));
	} else {
		r->smin = max(r->smin, (s64)lo);
		r->smax = min(r->smax, (s64)hi);
	}
	r->u32min = max(r->u32min, lo32);
	r->u32max = min(r->u32max, hi32);
	if (t.mask & SIGN32) {
		r->s32min = max(r->s32min, (s32)(lo32 | SIGN32));
		r->s32max = min(r->s32max, (s32)(hi32 & ~SIGN32));
	} else {
		r->s32min = max(r->s32min, (s32)lo32);
		r->s32max = min(r->s32max, (s32)hi32);
	}
}

/* The low halves of a 64-bit range that stays in one 4 GiB block. */
static void bounds32_from_64(struct vreg *r)
{
	if ((r->umin >> 32) == (r->umax >> 32)) {
		r->u32min = max(r->u32min, (u32)r->umin);
		r->u32max = min(r->u32max, (u32)r->umax);
		if ((s32)r->umin <= (s32)r->umax) {
			r->s32min = max(r->s32min, (s32)r->umin);
			r->s32max = min(r->s32max, (s32)r->umax);
		}
	}
	if ((r->smin >> 32) == (r->smax >> 32)) {
		r->u32min = max(r->u32min, (u32)r->smin);
		r->u32max = min(r->u32max, (u32)r->smax);
		if ((s32)r->smin <= (s32)r->smax) {
			r->s32min = max(r->s32min, (s32)r->smin);
			r->s32max = min(r->s32max, (s32)r->smax);
		}
	}
}

/* A signed range on one side of zero is also an unsigned one, and back. */
static void bounds_cross_sign(struct vreg *r)
{
	if (r->s32min >= 0 || r->s32max < 0) {
		r->u32min = max(r->u32min, (u32)r->s32min);
		r->u32max = min(r->u32max, (u32)r->s32max);
	}
	if ((s32)r->u32min <= (s32)r->u32max) {
		r->s32min = max(r->s32min, (s32)r->u32min);
		r->s32max = min(r->s32max, (s32)r->u32max);
	}
	if (r->smin >= 0 || r->smax < 0) {
		r->umin = max(r->umin, (u64)r->smin);
		r->umax = min(r->umax, (u64)r->smax);
	}
	if ((s64)r->umin <= (s64)r->umax) {
		r->smin = max(r->smin, (s64)r->umin);
		r->smax = min(r->smax, (s64)r->umax);
	}
}

static bool bounds_empty(const struct vreg *r)
{
	return r->umin > r->umax || r->smin > r->smax ||
	       r->u32min > r->u32max || r->s32min > r->s32max;
}

/*
 * Make the five views agree. Returns false when they admit no value at
 * all, which only branch refinement can cause: the branch is dead.
 */
bool scalar_sync(struct vreg *r)
{
	int round;

	for (round = 0; round < 2; round++) {
		struct tnum t;

		bounds_from_tnum(r);
		if (bounds_empty(r))
			return false;
		bounds32_from_64(r);
		bounds_cross_sign(r);
		if (bounds_empty(r))
			return false;
		/* Known upper half: the 32-bit range bounds the 64-bit one. */
		if (!(r->var.mask >> 32)) {
			u64 hi = r->var.value & ~(u64)U32_MAX;

			r->umin = max(r->umin, hi | r->u32min);
			r->umax = min(r->umax, hi | r->u32max);
		}
		if (bounds_empty(r))
			return false;
		t = tnum_range(r->umin, r->umax);
		if (tnum_conflict(r->var, t))
			return false;
		r->var = tnum_intersect(r->var, t);
		t = tnum_range(r->u32min, r->u32max);
		t.mask |= ~(u64)U32_MAX;
		if (tnum_conflict(r->var, t))
			return false;
		r->var = tnum_intersect(r->var, t);
	}
	return !bounds_empty(r);
}

void scalar_zext32(struct vreg *r)
{
	r->var = tnum_low32(r->var);
	r->umin = r->u32min;
	r->umax = r->u32max;
	r->smin = r->u32min;
	r->smax = r->u32max;
	scalar_sync(r);
}

void scalar_sext32(struct vreg *r)
{
	u64 upper = ~(u64)U32_MAX;
	struct tnum t = tnum_low32(r->var);

	if (t.mask & SIGN32)
		t.mask |= upper;
	else if (t.value & SIGN32)
		t.value |= upper;
	r->var = t;
	r->smin = r->s32min;
	r->smax = r->s32max;
	r->umin = 0;
	r->umax = U64_MAX;
	scalar_sync(r);
}

/* 64-bit add of scalar values (or a scalar to a pointer's variable part). */
void scalar_add(struct vreg *d, const struct vreg *s)
{
	s64 smin, smax;
	u64 umin, umax;

	d->var = tnum_add(d->var, s->var);
	if (__builtin_add_overflow(d->smin, s->smin, &smin) ||
	    __builtin_add_overflow(d->smax, s->smax, &smax)) {
		smin = S64_MIN;
		smax = S64_MAX;
	}
	if (__builtin_add_overflow(d->umin, s->umin, &umin) ||
	    __builtin_add_overflow(d->umax, s->umax, &umax)) {
		umin = 0;
		umax = U64_MAX;
	}
	d->smin = smin;
	d->smax = smax;
	d->umin = umin;
	d->umax = umax;
	num_unknown32(d);
	scalar_sync(d);
}

static void scalar_sub(struct vreg *d, const struct vreg *s)
{
	s64 smin, smax;

	d->var = tnum_sub(d->var, s->var);
	if (__builtin_sub_overflow(d->smin, s->smax, &smin) ||
	    __builtin_sub_overflow(d->smax, s->smin, &smax)) {
		smin = S64_MIN;
		smax = S64_MAX;
	}
	if (d->umin < s->umax) {
		d->umin = 0;
		d->umax = U64_MAX;
	} else {
		d->umin -= s->umax;
		d->umax -= s->umin;
	}
	d->smin = smin;
	d->smax = smax;
	num_unknown32(d);
	scalar_sync(d);
}

static void set_urange_only(struct vreg *d, struct tnum var, u64 umin, u64 umax)
{
	num_unknown(d);
	d->var = var;
	d->umin = umin;
	d->umax = umax;
	scalar_sync(d);
}

static void scalar_shift(struct vreg *d, const struct vreg *s, u8 op, u8 width)
{
	u8 k;

	if (!tnum_is_const(s->var)) {
		num_unknown(d);
		return;
	}
	k = s->var.value & (width - 1);
	switch (op) {
	case KBPF_LSH:
		if (d->umax > (U64_MAX >> k))
			set_urange_only(d, tnum_lshift(d->var, k), 0, U64_MAX);
		else
			set_urange_only(d, tnum_lshift(d->var, k), d->umin << k,
					d->umax << k);
		break;
	case KBPF_RSH:
		set_urange_only(d, tnum_rshift(d->var, k), d->umin >> k,
				d->umax >> k);
		break;
	case KBPF_ARSH: {
		s64 smin = d->smin >> k, smax = d->smax >> k;

		num_unknown(d);
		d->var = tnum_arshift(d->var, k, 64);
		d->smin = smin;
		d->smax = smax;
		scalar_sync(d);
		break;
	}
	}
}

static void scalar_divmod(struct vreg *d, const struct vreg *s, u8 op,
			  bool sdiv)
{
	u64 k = s->var.value, umax = d->umax;

	if (sdiv) {
		num_unknown(d);
		return;
	}
	if (tnum_is_const(s->var) && k) {
		if (op == KBPF_DIV)
			set_urange_only(d, tnum_unknown(), d->umin / k, umax / k);
		else if (umax >= k)
			set_urange_only(d, tnum_unknown(), 0, k - 1);
		return;
	}
	if (tnum_is_const(s->var)) {
		/* Division by zero gives 0; modulo by zero keeps the dividend. */
		if (op == KBPF_DIV)
			num_const(d, 0);
		return;
	}
	/* A quotient or remainder is never above the dividend. */
	set_urange_only(d, tnum_unknown(), 0, umax);
}

/* Both operands known: compute as the engines do. */
static bool const_fold(struct vreg *d, const struct vreg *s, u8 op, u8 width)
{
	u64 a = d->var.value, b = s->var.value, r;

	switch (op) {
	case KBPF_ADD:
		r = a + b;
		break;
	case KBPF_SUB:
		r = a - b;
		break;
	case KBPF_MUL:
		r = a * b;
		break;
	case KBPF_OR:
		r = a | b;
		break;
	case KBPF_AND:
		r = a & b;
		break;
	case KBPF_XOR:
		r = a ^ b;
		break;
	case KBPF_LSH:
		r = a << (b & (width - 1));
		break;
	case KBPF_RSH:
		r = a >> (b & (width - 1));
		break;
	case KBPF_ARSH:
		r = (u64)((s64)a >> (b & (width - 1)));
		break;
	case KBPF_DIV:
		r = b ? a / b : 0;
		break;
	case KBPF_MOD:
		r = b ? a % b : a;
		break;
	case KBPF_NEG:
		r = -a;
		break;
	default:
		return false;
	}
	num_const(d, r);
	return true;
}

static void scalar_alu64(struct vreg *d, const struct vreg *s, u8 op,
			 bool sdiv, u8 width)
{
	if (!sdiv && tnum_is_const(d->var) && tnum_is_const(s->var) &&
	    const_fold(d, s, op, width))
		return;
	switch (op) {
	case KBPF_ADD:
		scalar_add(d, s);
		break;
	case KBPF_SUB:
		scalar_sub(d, s);
		break;
	case KBPF_MUL:
		if (d->umax <= U32_MAX && s->umax <= U32_MAX)
			set_urange_only(d, tnum_mul(d->var, s->var),
					d->umin * s->umin, d->umax * s->umax);
		else
			set_urange_only(d, tnum_mul(d->var, s->var), 0, U64_MAX);
		break;
	case KBPF_AND: {
		struct tnum t = tnum_and(d->var, s->var);

		set_urange_only(d, t, t.value, min(d->umax, s->umax));
		break;
	}
	case KBPF_OR: {
		struct tnum t = tnum_or(d->var, s->var);

		set_urange_only(d, t, max(d->umin, s->umin), t.value | t.mask);
		break;
	}
	case KBPF_XOR:
		set_urange_only(d, tnum_xor(d->var, s->var), 0, U64_MAX);
		break;
	case KBPF_LSH:
	case KBPF_RSH:
	case KBPF_ARSH:
		scalar_shift(d, s, op, width);
		break;
	case KBPF_DIV:
	case KBPF_MOD:
		scalar_divmod(d, s, op, sdiv);
		break;
	case KBPF_NEG: {
		s64 smin = d->smin, smax = d->smax;

		d->var = tnum_sub(tnum_const(0), d->var);
		num_unknown32(d);
		d->umin = 0;
		d->umax = U64_MAX;
		if (smin != S64_MIN) {
			d->smin = -smax;
			d->smax = -smin;
		} else {
			d->smin = S64_MIN;
			d->smax = S64_MAX;
		}
		scalar_sync(d);
		break;
	}
	default:
		num_unknown(d);
	}
}

/* dst = dst op src on scalars, as the engines compute it. */
void scalar_alu(struct vreg *d, const struct vreg *src, u8 op, bool is64,
		bool sdiv)
{
	struct vreg s = *src;

	if (is64) {
		scalar_alu64(d, &s, op, sdiv, 64);
		return;
	}
	if (op == KBPF_ARSH || sdiv)
		scalar_sext32(d);
	else
		scalar_zext32(d);
	if (sdiv)
		scalar_sext32(&s);
	else
		scalar_zext32(&s);
	scalar_alu64(d, &s, op, sdiv, 32);
	scalar_zext32(d);
}

void scalar_movsx(struct vreg *r, u8 bits, bool is64)
{
	s64 lo = -(1LL << (bits - 1)), hi = (1LL << (bits - 1)) - 1;

	if (tnum_is_const(r->var)) {
		u64 v = r->var.value;
		s64 ext = bits == 8 ? (s8)v : bits == 16 ? (s16)v : (s32)v;

		num_const(r, is64 ? (u64)ext : (u32)ext);
		return;
	}
	/* Small non-negative values are unchanged by sign extension. */
	if (r->umax <= (u64)hi) {
		if (!is64)
			scalar_zext32(r);
		return;
	}
	num_unknown(r);
	if (is64) {
		r->smin = lo;
		r->smax = hi;
		scalar_sync(r);
		return;
	}
	r->s32min = lo;
	r->s32max = hi;
	scalar_sync(r);
	scalar_zext32(r);
}

static u64 swap_width(u64 v, u32 width)
{
	return width == 16 ? swab16(v) : width == 32 ? swab32(v) : swab64(v);
}

/*
 * Byte order conversion on a little-endian machine (all kbpf targets):
 * to-LE truncates to the width, to-BE and bswap reverse the bytes.
 */
void scalar_endian(struct vreg *r, u8 code, u32 width)
{
	bool swap = KBPF_CLASS(code) == KBPF_ALU64 ||
		    (code & KBPF_TO_BE) == KBPF_TO_BE;
	u64 mask = width == 64 ? U64_MAX : (1ULL << width) - 1;

	if (tnum_is_const(r->var)) {
		u64 v = r->var.value & mask;

		num_const(r, swap ? swap_width(v, width) : v);
		return;
	}
	if (!swap) {
		struct vreg m;

		scalar_set_const(&m, mask);
		scalar_alu64(r, &m, KBPF_AND, false, 64);
		return;
	}
	num_unknown(r);
	if (width < 64)
		set_urange_only(r, tnum_range(0, mask), 0, mask);
}

/*
 * Refine two ranges for lo_a..hi_a < (or <=) lo_b..hi_b. False when no
 * pair of values satisfies the comparison.
 */
static bool urefine_lt(u64 *alo, u64 *ahi, u64 *blo, u64 *bhi, bool strict)
{
	if (strict) {
		if (*bhi == 0 || *alo == U64_MAX)
			return false;
		*ahi = min(*ahi, *bhi - 1);
		*blo = max(*blo, *alo + 1);
	} else {
		*ahi = min(*ahi, *bhi);
		*blo = max(*blo, *alo);
	}
	return *alo <= *ahi && *blo <= *bhi;
}

static bool srefine_lt(s64 *alo, s64 *ahi, s64 *blo, s64 *bhi, bool strict)
{
	if (strict) {
		if (*bhi == S64_MIN || *alo == S64_MAX)
			return false;
		*ahi = min(*ahi, *bhi - 1);
		*blo = max(*blo, *alo + 1);
	} else {
		*ahi = min(*ahi, *bhi);
		*blo = max(*blo, *alo);
	}
	return *alo <= *ahi && *blo <= *bhi;
}

struct view {
	u64 ulo, uhi;
	s64 slo, shi;
};

static void view_get(const struct vreg *r, bool is32, struct view *v)
{
	if (is32) {
		v->ulo = r->u32min;
		v->uhi = r->u32max;
		v->slo = r->s32min;
		v->shi = r->s32max;
	} else {
		v->ulo = r->umin;
		v->uhi = r->umax;
		v->slo = r->smin;
		v->shi = r->smax;
	}
}

static void view_put(struct vreg *r, bool is32, const struct view *v)
{
	if (is32) {
		r->u32min = v->ulo;
		r->u32max = v->uhi;
		r->s32min = v->slo;
		r->s32max = v->shi;
	} else {
		r->umin = v->ulo;
		r->umax = v->uhi;
		r->smin = v->slo;
		r->smax = v->shi;
	}
}

static bool refine_eq(struct vreg *a, struct vreg *b, struct view *va,
		      struct view *vb, bool is32)
{
	struct tnum ta = a->var, tb = b->var;

	if (is32) {
		ta = tnum_low32(ta);
		ta.mask |= ~(u64)U32_MAX;
		tb = tnum_low32(tb);
		tb.mask |= ~(u64)U32_MAX;
	}
	if (tnum_conflict(a->var, tb) || tnum_conflict(b->var, ta))
		return false;
	a->var = tnum_intersect(a->var, tb);
	b->var = tnum_intersect(b->var, ta);
	va->ulo = vb->ulo = max(va->ulo, vb->ulo);
	va->uhi = vb->uhi = min(va->uhi, vb->uhi);
	va->slo = vb->slo = max(va->slo, vb->slo);
	va->shi = vb->shi = min(va->shi, vb->shi);
	return va->ulo <= va->uhi && va->slo <= va->shi;
}

/* a != k for a known k: a bound equal to k moves by one. */
static bool refine_ne_const(struct view *va, const struct view *vb)
{
	if (vb->ulo != vb->uhi)
		return true;
	if (va->ulo == va->uhi && va->ulo == vb->ulo)
		return false;
	if (va->ulo == vb->ulo)
		va->ulo++;
	else if (va->uhi == vb->ulo)
		va->uhi--;
	if (va->slo == vb->slo)
		va->slo++;
	else if (va->shi == vb->slo)
		va->shi--;
	return true;
}

static bool refine_set(struct vreg *a, const struct vreg *b, bool set,
		       bool is32)
{
	u64 k = b->var.value, maybe = a->var.value | a->var.mask;

	if (!tnum_is_const(b->var))
		return true;
	if (is32)
		k &= U32_MAX;
	if (set) {
		if (!(maybe & k))
			return false;
		/* One bit tested and it is set. */
		if (!(k & (k - 1)))
			a->var = tnum_intersect(a->var, (struct tnum){ k, ~k });
		return true;
	}
	if (a->var.value & k)
		return false;
	a->var.mask &= ~k;
	return true;
}

/*
 * Learn from "a op b" being true: op is a jump opcode, or KBPF_JSET | 1
 * for "a & b == 0". Returns false when it cannot be true.
 */
bool scalar_refine(struct vreg *a, struct vreg *b, u8 op, bool is32)
{
	struct view va, vb;
	bool ok = true;

	view_get(a, is32, &va);
	view_get(b, is32, &vb);
	switch (op) {
	case KBPF_JEQ:
		ok = refine_eq(a, b, &va, &vb, is32);
		break;
	case KBPF_JNE:
		ok = refine_ne_const(&va, &vb) && refine_ne_const(&vb, &va);
		break;
	case KBPF_JSET:
		return refine_set(a, b, true, is32) && scalar_sync(a);
	case KBPF_JSET | 1:
		return refine_set(a, b, false, is32) && scalar_sync(a);
	case KBPF_JGT:
		ok = urefine_lt(&vb.ulo, &vb.uhi, &va.ulo, &va.uhi, true);
		break;
	case KBPF_JGE:
		ok = urefine_lt(&vb.ulo, &vb.uhi, &va.ulo, &va.uhi, false);
		break;
	case KBPF_JLT:
		ok = urefine_lt(&va.ulo, &va.uhi, &vb.ulo, &vb.uhi, true);
		break;
	case KBPF_JLE:
		ok = urefine_lt(&va.ulo, &va.uhi, &vb.ulo, &vb.uhi, false);
		break;
	case KBPF_JSGT:
		ok = srefine_lt(&vb.slo, &vb.shi, &va.slo, &va.shi, true);
		break;
	case KBPF_JSGE:
		ok = srefine_lt(&vb.slo, &vb.shi, &va.slo, &va.shi, false);
		break;
	case KBPF_JSLT:
		ok = srefine_lt(&va.slo, &va.shi, &vb.slo, &vb.shi, true);
		break;
	case KBPF_JSLE:
		ok = srefine_lt(&va.slo, &va.shi, &vb.slo, &vb.shi, false);
		break;
	}
	if (!ok)
		return false;
	view_put(a, is32, &va);
	view_put(b, is32, &vb);
	return scalar_sync(a) && scalar_sync(b);
}

/* Every value @inner admits, @outer admits. */
bool scalar_in(const struct vreg *outer, const struct vreg *inner)
{
	return tnum_in(outer->var, inner->var) &&
	       outer->umin <= inner->umin && inner->umax <= outer->umax &&
	       outer->smin <= inner->smin && inner->smax <= outer->smax &&
	       outer->u32min <= inner->u32min && inner->u32max <= outer->u32max &&
	       outer->s32min <= inner->s32min && inner->s32max <= outer->s32max;
}
