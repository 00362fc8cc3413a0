/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tracepoint event filters in the kernel's grammar, compiled to kbpf
 * bytecode:
 *
 *	expr  := and { "||" and }
 *	and   := unary { "&&" unary }
 *	unary := "!" unary | "(" expr ")" | FIELD OP VALUE
 *
 * Numeric fields take == != < <= > >= & (true when any bit is set) and
 * decimal, hex (0x) or octal (0) numbers; string fields take == != and ~,
 * a glob of the forms the kernel accepts: "abc", "abc*", "*abc", "*abc*".
 * Strings are quoted with " or ', or bare words. "comm" and "cpu" mean
 * the current task's name and the CPU when the event has no such field.
 */
#ifndef _KBPF_TOOL_FILTER_H
#define _KBPF_TOOL_FILTER_H

#include "kbpf.h"
#include "tp_format.h"

#define KBPF_FILTER_STR_MAX	256	/* longest string a filter reads */

enum kbpf_filter_op {
	KBPF_FOP_EQ, KBPF_FOP_NE, KBPF_FOP_LT, KBPF_FOP_LE, KBPF_FOP_GT,
	KBPF_FOP_GE, KBPF_FOP_BAND, KBPF_FOP_GLOB,
};

enum kbpf_glob_kind {
	KBPF_GLOB_FULL,		/* "abc" (also == and !=) */
	KBPF_GLOB_FRONT,	/* "abc*" */
	KBPF_GLOB_END,		/* "*abc" */
	KBPF_GLOB_MIDDLE,	/* "*abc*" */
};

/* Where a predicate's operand comes from, beyond the record's fields. */
enum kbpf_filter_src {
	KBPF_FSRC_FIELD,
	KBPF_FSRC_COMM,		/* current task's comm (bpf_get_current_comm) */
	KBPF_FSRC_CPU,		/* bpf_get_smp_processor_id */
	KBPF_FSRC_PID,		/* common_pid: the current thread's id */
};

enum kbpf_filter_node_kind { KBPF_FN_OR, KBPF_FN_AND, KBPF_FN_NOT, KBPF_FN_PRED };

struct kbpf_filter_node {
	enum kbpf_filter_node_kind kind;
	struct kbpf_filter_node *left, *right;	/* NOT uses left */
	/* KBPF_FN_PRED */
	enum kbpf_filter_src src;
	const struct kbpf_tp_field *field;	/* KBPF_FSRC_FIELD */
	enum kbpf_filter_op op;
	bool is_string;
	uint64_t num;
	enum kbpf_glob_kind glob;
	char str[KBPF_FILTER_STR_MAX];		/* the pattern without its '*' */
	uint32_t str_len;
	int column;				/* of the predicate in the text */
};

struct kbpf_filter_error {
	int column;		/* 0-based column the message is about */
	char msg[256];
};

/* Parses @text for events of @fmt; NULL with @err filled on a mistake. */
struct kbpf_filter_node *kbpf_filter_parse(const char *text,
					   const struct kbpf_tp_format *fmt,
					   struct kbpf_filter_error *err);
void kbpf_filter_free(struct kbpf_filter_node *node);

/* Prints @text, a caret under the column, and the message, to stderr. */
void kbpf_filter_print_error(const char *text, const struct kbpf_filter_error *err);

/*
 * Compiles a parsed filter into a tracepoint program: r1 is the event
 * record, r0 is 1 when the event matches and 0 otherwise. Strings behind
 * char * fields are read as user memory for syscalls:* events (their
 * arguments are user pointers) and as kernel memory otherwise. A NULL
 * @root matches every event.
 */
int kbpf_filter_compile(const struct kbpf_filter_node *root,
			const struct kbpf_tp_format *fmt,
			struct kbpf_insn **insns, uint32_t *cnt);

/*
 * What `kbpf trace` streams for a matching event: one ring buffer record
 * of struct kbpf_trace_hdr, then the event record's first copy_len bytes
 * at their format-file offsets (the 8-byte common header left zero: a
 * tracepoint program may not read it), then KBPF_FILTER_STR_MAX bytes for
 * each char * field in strs[], NUL-terminated.
 */
#define KBPF_TRACE_MAX_STRS	8

struct kbpf_trace_hdr {
	uint64_t ts_ns;		/* bpf_ktime_get_ns */
	uint64_t pid_tgid;	/* bpf_get_current_pid_tgid */
	uint32_t cpu;
	uint32_t pad;
	char comm[16];
};

struct kbpf_filter_output {
	int ringbuf_fd;		/* KBPF_MAP_TYPE_RINGBUF the records go to */
	int drops_fd;		/* 1-entry per-CPU u64 array: records with no room */
	uint32_t copy_len;	/* 8 to 2048, a multiple of 8 */
	uint32_t nr_strs;
	const struct kbpf_tp_field *strs[KBPF_TRACE_MAX_STRS];
};

static inline uint32_t kbpf_trace_record_size(const struct kbpf_filter_output *out)
{
	return sizeof(struct kbpf_trace_hdr) + out->copy_len +
	       out->nr_strs * KBPF_FILTER_STR_MAX;
}

/* The same filter, streaming each matching event to @out's ring buffer. */
int kbpf_filter_compile_output(const struct kbpf_filter_node *root,
			       const struct kbpf_tp_format *fmt,
			       const struct kbpf_filter_output *out,
			       struct kbpf_insn **insns, uint32_t *cnt);

#endif /* _KBPF_TOOL_FILTER_H */
