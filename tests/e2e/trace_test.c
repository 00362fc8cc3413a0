// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf trace against the kernel's own event filter, in the guest: for
 * each filter of a table, a child process renames itself and sends
 * itself every catchable signal (all ignored, so each is one
 * signal:signal_generate event), while `kbpf trace -j` and an ftrace
 * event filter on the same event, with the same expression, watch it.
 * Both must report the same signals, and those the table expects.
 *
 * usage: trace_test KBPF [--no-jit]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define EVENTS	"/sys/kernel/tracing/events/signal/signal_generate/"
#define TRACE	"/sys/kernel/tracing/trace"
#define MAX_SIG	32
#define ERR_LOG	"/tmp/trace_test.err"

static int failed;
static pid_t drain_pid;	/* copies the tracer's stderr to ERR_LOG */

#define CHECK(cond, name, ...)						\
	do {								\
		if (cond) {						\
			printf("ok - trace/" name "\n", ##__VA_ARGS__);	\
		} else {						\
			failed = 1;					\
			printf("not ok - trace/" name "\n", ##__VA_ARGS__); \
		}							\
	} while (0)

struct filter_case {
	const char *filter;
	const char *comm;
	bool (*expect)(int sig, const char *comm);
	/*
	 * 6.1's ftrace matches "*abc" against the last bytes of the whole
	 * char[N] field, NULs included, so it never matches a shorter
	 * string; kbpf compares C strings (Documentation/trace.md).
	 */
	bool ftrace_suffix_quirk;
};

static bool kernel_example(int sig, const char *comm)
{
	return ((sig >= 10 && sig < 15) || sig == 17) && strcmp(comm, "bash");
}

static bool low_or_usr(int sig, const char *comm)
{
	return sig <= 3 || sig == 10 || sig == 12;
}

static bool odd_prefix(int sig, const char *comm)
{
	return !strncmp(comm, "kbpf", 4) && (sig & 1);
}

static bool not_below_20(int sig, const char *comm)
{
	return !(sig < 20) && !strcmp(comm, "kbpf_gen");
}

static bool suffix_not_10(int sig, const char *comm)
{
	size_t n = strlen(comm);

	return n >= 3 && !strcmp(comm + n - 3, "gen") && sig != 10;
}

static bool middle(int sig, const char *comm)
{
	return strstr(comm, "_ge") && sig >= 30;
}

static const struct filter_case cases[] = {
	{ "((sig >= 10 && sig < 15) || sig == 17) && comm != \"bash\"", "kbpf_gen", kernel_example },
	{ "((sig >= 10 && sig < 15) || sig == 17) && comm != \"bash\"", "bash", kernel_example },
	{ "sig <= 3 || sig == 0xa || sig == 12", "kbpf_gen", low_or_usr },
	{ "comm ~ \"kbpf*\" && sig & 1", "kbpf_gen", odd_prefix },
	{ "comm ~ \"kbpf*\" && sig & 1", "other", odd_prefix },
	{ "!(sig < 20) && comm == \"kbpf_gen\"", "kbpf_gen", not_below_20 },
	{ "comm ~ \"*gen\" && sig != 10", "kbpf_gen", suffix_not_10, true },
	{ "comm ~ \"*_ge*\" && sig >= 30", "kbpf_gen", middle },
};

static void generator(const int go[2], int done, const char *comm);

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EINVAL;
}

/*
 * The child: waits for "go", renames itself, signals itself, says "done",
 * and exits when the parent closes its end of @go.
 */
static void generator(const int go[2], int done, const char *comm)
{
	char c;
	int sig;

	close(go[1]);	/* or the exit read below never sees the end */
	if (read(go[0], &c, 1) != 1)
		_exit(1);
	prctl(PR_SET_NAME, comm);
	for (sig = 1; sig < MAX_SIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_IGN);
	for (sig = 1; sig < MAX_SIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			kill(getpid(), sig);
	if (write(done, "d", 1) != 1)
		_exit(1);
	/* Exit only when told: its SIGCHLD must fall outside the trace. */
	if (read(go[0], &c, 1) < 0)
		_exit(1);
	_exit(0);
}

/*
 * Starts `kbpf trace signal:signal_generate FILTER ARGS...` with stdout in
 * @out; returns its pid once it says it is attached.
 */
static pid_t start_kbpf(const char *kbpf, const char *filter, const char *const *args,
			const char *out)
{
	const char *argv[16] = { kbpf, "trace", "signal:signal_generate", filter };
	char line[256];
	int err[2], fd, n = 4;
	FILE *f;
	pid_t pid;

	while (*args && n < 15)
		argv[n++] = *args++;
	if (pipe(err))
		return -1;
	pid = fork();
	if (!pid) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(err[1], 2);
		close(err[0]);
		execv(kbpf, (char *const *)argv);
		_exit(127);
	}
	close(err[1]);
	f = fdopen(err[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "tracing ", 8)) {
			/* Keep draining stderr (the summary) into a file. */
			drain_pid = fork();
			if (!drain_pid) {
				FILE *log = fopen(ERR_LOG, "a");

				while (fgets(line, sizeof(line), f))
					if (log)
						fputs(line, log);
				if (log)
					fclose(log);	/* _exit() flushes nothing */
				_exit(0);
			}
			fclose(f);
			return pid;
		}
		fputs(line, stdout);	/* an error: show it */
	}
	if (f)
		fclose(f);
	waitpid(pid, NULL, 0);
	return -1;
}

/* Counts per signal number of lines with "@key" followed by a number. */
static int count_sigs(const char *path, const char *key, int counts[MAX_SIG])
{
	char line[1024], *p;
	int n = 0, sig;
	FILE *f = fopen(path, "r");

	memset(counts, 0, MAX_SIG * sizeof(int));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "signal_generate"))
			continue;
		p = strstr(line, key);
		if (!p)
			continue;
		sig = atoi(p + strlen(key));
		if (sig > 0 && sig < MAX_SIG)
			counts[sig]++;
		n++;
	}
	fclose(f);
	return n;
}

static void run_case(const char *kbpf, const struct filter_case *c, int idx, bool no_jit)
{
	int go[2], done[2], kb[MAX_SIG], ft[MAX_SIG];
	static const char *const json[] = { "-j", NULL };
	static const char *const jit_off[] = { "-j", "--no-jit", NULL };
	char filter[512], out[64], ch;
	int sig, nk, nf, nwant = 0;
	bool same = true, expected = true;
	pid_t child, tracer;

	if (pipe2(go, O_CLOEXEC) || pipe2(done, O_CLOEXEC))
		return;
	child = fork();
	if (!child)
		generator(go, done[1], c->comm);
	snprintf(filter, sizeof(filter), "(%s) && common_pid == %d", c->filter, child);
	snprintf(out, sizeof(out), "/tmp/trace_test.%d", idx);
	write_file(EVENTS "enable", "0");
	CHECK(!write_file(EVENTS "filter", filter), "case_%d_ftrace_accepts_filter", idx);
	write_file(TRACE, "");
	write_file(EVENTS "enable", "1");
	tracer = start_kbpf(kbpf, filter, no_jit ? jit_off : json, out);
	CHECK(tracer > 0, "case_%d_kbpf_attaches", idx);
	if (write(go[1], "g", 1) != 1 || read(done[0], &ch, 1) != 1)
		same = false;
	usleep(300000);	/* let the ring buffer reach the tool */
	if (tracer > 0) {
		kill(tracer, SIGINT);
		waitpid(tracer, NULL, 0);
	}
	write_file(EVENTS "enable", "0");
	close(go[1]);
	waitpid(child, NULL, 0);
	nk = count_sigs(out, "\"sig\":", kb);
	nf = count_sigs(TRACE, " sig=", ft);
	write_file(EVENTS "filter", "0");
	for (sig = 1; sig < MAX_SIG; sig++) {
		bool sent = sig != SIGKILL && sig != SIGSTOP;
		int w = sent && c->expect(sig, c->comm);

		nwant += w;
		same &= c->ftrace_suffix_quirk ? !ft[sig] : kb[sig] == ft[sig];
		expected &= kb[sig] == w;
	}
	CHECK(same && (nk == nf || (c->ftrace_suffix_quirk && !nf)),
	      "case_%d_same_events_as_ftrace: '%s' comm %s: kbpf %d, ftrace %d%s%s",
	      idx, c->filter, c->comm, nk, nf, no_jit ? " (interpreted)" : "",
	      c->ftrace_suffix_quirk ? " (ftrace's suffix glob sees the whole field)" : "");
	CHECK(expected && nk == nwant, "case_%d_expected_events: %d of %d", idx, nk, nwant);
	close(go[0]);
	close(done[0]);
	close(done[1]);
}

static bool exits_alone(pid_t pid, int seconds)
{
	int i, status;

	for (i = 0; i < seconds * 10; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) && !WEXITSTATUS(status);
		usleep(100000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return false;
}

/* The trace_pipe-like text, --fields, --count and --duration. */
static void test_text_and_limits(const char *kbpf)
{
	static const char *const count3[] = { "--count", "3", "--fields", "sig,comm", NULL };
	static const char *const dur1[] = { "--duration", "1", NULL };
	char filter[128], expect[128], line[512], ch;
	int go[2], done[2], lines = 0, good = 0;
	pid_t child, tracer;
	FILE *f;

	if (pipe2(go, O_CLOEXEC) || pipe2(done, O_CLOEXEC))
		return;
	child = fork();
	if (!child)
		generator(go, done[1], "kbpf_gen");
	snprintf(filter, sizeof(filter), "common_pid == %d && sig >= 10", child);
	tracer = start_kbpf(kbpf, filter, count3, "/tmp/trace_test.text");
	if (write(go[1], "g", 1) != 1 || read(done[0], &ch, 1) != 1)
		tracer = -1;
	CHECK(tracer > 0 && exits_alone(tracer, 10), "count_stops_after_3_events");
	close(go[1]);
	waitpid(child, NULL, 0);
	snprintf(expect, sizeof(expect), "kbpf_gen-%d", child);
	f = fopen("/tmp/trace_test.text", "r");
	while (f && fgets(line, sizeof(line), f)) {
		lines++;
		/* "        kbpf_gen-42      [001]    123.456789: signal_generate: sig=10 comm=kbpf_gen" */
		good += strstr(line, expect) && strstr(line, "] ") &&
			strstr(line, ": signal_generate: sig=1") &&
			strstr(line, " comm=kbpf_gen\n");
	}
	if (f)
		fclose(f);
	CHECK(lines == 3 && good == 3, "text_lines_like_trace_pipe: %d lines, %d as expected", lines, good);

	tracer = start_kbpf(kbpf, "sig == 63", dur1, "/tmp/trace_test.dur");
	CHECK(tracer > 0 && exits_alone(tracer, 5), "duration_stops");
	if (tracer > 0)
		waitpid(drain_pid, NULL, 0);
	f = fopen(ERR_LOG, "r");
	good = 0;
	while (f && fgets(line, sizeof(line), f))
		good += strstr(line, " events seen, 0 matched, 0 printed") != NULL;
	if (f)
		fclose(f);
	CHECK(good >= 1, "summary_counts_seen_and_matched");
	close(go[0]);
	close(done[0]);
	close(done[1]);
}

int main(int argc, char **argv)
{
	bool no_jit = argc > 2 && !strcmp(argv[2], "--no-jit");
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: trace_test KBPF [--no-jit]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	unlink(ERR_LOG);
	if (!no_jit)
		test_text_and_limits(argv[1]);
	/* Interpreted, the kernel's example is enough: the program is the same. */
	for (i = 0; i < (no_jit ? 1 : sizeof(cases) / sizeof(cases[0])); i++)
		run_case(argv[1], &cases[i], (int)i + (no_jit ? 100 : 0), no_jit);
	return failed;
}
