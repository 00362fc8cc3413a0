// SPDX-License-Identifier: GPL-2.0-only
/*
 * The JIT's front end, shared by every code generator.
 *
 * It finds what a code generator needs to know about the program
 * (subprograms, the registers each may write, jump targets), runs the
 * code generator's pass until every instruction's native offset stops
 * moving, reserves that many bytes of arena, and runs one last pass with
 * the final address known, into an ordinary buffer that is then copied
 * into the arena. Any failure leaves the program interpreted.
 */
#include "internal.h"
#include "../helpers/helpers.h"

/* Passes before the front end gives up on sizes that keep moving. */
#define KBPF_JIT_MAX_PASSES	20
/* First guess at each instruction's size: large, so jumps start long. */
#define KBPF_JIT_FIRST_GUESS	64

static bool is_lddw(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW);
}

static bool is_local_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) &&
	       insn->src_reg == KBPF_PSEUDO_CALL;
}

static bool is_jump(const struct kbpf_insn *insn)
{
	u8 class = insn->code & 0x07, op = insn->code & 0xf0;

	if (class != KBPF_JMP && class != KBPF_JMP32)
		return false;
	return op != KBPF_CALL && op != KBPF_EXIT;
}

static s32 jump_delta(const struct kbpf_insn *insn)
{
	if (insn->code == (KBPF_JMP32 | KBPF_JA))
		return insn->imm;
	return insn->off;
}

/* BPF registers an instruction may change, as a bit mask. */
static u16 regs_written(const struct kbpf_insn *insn)
{
	u8 class = insn->code & 0x07;

	switch (class) {
	case KBPF_ALU:
	case KBPF_ALU64:
	case KBPF_LDX:
	case KBPF_LD:
		return 1U << insn->dst_reg;
	case KBPF_STX:
		if ((insn->code & 0xe0) != KBPF_ATOMIC)
			return 0;
		if (insn->imm == KBPF_CMPXCHG)
			return 1U << 0;
		return insn->imm & KBPF_FETCH ? 1U << insn->src_reg : 0;
	case KBPF_JMP:
		if ((insn->code & 0xf0) == KBPF_CALL)
			return 0x3f;	/* r0 - r5 */
		return 0;
	}
	return 0;
}

static bool is_tail_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) && !insn->src_reg &&
	       insn->imm == KBPF_FUNC_tail_call;
}

static bool is_pseudo_func(const struct kbpf_insn *insn)
{
	return is_lddw(insn) && insn->src_reg == KBPF_PSEUDO_FUNC;
}

bool kbpf_jit_is_loop_call(const struct kbpf_insn *insn)
{
	return insn->code == (KBPF_JMP | KBPF_CALL) && !insn->src_reg &&
	       insn->imm == KBPF_FUNC_loop;
}

/* The subprogram the callback lddw at @i (of j->insns) loads. */
u32 kbpf_jit_func_target(const struct kbpf_jit *j, u32 i)
{
	const struct kbpf_insn *insn = &j->insns[i];
	uintptr_t addr = (u32)insn[0].imm | (u64)(u32)insn[1].imm << 32;
	u32 target = (const struct kbpf_insn *)addr - j->prog->insns;
	u32 lo = 0, hi = j->nr_subprogs;

	if (j->start)
		target = j->start[target];
	if (!j->subprogs)
		return target;
	while (hi - lo > 1) {
		u32 mid = (lo + hi) / 2;

		if (j->subprogs[mid].start <= target)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int scan_program(struct kbpf_jit *j, const char **why)
{
	u32 i, s, n = 1;
	bool tail_calls = false;

	j->flags[0] |= KBPF_JIT_SUBPROG_START;
	for (i = 0; i < j->len; i++) {
		const struct kbpf_insn *insn = &j->insns[i];

		if (j->flags[i] & KBPF_JIT_LDDW_TAIL)
			continue;
		if (is_lddw(insn) && i + 1 < j->len)
			j->flags[i + 1] |= KBPF_JIT_LDDW_TAIL;
		tail_calls |= is_tail_call(insn);
		if (is_local_call(insn))
			j->flags[i + 1 + insn->imm] |= KBPF_JIT_SUBPROG_START;
		else if (is_pseudo_func(insn))
			j->flags[kbpf_jit_func_target(j, i)] |= KBPF_JIT_SUBPROG_START;
		else if (is_jump(insn))
			j->flags[i + 1 + jump_delta(insn)] |= KBPF_JIT_JUMP_TARGET;
	}
	for (i = 1; i < j->len; i++)
		n += !!(j->flags[i] & KBPF_JIT_SUBPROG_START);
	/*
	 * A tail call unwinds the main program's frame; the verifier
	 * refuses it next to bpf-to-bpf calls, and so does the JIT.
	 */
	if (tail_calls && n > 1) {
		*why = "tail calls next to bpf-to-bpf calls";
		return -EOPNOTSUPP;
	}
	j->subprogs = kbpf_zalloc(n * sizeof(*j->subprogs));
	if (!j->subprogs)
		return -ENOMEM;
	j->nr_subprogs = n;
	for (i = 0, s = 0; i < j->len; i++) {
		if (j->flags[i] & KBPF_JIT_SUBPROG_START) {
			if (i)
				j->subprogs[s++].end = i;
			j->subprogs[s].start = i;
		}
		if (!(j->flags[i] & KBPF_JIT_LDDW_TAIL))
			j->subprogs[s].written |= regs_written(&j->insns[i]);
	}
	j->subprogs[s].end = j->len;
	for (i = 0; i < j->len; i++)
		if (!(j->flags[i] & KBPF_JIT_LDDW_TAIL) && is_pseudo_func(&j->insns[i]))
			j->subprogs[kbpf_jit_func_target(j, i)].callback = true;
	return 0;
}

/*
 * Passes until no offset moves. A code generator sizes each jump from
 * the offsets it sees, some from this pass and some from the last, so
 * only a pass that changes nothing proves the next one exact.
 */
static int converge(struct kbpf_jit *j, u32 *prev, const char **why)
{
	size_t bytes = (j->len + 1) * sizeof(u32);
	u32 i;
	int err;

	for (i = 0; i <= j->len; i++)
		j->offsets[i] = i * KBPF_JIT_FIRST_GUESS;
	for (j->pass = 0; j->pass < KBPF_JIT_MAX_PASSES; j->pass++) {
		memcpy(prev, j->offsets, bytes);
		err = kbpf_jit_arch_pass(j, why);
		if (err)
			return err;
		if (j->pass && !memcmp(prev, j->offsets, bytes))
			return 0;
	}
	*why = "native code size kept changing between passes";
	return -EOPNOTSUPP;
}

static int emit_final(struct kbpf_jit *j, u8 *dst, const char **why)
{
	u32 size = j->size;
	int err;

	j->image = kbpf_big_zalloc(size);
	if (!j->image)
		return -ENOMEM;
	j->base = (uintptr_t)dst;
	err = kbpf_jit_arch_pass(j, why);
	if (!err && j->size != size) {
		*why = "code size changed in the final pass";
		err = -EOPNOTSUPP;
	}
	if (!err)
		err = kbpf_jit_mem_write(dst, j->image, size);
	if (!err)
		kbpf_jit_mem_sync(dst, size);
	kbpf_big_free(j->image);
	j->image = NULL;
	return err;
}

static int generate(struct kbpf_jit *j, struct kbpf_prog *prog,
		    const char **why)
{
	u32 *prev;
	u8 *code;
	int err;

	prev = kbpf_big_zalloc((j->len + 1) * sizeof(u32));
	if (!prev)
		return -ENOMEM;
	err = converge(j, prev, why);
	kbpf_big_free(prev);
	if (err)
		return err;
	code = kbpf_jit_arena_alloc(j->size);
	if (!code) {
		*why = "the JIT arena is full";
		return -ENOSPC;
	}
	err = emit_final(j, code, why);
	if (err) {
		kbpf_jit_arena_free(code, j->size);
		return err;
	}
	prog->jited = code;
	prog->jited_len = j->size;
	return 0;
}

/*
 * Native offsets per instruction as loaded: with blinding, where the
 * rewrite of each instruction begins.
 */
static u32 *offsets_as_loaded(struct kbpf_jit *j, const u32 *blinded_start,
			      u32 len)
{
	u32 *offsets, i;

	if (!blinded_start) {
		offsets = j->offsets;
		j->offsets = NULL;
		return offsets;
	}
	offsets = kbpf_big_zalloc((len + 1) * sizeof(u32));
	if (offsets)
		for (i = 0; i <= len; i++)
			offsets[i] = j->offsets[blinded_start[i]];
	return offsets;
}

int kbpf_jit_compile(struct kbpf_prog *prog, const struct kbpf_jit_opts *opts)
{
	struct kbpf_jit j = {
		.prog = prog, .insns = prog->insns, .len = prog->len,
	};
	struct kbpf_insn *blinded = NULL;
	u32 *blinded_start = NULL;
	const char *why = NULL;
	int err;

	if (!kbpf_jit_supported())
		return -EOPNOTSUPP;
	if (opts->blind) {
		err = kbpf_jit_blind(prog->insns, prog->len, &blinded, &j.len,
				     &blinded_start);
		if (err) {
			why = "blinding makes a jump too long";
			goto out;
		}
		j.insns = blinded;
		j.start = blinded_start;
	}
	err = -ENOMEM;
	j.flags = kbpf_big_zalloc(j.len);
	j.offsets = kbpf_big_zalloc((j.len + 1) * sizeof(u32));
	if (!j.flags || !j.offsets)
		goto out;
	err = scan_program(&j, &why);
	if (err)
		goto out;
	err = kbpf_jit_arch_begin(&j);
	if (err)
		goto out;
	err = generate(&j, prog, &why);
	kbpf_jit_arch_end(&j);
	if (!err) {
		prog->jited_offsets = offsets_as_loaded(&j, blinded_start, prog->len);
		if (prog->jited_offsets) {
			prog->run = (void *)prog->jited;
		} else {
			kbpf_jit_free(prog);
			err = -ENOMEM;
		}
	}
out:
	if (err && why)
		kbpf_pr_info("%s: not JIT-compiled: %s\n",
			     prog->name[0] ? prog->name : "program", why);
	kbpf_free(j.subprogs);
	kbpf_big_free(j.offsets);
	kbpf_big_free(j.flags);
	kbpf_big_free(blinded_start);
	kbpf_big_free(blinded);
	return err;
}

void kbpf_jit_free(struct kbpf_prog *prog)
{
	if (!prog->jited)
		return;
	kbpf_interp_select(prog);
	kbpf_jit_arena_free(prog->jited, prog->jited_len);
	kbpf_big_free(prog->jited_offsets);
	prog->jited = NULL;
	prog->jited_offsets = NULL;
	prog->jited_len = 0;
}

bool kbpf_jit_supported(void)
{
	return kbpf_jit_arch_supported() && !kbpf_jit_arena_init();
}
