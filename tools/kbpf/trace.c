// SPDX-License-Identifier: GPL-2.0-only
/*
 * kbpf trace CAT:NAME [FILTER] [--fields F,F] [--count N] [--duration S]
 *            [--no-jit] [-j] [--dump] [--format FILE]
 *
 * Compiles a tracepoint filter in the kernel's grammar against the
 * event's format, attaches it as an ordinary verified tracepoint program
 * and prints each matching event as trace_pipe does (or as JSON lines).
 * The program copies a matching event into a ring buffer; everything
 * else (decoding fields, counting) happens here, so the module only ever
 * sees a program. --dump prints the compiled program instead, and with
 * --format works offline against a saved format file.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "backend.h"
#include "filter.h"
#include "json.h"
#include "ringbuf.h"
#include "../../vm/vm.h"

#define TRACE_RING_SIZE		(1U << 20)
#define TRACE_MAX_SELECTED	KBPF_TP_MAX_FIELDS

struct trace_args {
	const char *event, *filter, *format, *fields;
	unsigned long long count, seconds;
	bool dump, no_jit;
};

struct trace_state {
	const struct kbpf_tp_format *fmt;
	const struct kbpf_filter_output *out;
	const struct kbpf_tp_field *sel[TRACE_MAX_SELECTED];
	uint32_t nr_sel;
	unsigned long long received, printed, limit;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int read_format_file(const char *path, const char *event,
			    struct kbpf_tp_format *fmt)
{
	char system[KBPF_TP_NAME_LEN], err[160], *text;
	FILE *f = fopen(path, "r");
	size_t n;
	int ret;

	if (!f)
		return kbpf_err("format file %s: %s", path, strerror(errno));
	text = calloc(1, 65537);
	n = text ? fread(text, 1, 65536, f) : 0;
	fclose(f);
	if (!text)
		return kbpf_err("out of memory");
	text[n] = '\0';
	snprintf(system, sizeof(system), "%.*s", (int)strcspn(event, ":"), event);
	ret = kbpf_tp_format_parse(text, system, fmt, err, sizeof(err));
	free(text);
	return ret ? kbpf_err("%s: %s", path, err) : 0;
}

static void dump(const struct kbpf_insn *insns, uint32_t cnt)
{
	char line[128];
	uint32_t i, n;

	for (i = 0; i < cnt; i += n) {
		n = kbpf_disasm_insn(line, sizeof(line), &insns[i], cnt - i);
		printf("%5u: %s\n", i, line);
	}
}

static int parse_num(const char *s, const char *what, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || *end || !*s || !*out)
		return kbpf_err("%s must be a positive number, not '%s'", what, s);
	return 0;
}

static int parse_args(int argc, char **argv, struct trace_args *a)
{
	int i;

	if (argc < 1)
		return kbpf_err("expected 'trace CAT:NAME [FILTER] [OPTIONS]'");
	a->event = argv[0];
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(arg, "--dump")) {
			a->dump = true;
		} else if (!strcmp(arg, "--no-jit")) {
			a->no_jit = true;
		} else if (!strcmp(arg, "-j") || !strcmp(arg, "-p")) {
			opts.json = true;
			opts.pretty = arg[1] == 'p';
		} else if (arg[0] == '-' && arg[1] == '-' && !val) {
			return kbpf_err("%s needs a value", arg);
		} else if (!strcmp(arg, "--format")) {
			a->format = argv[++i];
		} else if (!strcmp(arg, "--fields")) {
			a->fields = argv[++i];
		} else if (!strcmp(arg, "--count")) {
			if (parse_num(argv[++i], "--count", &a->count))
				return 1;
		} else if (!strcmp(arg, "--duration")) {
			if (parse_num(argv[++i], "--duration", &a->seconds))
				return 1;
		} else if (arg[0] == '-' && arg[1] == '-') {
			return kbpf_err("unknown option '%s'", arg);
		} else if (!a->filter) {
			a->filter = arg;
		} else {
			return kbpf_err("unexpected argument '%s' (quote the filter as one argument)", arg);
		}
	}
	if (!strchr(a->event, ':'))
		return kbpf_err("'%s' is not CATEGORY:NAME", a->event);
	if (a->format && !a->dump)
		return kbpf_err("--format compiles against a saved format: it needs --dump");
	return 0;
}

static bool is_common(const struct kbpf_tp_field *f)
{
	return !strncmp(f->name, "common_", 7);
}

/* The fields to print: --fields in its order, or every non-common one. */
static int select_fields(const char *list, struct trace_state *st)
{
	const struct kbpf_tp_format *fmt = st->fmt;
	char name[KBPF_TP_NAME_LEN];
	const struct kbpf_tp_field *f;
	size_t len;
	uint32_t i;

	if (!list) {
		for (i = 0; i < fmt->nr_fields; i++)
			if (!is_common(&fmt->fields[i]))
				st->sel[st->nr_sel++] = &fmt->fields[i];
		return 0;
	}
	while (*list) {
		len = strcspn(list, ",");
		snprintf(name, sizeof(name), "%.*s", (int)len, list);
		f = kbpf_tp_field_find(fmt, name);
		if (!f)
			return kbpf_err("--fields: %s:%s has no field '%s'", fmt->system,
					fmt->name, name);
		if (st->nr_sel == TRACE_MAX_SELECTED)
			return kbpf_err("--fields: at most %d fields", TRACE_MAX_SELECTED);
		st->sel[st->nr_sel++] = f;
		list += len + (list[len] == ',');
	}
	return 0;
}

/*
 * How much of the record the program copies: up to the last selected
 * fixed field, or all a tracepoint program can see when a __data_loc
 * string (stored after the fixed fields) is selected.
 */
static int plan_output(struct trace_state *st, struct kbpf_filter_output *out)
{
	uint32_t i, end = 8;

	for (i = 0; i < st->nr_sel; i++) {
		const struct kbpf_tp_field *f = st->sel[i];

		if (f->kind == KBPF_TP_STR_DATA_LOC)
			end = 2048;
		else if (f->offset + f->size > end)
			end = f->offset + f->size;
		if (f->kind != KBPF_TP_STR_PTR)
			continue;
		if (out->nr_strs == KBPF_TRACE_MAX_STRS)
			return kbpf_err("--fields: at most %d char * fields", KBPF_TRACE_MAX_STRS);
		out->strs[out->nr_strs++] = f;
	}
	out->copy_len = end > 2048 ? 2048 : (end + 7) & ~7U;
	return 0;
}

static uint64_t read_number(const uint8_t *p, const struct kbpf_tp_field *f)
{
	uint64_t v = 0;
	int shift = 64 - 8 * f->size;

	memcpy(&v, p, f->size > 8 ? 8 : f->size);
	if (f->is_signed && shift > 0 && shift < 64)
		v = (uint64_t)((int64_t)(v << shift) >> shift);
	return v;
}

/* The string @f holds in this record, as a bounded C string in @buf. */
static const char *read_string(const struct trace_state *st, const uint8_t *rec,
			       const struct kbpf_tp_field *f, char *buf, size_t size)
{
	const uint8_t *strs = rec + st->out->copy_len;
	uint32_t loc, off, len, i;

	switch (f->kind) {
	case KBPF_TP_STR_ARRAY:
		snprintf(buf, size, "%.*s", (int)f->size, (const char *)rec + f->offset);
		break;
	case KBPF_TP_STR_DATA_LOC:
		memcpy(&loc, rec + f->offset, 4);
		off = loc & 0xffff;
		len = loc >> 16;
		if (off >= st->out->copy_len)
			len = 0;
		else if (len > st->out->copy_len - off)
			len = st->out->copy_len - off;
		snprintf(buf, size, "%.*s", (int)len, (const char *)rec + off);
		break;
	default:
		for (i = 0; i < st->out->nr_strs && st->out->strs[i] != f; i++)
			;
		snprintf(buf, size, "%.*s", KBPF_FILTER_STR_MAX,
			 (const char *)strs + i * KBPF_FILTER_STR_MAX);
	}
	return buf;
}

static bool is_string(const struct kbpf_tp_field *f)
{
	return f->kind == KBPF_TP_STR_ARRAY || f->kind == KBPF_TP_STR_DATA_LOC ||
	       f->kind == KBPF_TP_STR_PTR;
}

static bool is_pointer(const struct kbpf_tp_field *f)
{
	return strchr(f->type, '*') != NULL;
}

static void print_field_text(const struct trace_state *st, const uint8_t *rec,
			     const struct kbpf_tp_field *f)
{
	char buf[KBPF_FILTER_STR_MAX + 1];
	uint64_t v;

	if (is_string(f)) {
		printf(" %s=%s", f->name, read_string(st, rec, f, buf, sizeof(buf)));
	} else if (f->kind == KBPF_TP_OTHER) {
		printf(" %s=<%u bytes>", f->name, f->size);
	} else {
		v = read_number(rec + f->offset, f);
		if (is_pointer(f))
			printf(" %s=0x%" PRIx64, f->name, v);
		else if (f->is_signed)
			printf(" %s=%" PRId64, f->name, (int64_t)v);
		else
			printf(" %s=%" PRIu64, f->name, v);
	}
}

static void print_field_json(const struct trace_state *st, const uint8_t *rec,
			     const struct kbpf_tp_field *f)
{
	char buf[KBPF_FILTER_STR_MAX + 1];
	uint64_t v;

	if (is_string(f)) {
		kbpf_json_str(f->name, read_string(st, rec, f, buf, sizeof(buf)));
	} else if (f->kind == KBPF_TP_OTHER) {
		kbpf_json_hex(f->name, rec + f->offset, f->size);
	} else {
		v = read_number(rec + f->offset, f);
		if (f->is_signed && !is_pointer(f))
			kbpf_json_s64(f->name, (int64_t)v);
		else
			kbpf_json_u64(f->name, v);
	}
}

static void print_event(const struct trace_state *st, const struct kbpf_trace_hdr *h,
			const uint8_t *rec)
{
	char comm[sizeof(h->comm) + 1];
	uint32_t i;

	snprintf(comm, sizeof(comm), "%.*s", (int)sizeof(h->comm), h->comm);
	if (opts.json) {
		kbpf_json_object_begin(NULL);
		kbpf_json_u64("timestamp_ns", h->ts_ns);
		kbpf_json_u64("cpu", h->cpu);
		kbpf_json_str("comm", comm);
		kbpf_json_u64("pid", (uint32_t)h->pid_tgid);
		kbpf_json_u64("tgid", h->pid_tgid >> 32);
		kbpf_json_str("event", st->fmt->name);
		kbpf_json_object_begin("fields");
		for (i = 0; i < st->nr_sel; i++)
			print_field_json(st, rec, st->sel[i]);
		kbpf_json_object_end();
		kbpf_json_object_end();
		kbpf_json_finish();
	} else {
		printf("%16s-%-7u [%03u] %6" PRIu64 ".%06" PRIu64 ": %s:", comm,
		       (uint32_t)h->pid_tgid, h->cpu, h->ts_ns / 1000000000,
		       h->ts_ns % 1000000000 / 1000, st->fmt->name);
		for (i = 0; i < st->nr_sel; i++)
			print_field_text(st, rec, st->sel[i]);
		putchar('\n');
	}
}

static void on_record(void *ctx, const struct kbpf_rb *rb, const void *data,
		      uint32_t len)
{
	struct trace_state *st = ctx;
	const struct kbpf_trace_hdr *h = data;

	st->received++;
	if (len < kbpf_trace_record_size(st->out) || (st->limit && st->printed >= st->limit))
		return;
	print_event(st, h, (const uint8_t *)data + sizeof(*h));
	st->printed++;
}

static int create_map(uint32_t type, uint32_t key_size, uint32_t value_size,
		      uint32_t max_entries, const char *name)
{
	struct kbpf_map_create attr = {
		.size = sizeof(attr), .map_type = type, .key_size = key_size,
		.value_size = value_size, .max_entries = max_entries,
	};
	int fd;

	snprintf(attr.name, sizeof(attr.name), "%s", name);
	fd = kbpf_backend_get()->map_create(&attr);
	if (fd < 0)
		kbpf_err("cannot create the %s map: %s", name, kbpf_strerror(-fd));
	return fd;
}

static uint64_t sum_drops(int dev, int drops_fd)
{
	unsigned int i, ncpu = kbpf_possible_cpus();
	uint64_t *vals = calloc(ncpu, sizeof(*vals)), sum = 0;
	uint32_t key = 0;
	struct kbpf_map_elem e = {
		.size = sizeof(e), .map_fd = drops_fd,
		.key = (uintptr_t)&key, .value = (uintptr_t)vals,
	};

	if (vals && !kbpf_ioctl(dev, KBPF_IOC_MAP_LOOKUP_ELEM, &e))
		for (i = 0; i < ncpu; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

static int attach(int dev, int prog, const char *event)
{
	struct kbpf_link_create attr = {
		.size = sizeof(attr), .prog_fd = prog,
		.attach_type = KBPF_ATTACH_TRACEPOINT, .target = (uintptr_t)event,
	};
	int link = kbpf_ioctl(dev, KBPF_IOC_LINK_CREATE, &attr);

	if (link < 0)
		kbpf_err("cannot attach to tracepoint %s: %s", event, kbpf_strerror(-link));
	return link;
}

static void stream(struct trace_state *st, struct kbpf_rb *rb,
		   const struct trace_args *a)
{
	time_t end = a->seconds ? time(NULL) + (time_t)a->seconds : 0;
	struct pollfd pfd = { .fd = rb->fd, .events = POLLIN };

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop && (!end || time(NULL) < end) &&
	       (!a->count || st->printed < a->count)) {
		if (!kbpf_rb_consume(rb, on_record, st))
			poll(&pfd, 1, 100);
		fflush(stdout);
	}
}

static void print_summary(int dev, int link, int drops_fd, const struct trace_state *st)
{
	struct kbpf_link_info info;
	uint64_t drops = sum_drops(dev, drops_fd);

	if (kbpf_link_info_get(dev, link, &info))
		memset(&info, 0, sizeof(info));
	fprintf(stderr, "%" PRIu64 " events seen, %llu matched, %llu printed",
		(uint64_t)info.hit_cnt, st->received + drops, st->printed);
	if (drops)
		fprintf(stderr, ", %" PRIu64 " lost (ring buffer full)", drops);
	if (info.miss_cnt)
		fprintf(stderr, ", %" PRIu64 " skipped (a program already ran on the CPU)",
			(uint64_t)info.miss_cnt);
	fputc('\n', stderr);
}

static int run_trace(const struct trace_args *a, struct trace_state *st,
		     const struct kbpf_filter_node *root)
{
	struct kbpf_filter_output out = { 0 };
	struct kbpf_insn *insns = NULL;
	int dev, prog = -1, link = -1, ret = 1, err;
	bool mapped = false;
	struct kbpf_rb rb;
	uint32_t cnt;

	if (select_fields(a->fields, st) || plan_output(st, &out))
		return 1;
	st->out = &out;
	st->limit = a->count;
	dev = kbpf_device();
	if (dev < 0)
		return 1;
	out.ringbuf_fd = create_map(KBPF_MAP_TYPE_RINGBUF, 0, 0, TRACE_RING_SIZE, "trace_events");
	out.drops_fd = create_map(KBPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1, "trace_drops");
	if (out.ringbuf_fd < 0 || out.drops_fd < 0)
		goto out;
	ret = kbpf_filter_compile_output(root, st->fmt, &out, &insns, &cnt);
	if (ret) {
		ret = kbpf_err("cannot compile the filter: %s", kbpf_strerror(-ret));
		goto out;
	}
	ret = 1;
	prog = kbpf_load_generated(KBPF_PROG_TYPE_TRACEPOINT, insns, cnt, "kbpf_trace",
				   a->no_jit ? KBPF_PROG_LOAD_F_NO_JIT : 0);
	if (prog < 0)
		goto out;
	err = kbpf_rb_open(&rb, out.ringbuf_fd, TRACE_RING_SIZE, "trace_events");
	if (err) {
		kbpf_err("cannot map the ring buffer: %s", kbpf_strerror(-err));
		goto out;
	}
	mapped = true;
	link = attach(dev, prog, a->event);
	if (link < 0)
		goto out;
	fprintf(stderr, "tracing %s; Ctrl-C to stop\n", a->event);
	stream(st, &rb, a);
	/* Detach first (the link still reports its counts), then drain. */
	kbpf_ioctl(dev, KBPF_IOC_LINK_DETACH,
		   &(struct kbpf_link_detach){ .size = sizeof(struct kbpf_link_detach),
					       .link_fd = link });
	while (kbpf_rb_consume(&rb, on_record, st) > 0)
		;
	print_summary(dev, link, out.drops_fd, st);
	ret = 0;
out:
	if (link >= 0)
		close(link);
	if (mapped)
		kbpf_rb_close(&rb);
	if (prog >= 0)
		close(prog);
	if (out.ringbuf_fd > 0)
		close(out.ringbuf_fd);
	if (out.drops_fd > 0)
		close(out.drops_fd);
	free(insns);
	return ret;
}

static int dump_filter(const struct trace_args *a, const struct kbpf_tp_format *fmt,
		       const struct kbpf_filter_node *root)
{
	struct kbpf_insn *insns;
	uint32_t cnt;
	int ret = kbpf_filter_compile(root, fmt, &insns, &cnt);

	if (ret)
		return kbpf_err("cannot compile the filter: %s", kbpf_strerror(-ret));
	printf("; %s:%s  %s\n; %u instructions\n", fmt->system, fmt->name,
	       a->filter ? a->filter : "(every event)", cnt);
	dump(insns, cnt);
	free(insns);
	return 0;
}

int kbpf_cmd_trace(int argc, char **argv)
{
	struct kbpf_filter_node *root = NULL;
	struct kbpf_filter_error perr;
	struct trace_args a = { 0 };
	struct trace_state st = { 0 };
	struct kbpf_tp_format fmt;
	char err[200];
	int ret;

	if (parse_args(argc, argv, &a))
		return 1;
	if (!a.dump && opts.host)
		return kbpf_err("trace attaches to a tracepoint: it needs the module, not --host (--dump works offline)");
	if (a.format)
		ret = read_format_file(a.format, a.event, &fmt);
	else if ((ret = kbpf_tp_format_read(a.event, &fmt, err, sizeof(err))))
		kbpf_err("%s", err);
	if (ret)
		return 1;
	if (a.filter) {
		root = kbpf_filter_parse(a.filter, &fmt, &perr);
		if (!root) {
			kbpf_filter_print_error(a.filter, &perr);
			return 1;
		}
	}
	st.fmt = &fmt;
	if (a.dump)
		ret = dump_filter(&a, &fmt, root);
	else
		ret = run_trace(&a, &st, root);
	kbpf_filter_free(root);
	return ret;
}
