// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioctl_fuzz SECONDS [SEED]: random sequences of every /dev/kbpf command
 * with random and mutated structs (sizes, pointers that are valid, NULL,
 * unmapped or kernel addresses, descriptors that are live, closed, of the
 * wrong kind), random programs through the verifier and the interpreter,
 * and a second thread closing and reopening descriptors under the first.
 * Runs in the debug guest; the harness fails the run on any kernel
 * report. Prints one TAP line with the number of calls made.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../../uapi/linux/kbpf.h"
#include "../cases/insn.h"

#define POOL	16

static int dev;
static int fds[POOL];
static void *unmapped;
static volatile int stop;

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint32_t pick(uint32_t n)
{
	return rnd() % n;
}

/* A pointer worth passing: valid, NULL, unmapped, kernel, or odd. */
static uint64_t rnd_ptr(void *valid)
{
	switch (pick(8)) {
	case 0: return 0;
	case 1: return (uintptr_t)unmapped;
	case 2: return 0xffffffff81000000ULL;
	case 3: return (uintptr_t)valid + 1;
	case 4: return rnd();
	default: return (uintptr_t)valid;
	}
}

static uint32_t rnd_fd(void)
{
	switch (pick(6)) {
	case 0: return dev;
	case 1: return pick(1024);
	case 2: return (uint32_t)-1;
	default: return fds[pick(POOL)];
	}
}

static uint32_t rnd_size(uint32_t real)
{
	switch (pick(8)) {
	case 0: return pick(real + 1);
	case 1: return real + pick(64);
	case 2: return rnd();
	default: return real;
	}
}

static void rnd_program(struct kbpf_insn *insns, uint32_t n)
{
	static const uint8_t codes[] = {
		0xb7, 0xb4, 0x07, 0x04, 0x0f, 0x3f, 0x9f, 0x67, 0x77, 0xc7, 0x87,
		0xd4, 0xdc, 0xd7, 0x05, 0x06, 0x15, 0x1d, 0x2d, 0xa5, 0x16, 0x85,
		0x95, 0x18, 0x61, 0x79, 0x91, 0x62, 0x7a, 0x63, 0x7b, 0xc3, 0xdb,
		0x20, 0x00,
	};
	uint32_t i;

	for (i = 0; i < n; i++) {
		insns[i].code = pick(10) ? codes[pick(sizeof(codes))] : rnd();
		insns[i].dst_reg = pick(12);
		insns[i].src_reg = pick(12);
		insns[i].off = pick(3) ? -(int)(pick(64) * 8) : (int16_t)rnd();
		insns[i].imm = pick(2) ? (int32_t)pick(64) : (int32_t)rnd();
	}
	if (pick(4)) {
		insns[n - 2] = (struct kbpf_insn)MOV64_IMM(0, 1);
		insns[n - 1] = (struct kbpf_insn)EXIT();
	}
}

static unsigned long long accepted, runs;
static char logbuf[4096];
static struct kbpf_insn insns[64];
static char scratch[8192];
static uint32_t linfo[64 * 6];		/* records of up to 24 bytes */
static char linfo_str[64];

/* Line info, mostly almost right: increasing offsets, strings near the end. */
static void rnd_line_info(struct kbpf_prog_load *l, uint32_t n)
{
	uint32_t rec = pick(4) ? 16 : 4 * pick(7), words = rec / 4, cnt = pick(n + 2);
	uint32_t i, off = 0;

	for (i = 0; i < sizeof(linfo_str); i++)
		linfo_str[i] = pick(4) ? 'a' + pick(26) : 0;
	linfo_str[sizeof(linfo_str) - 1] = pick(16) ? 0 : 'z';
	for (i = 0; i < cnt * words && i < sizeof(linfo) / 4; i++)
		linfo[i] = pick(8) ? 0 : rnd();
	for (i = 0; words >= 4 && i < cnt && (i + 1) * words <= sizeof(linfo) / 4; i++) {
		linfo[i * words] = off;
		linfo[i * words + 1] = pick(16) ? pick(sizeof(linfo_str) + 1) : rnd();
		linfo[i * words + 2] = pick(16) ? pick(sizeof(linfo_str) + 1) : rnd();
		off += pick(8) ? 1 + pick(3) : 0;
	}
	l->line_info = rnd_ptr(linfo);
	l->line_info_rec_size = rec;
	l->line_info_cnt = pick(16) ? cnt : rnd();
	l->line_info_str = rnd_ptr(linfo_str);
	l->line_info_str_size = pick(16) ? sizeof(linfo_str) - pick(2) : rnd();
}

static void fuzz_one(void)
{
	union {
		struct kbpf_version v;
		struct kbpf_prog_load l;
		struct kbpf_prog_test_run r;
		struct kbpf_obj_get_info i;
		struct kbpf_get_next_id n;
		struct kbpf_get_fd_by_id f;
		struct kbpf_obj_pin p;
		struct kbpf_prog_dump d;
		char raw[256];
	} a;
	unsigned long cmd = _IO(KBPF_IOC_MAGIC, pick(12));
	uint32_t n = 2 + pick(62);
	long ret;

	memset(&a, 0, sizeof(a));
	if (!pick(16))
		for (size_t k = 0; k < sizeof(a.raw); k++)
			a.raw[k] = rnd();
	switch (cmd) {
	case KBPF_IOC_VERSION:
		a.v.size = rnd_size(sizeof(a.v));
		break;
	case KBPF_IOC_PROG_LOAD:
		rnd_program(insns, n);
		a.l.size = rnd_size(sizeof(a.l));
		a.l.prog_type = pick(4) ? KBPF_PROG_TYPE_KPROBE : pick(32);
		a.l.insns = rnd_ptr(insns);
		a.l.insn_cnt = pick(8) ? n : rnd();
		a.l.license = pick(2) ? (uintptr_t)"GPL" : rnd_ptr("Dual BSD/GPL");
		a.l.log_level = pick(4);
		a.l.log_buf = a.l.log_level ? rnd_ptr(logbuf) : 0;
		a.l.log_size = pick(4) ? sizeof(logbuf) : pick(300);
		if (!pick(3))
			rnd_line_info(&a.l, n);
		break;
	case KBPF_IOC_PROG_TEST_RUN:
		a.r.size = rnd_size(sizeof(a.r));
		a.r.prog_fd = rnd_fd();
		a.r.repeat = pick(1000);
		break;
	case KBPF_IOC_OBJ_GET_INFO:
		a.i.size = rnd_size(sizeof(a.i));
		a.i.fd = rnd_fd();
		a.i.info = rnd_ptr(scratch);
		a.i.info_len = pick(2) ? sizeof(struct kbpf_prog_info) : pick(200);
		break;
	case KBPF_IOC_GET_NEXT_ID:
		a.n.size = rnd_size(sizeof(a.n));
		a.n.obj_type = pick(3);
		a.n.start_id = pick(2) ? pick(100) : rnd();
		break;
	case KBPF_IOC_GET_FD_BY_ID:
		a.f.size = rnd_size(sizeof(a.f));
		a.f.obj_type = pick(3);
		a.f.id = pick(2) ? pick(100) : rnd();
		break;
	case KBPF_IOC_OBJ_PIN:
	case KBPF_IOC_OBJ_GET:
	case KBPF_IOC_OBJ_UNPIN:
	case KBPF_IOC_PIN_NEXT:
		a.p.size = rnd_size(sizeof(a.p));
		a.p.fd = cmd == KBPF_IOC_OBJ_PIN ? rnd_fd() : 0;
		snprintf(a.p.name, sizeof(a.p.name), "f%u", (unsigned int)pick(8));
		if (!pick(8))
			memset(a.p.name, 'x', sizeof(a.p.name));
		break;
	case KBPF_IOC_PROG_DUMP:
		a.d.size = rnd_size(sizeof(a.d));
		a.d.prog_fd = rnd_fd();
		a.d.kind = pick(4);
		a.d.buf = rnd_ptr(scratch);
		a.d.buf_len = pick(2) ? sizeof(scratch) : pick(64);
		break;
	}
	ret = ioctl(dev, cmd, pick(32) ? (void *)&a : (void *)(uintptr_t)rnd_ptr(&a));
	if (ret >= 0 && cmd == KBPF_IOC_PROG_LOAD)
		accepted++;
	if (ret == 0 && cmd == KBPF_IOC_PROG_TEST_RUN)
		runs++;
	/* Keep new descriptors in the pool, so later calls use them. */
	if (ret > 2 && (cmd == KBPF_IOC_PROG_LOAD || cmd == KBPF_IOC_OBJ_GET ||
			cmd == KBPF_IOC_GET_FD_BY_ID)) {
		uint32_t slot = pick(POOL);

		close(fds[slot]);
		fds[slot] = ret;
	}
}

/* Closes and replaces descriptors while the other thread uses them. */
static void *churn(void *arg)
{
	while (!stop) {
		uint32_t slot = pick(POOL);
		int fd = fds[slot];

		fds[slot] = open("/dev/null", O_RDONLY);
		close(fd);
		usleep(100);
	}
	return arg;
}

/* Counters the fuzzing child shares with the parent that reports them. */
struct fuzz_counts {
	unsigned long long calls, accepted, runs;
};

static void fuzz_child(struct fuzz_counts *counts)
{
	static const struct kbpf_insn ret42[] = { MOV64_IMM(0, 42), EXIT() };
	pthread_t thread;
	int i;

	for (i = 0; i < POOL; i++) {
		struct kbpf_prog_load l = {
			.size = sizeof(l), .prog_type = KBPF_PROG_TYPE_KPROBE,
			.insns = (uintptr_t)ret42, .insn_cnt = 2,
		};

		fds[i] = ioctl(dev, KBPF_IOC_PROG_LOAD, &l);
	}
	pthread_create(&thread, NULL, churn, NULL);
	for (;;) {
		fuzz_one();
		counts->calls++;
		counts->accepted = accepted;
		counts->runs = runs;
	}
}

/*
 * The fuzzing runs in a child that is SIGKILLed at the deadline, in the
 * middle of whatever ioctl it is in (a verification of a million
 * instructions takes minutes under KASAN): the kill must take effect
 * within seconds, and the module must clean up after it.
 */
int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10;
	struct fuzz_counts *counts;
	struct timespec t0, t1;
	int status = 0;
	pid_t pid;

	rng_state = argc > 2 && argv[2][0] ? strtoull(argv[2], NULL, 0) :
					      (uint64_t)time(NULL);
	rng_state |= 1;
	printf("# ioctl_fuzz seed %llu\n", (unsigned long long)rng_state);
	fflush(stdout);
	dev = open("/dev/kbpf", O_RDWR);
	counts = mmap(NULL, sizeof(*counts), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (dev < 0 || counts == MAP_FAILED) {
		printf("not ok - fuzz/ioctl: cannot open /dev/kbpf\n");
		return 1;
	}
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, 4096);
	pid = fork();
	if (!pid)
		fuzz_child(counts);
	sleep(seconds);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("ok - fuzz/ioctl (%llu calls, %llu programs accepted, %llu test runs)\n",
	       counts->calls, counts->accepted, counts->runs);
	if (t1.tv_sec - t0.tv_sec < 10)
		printf("ok - fuzz/killed_mid_ioctl_exits_promptly (%ld ms)\n",
		       (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
	else
		printf("not ok - fuzz/killed_mid_ioctl_exits_promptly (%ld s)\n",
		       (long)(t1.tv_sec - t0.tv_sec));
	return 0;
}
