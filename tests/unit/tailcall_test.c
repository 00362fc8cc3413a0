// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests for prog_array maps and bpf_tail_call: the map's user
 * side (descriptors in, ids out, owner type and engine, references), and
 * tail calls run by the interpreter and by native code (every program of
 * the chain JIT-compiled): taken, index out of range, empty slot, Linux's
 * limit of 33 exactly across one program and across two, a chain through
 * frames of different shapes, an entry replaced or deleted between runs.
 */
#include "../../maps/maps.h"
#include "../../verifier/verifier.h"
#include "../../jit/jit.h"
#include "../cases/insn.h"
#include "unit.h"

#define RT	KBPF_PROG_TYPE_RAW_TRACEPOINT
#define NPROGS	12

/* Descriptors are indexes into progs[]; puts are counted per program. */
static struct kbpf_prog *progs[NPROGS];
static int refs[NPROGS];

static int prog_slot(const struct kbpf_prog *prog)
{
	int i;

	for (i = 0; i < NPROGS; i++)
		if (progs[i] == prog)
			return i;
	return -1;
}

static struct kbpf_prog *t_get(u32 fd, int *err)
{
	if (fd >= NPROGS || !progs[fd]) {
		*err = -EBADF;
		return NULL;
	}
	refs[fd]++;
	return progs[fd];
}

static void t_put(struct kbpf_prog *prog)
{
	refs[prog_slot(prog)]--;
}

static u32 t_id(const struct kbpf_prog *prog)
{
	return 100 + prog_slot(prog);
}

static const struct kbpf_prog_ref_ops t_ref = {
	.get = t_get, .put = t_put, .id = t_id,
};

static struct kbpf_map *maps[2];	/* 0: the prog_array, 1: a counter */

static struct kbpf_prog *load(const struct kbpf_insn *insns, u32 len, u32 type)
{
	struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_FULL, .helper_proto = kbpf_helper_proto,
	};
	struct kbpf_verify_result res;
	static char buf[4096];
	struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
	struct kbpf_prog *prog = kbpf_prog_alloc(len);

	opts.helpers = kbpf_helper_table(&opts.nr_helpers);
	memcpy(prog->insns, insns, len * sizeof(*insns));
	prog->type = type;
	prog->gpl_compatible = true;
	prog->maps = maps;
	prog->nr_maps = 2;
	if (kbpf_verify(prog, &opts, &log, &res)) {
		kbpf_log_finish(&log);
		printf("# refused: %s\n", strrchr(buf, ':') ? strrchr(buf, ':') : buf);
		kbpf_prog_free(prog);
		return NULL;
	}
	kbpf_interp_select(prog);
	return prog;
}

#define LOAD(slot, type, ...)						\
	do {								\
		const struct kbpf_insn in_[] = { __VA_ARGS__ };		\
		kbpf_prog_free(progs[slot]);				\
		progs[slot] = load(in_, ARRAY_SIZE(in_), type);		\
	} while (0)

#define LD_MAP(d, idx) \
	INSN(KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_IDX, 0, idx), \
	INSN(0, 0, 0, 0, 0)

static int set(u32 key, u32 fd)
{
	return kbpf_map_update_user(maps[0], &key, &fd, KBPF_ANY);
}

static u64 counter(void)
{
	u32 k = 0;
	u64 v = 0;

	kbpf_map_lookup_user(maps[1], &k, &v);
	return v;
}

static void reset_counter(void)
{
	u32 k = 0;
	u64 v = 0;

	kbpf_map_update_user(maps[1], &k, &v, KBPF_ANY);
}

static u64 run(int slot)
{
	u64 ctx[4] = { 0 }, r;

	kbpf_rcu_read_lock();
	r = kbpf_prog_run(progs[slot], ctx);
	kbpf_rcu_read_unlock();
	return r;
}

static void test_map_user_side(void)
{
	struct kbpf_map_attr a = {
		.type = KBPF_MAP_TYPE_PROG_ARRAY, .key_size = 4, .value_size = 4,
		.max_entries = 4, .prog_ref = &t_ref,
	};
	u32 k = 1, v, next;

	a.value_size = 8;
	UNIT_CHECK(PTR_ERR(kbpf_map_create(&a)) == -EINVAL, "prog_array: value_size 8 refused");
	a.value_size = 4;
	a.key_size = 8;
	UNIT_CHECK(PTR_ERR(kbpf_map_create(&a)) == -EINVAL, "prog_array: key_size 8 refused");
	a.key_size = 4;
	a.flags = KBPF_F_RDONLY_PROG;
	UNIT_CHECK(PTR_ERR(kbpf_map_create(&a)) == -EINVAL, "prog_array: RDONLY_PROG refused");
	a.flags = 0;
	a.prog_ref = NULL;
	UNIT_CHECK(PTR_ERR(kbpf_map_create(&a)) == -EOPNOTSUPP, "prog_array: needs a way to hold programs");
	a.prog_ref = &t_ref;
	maps[0] = kbpf_map_create(&a);
	UNIT_CHECK(!IS_ERR(maps[0]), "prog_array: created");

	/* Slot 0 of progs[]: a raw_tracepoint program returning 42. */
	LOAD(0, RT, MOV64_IMM(0, 42), EXIT());
	LOAD(1, KBPF_PROG_TYPE_KPROBE, MOV64_IMM(0, 1), EXIT());
	UNIT_CHECK(progs[0] && progs[1], "prog_array: targets load");
	UNIT_CHECK(kbpf_map_lookup_user(maps[0], &k, &v) == -ENOENT, "prog_array: empty slot ENOENT");
	UNIT_CHECK(set(1, 0) == 0 && refs[0] == 1, "prog_array: update holds a reference");
	UNIT_CHECK(kbpf_map_lookup_user(maps[0], &k, &v) == 0 && v == 100,
		   "prog_array: lookup gives the program id (%u)", v);
	UNIT_CHECK(kbpf_prog_array_owner(maps[0]) == RT, "prog_array: first entry fixes the type");
	UNIT_CHECK(set(2, 1) == -EINVAL && refs[1] == 0, "prog_array: other type refused, no reference kept");
	UNIT_CHECK(set(4, 0) == -E2BIG, "prog_array: key past the end E2BIG");
	UNIT_CHECK(set(0, 7) == -EBADF, "prog_array: bad descriptor EBADF");
	v = 0;
	UNIT_CHECK(kbpf_map_update_user(maps[0], &k, &v, KBPF_NOEXIST) == -EINVAL,
		   "prog_array: only BPF_ANY");
	UNIT_CHECK(kbpf_map_get_next_key_user(maps[0], NULL, &next) == 0 && next == 0 &&
		   kbpf_map_get_next_key_user(maps[0], &k, &next) == 0 && next == 2,
		   "prog_array: every index is a key");
	UNIT_CHECK(set(1, 0) == 0 && refs[0] == 1, "prog_array: replacing drops the old reference");
	UNIT_CHECK(kbpf_map_delete_user(maps[0], &k) == 0 && refs[0] == 0 &&
		   kbpf_map_delete_user(maps[0], &k) == -ENOENT, "prog_array: delete drops it, twice ENOENT");
	UNIT_CHECK(set(1, 0) == 0 && set(3, 0) == 0 && refs[0] == 2, "prog_array: one reference per slot");
	kbpf_prog_array_clear(maps[0]);
	UNIT_CHECK(refs[0] == 0 && kbpf_map_lookup_user(maps[0], &k, &v) == -ENOENT,
		   "prog_array: clear (last user reference gone) empties every slot");
}

static void new_prog_array(void)
{
	struct kbpf_map_attr a = {
		.type = KBPF_MAP_TYPE_PROG_ARRAY, .key_size = 4, .value_size = 4,
		.max_entries = 4, .prog_ref = &t_ref,
	};

	if (maps[0]) {
		kbpf_prog_array_clear(maps[0]);
		kbpf_map_free(maps[0]);
	}
	maps[0] = kbpf_map_create(&a);
}

/* Native code for progs[from .. to], as a load with the JIT on gives it. */
static bool jit_all(int from, int to, bool blind)
{
	struct kbpf_jit_opts jo = { .blind = blind };
	bool ok = true;
	int i;

	for (i = from; i <= to; i++) {
		ok &= progs[i] && kbpf_jit_compile(progs[i], &jo) == 0 && progs[i]->jited;
		ok &= !kbpf_prog_claim_tail_engine(progs[i]);
	}
	return ok;
}

/* r0 = the sum of r6 - r9 and two stack slots: frames of other shapes. */
#define CHAIN_TAIL(k)							\
	MOV64_IMM(6, k), MOV64_IMM(7, 2 * (k)), MOV64_IMM(8, 3 * (k)),	\
	MOV64_IMM(9, 4 * (k)), ST(DW, 10, -8, 5 * (k)),			\
	ST(DW, 10, -(k) * 64, 6 * (k)), MOV64_REG(0, 6),		\
	ALU64_REG(ADD, 0, 7), ALU64_REG(ADD, 0, 8), ALU64_REG(ADD, 0, 9), \
	LDX(DW, 2, 10, -8), ALU64_REG(ADD, 0, 2),			\
	LDX(DW, 2, 10, -(k) * 64), ALU64_REG(ADD, 0, 2)

/* Programs in progs[]: 0 returns 42 (loaded above); the rest below. */
static void test_tail_calls(bool jit, bool blind)
{
	const char *e = !jit ? "interpreted" : blind ? "jit-blind" : "jit";
	u64 r, r2;
	int i;

	new_prog_array();
	kbpf_prog_free(progs[0]);
	progs[0] = NULL;
	LOAD(0, RT, MOV64_IMM(0, 42), EXIT());

	/* 2: tail-calls slot r3 = ctx[0]... here a constant per program. */
	LOAD(2, RT, LD_MAP(2, 0), MOV64_IMM(3, 1), CALL_HELPER(12), EXIT());
	LOAD(3, RT, LD_MAP(2, 0), MOV64_IMM(3, 4), CALL_HELPER(12),
	     MOV64_IMM(0, 7), EXIT());
	LOAD(4, RT, LD_MAP(2, 0), MOV64_IMM(3, 2), CALL_HELPER(12), EXIT());
	/* 5: counts its runs in maps[1], then tail-calls slot 0 (itself). */
	LOAD(5, RT, MOV64_REG(6, 1), ST(W, 10, -4, 0), MOV64_REG(2, 10),
	     ALU64_IMM(ADD, 2, -4), LD_MAP(1, 1), CALL_HELPER(1),
	     JMP_IMM(JEQ, 0, 0, 7), MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 0, 1, 0),
	     MOV64_REG(1, 6), LD_MAP(2, 0), MOV64_IMM(3, 0), CALL_HELPER(12),
	     MOV64_IMM(0, 1), EXIT());
	/* 6: returns 43, the replacement. */
	LOAD(6, RT, MOV64_IMM(0, 43), EXIT());
	UNIT_CHECK(progs[2] && progs[3] && progs[4] && progs[5] && progs[6],
		   "tail/%s: programs load", e);
	/* 8: counts like 5, then tail-calls slot 3: 5 and 8 alternate. */
	LOAD(8, RT, MOV64_REG(6, 1), ST(W, 10, -4, 0), MOV64_REG(2, 10),
	     ALU64_IMM(ADD, 2, -4), LD_MAP(1, 1), CALL_HELPER(1),
	     JMP_IMM(JEQ, 0, 0, 7), MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 0, 1, 0),
	     MOV64_REG(1, 6), LD_MAP(2, 0), MOV64_IMM(3, 3), CALL_HELPER(12),
	     MOV64_IMM(0, 2), EXIT());
	/*
	 * 9 -> 10 -> 11: each fills r6 - r9 and its stack (64, 128, 192
	 * bytes deep) before tail-calling the next; 11 adds ctx[0] too.
	 */
	LOAD(9, RT, CHAIN_TAIL(1), MOV64_REG(6, 1), LD_MAP(2, 0), MOV64_IMM(3, 1),
	     CALL_HELPER(12), EXIT());
	LOAD(10, RT, CHAIN_TAIL(2), LD_MAP(2, 0), MOV64_IMM(3, 2), CALL_HELPER(12),
	     EXIT());
	LOAD(11, RT, CHAIN_TAIL(3), LDX(DW, 2, 1, 0), ALU64_REG(ADD, 0, 2), EXIT());
	UNIT_CHECK(progs[8] && progs[9] && progs[10] && progs[11], "tail/%s: chain programs load", e);
	UNIT_CHECK(progs[2]->tail_calls && !progs[0]->tail_calls, "tail/%s: marked", e);
	if (jit && kbpf_jit_supported()) {
		UNIT_CHECK(jit_all(0, 6, blind) && jit_all(8, 11, blind),
			   "tail/%s: every program of the chains JIT-compiled", e);
		LOAD(7, RT, MOV64_IMM(0, 1), EXIT());
		UNIT_CHECK(set(3, 7) == -EINVAL && refs[7] == 0,
			   "tail/%s: an interpreted entry refused next to native ones", e);
	} else if (jit) {
		return;
	} else {
		for (i = 0; i < NPROGS; i++)
			UNIT_CHECK(!progs[i] || !kbpf_prog_claim_tail_engine(progs[i]),
				   "tail/%s: claims interpreted (%d)", e, i);
	}

	set(1, 0);
	UNIT_CHECK(run(2) == 42, "tail/%s: taken, the target's r0 is the result", e);
	r = run(3);
	UNIT_CHECK(r == 7, "tail/%s: index past max_entries falls through (%llu)", e,
		   (unsigned long long)r);
	r = run(4);
	UNIT_CHECK(r == (u64)-ENOENT, "tail/%s: empty slot falls through, r0 = -ENOENT", e);
	set(1, 6);
	UNIT_CHECK(run(2) == 43 && refs[0] == 0, "tail/%s: replaced entry runs, old one put", e);
	kbpf_map_delete_user(maps[0], &(u32){ 1 });
	UNIT_CHECK(run(2) == (u64)-ENOENT, "tail/%s: deleted entry falls through", e);

	set(0, 5);
	reset_counter();
	r = run(5);
	UNIT_CHECK(r == 1 && counter() == 34,
		   "tail/%s: 33 tail calls taken, the 34th falls through (%llu runs)", e,
		   (unsigned long long)counter());
	reset_counter();
	r = run(5);
	UNIT_CHECK(counter() == 34, "tail/%s: the count is per run", e);
	set(0, 8);
	set(3, 5);
	reset_counter();
	r = run(5);
	UNIT_CHECK(r == 2 && counter() == 34,
		   "tail/%s: two programs alternating share one count of 33 (%llu runs)", e,
		   (unsigned long long)counter());
	set(1, 10);
	set(2, 11);
	{
		u64 ctx[4] = { 1000 };

		kbpf_rcu_read_lock();
		r = kbpf_prog_run(progs[9], ctx);
		r2 = kbpf_prog_run(progs[9], ctx);
		kbpf_rcu_read_unlock();
	}
	UNIT_CHECK(r == 3 * 21 + 1000 && r2 == r,
		   "tail/%s: a chain of three frames of other shapes ends in the last (%llu)", e,
		   (unsigned long long)r);
	kbpf_prog_array_clear(maps[0]);
	for (i = 0; i < NPROGS; i++)
		if (progs[i])
			kbpf_jit_free(progs[i]);
	UNIT_CHECK(run(0) == 42, "tail/%s: back on the interpreter", e);
}

/* A tail-calling user fixes the engine before any entry does. */
static void test_engine_of_users(void)
{
	struct kbpf_jit_opts jo = { 0 };

	if (!kbpf_jit_supported())
		return;
	new_prog_array();
	LOAD(2, RT, LD_MAP(2, 0), MOV64_IMM(3, 1), CALL_HELPER(12), EXIT());
	LOAD(3, RT, LD_MAP(2, 0), MOV64_IMM(3, 1), CALL_HELPER(12), EXIT());
	LOAD(0, RT, MOV64_IMM(0, 42), EXIT());
	UNIT_CHECK(progs[2] && !kbpf_jit_compile(progs[2], &jo) &&
		   !kbpf_prog_claim_tail_engine(progs[2]),
		   "tail/engine: a native user claims the map");
	UNIT_CHECK(progs[3] && kbpf_prog_claim_tail_engine(progs[3]) == -EINVAL,
		   "tail/engine: an interpreted user is refused then");
	UNIT_CHECK(set(1, 0) == -EINVAL, "tail/engine: so is an interpreted entry");
	UNIT_CHECK(!kbpf_jit_compile(progs[0], &jo) && set(1, 0) == 0 && run(2) == 42,
		   "tail/engine: a native entry is taken");
	kbpf_prog_array_clear(maps[0]);
	kbpf_jit_free(progs[0]);
	kbpf_jit_free(progs[2]);
}

static void test_verifier_owner(void)
{
	/* maps[0] holds raw_tracepoint programs: a kprobe user is refused. */
	LOAD(7, KBPF_PROG_TYPE_KPROBE, LD_MAP(2, 0), MOV64_IMM(3, 0),
	     CALL_HELPER(12), EXIT());
	UNIT_CHECK(!progs[7], "tail/verifier: program of another type refused");
}

int main(void)
{
	struct kbpf_map_attr a = {
		.type = KBPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8,
		.max_entries = 1,
	};
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	maps[1] = kbpf_map_create(&a);
	test_map_user_side();
	test_tail_calls(false, false);
	test_tail_calls(true, false);
	test_tail_calls(true, true);
	test_engine_of_users();
	test_verifier_owner();
	for (i = 0; i < NPROGS; i++)
		kbpf_prog_free(progs[i]);
	kbpf_map_free(maps[0]);
	kbpf_map_free(maps[1]);
	return unit_failed;
}
