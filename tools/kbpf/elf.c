// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reads BPF ELF objects (clang -target bpf) into programs and map
 * definitions, following the conventions libbpf defines for them, so an
 * object written for Linux needs no change: SEC() names pick the program
 * type, functions in .text are subprograms, lddw relocations name maps or
 * global data, call relocations name subprograms.
 *
 * libelf reads the file; libbpf's BTF API only parses BTF (the types of
 * .maps and globals, the strings of .BTF.ext's line info). Nothing here
 * talks to the module.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include "elf.h"

#define INSN_SIZE	sizeof(struct kbpf_insn)
#define EM_BPF_MACHINE	247
#define LDDW_CODE	(KBPF_LD | KBPF_IMM | KBPF_DW)
#define CALL_CODE	(KBPF_JMP | KBPF_CALL)
#define PSEUDO_KFUNC	2	/* src_reg of a kfunc call; kbpf has none */

/* Linux map types and flags the loader itself sets. */
#define MAP_TYPE_ARRAY	2
#define MAP_F_RDONLY_PROG	(1U << 7)
#define MAP_F_MMAPABLE	(1U << 10)

struct section {
	const char *name;
	GElf_Shdr sh;
	Elf_Data *data;
	int rel;		/* index of its SHT_REL section, or 0 */
};

struct reader {
	const char *path;
	Elf *elf;
	struct section *secs;
	size_t nsecs;
	Elf_Data *symtab;
	size_t nsyms;
	size_t strtab;
	int text;		/* section indices, 0 when absent */
	int maps;
	int btf_maps;
	int btf;
	int btf_ext;
	struct btf *lines_btf;	/* .BTF's strings, for line info; NULL without */
	struct kbpf_elf *obj;
};

static int fail(struct reader *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct reader *r, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->obj->err, sizeof(r->obj->err), fmt, ap);
	va_end(ap);
	return err;
}

static bool get_sym(struct reader *r, size_t i, GElf_Sym *sym)
{
	return i < r->nsyms && gelf_getsym(r->symtab, i, sym);
}

static const char *sym_name(struct reader *r, const GElf_Sym *sym)
{
	const char *name;

	if (GELF_ST_TYPE(sym->st_info) == STT_SECTION &&
	    sym->st_shndx < r->nsecs)
		return r->secs[sym->st_shndx].name;
	name = elf_strptr(r->elf, r->strtab, sym->st_name);
	return name ? name : "?";
}

static bool is_exec(const struct section *s)
{
	return s->sh.sh_type == SHT_PROGBITS &&
	       (s->sh.sh_flags & SHF_EXECINSTR) && s->sh.sh_size;
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool is_data(const struct section *s)
{
	const char *n = s->name;

	if (!(s->sh.sh_flags & SHF_ALLOC) || !s->sh.sh_size ||
	    (s->sh.sh_flags & SHF_EXECINSTR))
		return false;
	return !strcmp(n, ".data") || !strcmp(n, ".rodata") ||
	       !strcmp(n, ".bss") || has_prefix(n, ".data.") ||
	       has_prefix(n, ".rodata.");
}

static int check_header(struct reader *r)
{
	GElf_Ehdr eh;
	const char *ident;
	size_t size;

	if (elf_kind(r->elf) != ELF_K_ELF || !gelf_getehdr(r->elf, &eh))
		return fail(r, -EINVAL, "%s: not an ELF object", r->path);
	ident = elf_getident(r->elf, NULL);
	if (gelf_getclass(r->elf) != ELFCLASS64 || eh.e_machine != EM_BPF_MACHINE)
		return fail(r, -EINVAL, "%s: not a BPF object (build it with clang -target bpf)",
			    r->path);
	if (!ident || ident[EI_DATA] != ELFDATA2LSB)
		return fail(r, -EINVAL, "%s: big-endian BPF object; kbpf runs little-endian code (use -target bpfel)",
			    r->path);
	if (eh.e_type != ET_REL)
		return fail(r, -EINVAL, "%s: not a relocatable object (clang -c output expected)",
			    r->path);
	/* libelf would only find the sections missing: say the file is cut. */
	if (elf_rawfile(r->elf, &size) && eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize > size)
		return fail(r, -EINVAL, "%s: truncated: its section headers end at byte %llu of a %zu-byte file",
			    r->path, (unsigned long long)(eh.e_shoff +
							  (uint64_t)eh.e_shnum * eh.e_shentsize),
			    size);
	return 0;
}

static int note_section(struct reader *r, size_t i)
{
	struct section *s = &r->secs[i];

	if (s->sh.sh_type == SHT_SYMTAB) {
		if (r->symtab)
			return fail(r, -EINVAL, "%s: more than one symbol table", r->path);
		r->symtab = s->data;
		r->nsyms = s->sh.sh_size / sizeof(Elf64_Sym);
		r->strtab = s->sh.sh_link;
	} else if (s->sh.sh_type == SHT_REL) {
		if (s->sh.sh_info >= r->nsecs)
			return fail(r, -EINVAL, "%s: relocation section %s has a bad target",
				    r->path, s->name);
		r->secs[s->sh.sh_info].rel = i;
	} else if (s->sh.sh_type == SHT_RELA) {
		return fail(r, -EINVAL, "%s: RELA section %s: BPF objects use REL relocations",
			    r->path, s->name);
	} else if (!strcmp(s->name, ".text")) {
		r->text = i;
	} else if (!strcmp(s->name, "maps")) {
		r->maps = i;
	} else if (!strcmp(s->name, ".maps")) {
		r->btf_maps = i;
	} else if (!strcmp(s->name, ".BTF")) {
		r->btf = i;
	} else if (!strcmp(s->name, ".BTF.ext")) {
		r->btf_ext = i;
	}
	return 0;
}

static int read_sections(struct reader *r)
{
	size_t shstrndx, i;
	Elf_Scn *scn;
	int err;

	if (elf_getshdrnum(r->elf, &r->nsecs) || elf_getshdrstrndx(r->elf, &shstrndx))
		return fail(r, -EINVAL, "%s: cannot read section headers: %s",
			    r->path, elf_errmsg(-1));
	r->secs = calloc(r->nsecs, sizeof(*r->secs));
	if (!r->secs)
		return fail(r, -ENOMEM, "out of memory");
	for (i = 1; i < r->nsecs; i++) {
		struct section *s = &r->secs[i];

		scn = elf_getscn(r->elf, i);
		if (!scn || !gelf_getshdr(scn, &s->sh))
			return fail(r, -EINVAL, "%s: bad section %zu", r->path, i);
		s->name = elf_strptr(r->elf, shstrndx, s->sh.sh_name);
		if (!s->name)
			return fail(r, -EINVAL, "%s: section %zu has no name", r->path, i);
		s->data = elf_getdata(scn, NULL);
		if (s->sh.sh_type != SHT_NOBITS && s->sh.sh_size &&
		    (!s->data || s->data->d_size != s->sh.sh_size))
			return fail(r, -EINVAL, "%s: cannot read section %s", r->path, s->name);
		err = note_section(r, i);
		if (err)
			return err;
	}
	if (!r->symtab)
		return fail(r, -EINVAL, "%s: no symbol table (was the object stripped?)", r->path);
	return 0;
}

static void read_license(struct reader *r)
{
	size_t i;

	for (i = 1; i < r->nsecs; i++) {
		const struct section *s = &r->secs[i];

		if (strcmp(s->name, "license") || !s->data)
			continue;
		snprintf(r->obj->license, sizeof(r->obj->license), "%.*s",
			 (int)s->data->d_size, (const char *)s->data->d_buf);
	}
}

static struct kbpf_elf_map *new_map(struct reader *r, const char *name,
				    enum kbpf_elf_map_kind kind)
{
	struct kbpf_elf *obj = r->obj;
	struct kbpf_elf_map *maps, *m;

	maps = realloc(obj->maps, (obj->nr_maps + 1) * sizeof(*maps));
	if (!maps)
		return NULL;
	obj->maps = maps;
	m = &maps[obj->nr_maps++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->kind = kind;
	return m;
}

/* SEC("maps"): one struct bpf_map_def per symbol, all of equal size. */
static int read_legacy_maps(struct reader *r)
{
	const struct section *s = &r->secs[r->maps];
	size_t i, nr = 0, def_size;
	GElf_Sym sym;

	for (i = 0; get_sym(r, i, &sym); i++)
		if (sym.st_shndx == r->maps && GELF_ST_TYPE(sym.st_info) != STT_SECTION)
			nr++;
	if (!nr || !s->data)
		return 0;
	def_size = s->sh.sh_size / nr;
	if (def_size < 5 * sizeof(uint32_t) || s->sh.sh_size % nr)
		return fail(r, -EINVAL, "%s: section maps: %zu bytes do not hold %zu struct bpf_map_def",
			    r->path, (size_t)s->sh.sh_size, nr);
	for (i = 0; get_sym(r, i, &sym); i++) {
		const uint32_t *def;
		struct kbpf_elf_map *m;
		size_t k;

		if (sym.st_shndx != r->maps || GELF_ST_TYPE(sym.st_info) == STT_SECTION)
			continue;
		if (sym.st_value + def_size > s->sh.sh_size || sym.st_value % def_size)
			return fail(r, -EINVAL, "%s: map '%s' is not a whole struct bpf_map_def",
				    r->path, sym_name(r, &sym));
		def = (const uint32_t *)((const char *)s->data->d_buf + sym.st_value);
		for (k = 5 * sizeof(uint32_t); k < def_size; k++)
			if (((const char *)def)[k])
				return fail(r, -EOPNOTSUPP, "%s: map '%s': fields after map_flags in struct bpf_map_def are not supported",
					    r->path, sym_name(r, &sym));
		m = new_map(r, sym_name(r, &sym), KBPF_ELF_MAP_LEGACY);
		if (!m)
			return fail(r, -ENOMEM, "out of memory");
		m->type = def[0];
		m->key_size = def[1];
		m->value_size = def[2];
		m->max_entries = def[3];
		m->flags = def[4];
		m->shndx = r->maps;
		m->sec_off = sym.st_value;
	}
	return 0;
}

static int sym_value(struct reader *r, int shndx, const char *name,
		     uint64_t *value)
{
	GElf_Sym sym;
	size_t i;

	for (i = 0; get_sym(r, i, &sym); i++) {
		if (sym.st_shndx != shndx || GELF_ST_TYPE(sym.st_info) == STT_SECTION ||
		    strcmp(sym_name(r, &sym), name))
			continue;
		*value = sym.st_value;
		return 0;
	}
	return -ENOENT;
}

static const struct btf_type *skip_mods(const struct btf *btf, uint32_t id,
					uint32_t *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

/* __uint(name, N) is a pointer to an array of N elements. */
static bool btf_uint_field(const struct btf *btf, uint32_t type, uint32_t *val)
{
	const struct btf_type *t = skip_mods(btf, type, NULL);
	const struct btf_type *arr;

	if (!t || !btf_is_ptr(t))
		return false;
	arr = btf__type_by_id(btf, t->type);
	if (!arr || !btf_is_array(arr))
		return false;
	*val = btf_array(arr)->nelems;
	return true;
}

/* __type(name, T) is a pointer to T: the size of T. */
static bool btf_type_size(const struct btf *btf, uint32_t type, uint32_t *size)
{
	const struct btf_type *t = skip_mods(btf, type, NULL);
	long sz;

	if (!t || !btf_is_ptr(t))
		return false;
	sz = btf__resolve_size(btf, t->type);
	if (sz < 0 || sz > UINT32_MAX)
		return false;
	*size = sz;
	return true;
}

static int btf_map_field(struct reader *r, const struct btf *btf,
			 struct kbpf_elf_map *m, const struct btf_member *mb)
{
	const char *field = btf__name_by_offset(btf, mb->name_off);
	uint32_t v, size;
	bool ok = true;

	if (!field)
		return fail(r, -EINVAL, "%s: map '%s': unnamed field", r->path, m->name);
	if (!strcmp(field, "type"))
		ok = btf_uint_field(btf, mb->type, &m->type);
	else if (!strcmp(field, "max_entries"))
		ok = btf_uint_field(btf, mb->type, &m->max_entries);
	else if (!strcmp(field, "map_flags"))
		ok = btf_uint_field(btf, mb->type, &m->flags);
	else if (!strcmp(field, "key_size") || !strcmp(field, "value_size")) {
		ok = btf_uint_field(btf, mb->type, &v);
		if (ok && ((field[0] == 'k' && m->key_size && m->key_size != v) ||
			   (field[0] == 'v' && m->value_size && m->value_size != v)))
			return fail(r, -EINVAL, "%s: map '%s': %s disagrees with the size of __type(%.*s)",
				    r->path, m->name, field, field[0] == 'k' ? 3 : 5, field);
		if (ok)
			*(field[0] == 'k' ? &m->key_size : &m->value_size) = v;
	} else if (!strcmp(field, "key") || !strcmp(field, "value")) {
		ok = btf_type_size(btf, mb->type, &size);
		if (ok)
			*(field[0] == 'k' ? &m->key_size : &m->value_size) = size;
	} else if (!strcmp(field, "pinning") || !strcmp(field, "numa_node")) {
		ok = btf_uint_field(btf, mb->type, &v);
		if (ok && v)
			return fail(r, -EOPNOTSUPP, "%s: map '%s': %s is not supported by kbpf; pin maps with 'kbpf map pin'",
				    r->path, m->name, field);
	} else if (!strcmp(field, "values")) {
		/* __array(values, ...): slots come from .rel.maps (read_slots). */
		const struct btf_type *t = btf__type_by_id(btf, mb->type);

		if (!t || !btf_is_array(t))
			return fail(r, -EINVAL, "%s: map '%s': values must be __array(values, ...)",
				    r->path, m->name);
		m->has_values = true;
		m->values_off = mb->offset / 8;
	} else {
		return fail(r, -EOPNOTSUPP, "%s: map '%s': field '%s' is not supported (supported: type, key, value, key_size, value_size, max_entries, map_flags)",
			    r->path, m->name, field);
	}
	if (!ok)
		return fail(r, -EINVAL, "%s: map '%s': field '%s' is not declared with __uint() or __type()",
			    r->path, m->name, field);
	return 0;
}

static int read_btf_map(struct reader *r, const struct btf *btf,
			const struct btf_var_secinfo *vsi)
{
	const struct btf_type *var = btf__type_by_id(btf, vsi->type);
	const struct btf_type *def;
	const struct btf_member *mb;
	struct kbpf_elf_map *m;
	const char *name;
	int i, err;

	if (!var || !btf_is_var(var))
		return fail(r, -EINVAL, "%s: .maps holds something that is not a variable", r->path);
	name = btf__name_by_offset(btf, var->name_off);
	def = skip_mods(btf, var->type, NULL);
	if (!def || !btf_is_struct(def))
		return fail(r, -EINVAL, "%s: map '%s' in .maps is not a struct", r->path,
			    name ? name : "?");
	m = new_map(r, name ? name : "?", KBPF_ELF_MAP_BTF);
	if (!m)
		return fail(r, -ENOMEM, "out of memory");
	m->shndx = r->btf_maps;
	/* clang leaves DATASEC offsets to the loader: the symbol has it. */
	if (sym_value(r, r->btf_maps, m->name, &m->sec_off))
		return fail(r, -EINVAL, "%s: map '%s' has no symbol in .maps", r->path, m->name);
	mb = btf_members(def);
	for (i = 0; i < btf_vlen(def); i++, mb++) {
		err = btf_map_field(r, btf, m, mb);
		if (err)
			return err;
	}
	if (!m->type)
		return fail(r, -EINVAL, "%s: map '%s' has no __uint(type, ...)", r->path, m->name);
	return 0;
}

static int read_btf_maps(struct reader *r)
{
	const struct section *s;
	const struct btf_var_secinfo *vsi;
	const struct btf_type *sec;
	struct btf *btf;
	int id, i, err = 0;

	if (!r->btf)
		return fail(r, -EINVAL, "%s: .maps needs BTF: compile with -g", r->path);
	s = &r->secs[r->btf];
	btf = btf__new(s->data->d_buf, s->data->d_size);
	if (!btf)
		return fail(r, -EINVAL, "%s: cannot parse .BTF: %s", r->path, strerror(errno));
	id = btf__find_by_name_kind(btf, ".maps", BTF_KIND_DATASEC);
	sec = id > 0 ? btf__type_by_id(btf, id) : NULL;
	if (!sec) {
		err = fail(r, -EINVAL, "%s: BTF has no .maps section description", r->path);
		goto out;
	}
	vsi = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec) && !err; i++)
		err = read_btf_map(r, btf, &vsi[i]);
out:
	btf__free(btf);
	return err;
}

/*
 * A global data section becomes a one-entry array, named as libbpf names
 * it: a prefix of the object's name, then the section name.
 */
static int read_data_map(struct reader *r, int shndx)
{
	const struct section *s = &r->secs[shndx];
	const char *base = strrchr(r->path, '/');
	size_t sfx = strlen(s->name), pfx, i;
	struct kbpf_elf_map *m;
	char name[KBPF_OBJ_NAME_LEN];
	void *init = NULL;

	base = base ? base + 1 : r->path;
	pfx = strcspn(base, ".");
	if (pfx > 8)
		pfx = 8;
	if (pfx + sfx > sizeof(name) - 1)
		pfx = sfx < sizeof(name) - 1 ? sizeof(name) - 1 - sfx : 0;
	snprintf(name, sizeof(name), "%.*s%s", (int)pfx, base, s->name);
	for (i = 0; name[i]; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '.')
			name[i] = '_';
	if (s->sh.sh_type != SHT_NOBITS) {
		init = malloc(s->sh.sh_size);
		if (!init)
			return fail(r, -ENOMEM, "out of memory");
		memcpy(init, s->data->d_buf, s->sh.sh_size);
	}
	m = new_map(r, name, KBPF_ELF_MAP_DATA);
	if (!m) {
		free(init);
		return fail(r, -ENOMEM, "out of memory");
	}
	m->type = MAP_TYPE_ARRAY;
	m->key_size = sizeof(uint32_t);
	m->value_size = s->sh.sh_size;
	m->max_entries = 1;
	m->flags = MAP_F_MMAPABLE;
	m->readonly = !(s->sh.sh_flags & SHF_WRITE);
	if (m->readonly)
		m->flags |= MAP_F_RDONLY_PROG;
	m->init = init;
	m->shndx = shndx;
	return 0;
}

/* Linux's enum bpf_map_type, for naming what an object asks for. */
static const char *const linux_map_types[] = {
	"UNSPEC", "HASH", "ARRAY", "PROG_ARRAY", "PERF_EVENT_ARRAY", "PERCPU_HASH",
	"PERCPU_ARRAY", "STACK_TRACE", "CGROUP_ARRAY", "LRU_HASH", "LRU_PERCPU_HASH",
	"LPM_TRIE", "ARRAY_OF_MAPS", "HASH_OF_MAPS", "DEVMAP", "SOCKMAP", "CPUMAP",
	"XSKMAP", "SOCKHASH", "CGROUP_STORAGE", "REUSEPORT_SOCKARRAY",
	"PERCPU_CGROUP_STORAGE", "QUEUE", "STACK", "SK_STORAGE", "DEVMAP_HASH",
	"STRUCT_OPS", "RINGBUF", "INODE_STORAGE", "TASK_STORAGE", "BLOOM_FILTER",
	"USER_RINGBUF", "CGRP_STORAGE",
};

static bool map_type_supported(uint32_t type)
{
	switch (type) {
	case KBPF_MAP_TYPE_HASH:
	case KBPF_MAP_TYPE_ARRAY:
	case KBPF_MAP_TYPE_PROG_ARRAY:
	case KBPF_MAP_TYPE_PERCPU_HASH:
	case KBPF_MAP_TYPE_PERCPU_ARRAY:
	case KBPF_MAP_TYPE_LRU_HASH:
	case KBPF_MAP_TYPE_LRU_PERCPU_HASH:
	case KBPF_MAP_TYPE_RINGBUF:
		return true;
	}
	return false;
}

/*
 * Refused here, before anything is created, so the message can name the
 * map and its type as the source spells it, and say what to use instead
 * (the module would only answer EINVAL).
 */
static int check_map_type(struct reader *r, const struct kbpf_elf_map *m)
{
	char name[48];
	const char *advice = "use one of those";

	if (map_type_supported(m->type))
		return 0;
	if (m->type < ARRAY_SIZE(linux_map_types))
		snprintf(name, sizeof(name), "BPF_MAP_TYPE_%s", linux_map_types[m->type]);
	else
		snprintf(name, sizeof(name), "map type %u", m->type);
	if (m->type == 4)
		advice = "send records through a BPF_MAP_TYPE_RINGBUF with bpf_ringbuf_output() instead of bpf_perf_event_output()";
	else if (m->type == 12 || m->type == 13)
		advice = "kbpf has no maps of maps: use one map with a wider key";
	else if (m->type == 22 || m->type == 23)
		advice = "a BPF_MAP_TYPE_RINGBUF carries records to user space in order";
	return fail(r, -EOPNOTSUPP, "%s: map '%s' is a %s, a map type kbpf does not support (supported: HASH, ARRAY, PROG_ARRAY, PERCPU_HASH, PERCPU_ARRAY, LRU_HASH, LRU_PERCPU_HASH, RINGBUF); %s",
		    r->path, m->name, name, advice);
}

static int read_maps(struct reader *r)
{
	size_t i;
	int err = 0;

	if (r->maps)
		err = read_legacy_maps(r);
	if (!err && r->btf_maps)
		err = read_btf_maps(r);
	for (i = 1; i < r->nsecs && !err; i++)
		if (is_data(&r->secs[i]))
			err = read_data_map(r, i);
	for (i = 0; i < r->obj->nr_maps && !err; i++)
		err = check_map_type(r, &r->obj->maps[i]);
	return err;
}

/* The map holding data section @shndx, or -1. */
static int data_map_of(struct reader *r, size_t shndx)
{
	uint32_t i;

	for (i = 0; i < r->obj->nr_maps; i++)
		if (r->obj->maps[i].kind == KBPF_ELF_MAP_DATA &&
		    (size_t)r->obj->maps[i].shndx == shndx)
			return i;
	return -1;
}

static enum kbpf_elf_var_kind btf_var_kind(const struct btf *btf, uint32_t type)
{
	const struct btf_type *t = skip_mods(btf, type, NULL);

	if (t && btf_is_array(t)) {
		t = skip_mods(btf, btf_array(t)->type, NULL);
		return t && btf_is_int(t) && t->size == 1 ? KBPF_ELF_VAR_CHARS
							  : KBPF_ELF_VAR_OTHER;
	}
	if (t && btf_is_int(t))
		return btf_int_encoding(t) & BTF_INT_SIGNED ? KBPF_ELF_VAR_SINT
							    : KBPF_ELF_VAR_UINT;
	if (t && btf_is_any_enum(t))
		return btf_kflag(t) ? KBPF_ELF_VAR_SINT : KBPF_ELF_VAR_UINT;
	return KBPF_ELF_VAR_OTHER;
}

/*
 * The kind of variable @name in section @sec, from the section's BTF
 * DATASEC. Without BTF (no -g) only the size is known: OTHER, so that
 * nothing is written with a guessed type.
 */
static enum kbpf_elf_var_kind var_kind(const struct btf *btf, const char *sec,
				       const char *name)
{
	const struct btf_var_secinfo *vsi;
	const struct btf_type *ds, *var;
	int id, i;

	id = btf ? btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC) : -1;
	ds = id > 0 ? btf__type_by_id(btf, id) : NULL;
	if (!ds)
		return KBPF_ELF_VAR_OTHER;
	vsi = btf_var_secinfos(ds);
	for (i = 0; i < btf_vlen(ds); i++) {
		var = btf__type_by_id(btf, vsi[i].type);
		if (var && btf_is_var(var) &&
		    !strcmp(btf__name_by_offset(btf, var->name_off) ?: "", name))
			return btf_var_kind(btf, var->type);
	}
	return KBPF_ELF_VAR_OTHER;
}

static int add_var(struct reader *r, const struct btf *btf, const GElf_Sym *sym,
		   int map)
{
	struct kbpf_elf *obj = r->obj;
	struct kbpf_elf_var *vars, *v;
	const char *name = sym_name(r, sym);

	if (sym->st_value + sym->st_size > obj->maps[map].value_size)
		return fail(r, -EINVAL, "%s: variable '%s' lies outside its section",
			    r->path, name);
	vars = realloc(obj->vars, (obj->nr_vars + 1) * sizeof(*vars));
	if (!vars)
		return fail(r, -ENOMEM, "out of memory");
	obj->vars = vars;
	v = &vars[obj->nr_vars++];
	memset(v, 0, sizeof(*v));
	snprintf(v->name, sizeof(v->name), "%s", name);
	v->map = map;
	v->off = sym->st_value;
	v->size = sym->st_size;
	v->kind = var_kind(btf, r->secs[sym->st_shndx].name, name);
	return 0;
}

/*
 * The global variables of data sections, for kbpf_elf_set_rodata();
 * statics (bpf_printk's format strings among them) stay private, as a
 * skeleton leaves them.
 */
static int read_vars(struct reader *r)
{
	struct btf *btf = NULL;
	GElf_Sym sym;
	size_t i;
	int map, err = 0;

	if (r->btf && r->secs[r->btf].data)
		btf = btf__new(r->secs[r->btf].data->d_buf, r->secs[r->btf].data->d_size);
	for (i = 0; !err && get_sym(r, i, &sym); i++) {
		if (GELF_ST_TYPE(sym.st_info) != STT_OBJECT || !sym.st_size ||
		    GELF_ST_BIND(sym.st_info) == STB_LOCAL || sym.st_shndx == SHN_UNDEF || sym.st_shndx >= r->nsecs)
			continue;
		map = data_map_of(r, sym.st_shndx);
		if (map >= 0)
			err = add_var(r, btf, &sym, map);
	}
	btf__free(btf);
	return err;
}

/* @text as an integer that fits @v; 0 or -ERANGE / -EINVAL. */
static int parse_int(const struct kbpf_elf_var *v, const char *text, uint64_t *out)
{
	unsigned int bits = v->size * 8;
	char *end;

	errno = 0;
	if (v->kind == KBPF_ELF_VAR_SINT) {
		long long x = strtoll(text, &end, 0);

		if (!*text || *end)
			return -EINVAL;
		if (errno || (bits < 64 && (x < -(1LL << (bits - 1)) ||
					    x > (1LL << (bits - 1)) - 1)))
			return -ERANGE;
		*out = (uint64_t)x;
		return 0;
	}
	*out = strtoull(text, &end, 0);
	if (!*text || *end)
		return -EINVAL;
	if (errno || strchr(text, '-') || (bits < 64 && *out >> bits))
		return -ERANGE;
	return 0;
}

static int set_var(struct kbpf_elf *obj, const struct kbpf_elf_var *v,
		   const char *text)
{
	unsigned char *dst = (unsigned char *)obj->maps[v->map].init + v->off;
	uint64_t x;
	uint32_t i;
	int err;

	if (v->kind == KBPF_ELF_VAR_CHARS) {
		if (strlen(text) >= v->size) {
			snprintf(obj->err, sizeof(obj->err), "rodata %s: '%s' does not fit: char[%u] holds at most %u characters and the NUL",
				 v->name, text, v->size, v->size - 1);
			return -ERANGE;
		}
		memset(dst, 0, v->size);
		memcpy(dst, text, strlen(text));
		return 0;
	}
	if (v->size > 8 || (v->size & (v->size - 1))) {
		snprintf(obj->err, sizeof(obj->err), "rodata %s: a %u-byte integer cannot be set",
			 v->name, v->size);
		return -EOPNOTSUPP;
	}
	err = parse_int(v, text, &x);
	if (err) {
		snprintf(obj->err, sizeof(obj->err), err == -ERANGE ?
			 "rodata %s: %s does not fit in its %u-byte %s integer" :
			 "rodata %s: '%s' is not an integer (%u-byte %s)",
			 v->name, text, v->size,
			 v->kind == KBPF_ELF_VAR_SINT ? "signed" : "unsigned");
		return err;
	}
	for (i = 0; i < v->size; i++)	/* BPF objects are little-endian */
		dst[i] = x >> (8 * i);
	return 0;
}

int kbpf_elf_set_rodata(struct kbpf_elf *obj, const char *assign)
{
	const char *eq = strchr(assign, '=');
	const struct kbpf_elf_var *v = NULL;
	const struct kbpf_elf_map *m;
	uint32_t i, len;

	if (!eq || eq == assign) {
		snprintf(obj->err, sizeof(obj->err), "rodata wants VAR=VALUE, not '%s'", assign);
		return -EINVAL;
	}
	len = eq - assign;
	for (i = 0; i < obj->nr_vars && !v; i++)
		if (strlen(obj->vars[i].name) == len && !strncmp(obj->vars[i].name, assign, len))
			v = &obj->vars[i];
	if (!v) {
		snprintf(obj->err, sizeof(obj->err), "rodata %.*s: the object has no such global variable",
			 (int)len, assign);
		return -ENOENT;
	}
	m = &obj->maps[v->map];
	if (!m->readonly || !m->init) {
		snprintf(obj->err, sizeof(obj->err), "rodata %s: the variable is in %s, not .rodata: only 'const volatile' globals are set before load (programs write the others)",
			 v->name, strchr(m->name, '.') ?: m->name);
		return -EINVAL;
	}
	if (v->kind == KBPF_ELF_VAR_OTHER) {
		snprintf(obj->err, sizeof(obj->err), "rodata %s: only integers and char arrays can be set (and only with BTF: compile with -g)",
			 v->name);
		return -EOPNOTSUPP;
	}
	return set_var(obj, v, eq + 1);
}

/* .BTF.ext's header; CO-RE relocations follow the line info when present. */
struct btf_ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off;
	uint32_t func_info_len;
	uint32_t line_info_off;
	uint32_t line_info_len;
	uint32_t core_relo_off;
	uint32_t core_relo_len;
};

static int check_btf_ext(struct reader *r)
{
	const struct section *s = &r->secs[r->btf_ext];
	struct btf_ext_header h = { 0 };

	if (!s->data || s->data->d_size < offsetof(struct btf_ext_header, core_relo_off))
		return 0;
	memcpy(&h, s->data->d_buf, s->data->d_size < sizeof(h) ? s->data->d_size : sizeof(h));
	if (h.hdr_len < sizeof(h))
		return 0;
	if (h.core_relo_len > 8)	/* more than the record-size word */
		return fail(r, -EOPNOTSUPP, "%s: the object uses CO-RE relocations (BPF_CORE_READ, preserve_access_index, bpf_core_*); kbpf does not relocate BTF: read fields with bpf_probe_read_kernel() at fixed offsets",
			    r->path);
	return 0;
}

/* A .text function copied into a program, at instruction @pos of it. */
struct placed {
	uint64_t start;		/* .text-relative first instruction */
	uint32_t cnt;
	uint32_t pos;
};

struct layout {
	struct placed *funcs;
	uint32_t nr;
};

/*
 * Line info of one section in .BTF.ext: @cnt records of @rec_size bytes,
 * each struct kbpf_line_info's layout with insn_off in bytes from the
 * start of the section and string offsets into .BTF's strings.
 */
struct sec_lines {
	const uint8_t *recs;
	uint32_t rec_size;
	uint32_t cnt;
};

#define BTF_EXT_MAGIC	0xeb9f

/* A malformed or foreign .BTF.ext just has no line info: loading goes on. */
static bool find_sec_lines(struct reader *r, const char *sec, struct sec_lines *out)
{
	const struct section *s = &r->secs[r->btf_ext];
	struct btf_ext_header h = { 0 };
	const uint8_t *p, *end;
	uint32_t words[2];
	const char *name;

	/* Headers from before CO-RE end at core_relo_off. */
	if (!r->lines_btf || !s->data ||
	    s->data->d_size < offsetof(struct btf_ext_header, core_relo_off))
		return false;
	memcpy(&h, s->data->d_buf, s->data->d_size < sizeof(h) ? s->data->d_size : sizeof(h));
	if (h.magic != BTF_EXT_MAGIC ||
	    h.hdr_len < offsetof(struct btf_ext_header, core_relo_off) ||
	    (uint64_t)h.hdr_len + h.line_info_off + h.line_info_len > s->data->d_size ||
	    h.line_info_len < 4)
		return false;
	p = (const uint8_t *)s->data->d_buf + h.hdr_len + h.line_info_off;
	end = p + h.line_info_len;
	memcpy(&out->rec_size, p, 4);
	if (out->rec_size < sizeof(struct kbpf_line_info) || out->rec_size % 4)
		return false;
	for (p += 4; end - p >= (ptrdiff_t)sizeof(words); ) {
		memcpy(words, p, sizeof(words));
		p += sizeof(words);
		if ((uint64_t)words[1] * out->rec_size > (uint64_t)(end - p))
			return false;
		name = btf__name_by_offset(r->lines_btf, words[0]);
		if (name && !strcmp(name, sec)) {
			out->recs = p;
			out->cnt = words[1];
			return true;
		}
		p += (size_t)words[1] * out->rec_size;
	}
	return false;
}

/* Strings of one program's line info: .BTF offsets already copied, and where. */
struct line_strs {
	uint32_t (*seen)[2];
	uint32_t nr;
};

static int line_str(struct reader *r, struct kbpf_elf_prog *p, struct line_strs *ls,
		    uint32_t btf_off, uint32_t *off)
{
	const char *s = btf__name_by_offset(r->lines_btf, btf_off);
	size_t len;
	uint32_t (*seen)[2];
	char *str;
	uint32_t i;

	for (i = 0; i < ls->nr; i++) {
		if (ls->seen[i][0] == btf_off) {
			*off = ls->seen[i][1];
			return 0;
		}
	}
	if (!s)
		s = "";
	len = strlen(s) + 1;
	str = realloc(p->linfo_str, p->linfo_str_size + len);
	seen = realloc(ls->seen, (ls->nr + 1) * sizeof(*seen));
	if (str)
		p->linfo_str = str;
	if (seen)
		ls->seen = seen;
	if (!str || !seen)
		return -ENOMEM;
	memcpy(str + p->linfo_str_size, s, len);
	*off = p->linfo_str_size;
	p->linfo_str_size += len;
	ls->seen[ls->nr][0] = btf_off;
	ls->seen[ls->nr++][1] = *off;
	return 0;
}

/*
 * Appends the line info of the @cnt instructions at @start of section
 * @sec, which sit at @base of @p: instruction numbers in @p's layout,
 * strings in @p's own blob.
 */
static int add_lines(struct reader *r, struct kbpf_elf_prog *p, struct line_strs *ls,
		     const char *sec, uint64_t start, uint32_t cnt, uint32_t base)
{
	struct kbpf_line_info rec, *recs;
	struct sec_lines sl;
	uint64_t idx;
	uint32_t i;

	if (!find_sec_lines(r, sec, &sl))
		return 0;
	for (i = 0; i < sl.cnt; i++) {
		memcpy(&rec, sl.recs + (size_t)i * sl.rec_size, sizeof(rec));
		idx = rec.insn_off / INSN_SIZE;
		if (rec.insn_off % INSN_SIZE || idx < start || idx >= start + cnt)
			continue;
		rec.insn_off = base + (idx - start);
		if (line_str(r, p, ls, rec.file_name_off, &rec.file_name_off) ||
		    line_str(r, p, ls, rec.line_off, &rec.line_off))
			return -ENOMEM;
		recs = realloc(p->linfo, (p->nr_linfo + 1) * sizeof(*recs));
		if (!recs)
			return -ENOMEM;
		p->linfo = recs;
		p->linfo[p->nr_linfo++] = rec;
	}
	return 0;
}

static int linfo_cmp(const void *a, const void *b)
{
	const struct kbpf_line_info *x = a, *y = b;

	return x->insn_off < y->insn_off ? -1 : x->insn_off > y->insn_off;
}

/*
 * In the order PROG_LOAD wants (strictly increasing, the first at 0);
 * line info that cannot be is dropped, never an error.
 */
static void sort_lines(struct kbpf_elf_prog *p)
{
	uint32_t i, n = 0;

	qsort(p->linfo, p->nr_linfo, sizeof(*p->linfo), linfo_cmp);
	for (i = 0; i < p->nr_linfo; i++)
		if (!n || p->linfo[i].insn_off != p->linfo[n - 1].insn_off)
			p->linfo[n++] = p->linfo[i];
	p->nr_linfo = n;
	if (!n || p->linfo[0].insn_off) {
		free(p->linfo);
		free(p->linfo_str);
		p->linfo = NULL;
		p->linfo_str = NULL;
		p->nr_linfo = p->linfo_str_size = 0;
	}
}

/* @p's line info: its own function's, then each placed .text function's. */
static int read_lines(struct reader *r, struct kbpf_elf_prog *p, uint64_t start,
		      const struct layout *l)
{
	struct line_strs ls = { 0 };
	uint32_t i;
	int err;

	if (!r->lines_btf || !r->btf_ext)
		return 0;
	err = add_lines(r, p, &ls, p->sec, start, p->own_cnt, 0);
	for (i = 0; !err && i < l->nr; i++)
		err = add_lines(r, p, &ls, r->secs[r->text].name, l->funcs[i].start,
				l->funcs[i].cnt, l->funcs[i].pos);
	free(ls.seen);
	if (err)
		return fail(r, -ENOMEM, "out of memory");
	sort_lines(p);
	return 0;
}

static const struct {
	const char *prefix;
	uint32_t type;
	bool target;		/* the rest of the name is the attach target */
	bool retprobe;
} sec_types[] = {
	{ "socket", KBPF_PROG_TYPE_SOCKET_FILTER, false, false },
	{ "kprobe/", KBPF_PROG_TYPE_KPROBE, true, false },
	{ "kretprobe/", KBPF_PROG_TYPE_KPROBE, true, true },
	{ "kprobe", KBPF_PROG_TYPE_KPROBE, false, false },
	{ "kretprobe", KBPF_PROG_TYPE_KPROBE, false, true },
	{ "tracepoint/", KBPF_PROG_TYPE_TRACEPOINT, true, false },
	{ "tp/", KBPF_PROG_TYPE_TRACEPOINT, true, false },
	{ "tracepoint", KBPF_PROG_TYPE_TRACEPOINT, false, false },
	{ "tp", KBPF_PROG_TYPE_TRACEPOINT, false, false },
	{ "raw_tracepoint/", KBPF_PROG_TYPE_RAW_TRACEPOINT, true, false },
	{ "raw_tp/", KBPF_PROG_TYPE_RAW_TRACEPOINT, true, false },
	{ "raw_tracepoint", KBPF_PROG_TYPE_RAW_TRACEPOINT, false, false },
	{ "raw_tp", KBPF_PROG_TYPE_RAW_TRACEPOINT, false, false },
};

int kbpf_elf_sec_type(const char *sec, uint32_t *type, char *attach,
		      size_t attach_size, bool *retprobe)
{
	size_t i, len;
	char *slash;

	for (i = 0; i < ARRAY_SIZE(sec_types); i++) {
		len = strlen(sec_types[i].prefix);
		if (strncmp(sec, sec_types[i].prefix, len))
			continue;
		/* "socket" also covers libbpf's "socket/NAME" spelling. */
		if (!sec_types[i].target && sec[len] && sec[len] != '/')
			continue;
		if (!sec_types[i].target && sec[len] == '/' &&
		    sec_types[i].type != KBPF_PROG_TYPE_SOCKET_FILTER)
			continue;
		*type = sec_types[i].type;
		*retprobe = sec_types[i].retprobe;
		snprintf(attach, attach_size, "%s", sec_types[i].target ? sec + len : "");
		/* Tracepoints are CAT/NAME in SEC(), CAT:NAME everywhere else. */
		slash = strchr(attach, '/');
		if (slash && *type == KBPF_PROG_TYPE_TRACEPOINT)
			*slash = ':';
		return 0;
	}
	return -EOPNOTSUPP;
}

static struct kbpf_elf_prog *new_prog(struct reader *r)
{
	struct kbpf_elf *obj = r->obj;
	struct kbpf_elf_prog *progs;

	progs = realloc(obj->progs, (obj->nr_progs + 1) * sizeof(*progs));
	if (!progs)
		return NULL;
	obj->progs = progs;
	memset(&progs[obj->nr_progs], 0, sizeof(*progs));
	return &progs[obj->nr_progs++];
}

static int prog_by_name(const struct kbpf_elf *obj, const char *name)
{
	uint32_t i;

	for (i = 0; i < obj->nr_progs; i++)
		if (!strcmp(obj->progs[i].name, name))
			return i;
	return -1;
}

/*
 * libbpf's prog_array initialization: each relocation inside a map's
 * values[] names the program for slot (offset - start) / 8.
 */
static int read_slots(struct reader *r, struct kbpf_elf_map *m)
{
	uint64_t start = m->sec_off + m->values_off, end = UINT64_MAX, slot;
	const struct section *rs;
	GElf_Rel rel;
	GElf_Sym sym;
	size_t i, n;
	int prog;

	if (m->type != KBPF_MAP_TYPE_PROG_ARRAY)
		return fail(r, -EOPNOTSUPP, "%s: map '%s': __array(values, ...) is supported for prog_array maps only",
			    r->path, m->name);
	m->slots = malloc(m->max_entries * sizeof(*m->slots));
	if (!m->slots)
		return fail(r, -ENOMEM, "out of memory");
	memset(m->slots, 0xff, m->max_entries * sizeof(*m->slots));
	/* The next definition in .maps ends this one's values[]. */
	for (i = 0; i < r->obj->nr_maps; i++)
		if (r->obj->maps[i].shndx == m->shndx &&
		    r->obj->maps[i].sec_off > m->sec_off && r->obj->maps[i].sec_off < end)
			end = r->obj->maps[i].sec_off;
	if (!r->secs[m->shndx].rel)
		return 0;
	rs = &r->secs[r->secs[m->shndx].rel];
	n = rs->sh.sh_size / sizeof(Elf64_Rel);
	for (i = 0; i < n; i++) {
		if (!gelf_getrel(rs->data, i, &rel) || rel.r_offset < start ||
		    rel.r_offset >= end || !get_sym(r, GELF_R_SYM(rel.r_info), &sym))
			continue;
		slot = (rel.r_offset - start) / 8;
		if (slot >= m->max_entries)
			continue;	/* another map's definition */
		prog = prog_by_name(r->obj, sym_name(r, &sym));
		if (prog < 0)
			return fail(r, -EINVAL, "%s: map '%s': slot %llu names '%s', which is not a program of this object",
				    r->path, m->name, (unsigned long long)slot, sym_name(r, &sym));
		m->slots[slot] = prog;
	}
	return 0;
}

static int read_all_slots(struct reader *r)
{
	uint32_t i;
	int err;

	for (i = 0; i < r->obj->nr_maps; i++) {
		if (!r->obj->maps[i].has_values)
			continue;
		err = read_slots(r, &r->obj->maps[i]);
		if (err)
			return err;
	}
	return 0;
}

/* The relocation of the instruction at byte @off of section @shndx. */
static bool find_rel(struct reader *r, int shndx, uint64_t off, GElf_Sym *sym)
{
	const struct section *rs;
	GElf_Rel rel;
	size_t i, n;

	if (!r->secs[shndx].rel)
		return false;
	rs = &r->secs[r->secs[shndx].rel];
	n = rs->sh.sh_size / sizeof(Elf64_Rel);
	for (i = 0; i < n; i++) {
		if (!gelf_getrel(rs->data, i, &rel) || rel.r_offset != off)
			continue;
		return get_sym(r, GELF_R_SYM(rel.r_info), sym);
	}
	return false;
}

/*
 * Where a pseudo call at @idx (section-relative) of @shndx lands: the
 * section and the section-relative instruction. A relocated call counts
 * from its symbol; an unrelocated one from itself.
 */
static int call_target(struct reader *r, int shndx, uint64_t idx,
		       const struct kbpf_insn *insn, int *tsec, int64_t *tidx)
{
	GElf_Sym sym;

	if (find_rel(r, shndx, idx * INSN_SIZE, &sym)) {
		if (sym.st_shndx == SHN_UNDEF)
			return fail(r, -EOPNOTSUPP, "%s: call to undefined function '%s': extern functions and kfuncs are not supported",
				    r->path, sym_name(r, &sym));
		*tsec = sym.st_shndx;
		*tidx = (int64_t)(sym.st_value / INSN_SIZE) + insn->imm + 1;
	} else {
		*tsec = shndx;
		*tidx = (int64_t)idx + insn->imm + 1;
	}
	if (*tsec <= 0 || (size_t)*tsec >= r->nsecs || !is_exec(&r->secs[*tsec]) ||
	    *tidx < 0 || (uint64_t)*tidx >= r->secs[*tsec].sh.sh_size / INSN_SIZE)
		return fail(r, -EINVAL, "%s: call at %s+%llu lands outside any code",
			    r->path, r->secs[shndx].name, (unsigned long long)idx);
	return 0;
}

static bool is_pseudo_call(const struct kbpf_insn *insn)
{
	return insn->code == CALL_CODE && insn->src_reg == KBPF_PSEUDO_CALL;
}

/*
 * An lddw of a function's address (a bpf_loop callback): clang leaves 0
 * with a relocation against code, the byte offset in imm (section symbol)
 * or the function's own symbol. As libbpf does, it becomes source
 * KBPF_PSEUDO_FUNC with imm relative like a call's. 1: it is one, and
 * *@tsec, *@tidx say where it points; 0: it is not; or an error.
 */
static int func_target(struct reader *r, int shndx, uint64_t idx,
		       const struct kbpf_insn *insn, int *tsec, int64_t *tidx)
{
	GElf_Sym sym;
	uint64_t off;

	if (insn->code != LDDW_CODE || !find_rel(r, shndx, idx * INSN_SIZE, &sym) ||
	    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= r->nsecs ||
	    !is_exec(&r->secs[sym.st_shndx]))
		return 0;
	off = sym.st_value + (uint32_t)insn->imm;
	*tsec = sym.st_shndx;
	*tidx = off / INSN_SIZE;
	if (off % INSN_SIZE || insn[1].imm ||
	    (uint64_t)*tidx >= r->secs[*tsec].sh.sh_size / INSN_SIZE)
		return fail(r, -EINVAL, "%s: function address at %s+%llu points outside any code",
			    r->path, r->secs[shndx].name, (unsigned long long)idx);
	return 1;
}

/* The .text function starting at @start; its size from the symbol. */
static int text_func(struct reader *r, uint64_t start, uint32_t *cnt)
{
	GElf_Sym sym;
	size_t i;

	for (i = 0; get_sym(r, i, &sym); i++) {
		if ((int)sym.st_shndx != r->text || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_value != start * INSN_SIZE)
			continue;
		if (!sym.st_size || sym.st_size % INSN_SIZE ||
		    sym.st_value + sym.st_size > r->secs[r->text].sh.sh_size)
			return -EINVAL;
		*cnt = sym.st_size / INSN_SIZE;
		return 0;
	}
	return -ENOENT;
}

/*
 * Where .text function @start sits in @p, appending it (as libbpf does,
 * only functions a program reaches) the first time it is called.
 */
static int place_func(struct reader *r, struct kbpf_elf_prog *p,
		      struct layout *l, uint64_t start, uint32_t *pos)
{
	const struct section *t = &r->secs[r->text];
	struct kbpf_insn *insns;
	struct placed *funcs;
	uint32_t i, cnt;

	for (i = 0; i < l->nr; i++) {
		if (l->funcs[i].start == start) {
			*pos = l->funcs[i].pos;
			return 0;
		}
	}
	if (text_func(r, start, &cnt))
		return fail(r, -EINVAL, "%s: program '%s' calls .text+%llu, which is not the start of a function",
			    r->path, p->name, (unsigned long long)start);
	funcs = realloc(l->funcs, (l->nr + 1) * sizeof(*funcs));
	if (!funcs)
		return fail(r, -ENOMEM, "out of memory");
	l->funcs = funcs;
	insns = realloc(p->insns, ((size_t)p->cnt + cnt) * INSN_SIZE);
	if (!insns)
		return fail(r, -ENOMEM, "out of memory");
	p->insns = insns;
	memcpy(insns + p->cnt, (const char *)t->data->d_buf + start * INSN_SIZE,
	       (size_t)cnt * INSN_SIZE);
	l->funcs[l->nr++] = (struct placed){ start, cnt, p->cnt };
	*pos = p->cnt;
	p->cnt += cnt;
	return 0;
}

/*
 * Makes the calls of @cnt instructions at @base of @p (copied from
 * @start of section @shndx) relative to @p's own layout.
 */
static int relocate_calls(struct reader *r, struct kbpf_elf_prog *p,
			  struct layout *l, int shndx, uint64_t start,
			  uint32_t cnt, uint32_t base)
{
	uint32_t i, pos = 0;
	int64_t tidx = 0;
	int tsec = 0, err;

	for (i = 0; i < cnt; i++) {
		struct kbpf_insn *insn = &p->insns[base + i];

		if (insn->code == CALL_CODE && insn->src_reg == PSEUDO_KFUNC)
			return fail(r, -EOPNOTSUPP, "%s: program '%s' calls a kfunc; kbpf has no kfuncs, only helpers",
				    r->path, p->name);
		if (is_pseudo_call(insn)) {
			err = call_target(r, shndx, start + i, insn, &tsec, &tidx);
		} else {
			err = i + 1 < cnt ? func_target(r, shndx, start + i, insn,
							&tsec, &tidx) : 0;
			if (!err)
				continue;
			if (err > 0)
				err = 0;
			insn->src_reg = KBPF_PSEUDO_FUNC;
		}
		if (err)
			return err;
		if (tsec == shndx && tidx >= (int64_t)start && tidx < (int64_t)(start + cnt)) {
			pos = base + (tidx - start);
		} else if (tsec == r->text) {
			err = place_func(r, p, l, tidx, &pos);
			if (err)
				return err;
			insn = &p->insns[base + i];	/* place_func moved them */
		} else {
			return fail(r, -EOPNOTSUPP, "%s: program '%s' calls into section %s; shared functions belong in .text (static __noinline)",
				    r->path, p->name, r->secs[tsec].name);
		}
		insn->imm = (int64_t)pos - (base + i) - 1;
	}
	return 0;
}

static int map_of_sym(struct reader *r, const GElf_Sym *sym, uint32_t *map)
{
	uint32_t i;

	for (i = 0; i < r->obj->nr_maps; i++) {
		const struct kbpf_elf_map *m = &r->obj->maps[i];

		if (m->shndx != sym->st_shndx)
			continue;
		if (m->kind == KBPF_ELF_MAP_DATA || m->sec_off == sym->st_value) {
			*map = i;
			return 0;
		}
	}
	return -ENOENT;
}

static int add_reloc(struct kbpf_elf_prog *p, const struct kbpf_elf_reloc *rel)
{
	struct kbpf_elf_reloc *relocs;

	relocs = realloc(p->relocs, (p->nr_relocs + 1) * sizeof(*relocs));
	if (!relocs)
		return -ENOMEM;
	p->relocs = relocs;
	p->relocs[p->nr_relocs++] = *rel;
	return 0;
}

/*
 * Records the map each lddw of @shndx refers to, for the @cnt
 * instructions from section index @start that sit at @base in @p.
 */
static int relocate_maps(struct reader *r, struct kbpf_elf_prog *p, int shndx,
			 uint64_t start, uint32_t cnt, uint32_t base)
{
	const struct section *rs;
	struct kbpf_elf_reloc rel;
	GElf_Rel er;
	GElf_Sym sym;
	size_t i, n;

	if (!r->secs[shndx].rel)
		return 0;
	rs = &r->secs[r->secs[shndx].rel];
	n = rs->sh.sh_size / sizeof(Elf64_Rel);
	for (i = 0; i < n; i++) {
		struct kbpf_insn *insn;
		uint64_t idx;

		if (!gelf_getrel(rs->data, i, &er) || !get_sym(r, GELF_R_SYM(er.r_info), &sym))
			return fail(r, -EINVAL, "%s: bad relocation in %s", r->path, rs->name);
		idx = er.r_offset / INSN_SIZE;
		if (er.r_offset % INSN_SIZE || idx < start || idx >= start + cnt)
			continue;
		insn = &p->insns[base + idx - start];
		if (is_pseudo_call(insn) ||
		    (insn->code == LDDW_CODE && insn->src_reg == KBPF_PSEUDO_FUNC))
			continue;
		if (sym.st_shndx == SHN_UNDEF)
			return fail(r, -EOPNOTSUPP, "%s: program '%s' refers to undefined symbol '%s' (extern variables, kconfig and ksyms are not supported)",
				    r->path, p->name, sym_name(r, &sym));
		if (insn->code != LDDW_CODE || idx + 1 >= start + cnt)
			return fail(r, -EINVAL, "%s: program '%s': relocation against '%s' at an instruction that is not lddw",
				    r->path, p->name, sym_name(r, &sym));
		memset(&rel, 0, sizeof(rel));
		rel.insn = base + idx - start;
		if (map_of_sym(r, &sym, &rel.map))
			return fail(r, -EOPNOTSUPP, "%s: program '%s' refers to '%s' in section %s, which is neither a map nor global data",
				    r->path, p->name, sym_name(r, &sym),
				    sym.st_shndx < r->nsecs ? r->secs[sym.st_shndx].name : "?");
		if (r->obj->maps[rel.map].kind == KBPF_ELF_MAP_DATA) {
			rel.value = true;
			rel.off = (uint32_t)insn->imm + sym.st_value;
		}
		if (add_reloc(p, &rel))
			return fail(r, -ENOMEM, "out of memory");
	}
	return 0;
}

static int build_prog(struct reader *r, const GElf_Sym *sym)
{
	const struct section *s = &r->secs[sym->st_shndx];
	uint64_t start = sym->st_value / INSN_SIZE;
	struct layout l = { 0 };
	struct kbpf_elf_prog *p;
	uint32_t i;
	int err;

	if (sym->st_value % INSN_SIZE || !sym->st_size || sym->st_size % INSN_SIZE ||
	    sym->st_value + sym->st_size > s->sh.sh_size)
		return fail(r, -EINVAL, "%s: function '%s' is not a whole number of instructions inside %s",
			    r->path, sym_name(r, sym), s->name);
	p = new_prog(r);
	if (!p)
		return fail(r, -ENOMEM, "out of memory");
	snprintf(p->name, sizeof(p->name), "%s", sym_name(r, sym));
	snprintf(p->sec, sizeof(p->sec), "%s", s->name);
	if (kbpf_elf_sec_type(s->name, &p->type, p->attach, sizeof(p->attach),
			      &p->retprobe))
		return fail(r, -EOPNOTSUPP, "%s: program '%s' is in SEC(\"%s\"), a program type kbpf does not support (supported: socket, kprobe/FUNC, kretprobe/FUNC, tracepoint/CAT/NAME, tp/, raw_tracepoint/NAME, raw_tp/)",
			    r->path, p->name, s->name);
	p->own_cnt = p->cnt = sym->st_size / INSN_SIZE;
	p->insns = malloc(sym->st_size);
	if (!p->insns)
		return fail(r, -ENOMEM, "out of memory");
	memcpy(p->insns, (const char *)s->data->d_buf + sym->st_value, sym->st_size);

	err = relocate_calls(r, p, &l, sym->st_shndx, start, p->own_cnt, 0);
	if (!err)
		err = relocate_maps(r, p, sym->st_shndx, start, p->own_cnt, 0);
	/* Functions placed while relocating these may place more. */
	for (i = 0; !err && i < l.nr; i++) {
		struct placed f = l.funcs[i];

		err = relocate_calls(r, p, &l, r->text, f.start, f.cnt, f.pos);
		if (!err)
			err = relocate_maps(r, p, r->text, f.start, f.cnt, f.pos);
	}
	if (!err)
		err = read_lines(r, p, start, &l);
	free(l.funcs);
	return err;
}

/* Every global function outside .text is a program, as libbpf has it. */
static int read_progs(struct reader *r)
{
	GElf_Sym sym;
	size_t i;
	int err;

	for (i = 0; get_sym(r, i, &sym); i++) {
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    GELF_ST_BIND(sym.st_info) != STB_GLOBAL ||
		    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= r->nsecs ||
		    (int)sym.st_shndx == r->text || !is_exec(&r->secs[sym.st_shndx]))
			continue;
		err = build_prog(r, &sym);
		if (err)
			return err;
	}
	if (!r->obj->nr_progs)
		return fail(r, -ENOENT, "%s: no programs: put each in a SEC(\"...\") function", r->path);
	return 0;
}

bool kbpf_is_elf_file(const char *path)
{
	unsigned char magic[4];
	FILE *f = fopen(path, "rb");
	bool elf;

	if (!f)
		return false;
	elf = fread(magic, 1, sizeof(magic), f) == sizeof(magic) &&
	      !memcmp(magic, ELFMAG, SELFMAG);
	fclose(f);
	return elf;
}

int kbpf_elf_open(const char *path, struct kbpf_elf *obj)
{
	struct reader r = { .path = path, .obj = obj };
	int fd, err;

	memset(obj, 0, sizeof(*obj));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return fail(&r, -EINVAL, "libelf is too old");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(&r, -errno, "%s: %s", path, strerror(errno));
	r.elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!r.elf) {
		err = fail(&r, -EINVAL, "%s: %s", path, elf_errmsg(-1));
		goto out_fd;
	}
	err = check_header(&r);
	if (!err)
		err = read_sections(&r);
	if (!err && r.btf_ext)
		err = check_btf_ext(&r);
	if (!err && r.btf_ext && r.btf && r.secs[r.btf].data)
		r.lines_btf = btf__new(r.secs[r.btf].data->d_buf, r.secs[r.btf].data->d_size);
	if (!err) {
		read_license(&r);
		err = read_maps(&r);
	}
	if (!err)
		err = read_vars(&r);
	if (!err)
		err = read_progs(&r);
	if (!err)
		err = read_all_slots(&r);
	btf__free(r.lines_btf);
	free(r.secs);
	elf_end(r.elf);
out_fd:
	close(fd);
	if (err) {
		char why[sizeof(obj->err)];

		memcpy(why, obj->err, sizeof(why));
		kbpf_elf_close(obj);
		memcpy(obj->err, why, sizeof(why));
	}
	return err;
}

void kbpf_elf_close(struct kbpf_elf *obj)
{
	uint32_t i;

	for (i = 0; i < obj->nr_progs; i++) {
		free(obj->progs[i].insns);
		free(obj->progs[i].relocs);
		free(obj->progs[i].linfo);
		free(obj->progs[i].linfo_str);
	}
	for (i = 0; i < obj->nr_maps; i++) {
		free(obj->maps[i].init);
		free(obj->maps[i].slots);
	}
	free(obj->progs);
	free(obj->vars);
	free(obj->maps);
	memset(obj, 0, sizeof(*obj));
}

bool kbpf_elf_is_tail_target(const struct kbpf_elf *obj, uint32_t idx)
{
	uint32_t i, s;

	for (i = 0; i < obj->nr_maps; i++)
		for (s = 0; obj->maps[i].slots && s < obj->maps[i].max_entries; s++)
			if (obj->maps[i].slots[s] == (int32_t)idx)
				return true;
	return false;
}
