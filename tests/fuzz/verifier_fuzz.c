// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for the module's gate: turns input bytes into programs
 * built from valid opcodes, verifies them in conservative mode with a small
 * log, and runs every accepted program in the real interpreter. Built with
 * ASan and UBSan, so an accepted program that touches memory outside its
 * stack, or trips undefined behaviour, crashes the run; the gate forbids
 * loops, so every accepted program ends. An r0 within a megabyte of the
 * harness's own stack is a leaked stack address: also a crash.
 */
#include "../../verifier/verifier.h"
#include "../../vm/opcodes.h"

#define X(label, code) code,
static const u8 opcodes[] = { KBPF_OPCODES(X) };
#undef X

/* Offsets and immediates near interesting values, not uniformly random. */
static s16 pick_off(u8 b)
{
	static const s16 offs[] = { 0, 1, 2, -1, -2, -4, -8, -16, -511, -512,
				    -513, 8, 16, 32, 64, -3, 3 };

	return offs[b % ARRAY_SIZE(offs)];
}

static s32 pick_imm(u32 v)
{
	static const s32 imms[] = { 0, 1, -1, 8, 16, 32, 64, 63, 31,
				    0x7fffffff, S32_MIN, KBPF_ADD | KBPF_FETCH,
				    KBPF_XCHG, KBPF_CMPXCHG, KBPF_OR, 5 };

	return v & 1 ? (s32)v >> 1 : imms[(v >> 1) % ARRAY_SIZE(imms)];
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_CONSERVATIVE,
	};
	struct kbpf_verify_result res;
	struct kbpf_prog *prog;
	char logbuf[200];
	struct kbpf_log log = { .buf = logbuf, .size = sizeof(logbuf), .level = 2 };
	u32 n = size / 8, i;

	if (!n || n > 64)
		return 0;
	prog = kbpf_prog_alloc(n);
	for (i = 0; i < n; i++, data += 8) {
		struct kbpf_insn *insn = &prog->insns[i];
		u32 imm;

		memcpy(&imm, data + 4, 4);
		insn->code = data[0] & 0x80 ? data[0] : opcodes[data[0] % ARRAY_SIZE(opcodes)];
		insn->dst_reg = data[1] % 12;
		insn->src_reg = data[2] % 12;
		insn->off = data[3] & 0x80 ? (s8)data[3] : pick_off(data[3]);
		insn->imm = pick_imm(imm);
	}
	if (!kbpf_verify(prog, &opts, &log, &res)) {
		char here;
		u64 r0, dist;

		kbpf_interp_select(prog);
		r0 = kbpf_prog_run(prog, NULL);
		/* No stack address may come back: the gate hides r10's value. */
		dist = r0 > (uintptr_t)&here ? r0 - (uintptr_t)&here :
					       (uintptr_t)&here - r0;
		if (dist < (1U << 20))
			__builtin_trap();
	} else if (res.err != -ENOMEM && res.err_insn >= n) {
		__builtin_trap();	/* every rejection must name an instruction */
	}
	kbpf_log_finish(&log);
	if (strlen(logbuf) >= sizeof(logbuf))
		__builtin_trap();
	kbpf_prog_free(prog);
	return 0;
}
