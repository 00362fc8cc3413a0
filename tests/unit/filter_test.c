// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tracepoint filters: format files from Debian's 6.1 kernel
 * (tests/unit/formats, read from tracefs in the stock guest), the
 * parser's verdicts and error columns, and the compiled bytecode run in
 * the interpreter against records, checked two ways: against expected
 * results written by hand, and against a direct evaluation of the parsed
 * filter on thousands of random records and random filters.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "../../tools/kbpf/filter.h"
#include "../../vm/vm.h"
#include "../../verifier/verifier.h"

#define FORMATS		"tests/unit/formats/"
#define RECORD_SIZE	512
#define STR_BUF		KBPF_FILTER_STR_MAX

/* What the helpers a filter calls see in these tests. */
static char test_comm[16];
static u32 test_cpu;
static s32 test_pid;

static u64 h_cpu(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return test_cpu;
}

/* The thread id in the low half, as bpf_get_current_pid_tgid has it. */
static u64 h_pid_tgid(u64 a, u64 b, u64 c, u64 d, u64 e)
{
	return (0x1234ULL << 32) | (u32)test_pid;
}

static u64 h_comm(u64 buf, u64 size, u64 c, u64 d, u64 e)
{
	memset((void *)(uintptr_t)buf, 0, size);
	memcpy((void *)(uintptr_t)buf, test_comm, size < 16 ? size : 16);
	((char *)(uintptr_t)buf)[size - 1] = '\0';
	return 0;
}

/* probe_read_{user,kernel}_str: at most size - 1 bytes and a NUL. */
static u64 h_read_str(u64 dst, u64 size, u64 src, u64 d, u64 e)
{
	const char *s = (const char *)(uintptr_t)src;
	size_t n;

	if (!s) {
		memset((void *)(uintptr_t)dst, 0, size);
		return -EFAULT;
	}
	n = strnlen(s, size - 1);
	memcpy((void *)(uintptr_t)dst, s, n);
	((char *)(uintptr_t)dst)[n] = '\0';
	return n + 1;
}

static kbpf_helper_fn helpers[116];

static struct kbpf_tp_format load_format(const char *event)
{
	struct kbpf_tp_format fmt;
	char path[128], text[8192] = "", err[128] = "", system[64];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), FORMATS "%.*s/%s.format", (int)strcspn(event, ":"),
		 event, strchr(event, ':') + 1);
	snprintf(system, sizeof(system), "%.*s", (int)strcspn(event, ":"), event);
	f = fopen(path, "r");
	n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
	text[n] = '\0';
	if (f)
		fclose(f);
	if (kbpf_tp_format_parse(text, system, &fmt, err, sizeof(err))) {
		printf("# %s: %s\n", path, err);
		memset(&fmt, 0, sizeof(fmt));
	}
	return fmt;
}

/* Compiles @text and runs it on @record: 1, 0, or -1 if it did not build. */
static int run_filter(const char *text, const struct kbpf_tp_format *fmt,
		      const void *record, struct kbpf_filter_node **tree)
{
	static const struct kbpf_verify_opts vopts = {
		.mode = KBPF_VERIFY_STRUCTURE,
		.helpers = helpers,
		.nr_helpers = ARRAY_SIZE(helpers),
	};
	struct kbpf_log log = { 0 };
	struct kbpf_verify_result res;
	struct kbpf_filter_error err;
	struct kbpf_filter_node *root;
	struct kbpf_insn *insns;
	struct kbpf_prog *prog;
	static u64 stack[512 / 8];
	uint32_t cnt;
	int ret = -1;

	root = kbpf_filter_parse(text, fmt, &err);
	if (!root) {
		printf("# '%s': column %d: %s\n", text, err.column, err.msg);
		return -1;
	}
	if (kbpf_filter_compile(root, fmt, &insns, &cnt))
		goto out_tree;
	prog = kbpf_prog_alloc(cnt);
	if (!prog)
		goto out_insns;
	memcpy(prog->insns, insns, cnt * sizeof(*insns));
	if (!kbpf_verify(prog, &vopts, &log, &res))
		ret = kbpf_interp_run_args(prog, (uintptr_t)record, 0, stack,
					   sizeof(stack)) != 0;
	else
		printf("# '%s': compiled program rejected at %u\n", text, res.err_insn);
	kbpf_prog_free(prog);
out_insns:
	free(insns);
out_tree:
	if (tree && ret >= 0)
		*tree = root;
	else
		kbpf_filter_free(root);
	return ret;
}

/* signal_generate's record: sig, errno, code, comm[16], pid, group, result. */
static void signal_record(uint8_t *r, int sig, const char *comm, int pid)
{
	memset(r, 0, RECORD_SIZE);
	memcpy(r + 8, &sig, 4);
	strncpy((char *)r + 20, comm, 16);
	memcpy(r + 36, &pid, 4);
}

static void test_formats(void)
{
	struct kbpf_tp_format sig = load_format("signal:signal_generate");
	struct kbpf_tp_format open = load_format("syscalls:sys_enter_openat");
	struct kbpf_tp_format exec = load_format("sched:sched_process_exec");
	const struct kbpf_tp_field *f;

	f = kbpf_tp_field_find(&sig, "comm");
	UNIT_CHECK(f && f->kind == KBPF_TP_STR_ARRAY && f->offset == 20 && f->size == 16,
		   "filter/format: char comm[16] is a string in the record");
	f = kbpf_tp_field_find(&sig, "sig");
	UNIT_CHECK(f && f->kind == KBPF_TP_NUMBER && f->offset == 8 && f->size == 4 &&
		   f->is_signed, "filter/format: int sig, signed, offset 8");
	UNIT_CHECK(sig.id == 188 && !strcmp(sig.name, "signal_generate") &&
		   !strcmp(sig.system, "signal") && sig.record_size == 48,
		   "filter/format: name, id, record size");
	f = kbpf_tp_field_find(&open, "filename");
	UNIT_CHECK(f && f->kind == KBPF_TP_STR_PTR && f->size == 8,
		   "filter/format: const char * filename is a string pointer");
	f = kbpf_tp_field_find(&open, "dfd");
	UNIT_CHECK(f && f->kind == KBPF_TP_NUMBER && f->size == 8 && !f->is_signed,
		   "filter/format: syscall args are 8-byte unsigned");
	f = kbpf_tp_field_find(&exec, "filename");
	UNIT_CHECK(f && f->kind == KBPF_TP_STR_DATA_LOC && f->size == 4,
		   "filter/format: __data_loc char[] filename");
}

static void expect_error(const struct kbpf_tp_format *fmt, const char *text,
			 int column, const char *words)
{
	struct kbpf_filter_error err;
	struct kbpf_filter_node *n = kbpf_filter_parse(text, fmt, &err);

	UNIT_CHECK(!n && err.column == column && strstr(err.msg, words),
		   "filter/error: '%s' -> column %d '%s' (got %d: %s)", text, column,
		   words, err.column, n ? "accepted" : err.msg);
	kbpf_filter_free(n);
}

static void test_errors(void)
{
	struct kbpf_tp_format sig = load_format("signal:signal_generate");
	struct kbpf_tp_format open = load_format("syscalls:sys_enter_openat");

	expect_error(&sig, "sgi == 1", 0, "has no field 'sgi'");
	expect_error(&sig, "sig == 1 && code = 2", 17, "expected an operator");
	expect_error(&sig, "(sig == 1", 0, "never closed");
	expect_error(&sig, "sig == 1)", 8, "without a matching '('");
	expect_error(&sig, "comm < \"bash\"", 5, "is a string");
	expect_error(&sig, "sig ~ 3", 4, "is a number");
	expect_error(&sig, "comm ~ \"ba*sh\"", 7, "globs");
	expect_error(&sig, "comm ~ \"b?sh\"", 7, "globs");
	expect_error(&sig, "sig == 12abc", 7, "expected a number");
	expect_error(&sig, "sig == 1 sig == 2", 9, "expected && or ||");
	expect_error(&sig, "comm == \"bash", 8, "closing \"");
	expect_error(&sig, "comm == \"this name is far too long\"", 8, "at most 16 bytes");
	expect_error(&open, "dfd == -1", 7, "unsigned");
	expect_error(&sig, "", 0, "end of the filter");
	expect_error(&sig, "sig ==", 6, "expected a number");
	expect_error(&sig, "sig == 1 || common_flags & 1", 12, "common header");
}

struct fixed_case {
	const char *filter;
	int sig;
	const char *comm;
	int expect;
};

/* The kernel documentation's own example, and each operator by hand. */
static const struct fixed_case fixed[] = {
	{ "((sig >= 10 && sig < 15) || sig == 17) && comm != \"bash\"", 12, "sh", 1 },
	{ "((sig >= 10 && sig < 15) || sig == 17) && comm != \"bash\"", 12, "bash", 0 },
	{ "((sig >= 10 && sig < 15) || sig == 17) && comm != \"bash\"", 17, "sh", 1 },
	{ "((sig >= 10 && sig < 15) || sig == 17) && comm != \"bash\"", 15, "sh", 0 },
	{ "sig == -1", -1, "x", 1 },
	{ "sig < 0", -5, "x", 1 },
	{ "sig > 0", -5, "x", 0 },
	{ "sig & 0x4", 6, "x", 1 },
	{ "sig & 0x8", 6, "x", 0 },
	{ "sig == 010", 8, "x", 1 },
	{ "!(sig == 3)", 3, "x", 0 },
	{ "!sig == 3", 3, "x", 0 },
	{ "comm == bash", 0, "bash", 1 },
	{ "comm == 'bash'", 0, "bashful", 0 },
	{ "comm ~ \"bash*\"", 0, "bashful", 1 },
	{ "comm ~ \"*ful\"", 0, "bashful", 1 },
	{ "comm ~ \"*sh\"", 0, "bashful", 0 },
	{ "comm ~ \"*shf*\"", 0, "bashful", 1 },
	{ "comm ~ \"*x*\"", 0, "bashful", 0 },
	{ "comm ~ \"*\"", 0, "", 1 },
	{ "comm == \"\"", 0, "", 1 },
	{ "comm ~ \"kworker/*\"", 0, "kworker/0:1H", 1 },
	{ "comm == \"0123456789abcdef\"", 0, "0123456789abcdef", 1 },
	{ "comm ~ \"*cdef\"", 0, "0123456789abcdef", 1 },
	{ "pid == 77 || sig == 1", 2, "x", 0 },
};

static void test_fixed(void)
{
	struct kbpf_tp_format sig = load_format("signal:signal_generate");
	uint8_t rec[RECORD_SIZE];
	size_t i;
	int got;

	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		signal_record(rec, fixed[i].sig, fixed[i].comm, 5);
		got = run_filter(fixed[i].filter, &sig, rec, NULL);
		UNIT_CHECK(got == fixed[i].expect, "filter/run: %s with sig=%d comm=%s is %d",
			   fixed[i].filter, fixed[i].sig, fixed[i].comm, fixed[i].expect);
	}
}

/* Strings behind pointers, in __data_loc, and the current task's comm. */
static void test_indirect_strings(void)
{
	struct kbpf_tp_format open = load_format("syscalls:sys_enter_openat");
	struct kbpf_tp_format exec = load_format("sched:sched_process_exec");
	struct kbpf_tp_format sig = load_format("signal:signal_generate");
	uint8_t rec[RECORD_SIZE] = { 0 };
	const char *path = "/etc/passwd";
	uint32_t loc = (12u << 16) | 64;

	memcpy(rec + 24, &path, sizeof(path));
	UNIT_CHECK(run_filter("filename ~ \"/etc/*\"", &open, rec, NULL) == 1,
		   "filter/run: char * argument read from user memory, prefix glob");
	UNIT_CHECK(run_filter("filename == \"/etc/shadow\"", &open, rec, NULL) == 0,
		   "filter/run: char * argument, whole-string mismatch");
	memset(rec, 0, sizeof(rec));
	memcpy(rec + 8, &loc, sizeof(loc));
	strcpy((char *)rec + 64, "/bin/true");
	UNIT_CHECK(run_filter("filename ~ \"*/true\"", &exec, rec, NULL) == 1,
		   "filter/run: __data_loc string, suffix glob");
	UNIT_CHECK(run_filter("filename ~ \"*/false\"", &exec, rec, NULL) == 0,
		   "filter/run: __data_loc string, suffix mismatch");
	snprintf(test_comm, sizeof(test_comm), "kworker/1:2");
	test_cpu = 3;
	UNIT_CHECK(run_filter("comm ~ \"kworker*\" && cpu == 3", &exec, rec, NULL) == 1,
		   "filter/run: comm and cpu of an event without such fields");
	UNIT_CHECK(run_filter("comm ~ \"kworker*\" && cpu != 3", &exec, rec, NULL) == 0,
		   "filter/run: cpu compared");
	signal_record(rec, 1, "target", 1);
	UNIT_CHECK(run_filter("comm == \"target\"", &sig, rec, NULL) == 1,
		   "filter/run: an event's own comm field wins over the task's");
}

static uint64_t rng = 88172645463325252ULL;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static const char *const words[] = {
	"bash", "bas", "ash", "sh", "", "kworker/0:1", "0123456789abcde", "a",
	"/etc/passwd", "/etc", "etc", "passwd", "\xe9t\xe9",
};

static const int64_t numbers[] = {
	0, 1, -1, 2, 7, 10, 255, 256, 65535, -32768, 0x7fffffff, -2147483647 - 1,
	0x80000000LL, 0xffffffffLL, 0x100000000LL, INT64_MIN, INT64_MAX,
};

/* The reference: the parsed filter evaluated directly, in C. */
static bool ref_string(const struct kbpf_filter_node *n, const uint8_t *rec,
		       char *buf)
{
	const struct kbpf_tp_field *f = n->field;
	const char *src;
	uint32_t loc;

	memset(buf, 0, STR_BUF + 1);
	if (n->src == KBPF_FSRC_COMM) {
		memcpy(buf, test_comm, 15);
	} else if (f->kind == KBPF_TP_STR_ARRAY) {
		memcpy(buf, rec + f->offset, f->size);
	} else if (f->kind == KBPF_TP_STR_DATA_LOC) {
		memcpy(&loc, rec + f->offset, 4);
		strncpy(buf, (const char *)rec + (loc & 0xffff), STR_BUF - 1);
	} else {
		memcpy(&src, rec + f->offset, sizeof(src));
		if (src)
			strncpy(buf, src, STR_BUF - 1);
	}
	return true;
}

static bool ref_pred(const struct kbpf_filter_node *n, const uint8_t *rec)
{
	char s[STR_BUF + 1];
	uint64_t v = 0;
	size_t len, plen = n->str_len;
	bool match;

	if (n->is_string) {
		ref_string(n, rec, s);
		len = strlen(s);
		switch (n->op == KBPF_FOP_GLOB ? n->glob : KBPF_GLOB_FULL) {
		case KBPF_GLOB_FULL:
			match = len == plen && !memcmp(s, n->str, plen);
			break;
		case KBPF_GLOB_FRONT:
			match = len >= plen && !memcmp(s, n->str, plen);
			break;
		case KBPF_GLOB_END:
			match = len >= plen && !memcmp(s + len - plen, n->str, plen);
			break;
		default:
			match = memmem(s, len, n->str, plen) != NULL;
			break;
		}
		return n->op == KBPF_FOP_NE ? !match : match;
	}
	if (n->src == KBPF_FSRC_CPU) {
		v = test_cpu;
	} else if (n->src == KBPF_FSRC_PID) {
		v = (u64)(s64)test_pid;
	} else {
		memcpy(&v, rec + n->field->offset, n->field->size);
		if (n->field->is_signed && n->field->size < 8) {
			int shift = 64 - 8 * n->field->size;

			v = (uint64_t)((int64_t)(v << shift) >> shift);
		}
	}
	if (n->field && n->field->is_signed) {
		int64_t a = v, b = n->num;

		switch (n->op) {
		case KBPF_FOP_EQ: return a == b;
		case KBPF_FOP_NE: return a != b;
		case KBPF_FOP_LT: return a < b;
		case KBPF_FOP_LE: return a <= b;
		case KBPF_FOP_GT: return a > b;
		case KBPF_FOP_GE: return a >= b;
		default: return (v & n->num) != 0;
		}
	}
	switch (n->op) {
	case KBPF_FOP_EQ: return v == n->num;
	case KBPF_FOP_NE: return v != n->num;
	case KBPF_FOP_LT: return v < n->num;
	case KBPF_FOP_LE: return v <= n->num;
	case KBPF_FOP_GT: return v > n->num;
	case KBPF_FOP_GE: return v >= n->num;
	default: return (v & n->num) != 0;
	}
}

static bool ref_eval(const struct kbpf_filter_node *n, const uint8_t *rec)
{
	switch (n->kind) {
	case KBPF_FN_OR: return ref_eval(n->left, rec) || ref_eval(n->right, rec);
	case KBPF_FN_AND: return ref_eval(n->left, rec) && ref_eval(n->right, rec);
	case KBPF_FN_NOT: return !ref_eval(n->left, rec);
	default: return ref_pred(n, rec);
	}
}

static const char *const num_ops[] = { "==", "!=", "<", "<=", ">", ">=", "&" };

static void random_pred(const struct kbpf_tp_format *fmt, char *out, size_t size)
{
	const struct kbpf_tp_field *f;
	const char *name, *w = words[rnd(ARRAY_SIZE(words))];
	int64_t num = numbers[rnd(ARRAY_SIZE(numbers))];
	bool string, is_signed;
	uint32_t k = rnd(fmt->nr_fields + 2);

	if (k == fmt->nr_fields) {
		name = "comm";
		string = !kbpf_tp_field_find(fmt, "comm") ||
			 kbpf_tp_field_find(fmt, "comm")->kind != KBPF_TP_NUMBER;
		is_signed = false;
	} else if (k == fmt->nr_fields + 1) {
		name = "cpu";
		string = false;
		is_signed = false;
	} else {
		f = &fmt->fields[k];
		if (f->offset < 8)	/* of the common fields, only common_pid */
			f = kbpf_tp_field_find(fmt, "common_pid");
		if (f->kind == KBPF_TP_OTHER || (f->kind == KBPF_TP_STR_ARRAY && f->size < 16)) {
			snprintf(out, size, "common_pid >= 0");
			return;
		}
		name = f->name;
		string = f->kind != KBPF_TP_NUMBER;
		is_signed = f->is_signed;
	}
	if (!string) {
		if (!is_signed && num < 0)
			num = num == INT64_MIN ? INT64_MAX : -num;
		if (num < 0)
			snprintf(out, size, "%s %s %lld", name, num_ops[rnd(7)], (long long)num);
		else
			snprintf(out, size, rnd(2) ? "%s %s %llu" : "%s %s 0x%llx", name,
				 num_ops[rnd(7)], (unsigned long long)num);
		return;
	}
	switch (rnd(6)) {
	case 0: snprintf(out, size, "%s == \"%s\"", name, w); break;
	case 1: snprintf(out, size, "%s != \"%s\"", name, w); break;
	case 2: snprintf(out, size, "%s ~ \"%s*\"", name, w); break;
	case 3: snprintf(out, size, "%s ~ \"*%s\"", name, w); break;
	case 4: snprintf(out, size, "%s ~ \"*%s*\"", name, w); break;
	default: snprintf(out, size, "%s ~ \"%s\"", name, w); break;
	}
}

static void random_expr(const struct kbpf_tp_format *fmt, char *out, size_t size,
			int depth)
{
	char a[1024], b[1024];

	if (depth >= 3 || rnd(3) == 0) {
		random_pred(fmt, out, size);
		return;
	}
	random_expr(fmt, a, sizeof(a), depth + 1);
	random_expr(fmt, b, sizeof(b), depth + 1);
	switch (rnd(3)) {
	case 0: snprintf(out, size, "(%s) && (%s)", a, b); break;
	case 1: snprintf(out, size, "%s || %s", a, b); break;
	default: snprintf(out, size, "!(%s)", a); break;
	}
}

/* Fills @rec with values from the same pools the filters draw from. */
static void random_record(const struct kbpf_tp_format *fmt, uint8_t *rec,
			  const char **strings)
{
	uint32_t i, loc, at = fmt->record_size;

	memset(rec, 0, RECORD_SIZE);
	for (i = 0; i < fmt->nr_fields; i++) {
		const struct kbpf_tp_field *f = &fmt->fields[i];
		const char *w = words[rnd(ARRAY_SIZE(words))];
		int64_t num = (int64_t)((uint64_t)numbers[rnd(ARRAY_SIZE(numbers))] + rnd(3) - 1);

		switch (f->kind) {
		case KBPF_TP_NUMBER:
			memcpy(rec + f->offset, &num, f->size);
			break;
		case KBPF_TP_STR_ARRAY:
			strncpy((char *)rec + f->offset, w, f->size);
			break;
		case KBPF_TP_STR_DATA_LOC:
			loc = ((uint32_t)(strlen(w) + 1) << 16) | at;
			memcpy(rec + f->offset, &loc, 4);
			strcpy((char *)rec + at, w);
			at += strlen(w) + 1;
			break;
		case KBPF_TP_STR_PTR:
			*strings = rnd(8) ? w : NULL;
			memcpy(rec + f->offset, strings, sizeof(*strings));
			strings++;
			break;
		default:
			break;
		}
	}
	snprintf(test_comm, sizeof(test_comm), "%s", words[rnd(ARRAY_SIZE(words))]);
	test_cpu = rnd(4);
	test_pid = rnd(3) ? (s32)rnd(70000) : -1 - (s32)rnd(5);
}

static void test_random(const char *event, int rounds)
{
	struct kbpf_tp_format fmt = load_format(event);
	struct kbpf_filter_node *tree;
	const char *strings[KBPF_TP_MAX_FIELDS];
	uint8_t rec[RECORD_SIZE];
	char text[4096];
	int i, j, got, bad = 0, built = 0, matched = 0;

	for (i = 0; i < rounds && bad < 5; i++) {
		random_expr(&fmt, text, sizeof(text), 0);
		for (j = 0; j < 8 && bad < 5; j++) {
			random_record(&fmt, rec, strings);
			tree = NULL;
			got = run_filter(text, &fmt, rec, &tree);
			if (got < 0) {
				bad++;
				break;
			}
			built++;
			matched += got;
			if (got != ref_eval(tree, rec)) {
				bad++;
				printf("# %s: '%s' gave %d, the reference %d\n", event, text,
				       got, !got);
			}
			kbpf_filter_free(tree);
		}
	}
	UNIT_CHECK(!bad && matched && matched < built,
		   "filter/random: %s: %d runs agree with the reference (%d matched)",
		   event, built, matched);
}

int main(void)
{
	helpers[8] = h_cpu;
	helpers[14] = h_pid_tgid;
	helpers[16] = h_comm;
	helpers[114] = h_read_str;
	helpers[115] = h_read_str;
	test_formats();
	test_errors();
	test_fixed();
	test_indirect_strings();
	test_random("signal:signal_generate", 500);
	test_random("sched:sched_switch", 500);
	test_random("sched:sched_process_exec", 500);
	test_random("syscalls:sys_enter_openat", 500);
	test_random("net:netif_receive_skb", 500);
	return unit_failed;
}
