// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault injection: every /dev/kbpf command is repeated with its first,
 * second, third ... allocation failing (/proc/thread-self/fail-nth, with
 * failslab and fail_page_alloc armed for sleeping allocations), until it
 * runs without reaching the injected fault. Each failure must come back
 * as a clean error (ENOMEM, or the error the command documents for it)
 * and leave nothing behind: no new object id, no pin. The harness checks
 * the console (KASAN, lockdep, WARN) and kmemleak after rmmod.
 *
 * Runs in the debug guest as root; prints TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "../../uapi/linux/kbpf.h"
#include "../cases/insn.h"

#define MAX_NTH		4096
#define DEBUGFS		"/sys/kernel/debug"

static int dev, failed;

/* A program with a subprogram, so loading walks every verifier path. */
static const struct kbpf_insn prog[] = {
	MOV64_IMM(1, 20),
	CALL_LOCAL(2),
	ALU64_IMM(ADD, 0, 2),
	EXIT(),
	ALU64_REG(MOV, 0, 1),
	ALU64_REG(ADD, 0, 1),
	EXIT(),
};

/* Rejected: the log path (kvmalloc of the log, formatting) runs too. */
static const struct kbpf_insn bad[] = { ALU64_REG(MOV, 0, 3), EXIT() };

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -EIO;
}

/* Sleeping allocations are exempt by default; kbpf's are all sleeping. */
static int arm_fault_injection(void)
{
	static const char *const settings[][2] = {
		{ DEBUGFS "/failslab/ignore-gfp-wait", "N" },
		{ DEBUGFS "/failslab/verbose", "0" },
		{ DEBUGFS "/fail_page_alloc/ignore-gfp-wait", "N" },
		{ DEBUGFS "/fail_page_alloc/min-order", "0" },
		{ DEBUGFS "/fail_page_alloc/verbose", "0" },
	};
	size_t i;
	int err;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		err = write_file(settings[i][0], settings[i][1]);
		if (err) {
			printf("not ok - fault/setup: %s: %s\n", settings[i][0], strerror(-err));
			return err;
		}
	}
	return 0;
}

static int fail_nth_fd = -1;

static void fail_nth_set(int n)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", n);
	if (pwrite(fail_nth_fd, buf, strlen(buf), 0) < 0)
		perror("fail-nth");
}

/* True when the armed fault was injected (the counter reached zero). */
static int fail_nth_hit(void)
{
	char buf[16] = "";
	int left;

	if (pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) < 0)
		return 0;
	left = atoi(buf);
	fail_nth_set(0);
	return left == 0;
}

static uint32_t count_objects(void)
{
	struct kbpf_get_next_id q = { .size = sizeof(q), .obj_type = KBPF_OBJ_PROG };
	uint32_t n = 0;

	while (!ioctl(dev, KBPF_IOC_GET_NEXT_ID, &q)) {
		n++;
		q.start_id = q.next_id;
	}
	return n;
}

static uint32_t count_pins(void)
{
	struct kbpf_obj_pin p = { .size = sizeof(p) };
	uint32_t n = 0;

	while (!ioctl(dev, KBPF_IOC_PIN_NEXT, &p))
		n++;
	return n;
}

static int load(const struct kbpf_insn *insns, uint32_t cnt, char *log,
		uint32_t log_size)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a),
		.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)insns,
		.insn_cnt = cnt,
		.license = (uintptr_t)"GPL",
		.log_level = log ? 2 : 0,
		.log_buf = (uintptr_t)log,
		.log_size = log ? log_size : 0,
		.name = "faulty",
	};

	return ioctl(dev, KBPF_IOC_PROG_LOAD, &a);
}

/* One command under test: returns >= 0 or -1 with errno; cleans up. */
struct op {
	const char *name;
	int (*run)(void);
	int fail_errno;		/* what an injected failure must return */
	int allocates;		/* so at least one fault must be reached */
};

static int op_load(void)
{
	int fd = load(prog, sizeof(prog) / sizeof(prog[0]), NULL, 0);

	if (fd >= 0)
		close(fd);
	return fd < 0 ? -1 : 0;
}

static int op_load_rejected(void)
{
	static char log[64 * 1024];
	int fd = load(bad, sizeof(bad) / sizeof(bad[0]), log, sizeof(log));

	if (fd >= 0) {
		close(fd);
		errno = 0;
		return -1;	/* accepting it would be a bug of its own */
	}
	/* The verdict, not the fault, is what a caller sees when it runs. */
	return errno == EACCES ? 0 : -1;
}

static int target = -1;

static int op_test_run(void)
{
	struct kbpf_prog_test_run r = {
		.size = sizeof(r), .prog_fd = target, .repeat = 50,
	};

	if (ioctl(dev, KBPF_IOC_PROG_TEST_RUN, &r))
		return -1;
	return r.retval == 42 ? 0 : (errno = 0, -1);
}

static int op_pin_unpin(void)
{
	struct kbpf_obj_pin p = { .size = sizeof(p), .fd = target };
	struct kbpf_obj_pin u = { .size = sizeof(u), .name = "fault/pin" };

	snprintf(p.name, sizeof(p.name), "fault/pin");
	if (ioctl(dev, KBPF_IOC_OBJ_PIN, &p))
		return -1;
	if (ioctl(dev, KBPF_IOC_OBJ_UNPIN, &u)) {
		printf("# unpin after a successful pin failed: %s\n", strerror(errno));
		errno = 0;
		return -1;
	}
	return 0;
}

static int op_fd_by_id(void)
{
	struct kbpf_get_next_id q = { .size = sizeof(q), .obj_type = KBPF_OBJ_PROG };
	struct kbpf_get_fd_by_id g = { .size = sizeof(g), .obj_type = KBPF_OBJ_PROG };
	int fd;

	if (ioctl(dev, KBPF_IOC_GET_NEXT_ID, &q))
		return -1;
	g.id = q.next_id;
	fd = ioctl(dev, KBPF_IOC_GET_FD_BY_ID, &g);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int op_info_dump(void)
{
	struct kbpf_prog_info info;
	struct kbpf_obj_get_info gi = {
		.size = sizeof(gi), .fd = target,
		.info = (uintptr_t)&info, .info_len = sizeof(info),
	};
	char buf[4096];
	struct kbpf_prog_dump d = {
		.size = sizeof(d), .prog_fd = target, .kind = KBPF_DUMP_XLATED,
		.buf = (uintptr_t)buf, .buf_len = sizeof(buf),
	};

	if (ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &gi))
		return -1;
	return ioctl(dev, KBPF_IOC_PROG_DUMP, &d) ? -1 : 0;
}

static int op_open(void)
{
	int fd = open("/dev/kbpf", O_RDWR);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static const struct op ops[] = {
	{ "prog_load", op_load, ENOMEM, 1 },
	{ "prog_load_rejected_with_log", op_load_rejected, ENOMEM, 1 },
	{ "prog_test_run", op_test_run, ENOMEM, 0 },
	{ "obj_pin_unpin", op_pin_unpin, ENOMEM, 1 },
	{ "get_fd_by_id", op_fd_by_id, ENOMEM, 1 },
	{ "obj_get_info_and_dump", op_info_dump, ENOMEM, 0 },
	{ "open_device", op_open, ENOMEM, 1 },
};

/*
 * Fails the op's 1st, 2nd, ... allocation until a run completes without
 * reaching the fault. Every injected failure must report the op's
 * documented errno (or succeed, where a failure is tolerated) and leave
 * the object and pin counts as they were.
 */
static void run_op(const struct op *op)
{
	uint32_t objs = count_objects(), pins = count_pins();
	int n, ret, err, hit, faults = 0, bad_errno = 0, leaked = 0;

	for (n = 1; n <= MAX_NTH; n++) {
		fail_nth_set(n);
		errno = 0;
		ret = op->run();
		err = errno;
		hit = fail_nth_hit();
		if (count_objects() != objs || count_pins() != pins)
			leaked++;
		if (!hit) {
			if (ret)
				printf("# %s: fails without a fault: %s\n", op->name, strerror(err));
			break;
		}
		faults++;
		if (ret && err != op->fail_errno) {
			bad_errno++;
			printf("# %s: fault %d returned %s\n", op->name, n, strerror(err));
		}
	}
	if (n > MAX_NTH || ret || bad_errno || leaked || (op->allocates && !faults)) {
		failed = 1;
		printf("not ok - fault/%s (%d faults, %d wrong errnos, %d left objects behind%s)\n",
		       op->name, faults, bad_errno, leaked,
		       n > MAX_NTH ? ", never completed" : ret ? ", fails without a fault" : "");
		return;
	}
	printf("ok - fault/%s (%d allocation failures, each clean)\n", op->name, faults);
}

int main(void)
{
	size_t i;

	dev = open("/dev/kbpf", O_RDWR);
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (dev < 0 || fail_nth_fd < 0) {
		printf("not ok - fault/setup: %s\n", strerror(errno));
		return 1;
	}
	if (arm_fault_injection())
		return 1;
	target = load(prog, sizeof(prog) / sizeof(prog[0]), NULL, 0);
	if (target < 0) {
		printf("not ok - fault/setup: load: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
	close(target);
	close(dev);
	return failed;
}
