// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the instruction-set table as program files for the guest:
 * DIR/<name>.bin (raw instructions) and DIR/index ("<name> <r0>" lines),
 * so the guest runs the same cases through the ioctl and the kbpf tool.
 */
#include <stdio.h>
#include <string.h>
#include "../../include/kbpf/platform.h"
#include "../cases/isa_cases.h"

int main(int argc, char **argv)
{
	char path[4096];
	FILE *index, *f;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_isa DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/index", argv[1]);
	index = fopen(path, "w");
	if (!index)
		return perror(path), 1;
	for (i = 0; i < ARRAY_SIZE(isa_cases); i++) {
		const struct isa_case *c = &isa_cases[i];
		char name[256];
		char *p;

		/* Case names may contain '/': flatten them for file names. */
		snprintf(name, sizeof(name), "%s", c->name);
		for (p = name; *p; p++)
			if (*p == '/')
				*p = '.';
		snprintf(path, sizeof(path), "%s/%s.bin", argv[1], name);
		f = fopen(path, "wb");
		if (!f || fwrite(c->insns, sizeof(c->insns[0]), c->len, f) != c->len)
			return perror(path), 1;
		fclose(f);
		fprintf(index, "%s %llu\n", name, (unsigned long long)c->expect);
	}
	fclose(index);
	return 0;
}
