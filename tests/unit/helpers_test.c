// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests for helpers: prototypes and program-type allowance,
 * the call table, map helpers on real maps, nofault reads of bad
 * addresses, and trace_printk's formatter.
 */
#include <sys/mman.h>
#include <time.h>
#include "../../helpers/helpers.h"
#include "../../maps/maps.h"
#include "unit.h"

#define U(p)	((u64)(uintptr_t)(p))

static void test_protos(void)
{
	const struct kbpf_helper_proto *p;
	const kbpf_helper_fn *tab;
	u32 nr, id, n = 0;

	p = kbpf_helper_proto(KBPF_FUNC_map_lookup_elem, KBPF_PROG_TYPE_SOCKET_FILTER);
	UNIT_CHECK(p && p->ret == KBPF_RET_MAP_VALUE_OR_NULL &&
		   p->args[0] == KBPF_ARG_CONST_MAP_PTR &&
		   p->args[1] == KBPF_ARG_PTR_TO_MAP_KEY && !p->args[2] && !p->gpl_only,
		   "proto: map_lookup_elem");
	p = kbpf_helper_proto(KBPF_FUNC_map_update_elem, KBPF_PROG_TYPE_KPROBE);
	UNIT_CHECK(p && p->args[2] == KBPF_ARG_PTR_TO_MAP_VALUE &&
		   p->args[3] == KBPF_ARG_ANYTHING, "proto: map_update_elem");
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_probe_read_kernel, KBPF_PROG_TYPE_SOCKET_FILTER),
		   "proto: probe_read_kernel not for socket filters");
	p = kbpf_helper_proto(KBPF_FUNC_probe_read_kernel, KBPF_PROG_TYPE_TRACEPOINT);
	UNIT_CHECK(p && p->gpl_only && p->args[0] == KBPF_ARG_PTR_TO_UNINIT_MEM &&
		   p->args[1] == KBPF_ARG_CONST_SIZE_OR_ZERO, "proto: probe_read_kernel tracing, GPL");
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_get_current_pid_tgid,
				      KBPF_PROG_TYPE_SOCKET_FILTER),
		   "proto: get_current_pid_tgid not for socket filters");
	p = kbpf_helper_proto(KBPF_FUNC_trace_printk, KBPF_PROG_TYPE_RAW_TRACEPOINT);
	UNIT_CHECK(p && p->gpl_only && !strcmp(p->name, "trace_printk"), "proto: trace_printk GPL");
	UNIT_CHECK(!kbpf_helper_proto(4, KBPF_PROG_TYPE_KPROBE), "proto: id 4 unknown");
	UNIT_CHECK(!kbpf_helper_proto(100000, KBPF_PROG_TYPE_KPROBE), "proto: huge id");
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_ktime_get_ns, 99), "proto: huge prog type");
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_ktime_get_ns, KBPF_PROG_TYPE_UNSPEC),
		   "proto: unspec type");
	tab = kbpf_helper_table(&nr);
	for (id = 0; id < nr; id++) {
		p = kbpf_helper_proto(id, KBPF_PROG_TYPE_KPROBE);
		if (!p)
			p = kbpf_helper_proto(id, KBPF_PROG_TYPE_SOCKET_FILTER);
		if (p && p->func == tab[id])
			n++;
		else if (p || tab[id])
			n += 1000;
	}
	UNIT_CHECK(n == 20, "table: 20 helpers, same bodies as the protos (%u)", n);
}

static void test_map_helpers(void)
{
	struct kbpf_map_attr a = { .type = KBPF_MAP_TYPE_HASH, .key_size = 4,
				   .value_size = 8, .max_entries = 2 };
	struct kbpf_map *m = kbpf_map_create(&a);
	u32 k = 1;
	u64 v = 99, *p;

	kbpf_rcu_read_lock();
	UNIT_CHECK(kbpf_helper_map_lookup_elem(U(m), U(&k), 0, 0, 0) == 0,
		   "map helper: lookup absent NULL");
	UNIT_CHECK(kbpf_helper_map_update_elem(U(m), U(&k), U(&v), 0, 0) == 0,
		   "map helper: update");
	p = (u64 *)(uintptr_t)kbpf_helper_map_lookup_elem(U(m), U(&k), 0, 0, 0);
	UNIT_CHECK(p && *p == 99, "map helper: lookup finds value");
	UNIT_CHECK(kbpf_helper_map_update_elem(U(m), U(&k), U(&v), 1, 0) == (u64)-EEXIST,
		   "map helper: NOEXIST EEXIST");
	UNIT_CHECK(kbpf_helper_map_update_elem(U(m), U(&k), U(&v), 1ULL << 63, 0) ==
		   (u64)-EINVAL, "map helper: internal flag bit refused");
	UNIT_CHECK(kbpf_helper_map_delete_elem(U(m), U(&k), 0, 0, 0) == 0 &&
		   kbpf_helper_map_delete_elem(U(m), U(&k), 0, 0, 0) == (u64)-ENOENT,
		   "map helper: delete then ENOENT");
	kbpf_rcu_read_unlock();
	kbpf_map_free(m);
}

/* Each CPU's copy of a per-CPU map's value; NULL past the last CPU. */
static void test_percpu_elem(u32 type)
{
	struct kbpf_map_attr a = { .type = type, .key_size = 4,
				   .value_size = 8, .max_entries = 4 };
	struct kbpf_map *m = kbpf_map_create(&a);
	u64 vals[KBPF_HOST_NR_CPUS], *p;
	u32 k = 1, cpu, ok = 0;

	UNIT_CHECK(!IS_ERR(m), "percpu_elem %u: create", type);
	if (IS_ERR(m))
		return;
	for (cpu = 0; cpu < KBPF_HOST_NR_CPUS; cpu++)
		vals[cpu] = 100 + cpu;
	UNIT_CHECK(kbpf_map_update_user(m, &k, vals, 0) == 0, "percpu_elem %u: update", type);
	kbpf_rcu_read_lock();
	for (cpu = 0; cpu < KBPF_HOST_NR_CPUS; cpu++) {
		p = (u64 *)(uintptr_t)kbpf_helper_map_lookup_percpu_elem(U(m), U(&k), cpu, 0, 0);
		ok += p && *p == 100 + cpu;
	}
	UNIT_CHECK(ok == KBPF_HOST_NR_CPUS, "percpu_elem %u: every CPU's copy (%u)", type, ok);
	UNIT_CHECK(!kbpf_helper_map_lookup_percpu_elem(U(m), U(&k), KBPF_HOST_NR_CPUS, 0, 0) &&
		   !kbpf_helper_map_lookup_percpu_elem(U(m), U(&k), 1ULL << 32, 0, 0),
		   "percpu_elem %u: CPU out of range NULL", type);
	k = 3;
	UNIT_CHECK(!kbpf_helper_map_lookup_percpu_elem(U(m), U(&k), 0, 0, 0) ==
		   (type != KBPF_MAP_TYPE_PERCPU_ARRAY),
		   "percpu_elem %u: absent key NULL (array: zeroed slot)", type);
	k = 9;
	UNIT_CHECK(!kbpf_helper_map_lookup_percpu_elem(U(m), U(&k), 0, 0, 0),
		   "percpu_elem %u: key 9 NULL", type);
	kbpf_rcu_read_unlock();
	kbpf_map_free(m);
}

static void test_percpu_elem_protos(void)
{
	const struct kbpf_helper_proto *p;

	p = kbpf_helper_proto(KBPF_FUNC_map_lookup_percpu_elem, KBPF_PROG_TYPE_KPROBE);
	UNIT_CHECK(p && p->ret == KBPF_RET_MAP_VALUE_OR_NULL &&
		   p->args[0] == KBPF_ARG_CONST_MAP_PTR && p->args[1] == KBPF_ARG_PTR_TO_MAP_KEY &&
		   p->args[2] == KBPF_ARG_ANYTHING && !p->gpl_only &&
		   p->map_types == KBPF_PERCPU_MAP_TYPES, "proto: map_lookup_percpu_elem (195)");
	UNIT_CHECK(KBPF_FUNC_map_lookup_percpu_elem == 195 && KBPF_FUNC_get_current_task == 35 &&
		   KBPF_FUNC_get_numa_node_id == 42 && KBPF_FUNC_jiffies64 == 118 &&
		   KBPF_FUNC_ktime_get_coarse_ns == 160, "proto: Linux ids");
	p = kbpf_helper_proto(KBPF_FUNC_get_current_task, KBPF_PROG_TYPE_KPROBE);
	UNIT_CHECK(p && p->gpl_only && !p->args[0], "proto: get_current_task tracing, GPL");
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_get_current_task, KBPF_PROG_TYPE_SOCKET_FILTER),
		   "proto: get_current_task not for socket filters");
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_ktime_get_coarse_ns, KBPF_PROG_TYPE_KPROBE) &&
		   !kbpf_helper_proto(KBPF_FUNC_ktime_get_coarse_ns, KBPF_PROG_TYPE_TRACEPOINT) &&
		   kbpf_helper_proto(KBPF_FUNC_ktime_get_coarse_ns, KBPF_PROG_TYPE_SOCKET_FILTER),
		   "proto: ktime_get_coarse_ns not for tracing (as Linux)");
	UNIT_CHECK(kbpf_helper_proto(KBPF_FUNC_jiffies64, KBPF_PROG_TYPE_RAW_TRACEPOINT) &&
		   kbpf_helper_proto(KBPF_FUNC_get_numa_node_id, KBPF_PROG_TYPE_SOCKET_FILTER),
		   "proto: jiffies64 and get_numa_node_id everywhere");
}

static void test_new_simple_helpers(void)
{
	u64 j1 = kbpf_helper_jiffies64(0, 0, 0, 0, 0), j2, c1, c2;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	c1 = kbpf_helper_ktime_get_coarse_ns(0, 0, 0, 0, 0);
	nanosleep(&ts, NULL);
	j2 = kbpf_helper_jiffies64(0, 0, 0, 0, 0);
	c2 = kbpf_helper_ktime_get_coarse_ns(0, 0, 0, 0, 0);
	UNIT_CHECK(j2 >= j1 + 4 && j2 <= j1 + 50, "jiffies64 ticks at 250 Hz (%llu)",
		   (unsigned long long)(j2 - j1));
	UNIT_CHECK(c1 && c2 >= c1 + 10000000ULL, "ktime_get_coarse_ns advances");
	UNIT_CHECK(kbpf_helper_get_numa_node_id(0, 0, 0, 0, 0) == 0, "get_numa_node_id 0 on host");
	UNIT_CHECK(kbpf_helper_get_current_task(0, 0, 0, 0, 0) &&
		   kbpf_helper_get_current_task(0, 0, 0, 0, 0) ==
		   kbpf_helper_get_current_task(0, 0, 0, 0, 0), "get_current_task stable, non-zero");
}

static void test_misc_helpers(void)
{
	u64 t1 = kbpf_helper_ktime_get_ns(0, 0, 0, 0, 0);
	u64 t2 = kbpf_helper_ktime_get_ns(0, 0, 0, 0, 0);
	char comm[16];
	u32 r1 = kbpf_helper_get_prandom_u32(0, 0, 0, 0, 0);
	u32 r2 = kbpf_helper_get_prandom_u32(0, 0, 0, 0, 0);

	UNIT_CHECK(t1 && t2 >= t1, "ktime_get_ns monotonic");
	UNIT_CHECK(kbpf_helper_ktime_get_boot_ns(0, 0, 0, 0, 0) >= t1 / 2,
		   "ktime_get_boot_ns");
	UNIT_CHECK(r1 != r2, "get_prandom_u32 varies");
	UNIT_CHECK(kbpf_helper_get_smp_processor_id(0, 0, 0, 0, 0) < KBPF_HOST_NR_CPUS,
		   "get_smp_processor_id in range");
	UNIT_CHECK(kbpf_helper_get_current_pid_tgid(0, 0, 0, 0, 0) >> 32 == (u64)getpid(),
		   "get_current_pid_tgid: tgid high");
	UNIT_CHECK((u32)kbpf_helper_get_current_uid_gid(0, 0, 0, 0, 0) == getuid(),
		   "get_current_uid_gid: uid low");
	UNIT_CHECK(kbpf_helper_get_current_comm(U(comm), 4, 0, 0, 0) == 0 &&
		   strlen(comm) == 3 && !strncmp(comm, "hel", 3),
		   "get_current_comm truncates to size (%s)", comm);
}

static void test_probe(void)
{
	char buf[16], *page;
	u64 x = 0x1122334455667788ULL, y = 5;

	UNIT_CHECK(kbpf_helper_probe_read_kernel(U(&y), 8, U(&x), 0, 0) == 0 && y == x,
		   "probe_read_kernel copies");
	y = 5;
	UNIT_CHECK(kbpf_helper_probe_read_kernel(U(&y), 8, 8, 0, 0) == (u64)-EFAULT && !y,
		   "probe_read_kernel of address 8: EFAULT, zeroed");
	UNIT_CHECK(kbpf_helper_probe_read_user(U(&y), 8, U(&x), 0, 0) == 0,
		   "probe_read_user copies");
	UNIT_CHECK(kbpf_helper_probe_read_kernel_str(U(buf), sizeof(buf), U("hello"), 0, 0) == 6 &&
		   !strcmp(buf, "hello"), "probe_read_kernel_str: length with NUL");
	UNIT_CHECK(kbpf_helper_probe_read_kernel_str(U(buf), 4, U("hello"), 0, 0) == 4 &&
		   !strcmp(buf, "hel"), "probe_read_kernel_str truncates");
	UNIT_CHECK(kbpf_helper_probe_read_user_str(U(buf), sizeof(buf), 16, 0, 0) ==
		   (u64)-EFAULT && !buf[0], "probe_read_user_str bad address EFAULT");
	UNIT_CHECK(kbpf_helper_probe_read_kernel_str(U(buf), 0, U("x"), 0, 0) == 0,
		   "probe_read_kernel_str size 0");
	/* A string ending right before an unmapped page is still read. */
	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page + 4096, 4096);
	memcpy(page + 4093, "ab", 3);
	UNIT_CHECK(kbpf_helper_probe_read_kernel_str(U(buf), sizeof(buf), U(page + 4093), 0, 0)
		   == 3 && !strcmp(buf, "ab"), "probe_read_kernel_str stops at page end");
	page[4095] = 'c';
	UNIT_CHECK(kbpf_helper_probe_read_kernel_str(U(buf), sizeof(buf), U(page + 4093), 0, 0)
		   == (u64)-EFAULT, "probe_read_kernel_str into unmapped page EFAULT");
	munmap(page, 4096);
}

static int fmt(char *out, const char *f, u64 a, u64 b, u64 c)
{
	const u64 args[3] = { a, b, c };

	return kbpf_trace_format(out, 64, f, strlen(f) + 1, args);
}

static void test_printk(void)
{
	char out[64];
	const u64 none[3] = { 0 };

	UNIT_CHECK(fmt(out, "a=%d b=%u c=%x", -5, 7, 255) == 13 &&
		   !strcmp(out, "a=-5 b=7 c=ff"), "printk: %%d %%u %%x (%s)", out);
	UNIT_CHECK(fmt(out, "%lld %llu %llx", -1, -1, -1) > 0 &&
		   !strcmp(out, "-1 18446744073709551615 ffffffffffffffff"), "printk: ll");
	UNIT_CHECK(fmt(out, "%d %u", 0xffffffffULL, 0x1ffffffffULL, 0) > 0 &&
		   !strcmp(out, "-1 4294967295"), "printk: plain takes 32 bits");
	UNIT_CHECK(fmt(out, "%s|%c|%%", U("str"), 'z', 0) > 0 && !strcmp(out, "str|z|%"),
		   "printk: %%s %%c %%%% (%s)", out);
	UNIT_CHECK(fmt(out, "[%s]", 8, 0, 0) > 0 && !strcmp(out, "[]"),
		   "printk: unreadable %%s empty");
	UNIT_CHECK(fmt(out, "%p", 1, 0, 0) == -EINVAL, "printk: %%p refused");
	UNIT_CHECK(fmt(out, "%d%d%d%d", 1, 2, 3) == -EINVAL, "printk: 4 args refused");
	UNIT_CHECK(fmt(out, "%5d", 1, 0, 0) == -EINVAL, "printk: width refused");
	UNIT_CHECK(fmt(out, "%lllx", 1, 0, 0) == -EINVAL, "printk: lll refused");
	UNIT_CHECK(fmt(out, "x%", 1, 0, 0) == -EINVAL, "printk: trailing %% refused");
	UNIT_CHECK(fmt(out, "\033[2J", 0, 0, 0) == -EINVAL, "printk: escape refused");
	UNIT_CHECK(kbpf_trace_format(out, 64, "abc", 3, none) == -EINVAL,
		   "printk: unterminated format refused");
	UNIT_CHECK(kbpf_trace_format(out, 4, "abcdef", 7, none) == 3 && !strcmp(out, "abc"),
		   "printk: output bounded");
	UNIT_CHECK(kbpf_helper_trace_printk(U("unit %d\n"), 9, 42, 0, 0) == 8,
		   "trace_printk helper returns length");
}

int main(void)
{
	test_protos();
	test_map_helpers();
	test_misc_helpers();
	test_percpu_elem_protos();
	test_percpu_elem(KBPF_MAP_TYPE_PERCPU_ARRAY);
	test_percpu_elem(KBPF_MAP_TYPE_PERCPU_HASH);
	test_percpu_elem(KBPF_MAP_TYPE_LRU_PERCPU_HASH);
	test_new_simple_helpers();
	test_probe();
	test_printk();
	return unit_failed;
}
