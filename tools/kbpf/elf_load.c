// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading an object's maps: every map of the object is created (as
 * libbpf does), global data maps (BPF_F_MMAPABLE arrays) get their
 * initial value and .rodata is frozen, then each lddw a program relocates
 * is pointed at its map's descriptor (or at a variable's offset in a data
 * map).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"
#include "elf.h"

/* A map name as the module accepts it: 15 characters of [A-Za-z0-9_.]. */
static void map_name(const char *from, char *to)
{
	size_t i;

	for (i = 0; i < KBPF_OBJ_NAME_LEN - 1 && from[i]; i++)
		to[i] = (isalnum((unsigned char)from[i]) || from[i] == '.') ? from[i] : '_';
	to[i] = '\0';
}

size_t kbpf_elf_map_mmap_len(const struct kbpf_elf_map *m)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = (size_t)((m->value_size + 7) & ~7U) * m->max_entries;

	return (len + pg - 1) / pg * pg;
}

/*
 * .data: the section is copied into the map's pages through a writable
 * mapping. .rodata is written with an update instead: a program-read-only
 * map refuses writable mappings (EACCES, as Linux, so no writable page
 * can outlive the freeze); libbpf writes every data map that way.
 */
static int write_init(const struct kbpf_backend *b, int fd,
		      const struct kbpf_elf_map *m)
{
	size_t len = kbpf_elf_map_mmap_len(m);
	uint32_t zero = 0;
	void *p;
	int err;

	if (m->readonly || !(m->flags & KBPF_F_MMAPABLE))
		return b->map_update(fd, &zero, m->init, 0);
	p = b->map_mmap(fd, len, true, &err);
	if (!p)
		return err;
	memcpy(p, m->init, m->value_size);
	b->map_munmap(fd, p, len, true);
	return 0;
}

static int create_map(const struct kbpf_elf_map *m)
{
	const struct kbpf_backend *b = kbpf_backend_get();
	struct kbpf_map_create attr = {
		.size = sizeof(attr), .map_type = m->type, .key_size = m->key_size,
		.value_size = m->value_size, .max_entries = m->max_entries,
		.map_flags = m->flags,
	};
	int fd, err;

	map_name(m->name, attr.name);
	fd = b->map_create(&attr);
	if (fd < 0) {
		kbpf_err("map '%s' (type %u, key %u, value %u, %u entries): %s", m->name,
			 m->type, m->key_size, m->value_size, m->max_entries, kbpf_strerror(-fd));
		return fd;
	}
	if (m->init) {
		err = write_init(b, fd, m);
		if (err)
			return kbpf_err("map '%s': cannot write its initial value: %s", m->name,
					kbpf_strerror(-err)), err;
	}
	if (m->readonly) {
		err = b->map_freeze(fd);
		if (err)
			return kbpf_err("map '%s': cannot freeze it: %s", m->name,
					kbpf_strerror(-err)), err;
	}
	return fd;
}

int kbpf_elf_create_maps(const struct kbpf_elf *obj, int **fds)
{
	uint32_t i;

	*fds = calloc(obj->nr_maps + 1, sizeof(**fds));
	if (!*fds)
		return kbpf_err("out of memory"), -ENOMEM;
	for (i = 0; i < obj->nr_maps; i++) {
		(*fds)[i] = create_map(&obj->maps[i]);
		if ((*fds)[i] < 0) {
			int err = (*fds)[i];

			kbpf_elf_close_maps(obj, *fds, i);
			*fds = NULL;
			return err;
		}
	}
	return 0;
}

void kbpf_elf_close_maps(const struct kbpf_elf *obj, int *fds, uint32_t n)
{
	uint32_t i;

	/* Host handles are not descriptors; the host keeps its maps. */
	for (i = 0; !opts.host && fds && i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
}

void kbpf_elf_relocate(const struct kbpf_elf_prog *p, struct kbpf_insn *insns,
		       const int *fds)
{
	uint32_t i;

	for (i = 0; i < p->nr_relocs; i++) {
		const struct kbpf_elf_reloc *r = &p->relocs[i];

		insns[r->insn].src_reg = r->value ? KBPF_PSEUDO_MAP_VALUE : KBPF_PSEUDO_MAP_FD;
		insns[r->insn].imm = fds[r->map];
		insns[r->insn + 1].imm = r->value ? r->off : 0;
	}
}

int kbpf_elf_fill_prog_arrays(const struct kbpf_elf *obj, const int *fds,
			      const int *progs)
{
	const struct kbpf_backend *b = kbpf_backend_get();
	uint32_t i, s, fd;
	int err;

	for (i = 0; i < obj->nr_maps; i++) {
		const struct kbpf_elf_map *m = &obj->maps[i];

		for (s = 0; m->slots && s < m->max_entries; s++) {
			if (m->slots[s] < 0)
				continue;
			fd = progs[m->slots[s]];
			err = b->map_update(fds[i], &s, &fd, 0);
			if (err)
				return kbpf_err("map '%s': slot %u <- program '%s': %s", m->name, s,
						obj->progs[m->slots[s]].name,
						kbpf_strerror(-err)), err;
		}
	}
	return 0;
}

int kbpf_add_rodata(char **list, int *nr, char *assign)
{
	if (*nr == KBPF_RODATA_MAX)
		return kbpf_err("at most %d rodata assignments", KBPF_RODATA_MAX);
	list[(*nr)++] = assign;
	return 0;
}

int kbpf_elf_apply_rodata(struct kbpf_elf *obj, char *const *list, int nr)
{
	int i, err;

	for (i = 0; i < nr; i++) {
		err = kbpf_elf_set_rodata(obj, list[i]);
		if (err) {
			kbpf_err("%s", obj->err);
			return err;
		}
	}
	return 0;
}
