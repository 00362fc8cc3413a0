// SPDX-License-Identifier: GPL-2.0-only
/*
 * Line info: the C source line each instruction came from, passed with
 * PROG_LOAD as struct kbpf_line_info records and a blob of strings they
 * point into (kbpf keeps no BTF). Nothing in them is trusted: the module
 * and the host library run the same checks here, each failure explained
 * in the verifier log, before the verifier prints a line from them.
 */
#include "internal.h"

#define LINFO_REC_MIN	sizeof(struct kbpf_line_info)

static int linfo_fail(struct kbpf_log *log, int err, const char *what)
{
	kbpf_log_write(log, "line info: %s\n", what);
	return err;
}

/* The fields of PROG_LOAD, before anything is copied or allocated. */
static int check_attr(const struct kbpf_prog_load *attr,
			  struct kbpf_log *log)
{
	u32 rec = attr->line_info_rec_size;

	if (!attr->line_info && !attr->line_info_cnt && !rec &&
	    !attr->line_info_str && !attr->line_info_str_size)
		return 0;
	if (!attr->line_info || !attr->line_info_cnt)
		return linfo_fail(log, -EINVAL, "line_info and line_info_cnt go together");
	if (!attr->line_info_str || !attr->line_info_str_size)
		return linfo_fail(log, -EINVAL, "records need line_info_str and line_info_str_size");
	if (rec < LINFO_REC_MIN || rec > KBPF_LINE_INFO_REC_MAX || rec % 4) {
		kbpf_log_write(log, "line info: record size %u is not a multiple of 4 from %zu to %u\n",
			       rec, LINFO_REC_MIN, KBPF_LINE_INFO_REC_MAX);
		return -EINVAL;
	}
	if (attr->line_info_cnt > attr->insn_cnt) {
		kbpf_log_write(log, "line info: %u records for %u instructions\n",
			       attr->line_info_cnt, attr->insn_cnt);
		return -EINVAL;
	}
	if (attr->line_info_str_size > KBPF_LINE_INFO_STR_MAX) {
		kbpf_log_write(log, "line info: %u string bytes, more than %u\n",
			       attr->line_info_str_size, KBPF_LINE_INFO_STR_MAX);
		return -E2BIG;
	}
	return 0;
}

/* Room for the records and strings of a checked @attr. */
static int linfo_alloc(struct kbpf_prog *prog, const struct kbpf_prog_load *attr)
{
	prog->linfo = kbpf_big_zalloc((size_t)attr->line_info_cnt *
				      sizeof(*prog->linfo));
	prog->linfo_str = kbpf_big_zalloc(attr->line_info_str_size);
	if (!prog->linfo || !prog->linfo_str)
		return -ENOMEM;
	prog->nr_linfo = attr->line_info_cnt;
	prog->linfo_str_size = attr->line_info_str_size;
	return 0;
}

static int check_str(struct kbpf_log *log, const struct kbpf_prog *prog,
		     u32 i, u32 off, const char *what)
{
	if (off < prog->linfo_str_size)
		return 0;
	kbpf_log_write(log, "line info: record %u: %s offset %u is outside the %u string bytes\n",
		       i, what, off, prog->linfo_str_size);
	return -EINVAL;
}

/*
 * The records in prog->linfo against the program: sorted strictly by
 * instruction, the first at 0 (as Linux requires), none inside an lddw,
 * every string inside the blob, which ends with a NUL.
 */
static int check_records(struct kbpf_prog *prog, struct kbpf_log *log)
{
	const struct kbpf_line_info *li;
	u32 i;
	int err;

	if (!prog->nr_linfo)
		return 0;
	if (prog->linfo_str[prog->linfo_str_size - 1])
		return linfo_fail(log, -EINVAL, "the strings do not end with a NUL");
	for (i = 0; i < prog->nr_linfo; i++) {
		li = &prog->linfo[i];
		if (!i && li->insn_off)
			return linfo_fail(log, -EINVAL, "the first record is not at instruction 0");
		if (i && li->insn_off <= li[-1].insn_off) {
			kbpf_log_write(log, "line info: record %u: instruction %u is not after record %u's %u\n",
				       i, li->insn_off, i - 1, li[-1].insn_off);
			return -EINVAL;
		}
		if (li->insn_off >= prog->len) {
			kbpf_log_write(log, "line info: record %u: instruction %u is past the program's %u\n",
				       i, li->insn_off, prog->len);
			return -EINVAL;
		}
		/* The second half of an lddw has opcode 0; so has nothing else valid. */
		if (!prog->insns[li->insn_off].code) {
			kbpf_log_write(log, "line info: record %u: instruction %u is the second half of an lddw\n",
				       i, li->insn_off);
			return -EINVAL;
		}
		err = check_str(log, prog, i, li->file_name_off, "file name");
		if (!err)
			err = check_str(log, prog, i, li->line_off, "line");
		if (err)
			return err;
	}
	return 0;
}

/*
 * PROG_LOAD's line info into @prog, record by record: a record may be
 * longer than the struct kbpf_line_info kbpf knows if the bytes past it
 * are zero. 0 without line info.
 */
int kbpf_linfo_load(struct kbpf_prog *prog, const struct kbpf_prog_load *attr,
		    struct kbpf_log *log)
{
	u64 rec = attr->line_info;
	u32 i;
	int err;

	err = check_attr(attr, log);
	if (err || !attr->line_info_cnt)
		return err;
	err = linfo_alloc(prog, attr);
	if (err)
		return err;
	for (i = 0; i < prog->nr_linfo; i++, rec += attr->line_info_rec_size) {
		err = kbpf_copy_arg_struct(&prog->linfo[i], sizeof(prog->linfo[i]),
					   rec, attr->line_info_rec_size);
		if (err == -E2BIG)
			kbpf_log_write(log, "line info: record %u has non-zero bytes past struct kbpf_line_info\n",
				       i);
		if (err)
			return err;
		if (!(i % 4096) && kbpf_yield_or_killed())
			return -EINTR;
	}
	err = kbpf_copy_arg(prog->linfo_str, attr->line_info_str,
			    prog->linfo_str_size);
	return err ? err : check_records(prog, log);
}

/* The record covering instruction @idx: the last one at or before it. */
const struct kbpf_line_info *kbpf_linfo_find(const struct kbpf_prog *prog,
					     u32 idx)
{
	u32 lo = 0, hi = prog->nr_linfo;

	if (!hi || idx >= prog->len)
		return NULL;
	/* Invariant: linfo[lo].insn_off <= idx < linfo[hi].insn_off. */
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (prog->linfo[mid].insn_off <= idx)
			lo = mid;
		else
			hi = mid;
	}
	return &prog->linfo[lo];
}

/* Source text without its indentation; the file without its directories. */
static const char *linfo_text(const struct kbpf_prog *prog, u32 off)
{
	const char *s = prog->linfo_str + off;

	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static const char *linfo_file(const struct kbpf_prog *prog, u32 off)
{
	const char *s = prog->linfo_str + off, *slash = strrchr(s, '/');

	return slash ? slash + 1 : s;
}

/*
 * Formats @li as the log and dumps print it, Linux's way:
 * "<source text> @ file.c:LINE".
 */
int kbpf_linfo_format(char *buf, size_t size, const struct kbpf_prog *prog,
		      const struct kbpf_line_info *li)
{
	return snprintf(buf, size, "%s @ %s:%u", linfo_text(prog, li->line_off),
			linfo_file(prog, li->file_name_off),
			KBPF_LINE_INFO_LINE(li->line_col));
}

/*
 * Records that differ only in the column (clang writes one per
 * expression) are one line to a reader.
 */
static bool same_line(const struct kbpf_line_info *a, const struct kbpf_line_info *b)
{
	return a && b && a->line_off == b->line_off &&
	       a->file_name_off == b->file_name_off &&
	       KBPF_LINE_INFO_LINE(a->line_col) == KBPF_LINE_INFO_LINE(b->line_col);
}

/*
 * Before the instruction at @idx, the source line it comes from, unless
 * that line was the last one printed on this path or has no text (code
 * the compiler made up, line 0).
 */
void kbpf_log_linfo(struct checker *c, u32 idx)
{
	const struct kbpf_line_info *li;
	char line[200];

	if (!c->log || !c->log->level)
		return;
	li = kbpf_linfo_find(c->prog, idx);
	if (!li || same_line(li, c->last_linfo))
		return;
	c->last_linfo = li;
	if (!*linfo_text(c->prog, li->line_off))
		return;
	kbpf_linfo_format(line, sizeof(line), c->prog, li);
	kbpf_log_write(c->log, "; %s\n", line);
}
