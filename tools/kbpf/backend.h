/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where programs go: the module through /dev/kbpf, or the same verifier
 * and interpreter linked into this process (--host). Both take the UAPI
 * structs, so every command has one code path.
 */
#ifndef _KBPF_TOOL_BACKEND_H
#define _KBPF_TOOL_BACKEND_H

#include "kbpf.h"

struct kbpf_backend {
	const char *name;
	/* Returns a program handle (an fd for the device), or -errno. */
	int (*prog_load)(struct kbpf_prog_load *attr);
	int (*prog_test_run)(struct kbpf_prog_test_run *attr);
	/* Maps, for loading objects: a map handle, or -errno. */
	int (*map_create)(const struct kbpf_map_create *attr);
	int (*map_update)(int map, const void *key, const void *value,
			  uint64_t flags);
	int (*map_lookup)(int map, const void *key, void *value);
	int (*map_freeze)(int map);
	/*
	 * A map's values mapped shared from offset 0 (a BPF_F_MMAPABLE
	 * array), @len bytes, whole pages: the address, or NULL with
	 * *@err = -errno. A writable mapping keeps the map from being
	 * frozen until map_munmap.
	 */
	void *(*map_mmap)(int map, size_t len, bool write, int *err);
	void (*map_munmap)(int map, void *addr, size_t len, bool write);
};

const struct kbpf_backend *kbpf_backend_get(void);
extern const struct kbpf_backend kbpf_host_backend;

/* /dev/kbpf, opened once; -errno with a message printed if it cannot be. */
int kbpf_device(void);

#endif /* _KBPF_TOOL_BACKEND_H */
