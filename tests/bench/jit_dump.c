// SPDX-License-Identifier: GPL-2.0-only
/*
 * jit_dump: in the stock guest, loads each loop of loops.h into kbpf (jit=1)
 * and into the kernel's own BPF (bpf_jit_enable=1, bpf_jit_harden=0), runs
 * it once for its r0 and prints both JITs' machine code, for
 * tests/bench/native_jit.c to run on the host (the native-jit part of
 * make bench). Output, one record a line:
 *
 *   natjit thunk ADDR                     __x86_return_thunk, or 0
 *   natjit image ENGINE LOOP r0 R0 funcs N
 *   natjit func ENGINE LOOP I addr ADDR len LEN
 *   natjit hex ENGINE LOOP I HEX          up to 32 bytes of function I
 *
 * ENGINE is kbpf or linux. kbpf's image is one function (its subprograms
 * are inside it) and its address is not shown (0); Linux's has one
 * function per subprogram, at the addresses bpf(2) reports.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "../../uapi/linux/kbpf.h"
#include "loops.h"
#include "params.h"

#define MAX_FUNCS	8

static int dev = -1;

static unsigned long long return_thunk(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	unsigned long long addr, found = 0;
	char type, name[256];

	if (!f)
		return 0;
	while (fscanf(f, "%llx %c %255s%*[^\n]", &addr, &type, name) == 3)
		if (!strcmp(name, "__x86_return_thunk")) {
			found = addr;
			break;
		}
	fclose(f);
	return found;
}

static void print_image(const char *engine, const struct bench_loop *l, uint64_t r0,
			const uint8_t *code, const uint64_t *addr,
			const uint32_t *len, uint32_t funcs)
{
	uint32_t f, i;

	printf("natjit image %s %s r0 %llu funcs %u\n", engine, l->name,
	       (unsigned long long)r0, funcs);
	for (f = 0; f < funcs; f++) {
		printf("natjit func %s %s %u addr 0x%llx len %u\n", engine, l->name, f,
		       (unsigned long long)addr[f], len[f]);
		for (i = 0; i < len[f]; i++) {
			if (i % 32 == 0)
				printf("natjit hex %s %s %u ", engine, l->name, f);
			printf("%02x", code[i]);
			if (i % 32 == 31 || i == len[f] - 1)
				printf("\n");
		}
		code += len[f];
	}
}

static int dump_kbpf(const struct bench_loop *l)
{
	struct kbpf_prog_load load = {
		.size = sizeof(load),
		.prog_type = KBPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (uintptr_t)l->insns,
		.insn_cnt = l->len,
		.license = (uintptr_t)"GPL",
	};
	struct kbpf_prog_test_run run = { .size = sizeof(run), .repeat = 1 };
	struct kbpf_prog_dump d = { .size = sizeof(d), .kind = KBPF_DUMP_JITED };
	uint8_t pkt[64] = { 0 };
	uint64_t addr = 0;
	uint8_t *buf = NULL;
	uint32_t code_len;
	int fd = ioctl(dev, KBPF_IOC_PROG_LOAD, &load), ret = -1;

	if (fd < 0) {
		fprintf(stderr, "kbpf refused %s: %s\n", l->name, strerror(errno));
		return -1;
	}
	run.prog_fd = fd;
	run.data_in = (uintptr_t)pkt;
	run.data_size_in = sizeof(pkt);
	d.prog_fd = fd;
	if (ioctl(dev, KBPF_IOC_PROG_TEST_RUN, &run) || ioctl(dev, KBPF_IOC_PROG_DUMP, &d)) {
		fprintf(stderr, "kbpf %s: %s\n", l->name, strerror(errno));
		goto out;
	}
	if (!d.code_len) {
		fprintf(stderr, "kbpf %s: not JITed\n", l->name);
		goto out;
	}
	code_len = d.code_len;
	buf = malloc(d.len);
	d.buf = (uintptr_t)buf;
	d.buf_len = d.len;
	d.code_len = 0;		/* in: 0 */
	if (!buf || ioctl(dev, KBPF_IOC_PROG_DUMP, &d) || d.code_len != code_len) {
		fprintf(stderr, "kbpf %s: dump: %s\n", l->name, strerror(errno));
		goto out;
	}
	print_image("kbpf", l, run.retval, buf, &addr, &d.code_len, 1);
	ret = 0;
out:
	free(buf);
	close(fd);
	return ret;
}

static int linux_info(int fd, struct bpf_prog_info *info)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info = (uintptr_t)info;
	a.info.info_len = sizeof(*info);
	return syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
}

static int dump_linux(const struct bench_loop *l)
{
	uint64_t addr[MAX_FUNCS];
	uint32_t len[MAX_FUNCS];
	struct bpf_prog_info info;
	uint8_t pkt[64] = { 0 };
	uint8_t *buf = NULL;
	union bpf_attr a;
	uint32_t code_len, funcs, f, sum = 0;
	int fd, ret = -1;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)l->insns;
	a.insn_cnt = l->len;
	a.license = (uintptr_t)"GPL";
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0) {
		fprintf(stderr, "Linux refused %s: %s\n", l->name, strerror(errno));
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = (uintptr_t)pkt;
	a.test.data_size_in = sizeof(pkt);
	a.test.repeat = 1;
	memset(&info, 0, sizeof(info));
	if (syscall(__NR_bpf, BPF_PROG_TEST_RUN, &a, sizeof(a)) || linux_info(fd, &info)) {
		fprintf(stderr, "Linux %s: %s\n", l->name, strerror(errno));
		goto out;
	}
	code_len = info.jited_prog_len;
	funcs = info.nr_jited_ksyms ? info.nr_jited_ksyms : 1;
	if (!code_len || funcs > MAX_FUNCS) {
		fprintf(stderr, "Linux %s: %u bytes in %u functions\n", l->name, code_len, funcs);
		goto out;
	}
	buf = malloc(code_len);
	memset(&info, 0, sizeof(info));
	memset(addr, 0, sizeof(addr));
	info.jited_prog_len = code_len;
	info.jited_prog_insns = (uintptr_t)buf;
	info.nr_jited_ksyms = funcs;
	info.jited_ksyms = (uintptr_t)addr;
	info.nr_jited_func_lens = funcs;
	info.jited_func_lens = (uintptr_t)len;
	len[0] = code_len;
	if (!buf || linux_info(fd, &info)) {
		fprintf(stderr, "Linux %s: info: %s\n", l->name, strerror(errno));
		goto out;
	}
	for (f = 0; f < funcs; f++)
		sum += len[f];
	if (sum != code_len || !addr[0]) {
		fprintf(stderr, "Linux %s: function lengths %u of %u bytes, addr 0x%llx\n",
			l->name, sum, code_len, (unsigned long long)addr[0]);
		goto out;
	}
	print_image("linux", l, a.test.retval, buf, addr, len, funcs);
	ret = 0;
out:
	free(buf);
	close(fd);
	return ret;
}

int main(void)
{
	size_t i, n = sizeof(bench_loops) / sizeof(bench_loops[0]);
	char v[32];
	int status = 0;

	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0) {
		perror("/dev/kbpf");
		return 1;
	}
	if (write_file("/sys/module/kbpf/parameters/jit", "1") ||
	    write_file("/proc/sys/net/core/bpf_jit_enable", "1") ||
	    write_file("/proc/sys/net/core/bpf_jit_harden", "0")) {
		perror("enabling the JITs");
		return 1;
	}
	/* kbpf's own constant blinding, if the module has it. */
	write_file("/sys/module/kbpf/parameters/jit_harden", "0");
	if (read_file("/proc/sys/net/core/bpf_jit_enable", v, sizeof(v)) || strcmp(v, "1") ||
	    read_file("/proc/sys/net/core/bpf_jit_harden", v, sizeof(v)) || strcmp(v, "0")) {
		fprintf(stderr, "bpf_jit_enable is not 1 or bpf_jit_harden not 0\n");
		return 1;
	}
	printf("natjit thunk 0x%llx\n", return_thunk());
	for (i = 0; i < n; i++) {
		if (dump_kbpf(&bench_loops[i]))
			status = 1;
		if (dump_linux(&bench_loops[i]))
			status = 1;
	}
	return status;
}
