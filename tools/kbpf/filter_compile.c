// SPDX-License-Identifier: GPL-2.0-only
/*
 * The filter compiler: a predicate tree to straight-line bytecode with
 * short-circuit jumps. Every && and || becomes branches, never a value;
 * string comparisons are unrolled over the field's bytes, so the program
 * has no loops and its cost is bounded by the filter's text.
 *
 * Register use: r6 holds the record (r1 on entry) across helper calls;
 * r1-r3 are scratch; r0 is the verdict.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "filter.h"

#define INSN(c, d, s, o, i) \
	((struct kbpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define ALU64_IMM(op, d, i)	INSN(KBPF_ALU64 | KBPF_##op | KBPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)	INSN(KBPF_ALU64 | KBPF_##op | KBPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)		ALU64_IMM(MOV, d, i)
#define MOV64_REG(d, s)		ALU64_REG(MOV, d, s)
#define LDX(sz, d, s, o)	INSN(KBPF_LDX | KBPF_MEM | KBPF_##sz, d, s, o, 0)
#define JMP_IMM(op, d, i)	INSN(KBPF_JMP | KBPF_##op | KBPF_K, d, 0, 0, i)
#define JA()			INSN(KBPF_JMP | KBPF_JA, 0, 0, 0, 0)
#define CALL_HELPER(id)		INSN(KBPF_JMP | KBPF_CALL, 0, 0, 0, id)
#define EXIT()			INSN(KBPF_JMP | KBPF_EXIT, 0, 0, 0, 0)

#define HELPER_MAP_LOOKUP_ELEM		1
#define HELPER_KTIME_GET_NS		5
#define HELPER_GET_SMP_PROCESSOR_ID	8
#define HELPER_GET_CURRENT_PID_TGID	14
#define HELPER_GET_CURRENT_COMM		16
#define HELPER_PROBE_READ_USER_STR	114
#define HELPER_PROBE_READ_KERNEL	113
#define HELPER_PROBE_READ_KERNEL_STR	115
#define HELPER_RINGBUF_RESERVE		131
#define HELPER_RINGBUF_SUBMIT		132
#define COMM_LEN			16
#define NO_LABEL			-1

/* An instruction and, for jumps, the label it goes to. */
struct cinsn {
	struct kbpf_insn insn;
	int target;
};

struct compiler {
	struct cinsn *code;
	uint32_t n, cap;
	int *labels;		/* label -> instruction index, -1 until placed */
	int nr_labels, cap_labels;
	int err;
	const struct kbpf_tp_format *fmt;
};

static void emit_to(struct compiler *c, struct kbpf_insn insn, int target)
{
	struct cinsn *code;

	if (c->err)
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		code = realloc(c->code, c->cap * sizeof(*code));
		if (!code) {
			c->err = -ENOMEM;
			return;
		}
		c->code = code;
	}
	c->code[c->n].insn = insn;
	c->code[c->n++].target = target;
}

static void emit(struct compiler *c, struct kbpf_insn insn)
{
	emit_to(c, insn, NO_LABEL);
}

static int new_label(struct compiler *c)
{
	int *labels;

	if (c->nr_labels == c->cap_labels) {
		c->cap_labels = c->cap_labels ? 2 * c->cap_labels : 32;
		labels = realloc(c->labels, c->cap_labels * sizeof(*labels));
		if (!labels) {
			c->err = -ENOMEM;
			return 0;
		}
		c->labels = labels;
	}
	c->labels[c->nr_labels] = -1;
	return c->nr_labels++;
}

static void place(struct compiler *c, int label)
{
	if (!c->err)
		c->labels[label] = c->n;
}

static void jump(struct compiler *c, int label)
{
	emit_to(c, JA(), label);
}

/* The conditional jump for @op on a field of this signedness. */
static uint8_t jump_op(enum kbpf_filter_op op, bool is_signed)
{
	switch (op) {
	case KBPF_FOP_EQ: return KBPF_JEQ;
	case KBPF_FOP_NE: return KBPF_JNE;
	case KBPF_FOP_LT: return is_signed ? KBPF_JSLT : KBPF_JLT;
	case KBPF_FOP_LE: return is_signed ? KBPF_JSLE : KBPF_JLE;
	case KBPF_FOP_GT: return is_signed ? KBPF_JSGT : KBPF_JGT;
	case KBPF_FOP_GE: return is_signed ? KBPF_JSGE : KBPF_JGE;
	default: return KBPF_JSET;
	}
}

static uint8_t size_code(uint32_t size)
{
	switch (size) {
	case 1: return KBPF_B;
	case 2: return KBPF_H;
	case 4: return KBPF_W;
	default: return KBPF_DW;
	}
}

/* r1 = the field, zero- or sign-extended to 64 bits. */
static void load_number(struct compiler *c, const struct kbpf_tp_field *f)
{
	int shift = 64 - 8 * f->size;

	emit(c, INSN(KBPF_LDX | KBPF_MEM | size_code(f->size), 1, 6, f->offset, 0));
	if (f->is_signed && shift) {
		emit(c, ALU64_IMM(LSH, 1, shift));
		emit(c, ALU64_IMM(ARSH, 1, shift));
	}
}

static void gen_number(struct compiler *c, const struct kbpf_filter_node *n,
		       int t, int f)
{
	bool is_signed = n->src != KBPF_FSRC_CPU && n->field->is_signed;
	uint8_t op = jump_op(n->op, is_signed);

	if (n->src == KBPF_FSRC_CPU) {
		emit(c, CALL_HELPER(HELPER_GET_SMP_PROCESSOR_ID));
		emit(c, MOV64_REG(1, 0));
	} else if (n->src == KBPF_FSRC_PID) {	/* the record's int common_pid */
		emit(c, CALL_HELPER(HELPER_GET_CURRENT_PID_TGID));
		emit(c, MOV64_REG(1, 0));
		emit(c, ALU64_IMM(LSH, 1, 32));
		emit(c, ALU64_IMM(ARSH, 1, 32));
	} else {
		load_number(c, n->field);
	}
	/* A jump's imm is sign-extended: wider constants need a register. */
	if ((int64_t)n->num == (int32_t)n->num) {
		emit_to(c, INSN(KBPF_JMP | op | KBPF_K, 1, 0, 0, (int32_t)n->num), t);
	} else {
		emit(c, INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, 0, 0, (uint32_t)n->num));
		emit(c, INSN(0, 0, 0, 0, (uint32_t)(n->num >> 32)));
		emit_to(c, INSN(KBPF_JMP | op | KBPF_X, 1, 2, 0, 0), t);
	}
	jump(c, f);
}

/* Where a string predicate reads its bytes: a base register and offset. */
struct bytes {
	uint8_t base;
	int16_t off;
	uint32_t cap;
};

/*
 * Copies a string the record only points to (char *, __data_loc) into a
 * stack buffer with the probe-read helper for that memory.
 */
static void copy_string(struct compiler *c, const struct kbpf_tp_field *f,
			struct bytes *b)
{
	bool user = !strcmp(c->fmt->system, "syscalls");

	if (f->kind == KBPF_TP_STR_PTR) {
		emit(c, INSN(KBPF_LDX | KBPF_MEM | size_code(f->size), 3, 6, f->offset, 0));
	} else {	/* __data_loc: the low 16 bits are the offset in the record */
		emit(c, INSN(KBPF_LDX | KBPF_MEM | KBPF_W, 3, 6, f->offset, 0));
		emit(c, ALU64_IMM(AND, 3, 0xffff));
		emit(c, ALU64_REG(ADD, 3, 6));
		user = false;
	}
	emit(c, MOV64_REG(1, 10));
	emit(c, ALU64_IMM(ADD, 1, -KBPF_FILTER_STR_MAX));
	emit(c, MOV64_IMM(2, KBPF_FILTER_STR_MAX));
	emit(c, CALL_HELPER(user ? HELPER_PROBE_READ_USER_STR : HELPER_PROBE_READ_KERNEL_STR));
	*b = (struct bytes){ 10, -KBPF_FILTER_STR_MAX, KBPF_FILTER_STR_MAX };
}

static void string_source(struct compiler *c, const struct kbpf_filter_node *n,
			  struct bytes *b)
{
	if (n->src == KBPF_FSRC_COMM) {
		emit(c, MOV64_REG(1, 10));
		emit(c, ALU64_IMM(ADD, 1, -COMM_LEN));
		emit(c, MOV64_IMM(2, COMM_LEN));
		emit(c, CALL_HELPER(HELPER_GET_CURRENT_COMM));
		*b = (struct bytes){ 10, -COMM_LEN, COMM_LEN };
	} else if (n->field->kind == KBPF_TP_STR_ARRAY) {
		*b = (struct bytes){ 6, n->field->offset, n->field->size };
	} else {
		copy_string(c, n->field, b);
	}
}

/* Goes to @label unless byte @i of the string is @ch. */
static void byte_ne(struct compiler *c, const struct bytes *b, uint32_t i,
		    uint8_t ch, int label)
{
	emit(c, LDX(B, 1, b->base, b->off + (int)i));
	emit_to(c, JMP_IMM(JNE, 1, ch), label);
}

/* The pattern at position @at, then (for a whole-string match) its end. */
static void match_at(struct compiler *c, const struct kbpf_filter_node *n,
		     const struct bytes *b, uint32_t at, bool to_end, int miss)
{
	uint32_t i;

	for (i = 0; i < n->str_len; i++)
		byte_ne(c, b, at + i, n->str[i], miss);
	if (to_end && at + n->str_len < b->cap)
		byte_ne(c, b, at + n->str_len, 0, miss);
}

/*
 * "*abc" and "*abc*": tries every position in turn, giving up at the
 * string's end; "*abc" also needs the string to end after the pattern.
 */
static void match_anywhere(struct compiler *c, const struct kbpf_filter_node *n,
			   const struct bytes *b, int hit, int miss)
{
	bool to_end = n->glob == KBPF_GLOB_END;
	uint32_t at, i;
	int next, cont;

	for (at = 0; at + n->str_len <= b->cap; at++) {
		next = new_label(c);
		cont = new_label(c);
		emit(c, LDX(B, 1, b->base, b->off + (int)at));
		emit_to(c, JMP_IMM(JEQ, 1, (uint8_t)n->str[0]), cont);
		emit_to(c, JMP_IMM(JEQ, 1, 0), miss);
		jump(c, next);
		place(c, cont);
		for (i = 1; i < n->str_len; i++)
			byte_ne(c, b, at + i, n->str[i], next);
		if (to_end && at + n->str_len < b->cap)
			byte_ne(c, b, at + n->str_len, 0, next);
		jump(c, hit);
		place(c, next);
	}
	jump(c, miss);
}

static void gen_string(struct compiler *c, const struct kbpf_filter_node *n,
		       int t, int f)
{
	bool negate = n->op == KBPF_FOP_NE;
	int hit = negate ? f : t, miss = negate ? t : f;
	enum kbpf_glob_kind glob = n->op == KBPF_FOP_GLOB ? n->glob : KBPF_GLOB_FULL;
	struct bytes b;

	string_source(c, n, &b);
	if (n->str_len > b.cap) {	/* cannot hold it: never equal */
		jump(c, miss);
		return;
	}
	if ((glob == KBPF_GLOB_END || glob == KBPF_GLOB_MIDDLE) && n->str_len) {
		match_anywhere(c, n, &b, hit, miss);
		return;
	}
	if (glob != KBPF_GLOB_END && glob != KBPF_GLOB_MIDDLE)
		match_at(c, n, &b, 0, glob == KBPF_GLOB_FULL, miss);
	jump(c, hit);
}

static void gen(struct compiler *c, const struct kbpf_filter_node *n, int t, int f)
{
	int mid;

	switch (n->kind) {
	case KBPF_FN_OR:
		mid = new_label(c);
		gen(c, n->left, t, mid);
		place(c, mid);
		gen(c, n->right, t, f);
		break;
	case KBPF_FN_AND:
		mid = new_label(c);
		gen(c, n->left, mid, f);
		place(c, mid);
		gen(c, n->right, t, f);
		break;
	case KBPF_FN_NOT:
		gen(c, n->left, f, t);
		break;
	case KBPF_FN_PRED:
		if (n->is_string)
			gen_string(c, n, t, f);
		else
			gen_number(c, n, t, f);
		break;
	}
}

static void remove_insn(struct compiler *c, uint32_t i)
{
	uint32_t j;
	int l;

	for (j = i; j + 1 < c->n; j++)
		c->code[j] = c->code[j + 1];
	c->n--;
	for (l = 0; l < c->nr_labels; l++)
		if (c->labels[l] > (int)i)
			c->labels[l]--;
}

/* The condition that is true exactly when @op is false, or 0 if none. */
static uint8_t inverse(uint8_t op)
{
	static const uint8_t pairs[][2] = {
		{ KBPF_JEQ, KBPF_JNE }, { KBPF_JGT, KBPF_JLE }, { KBPF_JGE, KBPF_JLT },
		{ KBPF_JSGT, KBPF_JSLE }, { KBPF_JSGE, KBPF_JSLT },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		if (pairs[i][0] == op)
			return pairs[i][1];
		if (pairs[i][1] == op)
			return pairs[i][0];
	}
	return 0;
}

/* Whether a jump may land on instruction @i. */
static bool is_target(const struct compiler *c, uint32_t i)
{
	int l;

	for (l = 0; l < c->nr_labels; l++)
		if (c->labels[l] == (int)i)
			return true;
	return false;
}

static bool is_ja(const struct cinsn *ci)
{
	return ci->insn.code == (KBPF_JMP | KBPF_JA);
}

/*
 * Short-circuit code is full of "goto next" and of "if C goto L; goto M;
 * L:". The first is dropped; the second becomes "if !C goto M".
 */
static void drop_jumps_to_next(struct compiler *c)
{
	struct kbpf_insn *insn;
	uint32_t i;
	uint8_t inv;

	for (i = 0; i < c->n; ) {
		insn = &c->code[i].insn;
		if (is_ja(&c->code[i]) && c->labels[c->code[i].target] == (int)i + 1) {
			remove_insn(c, i);
			continue;
		}
		inv = KBPF_CLASS(insn->code) == KBPF_JMP && !is_ja(&c->code[i]) &&
		      c->code[i].target != NO_LABEL ? inverse(KBPF_OP(insn->code)) : 0;
		if (inv && i + 1 < c->n && is_ja(&c->code[i + 1]) &&
		    c->labels[c->code[i].target] == (int)i + 2 && !is_target(c, i + 1)) {
			insn->code = KBPF_JMP | inv | KBPF_SRC(insn->code);
			c->code[i].target = c->code[i + 1].target;
			remove_insn(c, i + 1);
			continue;
		}
		i++;
	}
}

static bool falls_through(const struct kbpf_insn *insn)
{
	return insn->code != (KBPF_JMP | KBPF_JA) && insn->code != (KBPF_JMP | KBPF_EXIT);
}

/*
 * Removes code no path reaches (a verdict block a constant filter never
 * jumps to): the verifier rejects unreachable instructions.
 */
static int drop_unreachable(struct compiler *c)
{
	uint32_t i, j, *remap;
	bool *live, changed = true;
	int l;

	live = calloc(c->n + 1, sizeof(*live));
	remap = calloc(c->n + 1, sizeof(*remap));
	if (!live || !remap) {
		free(live);
		free(remap);
		return -ENOMEM;
	}
	live[0] = true;
	while (changed) {	/* the code is small and jumps mostly go forward */
		changed = false;
		for (i = 0; i < c->n; i++) {
			if (!live[i])
				continue;
			if (falls_through(&c->code[i].insn) && i + 1 < c->n && !live[i + 1])
				changed = live[i + 1] = true;
			l = c->code[i].target;
			if (l != NO_LABEL && !live[c->labels[l]])
				changed = live[c->labels[l]] = true;
		}
	}
	for (i = 0, j = 0; i <= c->n; i++) {
		remap[i] = j;
		if (i < c->n && live[i])
			c->code[j++] = c->code[i];
	}
	for (l = 0; l < c->nr_labels; l++)
		if (c->labels[l] >= 0)
			c->labels[l] = remap[c->labels[l]];
	c->n = j;
	free(live);
	free(remap);
	return 0;
}

static int resolve(struct compiler *c, struct kbpf_insn **insns, uint32_t *cnt)
{
	uint32_t i;
	long off;
	int err;

	drop_jumps_to_next(c);
	err = drop_unreachable(c);
	if (err)
		return err;
	drop_jumps_to_next(c);
	*insns = malloc(c->n * sizeof(**insns));
	if (!*insns)
		return -ENOMEM;
	for (i = 0; i < c->n; i++) {
		(*insns)[i] = c->code[i].insn;
		if (c->code[i].target == NO_LABEL)
			continue;
		off = (long)c->labels[c->code[i].target] - (long)i - 1;
		if (off < INT16_MIN || off > INT16_MAX) {
			free(*insns);
			return -E2BIG;
		}
		(*insns)[i].off = off;
	}
	*cnt = c->n;
	return 0;
}

/* r1 = the map with descriptor @fd (lddw, two slots). */
static void load_map(struct compiler *c, int fd)
{
	emit(c, INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, fd));
	emit(c, INSN(0, 0, 0, 0, 0));
}

/* r0 = probe-read-string into r7 + @off of @f's string; as the filter reads it. */
static void output_string(struct compiler *c, const struct kbpf_tp_field *f,
			  int32_t off)
{
	bool user = !strcmp(c->fmt->system, "syscalls");

	emit(c, INSN(KBPF_LDX | KBPF_MEM | size_code(f->size), 3, 6, f->offset, 0));
	emit(c, MOV64_REG(1, 7));
	emit(c, ALU64_IMM(ADD, 1, off));
	emit(c, MOV64_IMM(2, KBPF_FILTER_STR_MAX));
	emit(c, CALL_HELPER(user ? HELPER_PROBE_READ_USER_STR : HELPER_PROBE_READ_KERNEL_STR));
}

/*
 * The matching event into the ring buffer: reserve a record of constant
 * size (r7), fill the header from helpers, copy the record with one
 * kernel read (the context is plain memory, so it cannot fault), add the
 * strings, submit. When the ring is full, count a drop instead.
 */
static void gen_output(struct compiler *c, const struct kbpf_filter_output *out)
{
	const int32_t hdr = sizeof(struct kbpf_trace_hdr);
	int drop = new_label(c), done = new_label(c);
	uint32_t i;

	load_map(c, out->ringbuf_fd);
	emit(c, MOV64_IMM(2, kbpf_trace_record_size(out)));
	emit(c, MOV64_IMM(3, 0));
	emit(c, CALL_HELPER(HELPER_RINGBUF_RESERVE));
	emit_to(c, JMP_IMM(JEQ, 0, 0), drop);
	emit(c, MOV64_REG(7, 0));
	emit(c, CALL_HELPER(HELPER_KTIME_GET_NS));
	emit(c, INSN(KBPF_STX | KBPF_MEM | KBPF_DW, 7, 0, 0, 0));
	emit(c, CALL_HELPER(HELPER_GET_CURRENT_PID_TGID));
	emit(c, INSN(KBPF_STX | KBPF_MEM | KBPF_DW, 7, 0, 8, 0));
	emit(c, CALL_HELPER(HELPER_GET_SMP_PROCESSOR_ID));
	emit(c, INSN(KBPF_STX | KBPF_MEM | KBPF_DW, 7, 0, 16, 0));
	emit(c, MOV64_REG(1, 7));
	emit(c, ALU64_IMM(ADD, 1, 24));
	emit(c, MOV64_IMM(2, COMM_LEN));
	emit(c, CALL_HELPER(HELPER_GET_CURRENT_COMM));
	/* The common header (8 bytes) is not readable: zero it, copy the rest. */
	emit(c, INSN(KBPF_ST | KBPF_MEM | KBPF_DW, 7, 0, hdr, 0));
	emit(c, MOV64_REG(1, 7));
	emit(c, ALU64_IMM(ADD, 1, hdr + 8));
	emit(c, MOV64_IMM(2, out->copy_len - 8));
	emit(c, MOV64_REG(3, 6));
	emit(c, ALU64_IMM(ADD, 3, 8));
	emit(c, CALL_HELPER(HELPER_PROBE_READ_KERNEL));
	for (i = 0; i < out->nr_strs; i++)
		output_string(c, out->strs[i],
			      hdr + out->copy_len + i * KBPF_FILTER_STR_MAX);
	emit(c, MOV64_REG(1, 7));
	emit(c, MOV64_IMM(2, 0));
	emit(c, CALL_HELPER(HELPER_RINGBUF_SUBMIT));
	jump(c, done);

	place(c, drop);
	emit(c, INSN(KBPF_ST | KBPF_MEM | KBPF_W, 10, 0, -4, 0));
	load_map(c, out->drops_fd);
	emit(c, MOV64_REG(2, 10));
	emit(c, ALU64_IMM(ADD, 2, -4));
	emit(c, CALL_HELPER(HELPER_MAP_LOOKUP_ELEM));
	emit_to(c, JMP_IMM(JEQ, 0, 0), done);
	emit(c, LDX(DW, 1, 0, 0));
	emit(c, ALU64_IMM(ADD, 1, 1));
	emit(c, INSN(KBPF_STX | KBPF_MEM | KBPF_DW, 0, 1, 0, 0));
	place(c, done);
	emit(c, MOV64_IMM(0, 1));
	emit(c, EXIT());
}

static int compile(const struct kbpf_filter_node *root,
		   const struct kbpf_tp_format *fmt,
		   const struct kbpf_filter_output *out,
		   struct kbpf_insn **insns, uint32_t *cnt)
{
	struct compiler c = { .fmt = fmt };
	int t, f, err;

	t = new_label(&c);
	f = new_label(&c);
	emit(&c, MOV64_REG(6, 1));
	if (root)
		gen(&c, root, t, f);
	place(&c, t);
	if (out) {
		gen_output(&c, out);
	} else {
		emit(&c, MOV64_IMM(0, 1));
		emit(&c, EXIT());
	}
	place(&c, f);
	emit(&c, MOV64_IMM(0, 0));
	emit(&c, EXIT());
	err = c.err ? c.err : resolve(&c, insns, cnt);
	free(c.code);
	free(c.labels);
	return err;
}

int kbpf_filter_compile(const struct kbpf_filter_node *root,
			const struct kbpf_tp_format *fmt,
			struct kbpf_insn **insns, uint32_t *cnt)
{
	return compile(root, fmt, NULL, insns, cnt);
}

int kbpf_filter_compile_output(const struct kbpf_filter_node *root,
			       const struct kbpf_tp_format *fmt,
			       const struct kbpf_filter_output *out,
			       struct kbpf_insn **insns, uint32_t *cnt)
{
	if (out->copy_len < 8 || out->copy_len > 2048 || out->copy_len % 8 ||
	    out->nr_strs > KBPF_TRACE_MAX_STRS)
		return -EINVAL;
	return compile(root, fmt, out, insns, cnt);
}
