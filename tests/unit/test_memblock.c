// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the memblock-like boot allocator: top-down aligned
 * allocation, fixed reservations, the region table, the state of reserved
 * pages, and every error (each of which must change nothing).
 *
 * Unless a test says otherwise it runs on the fixture machine, 1024 pages
 * at pfn 0. In the diagrams a region is drawn as |name| over its pfns.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MAX_SNAP_PAGES	1024

/* Everything a memblock call may change, to prove a failure changed none. */
struct mb_state {
	unsigned long base, nr;
	unsigned long count;
	unsigned long nr_reserved;
	bool booted;
	struct sim_memblock_region regions[SIM_MEMBLOCK_MAX_REGIONS];
	unsigned long flags[MAX_SNAP_PAGES];
	int refs[MAX_SNAP_PAGES];
};

static struct mb_state saved, now;

static void mb_snapshot(struct sim_machine *m, struct mb_state *s)
{
	struct sim_machine_info info;

	memset(s, 0, sizeof(*s));
	assert_errno(sim_machine_get_info(m, &info), 0);
	assert_true(info.nr_pages <= MAX_SNAP_PAGES);
	s->base = info.base_pfn;
	s->nr = info.nr_pages;
	s->nr_reserved = info.nr_reserved;
	s->booted = info.booted;
	s->count = sim_memblock_count(m);
	for (unsigned long i = 0; i < s->count; i++)
		assert_errno(sim_memblock_region(m, i, &s->regions[i]), 0);
	for (unsigned long i = 0; i < s->nr; i++) {
		struct folio *f = pfn_folio(s->base + i);

		s->flags[i] = f->flags;
		s->refs[i] = folio_ref_count(f);
	}
}

static void mb_save(struct sim_machine *m)
{
	mb_snapshot(m, &saved);
}

static void mb_assert_unchanged(struct sim_machine *m)
{
	mb_snapshot(m, &now);
	assert_int_equal(now.count, saved.count);
	assert_int_equal(now.nr_reserved, saved.nr_reserved);
	assert_int_equal(now.booted, saved.booted);
	assert_memory_equal(now.regions, saved.regions, sizeof(now.regions));
	for (unsigned long i = 0; i < now.nr; i++)
		if (now.flags[i] != saved.flags[i] || now.refs[i] != saved.refs[i])
			fail_msg("pfn %#lx changed: flags %#lx -> %#lx, ref %d -> %d",
				 now.base + i, saved.flags[i], now.flags[i],
				 saved.refs[i], now.refs[i]);
	assert_int_equal(sim_violation_count(m), 0);
}

static unsigned long mb_alloc(struct sim_machine *m, unsigned long nr,
			      unsigned long align, const char *name)
{
	unsigned long pfn = ULONG_MAX;

	assert_errno(sim_memblock_alloc(m, nr, align, name, &pfn), 0);
	return pfn;
}

/* sim_memblock_alloc() must fail with @err, write nothing, change nothing. */
static void mb_alloc_fails(struct sim_machine *m, unsigned long nr,
			   unsigned long align, int err)
{
	unsigned long pfn = 0xdead;

	mb_save(m);
	assert_errno(sim_memblock_alloc(m, nr, align, "fail", &pfn), err);
	assert_int_equal(pfn, 0xdead);
	mb_assert_unchanged(m);
}

static void mb_reserve_fails(struct sim_machine *m, unsigned long base,
			     unsigned long nr, int err)
{
	mb_save(m);
	assert_errno(sim_memblock_reserve(m, base, nr, "fail"), err);
	mb_assert_unchanged(m);
}

static struct sim_memblock_region mb_region(struct sim_machine *m,
					    unsigned long i)
{
	struct sim_memblock_region r;

	memset(&r, 0, sizeof(r));
	assert_errno(sim_memblock_region(m, i, &r), 0);
	return r;
}

static void assert_region(struct sim_machine *m, unsigned long i,
			  unsigned long base, unsigned long nr,
			  const char *name)
{
	struct sim_memblock_region r = mb_region(m, i);

	assert_int_equal(r.base_pfn, base);
	assert_int_equal(r.nr_pages, nr);
	assert_string_equal(r.name, name);
}

/* Every pfn of [@pfn, @pfn + @nr) is reserved: PG_reserved, refcount 1. */
static void assert_run_reserved(unsigned long pfn, unsigned long nr)
{
	for (unsigned long p = pfn; p < pfn + nr; p++) {
		struct folio *f = pfn_folio(p);

		if (!folio_test_reserved(f) || folio_ref_count(f) != 1)
			fail_msg("pfn %#lx: reserved %d ref %d", p,
				 folio_test_reserved(f), folio_ref_count(f));
	}
}

/* Every pfn of [@pfn, @pfn + @nr) is untouched: no flags, refcount 0. */
static void assert_run_free(unsigned long pfn, unsigned long nr)
{
	for (unsigned long p = pfn; p < pfn + nr; p++) {
		struct folio *f = pfn_folio(p);

		if ((f->flags & PAGEFLAGS_MASK) || folio_ref_count(f))
			fail_msg("pfn %#lx: flags %#lx ref %d", p, f->flags,
				 folio_ref_count(f));
	}
}

static unsigned long nr_reserved(struct sim_machine *m)
{
	struct sim_machine_info info;

	assert_errno(sim_machine_get_info(m, &info), 0);
	return info.nr_reserved;
}

/* ---- allocation ----------------------------------------------------- */

/*
 * Three top-down allocations, each the highest aligned run that fits:
 *
 *   0                      384     484 512          768          1024
 *   |                      |  r3   |   |     r2     |     r1     |
 *   +----------------------+-------+---+------------+------------+
 *
 * Expect r1 = 256 @ 768, r2 = 256 @ 512 (both align 256), r3 = 100 @ 384 (align 64).
 */
static void test_alloc_top_down(void **state)
{
	struct test_machine *tm = *state;

	assert_int_equal(mb_alloc(tm->m, 256, 256, "r1"), 768);
	assert_int_equal(mb_alloc(tm->m, 256, 256, "r2"), 512);
	assert_int_equal(mb_alloc(tm->m, 100, 64, "r3"), 384);

	assert_int_equal(sim_memblock_count(tm->m), 3);
	assert_int_equal(nr_reserved(tm->m), 612);
	assert_region(tm->m, 0, 384, 100, "r3");
	assert_region(tm->m, 1, 512, 256, "r2");
	assert_region(tm->m, 2, 768, 256, "r1");
	assert_run_free(0, 384);
	assert_run_reserved(384, 100);
	assert_run_free(484, 28);
	assert_run_reserved(512, 512);
}

/*
 * Below and between existing regions:
 *
 *   0          256     356 384     484 492 512          768          1024
 *   |          |  r4   |   |  r3   |   |r5 |     r2     |     r1     |
 *   +----------+-------+---+-------+---+---+------------+------------+
 *
 * Expect r4 = 100 @ 256 (align 64) and r5 = 20 @ 492, the top of the highest gap it fits in.
 */
static void test_alloc_between_regions(void **state)
{
	struct test_machine *tm = *state;

	assert_int_equal(mb_alloc(tm->m, 256, 256, "r1"), 768);
	assert_int_equal(mb_alloc(tm->m, 256, 256, "r2"), 512);
	assert_int_equal(mb_alloc(tm->m, 100, 64, "r3"), 384);
	assert_int_equal(mb_alloc(tm->m, 100, 64, "r4"), 256);
	assert_int_equal(mb_alloc(tm->m, 20, 1, "r5"), 492);

	assert_int_equal(sim_memblock_count(tm->m), 5);
	assert_region(tm->m, 0, 256, 100, "r4");
	assert_region(tm->m, 1, 384, 100, "r3");
	assert_region(tm->m, 2, 492, 20, "r5");
	assert_region(tm->m, 3, 512, 256, "r2");
	assert_region(tm->m, 4, 768, 256, "r1");
	assert_run_free(356, 28);
	assert_run_free(484, 8);
	assert_run_reserved(492, 20);
	/* Alignment 0 means 1. */
	assert_int_equal(mb_alloc(tm->m, 8, 0, "r6"), 484);
	assert_int_equal(nr_reserved(tm->m), 612 + 100 + 20 + 8);
}

/*
 * Alignment is of the pfn itself, on a machine whose first pfn is 0x1003
 * (1000 pages, so the last pfn is 0x13ea):
 *
 *   0x1003   0x1080   0x1100   0x1200   0x1300   0x13d0 0x13e0 0x13e8 0x13eb
 *   |        | r6 |   |  r3    |  r2    | r5 |   | r1  |      | r4 |
 *   +--------+----+---+--------+--------+----+---+-----+------+----+
 *
 * Expect every region to start on a pfn that is a multiple of its alignment.
 */
static int setup_unaligned_machine(void **state)
{
	struct test_machine *tm = calloc(1, sizeof(*tm));

	if (!tm)
		return -1;
	test_machine_up(tm, 1000, 0x1003, SIM_DATA_NONE);
	*state = tm;
	return 0;
}

static void test_alloc_alignment_is_absolute(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine *m = tm->m;

	assert_int_equal(mb_alloc(m, 16, 16, "r1"), 0x13d0);
	assert_int_equal(mb_alloc(m, 256, 256, "r2"), 0x1200);
	assert_int_equal(mb_alloc(m, 256, 256, "r3"), 0x1100);
	/* 0x1000 would be aligned but starts before the machine. */
	mb_alloc_fails(m, 256, 256, -ENOMEM);
	assert_int_equal(mb_alloc(m, 3, 1, "r4"), 0x13e8);
	assert_int_equal(mb_alloc(m, 100, 128, "r5"), 0x1300);
	assert_int_equal(mb_alloc(m, 100, 128, "r6"), 0x1080);

	assert_int_equal(sim_memblock_count(m), 6);
	assert_region(m, 0, 0x1080, 100, "r6");
	assert_region(m, 1, 0x1100, 256, "r3");
	assert_region(m, 2, 0x1200, 256, "r2");
	assert_region(m, 3, 0x1300, 100, "r5");
	assert_region(m, 4, 0x13d0, 16, "r1");
	assert_region(m, 5, 0x13e8, 3, "r4");
	assert_run_free(0x1003, 0x1080 - 0x1003);
	assert_run_reserved(0x1080, 100);
	assert_run_free(0x13e0, 8);
	assert_run_reserved(0x13e8, 3);
	/* Fixed reservations are checked against the machine's own range. */
	mb_reserve_fails(m, 0x1000, 4, -EINVAL);
	mb_reserve_fails(m, 0x1002, 1, -EINVAL);
	mb_reserve_fails(m, 0x13eb, 1, -EINVAL);
	assert_errno(sim_memblock_reserve(m, 0x1003, 1, "first"), 0);
	assert_run_reserved(0x1003, 1);
}

/*
 * Reserved pages and their neighbours:
 *
 *   0        9 10      15                           1019 1020     1024
 *   |        | |  fix  |                              |  |  alloc  |
 *   +--------+-+-------+------------------------------+--+---------+
 *
 * Expect PG_reserved and refcount 1 on 10-14 and 1020-1023, and nothing on 9, 15 or 1019.
 */
static void test_reserved_page_state(void **state)
{
	struct test_machine *tm = *state;

	assert_errno(sim_memblock_reserve(tm->m, 10, 5, "fix"), 0);
	assert_int_equal(mb_alloc(tm->m, 4, 4, "alloc"), 1020);

	assert_run_reserved(10, 5);
	assert_run_reserved(1020, 4);
	assert_run_free(0, 10);
	assert_run_free(15, 1020 - 15);
	assert_int_equal(nr_reserved(tm->m), 9);
	/* Only PG_reserved, nothing else. */
	assert_int_equal(pfn_folio(10)->flags & PAGEFLAGS_MASK, 1UL << PG_reserved);
	assert_int_equal(pfn_folio(1023)->flags & PAGEFLAGS_MASK, 1UL << PG_reserved);
	assert_int_equal(sim_violation_count(tm->m), 0);
}

/*
 * Regions listed in pfn order whatever the order they were made in:
 *
 *   0     100  110    300  310    600  610              1014   1024
 *   |     | a  |      | b  |      | c  |                 | top  |
 *   +-----+----+------+----+------+----+-----------------+------+
 *
 * Expect sim_memblock_region() 0..3 to return a, b, c, top.
 */
static void test_regions_sorted(void **state)
{
	struct test_machine *tm = *state;
	struct sim_memblock_region r;

	assert_errno(sim_memblock_reserve(tm->m, 600, 10, "c"), 0);
	assert_errno(sim_memblock_reserve(tm->m, 100, 10, "a"), 0);
	assert_int_equal(mb_alloc(tm->m, 10, 1, "top"), 1014);
	assert_errno(sim_memblock_reserve(tm->m, 300, 10, "b"), 0);

	assert_int_equal(sim_memblock_count(tm->m), 4);
	assert_region(tm->m, 0, 100, 10, "a");
	assert_region(tm->m, 1, 300, 10, "b");
	assert_region(tm->m, 2, 600, 10, "c");
	assert_region(tm->m, 3, 1014, 10, "top");
	assert_errno(sim_memblock_region(tm->m, 4, &r), -ENOENT);
	assert_errno(sim_memblock_region(tm->m, ULONG_MAX, &r), -ENOENT);
	assert_errno(sim_memblock_region(NULL, 0, &r), -EINVAL);
	assert_errno(sim_memblock_region(tm->m, 0, NULL), -EINVAL);
	assert_int_equal(sim_memblock_count(NULL), 0);
}

/*
 * Fixed reservations that touch but do not overlap, and the two edges:
 *
 *   0 1     5     10    15    20                              1023 1024
 *   |e|     | lo  | mid | hi  |                                 |e|
 *   +-+-----+-----+-----+-----+---------------------------------+-+
 *
 * Expect five separate regions (touching ones are not merged) and 17 reserved pages.
 */
static void test_reserve_fixed(void **state)
{
	struct test_machine *tm = *state;

	assert_errno(sim_memblock_reserve(tm->m, 10, 5, "mid"), 0);
	assert_errno(sim_memblock_reserve(tm->m, 15, 5, "hi"), 0);
	assert_errno(sim_memblock_reserve(tm->m, 5, 5, "lo"), 0);
	assert_errno(sim_memblock_reserve(tm->m, 0, 1, "e"), 0);
	assert_errno(sim_memblock_reserve(tm->m, 1023, 1, NULL), 0);

	assert_int_equal(sim_memblock_count(tm->m), 5);
	assert_int_equal(nr_reserved(tm->m), 17);
	assert_region(tm->m, 0, 0, 1, "e");
	assert_region(tm->m, 1, 5, 5, "lo");
	assert_region(tm->m, 2, 10, 5, "mid");
	assert_region(tm->m, 3, 15, 5, "hi");
	assert_region(tm->m, 4, 1023, 1, "");
	assert_run_reserved(0, 1);
	assert_run_free(1, 4);
	assert_run_reserved(5, 15);
	assert_run_free(20, 1003);
	assert_run_reserved(1023, 1);
}

/* ---- errors --------------------------------------------------------- */

/*
 * Requests overlapping region r, or not inside the machine:
 *
 *   0             90   95  100       110  115   120                1020 1024
 *   |             |    |   |    r    |    |     |                    |    |
 *   +-------------+----+---+---------+----+-----+--------------------+----+
 *   overlap:     [95,101) [105,115) [109,110) [90,120) [100,110)
 *   outside:     [1024,1025) [1020,1025) [0,1025) [ULONG_MAX,+2) [10,10)
 *
 * Expect -EBUSY for each overlap, -EINVAL for each outside or empty run, nothing changed.
 */
static void test_reserve_errors(void **state)
{
	struct test_machine *tm = *state;

	assert_errno(sim_memblock_reserve(tm->m, 100, 10, "r"), 0);

	mb_reserve_fails(tm->m, 95, 6, -EBUSY);
	mb_reserve_fails(tm->m, 105, 10, -EBUSY);
	mb_reserve_fails(tm->m, 109, 1, -EBUSY);
	mb_reserve_fails(tm->m, 90, 30, -EBUSY);
	mb_reserve_fails(tm->m, 100, 10, -EBUSY);

	mb_reserve_fails(tm->m, 1024, 1, -EINVAL);
	mb_reserve_fails(tm->m, 1020, 5, -EINVAL);
	mb_reserve_fails(tm->m, 0, 1025, -EINVAL);
	mb_reserve_fails(tm->m, ULONG_MAX, 2, -EINVAL);
	mb_reserve_fails(tm->m, 2, ULONG_MAX, -EINVAL);
	mb_reserve_fails(tm->m, 10, 0, -EINVAL);
	assert_errno(sim_memblock_reserve(NULL, 10, 1, "x"), -EINVAL);

	/* Right next to it on both sides is fine. */
	assert_errno(sim_memblock_reserve(tm->m, 95, 5, "below"), 0);
	assert_errno(sim_memblock_reserve(tm->m, 110, 5, "above"), 0);
	assert_int_equal(sim_memblock_count(tm->m), 3);
}

/*
 * Requests no machine could satisfy, next to one small region:
 *
 *   0                                 500 504                      1024
 *   |                                 | r |                          |
 *   +---------------------------------+---+--------------------------+
 *   0 pages, 1025 pages, ULONG_MAX pages; alignment 3, 6, 96, ULONG_MAX
 *
 * Expect -EINVAL for each, *pfn_out not written, and nothing changed.
 */
static void test_alloc_bad_arguments(void **state)
{
	struct test_machine *tm = *state;
	unsigned long pfn = 0xdead;

	assert_errno(sim_memblock_reserve(tm->m, 500, 4, "r"), 0);
	mb_alloc_fails(tm->m, 0, 1, -EINVAL);
	mb_alloc_fails(tm->m, 1025, 1, -EINVAL);
	mb_alloc_fails(tm->m, ULONG_MAX, 1, -EINVAL);
	mb_alloc_fails(tm->m, 4, 3, -EINVAL);
	mb_alloc_fails(tm->m, 4, 6, -EINVAL);
	mb_alloc_fails(tm->m, 4, 96, -EINVAL);
	mb_alloc_fails(tm->m, 4, ULONG_MAX, -EINVAL);
	assert_errno(sim_memblock_alloc(NULL, 4, 1, "x", &pfn), -EINVAL);
	assert_errno(sim_memblock_alloc(tm->m, 4, 1, "x", NULL), -EINVAL);
	assert_int_equal(pfn, 0xdead);
	assert_int_equal(sim_memblock_count(tm->m), 1);
}

/*
 * One free pfn left in the middle:
 *
 *   0                             512 513                          1024
 *   |             low             | |            high              |
 *   +-----------------------------+-+------------------------------+
 *
 * Expect -ENOMEM for 2 pages and for the whole machine, and 1 page to get pfn 512.
 */
static void test_alloc_no_free_run(void **state)
{
	struct test_machine *tm = *state;

	assert_errno(sim_memblock_reserve(tm->m, 0, 512, "low"), 0);
	assert_errno(sim_memblock_reserve(tm->m, 513, 511, "high"), 0);
	mb_alloc_fails(tm->m, 2, 1, -ENOMEM);
	mb_alloc_fails(tm->m, 1024, 1, -ENOMEM);
	mb_alloc_fails(tm->m, 1, 1024, -ENOMEM);	/* 512 is not so aligned */
	assert_int_equal(mb_alloc(tm->m, 1, 1, "last"), 512);
	mb_alloc_fails(tm->m, 1, 1, -ENOMEM);
	assert_int_equal(nr_reserved(tm->m), 1024);
}

/*
 * Enough free pages, but not at the alignment asked for:
 *
 *   0             256           512                                1024
 *   |     low     |    free     |              high                |
 *   +-------------+-------------+----------------------------------+
 *
 * Expect 256 pages aligned to 512 to fail with -ENOMEM and aligned to 256 to get pfn 256.
 */
static void test_alloc_no_aligned_run(void **state)
{
	struct test_machine *tm = *state;

	assert_errno(sim_memblock_reserve(tm->m, 0, 256, "low"), 0);
	assert_errno(sim_memblock_reserve(tm->m, 512, 512, "high"), 0);
	mb_alloc_fails(tm->m, 256, 512, -ENOMEM);
	mb_alloc_fails(tm->m, 200, 512, -ENOMEM);
	mb_alloc_fails(tm->m, 257, 1, -ENOMEM);
	assert_int_equal(mb_alloc(tm->m, 256, 256, "mid"), 256);
}

/*
 * Only pfn 0 is free, so the search must stop at the bottom, not wrap:
 *
 *   0 1                                                            1024
 *   | |                           rest                             |
 *   +-+------------------------------------------------------------+
 *
 * Expect the first 1-page request to get pfn 0 and the second to fail with -ENOMEM.
 */
static void test_alloc_bottom_pfn(void **state)
{
	struct test_machine *tm = *state;

	assert_errno(sim_memblock_reserve(tm->m, 1, 1023, "rest"), 0);
	mb_alloc_fails(tm->m, 2, 1, -ENOMEM);
	assert_int_equal(mb_alloc(tm->m, 1, 1, "zero"), 0);
	mb_alloc_fails(tm->m, 1, 1, -ENOMEM);
	assert_region(tm->m, 0, 0, 1, "zero");
	assert_run_reserved(0, 1024);
}

/*
 * After boot the allocator is closed:
 *
 *   0                                                      1000    1024
 *   |                                                       | boot |
 *   +-------------------------------------------------------+------+
 *
 * Expect -EPERM from both calls after sim_machine_boot_done(), -EALREADY from a second boot_done.
 */
static void test_after_boot(void **state)
{
	struct test_machine *tm = *state;
	struct sim_machine_info info;

	assert_int_equal(mb_alloc(tm->m, 24, 8, "boot"), 1000);
	assert_errno(sim_machine_boot_done(tm->m), 0);
	assert_errno(sim_machine_get_info(tm->m, &info), 0);
	assert_true(info.booted);

	mb_alloc_fails(tm->m, 1, 1, -EPERM);
	mb_reserve_fails(tm->m, 0, 1, -EPERM);
	mb_save(tm->m);
	assert_errno(sim_machine_boot_done(tm->m), -EALREADY);
	mb_assert_unchanged(tm->m);
	/* The regions made during boot are still there to read. */
	assert_int_equal(sim_memblock_count(tm->m), 1);
	assert_region(tm->m, 0, 1000, 24, "boot");
}

/*
 * A full region table: SIM_MEMBLOCK_MAX_REGIONS single pages at even pfns:
 *
 *   0 1 2 3 4 5     252 253 254 255 256                           1024
 *   |r| |r| |r| ...  |r|    |r|     |                              |
 *   +-+-+-+-+-+-...--+-+----+-+-----+------------------------------+
 *
 * Expect -ENOSPC from sim_memblock_reserve() and sim_memblock_alloc() for one more.
 */
static void test_region_table_full(void **state)
{
	struct test_machine *tm = *state;
	char name[16];

	for (unsigned long i = 0; i < SIM_MEMBLOCK_MAX_REGIONS; i++) {
		snprintf(name, sizeof(name), "r%lu", i);
		assert_errno(sim_memblock_reserve(tm->m, 2 * i, 1, name), 0);
	}
	assert_int_equal(sim_memblock_count(tm->m), SIM_MEMBLOCK_MAX_REGIONS);
	assert_int_equal(nr_reserved(tm->m), SIM_MEMBLOCK_MAX_REGIONS);

	mb_reserve_fails(tm->m, 600, 1, -ENOSPC);
	mb_alloc_fails(tm->m, 1, 1, -ENOSPC);
	assert_region(tm->m, SIM_MEMBLOCK_MAX_REGIONS - 1,
		      2 * (SIM_MEMBLOCK_MAX_REGIONS - 1), 1, "r127");
	assert_run_free(1, 1);
	assert_run_free(2 * SIM_MEMBLOCK_MAX_REGIONS,
			1024 - 2 * SIM_MEMBLOCK_MAX_REGIONS);
}

#define MB_TEST(fn) \
	cmocka_unit_test_setup_teardown(fn, test_setup_machine, \
					test_teardown_machine)

int main(void)
{
	const struct CMUnitTest tests[] = {
		MB_TEST(test_alloc_top_down),
		MB_TEST(test_alloc_between_regions),
		cmocka_unit_test_setup_teardown(test_alloc_alignment_is_absolute,
						setup_unaligned_machine,
						test_teardown_machine),
		MB_TEST(test_reserved_page_state),
		MB_TEST(test_regions_sorted),
		MB_TEST(test_reserve_fixed),
		MB_TEST(test_reserve_errors),
		MB_TEST(test_alloc_bad_arguments),
		MB_TEST(test_alloc_no_free_run),
		MB_TEST(test_alloc_no_aligned_run),
		MB_TEST(test_alloc_bottom_pfn),
		MB_TEST(test_after_boot),
		MB_TEST(test_region_table_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
