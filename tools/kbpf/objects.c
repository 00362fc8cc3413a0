// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands on loaded programs and pins:
 *   kbpf prog { show | list } [PROG]
 *   kbpf prog dump { xlated | jited } PROG
 *     (-j: xlated is [{"pc", "disasm", and "src", "file", "line_num" where
 *     a source line starts}...]; jited see jited.c)
 *   kbpf prog pin PROG NAME
 *   kbpf pin { list | delete NAME }
 * PROG := { id ID | pinned NAME | name NAME }
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"
#include "json.h"
#include "../../vm/vm.h"

static const char *prog_type_name(uint32_t type)
{
	switch (type) {
	case KBPF_PROG_TYPE_SOCKET_FILTER: return "socket";
	case KBPF_PROG_TYPE_KPROBE: return "kprobe";
	case KBPF_PROG_TYPE_TRACEPOINT: return "tracepoint";
	case KBPF_PROG_TYPE_RAW_TRACEPOINT: return "raw_tracepoint";
	}
	return "unknown";
}

static const char *obj_kind(uint32_t type)
{
	switch (type) {
	case KBPF_OBJ_PROG: return "program";
	case KBPF_OBJ_MAP: return "map";
	case KBPF_OBJ_LINK: return "link";
	}
	return "object";
}

/* The object name of program or map @fd, as OBJ_GET_INFO reports it. */
static int obj_name(int dev, uint32_t type, int fd, char name[KBPF_OBJ_NAME_LEN])
{
	union {
		struct kbpf_prog_info prog;
		struct kbpf_map_info map;
	} info;
	struct kbpf_obj_get_info attr = {
		.size = sizeof(attr), .fd = fd,
		.info = (uintptr_t)&info, .info_len = sizeof(info),
	};
	int ret;

	memset(&info, 0, sizeof(info));
	ret = kbpf_ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &attr);
	if (ret || attr.obj_type != type)
		return ret ? ret : -EINVAL;
	memcpy(name, type == KBPF_OBJ_PROG ? info.prog.name : info.map.name,
	       KBPF_OBJ_NAME_LEN);
	name[KBPF_OBJ_NAME_LEN - 1] = '\0';
	return 0;
}

/* The only program or map named @name: a descriptor, or -1 after a message. */
static int obj_by_name(int dev, uint32_t type, const char *name)
{
	char got[KBPF_OBJ_NAME_LEN];
	uint32_t id = 0;
	int fd, found = -1;

	while (!kbpf_get_next_id(dev, type, id, &id)) {
		fd = kbpf_get_fd_by_id(dev, type, id);
		if (fd < 0)
			continue;
		if (obj_name(dev, type, fd, got) || strcmp(got, name)) {
			close(fd);
			continue;
		}
		if (found >= 0) {
			close(fd);
			close(found);
			return kbpf_err("more than one %s is named '%s': use its id",
					obj_kind(type), name), -1;
		}
		found = fd;
	}
	if (found < 0)
		kbpf_err("no %s named '%s'", obj_kind(type), name);
	return found;
}

/*
 * Parses { id ID | pinned NAME | name NAME } (name: programs and maps)
 * for an object of @type and returns a descriptor, or -1 after a
 * message. A pin of another kind is refused here, so no command works on
 * the wrong kind of object.
 */
int kbpf_obj_ref(int dev, uint32_t type, int *argc, char ***argv)
{
	const char *kind = obj_kind(type);
	bool named = type != KBPF_OBJ_LINK;
	char **av = *argv, *end;
	unsigned long id;
	int fd, got;

	if (*argc < 2)
		return kbpf_err("expected a %s: { id ID | pinned NAME%s }", kind,
				named ? " | name NAME" : ""), -1;
	if (named && kbpf_is_prefix(av[0], "name")) {
		fd = obj_by_name(dev, type, av[1]);
		if (fd < 0)
			return -1;
	} else if (kbpf_is_prefix(av[0], "id")) {
		id = strtoul(av[1], &end, 0);
		if (*end || !id || id > UINT32_MAX)
			return kbpf_err("'%s' is not a %s id", av[1], kind), -1;
		fd = kbpf_get_fd_by_id(dev, type, id);
		if (fd < 0)
			return kbpf_err("%s id %lu: %s", kind, id, kbpf_strerror(-fd)), -1;
	} else if (kbpf_is_prefix(av[0], "pinned")) {
		fd = kbpf_obj_get(dev, av[1]);
		if (fd < 0)
			return kbpf_err("pinned '%s': %s", av[1], kbpf_strerror(-fd)), -1;
		got = kbpf_obj_type(dev, fd);
		if (got != (int)type) {
			close(fd);
			return kbpf_err("pinned '%s' is a %s, not a %s", av[1],
					got < 0 ? "?" : obj_kind(got), kind), -1;
		}
	} else {
		return kbpf_err("expected 'id', 'pinned'%s, not '%s'",
				named ? " or 'name'" : "", av[0]), -1;
	}
	*argc -= 2;
	*argv += 2;
	return fd;
}

int kbpf_prog_ref(int dev, int *argc, char ***argv)
{
	return kbpf_obj_ref(dev, KBPF_OBJ_PROG, argc, argv);
}

static void print_pins_of(int dev, uint32_t id)
{
	struct kbpf_obj_pin pin;
	char prev[KBPF_PIN_NAME_LEN] = "";

	if (opts.json)
		kbpf_json_array_begin("pinned");
	while (!kbpf_pin_next(dev, prev, &pin)) {
		if (pin.obj_type == KBPF_OBJ_PROG && pin.id == id) {
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

/* Field names as bpftool prints them, so scripts carry over. */
static void json_prog(int dev, const struct kbpf_prog_info *info)
{
	kbpf_json_object_begin(NULL);
	kbpf_json_u64("id", info->id);
	kbpf_json_str("type", prog_type_name(info->type));
	kbpf_json_str("name", info->name);
	kbpf_json_hex("tag", info->tag, sizeof(info->tag));
	kbpf_json_bool("gpl_compatible", info->flags & KBPF_PROG_INFO_GPL_COMPATIBLE);
	kbpf_json_u64("run_time_ns", info->run_time_ns);
	kbpf_json_u64("run_cnt", info->run_cnt);
	kbpf_json_u64("loaded_at_ns", info->load_time_ns);
	kbpf_json_u64("uid", info->uid);
	kbpf_json_u64("bytes_xlated", (uint64_t)info->insn_cnt * 8);
	kbpf_json_bool("jited", info->flags & KBPF_PROG_INFO_JITED);
	kbpf_json_u64("bytes_jited", info->jited_size);
	kbpf_json_u64("stack_depth", info->stack_depth);
	print_pins_of(dev, info->id);
	kbpf_json_object_end();
}

static int show_prog(int dev, int fd)
{
	struct kbpf_prog_info info;
	int ret = kbpf_obj_get_info(dev, fd, &info), i;

	if (ret < 0)
		return kbpf_err("cannot get program info: %s", kbpf_strerror(-ret));
	if (opts.json) {
		json_prog(dev, &info);
		return 0;
	}
	printf("%u: %s  name %s  tag ", info.id, prog_type_name(info.type),
	       info.name[0] ? info.name : "-");
	for (i = 0; i < 8; i++)
		printf("%02x", info.tag[i]);
	if (info.flags & KBPF_PROG_INFO_GPL_COMPATIBLE)
		printf("  gpl");
	if (info.run_cnt)
		printf("  run_time_ns %llu  run_cnt %llu",
		       (unsigned long long)info.run_time_ns,
		       (unsigned long long)info.run_cnt);
	printf("\n\txlated %uB  %s  stack %uB  uid %u\n",
	       info.insn_cnt * 8,
	       info.flags & KBPF_PROG_INFO_JITED ? "jited" : "interpreted",
	       info.stack_depth, info.uid);
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
		fd = kbpf_prog_ref(dev, &argc, &argv);
		if (fd < 0)
			return 1;
		ret = show_prog(dev, fd);
		close(fd);
		if (opts.json && !ret)
			kbpf_json_finish();
		return ret;
	}
	if (opts.json)
		kbpf_json_array_begin(NULL);
	while (!kbpf_get_next_id(dev, KBPF_OBJ_PROG, id, &id)) {
		fd = kbpf_get_fd_by_id(dev, KBPF_OBJ_PROG, id);
		if (fd < 0)
			continue;	/* freed since we saw its id */
		ret |= show_prog(dev, fd);
		close(fd);
	}
	if (opts.json) {
		kbpf_json_array_end();
		kbpf_json_finish();
	}
	return ret;
}

/* The whole dump of @kind, in a buffer the caller frees. */
static void *fetch_dump(int dev, int fd, uint32_t kind, uint32_t *len, uint32_t *code_len)
{
	struct kbpf_prog_dump attr = {
		.size = sizeof(attr), .prog_fd = fd, .kind = kind,
	};
	void *buf;

	if (kbpf_ioctl(dev, KBPF_IOC_PROG_DUMP, &attr))
		return NULL;
	buf = malloc(attr.len ? attr.len : 1);
	if (!buf)
		return NULL;
	attr.buf = (uintptr_t)buf;
	attr.buf_len = attr.len;
	attr.code_len = 0;
	if (kbpf_ioctl(dev, KBPF_IOC_PROG_DUMP, &attr)) {
		free(buf);
		return NULL;
	}
	*len = attr.len;
	*code_len = attr.code_len;
	return buf;
}

/* A line info dump (KBPF_DUMP_LINE_INFO): records, then their strings. */
struct dump_lines {
	const struct kbpf_line_info *recs;
	uint32_t nr;
	const char *str;
	uint32_t str_size;
};

/*
 * Checks what the module sent before printing from it: sorted records,
 * strings inside the blob, which ends with a NUL. Else no source lines.
 */
static void parse_lines(void *buf, uint32_t len, uint32_t recs_len, struct dump_lines *dl)
{
	uint32_t i;

	memset(dl, 0, sizeof(*dl));
	if (!buf || recs_len % sizeof(*dl->recs) || recs_len >= len ||
	    ((char *)buf)[len - 1])
		return;
	dl->recs = buf;
	dl->nr = recs_len / sizeof(*dl->recs);
	dl->str = (char *)buf + recs_len;
	dl->str_size = len - recs_len;
	for (i = 0; i < dl->nr; i++)
		if (dl->recs[i].line_off >= dl->str_size ||
		    dl->recs[i].file_name_off >= dl->str_size ||
		    (i && dl->recs[i].insn_off <= dl->recs[i - 1].insn_off))
			dl->nr = 0;
}

/*
 * bpftool's "; source" line before the instructions it covers, as the
 * verifier's log writes it: text, then "@ file.c:LINE"; once per line.
 */
static void print_source(const struct dump_lines *dl, uint32_t insn, uint32_t *next,
			 const struct kbpf_line_info **last, bool json)
{
	const struct kbpf_line_info *li;
	const char *text, *file, *slash;

	for (li = NULL; *next < dl->nr && dl->recs[*next].insn_off <= insn; (*next)++)
		li = &dl->recs[*next];
	if (!li || (*last && li->line_off == (*last)->line_off &&
		    li->file_name_off == (*last)->file_name_off &&
		    KBPF_LINE_INFO_LINE(li->line_col) == KBPF_LINE_INFO_LINE((*last)->line_col)))
		return;
	*last = li;
	text = dl->str + li->line_off;
	text += strspn(text, " \t");
	if (!*text)
		return;
	file = dl->str + li->file_name_off;
	slash = strrchr(file, '/');
	if (json) {
		kbpf_json_str("src", text);
		kbpf_json_str("file", slash ? slash + 1 : file);
		kbpf_json_u64("line_num", KBPF_LINE_INFO_LINE(li->line_col));
		return;
	}
	printf("; %s @ %s:%u\n", text, slash ? slash + 1 : file,
	       KBPF_LINE_INFO_LINE(li->line_col));
}

static int print_xlated(const struct kbpf_insn *insns, uint32_t n,
			const struct dump_lines *dl)
{
	const struct kbpf_line_info *last = NULL;
	uint32_t i, next = 0;
	char line[128];

	if (opts.json)
		kbpf_json_array_begin(NULL);
	for (i = 0; i < n; i += kbpf_disasm_insn(line, sizeof(line), &insns[i], n - i)) {
		kbpf_disasm_insn(line, sizeof(line), &insns[i], n - i);
		if (opts.json) {
			kbpf_json_object_begin(NULL);
			kbpf_json_u64("pc", i);
			kbpf_json_str("disasm", line);
			print_source(dl, i, &next, &last, true);
			kbpf_json_object_end();
			continue;
		}
		print_source(dl, i, &next, &last, false);
		printf("%5u: %s\n", i, line);
	}
	if (opts.json) {
		kbpf_json_array_end();
		kbpf_json_finish();
	}
	return 0;
}

static int do_dump(int argc, char **argv)
{
	struct kbpf_insn *insns;
	uint8_t *jited = NULL;
	void *lines = NULL;
	struct dump_lines dl;
	uint32_t len, jlen = 0, code_len, n, llen = 0, recs_len = 0;
	int dev = kbpf_device(), fd, ret;
	bool native;

	if (dev < 0)
		return 1;
	if (argc < 1 || (!kbpf_is_prefix(argv[0], "xlated") &&
			 !kbpf_is_prefix(argv[0], "jited")))
		return kbpf_err("expected 'dump { xlated | jited } PROG'");
	native = kbpf_is_prefix(argv[0], "jited");
	argc--;
	argv++;
	fd = kbpf_prog_ref(dev, &argc, &argv);
	if (fd < 0)
		return 1;
	insns = fetch_dump(dev, fd, KBPF_DUMP_XLATED, &len, &code_len);
	if (insns && native)
		jited = fetch_dump(dev, fd, KBPF_DUMP_JITED, &jlen, &code_len);
	/* A module from before line info has none to give: no source lines. */
	if (insns && !native)
		lines = fetch_dump(dev, fd, KBPF_DUMP_LINE_INFO, &llen, &recs_len);
	close(fd);
	if (!insns || (native && !jited)) {
		free(insns);
		return kbpf_err("cannot dump program: %s", strerror(errno));
	}
	n = len / sizeof(*insns);
	if (!native) {
		parse_lines(lines, llen, recs_len, &dl);
		ret = print_xlated(insns, n, &dl);
	} else if (!jlen) {
		ret = kbpf_err("the program is interpreted: it has no native code (is the module's jit parameter 0?)");
	} else if (jlen != code_len + (n + 1) * sizeof(uint32_t)) {
		ret = kbpf_err("malformed native dump");
	} else {
		ret = kbpf_print_jited(jited, code_len,
				       (const uint32_t *)(jited + code_len), insns, n);
	}
	free(lines);
	free(jited);
	free(insns);
	return ret;
}

static int do_pin(int argc, char **argv)
{
	int dev = kbpf_device(), fd, ret;

	if (dev < 0)
		return 1;
	fd = kbpf_prog_ref(dev, &argc, &argv);
	if (fd < 0)
		return 1;
	if (argc != 1)
		return kbpf_err("expected 'pin PROG NAME'");
	ret = kbpf_obj_pin(dev, fd, argv[0]);
	close(fd);
	if (ret)
		return kbpf_err("cannot pin as '%s': %s", argv[0], kbpf_strerror(-ret));
	return 0;
}

int kbpf_cmd_prog_objects(int argc, char **argv)
{
	if (kbpf_is_prefix(argv[0], "show") || kbpf_is_prefix(argv[0], "list"))
		return do_show(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "dump"))
		return do_dump(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "pin"))
		return do_pin(argc - 1, argv + 1);
	return -1;
}

int kbpf_cmd_pin(int argc, char **argv)
{
	struct kbpf_obj_pin pin;
	char prev[KBPF_PIN_NAME_LEN] = "";
	int dev = kbpf_device(), ret;

	if (dev < 0)
		return 1;
	if (argc >= 1 && kbpf_is_prefix(argv[0], "list")) {
		if (opts.json)
			kbpf_json_array_begin(NULL);
		while (!kbpf_pin_next(dev, prev, &pin)) {
			const char *type = pin.obj_type == KBPF_OBJ_PROG ? "prog" :
					   pin.obj_type == KBPF_OBJ_MAP ? "map" :
					   pin.obj_type == KBPF_OBJ_LINK ? "link" : "?";

			if (opts.json) {
				kbpf_json_object_begin(NULL);
				kbpf_json_str("name", pin.name);
				kbpf_json_str("type", type);
				kbpf_json_u64("id", pin.id);
				kbpf_json_object_end();
			} else {
				printf("%s  %s id %u\n", pin.name, type, pin.id);
			}
			memcpy(prev, pin.name, sizeof(prev));
		}
		if (opts.json) {
			kbpf_json_array_end();
			kbpf_json_finish();
		}
		return 0;
	}
	if (argc == 2 && kbpf_is_prefix(argv[0], "delete")) {
		ret = kbpf_obj_unpin(dev, argv[1]);
		if (ret)
			return kbpf_err("cannot delete pin '%s': %s", argv[1],
					kbpf_strerror(-ret));
		return 0;
	}
	return kbpf_err("expected 'pin list' or 'pin delete NAME'");
}
