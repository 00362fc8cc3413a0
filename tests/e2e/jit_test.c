// SPDX-License-Identifier: GPL-2.0-only
/*
 * The JIT in the guest: native code through the ioctls (info, dump), the
 * module's jit parameter, and the arena's life cycle: filled until a
 * program falls back to the interpreter, freed, reused, and churned by
 * thousands of loads in two processes at once. Prints TAP.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#define E2E_SUITE "jit"
#include "e2e.h"

#define JIT_PARAM	"/sys/module/kbpf/parameters/jit"
#define BIG_INSNS	8000
#define MAX_HELD	900

static int load_flags(const struct kbpf_insn *insns, u32 cnt, u32 flags)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a),
		.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)insns,
		.insn_cnt = cnt,
		.license = (uintptr_t)"GPL",
		.flags = flags,
	};

	return call(KBPF_IOC_PROG_LOAD, &a);
}

static int load(const struct kbpf_insn *insns, u32 cnt)
{
	return load_flags(insns, cnt, 0);
}

static long run(int fd)
{
	struct kbpf_prog_test_run r = { .size = sizeof(r), .prog_fd = fd };

	return call(KBPF_IOC_PROG_TEST_RUN, &r) ? -1 : (long)r.retval;
}

static struct kbpf_prog_info info_of(int fd)
{
	struct kbpf_prog_info info;
	struct kbpf_obj_get_info gi = { .size = sizeof(gi), .fd = fd,
					.info = (uintptr_t)&info,
					.info_len = sizeof(info) };

	memset(&info, 0, sizeof(info));
	call(KBPF_IOC_OBJ_GET_INFO, &gi);
	return info;
}

static bool jited(int fd)
{
	return info_of(fd).flags & KBPF_PROG_INFO_JITED;
}

static void set_jit(const char *v)
{
	int fd = open(JIT_PARAM, O_WRONLY);

	if (fd < 0 || write(fd, v, 1) != 1)
		printf("# cannot write %s\n", JIT_PARAM);
	close(fd);
}

static void test_native_code(void)
{
	static const struct kbpf_insn ret42[] = { MOV64_IMM(0, 42), EXIT() };
	struct kbpf_prog_dump d = { .size = sizeof(d), .kind = KBPF_DUMP_JITED };
	struct kbpf_prog_info info;
	__u8 buf[512];
	u32 *offsets;
	int fd = load(ret42, 2);

	info = info_of(fd);
	CHECK(fd >= 0 && (info.flags & KBPF_PROG_INFO_JITED) && info.jited_size > 0,
	      "loaded_programs_are_jited");
	CHECK(run(fd) == 42, "jited_program_runs");
	d.prog_fd = fd;
	CHECK(call(KBPF_IOC_PROG_DUMP, &d) == 0 && d.code_len == info.jited_size &&
	      d.len == d.code_len + 3 * sizeof(u32), "dump_jited_sizes");
	d.buf = (uintptr_t)buf;
	d.buf_len = sizeof(buf);
	d.code_len = 0;
	offsets = (u32 *)(buf + info.jited_size);
	CHECK(d.len <= sizeof(buf) && call(KBPF_IOC_PROG_DUMP, &d) == 0 &&
	      offsets[0] < offsets[1] && offsets[1] <= offsets[2] &&
	      offsets[2] <= d.code_len, "dump_jited_offsets_ordered");
	d.code_len = 5;
	CHECK(call(KBPF_IOC_PROG_DUMP, &d) == -EINVAL, "dump_code_len_in_must_be_zero");
	d.code_len = 0;
	d.buf_len = 3;
	CHECK(call(KBPF_IOC_PROG_DUMP, &d) == 0 && d.len == info.jited_size + 12,
	      "dump_jited_short_buffer_reports_len");
	close(fd);

	fd = load_flags(ret42, 2, KBPF_PROG_LOAD_F_NO_JIT);
	CHECK(fd >= 0 && !jited(fd) && run(fd) == 42, "no_jit_flag_interprets");
	close(fd);

	set_jit("0");
	fd = load(ret42, 2);
	d = (struct kbpf_prog_dump){ .size = sizeof(d), .kind = KBPF_DUMP_JITED,
				     .prog_fd = fd };
	CHECK(fd >= 0 && !jited(fd) && run(fd) == 42, "jit_param_off_interprets");
	CHECK(call(KBPF_IOC_PROG_DUMP, &d) == 0 && d.len == 0 && d.code_len == 0,
	      "interpreted_program_has_no_native_code");
	close(fd);
	set_jit("1");
}

/* r0 = the sum of 1..n, one add per instruction: a lot of native code. */
static struct kbpf_insn *big_program(u32 n, u64 *sum)
{
	struct kbpf_insn *p = calloc(n + 2, sizeof(*p));
	u32 i;

	*sum = 0;
	p[0] = (struct kbpf_insn)MOV64_IMM(0, 0);
	for (i = 1; i <= n; i++) {
		p[i] = (struct kbpf_insn)ALU64_IMM(ADD, 0, i % 100);
		*sum += i % 100;
	}
	p[n + 1] = (struct kbpf_insn)EXIT();
	return p;
}

/*
 * Fill the arena: programs stay loaded until one is interpreted. It must
 * still run correctly; once the others are closed (and an RCU grace
 * period has passed) their space is JIT-compiled into again.
 */
static void test_arena_full(void)
{
	static int fds[MAX_HELD];
	u64 sum;
	struct kbpf_insn *big = big_program(BIG_INSNS, &sum);
	int n, fd, wrong = 0, tries;
	bool full = false;

	for (n = 0; n < MAX_HELD && !full; n++) {
		fds[n] = load(big, BIG_INSNS + 2);
		if (fds[n] < 0)
			break;
		full = !jited(fds[n]);
	}
	CHECK(full, "arena_fills_after_%d_programs", n);
	if (full)
		CHECK(run(fds[n - 1]) == (long)sum, "full_arena_falls_back_to_interpreter");
	for (fd = 0; fd < n; fd += 7)
		wrong += run(fds[fd]) != (long)sum;
	CHECK(!wrong, "every_program_in_a_full_arena_runs");
	while (n--)
		close(fds[n]);
	for (tries = 0; tries < 50; tries++) {
		fd = load(big, BIG_INSNS + 2);
		full = fd >= 0 && !jited(fd);
		close(fd);
		if (!full)
			break;
		usleep(100000);
	}
	CHECK(!full, "arena_space_reused_after_free");
	free(big);
}

/* Loads of varied sizes, run once and closed: the arena's reuse path. */
static int churn(int rounds, unsigned int seed)
{
	int i, bad = 0;

	for (i = 0; i < rounds; i++) {
		u32 n = 1 + (seed = seed * 1103515245 + 12345) % 700;
		u64 sum;
		struct kbpf_insn *p = big_program(n, &sum);
		int fd = load(p, n + 2);

		bad += fd < 0 || run(fd) != (long)sum;
		close(fd);
		free(p);
	}
	return bad;
}

static void test_churn(int rounds)
{
	pid_t child = fork();
	int status = 1, bad;

	if (!child)
		_exit(churn(rounds, 7) ? 1 : 0);
	bad = churn(rounds, 11);
	waitpid(child, &status, 0);
	CHECK(!bad && WIFEXITED(status) && !WEXITSTATUS(status),
	      "churn_%d_loads_in_two_processes", 2 * rounds);
}

int main(void)
{
	dev = open("/dev/kbpf", O_RDWR);
	CHECK(dev >= 0, "open_device");
	if (dev < 0)
		return 1;
	if (access(JIT_PARAM, F_OK) || !jited(load((struct kbpf_insn[]){
			MOV64_IMM(0, 0), EXIT() }, 2))) {
		printf("ok - jit # SKIP the module has no JIT for this machine\n");
		return 0;
	}
	test_native_code();
	/*
	 * Filling the arena verifies a million instructions: the stock
	 * guests do it; under KASAN (KBPF_SKIP_SLOW) the reuse path is
	 * exercised by the churn alone.
	 */
	if (getenv("KBPF_SKIP_SLOW") && *getenv("KBPF_SKIP_SLOW")) {
		test_churn(500);
	} else {
		test_arena_full();
		test_churn(1500);
	}
	close(dev);
	return failed;
}
