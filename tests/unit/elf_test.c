// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tool's ELF reader against objects clang compiled from
 * the tests/progs sources: program types from SEC() names, .text subprograms
 * appended with calls relocated, maps and global data found, lddw
 * relocations pointing at the right map, clear errors for what kbpf
 * does not support.
 */
#include <errno.h>
#include <string.h>
#include "unit.h"
#include "../../tools/kbpf/elf.h"

#define OBJ(name)	PROGS_DIR "/" name ".bpf.o"
#define UNIT_PROGS_DIR	PROGS_DIR "/../unit/progs"
#define LDDW		(KBPF_LD | KBPF_IMM | KBPF_DW)
#define MAP_HASH	1
#define MAP_ARRAY	2

static const struct kbpf_elf_prog *prog(const struct kbpf_elf *obj,
					const char *name)
{
	uint32_t i;

	for (i = 0; i < obj->nr_progs; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	return NULL;
}

static const struct kbpf_elf_map *map(const struct kbpf_elf *obj,
				      const char *name, uint32_t *idx)
{
	uint32_t i;

	for (i = 0; i < obj->nr_maps; i++) {
		if (strcmp(obj->maps[i].name, name))
			continue;
		if (idx)
			*idx = i;
		return &obj->maps[i];
	}
	return NULL;
}

/* The map the lddw at @insn of @p refers to, or NULL. */
static const struct kbpf_elf_reloc *reloc_at(const struct kbpf_elf_prog *p,
					     uint32_t insn)
{
	uint32_t i;

	for (i = 0; i < p->nr_relocs; i++)
		if (p->relocs[i].insn == insn)
			return &p->relocs[i];
	return NULL;
}

static bool map_is(const struct kbpf_elf_map *m, uint32_t type, uint32_t key,
		   uint32_t value, uint32_t max)
{
	return m && m->type == type && m->key_size == key &&
	       m->value_size == value && m->max_entries == max;
}

/* Every relocation is an lddw naming an existing map. */
static bool relocs_sane(const struct kbpf_elf *obj, const struct kbpf_elf_prog *p)
{
	uint32_t i;

	for (i = 0; i < p->nr_relocs; i++)
		if (p->relocs[i].insn + 1 >= p->cnt ||
		    p->insns[p->relocs[i].insn].code != LDDW ||
		    p->relocs[i].map >= obj->nr_maps)
			return false;
	return true;
}

/* The call at @at lands on instruction @target. */
static bool call_lands(const struct kbpf_elf_prog *p, uint32_t at, uint32_t target)
{
	return at < p->cnt && p->insns[at].code == (KBPF_JMP | KBPF_CALL) &&
	       p->insns[at].src_reg == KBPF_PSEUDO_CALL &&
	       (int64_t)at + p->insns[at].imm + 1 == target;
}

static void test_objects(void)
{
	const struct kbpf_elf_prog *p;
	const struct kbpf_elf_map *m;
	const struct kbpf_elf_reloc *r;
	struct kbpf_elf obj;
	uint32_t counts = ~0U, i;
	int err;

	err = kbpf_elf_open(OBJ("objects"), &obj);
	UNIT_CHECK(!err, "elf/objects: opens (%s)", obj.err);
	if (err)
		return;
	UNIT_CHECK(!strcmp(obj.license, "Dual BSD/GPL"), "elf/objects: license");
	UNIT_CHECK(obj.nr_progs == 3, "elf/objects: three programs, .text is not one");

	p = prog(&obj, "count_open");
	UNIT_CHECK(p && p->type == KBPF_PROG_TYPE_KPROBE &&
		   !strcmp(p->attach, "do_sys_openat2") && !p->retprobe,
		   "elf/objects: SEC(kprobe/FUNC) is a kprobe on FUNC");
	p = prog(&obj, "on_write");
	UNIT_CHECK(p && p->type == KBPF_PROG_TYPE_TRACEPOINT &&
		   !strcmp(p->attach, "syscalls:sys_enter_write"),
		   "elf/objects: SEC(tracepoint/CAT/NAME) attaches to CAT:NAME");
	p = prog(&obj, "on_switch");
	UNIT_CHECK(p && p->type == KBPF_PROG_TYPE_RAW_TRACEPOINT &&
		   !strcmp(p->attach, "sched_switch") && p->cnt == p->own_cnt,
		   "elf/objects: SEC(raw_tp/NAME); no subprogram appended when none is called");

	UNIT_CHECK(map_is(map(&obj, "counts", &counts), MAP_HASH, 4, 8, 1024) &&
		   map(&obj, "counts", NULL)->kind == KBPF_ELF_MAP_BTF,
		   "elf/objects: BTF map with __type(key/value) sizes");
	UNIT_CHECK(map_is(map(&obj, "slots", NULL), MAP_ARRAY, 4, 16, 4),
		   "elf/objects: BTF map with __uint(key_size/value_size)");
	m = map(&obj, "objects.rodata", NULL);
	UNIT_CHECK(map_is(m, MAP_ARRAY, 4, 4, 1) && m->readonly && m->init &&
		   *(const uint32_t *)m->init == 7,
		   "elf/objects: .rodata is a read-only one-entry array holding its initial value");
	m = map(&obj, "objects.data", NULL);
	UNIT_CHECK(map_is(m, MAP_ARRAY, 4, 8, 1) && !m->readonly && m->init &&
		   *(const uint64_t *)m->init == 1,
		   "elf/objects: .data holds its initial value");
	m = map(&obj, "objects.bss", NULL);
	UNIT_CHECK(map_is(m, MAP_ARRAY, 4, 8, 1) && !m->init,
		   "elf/objects: .bss starts zeroed");

	p = prog(&obj, "count_open");
	if (!p)
		goto out;
	UNIT_CHECK(p->cnt > p->own_cnt, "elf/objects: .text appended to a program that calls into it");
	for (i = 0; i < p->own_cnt; i++)
		if (p->insns[i].code == (KBPF_JMP | KBPF_CALL) &&
		    p->insns[i].src_reg == KBPF_PSEUDO_CALL)
			break;
	UNIT_CHECK(call_lands(p, i, p->own_cnt),
		   "elf/objects: call to scale() relocated onto the appended .text");
	r = reloc_at(p, 4);
	UNIT_CHECK(r && r->map == counts && !r->value,
		   "elf/objects: lddw of &counts refers to map counts");
	r = reloc_at(p, p->own_cnt);
	UNIT_CHECK(r && r->value && !strcmp(obj.maps[r->map].name, "objects.rodata") &&
		   r->off == 0,
		   "elf/objects: lddw in a .text subprogram refers to .rodata, offset 0");
	UNIT_CHECK(relocs_sane(&obj, p) && p->nr_relocs == 4,
		   "elf/objects: four map references, all on lddw");
out:
	kbpf_elf_close(&obj);
}

static void test_calls(void)
{
	const struct kbpf_elf_prog *p;
	struct kbpf_elf obj;
	int err;

	err = kbpf_elf_open(OBJ("calls"), &obj);
	UNIT_CHECK(!err, "elf/calls: opens (%s)", obj.err);
	if (err)
		return;
	p = prog(&obj, "sum_calls");
	/* twice_sum is the first function of .text. */
	UNIT_CHECK(p && call_lands(p, 3, p->own_cnt) && !p->nr_relocs,
		   "elf/calls: relocated call from a program to the first .text function");
	p = prog(&obj, "accept_all");
	UNIT_CHECK(p && p->type == KBPF_PROG_TYPE_SOCKET_FILTER &&
		   call_lands(p, 3, p->own_cnt) && p->cnt == p->own_cnt + 4,
		   "elf/calls: only the reached .text function (add3) is appended, and the call lands on it");
	p = prog(&obj, "sum_calls");
	UNIT_CHECK(p && p->cnt == p->own_cnt + 9 &&
		   call_lands(p, p->own_cnt + 2, p->own_cnt + 5),
		   "elf/calls: a .text function's own call is followed (twice_sum -> add3)");
	kbpf_elf_close(&obj);
}

/* Line info in PROG_LOAD's form: sorted, the first at 0, strings inside. */
static bool lines_sane(const struct kbpf_elf_prog *p)
{
	uint32_t i;

	if (!p->nr_linfo || p->linfo[0].insn_off || !p->linfo_str_size ||
	    p->linfo_str[p->linfo_str_size - 1])
		return false;
	for (i = 0; i < p->nr_linfo; i++)
		if ((i && p->linfo[i].insn_off <= p->linfo[i - 1].insn_off) ||
		    p->linfo[i].insn_off >= p->cnt ||
		    p->linfo[i].line_off >= p->linfo_str_size ||
		    p->linfo[i].file_name_off >= p->linfo_str_size)
			return false;
	return true;
}

/* The record at exactly instruction @insn, or NULL. */
static const struct kbpf_line_info *line_at(const struct kbpf_elf_prog *p, uint32_t insn)
{
	uint32_t i;

	for (i = 0; i < p->nr_linfo; i++)
		if (p->linfo[i].insn_off == insn)
			return &p->linfo[i];
	return NULL;
}

static bool line_is(const struct kbpf_elf_prog *p, uint32_t insn, const char *text,
		    uint32_t line)
{
	const struct kbpf_line_info *li = line_at(p, insn);
	const char *file;

	if (!li)
		return false;
	file = p->linfo_str + li->file_name_off;
	return strstr(p->linfo_str + li->line_off, text) &&
	       KBPF_LINE_INFO_LINE(li->line_col) == line &&
	       strlen(file) > strlen("bad_lines.bpf.c") &&
	       !strcmp(file + strlen(file) - strlen("bad_lines.bpf.c"), "bad_lines.bpf.c");
}

/* .BTF.ext line info, renumbered for the program as loaded. */
static void test_lines(void)
{
	const struct kbpf_elf_prog *p;
	struct kbpf_elf obj;
	uint32_t i;
	bool text_lines = true;
	int err;

	err = kbpf_elf_open(OBJ("bad_lines"), &obj);
	UNIT_CHECK(!err, "elf/lines: opens (%s)", obj.err);
	if (err)
		return;
	p = prog(&obj, "bad_lines");
	UNIT_CHECK(p && lines_sane(p), "elf/lines: sorted, from instruction 0, strings inside");
	UNIT_CHECK(p && line_is(p, 0, "vals[0] = skb->protocol;", 20),
		   "elf/lines: the program's first instruction has its first line");
	UNIT_CHECK(p && p->cnt == p->own_cnt + 6 && call_lands(p, 10, p->own_cnt) &&
		   line_is(p, p->own_cnt, "return vals[i];", 12),
		   "elf/lines: the appended .text subprogram's line follows it to instruction %u",
		   p ? p->own_cnt : 0);
	for (i = 0; p && i < p->nr_linfo; i++)
		if (p->linfo[i].insn_off >= p->own_cnt &&
		    !line_is(p, p->linfo[i].insn_off, "", 12))
			text_lines = false;
	UNIT_CHECK(p && text_lines, "elf/lines: every record past the program's own code is the subprogram's");
	kbpf_elf_close(&obj);

	err = kbpf_elf_open(OBJ("calls"), &obj);
	p = err ? NULL : prog(&obj, "sum_calls");
	/* twice_sum at own_cnt, add3 (called from it) after: each has its lines. */
	UNIT_CHECK(p && lines_sane(p) && line_at(p, p->own_cnt) && line_at(p, p->own_cnt + 5),
		   "elf/lines: each of two appended subprograms starts with a record");
	if (!err)
		kbpf_elf_close(&obj);

	err = kbpf_elf_open(UNIT_PROGS_DIR "/raw_tp_calls.bpf.o", &obj);
	UNIT_CHECK(!err && obj.nr_progs == 1 && !obj.progs[0].nr_linfo && !obj.progs[0].linfo,
		   "elf/lines: an object built without -g has no line info and no error (%s)",
		   obj.err);
	if (!err)
		kbpf_elf_close(&obj);
}

static void test_legacy(void)
{
	const struct kbpf_elf_prog *p;
	const struct kbpf_elf_map *m;
	struct kbpf_elf obj;
	int err;

	err = kbpf_elf_open(OBJ("legacy"), &obj);
	UNIT_CHECK(!err, "elf/legacy: opens (%s)", obj.err);
	if (err)
		return;
	m = map(&obj, "packets", NULL);
	UNIT_CHECK(map_is(m, MAP_ARRAY, 4, 8, 256) && m->kind == KBPF_ELF_MAP_LEGACY,
		   "elf/legacy: struct bpf_map_def in SEC(maps)");
	p = prog(&obj, "count_packets");
	UNIT_CHECK(p && p->type == KBPF_PROG_TYPE_SOCKET_FILTER && p->nr_relocs == 1 &&
		   relocs_sane(&obj, p),
		   "elf/legacy: SEC(socket/NAME) is a socket filter with one map reference");
	UNIT_CHECK(!strcmp(obj.license, "Proprietary"), "elf/legacy: license");
	kbpf_elf_close(&obj);
}

static int prog_index(const struct kbpf_elf *obj, const char *name)
{
	uint32_t i;

	for (i = 0; i < obj->nr_progs; i++)
		if (!strcmp(obj->progs[i].name, name))
			return i;
	return -1;
}

/* __array(values, ...): slots per map from .rel.maps. */
static void test_tailcalls(void)
{
	const struct kbpf_elf_map *a, *b;
	struct kbpf_elf obj;
	int err, ta, tb;

	err = kbpf_elf_open(OBJ("tailcalls"), &obj);
	UNIT_CHECK(!err, "elf/tailcalls: opens (%s)", obj.err);
	if (err)
		return;
	a = map(&obj, "first", NULL);
	b = map(&obj, "second", NULL);
	ta = prog_index(&obj, "target_a");
	tb = prog_index(&obj, "target_b");
	UNIT_CHECK(a && a->slots && a->slots[0] == -1 && a->slots[1] == ta &&
		   a->slots[2] == tb && a->slots[3] == -1 && a->slots[7] == -1,
		   "elf/tailcalls: first's slots 1 and 2");
	UNIT_CHECK(b && b->slots && b->slots[0] == tb && b->slots[1] == -1,
		   "elf/tailcalls: second's slot 0, not first's relocations");
	UNIT_CHECK(kbpf_elf_is_tail_target(&obj, ta) && kbpf_elf_is_tail_target(&obj, tb) &&
		   !kbpf_elf_is_tail_target(&obj, prog_index(&obj, "dispatch")),
		   "elf/tailcalls: targets known, the dispatcher is not one");
	kbpf_elf_close(&obj);
}

static const struct kbpf_elf_var *var(const struct kbpf_elf *obj, const char *name)
{
	uint32_t i;

	for (i = 0; i < obj->nr_vars; i++)
		if (!strcmp(obj->vars[i].name, name))
			return &obj->vars[i];
	return NULL;
}

/* Globals by symbol and BTF; rodata written into the initial value. */
static void test_rodata(void)
{
	const struct kbpf_elf_var *v;
	const struct kbpf_elf_map *m;
	struct kbpf_elf obj;
	const uint8_t *b;

	if (kbpf_elf_open(OBJ("rodata"), &obj)) {
		UNIT_CHECK(0, "elf/rodata: open: %s", obj.err);
		return;
	}
	v = var(&obj, "answer");
	UNIT_CHECK(v && v->size == 4 && v->kind == KBPF_ELF_VAR_UINT &&
		   obj.maps[v->map].readonly, "elf/rodata: answer is a u32 in .rodata");
	UNIT_CHECK(var(&obj, "small") && var(&obj, "small")->kind == KBPF_ELF_VAR_SINT &&
		   var(&obj, "word") && var(&obj, "word")->kind == KBPF_ELF_VAR_CHARS &&
		   var(&obj, "pair") && var(&obj, "pair")->kind == KBPF_ELF_VAR_OTHER,
		   "elf/rodata: kinds from BTF (signed, char array, struct)");
	UNIT_CHECK(var(&obj, "hits") && !obj.maps[var(&obj, "hits")->map].readonly,
		   "elf/rodata: .bss variables are listed, writable");
	m = &obj.maps[v->map];
	b = (const uint8_t *)m->init + v->off;
	UNIT_CHECK(!kbpf_elf_set_rodata(&obj, "answer=0x01020304") &&
		   b[0] == 4 && b[1] == 3 && b[2] == 2 && b[3] == 1,
		   "elf/rodata: set little-endian into the initial value");
	v = var(&obj, "word");
	b = (const uint8_t *)obj.maps[v->map].init + v->off;
	UNIT_CHECK(!kbpf_elf_set_rodata(&obj, "word=xy") && !memcmp(b, "xy\0\0\0\0\0\0", 8),
		   "elf/rodata: string NUL-padded over the old value");
	UNIT_CHECK(kbpf_elf_set_rodata(&obj, "answer=4294967296") == -ERANGE &&
		   kbpf_elf_set_rodata(&obj, "nosuch=1") == -ENOENT &&
		   kbpf_elf_set_rodata(&obj, "hits=1") == -EINVAL &&
		   kbpf_elf_set_rodata(&obj, "pair=1") == -EOPNOTSUPP &&
		   kbpf_elf_set_rodata(&obj, "=1") == -EINVAL,
		   "elf/rodata: refusals' errnos");
	kbpf_elf_close(&obj);
}

/* libbpf's shorter and longer spellings: tp/ and raw_tracepoint/. */
static void test_spellings(void)
{
	const struct kbpf_elf_prog *p;
	struct kbpf_elf obj;
	int err;

	err = kbpf_elf_open(OBJ("spellings"), &obj);
	UNIT_CHECK(!err && obj.nr_progs == 2, "elf/spellings: opens, two programs (%s)", obj.err);
	if (err)
		return;
	p = prog(&obj, "exec_tp");
	UNIT_CHECK(p && p->type == KBPF_PROG_TYPE_TRACEPOINT && !p->retprobe &&
		   !strcmp(p->attach, "sched:sched_process_exec"),
		   "elf/spellings: SEC(tp/CAT/NAME) is a tracepoint on CAT:NAME");
	p = prog(&obj, "exec_raw");
	UNIT_CHECK(p && p->type == KBPF_PROG_TYPE_RAW_TRACEPOINT &&
		   !strcmp(p->attach, "sched_process_exec"),
		   "elf/spellings: SEC(raw_tracepoint/NAME) is a raw tracepoint on NAME");
	kbpf_elf_close(&obj);
}

static void expect_error(const char *file, int want, const char *words)
{
	struct kbpf_elf obj;
	int err = kbpf_elf_open(file, &obj);

	UNIT_CHECK(err == want && strstr(obj.err, words),
		   "elf/errors: %s: %d, '%s' (got %d: %s)",
		   strrchr(file, '/') + 1, want, words, err, obj.err);
	if (!err)
		kbpf_elf_close(&obj);
}

int main(void)
{
	test_objects();
	test_calls();
	test_lines();
	test_legacy();
	test_tailcalls();
	test_rodata();
	test_spellings();
	expect_error(OBJ("bad_section"), -EOPNOTSUPP, "SEC(\"xdp\")");
	expect_error(OBJ("bad_core"), -EOPNOTSUPP, "CO-RE");
	expect_error(OBJ("bad_extern"), -EOPNOTSUPP, "some_kfunc");
	expect_error(OBJ("bad_maptype"), -EOPNOTSUPP,
		     "map 'events' is a BPF_MAP_TYPE_PERF_EVENT_ARRAY, a map type kbpf does not support");
	expect_error(OBJ("bad_maptype"), -EOPNOTSUPP, "BPF_MAP_TYPE_RINGBUF with bpf_ringbuf_output()");
	expect_error(PROGS_DIR "/../unit/elf_test", -EINVAL, "not a BPF object");	/* itself */
	expect_error(PROGS_DIR "/missing.o", -ENOENT, "No such file");
	return unit_failed;
}
