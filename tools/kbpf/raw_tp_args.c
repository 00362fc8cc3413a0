// SPDX-License-Identifier: GPL-2.0-only
/*
 * How many arguments a raw tracepoint passes, from the kernel's own BTF:
 * every tracepoint has a typedef btf_trace_NAME, a pointer to the
 * function its probes are called as, void *data first and then the
 * tracepoint's TP_PROTO arguments (what a raw tracepoint program reads
 * as args[0..N-1]).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include "kbpf.h"

#define VMLINUX_BTF	"/sys/kernel/btf/vmlinux"

static struct btf *vmlinux;

/* $KBPF_VMLINUX_BTF overrides the path, for kernels with it elsewhere. */
static const char *btf_path(void)
{
	const char *p = getenv("KBPF_VMLINUX_BTF");

	return p && *p ? p : VMLINUX_BTF;
}

int kbpf_raw_tp_nr_args(const char *name, char *why, size_t why_size)
{
	const struct btf_type *t;
	char tname[160];
	int id, err;

	if (!vmlinux) {
		vmlinux = btf__parse_raw(btf_path());
		if (!vmlinux) {
			err = errno ? -errno : -ENOENT;
			snprintf(why, why_size, "the kernel's BTF (%s) cannot be read: %s; give the count with 'kbpf link create ... raw_tracepoint %s args N'",
				 btf_path(), strerror(-err), name);
			return err;
		}
	}
	if (snprintf(tname, sizeof(tname), "btf_trace_%s", name) >= (int)sizeof(tname)) {
		snprintf(why, why_size, "raw tracepoint name '%s' is too long", name);
		return -ENAMETOOLONG;
	}
	id = btf__find_by_name_kind(vmlinux, tname, BTF_KIND_TYPEDEF);
	if (id < 0) {
		snprintf(why, why_size, "the kernel's BTF has no tracepoint '%s' (is it in a module? 'kbpf link create ... raw_tracepoint %s args N' sets the count)",
			 name, name);
		return -ENOENT;
	}
	t = btf__type_by_id(vmlinux, id);
	t = t ? btf__type_by_id(vmlinux, t->type) : NULL;
	if (t && btf_is_ptr(t))
		t = btf__type_by_id(vmlinux, t->type);
	if (!t || !btf_is_func_proto(t) || btf_vlen(t) < 1) {
		snprintf(why, why_size, "%s in the kernel's BTF is not a probe prototype", tname);
		return -EINVAL;
	}
	if (btf_vlen(t) - 1 > KBPF_RAW_TP_MAX_ARGS) {
		snprintf(why, why_size, "raw tracepoint '%s' has %u arguments, more than kbpf's %u",
			 name, btf_vlen(t) - 1, KBPF_RAW_TP_MAX_ARGS);
		return -E2BIG;
	}
	return btf_vlen(t) - 1;
}
