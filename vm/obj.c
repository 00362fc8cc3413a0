// SPDX-License-Identifier: GPL-2.0-only
/*
 * Object lifetime, ids, descriptors and pins, for every kind of kbpf
 * object. The commands here (GET_NEXT_ID, GET_FD_BY_ID, OBJ_PIN, OBJ_GET,
 * OBJ_UNPIN, PIN_NEXT) work the same for programs and, later, maps and
 * links.
 */
#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include "module.h"
#include "obj.h"

/* Like Linux's kernel.bpf_stats_enabled: counting costs two clock reads a run. */
bool kbpf_stats_enabled;
module_param_named(stats, kbpf_stats_enabled, bool, 0644);
MODULE_PARM_DESC(stats, "count runs and run time of every program (default: off)");

/* Bounds on what one module instance will hold, whoever asks. */
#define KBPF_MAX_OBJECTS	65536
#define KBPF_MAX_PINS		4096

/*
 * kbpf_idr_lock guards the id space. Lookups by id take a reference only
 * if the count is not already zero, so an object on its way out is never
 * handed out again.
 */
static DEFINE_IDR(kbpf_idr);
static DEFINE_SPINLOCK(kbpf_idr_lock);
static atomic_t kbpf_nr_objects = ATOMIC_INIT(0);

struct kbpf_pin {
	struct list_head node;		/* in kbpf_pins, sorted by name */
	struct kbpf_obj *obj;		/* holds a reference */
	char name[KBPF_PIN_NAME_LEN];
};

/* kbpf_pins_lock guards kbpf_pins and kbpf_nr_pins; it may sleep. */
static LIST_HEAD(kbpf_pins);
static DEFINE_MUTEX(kbpf_pins_lock);
static unsigned int kbpf_nr_pins;

static int kbpf_obj_release(struct inode *inode, struct file *file)
{
	kbpf_obj_uref_put(file->private_data);
	kbpf_obj_put(file->private_data);
	return 0;
}

/*
 * mmap and poll: only maps have them (vm/map_fd.c), as in Linux, where
 * program and link files have neither (ENODEV, the default poll mask).
 */
static int kbpf_obj_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct kbpf_obj *obj = file->private_data;

	if (obj->type != KBPF_OBJ_MAP)
		return -ENODEV;
	return kbpf_map_mmap(obj, vma);
}

static __poll_t kbpf_obj_poll(struct file *file, struct poll_table_struct *pts)
{
	struct kbpf_obj *obj = file->private_data;

	if (obj->type != KBPF_OBJ_MAP)
		return DEFAULT_POLLMASK;
	return kbpf_map_poll(obj, file, pts);
}

static const struct file_operations kbpf_obj_fops = {
	.owner		= THIS_MODULE,
	.release	= kbpf_obj_release,
	.mmap		= kbpf_obj_mmap,
	.poll		= kbpf_obj_poll,
	.llseek		= noop_llseek,
};

struct kbpf_obj *kbpf_obj_create(u32 type, void *body,
				 void (*free_body)(void *body),
				 struct kbpf_charge *charge)
{
	struct kbpf_obj *obj;
	int id;

	if (atomic_inc_return(&kbpf_nr_objects) > KBPF_MAX_OBJECTS) {
		atomic_dec(&kbpf_nr_objects);
		return ERR_PTR(-ENOSPC);
	}
	obj = kzalloc(sizeof(*obj), GFP_KERNEL_ACCOUNT);
	if (!obj) {
		atomic_dec(&kbpf_nr_objects);
		return ERR_PTR(-ENOMEM);
	}
	refcount_set(&obj->refs, 1);
	obj->type = type;
	obj->uid = current_uid();
	obj->created_ns = ktime_get_boottime_ns();
	obj->body = body;
	obj->free_body = free_body;

	idr_preload(GFP_KERNEL);
	spin_lock(&kbpf_idr_lock);
	id = idr_alloc_cyclic(&kbpf_idr, obj, 1, INT_MAX, GFP_ATOMIC);
	spin_unlock(&kbpf_idr_lock);
	idr_preload_end();
	if (id < 0) {
		kfree(obj);
		atomic_dec(&kbpf_nr_objects);
		return ERR_PTR(id);
	}
	obj->id = id;
	obj->charge = *charge;
	charge->user = NULL;
	return obj;
}

static struct workqueue_struct *kbpf_obj_wq;

static void kbpf_obj_free_work(struct work_struct *work)
{
	struct kbpf_obj *obj = container_of(work, struct kbpf_obj, free_work);

	obj->free_body(obj->body);
	free_percpu(obj->stats);
	kfree(obj);
	atomic_dec(&kbpf_nr_objects);
}

static void kbpf_obj_free_rcu(struct rcu_head *rcu)
{
	struct kbpf_obj *obj = container_of(rcu, struct kbpf_obj, rcu);

	INIT_WORK(&obj->free_work, kbpf_obj_free_work);
	queue_work(kbpf_obj_wq, &obj->free_work);
}

void kbpf_obj_put(struct kbpf_obj *obj)
{
	if (!refcount_dec_and_test(&obj->refs))
		return;
	if (obj->release)
		obj->release(obj->body);
	kbpf_quota_uncharge(&obj->charge);
	spin_lock(&kbpf_idr_lock);
	idr_remove(&kbpf_idr, obj->id);
	spin_unlock(&kbpf_idr_lock);
	call_rcu(&obj->rcu, kbpf_obj_free_rcu);
}

void kbpf_obj_uref_get(struct kbpf_obj *obj)
{
	atomic_inc(&obj->urefs);
}

void kbpf_obj_uref_put(struct kbpf_obj *obj)
{
	if (atomic_dec_and_test(&obj->urefs) && obj->release_uref)
		obj->release_uref(obj->body);
}

int kbpf_obj_new_fd(struct kbpf_obj *obj)
{
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fd;
	file = anon_inode_getfile(obj->type == KBPF_OBJ_PROG ? "kbpf-prog" :
				  obj->type == KBPF_OBJ_MAP ? "kbpf-map" :
				  obj->type == KBPF_OBJ_LINK ? "kbpf-link" : "kbpf-obj",
				  &kbpf_obj_fops, obj, O_RDWR | O_CLOEXEC);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	/* Before the descriptor exists: a close can follow at once. */
	kbpf_obj_uref_get(obj);
	fd_install(fd, file);
	return fd;
}

/* A new descriptor for a referenced object, dropping the reference on failure. */
static int obj_fd_or_put(struct kbpf_obj *obj)
{
	int fd = kbpf_obj_new_fd(obj);

	if (fd < 0)
		kbpf_obj_put(obj);
	return fd;
}

int kbpf_obj_new_fd_or_put(struct kbpf_obj *obj)
{
	return obj_fd_or_put(obj);
}

struct kbpf_obj *kbpf_obj_from_fd(u32 fd, u32 type)
{
	struct kbpf_obj *obj;
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADF);
	obj = file->private_data;
	if (file->f_op != &kbpf_obj_fops || (type && obj->type != type))
		obj = ERR_PTR(-EINVAL);
	else
		refcount_inc(&obj->refs);
	fput(file);
	return obj;
}

static struct kbpf_obj *obj_by_id(u32 type, u32 id)
{
	struct kbpf_obj *obj;

	spin_lock(&kbpf_idr_lock);
	obj = idr_find(&kbpf_idr, id);
	if (!obj || obj->type != type || !refcount_inc_not_zero(&obj->refs))
		obj = NULL;
	spin_unlock(&kbpf_idr_lock);
	return obj;
}

static bool obj_type_known(u32 type)
{
	return type == KBPF_OBJ_PROG || type == KBPF_OBJ_MAP ||
	       type == KBPF_OBJ_LINK;
}

long kbpf_get_next_id_cmd(void __user *uarg)
{
	struct kbpf_get_next_id attr;
	struct kbpf_obj *obj;
	u32 usize;
	int id, err;

	err = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (err)
		return err;
	if (!obj_type_known(attr.obj_type) || attr.start_id >= INT_MAX)
		return -EINVAL;
	spin_lock(&kbpf_idr_lock);
	id = attr.start_id + 1;
	while ((obj = idr_get_next(&kbpf_idr, &id)) && obj->type != attr.obj_type)
		id++;
	spin_unlock(&kbpf_idr_lock);
	if (!obj)
		return -ENOENT;
	attr.next_id = id;
	return kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize);
}

long kbpf_get_fd_by_id_cmd(void __user *uarg)
{
	struct kbpf_get_fd_by_id attr;
	struct kbpf_obj *obj;
	u32 usize;
	int fd;

	fd = kbpf_copy_cmd_in(&attr, sizeof(attr), sizeof(attr), uarg, &usize);
	if (fd)
		return fd;
	if (!obj_type_known(attr.obj_type) || attr.flags)
		return -EINVAL;
	obj = obj_by_id(attr.obj_type, attr.id);
	if (!obj)
		return -ENOENT;
	return obj_fd_or_put(obj);
}

/* Pin names: 1-63 characters of [A-Za-z0-9_.:/-], NUL-terminated. */
static int check_pin_name(const char *name)
{
	size_t i, len = strnlen(name, KBPF_PIN_NAME_LEN);

	if (!len || len == KBPF_PIN_NAME_LEN)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.:/-", name[i]))
			return -EINVAL;
	return 0;
}

/*
 * Copies a pin command in. Only OBJ_PIN names a descriptor; only PIN_NEXT
 * takes a name that need not be a valid pin name ("" for the first).
 */
static int copy_pin_in(struct kbpf_obj_pin *attr, void __user *uarg,
		       u32 *usize, unsigned int cmd)
{
	int err = kbpf_copy_cmd_in(attr, sizeof(*attr), sizeof(*attr), uarg,
				   usize);

	if (err)
		return err;
	if (cmd != KBPF_IOC_OBJ_PIN && attr->fd)
		return -EINVAL;
	if (cmd != KBPF_IOC_PIN_NEXT)
		return check_pin_name(attr->name);
	return strnlen(attr->name, KBPF_PIN_NAME_LEN) == KBPF_PIN_NAME_LEN ?
	       -EINVAL : 0;
}

static struct kbpf_pin *pin_find(const char *name, struct list_head **pos)
{
	struct kbpf_pin *pin;
	int cmp;

	*pos = &kbpf_pins;
	list_for_each_entry(pin, &kbpf_pins, node) {
		cmp = strcmp(pin->name, name);
		if (!cmp)
			return pin;
		if (cmp > 0) {
			*pos = &pin->node;
			break;
		}
	}
	return NULL;
}

long kbpf_obj_pin_cmd(void __user *uarg)
{
	struct kbpf_obj_pin attr;
	struct list_head *pos;
	struct kbpf_pin *pin;
	struct kbpf_obj *obj;
	u32 usize;
	int err;

	err = copy_pin_in(&attr, uarg, &usize, KBPF_IOC_OBJ_PIN);
	if (err)
		return err;
	obj = kbpf_obj_from_fd(attr.fd, 0);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	pin = kzalloc(sizeof(*pin), GFP_KERNEL_ACCOUNT);
	if (!pin) {
		err = -ENOMEM;
		goto err_obj;
	}
	strscpy(pin->name, attr.name, sizeof(pin->name));
	pin->obj = obj;

	mutex_lock(&kbpf_pins_lock);
	if (pin_find(attr.name, &pos))
		err = -EEXIST;
	else if (kbpf_nr_pins >= KBPF_MAX_PINS)
		err = -ENOSPC;
	if (!err) {
		kbpf_obj_uref_get(obj);
		list_add_tail(&pin->node, pos);
		kbpf_nr_pins++;
	}
	mutex_unlock(&kbpf_pins_lock);
	if (err)
		goto err_pin;
	return 0;

err_pin:
	kfree(pin);
err_obj:
	kbpf_obj_put(obj);
	return err;
}

long kbpf_obj_get_cmd(void __user *uarg)
{
	struct kbpf_obj_pin attr;
	struct list_head *pos;
	struct kbpf_pin *pin;
	struct kbpf_obj *obj = NULL;
	u32 usize;
	int fd;

	fd = copy_pin_in(&attr, uarg, &usize, KBPF_IOC_OBJ_GET);
	if (fd)
		return fd;
	mutex_lock(&kbpf_pins_lock);
	pin = pin_find(attr.name, &pos);
	if (pin) {
		obj = pin->obj;
		refcount_inc(&obj->refs);
	}
	mutex_unlock(&kbpf_pins_lock);
	if (!obj)
		return -ENOENT;
	return obj_fd_or_put(obj);
}

long kbpf_obj_unpin_cmd(void __user *uarg)
{
	struct kbpf_obj_pin attr;
	struct list_head *pos;
	struct kbpf_pin *pin;
	u32 usize;
	int err;

	err = copy_pin_in(&attr, uarg, &usize, KBPF_IOC_OBJ_UNPIN);
	if (err)
		return err;
	mutex_lock(&kbpf_pins_lock);
	pin = pin_find(attr.name, &pos);
	if (pin) {
		list_del(&pin->node);
		kbpf_nr_pins--;
	}
	mutex_unlock(&kbpf_pins_lock);
	if (!pin)
		return -ENOENT;
	kbpf_obj_uref_put(pin->obj);
	kbpf_obj_put(pin->obj);
	kfree(pin);
	return 0;
}

long kbpf_pin_next_cmd(void __user *uarg)
{
	struct kbpf_obj_pin attr;
	struct kbpf_pin *pin;
	bool found = false;
	u32 usize;
	int err;

	err = copy_pin_in(&attr, uarg, &usize, KBPF_IOC_PIN_NEXT);
	if (err)
		return err;
	mutex_lock(&kbpf_pins_lock);
	list_for_each_entry(pin, &kbpf_pins, node) {
		if (strcmp(pin->name, attr.name) > 0) {
			strscpy(attr.name, pin->name, sizeof(attr.name));
			attr.obj_type = pin->obj->type;
			attr.id = pin->obj->id;
			found = true;
			break;
		}
	}
	mutex_unlock(&kbpf_pins_lock);
	if (!found)
		return -ENOENT;
	return kbpf_copy_cmd_out(uarg, &attr, sizeof(attr), usize);
}

int kbpf_obj_init(void)
{
	kbpf_quota_init();
	kbpf_obj_wq = alloc_workqueue("kbpf_obj_free", WQ_UNBOUND, 0);
	return kbpf_obj_wq ? 0 : -ENOMEM;
}

/* Module exit: no descriptor is open (each pins the module), drop pins. */
void kbpf_obj_uninit(void)
{
	struct kbpf_pin *pin, *tmp;

	mutex_lock(&kbpf_pins_lock);
	list_for_each_entry_safe(pin, tmp, &kbpf_pins, node) {
		list_del(&pin->node);
		kbpf_obj_uref_put(pin->obj);
		kbpf_obj_put(pin->obj);
		kfree(pin);
	}
	kbpf_nr_pins = 0;
	mutex_unlock(&kbpf_pins_lock);
	/* Freeing one object may drop the last reference on another (maps). */
	do {
		rcu_barrier();
		flush_workqueue(kbpf_obj_wq);
	} while (atomic_read(&kbpf_nr_objects));
	destroy_workqueue(kbpf_obj_wq);
	idr_destroy(&kbpf_idr);
}
