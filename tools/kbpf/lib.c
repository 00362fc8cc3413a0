// SPDX-License-Identifier: GPL-2.0-only
/*
 * Thin wrappers over /dev/kbpf. One function per ioctl, each returning a
 * negative errno, so the object layer above never touches ioctl numbers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kbpf.h"

int kbpf_dev_open(void)
{
	int fd = open("/dev/" KBPF_DEVICE_NAME, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int do_ioctl(int dev, unsigned long cmd, void *attr)
{
	int ret = ioctl(dev, cmd, attr);

	return ret < 0 ? -errno : ret;
}

int kbpf_version_query(int dev, struct kbpf_version *v)
{
	v->size = sizeof(*v);
	return do_ioctl(dev, KBPF_IOC_VERSION, v);
}

int kbpf_prog_load(int dev, struct kbpf_prog_load *attr)
{
	attr->size = sizeof(*attr);
	return do_ioctl(dev, KBPF_IOC_PROG_LOAD, attr);
}

int kbpf_prog_test_run(int dev, struct kbpf_prog_test_run *attr)
{
	attr->size = sizeof(*attr);
	return do_ioctl(dev, KBPF_IOC_PROG_TEST_RUN, attr);
}

int kbpf_read_insns(const char *path, struct kbpf_insn **insns, uint32_t *cnt)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t n;
	int err = 0;

	if (!f)
		return -errno;
	if (fstat(fileno(f), &st) || st.st_size <= 0 ||
	    st.st_size % sizeof(struct kbpf_insn) ||
	    st.st_size / sizeof(struct kbpf_insn) > KBPF_MAX_INSNS) {
		err = -EINVAL;
		goto out;
	}
	n = st.st_size / sizeof(struct kbpf_insn);
	*insns = malloc(st.st_size);
	if (!*insns) {
		err = -ENOMEM;
		goto out;
	}
	if (fread(*insns, sizeof(struct kbpf_insn), n, f) != n) {
		free(*insns);
		err = -EIO;
		goto out;
	}
	*cnt = n;
out:
	fclose(f);
	return err;
}
