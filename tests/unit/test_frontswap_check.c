// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * frontswap_check() finds what it promises to find (the list at the top
 * of lib/mm/frontswap_check.c): each test swaps a page out, corrupts one
 * slot byte, counter or folio field on purpose, asserts the checker
 * returns -EUCLEAN and names the problem, then puts it back and asserts
 * the checker is clean again.
 *
 * The fsw_test.h fixture: a 1024-page machine whose top 256 pages are
 * one GCMA area; a write-through disk type of 8 slots holds slot 3.
 */
#include "check_test.h"
#include "fsw_test.h"
#include "mm/frontswap_internal.h"
#include "mm/gcma_internal.h"

#define SLOT	3

struct world {
	struct frontswap *fsw;
	struct frontswap_type *t;
	struct folio *held;	/* the donated folio holding slot 3 */
};

static void build(struct cc_test *ct, struct world *w,
		  enum sim_swap_device dev, unsigned long nr_slots)
{
	int type = swapon(dev, SIM_SWAP_WRITE_THROUGH, nr_slots);
	struct folio *f = cc_page(ct);

	cc_fill(ct, f, 3);
	assert_errno(sim_swap_out(type, SLOT, f), 0);
	F_CHECK();
	w->fsw = frontswap_get_state();
	w->t = frontswap_type_get(w->fsw, type);
	assert_non_null(w->t);
	assert_int_equal(w->t->slot[SLOT], FSW_FRONT | FSW_DEVICE);
	w->held = NULL;
	for (unsigned long pfn = CARVE; pfn < CARVE + NR_CARVE; pfn++)
		if (folio_cc_state(pfn_folio(pfn)) == CC_FOLIO_CACHED)
			w->held = pfn_folio(pfn);
	assert_non_null(w->held);
}

/* FSW_FINDS(msg) - the checker fails, naming @msg. */
#define FSW_FINDS(msg) \
	CHECK_DETECTS(frontswap_check(), -EUCLEAN, "CHECK", (msg))

#define FSW_CLEAN()	CHECK_CLEAN(frontswap_check(), 0)

static void test_unattached(void **state)
{
	check_unattached(frontswap_check);
}

static void test_slot_bits(void **state)
{
	struct world w;

	build(cc(state), &w, SIM_SWAP_DISK, 8);
	w.t->slot[2] |= FSW_STORING;
	FSW_FINDS("slot 2: left mid-store (0x8)");
	w.t->slot[2] = 0;

	w.t->slot[5] |= FSW_FRONT;
	assert_errno(frontswap_check(), -EUCLEAN);
	assert_true(check_found("CHECK", "slot 5: FRONT 1 but entry"));
	FSW_FINDS("1 entries in cleancache, 2 slots held");
	w.t->slot[5] = 0;

	w.t->slot[SLOT] &= ~FSW_FRONT;
	FSW_FINDS("slot 3: FRONT 0 but entry");
	w.t->slot[SLOT] |= FSW_FRONT;

	w.t->slot[6] |= FSW_SWAPCACHE;
	FSW_FINDS("slot 6: SWAPCACHE 1 but page");
	w.t->slot[6] = 0;

	w.t->slot[SLOT] &= ~FSW_DEVICE;
	FSW_FINDS("slot 3: write-through slot not on the device");
	w.t->slot[SLOT] |= FSW_DEVICE;
	FSW_CLEAN();
}

static void test_held_folio(void **state)
{
	struct world w;
	struct gcma_area *area = &gcma_get_state()->areas[0];
	unsigned long i;

	build(cc(state), &w, SIM_SWAP_DISK, 8);
	w.held->index = SLOT + 1;
	FSW_FINDS("slot 3: folio");
	w.held->index = SLOT;
	FSW_CLEAN();

	/* Its pfn marked as handed out by GCMA. */
	i = folio_pfn(w.held) - area->start_pfn;
	area->bitmap[i / BITS_PER_LONG] ^= 1UL << (i % BITS_PER_LONG);
	FSW_FINDS("is allocated by GCMA");
	area->bitmap[i / BITS_PER_LONG] ^= 1UL << (i % BITS_PER_LONG);
	FSW_CLEAN();
}

static void test_counters(void **state)
{
	struct world w;
	unsigned int ratio;

	build(cc(state), &w, SIM_SWAP_DISK, 8);
	assert_int_equal(fstats().stored, 1);
	w.t->nr_device++;
	FSW_FINDS("counted 1/1/0, counters 1/2/0");
	w.t->nr_device--;

	w.fsw->nr_front++;
	FSW_FINDS("1 slots held, global counter 2");
	w.fsw->nr_front--;

	ratio = w.fsw->ratio;
	w.fsw->ratio = 0;
	FSW_FINDS("1 slots held over the ratio bound 0");
	w.fsw->ratio = ratio;
	FSW_CLEAN();
}

static void test_zram_held(void **state)
{
	struct world w;

	build(cc(state), &w, SIM_SWAP_ZRAM, 8);
	w.t->zram_held += 100;
	FSW_FINDS("zram holds");
	w.t->zram_held -= 100;
	FSW_CLEAN();
}

/*
 * Every type is checked, the last one too: with all types on and a page
 * only in the last, the checker counts its slot (clean), and finds a
 * slot bit planted there. Kills c9638986fb (the walk stopping one type
 * early: "0 slots held, global counter 1").
 */
static void test_last_type(void **state)
{
	struct cc_test *ct = cc(state);
	struct folio *f = cc_page(ct);
	struct frontswap_type *t;
	int type = -1;

	for (int i = 0; i < FRONTSWAP_MAX_TYPES; i++)
		type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_THROUGH, 8);
	assert_int_equal(type, FRONTSWAP_MAX_TYPES - 1);
	cc_fill(ct, f, 7);
	assert_errno(sim_swap_out(type, SLOT, f), 0);
	FSW_CLEAN();
	t = frontswap_type_get(frontswap_get_state(), type);
	assert_non_null(t);
	t->slot[2] |= FSW_STORING;
	FSW_FINDS("slot 2: left mid-store (0x8)");
	t->slot[2] = 0;
	FSW_CLEAN();
}

/* More than 32 problems: 32 reports and one summary. */
static void test_summary(void **state)
{
	struct world w;

	build(cc(state), &w, SIM_SWAP_DISK, 48);
	for (unsigned long i = 8; i < 48; i++)
		w.t->slot[i] |= FSW_RECALLED;
	assert_errno(frontswap_check(), -EUCLEAN);
	assert_int_equal(sim_violation_count(cc(state)->m), 33);
	FSW_FINDS("8 more problems");
	for (unsigned long i = 8; i < 48; i++)
		w.t->slot[i] = 0;
	FSW_CLEAN();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fsw_setup, fsw_teardown)
		T(test_unattached),
		T(test_slot_bits),
		T(test_held_folio),
		T(test_counters),
		T(test_zram_held),
		T(test_last_type),
		T(test_summary),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
