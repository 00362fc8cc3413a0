// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential fuzzing in the guest: random valid programs
 * (tests/cases/random_prog.h) run through kbpf's JIT, kbpf's interpreter
 * and the guest kernel's own BPF (bpf(2) PROG_TEST_RUN, whatever engine
 * it uses), with the same input. Any disagreement is a bug in one of
 * them. Programs alternate between what Linux 6.1 knows (compared three
 * ways) and the full cpu v4 set (kbpf's two engines only).
 *
 *   diff_fuzz [PROGRAMS [SECONDS [SEED]]]
 *
 * Prints TAP; a mismatch prints the program as hex to reproduce it.
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
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#define E2E_SUITE "diff"
#include "e2e.h"
#include "../cases/random_prog.h"

#define JIT_PARAM	"/sys/module/kbpf/parameters/jit"

static int set_jit(bool on)
{
	int fd = open(JIT_PARAM, O_WRONLY);
	int ok = fd >= 0 && write(fd, on ? "1" : "0", 1) == 1;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* r0 from kbpf with the JIT on or off, or -1 if it refused the program. */
static int run_kbpf(const struct kbpf_insn *p, u32 n, bool jit, u64 *r0)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)p, .insn_cnt = n, .license = (uintptr_t)"GPL",
	};
	struct kbpf_prog_test_run r = { .size = sizeof(r) };
	int fd, err;

	if (set_jit(jit))
		return -1;
	fd = call(KBPF_IOC_PROG_LOAD, &a);
	if (fd < 0)
		return -1;
	r.prog_fd = fd;
	err = call(KBPF_IOC_PROG_TEST_RUN, &r);
	close(fd);
	*r0 = r.retval;
	return err ? -1 : 0;
}

/* Linux's test run reports a 32-bit return value. */
static int run_linux(const struct kbpf_insn *p, u32 n, u32 *r0)
{
	__u8 pkt[64] = { 0 };
	union bpf_attr a;
	int fd, err;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)p;
	a.insn_cnt = n;
	a.license = (uintptr_t)"GPL";
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = (uintptr_t)pkt;
	a.test.data_size_in = sizeof(pkt);
	err = syscall(__NR_bpf, BPF_PROG_TEST_RUN, &a, sizeof(a));
	close(fd);
	*r0 = a.test.retval;
	return err ? -1 : 0;
}

static void print_program(const struct kbpf_insn *p, u32 n)
{
	const __u8 *b = (const __u8 *)p;
	u32 i;

	printf("# program (%u instructions, hex):\n# ", n);
	for (i = 0; i < n * sizeof(*p); i++)
		printf("%02x%s", b[i], (i + 1) % 32 ? "" : "\n# ");
	printf("\n");
}

int main(int argc, char **argv)
{
	u32 programs = argc > 1 ? strtoul(argv[1], NULL, 0) : 400;
	u32 seconds = argc > 2 ? strtoul(argv[2], NULL, 0) : 60;
	struct kbpf_insn p[RND_PROG_MAX];
	u32 i, ran = 0, three_way = 0, linux_refused = 0, kbpf_refused = 0, bad = 0;
	time_t deadline = time(NULL) + seconds;

	if (argc > 3)
		rnd_state = strtoull(argv[3], NULL, 0) | 1;
	dev = open("/dev/kbpf", O_RDWR);
	CHECK(dev >= 0, "open_device");
	if (dev < 0)
		return 1;
	for (i = 0; i < programs && time(NULL) < deadline && bad < 3; i++) {
		bool v3 = !(i % 2);
		u32 n = rnd_program(p, v3), lr0;
		u64 jr0, ir0;

		if (run_kbpf(p, n, true, &jr0) || run_kbpf(p, n, false, &ir0)) {
			kbpf_refused++;
			continue;
		}
		ran++;
		if (jr0 != ir0) {
			printf("not ok - diff/program_%u: kbpf JIT 0x%llx, interpreter 0x%llx\n",
			       i, (unsigned long long)jr0, (unsigned long long)ir0);
			print_program(p, n);
			bad++;
			continue;
		}
		if (!v3)
			continue;
		if (run_linux(p, n, &lr0)) {
			linux_refused++;
			continue;
		}
		three_way++;
		if ((u32)ir0 != lr0) {
			printf("not ok - diff/program_%u: kbpf 0x%llx, Linux 0x%x\n", i,
			       (unsigned long long)ir0, lr0);
			print_program(p, n);
			bad++;
		}
	}
	set_jit(true);
	printf("# %u programs run by both kbpf engines, %u also by Linux; refused: kbpf %u, Linux %u\n",
	       ran, three_way, kbpf_refused, linux_refused);
	CHECK(!bad && !kbpf_refused && ran >= i / 2,
	      "kbpf_jit_and_interpreter_agree_on_%u_random_programs", ran);
	CHECK(!bad && three_way >= ran / 3,
	      "kbpf_and_linux_agree_on_%u_random_programs", three_way);
	close(dev);
	return failed;
}
