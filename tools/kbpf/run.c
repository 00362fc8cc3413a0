// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf run OBJ.o [duration SECONDS] [rodata VAR=VALUE]...: the
 * one-command way to try an object. Sets the read-only globals named,
 * loads every program with the object's maps, attaches each where its
 * SEC() name says, streams the programs' trace_printk lines and the
 * records of every ring buffer map until Ctrl-C or the duration ends,
 * prints every other map (and the global variables of .data, .rodata
 * and .bss by name, read through a mapping of their pages), and detaches.
 *
 * Links are held by this process's descriptors only (nothing is pinned),
 * so an exit of any kind detaches everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include "backend.h"
#include "elf.h"
#include "ringbuf.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

/*
 * The attach type for @p, or 0 with a reason in @why when it cannot be
 * attached here. A raw tracepoint's argument count, which its SEC() name
 * lacks, comes from the kernel's BTF.
 */
static uint32_t attach_type(const struct kbpf_elf_prog *p, uint32_t *nr_args,
			    char *why, size_t why_size)
{
	int n;

	switch (p->type) {
	case KBPF_PROG_TYPE_KPROBE:
		return p->retprobe ? KBPF_ATTACH_KRETPROBE : KBPF_ATTACH_KPROBE;
	case KBPF_PROG_TYPE_TRACEPOINT:
		return KBPF_ATTACH_TRACEPOINT;
	case KBPF_PROG_TYPE_RAW_TRACEPOINT:
		n = kbpf_raw_tp_nr_args(p->attach, why, why_size);
		if (n < 0)
			return 0;
		*nr_args = n;
		return KBPF_ATTACH_RAW_TRACEPOINT;
	}
	snprintf(why, why_size, "socket programs attach to a socket, not by section name: 'kbpf link create ... socket PID:FD'");
	return 0;
}

static int attach_by_section(int dev, const struct kbpf_elf_prog *p, int prog)
{
	struct kbpf_link_create attr = {
		.size = sizeof(attr), .prog_fd = prog,
		.target = (uintptr_t)p->attach,
	};
	char why[256];
	int link;

	attr.attach_type = attach_type(p, &attr.nr_args, why, sizeof(why));
	if (!attr.attach_type) {
		fprintf(stderr, "%s: not attached: %s\n", p->name, why);
		return -EOPNOTSUPP;
	}
	link = kbpf_ioctl(dev, KBPF_IOC_LINK_CREATE, &attr);
	if (link < 0)
		kbpf_err("%s: cannot attach to SEC(\"%s\"): %s", p->name, p->sec,
			 kbpf_strerror(-link));
	else if (attr.attach_type == KBPF_ATTACH_RAW_TRACEPOINT)
		printf("%s: attached to %s (%u arguments, from the kernel's BTF)\n",
		       p->name, p->sec, attr.nr_args);
	else
		printf("%s: attached to %s\n", p->name, p->sec);
	return link;
}

/* The object's ring buffers, mapped for reading; @rbs[i].fd < 0 if none. */
static int open_ringbufs(const struct kbpf_elf *obj, const int *fds,
			 struct kbpf_rb *rbs)
{
	uint32_t i;
	int err;

	for (i = 0; i < obj->nr_maps; i++)
		rbs[i].fd = -1;
	for (i = 0; i < obj->nr_maps; i++) {
		if (obj->maps[i].type != KBPF_MAP_TYPE_RINGBUF)
			continue;
		err = kbpf_rb_open(&rbs[i], fds[i], obj->maps[i].max_entries,
				   obj->maps[i].name);
		if (err) {
			rbs[i].fd = -1;
			return kbpf_err("ring buffer '%s': cannot map it: %s",
					obj->maps[i].name, kbpf_strerror(-err)), err;
		}
	}
	return 0;
}

static void close_ringbufs(const struct kbpf_elf *obj, struct kbpf_rb *rbs)
{
	uint32_t i;

	for (i = 0; rbs && i < obj->nr_maps; i++)
		if (rbs[i].fd >= 0)
			kbpf_rb_close(&rbs[i]);
}

static void drain_all(int trace, struct kbpf_rb *rbs, uint32_t n)
{
	uint32_t i;

	if (trace >= 0)
		kbpf_trace_lines_drain(trace);
	for (i = 0; i < n; i++)
		if (rbs[i].fd >= 0)
			kbpf_rb_consume(&rbs[i], kbpf_rb_print, NULL);
}

/* Trace lines and ring buffer records, whichever comes, until stopped. */
static void wait_for_stop(unsigned long seconds, struct kbpf_rb *rbs, uint32_t n)
{
	time_t end = seconds ? time(NULL) + seconds : 0;
	int trace = kbpf_trace_lines_open();
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN };
	uint32_t i;

	if (ep >= 0 && trace >= 0)
		epoll_ctl(ep, EPOLL_CTL_ADD, trace, &ev);
	for (i = 0; ep >= 0 && i < n; i++)
		if (rbs[i].fd >= 0)
			epoll_ctl(ep, EPOLL_CTL_ADD, rbs[i].fd, &ev);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop && (!end || time(NULL) < end)) {
		if (ep < 0 || epoll_wait(ep, &ev, 1, 200) <= 0) {
			if (ep < 0)
				usleep(200000);
			continue;
		}
		drain_all(trace, rbs, n);
	}
	drain_all(trace, rbs, n);
	if (trace >= 0)
		close(trace);
	if (ep >= 0)
		close(ep);
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

static void print_var(const struct kbpf_elf_var *v, const uint8_t *p)
{
	uint64_t u = 0;
	uint32_t i;

	switch (v->kind) {
	case KBPF_ELF_VAR_UINT:
	case KBPF_ELF_VAR_SINT:
		if (v->size <= 8) {
			memcpy(&u, p, v->size);	/* little-endian, as the programs */
			if (v->kind == KBPF_ELF_VAR_SINT && v->size < 8 &&
			    (u >> (v->size * 8 - 1)) & 1)
				u |= ~0ULL << (v->size * 8);
			if (v->kind == KBPF_ELF_VAR_SINT)
				printf("%lld\n", (long long)u);
			else
				printf("%llu\n", (unsigned long long)u);
			return;
		}
		break;
	case KBPF_ELF_VAR_CHARS:
		printf("\"%.*s\"\n", (int)strnlen((const char *)p, v->size), p);
		return;
	default:
		break;
	}
	for (i = 0; i < v->size; i++)
		printf("%02x%s", p[i], i + 1 < v->size ? " " : "\n");
}

/*
 * A data map's variables by name, read through a read-only mapping of
 * its pages with no system call per read, as a skeleton's user space
 * reads skel->bss->NAME.
 */
static void print_globals(const struct kbpf_elf *obj, uint32_t idx, int fd)
{
	const struct kbpf_backend *b = kbpf_backend_get();
	const struct kbpf_elf_map *m = &obj->maps[idx];
	size_t len = kbpf_elf_map_mmap_len(m);
	const uint8_t *p;
	uint32_t i;
	int err;

	p = b->map_mmap(fd, len, false, &err);
	if (!p) {
		kbpf_err("map '%s': cannot map it: %s", m->name, kbpf_strerror(-err));
		return;
	}
	printf("globals in %s (mmap):\n", m->name);
	for (i = 0; i < obj->nr_vars; i++) {
		if (obj->vars[i].map != idx)
			continue;
		printf("  %s = ", obj->vars[i].name);
		print_var(&obj->vars[i], p + obj->vars[i].off);
	}
	b->map_munmap(fd, (void *)p, len, false);
}

static void print_maps(int dev, const struct kbpf_elf *obj, const int *fds)
{
	uint32_t i;

	for (i = 0; i < obj->nr_maps; i++) {
		/* Its records were streamed: a ring buffer has no elements. */
		if (obj->maps[i].type == KBPF_MAP_TYPE_RINGBUF)
			continue;
		printf("\nmap %s:\n", obj->maps[i].name);
		kbpf_map_dump_fd(dev, fds[i]);
		if (obj->maps[i].kind == KBPF_ELF_MAP_DATA &&
		    (obj->maps[i].flags & KBPF_F_MMAPABLE))
			print_globals(obj, i, fds[i]);
	}
}

int kbpf_cmd_run(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct kbpf_elf obj;
	int dev, *fds = NULL, *progs, *links, ret;
	struct kbpf_rb *rbs = NULL;
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
	rbs = calloc(obj.nr_maps + 1, sizeof(*rbs));
	ret = progs && links && rbs ? kbpf_elf_apply_rodata(&obj, a.rodata, a.nr_rodata) : -ENOMEM;
	if (!ret)
		ret = kbpf_elf_create_maps(&obj, &fds);
	if (!ret)
		ret = open_ringbufs(&obj, fds, rbs);
	for (i = 0; !ret && i < obj.nr_progs; i++) {
		links[i] = -1;
		progs[i] = kbpf_load_elf_prog(&obj, i, fds);
		if (progs[i] < 0)
			ret = progs[i];
	}
	/* Tail call targets fill their prog_arrays; they attach nowhere. */
	if (!ret)
		ret = kbpf_elf_fill_prog_arrays(&obj, fds, progs);
	for (i = 0; !ret && i < obj.nr_progs; i++) {
		if (kbpf_elf_is_tail_target(&obj, i)) {
			printf("%s: tail call target\n", obj.progs[i].name);
			continue;
		}
		links[i] = attach_by_section(dev, &obj.progs[i], progs[i]);
		attached += links[i] >= 0;
	}
	if (!ret && attached) {
		printf("%u of %u programs attached; Ctrl-C to stop%s\n", attached,
		       obj.nr_progs, a.seconds ? " (or the duration)" : "");
		fflush(stdout);
		wait_for_stop(a.seconds, rbs, obj.nr_maps);
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
		close_ringbufs(&obj, rbs);
	free(rbs);
	if (fds)
		kbpf_elf_close_maps(&obj, fds, obj.nr_maps);
	kbpf_elf_close(&obj);
	free(links);
	free(progs);
	return ret ? 1 : 0;
}
