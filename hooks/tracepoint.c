// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tracepoints through perf: one kernel tracepoint counter per online CPU
 * whose overflow handler runs the program on the raw trace record (the
 * layout of tracefs events/CAT/NAME/format, starting with the common
 * fields).
 *
 * perf needs the event's numeric id. The table that maps names to ids
 * (trace_event_call list, trace_find_event) is not exported to modules;
 * tracefs publishes it as events/CAT/NAME/id, so we read that file. The
 * name is checked to be two plain identifiers first, so the path cannot
 * leave the events directory. CPUs brought online after attach are not
 * covered (Documentation/hooks.md).
 */
#include <linux/cpu.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include "hooks.h"

static const char * const tracefs_dirs[] = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

struct kbpf_tracepoint {
	struct kbpf_link *link;
	struct perf_event *events[];	/* by CPU id; NULL where offline */
};

static bool ident_ok(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(s[i]) && s[i] != '_')
			return false;
	return true;
}

static int read_id_file(const char *path, u64 *id)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	char buf[24];
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n < 0)
		return n;
	buf[n] = '\0';
	return kstrtou64(strim(buf), 10, id);
}

/* "category:name" → the event id tracefs shows. */
static int tracepoint_id(const char *target, u64 *id)
{
	const char *colon = strchr(target, ':');
	char *path;
	size_t i;
	int err = -ENOENT;

	if (!colon || !ident_ok(target, colon - target) ||
	    !ident_ok(colon + 1, strlen(colon + 1)))
		return -EINVAL;
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(tracefs_dirs); i++) {
		snprintf(path, PATH_MAX, "%s/events/%.*s/%s/id",
			 tracefs_dirs[i], (int)(colon - target), target,
			 colon + 1);
		err = read_id_file(path, id);
		if (err != -ENOENT)
			break;
	}
	kfree(path);
	return err;
}

static void tp_overflow(struct perf_event *event,
			struct perf_sample_data *data, struct pt_regs *regs)
{
	struct kbpf_link *link = event->overflow_handler_context;

	if (data->raw)
		kbpf_link_run(link, data->raw->frag.data);
}

static void tp_release(struct kbpf_tracepoint *h)
{
	int cpu;

	for_each_possible_cpu(cpu)
		if (h->events[cpu])
			perf_event_release_kernel(h->events[cpu]);
	/* The handler runs under RCU; let every run finish. */
	synchronize_rcu();
	kfree(h);
}

static int tp_attach(struct kbpf_link *link)
{
	struct perf_event_attr attr = {
		.type		= PERF_TYPE_TRACEPOINT,
		.size		= sizeof(attr),
		.sample_period	= 1,
		.sample_type	= PERF_SAMPLE_RAW,
	};
	struct kbpf_tracepoint *h;
	struct perf_event *ev;
	int cpu, err;

	err = tracepoint_id(link->target, &attr.config);
	if (err)
		return err;
	h = kzalloc(struct_size(h, events, nr_cpu_ids), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	h->link = link;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		ev = perf_event_create_kernel_counter(&attr, cpu, NULL,
						      tp_overflow, link);
		if (IS_ERR(ev)) {
			err = PTR_ERR(ev);
			break;
		}
		h->events[cpu] = ev;
	}
	cpus_read_unlock();
	if (err) {
		tp_release(h);
		return err;
	}
	link->hook = h;
	return 0;
}

static void tp_detach(struct kbpf_link *link)
{
	tp_release(link->hook);
	link->hook = NULL;
}

const struct kbpf_hook_ops kbpf_tracepoint_ops = {
	.prog_type	= KBPF_PROG_TYPE_TRACEPOINT,
	.attach		= tp_attach,
	.detach		= tp_detach,
};
