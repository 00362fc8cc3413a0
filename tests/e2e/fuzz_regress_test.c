// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz_regress_test: one case per bug tests/fuzz/ioctl_fuzz.c found
 * (Documentation/security.md, "Bugs found"), as the plain calls that
 * trigger it. Most of these fail through the kernel's own checks (a
 * hardened usercopy BUG on the stock kernel, KASAN in the debug guest),
 * which the harness turns into a failed run; the TAP lines check what
 * user space sees.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define E2E_SUITE "fuzz-regress"
#include "e2e.h"

/*
 * 2026-12-02: GET_NEXT_KEY returned the next key in a buffer sized for
 * the map's value: with keys longer than values the key was written past
 * that buffer and copied out from beyond it (kernel heap to user space).
 */
static void test_next_key_longer_than_value(void)
{
	static const struct { u32 type, ks, vs; const char *name; } maps[] = {
		{ KBPF_MAP_TYPE_HASH, 241, 4, "hash" },
		{ KBPF_MAP_TYPE_HASH, 512, 1, "hash_512_byte_key" },
		{ KBPF_MAP_TYPE_LRU_HASH, 200, 8, "lru_hash" },
		{ KBPF_MAP_TYPE_PERCPU_HASH, 512, 4, "percpu_hash" },
		{ KBPF_MAP_TYPE_ARRAY, 4, 1, "array" },
	};
	static __u8 key[512], next[512 + 64];
	__u8 value[8] = { 7 };
	unsigned int i, k;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		long fd = map_create(maps[i].type, maps[i].ks, maps[i].vs, 4, 0);
		int ok = fd >= 0, first, second;

		for (k = 0; k < maps[i].ks; k++)
			key[k] = 0x5a ^ k;
		if (maps[i].type == KBPF_MAP_TYPE_ARRAY)
			memset(key, 0, 4);
		if (maps[i].type != KBPF_MAP_TYPE_ARRAY)
			ok = ok && !map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, key, value, 0);
		memset(next, 0xee, sizeof(next));
		first = ok ? map_elem(KBPF_IOC_MAP_GET_NEXT_KEY, fd, NULL, next, 0) : -1;
		ok = ok && first == 0 && !memcmp(next, key, maps[i].ks) &&
		     next[maps[i].ks] == 0xee;	/* nothing past the key */
		/* From that key on: the end for one element, the next index for arrays. */
		second = ok ? map_elem(KBPF_IOC_MAP_GET_NEXT_KEY, fd, key, next, 0) : -1;
		if (maps[i].type == KBPF_MAP_TYPE_ARRAY)
			ok = ok && second == 0 && *(u32 *)next == 1;
		else
			ok = ok && second == -ENOENT;
		CHECK(ok, "next_key_longer_than_value_%s (key %u, value %u)", maps[i].name,
		      maps[i].ks, maps[i].vs);
		if (fd >= 0)
			close(fd);
	}
}

static int write_param(const char *name, const char *value, char *old, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/kbpf/parameters/%s", name);
	if (old) {
		f = fopen(path, "r");
		if (!f || !fgets(old, len, f))
			return -1;
		fclose(f);
	}
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(value, f);
	return fclose(f);
}

/*
 * 2026-12-02: MAP_CREATE built the map before charging the caller's
 * memory quota, so a map over the quota (up to 4 GiB) was allocated
 * first: four fuzzing processes under a 64 MiB quota ran the 1 GiB guest
 * out of memory. Maps larger than the guest's RAM must be refused with
 * EDQUOT, not ENOMEM, an OOM kill or an allocation warning.
 */
static void test_quota_before_allocation(void)
{
	char old[32];
	long a, p, h;

	if (write_param("max_mem_per_user_mb", "64", old, sizeof(old))) {
		CHECK(0, "quota_param");
		return;
	}
	a = map_create(KBPF_MAP_TYPE_ARRAY, 4, 1U << 20, 3072, 0);		/* 3 GiB */
	p = map_create(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 32U << 10, 20000, 0);	/* 625 MiB a CPU */
	h = map_create(KBPF_MAP_TYPE_PERCPU_HASH, 8, 32U << 10, 40000, 0);
	CHECK(a == -EDQUOT && p == -EDQUOT && h == -EDQUOT,
	      "map_over_quota_refused_before_allocation (%ld %ld %ld)", a, p, h);
	/* Under the quota, still made. */
	a = map_create(KBPF_MAP_TYPE_ARRAY, 4, 4096, 1024, 0);
	CHECK(a >= 0, "map_under_quota_created");
	if (a >= 0)
		close(a);
	write_param("max_mem_per_user_mb", old, NULL, 0);
}

int main(void)
{
	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0) {
		printf("not ok - fuzz-regress/open_device (errno %d)\n", errno);
		return 1;
	}
	test_next_key_longer_than_value();
	test_quota_before_allocation();
	return failed;
}
