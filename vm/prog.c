// SPDX-License-Identifier: GPL-2.0-only
/* Program objects: allocation shared by the module and the host library. */
#include "vm.h"
#include "../jit/jit.h"

struct kbpf_prog *kbpf_prog_alloc(u32 len)
{
	struct kbpf_prog *prog;

	if (!len || len > KBPF_MAX_INSNS)
		return NULL;
	prog = kbpf_big_zalloc(sizeof(*prog) + (size_t)len * sizeof(prog->insn_buf[0]));
	if (!prog)
		return NULL;
	prog->len = len;
	prog->insns = prog->insn_buf;
	return prog;
}

/*
 * Maps the loader resolved hold references (map_put says how to drop
 * them); a table a test or fuzzer attaches by hand stays its own.
 */
void kbpf_prog_free(struct kbpf_prog *prog)
{
	if (!prog)
		return;
	kbpf_jit_free(prog);
	if (prog->maps && prog->map_put)
		kbpf_prog_release_maps(prog);
	kbpf_big_free(prog->linfo);
	kbpf_big_free(prog->linfo_str);
	if (prog->insns != prog->insn_buf)
		kbpf_big_free(prog->insns);
	kbpf_big_free(prog);
}

static bool prog_type_known(u32 type)
{
	switch (type) {
	case KBPF_PROG_TYPE_SOCKET_FILTER:
	case KBPF_PROG_TYPE_KPROBE:
	case KBPF_PROG_TYPE_TRACEPOINT:
	case KBPF_PROG_TYPE_RAW_TRACEPOINT:
		return true;
	}
	return false;
}

/*
 * Program and map names as Linux allows them: up to 15 letters, digits,
 * '_' and '.', NUL-terminated.
 */
int kbpf_check_obj_name(const char *name)
{
	size_t i, len = strnlen(name, KBPF_OBJ_NAME_LEN);

	if (len == KBPF_OBJ_NAME_LEN)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && name[i] != '_' && name[i] != '.')
			return -EINVAL;
	return 0;
}

/*
 * Checks a PROG_LOAD request before anything is allocated; shared by the
 * module and the tool's host backend so both refuse the same requests.
 */
int kbpf_prog_load_check(const struct kbpf_prog_load *attr)
{
	if ((attr->flags & ~KBPF_PROG_LOAD_F_NO_JIT) || attr->reserved ||
	    attr->reserved2 || attr->reserved3)
		return -EINVAL;
	if (!attr->fd_array != !attr->fd_array_cnt)
		return -EINVAL;
	if (!prog_type_known(attr->prog_type))
		return -EINVAL;
	if (attr->attach_target && attr->prog_type != KBPF_PROG_TYPE_TRACEPOINT)
		return -EINVAL;
	if (!attr->insn_cnt || !attr->insns)
		return -EINVAL;
	if (attr->insn_cnt > KBPF_MAX_INSNS)
		return -E2BIG;
	if (attr->log_level & ~(KBPF_LOG_LEVEL1 | KBPF_LOG_LEVEL2 | KBPF_LOG_STATS))
		return -EINVAL;
	if (!attr->log_level != !attr->log_buf ||
	    (attr->log_level && (attr->log_size < KBPF_LOG_MIN_SIZE ||
				 attr->log_size > KBPF_LOG_MAX_SIZE)))
		return -EINVAL;
	return kbpf_check_obj_name(attr->name);
}

/*
 * The tag identifies a program's code across loads: FNV-1a over the
 * instructions as user space gave them (before any rewrite), stored
 * big-endian. Linux uses SHA-1 for the same purpose; kbpf tags are not
 * comparable with Linux's.
 */
void kbpf_prog_tag(struct kbpf_prog *prog)
{
	const u8 *p = (const u8 *)prog->insns;
	size_t i, n = (size_t)prog->len * sizeof(prog->insns[0]);
	u64 h = 0xcbf29ce484222325ULL;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	for (i = 0; i < sizeof(prog->tag); i++)
		prog->tag[i] = h >> (56 - 8 * i);
}

/* The licenses the kernel's module loader treats as GPL-compatible. */
bool kbpf_license_is_gpl(const char *license)
{
	static const char * const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gpl); i++)
		if (!strcmp(license, gpl[i]))
			return true;
	return false;
}
