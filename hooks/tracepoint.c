// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tracepoints through perf: one kernel tracepoint counter per online CPU
 * whose overflow handler runs the program on the raw trace record (the
 * layout of tracefs events/CAT/NAME/format, starting with the common
 * fields).
 *
 * perf needs the event's numeric id: trace_get_event_file(), exported
 * for modules, finds the event by category and name and gives its
 * trace_event_call, whose event.type is that id. (Reading tracefs
 * events/CAT/NAME/id from the kernel fails: kernel_read() refuses files
 * with a plain .read method.) CPUs brought online after attach are not
 * covered (Documentation/hooks.md).
 */
#include <linux/cpumask.h>
#include <linux/ctype.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include "hooks.h"
#include "../verifier/verifier.h"

struct kbpf_tracepoint {
	struct kbpf_link *link;
	void __percpu *records;		/* the context programs read */
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

/*
 * "category:name" → the trace event file of the top-level instance, which
 * holds a reference on the event (its module cannot go) until put.
 */
static struct trace_event_file *tracepoint_file(const char *target)
{
	const char *colon = strchr(target, ':');
	struct trace_event_file *file;
	char *cat;

	if (!colon || !ident_ok(target, colon - target) ||
	    !ident_ok(colon + 1, strlen(colon + 1)))
		return ERR_PTR(-EINVAL);
	cat = kstrndup(target, colon - target, GFP_KERNEL);
	if (!cat)
		return ERR_PTR(-ENOMEM);
	file = trace_get_event_file(NULL, cat, colon + 1);
	kfree(cat);
	/* Not found is EINVAL there; the name was well-formed here. */
	if (IS_ERR(file) && PTR_ERR(file) == -EINVAL)
		return ERR_PTR(-ENOENT);
	return file;
}

static void tp_overflow(struct perf_event *event,
			struct perf_sample_data *data, struct pt_regs *regs)
{
	struct kbpf_tracepoint *h = event->overflow_handler_context;
	u32 size, max = kbpf_ctx_size(KBPF_PROG_TYPE_TRACEPOINT);
	void *rec;

	if (!data->raw)
		return;
	/* Nested on this CPU: kbpf_link_run counts a miss, runs nothing. */
	if (kbpf_hook_busy()) {
		kbpf_link_run(h->link, NULL);
		return;
	}
	/*
	 * The verifier let the program read the whole 2 KiB record area; a
	 * record is shorter, so it is copied into zeroed per-CPU memory and
	 * the copy is wiped afterwards.
	 */
	size = min_t(u32, data->raw->frag.size, max);
	rec = this_cpu_ptr(h->records);
	memcpy(rec, data->raw->frag.data, size);
	kbpf_link_run(h->link, rec);
	memset(rec, 0, size);
}

static void tp_release(struct kbpf_tracepoint *h)
{
	int cpu;

	for_each_possible_cpu(cpu)
		if (h->events[cpu])
			perf_event_release_kernel(h->events[cpu]);
	/* The handler runs under RCU; let every run finish. */
	synchronize_rcu();
	free_percpu(h->records);
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
	struct trace_event_file *file;
	struct kbpf_tracepoint *h;
	struct perf_event *ev;
	int cpu, err = 0;

	file = tracepoint_file(link->target);
	if (IS_ERR(file))
		return PTR_ERR(file);
	attr.config = file->event_call->event.type;
	h = kzalloc(struct_size(h, events, nr_cpu_ids), GFP_KERNEL_ACCOUNT);
	if (!h) {
		trace_put_event_file(file);
		return -ENOMEM;
	}
	h->link = link;
	h->records = __alloc_percpu_gfp(kbpf_ctx_size(KBPF_PROG_TYPE_TRACEPOINT), 8,
					GFP_KERNEL_ACCOUNT);
	if (!h->records) {
		kfree(h);
		trace_put_event_file(file);
		return -ENOMEM;
	}
	/*
	 * Not under cpus_read_lock(): registering the tracepoint takes it
	 * again inside (static calls), which lockdep rightly flags. A CPU
	 * going offline meanwhile fails its counter; one coming online is
	 * not covered, as after the attach.
	 */
	for_each_online_cpu(cpu) {
		ev = perf_event_create_kernel_counter(&attr, cpu, NULL,
						      tp_overflow, h);
		if (IS_ERR(ev)) {
			err = PTR_ERR(ev);
			break;
		}
		h->events[cpu] = ev;
	}
	/* Each perf event holds the trace event itself from here on. */
	trace_put_event_file(file);
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
