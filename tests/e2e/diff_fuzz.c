// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential fuzzing in the guest: random valid programs
 * (tests/cases/random_prog.h) run through kbpf's JIT, kbpf's interpreter
 * and the guest kernel's own BPF (bpf(2) PROG_TEST_RUN, whatever engine
 * it uses), with the same input. Any disagreement is a bug in one of
 * them. Programs alternate between what Linux 6.1 knows (compared three
 * ways) and the full cpu v4 set (kbpf's two engines only).
 *
 *   diff_fuzz [PROGRAMS [SECONDS [SEED]]]     (or KBPF_FUZZ_SEED=SEED)
 *
 * Two runs, each with half the programs and half the time:
 *  - the corpus: the fixed seed and the original mix (ALU, stack,
 *    atomics, forward branches), r0 compared, the same every time;
 *  - the seeded run (SEED, else the time; printed): loops, bpf-to-bpf
 *    calls, __sk_buff reads, cb[] writes, LD_ABS/LD_IND, array-map
 *    lookups (and direct packet access, which Linux's socket filters
 *    lack, in the v4 half), on a random packet, context and map. r0, the
 *    context after the run (all of it between kbpf's engines, cb[]
 *    against Linux, the only part a socket filter may write) and the
 *    map's values must agree.
 *
 * Prints TAP; a mismatch prints the seed and the program as hex.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#define E2E_SUITE "diff"
#include "e2e.h"
#include "../cases/random_prog.h"

typedef __u8 u8;

#define JIT_PARAM	"/sys/module/kbpf/parameters/jit"
#define ETH_HLEN	14
#define SKB_SIZE	192	/* struct __sk_buff as far as both test runs go */
#define CB_OFF		48
#define CB_LEN		20

/* One program's input, the same for every engine. */
struct input {
	u8 pkt[ETH_HLEN + RND_PKT_MAX];
	u32 len;			/* after the Ethernet header */
	u32 skb[SKB_SIZE / 4];		/* __sk_buff for kbpf */
	u8 map[RND_MAP_ENTRIES][RND_MAP_VALUE];
};

/* What a run leaves: r0, the context and the map. */
struct output {
	u64 r0;
	u32 skb[SKB_SIZE / 4];
	u8 map[RND_MAP_ENTRIES][RND_MAP_VALUE];
};

static int kbpf_map = -1, linux_map = -1;

static int set_jit(bool on)
{
	int fd = open(JIT_PARAM, O_WRONLY);
	int ok = fd >= 0 && write(fd, on ? "1" : "0", 1) == 1;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

static long sys_bpf(int cmd, union bpf_attr *a)
{
	return syscall(__NR_bpf, cmd, a, sizeof(*a));
}

static int linux_elem(int cmd, u32 key, void *value)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = linux_map;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)value;
	return sys_bpf(cmd, &a);
}

/*
 * A packet to the loopback device's address (zero: PACKET_HOST) with
 * ETH_P_IP, as Linux's test run decodes it; kbpf's context holds what
 * Linux then reports: len after the header, protocol, ifindex 1.
 */
static void make_input(struct input *in)
{
	u32 i;

	in->len = RND_PKT_MIN + rnd() % (RND_PKT_MAX - RND_PKT_MIN + 1);
	for (i = 0; i < sizeof(in->pkt); i++)
		in->pkt[i] = rnd();
	memset(in->pkt, 0, 6);
	in->pkt[12] = 0x08;
	in->pkt[13] = 0x00;
	memset(in->skb, 0, sizeof(in->skb));
	in->skb[2] = rnd();			/* mark */
	in->skb[4] = 0x0008;			/* protocol: htons(ETH_P_IP) */
	in->skb[8] = rnd();			/* priority */
	in->skb[9] = rnd() % 8;			/* ingress_ifindex */
	in->skb[10] = 1;			/* ifindex: loopback */
	for (i = 0; i < CB_LEN / 4; i++)
		in->skb[CB_OFF / 4 + i] = rnd() % 2 ? rnd() : 0;
	for (i = 0; i < RND_MAP_ENTRIES; i++) {
		u32 k;

		for (k = 0; k < RND_MAP_VALUE; k++)
			in->map[i][k] = rnd();
	}
}

/* kbpf with the JIT on or off: 0, or -1 if it refused the program. */
static int run_kbpf(struct kbpf_insn *p, u32 n, bool jit, const struct input *in,
		    struct output *out)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)p, .insn_cnt = n, .license = (uintptr_t)"GPL",
	};
	struct kbpf_prog_test_run r = { .size = sizeof(r) };
	int fd, err;
	u32 k;

	if (set_jit(jit))
		return -1;
	rnd_set_map_fd(p, n, kbpf_map);
	fd = call(KBPF_IOC_PROG_LOAD, &a);
	if (fd < 0)
		return -1;
	for (k = 0; k < RND_MAP_ENTRIES; k++)
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, kbpf_map, &k, (void *)in->map[k], 0);
	memset(out, 0, sizeof(*out));
	r.prog_fd = fd;
	if (in->len) {
		r.ctx_in = (uintptr_t)in->skb;
		r.ctx_size_in = sizeof(in->skb);
		r.ctx_out = (uintptr_t)out->skb;
		r.ctx_size_out = sizeof(out->skb);
		r.data_in = (uintptr_t)(in->pkt + ETH_HLEN);
		r.data_size_in = in->len;
	}
	err = call(KBPF_IOC_PROG_TEST_RUN, &r);
	close(fd);
	for (k = 0; k < RND_MAP_ENTRIES; k++)
		map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, kbpf_map, &k, out->map[k], 0);
	out->r0 = r.retval;
	return err ? -1 : 0;
}

/* Linux's test run reports a 32-bit return value. */
static int run_linux(struct kbpf_insn *p, u32 n, const struct input *in,
		     struct output *out)
{
	u32 ctx[SKB_SIZE / 4];
	union bpf_attr a;
	int fd, err;
	u32 k;

	rnd_set_map_fd(p, n, linux_map);
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)p;
	a.insn_cnt = n;
	a.license = (uintptr_t)"GPL";
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0)
		return -1;
	for (k = 0; k < RND_MAP_ENTRIES; k++)
		linux_elem(BPF_MAP_UPDATE_ELEM, k, (void *)in->map[k]);
	/* Linux takes only what it does not derive from the packet. */
	memcpy(ctx, in->skb, sizeof(ctx));
	ctx[0] = 0;	/* len */
	ctx[4] = 0;	/* protocol */
	memset(out, 0, sizeof(*out));
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = (uintptr_t)in->pkt;
	a.test.data_size_in = ETH_HLEN + (in->len ? in->len : 50);
	if (in->len) {
		a.test.ctx_in = (uintptr_t)ctx;
		a.test.ctx_size_in = sizeof(ctx);
		a.test.ctx_out = (uintptr_t)out->skb;
		a.test.ctx_size_out = sizeof(out->skb);
	}
	err = sys_bpf(BPF_PROG_TEST_RUN, &a);
	close(fd);
	for (k = 0; k < RND_MAP_ENTRIES; k++)
		linux_elem(BPF_MAP_LOOKUP_ELEM, k, out->map[k]);
	out->r0 = a.test.retval;
	return err ? -1 : 0;
}

static void print_program(const struct kbpf_insn *p, u32 n)
{
	const __u8 *b = (const __u8 *)p;
	u32 i;

	printf("# program (%u instructions, hex):\n# ", n);
	for (i = 0; i < n * sizeof(*p); i++)
		printf("%02x%s", b[i], (i + 1) % 32 ? "" : "\n# ");
	printf("\n");
}

/* What differs between two runs, or NULL. */
static const char *differs(const struct output *a, const struct output *b,
			   bool with_linux)
{
	if (with_linux ? (u32)a->r0 != (u32)b->r0 : a->r0 != b->r0)
		return "r0";
	if (with_linux ? memcmp((u8 *)a->skb + CB_OFF, (u8 *)b->skb + CB_OFF, CB_LEN) :
	    memcmp(a->skb, b->skb, sizeof(a->skb)))
		return "context";
	if (memcmp(a->map, b->map, sizeof(a->map)))
		return "map";
	return NULL;
}

struct tally {
	u32 tried, ran, three_way, kbpf_refused, linux_refused, bad;
	u32 cb_changed, map_changed;
};

/*
 * @programs programs until @deadline; @features 0 is the corpus (no
 * context, packet or map: the original generator, r0 only).
 */
static void fuzz(const char *run, u32 programs, time_t deadline, u32 features,
		 u64 seed, struct tally *t)
{
	static struct kbpf_insn p[RND_PROG_MAX];
	static struct input in;
	struct output jit, interp, lin;
	u32 i;

	for (i = 0; i < programs && time(NULL) < deadline && t->bad < 3; i++) {
		bool v3 = !(i % 2);
		u32 flags = features ? (features & ~(v3 ? RND_PKT : 0)) : 0;
		u32 n = rnd_program_flags(p, flags | (v3 ? RND_V3 : 0));
		const char *what;

		if (features)
			make_input(&in);
		else
			memset(&in, 0, sizeof(in));
		t->tried++;
		if (run_kbpf(p, n, true, &in, &jit) || run_kbpf(p, n, false, &in, &interp)) {
			if (t->kbpf_refused++ < 3) {
				printf("# %s/program_%u (seed 0x%llx) refused by kbpf\n", run, i,
				       (unsigned long long)seed);
				print_program(p, n);
			}
			continue;
		}
		t->ran++;
		what = differs(&jit, &interp, false);
		if (what) {
			printf("not ok - diff/%s/program_%u (seed 0x%llx): %s differs: kbpf JIT r0 0x%llx, interpreter 0x%llx\n",
			       run, i, (unsigned long long)seed, what,
			       (unsigned long long)jit.r0, (unsigned long long)interp.r0);
			print_program(p, n);
			t->bad++;
			continue;
		}
		if (features) {
			t->cb_changed += !!memcmp((u8 *)interp.skb + CB_OFF,
						  (u8 *)in.skb + CB_OFF, CB_LEN);
			t->map_changed += !!memcmp(interp.map, in.map, sizeof(in.map));
		}
		if (!v3)
			continue;
		if (run_linux(p, n, &in, &lin)) {
			if (t->linux_refused++ < 3) {
				printf("# %s/program_%u (seed 0x%llx) refused by Linux (errno %d)\n",
				       run, i, (unsigned long long)seed, errno);
				print_program(p, n);
			}
			continue;
		}
		t->three_way++;
		what = differs(&interp, &lin, true);
		if (what) {
			printf("not ok - diff/%s/program_%u (seed 0x%llx): %s differs: kbpf r0 0x%llx, Linux 0x%llx\n",
			       run, i, (unsigned long long)seed, what,
			       (unsigned long long)interp.r0, (unsigned long long)lin.r0);
			print_program(p, n);
			t->bad++;
		}
	}
}

static int make_maps(void)
{
	union bpf_attr a;

	kbpf_map = map_create(KBPF_MAP_TYPE_ARRAY, 4, RND_MAP_VALUE, RND_MAP_ENTRIES, 0);
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = RND_MAP_VALUE;
	a.max_entries = RND_MAP_ENTRIES;
	linux_map = sys_bpf(BPF_MAP_CREATE, &a);
	return kbpf_map >= 0 && linux_map >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	u32 programs = argc > 1 ? strtoul(argv[1], NULL, 0) : 400;
	u32 seconds = argc > 2 ? strtoul(argv[2], NULL, 0) : 60;
	const char *s = argc > 3 ? argv[3] : getenv("KBPF_FUZZ_SEED");
	u64 seed = s && *s ? strtoull(s, NULL, 0) :
		   (u64)time(NULL) * 0x9e3779b97f4a7c15ULL ^ (u64)getpid() << 32;
	struct tally corpus = { 0 }, seeded = { 0 };
	time_t start = time(NULL);

	if (!seed)
		seed = 1;	/* xorshift never leaves 0 */
	dev = open("/dev/kbpf", O_RDWR);
	CHECK(dev >= 0, "open_device");
	if (dev < 0)
		return 1;
	CHECK(!make_maps(), "array_maps_in_kbpf_and_linux");
	if (kbpf_map < 0 || linux_map < 0)
		return 1;

	/* The corpus: always the same programs, from the generator's fixed seed. */
	fuzz("corpus", (programs + 1) / 2, start + (seconds + 1) / 2, 0,
	     rnd_state, &corpus);
	printf("# corpus: %u programs run by both kbpf engines, %u also by Linux; refused: kbpf %u, Linux %u\n",
	       corpus.ran, corpus.three_way, corpus.kbpf_refused, corpus.linux_refused);
	CHECK(!corpus.bad && !corpus.kbpf_refused && corpus.ran >= corpus.tried / 2,
	      "kbpf_jit_and_interpreter_agree_on_%u_corpus_programs", corpus.ran);
	CHECK(!corpus.bad && corpus.three_way >= corpus.ran / 3,
	      "kbpf_and_linux_agree_on_%u_corpus_programs", corpus.three_way);

	printf("# seed 0x%llx (diff_fuzz %u %u 0x%llx replays this run)\n",
	       (unsigned long long)seed, programs, seconds, (unsigned long long)seed);
	rnd_state = seed;
	memset(&rnd_stats, 0, sizeof(rnd_stats));
	fuzz("seeded", programs / 2, start + seconds, RND_FEATURES, seed, &seeded);
	set_jit(true);
	printf("# seeded: %u programs run by both kbpf engines, %u also by Linux; refused: kbpf %u, Linux %u\n",
	       seeded.ran, seeded.three_way, seeded.kbpf_refused, seeded.linux_refused);
	printf("# made %u loops, %u calls, %u map lookups, %u context reads, %u cb writes, %u LD_ABS/IND, %u direct packet reads; cb changed in %u runs, the map in %u\n",
	       rnd_stats.loops, rnd_stats.calls, rnd_stats.maps, rnd_stats.ctx_reads,
	       rnd_stats.cb_writes, rnd_stats.ld_pkt, rnd_stats.pkt_direct,
	       seeded.cb_changed, seeded.map_changed);
	CHECK(!seeded.bad && !seeded.kbpf_refused && seeded.ran >= seeded.tried / 2 &&
	      seeded.ran > 0,
	      "kbpf_jit_and_interpreter_agree_on_r0_context_and_map_of_%u_random_programs_seed_0x%llx",
	      seeded.ran, (unsigned long long)seed);
	CHECK(!seeded.bad && !seeded.linux_refused && seeded.three_way >= seeded.ran / 3,
	      "kbpf_and_linux_agree_on_r0_cb_and_map_of_%u_random_programs_seed_0x%llx",
	      seeded.three_way, (unsigned long long)seed);
	CHECK(seeded.tried < 40 || (rnd_stats.loops && rnd_stats.calls && rnd_stats.maps &&
				    rnd_stats.ld_pkt && rnd_stats.cb_writes &&
				    seeded.cb_changed && seeded.map_changed),
	      "random_programs_had_loops_calls_maps_packet_and_context_and_changed_cb_and_map");
	close(kbpf_map);
	close(linux_map);
	close(dev);
	return failed;
}
