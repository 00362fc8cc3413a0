// SPDX-License-Identifier: GPL-2.0-only
/*
 * The formatter of trace_printk and snprintf: kbpf's own, so no format
 * string from a program ever reaches the kernel's vsnprintf. It accepts
 * what Linux's bpf_bprintf_prepare() accepts: %d %i %u %x %X with l or ll
 * (a plain conversion takes the low 32 bits, as C would), %c, %s, %%, the
 * pointer forms %p %pK %px %pks %pus %pi4 %pI4 %pi6 %pI6, and before any
 * of them the flags 0 + - and space and a width; no precision, no %pB or
 * %ps. %s reads at most 64 bytes through a nofault reader. A format that
 * breaks a rule is -EINVAL before anything is written.
 */
#include "helpers.h"

#define FMT_STR_MAX	64
#define FMT_WIDTH_MAX	((1U << 23) - 1)	/* Linux's field width limit */

struct out {
	char *buf;
	u32 size, len;
};

/* One conversion, as parsed. */
struct spec {
	bool minus, zero, plus, space;
	u32 width;
	u8 lmod;		/* number of l */
	char conv;		/* d i u x X c s p */
	char ptype;		/* after p: 0 K x k u i I */
	char ipver;		/* '4' or '6' after pi/pI */
};

static void put_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* @n copies of @c, without a loop past the buffer's end. */
static void put_pad(struct out *o, char c, u32 n)
{
	while (n && o->len + 1 < o->size) {
		o->buf[o->len++] = c;
		n--;
	}
	o->len += n;
}

/*
 * @text (with @sign before it, if any) padded to the spec's width; only
 * numbers pad with zeros.
 */
static void put_field(struct out *o, const struct spec *s, bool number,
		      char sign, const char *text, u32 n)
{
	u32 used = n + !!sign, pad = s->width > used ? s->width - used : 0;
	bool zeros = number && s->zero && !s->minus;

	if (!s->minus && !zeros)
		put_pad(o, ' ', pad);
	if (sign)
		put_char(o, sign);
	if (zeros)
		put_pad(o, '0', pad);
	while (n--)
		put_char(o, *text++);
	if (s->minus)
		put_pad(o, ' ', pad);
}

static u32 fmt_num(char *buf, u64 v, u32 base, bool upper, u32 min_digits)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	u32 n = 0, i;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (n < min_digits)
		rev[n++] = '0';
	for (i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	return n;
}

static bool ends_word(u8 c)
{
	return !c || isspace(c) || ispunct(c);
}

/*
 * Parses the conversion at @fmt (just past '%', @left bytes before the
 * format's end, read as NUL beyond it); returns its length or -EINVAL.
 * Every read is bounded, so a format another CPU rewrites meanwhile
 * still cannot take the formatter past its memory.
 */
#define FMT_CH(k)	((k) < left ? fmt[k] : 0)
static int parse_spec(const char *fmt, u32 left, struct spec *s)
{
	u32 i = 0;

	memset(s, 0, sizeof(*s));
	for (;; i++) {
		if (FMT_CH(i) == '-')
			s->minus = true;
		else if (FMT_CH(i) == '0')
			s->zero = true;
		else if (FMT_CH(i) == '+')
			s->plus = true;
		else if (FMT_CH(i) == ' ')
			s->space = true;
		else
			break;
	}
	while (FMT_CH(i) >= '0' && FMT_CH(i) <= '9') {
		s->width = min_t(u32, s->width * 10 + (FMT_CH(i) - '0'), FMT_WIDTH_MAX);
		i++;
	}
	s->conv = FMT_CH(i);
	switch (FMT_CH(i)) {
	case 'p':
		if (ends_word(FMT_CH(i + 1)))
			return i + 1;
		s->ptype = FMT_CH(i + 1);
		if ((s->ptype == 'k' || s->ptype == 'u') && FMT_CH(i + 2) == 's')
			return ends_word(FMT_CH(i + 3)) ? i + 3 : -EINVAL;
		if (s->ptype == 'K' || s->ptype == 'x')
			return i + 2;
		if ((s->ptype == 'i' || s->ptype == 'I') &&
		    (FMT_CH(i + 2) == '4' || FMT_CH(i + 2) == '6')) {
			s->ipver = FMT_CH(i + 2);
			return i + 3;
		}
		return -EINVAL;
	case 's':
		return ends_word(FMT_CH(i + 1)) ? i + 1 : -EINVAL;
	case 'c':
		return i + 1;
	}
	while (FMT_CH(i) == 'l' && s->lmod < 2) {
		s->lmod++;
		i++;
	}
	s->conv = FMT_CH(i);
	if (FMT_CH(i) != 'd' && FMT_CH(i) != 'i' && FMT_CH(i) != 'u' && FMT_CH(i) != 'x' && FMT_CH(i) != 'X')
		return -EINVAL;
	return i + 1;
}
#undef FMT_CH

/* Whether the conversion reads memory at its argument (a string, an address). */
static bool spec_reads(const struct spec *s)
{
	return s->conv == 's' || (s->conv == 'p' &&
				  (s->ptype == 'k' || s->ptype == 'u' || s->ipver));
}

static void put_number(struct out *o, const struct spec *s, u64 arg)
{
	char buf[24], sign = 0;
	bool neg = false;
	u32 n;

	if (!s->lmod)
		arg = s->conv == 'd' || s->conv == 'i' ? (u64)(s64)(s32)arg : (u32)arg;
	if (s->conv == 'd' || s->conv == 'i') {
		neg = (s64)arg < 0;
		if (neg)
			arg = -arg;
		sign = neg ? '-' : s->plus ? '+' : s->space ? ' ' : 0;
	}
	if (s->conv == 'x' || s->conv == 'X')
		n = fmt_num(buf, arg, 16, s->conv == 'X', 1);
	else
		n = fmt_num(buf, arg, 10, false, 1);
	put_field(o, s, true, sign, buf, n);
}

/* Like Linux: an unreadable string prints as empty. */
static void put_string(struct out *o, const struct spec *s, u64 addr)
{
	char str[FMT_STR_MAX];
	u64 ret;

	if (s->ptype == 'u')
		ret = kbpf_helper_probe_read_user_str((uintptr_t)str, sizeof(str), addr, 0, 0);
	else
		ret = kbpf_helper_probe_read_kernel_str((uintptr_t)str, sizeof(str), addr, 0, 0);
	if (ret >= (u64)-4095)
		str[0] = 0;
	put_field(o, s, false, 0, str, strlen(str));
}

/* %pi4 %pI4 %pi6 %pI6: the address bytes read nofault (zeros if unreadable). */
static void put_ip(struct out *o, const struct spec *s, u64 addr)
{
	u8 ip[16];
	char buf[40];
	u32 len = s->ipver == '4' ? 4 : 16, n = 0, i;

	if (kbpf_read_kernel_nofault(ip, (const void *)(uintptr_t)addr, len))
		memset(ip, 0, sizeof(ip));
	for (i = 0; i < len; i++) {
		if (len == 4) {
			if (i)
				buf[n++] = '.';
			n += fmt_num(buf + n, ip[i], 10, false, s->ptype == 'i' ? 3 : 1);
		} else {
			if (s->ptype == 'I' && i && !(i % 2))
				buf[n++] = ':';
			n += fmt_num(buf + n, ip[i], 16, false, 2);
		}
	}
	put_field(o, s, false, 0, buf, n);
}

static void put_pointer(struct out *o, const struct spec *s, u64 arg)
{
	char buf[24];
	u32 n;

	if (s->ptype == 'x') {
		/* %px: the raw value, zero-padded to 16 digits as Linux prints it. */
		n = fmt_num(buf, arg, 16, false, 16);
	} else {
		/* %p and %pK: hashed where the platform can, as Linux hashes them. */
		n = kbpf_fmt_ptr_hashed(buf, sizeof(buf), arg);
	}
	put_field(o, s, s->ptype == 'x', 0, buf, min_t(u32, n, sizeof(buf) - 1));
}

static void put_conv(struct out *o, const struct spec *s, u64 arg)
{
	char c = (char)arg;

	if (s->conv == 'c')
		put_field(o, s, false, 0, &c, 1);
	else if (s->conv == 's' || (s->conv == 'p' && (s->ptype == 'k' || s->ptype == 'u')))
		put_string(o, s, arg);
	else if (s->conv == 'p' && s->ipver)
		put_ip(o, s, arg);
	else if (s->conv == 'p')
		put_pointer(o, s, arg);
	else
		put_number(o, s, arg);
}

/*
 * One pass over @fmt (@len bytes before its NUL): checks it and, when @o
 * is set, writes it with @args. Returns the number of conversions or
 * -EINVAL with *@why and *@at saying what and where.
 */
static int format_pass(struct out *o, const char *fmt, u32 len, const u64 *args,
		       u32 nargs, u8 *kinds, const char **why, u32 *at)
{
	u32 i = 0, n = 0;
	struct spec s;
	int k;

	while (i < len) {
		u8 c = fmt[i];

		if (c != '%') {
			/* UTF-8 passes; ASCII control bytes would be escapes. */
			if (c < 0x80 && !isprint(c) && !isspace(c)) {
				*why = "a control character";
				*at = i;
				return -EINVAL;
			}
			if (o)
				put_char(o, c);
			i++;
			continue;
		}
		if (i + 1 < len && fmt[i + 1] == '%') {
			if (o)
				put_char(o, '%');
			i += 2;
			continue;
		}
		*at = i;
		if (n == nargs) {
			*why = "more conversions than arguments";
			return -EINVAL;
		}
		k = parse_spec(fmt + i + 1, len - i - 1, &s);
		if (k < 0) {
			*why = "a conversion Linux does not allow here";
			return -EINVAL;
		}
		if (kinds)
			kinds[n] = spec_reads(&s) ? KBPF_FMT_ARG_ADDR : KBPF_FMT_ARG_VALUE;
		if (o)
			put_conv(o, &s, args[n]);
		n++;
		i += 1 + k;
	}
	return n;
}

int kbpf_format_check(const char *fmt, u32 fmt_size, u32 nargs, u8 *kinds,
		      const char **why, u32 *at)
{
	u32 len = strnlen(fmt, fmt_size);

	*at = len;
	if (len == fmt_size) {
		*why = "no NUL inside its memory";
		return -EINVAL;
	}
	return format_pass(NULL, fmt, len, NULL, nargs, kinds, why, at);
}

int kbpf_format(char *out, u32 size, const char *fmt, u32 fmt_size,
		const u64 *args, u32 nargs)
{
	struct out o = { .buf = out, .size = size };
	const char *why;
	u32 at;
	int err;

	/* The whole format is checked before a byte is written. */
	err = kbpf_format_check(fmt, fmt_size, nargs, NULL, &why, &at);
	if (err < 0)
		return err;
	format_pass(&o, fmt, strnlen(fmt, fmt_size), args, nargs, NULL, &why, &at);
	if (size)
		out[min(o.len, size - 1)] = 0;
	return o.len;
}

static int format_line(char *out, u32 size, const char *fmt, u32 fmt_size,
			const u64 *args, u32 nargs)
{
	int len;

	if (!size)
		return -EINVAL;
	len = kbpf_format(out, size, fmt, fmt_size, args, nargs);
	return len < 0 ? len : min_t(u32, len, size - 1);
}

int kbpf_trace_format(char *out, u32 size, const char *fmt, u32 fmt_size,
		      const u64 args[3])
{
	return format_line(out, size, fmt, fmt_size, args, 3);
}

static u64 print_line(u64 fmt, u64 fmt_size, const u64 *args, u32 nargs)
{
	char line[KBPF_TRACE_LINE_MAX];
	int len;

	len = format_line(line, sizeof(line), (const char *)(uintptr_t)fmt,
			   fmt_size, args, nargs);
	if (len < 0)
		return (u64)(s64)len;
	/* One log line per call: a trailing newline is the line's end. */
	if (len && line[len - 1] == '\n')
		line[len - 1] = 0;
	kbpf_trace_emit(line);
	return len;
}

u64 kbpf_helper_trace_printk(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3)
{
	const u64 args[3] = { a1, a2, a3 };

	return print_line(fmt, fmt_size, args, 3);
}

/*
 * The calls the verifier rewrote because some path left r3-r5 unwritten
 * (verifier/fixup.c): the registers past the written ones are never read.
 */
u64 kbpf_helper_trace_printk_args0(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3)
{
	return print_line(fmt, fmt_size, NULL, 0);
}

u64 kbpf_helper_trace_printk_args1(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3)
{
	const u64 args[1] = { a1 };

	return print_line(fmt, fmt_size, args, 1);
}

u64 kbpf_helper_trace_printk_args2(u64 fmt, u64 fmt_size, u64 a1, u64 a2, u64 a3)
{
	const u64 args[2] = { a1, a2 };

	return print_line(fmt, fmt_size, args, 2);
}

/*
 * snprintf: @fmt is NUL-terminated read-only memory (the verifier proved
 * it, and checked the format against @data_len); @data holds the
 * arguments as u64s. Returns the length the whole result needs, its NUL
 * included, like Linux; @str always ends in a NUL when @str_size > 0.
 */
u64 kbpf_helper_snprintf(u64 str, u64 str_size, u64 fmt, u64 data, u64 data_len)
{
	int len;

	if (data_len % 8 || data_len > KBPF_FMT_MAX_ARGS * 8 || (data_len && !data) ||
	    (u32)str_size != str_size)
		return (u64)-EINVAL;
	len = kbpf_format((char *)(uintptr_t)str, str_size, (const char *)(uintptr_t)fmt,
			  ~0U, (const u64 *)(uintptr_t)data, data_len / 8);
	return len < 0 ? (u64)(s64)len : (u64)len + 1;
}

/* strncmp: @s2 is a NUL-terminated read-only string (the verifier proved it). */
u64 kbpf_helper_strncmp(u64 s1, u64 s1_sz, u64 s2, u64 r4, u64 r5)
{
	const unsigned char *a = (const void *)(uintptr_t)s1;
	const unsigned char *b = (const void *)(uintptr_t)s2;
	u64 i;

	for (i = 0; i < s1_sz; i++) {
		if (a[i] != b[i])
			return a[i] < b[i] ? (u64)-1 : 1;
		if (!a[i])
			break;
	}
	return 0;
}
