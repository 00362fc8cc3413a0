// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault injection: every /dev/kbpf command is repeated with its first,
 * second, third ... allocation failing (/proc/thread-self/fail-nth, with
 * failslab and fail_page_alloc armed for sleeping allocations), until it
 * runs without reaching the injected fault. Each failure must come back
 * as a clean error (ENOMEM, or the error the command documents for it)
 * and leave nothing behind: no new program, map or link id, no pin, no
 * key a failed insert did not make. The harness checks
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
#include <sys/mman.h>
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

/* -1, or whether the fault was injected before the op disarmed it. */
static int hit_early = -1;

/* True when the armed fault was injected (the counter reached zero). */
static int fail_nth_hit(void)
{
	char buf[16] = "";
	int left;

	if (hit_early >= 0) {
		left = hit_early;
		hit_early = -1;
		return left;
	}
	if (pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) < 0)
		return 0;
	left = atoi(buf);
	fail_nth_set(0);
	return left == 0;
}

/*
 * Ends the fault window inside an op: what it does next (checking the
 * command's effect, undoing it) must not meet the fault itself.
 */
static void fault_window_end(void)
{
	hit_early = fail_nth_hit();
}

/* Program, map and link ids together: any one left behind is a leak. */
static uint32_t count_objects(void)
{
	static const uint32_t types[] = { KBPF_OBJ_PROG, KBPF_OBJ_MAP, KBPF_OBJ_LINK };
	uint32_t n = 0, i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct kbpf_get_next_id q = { .size = sizeof(q), .obj_type = types[i] };

		while (!ioctl(dev, KBPF_IOC_GET_NEXT_ID, &q)) {
			n++;
			q.start_id = q.next_id;
		}
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

/* r0 = 0, of another program type: to attach. */
static int load_type(uint32_t type)
{
	static const struct kbpf_insn ret0[] = { MOV64_IMM(0, 0), EXIT() };
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = type, .insns = (uintptr_t)ret0,
		.insn_cnt = 2, .license = (uintptr_t)"GPL",
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

static int map_create(uint32_t type, uint32_t ks, uint32_t vs, uint32_t max,
		      uint32_t flags)
{
	struct kbpf_map_create a = {
		.size = sizeof(a), .map_type = type, .key_size = ks,
		.value_size = vs, .max_entries = max, .map_flags = flags,
	};

	return ioctl(dev, KBPF_IOC_MAP_CREATE, &a);
}

static int create_close(uint32_t type, uint32_t ks, uint32_t vs, uint32_t max,
			uint32_t flags)
{
	int fd = map_create(type, ks, vs, max, flags);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int op_map_array(void)
{
	return create_close(KBPF_MAP_TYPE_ARRAY, 4, 64, 256, 0);
}

static int op_map_percpu_array(void)
{
	return create_close(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 64, 256, 0);
}

static int op_map_hash(void)
{
	return create_close(KBPF_MAP_TYPE_HASH, 8, 64, 256, 0);
}

static int op_map_hash_no_prealloc(void)
{
	return create_close(KBPF_MAP_TYPE_HASH, 8, 64, 256, KBPF_F_NO_PREALLOC);
}

static int op_map_percpu_hash(void)
{
	return create_close(KBPF_MAP_TYPE_PERCPU_HASH, 8, 64, 256, 0);
}

static int op_map_lru_hash(void)
{
	return create_close(KBPF_MAP_TYPE_LRU_HASH, 8, 64, 256, 0);
}

static int op_map_lru_percpu_hash(void)
{
	return create_close(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 8, 64, 256,
			    KBPF_F_NO_COMMON_LRU);
}

static int op_map_prog_array(void)
{
	return create_close(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 16, 0);
}

static int op_map_ringbuf(void)
{
	return create_close(KBPF_MAP_TYPE_RINGBUF, 0, 0, 16 * 4096, 0);
}

/* Created before the sweep: the element commands under test use them. */
static int hash_np = -1, percpu_np = -1;

static int elem(unsigned long cmd, int fd, const void *key, void *value)
{
	struct kbpf_map_elem a = {
		.size = sizeof(a), .map_fd = fd, .key = (uintptr_t)key,
		.value = (uintptr_t)value,
	};

	return ioctl(dev, cmd, &a);
}

/*
 * An insert into a NO_PREALLOC hash allocates its element (GFP_ATOMIC):
 * a failed one must leave the key absent; a successful one is undone.
 */
static int update_new_key(int fd)
{
	static uint64_t value[64];	/* per-CPU: a slot for each CPU */
	uint64_t key = 7;
	int ret = elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &key, value), err = errno;

	fault_window_end();
	if (ret) {
		if (!elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &key, value)) {
			printf("# failed update left its key behind\n");
			err = 0;
		}
		errno = err;
		return -1;
	}
	if (elem(KBPF_IOC_MAP_DELETE_ELEM, fd, &key, NULL)) {
		errno = 0;
		return -1;
	}
	return 0;
}

static int op_update_no_prealloc(void)
{
	return update_new_key(hash_np);
}

static int op_update_percpu_no_prealloc(void)
{
	return update_new_key(percpu_np);
}

/* Eight new keys in one batch; whatever went in is deleted again. */
static int op_update_batch_no_prealloc(void)
{
	uint64_t keys[8], vals[8 * 8] = { 0 };
	struct kbpf_map_batch b = {
		.size = sizeof(b), .map_fd = hash_np, .keys = (uintptr_t)keys,
		.values = (uintptr_t)vals, .count = 8,
	};
	int ret, err, i;

	for (i = 0; i < 8; i++)
		keys[i] = 100 + i;
	ret = ioctl(dev, KBPF_IOC_MAP_UPDATE_BATCH, &b);
	err = errno;
	fault_window_end();
	for (i = 0; i < 8; i++) {
		int gone = elem(KBPF_IOC_MAP_DELETE_ELEM, hash_np, &keys[i], NULL);

		/* The batch reports how many it stored: exactly those exist. */
		if ((i < (int)b.count) == !!gone) {
			printf("# batch count %u but key %d %s\n", b.count, i,
			       gone ? "absent" : "present");
			errno = 0;
			return -1;
		}
	}
	errno = err;
	return ret ? -1 : 0;
}

static int tp_prog = -1, raw_prog = -1;

static int link_close(int prog, uint32_t type, const char *target,
		      uint32_t nr_args)
{
	struct kbpf_link_create a = {
		.size = sizeof(a), .prog_fd = prog, .attach_type = type,
		.target = (uintptr_t)target, .nr_args = nr_args,
	};
	int fd = ioctl(dev, KBPF_IOC_LINK_CREATE, &a), err = errno;

	/* Detaching may allocate (tracepoint probe arrays): not under test. */
	fault_window_end();
	errno = err;
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/*
 * Tracepoint links (a perf event per CPU). Not kprobes: the kernel itself
 * WARNs when arming or disarming a kprobe through ftrace meets ENOMEM
 * (__arm_kprobe_ftrace), which no caller can avoid.
 */
static int op_link_tracepoint(void)
{
	return link_close(tp_prog, KBPF_ATTACH_TRACEPOINT, "task:task_rename", 0);
}

static int op_link_raw_tracepoint(void)
{
	return link_close(raw_prog, KBPF_ATTACH_RAW_TRACEPOINT, "task_rename", 2);
}

/*
 * A BPF_F_MMAPABLE array (its pages allocated one by one) mapped for
 * writing and unmapped: a failure in either leaves no map behind.
 */
static int op_map_mmap(void)
{
	struct kbpf_map_create a = {
		.size = sizeof(a), .map_type = KBPF_MAP_TYPE_ARRAY, .key_size = 4,
		.value_size = 8, .max_entries = 3 * 4096 / 8,
		.map_flags = KBPF_F_MMAPABLE,
	};
	int fd = ioctl(dev, KBPF_IOC_MAP_CREATE, &a), err;
	void *p;

	if (fd < 0)
		return -1;
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	err = p == MAP_FAILED ? errno : 0;
	/*
	 * munmap allocates too (the kernel's vma tree), and a munmap that
	 * fails keeps the mapping, and with it the map: not kbpf's path.
	 */
	fault_window_end();
	if (!err && munmap(p, 3 * 4096))
		err = errno;
	close(fd);
	errno = err;
	return err ? -1 : 0;
}

static const struct op ops[] = {
	{ "prog_load", op_load, ENOMEM, 1 },
	{ "prog_load_rejected_with_log", op_load_rejected, ENOMEM, 1 },
	{ "prog_test_run", op_test_run, ENOMEM, 0 },
	{ "obj_pin_unpin", op_pin_unpin, ENOMEM, 1 },
	{ "get_fd_by_id", op_fd_by_id, ENOMEM, 1 },
	{ "obj_get_info_and_dump", op_info_dump, ENOMEM, 0 },
	{ "open_device", op_open, ENOMEM, 1 },
	{ "map_create_array", op_map_array, ENOMEM, 1 },
	{ "map_create_percpu_array", op_map_percpu_array, ENOMEM, 1 },
	{ "map_create_hash", op_map_hash, ENOMEM, 1 },
	{ "map_create_hash_no_prealloc", op_map_hash_no_prealloc, ENOMEM, 1 },
	{ "map_create_percpu_hash", op_map_percpu_hash, ENOMEM, 1 },
	{ "map_create_lru_hash", op_map_lru_hash, ENOMEM, 1 },
	{ "map_create_lru_percpu_hash", op_map_lru_percpu_hash, ENOMEM, 1 },
	{ "map_create_prog_array", op_map_prog_array, ENOMEM, 1 },
	{ "map_create_ringbuf", op_map_ringbuf, ENOMEM, 1 },
	{ "map_update_no_prealloc", op_update_no_prealloc, ENOMEM, 1 },
	{ "map_update_percpu_no_prealloc", op_update_percpu_no_prealloc, ENOMEM, 1 },
	{ "map_update_batch_no_prealloc", op_update_batch_no_prealloc, ENOMEM, 1 },
	{ "link_create_tracepoint", op_link_tracepoint, ENOMEM, 1 },
	{ "link_create_raw_tracepoint", op_link_raw_tracepoint, ENOMEM, 1 },
	{ "map_create_mmapable_and_mmap", op_map_mmap, ENOMEM, 1 },
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
	hash_np = map_create(KBPF_MAP_TYPE_HASH, 8, 64, 256, KBPF_F_NO_PREALLOC);
	percpu_np = map_create(KBPF_MAP_TYPE_PERCPU_HASH, 8, 8, 256, KBPF_F_NO_PREALLOC);
	tp_prog = load_type(KBPF_PROG_TYPE_TRACEPOINT);
	raw_prog = load_type(KBPF_PROG_TYPE_RAW_TRACEPOINT);
	if (hash_np < 0 || percpu_np < 0 || tp_prog < 0 || raw_prog < 0) {
		printf("not ok - fault/setup: maps and programs: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
	close(raw_prog);
	close(tp_prog);
	close(percpu_np);
	close(hash_np);
	close(target);
	close(dev);
	return failed;
}
