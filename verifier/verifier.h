/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The verifier: decides whether a program may run, explains why not, and
 * translates what it accepts into the form the engines execute.
 */
#ifndef _KBPF_VERIFIER_H
#define _KBPF_VERIFIER_H

#include "../vm/vm.h"
#include "../helpers/helpers.h"

/*
 * The log keeps the end of what was written when the buffer is too small:
 * the reason for a rejection is at the end. @true_len counts every byte
 * that was written, so user space can retry with a big enough buffer.
 */
struct kbpf_log {
	char *buf;
	u32 size;
	u32 level;		/* 0, 1 (the failing path) or 2 (everything) */
	bool stats;		/* KBPF_LOG_STATS: the statistics line */
	u64 true_len;
};

/* What verifying one program took (PROG_LOAD's out fields). */
struct kbpf_verify_stats {
	u64 insn_processed;
	u32 states_kept;
	u32 states_pruned;
	u32 peak_states;
	u64 state_bytes;
	u64 time_ns;		/* measured by the caller */
};

__printf(2, 3) void kbpf_log_write(struct kbpf_log *log, const char *fmt, ...);
void kbpf_log_finish(struct kbpf_log *log);
/* PROG_LOAD's log_level bits (KBPF_LOG_*) as @log's level and stats. */
void kbpf_log_set_level(struct kbpf_log *log, u32 log_level);
/* The KBPF_LOG_STATS line, when @log asks for it. */
void kbpf_log_stats(struct kbpf_log *log, const struct kbpf_verify_stats *st);
/* PROG_LOAD's stats out fields from @st. */
void kbpf_verify_stats_out(struct kbpf_prog_load *attr,
			   const struct kbpf_verify_stats *st);

enum kbpf_verify_mode {
	/*
	 * Structure only. For the host tool's conformance plugin, where the
	 * program runs in an unprivileged process on memory it was given.
	 */
	KBPF_VERIFY_STRUCTURE,
	/*
	 * Structure plus path-sensitive abstract interpretation: pointers,
	 * bounds, loops, helper calls, maps (Documentation/verifier.md).
	 */
	KBPF_VERIFY_FULL,
};

struct kbpf_verify_opts {
	enum kbpf_verify_mode mode;
	const kbpf_helper_fn *helpers;	/* helpers the program may call */
	u32 nr_helpers;
	/* Prototypes calls are checked against; kbpf_helper_proto in the module. */
	const struct kbpf_helper_proto *(*helper_proto)(u32 id, u32 prog_type);
	/*
	 * Tracepoints: the record of @ctx_target is @ctx_size bytes, which
	 * bounds context reads; 0 leaves the type's bound (kbpf_ctx_size).
	 */
	u32 ctx_size;
	const char *ctx_target;
};

struct kbpf_verify_result {
	int err;		/* 0 or a negative errno */
	u32 err_insn;		/* instruction the rejection is about, or ~0 */
	struct kbpf_verify_stats stats;	/* accepted or not */
};

int kbpf_verify(struct kbpf_prog *prog, const struct kbpf_verify_opts *opts,
		struct kbpf_log *log, struct kbpf_verify_result *res);

/*
 * verifier/linfo.c: PROG_LOAD's line info (Documentation/uapi.md) copied
 * into prog->linfo and checked, every error explained in @log; 0 when
 * there is none. The module and the host backend share it.
 */
int kbpf_linfo_load(struct kbpf_prog *prog, const struct kbpf_prog_load *attr,
		    struct kbpf_log *log);
const struct kbpf_line_info *kbpf_linfo_find(const struct kbpf_prog *prog,
					     u32 idx);
/* "<source text> @ file.c:LINE", as snprintf counts it. */
int kbpf_linfo_format(char *buf, size_t size, const struct kbpf_prog *prog,
		      const struct kbpf_line_info *li);

/* verifier/ctx.c: how much context a program type may read or write. */
u32 kbpf_ctx_size(u32 prog_type);
/* Clears the fields the verifier treats as pointers (socket data, data_end). */
void kbpf_ctx_sanitize(u32 prog_type, void *ctx);

#endif /* _KBPF_VERIFIER_H */
