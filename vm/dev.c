// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/kbpf: the misc device user space opens to reach kbpf, and the
 * dispatch of its ioctls to the command handlers.
 */
#include <linux/capability.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
#include "module.h"
#include "obj.h"
#include "../hooks/hooks.h"
#include "../jit/jit.h"

/* Bigger structs than this are not a future version, they are garbage. */
#define KBPF_CMD_MAX_SIZE	PAGE_SIZE

int kbpf_copy_cmd_in(void *kattr, size_t ksize, size_t min_size,
		     const void __user *uarg, u32 *usize)
{
	int ret;

	if (get_user(*usize, (const u32 __user *)uarg))
		return -EFAULT;
	if (*usize < min_size)
		return -EINVAL;
	if (*usize > KBPF_CMD_MAX_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(kattr, ksize, uarg, *usize);
	if (ret)
		return ret;
	/* The size field is the caller's claim; keep the one we checked. */
	*(u32 *)kattr = *usize;
	return 0;
}

int kbpf_copy_cmd_out(void __user *uarg, const void *kattr, size_t ksize,
		      u32 usize)
{
	if (copy_to_user(uarg, kattr, min_t(size_t, ksize, usize)))
		return -EFAULT;
	return 0;
}

static long kbpf_version_cmd(void __user *uarg)
{
	struct kbpf_version v;
	u32 usize;
	int ret;

	ret = kbpf_copy_cmd_in(&v, sizeof(v), sizeof(v), uarg, &usize);
	if (ret)
		return ret;
	if (v.reserved)
		return -EINVAL;
	v.api_version = KBPF_API_VERSION;
	v.features = KBPF_FEAT_INTERPRETER;
	if (kbpf_jit_supported())
		v.features |= KBPF_FEAT_JIT;
	strscpy(v.module_version, KBPF_VERSION, sizeof(v.module_version));
	return kbpf_copy_cmd_out(uarg, &v, sizeof(v), usize);
}

static int kbpf_dev_open(struct inode *inode, struct file *file)
{
	/* Loading code into the kernel is root's business, as in Linux. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

static long kbpf_dev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case KBPF_IOC_VERSION:
		return kbpf_version_cmd(uarg);
	case KBPF_IOC_PROG_LOAD:
		return kbpf_prog_load_cmd(uarg);
	case KBPF_IOC_PROG_TEST_RUN:
		return kbpf_prog_test_run_cmd(uarg);
	case KBPF_IOC_OBJ_GET_INFO:
		return kbpf_obj_get_info_cmd(uarg);
	case KBPF_IOC_GET_NEXT_ID:
		return kbpf_get_next_id_cmd(uarg);
	case KBPF_IOC_GET_FD_BY_ID:
		return kbpf_get_fd_by_id_cmd(uarg);
	case KBPF_IOC_OBJ_PIN:
		return kbpf_obj_pin_cmd(uarg);
	case KBPF_IOC_OBJ_GET:
		return kbpf_obj_get_cmd(uarg);
	case KBPF_IOC_OBJ_UNPIN:
		return kbpf_obj_unpin_cmd(uarg);
	case KBPF_IOC_PIN_NEXT:
		return kbpf_pin_next_cmd(uarg);
	case KBPF_IOC_PROG_DUMP:
		return kbpf_prog_dump_cmd(uarg);
	case KBPF_IOC_MAP_CREATE:
		return kbpf_map_create_cmd(uarg);
	case KBPF_IOC_MAP_LOOKUP_ELEM:
	case KBPF_IOC_MAP_UPDATE_ELEM:
	case KBPF_IOC_MAP_DELETE_ELEM:
	case KBPF_IOC_MAP_GET_NEXT_KEY:
	case KBPF_IOC_MAP_LOOKUP_AND_DELETE_ELEM:
	case KBPF_IOC_MAP_FREEZE:
		return kbpf_map_elem_cmd(cmd, uarg);
	case KBPF_IOC_MAP_LOOKUP_BATCH:
	case KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH:
	case KBPF_IOC_MAP_UPDATE_BATCH:
	case KBPF_IOC_MAP_DELETE_BATCH:
		return kbpf_map_batch_cmd(cmd, uarg);
	case KBPF_IOC_LINK_CREATE:
		return kbpf_link_create_cmd(uarg);
	case KBPF_IOC_LINK_DETACH:
		return kbpf_link_detach_cmd(uarg);
	case KBPF_IOC_LINK_UPDATE:
		return kbpf_link_update_cmd(uarg);
	}
	return -ENOTTY;
}

static const struct file_operations kbpf_dev_fops = {
	.owner		= THIS_MODULE,
	.open		= kbpf_dev_open,
	.unlocked_ioctl	= kbpf_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice kbpf_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= KBPF_DEVICE_NAME,
	.fops	= &kbpf_dev_fops,
	.mode	= 0600,
};

int kbpf_dev_init(void)
{
	int ret;

	ret = kbpf_obj_init();
	if (ret)
		return ret;
	ret = misc_register(&kbpf_miscdev);
	if (ret)
		goto err_obj;
	return 0;

err_obj:
	kbpf_obj_uninit();
	return ret;
}

void kbpf_dev_uninit(void)
{
	misc_deregister(&kbpf_miscdev);
	kbpf_obj_uninit();
}
