// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/page_contig.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
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
	void (*saved)(const struct folio *, uint64_t, int);
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
	saved = m->hooks.contig_blame;
	m->hooks.contig_blame = record_blame;
	blamed.calls = 0;
	ret = alloc_contig_range(start, start + pageblock_nr_pages,
				 MIGRATE_MOVABLE, GFP_KERNEL | __GFP_NOWARN,
				 &info);
	m->hooks.contig_blame = saved;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_frozen_page_blamed_at_test,
						test_setup_machine,
						test_teardown_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
