// SPDX-License-Identifier: GPL-2.0-only
/*
 * After acceptance: map lookups of arrays become instructions; map
 * references become the plain 64-bit immediates the engines load, the
 * map's address or the address of its value; callback addresses that of
 * their first instruction.
 */
#include "internal.h"

static void set_imm64(struct kbpf_insn *insn, u64 v)
{
	insn[0].src_reg = 0;
	insn[0].imm = (s32)(u32)v;
	insn[1].imm = (s32)(u32)(v >> 32);
}

int kbpf_fixup_maps(struct checker *c)
{
	struct kbpf_prog *prog = c->prog;
	u32 i;

	for (i = 0; i < prog->len; i++) {
		struct kbpf_insn *insn = &prog->insns[i];
		struct kbpf_map *map;
		u64 addr;

		if ((c->flags[i] & INSN_LDDW_TAIL) || !is_lddw(insn) || !insn->src_reg)
			continue;
		if (insn->src_reg == KBPF_PSEUDO_FUNC) {
			/*
			 * The interpreter's callback address: the first
			 * instruction. Source 4 stays, so a JIT knows to
			 * put its own entry there (jit/core.c).
			 */
			addr = (uintptr_t)&prog->insns[i + 1 + insn->imm];
			insn[0].imm = (s32)(u32)addr;
			insn[1].imm = (s32)(u32)(addr >> 32);
			continue;
		}
		map = prog->maps[insn->imm];
		if (insn->src_reg == KBPF_PSEUDO_MAP_IDX) {
			set_imm64(insn, (uintptr_t)map);
			continue;
		}
		if (map->ops->direct_value_addr(map, (u32)insn[1].imm, &addr))
			return kbpf_reject(c, i, -EINVAL, "map %d gave no address for its value at offset %u",
					   insn->imm, (u32)insn[1].imm);
		set_imm64(insn, addr);
	}
	return 0;
}

/*
 * Socket filters: a 4-byte load of __sk_buff data or data_end becomes an
 * 8-byte load of the pointer struct kbpf_skb_ctx keeps after the 192
 * bytes of __sk_buff (vm/vm.h). ctx.c accepted only whole 4-byte loads
 * at offsets 76 and 80 for these, so off tells which.
 */
void kbpf_fixup_ctx(struct checker *c)
{
	struct kbpf_prog *prog = c->prog;
	u32 i;

	for (i = 0; i < prog->len; i++) {
		struct kbpf_insn *insn = &prog->insns[i];

		if (!(c->flags[i] & INSN_CTX_PKT))
			continue;
		insn->code = KBPF_LDX | KBPF_MEM | KBPF_DW;
		insn->off = insn->off == 76 ?
			    offsetof(struct kbpf_skb_ctx, data) :
			    offsetof(struct kbpf_skb_ctx, data_end);
	}
}

/*
 * trace_printk calls some path reached with r3-r5 not all written go to
 * the variant that takes only the leading arguments all paths wrote
 * (note_printk_args): the engines leave whatever an earlier call or a
 * caller left in an unwritten register, which may be an address.
 */
void kbpf_fixup_printk(struct checker *c)
{
	struct kbpf_prog *prog = c->prog;
	u32 i, unset;

	for (i = 0; i < prog->len; i++) {
		unset = (c->flags[i] & INSN_PRINTK_UNSET) >> INSN_PRINTK_SHIFT;
		if (unset)
			prog->insns[i].imm = KBPF_FUNC_trace_printk_args0 + 3 - unset;
	}
}

/*
 * After acceptance, every map_lookup_elem call that was given the same
 * map on every path, a map whose type generates its lookup (gen_lookup:
 * plain arrays), becomes those instructions: no call, no indirect call
 * through the map's ops. Last to first, so the positions in call_map of
 * the calls still to do stay where they were. A call whose replacement
 * would push a jump out of reach stays a call. A call given one map of
 * the hash family becomes a call of KBPF_FUNC_htab_lookup, which calls
 * the hash lookup directly, when the engines' helper table has it.
 */
static bool has_helper(const struct checker *c, u32 id)
{
	return c->opts->helpers && id < c->opts->nr_helpers &&
	       c->opts->helpers[id];
}

int kbpf_inline_lookups(struct checker *c)
{
	struct kbpf_insn buf[KBPF_MAP_GEN_LOOKUP_MAX];
	u32 i = c->prog->len;
	int n, err;

	while (i--) {
		const struct kbpf_insn *insn = &c->prog->insns[i];
		struct kbpf_map *map;

		if (!c->call_map[i] || c->call_map[i] == CALL_MAP_MANY ||
		    insn->code != (KBPF_JMP | KBPF_CALL) || insn->src_reg ||
		    insn->imm != KBPF_FUNC_map_lookup_elem)
			continue;
		map = c->prog->maps[c->call_map[i] - 1];
		if (kbpf_map_is_htab(map) && has_helper(c, KBPF_FUNC_htab_lookup)) {
			c->prog->insns[i].imm = KBPF_FUNC_htab_lookup;
			continue;
		}
		if (!map->ops->gen_lookup)
			continue;
		n = map->ops->gen_lookup(map, buf);
		if (n <= 0)
			continue;
		err = kbpf_patch_insns(c, i, buf, n);
		if (err == -ENOMEM)
			return err;
	}
	return 0;
}
