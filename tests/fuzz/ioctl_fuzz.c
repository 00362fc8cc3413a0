// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioctl_fuzz SECONDS [SEED [WORKERS]]: random sequences of every
 * /dev/kbpf command (uapi/linux/kbpf.h: programs, maps and their elements
 * and batches, freeze, links, ids, pins, dumps), mmap of map descriptors
 * with random lengths, offsets and protections, and poll, from WORKERS
 * processes at once (4 by default). Structs are built almost right and
 * then mutated: sizes, pointers that are valid, NULL, unmapped or kernel
 * addresses, descriptors that are live, closed, of the wrong kind of
 * object or other files (/dev/null, a pipe, a socket, the device), flags.
 * In each process a second thread closes descriptors and swaps the file
 * behind a descriptor number (dup2) while the first is in a call.
 *
 * Runs in the debug guest; the harness fails the run on any kernel
 * report and scans kmemleak after rmmod. Prints the calls made per
 * command, then TAP lines: every command was issued, the commands that
 * should sometimes succeed did, killing the workers mid-call is prompt,
 * and once they are gone and the pins are removed no object is left.
 */
#define _GNU_SOURCE	/* mremap */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../../uapi/linux/kbpf.h"
#include "../cases/insn.h"

#define POOL		24
#define MAX_WORKERS	16
#define NR_PINS		16
#define PG		4096
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* lddw of map fd_array[idx] (Linux's BPF_PSEUDO_MAP_IDX). */
#define LD_MAP_IDX(d, idx) \
	INSN(KBPF_LD | KBPF_IMM | KBPF_DW, d, KBPF_PSEUDO_MAP_IDX, 0, idx), INSN(0, 0, 0, 0, 0)

#if defined(__aarch64__)
#define GETPID_SYM "__arm64_sys_getpid"
#else
#define GETPID_SYM "__x64_sys_getpid"
#endif

/* What the statistics count: each command, then the file operations. */
enum {
	OP_MMAP = 0x23,		/* after the last command (LINK_UPDATE, 0x22) */
	OP_POLL,
	OP_UNKNOWN,		/* command numbers the module does not have */
	NR_OPS
};

static const char *const op_names[NR_OPS] = {
	[0x00] = "VERSION", [0x01] = "PROG_LOAD", [0x02] = "PROG_TEST_RUN",
	[0x03] = "OBJ_GET_INFO", [0x04] = "GET_NEXT_ID", [0x05] = "GET_FD_BY_ID",
	[0x06] = "OBJ_PIN", [0x07] = "OBJ_GET", [0x08] = "OBJ_UNPIN",
	[0x09] = "PIN_NEXT", [0x0a] = "PROG_DUMP", [0x0b] = "MAP_CREATE",
	[0x0c] = "MAP_LOOKUP_ELEM", [0x0d] = "MAP_UPDATE_ELEM",
	[0x0e] = "MAP_DELETE_ELEM", [0x0f] = "MAP_GET_NEXT_KEY",
	[0x10] = "MAP_LOOKUP_AND_DELETE_ELEM", [0x11] = "MAP_FREEZE",
	[0x12] = "MAP_LOOKUP_BATCH", [0x13] = "MAP_LOOKUP_AND_DELETE_BATCH",
	[0x14] = "MAP_UPDATE_BATCH", [0x15] = "MAP_DELETE_BATCH",
	[0x20] = "LINK_CREATE", [0x21] = "LINK_DETACH", [0x22] = "LINK_UPDATE",
	[OP_MMAP] = "mmap", [OP_POLL] = "poll", [OP_UNKNOWN] = "unknown command",
};

/*
 * What one call succeeding proves reachable: these must succeed at least
 * once in a run, or the structs are too broken to get past the checks.
 */
/*
 * Commands that must succeed at least once per run. Element deletes,
 * batch lookups and deletes and link updates need a map or link in just
 * the right state and succeed a handful of times in the debug guest's
 * 30 s (0 in some runs), like the lookup-and-delete commands: they are
 * counted and printed, not required.
 */
static const int must_succeed[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0f, 0x11, 0x14, 0x20, 0x21, OP_MMAP,
};

/* Shared by all workers and the parent that reports. */
struct shared {
	unsigned long long calls[NR_OPS], oks[NR_OPS];
	unsigned int last_id;	/* the highest id seen, for GET_FD_BY_ID */
};

/* What a pool slot was when it was filled (dup2 may have changed it since). */
enum { K_OTHER, K_PROG, K_MAP, K_LINK, K_SOCK };
#define K_PROG_OF(type)	(K_PROG | (type) << 4)	/* a program of that type */

static struct shared *sh;
static int dev;
static int fds[POOL], kinds[POOL];
/*
 * Half the calls are built sane: valid pointers, true sizes, known flags
 * and a descriptor of the kind the command wants, so they get past the
 * checks into the code behind them; the other half are mutated.
 */
static int sane;
static void *unmapped;
static volatile int stop;
static __thread uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint32_t pick(uint32_t n)
{
	return rnd() % n;
}

static void count(int op, long ret)
{
	__atomic_fetch_add(&sh->calls[op], 1, __ATOMIC_RELAXED);
	if (ret >= 0)
		__atomic_fetch_add(&sh->oks[op], 1, __ATOMIC_RELAXED);
}

/* A pointer worth passing: valid, NULL, unmapped, kernel, or odd. */
static uint64_t rnd_ptr(const void *valid)
{
	if (sane && pick(16))
		return (uintptr_t)valid;
	switch (pick(12)) {
	case 0: return 0;
	case 1: return (uintptr_t)unmapped;
	case 2: return 0xffffffff81000000ULL;	/* kernel text */
	case 3: return 0xffff888000000000ULL;	/* the direct map */
	case 4: return (uintptr_t)valid + 1;
	case 5: return rnd();
	default: return (uintptr_t)valid;
	}
}

/* A descriptor: mostly from the pool (any kind of file), sometimes nonsense. */
static uint32_t rnd_fd(void)
{
	switch (pick(10)) {
	case 0: return dev;
	case 1: return pick(64);
	case 2: return (uint32_t)-1;
	default: return fds[pick(POOL)];
	}
}

/* Sane: a pool descriptor of that kind, if the pool has one. */
static uint32_t fd_of(int kind)
{
	uint32_t i, start = pick(POOL);

	if (!sane || !pick(16))
		return rnd_fd();
	for (i = 0; i < POOL; i++) {
		int k = kinds[(start + i) % POOL];

		if (k == kind || (kind < 16 && (k & 15) == kind))
			return fds[(start + i) % POOL];
	}
	return rnd_fd();
}

static uint32_t rnd_size(uint32_t real)
{
	if (sane && pick(16))
		return real;
	switch (pick(10)) {
	case 0: return pick(real + 1);
	case 1: return real + pick(64);
	case 2: return rnd();
	default: return real;
	}
}

static uint64_t rnd_flags(uint64_t known)
{
	if (sane)
		return pick(4) ? 0 : rnd() & known;
	switch (pick(8)) {
	case 0: return rnd();
	case 1: return 1ULL << pick(64);
	case 2: case 3: return rnd() & known;
	default: return 0;
	}
}

/* Replaces a pool slot with a new descriptor, closing the old one. */
static void pool_put(int fd, int kind)
{
	uint32_t slot = pick(POOL);
	int old = fds[slot];

	fds[slot] = fd;
	kinds[slot] = kind;
	if (old > 2 && old != dev)
		close(old);
}

/* What the module says @fd is (OBJ_GET_INFO), for fd_of(). */
static int fd_kind(int fd)
{
	union {
		struct kbpf_prog_info p;
		struct kbpf_map_info m;
		struct kbpf_link_info l;
	} info;
	struct kbpf_obj_get_info a = {
		.size = sizeof(a), .fd = fd, .info = (uintptr_t)&info, .info_len = sizeof(info),
	};

	if (ioctl(dev, KBPF_IOC_OBJ_GET_INFO, &a))
		return K_OTHER;
	switch (a.obj_type) {
	case KBPF_OBJ_PROG: return K_PROG_OF(info.p.type);
	case KBPF_OBJ_MAP: return K_MAP;
	case KBPF_OBJ_LINK: return K_LINK;
	default: return K_OTHER;
	}
}

static void note_id(unsigned int id)
{
	if (id > __atomic_load_n(&sh->last_id, __ATOMIC_RELAXED))
		__atomic_store_n(&sh->last_id, id, __ATOMIC_RELAXED);
}

static uint32_t rnd_id(void)
{
	uint32_t last = __atomic_load_n(&sh->last_id, __ATOMIC_RELAXED);

	switch (pick(4)) {
	case 0: return rnd();
	case 1: return pick(100);
	default: return last > 64 ? last - pick(64) : pick(64);
	}
}

static void rnd_name(char *name, size_t len)
{
	size_t i, n = pick(len + 1);

	memset(name, 0, len);
	for (i = 0; i < n && i < len; i++)
		name[i] = pick(8) ? 'a' + pick(26) : (char)rnd();
	if (pick(4))
		name[len - 1] = 0;
}

static void rnd_program(struct kbpf_insn *insns, uint32_t n)
{
	static const uint8_t codes[] = {
		0xb7, 0xb4, 0x07, 0x04, 0x0f, 0x3f, 0x9f, 0x67, 0x77, 0xc7, 0x87,
		0xd4, 0xdc, 0xd7, 0x05, 0x06, 0x15, 0x1d, 0x2d, 0xa5, 0x16, 0x85,
		0x95, 0x18, 0x61, 0x79, 0x91, 0x62, 0x7a, 0x63, 0x7b, 0xc3, 0xdb,
		0x20, 0x00,
	};
	uint32_t i;

	for (i = 0; i < n; i++) {
		insns[i].code = pick(10) ? codes[pick(sizeof(codes))] : rnd();
		insns[i].dst_reg = pick(12);
		insns[i].src_reg = pick(12);
		insns[i].off = pick(3) ? -(int)(pick(64) * 8) : (int16_t)rnd();
		insns[i].imm = pick(2) ? (int32_t)pick(64) : (int32_t)rnd();
	}
	if (pick(4)) {
		insns[n - 2] = (struct kbpf_insn)MOV64_IMM(0, 1);
		insns[n - 1] = (struct kbpf_insn)EXIT();
	}
}

/*
 * Programs that use the map fd_array[0] points at (whatever the pool
 * holds there): the verifier checks the map's kind and sizes, and once
 * attached they run against maps user space is changing and closing.
 */
static const struct kbpf_insn tpl_lookup[] = {	/* r0 = *(u64 *)lookup(map, &0) */
	ST(W, 10, -4, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -4), LD_MAP_IDX(1, 0),
	CALL_HELPER(1), JMP_IMM(JEQ, 0, 0, 2), LDX(DW, 0, 0, 0), EXIT(),
	MOV64_IMM(0, 0), EXIT(),
};
static const struct kbpf_insn tpl_update[] = {	/* update(map, &1, &42, ANY) */
	ST(W, 10, -4, 1), ST(DW, 10, -16, 42), LD_MAP_IDX(1, 0), MOV64_REG(2, 10),
	ALU64_IMM(ADD, 2, -4), MOV64_REG(3, 10), ALU64_IMM(ADD, 3, -16),
	MOV64_IMM(4, 0), CALL_HELPER(2), MOV64_IMM(0, 0), EXIT(),
};
static const struct kbpf_insn tpl_ringbuf[] = {	/* ringbuf_output(map, &42, 8, 0) */
	ST(DW, 10, -8, 42), LD_MAP_IDX(1, 0), MOV64_REG(2, 10), ALU64_IMM(ADD, 2, -8),
	MOV64_IMM(3, 8), MOV64_IMM(4, 0), CALL_HELPER(130), MOV64_IMM(0, 0), EXIT(),
};
static const struct kbpf_insn tpl_tail[] = {	/* tail_call(ctx, map, 0); return 7 */
	LD_MAP_IDX(2, 0), MOV64_IMM(3, 0), CALL_HELPER(12), MOV64_IMM(0, 7), EXIT(),
};

static const struct {
	const struct kbpf_insn *insns;
	uint32_t n;
} templates[] = {
	{ tpl_lookup, ARRAY_SIZE(tpl_lookup) },
	{ tpl_update, ARRAY_SIZE(tpl_update) },
	{ tpl_ringbuf, ARRAY_SIZE(tpl_ringbuf) },
	{ tpl_tail, ARRAY_SIZE(tpl_tail) },
};

static const uint32_t prog_types[] = {
	KBPF_PROG_TYPE_SOCKET_FILTER, KBPF_PROG_TYPE_KPROBE,
	KBPF_PROG_TYPE_TRACEPOINT, KBPF_PROG_TYPE_RAW_TRACEPOINT,
};

static const uint32_t map_types[] = {
	KBPF_MAP_TYPE_HASH, KBPF_MAP_TYPE_ARRAY, KBPF_MAP_TYPE_PROG_ARRAY,
	KBPF_MAP_TYPE_PERCPU_HASH, KBPF_MAP_TYPE_PERCPU_ARRAY,
	KBPF_MAP_TYPE_LRU_HASH, KBPF_MAP_TYPE_LRU_PERCPU_HASH,
	KBPF_MAP_TYPE_RINGBUF,
};

/* Targets for each attach type, then some that are not. */
static const char *const targets[] = {
	GETPID_SYM, "do_sys_openat2", "sched:sched_process_exec",
	"raw_syscalls:sys_enter", "sys_enter", "sched_process_exec", "lo",
	"kbpf_no_such_function", "nosuch:event", "", "a:b:c",
};

static char logbuf[4096];
static struct kbpf_insn insns[64];
static char scratch[16384];
static char keybuf[512], valbuf[16384], batchbuf[512];
static uint32_t linfo[64 * 6];		/* records of up to 24 bytes */
static char linfo_str[64];
static int32_t fd_array[4];
static char ctxbuf[512], pktbuf[2048];
static char target[KBPF_TARGET_NAME_LEN + 8];

/* Line info, mostly almost right: increasing offsets, strings near the end. */
static void rnd_line_info(struct kbpf_prog_load *l, uint32_t n)
{
	uint32_t rec = pick(4) ? 16 : 4 * pick(7), words = rec / 4, cnt = pick(n + 2);
	uint32_t i, off = 0;

	for (i = 0; i < sizeof(linfo_str); i++)
		linfo_str[i] = pick(4) ? 'a' + pick(26) : 0;
	linfo_str[sizeof(linfo_str) - 1] = pick(16) ? 0 : 'z';
	for (i = 0; i < cnt * words && i < sizeof(linfo) / 4; i++)
		linfo[i] = pick(8) ? 0 : rnd();
	for (i = 0; words >= 4 && i < cnt && (i + 1) * words <= sizeof(linfo) / 4; i++) {
		linfo[i * words] = off;
		linfo[i * words + 1] = pick(16) ? pick(sizeof(linfo_str) + 1) : rnd();
		linfo[i * words + 2] = pick(16) ? pick(sizeof(linfo_str) + 1) : rnd();
		off += pick(8) ? 1 + pick(3) : 0;
	}
	l->line_info = rnd_ptr(linfo);
	l->line_info_rec_size = rec;
	l->line_info_cnt = pick(16) ? cnt : rnd();
	l->line_info_str = rnd_ptr(linfo_str);
	l->line_info_str_size = pick(16) ? sizeof(linfo_str) - pick(2) : rnd();
}

static void fill_load(struct kbpf_prog_load *l)
{
	uint32_t n = 2 + pick(62), i;
	int tpl = 0;

	if (!pick(4)) {
		insns[0] = (struct kbpf_insn)MOV64_IMM(0, 1);
		insns[1] = (struct kbpf_insn)EXIT();
		n = 2;
	} else if (pick(2)) {
		rnd_program(insns, n);
	} else {
		tpl = 1;
		i = pick(ARRAY_SIZE(templates));
		n = templates[i].n;
		memcpy(insns, templates[i].insns, n * sizeof(insns[0]));
		if (!pick(8))	/* a mutated template */
			((uint8_t *)insns)[pick(n * sizeof(insns[0]))] = rnd();
	}
	l->size = rnd_size(sizeof(*l));
	l->prog_type = pick(8) ? prog_types[pick(4)] : pick(32);
	l->insns = rnd_ptr(insns);
	l->insn_cnt = pick(8) ? n : rnd();
	l->license = pick(2) ? (uintptr_t)"GPL" : rnd_ptr("Dual BSD/GPL");
	l->log_level = pick(2) ? 0 : pick(8);
	l->log_buf = l->log_level ? rnd_ptr(logbuf) : 0;
	l->log_size = pick(4) ? sizeof(logbuf) : pick(300);
	l->flags = rnd_flags(KBPF_PROG_LOAD_F_NO_JIT);
	if (!pick(4))
		rnd_name(l->name, sizeof(l->name));
	if (tpl || pick(4) == 0) {
		for (i = 0; i < 4; i++)
			fd_array[i] = fd_of(K_MAP);
		l->fd_array = rnd_ptr(fd_array);
		l->fd_array_cnt = pick(8) || sane ? 1 + pick(4) : rnd();
	}
	if (l->prog_type == KBPF_PROG_TYPE_TRACEPOINT && pick(2))
		l->attach_target = rnd_ptr(targets[pick(ARRAY_SIZE(targets))]);
	if (!pick(3))
		rnd_line_info(l, n);
}

static void fill_map_create(struct kbpf_map_create *m)
{
	m->size = rnd_size(sizeof(*m));
	m->map_type = pick(8) ? map_types[pick(8)] : pick(40);
	if (m->map_type == KBPF_MAP_TYPE_RINGBUF && pick(4)) {
		m->max_entries = PG << pick(6);
	} else {
		static const uint32_t sizes[] = { 4, 8, 16, 64, 100 };

		m->key_size = pick(8) ? sizes[pick(5)] : pick(600);
		m->value_size = pick(8) ? sizes[pick(5)] : pick(20000);
		m->max_entries = pick(8) ? 1 + pick(64) : pick(4096);
	}
	if (!pick(16))
		m->key_size = rnd();
	if (!pick(16))
		m->value_size = rnd();
	if (!pick(16))
		m->max_entries = rnd();
	m->map_flags = rnd_flags(KBPF_F_NO_PREALLOC | KBPF_F_NO_COMMON_LRU |
				 KBPF_F_RDONLY | KBPF_F_WRONLY | KBPF_F_RDONLY_PROG |
				 KBPF_F_WRONLY_PROG | KBPF_F_MMAPABLE);
	if (pick(2))
		rnd_name(m->name, sizeof(m->name));
}

/* Keys that collide: small numbers, so updates, lookups and deletes meet. */
static void fill_elem_bufs(void)
{
	memset(keybuf, 0, 16);
	keybuf[0] = pick(8);
	if (!pick(8))
		for (int i = 0; i < 16; i++)
			keybuf[i] = rnd();
	/* A prog_array takes a program descriptor as its value. */
	*(int32_t *)valbuf = pick(2) || sane ? (int32_t)fd_of(K_PROG) : (int32_t)rnd();
	*(uint64_t *)(valbuf + 8) = rnd();
}

/* Sane: a program of the type the hook runs and a target that exists. */
static const struct {
	uint32_t prog_type;
	const char *targets[2];
} hook_of[] = {
	[KBPF_ATTACH_KPROBE] = { KBPF_PROG_TYPE_KPROBE, { GETPID_SYM, "do_sys_openat2" } },
	[KBPF_ATTACH_KRETPROBE] = { KBPF_PROG_TYPE_KPROBE, { GETPID_SYM, "do_sys_openat2" } },
	[KBPF_ATTACH_TRACEPOINT] = { KBPF_PROG_TYPE_TRACEPOINT,
				     { "sched:sched_process_exec", "raw_syscalls:sys_enter" } },
	[KBPF_ATTACH_RAW_TRACEPOINT] = { KBPF_PROG_TYPE_RAW_TRACEPOINT,
					 { "sys_enter", "sched_process_exec" } },
	[KBPF_ATTACH_SOCKET] = { KBPF_PROG_TYPE_SOCKET_FILTER, { NULL, NULL } },
	[KBPF_ATTACH_NETDEV_INGRESS] = { KBPF_PROG_TYPE_SOCKET_FILTER, { "lo", "lo" } },
};

static void fill_link_create(struct kbpf_link_create *c)
{
	uint32_t t = 1 + pick(6);

	c->size = rnd_size(sizeof(*c));
	c->attach_type = pick(8) || sane ? t : rnd();
	c->prog_fd = sane ? fd_of(K_PROG_OF(hook_of[t].prog_type)) : rnd_fd();
	c->flags = rnd_flags(0);
	if (c->attach_type == KBPF_ATTACH_SOCKET) {
		c->target_fd = fd_of(K_SOCK);
		c->target = pick(8) || sane ? 0 : rnd_ptr(target);
	} else {
		if (sane && hook_of[t].targets[0])
			strcpy(target, hook_of[t].targets[pick(2)]);
		else if (pick(16))
			strcpy(target, targets[pick(ARRAY_SIZE(targets))]);
		else	/* not NUL-terminated within the limit */
			memset(target, 'k', sizeof(target));
		c->target = rnd_ptr(target);
		c->target_fd = pick(16) || sane ? 0 : rnd_fd();
	}
	if (c->attach_type == KBPF_ATTACH_KPROBE && !pick(4) && !sane)
		c->offset = pick(4) ? pick(16) : rnd();
	if (c->attach_type == KBPF_ATTACH_RAW_TRACEPOINT)
		c->nr_args = pick(8) || sane ? 1 + pick(6) : rnd();
}

static long do_ioctl(unsigned long cmd, void *arg)
{
	/* Now and then not the device: a map, a program, a pipe... */
	int fd = pick(32) || sane ? dev : (int)rnd_fd();

	return ioctl(fd, cmd, pick(32) || sane ? arg : (void *)(uintptr_t)rnd_ptr(arg));
}

static void fuzz_ioctl(void)
{
	static const uint8_t nrs[] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
		0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
		0x20, 0x21, 0x22,
		/* the map and link commands again: they need a live object */
		0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x14, 0x20, 0x20, 0x20,
	};
	union {
		struct kbpf_version v;
		struct kbpf_prog_load l;
		struct kbpf_prog_test_run r;
		struct kbpf_obj_get_info i;
		struct kbpf_get_next_id n;
		struct kbpf_get_fd_by_id f;
		struct kbpf_obj_pin p;
		struct kbpf_prog_dump d;
		struct kbpf_map_create m;
		struct kbpf_map_elem e;
		struct kbpf_map_batch b;
		struct kbpf_link_create c;
		struct kbpf_link_detach x;
		struct kbpf_link_update u;
		char raw[256];
	} a;
	uint32_t nr = nrs[pick(sizeof(nrs))];
	unsigned long cmd;
	int op = nr;
	long ret;

	memset(&a, 0, sizeof(a));
	sane = pick(2);
	if (!sane && !pick(16))
		for (size_t k = 0; k < sizeof(a.raw); k++)
			a.raw[k] = rnd();
	if (!sane && !pick(32)) {	/* a number or encoding the module does not have */
		nr = 0x16 + pick(0xe9);
		if (nr >= 0x20 && nr <= 0x22)
			nr = 0x23;
		cmd = pick(2) ? _IO(KBPF_IOC_MAGIC, nr) :
			_IOWR(KBPF_IOC_MAGIC, pick(0x23), struct kbpf_map_elem);
		ret = do_ioctl(cmd, &a);
		count(OP_UNKNOWN, ret);
		return;
	}
	cmd = _IO(KBPF_IOC_MAGIC, nr);
	switch (cmd) {
	case KBPF_IOC_VERSION:
		a.v.size = rnd_size(sizeof(a.v));
		break;
	case KBPF_IOC_PROG_LOAD:
		fill_load(&a.l);
		break;
	case KBPF_IOC_PROG_TEST_RUN:
		a.r.size = rnd_size(sizeof(a.r));
		a.r.prog_fd = fd_of(K_PROG);
		a.r.repeat = pick(4) ? pick(10) : pick(1000);
		a.r.flags = rnd_flags(0);
		if (pick(2)) {
			a.r.ctx_in = rnd_ptr(ctxbuf);
			a.r.ctx_size_in = pick(4) ? pick(sizeof(ctxbuf)) : rnd();
		}
		if (pick(2)) {
			a.r.ctx_out = rnd_ptr(ctxbuf);
			a.r.ctx_size_out = pick(4) ? pick(sizeof(ctxbuf)) : rnd();
		}
		if (pick(2)) {
			a.r.data_in = rnd_ptr(pktbuf);
			a.r.data_size_in = pick(4) ? pick(sizeof(pktbuf)) : rnd();
		}
		break;
	case KBPF_IOC_OBJ_GET_INFO: {
		static const uint32_t lens[] = {
			sizeof(struct kbpf_prog_info), sizeof(struct kbpf_map_info),
			sizeof(struct kbpf_link_info),
		};

		a.i.size = rnd_size(sizeof(a.i));
		a.i.fd = rnd_fd();
		a.i.info = rnd_ptr(scratch);
		a.i.info_len = pick(4) ? lens[pick(3)] : pick(400);
		if (!pick(16))
			a.i.info_len = rnd();
		break;
	}
	case KBPF_IOC_GET_NEXT_ID:
		a.n.size = rnd_size(sizeof(a.n));
		a.n.obj_type = pick(5);
		a.n.start_id = rnd_id();
		break;
	case KBPF_IOC_GET_FD_BY_ID:
		a.f.size = rnd_size(sizeof(a.f));
		a.f.obj_type = pick(5);
		a.f.id = rnd_id();
		a.f.flags = rnd_flags(0);
		break;
	case KBPF_IOC_OBJ_PIN:
	case KBPF_IOC_OBJ_GET:
	case KBPF_IOC_OBJ_UNPIN:
	case KBPF_IOC_PIN_NEXT:
		/* Names all workers share, so one's pins are another's objects. */
		a.p.size = rnd_size(sizeof(a.p));
		a.p.fd = cmd == KBPF_IOC_OBJ_PIN ? rnd_fd() : 0;
		switch (pick(16)) {
		case 0:
			memset(a.p.name, 'x', sizeof(a.p.name));
			break;
		case 1:
			strcpy(a.p.name, pick(2) ? "../f1" : "d/e/../f2");
			break;
		case 2:
			rnd_name(a.p.name, sizeof(a.p.name));
			break;
		case 3:
			break;	/* "": the first for PIN_NEXT */
		default:
			snprintf(a.p.name, sizeof(a.p.name), "f%u", (unsigned int)pick(NR_PINS));
		}
		break;
	case KBPF_IOC_PROG_DUMP:
		a.d.size = rnd_size(sizeof(a.d));
		a.d.prog_fd = fd_of(K_PROG);
		a.d.kind = pick(4);
		a.d.buf = rnd_ptr(scratch);
		a.d.buf_len = pick(2) ? sizeof(scratch) : pick(64);
		if (!pick(16))
			a.d.code_len = rnd();
		break;
	case KBPF_IOC_MAP_CREATE:
		fill_map_create(&a.m);
		break;
	case KBPF_IOC_MAP_LOOKUP_ELEM:
	case KBPF_IOC_MAP_UPDATE_ELEM:
	case KBPF_IOC_MAP_DELETE_ELEM:
	case KBPF_IOC_MAP_GET_NEXT_KEY:
	case KBPF_IOC_MAP_LOOKUP_AND_DELETE_ELEM:
	case KBPF_IOC_MAP_FREEZE:
		fill_elem_bufs();
		a.e.size = rnd_size(sizeof(a.e));
		a.e.map_fd = fd_of(K_MAP);
		a.e.key = cmd == KBPF_IOC_MAP_GET_NEXT_KEY && pick(3) == 0 ? 0 : rnd_ptr(keybuf);
		a.e.value = rnd_ptr(valbuf);
		a.e.flags = pick(2) ? pick(3) : rnd_flags(7);
		if (cmd == KBPF_IOC_MAP_FREEZE && (pick(2) || sane))
			a.e.key = a.e.value = a.e.flags = 0;
		if (sane) {	/* the fields each command takes, the others 0 */
			if (cmd != KBPF_IOC_MAP_UPDATE_ELEM)
				a.e.flags = 0;
			if (cmd == KBPF_IOC_MAP_DELETE_ELEM)
				a.e.value = 0;
		}
		break;
	case KBPF_IOC_MAP_LOOKUP_BATCH:
	case KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH:
	case KBPF_IOC_MAP_UPDATE_BATCH:
	case KBPF_IOC_MAP_DELETE_BATCH:
		fill_elem_bufs();
		for (int k = 0; k < 64; k++)	/* update and delete: keys 0..63 */
			((uint32_t *)keybuf)[k] = pick(4) ? k : rnd();
		a.b.size = rnd_size(sizeof(a.b));
		a.b.map_fd = fd_of(K_MAP);
		a.b.in_batch = pick(2) ? 0 : rnd_ptr(batchbuf);
		a.b.out_batch = rnd_ptr(batchbuf);
		a.b.keys = rnd_ptr(keybuf);
		a.b.values = rnd_ptr(valbuf);
		a.b.count = pick(8) ? pick(32) : rnd();
		a.b.elem_flags = pick(2) ? pick(3) : rnd_flags(7);
		a.b.flags = rnd_flags(0);
		if (sane) {
			bool lookup = cmd == KBPF_IOC_MAP_LOOKUP_BATCH ||
				      cmd == KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH;

			if (!lookup)
				a.b.in_batch = a.b.out_batch = 0;
			if (cmd != KBPF_IOC_MAP_UPDATE_BATCH)
				a.b.elem_flags = 0;
			if (cmd == KBPF_IOC_MAP_DELETE_BATCH)
				a.b.values = 0;
			a.b.flags = 0;
		}
		break;
	case KBPF_IOC_LINK_CREATE:
		fill_link_create(&a.c);
		break;
	case KBPF_IOC_LINK_DETACH:
		a.x.size = rnd_size(sizeof(a.x));
		a.x.link_fd = fd_of(K_LINK);
		break;
	case KBPF_IOC_LINK_UPDATE:
		a.u.size = rnd_size(sizeof(a.u));
		a.u.link_fd = fd_of(K_LINK);
		a.u.new_prog_fd = fd_of(K_PROG);
		a.u.flags = pick(2) ? pick(2) : rnd_flags(KBPF_LINK_F_REPLACE);
		a.u.old_prog_fd = a.u.flags & KBPF_LINK_F_REPLACE ? fd_of(K_PROG) : 0;
		break;
	}
	ret = do_ioctl(cmd, &a);
	count(op, ret);
	if (ret == 0 && cmd == KBPF_IOC_GET_NEXT_ID)
		note_id(a.n.next_id);
	/* Keep new descriptors in the pool, so later calls use them. */
	if (ret > 2 && (cmd == KBPF_IOC_PROG_LOAD || cmd == KBPF_IOC_OBJ_GET ||
			cmd == KBPF_IOC_GET_FD_BY_ID || cmd == KBPF_IOC_MAP_CREATE ||
			cmd == KBPF_IOC_LINK_CREATE))
		pool_put(ret, fd_kind(ret));
}

/* Mappings the fuzzer keeps for a while, past the close of their fd. */
#define NR_MAPS 6
static struct {
	void *p;
	size_t len;
} maps[NR_MAPS];

static sigjmp_buf fault_jmp;
static volatile int in_touch;

static void on_fault(int sig)
{
	if (in_touch)
		siglongjmp(fault_jmp, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads every page and writes where the protection says it may. */
static void touch(volatile uint8_t *p, size_t len, int prot)
{
	size_t off;

	in_touch = 1;
	if (!sigsetjmp(fault_jmp, 1)) {
		for (off = 0; off < len && off < 64 * PG; off += PG) {
			if (prot & PROT_READ)
				(void)p[off];
			if (prot & PROT_WRITE)	/* the consumer position, for a ring buffer */
				*(volatile uint64_t *)(p + off) = pick(2) ? rnd() : pick(4 * PG);
		}
	}
	in_touch = 0;
}

static const int prots[] = {
	PROT_READ, PROT_READ | PROT_WRITE, PROT_WRITE, PROT_READ | PROT_EXEC, PROT_NONE,
};

static void fuzz_mmap(void)
{
	int prot = prots[pick(5)], fd = pick(2) ? fd_of(K_MAP) : rnd_fd();
	size_t len;
	off_t off;
	void *p;
	int slot;

	switch (pick(6)) {
	case 0: len = pick(3 * PG); break;
	case 1: len = (size_t)rnd() & ((1UL << 32) - 1); break;
	default: len = (size_t)(1 + pick(12)) * PG;
	}
	switch (pick(6)) {
	case 0: off = (off_t)(rnd() & ~(uint64_t)(PG - 1)) & 0x7fffffffffffLL; break;
	case 1: off = pick(PG); break;
	default: off = (off_t)pick(4) * PG;
	}
	p = mmap(NULL, len, prot, pick(8) ? MAP_SHARED : MAP_PRIVATE, fd, off);
	count(OP_MMAP, p == MAP_FAILED ? -1 : 0);
	if (p == MAP_FAILED)
		return;
	touch(p, len, prot);
	if (pick(2)) {	/* more rights than the map gave: refused for read-only pages */
		int np = prots[pick(5)];

		if (!mprotect(p, len, np))
			touch(p, len, np);
	}
	if (!pick(4)) {
		size_t nlen = len + PG * (1 + pick(4));
		void *q = mremap(p, len, nlen, MREMAP_MAYMOVE);

		if (q != MAP_FAILED) {	/* a ring buffer must refuse to grow */
			p = q;
			len = nlen;
			touch(p, len, prot);
		}
	}
	slot = pick(NR_MAPS);
	if (maps[slot].p)
		munmap(maps[slot].p, maps[slot].len);
	maps[slot].p = p;
	maps[slot].len = len;
	if (!pick(4)) {	/* the mapping outlives its descriptor */
		pool_put(open("/dev/null", O_RDONLY), K_OTHER);
	}
}

static void fuzz_poll(void)
{
	struct pollfd p = { .fd = (int)rnd_fd(), .events = POLLIN | POLLOUT };

	count(OP_POLL, poll(&p, 1, 0));
}

/* A fresh object of some kind, for the pool; *@kind says which. */
static int new_object(int *kind)
{
	static const struct kbpf_insn ret1[] = { MOV64_IMM(0, 1), EXIT() };
	struct kbpf_prog_load l = {
		.size = sizeof(l), .prog_type = prog_types[pick(4)],
		.insns = (uintptr_t)ret1, .insn_cnt = 2,
	};
	struct kbpf_map_create m = { .size = sizeof(m), .max_entries = 16 };
	struct kbpf_link_create c = { .size = sizeof(c) };
	int fd, sv[2];

	switch (pick(16)) {
	case 0: case 1: case 2: case 3: case 4:
		*kind = K_PROG_OF(l.prog_type);
		return ioctl(dev, KBPF_IOC_PROG_LOAD, &l);
	case 5: case 6: case 7: case 8: case 9:
		m.map_type = map_types[pick(8)];
		if (m.map_type == KBPF_MAP_TYPE_RINGBUF) {
			m.max_entries = PG << pick(3);
		} else {
			m.key_size = 4;
			m.value_size = m.map_type == KBPF_MAP_TYPE_PROG_ARRAY ? 4 : 8;
		}
		*kind = K_MAP;
		return ioctl(dev, KBPF_IOC_MAP_CREATE, &m);
	case 10:	/* attaching costs a text patch and each detach a grace period */
		l.prog_type = KBPF_PROG_TYPE_KPROBE;
		c.prog_fd = ioctl(dev, KBPF_IOC_PROG_LOAD, &l);
		c.attach_type = KBPF_ATTACH_KPROBE;
		c.target = (uintptr_t)GETPID_SYM;
		fd = ioctl(dev, KBPF_IOC_LINK_CREATE, &c);
		close(c.prog_fd);
		*kind = K_LINK;
		return fd;
	case 11:
		*kind = K_OTHER;
		return open(pick(2) ? "/dev/null" : "/dev/kbpf", O_RDWR);
	case 12: case 13:
		*kind = K_SOCK;
		return socket(AF_INET, SOCK_DGRAM, 0);
	case 14:
		*kind = K_OTHER;
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
			return -1;
		close(sv[1]);
		return sv[0];
	default:
		*kind = K_OTHER;
		if (pipe(sv))
			return -1;
		close(sv[1]);
		return sv[0];
	}
}

/*
 * Closes descriptors and swaps the file behind a number (dup2 is atomic
 * for the other thread) while the fuzzing thread passes them in calls.
 */
static void *churn(void *arg)
{
	rng_state = (uintptr_t)arg | 1;
	while (!stop) {
		uint32_t slot = pick(POOL), other = pick(POOL);
		int fd = fds[slot], nfd, kind;

		switch (pick(4)) {
		case 0:		/* a dangling number, until the slot is refilled */
			if (fd > 2 && fd != dev)
				close(fd);
			break;
		case 1:		/* another file behind the same number */
			if (fd > 2 && fd != dev && fds[other] > 2 &&
			    dup2(fds[other], fd) == fd)
				kinds[slot] = kinds[other];
			break;
		default:
			nfd = new_object(&kind);
			if (nfd >= 0)
				pool_put(nfd, kind);
		}
		if (!pick(4))
			getpid();	/* run the programs attached there */
		usleep(200 + pick(800));
	}
	return arg;
}

static void worker(int index, uint64_t seed)
{
	struct sigaction sa = { .sa_handler = on_fault };
	pthread_t thread;
	int i;

	rng_state = (seed ^ (0x9e3779b97f4a7c15ULL * (index + 1))) | 1;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	for (i = 0; i < POOL; i++)
		fds[i] = new_object(&kinds[i]);
	pthread_create(&thread, NULL, churn, (void *)(uintptr_t)rnd());
	for (;;) {
		switch (pick(32)) {
		case 0: case 1:
			fuzz_mmap();
			break;
		case 2:
			fuzz_poll();
			break;
		case 3:
			getpid();
			break;
		default:
			fuzz_ioctl();
		}
	}
}

/* Removes every pin, then waits up to @ms for the last objects to go. */
static int objects_left(int ms)
{
	struct kbpf_obj_pin p;
	int left = 0, t, type;

	for (;;) {
		memset(&p, 0, sizeof(p));
		p.size = sizeof(p);
		if (ioctl(dev, KBPF_IOC_PIN_NEXT, &p))
			break;
		p.obj_type = p.id = 0;
		if (ioctl(dev, KBPF_IOC_OBJ_UNPIN, &p))
			break;
	}
	for (t = 0; t <= ms; t += 100) {
		left = 0;
		for (type = KBPF_OBJ_PROG; type <= KBPF_OBJ_LINK; type++) {
			struct kbpf_get_next_id n = { .size = sizeof(n), .obj_type = type };

			while (!ioctl(dev, KBPF_IOC_GET_NEXT_ID, &n)) {
				n.start_id = n.next_id;
				left++;
			}
		}
		if (!left)
			break;
		usleep(100 * 1000);
	}
	for (type = KBPF_OBJ_PROG; left && type <= KBPF_OBJ_LINK; type++) {
		struct kbpf_get_next_id n = { .size = sizeof(n), .obj_type = type };

		while (!ioctl(dev, KBPF_IOC_GET_NEXT_ID, &n)) {
			printf("# left: type %d id %u\n", type, n.next_id);
			n.start_id = n.next_id;
		}
	}
	return left;
}

/*
 * The workers are SIGKILLed at the deadline, in the middle of whatever
 * call each is in (a verification of a million instructions takes
 * minutes under KASAN): the kill must take effect within seconds, and
 * the module must clean up after them.
 */
int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10;
	int nworkers = argc > 3 ? atoi(argv[3]) : 4;
	pid_t pids[MAX_WORKERS];
	unsigned long long total = 0;
	struct timespec t0, t1;
	int i, missing = 0, failing = 0, left;
	long ms;
	uint64_t seed;

	seed = argc > 2 && argv[2][0] ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	if (nworkers < 1 || nworkers > MAX_WORKERS)
		nworkers = 4;
	printf("# ioctl_fuzz seed %llu, %d processes\n", (unsigned long long)seed, nworkers);
	fflush(stdout);
	dev = open("/dev/kbpf", O_RDWR);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (dev < 0 || sh == MAP_FAILED) {
		printf("not ok - fuzz/ioctl: cannot open /dev/kbpf\n");
		return 1;
	}
	unmapped = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, PG);
	for (i = 0; i < nworkers; i++) {
		pids[i] = fork();
		if (!pids[i])
			worker(i, seed);
	}
	sleep(seconds);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < nworkers; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < nworkers; i++)
		waitpid(pids[i], NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;

	for (i = 0; i < NR_OPS; i++) {
		if (!op_names[i])
			continue;
		total += sh->calls[i];
		printf("# %-28s %10llu calls %10llu succeeded\n", op_names[i],
		       sh->calls[i], sh->oks[i]);
		if (!sh->calls[i]) {
			printf("# never issued: %s\n", op_names[i]);
			missing++;
		}
	}
	for (i = 0; i < (int)ARRAY_SIZE(must_succeed); i++) {
		if (!sh->oks[must_succeed[i]]) {
			printf("# never succeeded: %s\n", op_names[must_succeed[i]]);
			failing++;
		}
	}
	printf("ok - fuzz/ioctl (%llu calls in %d processes, %d s)\n", total, nworkers, seconds);
	printf("%s - fuzz/every_command_issued\n", missing ? "not ok" : "ok");
	printf("%s - fuzz/every_command_reached_success\n", failing ? "not ok" : "ok");
	printf("%s - fuzz/killed_mid_ioctl_exits_promptly (%ld ms)\n",
	       ms < 10000 ? "ok" : "not ok", ms);
	left = objects_left(60000);
	printf("%s - fuzz/no_objects_left_after_workers_and_pins (%d left)\n",
	       left ? "not ok" : "ok", left);
	return missing || failing || ms >= 10000 || left;
}
