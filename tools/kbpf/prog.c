// SPDX-License-Identifier: GPL-2.0-only
/* kbpf prog { run | verify }: load programs and run them. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"

#define LOG_INITIAL_SIZE	(64 * 1024)
#define LOG_MAX_SIZE		(16U << 20)

static const struct {
	const char *name;
	uint32_t type;
} prog_types[] = {
	{ "socket", KBPF_PROG_TYPE_SOCKET_FILTER },
	{ "kprobe", KBPF_PROG_TYPE_KPROBE },
	{ "tracepoint", KBPF_PROG_TYPE_TRACEPOINT },
	{ "raw_tracepoint", KBPF_PROG_TYPE_RAW_TRACEPOINT },
};

struct load_args {
	const char *file;
	const char *name;
	char default_name[KBPF_OBJ_NAME_LEN];
	uint32_t type;
	uint32_t repeat;
};

/* The default name: the file's base name, in the characters names allow. */
static void default_name(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t i;

	for (i = 0; i + 1 < size && base[i] && base[i] != '.'; i++)
		name[i] = isalnum((unsigned char)base[i]) ? base[i] : '_';
	name[i] = '\0';
}

static bool valid_name(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' && name[i] != '.')
			return false;
	return i < KBPF_OBJ_NAME_LEN;
}

static int parse_repeat(const char *arg, uint32_t *repeat)
{
	char *end;

	*repeat = strtoul(arg, &end, 0);
	if (*end || !*repeat)
		return kbpf_err("repeat wants a positive number, not '%s'", arg);
	return 0;
}

static int parse_type(const char *arg, uint32_t *type)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prog_types); i++) {
		if (!strcmp(arg, prog_types[i].name)) {
			*type = prog_types[i].type;
			return 0;
		}
	}
	return kbpf_err("unknown program type '%s'", arg);
}

/* FILE [name NAME] [type TYPE] [repeat N]; repeat only where allowed. */
static int parse_load_args(int argc, char **argv, struct load_args *a,
			   bool allow_repeat)
{
	if (argc < 1)
		return kbpf_err("expected a program FILE");
	a->file = argv[0];
	a->type = KBPF_PROG_TYPE_SOCKET_FILTER;
	for (argc--, argv++; argc >= 2; argc -= 2, argv += 2) {
		if (kbpf_is_prefix(argv[0], "name")) {
			a->name = argv[1];
			if (!valid_name(a->name))
				return kbpf_err("name '%s': use up to %d letters, digits, '_' or '.'",
						a->name, KBPF_OBJ_NAME_LEN - 1);
		} else if (kbpf_is_prefix(argv[0], "type")) {
			if (parse_type(argv[1], &a->type))
				return 1;
		} else if (allow_repeat && kbpf_is_prefix(argv[0], "repeat")) {
			if (parse_repeat(argv[1], &a->repeat))
				return 1;
		} else {
			break;
		}
	}
	if (argc)
		return kbpf_err("unexpected argument '%s'", argv[0]);
	if (!a->name) {
		default_name(a->file, a->default_name, sizeof(a->default_name));
		a->name = a->default_name;
	}
	return 0;
}

static void print_log(const char *name, const char *log)
{
	if (!log || !*log)
		return;
	fprintf(stderr, "-- BEGIN PROG LOAD LOG (prog '%s') --\n%s", name, log);
	if (log[strlen(log) - 1] != '\n')
		fputc('\n', stderr);
	fprintf(stderr, "-- END PROG LOAD LOG --\n");
}

/* Errors a verifier log explains; others (no memory, no device) it cannot. */
static bool verifier_error(int err)
{
	return err == -EINVAL || err == -EACCES || err == -EOPNOTSUPP ||
	       err == -E2BIG;
}

static const char *errno_name(int err)
{
	switch (err) {
	case -EINVAL: return "EINVAL";
	case -EACCES: return "EACCES";
	case -EOPNOTSUPP: return "EOPNOTSUPP";
	case -E2BIG: return "E2BIG";
	}
	return "?";
}

/* What each verifier errno means, so nobody reads EACCES as "not root". */
static const char *verifier_verdict(int err)
{
	switch (err) {
	case -EINVAL: return "the program is malformed";
	case -EACCES: return "the program is not provably safe";
	case -EOPNOTSUPP: return "the program uses something kbpf does not support";
	case -E2BIG: return "the program exceeds a limit";
	}
	return "";
}

static int try_load(struct kbpf_prog_load *attr, int level, char **log,
		    uint32_t *size)
{
	struct kbpf_prog_load try = *attr;
	int ret;

	if (level) {
		free(*log);
		*log = calloc(1, *size);
		if (!*log)
			return -ENOMEM;
		try.log_level = level;
		try.log_buf = (uintptr_t)*log;
		try.log_size = *size;
	}
	ret = kbpf_backend_get()->prog_load(&try);
	/* Report the size the whole log needs, so the caller can retry. */
	if (level && try.log_true_size > *size)
		*size = try.log_true_size;
	return ret;
}

/*
 * Loads once without a log, as libbpf does; on a verifier failure loads
 * again with one, grown to the size the verifier reports, and prints it
 * between markers. Returns a program handle or -errno.
 */
static int load_prog(const struct load_args *a, bool show_log)
{
	struct kbpf_prog_load attr = { 0 };
	char name[KBPF_OBJ_NAME_LEN];
	struct kbpf_insn *insns;
	uint32_t cnt, size = LOG_INITIAL_SIZE, used;
	int level = opts.log_level;
	char *log = NULL;
	int ret;

	snprintf(name, sizeof(name), "%s", a->name);
	ret = kbpf_read_insns(a->file, &insns, &cnt);
	if (ret) {
		kbpf_err("cannot read program '%s': %s%s", a->file, strerror(-ret),
			 ret == -EINVAL ? " (not a whole number of 8-byte instructions)" : "");
		return ret;
	}
	attr.prog_type = a->type;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = cnt;
	attr.license = (uintptr_t)"GPL";
	memcpy(attr.name, name, sizeof(attr.name));

	used = size;
	ret = try_load(&attr, level, &log, &used);
	if (ret < 0 && !level && verifier_error(ret)) {
		level = 1;
		ret = try_load(&attr, level, &log, &used);
	}
	if (ret < 0 && level && used > size && used <= LOG_MAX_SIZE) {
		size = used;
		ret = try_load(&attr, level, &log, &used);
	}

	if (ret < 0) {
		if (verifier_error(ret) && log && *log)
			kbpf_err("prog '%s': rejected by the verifier (%s: %s)", name,
				 errno_name(ret), verifier_verdict(ret));
		else
			kbpf_err("prog '%s': load failed: %s", name, strerror(-ret));
		print_log(name, log);
		if (ret == -ENOENT)
			fprintf(stderr, "hint: is the module loaded? (insmod kbpf.ko, or use --host)\n");
	} else if (show_log) {
		print_log(name, log);
	}
	free(log);
	free(insns);
	return ret;
}

/* A loaded program (PROG) or a FILE to load first, then [repeat N]. */
static int run_target(int *argc, char ***argv, struct load_args *a)
{
	int dev;

	if (*argc >= 2 && !opts.host && (!strcmp((*argv)[0], "id") ||
					  !strcmp((*argv)[0], "pinned"))) {
		dev = kbpf_device();
		if (dev < 0)
			return -1;
		return kbpf_prog_ref(dev, argc, argv);
	}
	if (parse_load_args(*argc, *argv, a, true))
		return -1;
	*argc = 0;
	return load_prog(a, opts.log_level);
}

static int do_run(int argc, char **argv)
{
	struct kbpf_prog_test_run run = { 0 };
	struct load_args a = { 0 };
	int fd, ret;

	fd = run_target(&argc, &argv, &a);
	if (fd < 0)
		return 1;
	if (argc == 2 && kbpf_is_prefix(argv[0], "repeat")) {
		if (parse_repeat(argv[1], &a.repeat))
			return 1;
	} else if (argc) {
		return kbpf_err("unexpected argument '%s'", argv[0]);
	}
	run.prog_fd = fd;
	run.repeat = a.repeat;
	ret = kbpf_backend_get()->prog_test_run(&run);
	if (ret < 0)
		return kbpf_err("test run failed: %s", strerror(-ret));
	printf("Return value: %llu, duration%s: %lluns\n",
	       (unsigned long long)run.retval, a.repeat > 1 ? " (average)" : "",
	       (unsigned long long)run.duration_ns);
	return 0;
}

static int do_verify(int argc, char **argv)
{
	struct load_args a = { 0 };

	if (parse_load_args(argc, argv, &a, false))
		return 1;
	if (load_prog(&a, true) < 0)
		return 1;
	printf("prog '%s': accepted\n", a.name);
	return 0;
}

/* Loads FILE and pins it as NAME, so it outlives this process. */
static int do_load(int argc, char **argv)
{
	struct load_args a = { 0 };
	char *pin;
	int fd, ret;

	if (opts.host)
		return kbpf_err("prog load pins into the module: not with --host");
	if (argc < 2)
		return kbpf_err("expected 'prog load FILE NAME [type TYPE] [name NAME]'");
	pin = argv[1];
	argv[1] = argv[0];
	if (parse_load_args(argc - 1, argv + 1, &a, false))
		return 1;
	fd = load_prog(&a, opts.log_level);
	if (fd < 0)
		return 1;
	ret = kbpf_obj_pin(kbpf_device(), fd, pin);
	close(fd);
	if (ret)
		return kbpf_err("cannot pin as '%s': %s", pin, strerror(-ret));
	return 0;
}

int kbpf_cmd_prog(int argc, char **argv)
{
	int ret;

	if (argc < 1)
		return kbpf_err("expected a command: run | verify | load | show | dump | pin");
	if (kbpf_is_prefix(argv[0], "run"))
		return do_run(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "verify"))
		return do_verify(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "load"))
		return do_load(argc - 1, argv + 1);
	ret = kbpf_cmd_prog_objects(argc, argv);
	if (ret >= 0)
		return ret;
	return kbpf_err("unknown prog command '%s'", argv[0]);
}

int kbpf_cmd_version(int argc, char **argv)
{
	struct kbpf_version v = { 0 };
	int dev, ret;

	printf("kbpf tool %s\n", KBPF_VERSION);
	if (opts.host)
		return 0;
	dev = kbpf_dev_open();
	if (dev < 0)
		return kbpf_err("cannot open /dev/%s: %s", KBPF_DEVICE_NAME,
				strerror(-dev));
	ret = kbpf_version_query(dev, &v);
	close(dev);
	if (ret < 0)
		return kbpf_err("version query failed: %s", strerror(-ret));
	printf("kbpf module %s, API %u, features:%s\n", v.module_version,
	       v.api_version,
	       v.features & KBPF_FEAT_INTERPRETER ? " interpreter" : "");
	return 0;
}
