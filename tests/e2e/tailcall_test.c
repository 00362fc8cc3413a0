// SPDX-License-Identifier: GPL-2.0-only
/*
 * prog_array maps and bpf_tail_call through /dev/kbpf: entries are
 * program descriptors in and program ids out, the owner type is fixed by
 * the first user, a dispatcher run through PROG_TEST_RUN reaches its
 * targets (interpreted and JIT-compiled), entries are replaced while a
 * program runs on another CPU, and closing the map's last descriptor (or
 * removing its last pin) drops the programs it held, cycles included.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#define E2E_SUITE "tailcall"
#include "e2e.h"

#define RT	KBPF_PROG_TYPE_RAW_TRACEPOINT
#define LD_MAP_FD(d, fd) \
	{ KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_FD, 0, fd }, \
	{ 0, 0, 0, 0, 0 }

static char log_buf[4096];

static long load(u32 type, const struct kbpf_insn *insns, u32 cnt)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = type, .insns = (uintptr_t)insns,
		.insn_cnt = cnt, .license = (uintptr_t)"GPL", .log_level = 1,
		.log_buf = (uintptr_t)log_buf, .log_size = sizeof(log_buf),
	};

	log_buf[0] = 0;
	return call(KBPF_IOC_PROG_LOAD, &a);
}

#define LOAD(type, ...) load(type, (const struct kbpf_insn[]){ __VA_ARGS__ }, \
	sizeof((struct kbpf_insn[]){ __VA_ARGS__ }) / sizeof(struct kbpf_insn))

static long ret_prog(int k)
{
	return LOAD(RT, MOV64_IMM(0, k), EXIT());
}

/* Tail-calls slot @slot of @map, returns r0 (-ENOENT when it falls through). */
static long dispatcher(int map, int slot)
{
	return LOAD(RT, LD_MAP_FD(2, map), MOV64_IMM(3, slot), CALL_HELPER(12), EXIT());
}

static long test_run(int fd, u64 *ret)
{
	u64 ctx[2] = { 0 };
	struct kbpf_prog_test_run r = {
		.size = sizeof(r), .prog_fd = fd, .ctx_in = (uintptr_t)ctx,
		.ctx_size_in = sizeof(ctx),
	};
	long err = call(KBPF_IOC_PROG_TEST_RUN, &r);

	*ret = r.retval;
	return err;
}

static u32 obj_id(int fd)
{
	struct kbpf_prog_info info = { 0 };
	struct kbpf_obj_get_info gi = {
		.size = sizeof(gi), .fd = fd, .info = (uintptr_t)&info,
		.info_len = sizeof(info),
	};

	return call(KBPF_IOC_OBJ_GET_INFO, &gi) ? 0 : info.id;
}

static long fd_by_id(u32 type, u32 id)
{
	struct kbpf_get_fd_by_id a = { .size = sizeof(a), .obj_type = type, .id = id };

	return call(KBPF_IOC_GET_FD_BY_ID, &a);
}

/* The object is freed after a grace period: wait up to 2 s for its id to go. */
static int gone(u32 type, u32 id)
{
	int i;
	long fd;

	for (i = 0; i < 200; i++) {
		fd = fd_by_id(type, id);
		if (fd == -ENOENT)
			return 1;
		if (fd >= 0)
			close(fd);
		usleep(10000);
	}
	return 0;
}

static int set(int map, u32 key, int prog)
{
	u32 v = prog;

	return map_elem(KBPF_IOC_MAP_UPDATE_ELEM, map, &key, &v, 0);
}

static void test_basics(void)
{
	int map = map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0);
	int t42 = ret_prog(42), kp, d, d_far, d_empty;
	u32 key = 0, v;
	u64 r;

	CHECK(map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 8, 4, 0) == -EINVAL,
	      "value_size_8_einval");
	CHECK(map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, KBPF_F_RDONLY_PROG) == -EINVAL,
	      "rdonly_prog_einval");
	CHECK(map >= 0 && t42 >= 0, "create_and_load");
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, map, &key, &v, 0) == -ENOENT,
	      "empty_slot_enoent");
	CHECK(set(map, 0, map) == -EINVAL, "map_fd_as_value_einval");
	CHECK(set(map, 0, 9999) == -EBADF, "closed_fd_ebadf");
	CHECK(set(map, 4, t42) == -E2BIG, "key_past_end_e2big");
	CHECK(set(map, 0, t42) == 0, "update_with_prog_fd");
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, map, &key, &v, 0) == 0 && v == obj_id(t42),
	      "lookup_gives_prog_id");
	v = t42;
	CHECK(map_elem(KBPF_IOC_MAP_UPDATE_ELEM, map, &key, &v, KBPF_NOEXIST) == -EINVAL,
	      "only_bpf_any");
	kp = LOAD(KBPF_PROG_TYPE_KPROBE, MOV64_IMM(0, 1), EXIT());
	CHECK(kp >= 0 && set(map, 1, kp) == -EINVAL, "other_prog_type_entry_einval");
	CHECK(LOAD(KBPF_PROG_TYPE_KPROBE, LD_MAP_FD(2, map), MOV64_IMM(3, 0),
		   CALL_HELPER(12), EXIT()) == -EINVAL &&
	      strstr(log_buf, "holds programs of type 17"), "other_prog_type_user_einval");
	{
		int arr = map_create(KBPF_MAP_TYPE_ARRAY, 4, 4, 4, 0);

		CHECK(dispatcher(arr, 0) == -EINVAL && strstr(log_buf, "must be a prog_array"),
		      "tail_call_array_map_einval");
		close(arr);
	}
	d = dispatcher(map, 0);
	d_far = dispatcher(map, 100);
	d_empty = dispatcher(map, 3);
	CHECK(d >= 0 && d_far >= 0 && d_empty >= 0, "dispatchers_load");
	CHECK(prog_jited(d) == module_jit_on() && prog_jited(t42) == module_jit_on(),
	      "dispatcher_and_target_engine_as_the_jit_parameter (%d)", module_jit_on());
	CHECK(!test_run(d, &r) && r == 42, "tail_call_taken");
	CHECK(!test_run(d_far, &r) && r == (u64)-ENOENT, "index_out_of_range_falls_through");
	CHECK(!test_run(d_empty, &r) && r == (u64)-ENOENT, "empty_slot_falls_through");
	CHECK(map_elem(KBPF_IOC_MAP_DELETE_ELEM, map, &key, NULL, 0) == 0 &&
	      map_elem(KBPF_IOC_MAP_DELETE_ELEM, map, &key, NULL, 0) == -ENOENT,
	      "delete_then_enoent");
	CHECK(!test_run(d, &r) && r == (u64)-ENOENT, "deleted_slot_falls_through");
	close(d);
	close(d_far);
	close(d_empty);
	close(kp);
	close(t42);
	close(map);
}

/*
 * One engine per prog_array, as Linux's owner.jited: with the JIT on, an
 * entry loaded with KBPF_PROG_LOAD_F_NO_JIT is refused next to native
 * ones, and so is an interpreted dispatcher; with it off, the reverse
 * cannot be made, so both kinds are only counted as interpreted.
 */
static void test_engines(void)
{
	int map = map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0);
	int t42 = ret_prog(42), t7, d;
	const struct kbpf_insn ret7[] = { MOV64_IMM(0, 7), EXIT() };
	const struct kbpf_insn disp[] = {
		LD_MAP_FD(2, map), MOV64_IMM(3, 0), CALL_HELPER(12), EXIT(),
	};
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = RT, .insns = (uintptr_t)ret7,
		.insn_cnt = 2, .license = (uintptr_t)"GPL",
		.flags = KBPF_PROG_LOAD_F_NO_JIT,
	};
	u64 r;

	if (!module_jit_on()) {
		close(t42);
		close(map);
		return;
	}
	t7 = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(t7 >= 0 && prog_jited(t7) == 0, "no_jit_target_loads_interpreted");
	CHECK(set(map, 0, t42) == 0 && set(map, 1, t7) == -EINVAL,
	      "interpreted_entry_next_to_native_einval");
	a.insns = (uintptr_t)disp;
	a.insn_cnt = sizeof(disp) / sizeof(disp[0]);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "interpreted_dispatcher_of_native_map_einval");
	d = dispatcher(map, 0);
	CHECK(d >= 0 && prog_jited(d) == 1 && !test_run(d, &r) && r == 42,
	      "native_dispatcher_runs_native_target");
	close(d);
	close(t7);
	close(t42);
	close(map);
}

/* The 33 limit: a program that counts its runs and tail-calls itself. */
static void test_limit(void)
{
	int map = map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0);
	int cnt = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	int self;
	u32 key = 0;
	u64 v = 0, r;

	self = LOAD(RT, MOV64_REG(6, 1), ST(W, 10, -4, 0), MOV64_REG(2, 10),
		    ALU64_IMM(ADD, 2, -4), LD_MAP_FD(1, cnt), CALL_HELPER(1),
		    JMP_IMM(JEQ, 0, 0, 7), MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 0, 1, 0),
		    MOV64_REG(1, 6), LD_MAP_FD(2, map), MOV64_IMM(3, 0), CALL_HELPER(12),
		    MOV64_IMM(0, 1), EXIT());
	if (self < 0)
		printf("# %s\n", log_buf);
	CHECK(self >= 0 && set(map, 0, self) == 0, "self_tail_call_loads");
	CHECK(!test_run(self, &r) && r == 1 &&
	      !map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, cnt, &key, &v, 0) && v == 34,
	      "33_tail_calls_then_falls_through (%llu runs)", (unsigned long long)v);
	v = 0;
	map_elem(KBPF_IOC_MAP_UPDATE_ELEM, cnt, &key, &v, 0);
	CHECK(!test_run(self, &r) && !map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, cnt, &key, &v, 0) &&
	      v == 34, "limit_counted_per_run");
	/* The program holds the map, the map the program: close breaks it. */
	{
		u32 pid = obj_id(self), mid = obj_id(map);

		close(self);
		close(map);
		CHECK(gone(KBPF_OBJ_PROG, pid) && gone(KBPF_OBJ_MAP, mid),
		      "self_cycle_freed_after_close");
	}
	close(cnt);
}

/* Closing the map's descriptor clears it though a program still uses it. */
static void test_uref(void)
{
	int map = map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2, 0);
	int t = ret_prog(5), d = dispatcher(map, 0), m2;
	u32 tid = obj_id(t), mid = obj_id(map), key = 0, v;
	struct kbpf_obj_pin pin = { .size = sizeof(pin), .fd = map };
	u64 r;

	strcpy(pin.name, "tailcall_test_map");
	CHECK(set(map, 0, t) == 0 && !test_run(d, &r) && r == 5, "uref_setup");
	close(t);
	CHECK(call(KBPF_IOC_OBJ_PIN, &pin) == 0, "pin_map");
	close(map);
	CHECK(!test_run(d, &r) && r == 5, "pin_keeps_entries");
	pin.fd = 0;
	CHECK(call(KBPF_IOC_OBJ_UNPIN, &pin) == 0, "unpin_map");
	CHECK(gone(KBPF_OBJ_PROG, tid), "last_uref_gone_drops_programs");
	CHECK(!test_run(d, &r) && r == (u64)-ENOENT, "cleared_slot_falls_through");
	m2 = fd_by_id(KBPF_OBJ_MAP, mid);
	CHECK(m2 >= 0 && map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, m2, &key, &v, 0) == -ENOENT,
	      "map_alive_but_empty");
	t = ret_prog(6);
	CHECK(m2 >= 0 && set(m2, 0, t) == 0 && !test_run(d, &r) && r == 6,
	      "new_descriptor_fills_again");
	close(t);
	close(m2);
	CHECK(!test_run(d, &r) && r == (u64)-ENOENT, "closed_fd_clears_entries");
	close(d);
	CHECK(gone(KBPF_OBJ_MAP, mid), "map_freed_with_its_user");
}

/* Replacement while a dispatcher runs on another CPU. */
static atomic_int stop;
static int race_d;
static atomic_long bad, runs, seen42, seen43;

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % sysconf(_SC_NPROCESSORS_ONLN), &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *runner(void *arg)
{
	u64 r;

	pin_cpu(1);
	while (!atomic_load(&stop)) {
		if (test_run(race_d, &r))
			atomic_fetch_add(&bad, 1);
		else if (r == 42)
			atomic_fetch_add(&seen42, 1);
		else if (r == 43)
			atomic_fetch_add(&seen43, 1);
		else if (r != (u64)-ENOENT)
			atomic_fetch_add(&bad, 1);
		atomic_fetch_add(&runs, 1);
	}
	return NULL;
}

static void test_replace_race(void)
{
	int map = map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0);
	u32 key = 0;
	struct timespec t0, t1;
	pthread_t th;
	int i, errs = 0;

	race_d = dispatcher(map, 0);
	pthread_create(&th, NULL, runner, NULL);
	pin_cpu(0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* 500 replacements, or a second of them on a slow guest. */
	for (i = 0; i < 500; i++) {
		/* A fresh program each time: the old one is freed under the runner. */
		int t = ret_prog(42 + (i & 1));

		if (t < 0 || set(map, 0, t))
			errs++;
		close(t);
		if (i % 7 == 0)
			map_elem(KBPF_IOC_MAP_DELETE_ELEM, map, &key, NULL, 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (i >= 20 && t1.tv_sec - t0.tv_sec >= 2)
			break;
	}
	atomic_store(&stop, 1);
	pthread_join(th, NULL);
	CHECK(!errs && !bad && runs > 0 && seen42 > 0 && seen43 > 0,
	      "replace_while_running (%ld runs, %ld/%ld, %d errors)", (long)runs,
	      (long)seen42, (long)seen43, errs);
	close(race_d);
	close(map);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0) {
		perror("/dev/kbpf");
		return 1;
	}
	test_basics();
	test_engines();
	test_limit();
	test_uref();
	test_replace_race();
	return failed;
}
