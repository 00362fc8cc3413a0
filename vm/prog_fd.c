// SPDX-License-Identifier: GPL-2.0-only
/*
 * Program commands: PROG_LOAD, PROG_TEST_RUN, OBJ_GET_INFO and PROG_DUMP.
 * A loaded program is a kbpf object (vm/obj.c) whose body is the
 * struct kbpf_prog the engines run.
 */
#include <linux/capability.h>
#include <linux/ktime.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "module.h"
#include "obj.h"
#include "../verifier/verifier.h"
#include "../helpers/helpers.h"
#include "../hooks/hooks.h"
#include "../maps/maps.h"

#define KBPF_LICENSE_MAX	128

/* Records whether the license allows GPL-only helpers. */
static int copy_license(const struct kbpf_prog_load *attr,
			struct kbpf_prog *prog)
{
	char license[KBPF_LICENSE_MAX];
	long len;

	if (!attr->license)
		return 0;
	len = strncpy_from_user(license, u64_to_user_ptr(attr->license),
				sizeof(license));
	if (len < 0)
		return len;
	if (len == sizeof(license))
		return -EINVAL;
	prog->gpl_compatible = kbpf_license_is_gpl(license);
	return 0;
}

static void prog_free_body(void *body)
{
	kbpf_prog_free(body);
}

static struct kbpf_prog *fd_prog_get(u32 fd, int *err)
{
	struct kbpf_obj *obj = kbpf_obj_from_fd(fd, KBPF_OBJ_PROG);

	if (IS_ERR(obj)) {
		*err = PTR_ERR(obj);
		return NULL;
	}
	return obj->body;
}

/* The program is freed after a grace period: a tail call may still run it. */
static void fd_prog_put(struct kbpf_prog *prog)
{
	kbpf_obj_put(prog->owner);
}

static u32 fd_prog_id(const struct kbpf_prog *prog)
{
	return ((const struct kbpf_obj *)prog->owner)->id;
}

const struct kbpf_prog_ref_ops kbpf_module_prog_ref = {
	.get = fd_prog_get, .put = fd_prog_put, .id = fd_prog_id,
};

/*
 * The tracepoint a program names at load bounds its context reads by the
 * record's size; unknown sizes keep the type's bound.
 */
static int load_target(const struct kbpf_prog_load *attr, char *target,
		       struct kbpf_verify_opts *opts, struct kbpf_log *log)
{
	long len;
	int err;

	if (!attr->attach_target)
		return 0;
	len = strncpy_from_user(target, u64_to_user_ptr(attr->attach_target),
				KBPF_TARGET_NAME_LEN);
	if (len < 0)
		return len;
	if (!len || len == KBPF_TARGET_NAME_LEN)
		return -EINVAL;
	err = kbpf_tracepoint_record_size(target, &opts->ctx_size);
	if (err) {
		kbpf_log_write(log, "attach target '%s': %s\n", target,
			       err == -ENOENT ? "no such tracepoint" :
			       "not a tracepoint name (category:name)");
		return err;
	}
	opts->ctx_target = target;
	return 0;
}

static int verify_prog(struct kbpf_prog *prog, struct kbpf_prog_load *attr)
{
	char target[KBPF_TARGET_NAME_LEN];
	struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_FULL,
		.helper_proto = kbpf_helper_proto,
	};
	struct kbpf_verify_result res = { .err_insn = ~0U };
	struct kbpf_log log = { 0 };
	u64 start;
	int err;

	kbpf_log_set_level(&log, attr->log_level);
	opts.helpers = kbpf_helper_table(&opts.nr_helpers);
	if (attr->log_level) {
		log.size = attr->log_size;
		log.buf = kvzalloc(log.size, GFP_KERNEL_ACCOUNT);
		if (!log.buf)
			return -ENOMEM;
	}
	err = load_target(attr, target, &opts, &log);
	if (err)
		goto out_log;
	/* Line info and lddw map references first: the verifier uses both. */
	err = kbpf_linfo_load(prog, attr, &log);
	if (!err)
		err = kbpf_prog_load_maps(prog, attr->fd_array, attr->fd_array_cnt,
					  &log, &res.err_insn);
	if (!err) {
		start = ktime_get_ns();
		err = kbpf_verify(prog, &opts, &log, &res);
		res.stats.time_ns = ktime_get_ns() - start;
		kbpf_log_stats(&log, &res.stats);
	}
out_log:
	attr->err_insn = res.err_insn;
	kbpf_verify_stats_out(attr, &res.stats);
	attr->log_flags = 0;
	if (attr->log_level) {
		kbpf_log_finish(&log);
		attr->log_true_size = min_t(u64, log.true_len + 1, U32_MAX);
		if (log.true_len + 1 > log.size)
			attr->log_flags |= KBPF_LOG_F_TRUNCATED;
		if (copy_to_user(u64_to_user_ptr(attr->log_buf), log.buf,
				 min_t(u64, log.true_len + 1, log.size)))
			err = -EFAULT;
		kvfree(log.buf);
	}
	return err;
}

long kbpf_prog_load_cmd(void __user *uarg)
{
	struct kbpf_charge charge;
	struct kbpf_prog_load attr;
	struct kbpf_run_stats __percpu *stats;
	struct kbpf_prog *prog;
	struct kbpf_obj *obj;
	u32 usize;
	int fd, err;

	/* Callers from before fd_array send the shorter struct. */
	err = kbpf_copy_cmd_in(&attr, sizeof(attr),
			       offsetof(struct kbpf_prog_load, fd_array), uarg,
			       &usize);
	if (err)
		return err;
	err = kbpf_prog_load_check(&attr);
	if (err)
		return err;
	/* Before the work: verification of a million instructions is not free. */
	err = kbpf_quota_charge(&charge, KBPF_OBJ_PROG, sizeof(*prog) +
				(u64)attr.insn_cnt * sizeof(prog->insns[0]));
	if (err)
		return err;
	err = -ENOMEM;
	prog = kbpf_prog_alloc(attr.insn_cnt);
	if (!prog)
		goto err_charge;
	err = copy_license(&attr, prog);
	if (err)
		goto err_prog;
	prog->type = attr.prog_type;
	memcpy(prog->name, attr.name, sizeof(prog->name));
	if (copy_from_user(prog->insns, u64_to_user_ptr(attr.insns),
			   (size_t)attr.insn_cnt * sizeof(prog->insns[0]))) {
		err = -EFAULT;
		goto err_prog;
	}
	kbpf_prog_tag(prog);

	err = verify_prog(prog, &attr);
	if (kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize) && !err)
		err = -EFAULT;
	if (err)
		goto err_prog;
	kbpf_interp_select(prog);
	if (!(attr.flags & KBPF_PROG_LOAD_F_NO_JIT))
		kbpf_module_jit(prog);
	/* A chain never changes engine: Linux's bpf_prog_array_compatible. */
	err = kbpf_prog_claim_tail_engine(prog);
	if (err)
		goto err_prog;

	stats = alloc_percpu_gfp(struct kbpf_run_stats, GFP_KERNEL_ACCOUNT);
	if (!stats) {
		err = -ENOMEM;
		goto err_prog;
	}
	obj = kbpf_obj_create(KBPF_OBJ_PROG, prog, prog_free_body, &charge);
	if (IS_ERR(obj)) {
		err = PTR_ERR(obj);
		goto err_stats;
	}
	obj->stats = stats;
	prog->owner = obj;
	fd = kbpf_obj_new_fd(obj);
	if (fd < 0)
		kbpf_obj_put(obj);	/* frees the program too */
	return fd;

err_stats:
	free_percpu(stats);
err_prog:
	kbpf_prog_free(prog);
err_charge:
	kbpf_quota_uncharge(&charge);
	return err;
}

/*
 * Long runs yield the CPU and stop early for a signal, like Linux; the
 * clock stops while we are scheduled out, so the mean is the program's.
 */
static int run_repeated(const struct kbpf_obj *obj, const void *ctx, u32 repeat,
			u64 *retval, u64 *total_ns)
{
	u64 start;
	u32 i;

	*total_ns = 0;
	migrate_disable();
	rcu_read_lock();
	start = ktime_get_ns();
	for (i = 0; i < repeat; i++) {
		*retval = kbpf_obj_run(obj, ctx);
		if (!need_resched())
			continue;
		*total_ns += ktime_get_ns() - start;
		rcu_read_unlock();
		migrate_enable();
		if (signal_pending(current))
			return -EINTR;
		cond_resched();
		migrate_disable();
		rcu_read_lock();
		start = ktime_get_ns();
	}
	*total_ns += ktime_get_ns() - start;
	rcu_read_unlock();
	migrate_enable();
	return 0;
}

/*
 * The context a test run gives the program: as much as its type may
 * touch (the verifier allowed that much), from ctx_in, zero-filled, with
 * the fields the verifier treats as pointers cleared.
 */
static void *test_ctx_in(const struct kbpf_prog *prog,
			 const struct kbpf_prog_test_run *attr, u32 *size)
{
	void *ctx;

	*size = kbpf_ctx_size(prog->type);
	if (attr->ctx_size_in > *size || (!attr->ctx_in != !attr->ctx_size_in))
		return ERR_PTR(-EINVAL);
	if (attr->ctx_out && !attr->ctx_size_out)
		return ERR_PTR(-EINVAL);
	/* A socket filter's context carries the packet pointers too. */
	ctx = kzalloc(max_t(u32, *size, sizeof(struct kbpf_skb_ctx)),
		      GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	if (attr->ctx_size_in &&
	    copy_from_user(ctx, u64_to_user_ptr(attr->ctx_in), attr->ctx_size_in)) {
		kfree(ctx);
		return ERR_PTR(-EFAULT);
	}
	kbpf_ctx_sanitize(prog->type, ctx);
	return ctx;
}

/* The context after the run; ENOSPC (with what fits) if ctx_out is short. */
static int test_ctx_out(struct kbpf_prog_test_run *attr, const void *ctx,
			u32 size)
{
	u32 n = min(size, attr->ctx_size_out);

	if (!attr->ctx_out)
		return 0;
	if (copy_to_user(u64_to_user_ptr(attr->ctx_out), ctx, n))
		return -EFAULT;
	attr->ctx_size_out = size;
	return n < size ? -ENOSPC : 0;
}

#define KBPF_TEST_DATA_MAX	65535

/* data_in of a socket filter: the packet LD_ABS and data..data_end reach. */
static void *test_data_in(const struct kbpf_prog *prog,
			  const struct kbpf_prog_test_run *attr, void *ctx)
{
	void *data;

	if (attr->pad || !attr->data_in != !attr->data_size_in)
		return ERR_PTR(-EINVAL);
	if (prog->type != KBPF_PROG_TYPE_SOCKET_FILTER) {
		if (attr->data_in)
			return ERR_PTR(-EINVAL);
		return NULL;
	}
	if (attr->data_size_in > KBPF_TEST_DATA_MAX)
		return ERR_PTR(-E2BIG);
	if (!attr->data_size_in)
		return NULL;	/* no packet: ctx_in's len stays */
	data = memdup_user(u64_to_user_ptr(attr->data_in), attr->data_size_in);
	if (!IS_ERR(data))
		kbpf_skb_ctx_set_data(ctx, data, attr->data_size_in);
	return data;
}

/* The packet after the run; ENOSPC (with what fits) if data_out is short. */
static int test_data_out(struct kbpf_prog_test_run *attr, const void *data)
{
	u32 size = data ? attr->data_size_in : 0;
	u32 n = min(size, attr->data_size_out);

	if (!attr->data_out)
		return 0;
	if (n && copy_to_user(u64_to_user_ptr(attr->data_out), data, n))
		return -EFAULT;
	attr->data_size_out = size;
	return n < size ? -ENOSPC : 0;
}

/* data_out's rules, checked before anything runs. */
static int test_data_out_check(const struct kbpf_prog *prog,
			       const struct kbpf_prog_test_run *attr)
{
	if (attr->pad2 || (attr->data_out && !attr->data_size_out))
		return -EINVAL;
	if (attr->data_out && prog->type != KBPF_PROG_TYPE_SOCKET_FILTER)
		return -EINVAL;
	return 0;
}

long kbpf_prog_test_run_cmd(void __user *uarg)
{
	struct kbpf_prog_test_run attr;
	struct kbpf_obj *obj;
	u64 total_ns;
	u32 usize, ctx_size;
	void *ctx, *data;
	int err, ret;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr),
			       offsetof(struct kbpf_prog_test_run, ctx_in), uarg, &usize);
	if (err)
		return err;
	if (attr.flags)
		return -EINVAL;
	obj = kbpf_obj_from_fd(attr.prog_fd, KBPF_OBJ_PROG);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	err = test_data_out_check(obj->body, &attr);
	if (err)
		goto out_obj;
	ctx = test_ctx_in(obj->body, &attr, &ctx_size);
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
		goto out_obj;
	}
	data = test_data_in(obj->body, &attr, ctx);
	if (IS_ERR(data)) {
		err = PTR_ERR(data);
		data = NULL;
		goto out_ctx;
	}
	attr.repeat = max(attr.repeat, 1U);
	err = run_repeated(obj, ctx, attr.repeat, &attr.retval, &total_ns);
	if (err)
		goto out_ctx;
	attr.duration_ns = div_u64(total_ns, attr.repeat);
	err = test_ctx_out(&attr, ctx, ctx_size);
	ret = test_data_out(&attr, data);
	/* A fault beats a short buffer: the caller must hear of it. */
	if (ret && err != -EFAULT)
		err = ret;
	if (kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize))
		err = -EFAULT;
out_ctx:
	kfree(data);
	kfree(ctx);
out_obj:
	kbpf_obj_put(obj);
	return err;
}

static void fill_prog_info(const struct kbpf_obj *obj,
			   struct kbpf_prog_info *info)
{
	const struct kbpf_prog *prog = obj->body;
	int cpu;

	memset(info, 0, sizeof(*info));
	for_each_possible_cpu(cpu) {
		info->run_cnt += per_cpu_ptr(obj->stats, cpu)->cnt;
		info->run_time_ns += per_cpu_ptr(obj->stats, cpu)->ns;
	}
	info->type = prog->type;
	info->id = obj->id;
	memcpy(info->name, prog->name, sizeof(info->name));
	info->insn_cnt = prog->len;
	info->stack_depth = prog->stack_depth;
	if (prog->gpl_compatible)
		info->flags |= KBPF_PROG_INFO_GPL_COMPATIBLE;
	memcpy(info->tag, prog->tag, sizeof(info->tag));
	if (prog->jited) {
		info->flags |= KBPF_PROG_INFO_JITED;
		info->jited_size = prog->jited_len;
	}
	info->load_time_ns = obj->created_ns;
	info->uid = from_kuid_munged(current_user_ns(), obj->uid);
}

/*
 * The info struct is versioned by @info_len like the command structs:
 * bytes the caller does not know about must be zero, and only what fits
 * is written back.
 */
long kbpf_obj_get_info_cmd(void __user *uarg)
{
	struct kbpf_obj_get_info attr;
	struct kbpf_prog_info info;
	struct kbpf_obj *obj;
	u32 usize;
	int err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	if (!attr.info || !attr.info_len)
		return -EINVAL;
	obj = kbpf_obj_from_fd(attr.fd, 0);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (obj->type == KBPF_OBJ_MAP)
		return kbpf_map_get_info(obj, &attr, uarg, usize);
	attr.obj_type = obj->type;
	if (obj->type == KBPF_OBJ_LINK) {
		err = kbpf_link_get_info(obj, u64_to_user_ptr(attr.info),
					 &attr.info_len);
		kbpf_obj_put(obj);
		return err ? err : kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize);
	}
	err = copy_struct_from_user(&info, sizeof(info),
				    u64_to_user_ptr(attr.info), attr.info_len);
	if (!err)
		fill_prog_info(obj, &info);
	kbpf_obj_put(obj);
	if (err)
		return err;
	attr.info_len = min_t(u32, attr.info_len, sizeof(info));
	if (copy_to_user(u64_to_user_ptr(attr.info), &info, attr.info_len))
		return -EFAULT;
	return kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize);
}

/*
 * Translated instructions, or native code followed by the native offset
 * of each instruction (u32s), so a disassembly can say which BPF
 * instruction each block came from. An interpreted program has no
 * native code: length 0.
 */
/* Line info as it was loaded: the records, then the strings. */
static int dump_linfo(const struct kbpf_prog *prog, struct kbpf_prog_dump *attr)
{
	void __user *buf = u64_to_user_ptr(attr->buf);
	u32 recs_len = prog->nr_linfo * sizeof(prog->linfo[0]);

	attr->len = recs_len + prog->linfo_str_size;
	attr->code_len = recs_len;
	if (copy_to_user(buf, prog->linfo, min(recs_len, attr->buf_len)))
		return -EFAULT;
	if (attr->buf_len <= recs_len)
		return 0;
	return copy_to_user(buf + recs_len, prog->linfo_str,
			    min(prog->linfo_str_size, attr->buf_len - recs_len)) ?
	       -EFAULT : 0;
}

/*
 * The map reference a translated lddw loads, back in the program's own
 * terms: map by index, or map value by index and offset. Engines load the
 * map's address (verifier/fixup.c), which must not reach user space.
 */
static bool undo_map_fixup(const struct kbpf_prog *prog, struct kbpf_insn *pair)
{
	u64 addr = (u64)(u32)pair[0].imm | (u64)(u32)pair[1].imm << 32;
	u64 base;
	u32 k;

	for (k = 0; k < prog->nr_maps; k++) {
		const struct kbpf_map *map = prog->maps[k];

		if (addr == (uintptr_t)map) {
			pair[0].src_reg = KBPF_PSEUDO_MAP_IDX;
			pair[0].imm = k;
			pair[1].imm = 0;
			return true;
		}
		if (!map->ops->direct_value_addr ||
		    map->ops->direct_value_addr(map, 0, &base) ||
		    addr < base || addr - base >= map->value_size)
			continue;
		pair[0].src_reg = KBPF_PSEUDO_MAP_IDX_VALUE;
		pair[0].imm = k;
		pair[1].imm = addr - base;
		return true;
	}
	return false;
}

/*
 * A translated lddw as user space may see it: callbacks as the relative
 * jump they were loaded with, map references as indexes. False when the
 * pair loads a plain number and is dumped as it is.
 */
static bool dump_lddw(const struct kbpf_prog *prog, u32 i, struct kbpf_insn *pair)
{
	u64 addr;

	pair[0] = prog->insns[i];
	pair[1] = prog->insns[i + 1];
	if (pair[0].src_reg == KBPF_PSEUDO_FUNC) {
		addr = (u64)(u32)pair[0].imm | (u64)(u32)pair[1].imm << 32;
		pair[0].imm = (s32)((addr - (uintptr_t)&prog->insns[i + 1]) /
				    sizeof(prog->insns[0]));
		pair[1].imm = 0;
		return true;
	}
	return undo_map_fixup(prog, pair);
}

static int dump_xlated(const struct kbpf_prog *prog, struct kbpf_prog_dump *attr)
{
	void __user *buf = u64_to_user_ptr(attr->buf);
	/* A partly copied instruction counts: its bytes must be scrubbed too. */
	u32 n = min_t(u32, DIV_ROUND_UP(attr->buf_len, sizeof(prog->insns[0])),
		      prog->len);
	struct kbpf_insn pair[2];
	u32 i, bytes;

	attr->len = prog->len * sizeof(prog->insns[0]);
	if (copy_to_user(buf, prog->insns, min(attr->len, attr->buf_len)))
		return -EFAULT;
	for (i = 0; i + 1 < prog->len && i < n; i++) {
		if (prog->insns[i].code != (KBPF_LD | KBPF_IMM | KBPF_DW))
			continue;
		if (dump_lddw(prog, i, pair)) {
			bytes = min_t(u32, sizeof(pair),
				      attr->buf_len - i * sizeof(pair[0]));
			if (copy_to_user(buf + i * sizeof(pair[0]), pair, bytes))
				return -EFAULT;
		}
		i++;
	}
	return 0;
}

static int dump_prog(const struct kbpf_prog *prog, struct kbpf_prog_dump *attr)
{
	void __user *buf = u64_to_user_ptr(attr->buf);
	u32 offsets_len = (prog->len + 1) * sizeof(u32);

	if (attr->kind == KBPF_DUMP_XLATED)
		return dump_xlated(prog, attr);
	if (attr->kind == KBPF_DUMP_LINE_INFO)
		return dump_linfo(prog, attr);
	if (!prog->jited) {
		attr->len = 0;
		return 0;
	}
	/*
	 * Native code holds kernel addresses (maps, helpers): shown only to
	 * whom the kernel shows addresses, as Linux's bpf_dump_raw_ok().
	 */
	if (!capable(CAP_SYSLOG))
		return -EPERM;
	attr->len = prog->jited_len + offsets_len;
	attr->code_len = prog->jited_len;
	if (copy_to_user(buf, prog->jited, min(prog->jited_len, attr->buf_len)))
		return -EFAULT;
	if (attr->buf_len <= prog->jited_len)
		return 0;
	return copy_to_user(buf + prog->jited_len, prog->jited_offsets,
			    min(offsets_len, attr->buf_len - prog->jited_len)) ?
	       -EFAULT : 0;
}

long kbpf_prog_dump_cmd(void __user *uarg)
{
	struct kbpf_prog_dump attr;
	const struct kbpf_prog *prog;
	struct kbpf_obj *obj;
	u32 usize;
	int err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	if (attr.code_len || attr.kind > KBPF_DUMP_LINE_INFO ||
	    (attr.buf_len && !attr.buf))
		return -EINVAL;
	obj = kbpf_obj_from_fd(attr.prog_fd, KBPF_OBJ_PROG);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	prog = obj->body;
	err = dump_prog(prog, &attr);
	kbpf_obj_put(obj);
	return err ? err : kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize);
}
