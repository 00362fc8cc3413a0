// SPDX-License-Identifier: GPL-2.0-only
/* A call to an extern function (a kfunc in libbpf terms). */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

extern int some_kfunc(int x) __ksym;

SEC("raw_tp/sys_enter")
int call_it(void *ctx)
{
	return some_kfunc(1);
}

char LICENSE[] SEC("license") = "GPL";
