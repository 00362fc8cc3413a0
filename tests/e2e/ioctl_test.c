// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/kbpf from the outside, as a hostile or careless caller would use
 * it: every command with good, short, long, garbage and faulting
 * arguments. Runs in the guest as root; prints TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#define E2E_SUITE "ioctl"
#include "e2e.h"

static const struct kbpf_insn ret42[] = { MOV64_IMM(0, 42), EXIT() };
static const struct kbpf_insn loop[] = {
	MOV64_IMM(0, 0), ALU64_IMM(ADD, 0, 1), JMP_IMM(JLT, 0, 10, -2), EXIT(),
};

/* r0 never changes: the verifier sees the loop come back unchanged. */
static const struct kbpf_insn forever[] = {
	MOV64_IMM(0, 0), ALU64_IMM(ADD, 0, 0), JMP_IMM(JLT, 0, 10, -2), EXIT(),
};

static struct kbpf_prog_load load_attr(const struct kbpf_insn *insns, u32 cnt)
{
	struct kbpf_prog_load a = {
		.size = sizeof(a),
		.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)insns,
		.insn_cnt = cnt,
		.license = (uintptr_t)"GPL",
	};
	return a;
}

static void test_version(void)
{
	struct { struct kbpf_version v; char extra[8]; } big = { 0 };
	struct kbpf_version v = { .size = sizeof(v) };

	CHECK(call(KBPF_IOC_VERSION, &v) == 0 && v.api_version == KBPF_API_VERSION,
	      "version");
	v = (struct kbpf_version){ .size = 4 };
	CHECK(call(KBPF_IOC_VERSION, &v) == -EINVAL, "version_short_size_einval");
	v = (struct kbpf_version){ .size = 1 << 20 };
	CHECK(call(KBPF_IOC_VERSION, &v) == -E2BIG, "version_huge_size_e2big");
	big.v.size = sizeof(big);
	CHECK(call(KBPF_IOC_VERSION, &big) == 0, "version_newer_struct_zero_tail");
	big = (typeof(big)){ .v.size = sizeof(big), .extra[3] = 1 };
	CHECK(call(KBPF_IOC_VERSION, &big) == -E2BIG, "version_newer_struct_nonzero_tail_e2big");
	v = (struct kbpf_version){ .size = sizeof(v), .reserved = 1 };
	CHECK(call(KBPF_IOC_VERSION, &v) == -EINVAL, "version_reserved_einval");
	CHECK(call(KBPF_IOC_VERSION, NULL) == -EFAULT, "version_null_efault");
	CHECK(call(KBPF_IOC_VERSION, unmapped_page()) == -EFAULT, "version_unmapped_efault");
	CHECK(call(_IO(KBPF_IOC_MAGIC, 0x7f), &v) == -ENOTTY, "unknown_command_enotty");
}

static void test_load_and_run(void)
{
	struct kbpf_prog_load a = load_attr(ret42, 2);
	struct kbpf_prog_test_run r = { .size = sizeof(r) };
	int fd = call(KBPF_IOC_PROG_LOAD, &a);

	CHECK(fd >= 0, "prog_load");
	r.prog_fd = fd;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == 0 && r.retval == 42, "test_run_returns_42");
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = fd, .repeat = 100000 };
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == 0 && r.retval == 42 && r.duration_ns < 100000,
	      "test_run_repeat");
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = fd, .flags = 1 };
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_flags_einval");
	close(fd);
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = fd };
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EBADF, "test_run_closed_fd_ebadf");
	r.prog_fd = open("/dev/null", O_RDONLY);
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_foreign_fd_einval");
	close(r.prog_fd);
	r.prog_fd = dev;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_device_fd_einval");
}

static void test_load_errors(void)
{
	struct kbpf_prog_load a;
	static struct kbpf_insn big[2];

	a = load_attr(unmapped_page(), 2);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EFAULT, "load_unmapped_insns_efault");
	a = load_attr(ret42, 0);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_zero_insns_einval");
	a = load_attr(big, KBPF_MAX_INSNS + 1);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -E2BIG, "load_too_many_insns_e2big");
	a = load_attr(ret42, 2);
	a.flags = 2;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_unknown_flag_einval");
	a = load_attr(ret42, 2);
	a.prog_type = 999;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_unknown_type_einval");
	a = load_attr(ret42, 2);
	strcpy(a.name, "bad name!");
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_bad_name_einval");
	a = load_attr(ret42, 2);
	a.license = (uintptr_t)unmapped_page();
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EFAULT, "load_unmapped_license_efault");
	a = load_attr(ret42, 2);
	a.log_level = 1;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_log_level_without_buffer_einval");
	a.log_buf = (uintptr_t)unmapped_page();
	a.log_size = 4096;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EFAULT, "load_unmapped_log_efault");
}

/*
 * A call chain as long as the instruction limit allows: the verifier must
 * stop at the ninth frame, not recurse down the chain on the kernel stack.
 */
static void test_long_call_chain(void)
{
	static struct kbpf_insn chain[KBPF_MAX_INSNS];
	const struct kbpf_insn call_next = CALL_LOCAL(1), exit_insn = EXIT();
	const struct kbpf_insn ret0 = MOV64_IMM(0, 0);
	struct kbpf_prog_load a;
	u32 i;

	for (i = 0; i + 2 < KBPF_MAX_INSNS; i += 2) {
		chain[i] = call_next;
		chain[i + 1] = exit_insn;
	}
	chain[i] = ret0;
	chain[i + 1] = exit_insn;
	a = load_attr(chain, KBPF_MAX_INSNS);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -E2BIG && a.err_insn == 16,
	      "load_million_insn_call_chain_e2big");
}

/*
 * A loop the verifier would explore past its million-instruction limit:
 * refused with E2BIG in the module as on the host, and a loader killed
 * while the verifier works on it dies promptly instead of holding a CPU.
 */
static void test_complexity_limit(void)
{
	static const struct kbpf_insn spin[] = {
		MOV64_IMM(0, 0), ALU64_IMM(ADD, 0, 1), JMP_IMM(JLT, 0, 1000000, -2), EXIT(),
	};
	struct kbpf_prog_load a = load_attr(spin, 4);
	struct timespec t0, t1;
	int status = 0;
	pid_t pid;

	/* Minutes under KASAN in an emulated guest: the stock guests run it. */
	if (getenv("KBPF_SKIP_SLOW") && *getenv("KBPF_SKIP_SLOW")) {
		printf("ok - ioctl/load_million_explored_insns_e2big # SKIP debug kernel\n");
		printf("ok - ioctl/load_killed_loader_stops_verifying # SKIP debug kernel\n");
		return;
	}
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -E2BIG && a.err_insn == 2,
	      "load_million_explored_insns_e2big");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (!pid) {
		for (;;)
			call(KBPF_IOC_PROG_LOAD, &a);
	}
	usleep(200 * 1000);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(WIFSIGNALED(status) && t1.tv_sec - t0.tv_sec < 5,
	      "load_killed_loader_stops_verifying");
}

/*
 * The context a test run gives: ctx_in, zero-filled to the type's size,
 * back through ctx_out; a socket filter's data and data_end are cleared,
 * so a user-supplied "pointer" never reaches the program.
 */
static void test_run_ctx(void)
{
	static const struct kbpf_insn read_reg[] = {	/* r0 = regs->r14 (offset 8) */
		LDX(DW, 0, 1, 8), EXIT(),
	};
	static const struct kbpf_insn read_pkt[] = {
		LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), MOV64_REG(4, 2),
		ALU64_IMM(ADD, 4, 1), MOV64_IMM(0, 1), JMP_REG(JGT, 4, 3, 1),
		LDX(B, 0, 2, 0), EXIT(),
	};
	static const struct kbpf_insn write_cb[] = {	/* cb[0] = 99 */
		ST(W, 1, 48, 99), MOV64_IMM(0, 0), EXIT(),
	};
	u64 regs[21] = { 0, 0x1122334455667788ULL }, out[64];	/* > any pt_regs */
	u32 skb[48] = { 0 };
	struct kbpf_prog_load a = load_attr(read_reg, 2);
	struct kbpf_prog_test_run r = { .size = sizeof(r) };
	int fd;

	a.prog_type = KBPF_PROG_TYPE_KPROBE;
	fd = call(KBPF_IOC_PROG_LOAD, &a);
	r.prog_fd = fd;
	r.ctx_in = (uintptr_t)regs;
	r.ctx_size_in = sizeof(regs);
	CHECK(fd >= 0 && !call(KBPF_IOC_PROG_TEST_RUN, &r) && r.retval == regs[1],
	      "test_run_kprobe_ctx_in");
	r.ctx_size_in = sizeof(out);
	r.ctx_in = (uintptr_t)out;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_ctx_too_big_einval");
	r.ctx_in = 0;
	r.ctx_size_in = 0;
	CHECK(!call(KBPF_IOC_PROG_TEST_RUN, &r) && r.retval == 0,
	      "test_run_default_ctx_zeroed");
	close(fd);

	/* A packet pointer forged in ctx_in is cleared: no load happens. */
	a = load_attr(read_pkt, 8);
	fd = call(KBPF_IOC_PROG_LOAD, &a);
	skb[19] = 0x1000;		/* data */
	skb[20] = 0xffffffff;		/* data_end */
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = fd,
		.ctx_in = (uintptr_t)skb, .ctx_size_in = sizeof(skb) };
	CHECK(fd >= 0 && !call(KBPF_IOC_PROG_TEST_RUN, &r) && r.retval == 1,
	      "test_run_skb_data_pointers_cleared");
	close(fd);

	a = load_attr(write_cb, 3);
	fd = call(KBPF_IOC_PROG_LOAD, &a);
	memset(skb, 0, sizeof(skb));
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = fd,
		.ctx_out = (uintptr_t)skb, .ctx_size_out = sizeof(skb) };
	CHECK(fd >= 0 && !call(KBPF_IOC_PROG_TEST_RUN, &r) && skb[12] == 99 &&
	      r.ctx_size_out == sizeof(skb), "test_run_ctx_out");
	r.ctx_size_out = 8;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -ENOSPC && r.ctx_size_out == sizeof(skb),
	      "test_run_ctx_out_short_enospc");
	close(fd);
}

/*
 * data_out: a socket filter's packet comes back, what fits of it with
 * ENOSPC if the buffer is short; callers built before data_out (the
 * shorter struct) keep working and never see the new fields written.
 */
static void test_run_data_out(void)
{
	static const struct kbpf_insn first_byte[] = {	/* r0 = data[0], or 1 */
		LDX(W, 2, 1, 76), LDX(W, 3, 1, 80), MOV64_REG(4, 2),
		ALU64_IMM(ADD, 4, 1), MOV64_IMM(0, 1), JMP_REG(JGT, 4, 3, 1),
		LDX(B, 0, 2, 0), EXIT(),
	};
	static const unsigned char pkt[5] = { 0x2a, 1, 2, 3, 4 };
	unsigned char out[16];
	struct kbpf_prog_load a = load_attr(first_byte, 8);
	struct kbpf_prog_test_run r;
	int fd = call(KBPF_IOC_PROG_LOAD, &a), kfd;

	CHECK(fd >= 0, "test_run_data_prog_load");
	memset(out, 0xee, sizeof(out));
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = fd,
		.data_in = (uintptr_t)pkt, .data_size_in = sizeof(pkt),
		.data_out = (uintptr_t)out, .data_size_out = sizeof(out) };
	CHECK(!call(KBPF_IOC_PROG_TEST_RUN, &r) && r.retval == 0x2a &&
	      r.data_size_out == sizeof(pkt) && !memcmp(out, pkt, sizeof(pkt)) &&
	      out[sizeof(pkt)] == 0xee, "test_run_data_out");

	memset(out, 0xee, sizeof(out));
	r.data_size_out = 2;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -ENOSPC && r.retval == 0x2a &&
	      r.data_size_out == sizeof(pkt) && !memcmp(out, pkt, 2) && out[2] == 0xee,
	      "test_run_data_out_short_enospc");

	r.data_size_out = sizeof(out);
	r.data_out = (uintptr_t)unmapped_page();
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EFAULT, "test_run_data_out_unmapped_efault");

	r.data_out = (uintptr_t)out;
	r.data_size_out = 0;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_data_out_zero_size_einval");

	r.data_size_out = sizeof(out);
	r.pad2 = 1;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_pad2_einval");
	r.pad2 = 0;
	r.pad = 1;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_pad_einval");
	r.pad = 0;

	/* No data_in: an empty packet, zero bytes back. */
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = fd,
		.data_out = (uintptr_t)out, .data_size_out = sizeof(out) };
	CHECK(!call(KBPF_IOC_PROG_TEST_RUN, &r) && r.retval == 1 && r.data_size_out == 0,
	      "test_run_data_out_no_packet_empty");

	/* The struct as built before data_out: the tail is neither read nor written. */
	r = (struct kbpf_prog_test_run){ .size = offsetof(struct kbpf_prog_test_run, data_out),
		.prog_fd = fd, .data_in = (uintptr_t)pkt, .data_size_in = sizeof(pkt),
		.data_out = 0xdead0000, .data_size_out = 77, .pad2 = 5 };
	CHECK(!call(KBPF_IOC_PROG_TEST_RUN, &r) && r.retval == 0x2a &&
	      r.data_out == 0xdead0000 && r.data_size_out == 77,
	      "test_run_old_struct_without_data_out");

	/* Only socket filters have a packet. */
	a = load_attr(ret42, 2);
	a.prog_type = KBPF_PROG_TYPE_KPROBE;
	kfd = call(KBPF_IOC_PROG_LOAD, &a);
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = kfd,
		.data_out = (uintptr_t)out, .data_size_out = sizeof(out) };
	CHECK(kfd >= 0 && call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL,
	      "test_run_kprobe_data_out_einval");
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = kfd,
		.data_in = (uintptr_t)pkt, .data_size_in = sizeof(pkt) };
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_kprobe_data_in_einval");
	close(kfd);
	close(fd);
}

/*
 * What every command's struct must survive (dev.c:kbpf_copy_cmd_in and
 * each command's own checks), command by command: a size below the
 * oldest struct, a non-zero tail past the newest, non-zero reserved or
 * pad fields, and descriptors of the wrong kind of object.
 */
static void test_malformed(void)
{
	struct { struct kbpf_prog_load l; char tail[8]; } lt;
	struct { struct kbpf_prog_test_run r; char tail[8]; } rt;
	struct kbpf_prog_load a = load_attr(ret42, 2);
	struct kbpf_prog_test_run r;
	struct kbpf_prog_info info;
	struct kbpf_obj_get_info gi;
	struct kbpf_prog_dump dump;
	struct kbpf_obj_pin p;
	struct kbpf_get_next_id next;
	struct kbpf_insn xl[4];
	int fd, map;

	a.size = offsetof(struct kbpf_prog_load, fd_array) - 8;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_short_size_einval");
	a.size = offsetof(struct kbpf_prog_load, fd_array);
	fd = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(fd >= 0, "load_oldest_struct_size");
	close(fd);
	a = load_attr(ret42, 2);
	a.reserved = 1;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_reserved_einval");
	memset(&lt, 0, sizeof(lt));
	lt.l = load_attr(ret42, 2);
	lt.l.size = sizeof(lt);
	lt.tail[7] = 1;
	CHECK(call(KBPF_IOC_PROG_LOAD, &lt) == -E2BIG, "load_dirty_tail_e2big");
	lt.tail[7] = 0;
	fd = call(KBPF_IOC_PROG_LOAD, &lt);
	CHECK(fd >= 0, "load_newer_struct_zero_tail");

	r = (struct kbpf_prog_test_run){ .size = 8, .prog_fd = fd };
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_short_size_einval");
	r.size = offsetof(struct kbpf_prog_test_run, ctx_in);
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == 0 && r.retval == 42,
	      "test_run_oldest_struct_size");
	memset(&rt, 0, sizeof(rt));
	rt.r = (struct kbpf_prog_test_run){ .size = sizeof(rt), .prog_fd = fd };
	rt.tail[0] = 1;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &rt) == -E2BIG, "test_run_dirty_tail_e2big");
	rt.tail[0] = 0;
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &rt) == 0 && rt.r.retval == 42,
	      "test_run_newer_struct_zero_tail");

	gi = (struct kbpf_obj_get_info){ .size = 4, .fd = fd, .info = (uintptr_t)&info,
					 .info_len = sizeof(info) };
	CHECK(call(KBPF_IOC_OBJ_GET_INFO, &gi) == -EINVAL, "get_info_short_size_einval");
	gi.size = sizeof(gi);
	gi.fd = 9999;
	CHECK(call(KBPF_IOC_OBJ_GET_INFO, &gi) == -EBADF, "get_info_closed_fd_ebadf");

	p = (struct kbpf_obj_pin){ .size = 8, .fd = fd };
	strcpy(p.name, "ioctl/short");
	CHECK(call(KBPF_IOC_OBJ_PIN, &p) == -EINVAL, "pin_short_size_einval");
	CHECK(call(KBPF_IOC_OBJ_GET, &p) == -EINVAL, "obj_get_short_size_einval");

	next = (struct kbpf_get_next_id){ .size = 4, .obj_type = KBPF_OBJ_PROG };
	CHECK(call(KBPF_IOC_GET_NEXT_ID, &next) == -EINVAL, "get_next_id_short_size_einval");

	dump = (struct kbpf_prog_dump){ .size = 8, .prog_fd = fd, .buf = (uintptr_t)xl,
					.buf_len = sizeof(xl) };
	CHECK(call(KBPF_IOC_PROG_DUMP, &dump) == -EINVAL, "dump_short_size_einval");
	dump.size = sizeof(dump);
	dump.code_len = 1;
	CHECK(call(KBPF_IOC_PROG_DUMP, &dump) == -EINVAL, "dump_code_len_in_einval");

	/* A map where a program belongs, and a program where a map does. */
	map = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	CHECK(map >= 0, "malformed_map_create");
	r = (struct kbpf_prog_test_run){ .size = sizeof(r), .prog_fd = map };
	CHECK(call(KBPF_IOC_PROG_TEST_RUN, &r) == -EINVAL, "test_run_map_fd_einval");
	dump = (struct kbpf_prog_dump){ .size = sizeof(dump), .prog_fd = map,
					.buf = (uintptr_t)xl, .buf_len = sizeof(xl) };
	CHECK(call(KBPF_IOC_PROG_DUMP, &dump) == -EINVAL, "dump_map_fd_einval");
	CHECK(map_elem(KBPF_IOC_MAP_LOOKUP_ELEM, fd, &(u32){ 0 }, &(u64){ 0 }, 0) == -EINVAL,
	      "map_lookup_prog_fd_einval");
	close(map);
	close(fd);
}

static void test_verifier_log(void)
{
	struct kbpf_prog_load a = load_attr(loop, 4);
	char log[4096] = "", small[128];
	long ret;

	ret = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(ret >= 0, "load_bounded_loop_accepted");
	if (ret >= 0)
		close(ret);
	a = load_attr(forever, 4);
	a.log_level = 1;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(ret == -EINVAL && a.err_insn == 1 &&
	      strstr(log, "1: r0 += 0: infinite loop detected at insn 1"),
	      "load_endless_loop_rejected_with_log");
	CHECK(a.log_true_size == strlen(log) + 1, "log_true_size_counts_whole_log");
	CHECK(!(a.log_flags & KBPF_LOG_F_TRUNCATED), "log_that_fits_not_flagged_truncated");

	/* A small buffer keeps the end of the log: the reason. */
	memset(small, 'x', sizeof(small));
	a = load_attr(forever, 4);
	a.log_level = 2;
	a.log_buf = (uintptr_t)small;
	a.log_size = sizeof(small);
	call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(small[sizeof(small) - 1] == '\0' && strstr(small, "comes back here in the same state"),
	      "log_truncation_keeps_tail");
	CHECK(a.log_flags == KBPF_LOG_F_TRUNCATED && a.log_true_size > sizeof(small),
	      "log_truncation_flagged");
	a = load_attr(forever, 4);
	a.log_flags = KBPF_LOG_F_TRUNCATED;	/* an out field: ignored on input */
	a.log_level = 1;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && !a.log_flags,
	      "log_flags_ignored_on_input");
	a = load_attr(ret42, 2);
	a.reserved3 = 1;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "load_reserved3_einval");
}

/* Line info for forever[]: strings, records at 0 and 1 (the loop). */
static const char linfo_str[] = "\0/src/loop.c\0int r = 0;\0\tr += 0;";
static const struct kbpf_line_info linfo[] = {
	{ .insn_off = 0, .file_name_off = 1, .line_off = 13, .line_col = 3 << 10 },
	{ .insn_off = 1, .file_name_off = 1, .line_off = 24, .line_col = 4 << 10 | 2 },
};

static struct kbpf_prog_load linfo_attr(struct kbpf_line_info *recs, char *log, u32 size)
{
	struct kbpf_prog_load a = load_attr(forever, 4);

	memcpy(recs, linfo, sizeof(linfo));
	a.line_info = (uintptr_t)recs;
	a.line_info_rec_size = sizeof(recs[0]);
	a.line_info_cnt = 2;
	a.line_info_str = (uintptr_t)linfo_str;
	a.line_info_str_size = sizeof(linfo_str);
	a.log_level = 1;
	a.log_buf = (uintptr_t)log;
	a.log_size = size;
	log[0] = '\0';
	return a;
}

/* Source lines in the log; hostile line info refused, with the reason logged. */
static void test_line_info(void)
{
	struct kbpf_line_info recs[2], out[2];
	struct { struct kbpf_line_info li; u32 extra; } wide[2];
	struct kbpf_prog_dump d = { .size = sizeof(d), .kind = KBPF_DUMP_LINE_INFO };
	struct kbpf_prog_load a;
	char log[4096], dump[128];
	long ret;

	a = linfo_attr(recs, log, sizeof(log));
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(ret == -EINVAL && a.err_insn == 1 &&
	      strstr(log, "; int r = 0; @ loop.c:3\n0: r0 = 0\n; r += 0; @ loop.c:4\n1: r0 += 0\n"),
	      "line_info_source_lines_in_log");
	a = linfo_attr(recs, log, sizeof(log));
	a.line_info = (uintptr_t)unmapped_page();
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EFAULT, "line_info_unmapped_efault");
	a = linfo_attr(recs, log, sizeof(log));
	a.line_info_str = (uintptr_t)unmapped_page();
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EFAULT, "line_info_str_unmapped_efault");
	a = linfo_attr(recs, log, sizeof(log));
	recs[1].insn_off = 0;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL &&
	      strstr(log, "line info: record 1: instruction 0 is not after record 0's 0"),
	      "line_info_not_increasing_einval");
	a = linfo_attr(recs, log, sizeof(log));
	recs[1].insn_off = 4;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && strstr(log, "is past the program's 4"),
	      "line_info_past_end_einval");
	a = linfo_attr(recs, log, sizeof(log));
	recs[0].line_off = sizeof(linfo_str);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && strstr(log, "line offset"),
	      "line_info_string_outside_einval");
	a = linfo_attr(recs, log, sizeof(log));
	a.line_info_str_size--;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && strstr(log, "do not end with a NUL"),
	      "line_info_unterminated_einval");
	a = linfo_attr(recs, log, sizeof(log));
	a.line_info_str_size = KBPF_LINE_INFO_STR_MAX + 1;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -E2BIG, "line_info_strings_too_big_e2big");
	a = linfo_attr(recs, log, sizeof(log));
	a.line_info_rec_size = 8;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && strstr(log, "record size 8"),
	      "line_info_record_size_einval");
	a = linfo_attr(recs, log, sizeof(log));
	a.line_info_cnt = 5;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && strstr(log, "5 records for 4"),
	      "line_info_count_einval");
	a = linfo_attr(recs, log, sizeof(log));
	a.reserved2 = 1;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "line_info_reserved2_einval");
	a = linfo_attr(recs, log, sizeof(log));
	wide[0].li = linfo[0];
	wide[1].li = linfo[1];
	wide[0].extra = 0;
	wide[1].extra = 7;
	a.line_info = (uintptr_t)wide;
	a.line_info_rec_size = sizeof(wide[0]);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -E2BIG && strstr(log, "record 1 has non-zero bytes"),
	      "line_info_record_tail_e2big");
	wide[1].extra = 0;
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL && strstr(log, "; r += 0; @ loop.c:4"),
	      "line_info_longer_records_zero_tail");

	/* Kept with an accepted program: PROG_DUMP gives it back. */
	a = linfo_attr(recs, log, sizeof(log));
	a.insns = (uintptr_t)loop;
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(ret >= 0, "line_info_accepted_program");
	if (ret < 0)
		return;
	d.prog_fd = ret;
	d.buf = (uintptr_t)dump;
	d.buf_len = sizeof(dump);
	CHECK(!call(KBPF_IOC_PROG_DUMP, &d) && d.code_len == sizeof(out) &&
	      d.len == sizeof(out) + sizeof(linfo_str) && !memcmp(dump, linfo, sizeof(out)) &&
	      !memcmp(dump + sizeof(out), linfo_str, sizeof(linfo_str)),
	      "line_info_dump_returns_records_and_strings");
	close(ret);
	/* A caller from before line info sends the shorter struct. */
	a = load_attr(ret42, 2);
	a.size = offsetof(struct kbpf_prog_load, line_info);
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(ret >= 0, "line_info_old_struct_size_accepted");
	if (ret >= 0)
		close(ret);
}

/*
 * Verification statistics: PROG_LOAD's out fields at any log level, the
 * KBPF_LOG_STATS line in the log; callers with the older struct get none.
 */
static void test_verifier_stats(void)
{
	struct kbpf_prog_load a = load_attr(loop, 4);
	char log[4096] = "";
	long ret;

	a.log_level = KBPF_LOG_STATS;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(ret >= 0, "stats_load_accepted");
	if (ret >= 0)
		close(ret);
	CHECK(a.insn_processed > 20 && a.peak_states >= 1 && a.state_bytes > 0 &&
	      a.verify_time_ns > 0, "stats_out_fields");
	CHECK(strstr(log, "stats: ") && strstr(log, " insns processed, ") &&
	      !strstr(log, "0: r0 = 0"), "stats_log_line_only");
	a = load_attr(loop, 4);
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	if (ret >= 0)
		close(ret);
	CHECK(ret >= 0 && a.insn_processed > 20, "stats_without_log");
	a = load_attr(loop, 4);
	a.size = offsetof(struct kbpf_prog_load, attach_target);
	a.insn_processed = 12345;
	ret = call(KBPF_IOC_PROG_LOAD, &a);
	if (ret >= 0)
		close(ret);
	CHECK(ret >= 0 && a.insn_processed == 12345, "stats_old_struct_untouched");
	a = load_attr(loop, 4);
	a.log_level = 8;
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "stats_unknown_log_bit_einval");
	a = load_attr(ret42, 2);
	a.attach_target = (uintptr_t)"sched:sched_switch";
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EINVAL, "target_not_tracepoint_einval");
	a.prog_type = KBPF_PROG_TYPE_TRACEPOINT;
	a.attach_target = (uintptr_t)"sched:no_such_event";
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -ENOENT, "target_unknown_enoent");
	a.attach_target = (uintptr_t)unmapped_page();
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EFAULT, "target_unmapped_efault");
}

/* Both the device's 0600 mode and the capability check turn others away. */
static void test_privilege(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { 0 };
	int status;
	pid_t pid;

	pid = fork();
	if (!pid) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		_exit(open("/dev/kbpf", O_RDWR) < 0 && errno == EACCES ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "nonroot_open_eacces");

	pid = fork();
	if (!pid) {
		syscall(SYS_capget, &hdr, data);
		data[0].effective &= ~(1U << CAP_SYS_ADMIN);
		if (syscall(SYS_capset, &hdr, data))
			_exit(2);
		_exit(open("/dev/kbpf", O_RDWR) < 0 && errno == EPERM ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "root_without_cap_sys_admin_eperm");
}

static long pin(unsigned long cmd, int fd, const char *name,
		struct kbpf_obj_pin *out)
{
	struct kbpf_obj_pin a = { .size = sizeof(a), .fd = fd };

	snprintf(a.name, sizeof(a.name), "%s", name);
	long ret = call(cmd, &a);

	if (out)
		*out = a;
	return ret;
}

static void test_objects(void)
{
	struct kbpf_prog_load a = load_attr(ret42, 2);
	struct kbpf_get_next_id next = { .size = sizeof(next), .obj_type = KBPF_OBJ_PROG };
	struct kbpf_get_fd_by_id byid = { .size = sizeof(byid), .obj_type = KBPF_OBJ_PROG };
	struct kbpf_prog_info info;
	struct { struct kbpf_prog_info info; char tail[16]; } bigger;
	struct kbpf_obj_get_info gi = { .size = sizeof(gi), .info = (uintptr_t)&info,
					.info_len = sizeof(info) };
	struct kbpf_prog_dump dump = { .size = sizeof(dump), .kind = KBPF_DUMP_XLATED };
	struct kbpf_insn xl[4];
	struct kbpf_obj_pin p;
	int fd, fd2, found = 0;
	u32 id;

	strcpy(a.name, "objects");
	fd = call(KBPF_IOC_PROG_LOAD, &a);
	memset(&info, 0, sizeof(info));
	gi.fd = fd;
	CHECK(call(KBPF_IOC_OBJ_GET_INFO, &gi) == 0 && gi.obj_type == KBPF_OBJ_PROG &&
	      info.insn_cnt == 2 && !strcmp(info.name, "objects") && info.id &&
	      (info.flags & KBPF_PROG_INFO_GPL_COMPATIBLE),
	      "get_info");
	id = info.id;
	while (call(KBPF_IOC_GET_NEXT_ID, &next) == 0) {
		found |= next.next_id == id;
		next.start_id = next.next_id;
		next.next_id = 0;
	}
	CHECK(found, "get_next_id_finds_prog");
	byid.id = id;
	fd2 = call(KBPF_IOC_GET_FD_BY_ID, &byid);
	CHECK(fd2 >= 0, "get_fd_by_id");
	close(fd2);

	/* A proprietary license loads, but is not GPL-compatible. */
	a.license = (uintptr_t)"Proprietary";
	fd2 = call(KBPF_IOC_PROG_LOAD, &a);
	gi.fd = fd2;
	memset(&info, 0, sizeof(info));
	CHECK(fd2 >= 0 && call(KBPF_IOC_OBJ_GET_INFO, &gi) == 0 &&
	      !(info.flags & KBPF_PROG_INFO_GPL_COMPATIBLE), "license_not_gpl");
	close(fd2);

	memset(&info, 0, sizeof(info));
	gi = (struct kbpf_obj_get_info){ .size = sizeof(gi), .fd = fd,
					 .info = (uintptr_t)&info, .info_len = 8 };
	CHECK(call(KBPF_IOC_OBJ_GET_INFO, &gi) == 0 && gi.info_len == 8 &&
	      info.type == KBPF_PROG_TYPE_SOCKET_FILTER && info.insn_cnt == 0,
	      "get_info_short_buffer_partial");
	/* A newer, bigger info struct: its unknown tail must be zero. */
	memset(&bigger, 0, sizeof(bigger));
	bigger.tail[5] = 1;
	gi = (struct kbpf_obj_get_info){ .size = sizeof(gi), .fd = fd,
					 .info = (uintptr_t)&bigger, .info_len = sizeof(bigger) };
	CHECK(call(KBPF_IOC_OBJ_GET_INFO, &gi) == -E2BIG, "get_info_dirty_tail_e2big");
	bigger.tail[5] = 0;
	CHECK(call(KBPF_IOC_OBJ_GET_INFO, &gi) == 0 && gi.info_len == sizeof(info),
	      "get_info_bigger_struct_reports_len");
	gi.fd = dev;
	gi.info_len = 8;
	CHECK(call(KBPF_IOC_OBJ_GET_INFO, &gi) == -EINVAL, "get_info_device_fd_einval");

	dump.prog_fd = fd;
	dump.buf = (uintptr_t)xl;
	dump.buf_len = 8;
	CHECK(call(KBPF_IOC_PROG_DUMP, &dump) == 0 && dump.len == 16 && xl[0].imm == 42,
	      "dump_xlated_short_buffer_reports_len");
	dump = (struct kbpf_prog_dump){ .size = sizeof(dump), .prog_fd = fd,
					.kind = 9 };
	CHECK(call(KBPF_IOC_PROG_DUMP, &dump) == -EINVAL, "dump_bad_kind_einval");

	CHECK(pin(KBPF_IOC_OBJ_PIN, fd, "ioctl/test", NULL) == 0, "pin");
	CHECK(pin(KBPF_IOC_OBJ_PIN, fd, "ioctl/test", NULL) == -EEXIST, "pin_twice_eexist");
	CHECK(pin(KBPF_IOC_OBJ_PIN, fd, "bad name", NULL) == -EINVAL, "pin_bad_name_einval");
	CHECK(pin(KBPF_IOC_OBJ_PIN, fd, "", NULL) == -EINVAL, "pin_empty_name_einval");
	CHECK(pin(KBPF_IOC_OBJ_PIN, 9999, "ioctl/x", NULL) == -EBADF, "pin_closed_fd_ebadf");
	close(fd);
	fd = pin(KBPF_IOC_OBJ_GET, 0, "ioctl/test", NULL);
	CHECK(fd >= 0, "obj_get_after_close");
	/* Names sort, so the pin after "ioctl/" is ours. */
	CHECK(pin(KBPF_IOC_PIN_NEXT, 0, "ioctl/", &p) == 0 && !strcmp(p.name, "ioctl/test") &&
	      p.id == id, "pin_next");
	CHECK(pin(KBPF_IOC_PIN_NEXT, 0, "ioctl/test", &p) == -ENOENT, "pin_next_end_enoent");
	CHECK(pin(KBPF_IOC_OBJ_UNPIN, 0, "ioctl/test", NULL) == 0, "unpin");
	CHECK(pin(KBPF_IOC_OBJ_UNPIN, 0, "ioctl/test", NULL) == -ENOENT, "unpin_twice_enoent");
	CHECK(pin(KBPF_IOC_OBJ_GET, 0, "ioctl/test", NULL) == -ENOENT, "obj_get_missing_enoent");
	close(fd);
	/* Last reference gone: the id is free and no longer resolves. */
	usleep(100000);
	CHECK(call(KBPF_IOC_GET_FD_BY_ID, &byid) == -ENOENT, "get_fd_by_freed_id_enoent");
	byid.obj_type = 77;
	CHECK(call(KBPF_IOC_GET_FD_BY_ID, &byid) == -EINVAL, "get_fd_by_id_bad_type_einval");
}

/* Reads module parameter @name into *@old and sets it to @val. */
static int param_swap(const char *name, long val, long *old)
{
	char path[128];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/sys/module/kbpf/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fscanf(f, "%ld", old) == 1;
	fclose(f);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = ok && fprintf(f, "%ld\n", val) > 0;
	return fclose(f) || !ok ? -1 : 0;
}

static long quota_link(int prog)
{
	struct kbpf_link_create a = {
		.size = sizeof(a), .prog_fd = prog,
		.attach_type = KBPF_ATTACH_RAW_TRACEPOINT,
		.target = (uintptr_t)"task_rename", .nr_args = 2,
	};

	return call(KBPF_IOC_LINK_CREATE, &a);
}

/*
 * Per-user limits: a user (the real uid; this process keeps euid 0 and
 * its capabilities) holding the most its limit allows gets EDQUOT, another
 * user does not, and closing gives the charge back at once.
 */
static void test_quota(void)
{
	static const char * const names[] = {
		"max_maps_per_user", "max_progs_per_user", "max_links_per_user",
		"max_mem_per_user_mb",
	};
	static const long limits[] = { 3, 2, 1, 1 };
	struct kbpf_prog_load a = load_attr(ret42, 2);
	long old[4] = { -1, -1, -1, -1 };
	int fds[3], fd, i, n;
	bool set = true;

	for (i = 0; i < 4; i++)
		set = set && !param_swap(names[i], limits[i], &old[i]);
	CHECK(set, "quota_parameters_writable");
	if (!set || setresuid(4242, -1, -1))
		goto out;
	for (n = 0; n < 3; n++) {
		fds[n] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
		if (fds[n] < 0)
			break;
	}
	CHECK(n == 3, "quota_maps_up_to_the_limit");
	CHECK(map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0) == -EDQUOT,
	      "quota_map_over_the_limit_edquot");
	if (!setresuid(4243, -1, -1)) {
		fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
		CHECK(fd >= 0, "quota_another_user_unaffected");
		close(fd);
	}
	if (setresuid(4242, -1, -1))
		goto out;
	if (n > 0) {
		close(fds[0]);
		fds[0] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
		CHECK(fds[0] >= 0, "quota_given_back_at_close");
	}
	while (n-- > 0)
		close(fds[n]);

	/* 1 MiB: 2 MiB of array at once, or 800 KiB twice, do not fit. */
	CHECK(map_create(KBPF_MAP_TYPE_ARRAY, 4, 4096, 512, 0) == -EDQUOT,
	      "quota_memory_big_map_edquot");
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 4096, 200, 0);
	CHECK(fd >= 0, "quota_memory_within");
	CHECK(map_create(KBPF_MAP_TYPE_ARRAY, 4, 4096, 200, 0) == -EDQUOT,
	      "quota_memory_sum_edquot");
	close(fd);

	fds[0] = call(KBPF_IOC_PROG_LOAD, &a);
	fds[1] = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(fds[0] >= 0 && fds[1] >= 0, "quota_progs_up_to_the_limit");
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -EDQUOT, "quota_prog_over_the_limit_edquot");
	close(fds[1]);
	a.prog_type = KBPF_PROG_TYPE_RAW_TRACEPOINT;
	fds[1] = call(KBPF_IOC_PROG_LOAD, &a);
	fd = quota_link(fds[1]);
	CHECK(fds[1] >= 0 && fd >= 0, "quota_link_within");
	CHECK(quota_link(fds[1]) == -EDQUOT, "quota_link_over_the_limit_edquot");
	close(fd);
	close(fds[1]);
	close(fds[0]);
out:
	if (setresuid(0, -1, -1))
		CHECK(0, "quota_back_to_root");
	for (i = 0; i < 4; i++)
		if (old[i] >= 0)
			param_swap(names[i], old[i], &(long){ 0 });
}

/*
 * Translated code carries the addresses engines load (maps, their values):
 * the dump gives them back as the program's own map indexes, even in a
 * buffer that ends inside the instruction; native code, which embeds them,
 * only to a caller the kernel would show addresses to (CAP_SYSLOG).
 */
static void test_dump_hides_addresses(void)
{
	int map = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	struct kbpf_insn prog[] = {
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, map),
		INSN(0, 0, 0, 0, 0),
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, KBPF_PSEUDO_MAP_VALUE, 0, map),
		INSN(0, 0, 0, 0, 4),
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 3, 0, 0, 0x55667788),
		INSN(0, 0, 0, 0, 0x11223344),
		MOV64_IMM(0, 0), EXIT(),
	};
	struct kbpf_prog_load a = {
		.size = sizeof(a), .prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)prog, .insn_cnt = 8,
		.license = (uintptr_t)"GPL",
	};
	struct kbpf_prog_dump d = { .size = sizeof(d), .kind = KBPF_DUMP_XLATED };
	struct kbpf_insn out[8];
	unsigned char part[23];
	int fd, status;
	pid_t pid;

	fd = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(map >= 0 && fd >= 0, "dump_addresses_program_loads");
	if (map < 0 || fd < 0)
		goto out;
	d.prog_fd = fd;
	d.buf = (uintptr_t)out;
	d.buf_len = sizeof(out);
	CHECK(call(KBPF_IOC_PROG_DUMP, &d) == 0 && d.len == sizeof(out) &&
	      out[0].src_reg == KBPF_PSEUDO_MAP_IDX && out[0].imm == 0 && out[1].imm == 0 &&
	      out[2].src_reg == KBPF_PSEUDO_MAP_IDX_VALUE && out[2].imm == 0 &&
	      out[3].imm == 4 && out[4].src_reg == 0 && out[4].imm == 0x55667788 &&
	      out[5].imm == 0x11223344,
	      "dump_xlated_shows_map_indexes_not_addresses");

	memset(part, 0xaa, sizeof(part));
	d.buf = (uintptr_t)part;
	d.buf_len = sizeof(part);
	CHECK(call(KBPF_IOC_PROG_DUMP, &d) == 0 && !part[20] && !part[21] && !part[22],
	      "dump_xlated_scrubs_an_instruction_cut_by_the_buffer");

	if (!prog_jited(fd))
		goto out;
	pid = fork();
	if (!pid) {
		struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct data[2] = { 0 };
		struct kbpf_prog_dump j = { .size = sizeof(j), .prog_fd = fd,
					    .kind = KBPF_DUMP_JITED };

		syscall(SYS_capget, &hdr, data);
		data[CAP_SYSLOG / 32].effective &= ~(1U << (CAP_SYSLOG % 32));
		if (syscall(SYS_capset, &hdr, data))
			_exit(2);
		d.buf = (uintptr_t)out;
		d.buf_len = sizeof(out);
		_exit(call(KBPF_IOC_PROG_DUMP, &j) == -EPERM &&
		      call(KBPF_IOC_PROG_DUMP, &d) == 0 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "dump_jited_needs_cap_syslog");
out:
	if (fd >= 0)
		close(fd);
	if (map >= 0)
		close(map);
}

#define MEMCG_ROOT	"/sys/fs/cgroup"
#define MEMCG_DIR	MEMCG_ROOT "/kbpf_memcg"
#define MEMCG_MAX	(4 << 20)

static int write_str(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(val, f) >= 0;
	return fclose(f) || !ok ? -1 : 0;
}

/* A number from a cgroup file, or after "@key " in a key-value one. */
static long long memcg_read(const char *file, const char *key)
{
	char path[128], k[64];
	long long v = -1, x;
	FILE *f;

	snprintf(path, sizeof(path), MEMCG_DIR "/%s", file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!key) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
	} else {
		while (fscanf(f, "%63s %lld", k, &x) == 2)
			if (!strcmp(k, key))
				v = x;
	}
	fclose(f);
	return v;
}

/*
 * In a memory cgroup whose memory.max is 4 MiB: a map's memory is charged
 * to it, and a map or program too big for what is left fails with ENOMEM,
 * without the memory cgroup's OOM killer (the loader survives, no OOM
 * report reaches the console). The instructions are written before the
 * child joins the group, so only the module's allocations count.
 */
static void memcg_child(struct kbpf_insn *big, u32 cnt)
{
	struct kbpf_prog_load a = load_attr(big, cnt);
	long long c0, c1;
	int fd;

	if (write_str("/proc/self/oom_score_adj", "-1000") ||
	    write_str(MEMCG_DIR "/cgroup.procs", "0"))
		_exit(2);
	c0 = memcg_read("memory.current", NULL);
	fd = map_create(KBPF_MAP_TYPE_ARRAY, 4, 1024, 1024, 0);
	c1 = memcg_read("memory.current", NULL);
	CHECK(fd >= 0 && c0 >= 0 && c1 - c0 >= (1 << 20),
	      "memcg_map_charged (%lld bytes for a 1 MiB array)", c1 - c0);
	CHECK(map_create(KBPF_MAP_TYPE_HASH, 8, 4096, 8192, 0) == -ENOMEM,
	      "memcg_big_map_enomem");
	CHECK(call(KBPF_IOC_PROG_LOAD, &a) == -ENOMEM, "memcg_big_prog_enomem");
	close(fd);
	a = load_attr(ret42, 2);
	fd = call(KBPF_IOC_PROG_LOAD, &a);
	CHECK(fd >= 0, "memcg_small_prog_loads");
	close(fd);
	_exit(failed);
}

/*
 * Loads a socket filter returning the 8-byte value at @key in @map, or 7
 * if there is none, and test-runs it once: the fd (the run's r0 in
 * *@retval, ~0 if the run failed), or the load's error.
 */
static int load_lookup(int map, u32 key, u64 *retval)
{
	struct kbpf_insn prog[] = {
		ST(W, 10, -4, (s32)key),
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 1, KBPF_PSEUDO_MAP_FD, 0, map),
		INSN(0, 0, 0, 0, 0),
		MOV64_REG(2, 10),
		ALU64_IMM(ADD, 2, -4),
		CALL_HELPER(1),
		MOV64_IMM(6, 7),
		JMP_IMM(JEQ, 0, 0, 1),
		LDX(DW, 6, 0, 0),
		MOV64_REG(0, 6),
		EXIT(),
	};
	struct kbpf_prog_load a = load_attr(prog, sizeof(prog) / sizeof(prog[0]));
	struct kbpf_prog_test_run r = { .size = sizeof(r) };
	unsigned char pkt[64] = { 0 };
	int fd = call(KBPF_IOC_PROG_LOAD, &a);

	*retval = ~0ULL;
	if (fd < 0)
		return fd;
	r.prog_fd = fd;
	r.data_in = (uintptr_t)pkt;
	r.data_size_in = sizeof(pkt);
	if (call(KBPF_IOC_PROG_TEST_RUN, &r) == 0)
		*retval = r.retval;
	return fd;
}

/*
 * An array lookup is inlined after verification (verifier/fixup.c): the
 * translated program has no call left and, like every lddw, dumps
 * without the map's kernel address; the values come from r1 (the map)
 * at run time. Keys 1 and 63 of a 64-entry array are found, 64 and
 * 0xffffffff are not, in whichever engine the module runs.
 */
static void test_inlined_lookup(void)
{
	int map = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 64, 0);
	const u32 keys[] = { 1, 63, 64, 0xffffffff };
	const u64 want[] = { 1001, 1063, 7, 7 };
	struct kbpf_insn out[32];
	struct kbpf_prog_dump d = { .size = sizeof(d), .kind = KBPF_DUMP_XLATED,
				    .buf = (uintptr_t)out, .buf_len = sizeof(out) };
	u32 i, k, calls, addrs;
	u64 v;

	CHECK(map >= 0, "inlined_lookup_map");
	if (map < 0)
		return;
	for (k = 0; k < 64; k++) {
		v = 1000 + k;
		map_elem(KBPF_IOC_MAP_UPDATE_ELEM, map, &k, &v, 0);
	}
	for (i = 0; i < 4; i++) {
		u64 got = 0;
		int fd = load_lookup(map, keys[i], &got);

		CHECK(fd >= 0 && got == want[i],
		      "inlined_lookup_key_%u_gives_%llu (%llu)", keys[i],
		      (unsigned long long)want[i], (unsigned long long)got);
		if (fd < 0)
			continue;
		memset(out, 0, sizeof(out));
		d.prog_fd = fd;
		calls = addrs = 0;
		CHECK(call(KBPF_IOC_PROG_DUMP, &d) == 0 && d.len == (11 + 12) * sizeof(out[0]),
		      "inlined_lookup_%u_xlated_23_instructions (%u bytes)", i, d.len);
		for (k = 0; k < d.len / sizeof(out[0]) && k < sizeof(out) / sizeof(out[0]); k++) {
			calls += out[k].code == (KBPF_JMP | KBPF_CALL);
			/*
			 * Only an lddw holds 64 bits; the program has none
			 * but the map's, so one loading a plain number would
			 * be an address.
			 */
			if (out[k].code == (KBPF_LD | KBPF_IMM | KBPF_DW)) {
				addrs += out[k].src_reg != KBPF_PSEUDO_MAP_IDX;
				k++;
			}
		}
		CHECK(!calls && !addrs && out[1].src_reg == KBPF_PSEUDO_MAP_IDX &&
		      out[1].imm == 0 && out[2].imm == 0,
		      "inlined_lookup_%u_xlated_has_no_call_and_no_address (%u calls, %u addresses)",
		      i, calls, addrs);
		close(fd);
	}
	close(map);
}

/*
 * map_lookup_elem of a hash map the verifier saw on every path becomes a
 * call of kbpf's direct hash lookup (helper 227, helpers.md): present and
 * absent keys give what the map holds, and the dump shows the call.
 */
static void test_direct_hash_lookup(void)
{
	int map = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	const u32 keys[] = { 3, 4 };
	const u64 want[] = { 33, 7 };
	struct kbpf_insn out[16];
	struct kbpf_prog_dump d = { .size = sizeof(d), .kind = KBPF_DUMP_XLATED,
				    .buf = (uintptr_t)out, .buf_len = sizeof(out) };
	u32 i, k = 3;
	u64 v = 33;

	CHECK(map >= 0 && map_elem(KBPF_IOC_MAP_UPDATE_ELEM, map, &k, &v, 0) == 0,
	      "direct_hash_lookup_map");
	if (map < 0)
		return;
	for (i = 0; i < 2; i++) {
		u64 got = 0;
		int fd = load_lookup(map, keys[i], &got);

		CHECK(fd >= 0 && got == want[i],
		      "direct_hash_lookup_key_%u_gives_%llu (%llu)", keys[i],
		      (unsigned long long)want[i], (unsigned long long)got);
		if (fd < 0)
			continue;
		memset(out, 0, sizeof(out));
		d.prog_fd = fd;
		CHECK(call(KBPF_IOC_PROG_DUMP, &d) == 0 && d.len == 11 * sizeof(out[0]) &&
		      out[5].code == (KBPF_JMP | KBPF_CALL) && !out[5].src_reg &&
		      out[5].imm == 227,
		      "direct_hash_lookup_%u_xlated_calls_227 (imm %d)", i, out[5].imm);
		close(fd);
	}
	close(map);
}

static void test_memcg(void)
{
	u32 cnt = KBPF_MAX_INSNS, i;
	struct kbpf_insn *big;
	char max[32];
	int status;
	pid_t pid;

	mkdir(MEMCG_ROOT, 0755);
	if (mount("cgroup2", MEMCG_ROOT, "cgroup2", 0, NULL) && errno != EBUSY) {
		CHECK(0, "memcg_cgroup2_mount");
		return;
	}
	snprintf(max, sizeof(max), "%d", MEMCG_MAX);
	rmdir(MEMCG_DIR);
	if (write_str(MEMCG_ROOT "/cgroup.subtree_control", "+memory") ||
	    mkdir(MEMCG_DIR, 0755) || write_str(MEMCG_DIR "/memory.max", max)) {
		CHECK(0, "memcg_group_with_memory_max");
		return;
	}
	big = malloc(cnt * sizeof(*big));
	if (!big) {
		CHECK(0, "memcg_program_buffer");
		return;
	}
	for (i = 0; i < cnt - 1; i++)
		big[i] = (struct kbpf_insn)MOV64_IMM(0, 0);
	big[cnt - 1] = (struct kbpf_insn)EXIT();
	fflush(stdout);
	pid = fork();
	if (!pid)
		memcg_child(big, cnt);
	waitpid(pid, &status, 0);
	free(big);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "memcg_loader_not_killed (status 0x%x)", status);
	CHECK(memcg_read("memory.events", "max") > 0 &&
	      memcg_read("memory.events", "oom") == 0 &&
	      memcg_read("memory.events", "oom_kill") == 0,
	      "memcg_limit_hit_without_oom (max %lld, oom %lld, oom_kill %lld)",
	      memcg_read("memory.events", "max"), memcg_read("memory.events", "oom"),
	      memcg_read("memory.events", "oom_kill"));
	rmdir(MEMCG_DIR);
}

int main(void)
{
	dev = open("/dev/kbpf", O_RDWR);
	CHECK(dev >= 0, "open_device");
	if (dev < 0)
		return 1;
	test_version();
	test_load_and_run();
	test_load_errors();
	test_verifier_log();
	test_line_info();
	test_verifier_stats();
	test_complexity_limit();
	test_run_ctx();
	test_run_data_out();
	test_malformed();
	test_long_call_chain();
	test_objects();
	test_privilege();
	test_quota();
	test_dump_hides_addresses();
	test_inlined_lookup();
	test_direct_hash_lookup();
	test_memcg();
	close(dev);
	return failed;
}
