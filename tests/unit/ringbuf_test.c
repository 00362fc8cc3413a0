// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests for the ring buffer map: creation checks, reserve,
 * submit, discard, a full ring, the positions and query, records that
 * wrap across the end of the data area, and a consumer that reads the
 * user pages exactly as libbpf's ring_buffer does.
 */
#include "../../maps/maps.h"
#include "../../helpers/helpers.h"
#include "unit.h"

static struct kbpf_map *mk_rb(u32 size)
{
	struct kbpf_map_attr a = { .type = KBPF_MAP_TYPE_RINGBUF,
				   .max_entries = size };

	return kbpf_map_create(&a);
}

static long mk_rb_err(u32 ks, u32 vs, u32 size, u32 flags)
{
	struct kbpf_map_attr a = { .type = KBPF_MAP_TYPE_RINGBUF, .key_size = ks,
				   .value_size = vs, .max_entries = size,
				   .flags = flags };
	struct kbpf_map *m = kbpf_map_create(&a);

	if (IS_ERR(m))
		return PTR_ERR(m);
	kbpf_map_free(m);
	return 0;
}

/* The user view: consumer page, producer page, data twice. */
struct view {
	unsigned long *cons;
	const unsigned long *prod;
	const u8 *data;
	unsigned long mask;
};

static struct view user_view(struct kbpf_map *m)
{
	size_t len;
	u32 pgoff;
	u8 *area = kbpf_ringbuf_area(m, &pgoff, &len);
	u8 *user = area + (size_t)pgoff * KBPF_PAGE_SIZE;
	struct view v = {
		.cons = (unsigned long *)user,
		.prod = (const unsigned long *)(user + KBPF_PAGE_SIZE),
		.data = user + 2 * KBPF_PAGE_SIZE,
		.mask = m->max_entries - 1,
	};

	return v;
}

/*
 * libbpf's ringbuf_process_ring: records in order, stop at a busy one,
 * skip discarded ones. Returns how many it handed out, with their first
 * u64 in @seqs and their lengths in @lens.
 */
static int consume(struct view *v, u64 *seqs, u32 *lens, int max)
{
	unsigned long cons = __atomic_load_n(v->cons, __ATOMIC_ACQUIRE);
	unsigned long prod = __atomic_load_n(v->prod, __ATOMIC_ACQUIRE);
	int n = 0;

	while (cons < prod) {
		const struct kbpf_ringbuf_hdr *h = (const void *)(v->data + (cons & v->mask));
		u32 len = __atomic_load_n(&h->len, __ATOMIC_ACQUIRE);

		if (len & KBPF_RINGBUF_BUSY_BIT)
			break;
		cons += ALIGN((len & ~KBPF_RINGBUF_DISCARD_BIT) + KBPF_RINGBUF_HDR_SZ, 8);
		if (!(len & KBPF_RINGBUF_DISCARD_BIT) && n < max) {
			if (len >= 8)
				memcpy(&seqs[n], h + 1, 8);
			lens[n++] = len;
		}
		__atomic_store_n(v->cons, cons, __ATOMIC_RELEASE);
	}
	return n;
}

static void test_rb_create(void)
{
	u32 pg = KBPF_PAGE_SIZE;
	struct kbpf_map *m;
	u32 k = 0;

	UNIT_CHECK(mk_rb_err(0, 0, pg, 0) == 0, "rb create: one page");
	UNIT_CHECK(mk_rb_err(0, 0, 16 * pg, 0) == 0, "rb create: 16 pages");
	UNIT_CHECK(mk_rb_err(4, 0, pg, 0) == -EINVAL, "rb create: key_size EINVAL");
	UNIT_CHECK(mk_rb_err(0, 8, pg, 0) == -EINVAL, "rb create: value_size EINVAL");
	UNIT_CHECK(mk_rb_err(0, 0, 0, 0) == -EINVAL, "rb create: size 0 EINVAL");
	UNIT_CHECK(mk_rb_err(0, 0, 3 * pg, 0) == -EINVAL, "rb create: 3 pages EINVAL");
	UNIT_CHECK(mk_rb_err(0, 0, pg / 2, 0) == -EINVAL, "rb create: half page EINVAL");
	UNIT_CHECK(mk_rb_err(0, 0, pg + 8, 0) == -EINVAL, "rb create: unaligned EINVAL");
	UNIT_CHECK(mk_rb_err(0, 0, pg, KBPF_F_RDONLY) == -EINVAL, "rb create: flags EINVAL");
	m = mk_rb(pg);
	UNIT_CHECK(!IS_ERR(m) && kbpf_map_lookup_user(m, &k, &k) == -EOPNOTSUPP &&
		   kbpf_map_update_user(m, &k, &k, 0) == -EOPNOTSUPP &&
		   kbpf_map_get_next_key_user(m, NULL, &k) == -EOPNOTSUPP,
		   "rb: element operations EOPNOTSUPP");
	kbpf_map_free(m);
}

static void test_rb_records(void)
{
	u32 pg = KBPF_PAGE_SIZE, lens[8];
	struct kbpf_map *m = mk_rb(pg);
	struct view v = user_view(m);
	const struct kbpf_ringbuf_hdr *h;
	u64 seqs[8], one = 1;
	u8 *a, *b;

	a = kbpf_ringbuf_reserve(m, 12, 0);
	h = (const void *)(a - 8);
	UNIT_CHECK(a == v.data + 8 && h->len == (12 | KBPF_RINGBUF_BUSY_BIT) &&
		   h->pg_off == 3, "rb: reserve 12 at offset 8, busy, pg_off 3");
	UNIT_CHECK(*v.prod == 24 && kbpf_ringbuf_query(m, KBPF_RB_PROD_POS) == 24 &&
		   kbpf_ringbuf_query(m, KBPF_RB_AVAIL_DATA) == 24,
		   "rb: producer at 24 (8-aligned)");
	UNIT_CHECK(kbpf_ringbuf_query(m, KBPF_RB_RING_SIZE) == pg &&
		   kbpf_ringbuf_query(m, KBPF_RB_CONS_POS) == 0 &&
		   kbpf_ringbuf_query(m, 99) == 0, "rb: query size, cons, unknown 0");
	UNIT_CHECK(!kbpf_ringbuf_reserve(m, 8, 1), "rb: reserve flags NULL");
	b = kbpf_ringbuf_reserve(m, 8, 0);
	memcpy(b, &one, 8);
	kbpf_ringbuf_commit(b, 0, false);
	UNIT_CHECK(consume(&v, seqs, lens, 8) == 0 && *v.cons == 0,
		   "rb: consumer stops at the busy first record");
	memset(a, 0, 12);
	kbpf_ringbuf_commit(a, 0, true);
	UNIT_CHECK(h->len == (12 | KBPF_RINGBUF_DISCARD_BIT), "rb: discard bit");
	UNIT_CHECK(consume(&v, seqs, lens, 8) == 1 && lens[0] == 8 && seqs[0] == 1 &&
		   *v.cons == 40 && kbpf_ringbuf_has_data(m) == false,
		   "rb: discarded skipped, submitted read");
	UNIT_CHECK(kbpf_ringbuf_output(m, &one, 8, 4) == -EINVAL,
		   "rb: output unknown flag EINVAL");
	UNIT_CHECK(kbpf_ringbuf_output(m, &one, 0, 0) == 0 &&
		   consume(&v, seqs, lens, 8) == 1 && lens[0] == 0,
		   "rb: output of 0 bytes is an empty record");
	UNIT_CHECK(!kbpf_ringbuf_reserve(m, pg, 0) && !kbpf_ringbuf_reserve(m, 1ULL << 40, 0),
		   "rb: record larger than the ring NULL");
	kbpf_map_free(m);
}

/* Full ring: NULL (reserve) and EAGAIN (output) until the reader catches up. */
static void test_rb_full(void)
{
	u32 pg = KBPF_PAGE_SIZE, lens[1024], i, n = 0;
	struct kbpf_map *m = mk_rb(pg);
	struct view v = user_view(m);
	u64 seqs[1024], seq = 0;
	void *r;

	while ((r = kbpf_ringbuf_reserve(m, 56, 0))) {
		memcpy(r, &seq, 8);
		seq++;
		kbpf_ringbuf_commit(r, KBPF_RB_NO_WAKEUP, false);
	}
	/* 64-byte records: the last slot stays free, as Linux keeps it. */
	UNIT_CHECK(seq == pg / 64 - 1, "rb: full after %llu records", (unsigned long long)seq);
	/* 64 bytes left, one less usable: three 16-byte records. */
	UNIT_CHECK(kbpf_ringbuf_output(m, &seq, 8, 0) == 0 &&
		   kbpf_ringbuf_output(m, &seq, 8, 0) == 0 &&
		   kbpf_ringbuf_output(m, &seq, 8, 0) == 0 &&
		   kbpf_ringbuf_output(m, &seq, 8, 0) == -EAGAIN,
		   "rb: output fills the rest, then EAGAIN");
	n = consume(&v, seqs, lens, 1024);
	for (i = 0; i < seq; i++)
		if (seqs[i] != i)
			break;
	UNIT_CHECK(n == seq + 3 && i == seq && *v.cons == *v.prod,
		   "rb: all %u records in order", n);
	UNIT_CHECK(kbpf_ringbuf_reserve(m, 56, 0) != NULL, "rb: space again after consuming");
	kbpf_map_free(m);
}

/*
 * Records of a size that does not divide the ring go round it many
 * times: each one straddling the end is contiguous in the double mapping.
 */
static void test_rb_wrap(void)
{
	u32 pg = KBPF_PAGE_SIZE, lens[64], size = 200, i, straddled = 0;
	struct kbpf_map *m = mk_rb(2 * pg);
	struct view v = user_view(m);
	u64 seqs[64], seq = 0, want = 0;
	bool ok = true;
	int n;

	for (i = 0; i < 20 * (2 * pg / 208); i++) {
		u8 *r = kbpf_ringbuf_reserve(m, size, 0);
		unsigned long off;

		if (!r) {
			ok = false;
			break;
		}
		off = (r - v.data) & v.mask;
		if (off + size > 2 * pg)
			straddled++;
		memcpy(r, &seq, 8);
		memset(r + 8, (u8)seq, size - 8);
		seq++;
		kbpf_ringbuf_commit(r, 0, false);
		n = consume(&v, seqs, lens, 64);
		if (n != 1 || seqs[0] != want++ || lens[0] != size ||
		    (v.data + ((*v.cons - 208) & v.mask))[8 + size - 9] != (u8)(want - 1))
			ok = false;
	}
	UNIT_CHECK(ok && straddled >= 10, "rb: %llu records round the ring, %u across its end",
		   (unsigned long long)seq, straddled);
	UNIT_CHECK(*v.prod == *v.cons && *v.prod > 10 * 2 * pg,
		   "rb: positions keep counting (%lu)", *v.prod);
	kbpf_map_free(m);
}

/* Wakeups as Linux: when the consumer waits for this record, or forced. */
static void test_rb_wakeup(void)
{
	struct kbpf_map *m = mk_rb(KBPF_PAGE_SIZE);
	kbpf_wake_t *w = kbpf_ringbuf_wake(m);
	void *a, *b;

	a = kbpf_ringbuf_reserve(m, 8, 0);
	b = kbpf_ringbuf_reserve(m, 8, 0);
	kbpf_ringbuf_commit(b, 0, false);
	UNIT_CHECK(w->count == 0, "rb wake: not for a record past the consumer");
	kbpf_ringbuf_commit(a, KBPF_RB_NO_WAKEUP, false);
	UNIT_CHECK(w->count == 0, "rb wake: NO_WAKEUP");
	a = kbpf_ringbuf_reserve(m, 8, 0);
	kbpf_ringbuf_commit(a, KBPF_RB_FORCE_WAKEUP, false);
	UNIT_CHECK(w->count == 1, "rb wake: FORCE_WAKEUP");
	kbpf_map_free(m);
	m = mk_rb(KBPF_PAGE_SIZE);
	w = kbpf_ringbuf_wake(m);
	a = kbpf_ringbuf_reserve(m, 8, 0);
	kbpf_ringbuf_commit(a, 0, true);
	UNIT_CHECK(w->count == 1, "rb wake: discard of the awaited record wakes");
	kbpf_map_free(m);
}

/* The helpers as a program calls them, through the engines' table. */
static void test_rb_helpers(void)
{
	struct kbpf_map *m = mk_rb(KBPF_PAGE_SIZE);
	const kbpf_helper_fn *tab;
	u64 mp = (uintptr_t)m, rec, x = 5;
	u32 nr;

	tab = kbpf_helper_table(&nr);
	rec = tab[KBPF_FUNC_ringbuf_reserve](mp, 16, 0, 0, 0);
	UNIT_CHECK(rec && tab[KBPF_FUNC_ringbuf_query](mp, KBPF_RB_AVAIL_DATA, 0, 0, 0) == 24,
		   "rb helper: reserve, query");
	tab[KBPF_FUNC_ringbuf_submit](rec, 0, 0, 0, 0);
	UNIT_CHECK(tab[KBPF_FUNC_ringbuf_output](mp, (uintptr_t)&x, 8, 0, 0) == 0 &&
		   tab[KBPF_FUNC_ringbuf_query](mp, KBPF_RB_PROD_POS, 0, 0, 0) == 40,
		   "rb helper: output");
	rec = tab[KBPF_FUNC_ringbuf_reserve](mp, 8, 0, 0, 0);
	tab[KBPF_FUNC_ringbuf_discard](rec, 0, 0, 0, 0);
	UNIT_CHECK(!kbpf_helper_proto(KBPF_FUNC_ringbuf_submit, KBPF_PROG_TYPE_KPROBE)->gpl_only &&
		   kbpf_helper_proto(KBPF_FUNC_ringbuf_reserve, KBPF_PROG_TYPE_SOCKET_FILTER)->map_type ==
		   KBPF_MAP_TYPE_RINGBUF, "rb helper: protos");
	kbpf_map_free(m);
}

int main(void)
{
	test_rb_create();
	test_rb_records();
	test_rb_full();
	test_rb_wrap();
	test_rb_wakeup();
	test_rb_helpers();
	return unit_failed;
}
