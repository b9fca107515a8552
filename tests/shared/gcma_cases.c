// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Shared test body (tests/shared/README.md): GCMA cases that run as CMocka
 * tests here (test_shared_gcma) and as the KUnit suite gcma_shared in a
 * kernel tree (tools/kernel-port).
 *
 * Every case takes reserved boot pages with st_reserve() and registers
 * its areas there; pfns below are offsets from that range's base. The
 * cases cover the error codes of gcma_register_area(), gcma_alloc_range()
 * and gcma_free_range() a kernel can show (-EINVAL, -EBUSY, -EEXIST,
 * -EOPNOTSUPP), compound allocation, the find-area boundary, a free with
 * an extra reference, and the guarantee with a full cache. A refused call
 * must change nothing (G_REFUSED). Both invariant checkers run after
 * every step.
 *
 * What only the simulation can show stays in tests/unit/test_gcma.c:
 * -ENOSPC and -ENOMEM (64 areas or pools used up: a kernel cannot give
 * them back), -ENXIO (every kernel context may call GCMA), allocation
 * failures injected one by one, the WARN on bad gfp bits, trace lines.
 */
#include <libgcma/cleancache.h>
#include <libgcma/folio.h>
#include <libgcma/gcma.h>
#include <libgcma/gfp.h>
#include "mm/cleancache_internal.h"
#include "shared_test.h"
#include "shared_helpers.h"

#define G_SNAP_PFNS	256

/* What a refused call must leave as it was. */
struct g_snap {
	struct cleancache_stats cs;
	int nr_areas;
	unsigned long allocated[MAX_GCMA_AREAS];
	unsigned long flags[G_SNAP_PFNS];
	int ref[G_SNAP_PFNS];
};

static void g_snap_take(struct st_ctx *st, struct g_snap *s)
{
	struct gcma_area_info info;
	unsigned int r, n = 0;
	unsigned long pfn;
	int i;

	ST_ASSERT_EQ(cleancache_stats_get(&s->cs), 0);
	s->nr_areas = gcma_nr_areas();
	for (i = 0; i < s->nr_areas; i++) {
		ST_ASSERT_EQ(gcma_area_get_info(i, &info), 0);
		s->allocated[i] = info.allocated;
	}
	for (r = 0; r < st->nr_ranges; r++) {
		for (pfn = st->range_start[r];
		     pfn < st->range_start[r] + st->range_nr[r] &&
		     n < G_SNAP_PFNS; pfn++, n++) {
			s->flags[n] = pfn_to_page(pfn)->flags;
			s->ref[n] = page_ref_count(pfn_to_page(pfn));
		}
	}
}

static void g_check(struct st_ctx *st)
{
	ST_ASSERT_EQ(gcma_check(), 0);
	ST_CHECK_CC();
}

/* The buffers of G_REFUSED(), made once per case. */
struct g_world {
	struct g_snap *before;
	struct g_snap *after;
};

static struct g_world *g_world(struct st_ctx *st)
{
	struct g_world *g = st_zalloc(st, sizeof(*g));

	g->before = st_zalloc(st, sizeof(*g->before));
	g->after = st_zalloc(st, sizeof(*g->after));
	return g;
}

static void g_same(struct st_ctx *st, struct g_world *g)
{
	int i;

	g_snap_take(st, g->after);
	ST_ASSERT_EQ(g->after->nr_areas, g->before->nr_areas);
	for (i = 0; i < g->before->nr_areas; i++)
		ST_ASSERT_EQ(g->after->allocated[i], g->before->allocated[i]);
	for (i = 0; i < G_SNAP_PFNS; i++) {
		ST_ASSERT_EQ(g->after->flags[i], g->before->flags[i]);
		ST_ASSERT_EQ(g->after->ref[i], g->before->ref[i]);
	}
	ST_ASSERT_TRUE(!memcmp(&g->after->cs, &g->before->cs,
			       sizeof(g->before->cs)));
	g_check(st);
}

/* G_REFUSED(expr, err) - @expr returns @err and changes nothing. */
#define G_REFUSED(expr, err)						\
	do {								\
		g_snap_take(st, g->before);				\
		ST_ASSERT_EQ((expr), (err));				\
		g_same(st, g);						\
	} while (0)

/* Register an area that must succeed; return its id. */
static int g_area(struct st_ctx *st, const char *name, unsigned long start,
		  unsigned long count)
{
	ST_ASSERT_EQ(gcma_register_area(name, start, count), 0);
	g_check(st);
	return gcma_nr_areas() - 1;
}

static void g_alloc(struct st_ctx *st, unsigned long start,
		    unsigned long count, gfp_t gfp)
{
	ST_ASSERT_EQ(gcma_alloc_range(start, count, gfp), 0);
	g_check(st);
}

static void g_free(struct st_ctx *st, unsigned long start,
		   unsigned long count)
{
	ST_ASSERT_EQ(gcma_free_range(start, count), 0);
	g_check(st);
}

static struct gcma_area_info g_info(struct st_ctx *st, int id)
{
	struct gcma_area_info info;

	ST_ASSERT_EQ(gcma_area_get_info(id, &info), 0);
	return info;
}

static unsigned long g_pool_size(struct st_ctx *st, int pool)
{
	struct cleancache_pool_stats ps;

	ST_ASSERT_EQ(cleancache_pool_stats_get(pool, &ps), 0);
	return ps.size;
}

/* Is @pfn donated: frozen at 0, in no folio, owned by a pool? */
static bool g_donated(unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	return page_ref_count(page) == 0 && !PageTail(page) &&
	       !PageHead(page) && folio_cc_pool_id(pfn_folio(pfn)) >= 0;
}

/* Store @n workingset entries over the fake inodes, in order. */
static unsigned long g_fill_cache(struct st_ctx *st, unsigned long n)
{
	struct folio *src = st_folio(st);
	unsigned long i, stored = 0;

	for (i = 0; i < n; i++) {
		st_fill(src, 0x40000000u | (uint32_t)i);
		if (st_store(st_inode(st, i % ST_NR_INODES), src,
			     i / ST_NR_INODES))
			stored++;
	}
	g_check(st);
	return stored;
}

/*
 * Areas for the range cases, in 256 reserved pages at @base; b is
 * registered first, so it has the lower id: v2's find_area() would pick
 * it for a range ending at its start.
 *
 *   0            64           128       192          256
 *   |---- a -----|---- b -----| (gap)   |----- c -----|
 */
struct three_areas {
	unsigned long base;
	int a, b, c;
};

static struct three_areas three_areas(struct st_ctx *st)
{
	struct three_areas t;

	t.base = st_reserve(st, 256);
	t.b = g_area(st, st_name(st, "b"), t.base + 64, 64);
	t.a = g_area(st, st_name(st, "a"), t.base, 64);
	t.c = g_area(st, st_name(st, "c"), t.base + 192, 64);
	return t;
}

/* The calls that need no area (the port's first smoke test). */
ST_CASE(gcma_no_area)
{
	struct gcma_area_info info;

	ST_ASSERT_EQ(gcma_register_area(NULL, 0, 1), -EINVAL);
	ST_ASSERT_EQ(gcma_register_area("", 0, 1), -EINVAL);
	ST_ASSERT_EQ(gcma_register_area("a/b", 0, 1), -EINVAL);
	ST_ASSERT_EQ(gcma_register_area("kunit", 0, 0), -EINVAL);
	ST_ASSERT_EQ(gcma_register_area("kunit", ULONG_MAX, 2), -EINVAL);
	ST_ASSERT_EQ(gcma_alloc_range(0, 0, GFP_KERNEL), -EINVAL);
	ST_ASSERT_EQ(gcma_alloc_range(0, 1, GFP_KERNEL), -EINVAL);
	ST_ASSERT_EQ(gcma_free_range(0, 0), -EINVAL);
	ST_ASSERT_EQ(gcma_free_range(0, 1), -EINVAL);
	ST_ASSERT_EQ(gcma_area_get_info(-1, &info), -EINVAL);
	ST_ASSERT_EQ(gcma_area_get_info(gcma_nr_areas(), &info), -EINVAL);
	ST_ASSERT_EQ(gcma_area_get_info(0, NULL), -EINVAL);
	g_check(st);
}

/*
 * Registration errors on 32 reserved pages.
 *
 *   0       8       16      24      32
 *   |------ x ------|------ y ------|
 *           [8, 24) overlaps both, [0, 16) is x again
 *
 * Expect -EINVAL for bad names, a count of 0 and a wrapping range;
 * -EBUSY for a page of system memory, a reserved page with an extra
 * reference, and an overlap; -EEXIST for a second area of x's name;
 * nothing changed each time. x and y (touching) register.
 */
ST_CASE(gcma_register_errors)
{
	struct g_world *g = g_world(st);
	unsigned long base = st_reserve(st, 32);
	unsigned long sys = folio_pfn(st_folio(st));
	int nr = gcma_nr_areas();
	char long_name[GCMA_AREA_NAME_MAX_LEN + 1];
	const char *x = st_name(st, "x"), *y = st_name(st, "y");

	memset(long_name, 'x', GCMA_AREA_NAME_MAX_LEN);
	long_name[GCMA_AREA_NAME_MAX_LEN] = '\0';
	G_REFUSED(gcma_register_area(NULL, base, 16), -EINVAL);
	G_REFUSED(gcma_register_area("", base, 16), -EINVAL);
	G_REFUSED(gcma_register_area(long_name, base, 16), -EINVAL);
	G_REFUSED(gcma_register_area("a/b", base, 16), -EINVAL);
	G_REFUSED(gcma_register_area(x, base, 0), -EINVAL);
	G_REFUSED(gcma_register_area(x, ULONG_MAX - 4, 16), -EINVAL);
	G_REFUSED(gcma_register_area(x, sys, 1), -EBUSY);

	/* A page someone holds an extra reference on is not a boot page. */
	folio_ref_inc(pfn_folio(base + 5));
	G_REFUSED(gcma_register_area(x, base, 16), -EBUSY);
	folio_ref_dec(pfn_folio(base + 5));
	ST_ASSERT_EQ(gcma_nr_areas(), nr);

	g_area(st, x, base, 16);
	G_REFUSED(gcma_register_area(x, base + 16, 16), -EEXIST);
	G_REFUSED(gcma_register_area(y, base + 8, 16), -EBUSY);
	G_REFUSED(gcma_register_area(y, base, 16), -EBUSY);
	g_area(st, y, base + 16, 16);
	ST_ASSERT_EQ(gcma_nr_areas(), nr + 2);
}

/*
 * A registered area donates every page: refcount 0, not reserved, in its
 * pool; the first store takes the highest pfn, and allocating that pfn
 * drops the entry.
 */
ST_CASE(gcma_register_donates)
{
	unsigned long base = st_reserve(st, 64), pfn;
	struct inode *inode = st_inode(st, 0);
	struct folio *src = st_folio(st);
	const char *name = st_name(st, "donor");
	struct gcma_area_info info;
	int id = g_area(st, name, base, 64);

	info = g_info(st, id);
	ST_ASSERT_TRUE(!strcmp(info.name, name));
	ST_ASSERT_EQ(info.start_pfn, base);
	ST_ASSERT_EQ(info.end_pfn, base + 64);
	ST_ASSERT_EQ(info.allocated, 0);
	ST_ASSERT_EQ(g_pool_size(st, info.pool_id), 64);
	for (pfn = base; pfn < base + 64; pfn++) {
		ST_ASSERT_FALSE(folio_test_reserved(pfn_folio(pfn)));
		ST_ASSERT_TRUE(g_donated(pfn));
		ST_ASSERT_EQ(folio_cc_pool_id(pfn_folio(pfn)), info.pool_id);
	}
	st_fill(src, 0x1234);
	ST_ASSERT_TRUE(st_store(inode, src, 0));
	g_check(st);
	st_expect_pool(st, info.pool_id, 64, 1, 0);
	g_alloc(st, base + 63, 1, GFP_KERNEL);
	st_expect_pool(st, info.pool_id, 63, 0, 1);
	ST_ASSERT_FALSE(st_restore(inode, src, 0));
	g_free(st, base + 63, 1);
	ST_ASSERT_EQ(g_pool_size(st, info.pool_id), 64);
}

/*
 * Range errors (three_areas()).
 *
 *   0      56   64   72      128 132    176  192
 *   |-- a --[====|====]-- b --|[==] gap  [====|--- c ...
 *           [56, 72) straddles a|b
 *                             [128, 132) touches b's end, in the gap
 *                                        [176, 192) ends at c's start
 *
 * Expect -EINVAL for each, for a page of system memory, a count of 0, a
 * wrapping range and one longer than the area; nothing changed.
 */
ST_CASE(gcma_alloc_range_errors)
{
	struct g_world *g = g_world(st);
	struct three_areas t = three_areas(st);
	unsigned long sys = folio_pfn(st_folio(st));

	G_REFUSED(gcma_alloc_range(t.base + 56, 16, GFP_KERNEL), -EINVAL);
	G_REFUSED(gcma_alloc_range(t.base + 128, 4, GFP_KERNEL), -EINVAL);
	G_REFUSED(gcma_alloc_range(t.base + 176, 16, GFP_KERNEL), -EINVAL);
	G_REFUSED(gcma_alloc_range(sys, 1, GFP_KERNEL), -EINVAL);
	G_REFUSED(gcma_alloc_range(t.base, 0, GFP_KERNEL), -EINVAL);
	G_REFUSED(gcma_alloc_range(ULONG_MAX - 2, 8, GFP_KERNEL), -EINVAL);
	G_REFUSED(gcma_alloc_range(t.base, ULONG_MAX, GFP_KERNEL), -EINVAL);
	G_REFUSED(gcma_alloc_range(t.base, 65, GFP_KERNEL), -EINVAL);
}

/*
 * The find-area boundary: an area starting exactly at the range's end
 * must not be chosen.
 *
 *   0               48   64
 *   |-------- a ----[====]|---- b (the lower id) ...
 *
 * Expect 0: [48, 64) is inside a (v2 picks b and fails); the pages come
 * from a's pool. Then the whole of a, ending at b's start.
 */
ST_CASE(gcma_find_area_boundary)
{
	struct three_areas t = three_areas(st);
	struct gcma_area_info a, b;

	g_alloc(st, t.base + 48, 16, GFP_KERNEL);
	a = g_info(st, t.a);
	b = g_info(st, t.b);
	ST_ASSERT_EQ(a.allocated, 16);
	ST_ASSERT_EQ(b.allocated, 0);
	ST_ASSERT_EQ(g_pool_size(st, a.pool_id), 48);
	ST_ASSERT_EQ(g_pool_size(st, b.pool_id), 64);
	g_free(st, t.base + 48, 16);
	g_alloc(st, t.base, 64, GFP_KERNEL);
	g_free(st, t.base, 64);
}

/*
 * Compound allocation in c = [192, 256).
 *
 * Expect -EINVAL for a count that is not a power of two (3, 0), an order
 * of MAX_PAGE_ORDER, a start not aligned to the count; then an order-3
 * folio: refcount 1 on the head, 0 on the tails, every tail in the
 * folio, pages writable; freed back whole; then all of c as one order-6
 * folio.
 */
ST_CASE(gcma_alloc_compound)
{
	struct g_world *g = g_world(st);
	struct three_areas t = three_areas(st);
	unsigned long c = t.base + 192, pfn;
	struct folio *folio;

	G_REFUSED(gcma_alloc_range(c, 3, GFP_KERNEL | __GFP_COMP), -EINVAL);
	G_REFUSED(gcma_alloc_range(c, 0, GFP_KERNEL | __GFP_COMP), -EINVAL);
	G_REFUSED(gcma_alloc_range(0, 1UL << MAX_PAGE_ORDER,
				   GFP_KERNEL | __GFP_COMP), -EINVAL);
	G_REFUSED(gcma_alloc_range(c + 2, 4, GFP_KERNEL | __GFP_COMP),
		  -EINVAL);

	g_alloc(st, c + 8, 8, GFP_KERNEL | __GFP_COMP);
	folio = pfn_folio(c + 8);
	ST_ASSERT_TRUE(folio_test_large(folio));
	ST_ASSERT_EQ(folio_nr_pages(folio), 8);
	ST_ASSERT_EQ(folio_ref_count(folio), 1);
	for (pfn = c + 9; pfn < c + 16; pfn++) {
		ST_ASSERT_PTR_EQ(pfn_folio(pfn), folio);
		ST_ASSERT_EQ(page_ref_count(pfn_to_page(pfn)), 0);
	}
	memset(folio_address(folio), 0xa5, 8 * PAGE_SIZE);
	g_free(st, c + 8, 8);
	for (pfn = c + 8; pfn < c + 16; pfn++)
		ST_ASSERT_TRUE(g_donated(pfn));

	g_alloc(st, c, 64, GFP_KERNEL | __GFP_COMP);
	ST_ASSERT_EQ(folio_order(pfn_folio(c)), 6);
	g_free(st, c, 64);
}

/*
 * Double allocation.
 *
 *   0       8       16      24      32
 *   [=======]                          order-0 x8
 *       [=======]                      [4, 12): overlaps it
 *                   [=======]          compound order 3
 *                       [=]            [20, 22): inside it
 *
 * Expect -EINVAL for the order-0 overlap (get_folio's error, as v2) and
 * -EOPNOTSUPP inside the compound folio; nothing changed.
 */
ST_CASE(gcma_alloc_double)
{
	struct g_world *g = g_world(st);
	struct three_areas t = three_areas(st);
	unsigned long a = t.base, pfn;

	g_alloc(st, a, 8, GFP_KERNEL);
	G_REFUSED(gcma_alloc_range(a + 4, 8, GFP_KERNEL), -EINVAL);
	G_REFUSED(gcma_alloc_range(a, 8, GFP_KERNEL), -EINVAL);
	for (pfn = a + 8; pfn < a + 12; pfn++)
		ST_ASSERT_TRUE(g_donated(pfn));
	g_alloc(st, a + 16, 8, GFP_KERNEL | __GFP_COMP);
	G_REFUSED(gcma_alloc_range(a + 20, 2, GFP_KERNEL), -EOPNOTSUPP);
	G_REFUSED(gcma_alloc_range(a + 12, 8, GFP_KERNEL), -EOPNOTSUPP);
	g_free(st, a, 8);
	g_free(st, a + 16, 8);
}

/*
 * Free errors: count 0, a wrap, a range in no area, one straddling a|b,
 * never allocated, partly allocated, a double free; a compound folio
 * freed with the wrong count. Expect -EINVAL, nothing changed.
 */
ST_CASE(gcma_free_range_errors)
{
	struct g_world *g = g_world(st);
	struct three_areas t = three_areas(st);
	unsigned long a = t.base;

	g_alloc(st, a, 8, GFP_KERNEL);
	G_REFUSED(gcma_free_range(a, 0), -EINVAL);
	G_REFUSED(gcma_free_range(ULONG_MAX - 2, 8), -EINVAL);
	G_REFUSED(gcma_free_range(a + 128, 4), -EINVAL);
	G_REFUSED(gcma_free_range(a + 56, 16), -EINVAL);
	G_REFUSED(gcma_free_range(a + 8, 8), -EINVAL);
	G_REFUSED(gcma_free_range(a, 16), -EINVAL);
	g_free(st, a, 8);
	G_REFUSED(gcma_free_range(a, 8), -EINVAL);
	G_REFUSED(gcma_free_range(a, 1), -EINVAL);

	g_alloc(st, a + 16, 8, GFP_KERNEL | __GFP_COMP);
	G_REFUSED(gcma_free_range(a + 16, 4), -EINVAL);
	G_REFUSED(gcma_free_range(a + 20, 4), -EINVAL);
	G_REFUSED(gcma_free_range(a + 16, 16), -EINVAL);
	g_free(st, a + 16, 8);
}

/*
 * A page holds an extra reference.
 *
 *   32      36      40
 *   [===+===X=======]   order-0 x8, pfn 36 at refcount 2
 *   and [48, 56) compound with its head at refcount 2
 *
 * Expect -EINVAL with nothing changed (the other pages still at 1); once
 * the reference is dropped the free succeeds.
 */
ST_CASE(gcma_free_extra_reference)
{
	struct g_world *g = g_world(st);
	struct three_areas t = three_areas(st);
	unsigned long a = t.base, pfn;

	g_fill_cache(st, 100);
	g_alloc(st, a + 32, 8, GFP_KERNEL);
	folio_get(pfn_folio(a + 36));
	G_REFUSED(gcma_free_range(a + 32, 8), -EINVAL);
	ST_ASSERT_EQ(folio_ref_count(pfn_folio(a + 36)), 2);
	for (pfn = a + 32; pfn < a + 40; pfn++)
		if (pfn != a + 36)
			ST_ASSERT_EQ(folio_ref_count(pfn_folio(pfn)), 1);
	folio_put(pfn_folio(a + 36));
	g_free(st, a + 32, 8);

	g_alloc(st, a + 48, 8, GFP_KERNEL | __GFP_COMP);
	folio_get(pfn_folio(a + 48));
	G_REFUSED(gcma_free_range(a + 48, 8), -EINVAL);
	ST_ASSERT_EQ(folio_ref_count(pfn_folio(a + 48)), 2);
	folio_put(pfn_folio(a + 48));
	g_free(st, a + 48, 8);
}

/*
 * GCMA succeeds however full the cleancache is.
 *
 *   0                                             256
 *   [===================== area =====================]
 *   every page CACHED (then over-full: evictions)
 *
 * Expect the whole-area allocation to succeed at once: every entry
 * dropped (recalled grows by 256), the pool empty. Then free, refill,
 * and allocate pieces of the full area.
 */
ST_CASE(gcma_guarantee_full_cache)
{
	unsigned long base = st_reserve(st, 256);
	struct cleancache_stats *s = st_stats(st);
	struct gcma_area_info info;
	int id = g_area(st, st_name(st, "all"), base, 256);

	info = g_info(st, id);
	ST_ASSERT_EQ(g_fill_cache(st, 256 + 40), 256 + 40);
	ST_EXPECT(s, .stored = 256 + 40, .reclaimed = 40);
	st_expect_pool(st, info.pool_id, 256, 256, 0);

	g_alloc(st, base, 256, GFP_KERNEL);
	ST_EXPECT(s, .recalled = 256);
	st_expect_pool(st, info.pool_id, 0, 0, 256);
	ST_ASSERT_FALSE(st_restore(st_inode(st, 0), st_folio(st), 0));
	ST_EXPECT(s, .missed = 1);
	g_free(st, base, 256);
	ST_ASSERT_EQ(g_pool_size(st, info.pool_id), 256);

	/* Full again, then pieces: order-0 and compound. */
	g_fill_cache(st, 256);
	st_expect_pool(st, info.pool_id, 256, 256, 256);
	ST_EXPECT(s, .stored = 256);
	g_alloc(st, base + 64, 64, GFP_KERNEL | __GFP_COMP);
	g_alloc(st, base + 3, 5, GFP_KERNEL);
	g_alloc(st, base + 200, 1, GFP_KERNEL);
	ST_EXPECT(s, .recalled = 70);
	/* A store now evicts instead of using the allocated pages. */
	g_fill_cache(st, 10);
	g_free(st, base + 64, 64);
	g_free(st, base + 3, 5);
	g_free(st, base + 200, 1);
	info = g_info(st, id);
	ST_ASSERT_EQ(info.allocated, 0);
	ST_ASSERT_EQ(info.alloc_success, 4);
	ST_ASSERT_EQ(info.free_success, 4);
	ST_ASSERT_EQ(info.alloc_pages, 256 + 70);
}

ST_SUITE(gcma_shared,
	 ST_RUN(gcma_no_area),
	 ST_RUN(gcma_register_errors),
	 ST_RUN(gcma_register_donates),
	 ST_RUN(gcma_alloc_range_errors),
	 ST_RUN(gcma_find_area_boundary),
	 ST_RUN(gcma_alloc_compound),
	 ST_RUN(gcma_alloc_double),
	 ST_RUN(gcma_free_range_errors),
	 ST_RUN(gcma_free_extra_reference),
	 ST_RUN(gcma_guarantee_full_cache));
