// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-packet cost of a socket filter, in the stock guest: DGRAMS 16-byte
 * UDP datagrams over IPv4 loopback to one bound socket, sent and received
 * in batches (sendmmsg, recvmmsg), with a program that accepts every packet
 * (r0 = 0xffffffff, never shorter than a packet) attached to that socket
 *
 *   kbpf JIT, interp   a kbpf socket link (netfilter LOCAL_IN hook,
 *                      hooks/socket.c), module parameter jit=1 / jit=0
 *   Linux BPF (JIT)    the same bytecode through setsockopt(SO_ATTACH_BPF)
 *
 * or, with the argument "ingress", on every packet lo receives:
 *
 *   kbpf JIT, interp   a kbpf interface ingress link on lo (netfilter
 *                      NF_NETDEV_INGRESS hook, hooks/netdev.c)
 *   Linux BPF (JIT)    the same bytecode as a tc ingress filter on lo
 *                      (clsact, cls_bpf direct-action: tc.h), where
 *                      r0 = -1 is TC_ACT_UNSPEC, which passes
 *
 * Each figure is the extra ns per datagram over the same loop with
 * nothing attached, best of ROUNDS interleaved rounds (short ones: on a
 * shared host the best short window is the least disturbed); every
 * datagram must arrive, and the kbpf link must have run once per
 * datagram. Prints a markdown table.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "../../uapi/linux/kbpf.h"
#include "../cases/insn.h"
#include "tc.h"
#include "params.h"

#define DGRAMS		2048
#define BATCH		32
#define ROUNDS		40
#define PORT		9917
#define KBPF_JIT_PARAM	"/sys/module/kbpf/parameters/jit"

enum engine { NONE, KBPF_JIT, KBPF_INTERP, LINUX_BPF, NR_ENGINES };

static const char * const engine_names[] = {
	"nothing attached", "kbpf JIT", "kbpf interp", "Linux BPF (JIT)",
};
static const struct kbpf_insn accept_all[] = { MOV64_IMM(0, -1), EXIT() };
static struct sockaddr_in dst;
static int dev, rx, tx;
static bool ingress;		/* lo's ingress instead of the socket */

/* The guest's init leaves lo down. */
static void loopback_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (!ioctl(fd, SIOCGIFFLAGS, &ifr) && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
}

/*
 * ns per datagram sent and received, or -1 if one went missing. Batches
 * of BATCH (sendmmsg, recvmmsg) keep the system calls' share small; the
 * receive waits (up to SO_RCVTIMEO) for a softirq that ksoftirqd ran.
 */
static double dgram_ns(int n)
{
	static char bufs[BATCH][64];
	static struct iovec iov[BATCH];
	static struct mmsghdr tx_msgs[BATCH], rx_msgs[BATCH];
	struct timespec a, b;
	int i;

	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = 16;
		tx_msgs[i].msg_hdr.msg_name = &dst;
		tx_msgs[i].msg_hdr.msg_namelen = sizeof(dst);
		tx_msgs[i].msg_hdr.msg_iov = &iov[i];
		tx_msgs[i].msg_hdr.msg_iovlen = 1;
		rx_msgs[i].msg_hdr.msg_iov = &iov[i];
		rx_msgs[i].msg_hdr.msg_iovlen = 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i += BATCH) {
		if (sendmmsg(tx, tx_msgs, BATCH, 0) != BATCH ||
		    recvmmsg(rx, rx_msgs, BATCH, 0, NULL) != BATCH) {
			fprintf(stderr, "datagrams lost\n");
			return -1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
}

/*
 * A warm-up batch first: attaching patches kernel code (static keys),
 * which QEMU translates again on its next run.
 */
static double timed_ns(void)
{
	if (dgram_ns(BATCH) < 0)
		return -1;
	return dgram_ns(DGRAMS);
}

static int kbpf_attach(void)
{
	struct kbpf_prog_load l = {
		.size = sizeof(l), .prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)accept_all, .insn_cnt = 2,
		.license = (uintptr_t)"GPL",
	};
	struct kbpf_link_create c = {
		.size = sizeof(c), .attach_type = KBPF_ATTACH_SOCKET, .target_fd = rx,
	};
	int prog = ioctl(dev, KBPF_IOC_PROG_LOAD, &l), link;

	if (prog < 0)
		return -1;
	if (ingress) {
		c.attach_type = KBPF_ATTACH_NETDEV_INGRESS;
		c.target = (uintptr_t)"lo";
		c.target_fd = 0;
	}
	c.prog_fd = prog;
	link = ioctl(dev, KBPF_IOC_LINK_CREATE, &c);
	close(prog);
	return link;
}

static __u64 kbpf_hits(int link)
{
	struct kbpf_link_info info;
	struct kbpf_obj_get_info a = {
		.size = sizeof(a), .fd = link, .info = (uintptr_t)&info,
		.info_len = sizeof(info),
	};

	memset(&info, 0, sizeof(info));
	return ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &a) ? ~0ULL : info.hit_cnt;
}

static int linux_attach(void)
{
	union bpf_attr a;
	int prog;

	memset(&a, 0, sizeof(a));
	a.prog_type = ingress ? BPF_PROG_TYPE_SCHED_CLS : BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)accept_all;
	a.insn_cnt = 2;
	a.license = (uintptr_t)"GPL";
	prog = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (prog < 0)
		return -1;
	if (ingress) {
		errno = -tc_ingress_attach(if_nametoindex("lo"), prog);
		if (!errno)
			return prog;
		close(prog);
		return -1;
	}
	if (setsockopt(rx, SOL_SOCKET, SO_ATTACH_BPF, &prog, sizeof(prog))) {
		close(prog);
		return -1;
	}
	return prog;
}

/* ns per datagram with @e attached, -1 on failure. */
static double measure(enum engine e)
{
	double t;
	int fd, dummy = 0;

	switch (e) {
	case NONE:
		return timed_ns();
	case KBPF_JIT:
	case KBPF_INTERP:
		if (write_file(KBPF_JIT_PARAM, e == KBPF_JIT ? "1" : "0") && e == KBPF_JIT)
			return -1;
		fd = kbpf_attach();
		break;
	default:
		fd = linux_attach();
		break;
	}
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", engine_names[e], strerror(errno));
		return -1;
	}
	t = timed_ns();
	if (e == LINUX_BPF && ingress) {
		tc_ingress_detach(if_nametoindex("lo"));
	} else if (e == LINUX_BPF) {
		setsockopt(rx, SOL_SOCKET, SO_DETACH_BPF, &dummy, sizeof(dummy));
	} else if (t >= 0 && kbpf_hits(fd) != DGRAMS + BATCH) {
		fprintf(stderr, "%s: %llu runs for %d datagrams\n", engine_names[e],
			(unsigned long long)kbpf_hits(fd), DGRAMS + BATCH);
		t = -1;
	}
	close(fd);
	return t;
}

int main(int argc, char **argv)
{
	struct timeval timeout = { .tv_sec = 2 };
	double ns[NR_ENGINES], t;
	int e, i, r;

	ingress = argc > 1 && !strcmp(argv[1], "ingress");
	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0) {
		perror("/dev/kbpf");
		return 1;
	}
	write_file("/proc/sys/net/core/bpf_jit_enable", "1");
	loopback_up();
	dst.sin_family = AF_INET;
	dst.sin_port = htons(PORT);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	rx = socket(AF_INET, SOCK_DGRAM, 0);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (rx < 0 || tx < 0 || bind(rx, (struct sockaddr *)&dst, sizeof(dst))) {
		perror("socket");
		return 1;
	}
	if (setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout))) {
		perror("SO_RCVTIMEO");
		return 1;
	}
	for (e = 0; e < NR_ENGINES; e++)
		ns[e] = -1;
	/* Each round starts with another engine: no one always comes first. */
	for (r = 0; r < ROUNDS; r++)
		for (i = 0; i < NR_ENGINES; i++) {
			e = (r + i) % NR_ENGINES;
			t = measure(e);
			if (t < 0)
				return 1;
			if (ns[e] < 0 || t < ns[e])
				ns[e] = t;
		}
	write_file(KBPF_JIT_PARAM, "1");
	printf("%s accepting every packet, %d rounds of %d datagrams:\n\n",
	       ingress ? "Ingress filter on lo" : "Socket filter", ROUNDS, DGRAMS);
	printf("| UDP, 16 bytes, IPv4 loopback | nothing attached | kbpf JIT | kbpf interp |"
	       " Linux BPF (JIT) | kbpf JIT / Linux BPF |\n|---|---|---|---|---|---|\n"
	       "| ns per datagram (sent and received) |");
	for (e = 0; e < NR_ENGINES; e++)
		printf(" %.0f |", ns[e]);
	printf(" %.2f |\n| extra ns per datagram | - |", ns[KBPF_JIT] / ns[LINUX_BPF]);
	for (e = KBPF_JIT; e < NR_ENGINES; e++)
		printf(" %.0f |", ns[e] > ns[NONE] ? ns[e] - ns[NONE] : 0);
	if (ns[LINUX_BPF] > ns[NONE])
		printf(" %.2f |\n", (ns[KBPF_JIT] - ns[NONE]) / (ns[LINUX_BPF] - ns[NONE]));
	else
		printf(" - |\n");
	return 0;
}
