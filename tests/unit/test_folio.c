// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of folios: pfn <-> folio <-> page conversions, reference
 * counts, the end of a folio's life (__folio_put), the page-flag
 * accessors, and compound (large) folios.
 *
 * Most tests run on a 1000-page machine at pfn 0x1000, so its last pfn
 * (0x13e7) is not aligned to any order above 3:
 *
 *   pfn  0x1000                                       0x13e7 0x13e8
 *        |<---------------- 1000 pages --------------->|      |
 *        +---------------------------------------------+......
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kernel/highmem.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#define BASE		0x1000UL
#define NR		1000UL
#define END		(BASE + NR)

static int setup_folio_machine(void **state)
{
	struct test_machine *tm = calloc(1, sizeof(*tm));

	if (!tm)
		return -1;
	test_machine_up(tm, NR, BASE, SIM_DATA_NONE);
	*state = tm;
	return 0;
}

static int setup_folio_data_machine(void **state)
{
	struct test_machine *tm = calloc(1, sizeof(*tm));

	if (!tm)
		return -1;
	test_machine_up(tm, NR, BASE, SIM_DATA_PAGES);
	*state = tm;
	return 0;
}

/* The memmap descriptor of @pfn, head or tail. */
static struct folio *desc(unsigned long pfn)
{
	return (struct folio *)pfn_to_page(pfn);
}

/* The latest violation of @m must be of @kind; then forget them all. */
static void expect_one_violation(struct sim_machine *m, const char *kind)
{
	struct sim_violation v;

	assert_int_equal(sim_violation_count(m), 1);
	assert_errno(sim_violation_get(m, 0, &v), 0);
	assert_string_equal(v.kind, kind);
	sim_violation_clear(m);
}

/* A copy of the whole memmap, to prove a refused call changed nothing. */
static struct page memmap_copy[NR];

static void memmap_save(void)
{
	memcpy(memmap_copy, desc(BASE), sizeof(memmap_copy));
}

static void memmap_assert_unchanged(void)
{
	const struct page *now = pfn_to_page(BASE);

	for (unsigned long i = 0; i < NR; i++)
		if (memcmp(&now[i], &memmap_copy[i], sizeof(now[i])))
			fail_msg("pfn %#lx changed: flags %#lx -> %#lx, ref %d -> %d",
				 BASE + i, memmap_copy[i].flags, now[i].flags,
				 memmap_copy[i]._refcount.counter,
				 now[i]._refcount.counter);
}

/* ---- pfn <-> folio -------------------------------------------------- */

static void test_pfn_folio_round_trip(void **state)
{
	struct test_machine *tm = *state;
	static const unsigned long pfns[] = {
		BASE, BASE + 1, 0x1234, END - 2, END - 1,
	};

	for (size_t i = 0; i < sizeof(pfns) / sizeof(pfns[0]); i++) {
		unsigned long pfn = pfns[i];
		struct folio *folio = pfn_folio(pfn);
		struct page *page = pfn_to_page(pfn);

		assert_true(pfn_valid(pfn));
		assert_non_null(folio);
		assert_ptr_equal(page, (struct page *)folio);
		assert_ptr_equal(page_folio(page), folio);
		assert_int_equal(folio_pfn(folio), pfn);
		assert_int_equal(page_to_pfn(page), pfn);
		assert_ptr_equal(folio_page(folio, 0), page);
		assert_false(PageTail(page));
	}

	/* Every pfn maps to its own descriptor, in pfn order. */
	for (unsigned long pfn = BASE; pfn < END; pfn++) {
		struct folio *folio = pfn_folio(pfn);

		if (folio_page(folio, 0) != nth_page(pfn_to_page(BASE), pfn - BASE) ||
		    folio_pfn(folio) != pfn)
			fail_msg("pfn %#lx does not round-trip", pfn);
	}
	assert_int_equal(sim_violation_count(tm->m), 0);
}

static void test_pfn_out_of_range(void **state)
{
	struct test_machine *tm = *state;
	struct sim_violation v;
	struct folio dummy;

	memset(&dummy, 0, sizeof(dummy));
	/* pfn_valid() answers the question without complaining. */
	assert_false(pfn_valid(BASE - 1));
	assert_false(pfn_valid(END));
	assert_false(pfn_valid(0));
	assert_false(pfn_valid(ULONG_MAX));
	assert_int_equal(sim_violation_count(tm->m), 0);

	assert_null(pfn_folio(BASE - 1));
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	assert_null(pfn_folio(END));
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	assert_null(pfn_to_page(ULONG_MAX));
	assert_errno(sim_violation_get(tm->m, 0, &v), 0);
	assert_string_equal(v.func, "pfn_to_page");
	expect_one_violation(tm->m, "WARN_ON_ONCE");

	/* Descriptors that are not the machine's have no pfn. */
	assert_int_equal(folio_pfn(&dummy), ULONG_MAX);
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	assert_int_equal(folio_pfn((struct folio *)nth_page(pfn_to_page(END - 1), 1)),
			 ULONG_MAX);
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	assert_int_equal(page_to_pfn((struct page *)&dummy), ULONG_MAX);
	expect_one_violation(tm->m, "WARN_ON_ONCE");
}

/* ---- the KASAN page hooks ------------------------------------------- */

/*
 * kasan_poison_pages() and kasan_unpoison_pages() refuse, with a WARN, a
 * descriptor that is not the machine's, an order above MAX_PAGE_ORDER
 * and a block running past the machine's end: with data and without
 * (where they have nothing to poison but still check their caller).
 */
static void test_kasan_hooks_refuse_bad_range(void **state)
{
	struct test_machine *tm = *state;
	struct folio dummy;

	memset(&dummy, 0, sizeof(dummy));
	kasan_unpoison_pages(pfn_to_page(END - 2), 1, false);
	kasan_poison_pages(pfn_to_page(END - 2), 1, false);
	assert_int_equal(sim_violation_count(tm->m), 0);

	for (int poison = 0; poison < 2; poison++) {
		void (*hook)(struct page *, unsigned int, bool) =
			poison ? kasan_poison_pages : kasan_unpoison_pages;

		hook(&dummy.page, 0, false);
		expect_one_violation(tm->m, "WARN_ON_ONCE");
		hook(pfn_to_page(END - 1), 1, false);
		expect_one_violation(tm->m, "WARN_ON_ONCE");
		hook(pfn_to_page(BASE), MAX_PAGE_ORDER + 1, false);
		expect_one_violation(tm->m, "WARN_ON_ONCE");
	}
}

/* ---- reference counts ----------------------------------------------- */

static void test_refcount_ops(void **state)
{
	struct test_machine *tm = *state;
	struct folio *folio = pfn_folio(0x1010);
	struct page *page = pfn_to_page(0x1010);

	/* A free folio cannot be taken speculatively. */
	assert_int_equal(folio_ref_count(folio), 0);
	assert_false(folio_try_get(folio));
	assert_int_equal(folio_ref_count(folio), 0);

	folio_set_count(folio, 1);
	folio_set_dirty(folio);
	folio_get(folio);
	assert_int_equal(folio_ref_count(folio), 2);
	assert_true(folio_try_get(folio));
	assert_int_equal(folio_ref_count(folio), 3);
	assert_int_equal(page_ref_count(page), 3);
	folio_put(folio);
	folio_put(folio);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_true(folio_test_dirty(folio));	/* not freed */

	/* Freeze succeeds only at the expected count. */
	assert_false(folio_ref_freeze(folio, 2));
	assert_int_equal(folio_ref_count(folio), 1);
	assert_true(folio_ref_freeze(folio, 1));
	assert_int_equal(folio_ref_count(folio), 0);
	assert_false(folio_try_get(folio));
	assert_int_equal(folio_ref_count(folio), 0);
	folio_ref_unfreeze(folio, 3);
	assert_int_equal(folio_ref_count(folio), 3);

	/* sub_and_test reports zero but frees nothing. */
	assert_false(folio_ref_sub_and_test(folio, 2));
	assert_int_equal(folio_ref_count(folio), 1);
	assert_true(folio_ref_sub_and_test(folio, 1));
	assert_int_equal(folio_ref_count(folio), 0);
	assert_true(folio_test_dirty(folio));

	folio_ref_add(folio, 5);
	folio_ref_sub(folio, 2);
	folio_ref_inc(folio);
	folio_ref_dec(folio);
	assert_int_equal(folio_ref_count(folio), 3);
	assert_false(folio_ref_dec_and_test(folio));
	assert_int_equal(folio_ref_count(folio), 2);

	/* folio_put_refs() frees on reaching zero, and only then. */
	folio_set_count(folio, 4);
	folio_put_refs(folio, 3);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_true(folio_test_dirty(folio));
	folio_put_refs(folio, 1);
	assert_int_equal(folio_ref_count(folio), 0);
	assert_false(folio_test_dirty(folio));

	/* set_page_refcounted() takes a page from 0 to 1. */
	set_page_refcounted(page);
	assert_int_equal(page_ref_count(page), 1);
	set_page_count(page, 0);
	assert_int_equal(folio_ref_count(folio), 0);
	assert_int_equal(sim_violation_count(tm->m), 0);
}

static void test_refcount_violations(void **state)
{
	struct test_machine *tm = *state;
	struct folio *folio = pfn_folio(0x1020);
	struct page *page = pfn_to_page(0x1020);

	/* folio_get() needs a reference already held. */
	folio_get(folio);
	expect_one_violation(tm->m, "VM_BUG_ON_FOLIO");
	folio_set_count(folio, 0);

	/* Dropping a reference nobody holds: reported, nothing freed. */
	folio_set_dirty(folio);
	folio_put(folio);
	expect_one_violation(tm->m, "VM_BUG_ON_FOLIO");
	assert_true(folio_test_dirty(folio));

	folio_set_count(folio, 2);
	folio_put_refs(folio, 3);
	expect_one_violation(tm->m, "VM_BUG_ON_FOLIO");
	assert_true(folio_test_dirty(folio));

	/* A page that already has references cannot be made refcounted. */
	set_page_count(page, 2);
	set_page_refcounted(page);
	expect_one_violation(tm->m, "VM_BUG_ON_PAGE");

	/* Unfreezing a folio that is not frozen. */
	folio_set_count(folio, 1);
	folio_ref_unfreeze(folio, 1);
	expect_one_violation(tm->m, "VM_BUG_ON_FOLIO");

	folio_set_count(folio, 0);
	folio_clear_dirty(folio);
}

/* ---- the end of a folio's life -------------------------------------- */

static void test_folio_put_frees(void **state)
{
	struct test_machine *tm = *state;
	struct folio *folio = pfn_folio(0x1030);
	struct folio *next = pfn_folio(0x1031);

	folio_set_count(folio, 1);
	folio_set_uptodate(folio);
	folio_set_dirty(folio);
	folio_set_referenced(folio);
	folio_set_reserved(folio);
	folio->mapping = (struct address_space *)folio;	/* any owner */
	folio->index = 42;
	folio->private = folio;
	folio_set_dirty(next);

	folio_put(folio);
	assert_int_equal(folio_ref_count(folio), 0);
	assert_int_equal(folio->flags & PAGEFLAGS_MASK, 0);
	assert_int_equal(folio_zonenum(folio), ZONE_NORMAL);
	assert_int_equal(folio_nid(folio), 0);
	assert_null(folio->mapping);
	assert_int_equal(folio->index, 0);
	assert_null(folio->private);
	assert_true(list_empty(&folio->lru));
	/* The neighbour is nobody's business. */
	assert_true(folio_test_dirty(next));
	folio_clear_dirty(next);
	assert_int_equal(sim_violation_count(tm->m), 0);
}

static void test_folio_put_poisons_data(void **state)
{
	struct test_machine *tm = *state;
	struct folio *folio = pfn_folio(0x1040);
	unsigned char *data;

	assert_errno(sim_page_unpoison(tm->m, 0x1040, 2), 0);
	data = folio_address(folio);
	assert_non_null(data);
	memset(data, 0x5a, PAGE_SIZE);
	folio_set_count(folio, 1);
	folio_set_uptodate(folio);

	folio_put(folio);
	assert_true(sim_page_poisoned(tm->m, 0x1040));
	assert_false(sim_page_poisoned(tm->m, 0x1041));
	assert_int_equal(folio->flags & PAGEFLAGS_MASK, 0);
#if defined(__SANITIZE_ADDRESS__)
	assert_true(__asan_address_is_poisoned(data));
	assert_false(__asan_address_is_poisoned(data + PAGE_SIZE));
#endif
	assert_int_equal(sim_violation_count(tm->m), 0);
}

static void test_folio_put_refuses_bad_page(void **state)
{
	struct test_machine *tm = *state;
	struct folio *folio = pfn_folio(0x1050);
	static const int bad_flags[] = { PG_locked, PG_lru, PG_writeback };

	for (size_t i = 0; i < sizeof(bad_flags) / sizeof(bad_flags[0]); i++) {
		unsigned long flags = (1UL << bad_flags[i]) | (1UL << PG_dirty);

		folio->flags = flags;
		folio->mapping = (struct address_space *)folio;
		folio->index = 7;
		folio_set_count(folio, 1);
		folio_put(folio);
		expect_one_violation(tm->m, "WARN_ON_ONCE");
		assert_int_equal(folio->flags, flags);
		assert_ptr_equal(folio->mapping, folio);
		assert_int_equal(folio->index, 7);
	}
	folio->flags = 0;
	folio->mapping = NULL;
	folio->index = 0;
	folio_set_count(folio, 0);
}

static void test_folio_put_refuses_bad_page_keeps_data(void **state)
{
	struct test_machine *tm = *state;
	struct folio *folio = pfn_folio(0x1060);

	assert_errno(sim_page_unpoison(tm->m, 0x1060, 1), 0);
	folio_set_count(folio, 1);
	folio_set_locked(folio);
	folio_put(folio);
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	/* A refused free must not take the memory from under its owner. */
	assert_false(sim_page_poisoned(tm->m, 0x1060));
	folio_clear_locked(folio);
}

/* ---- page flags ----------------------------------------------------- */

struct flag_ops {
	const char *name;
	int bit;
	bool (*test)(const struct folio *);
	void (*set)(struct folio *);
	void (*clear)(struct folio *);
	void (*set_nonatomic)(struct folio *);
	void (*clear_nonatomic)(struct folio *);
	bool (*test_set)(struct folio *);
	bool (*test_clear)(struct folio *);
};

#define FLAG_OPS(fname, fbit) {						\
	.name = #fname, .bit = fbit,					\
	.test = folio_test_##fname, .set = folio_set_##fname,		\
	.clear = folio_clear_##fname,					\
	.set_nonatomic = __folio_set_##fname,				\
	.clear_nonatomic = __folio_clear_##fname,			\
	.test_set = folio_test_set_##fname,				\
	.test_clear = folio_test_clear_##fname,				\
}

static const struct flag_ops flag_table[] = {
	FLAG_OPS(locked, PG_locked),
	FLAG_OPS(referenced, PG_referenced),
	FLAG_OPS(uptodate, PG_uptodate),
	FLAG_OPS(dirty, PG_dirty),
	FLAG_OPS(lru, PG_lru),
	FLAG_OPS(head, PG_head),
	FLAG_OPS(active, PG_active),
	FLAG_OPS(workingset, PG_workingset),
	FLAG_OPS(reserved, PG_reserved),
	FLAG_OPS(private, PG_private),
	FLAG_OPS(writeback, PG_writeback),
	FLAG_OPS(mappedtodisk, PG_mappedtodisk),
	FLAG_OPS(reclaim, PG_reclaim),
	FLAG_OPS(swapbacked, PG_swapbacked),
	FLAG_OPS(unevictable, PG_unevictable),
	FLAG_OPS(isolated, PG_isolated),
	FLAG_OPS(mapped, PG_mapped),
};

/* Every accessor of @op on a folio whose other bits are @others. */
static void check_flag_ops(const struct flag_ops *op, unsigned long others)
{
	const unsigned long bit = 1UL << op->bit;
	struct folio folio;

	memset(&folio, 0, sizeof(folio));
	folio.flags = others;
	assert_false(op->test(&folio));

	op->set(&folio);
	assert_true(op->test(&folio));
	assert_int_equal(folio.flags, others | bit);
	op->set(&folio);
	assert_int_equal(folio.flags, others | bit);
	op->clear(&folio);
	assert_false(op->test(&folio));
	assert_int_equal(folio.flags, others);
	op->clear(&folio);
	assert_int_equal(folio.flags, others);

	op->set_nonatomic(&folio);
	assert_true(op->test(&folio));
	assert_int_equal(folio.flags, others | bit);
	op->clear_nonatomic(&folio);
	assert_false(op->test(&folio));
	assert_int_equal(folio.flags, others);

	assert_false(op->test_set(&folio));
	assert_int_equal(folio.flags, others | bit);
	assert_true(op->test_set(&folio));
	assert_int_equal(folio.flags, others | bit);
	assert_true(op->test_clear(&folio));
	assert_int_equal(folio.flags, others);
	assert_false(op->test_clear(&folio));
	assert_int_equal(folio.flags, others);
}

static void test_flag_accessors(void **state)
{
	const unsigned long all = (1UL << __NR_PAGEFLAGS) - 1;

	(void)state;
	assert_int_equal(sizeof(flag_table) / sizeof(flag_table[0]),
			 __NR_PAGEFLAGS);
	for (size_t i = 0; i < sizeof(flag_table) / sizeof(flag_table[0]); i++) {
		const struct flag_ops *op = &flag_table[i];
		const unsigned long bit = 1UL << op->bit;

		/* Each accessor reads and writes its own bit... */
		for (size_t j = 0; j < sizeof(flag_table) / sizeof(flag_table[0]); j++) {
			struct folio folio;

			memset(&folio, 0, sizeof(folio));
			folio.flags = bit;
			if (flag_table[j].test(&folio) != (i == j))
				fail_msg("folio_test_%s() sees PG_%s",
					 flag_table[j].name, op->name);
		}
		/* ...and no other, not even the zone, node and section. */
		check_flag_ops(op, 0);
		check_flag_ops(op, all & ~bit);
		check_flag_ops(op, (all & ~bit) | PAGE_FIELDS_MASK);
	}
}

static void test_large_flag_is_head(void **state)
{
	struct folio folio;

	(void)state;
	memset(&folio, 0, sizeof(folio));
	assert_false(folio_test_large(&folio));
	assert_int_equal(folio_order(&folio), 0);
	assert_int_equal(folio_nr_pages(&folio), 1);
	/* An order in the second page without PG_head means nothing. */
	folio._flags_1 = 5;
	assert_int_equal(folio_order(&folio), 0);
	assert_int_equal(folio_nr_pages(&folio), 1);
	folio_set_head(&folio);
	assert_true(folio_test_large(&folio));
	assert_int_equal(folio_order(&folio), 5);
	assert_int_equal(folio_nr_pages(&folio), 32);
}

/* ---- compound folios ------------------------------------------------ */

/*
 * An order-2 folio at an aligned pfn, then split again:
 *
 *   pfn  0x1000    0x1003 0x1004       0x1008               0x13e7
 *        |          |     |H  T  T  T  |                        |
 *        +----------+-----+------------+------------------------+
 *
 * Expect 0x1004-0x1007 to resolve to the head at 0x1004 until it is split.
 */
static void test_compound_order2(void **state)
{
	struct test_machine *tm = *state;
	struct folio *head = pfn_folio(0x1004);

	folio_set_count(head, 1);
	folio_set_dirty(head);
	prep_compound_page(pfn_to_page(0x1004), 2);
	assert_int_equal(sim_violation_count(tm->m), 0);

	assert_true(folio_test_large(head));
	assert_true(folio_test_head(head));
	assert_true(folio_test_dirty(head));
	assert_int_equal(folio_order(head), 2);
	assert_int_equal(folio_nr_pages(head), 4);
	assert_int_equal(folio_ref_count(head), 1);
	assert_false(PageTail(pfn_to_page(0x1004)));
	for (unsigned long pfn = 0x1005; pfn < 0x1008; pfn++) {
		assert_ptr_equal(pfn_folio(pfn), head);
		assert_true(PageTail(pfn_to_page(pfn)));
		assert_ptr_equal(page_folio(pfn_to_page(pfn)), head);
		assert_int_equal(page_to_pfn(pfn_to_page(pfn)), pfn);
		assert_int_equal(folio_pfn(pfn_folio(pfn)), 0x1004);
	}
	assert_ptr_equal(folio_page(head, 3), pfn_to_page(0x1007));
	/* The neighbours are untouched. */
	assert_ptr_equal(pfn_folio(0x1003), desc(0x1003));
	assert_ptr_equal(pfn_folio(0x1008), desc(0x1008));
	assert_false(PageTail(pfn_to_page(0x1008)));
	assert_false(folio_test_large(pfn_folio(0x1003)));
	assert_false(folio_test_large(pfn_folio(0x1008)));

	/* Whatever a tail picked up, it comes out as a clean free page. */
	desc(0x1006)->flags |= 1UL << PG_dirty;
	folio_set_count(desc(0x1006), 2);
	destroy_compound_page(pfn_to_page(0x1004));
	assert_int_equal(sim_violation_count(tm->m), 0);
	assert_false(folio_test_large(head));
	assert_int_equal(folio_order(head), 0);
	assert_int_equal(folio_nr_pages(head), 1);
	assert_int_equal(folio_ref_count(head), 1);
	assert_true(folio_test_dirty(head));	/* the head keeps its flags */
	for (unsigned long pfn = 0x1005; pfn < 0x1008; pfn++) {
		assert_ptr_equal(pfn_folio(pfn), desc(pfn));
		assert_false(PageTail(pfn_to_page(pfn)));
		assert_int_equal(desc(pfn)->flags & PAGEFLAGS_MASK, 0);
		/* The order in the second page went, the links stay. */
		assert_int_equal(folio_zonenum(desc(pfn)), ZONE_NORMAL);
		assert_int_equal(folio_ref_count(desc(pfn)), 0);
		assert_true(list_empty(&desc(pfn)->lru));
	}
	folio_set_count(head, 0);
	folio_clear_dirty(head);
}

/*
 * The largest folio that ends on the last pfn of the 1000-page machine:
 *
 *   pfn  0x1000                              0x13e0          0x13e7
 *        |                                   |H  T  T .. T  T|
 *        +-----------------------------------+---------------+
 *
 * Expect order 3 at 0x13e0 accepted, one folio up to the last pfn 0x13e7.
 */
static void test_compound_ends_at_last_pfn(void **state)
{
	struct test_machine *tm = *state;
	struct folio *head = pfn_folio(0x13e0);

	prep_compound_page(pfn_to_page(0x13e0), 3);
	assert_int_equal(sim_violation_count(tm->m), 0);
	assert_int_equal(folio_nr_pages(head), 8);
	assert_ptr_equal(pfn_folio(END - 1), head);
	destroy_compound_page(pfn_to_page(0x13e0));
	assert_ptr_equal(pfn_folio(END - 1), desc(END - 1));
}

static int setup_max_order_machine(void **state)
{
	struct test_machine *tm = calloc(1, sizeof(*tm));

	if (!tm)
		return -1;
	test_machine_up(tm, 1UL << MAX_PAGE_ORDER, BASE, SIM_DATA_NONE);
	*state = tm;
	return 0;
}

/*
 * MAX_PAGE_ORDER is a valid order, on a machine of exactly that size:
 *
 *   pfn  0x1000                                              0x13ff
 *        |H  T  T  T  ......  (1024 pages)  ......  T  T  T  T|
 *        +----------------------------------------------------+
 *
 * Expect one folio of order MAX_PAGE_ORDER covering the whole machine.
 */
static void test_compound_max_order(void **state)
{
	struct test_machine *tm = *state;
	const unsigned long last = BASE + (1UL << MAX_PAGE_ORDER) - 1;
	struct folio *head = pfn_folio(BASE);

	prep_compound_page(pfn_to_page(BASE), MAX_PAGE_ORDER);
	assert_int_equal(sim_violation_count(tm->m), 0);
	assert_int_equal(folio_order(head), MAX_PAGE_ORDER);
	assert_int_equal(folio_nr_pages(head), 1UL << MAX_PAGE_ORDER);
	assert_ptr_equal(pfn_folio(last), head);
	assert_true(PageTail(pfn_to_page(last)));
	destroy_compound_page(pfn_to_page(BASE));
	assert_false(folio_test_large(head));
	assert_ptr_equal(pfn_folio(last), (struct folio *)pfn_to_page(last));
}

/*
 * Refused requests, each on the machine with one order-2 folio at 0x1008:
 *
 *   pfn  0x1000  0x1008       0x100c  0x1010  0x1012  0x1017  0x1022 0x1031  0x13e0  0x13e7
 *        |       |H  T  T  T  |       |       | ref=1 | ref=1 |      |      |      |
 *        +-------+------------+-------+-------+-------+------+------+------+
 *   (a)  order 2 at 0x1022, order 1 at 0x1031: misaligned
 *   (b)  order 0 at 0x1000;  (c) orders MAX_PAGE_ORDER + 1 and 31 at 0x1000
 *   (d)  order 4 at 0x13e0: runs 8 pages past the end (0x13e8)
 *   (e)  order 3 at 0x1008, order 4 at 0x1000, order 1 at 0x100a: overlap 0x1008-0x100b
 *   (f)  order 2 at 0x1010: tail 0x1012 has a reference; order 2 at
 *        0x1014: its last page, 0x1017, has one (kills 8728578dd7, the
 *        check stopping before the last page)
 *   (g)  a descriptor that is not the machine's
 *
 * Expect one VM_BUG_ON violation per request and the memmap byte-for-byte unchanged.
 */
static void test_compound_refused(void **state)
{
	struct test_machine *tm = *state;
	static const struct {
		unsigned long pfn;
		unsigned int order;
	} bad[] = {
		{ 0x1022, 2 },
		{ 0x1031, 1 },
		{ 0x1000, 0 },
		{ 0x1000, MAX_PAGE_ORDER + 1 },
		{ 0x1000, 31 },
		{ 0x13e0, 4 },
		{ 0x1008, 3 },
		{ 0x1000, 4 },
		{ 0x100a, 1 },
		{ 0x1010, 2 },
		{ 0x1014, 2 },
	};
	struct folio dummy;

	prep_compound_page(pfn_to_page(0x1008), 2);
	folio_set_count(desc(0x1012), 1);
	folio_set_count(desc(0x1017), 1);
	assert_int_equal(sim_violation_count(tm->m), 0);
	memmap_save();

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		prep_compound_page(pfn_to_page(bad[i].pfn), bad[i].order);
		if (sim_violation_count(tm->m) != 1)
			fail_msg("order %u at %#lx: %lu violations", bad[i].order,
				 bad[i].pfn, sim_violation_count(tm->m));
		expect_one_violation(tm->m, "WARN_ON_ONCE");
		memmap_assert_unchanged();
	}

	memset(&dummy, 0, sizeof(dummy));
	prep_compound_page((struct page *)&dummy, 1);
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	assert_int_equal(dummy.flags, 0);
	memmap_assert_unchanged();

	/* The existing folio survived all of it. */
	assert_int_equal(folio_order(pfn_folio(0x1008)), 2);
	assert_ptr_equal(pfn_folio(0x100b), desc(0x1008));

	destroy_compound_page(pfn_to_page(0x1008));
	folio_set_count(desc(0x1012), 0);
	folio_set_count(desc(0x1017), 0);
	assert_int_equal(sim_violation_count(tm->m), 0);
}

/*
 * Splitting something that is not a head:
 *
 *   pfn  0x1000  0x1008       0x100c  0x1020
 *        |       |H  T  T  T  |       |o|
 *        +-------+------------+-------+-+
 *
 * Expect a tail (0x1009), an order-0 page (0x1020) and a foreign descriptor to be refused.
 */
static void test_destroy_compound_non_head(void **state)
{
	struct test_machine *tm = *state;
	struct folio dummy;

	prep_compound_page(pfn_to_page(0x1008), 2);
	memmap_save();

	destroy_compound_page(pfn_to_page(0x1009));
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	memmap_assert_unchanged();
	destroy_compound_page(pfn_to_page(0x1020));
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	memmap_assert_unchanged();
	memset(&dummy, 0, sizeof(dummy));
	destroy_compound_page((struct page *)&dummy);
	expect_one_violation(tm->m, "WARN_ON_ONCE");
	memmap_assert_unchanged();

	destroy_compound_page(pfn_to_page(0x1008));
	assert_int_equal(sim_violation_count(tm->m), 0);
}

/*
 * Freeing a large folio (data mode, the run and its neighbours unpoisoned):
 *
 *   pfn  0x1000  0x1007 0x1008                    0x1010  0x13e7
 *        |       |open  |H  T  T  T  T  T  T  T  |open   |
 *        +-------+------+------------------------+-------+
 *
 * Expect the last folio_put() to split it into 8 free order-0 pages, poisoned, neighbours open.
 */
static void test_folio_put_large(void **state)
{
	struct test_machine *tm = *state;
	struct folio *head = pfn_folio(0x1008);

	assert_errno(sim_page_unpoison(tm->m, 0x1007, 10), 0);
	folio_set_count(head, 2);
	prep_compound_page(pfn_to_page(0x1008), 3);
	folio_set_uptodate(head);
	folio_set_dirty(head);
	head->mapping = (struct address_space *)head;
	head->index = 3;

	folio_put(head);	/* 2 -> 1: nothing happens */
	assert_int_equal(folio_order(head), 3);
	assert_ptr_equal(pfn_folio(0x100f), head);
	assert_false(sim_page_poisoned(tm->m, 0x1008));

	folio_put(head);	/* 1 -> 0: split and freed */
	assert_int_equal(sim_violation_count(tm->m), 0);
	for (unsigned long pfn = 0x1008; pfn < 0x1010; pfn++) {
		struct folio *f = desc(pfn);

		assert_ptr_equal(pfn_folio(pfn), f);
		assert_false(PageTail(pfn_to_page(pfn)));
		assert_int_equal(f->flags & PAGEFLAGS_MASK, 0);
		assert_int_equal(folio_ref_count(f), 0);
		assert_null(f->mapping);
		assert_int_equal(f->index, 0);
		assert_true(sim_page_poisoned(tm->m, pfn));
	}
	assert_false(sim_page_poisoned(tm->m, 0x1007));
	assert_false(sim_page_poisoned(tm->m, 0x1010));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pfn_folio_round_trip,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_pfn_out_of_range,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_kasan_hooks_refuse_bad_range,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_kasan_hooks_refuse_bad_range,
			setup_folio_data_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_refcount_ops,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_refcount_violations,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_folio_put_frees,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_folio_put_poisons_data,
			setup_folio_data_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_folio_put_refuses_bad_page,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_folio_put_refuses_bad_page_keeps_data,
			setup_folio_data_machine, test_teardown_machine),
		cmocka_unit_test(test_flag_accessors),
		cmocka_unit_test(test_large_flag_is_head),
		cmocka_unit_test_setup_teardown(test_compound_order2,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_compound_ends_at_last_pfn,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_compound_max_order,
			setup_max_order_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_compound_refused,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_destroy_compound_non_head,
			setup_folio_machine, test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_folio_put_large,
			setup_folio_data_machine, test_teardown_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
