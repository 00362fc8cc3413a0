/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal TAP harness for host unit tests: each check prints one
 * "ok"/"not ok" line; main() returns non-zero if any failed.
 */
#ifndef _KBPF_TESTS_UNIT_H
#define _KBPF_TESTS_UNIT_H

#include <stdio.h>
#include <stdlib.h>

static int unit_failed;

/*
 * KBPF_TEST_PREFIX names a run when one test runs several ways (the
 * arm64 JIT test on CPUs with and without LSE atomics).
 */
static inline const char *unit_prefix(void)
{
	const char *p = getenv("KBPF_TEST_PREFIX");

	return p ? p : "";
}

#define UNIT_CHECK(cond, name, ...)					\
	do {								\
		if (cond) {						\
			printf("ok - %s" name "\n", unit_prefix(),	\
			       ##__VA_ARGS__);					\
		} else {						\
			unit_failed = 1;				\
			printf("not ok - %s" name "\n", unit_prefix(),	\
			       ##__VA_ARGS__);					\
			printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		}							\
	} while (0)

#endif /* _KBPF_TESTS_UNIT_H */
