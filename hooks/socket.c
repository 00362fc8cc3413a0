// SPDX-License-Identifier: GPL-2.0-only
/*
 * Socket filters on UDP and TCP sockets, IPv4 and IPv6.
 *
 * A module cannot set sk->sk_filter to its own program, so the hook is a
 * netfilter NF_INET_LOCAL_IN hook in the socket's network namespace: it
 * runs on every packet delivered locally, picks out those the attached
 * socket would receive (protocol, local address and port, and the peer
 * for a connected socket, as the socket lookup decides) and runs the
 * program on them with struct __sk_buff as its context, starting at the
 * transport header like a socket filter sees it. Return value 0 drops
 * the packet; a value smaller than its length trims it to that many bytes
 * (never below the transport header). Documentation/hooks.md lists the
 * differences from SO_ATTACH_BPF.
 *
 * The link holds a reference on the struct sock, not on its file: closing
 * the socket closes it as usual (port released), the hook then sees it
 * dead and stops matching, and the memory it reads stays valid until the
 * link detaches and drops the reference.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include "hooks.h"

struct kbpf_sock_hook {
	struct kbpf_link *link;
	struct sock *sk;		/* sock_hold()'s reference */
	u8 proto;			/* sk_protocol, fixed for UDP and TCP */
	struct net *net;
	struct nf_hook_ops ops[2];
	u32 nr_ops;
};

/* Where the packet (transport header) starts, and which protocol. */
struct sock_pkt {
	u32 toff;
	u8 proto;
	__be16 sport, dport;
};

/* After iptables' filter table and before conntrack confirms. */
#define SOCK_HOOK_PRIORITY	(INT_MAX - 1)

/*
 * Finds the transport header if it is @proto's, and its ports. IPv6 walks
 * extension headers only when the fixed header does not lead to @proto.
 */
static bool pkt_parse(struct sk_buff *skb, u8 pf, u8 proto, struct sock_pkt *p)
{
	__be16 ports[2], *pp;

	if (pf == NFPROTO_IPV4) {
		if (ip_hdr(skb)->protocol != proto)
			return false;
		p->toff = ip_hdrlen(skb);
	} else if (ipv6_hdr(skb)->nexthdr == proto) {
		p->toff = sizeof(struct ipv6hdr);
	} else {
		unsigned short frag = 0;
		int off = 0, flags = 0;
		int nh = ipv6_find_hdr(skb, &off, -1, &frag, &flags);

		/* Unreassembled fragments: see hooks.md. */
		if (nh != proto || (flags & IP6_FH_F_FRAG))
			return false;
		p->toff = off;
	}
	p->proto = proto;
	pp = skb_header_pointer(skb, p->toff, sizeof(ports), ports);
	if (!pp)
		return false;
	p->sport = pp[0];
	p->dport = pp[1];
	return true;
}

/* A connected socket takes only its peer's packets; others take all. */
static bool sock_connected(const struct sock *sk)
{
	u8 state = READ_ONCE(sk->sk_state);

	return state != TCP_LISTEN && state != TCP_CLOSE;
}

static bool match_v4(const struct sock *sk, const struct iphdr *iph,
		     const struct sock_pkt *p)
{
	__be32 local = READ_ONCE(sk->sk_rcv_saddr);

	if (sk->sk_family == AF_INET6 && ipv6_only_sock(sk))
		return false;
	if (local && local != iph->daddr)
		return false;
	if (!sock_connected(sk))
		return true;
	return READ_ONCE(sk->sk_dport) == p->sport &&
	       READ_ONCE(sk->sk_daddr) == iph->saddr;
}

static bool match_v6(const struct sock *sk, const struct ipv6hdr *ip6h,
		     const struct sock_pkt *p)
{
	if (sk->sk_family != AF_INET6)
		return false;
	if (!ipv6_addr_any(&sk->sk_v6_rcv_saddr) &&
	    !ipv6_addr_equal(&sk->sk_v6_rcv_saddr, &ip6h->daddr))
		return false;
	if (!sock_connected(sk))
		return true;
	return READ_ONCE(sk->sk_dport) == p->sport &&
	       ipv6_addr_equal(&sk->sk_v6_daddr, &ip6h->saddr);
}

/*
 * Whether the attached socket receives @skb: the lookup's rules without
 * its tie-breaks (SO_REUSEPORT groups, bound devices; see hooks.md). A
 * TCP listener matches every segment to its port, so connections it
 * accepted are filtered too, as children inherit sk_filter in Linux.
 */
static bool sock_match(const struct kbpf_sock_hook *h, struct sk_buff *skb,
		       u8 pf, struct sock_pkt *p)
{
	const struct sock *sk = h->sk;
	u16 port;

	if (!pkt_parse(skb, pf, h->proto, p))
		return false;
	port = READ_ONCE(inet_sk(sk)->inet_num);
	if (!port || ntohs(p->dport) != port || sock_flag(sk, SOCK_DEAD))
		return false;
	if (pf == NFPROTO_IPV4)
		return match_v4(sk, ip_hdr(skb), p);
	return match_v6(sk, ipv6_hdr(skb), p);
}

/* The struct __sk_buff words ctx_fill() sets: len to ifindex, hash. */
#define SKB_FILLED_WORDS	(GENMASK_ULL(10, 0) | BIT_ULL(17))

/*
 * struct __sk_buff as Linux fills it for a socket filter, but only as far
 * as the program may look (@words, from the verifier: vm/vm.h): the
 * fields it cannot read or write stay as the stack had them, and those it
 * may but Linux leaves zero (tc_index, cb[], napi_id) are zeroed only if
 * it does. Most filters read none or a few words, and zeroing the whole
 * context was a third of this hook's own cost.
 */
static void ctx_fill(struct kbpf_skb_ctx *ctx, struct sk_buff *skb, u32 toff,
		     u64 words)
{
	u32 *f = ctx->sk_buff;
	u32 head = skb_headlen(skb);

	ctx->data = skb->data + min(toff, head);
	ctx->data_end = skb->data + head;
	ctx->skb = skb;
	ctx->skb_off = toff;
	ctx->len = skb->len - toff;
	f[0] = ctx->len;
	if (unlikely(words & ~SKB_FILLED_WORDS))
		memset(f + 1, 0, sizeof(ctx->sk_buff) - sizeof(f[0]));
	if (!(words & SKB_FILLED_WORDS & ~1ULL))
		return;
	f[1] = skb->pkt_type;
	f[2] = skb->mark;
	f[3] = skb->queue_mapping;
	f[4] = (__force u16)skb->protocol;	/* network byte order */
	f[5] = skb_vlan_tag_present(skb);
	f[6] = skb_vlan_tag_get(skb);
	f[7] = (__force u16)skb->vlan_proto;
	f[8] = skb->priority;
	f[9] = skb->skb_iif;			/* ingress_ifindex */
	f[10] = skb->dev ? skb->dev->ifindex : 0;
	f[17] = skb->hash;
}

/*
 * Keeps @keep bytes from the transport header on, at least the header
 * itself, and fixes the lengths the IP and UDP layers will check. The
 * checksum was verified first (a bad packet goes on untrimmed, for the
 * protocol to drop); the trimmed packet is marked verified.
 */
static unsigned int sock_trim(struct sk_buff *skb, u8 pf,
			      const struct sock_pkt *p, u32 keep,
			      const struct nf_hook_state *state)
{
	u32 hdr = sizeof(struct udphdr);

	if (p->proto == IPPROTO_TCP) {
		struct tcphdr th, *t = skb_header_pointer(skb, p->toff,
							   sizeof(th), &th);

		if (!t)
			return NF_ACCEPT;
		hdr = t->doff * 4;
	}
	keep = max(keep, hdr);
	if (keep >= skb->len - p->toff)
		return NF_ACCEPT;
	if (!skb_csum_unnecessary(skb) &&
	    nf_checksum(skb, state->hook, p->toff, p->proto, pf))
		return NF_ACCEPT;
	if (skb_ensure_writable(skb, p->toff + hdr) ||
	    pskb_trim(skb, p->toff + keep))
		return NF_DROP;
	if (p->proto == IPPROTO_UDP)
		udp_hdr(skb)->len = htons(keep);
	if (pf == NFPROTO_IPV4) {
		ip_hdr(skb)->tot_len = htons(p->toff + keep);
		ip_send_check(ip_hdr(skb));
	} else {
		ipv6_hdr(skb)->payload_len =
			htons(p->toff + keep - sizeof(struct ipv6hdr));
	}
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return NF_ACCEPT;
}

/*
 * Netfilter runs hooks inside rcu_read_lock() (nf_hook()): the program
 * read here stays valid for the run, and the context is filled for it.
 */
bool kbpf_skb_filter_run(struct kbpf_link *link, struct sk_buff *skb, u32 off,
			 u64 *ret)
{
	const struct kbpf_obj *prog = rcu_dereference(link->prog);
	const struct kbpf_prog *body = prog->body;
	struct kbpf_skb_ctx ctx __uninitialized;	/* ctx_fill() */

	ctx_fill(&ctx, skb, off, body->ctx_words);
	return kbpf_link_run_prog(link, prog, &ctx, ret);
}

static unsigned int sock_hook(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	struct kbpf_sock_hook *h = priv;
	struct sock_pkt p;
	u64 ret;

	if (!sock_match(h, skb, state->pf, &p))
		return NF_ACCEPT;
	if (!kbpf_skb_filter_run(h->link, skb, p.toff, &ret))
		return NF_ACCEPT;	/* not run (recursion): pass */
	if (!(u32)ret)
		return NF_DROP;
	return sock_trim(skb, state->pf, &p, (u32)ret, state);
}

static int sock_check(const struct sock *sk)
{
	if (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)
		return -EOPNOTSUPP;
	if (!(sk->sk_type == SOCK_DGRAM && sk->sk_protocol == IPPROTO_UDP) &&
	    !(sk->sk_type == SOCK_STREAM && sk->sk_protocol == IPPROTO_TCP))
		return -EOPNOTSUPP;
	return 0;
}

static void hook_ops_init(struct kbpf_sock_hook *h, u8 pf)
{
	struct nf_hook_ops *o = &h->ops[h->nr_ops++];

	o->hook = sock_hook;
	o->priv = h;
	o->pf = pf;
	o->hooknum = NF_INET_LOCAL_IN;
	o->priority = SOCK_HOOK_PRIORITY;
}

static void hook_unregister(struct kbpf_sock_hook *h, u32 n)
{
	while (n--)
		nf_unregister_net_hook(h->net, &h->ops[n]);
}

/*
 * ENOTSOCK, EBADF from sockfd_lookup; EOPNOTSUPP for sockets other than
 * UDP and TCP over IPv4 and IPv6. A dual-stack IPv6 socket (IPV6_V6ONLY
 * off at attach time) also gets the IPv4 hook.
 */
static int socket_attach(struct kbpf_link *link)
{
	struct kbpf_sock_hook *h;
	struct socket *sock;
	u32 i;
	int err;

	sock = sockfd_lookup(link->target_fd, &err);
	if (!sock)
		return err;
	err = sock->sk ? sock_check(sock->sk) : -EOPNOTSUPP;
	if (err)
		goto out_put;
	err = -ENOMEM;
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		goto out_put;
	h->link = link;
	h->sk = sock->sk;
	h->proto = h->sk->sk_protocol;
	h->net = sock_net(h->sk);
	if (h->sk->sk_family == AF_INET6) {
		hook_ops_init(h, NFPROTO_IPV6);
		if (!ipv6_only_sock(h->sk))
			hook_ops_init(h, NFPROTO_IPV4);
	} else {
		hook_ops_init(h, NFPROTO_IPV4);
	}
	/* The hooks may run at once: the link and program are set. */
	sock_hold(h->sk);
	for (i = 0; i < h->nr_ops; i++) {
		err = nf_register_net_hook(h->net, &h->ops[i]);
		if (err)
			goto out_unreg;
	}
	snprintf(link->target, sizeof(link->target), "socket:[%lu]",
		 sock_i_ino(h->sk));
	link->hook = h;
	sockfd_put(sock);
	return 0;

out_unreg:
	hook_unregister(h, i);
	sock_put(h->sk);
	kfree(h);
out_put:
	sockfd_put(sock);
	return err;
}

/* nf_unregister_net_hook waits for running hooks (synchronize_net). */
static void socket_detach(struct kbpf_link *link)
{
	struct kbpf_sock_hook *h = link->hook;

	hook_unregister(h, h->nr_ops);
	sock_put(h->sk);
	kfree(h);
	link->hook = NULL;
}

const struct kbpf_hook_ops kbpf_socket_ops = {
	.prog_type	= KBPF_PROG_TYPE_SOCKET_FILTER,
	.target_fd	= true,
	.attach		= socket_attach,
	.detach		= socket_detach,
};
