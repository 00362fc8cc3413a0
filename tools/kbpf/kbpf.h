/* SPDX-License-Identifier: GPL-2.0-only */
/* The kbpf tool: shared declarations. */
#ifndef _KBPF_TOOL_H
#define _KBPF_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../../uapi/linux/kbpf.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#ifndef KBPF_VERSION
#define KBPF_VERSION "unknown"
#endif

struct kbpf_tool_opts {
	bool host;		/* run the verifier and engine in this process */
	bool json;		/* -j: JSON on stdout; -p: indented JSON */
	bool pretty;
	int log_level;		/* 0: log only on failure */
	bool stats;		/* --stats: what verification took */
};

extern struct kbpf_tool_opts opts;

/* Prints "Error: ..." (or JSON) to stderr; returns the exit status 1. */
int kbpf_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool kbpf_is_prefix(const char *arg, const char *cmd);
/*
 * The index of the keyword of @words that @arg spells or abbreviates to a
 * unique prefix; -1 if none, -2 if the prefix is ambiguous.
 */
int kbpf_keyword(const char *arg, const char *const *words, size_t n);
/* strerror(), with what the module means by the errnos it gives its own sense. */
const char *kbpf_strerror(int err);

/* lib.c: thin wrappers over the ioctls; negative errno on failure. */
int kbpf_dev_open(void);
/* Any command on /dev/kbpf: its result, or -errno. */
int kbpf_ioctl(int dev, unsigned long cmd, void *attr);
int kbpf_version_query(int dev, struct kbpf_version *v);
int kbpf_prog_load(int dev, struct kbpf_prog_load *attr);
int kbpf_prog_test_run(int dev, struct kbpf_prog_test_run *attr);
int kbpf_obj_get_info(int dev, int fd, struct kbpf_prog_info *info);
int kbpf_obj_type(int dev, int fd);
int kbpf_get_next_id(int dev, uint32_t type, uint32_t start, uint32_t *next);
int kbpf_get_fd_by_id(int dev, uint32_t type, uint32_t id);
int kbpf_obj_pin(int dev, int fd, const char *name);
int kbpf_obj_get(int dev, const char *name);
int kbpf_obj_unpin(int dev, const char *name);
int kbpf_pin_next(int dev, const char *prev, struct kbpf_obj_pin *out);
/* jited.c: native code under the BPF instructions it came from. */
int kbpf_print_jited(const uint8_t *code, uint32_t code_len, const uint32_t *offsets,
		     const struct kbpf_insn *insns, uint32_t cnt);

/* Reads a file of raw instructions; caller frees *insns. */
int kbpf_read_insns(const char *path, struct kbpf_insn **insns, uint32_t *cnt);

int kbpf_cmd_prog(int argc, char **argv);
int kbpf_cmd_version(int argc, char **argv);
int kbpf_cmd_disasm(int argc, char **argv);
int kbpf_cmd_conformance(int argc, char **argv);
int kbpf_cmd_pin(int argc, char **argv);
int kbpf_cmd_trace(int argc, char **argv);
int kbpf_cmd_map(int argc, char **argv);
int kbpf_cmd_prog_objects(int argc, char **argv);
int kbpf_prog_ref(int dev, int *argc, char ***argv);
/* { id ID | pinned NAME } naming an object of @type: a descriptor, or -1. */
int kbpf_obj_ref(int dev, uint32_t type, int *argc, char ***argv);
int kbpf_cmd_link(int argc, char **argv);
int kbpf_cmd_run(int argc, char **argv);
int kbpf_cmd_tracelog(int argc, char **argv);
/* tracelog.c: bpf_trace_printk lines from the kernel log. */
int kbpf_trace_lines_open(void);
void kbpf_trace_lines_drain(int fd);
int kbpf_cmd_feature(int argc, char **argv);
/*
 * raw_tp_args.c: the argument count of raw tracepoint @name from the
 * kernel's BTF, or -errno with @why saying what to do instead.
 */
int kbpf_raw_tp_nr_args(const char *name, char *why, size_t why_size);
int kbpf_map_dump_fd(int dev, int fd);
int kbpf_link_info_get(int dev, int fd, struct kbpf_link_info *info);
int kbpf_link_create_cmd(int argc, char **argv);
int kbpf_prog_detach_cmd(int argc, char **argv);
unsigned int kbpf_possible_cpus(void);
/* A map type by its name in 'map create' (hash, array, ...): 0 or -EINVAL. */
int kbpf_map_type_parse(const char *name, uint32_t *type);
int kbpf_load_generated(uint32_t type, const struct kbpf_insn *insns, uint32_t cnt,
			const char *name, uint32_t flags);

#endif /* _KBPF_TOOL_H */
