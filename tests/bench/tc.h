/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's own ingress hook for BPF, for comparison: what
 *   tc qdisc add dev IF clsact
 *   tc filter add dev IF ingress bpf direct-action fd PROG
 * do, over rtnetlink, and "tc qdisc del dev IF clsact" to undo it (the
 * filter goes with the qdisc). Needs sch_ingress and cls_bpf.
 */
#ifndef _KBPF_TESTS_BENCH_TC_H
#define _KBPF_TESTS_BENCH_TC_H

#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct tc_req {
	struct nlmsghdr n;
	struct tcmsg t;
	char attrs[256];
};

static struct rtattr *tc_attr(struct tc_req *r, unsigned short type,
			      const void *data, unsigned int len)
{
	struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));

	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void tc_req_init(struct tc_req *r, unsigned short type, unsigned short flags,
			int ifindex, __u32 parent)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(sizeof(r->t));
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r->t.tcm_family = AF_UNSPEC;
	r->t.tcm_ifindex = ifindex;
	r->t.tcm_parent = parent;
}

/* Sends @r, returns the kernel's answer: 0 or a negative errno. */
static int tc_talk(struct tc_req *r)
{
	char buf[1024];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), err = -EIO;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (send(fd, r, r->n.nlmsg_len, 0) == (ssize_t)r->n.nlmsg_len) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) &&
		    h->nlmsg_type == NLMSG_ERROR)
			err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
	}
	close(fd);
	return err;
}

static int tc_ingress_attach(int ifindex, int prog_fd)
{
	__u32 fd = prog_fd, flags = TCA_BPF_FLAG_ACT_DIRECT;
	struct tc_req r;
	struct rtattr *opts;
	int err;

	tc_req_init(&r, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, ifindex, TC_H_CLSACT);
	r.t.tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
	tc_attr(&r, TCA_KIND, "clsact", sizeof("clsact"));
	err = tc_talk(&r);
	if (err)
		return err;
	tc_req_init(&r, RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL, ifindex,
		    TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS));
	r.t.tcm_handle = 1;
	r.t.tcm_info = TC_H_MAKE(1 << 16, htons(ETH_P_ALL));
	tc_attr(&r, TCA_KIND, "bpf", sizeof("bpf"));
	opts = tc_attr(&r, TCA_OPTIONS, NULL, 0);
	tc_attr(&r, TCA_BPF_FD, &fd, sizeof(fd));
	tc_attr(&r, TCA_BPF_NAME, "kbpf_bench", sizeof("kbpf_bench"));
	tc_attr(&r, TCA_BPF_FLAGS, &flags, sizeof(flags));
	opts->rta_len = (char *)&r + r.n.nlmsg_len - (char *)opts;
	return tc_talk(&r);
}

static int tc_ingress_detach(int ifindex)
{
	struct tc_req r;

	tc_req_init(&r, RTM_DELQDISC, 0, ifindex, TC_H_CLSACT);
	r.t.tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
	return tc_talk(&r);
}

#endif /* _KBPF_TESTS_BENCH_TC_H */
