// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every rejection message of the verifier has a catalogue entry and a
 * test. The formats are read from the sources (the verifier's .c files: the format
 * of each kbpf_reject() call, and each reason ctx.c's bad() gives), the
 * catalogue from Documentation/verifier.md ("## Catalogue": one row per
 * format, the format in backticks, its errno, the corpus cases that
 * produce it, or "defensive: WHY" for a message no program can reach).
 * Every case of the corpus (tests/verifier/) that is refused is verified
 * and its rejection line matched against the formats. A format passes
 * when it is in the catalogue with the errno the code gives, and either
 * a case's rejection line comes from it and the case's expected fragment
 * fits it, every case its row names among them, or it is listed as
 * defensive and no case produces it.
 */
#include <ctype.h>
#include <errno.h>
#include "unit.h"
#include "../verifier/verifier_cases.h"

#define MAX_FORMATS	256
#define MAX_ROWS	256

struct format {
	char *text;		/* as in the source, escapes decoded, %% kept */
	char where[64];		/* file:line of the first site */
	int err;		/* the errno at the sites, 0 if not a constant */
	bool mixed_err;		/* sites give different errnos */
	bool generic;		/* a wrapper's own format, its reasons apart */
	bool linfo;		/* line info (verifier/linfo.c), tested apart */
	int row;		/* catalogue row, or -1 */
	u32 produced;		/* corpus cases whose line comes from it */
	const char *fits;	/* a producing case whose fragment fits */
};

struct row {
	char *text;
	char *err;
	char *cases;
	bool defensive;
	int line;
};

static struct format formats[MAX_FORMATS];
static u32 nr_formats;
static struct row rows[MAX_ROWS];
static u32 nr_rows;

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, n + 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static const struct { const char *name; int err; } errnos[] = {
	{ "EINVAL", EINVAL }, { "EACCES", EACCES }, { "E2BIG", E2BIG },
	{ "EOPNOTSUPP", EOPNOTSUPP }, { "ENOMEM", ENOMEM },
	{ "EINTR", EINTR }, { "EFAULT", EFAULT }, { "ENOSPC", ENOSPC },
};

static int errno_of(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (strlen(errnos[i].name) == len && !strncmp(errnos[i].name, name, len))
			return errnos[i].err;
	return 0;
}

static const char *errno_name(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].err == err)
			return errnos[i].name;
	return "?";
}

/* Past a string or character literal starting at @p. */
static const char *skip_literal(const char *p)
{
	char q = *p++;

	while (*p && *p != q) {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	return *p ? p + 1 : p;
}

/* Past a comment at @p, or @p if there is none. */
static const char *skip_comment(const char *p)
{
	if (p[0] == '/' && p[1] == '*') {
		const char *e = strstr(p + 2, "*/");

		return e ? e + 2 : p + strlen(p);
	}
	if (p[0] == '/' && p[1] == '/') {
		const char *e = strchr(p, '\n');

		return e ? e : p + strlen(p);
	}
	return p;
}

/* Past a comment or a string or character literal at @p, or @p. */
static const char *skip_noncode(const char *p)
{
	if (*p == '"' || *p == '\'')
		return skip_literal(p);
	return skip_comment(p);
}

/*
 * The arguments of the call whose '(' is at @p: their start and end, at
 * most @max; returns how many, or -1 if the call does not end.
 */
static int split_args(const char *p, const char **start, const char **end,
		      int max)
{
	int depth = 0, n = 0;

	start[0] = ++p;
	while (*p) {
		const char *q = skip_noncode(p);

		if (q != p) {
			p = q;
			continue;
		}
		if (*p == '(' || *p == '[' || *p == '{') {
			depth++;
		} else if ((*p == ')' || *p == ']' || *p == '}') && depth) {
			depth--;
		} else if (*p == ')' || (*p == ',' && !depth)) {
			if (n < max)
				end[n] = p;
			n++;
			if (*p == ')')
				return n;
			if (n < max)
				start[n] = p + 1;
		}
		p++;
	}
	return -1;
}

/*
 * The concatenated string literals that make up the argument
 * [@s, @e), escapes decoded; NULL if it is anything else.
 */
static char *literal_arg(const char *s, const char *e)
{
	char *out = calloc(1, e - s + 1), *o = out;

	while (s < e) {
		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (*s != '"') {
			free(out);
			return NULL;
		}
		for (s++; s < e && *s != '"'; s++) {
			if (*s == '\\') {
				s++;
				*o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
			} else {
				*o++ = *s;
			}
		}
		s++;
	}
	*o = '\0';
	return out;
}

static int line_of(const char *src, const char *p)
{
	int n = 1;

	for (; src < p; src++)
		n += *src == '\n';
	return n;
}

static void add_format(char *text, const char *file, int line, int err,
		       bool generic)
{
	size_t len = strlen(text);

	if (len && text[len - 1] == '\n')
		text[--len] = '\0';		/* a log line of its own */
	struct format *f;
	u32 i;

	for (i = 0; i < nr_formats; i++) {
		if (strcmp(formats[i].text, text))
			continue;
		if (formats[i].err != err)
			formats[i].mixed_err = true;
		free(text);
		return;
	}
	if (nr_formats == MAX_FORMATS) {
		UNIT_CHECK(0, "messages/too_many_formats");
		return;
	}
	f = &formats[nr_formats++];
	f->text = text;
	f->linfo = !strcmp(file, "verifier/linfo.c");
	f->err = err;
	f->generic = generic;
	f->row = -1;
	snprintf(f->where, sizeof(f->where), "%s:%d", file, line);
}

/*
 * A function that takes a message and hands it to kbpf_reject() inside
 * a format of its own: its reasons are messages; its own format is not.
 */
static const struct wrapper {
	const char *file;
	const char *func;
	int arg;		/* the reason's argument */
	int err_arg;		/* the errno's argument, or -1 */
	const char *prefix;	/* what precedes the reason */
	int errno_val;		/* when the wrapper fixes the errno */
	const char *only;	/* only literals starting so are messages */
} wrappers[] = {
	{ "verifier/ctx.c", "bad", 5, -1, "invalid context %s: offset %d size %u; ", EACCES },
	/* Line info's errors: linfo_fail() and lines of their own. */
	{ "verifier/linfo.c", "linfo_fail", 2, 1, "line info: ", 0 },
	{ "verifier/linfo.c", "kbpf_log_write", 1, -1, "", 0, "line info: " },
};

static bool is_ident(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* The calls of @func in @src: the literal at @arg, the errno at @err_arg. */
static void scan_calls(const char *file, const char *src, const char *func,
		       int arg, int err_arg, const char *prefix, int fixed_err,
		       const char *only)
{
	size_t flen = strlen(func);
	const char *p = src;

	while (*p) {
		const char *q = skip_noncode(p), *start[8], *end[8], *e;
		char *lit, *text;
		int n, err = fixed_err;

		if (q != p) {
			p = q;
			continue;
		}
		if (strncmp(p, func, flen) || (p > src && is_ident(p[-1])) ||
		    is_ident(p[flen])) {
			p++;
			continue;
		}
		for (e = p + flen; isspace((unsigned char)*e); e++)
			;
		if (*e != '(') {
			p++;
			continue;
		}
		n = split_args(e, start, end, 8);
		p = e + 1;
		if (n <= arg)
			continue;
		/* The definition: its parameters are declarations. */
		for (q = start[0]; isspace((unsigned char)*q); q++)
			;
		if (!strncmp(q, "struct ", 7))
			continue;
		lit = literal_arg(start[arg], end[arg]);
		if (!lit) {
			UNIT_CHECK(0, "messages/source/%s:%d: the message of %s() is a literal",
				   file, line_of(src, p), func);
			continue;
		}
		if (only && strncmp(lit, only, strlen(only))) {
			free(lit);
			continue;
		}
		if (err_arg >= 0) {
			for (q = start[err_arg]; isspace((unsigned char)*q) || *q == '-'; q++)
				;
			err = errno_of(q, end[err_arg] - q);
		}
		text = malloc(strlen(prefix) + strlen(lit) + 1);
		strcpy(text, prefix);
		strcat(text, lit);
		free(lit);
		add_format(text, file, line_of(src, p), err, false);
	}
}

static void read_formats(void)
{
	static const char * const files[] = {
		"verifier/bounds.c", "verifier/calls.c", "verifier/check.c",
		"verifier/ctx.c", "verifier/explore.c", "verifier/fixup.c",
		"verifier/linfo.c", "verifier/liveness.c", "verifier/log.c",
		"verifier/mem.c", "verifier/state.c", "verifier/tnum.c",
	};
	size_t i, w;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		char *src = read_file(files[i]);

		UNIT_CHECK(src, "messages/source/%s is readable", files[i]);
		if (!src)
			continue;
		scan_calls(files[i], src, "kbpf_reject", 3, 2, "", 0, NULL);
		for (w = 0; w < ARRAY_SIZE(wrappers); w++)
			if (!strcmp(wrappers[w].file, files[i]))
				scan_calls(files[i], src, wrappers[w].func,
					   wrappers[w].arg, wrappers[w].err_arg,
					   wrappers[w].prefix, wrappers[w].errno_val,
					   wrappers[w].only);
		free(src);
	}
	/* A wrapper's own format is the prefix and its reason. */
	for (w = 0; w < ARRAY_SIZE(wrappers); w++) {
		for (i = 0; i < nr_formats; i++) {
			size_t pl = strlen(wrappers[w].prefix);

			if (!strncmp(formats[i].text, wrappers[w].prefix, pl) &&
			    !strcmp(formats[i].text + pl, "%s"))
				formats[i].generic = true;
		}
	}
}

/* Past a conversion at @p ('%'), or NULL for "%%". */
static const char *skip_conversion(const char *p)
{
	if (p[1] == '%')
		return NULL;
	for (p++; *p && strchr("-+ #0123456789.*hlzjt", *p); p++)
		;
	return *p ? p + 1 : p;
}

/*
 * Whether @s matches the format @f from its start: a conversion matches
 * any text (the shortest first), "%%" a '%'. @prefix: @s may end before
 * @f does. Returns how many characters of @s matched the format's own
 * text, or -1.
 */
static int match_count(const char *f, const char *s, bool prefix)
{
	int n = 0;

	while (*f) {
		if (*f == '%') {
			const char *after = skip_conversion(f);

			if (after) {
				for (;; s++) {
					int m = match_count(after, s, prefix);

					if (m >= 0)
						return n + m;
					if (!*s)
						return -1;
				}
			}
			f++;
		}
		if (!*s)
			return prefix ? n : -1;
		if (*s != *f)
			return -1;
		f++;
		s++;
		n++;
	}
	return *s ? -1 : n;
}

static bool match(const char *f, const char *s, bool prefix)
{
	return match_count(f, s, prefix) >= 0;
}

/*
 * Whether @frag is part of some text the format @f prints, mostly its
 * own text: half of @frag (all of a short one, 24 characters of a long
 * one) matches
 * characters of @f outside its conversions.
 */
static int fit_count(const char *f, const char *frag)
{
	int len = strlen(frag), need = len < 12 ? len : len / 2 < 24 ? len / 2 : 24;
	int best = -1, m;
	const char *p;

	for (p = f; *p; p++) {
		m = match_count(p, frag, true);
		if (m >= need && m > best)
			best = m;
	}
	return best;
}

static bool fragment_fits(const char *f, const char *frag)
{
	return fit_count(f, frag) >= 0;
}

/* The characters of @f outside conversions. */
static size_t literal_len(const char *f)
{
	size_t n = 0;

	while (*f) {
		if (*f == '%' && skip_conversion(f)) {
			f = skip_conversion(f);
			continue;
		}
		f += *f == '%' ? 2 : 1;
		n++;
	}
	return n;
}

/* The most specific format the message @msg comes from, or -1. */
static int format_of(const char *msg)
{
	size_t best_len = 0;
	int best = -1;
	u32 i;

	for (i = 0; i < nr_formats; i++) {
		if (formats[i].generic || formats[i].linfo ||
		    !match(formats[i].text, msg, false))
			continue;
		if (best < 0 || literal_len(formats[i].text) > best_len) {
			best = i;
			best_len = literal_len(formats[i].text);
		}
	}
	return best;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* The rows of the catalogue tables whose first cell is one `format`. */
static void read_catalogue(void)
{
	char *doc = read_file("Documentation/verifier.md"), *p, *end, *line, *next;
	int lineno;

	UNIT_CHECK(doc, "messages/catalogue/Documentation/verifier.md is readable");
	if (!doc)
		return;
	p = strstr(doc, "\n## Catalogue\n");
	UNIT_CHECK(p, "messages/catalogue/has its section");
	if (!p)
		return;
	lineno = line_of(doc, p);
	end = strstr(p + 1, "\n## ");
	if (end)
		*end = '\0';
	/* Every table of the section: the program's, then line info's. */
	for (line = p + 1; line; line = next) {
		char *cell[3], *q, *t;
		int i;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (strncmp(line, "| `", 3))
			continue;
		q = line + 1;
		for (i = 0; i < 3; i++) {
			t = strchr(q, '|');
			if (!t)
				break;
			*t = '\0';
			cell[i] = trim(q);
			q = t + 1;
		}
		if (i < 3 || nr_rows == MAX_ROWS) {
			UNIT_CHECK(0, "messages/catalogue/row %d has three cells", lineno);
			continue;
		}
		t = cell[0] + strlen(cell[0]) - 1;
		if (cell[0][0] != '`' || *t != '`' || t == cell[0] ||
		    memchr(cell[0] + 1, '`', t - cell[0] - 1)) {
			UNIT_CHECK(0, "messages/catalogue/row %d: the first cell is one `format`", lineno);
			continue;
		}
		*t = '\0';
		rows[nr_rows].text = cell[0] + 1;
		rows[nr_rows].err = cell[1];
		rows[nr_rows].defensive = !strncmp(cell[2], "defensive: ", 11);
		rows[nr_rows].cases = cell[2];
		rows[nr_rows].line = lineno;
		nr_rows++;
	}
	/* doc stays allocated: the rows point into it. */
}

static const struct verifier_case *find_case(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++)
		if (!strcmp(verifier_cases[i].name, name))
			return &verifier_cases[i];
	return NULL;
}

/* The message of case @c's rejection, from its log @buf. */
static const char *rejection_text(const struct verifier_case *c,
				  const char *buf, char *out, size_t size)
{
	char insn[96], head[128];
	const char *p, *last = NULL;
	size_t n;

	kbpf_disasm_insn(insn, sizeof(insn), &c->insns[c->err_insn],
			 c->len - c->err_insn);
	snprintf(head, sizeof(head), "%u: %s: ", c->err_insn, insn);
	for (p = buf; (p = strstr(p, head)); p++)
		if (p == buf || p[-1] == '\n')
			last = p;
	if (!last)
		return NULL;
	last += strlen(head);
	n = strcspn(last, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(out, last, n);
	out[n] = '\0';
	return out;
}

/* Which format each refused case's line comes from; -1: none. */
static int case_format[ARRAY_SIZE(verifier_cases)];

static void run_corpus(void)
{
	static char buf[1 << 16];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++) {
		const struct verifier_case *c = &verifier_cases[i];
		struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
		struct kbpf_verify_result res;
		struct kbpf_verify_opts opts;
		struct kbpf_prog *prog;
		char text[512];
		int f;

		case_format[i] = -1;
		if (!c->err)
			continue;
		prog = vtest_prog(c);
		buf[0] = '\0';
		vtest_case_opts(c, &opts);
		kbpf_verify(prog, &opts, &log, &res);
		kbpf_log_finish(&log);
		kbpf_prog_free(prog);
		if (!rejection_text(c, buf, text, sizeof(text))) {
			UNIT_CHECK(0, "messages/corpus/%s: its log has a rejection line at insn %u",
				   c->name, c->err_insn);
			continue;
		}
		f = format_of(text);
		UNIT_CHECK(f >= 0, "messages/corpus/%s: its message comes from a format in the sources ('%s')",
			   c->name, text);
		if (f < 0)
			continue;
		case_format[i] = f;
		formats[f].produced++;
		if (strstr(text, c->msg) && fragment_fits(formats[f].text, c->msg))
			formats[f].fits = c->name;
	}
}

/*
 * Line info is checked before the program, from PROG_LOAD's fields: its
 * cases are tests/unit/linfo_test.c's expect() calls (the name, errno
 * and fragment each refusal must log), matched to the line info format
 * their fragment fits best.
 */
struct lexpect {
	char *name;
	int err;		/* positive */
	char *frag;
	int format;
};

static struct lexpect lexpects[64];
static u32 nr_lexpects;

static void read_linfo_cases(void)
{
	char *src = read_file("tests/unit/linfo_test.c");
	const char *p, *start[8], *end[8], *q;
	u32 i, k;

	UNIT_CHECK(src, "messages/linfo/tests/unit/linfo_test.c is readable");
	if (!src)
		return;
	for (p = src; (p = strstr(p, "expect(\"")); p++) {
		struct lexpect *e = &lexpects[nr_lexpects];

		if (nr_lexpects == ARRAY_SIZE(lexpects) ||
		    split_args(p + 6, start, end, 8) != 4)
			continue;
		e->name = literal_arg(start[0], end[0]);
		e->frag = literal_arg(start[3], end[3]);
		for (q = start[2]; isspace((unsigned char)*q) || *q == '-'; q++)
			;
		e->err = errno_of(q, end[2] - q);
		e->format = -1;
		if (!e->name || !e->frag || !e->err) {
			free(e->name);	/* accepted: NULL for the words */
			free(e->frag);
			continue;
		}
		nr_lexpects++;
	}
	free(src);
	for (i = 0; i < nr_lexpects; i++) {
		int best = -1, m;

		for (k = 0; k < nr_formats; k++) {
			if (!formats[k].linfo || formats[k].generic)
				continue;
			m = fit_count(formats[k].text, lexpects[i].frag);
			if (m >= 0 && (best < 0 || m > best)) {
				best = m;
				lexpects[i].format = k;
			}
		}
		UNIT_CHECK(lexpects[i].format >= 0,
			   "messages/linfo/%s: its fragment comes from a line info format ('%s')",
			   lexpects[i].name, lexpects[i].frag);
		if (lexpects[i].format >= 0) {
			formats[lexpects[i].format].produced++;
			formats[lexpects[i].format].fits = lexpects[i].name;
		}
	}
}

static const struct lexpect *find_lexpect(const char *name)
{
	u32 i;

	if (strncmp(name, "linfo/refuse/", 13))
		return NULL;
	for (i = 0; i < nr_lexpects; i++)
		if (!strcmp(lexpects[i].name, name + 13))
			return &lexpects[i];
	return NULL;
}

/* Each case the row @r names produces its format, with the row's errno. */
static bool row_cases_ok(const struct row *r, int f, int err)
{
	char *list = strdup(r->cases), *name, *save;
	bool ok = true;

	for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const struct verifier_case *c = find_case(trim(name));
		const struct lexpect *e = find_lexpect(trim(name));

		if (formats[f].linfo) {
			if (!e || e->format != f || e->err != err) {
				printf("#   %s: no line info case '%s' refused with it\n",
				       r->text, trim(name));
				ok = false;
			}
		} else if (!c) {
			printf("#   %s: no corpus case '%s'\n", r->text, trim(name));
			ok = false;
		} else if (case_format[c - verifier_cases] != f || c->err != -err) {
			printf("#   %s: case %s does not produce it (errno %d)\n",
			       r->text, c->name, c->err);
			ok = false;
		}
	}
	free(list);
	return ok;
}

static void check_formats(void)
{
	u32 i, r;

	for (r = 0; r < nr_rows; r++) {
		for (i = 0; i < nr_formats; i++)
			if (!strcmp(formats[i].text, rows[r].text))
				break;
		UNIT_CHECK(i < nr_formats && !formats[i].generic,
			   "messages/catalogue/row %d is a message of the sources: %s",
			   rows[r].line, rows[r].text);
		if (i < nr_formats) {
			UNIT_CHECK(formats[i].row < 0, "messages/catalogue/%s has one row",
				   rows[r].text);
			formats[i].row = r;
		}
	}
	for (i = 0; i < nr_formats; i++) {
		const struct format *f = &formats[i];
		const struct row *row = f->row >= 0 ? &rows[f->row] : NULL;
		int row_err;

		if (f->generic)
			continue;
		UNIT_CHECK(row, "messages/%s: in the catalogue ('%s')", f->where, f->text);
		if (!row)
			continue;
		row_err = errno_of(row->err, strlen(row->err));
		UNIT_CHECK(row_err && (!f->err || (row_err == f->err && !f->mixed_err)),
			   "messages/%s: errno %s as the code gives (%s) ('%s')", f->where,
			   row->err, f->err ? errno_name(f->err) : "not constant", f->text);
		if (row->defensive) {
			UNIT_CHECK(!f->produced,
				   "messages/%s: listed as defensive, and no corpus case produces it ('%s')",
				   f->where, f->text);
			continue;
		}
		UNIT_CHECK(f->produced && f->fits,
			   "messages/%s: a corpus case produces it and expects a fragment of it ('%s')",
			   f->where, f->text);
		UNIT_CHECK(row_cases_ok(row, i, row_err),
			   "messages/%s: every case its row names produces it ('%s')",
			   f->where, f->text);
	}
}

/* The matcher itself, on what the checks above rely on. */
static void test_matcher(void)
{
	UNIT_CHECK(match("r%u is %s, not %d", "r1 is map value, not -3", false) &&
		   match("r%u is %s", "r1 is ", false) &&
		   !match("a %d b", "a 1 c", false) &&
		   match("100%% of %u", "100% of 7", false) &&
		   fragment_fits("r%u (size argument of %s) may be 0", "argument of probe_read) may") &&
		   !fragment_fits("r%u (size argument of %s) may be 0", "may be 1") &&
		   literal_len("r%u is %llu%%") == 6,
		   "messages/matcher: conversions match any text, fragments fit inside");
}

/*
 * KBPF_MESSAGES_ROWS=1: the catalogue rows as the corpus stands, every
 * case that produces each format, to write the table from.
 */
static void print_rows(void)
{
	u32 i;
	size_t k;

	for (i = 0; i < nr_formats; i++) {
		bool first = true;

		if (formats[i].generic)
			continue;
		printf("| `%s` | %s | ", formats[i].text,
		       formats[i].err ? errno_name(formats[i].err) : "?");
		for (k = 0; k < ARRAY_SIZE(verifier_cases); k++) {
			if (case_format[k] != (int)i)
				continue;
			printf("%s%s", first ? "" : ", ", verifier_cases[k].name);
			first = false;
		}
		for (k = 0; k < nr_lexpects; k++) {
			if (lexpects[k].format != (int)i)
				continue;
			printf("%slinfo/refuse/%s", first ? "" : ", ", lexpects[k].name);
			first = false;
		}
		printf("%s |%s\n", first ? "NONE" : "",
		       !first && !formats[i].fits ? " NOFIT" : "");
	}
}

int main(void)
{
	test_matcher();
	read_formats();
	UNIT_CHECK(nr_formats > 100, "messages/source: %u formats found", nr_formats);
	read_catalogue();
	UNIT_CHECK(nr_rows > 100, "messages/catalogue: %u rows", nr_rows);
	run_corpus();
	read_linfo_cases();
	if (getenv("KBPF_MESSAGES_ROWS"))
		print_rows();
	check_formats();
	return unit_failed;
}
