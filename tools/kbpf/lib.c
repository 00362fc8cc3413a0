// SPDX-License-Identifier: GPL-2.0-only
/*
 * Thin wrappers over /dev/kbpf. One function per ioctl, each returning a
 * negative errno, so the object layer above never touches ioctl numbers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kbpf.h"

int kbpf_dev_open(void)
{
	int fd = open("/dev/" KBPF_DEVICE_NAME, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int kbpf_ioctl(int dev, unsigned long cmd, void *attr)
{
	int ret = ioctl(dev, cmd, attr);

	return ret < 0 ? -errno : ret;
}

int kbpf_version_query(int dev, struct kbpf_version *v)
{
	v->size = sizeof(*v);
	return kbpf_ioctl(dev, KBPF_IOC_VERSION, v);
}

int kbpf_prog_load(int dev, struct kbpf_prog_load *attr)
{
	attr->size = sizeof(*attr);
	return kbpf_ioctl(dev, KBPF_IOC_PROG_LOAD, attr);
}

int kbpf_prog_test_run(int dev, struct kbpf_prog_test_run *attr)
{
	attr->size = sizeof(*attr);
	return kbpf_ioctl(dev, KBPF_IOC_PROG_TEST_RUN, attr);
}

int kbpf_obj_get_info(int dev, int fd, struct kbpf_prog_info *info)
{
	struct kbpf_obj_get_info attr = {
		.size = sizeof(attr), .fd = fd,
		.info = (uintptr_t)info, .info_len = sizeof(*info),
	};

	memset(info, 0, sizeof(*info));
	return kbpf_ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &attr);
}

/* The kind of object behind @fd (enum kbpf_obj_type), or -errno. */
int kbpf_obj_type(int dev, int fd)
{
	uint64_t any_info[64] = { 0 };	/* larger than every info struct */
	struct kbpf_obj_get_info attr = {
		.size = sizeof(attr), .fd = fd,
		.info = (uintptr_t)any_info, .info_len = sizeof(any_info),
	};
	int ret = kbpf_ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &attr);

	return ret < 0 ? ret : (int)attr.obj_type;
}

int kbpf_get_next_id(int dev, uint32_t type, uint32_t start, uint32_t *next)
{
	struct kbpf_get_next_id attr = {
		.size = sizeof(attr), .obj_type = type, .start_id = start,
	};
	int ret = kbpf_ioctl(dev, KBPF_IOC_GET_NEXT_ID, &attr);

	*next = attr.next_id;
	return ret;
}

int kbpf_get_fd_by_id(int dev, uint32_t type, uint32_t id)
{
	struct kbpf_get_fd_by_id attr = {
		.size = sizeof(attr), .obj_type = type, .id = id,
	};

	return kbpf_ioctl(dev, KBPF_IOC_GET_FD_BY_ID, &attr);
}

static int pin_cmd(int dev, unsigned long cmd, int fd, const char *name)
{
	struct kbpf_obj_pin attr = { .size = sizeof(attr), .fd = fd };

	if (strlen(name) >= sizeof(attr.name))
		return -ENAMETOOLONG;
	strcpy(attr.name, name);
	return kbpf_ioctl(dev, cmd, &attr);
}

int kbpf_obj_pin(int dev, int fd, const char *name)
{
	return pin_cmd(dev, KBPF_IOC_OBJ_PIN, fd, name);
}

int kbpf_obj_get(int dev, const char *name)
{
	return pin_cmd(dev, KBPF_IOC_OBJ_GET, 0, name);
}

int kbpf_obj_unpin(int dev, const char *name)
{
	return pin_cmd(dev, KBPF_IOC_OBJ_UNPIN, 0, name);
}

int kbpf_pin_next(int dev, const char *prev, struct kbpf_obj_pin *out)
{
	memset(out, 0, sizeof(*out));
	out->size = sizeof(*out);
	snprintf(out->name, sizeof(out->name), "%s", prev);
	return kbpf_ioctl(dev, KBPF_IOC_PIN_NEXT, out);
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
