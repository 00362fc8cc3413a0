// SPDX-License-Identifier: GPL-2.0-only
/*
 * What programs print with bpf_trace_printk: the module writes each line
 * to the kernel log tagged "kbpf-trace: " (helpers/print.c), and these
 * read it back from /dev/kmsg.
 *
 *   kbpf prog tracelog    like bpftool prog tracelog, until Ctrl-C
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "kbpf.h"

#define TRACE_TAG	"kbpf-trace: "

/* The kernel log from now on, non-blocking; -1 if it cannot be read. */
int kbpf_trace_lines_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Prints the program lines that arrived; /dev/kmsg gives one record per read. */
void kbpf_trace_lines_drain(int fd)
{
	char rec[2048];
	ssize_t n;

	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *msg, *end;

		if (n <= 0)
			continue;	/* records overwritten before we read them */
		rec[n] = '\0';
		msg = strstr(rec, TRACE_TAG);
		if (!msg)
			continue;
		msg += strlen(TRACE_TAG);
		end = strchr(msg, '\n');
		if (end)
			*end = '\0';
		printf("%s\n", msg);
	}
	fflush(stdout);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

int kbpf_cmd_tracelog(int argc, char **argv)
{
	struct pollfd pfd = { .events = POLLIN };

	if (argc)
		return kbpf_err("expected 'prog tracelog'");
	pfd.fd = kbpf_trace_lines_open();
	if (pfd.fd < 0)
		return kbpf_err("cannot read the kernel log (/dev/kmsg): %s", strerror(errno));
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop)
		if (poll(&pfd, 1, 200) > 0)
			kbpf_trace_lines_drain(pfd.fd);
	close(pfd.fd);
	return 0;
}
