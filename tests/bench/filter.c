// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a tracepoint filter costs per event, in the stock guest: the
 * kernel's documentation example on signal:signal_generate,
 *
 *	((sig >= 10 && sig < 15) || sig == 17) && comm != "bash"
 *
 * fired by a loop of kill(self, SIGUSR1) (ignored) from a process named
 * "bash", so every predicate is evaluated and no event matches. Each
 * figure is the extra ns per kill() over the loop with nothing attached,
 * best of ROUNDS interleaved rounds:
 *
 *   ftrace filter      the kernel's event filter (a predicate walk)
 *   kbpf trace JIT     `kbpf trace EVENT FILTER`, as a user runs it
 *   kbpf trace interp  the same with --no-jit
 *   Linux BPF (JIT)    the same bytecode, loaded through bpf(2) and
 *                      attached as libbpf attaches tracepoint programs
 *
 * and the filter alone: the compiled program test-run on a captured
 * record through kbpf, against ftrace with this filter minus ftrace with
 * the cheapest one there is (common_pid == 0).
 *
 * usage: filter KBPF_TOOL
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../../tools/kbpf/filter.h"
#include "params.h"

#define CALLS		25000
#define ROUNDS		20
#define EVENT		"signal:signal_generate"
#define TP_DIR		"/sys/kernel/tracing/events/signal/signal_generate"
#define FILTER		"((sig >= 10 && sig < 15) || sig == 17) && comm != \"bash\""

enum engine { FTRACE, FTRACE_TRIVIAL, KBPF_JIT, KBPF_INTERP, LINUX_BPF, NR_ENGINES };

static const char * const engine_names[] = {
	"ftrace filter", "ftrace, common_pid == 0", "kbpf trace JIT",
	"kbpf trace interp", "Linux BPF (JIT)",
};
static const char *kbpf_tool;
static struct kbpf_insn *prog;
static uint32_t prog_cnt;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double kill_ns(void)
{
	pid_t self = getpid();
	double t = now_ns();
	int i;

	for (i = 0; i < CALLS; i++)
		kill(self, SIGUSR1);
	return (now_ns() - t) / CALLS;
}

/* `kbpf trace EVENT FILTER [--no-jit]`, returned once it is attached. */
static pid_t kbpf_trace(bool no_jit)
{
	char line[256];
	int err[2], null;
	pid_t pid;
	FILE *f;

	if (pipe(err))
		return -1;
	pid = fork();
	if (!pid) {
		null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(err[1], 2);
		close(err[0]);
		execl(kbpf_tool, kbpf_tool, "trace", EVENT, FILTER,
		      no_jit ? "--no-jit" : NULL, NULL);
		_exit(127);
	}
	close(err[1]);
	f = fdopen(err[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "tracing ", 8)) {
			fclose(f);	/* its later writes to stderr go nowhere */
			return pid;
		}
		fputs(line, stderr);	/* why it did not attach */
	}
	if (f)
		fclose(f);
	waitpid(pid, NULL, 0);
	return -1;
}

static long read_number(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf) - 1) < 0)
			buf[0] = '\0';
		close(fd);
	}
	return strtol(buf, NULL, 10);
}

/* The compiled filter through bpf(2), on a perf event as libbpf attaches it. */
static int linux_attach(void)
{
	struct perf_event_attr attr;
	union bpf_attr a;
	int fd, bpf_prog;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	a.insns = (uintptr_t)prog;
	a.insn_cnt = prog_cnt;
	a.license = (uintptr_t)"GPL";
	bpf_prog = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (bpf_prog < 0)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = read_number(TP_DIR "/id");
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	fd = syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd >= 0 && (ioctl(fd, PERF_EVENT_IOC_SET_BPF, bpf_prog) ||
			ioctl(fd, PERF_EVENT_IOC_ENABLE, 0))) {
		close(fd);
		fd = -1;
	}
	close(bpf_prog);
	return fd;
}

static double with_ftrace(const char *filter)
{
	double t;

	if (write_file(TP_DIR "/filter", filter) || write_file(TP_DIR "/enable", "1"))
		return -1;
	t = kill_ns();
	write_file(TP_DIR "/enable", "0");
	write_file(TP_DIR "/filter", "0");
	return t;
}

/* ns per kill() with @e watching the event, or -1 where it failed. */
static double measure(enum engine e)
{
	double t;
	pid_t pid;
	int fd;

	switch (e) {
	case FTRACE:
		return with_ftrace(FILTER);
	case FTRACE_TRIVIAL:
		return with_ftrace("common_pid == 0");
	case KBPF_JIT:
	case KBPF_INTERP:
		pid = kbpf_trace(e == KBPF_INTERP);
		if (pid < 0)
			return -1;
		t = kill_ns();
		kill(pid, SIGINT);
		waitpid(pid, NULL, 0);
		return t;
	default:
		fd = linux_attach();
		if (fd < 0)
			return -1;
		t = kill_ns();
		close(fd);
		return t;
	}
}

/* Mean ns of the filter alone through kbpf's test run (JIT or interpreted). */
static double test_run_ns(int dev, bool no_jit, const void *record, uint32_t size)
{
	struct kbpf_prog_load l = {
		.size = sizeof(l), .prog_type = KBPF_PROG_TYPE_TRACEPOINT,
		.insns = (uintptr_t)prog, .insn_cnt = prog_cnt,
		.license = (uintptr_t)"GPL", .flags = no_jit ? KBPF_PROG_LOAD_F_NO_JIT : 0,
	};
	struct kbpf_prog_test_run r = {
		.size = sizeof(r), .repeat = CALLS,
		.ctx_in = (uintptr_t)record, .ctx_size_in = size,
	};
	int fd = ioctl(dev, KBPF_IOC_PROG_LOAD, &l);

	if (fd < 0)
		return -1;
	r.prog_fd = fd;
	if (ioctl(dev, KBPF_IOC_PROG_TEST_RUN, &r) || r.retval != 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return r.duration_ns;
}

static int compile_filter(struct kbpf_tp_format *fmt)
{
	struct kbpf_filter_error perr;
	struct kbpf_filter_node *root;
	char err[160];
	int ret;

	if (kbpf_tp_format_read(EVENT, fmt, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	root = kbpf_filter_parse(FILTER, fmt, &perr);
	if (!root)
		return -1;
	ret = kbpf_filter_compile(root, fmt, &prog, &prog_cnt);
	kbpf_filter_free(root);
	return ret;
}

/* A record as the event would carry it: sig 10 to a task named "bash". */
static void fake_record(const struct kbpf_tp_format *fmt, uint8_t *rec)
{
	const struct kbpf_tp_field *sig = kbpf_tp_field_find(fmt, "sig");
	const struct kbpf_tp_field *comm = kbpf_tp_field_find(fmt, "comm");
	int v = SIGUSR1;

	memset(rec, 0, 512);
	if (sig)
		memcpy(rec + sig->offset, &v, sizeof(v));
	if (comm)
		strcpy((char *)rec + comm->offset, "bash");
}

int main(int argc, char **argv)
{
	double ns[NR_ENGINES], base = 0, t, alone_jit, alone_interp;
	static uint8_t record[512];
	struct kbpf_tp_format fmt;
	int e, r, dev;

	if (argc != 2) {
		fprintf(stderr, "usage: filter KBPF_TOOL\n");
		return 2;
	}
	kbpf_tool = argv[1];
	signal(SIGUSR1, SIG_IGN);
	prctl(PR_SET_NAME, "bash");
	write_file("/proc/sys/net/core/bpf_jit_enable", "1");
	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0 || compile_filter(&fmt)) {
		fprintf(stderr, "no /dev/kbpf or the filter does not compile\n");
		return 1;
	}
	for (e = 0; e < NR_ENGINES; e++)
		ns[e] = -1;
	for (r = 0; r < ROUNDS; r++) {
		t = kill_ns();
		base = r && base < t ? base : t;
		for (e = 0; e < NR_ENGINES; e++) {
			t = measure(e);
			if (t >= 0 && (ns[e] < 0 || t < ns[e]))
				ns[e] = t;
		}
	}
	fake_record(&fmt, record);
	alone_jit = test_run_ns(dev, false, record, sizeof(record));
	alone_interp = test_run_ns(dev, true, record, sizeof(record));

	printf("kill() alone: %.0f ns; filter: %s (%u instructions)\n\n", base, FILTER, prog_cnt);
	printf("| per event | ");
	for (e = 0; e < NR_ENGINES; e++)
		printf("%s | ", engine_names[e]);
	printf("kbpf JIT / ftrace | kbpf JIT / Linux BPF |\n|---|---|---|---|---|---|---|---|\n");
	printf("| extra ns per kill() |");
	for (e = 0; e < NR_ENGINES; e++)
		printf(ns[e] < 0 ? " - |" : " %.0f |", ns[e] < 0 ? 0 : ns[e] - base);
	if (ns[KBPF_JIT] > 0 && ns[FTRACE] > base && ns[LINUX_BPF] > base)
		printf(" %.2f | %.2f |\n", (ns[KBPF_JIT] - base) / (ns[FTRACE] - base),
		       (ns[KBPF_JIT] - base) / (ns[LINUX_BPF] - base));
	else
		printf(" - | - |\n");
	printf("\nThe filter alone: kbpf test run %.1f ns (JIT), %.1f ns (interpreter); "
	       "ftrace's predicate walk %.0f ns (this filter minus common_pid == 0)\n",
	       alone_jit, alone_interp,
	       ns[FTRACE] >= 0 && ns[FTRACE_TRIVIAL] >= 0 ? ns[FTRACE] - ns[FTRACE_TRIVIAL] : -1);
	return 0;
}
