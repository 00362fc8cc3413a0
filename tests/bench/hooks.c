// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-event cost of each hook, in the stock guest: a getpid() loop with
 * a trivial program (r0 = 0) attached through kbpf (JIT and
 * interpreter) and through the guest kernel's own BPF on the same hook,
 * and, for the tracepoints, the kernel's ftrace event filter (one that
 * never matches, so only its evaluation is paid). The system call
 * tracepoint takes kbpf's own path (the record built from sys_enter's
 * arguments); task:task_rename, fired by a prctl(PR_SET_NAME) loop
 * instead, takes the perf path every other tracepoint takes. Each figure
 * is the extra ns per call over the same loop with nothing attached,
 * best of ROUNDS interleaved rounds. Prints a markdown table.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "../../uapi/linux/kbpf.h"
#include "../cases/insn.h"
#include "params.h"

#if defined(__x86_64__)
#define GETPID_SYM	"__x64_sys_getpid"
#elif defined(__aarch64__)
#define GETPID_SYM	"__arm64_sys_getpid"
#endif

#define CALLS		25000
#define ROUNDS		20
#define TRACEFS		"/sys/kernel/tracing"
#define TP_DIR		TRACEFS "/events/syscalls/sys_enter_getpid"
#define RENAME_DIR	TRACEFS "/events/task/task_rename"
#define KBPF_JIT_PARAM	"/sys/module/kbpf/parameters/jit"

enum hook { KPROBE, TRACEPOINT, RAW_TRACEPOINT, RENAME_TRACEPOINT, NR_HOOKS };
enum engine { KBPF_JIT, KBPF_INTERP, LINUX_BPF, FTRACE, NR_ENGINES };

static const char * const hook_names[] = {
	"kprobe " GETPID_SYM, "tracepoint syscalls:sys_enter_getpid",
	"raw tracepoint sys_enter", "tracepoint task:task_rename (perf path)",
};
static const char * const engine_names[] = {
	"kbpf JIT", "kbpf interp", "Linux BPF (JIT)", "ftrace filter",
};
static const struct kbpf_insn ret0[] = { MOV64_IMM(0, 0), EXIT() };
static int dev;

static long read_number(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	return n > 0 ? strtol(buf, NULL, 0) : -1;
}

/* ns per getpid() system call, or per prctl(PR_SET_NAME) for @h's event. */
static double call_ns(enum hook h)
{
	struct timespec a, b;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	if (h == RENAME_TRACEPOINT)
		for (i = 0; i < CALLS; i++)
			prctl(PR_SET_NAME, i & 1 ? "hooks_a" : "hooks_b");
	else
		for (i = 0; i < CALLS; i++)
			syscall(SYS_getpid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / CALLS;
}

static int kbpf_attach(enum hook h)
{
	static const __u32 types[] = {
		KBPF_PROG_TYPE_KPROBE, KBPF_PROG_TYPE_TRACEPOINT,
		KBPF_PROG_TYPE_RAW_TRACEPOINT, KBPF_PROG_TYPE_TRACEPOINT,
	};
	static const __u32 attach[] = {
		KBPF_ATTACH_KPROBE, KBPF_ATTACH_TRACEPOINT, KBPF_ATTACH_RAW_TRACEPOINT,
		KBPF_ATTACH_TRACEPOINT,
	};
	static const char * const targets[] = {
		GETPID_SYM, "syscalls:sys_enter_getpid", "sys_enter", "task:task_rename",
	};
	struct kbpf_prog_load l = {
		.size = sizeof(l), .prog_type = types[h], .insns = (uintptr_t)ret0,
		.insn_cnt = 2, .license = (uintptr_t)"GPL",
	};
	struct kbpf_link_create c = {
		.size = sizeof(c), .attach_type = attach[h],
		.target = (uintptr_t)targets[h], .nr_args = h == RAW_TRACEPOINT ? 2 : 0,
	};
	int prog = ioctl(dev, KBPF_IOC_PROG_LOAD, &l), link;

	if (prog < 0)
		return -1;
	c.prog_fd = prog;
	link = ioctl(dev, KBPF_IOC_LINK_CREATE, &c);
	close(prog);
	return link;
}

static int linux_prog(enum bpf_prog_type type)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = type;
	a.insns = (uintptr_t)ret0;
	a.insn_cnt = 2;
	a.license = (uintptr_t)"GPL";
	return syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
}

/* A perf event carrying a BPF program, as libbpf attaches kprobes and tracepoints. */
static int linux_perf_attach(enum hook h, int prog)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	if (h == KPROBE) {
		attr.type = read_number("/sys/bus/event_source/devices/kprobe/type");
		attr.config1 = (uintptr_t)GETPID_SYM;
	} else {
		attr.type = PERF_TYPE_TRACEPOINT;
		attr.config = read_number(h == RENAME_TRACEPOINT ? RENAME_DIR "/id" : TP_DIR "/id");
	}
	fd = syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog) || ioctl(fd, PERF_EVENT_IOC_ENABLE, 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int linux_attach(enum hook h)
{
	static const enum bpf_prog_type types[] = {
		BPF_PROG_TYPE_KPROBE, BPF_PROG_TYPE_TRACEPOINT,
		BPF_PROG_TYPE_RAW_TRACEPOINT, BPF_PROG_TYPE_TRACEPOINT,
	};
	union bpf_attr a;
	int prog = linux_prog(types[h]), fd;

	if (prog < 0)
		return -1;
	if (h != RAW_TRACEPOINT) {
		fd = linux_perf_attach(h, prog);
	} else {
		memset(&a, 0, sizeof(a));
		a.raw_tracepoint.name = (uintptr_t)"sys_enter";
		a.raw_tracepoint.prog_fd = prog;
		fd = syscall(__NR_bpf, BPF_RAW_TRACEPOINT_OPEN, &a, sizeof(a));
	}
	close(prog);
	return fd;
}

static int ftrace_attach(const char *dir)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/filter", dir);
	if (write_file(path, "common_pid == 0"))
		return -1;
	snprintf(path, sizeof(path), "%s/enable", dir);
	return write_file(path, "1");
}

static void ftrace_detach(const char *dir)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/enable", dir);
	write_file(path, "0");
	snprintf(path, sizeof(path), "%s/filter", dir);
	write_file(path, "0");
}

/* Extra ns per call with @e on @h, or -1 where it does not apply. */
static double measure(enum hook h, enum engine e, double base)
{
	const char *dir = h == RENAME_TRACEPOINT ? RENAME_DIR : TP_DIR;
	double t;
	int fd;

	switch (e) {
	case KBPF_JIT:
	case KBPF_INTERP:
		if (write_file(KBPF_JIT_PARAM, e == KBPF_JIT ? "1" : "0") && e == KBPF_JIT)
			return -1;
		fd = kbpf_attach(h);
		break;
	case LINUX_BPF:
		fd = linux_attach(h);
		break;
	default:
		if ((h != TRACEPOINT && h != RENAME_TRACEPOINT) || ftrace_attach(dir))
			return -1;
		t = call_ns(h);
		ftrace_detach(dir);
		return t > base ? t - base : 0;
	}
	if (fd < 0) {
		fprintf(stderr, "%s on %s: %s\n", engine_names[e], hook_names[h],
			strerror(errno));
		return -1;
	}
	t = call_ns(h);
	close(fd);
	return t > base ? t - base : 0;
}

int main(void)
{
	double ns[NR_HOOKS][NR_ENGINES], base = 0, rename_base = 0, t;
	int h, e, r;

	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0) {
		perror("/dev/kbpf");
		return 1;
	}
	write_file("/proc/sys/net/core/bpf_jit_enable", "1");
	for (h = 0; h < NR_HOOKS; h++)
		for (e = 0; e < NR_ENGINES; e++)
			ns[h][e] = -1;
	for (r = 0; r < ROUNDS; r++) {
		t = call_ns(KPROBE);
		base = r && base < t ? base : t;
		t = call_ns(RENAME_TRACEPOINT);
		rename_base = r && rename_base < t ? rename_base : t;
		for (h = 0; h < NR_HOOKS; h++)
			for (e = 0; e < NR_ENGINES; e++) {
				t = measure(h, e, h == RENAME_TRACEPOINT ? rename_base : base);
				if (t >= 0 && (ns[h][e] < 0 || t < ns[h][e]))
					ns[h][e] = t;
			}
	}
	write_file(KBPF_JIT_PARAM, "1");
	printf("getpid() alone: %.0f ns, prctl(PR_SET_NAME) alone: %.0f ns\n\n| hook | ",
	       base, rename_base);
	for (e = 0; e < NR_ENGINES; e++)
		printf("%s | ", engine_names[e]);
	printf("kbpf JIT / Linux BPF |\n|---|---|---|---|---|---|\n");
	for (h = 0; h < NR_HOOKS; h++) {
		printf("| %s |", hook_names[h]);
		for (e = 0; e < NR_ENGINES; e++) {
			if (ns[h][e] < 0)
				printf(" - |");
			else
				printf(" %.0f |", ns[h][e]);
		}
		if (ns[h][KBPF_JIT] >= 0 && ns[h][LINUX_BPF] > 0)
			printf(" %.2f |\n", ns[h][KBPF_JIT] / ns[h][LINUX_BPF]);
		else
			printf(" - |\n");
	}
	return 0;
}
