// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map commands: MAP_CREATE, the element commands, batches, and the map
 * half of OBJ_GET_INFO, and the loader's map lookup. A map is a kbpf object
 * (vm/obj.c) whose body is the struct kbpf_map of maps/ (plain C).
 */
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include "module.h"
#include "obj.h"
#include "../maps/maps.h"

/* Runs in process context after a grace period (vm/obj.c). */
static void map_free_body(void *body)
{
	struct kbpf_map *map = body;

	/*
	 * Element callbacks the map queued use it: wait for them first. A
	 * barrier is a grace period each, and frees run one after another,
	 * so one for every array made freeing 65,536 maps take minutes in
	 * the debug guest (limits_test): only types that queue any wait.
	 */
	if (map->ops->free_after_rcu_callbacks)
		rcu_barrier();
	kbpf_map_free(map);
}

static struct kbpf_map *obj_map(const struct kbpf_obj *obj)
{
	return obj->body;
}

/* No descriptor or pin left: a prog_array lets go of its programs. */
static void map_release_uref(void *body)
{
	kbpf_prog_array_clear(body);
}

/*
 * An element command holds a user reference for its duration, so a
 * close racing an update of a prog_array clears after it, never before.
 */
static struct kbpf_obj *map_from_fd_user(u32 fd)
{
	struct kbpf_obj *obj = kbpf_obj_from_fd(fd, KBPF_OBJ_MAP);

	if (!IS_ERR(obj))
		kbpf_obj_uref_get(obj);
	return obj;
}

static void map_put_user(struct kbpf_obj *obj)
{
	kbpf_obj_uref_put(obj);
	kbpf_obj_put(obj);
}

long kbpf_map_create_cmd(void __user *uarg)
{
	struct kbpf_charge charge;
	struct kbpf_map_create uattr;
	struct kbpf_map_attr attr;
	struct kbpf_map *map;
	struct kbpf_obj *obj;
	bool charged;
	u32 usize;
	u64 mem;
	int err;

	err = kbpf_copy_cmd_in(&uattr, sizeof(uattr), sizeof(uattr), uarg,
			       &usize);
	if (err)
		return err;
	attr = (struct kbpf_map_attr){
		.type = uattr.map_type, .key_size = uattr.key_size,
		.value_size = uattr.value_size,
		.max_entries = uattr.max_entries, .flags = uattr.map_flags,
		.prog_ref = &kbpf_module_prog_ref,
	};
	memcpy(attr.name, uattr.name, sizeof(attr.name));
	/*
	 * Charged before the map is built when it could be built at all:
	 * charging afterwards (found by ioctl_fuzz) let a caller at its
	 * limit allocate a map of up to KBPF_MAP_MAX_BYTES before the
	 * refusal, enough to run a 1 GiB machine out of memory under a
	 * 64 MiB quota. A shape no map can have still says EINVAL or E2BIG.
	 */
	mem = uattr.key_size <= KBPF_MAP_MAX_KEY_SIZE &&
	      uattr.value_size <= KBPF_MAP_MAX_VALUE_SIZE ?
		kbpf_quota_map_mem(uattr.map_type, uattr.key_size,
				   uattr.value_size, uattr.max_entries) : U64_MAX;
	charged = mem <= KBPF_MAP_MAX_BYTES;
	if (charged) {
		err = kbpf_quota_charge(&charge, KBPF_OBJ_MAP, mem);
		if (err)
			return err;
	}
	map = kbpf_map_create(&attr);
	if (IS_ERR(map)) {
		if (charged)
			kbpf_quota_uncharge(&charge);
		return PTR_ERR(map);
	}
	if (!charged) {
		err = kbpf_quota_charge(&charge, KBPF_OBJ_MAP,
					kbpf_quota_map_mem(map->type, map->key_size,
							   map->value_size,
							   map->max_entries));
		if (err)
			goto err_map;
	}
	obj = kbpf_obj_create(KBPF_OBJ_MAP, map, map_free_body, &charge);
	if (IS_ERR(obj)) {
		err = PTR_ERR(obj);
		goto err_charge;
	}
	map->owner = obj;
	if (map->type == KBPF_MAP_TYPE_PROG_ARRAY)
		obj->release_uref = map_release_uref;
	err = kbpf_obj_new_fd(obj);
	if (err < 0)
		kbpf_obj_put(obj);	/* frees the map too */
	return err;

err_charge:
	kbpf_quota_uncharge(&charge);
err_map:
	/* Never seen by anyone: no element callback can be pending. */
	kbpf_map_free(map);
	return err;
}

/*
 * A map element command's buffers, sized for the map. GET_NEXT_KEY
 * returns the next key in @value, so @value holds a key too: a map whose
 * keys are longer than its values (found by ioctl_fuzz) would otherwise
 * have the next key written past the buffer and copied out from beyond it.
 */
struct elem_bufs {
	void *key;
	void *value;
};

static int bufs_alloc(struct elem_bufs *b, const struct kbpf_map *map)
{
	b->key = kmalloc(map->key_size, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	b->value = kvmalloc(max(kbpf_map_user_value_size(map), map->key_size),
			    GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (b->key && b->value)
		return 0;
	kfree(b->key);
	kvfree(b->value);
	return -ENOMEM;
}

static void bufs_free(struct elem_bufs *b)
{
	kfree(b->key);
	kvfree(b->value);
}

static int copy_key(struct kbpf_map *map, void *key, u64 ukey)
{
	if (copy_from_user(key, u64_to_user_ptr(ukey), map->key_size))
		return -EFAULT;
	return 0;
}

static int elem_op(struct kbpf_map *map, unsigned int cmd,
		   const struct kbpf_map_elem *attr, struct elem_bufs *b)
{
	u32 vsize = kbpf_map_user_value_size(map);
	bool key_in = cmd != KBPF_IOC_MAP_FREEZE &&
		      (cmd != KBPF_IOC_MAP_GET_NEXT_KEY || attr->key);
	int err;

	if (key_in) {
		err = copy_key(map, b->key, attr->key);
		if (err)
			return err;
	}
	switch (cmd) {
	case KBPF_IOC_MAP_LOOKUP_ELEM:
		err = kbpf_map_lookup_user(map, b->key, b->value);
		break;
	case KBPF_IOC_MAP_LOOKUP_AND_DELETE_ELEM:
		err = kbpf_map_lookup_and_delete_user(map, b->key, b->value);
		break;
	case KBPF_IOC_MAP_UPDATE_ELEM:
		if (copy_from_user(b->value, u64_to_user_ptr(attr->value), vsize))
			return -EFAULT;
		return kbpf_map_update_user(map, b->key, b->value, attr->flags);
	case KBPF_IOC_MAP_DELETE_ELEM:
		return kbpf_map_delete_user(map, b->key);
	case KBPF_IOC_MAP_GET_NEXT_KEY:
		err = kbpf_map_get_next_key_user(map, key_in ? b->key : NULL,
						 b->value);
		if (!err && copy_to_user(u64_to_user_ptr(attr->value), b->value,
					 map->key_size))
			err = -EFAULT;
		return err;
	case KBPF_IOC_MAP_FREEZE:
		return kbpf_map_freeze(map);
	default:
		return -ENOTTY;
	}
	if (!err && copy_to_user(u64_to_user_ptr(attr->value), b->value, vsize))
		err = -EFAULT;
	return err;
}

/* Which fields a command uses; the others must be zero. */
static int elem_check(unsigned int cmd, const struct kbpf_map_elem *attr)
{
	switch (cmd) {
	case KBPF_IOC_MAP_UPDATE_ELEM:
		return attr->key && attr->value ? 0 : -EINVAL;
	case KBPF_IOC_MAP_DELETE_ELEM:
		return attr->key && !attr->value && !attr->flags ? 0 : -EINVAL;
	case KBPF_IOC_MAP_GET_NEXT_KEY:
		return attr->value && !attr->flags ? 0 : -EINVAL;
	case KBPF_IOC_MAP_FREEZE:
		return !attr->key && !attr->value && !attr->flags ? 0 : -EINVAL;
	default:	/* LOOKUP, LOOKUP_AND_DELETE */
		return attr->key && attr->value && !attr->flags ? 0 : -EINVAL;
	}
}

long kbpf_map_elem_cmd(unsigned int cmd, void __user *uarg)
{
	struct kbpf_map_elem attr;
	struct elem_bufs b;
	struct kbpf_obj *obj;
	u32 usize;
	int err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	err = elem_check(cmd, &attr);
	if (err)
		return err;
	obj = map_from_fd_user(attr.map_fd);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	err = bufs_alloc(&b, obj_map(obj));
	if (!err) {
		err = elem_op(obj_map(obj), cmd, &attr, &b);
		bufs_free(&b);
	}
	map_put_user(obj);
	return err;
}

/* Every 256 elements: let others run, stop for a fatal signal. */
static bool batch_yield(u32 i)
{
	if (i % 256 != 255)
		return false;
	cond_resched();
	return fatal_signal_pending(current);
}

/*
 * Batches move elements through kernel buffers of at most this many bytes
 * (or one element), charged to the caller and never larger than its count
 * asks for: one copy to or from user space per chunk, not per element.
 */
#define BATCH_CHUNK_BYTES	(256U << 10)

static u32 batch_chunk(u32 count, u32 elem_bytes)
{
	return clamp_t(u32, BATCH_CHUNK_BYTES / max(elem_bytes, 1U), 1,
		       max(count, 1U));
}

/*
 * Copies @n elements out; if a copy faults, again one element at a time,
 * so the count says exactly how many reached user space.
 */
static u32 batch_copy_out(u8 __user *ukeys, u8 __user *uvals, const u8 *keys,
			  const u8 *vals, u32 n, u32 ks, u32 vsize)
{
	u32 i;

	if (!copy_to_user(ukeys, keys, (size_t)n * ks) &&
	    !copy_to_user(uvals, vals, (size_t)n * vsize))
		return n;
	for (i = 0; i < n; i++)
		if (copy_to_user(ukeys + (size_t)i * ks, keys + (size_t)i * ks, ks) ||
		    copy_to_user(uvals + (size_t)i * vsize, vals + (size_t)i * vsize,
				 vsize))
			break;
	return i;
}

/*
 * LOOKUP_BATCH / LOOKUP_AND_DELETE_BATCH for types with a batch walk:
 * chunks of elements copied in the map (maps/, under RCU), then out. The
 * token is the last key handed out.
 */
static int batch_lookup_walk(struct kbpf_map *map, struct kbpf_map_batch *attr,
			     bool del, void *ckey)
{
	u32 vsize = kbpf_map_user_value_size(map), ks = map->key_size;
	u32 chunk = batch_chunk(attr->count, ks + vsize), max = attr->count;
	u8 __user *ukeys = u64_to_user_ptr(attr->keys);
	u8 __user *uvals = u64_to_user_ptr(attr->values);
	struct kbpf_map_cursor c = { .key = ckey };
	u32 done = 0, n, out;
	u8 *keys, *vals;
	int err = 0;

	if (attr->in_batch) {
		if (copy_key(map, ckey, attr->in_batch))
			return -EFAULT;
		c.have_key = true;
	}
	keys = kvmalloc_array(chunk, ks, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	vals = kvmalloc_array(chunk, vsize, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!keys || !vals) {
		err = -ENOMEM;
		goto out;
	}
	/* Even for a count of 0: ENOENT if nothing is left after the token. */
	for (;;) {
		err = kbpf_map_lookup_batch_user(map, &c, keys, vals,
						 min(chunk, max - done), del, &n);
		out = n ? batch_copy_out(ukeys + (size_t)done * ks,
					 uvals + (size_t)done * vsize, keys,
					 vals, n, ks, vsize) : 0;
		done += out;
		if (out < n) {
			/* The token is the last element user space got. */
			if (out)
				memcpy(ckey, keys + (size_t)(out - 1) * ks, ks);
			err = -EFAULT;
		}
		if (!err && c.end)
			err = -ENOENT;	/* the walk reached the end */
		if (err || done == max)
			break;
		cond_resched();
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
	}
	if (done && copy_to_user(u64_to_user_ptr(attr->out_batch), ckey, ks))
		err = -EFAULT;
out:
	attr->count = done;
	kvfree(keys);
	kvfree(vals);
	return err;
}

/*
 * The same for the other types (prog_array), element by element through
 * get_next_key. When deleting, the next key is found before the current
 * one goes, so the walk never restarts inside a batch.
 */
static int batch_lookup(struct kbpf_map *map, struct kbpf_map_batch *attr,
			bool del, struct elem_bufs *b, void *next)
{
	u32 vsize = kbpf_map_user_value_size(map), ks = map->key_size;
	u8 __user *ukeys = u64_to_user_ptr(attr->keys);
	u8 __user *uvals = u64_to_user_ptr(attr->values);
	u32 max = attr->count, done = 0;
	bool have_prev = attr->in_batch;
	int err = 0;

	if (have_prev && copy_key(map, b->key, attr->in_batch))
		return -EFAULT;
	err = kbpf_map_get_next_key_user(map, have_prev ? b->key : NULL, next);
	while (!err && done < max) {
		memcpy(b->key, next, ks);
		err = del ? kbpf_map_lookup_and_delete_user(map, b->key, b->value) :
			    kbpf_map_lookup_user(map, b->key, b->value);
		if (!err) {
			if (copy_to_user(ukeys + (size_t)done * ks, b->key, ks) ||
			    copy_to_user(uvals + (size_t)done * vsize, b->value, vsize)) {
				err = -EFAULT;
				break;
			}
			done++;
		} else if (err != -ENOENT) {	/* gone meanwhile: skip it */
			break;
		}
		err = kbpf_map_get_next_key_user(map, b->key, next);
		if (batch_yield(done)) {
			err = -EINTR;
			break;
		}
	}
	attr->count = done;
	if (done && copy_to_user(u64_to_user_ptr(attr->out_batch), b->key, ks))
		return -EFAULT;
	/* -ENOENT: the walk reached the end (with @done elements in this batch). */
	return err;
}

/*
 * Copies @n elements of @size bytes in; if a copy faults, again one
 * element at a time: returns how many arrived whole, in order.
 */
static u32 batch_copy_in(u8 *dst, const u8 __user *src, u32 n, u32 size)
{
	u32 i;

	if (!copy_from_user(dst, src, (size_t)n * size))
		return n;
	for (i = 0; i < n; i++)
		if (copy_from_user(dst + (size_t)i * size, src + (size_t)i * size,
				   size))
			break;
	return i;
}

/* UPDATE_BATCH / DELETE_BATCH: keys (and values) copied in by chunks. */
static int batch_write(struct kbpf_map *map, struct kbpf_map_batch *attr,
		       bool del)
{
	u32 vsize = del ? 0 : kbpf_map_user_value_size(map), ks = map->key_size;
	u32 chunk = batch_chunk(attr->count, ks + vsize), i = 0, j, n, got;
	u8 __user *ukeys = u64_to_user_ptr(attr->keys);
	u8 __user *uvals = u64_to_user_ptr(attr->values);
	u8 *keys, *vals = NULL;
	int err = 0;

	keys = kvmalloc_array(chunk, ks, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!del)
		vals = kvmalloc_array(chunk, vsize,
				      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!keys || (!del && !vals)) {
		err = -ENOMEM;
		goto out;
	}
	/* One writer for the whole batch, not a freeze-lock round per element. */
	if (attr->count) {
		err = kbpf_map_write_begin(map);
		if (err)
			goto out;
	}
	while (i < attr->count) {
		n = min(chunk, attr->count - i);
		got = batch_copy_in(keys, ukeys + (size_t)i * ks, n, ks);
		if (!del)
			got = min(got, batch_copy_in(vals, uvals + (size_t)i * vsize,
						     got, vsize));
		for (j = 0; j < got; j++, i++) {
			err = del ? kbpf_map_delete_writing(map, keys + (size_t)j * ks) :
				    kbpf_map_update_writing(map, keys + (size_t)j * ks,
							    vals + (size_t)j * vsize,
							    attr->elem_flags);
			if (err)
				goto out_writer;
			if (batch_yield(i)) {
				err = -EINTR;
				i++;
				goto out_writer;
			}
		}
		if (got < n) {
			err = -EFAULT;
			break;
		}
	}
out_writer:
	if (attr->count)
		kbpf_map_writer_put(map);
out:
	attr->count = i;
	kvfree(keys);
	kvfree(vals);
	return err;
}

static int batch_check(unsigned int cmd, const struct kbpf_map_batch *attr)
{
	bool lookup = cmd == KBPF_IOC_MAP_LOOKUP_BATCH ||
		      cmd == KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH;

	if (attr->flags || attr->reserved || !attr->keys)
		return -EINVAL;
	if (cmd != KBPF_IOC_MAP_UPDATE_BATCH && attr->elem_flags)
		return -EINVAL;
	if (lookup)
		return attr->values && attr->out_batch ? 0 : -EINVAL;
	if (attr->in_batch || attr->out_batch)
		return -EINVAL;
	if (cmd == KBPF_IOC_MAP_DELETE_BATCH)
		return attr->values ? -EINVAL : 0;
	return attr->values ? 0 : -EINVAL;
}

/*
 * LOOKUP_BATCH / LOOKUP_AND_DELETE_BATCH: the type's own walk where it
 * has one, else key by key. When nothing could start, the count says 0
 * rather than echo the caller's.
 */
static int batch_lookup_cmd(struct kbpf_map *map, struct kbpf_map_batch *attr,
			    bool del)
{
	struct elem_bufs b;
	void *next;
	int err;

	next = kmalloc(map->key_size, GFP_KERNEL_ACCOUNT);
	if (!next) {
		attr->count = 0;
		return -ENOMEM;
	}
	if (map->ops->lookup_batch && (!del || map->ops->lookup_and_delete)) {
		err = batch_lookup_walk(map, attr, del, next);
	} else {
		err = bufs_alloc(&b, map);
		if (err) {
			attr->count = 0;
		} else {
			err = batch_lookup(map, attr, del, &b, next);
			bufs_free(&b);
		}
	}
	kfree(next);
	return err;
}

long kbpf_map_batch_cmd(unsigned int cmd, void __user *uarg)
{
	bool del = cmd == KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH ||
		   cmd == KBPF_IOC_MAP_DELETE_BATCH;
	struct kbpf_map_batch attr;
	struct kbpf_map *map;
	struct kbpf_obj *obj;
	u32 usize;
	int err, ret;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	err = batch_check(cmd, &attr);
	if (err)
		return err;
	obj = map_from_fd_user(attr.map_fd);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	map = obj_map(obj);
	/* A ring buffer has no keys: nothing to walk, write or delete. */
	if (!map->key_size) {
		err = -EOPNOTSUPP;
		attr.count = 0;
		goto out_count;
	}
	if (cmd == KBPF_IOC_MAP_UPDATE_BATCH || cmd == KBPF_IOC_MAP_DELETE_BATCH) {
		err = batch_write(map, &attr, del);
		goto out_count;
	}
	err = batch_lookup_cmd(map, &attr, del);
out_count:
	/*
	 * The count is reported whatever happened, as in Linux, which
	 * however leaves it untouched when its buffers cannot be allocated.
	 */
	ret = kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize);
	if (!err)
		err = ret;
	map_put_user(obj);
	return err;
}

/* OBJ_GET_INFO for a map: consumes the caller's reference on @obj. */
long kbpf_map_get_info(struct kbpf_obj *obj, struct kbpf_obj_get_info *attr,
		       void __user *uarg, u32 usize)
{
	const struct kbpf_map *map = obj_map(obj);
	struct kbpf_map_info info;
	int err;

	err = copy_struct_from_user(&info, sizeof(info),
				    u64_to_user_ptr(attr->info), attr->info_len);
	if (err)
		goto out;
	memset(&info, 0, sizeof(info));
	info.type = map->type;
	info.id = obj->id;
	info.key_size = map->key_size;
	info.value_size = map->value_size;
	info.max_entries = map->max_entries;
	info.map_flags = map->flags;
	memcpy(info.name, map->name, sizeof(info.name));
	info.frozen = READ_ONCE(map->frozen);
	attr->obj_type = obj->type;
	attr->info_len = min_t(u32, attr->info_len, sizeof(info));
	if (copy_to_user(u64_to_user_ptr(attr->info), &info, attr->info_len))
		err = -EFAULT;
	else
		err = kbpf_copy_cmd_out(uarg, attr, sizeof(*attr), usize);
out:
	kbpf_obj_put(obj);
	return err;
}

/* The loader's side of vm/maps_ref.c: descriptors to referenced maps. */
static struct kbpf_map *fd_map_get(void *ctx, s32 fd, int *err)
{
	struct kbpf_obj *obj = kbpf_obj_from_fd(fd, KBPF_OBJ_MAP);

	if (IS_ERR(obj)) {
		*err = PTR_ERR(obj);
		return NULL;
	}
	return obj_map(obj);
}

static void fd_map_put(struct kbpf_map *map)
{
	kbpf_obj_put(map->owner);
}

/* Resolves @prog's lddw map references; fd_array is a user pointer. */
int kbpf_prog_load_maps(struct kbpf_prog *prog, u64 ufd_array, u32 cnt,
			struct kbpf_log *log, u32 *err_insn)
{
	struct kbpf_map_resolver r = {
		.get = fd_map_get, .put = fd_map_put, .fd_array_cnt = cnt,
	};
	s32 *fds = NULL;
	int err;

	if (!ufd_array != !cnt)
		return -EINVAL;
	if (cnt > KBPF_MAX_INSNS)
		return -E2BIG;
	if (cnt) {
		fds = kvmalloc_array(cnt, sizeof(*fds), GFP_KERNEL_ACCOUNT);
		if (!fds)
			return -ENOMEM;
		if (copy_from_user(fds, u64_to_user_ptr(ufd_array),
				   (size_t)cnt * sizeof(*fds))) {
			kvfree(fds);
			return -EFAULT;
		}
	}
	r.fd_array = fds;
	err = kbpf_prog_resolve_maps(prog, &r, log, err_insn);
	kvfree(fds);
	return err;
}

/*
 * A writable mapping is a writer of the map for as long as it exists
 * (it blocks MAP_FREEZE with EBUSY, as Linux's writecnt): each copy of
 * the area (fork, a split by munmap or mprotect, mremap) takes one more,
 * each unmap gives one back. A read-only mapping lost VM_MAYWRITE, so
 * only writable ones count. The vma holds the file, the file the map.
 */
static void map_vma_open(struct vm_area_struct *vma)
{
	struct kbpf_obj *obj = vma->vm_private_data;

	if (vma->vm_flags & VM_MAYWRITE)
		kbpf_map_writer_dup(obj_map(obj));
}

static void map_vma_close(struct vm_area_struct *vma)
{
	struct kbpf_obj *obj = vma->vm_private_data;

	if (vma->vm_flags & VM_MAYWRITE)
		kbpf_map_writer_put(obj_map(obj));
}

static const struct vm_operations_struct map_vm_ops = {
	.open	= map_vma_open,
	.close	= map_vma_close,
};

/*
 * mmap of a map fd: a ring buffer's pages or a BPF_F_MMAPABLE array's
 * values, with Linux's checks (maps/map.c). A read-only mapping loses
 * VM_MAYWRITE, so mprotect cannot add write later; none may execute.
 */
int kbpf_map_mmap(struct kbpf_obj *obj, struct vm_area_struct *vma)
{
	struct kbpf_map *map = obj_map(obj);
	u64 len = vma->vm_end - vma->vm_start, base_off;
	bool write = vma->vm_flags & VM_WRITE;
	void *base;
	int err;

	/* A page offset this large cannot be inside any map. */
	if (vma->vm_pgoff > (U64_MAX >> PAGE_SHIFT) - 1)
		return -EINVAL;
	err = kbpf_map_mmap_range(map, (u64)vma->vm_pgoff << PAGE_SHIFT, len,
				  vma->vm_flags & VM_SHARED, write, &base,
				  &base_off);
	if (err)
		return err;
	if (!write)
		vma->vm_flags &= ~VM_MAYWRITE;
	vma->vm_flags &= ~VM_MAYEXEC;
	/* Sets VM_DONTEXPAND: mremap cannot grow it past the area. */
	err = remap_vmalloc_range(vma, base, base_off >> PAGE_SHIFT);
	if (err) {
		if (write)
			kbpf_map_writer_put(map);
		return err;
	}
	vma->vm_ops = &map_vm_ops;
	vma->vm_private_data = obj;
	return 0;
}

/* EPOLLIN while records wait; other map types have nothing to poll. */
__poll_t kbpf_map_poll(struct kbpf_obj *obj, struct file *file,
		       struct poll_table_struct *pts)
{
	struct kbpf_map *map = obj_map(obj);

	if (map->type != KBPF_MAP_TYPE_RINGBUF)
		return EPOLLERR;
	poll_wait(file, &kbpf_ringbuf_wake(map)->waitq, pts);
	return kbpf_ringbuf_has_data(map) ? EPOLLIN | EPOLLRDNORM : 0;
}
