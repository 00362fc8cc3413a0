/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel-only parts of the machine: the device and its objects. */
#ifndef _KBPF_VM_MODULE_H
#define _KBPF_VM_MODULE_H

#include <linux/fs.h>
#include "vm.h"

#ifndef KBPF_VERSION
#define KBPF_VERSION "unknown"
#endif

int kbpf_dev_init(void);
void kbpf_dev_uninit(void);

long kbpf_prog_load_cmd(void __user *uarg);
long kbpf_prog_test_run_cmd(void __user *uarg);
long kbpf_obj_get_info_cmd(void __user *uarg);
long kbpf_prog_dump_cmd(void __user *uarg);
void kbpf_module_jit(struct kbpf_prog *prog);
struct kbpf_prog_ref_ops;
/* How prog_arrays hold programs: descriptors in, object references kept. */
extern const struct kbpf_prog_ref_ops kbpf_module_prog_ref;

/* vm/map_fd.c */
struct kbpf_obj;
struct kbpf_obj_get_info;
struct kbpf_log;
long kbpf_map_create_cmd(void __user *uarg);
long kbpf_map_elem_cmd(unsigned int cmd, void __user *uarg);
long kbpf_map_batch_cmd(unsigned int cmd, void __user *uarg);
long kbpf_map_get_info(struct kbpf_obj *obj, struct kbpf_obj_get_info *attr,
		       void __user *uarg, u32 usize);
int kbpf_prog_load_maps(struct kbpf_prog *prog, u64 ufd_array, u32 cnt,
			struct kbpf_log *log, u32 *err_insn);
int kbpf_map_mmap(struct kbpf_obj *obj, struct vm_area_struct *vma);
__poll_t kbpf_map_poll(struct kbpf_obj *obj, struct file *file,
		       struct poll_table_struct *pts);

/*
 * Copies a size-versioned command struct in: at least @min_size bytes
 * (the first version), zero-filled when older, trailing bytes checked zero
 * when newer.
 */
int kbpf_copy_cmd_in(void *kattr, size_t ksize, size_t min_size,
		     const void __user *uarg, u32 *usize);
int kbpf_copy_cmd_out(void __user *uarg, const void *kattr, size_t ksize,
		      u32 usize);

#endif /* _KBPF_VM_MODULE_H */
