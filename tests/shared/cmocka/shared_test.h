/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The CMocka half of the two-harness macro layer (tests/shared/README.md):
 * a shared test body (tests/shared/<name>_cases.c) includes "shared_test.h";
 * here that is this file, in a kernel tree the KUnit half
 * (tools/kernel-port/kunit/shared_test.h). Both give the same names:
 *
 *   ST_CASE(name) { ... }            a case; its body sees struct st_ctx *st
 *   ST_SUITE(name, ST_RUN(case)...)  the suite (here: main())
 *   ST_ASSERT_EQ(a, b), ST_ASSERT_TRUE(c), ST_ASSERT_FALSE(c),
 *   ST_ASSERT_PTR_EQ(a, b), ST_ASSERT_NOT_NULL(p), ST_FAIL(fmt, ...)
 *                                    assertions; a failure ends the case
 *   st_reserve(st, nr)               first pfn of @nr reserved boot pages
 *   st_folio(st)                     a page-cache folio of system memory
 *   st_inode(st, i)                  fake inode @i of a registered fake sb
 *   st_name(st, base)                a pool/area name unused so far
 *   st_zalloc(st, size)              zeroed memory, freed after the case
 *
 * Here every case runs on its own simulated machine (the cleancache test
 * fixture, tests/unit/cc_test.h): 1024 pages with page data whose top 256
 * are a boot-time carve-out that st_reserve() hands out, aligned to the
 * request's size rounded up to a power of two:
 *
 *   pfn 0                                 768                  1024
 *       |<--------- system memory --------->|<--- carve-out --->|
 *        st_folio()                           st_reserve()
 *
 * Teardown splits compound folios GCMA handed out, takes every donated
 * page back from its pool (which must succeed) and leaves the rest to the
 * fixture, which fails the case on a leak or an unclaimed violation.
 */
#ifndef _GCMA_SHARED_TEST_H
#define _GCMA_SHARED_TEST_H

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/cleancache.h>
#include <libgcma/gcma.h>

#include "../../unit/cc_test.h"
#include "mm/cleancache_internal.h"

#define ST_CARVE_PFNS	256UL
#define ST_NR_INODES	CC_NR_INODES
#define ST_MAX_RANGES	8
#define ST_MAX_ALLOCS	32

/**
 * struct st_ctx - one case's world (the fields before @t are the part the
 * shared bodies may read; both harnesses have them).
 * @range_start: first pfn of each st_reserve() range.
 * @range_nr: its length.
 * @nr_ranges: how many.
 * @stats_now: scratch for the shared helpers' stats reads.
 * @t: the cleancache fixture's machine and carve-out.
 * @next: carve-out pages handed out so far.
 * @allocs: st_zalloc() memory.
 * @nr_allocs: how many.
 */
struct st_ctx {
	unsigned long range_start[ST_MAX_RANGES];
	unsigned long range_nr[ST_MAX_RANGES];
	unsigned int nr_ranges;
	struct cleancache_stats *stats_now;
	struct cc_test *t;
	unsigned long next;
	void *allocs[ST_MAX_ALLOCS];
	unsigned int nr_allocs;
};

#define ST_CASE(name)							\
	static void name##_body(struct st_ctx *st);			\
	static void name(void **state)					\
	{								\
		name##_body(*state);					\
	}								\
	static void name##_body(struct st_ctx *st)

#define ST_RUN(name)	cmocka_unit_test_setup_teardown(name, st_setup, \
							st_teardown)

#define ST_SUITE(sname, ...)						\
	int main(void)							\
	{								\
		const struct CMUnitTest tests[] = { __VA_ARGS__ };	\
									\
		return cmocka_run_group_tests_name(#sname, tests, NULL,	\
						   NULL);		\
	}

#define ST_ASSERT_EQ(a, b)						\
	do {								\
		long __st_a = (long)(a), __st_b = (long)(b);		\
									\
		if (__st_a != __st_b)					\
			fail_msg("%s is %ld, expected %s: %ld", #a,	\
				 __st_a, #b, __st_b);			\
	} while (0)
#define ST_ASSERT_TRUE(c)	assert_true(c)
#define ST_ASSERT_FALSE(c)	assert_false(c)
#define ST_ASSERT_PTR_EQ(a, b)	assert_ptr_equal((a), (b))
#define ST_ASSERT_NOT_NULL(p)	assert_non_null(p)
#define ST_FAIL(...)		fail_msg(__VA_ARGS__)

static inline unsigned long st_reserve(struct st_ctx *st, unsigned long nr)
{
	unsigned long align = 1, first;

	while (align < nr)
		align <<= 1;
	first = (st->next + align - 1) & ~(align - 1);
	if (first + nr > st->t->nr_carve || st->nr_ranges == ST_MAX_RANGES)
		fail_msg("st_reserve(%lu): the carve-out is used up", nr);
	st->next = first + nr;
	st->range_start[st->nr_ranges] = st->t->carve_pfn + first;
	st->range_nr[st->nr_ranges++] = nr;
	return st->t->carve_pfn + first;
}

static inline struct folio *st_folio(struct st_ctx *st)
{
	return cc_page(st->t);
}

static inline struct inode *st_inode(struct st_ctx *st, unsigned int i)
{
	assert_true(i < ST_NR_INODES);
	return &st->t->inode[i];
}

/* Each case has a fresh machine: every name is unused. */
static inline const char *st_name(struct st_ctx *st, const char *base)
{
	(void)st;
	return base;
}

static inline void *st_zalloc(struct st_ctx *st, size_t size)
{
	void *p = calloc(1, size);

	assert_non_null(p);
	assert_true(st->nr_allocs < ST_MAX_ALLOCS);
	st->allocs[st->nr_allocs++] = p;
	return p;
}

static inline int st_setup(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 1024, .nr_carve = ST_CARVE_PFNS,
		.carve_align = ST_CARVE_PFNS, .mode = SIM_DATA_PAGES,
	};
	struct st_ctx *st = calloc(1, sizeof(*st));

	if (!st || cc_setup_opts(state, &o))
		return -1;
	st->t = *state;
	*state = st;
	st->stats_now = st_zalloc(st, sizeof(*st->stats_now));
	return 0;
}

/* Split what GCMA handed out as compound folios, take back what is donated. */
static inline int st_teardown(void **state)
{
	struct st_ctx *st = *state;
	struct cc_test *t = st->t;
	int errors = 0;

	for (unsigned long i = 0; i < t->nr_carve; i++) {
		struct page *page = pfn_to_page(t->carve_pfn + i);

		if (PageHead(page))
			destroy_compound_page(page);
	}
	for (unsigned long i = 0; i < t->nr_carve && !cleancache_check(); i++) {
		struct folio *folio = pfn_folio(t->carve_pfn + i);
		int pool = folio_cc_pool_id(folio);

		if (pool >= 0 && cleancache_backend_get_folio(pool, folio)) {
			print_error("teardown: get_folio(pfn %lu) failed\n",
				    t->carve_pfn + i);
			errors++;
		}
		t->state[i] = CC_D_OWNED;
	}
	for (unsigned int i = 0; i < st->nr_allocs; i++)
		free(st->allocs[i]);
	free(st);
	*state = t;
	cc_teardown(state);
	if (errors)
		fail_msg("%d shared-test teardown errors", errors);
	return 0;
}

#endif /* _GCMA_SHARED_TEST_H */
