// SPDX-License-Identifier: GPL-2.0-only
/*
 * Line info of PROG_LOAD on the host, through the code the module runs:
 * hostile records and strings refused with their errno and a log line,
 * good ones found by instruction, and the verifier's log printing each
 * source line before the instructions it covers, once per path.
 */
#include <errno.h>
#include <string.h>
#include "unit.h"
#include "../verifier/verifier_cases.h"

/* "\0" first, so offset 0 is the empty string. */
static const char strs[] = "\0/src/dir/prog.c\0\tint x = 0;\0    return x;\0other.c\0"
			   "long v = 5;";
#define S_FILE	1
#define S_X	17
#define S_RET	29
#define S_OTHER	43
#define S_V	51

/* r0 = 0; r1 = 5 (lddw); exit: records at 0, 1 and 3. */
static const struct kbpf_insn insns[] = {
	MOV64_IMM(0, 0), LD_IMM64(1, 5), EXIT(),
};

#define NR_INSNS	ARRAY_SIZE(insns)

struct rec20 {
	struct kbpf_line_info li;
	u32 extra;
};

static struct kbpf_line_info recs[3];

static void reset_recs(void)
{
	recs[0] = (struct kbpf_line_info){ 0, S_FILE, S_X, 7 << 10 | 2 };
	recs[1] = (struct kbpf_line_info){ 1, S_OTHER, S_V, 9 << 10 };
	recs[2] = (struct kbpf_line_info){ 3, S_FILE, S_RET, 8 << 10 | 5 };
}

static struct kbpf_prog_load good_attr(void)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a), .insn_cnt = NR_INSNS,
		.line_info = (uintptr_t)recs, .line_info_cnt = ARRAY_SIZE(recs),
		.line_info_rec_size = sizeof(recs[0]),
		.line_info_str = (uintptr_t)strs, .line_info_str_size = sizeof(strs),
	};

	reset_recs();
	return a;
}

static struct kbpf_prog *new_prog(void)
{
	struct kbpf_prog *prog = kbpf_prog_alloc(NR_INSNS);

	memcpy(prog->insns, insns, sizeof(insns));
	prog->type = KBPF_PROG_TYPE_SOCKET_FILTER;
	prog->gpl_compatible = true;
	return prog;
}

/* Loads @a's line info into a fresh program: the errno, the log in @buf. */
static int load(const struct kbpf_prog_load *a, char *buf, size_t size)
{
	struct kbpf_log log = { .buf = buf, .size = size, .level = 1 };
	struct kbpf_prog *prog = new_prog();
	int err;

	buf[0] = '\0';
	err = kbpf_linfo_load(prog, a, &log);
	kbpf_log_finish(&log);
	kbpf_prog_free(prog);
	return err;
}

static void expect(const char *name, const struct kbpf_prog_load *a, int want,
		   const char *words)
{
	char buf[512];
	int err = load(a, buf, sizeof(buf));

	UNIT_CHECK(err == want && (!words || strstr(buf, words)),
		   "linfo/refuse/%s: %d '%s' (got %d: %s)", name, want,
		   words ? words : "", err, buf);
}

static void test_refused(void)
{
	struct kbpf_prog_load a;
	struct rec20 wide[3];
	static const char unterminated[] = "a.c";
	u32 i;

	a = good_attr();
	a.line_info_cnt = 0;
	expect("pointer_without_count", &a, -EINVAL, "go together");
	a = good_attr();
	a.line_info = 0;
	expect("count_without_pointer", &a, -EINVAL, "go together");
	a = good_attr();
	a.line_info_str = 0;
	expect("no_strings", &a, -EINVAL, "need line_info_str");
	a = good_attr();
	a.line_info_str_size = 0;
	expect("no_string_size", &a, -EINVAL, "need line_info_str");
	a = good_attr();
	a.line_info_rec_size = 12;
	expect("record_too_small", &a, -EINVAL, "record size 12");
	a.line_info_rec_size = 18;
	expect("record_unaligned", &a, -EINVAL, "record size 18");
	a.line_info_rec_size = 260;
	expect("record_too_big", &a, -EINVAL, "record size 260");
	a.line_info_rec_size = 0;
	expect("record_size_zero", &a, -EINVAL, "record size 0");
	a = good_attr();
	a.line_info_cnt = NR_INSNS + 1;
	expect("more_records_than_insns", &a, -EINVAL, "5 records for 4 instructions");
	a = good_attr();
	a.line_info_str_size = KBPF_LINE_INFO_STR_MAX + 1;
	expect("strings_too_big", &a, -E2BIG, "string bytes, more than");

	a = good_attr();
	recs[0].insn_off = 1;
	recs[1].insn_off = 2;
	expect("first_not_at_0", &a, -EINVAL, "first record is not at instruction 0");
	a = good_attr();
	recs[2].insn_off = 1;
	expect("not_increasing", &a, -EINVAL, "record 2: instruction 1 is not after record 1's 1");
	a = good_attr();
	recs[2].insn_off = 0;
	expect("decreasing", &a, -EINVAL, "record 2: instruction 0 is not after");
	a = good_attr();
	recs[2].insn_off = NR_INSNS;
	expect("past_the_end", &a, -EINVAL, "instruction 4 is past the program's 4");
	a = good_attr();
	recs[2].insn_off = ~0U;
	expect("huge_insn_off", &a, -EINVAL, "is past the program's");
	a = good_attr();
	recs[2].insn_off = 2;
	expect("lddw_tail", &a, -EINVAL, "instruction 2 is the second half of an lddw");
	a = good_attr();
	recs[1].file_name_off = sizeof(strs);
	expect("file_off_out", &a, -EINVAL, "record 1: file name offset 63 is outside the 63");
	a = good_attr();
	recs[2].line_off = ~0U;
	expect("line_off_out", &a, -EINVAL, "record 2: line offset 4294967295");
	a = good_attr();
	a.line_info_str = (uintptr_t)unterminated;
	a.line_info_str_size = 3;
	expect("strings_unterminated", &a, -EINVAL, "do not end with a NUL");

	/* Longer records: the bytes kbpf does not know must be zero. */
	a = good_attr();
	for (i = 0; i < 3; i++)
		wide[i] = (struct rec20){ recs[i], 0 };
	a.line_info = (uintptr_t)wide;
	a.line_info_rec_size = sizeof(wide[0]);
	expect("wide_records_zero_tail", &a, 0, NULL);
	wide[1].extra = 1;
	expect("wide_record_tail", &a, -E2BIG, "record 1 has non-zero bytes");

	a = good_attr();
	expect("good", &a, 0, NULL);
	a = good_attr();
	a.reserved2 = 1;
	UNIT_CHECK(kbpf_prog_load_check(&a) == -EINVAL, "linfo/refuse/reserved2");
	memset(&a, 0, sizeof(a));
	expect("none", &a, 0, NULL);
}

static void test_find(void)
{
	struct kbpf_prog_load a = good_attr();
	struct kbpf_prog *prog = new_prog();
	char buf[256], line[128];
	struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
	const struct kbpf_line_info *li;
	bool ok;

	ok = !kbpf_linfo_load(prog, &a, &log) && prog->nr_linfo == 3;
	ok = ok && kbpf_linfo_find(prog, 0) == &prog->linfo[0] &&
	     kbpf_linfo_find(prog, 1) == &prog->linfo[1] &&
	     kbpf_linfo_find(prog, 2) == &prog->linfo[1] &&
	     kbpf_linfo_find(prog, 3) == &prog->linfo[2] && !kbpf_linfo_find(prog, 4);
	UNIT_CHECK(ok, "linfo/find: each instruction maps to the last record at or before it");
	li = ok ? kbpf_linfo_find(prog, 0) : NULL;
	if (li)
		kbpf_linfo_format(line, sizeof(line), prog, li);
	UNIT_CHECK(li && !strcmp(line, "int x = 0; @ prog.c:7"),
		   "linfo/format: text without indentation, file without directories (%s)",
		   li ? line : "");
	kbpf_prog_free(prog);
}

/* Verifies @code with line info @lrecs at @level: the errno; the log in @buf. */
static int verify(const struct kbpf_insn *code, u32 len,
		  const struct kbpf_line_info *lrecs, u32 nr, u32 level,
		  char *buf, u32 size, u64 *true_len)
{
	struct kbpf_prog_load a = {
		.insn_cnt = len, .line_info = (uintptr_t)lrecs, .line_info_cnt = nr,
		.line_info_rec_size = sizeof(*lrecs),
		.line_info_str = (uintptr_t)strs, .line_info_str_size = sizeof(strs),
	};
	struct kbpf_log log = { .buf = buf, .size = size, .level = level };
	struct kbpf_verify_result res;
	struct kbpf_prog *prog = kbpf_prog_alloc(len);
	int err;

	memcpy(prog->insns, code, len * sizeof(*code));
	prog->type = KBPF_PROG_TYPE_SOCKET_FILTER;
	prog->gpl_compatible = true;
	if (!nr)
		memset(&a.line_info, 0, sizeof(a) - offsetof(struct kbpf_prog_load, line_info));
	err = kbpf_linfo_load(prog, &a, &log);
	if (!err)
		err = kbpf_verify(prog, &vtest_opts, &log, &res);
	kbpf_log_finish(&log);
	if (true_len)
		*true_len = log.true_len;
	kbpf_prog_free(prog);
	return err;
}

static unsigned int count(const char *hay, const char *needle)
{
	unsigned int n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

static void test_log(void)
{
	/* r0 = 0; if r1 (ctx) ... : the second path reads r2, never written. */
	static const struct kbpf_insn bad[] = {
		MOV64_IMM(0, 0),
		LDX(W, 3, 1, 0),
		JMP_IMM(JEQ, 3, 0, 1),
		EXIT(),
		MOV64_REG(0, 2),
		EXIT(),
	};
	static const struct kbpf_line_info lines[] = {
		{ 0, S_FILE, S_X, 7 << 10 },
		{ 1, S_OTHER, S_V, 9 << 10 },
		{ 4, S_FILE, S_RET, 8 << 10 },
	};
	static char buf[8192], small[128];
	const char *x, *v, *ret, *from;
	u64 true_len, small_len;
	int err;

	err = verify(bad, ARRAY_SIZE(bad), lines, ARRAY_SIZE(lines), 1, buf,
		     sizeof(buf), NULL);
	x = strstr(buf, "; int x = 0; @ prog.c:7\n0: ");
	v = strstr(buf, "; long v = 5; @ other.c:9\n1: ");
	from = strstr(buf, "from 4:\n");
	ret = from ? strstr(from, "; return x; @ prog.c:8\n4: ") : NULL;
	UNIT_CHECK(err == -EACCES && x && v && x < v && ret,
		   "linfo/log1: each source line before its first instruction, again after 'from' (%s)",
		   buf);
	UNIT_CHECK(count(buf, "; long v = 5;") == 1,
		   "linfo/log1: a line covering several instructions is printed once per path");
	UNIT_CHECK(!strstr(buf, "; return x;\n") && count(buf, "; return x;") == 1,
		   "linfo/log1: the rejected instruction's line is not repeated before the reason");

	err = verify(bad, ARRAY_SIZE(bad), lines, ARRAY_SIZE(lines), 2, buf,
		     sizeof(buf), NULL);
	UNIT_CHECK(err == -EACCES && count(buf, "; int x = 0; @ prog.c:7\n0: ") >= 2 &&
		   strstr(buf, "; return x; @ prog.c:8\n4: "),
		   "linfo/log2: source lines in the structure pass and on every path");

	/* The structure pass rejects at level 1 too: the line of the culprit. */
	{
		static const struct kbpf_insn bad_op[] = {
			MOV64_IMM(0, 0), INSN(0xff, 0, 0, 0, 0), EXIT(),
		};
		static const struct kbpf_line_info l2[] = {
			{ 0, S_FILE, S_X, 7 << 10 }, { 1, S_FILE, S_RET, 8 << 10 },
		};

		err = verify(bad_op, ARRAY_SIZE(bad_op), l2, 2, 1, buf, sizeof(buf), NULL);
		UNIT_CHECK(err == -EINVAL && strstr(buf, "; return x; @ prog.c:8\n1: ") &&
			   !strstr(buf, "int x"),
			   "linfo/log1: a structural rejection names its own line only (%s)", buf);
	}

	/*
	 * The ring keeps the end, source line included; a wrapped ring keeps
	 * the safe path too (kbpf_log_reset), so only the tails are alike.
	 */
	err = verify(bad, ARRAY_SIZE(bad), lines, ARRAY_SIZE(lines), 1, small,
		     sizeof(small), &small_len);
	verify(bad, ARRAY_SIZE(bad), lines, ARRAY_SIZE(lines), 1, buf, sizeof(buf),
	       &true_len);
	UNIT_CHECK(err == -EACCES && small_len > true_len && strlen(small) == sizeof(small) - 1 &&
		   strstr(small, "; return x; @ prog.c:8\n4: ") &&
		   !strcmp(small + sizeof(small) - 101, buf + strlen(buf) - 100),
		   "linfo/log1: a short log keeps the end, its source line included (%s)", small);

	/* No line info: the log has no source lines at all. */
	err = verify(bad, ARRAY_SIZE(bad), NULL, 0, 2, buf, sizeof(buf), NULL);
	UNIT_CHECK(err == -EACCES && !strstr(buf, "\n;") && buf[0] != ';',
		   "linfo/log2: no line info, no source lines");
}

int main(void)
{
	test_refused();
	test_find();
	test_log();
	return unit_failed;
}
