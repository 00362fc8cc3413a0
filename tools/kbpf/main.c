// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf: load, run and inspect programs of the kbpf module, or run the same
 * verifier and interpreter offline with --host.
 *
 * Grammar as bpftool: kbpf [OPTIONS] OBJECT COMMAND ..., where every
 * keyword may be abbreviated to a unique prefix.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "kbpf.h"
#include "json.h"

struct kbpf_tool_opts opts;

/* With -j the error is a JSON object on stdout, as bpftool prints it. */
int kbpf_err(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (opts.json) {
		kbpf_json_object_begin(NULL);
		kbpf_json_str("error", msg);
		kbpf_json_object_end();
		kbpf_json_finish();
	} else {
		fprintf(stderr, "Error: %s\n", msg);
	}
	return 1;
}

const char *kbpf_strerror(int err)
{
	/* The module's per-user limits (vm/quota.c), not a disk quota. */
	if (err == EDQUOT)
		return "per-user limit of the kbpf module reached (see max_progs_per_user, max_maps_per_user, max_links_per_user, max_mem_per_user_mb in /sys/module/kbpf/parameters)";
	return strerror(err);
}

bool kbpf_is_prefix(const char *arg, const char *cmd)
{
	size_t len = strlen(arg);

	return len && !strncmp(arg, cmd, len);
}

int kbpf_keyword(const char *arg, const char *const *words, size_t n)
{
	size_t i, found = 0;
	int match = -1;

	for (i = 0; i < n; i++) {
		if (!strcmp(arg, words[i]))
			return i;
		if (kbpf_is_prefix(arg, words[i])) {
			found++;
			match = i;
		}
	}
	return found == 1 ? match : found ? -2 : -1;
}

static int usage(void)
{
	fprintf(stderr,
		"Usage: kbpf [OPTIONS] OBJECT { COMMAND | help }\n"
		"       kbpf version\n"
		"       kbpf prog run { FILE [prog FUNC] [rodata VAR=VALUE]... | PROG } [repeat N]\n"
		"                     [data_in FILE] [data_out FILE [data_size_out L]]\n"
		"                     [ctx_in FILE] [ctx_out FILE [ctx_size_out M]]\n"
		"       kbpf prog verify FILE [prog FUNC] [name NAME] [type TYPE] [target CAT:NAME] [map MSPEC]...\n"
		"                        [rodata VAR=VALUE]...\n"
		"       kbpf prog load FILE PIN [prog FUNC] [name NAME] [type TYPE] [target CAT:NAME] [map MSPEC]...\n"
		"                      [rodata VAR=VALUE]...\n"
		"       kbpf prog { show | list } [PROG]\n"
		"       kbpf prog dump { xlated | jited } PROG\n"
		"       kbpf prog pin PROG PIN\n"
		"       kbpf prog loadall OBJ PREFIX\n"
		"       kbpf prog attach PROG HOOK pin PIN | kbpf prog detach PROG\n"
		"       kbpf prog tracelog\n"
		"       kbpf pin { list | delete PIN }\n"
		"       kbpf map create PIN type MTYPE key N value N entries N [name NAME] [flags N]\n"
		"       kbpf map { show | list } [MAP]\n"
		"       kbpf map { lookup | delete } MAP key BYTES\n"
		"       kbpf map update MAP key BYTES value BYTES [any | noexist | exist]\n"
		"       kbpf map getnext MAP [key BYTES]\n"
		"       kbpf map { dump | freeze } MAP\n"
		"       kbpf map pin MAP PIN\n"
		"       kbpf map event MAP [count N]\n"
		"       kbpf link create PROG HOOK pin PIN\n"
		"       kbpf link { show | list } [LINK]\n"
		"       kbpf link { detach LINK | update LINK PROG | pin LINK PIN }\n"
		"       kbpf run OBJ [duration SECONDS] [rodata VAR=VALUE]...\n"
		"       kbpf feature\n"
		"       kbpf disasm FILE\n"
		"       kbpf trace CAT:NAME [FILTER] [--fields F,F] [--count N] [--duration S]\n"
		"                  [--no-jit] [-j] | --dump [--format FILE]\n"
		"       kbpf conformance [MEMHEX]\n"
		"\n"
		"       FILE := an ELF object from clang -target bpf (FUNC picks a\n"
		"               program), or raw instructions (struct kbpf_insn)\n"
		"       VAR := a 'const volatile' global of the object (.rodata), set\n"
		"              before load: an integer, or a string for a char array\n"
		"       PROG := { id ID | pinned PIN | name NAME }\n"
		"       MAP := { id ID | pinned PIN | name NAME }\n"
		"       MTYPE := { hash | array | percpu_hash | percpu_array | lru_hash |\n"
		"                  lru_percpu_hash | prog_array | ringbuf }\n"
		"       BYTES := { B0 B1 ... | hex HH HH ... }\n"
		"       LINK := { id ID | pinned PIN }\n"
		"       HOOK := { kprobe FUNC [offset N] | kretprobe FUNC |\n"
		"                 tracepoint CAT:NAME | raw_tracepoint NAME [args N] |\n"
		"                 socket { FD | PID:FD } | ingress IFNAME }\n"
		"       TYPE := { socket | kprobe | tracepoint | raw_tracepoint }\n"
		"       MSPEC := MTYPE:KEY:VALUE:ENTRIES[:FLAGS] (raw FILEs: lddw map index N is the Nth)\n"
		"       OPTIONS := { --host | -d (log level 2) | --stats (verifier statistics) |\n"
		"                    -j (JSON) | -p (pretty JSON) }\n"
		"\n"
		"--host runs the module's verifier and interpreter in this process,\n"
		"without /dev/kbpf: for developers without root, and for CI.\n"
		"--host, --stats and --debug may also follow the command, and\n"
		"--type TYPE stands for type TYPE.\n");
	return 2;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} objects[] = {
	{ "prog", kbpf_cmd_prog },
	{ "version", kbpf_cmd_version },
	{ "disasm", kbpf_cmd_disasm },
	{ "conformance", kbpf_cmd_conformance },
	{ "pin", kbpf_cmd_pin },
	{ "trace", kbpf_cmd_trace },
	{ "map", kbpf_cmd_map },
	{ "link", kbpf_cmd_link },
	{ "run", kbpf_cmd_run },
	{ "feature", kbpf_cmd_feature },
};

/*
 * The long global options may also follow the command, where users of
 * `kbpf prog verify FILE --host --type kprobe` type them: they are taken
 * out of the arguments, and `--type` becomes the `type` keyword.
 */
static int late_options(int argc, char **argv)
{
	int i, n = 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--host")) {
			opts.host = true;
		} else if (!strcmp(argv[i], "--stats")) {
			opts.stats = true;
		} else if (!strcmp(argv[i], "--debug")) {
			opts.log_level = 2;
		} else {
			argv[n++] = strcmp(argv[i], "--type") ? argv[i] : "type";
		}
	}
	argv[n] = NULL;
	return n;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "host", no_argument, NULL, 'H' },
		{ "debug", no_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "stats", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	size_t i, found = 0, match = 0;
	int c;

	while ((c = getopt_long(argc, argv, "+dhHjp", long_opts, NULL)) != -1) {
		switch (c) {
		case 'H':
			opts.host = true;
			break;
		case 'd':
			opts.log_level = 2;
			break;
		case 'S':
			opts.stats = true;
			break;
		case 'p':
			opts.pretty = true;
			/* fall through */
		case 'j':
			opts.json = true;
			break;
		default:
			return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || !strcmp(argv[0], "help"))
		return usage();
	argc = late_options(argc, argv);
	for (i = 0; i < ARRAY_SIZE(objects); i++) {
		if (kbpf_is_prefix(argv[0], objects[i].name)) {
			found++;
			match = i;
		}
	}
	if (found != 1)
		return kbpf_err("%s object '%s'; try 'kbpf help'",
				found ? "ambiguous" : "unknown", argv[0]);
	return objects[match].fn(argc - 1, argv + 1);
}
