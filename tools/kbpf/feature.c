// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf feature: what this module and kernel can do, found by asking them
 * (as bpftool feature probe does), not by reading a list: the version
 * ioctl's feature bits and parameters, a one-instruction program loaded
 * per program type, a small map created per map type, and the kernel
 * interfaces the hooks use.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "backend.h"
#include "json.h"

/* Linux's numbering, so types kbpf lacks are reported as such. */
static const struct {
	const char *name;
	uint32_t type;
} prog_types[] = {
	{ "socket_filter", 1 }, { "kprobe", 2 }, { "sched_cls", 3 },
	{ "sched_act", 4 }, { "tracepoint", 5 }, { "xdp", 6 },
	{ "perf_event", 7 }, { "cgroup_skb", 8 }, { "raw_tracepoint", 17 },
};

static const struct {
	const char *name;
	uint32_t type, key, value, entries;
} map_types[] = {
	{ "hash", 1, 4, 8, 1 }, { "array", 2, 4, 8, 1 },
	{ "prog_array", 3, 4, 4, 1 }, { "perf_event_array", 4, 4, 4, 1 },
	{ "percpu_hash", 5, 4, 8, 1 }, { "percpu_array", 6, 4, 8, 1 },
	{ "stack_trace", 7, 4, 8, 1 }, { "lru_hash", 9, 4, 8, 1 },
	{ "lru_percpu_hash", 10, 4, 8, 1 }, { "lpm_trie", 11, 8, 8, 1 },
	{ "queue", 22, 0, 8, 1 }, { "ringbuf", 27, 0, 0, 4096 },
};

static const struct {
	const char *name;
	const char *path;
} kernel_features[] = {
	{ "kprobes (kprobe PMU)", "/sys/bus/event_source/devices/kprobe" },
	{ "tracefs (tracepoint formats)", "/sys/kernel/tracing/events" },
	{ "kernel BTF", "/sys/kernel/btf/vmlinux" },
};

static bool prog_type_loads(uint32_t type)
{
	static const struct kbpf_insn ret0[] = {
		{ .code = KBPF_ALU64 | KBPF_MOV | KBPF_K },
		{ .code = KBPF_JMP | KBPF_EXIT },
	};
	struct kbpf_prog_load attr = {
		.prog_type = type, .insns = (uintptr_t)ret0, .insn_cnt = 2,
		.license = (uintptr_t)"GPL",
	};
	int fd = kbpf_backend_get()->prog_load(&attr);

	if (fd >= 0 && !opts.host)
		close(fd);
	return fd >= 0;
}

static bool map_type_creates(int i)
{
	struct kbpf_map_create attr = {
		.size = sizeof(attr), .map_type = map_types[i].type,
		.key_size = map_types[i].key, .value_size = map_types[i].value,
		.max_entries = map_types[i].entries,
	};
	int fd = kbpf_backend_get()->map_create(&attr);

	if (fd >= 0 && !opts.host)
		close(fd);
	return fd >= 0;
}

static void line(const char *what, const char *name, bool yes)
{
	if (opts.json)
		kbpf_json_bool(name, yes);
	else
		printf("%s %s is %savailable\n", what, name, yes ? "" : "NOT ");
}

static void module_features(void)
{
	struct kbpf_version v = { 0 };
	int dev = kbpf_device();

	if (dev < 0 || kbpf_version_query(dev, &v) < 0)
		return;
	if (opts.json) {
		kbpf_json_object_begin("module");
		kbpf_json_str("version", v.module_version);
		kbpf_json_u64("api", v.api_version);
		kbpf_json_bool("interpreter", v.features & KBPF_FEAT_INTERPRETER);
		kbpf_json_bool("jit", v.features & KBPF_FEAT_JIT);
		kbpf_json_object_end();
		return;
	}
	printf("kbpf module %s, API %u\n", v.module_version, v.api_version);
	printf("interpreter is %savailable\n",
	       v.features & KBPF_FEAT_INTERPRETER ? "" : "NOT ");
	printf("JIT compiler is %savailable\n", v.features & KBPF_FEAT_JIT ? "" : "NOT ");
}

int kbpf_cmd_feature(int argc, char **argv)
{
	struct utsname u;
	size_t i;

	if (argc && !kbpf_is_prefix(argv[0], "probe"))
		return kbpf_err("expected 'feature [probe]'");
	/*
	 * Without the module every probe would say NOT: say why instead, and
	 * before a JSON document starts, so the error is one of its own.
	 */
	if (!opts.host && kbpf_device() < 0)
		return 1;
	if (opts.json)
		kbpf_json_object_begin(NULL);
	if (!opts.host)
		module_features();
	if (!opts.host && !uname(&u)) {
		if (opts.json)
			kbpf_json_str("kernel", u.release);
		else
			printf("kernel %s %s\n", u.release, u.machine);
		if (opts.json)
			kbpf_json_object_begin("kernel_features");
		for (i = 0; i < ARRAY_SIZE(kernel_features); i++)
			line("", kernel_features[i].name,
			     !access(kernel_features[i].path, F_OK));
		if (opts.json)
			kbpf_json_object_end();
	}
	if (opts.json)
		kbpf_json_object_begin("program_types");
	for (i = 0; i < ARRAY_SIZE(prog_types); i++)
		line("program type", prog_types[i].name, prog_type_loads(prog_types[i].type));
	if (opts.json) {
		kbpf_json_object_end();
		kbpf_json_object_begin("map_types");
	}
	for (i = 0; i < ARRAY_SIZE(map_types); i++)
		line("map type", map_types[i].name, map_type_creates(i));
	if (opts.json) {
		kbpf_json_object_end();
		kbpf_json_object_end();
		kbpf_json_finish();
	}
	return 0;
}
