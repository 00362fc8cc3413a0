// SPDX-License-Identifier: GPL-2.0-only
/*
 * native_jit DUMP [RUNS [OFFSETS]]: runs the machine code that kbpf's JIT and the
 * kernel's JIT made of each loop of loops.h in the stock guest
 * (tests/bench/jit_dump.c prints it, the native-jit part of make bench
 * saves it as DUMP) on this host's CPU, and prints a Markdown table of
 * ns per loop iteration: the code compared on real hardware rather than
 * under QEMU's emulation.
 *
 * Each image is copied into an anonymous mapping (read-write, written,
 * then read-execute: never both), its functions one after another as
 * they came. Each is disassembled (capstone) and the only changes are:
 *
 *   - a "jmp rel32" out of the image (the return through the kernel's
 *     __x86_return_thunk; for Linux's images its target must be the
 *     address of __x86_return_thunk the guest printed, for kbpf's, whose
 *     image address is not shown, it must be followed by int3 as kbpf's
 *     epilogue has it and all such jumps of the image must have one
 *     target) becomes "ret; int3; int3; int3; int3", the same 5 bytes;
 *   - a "call rel32" from one of Linux's functions to another (a
 *     bpf-to-bpf call: Linux JITs each subprogram as its own image) gets
 *     its rel32 recomputed for the new places.
 *
 * An image that needs more (a call into the kernel, as the helper loop
 * makes, any other branch out, an indirect branch, a segment override,
 * a 64-bit immediate that may be a kernel address) is not run: its row
 * says why. Every run's r0 must be the guest's, or the program fails.
 *
 * Each image is timed at one placement (starting at a page) and at every
 * byte offset 0..OFFSETS-1 past it (default 64), since the start's offset within a cache line
 * moves a tight loop's branch and fetch alignment: the table gives the
 * time at offset 0 and the best and the median over the offsets, the
 * engines timed in turn at each. A time is the best of ROUNDS rounds of
 * RUNS runs (default 20; clock_gettime, monotonic): short rounds, so that
 * on a shared host some run undisturbed.
 */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "loops.h"

#define NR_LOOPS	(sizeof(bench_loops) / sizeof(bench_loops[0]))
#define MAX_FUNCS	8
#define MAX_CODE	16384
#define ROUNDS		100
#define OFFSETS		64
#define KERNEL_ADDR	0xffff800000000000ULL

enum engine { KBPF, LINUX, NR_ENGINES };

static const char *const engine_names[] = { "kbpf", "linux" };

struct image {
	bool present;
	uint64_t r0;
	uint32_t funcs;
	uint64_t addr[MAX_FUNCS];	/* in the guest; 0 for kbpf's */
	uint32_t len[MAX_FUNCS];
	uint32_t got[MAX_FUNCS];	/* bytes read so far */
	uint32_t start[MAX_FUNCS];	/* offset in code[] */
	uint8_t code[MAX_CODE];
	uint32_t size;
	const char *why;		/* why it cannot run here, or NULL */
	char why_buf[96];
	unsigned int patches;
};

static struct image images[NR_ENGINES][NR_LOOPS];
static uint64_t thunk;
static unsigned int runs = 20;
static unsigned int offsets = OFFSETS;

static int loop_index(const char *name)
{
	size_t i;

	for (i = 0; i < NR_LOOPS; i++)
		if (!strcmp(bench_loops[i].name, name))
			return i;
	return -1;
}

static int engine_index(const char *name)
{
	return !strcmp(name, "kbpf") ? KBPF : !strcmp(name, "linux") ? LINUX : -1;
}

static int parse_hex(struct image *im, uint32_t f, const char *hex)
{
	unsigned int b;

	for (; hex[0] && hex[1] && hex[0] != '\n'; hex += 2) {
		if (sscanf(hex, "%2x", &b) != 1 || im->got[f] >= im->len[f])
			return -1;
		im->code[im->start[f] + im->got[f]++] = b;
	}
	return 0;
}

/* Reads the dump: the lines after "natjit ", anything else is ignored. */
static int read_dump(FILE *in)
{
	char line[1024], engine[16], loop[32], rest[512];
	unsigned long long a, r0;
	unsigned int f, len, funcs;
	struct image *im;
	int e, l;

	while (fgets(line, sizeof(line), in)) {
		char *p = strstr(line, "natjit ");

		if (!p)
			continue;
		p += 7;
		if (sscanf(p, "thunk %llx", &a) == 1) {
			thunk = a;
			continue;
		}
		if (sscanf(p, "%*s %15s %31s", engine, loop) != 2)
			continue;
		e = engine_index(engine);
		l = loop_index(loop);
		if (e < 0 || l < 0) {
			fprintf(stderr, "bad dump line: %s", line);
			return -1;
		}
		im = &images[e][l];
		if (sscanf(p, "image %*s %*s r0 %llu funcs %u", &r0, &funcs) == 2) {
			if (funcs > MAX_FUNCS || im->present)
				return -1;
			im->present = true;
			im->r0 = r0;
			im->funcs = funcs;
		} else if (sscanf(p, "func %*s %*s %u addr %llx len %u", &f, &a, &len) == 3) {
			if (!im->present || f >= im->funcs || im->size + len > MAX_CODE)
				return -1;
			im->addr[f] = a;
			im->len[f] = len;
			im->start[f] = im->size;
			im->size += len;
		} else if (sscanf(p, "hex %*s %*s %u %511s", &f, rest) == 2) {
			if (!im->present || f >= im->funcs || parse_hex(im, f, rest))
				return -1;
		}
	}
	for (e = 0; e < NR_ENGINES; e++)
		for (l = 0; l < (int)NR_LOOPS; l++)
			for (f = 0; images[e][l].present && f < images[e][l].funcs; f++)
				if (images[e][l].got[f] != images[e][l].len[f]) {
					fprintf(stderr, "%s %s: function %u short\n",
						engine_names[e], bench_loops[l].name, f);
					return -1;
				}
	return 0;
}

static void refuse(struct image *im, const char *fmt, uint64_t v)
{
	if (im->why)
		return;
	snprintf(im->why_buf, sizeof(im->why_buf), fmt, (unsigned long long)v);
	im->why = im->why_buf;
}

/* Function of @im holding guest address @t, or -1. */
static int func_at(const struct image *im, uint64_t t)
{
	uint32_t f;

	for (f = 0; f < im->funcs; f++)
		if (t >= im->addr[f] && t < im->addr[f] + im->len[f])
			return f;
	return -1;
}

static void put_rel32(uint8_t *p, int64_t rel)
{
	int32_t r = (int32_t)rel;

	memcpy(p, &r, 4);
}

/*
 * Applies the patches of the header comment to im->code, or sets im->why.
 * Addresses are the guest's (kbpf's image: its offsets, it is one
 * function); the code stays at the offsets it has in im->code, so
 * relative branches between functions are recomputed for those.
 */
static void patch(struct image *im, csh cs)
{
	uint64_t kbpf_ret = 0;
	uint32_t f;

	for (f = 0; f < im->funcs; f++) {
		uint8_t *code = im->code + im->start[f];
		size_t n, i;
		cs_insn *ins;

		n = cs_disasm(cs, code, im->len[f], im->addr[f], 0, &ins);
		for (i = 0; i < n; i++) {
			const cs_x86 *x = &ins[i].detail->x86;
			uint32_t off = ins[i].address - im->addr[f];
			bool jump = cs_insn_group(cs, &ins[i], X86_GRP_JUMP);
			bool call = cs_insn_group(cs, &ins[i], X86_GRP_CALL);
			uint64_t t;
			int to;

			if (x->prefix[1])
				refuse(im, "segment override at +%llu", off);
			if (ins[i].id == X86_INS_MOVABS && x->op_count == 2 &&
			    x->operands[1].type == X86_OP_IMM &&
			    (uint64_t)x->operands[1].imm >= KERNEL_ADDR)
				refuse(im, "a 64-bit kernel address at +%llu", off);
			if (!jump && !call)
				continue;
			if (x->op_count != 1 || x->operands[0].type != X86_OP_IMM) {
				refuse(im, "an indirect branch at +%llu", off);
				continue;
			}
			t = x->operands[0].imm;
			to = func_at(im, t);
			if (to == (int)f)
				continue;	/* within its function */
			if (to >= 0 && call && ins[i].size == 5 && code[off] == 0xe8) {
				/* A bpf-to-bpf call between Linux's functions. */
				put_rel32(code + off + 1,
					  (int64_t)(im->start[to] + (t - im->addr[to])) -
					  (int64_t)(im->start[f] + off + 5));
				im->patches++;
				continue;
			}
			if (to < 0 && jump && ins[i].size == 5 && code[off] == 0xe9) {
				bool ok;

				if (im->addr[f])	/* Linux's */
					ok = thunk && t == thunk;
				else			/* kbpf's */
					ok = off + 5 < im->len[f] && code[off + 5] == 0xcc &&
					     (!kbpf_ret || kbpf_ret == t);
				if (ok) {
					kbpf_ret = t;
					memcpy(code + off, "\xc3\xcc\xcc\xcc\xcc", 5);
					im->patches++;
					continue;
				}
			}
			if (im->addr[f])
				refuse(im, call ? "a call out of the image to 0x%llx" :
				       "a branch out of the image to 0x%llx", t);
			else	/* kbpf's: offsets, its address is not known */
				refuse(im, call ? "a call out of the image at +%llu" :
				       "a branch out of the image at +%llu", off);
		}
		if (n && ins[n - 1].address + ins[n - 1].size != im->addr[f] + im->len[f])
			refuse(im, "code capstone cannot decode in function %llu", f);
		if (!n)
			refuse(im, "function %llu does not decode", f);
		cs_free(ins, n);
	}
}

typedef uint64_t (*jit_fn)(const void *ctx, const void *aux);

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * Best ns per loop iteration of @im placed @offset bytes into a fresh
 * mapping, or -1 with the r0 it returned in *bad.
 */
static double time_at(const struct image *im, uint32_t offset, uint64_t *bad)
{
	size_t size = (offset + im->size + 4095) & ~4095UL;
	uint8_t ctx[64] = { 0 };
	double best = -1;
	uint8_t *m;
	unsigned int r, i;
	jit_fn fn;

	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	memset(m, 0xcc, size);
	memcpy(m + offset, im->code, im->size);
	if (mprotect(m, size, PROT_READ | PROT_EXEC)) {
		perror("mprotect");
		exit(1);
	}
	fn = (jit_fn)(uintptr_t)(m + offset);
	for (r = 0; r < ROUNDS; r++) {
		double t0 = now_ns(), t;

		for (i = 0; i < runs; i++) {
			uint64_t r0 = fn(ctx, NULL);

			if (r0 != im->r0) {
				*bad = r0;
				munmap(m, size);
				return -1;
			}
		}
		t = (now_ns() - t0) / ((double)runs * ITERS);
		if (best < 0 || t < best)
			best = t;
	}
	munmap(m, size);
	return best;
}

struct result {
	double at[OFFSETS];
	double at0, min, median;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void summarize(struct result *r)
{
	double sorted[OFFSETS];

	memcpy(sorted, r->at, offsets * sizeof(sorted[0]));
	qsort(sorted, offsets, sizeof(sorted[0]), cmp_double);
	r->at0 = r->at[0];
	r->min = sorted[0];
	r->median = (sorted[(offsets - 1) / 2] + sorted[offsets / 2]) / 2;
}

/*
 * Times loop @l's runnable images at each offset, the engines in turn at
 * each (a burst of load on a shared host then hits both): ok[e] is
 * cleared for an image that returned another r0 than in the guest.
 */
static void time_loop(size_t l, struct result *res, bool *ok)
{
	uint64_t bad = 0;
	uint32_t o;
	int e;

	for (o = 0; o < offsets; o++)
		for (e = 0; e < NR_ENGINES; e++) {
			const struct image *im = &images[e][l];
			struct result *r = &res[e];
			double t;

			if (!ok[e])
				continue;
			t = time_at(im, o, &bad);
			if (t < 0) {
				fprintf(stderr, "%s %s: r0 %" PRIu64 " natively, %" PRIu64
					" in the guest\n", engine_names[e],
					bench_loops[l].name, bad, im->r0);
				ok[e] = false;
				continue;
			}
			r->at[o] = t;
		}
	for (e = 0; e < NR_ENGINES; e++)
		if (ok[e])
			summarize(&res[e]);
}

static void print_result(const struct image *im, const struct result *r, bool ok)
{
	if (!im->present)
		printf(" not in the dump | - |");
	else if (im->why)
		printf(" not run: %s | - |", im->why);
	else if (!ok)
		printf(" wrong r0 | - |");
	else
		printf(" %.3f | %.3f / %.3f |", r->at0, r->min, r->median);
}

int main(int argc, char **argv)
{
	struct result res[NR_LOOPS][NR_ENGINES];
	bool ok[NR_LOOPS][NR_ENGINES];
	FILE *in;
	size_t l;
	int e, status = 0;
	csh cs;

	if (argc < 2) {
		fprintf(stderr, "usage: native_jit DUMP [RUNS [OFFSETS]]\n");
		return 2;
	}
	if (argc > 2)
		runs = strtoul(argv[2], NULL, 0);
	if (argc > 3)
		offsets = strtoul(argv[3], NULL, 0);
	if (!runs || !offsets || offsets > OFFSETS) {
		fprintf(stderr, "RUNS must be > 0, OFFSETS 1..%d\n", OFFSETS);
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	if (read_dump(in)) {
		fprintf(stderr, "%s: malformed dump\n", argv[1]);
		return 1;
	}
	fclose(in);
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK ||
	    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK) {
		fprintf(stderr, "capstone\n");
		return 1;
	}
	for (l = 0; l < NR_LOOPS; l++) {
		bool run[NR_ENGINES];

		for (e = 0; e < NR_ENGINES; e++) {
			struct image *im = &images[e][l];

			if (!im->present) {
				fprintf(stderr, "%s %s: not in the dump\n", engine_names[e],
					bench_loops[l].name);
				status = 1;
			} else {
				patch(im, cs);
			}
			run[e] = ok[l][e] = im->present && !im->why;
		}
		time_loop(l, res[l], ok[l]);
		for (e = 0; e < NR_ENGINES; e++)
			if (run[e] && !ok[l][e])
				status = 1;
	}
	cs_close(&cs);
	printf("| loop | r0 | kbpf JIT ns/iter | kbpf best / median offset | Linux JIT ns/iter | Linux best / median offset | kbpf / Linux | kbpf / Linux, median offsets | bytes kbpf / Linux |\n");
	printf("|---|---|---|---|---|---|---|---|---|\n");
	for (l = 0; l < NR_LOOPS; l++) {
		const struct image *k = &images[KBPF][l], *x = &images[LINUX][l];

		printf("| %s | %" PRIu64 " |", bench_loops[l].name, x->present ? x->r0 : k->r0);
		print_result(k, &res[l][KBPF], ok[l][KBPF]);
		print_result(x, &res[l][LINUX], ok[l][LINUX]);
		if (ok[l][KBPF] && ok[l][LINUX])
			printf(" %.2f | %.2f |", res[l][KBPF].at0 / res[l][LINUX].at0,
			       res[l][KBPF].median / res[l][LINUX].median);
		else
			printf(" - | - |");
		printf(" %u / %u |\n", k->size, x->size);
		if (k->present && x->present && !bench_loops[l].random && k->r0 != x->r0) {
			fprintf(stderr, "%s: r0 %" PRIu64 " in kbpf, %" PRIu64 " in Linux\n",
				bench_loops[l].name, k->r0, x->r0);
			status = 1;
		}
	}
	return status;
}
