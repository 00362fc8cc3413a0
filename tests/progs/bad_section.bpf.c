// SPDX-License-Identifier: GPL-2.0-only
/* An XDP program: a type kbpf does not have; loading must say so. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
