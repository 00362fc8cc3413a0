// SPDX-License-Identifier: GPL-2.0-only
/* The verifier table on the host: verdict, errno, instruction, message. */
#include "unit.h"
#include "../../verifier/verifier.h"
#include "../cases/verifier_cases.h"

int main(void)
{
	static const struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_CONSERVATIVE,
	};
	char buf[1024];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++) {
		const struct verifier_case *c = &verifier_cases[i];
		struct kbpf_log log = { .buf = buf, .size = sizeof(buf), .level = 1 };
		struct kbpf_verify_result res;
		struct kbpf_prog *prog = kbpf_prog_alloc(c->len);
		int err;

		memcpy(prog->insns, c->insns, c->len * sizeof(c->insns[0]));
		err = kbpf_verify(prog, &opts, &log, &res);
		kbpf_log_finish(&log);
		UNIT_CHECK(err == c->err && (!c->err || (res.err_insn == c->err_insn &&
							 strstr(buf, c->msg))),
			   "verifier/%s", c->name);
		if (err != c->err || (c->err && !strstr(buf, c->msg)))
			printf("#   got %d at %u, log: %s", err, res.err_insn, buf);
		kbpf_prog_free(prog);
	}
	return unit_failed;
}
