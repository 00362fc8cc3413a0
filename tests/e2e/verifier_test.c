// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verifier table through the ioctl: every case of
 * tests/verifier/verifier_cases.h (written by gen_verifier) loaded with
 * PROG_LOAD against real maps shaped like the table's, expecting the
 * same verdict, errno, instruction and message as the host and KUnit
 * runs. Usage: verifier_test FILE.
 */
#define E2E_SUITE "verifier"
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "e2e.h"
#include "verifier_rec.h"

#define NR_MAPS	8

static int fds[NR_MAPS];

static int filled_frozen(int fd, const void *value)
{
	u32 key = 0;

	if (fd < 0 || map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &key, (void *)value, 0) ||
	    map_elem(KBPF_IOC_MAP_FREEZE, fd, NULL, NULL, 0))
		return -1;
	return fd;
}

static long load(u32 type, const struct kbpf_insn *insns, u32 len, bool gpl,
		 char *log, u32 log_size, u32 *err_insn)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = type, .insns = (uintptr_t)insns,
		.insn_cnt = len, .license = (uintptr_t)(gpl ? "GPL" : "Proprietary"),
		.log_level = log ? 1 : 0, .log_buf = (uintptr_t)log,
		.log_size = log ? log_size : 0, .fd_array = (uintptr_t)fds,
		.fd_array_cnt = NR_MAPS,
	};
	long ret;

	if (log)
		log[0] = '\0';
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	*err_insn = a.err_insn;
	return ret;
}

/* vtest_maps[] of the table, with the same types, sizes, flags and contents. */
static int make_maps(const struct vrec_header *h)
{
	static const struct kbpf_insn own[] = {
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, KBPF_PSEUDO_MAP_IDX, 0, 5),
		INSN(0, 0, 0, 0, 0), MOV64_IMM(0, 0), EXIT(),
	};
	u32 insn;
	long fd;
	int i;

	fds[0] = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	fds[1] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 48, 1, 0);
	fds[2] = filled_frozen(map_create(KBPF_MAP_TYPE_ARRAY, 4, 16, 1,
					  KBPF_F_RDONLY_PROG), h->str);
	fds[3] = map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	fds[4] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, KBPF_F_WRONLY_PROG);
	fds[5] = map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0);
	fds[6] = filled_frozen(map_create(KBPF_MAP_TYPE_ARRAY, 4, 24, 1,
					  KBPF_F_RDONLY_PROG), h->fmt);
	fds[7] = map_create(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 8, 16, 0);
	for (i = 0; i < NR_MAPS; i++)
		if (fds[i] < 0)
			return -1;
	/* The table's prog_array holds kprobes: its first program fixes that. */
	fd = load(KBPF_PROG_TYPE_KPROBE, own, sizeof(own) / sizeof(own[0]), true, NULL, 0, &insn);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Cases the ioctl cannot mirror here, and why. */
static const char *skip_reason(const struct vrec *r)
{
	if (r->slow)
		return "a million instructions: ioctl_test covers the limit";
	/* The host table sets the record size; the module reads the real one. */
	if (!strncmp(r->name, "ctx/tracepoint_", 15) && strstr(r->name, "record"))
		return "a record size of the table's: guest.sh tp_record_* load against real events";
#if defined(__aarch64__)
	/* struct user_pt_regs is 272 bytes: offset 168 is inside it. */
	if (!strcmp(r->name, "ctx/kprobe_past_end"))
		return "x86_64 pt_regs size";
#endif
	return NULL;
}

/*
 * Helpers only the table's prototypes offer (tests/verifier/verifier_cases.h
 * keeps argument kinds the module's helpers do not all use): probe_read,
 * perf_event_output, strtol, and get_current_comm in socket filters.
 */
static bool table_only_helper(u32 id, u32 type)
{
	return id == 4 || id == 25 || id == 105 ||
	       (id == 16 && type == KBPF_PROG_TYPE_SOCKET_FILTER);
}

/*
 * PROG_LOAD numbers a program's maps in the order it uses them, the
 * table by their place in vtest_maps[]: "map N" compares as "map #".
 */
static void unnumber_maps(char *s)
{
	char *p = s, *d;

	while ((p = strstr(p, "map ")) != NULL) {
		p += 4;
		if (*p < '0' || *p > '9')
			continue;
		*p++ = '#';
		for (d = p; *d >= '0' && *d <= '9'; d++)
			;
		memmove(p, d, strlen(d) + 1);
	}
}

/* Where the module's loader, not the verifier, refuses: its own words. */
static const char *loader_msg(const struct vrec *r)
{
	if (!strcmp(r->name, "map/index_out_of_range"))
		return "fd_array index 9 out of 8";
	if (!strcmp(r->name, "map/fd_not_resolved"))
		return "is not a map";
	return r->msg;
}

/* 1: as expected, 0: not, -1: skipped (a helper of the table only). */
static int run_case(const struct vrec *r, char *log, u32 log_size)
{
	u32 type = r->type ? r->type : KBPF_PROG_TYPE_SOCKET_FILTER, insn, id;
	long ret = load(type, r->insns, r->len, !r->not_gpl, log, log_size, &insn);
	char msg[sizeof(r->msg)];
	const char *u;

	if (ret >= 0) {
		close(ret);
		if (!r->err)
			return 1;
		printf("#   accepted; expected %d at %u: %s\n", r->err, r->err_insn, r->msg);
		return 0;
	}
	u = strstr(log, "unknown helper ");
	if (u && sscanf(u, "unknown helper %u", &id) == 1 && table_only_helper(id, type) &&
	    !strstr(r->msg, "unknown helper"))
		return -1;
	snprintf(msg, sizeof(msg), "%s", loader_msg(r));
	unnumber_maps(msg);
	unnumber_maps(log);
	if (ret == r->err && insn == r->err_insn && strstr(log, msg))
		return 1;
	printf("#   got %ld at %u, expected %d at %u: %s\n#   log end: %s\n", ret, insn,
	       r->err, r->err_insn, msg,
	       strlen(log) > 300 ? log + strlen(log) - 300 : log);
	return 0;
}

int main(int argc, char **argv)
{
	static char log[65536];
	struct vrec_header h;
	struct vrec r;
	u32 i, n = 0, bad = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: verifier_test FILE\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fread(&h, sizeof(h), 1, f) != 1 || h.magic != VREC_MAGIC) {
		fprintf(stderr, "verifier_test: %s: not a verifier table\n", argv[1]);
		return 1;
	}
	dev = open("/dev/kbpf", O_RDWR);
	CHECK(dev >= 0, "open_device");
	if (dev < 0)
		return 1;
	CHECK(!make_maps(&h), "table_maps");
	if (failed)
		return 1;
	for (i = 0; i < h.count; i++) {
		const char *why;
		int ok;

		if (fread(&r, sizeof(r), 1, f) != 1) {
			CHECK(0, "table_complete (%u of %u)", i, h.count);
			break;
		}
		why = skip_reason(&r);
		if (why) {
			printf("ok - " E2E_SUITE "/%s # SKIP %s\n", r.name, why);
			continue;
		}
		ok = run_case(&r, log, sizeof(log));
		if (ok < 0) {
			printf("ok - " E2E_SUITE "/%s # SKIP calls a helper only the table's prototypes have\n",
			       r.name);
			continue;
		}
		n++;
		if (ok) {
			printf("ok - " E2E_SUITE "/%s\n", r.name);
		} else {
			printf("not ok - " E2E_SUITE "/%s\n", r.name);
			failed = 1;
			bad++;
		}
	}
	printf("# verifier table through PROG_LOAD: %u cases, %u failed\n", n, bad);
	fclose(f);
	return failed;
}
