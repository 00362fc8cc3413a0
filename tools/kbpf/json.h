/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * JSON output for -j (compact) and -p (pretty), written as a stream on
 * stdout: commands describe what they print once, through these calls,
 * and the same code serves both forms.
 */
#ifndef _KBPF_TOOL_JSON_H
#define _KBPF_TOOL_JSON_H

#include <stdbool.h>
#include <stdint.h>

/* @name is the member name inside an object, NULL inside an array. */
void kbpf_json_object_begin(const char *name);
void kbpf_json_object_end(void);
void kbpf_json_array_begin(const char *name);
void kbpf_json_array_end(void);
void kbpf_json_str(const char *name, const char *value);
void kbpf_json_u64(const char *name, uint64_t value);
void kbpf_json_s64(const char *name, int64_t value);
void kbpf_json_bool(const char *name, bool value);
void kbpf_json_hex(const char *name, const uint8_t *bytes, size_t len);
/* bpftool's form of key and value bytes: ["0x01","0x00",...]. */
void kbpf_json_bytes(const char *name, const uint8_t *bytes, size_t len);
void kbpf_json_null(const char *name);
/* Ends the document with a newline; asserts every container was closed. */
void kbpf_json_finish(void);

#endif /* _KBPF_TOOL_JSON_H */
