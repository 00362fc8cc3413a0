// SPDX-License-Identifier: GPL-2.0-only
/*
 * The loader's half of program <-> map: every lddw that names a map (by
 * descriptor, or by index into the fd_array the loader passed) becomes a
 * reference to an entry of prog->maps, which holds one reference on each
 * distinct map until the program is freed.
 *
 * Afterwards only two lddw map sources remain, whatever user space used:
 * KBPF_PSEUDO_MAP_IDX (imm = index into prog->maps) and
 * KBPF_PSEUDO_MAP_IDX_VALUE (imm = index, second half's imm = offset into
 * the value, unchanged). The verifier checks and rewrites those.
 * Shared by the module and the host backend; the caller says how a
 * descriptor becomes a map.
 */
#include "../maps/maps.h"
#include "../verifier/verifier.h"

#define LDDW	(KBPF_LD | KBPF_IMM | KBPF_DW)

/* The slot of @map in prog->maps, adding it; drops the extra reference. */
static int prog_map_slot(struct kbpf_prog *prog, struct kbpf_map *map,
			 void (*put)(struct kbpf_map *map))
{
	u32 i;

	for (i = 0; i < prog->nr_maps; i++) {
		if (prog->maps[i] == map) {
			put(map);
			return i;
		}
	}
	if (prog->nr_maps == KBPF_MAX_USED_MAPS) {
		put(map);
		return -E2BIG;
	}
	prog->maps[prog->nr_maps] = map;
	return prog->nr_maps++;
}

static int insn_map_fd(const struct kbpf_insn *insn,
		       const struct kbpf_map_resolver *r, struct kbpf_log *log,
		       u32 pc, s32 *fd)
{
	u32 idx = insn->imm;

	if (insn->src_reg == KBPF_PSEUDO_MAP_FD ||
	    insn->src_reg == KBPF_PSEUDO_MAP_VALUE) {
		*fd = insn->imm;
		return 0;
	}
	if (!r->fd_array || idx >= r->fd_array_cnt) {
		kbpf_log_write(log, "insn %u: fd_array index %u out of %u\n",
			       pc, idx, r->fd_array ? r->fd_array_cnt : 0);
		return -EINVAL;
	}
	*fd = r->fd_array[idx];
	return 0;
}

static int resolve_one(struct kbpf_prog *prog, struct kbpf_insn *insn,
		       const struct kbpf_map_resolver *r, struct kbpf_log *log,
		       u32 pc)
{
	bool value = insn->src_reg == KBPF_PSEUDO_MAP_VALUE ||
		     insn->src_reg == KBPF_PSEUDO_MAP_IDX_VALUE;
	struct kbpf_map *map;
	s32 fd;
	int err, slot;

	/* A plain map reference has nothing in its second half. */
	if (!value && insn[1].imm) {
		kbpf_log_write(log, "insn %u: map reference with nonzero upper imm\n", pc);
		return -EINVAL;
	}
	err = insn_map_fd(insn, r, log, pc, &fd);
	if (err)
		return err;
	map = r->get(r->ctx, fd, &err);
	if (!map) {
		kbpf_log_write(log, "insn %u: fd %d is %s\n", pc, fd,
			       err == -EBADF ? "not open" : "not a map");
		return err;
	}
	slot = prog_map_slot(prog, map, r->put);
	if (slot < 0) {
		kbpf_log_write(log, "insn %u: more than %u maps\n", pc,
			       KBPF_MAX_USED_MAPS);
		return slot;
	}
	insn->src_reg = value ? KBPF_PSEUDO_MAP_IDX_VALUE : KBPF_PSEUDO_MAP_IDX;
	insn->imm = slot;
	return 0;
}

static bool is_map_src(u8 src)
{
	return src == KBPF_PSEUDO_MAP_FD || src == KBPF_PSEUDO_MAP_VALUE ||
	       src == KBPF_PSEUDO_MAP_IDX || src == KBPF_PSEUDO_MAP_IDX_VALUE;
}

/*
 * On error, what was resolved so far stays in prog->maps and is released
 * with the program. A truncated lddw is left for the verifier to refuse.
 */
int kbpf_prog_resolve_maps(struct kbpf_prog *prog,
			   const struct kbpf_map_resolver *r,
			   struct kbpf_log *log, u32 *err_insn)
{
	u32 pc;
	int err;

	prog->map_put = r->put;
	for (pc = 0; pc + 1 < prog->len; pc++) {
		struct kbpf_insn *insn = &prog->insns[pc];

		if (insn->code != LDDW)
			continue;
		if (is_map_src(insn->src_reg)) {
			if (!prog->maps) {
				prog->maps = kbpf_zalloc(KBPF_MAX_USED_MAPS *
							 sizeof(prog->maps[0]));
				if (!prog->maps)
					return -ENOMEM;
			}
			err = resolve_one(prog, insn, r, log, pc);
			if (err) {
				*err_insn = pc;
				return err;
			}
		}
		pc++;		/* the second half */
	}
	return 0;
}

void kbpf_prog_release_maps(struct kbpf_prog *prog)
{
	u32 i;

	for (i = 0; i < prog->nr_maps; i++)
		prog->map_put(prog->maps[i]);
	kbpf_free(prog->maps);
	prog->maps = NULL;
	prog->nr_maps = 0;
}
