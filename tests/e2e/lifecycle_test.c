// SPDX-License-Identifier: GPL-2.0-only
/*
 * Object lifecycle under load, in the guest as root. While one worker
 * per CPU makes hook events without pause (getpid for a kprobe,
 * prctl(PR_SET_NAME) for task:task_rename), several processes create,
 * load, attach, detach and close maps, programs (most referencing a map)
 * and links (kprobe, tracepoint, raw tracepoint) by the thousand, and
 * victim processes are SIGKILLed at random moments in the middle of their
 * loads and attaches. Afterwards no object id may remain that did not
 * exist before, and the kernel's unreclaimable slab, per-CPU and vmalloc
 * memory must be back at their starting level (Documentation/security.md
 * gives the tolerance and the measurements behind it).
 *
 *   lifecycle_test [heavy]	the run; "heavy" (the debug guest) also
 *				churns kprobes on the function the workers
 *				call, and runs longer
 *   lifecycle_test hold	rmmod while another process holds attached
 *				links and descriptors: refused
 *
 * Prints TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#define E2E_SUITE "lifecycle"
#include "e2e.h"

#if defined(__x86_64__)
#define GETPID_SYM	"__x64_sys_getpid"
#define GETPPID_SYM	"__x64_sys_getppid"
#elif defined(__aarch64__)
#define GETPID_SYM	"__arm64_sys_getpid"
#define GETPPID_SYM	"__arm64_sys_getppid"
#endif

#define MAX_WORKERS	64
#define MAX_IDS		4096
#define BIG_INSNS	2000

/*
 * The kprobe target the churn attaches to. In the stock guests it is a
 * function nothing calls during the run: Debian's stock kernel oopses when
 * a kprobe is added or removed on a function another CPU is entering, with
 * or without kbpf (Documentation/hooks.md, "Known problems"). The debug
 * guest churns on the getpid the workers call.
 */
static const char *kp_target = GETPPID_SYM;

static int load_insns(u32 type, const struct kbpf_insn *insns, u32 cnt)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = type, .insns = (uintptr_t)insns,
		.insn_cnt = cnt, .license = (uintptr_t)"GPL",
	};

	return call(KBPF_IOC_PROG_LOAD, &a);
}

#define LD_MAP_FD(d, fd)						\
	INSN(KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_FD, 0, fd), INSN(0, 0, 0, 0, 0)

/* Counts its runs in entry 0 of @map (when the key exists): 13 insns. */
static int load_counter(u32 type, int map)
{
	const struct kbpf_insn insns[] = {
		ST(W, 10, -4, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
		LD_MAP_FD(1, map), CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 2),
		MOV64_IMM(1, 1), ATOMIC(DW, KBPF_ADD, 0, 1, 0),
		MOV64_IMM(0, 0), EXIT(),
	};

	return load_insns(type, insns, sizeof(insns) / sizeof(insns[0]));
}

/* A long program referencing @map: its load takes a while to kill into. */
static int load_big(u32 type, int map)
{
	static struct kbpf_insn insns[BIG_INSNS];
	const struct kbpf_insn head[] = {
		ST(W, 10, -4, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
		LD_MAP_FD(1, map), CALL_HELPER(1), MOV64_IMM(7, 0),
	};
	u32 n = sizeof(head) / sizeof(head[0]), i;

	memcpy(insns, head, sizeof(head));
	for (i = n; i < BIG_INSNS - 2; i++)
		insns[i] = (struct kbpf_insn)ALU64_IMM(ADD, 7, 1);
	insns[i++] = (struct kbpf_insn)MOV64_IMM(0, 0);
	insns[i++] = (struct kbpf_insn)EXIT();
	return load_insns(type, insns, i);
}

static long link_create(int prog, u32 type, const char *target, u32 nr_args)
{
	struct kbpf_link_create a = {
		.size = sizeof(a), .prog_fd = prog, .attach_type = type,
		.target = (uintptr_t)target, .nr_args = nr_args,
	};

	return call(KBPF_IOC_LINK_CREATE, &a);
}

static long link_detach(int link)
{
	struct kbpf_link_detach a = { .size = sizeof(a), .link_fd = link };

	return call(KBPF_IOC_LINK_DETACH, &a);
}

static const u32 map_types[] = {
	KBPF_MAP_TYPE_ARRAY, KBPF_MAP_TYPE_HASH, KBPF_MAP_TYPE_PERCPU_ARRAY,
	KBPF_MAP_TYPE_PERCPU_HASH,
};

/* One hook of each kind, chosen by @n. */
static int attach(int n, int kp, int tp, int raw)
{
	switch (n % 3) {
	case 0:
		return link_create(kp, n & 4 ? KBPF_ATTACH_KRETPROBE :
				   KBPF_ATTACH_KPROBE, kp_target, 0);
	case 1:
		return link_create(tp, KBPF_ATTACH_TRACEPOINT, "task:task_rename", 0);
	default:
		return link_create(raw, KBPF_ATTACH_RAW_TRACEPOINT, "task_rename", 2);
	}
}

static long msec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct counts {
	long maps, progs, links;
};

/*
 * One round of a churner: four maps (one of each type), three programs
 * referencing one of them, and every third round a link (kprobe,
 * tracepoint, raw tracepoint in turn; links are the expensive part:
 * each detach waits for a grace period). Closed in varying orders: a
 * link outliving its program's descriptor, a program outliving its
 * map's, sometimes detached first. Returns 0 or -errno.
 */
static int churn_round(int n, struct counts *c)
{
	int maps[4], kp, tp, raw, link = -1, i, map;
	u32 zero = 0;
	u64 one[MAX_WORKERS] = { 1 };

	for (i = 0; i < 4; i++) {
		maps[i] = map_create(map_types[i], 4, 8, 4, 0);
		if (maps[i] < 0)
			return maps[i];
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, maps[i], &zero, one, 0);
	}
	c->maps += 4;
	map = maps[n % 4];
	kp = load_counter(KBPF_PROG_TYPE_KPROBE, map);
	tp = load_counter(KBPF_PROG_TYPE_TRACEPOINT, map);
	raw = load_counter(KBPF_PROG_TYPE_RAW_TRACEPOINT, map);
	if (kp < 0 || tp < 0 || raw < 0)
		return kp < 0 ? kp : tp < 0 ? tp : raw;
	c->progs += 3;
	if (n & 1)
		for (i = 0; i < 4; i++)
			close(maps[i]);
	if (n % 3 == 0) {
		link = attach(n / 3, kp, tp, raw);
		if (link < 0)
			return link;
		c->links++;
	}
	if (n & 2)
		close(kp), close(tp), close(raw);
	sched_yield();
	if (link >= 0) {
		if (n % 5 == 0 && link_detach(link))
			return -EIO;
		close(link);
	}
	if (!(n & 2))
		close(kp), close(tp), close(raw);
	if (!(n & 1))
		for (i = 0; i < 4; i++)
			close(maps[i]);
	return 0;
}

static void churner(int rounds, int wfd)
{
	struct counts c = { 0 };
	int n, err = 0;

	for (n = 0; n < rounds && !err; n++)
		err = churn_round(n, &c);
	if (write(wfd, &c, sizeof(c)) != sizeof(c))
		err = -EIO;
	_exit(err ? 1 : 0);
}

/* Loads and attaches without closing anything, until it is killed. */
static void victim(unsigned int seed)
{
	int n;

	for (n = seed; ; n++) {
		int map = map_create(map_types[n % 4], 4, 8, 4, 0);
		int kp = load_big(KBPF_PROG_TYPE_KPROBE, map);
		int tp = load_counter(KBPF_PROG_TYPE_TRACEPOINT, map);
		int raw = load_counter(KBPF_PROG_TYPE_RAW_TRACEPOINT, map);

		attach(n, kp, tp, raw);
		if (n - seed > 200)
			pause();
	}
}

static int worker_nice = 19;

static void worker(int cpu)
{
	cpu_set_t set;
	long n;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	/*
	 * Events on every CPU whenever the churn leaves it: low priority.
	 * Under KASAN the churn alone fills the CPUs: nice 5 there, not 19.
	 */
	if (nice(worker_nice) < 0)
		_exit(1);
	for (n = 0; ; n++) {
		syscall(SYS_getpid);
		if (n & 1)
			prctl(PR_SET_NAME, n & 2 ? "lc_a" : "lc_b");
	}
}

static u32 ids[3][MAX_IDS];
static int nr_ids[3];

/* The ids of one object type now in @out; returns how many (or -1). */
static int list_ids(u32 type, u32 *out, int max)
{
	struct kbpf_get_next_id a = { .size = sizeof(a), .obj_type = type };
	int n = 0;

	while (call(KBPF_IOC_GET_NEXT_ID, &a) == 0) {
		if (n == max)
			return -1;
		out[n++] = a.next_id;
		a.start_id = a.next_id;
	}
	return n;
}

/* Ids present now that were not there at the start, over all types. */
static int new_ids(void)
{
	static u32 now[MAX_IDS];
	int t, i, j, n, extra = 0;

	for (t = 0; t < 3; t++) {
		n = list_ids(t + 1, now, MAX_IDS);
		if (n < 0)
			return MAX_IDS;
		for (i = 0; i < n; i++) {
			for (j = 0; j < nr_ids[t] && ids[t][j] != now[i]; j++)
				;
			if (j == nr_ids[t]) {
				printf("# left over: type %d id %u\n", t + 1, now[i]);
				extra++;
			}
		}
	}
	return extra;
}

struct mem {
	long sunreclaim, percpu, vmalloc;	/* kB */
};

static long meminfo(const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		printf("# %s: %s\n", path, strerror(errno));
	close(fd);
}

/*
 * Memory once the grace periods have passed and the module's free work
 * has run: sleep, drop the page and slab caches, shrink every slab cache
 * (empty slabs on per-CPU partial lists go back; under KASAN this also
 * empties the quarantine of freed objects), sleep again.
 */
static struct mem settle(int seconds)
{
	struct mem m;
	glob_t g;
	size_t i;

	sleep(seconds);
	sync();
	write_file("/proc/sys/vm/drop_caches", "3");
	if (glob("/sys/kernel/slab/*/shrink", 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			write_file(g.gl_pathv[i], "1");
		globfree(&g);
	}
	sleep(1);
	m.sunreclaim = meminfo("SUnreclaim:");
	m.percpu = meminfo("Percpu:");
	m.vmalloc = meminfo("VmallocUsed:");
	return m;
}

static pid_t spawn(void (*fn)(int), int arg)
{
	pid_t pid = fork();

	if (pid == 0)
		fn(arg);
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

/*
 * The load: workers on every CPU, @nchurn churners of @rounds rounds
 * each, and @nkill victims killed after 0-@kill_ms ms. Returns the number
 * of failed churners.
 */
static int run_load(int nchurn, int rounds, int nkill, int kill_ms,
		    struct counts *total)
{
	int ncpu = sysconf(_SC_NPROCESSORS_ONLN), i, bad = 0, status, p[2];
	pid_t workers[MAX_WORKERS], churners[16];

	if (ncpu > MAX_WORKERS)
		ncpu = MAX_WORKERS;
	if (pipe(p))
		return nchurn;
	fflush(stdout);
	for (i = 0; i < ncpu; i++)
		workers[i] = spawn(worker, i);
	for (i = 0; i < nchurn; i++) {
		churners[i] = fork();
		if (churners[i] == 0) {
			close(p[0]);
			churner(rounds, p[1]);
		}
	}
	close(p[1]);
	for (i = 0; i < nkill; i++) {
		pid_t v = fork();

		if (v == 0)
			victim(i * 7);
		usleep((rand() % (kill_ms + 1)) * 1000);
		reap(v);

	}
	for (i = 0; i < nchurn; i++) {
		struct counts c;

		waitpid(churners[i], &status, 0);
		bad += !WIFEXITED(status) || WEXITSTATUS(status);
		if (read(p[0], &c, sizeof(c)) == sizeof(c)) {
			total->maps += c.maps;
			total->progs += c.progs;
			total->links += c.links;
		}
	}
	close(p[0]);
	for (i = 0; i < ncpu; i++)
		reap(workers[i]);
	return bad;
}

/*
 * The tolerances, in kB. Repeated runs in one stock guest after the
 * first grew SUnreclaim by 12-44 kB, VmallocUsed by 0-16 kB, Percpu by 0
 * (slab pages kept on per-CPU partial lists, the forked processes' own
 * kernel memory). The first run after boot grows SUnreclaim and
 * VmallocUsed by about 3 MB each, caches that stay (slabs, vmap'ed
 * stacks, JIT arena pages): the warm-up round takes that growth before
 * the first measurement. A leak of half a kilobyte per object of the
 * run's 2,000 or more would exceed 1 MB.
 */
#define TOL_SLAB_KB	1024
#define TOL_PERCPU_KB	128
#define TOL_VMALLOC_KB	512

/*
 * Links held for the whole run, attached before the workers start and
 * closed after they stop: the task_rename tracepoint's static key and, in
 * the stock guests, getpid's kprobe stay enabled, so the churn never
 * patches code a worker is executing. Toggling them under the workers'
 * feet hangs the stock guest (Documentation/hooks.md, "Known problems").
 * Their maps count the events the workers made.
 */
static int anchor_map[2], anchor_prog[2], anchor_link[2];

static void anchors_attach(int heavy)
{
	u32 zero = 0;
	u64 v[MAX_WORKERS] = { 0 };
	int i;

	for (i = 0; i < 2; i++) {
		anchor_map[i] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, anchor_map[i], &zero, v, 0);
		anchor_prog[i] = load_counter(i ? KBPF_PROG_TYPE_KPROBE :
					      KBPF_PROG_TYPE_RAW_TRACEPOINT,
					      anchor_map[i]);
	}
	anchor_link[0] = link_create(anchor_prog[0], KBPF_ATTACH_RAW_TRACEPOINT,
				     "task_rename", 2);
	anchor_link[1] = heavy ? -1 : link_create(anchor_prog[1],
						  KBPF_ATTACH_KPROBE, GETPID_SYM, 0);
}

static u64 anchor_count(int i)
{
	u64 v[MAX_WORKERS] = { 0 };
	u32 zero = 0;

	map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, anchor_map[i], &zero, v, 0);
	return v[0];
}

static void anchors_close(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (anchor_link[i] >= 0)
			close(anchor_link[i]);
		close(anchor_prog[i]);
		close(anchor_map[i]);
	}
}

static void test_lifecycle(int heavy)
{
	struct counts total = { 0 }, warm = { 0 };
	int rounds = heavy ? 50 : 75, nkill = heavy ? 8 : 12;
	int settle_s = heavy ? 3 : 1, t, extra, bad, tries;
	struct mem before, after;
	long start;
	u64 renames, getpids;

	for (t = 0; t < 3; t++)
		nr_ids[t] = list_ids(t + 1, ids[t], MAX_IDS);
	CHECK(nr_ids[0] >= 0 && nr_ids[1] >= 0 && nr_ids[2] >= 0,
	      "ids_listed (%d progs, %d maps, %d links before)",
	      nr_ids[0], nr_ids[1], nr_ids[2]);
	anchors_attach(heavy);
	CHECK(anchor_link[0] >= 0 && (heavy || anchor_link[1] >= 0),
	      "anchor_links_attached");
	/*
	 * A warm-up as large as the run fills the caches that stay: with
	 * everything merged a shorter one left up to 1.5 MB of one-time
	 * vmalloc growth for the measured run (and none for later runs).
	 */
	run_load(4, rounds, nkill, heavy ? 100 : 20, &warm);
	before = settle(settle_s);
	renames = anchor_count(0);
	getpids = anchor_count(1);
	start = msec();
	bad = run_load(4, rounds, nkill, heavy ? 100 : 20, &total);
	CHECK(!bad, "churn_under_load (%ld maps, %ld programs, %ld links in 4 processes, %d killed mid-load, %ld ms)",
	      total.maps, total.progs, total.links, nkill, msec() - start);
	CHECK(total.maps == 16 * rounds, "churn_counts_all_rounds");
	renames = anchor_count(0) - renames;
	getpids = anchor_count(1) - getpids;
	CHECK(renames > 1000 && (heavy || getpids > 1000),
	      "hooks_fired_during_churn (%llu task_rename, %llu getpid)",
	      (unsigned long long)renames, (unsigned long long)getpids);
	anchors_close();
	/* Killed processes' descriptors close in their exit: no wait needed. */
	for (tries = 0; (extra = new_ids()) && tries < 10; tries++)
		sleep(1);
	CHECK(!extra, "no_ids_left (%d new)", extra);
	/*
	 * Measured once everything is released. Frees that wait for a grace
	 * period or a worker (objects, vfree'd stacks of the killed
	 * processes) may need a few more seconds on a loaded host; a leak
	 * never comes back, so a few tries cost nothing in rigour.
	 */
	for (tries = 0; tries < 5; tries++) {
		after = settle(settle_s);
		if (after.sunreclaim - before.sunreclaim <= TOL_SLAB_KB &&
		    after.percpu - before.percpu <= TOL_PERCPU_KB &&
		    after.vmalloc - before.vmalloc <= TOL_VMALLOC_KB)
			break;
	}
	CHECK(after.sunreclaim - before.sunreclaim <= TOL_SLAB_KB,
	      "sunreclaim_returns (%ld -> %ld kB, tolerance %d)",
	      before.sunreclaim, after.sunreclaim, TOL_SLAB_KB);
	CHECK(after.percpu - before.percpu <= TOL_PERCPU_KB,
	      "percpu_returns (%ld -> %ld kB, tolerance %d)",
	      before.percpu, after.percpu, TOL_PERCPU_KB);
	CHECK(after.vmalloc - before.vmalloc <= TOL_VMALLOC_KB,
	      "vmalloc_returns (%ld -> %ld kB, tolerance %d)",
	      before.vmalloc, after.vmalloc, TOL_VMALLOC_KB);
}

/* How many runs the holder's programs made: entry 0 of each map. */
static u64 hold_runs(const int *maps)
{
	u64 v[MAX_WORKERS], sum = 0;
	u32 zero = 0;
	int i;

	for (i = 0; i < 3; i++) {
		memset(v, 0, sizeof(v));
		map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, maps[i], &zero, v, 0);
		sum += v[0];
	}
	return sum;
}

/*
 * A child holds a map, programs and attached kprobe, tracepoint and raw
 * tracepoint links; this process closes its own device descriptor. rmmod
 * must be refused while the child lives, and the links keep running.
 * The child is then SIGKILLed: guest.sh's rmmod that follows must succeed.
 */
static void test_hold(void)
{
	int ready[2], go[2], result[2], ok = 0;
	char c = 0;
	u64 runs[2] = { 0 };
	pid_t pid;

	if (pipe(ready) || pipe(go) || pipe(result))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int maps[3], progs[3], i;
		u32 zero = 0;
		u64 one = 1;

		for (i = 0; i < 3; i++) {
			maps[i] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
			progs[i] = load_counter(i == 0 ? KBPF_PROG_TYPE_KPROBE :
						i == 1 ? KBPF_PROG_TYPE_TRACEPOINT :
						KBPF_PROG_TYPE_RAW_TRACEPOINT, maps[i]);
			map_elem(KBPF_IOC_MAP_UPDATE_ELEM, maps[i], &zero, &one, 0);
		}
		ok = link_create(progs[0], KBPF_ATTACH_KPROBE, GETPID_SYM, 0) >= 0 &&
		     link_create(progs[1], KBPF_ATTACH_TRACEPOINT, "task:task_rename", 0) >= 0 &&
		     link_create(progs[2], KBPF_ATTACH_RAW_TRACEPOINT, "task_rename", 2) >= 0;
		if (write(ready[1], &ok, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		runs[0] = hold_runs(maps);
		syscall(SYS_getpid);
		prctl(PR_SET_NAME, "lc_hold");
		runs[1] = hold_runs(maps);
		if (write(result[1], runs, sizeof(runs)) != sizeof(runs))
			_exit(1);
		pause();
	}
	close(dev);
	c = 0;
	CHECK(read(ready[0], &c, 1) == 1 && c, "holder_attached");
	CHECK(system("rmmod kbpf 2>/dev/null") != 0 &&
	      access("/dev/kbpf", F_OK) == 0,
	      "rmmod_refused_while_process_holds_links");
	if (write(go[1], "g", 1) == 1 &&
	    read(result[0], runs, sizeof(runs)) == sizeof(runs))
		ok = runs[1] >= runs[0] + 3;
	CHECK(ok, "holder_links_run_after_refused_rmmod (%llu -> %llu)",
	      (unsigned long long)runs[0], (unsigned long long)runs[1]);
	reap(pid);
}

int main(int argc, char **argv)
{
	int heavy = argc > 1 && !strcmp(argv[1], "heavy");

	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0) {
		printf("not ok - lifecycle/setup (errno %d)\n", errno);
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "hold")) {
		test_hold();
		return failed;
	}
	if (heavy) {
		kp_target = GETPID_SYM;
		worker_nice = 5;
	}
	srand(time(NULL));
	test_lifecycle(heavy);
	return failed;
}
