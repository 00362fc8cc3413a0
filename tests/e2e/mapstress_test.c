// SPDX-License-Identifier: GPL-2.0-only
/*
 * Maps under programs on every CPU and user space at once, in the guest
 * as root. Prints TAP.
 *
 * stress: a kprobe and a syscall tracepoint program (both on getpid, which
 * one thread pinned to each CPU calls without pause) count every run into
 * a random one of 64 keys of a hash, a per-CPU hash, an LRU hash, an array
 * and a per-CPU array, inserting absent keys with BPF_NOEXIST; meanwhile a
 * user-space thread updates, deletes and looks up its own keys of the same
 * maps against a model of what they must hold, and reads the programs'
 * counters, which may only grow. At the end every map's counters (plus the
 * inserts a program could not make, counted apart) must add up exactly to
 * the runs the two links counted, and those to the calls the threads made.
 *
 * helpers: the kernel bodies of get_current_uid_gid, ktime_get_boot_ns and
 * probe_read_user, run by a kprobe program in a child with other ids.
 *
 * nmi: programs never run in NMI context (Documentation/maps.md,
 * "Concurrency"): NMIs raised through sysrq's all-CPU backtrace fire the
 * nmi:nmi_handler tracepoint, and the link must count them as misses.
 *
 * memcg: elements a BPF_F_NO_PREALLOC hash allocates after creation are
 * charged to the memory cgroup the map was created in, not the caller's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#define E2E_SUITE "mapstress"
#include "e2e.h"

#if defined(__x86_64__)
#define GETPID_SYM	"__x64_sys_getpid"
#elif defined(__aarch64__)
#define GETPID_SYM	"__arm64_sys_getpid"
#endif

#define LD_MAPIDX(d, i) \
	{ KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_IDX, 0, i }, { 0, 0, 0, 0, 0 }
#define N_INSNS(a)	(sizeof(a) / sizeof((a)[0]))

enum { M_HASH, M_PHASH, M_LRU, M_ARRAY, M_PARRAY, M_FAIL, NR_MAPS };

static const char *const map_names[] = {
	"hash", "percpu_hash", "lru_hash", "array", "percpu_array",
};

#define PROG_KEYS	64	/* keys 0..63: the programs' counters */
#define USER_KEYS	256	/* hash keys 1000..1255, array indices 64..127 */
#define USER_BASE	1000
#define ARRAY_USER	64
#define ARRAY_SIZE	(ARRAY_USER + 64)

static long ncpu_possible;

static long possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	long a = 0, b = 0;
	int n = f ? fscanf(f, "%ld-%ld", &a, &b) : 0;

	if (f)
		fclose(f);
	return n == 2 ? b + 1 : 1;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return 0;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok;
}

static long get_info(int fd, void *info, u32 len)
{
	struct kbpf_obj_get_info a = {
		.size = sizeof(a), .fd = fd, .info = (uintptr_t)info,
		.info_len = len,
	};

	memset(info, 0, len);
	return call(KBPF_IOC_OBJ_GET_INFO, &a);
}

static struct kbpf_link_info link_info(int link)
{
	struct kbpf_link_info info;

	if (get_info(link, &info, sizeof(info)))
		memset(&info, 0xff, sizeof(info));
	return info;
}

static long link_create(int prog, u32 type, const char *target)
{
	struct kbpf_link_create a = {
		.size = sizeof(a), .prog_fd = prog, .attach_type = type,
		.target = (uintptr_t)target,
	};

	return call(KBPF_IOC_LINK_CREATE, &a);
}

static long load(u32 type, const struct kbpf_insn *insns, u32 n,
		 const int *fds, u32 nfds)
{
	static char log[4096];
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = type, .insns = (uintptr_t)insns,
		.insn_cnt = n, .license = (uintptr_t)"GPL",
		.fd_array = (uintptr_t)fds, .fd_array_cnt = nfds,
		.log_level = 1, .log_buf = (uintptr_t)log, .log_size = sizeof(log),
	};
	long ret;

	log[0] = 0;
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	if (ret < 0 && log[0])
		printf("# %s\n", log);
	return ret;
}

/*
 * The counting program. Key = prandom & 63 at fp-4, the value 1 at fp-16.
 * For a hash-like map: lookup; if absent insert 1 with NOEXIST; if that
 * fails (EEXIST: another CPU inserted it first) look up again; if the key
 * is still missing count a failure in the fail array at index m. Then an
 * atomic add of 1. Arrays: lookup and atomic add.
 */
static u32 emit_hash_count(struct kbpf_insn *p, u32 n, int m)
{
	const struct kbpf_insn b[] = {
		/* 0 */ LD_MAPIDX(1, m), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
		/* 4 */ CALL_HELPER(1), JMP_IMM(JNE, 0, 0, 15),
		/* 6 */ LD_MAPIDX(1, m), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
		/* 10 */ MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -16),
		/* 12 */ MOV64_IMM(4, KBPF_NOEXIST), CALL_HELPER(2),
		/* 14 */ JMP_IMM(JEQ, 0, 0, 18),
		/* 15 */ LD_MAPIDX(1, m), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
		/* 19 */ CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 3),
		/* 21 */ MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 0, 1, 0), JA(9),
		/* 24 */ ST(W, 10, -20, m), LD_MAPIDX(1, M_FAIL),
		/* 27 */ MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -20), CALL_HELPER(1),
		/* 30 */ JMP_IMM(JEQ, 0, 0, 2), MOV64_IMM(1, 1),
		/* 32 */ ATOMIC(DW, KBPF_ADD, 0, 1, 0),
		/* 33: next */
	};

	memcpy(p + n, b, sizeof(b));
	return n + N_INSNS(b);
}

static u32 emit_array_count(struct kbpf_insn *p, u32 n, int m)
{
	const struct kbpf_insn b[] = {
		LD_MAPIDX(1, m), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
		CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 2),
		MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 0, 1, 0),
	};

	memcpy(p + n, b, sizeof(b));
	return n + N_INSNS(b);
}

static u32 build_counter(struct kbpf_insn *p)
{
	const struct kbpf_insn head[] = {
		CALL_HELPER(7), ALU64_IMM(AND, 0, PROG_KEYS - 1),
		STX(W, 10, 0, -4), ST(DW, 10, -16, 1),
	};
	u32 n = N_INSNS(head);

	memcpy(p, head, sizeof(head));
	n = emit_hash_count(p, n, M_HASH);
	n = emit_hash_count(p, n, M_PHASH);
	n = emit_hash_count(p, n, M_LRU);
	n = emit_array_count(p, n, M_ARRAY);
	n = emit_array_count(p, n, M_PARRAY);
	p[n++] = (struct kbpf_insn)MOV64_IMM(0, 0);
	p[n++] = (struct kbpf_insn)EXIT();
	return n;
}

static int is_percpu(int m)
{
	return m == M_PHASH || m == M_PARRAY;
}

static int is_array(int m)
{
	return m == M_ARRAY || m == M_PARRAY;
}

/* A program key's count: the sum of its slots for per-CPU maps; 0 if absent. */
static u64 key_total(int fd, int m, u32 key)
{
	u64 vals[ncpu_possible], sum = 0;
	long i;

	if (map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &key, vals, 0))
		return 0;
	for (i = 0; i < (is_percpu(m) ? ncpu_possible : 1); i++)
		sum += vals[i];
	return sum;
}

static volatile int stop;
static int map_fds[NR_MAPS];

struct worker {
	pthread_t thread;
	int cpu;
	u64 calls;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;
	u64 n = 0;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		w->cpu = -1;
	while (!stop) {
		syscall(SYS_getpid);
		n++;
	}
	w->calls = n;
	return NULL;
}

/* What the user thread found wrong, and how much it did. */
struct user_result {
	u64 ops, bad_model, bad_monotonic, bad_errno;
};

/*
 * The user thread's keys, with a model of each map's content: 0 absent
 * (arrays: zero), else the value last written (per-CPU maps: slot c holds
 * value + c).
 */
static void *user_main(void *arg)
{
	struct user_result *r = arg;
	static u64 model[NR_MAPS][USER_KEYS], last[NR_MAPS][PROG_KEYS];
	u64 vals[ncpu_possible], gen = 0;
	unsigned int seed = 12345;
	long c, e;

	while (!stop) {
		int m = rand_r(&seed) % M_FAIL, op = rand_r(&seed) % 3;
		u32 i = rand_r(&seed) % USER_KEYS;
		u32 key = is_array(m) ? ARRAY_USER + i % (ARRAY_SIZE - ARRAY_USER) :
			  USER_BASE + i;
		u32 pk = rand_r(&seed) % PROG_KEYS;
		int fd = map_fds[m];
		u64 t;

		if (is_array(m))
			i %= ARRAY_SIZE - ARRAY_USER;
		if (is_array(m) && op == 1)
			op = 0;		/* arrays cannot delete */
		if (op == 0) {
			gen++;
			for (c = 0; c < ncpu_possible; c++)
				vals[c] = gen + (is_percpu(m) ? c : 0);
			e = map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &key, vals, 0);
			if (e)
				r->bad_errno++;
			else
				model[m][i] = gen;
		} else if (op == 1) {
			e = map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &key, NULL, 0);
			if (e != (model[m][i] ? 0 : -ENOENT))
				r->bad_model++;
			model[m][i] = 0;
		} else {
			memset(vals, 0, sizeof(vals));
			e = map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &key, vals, 0);
			if (!model[m][i] && !is_array(m)) {
				r->bad_model += e != -ENOENT;
			} else if (e) {
				r->bad_model++;
			} else {
				for (c = 0; c < (is_percpu(m) ? ncpu_possible : 1); c++)
					r->bad_model += vals[c] !=
						(model[m][i] ? model[m][i] + c : 0);
			}
		}
		/* A program counter never goes down. */
		t = key_total(fd, m, pk);
		r->bad_monotonic += t < last[m][pk];
		last[m][pk] = t;
		r->ops++;
	}
	return NULL;
}

static void test_stress(int seconds)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN), c;
	struct kbpf_insn prog[256];
	u32 n = build_counter(prog);
	struct worker *w = calloc(ncpu, sizeof(*w));
	struct user_result ur = { 0 };
	pthread_t user;
	u64 hits = 0, misses = 0, calls = 0, sum[NR_MAPS] = { 0 }, fails[NR_MAPS];
	long kp, tp, lk = -1, lt = -1;
	int m, ok_maps = 1, pinned = 1;
	u32 k;

	map_fds[M_HASH] = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 1024, 0);
	map_fds[M_PHASH] = map_create(KBPF_MAP_TYPE_PERCPU_HASH, 4, 8, 1024, 0);
	map_fds[M_LRU] = map_create(KBPF_MAP_TYPE_LRU_HASH, 4, 8, 1024, 0);
	map_fds[M_ARRAY] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, ARRAY_SIZE, 0);
	map_fds[M_PARRAY] = map_create(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, ARRAY_SIZE, 0);
	map_fds[M_FAIL] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, NR_MAPS, 0);
	for (m = 0; m < NR_MAPS; m++)
		ok_maps &= map_fds[m] >= 0;
	CHECK(ok_maps, "stress_maps_created");
	kp = load(KBPF_PROG_TYPE_KPROBE, prog, n, map_fds, NR_MAPS);
	tp = load(KBPF_PROG_TYPE_TRACEPOINT, prog, n, map_fds, NR_MAPS);
	CHECK(kp >= 0 && tp >= 0, "stress_programs_load (%u insns)", n);
	if (kp >= 0)
		lk = link_create(kp, KBPF_ATTACH_KPROBE, GETPID_SYM);
	if (tp >= 0)
		lt = link_create(tp, KBPF_ATTACH_TRACEPOINT, "syscalls:sys_enter_getpid");
	CHECK(lk >= 0 && lt >= 0, "stress_kprobe_and_tracepoint_attached");
	if (!ok_maps || lk < 0 || lt < 0)
		goto out;

	stop = 0;
	for (c = 0; c < ncpu; c++) {
		w[c].cpu = c;
		pthread_create(&w[c].thread, NULL, worker_main, &w[c]);
	}
	pthread_create(&user, NULL, user_main, &ur);
	sleep(seconds);
	stop = 1;
	pthread_join(user, NULL);
	for (c = 0; c < ncpu; c++) {
		pthread_join(w[c].thread, NULL);
		calls += w[c].calls;
		pinned &= w[c].cpu == c;
	}
	/* Every call returned: the runs are done and the counts final. */
	{
		struct kbpf_link_info a = link_info(lk), b = link_info(lt);

		hits = a.hit_cnt + b.hit_cnt;
		misses = a.miss_cnt + b.miss_cnt;
	}
	memset(fails, 0, sizeof(fails));
	for (m = 0; m < M_FAIL; m++) {
		for (k = 0; k < PROG_KEYS; k++)
			sum[m] += key_total(map_fds[m], m, k);
		k = m;
		map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, map_fds[M_FAIL], &k, &fails[m], 0);
	}
	printf("# stress: %ld CPUs, %d s: %llu getpid calls, %llu runs, %llu misses, "
	       "%llu user ops\n", ncpu, seconds, (unsigned long long)calls,
	       (unsigned long long)hits, (unsigned long long)misses,
	       (unsigned long long)ur.ops);
	CHECK(pinned, "stress_workers_pinned_to_every_cpu");
	/* Two programs per call; a stray getpid elsewhere would run both too. */
	CHECK(misses == 0 && hits >= 2 * calls && hits <= 2 * calls + 20 && calls > 100,
	      "stress_two_runs_per_call (%llu runs, %llu calls)",
	      (unsigned long long)hits, (unsigned long long)calls);
	for (m = 0; m < M_FAIL; m++) {
		CHECK(sum[m] + fails[m] == hits, "stress_%s_total_exact (%llu + %llu failed inserts)",
		      map_names[m], (unsigned long long)sum[m], (unsigned long long)fails[m]);
	}
	CHECK(ur.ops > 100 && !ur.bad_errno && !ur.bad_model,
	      "stress_user_thread_saw_its_own_writes (%llu ops, %llu wrong, %llu errors)",
	      (unsigned long long)ur.ops, (unsigned long long)ur.bad_model,
	      (unsigned long long)ur.bad_errno);
	CHECK(!ur.bad_monotonic, "stress_program_counters_never_decrease");
out:
	if (lk >= 0)
		close(lk);
	if (lt >= 0)
		close(lt);
	if (kp >= 0)
		close(kp);
	if (tp >= 0)
		close(tp);
	for (m = 0; m < NR_MAPS; m++)
		if (map_fds[m] >= 0)
			close(map_fds[m]);
	free(w);
}

/*
 * Helper bodies as the module runs them: a kprobe program on getpid that
 * acts only for the tgid in the control value, where it also finds a user
 * address to read and an unmapped one. Layout of the value (u64 slots):
 * 0 tgid, 1 address, 2 uid_gid, 3 boot ns, 4 read ret, 5 read value,
 * 6 bad address, 7 bad read ret, 8 bad read value.
 */
static const struct kbpf_insn helpers_prog[] = {
	ST(W, 10, -4, 0), LD_MAPIDX(1, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
	CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 22), MOV64_REG(8, 0),
	CALL_HELPER(14), ALU64_IMM(RSH, 0, 32), LDX(DW, 1, 8, 0),
	JMP_REG(JNE, 0, 1, 17),
	CALL_HELPER(15), STX(DW, 8, 0, 16),
	CALL_HELPER(125), STX(DW, 8, 0, 24),
	MOV64_REG(1, 8), ALU64_IMM(ADD, 1, 40), MOV64_IMM(2, 8), LDX(DW, 3, 8, 8),
	CALL_HELPER(112), STX(DW, 8, 0, 32),
	MOV64_REG(1, 8), ALU64_IMM(ADD, 1, 64), MOV64_IMM(2, 8), LDX(DW, 3, 8, 48),
	CALL_HELPER(112), STX(DW, 8, 0, 56),
	ST(DW, 8, 0, 0),
	MOV64_IMM(0, 0), EXIT(),
};

static volatile u64 magic = 0x1122334455667788ULL;

static u64 boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void test_helpers(void)
{
	int ctl = map_create(KBPF_MAP_TYPE_ARRAY, 4, 72, 1, 0), status = -1;
	long prog = load(KBPF_PROG_TYPE_KPROBE, helpers_prog, N_INSNS(helpers_prog), &ctl, 1);
	long link = prog >= 0 ? link_create(prog, KBPF_ATTACH_KPROBE, GETPID_SYM) : -1;
	u64 v[9] = { 0 }, t0, t1;
	u32 k = 0;
	pid_t pid;

	CHECK(ctl >= 0 && prog >= 0 && link >= 0, "helpers_prog_attached");
	if (link < 0)
		goto out;
	t0 = boot_ns();
	pid = fork();
	if (!pid) {
		v[0] = getpid();
		v[1] = (uintptr_t)&magic;
		v[6] = (uintptr_t)unmapped_page();
		if (map_elem(KBPF_IOC_MAP_UPDATE_ELEM, ctl, &k, v, 0) ||
		    setresgid(1234, 1234, 1234) || setresuid(4321, 4321, 4321))
			_exit(1);
		syscall(SYS_getpid);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	t1 = boot_ns();
	CHECK(status == 0 && !map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, ctl, &k, v, 0) && !v[0],
	      "helpers_ran_once_in_the_child");
	CHECK(v[2] == (1234ULL << 32 | 4321), "helpers_get_current_uid_gid (0x%llx)",
	      (unsigned long long)v[2]);
	CHECK(v[3] >= t0 && v[3] <= t1, "helpers_ktime_get_boot_ns_between (%llu in %llu..%llu)",
	      (unsigned long long)v[3], (unsigned long long)t0, (unsigned long long)t1);
	CHECK(v[4] == 0 && v[5] == magic, "helpers_probe_read_user (ret %lld, 0x%llx)",
	      (long long)v[4], (unsigned long long)v[5]);
	CHECK((long long)v[7] == -EFAULT && v[8] == 0,
	      "helpers_probe_read_user_unmapped_efault_zeroed (ret %lld)", (long long)v[7]);
out:
	if (link >= 0)
		close(link);
	if (prog >= 0)
		close(prog);
	if (ctl >= 0)
		close(ctl);
}

/*
 * NMIs: sysrq 'l' sends one to every other CPU (an all-CPU backtrace)
 * and each fires nmi:nmi_handler there. The backtraces go to the log
 * only: the console level is lowered meanwhile, so the harness does not
 * take them for a crash.
 */
#define NMI_ROUNDS	20

static void test_nmi(void)
{
	static const struct kbpf_insn count[] = {
		ST(W, 10, -4, 0), LD_MAPIDX(1, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
		CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 2), MOV64_IMM(1, 1),
		ATOMIC(DW, KBPF_ADD, 0, 1, 0), MOV64_IMM(0, 0), EXIT(),
	};
	char level[64] = "";
	int ctl, i, fd;
	long prog, link;
	struct kbpf_link_info info;
	u64 runs = ~0ULL;
	u32 k = 0;

	if (access("/proc/sysrq-trigger", W_OK) ||
	    access("/sys/kernel/tracing/events/nmi/nmi_handler", F_OK) ||
	    sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("ok - " E2E_SUITE "/nmi_programs_not_run # SKIP no sysrq, "
		       "nmi tracepoint or second CPU\n");
		return;
	}
	ctl = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	prog = load(KBPF_PROG_TYPE_TRACEPOINT, count, N_INSNS(count), &ctl, 1);
	link = prog >= 0 ? link_create(prog, KBPF_ATTACH_TRACEPOINT, "nmi:nmi_handler") : -1;
	CHECK(link >= 0, "nmi_tracepoint_attached");
	if (link < 0)
		goto out;
	fd = open("/proc/sys/kernel/printk", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, level, sizeof(level) - 1) < 0)
			level[0] = 0;
		close(fd);
	}
	write_str("/proc/sys/kernel/printk", "1");
	for (i = 0; i < NMI_ROUNDS; i++) {
		write_str("/proc/sysrq-trigger", "l");
		usleep(20000);
	}
	sleep(1);
	if (level[0])
		write_str("/proc/sys/kernel/printk", level);
	info = link_info(link);
	map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, ctl, &k, &runs, 0);
	printf("# nmi: %llu runs, %llu misses, counter %llu\n", (unsigned long long)info.hit_cnt,
	       (unsigned long long)info.miss_cnt, (unsigned long long)runs);
	CHECK(info.miss_cnt >= NMI_ROUNDS && info.hit_cnt == 0 && runs == 0,
	      "nmi_programs_not_run_counted_missed (%llu misses)",
	      (unsigned long long)info.miss_cnt);
out:
	if (link >= 0)
		close(link);
	if (prog >= 0)
		close(prog);
	if (ctl >= 0)
		close(ctl);
}

/*
 * Memory cgroups: a child in cgroup kbpf_memcg creates a BPF_F_NO_PREALLOC
 * hash, moves itself back to the root cgroup, and inserts 1024 elements
 * of 4 KiB: they are charged to kbpf_memcg, where the map was created.
 */
#define CG	"/sys/fs/cgroup"
#define CG_A	CG "/kbpf_memcg"

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void test_memcg(void)
{
	long r[3] = { -1, -1, -1 };
	int p[2], status;
	char pid[32];

	mkdir(CG, 0755);
	if (access(CG "/cgroup.procs", F_OK))
		mount("none", CG, "cgroup2", 0, NULL);
	write_str(CG "/cgroup.subtree_control", "+memory");
	mkdir(CG_A, 0755);
	if (access(CG_A "/memory.current", F_OK)) {
		printf("ok - " E2E_SUITE "/memcg_charged_to_creator # SKIP no cgroup2 memory "
		       "controller\n");
		rmdir(CG_A);
		return;
	}
	if (pipe(p))
		return;
	if (!fork()) {
		static char value[4096];
		u32 k;
		long fd, err = 0;

		snprintf(pid, sizeof(pid), "%d", getpid());
		if (!write_str(CG_A "/cgroup.procs", pid))
			_exit(1);
		fd = map_create(KBPF_MAP_TYPE_HASH, 4, sizeof(value), 2048, KBPF_F_NO_PREALLOC);
		if (fd < 0 || !write_str(CG "/cgroup.procs", pid))
			_exit(2);
		r[0] = read_long(CG_A "/memory.current");
		for (k = 0; k < 1024 && !err; k++)
			err = map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &k, value, 0);
		r[1] = read_long(CG_A "/memory.current");
		for (k = 0; k < 1024; k++)
			map_elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &k, NULL, 0);
		close(fd);
		sleep(1);	/* the elements go after a grace period */
		r[2] = read_long(CG_A "/memory.current");
		if (write(p[1], r, sizeof(r)) != sizeof(r) || err)
			_exit(3);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], r, sizeof(r)) != sizeof(r))
		r[0] = -1;
	close(p[0]);
	wait(&status);
	printf("# memcg: kbpf_memcg memory.current %ld before, %ld with 1024 elements, "
	       "%ld after\n", r[0], r[1], r[2]);
	CHECK(status == 0 && r[0] >= 0 && r[1] - r[0] >= 1024 * 4096L,
	      "memcg_no_prealloc_elements_charged_to_creator (+%ld bytes)", r[1] - r[0]);
	CHECK(status == 0 && r[2] >= 0 && r[1] - r[2] >= 1024 * 4096L,
	      "memcg_uncharged_when_freed (-%ld bytes)", r[1] - r[2]);
	rmdir(CG_A);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 4;

	ncpu_possible = possible_cpus();
	dev = open("/dev/kbpf", O_RDWR);
	CHECK(dev >= 0, "open_device");
	if (dev < 0)
		return 1;
	test_helpers();
	test_nmi();
	test_memcg();
	test_stress(seconds);
	close(dev);
	return failed;
}
