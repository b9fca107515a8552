// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the frontswap-like client: the swap devices, store /
 * load / invalidate and every error code, the ratio knob, a GCMA recall
 * under each discard policy (the data survives and loads back: from the
 * device for write-through and write-back, from the swap cache for
 * put-back), the zram-like device's memory and costs, exclusive loads,
 * fail-nth of internal allocations, and the cleancache rule that swap
 * entries are never evicted for clean pages.
 *
 * Every test runs on a 1024-page machine with page data whose top 256
 * pages are one GCMA area; swap pages are system pages (cc_page()):
 *
 *   pfn 0                                 768                  1024
 *       |<--------- system memory --------->|<--- GCMA area ---->|
 *        anonymous pages, swap cache,         donated: clean pages
 *        zram's compressed pages              and swap pages
 *
 * frontswap_check(), gcma_check() and cleancache_check() run after every
 * step (F_CHECK).
 */
#include "fsw_test.h"
#include "mm/frontswap_internal.h"

/* ---- helpers ---------------------------------------------------------- */

/* Swap @n pages tagged @tag0 + i out to slots 0 .. @n - 1. */
static void swap_out_n(struct cc_test *t, int type, unsigned long n,
		       uint32_t tag0)
{
	struct folio *f = cc_page(t);

	for (unsigned long i = 0; i < n; i++) {
		cc_fill(t, f, tag0 + (uint32_t)i);
		assert_errno(sim_swap_out(type, i, f), 0);
		F_CHECK();
	}
}

/* Swap slots 0 .. @n - 1 in and compare with their tags. */
static void swap_in_n(struct cc_test *t, int type, unsigned long n,
		      uint32_t tag0)
{
	struct folio *f = cc_page(t);

	for (unsigned long i = 0; i < n; i++) {
		cc_fill(t, f, CC_SCRIBBLE);
		assert_errno(sim_swap_in(type, i, f), 0);
		assert_true(cc_holds(t, f, tag0 + (uint32_t)i));
		F_CHECK();
	}
}

/* ---- swapon / swapoff ------------------------------------------------- */

static void test_swapon_errors(void **state)
{
	struct sim_swap_config cfg = { .nr_slots = 4 };
	int types[SIM_MAX_SWAPFILES];

	(void)state;
	assert_errno(sim_swapon(NULL), -EINVAL);
	cfg.nr_slots = 0;
	assert_errno(sim_swapon(&cfg), -EINVAL);
	cfg.nr_slots = ULONG_MAX;	/* used to abort in calloc() under ASan */
	assert_errno(sim_swapon(&cfg), -EINVAL);
	cfg.nr_slots = SIM_SWAP_MAX_SLOTS + 1;
	assert_errno(sim_swapon(&cfg), -EINVAL);
	cfg.nr_slots = 4;
	cfg.device = (enum sim_swap_device)7;
	assert_errno(sim_swapon(&cfg), -EINVAL);
	cfg.device = SIM_SWAP_ZRAM;
	cfg.policy = SIM_SWAP_NR_POLICIES;
	assert_errno(sim_swapon(&cfg), -EINVAL);
	cfg.policy = SIM_SWAP_WRITE_BACK;
	cfg.zram_pct = 101;
	assert_errno(sim_swapon(&cfg), -EINVAL);
	cfg.zram_pct = 0;
	for (int i = 0; i < SIM_MAX_SWAPFILES; i++) {
		types[i] = sim_swapon(&cfg);
		assert_int_equal(types[i], i);
	}
	assert_errno(sim_swapon(&cfg), -EBUSY);
	F_CHECK();
	assert_errno(sim_swapoff(3), 0);
	assert_errno(sim_swapoff(3), -EINVAL);
	assert_errno(sim_swapoff(-1), -EINVAL);
	assert_errno(sim_swapoff(SIM_MAX_SWAPFILES), -EINVAL);
	assert_int_equal(sim_swapon(&cfg), 3);
	F_CHECK();
}

static void test_swapon_fail_nth(void **state)
{
	struct sim_swap_config cfg = { .nr_slots = 16 };
	struct cc_test *t = cc(state);
	unsigned long nth;
	int type = -ENOMEM;

	/* Every allocation swapon makes fails in turn: nothing changes. */
	for (nth = 1; type == -ENOMEM; nth++) {
		assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, nth), 0);
		type = sim_swapon(&cfg);
		sim_fault_clear(t->m);
		F_CHECK();
	}
	assert_int_equal(type, 0);
	assert_true(nth > 3);	/* three arrays and cleancache's fs */
	swap_out_n(t, type, 4, 100);
	swap_in_n(t, type, 4, 100);
}

/* ---- store, load, invalidate ------------------------------------------ */

static void test_store_load_invalidate(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 8);
	struct folio *f = cc_page(t);
	struct sim_cost_account a;

	cc_fill(t, f, 7);
	ACCOUNT(assert_errno(frontswap_store(type, 3, f), 0), &a);
	assert_int_equal(a.count[SIM_COST_CC_STORE], 1);
	assert_int_equal(a.count[SIM_COST_SWAP_WRITE], 0);
	F_CHECK();
	assert_int_equal(fstats().stored, 1);

	/* A load copies it back and keeps it (non-exclusive). */
	cc_fill(t, f, CC_SCRIBBLE);
	ACCOUNT(assert_errno(frontswap_load(type, 3, f), 0), &a);
	assert_int_equal(a.count[SIM_COST_CC_RESTORE], 1);
	assert_true(cc_holds(t, f, 7));
	assert_errno(frontswap_load(type, 3, f), 0);
	F_CHECK();

	/* A second store to the slot replaces the data, same slot count. */
	cc_fill(t, f, 8);
	assert_errno(frontswap_store(type, 3, f), 0);
	assert_int_equal(fstats().stored, 1);
	cc_fill(t, f, CC_SCRIBBLE);
	assert_errno(frontswap_load(type, 3, f), 0);
	assert_true(cc_holds(t, f, 8));
	F_CHECK();

	assert_errno(frontswap_invalidate_page(type, 3), 0);
	assert_errno(frontswap_invalidate_page(type, 3), 0);
	assert_errno(frontswap_load(type, 3, f), -ENOENT);
	assert_int_equal(fstats().stored, 0);
	assert_int_equal(fstats().invalidates, 1);
	assert_int_equal(fstats().load_misses, 1);
	F_CHECK();

	/* invalidate_area drops every slot. */
	for (pgoff_t i = 0; i < 8; i++)
		assert_errno(frontswap_store(type, i, f), 0);
	assert_int_equal(fstats().stored, 8);
	assert_errno(frontswap_invalidate_area(type), 0);
	assert_int_equal(fstats().stored, 0);
	F_CHECK();
}

static void test_kernel_api_errors(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 8);
	struct folio *f = cc_page(t);
	struct folio *large = folio_alloc(GFP_KERNEL, 1);

	assert_non_null(large);
	assert_true(folio_test_large(large));

	assert_errno(frontswap_store(type, 8, f), -EINVAL);
	assert_errno(frontswap_store(type + 1, 0, f), -EINVAL);
	assert_errno(frontswap_store(SIM_MAX_SWAPFILES, 0, f), -EINVAL);
	assert_errno(frontswap_store(type, 0, NULL), -EINVAL);
	assert_errno(frontswap_store(type, 0, large), -EINVAL);
	assert_errno(frontswap_load(type, 8, f), -EINVAL);
	assert_errno(frontswap_load(type + 1, 0, f), -EINVAL);
	assert_errno(frontswap_load(type, 0, NULL), -EINVAL);
	assert_errno(frontswap_load(type, 0, large), -EINVAL);
	assert_errno(frontswap_invalidate_page(type, 8), -EINVAL);
	assert_errno(frontswap_invalidate_page(type + 1, 0), -EINVAL);
	assert_errno(frontswap_invalidate_area(type + 1), -EINVAL);
	assert_errno(sim_swap_out(type, 8, f), -EINVAL);
	assert_errno(sim_swap_out(type, 0, NULL), -EINVAL);
	assert_errno(sim_swap_out(type, 0, large), -EINVAL);
	assert_errno(sim_swap_in(type, 8, f), -EINVAL);
	assert_errno(sim_swap_in(type + 1, 0, f), -EINVAL);
	assert_errno(sim_swap_in(type, 0, large), -EINVAL);
	assert_errno(sim_swap_in(type, 0, f), -ENOENT);
	assert_errno(sim_swap_free(type, 8), -EINVAL);
	assert_errno(sim_swap_free(-1, 0), -EINVAL);
	assert_errno(sim_frontswap_stats_get(NULL), -EINVAL);
	assert_int_equal(fstats().stores, 0);
	F_CHECK();
	folio_put(large);
}

/* From a thread attached to no machine, every call is -ENXIO. */
static void test_unattached(void **state)
{
	struct cc_test *t = cc(state);
	struct sim_swap_config cfg = { .nr_slots = 4 };
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 8);
	struct folio *f = cc_page(t);
	struct sim_frontswap_stats s;

	assert_errno(sim_thread_detach(), 0);
	assert_errno(frontswap_store(type, 0, f), -ENXIO);
	assert_errno(frontswap_load(type, 0, f), -ENXIO);
	assert_errno(frontswap_invalidate_page(type, 0), -ENXIO);
	assert_errno(frontswap_invalidate_area(type), -ENXIO);
	assert_errno(sim_swapon(&cfg), -ENXIO);
	assert_errno(sim_swapoff(type), -ENXIO);
	assert_errno(sim_swap_out(type, 0, f), -ENXIO);
	assert_errno(sim_swap_in(type, 0, f), -ENXIO);
	assert_errno(sim_swap_free(type, 0), -ENXIO);
	assert_errno(sim_frontswap_set_ratio(10), -ENXIO);
	assert_errno(sim_frontswap_get_ratio(), -ENXIO);
	assert_errno(sim_frontswap_stats_get(&s), -ENXIO);
	assert_errno(frontswap_check(), -ENXIO);
	assert_errno(sim_thread_attach(t->m), 0);
	assert_int_equal(fstats().stores, 0);
	F_CHECK();
}

/*
 * A machine destroyed with a swap type still on, a slot on its device:
 * the type's arrays and the device copy are freed with it (the harness
 * fails the test on any kmalloc object left).
 */
static void test_destroy_with_type_on(void **state)
{
	struct sim_machine *fixture = cc(state)->m;
	struct sim_swap_config cfg = { .nr_slots = 4 };
	struct test_machine tm;
	struct folio *f;
	int type;

	assert_errno(sim_thread_detach(), 0);
	test_machine_up(&tm, 128, 0, SIM_DATA_PAGES);
	assert_errno(sim_machine_boot_done(tm.m), 0);
	type = sim_swapon(&cfg);
	assert_true(type >= 0);
	f = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(f);
	assert_errno(sim_swap_out(type, 1, f), 0);
	folio_put(f);
	assert_errno(frontswap_check(), 0);
	test_machine_down(&tm);
	assert_errno(sim_thread_attach(fixture), 0);
}

/* ---- the ratio knob ------------------------------------------------- */

static void test_ratio(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 64);
	struct folio *f = cc_page(t);

	assert_int_equal(sim_frontswap_get_ratio(), 50);
	assert_int_equal(fstats().limit, NR_CARVE / 2);
	assert_errno(sim_frontswap_set_ratio(101), -EINVAL);
	assert_errno(sim_frontswap_set_ratio(10), 0);	/* 25 pages */
	assert_int_equal(fstats().limit, 25);

	for (pgoff_t i = 0; i < 25; i++)
		assert_errno(frontswap_store(type, i, f), 0);
	assert_errno(frontswap_store(type, 25, f), -ENOSPC);
	/* Replacing a held slot is not a new slot. */
	assert_errno(frontswap_store(type, 0, f), 0);
	assert_int_equal(fstats().store_refused, 1);
	F_CHECK();

	/* The refused page goes to the device on swap-out. */
	cc_fill(t, f, 40);
	assert_errno(sim_swap_out(type, 40, f), 0);
	assert_int_equal(fstats().device_pages, 1);
	cc_fill(t, f, CC_SCRIBBLE);
	assert_errno(sim_swap_in(type, 40, f), 0);
	assert_true(cc_holds(t, f, 40));

	/* A lower bound than what is held is refused; nothing changes. */
	assert_errno(sim_frontswap_set_ratio(9), -EBUSY);
	assert_int_equal(sim_frontswap_get_ratio(), 10);
	F_CHECK();
	assert_errno(frontswap_invalidate_area(type), 0);
	assert_errno(sim_frontswap_set_ratio(0), 0);
	assert_errno(frontswap_store(type, 0, f), -ENOSPC);
	F_CHECK();
}

/* ---- a GCMA recall under each policy ----------------------------------- */

/*
 * Swap 40 pages out into frontswap, then allocate the whole area: the
 * allocation succeeds, frontswap holds nothing afterwards, and every page
 * comes back on swap-in from where the policy put it.
 */
static void recall_policy(struct cc_test *t, enum sim_swap_policy policy,
			  struct sim_cost_account *alloc,
			  struct sim_cost_account *in)
{
	int type = swapon(SIM_SWAP_DISK, policy, 64);
	struct sim_frontswap_stats s;

	swap_out_n(t, type, 40, 1000);
	s = fstats();
	assert_int_equal(s.stored, 40);
	assert_int_equal(s.device_pages,
			 policy == SIM_SWAP_WRITE_THROUGH ? 40 : 0);

	ACCOUNT(assert_errno(gcma_alloc_range(CARVE, NR_CARVE, 0), 0), alloc);
	F_CHECK();
	s = fstats();
	assert_int_equal(s.stored, 0);
	assert_int_equal(s.recalls, 40);

	ACCOUNT(swap_in_n(t, type, 40, 1000), in);
	assert_errno(gcma_free_range(CARVE, NR_CARVE), 0);
	F_CHECK();
}

static void test_recall_write_through(void **state)
{
	struct sim_cost_account alloc, in;

	recall_policy(cc(state), SIM_SWAP_WRITE_THROUGH, &alloc, &in);
	assert_int_equal(fstats().recall_dropped, 40);
	assert_int_equal(alloc.count[SIM_COST_SWAP_WRITE], 0);
	assert_int_equal(in.count[SIM_COST_SWAP_READ], 40);
}

static void test_recall_write_back(void **state)
{
	struct sim_cost_account alloc, in;

	recall_policy(cc(state), SIM_SWAP_WRITE_BACK, &alloc, &in);
	assert_int_equal(fstats().recall_written, 40);
	assert_int_equal(fstats().device_pages, 40);
	/* The recall paid for the writes. */
	assert_int_equal(alloc.count[SIM_COST_SWAP_WRITE], 40);
	assert_int_equal(in.count[SIM_COST_SWAP_READ], 40);
}

static void test_recall_put_back(void **state)
{
	struct sim_cost_account alloc, in;

	recall_policy(cc(state), SIM_SWAP_PUT_BACK, &alloc, &in);
	assert_int_equal(fstats().recall_put_back, 40);
	assert_int_equal(fstats().swapcache_pages, 40);
	assert_int_equal(fstats().device_pages, 0);
	assert_int_equal(alloc.count[SIM_COST_PAGE_COPY], 40);
	assert_int_equal(alloc.count[SIM_COST_PAGE_ALLOC], 40);
	assert_int_equal(alloc.count[SIM_COST_SWAP_WRITE], 0);
	assert_int_equal(in.count[SIM_COST_SWAP_READ], 0);
	assert_int_equal(fstats().swapcache_hits, 40);
}

/* Put-back with no system page to be had writes back instead. */
static void test_recall_put_back_fallback(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_PUT_BACK, 8);
	struct sim_frontswap_stats s;

	swap_out_n(t, type, 4, 50);
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_PAGE_ALLOC),
					2), 0);
	assert_errno(gcma_alloc_range(CARVE, NR_CARVE, 0), 0);
	sim_fault_clear(t->m);
	F_CHECK();
	s = fstats();
	assert_int_equal(s.recall_put_back, 3);
	assert_int_equal(s.recall_written, 1);
	assert_int_equal(s.device_pages, 1);
	swap_in_n(t, type, 4, 50);
	assert_errno(gcma_free_range(CARVE, NR_CARVE), 0);
	F_CHECK();
}

/* The one CACHED folio of the carve-out (the one slot swapped out). */
static struct folio *cached_carve_folio(void)
{
	struct folio *held = NULL;

	for (unsigned long p = CARVE; p < CARVE + NR_CARVE; p++)
		if (folio_cc_state((struct folio *)pfn_to_page(p)) ==
		    CC_FOLIO_CACHED)
			held = (struct folio *)pfn_to_page(p);
	assert_non_null(held);
	return held;
}

/*
 * The single-folio recall, cleancache_backend_get_folio(), reaches the
 * client too; the slot can be stored again, into another folio.
 */
static void test_recall_one_folio(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 8);
	struct folio *f = cc_page(t), *held;
	struct gcma_area_info info;

	assert_errno(gcma_area_get_info(0, &info), 0);
	swap_out_n(t, type, 1, 60);
	held = cached_carve_folio();
	assert_errno(cleancache_backend_get_folio(info.pool_id, held), 0);
	assert_errno(frontswap_check(), 0);
	assert_int_equal(fstats().recall_written, 1);
	assert_int_equal(fstats().stored, 0);
	cc_fill(t, f, CC_SCRIBBLE);
	assert_errno(sim_swap_in(type, 0, f), 0);
	assert_true(cc_holds(t, f, 60));
	assert_errno(cleancache_backend_put_folio(info.pool_id, held), 0);
	F_CHECK();
	cc_fill(t, f, 61);
	assert_errno(frontswap_store(type, 0, f), 0);
	F_CHECK();
	swap_in_n(t, type, 1, 61);
}

/*
 * A recall that overtakes a store of new data into the same slot (the
 * store is inside cleancache: FSW_STORING) drops the old data, counted
 * as dropped, and marks the slot FSW_RECALLED for the store to see. Only
 * racing threads get there, so the store in flight is planted: the bit
 * set by hand on a held slot. Kills mutant d2e3472f39 (that drop not
 * counted).
 */
static void test_recall_overtakes_store(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 8);
	struct frontswap *fsw = frontswap_get_state();
	struct frontswap_type *ft = &fsw->types[type];
	struct folio *held;
	struct gcma_area_info info;
	struct sim_frontswap_stats s;
	unsigned char bits;

	assert_errno(gcma_area_get_info(0, &info), 0);
	swap_out_n(t, type, 1, 62);
	held = cached_carve_folio();
	spin_lock(&fsw->lock);
	ft->slot[0] |= FSW_STORING;
	spin_unlock(&fsw->lock);
	assert_errno(cleancache_backend_get_folio(info.pool_id, held), 0);
	s = fstats();
	assert_int_equal(s.recalls, 1);
	assert_int_equal(s.recall_dropped, 1);
	assert_int_equal(s.recall_written, 0);
	spin_lock(&fsw->lock);
	bits = ft->slot[0];
	/* The planted store ends: it would store its data again. */
	ft->slot[0] &= ~(FSW_STORING | FSW_RECALLED);
	spin_unlock(&fsw->lock);
	assert_int_equal(bits & (FSW_FRONT | FSW_RECALLED), FSW_RECALLED);
	assert_errno(cleancache_backend_put_folio(info.pool_id, held), 0);
	F_CHECK();
}

/* ---- zram ------------------------------------------------------------- */

static void test_zram(void **state)
{
	struct cc_test *t = cc(state);
	struct sim_swap_config cfg = {
		.nr_slots = 64, .device = SIM_SWAP_ZRAM, .zram_pct = 25,
		.policy = SIM_SWAP_WRITE_BACK,
	};
	struct sim_cost_account a;
	int type = sim_swapon(&cfg);

	assert_true(type >= 0);
	assert_errno(sim_frontswap_set_ratio(0), 0);	/* all to zram */
	ACCOUNT(swap_out_n(t, type, 10, 70), &a);
	assert_int_equal(a.count[SIM_COST_ZRAM_WRITE], 10);
	assert_int_equal(a.count[SIM_COST_SWAP_WRITE], 0);
	/* 10 pages at 25%: 3 system pages. */
	assert_int_equal(fstats().zram_pages, 3);
	assert_int_equal(fstats().zram_short, 0);
	ACCOUNT(swap_in_n(t, type, 10, 70), &a);
	assert_int_equal(a.count[SIM_COST_ZRAM_READ], 10);
	for (pgoff_t i = 0; i < 10; i++) {
		assert_errno(sim_swap_free(type, i), 0);
		F_CHECK();
	}
	assert_int_equal(fstats().zram_pages, 0);
	assert_int_equal(fstats().device_pages, 0);
}

/* The gcma.zram configuration: write-back recall into zram. */
static void test_zram_recall(void **state)
{
	struct cc_test *t = cc(state);
	struct sim_swap_config cfg = {
		.nr_slots = 64, .device = SIM_SWAP_ZRAM,
		.policy = SIM_SWAP_WRITE_BACK,
	};
	struct sim_cost_account a;
	int type = sim_swapon(&cfg);

	assert_true(type >= 0);
	swap_out_n(t, type, 30, 80);
	assert_int_equal(fstats().zram_pages, 0);
	ACCOUNT(assert_errno(gcma_alloc_range(CARVE, NR_CARVE, 0), 0), &a);
	F_CHECK();
	assert_int_equal(a.count[SIM_COST_ZRAM_WRITE], 30);
	assert_int_equal(fstats().zram_pages, 10);	/* 30 at 33% */
	swap_in_n(t, type, 30, 80);
	assert_errno(gcma_free_range(CARVE, NR_CARVE), 0);
	F_CHECK();
}

/* ---- exclusive loads, swap path, fail-nth ------------------------------ */

static void test_exclusive_loads(void **state)
{
	struct cc_test *t = cc(state);
	struct sim_swap_config cfg = {
		.nr_slots = 8, .policy = SIM_SWAP_WRITE_BACK,
		.exclusive_loads = true,
	};
	struct folio *f = cc_page(t);
	int type = sim_swapon(&cfg);

	assert_true(type >= 0);
	cc_fill(t, f, 90);
	assert_errno(frontswap_store(type, 1, f), 0);
	cc_fill(t, f, CC_SCRIBBLE);
	assert_errno(frontswap_load(type, 1, f), 0);
	assert_true(cc_holds(t, f, 90));
	assert_int_equal(fstats().stored, 0);
	assert_errno(frontswap_load(type, 1, f), -ENOENT);
	assert_errno(sim_swap_in(type, 1, f), -ENOENT);
	F_CHECK();
}

static void test_swap_out_replaces(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_PUT_BACK, 8);

	swap_out_n(t, type, 2, 110);
	assert_errno(gcma_alloc_range(CARVE, NR_CARVE, 0), 0);
	assert_int_equal(fstats().swapcache_pages, 2);
	assert_errno(gcma_free_range(CARVE, NR_CARVE), 0);
	/* New data for the slots: the swap-cache pages are stale, gone. */
	swap_out_n(t, type, 2, 120);
	assert_int_equal(fstats().swapcache_pages, 0);
	assert_int_equal(fstats().stored, 2);
	swap_in_n(t, type, 2, 120);
	assert_errno(sim_swap_free(type, 0), 0);
	assert_errno(sim_swap_free(type, 0), 0);
	assert_int_equal(fstats().stored, 1);
	F_CHECK();
}

static void test_store_fail_nth(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 8);
	struct folio *f = cc_page(t);

	cc_fill(t, f, 130);
	/* The device copy's reservation fails: nothing changes. */
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_KMALLOC),
					1), 0);
	assert_errno(frontswap_store(type, 0, f), -ENOMEM);
	sim_fault_clear(t->m);
	assert_int_equal(fstats().stored, 0);
	F_CHECK();
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_KMALLOC),
					1), 0);
	assert_errno(sim_swap_out(type, 0, f), -ENOMEM);
	sim_fault_clear(t->m);
	assert_errno(sim_swap_in(type, 0, f), -ENOENT);
	F_CHECK();

	/* cleancache cannot make the inode: the page goes to the device. */
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_CC_INODE),
					1), 0);
	assert_errno(sim_swap_out(type, 0, f), 0);
	sim_fault_clear(t->m);
	assert_int_equal(fstats().store_failed, 1);
	assert_int_equal(fstats().device_pages, 1);
	assert_int_equal(fstats().stored, 0);
	F_CHECK();
	swap_in_n(t, type, 1, 130);
}

/*
 * Write-through: the store writes the device first, so when cleancache
 * then cannot take the page (here: its inode cannot be made) the page
 * is still kept, on the device. Expect 0 (the caller must not write it
 * again), the failure counted, the slot not held by frontswap, and the
 * page read back from the device.
 */
static void test_store_fails_write_through(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_THROUGH, 8);
	struct folio *f = cc_page(t);
	struct sim_frontswap_stats s;

	cc_fill(t, f, 140);
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_CC_INODE),
					1), 0);
	assert_errno(frontswap_store(type, 0, f), 0);
	sim_fault_clear(t->m);
	s = fstats();
	assert_int_equal(s.store_failed, 1);
	assert_int_equal(s.stores, 0);
	assert_int_equal(s.stored, 0);
	assert_int_equal(s.device_pages, 1);
	assert_int_equal(s.device_writes, 1);
	F_CHECK();
	cc_fill(t, f, CC_SCRIBBLE);
	assert_errno(frontswap_load(type, 0, f), -ENOENT);
	swap_in_n(t, type, 1, 140);
}

/* ---- integration with cleancache --------------------------------------- */

/*
 * With the area full of clean pages, a swap store evicts the least
 * recently used clean page; a clean store never evicts a swap page.
 */
static void test_clean_pages_never_evict_swap(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 8);
	struct folio *f = cc_page(t);
	struct cleancache_stats s;

	for (pgoff_t i = 0; i < NR_CARVE; i++)
		assert_true(cc_store_tag(t, &t->inode[0], f, i, (uint32_t)i));
	F_CHECK();
	swap_out_n(t, type, 4, 140);
	assert_int_equal(fstats().stored, 4);
	cc_stats(&s);
	assert_int_equal(s.reclaimed, 4);
	assert_int_equal(s.cached, NR_CARVE);

	/* 300 more clean stores cycle through the clean part only. */
	for (pgoff_t i = 0; i < 300; i++)
		assert_true(cc_store_tag(t, &t->inode[1], f, i, (uint32_t)i));
	F_CHECK();
	assert_int_equal(fstats().stored, 4);
	swap_in_n(t, type, 4, 140);
	assert_int_equal(fstats().loads, 4);
}

/* Only swap pages in the area: a clean store finds nothing to evict. */
static void test_swap_only_area(void **state)
{
	struct cc_test *t = cc(state);
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, NR_CARVE);
	struct folio *f = cc_page(t);

	assert_errno(sim_frontswap_set_ratio(100), 0);
	swap_out_n(t, type, NR_CARVE, 150);
	assert_int_equal(fstats().stored, NR_CARVE);
	assert_false(cc_store_tag(t, &t->inode[0], f, 0, 1));
	F_CHECK();
	swap_in_n(t, type, NR_CARVE, 150);
}

int main(void)
{
#define T(fn)	cmocka_unit_test_setup_teardown(fn, fsw_setup, fsw_teardown)
	const struct CMUnitTest tests[] = {
		T(test_swapon_errors),
		T(test_swapon_fail_nth),
		T(test_store_load_invalidate),
		T(test_kernel_api_errors),
		T(test_unattached),
		T(test_destroy_with_type_on),
		T(test_ratio),
		T(test_recall_write_through),
		T(test_recall_write_back),
		T(test_recall_put_back),
		T(test_recall_put_back_fallback),
		T(test_recall_one_folio),
		T(test_recall_overtakes_store),
		T(test_zram),
		T(test_zram_recall),
		T(test_exclusive_loads),
		T(test_swap_out_replaces),
		T(test_store_fail_nth),
		T(test_store_fails_write_through),
		T(test_clean_pages_never_evict_swap),
		T(test_swap_only_area),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
