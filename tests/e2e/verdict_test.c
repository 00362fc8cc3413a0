// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verifier table against the guest kernel's own verifier: every case
 * of tests/verifier/verifier_cases.h (written by gen_verifier) loaded with
 * bpf(2) BPF_PROG_LOAD, same program type, license and helper ids, with
 * Linux maps shaped like the table's (fd_array, as kbpf's PROG_LOAD), as
 * root, and Linux's verdict (accept or refuse) compared with the one the
 * table expects of kbpf (which verifier_test checks through /dev/kbpf).
 * A disagreement passes only if known_divergences[] lists the case with
 * its reason and the reason checks out; a listed case that no longer
 * disagrees fails too, so the list stays true. x86_64 (the table's
 * kprobe context is x86_64's pt_regs).
 *
 *   verdict_test FILE                 the comparison (TAP)
 *   verdict_test bench [REPEAT] FILE  verification time of the accepted
 *                                     cases kbpf explores most, and of the
 *                                     million-instruction ones, kbpf next
 *                                     to Linux (a table, not a test)
 */
#define E2E_SUITE "verdict"
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "e2e.h"
#include "verifier_rec.h"

#define NR_MAPS		8
/* Room past the maps: an out-of-range index reads -1, not the stack. */
#define FD_SLOTS	16
#define LINUX_LOG_STATS	4	/* BPF_LOG_STATS, not in the UAPI header */

static int linux_fds[FD_SLOTS];

/*
 * Where Linux 6.1's verdict differs from kbpf's, and why. Each entry is a
 * deliberate difference or one that follows from what kbpf can prove and
 * Linux 6.1 cannot; kbpf accepting what Linux shows unsafe does not
 * belong here, it gets fixed. Each is checked: where Linux refuses,
 * its log must say @linux_says; where it accepts only because root has
 * CAP_PERFMON (@perfmon), a socket filter loaded with CAP_BPF alone must
 * be refused (tracing programs cannot be loaded without CAP_PERFMON).
 */
struct divergence {
	const char *name;
	const char *why;
	const char *linux_says;	/* Linux refuses, with this in its log */
	bool perfmon;		/* Linux accepts, given CAP_PERFMON only */
};

/* kbpf refuses, Linux accepts. */
static const char WHY_LEAK[] =
	"pointer leak: kbpf refuses it for every loader; Linux allows it with CAP_PERFMON (allow_ptr_leaks)";
static const char WHY_UNINIT[] =
	"reads stack bytes never written: kbpf refuses; Linux lets CAP_PERFMON read them (allow_uninit_stack)";
static const char WHY_LD_IND_PTR[] =
	"a pointer as LD_IND's offset: kbpf refuses (whether the program gets packet data or 0 tells if the pointer's low 32 bits are below the packet length); Linux accepts any register, also without CAP_PERFMON";
static const char WHY_MAP_PTR[] =
	"reads through a map pointer: kbpf's map is no struct bpf_map; Linux lets CAP_PERFMON read its fields by BTF";
static const char WHY_PRINTK[] =
	"kbpf checks trace_printk's r3-r5 against the format (numbers for numeric conversions, never an unwritten register); Linux 6.1 declares r1-r2 only";
static const char WHY_PRINTK_FMT[] =
	"kbpf checks trace_printk's format in read-only memory at load, as snprintf's; Linux 6.1 only when the helper runs (and offers trace_printk only with CAP_PERFMON)";
static const char WHY_TAIL_MIX[] =
	"kbpf refuses tail calls in a program with bpf-to-bpf calls (its interpreter and arm64 JIT cannot combine them, nor can Linux's interpreter); Linux's x86_64 JIT can";
static const char WHY_TP_2048[] =
	"a tracepoint program with no named event reads at most 2048 bytes in kbpf (the zero-padded copy it gets); Linux 6.1 bounds it at PERF_MAX_TRACE_SIZE, 8192";
static const char WHY_TP_RECORD[] =
	"kbpf bounds a tracepoint program's context by the record of the event it names at load; Linux only by PERF_MAX_TRACE_SIZE";
static const char WHY_LINUX_IDS[] =
	"Linux 6.1 bug: pruning compares scalars without their ids (fixed in 6.5), so the path adding an unbounded scalar to the frame pointer is pruned; kbpf requires the ids to correspond";

/* kbpf accepts, Linux refuses. */
static const char WHY_PKT[] =
	"kbpf gives socket filters __sk_buff data/data_end (direct packet access); Linux 6.1 gives them to TC, XDP and the like only";
static const char WHY_ST_CTX[] =
	"kbpf accepts an immediate store (BPF_ST) into a writable __sk_buff field as it accepts STX; Linux 6.1 converts STX context stores only";
static const char WHY_V4[] =
	"cpu v4 instruction (movsx): Linux 6.1 predates it and refuses the encoding";
static const char WHY_SHIFT[] =
	"kbpf masks a shift immediate at or above the width (RFC 9669); Linux refuses it";
static const char WHY_BTF_FUNC[] =
	"bpf_loop callback: Linux 6.1 wants BTF func_info (a static function) for the callback's lddw; the table's programs carry no BTF, which kbpf does not need";
static const char WHY_TABLE_HELPER[] =
	"a helper only the table's prototypes give socket filters (get_current_comm); the module does not either (verifier_test skips it)";
static const char WHY_TAIL_R0[] =
	"kbpf's engines set r0 to -ENOENT when a tail call falls through, so r0 is a number after it; Linux's bpf_tail_call is void and leaves r0 unwritten";
static const char WHY_CALLER_STACK[] =
	"kbpf keeps which frame a stack pointer points into, so a callee may return a pointer into its caller's (live) frame; Linux 6.1 refuses any stack pointer in r0 at a callee's exit";
static const char WHY_MISALIGNED[] =
	"kbpf tracks the stack byte by byte and runs on x86_64 and arm64, where unaligned loads work; Linux tracks 8-byte slots and demands aligned stack access";
static const char WHY_FOLD[] =
	"kbpf computes div, mod (by zero too), neg and byte swaps of known values exactly and proves the branch reading an unwritten register dead; Linux 6.1 makes the result unknown";
static const char WHY_FOLD32[] =
	"kbpf computes 32-bit div/mod of known values exactly and knows be32 is below 2^32; Linux 6.1 makes them unknown and explores the branch reading an unwritten register";
static const char WHY_DIV_BOUND[] =
	"kbpf bounds an unsigned div/mod result (by the dividend, by a constant divisor, 0 for a zero divisor); Linux 6.1 makes it unknown and refuses the pointer arithmetic after it";
static const char WHY_LDABS[] =
	"kbpf bounds a legacy byte load's r0 to 0..255; Linux 6.1 makes it unknown and refuses the stack arithmetic after it";
static const char WHY_SPILL_LINK[] =
	"kbpf links a scalar and its spill (one id; 8 bytes, or fewer for a number that fits), so a bound learned on one bounds the other; Linux 6.1 links register moves only";
static const char WHY_NARROW_SPILL[] =
	"a store into the other bytes of a slot keeps a narrow spill in its first ones (kbpf tracks stack bytes); Linux 6.1 forgets the slot's spill on any write into the slot";
static const char WHY_REG_REG[] =
	"kbpf narrows both sides of a comparison of two unknown registers; Linux 6.1 learns from a register comparison only against a constant";
static const char WHY_JSET_JEQ[] =
	"kbpf decides a jeq from the known bits a jset left; Linux 6.1 from the range only";
static const char WHY_JNE_BOUND[] =
	"kbpf moves a bound past the value a jne excludes at its edge; Linux 6.1 does not";
static const char WHY_CTX_NONNULL[] =
	"kbpf knows the context pointer is never NULL and treats its NULL check's taken side as dead; Linux 6.1 explores it";
static const char WHY_ZERO_REG[] =
	"kbpf takes a comparison with a register known to be 0 as a NULL check; Linux 6.1 only one with the immediate 0";

#define LEAK(n)		{ n, WHY_LEAK, NULL, true }
#define UNINIT(n)	{ n, WHY_UNINIT, NULL, true }
#define PRINTK(n)	{ n, WHY_PRINTK, NULL, true }
#define REFUSED(n, why, says)	{ n, why, says, false }
#define DEAD(n, why)	{ n, why, "R9 !read_ok", false }
#define UNBOUNDED(n, why) { n, why, "with unbounded min value is not allowed", false }

static const struct divergence known_divergences[] = {
	/* kbpf refuses, Linux (root: CAP_PERFMON) accepts. */
	{ "ldabs/ind_pointer_src", WHY_LD_IND_PTR, NULL, false },
	LEAK("leak/return_ctx"),
	LEAK("leak/return_fp"),
	LEAK("leak/fp_via_spill"),
	LEAK("leak/fp_via_atomic_add"),
	LEAK("leak/fp_via_cmpxchg"),
	LEAK("map/store_pointer_into_value"),
	LEAK("map/store_ctx_into_value"),
	LEAK("map/compare_with_number"),
	LEAK("helper/anything_takes_no_pointer"),
	LEAK("snprintf/pointer_in_number_word"),
	LEAK("snprintf/ctx_in_s_word"),
	LEAK("ctx/skb_cb_pointer"),
	LEAK("leak/compare_pointer"),
	LEAK("leak/compare_two_pointers"),
	LEAK("leak/mov32_pointer"),
	LEAK("leak/neg_pointer"),
	LEAK("leak/ctx_minus_stack"),
	LEAK("null/mov32_of_nullable"),
	LEAK("null/compare_with_nonzero_register"),
	LEAK("leak/stack_pointer_into_ringbuf"),
	LEAK("leak/return_map_value"),
	LEAK("leak/return_map"),
	LEAK("leak/stack_minus_caller_stack"),
	LEAK("leak/spilled_pointer_read_by_helper"),
	LEAK("leak/ctx_xchg_into_map_value"),
	LEAK("leak/return_through_subprog"),
	LEAK("leak/cmpxchg_with_pointer_r0"),
	LEAK("stack/partial_overwrite_of_spilled_ptr"),
	LEAK("stack/ptr_top_byte_overwritten"),
	LEAK("stack/ptr_broken_by_variable_store"),
	LEAK("stack/variable_read_over_spilled_ptr"),
	LEAK("atomic/on_spilled_pointer"),
	LEAK("stack/pointer_at_variable_offset"),
	UNINIT("stack/uninit_read"),
	UNINIT("stack/partly_written"),
	UNINIT("stack/variable_offset_uninit"),
	UNINIT("stack/atomic_on_uninit"),
	UNINIT("call/uninit_caller_stack"),
	UNINIT("helper/key_uninit"),
	UNINIT("snprintf/data_uninit"),
	UNINIT("prune/stack_offset_differs"),
	UNINIT("helper/key_partly_written"),
	UNINIT("helper/update_value_partly_written"),
	UNINIT("stack/read_one_byte_below_written"),
	UNINIT("stack/variable_write_initializes_nothing"),
	{ "map/deref_map", WHY_MAP_PTR, NULL, true },
	PRINTK("printk/pointer_as_number"),
	PRINTK("printk/unwritten_argument"),
	PRINTK("printk/pointer_with_stack_format"),
	PRINTK("precision/printk_argument_is_live"),
	{ "printk/format_invalid", WHY_PRINTK_FMT, NULL, true },
	{ "tail/with_local_call", WHY_TAIL_MIX, NULL, false },
	{ "ctx/tracepoint_past_end", WHY_TP_2048, NULL, false },
	{ "ctx/tracepoint_past_record", WHY_TP_RECORD, NULL, false },
	{ "ctx/tracepoint_straddles_record", WHY_TP_RECORD, NULL, false },
	{ "precision/linked_scalars", WHY_LINUX_IDS, NULL, false },

	/* kbpf accepts, Linux refuses. */
	REFUSED("ctx/skb_words_packet_pointers", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/checked_read", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/checked_reversed", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/checked_taken_branch", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/length", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/const_add_after_check", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/var_add_then_own_check", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/jge_check", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/range_kept_through_spill", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("pkt/end_on_left_jge", WHY_PKT, "invalid bpf_context access off=76"),
	REFUSED("ctx/skb_cb_write_read", WHY_ST_CTX, "BPF_ST stores into R1 ctx is not allowed"),
	REFUSED("ctx/skb_words_cb", WHY_ST_CTX, "BPF_ST stores into R1 ctx is not allowed"),
	REFUSED("ctx/skb_cb_last_word", WHY_ST_CTX, "BPF_ST stores into R1 ctx is not allowed"),
	REFUSED("alu/movsx8", WHY_V4, "BPF_MOV uses reserved fields"),
	REFUSED("alu32/movsx8_32_zero_extends", WHY_V4, "BPF_MOV uses reserved fields"),
	REFUSED("alu/shift_amount_masked", WHY_SHIFT, "invalid shift 65"),
	REFUSED("bpf_loop/sum_on_stack", WHY_BTF_FUNC, "missing btf func_info"),
	REFUSED("bpf_loop/stop_returns_count", WHY_BTF_FUNC, "missing btf func_info"),
	REFUSED("bpf_loop/null_ctx_index_bounded", WHY_BTF_FUNC, "missing btf func_info"),
	REFUSED("bpf_loop/nested", WHY_BTF_FUNC, "missing btf func_info"),
	REFUSED("helper/size_range_in_buffer", WHY_TABLE_HELPER, "unknown func bpf_get_current_comm#16"),
	REFUSED("tail/kprobe_falls_through_r0_scalar", WHY_TAIL_R0, "R0 !read_ok"),
	REFUSED("tail/ctx_words_all", WHY_TAIL_R0, "R0 !read_ok"),
	REFUSED("call/return_caller_stack_pointer", WHY_CALLER_STACK,
		"cannot return stack pointer to the caller"),
	REFUSED("stack/misaligned_read_across_scalars", WHY_MISALIGNED, "misaligned stack access"),
	REFUSED("null/compare_with_zero_register", WHY_ZERO_REG,
		"R0 invalid mem access 'map_value_or_null'"),
	DEAD("alu/div_mod_const", WHY_FOLD),
	DEAD("alu/div_by_zero_is_zero", WHY_FOLD),
	DEAD("alu/mod_by_zero_keeps", WHY_FOLD),
	DEAD("alu/neg_xor_or_and", WHY_FOLD),
	DEAD("alu/bswap16", WHY_FOLD),
	DEAD("alu32/div32_of_negative64", WHY_FOLD32),
	DEAD("alu32/mod32_of_negative64", WHY_FOLD32),
	DEAD("alu32/be32_below_4g", WHY_FOLD32),
	DEAD("divmod/mod32_by_zero_reg_zero_extends", WHY_FOLD32),
	DEAD("divmod/div32_by_zero_reg_is_zero", WHY_FOLD32),
	DEAD("bounds/reg_reg_compare", WHY_REG_REG),
	DEAD("dead/jset_clear_bit_learned", WHY_JSET_JEQ),
	DEAD("dead/jne_moves_bound", WHY_JNE_BOUND),
	DEAD("ptr/null_check_of_nonnull_is_dead", WHY_CTX_NONNULL),
	UNBOUNDED("divmod/div_by_unknown_at_most_dividend", WHY_DIV_BOUND),
	UNBOUNDED("divmod/mod_by_unknown_at_most_dividend", WHY_DIV_BOUND),
	UNBOUNDED("divmod/div_by_zero_bounds_unknown", WHY_DIV_BOUND),
	UNBOUNDED("divmod/div_const_range", WHY_DIV_BOUND),
	UNBOUNDED("divmod/mod_const_bounds", WHY_DIV_BOUND),
	UNBOUNDED("ldabs/byte_bounds", WHY_LDABS),
	UNBOUNDED("bounds/linked_through_spill", WHY_SPILL_LINK),
	REFUSED("stack/narrow_spill_linked", WHY_SPILL_LINK,
		"invalid variable-offset read from stack R2 var_off=(0x0; 0xff)"),
	REFUSED("stack/narrow_spill_beside_a_store", WHY_NARROW_SPILL,
		"invalid unbounded variable-offset read from stack R2"),
	{ NULL, NULL, NULL, false },
};

static long sys_bpf(int cmd, union bpf_attr *a)
{
	long ret = syscall(__NR_bpf, cmd, a, sizeof(*a));

	return ret < 0 ? -errno : ret;
}

static int linux_map(u32 type, u32 ks, u32 vs, u32 max, u32 flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = ks;
	a.value_size = vs;
	a.max_entries = max;
	a.map_flags = flags;
	return sys_bpf(BPF_MAP_CREATE, &a);
}

static int linux_filled_frozen(int fd, const void *value)
{
	union bpf_attr a;
	u32 key = 0;

	if (fd < 0)
		return fd;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)value;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &a))
		return -1;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	return sys_bpf(BPF_MAP_FREEZE, &a) ? -1 : fd;
}

/* bpf(2) PROG_LOAD: a descriptor or -errno. */
static long linux_load(u32 type, const struct kbpf_insn *insns, u32 len, bool gpl,
		       u32 log_level, char *log, u32 log_size)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = type;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = len;
	a.license = (uintptr_t)(gpl ? "GPL" : "Proprietary");
	a.fd_array = (uintptr_t)linux_fds;
	if (log) {
		log[0] = '\0';
		a.log_level = log_level;
		a.log_buf = (uintptr_t)log;
		a.log_size = log_size;
	}
	return sys_bpf(BPF_PROG_LOAD, &a);
}

/* The table's vtest_maps[], as Linux maps; fd_array slots past them -1. */
static int linux_maps(const struct vrec_header *h)
{
	/* The table's prog_array holds kprobes: its first program fixes that. */
	static const struct kbpf_insn own[] = {
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, KBPF_PSEUDO_MAP_IDX, 0, 5),
		INSN(0, 0, 0, 0, 0), MOV64_IMM(0, 0), EXIT(),
	};
	long fd;
	int i;

	for (i = 0; i < FD_SLOTS; i++)
		linux_fds[i] = -1;
	linux_fds[0] = linux_map(BPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	linux_fds[1] = linux_map(BPF_MAP_TYPE_ARRAY, 4, 48, 1, 0);
	linux_fds[2] = linux_filled_frozen(linux_map(BPF_MAP_TYPE_ARRAY, 4, 16, 1,
						     BPF_F_RDONLY_PROG), h->str);
	linux_fds[3] = linux_map(BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	linux_fds[4] = linux_map(BPF_MAP_TYPE_ARRAY, 4, 8, 1, BPF_F_WRONLY_PROG);
	linux_fds[5] = linux_map(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0);
	linux_fds[6] = linux_filled_frozen(linux_map(BPF_MAP_TYPE_ARRAY, 4, 24, 1,
						     BPF_F_RDONLY_PROG), h->fmt);
	linux_fds[7] = linux_map(BPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 8, 16, 0);
	for (i = 0; i < NR_MAPS; i++)
		if (linux_fds[i] < 0)
			return -1;
	fd = linux_load(BPF_PROG_TYPE_KPROBE, own, sizeof(own) / sizeof(own[0]), true,
			0, NULL, 0);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static const struct divergence *divergence(const char *name)
{
	const struct divergence *d;

	for (d = known_divergences; d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

/*
 * The line that says why Linux refused: the last one before the
 * "processed N insns" statistics (or the last line at all).
 */
static const char *reason_line(char *log)
{
	char *end = strstr(log, "\nprocessed ");
	char *p;

	if (!end)
		end = log + strlen(log);
	while (end > log && end[-1] == '\n')
		end--;
	*end = '\0';
	p = strrchr(log, '\n');
	return p ? p + 1 : log;
}

/*
 * Effective capabilities: all that are permitted, or CAP_BPF alone (Linux's
 * verifier then runs without allow_ptr_leaks and allow_uninit_stack).
 */
static int cap_bpf_only(bool only)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[0].effective = only ? 0 : data[0].permitted;
	data[1].effective = only ? data[1].permitted & (1U << (CAP_BPF - 32)) :
			    data[1].permitted;
	return syscall(SYS_capset, &hdr, data) ? -1 : 0;
}

/*
 * A listed divergence holds: Linux refuses for the reason the entry says,
 * or accepts only with CAP_PERFMON. 1 if so, 0 if not (said why), and -1
 * if nothing more can be checked (tracing programs need CAP_PERFMON).
 */
static int divergence_holds(const struct divergence *d, const struct vrec *r, u32 type,
			    bool linux_ok, char *log, u32 log_size)
{
	long fd;

	if (!linux_ok) {
		fd = linux_load(type, r->insns, r->len, !r->not_gpl, 1, log, log_size);
		if (fd >= 0)
			close(fd);
		if (d->linux_says && strstr(log, d->linux_says))
			return 1;
		printf("#   linux refuses, but not with \"%s\": %s\n",
		       d->linux_says ? d->linux_says : "(an accept was listed)", reason_line(log));
		return 0;
	}
	if (d->linux_says) {
		printf("#   listed as refused by linux (\"%s\"), but it accepts\n", d->linux_says);
		return 0;
	}
	if (!d->perfmon || type != BPF_PROG_TYPE_SOCKET_FILTER)
		return -1;
	if (cap_bpf_only(true))
		return printf("#   cannot drop to CAP_BPF (errno %d)\n", errno), 0;
	fd = linux_load(type, r->insns, r->len, !r->not_gpl, 0, NULL, 0);
	cap_bpf_only(false);
	if (fd < 0)
		return 1;
	close(fd);
	printf("#   linux accepts it with CAP_BPF alone too: not a CAP_PERFMON relaxation\n");
	return 0;
}

static int compare(FILE *f, const struct vrec_header *h)
{
	static char log[1 << 20];
	u32 i, same = 0, known = 0, strict = 0, bad = 0;
	struct vrec r;

	for (i = 0; i < h->count; i++) {
		const struct divergence *d;
		bool linux_ok, kbpf_ok;
		u32 type;
		long fd;
		int held;

		if (fread(&r, sizeof(r), 1, f) != 1) {
			CHECK(0, "table_complete (%u of %u)", i, h->count);
			return 1;
		}
		type = r.type ? r.type : BPF_PROG_TYPE_SOCKET_FILTER;
		fd = linux_load(type, r.insns, r.len, !r.not_gpl, 0, NULL, 0);
		if (fd >= 0)
			close(fd);
		linux_ok = fd >= 0;
		kbpf_ok = !r.err;
		d = divergence(r.name);
		if (linux_ok == kbpf_ok && !d) {
			printf("ok - " E2E_SUITE "/%s\n", r.name);
			same++;
			continue;
		}
		if (linux_ok != kbpf_ok && d) {
			held = divergence_holds(d, &r, type, linux_ok, log, sizeof(log));
			if (held) {
				printf("ok - " E2E_SUITE "/%s # known divergence%s: %s\n", r.name,
				       held > 0 && linux_ok ? " (refused without CAP_PERFMON)" : "",
				       d->why);
				known++;
				strict += held > 0 && linux_ok;
				continue;
			}
		}
		printf("not ok - " E2E_SUITE "/%s\n", r.name);
		failed = 1;
		bad++;
		if (d && linux_ok == kbpf_ok) {
			printf("#   listed as a divergence (%s), but both %s\n", d->why,
			       linux_ok ? "accept" : "refuse");
			continue;
		}
		if (d)
			continue;
		if (!linux_ok) {
			fd = linux_load(type, r.insns, r.len, !r.not_gpl, 1, log, sizeof(log));
			if (fd >= 0)
				close(fd);
			if (getenv("VERDICT_LOG"))
				printf("%s\n", log);
		}
		printf("#   linux %s, kbpf %s%s\n", linux_ok ? "accepts" : "refuses",
		       kbpf_ok ? "accepts" : "refuses: ", kbpf_ok ? "" : r.msg);
		if (!linux_ok)
			printf("#   linux log: %s\n", reason_line(log));
	}
	printf("# verdicts against Linux 6.1: %u cases, %u the same, %u known divergences "
	       "(%u of them refused by Linux too without CAP_PERFMON), %u not explained\n",
	       h->count, same, known, strict, bad);
	return failed;
}

/* The table's maps in kbpf, for the benchmark (as verifier_test makes them). */
static int kbpf_fds[FD_SLOTS];

static int kbpf_filled_frozen(long fd, const void *value)
{
	u32 key = 0;

	if (fd < 0 || map_elem(KBPF_IOC_MAP_UPDATE_ELEM, fd, &key, (void *)value, 0) ||
	    map_elem(KBPF_IOC_MAP_FREEZE, fd, NULL, NULL, 0))
		return -1;
	return fd;
}

static long kbpf_load(u32 type, const struct kbpf_insn *insns, u32 len, bool gpl,
		      struct kbpf_prog_load *a)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->prog_type = type;
	a->insns = (uintptr_t)insns;
	a->insn_cnt = len;
	a->license = (uintptr_t)(gpl ? "GPL" : "Proprietary");
	a->fd_array = (uintptr_t)kbpf_fds;
	a->fd_array_cnt = NR_MAPS;
	return call(KBPF_IOC_PROG_LOAD, a);
}

static int kbpf_maps(const struct vrec_header *h)
{
	static const struct kbpf_insn own[] = {
		INSN(KBPF_LD | KBPF_IMM | KBPF_DW, 2, KBPF_PSEUDO_MAP_IDX, 0, 5),
		INSN(0, 0, 0, 0, 0), MOV64_IMM(0, 0), EXIT(),
	};
	struct kbpf_prog_load a;
	long fd;
	int i;

	dev = open("/dev/kbpf", O_RDWR);
	if (dev < 0)
		return -1;
	kbpf_fds[0] = map_create(KBPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	kbpf_fds[1] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 48, 1, 0);
	kbpf_fds[2] = kbpf_filled_frozen(map_create(KBPF_MAP_TYPE_ARRAY, 4, 16, 1,
						    KBPF_F_RDONLY_PROG), h->str);
	kbpf_fds[3] = map_create(KBPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	kbpf_fds[4] = map_create(KBPF_MAP_TYPE_ARRAY, 4, 8, 1, KBPF_F_WRONLY_PROG);
	kbpf_fds[5] = map_create(KBPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0);
	kbpf_fds[6] = kbpf_filled_frozen(map_create(KBPF_MAP_TYPE_ARRAY, 4, 24, 1,
						    KBPF_F_RDONLY_PROG), h->fmt);
	kbpf_fds[7] = map_create(KBPF_MAP_TYPE_LRU_PERCPU_HASH, 4, 8, 16, 0);
	for (i = 0; i < NR_MAPS; i++)
		if (kbpf_fds[i] < 0)
			return -1;
	fd = kbpf_load(KBPF_PROG_TYPE_KPROBE, own, sizeof(own) / sizeof(own[0]), true, &a);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 median(u64 *v, u32 n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

#define BENCH_ROWS	8
#define BENCH_MAX_REPEAT 64

struct bench_row {
	struct vrec r;
	u32 processed;		/* kbpf's explored instructions */
};

/*
 * One row: @repeat loads into each verifier. kbpf: its verify_time_ns and
 * the whole PROG_LOAD; Linux: "verification time" from its BPF_LOG_STATS
 * line (microseconds) and the whole BPF_PROG_LOAD without a log.
 */
static void bench_row(const struct bench_row *b, u32 repeat, bool limit)
{
	static char log[4096];
	u64 kv[BENCH_MAX_REPEAT], kl[BENCH_MAX_REPEAT];
	u64 lv[BENCH_MAX_REPEAT], ll[BENCH_MAX_REPEAT];
	u32 type = b->r.type ? b->r.type : BPF_PROG_TYPE_SOCKET_FILTER, i;
	unsigned long long lproc = 0, us = 0;
	struct kbpf_prog_load a = { 0 };
	const char *p;
	u64 t;
	long fd;

	for (i = 0; i < repeat; i++) {
		t = now_ns();
		fd = kbpf_load(type, b->r.insns, b->r.len, !b->r.not_gpl, &a);
		kl[i] = now_ns() - t;
		kv[i] = a.verify_time_ns;
		if (fd >= 0)
			close(fd);
		t = now_ns();
		fd = linux_load(type, b->r.insns, b->r.len, !b->r.not_gpl, 0, NULL, 0);
		ll[i] = now_ns() - t;
		if (fd >= 0)
			close(fd);
		fd = linux_load(type, b->r.insns, b->r.len, !b->r.not_gpl, LINUX_LOG_STATS,
				log, sizeof(log));
		if (fd >= 0)
			close(fd);
		p = strstr(log, "verification time ");
		us = p ? strtoull(p + 18, NULL, 10) : 0;
		p = strstr(log, "processed ");
		lproc = p ? strtoull(p + 10, NULL, 10) : 0;
		lv[i] = us * 1000;
	}
	printf("| %s%s | %u | %u | %.0f | %.0f | %llu | %.0f | %.0f |\n", b->r.name,
	       limit ? " (refused at the limit)" : "", b->r.len, a.insn_processed,
	       median(kv, repeat) / 1000.0, median(kl, repeat) / 1000.0, lproc,
	       median(lv, repeat) / 1000.0, median(ll, repeat) / 1000.0);
}

/*
 * The accepted cases kbpf explores most instructions for (both verifiers
 * accept them), and the cases that explore the million-instruction limit,
 * each loaded into kbpf and into Linux: a Markdown table, not a test.
 */
static int bench(FILE *f, const struct vrec_header *h, u32 repeat)
{
	static struct bench_row top[BENCH_ROWS], slow[4];
	u32 i, j, n = 0, nslow = 0;
	struct bench_row b;
	struct kbpf_prog_load a;
	long fd;

	if (kbpf_maps(h)) {
		fprintf(stderr, "verdict_test: no kbpf maps (errno %d)\n", errno);
		return 1;
	}
	for (i = 0; i < h->count; i++) {
		u32 type;

		if (fread(&b.r, sizeof(b.r), 1, f) != 1)
			return 1;
		type = b.r.type ? b.r.type : BPF_PROG_TYPE_SOCKET_FILTER;
		if (b.r.slow) {
			if (nslow < 4)
				slow[nslow++] = b;
			continue;
		}
		if (b.r.err || divergence(b.r.name))
			continue;
		fd = kbpf_load(type, b.r.insns, b.r.len, !b.r.not_gpl, &a);
		if (fd < 0)
			continue;
		close(fd);
		b.processed = a.insn_processed;
		if (n < BENCH_ROWS)
			n++;
		else if (b.processed <= top[n - 1].processed)
			continue;
		/* Kept sorted, most explored first. */
		for (j = n - 1; j > 0 && top[j - 1].processed < b.processed; j--)
			top[j] = top[j - 1];
		top[j] = b;
	}
	printf("Verification time, kbpf and the guest kernel's own verifier, median of %u loads\n"
	       "(µs; Linux reports whole microseconds; load = the whole PROG_LOAD, JIT included):\n\n",
	       repeat);
	printf("| case | insns | kbpf explored | kbpf verify | kbpf load | Linux explored | "
	       "Linux verify | Linux load |\n|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < n; i++)
		bench_row(&top[i], repeat, false);
	for (i = 0; i < nslow; i++)
		bench_row(&slow[i], repeat < 3 ? repeat : 3, true);
	return 0;
}

int main(int argc, char **argv)
{
	const char *file = argv[argc - 1];
	bool bench_mode = argc >= 3 && !strcmp(argv[1], "bench");
	u32 repeat = argc == 4 ? strtoul(argv[2], NULL, 0) : 15;
	struct vrec_header h;
	FILE *f;
	int null;

	if ((argc != 2 && !bench_mode) || argc > 4 || !repeat || repeat > BENCH_MAX_REPEAT) {
		fprintf(stderr, "usage: verdict_test [bench [REPEAT]] FILE\n");
		return 2;
	}
	/*
	 * map/fd_not_resolved names descriptor 3 in a MAP_FD lddw: keep it
	 * something that is not a map, as verifier_test does.
	 */
	null = open("/dev/null", O_RDONLY);
	f = fopen(file, "rb");
	if (!f || fread(&h, sizeof(h), 1, f) != 1 || h.magic != VREC_MAGIC) {
		fprintf(stderr, "verdict_test: %s: not a verifier table\n", file);
		return 1;
	}
	if (bench_mode) {
		if (null != 3 || linux_maps(&h)) {
			fprintf(stderr, "verdict_test: no Linux maps (errno %d)\n", errno);
			return 1;
		}
		return bench(f, &h, repeat);
	}
	CHECK(null == 3, "fd3_not_a_map");
	CHECK(!linux_maps(&h), "linux_maps");
	if (failed)
		return 1;
	return compare(f, &h);
}
