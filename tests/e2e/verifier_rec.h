/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The verifier table as gen_verifier writes it for the guest: a header
 * with the contents of the table's frozen maps, then one record per case,
 * so verifier_test loads the same programs through PROG_LOAD.
 */
#ifndef _KBPF_TESTS_VERIFIER_REC_H
#define _KBPF_TESTS_VERIFIER_REC_H

#include "../../uapi/linux/kbpf.h"

#define VREC_MAX_INSNS	72	/* VERIFIER_MAX_INSNS */
#define VREC_MAGIC	0x6b627666	/* "kbvf" */

struct vrec_header {
	__u32 magic;
	__u32 count;
	char str[16];		/* map 2: vtest_str */
	char fmt[24];		/* map 6: vtest_fmt */
};

struct vrec {
	char name[96];
	char msg[256];
	__u32 type;		/* 0: socket filter */
	__u32 not_gpl;
	__u32 slow;
	__s32 err;
	__u32 err_insn;
	__u32 len;
	struct kbpf_insn insns[VREC_MAX_INSNS];
};

#endif /* _KBPF_TESTS_VERIFIER_REC_H */
