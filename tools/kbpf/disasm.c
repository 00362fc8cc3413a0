// SPDX-License-Identifier: GPL-2.0-only
/* kbpf disasm FILE: the module's disassembler, offline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kbpf.h"
#include "../../vm/vm.h"

int kbpf_cmd_disasm(int argc, char **argv)
{
	struct kbpf_insn *insns;
	uint32_t cnt, i;
	char line[128];
	int ret;

	if (argc != 1)
		return kbpf_err("expected one program FILE");
	ret = kbpf_read_insns(argv[0], &insns, &cnt);
	if (ret)
		return kbpf_err("cannot read program '%s': %s", argv[0],
				strerror(-ret));
	for (i = 0; i < cnt; ) {
		uint32_t n = kbpf_disasm_insn(line, sizeof(line), &insns[i],
					      cnt - i);

		printf("%5u: %s\n", i, line);
		i += n;
	}
	free(insns);
	return 0;
}
