// SPDX-License-Identifier: GPL-2.0-only
/*
 * The JIT against the interpreter, on the host: native code runs from
 * the host arena (jit/mem_host.c). Every instruction-set case, every
 * program the verifier table accepts, and randomized programs must give
 * the JIT and the interpreter the same r0, and the same memory.
 */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <time.h>
#include "unit.h"
#include "../../jit/jit.h"
#include "../../verifier/verifier.h"
#include "../../maps/maps.h"
#include "../../helpers/helpers.h"
#include "../cases/isa_cases.h"
#include "../verifier/verifier_cases.h"
#include "../cases/random_prog.h"

static struct kbpf_jit_opts jit_opts;

#if defined(__x86_64__)
/* jit/mem_host.c: returns through a thunk, as with X86_FEATURE_RETHUNK. */
extern bool kbpf_host_rethunk;
void kbpf_host_return_thunk(void);
static u32 native_rets, thunk_returns;
#else
static bool kbpf_host_rethunk;
#endif

/* Which run of the tables this is, for the test names. */
static const char *variant(void)
{
	return jit_opts.blind ? "-blind" : kbpf_host_rethunk ? "-rethunk" : "";
}

/* Interpreter and JIT copies of one program, both verified. */
struct pair {
	struct kbpf_prog *interp, *jit;
	int err;
};

static struct kbpf_prog *prepare(const struct kbpf_insn *insns, u32 len,
				 u32 type, const struct kbpf_verify_opts *opts,
				 struct kbpf_map **maps, u32 nr_maps)
{
	struct kbpf_prog *prog = kbpf_prog_alloc(len);
	struct kbpf_verify_result res;

	if (!prog)
		return NULL;
	memcpy(prog->insns, insns, len * sizeof(insns[0]));
	prog->type = type;
	prog->gpl_compatible = true;
	prog->maps = maps;
	prog->nr_maps = nr_maps;
	if (kbpf_verify(prog, opts, NULL, &res)) {
		kbpf_prog_free(prog);
		return NULL;
	}
	kbpf_interp_select(prog);
	return prog;
}

static struct pair make_pair(const struct kbpf_insn *insns, u32 len, u32 type,
			     const struct kbpf_verify_opts *opts,
			     struct kbpf_map **maps, u32 nr_maps)
{
	struct pair p = { 0 };

	p.interp = prepare(insns, len, type, opts, maps, nr_maps);
	p.jit = prepare(insns, len, type, opts, maps, nr_maps);
	if (!p.interp || !p.jit)
		p.err = -EINVAL;
	else
		p.err = kbpf_jit_compile(p.jit, &jit_opts);
	return p;
}

/*
 * Spectre v2 hygiene, checked on the bytes: no indirect call or jump
 * (a retpoline would be needed), nothing but direct calls and jumps; on
 * x86 a tail call jumps directly to the retpoline thunk, on arm64 it is
 * the one BR, to x16 a few instructions after "add x16, x16, #8" (the
 * target's tail entry), counted in tail_branches.
 */
static u32 indirect_branches, native_insns, tail_branches;
void *kbpf_jit_indirect_thunk(void);	/* jit/internal.h */

#if defined(__aarch64__)
/* "add x16, x16, #8" shortly before; no branch, nothing writes x16 between. */
static bool is_tail_branch(const u32 *w, u32 i)
{
	u32 k;

	for (k = 1; k <= 16 && k <= i; k++) {
		if (w[i - k] == 0x91002210)
			return true;
		if ((w[i - k] & 0x1f) == 16 ||
		    (w[i - k] & 0xfe000000) == 0xd6000000)	/* br, blr, ret */
			return false;
	}
	return false;
}
#endif

static void scan_native(const struct kbpf_prog *prog)
{
#if defined(__x86_64__)
	csh cs;
	cs_insn *in;
	size_t n, k;
	u8 g;

	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
		return;
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	n = cs_disasm(cs, prog->jited, prog->jited_len, 0, 0, &in);
	for (k = 0; k < n; k++) {
		const cs_x86 *x = &in[k].detail->x86;

		native_insns++;
		if (in[k].id == X86_INS_RET)
			native_rets++;
		if (in[k].id == X86_INS_JMP && x->op_count &&
		    x->operands[0].type == X86_OP_IMM &&
		    (uintptr_t)prog->jited + x->operands[0].imm ==
		    (uintptr_t)kbpf_host_return_thunk)
			thunk_returns++;
		for (g = 0; g < in[k].detail->groups_count; g++) {
			u8 grp = in[k].detail->groups[g];

			if ((grp == CS_GRP_JUMP || grp == CS_GRP_CALL) &&
			    x->op_count && x->operands[0].type != X86_OP_IMM)
				indirect_branches++;
			else if (grp == CS_GRP_JUMP && x->op_count &&
				 (uintptr_t)prog->jited + x->operands[0].imm ==
				 (uintptr_t)kbpf_jit_indirect_thunk())
				tail_branches++;
		}
	}
	if (n)
		cs_free(in, n);
	cs_close(&cs);
#elif defined(__aarch64__)
	/*
	 * Helpers are out of BL range of the kernel's arena, so they are
	 * called with BLR x16 right after x16 is built from constants
	 * (MOVZ/MOVN/MOVK): the one indirect branch allowed, as its target
	 * is fixed. RET is not counted.
	 */
	const u32 *w = prog->jited;
	u32 i, n = prog->jited_len / 4;

	for (i = 0; i < n; i++) {
		native_insns++;
		if ((w[i] & 0xfe000000) != 0xd6000000 || w[i] == 0xd65f03c0)
			continue;
		if (w[i] == 0xd63f0200 && i &&
		    (w[i - 1] & 0x1f80001f) == 0x12800010)
			continue;
		if (w[i] == 0xd61f0200 && is_tail_branch(w, i)) {
			tail_branches++;
			continue;
		}
		indirect_branches++;
	}
#endif
}

static void free_pair(struct pair *p)
{
	if (p->jit)
		kbpf_jit_free(p->jit);
	kbpf_prog_free(p->jit);
	kbpf_prog_free(p->interp);
}

/*
 * map_lookup_elem of a plain array, inlined by the verifier
 * (array_gen_lookup): no call is left in the translated program, and the
 * interpreter and the JIT return what the map's own lookup finds (the
 * call every other map type keeps), for keys in range, at max_entries
 * and past it, with max_entries and value sizes that are and are not
 * powers of two. r0: the value's first and last 32-bit words, or ~0 for
 * NULL.
 */
#define LOOKUP_LEN	16

static void lookup_prog(struct kbpf_insn *p, u32 value_size, bool two_maps)
{
	const struct kbpf_insn one[LOOKUP_LEN] = {
		LDX(W, 3, 1, 0),		/* the key: skb->len */
		STX(W, 10, 3, -4),
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_IDX, 0, 0),
		INSN(0, 0, 0, 0, 0),
		JMP_IMM(JEQ, 3, 0, 2),		/* two_maps: key 0 uses map 0 */
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_IDX, 0,
		     two_maps ? 1 : 0),
		INSN(0, 0, 0, 0, 0),
		MOV64_REG(2, 10),
		ALU64_IMM(ADD, 2, -4),
		CALL_HELPER(KBPF_FUNC_map_lookup_elem),
		JMP_IMM(JNE, 0, 0, 2),
		MOV64_IMM(0, -1),
		EXIT(),
		LDX(W, 1, 0, 0),
		LDX(W, 0, 0, value_size - 4),
		EXIT(),
	};

	memcpy(p, one, sizeof(one));
}

/* A 16th instruction: r0 = r1 << 32 | r0 before the exit. */
static const struct kbpf_insn lookup_tail[] = {
	ALU64_IMM(LSH, 1, 32),
	ALU64_REG(OR, 0, 1),
	EXIT(),
};

static u64 lookup_expect(struct kbpf_map *map, u32 key)
{
	const u8 *v = map->ops->lookup(map, &key);
	u32 first, last;

	if (!v)
		return ~0ULL;
	memcpy(&first, v, 4);
	memcpy(&last, v + map->value_size - 4, 4);
	return (u64)first << 32 | last;
}

static bool has_call(const struct kbpf_prog *prog, s32 id)
{
	u32 i;

	for (i = 0; i < prog->len; i++)
		if (prog->insns[i].code == (KBPF_JMP | KBPF_CALL) && !prog->insns[i].src_reg &&
		    prog->insns[i].imm == id)
			return true;
	return false;
}

static bool is_htab_type(u32 type)
{
	return type == KBPF_MAP_TYPE_HASH || type == KBPF_MAP_TYPE_PERCPU_HASH ||
	       type == KBPF_MAP_TYPE_LRU_HASH || type == KBPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static void test_lookup_case(u32 type, u32 max_entries, u32 value_size, bool two_maps)
{
	struct kbpf_map_attr ma = {
		.type = type, .key_size = 4, .value_size = value_size,
		.max_entries = max_entries,
	};
	struct kbpf_map *maps[2] = { kbpf_map_create(&ma), kbpf_map_create(&ma) };
	struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_FULL, .helper_proto = kbpf_helper_proto,
	};
	const u32 keys[] = {
		0, 1, max_entries / 2, max_entries - 2, max_entries - 1, max_entries,
		max_entries + 1, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	};
	struct kbpf_insn prog[LOOKUP_LEN + 2];
	bool inline_expected = type == KBPF_MAP_TYPE_ARRAY && !two_maps;
	bool direct_expected = is_htab_type(type) && !two_maps;
	u32 i, k, c, bad = 0, nulls = 0, stride = ALIGN(value_size, 8);
	static u8 value[1U << 16];
	struct pair p;

	if (!maps[0] || !maps[1]) {
		UNIT_CHECK(0, "jit%s/lookup: map type %u", variant(), type);
		goto out;
	}
	opts.helpers = kbpf_helper_table(&opts.nr_helpers);
	for (k = 0; k < 2; k++)
		for (i = 0; i < max_entries; i++) {
			u32 first = 0x10000 + i + k * 0x1000, last = 0x20000 + i;

			/* Per-CPU: the same in every CPU's copy. */
			memset(value, 0x5a, sizeof(value));
			for (c = 0; c * stride < kbpf_map_user_value_size(maps[k]); c++) {
				memcpy(value + c * stride, &first, 4);
				memcpy(value + c * stride + value_size - 4, &last, 4);
			}
			kbpf_map_update_user(maps[k], &i, value, 0);
		}
	lookup_prog(prog, value_size, two_maps);
	/* r1 = first, r0 = last; r0 = first << 32 | last. */
	memcpy(&prog[LOOKUP_LEN - 1], lookup_tail, sizeof(lookup_tail));
	p = make_pair(prog, LOOKUP_LEN + 2, KBPF_PROG_TYPE_SOCKET_FILTER, &opts, maps, 2);
	if (p.err) {
		UNIT_CHECK(0, "jit%s/lookup: type %u, %u x %u bytes%s: verified and compiled (%d)",
			   variant(), type, max_entries, value_size, two_maps ? ", two maps" : "",
			   p.err);
		free_pair(&p);
		goto out;
	}
	UNIT_CHECK(has_call(p.interp, KBPF_FUNC_map_lookup_elem) ==
		   (!inline_expected && !direct_expected) &&
		   has_call(p.interp, KBPF_FUNC_htab_lookup) == direct_expected &&
		   p.interp->len == LOOKUP_LEN + 2 + (inline_expected ? 12 : 0),
		   "jit%s/lookup: type %u, %u x %u bytes%s: %s (%u instructions)", variant(), type,
		   max_entries, value_size, two_maps ? ", two maps at one call" : "",
		   inline_expected ? "inlined, no call left" :
		   direct_expected ? "a direct call of the hash lookup" : "the call stays",
		   p.interp->len);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		struct kbpf_skb_ctx ctx = { 0 };
		u64 want, r_i, r_j;

		ctx.sk_buff[0] = keys[i];
		want = lookup_expect(maps[two_maps && keys[i] ? 1 : 0], keys[i]);
		r_i = kbpf_prog_run(p.interp, &ctx);
		r_j = kbpf_prog_run(p.jit, &ctx);
		nulls += want == ~0ULL;
		if (r_i != want || r_j != want) {
			printf("#   key %u: interp 0x%llx, jit 0x%llx, lookup 0x%llx\n", keys[i],
			       (unsigned long long)r_i, (unsigned long long)r_j,
			       (unsigned long long)want);
			bad++;
		}
	}
	UNIT_CHECK(!bad && nulls >= 4,
		   "jit%s/lookup: type %u, %u x %u bytes%s: interp and JIT equal the map's lookup for %zu keys, %u of them NULL",
		   variant(), type, max_entries, value_size, two_maps ? ", two maps" : "",
		   ARRAY_SIZE(keys), nulls);
	free_pair(&p);
out:
	kbpf_map_free(maps[0]);
	kbpf_map_free(maps[1]);
}

static void test_inline_lookups(void)
{
	/* Element sizes 8, 16 (shift), 24, 40, 1000 (multiply). */
	test_lookup_case(KBPF_MAP_TYPE_ARRAY, 1, 8, false);
	test_lookup_case(KBPF_MAP_TYPE_ARRAY, 8, 12, false);
	test_lookup_case(KBPF_MAP_TYPE_ARRAY, 7, 24, false);
	test_lookup_case(KBPF_MAP_TYPE_ARRAY, 1000, 40, false);
	test_lookup_case(KBPF_MAP_TYPE_ARRAY, 3, 1000, false);
	test_lookup_case(KBPF_MAP_TYPE_ARRAY, 5, 4, false);
	/* Not inlined: another type, or a call given two maps. */
	test_lookup_case(KBPF_MAP_TYPE_ARRAY, 7, 24, true);
	test_lookup_case(KBPF_MAP_TYPE_PERCPU_ARRAY, 7, 24, false);
	/* The hash family: a direct call of its lookup, unless two maps. */
	test_lookup_case(KBPF_MAP_TYPE_HASH, 7, 24, false);
	test_lookup_case(KBPF_MAP_TYPE_PERCPU_HASH, 7, 24, false);
	test_lookup_case(KBPF_MAP_TYPE_LRU_HASH, 7, 24, false);
	test_lookup_case(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 7, 24, false);
	test_lookup_case(KBPF_MAP_TYPE_HASH, 7, 24, true);
}

static void test_isa_cases(void)
{
	static const struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(isa_cases); i++) {
		const struct isa_case *c = &isa_cases[i];
		struct pair p = make_pair(c->insns, c->len, KBPF_PROG_TYPE_SOCKET_FILTER,
					  &opts, NULL, 0);
		u64 r0 = 0;

		if (!p.err) {
			r0 = kbpf_prog_run(p.jit, NULL);
			scan_native(p.jit);
		}
		UNIT_CHECK(!p.err && r0 == c->expect, "jit%s/isa/%s", variant(), c->name);
		if (p.err)
			printf("#   not compiled: %d\n", p.err);
		else if (r0 != c->expect)
			printf("#   r0 = 0x%llx, expected 0x%llx\n",
			       (unsigned long long)r0, (unsigned long long)c->expect);
		free_pair(&p);
	}
}

/*
 * The table's helpers return 0 and touch nothing; those whose memory the
 * verifier then counts as written must write it, as the real ones do.
 */
static u64 fill_arg1(u64 dst, u64 size, u64 c, u64 d, u64 e)
{
	memset((void *)(uintptr_t)dst, 0, size);
	return 0;
}

static u64 store_arg4(u64 a, u64 b, u64 c, u64 res, u64 e)
{
	*(u64 *)(uintptr_t)res = 0;
	return 0;
}

static u64 fill_arg3(u64 a, u64 b, u64 dst, u64 size, u64 e)
{
	memset((void *)(uintptr_t)dst, 0, size);
	return 0;
}

/* LD_ABS / LD_IND: the corpus's must compile too (and do run). */
static bool has_ld_pkt(const struct verifier_case *c)
{
	u32 i;

	for (i = 0; i < c->len; i++)
		if (KBPF_CLASS(c->insns[i].code) == KBPF_LD &&
		    (KBPF_MODE(c->insns[i].code) == KBPF_ABS ||
		     KBPF_MODE(c->insns[i].code) == KBPF_IND))
			return true;
	return false;
}

static kbpf_helper_fn corpus_helpers[VT_HELPERS];

/* Accepted programs run on a zeroed context, as PROG_TEST_RUN gives them. */
static void test_verifier_corpus(void)
{
	static u8 ctx_i[4096], ctx_j[4096];
	struct kbpf_verify_opts opts = vtest_opts;
	size_t i;
	u32 n = 0, bad = 0, tail = 0, ld_pkt = 0;

	memcpy(corpus_helpers, vtest_helpers, sizeof(corpus_helpers));
	corpus_helpers[4] = fill_arg1;		/* probe_read */
	corpus_helpers[16] = fill_arg1;		/* get_current_comm */
	corpus_helpers[105] = store_arg4;	/* strtol */
	corpus_helpers[26] = fill_arg3;		/* skb_load_bytes */
	corpus_helpers[181] = kbpf_helper_loop;	/* loop: callbacks run natively */
	opts.helpers = corpus_helpers;
	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++) {
		const struct verifier_case *c = &verifier_cases[i];
		u32 type = c->type ? c->type : KBPF_PROG_TYPE_SOCKET_FILTER;
		struct pair p;
		u64 r_i, r_j;

		if (c->err || c->slow)
			continue;
		p = make_pair(c->insns, c->len, type, &opts, vtest_maps,
			      ARRAY_SIZE(vtest_maps));
		if (p.interp && p.interp->tail_calls) {
			/*
			 * Compiled and scanned, not run: the table's prog_array
			 * has no slots (tailcall_test runs real chains).
			 */
			UNIT_CHECK(!p.err, "jit/corpus/%s: tail calls compile (%d)",
				   c->name, p.err);
			if (!p.err)
				scan_native(p.jit);
			tail += !p.err;
			free_pair(&p);
			continue;
		}
		ld_pkt += has_ld_pkt(c) && !p.err;
		if (p.err) {
			UNIT_CHECK(0, "jit/corpus/%s compiles (%d)", c->name, p.err);
			free_pair(&p);
			bad++;
			continue;
		}
		memset(ctx_i, 0, sizeof(ctx_i));
		memset(ctx_j, 0, sizeof(ctx_j));
		memset(vtest_array, 0, sizeof(vtest_array));
		r_i = kbpf_prog_run(p.interp, ctx_i);
		memset(vtest_array, 0, sizeof(vtest_array));
		r_j = kbpf_prog_run(p.jit, ctx_j);
		if (r_i != r_j || memcmp(ctx_i, ctx_j, sizeof(ctx_i))) {
			UNIT_CHECK(0, "jit/corpus/%s: interp 0x%llx, jit 0x%llx", c->name,
				   (unsigned long long)r_i, (unsigned long long)r_j);
			bad++;
		}
		n++;
		free_pair(&p);
	}
	UNIT_CHECK(!bad && n > 50, "jit%s/corpus: %u accepted programs agree", variant(), n);
	UNIT_CHECK(tail > 0 && ld_pkt > 0,
		   "jit%s/corpus: %u tail-calling and %u packet-loading programs compiled",
		   variant(), tail, ld_pkt);
}

static void test_random(u32 count)
{
	static const struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL };
	static struct kbpf_insn prog[RND_PROG_MAX];
	u32 i, ran = 0, bad = 0;

	for (i = 0; i < count; i++) {
		u32 len = rnd_program(prog, false);
		struct pair p = make_pair(prog, len, KBPF_PROG_TYPE_SOCKET_FILTER,
					  &opts, NULL, 0);
		u64 r_i, r_j;

		if (!p.interp) {		/* e.g. a pointer made scalar */
			free_pair(&p);
			continue;
		}
		if (p.err) {
			UNIT_CHECK(0, "jit/random/%u compiles (%d)", i, p.err);
			bad++;
			free_pair(&p);
			continue;
		}
		scan_native(p.jit);
		r_i = kbpf_prog_run(p.interp, NULL);
		r_j = kbpf_prog_run(p.jit, NULL);
		if (r_i != r_j) {
			u32 k;

			UNIT_CHECK(0, "jit/random/%u: interp 0x%llx, jit 0x%llx", i,
				   (unsigned long long)r_i, (unsigned long long)r_j);
			for (k = 0; k < len; k++) {
				char line[128];

				kbpf_disasm_insn(line, sizeof(line), &prog[k], len - k);
				printf("#   %3u: %s\n", k, line);
			}
			bad++;
		}
		ran++;
		free_pair(&p);
		if (bad > 3)
			break;
	}
	UNIT_CHECK(!bad && ran > count / 2, "jit%s/random: %u programs agree", variant(), ran);
}

/*
 * Random programs with everything tests/cases/random_prog.h makes:
 * loops, bpf-to-bpf calls, __sk_buff reads, cb[] writes, LD_ABS/LD_IND,
 * direct packet access and array-map lookups, on the real helpers and a
 * real array map. The interpreter and the JIT get the same packet,
 * context and map contents; r0, the context bytes after the run and the
 * map's values must agree. @seed (printed) replays a run.
 */
static u64 fuzz_seed;

static void rnd_input(struct kbpf_skb_ctx *ctx, u8 *pkt, u8 map_init[][RND_MAP_VALUE])
{
	u32 i, len = RND_PKT_MIN + rnd() % (RND_PKT_MAX - RND_PKT_MIN + 1);

	for (i = 0; i < RND_PKT_MAX; i++)
		pkt[i] = rnd();
	memset(ctx, 0, sizeof(*ctx));
	ctx->sk_buff[2] = rnd();		/* mark */
	ctx->sk_buff[4] = 0x0008;		/* protocol, htons(ETH_P_IP) */
	ctx->sk_buff[8] = rnd();		/* priority */
	ctx->sk_buff[9] = rnd() % 8;		/* ingress_ifindex */
	ctx->sk_buff[10] = 1;			/* ifindex */
	for (i = 12; i < 17; i++)		/* cb[0..4] */
		ctx->sk_buff[i] = rnd() % 2 ? rnd() : 0;
	kbpf_skb_ctx_set_data(ctx, pkt, len);
	for (i = 0; i < RND_MAP_ENTRIES; i++) {
		u32 k;

		for (k = 0; k < RND_MAP_VALUE; k++)
			map_init[i][k] = rnd();
	}
}

/* Runs @prog on a copy of the input; leaves context and map in the out arguments. */
static u64 run_on(const struct kbpf_prog *prog, const struct kbpf_skb_ctx *in,
		  u8 init[][RND_MAP_VALUE], struct kbpf_map *map,
		  struct kbpf_skb_ctx *ctx, u8 out[][RND_MAP_VALUE])
{
	u32 k;
	u64 r0;

	for (k = 0; k < RND_MAP_ENTRIES; k++)
		kbpf_map_update_user(map, &k, init[k], 0);
	*ctx = *in;
	r0 = kbpf_prog_run(prog, ctx);
	for (k = 0; k < RND_MAP_ENTRIES; k++)
		kbpf_map_lookup_user(map, &k, out[k]);
	return r0;
}

static void test_random_features(u32 count)
{
	static struct kbpf_insn prog[RND_PROG_MAX];
	static u8 pkt[RND_PKT_MAX];
	struct kbpf_map_attr ma = {
		.type = KBPF_MAP_TYPE_ARRAY, .key_size = 4,
		.value_size = RND_MAP_VALUE, .max_entries = RND_MAP_ENTRIES,
	};
	struct kbpf_map *map = kbpf_map_create(&ma);
	struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_FULL, .helper_proto = kbpf_helper_proto,
	};
	u8 init[RND_MAP_ENTRIES][RND_MAP_VALUE];
	u8 out_i[RND_MAP_ENTRIES][RND_MAP_VALUE], out_j[RND_MAP_ENTRIES][RND_MAP_VALUE];
	struct kbpf_skb_ctx in, ctx_i, ctx_j;
	u64 saved = rnd_state;
	u32 i, ran = 0, bad = 0, refused = 0, cb_changed = 0, map_changed = 0;
	struct rnd_stats st;

	if (!map) {
		UNIT_CHECK(0, "jit%s/random_features: array map", variant());
		return;
	}
	opts.helpers = kbpf_helper_table(&opts.nr_helpers);
	rnd_state = fuzz_seed;
	memset(&rnd_stats, 0, sizeof(rnd_stats));
	for (i = 0; i < count; i++) {
		u32 flags = RND_FEATURES | (i % 2 ? RND_V3 : 0);
		u32 len = rnd_program_flags(prog, flags);
		struct pair p = make_pair(prog, len, KBPF_PROG_TYPE_SOCKET_FILTER,
					  &opts, &map, 1);
		u64 r_i, r_j;

		if (!p.interp) {
			/* The generator makes only valid programs: say which was not. */
			if (refused++ < 3) {
				u32 k;

				printf("# jit/random_features/%u refused by the verifier:\n", i);
				for (k = 0; k < len; k++) {
					char line[128];

					kbpf_disasm_insn(line, sizeof(line), &prog[k], len - k);
					printf("#   %3u: %s\n", k, line);
				}
			}
			free_pair(&p);
			continue;
		}
		if (p.err) {
			UNIT_CHECK(0, "jit/random_features/%u compiles (%d)", i, p.err);
			bad++;
			free_pair(&p);
			continue;
		}
		scan_native(p.jit);
		rnd_input(&in, pkt, init);
		r_i = run_on(p.interp, &in, init, map, &ctx_i, out_i);
		r_j = run_on(p.jit, &in, init, map, &ctx_j, out_j);
		if (r_i != r_j || memcmp(ctx_i.sk_buff, ctx_j.sk_buff, sizeof(ctx_i.sk_buff)) ||
		    memcmp(out_i, out_j, sizeof(out_i))) {
			u32 k;

			UNIT_CHECK(0, "jit%s/random_features/%u (seed 0x%llx): interp 0x%llx, jit 0x%llx, context %s, map %s",
				   variant(), i, (unsigned long long)fuzz_seed,
				   (unsigned long long)r_i, (unsigned long long)r_j,
				   memcmp(ctx_i.sk_buff, ctx_j.sk_buff, sizeof(ctx_i.sk_buff)) ? "differs" : "same",
				   memcmp(out_i, out_j, sizeof(out_i)) ? "differs" : "same");
			for (k = 0; k < len; k++) {
				char line[128];

				kbpf_disasm_insn(line, sizeof(line), &prog[k], len - k);
				printf("#   %3u: %s\n", k, line);
			}
			bad++;
		}
		cb_changed += !!memcmp(&in.sk_buff[12], &ctx_i.sk_buff[12], 20);
		map_changed += !!memcmp(init, out_i, sizeof(out_i));
		ran++;
		free_pair(&p);
		if (bad > 3)
			break;
	}
	kbpf_map_free(map);
	rnd_state = saved;
	st = rnd_stats;
	printf("# made %u loops, %u calls, %u map lookups, %u context reads, %u cb writes, %u LD_ABS/IND, %u direct packet reads; cb changed in %u runs, the map in %u\n",
	       st.loops, st.calls, st.maps, st.ctx_reads, st.cb_writes, st.ld_pkt,
	       st.pkt_direct, cb_changed, map_changed);
	UNIT_CHECK(st.loops && st.calls && st.maps && st.ctx_reads && st.ld_pkt &&
		   st.pkt_direct && cb_changed && map_changed,
		   "jit%s/random_features: every kind generated, output memory changed", variant());
	UNIT_CHECK(!bad && !refused && ran == i,
		   "jit%s/random_features: %u programs with loops, calls, packet, context and map agree (seed 0x%llx, %u refused)",
		   variant(), ran, (unsigned long long)fuzz_seed, refused);
}

/*
 * Structurally checked programs (as the conformance suite's) that take
 * inputs in r1 and r2, run both ways with the same inputs.
 */
static u64 h_mix(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return a + 3 * b + 5 * c + 7 * d + 11 * e;
}

static const kbpf_helper_fn input_helpers[] = { [1] = h_mix };
static const struct kbpf_verify_opts input_opts = {
	.mode = KBPF_VERIFY_STRUCTURE,
	.helpers = input_helpers,
	.nr_helpers = ARRAY_SIZE(input_helpers),
};

static bool run_inputs(const struct pair *p, u64 r1, u64 r2, u64 *r_i, u64 *r_j)
{
	u64 (*native)(u64, u64) = (u64 (*)(u64, u64))p->jit->jited;
	void *stack = calloc(1, p->interp->stack_depth + 8);

	if (!stack)
		return false;
	*r_i = kbpf_interp_run_args(p->interp, r1, r2, stack, p->interp->stack_depth);
	*r_j = native(r1, r2);
	free(stack);
	return true;
}

/*
 * The clamp of an inlined array lookup without its bounds check, as a
 * mispredicted branch would run it: array_gen_lookup's instructions with
 * the check made a no-op, r1 the map and r2 the key, must give an index
 * in range its own entry and any other entry 0, as kbpf_index_nospec().
 */
static void test_lookup_clamp(void)
{
	static const u32 shapes[][2] = { { 7, 24 }, { 8, 8 }, { 1000, 40 }, { 1, 12 } };
	u32 s, i, bad = 0, runs = 0;

	for (s = 0; s < ARRAY_SIZE(shapes); s++) {
		struct kbpf_map_attr ma = {
			.type = KBPF_MAP_TYPE_ARRAY, .key_size = 4,
			.value_size = shapes[s][1], .max_entries = shapes[s][0],
		};
		struct kbpf_map *map = kbpf_map_create(&ma);
		struct kbpf_insn buf[KBPF_MAP_GEN_LOOKUP_MAX];
		u32 n = shapes[s][0], zero = 0;
		const u32 keys[] = { 0, n - 1, n, n + 1, 0x80000000, 0xffffffff };
		int len = map ? map->ops->gen_lookup(map, buf) : -1;
		struct pair p;

		if (len <= 1) {
			UNIT_CHECK(0, "jit%s/lookup_clamp: %u entries: generated (%d)", variant(), n, len);
			kbpf_map_free(map);
			continue;
		}
		UNIT_CHECK(buf[1].code == (KBPF_JMP32 | KBPF_JGE | KBPF_K) && (u32)buf[1].imm == n,
			   "jit%s/lookup_clamp: %u entries: the second instruction is the bounds check",
			   variant(), n);
		/* No check, and so no NULL path: exit where it would jump past it. */
		buf[1] = (struct kbpf_insn)JA(0);
		buf[len - 2] = (struct kbpf_insn)EXIT();
		p = make_pair(buf, len - 1, KBPF_PROG_TYPE_SOCKET_FILTER, &input_opts, NULL, 0);
		for (i = 0; !p.err && i < ARRAY_SIZE(keys); i++) {
			u64 want = (uintptr_t)map->ops->lookup(map, keys[i] < n ? &keys[i] : &zero);
			u64 r_i, r_j;

			if (!run_inputs(&p, (uintptr_t)map, (uintptr_t)&keys[i], &r_i, &r_j))
				break;
			runs++;
			if (r_i != want || r_j != want) {
				printf("#   %u entries, key %u: interp 0x%llx, jit 0x%llx, want 0x%llx\n",
				       n, keys[i], (unsigned long long)r_i, (unsigned long long)r_j,
				       (unsigned long long)want);
				bad++;
			}
		}
		free_pair(&p);
		kbpf_map_free(map);
	}
	UNIT_CHECK(!bad && runs == 4 * 6,
		   "jit%s/lookup_clamp: without the bounds check, keys in range find their entry, others entry 0 (%u runs)",
		   variant(), runs);
}

/*
 * Conditional branches of every shape a code generator may pick (compare
 * and branch, zero tests, single-bit tests, 32-bit compares), forward and
 * backward, taken and not, over short distances, past AArch64's +-32 KiB
 * bit tests, and, with compare-and-exchange as filler (36 bytes each
 * without LSE), past its +-1 MiB conditional branches. r1 points into
 * memory holding the two branch inputs:
 *
 *	r0 = 0; r3 = [r1]; r4 = [r1 + 8]
 *	if FWD(r3) goto A
 *   B:	filler (n)
 *	exit
 *   A:	r0 += 1000000
 *	if BACK(r4) goto B
 *	exit
 */
struct far_branch {
	const char *name;
	struct kbpf_insn jump;
	u64 taken, not_taken;
};

#define FAR_MEM_WORDS	1200
#define FAR_MEM_BASE	600	/* r1 = &mem[600]; filler reaches r1 - 4104 */

static u32 far_program(struct kbpf_insn *prog, const struct kbpf_insn *jump,
		       u32 n, bool cmpxchg)
{
	u32 i, b = 4;

	prog[0] = (struct kbpf_insn)MOV64_IMM(0, 0);
	prog[1] = (struct kbpf_insn)LDX(DW, 3, 1, 0);
	prog[2] = (struct kbpf_insn)LDX(DW, 4, 1, 8);
	prog[3] = *jump;
	prog[3].dst_reg = 3;
	prog[3].src_reg = prog[3].src_reg ? 3 : 0;
	prog[3].off = n + 1;
	for (i = b; i < b + n; i++)
		prog[i] = cmpxchg ?
			(struct kbpf_insn)ATOMIC(DW, KBPF_CMPXCHG, 1, 0, -4104) :
			(struct kbpf_insn)ALU64_IMM(ADD, 0, 1);
	prog[b + n] = (struct kbpf_insn)EXIT();
	prog[b + n + 1] = (struct kbpf_insn)ALU64_IMM(ADD, 0, 1000000);
	prog[b + n + 2] = *jump;
	prog[b + n + 2].dst_reg = 4;
	prog[b + n + 2].src_reg = prog[b + n + 2].src_reg ? 4 : 0;
	prog[b + n + 2].off = (s32)b - (s32)(b + n + 3);
	prog[b + n + 3] = (struct kbpf_insn)EXIT();
	return b + n + 4;
}

static void test_far_branches(void)
{
	static const struct far_branch kinds[] = {
		{ "jeq0", JMP_IMM(JEQ, 0, 0, 0), 0, 1 },
		{ "jne0", JMP_IMM(JNE, 0, 0, 0), 1ULL << 40, 0 },
		{ "jset_bit", JMP_IMM(JSET, 0, 0x10, 0), 0x10, 0xef },
		{ "jsge0", JMP_IMM(JSGE, 0, 0, 0), 1, -1ULL },
		{ "jgt_imm", JMP_IMM(JGT, 0, 7, 0), 8, 7 },
		{ "jset_reg", JMP_REG(JSET, 0, 1, 0), 3, 0 },
		{ "jmp32_jlt", JMP32_IMM(JLT, 0, 7, 0), 0x100000006ULL, 7 },
		{ "jmp32_jeq0", JMP32_IMM(JEQ, 0, 0, 0), 1ULL << 32, 1 },
	};
	static const struct { u32 n; bool cmpxchg; } lengths[] = {
		{ 3, false }, { 9000, false }, { 32000, true },
	};
	static u64 mem_i[FAR_MEM_WORDS], mem_j[FAR_MEM_WORDS];
	struct kbpf_insn *prog = calloc(32000 + 8, sizeof(*prog));
	size_t k, l;

	for (l = 0; prog && l < ARRAY_SIZE(lengths); l++) {
		u32 n = lengths[l].n, bad = 0;

		for (k = 0; k < ARRAY_SIZE(kinds); k++) {
			const struct far_branch *fb = &kinds[k];
			u32 len = far_program(prog, &fb->jump, n, lengths[l].cmpxchg);
			struct pair p = make_pair(prog, len, KBPF_PROG_TYPE_SOCKET_FILTER,
						  &input_opts, NULL, 0);
			u32 t;

			for (t = 0; !p.err && t < 3; t++) {
				u64 fwd = t ? fb->taken : fb->not_taken;
				u64 back = t == 2 ? fb->taken : fb->not_taken;
				u64 r_i, r_j, path_i;

				memset(mem_i, 0, sizeof(mem_i));
				mem_i[FAR_MEM_BASE] = fwd;
				mem_i[FAR_MEM_BASE + 1] = back;
				memcpy(mem_j, mem_i, sizeof(mem_i));
				r_i = kbpf_interp_run_args(p.interp,
					(uintptr_t)&mem_i[FAR_MEM_BASE], 0, NULL, 0);
				r_j = ((u64 (*)(u64, u64))p.jit->jited)(
					(uintptr_t)&mem_j[FAR_MEM_BASE], 0);
				/* The interpreter itself must take the intended path. */
				path_i = !t ? (r_i < 1000000) :
					 t == 1 ? (r_i == 1000000) :
					 (r_i > 1000000 || lengths[l].cmpxchg);
				if (r_i != r_j || !path_i ||
				    memcmp(mem_i, mem_j, sizeof(mem_i))) {
					printf("#   %s over %u: case %u: interp %llu, jit %llu\n",
					       fb->name, n, t, (unsigned long long)r_i,
					       (unsigned long long)r_j);
					bad++;
				}
			}
			if (p.err)
				printf("#   %s over %u: not compiled (%d)\n", fb->name, n, p.err);
			bad += !!p.err;
			free_pair(&p);
		}
		UNIT_CHECK(!bad, "jit/branches_over_%u_insns", n);
	}
	free(prog);
}

/*
 * Loads and stores at offsets of every encoding class (AArch64: scaled
 * unsigned, 9-bit signed, or through a register; x86: disp8 or disp32),
 * aligned and not, of every size, through r1 into a buffer: stores of
 * registers and immediates, plain and sign-extending loads, atomics.
 */
#define MEM_BUF		(1 << 17)

static void test_memory_offsets(void)
{
	static const s16 offs[] = {
		-32768, -4104, -4096, -513, -264, -257, -256, -255, -9, -1,
		0, 1, 6, 8, 255, 256, 257, 4095, 4096, 8190, 16380, 32760, 32767,
	};
	static const u8 sizes[] = { KBPF_B, KBPF_H, KBPF_W, KBPF_DW };
	static u8 mem_i[MEM_BUF] __aligned(8), mem_j[MEM_BUF] __aligned(8);
	struct kbpf_insn *prog = calloc(ARRAY_SIZE(offs) * 40 + 8, sizeof(*prog));
	u32 n = 0, bad = 0, k, z;
	struct pair p;
	u64 r_i, r_j;

	if (!prog)
		return;
	prog[n++] = (struct kbpf_insn)MOV64_IMM(0, 0);
	prog[n++] = (struct kbpf_insn)INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, 0, 0, 0x85868788);
	prog[n++] = (struct kbpf_insn)INSN(0, 0, 0, 0, 0x81828384);
	for (k = 0; k < ARRAY_SIZE(offs); k++) {
		s16 o = offs[k];

		for (z = 0; z < ARRAY_SIZE(sizes); z++) {
			u8 sz = sizes[z];

			prog[n++] = (struct kbpf_insn)ALU64_IMM(ADD, 2, 0x01010101);
			prog[n++] = (struct kbpf_insn)INSN(KBPF_STX | KBPF_MEM | sz, 1, 2, o, 0);
			prog[n++] = (struct kbpf_insn)INSN(KBPF_LDX | KBPF_MEM | sz, 3, 1, o, 0);
			prog[n++] = (struct kbpf_insn)ALU64_IMM(MUL, 0, 0x01000193);
			prog[n++] = (struct kbpf_insn)ALU64_REG(XOR, 0, 3);
			if (sz != KBPF_DW) {
				prog[n++] = (struct kbpf_insn)INSN(KBPF_LDX | KBPF_MEMSX | sz,
								   4, 1, o, 0);
				prog[n++] = (struct kbpf_insn)ALU64_REG(ADD, 0, 4);
			}
			prog[n++] = (struct kbpf_insn)INSN(KBPF_ST | KBPF_MEM | sz, 1, 0,
							   (s16)(o + 1), -0x12345 - (s32)k);
		}
		if (o % 8 == 0) {
			prog[n++] = (struct kbpf_insn)ATOMIC(DW, KBPF_ADD | KBPF_FETCH, 1, 2, o);
			prog[n++] = (struct kbpf_insn)ALU64_REG(XOR, 0, 2);
			prog[n++] = (struct kbpf_insn)ATOMIC(W, KBPF_XOR, 1, 0, o);
		}
	}
	prog[n++] = (struct kbpf_insn)EXIT();
	p = make_pair(prog, n, KBPF_PROG_TYPE_SOCKET_FILTER, &input_opts, NULL, 0);
	if (!p.err) {
		for (k = 0; k < MEM_BUF; k++)
			mem_i[k] = k * 7;
		memcpy(mem_j, mem_i, MEM_BUF);
		r_i = kbpf_interp_run_args(p.interp, (uintptr_t)&mem_i[MEM_BUF / 2], 0, NULL, 0);
		r_j = ((u64 (*)(u64, u64))p.jit->jited)((uintptr_t)&mem_j[MEM_BUF / 2], 0);
		bad = r_i != r_j || memcmp(mem_i, mem_j, MEM_BUF);
		if (bad)
			printf("#   interp 0x%llx, jit 0x%llx\n", (unsigned long long)r_i,
			       (unsigned long long)r_j);
	}
	UNIT_CHECK(!p.err && !bad, "jit/memory_offsets_of_every_form");
	free_pair(&p);
	free(prog);
}

/*
 * Helper arguments arrive in place and r6 - r9 survive the call: a
 * helper that weighs r1 - r5 differently, with values wider than 32 bits.
 */
static void test_helper_args(void)
{
	static const struct kbpf_insn insns[] = {
		LD_IMM64(1, 0x100000001ULL), LD_IMM64(2, 0x200000002ULL),
		LD_IMM64(3, 0x300000003ULL), LD_IMM64(4, 0x400000004ULL),
		LD_IMM64(5, 0x500000005ULL), LD_IMM64(6, 0x6000000000ULL),
		LD_IMM64(7, 0x7000000000ULL), LD_IMM64(8, 0x8000000000ULL),
		LD_IMM64(9, 0x9000000000ULL), CALL_HELPER(1),
		ALU64_REG(ADD, 0, 6), ALU64_REG(ADD, 0, 7),
		ALU64_REG(ADD, 0, 8), ALU64_REG(ADD, 0, 9), EXIT(),
	};
	u64 expect = h_mix(0x100000001ULL, 0x200000002ULL, 0x300000003ULL,
			   0x400000004ULL, 0x500000005ULL) + 0x1e000000000ULL;
	struct pair p = make_pair(insns, ARRAY_SIZE(insns),
				  KBPF_PROG_TYPE_SOCKET_FILTER, &input_opts, NULL, 0);
	u64 r_i = 0, r_j = 0;

	if (!p.err)
		run_inputs(&p, 0, 0, &r_i, &r_j);
	UNIT_CHECK(!p.err && r_i == expect && r_j == expect,
		   "jit/helper_args_in_place");
	free_pair(&p);
}

/* A blinded program's native code holds none of its immediates. */
#if defined(__aarch64__)
/*
 * AArch64 builds a constant 16 bits at a time: MOVZ or MOVN, then MOVKs
 * into the same register. Replays each such run and looks for @v in
 * either half of what it builds.
 */
static bool code_contains(const struct kbpf_prog *prog, u32 v)
{
	const u32 *code = prog->jited;
	u32 i, n = prog->jited_len / 4;

	for (i = 0; i < n; i++) {
		u32 w = code[i], opc = (w >> 29) & 3, rd = w & 31;
		u64 val;

		/* MOVN (opc 0) and MOVZ (opc 2), 32 or 64 bits */
		if ((w & 0x1f800000) != 0x12800000 || opc == 1 || opc == 3)
			continue;
		val = (u64)((w >> 5) & 0xffff) << (16 * ((w >> 21) & 3));
		if (!opc)
			val = ~val;
		for (; i + 1 < n; i++) {
			u32 k = code[i + 1], sh = 16 * ((k >> 21) & 3);

			/* MOVK into the same register */
			if ((k & 0x7f800000) != 0x72800000 || (k & 31) != rd)
				break;
			val = (val & ~(0xffffULL << sh)) |
			      (u64)((k >> 5) & 0xffff) << sh;
		}
		if (!(w >> 31))		/* a W register: zero-extended */
			val = (u32)val;
		if ((u32)val == v || (u32)(val >> 32) == v)
			return true;
	}
	return false;
}
#else
static bool code_contains(const struct kbpf_prog *prog, u32 v)
{
	const u8 *code = prog->jited;
	u32 i;

	for (i = 0; i + 4 <= prog->jited_len; i++)
		if (!memcmp(code + i, &v, 4))
			return true;
	return false;
}
#endif

static void test_blinding_hides_constants(void)
{
	static const struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL };
	const struct kbpf_insn insns[] = {
		LD_IMM64(1, 0x1122334455667788ULL),
		MOV64_IMM(0, 0x0badf00d),
		ALU64_IMM(ADD, 0, 0x13572468),
		JMP_IMM(JEQ, 0, 0x2468ace0, 1),
		ST(DW, 10, -8, 0x7eadbeef),
		ALU64_REG(ADD, 0, 1),
		EXIT(),
	};
	static const u32 secrets[] = {
		0x11223344, 0x55667788, 0x0badf00d, 0x13572468, 0x2468ace0,
		0x7eadbeef,
	};
	u64 expect = 0x1122334455667788ULL + 0x0badf00d + 0x13572468;
	struct pair p;
	size_t k;
	bool seen = false, plain_seen = false;

	p = make_pair(insns, ARRAY_SIZE(insns), KBPF_PROG_TYPE_SOCKET_FILTER,
		      &opts, NULL, 0);
	for (k = 0; !p.err && k < ARRAY_SIZE(secrets); k++)
		plain_seen |= code_contains(p.jit, secrets[k]);
	UNIT_CHECK(!p.err && plain_seen, "jit/unblinded_code_holds_immediates");
	free_pair(&p);
	jit_opts.blind = true;
	p = make_pair(insns, ARRAY_SIZE(insns), KBPF_PROG_TYPE_SOCKET_FILTER,
		      &opts, NULL, 0);
	for (k = 0; !p.err && k < ARRAY_SIZE(secrets); k++)
		seen |= code_contains(p.jit, secrets[k]);
	UNIT_CHECK(!p.err && !seen, "jit/blinded_code_hides_immediates");
	UNIT_CHECK(!p.err && kbpf_prog_run(p.jit, NULL) == expect,
		   "jit/blinded_code_computes_the_same");
	UNIT_CHECK(!p.err && p.jit->jited_offsets[0] < p.jit->jited_offsets[2] &&
		   p.jit->jited_offsets[ARRAY_SIZE(insns)] <= p.jit->jited_len,
		   "jit/blinded_offsets_per_loaded_insn");
	free_pair(&p);
	jit_opts.blind = false;
}

static const struct verifier_case *find_case(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++)
		if (!strcmp(verifier_cases[i].name, name))
			return &verifier_cases[i];
	return NULL;
}

/*
 * bpf_loop: the interpreter runs the callback in its own frame array, the
 * JIT through the helper and the callback's native entry; both give
 * Linux's results (the sum of the indexes, the count at a stop, nested
 * loops on one context, a map value read at an index).
 */
static void test_loop_results(void)
{
	static const struct { const char *name; u64 want; } runs[] = {
		{ "bpf_loop/sum_on_stack", 45 },		/* 0 + ... + 9 */
		{ "bpf_loop/stop_returns_count", 14 },	/* stops at 6: 7 calls, doubled */
		{ "bpf_loop/nested", 3 },			/* 3 x (0 + 1) */
		{ "bpf_loop/null_ctx_index_bounded", 4 },	/* four calls */
	};
	struct kbpf_verify_opts opts = vtest_opts;
	static u8 ctx[64];
	size_t i;

	memcpy(corpus_helpers, vtest_helpers, sizeof(corpus_helpers));
	corpus_helpers[181] = kbpf_helper_loop;
	opts.helpers = corpus_helpers;
	for (i = 0; i < ARRAY_SIZE(runs); i++) {
		const struct verifier_case *c = find_case(runs[i].name);
		struct pair p;
		u64 r_i = 0, r_j = 0;

		if (!c) {
			UNIT_CHECK(0, "jit/loop/%s: case exists", runs[i].name);
			continue;
		}
		p = make_pair(c->insns, c->len, KBPF_PROG_TYPE_SOCKET_FILTER, &opts,
			      vtest_maps, ARRAY_SIZE(vtest_maps));
		if (!p.err) {
			r_i = kbpf_prog_run(p.interp, ctx);
			r_j = kbpf_prog_run(p.jit, ctx);
			scan_native(p.jit);
		}
		UNIT_CHECK(!p.err && r_i == runs[i].want && r_j == runs[i].want,
			   "jit%s/%s: interpreter %llu, JIT %llu, want %llu (%d)",
			   variant(), c->name,
			   (unsigned long long)r_i, (unsigned long long)r_j,
			   (unsigned long long)runs[i].want, p.err);
		free_pair(&p);
	}
}

/*
 * LD_ABS / LD_IND against the interpreter on a real packet: every size,
 * the last bytes, one past them, LD_IND's 32-bit wrap and a negative
 * immediate; a load outside ends the program with 0 even after others.
 */
#define LD_ABS(sz, k)		INSN(KBPF_LD | KBPF_ABS | KBPF_##sz, 0, 0, 0, k)
#define LD_IND(sz, s, k)	INSN(KBPF_LD | KBPF_IND | KBPF_##sz, 0, s, 0, k)

struct ld_case {
	const char *name;
	struct kbpf_insn insns[16];
	u32 len;
	u64 expect;
};

#define LD_CASE(nm, expect, ...)					\
	{ nm, { MOV64_REG(6, 1), MOV64_IMM(8, 0), __VA_ARGS__,		\
		MOV64_REG(0, 8), EXIT() },				\
	  sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /			\
	  sizeof(struct kbpf_insn) + 4, expect }
#define ACC	ALU64_REG(ADD, 8, 0)

static void test_ld_pkt(void)
{
	static const struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL };
	/* Packet byte i is i * 7 + 3: bytes 0..3 are 03 0a 11 18. */
	static const struct ld_case cases[] = {
		LD_CASE("abs_b_h_w", 0xa112233,
			LD_ABS(B, 0), ACC, LD_ABS(H, 1), ACC, LD_ABS(W, 1), ACC),
		LD_CASE("abs_last_word", 0xa7aeb5bc, LD_ABS(W, 60), ACC),
		LD_CASE("abs_past_end", 0, LD_ABS(B, 0), ACC, LD_ABS(W, 61), ACC),
		LD_CASE("abs_huge", 0, LD_ABS(H, 0x7fffffff), ACC),
		LD_CASE("ind_w", 0x6c737a81, MOV64_IMM(7, 10), LD_IND(W, 7, 5), ACC),
		LD_CASE("ind_negative_imm", 0x3b42, MOV64_IMM(7, 10), LD_IND(H, 7, -2), ACC),
		LD_CASE("ind_wraps_32", 0x0a, MOV64_IMM(7, -1), LD_IND(B, 7, 2), ACC),
		LD_CASE("ind_past_end", 0, MOV64_IMM(7, 64), LD_IND(B, 7, 0), ACC),
		LD_CASE("ind_from_r1", 0x11, MOV64_IMM(1, 2), LD_IND(B, 1, 0), ACC),
	};
	static u8 pkt[64];
	struct kbpf_skb_ctx ctx;
	size_t i;

	for (i = 0; i < sizeof(pkt); i++)
		pkt[i] = i * 7 + 3;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct ld_case *c = &cases[i];
		struct pair p = make_pair(c->insns, c->len, KBPF_PROG_TYPE_SOCKET_FILTER,
					  &opts, NULL, 0);
		u64 r_i = ~0ULL, r_j = ~0ULL;

		memset(&ctx, 0, sizeof(ctx));
		kbpf_skb_ctx_set_data(&ctx, pkt, sizeof(pkt));
		if (!p.err) {
			r_i = kbpf_prog_run(p.interp, &ctx);
			r_j = kbpf_prog_run(p.jit, &ctx);
			scan_native(p.jit);
		}
		UNIT_CHECK(!p.err && r_i == c->expect && r_j == c->expect,
			   "jit%s/ld_pkt/%s (err %d, interp 0x%llx, jit 0x%llx)",
			   variant(), c->name, p.err,
			   (unsigned long long)r_i, (unsigned long long)r_j);
		free_pair(&p);
	}
}

#if defined(__aarch64__) || defined(__x86_64__)
/*
 * Encodings, byte for byte (an assembler's output for the instruction
 * each comment names): every constant, add/sub immediate and memory
 * offset in its shortest form, and prologues and epilogues that save and
 * restore only the callee-saved registers a (sub)program writes, plus
 * the frame pointer's when it reads r10.
 */
/* Native code of instructions [from, to), as the dump shows them. */
static bool code_is(const struct kbpf_prog *prog, u32 from, u32 to,
		    const void *want, u32 len)
{
	u32 a = prog->jited_offsets[from], b = prog->jited_offsets[to], k;
	const u8 *code = (const u8 *)prog->jited + a;

	if (b - a == len && !memcmp(code, want, len))
		return true;
	printf("#   insns %u-%u:", from, to - 1);
	for (k = 0; k < b - a; k++)
		printf(" %02x", code[k]);
	printf("\n");
	return false;
}

/* The first @len bytes (@tail: the last ones) of the image are @want. */
static bool image_is(const struct kbpf_prog *prog, bool tail, const void *want,
		     u32 len)
{
	const u8 *code = (const u8 *)prog->jited + (tail ? prog->jited_len - len : 0);
	u32 k;

	if (prog->jited_len >= len && !memcmp(code, want, len))
		return true;
	printf("#   %s:", tail ? "image ends" : "image starts");
	for (k = 0; k < len && k < prog->jited_len; k++)
		printf(" %02x", code[k]);
	printf("\n");
	return false;
}

static const struct kbpf_insn enc_prog[] = {
	MOV64_IMM(0, 0),				/* 0 */
	MOV64_IMM(0, 42),				/* 1 */
	MOV64_IMM(0, -1),				/* 2 */
	LD_IMM64(0, 0x00ff00ff00ff00ffULL),		/* 3 */
	MOV32_IMM(0, 0x0f0f0f0f),			/* 5 */
	LD_IMM64(0, 0x123400000000ULL),			/* 6 */
	LD_IMM64(0, 0x1122334455667788ULL),		/* 8 */
	LD_IMM64(0, 0xffffffff00001234ULL),		/* 10 */
	MOV32_IMM(0, -16),				/* 12 */
	ALU64_IMM(ADD, 0, 4095),			/* 13 */
	ALU64_IMM(ADD, 0, 0x1000),			/* 14 */
	ALU64_IMM(ADD, 0, -16),				/* 15 */
	STX(DW, 10, 0, -8),				/* 16 */
	LDX(DW, 0, 10, -8),				/* 17 */
	STX(DW, 10, 0, -512),				/* 18 */
	MOV64_REG(1, 10),				/* 19 */
	ALU64_IMM(ADD, 1, -520),			/* 20 */
	LDX(DW, 0, 1, 8),				/* 21 */
	EXIT(),						/* 22 */
};

#if defined(__aarch64__)
/* Instructions [from, to) assemble to @code; len in bytes. */
struct golden {
	u32 from, to, len;
	u32 code[4];
};

/* BPF r0 is x7, r1 x0, r10 x23; x10 is the address scratch register. */
static const struct golden enc_golden[] = {
	{ 0, 1, 4, { 0x52800007 } },		/* movz w7, #0 */
	{ 1, 2, 4, { 0x52800547 } },		/* movz w7, #42 */
	{ 2, 3, 4, { 0x92800007 } },		/* movn x7, #0 */
	{ 3, 5, 4, { 0xb2009fe7 } },		/* orr x7, xzr, #0x00ff00ff00ff00ff */
	{ 5, 6, 4, { 0x3200cfe7 } },		/* orr w7, wzr, #0x0f0f0f0f */
	{ 6, 8, 4, { 0xd2c24687 } },		/* movz x7, #0x1234, lsl #32 */
	{ 8, 10, 16, { 0xd28ef107, 0xf2aaacc7, 0xf2c66887, 0xf2e22447 } },	/* movz; 3 movk */
	{ 10, 12, 8, { 0x929db967, 0xf2a00007 } },	/* movn x7, #0xedcb; movk x7, #0, lsl #16 */
	{ 12, 13, 4, { 0x128001e7 } },		/* movn w7, #15 */
	{ 13, 14, 4, { 0x913ffce7 } },		/* add x7, x7, #4095 */
	{ 14, 15, 4, { 0x914004e7 } },		/* add x7, x7, #1, lsl #12 */
	{ 15, 16, 4, { 0xd10040e7 } },		/* sub x7, x7, #16 */
	{ 16, 17, 4, { 0xf81f82e7 } },		/* stur x7, [x23, #-8] */
	{ 17, 18, 4, { 0xf85f82e7 } },		/* ldur x7, [x23, #-8] */
	{ 18, 19, 8, { 0x92803fea, 0xf82a6ae7 } },	/* movn x10, #511; str x7, [x23, x10] */
	{ 19, 20, 4, { 0xaa1703e0 } },		/* mov x0, x23 */
	{ 20, 21, 4, { 0xd1082000 } },		/* sub x0, x0, #520 */
	{ 21, 22, 4, { 0xf9400407 } },		/* ldr x7, [x0, #8] */
};

/*
 * Every image starts bti c; movz x7, #0; bti jc; stp x29, x30, [sp, #-16]!;
 * mov x29, sp and ends ldp x29, x30, [sp], #16; ret. mov x0, x7 returns r0.
 */
static const u32 pro_none[] = { 0xd503245f, 0xd2800007, 0xd50324df, 0xa9bf7bfd, 0x910003fd };
static const u32 epi_none[] = { 0xaa0703e0, 0xa8c17bfd, 0xd65f03c0 };
/* stp x19, x21, [sp, #-16]!, and the ldp back */
static const u32 pro_r6r8[] = {
	0xd503245f, 0xd2800007, 0xd50324df, 0xa9bf7bfd, 0x910003fd, 0xa9bf57f3,
};
static const u32 epi_r6r8[] = { 0xaa0703e0, 0xa8c157f3, 0xa8c17bfd, 0xd65f03c0 };
/* stp x20, x23, [sp, #-16]!; mov x23, sp; sub sp, sp, #16 */
static const u32 pro_r7fp[] = {
	0xd503245f, 0xd2800007, 0xd50324df, 0xa9bf7bfd, 0x910003fd, 0xa9bf5ff4,
	0x910003f7, 0xd10043ff,
};
/* stp x19, x20; stp x21, x22; str x23, [sp, #-16]!; mov x23, sp; sub sp, sp, #16 */
static const u32 pro_all[] = {
	0xd503245f, 0xd2800007, 0xd50324df, 0xa9bf7bfd, 0x910003fd, 0xa9bf53f3,
	0xa9bf5bf5, 0xf81f0ff7, 0x910003f7, 0xd10043ff,
};
/* Main's epilogue ends; the leaf subprogram saves x19 alone, no frame record. */
static const u32 sub_r6[] = { 0xd65f03c0, 0xf81f0ff3 };	/* ret; str x19, [sp, #-16]! */
#elif defined(__x86_64__)
struct golden {
	u32 from, to, len;
	u8 code[16];
};

/* BPF r0 is rax, r1 rdi, r10 rbp. */
static const struct golden enc_golden[] = {
	{ 0, 1, 2, { 0x31, 0xc0 } },				/* xor eax, eax */
	{ 1, 2, 5, { 0xb8, 42, 0, 0, 0 } },			/* mov eax, 42 */
	{ 2, 3, 7, { 0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff } },	/* mov rax, -1 */
	{ 3, 5, 10, { 0x48, 0xb8, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0 } },	/* movabs */
	{ 5, 6, 5, { 0xb8, 0x0f, 0x0f, 0x0f, 0x0f } },		/* mov eax, imm32 */
	{ 6, 8, 10, { 0x48, 0xb8, 0, 0, 0, 0, 0x34, 0x12, 0, 0 } },
	{ 8, 10, 10, { 0x48, 0xb8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 } },
	{ 10, 12, 10, { 0x48, 0xb8, 0x34, 0x12, 0, 0, 0xff, 0xff, 0xff, 0xff } },
	{ 12, 13, 5, { 0xb8, 0xf0, 0xff, 0xff, 0xff } },		/* mov eax, 0xfffffff0 */
	{ 13, 14, 6, { 0x48, 0x05, 0xff, 0x0f, 0, 0 } },		/* add rax, 4095 */
	{ 14, 15, 6, { 0x48, 0x05, 0, 0x10, 0, 0 } },		/* add rax, 0x1000 */
	{ 15, 16, 4, { 0x48, 0x83, 0xc0, 0xf0 } },		/* add rax, -16 */
	{ 16, 17, 4, { 0x48, 0x89, 0x45, 0xf8 } },		/* mov [rbp - 8], rax */
	{ 17, 18, 4, { 0x48, 0x8b, 0x45, 0xf8 } },		/* mov rax, [rbp - 8] */
	{ 18, 19, 7, { 0x48, 0x89, 0x85, 0, 0xfe, 0xff, 0xff } },	/* mov [rbp - 512], rax */
	{ 19, 20, 3, { 0x48, 0x89, 0xef } },			/* mov rdi, rbp */
	{ 20, 21, 7, { 0x48, 0x81, 0xc7, 0xf8, 0xfd, 0xff, 0xff } },	/* add rdi, -520 */
	{ 21, 22, 4, { 0x48, 0x8b, 0x47, 0x08 } },		/* mov rax, [rdi + 8] */
};

/*
 * Every image starts xor eax, eax; push rbp; mov rbp, rsp (the host keeps
 * rsp 16-byte aligned: sub rsp pads for an odd number of pushes) and
 * ends leave; ret; int3.
 */
static const u8 pro_none[] = { 0x31, 0xc0, 0x55, 0x48, 0x89, 0xe5 };
static const u8 epi_none[] = { 0xc9, 0xc3, 0xcc };
/* push rbx; push r14, and the pops */
static const u8 pro_r6r8[] = { 0x31, 0xc0, 0x55, 0x48, 0x89, 0xe5, 0x53, 0x41, 0x56 };
static const u8 epi_r6r8[] = { 0x41, 0x5e, 0x5b, 0xc9, 0xc3, 0xcc };
/* sub rsp, 24; push r13 */
static const u8 pro_r7fp[] = {
	0x31, 0xc0, 0x55, 0x48, 0x89, 0xe5, 0x48, 0x83, 0xec, 0x18, 0x41, 0x55,
};
/* sub rsp, 16; push rbx, r13, r14, r15 */
static const u8 pro_all[] = {
	0x31, 0xc0, 0x55, 0x48, 0x89, 0xe5, 0x48, 0x83, 0xec, 0x10,
	0x53, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57,
};
static const u8 sub_r6[] = { 0xc3, 0xcc, 0x53 };	/* main's ret; int3; then push rbx */
#endif

static struct pair encoded(const struct kbpf_insn *insns, u32 len, u64 expect)
{
	static const struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL };
	struct pair p = make_pair(insns, len, KBPF_PROG_TYPE_SOCKET_FILTER,
				  &opts, NULL, 0);

	if (!p.err && (kbpf_prog_run(p.jit, NULL) != expect ||
		       kbpf_prog_run(p.interp, NULL) != expect))
		p.err = -EINVAL;
	return p;
}

static void test_encodings(void)
{
	static const struct kbpf_insn none[] = { MOV64_IMM(0, 1), EXIT() };
	static const struct kbpf_insn r6r8[] = {
		MOV64_IMM(6, 1), MOV64_IMM(8, 2), MOV64_REG(0, 6),
		ALU64_REG(ADD, 0, 8), EXIT(),
	};
	static const struct kbpf_insn r7fp[] = {
		MOV64_IMM(7, 3), ST(DW, 10, -8, 5), LDX(DW, 0, 10, -8),
		ALU64_REG(ADD, 0, 7), EXIT(),
	};
	static const struct kbpf_insn all[] = {
		MOV64_IMM(6, 1), MOV64_IMM(7, 2), MOV64_IMM(8, 3), MOV64_IMM(9, 4),
		STX(DW, 10, 6, -8), LDX(DW, 0, 10, -8), ALU64_REG(ADD, 0, 7),
		ALU64_REG(ADD, 0, 8), ALU64_REG(ADD, 0, 9), EXIT(),
	};
	static const struct kbpf_insn sub[] = {
		MOV64_IMM(1, 5), CALL_LOCAL(1), EXIT(),
		MOV64_IMM(6, 7), MOV64_REG(0, 6), ALU64_REG(ADD, 0, 1), EXIT(),
	};
	struct pair p;
	u32 k, bad = 0;

	p = encoded(enc_prog, ARRAY_SIZE(enc_prog), 0x100001fdfULL);
	for (k = 0; !p.err && k < ARRAY_SIZE(enc_golden); k++)
		bad += !code_is(p.jit, enc_golden[k].from, enc_golden[k].to,
				enc_golden[k].code, enc_golden[k].len);
	UNIT_CHECK(!p.err && !bad, "jit/encodings_shortest_%zu_constants_immediates_and_offsets",
		   ARRAY_SIZE(enc_golden));
	free_pair(&p);

	p = encoded(none, ARRAY_SIZE(none), 1);
	UNIT_CHECK(!p.err && image_is(p.jit, false, pro_none, sizeof(pro_none)) &&
		   image_is(p.jit, true, epi_none, sizeof(epi_none)),
		   "jit/saves_nothing_when_r6_r9_r10_unused");
	free_pair(&p);
	p = encoded(r6r8, ARRAY_SIZE(r6r8), 3);
	UNIT_CHECK(!p.err && image_is(p.jit, false, pro_r6r8, sizeof(pro_r6r8)) &&
		   image_is(p.jit, true, epi_r6r8, sizeof(epi_r6r8)),
		   "jit/saves_only_r6_and_r8_when_written");
	free_pair(&p);
	p = encoded(r7fp, ARRAY_SIZE(r7fp), 8);
	UNIT_CHECK(!p.err && image_is(p.jit, false, pro_r7fp, sizeof(pro_r7fp)),
		   "jit/saves_r7_and_the_frame_register_when_r10_read");
	free_pair(&p);
	p = encoded(all, ARRAY_SIZE(all), 10);
	UNIT_CHECK(!p.err && image_is(p.jit, false, pro_all, sizeof(pro_all)),
		   "jit/saves_all_when_r6_r9_written_and_r10_read");
	free_pair(&p);
	p = encoded(sub, ARRAY_SIZE(sub), 12);
	UNIT_CHECK(!p.err && p.jit->jited_offsets[3] >= sizeof(sub_r6) &&
		   !memcmp((const u8 *)p.jit->jited + p.jit->jited_offsets[3] - sizeof(sub_r6),
			   sub_r6, sizeof(sub_r6)),
		   "jit/leaf_subprogram_saves_only_r6");
	free_pair(&p);
}
#endif

#if defined(__aarch64__)
#include <sys/auxv.h>

/*
 * Which atomics the code generator chose: ARMv8.1 LSE instructions
 * (LDADD/LDSET/LDEOR/LDCLR/SWP and their ST forms, CAS) on a CPU that
 * has them, an LDXR/STXR loop on one that has not. KBPF_EXPECT_LSE says
 * which CPU make unit-arm64 asked QEMU for, so a feature check that
 * picked the same path on both would fail one of the runs.
 */
static bool a64_is_lse(u32 w)
{
	return (w & 0x3f200c00) == 0x38200000 ||	/* atomic memory operations */
	       (w & 0x3fa07c00) == 0x08a07c00;		/* CAS */
}

static void test_atomics_as_the_cpu(void)
{
	static const struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL };
	static const s32 ops[] = {
		KBPF_ADD, KBPF_OR, KBPF_AND, KBPF_XOR, KBPF_ADD | KBPF_FETCH,
		KBPF_OR | KBPF_FETCH, KBPF_AND | KBPF_FETCH, KBPF_XOR | KBPF_FETCH,
		KBPF_XCHG, KBPF_CMPXCHG,
	};
	const char *expect = getenv("KBPF_EXPECT_LSE");
	bool hw = getauxval(AT_HWCAP) & HWCAP_ATOMICS;
	struct kbpf_insn insns[3 + 4 * ARRAY_SIZE(ops) + 2];
	u32 n = 0, k, lse = 0, ldxr = 0, stxr = 0;
	const u32 *w;
	struct pair p;

	insns[n++] = (struct kbpf_insn)ST(DW, 10, -8, 0x1234);
	insns[n++] = (struct kbpf_insn)ST(W, 10, -16, 0x5678);
	insns[n++] = (struct kbpf_insn)MOV64_IMM(0, 0x1234);
	for (k = 0; k < ARRAY_SIZE(ops); k++) {
		insns[n++] = (struct kbpf_insn)MOV64_IMM(1, 0x0f0f + k);
		insns[n++] = (struct kbpf_insn)ATOMIC(DW, ops[k], 10, 1, -8);
		insns[n++] = (struct kbpf_insn)ATOMIC(W, ops[k], 10, 1, -16);
		insns[n++] = (struct kbpf_insn)ALU64_REG(XOR, 0, 1);
	}
	insns[n++] = (struct kbpf_insn)LDX(DW, 0, 10, -8);
	insns[n++] = (struct kbpf_insn)EXIT();
	p = make_pair(insns, n, KBPF_PROG_TYPE_SOCKET_FILTER, &opts, NULL, 0);
	for (k = 0; !p.err && k < p.jit->jited_len / 4; k++) {
		w = (const u32 *)p.jit->jited + k;
		lse += a64_is_lse(*w);
		ldxr += (*w & 0x3ffffc00) == 0x085f7c00;
		stxr += (*w & 0x3fe07c00) == 0x08007c00;
	}
	if (expect)
		UNIT_CHECK(hw == (*expect == '1'), "jit/cpu_%s_lse_atomics",
			   *expect == '1' ? "has" : "lacks");
	UNIT_CHECK(!p.err && kbpf_prog_run(p.jit, NULL) == kbpf_prog_run(p.interp, NULL),
		   "jit/atomics_run_as_interpreted");
	if (hw)
		UNIT_CHECK(!p.err && lse == 2 * ARRAY_SIZE(ops) && !ldxr && !stxr,
			   "jit/atomics_lse_%u_instructions_no_exclusive_loop", lse);
	else
		UNIT_CHECK(!p.err && !lse && ldxr == 2 * ARRAY_SIZE(ops) && stxr == ldxr,
			   "jit/atomics_ldxr_stxr_loops_%u_no_lse", ldxr);
	free_pair(&p);
}
#endif

int main(int argc, char **argv)
{
	u32 count = argc > 1 ? strtoul(argv[1], NULL, 0) : 3000;
	const char *seed = getenv("KBPF_FUZZ_SEED");

	if (!kbpf_jit_supported()) {
		printf("ok - jit # SKIP no JIT for this architecture\n");
		return 0;
	}
	test_isa_cases();
	test_inline_lookups();
	test_lookup_clamp();
	test_verifier_corpus();
	test_ld_pkt();
	test_random(count);
	/* A new seed each run unless KBPF_FUZZ_SEED replays one. */
	fuzz_seed = seed ? strtoull(seed, NULL, 0) : (u64)time(NULL) * 0x9e3779b97f4a7c15ULL;
	if (!fuzz_seed)
		fuzz_seed = 1;	/* xorshift never leaves 0 */
	printf("# jit/random_features seed 0x%llx (KBPF_FUZZ_SEED=0x%llx replays it)\n",
	       (unsigned long long)fuzz_seed, (unsigned long long)fuzz_seed);
	test_random_features(count / 3);
#if defined(__x86_64__)
	UNIT_CHECK(native_insns > 100000 && !indirect_branches && tail_branches,
		   "jit/no_indirect_branches_in_%u_native_instructions_%u_tail_calls_through_the_retpoline",
		   native_insns, tail_branches);
	{
		/* The scan itself must see call rax, jmp [rax] and jmp rel32. */
		static u8 planted[] = { 0xff, 0xd0, 0xff, 0x20, 0xe9, 0, 0, 0, 0 };
		struct kbpf_prog fake = { .jited = planted, .jited_len = sizeof(planted) };

		indirect_branches = 0;
		scan_native(&fake);
		UNIT_CHECK(indirect_branches == 2, "jit/scan_finds_planted_indirect_branches");
	}
#elif defined(__aarch64__)
	UNIT_CHECK(native_insns > 100000 && !indirect_branches && tail_branches,
		   "jit/indirect_calls_only_to_constant_helpers_in_%u_native_instructions_%u_tail_calls",
		   native_insns, tail_branches);
	{
		/*
		 * blr x0, br x1 and a lone br x16 count; movk x16 + blr x16,
		 * add x16, x16, #8 + br x16 (a tail call), b and ret do not.
		 */
		static u32 planted[] = {
			0xd63f0000, 0xd61f0020, 0xf2a00010, 0xd63f0200,
			0x14000001, 0xd65f03c0, 0x91002210, 0xd61f0200,
			0xd61f0200,
		};
		struct kbpf_prog fake = { .jited = planted, .jited_len = sizeof(planted) };

		indirect_branches = 0;
		tail_branches = 0;
		scan_native(&fake);
		UNIT_CHECK(indirect_branches == 3 && tail_branches == 1,
			   "jit/scan_finds_planted_indirect_branches");
	}
#endif
#if defined(__x86_64__)
	/*
	 * Where the kernel returns through __x86_return_thunk, so must
	 * native code: every table again with a host thunk, no bare ret.
	 */
	kbpf_host_rethunk = true;
	native_rets = 0;
	thunk_returns = 0;
	test_isa_cases();
	test_verifier_corpus();
	test_loop_results();
	test_ld_pkt();
	test_random(count / 10);
	test_random_features(count / 30);
	UNIT_CHECK(!native_rets && thunk_returns > 500,
		   "jit-rethunk/every_return_goes_through_the_thunk (%u thunk jumps, %u bare ret)",
		   thunk_returns, native_rets);
	kbpf_host_rethunk = false;
#endif
	test_blinding_hides_constants();
#if defined(__aarch64__) || defined(__x86_64__)
	test_encodings();
#endif
#if defined(__aarch64__)
	test_atomics_as_the_cpu();
#endif
	test_far_branches();
	test_memory_offsets();
	test_helper_args();
	test_loop_results();
	/* Everything again through the blinding rewrite. */
	jit_opts.blind = true;
	test_isa_cases();
	test_verifier_corpus();
	test_loop_results();
	test_ld_pkt();
	test_random(count / 3);
	test_random_features(count / 10);
	return unit_failed;
}
