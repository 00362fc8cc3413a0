// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parses tracefs "format" files. A field line reads
 *	field:TYPE NAME[N];	offset:O;	size:S;	signed:B;
 * where TYPE may be "__data_loc char[]" or end in '*'.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tp_format.h"

/* $KBPF_TRACEFS replaces the mount point, for tests with saved formats. */
#define TRACEFS		"/sys/kernel/tracing"
#define FORMAT_MAX	(64 * 1024)

static bool is_char_type(const char *type)
{
	return !strcmp(type, "char") || !strcmp(type, "const char") ||
	       !strcmp(type, "signed char") || !strcmp(type, "unsigned char") ||
	       !strcmp(type, "u8") || !strcmp(type, "s8");
}

/* Splits "TYPE NAME[N]" into the type, the name and the array kind. */
static int parse_decl(char *decl, struct kbpf_tp_field *f)
{
	char *name, *bracket, *end = decl + strlen(decl);

	while (end > decl && end[-1] == ' ')
		*--end = '\0';
	name = strrchr(decl, ' ');
	if (!name)
		return -EINVAL;
	*name++ = '\0';
	if (*name == '*') {	/* "char *name" spelled without a space */
		strcat(decl, " *");
		name++;
	}
	bracket = strchr(name, '[');
	if (bracket)
		*bracket = '\0';
	if (!*name || strlen(name) >= sizeof(f->name) || strlen(decl) >= sizeof(f->type))
		return -EINVAL;
	strcpy(f->name, name);
	strcpy(f->type, decl);

	if (!strncmp(decl, "__data_loc ", 11))
		f->kind = !strncmp(decl + 11, "char", 4) ? KBPF_TP_STR_DATA_LOC : KBPF_TP_OTHER;
	else if (bracket)
		f->kind = is_char_type(decl) ? KBPF_TP_STR_ARRAY : KBPF_TP_OTHER;
	else if (strstr(decl, "char *") || strstr(decl, "char*"))
		f->kind = f->size == 8 || f->size == 4 ? KBPF_TP_STR_PTR : KBPF_TP_OTHER;
	else
		f->kind = f->size == 1 || f->size == 2 || f->size == 4 || f->size == 8 ?
			  KBPF_TP_NUMBER : KBPF_TP_OTHER;
	return 0;
}

static int parse_field(const char *line, struct kbpf_tp_field *f)
{
	char decl[2 * KBPF_TP_NAME_LEN + 16];
	unsigned int off, size, sign;
	const char *semi;

	semi = strchr(line, ';');
	if (strncmp(line, "field:", 6) || !semi || (size_t)(semi - line - 6) >= sizeof(decl))
		return -EINVAL;
	memcpy(decl, line + 6, semi - line - 6);
	decl[semi - line - 6] = '\0';
	if (sscanf(semi + 1, " offset:%u; size:%u; signed:%u;", &off, &size, &sign) != 3)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	f->offset = off;
	f->size = size;
	f->is_signed = sign;
	return parse_decl(decl, f);
}

int kbpf_tp_format_parse(const char *text, const char *system,
			 struct kbpf_tp_format *fmt, char *err, size_t err_size)
{
	const char *line = text, *next;
	char buf[512];
	int lineno = 0;

	memset(fmt, 0, sizeof(*fmt));
	snprintf(fmt->system, sizeof(fmt->system), "%s", system);
	for (; *line; line = next) {
		size_t len;

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		len = next - line;
		lineno++;
		if (len >= sizeof(buf))
			continue;	/* print fmt lines can be long; fields are not */
		memcpy(buf, line, len);
		buf[len] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		if (!strncmp(buf, "name: ", 6)) {
			snprintf(fmt->name, sizeof(fmt->name), "%.63s", buf + 6);
		} else if (!strncmp(buf, "ID: ", 4)) {
			fmt->id = strtoul(buf + 4, NULL, 10);
		} else if (!strncmp(buf, "\tfield:", 7)) {
			struct kbpf_tp_field *f = &fmt->fields[fmt->nr_fields];

			if (fmt->nr_fields == KBPF_TP_MAX_FIELDS || parse_field(buf + 1, f)) {
				if (err)
					snprintf(err, err_size, "format line %d: cannot read '%.64s'",
						 lineno, buf + 1);
				return -EINVAL;
			}
			if (f->offset + f->size > fmt->record_size)
				fmt->record_size = f->offset + f->size;
			fmt->nr_fields++;
		}
	}
	if (!fmt->nr_fields || !fmt->name[0]) {
		if (err)
			snprintf(err, err_size, "not a tracepoint format: no name or no fields");
		return -EINVAL;
	}
	return 0;
}

int kbpf_tp_format_read(const char *event, struct kbpf_tp_format *fmt,
			char *err, size_t err_size)
{
	char path[256], system[KBPF_TP_NAME_LEN], *text;
	const char *colon = strchr(event, ':');
	size_t n;
	FILE *f;
	int ret;

	if (!colon || colon == event || !colon[1] || strchr(colon + 1, ':') ||
	    strchr(event, '/') || (size_t)(colon - event) >= sizeof(system)) {
		snprintf(err, err_size, "'%s' is not CATEGORY:NAME", event);
		return -EINVAL;
	}
	snprintf(system, sizeof(system), "%.*s", (int)(colon - event), event);
	snprintf(path, sizeof(path), "%s/events/%s/%s/format",
		 getenv("KBPF_TRACEFS") ? getenv("KBPF_TRACEFS") : TRACEFS, system, colon + 1);
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, err_size, "tracepoint %s: %s (%s)", event, strerror(errno), path);
		return ret;
	}
	text = calloc(1, FORMAT_MAX + 1);
	if (!text) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(text, 1, FORMAT_MAX, f);
	text[n] = '\0';
	fclose(f);
	ret = kbpf_tp_format_parse(text, system, fmt, err, err_size);
	free(text);
	return ret;
}

const struct kbpf_tp_field *kbpf_tp_field_find(const struct kbpf_tp_format *fmt,
					       const char *name)
{
	uint32_t i;

	for (i = 0; i < fmt->nr_fields; i++)
		if (!strcmp(fmt->fields[i].name, name))
			return &fmt->fields[i];
	return NULL;
}
