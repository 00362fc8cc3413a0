// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tracked numbers: a value whose bits are each known 0, known 1 or unknown.
 * @mask has a 1 for every unknown bit; known bits are in @value, and an
 * unknown bit is 0 in @value. Every operation over-approximates: the
 * result holds every value the operation can produce from members of the
 * inputs.
 */
#include "internal.h"

struct tnum tnum_const(u64 v)
{
	return (struct tnum){ .value = v, .mask = 0 };
}

struct tnum tnum_unknown(void)
{
	return (struct tnum){ .value = 0, .mask = U64_MAX };
}

static u32 highest_bit(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/* Values in [min, max] share the bits above the highest differing one. */
struct tnum tnum_range(u64 min, u64 max)
{
	u32 bits = highest_bit(min ^ max);
	u64 low;

	if (bits >= 64)
		return tnum_unknown();
	low = (1ULL << bits) - 1;
	return (struct tnum){ .value = min & ~low, .mask = low };
}

/*
 * Addition: add the known parts and, separately, the largest members;
 * every bit where the two sums differ, or that was unknown, may carry.
 */
struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 known = a.value + b.value;
	u64 most = known + a.mask + b.mask;
	u64 unknown = (known ^ most) | a.mask | b.mask;

	return (struct tnum){ .value = known & ~unknown, .mask = unknown };
}

struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 diff = a.value - b.value;
	u64 hi = diff + a.mask, lo = diff - b.mask;
	u64 unknown = (hi ^ lo) | a.mask | b.mask;

	return (struct tnum){ .value = diff & ~unknown, .mask = unknown };
}

struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 ones = a.value & b.value;
	u64 maybe = (a.value | a.mask) & (b.value | b.mask);

	return (struct tnum){ .value = ones, .mask = maybe & ~ones };
}

struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 ones = a.value | b.value;

	return (struct tnum){ .value = ones, .mask = (a.mask | b.mask) & ~ones };
}

struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 unknown = a.mask | b.mask;

	return (struct tnum){ .value = (a.value ^ b.value) & ~unknown,
			      .mask = unknown };
}

/* Long multiplication: each set or unknown bit of @a adds a shifted @b. */
struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	struct tnum acc = tnum_const(0);
	u32 i;

	for (i = 0; i < 64 && (a.value | a.mask) >> i; i++) {
		u64 bit = 1ULL << i;
		struct tnum term;

		if (a.value & bit)
			term = (struct tnum){ b.value << i, b.mask << i };
		else if (a.mask & bit)
			term = (struct tnum){ 0, (b.value | b.mask) << i };
		else
			continue;
		acc = tnum_add(acc, term);
	}
	return acc;
}

struct tnum tnum_lshift(struct tnum a, u8 k)
{
	return (struct tnum){ a.value << k, a.mask << k };
}

struct tnum tnum_rshift(struct tnum a, u8 k)
{
	return (struct tnum){ a.value >> k, a.mask >> k };
}

/* Arithmetic shift of a 64-bit value: the sign bit's state is copied. */
struct tnum tnum_arshift(struct tnum a, u8 k, u8 width)
{
	(void)width;
	return (struct tnum){ (u64)((s64)a.value >> k),
			      (u64)((s64)a.mask >> k) };
}

struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value, unknown = a.mask & b.mask;

	return (struct tnum){ .value = v & ~unknown, .mask = unknown };
}

struct tnum tnum_low32(struct tnum a)
{
	return (struct tnum){ a.value & U32_MAX, a.mask & U32_MAX };
}

bool tnum_is_const(struct tnum a)
{
	return !a.mask;
}

/* No value is in both: a bit known in both differs. */
bool tnum_conflict(struct tnum a, struct tnum b)
{
	return (a.value ^ b.value) & ~(a.mask | b.mask);
}

/* Every member of @inner is a member of @outer. */
bool tnum_in(struct tnum outer, struct tnum inner)
{
	if (inner.mask & ~outer.mask)
		return false;
	return (inner.value & ~outer.mask) == outer.value;
}
