// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for maps and helpers in the debug guest (KASAN, lockdep):
 * the map code the module runs, with program-side operations from the
 * contexts programs run in (RCU, preemption and interrupts off), ring
 * buffers read back through their user-visible area, and prog_arrays with
 * stand-in programs counting their references.
 */
#include <kunit/test.h>
#include <linux/irqflags.h>
#include "../../maps/maps.h"
#include "../../helpers/helpers.h"

static struct kbpf_map *mk(struct kunit *test, u32 type, u32 ks, u32 vs,
			   u32 max, u32 flags)
{
	struct kbpf_map_attr a = {
		.type = type, .key_size = ks, .value_size = vs,
		.max_entries = max, .flags = flags,
	};

	return kbpf_map_create(&a);
}

static long mk_err(struct kunit *test, u32 type, u32 ks, u32 vs, u32 max,
		   u32 flags)
{
	struct kbpf_map *m = mk(test, type, ks, vs, max, flags);

	if (IS_ERR(m))
		return PTR_ERR(m);
	kbpf_map_free(m);
	return 0;
}

static void kbpf_maps_create_checks(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_HASH, 4, 8, 16, 0), 0L);
	KUNIT_EXPECT_EQ(test, mk_err(test, 0, 4, 8, 16, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_HASH, 0, 8, 16, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_HASH, 513, 8, 16, 0), -E2BIG);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_ARRAY, 8, 8, 16, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_ARRAY, 4, 1 << 20, ~0U, 0), -E2BIG);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_HASH, 4, 8, ~0U, 0), -E2BIG);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_ARRAY, 4, 8, 4, KBPF_F_NO_PREALLOC),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_ARRAY, 4, 8, 4, KBPF_F_MMAPABLE), 0L);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 4, KBPF_F_MMAPABLE),
			-EINVAL);
	/* Too big for a 1 GiB guest: fails cleanly, KASAN/kmemleak watch. */
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_ARRAY, 4, 1 << 20, 3072, 0), -ENOMEM);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_ARRAY, 4, 1 << 20, 3072,
				     KBPF_F_MMAPABLE), -ENOMEM);
}

/*
 * A BPF_F_MMAPABLE array: its values are whole vmalloc pages user space
 * can map (VM_USERMAP), programs write them with interrupts off, and a
 * writable mapping blocks the freeze.
 */
static void kbpf_maps_mmapable(struct kunit *test)
{
	u32 n = 2 * PAGE_SIZE / 8 + 1, k = n - 1;
	struct kbpf_map *m = mk(test, KBPF_MAP_TYPE_ARRAY, 4, 8, n, KBPF_F_MMAPABLE);
	u64 v = 0x1234, base_off;
	unsigned long flags;
	u8 *base;
	u32 pg;

	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	KUNIT_ASSERT_EQ(test, kbpf_map_mmap_range(m, 0, 3 * PAGE_SIZE, true, true,
						  (void **)&base, &base_off), 0);
	KUNIT_EXPECT_EQ(test, base_off, 0ULL);
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(base));
	KUNIT_EXPECT_EQ(test, (unsigned long)base & ~PAGE_MASK, 0UL);
	for (pg = 0; pg < 3; pg++)
		KUNIT_EXPECT_NOT_NULL(test, vmalloc_to_page(base + pg * PAGE_SIZE));
	local_irq_save(flags);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, m->ops->update(m, &k, &v, 0), 0L);
	KUNIT_EXPECT_PTR_EQ(test, m->ops->lookup(m, &k), (void *)(base + 2 * PAGE_SIZE));
	rcu_read_unlock();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, *(u64 *)(base + 2 * PAGE_SIZE), 0x1234ULL);
	/* The rest of the last page is padding: zero. */
	KUNIT_EXPECT_EQ(test, *(u64 *)(base + 3 * PAGE_SIZE - 8), 0ULL);
	KUNIT_EXPECT_EQ(test, kbpf_map_freeze(m), -EBUSY);
	kbpf_map_writer_put(m);
	KUNIT_EXPECT_EQ(test, kbpf_map_freeze(m), 0);
	KUNIT_EXPECT_EQ(test, kbpf_map_mmap_range(m, 0, PAGE_SIZE, true, true,
						  (void **)&base, &base_off), -EPERM);
	KUNIT_EXPECT_EQ(test, kbpf_map_mmap_range(m, 3 * PAGE_SIZE, PAGE_SIZE, true, false,
						  (void **)&base, &base_off), -EINVAL);
	kbpf_map_free(m);
}

static void kbpf_maps_array(struct kunit *test)
{
	struct kbpf_map *m = mk(test, KBPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	u64 v = 5, out = 0, addr;
	u32 k = 2, next;
	unsigned long flags;

	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &v, KBPF_ANY), 0);
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &v, KBPF_NOEXIST), -EEXIST);
	KUNIT_EXPECT_EQ(test, kbpf_map_lookup_user(m, &k, &out), 0);
	KUNIT_EXPECT_EQ(test, out, 5ULL);
	/* Program side, interrupts off as in a kprobe. */
	local_irq_save(flags);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, *(u64 *)m->ops->lookup(m, &k), 5ULL);
	k = 4;
	KUNIT_EXPECT_NULL(test, m->ops->lookup(m, &k));
	KUNIT_EXPECT_EQ(test, m->ops->update(m, &k, &v, 0), -E2BIG);
	rcu_read_unlock();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, kbpf_map_get_next_key_user(m, NULL, &next), 0);
	KUNIT_EXPECT_EQ(test, next, 0U);
	k = 3;
	KUNIT_EXPECT_EQ(test, kbpf_map_get_next_key_user(m, &k, &next), -ENOENT);
	KUNIT_EXPECT_EQ(test, m->ops->direct_value_addr(m, 0, &addr), -EOPNOTSUPP);
	kbpf_map_free(m);
}

static void kbpf_maps_hash(struct kunit *test)
{
	static const u32 flag_sets[] = { 0, KBPF_F_NO_PREALLOC };
	u32 f, i, k, next, n;
	u64 v, out;
	unsigned long flags;

	for (f = 0; f < ARRAY_SIZE(flag_sets); f++) {
		struct kbpf_map *m = mk(test, KBPF_MAP_TYPE_HASH, 4, 8, 32, flag_sets[f]);

		KUNIT_ASSERT_FALSE(test, IS_ERR(m));
		for (i = 0; i < 32; i++) {
			k = i * 101;
			v = i;
			KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &v, KBPF_NOEXIST), 0);
		}
		k = 9999;
		KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &v, KBPF_ANY), -E2BIG);
		KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &v, KBPF_EXIST), -ENOENT);
		n = 0;
		for (i = kbpf_map_get_next_key_user(m, NULL, &next); !i;
		     i = kbpf_map_get_next_key_user(m, &k, &next)) {
			k = next;
			n++;
		}
		KUNIT_EXPECT_EQ(test, n, 32U);
		/* Delete from "programs" with interrupts off, reinsert from user. */
		local_irq_save(flags);
		rcu_read_lock();
		for (i = 0; i < 32; i += 2) {
			k = i * 101;
			KUNIT_EXPECT_EQ(test, m->ops->delete(m, &k), 0L);
		}
		rcu_read_unlock();
		local_irq_restore(flags);
		for (i = 0; i < 16; i++) {
			k = 5000 + i;
			KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &v, KBPF_ANY), 0);
		}
		k = 5001;
		KUNIT_EXPECT_EQ(test, kbpf_map_lookup_and_delete_user(m, &k, &out), 0);
		KUNIT_EXPECT_EQ(test, kbpf_map_lookup_user(m, &k, &out), -ENOENT);
		rcu_barrier();
		kbpf_map_free(m);
	}
}

static void kbpf_maps_percpu(struct kunit *test)
{
	struct kbpf_map *m = mk(test, KBPF_MAP_TYPE_PERCPU_HASH, 4, 4, 4, 0);
	u32 vsz, k = 1, v = 7, cpu, hits = 0;
	u8 *buf;

	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	vsz = kbpf_map_user_value_size(m);
	KUNIT_EXPECT_EQ(test, vsz, 8 * num_possible_cpus());
	buf = kunit_kzalloc(test, vsz, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	preempt_disable();
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, m->ops->update(m, &k, &v, KBPF_ANY), 0L);
	rcu_read_unlock();
	preempt_enable();
	KUNIT_EXPECT_EQ(test, kbpf_map_lookup_user(m, &k, buf), 0);
	for (cpu = 0; cpu < num_possible_cpus(); cpu++)
		hits += *(u32 *)(buf + 8 * cpu) == 7;
	KUNIT_EXPECT_EQ(test, hits, 1U);
	rcu_barrier();
	kbpf_map_free(m);
}

/* The formatter and string helpers in the kernel build: nofault reads, %p hashing. */
static void kbpf_maps_format(struct kunit *test)
{
	static const u8 ip[4] = { 192, 168, 1, 2 };
	u64 args[3] = { (uintptr_t)"comm", (uintptr_t)ip, 0x1234 };
	char out[64], raw[32];

	KUNIT_EXPECT_EQ(test, kbpf_helper_snprintf((uintptr_t)out, sizeof(out),
						   (uintptr_t)"%s %pI4 %04x|", (uintptr_t)args,
						   24), 23ULL);
	KUNIT_EXPECT_STREQ(test, out, "comm 192.168.1.2 1234|");
	args[0] = 16;	/* an unreadable string prints empty */
	KUNIT_EXPECT_EQ(test, kbpf_helper_snprintf((uintptr_t)out, sizeof(out),
						   (uintptr_t)"[%s]", (uintptr_t)args, 8), 3ULL);
	args[0] = (uintptr_t)test;
	KUNIT_EXPECT_GT(test, kbpf_format(raw, sizeof(raw), "%px", 4, args, 1), 0);
	KUNIT_EXPECT_GT(test, kbpf_format(out, sizeof(out), "%p", 3, args, 1), 0);
	KUNIT_EXPECT_STRNEQ(test, out, raw);	/* %p never shows the address */
	KUNIT_EXPECT_EQ(test, kbpf_helper_strncmp((uintptr_t)"kbpf", 5, (uintptr_t)"kbpf", 0, 0),
			0ULL);
	KUNIT_EXPECT_EQ(test, kbpf_helper_strncmp((uintptr_t)"kbpa", 5, (uintptr_t)"kbpf", 0, 0),
			(u64)-1);
}

static void kbpf_maps_helpers(struct kunit *test)
{
	struct kbpf_map *m = mk(test, KBPF_MAP_TYPE_HASH, 4, 8, 4, 0);
	u32 k = 3;
	u64 v = 11, *p;
	char buf[8];
	u64 x = 0x55;

	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	KUNIT_EXPECT_NOT_NULL(test, kbpf_helper_proto(KBPF_FUNC_map_lookup_elem,
						      KBPF_PROG_TYPE_SOCKET_FILTER));
	KUNIT_EXPECT_NULL(test, kbpf_helper_proto(KBPF_FUNC_probe_read_kernel,
						  KBPF_PROG_TYPE_SOCKET_FILTER));
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, kbpf_helper_map_update_elem((uintptr_t)m, (uintptr_t)&k,
							  (uintptr_t)&v, 0, 0), 0ULL);
	p = (u64 *)(uintptr_t)kbpf_helper_map_lookup_elem((uintptr_t)m, (uintptr_t)&k,
							  0, 0, 0);
	KUNIT_EXPECT_TRUE(test, p && *p == 11);
	rcu_read_unlock();
	/* Nofault reads: a good address copies, NULL and a user address fail. */
	KUNIT_EXPECT_EQ(test, kbpf_helper_probe_read_kernel((uintptr_t)buf, 8,
							    (uintptr_t)&x, 0, 0), 0ULL);
	KUNIT_EXPECT_EQ(test, kbpf_helper_probe_read_kernel((uintptr_t)buf, 8, 0, 0, 0),
			(u64)-EFAULT);
	KUNIT_EXPECT_EQ(test, kbpf_helper_probe_read_kernel_str((uintptr_t)buf, sizeof(buf),
								(uintptr_t)"kbpf", 0, 0), 5ULL);
	KUNIT_EXPECT_STREQ(test, buf, "kbpf");
	KUNIT_EXPECT_EQ(test, kbpf_helper_trace_printk((uintptr_t)"kunit %d", 9, 7, 0, 0), 7ULL);
	KUNIT_EXPECT_EQ(test, kbpf_helper_get_current_pid_tgid(0, 0, 0, 0, 0) >> 32,
			(u64)current->tgid);
	kbpf_maps_format(test);
	rcu_barrier();
	kbpf_map_free(m);
}

/*
 * LRU: programs (interrupts off, RCU) fill and overfill the map, with
 * lookups marking keys; the unmarked go first, the evicted wait for a
 * grace period (KASAN checks nobody touches them too early).
 */
static void kbpf_maps_lru(struct kunit *test)
{
	static const u32 types[] = { KBPF_MAP_TYPE_LRU_HASH,
				     KBPF_MAP_TYPE_LRU_PERCPU_HASH };
	u32 t, k, kept, gone, n, next;
	unsigned long flags;
	u64 v;
	u8 *buf;

	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_LRU_HASH, 4, 8, 16,
				     KBPF_F_NO_PREALLOC), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, mk_err(test, KBPF_MAP_TYPE_HASH, 4, 8, 16,
				     KBPF_F_NO_COMMON_LRU), -EINVAL);
	buf = kunit_kzalloc(test, 8 * num_possible_cpus(), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (t = 0; t < ARRAY_SIZE(types); t++) {
		struct kbpf_map *m = mk(test, types[t], 4, 8, 32, 0);

		KUNIT_ASSERT_FALSE(test, IS_ERR(m));
		local_irq_save(flags);
		rcu_read_lock();
		for (k = 0; k < 32; k++) {
			v = k;
			KUNIT_EXPECT_EQ(test, m->ops->update(m, &k, &v, KBPF_NOEXIST), 0L);
		}
		for (k = 0; k < 32; k += 2)
			KUNIT_EXPECT_NOT_NULL(test, m->ops->lookup(m, &k));
		for (k = 100; k < 116; k++) {
			v = k;
			KUNIT_EXPECT_EQ(test, m->ops->update(m, &k, &v, KBPF_NOEXIST), 0L);
		}
		if (types[t] == KBPF_MAP_TYPE_LRU_PERCPU_HASH) {
			k = 100;
			KUNIT_EXPECT_NOT_NULL(test, m->ops->lookup_percpu(m, &k, 0));
		}
		rcu_read_unlock();
		local_irq_restore(flags);
		kept = gone = 0;
		for (k = 0; k < 32; k++) {
			if (k % 2)
				gone += kbpf_map_lookup_user(m, &k, buf) == -ENOENT;
			else
				kept += kbpf_map_lookup_user(m, &k, buf) == 0;
		}
		KUNIT_EXPECT_EQ(test, kept, 16U);
		KUNIT_EXPECT_EQ(test, gone, 16U);
		n = 0;
		for (k = 0; !kbpf_map_get_next_key_user(m, n ? &k : NULL, &next); n++)
			k = next;
		KUNIT_EXPECT_EQ(test, n, 32U);
		/* User space keeps inserting: never more than max_entries. */
		for (k = 1000; k < 1200; k++)
			KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, buf, KBPF_ANY), 0);
		k = 1199;
		KUNIT_EXPECT_EQ(test, kbpf_map_lookup_user(m, &k, buf), 0);
		KUNIT_EXPECT_EQ(test, kbpf_map_delete_user(m, &k), 0);
		rcu_barrier();
		kbpf_map_free(m);
	}
}

static void kbpf_helpers_new(struct kunit *test)
{
	struct kbpf_map *m = mk(test, KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2, 0);
	u32 k = 1;
	u64 *p;

	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	rcu_read_lock();
	p = (u64 *)(uintptr_t)kbpf_helper_map_lookup_percpu_elem((uintptr_t)m,
			(uintptr_t)&k, 0, 0, 0);
	KUNIT_EXPECT_NOT_NULL(test, p);
	if (p)
		*p = 5;
	KUNIT_EXPECT_EQ(test, kbpf_helper_map_lookup_percpu_elem((uintptr_t)m,
			(uintptr_t)&k, nr_cpu_ids, 0, 0), 0ULL);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, kbpf_helper_get_current_task(0, 0, 0, 0, 0),
			(u64)(uintptr_t)current);
	KUNIT_EXPECT_EQ(test, kbpf_helper_get_numa_node_id(0, 0, 0, 0, 0),
			(u64)numa_node_id());
	KUNIT_EXPECT_GE(test, kbpf_helper_jiffies64(0, 0, 0, 0, 0), (u64)get_jiffies_64() - 1);
	KUNIT_EXPECT_GT(test, kbpf_helper_ktime_get_coarse_ns(0, 0, 0, 0, 0), 0ULL);
	kbpf_map_free(m);
}

/*
 * The ring buffer's program side with interrupts off, read back through
 * the area user space maps: records in order with their headers, discard
 * marks, full-ring refusal, space back once the consumer moves.
 */
static void kbpf_maps_ringbuf(struct kunit *test)
{
	struct kbpf_map *m = mk(test, KBPF_MAP_TYPE_RINGBUF, 0, 0, 2 * PAGE_SIZE, 0);
	u32 pgoff, len, k = 0, v = 0;
	unsigned long flags, *cons;
	size_t user_len;
	u8 *area, *data, *rec;
	u64 payload = 0x1122334455667788ULL;
	int i, n;

	KUNIT_ASSERT_FALSE(test, IS_ERR(m));
	area = kbpf_ringbuf_area(m, &pgoff, &user_len);
	KUNIT_EXPECT_EQ(test, pgoff, 1U);
	KUNIT_EXPECT_EQ(test, user_len, (size_t)(2 + 4) * PAGE_SIZE);
	cons = (unsigned long *)(area + PAGE_SIZE);
	data = area + 3 * PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, kbpf_map_lookup_user(m, &k, &v), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &v, 0), -EOPNOTSUPP);

	local_irq_save(flags);
	rcu_read_lock();
	rec = kbpf_ringbuf_reserve(m, 12, 0);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	memset(rec, 0xab, 12);
	/* Reserved, not submitted: busy, nothing for the reader yet. */
	memcpy(&len, data, 4);
	KUNIT_EXPECT_TRUE(test, len & KBPF_RINGBUF_BUSY_BIT);
	kbpf_ringbuf_commit(rec, KBPF_RB_NO_WAKEUP, false);
	KUNIT_EXPECT_EQ(test, kbpf_ringbuf_output(m, &payload, 8, 0), 0L);
	rec = kbpf_ringbuf_reserve(m, 8, 0);
	KUNIT_ASSERT_NOT_NULL(test, rec);
	kbpf_ringbuf_commit(rec, 0, true);
	KUNIT_EXPECT_NULL(test, kbpf_ringbuf_reserve(m, 8, 1));	/* flags */
	KUNIT_EXPECT_EQ(test, kbpf_ringbuf_output(m, &payload, 3 * PAGE_SIZE, 0), -EAGAIN);
	rcu_read_unlock();
	local_irq_restore(flags);

	/* 12 bytes: header 8 + 12 rounded to 24; then 16; then 16. */
	memcpy(&len, data, 4);
	KUNIT_EXPECT_EQ(test, len, 12U);
	KUNIT_EXPECT_EQ(test, data[8], 0xab);
	memcpy(&len, data + 24, 4);
	KUNIT_EXPECT_EQ(test, len, 8U);
	KUNIT_EXPECT_EQ(test, memcmp(data + 32, &payload, 8), 0);
	memcpy(&len, data + 40, 4);
	KUNIT_EXPECT_EQ(test, len, 8U | KBPF_RINGBUF_DISCARD_BIT);
	KUNIT_EXPECT_EQ(test, kbpf_ringbuf_query(m, KBPF_RB_PROD_POS), 56ULL);
	KUNIT_EXPECT_EQ(test, kbpf_ringbuf_query(m, KBPF_RB_AVAIL_DATA), 56ULL);
	KUNIT_EXPECT_EQ(test, kbpf_ringbuf_query(m, KBPF_RB_RING_SIZE), 2ULL * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, kbpf_ringbuf_has_data(m));

	/* Fill the rest with 64-byte records (8 + 56) until refused. */
	local_irq_save(flags);
	for (n = 0, i = 0; i < 1000; i++) {
		rec = kbpf_ringbuf_reserve(m, 56, 0);
		if (!rec)
			break;
		kbpf_ringbuf_commit(rec, KBPF_RB_NO_WAKEUP, false);
		n++;
	}
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, n, (int)((2 * PAGE_SIZE - 56) / 64));
	/* The consumer reads everything: the ring takes records again. */
	WRITE_ONCE(*cons, kbpf_ringbuf_query(m, KBPF_RB_PROD_POS));
	KUNIT_EXPECT_FALSE(test, kbpf_ringbuf_has_data(m));
	KUNIT_EXPECT_EQ(test, kbpf_ringbuf_output(m, &payload, 8, 0), 0L);
	kbpf_map_free(m);
}

/* prog_array with stand-in programs: references kept exactly. */
struct fake_progs {
	struct kbpf_prog prog[3];
	int refs[3];
};

static struct fake_progs *fakes;

static struct kbpf_prog *fake_get(u32 fd, int *err)
{
	if (fd >= 3) {
		*err = -EBADF;
		return NULL;
	}
	fakes->refs[fd]++;
	return &fakes->prog[fd];
}

static void fake_put(struct kbpf_prog *prog)
{
	fakes->refs[prog - fakes->prog]--;
}

static u32 fake_id(const struct kbpf_prog *prog)
{
	return 100 + (prog - fakes->prog);
}

static const struct kbpf_prog_ref_ops fake_ref = {
	.get = fake_get, .put = fake_put, .id = fake_id,
};

static void kbpf_maps_prog_array(struct kunit *test)
{
	struct kbpf_map_attr a = {
		.type = KBPF_MAP_TYPE_PROG_ARRAY, .key_size = 4, .value_size = 4,
		.max_entries = 4, .prog_ref = &fake_ref,
	};
	struct kbpf_map *m;
	unsigned long flags;
	u32 k = 0, fd = 0, id = 0;

	fakes = kunit_kzalloc(test, sizeof(*fakes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fakes);
	fakes->prog[0].type = KBPF_PROG_TYPE_KPROBE;
	fakes->prog[1].type = KBPF_PROG_TYPE_KPROBE;
	fakes->prog[2].type = KBPF_PROG_TYPE_SOCKET_FILTER;
	a.prog_ref = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(kbpf_map_create(&a)), -EOPNOTSUPP);
	a.prog_ref = &fake_ref;
	m = kbpf_map_create(&a);
	KUNIT_ASSERT_FALSE(test, IS_ERR(m));

	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &fd, KBPF_ANY), 0);
	KUNIT_EXPECT_EQ(test, kbpf_prog_array_owner(m), (u32)KBPF_PROG_TYPE_KPROBE);
	KUNIT_EXPECT_EQ(test, kbpf_map_lookup_user(m, &k, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 100U);
	/* Another type: refused, its reference given back. */
	fd = 2;
	k = 1;
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &fd, KBPF_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, fakes->refs[2], 0);
	fd = 3;
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &fd, KBPF_ANY), -EBADF);
	fd = 1;
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &fd, KBPF_NOEXIST), -EINVAL);
	k = 4;
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &fd, KBPF_ANY), -E2BIG);
	/* Replacing slot 0 drops the old program's reference. */
	k = 0;
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &fd, KBPF_ANY), 0);
	KUNIT_EXPECT_EQ(test, fakes->refs[0], 0);
	KUNIT_EXPECT_EQ(test, fakes->refs[1], 1);
	/* The engines' view, as in a tail call: interrupts off, RCU. */
	local_irq_save(flags);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, kbpf_prog_array_slot(m, 0),
			    (const struct kbpf_prog *)&fakes->prog[1]);
	KUNIT_EXPECT_NULL(test, kbpf_prog_array_slot(m, 3));
	KUNIT_EXPECT_NULL(test, m->ops->lookup(m, &k));
	KUNIT_EXPECT_EQ(test, m->ops->update(m, &k, &fd, 0), -EOPNOTSUPP);
	rcu_read_unlock();
	local_irq_restore(flags);
	/* A native program where interpreted ones are: engine mismatch. */
	fakes->prog[0].jited = (void *)1;
	fd = 0;
	k = 2;
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &fd, KBPF_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, fakes->refs[0], 0);
	fakes->prog[0].jited = NULL;
	KUNIT_EXPECT_EQ(test, kbpf_map_update_user(m, &k, &fd, KBPF_ANY), 0);
	k = 0;
	KUNIT_EXPECT_EQ(test, kbpf_map_delete_user(m, &k), 0);
	KUNIT_EXPECT_EQ(test, kbpf_map_delete_user(m, &k), -ENOENT);
	KUNIT_EXPECT_EQ(test, fakes->refs[1], 0);
	/* Freeing the map gives back what its slots still hold. */
	KUNIT_EXPECT_EQ(test, fakes->refs[0], 1);
	kbpf_map_free(m);
	KUNIT_EXPECT_EQ(test, fakes->refs[0], 0);
}

static struct kunit_case kbpf_maps_cases[] = {
	KUNIT_CASE(kbpf_maps_create_checks),
	KUNIT_CASE(kbpf_maps_array),
	KUNIT_CASE(kbpf_maps_mmapable),
	KUNIT_CASE(kbpf_maps_hash),
	KUNIT_CASE(kbpf_maps_percpu),
	KUNIT_CASE(kbpf_maps_helpers),
	KUNIT_CASE(kbpf_maps_lru),
	KUNIT_CASE(kbpf_helpers_new),
	KUNIT_CASE(kbpf_maps_ringbuf),
	KUNIT_CASE(kbpf_maps_prog_array),
	{}
};

static struct kunit_suite kbpf_maps_suite = {
	.name = "kbpf_maps",
	.test_cases = kbpf_maps_cases,
};

kunit_test_suites(&kbpf_maps_suite);
