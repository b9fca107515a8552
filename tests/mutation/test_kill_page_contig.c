// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/page_contig.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
 * Also the regression tests of the failure report these tests watch.
 *
 * The harness's machine: 1024 pages, booted by the test.
 */
#include "harness.h"
#include "kernel/mmzone.h"
#include "platform/internal.h"

/* What the platform's contig_blame hook was told, in order. */
static struct {
	unsigned int calls;
	const struct folio *folio;
	int err;
} blamed;

static void record_blame(const struct folio *folio, uint64_t ns, int err)
{
	(void)ns;
	if (!err)
		return;
	blamed.calls++;
	blamed.folio = folio;
	blamed.err = err;
}

/*
 * alloc_contig_range() of the pageblock at @start, quietly, with the
 * blames recorded in @blamed and @window as the contig_window hook.
 */
static int take_pageblock(struct sim_machine *m, unsigned long start,
			  void (*window)(unsigned long, unsigned long),
			  struct acr_info *info)
{
	void (*saved)(const struct folio *, uint64_t, int) = m->hooks.contig_blame;
	int ret;

	m->hooks.contig_blame = record_blame;
	m->hooks.contig_window = window;
	blamed.calls = 0;
	ret = alloc_contig_range(start, start + pageblock_nr_pages,
				 MIGRATE_MOVABLE, GFP_KERNEL | __GFP_NOWARN,
				 info);
	m->hooks.contig_window = NULL;
	m->hooks.contig_blame = saved;
	return ret;
}

/*
 * A page frozen at refcount 0 by its owner (not free, not isolatable)
 * fails alloc_contig_range() of its pageblock only at the final test
 * (ACR_ERR_TEST, -EBUSY): the failure is blamed once, on that page's
 * folio, with -EBUSY, so the hurdle accounting names what held the
 * allocation up. Kills 14f3316bf4 (the test-step blame negated: given
 * only when migration had failed, so here nobody was blamed).
 */
static void test_frozen_page_blamed_at_test(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;
	struct acr_info info = { 0 };
	struct folio *f;
	unsigned long pfn, start;
	int ret;

	assert_errno(sim_machine_boot_done(m), 0);
	f = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(f);
	pfn = folio_pfn(f);
	start = pfn & ~(pageblock_nr_pages - 1);
	folio_set_count(f, 0);
	ret = take_pageblock(m, start, NULL, &info);
	folio_set_count(f, 1);
	folio_put(f);
	assert_errno(ret, -EBUSY);
	assert_int_equal(info.err, ACR_ERR_TEST);
	assert_int_equal(info.failed_pfn, pfn);
	assert_int_equal(blamed.calls, 1);
	assert_ptr_equal(blamed.folio, f);
	assert_int_equal(blamed.err, -EBUSY);
	assert_int_equal(sim_page_alloc_check(m), 0);
}

/* The page frozen by the test below, freed in the race window. */
static struct folio *frozen;

/* contig_window hook: the frozen page's owner lets it go, once. */
static void free_frozen(unsigned long start, unsigned long end)
{
	if (!frozen || folio_pfn(frozen) < start || folio_pfn(frozen) >= end)
		return;
	folio_set_count(frozen, 1);
	folio_put(frozen);
	frozen = NULL;
}

/*
 * The only busy page of the range (frozen at refcount 0) is freed just
 * after alloc_contig_range()'s test_pages_isolated() of the whole range
 * failed on it (the machine's contig_window hook, as another CPU could):
 * the call still fails with -EBUSY at the test (as the kernel's, which
 * does not test again), and the report names the page the test failed
 * on, as the kernel's test_pages_isolated tracepoint does (fin_pfn): the
 * failure is blamed on that page's folio and failed_pfn is its pfn. The
 * per-pfn rescan found nothing busy and named pfn 0, outside the range:
 * failed_pfn 0 ("success") and the blame on pfn 0's folio.
 */
static void test_page_freed_after_the_test_still_named(void **state)
{
	struct sim_machine *m = ((struct test_machine *)*state)->m;
	struct acr_info info = { 0 };
	unsigned long pfn, start;
	struct folio *f;
	int ret;

	assert_errno(sim_machine_boot_done(m), 0);
	/* a page of the second pageblock: pfn 0 is outside the range */
	start = pageblock_nr_pages;
	pfn = start + 5;
	assert_errno(alloc_contig_range(pfn, pfn + 1, MIGRATE_MOVABLE,
					GFP_KERNEL, NULL), 0);
	f = pfn_folio(pfn);
	folio_set_count(f, 0);
	frozen = f;
	ret = take_pageblock(m, start, free_frozen, &info);
	assert_null(frozen);
	assert_errno(ret, -EBUSY);
	assert_int_equal(info.err, ACR_ERR_TEST);
	assert_int_equal(info.failed_pfn, pfn);
	assert_int_equal(blamed.calls, 1);
	assert_ptr_equal(blamed.folio, pfn_folio(pfn));
	assert_int_equal(blamed.err, -EBUSY);
	/* the range is whole and free again: now it is taken */
	assert_errno(alloc_contig_range(start, start + pageblock_nr_pages,
					MIGRATE_MOVABLE, GFP_KERNEL, NULL), 0);
	for (unsigned long p = start; p < start + pageblock_nr_pages; p++)
		folio_put(pfn_folio(p));
	assert_int_equal(sim_page_alloc_check(m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frozen_page_blamed_at_test,
						test_setup_machine,
						test_teardown_machine),
		cmocka_unit_test_setup_teardown(test_page_freed_after_the_test_still_named,
						test_setup_machine,
						test_teardown_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
