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
	bool json;
	int log_level;		/* 0: log only on failure */
};

extern struct kbpf_tool_opts opts;

/* Prints "Error: ..." (or JSON) to stderr; returns the exit status 1. */
int kbpf_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool kbpf_is_prefix(const char *arg, const char *cmd);

/* lib.c: thin wrappers over the ioctls; negative errno on failure. */
int kbpf_dev_open(void);
int kbpf_version_query(int dev, struct kbpf_version *v);
int kbpf_prog_load(int dev, struct kbpf_prog_load *attr);
int kbpf_prog_test_run(int dev, struct kbpf_prog_test_run *attr);

/* Reads a file of raw instructions; caller frees *insns. */
int kbpf_read_insns(const char *path, struct kbpf_insn **insns, uint32_t *cnt);

int kbpf_cmd_prog(int argc, char **argv);
int kbpf_cmd_version(int argc, char **argv);
int kbpf_cmd_disasm(int argc, char **argv);
int kbpf_cmd_conformance(int argc, char **argv);

#endif /* _KBPF_TOOL_H */
