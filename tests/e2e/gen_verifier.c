// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the verifier table (tests/verifier/verifier_cases.h) as FILE, in
 * the records of verifier_rec.h, for verifier_test in the guest: the
 * same cases the host and KUnit runs check, through the ioctl.
 */
#include <stdio.h>
#include <string.h>
#include "../../include/kbpf/platform.h"
#include "../verifier/verifier_cases.h"
#include "verifier_rec.h"

_Static_assert(VREC_MAX_INSNS == VERIFIER_MAX_INSNS, "record and table sizes differ");
_Static_assert(sizeof(vtest_str) == sizeof(((struct vrec_header *)0)->str), "vtest_str");
_Static_assert(sizeof(vtest_fmt) == sizeof(((struct vrec_header *)0)->fmt), "vtest_fmt");

int main(int argc, char **argv)
{
	struct vrec_header h = { .magic = VREC_MAGIC };
	FILE *f;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_verifier FILE\n");
		return 2;
	}
	f = fopen(argv[1], "wb");
	if (!f)
		return perror(argv[1]), 1;
	/* PROG_LOAD always verifies in full: structure-only cases stay on the host. */
	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++)
		h.count += !verifier_cases[i].structure;
	memcpy(h.str, vtest_str, sizeof(h.str));
	memcpy(h.fmt, vtest_fmt, sizeof(h.fmt));
	if (fwrite(&h, sizeof(h), 1, f) != 1)
		return perror(argv[1]), 1;
	for (i = 0; i < ARRAY_SIZE(verifier_cases); i++) {
		const struct verifier_case *c = &verifier_cases[i];
		struct vrec r = {
			.type = c->type, .not_gpl = c->not_gpl, .slow = c->slow,
			.err = c->err, .err_insn = c->err_insn, .len = c->len,
		};

		if (c->structure)
			continue;
		if (strlen(c->name) >= sizeof(r.name) ||
		    (c->msg && strlen(c->msg) >= sizeof(r.msg))) {
			fprintf(stderr, "gen_verifier: %s: name or message too long\n", c->name);
			return 1;
		}
		strcpy(r.name, c->name);
		if (c->msg)
			strcpy(r.msg, c->msg);
		memcpy(r.insns, c->insns, c->len * sizeof(c->insns[0]));
		if (fwrite(&r, sizeof(r), 1, f) != 1)
			return perror(argv[1]), 1;
	}
	return fclose(f) ? (perror(argv[1]), 1) : 0;
}
