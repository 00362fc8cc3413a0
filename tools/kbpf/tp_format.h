/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tracepoint's record layout, as its tracefs "format" file describes it:
 * the fields a filter may name, with offset, size, signedness and kind.
 */
#ifndef _KBPF_TOOL_TP_FORMAT_H
#define _KBPF_TOOL_TP_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#define KBPF_TP_NAME_LEN	64
#define KBPF_TP_MAX_FIELDS	64

enum kbpf_tp_field_kind {
	KBPF_TP_NUMBER,		/* integer of 1, 2, 4 or 8 bytes (pointers too) */
	KBPF_TP_STR_ARRAY,	/* char name[N]: the string in the record */
	KBPF_TP_STR_DATA_LOC,	/* __data_loc char[]: u32 (len << 16 | offset) */
	KBPF_TP_STR_PTR,	/* char *: a pointer to the string */
	KBPF_TP_OTHER,		/* arrays of other types: not filterable */
};

struct kbpf_tp_field {
	char name[KBPF_TP_NAME_LEN];
	char type[KBPF_TP_NAME_LEN];	/* C type as the format file spells it */
	uint32_t offset;
	uint32_t size;
	bool is_signed;
	enum kbpf_tp_field_kind kind;
};

struct kbpf_tp_format {
	char system[KBPF_TP_NAME_LEN];	/* "signal" of signal:signal_generate */
	char name[KBPF_TP_NAME_LEN];
	uint32_t id;
	uint32_t record_size;		/* end of the last fixed field */
	uint32_t nr_fields;
	struct kbpf_tp_field fields[KBPF_TP_MAX_FIELDS];
};

/*
 * Parses the text of a format file for tracepoint @system; 0 or -EINVAL
 * with @err (if not NULL) saying which line is wrong.
 */
int kbpf_tp_format_parse(const char *text, const char *system,
			 struct kbpf_tp_format *fmt, char *err, size_t err_size);
/* Reads /sys/kernel/tracing/events/SYSTEM/NAME/format for "SYSTEM:NAME". */
int kbpf_tp_format_read(const char *event, struct kbpf_tp_format *fmt,
			char *err, size_t err_size);
const struct kbpf_tp_field *kbpf_tp_field_find(const struct kbpf_tp_format *fmt,
					       const char *name);

#endif /* _KBPF_TOOL_TP_FORMAT_H */
