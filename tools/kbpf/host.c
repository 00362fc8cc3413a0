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
#include "tp_format.h"
#include "../../helpers/helpers.h"
#include "../../verifier/verifier.h"
#include "../../maps/maps.h"

#define HOST_MAX_PROGS	64

static struct kbpf_prog *progs[HOST_MAX_PROGS];

/*
 * Maps live in this process for as long as the tool runs: created for an
 * object's programs, named by handles from HOST_MAP_BASE on so they never
 * look like program handles. Any other descriptor is closed (EBADF), as
 * in the module.
 */
#define HOST_MAX_MAPS	64
#define HOST_MAP_BASE	1000

static struct kbpf_map *maps[HOST_MAX_MAPS];

static struct kbpf_map *host_map(int handle)
{
	if (handle < HOST_MAP_BASE || handle >= HOST_MAP_BASE + HOST_MAX_MAPS)
		return NULL;
	return maps[handle - HOST_MAP_BASE];
}

static struct kbpf_map *host_map_get(void *ctx, s32 fd, int *err)
{
	struct kbpf_map *map = host_map(fd);

	if (!map)
		*err = -EBADF;
	return map;
}

static void host_map_put(struct kbpf_map *map)
{
}

/* Programs live as long as the tool: a prog_array needs no references. */
static struct kbpf_prog *host_prog_get(u32 fd, int *err)
{
	if (fd >= HOST_MAX_PROGS || !progs[fd]) {
		*err = -EBADF;
		return NULL;
	}
	return progs[fd];
}

static void host_prog_put(struct kbpf_prog *prog)
{
}

static u32 host_prog_id(const struct kbpf_prog *prog)
{
	u32 i;

	for (i = 0; i < HOST_MAX_PROGS && progs[i] != prog; i++)
		;
	return i + 1;
}

static const struct kbpf_prog_ref_ops host_prog_ref = {
	.get = host_prog_get, .put = host_prog_put, .id = host_prog_id,
};

static int host_map_create(const struct kbpf_map_create *attr)
{
	struct kbpf_map_attr a = {
		.type = attr->map_type, .key_size = attr->key_size,
		.value_size = attr->value_size, .max_entries = attr->max_entries,
		.flags = attr->map_flags, .prog_ref = &host_prog_ref,
	};
	struct kbpf_map *map;
	int i;

	for (i = 0; i < HOST_MAX_MAPS && maps[i]; i++)
		;
	if (i == HOST_MAX_MAPS)
		return -EMFILE;
	memcpy(a.name, attr->name, sizeof(a.name));
	map = kbpf_map_create(&a);
	if (IS_ERR(map))
		return PTR_ERR(map);
	maps[i] = map;
	return HOST_MAP_BASE + i;
}

static int host_map_update(int handle, const void *key, const void *value,
			   uint64_t flags)
{
	struct kbpf_map *map = host_map(handle);

	return map ? kbpf_map_update_user(map, key, value, flags) : -EBADF;
}

static int host_map_lookup(int handle, const void *key, void *value)
{
	struct kbpf_map *map = host_map(handle);

	return map ? kbpf_map_lookup_user(map, key, value) : -EBADF;
}

static int host_map_freeze(int handle)
{
	struct kbpf_map *map = host_map(handle);

	return map ? kbpf_map_freeze(map) : -EBADF;
}

/* The module's checks and the same pages; no kernel mapping in between. */
static void *host_map_mmap(int handle, size_t len, bool write, int *err)
{
	struct kbpf_map *map = host_map(handle);
	void *base;
	u64 off;

	*err = map ? kbpf_map_mmap_range(map, 0, len, true, write, &base, &off) :
		     -EBADF;
	return *err ? NULL : (char *)base + off;
}

static void host_map_munmap(int handle, void *addr, size_t len, bool write)
{
	struct kbpf_map *map = host_map(handle);

	if (map && write)
		kbpf_map_writer_put(map);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * The module bounds a tracepoint program's context by its target's
 * record; here the tracefs format file gives the size, and without
 * tracefs (or that event) the bound stays 2048 bytes.
 */
static int host_target(const struct kbpf_prog_load *attr, char *target,
		       struct kbpf_verify_opts *vopts, struct kbpf_log *log)
{
	struct kbpf_tp_format *fmt;
	char err[128];
	int ret;

	if (!attr->attach_target)
		return 0;
	snprintf(target, KBPF_TARGET_NAME_LEN, "%s",
		 (const char *)(uintptr_t)attr->attach_target);
	fmt = calloc(1, sizeof(*fmt));
	if (!fmt)
		return -ENOMEM;
	ret = kbpf_tp_format_read(target, fmt, err, sizeof(err));
	if (ret == -EINVAL) {
		kbpf_log_write(log, "attach target '%s': not a tracepoint name (category:name)\n",
			       target);
	} else if (!ret) {
		vopts->ctx_size = fmt->record_size;
		vopts->ctx_target = target;
	}
	free(fmt);
	return ret == -EINVAL || ret == -ENOMEM ? ret : 0;
}

static int host_prog_load(struct kbpf_prog_load *attr)
{
	char target[KBPF_TARGET_NAME_LEN];
	struct kbpf_verify_opts vopts = {
		.mode = KBPF_VERIFY_FULL,
		.helper_proto = kbpf_helper_proto,
	};
	struct kbpf_log log = {
		.buf = (char *)(uintptr_t)attr->log_buf,
		.size = attr->log_size,
	};
	struct kbpf_map_resolver maps = {
		.get = host_map_get, .put = host_map_put,
		.fd_array = (const s32 *)(uintptr_t)attr->fd_array,
		.fd_array_cnt = attr->fd_array_cnt,
	};
	struct kbpf_verify_result res = { 0 };
	struct kbpf_prog *prog;
	uint64_t start;
	int slot, err;

	kbpf_log_set_level(&log, attr->log_level);
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
	err = host_target(attr, target, &vopts, &log);
	if (!err)
		err = kbpf_linfo_load(prog, attr, &log);
	if (!err)
		err = kbpf_prog_resolve_maps(prog, &maps, &log, &res.err_insn);
	if (!err) {
		start = now_ns();
		err = kbpf_verify(prog, &vopts, &log, &res);
		res.stats.time_ns = now_ns() - start;
		kbpf_log_stats(&log, &res.stats);
	}
	kbpf_verify_stats_out(attr, &res.stats);
	kbpf_log_finish(&log);
	attr->log_true_size = attr->log_level ? log.true_len + 1 : 0;
	attr->log_flags = attr->log_level && log.true_len + 1 > log.size ?
			  KBPF_LOG_F_TRUNCATED : 0;
	attr->err_insn = res.err_insn;
	if (err) {
		kbpf_prog_free(prog);
		return err;
	}
	kbpf_interp_select(prog);
	progs[slot] = prog;
	return slot;
}

/* What fits of @size bytes into @buf of *@buf_size; -ENOSPC if short. */
static int host_copy_out(uint64_t buf, uint32_t *buf_size, const void *src,
			 uint32_t size)
{
	uint32_t n = size < *buf_size ? size : *buf_size;

	if (!buf)
		return 0;
	if (n)
		memcpy((void *)(uintptr_t)buf, src, n);
	*buf_size = size;
	return n < size ? -ENOSPC : 0;
}

static int host_prog_test_run(struct kbpf_prog_test_run *attr)
{
	struct kbpf_prog *prog;
	uint64_t start;
	uint32_t i, repeat = attr->repeat ? attr->repeat : 1;
	uint32_t size;
	void *ctx;
	int err, err2;

	if (attr->prog_fd >= HOST_MAX_PROGS || !progs[attr->prog_fd])
		return -EBADF;
	prog = progs[attr->prog_fd];
	/* The module's rules: see kbpf_prog_test_run_cmd. */
	if (attr->flags || attr->pad2 || (attr->data_out && !attr->data_size_out) ||
	    (attr->data_out && prog->type != KBPF_PROG_TYPE_SOCKET_FILTER))
		return -EINVAL;
	size = kbpf_ctx_size(prog->type);
	if (attr->ctx_size_in > size || !attr->ctx_in != !attr->ctx_size_in ||
	    (attr->ctx_out && !attr->ctx_size_out))
		return -EINVAL;
	if (attr->pad || !attr->data_in != !attr->data_size_in ||
	    (attr->data_in && prog->type != KBPF_PROG_TYPE_SOCKET_FILTER))
		return -EINVAL;
	if (attr->data_size_in > 65535)
		return -E2BIG;
	/* A socket filter's context carries the packet pointers too. */
	ctx = calloc(1, size > sizeof(struct kbpf_skb_ctx) ? size :
		     sizeof(struct kbpf_skb_ctx));
	if (!ctx)
		return -ENOMEM;
	if (attr->ctx_size_in)
		memcpy(ctx, (void *)(uintptr_t)attr->ctx_in, attr->ctx_size_in);
	kbpf_ctx_sanitize(prog->type, ctx);
	if (attr->data_size_in)
		kbpf_skb_ctx_set_data(ctx, (void *)(uintptr_t)attr->data_in,
				      attr->data_size_in);
	start = now_ns();
	for (i = 0; i < repeat; i++)
		attr->retval = kbpf_prog_run(prog, ctx);
	attr->duration_ns = (now_ns() - start) / repeat;
	err = host_copy_out(attr->ctx_out, &attr->ctx_size_out, ctx, size);
	err2 = host_copy_out(attr->data_out, &attr->data_size_out,
			     (void *)(uintptr_t)attr->data_in, attr->data_size_in);
	free(ctx);
	return err ? err : err2;
}

const struct kbpf_backend kbpf_host_backend = {
	.name = "host",
	.prog_load = host_prog_load,
	.prog_test_run = host_prog_test_run,
	.map_create = host_map_create,
	.map_update = host_map_update,
	.map_lookup = host_map_lookup,
	.map_freeze = host_map_freeze,
	.map_mmap = host_map_mmap,
	.map_munmap = host_map_munmap,
};
