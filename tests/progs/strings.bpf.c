// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpf_strncmp and bpf_snprintf as libbpf users call them: string
 * literals and const volatile globals (frozen .rodata maps) as the
 * constant strings, BPF_SNPRINTF with numbers, strings in .rodata and on
 * the stack. Each program returns something the tests can assert; the
 * last is refused at load (the format wants more than BPF_SNPRINTF gives).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile char target[8] = "bash";

/* 0 if the stack buffer equals target (rodata target=... changes it). */
SEC("socket")
int cmp_target(void *ctx)
{
	char name[8] = "bash";

	return bpf_strncmp(name, sizeof(name), (const char *)target);
}

/* Ordering: -1, 0, 1 packed as 2 + 4 * 1 + 16 * 0 + ... */
SEC("socket")
int cmp_order(void *ctx)
{
	char a[4] = "abc";
	long lt = bpf_strncmp(a, sizeof(a), "abd");
	long eq = bpf_strncmp(a, 2, "abz");
	long gt = bpf_strncmp(a, sizeof(a), "ab");

	return (lt + 1) + 4 * (eq + 1) + 16 * (gt + 1);
}

/* Length with NUL times 10, plus 1 when the text is exactly right. */
SEC("socket")
int fmt_mixed(void *ctx)
{
	char out[32];
	long n = BPF_SNPRINTF(out, sizeof(out), "%d-%s-%x-%05u|%-3c|", -42, "str", 255, 7, 'z');

	return n * 10 + !bpf_strncmp(out, sizeof(out), "-42-str-ff-00007|z  |");
}

SEC("socket")
int fmt_stack_string(void *ctx)
{
	char name[8] = "abc", out[16];
	long n = BPF_SNPRINTF(out, sizeof(out), "[%5s]", name);

	return n * 10 + !bpf_strncmp(out, sizeof(out), "[  abc]");
}

SEC("socket")
int fmt_truncated(void *ctx)
{
	char out[4];
	long n = BPF_SNPRINTF(out, sizeof(out), "%llu", 123456ULL);

	return n * 10 + !bpf_strncmp(out, sizeof(out), "123");
}

SEC("socket")
int bad_format(void *ctx)
{
	char out[8];

	return BPF_SNPRINTF(out, sizeof(out), "%d %d", 1);
}

char LICENSE[] SEC("license") = "GPL";
