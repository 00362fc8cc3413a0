// SPDX-License-Identifier: GPL-2.0-only
/*
 * Maps through /dev/kbpf as a hostile or careless caller would use them:
 * every map command with bad sizes, pointers, flags, reserved bits and
 * descriptors; batches; the loader's lddw map resolution; BPF_F_MMAPABLE
 * arrays mapped, shared with programs, forked, split, frozen and abused;
 * several processes hammering one map; and the million-element batch
 * benchmark.
 * Runs in the guest as root; prints TAP and "# bench" lines.
 */
#define _GNU_SOURCE	/* mremap */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>
#define E2E_SUITE "map"
#include "e2e.h"

#define QUOTA "/sys/module/kbpf/parameters/max_mem_per_user_mb"

static void test_create(void)
{
	struct kbpf_map_create a = { .size = sizeof(a), .map_type = 1,
				     .key_size = 4, .value_size = 4, .max_entries = 4 };
	char old_quota[32];
	FILE *quota;
	long fd;

	fd = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	CHECK(fd >= 0, "create_hash");
	close(fd);
	CHECK(map_create(99, 4, 8, 16, 0) == -EINVAL, "create_bad_type_einval");
	CHECK(map_create(KBPF_MAP_TYPE_HASH, 0, 8, 16, 0) == -EINVAL, "create_key0_einval");
	CHECK(map_create(KBPF_MAP_TYPE_HASH, 4, 0, 16, 0) == -EINVAL, "create_value0_einval");
	CHECK(map_create(KBPF_MAP_TYPE_HASH, 4, 8, 0, 0) == -EINVAL, "create_entries0_einval");
	CHECK(map_create(KBPF_MAP_TYPE_HASH, 1000, 8, 16, 0) == -E2BIG, "create_key_1000_e2big");
	CHECK(map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 16, 1U << 2) == -EINVAL,
	      "create_unknown_flag_einval");
	CHECK(map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 16, KBPF_F_NO_PREALLOC) == -EINVAL,
	      "create_array_no_prealloc_einval");
	CHECK(map_create(KBPF_MAP_TYPE_ARRAY, 4, 1 << 20, 0xffffffff, 0) == -E2BIG,
	      "create_huge_array_e2big");
	CHECK(map_create(KBPF_MAP_TYPE_HASH, 4, 8, 0xffffffff, 0) == -E2BIG,
	      "create_huge_hash_e2big");
	/*
	 * 3 GiB in a 1 GiB guest: past the default memory quota (half the
	 * RAM), refused before anything is allocated; with no quota, the
	 * allocation fails. Either way cleanly, nothing left behind.
	 */
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 1 << 20, 3072, 0);
	CHECK(fd == -EDQUOT, "create_3g_array_over_default_quota_edquot");
	if (fd >= 0)
		close(fd);
	quota = fopen(QUOTA, "r");
	if (!quota || !fgets(old_quota, sizeof(old_quota), quota))
		strcpy(old_quota, "0");
	if (quota)
		fclose(quota);
	quota = fopen(QUOTA, "w");
	if (!quota || fputs("0", quota) == EOF || fclose(quota))
		CHECK(0, "create_lift_memory_quota");
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 1 << 20, 3072, 0);
	CHECK(fd == -ENOMEM, "create_3g_array_enomem");
	if (fd >= 0)
		close(fd);
	fd = map_create(KBPF_MAP_TYPE_HASH, 4, 1 << 20, 3072, 0);
	CHECK(fd == -ENOMEM, "create_3g_prealloc_hash_enomem");
	if (fd >= 0)
		close(fd);
	/* An mmapable array's pages, allocated one by one, all given back. */
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 1 << 20, 3072, KBPF_F_MMAPABLE);
	CHECK(fd == -ENOMEM, "mmap_create_3g_enomem");
	if (fd >= 0)
		close(fd);
	quota = fopen(QUOTA, "w");
	if (quota) {
		fputs(old_quota, quota);
		fclose(quota);
	}
	a.size = 8;
	CHECK(call(KBPF_IOC_MAP_CREATE, &a) == -EINVAL, "create_short_size_einval");
	a.size = sizeof(a);
	strcpy(a.name, "bad name");
	CHECK(call(KBPF_IOC_MAP_CREATE, &a) == -EINVAL, "create_bad_name_einval");
	CHECK(call(KBPF_IOC_MAP_CREATE, unmapped_page()) == -EFAULT, "create_unmapped_efault");
}

static void test_elems(void)
{
	u32 k = 1, v = 2, next, big[64] = { 0 };
	int fd = map_create(KBPF_MAP_TYPE_HASH, 4, 4, 2, 0), pfd;
	struct kbpf_map_elem a = { .size = sizeof(a), .map_fd = fd,
				   .key = (uintptr_t)&k, .value = (uintptr_t)&v };
	struct kbpf_map_info info;
	struct kbpf_obj_get_info gi = { .size = sizeof(gi), .fd = fd,
					.info = (uintptr_t)&info, .info_len = sizeof(info) };
	struct kbpf_prog_load pl;
	static const struct kbpf_insn ret0[] = { MOV64_IMM(0, 0), EXIT() };

	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, &v, 0) == -ENOENT, "lookup_absent_enoent");
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0) == 0, "update");
	v = 0;
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, &v, 0) == 0 && v == 2, "lookup");
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, KBPF_NOEXIST) == -EEXIST,
	      "update_noexist_eexist");
	k = 2;
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, KBPF_EXIST) == -ENOENT,
	      "update_exist_enoent");
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 3) == -EINVAL, "update_flags_einval");
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 1ULL << 63) == -EINVAL,
	      "update_internal_flag_einval");
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0) == 0, "update_second");
	k = 3;
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0) == -E2BIG, "update_full_e2big");
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, unmapped_page(), &v, 0) == -EFAULT,
	      "update_unmapped_key_efault");
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, unmapped_page(), 0) == -EFAULT,
	      "update_unmapped_value_efault");
	k = 1;
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, unmapped_page(), 0) == -EFAULT,
	      "lookup_unmapped_value_efault");
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, &v, 1) == -EINVAL, "lookup_flags_einval");
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, NULL, &v, 0) == -EINVAL, "lookup_null_key_einval");
	CHECK(map_elem(KBPF_IOC_MAP_GET_NEXT_KEY, fd, NULL, &next, 0) == 0, "getnext_first");
	k = next;
	CHECK(map_elem(KBPF_IOC_MAP_GET_NEXT_KEY, fd, &k, &next, 0) == 0 && next != k,
	      "getnext_second");
	k = next;
	CHECK(map_elem(KBPF_IOC_MAP_GET_NEXT_KEY, fd, &k, &next, 0) == -ENOENT, "getnext_end_enoent");
	k = 1;
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_AND_DELETE_ELEM, fd, &k, &v, 0) == 0 && v == 2,
	      "lookup_and_delete");
	CHECK(map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &k, NULL, 0) == -ENOENT, "delete_absent_enoent");
	CHECK(map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &k, &v, 0) == -EINVAL, "delete_with_value_einval");
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, 9999, &k, &v, 0) == -EBADF, "lookup_closed_fd_ebadf");
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, 0, &k, &v, 0) == -EINVAL, "lookup_stdin_einval");
	a.size = sizeof(a) + 8;
	memcpy(big, &a, sizeof(a));
	big[sizeof(a) / 4] = 1;
	CHECK(call(KBPF_IOC_MAP_LOOKUP_ELEM, big) == -E2BIG, "elem_nonzero_tail_e2big");

	CHECK(call(KBPF_IOC_OBJ_GET_INFO, &gi) == 0 && gi.obj_type == KBPF_OBJ_MAP &&
	      info.type == KBPF_MAP_TYPE_HASH && info.key_size == 4 && info.max_entries == 2,
	      "get_info_map");
	/* A program fd is not a map. */
	pl = (struct kbpf_prog_load){ .size = sizeof(pl), .prog_type = 1,
				      .insns = (uintptr_t)ret0, .insn_cnt = 2 };
	pfd = call(KBPF_IOC_PROG_LOAD, &pl);
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, pfd, &k, &v, 0) == -EINVAL, "lookup_prog_fd_einval");
	close(pfd);

	CHECK(map_elem(KBPF_IOC_MAP_FREEZE, fd, NULL, NULL, 0) == 0, "freeze");
	CHECK(map_elem(KBPF_IOC_MAP_FREEZE, fd, NULL, NULL, 0) == -EBUSY, "freeze_twice_ebusy");
	CHECK(map_elem(KBPF_IOC_MAP_FREEZE, fd, &k, NULL, 0) == -EINVAL, "freeze_with_key_einval");
	k = 2;
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0) == -EPERM, "frozen_update_eperm");
	CHECK(map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &k, NULL, 0) == -EPERM, "frozen_delete_eperm");
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, &v, 0) == 0, "frozen_lookup_ok");
	close(fd);

	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 4, 4, 0);
	k = 4;
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0) == -E2BIG, "array_update_oob_e2big");
	k = 0;
	CHECK(map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &k, NULL, 0) == -EINVAL, "array_delete_einval");
	close(fd);
}

/* Per-CPU values come one per possible CPU, as the module counts them. */
static long possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	long a = 0, b = 0;
	int n = f ? fscanf(f, "%ld-%ld", &a, &b) : 0;

	if (f)
		fclose(f);
	return n == 2 ? b + 1 : 1;
}

static void test_percpu(void)
{
	long ncpu = possible_cpus();
	int fd = map_create(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 2, 0);
	u64 *vals = calloc(ncpu + 1, 8);
	u32 k = 1;
	long i, good = 0;

	for (i = 0; i < ncpu; i++)
		vals[i] = 100 + i;
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, vals, 0) == 0, "percpu_update_all_cpus");
	memset(vals, 0, ncpu * 8);
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, vals, 0) == 0, "percpu_lookup");
	for (i = 0; i < ncpu; i++)
		good += vals[i] == (u64)(100 + i);
	CHECK(good == ncpu, "percpu_values_per_cpu_8_byte_slots");
	close(fd);
	free(vals);
}

/* A ring buffer's key and value sizes are 0: no batch command applies. */
static void test_batch_ringbuf(void)
{
	static const unsigned int cmds[] = {
		KBPF_IOC_MAP_LOOKUP_BATCH, KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH,
		KBPF_IOC_MAP_UPDATE_BATCH, KBPF_IOC_MAP_DELETE_BATCH,
	};
	int fd = map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	u32 keys[4], vals[4], token, i, good = 0;

	for (i = 0; i < 4; i++) {
		struct kbpf_map_batch b = {
			.size = sizeof(b), .map_fd = fd, .keys = (uintptr_t)keys,
			.count = 4,
		};

		if (i != 3)
			b.values = (uintptr_t)vals;
		if (i < 2)
			b.out_batch = (uintptr_t)&token;
		good += call(cmds[i], &b) == -EOPNOTSUPP && b.count == 0;
	}
	CHECK(fd >= 0 && good == 4, "batch_ringbuf_eopnotsupp");
	close(fd);
}

static void test_batch(void)
{
	int fd = map_create(KBPF_MAP_TYPE_HASH, 4, 4, 64, 0);
	u32 keys[64], vals[64], token, i, seen = 0;
	struct kbpf_map_batch b = { .size = sizeof(b), .map_fd = fd };
	long ret;

	for (i = 0; i < 10; i++) {
		keys[i] = i;
		vals[i] = i * 10;
	}
	b.keys = (uintptr_t)keys;
	b.values = (uintptr_t)vals;
	b.count = 10;
	CHECK(call(KBPF_IOC_MAP_UPDATE_BATCH, &b) == 0 && b.count == 10, "update_batch");
	b.count = 10;
	b.elem_flags = KBPF_NOEXIST;
	CHECK(call(KBPF_IOC_MAP_UPDATE_BATCH, &b) == -EEXIST && b.count == 0,
	      "update_batch_noexist_stops_count_0");
	b.elem_flags = 0;
	b.out_batch = (uintptr_t)&token;
	b.count = 4;
	memset(keys, 0xff, sizeof(keys));
	ret = call(KBPF_IOC_MAP_LOOKUP_BATCH, &b);
	CHECK(ret == 0 && b.count == 4, "lookup_batch_first_4");
	for (i = 0; i < b.count; i++)
		seen |= (vals[i] == keys[i] * 10) << keys[i];
	b.in_batch = (uintptr_t)&token;
	b.count = 100;
	ret = call(KBPF_IOC_MAP_LOOKUP_BATCH, &b);
	CHECK(ret == -ENOENT && b.count == 6, "lookup_batch_rest_enoent");
	for (i = 0; i < b.count; i++)
		seen |= (vals[i] == keys[i] * 10) << keys[i];
	CHECK(seen == 0x3ff, "lookup_batch_each_key_once");
	b.count = 4;
	b.flags = 1;
	CHECK(call(KBPF_IOC_MAP_LOOKUP_BATCH, &b) == -EINVAL, "lookup_batch_flags_einval");
	b.flags = 0;
	b.reserved = 1;
	CHECK(call(KBPF_IOC_MAP_LOOKUP_BATCH, &b) == -EINVAL, "lookup_batch_reserved_einval");
	b.reserved = 0;
	b.in_batch = (uintptr_t)unmapped_page();
	CHECK(call(KBPF_IOC_MAP_LOOKUP_BATCH, &b) == -EFAULT, "lookup_batch_bad_token_efault");
	/*
	 * Not a key: the walk goes on from the start of the bucket the
	 * token hashes to (which one depends on the map's seed), to the end.
	 */
	token = 12345;
	b.in_batch = (uintptr_t)&token;
	b.count = 64;
	seen = 0;
	ret = call(KBPF_IOC_MAP_LOOKUP_BATCH, &b);
	for (i = 0; i < b.count && i < 64; i++)
		seen += keys[i] < 10 && vals[i] == keys[i] * 10;
	CHECK(ret == -ENOENT && b.count <= 10 && seen == b.count,
	      "lookup_batch_unknown_token_goes_on_from_its_bucket");
	b.keys = (uintptr_t)unmapped_page();
	b.in_batch = 0;
	b.count = 4;
	CHECK(call(KBPF_IOC_MAP_LOOKUP_BATCH, &b) == -EFAULT && b.count == 0,
	      "lookup_batch_unmapped_keys_efault");
	b.keys = (uintptr_t)keys;
	b.count = 3;
	CHECK(call(KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH, &b) == 0 && b.count == 3,
	      "lookup_and_delete_batch");
	b.count = 64;
	b.in_batch = (uintptr_t)&token;
	CHECK(call(KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH, &b) == -ENOENT && b.count == 7,
	      "lookup_and_delete_batch_rest");
	b.in_batch = 0;
	CHECK(call(KBPF_IOC_MAP_LOOKUP_BATCH, &b) == -ENOENT && b.count == 0,
	      "batch_deleted_all");
	b = (struct kbpf_map_batch){ .size = sizeof(b), .map_fd = fd,
				     .keys = (uintptr_t)keys, .count = 2 };
	keys[0] = 1;
	CHECK(call(KBPF_IOC_MAP_DELETE_BATCH, &b) == -ENOENT && b.count == 0,
	      "delete_batch_absent_enoent");
	b.values = (uintptr_t)vals;
	CHECK(call(KBPF_IOC_MAP_DELETE_BATCH, &b) == -EINVAL, "delete_batch_values_einval");
	close(fd);
	test_batch_ringbuf();
}

enum { WALK_N = 1000 };

/*
 * Dumps @fd with batches of @bs: each of keys 0..WALK_N-1 exactly once
 * with its value (@stride u64s: key + slot), ENOENT with the last batch.
 * Returns the number of calls, or -1.
 */
static long walk_dump(int fd, u32 bs, u32 stride, bool del)
{
	u32 *keys = malloc((size_t)bs * 4), token, j, calls = 0, total = 0, n;
	u64 *vals = malloc((size_t)bs * stride * 8);
	char *seen = calloc(WALK_N, 1);
	struct kbpf_map_batch b = {
		.size = sizeof(b), .map_fd = fd, .keys = (uintptr_t)keys,
		.values = (uintptr_t)vals, .out_batch = (uintptr_t)&token,
	};
	long ret = 0, bad = 0;

	while (!ret && calls++ <= WALK_N + 1) {
		b.count = bs;
		ret = call(del ? KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH :
			   KBPF_IOC_MAP_LOOKUP_BATCH, &b);
		if (ret && ret != -ENOENT)
			break;
		bad += b.count > bs || (!ret && b.count != bs) ||
		       (b.count && token != keys[b.count - 1]);
		for (j = 0; j < b.count; j++) {
			bad += keys[j] >= WALK_N || seen[keys[j]]++;
			for (n = 0; n < stride && keys[j] < WALK_N; n++)
				bad += vals[(size_t)j * stride + n] != keys[j] + n;
		}
		total += b.count;
		b.in_batch = (uintptr_t)&token;
	}
	free(keys);
	free(vals);
	free(seen);
	return ret == -ENOENT && !bad && total == WALK_N ? (long)calls : -1;
}

/*
 * Lookup batches of every size against the walk of each type's layout:
 * 1,000 keys in a 1,024-bucket hash share buckets, so batches of 1 and 2
 * end inside chains and the token resumes there (Linux's token is a
 * bucket and says ENOSPC when a bucket does not fit; kbpf's is a key).
 */
static void test_batch_walk(void)
{
	static const struct { u32 type, flags; const char *name; } types[] = {
		{ KBPF_MAP_TYPE_HASH, 0, "hash" },
		{ KBPF_MAP_TYPE_HASH, KBPF_F_NO_PREALLOC, "hash_no_prealloc" },
		{ KBPF_MAP_TYPE_PERCPU_HASH, 0, "percpu_hash" },
		{ KBPF_MAP_TYPE_LRU_HASH, 0, "lru_hash" },
		{ KBPF_MAP_TYPE_LRU_PERCPU_HASH, 0, "lru_percpu_hash" },
		{ KBPF_MAP_TYPE_ARRAY, 0, "array" },
		{ KBPF_MAP_TYPE_PERCPU_ARRAY, 0, "percpu_array" },
	};
	static const u32 sizes[] = { 1, 2, 3, 7, 64, 999, 1000, 5000 };
	u32 keys[WALK_N], t, i, j, z, stride, percpu;
	struct kbpf_map_batch b;
	long ncpu = possible_cpus();
	u64 *vals;
	int fd;

	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		percpu = types[t].type == KBPF_MAP_TYPE_PERCPU_HASH ||
			 types[t].type == KBPF_MAP_TYPE_LRU_PERCPU_HASH ||
			 types[t].type == KBPF_MAP_TYPE_PERCPU_ARRAY;
		stride = percpu ? ncpu : 1;
		vals = malloc((size_t)WALK_N * stride * 8);
		fd = map_create(types[t].type, 4, 8, WALK_N, types[t].flags);
		for (i = 0; i < WALK_N; i++) {
			keys[i] = i;
			for (j = 0; j < stride; j++)
				vals[(size_t)i * stride + j] = i + j;
		}
		b = (struct kbpf_map_batch){ .size = sizeof(b), .map_fd = fd,
			.keys = (uintptr_t)keys, .values = (uintptr_t)vals,
			.count = WALK_N };
		CHECK(fd >= 0 && call(KBPF_IOC_MAP_UPDATE_BATCH, &b) == 0 &&
		      b.count == WALK_N, "walk_%s_fill", types[t].name);
		for (z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			long calls = walk_dump(fd, sizes[z], stride, false);

			/* ENOENT comes with the batch holding the last key. */
			CHECK(calls == (WALK_N + sizes[z] - 1) / sizes[z],
			      "walk_%s_batch_%u_each_once (%ld calls)",
			      types[t].name, sizes[z], calls);
		}
		/* A count of 0 still says whether anything is left. */
		keys[0] = WALK_N - 1;
		b = (struct kbpf_map_batch){ .size = sizeof(b), .map_fd = fd,
			.keys = (uintptr_t)keys, .values = (uintptr_t)vals,
			.out_batch = (uintptr_t)&z };
		CHECK(call(KBPF_IOC_MAP_LOOKUP_BATCH, &b) == 0 && b.count == 0,
		      "walk_%s_count_0_from_start", types[t].name);
		if (types[t].type == KBPF_MAP_TYPE_ARRAY) {
			b.in_batch = (uintptr_t)&keys[0];
			CHECK(call(KBPF_IOC_MAP_LOOKUP_BATCH, &b) == -ENOENT &&
			      b.count == 0, "walk_%s_count_0_after_last_enoent",
			      types[t].name);
		}
		if (types[t].type != KBPF_MAP_TYPE_ARRAY &&
		    types[t].type != KBPF_MAP_TYPE_PERCPU_ARRAY) {
			CHECK(walk_dump(fd, 7, stride, true) > 0,
			      "walk_%s_lookup_and_delete_7_each_once", types[t].name);
			b = (struct kbpf_map_batch){ .size = sizeof(b), .map_fd = fd,
				.keys = (uintptr_t)keys, .values = (uintptr_t)vals,
				.out_batch = (uintptr_t)&z, .count = 1 };
			CHECK(call(KBPF_IOC_MAP_LOOKUP_BATCH, &b) == -ENOENT &&
			      b.count == 0, "walk_%s_empty_after_delete", types[t].name);
		}
		close(fd);
		free(vals);
	}
}

/*
 * A token deleted between two batches: the walk resumes at its bucket,
 * so the second batch brings the rest (and at most the few keys before
 * the token in its bucket again), not the whole map as a restart would.
 */
static void test_batch_deleted_token(void)
{
	int fd = map_create(KBPF_MAP_TYPE_HASH, 4, 8, WALK_N, 0);
	u32 *keys = malloc(WALK_N * 4), token, i, first, again = 0, got = 0;
	u64 *vals = malloc(WALK_N * 8);
	char seen[WALK_N] = { 0 };
	struct kbpf_map_batch b = { .size = sizeof(b), .map_fd = fd,
				    .keys = (uintptr_t)keys,
				    .values = (uintptr_t)vals, .count = WALK_N };
	long ret;

	for (i = 0; i < WALK_N; i++)
		keys[i] = vals[i] = i;
	CHECK(call(KBPF_IOC_MAP_UPDATE_BATCH, &b) == 0, "deleted_token_fill");
	b.out_batch = (uintptr_t)&token;
	b.count = WALK_N / 2;
	ret = call(KBPF_IOC_MAP_LOOKUP_BATCH, &b);
	first = b.count;
	for (i = 0; i < b.count; i++)
		seen[keys[i]] = 1;
	CHECK(!ret && first == WALK_N / 2 &&
	      !map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &token, NULL, 0),
	      "deleted_token_first_half");
	b.in_batch = (uintptr_t)&token;
	b.count = WALK_N;
	ret = call(KBPF_IOC_MAP_LOOKUP_BATCH, &b);
	for (i = 0; i < b.count; i++) {
		again += seen[keys[i]];
		got += !seen[keys[i]] && vals[i] == keys[i];
		seen[keys[i]] = 1;
	}
	CHECK(ret == -ENOENT && got == WALK_N - first && again < 16,
	      "deleted_token_resumes_at_its_bucket (%u again)", again);
	free(keys);
	free(vals);
	close(fd);
}

/*
 * A batch whose buffer ends at an unmapped page: the count is exactly the
 * elements that fit, the token the last of them, and the next batch goes
 * on from there; an update batch likewise does exactly those.
 */
static void test_batch_partial_fault(void)
{
	int fd = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 64, 0);
	uint8_t *area = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	u32 *edge = (u32 *)(area + 4096 - 3 * 4), keys[64], token, i, seen = 0;
	u64 vals[64];
	struct kbpf_map_batch b = { .size = sizeof(b), .map_fd = fd };
	long ret;

	munmap(area + 4096, 4096);
	for (i = 0; i < 3; i++) {
		edge[i] = i;
		vals[i] = i * 3;
	}
	b.keys = (uintptr_t)edge;
	b.values = (uintptr_t)vals;
	b.count = 10;
	CHECK(call(KBPF_IOC_MAP_UPDATE_BATCH, &b) == -EFAULT && b.count == 3,
	      "update_batch_partial_fault_count_3");
	for (i = 0; i < 20; i++) {
		keys[i] = i;
		vals[i] = i * 3;
	}
	b.keys = (uintptr_t)keys;
	b.count = 20;
	CHECK(call(KBPF_IOC_MAP_UPDATE_BATCH, &b) == 0 && b.count == 20,
	      "update_batch_20");
	b.keys = (uintptr_t)edge;
	b.out_batch = (uintptr_t)&token;
	b.count = 10;
	ret = call(KBPF_IOC_MAP_LOOKUP_BATCH, &b);
	CHECK(ret == -EFAULT && b.count == 3 && token == edge[2],
	      "lookup_batch_partial_fault_count_3_token_last");
	for (i = 0; i < 3; i++)
		seen |= (vals[i] == edge[i] * 3) << edge[i];
	b.keys = (uintptr_t)keys;
	b.in_batch = (uintptr_t)&token;
	b.count = 64;
	ret = call(KBPF_IOC_MAP_LOOKUP_BATCH, &b);
	for (i = 0; i < b.count; i++)
		seen |= (vals[i] == keys[i] * 3) << keys[i];
	CHECK(ret == -ENOENT && b.count == 17 && seen == 0xfffff,
	      "lookup_batch_after_fault_goes_on");
	munmap(area, 4096);
	close(fd);
}

/*
 * Dumps while another process inserts and deletes keys of its own: every
 * dump ends (ENOENT) in a bounded number of batches, and each key nobody
 * touches comes out at least once with its value.
 */
static void test_batch_concurrent(void)
{
	enum { STABLE = 500, CHURN = 1000, DUMPS = 40 };
	int fd = map_create(KBPF_MAP_TYPE_HASH, 4, 8, STABLE + CHURN, 0);
	u32 keys[16], token, i, d, bad = 0, unended = 0, missing = 0;
	u64 vals[16], v;
	char seen[STABLE];
	struct kbpf_map_batch b = { .size = sizeof(b), .map_fd = fd,
				    .keys = (uintptr_t)keys,
				    .values = (uintptr_t)vals,
				    .out_batch = (uintptr_t)&token };
	pid_t child;
	long ret;
	int status;

	for (i = 0; i < STABLE; i++) {
		v = i;
		bad |= map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &i, &v, 0) != 0;
	}
	child = fork();
	if (!child) {
		for (i = 0;; i++) {
			u32 k = STABLE + (i * 7919) % CHURN;

			v = k;
			if (i & 1)
				map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &k, NULL, 0);
			else
				map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0);
		}
	}
	for (d = 0; d < DUMPS; d++) {
		u32 calls = 0;

		memset(seen, 0, sizeof(seen));
		b.in_batch = 0;
		do {
			b.count = d % 2 ? 16 : 1 + d % 5;
			ret = call(KBPF_IOC_MAP_LOOKUP_BATCH, &b);
			for (i = 0; i < b.count; i++) {
				bad += vals[i] != keys[i] ||
				       keys[i] >= STABLE + CHURN;
				if (keys[i] < STABLE)
					seen[keys[i]] = 1;
			}
			b.in_batch = (uintptr_t)&token;
		} while (!ret && ++calls < 100000);
		unended += ret != -ENOENT;
		for (i = 0; i < STABLE; i++)
			missing += !seen[i];
	}
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	CHECK(!bad && !unended && !missing,
	      "batch_dump_during_updates (bad %u, unended %u, missing %u)",
	      bad, unended, missing);
	close(fd);
}

/* lddw map references at load: resolution errors before the verifier. */
static void test_prog_maps(void)
{
	int fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	struct kbpf_insn insns[] = {
		{ KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, fd },
		{ 0, 0, 0, 0, 0 },
		MOV64_IMM(0, 0), EXIT(),
	};
	int fds[1] = { fd };
	char log[256];
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = 1, .insns = (uintptr_t)insns,
		.insn_cnt = 4, .log_level = 1, .log_buf = (uintptr_t)log,
		.log_size = sizeof(log),
	};
	long ret;

	insns[0].imm = 9999;
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(ret == -EBADF && a.err_insn == 0 && strstr(log, "fd 9999 is not open"),
	      "load_map_closed_fd_ebadf");
	insns[0].imm = 0;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && strstr(log, "not a map"),
	      "load_map_non_map_fd_einval");
	insns[0].src_reg = KBPF_PSEUDO_MAP_IDX;
	insns[0].imm = 1;
	a.fd_array = (uintptr_t)fds;
	a.fd_array_cnt = 1;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && strstr(log, "index 1 out of 1"),
	      "load_fd_array_index_einval");
	a.fd_array = (uintptr_t)unmapped_page();
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EFAULT, "load_fd_array_unmapped_efault");
	a.fd_array = 0;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_fd_array_cnt_without_array_einval");
	/* Resolved and verified: a program that writes into the map. */
	{
		struct kbpf_insn writer[] = {
			{ KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_IDX, 0, 0 },
			{ 0, 0, 0, 0, 0 },
			ST(W, 10, -4, 0),
			MOV64_REG(2, 10),
			ALU64_IMM(ADD, 2, -4),
			CALL_HELPER(1),
			JMP_IMM(JEQ, 0, 0, 2),
			MOV64_IMM(1, 42),
			STX(DW, 0, 1, 0),
			MOV64_IMM(0, 7),
			EXIT(),
		};
		struct kbpf_prog_test_run run = { .size = sizeof(run) };
		u32 key = 0;
		u64 value = 0;

		a.insns = (uintptr_t)writer;
		a.insn_cnt = sizeof(writer) / sizeof(writer[0]);
		a.fd_array = (uintptr_t)fds;
		ret = call(KBPF_IOC_PROG_LOAD, &a);
		if (ret < 0)
			printf("# %s\n", log);
		CHECK(ret >= 0, "load_program_using_map");
		run.prog_fd = ret;
		CHECK(ret >= 0 && !call(KBPF_IOC_PROG_TEST_RUN, &run) && run.retval == 7 &&
		      !map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &key, &value, 0) && value == 42,
		      "program_writes_map_user_reads_it");
		if (ret >= 0)
			close(ret);
	}
	/* The size before fd_array still loads. */
	a = (struct kbpf_prog_load){ .size = offsetof(struct kbpf_prog_load, fd_array),
				     .prog_type = 1, .insns = (uintptr_t)&insns[2],
				     .insn_cnt = 2 };
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(ret >= 0, "load_old_struct_size");
	if (ret >= 0)
		close(ret);
	close(fd);
}

/*
 * BPF_F_MMAPABLE arrays. A program counts into the first u64 of a map
 * value (a .bss counter) and returns the second (a .data setting): user
 * space reads the count and writes the setting through a mapping, with no
 * system call.
 */
static long pg;
static long run_prog(long fd, u32 repeat, u64 *retval);

static long freeze(int fd)
{
	return map_elem(KBPF_IOC_MAP_FREEZE, fd, NULL, NULL, 0);
}

static void *map_rw(int fd, size_t len, off_t off)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
}

static long load_counter(int fd)
{
	struct kbpf_insn insns[] = {
		{ KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_VALUE, 0, fd },
		{ 0, 0, 0, 0, 0 },
		MOV64_IMM(2, 1),
		ATOMIC(DW, KBPF_ADD, 1, 2, 0),
		LDX(DW, 0, 1, 8),
		EXIT(),
	};
	char log[512] = "";
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = 1, .insns = (uintptr_t)insns,
		.insn_cnt = sizeof(insns) / sizeof(insns[0]), .log_level = 1,
		.log_buf = (uintptr_t)log, .log_size = sizeof(log),
	};
	long ret = call(KBPF_IOC_PROG_LOAD, &a);

	if (ret < 0)
		printf("# %s\n", log);
	return ret;
}

/* 1 if writing the first byte at @p kills a child with SIGSEGV. */
static int write_faults(volatile u64 *p)
{
	int status;
	pid_t pid = fork();

	if (!pid) {
		*p = 1;
		_exit(0);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGSEGV;
}

static void test_mmap_create(void)
{
	long fd;

	CHECK(map_create(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1, KBPF_F_MMAPABLE) == -EINVAL,
	      "mmap_create_percpu_array_einval");
	CHECK(map_create(KBPF_MAP_TYPE_HASH, 4, 8, 1, KBPF_F_MMAPABLE) == -EINVAL,
	      "mmap_create_hash_einval");
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	CHECK(fd >= 0 && mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EINVAL, "mmap_plain_array_einval");
	close(fd);
	fd = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 1, 0);
	CHECK(fd >= 0 && mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EOPNOTSUPP, "mmap_hash_eopnotsupp");
	close(fd);
}

static void test_mmap_shared(void)
{
	int fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 16, 1, KBPF_F_MMAPABLE), pipefd[2];
	volatile u64 *p;
	u64 ret = 0, v[2];
	u32 k = 0;
	long prog;
	pid_t pid;
	char c;

	p = map_rw(fd, pg, 0);
	CHECK(fd >= 0 && p != MAP_FAILED && !p[0] && !p[1], "mmap_rw_zeroed");
	if (p == MAP_FAILED)
		return;
	prog = load_counter(fd);
	CHECK(prog >= 0, "mmap_load_counter_program");
	CHECK(!run_prog(prog, 1000, &ret) && p[0] == 1000 && ret == 0,
	      "mmap_program_counts_user_reads_mapping");
	p[1] = 0x1234;
	CHECK(!run_prog(prog, 1, &ret) && ret == 0x1234 && p[0] == 1001,
	      "mmap_user_writes_mapping_program_reads");
	CHECK(!map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, v, 0) && v[0] == 1001 &&
	      v[1] == 0x1234, "mmap_lookup_sees_the_same_bytes");
	v[1] = 99;
	CHECK(!map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, v, 0) && p[1] == 99,
	      "mmap_update_shows_in_mapping");
	errno = 0;
	CHECK(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED && errno == EINVAL,
	      "mmap_private_einval");
	CHECK(map_rw(fd, 2 * pg, 0) == MAP_FAILED && errno == EINVAL, "mmap_two_pages_einval");
	CHECK(mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, pg) == MAP_FAILED && errno == EINVAL,
	      "mmap_offset_past_end_einval");
	CHECK(mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 1UL << 44) == MAP_FAILED,
	      "mmap_huge_offset_fails");
	CHECK(mremap((void *)p, pg, 2 * pg, 0) == MAP_FAILED, "mmap_mremap_grow_fails");
	CHECK(mprotect((void *)p, pg, PROT_READ | PROT_EXEC) && errno == EACCES,
	      "mmap_mprotect_exec_eacces");
	CHECK(freeze(fd) == -EBUSY, "mmap_freeze_with_writable_mapping_ebusy");

	/* A forked child shares the pages, and its copy blocks the freeze. */
	if (pipe(pipefd))
		return;
	pid = fork();
	if (!pid) {
		close(pipefd[1]);
		p[1] = 77;
		if (read(pipefd[0], &c, 1) != 1)
			_exit(1);
		p[1] = 78;
		_exit(0);
	}
	close(pipefd[0]);
	while (p[1] != 77)
		usleep(1000);
	CHECK(!run_prog(prog, 1, &ret) && ret == 77, "mmap_fork_child_write_seen");
	munmap((void *)p, pg);
	CHECK(freeze(fd) == -EBUSY, "mmap_freeze_with_childs_mapping_ebusy");
	p = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	if (write(pipefd[1], "x", 1) != 1)
		printf("# pipe write failed\n");
	close(pipefd[1]);
	waitpid(pid, NULL, 0);
	CHECK(p != MAP_FAILED && p[1] == 78, "mmap_read_only_mapping_sees_child");
	/* The mapping outlives the descriptor; the program still has the map. */
	close(fd);
	CHECK(!run_prog(prog, 1, &ret) && ret == 78 && p[0] == 1003,
	      "mmap_mapping_after_fd_closed");
	CHECK(write_faults(p), "mmap_read_only_mapping_write_segv");
	if (p != MAP_FAILED)
		munmap((void *)p, pg);
	close(prog);
}

/* Splits, moves and unmaps of writable mappings: each piece counts. */
static void test_mmap_split(void)
{
	int fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 2 * pg / 8, KBPF_F_MMAPABLE);
	u64 *p, *q, v;
	u32 k = pg / 8;
	/* Somewhere free to move a page to. */
	void *hole = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p = map_rw(fd, 2 * pg, 0);
	CHECK(fd >= 0 && p != MAP_FAILED && hole != MAP_FAILED, "mmap_two_pages");
	if (p == MAP_FAILED || hole == MAP_FAILED)
		return;
	munmap(p, pg);
	CHECK(freeze(fd) == -EBUSY, "mmap_split_half_still_blocks_freeze");
	q = mremap(p + pg / 8, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, hole);
	CHECK(q != MAP_FAILED && freeze(fd) == -EBUSY, "mmap_moved_still_blocks_freeze");
	if (q == MAP_FAILED)
		q = p + pg / 8;
	*q = 4242;
	CHECK(!map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, &v, 0) && v == 4242,
	      "mmap_second_page_is_entry_512");
	/* Read-only again, but it may still become writable: still a writer. */
	CHECK(!mprotect(q, pg, PROT_READ) && freeze(fd) == -EBUSY,
	      "mmap_mprotect_read_still_blocks_freeze");
	munmap(q, pg);
	CHECK(freeze(fd) == 0, "mmap_freeze_after_last_unmap");
	close(fd);
}

static void test_mmap_frozen(void)
{
	int fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, KBPF_F_MMAPABLE);
	u64 *p, v = 1;
	u32 k = 0;

	CHECK(fd >= 0 && freeze(fd) == 0, "mmap_frozen_setup");
	errno = 0;
	CHECK(map_rw(fd, pg, 0) == MAP_FAILED && errno == EPERM, "mmap_frozen_rw_eperm");
	p = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap_frozen_read_only");
	if (p != MAP_FAILED) {
		CHECK(mprotect(p, pg, PROT_READ | PROT_WRITE) && errno == EACCES,
		      "mmap_frozen_mprotect_write_eacces");
		CHECK(write_faults(p), "mmap_frozen_write_segv");
		munmap(p, pg);
	}
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0) == -EPERM,
	      "mmap_frozen_update_eperm");
	close(fd);

	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, KBPF_F_MMAPABLE | KBPF_F_RDONLY_PROG);
	CHECK(fd >= 0 && map_rw(fd, pg, 0) == MAP_FAILED && errno == EACCES,
	      "mmap_rdonly_prog_rw_eacces");
	p = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED && freeze(fd) == 0, "mmap_rdonly_prog_read_then_freeze");
	if (p != MAP_FAILED)
		munmap(p, pg);
	close(fd);
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, KBPF_F_MMAPABLE | KBPF_F_RDONLY);
	CHECK(fd >= 0 && map_rw(fd, pg, 0) == MAP_FAILED && errno == EACCES,
	      "mmap_rdonly_rw_eacces");
	close(fd);
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, KBPF_F_MMAPABLE | KBPF_F_WRONLY);
	CHECK(fd >= 0 && mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EACCES, "mmap_wronly_eacces");
	close(fd);
	/* Only the mapping holds the map: its last unmap frees it. */
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, KBPF_F_MMAPABLE);
	p = map_rw(fd, pg, 0);
	close(fd);
	CHECK(p != MAP_FAILED, "mmap_only_mapping_left");
	if (p != MAP_FAILED) {
		*p = 5;
		munmap(p, pg);
	}
}

/* Several processes on one hash: every op checked, totals at the end. */
#define PROCS	4
#define ROUNDS	8000

static void test_concurrent(void)
{
	int fd = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 1024, 0), p, status, bad = 0;
	u32 k, next, n = 0;
	u64 v;

	for (p = 0; p < PROCS; p++) {
		if (fork())
			continue;
		for (k = 0; k < ROUNDS; k++) {
			u32 key = (k % 256) * PROCS + p;
			long r;

			v = key;
			r = map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &key, &v, 0);
			if (r)
				_exit(100 - r);
			key = (key * 7 + 3) % (256 * PROCS);
			r = map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &key, &v, 0);
			if ((r && r != -ENOENT) || (!r && v != key))
				_exit(2);
			if (k % 3 == 0) {
				key = (k % 256) * PROCS + p;
				r = map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &key, NULL, 0);
				if (r)
					_exit(3);
			}
		}
		_exit(0);
	}
	for (p = 0; p < PROCS; p++) {
		wait(&status);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("# concurrent: child status 0x%x\n", status);
			bad = 1;
		}
	}
	CHECK(!bad, "concurrent_processes_consistent");
	while (!map_elem(KBPF_IOC_MAP_GET_NEXT_KEY, fd, n ? &k : NULL, &next, 0)) {
		k = next;
		n++;
	}
	/* Keys whose last round (k = ROUNDS - 256 .. ROUNDS - 1) was not a delete. */
	for (k = ROUNDS - 256, v = 0; k < ROUNDS; k++)
		v += k % 3 != 0;
	CHECK(n == v * PROCS, "concurrent_final_count_exact");
	close(fd);
}

/* LRU hash maps through the ioctls: eviction, programs, processes. */
#define LD_MAPIDX(d, i) \
	{ KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_IDX, 0, i }, { 0, 0, 0, 0, 0 }

static u32 count_keys(int fd)
{
	u32 k, next, n = 0;

	while (n < 1000000 &&
	       !map_elem(KBPF_IOC_MAP_GET_NEXT_KEY, fd, n ? &k : NULL, &next, 0)) {
		k = next;
		n++;
	}
	return n;
}

static int has_key(int fd, u32 k)
{
	u64 v[512];

	return !map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &k, v, 0);
}

/* A socket filter using fd_array maps @m0 and @m1; log printed on failure. */
static long load_with(const struct kbpf_insn *insns, u32 n, int m0, int m1,
		      char *log, u32 log_size)
{
	int fds[2] = { m0, m1 };
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = 1, .insns = (uintptr_t)insns,
		.insn_cnt = n, .license = (uintptr_t)"GPL", .fd_array = (uintptr_t)fds,
		.fd_array_cnt = 2, .log_level = 1, .log_buf = (uintptr_t)log,
		.log_size = log_size,
	};
	long ret = call(KBPF_IOC_PROG_LOAD, &a);

	if (ret < 0 && log[0])
		printf("# %s\n", log);
	return ret;
}

static long run_prog(long fd, u32 repeat, u64 *retval)
{
	struct kbpf_prog_test_run r = { .size = sizeof(r), .prog_fd = fd, .repeat = repeat };
	long ret = call(KBPF_IOC_PROG_TEST_RUN, &r);

	*retval = r.retval;
	return ret;
}

/* ctl[1] names a key; the program looks it up (marking it used). */
static const struct kbpf_insn lru_touch[] = {
	ST(W, 10, -4, 1), LD_MAPIDX(1, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
	CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 10), LDX(DW, 1, 0, 0), STX(W, 10, 1, -8),
	LD_MAPIDX(1, 1), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), CALL_HELPER(1),
	JMP_IMM(JEQ, 0, 0, 2), MOV64_IMM(0, 1), EXIT(), MOV64_IMM(0, 0), EXIT(),
};

/* ctl[0]++, then map_update_elem(lru, ctl[0] as u32, ctl[0], NOEXIST). */
static const struct kbpf_insn lru_insert[] = {
	ST(W, 10, -4, 0), LD_MAPIDX(1, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
	CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 14), LDX(DW, 6, 0, 0), ALU64_IMM(ADD, 6, 1),
	STX(DW, 0, 6, 0), STX(W, 10, 6, -8), STX(DW, 10, 6, -16), LD_MAPIDX(1, 1),
	MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -16),
	MOV64_IMM(4, KBPF_NOEXIST), CALL_HELPER(2), EXIT(), MOV64_IMM(0, -1), EXIT(),
};

/* *map_lookup_percpu_elem(m1, key 1, ctl[2]), or -1 for NULL. */
static const struct kbpf_insn lru_percpu_read[] = {
	ST(W, 10, -4, 2), LD_MAPIDX(1, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
	CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 10), LDX(DW, 3, 0, 0), ST(W, 10, -8, 1),
	LD_MAPIDX(1, 1), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8), CALL_HELPER(195),
	JMP_IMM(JEQ, 0, 0, 2), LDX(DW, 0, 0, 0), EXIT(), MOV64_IMM(0, -1), EXIT(),
};

#define N_INSNS(a)	(sizeof(a) / sizeof((a)[0]))

static void test_lru_create(void)
{
	CHECK(map_create(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 16, KBPF_F_NO_PREALLOC) == -EOPNOTSUPP &&
	      map_create(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 8, 16, KBPF_F_NO_PREALLOC) ==
	      -EOPNOTSUPP, "lru_no_prealloc_eopnotsupp");
	CHECK(map_create(KBPF_MAP_TYPE_HASH, 4, 8, 16, KBPF_F_NO_COMMON_LRU) == -EINVAL,
	      "lru_flag_on_hash_einval");
	CHECK(map_create(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 0xffffffff, 0) == -E2BIG,
	      "lru_huge_e2big");
}

/* User space only: no lookup marks a key, so eviction is in insert order. */
static void test_lru_user(void)
{
	int fd = map_create(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 64, 0);
	u32 k, keys[100], present = 0, over = 0;
	u64 v, vals[100];
	struct kbpf_map_batch b = { .size = sizeof(b) };
	long err = 0;

	for (k = 0; k < 200; k++) {
		v = k;
		err |= map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, KBPF_NOEXIST);
		over += k % 16 == 0 && count_keys(fd) > 64;
	}
	for (k = 136; k < 200; k++)
		present += has_key(fd, k);
	CHECK(!err && !over && count_keys(fd) == 64 && present == 64,
	      "lru_user_200_inserts_keep_newest_64");
	k = 199;
	v = 5;
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, KBPF_NOEXIST) == -EEXIST &&
	      map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &(u32){ 5 }, &v, KBPF_EXIST) == -ENOENT &&
	      count_keys(fd) == 64 && has_key(fd, 136), "lru_full_noexist_exist_evict_nothing");
	CHECK(!map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &k, NULL, 0) && count_keys(fd) == 63 &&
	      !map_elem(KBPF_IOC_MAP_LOOKUP_AND_DELETE_ELEM, fd, &(u32){ 198 }, &v, 0) &&
	      v == 198 && count_keys(fd) == 62, "lru_delete_lookup_and_delete");
	for (k = 0; k < 100; k++) {
		keys[k] = 1000 + k;
		vals[k] = k;
	}
	b.map_fd = fd;
	b.keys = (uintptr_t)keys;
	b.values = (uintptr_t)vals;
	b.count = 100;
	CHECK(call(KBPF_IOC_MAP_UPDATE_BATCH, &b) == 0 && b.count == 100 &&
	      count_keys(fd) == 64 && has_key(fd, 1099) && has_key(fd, 1036) &&
	      !has_key(fd, 1035), "lru_update_batch_evicts_oldest");
	close(fd);
}

/*
 * Programs: lookups mark keys used, inserts evict the unmarked first; a
 * program inserting 3 * max_entries keys never overfills the map.
 */
static void test_lru_progs(void)
{
	int ctl = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	int fd = map_create(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 64, 0);
	u32 k, kept = 0, gone = 0, young = 0, over = 0, bad = 0;
	u64 v, ret;
	char log[512] = "";
	long touch = load_with(lru_touch, N_INSNS(lru_touch), ctl, fd, log, sizeof(log));
	long ins = load_with(lru_insert, N_INSNS(lru_insert), ctl, fd, log, sizeof(log));

	CHECK(touch >= 0 && ins >= 0, "lru_progs_load");
	if (touch < 0 || ins < 0)
		goto out;
	for (k = 0; k < 64; k++) {
		v = k;
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0);
	}
	for (k = 0; k < 64; k += 2) {
		v = k;
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, ctl, &(u32){ 1 }, &v, 0);
		bad += run_prog(touch, 1, &ret) || ret != 1;
	}
	/* 32 inserts from user space evict exactly the 32 keys never looked up. */
	for (k = 500; k < 532; k++) {
		v = k;
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, &v, 0);
	}
	for (k = 0; k < 64; k++) {
		if (k % 2)
			gone += !has_key(fd, k);
		else
			kept += has_key(fd, k);
	}
	CHECK(!bad && kept == 32 && gone == 32 && count_keys(fd) == 64,
	      "lru_prog_lookups_protect_keys (kept %u, evicted %u)", kept, gone);
	/* The inserting program: keys 1000001, 1000002, ... */
	v = 1000000;
	map_elem(KBPF_IOC_MAP_UPDATE_ELEM, ctl, &(u32){ 0 }, &v, 0);
	for (k = 0; k < 192; k++) {
		bad += run_prog(ins, 1, &ret) || ret;
		over += k % 16 == 0 && count_keys(fd) > 64;
	}
	for (k = 1000192 - 63; k <= 1000192; k++)
		young += has_key(fd, k);
	CHECK(!bad && !over && count_keys(fd) == 64 && young == 64,
	      "lru_prog_inserts_192_keep_newest_64 (bad %u, newest %u)", bad, young);
	v = 0;
	CHECK(!map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &(u32){ 1000192 }, &v, 0) &&
	      v == 1000192, "lru_prog_inserted_value");
	/*
	 * repeat: 200 inserts inside one read section take spares; those
	 * the loop above evicted are back once their grace periods ended.
	 */
	sleep(1);
	CHECK(!run_prog(ins, 200, &ret) && !ret && count_keys(fd) == 64 &&
	      has_key(fd, 1000392), "lru_prog_repeat_200");
out:
	if (touch >= 0)
		close(touch);
	if (ins >= 0)
		close(ins);
	close(fd);
	close(ctl);
}

static void test_lru_percpu(void)
{
	long ncpu = possible_cpus(), i, good = 0, prog;
	int ctl = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	int fd = map_create(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 8, 8, KBPF_F_NO_COMMON_LRU);
	int hash = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 8, 0);
	u64 *vals = calloc(ncpu, 8), v, ret;
	struct kbpf_obj_get_info info = { .size = sizeof(info) };
	struct kbpf_map_info mi;
	char log[512] = "";
	u32 k = 1;

	CHECK(fd >= 0, "lru_percpu_create_no_common_lru");
	for (i = 0; i < ncpu; i++)
		vals[i] = 100 + i;
	CHECK(!map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, vals, 0), "lru_percpu_update_all_cpus");
	prog = load_with(lru_percpu_read, N_INSNS(lru_percpu_read), ctl, fd, log, sizeof(log));
	CHECK(prog >= 0, "lru_percpu_lookup_percpu_elem_loads");
	for (i = 0; prog >= 0 && i <= ncpu; i++) {
		v = i;
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, ctl, &(u32){ 2 }, &v, 0);
		if (!run_prog(prog, 1, &ret))
			good += i < ncpu ? ret == (u64)(100 + i) : ret == (u64)-1;
	}
	CHECK(good == ncpu + 1, "lru_percpu_lookup_percpu_elem_every_cpu_and_null_past");
	if (prog >= 0)
		close(prog);
	log[0] = 0;
	prog = load_with(lru_percpu_read, N_INSNS(lru_percpu_read), ctl, hash, log,
			 sizeof(log));
	CHECK(prog == -EINVAL && strstr(log, "it needs a per-CPU map"),
	      "lookup_percpu_elem_on_hash_refused");
	if (prog >= 0)
		close(prog);
	/* One list per CPU: max_entries rounded up to a multiple of the CPUs. */
	info.fd = fd;
	info.info = (uintptr_t)&mi;
	info.info_len = sizeof(mi);
	memset(&mi, 0, sizeof(mi));
	CHECK(!call(KBPF_IOC_OBJ_GET_INFO, &info) && mi.type == KBPF_MAP_TYPE_LRU_PERCPU_HASH &&
	      mi.max_entries % ncpu == 0 && mi.max_entries >= 8 && mi.max_entries < 8 + ncpu,
	      "lru_percpu_max_entries_rounded (%u)", mi.max_entries);
	for (k = 10; k < 100; k++)
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, vals, 0);
	CHECK(count_keys(fd) <= mi.max_entries && has_key(fd, 99),
	      "lru_percpu_never_over_max_entries");
	close(hash);
	close(fd);
	close(ctl);
	free(vals);
}

/*
 * Processes on every CPU inserting from programs and from user space,
 * looking up and deleting, on one LRU map: every value read matches its
 * key, and afterwards it holds at most max_entries. (A key walk while
 * others delete restarts from the first bucket, as Linux's does, so
 * counting is only exact once the processes are done.)
 */
static void test_lru_concurrent(u32 type, u32 flags)
{
	int fd = map_create(type, 4, 8, 128, flags), p, status, bad = 0;
	long ncpu = possible_cpus();

	for (p = 0; p < PROCS; p++) {
		if (fork())
			continue;
		{
			int ctl = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
			char log[256] = "";
			long ins = load_with(lru_insert, N_INSNS(lru_insert), ctl, fd, log,
					     sizeof(log));
			u64 v = (u64)(p + 1) << 24, ret, *vals = calloc(ncpu, 8);
			u32 r, key, c;
			long e;

			if (ins < 0 || !vals)
				_exit(9);
			map_elem(KBPF_IOC_MAP_UPDATE_ELEM, ctl, &(u32){ 0 }, &v, 0);
			for (r = 0; r < ROUNDS / 32; r++) {
				e = run_prog(ins, 4, &ret);
				/* ENOMEM: every spare waited for a grace period. */
				if (e || (ret && ret != (u64)-ENOMEM))
					_exit(10);
				key = ((p + 1) << 24) + 1000000 + r;
				for (c = 0; c < ncpu; c++)
					vals[c] = key;
				e = map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &key, vals, 0);
				if (e)
					_exit(11);
				key = ((p + 1) << 24) + r * 4;
				e = map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &key, vals, 0);
				if ((e && e != -ENOENT) || (!e && (u32)vals[0] != key &&
							   vals[0]))
					_exit(12);
				if (r % 3 == 0) {
					e = map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &key, NULL, 0);
					if (e && e != -ENOENT)
						_exit(13);
				}
			}
			_exit(0);
		}
	}
	for (p = 0; p < PROCS; p++) {
		wait(&status);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("# lru concurrent: child status 0x%x\n", status);
			bad = 1;
		}
	}
	CHECK(!bad && count_keys(fd) <= 128 && count_keys(fd) > 0,
	      "lru_concurrent_%s%s", type == KBPF_MAP_TYPE_LRU_HASH ? "hash" : "percpu",
	      flags ? "_no_common_lru" : "");
	close(fd);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * The million-entry benchmark, kbpf against the guest kernel's own BPF
 * (bpf(2)) under the same emulation: for each map type, fill with
 * UPDATE_BATCH, dump with LOOKUP_BATCH, empty with DELETE_BATCH (hash
 * types), batches of 65,536, 4-byte keys, 8-byte values. Rounds
 * alternate the two sides; the best round is printed, in ms.
 */
enum { BENCH_N = 1000000, BENCH_B = 65536, BENCH_ROUNDS = 3 };

struct bench_side {
	bool linux_bpf;
	int fd;
};

static long bench_create(struct bench_side *s, u32 type)
{
	union bpf_attr a;

	if (!s->linux_bpf)
		return s->fd = map_create(type, 4, 8, BENCH_N, 0);
	memset(&a, 0, sizeof(a));
	a.map_type = type;	/* kbpf's numbers are Linux's */
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = BENCH_N;
	s->fd = syscall(__NR_bpf, BPF_MAP_CREATE, &a, sizeof(a));
	return s->fd < 0 ? -errno : s->fd;
}

/* One batch command; *count in and out; the token is 4 bytes (a u32). */
static long bench_batch(struct bench_side *s, int kcmd, int lcmd, void *in,
			void *out, void *keys, void *vals, u32 *count)
{
	struct kbpf_map_batch b = {
		.size = sizeof(b), .map_fd = s->fd, .in_batch = (uintptr_t)in,
		.out_batch = (uintptr_t)out, .keys = (uintptr_t)keys,
		.values = (uintptr_t)vals, .count = *count,
	};
	union bpf_attr a;
	long ret;

	if (!s->linux_bpf) {
		ret = call(kcmd, &b);
		*count = b.count;
		return ret;
	}
	memset(&a, 0, sizeof(a));
	a.batch.map_fd = s->fd;
	a.batch.in_batch = (uintptr_t)in;
	a.batch.out_batch = (uintptr_t)out;
	a.batch.keys = (uintptr_t)keys;
	a.batch.values = (uintptr_t)vals;
	a.batch.count = *count;
	ret = syscall(__NR_bpf, lcmd, &a, sizeof(a));
	*count = a.batch.count;
	return ret < 0 ? -errno : 0;
}

/* ms for update, dump and delete (0 if not run); false if any failed. */
static bool bench_one(struct bench_side *s, u32 type, u32 vsize, double ms[3])
{
	u32 *keys = malloc((size_t)BENCH_B * 4), token, i, j, n;
	u64 *vals = malloc((size_t)BENCH_B * vsize), sum = 0, total = 0;
	bool hash = type != KBPF_MAP_TYPE_ARRAY, ok;
	u32 stride = vsize / 8;
	double t0, t1, t2, t3;
	long ret = 0;

	ms[0] = ms[1] = ms[2] = 0;
	if (!keys || !vals || bench_create(s, type) < 0) {
		free(keys);
		free(vals);
		return false;
	}
	t0 = now_ns();
	for (i = 0; i < BENCH_N && !ret; i += BENCH_B) {
		for (j = 0; j < BENCH_B && i + j < BENCH_N; j++) {
			keys[j] = i + j;
			for (n = 0; n < stride; n++)
				vals[(size_t)j * stride + n] = i + j + n;
		}
		n = j;
		ret = bench_batch(s, KBPF_IOC_MAP_UPDATE_BATCH, BPF_MAP_UPDATE_BATCH,
				  NULL, NULL, keys, vals, &n);
	}
	t1 = now_ns();
	ok = !ret;
	ret = 0;
	for (i = 0; !ret; i++) {
		n = BENCH_B;
		ret = bench_batch(s, KBPF_IOC_MAP_LOOKUP_BATCH, BPF_MAP_LOOKUP_BATCH,
				  i ? &token : NULL, &token, keys, vals, &n);
		for (j = 0; j < n; j++)
			sum += vals[(size_t)j * stride + stride - 1] ==
			       keys[j] + stride - 1;
		total += n;
		if (ret && ret != -ENOENT)
			break;
	}
	t2 = now_ns();
	ok = ok && ret == -ENOENT && total == BENCH_N && sum == BENCH_N;
	if (total != BENCH_N)
		printf("# bench: %s type %u dumped %llu elements\n",
		       s->linux_bpf ? "linux" : "kbpf", type,
		       (unsigned long long)total);
	t3 = t2;
	if (hash) {
		/* Keys an LRU evicted stop a batch (ENOENT): skip them. */
		ret = 0;
		for (i = 0; i < BENCH_N && (!ret || ret == -ENOENT); i += n) {
			for (j = 0; j < BENCH_B && i + j < BENCH_N; j++)
				keys[j] = i + j;
			n = j;
			ret = bench_batch(s, KBPF_IOC_MAP_DELETE_BATCH,
					  BPF_MAP_DELETE_BATCH, NULL, NULL, keys,
					  NULL, &n);
			n += ret == -ENOENT;
			ok = ok && !ret;
		}
		t3 = now_ns();
	}
	ms[0] = (t1 - t0) / 1e6;
	ms[1] = (t2 - t1) / 1e6;
	ms[2] = (t3 - t2) / 1e6;
	close(s->fd);
	free(keys);
	free(vals);
	return ok;
}

static void bench_million(void)
{
	static const struct { u32 type; const char *name; } types[] = {
		{ KBPF_MAP_TYPE_HASH, "hash" },
		{ KBPF_MAP_TYPE_PERCPU_HASH, "percpu_hash" },
		{ KBPF_MAP_TYPE_LRU_HASH, "lru_hash" },
		{ KBPF_MAP_TYPE_ARRAY, "array" },
	};
	double best[2][3], ms[3];
	u32 t, r, side, k;
	bool ok[2];

	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		u32 vsize = types[t].type == KBPF_MAP_TYPE_PERCPU_HASH ?
			    8 * possible_cpus() : 8;

		ok[0] = ok[1] = true;
		for (side = 0; side < 2; side++)
			for (k = 0; k < 3; k++)
				best[side][k] = 1e30;
		for (r = 0; r < BENCH_ROUNDS; r++) {
			for (side = 0; side < 2; side++) {
				/* Alternate who goes first. */
				struct bench_side s = { .linux_bpf = side ^ (r & 1) };
				u32 at = s.linux_bpf;

				ok[at] &= bench_one(&s, types[t].type, vsize, ms);
				for (k = 0; k < 3; k++)
					if (ms[k] < best[at][k])
						best[at][k] = ms[k];
			}
		}
		CHECK(ok[0], "million_%s_update_dump_delete", types[t].name);
		printf("# bench: %s 1M (ms, best of %d): kbpf update %.0f dump %.0f "
		       "delete %.0f | linux update %.0f dump %.0f delete %.0f%s\n",
		       types[t].name, BENCH_ROUNDS, best[0][0], best[0][1],
		       best[0][2], best[1][0], best[1][1], best[1][2],
		       ok[1] ? "" : " (linux run failed)");
	}
}

int main(int argc, char **argv)
{
	dev = open("/dev/kbpf", O_RDWR);
	CHECK(dev >= 0, "open_device");
	if (dev < 0)
		return 1;
	test_create();
	test_elems();
	test_percpu();
	test_batch();
	test_batch_walk();
	test_batch_deleted_token();
	test_batch_partial_fault();
	test_batch_concurrent();
	test_prog_maps();
	pg = sysconf(_SC_PAGESIZE);
	test_mmap_create();
	test_mmap_shared();
	test_mmap_split();
	test_mmap_frozen();
	test_concurrent();
	test_lru_create();
	test_lru_user();
	test_lru_progs();
	test_lru_percpu();
	test_lru_concurrent(KBPF_MAP_TYPE_LRU_HASH, 0);
	test_lru_concurrent(KBPF_MAP_TYPE_LRU_HASH, KBPF_F_NO_COMMON_LRU);
	test_lru_concurrent(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 0);
	if (argc > 1 && !strcmp(argv[1], "bench")) {
		bench_million();
	}
	close(dev);
	return failed;
}
