// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf prog dump jited PROG: the native code of a JIT-compiled program,
 * disassembled with capstone, each block under the BPF instruction it
 * came from. With -j: {"prologue": [NATIVE...], "insns": [{"pc", "disasm",
 * "native": [NATIVE...]}...]}, NATIVE = {"pc": "0x..", "operation",
 * "operands"}, names as bpftool's.
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kbpf.h"
#include "json.h"
#include "../../vm/vm.h"

#if defined(__x86_64__)
#define CS_TARGET_ARCH	CS_ARCH_X86
#define CS_TARGET_MODE	CS_MODE_64
#elif defined(__aarch64__)
#define CS_TARGET_ARCH	CS_ARCH_ARM64
#define CS_TARGET_MODE	CS_MODE_LITTLE_ENDIAN
#endif

static void print_native(csh cs, const uint8_t *code, uint32_t from, uint32_t to)
{
	cs_insn *in;
	size_t n, k;

	if (to <= from)
		return;
	n = cs_disasm(cs, code + from, to - from, from, 0, &in);
	for (k = 0; k < n; k++) {
		if (opts.json) {
			char pc[24];

			snprintf(pc, sizeof(pc), "0x%llx", (unsigned long long)in[k].address);
			kbpf_json_object_begin(NULL);
			kbpf_json_str("pc", pc);
			kbpf_json_str("operation", in[k].mnemonic);
			kbpf_json_str("operands", in[k].op_str);
			kbpf_json_object_end();
		} else {
			printf("  %5llx:  %-8s %s\n", (unsigned long long)in[k].address,
			       in[k].mnemonic, in[k].op_str);
		}
	}
	if (n)
		cs_free(in, n);
	else if (opts.json)
		kbpf_json_u64("undecoded_bytes", to - from);
	else
		printf("  %5x:  (%u bytes capstone cannot decode)\n", from, to - from);
}

int kbpf_print_jited(const uint8_t *code, uint32_t code_len, const uint32_t *offsets,
		     const struct kbpf_insn *insns, uint32_t cnt)
{
	char line[128];
	uint32_t i, next;
	csh cs;

#ifdef CS_TARGET_ARCH
	if (cs_open(CS_TARGET_ARCH, CS_TARGET_MODE, &cs) != CS_ERR_OK)
		return kbpf_err("capstone cannot disassemble this architecture");
#else
	return kbpf_err("no disassembler for this architecture");
#endif
	if (opts.json) {
		kbpf_json_object_begin(NULL);
		kbpf_json_array_begin("prologue");
	} else {
		printf("; prologue\n");
	}
	print_native(cs, code, 0, offsets[0]);
	if (opts.json) {
		kbpf_json_array_end();
		kbpf_json_array_begin("insns");
	}
	for (i = 0; i < cnt; i = next) {
		kbpf_disasm_insn(line, sizeof(line), &insns[i], cnt - i);
		next = i + (insns[i].code == (KBPF_LD | KBPF_IMM | KBPF_DW) ? 2 : 1);
		if (next > cnt)
			next = cnt;
		if (opts.json) {
			kbpf_json_object_begin(NULL);
			kbpf_json_u64("pc", i);
			kbpf_json_str("disasm", line);
			kbpf_json_array_begin("native");
		} else {
			printf("; %u: %s\n", i, line);
		}
		print_native(cs, code, offsets[i], next < cnt ? offsets[next] : code_len);
		if (opts.json) {
			kbpf_json_array_end();
			kbpf_json_object_end();
		}
	}
	if (opts.json) {
		kbpf_json_array_end();
		kbpf_json_object_end();
		kbpf_json_finish();
	}
	cs_close(&cs);
	return 0;
}
