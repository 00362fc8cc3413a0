// SPDX-License-Identifier: GPL-2.0-only
/* A socket filter that walks an IPv4 header with bounds checks in a loop. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("socket")
int parse(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u32 sum = 0;
	int i;

	if ((void *)(eth + 1) > end)
		return 0;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return 0;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end)
		return 0;
#pragma clang loop unroll(disable)
	for (i = 0; i < 10; i++) {
		__u16 *w = (__u16 *)ip + i;

		if ((void *)(w + 1) > end)
			break;
		sum += *w;
	}
	return (sum & 0xffff) + ip->ttl + skb->len;
}

char LICENSE[] SEC("license") = "GPL";
