/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * BPF ELF objects as clang -target bpf writes them and libbpf reads them:
 * programs by section, .text subprograms, maps (BTF-defined in .maps and
 * legacy struct bpf_map_def in maps), global data sections, relocations.
 *
 * Reading an object needs no module: the result is a list of programs,
 * each with its instructions (subprograms already appended and calls
 * relocated), the lddw instructions that still need a map descriptor, and
 * its source lines from .BTF.ext, renumbered to match.
 */
#ifndef _KBPF_TOOL_ELF_H
#define _KBPF_TOOL_ELF_H

#include "kbpf.h"

#define KBPF_ELF_NAME_LEN	128

enum kbpf_elf_map_kind {
	KBPF_ELF_MAP_BTF,	/* SEC(".maps") with __uint/__type */
	KBPF_ELF_MAP_LEGACY,	/* SEC("maps") struct bpf_map_def */
	KBPF_ELF_MAP_DATA,	/* .data*, .rodata*, .bss: one-entry array */
};

struct kbpf_elf_map {
	char name[KBPF_ELF_NAME_LEN];	/* symbol or section name */
	enum kbpf_elf_map_kind kind;
	uint32_t type;			/* Linux map type numbers */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t flags;
	void *init;			/* initial value (data maps); NULL: zero */
	bool readonly;			/* .rodata: frozen once initialized */
	int shndx;			/* section it came from */
	uint64_t sec_off;		/* offset of its definition there */
	/* prog_array: __array(values, ...) slots, program index or -1 */
	bool has_values;
	uint32_t values_off;		/* byte offset of values[] in the definition */
	int32_t *slots;			/* max_entries of them, or NULL */
};

/* An lddw that refers to a map: patched with a descriptor at load. */
struct kbpf_elf_reloc {
	uint32_t insn;			/* index of the lddw in the program */
	uint32_t map;			/* index into kbpf_elf.maps */
	uint32_t off;			/* value offset for data maps */
	bool value;			/* a value address, not the map */
};

struct kbpf_elf_prog {
	char name[KBPF_ELF_NAME_LEN];	/* function symbol */
	char sec[KBPF_ELF_NAME_LEN];	/* SEC() name */
	uint32_t type;			/* enum kbpf_prog_type */
	char attach[KBPF_ELF_NAME_LEN];	/* kprobe FUNC, tracepoint CAT:NAME, ... */
	bool retprobe;
	struct kbpf_insn *insns;
	uint32_t cnt;
	uint32_t own_cnt;		/* before .text subprograms were appended */
	struct kbpf_elf_reloc *relocs;
	uint32_t nr_relocs;
	/*
	 * Source lines from .BTF.ext (objects built with -g), numbered as
	 * insns[] is, in PROG_LOAD's form; none without BTF.
	 */
	struct kbpf_line_info *linfo;
	uint32_t nr_linfo;
	char *linfo_str;		/* the strings linfo points into */
	uint32_t linfo_str_size;
};

/* How a global variable's value is spelled on the command line. */
enum kbpf_elf_var_kind {
	KBPF_ELF_VAR_UINT,		/* unsigned integer of var->size bytes */
	KBPF_ELF_VAR_SINT,		/* signed integer */
	KBPF_ELF_VAR_CHARS,		/* char array: a string, NUL-padded */
	KBPF_ELF_VAR_OTHER,		/* structs and the like: not settable */
};

/* A named variable of a global data section (its symbol, typed by BTF). */
struct kbpf_elf_var {
	char name[KBPF_ELF_NAME_LEN];
	uint32_t map;			/* index into kbpf_elf.maps */
	uint32_t off;			/* offset in the map's value */
	uint32_t size;
	enum kbpf_elf_var_kind kind;
};

struct kbpf_elf {
	char license[128];
	struct kbpf_elf_prog *progs;
	uint32_t nr_progs;
	struct kbpf_elf_map *maps;
	uint32_t nr_maps;
	struct kbpf_elf_var *vars;
	uint32_t nr_vars;
	char err[512];			/* why kbpf_elf_open failed */
};

/* 0, or -errno with obj->err saying what is wrong and where. */
int kbpf_elf_open(const char *path, struct kbpf_elf *obj);
void kbpf_elf_close(struct kbpf_elf *obj);
bool kbpf_is_elf_file(const char *path);

/*
 * Sets read-only global NAME (in .rodata) to VALUE before the maps are
 * created, from "NAME=VALUE" as a libbpf skeleton's rodata would: an
 * integer sized and signed by the variable's type, or a string for a char
 * array. 0, or -errno with obj->err saying why.
 */
int kbpf_elf_set_rodata(struct kbpf_elf *obj, const char *assign);

/* The program type and attach target a libbpf SEC() name stands for. */
int kbpf_elf_sec_type(const char *sec, uint32_t *type, char *attach,
		      size_t attach_size, bool *retprobe);

/*
 * elf_load.c: creates every map of @obj through the current backend
 * (initial values written, .rodata frozen); *@fds[i] is map i's handle.
 * 0 or -errno after a message.
 */
int kbpf_elf_create_maps(const struct kbpf_elf *obj, int **fds);
void kbpf_elf_close_maps(const struct kbpf_elf *obj, int *fds, uint32_t n);
/* What mmap of @m's values covers from offset 0: whole pages. */
size_t kbpf_elf_map_mmap_len(const struct kbpf_elf_map *m);
/* Fills prog_array slots from __array(values, ...) with @progs' handles. */
int kbpf_elf_fill_prog_arrays(const struct kbpf_elf *obj, const int *fds,
			      const int *progs);
/* Program @idx is some prog_array's initial slot: a tail call target. */
bool kbpf_elf_is_tail_target(const struct kbpf_elf *obj, uint32_t idx);

/*
 * elf_load.c: the command line's "rodata NAME=VALUE" arguments: collected
 * (kbpf_add_rodata, 1 after a message when there are too many) and
 * applied to @obj before its maps are created (0, or -errno after a
 * message).
 */
#define KBPF_RODATA_MAX	64
int kbpf_add_rodata(char **list, int *nr, char *assign);
int kbpf_elf_apply_rodata(struct kbpf_elf *obj, char *const *list, int nr);
/* prog.c: program @idx loaded with its maps, the verifier log on failure. */
int kbpf_load_elf_prog(const struct kbpf_elf *obj, uint32_t idx, const int *fds);
/* Points @p's lddw map references (in @insns, a copy of p->insns) at @fds. */
void kbpf_elf_relocate(const struct kbpf_elf_prog *p, struct kbpf_insn *insns,
		       const int *fds);

#endif /* _KBPF_TOOL_ELF_H */
