// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf run OBJ.o [duration SECONDS] [rodata VAR=VALUE]...: the
 * one-command way to try an object. Sets the read-only globals named,
 * loads every program with the object's maps, attaches each where its
 * SEC() name says, streams the programs' trace_printk lines until Ctrl-C
 * or the duration ends, prints every map, and detaches.
 *
 * Links are held by this process's descriptors only (nothing is pinned),
 * so an exit of any kind detaches everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "backend.h"
#include "elf.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/* The attach type for @p, or 0 with a reason when it cannot be attached here. */
static uint32_t attach_type(const struct kbpf_elf_prog *p, const char **why)
{
	switch (p->type) {
	case KBPF_PROG_TYPE_KPROBE:
		return p->retprobe ? KBPF_ATTACH_KRETPROBE : KBPF_ATTACH_KPROBE;
	case KBPF_PROG_TYPE_TRACEPOINT:
		return KBPF_ATTACH_TRACEPOINT;
	case KBPF_PROG_TYPE_RAW_TRACEPOINT:
		*why = "a raw tracepoint's argument count is not in its SEC() name: use 'kbpf link create ... args N'";
		return 0;
	}
	*why = "socket programs attach to a socket, not by section name";
	return 0;
}

static int attach_by_section(int dev, const struct kbpf_elf_prog *p, int prog)
{
	struct kbpf_link_create attr = {
		.size = sizeof(attr), .prog_fd = prog,
		.target = (uintptr_t)p->attach,
	};
	const char *why = NULL;
	int link;

	attr.attach_type = attach_type(p, &why);
	if (!attr.attach_type) {
		fprintf(stderr, "%s: not attached: %s\n", p->name, why);
		return -EOPNOTSUPP;
	}
	link = kbpf_ioctl(dev, KBPF_IOC_LINK_CREATE, &attr);
	if (link < 0)
		kbpf_err("%s: cannot attach to SEC(\"%s\"): %s", p->name, p->sec,
			 strerror(-link));
	else
		printf("%s: attached to %s\n", p->name, p->sec);
	return link;
}

static void wait_for_stop(unsigned long seconds)
{
	time_t end = seconds ? time(NULL) + seconds : 0;
	int trace = kbpf_trace_lines_open();
	struct pollfd pfd = { .fd = trace, .events = POLLIN };

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop && (!end || time(NULL) < end)) {
		if (trace < 0 || poll(&pfd, 1, 200) <= 0) {
			if (trace < 0)
				usleep(200000);
			continue;
		}
		kbpf_trace_lines_drain(trace);
	}
	if (trace >= 0) {
		kbpf_trace_lines_drain(trace);
		close(trace);
	}
}

struct run_args {
	unsigned long seconds;
	char *rodata[KBPF_RODATA_MAX];
	int nr_rodata;
};

#define RUN_USAGE "expected 'run OBJ.o [duration SECONDS] [rodata VAR=VALUE]...'"

static int parse_args(int argc, char **argv, struct run_args *a)
{
	char *end;

	for (argc--, argv++; argc >= 2; argc -= 2, argv += 2) {
		if (kbpf_is_prefix(argv[0], "duration")) {
			a->seconds = strtoul(argv[1], &end, 0);
			if (*end || !a->seconds)
				return kbpf_err("duration must be a positive number of seconds");
		} else if (kbpf_is_prefix(argv[0], "rodata")) {
			if (kbpf_add_rodata(a->rodata, &a->nr_rodata, argv[1]))
				return 1;
		} else {
			break;
		}
	}
	if (argc)
		return kbpf_err(RUN_USAGE);
	return 0;
}

static void print_maps(int dev, const struct kbpf_elf *obj, const int *fds)
{
	uint32_t i;

	for (i = 0; i < obj->nr_maps; i++) {
		printf("\nmap %s:\n", obj->maps[i].name);
		kbpf_map_dump_fd(dev, fds[i]);
	}
}

int kbpf_cmd_run(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct kbpf_elf obj;
	int dev, *fds = NULL, *progs, *links, ret;
	uint32_t i, attached = 0;

	if (argc < 1 || parse_args(argc, argv, &a))
		return argc < 1 ? kbpf_err(RUN_USAGE) : 1;
	if (opts.host)
		return kbpf_err("run attaches to kernel hooks: it needs the module, not --host");
	dev = kbpf_device();
	if (dev < 0)
		return 1;
	ret = kbpf_elf_open(argv[0], &obj);
	if (ret)
		return kbpf_err("%s", obj.err);
	progs = calloc(obj.nr_progs, sizeof(*progs));
	links = calloc(obj.nr_progs, sizeof(*links));
	ret = progs && links ? kbpf_elf_apply_rodata(&obj, a.rodata, a.nr_rodata) : -ENOMEM;
	if (!ret)
		ret = kbpf_elf_create_maps(&obj, &fds);
	for (i = 0; !ret && i < obj.nr_progs; i++) {
		progs[i] = kbpf_load_elf_prog(&obj, i, fds);
		if (progs[i] < 0) {
			ret = progs[i];
			break;
		}
		links[i] = attach_by_section(dev, &obj.progs[i], progs[i]);
		attached += links[i] >= 0;
	}
	if (!ret && attached) {
		printf("%u of %u programs attached; Ctrl-C to stop%s\n", attached,
		       obj.nr_progs, a.seconds ? " (or the duration)" : "");
		fflush(stdout);
		wait_for_stop(a.seconds);
		print_maps(dev, &obj, fds);
	} else if (!ret) {
		ret = kbpf_err("no program of %s could be attached", argv[0]);
	}
	for (i = 0; progs && links && i < obj.nr_progs; i++) {
		if (links[i] > 0)
			close(links[i]);
		if (progs[i] > 0)
			close(progs[i]);
	}
	if (fds)
		kbpf_elf_close_maps(&obj, fds, obj.nr_maps);
	kbpf_elf_close(&obj);
	free(links);
	free(progs);
	return ret ? 1 : 0;
}
