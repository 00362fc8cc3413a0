// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calls and returns: helper calls checked against their prototypes, calls
 * of subprograms in a new frame, exits, and the references (ring buffer
 * reservations) a program must give back before it ends.
 */
#include "internal.h"

static const char *helper_name(const struct kbpf_helper_proto *p)
{
	return p->name ? p->name : "?";
}

static int acquire_ref(struct checker *c, u32 idx, u32 *ref)
{
	struct vstate *st = c->cur;

	if (st->nrefs == KBPF_MAX_REFS)
		return kbpf_reject(c, idx, -E2BIG, "more than %d references held at once",
				   KBPF_MAX_REFS);
	*ref = new_id(c);
	st->refs[st->nrefs] = *ref;
	st->ref_insn[st->nrefs++] = idx;
	return 0;
}

/* Registers and spills that carry @ref die with it. */
void release_ref(struct vstate *st, u32 ref)
{
	u32 i, f, r, s;

	for (i = 0; i < st->nrefs; i++) {
		if (st->refs[i] != ref)
			continue;
		st->nrefs--;
		st->refs[i] = st->refs[st->nrefs];
		st->ref_insn[i] = st->ref_insn[st->nrefs];
		break;
	}
	for (f = 0; f <= st->curframe; f++) {
		struct vframe *fr = st->frame[f];

		for (r = 0; r < KBPF_REG_COUNT; r++)
			if (fr->regs[r].ref_id == ref)
				reg_mark_not_init(&fr->regs[r]);
		for (s = 0; s < fr->nslots; s++) {
			struct stack_slot *sl = &fr->slots[s];

			if (sl->kind[0] == STACK_SPILL && sl->spill.ref_id == ref)
				memset(sl, 0, sizeof(*sl));
		}
	}
}

/* A size argument: a number known to be small enough and not negative. */
static int check_size_arg(struct checker *c, u32 idx, u32 regno, bool zero_ok,
			  const char *name, u32 *size)
{
	const struct vreg *r = &cur_regs(c)[regno];

	if (r->type != SCALAR)
		return kbpf_reject(c, idx, -EACCES, "r%u (size argument of %s) is %s, not a number",
				   regno, name, reg_type_name(r->type));
	if (r->smin < 0)
		return kbpf_reject(c, idx, -EACCES, "r%u (size argument of %s) may be negative (%lld); bound it with a check first",
				   regno, name, (long long)r->smin);
	if (r->umax > KBPF_MAX_VAR_OFF)
		return kbpf_reject(c, idx, -EACCES, "r%u (size argument of %s) is unbounded (up to %llu); bound it with a check first",
				   regno, name, (unsigned long long)r->umax);
	if (!r->umin && !zero_ok && r->umax)
		return kbpf_reject(c, idx, -EACCES, "r%u (size argument of %s) may be 0, which %s does not accept",
				   regno, name, name);
	*size = r->umax;
	return 0;
}

static bool is_unmodified(const struct vreg *r)
{
	return !r->off && tnum_is_const(r->var) && !r->var.value;
}

/*
 * Where @r points into a map programs cannot write and user space no
 * longer can (frozen), at a constant offset: the bytes there, which stay
 * as the verifier sees them, and how many follow.
 */
static bool readonly_str(struct checker *c, const struct vreg *r,
			 const char **str, u32 *room)
{
	const struct kbpf_map *map;
	u64 addr, off;

	if (r->type != PTR_TO_MAP_VALUE || !tnum_is_const(r->var))
		return false;
	map = c->prog->maps[r->aux];
	off = r->off + r->var.value;
	if (!(map->flags & KBPF_F_RDONLY_PROG) || !map->frozen ||
	    !map->ops || !map->ops->direct_value_addr ||
	    map->ops->direct_value_addr(map, 0, &addr))
		return false;
	*str = (const char *)(uintptr_t)addr + off;
	*room = off < map->value_size ? map->value_size - off : 0;
	return true;
}

/* The string a PTR_TO_CONST_STR argument points at, and the bytes after it. */
static int const_str(struct checker *c, u32 idx, u32 regno, const char *name,
		     const char **str, u32 *room)
{
	const struct vreg *r = &cur_regs(c)[regno];

	if (readonly_str(c, r, str, room))
		return 0;
	if (r->type != PTR_TO_MAP_VALUE || !tnum_is_const(r->var))
		return kbpf_reject(c, idx, -EACCES, "r%u (string argument of %s) must point into a read-only, frozen map at a constant offset",
				   regno, name);
	return kbpf_reject(c, idx, -EACCES, "r%u (string argument of %s): map %u is not read-only for programs and frozen",
			   regno, name, r->aux);
}

static int check_const_str(struct checker *c, u32 idx, u32 regno,
			   const char *name)
{
	const char *str;
	u32 room;
	int err;

	err = const_str(c, idx, regno, name, &str, &room);
	if (err)
		return err;
	if (strnlen(str, room) < room)
		return 0;
	return kbpf_reject(c, idx, -EACCES, "r%u (string argument of %s) is not NUL-terminated inside the map value",
			   regno, name);
}

/*
 * snprintf's data (r@regno, size in the next register) for the format
 * in the register before: as Linux checks it at load, the format must be
 * valid for a known number of u64s, at most 12; each u64 must then be
 * readable, and a number unless its conversion only reads through it.
 */
static int check_fmt_args(struct checker *c, u32 idx, u32 regno, const char *name)
{
	const struct vreg *len = &cur_regs(c)[regno + 1];
	u8 kinds[KBPF_FMT_MAX_ARGS];
	const char *fmt, *why;
	u32 room, at, words, mask = 0, i;
	int n, err;

	if (len->type != SCALAR || !scalar_is_const(len))
		return kbpf_reject(c, idx, -EACCES, "r%u (data size of %s) must be a known constant",
				   regno + 1, name);
	if (len->var.value % 8 || len->var.value > KBPF_FMT_MAX_ARGS * 8)
		return kbpf_reject(c, idx, -EINVAL, "r%u (data size of %s) is %llu: a multiple of 8, at most %d (u64 arguments)",
				   regno + 1, name, (unsigned long long)len->var.value,
				   KBPF_FMT_MAX_ARGS * 8);
	words = len->var.value / 8;
	err = const_str(c, idx, regno - 1, name, &fmt, &room);
	if (err)
		return err;
	n = kbpf_format_check(fmt, room, words, kinds, &why, &at);
	if (n < 0)
		return kbpf_reject(c, idx, -EINVAL, "format string of %s is invalid at offset %u: %s (%u u64 arguments in r%u)",
				   name, at, why, words, regno);
	if (!words)
		return 0;	/* NULL or anything: nothing is read */
	for (i = 0; i < (u32)n; i++)
		if (kinds[i] == KBPF_FMT_ARG_ADDR)
			mask |= 1U << i;
	return check_fmt_words(c, idx, regno, words, mask);
}

/*
 * trace_printk prints r3-r5 as its format says; nothing that would print
 * a kernel address may pass (Linux trusts root here, kbpf does not). With
 * the format in read-only memory (bpf_printk puts it in .rodata), each
 * conversion's register must be written, and a number unless the
 * conversion only reads through it (%s). A format the verifier cannot
 * read (on the stack) takes no pointers; its unwritten registers pass,
 * as the verifier cannot tell which ones it prints, and the call is
 * rewritten (kbpf_fixup_printk) to one that gets only the leading
 * arguments every path wrote, so an unwritten register never reaches
 * the formatter: a conversion beyond them makes the call fail (-EINVAL).
 */
static void note_printk_args(struct checker *c, u32 idx, const struct vreg *regs)
{
	u32 written = 0, unset = (c->flags[idx] & INSN_PRINTK_UNSET) >> INSN_PRINTK_SHIFT;

	while (written < 3 && regs[written + 3].type != NOT_INIT)
		written++;
	if (3 - written > unset) {
		c->flags[idx] &= ~INSN_PRINTK_UNSET;
		c->flags[idx] |= (3 - written) << INSN_PRINTK_SHIFT;
	}
}

static int check_printk_args(struct checker *c, u32 idx)
{
	const struct vreg *regs = cur_regs(c);
	u8 kinds[3] = { KBPF_FMT_ARG_VALUE, KBPF_FMT_ARG_VALUE, KBPF_FMT_ARG_VALUE };
	const char *fmt, *why;
	u32 room, at, i, n = 3;
	bool known = false;
	int got;

	if (readonly_str(c, &regs[1], &fmt, &room)) {
		known = true;
		got = kbpf_format_check(fmt, room, 3, kinds, &why, &at);
		if (got < 0)
			return kbpf_reject(c, idx, -EINVAL, "format string of trace_printk is invalid at offset %u: %s",
					   at, why);
		n = got;
	}
	for (i = 0; i < 3; i++) {
		const struct vreg *r = &regs[i + 3];

		if (r->type == SCALAR || (r->type == NOT_INIT && (i >= n || !known)))
			continue;
		if (r->type == NOT_INIT)
			return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of trace_printk) was never written, and conversion %u of the format prints it",
					   i + 3, i + 3, i + 1);
		if (i >= n || kinds[i] != KBPF_FMT_ARG_ADDR)
			return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of trace_printk) is %s: only a %%s-like conversion of a format in read-only memory may take a pointer, so no kernel address is printed",
					   i + 3, i + 3, reg_type_name(r->type));
	}
	note_printk_args(c, idx, regs);
	return 0;
}

struct call_args {
	u32 func_id;
	const struct kbpf_map *map;
	u32 map_idx;
	u64 alloc_size;
	u32 release;
};

/*
 * Which maps a helper may take (Linux's check_map_func_compatibility): a
 * helper that names a map type takes only maps of that type, and ring
 * buffers (no elements) and prog_arrays (programs) go only to the helpers
 * made for them. A prog_array's owner type is checked here, early and
 * with a reason; the claim happens on acceptance.
 */
static int check_map_func(struct checker *c, u32 idx, const struct kbpf_helper_proto *p,
			  u32 regno, const struct call_args *ca)
{
	const struct kbpf_map *map = ca->map;
	const char *name = helper_name(p);
	u32 owner;

	if (p->map_types && (map->type >= 64 || !(p->map_types & (1ULL << map->type))))
		return kbpf_reject(c, idx, -EINVAL, "%s does not take map %u: its type %u is not one %s works on%s",
				   name, ca->map_idx, map->type, name,
				   p->map_types == KBPF_PERCPU_MAP_TYPES ?
				   " (it needs a per-CPU map)" : "");
	if (p->map_type == KBPF_MAP_TYPE_PROG_ARRAY && map->type != p->map_type)
		return kbpf_reject(c, idx, -EINVAL, "r%u (argument %u of %s) must be a prog_array map; map %u has type %u",
				   regno, regno, name, ca->map_idx, map->type);
	if (p->map_type && map->type != p->map_type)
		return kbpf_reject(c, idx, -EINVAL, "r%u (argument %u of %s): map type %u is not the type %u this helper takes",
				   regno, regno, name, map->type, p->map_type);
	if (!p->map_type && map->type == KBPF_MAP_TYPE_PROG_ARRAY)
		return kbpf_reject(c, idx, -EINVAL, "%s may not take map %u: it is a prog_array, which programs reach only through tail_call",
				   name, ca->map_idx);
	if (p->writes_map && (map->flags & KBPF_F_RDONLY_PROG))
		return kbpf_reject(c, idx, -EACCES, "%s may not change map %u: it is read-only for programs (BPF_F_RDONLY_PROG)",
				   name, ca->map_idx);
	if (!p->map_type && map->type == KBPF_MAP_TYPE_RINGBUF)
		return kbpf_reject(c, idx, -EINVAL, "r%u (argument %u of %s): map type %u cannot be used with this helper",
				   regno, regno, name, map->type);
	if (map->type != KBPF_MAP_TYPE_PROG_ARRAY)
		return 0;
	owner = kbpf_prog_array_owner(map);
	if (owner && owner != c->prog->type)
		return kbpf_reject(c, idx, -EINVAL, "%s: map %u holds programs of type %u, not of this program's type %u",
				   name, ca->map_idx, owner, c->prog->type);
	return 0;
}

static int check_arg(struct checker *c, u32 idx, const struct kbpf_helper_proto *p,
		     u32 i, struct call_args *ca)
{
	u32 regno = i + 1, size;
	struct vreg *r = &cur_regs(c)[regno];
	const char *name = helper_name(p);
	u8 next = i + 1 < KBPF_HELPER_MAX_ARGS ? p->args[i + 1] : KBPF_ARG_NONE;
	int err;

	switch (p->args[i]) {
	case KBPF_ARG_ADDR_TO_READ:
		/*
		 * A nofault copy reads through it and keeps it nowhere: a
		 * pointer (a tracepoint record's __data_loc string, say)
		 * cannot escape here, unlike through ANYTHING.
		 */
		return 0;
	case KBPF_ARG_ANYTHING:
		if (is_ptr(r))
			return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of %s) is %s; this argument takes a number, and kbpf lets no pointer escape as one",
					   regno, regno, name, reg_type_name(r->type));
		return 0;
	case KBPF_ARG_CONST_MAP_PTR:
		if (r->type != CONST_PTR_TO_MAP)
			return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of %s) must be a map (lddw map reference), not %s",
					   regno, regno, name, reg_type_name(r->type));
		ca->map = c->prog->maps[r->aux];
		ca->map_idx = r->aux;
		return check_map_func(c, idx, p, regno, ca);
	case KBPF_ARG_PTR_TO_MAP_KEY:
	case KBPF_ARG_PTR_TO_MAP_VALUE:
		if (!ca->map)
			return kbpf_reject(c, idx, -EINVAL, "%s: key or value argument without a map argument before it", name);
		size = p->args[i] == KBPF_ARG_PTR_TO_MAP_KEY ? ca->map->key_size :
			ca->map->value_size;
		return check_mem_region(c, idx, regno, size, false, false, name);
	case KBPF_ARG_PTR_TO_MEM:
	case KBPF_ARG_PTR_TO_UNINIT_MEM:
		if (next != KBPF_ARG_CONST_SIZE && next != KBPF_ARG_CONST_SIZE_OR_ZERO)
			return kbpf_reject(c, idx, -EINVAL, "%s: memory argument %u has no size argument after it", name, regno);
		err = check_size_arg(c, idx, regno + 1, next == KBPF_ARG_CONST_SIZE_OR_ZERO,
				     name, &size);
		if (err)
			return err;
		/* NULL with size 0, where the helper takes a size of 0. */
		if (!size && next == KBPF_ARG_CONST_SIZE_OR_ZERO &&
		    r->type == SCALAR && scalar_is_const(r) && !r->var.value)
			return 0;
		return check_mem_region(c, idx, regno, size,
					p->args[i] == KBPF_ARG_PTR_TO_UNINIT_MEM,
					next == KBPF_ARG_CONST_SIZE_OR_ZERO, name);
	case KBPF_ARG_CONST_SIZE:
	case KBPF_ARG_CONST_SIZE_OR_ZERO:
		return check_size_arg(c, idx, regno, p->args[i] == KBPF_ARG_CONST_SIZE_OR_ZERO,
				      name, &size);
	case KBPF_ARG_PTR_TO_CTX:
		if (r->type != PTR_TO_CTX || !is_unmodified(r))
			return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of %s) must be the context pointer, unmodified; it is %s",
					   regno, regno, name, reg_type_name(r->type));
		return 0;
	case KBPF_ARG_CONST_ALLOC_SIZE_OR_ZERO:
		if (!scalar_is_const(r))
			return kbpf_reject(c, idx, -EACCES, "r%u (size argument of %s) must be a known constant",
					   regno, name);
		if (r->var.value > KBPF_MAX_VAR_OFF)
			return kbpf_reject(c, idx, -EACCES, "r%u (size argument of %s) is too large: %llu",
					   regno, name, (unsigned long long)r->var.value);
		ca->alloc_size = r->var.value;
		return 0;
	case KBPF_ARG_PTR_TO_ALLOC_MEM:
		if (r->type != PTR_TO_MEM || !r->ref_id || !is_unmodified(r))
			return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of %s) must be memory a reserve helper returned, unmodified and checked against NULL; it is %s",
					   regno, regno, name, reg_type_name(r->type));
		if (p->releases)
			ca->release = r->ref_id;
		return 0;
	case KBPF_ARG_PTR_TO_CONST_STR:
		return check_const_str(c, idx, regno, name);
	case KBPF_ARG_PTR_TO_FMT_ARGS:
		if (i == 0 || p->args[i - 1] != KBPF_ARG_PTR_TO_CONST_STR ||
		    (next != KBPF_ARG_CONST_SIZE && next != KBPF_ARG_CONST_SIZE_OR_ZERO))
			return kbpf_reject(c, idx, -EINVAL, "%s: format arguments need a format before them and a size after", name);
		return check_fmt_args(c, idx, regno, name);
	case KBPF_ARG_PTR_TO_LONG:
		if (r->type == PTR_TO_STACK || r->type == PTR_TO_MAP_VALUE) {
			if (!tnum_is_const(r->var) || (r->off + r->var.value) % 8)
				return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of %s) must be 8-byte aligned",
						   regno, regno, name);
		}
		return check_mem_region(c, idx, regno, 8, true, false, name);
	}
	return kbpf_reject(c, idx, -EINVAL, "%s: unknown argument kind %u", name, p->args[i]);
}

static int set_return(struct checker *c, u32 idx, const struct kbpf_helper_proto *p,
		      const struct call_args *ca)
{
	struct vreg *r0 = &cur_regs(c)[0];
	int err;

	switch (p->ret) {
	case KBPF_RET_VOID:
		reg_mark_not_init(r0);
		return 0;
	case KBPF_RET_MAP_VALUE_OR_NULL:
		if (!ca->map)
			return kbpf_reject(c, idx, -EINVAL, "%s returns a map value but takes no map", helper_name(p));
		reg_mark_ptr(r0, PTR_TO_MAP_VALUE_OR_NULL);
		r0->aux = ca->map_idx;
		r0->id = new_id(c);
		r0->origin = idx;
		return 0;
	case KBPF_RET_ALLOC_MEM_OR_NULL:
		reg_mark_ptr(r0, PTR_TO_MEM_OR_NULL);
		r0->aux = ca->alloc_size;
		r0->id = new_id(c);
		r0->origin = idx;
		err = acquire_ref(c, idx, &r0->ref_id);
		return err;
	default:
		scalar_set_unknown(r0);
		return 0;
	}
}

/*
 * The engines implement tail calls themselves. Like Linux on engines that
 * cannot combine them (its interpreter, arm64 in 6.1), kbpf refuses a
 * tail call in a program that also has bpf-to-bpf calls: the target would
 * replace a frame the caller's callers still return into.
 */
static int check_tail_call(struct checker *c, u32 idx)
{
	if (c->nr_subprogs > 1)
		return kbpf_reject(c, idx, -EINVAL, "tail calls and bpf-to-bpf calls may not be mixed in one program");
	/*
	 * A tail call that succeeds never returns: a reservation held here
	 * would stay reserved for good and stall the ring buffer's consumer.
	 */
	if (c->cur->nrefs)
		return kbpf_reject(c, idx, -EINVAL, "a tail call does not return: release the reference from insn %u first",
				   c->cur->ref_insn[0]);
	c->prog->tail_calls = true;
	return 0;
}

/*
 * LD_ABS / LD_IND read the packet of the context in r6 and may end the
 * program with 0: no reference may be held then, as Linux requires.
 * They clobber r1-r5 like a call and leave a zero-extended value in r0.
 */
int check_ld_pkt(struct checker *c, u32 idx)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	struct vreg *regs = cur_regs(c);
	u32 size = insn->code & 0x18, i;
	const struct vreg *src = &regs[insn->src_reg];

	if (regs[6].type != PTR_TO_CTX || !is_unmodified(&regs[6]))
		return kbpf_reject(c, idx, -EACCES, "r6 must hold the context pointer, unmodified, for a legacy packet load; it is %s",
				   reg_type_name(regs[6].type));
	if (KBPF_MODE(insn->code) == KBPF_IND && src->type != SCALAR)
		return kbpf_reject(c, idx, -EACCES, "r%u (offset of LD_IND) must be a number; it is %s",
				   insn->src_reg, reg_type_name(src->type));
	if (c->cur->nrefs)
		return kbpf_reject(c, idx, -EINVAL, "a legacy packet load may end the program: release the reference from insn %u first",
				   c->cur->ref_insn[0]);
	for (i = 1; i <= 5; i++)
		reg_mark_not_init(&regs[i]);
	scalar_set_range(&regs[0], 0, size == KBPF_B ? 0xff :
			 size == KBPF_H ? 0xffff : U32_MAX);
	return 0;
}

/* The prototype of the helper @idx calls, if this program may call it. */
static int helper_lookup(struct checker *c, u32 idx,
			 const struct kbpf_helper_proto **proto)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	const struct kbpf_verify_opts *o = c->opts;
	const struct kbpf_helper_proto *p = NULL;
	int err;

	if (o->helper_proto)
		p = o->helper_proto(insn->imm, c->prog->type);
	if (!p)
		return kbpf_reject(c, idx, -EINVAL, "unknown helper %d, or one this program type may not call",
				   insn->imm);
	if (insn->imm == KBPF_FUNC_tail_call) {
		err = check_tail_call(c, idx);
		if (err)
			return err;
	} else if (insn->imm < 0 || (u32)insn->imm >= o->nr_helpers || !o->helpers ||
		   !o->helpers[insn->imm]) {
		return kbpf_reject(c, idx, -EINVAL, "helper %d (%s) has no implementation here",
				   insn->imm, helper_name(p));
	}
	if (p->gpl_only && !c->prog->gpl_compatible)
		return kbpf_reject(c, idx, -EINVAL, "helper %s is GPL-only and the program's license is not GPL-compatible",
				   helper_name(p));
	*proto = p;
	return 0;
}

/* The map this path gives a lookup at @idx: one for all, or many. */
static void note_call_map(struct checker *c, u32 idx, const struct call_args *ca)
{
	u32 *seen = &c->call_map[idx];

	if (!*seen)
		*seen = ca->map_idx + 1;
	else if (*seen != ca->map_idx + 1)
		*seen = CALL_MAP_MANY;
}

int check_helper_call(struct checker *c, u32 idx)
{
	const struct kbpf_insn *insn = &c->prog->insns[idx];
	const struct kbpf_helper_proto *p = NULL;
	struct call_args ca = { .func_id = insn->imm };
	struct vreg *regs = cur_regs(c);
	u32 i;
	int err;

	err = helper_lookup(c, idx, &p);
	if (err)
		return err;
	for (i = 0; i < KBPF_HELPER_MAX_ARGS && p->args[i] != KBPF_ARG_NONE; i++) {
		if (regs[i + 1].type == NOT_INIT)
			return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of %s) was never written",
					   i + 1, i + 1, helper_name(p));
		err = check_arg(c, idx, p, i, &ca);
		if (err)
			return err;
	}
	if (ca.func_id == KBPF_FUNC_trace_printk) {
		err = check_printk_args(c, idx);
		if (err)
			return err;
	}
	if (ca.func_id == KBPF_FUNC_map_lookup_elem && c->call_map)
		note_call_map(c, idx, &ca);
	if (ca.release)
		release_ref(c->cur, ca.release);
	regs = cur_regs(c);
	for (i = 1; i <= 5; i++)
		reg_mark_not_init(&regs[i]);
	return set_return(c, idx, p, &ca);
}

/* bpf_loop's r2 and r3: a callback this frame loaded, and what it gets. */
static int check_loop_args(struct checker *c, u32 idx)
{
	const struct vreg *regs = cur_regs(c);
	const struct vreg *fn = &regs[2], *ctx = &regs[3], *flags = &regs[4];
	u32 i;

	for (i = 1; i <= 4; i++)
		if (regs[i].type == NOT_INIT)
			return kbpf_reject(c, idx, -EACCES, "r%u (argument %u of loop) was never written",
					   i, i);
	if (regs[1].type != SCALAR)
		return kbpf_reject(c, idx, -EACCES, "r1 (nr_loops of loop) is %s, not a number",
				   reg_type_name(regs[1].type));
	if (fn->type != PTR_TO_FUNC)
		return kbpf_reject(c, idx, -EACCES, "r2 (callback of loop) is %s; it must be the address of a static function (lddw source 4)",
				   reg_type_name(fn->type));
	if (fn->frameno != c->cur->curframe)
		return kbpf_reject(c, idx, -EACCES, "r2 (callback of loop) was loaded in another function; load the callback's address in the function that calls loop");
	if (ctx->type != PTR_TO_STACK && ctx->type != PTR_TO_MAP_VALUE &&
	    !(ctx->type == SCALAR && scalar_is_const(ctx) && !ctx->var.value))
		return kbpf_reject(c, idx, -EACCES, "r3 (callback_ctx of loop) is %s; it must point to the stack or a map value, or be NULL",
				   reg_type_name(ctx->type));
	if (flags->type != SCALAR || !scalar_is_const(flags) || flags->var.value)
		return kbpf_reject(c, idx, -EINVAL, "r4 (flags of loop) must be 0");
	return 0;
}

/*
 * The callback's first frame: r1 the index, below the calls the helper
 * makes (at most KBPF_MAX_LOOPS, and fewer than r1's largest value), r2
 * the context as the caller passed it.
 */
static int push_callback(struct checker *c, u32 idx, u32 calls)
{
	struct vstate *st = state_clone(c, c->cur);
	const struct vreg *regs = cur_regs(c);
	struct vframe *f;

	if (!st)
		return -ENOMEM;
	f = frame_alloc(c);
	if (!f) {
		state_free(c, st);
		return -ENOMEM;
	}
	scalar_set_range(&f->regs[1], 0, calls - 1);
	f->regs[2] = regs[3];
	reg_mark_ptr(&f->regs[10], PTR_TO_STACK);
	f->regs[10].frameno = st->curframe + 1;
	f->callsite = idx;
	f->subprog = regs[2].aux;
	f->callback = true;
	f->gen = new_id(c);
	st->frame[++st->curframe] = f;
	st->insn = c->subprogs[f->subprog].start;
	return push_branch(c, st);
}

/*
 * bpf_loop(nr_loops, callback, ctx, flags) calls the callback 0 to
 * nr_loops times. Verified as Linux 6.7 does it, not as 6.1 (once, which
 * is unsound): this path goes on after the call as if the loop ended
 * here, and a branch runs the callback in a new frame; its exit comes
 * back to this call (check_exit), which forks again. The call is a loop
 * head (visit): the iterations stop when a state repeats, widened.
 */
int check_loop_call(struct checker *c, u32 idx, u32 *next)
{
	const struct kbpf_helper_proto *p;
	struct vreg *regs = cur_regs(c);
	u32 calls, i;
	int err;

	err = helper_lookup(c, idx, &p);
	if (!err)
		err = check_loop_args(c, idx);
	if (err)
		return err;
	calls = min_t(u32, regs[1].u32max, KBPF_MAX_LOOPS);
	if (calls && regs[1].u32min <= KBPF_MAX_LOOPS) {
		if (c->cur->curframe + 1 >= KBPF_MAX_CALL_FRAMES)
			return kbpf_reject(c, idx, -E2BIG, "call chain is deeper than %d frames (loop's callback runs in a frame of its own)",
					   KBPF_MAX_CALL_FRAMES);
		err = push_callback(c, idx, calls);
		if (err)
			return err;
	}
	regs = cur_regs(c);
	for (i = 1; i <= 5; i++)
		reg_mark_not_init(&regs[i]);
	scalar_set_unknown(&regs[0]);
	*next = idx + 1;
	return 0;
}

int check_local_call(struct checker *c, u32 idx, u32 *next)
{
	struct vstate *st = c->cur;
	u32 target = idx + 1 + c->prog->insns[idx].imm;
	struct vframe *caller = st->frame[st->curframe], *f;
	u32 i;

	if (st->curframe + 1 >= KBPF_MAX_CALL_FRAMES)
		return kbpf_reject(c, idx, -E2BIG, "call chain is deeper than %d frames",
				   KBPF_MAX_CALL_FRAMES);
	f = frame_alloc(c);
	if (!f)
		return -ENOMEM;
	for (i = 1; i <= 5; i++)
		f->regs[i] = caller->regs[i];
	reg_mark_ptr(&f->regs[10], PTR_TO_STACK);
	f->regs[10].frameno = st->curframe + 1;
	f->callsite = idx;
	f->subprog = kbpf_subprog_at(c, target);
	f->gen = new_id(c);
	st->frame[++st->curframe] = f;
	*next = target;
	return 0;
}

static int check_main_exit(struct checker *c, u32 idx)
{
	const struct vreg *r0 = &cur_regs(c)[0];
	const struct vstate *st = c->cur;

	if (r0->type == NOT_INIT)
		return kbpf_reject(c, idx, -EACCES, "r0 is returned but was never written on this path");
	if (is_ptr(r0))
		return kbpf_reject(c, idx, -EACCES, "r0 is %s; returning it would leak a kernel address",
				   reg_type_name(r0->type));
	if (st->nrefs)
		return kbpf_reject(c, idx, -EINVAL, "unreleased reference: memory reserved at insn %u is neither submitted nor discarded on this path",
				   st->ref_insn[0]);
	return 0;
}

/*
 * A loop callback returns 0 (go on) or 1 (stop). Its caller's registers
 * are as they were at the call, arguments included, so the path goes
 * back to the call itself: one more iteration, or the end (visit()).
 */
static int callback_exit(struct checker *c, u32 idx, u32 *next)
{
	struct vstate *st = c->cur;
	struct vframe *callee = st->frame[st->curframe];
	const struct vreg *r0 = &callee->regs[0];
	char num[64];

	if (r0->type != SCALAR)
		return kbpf_reject(c, idx, -EACCES, "the callback of loop returns r0, %s; it must return 0 (continue) or 1 (stop)",
				   reg_type_name(r0->type));
	if (r0->umax > 1) {
		reg_describe(num, sizeof(num), r0);
		return kbpf_reject(c, idx, -EINVAL, "the callback of loop returns r0 = %s; it must return 0 (continue) or 1 (stop)",
				   num);
	}
	*next = callee->callsite;
	frame_free(c, callee);
	st->frame[st->curframe--] = NULL;
	st->loop_back = true;
	return 0;
}

int check_exit(struct checker *c, u32 idx, u32 *next, bool *done)
{
	struct vstate *st = c->cur;
	struct vframe *callee, *caller;
	const struct vreg *r0;
	u32 i;

	if (!st->curframe) {
		*done = true;
		return check_main_exit(c, idx);
	}
	callee = st->frame[st->curframe];
	caller = st->frame[st->curframe - 1];
	r0 = &callee->regs[0];
	if (r0->type == NOT_INIT)
		return kbpf_reject(c, idx, -EACCES, "r0 is returned but was never written on this path");
	if (callee->callback)
		return callback_exit(c, idx, next);
	if (r0->type == PTR_TO_STACK && r0->frameno == st->curframe)
		return kbpf_reject(c, idx, -EACCES, "r0 points into the returning function's own stack, which is gone after the return");
	caller->regs[0] = *r0;
	for (i = 1; i <= 5; i++)
		reg_mark_not_init(&caller->regs[i]);
	*next = callee->callsite + 1;
	frame_free(c, callee);
	st->frame[st->curframe--] = NULL;
	return 0;
}
