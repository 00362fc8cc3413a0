// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench [REPEAT]: runs the loops of loops.h in kbpf and in the guest
 * kernel's own BPF, side by side, through each one's test-run command,
 * and prints ns per loop iteration as a Markdown table:
 *
 *   kbpf interp  kbpf.ko with jit=0 (or without a JIT)
 *   kbpf JIT     kbpf.ko with jit=1, when the module has a JIT
 *   Linux interp bpf(BPF_PROG_LOAD) with net.core.bpf_jit_enable=0
 *   Linux JIT    the same with bpf_jit_enable=1
 *
 * Every engine runs the same bytecode as a socket filter on the same
 * 64-byte packet and must return the same r0; a loop an engine refuses is
 * shown as "-". Runs in the stock guest (tests/bench/run.sh).
 *
 * A second table times bpf_tail_call: a socket filter that tail-calls
 * itself through slot 0 of a prog_array until the limit (33 calls, the
 * 34th falls through and returns 1), per tail call.
 *
 * A third times bpf_map_lookup_elem: MAP_ITERS lookups per run of keys 0..7
 * in an array and in a hash map of 8 entries (value k * 3 + 1 at key k),
 * each value found added to r0, which every engine must agree on; ns per
 * lookup (loop included).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../../uapi/linux/kbpf.h"
#include "loops.h"
#include "params.h"

#define JIT_SYSCTL	"/proc/sys/net/core/bpf_jit_enable"
#define KBPF_JIT_PARAM	"/sys/module/kbpf/parameters/jit"

enum engine { KBPF_INTERP, KBPF_JIT, LINUX_INTERP, LINUX_JIT, NR_ENGINES };

static const char *const engine_names[] = {
	"kbpf interp", "kbpf JIT", "Linux interp", "Linux JIT",
};

static int dev = -1;
static unsigned int repeat = 200;
#define ROUNDS	5
static char log_buf[65536];

/* ns per iteration, or a negative errno; r0 of the run in *ret. */
/* Native code size per loop (bytes), as bpftool prog dump jited counts it. */
static uint32_t kbpf_jited_size[16], linux_jited_size[16];

static void linux_code_size(int fd, const struct bench_loop *l)
{
	struct bpf_prog_info info;
	union bpf_attr a;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info = (uintptr_t)&info;
	a.info.info_len = sizeof(info);
	if (!syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)) && info.jited_prog_len)
		linux_jited_size[l - bench_loops] = info.jited_prog_len;
}

static void kbpf_code_size(int fd, const struct bench_loop *l)
{
	struct kbpf_prog_info info;
	struct kbpf_obj_get_info gi = { .size = sizeof(gi), .fd = fd,
					.info = (uintptr_t)&info,
					.info_len = sizeof(info) };

	memset(&info, 0, sizeof(info));
	if (!ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &gi) && info.jited_size)
		kbpf_jited_size[l - bench_loops] = info.jited_size;
}

/* A socket filter through bpf(2): its descriptor, or -errno (with the log). */
static int linux_load(const struct kbpf_insn *insns, uint32_t len, const char *name)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = len;
	a.license = (uintptr_t)"GPL";
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0) {	/* again with a log, to say why */
		int err = errno;

		a.log_buf = (uintptr_t)log_buf;
		a.log_size = sizeof(log_buf);
		a.log_level = 1;
		syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
		fprintf(stderr, "Linux refused %s: %s\n%s\n", name, strerror(err), log_buf);
		return -err;
	}
	return fd;
}

/* BPF_PROG_TEST_RUN on the 64-byte packet: ns per run, or -errno. */
static double linux_test_run(int fd, uint64_t *ret)
{
	uint8_t pkt[64] = { 0 };
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = (uintptr_t)pkt;
	a.test.data_size_in = sizeof(pkt);
	a.test.repeat = repeat;
	if (syscall(__NR_bpf, BPF_PROG_TEST_RUN, &a, sizeof(a)))
		return -errno;
	*ret = a.test.retval;
	return a.test.duration;
}

static double run_linux(const struct bench_loop *l, uint64_t *ret)
{
	int fd = linux_load(l->insns, l->len, l->name);
	double t;

	if (fd < 0)
		return fd;
	t = linux_test_run(fd, ret);
	if (t >= 0) {
		t /= ITERS;
		linux_code_size(fd, l);
	}
	close(fd);
	return t;
}

static double run_kbpf(const struct bench_loop *l, uint64_t *ret)
{
	struct kbpf_prog_load load = {
		.size = sizeof(load),
		.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)l->insns,
		.insn_cnt = l->len,
		.license = (uintptr_t)"GPL",
	};
	struct kbpf_prog_test_run run = { .size = sizeof(run), .repeat = repeat };
	int fd = ioctl(dev, KBPF_IOC_PROG_LOAD, &load);

	if (fd < 0) {	/* again with a log, to say why */
		load.log_level = 1;
		load.log_buf = (uintptr_t)log_buf;
		load.log_size = sizeof(log_buf);
		ioctl(dev, KBPF_IOC_PROG_LOAD, &load);
		fprintf(stderr, "kbpf refused %s: %s\n%s\n", l->name, strerror(errno), log_buf);
		return -errno;
	}
	run.prog_fd = fd;
	if (ioctl(dev, KBPF_IOC_PROG_TEST_RUN, &run)) {
		close(fd);
		return -errno;
	}
	kbpf_code_size(fd, l);
	close(fd);
	*ret = run.retval;
	return (double)run.duration_ns / ITERS;
}

/* The self-tail-calling program, its lddw pointing at map @fd. */
#define TAIL_CALLS_PER_RUN	33

static void tail_prog(struct kbpf_insn *insns, int fd)
{
	const struct kbpf_insn p[] = {
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, KBPF_PSEUDO_MAP_FD, 0, fd),
		INSN(0, 0, 0, 0, 0),
		MOV64_IMM(3, 0),
		CALL_HELPER(12),
		MOV64_IMM(0, 1),
		EXIT(),
	};

	memcpy(insns, p, sizeof(p));
}

#define TAIL_LEN	6

/* ns per tail call in kbpf, or a negative errno. */
static double tail_kbpf(uint64_t *ret)
{
	struct kbpf_insn insns[TAIL_LEN];
	struct kbpf_map_create mc = {
		.size = sizeof(mc), .map_type = KBPF_MAP_TYPE_PROG_ARRAY,
		.key_size = 4, .value_size = 4, .max_entries = 1,
	};
	struct kbpf_prog_load load = {
		.size = sizeof(load), .prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)insns, .insn_cnt = TAIL_LEN,
		.license = (uintptr_t)"GPL",
	};
	struct kbpf_prog_test_run run = { .size = sizeof(run), .repeat = repeat };
	uint8_t pkt[64] = { 0 };
	uint32_t key = 0, val;
	struct kbpf_map_elem me = {
		.size = sizeof(me), .key = (uintptr_t)&key, .value = (uintptr_t)&val,
	};
	int map = ioctl(dev, KBPF_IOC_MAP_CREATE, &mc), fd = -1;
	double t = -errno;

	if (map < 0)
		return t;
	tail_prog(insns, map);
	fd = ioctl(dev, KBPF_IOC_PROG_LOAD, &load);
	val = fd;
	me.map_fd = map;
	run.prog_fd = fd;
	run.data_in = (uintptr_t)pkt;
	run.data_size_in = sizeof(pkt);
	if (fd < 0 || ioctl(dev, KBPF_IOC_MAP_UPDATE_ELEM, &me) ||
	    ioctl(dev, KBPF_IOC_PROG_TEST_RUN, &run)) {
		t = -errno;
	} else {
		*ret = run.retval;
		t = (double)run.duration_ns / TAIL_CALLS_PER_RUN;
	}
	if (fd >= 0) {
		ioctl(dev, KBPF_IOC_MAP_DELETE_ELEM, &me);
		close(fd);
	}
	close(map);
	return t;
}

/* The same through bpf(2). */
static double tail_linux(uint64_t *ret)
{
	struct kbpf_insn insns[TAIL_LEN];
	uint32_t key = 0, val;
	union bpf_attr a;
	int map, fd;
	double t;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_PROG_ARRAY;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 1;
	map = syscall(__NR_bpf, BPF_MAP_CREATE, &a, sizeof(a));
	if (map < 0)
		return -errno;
	tail_prog(insns, map);
	fd = linux_load(insns, TAIL_LEN, "the tail call");
	t = fd;
	if (fd >= 0) {
		val = fd;
		memset(&a, 0, sizeof(a));
		a.map_fd = map;
		a.key = (uintptr_t)&key;
		a.value = (uintptr_t)&val;
		t = syscall(__NR_bpf, BPF_MAP_UPDATE_ELEM, &a, sizeof(a)) ? -errno :
		    linux_test_run(fd, ret);
		if (t >= 0)
			t /= TAIL_CALLS_PER_RUN;
		a.value = 0;
		syscall(__NR_bpf, BPF_MAP_DELETE_ELEM, &a, sizeof(a));
		close(fd);
	}
	close(map);
	return t;
}

/* The map lookup loop, its lddw pointing at map @fd. */
#define MAP_LEN		19
#define MAP_KEYS	8
/* Fewer than ITERS: both verifiers walk the loop iteration by iteration. */
#define MAP_ITERS	1000

static void map_prog(struct kbpf_insn *insns, int fd)
{
	const struct kbpf_insn p[] = {
		MOV64_IMM(6, 0),
		MOV64_IMM(7, MAP_ITERS),
		MOV64_REG(1, 7),
		ALU64_IMM(AND, 1, MAP_KEYS - 1),
		STX(W, 10, 1, -4),
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, fd),
		INSN(0, 0, 0, 0, 0),
		MOV64_REG(2, 10),
		ALU64_IMM(ADD, 2, -4),
		CALL_HELPER(1),
		/* Every key is there: NULL leaves the loop, one path goes on. */
		JMP_IMM(JEQ, 0, 0, 6),
		LDX(DW, 1, 0, 0),
		ALU64_REG(ADD, 6, 1),
		ALU64_IMM(SUB, 7, 1),
		JMP_IMM(JNE, 7, 0, -13),
		MOV64_REG(0, 6),
		EXIT(),
		MOV64_IMM(0, 0),
		EXIT(),
	};

	memcpy(insns, p, sizeof(p));
}

static const char *const map_names[] = { "array", "hash" };
static const uint32_t map_types[] = { KBPF_MAP_TYPE_ARRAY, KBPF_MAP_TYPE_HASH };
#define NR_MAP_KINDS	2

/* ns per lookup in kbpf, or a negative errno. */
static double map_kbpf(int kind, uint64_t *ret)
{
	struct kbpf_insn insns[MAP_LEN];
	struct kbpf_map_create mc = {
		.size = sizeof(mc), .map_type = map_types[kind],
		.key_size = 4, .value_size = 8, .max_entries = MAP_KEYS,
	};
	struct kbpf_prog_load load = {
		.size = sizeof(load), .prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)insns, .insn_cnt = MAP_LEN,
		.license = (uintptr_t)"GPL",
	};
	struct kbpf_prog_test_run run = { .size = sizeof(run), .repeat = repeat };
	uint8_t pkt[64] = { 0 };
	uint32_t key;
	uint64_t val;
	struct kbpf_map_elem me = {
		.size = sizeof(me), .key = (uintptr_t)&key, .value = (uintptr_t)&val,
	};
	int map = ioctl(dev, KBPF_IOC_MAP_CREATE, &mc), fd = -1;
	double t = -errno;

	if (map < 0)
		return t;
	me.map_fd = map;
	for (key = 0; key < MAP_KEYS; key++) {
		val = key * 3 + 1;
		if (ioctl(dev, KBPF_IOC_MAP_UPDATE_ELEM, &me)) {
			t = -errno;
			goto out;
		}
	}
	map_prog(insns, map);
	fd = ioctl(dev, KBPF_IOC_PROG_LOAD, &load);
	if (fd < 0) {	/* again with a log, to say why */
		load.log_level = 1;
		load.log_buf = (uintptr_t)log_buf;
		load.log_size = sizeof(log_buf);
		ioctl(dev, KBPF_IOC_PROG_LOAD, &load);
		fprintf(stderr, "kbpf refused %s lookup:\n%s\n", map_names[kind], log_buf);
	}
	run.prog_fd = fd;
	run.data_in = (uintptr_t)pkt;
	run.data_size_in = sizeof(pkt);
	if (fd < 0 || ioctl(dev, KBPF_IOC_PROG_TEST_RUN, &run)) {
		t = -errno;
	} else {
		*ret = run.retval;
		t = (double)run.duration_ns / MAP_ITERS;
	}
	if (fd >= 0)
		close(fd);
out:
	if (t < 0)
		fprintf(stderr, "kbpf %s lookup: %s\n", map_names[kind], strerror((int)-t));
	close(map);
	return t;
}

/* The same through bpf(2). */
static double map_linux(int kind, uint64_t *ret)
{
	struct kbpf_insn insns[MAP_LEN];
	uint32_t key;
	uint64_t val;
	union bpf_attr a;
	int map, fd;
	double t = -1;

	memset(&a, 0, sizeof(a));
	a.map_type = kind ? BPF_MAP_TYPE_HASH : BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = MAP_KEYS;
	map = syscall(__NR_bpf, BPF_MAP_CREATE, &a, sizeof(a));
	if (map < 0)
		return -errno;
	for (key = 0; key < MAP_KEYS; key++) {
		val = key * 3 + 1;
		memset(&a, 0, sizeof(a));
		a.map_fd = map;
		a.key = (uintptr_t)&key;
		a.value = (uintptr_t)&val;
		if (syscall(__NR_bpf, BPF_MAP_UPDATE_ELEM, &a, sizeof(a))) {
			t = -errno;
			goto out;
		}
	}
	map_prog(insns, map);
	fd = linux_load(insns, MAP_LEN, map_names[kind]);
	t = fd;
	if (fd >= 0) {
		t = linux_test_run(fd, ret);
		if (t >= 0)
			t /= MAP_ITERS;
		close(fd);
	}
out:
	close(map);
	return t;
}

/* A round's time @t (negative: the engine refused) if it beats *best. */
static void keep_best(double *best, double t)
{
	if (t >= 0 && (*best < 0 || t < *best))
		*best = t;
}

/* A table's header: its first column, the engines, the two ratios. */
static void table_header(const char *first)
{
	int e;

	printf("| %s |", first);
	for (e = 0; e < NR_ENGINES; e++)
		printf(" %s |", engine_names[e]);
	printf(" kbpf interp / Linux interp | kbpf JIT / Linux JIT |\n|---|");
	for (e = 0; e < NR_ENGINES + 2; e++)
		printf("---|");
	printf("\n");
}

static void print_ns(double t)
{
	if (t < 0)
		printf(" - |");
	else
		printf(" %.2f |", t);
}

static void print_ratio(double kbpf, double kernel, const char *end)
{
	if (kbpf > 0 && kernel > 0)
		printf(" %.2f |%s", kbpf / kernel, end);
	else
		printf(" - |%s", end);
}

/* Switches an engine on; false when this machine does not have it. */
static int select_engine(enum engine e)
{
	switch (e) {
	case KBPF_INTERP:	/* a module without a JIT always interprets */
		return access(KBPF_JIT_PARAM, F_OK) ? 0 : write_file(KBPF_JIT_PARAM, "0");
	case KBPF_JIT:
		return write_file(KBPF_JIT_PARAM, "1");
	case LINUX_INTERP:
		return write_file(JIT_SYSCTL, "0");
	default:
		return write_file(JIT_SYSCTL, "1");
	}
}

int main(int argc, char **argv)
{
	double ns[NR_ENGINES][sizeof(bench_loops) / sizeof(bench_loops[0])];
	double tail_ns[NR_ENGINES], map_ns[NR_ENGINES][NR_MAP_KINDS];
	uint64_t map_r0[NR_ENGINES][NR_MAP_KINDS];
	int k;
	uint64_t tail_r0[NR_ENGINES];
	char title[64];
	uint64_t r0[NR_ENGINES][sizeof(bench_loops) / sizeof(bench_loops[0])];
	size_t n = sizeof(bench_loops) / sizeof(bench_loops[0]), i;
	int e, round, status = 0;

	if (argc > 1)
		repeat = strtoul(argv[1], NULL, 0);
	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0) {
		perror("/dev/kbpf");
		return 1;
	}
	/*
	 * Rounds interleave the engines, and each keeps its best round: an
	 * emulated guest on a shared host has bursts of slowness that would
	 * otherwise land on whichever engine happened to be running.
	 */
	for (e = 0; e < NR_ENGINES; e++) {
		tail_ns[e] = -1;
		for (k = 0; k < NR_MAP_KINDS; k++)
			map_ns[e][k] = -1;
		for (i = 0; i < n; i++)
			ns[e][i] = -1;
	}
	for (round = 0; round < ROUNDS; round++) {
		for (e = 0; e < NR_ENGINES; e++) {
			if (select_engine(e))
				continue;
			for (i = 0; i < n; i++) {
				double t = e < LINUX_INTERP ?
					   run_kbpf(&bench_loops[i], &r0[e][i]) :
					   run_linux(&bench_loops[i], &r0[e][i]);

				keep_best(&ns[e][i], t);
			}
			keep_best(&tail_ns[e], e < LINUX_INTERP ? tail_kbpf(&tail_r0[e]) :
						   tail_linux(&tail_r0[e]));
			for (k = 0; k < NR_MAP_KINDS; k++)
				keep_best(&map_ns[e][k], e < LINUX_INTERP ?
					  map_kbpf(k, &map_r0[e][k]) :
					  map_linux(k, &map_r0[e][k]));
		}
	}
	table_header("loop (insns/iter)");
	for (i = 0; i < n; i++) {
		printf("| %s (%u) |", bench_loops[i].name, bench_loops[i].insns_per_iter);
		for (e = 0; e < NR_ENGINES; e++) {
			print_ns(ns[e][i]);
			/* Same bytecode, same answer, or the numbers mean nothing. */
			if (ns[e][i] >= 0 && ns[LINUX_JIT][i] >= 0 && !bench_loops[i].random &&
			    r0[e][i] != r0[LINUX_JIT][i]) {
				fprintf(stderr, "%s: %s returned %llu, Linux JIT %llu\n",
					bench_loops[i].name, engine_names[e],
					(unsigned long long)r0[e][i],
					(unsigned long long)r0[LINUX_JIT][i]);
				status = 1;
			}
		}
		print_ratio(ns[KBPF_INTERP][i], ns[LINUX_INTERP][i], "");
		print_ratio(ns[KBPF_JIT][i], ns[LINUX_JIT][i], "\n");
	}
	printf("\n| loop | kbpf JIT bytes | Linux JIT bytes |\n|---|---|---|\n");
	for (i = 0; i < n; i++)
		printf("| %s | %u | %u |\n", bench_loops[i].name, kbpf_jited_size[i],
		       linux_jited_size[i]);
	snprintf(title, sizeof(title), "ns per tail call (%d per run)", TAIL_CALLS_PER_RUN);
	printf("\n");
	table_header(title);
	printf("| self tail call |");
	for (e = 0; e < NR_ENGINES; e++) {
		print_ns(tail_ns[e]);
		if (tail_ns[e] >= 0 && tail_r0[e] != 1) {
			fprintf(stderr, "tail call: %s returned %llu, not 1\n",
				engine_names[e], (unsigned long long)tail_r0[e]);
			status = 1;
		}
	}
	print_ratio(tail_ns[KBPF_INTERP], tail_ns[LINUX_INTERP], "");
	print_ratio(tail_ns[KBPF_JIT], tail_ns[LINUX_JIT], "\n");
	printf("\n");
	table_header("ns per map lookup (loop included)");
	for (k = 0; k < NR_MAP_KINDS; k++) {
		printf("| %s |", map_names[k]);
		for (e = 0; e < NR_ENGINES; e++) {
			print_ns(map_ns[e][k]);
			if (map_ns[e][k] >= 0 && map_ns[LINUX_JIT][k] >= 0 &&
			    map_r0[e][k] != map_r0[LINUX_JIT][k]) {
				fprintf(stderr, "%s lookup: %s returned %llu, Linux JIT %llu\n",
					map_names[k], engine_names[e],
					(unsigned long long)map_r0[e][k],
					(unsigned long long)map_r0[LINUX_JIT][k]);
				status = 1;
			}
		}
		print_ratio(map_ns[KBPF_INTERP][k], map_ns[LINUX_INTERP][k], "");
		print_ratio(map_ns[KBPF_JIT][k], map_ns[LINUX_JIT][k], "\n");
	}
	write_file(JIT_SYSCTL, "1");
	return status;
}
