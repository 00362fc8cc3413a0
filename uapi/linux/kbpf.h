/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kbpf: an eBPF virtual machine as a loadable module.
 *
 * User space talks to kbpf through the misc device /dev/kbpf. Opening it
 * requires CAP_SYS_ADMIN. Every command is one ioctl on that device with
 * its own argument struct:
 *
 *  - Each struct starts with a __u32 @size that user space sets to
 *    sizeof() of the struct it was compiled with. The module accepts
 *    smaller (older) structs, treating missing fields as zero, and larger
 *    (newer) ones as long as every byte it does not know is zero;
 *    otherwise the command fails with E2BIG.
 *  - Fields named reserved must be zero (EINVAL otherwise).
 *  - Pointers travel as __aligned_u64.
 *  - Objects (programs, later maps and links) are file descriptors: an
 *    object lives while a descriptor or another user holds it.
 *
 * KBPF_IOC_VERSION (struct kbpf_version)
 *	Reports the API version and what this build of the module supports.
 *
 * KBPF_IOC_PROG_LOAD (struct kbpf_prog_load)
 *	Verifies a program and returns a new program descriptor. The
 *	verifier's log goes to @log_buf; @log_true_size reports how long the
 *	whole log was, and on rejection @err_insn names the instruction.
 *	Optional line info (struct kbpf_line_info) puts C source lines in
 *	the log and in PROG_DUMP.
 *
 * KBPF_IOC_MAP_CREATE (struct kbpf_map_create)
 *	Creates a map and returns a new map descriptor.
 *
 * KBPF_IOC_MAP_{LOOKUP,UPDATE,DELETE}_ELEM, MAP_GET_NEXT_KEY,
 * MAP_LOOKUP_AND_DELETE_ELEM, MAP_FREEZE (struct kbpf_map_elem) and
 * MAP_{LOOKUP,LOOKUP_AND_DELETE,UPDATE,DELETE}_BATCH (struct kbpf_map_batch)
 *	Reach a map's elements from user space, with Linux's errnos.
 *
 * KBPF_IOC_PROG_TEST_RUN (struct kbpf_prog_test_run)
 *	Runs a loaded program @repeat times (at least once) and reports its
 *	return value and the mean run time in nanoseconds. The program's
 *	context starts as @ctx_in (zero-filled to the type's context size)
 *	and ends up in @ctx_out; a socket filter's packet comes from
 *	@data_in and goes back through @data_out.
 *
 * Instruction encoding: struct kbpf_insn and the opcode constants below
 * are the eBPF encoding of RFC 9669, identical to Linux's struct bpf_insn,
 * so output of clang -target bpf runs unchanged.
 */
#ifndef _UAPI_LINUX_KBPF_H
#define _UAPI_LINUX_KBPF_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KBPF_API_VERSION	1
#define KBPF_DEVICE_NAME	"kbpf"

/* Instruction classes */
#define KBPF_LD		0x00
#define KBPF_LDX	0x01
#define KBPF_ST		0x02
#define KBPF_STX	0x03
#define KBPF_ALU	0x04
#define KBPF_JMP	0x05
#define KBPF_JMP32	0x06
#define KBPF_ALU64	0x07
#define KBPF_CLASS(code)	((code) & 0x07)

/* Source operand */
#define KBPF_K		0x00
#define KBPF_X		0x08
#define KBPF_SRC(code)	((code) & 0x08)

/* Byte swap direction, in the source bit of ALU/ALU64 END */
#define KBPF_TO_LE	0x00
#define KBPF_TO_BE	0x08

/* Arithmetic operations */
#define KBPF_ADD	0x00
#define KBPF_SUB	0x10
#define KBPF_MUL	0x20
#define KBPF_DIV	0x30
#define KBPF_OR		0x40
#define KBPF_AND	0x50
#define KBPF_LSH	0x60
#define KBPF_RSH	0x70
#define KBPF_NEG	0x80
#define KBPF_MOD	0x90
#define KBPF_XOR	0xa0
#define KBPF_MOV	0xb0
#define KBPF_ARSH	0xc0
#define KBPF_END	0xd0
#define KBPF_OP(code)	((code) & 0xf0)

/* Jump operations */
#define KBPF_JA		0x00
#define KBPF_JEQ	0x10
#define KBPF_JGT	0x20
#define KBPF_JGE	0x30
#define KBPF_JSET	0x40
#define KBPF_JNE	0x50
#define KBPF_JSGT	0x60
#define KBPF_JSGE	0x70
#define KBPF_CALL	0x80
#define KBPF_EXIT	0x90
#define KBPF_JLT	0xa0
#define KBPF_JLE	0xb0
#define KBPF_JSLT	0xc0
#define KBPF_JSLE	0xd0

/* Load and store sizes and modes */
#define KBPF_W		0x00
#define KBPF_H		0x08
#define KBPF_B		0x10
#define KBPF_DW		0x18
#define KBPF_SIZE(code)	((code) & 0x18)
#define KBPF_IMM	0x00
#define KBPF_ABS	0x20
#define KBPF_IND	0x40
#define KBPF_MEM	0x60
#define KBPF_MEMSX	0x80
#define KBPF_ATOMIC	0xc0
#define KBPF_MODE(code)	((code) & 0xe0)

/* Atomic operations, in imm of STX ATOMIC */
#define KBPF_FETCH	0x01
#define KBPF_XCHG	(0xe0 | KBPF_FETCH)
#define KBPF_CMPXCHG	(0xf0 | KBPF_FETCH)

/* src_reg of a 64-bit immediate load (lddw) */
#define KBPF_PSEUDO_MAP_FD	1
#define KBPF_PSEUDO_MAP_VALUE	2
#define KBPF_PSEUDO_MAP_IDX	5
#define KBPF_PSEUDO_MAP_IDX_VALUE 6
/* lddw of a subprogram's address (a callback); imm as a call's */
#define KBPF_PSEUDO_FUNC	4

/* src_reg of a call */
#define KBPF_PSEUDO_CALL	1

#define KBPF_REG_COUNT		11	/* r0 - r10 */
#define KBPF_STACK_SIZE		512	/* combined over all frames */
#define KBPF_MAX_INSNS		1000000
#define KBPF_MAX_CALL_FRAMES	8
#define KBPF_OBJ_NAME_LEN	16

struct kbpf_insn {
	__u8	code;
	__u8	dst_reg:4;
	__u8	src_reg:4;
	__s16	off;
	__s32	imm;
};

/* Program types; numbers match Linux's enum bpf_prog_type. */
enum kbpf_prog_type {
	KBPF_PROG_TYPE_UNSPEC		= 0,
	KBPF_PROG_TYPE_SOCKET_FILTER	= 1,
	KBPF_PROG_TYPE_KPROBE		= 2,
	KBPF_PROG_TYPE_TRACEPOINT	= 5,
	KBPF_PROG_TYPE_RAW_TRACEPOINT	= 17,
};

#define KBPF_IOC_MAGIC	0xbf

/* Features reported in kbpf_version.features */
#define KBPF_FEAT_INTERPRETER	(1U << 0)
#define KBPF_FEAT_JIT		(1U << 1)	/* a code generator for this CPU */

struct kbpf_version {
	__u32	size;
	__u32	api_version;		/* out: KBPF_API_VERSION */
	__u32	features;		/* out: KBPF_FEAT_* */
	__u32	reserved;
	char	module_version[32];	/* out: NUL-terminated */
};

struct kbpf_prog_load {
	__u32	size;
	__u32	prog_type;		/* enum kbpf_prog_type */
	__aligned_u64 insns;		/* struct kbpf_insn[insn_cnt] */
	__u32	insn_cnt;
	__u32	log_level;		/* KBPF_LOG_* bits; 0: no log */
	__aligned_u64 license;		/* NUL-terminated string */
	__aligned_u64 log_buf;		/* user buffer for the verifier log */
	__u32	log_size;
	__u32	log_true_size;		/* out: bytes the whole log needed */
	char	name[KBPF_OBJ_NAME_LEN];
	__u32	flags;			/* KBPF_PROG_LOAD_F_* */
	__u32	err_insn;		/* out: failing instruction, or ~0 */
	/* Since maps: descriptors lddw MAP_IDX / MAP_IDX_VALUE index into. */
	__aligned_u64 fd_array;		/* __s32[fd_array_cnt] */
	__u32	fd_array_cnt;
	__u32	reserved;
	/*
	 * Since line info: the C source line of each instruction, for the
	 * verifier's log and PROG_DUMP (0 for none). @line_info_cnt records
	 * of @line_info_rec_size bytes (sizeof(struct kbpf_line_info), or
	 * more with the bytes past it zero), pointing into @line_info_str.
	 */
	__aligned_u64 line_info;	/* struct kbpf_line_info[line_info_cnt] */
	__u32	line_info_rec_size;
	__u32	line_info_cnt;
	__aligned_u64 line_info_str;	/* NUL-terminated strings */
	__u32	line_info_str_size;	/* bytes; the last one is a NUL */
	__u32	reserved2;
	/*
	 * Since record sizes: the tracepoint ("category:name", NUL-terminated)
	 * a tracepoint program is for, so context reads are bounded by its
	 * record; 0: none (bounded at LINK_CREATE instead).
	 */
	__aligned_u64 attach_target;
	/* Since stats: out, what verifying the program took. */
	__u32	insn_processed;		/* instructions explored, all paths */
	__u32	states_kept;		/* checkpoints recorded */
	__u32	states_pruned;		/* paths cut by a checkpoint */
	__u32	peak_states;		/* states alive at once, at most */
	__u64	state_bytes;		/* peak memory of the states */
	__u64	verify_time_ns;
	/* Since log flags: out, KBPF_LOG_F_* about the log written. */
	__u32	log_flags;
	__u32	reserved3;		/* must be 0 */
};

/* PROG_LOAD log_flags: the log did not fit; the buffer holds its end. */
#define KBPF_LOG_F_TRUNCATED	1

/* PROG_LOAD log_level bits, as Linux's BPF_LOG_* */
#define KBPF_LOG_LEVEL1		1	/* the rejection and the failing path */
#define KBPF_LOG_LEVEL2		2	/* every instruction checked */
#define KBPF_LOG_STATS		4	/* one line of verification statistics */

/*
 * One line info record: instructions from @insn_off up to the next
 * record's come from this source line. Linux's struct bpf_line_info,
 * with offsets into line_info_str instead of BTF's string section.
 * Records are sorted by @insn_off, strictly increasing, the first at 0.
 */
struct kbpf_line_info {
	__u32	insn_off;		/* instruction index */
	__u32	file_name_off;		/* the source file's name */
	__u32	line_off;		/* the line's text */
	__u32	line_col;		/* line << 10 | column */
};

#define KBPF_LINE_INFO_LINE(line_col)	((line_col) >> 10)
#define KBPF_LINE_INFO_COL(line_col)	((line_col) & 0x3ff)
#define KBPF_LINE_INFO_REC_MAX		256		/* record size limit */
#define KBPF_LINE_INFO_STR_MAX		(16U << 20)	/* string bytes limit */

/* PROG_LOAD flags */
#define KBPF_PROG_LOAD_F_NO_JIT	(1U << 0)	/* interpret, whatever the jit parameter says */

struct kbpf_prog_test_run {
	__u32	size;
	__u32	prog_fd;
	__u32	repeat;			/* 0 and 1 both run once */
	__u32	flags;			/* none defined yet: must be 0 */
	__u64	retval;			/* out: r0 of the last run */
	__u64	duration_ns;		/* out: mean ns per run */
	/*
	 * The context: struct pt_regs for kprobes, the record for
	 * tracepoints, u64 arguments for raw tracepoints, struct __sk_buff
	 * for socket filters (whose data and data_end fields are ignored:
	 * they point into data_in). At most the type's context size.
	 */
	__aligned_u64 ctx_in;
	__u32	ctx_size_in;
	__u32	ctx_size_out;		/* in: ctx_out's size; out: bytes written */
	__aligned_u64 ctx_out;
	/*
	 * Socket filters only: the packet, at most 65535 bytes, as the
	 * socket hook presents it (offset 0 is the transport header, what
	 * LD_ABS 0 reads); __sk_buff.len becomes data_size_in.
	 */
	__aligned_u64 data_in;
	__u32	data_size_in;
	__u32	pad;			/* must be 0 */
	/*
	 * Socket filters only: the packet after the run (data_size_in
	 * bytes; socket filters cannot change it, so it is what went in).
	 * Like ctx_out: data_size_out is the buffer's size going in and the
	 * packet's size coming out; a short buffer gets what fits and
	 * ENOSPC. Added after pad: callers built without these fields pass
	 * the shorter size and are unaffected.
	 */
	__aligned_u64 data_out;
	__u32	data_size_out;
	__u32	pad2;			/* must be 0 */
};

/* Kinds of object behind a descriptor, an id or a pin. */
enum kbpf_obj_type {
	KBPF_OBJ_PROG	= 1,
	KBPF_OBJ_MAP	= 2,
	KBPF_OBJ_LINK	= 3,
};

#define KBPF_PIN_NAME_LEN	64

/* What OBJ_GET_INFO reports about a program. */
struct kbpf_prog_info {
	__u32	type;			/* enum kbpf_prog_type */
	__u32	id;
	char	name[KBPF_OBJ_NAME_LEN];
	__u32	insn_cnt;		/* translated instructions */
	__u32	jited_size;		/* bytes of native code; 0 if interpreted */
	__u32	flags;			/* KBPF_PROG_INFO_* */
	__u32	stack_depth;		/* bytes */
	__u8	tag[8];			/* hash of the instructions as loaded */
	__u64	run_cnt;		/* runs from hooks while stats are on */
	__u64	run_time_ns;
	__u64	load_time_ns;		/* CLOCK_BOOTTIME at load */
	__u32	uid;			/* loader's uid */
	__u32	reserved;
};

#define KBPF_PROG_INFO_JITED		(1U << 0)
#define KBPF_PROG_INFO_GPL_COMPATIBLE	(1U << 1)

struct kbpf_obj_get_info {
	__u32	size;
	__u32	fd;
	__aligned_u64 info;		/* struct kbpf_prog_info */
	__u32	info_len;		/* in: buffer size; out: bytes written */
	__u32	obj_type;		/* out: enum kbpf_obj_type */
};

struct kbpf_get_next_id {
	__u32	size;
	__u32	obj_type;		/* enum kbpf_obj_type */
	__u32	start_id;		/* the next id after this one */
	__u32	next_id;		/* out */
};

struct kbpf_get_fd_by_id {
	__u32	size;
	__u32	obj_type;
	__u32	id;
	__u32	flags;			/* none defined yet: must be 0 */
};

/*
 * OBJ_PIN (fd, name in), OBJ_GET (name in, returns fd), OBJ_UNPIN (name
 * in), PIN_NEXT (name in: the previous pin or "" for the first; name,
 * obj_type and id out, in name order). Names: 1-63 characters of
 * [A-Za-z0-9_.:/-].
 */
struct kbpf_obj_pin {
	__u32	size;
	__u32	fd;
	char	name[KBPF_PIN_NAME_LEN];
	__u32	obj_type;		/* out (PIN_NEXT) */
	__u32	id;			/* out (PIN_NEXT) */
};

enum kbpf_dump_kind {
	KBPF_DUMP_XLATED	= 0,	/* struct kbpf_insn[] as the engine runs them */
	KBPF_DUMP_JITED		= 1,	/* native code */
	KBPF_DUMP_LINE_INFO	= 2,	/* struct kbpf_line_info[], then their strings */
};

struct kbpf_prog_dump {
	__u32	size;
	__u32	prog_fd;
	__u32	kind;			/* enum kbpf_dump_kind */
	__u32	buf_len;		/* in: buffer size */
	__aligned_u64 buf;
	__u32	len;			/* out: bytes the whole dump needs */
	/*
	 * in: 0. out, for KBPF_DUMP_JITED: bytes of native code; they are
	 * followed by one __u32 per instruction (and one for the end), the
	 * native offset where that instruction's code starts. For
	 * KBPF_DUMP_LINE_INFO: bytes of records, the strings after them.
	 */
	__u32	code_len;
};

/*
 * Maps. Types, flags and semantics are Linux's (enum bpf_map_type,
 * BPF_F_*, BPF_ANY/NOEXIST/EXIST), see Documentation/maps.md.
 */
enum kbpf_map_type {
	KBPF_MAP_TYPE_UNSPEC		= 0,
	KBPF_MAP_TYPE_HASH		= 1,
	KBPF_MAP_TYPE_ARRAY		= 2,
	KBPF_MAP_TYPE_PROG_ARRAY	= 3,	/* bpf_tail_call targets */
	KBPF_MAP_TYPE_PERCPU_HASH	= 5,
	KBPF_MAP_TYPE_PERCPU_ARRAY	= 6,
	KBPF_MAP_TYPE_LRU_HASH		= 9,
	KBPF_MAP_TYPE_LRU_PERCPU_HASH	= 10,
	KBPF_MAP_TYPE_RINGBUF		= 27,
};

/* map_flags of MAP_CREATE */
#define KBPF_F_NO_PREALLOC	(1U << 0)	/* hash: allocate on update */
#define KBPF_F_NO_COMMON_LRU	(1U << 1)	/* LRU hash: one list per CPU */
#define KBPF_F_RDONLY		(1U << 3)	/* user space may not write */
#define KBPF_F_WRONLY		(1U << 4)	/* user space may not read */
#define KBPF_F_RDONLY_PROG	(1U << 7)	/* programs may not write */
#define KBPF_F_WRONLY_PROG	(1U << 8)	/* programs may not read */
#define KBPF_F_MMAPABLE		(1U << 10)	/* array: user space mmaps the values */

/*
 * Ring buffer (Linux's layout): mmap offset 0 is the consumer position
 * page (read-write), then the producer position page and the data pages
 * twice (read-only). Each record starts with a struct kbpf_ringbuf_hdr,
 * 8-aligned; the reader skips records with DISCARD and stops at BUSY.
 */
#define KBPF_RINGBUF_BUSY_BIT	(1U << 31)	/* being written */
#define KBPF_RINGBUF_DISCARD_BIT (1U << 30)	/* skip this record */
#define KBPF_RINGBUF_HDR_SZ	8

struct kbpf_ringbuf_hdr {
	__u32	len;			/* data bytes, with the bits above */
	__u32	pg_off;			/* for the kernel only */
};

/* flags of ringbuf_output/submit/discard and ringbuf_query's flags */
#define KBPF_RB_NO_WAKEUP	(1U << 0)
#define KBPF_RB_FORCE_WAKEUP	(1U << 1)
#define KBPF_RB_AVAIL_DATA	0
#define KBPF_RB_RING_SIZE	1
#define KBPF_RB_CONS_POS	2
#define KBPF_RB_PROD_POS	3

/* flags of MAP_UPDATE_ELEM and elem_flags of MAP_UPDATE_BATCH */
#define KBPF_ANY		0	/* create or replace */
#define KBPF_NOEXIST		1	/* create only: EEXIST if present */
#define KBPF_EXIST		2	/* replace only: ENOENT if absent */

struct kbpf_map_create {
	__u32	size;
	__u32	map_type;		/* enum kbpf_map_type */
	__u32	key_size;
	__u32	value_size;
	__u32	max_entries;
	__u32	map_flags;		/* KBPF_F_* */
	char	name[KBPF_OBJ_NAME_LEN];
};

/*
 * One element: LOOKUP (key in, value out), UPDATE (key, value, flags in),
 * DELETE (key), GET_NEXT_KEY (key in or 0 for the first, next key out in
 * @value), LOOKUP_AND_DELETE (key in, value out), FREEZE (map_fd only).
 */
struct kbpf_map_elem {
	__u32	size;
	__u32	map_fd;
	__aligned_u64 key;
	__aligned_u64 value;		/* or next key */
	__u64	flags;
};

/*
 * Batches: LOOKUP_BATCH and LOOKUP_AND_DELETE_BATCH start after the key
 * in @in_batch (0: from the first) and write up to @count keys and values
 * and the token for the next call (a key, key_size bytes) to @out_batch;
 * @count is updated to what was written and ENOENT says the map has no
 * more. Any @count works (a batch may end inside a hash bucket); a hash
 * token no longer in the map goes on from the start of its bucket.
 * UPDATE_BATCH and DELETE_BATCH take @count keys (and values) and
 * report in @count how many were done before an error.
 */
struct kbpf_map_batch {
	__u32	size;
	__u32	map_fd;
	__aligned_u64 in_batch;
	__aligned_u64 out_batch;
	__aligned_u64 keys;
	__aligned_u64 values;
	__u32	count;			/* in: room, out: elements done */
	__u32	reserved;
	__u64	elem_flags;		/* UPDATE_BATCH: KBPF_ANY/NOEXIST/EXIST */
	__u64	flags;			/* none defined yet: must be 0 */
};

/* What OBJ_GET_INFO reports about a map. */
struct kbpf_map_info {
	__u32	type;			/* enum kbpf_map_type */
	__u32	id;
	__u32	key_size;
	__u32	value_size;		/* as programs see it (one CPU) */
	__u32	max_entries;
	__u32	map_flags;
	char	name[KBPF_OBJ_NAME_LEN];
	__u32	frozen;			/* 1 after MAP_FREEZE */
	__u32	reserved;
};

#define KBPF_IOC_VERSION	_IO(KBPF_IOC_MAGIC, 0x00)
#define KBPF_IOC_PROG_LOAD	_IO(KBPF_IOC_MAGIC, 0x01)
#define KBPF_IOC_PROG_TEST_RUN	_IO(KBPF_IOC_MAGIC, 0x02)
#define KBPF_IOC_OBJ_GET_INFO	_IO(KBPF_IOC_MAGIC, 0x03)
#define KBPF_IOC_GET_NEXT_ID	_IO(KBPF_IOC_MAGIC, 0x04)
#define KBPF_IOC_GET_FD_BY_ID	_IO(KBPF_IOC_MAGIC, 0x05)
#define KBPF_IOC_OBJ_PIN	_IO(KBPF_IOC_MAGIC, 0x06)
#define KBPF_IOC_OBJ_GET	_IO(KBPF_IOC_MAGIC, 0x07)
#define KBPF_IOC_OBJ_UNPIN	_IO(KBPF_IOC_MAGIC, 0x08)
#define KBPF_IOC_PIN_NEXT	_IO(KBPF_IOC_MAGIC, 0x09)
#define KBPF_IOC_PROG_DUMP	_IO(KBPF_IOC_MAGIC, 0x0a)
#define KBPF_IOC_MAP_CREATE	_IO(KBPF_IOC_MAGIC, 0x0b)
#define KBPF_IOC_MAP_LOOKUP_ELEM _IO(KBPF_IOC_MAGIC, 0x0c)
#define KBPF_IOC_MAP_UPDATE_ELEM _IO(KBPF_IOC_MAGIC, 0x0d)
#define KBPF_IOC_MAP_DELETE_ELEM _IO(KBPF_IOC_MAGIC, 0x0e)
#define KBPF_IOC_MAP_GET_NEXT_KEY _IO(KBPF_IOC_MAGIC, 0x0f)
#define KBPF_IOC_MAP_LOOKUP_AND_DELETE_ELEM _IO(KBPF_IOC_MAGIC, 0x10)
#define KBPF_IOC_MAP_FREEZE	_IO(KBPF_IOC_MAGIC, 0x11)
#define KBPF_IOC_MAP_LOOKUP_BATCH _IO(KBPF_IOC_MAGIC, 0x12)
#define KBPF_IOC_MAP_LOOKUP_AND_DELETE_BATCH _IO(KBPF_IOC_MAGIC, 0x13)
#define KBPF_IOC_MAP_UPDATE_BATCH _IO(KBPF_IOC_MAGIC, 0x14)
#define KBPF_IOC_MAP_DELETE_BATCH _IO(KBPF_IOC_MAGIC, 0x15)

/* Hooks a link attaches a program to (Documentation/hooks.md). */
enum kbpf_attach_type {
	KBPF_ATTACH_KPROBE		= 1,	/* kprobe program */
	KBPF_ATTACH_KRETPROBE		= 2,	/* kprobe program */
	KBPF_ATTACH_TRACEPOINT		= 3,	/* tracepoint program */
	KBPF_ATTACH_RAW_TRACEPOINT	= 4,	/* raw_tracepoint program */
	KBPF_ATTACH_SOCKET		= 5,	/* socket_filter program, target_fd */
	KBPF_ATTACH_NETDEV_INGRESS	= 6,	/* socket_filter program, interface */
};

#define KBPF_TARGET_NAME_LEN	128	/* with the NUL */
#define KBPF_RAW_TP_MAX_ARGS	12

/*
 * LINK_CREATE: attaches prog_fd at @target, returns a link descriptor.
 * target: NUL-terminated function name (kprobes), "category:name"
 * (tracepoints), tracepoint name (raw tracepoints) or interface name of
 * the caller's network namespace (netdev ingress). offset: kprobes
 * only. nr_args: raw tracepoints only, the tracepoint's argument count
 * (1-12); the context is __u64 args[nr_args].
 */
struct kbpf_link_create {
	__u32	size;
	__u32	prog_fd;
	__u32	attach_type;		/* enum kbpf_attach_type */
	__u32	flags;			/* none defined yet: must be 0 */
	__aligned_u64 target;
	__u64	offset;
	__u32	nr_args;
	__u32	target_fd;		/* KBPF_ATTACH_SOCKET: the socket; else 0 */
};

/* LINK_DETACH: detaches now; the link lives on, reporting detached. */
struct kbpf_link_detach {
	__u32	size;
	__u32	link_fd;
};

#define KBPF_LINK_F_REPLACE	(1U << 0)	/* old_prog_fd must be attached */

/* LINK_UPDATE: runs new_prog_fd from the next event on. */
struct kbpf_link_update {
	__u32	size;
	__u32	link_fd;
	__u32	new_prog_fd;
	__u32	flags;			/* KBPF_LINK_F_* */
	__u32	old_prog_fd;		/* with KBPF_LINK_F_REPLACE */
	__u32	reserved;
};

/* What OBJ_GET_INFO reports about a link. */
struct kbpf_link_info {
	__u32	id;
	__u32	prog_id;		/* attached program */
	__u32	attach_type;		/* enum kbpf_attach_type */
	__u32	flags;			/* KBPF_LINK_INFO_* */
	char	target[KBPF_TARGET_NAME_LEN];
	__u64	offset;
	__u64	hit_cnt;		/* program runs from this link */
	__u64	miss_cnt;		/* events skipped: a program already running on the CPU */
	__u32	nr_args;
	__u32	reserved;
};

#define KBPF_LINK_INFO_DETACHED	(1U << 0)

#define KBPF_IOC_LINK_CREATE	_IO(KBPF_IOC_MAGIC, 0x20)
#define KBPF_IOC_LINK_DETACH	_IO(KBPF_IOC_MAGIC, 0x21)
#define KBPF_IOC_LINK_UPDATE	_IO(KBPF_IOC_MAGIC, 0x22)

#endif /* _UAPI_LINUX_KBPF_H */
