// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * CMA's hurdles as causes (include/libgcma/hurdle.h): each wait and each
 * failed attempt of alloc_contig_range() is filed under the hurdle that
 * caused it, and a migration's writeback under writeback or bufferhead.
 *
 * Machine: 4096 pages, a classic area cma0 of 1024 pages at pfn 2048, a
 * filesystem with a 16384-page file whose pages fill the area.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>
#include "harness.h"

#define NR_PAGES	4096UL
#define CMA0		2048UL
#define AREA		1024UL
#define FILE_PAGES	16384UL

struct hurdle_test {
	struct test_machine tm;
	struct sim_machine *m;
	struct cma *cma;
	struct super_block *sb;
	struct inode *inode;
	unsigned long next_index;
};

static int setup(void **state)
{
	struct hurdle_test *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, NR_PAGES, 0, SIM_DATA_NONE);
	assert_errno(sim_cma_declare(t->m, "cma0", CMA0, AREA, 0, false,
				     &t->cma), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	assert_errno(sim_fs_mount("disk", 1UL << 20, &t->sb), 0);
	assert_errno(sim_inode_create(t->sb, 1, FILE_PAGES * PAGE_SIZE,
				      &t->inode), 0);
	/* Read until the area has no free page: its pages cache the file. */
	while (sim_nr_free_cma_pages(t->m) && t->next_index < FILE_PAGES)
		assert_errno(sim_page_cache_read(t->inode, t->next_index++,
						 NULL), 0);
	assert_int_equal(sim_nr_free_cma_pages(t->m), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct hurdle_test *t = *state;

	assert_errno(sim_unpin_holder(t->m, "h") >= 0 ? 0 : -1, 0);
	assert_errno(sim_fs_unmount(t->sb), 0);
	test_machine_down(&t->tm);
	free(t);
	return 0;
}

static void check(struct hurdle_test *t)
{
	assert_int_equal(cma_check(), 0);
	assert_int_equal(sim_page_alloc_check(t->m), 0);
	assert_int_equal(sim_violation_count(t->m), 0);
}

/* Index of the first cached page whose pfn is in [@lo, @hi), or fail. */
static unsigned long cached_in(struct hurdle_test *t, unsigned long lo,
			       unsigned long hi, unsigned long from)
{
	for (unsigned long i = from; i < t->next_index; i++) {
		struct folio *f = sim_page_cache_lookup(t->inode, i);

		if (f && folio_pfn(f) >= lo && folio_pfn(f) < hi)
			return i;
	}
	fail_msg("no cached page in [%#lx, %#lx)", lo, hi);
	return 0;
}

/* Pin the first cached folio of [@lo, @hi) with @kind, holder "h". */
static void pin_in(struct hurdle_test *t, unsigned long lo, unsigned long hi,
		   enum sim_pin_kind kind)
{
	struct folio *f = sim_page_cache_get(t->inode, cached_in(t, lo, hi, 0));

	assert_non_null(f);
	assert_errno(sim_pin_folio(f, kind, 0, "h", NULL), 0);
	folio_put(f);
}

/* Only @cause failed, @fails times, and its time is at least @min_ns. */
static void assert_only(const struct sim_cause_account *a, enum sim_cause cause,
			uint64_t fails, uint64_t min_ns)
{
	for (int c = 0; c < SIM_CAUSE_NR; c++) {
		if (c == (int)cause)
			continue;
		assert_int_equal(a->fails[c], 0);
		assert_int_equal(a->ns[c], 0);
	}
	assert_int_equal(a->fails[cause], fails);
	assert_true(a->ns[cause] >= min_ns);
}

static void t_names(void **state)
{
	assert_string_equal(sim_cause_name(SIM_CAUSE_AIO), "aio");
	assert_string_equal(sim_cause_name(SIM_CAUSE_FRESH), "fresh");
	assert_string_equal(sim_cause_name(SIM_CAUSE_BUFFERHEAD), "bufferhead");
	assert_string_equal(sim_cause_name(SIM_CAUSE_NOSWAP), "noswap");
	assert_null(sim_cause_name(SIM_CAUSE_NR));
	assert_string_equal(sim_pin_kind_name(SIM_PIN_AIO), "aio");
	assert_string_equal(sim_pin_kind_name(SIM_PIN_FRESH), "fresh");
}

/*
 * An AIO ring page in each aligned position of cma0:
 *   pfn 2048            2560                3072
 *       |ff....A....ffff|ffff....A.....ffff|     A = AIO ring page
 * Expect -EBUSY after two attempts, both failed on aio; the waits and
 * the two moves to the next position filed under aio, nothing else.
 */
static void t_aio_ring_fails_with_cause_aio(void **state)
{
	struct hurdle_test *t = *state;
	struct sim_cause_account a;
	struct sim_cost_model model;
	struct page *page;

	pin_in(t, CMA0, CMA0 + 512, SIM_PIN_AIO);
	pin_in(t, CMA0 + 512, CMA0 + AREA, SIM_PIN_AIO);
	assert_errno(sim_cost_model_get(t->m, &model), 0);
	sim_cause_account_reset();
	assert_errno(cma_alloc_pages(t->cma, 512, 9, GFP_KERNEL | __GFP_NOWARN,
				     &page), -EBUSY);
	sim_cause_account_get(&a);
	assert_only(&a, SIM_CAUSE_AIO, 2,
		    2 * model.ns[SIM_COST_BUSY_RETRY] +
		    model.ns[SIM_COST_MIGRATE_PASS]);
	check(t);
}

/*
 * A short O_DIRECT pin (1 ns) in the first position: migration waits it
 * out and the request succeeds there; the wait (at least one
 * migrate_pass) is filed under odirect, with no failed attempt.
 */
static void t_odirect_wait(void **state)
{
	struct hurdle_test *t = *state;
	struct sim_cause_account a;
	struct sim_cost_model model;
	struct folio *f;
	struct page *page;

	f = sim_page_cache_get(t->inode, cached_in(t, CMA0, CMA0 + 512, 0));
	assert_non_null(f);
	assert_errno(sim_pin_folio(f, SIM_PIN_ODIRECT, 1, "dio", NULL), 0);
	folio_put(f);
	assert_errno(sim_cost_model_get(t->m, &model), 0);
	sim_cause_account_reset();
	assert_errno(cma_alloc_pages(t->cma, 512, 9, GFP_KERNEL, &page), 0);
	assert_int_equal(page_to_pfn(page), CMA0);
	sim_cause_account_get(&a);
	assert_only(&a, SIM_CAUSE_ODIRECT, 0, model.ns[SIM_COST_MIGRATE_PASS]);
	assert_true(cma_release(t->cma, page, 512));
	check(t);
}

/*
 * A vmsplice pin in the first position, a long-term one in the second:
 * one failed attempt on each, each with its own waits.
 */
static void t_vmsplice_and_longterm(void **state)
{
	struct hurdle_test *t = *state;
	struct sim_cause_account a;
	struct page *page;

	pin_in(t, CMA0, CMA0 + 512, SIM_PIN_VMSPLICE);
	assert_errno(sim_pin_set_longterm_migrates(t->m, false), 0);
	pin_in(t, CMA0 + 512, CMA0 + AREA, SIM_PIN_LONGTERM);
	sim_cause_account_reset();
	assert_errno(cma_alloc_pages(t->cma, 512, 9, GFP_KERNEL | __GFP_NOWARN,
				     &page), -EBUSY);
	sim_cause_account_get(&a);
	assert_int_equal(a.fails[SIM_CAUSE_VMSPLICE], 1);
	assert_int_equal(a.fails[SIM_CAUSE_LONGTERM], 1);
	assert_true(a.ns[SIM_CAUSE_VMSPLICE] > 0);
	assert_true(a.ns[SIM_CAUSE_LONGTERM] > 0);
	assert_int_equal(a.fails[SIM_CAUSE_OTHER] + a.fails[SIM_CAUSE_ODIRECT],
			 0);
	check(t);
}

/*
 * Regression of the misreport: a page pinned right after its allocation
 * (SIM_PIN_FRESH) is cause fresh, not odirect.
 */
static void t_fresh_is_not_odirect(void **state)
{
	struct hurdle_test *t = *state;
	struct sim_cause_account a;
	struct folio *f;
	struct page *page;

	f = sim_page_cache_lookup(t->inode, cached_in(t, CMA0, CMA0 + AREA, 0));
	pin_in(t, CMA0, CMA0 + AREA, SIM_PIN_FRESH);
	assert_int_equal(sim_cause_of_folio(f), SIM_CAUSE_FRESH);
	sim_cause_account_reset();
	assert_errno(cma_alloc_pages(t->cma, AREA, 0, GFP_KERNEL | __GFP_NOWARN,
				     &page), -EBUSY);
	sim_cause_account_get(&a);
	assert_only(&a, SIM_CAUSE_FRESH, 1, 1);
	check(t);
}

/*
 * Buffer heads, dirty, on every cached page of the first 512 pfns:
 * Expect cma_alloc(512) to succeed; each such page was written back and
 * its buffers dropped, time filed under bufferhead (at least one
 * writeback and one reclaim per page) and none under writeback; no page
 * keeps PG_private.
 */
static void t_bufferhead_costs_writeback_time(void **state)
{
	struct hurdle_test *t = *state;
	struct sim_cause_account a;
	struct sim_cost_model model;
	unsigned long nr_bh = 0;
	struct page *page;

	/* Room outside the area for the targets. */
	for (unsigned long i = 0; i < t->next_index && nr_bh < 600; i++) {
		struct folio *f = sim_page_cache_lookup(t->inode, i);

		if (f && folio_pfn(f) < CMA0 &&
		    !sim_page_cache_evict(t->inode, i))
			nr_bh++;
	}
	nr_bh = 0;
	for (unsigned long i = 0; i < t->next_index; i++) {
		struct folio *f = sim_page_cache_lookup(t->inode, i);

		if (f && folio_pfn(f) >= CMA0 && folio_pfn(f) < CMA0 + 512) {
			assert_errno(sim_bh_attach(t->inode, i, true), 0);
			assert_int_equal(sim_cause_of_folio(f),
					 SIM_CAUSE_BUFFERHEAD);
			nr_bh++;
		}
	}
	assert_true(nr_bh > 0);
	assert_errno(sim_bh_attach(t->inode, FILE_PAGES - 1, true), -ENOENT);
	assert_errno(sim_cost_model_get(t->m, &model), 0);
	sim_cause_account_reset();
	assert_errno(cma_alloc_pages(t->cma, 512, 9, GFP_KERNEL, &page), 0);
	assert_int_equal(page_to_pfn(page), CMA0);
	sim_cause_account_get(&a);
	assert_only(&a, SIM_CAUSE_BUFFERHEAD, 0,
		    nr_bh * (model.ns[SIM_COST_WRITEBACK] +
			     model.ns[SIM_COST_RECLAIM]));
	for (unsigned long i = 0; i < t->next_index; i++) {
		struct folio *f = sim_page_cache_lookup(t->inode, i);

		assert_false(f && folio_test_private(f) &&
			     folio_pfn(f) >= CMA0 && folio_pfn(f) < CMA0 + 512);
	}
	assert_true(cma_release(t->cma, page, 512));
	check(t);
}

/* A plain dirty page-cache folio: its writeback is filed under writeback. */
static void t_dirty_is_writeback(void **state)
{
	struct hurdle_test *t = *state;
	struct sim_cause_account a;
	struct page *page;
	unsigned long i = cached_in(t, CMA0, CMA0 + 512, 0);

	for (unsigned long j = 0; j < 64; j++)
		if (!sim_page_cache_evict(t->inode, j) && j == i)
			fail_msg("evicted the page under test");
	assert_errno(sim_page_cache_write(t->inode, i), 0);
	sim_cause_account_reset();
	assert_errno(cma_alloc_pages(t->cma, 512, 9, GFP_KERNEL, &page), 0);
	sim_cause_account_get(&a);
	assert_only(&a, SIM_CAUSE_WRITEBACK, 0, 1);
	assert_true(cma_release(t->cma, page, 512));
	check(t);
}

/*
 * No migration target for a dirty folio of the range (the first target
 * allocation fails, by fault injection): the attempt fails on nomem; on a machine without swap that
 * holds anonymous memory, on noswap.
 */
static void t_target_failure(void **state)
{
	static const struct sim_fs_options anon = { .anon = true };
	struct hurdle_test *t = *state;
	struct sim_cause_account a;
	struct super_block *asb;
	struct inode *heap;
	struct page *page;

	assert_false(sim_hurdle_noswap(t->m));
	/* A dirty folio in the range must move (clean ones are dropped). */
	assert_errno(sim_page_cache_write(t->inode,
					  cached_in(t, CMA0, CMA0 + 512, 0)), 0);
	for (int noswap = 0; noswap < 2; noswap++) {
		assert_errno(sim_fault_fail_nth(t->m,
				SIM_FAULT_BIT(SIM_FAULT_PAGE_ALLOC), 1), 0);
		sim_cause_account_reset();
		assert_errno(cma_alloc_pages(t->cma, 512, 9,
					     GFP_KERNEL | __GFP_NOWARN, &page),
			     -ENOMEM);
		sim_fault_clear(t->m);
		sim_cause_account_get(&a);
		assert_only(&a, noswap ? SIM_CAUSE_NOSWAP : SIM_CAUSE_NOMEM, 1,
			    0);
		if (noswap)
			break;
		/* Anonymous memory, and no swap for it. */
		assert_errno(sim_fs_mount_opts("anon", 1UL << 20, &anon, &asb),
			     0);
		assert_errno(sim_inode_create(asb, 2, 64 * PAGE_SIZE, &heap), 0);
		assert_errno(sim_page_cache_write(heap, 0), 0);
		assert_errno(sim_hurdle_set_noswap(t->m, true), 0);
		assert_true(sim_hurdle_noswap(t->m));
	}
	assert_errno(sim_fs_unmount(asb), 0);
	check(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_names),
		cmocka_unit_test_setup_teardown(t_aio_ring_fails_with_cause_aio,
						setup, teardown),
		cmocka_unit_test_setup_teardown(t_fresh_is_not_odirect, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_odirect_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(t_vmsplice_and_longterm, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_bufferhead_costs_writeback_time,
						setup, teardown),
		cmocka_unit_test_setup_teardown(t_dirty_is_writeback, setup,
						teardown),
		cmocka_unit_test_setup_teardown(t_target_failure, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
