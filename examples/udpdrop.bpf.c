// SPDX-License-Identifier: GPL-2.0-only
/*
 * udpdrop: a socket filter that drops UDP datagrams to port 9999.
 *
 *   kbpf prog load udpdrop.bpf.o udpdrop prog udpdrop
 *   kbpf link create pinned udpdrop socket PID:FD pin udpdrop-link
 *
 * or from C: OBJ_GET the pinned program and LINK_CREATE with
 * KBPF_ATTACH_SOCKET and the socket's descriptor (Documentation/hooks.md).
 * Like a Linux socket filter it sees the datagram from the UDP header on:
 * the destination port is at offset 2. Returning 0 drops the datagram,
 * its length keeps it whole. Dropped and kept datagrams are counted.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} udpdrop_counts SEC(".maps");		/* [0] kept, [1] dropped */

SEC("socket")
int udpdrop(struct __sk_buff *skb)
{
	__u16 port;
	__u32 drop;
	__u64 *n;

	if (bpf_skb_load_bytes(skb, 2, &port, sizeof(port)) < 0)
		return skb->len;
	drop = port == bpf_htons(9999);
	n = bpf_map_lookup_elem(&udpdrop_counts, &drop);
	if (n)
		__sync_fetch_and_add(n, 1);
	return drop ? 0 : skb->len;
}

char LICENSE[] SEC("license") = "GPL";
