/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the guest test programs share: TAP checks, the ioctl wrapper, a
 * faulting address, and map creation and element access. Define
 * E2E_SUITE (the TAP prefix, e.g. "ioctl") before including.
 */
#ifndef _KBPF_TESTS_E2E_H
#define _KBPF_TESTS_E2E_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "../../uapi/linux/kbpf.h"
#include "../cases/insn.h"

typedef __u64 u64;
typedef __u32 u32;
typedef __s32 s32;

static int failed, dev;

#define CHECK(cond, name, ...)						\
	do {								\
		if (cond) {						\
			printf("ok - " E2E_SUITE "/" name "\n", ##__VA_ARGS__); \
		} else {						\
			failed = 1;					\
			printf("not ok - " E2E_SUITE "/" name " (errno %d: %s)\n", \
			       ##__VA_ARGS__, errno, strerror(errno));	\
		}							\
	} while (0)

/* ioctl on the device returning -errno, so checks read as expectations. */
static inline long call(unsigned long cmd, void *arg)
{
	long ret = ioctl(dev, cmd, arg);

	return ret < 0 ? -errno : ret;
}

/* An address that faults: mapped once, then unmapped. */
static inline void *unmapped_page(void)
{
	void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(p, 4096);
	return p;
}

static inline long map_create(u32 type, u32 ks, u32 vs, u32 max, u32 flags)
{
	struct kbpf_map_create a = {
		.size = sizeof(a), .map_type = type, .key_size = ks,
		.value_size = vs, .max_entries = max, .map_flags = flags,
	};

	return call(KBPF_IOC_MAP_CREATE, &a);
}

static inline long map_elem(unsigned long cmd, int fd, const void *key,
			    void *value, u64 flags)
{
	struct kbpf_map_elem a = {
		.size = sizeof(a), .map_fd = fd, .key = (uintptr_t)key,
		.value = (uintptr_t)value, .flags = flags,
	};

	return call(cmd, &a);
}

/* 1 if program @fd runs native code, 0 if interpreted, -1 on error. */
static inline int prog_jited(int fd)
{
	struct kbpf_prog_info info = { 0 };
	struct kbpf_obj_get_info gi = {
		.size = sizeof(gi), .fd = fd, .info = (uintptr_t)&info,
		.info_len = sizeof(info),
	};

	if (call(KBPF_IOC_OBJ_GET_INFO, &gi))
		return -1;
	return !!(info.flags & KBPF_PROG_INFO_JITED);
}

/* The module's jit parameter: what programs loaded now should get. */
static inline int module_jit_on(void)
{
	char c = 'N';
	FILE *f = fopen("/sys/module/kbpf/parameters/jit", "r");

	if (f) {
		if (fscanf(f, " %c", &c) != 1)
			c = 'N';
		fclose(f);
	}
	return c == 'Y' || c == '1';
}

#endif /* _KBPF_TESTS_E2E_H */
