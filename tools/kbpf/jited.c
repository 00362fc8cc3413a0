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

/*
 * Capstone stops at the first instruction it cannot decode (4.0 knows no
 * ARMv8.1 atomics): print that one as its raw bytes and go on.
 */
#if defined(__aarch64__)
#define RAW_STEP	4
#else
#define RAW_STEP	1
#endif

static void print_raw(const uint8_t *code, uint32_t at)
{
	char pc[24], word[16];
	uint32_t w;

	if (RAW_STEP == 4) {
		memcpy(&w, code + at, 4);
		snprintf(word, sizeof(word), "0x%08x", w);
	} else {
		snprintf(word, sizeof(word), "0x%02x", code[at]);
	}
	if (!opts.json) {
		printf("  %5x:  %-8s %s  (not decoded)\n", at,
		       RAW_STEP == 4 ? ".inst" : ".byte", word);
		return;
	}
	snprintf(pc, sizeof(pc), "0x%x", at);
	kbpf_json_object_begin(NULL);
	kbpf_json_str("pc", pc);
	kbpf_json_str("raw", word);
	kbpf_json_object_end();
}

static void print_undecoded(uint32_t at, uint32_t len)
{
	if (opts.json)
		kbpf_json_u64("undecoded_bytes", len);
	else
		printf("  %5x:  (%u bytes not decoded)\n", at, len);
}

static void print_insn(const cs_insn *in)
{
	char pc[24];

	if (!opts.json) {
		printf("  %5llx:  %-8s %s\n", (unsigned long long)in->address,
		       in->mnemonic, in->op_str);
		return;
	}
	snprintf(pc, sizeof(pc), "0x%llx", (unsigned long long)in->address);
	kbpf_json_object_begin(NULL);
	kbpf_json_str("pc", pc);
	kbpf_json_str("operation", in->mnemonic);
	kbpf_json_str("operands", in->op_str);
	kbpf_json_object_end();
}

static void print_native(csh cs, const uint8_t *code, uint32_t from, uint32_t to)
{
	cs_insn *in;
	size_t n, k;

	while (from < to) {
		n = cs_disasm(cs, code + from, to - from, from, 0, &in);
		for (k = 0; k < n; k++)
			print_insn(&in[k]);
		if (n) {
			from = in[n - 1].address + in[n - 1].size;
			cs_free(in, n);
		}
		if (from >= to)
			break;
		if (to - from < RAW_STEP) {
			print_undecoded(from, to - from);
			break;
		}
		print_raw(code, from);
		from += RAW_STEP;
	}
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
