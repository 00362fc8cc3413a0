// SPDX-License-Identifier: GPL-2.0-only
/*
 * The instruction-set table on the host: every case must pass the
 * module's conservative gate and return its expected r0.
 */
#include "unit.h"
#include "../../verifier/verifier.h"
#include "../cases/isa_cases.h"

static int run_case(const struct isa_case *c, u64 *r0, char *log, u32 size)
{
	static const struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_FULL,
	};
	struct kbpf_log l = { .buf = log, .size = size, .level = 1 };
	struct kbpf_verify_result res;
	struct kbpf_prog *prog = kbpf_prog_alloc(c->len);
	int err;

	if (!prog)
		return -ENOMEM;
	memcpy(prog->insns, c->insns, c->len * sizeof(c->insns[0]));
	err = kbpf_verify(prog, &opts, &l, &res);
	kbpf_log_finish(&l);
	if (!err) {
		kbpf_interp_select(prog);
		*r0 = kbpf_prog_run(prog, NULL);
	}
	kbpf_prog_free(prog);
	return err;
}

int main(void)
{
	char log[1024];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(isa_cases); i++) {
		const struct isa_case *c = &isa_cases[i];
		u64 r0 = 0;
		int err = run_case(c, &r0, log, sizeof(log));

		UNIT_CHECK(!err && r0 == c->expect, "isa/%s", c->name);
		if (err)
			printf("#   rejected (%d): %s", err, log);
		else if (r0 != c->expect)
			printf("#   r0 = 0x%llx, expected 0x%llx\n",
			       (unsigned long long)r0,
			       (unsigned long long)c->expect);
	}
	return unit_failed;
}
