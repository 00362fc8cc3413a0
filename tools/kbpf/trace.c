// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf trace CAT:NAME FILTER --dump [--format FILE]
 *
 * Compiles a tracepoint filter in the kernel's grammar against the
 * event's format (read from tracefs, or from FILE, so it works on any
 * machine) and prints the program. Attaching it and streaming matching
 * events need the tracepoint hook.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "filter.h"
#include "../../vm/vm.h"

static int read_format_file(const char *path, const char *event,
			    struct kbpf_tp_format *fmt)
{
	char system[KBPF_TP_NAME_LEN], err[160], *text;
	FILE *f = fopen(path, "r");
	size_t n;
	int ret;

	if (!f)
		return kbpf_err("format file %s: %s", path, strerror(errno));
	text = calloc(1, 65537);
	n = text ? fread(text, 1, 65536, f) : 0;
	fclose(f);
	if (!text)
		return kbpf_err("out of memory");
	text[n] = '\0';
	snprintf(system, sizeof(system), "%.*s", (int)strcspn(event, ":"), event);
	ret = kbpf_tp_format_parse(text, system, fmt, err, sizeof(err));
	free(text);
	return ret ? kbpf_err("%s: %s", path, err) : 0;
}

static void dump(const struct kbpf_insn *insns, uint32_t cnt)
{
	char line[128];
	uint32_t i, n;

	for (i = 0; i < cnt; i += n) {
		n = kbpf_disasm_insn(line, sizeof(line), &insns[i], cnt - i);
		printf("%5u: %s\n", i, line);
	}
}

int kbpf_cmd_trace(int argc, char **argv)
{
	const char *event, *filter, *format = NULL;
	struct kbpf_filter_error perr;
	struct kbpf_filter_node *root;
	struct kbpf_tp_format fmt;
	struct kbpf_insn *insns;
	bool want_dump = false;
	char err[200];
	uint32_t cnt;
	int i, ret;

	if (argc < 2)
		return kbpf_err("expected 'trace CAT:NAME FILTER --dump [--format FILE]'");
	event = argv[0];
	filter = argv[1];
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--dump"))
			want_dump = true;
		else if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else
			return kbpf_err("unexpected argument '%s'", argv[i]);
	}
	if (!want_dump)
		return kbpf_err("attaching a filter needs the tracepoint hook, which kbpf does not have yet; --dump prints the compiled program");
	if (!strchr(event, ':'))
		return kbpf_err("'%s' is not CATEGORY:NAME", event);
	if (format)
		ret = read_format_file(format, event, &fmt);
	else if ((ret = kbpf_tp_format_read(event, &fmt, err, sizeof(err))))
		kbpf_err("%s", err);
	if (ret)
		return 1;
	root = kbpf_filter_parse(filter, &fmt, &perr);
	if (!root) {
		kbpf_filter_print_error(filter, &perr);
		return 1;
	}
	ret = kbpf_filter_compile(root, &fmt, &insns, &cnt);
	kbpf_filter_free(root);
	if (ret)
		return kbpf_err("cannot compile the filter: %s", strerror(-ret));
	printf("; %s:%s  %s\n; %u instructions\n", fmt.system, fmt.name, filter, cnt);
	dump(insns, cnt);
	free(insns);
	return 0;
}
