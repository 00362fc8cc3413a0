// SPDX-License-Identifier: GPL-2.0-only
/*
 * Programs as file descriptors: PROG_LOAD and PROG_TEST_RUN.
 *
 * A loaded program is an anonymous-inode file whose private data is the
 * struct kbpf_prog; closing the last reference frees it. The file's
 * f_op->owner pins the module while any program is alive.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/ktime.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "module.h"
#include "../verifier/verifier.h"

#define KBPF_LICENSE_MAX	128

static int kbpf_prog_release(struct inode *inode, struct file *file)
{
	kbpf_prog_free(file->private_data);
	return 0;
}

static const struct file_operations kbpf_prog_fops = {
	.owner		= THIS_MODULE,
	.release	= kbpf_prog_release,
	.llseek		= noop_llseek,
};

/* The license only matters for GPL-only helpers, which arrive later. */
static int copy_license(const struct kbpf_prog_load *attr)
{
	char license[KBPF_LICENSE_MAX];
	long len;

	if (!attr->license)
		return 0;
	len = strncpy_from_user(license, u64_to_user_ptr(attr->license),
				sizeof(license));
	if (len < 0)
		return len;
	return len == sizeof(license) ? -EINVAL : 0;
}

static int verify_prog(struct kbpf_prog *prog, struct kbpf_prog_load *attr)
{
	static const struct kbpf_verify_opts opts = {
		.mode = KBPF_VERIFY_CONSERVATIVE,
	};
	struct kbpf_verify_result res;
	struct kbpf_log log = { .level = attr->log_level };
	int err;

	if (attr->log_level) {
		log.size = attr->log_size;
		log.buf = kvzalloc(log.size, GFP_KERNEL_ACCOUNT);
		if (!log.buf)
			return -ENOMEM;
	}
	err = kbpf_verify(prog, &opts, &log, &res);
	attr->err_insn = res.err_insn;
	if (attr->log_level) {
		kbpf_log_finish(&log);
		attr->log_true_size = min_t(u64, log.true_len + 1, U32_MAX);
		if (copy_to_user(u64_to_user_ptr(attr->log_buf), log.buf,
				 min_t(u64, log.true_len + 1, log.size)))
			err = -EFAULT;
		kvfree(log.buf);
	}
	return err;
}

long kbpf_prog_load_cmd(void __user *uarg)
{
	struct kbpf_prog_load attr;
	struct kbpf_prog *prog;
	struct file *file;
	u32 usize;
	int fd, err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	err = kbpf_prog_load_check(&attr);
	if (err)
		return err;
	err = copy_license(&attr);
	if (err)
		return err;

	prog = kbpf_prog_alloc(attr.insn_cnt);
	if (!prog)
		return -ENOMEM;
	prog->type = attr.prog_type;
	memcpy(prog->name, attr.name, sizeof(prog->name));
	if (copy_from_user(prog->insns, u64_to_user_ptr(attr.insns),
			   (size_t)attr.insn_cnt * sizeof(prog->insns[0]))) {
		err = -EFAULT;
		goto err_prog;
	}

	err = verify_prog(prog, &attr);
	if (kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize) && !err)
		err = -EFAULT;
	if (err)
		goto err_prog;
	kbpf_interp_select(prog);

	fd = get_unused_fd_flags(O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = fd;
		goto err_prog;
	}
	file = anon_inode_getfile("kbpf-prog", &kbpf_prog_fops, prog,
				  O_RDWR | O_CLOEXEC);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		goto err_fd;
	}
	fd_install(fd, file);
	return fd;

err_fd:
	put_unused_fd(fd);
err_prog:
	kbpf_prog_free(prog);
	return err;
}

/* Takes a reference on the program behind @fd, or fails with an errno. */
static struct file *prog_file_get(u32 fd)
{
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADF);
	if (file->f_op != &kbpf_prog_fops) {
		fput(file);
		return ERR_PTR(-EINVAL);
	}
	return file;
}

/*
 * Long runs yield the CPU and stop early for a signal, like Linux; the
 * clock stops while we are scheduled out, so the mean is the program's.
 */
static int run_repeated(const struct kbpf_prog *prog, u32 repeat,
			u64 *retval, u64 *total_ns)
{
	u64 start;
	u32 i;

	*total_ns = 0;
	migrate_disable();
	rcu_read_lock();
	start = ktime_get_ns();
	for (i = 0; i < repeat; i++) {
		*retval = kbpf_prog_run(prog, NULL);
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

long kbpf_prog_test_run_cmd(void __user *uarg)
{
	struct kbpf_prog_test_run attr;
	struct file *file;
	u64 total_ns;
	u32 usize;
	int err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	if (attr.flags || attr.retval || attr.duration_ns)
		return -EINVAL;
	file = prog_file_get(attr.prog_fd);
	if (IS_ERR(file))
		return PTR_ERR(file);

	attr.repeat = max(attr.repeat, 1U);
	err = run_repeated(file->private_data, attr.repeat, &attr.retval,
			   &total_ns);
	if (!err) {
		attr.duration_ns = div_u64(total_ns, attr.repeat);
		err = kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize);
	}
	fput(file);
	return err;
}
