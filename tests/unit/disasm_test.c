// SPDX-License-Identifier: GPL-2.0-only
/*
 * The v4 instructions in llvm-objdump's syntax. clang 14 cannot emit
 * them, so disasm_llvm.sh never sees one: here each v4 form is encoded by
 * hand (RFC 9669 bytes, little-endian) next to the line LLVM 17's
 * llvm-objdump -d prints for it with --no-print-imm-hex (decimal
 * immediates and offsets, the form LLVM 14 prints for everything else
 * and disasm_llvm.sh compares). A few pre-v4 neighbours of each form are
 * here too, so a v4 change cannot break them unnoticed.
 */
#include <stdint.h>
#include <string.h>
#include "../../vm/vm.h"
#include "unit.h"

struct golden {
	uint8_t bytes[16];	/* one slot, two for lddw */
	const char *text;
};

static const struct golden goldens[] = {
	/* sdiv, smod: off = 1 on div/mod, 64 and 32 bits, reg and imm */
	{ { 0x3f, 0x31, 0x01, 0x00, 0, 0, 0, 0 }, "r1 s/= r3" },
	{ { 0x37, 0x01, 0x01, 0x00, 0xf9, 0xff, 0xff, 0xff }, "r1 s/= -7" },
	{ { 0x3c, 0x31, 0x01, 0x00, 0, 0, 0, 0 }, "w1 s/= w3" },
	{ { 0x34, 0x02, 0x01, 0x00, 0x05, 0, 0, 0 }, "w2 s/= 5" },
	{ { 0x9f, 0x42, 0x01, 0x00, 0, 0, 0, 0 }, "r2 s%= r4" },
	{ { 0x97, 0x02, 0x01, 0x00, 0x03, 0, 0, 0 }, "r2 s%= 3" },
	{ { 0x9c, 0x42, 0x01, 0x00, 0, 0, 0, 0 }, "w2 s%= w4" },
	{ { 0x94, 0x03, 0x01, 0x00, 0xfe, 0xff, 0xff, 0xff }, "w3 s%= -2" },
	{ { 0x3f, 0x31, 0x00, 0x00, 0, 0, 0, 0 }, "r1 /= r3" },
	{ { 0x9c, 0x42, 0x00, 0x00, 0, 0, 0, 0 }, "w2 %= w4" },
	/* movsx: off = 8/16/32 on mov reg */
	{ { 0xbf, 0x41, 0x08, 0x00, 0, 0, 0, 0 }, "r1 = (s8)r4" },
	{ { 0xbf, 0x52, 0x10, 0x00, 0, 0, 0, 0 }, "r2 = (s16)r5" },
	{ { 0xbf, 0x63, 0x20, 0x00, 0, 0, 0, 0 }, "r3 = (s32)r6" },
	{ { 0xbc, 0x31, 0x08, 0x00, 0, 0, 0, 0 }, "w1 = (s8)w3" },
	{ { 0xbc, 0x42, 0x10, 0x00, 0, 0, 0, 0 }, "w2 = (s16)w4" },
	{ { 0xbf, 0x41, 0x00, 0x00, 0, 0, 0, 0 }, "r1 = r4" },
	{ { 0xbc, 0x31, 0x00, 0x00, 0, 0, 0, 0 }, "w1 = w3" },
	/* ldsx: mode MEMSX (0x80) on LDX */
	{ { 0x91, 0x41, 0x00, 0x00, 0, 0, 0, 0 }, "r1 = *(s8 *)(r4 + 0)" },
	{ { 0x89, 0x52, 0x04, 0x00, 0, 0, 0, 0 }, "r2 = *(s16 *)(r5 + 4)" },
	{ { 0x81, 0x63, 0x08, 0x00, 0, 0, 0, 0 }, "r3 = *(s32 *)(r6 + 8)" },
	{ { 0x89, 0xa1, 0xfe, 0xff, 0, 0, 0, 0 }, "r1 = *(s16 *)(r10 - 2)" },
	{ { 0x71, 0x41, 0x00, 0x00, 0, 0, 0, 0 }, "r1 = *(u8 *)(r4 + 0)" },
	/* bswap: END in ALU64, unconditional */
	{ { 0xd7, 0x01, 0x00, 0x00, 0x10, 0, 0, 0 }, "r1 = bswap16 r1" },
	{ { 0xd7, 0x02, 0x00, 0x00, 0x20, 0, 0, 0 }, "r2 = bswap32 r2" },
	{ { 0xd7, 0x03, 0x00, 0x00, 0x40, 0, 0, 0 }, "r3 = bswap64 r3" },
	{ { 0xdc, 0x01, 0x00, 0x00, 0x10, 0, 0, 0 }, "r1 = be16 r1" },
	{ { 0xd4, 0x01, 0x00, 0x00, 0x40, 0, 0, 0 }, "r1 = le64 r1" },
	/* gotol: JA in JMP32, the offset in imm */
	{ { 0x06, 0x00, 0x00, 0x00, 0x03, 0, 0, 0 }, "gotol +3" },
	{ { 0x06, 0x00, 0x00, 0x00, 0xfe, 0xff, 0xff, 0xff }, "gotol -2" },
	{ { 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00 }, "gotol +65536" },
	{ { 0x05, 0x00, 0x03, 0x00, 0, 0, 0, 0 }, "goto +3" },
};

int main(void)
{
	char line[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(goldens); i++) {
		struct kbpf_insn insn[2];
		int n;

		memcpy(insn, goldens[i].bytes, sizeof(insn));
		n = kbpf_disasm_insn(line, sizeof(line), insn, 2);
		UNIT_CHECK(n == 1 && !strcmp(line, goldens[i].text),
			   "disasm/v4/%zu: %s%s%s", i, goldens[i].text,
			   strcmp(line, goldens[i].text) ? " (got: " : "",
			   strcmp(line, goldens[i].text) ? line : "");
	}
	return unit_failed;
}
