// SPDX-License-Identifier: GPL-2.0-only
/*
 * Link commands: LINK_CREATE, LINK_DETACH, LINK_UPDATE and the link part
 * of OBJ_GET_INFO. A link is a kbpf object (vm/obj.c) whose body is a
 * struct kbpf_link (hooks/hooks.h); its last reference detaches it.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "module.h"
#include "obj.h"
#include "../hooks/hooks.h"

static const struct kbpf_hook_ops *hook_ops(u32 attach_type)
{
	switch (attach_type) {
	case KBPF_ATTACH_KPROBE:
		return &kbpf_kprobe_ops;
	case KBPF_ATTACH_KRETPROBE:
		return &kbpf_kretprobe_ops;
	case KBPF_ATTACH_TRACEPOINT:
		return &kbpf_tracepoint_ops;
	case KBPF_ATTACH_RAW_TRACEPOINT:
		return &kbpf_raw_tracepoint_ops;
	case KBPF_ATTACH_SOCKET:
		return &kbpf_socket_ops;
	case KBPF_ATTACH_NETDEV_INGRESS:
		return &kbpf_netdev_ingress_ops;
	}
	return NULL;
}

static u32 obj_prog_type(const struct kbpf_obj *prog)
{
	const struct kbpf_prog *p = prog->body;

	return p->type;
}

/* Runs in process context from kbpf_obj_put(): the hook may sleep. */
static void link_release(void *body)
{
	struct kbpf_link *link = body;

	mutex_lock(&link->lock);
	if (link->attached)
		link->ops->detach(link);
	link->attached = false;
	mutex_unlock(&link->lock);
	kbpf_obj_put(rcu_dereference_protected(link->prog, true));
}

/* After a grace period: no hook still reads the link. */
static void link_free(void *body)
{
	struct kbpf_link *link = body;

	free_percpu(link->stats);
	kfree(link);
}

static int link_target(struct kbpf_link *link, u64 utarget)
{
	long len;

	if (!utarget)
		return -EINVAL;
	len = strncpy_from_user(link->target, u64_to_user_ptr(utarget),
				sizeof(link->target));
	if (len < 0)
		return len;
	if (!len || len == sizeof(link->target))
		return -EINVAL;
	return 0;
}

static int link_check(const struct kbpf_link_create *attr)
{
	if (attr->flags)
		return -EINVAL;
	if (attr->attach_type == KBPF_ATTACH_SOCKET ?
	    attr->target || attr->target_fd > INT_MAX : attr->target_fd)
		return -EINVAL;
	if (attr->offset && attr->attach_type != KBPF_ATTACH_KPROBE)
		return -EINVAL;
	if (attr->nr_args && attr->attach_type != KBPF_ATTACH_RAW_TRACEPOINT)
		return -EINVAL;
	if (attr->offset > INT_MAX)
		return -EINVAL;
	return 0;
}

static struct kbpf_link *link_alloc(const struct kbpf_link_create *attr,
				    const struct kbpf_hook_ops *ops)
{
	struct kbpf_link *link = kzalloc(sizeof(*link), GFP_KERNEL_ACCOUNT);

	if (!link)
		return NULL;
	link->stats = alloc_percpu_gfp(struct kbpf_link_stats,
				       GFP_KERNEL_ACCOUNT);
	if (!link->stats) {
		kfree(link);
		return NULL;
	}
	mutex_init(&link->lock);
	link->ops = ops;
	link->attach_type = attr->attach_type;
	link->offset = attr->offset;
	link->nr_args = attr->nr_args;
	link->target_fd = attr->target_fd;
	return link;
}

long kbpf_link_create_cmd(void __user *uarg)
{
	const struct kbpf_hook_ops *ops;
	struct kbpf_link_create attr;
	struct kbpf_charge charge;
	struct kbpf_obj *prog, *obj;
	struct kbpf_link *link;
	u32 usize;
	int err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	err = link_check(&attr);
	if (err)
		return err;
	ops = hook_ops(attr.attach_type);
	if (!ops)
		return -EINVAL;
	prog = kbpf_obj_from_fd(attr.prog_fd, KBPF_OBJ_PROG);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	err = -EINVAL;
	if (obj_prog_type(prog) != ops->prog_type)
		goto err_prog;
	err = kbpf_quota_charge(&charge, KBPF_OBJ_LINK, sizeof(*link));
	if (err)
		goto err_prog;
	err = -ENOMEM;
	link = link_alloc(&attr, ops);
	if (!link)
		goto err_charge;
	err = ops->target_fd ? 0 : link_target(link, attr.target);
	if (err)
		goto err_link;
	RCU_INIT_POINTER(link->prog, prog);
	err = ops->attach(link);
	if (err)
		goto err_link;
	link->attached = true;
	obj = kbpf_obj_create(KBPF_OBJ_LINK, link, link_free, &charge);
	if (IS_ERR(obj)) {
		err = PTR_ERR(obj);
		goto err_detach;
	}
	obj->release = link_release;
	/* On failure the put detaches and drops the program. */
	return kbpf_obj_new_fd_or_put(obj);

err_detach:
	ops->detach(link);
err_link:
	link_free(link);
err_charge:
	kbpf_quota_uncharge(&charge);
err_prog:
	kbpf_obj_put(prog);
	return err;
}

long kbpf_link_detach_cmd(void __user *uarg)
{
	struct kbpf_link_detach attr;
	struct kbpf_link *link;
	struct kbpf_obj *obj;
	u32 usize;
	int err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	obj = kbpf_obj_from_fd(attr.link_fd, KBPF_OBJ_LINK);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	link = obj->body;
	mutex_lock(&link->lock);
	if (link->attached)
		link->ops->detach(link);
	else
		err = -ENOLINK;
	link->attached = false;
	mutex_unlock(&link->lock);
	kbpf_obj_put(obj);
	return err;
}

/*
 * The new program is published with one pointer store: each event runs
 * either the old or the new one, exactly once. The old program's last
 * reference frees it only after a grace period (vm/obj.c).
 */
static int link_swap(struct kbpf_link *link, struct kbpf_obj *new_prog,
		     const struct kbpf_link_update *attr)
{
	struct kbpf_obj *old, *expect;

	old = rcu_dereference_protected(link->prog,
					lockdep_is_held(&link->lock));
	if (!link->attached)
		return -ENOLINK;
	if (attr->flags & KBPF_LINK_F_REPLACE) {
		expect = kbpf_obj_from_fd(attr->old_prog_fd, KBPF_OBJ_PROG);
		if (IS_ERR(expect))
			return PTR_ERR(expect);
		kbpf_obj_put(expect);
		if (expect != old)
			return -EPERM;
	}
	if (kbpf_link_check_ctx(link, new_prog))
		return -EACCES;
	rcu_assign_pointer(link->prog, new_prog);
	kbpf_obj_put(old);
	return 0;
}

long kbpf_link_update_cmd(void __user *uarg)
{
	struct kbpf_link_update attr;
	struct kbpf_obj *obj, *prog;
	struct kbpf_link *link;
	u32 usize;
	int err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	if (attr.reserved || (attr.flags & ~KBPF_LINK_F_REPLACE) ||
	    (!(attr.flags & KBPF_LINK_F_REPLACE) && attr.old_prog_fd))
		return -EINVAL;
	obj = kbpf_obj_from_fd(attr.link_fd, KBPF_OBJ_LINK);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	prog = kbpf_obj_from_fd(attr.new_prog_fd, KBPF_OBJ_PROG);
	if (IS_ERR(prog)) {
		err = PTR_ERR(prog);
		goto out;
	}
	link = obj->body;
	err = -EINVAL;
	if (obj_prog_type(prog) == link->ops->prog_type) {
		mutex_lock(&link->lock);
		err = link_swap(link, prog, &attr);
		mutex_unlock(&link->lock);
	}
	if (err)
		kbpf_obj_put(prog);
out:
	kbpf_obj_put(obj);
	return err;
}

static void fill_link_info(const struct kbpf_obj *obj,
			   struct kbpf_link_info *info)
{
	struct kbpf_link *link = obj->body;
	int cpu;

	memset(info, 0, sizeof(*info));
	for_each_possible_cpu(cpu) {
		info->hit_cnt += per_cpu_ptr(link->stats, cpu)->hits;
		info->miss_cnt += per_cpu_ptr(link->stats, cpu)->misses;
	}
	info->id = obj->id;
	info->attach_type = link->attach_type;
	memcpy(info->target, link->target, sizeof(info->target));
	info->offset = link->offset;
	info->nr_args = link->nr_args;
	mutex_lock(&link->lock);
	info->prog_id = rcu_dereference_protected(link->prog,
				lockdep_is_held(&link->lock))->id;
	if (!link->attached || (link->ops->gone && link->ops->gone(link)))
		info->flags |= KBPF_LINK_INFO_DETACHED;
	mutex_unlock(&link->lock);
}

/* OBJ_GET_INFO on a link: versioned by *info_len like the prog info. */
int kbpf_link_get_info(const struct kbpf_obj *obj, void __user *uinfo,
		       u32 *info_len)
{
	struct kbpf_link_info info;
	int err;

	err = copy_struct_from_user(&info, sizeof(info), uinfo, *info_len);
	if (err)
		return err;
	fill_link_info(obj, &info);
	*info_len = min_t(u32, *info_len, sizeof(info));
	if (copy_to_user(uinfo, &info, *info_len))
		return -EFAULT;
	return 0;
}
