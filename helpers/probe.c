// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_read_*: copies from an address the program computed, which may be
 * anything. The platform's nofault readers turn a bad address into
 * -EFAULT; on any error the destination is zeroed, as in Linux, so the
 * program never sees stale stack contents.
 */
#include "helpers.h"

typedef int (*read_fn)(void *dst, const void *src, u32 n);

static u64 probe_read(read_fn read, u64 dst, u64 size, u64 src)
{
	void *d = (void *)(uintptr_t)dst;
	int err = read(d, (const void *)(uintptr_t)src, size);

	if (err)
		memset(d, 0, size);
	return err;
}

#define PROBE_PAGE	4096UL

/*
 * Reads a string in chunks that never cross a page, so a string that
 * ends just before an unmapped page is still read. Returns the length
 * with its NUL, or -EFAULT (destination zeroed).
 */
static u64 probe_read_str(read_fn read, u64 dst, u64 size, u64 src)
{
	char *d = (char *)(uintptr_t)dst;
	u64 done = 0, n, i;

	if (!size)
		return 0;
	while (done < size - 1) {
		n = min_t(u64, size - 1 - done, 8);
		n = min_t(u64, n, PROBE_PAGE - ((src + done) & (PROBE_PAGE - 1)));
		if (read(d + done, (const void *)(uintptr_t)(src + done), n)) {
			memset(d, 0, size);
			return (u64)-EFAULT;
		}
		for (i = 0; i < n; i++)
			if (!d[done + i])
				return done + i + 1;
		done += n;
	}
	d[done] = 0;
	return done + 1;
}

static int read_kernel(void *dst, const void *src, u32 n)
{
	return kbpf_read_kernel_nofault(dst, src, n);
}

static int read_user(void *dst, const void *src, u32 n)
{
	return kbpf_read_user_nofault(dst, src, n);
}

u64 kbpf_helper_probe_read_kernel(u64 dst, u64 size, u64 src, u64 r4, u64 r5)
{
	return probe_read(read_kernel, dst, size, src);
}

u64 kbpf_helper_probe_read_user(u64 dst, u64 size, u64 src, u64 r4, u64 r5)
{
	return probe_read(read_user, dst, size, src);
}

u64 kbpf_helper_probe_read_kernel_str(u64 dst, u64 size, u64 src, u64 r4,
				      u64 r5)
{
	return probe_read_str(read_kernel, dst, size, src);
}

u64 kbpf_helper_probe_read_user_str(u64 dst, u64 size, u64 src, u64 r4,
				    u64 r5)
{
	return probe_read_str(read_user, dst, size, src);
}
