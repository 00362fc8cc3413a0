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
 *
 * System call events skip perf: the kernel builds their records itself
 * from the sys_enter and sys_exit tracepoints' arguments
 * (kernel/trace/trace_syscalls.c for syscalls:sys_enter_NAME and
 * sys_exit_NAME, include/trace/events/syscalls.h for raw_syscalls:), and so
 * does a probe of ours on those tracepoints: the same record, without
 * perf matching the event and preparing a sample for each one.
 */
#include <linux/cpumask.h>
#include <linux/ctype.h>
#include <linux/ftrace.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/trace_events.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include <trace/syscall.h>
#include "hooks.h"
#include "../verifier/verifier.h"

enum tp_kind {
	TP_PERF,		/* any event: perf counters */
	TP_SYS_ENTER,		/* syscalls:sys_enter_NAME */
	TP_SYS_EXIT,		/* syscalls:sys_exit_NAME */
	TP_RAW_SYS_ENTER,	/* raw_syscalls:sys_enter */
	TP_RAW_SYS_EXIT,	/* raw_syscalls:sys_exit */
};

struct kbpf_tracepoint {
	struct kbpf_link *link;
	void __percpu *records;		/* the context programs read */
	enum tp_kind kind;
	/* System call events: the record's common_type, the probed tracepoint. */
	u16 type;
	int syscall_nr;			/* syscalls: events: theirs */
	u32 nr_args;			/* of sys_enter_NAME */
	struct tracepoint *tp;
	struct perf_event *events[];	/* by CPU id; NULL where offline */
};

/* The records, as events/syscalls/ and events/raw_syscalls/ format them. */
struct tp_sys_enter_rec {
	struct trace_entry ent;
	int nr;				/* __syscall_nr */
	unsigned long args[6];
};

struct tp_sys_exit_rec {
	struct trace_entry ent;
	int nr;				/* __syscall_nr */
	long ret;
};

struct tp_raw_sys_enter_rec {
	struct trace_entry ent;
	long id;
	unsigned long args[6];
};

struct tp_raw_sys_exit_rec {
	struct trace_entry ent;
	long id;
	long ret;
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

/*
 * syscalls:sys_enter_* records are the common header, the syscall number
 * (an int) and nb_args unsigned longs after it, aligned; sys_exit_* ones
 * the number and a long return value (tracefs format of those events).
 */
static u32 syscall_record_size(struct trace_event_call *call)
{
	const struct syscall_metadata *meta = call->data;
	u32 nr_end = sizeof(struct trace_entry) + sizeof(int);
	u32 args = ALIGN(nr_end, sizeof(unsigned long));

	if (!meta)
		return 0;
	if (call == meta->exit_event)
		return args + sizeof(long);
	if (call != meta->enter_event)
		return 0;
	return meta->nb_args ? args + meta->nb_args * sizeof(unsigned long) : nr_end;
}

/*
 * The fixed part of an event's record as tracefs format lists it: the
 * end of its last field (dynamic arrays follow it, reached through their
 * __data_loc words). TRACE_EVENT()s describe their fields in the class's
 * fields_array, which the kernel lays out in order, each field aligned,
 * after struct trace_entry. Events whose fields are defined by a
 * function (kprobe events and the like): 0, unknown.
 */
static u32 record_size(struct trace_event_call *call)
{
	const struct trace_event_fields *f = call->class->fields_array;
	u32 off = sizeof(struct trace_entry), end = off;

	if (call->class->system && !strcmp(call->class->system, "syscalls"))
		return syscall_record_size(call);
	if (!f)
		return 0;
	for (; f->type; f++) {
		if (f->type == TRACE_FUNCTION_TYPE || f->size < 0 ||
		    f->align < 0)
			return 0;
		if (f->align > 1)
			off = ALIGN(off, f->align);
		off += f->size;
		end = max(end, off);
	}
	return end;
}

int kbpf_tracepoint_record_size(const char *target, u32 *size)
{
	struct trace_event_file *file = tracepoint_file(target);

	if (IS_ERR(file))
		return PTR_ERR(file);
	*size = record_size(file->event_call);
	trace_put_event_file(file);
	return 0;
}

static void tp_overflow(struct perf_event *event,
			struct perf_sample_data *data, struct pt_regs *regs)
{
	struct kbpf_tracepoint *h = event->overflow_handler_context;
	u32 size, max = kbpf_ctx_size(KBPF_PROG_TYPE_TRACEPOINT);
	u32 known = h->link->ctx_size;
	void *rec;

	if (!data->raw)
		return;
	size = data->raw->frag.size;
	/*
	 * The link's program reads no further than the event's fixed record
	 * (checked at LINK_CREATE and LINK_UPDATE), so it reads perf's own;
	 * kbpf_link_run() refuses a nested run itself.
	 */
	if (known && size >= known) {
		kbpf_link_run(h->link, data->raw->frag.data);
		return;
	}
	/*
	 * An event of unknown layout: the program may read the whole 2 KiB
	 * record area, so the record is copied into zeroed per-CPU memory
	 * and the copy is wiped afterwards. Nested on this CPU, the copy is
	 * still in use: kbpf_link_run counts a miss and runs nothing.
	 */
	if (kbpf_hook_busy()) {
		kbpf_link_run(h->link, NULL);
		return;
	}
	size = min(size, max);
	rec = this_cpu_ptr(h->records);
	memcpy(rec, data->raw->frag.data, size);
	kbpf_link_run(h->link, rec);
	memset(rec, 0, size);
}

/*
 * What tracing_gen_ctx() puts in a record's common_flags and
 * common_preempt_count (not exported): the context flags and the
 * preemption and migration-disable depths, 4 bits each.
 */
static unsigned int tp_trace_ctx(void)
{
	unsigned int flags = irqs_disabled() ? TRACE_FLAG_IRQS_OFF : 0;
	unsigned int pc = preempt_count();

	if (pc & NMI_MASK)
		flags |= TRACE_FLAG_NMI;
	if (pc & HARDIRQ_MASK)
		flags |= TRACE_FLAG_HARDIRQ;
	if (in_serving_softirq())
		flags |= TRACE_FLAG_SOFTIRQ;
	if (softirq_count() >> (SOFTIRQ_SHIFT + 1))
		flags |= TRACE_FLAG_BH_OFF;
	if (tif_need_resched())
		flags |= TRACE_FLAG_NEED_RESCHED;
	if (test_preempt_need_resched())
		flags |= TRACE_FLAG_PREEMPT_RESCHED;
	return flags << 16 | min(pc & 0xff, 0xfU) |
	       min_t(unsigned int, current->migration_disabled, 0xf) << 4;
}

/* The system call number syscalls: events see: none for compat calls. */
static int tp_syscall_nr(struct pt_regs *regs)
{
#ifdef ARCH_TRACE_IGNORE_COMPAT_SYSCALLS
	if (arch_trace_is_compat_syscall(regs))
		return -1;
#endif
	return syscall_get_nr(current, regs);
}

/*
 * The per-CPU record, its common fields filled, or NULL (a miss counted)
 * while a program runs on this CPU and may still read it.
 */
static void *tp_sys_record(struct kbpf_tracepoint *h)
{
	struct trace_entry *ent;

	if (kbpf_hook_busy()) {
		kbpf_link_run(h->link, NULL);
		return NULL;
	}
	ent = this_cpu_ptr(h->records);
	tracing_generic_entry_update(ent, h->type, tp_trace_ctx());
	return ent;
}

static void tp_sys_run(struct kbpf_tracepoint *h, void *rec, u32 size)
{
	kbpf_link_run(h->link, rec);
	memset(rec, 0, size);
}

static void tp_sys_enter_probe(void *data, struct pt_regs *regs, long id)
{
	struct kbpf_tracepoint *h = data;
	unsigned long args[6];

	if (h->kind == TP_SYS_ENTER) {
		struct tp_sys_enter_rec *rec;

		if (tp_syscall_nr(regs) != h->syscall_nr)
			return;
		rec = tp_sys_record(h);
		if (!rec)
			return;
		rec->nr = h->syscall_nr;
		syscall_get_arguments(current, regs, args);
		memcpy(rec->args, args, h->nr_args * sizeof(args[0]));
		tp_sys_run(h, rec, offsetof(struct tp_sys_enter_rec, args[h->nr_args]));
	} else {
		struct tp_raw_sys_enter_rec *rec = tp_sys_record(h);

		if (!rec)
			return;
		rec->id = id;
		syscall_get_arguments(current, regs, rec->args);
		tp_sys_run(h, rec, sizeof(*rec));
	}
}

static void tp_sys_exit_probe(void *data, struct pt_regs *regs, long ret)
{
	struct kbpf_tracepoint *h = data;

	if (h->kind == TP_SYS_EXIT) {
		struct tp_sys_exit_rec *rec;

		if (tp_syscall_nr(regs) != h->syscall_nr)
			return;
		rec = tp_sys_record(h);
		if (!rec)
			return;
		rec->nr = h->syscall_nr;
		rec->ret = syscall_get_return_value(current, regs);
		tp_sys_run(h, rec, sizeof(*rec));
	} else {
		struct tp_raw_sys_exit_rec *rec = tp_sys_record(h);

		if (!rec)
			return;
		rec->id = syscall_get_nr(current, regs);
		rec->ret = ret;
		tp_sys_run(h, rec, sizeof(*rec));
	}
}

/*
 * Which system call event @call is, if any, and what its probe needs:
 * syscalls: events carry their struct syscall_metadata as call->data.
 */
static enum tp_kind tp_sys_kind(struct trace_event_call *call,
				struct kbpf_tracepoint *h)
{
	const char *sys = call->class->system, *name = trace_event_name(call);
	struct syscall_metadata *meta = call->data;
	bool enter;

	if (!sys || !name)
		return TP_PERF;
	if (!strcmp(sys, "raw_syscalls")) {
		if (!strcmp(name, "sys_enter"))
			return TP_RAW_SYS_ENTER;
		return strcmp(name, "sys_exit") ? TP_PERF : TP_RAW_SYS_EXIT;
	}
	if (strcmp(sys, "syscalls"))
		return TP_PERF;
	enter = str_has_prefix(name, "sys_enter_");
	if ((!enter && !str_has_prefix(name, "sys_exit_")) || !meta ||
	    meta->syscall_nr < 0 || meta->nb_args < 0 || meta->nb_args > 6)
		return TP_PERF;
	h->syscall_nr = meta->syscall_nr;
	h->nr_args = meta->nb_args;
	return enter ? TP_SYS_ENTER : TP_SYS_EXIT;
}

static void *tp_sys_probe(const struct kbpf_tracepoint *h)
{
	if (h->kind == TP_SYS_ENTER || h->kind == TP_RAW_SYS_ENTER)
		return tp_sys_enter_probe;
	return tp_sys_exit_probe;
}

static int tp_sys_attach(struct kbpf_tracepoint *h)
{
	bool enter = h->kind == TP_SYS_ENTER || h->kind == TP_RAW_SYS_ENTER;

	h->tp = kbpf_kernel_tracepoint(enter ? "sys_enter" : "sys_exit");
	if (!h->tp)
		return -ENOENT;
	return tracepoint_probe_register(h->tp, tp_sys_probe(h), h);
}

static void tp_release(struct kbpf_tracepoint *h)
{
	int cpu;

	if (h->tp) {
		tracepoint_probe_unregister(h->tp, tp_sys_probe(h), h);
		/* No probe call is still running once this returns. */
		tracepoint_synchronize_unregister();
	} else {
		for_each_possible_cpu(cpu)
			if (h->events[cpu])
				perf_event_release_kernel(h->events[cpu]);
		/* The handler runs under RCU; let every run finish. */
		synchronize_rcu();
	}
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
	link->ctx_size = record_size(file->event_call);
	err = kbpf_link_check_ctx(link, rcu_dereference_protected(link->prog, true));
	if (err) {
		trace_put_event_file(file);
		return err;
	}
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
	h->type = file->event_call->event.type;
	h->kind = tp_sys_kind(file->event_call, h);
	if (h->kind != TP_PERF) {
		/* Core-kernel events: nothing to hold once the probe is in. */
		trace_put_event_file(file);
		err = tp_sys_attach(h);
		if (err) {
			h->tp = NULL;
			tp_release(h);
			return err;
		}
		link->hook = h;
		return 0;
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
