// SPDX-License-Identifier: GPL-2.0-only
/* The device backend: programs go to the module through /dev/kbpf. */
#include <errno.h>
#include <string.h>
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
		kbpf_err("cannot open /dev/%s: %s%s", KBPF_DEVICE_NAME, strerror(-fd),
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

static const struct kbpf_backend device_backend = {
	.name = "device",
	.prog_load = device_prog_load,
	.prog_test_run = device_prog_test_run,
};

const struct kbpf_backend *kbpf_backend_get(void)
{
	return opts.host ? &kbpf_host_backend : &device_backend;
}
