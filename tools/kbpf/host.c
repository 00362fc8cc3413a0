// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host backend: the module's verifier and interpreter, compiled into
 * this process from the same sources, behind the same UAPI structs and
 * errors as /dev/kbpf.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include "backend.h"
#include "../../helpers/helpers.h"
#include "../../verifier/verifier.h"
#include "../../maps/maps.h"

#define HOST_MAX_PROGS	64

static struct kbpf_prog *progs[HOST_MAX_PROGS];

/*
 * The host keeps no maps between runs of the tool, so no descriptor is a
 * map here: a program naming one fails as the module fails for a closed
 * descriptor (EBADF), with the same log line.
 */
static struct kbpf_map *host_map_get(void *ctx, s32 fd, int *err)
{
	*err = -EBADF;
	return NULL;
}

static void host_map_put(struct kbpf_map *map)
{
}

static int host_prog_load(struct kbpf_prog_load *attr)
{
	struct kbpf_verify_opts vopts = {
		.mode = KBPF_VERIFY_FULL,
		.helper_proto = kbpf_helper_proto,
	};
	struct kbpf_log log = {
		.buf = (char *)(uintptr_t)attr->log_buf,
		.size = attr->log_size,
		.level = attr->log_level,
	};
	struct kbpf_map_resolver maps = {
		.get = host_map_get, .put = host_map_put,
		.fd_array = (const s32 *)(uintptr_t)attr->fd_array,
		.fd_array_cnt = attr->fd_array_cnt,
	};
	struct kbpf_verify_result res;
	struct kbpf_prog *prog;
	int slot, err;

	vopts.helpers = kbpf_helper_table(&vopts.nr_helpers);
	for (slot = 0; slot < HOST_MAX_PROGS && progs[slot]; slot++)
		;
	if (slot == HOST_MAX_PROGS)
		return -EMFILE;
	err = kbpf_prog_load_check(attr);
	if (err)
		return err;
	prog = kbpf_prog_alloc(attr->insn_cnt);
	if (!prog)
		return -ENOMEM;
	prog->type = attr->prog_type;
	if (attr->license)
		prog->gpl_compatible =
			kbpf_license_is_gpl((const char *)(uintptr_t)attr->license);
	memcpy(prog->name, attr->name, sizeof(prog->name));
	memcpy(prog->insns, (void *)(uintptr_t)attr->insns,
	       (size_t)attr->insn_cnt * sizeof(prog->insns[0]));
	res.err_insn = ~0U;
	err = kbpf_prog_resolve_maps(prog, &maps, &log, &res.err_insn);
	if (!err)
		err = kbpf_verify(prog, &vopts, &log, &res);
	kbpf_log_finish(&log);
	attr->log_true_size = attr->log_level ? log.true_len + 1 : 0;
	attr->err_insn = res.err_insn;
	if (err) {
		kbpf_prog_free(prog);
		return err;
	}
	kbpf_interp_select(prog);
	progs[slot] = prog;
	return slot;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int host_prog_test_run(struct kbpf_prog_test_run *attr)
{
	struct kbpf_prog *prog;
	uint64_t start;
	uint32_t i, repeat = attr->repeat ? attr->repeat : 1;

	if (attr->prog_fd >= HOST_MAX_PROGS || !progs[attr->prog_fd])
		return -EBADF;
	prog = progs[attr->prog_fd];
	start = now_ns();
	for (i = 0; i < repeat; i++)
		attr->retval = kbpf_prog_run(prog, NULL);
	attr->duration_ns = (now_ns() - start) / repeat;
	return 0;
}

const struct kbpf_backend kbpf_host_backend = {
	.name = "host",
	.prog_load = host_prog_load,
	.prog_test_run = host_prog_test_run,
};
