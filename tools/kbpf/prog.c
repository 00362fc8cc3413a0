// SPDX-License-Identifier: GPL-2.0-only
/* kbpf prog { run | verify }: load programs and run them. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"
#include "../../vm/vm.h"
#include "elf.h"
#include "json.h"

#define LOG_INITIAL_SIZE	(64 * 1024)
#define RAW_MAX_MAPS		64	/* 'map SPEC' arguments of a raw file */
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
	const char *prog;		/* program of an ELF object */
	char default_name[KBPF_OBJ_NAME_LEN];
	uint32_t type;
	bool type_set;
	const char *target;		/* target CAT:NAME of a raw file */
	uint32_t repeat;
	/* prog run's files, bpftool's names: "-" is stdin or stdout. */
	const char *data_in, *data_out, *ctx_in, *ctx_out;
	uint32_t data_size_out, ctx_size_out;
	char *rodata[KBPF_RODATA_MAX];	/* NAME=VALUE, nr_rodata of them */
	int nr_rodata;
	/* Raw files: map TYPE:KEY:VALUE:ENTRIES[:FLAGS], lddw src 5/6 index them. */
	struct kbpf_map_create maps[RAW_MAX_MAPS];
	int nr_maps;
};

/* One program's instructions, from a raw file or an ELF object. */
struct program {
	struct kbpf_insn *insns;
	uint32_t cnt;
	uint32_t type;
	uint32_t flags;			/* KBPF_PROG_LOAD_F_* */
	char license[128];
	char name[KBPF_OBJ_NAME_LEN];
	const struct kbpf_elf_prog *elf;	/* line info from here, if any */
	char target[KBPF_TARGET_NAME_LEN];	/* tracepoints: CAT:NAME, or "" */
	int32_t *fds;			/* fd_array: the maps of a raw file */
	uint32_t nr_fds;
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

static int parse_repeat(const char *arg, uint32_t *repeat)
{
	char *end;

	*repeat = strtoul(arg, &end, 0);
	if (*end || !*repeat)
		return kbpf_err("repeat wants a positive number, not '%s'", arg);
	return 0;
}

static int parse_size(const char *what, const char *arg, uint32_t *size)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 0);

	if (*end || !v || v > UINT32_MAX)
		return kbpf_err("%s wants a positive number, not '%s'", what, arg);
	*size = v;
	return 0;
}

/*
 * prog run's own arguments, as bpftool spells them: 1 if @key was one,
 * 0 if not, -1 on a bad value.
 */
static int parse_run_arg(const char *key, const char *val, struct load_args *a)
{
	if (kbpf_is_prefix(key, "repeat"))
		return parse_repeat(val, &a->repeat) ? -1 : 1;
	if (kbpf_is_prefix(key, "data_in"))
		a->data_in = val;
	else if (kbpf_is_prefix(key, "data_out"))
		a->data_out = val;
	else if (kbpf_is_prefix(key, "data_size_out"))
		return parse_size(key, val, &a->data_size_out) ? -1 : 1;
	else if (kbpf_is_prefix(key, "ctx_in"))
		a->ctx_in = val;
	else if (kbpf_is_prefix(key, "ctx_out"))
		a->ctx_out = val;
	else if (kbpf_is_prefix(key, "ctx_size_out"))
		return parse_size(key, val, &a->ctx_size_out) ? -1 : 1;
	else
		return 0;
	return 1;
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

/*
 * map TYPE:KEY:VALUE:ENTRIES[:FLAGS], the sizes in bytes as 'map create'
 * takes them; decimal, or 0x hex for flags.
 */
static int parse_map_spec(const char *spec, struct load_args *a)
{
	struct kbpf_map_create *m = &a->maps[a->nr_maps];
	unsigned long v[4] = { 0 };
	char name[32], *p, *end;
	int i;

	if (a->nr_maps == RAW_MAX_MAPS)
		return kbpf_err("at most %d maps", RAW_MAX_MAPS);
	p = strchr(spec, ':');
	if (!p || (size_t)(p - spec) >= sizeof(name))
		goto bad;
	snprintf(name, sizeof(name), "%.*s", (int)(p - spec), spec);
	memset(m, 0, sizeof(*m));
	m->size = sizeof(*m);
	if (kbpf_map_type_parse(name, &m->map_type))
		return kbpf_err("map %s: unknown map type '%s'", spec, name);
	for (i = 0; i < 4 && p && *p == ':'; i++) {
		v[i] = strtoul(p + 1, &end, 0);
		if (end == p + 1 || v[i] > UINT32_MAX)
			goto bad;
		p = end;
	}
	if (i < 3 || *p)
		goto bad;
	m->key_size = v[0];
	m->value_size = v[1];
	m->max_entries = v[2];
	m->map_flags = v[3];
	snprintf(m->name, sizeof(m->name), "map%d", a->nr_maps);
	a->nr_maps++;
	return 0;
bad:
	return kbpf_err("map wants TYPE:KEY:VALUE:ENTRIES[:FLAGS] (e.g. hash:4:8:16), not '%s'",
			spec);
}

/*
 * FILE [name NAME] [type TYPE] [target CAT:NAME] [map SPEC]...
 * [rodata VAR=VALUE]...; with @allow_run, prog run's arguments too.
 */
static int parse_load_args(int argc, char **argv, struct load_args *a,
			   bool allow_run)
{
	int r;

	if (argc < 1)
		return kbpf_err("expected a program FILE");
	a->file = argv[0];
	a->type = KBPF_PROG_TYPE_SOCKET_FILTER;
	for (argc--, argv++; argc >= 2; argc -= 2, argv += 2) {
		if (kbpf_is_prefix(argv[0], "name")) {
			a->name = argv[1];
			if (kbpf_check_obj_name(a->name))
				return kbpf_err("name '%s': use up to %d letters, digits, '_' or '.'",
						a->name, KBPF_OBJ_NAME_LEN - 1);
		} else if (kbpf_is_prefix(argv[0], "type")) {
			if (parse_type(argv[1], &a->type))
				return 1;
			a->type_set = true;
		} else if (kbpf_is_prefix(argv[0], "prog")) {
			a->prog = argv[1];
		} else if (kbpf_is_prefix(argv[0], "target")) {
			a->target = argv[1];
		} else if (!strcmp(argv[0], "map")) {
			if (parse_map_spec(argv[1], a))
				return 1;
		} else {
			/* Run arguments before rodata: "r" stays repeat. */
			r = allow_run ? parse_run_arg(argv[0], argv[1], a) : 0;
			if (r < 0)
				return 1;
			if (r)
				continue;
			if (!kbpf_is_prefix(argv[0], "rodata"))
				break;
			if (kbpf_add_rodata(a->rodata, &a->nr_rodata, argv[1]))
				return 1;
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

/* The statistics of the last load, for --stats. */
static struct kbpf_prog_load last_load;

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
	attr->err_insn = try.err_insn;
	last_load = try;
	/* Report the size the whole log needs, so the caller can retry. */
	if (level && try.log_true_size > *size)
		*size = try.log_true_size;
	return ret;
}

/*
 * Where a rejection is, for the one-line summary: " at insn N" and, from
 * the object's line info, " (file.c:LINE)". Empty when nobody knows.
 */
static void rejected_at(const struct program *p, uint32_t insn, char *buf, size_t size)
{
	const struct kbpf_elf_prog *ep = p->elf;
	const struct kbpf_line_info *li = NULL;
	const char *file, *slash;
	uint32_t i;

	buf[0] = '\0';
	if (insn == ~0U || insn >= p->cnt)
		return;
	for (i = 0; ep && i < ep->nr_linfo && ep->linfo[i].insn_off <= insn; i++)
		li = &ep->linfo[i];
	if (!li || !KBPF_LINE_INFO_LINE(li->line_col)) {
		snprintf(buf, size, " at insn %u", insn);
		return;
	}
	file = ep->linfo_str + li->file_name_off;
	slash = strrchr(file, '/');
	snprintf(buf, size, " at insn %u (%s:%u)", insn, slash ? slash + 1 : file,
		 KBPF_LINE_INFO_LINE(li->line_col));
}

static const char *line_end(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? nl : s + strlen(s);
}

/*
 * The verifier's reason for rejecting instruction @insn: its last log
 * line for that instruction ("N: insn: why"), without the index, so the
 * first line the user reads says why. NULL when the log has none.
 */
static const char *log_reason(const char *log, uint32_t insn, int *len)
{
	const char *line, *found = NULL, *nl;
	char prefix[16];
	size_t plen;

	if (!log || insn == ~0U)
		return NULL;
	plen = snprintf(prefix, sizeof(prefix), "%u: ", insn);
	for (line = log; *line; line = nl + 1) {
		nl = line_end(line);
		if (!strncmp(line, prefix, plen))
			found = line;
		if (!*nl)
			break;
	}
	if (!found)
		return NULL;
	*len = (int)(line_end(found) - found - plen);
	return found + plen;
}

/*
 * Loads once without a log, as libbpf does; on a verifier failure loads
 * again with one, grown to the size the verifier reports, and prints it
 * between markers. Returns a program handle or -errno.
 */
static int load_insns(const struct program *p, bool show_log)
{
	struct kbpf_prog_load attr = { 0 };
	uint32_t size = LOG_INITIAL_SIZE, used;
	int level = opts.log_level;
	char *log = NULL, at[192];
	int ret, why_len = 0;

	/* A log asked for with -d ends with the verifier's statistics line. */
	if (level && opts.stats)
		level |= KBPF_LOG_STATS;
	attr.prog_type = p->type;
	attr.flags = p->flags;
	attr.insns = (uintptr_t)p->insns;
	attr.insn_cnt = p->cnt;
	attr.license = (uintptr_t)p->license;
	memcpy(attr.name, p->name, sizeof(attr.name));
	if (p->elf && p->elf->nr_linfo) {
		attr.line_info = (uintptr_t)p->elf->linfo;
		attr.line_info_rec_size = sizeof(*p->elf->linfo);
		attr.line_info_cnt = p->elf->nr_linfo;
		attr.line_info_str = (uintptr_t)p->elf->linfo_str;
		attr.line_info_str_size = p->elf->linfo_str_size;
	}
	if (p->target[0])
		attr.attach_target = (uintptr_t)p->target;
	if (p->nr_fds) {
		attr.fd_array = (uintptr_t)p->fds;
		attr.fd_array_cnt = p->nr_fds;
	}

	used = size;
	ret = try_load(&attr, level, &log, &used);
	/* An unknown attach target is ENOENT, explained in the log too. */
	if (ret < 0 && !level && (verifier_error(ret) ||
				  (ret == -ENOENT && attr.attach_target))) {
		level = 1;
		ret = try_load(&attr, level, &log, &used);
	}
	if (ret < 0 && level && used > size && used <= LOG_MAX_SIZE) {
		size = used;
		ret = try_load(&attr, level, &log, &used);
	}

	if (ret < 0) {
		const char *why = log_reason(log, attr.err_insn, &why_len);

		rejected_at(p, attr.err_insn, at, sizeof(at));
		if (verifier_error(ret) && log && *log && why)
			kbpf_err("prog '%s': rejected by the verifier (%s: %s)%s: %.*s", p->name,
				 errno_name(ret), verifier_verdict(ret), at, why_len, why);
		else if (verifier_error(ret) && log && *log)
			kbpf_err("prog '%s': rejected by the verifier (%s: %s)%s", p->name,
				 errno_name(ret), verifier_verdict(ret), at);
		else
			kbpf_err("prog '%s': load failed: %s", p->name, kbpf_strerror(-ret));
		print_log(p->name, log);
		if (ret == -ENOENT && !attr.attach_target)
			fprintf(stderr, "hint: is the module loaded? (insmod kbpf.ko, or use --host)\n");
	} else if (show_log) {
		print_log(p->name, log);
	}
	free(log);
	return ret;
}

/*
 * Takes program @idx of an ELF object, its map references pointed at
 * @fds (the object's maps, created by the caller).
 */
static int elf_program(const struct load_args *a, const struct kbpf_elf *obj,
		       uint32_t idx, const int *fds, struct program *p)
{
	const struct kbpf_elf_prog *ep = &obj->progs[idx];

	p->insns = malloc((size_t)ep->cnt * sizeof(*p->insns));
	if (!p->insns)
		return kbpf_err("out of memory");
	memcpy(p->insns, ep->insns, (size_t)ep->cnt * sizeof(*p->insns));
	kbpf_elf_relocate(ep, p->insns, fds);
	p->cnt = ep->cnt;
	p->elf = ep;
	p->type = a->type_set ? a->type : ep->type;
	/* The verifier bounds a tracepoint's reads by its SEC() target's record. */
	if (p->type == KBPF_PROG_TYPE_TRACEPOINT)
		snprintf(p->target, sizeof(p->target), "%s", a->target ? a->target : ep->attach);
	snprintf(p->license, sizeof(p->license), "%s", obj->license);
	snprintf(p->name, sizeof(p->name), "%.*s", KBPF_OBJ_NAME_LEN - 1,
		 a->prog || !a->name ? ep->name : a->name);
	return 0;
}

/* Program @idx of @obj loaded with its maps @fds: a handle or -errno. */
int kbpf_load_elf_prog(const struct kbpf_elf *obj, uint32_t idx, const int *fds)
{
	struct load_args a = { 0 };
	struct program p = { 0 };
	int ret;

	if (elf_program(&a, obj, idx, fds, &p))
		return -ENOMEM;
	ret = load_insns(&p, false);
	free(p.insns);
	return ret;
}

/*
 * A program built by the tool itself (kbpf trace), licensed GPL: a handle
 * or -errno, with the verifier's log printed on a rejection.
 */
int kbpf_load_generated(uint32_t type, const struct kbpf_insn *insns, uint32_t cnt,
			const char *name, uint32_t flags)
{
	struct program p = {
		.insns = (struct kbpf_insn *)insns, .cnt = cnt,
		.type = type, .flags = flags, .license = "GPL",
	};

	snprintf(p.name, sizeof(p.name), "%s", name);
	return load_insns(&p, false);
}

/* The index of the program @a names (prog NAME), or of the only one. */
static int elf_pick(const struct load_args *a, const struct kbpf_elf *obj)
{
	uint32_t i;

	for (i = 0; a->prog && i < obj->nr_progs; i++)
		if (!strcmp(obj->progs[i].name, a->prog))
			return i;
	if (a->prog)
		return -kbpf_err("%s has no program '%s'", a->file, a->prog);
	if (obj->nr_progs > 1) {
		kbpf_err("%s has %u programs; pick one with 'prog NAME':", a->file,
			 obj->nr_progs);
		for (i = 0; i < obj->nr_progs; i++)
			fprintf(stderr, "  %s (SEC(\"%s\"))\n", obj->progs[i].name,
				obj->progs[i].sec);
		return -1;
	}
	return 0;
}

/* The maps 'map SPEC' describes, created for a raw file's fd_array. */
static int raw_maps(const struct load_args *a, struct program *p)
{
	int i, fd;

	if (!a->nr_maps)
		return 0;
	p->fds = calloc(a->nr_maps, sizeof(*p->fds));
	if (!p->fds)
		return kbpf_err("out of memory");
	for (i = 0; i < a->nr_maps; i++) {
		fd = kbpf_backend_get()->map_create(&a->maps[i]);
		if (fd < 0)
			return kbpf_err("cannot create map %d (type %u, key %u, value %u, entries %u): %s",
					i, a->maps[i].map_type, a->maps[i].key_size,
					a->maps[i].value_size, a->maps[i].max_entries,
					strerror(-fd));
		p->fds[p->nr_fds++] = fd;
	}
	return 0;
}

/* The program holds its maps: the tool's descriptors can go. */
static void raw_maps_close(struct program *p)
{
	uint32_t i;

	for (i = 0; !opts.host && i < p->nr_fds; i++)
		close(p->fds[i]);
	free(p->fds);
	p->fds = NULL;
	p->nr_fds = 0;
}

static int raw_program(const struct load_args *a, struct program *p)
{
	int ret = kbpf_read_insns(a->file, &p->insns, &p->cnt);

	if (ret)
		return kbpf_err("cannot read program '%s': %s%s", a->file, kbpf_strerror(-ret),
				ret == -EINVAL ? " (not a whole number of 8-byte instructions)" : "");
	p->type = a->type;
	if (a->target && p->type != KBPF_PROG_TYPE_TRACEPOINT)
		return kbpf_err("'target CAT:NAME' is for tracepoint programs");
	if (a->target)
		snprintf(p->target, sizeof(p->target), "%s", a->target);
	snprintf(p->license, sizeof(p->license), "GPL");
	snprintf(p->name, sizeof(p->name), "%s", a->name);
	return 0;
}

/* Loads the program FILE (and prog NAME) designate; a handle or -errno. */
static int load_prog(const struct load_args *a, bool show_log)
{
	struct program p = { 0 };
	struct kbpf_elf obj;
	int *fds = NULL;
	int idx, ret;

	if (!kbpf_is_elf_file(a->file)) {
		if (a->prog || a->nr_rodata) {
			kbpf_err("'%s' is for ELF objects; %s is raw instructions",
				 a->prog ? "prog NAME" : "rodata VAR=VALUE", a->file);
			return -EINVAL;
		}
		if (raw_program(a, &p) || raw_maps(a, &p)) {
			raw_maps_close(&p);
			free(p.insns);
			return -EINVAL;
		}
	} else {
		if (a->nr_maps) {
			kbpf_err("'map SPEC' is for raw instruction files; %s defines its own maps",
				 a->file);
			return -EINVAL;
		}
		ret = kbpf_elf_open(a->file, &obj);
		if (ret) {
			kbpf_err("%s", obj.err);
			return ret;
		}
		idx = elf_pick(a, &obj);
		ret = idx < 0 ? -EINVAL : kbpf_elf_apply_rodata(&obj, a->rodata, a->nr_rodata);
		if (!ret)
			ret = kbpf_elf_create_maps(&obj, &fds);
		if (!ret)
			ret = elf_program(a, &obj, idx, fds, &p) ? -EINVAL : 0;
		/* The program holds its maps; our descriptors can go. */
		ret = ret ? ret : load_insns(&p, show_log);
		kbpf_elf_close_maps(&obj, fds, obj.nr_maps);
		kbpf_elf_close(&obj);
		free(p.insns);
		return ret;
	}
	ret = load_insns(&p, show_log);
	raw_maps_close(&p);
	free(p.insns);
	return ret;
}

/* A loaded program (PROG) or a FILE to load first, then run arguments. */
static int run_target(int *argc, char ***argv, struct load_args *a)
{
	int dev;

	if (*argc >= 2 && !opts.host && (!strcmp((*argv)[0], "id") ||
					  !strcmp((*argv)[0], "pinned") ||
					  !strcmp((*argv)[0], "name"))) {
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

#define RUN_FILE_MAX	(1U << 20)	/* more than any context or packet */
#define RUN_OUT_DEFAULT	65535		/* the largest packet; any context fits */

/* All of @path ("-": stdin) into a new buffer; *@len its size. */
static void *read_run_file(const char *what, const char *path, uint32_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	uint8_t *buf;
	size_t n;

	if (!f) {
		kbpf_err("%s %s: %s", what, path, strerror(errno));
		return NULL;
	}
	buf = malloc(RUN_FILE_MAX + 1);
	n = buf ? fread(buf, 1, RUN_FILE_MAX + 1, f) : 0;
	if (buf && ferror(f)) {
		kbpf_err("%s %s: %s", what, path, strerror(errno));
		goto fail;
	}
	if (n > RUN_FILE_MAX) {
		kbpf_err("%s %s: more than %u bytes", what, path, RUN_FILE_MAX);
		goto fail;
	}
	if (buf && !n) {
		kbpf_err("%s %s: empty", what, path);
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
fail:
	if (f != stdin)
		fclose(f);
	free(buf);
	return NULL;
}

/* @len bytes to @path, or as hex lines (16 bytes each) to stdout for "-". */
static int write_run_file(const char *what, const char *path,
			  const uint8_t *buf, uint32_t len)
{
	FILE *f;
	uint32_t i;

	if (!strcmp(path, "-")) {
		if (opts.json) {
			kbpf_json_hex(what, buf, len);
			return 0;
		}
		for (i = 0; i < len; i++)
			printf("%02x%s", buf[i], i % 16 == 15 || i + 1 == len ? "\n" : " ");
		return 0;
	}
	f = fopen(path, "wb");
	if (!f)
		goto fail;
	if (fwrite(buf, 1, len, f) != len) {
		fclose(f);
		goto fail;
	}
	if (fclose(f))
		goto fail;
	return 0;
fail:
	kbpf_err("%s %s: %s", what, path, strerror(errno));
	return -1;
}

struct run_bufs {
	void *data_in, *ctx_in, *data_out, *ctx_out;
};

static void run_bufs_free(struct run_bufs *b)
{
	free(b->data_in);
	free(b->ctx_in);
	free(b->data_out);
	free(b->ctx_out);
}

/* The test run's buffers from prog run's arguments. */
static int run_bufs_get(const struct load_args *a, struct kbpf_prog_test_run *run,
			struct run_bufs *b)
{
	if (a->data_in && !strcmp(a->data_in, "-") && a->ctx_in &&
	    !strcmp(a->ctx_in, "-"))
		return kbpf_err("data_in and ctx_in cannot both be read from stdin");
	if (a->data_in) {
		b->data_in = read_run_file("data_in", a->data_in, &run->data_size_in);
		if (!b->data_in)
			return -1;
		run->data_in = (uintptr_t)b->data_in;
	}
	if (a->ctx_in) {
		b->ctx_in = read_run_file("ctx_in", a->ctx_in, &run->ctx_size_in);
		if (!b->ctx_in)
			return -1;
		run->ctx_in = (uintptr_t)b->ctx_in;
	}
	if (a->data_size_out && !a->data_out)
		return kbpf_err("data_size_out needs data_out");
	if (a->ctx_size_out && !a->ctx_out)
		return kbpf_err("ctx_size_out needs ctx_out");
	if (a->data_out) {
		run->data_size_out = a->data_size_out ? a->data_size_out : RUN_OUT_DEFAULT;
		b->data_out = calloc(1, run->data_size_out);
		if (!b->data_out)
			return kbpf_err("out of memory");
		run->data_out = (uintptr_t)b->data_out;
	}
	if (a->ctx_out) {
		run->ctx_size_out = a->ctx_size_out ? a->ctx_size_out : RUN_OUT_DEFAULT;
		b->ctx_out = calloc(1, run->ctx_size_out);
		if (!b->ctx_out)
			return kbpf_err("out of memory");
		run->ctx_out = (uintptr_t)b->ctx_out;
	}
	return 0;
}

/*
 * On ENOSPC the run happened and what fits came back: say which buffer
 * was short and by how much, as the sizes the kernel reported tell.
 */
static void run_enospc(const struct load_args *a,
		       const struct kbpf_prog_test_run *run)
{
	if (a->data_out && run->data_size_out > a->data_size_out && a->data_size_out)
		kbpf_err("data_out: the packet is %u bytes, data_size_out %u",
			 run->data_size_out, a->data_size_out);
	if (a->ctx_out && run->ctx_size_out > a->ctx_size_out && a->ctx_size_out)
		kbpf_err("ctx_out: the context is %u bytes, ctx_size_out %u",
			 run->ctx_size_out, a->ctx_size_out);
}

static int do_run(int argc, char **argv)
{
	struct kbpf_prog_test_run run = { 0 };
	struct load_args a = { 0 };
	struct run_bufs b = { 0 };
	int fd, ret, r;

	fd = run_target(&argc, &argv, &a);
	if (fd < 0)
		return 1;
	for (; argc >= 2; argc -= 2, argv += 2) {
		r = parse_run_arg(argv[0], argv[1], &a);
		if (r < 0)
			return 1;
		if (!r)
			break;
	}
	if (argc)
		return kbpf_err("unexpected argument '%s'", argv[0]);
	if (run_bufs_get(&a, &run, &b)) {
		run_bufs_free(&b);
		return 1;
	}
	run.prog_fd = fd;
	run.repeat = a.repeat;
	ret = kbpf_backend_get()->prog_test_run(&run);
	if (ret == -ENOSPC)
		run_enospc(&a, &run);
	if (ret < 0) {
		run_bufs_free(&b);
		return kbpf_err("test run failed: %s%s", kbpf_strerror(-ret),
				ret == -EINVAL && (a.data_in || a.data_out) ?
				" (data_in and data_out are for socket filters only)" : "");
	}
	ret = 0;
	if (opts.json) {
		kbpf_json_object_begin(NULL);
		kbpf_json_u64("retval", run.retval);
		kbpf_json_u64("duration", run.duration_ns);
		kbpf_json_u64("repeat", a.repeat ? a.repeat : 1);
	} else {
		printf("Return value: %llu, duration%s: %lluns\n",
		       (unsigned long long)run.retval, a.repeat > 1 ? " (average)" : "",
		       (unsigned long long)run.duration_ns);
	}
	if (a.data_out && write_run_file("data_out", a.data_out, b.data_out,
					 run.data_size_out))
		ret = 1;
	if (a.ctx_out && write_run_file("ctx_out", a.ctx_out, b.ctx_out,
					run.ctx_size_out))
		ret = 1;
	if (opts.json) {
		kbpf_json_object_end();
		kbpf_json_finish();
	}
	run_bufs_free(&b);
	return ret;
}

/*
 * --stats: one line from PROG_LOAD's out fields, accepted or not. With
 * -j, one object per program: its name, the verdict and the statistics.
 */
static void print_stats(const char *name, bool accepted)
{
	const struct kbpf_prog_load *l = &last_load;

	if (opts.json && (accepted || opts.stats)) {
		kbpf_json_object_begin(NULL);
		kbpf_json_str("prog", name);
		kbpf_json_bool("accepted", accepted);
	}
	if (!opts.stats) {
		if (opts.json && accepted) {
			kbpf_json_object_end();
			kbpf_json_finish();
		}
		return;
	}
	if (opts.json) {
		kbpf_json_u64("insns_processed", l->insn_processed);
		kbpf_json_u64("states_kept", l->states_kept);
		kbpf_json_u64("states_pruned", l->states_pruned);
		kbpf_json_u64("peak_states", l->peak_states);
		kbpf_json_u64("state_bytes", l->state_bytes);
		kbpf_json_u64("verify_time_ns", l->verify_time_ns);
		kbpf_json_object_end();
		kbpf_json_finish();
		return;
	}
	printf("prog '%s': %u insns processed, %u states kept, %u pruned, peak %u states, %llu bytes of state, %llu us\n",
	       name, l->insn_processed, l->states_kept, l->states_pruned,
	       l->peak_states, (unsigned long long)l->state_bytes,
	       (unsigned long long)l->verify_time_ns / 1000);
}

static int verify_one(const struct load_args *a, const char *name)
{
	int fd;

	memset(&last_load, 0, sizeof(last_load));
	fd = load_prog(a, true);
	if (fd < 0) {
		print_stats(name, false);
		return 1;
	}
	if (!opts.json)
		printf("prog '%s': accepted\n", name);
	print_stats(name, true);
	if (!opts.host)
		close(fd);
	return 0;
}

/* Verifies FILE's program, or every program of an ELF object. */
static int do_verify(int argc, char **argv)
{
	struct load_args a = { 0 };
	struct kbpf_elf obj;
	uint32_t i;
	int ret = 0;

	/* Also after the command, where veristat users type it. */
	if (argc && !strcmp(argv[0], "--stats")) {
		opts.stats = true;
		argc--, argv++;
	}
	if (parse_load_args(argc, argv, &a, false))
		return 1;
	if (a.prog || !kbpf_is_elf_file(a.file))
		return verify_one(&a, a.prog ? a.prog : a.name);
	if (kbpf_elf_open(a.file, &obj))
		return kbpf_err("%s", obj.err);
	for (i = 0; i < obj.nr_progs; i++) {
		a.prog = obj.progs[i].name;
		ret |= verify_one(&a, a.prog);
	}
	kbpf_elf_close(&obj);
	return ret;
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
		return kbpf_err("cannot pin as '%s': %s", pin, kbpf_strerror(-ret));
	return 0;
}

/* Pins @fd as PREFIX/NAME; 0, or 1 after a message. */
static int pin_under(int dev, int fd, const char *prefix, const char *sub,
		     const char *name)
{
	char pin[KBPF_PIN_NAME_LEN];
	int ret;

	if (snprintf(pin, sizeof(pin), "%s/%s%s", prefix, sub, name) >= (int)sizeof(pin))
		return kbpf_err("pin name '%s/%s%s' is too long", prefix, sub, name);
	ret = kbpf_obj_pin(dev, fd, pin);
	if (ret)
		return kbpf_err("cannot pin as '%s': %s", pin, kbpf_strerror(-ret));
	if (opts.json) {
		kbpf_json_object_begin(NULL);
		kbpf_json_str("pinned", pin);
		kbpf_json_object_end();
		kbpf_json_finish();
	} else {
		printf("pinned %s\n", pin);
	}
	return 0;
}

/*
 * prog loadall OBJ PREFIX: every program of the object, sharing the
 * object's maps, pinned as PREFIX/FUNC, and the maps as PREFIX/maps/NAME
 * (bpftool's loadall with pinmaps), so they outlive the tool.
 */
static int do_loadall(int argc, char **argv)
{
	struct kbpf_elf obj;
	int dev, fd, *fds = NULL, ret;
	uint32_t i;

	if (opts.host)
		return kbpf_err("prog loadall pins into the module: not with --host");
	if (argc != 2)
		return kbpf_err("expected 'prog loadall OBJ PREFIX'");
	dev = kbpf_device();
	if (dev < 0)
		return 1;
	if (kbpf_elf_open(argv[0], &obj))
		return kbpf_err("%s", obj.err);
	ret = kbpf_elf_create_maps(&obj, &fds);
	if (ret)
		ret = kbpf_err("%s: cannot create the maps: %s", argv[0], kbpf_strerror(-ret));
	for (i = 0; !ret && i < obj.nr_maps; i++)
		ret = pin_under(dev, fds[i], argv[1], "maps/", obj.maps[i].name);
	for (i = 0; !ret && i < obj.nr_progs; i++) {
		fd = kbpf_load_elf_prog(&obj, i, fds);
		if (fd < 0) {
			ret = 1;
			break;
		}
		ret = pin_under(dev, fd, argv[1], "", obj.progs[i].name);
		close(fd);
	}
	if (fds)
		kbpf_elf_close_maps(&obj, fds, obj.nr_maps);
	kbpf_elf_close(&obj);
	return ret ? 1 : 0;
}

int kbpf_cmd_prog(int argc, char **argv)
{
	int ret;

	if (argc < 1)
		return kbpf_err("expected a command: run | verify | load | loadall | show | dump | pin | attach | detach | tracelog");
	if (kbpf_is_prefix(argv[0], "loadall") && strlen(argv[0]) > 4)
		return do_loadall(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "run"))
		return do_run(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "verify"))
		return do_verify(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "load"))
		return do_load(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "tracelog"))
		return kbpf_cmd_tracelog(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "attach"))
		return kbpf_link_create_cmd(argc - 1, argv + 1);
	if (kbpf_is_prefix(argv[0], "detach") && strlen(argv[0]) >= 3)
		return kbpf_prog_detach_cmd(argc - 1, argv + 1);
	ret = kbpf_cmd_prog_objects(argc, argv);
	if (ret >= 0)
		return ret;
	return kbpf_err("unknown prog command '%s'", argv[0]);
}

int kbpf_cmd_version(int argc, char **argv)
{
	struct kbpf_version v = { 0 };
	int dev, ret;

	if (!opts.host) {
		dev = kbpf_dev_open();
		if (dev < 0)
			return kbpf_err("cannot open /dev/%s: %s", KBPF_DEVICE_NAME,
					kbpf_strerror(-dev));
		ret = kbpf_version_query(dev, &v);
		close(dev);
		if (ret < 0)
			return kbpf_err("version query failed: %s", kbpf_strerror(-ret));
	}
	if (opts.json) {
		kbpf_json_object_begin(NULL);
		kbpf_json_str("tool", KBPF_VERSION);
		if (!opts.host) {
			kbpf_json_str("module", v.module_version);
			kbpf_json_u64("api", v.api_version);
			kbpf_json_array_begin("features");
			if (v.features & KBPF_FEAT_INTERPRETER)
				kbpf_json_str(NULL, "interpreter");
			if (v.features & KBPF_FEAT_JIT)
				kbpf_json_str(NULL, "jit");
			kbpf_json_array_end();
		}
		kbpf_json_object_end();
		kbpf_json_finish();
		return 0;
	}
	printf("kbpf tool %s\n", KBPF_VERSION);
	if (!opts.host)
		printf("kbpf module %s, API %u, features:%s%s\n", v.module_version,
		       v.api_version,
		       v.features & KBPF_FEAT_INTERPRETER ? " interpreter" : "",
		       v.features & KBPF_FEAT_JIT ? " jit" : "");
	return 0;
}
