// SPDX-License-Identifier: GPL-2.0-only
/*
 * Links through the ioctls, in the guest as root: programs attached to
 * kprobes, kretprobes, tracepoints and raw tracepoints run once per event
 * this test causes, stop on detach and on close, swap on update; bad
 * arguments get their errno; with "race", attach and detach race with
 * events on another CPU. Prints TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#define E2E_SUITE "hook"
#include "e2e.h"

#if defined(__x86_64__)
#define GETPID_SYM	"__x64_sys_getpid"
#elif defined(__aarch64__)
#define GETPID_SYM	"__arm64_sys_getpid"
#endif

#define EVENTS	1000

static const struct kbpf_insn ret0[] = { MOV64_IMM(0, 0), EXIT() };

static int load(u32 type)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = type,
		.insns = (uintptr_t)ret0, .insn_cnt = 2,
		.license = (uintptr_t)"GPL",
	};

	return call(KBPF_IOC_PROG_LOAD, &a);
}

static long link_create(int prog, u32 type, const char *target, u64 offset,
			u32 nr_args)
{
	struct kbpf_link_create a = {
		.size = sizeof(a), .prog_fd = prog, .attach_type = type,
		.target = (uintptr_t)target, .offset = offset,
		.nr_args = nr_args,
	};

	return call(KBPF_IOC_LINK_CREATE, &a);
}

static long link_detach(int link)
{
	struct kbpf_link_detach a = { .size = sizeof(a), .link_fd = link };

	return call(KBPF_IOC_LINK_DETACH, &a);
}

static long link_update(int link, int prog, u32 flags, int old)
{
	struct kbpf_link_update a = {
		.size = sizeof(a), .link_fd = link, .new_prog_fd = prog,
		.flags = flags, .old_prog_fd = old,
	};

	return call(KBPF_IOC_LINK_UPDATE, &a);
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

static u64 run_cnt(int prog)
{
	struct kbpf_prog_info info;

	return get_info(prog, &info, sizeof(info)) ? ~0ULL : info.run_cnt;
}

static struct kbpf_link_info link_info(int link)
{
	struct kbpf_link_info info;

	if (get_info(link, &info, sizeof(info)))
		memset(&info, 0xff, sizeof(info));
	return info;
}

static void getpids(int n)
{
	while (n--)
		syscall(SYS_getpid);
}

/* task_rename fires only on comm changes: nothing else in the guest does. */
static void renames(int n)
{
	while (n--)
		prctl(PR_SET_NAME, n & 1 ? "hook_a" : "hook_b");
}

/*
 * getpid has no other caller in the guest while the test runs (the shell
 * waits, kernel threads make no syscalls); allow a few strays anyway.
 */
static int about(u64 got, u64 want)
{
	return got >= want && got <= want + 10;
}

static void test_counts(const char *what, int prog, int link,
			void (*fire)(int), int exact)
{
	u64 before = run_cnt(prog), hits = link_info(link).hit_cnt;
	u64 got;

	fire(EVENTS);
	got = run_cnt(prog) - before;
	CHECK(exact ? got == EVENTS : about(got, EVENTS),
	      "%s_runs_per_event (%llu runs)", what, (unsigned long long)got);
	CHECK(link_info(link).hit_cnt - hits == got, "%s_hit_cnt", what);
	CHECK(link_detach(link) == 0, "%s_detach", what);
	before = run_cnt(prog);
	fire(EVENTS);
	CHECK(run_cnt(prog) == before, "%s_detached_stops", what);
	CHECK(link_info(link).flags & KBPF_LINK_INFO_DETACHED,
	      "%s_info_detached", what);
	CHECK(link_detach(link) == -ENOLINK, "%s_detach_twice_enolink", what);
	close(link);
}

static void test_hooks(int kp, int tp, int raw)
{
	struct kbpf_link_info info;
	int link;

	link = link_create(kp, KBPF_ATTACH_KPROBE, GETPID_SYM, 0, 0);
	CHECK(link >= 0, "kprobe_create");
	info = link_info(link);
	CHECK(info.attach_type == KBPF_ATTACH_KPROBE &&
	      !strcmp(info.target, GETPID_SYM) && !info.flags,
	      "kprobe_info");
	if (link >= 0)
		test_counts("kprobe", kp, link, getpids, 0);

	link = link_create(kp, KBPF_ATTACH_KRETPROBE, GETPID_SYM, 0, 0);
	CHECK(link >= 0, "kretprobe_create");
	if (link >= 0)
		test_counts("kretprobe", kp, link, getpids, 0);

	link = link_create(tp, KBPF_ATTACH_TRACEPOINT, "task:task_rename", 0, 0);
	CHECK(link >= 0, "tracepoint_create");
	if (link >= 0)
		test_counts("tracepoint", tp, link, renames, 1);

	link = link_create(raw, KBPF_ATTACH_RAW_TRACEPOINT, "task_rename", 0, 2);
	CHECK(link >= 0, "raw_tracepoint_create");
	CHECK(link_info(link).nr_args == 2, "raw_tracepoint_info_nr_args");
	if (link >= 0)
		test_counts("raw_tracepoint", raw, link, renames, 1);
}

static int write_str(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY);
	int ok = fd >= 0 && write(fd, v, strlen(v)) == (ssize_t)strlen(v);

	if (fd >= 0)
		close(fd);
	return ok;
}

#define RENAME_ENABLE	"/sys/kernel/tracing/events/task/task_rename/enable"

/*
 * A tracepoint link runs once per event whoever else traces it (here
 * ftrace's top-level instance), and two links on one event are
 * independent: closing one leaves the other running.
 */
static void test_tracepoint_once(int tp)
{
	u64 before, got;
	int l1, l2;

	l1 = link_create(tp, KBPF_ATTACH_TRACEPOINT, "task:task_rename", 0, 0);
	CHECK(l1 >= 0, "tracepoint_create_first");
	CHECK(write_str(RENAME_ENABLE, "1"), "tracepoint_ftrace_enable");
	before = run_cnt(tp);
	renames(EVENTS);
	got = run_cnt(tp) - before;
	CHECK(got == EVENTS, "tracepoint_once_with_ftrace_on (%llu runs)",
	      (unsigned long long)got);
	l2 = link_create(tp, KBPF_ATTACH_TRACEPOINT, "task:task_rename", 0, 0);
	before = run_cnt(tp);
	renames(EVENTS);
	got = run_cnt(tp) - before;
	CHECK(l2 >= 0 && got == 2 * EVENTS, "tracepoint_two_links (%llu runs)",
	      (unsigned long long)got);
	write_str(RENAME_ENABLE, "0");
	close(l1);
	before = run_cnt(tp);
	renames(EVENTS);
	got = run_cnt(tp) - before;
	CHECK(got == EVENTS, "tracepoint_other_link_runs (%llu runs)",
	      (unsigned long long)got);
	close(l2);
	before = run_cnt(tp);
	renames(EVENTS);
	CHECK(run_cnt(tp) == before, "tracepoint_both_closed_stop");
}

/* Closing the last descriptor detaches: the program stops running. */
static int load_insns(u32 type, const struct kbpf_insn *insns, u32 cnt)
{
	static char log[16384];
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = type, .insns = (uintptr_t)insns,
		.insn_cnt = cnt, .license = (uintptr_t)"GPL", .log_level = 1,
		.log_buf = (uintptr_t)log, .log_size = sizeof(log),
	};
	int fd = call(KBPF_IOC_PROG_LOAD, &a);

	if (fd < 0)
		printf("# %s\n", log);
	return fd;
}

#define LD_MAP_FD(d, fd)						\
	INSN(KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_FD, 0, fd), INSN(0, 0, 0, 0, 0)
/* r0 = &value of entry 0 of @fd, or exit with 0: nine instructions. */
#define VALUE_OR_EXIT(fd, skip)						\
	MOV64_REG(6, 1), ST(W, 10, -4, 0), MOV64_REG(2, 10),		\
	ALU64_IMM(ADD, 2, -4), LD_MAP_FD(1, fd), CALL_HELPER(1),	\
	JMP_IMM(JEQ, 0, 0, skip)

/*
 * What programs see through each hook: the tracepoint record's newcomm
 * field read straight from the context, and the raw tracepoint's second
 * argument (the new comm, a kernel pointer) read with a helper. A rename
 * must land in both maps byte for byte.
 */
static void test_context(void)
{
	static const char name[16] = "kbpf_ctx_test1";
	int tp_map = map_create(KBPF_MAP_TYPE_ARRAY, 4, 16, 1, 0), raw_map = map_create(KBPF_MAP_TYPE_ARRAY, 4, 16, 1, 0), tp, raw, l1, l2;
	char tp_seen[16] = "", raw_seen[16] = "";
	u32 zero = 0;
	const struct kbpf_insn tp_insns[] = {
		VALUE_OR_EXIT(tp_map, 8),
		LDX(W, 1, 6, 28), STX(W, 0, 1, 0), LDX(W, 1, 6, 32), STX(W, 0, 1, 4),
		LDX(W, 1, 6, 36), STX(W, 0, 1, 8), LDX(W, 1, 6, 40), STX(W, 0, 1, 12),
		MOV64_IMM(0, 0), EXIT(),
	};
	const struct kbpf_insn raw_insns[] = {
		VALUE_OR_EXIT(raw_map, 4),
		MOV64_REG(1, 0), MOV64_IMM(2, 16), LDX(DW, 3, 6, 8), CALL_HELPER(115),
		MOV64_IMM(0, 0), EXIT(),
	};

	tp = load_insns(KBPF_PROG_TYPE_TRACEPOINT, tp_insns,
			sizeof(tp_insns) / sizeof(tp_insns[0]));
	raw = load_insns(KBPF_PROG_TYPE_RAW_TRACEPOINT, raw_insns,
			 sizeof(raw_insns) / sizeof(raw_insns[0]));
	CHECK(tp_map >= 0 && raw_map >= 0 && tp >= 0 && raw >= 0, "context_programs_load");
	l1 = link_create(tp, KBPF_ATTACH_TRACEPOINT, "task:task_rename", 0, 0);
	l2 = link_create(raw, KBPF_ATTACH_RAW_TRACEPOINT, "task_rename", 0, 2);
	prctl(PR_SET_NAME, name);
	close(l1);
	close(l2);
	CHECK(!map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, tp_map, &zero, tp_seen, 0) && !memcmp(tp_seen, name, 16),
	      "tracepoint_program_reads_record_fields");
	CHECK(!map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, raw_map, &zero, raw_seen, 0) && !memcmp(raw_seen, name, 16),
	      "raw_tracepoint_program_reads_arguments");
	close(tp);
	close(raw);
	close(tp_map);
	close(raw_map);
}

/* kill(SYS_PID, 0): no such process, so nothing but the events happens. */
#define SYS_PID		0x7ffff00d
#define SYS_CALLS	100

struct sys_event {
	const char *target;
	const char *dir;	/* under tracefs events/ */
	u32 size;		/* of the record */
	u32 nr_want;
	long long want[3];		/* the fields at offsets 8, 16, 24 (low 32 bits) */
};

/* Offsets 0-63 of the last record, then how many there were. */
struct sys_seen {
	u64 rec[8];
	u64 count;
};

static int event_id(const char *dir)
{
	char path[160], buf[16] = "";
	int fd, n;

	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s/id", dir);
	fd = open(path, O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	return n > 0 ? atoi(buf) : 0;
}

/*
 * A program that keeps this process's kill() records in entry 0 of @map
 * (struct sys_seen) and counts them; other events return at once. The
 * common fields (offsets 0-7) are not context a program may read, as in
 * Linux: bpf_probe_read_kernel() copies them.
 */
static int load_sys_prog(int map, u32 size)
{
	struct kbpf_insn p[48] = {
		MOV64_REG(6, 1), CALL_HELPER(14), ALU64_IMM(LSH, 0, 32),
		ALU64_IMM(RSH, 0, 32), JMP_IMM(JNE, 0, getpid(), 0),
		LDX(W, 1, 6, 8), JMP_IMM(JNE, 1, SYS_kill, 0),
		ST(W, 10, -4, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4),
		LD_MAP_FD(1, map), CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 0),
		MOV64_REG(7, 0),
	};
	int n = 15, i;

	/* Only the record: LINK_CREATE refuses a program reading past it. */
	for (i = 1; i < size / 8; i++) {
		p[n++] = (struct kbpf_insn)LDX(DW, 1, 6, 8 * i);
		p[n++] = (struct kbpf_insn)STX(DW, 7, 1, 8 * i);
	}
	p[n++] = (struct kbpf_insn)MOV64_IMM(1, 1);
	p[n++] = (struct kbpf_insn)ATOMIC(DW, KBPF_ADD, 7, 1, 64);
	p[n++] = (struct kbpf_insn)MOV64_REG(1, 7);
	p[n++] = (struct kbpf_insn)MOV64_IMM(2, 8);
	p[n++] = (struct kbpf_insn)MOV64_REG(3, 6);
	p[n++] = (struct kbpf_insn)CALL_HELPER(113);
	/* The three checks jump to the exit. */
	p[4].off = n - 5;
	p[6].off = n - 7;
	p[13].off = n - 14;
	p[n++] = (struct kbpf_insn)MOV64_IMM(0, 0);
	p[n++] = (struct kbpf_insn)EXIT();
	return load_insns(KBPF_PROG_TYPE_TRACEPOINT, p, n);
}

/*
 * System call events (built by the hook from the sys_enter and sys_exit
 * tracepoints, Documentation/hooks.md): one run per call of this process,
 * the record laid out as the event's format file says, the common fields
 * as perf fills them (the event id, this pid, preemption depth at most 1
 * inside the tracepoint: 1 on x86_64, 0 seen on arm64; interrupts on:
 * only the resched flags may be set); a program reading past the record
 * is refused at LINK_CREATE.
 */
static void test_syscall_events(void)
{
	static const struct sys_event evs[] = {
		{ "syscalls:sys_enter_kill", "syscalls/sys_enter_kill", 32, 3,
		  { SYS_kill, SYS_PID, 0 } },
		{ "syscalls:sys_exit_kill", "syscalls/sys_exit_kill", 24, 2,
		  { SYS_kill, -ESRCH } },
		{ "raw_syscalls:sys_enter", "raw_syscalls/sys_enter", 64, 3,
		  { SYS_kill, SYS_PID, 0 } },
		{ "raw_syscalls:sys_exit", "raw_syscalls/sys_exit", 24, 2,
		  { SYS_kill, -ESRCH } },
	};
	size_t e;
	u32 zero = 0, i;

	for (e = 0; e < sizeof(evs) / sizeof(evs[0]); e++) {
		const struct sys_event *ev = &evs[e];
		int map = map_create(KBPF_MAP_TYPE_ARRAY, 4, sizeof(struct sys_seen), 1, 0);
		int prog = load_sys_prog(map, ev->size), link = -1, calls, ok = 1;
		struct sys_seen seen;
		unsigned char *b = (unsigned char *)seen.rec;

		if (ev->size < 64) {
			int wide = load_sys_prog(map, 64);

			CHECK(wide >= 0 && link_create(wide, KBPF_ATTACH_TRACEPOINT, ev->target,
						       0, 0) == -EACCES,
			      "%s_read_past_record_refused", ev->target);
			close(wide);
		}
		if (prog >= 0)
			link = link_create(prog, KBPF_ATTACH_TRACEPOINT, ev->target, 0, 0);
		for (calls = 0; calls < SYS_CALLS; calls++)
			kill(SYS_PID, 0);
		close(link);
		if (map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, map, &zero, &seen, 0))
			memset(&seen, 0xff, sizeof(seen));
		CHECK(link >= 0 && seen.count == SYS_CALLS, "%s_runs_per_call (%llu runs)",
		      ev->target, (unsigned long long)seen.count);
		for (i = 0; i < ev->nr_want; i++)
			ok &= (u32)seen.rec[1 + i] == (u32)ev->want[i];
		for (i = ev->size / 8; i < 8; i++)
			ok &= !seen.rec[i];
		CHECK(ok, "%s_record_fields", ev->target);
		CHECK(*(unsigned short *)b == event_id(ev->dir) && *(s32 *)(b + 4) == getpid() &&
		      (b[3] & 0xf) <= 1 && !(b[2] & ~0x24),
		      "%s_common_fields (type %u flags %#x preempt %#x pid %d)", ev->target,
		      *(unsigned short *)b, b[2], b[3], *(s32 *)(b + 4));
		close(prog);
		close(map);
	}
}

static void test_close_detaches(int kp)
{
	int link = link_create(kp, KBPF_ATTACH_KPROBE, GETPID_SYM, 0, 0);
	u64 before;

	close(link);
	before = run_cnt(kp);
	getpids(EVENTS);
	CHECK(link >= 0 && run_cnt(kp) == before, "close_detaches");
}

static void test_update(int kp, int raw)
{
	int kp2 = load(KBPF_PROG_TYPE_KPROBE);
	int link = link_create(kp, KBPF_ATTACH_KPROBE, GETPID_SYM, 0, 0);
	u64 a, b;

	CHECK(link_update(link, raw, 0, 0) == -EINVAL, "update_wrong_type_einval");
	CHECK(link_update(link, kp2, KBPF_LINK_F_REPLACE, kp2) == -EPERM,
	      "update_replace_mismatch_eperm");
	CHECK(link_update(link, kp2, 0, kp) == -EINVAL,
	      "update_old_fd_without_flag_einval");
	CHECK(link_update(link, kp2, 4, 0) == -EINVAL, "update_bad_flag_einval");
	CHECK(link_update(link, -1, 0, 0) == -EBADF, "update_bad_fd_ebadf");
	CHECK(link_update(link, kp2, KBPF_LINK_F_REPLACE, kp) == 0, "update");
	{
		struct kbpf_prog_info pi;

		get_info(kp2, &pi, sizeof(pi));
		CHECK(link_info(link).prog_id == pi.id, "update_info_prog_id");
	}
	a = run_cnt(kp);
	b = run_cnt(kp2);
	getpids(EVENTS);
	CHECK(run_cnt(kp) == a && about(run_cnt(kp2) - b, EVENTS),
	      "update_moves_runs");
	link_detach(link);
	CHECK(link_update(link, kp, 0, 0) == -ENOLINK, "update_detached_enolink");
	close(link);
	close(kp2);
}

static void test_errors(int kp, int tp, int raw, int sock)
{
	static char longname[KBPF_TARGET_NAME_LEN + 8];
	struct kbpf_link_create a = {
		.size = sizeof(a), .prog_fd = kp,
		.attach_type = KBPF_ATTACH_KPROBE,
		.target = (uintptr_t)GETPID_SYM,
	};
	void *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);

	memset(longname, 'a', sizeof(longname) - 1);
	CHECK(link_create(sock, KBPF_ATTACH_KPROBE, GETPID_SYM, 0, 0) == -EINVAL,
	      "socket_prog_on_kprobe_einval");
	CHECK(link_create(kp, KBPF_ATTACH_TRACEPOINT, "task:task_rename", 0, 0) ==
	      -EINVAL, "kprobe_prog_on_tracepoint_einval");
	CHECK(link_create(tp, KBPF_ATTACH_RAW_TRACEPOINT, "task_rename", 0, 2) ==
	      -EINVAL, "tracepoint_prog_on_raw_einval");
	CHECK(link_create(raw, KBPF_ATTACH_KRETPROBE, GETPID_SYM, 0, 0) == -EINVAL,
	      "raw_prog_on_kretprobe_einval");
	CHECK(link_create(kp, 99, GETPID_SYM, 0, 0) == -EINVAL,
	      "unknown_attach_type_einval");
	CHECK(link_create(kp, KBPF_ATTACH_KPROBE, "kbpf_no_such_function", 0, 0) ==
	      -ENOENT, "unknown_symbol_enoent");
	CHECK(link_create(kp, KBPF_ATTACH_KPROBE, "notifier_call_chain", 0, 0) ==
	      -EINVAL, "blacklisted_function_einval");
	CHECK(link_create(kp, KBPF_ATTACH_KRETPROBE, GETPID_SYM, 4, 0) == -EINVAL,
	      "kretprobe_offset_einval");
	CHECK(link_create(raw, KBPF_ATTACH_RAW_TRACEPOINT, "no_such_tp", 0, 2) ==
	      -ENOENT, "unknown_raw_tracepoint_enoent");
	CHECK(link_create(raw, KBPF_ATTACH_RAW_TRACEPOINT, "task_rename", 0, 0) ==
	      -EINVAL, "raw_nr_args_zero_einval");
	CHECK(link_create(raw, KBPF_ATTACH_RAW_TRACEPOINT, "task_rename", 0, 13) ==
	      -EINVAL, "raw_nr_args_13_einval");
	CHECK(link_create(tp, KBPF_ATTACH_TRACEPOINT, "task:no_such", 0, 0) ==
	      -ENOENT, "unknown_tracepoint_enoent");
	CHECK(link_create(tp, KBPF_ATTACH_TRACEPOINT, "task_rename", 0, 0) ==
	      -EINVAL, "tracepoint_without_colon_einval");
	CHECK(link_create(tp, KBPF_ATTACH_TRACEPOINT, "../..:id", 0, 0) == -EINVAL,
	      "tracepoint_path_escape_einval");
	CHECK(link_create(kp, KBPF_ATTACH_KPROBE, "", 0, 0) == -EINVAL,
	      "empty_target_einval");
	CHECK(link_create(kp, KBPF_ATTACH_KPROBE, NULL, 0, 0) == -EINVAL,
	      "null_target_einval");
	CHECK(link_create(kp, KBPF_ATTACH_KPROBE, longname, 0, 0) == -EINVAL,
	      "long_target_einval");
	CHECK(link_create(kp, KBPF_ATTACH_KPROBE, bad, 0, 0) == -EFAULT,
	      "faulting_target_efault");
	CHECK(link_create(-1, KBPF_ATTACH_KPROBE, GETPID_SYM, 0, 0) == -EBADF,
	      "bad_prog_fd_ebadf");
	CHECK(link_create(dev, KBPF_ATTACH_KPROBE, GETPID_SYM, 0, 0) == -EINVAL,
	      "non_prog_fd_einval");
	a.flags = 1;
	CHECK(call(KBPF_IOC_LINK_CREATE, &a) == -EINVAL, "create_flags_einval");
	a.flags = 0;
	a.target_fd = 1;
	CHECK(call(KBPF_IOC_LINK_CREATE, &a) == -EINVAL, "create_reserved_einval");
	a.target_fd = 0;
	a.nr_args = 2;
	CHECK(call(KBPF_IOC_LINK_CREATE, &a) == -EINVAL,
	      "kprobe_nr_args_einval");
	CHECK(link_detach(kp) == -EINVAL, "detach_prog_fd_einval");
	CHECK(link_detach(-1) == -EBADF, "detach_bad_fd_ebadf");
	CHECK(link_update(kp, kp, 0, 0) == -EINVAL, "update_prog_as_link_einval");
	munmap(bad, 4096);
}

/* While a link descriptor is open the module stays. */
static void test_rmmod_busy(int kp)
{
	int link = link_create(kp, KBPF_ATTACH_KPROBE, GETPID_SYM, 0, 0);

	CHECK(link >= 0 && system("rmmod kbpf 2>/dev/null") != 0,
	      "rmmod_refused_while_link_open");
	close(link);
}

/*
 * Two processes attach, update and detach in a loop while a third makes
 * the events on every CPU: the debug guest's KASAN and lockdep watch.
 */
static void test_race(int kp, const char *name, int types, int update,
		      int nproc)
{
	int kp2 = load(KBPF_PROG_TYPE_KPROBE), i, status, ok = 1;
	pid_t pids[3];

	fflush(stdout);
	for (i = 0; i < 3; i++) {
		if (i >= nproc && i < 2) {
			pids[i] = 0;
			continue;
		}
		pids[i] = fork();
		if (pids[i])
			continue;
		if (i == 2) {
			for (;;)
				getpids(1000);
		}
		for (int n = 0; n < 200; n++) {
			u32 type = types == 3 ? (n & 1 ? KBPF_ATTACH_KRETPROBE :
						 KBPF_ATTACH_KPROBE) :
				   types == 2 ? KBPF_ATTACH_KRETPROBE :
				   KBPF_ATTACH_KPROBE;
			int l = link_create(kp, type, GETPID_SYM, 0, 0);

			if (l < 0)
				_exit(1);
			getpids(10);
			if (update && link_update(l, kp2, 0, 0))
				_exit(2);
			if (n % 3 && link_detach(l))
				_exit(3);
			close(l);
		}
		_exit(0);
	}
	for (i = 0; i < nproc; i++) {
		waitpid(pids[i], &status, 0);
		ok &= WIFEXITED(status) && !WEXITSTATUS(status);
	}
	kill(pids[2], SIGKILL);
	waitpid(pids[2], &status, 0);
	CHECK(ok, "attach_detach_race_%s", name);
	close(kp2);
}

static int stats(const char *on)
{
	return write_str("/sys/module/kbpf/parameters/stats", on);
}

int main(int argc, char **argv)
{
	int race = argc > 1 && !strcmp(argv[1], "race");
	int kp, tp, raw, sock;

	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0 || !stats("1")) {
		printf("not ok - hook/setup (errno %d)\n", errno);
		return 1;
	}
	kp = load(KBPF_PROG_TYPE_KPROBE);
	tp = load(KBPF_PROG_TYPE_TRACEPOINT);
	raw = load(KBPF_PROG_TYPE_RAW_TRACEPOINT);
	sock = load(KBPF_PROG_TYPE_SOCKET_FILTER);
	CHECK(kp >= 0 && tp >= 0 && raw >= 0 && sock >= 0, "load");
	test_hooks(kp, tp, raw);
	test_tracepoint_once(tp);
	test_context();
	test_syscall_events();
	test_close_detaches(kp);
	test_update(kp, raw);
	test_errors(kp, tp, raw, sock);
	test_rmmod_busy(kp);
	if (race) {
		test_race(kp, "kprobe_one", 1, 0, 1);
		test_race(kp, "kprobe_two", 1, 0, 2);
		test_race(kp, "kprobe_update", 1, 1, 1);
		test_race(kp, "kretprobe_two", 2, 0, 2);
		test_race(kp, "mixed", 3, 1, 2);
	}
	stats("0");
	return failed;
}
