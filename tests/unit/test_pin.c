// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of pins: references and _pincount, describe, bad input,
 * expiry of timed pins at safe points only (never where time is charged),
 * release by holder, the long-term setting and check, the seeded random
 * choice and its reservoir's ways of drawing, concurrent pinners, and
 * release of every pin at destruction.
 *
 * Folios come from folio_alloc(); "movable users" are faked by giving a
 * folio a mapping pointer (the simulated fs would do the same).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kernel/port.h"
#include "sim/sim_internal.h"

#define NR_PAGES	1024UL

static char fake_mapping_storage;
#define FAKE_MAPPING	((struct address_space *)&fake_mapping_storage)

static int setup_booted(void **state)
{
	struct test_machine *tm = calloc(1, sizeof(*tm));

	struct sim_cost_model costs;

	test_machine_up(tm, NR_PAGES, 0, SIM_DATA_NONE);
	assert_errno(sim_machine_boot_done(tm->m), 0);
	/*
	 * Pins are timed against the virtual clock: the page allocations
	 * that set up each test must not move it.
	 */
	assert_errno(sim_cost_model_get(tm->m, &costs), 0);
	costs.ns[SIM_COST_PAGE_ALLOC] = 0;
	costs.ns[SIM_COST_PAGE_FREE] = 0;
	assert_errno(sim_cost_model_set(tm->m, &costs), 0);
	*state = tm;
	return 0;
}

#define FIXTURE(f) \
	cmocka_unit_test_setup_teardown(f, setup_booted, test_teardown_machine)

static struct sim_machine *fixture_machine(void **state)
{
	return ((struct test_machine *)*state)->m;
}

static struct folio *alloc_page_cache_folio(void)
{
	struct folio *f = folio_alloc(GFP_KERNEL, 0);

	assert_non_null(f);
	f->mapping = FAKE_MAPPING;
	return f;
}

static void test_pin_unpin_refcounts(void **state)
{
	struct sim_pin *a, *b;
	struct folio *f = alloc_page_cache_folio();
	char buf[96];

	assert_false(folio_maybe_dma_pinned(f));
	assert_errno(sim_pin_describe(f, buf, sizeof(buf)), -ENOENT);
	assert_errno(sim_pin_folio(f, SIM_PIN_ODIRECT, 0, "dio", &a), 0);
	assert_int_equal(folio_ref_count(f), 2);
	assert_int_equal(f->_pincount.counter, 1);
	assert_true(folio_maybe_dma_pinned(f));
	sim_clock_advance(fixture_machine(state), 1500);
	assert_errno(sim_pin_folio(f, SIM_PIN_VMSPLICE, 0, "splicer", &b), 0);
	assert_int_equal(folio_ref_count(f), 3);
	assert_int_equal(f->_pincount.counter, 2);
	assert_int_equal(sim_pin_count(fixture_machine(state)), 2);

	/* The oldest pin is described. */
	assert_errno(sim_pin_describe(f, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "odirect by dio, pinned at 0 ns");
	assert_errno(sim_unpin(a), 0);
	assert_errno(sim_pin_describe(f, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "vmsplice by splicer, pinned at 1500 ns");
	/* A short buffer is cut, NUL-terminated. */
	assert_errno(sim_pin_describe(f, buf, 9), 0);
	assert_string_equal(buf, "vmsplice");

	assert_errno(sim_unpin(b), 0);
	assert_int_equal(folio_ref_count(f), 1);
	assert_false(folio_maybe_dma_pinned(f));
	assert_int_equal(sim_pin_count(fixture_machine(state)), 0);
	folio_put(f);
}

/* A pin keeps the folio; the last unpin frees it. */
static void test_pin_holds_last_reference(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct folio *f = alloc_page_cache_folio();
	unsigned long free_before;
	struct sim_pin *pin;

	assert_errno(sim_pin_folio(f, SIM_PIN_LONGTERM, 0, NULL, &pin), 0);
	free_before = sim_nr_free_pages(m);
	folio_put(f);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(sim_nr_free_pages(m), free_before);
	assert_errno(sim_unpin(pin), 0);
	assert_int_equal(folio_ref_count(f), 0);
	assert_int_equal(sim_nr_free_pages(m), free_before + 1);
}

/*
 * Make an order-1 folio out of two order-0 folios the test owns at an
 * aligned pair of pfns (folio_alloc() of order 1 may not exist yet).
 */
static struct folio *make_order1(struct folio **pages, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (!(folio_pfn(pages[i]) & 1) &&
			    folio_pfn(pages[j]) == folio_pfn(pages[i]) + 1) {
				folio_set_count(pages[j], 0);
				prep_compound_page((struct page *)pages[i], 1);
				return pages[i];
			}
	return NULL;
}

static void unmake_order1(struct folio *head)
{
	destroy_compound_page((struct page *)head);
	set_page_count(folio_page(head, 1), 1);
}

static void test_bad_input(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct folio *f = alloc_page_cache_folio();
	struct folio *pages[8], *big;
	struct sim_pin *pin = NULL;
	struct folio *free_folio = NULL;
	char buf[64];

	for (int i = 0; i < 8; i++)
		pages[i] = folio_alloc(GFP_KERNEL, 0);
	big = make_order1(pages, 8);
	assert_non_null(big);
	for (unsigned long pfn = m->base_pfn; !free_folio; pfn++)
		if (!folio_ref_count(pfn_folio(pfn)))
			free_folio = pfn_folio(pfn);
	/* A free folio, a tail, a timed pin with a handle, a bad kind. */
	assert_errno(sim_pin_folio(free_folio, SIM_PIN_ODIRECT, 0, "x", NULL),
		     -EINVAL);
	assert_int_equal(folio_ref_count(free_folio), 0);
	assert_errno(sim_pin_folio((struct folio *)folio_page(big, 1), SIM_PIN_ODIRECT, 0, "x", NULL),
		     -EINVAL);
	assert_errno(sim_pin_folio(f, SIM_PIN_ODIRECT, 10, "x", &pin), -EINVAL);
	assert_errno(sim_pin_folio(f, SIM_PIN_NR_KINDS, 0, "x", NULL), -EINVAL);
	assert_errno(sim_pin_folio(NULL, SIM_PIN_ODIRECT, 0, "x", NULL), -EINVAL);
	assert_null(pin);
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(sim_pin_count(m), 0);

	assert_errno(sim_unpin(NULL), -EINVAL);
	assert_errno(sim_pin_describe(NULL, buf, sizeof(buf)), -EINVAL);
	assert_errno(sim_pin_describe(f, NULL, sizeof(buf)), -EINVAL);
	assert_errno(sim_pin_describe(f, buf, 0), -EINVAL);
	assert_errno(sim_unpin_holder(NULL, "x"), -EINVAL);
	assert_errno(sim_unpin_holder(m, NULL), -EINVAL);
	assert_errno(sim_pin_set_longterm_migrates(NULL, true), -EINVAL);
	assert_false(sim_pin_longterm_migrates(NULL));
	assert_int_equal(sim_pin_count(NULL), 0);
	assert_string_equal(sim_pin_kind_name(SIM_PIN_ODIRECT), "odirect");
	assert_string_equal(sim_pin_kind_name(SIM_PIN_VMSPLICE), "vmsplice");
	assert_string_equal(sim_pin_kind_name(SIM_PIN_LONGTERM), "longterm");
	assert_null(sim_pin_kind_name(SIM_PIN_NR_KINDS));

	/* The holder name is cut to 31 bytes, as sim_unpin_holder() cuts. */
	assert_errno(sim_pin_folio(f, SIM_PIN_VMSPLICE, 0,
				   "a-holder-name-longer-than-31-bytes", NULL), 0);
	assert_errno(sim_pin_describe(f, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "vmsplice by a-holder-name-longer-than-31-by, pinned at 0 ns");
	assert_int_equal(sim_unpin_holder(m, "a-holder-name-longer-than-31-bytes!"), 1);
	folio_put(f);
	unmake_order1(big);
	for (int i = 0; i < 8; i++)
		folio_put(pages[i]);
}

/*
 * Time charged inside the model never releases a pin; the next safe
 * point does. Expiry is at exactly pinned_at + hold_ns.
 */
static void test_expiry_at_safe_points_only(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct folio *f = alloc_page_cache_folio();
	struct sim_cost_model model;
	char line[SIM_TRACE_LINE_LEN];

	sim_cost_model_get(m, &model);
	model.ns[SIM_COST_PAGE_COPY] = 100;
	sim_cost_model_set(m, &model);
	sim_trace_enable(m, true);

	assert_errno(sim_pin_folio(f, SIM_PIN_ODIRECT, 1000, "dio", NULL), 0);
	sim_cost(SIM_COST_PAGE_COPY, 9);
	cond_resched();
	assert_true(folio_maybe_dma_pinned(f));	/* 900 < 1000 */
	sim_cost(SIM_COST_PAGE_COPY, 5);
	assert_true(folio_maybe_dma_pinned(f));	/* due, no safe point yet */
	assert_int_equal(sim_pin_count(m), 1);
	cond_resched();
	assert_false(folio_maybe_dma_pinned(f));
	assert_int_equal(folio_ref_count(f), 1);
	assert_int_equal(sim_pin_count(m), 0);

	/* Idle time is a safe point itself; exactly at expiry counts. */
	assert_errno(sim_pin_folio(f, SIM_PIN_ODIRECT, 500, "dio", NULL), 0);
	assert_errno(sim_clock_advance(m, 499), 0);
	assert_true(folio_maybe_dma_pinned(f));
	assert_errno(sim_clock_advance(m, 1), 0);
	assert_false(folio_maybe_dma_pinned(f));

	assert_int_equal(sim_trace_count(m), 4);
	assert_errno(sim_trace_get(m, 1, line, sizeof(line)), 0);
	assert_non_null(strstr(line, "sim_unpin_folio: "));
	assert_non_null(strstr(line, "kind=odirect holder=dio reason=expired held_ns=1400"));
	assert_errno(sim_trace_get(m, 0, line, sizeof(line)), 0);
	assert_non_null(strstr(line, "sim_pin_folio: "));
	assert_non_null(strstr(line, "kind=odirect holder=dio hold_ns=1000"));
	folio_put(f);
}

/* Several timed pins expire in time order; the last one may free. */
static void test_expiry_order_and_free(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	static const uint64_t hold[] = { 700, 100, 500, 300, 900, 100 };
	struct folio *f[ARRAY_SIZE(hold)];
	unsigned long free_before;

	for (size_t i = 0; i < ARRAY_SIZE(hold); i++) {
		f[i] = alloc_page_cache_folio();
		assert_errno(sim_pin_folio(f[i], SIM_PIN_ODIRECT, hold[i], "o", NULL), 0);
		f[i]->mapping = NULL;
		folio_put(f[i]);	/* the pin now holds the only reference */
	}
	free_before = sim_nr_free_pages(m);
	for (uint64_t t = 100; t <= 900; t += 200) {
		unsigned long due = 0;

		assert_errno(sim_clock_advance(m, t == 100 ? 100 : 200), 0);
		for (size_t i = 0; i < ARRAY_SIZE(hold); i++) {
			bool released = hold[i] <= t;

			due += released;
			assert_int_equal(folio_ref_count(f[i]), released ? 0 : 1);
		}
		assert_int_equal(sim_pin_count(m), ARRAY_SIZE(hold) - due);
		assert_int_equal(sim_nr_free_pages(m), free_before + due);
	}
}

static void test_unpin_holder(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct folio *f[6];
	struct sim_pin *handle;

	for (int i = 0; i < 6; i++)
		f[i] = alloc_page_cache_folio();
	assert_errno(sim_pin_folio(f[0], SIM_PIN_ODIRECT, 100, "a", NULL), 0);
	assert_errno(sim_pin_folio(f[1], SIM_PIN_ODIRECT, 200, "b", NULL), 0);
	assert_errno(sim_pin_folio(f[2], SIM_PIN_VMSPLICE, 0, "a", &handle), 0);
	assert_errno(sim_pin_folio(f[3], SIM_PIN_ODIRECT, 300, "a", NULL), 0);
	assert_errno(sim_pin_folio(f[4], SIM_PIN_ODIRECT, 400, "b", NULL), 0);
	assert_errno(sim_pin_folio(f[5], SIM_PIN_VMSPLICE, 0, "b", NULL), 0);

	assert_int_equal(sim_unpin_holder(m, "a"), 3);
	assert_int_equal(sim_unpin_holder(m, "a"), 0);
	assert_int_equal(sim_pin_count(m), 3);
	for (int i = 0; i < 6; i++)
		assert_int_equal(folio_maybe_dma_pinned(f[i]), i == 1 || i >= 4);
	/* b's timed pins still expire in order after the heap removals. */
	assert_errno(sim_clock_advance(m, 200), 0);
	assert_false(folio_maybe_dma_pinned(f[1]));
	assert_true(folio_maybe_dma_pinned(f[4]));
	assert_errno(sim_clock_advance(m, 200), 0);
	assert_false(folio_maybe_dma_pinned(f[4]));
	assert_int_equal(sim_unpin_holder(m, "b"), 1);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(folio_ref_count(f[i]), 1);
		folio_put(f[i]);
	}
}

/*
 * 300 timed pins with random hold times and one of 5 holders; two holders
 * are released early (holes in the expiry heap); then each step of time
 * must release exactly the pins due by then.
 */
static void test_expiry_heap_random(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	static struct folio *f[300];
	static uint64_t hold[300];
	static int holder[300];
	uint64_t prng = 7;
	char name[8];

	for (int i = 0; i < 300; i++) {
		f[i] = alloc_page_cache_folio();
		hold[i] = 1 + test_prng(&prng) % 1000;
		holder[i] = test_prng(&prng) % 5;
		snprintf(name, sizeof(name), "h%d", holder[i]);
		assert_errno(sim_pin_folio(f[i], SIM_PIN_ODIRECT, hold[i], name, NULL), 0);
	}
	assert_int_equal(sim_pin_check(m), 0);
	assert_true(sim_unpin_holder(m, "h1") > 0);
	assert_int_equal(sim_pin_check(m), 0);
	assert_true(sim_unpin_holder(m, "h3") > 0);
	assert_int_equal(sim_pin_check(m), 0);
	for (uint64_t t = 0; t <= 1000; t += 37) {
		unsigned long left = 0;

		assert_errno(sim_clock_advance(m, t ? 37 : 0), 0);
		for (int i = 0; i < 300; i++) {
			bool held = holder[i] != 1 && holder[i] != 3 && hold[i] > t;

			left += held;
			assert_int_equal(folio_maybe_dma_pinned(f[i]), held);
		}
		assert_int_equal(sim_pin_count(m), left);
		assert_int_equal(sim_pin_check(m), 0);
	}
	assert_errno(sim_clock_advance(m, 1000), 0);
	assert_int_equal(sim_pin_count(m), 0);
	for (int i = 0; i < 300; i++)
		folio_put(f[i]);
}

/*
 * Holds inserted in this order make the heap [1, 100, 2, 101, 102, 3, 4];
 * removing 101 moves 4 under 100, which must sift up.
 */
static void test_expiry_heap_remove_sifts_up(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	static const uint64_t hold[] = { 1, 100, 2, 101, 102, 3, 4 };
	struct folio *f[ARRAY_SIZE(hold)];

	for (size_t i = 0; i < ARRAY_SIZE(hold); i++) {
		f[i] = alloc_page_cache_folio();
		assert_errno(sim_pin_folio(f[i], SIM_PIN_ODIRECT, hold[i],
					   i == 3 ? "x" : "y", NULL), 0);
	}
	assert_int_equal(sim_unpin_holder(m, "x"), 1);
	assert_int_equal(sim_pin_check(m), 0);
	assert_errno(sim_clock_advance(m, 4), 0);
	assert_int_equal(sim_pin_count(m), 2);
	assert_true(folio_maybe_dma_pinned(f[1]) && folio_maybe_dma_pinned(f[4]));
	assert_int_equal(sim_unpin_holder(m, "y"), 2);
	for (size_t i = 0; i < ARRAY_SIZE(hold); i++)
		folio_put(f[i]);
}

static unsigned long odd_pfn_checks;

static bool only_odd_pfns(struct folio *folio)
{
	odd_pfn_checks++;
	return folio_pfn(folio) & 1;
}

static void test_longterm_setting(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct folio *even = NULL, *odd = NULL;
	struct folio *keep[4];
	int n = 0;

	while (!even || !odd) {
		struct folio *f = alloc_page_cache_folio();

		if (folio_pfn(f) & 1 && !odd)
			odd = f;
		else if (!(folio_pfn(f) & 1) && !even)
			even = f;
		else
			keep[n++] = f;
		assert_true(n < 4);
	}
	assert_true(sim_pin_longterm_migrates(m));
	/* Without a check every folio is long-term pinnable. */
	assert_errno(sim_pin_folio(even, SIM_PIN_LONGTERM, 0, "rdma", NULL), 0);
	assert_int_equal(sim_unpin_holder(m, "rdma"), 1);

	sim_pin_set_longterm_check(m, only_odd_pfns);
	assert_errno(sim_pin_folio(even, SIM_PIN_LONGTERM, 0, "rdma", NULL), -EAGAIN);
	assert_int_equal(folio_ref_count(even), 1);
	assert_errno(sim_pin_folio(odd, SIM_PIN_LONGTERM, 0, "rdma", NULL), 0);
	assert_errno(sim_pin_folio(even, SIM_PIN_VMSPLICE, 0, "rdma", NULL), 0);
	assert_errno(sim_pin_set_longterm_migrates(m, false), 0);
	assert_false(sim_pin_longterm_migrates(m));
	odd_pfn_checks = 0;
	assert_errno(sim_pin_folio(even, SIM_PIN_LONGTERM, 0, "rdma", NULL), 0);
	assert_int_equal(odd_pfn_checks, 0);
	assert_int_equal(sim_unpin_holder(m, "rdma"), 3);
	sim_pin_set_longterm_check(m, NULL);
	folio_put(even);
	folio_put(odd);
	while (n--)
		folio_put(keep[n]);
}

/* Which pfns are pinned now, as a bitmap over the 1024-page machine. */
static void pinned_set(struct sim_machine *m, unsigned char *set)
{
	memset(set, 0, NR_PAGES);
	for (unsigned long pfn = m->base_pfn; pfn < m->end_pfn; pfn++)
		set[pfn] = folio_maybe_dma_pinned(pfn_folio(pfn));
}

static void test_random_deterministic(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	static unsigned char first[NR_PAGES], again[NR_PAGES], other[NR_PAGES];
	struct folio *cand[200], *plain[50];
	uint64_t prng;
	long n;

	for (int i = 0; i < 200; i++)
		cand[i] = alloc_page_cache_folio();
	for (int i = 0; i < 50; i++)
		plain[i] = folio_alloc(GFP_KERNEL, 0);	/* no mapping, no LRU */
	folio_set_lru(cand[7]);
	cand[7]->mapping = NULL;			/* LRU alone qualifies */

	prng = 42;
	assert_int_equal(sim_pin_random(m, SIM_PIN_VMSPLICE, 20, 0, "bg", &prng), 20);
	pinned_set(m, first);
	assert_int_equal(sim_unpin_holder(m, "bg"), 20);
	prng = 42;
	assert_int_equal(sim_pin_random(m, SIM_PIN_VMSPLICE, 20, 0, "bg", &prng), 20);
	pinned_set(m, again);
	assert_memory_equal(first, again, NR_PAGES);
	assert_int_equal(sim_unpin_holder(m, "bg"), 20);
	prng = 43;
	assert_int_equal(sim_pin_random(m, SIM_PIN_VMSPLICE, 20, 0, "bg", &prng), 20);
	pinned_set(m, other);
	assert_memory_not_equal(first, other, NR_PAGES);
	assert_int_equal(sim_unpin_holder(m, "bg"), 20);

	/* Only candidates: asking for more pins all 200 of them, once each. */
	assert_int_equal(sim_pin_random(m, SIM_PIN_ODIRECT, 5000, 10, "bg", &prng), 200);
	for (int i = 0; i < 200; i++)
		assert_int_equal(cand[i]->_pincount.counter, 1);
	for (int i = 0; i < 50; i++)
		assert_false(folio_maybe_dma_pinned(plain[i]));
	assert_errno(sim_clock_advance(m, 10), 0);
	assert_int_equal(sim_pin_count(m), 0);

	/* Long-term with the check on: only accepted folios. */
	sim_pin_set_longterm_check(m, only_odd_pfns);
	n = sim_pin_random(m, SIM_PIN_LONGTERM, 5000, 0, "lt", &prng);
	assert_true(n > 0 && n < 200);
	for (int i = 0; i < 200; i++)
		assert_int_equal(folio_maybe_dma_pinned(cand[i]), folio_pfn(cand[i]) & 1);
	assert_int_equal(sim_unpin_holder(m, "lt"), n);
	sim_pin_set_longterm_check(m, NULL);

	assert_int_equal(sim_pin_random(m, SIM_PIN_ODIRECT, 0, 0, "bg", &prng), 0);
	assert_errno(sim_pin_random(NULL, SIM_PIN_ODIRECT, 1, 0, "bg", &prng), -EINVAL);
	assert_errno(sim_pin_random(m, SIM_PIN_ODIRECT, 1, 0, "bg", NULL), -EINVAL);
	assert_errno(sim_pin_random(m, SIM_PIN_NR_KINDS, 1, 0, "bg", &prng), -EINVAL);

	folio_clear_lru(cand[7]);
	for (int i = 0; i < 200; i++)
		folio_put(cand[i]);
	for (int i = 0; i < 50; i++)
		folio_put(plain[i]);
}

/* Every pfn's pin count and oldest pin, as one string per pfn. */
static void pins_snapshot(struct sim_machine *m, char (*snap)[96])
{
	for (unsigned long pfn = m->base_pfn; pfn < m->end_pfn; pfn++) {
		struct folio *f = pfn_folio(pfn);
		char buf[64] = "";

		sim_pin_describe(f, buf, sizeof(buf));
		buf[strcspn(buf, ",")] = 0;	/* not when: the clock moved */
		snprintf(snap[pfn - m->base_pfn], 96, "%d %s",
			 f->_pincount.counter, buf);
	}
}

/* Release the batch's pins: per holder, the counts each call pinned. */
static void pins_release(struct sim_machine *m,
			 const struct sim_pin_random_req *req, unsigned int n,
			 long *released)
{
	for (unsigned int i = 0; i < n; i++)
		released[i] = req[i].hold_ns ? 0 :
			      sim_unpin_holder(m, req[i].holder);
	assert_errno(sim_clock_advance(m, 1000000), 0);	/* timed ones */
	assert_int_equal(sim_pin_count(m), 0);
}

/*
 * sim_pin_random_batch() makes the same pins as one sim_pin_random()
 * call per request, leaves the generator in the same state, and falls
 * back to separate calls when the long-term check filters candidates.
 */
static void test_random_batch_same_as_calls(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	static char by_calls[NR_PAGES][96], by_batch[NR_PAGES][96];
	struct sim_pin_random_req req[] = {
		{ SIM_PIN_ODIRECT, 8, 1000, "od", 0 },
		{ SIM_PIN_VMSPLICE, 0, 0, "none", 0 },
		{ SIM_PIN_VMSPLICE, 2, 0, "vm", 0 },
		{ SIM_PIN_LONGTERM, 1, 0, "gup", 0 },
		{ SIM_PIN_VMSPLICE, 500, 0, "all", 0 },
	};
	const unsigned int n = sizeof(req) / sizeof(req[0]);
	long calls[5], rel_calls[5], rel_batch[5], total;
	struct folio *cand[200];
	uint64_t p_calls, p_batch;

	for (int i = 0; i < 200; i++)
		cand[i] = alloc_page_cache_folio();
	for (int lt = 0; lt < 2; lt++) {
		/* lt: the long-term check filters, separate calls */
		assert_errno(sim_pin_set_longterm_migrates(m, lt), 0);
		sim_pin_set_longterm_check(m, lt ? only_odd_pfns : NULL);
		p_calls = 42 + lt;
		for (unsigned int i = 0; i < n; i++)
			calls[i] = sim_pin_random(m, req[i].kind, req[i].nr,
						  req[i].hold_ns, req[i].holder,
						  &p_calls);
		pins_snapshot(m, by_calls);
		pins_release(m, req, n, rel_calls);

		p_batch = 42 + lt;
		total = sim_pin_random_batch(m, req, n, &p_batch);
		pins_snapshot(m, by_batch);
		pins_release(m, req, n, rel_batch);

		assert_int_equal(p_batch, p_calls);
		assert_memory_equal(by_batch, by_calls, sizeof(by_calls));
		assert_memory_equal(rel_batch, rel_calls, sizeof(rel_calls));
		for (unsigned int i = 0; i < n; i++) {
			assert_int_equal(req[i].pinned, calls[i]);
			total -= calls[i];
		}
		assert_int_equal(total, 0);
		assert_int_equal(calls[4], 200);	/* every candidate */
	}
	sim_pin_set_longterm_check(m, NULL);
	assert_errno(sim_pin_set_longterm_migrates(m, false), 0);

	/* Bad arguments: nothing pinned, the generator untouched. */
	p_batch = 1;
	assert_errno(sim_pin_random_batch(NULL, req, n, &p_batch), -EINVAL);
	assert_errno(sim_pin_random_batch(m, req, n, NULL), -EINVAL);
	assert_errno(sim_pin_random_batch(m, NULL, 1, &p_batch), -EINVAL);
	req[3].kind = SIM_PIN_NR_KINDS;
	assert_errno(sim_pin_random_batch(m, req, n, &p_batch), -EINVAL);
	assert_int_equal(p_batch, 1);
	assert_int_equal(sim_pin_count(m), 0);
	assert_int_equal(sim_pin_random_batch(m, NULL, 0, &p_batch), 0);
	for (int i = 0; i < 200; i++)
		folio_put(cand[i]);
}

struct pinner {
	struct sim_machine *m;
	int err;
};

/* Pin own folios with timed pins, charge time, pass safe points. */
static void *pinner_main(void *arg)
{
	struct pinner *p = arg;
	struct folio *f[50];

	if (sim_thread_attach(p->m)) {
		p->err++;
		return NULL;
	}
	for (int i = 0; i < 50; i++) {
		f[i] = folio_alloc(GFP_KERNEL, 0);
		if (!f[i] || sim_pin_folio(f[i], SIM_PIN_ODIRECT, 1000 + i, "t", NULL))
			p->err++;
		sim_cost(SIM_COST_PAGE_COPY, 1);
		cond_resched();
	}
	for (int i = 0; i < 50; i++)
		if (f[i])
			folio_put(f[i]);
	sim_thread_detach();
	return NULL;
}

static void test_concurrent_pinners(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	struct pinner p[4];
	pthread_t tid[4];

	for (int i = 0; i < 4; i++) {
		p[i] = (struct pinner){ .m = m };
		assert_int_equal(pthread_create(&tid[i], NULL, pinner_main, &p[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		cond_resched();
		pthread_join(tid[i], NULL);
		assert_int_equal(p[i].err, 0);
	}
	assert_errno(sim_clock_advance(m, 2000), 0);
	assert_int_equal(sim_pin_count(m), 0);
	assert_int_equal(sim_nr_free_pages(m), NR_PAGES);
}

/* Destroying a machine releases every pin, timed or not, without leaks. */
static void test_destroy_releases(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 64, 0, SIM_DATA_PAGES);
	struct sim_pin *handle;
	struct folio *f[3];

	assert_errno(sim_machine_boot_done(m), 0);
	for (int i = 0; i < 3; i++)
		f[i] = alloc_page_cache_folio();
	assert_errno(sim_pin_folio(f[0], SIM_PIN_ODIRECT, 1000, "x", NULL), 0);
	assert_errno(sim_pin_folio(f[1], SIM_PIN_VMSPLICE, 0, "x", &handle), 0);
	assert_errno(sim_pin_folio(f[2], SIM_PIN_LONGTERM, 0, "y", NULL), 0);
	for (int i = 0; i < 3; i++) {
		f[i]->mapping = NULL;
		folio_put(f[i]);
	}
	assert_int_equal(sim_pin_count(m), 3);
	test_machine_down(&tm);
}

/*
 * The batch's scan steps over free buddy blocks and large folios' tails
 * (sim_pin_skip()): with order-0 and large candidates between free
 * blocks of several orders, it finds the same candidates as the full
 * scan of sim_pin_random(), every large folio once (at its head).
 */
static void test_random_batch_skips_free_and_tails(void **state)
{
	struct sim_machine *m = fixture_machine(state);
	static char by_calls[NR_PAGES][96], by_batch[NR_PAGES][96];
	struct sim_pin_random_req req[] = {
		{ SIM_PIN_ODIRECT, 5, 0, "od", 0 },
		{ SIM_PIN_VMSPLICE, NR_PAGES, 0, "all", 0 },
	};
	long calls[2], rel_calls[2], rel_batch[2];
	struct folio *small[240], *large[8];
	uint64_t p_calls = 7, p_batch = 7;
	long kept = 0;

	for (int i = 0; i < 240; i++)
		small[i] = alloc_page_cache_folio();
	for (int i = 0; i < 8; i++) {
		large[i] = folio_alloc(GFP_KERNEL, 1 + i % 4);
		assert_non_null(large[i]);
		large[i]->mapping = FAKE_MAPPING;
	}
	/* Runs of 1, 2, 4, ... freed pages: free blocks of mixed orders. */
	for (int i = 0; i < 240; i++) {
		if ((i / 16) % 2 && i % 16 < 1 << (i / 32)) {
			folio_put(small[i]);
			small[i] = NULL;
		} else {
			kept++;
		}
	}
	for (int i = 0; i < 2; i++)
		calls[i] = sim_pin_random(m, req[i].kind, req[i].nr,
					  req[i].hold_ns, req[i].holder,
					  &p_calls);
	pins_snapshot(m, by_calls);
	pins_release(m, req, 2, rel_calls);
	assert_int_equal(sim_pin_random_batch(m, req, 2, &p_batch),
			 calls[0] + calls[1]);
	pins_snapshot(m, by_batch);
	pins_release(m, req, 2, rel_batch);

	assert_int_equal(calls[1], kept + 8);	/* every candidate */
	assert_int_equal(req[1].pinned, calls[1]);
	assert_int_equal(p_batch, p_calls);
	assert_memory_equal(by_batch, by_calls, sizeof(by_calls));
	assert_memory_equal(rel_batch, rel_calls, sizeof(rel_calls));
	for (int i = 0; i < 240; i++)
		if (small[i]) {
			small[i]->mapping = NULL;
			folio_put(small[i]);
		}
	for (int i = 0; i < 8; i++) {
		large[i]->mapping = NULL;
		folio_put(large[i]);
	}
}

/*
 * The reservoir as sim_pin_random() offers candidates: one by one, a
 * draw for each past the first @nr (the oracle of the list version).
 */
static void offer_one_by_one(unsigned long *pick, unsigned long nr,
			     unsigned long base, const uint32_t *cand,
			     unsigned long seen, uint64_t *prng)
{
	for (unsigned long c = 0; c < seen; c++) {
		uint64_t j;

		if (c < nr) {
			pick[c] = base + cand[c];
			continue;
		}
		j = (uint64_t)(((unsigned __int128)sim_prng_next(prng) *
				(c + 1)) >> 64);
		if (j < nr)
			pick[j] = base + cand[c];
	}
}

#define LIST_MAX	5000UL	/* candidates in the longest list */

/* One list of @seen with a reservoir of @nr from state @st, by @isa. */
static void check_reservoir_list(enum sim_draw_isa isa, const uint32_t *cand,
				 unsigned long seen, unsigned long nr,
				 uint64_t st)
{
	static unsigned long want[LIST_MAX + 2], got[LIST_MAX + 2];
	uint64_t s_want = st, s_got = st;

	memset(want, 0xa5, sizeof(want));
	memset(got, 0xa5, sizeof(got));
	offer_one_by_one(want, nr, 1000, cand, seen, &s_want);
	sim_pin_reservoir_list(isa, got, nr, 1000, cand, seen, &s_got);
	if (s_got != s_want || memcmp(got, want, sizeof(got)))
		fail_msg("isa %d, %lu candidates, reservoir %lu, state %#llx: "
			 "%s differ", isa, seen, nr, (unsigned long long)st,
			 s_got != s_want ? "states" : "picks");
}

/*
 * Every way of drawing (scalar, vector, AVX2, AVX-512: those this build
 * and CPU run) gives the picks and generator state of one draw per
 * candidate in order, for lists shorter than, as long as and longer than
 * the reservoir, tails of every length past whole vectors and groups,
 * reservoirs of 1 to the whole list (large ones replace a pick in most
 * groups), and states about to wrap around.
 */
static void test_reservoir_list_isas(void **state)
{
	static const unsigned long seens[] = {
		0, 1, 2, 7, 8, 9, 31, 32, 33, 40, 63, 64, 65, 255, 256, 257,
		287, 511, 1000, 1023, 2049, 4095, LIST_MAX,
	};
	static const unsigned long nrs[] = { 1, 2, 3, 8, 11, 32, 100, 1000 };
	static uint32_t cand[LIST_MAX];
	const uint64_t gamma = 0x9e3779b97f4a7c15ULL;
	const uint64_t states[] = {
		0, 1, UINT64_MAX, -3 * gamma, -200 * gamma, -4097 * gamma,
		0x0123456789abcdefULL,
	};
	uint64_t rng = 42;
	unsigned long checked = 0;

	(void)state;
	cand[0] = (uint32_t)(sim_prng_next(&rng) % 7);
	for (unsigned long c = 1; c < LIST_MAX; c++)
		cand[c] = cand[c - 1] + 1 + (uint32_t)(sim_prng_next(&rng) % 5);
	for (int isa = 0; isa < SIM_DRAW_NR_ISAS; isa++) {
		if (!sim_draw_isa_usable(isa)) {
			print_message("# isa %d not usable here: skipped\n",
				      isa);
			continue;
		}
		for (size_t si = 0; si < ARRAY_SIZE(seens); si++) {
			unsigned long seen = seens[si];
			/* The fixed sizes, then seen - 1, seen, seen + 1. */
			unsigned long nr_list[ARRAY_SIZE(nrs) + 3];

			memcpy(nr_list, nrs, sizeof(nrs));
			nr_list[ARRAY_SIZE(nrs)] = seen - 1;
			nr_list[ARRAY_SIZE(nrs) + 1] = seen;
			nr_list[ARRAY_SIZE(nrs) + 2] = seen + 1;
			for (size_t ni = 0; ni < ARRAY_SIZE(nr_list); ni++) {
				if (!nr_list[ni] || nr_list[ni] > LIST_MAX + 1)
					continue;
				for (size_t t = 0; t < ARRAY_SIZE(states); t++)
					check_reservoir_list(isa, cand, seen,
							     nr_list[ni],
							     states[t]);
				check_reservoir_list(isa, cand, seen,
						     nr_list[ni],
						     sim_prng_next(&rng));
				checked++;
			}
		}
	}
	assert_true(checked > 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE(test_pin_unpin_refcounts),
		FIXTURE(test_pin_holds_last_reference),
		FIXTURE(test_bad_input),
		FIXTURE(test_expiry_at_safe_points_only),
		FIXTURE(test_expiry_order_and_free),
		FIXTURE(test_unpin_holder),
		FIXTURE(test_expiry_heap_random),
		FIXTURE(test_expiry_heap_remove_sifts_up),
		FIXTURE(test_longterm_setting),
		FIXTURE(test_random_deterministic),
		FIXTURE(test_random_batch_same_as_calls),
		FIXTURE(test_random_batch_skips_free_and_tails),
		FIXTURE(test_concurrent_pinners),
		cmocka_unit_test(test_destroy_releases),
		cmocka_unit_test(test_reservoir_list_isas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
