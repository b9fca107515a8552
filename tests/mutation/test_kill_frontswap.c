// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tests written to kill surviving mutants of lib/mm/frontswap.c
 * (docs/testing.md, "Mutation testing"); each names the mutant it kills.
 *
 * Each test makes its own machine with page data (swap devices keep
 * copies only then). A mutant that frees a wild pointer crashes inside
 * swapoff with the swap mutex held: main() asks CMocka to abort the
 * program on such a signal (CMOCKA_TEST_ABORT) instead of going on to a
 * teardown that would wait for that mutex forever.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include <libgcma/sim_swap.h>
#include "kernel/slab.h"
#include "mm/frontswap_internal.h"

/* Fill @folio's page with bytes of value @tag. */
static void fill(struct folio *folio, unsigned char tag)
{
	void *p = folio_address(folio);

	assert_non_null(p);
	memset(p, tag, PAGE_SIZE);
}

/* Does every byte of @folio's page hold @tag? */
static bool holds(struct folio *folio, unsigned char tag)
{
	const unsigned char *p = folio_address(folio);

	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (p[i] != tag)
			return false;
	return true;
}

/*
 * A device whose slot count is odd: every slot, the last one too, keeps
 * its page, and swapoff frees exactly the device copies it holds (the
 * heap's live objects are back where they were). Kills 4e65156dee
 * (frontswap_type_free() freeing one slot past the array: with an odd
 * count that entry is the C allocator's next chunk header, a wild free).
 */
static void test_swapoff_odd_slot_count(void **state)
{
	struct sim_swap_config cfg = {
		.nr_slots = 5, .device = SIM_SWAP_DISK,
		.policy = SIM_SWAP_WRITE_THROUGH,
	};
	struct test_machine tm;
	struct folio *f;
	long live;
	int type;

	(void)state;
	test_machine_up(&tm, 128, 0, SIM_DATA_PAGES);
	assert_errno(sim_machine_boot_done(tm.m), 0);
	f = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(f);
	test_rcu_drain();
	live = kmalloc_nr_allocated();
	type = sim_swapon(&cfg);
	assert_true(type >= 0);
	for (unsigned long i = 0; i < cfg.nr_slots; i++) {
		fill(f, (unsigned char)(0x40 + i));
		assert_errno(sim_swap_out(type, i, f), 0);
	}
	for (unsigned long i = 0; i < cfg.nr_slots; i++) {
		fill(f, 0xdb);
		assert_errno(sim_swap_in(type, i, f), 0);
		assert_true(holds(f, (unsigned char)(0x40 + i)));
	}
	assert_errno(frontswap_check(), 0);
	assert_errno(sim_swapoff(type), 0);
	test_rcu_drain();
	assert_int_equal(kmalloc_nr_allocated(), live);
	folio_put(f);
	test_machine_down(&tm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swapoff_odd_slot_count),
	};

	setenv("CMOCKA_TEST_ABORT", "1", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
