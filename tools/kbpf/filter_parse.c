// SPDX-License-Identifier: GPL-2.0-only
/*
 * The filter parser: text to a tree of predicates joined by &&, || and !,
 * checked against the event's fields as it goes, so every mistake is
 * reported at its column.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filter.h"

#define MAX_DEPTH	64	/* nested parentheses and '!' */
#define COMM_LEN	16

struct parser {
	const char *text;
	const char *pos;
	const struct kbpf_tp_format *fmt;
	struct kbpf_filter_error *err;
	int depth;
};

static struct kbpf_filter_node *parse_or(struct parser *p);

static void *error_at(struct parser *p, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void *error_at(struct parser *p, const char *where, const char *fmt, ...)
{
	va_list ap;

	if (p->err->msg[0])	/* keep the first, innermost message */
		return NULL;
	p->err->column = where - p->text;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return NULL;
}

static void skip_space(struct parser *p)
{
	while (isspace((unsigned char)*p->pos))
		p->pos++;
}

static bool accept(struct parser *p, const char *tok)
{
	skip_space(p);
	if (strncmp(p->pos, tok, strlen(tok)))
		return false;
	p->pos += strlen(tok);
	return true;
}

static struct kbpf_filter_node *new_node(struct parser *p,
					 enum kbpf_filter_node_kind kind)
{
	struct kbpf_filter_node *n = calloc(1, sizeof(*n));

	if (!n)
		return error_at(p, p->pos, "out of memory");
	n->kind = kind;
	return n;
}

void kbpf_filter_free(struct kbpf_filter_node *node)
{
	if (!node)
		return;
	kbpf_filter_free(node->left);
	kbpf_filter_free(node->right);
	free(node);
}

static const struct {
	const char *tok;
	enum kbpf_filter_op op;
} ops[] = {	/* longest first, so "<=" is not read as "<" */
	{ "==", KBPF_FOP_EQ }, { "!=", KBPF_FOP_NE }, { "<=", KBPF_FOP_LE },
	{ ">=", KBPF_FOP_GE }, { "<", KBPF_FOP_LT }, { ">", KBPF_FOP_GT },
	{ "~", KBPF_FOP_GLOB }, { "&", KBPF_FOP_BAND },
};

static bool parse_op(struct parser *p, enum kbpf_filter_op *op)
{
	size_t i;

	skip_space(p);
	/* "&&" after a field is a missing operator, not a bit test. */
	if (!strncmp(p->pos, "&&", 2))
		return false;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (!strncmp(p->pos, ops[i].tok, strlen(ops[i].tok))) {
			p->pos += strlen(ops[i].tok);
			*op = ops[i].op;
			return true;
		}
	}
	return false;
}

static bool is_string_field(const struct kbpf_filter_node *n)
{
	if (n->src == KBPF_FSRC_COMM)
		return true;
	return n->src == KBPF_FSRC_FIELD && n->field->kind != KBPF_TP_NUMBER;
}

/* How many string bytes a filter can see of this operand. */
static uint32_t string_capacity(const struct kbpf_filter_node *n)
{
	if (n->src == KBPF_FSRC_COMM)
		return COMM_LEN;
	if (n->field->kind == KBPF_TP_STR_ARRAY)
		return n->field->size;
	return KBPF_FILTER_STR_MAX;
}

static void list_fields(const struct kbpf_tp_format *fmt, char *buf, size_t size)
{
	size_t used = 0;
	uint32_t i;

	buf[0] = '\0';
	for (i = 0; i < fmt->nr_fields && used < size; i++) {
		if (fmt->fields[i].kind == KBPF_TP_OTHER)
			continue;
		used += snprintf(buf + used, size - used, "%s%s", used ? " " : "",
				 fmt->fields[i].name);
	}
}

static struct kbpf_filter_node *parse_field(struct parser *p)
{
	const char *start;
	struct kbpf_filter_node *n;
	char name[KBPF_TP_NAME_LEN], fields[160];
	size_t len;

	skip_space(p);
	start = p->pos;
	while (isalnum((unsigned char)*p->pos) || *p->pos == '_')
		p->pos++;
	len = p->pos - start;
	if (!len || isdigit((unsigned char)*start))
		return error_at(p, start, *start ? "expected a field name" :
				"expected a field name, found the end of the filter");
	if (len >= sizeof(name))
		return error_at(p, start, "field name too long");
	memcpy(name, start, len);
	name[len] = '\0';
	n = new_node(p, KBPF_FN_PRED);
	if (!n)
		return NULL;
	n->column = start - p->text;
	n->field = kbpf_tp_field_find(p->fmt, name);
	if (n->field && n->field->kind == KBPF_TP_OTHER) {
		error_at(p, start, "field '%s' (%s) is neither a number nor a string",
			 name, n->field->type);
		free(n);
		return NULL;
	}
	if (n->field && !strcmp(name, "common_pid")) {
		n->src = KBPF_FSRC_PID;
	} else if (n->field && n->field->offset < 8) {
		error_at(p, start, "'%s' is in the record's common header, which a tracepoint program cannot read (of the common fields only common_pid can be filtered: it is the current thread's id)",
			 name);
		free(n);
		return NULL;
	} else if (!n->field && !strcmp(name, "comm"))
		n->src = KBPF_FSRC_COMM;
	else if (!n->field && !strcmp(name, "cpu"))
		n->src = KBPF_FSRC_CPU;
	else if (!n->field) {
		list_fields(p->fmt, fields, sizeof(fields));
		free(n);
		return error_at(p, start, "%s:%s has no field '%s' (it has: %s, and comm, cpu)",
				p->fmt->system, p->fmt->name, name, fields);
	}
	n->is_string = is_string_field(n);
	return n;
}

/* A quoted ("..." or '...') or bare string value into @n->str. */
static bool parse_string(struct parser *p, struct kbpf_filter_node *n,
			 const char *start)
{
	char quote = 0, buf[KBPF_FILTER_STR_MAX + 1];
	size_t len = 0;

	if (*p->pos == '"' || *p->pos == '\'')
		quote = *p->pos++;
	while (*p->pos && (quote ? *p->pos != quote :
			   !isspace((unsigned char)*p->pos) && !strchr(")&|", *p->pos))) {
		if (quote && *p->pos == '\\' && p->pos[1])
			p->pos++;
		if (len == KBPF_FILTER_STR_MAX) {
			error_at(p, start, "string longer than %d bytes",
				 KBPF_FILTER_STR_MAX);
			return false;
		}
		buf[len++] = *p->pos++;
	}
	if (quote && *p->pos != quote) {
		error_at(p, start, "string is missing its closing %c", quote);
		return false;
	}
	if (quote)
		p->pos++;
	if (!quote && !len) {
		error_at(p, start, "expected a value");
		return false;
	}
	buf[len] = '\0';
	memcpy(n->str, buf, len + 1);
	n->str_len = len;
	return true;
}

/* "*abc", "abc*", "*abc*" or "abc"; other wildcards are refused. */
static bool parse_glob(struct parser *p, struct kbpf_filter_node *n,
		       const char *start)
{
	bool front = n->str_len && n->str[0] == '*';
	bool back = n->str_len > front && n->str[n->str_len - 1] == '*';
	uint32_t from = front, to = n->str_len - back;

	if (memchr(n->str + from, '*', to - from) || memchr(n->str, '?', n->str_len) ||
	    memchr(n->str, '[', n->str_len)) {
		error_at(p, start, "only the globs \"abc\", \"abc*\", \"*abc\" and \"*abc*\" are supported");
		return false;
	}
	n->glob = front && back ? KBPF_GLOB_MIDDLE : front ? KBPF_GLOB_END :
		  back ? KBPF_GLOB_FRONT : KBPF_GLOB_FULL;
	if (n->str_len == 1 && front)	/* "*" alone: anything */
		n->glob = KBPF_GLOB_FRONT;
	memmove(n->str, n->str + from, to - from);
	n->str_len = to - from;
	n->str[n->str_len] = '\0';
	return true;
}

static bool parse_number(struct parser *p, struct kbpf_filter_node *n,
			 const char *start)
{
	bool is_signed = n->field && n->field->is_signed;
	char *end;

	errno = 0;
	if (*p->pos == '-') {
		if (!is_signed) {
			error_at(p, start, "'%s' is unsigned: a negative value never matches",
				 n->field ? n->field->name : "cpu");
			return false;
		}
		n->num = (uint64_t)strtoll(p->pos, &end, 0);
	} else {
		n->num = strtoull(p->pos, &end, 0);
	}
	if (end == p->pos || errno ||
	    (*end && !isspace((unsigned char)*end) && !strchr(")&|", *end))) {
		error_at(p, start, "expected a number (decimal, 0x hex or 0 octal)");
		return false;
	}
	p->pos = end;
	return true;
}

static struct kbpf_filter_node *parse_pred(struct parser *p)
{
	struct kbpf_filter_node *n = parse_field(p);
	const char *op_at, *value_at;
	const char *what;

	if (!n)
		return NULL;
	skip_space(p);
	op_at = p->pos;
	if (!parse_op(p, &n->op))
		goto fail_msg;
	what = n->field ? n->field->name : n->src == KBPF_FSRC_COMM ? "comm" : "cpu";
	if (n->is_string && n->op != KBPF_FOP_EQ && n->op != KBPF_FOP_NE &&
	    n->op != KBPF_FOP_GLOB) {
		error_at(p, op_at, "'%s' is a string: use ==, != or ~", what);
		goto fail;
	}
	if (!n->is_string && n->op == KBPF_FOP_GLOB) {
		error_at(p, op_at, "'%s' is a number: ~ matches strings", what);
		goto fail;
	}
	skip_space(p);
	value_at = p->pos;
	if (!n->is_string) {
		if (!parse_number(p, n, value_at))
			goto fail;
		return n;
	}
	if (!parse_string(p, n, value_at))
		goto fail;
	if (n->op == KBPF_FOP_GLOB && !parse_glob(p, n, value_at))
		goto fail;
	if (n->str_len > string_capacity(n)) {
		error_at(p, value_at, "'%s' holds at most %u bytes: this never matches",
			 what, string_capacity(n));
		goto fail;
	}
	return n;
fail_msg:
	error_at(p, op_at, *op_at ? "expected an operator (== != < <= > >= & ~)" :
		 "expected an operator, found the end of the filter");
fail:
	free(n);
	return NULL;
}

static struct kbpf_filter_node *parse_unary(struct parser *p)
{
	struct kbpf_filter_node *n, *inner;
	const char *open;

	skip_space(p);
	if (p->depth >= MAX_DEPTH)
		return error_at(p, p->pos, "nested more than %d deep", MAX_DEPTH);
	open = p->pos;
	if (accept(p, "!") && *p->pos != '=') {
		p->depth++;
		inner = parse_unary(p);
		p->depth--;
		if (!inner)
			return NULL;
		n = new_node(p, KBPF_FN_NOT);
		if (!n) {
			kbpf_filter_free(inner);
			return NULL;
		}
		n->left = inner;
		return n;
	}
	p->pos = open;
	if (accept(p, "(")) {
		p->depth++;
		n = parse_or(p);
		p->depth--;
		if (n && !accept(p, ")")) {
			kbpf_filter_free(n);
			return error_at(p, open, "this '(' is never closed");
		}
		return n;
	}
	return parse_pred(p);
}

static struct kbpf_filter_node *parse_binary(struct parser *p, const char *tok,
					     enum kbpf_filter_node_kind kind,
					     struct kbpf_filter_node *(*operand)(struct parser *))
{
	struct kbpf_filter_node *left = operand(p), *right, *n;

	while (left && accept(p, tok)) {
		right = operand(p);
		n = right ? new_node(p, kind) : NULL;
		if (!n) {
			kbpf_filter_free(left);
			kbpf_filter_free(right);
			return NULL;
		}
		n->left = left;
		n->right = right;
		left = n;
	}
	return left;
}

static struct kbpf_filter_node *parse_and(struct parser *p)
{
	return parse_binary(p, "&&", KBPF_FN_AND, parse_unary);
}

static struct kbpf_filter_node *parse_or(struct parser *p)
{
	return parse_binary(p, "||", KBPF_FN_OR, parse_and);
}

struct kbpf_filter_node *kbpf_filter_parse(const char *text,
					   const struct kbpf_tp_format *fmt,
					   struct kbpf_filter_error *err)
{
	struct parser p = { .text = text, .pos = text, .fmt = fmt, .err = err };
	struct kbpf_filter_node *root;

	memset(err, 0, sizeof(*err));
	root = parse_or(&p);
	if (!root)
		return NULL;
	skip_space(&p);
	if (*p.pos) {
		kbpf_filter_free(root);
		return error_at(&p, p.pos, *p.pos == ')' ? "')' without a matching '('" :
				"expected && or || here");
	}
	return root;
}

void kbpf_filter_print_error(const char *text, const struct kbpf_filter_error *err)
{
	fprintf(stderr, "filter: %s\n", text);
	fprintf(stderr, "        %*s^\n", err->column, "");
	fprintf(stderr, "Error: column %d: %s\n", err->column + 1, err->msg);
}
