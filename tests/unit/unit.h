/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal TAP harness for host unit tests: each check prints one
 * "ok"/"not ok" line; main() returns non-zero if any failed.
 */
#ifndef _KBPF_TESTS_UNIT_H
#define _KBPF_TESTS_UNIT_H

#include <stdio.h>

static int unit_failed;

#define UNIT_CHECK(cond, name, ...)					\
	do {								\
		if (cond) {						\
			printf("ok - " name "\n", ##__VA_ARGS__);	\
		} else {						\
			unit_failed = 1;				\
			printf("not ok - " name "\n", ##__VA_ARGS__);	\
			printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		}							\
	} while (0)

#endif /* _KBPF_TESTS_UNIT_H */
