// SPDX-License-Identifier: GPL-2.0-only
/*
 * Ring buffer maps in the guest, through the ioctls, mmap and epoll as a
 * libbpf consumer uses them: a program test-run from two threads emits
 * records with sequence numbers while a third thread consumes; every
 * number arrives exactly once, across many wraps of a one-page ring with
 * records that straddle its end. Then hostile creations and mappings.
 */
#define _GNU_SOURCE	/* mremap */
#define E2E_SUITE "ringbuf"
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/epoll.h>
#include "e2e.h"

#define PG		4096
#define RB_SIZE		PG		/* one page: many wraps */
#define REC_DATA	40		/* 48 with the header: straddles the end */
#define PRODUCERS	2
/* Test runs per producer thread; "quick" (the debug guest) a tenth. */
static int runs = 20000;

static int rb_fd, seq_fd, prog_fd;
static volatile int producers_done;

struct consumer {
	unsigned char *seen;
	u64 records, dups, bad, wakeups, straddled;
	u64 max;
};

/*
 * r7 = &seq[0]; r0 = ringbuf_reserve(rb, 40, 0); if NULL, seq[1]++ and
 * return 0; else seq = fetch_add(seq[0], 1), written at both ends of the
 * record, submitted; return 1.
 */
static long load_producer(void)
{
	struct kbpf_insn insns[] = {
		ST(W, 10, -4, 0),
		MOV64_REG(2, 10),
		ALU64_IMM(ADD, 2, -4),
		{ KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, seq_fd },
		{ 0, 0, 0, 0, 0 },
		CALL_HELPER(1),
		JMP_IMM(JEQ, 0, 0, 21),
		MOV64_REG(7, 0),
		{ KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, rb_fd },
		{ 0, 0, 0, 0, 0 },
		MOV64_IMM(2, REC_DATA),
		MOV64_IMM(3, 0),
		CALL_HELPER(131),
		JMP_IMM(JEQ, 0, 0, 10),
		MOV64_REG(8, 0),
		MOV64_IMM(1, 1),
		ATOMIC(DW, KBPF_ADD | KBPF_FETCH, 7, 1, 0),
		STX(DW, 8, 1, 0),
		STX(DW, 8, 1, REC_DATA - 8),
		MOV64_REG(1, 8),
		MOV64_IMM(2, 0),
		CALL_HELPER(132),
		MOV64_IMM(0, 1),
		EXIT(),
		MOV64_IMM(1, 1),
		ATOMIC(DW, KBPF_ADD, 7, 1, 8),
		MOV64_IMM(0, 0),
		EXIT(),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	static char log[4096];
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)insns, .insn_cnt = sizeof(insns) / sizeof(insns[0]),
		.log_level = 1, .log_buf = (uintptr_t)log, .log_size = sizeof(log),
	};
	long ret = call(KBPF_IOC_PROG_LOAD, &a);

	if (ret < 0)
		printf("# %s\n", log);
	return ret;
}

static void *producer(void *arg)
{
	struct kbpf_prog_test_run run = { .size = sizeof(run), .prog_fd = prog_fd,
					  .repeat = 1 };
	int i;

	for (i = 0; i < runs; i++)
		if (call(KBPF_IOC_PROG_TEST_RUN, &run))
			break;
	return NULL;
}

static void take(struct consumer *c, const unsigned char *rec, u32 len,
		 unsigned long pos)
{
	u64 seq, tail;

	memcpy(&seq, rec, 8);
	memcpy(&tail, rec + REC_DATA - 8, 8);
	if (len != REC_DATA || seq != tail || seq >= c->max) {
		c->bad++;
		return;
	}
	if (c->seen[seq]++)
		c->dups++;
	c->records++;
	if ((pos & (RB_SIZE - 1)) + 8 + REC_DATA > RB_SIZE)
		c->straddled++;
}

static void *consumer(void *arg)
{
	struct consumer *c = arg;
	struct epoll_event ev = { .events = EPOLLIN };
	unsigned long *cons, cpos;
	const unsigned long *prod;
	const unsigned char *data;
	void *ro;
	int ep, idle = 0;

	cons = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rb_fd, 0);
	ro = mmap(NULL, PG + 2 * RB_SIZE, PROT_READ, MAP_SHARED, rb_fd, PG);
	ep = epoll_create1(0);
	if (cons == MAP_FAILED || ro == MAP_FAILED || ep < 0 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, rb_fd, &ev)) {
		c->bad++;
		return NULL;
	}
	prod = ro;
	data = (const unsigned char *)ro + PG;
	cpos = *cons;
	while (idle < 3) {
		unsigned long p = __atomic_load_n(prod, __ATOMIC_ACQUIRE);

		while (cpos < p) {
			const struct kbpf_ringbuf_hdr *h =
				(const void *)(data + (cpos & (RB_SIZE - 1)));
			u32 len = __atomic_load_n(&h->len, __ATOMIC_ACQUIRE);

			if (len & KBPF_RINGBUF_BUSY_BIT)
				break;
			if (!(len & KBPF_RINGBUF_DISCARD_BIT))
				take(c, (const unsigned char *)(h + 1), len, cpos);
			cpos += (len + 8 + 7) & ~7UL;
			__atomic_store_n(cons, cpos, __ATOMIC_RELEASE);
			p = __atomic_load_n(prod, __ATOMIC_ACQUIRE);
		}
		if (epoll_wait(ep, &ev, 1, 500) > 0)
			c->wakeups++;
		else if (producers_done)
			idle++;
	}
	close(ep);
	munmap(cons, PG);
	munmap(ro, PG + 2 * RB_SIZE);
	return NULL;
}

static void test_stream(void)
{
	pthread_t prods[PRODUCERS], cons;
	struct consumer c = { .max = PRODUCERS * runs };
	u64 counts[2] = { 0, 0 }, missing = 0, i;
	u32 key = 0;

	c.seen = calloc(c.max, 1);
	rb_fd = map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0);
	seq_fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 16, 1, 0);
	CHECK(rb_fd >= 0 && seq_fd >= 0, "create_ringbuf_and_counter");
	prog_fd = load_producer();
	CHECK(prog_fd >= 0, "load_reserve_submit_program");
	if (rb_fd < 0 || seq_fd < 0 || prog_fd < 0 || !c.seen)
		return;
	pthread_create(&cons, NULL, consumer, &c);
	for (i = 0; i < PRODUCERS; i++)
		pthread_create(&prods[i], NULL, producer, NULL);
	for (i = 0; i < PRODUCERS; i++)
		pthread_join(prods[i], NULL);
	producers_done = 1;
	pthread_join(cons, NULL);
	map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, seq_fd, &key, counts, 0);
	for (i = 0; i < counts[0] && i < c.max; i++)
		missing += !c.seen[i];
	printf("# %llu records, %llu dropped while full, %llu straddled the end, %llu epoll wakeups\n",
	       (unsigned long long)c.records, (unsigned long long)counts[1],
	       (unsigned long long)c.straddled, (unsigned long long)c.wakeups);
	CHECK(counts[0] + counts[1] == (u64)PRODUCERS * runs, "every run reserved or counted a drop");
	CHECK(c.records == counts[0] && !missing && !c.dups && !c.bad,
	      "none_lost_or_duplicated (%llu of %llu)", (unsigned long long)c.records,
	      (unsigned long long)counts[0]);
	CHECK(c.records > 4 * RB_SIZE / 48 && c.straddled > 0, "wrapped_with_records_across_the_end");
	CHECK(c.wakeups > 0, "epoll_woke_the_consumer");
	close(prog_fd);
	close(seq_fd);
	close(rb_fd);
	free(c.seen);
}

static void test_create(void)
{
	long fd;

	CHECK(map_create(KBPF_MAP_TYPE_RINGBUF, 4, 0, PG, 0) == -EINVAL, "create_key_size_einval");
	CHECK(map_create(KBPF_MAP_TYPE_RINGBUF, 0, 8, PG, 0) == -EINVAL, "create_value_size_einval");
	CHECK(map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, 0, 0) == -EINVAL, "create_size_0_einval");
	CHECK(map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, 3 * PG, 0) == -EINVAL,
	      "create_not_power_of_2_einval");
	CHECK(map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, 2048, 0) == -EINVAL,
	      "create_not_page_aligned_einval");
	CHECK(map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, PG, KBPF_F_RDONLY) == -EINVAL,
	      "create_flags_einval");
	fd = map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, 1U << 24, 0);
	CHECK(fd >= 0, "create_16m");
	if (fd >= 0)
		close(fd);
}

static void test_hostile(void)
{
	int fd = map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, 4 * PG, 0);
	int arr = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	u64 total = PG + 2 * 4 * PG;
	struct pollfd pfd = { .fd = arr, .events = POLLIN };
	unsigned long *cons;
	char *p, *q;
	u32 key = 0;
	u64 v;

	CHECK(fd >= 0 && arr >= 0, "hostile_setup");
	if (fd < 0 || arr < 0)
		return;
	errno = 0;
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p == MAP_FAILED && errno == EINVAL, "mmap_private_einval");
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p == MAP_FAILED && errno == EPERM, "mmap_write_two_pages_eperm");
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	CHECK(p == MAP_FAILED && errno == EPERM, "mmap_write_producer_page_eperm");
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * PG);
	CHECK(p == MAP_FAILED && errno == EPERM, "mmap_write_data_eperm");
	p = mmap(NULL, total + PG, PROT_READ, MAP_SHARED, fd, PG);
	CHECK(p == MAP_FAILED && errno == EINVAL, "mmap_past_end_einval");
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, total + PG);
	CHECK(p == MAP_FAILED && errno == EINVAL, "mmap_offset_past_end_einval");
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 1UL << 44);
	CHECK(p == MAP_FAILED, "mmap_huge_offset_fails");
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, arr, 0);
	CHECK(p == MAP_FAILED && errno == EINVAL, "mmap_plain_array_map_einval");
	CHECK(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLERR), "poll_array_map_pollerr");
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	q = mmap(NULL, total, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, PG);
	CHECK(p != MAP_FAILED && q != MAP_FAILED, "mmap_consumer_rw_rest_ro");
	if (p == MAP_FAILED || q == MAP_FAILED)
		goto out;
	errno = 0;
	CHECK(mprotect(q, PG, PROT_READ | PROT_WRITE) && errno == EACCES,
	      "mprotect_producer_writable_eacces");
	CHECK(mprotect(p, PG, PROT_READ | PROT_EXEC) && errno == EACCES,
	      "mprotect_exec_eacces");
	CHECK(mremap(q, total, total + PG, 0) == MAP_FAILED, "mremap_grow_fails");
	/* The writable consumer page is a writer, as Linux counts it. */
	CHECK(map_elem(KBPF_IOC_MAP_FREEZE, fd, NULL, NULL, 0) == -EBUSY,
	      "freeze_with_consumer_page_mapped_ebusy");
	pfd.fd = fd;
	CHECK(poll(&pfd, 1, 0) == 0, "poll_empty_ring_not_ready");
	cons = (unsigned long *)p;
	/* A consumer position user space set past the producer: no space, no oops. */
	*cons = 1UL << 40;
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &key, &v, 0) == -EOPNOTSUPP,
	      "lookup_eopnotsupp");
	/* The mapping outlives the descriptor. */
	close(fd);
	fd = -1;
	CHECK(*(volatile unsigned long *)q == 0 && *cons == 1UL << 40,
	      "mapping_outlives_fd");
out:
	if (p != MAP_FAILED)
		munmap(p, PG);
	if (q != MAP_FAILED)
		munmap(q, total);
	if (fd >= 0)
		close(fd);
	close(arr);
}

/* The verifier, through the ioctl: a ring buffer is no element map. */
static void test_verifier(void)
{
	int fd = map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, PG, 0);
	struct kbpf_insn insns[] = {
		ST(W, 10, -4, 0),
		MOV64_REG(2, 10),
		ALU64_IMM(ADD, 2, -4),
		{ KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, fd },
		{ 0, 0, 0, 0, 0 },
		CALL_HELPER(1),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	char log[1024];
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)insns, .insn_cnt = sizeof(insns) / sizeof(insns[0]),
		.log_level = 1, .log_buf = (uintptr_t)log, .log_size = sizeof(log),
	};

	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL &&
	      strstr(log, "map type 27 cannot be used with this helper"),
	      "lookup_on_ringbuf_rejected");
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "quick"))
		runs /= 10;
	dev = open("/dev/kbpf", O_RDWR);
	CHECK(dev >= 0, "open_device");
	if (dev < 0)
		return 1;
	test_create();
	test_hostile();
	test_verifier();
	test_stream();
	close(dev);
	return failed;
}
