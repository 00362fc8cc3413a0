/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine: program objects and the engines that run them.
 *
 * A struct kbpf_prog holds the translated instructions the verifier
 * accepted and everything an engine needs at run time. It is plain data
 * shared by the module and the host library; the module wraps it in a
 * file descriptor (vm/prog.c).
 */
#ifndef _KBPF_VM_H
#define _KBPF_VM_H

#include "../include/kbpf/platform.h"
#include "../uapi/linux/kbpf.h"

typedef u64 (*kbpf_helper_fn)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);

struct kbpf_map;

struct kbpf_prog {
	u32 type;			/* enum kbpf_prog_type */
	u32 len;			/* instructions, lddw counting two */
	u32 stack_depth;		/* worst combined depth of all frames */
	u32 nr_helpers;
	bool gpl_compatible;		/* may call GPL-only helpers */
	bool tail_calls;		/* calls bpf_tail_call (verifier) */
	u32 max_ctx_offset;		/* end of the deepest context access */
	/*
	 * Socket filters: the struct __sk_buff words (bit n: bytes 4n to
	 * 4n + 3) the program or one it tail-calls may read or write, but
	 * data and data_end, whose loads read struct kbpf_skb_ctx's
	 * pointers instead; all ones when unknown (verifier/ctx.c). The
	 * socket hook fills or zeroes at least these.
	 */
	u64 ctx_words;
	const kbpf_helper_fn *helpers;	/* indexed by helper id */
	struct kbpf_map **maps;		/* maps lddw refers to (maps/maps.h) */
	u32 nr_maps;
	/* Drops the loader's reference on each of maps[] (vm/maps_ref.c). */
	void (*map_put)(struct kbpf_map *map);
	/*
	 * The engine: an interpreter entry or native code. The context
	 * comes first so JIT output receives it in the register the native
	 * calling convention uses for the first argument, as BPF's r1.
	 */
	u64 (*run)(const void *ctx, const struct kbpf_prog *prog);
	void *jited;			/* native code in the JIT arena, or NULL */
	u32 jited_len;			/* its size in bytes */
	u32 *jited_offsets;		/* native offset of each instruction, for dumps */
	char name[KBPF_OBJ_NAME_LEN];
	void *owner;			/* the module's object, NULL on the host */
	u8 tag[8];			/* hash of the instructions as loaded */
	/* Source lines (verifier/linfo.c): sorted, checked; NULL for none. */
	struct kbpf_line_info *linfo;
	u32 nr_linfo;
	u32 linfo_str_size;
	char *linfo_str;
	/*
	 * The instructions: @insn_buf as loaded, a larger array of their
	 * own once the verifier replaced some by several (verifier/patch.c).
	 */
	struct kbpf_insn *insns;
	struct kbpf_insn insn_buf[];
};

struct kbpf_prog *kbpf_prog_alloc(u32 len);
void kbpf_prog_free(struct kbpf_prog *prog);
void kbpf_prog_release_maps(struct kbpf_prog *prog);
int kbpf_prog_load_check(const struct kbpf_prog_load *attr);
void kbpf_prog_tag(struct kbpf_prog *prog);
bool kbpf_license_is_gpl(const char *license);
int kbpf_check_obj_name(const char *name);

#define KBPF_LOG_MIN_SIZE	128
#define KBPF_LOG_MAX_SIZE	(16U << 20)

static inline u64 kbpf_prog_run(const struct kbpf_prog *prog, const void *ctx)
{
	return prog->run(ctx, prog);
}

/*
 * What r1 of a socket filter points to. The first 192 bytes are struct
 * __sk_buff at the offsets Linux's headers give (verifier/ctx.c checks
 * every access against them); the verifier rewrites loads of its data and
 * data_end fields (offsets 76 and 80, 4 bytes there) into 8-byte loads of
 * @data and @data_end here. The packet is @len bytes from offset 0: the
 * linear part is data..data_end; the rest, if any, is in @skb (a kernel
 * struct sk_buff, @skb_off bytes past its data) and reached only by copy.
 */
#define KBPF_SKB_CTX_SIZE	192
struct kbpf_skb_ctx {
	u32 sk_buff[KBPF_SKB_CTX_SIZE / 4];
	const u8 *data;
	const u8 *data_end;
	const void *skb;
	u32 skb_off;
	u32 len;
};

/* vm/skb.c: copies packet bytes [off, off + len); -EFAULT if outside. */
int kbpf_skb_load(const struct kbpf_skb_ctx *ctx, u32 off, void *to, u32 len);
/* Sign bit set: no value of 32 bits or fewer, so generated code tests it. */
#define KBPF_SKB_LOAD_FAULT	(~0ULL)
u64 kbpf_skb_load_be(const struct kbpf_skb_ctx *ctx, u32 off, u32 size);
void kbpf_skb_ctx_set_data(struct kbpf_skb_ctx *ctx, const void *data, u32 len);

/* vm/interp.c */
void kbpf_interp_select(struct kbpf_prog *prog);
/*
 * Only when vm/interp.c is built with KBPF_INTERP_CHECK (the verifier
 * fuzzer, which defines them): called before each load, store or atomic
 * (@how: KBPF_CHECK_*), with the stack at entry, and for each new frame.
 */
#define KBPF_CHECK_READ		0
#define KBPF_CHECK_WRITE	1
#define KBPF_CHECK_RMW		2
void kbpf_interp_check_mem(u64 addr, u32 size, int how);
void kbpf_interp_check_stack(u64 lo, u64 hi);
void kbpf_interp_check_frame(u64 fp);
u64 kbpf_interp_run_args(const struct kbpf_prog *prog, u64 r1, u64 r2,
			 void *stack, u32 stack_size);

/* vm/disasm.c: writes one instruction in llvm-objdump's BPF syntax. */
int kbpf_disasm_insn(char *buf, size_t size, const struct kbpf_insn *insn,
		     u32 remaining);
const char *kbpf_opcode_name(u8 code);

#endif /* _KBPF_VM_H */
