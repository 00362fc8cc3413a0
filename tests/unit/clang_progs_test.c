// SPDX-License-Identifier: GPL-2.0-only
/*
 * Programs compiled by clang (-O2 -target bpf) against Debian's libbpf
 * headers, verified in full mode: loops, packet bounds checks, map
 * lookups, subprogram calls with stack pointers. A small ELF loader does
 * what libbpf would: appends .text after the program's section, resolves
 * calls into it and turns map references into lddw by map index.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>
#include "unit.h"
#include "../verifier/verifier_cases.h"

struct elf_prog {
	const char *file;
	const char *section;
	u32 type;
	int expect;		/* 0 or the errno */
};

static const struct elf_prog elf_progs[] = {
	{ "sock_parse.bpf.o", "socket", KBPF_PROG_TYPE_SOCKET_FILTER, 0 },
	{ "kprobe_count.bpf.o", "kprobe/do_sys_openat2", KBPF_PROG_TYPE_KPROBE, 0 },
	{ "raw_tp_calls.bpf.o", "raw_tracepoint/sched_switch",
	  KBPF_PROG_TYPE_RAW_TRACEPOINT, 0 },
};

/* The maps the objects define, by symbol name: "counts" is map 0. */
static u64 counts_value;

static int counts_direct(const struct kbpf_map *map, u32 off, u64 *addr)
{
	*addr = (uintptr_t)&counts_value + off;
	return 0;
}

static const struct kbpf_map_ops counts_ops = { .direct_value_addr = counts_direct };
static struct kbpf_map counts_map = {
	.ops = &counts_ops, .type = 2, .key_size = 4, .value_size = 8,
	.max_entries = 1,
};
static struct kbpf_map *elf_maps[] = { &counts_map };

static Elf_Scn *find_section(Elf *elf, size_t shstrndx, const char *name,
			     size_t *index)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		gelf_getshdr(scn, &sh);
		if (!strcmp(elf_strptr(elf, shstrndx, sh.sh_name), name)) {
			if (index)
				*index = elf_ndxscn(scn);
			return scn;
		}
	}
	return NULL;
}

/* Relocations of one section: calls into .text, map references. */
static int relocate(Elf *elf, size_t shstrndx, const char *rel_name,
		    struct kbpf_insn *insns, u32 base, u32 text_at,
		    size_t text_index)
{
	Elf_Scn *rel = find_section(elf, shstrndx, rel_name, NULL), *symscn;
	Elf_Data *rd, *sd;
	GElf_Shdr sh, symsh;
	u32 i;

	if (!rel)
		return 0;
	gelf_getshdr(rel, &sh);
	rd = elf_getdata(rel, NULL);
	symscn = elf_getscn(elf, sh.sh_link);
	gelf_getshdr(symscn, &symsh);
	sd = elf_getdata(symscn, NULL);
	for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
		GElf_Rel r;
		GElf_Sym sym;
		struct kbpf_insn *insn;
		const char *name;

		gelf_getrel(rd, i, &r);
		gelf_getsym(sd, GELF_R_SYM(r.r_info), &sym);
		name = elf_strptr(elf, symsh.sh_link, sym.st_name);
		insn = &insns[base + r.r_offset / 8];
		if (insn->code == (KBPF_JMP | KBPF_CALL) && sym.st_shndx == text_index) {
			u32 target = text_at + sym.st_value / 8 + insn->imm + 1;

			insn->imm = target - (base + r.r_offset / 8) - 1;
		} else if (insn->code == (KBPF_LD | KBPF_IMM | KBPF_DW) &&
			   !strcmp(name, "counts")) {
			insn->src_reg = KBPF_PSEUDO_MAP_IDX;
			insn->imm = 0;
		} else {
			return -1;
		}
	}
	return 0;
}

static struct kbpf_prog *load_elf(const char *path, const char *section)
{
	struct kbpf_prog *prog = NULL;
	Elf_Scn *scn, *text;
	Elf_Data *d, *td = NULL;
	size_t shstrndx, text_index = 0;
	char rel_name[128];
	u32 n, tn = 0;
	Elf *elf;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	elf_getshdrstrndx(elf, &shstrndx);
	scn = find_section(elf, shstrndx, section, NULL);
	text = find_section(elf, shstrndx, ".text", &text_index);
	if (!scn)
		goto out;
	d = elf_getdata(scn, NULL);
	if (text) {
		td = elf_getdata(text, NULL);
		tn = td->d_size / 8;
	}
	n = d->d_size / 8;
	prog = kbpf_prog_alloc(n + tn);
	memcpy(prog->insns, d->d_buf, d->d_size);
	if (tn)
		memcpy(prog->insns + n, td->d_buf, td->d_size);
	snprintf(rel_name, sizeof(rel_name), ".rel%s", section);
	if (relocate(elf, shstrndx, rel_name, prog->insns, 0, n, text_index) ||
	    (tn && relocate(elf, shstrndx, ".rel.text", prog->insns, n, n,
			    text_index))) {
		kbpf_prog_free(prog);
		prog = NULL;
	}
out:
	elf_end(elf);
	close(fd);
	return prog;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(elf_progs); i++) {
		const struct elf_prog *p = &elf_progs[i];
		struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
		struct kbpf_verify_result res;
		struct kbpf_prog *prog;
		char path[512], *stats;
		int err;

		snprintf(path, sizeof(path), "%s/%s", PROGS_DIR, p->file);
		prog = load_elf(path, p->section);
		UNIT_CHECK(prog, "clang/%s_loads", p->file);
		if (!prog)
			continue;
		prog->type = p->type;
		prog->gpl_compatible = true;
		prog->maps = elf_maps;
		prog->nr_maps = ARRAY_SIZE(elf_maps);
		buf[0] = '\0';
		err = kbpf_verify(prog, &vtest_opts, &log, &res);
		kbpf_log_finish(&log);
		stats = strstr(buf, "processed");
		if (stats && strchr(stats, '\n'))
			*strchr(stats, '\n') = '\0';
		UNIT_CHECK(err == p->expect, "clang/%s_verified (%s)", p->file,
			   stats ? stats : "rejected");
		if (err != p->expect && !stats)
			printf("# log end: %s\n", strlen(buf) > 1500 ? buf + strlen(buf) - 1500 : buf);
		kbpf_prog_free(prog);
	}
	return unit_failed;
}
