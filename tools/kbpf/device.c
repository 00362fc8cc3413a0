// SPDX-License-Identifier: GPL-2.0-only
/* The device backend: programs go to the module through /dev/kbpf. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include "backend.h"

static int dev = -1;

static int device_get(void)
{
	if (dev < 0)
		dev = kbpf_dev_open();
	return dev;
}

int kbpf_device(void)
{
	int fd = device_get();

	if (fd < 0)
		kbpf_err("cannot open /dev/%s: %s%s", KBPF_DEVICE_NAME, kbpf_strerror(-fd),
			 fd == -ENOENT ? " (is kbpf.ko loaded?)" : "");
	return fd;
}

static int device_prog_load(struct kbpf_prog_load *attr)
{
	int fd = device_get();

	return fd < 0 ? fd : kbpf_prog_load(fd, attr);
}

static int device_prog_test_run(struct kbpf_prog_test_run *attr)
{
	int fd = device_get();

	return fd < 0 ? fd : kbpf_prog_test_run(fd, attr);
}

static int device_map_create(const struct kbpf_map_create *attr)
{
	int fd = device_get();

	return fd < 0 ? fd : kbpf_ioctl(fd, KBPF_IOC_MAP_CREATE, (void *)attr);
}

static int elem_cmd(unsigned long cmd, int map, const void *key, void *value,
		    uint64_t flags)
{
	struct kbpf_map_elem e = {
		.size = sizeof(e), .map_fd = map, .key = (uintptr_t)key,
		.value = (uintptr_t)value, .flags = flags,
	};
	int fd = device_get();

	if (fd < 0)
		return fd;
	fd = kbpf_ioctl(fd, cmd, &e);
	return fd < 0 ? fd : 0;
}

static int device_map_update(int map, const void *key, const void *value,
			     uint64_t flags)
{
	return elem_cmd(KBPF_IOC_MAP_UPDATE_ELEM, map, key, (void *)value, flags);
}

static int device_map_lookup(int map, const void *key, void *value)
{
	return elem_cmd(KBPF_IOC_MAP_LOOKUP_ELEM, map, key, value, 0);
}

static int device_map_freeze(int map)
{
	return elem_cmd(KBPF_IOC_MAP_FREEZE, map, NULL, NULL, 0);
}

static void *device_map_mmap(int map, size_t len, bool write, int *err)
{
	void *p = mmap(NULL, len, PROT_READ | (write ? PROT_WRITE : 0),
		       MAP_SHARED, map, 0);

	if (p != MAP_FAILED)
		return p;
	*err = -errno;
	return NULL;
}

static void device_map_munmap(int map, void *addr, size_t len, bool write)
{
	munmap(addr, len);
}

static const struct kbpf_backend device_backend = {
	.name = "device",
	.prog_load = device_prog_load,
	.prog_test_run = device_prog_test_run,
	.map_create = device_map_create,
	.map_update = device_map_update,
	.map_lookup = device_map_lookup,
	.map_freeze = device_map_freeze,
	.map_mmap = device_map_mmap,
	.map_munmap = device_map_munmap,
};

const struct kbpf_backend *kbpf_backend_get(void)
{
	return opts.host ? &kbpf_host_backend : &device_backend;
}
