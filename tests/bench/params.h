/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The bench programs' access to sysctl and module parameter files
 * (bpf_jit_enable, kbpf's jit, ...): one line written or read.
 */
#ifndef _KBPF_TESTS_BENCH_PARAMS_H
#define _KBPF_TESTS_BENCH_PARAMS_H

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* 0 when all of @v was written to @path, else -1. */
static inline int write_file(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, v, strlen(v));
	close(fd);
	return n == (ssize_t)strlen(v) ? 0 : -1;
}

/* The first line of @path, without its newline, in @buf. */
static inline int read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fgets(buf, len, f) != NULL;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return ok ? 0 : -1;
}

#endif
