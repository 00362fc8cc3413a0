// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf disasm FILE: the module's disassembler, offline. FILE is raw
 * instructions or an ELF object; for an object, every program is shown
 * with its .text subprograms appended, and each lddw names the map it
 * will refer to once loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "elf.h"
#include "../../vm/vm.h"

static const char *map_note(const struct kbpf_elf *obj,
			    const struct kbpf_elf_prog *p, uint32_t insn,
			    char *buf, size_t size)
{
	uint32_t i;

	for (i = 0; p && i < p->nr_relocs; i++) {
		const struct kbpf_elf_reloc *r = &p->relocs[i];

		if (r->insn != insn)
			continue;
		if (r->value)
			snprintf(buf, size, "  ; &%s + %u", obj->maps[r->map].name, r->off);
		else
			snprintf(buf, size, "  ; map %s", obj->maps[r->map].name);
		return buf;
	}
	return "";
}

static void print_insns(const struct kbpf_insn *insns, uint32_t cnt,
			const struct kbpf_elf *obj, const struct kbpf_elf_prog *p)
{
	char line[128], note[160];
	uint32_t i, n;

	for (i = 0; i < cnt; i += n) {
		n = kbpf_disasm_insn(line, sizeof(line), &insns[i], cnt - i);
		if (p && i == p->own_cnt)
			printf("; .text subprograms\n");
		printf("%5u: %s%s\n", i, line, map_note(obj, p, i, note, sizeof(note)));
	}
}

static int disasm_object(const char *path)
{
	struct kbpf_elf obj;
	uint32_t i;

	if (kbpf_elf_open(path, &obj))
		return kbpf_err("%s", obj.err);
	for (i = 0; i < obj.nr_progs; i++) {
		const struct kbpf_elf_prog *p = &obj.progs[i];

		printf("%sprog %s  SEC(\"%s\")  %u insns\n", i ? "\n" : "", p->name,
		       p->sec, p->cnt);
		print_insns(p->insns, p->cnt, &obj, p);
	}
	kbpf_elf_close(&obj);
	return 0;
}

int kbpf_cmd_disasm(int argc, char **argv)
{
	struct kbpf_insn *insns;
	uint32_t cnt;
	int ret;

	if (argc != 1)
		return kbpf_err("expected one program FILE");
	if (kbpf_is_elf_file(argv[0]))
		return disasm_object(argv[0]);
	ret = kbpf_read_insns(argv[0], &insns, &cnt);
	if (ret)
		return kbpf_err("cannot read program '%s': %s", argv[0],
				kbpf_strerror(-ret));
	print_insns(insns, cnt, NULL, NULL);
	free(insns);
	return 0;
}
