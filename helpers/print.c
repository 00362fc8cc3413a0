// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace_printk: kbpf's own small formatter, so no format string from a
 * program ever reaches the kernel's vsnprintf. Conversions: %d %i %u %x
 * %c %s %% with l or ll (a plain conversion takes the low 32 bits, as C
 * would), at most three of them, no width or precision. %s reads at most
 * 64 bytes through the nofault kernel reader. Anything else is -EINVAL
 * and nothing is printed. Lines go to the kernel log ("kbpf-trace: ").
 */
#include "helpers.h"

#define TRACE_STR_MAX	64

struct out {
	char *buf;
	u32 size, len;
};

static void put_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, u64 v, bool neg, u32 base)
{
	char digits[24];
	int n = 0;

	if (neg) {
		put_char(o, '-');
		v = -v;
	}
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put_char(o, digits[--n]);
}

static void put_str(struct out *o, u64 addr)
{
	char s[TRACE_STR_MAX];
	u32 i;

	/* Like Linux: an unreadable string prints as empty. */
	if (kbpf_helper_probe_read_kernel_str((u64)(uintptr_t)s, sizeof(s),
					      addr, 0, 0) >= (u64)-4095)
		return;
	for (i = 0; s[i]; i++)
		put_char(o, s[i]);
}

/* One conversion at @fmt (just past '%'); returns its length or -EINVAL. */
static int put_conv(struct out *o, const char *fmt, u32 left, u64 arg)
{
	u32 n = 0, lmod = 0;
	s64 sv;

	while (n < left && fmt[n] == 'l' && lmod < 2) {
		lmod++;
		n++;
	}
	if (n >= left)
		return -EINVAL;
	/* Numbers without l take the low 32 bits; %s keeps the pointer. */
	if (!lmod && fmt[n] != 's')
		arg = (u32)arg;
	switch (fmt[n]) {
	case 'd':
	case 'i':
		sv = lmod ? (s64)arg : (s64)(s32)arg;
		put_num(o, sv, sv < 0, 10);
		break;
	case 'u':
		put_num(o, arg, false, 10);
		break;
	case 'x':
		put_num(o, arg, false, 16);
		break;
	case 'c':
		if (lmod)
			return -EINVAL;
		put_char(o, (char)arg);
		break;
	case 's':
		if (lmod)
			return -EINVAL;
		put_str(o, arg);
		break;
	default:
		return -EINVAL;
	}
	return n + 1;
}

int kbpf_trace_format(char *out, u32 size, const char *fmt, u32 fmt_size,
		      const u64 args[3])
{
	struct out o = { .buf = out, .size = size };
	u32 i = 0, nargs = 0, len;
	int n;

	len = strnlen(fmt, fmt_size);
	if (len == fmt_size || !size)
		return -EINVAL;		/* not NUL-terminated in its memory */
	while (i < len) {
		if (fmt[i] != '%') {
			/* Printable text only: no escape sequences in the log. */
			if (!isprint(fmt[i]) && fmt[i] != '\n' && fmt[i] != '\t')
				return -EINVAL;
			put_char(&o, fmt[i++]);
			continue;
		}
		if (i + 1 < len && fmt[i + 1] == '%') {
			put_char(&o, '%');
			i += 2;
			continue;
		}
		if (nargs == 3)
			return -EINVAL;
		n = put_conv(&o, fmt + i + 1, len - i - 1, args[nargs++]);
		if (n < 0)
			return n;
		i += 1 + n;
	}
	out[min(o.len, size - 1)] = 0;
	return min(o.len, size - 1);
}

u64 kbpf_helper_trace_printk(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3)
{
	const u64 args[3] = { a1, a2, a3 };
	char line[KBPF_TRACE_LINE_MAX];
	int len;

	len = kbpf_trace_format(line, sizeof(line),
				(const char *)(uintptr_t)fmt, fmt_size, args);
	if (len < 0)
		return (u64)(s64)len;
	/* One log line per call: a trailing newline is the line's end. */
	if (len && line[len - 1] == '\n')
		line[len - 1] = 0;
	kbpf_trace_emit(line);
	return len;
}
