// SPDX-License-Identifier: GPL-2.0-only
/* The verifier table on the host: verdict, errno, instruction, message. */
#include "unit.h"
#include "../cases/verifier_cases.h"

int main(void)
{
	static char buf[4096];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++) {
		const struct verifier_case *c = &verifier_cases[i];
		struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
		struct kbpf_verify_result res;
		struct kbpf_prog *prog = vtest_prog(c);
		struct kbpf_verify_opts opts;
		int err;

		buf[0] = '\0';
		vtest_case_opts(c, &opts);
		err = kbpf_verify(prog, &opts, &log, &res);
		kbpf_log_finish(&log);
		UNIT_CHECK(err == c->err && (!c->err || (res.err_insn == c->err_insn &&
							 strstr(buf, c->msg))) &&
			   (c->err || !c->max_ctx || prog->max_ctx_offset == c->max_ctx) &&
			   (c->err || !c->check_words || prog->ctx_words == c->ctx_words),
			   "verifier/%s", c->name);
		if (err != c->err || (c->err && (!strstr(buf, c->msg) ||
						 res.err_insn != c->err_insn)))
			printf("#   got %d at %u, log end: %s\n", err, res.err_insn,
			       strlen(buf) > 600 ? buf + strlen(buf) - 600 : buf);
		kbpf_prog_free(prog);
	}
	return unit_failed;
}
