// SPDX-License-Identifier: GPL-2.0-only
/*
 * Links: programs attached to kernel hooks.
 *   kbpf link create PROG HOOK pin NAME
 *   kbpf link { show | list } [LINK]
 *   kbpf link detach LINK
 *   kbpf link update LINK PROG
 *   kbpf link pin LINK NAME
 * HOOK := { kprobe FUNC [offset N] | kretprobe FUNC |
 *           tracepoint CAT:NAME | raw_tracepoint NAME [args N] |
 *           socket { FD | PID:FD } | ingress IFNAME }
 * A socket is named by a descriptor of the tool itself (inherited from
 * the process that runs it) or of another process (pidfd_getfd); an
 * interface by its name in the tool's network namespace.
 * LINK := { id ID | pinned NAME }
 * With -j or -p, show and list print JSON (bpftool's field names where
 * it has them: prog_id, tp_name, func, pinned).
 * A link lives while a descriptor or a pin holds it, and the tool exits
 * at once: create therefore pins.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "backend.h"
#include "json.h"

static const struct {
	const char *name;
	uint32_t type;
} hooks[] = {
	{ "kprobe", KBPF_ATTACH_KPROBE },
	{ "kretprobe", KBPF_ATTACH_KRETPROBE },
	{ "tracepoint", KBPF_ATTACH_TRACEPOINT },
	{ "raw_tracepoint", KBPF_ATTACH_RAW_TRACEPOINT },
	{ "socket", KBPF_ATTACH_SOCKET },
	{ "ingress", KBPF_ATTACH_NETDEV_INGRESS },
};

static const char *hook_name(uint32_t type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++)
		if (hooks[i].type == type)
			return hooks[i].name;
	return "unknown";
}

int kbpf_link_info_get(int dev, int fd, struct kbpf_link_info *info)
{
	struct kbpf_obj_get_info attr = {
		.size = sizeof(attr), .fd = fd,
		.info = (uintptr_t)info, .info_len = sizeof(*info),
	};
	int ret;

	memset(info, 0, sizeof(*info));
	ret = kbpf_ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &attr);
	if (!ret && attr.obj_type != KBPF_OBJ_LINK)
		ret = -EINVAL;
	return ret;
}

static int parse_num(const char *s, const char *what, unsigned long long max,
		     unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || *end || !*s || *out > max)
		return kbpf_err("'%s' is not a valid %s", s, what);
	return 0;
}

/*
 * "FD" is a descriptor the tool inherited; "PID:FD" one of process PID,
 * duplicated here with pidfd_getfd (same permission as ptrace attach).
 */
static int parse_socket(const char *s, uint32_t *fd)
{
	unsigned long long pid, n;
	const char *colon = strchr(s, ':');
	char buf[32];
	int pidfd, got;

	if (!colon) {
		if (parse_num(s, "socket descriptor", INT32_MAX, &n))
			return 1;
		*fd = n;
		return 0;
	}
	if ((size_t)(colon - s) >= sizeof(buf))
		return kbpf_err("'%s' is not PID:FD", s);
	memcpy(buf, s, colon - s);
	buf[colon - s] = 0;
	if (parse_num(buf, "process id", INT32_MAX, &pid) ||
	    parse_num(colon + 1, "socket descriptor", INT32_MAX, &n))
		return 1;
	pidfd = syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (pidfd < 0)
		return kbpf_err("process %llu: %s", pid, strerror(errno));
	got = syscall(SYS_pidfd_getfd, pidfd, (int)n, 0);
	close(pidfd);
	if (got < 0)
		return kbpf_err("descriptor %llu of process %llu: %s", n, pid,
				strerror(errno));
	*fd = got;
	return 0;
}

/* HOOK into @attr; returns 0 or 1 after a message. */
static int parse_hook(int *argc, char ***argv, struct kbpf_link_create *attr)
{
	char **av = *argv;
	unsigned long long n;
	size_t i, found = 0;
	int used = 2;

	if (*argc < 2)
		return kbpf_err("expected HOOK: kprobe FUNC [offset N] | kretprobe FUNC | tracepoint CAT:NAME | raw_tracepoint NAME [args N] | socket FD|PID:FD | ingress IFNAME");
	for (i = 0; i < ARRAY_SIZE(hooks); i++)
		if (!strcmp(av[0], hooks[i].name))
			attr->attach_type = hooks[i].type, found = 1;
	if (!found)
		return kbpf_err("unknown hook '%s'", av[0]);
	if (attr->attach_type == KBPF_ATTACH_SOCKET) {
		if (parse_socket(av[1], &attr->target_fd))
			return 1;
	} else {
		attr->target = (uintptr_t)av[1];
	}
	if (*argc >= 4 && attr->attach_type == KBPF_ATTACH_KPROBE &&
	    !strcmp(av[2], "offset")) {
		if (parse_num(av[3], "offset", INT32_MAX, &n))
			return 1;
		attr->offset = n;
		used = 4;
	}
	/* Without 'args N', the count the kernel's BTF gives. */
	if (attr->attach_type == KBPF_ATTACH_RAW_TRACEPOINT) {
		char why[256];
		int nr;

		if (*argc < 4 || !kbpf_is_prefix(av[2], "args")) {
			nr = kbpf_raw_tp_nr_args(av[1], why, sizeof(why));
			if (nr < 0)
				return kbpf_err("raw_tracepoint %s: %s", av[1], why);
			attr->nr_args = nr;
		} else {
			if (parse_num(av[3], "argument count", KBPF_RAW_TP_MAX_ARGS, &n))
				return 1;
			attr->nr_args = n;
			used = 4;
		}
	}
	*argc -= used;
	*argv += used;
	return 0;
}

/* LINK_CREATE and LINK_UPDATE errors, with what EACCES means there. */
static const char *link_error(int err)
{
	if (err == -EACCES)
		return "the program reads past the end of this hook's context (a tracepoint's record, or a raw tracepoint's args N u64 arguments); load a tracepoint program with its target to see which read";
	return kbpf_strerror(-err);
}

int kbpf_link_create_cmd(int argc, char **argv)
{
	struct kbpf_link_create attr = { .size = sizeof(attr) };
	int dev = kbpf_device(), prog, link, ret;

	if (dev < 0)
		return 1;
	prog = kbpf_prog_ref(dev, &argc, &argv);
	if (prog < 0)
		return 1;
	attr.prog_fd = prog;
	if (parse_hook(&argc, &argv, &attr))
		return 1;
	if (argc != 2 || strcmp(argv[0], "pin"))
		return kbpf_err("expected 'pin NAME' after the hook");
	link = kbpf_ioctl(dev, KBPF_IOC_LINK_CREATE, &attr);
	close(prog);
	if (link < 0)
		return kbpf_err("cannot attach to %s %s: %s",
				hook_name(attr.attach_type),
				(char *)(uintptr_t)attr.target, link_error(link));
	ret = kbpf_obj_pin(dev, link, argv[1]);
	close(link);	/* without a pin this detaches */
	if (ret)
		return kbpf_err("cannot pin as '%s': %s", argv[1], kbpf_strerror(-ret));
	return 0;
}

static void print_pins_of(int dev, uint32_t id)
{
	char prev[KBPF_PIN_NAME_LEN] = "";
	struct kbpf_obj_pin pin;

	if (opts.json)
		kbpf_json_array_begin("pinned");
	while (!kbpf_pin_next(dev, prev, &pin)) {
		if (pin.obj_type == KBPF_OBJ_LINK && pin.id == id) {
			if (opts.json)
				kbpf_json_str(NULL, pin.name);
			else
				printf("\tpinned %s\n", pin.name);
		}
		memcpy(prev, pin.name, sizeof(prev));
	}
	if (opts.json)
		kbpf_json_array_end();
}

static void json_link(int dev, const struct kbpf_link_info *info)
{
	kbpf_json_object_begin(NULL);
	kbpf_json_u64("id", info->id);
	kbpf_json_str("type", hook_name(info->attach_type));
	kbpf_json_u64("prog_id", info->prog_id);
	switch (info->attach_type) {
	case KBPF_ATTACH_KPROBE:
	case KBPF_ATTACH_KRETPROBE:
		kbpf_json_str("func", info->target);
		kbpf_json_u64("offset", info->offset);
		break;
	case KBPF_ATTACH_TRACEPOINT:
		kbpf_json_str("tp_name", info->target);
		break;
	case KBPF_ATTACH_RAW_TRACEPOINT:
		kbpf_json_str("tp_name", info->target);
		kbpf_json_u64("nr_args", info->nr_args);
		break;
	case KBPF_ATTACH_SOCKET:
		kbpf_json_str("socket", info->target);
		break;
	case KBPF_ATTACH_NETDEV_INGRESS:
		kbpf_json_str("devname", info->target);
		break;
	}
	kbpf_json_bool("detached", info->flags & KBPF_LINK_INFO_DETACHED);
	kbpf_json_u64("hit_cnt", info->hit_cnt);
	kbpf_json_u64("miss_cnt", info->miss_cnt);
	print_pins_of(dev, info->id);
	kbpf_json_object_end();
}

static int show_link(int dev, int fd)
{
	struct kbpf_link_info info;
	int ret = kbpf_link_info_get(dev, fd, &info);

	if (ret < 0)
		return kbpf_err("cannot get link info: %s", kbpf_strerror(-ret));
	if (opts.json) {
		json_link(dev, &info);
		return 0;
	}
	printf("%u: %s  %s", info.id, hook_name(info.attach_type), info.target);
	if (info.offset)
		printf("+%llu", (unsigned long long)info.offset);
	if (info.attach_type == KBPF_ATTACH_RAW_TRACEPOINT)
		printf("  args %u", info.nr_args);
	printf("  prog %u%s\n\thits %llu  misses %llu\n", info.prog_id,
	       info.flags & KBPF_LINK_INFO_DETACHED ? "  detached" : "",
	       (unsigned long long)info.hit_cnt,
	       (unsigned long long)info.miss_cnt);
	print_pins_of(dev, info.id);
	return 0;
}

static int do_show(int argc, char **argv)
{
	int dev = kbpf_device(), fd, ret = 0;
	uint32_t id = 0;

	if (dev < 0)
		return 1;
	if (argc) {
		fd = kbpf_obj_ref(dev, KBPF_OBJ_LINK, &argc, &argv);
		if (fd < 0)
			return 1;
		if (argc) {
			close(fd);
			return kbpf_err("unexpected '%s'", argv[0]);
		}
		ret = show_link(dev, fd);
		close(fd);
		if (opts.json && !ret)
			kbpf_json_finish();
		return ret;
	}
	if (opts.json)
		kbpf_json_array_begin(NULL);
	while (!kbpf_get_next_id(dev, KBPF_OBJ_LINK, id, &id)) {
		fd = kbpf_get_fd_by_id(dev, KBPF_OBJ_LINK, id);
		if (fd < 0)
			continue;	/* freed since we saw its id */
		ret |= show_link(dev, fd);
		close(fd);
	}
	if (opts.json) {
		kbpf_json_array_end();
		kbpf_json_finish();
	}
	return ret;
}

static int do_detach(int argc, char **argv)
{
	struct kbpf_link_detach attr = { .size = sizeof(attr) };
	int dev = kbpf_device(), fd, ret;

	if (dev < 0)
		return 1;
	fd = kbpf_obj_ref(dev, KBPF_OBJ_LINK, &argc, &argv);
	if (fd < 0)
		return 1;
	if (argc)
		return kbpf_err("expected 'detach LINK'");
	attr.link_fd = fd;
	ret = kbpf_ioctl(dev, KBPF_IOC_LINK_DETACH, &attr);
	close(fd);
	if (ret)
		return kbpf_err("cannot detach: %s", kbpf_strerror(-ret));
	return 0;
}

static int do_update(int argc, char **argv)
{
	struct kbpf_link_update attr = { .size = sizeof(attr) };
	int dev = kbpf_device(), link, prog, ret;

	if (dev < 0)
		return 1;
	link = kbpf_obj_ref(dev, KBPF_OBJ_LINK, &argc, &argv);
	if (link < 0)
		return 1;
	prog = kbpf_prog_ref(dev, &argc, &argv);
	if (prog < 0 || argc)
		return prog < 0 ? 1 : kbpf_err("expected 'update LINK PROG'");
	attr.link_fd = link;
	attr.new_prog_fd = prog;
	ret = kbpf_ioctl(dev, KBPF_IOC_LINK_UPDATE, &attr);
	close(prog);
	close(link);
	if (ret)
		return kbpf_err("cannot update: %s", link_error(ret));
	return 0;
}

static int do_pin(int argc, char **argv)
{
	int dev = kbpf_device(), fd, ret;

	if (dev < 0)
		return 1;
	fd = kbpf_obj_ref(dev, KBPF_OBJ_LINK, &argc, &argv);
	if (fd < 0)
		return 1;
	if (argc != 1)
		return kbpf_err("expected 'pin LINK NAME'");
	ret = kbpf_obj_pin(dev, fd, argv[0]);
	close(fd);
	if (ret)
		return kbpf_err("cannot pin as '%s': %s", argv[0], kbpf_strerror(-ret));
	return 0;
}

/* prog detach PROG: detaches every link the program is attached through. */
int kbpf_prog_detach_cmd(int argc, char **argv)
{
	struct kbpf_link_detach d = { .size = sizeof(d) };
	struct kbpf_link_info link;
	struct kbpf_prog_info info;
	int dev = kbpf_device(), prog, fd, n = 0, err = 0;
	uint32_t id = 0;

	if (dev < 0)
		return 1;
	prog = kbpf_prog_ref(dev, &argc, &argv);
	if (prog < 0)
		return 1;
	if (argc)
		return kbpf_err("expected 'prog detach PROG'");
	if (kbpf_obj_get_info(dev, prog, &info))
		return kbpf_err("cannot read the program's info");
	close(prog);
	while (!kbpf_get_next_id(dev, KBPF_OBJ_LINK, id, &id)) {
		fd = kbpf_get_fd_by_id(dev, KBPF_OBJ_LINK, id);
		if (fd < 0)
			continue;
		if (!kbpf_link_info_get(dev, fd, &link) && link.prog_id == info.id &&
		    !(link.flags & KBPF_LINK_INFO_DETACHED)) {
			d.link_fd = fd;
			if (kbpf_ioctl(dev, KBPF_IOC_LINK_DETACH, &d))
				err = 1;
			else
				n++;
		}
		close(fd);
	}
	if (!n && !err)
		return kbpf_err("program %u is not attached", info.id);
	if (opts.json) {
		kbpf_json_object_begin(NULL);
		kbpf_json_u64("prog_id", info.id);
		kbpf_json_u64("detached", n);
		kbpf_json_object_end();
		kbpf_json_finish();
	} else {
		printf("detached %d link%s of program %u\n", n, n == 1 ? "" : "s", info.id);
	}
	return err;
}

int kbpf_cmd_link(int argc, char **argv)
{
	static const char *const words[] = {
		"create", "show", "list", "detach", "update", "pin",
	};
	static int (*const fns[])(int argc, char **argv) = {
		kbpf_link_create_cmd, do_show, do_show, do_detach, do_update, do_pin,
	};
	int w;

	if (argc < 1)
		return kbpf_err("expected a link command; try 'kbpf help'");
	if (opts.host)
		return kbpf_err("links attach to kernel hooks: they need the module, not --host");
	w = kbpf_keyword(argv[0], words, ARRAY_SIZE(words));
	if (w < 0)
		return kbpf_err("%s link command '%s'", w == -2 ? "ambiguous" : "unknown",
				argv[0]);
	return fns[w](argc - 1, argv + 1);
}
