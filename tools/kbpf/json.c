// SPDX-License-Identifier: GPL-2.0-only
/* A streaming JSON writer for the tool's -j and -p output. */
#include <inttypes.h>
#include <stdio.h>
#include <stddef.h>
#include "kbpf.h"
#include "json.h"

#define MAX_DEPTH	16

static struct {
	int depth;
	bool first[MAX_DEPTH];	/* nothing written yet at this depth */
} jw = { .first = { true } };

static void newline_indent(void)
{
	int i;

	if (!opts.pretty)
		return;
	putchar('\n');
	for (i = 0; i < jw.depth; i++)
		fputs("    ", stdout);
}

static void put_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Separates from the previous member and writes "name": when in an object. */
static void member(const char *name)
{
	if (!jw.first[jw.depth])
		putchar(',');
	jw.first[jw.depth] = false;
	if (jw.depth)
		newline_indent();
	if (name) {
		put_string(name);
		fputs(opts.pretty ? ": " : ":", stdout);
	}
}

static void open_container(const char *name, char c)
{
	member(name);
	putchar(c);
	if (jw.depth + 1 < MAX_DEPTH)
		jw.depth++;
	jw.first[jw.depth] = true;
}

static void close_container(char c)
{
	bool empty = jw.first[jw.depth];

	if (jw.depth)
		jw.depth--;
	if (!empty)
		newline_indent();
	putchar(c);
}

void kbpf_json_object_begin(const char *name)
{
	open_container(name, '{');
}

void kbpf_json_object_end(void)
{
	close_container('}');
}

void kbpf_json_array_begin(const char *name)
{
	open_container(name, '[');
}

void kbpf_json_array_end(void)
{
	close_container(']');
}

void kbpf_json_str(const char *name, const char *value)
{
	member(name);
	put_string(value);
}

void kbpf_json_u64(const char *name, uint64_t value)
{
	member(name);
	printf("%" PRIu64, value);
}

void kbpf_json_s64(const char *name, int64_t value)
{
	member(name);
	printf("%" PRId64, value);
}

void kbpf_json_bool(const char *name, bool value)
{
	member(name);
	fputs(value ? "true" : "false", stdout);
}

void kbpf_json_hex(const char *name, const uint8_t *bytes, size_t len)
{
	size_t i;

	member(name);
	putchar('"');
	for (i = 0; i < len; i++)
		printf("%02x", bytes[i]);
	putchar('"');
}

void kbpf_json_bytes(const char *name, const uint8_t *bytes, size_t len)
{
	char b[8];
	size_t i;

	kbpf_json_array_begin(name);
	for (i = 0; i < len; i++) {
		snprintf(b, sizeof(b), "0x%02x", bytes[i]);
		kbpf_json_str(NULL, b);
	}
	kbpf_json_array_end();
}

void kbpf_json_null(const char *name)
{
	member(name);
	fputs("null", stdout);
}

void kbpf_json_finish(void)
{
	putchar('\n');
	jw.depth = 0;
	jw.first[0] = true;
}
