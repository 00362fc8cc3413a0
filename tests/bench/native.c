// SPDX-License-Identifier: GPL-2.0-only
/*
 * The benchmark loops of tests/bench/loops.h written in C, built with
 * -O2 and run on the host: the native column of make bench. Each loop
 * does the same work per iteration as its bytecode; an empty asm with
 * the loop's values as operands keeps the compiler from folding or
 * vectorizing the loop away, and the called functions are not inlined,
 * as a BPF call is a call.
 *
 *   native [REPEAT]   prints "| loop | native ns/iter |" rows
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "loops.h"

#define keep(v)	__asm__ volatile("" : "+r"(v))

static uint64_t sum(void)
{
	uint64_t r0 = 0, i;

	for (i = ITERS; i; i--) {
		r0 += i;
		keep(r0);
	}
	return r0;
}

static uint64_t checksum(void)
{
	volatile uint64_t word = 0x4500003c;
	const uint16_t *w = (const uint16_t *)&word;
	uint64_t r0 = 0, i;

	for (i = ITERS; i; i--) {
		r0 += w[0];
		r0 += w[1];
		r0 += w[2];
		r0 += w[3];
		r0 = (r0 & 0xffff) + (r0 >> 16);
		keep(r0);
	}
	return r0;
}

static uint64_t xorshift(void)
{
	uint64_t r0 = 0, x = 88172645, i;

	for (i = ITERS; i; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		r0 = ((r0 + x) * 31) & 0x7fffffff;
		keep(r0);
	}
	return r0;
}

static uint64_t fnv(void)
{
	volatile uint64_t word = 0x12345678;
	const uint8_t *b = (const uint8_t *)&word;
	uint32_t h = 2166136261u;
	uint64_t i;

	for (i = ITERS; i; i--) {
		h = (h ^ b[0]) * 16777619;
		h = (h ^ b[1]) * 16777619;
		h = (h ^ b[2]) * 16777619;
		h = (h ^ b[3]) * 16777619;
		keep(h);
	}
	return h;
}

static uint64_t stack(void)
{
	volatile uint64_t slot1, slot2;
	uint64_t r0 = 0, i;

	for (i = ITERS; i; i--) {
		slot1 = i;
		slot2 = slot1;
		r0 += slot2;
	}
	return r0;
}

static __attribute__((noinline)) uint64_t times3(uint64_t x)
{
	keep(x);
	return x * 3;
}

static uint64_t call(void)
{
	uint64_t r0 = 0, i;

	for (i = ITERS; i; i--)
		r0 += times3(i);
	return r0;
}

/* The per-CPU generator bpf_get_prandom_u32() uses, out of line as a helper. */
static __attribute__((noinline)) uint32_t prandom(void)
{
	static uint64_t s = 0x9e3779b97f4a7c15ULL;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (uint32_t)s;
}

static uint64_t helper(void)
{
	uint64_t r0 = 0, i;

	for (i = ITERS; i; i--)
		r0 += prandom();
	return r0;
}

static const struct {
	const char *name;
	uint64_t (*fn)(void);
} loops[] = {
	{ "sum", sum }, { "checksum", checksum }, { "xorshift", xorshift },
	{ "fnv", fnv }, { "stack", stack }, { "call", call },
	{ "helper", helper },
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned int repeat = argc > 1 ? strtoul(argv[1], NULL, 0) : 200;
	size_t i, b;
	unsigned int round, r;
	volatile uint64_t sink = 0;

	printf("| loop | native ns/iter |\n|---|---|\n");
	for (i = 0; i < sizeof(loops) / sizeof(loops[0]); i++) {
		double best = 1e30, t;

		/* The bytecode loop of the same name must exist. */
		for (b = 0; b < sizeof(bench_loops) / sizeof(bench_loops[0]); b++)
			if (!strcmp(bench_loops[b].name, loops[i].name))
				break;
		if (b == sizeof(bench_loops) / sizeof(bench_loops[0]))
			return 1;
		for (round = 0; round < 5; round++) {
			t = now_ns();
			for (r = 0; r < repeat; r++)
				sink += loops[i].fn();
			t = (now_ns() - t) / repeat / ITERS;
			if (t < best)
				best = t;
		}
		printf("| %s | %.2f |\n", loops[i].name, best);
	}
	return 0;
}
