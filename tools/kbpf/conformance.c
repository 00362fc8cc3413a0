// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf conformance [MEMHEX]: the plugin contract of the public BPF ISA
 * conformance suite. The program arrives as hex bytes on stdin; it runs
 * with r1 = a copy of MEMHEX's bytes (or 0), r2 = their length, and
 * helper 5 returning its first argument; r0 is printed in hex.
 *
 * The suite's programs touch memory through r1 and may loop, so they are
 * checked structurally only: safe here, in an unprivileged process, and
 * never how the module loads anything.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kbpf.h"
#include "../../jit/jit.h"
#include "../../verifier/verifier.h"

static u64 helper_identity(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return r1;
}

static const kbpf_helper_fn conformance_helpers[] = {
	[5] = helper_identity,
};

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* Parses hex digits, ignoring whitespace; returns bytes or -1. */
static long parse_hex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		if (isspace((unsigned char)*s))
			continue;
		if (!isxdigit((unsigned char)*s) || n == max)
			return -1;
		if (hi < 0) {
			hi = hexval(*s);
		} else {
			out[n++] = hi << 4 | hexval(*s);
			hi = -1;
		}
	}
	return hi < 0 ? (long)n : -1;
}

static char *read_stdin(void)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	size_t n;

	while (buf && (n = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *bigger = realloc(buf, cap * 2);

			if (!bigger) {
				free(buf);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

/*
 * Native code receives r1 and r2 in the first two argument registers,
 * as the plugin contract gives them: the memory and its length.
 */
static int run_jited(struct kbpf_prog *prog, void *mem, long mem_len)
{
	static const struct kbpf_jit_opts jopts;
	u64 (*native)(u64 r1, u64 r2);
	int err = kbpf_jit_compile(prog, &jopts);

	if (err)
		return kbpf_err("not JIT-compiled: %s", strerror(-err));
	native = (u64 (*)(u64, u64))prog->jited;
	printf("0x%llx\n", (unsigned long long)native((uintptr_t)mem, mem_len));
	return 0;
}

int kbpf_cmd_conformance(int argc, char **argv)
{
	static const struct kbpf_verify_opts vopts = {
		.mode = KBPF_VERIFY_STRUCTURE,
		.helpers = conformance_helpers,
		.nr_helpers = ARRAY_SIZE(conformance_helpers),
	};
	struct kbpf_log log = { .level = 1, .size = 4096 };
	struct kbpf_verify_result res;
	unsigned char *mem = NULL, *code = NULL;
	struct kbpf_prog *prog = NULL;
	long mem_len = 0, code_len;
	char *text = NULL;
	void *stack = NULL;
	int status = 1;
	bool jit = false;
	u64 r0;

	if (argc && !strcmp(argv[0], "--jit")) {
		jit = true;
		argc--;
		argv++;
	}
	if (argc > 1)
		return kbpf_err("usage: kbpf conformance [--jit] [MEMHEX] < PROGRAM-HEX");
	if (argc == 1) {
		mem = malloc(strlen(argv[0]) / 2 + 1);
		mem_len = mem ? parse_hex(argv[0], mem, strlen(argv[0]) / 2) : -1;
		if (mem_len < 0) {
			kbpf_err("memory is not hex bytes");
			goto out;
		}
	}
	text = read_stdin();
	code = text ? malloc(strlen(text) / 2 + 1) : NULL;
	code_len = code ? parse_hex(text, code, strlen(text) / 2) : -1;
	if (code_len <= 0 || code_len % sizeof(struct kbpf_insn)) {
		kbpf_err("program is not a whole number of hex-encoded instructions");
		goto out;
	}
	prog = kbpf_prog_alloc(code_len / sizeof(struct kbpf_insn));
	log.buf = calloc(1, log.size);
	if (!prog || !log.buf) {
		kbpf_err("out of memory");
		goto out;
	}
	memcpy(prog->insns, code, code_len);
	if (kbpf_verify(prog, &vopts, &log, &res)) {
		kbpf_log_finish(&log);
		kbpf_err("program rejected: %s", log.buf);
		goto out;
	}
	if (jit) {
		status = run_jited(prog, mem, mem_len);
		goto out;
	}
	stack = calloc(1, prog->stack_depth);
	if (!stack) {
		kbpf_err("out of memory");
		goto out;
	}
	r0 = kbpf_interp_run_args(prog, (uintptr_t)mem, mem_len, stack,
				  prog->stack_depth);
	printf("0x%llx\n", (unsigned long long)r0);
	status = 0;
out:
	free(stack);
	free(log.buf);
	kbpf_prog_free(prog);
	free(code);
	free(text);
	free(mem);
	return status;
}
