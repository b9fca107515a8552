// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of GCMA: every return value and error code of
 * gcma_register_area(), gcma_alloc_range() and gcma_free_range(), the
 * all-or-nothing allocation in ascending pfn order, the refcounts GCMA
 * promises, failed calls that change nothing, and the guarantee: an
 * allocation succeeds whenever the range is free in its area, however
 * full the cleancache is.
 *
 * The cases a kernel can run too are shared with the KUnit port:
 * tests/shared/gcma_cases.c (test_shared_gcma). These are the rest.
 *
 * Every test runs on a 1024-page machine with page data whose top 256
 * pages are a boot-time carve-out (PG_reserved, refcount 1); the test
 * registers areas inside it:
 *
 *   pfn 0                                 768                  1024
 *       |<--------- system memory --------->|<--- carve-out --->|
 *        page-cache folios (cc_page)          GCMA areas
 *
 * gcma_check() and cleancache_check() run after every step (G_CHECK).
 * Teardown takes every donated page back from cleancache (which must
 * succeed), then the cleancache fixture restores the carve-out.
 */
#include <limits.h>

#include <libgcma/defects.h>
#include <libgcma/digest.h>

#include "cc_test.h"
#include "check_test.h"
#include "mm/gcma_internal.h"

#define CARVE		CC_CARVE256_PFN
#define NR_CARVE	CC_CARVE256_PAGES

static void __g_check(const char *file, int line)
{
	int ret = gcma_check();

	if (ret) {
		test_print_violations(sim_current_machine());
		print_error("%s:%d: gcma_check() returned %d\n", file, line,
			    ret);
		_fail(file, line);
	}
	__cc_check(file, line);
}

/* G_CHECK - both invariant checkers must pass, now. */
#define G_CHECK()	__g_check(__FILE__, __LINE__)

static int gcma_teardown(void **state)
{
	struct cc_test *t = *state;
	int nr = gcma_nr_areas();
	int errors = 0;

	if (gcma_check()) {
		print_error("teardown: gcma_check() fails on entry\n");
		errors++;
	}
	/*
	 * Split compound folios GCMA handed out, then take every donated
	 * page back: get_folio() of a donated page must succeed.
	 */
	for (int i = 0; i < nr; i++) {
		struct gcma_area_info info;

		assert_errno(gcma_area_get_info(i, &info), 0);
		for (unsigned long pfn = info.start_pfn; pfn < info.end_pfn;
		     pfn++) {
			struct folio *desc = (struct folio *)pfn_to_page(pfn);

			if (folio_test_head(desc))
				destroy_compound_page((struct page *)desc);
		}
		for (unsigned long pfn = info.start_pfn; pfn < info.end_pfn;
		     pfn++) {
			struct folio *desc = (struct folio *)pfn_to_page(pfn);
			int ret;

			if (folio_ref_count(desc))
				continue;	/* allocated (a head), or tail */
			ret = cleancache_backend_get_folio(info.pool_id, desc);
			if (ret && ret != -EINVAL) {
				print_error("teardown: get_folio(pfn %#lx) = %d\n",
					    pfn, ret);
				errors++;
			}
		}
	}
	for (unsigned long i = 0; i < t->nr_carve; i++)
		t->state[i] = CC_D_OWNED;
	cc_teardown(state);
	if (errors)
		fail_msg("%d gcma teardown errors", errors);
	return 0;
}

/* ---- snapshots: a refused call must change nothing -------------------- */

struct pfn_snap {
	unsigned long flags;
	void *private;
	void *mapping;
	pgoff_t index;
	int ref;
	unsigned long compound_head;
};

struct g_snap {
	struct pfn_snap pfn[NR_CARVE];
	struct cleancache_stats cs;
	int nr_areas;
	unsigned long allocated[MAX_GCMA_AREAS];
};

static void g_snap_take(struct g_snap *s)
{
	memset(s, 0, sizeof(*s));
	for (unsigned long i = 0; i < NR_CARVE; i++) {
		struct page *d = pfn_to_page(CARVE + i);

		s->pfn[i].flags = d->flags;
		s->pfn[i].private = d->private;
		s->pfn[i].mapping = d->mapping;
		s->pfn[i].index = d->index;
		s->pfn[i].ref = page_ref_count(d);
		s->pfn[i].compound_head = PageTail(d) ? d->compound_head : 0;
	}
	cc_stats(&s->cs);
	s->nr_areas = gcma_nr_areas();
	for (int i = 0; i < s->nr_areas; i++) {
		struct gcma_area_info info;

		assert_errno(gcma_area_get_info(i, &info), 0);
		s->allocated[i] = info.allocated;
	}
}

static void __g_same(const struct g_snap *a, const char *file, int line)
{
	struct g_snap *b = malloc(sizeof(*b));
	bool bad = false;

	assert_non_null(b);
	g_snap_take(b);
	for (unsigned long i = 0; i < NR_CARVE; i++)
		if (memcmp(&a->pfn[i], &b->pfn[i], sizeof(a->pfn[i]))) {
			print_error("%s:%d: pfn %lu changed: ref %d -> %d, flags %#lx -> %#lx, private %p -> %p\n",
				    file, line, CARVE + i, a->pfn[i].ref,
				    b->pfn[i].ref, a->pfn[i].flags,
				    b->pfn[i].flags, a->pfn[i].private,
				    b->pfn[i].private);
			bad = true;
		}
	if (memcmp(&a->cs, &b->cs, sizeof(a->cs))) {
		print_error("%s:%d: cleancache stats changed\n", file, line);
		bad = true;
	}
	if (a->nr_areas != b->nr_areas ||
	    memcmp(a->allocated, b->allocated, sizeof(a->allocated))) {
		print_error("%s:%d: areas changed\n", file, line);
		bad = true;
	}
	free(b);
	__g_check(file, line);
	if (bad)
		_fail(file, line);
}

/* G_SAME(&snap) - nothing changed since g_snap_take(&snap). */
#define G_SAME(snap)	__g_same((snap), __FILE__, __LINE__)

/* A failing call must return @err and change nothing. */
#define G_REFUSED(expr, err)						\
	do {								\
		struct g_snap *__s = malloc(sizeof(*__s));		\
									\
		assert_non_null(__s);					\
		g_snap_take(__s);					\
		assert_errno((expr), (err));				\
		G_SAME(__s);						\
		free(__s);						\
	} while (0)

/* ---- helpers ---------------------------------------------------------- */

static int g_area(const char *name, unsigned long start, unsigned long count)
{
	int ret = gcma_register_area(name, start, count);

	assert_errno(ret, 0);
	G_CHECK();
	return gcma_nr_areas() - 1;
}

static struct folio *desc(unsigned long pfn)
{
	return (struct folio *)pfn_to_page(pfn);
}

/* Is @pfn donated (FREE or CACHED), as a pool's stats see it? */
static bool g_donated(unsigned long pfn)
{
	struct folio *d = desc(pfn);

	/* A donated page is frozen at 0, unreserved, and poisoned. */
	return folio_ref_count(d) == 0 && !PageTail((struct page *)d) &&
	       !folio_test_head(d) && d->private != NULL;
}

static void g_alloc(unsigned long start, unsigned long count, gfp_t gfp)
{
	assert_errno(gcma_alloc_range(start, count, gfp), 0);
	G_CHECK();
}

static void g_free(unsigned long start, unsigned long count)
{
	assert_errno(gcma_free_range(start, count), 0);
	G_CHECK();
}

/*
 * Store workingset pages until every free donated folio holds data;
 * return how many entries were stored.
 */
static unsigned long g_fill_cache(struct cc_test *t, unsigned long n)
{
	struct folio *src = cc_page(t);
	unsigned long stored = 0;

	for (unsigned long i = 0; i < n; i++) {
		struct inode *inode = &t->inode[i % CC_NR_INODES];

		if (cc_store_tag(t, inode, src, i / CC_NR_INODES,
				 0x40000000u | (uint32_t)i))
			stored++;
	}
	G_CHECK();
	return stored;
}

/* ---- gcma_register_area ------------------------------------------------ */

/*
 * Registration errors only a machine of known size shows (the rest:
 * gcma_register_errors in tests/shared/gcma_cases.c, also run in a kernel).
 *
 *   pfn 0 ...... 760  768                               1024 (machine end)
 *       | system |    |<----------- carve-out ----------->|
 *                [760, 776)  straddles system + carve       [1016, 1032) past end
 *
 * Expect -EINVAL for a range outside the machine, -EBUSY for a range of
 * system memory or one straddling it; nothing changed. A 31-byte name is
 * fine.
 */
static void test_register_errors(void **state)
{
	char long_name[GCMA_AREA_NAME_MAX_LEN];

	(void)state;
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[GCMA_AREA_NAME_MAX_LEN - 1] = '\0';

	G_REFUSED(gcma_register_area("a", 1016, 16), -EINVAL);
	G_REFUSED(gcma_register_area("a", 2048, 1), -EINVAL);
	G_REFUSED(gcma_register_area("a", 0, 16), -EBUSY);
	G_REFUSED(gcma_register_area("a", 760, 16), -EBUSY);
	assert_int_equal(gcma_nr_areas(), 0);
	g_area(long_name, CARVE, 16);
	assert_int_equal(gcma_nr_areas(), 1);
}

/*
 * 65 areas: 64 one-page areas at 768 .. 831, then a 65th at 832.
 * Expect the 65th to fail with -ENOSPC and pfn 832 to stay a reserved
 * boot page; no cleancache pool is used up.
 */
static void test_register_65_areas(void **state)
{
	struct cleancache_stats s;
	char name[16];

	(void)state;
	for (int i = 0; i < MAX_GCMA_AREAS; i++) {
		snprintf(name, sizeof(name), "area%d", i);
		assert_int_equal(g_area(name, CARVE + (unsigned long)i, 1), i);
	}
	G_REFUSED(gcma_register_area("area64", CARVE + 64, 1), -ENOSPC);
	assert_true(folio_test_reserved(desc(CARVE + 64)));
	assert_int_equal(folio_ref_count(desc(CARVE + 64)), 1);
	cc_stats(&s);
	assert_int_equal(s.nr_pools, MAX_GCMA_AREAS);
}

/*
 * cleancache has no pool left (64 registered by other backends).
 * Expect the error of register_pool (-ENOMEM), nothing changed.
 */
static void test_register_no_pool(void **state)
{
	char name[16];

	(void)state;
	for (int i = 0; i < CLEANCACHE_MAX_POOLS; i++) {
		snprintf(name, sizeof(name), "other%d", i);
		cc_pool(name, i);
	}
	G_REFUSED(gcma_register_area("a", CARVE, 16), -ENOMEM);
	assert_int_equal(gcma_nr_areas(), 0);
	assert_true(folio_test_reserved(desc(CARVE)));
}

/*
 * Every allocation registration makes fails in turn (the bitmaps):
 * -ENOMEM and nothing changed, until the call succeeds with the rule
 * still armed.
 */
static void test_register_fail_nth(void **state)
{
	struct g_snap *snap = malloc(sizeof(*snap));
	struct sim_machine *m = cc(state)->m;
	unsigned long nth;
	int ret = -ENOMEM;

	assert_non_null(snap);
	for (nth = 1; ret == -ENOMEM; nth++) {
		g_snap_take(snap);
		assert_errno(sim_fault_fail_nth(m, SIM_FAULT_ALL, nth), 0);
		ret = gcma_register_area("a", CARVE, 16);
		sim_fault_clear(m);
		if (ret)
			G_SAME(snap);
	}
	free(snap);
	assert_errno(ret, 0);
	assert_true(nth > 2);	/* at least one failure was refused */
	assert_int_equal(gcma_nr_areas(), 1);
	G_CHECK();
}

/* From a thread attached to no machine, every call is -ENXIO. */
static void test_unattached(void **state)
{
	struct gcma_area_info info;

	g_area("a", CARVE, 16);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(gcma_register_area("b", CARVE + 16, 16), -ENXIO);
	assert_errno(gcma_alloc_range(CARVE, 1, GFP_KERNEL), -ENXIO);
	assert_errno(gcma_free_range(CARVE, 1), -ENXIO);
	assert_errno(gcma_nr_areas(), -ENXIO);
	assert_errno(gcma_area_get_info(0, &info), -ENXIO);
	assert_errno(sim_thread_attach(cc(state)->m), 0);
	assert_int_equal(gcma_nr_areas(), 1);
	G_CHECK();
}

/*
 * A page's zone, node and section live in the top bits of its flags, set
 * once when the memmap is initialised. Expect an order-0 and a compound
 * allocation freed back to the pool to keep them on every page (a free
 * path that clears the whole flags word would lose them).
 */
static void test_free_keeps_page_links(void **state)
{
	(void)state;
	g_area("links", CARVE, 64);
	g_alloc(CARVE + 8, 8, GFP_KERNEL | __GFP_COMP);
	g_alloc(CARVE + 20, 3, GFP_KERNEL);
	g_free(CARVE + 8, 8);
	g_free(CARVE + 20, 3);
	for (unsigned long pfn = CARVE; pfn < CARVE + 64; pfn++) {
		const struct page *page = pfn_to_page(pfn);

		if (page_zonenum(page) != ZONE_NORMAL || page_to_nid(page) ||
		    page_to_section(page) != pfn >> PFN_SECTION_SHIFT)
			fail_msg("pfn %#lx lost its links: flags %#lx", pfn,
				 page->flags);
		assert_int_equal(page->flags & PAGEFLAGS_MASK, 0);
	}
	G_CHECK();
}

/*
 * The emulated v2 stride (SIM_DEFECT_GCMA_FREE_STRIDE) prepares every
 * other page of an order-0 range: pages 0 and 2 of a 3-page range, the
 * last one included, and page 1 keeps its flags (gcma_check() sees it).
 * Kills 6930ff8906 (the emulation's loop stopping one page early, which
 * left the range's last page unprepared as well).
 */
static void test_free_stride_defect_shape(void **state)
{
	struct cc_test *t = cc(state);
	unsigned long start = CARVE + 16;

	g_area("stride", CARVE, NR_CARVE);
	g_alloc(start, 3, GFP_KERNEL);
	for (unsigned long i = 0; i < 3; i++)
		folio_set_referenced(desc(start + i));
	assert_errno(sim_defect_set(t->m, SIM_DEFECT_GCMA_FREE_STRIDE, true), 0);
	assert_errno(gcma_free_range(start, 3), 0);
	assert_errno(sim_defect_set(t->m, SIM_DEFECT_GCMA_FREE_STRIDE, false), 0);
	assert_false(folio_test_referenced(desc(start)));
	assert_true(folio_test_referenced(desc(start + 1)));
	assert_false(folio_test_referenced(desc(start + 2)));
	folio_clear_referenced(desc(start + 1));
	sim_violation_clear(t->m);
	G_CHECK();
}

/* ---- gcma_alloc_range ------------------------------------------------- */

/*
 * Areas for the range tests. b is registered first, so it has the lower
 * index: v2's find_area() would pick it for a range ending at 832.
 *
 *   768          832          896       960          1024
 *    |---- a -----|---- b -----| (gap)   |----- c -----|
 *    a = [768, 832) id 1   b = [832, 896) id 0   c = [960, 1024) id 2
 */
static void three_areas(void)
{
	assert_int_equal(g_area("b", 832, 64), 0);
	assert_int_equal(g_area("a", 768, 64), 1);
	assert_int_equal(g_area("c", 960, 64), 2);
}

/*
 * gfp bits outside __GFP_BITS_MASK: refused with a WARN (once accepted).
 * The other range errors: gcma_alloc_range_errors in
 * tests/shared/gcma_cases.c, also run in a kernel.
 */
static void test_alloc_bad_gfp(void **state)
{
	(void)state;
	three_areas();
	G_REFUSED(gcma_alloc_range(768, 16, GFP_KERNEL | 0x80000000u), -EINVAL);
	test_expect_violations(sim_current_machine(), 1);
}

/*
 * All-or-nothing: the area's bitmap is checked before cleancache is
 * touched.
 *
 *   792             800             808
 *    [-------------- X --------------]   pfn 800 already allocated
 *
 * Expect -EINVAL for [792, 808) with no cleancache_recall event at all:
 * every pfn but 800 is still donated, and only pfn 800 is allocated.
 */
static void test_alloc_all_or_nothing(void **state)
{
	struct cc_test *t = cc(state);
	char line[SIM_TRACE_LINE_LEN];
	struct gcma_area_info info;

	three_areas();
	g_alloc(800, 1, GFP_KERNEL);
	assert_errno(sim_trace_enable(t->m, true), 0);
	sim_trace_clear(t->m);
	assert_errno(gcma_alloc_range(792, 16, GFP_KERNEL), -EINVAL);
	G_CHECK();
	for (unsigned long i = 0; i < sim_trace_count(t->m); i++) {
		assert_errno(sim_trace_get(t->m, i, line, sizeof(line)), 0);
		assert_null(strstr(line, "cleancache_recall: "));
	}
	assert_errno(sim_trace_enable(t->m, false), 0);
	assert_errno(gcma_area_get_info(1, &info), 0);
	assert_int_equal(info.allocated, 1);
	assert_int_equal(info.alloc_fail, 1);
	for (unsigned long pfn = 792; pfn < 808; pfn++)
		assert_true(g_donated(pfn) == (pfn != 800));
}

/*
 * Refcounts and data.
 *
 *   768     776     784     792
 *    [=======]       [=======]
 *    order-0 x8      __GFP_COMP order 3
 *
 * Expect refcount 1 on every order-0 page; head 1 and tails 0 on the
 * compound folio; pages readable and writable; the free puts them back.
 */
static void test_alloc_refcounts(void **state)
{
	(void)state;
	three_areas();
	g_alloc(768, 8, GFP_KERNEL);
	for (unsigned long pfn = 768; pfn < 776; pfn++) {
		struct folio *f = pfn_folio(pfn);
		unsigned char *p = folio_address(f);

		assert_int_equal(folio_ref_count(f), 1);
		assert_false(folio_test_large(f));
		assert_null(f->private);
		memset(p, 0x5a, PAGE_SIZE);
		assert_int_equal(p[PAGE_SIZE - 1], 0x5a);
	}
	g_alloc(784, 8, GFP_KERNEL | __GFP_COMP);
	assert_true(folio_test_large(pfn_folio(784)));
	assert_int_equal(folio_nr_pages(pfn_folio(784)), 8);
	assert_int_equal(folio_ref_count(pfn_folio(784)), 1);
	for (unsigned long pfn = 785; pfn < 792; pfn++) {
		assert_ptr_equal(pfn_folio(pfn), pfn_folio(784));
		assert_int_equal(folio_ref_count(desc(pfn)), 0);
		memset(folio_address(desc(pfn)), 0xa5, PAGE_SIZE);
	}
	g_free(768, 8);
	g_free(784, 8);
	for (unsigned long pfn = 768; pfn < 792; pfn++)
		assert_true(g_donated(pfn));
}

/*
 * __GFP_ZERO in data mode: a cache full of data, then
 *
 *   960                          1024
 *    [============ c =============]  alloc with __GFP_ZERO
 *
 * Expect every page zeroed; without __GFP_ZERO the pages are usable.
 */
static void test_alloc_zero(void **state)
{
	struct cc_test *t = cc(state);

	three_areas();
	assert_int_equal(g_fill_cache(t, 192), 192);
	g_alloc(960, 32, GFP_KERNEL | __GFP_ZERO);
	g_alloc(992, 32, GFP_KERNEL | __GFP_ZERO | __GFP_COMP);
	for (unsigned long pfn = 960; pfn < 1024; pfn++) {
		const unsigned char *p = folio_address(desc(pfn));

		for (size_t i = 0; i < PAGE_SIZE; i++)
			if (p[i])
				fail_msg("pfn %lu byte %zu is %#x", pfn, i, p[i]);
	}
	g_alloc(768, 4, GFP_KERNEL);
	memset(folio_address(desc(770)), 1, PAGE_SIZE);
}

/* ---- gcma_free_range -------------------------------------------------- */

/*
 * A free of a range another free is working on.
 *
 *   768     772     776
 *    [=======X=======]   order-0 x8; 772 claimed by a free in flight
 *                        (its bit set in the area's freeing bitmap)
 *
 * Expect -EINVAL with nothing changed, not even the freeing bits the
 * refused call had claimed below 772; once the other free is done (the
 * bit cleared) the free succeeds and leaves no freeing bit set.
 */
static void test_free_while_freeing(void **state)
{
	struct gcma_area *area;
	unsigned long bit;
	int id;

	(void)state;
	id = g_area("a", CARVE, 64);
	area = &gcma_get_state()->areas[id];
	g_alloc(768, 8, GFP_KERNEL);
	bit = 772 - area->start_pfn;
	area->freeing[bit / BITS_PER_LONG] |= 1UL << (bit % BITS_PER_LONG);
	G_REFUSED(gcma_free_range(768, 8), -EINVAL);
	assert_int_equal(area->freeing[0], 1UL << (bit % BITS_PER_LONG));
	area->freeing[bit / BITS_PER_LONG] = 0;
	g_free(768, 8);
	assert_int_equal(area->freeing[0], 0);
}

/*
 * Free prepares every page (v2 prepares every other one).
 *
 *   768 ............ 784   order-0 x16, each page's flags dirty on free
 *
 * Expect every page donated back with no flags and no private word of
 * its own: the checker and get_folio accept all sixteen.
 */
static void test_free_prepares_every_page(void **state)
{
	(void)state;
	three_areas();
	g_alloc(768, 16, GFP_KERNEL);
	for (unsigned long pfn = 768; pfn < 784; pfn++) {
		folio_set_referenced(desc(pfn));
		desc(pfn)->index = pfn;
	}
	g_free(768, 16);
	for (unsigned long pfn = 768; pfn < 784; pfn++) {
		assert_false(folio_test_referenced(desc(pfn)));
		assert_int_equal(desc(pfn)->index, 0);
	}
	g_alloc(768, 16, GFP_KERNEL);
}

/*
 * The free of [770, 772) must be refused with a WARN naming pfn 0x303
 * and @what, and change nothing: both pages stay allocated at refcount
 * 1 and the state digest is equal.
 */
static void free_refused(const char *what)
{
	struct sim_digest before, after;

	assert_errno(sim_machine_digest(sim_current_machine(), &before), 0);
	assert_errno(gcma_free_range(770, 2), -EINVAL);
	CHECK_DETECTS(0, 0, "WARN", what);
	assert_errno(sim_machine_digest(sim_current_machine(), &after), 0);
	assert_int_equal(sim_digest_diff(&before, &after), 0);
	assert_false(g_donated(770));
	assert_false(g_donated(771));
	assert_int_equal(folio_ref_count(desc(770)), 1);
	G_CHECK();
}

/*
 * A page freed still locked, on an LRU, under writeback, with
 * PG_private, or still owned by somebody (->mapping or ->private set) is
 * a caller bug the kernel's free path reports as a bad page and does
 * not free: a WARN naming the pfn, and -EINVAL with nothing changed.
 * Once the caller lets go, the same free succeeds.
 */
static void test_free_in_use_refused(void **state)
{
	struct inode owner;
	int word = 0;

	(void)state;
	cc_inode_init(&owner, NULL, 9);
	three_areas();
	g_alloc(770, 2, GFP_KERNEL);
	folio_set_locked(desc(771));
	free_refused("gcma: freeing pfn 0x303 with flags");
	folio_clear_locked(desc(771));
	folio_set_lru(desc(771));
	free_refused("gcma: freeing pfn 0x303 with flags");
	folio_clear_lru(desc(771));
	folio_set_private(desc(771));
	free_refused("gcma: freeing pfn 0x303 with flags");
	folio_clear_private(desc(771));

	desc(771)->mapping = owner.i_mapping;
	free_refused("gcma: freeing pfn 0x303 with mapping");
	desc(771)->mapping = NULL;
	desc(771)->private = &word;
	free_refused("gcma: freeing pfn 0x303 with private");
	desc(771)->private = NULL;

	g_free(770, 2);
	assert_true(g_donated(771));
}

/*
 * A compound folio's tail pages carry the kernel's TAIL_MAPPING in
 * ->mapping (prep_compound_tail(); the simulation leaves it NULL): the
 * folio's word, not an owner. Found by the KUnit port (gcma_shared:
 * "gcma: freeing pfn ... with mapping" on the last tail, -EINVAL).
 *
 *   784 785 786 ........ 791   order 3; tails 2..7 as the kernel has them
 *
 * Expect the free to succeed and every page to go back to the pool with
 * ->mapping cleared.
 */
static void test_free_compound_tail_mapping(void **state)
{
	(void)state;
	three_areas();
	g_alloc(784, 8, GFP_KERNEL | __GFP_COMP);
	for (unsigned long pfn = 786; pfn < 792; pfn++)
		desc(pfn)->mapping = (void *)0x400;	/* TAIL_MAPPING */
	g_free(784, 8);
	for (unsigned long pfn = 784; pfn < 792; pfn++) {
		assert_true(g_donated(pfn));
		assert_null(desc(pfn)->mapping);
	}
}

/* ---- the guarantee ------------------------------------------------------ */

/* Trace events of the three calls. */
static void test_trace_events(void **state)
{
	struct cc_test *t = cc(state);
	char line[SIM_TRACE_LINE_LEN];
	bool reg = false, alloc = false, nfree = false;

	assert_errno(sim_trace_enable(t->m, true), 0);
	sim_trace_clear(t->m);
	g_area("tr", CARVE, 16);
	g_alloc(CARVE, 4, GFP_KERNEL | __GFP_COMP);
	assert_errno(gcma_free_range(CARVE, 2), -EINVAL);
	for (unsigned long i = 0; i < sim_trace_count(t->m); i++) {
		assert_errno(sim_trace_get(t->m, i, line, sizeof(line)), 0);
		if (strstr(line, "gcma_register_area: name=tr pfn=0x300 count=16 pool=0 ret=0"))
			reg = true;
		if (strstr(line, "gcma_alloc_range: name=tr pfn=0x300 count=4 gfp=0x40cc0 ret=0"))
			alloc = true;
		if (strstr(line, "gcma_free_range: name=tr pfn=0x300 count=2 ret=-22"))
			nfree = true;
	}
	if (!reg || !alloc || !nfree)
		sim_trace_print(t->m, stderr);
	assert_true(reg && alloc && nfree);
	assert_errno(sim_trace_enable(t->m, false), 0);
	G_CHECK();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn)	cmocka_unit_test_setup_teardown(fn, cc_setup_carve256, gcma_teardown)
		T(test_register_errors),
		T(test_free_stride_defect_shape),
		T(test_register_65_areas),
		T(test_register_no_pool),
		T(test_register_fail_nth),
		T(test_unattached),
		T(test_free_keeps_page_links),
		T(test_alloc_bad_gfp),
		T(test_alloc_all_or_nothing),
		T(test_alloc_refcounts),
		T(test_alloc_zero),
		T(test_free_while_freeing),
		T(test_free_prepares_every_page),
		T(test_free_in_use_refused),
		T(test_free_compound_tail_mapping),
		T(test_trace_events),
#undef T
	};

	return cmocka_run_group_tests_name("gcma", tests, NULL, NULL);
}
