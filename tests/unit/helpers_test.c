// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests for helpers: prototypes and program-type allowance,
 * the call table, map helpers on real maps, nofault reads of bad
 * addresses, the formatter of trace_printk and snprintf, strncmp.
 */
#include <sys/mman.h>
#include <time.h>
#include "../../helpers/helpers.h"
#include "../../maps/maps.h"
#include "../../verifier/verifier.h"
#include "../cases/insn.h"
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
		else if (id >= KBPF_FUNC_trace_printk_args0 && !p && tab[id])
			continue;	/* kbpf's own, for the verifier's fixups */
		else if (p || tab[id])
			n += 1000;
	}
	/* tail_call counts: no body in either, as the engines jump. */
	UNIT_CHECK(n == 30, "table: 30 helpers, same bodies as the protos (%u)", n);
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_trace_printk_args0, KBPF_PROG_TYPE_KPROBE) &&
		   tab[KBPF_FUNC_trace_printk_args2],
		   "proto: the fixups' own helpers cannot be called");
	p = kbpf_helper_proto(KBPF_FUNC_tail_call, KBPF_PROG_TYPE_SOCKET_FILTER);
	UNIT_CHECK(p && !p->func && !tab[KBPF_FUNC_tail_call] &&
		   p->args[1] == KBPF_ARG_CONST_MAP_PTR, "proto: tail_call, no body");
	p = kbpf_helper_proto(KBPF_FUNC_snprintf, KBPF_PROG_TYPE_SOCKET_FILTER);
	UNIT_CHECK(p && p->gpl_only && p->args[0] == KBPF_ARG_PTR_TO_UNINIT_MEM &&
		   p->args[1] == KBPF_ARG_CONST_SIZE_OR_ZERO &&
		   p->args[2] == KBPF_ARG_PTR_TO_CONST_STR &&
		   p->args[3] == KBPF_ARG_PTR_TO_FMT_ARGS &&
		   p->args[4] == KBPF_ARG_CONST_SIZE_OR_ZERO, "proto: snprintf (165)");
	p = kbpf_helper_proto(182, KBPF_PROG_TYPE_KPROBE);
	UNIT_CHECK(p && !p->gpl_only && !strcmp(p->name, "strncmp") &&
		   p->args[0] == KBPF_ARG_PTR_TO_MEM && p->args[1] == KBPF_ARG_CONST_SIZE &&
		   p->args[2] == KBPF_ARG_PTR_TO_CONST_STR && !p->args[3], "proto: strncmp (182)");
	p = kbpf_helper_proto(KBPF_FUNC_skb_load_bytes, KBPF_PROG_TYPE_SOCKET_FILTER);
	UNIT_CHECK(p && p->args[0] == KBPF_ARG_PTR_TO_CTX &&
		   p->args[2] == KBPF_ARG_PTR_TO_UNINIT_MEM &&
		   p->args[3] == KBPF_ARG_CONST_SIZE && !p->gpl_only,
		   "proto: skb_load_bytes for socket filters");
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_skb_load_bytes, KBPF_PROG_TYPE_KPROBE),
		   "proto: skb_load_bytes not for kprobes");
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

static const u8 ip4[4] = { 10, 0, 2, 15 };
static const u8 ip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

static void test_format(void)
{
	u64 args[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	const char *why;
	char out[96];
	u8 kinds[12];
	u32 at;

	UNIT_CHECK(kbpf_format(out, sizeof(out), "%d%d%d%d%d%d%d%d%d%d%d%lld", 96, args, 12) == 15 &&
		   !strcmp(out, "123456789101112"), "format: twelve arguments (%s)", out);
	UNIT_CHECK(kbpf_format(out, sizeof(out), "%d%d", 5, args, 1) == -EINVAL,
		   "format: more conversions than arguments");
	UNIT_CHECK(kbpf_format(out, 5, "abcdefgh", 9, args, 0) == 8 && !strcmp(out, "abcd"),
		   "format: returns the whole length, writes what fits");
	UNIT_CHECK(kbpf_format(NULL, 0, "%d-%d", 6, args, 2) == 3, "format: size 0 only counts");
	strcpy(out, "untouched");
	UNIT_CHECK(kbpf_format(out, sizeof(out), "ok %d %q", 9, args, 2) == -EINVAL &&
		   !strcmp(out, "untouched"), "format: a bad format writes nothing");
	UNIT_CHECK(kbpf_format(out, sizeof(out), "%pI4 %pi4", 10, (u64[]){ U(ip4), U(ip4) }, 2) > 0 &&
		   !strcmp(out, "10.0.2.15 010.000.002.015"), "format: %%pI4 %%pi4 (%s)", out);
	UNIT_CHECK(kbpf_format(out, sizeof(out), "%pI6|%pi6", 10, (u64[]){ U(ip6), U(ip6) }, 2) > 0 &&
		   !strcmp(out, "2001:0db8:0000:0000:0000:0000:0000:0001|20010db8000000000000000000000001"),
		   "format: %%pI6 %%pi6 (%s)", out);
	UNIT_CHECK(kbpf_format(out, sizeof(out), "[%pI4]", 7, (u64[]){ 8 }, 1) > 0 &&
		   !strcmp(out, "[0.0.0.0]"), "format: unreadable address prints zeros");
	UNIT_CHECK(kbpf_format(out, sizeof(out), "%pks,%pus", 10, (u64[]){ U("k"), U("u") }, 2) > 0 &&
		   !strcmp(out, "k,u"), "format: %%pks %%pus");
	UNIT_CHECK(kbpf_format(out, sizeof(out), "%pksx", 6, (u64[]){ U("k") }, 1) == -EINVAL,
		   "format: %%pks must end a word");
	UNIT_CHECK(kbpf_format_check("%s %d %pI4 %px %pus", 20, 5, kinds, &why, &at) == 5 &&
		   kinds[0] == KBPF_FMT_ARG_ADDR && kinds[1] == KBPF_FMT_ARG_VALUE &&
		   kinds[2] == KBPF_FMT_ARG_ADDR && kinds[3] == KBPF_FMT_ARG_VALUE &&
		   kinds[4] == KBPF_FMT_ARG_ADDR, "format check: argument kinds");
	UNIT_CHECK(kbpf_format_check("ab %d %5.1d", 12, 2, kinds, &why, &at) == -EINVAL && at == 6 &&
		   strstr(why, "does not allow"), "format check: where and why (%u)", at);
	UNIT_CHECK(kbpf_format_check("%d %d", 6, 1, kinds, &why, &at) == -EINVAL && at == 3 &&
		   strstr(why, "more conversions"), "format check: too few arguments");
	UNIT_CHECK(kbpf_format_check("abc", 3, 0, kinds, &why, &at) == -EINVAL && strstr(why, "NUL"),
		   "format check: unterminated");
	UNIT_CHECK(kbpf_format(out, sizeof(out), "%999999999d", 12, args, 1) == 8388607 &&
		   strlen(out) == sizeof(out) - 1, "format: huge width clamped, output bounded");
}

static void test_snprintf(void)
{
	u64 data[2] = { U("comm"), 42 };
	char out[16];

	UNIT_CHECK(kbpf_helper_snprintf(U(out), sizeof(out), U("%s=%d"), U(data), 16) == 8 &&
		   !strcmp(out, "comm=42"), "snprintf: length with NUL (%s)", out);
	UNIT_CHECK(kbpf_helper_snprintf(U(out), 4, U("%s=%d"), U(data), 16) == 8 &&
		   !strcmp(out, "com"), "snprintf: truncated, NUL-terminated, whole length");
	UNIT_CHECK(kbpf_helper_snprintf(0, 0, U("%s=%d"), U(data), 16) == 8,
		   "snprintf: NULL, 0 measures");
	UNIT_CHECK(kbpf_helper_snprintf(U(out), sizeof(out), U("%d"), U(data), 12) == (u64)-EINVAL,
		   "snprintf: data_len not a multiple of 8");
	UNIT_CHECK(kbpf_helper_snprintf(U(out), sizeof(out), U("%d"), U(data), 104) == (u64)-EINVAL,
		   "snprintf: more than 12 arguments");
	UNIT_CHECK(kbpf_helper_snprintf(U(out), sizeof(out), U("%d"), 0, 8) == (u64)-EINVAL,
		   "snprintf: NULL data with a length");
	UNIT_CHECK(kbpf_helper_snprintf(U(out), sizeof(out), U("%d %d"), U(data), 8) == (u64)-EINVAL,
		   "snprintf: format wants more than data holds");
}

static void test_strncmp(void)
{
	UNIT_CHECK(kbpf_helper_strncmp(U("bash"), 5, U("bash"), 0, 0) == 0, "strncmp: equal");
	UNIT_CHECK((s64)kbpf_helper_strncmp(U("bas"), 4, U("bash"), 0, 0) == -1,
		   "strncmp: shorter is less");
	UNIT_CHECK(kbpf_helper_strncmp(U("bz"), 2, U("ba"), 0, 0) == 1, "strncmp: greater is 1");
	UNIT_CHECK(kbpf_helper_strncmp(U("bashful"), 4, U("bash"), 0, 0) == 0,
		   "strncmp: only s1_sz bytes");
	UNIT_CHECK((s64)kbpf_helper_strncmp(U("\x01"), 1, U("\xff"), 0, 0) == -1,
		   "strncmp: bytes compare unsigned");
	UNIT_CHECK(kbpf_helper_strncmp(U("x\0y"), 3, U("x"), 0, 0) == 0,
		   "strncmp: stops at NUL");
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
	UNIT_CHECK(fmt(out, "%px|%pK", 0xabc, 0, 0) > 0 &&
		   !strcmp(out, "0000000000000abc|0000000000000000"), "printk: %%px %%pK (%s)", out);
	UNIT_CHECK(fmt(out, "%pB", 1, 0, 0) == -EINVAL && fmt(out, "%ps", 1, 0, 0) == -EINVAL &&
		   fmt(out, "%pq", 1, 0, 0) == -EINVAL, "printk: %%pB %%ps %%pq refused");
	UNIT_CHECK(fmt(out, "%d%d%d%d", 1, 2, 3) == -EINVAL, "printk: 4 args refused");
	UNIT_CHECK(fmt(out, "[%5d|%-4u|%05d]", -12, 7, -3) > 0 && !strcmp(out, "[  -12|7   |-0003]"),
		   "printk: width, -, 0 (%s)", out);
	UNIT_CHECK(fmt(out, "[%+d|% d|%+u]", 5, 5, 5) > 0 && !strcmp(out, "[+5| 5|5]"),
		   "printk: + and space only on signed (%s)", out);
	UNIT_CHECK(fmt(out, "[%3c|%-4s|%06s]", 'a', U("ab"), U("cd")) > 0 &&
		   !strcmp(out, "[  a|ab  |    cd]"), "printk: width on %%c %%s, no zeros (%s)", out);
	UNIT_CHECK(fmt(out, "%.2d", 1, 0, 0) == -EINVAL, "printk: precision refused");
	UNIT_CHECK(fmt(out, "%#x", 1, 0, 0) == -EINVAL, "printk: # refused");
	UNIT_CHECK(fmt(out, "%X %lX", 0xbeef, 0xabcdef012ULL, 0) > 0 && !strcmp(out, "BEEF ABCDEF012"),
		   "printk: %%X (%s)", out);
	UNIT_CHECK(fmt(out, "%sx", U("a"), 0, 0) == -EINVAL && fmt(out, "%s.", U("a"), 0, 0) > 0,
		   "printk: %%s must end a word, as Linux");
	UNIT_CHECK(fmt(out, "caf\xc3\xa9 %d", 1, 0, 0) > 0 && !strcmp(out, "caf\xc3\xa9 1"),
		   "printk: UTF-8 text passes");
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

/*
 * A socket filter verified with the real helper table and run by the
 * interpreter on @pkt, as a test run with data_in gives it.
 */
static u64 run_skb(const struct kbpf_insn *insns, u32 n, const u8 *pkt,
		   u32 len, int *verdict)
{
	struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL,
					 .helper_proto = kbpf_helper_proto };
	struct kbpf_verify_result res = { 0 };
	struct kbpf_skb_ctx ctx = { { 0 } };
	struct kbpf_prog *prog = kbpf_prog_alloc(n);
	u64 r0 = ~0ULL;

	opts.helpers = kbpf_helper_table(&opts.nr_helpers);
	memcpy(prog->insns, insns, n * sizeof(*insns));
	prog->type = KBPF_PROG_TYPE_SOCKET_FILTER;
	prog->helpers = opts.helpers;
	*verdict = kbpf_verify(prog, &opts, NULL, &res);
	if (!*verdict) {
		kbpf_interp_select(prog);
		kbpf_skb_ctx_set_data(&ctx, pkt, len);
		r0 = kbpf_prog_run(prog, &ctx);
	}
	kbpf_prog_free(prog);
	return r0;
}

/*
 * trace_printk with its format on the stack: the verifier cannot tell
 * which of r3-r5 it prints, so a call some path reached with one of them
 * unwritten is rewritten to a variant that never reads it. Here r3 still
 * holds probe_read_kernel's stack address at run time (the engines do
 * not clear clobbered registers); "%llx" must not print it.
 */
static void test_printk_unwritten(void)
{
	static const struct kbpf_insn insns[] = {
		ST(DW, 10, -8, 0x786c6c25),	/* "%llx" */
		ST(DW, 10, -16, 0),
		MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -24), MOV64_IMM(2, 8),
		MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -16), CALL_HELPER(113),
		MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8),
		CALL_HELPER(6),			/* insn 11: r3 unwritten */
		MOV64_REG(6, 0),
		MOV64_REG(1, 10), ALU64_IMM(ADD, 1, -8), MOV64_IMM(2, 8),
		MOV64_IMM(3, 0xabc),
		CALL_HELPER(6),			/* insn 17: r3 written */
		ALU64_IMM(LSH, 6, 32), ALU64_REG(OR, 0, 6), EXIT(),
	};
	struct kbpf_verify_opts opts = { .mode = KBPF_VERIFY_FULL,
					 .helper_proto = kbpf_helper_proto };
	struct kbpf_verify_result res = { 0 };
	struct kbpf_prog *prog = kbpf_prog_alloc(ARRAY_SIZE(insns));
	u64 ctx[64] = { 0 };	/* a kprobe's registers: never read */
	u64 r0;
	int err;

	opts.helpers = kbpf_helper_table(&opts.nr_helpers);
	memcpy(prog->insns, insns, sizeof(insns));
	prog->type = KBPF_PROG_TYPE_KPROBE;
	prog->gpl_compatible = true;
	prog->helpers = opts.helpers;
	err = kbpf_verify(prog, &opts, NULL, &res);
	UNIT_CHECK(!err, "printk: stack format with unwritten r3 accepted (%d)", err);
	if (err)
		goto out;
	UNIT_CHECK(prog->insns[11].imm == KBPF_FUNC_trace_printk_args0,
		   "printk: the call with r3-r5 unwritten takes no argument (%d)",
		   prog->insns[11].imm);
	UNIT_CHECK(prog->insns[17].imm == KBPF_FUNC_trace_printk_args1,
		   "printk: the call with only r3 written takes one (%d)",
		   prog->insns[17].imm);
	kbpf_interp_select(prog);
	r0 = kbpf_prog_run(prog, ctx);
	UNIT_CHECK((s32)(r0 >> 32) == -EINVAL,
		   "printk: %%llx of an unwritten register fails, prints nothing (%d)",
		   (s32)(r0 >> 32));
	UNIT_CHECK((u32)r0 == 3, "printk: %%llx of a written r3 prints it (%u)", (u32)r0);
out:
	kbpf_prog_free(prog);
}

#define LDP(mode, sz, src, imm) INSN(KBPF_LD | KBPF_##mode | KBPF_##sz, 0, src, 0, imm)
#define RUN_SKB(pkt, len, err, ...)					\
	run_skb((const struct kbpf_insn[]){ __VA_ARGS__ },		\
		sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) /		\
		sizeof(struct kbpf_insn), pkt, len, err)

static void test_skb(void)
{
	static const u8 pkt[12] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
				    0x01, 0x02, 0x03, 0x04 };
	int err;
	u64 r;

	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), LDP(ABS, W, 0, 0), EXIT());
	UNIT_CHECK(!err && r == 0x12345678, "skb: LD_ABS W is big-endian (0x%llx)",
		   (unsigned long long)r);
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), LDP(ABS, H, 0, 10), EXIT());
	UNIT_CHECK(!err && r == 0x0304, "skb: LD_ABS H at the last 2 bytes");
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), LDP(ABS, B, 0, 11), EXIT());
	UNIT_CHECK(!err && r == 4, "skb: LD_ABS B at the last byte");
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), LDP(ABS, W, 0, 9),
		    MOV64_IMM(0, 7), EXIT());
	UNIT_CHECK(!err && r == 0, "skb: LD_ABS W past the end ends the program with 0");
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), LDP(ABS, B, 0, -1),
		    MOV64_IMM(0, 7), EXIT());
	UNIT_CHECK(!err && r == 0, "skb: LD_ABS at a negative offset gives 0");
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), MOV64_IMM(7, 4),
		    LDP(IND, H, 7, 2), EXIT());
	UNIT_CHECK(!err && r == 0xdef0, "skb: LD_IND H src + imm (0x%llx)",
		   (unsigned long long)r);
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), MOV64_IMM(7, -1),
		    LDP(IND, B, 7, 5), EXIT());
	UNIT_CHECK(!err && r == 0x9a, "skb: LD_IND offset wraps in 32 bits, -1 + 5 = 4 (0x%llx)",
		   (unsigned long long)r);
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), LD_IMM64(7, 0x100000000ULL),
		    LDP(IND, B, 7, 1), EXIT());
	UNIT_CHECK(!err && r == 0x34, "skb: LD_IND uses the low 32 bits of src");
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), MOV64_IMM(7, 12),
		    LDP(IND, B, 7, 0), MOV64_IMM(0, 7), EXIT());
	UNIT_CHECK(!err && r == 0, "skb: LD_IND at the end gives 0");
	r = RUN_SKB(NULL, 0, &err, MOV64_REG(6, 1), LDP(ABS, B, 0, 0),
		    MOV64_IMM(0, 7), EXIT());
	UNIT_CHECK(!err && r == 0, "skb: LD_ABS on an empty packet gives 0");
	/* In a subprogram too, the whole program ends. */
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), CALL_LOCAL(2), ALU64_IMM(ADD, 0, 1),
		    EXIT(), MOV64_REG(6, 1), LDP(ABS, W, 0, 100), MOV64_IMM(0, 5), EXIT());
	UNIT_CHECK(!err && r == 0, "skb: a failed load in a subprogram ends the program");
	/* skb_load_bytes: 8 bytes at 4 into the stack, then the last 4. */
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), MOV64_IMM(2, 4), MOV64_REG(3, 10),
		    ALU64_IMM(ADD, 3, -8), MOV64_IMM(4, 8), CALL_HELPER(26),
		    JMP_IMM(JNE, 0, 0, 1), LDX(DW, 0, 10, -8), EXIT());
	UNIT_CHECK(!err && r == 0x04030201f0debc9aULL, "skb: skb_load_bytes copies (0x%llx)",
		   (unsigned long long)r);
	r = RUN_SKB(pkt, 12, &err, MOV64_REG(6, 1), ST(DW, 10, -8, -1), MOV64_REG(1, 6),
		    MOV64_IMM(2, 5), MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -8),
		    MOV64_IMM(4, 8), CALL_HELPER(26), LDX(DW, 1, 10, -8),
		    ALU64_REG(OR, 0, 1), EXIT());
	UNIT_CHECK(!err && r == (u64)-EFAULT, "skb: skb_load_bytes past the end: -EFAULT, zeroed");
	r = RUN_SKB(pkt, 12, &err, MOV64_IMM(2, -1), MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -8), MOV64_IMM(4, 1), CALL_HELPER(26),
		    EXIT());
	UNIT_CHECK(!err && r == (u64)-EFAULT, "skb: skb_load_bytes at offset 2^64-1");
	/* Direct access: data and data_end are pointers after the rewrite. */
	r = RUN_SKB(pkt, 12, &err, LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), MOV64_REG(4, 2),
		    ALU64_IMM(ADD, 4, 12), MOV64_IMM(0, 0), JMP_REG(JGT, 4, 3, 1),
		    LDX(W, 0, 2, 8), EXIT());
	UNIT_CHECK(!err && r == 0x04030201, "skb: direct packet read through data (0x%llx)",
		   (unsigned long long)r);
	r = RUN_SKB(pkt, 12, &err, LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), MOV64_REG(4, 2),
		    ALU64_IMM(ADD, 4, 13), MOV64_IMM(0, 1), JMP_REG(JGT, 4, 3, 1),
		    MOV64_IMM(0, 2), EXIT());
	UNIT_CHECK(!err && r == 1, "skb: data + 13 is past data_end of 12 bytes");
	r = RUN_SKB(pkt, 12, &err, LDX(W, 0, 1, 0), EXIT());
	UNIT_CHECK(!err && r == 12, "skb: __sk_buff.len is the packet length");
}

/* A native callback as the JIT's entry looks to the helper. */
static u64 loop_cb(u64 index, u64 ctx, u64 frame, u64 r4, u64 r5)
{
	u64 *c = (u64 *)(uintptr_t)ctx;

	c[0] += index;
	c[1] = frame;
	return index == c[2];
}

static void test_loop_body(void)
{
	u64 c[3] = { 0, 0, ~0ULL };
	u64 fn = (uintptr_t)loop_cb, ctx = (uintptr_t)c;

	UNIT_CHECK(kbpf_helper_loop(10, fn, ctx, 0, 77) == 10 && c[0] == 45 && c[1] == 77,
		   "loop: ten calls, indexes 0-9, the frame passed on (%llu)",
		   (unsigned long long)c[0]);
	c[0] = 0;
	c[2] = 6;
	UNIT_CHECK(kbpf_helper_loop(100, fn, ctx, 0, 0) == 7 && c[0] == 21,
		   "loop: a callback returning 1 stops; the calls made, that one included");
	c[0] = 0;
	UNIT_CHECK(kbpf_helper_loop(0, fn, ctx, 0, 0) == 0 && !c[0], "loop: zero calls");
	UNIT_CHECK(kbpf_helper_loop(KBPF_MAX_LOOPS + 1, fn, ctx, 0, 0) == (u64)-E2BIG && !c[0],
		   "loop: more than 2^23 calls is -E2BIG, nothing called");
	UNIT_CHECK(kbpf_helper_loop(1, fn, ctx, 1, 0) == (u64)-EINVAL && !c[0],
		   "loop: flags must be 0");
	UNIT_CHECK(kbpf_helper_loop(1ULL << 32 | 2, fn, ctx, 0, 0) == 2,
		   "loop: nr_loops is a u32");
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
	test_loop_body();
	test_probe();
	test_printk();
	test_printk_unwritten();
	test_format();
	test_snprintf();
	test_strncmp();
	test_skb();
	return unit_failed;
}
