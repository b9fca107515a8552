// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * GCMA: guaranteed contiguous memory allocation on top of cleancache.
 *
 * An area is a boot-time carve-out (PG_reserved pages at refcount 1, as
 * memblock leaves them). Registration gives it one cleancache pool and
 * donates every page to it. gcma_alloc_range() takes a range back from
 * the pool, page by page in ascending pfn order: cleancache hands back a
 * FREE folio at once and drops the clean data of a CACHED one, so the
 * call never waits for I/O, migration or pins and succeeds whenever no
 * page of the range is allocated already. gcma_free_range() checks every
 * folio of the range first, then prepares all pages and donates them
 * back.
 *
 * The model follows the 2025 series' GCMA code (v2) function by function,
 * with the fixes listed in docs/gcma.md: registration validates before it
 * changes anything, find_area() uses the exclusive end correctly, a free
 * restores every refcount it dropped when it fails and prepares every
 * page, and each area keeps a bitmap of the pfns it has handed out.
 *
 * Locking: @gcma->lock serialises registration only. Allocation and free
 * take no GCMA lock: each page's ownership is decided by cleancache's
 * pool lock (get_folio() of a pfn succeeds for one caller only), and the
 * allocation bitmap changes with atomic word operations. Two calls that
 * race on the same pfns are a caller bug for free (as in the kernel) and
 * harmless for alloc (one of them fails and gives its pages back).
 */
#include <libgcma/cleancache.h>
#include "kernel/bug.h"
#include "kernel/highmem.h"
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "kernel/trace_gcma.h"
#include "mm/cleancache_internal.h"
#include "mm/folio_range.h"
#include "mm/gcma_internal.h"

/* cond_resched() every this many pfns, as v2 (XA_CHECK_SCHED). */
#define GCMA_RESCHED_PFNS	4096UL

/**
 * gcma_get_state() - the attached machine's GCMA areas.
 *
 * In a kernel tree this is the file's globals.
 *
 * Context: Any context.
 * Return: the state, or NULL (reported as an API violation) when the
 * calling thread is attached to no machine.
 */
struct gcma *gcma_get_state(void)
{
	return machine_local(ML_GCMA);
}

static inline struct folio *gcma_pfn_desc(unsigned long pfn)
{
	return (struct folio *)pfn_to_page(pfn);
}

static void gcma_stat_inc(struct gcma_area *area, enum gcma_stat_item item)
{
	atomic_long_inc(&area->stats[item]);
}

/* The mask of bits [@bit, @bit + @n) of a word; @bit + @n <= BITS_PER_LONG. */
static inline unsigned long gcma_word_mask(unsigned long bit, unsigned long n)
{
	return n == BITS_PER_LONG ? ~0UL : ((1UL << n) - 1) << bit;
}

/* Clear the bits [@first, @last) of @map. */
static void gcma_bits_clear(unsigned long *map, unsigned long first,
			    unsigned long last)
{
	unsigned long i = first;

	while (i < last) {
		unsigned long bit = i % BITS_PER_LONG;
		unsigned long n = min(BITS_PER_LONG - bit, last - i);

		set_mask_bits(&map[BIT_WORD(i)], gcma_word_mask(bit, n), 0);
		i += n;
	}
}

/*
 * Set the bits [@first, @last) of @map, one atomic operation per word.
 * If one is set already, the bits this call set are cleared again and
 * the index of the first such bit is returned in *@busy.
 * Return: whether every bit was set by this call.
 */
static bool gcma_bits_claim(unsigned long *map, unsigned long first,
			    unsigned long last, unsigned long *busy)
{
	unsigned long i = first;

	while (i < last) {
		unsigned long bit = i % BITS_PER_LONG;
		unsigned long n = min(BITS_PER_LONG - bit, last - i);
		unsigned long mask = gcma_word_mask(bit, n);
		unsigned long *word = &map[BIT_WORD(i)];
		unsigned long old = set_mask_bits(word, 0, mask);

		if (old & mask) {
			set_mask_bits(word, mask & ~old, 0);
			*busy = i - bit + __ffs(old & mask);
			gcma_bits_clear(map, first, i);
			return false;
		}
		i += n;
	}
	return true;
}

/* Clear [@start, @end) in @area's allocation bitmap. */
static void gcma_unmark_range(struct gcma_area *area, unsigned long start,
			      unsigned long end)
{
	gcma_bits_clear(area->bitmap, start - area->start_pfn,
			end - area->start_pfn);
	atomic_long_sub((long)(end - start), &area->allocated);
}

/*
 * Claim [@start, @end) in @area's allocation bitmap: the bitmap decides
 * who owns a pfn. If a pfn is taken already, nothing stays claimed and
 * that pfn is returned in *@busy. Return: whether the range was claimed.
 */
static bool gcma_claim_range(struct gcma_area *area, unsigned long start,
			     unsigned long end, unsigned long *busy)
{
	unsigned long bit;

	if (!gcma_bits_claim(area->bitmap, start - area->start_pfn,
			     end - area->start_pfn, &bit)) {
		*busy = area->start_pfn + bit;
		return false;
	}
	atomic_long_add((long)(end - start), &area->allocated);
	return true;
}

/* Whether every bit of [@start, @end) is set in @area's bitmap. */
static bool gcma_range_claimed(struct gcma_area *area, unsigned long start,
			       unsigned long end)
{
	unsigned long i = start - area->start_pfn;
	unsigned long last = end - area->start_pfn;

	while (i < last) {
		unsigned long bit = i % BITS_PER_LONG;
		unsigned long n = min(BITS_PER_LONG - bit, last - i);
		unsigned long mask = gcma_word_mask(bit, n);

		/* Pairs with gcma_bits_claim()'s set_mask_bits(). */
		if ((smp_load_acquire(&area->bitmap[BIT_WORD(i)]) & mask) !=
		    mask)
			return false;
		i += n;
	}
	return true;
}

/*
 * find_area - the area that contains [@start, @end), or NULL.
 *
 * Like v2, the first area that is not disjoint from the range decides:
 * the range must lie entirely inside it. Unlike v2, an area that begins
 * exactly at @end is disjoint (the end is exclusive); areas never
 * overlap, so the first area that is not disjoint is the only candidate.
 */
static struct gcma_area *find_area(struct gcma *g, unsigned long start,
				   unsigned long end)
{
	int nr = gcma_nr_published(g);

	for (int i = 0; i < nr; i++) {
		struct gcma_area *area = &g->areas[i];

		if (area->end_pfn <= start || area->start_pfn >= end) {
			/* v2 compares start > end: an area at @end matches. */
			if (area->start_pfn == end &&
			    sim_defect(SIM_DEFECT_FIND_AREA_END))
				return NULL;
			continue;
		}
		if (start < area->start_pfn || end > area->end_pfn)
			return NULL;
		return area;
	}
	return NULL;
}

/* [@start, @start + @count) as an exclusive end; false for 0 or a wrap. */
static bool gcma_range_end(unsigned long start, unsigned long count,
			   unsigned long *end)
{
	if (!count || start + count < start)
		return false;
	*end = start + count;
	return true;
}

/*
 * Donate [@start, @end) of @area back to its pool in one range call; the
 * pool's head then holds the range in ascending pfn order, as v2's
 * registration list does, so stores consume it from its highest pfn.
 * Every page must be at refcount 0, order-0, with no private word.
 */
static int gcma_donate_range(struct gcma_area *area, unsigned long start,
			     unsigned long end)
{
	int ret = cleancache_backend_put_range(area->pool_id, start,
					       end - start);

	WARN(ret, "gcma: %s: donating pfns [%#lx, %#lx) failed (%d)",
	     area->name, start, end, ret);
	return ret;
}

/**
 * gcma_register_area() - make a reserved range a GCMA area.
 * @name: the area's name, also its cleancache pool's: 1 to
 *	GCMA_AREA_NAME_MAX_LEN - 1 bytes, no '/'.
 * @start_pfn: first pfn.
 * @count: number of pfns.
 *
 * Every pfn of the range must be a reserved boot page (PG_reserved,
 * refcount 1, not part of a large folio, not donated), as
 * sim_memblock_alloc() leaves it. Everything is validated before anything
 * changes; then one cleancache pool is registered, every page is
 * unreserved, frozen at refcount 0 and donated, and the area is published.
 *
 * Context: Process context; sleeps on the registration lock.
 * Return: 0; -EINVAL for a NULL, empty, too long or '/'-containing name,
 * a count of 0, a range that wraps or is not inside the machine;
 * -ENOSPC when MAX_GCMA_AREAS areas exist; -EBUSY when the range overlaps
 * an area or a page is not a reserved boot page; -ENOMEM when the bitmap
 * cannot be allocated; the error of cleancache_backend_register_pool()
 * (-ENOMEM when cleancache has no pool left, -EEXIST when a pool, such as
 * another area's, has the name); -ENXIO from a thread
 * attached to no machine. Nothing changes on failure.
 */
int gcma_register_area(const char *name, unsigned long start_pfn,
		       unsigned long count)
{
	struct gcma *g = gcma_get_state();
	struct gcma_area *area;
	unsigned long *bitmap = NULL;
	unsigned long end, pfn;
	int pool_id = -1;
	int nr, ret;

	if (!g)
		return -ENXIO;

	ret = -EINVAL;
	if (!name || !*name ||
	    strnlen(name, GCMA_AREA_NAME_MAX_LEN) >= GCMA_AREA_NAME_MAX_LEN ||
	    strchr(name, '/'))
		goto out;
	if (!gcma_range_end(start_pfn, count, &end))
		goto out;
	if (!pfn_valid(start_pfn) || !pfn_valid(end - 1))
		goto out;

	/* The allocation bitmap, then the freeing bitmap: one allocation. */
	bitmap = kcalloc(2 * GCMA_BITS_TO_LONGS(count), sizeof(*bitmap),
			 GFP_KERNEL);
	if (!bitmap) {
		ret = -ENOMEM;
		goto out;
	}

	mutex_lock(&g->lock);
	nr = atomic_read(&g->nr_areas);
	ret = -ENOSPC;
	if (nr >= MAX_GCMA_AREAS)
		goto unlock;
	ret = -EBUSY;
	for (int i = 0; i < nr; i++)
		if (g->areas[i].start_pfn < end &&
		    start_pfn < g->areas[i].end_pfn)
			goto unlock;
	for (pfn = start_pfn; pfn < end; pfn++) {
		struct folio *folio = gcma_pfn_desc(pfn);

		if (!folio_test_reserved(folio) ||
		    folio_ref_count(folio) != 1 || folio->private ||
		    folio_test_head(folio) || PageTail((struct page *)folio) ||
		    folio_cc_pool_id(folio) != -1)
			goto unlock;
	}

	/*
	 * The last step that may fail: a cleancache pool cannot be
	 * unregistered, so it is registered only once everything else
	 * is known to succeed.
	 */
	pool_id = cleancache_backend_register_pool(name);
	if (pool_id < 0) {
		ret = pool_id;
		pool_id = -1;
		goto unlock;
	}

	area = &g->areas[nr];
	memset(area, 0, sizeof(*area));
	area->pool_id = pool_id;
	area->start_pfn = start_pfn;
	area->end_pfn = end;
	strscpy(area->name, name, sizeof(area->name));
	area->bitmap = bitmap;
	area->freeing = bitmap + GCMA_BITS_TO_LONGS(count);

	for (pfn = start_pfn; pfn < end; pfn++) {
		struct folio *folio = gcma_pfn_desc(pfn);

		folio_clear_reserved(folio);
		folio_set_count(folio, 0);
	}
	ret = gcma_donate_range(area, start_pfn, end);
	if (ret) {
		/*
		 * Someone changed a validated page meanwhile (a bug
		 * elsewhere): take back what was donated and leave the
		 * range as it was. The pool stays registered, empty.
		 */
		for (pfn = start_pfn; pfn < end; pfn++) {
			struct folio *folio = gcma_pfn_desc(pfn);

			if (folio_cc_pool_id(folio) == pool_id)
				cleancache_backend_get_folio(pool_id, folio);
			folio_set_count(folio, 1);
			folio_set_reserved(folio);
		}
		memset(area, 0, sizeof(*area));
		goto unlock;
	}
	bitmap = NULL;
	atomic_set_release(&g->nr_areas, nr + 1);
	ret = 0;
unlock:
	mutex_unlock(&g->lock);
	kfree(bitmap);
out:
	trace_gcma_register_area(name, start_pfn, count, ret ? -1 : pool_id,
				 ret);
	return ret;
}

/* kasan_unpoison_pages() over [@page, +@nr), in chunks it takes. */
static void gcma_unpoison(struct folio *desc, unsigned long nr, gfp_t gfp)
{
	struct page *page = folio_page(desc, 0);

	while (nr) {
		unsigned int order = min_t(unsigned int, ilog2(nr), MAX_PAGE_ORDER);

		kasan_unpoison_pages(page, order, gfp & __GFP_ZERO);
		page = nth_page(page, 1UL << order);
		nr -= 1UL << order;
	}
}

/*
 * The rest of the kernel's post_alloc_hook() for the @nr pages from
 * @desc, as far as the model has it: unpoisoned, zeroed for __GFP_ZERO.
 * cleancache hands the pages back with no private word and the
 * refcount asked for already.
 */
static void gcma_post_alloc(struct folio *desc, unsigned long nr, gfp_t gfp)
{
	gcma_unpoison(desc, nr, gfp);
	if (gfp & __GFP_ZERO)
		for (unsigned long i = 0; i < nr; i++) {
			void *addr = folio_address(folio_range_nth(desc, i));

			if (addr)
				memset(addr, 0, PAGE_SIZE);
		}
}

/**
 * gcma_alloc_range() - allocate a pfn range from a GCMA area.
 * @start_pfn: first pfn.
 * @count: number of pfns.
 * @gfp: __GFP_COMP for one compound folio, __GFP_ZERO to zero the pages;
 *	other valid flags are accepted and ignored (GCMA never blocks); a
 *	bit outside __GFP_BITS_MASK is a WARN and -EINVAL.
 *
 * The range must lie inside one area. It is claimed in the area's
 * allocation bitmap first (so a range with a pfn handed out already
 * fails with nothing touched), then its pages are taken from the area's
 * cleancache pool in ascending pfn order in one range call (any clean
 * data they cache is dropped), each leaving at the refcount GCMA gives
 * it. On success every page has refcount 1, or, with __GFP_COMP, the
 * range is one folio of order ilog2(@count) with refcount 1 on the head.
 *
 * Context: Process context; may cond_resched(); never waits otherwise.
 * Return: 0; -EINVAL for gfp bits outside __GFP_BITS_MASK (a WARN), a
 * count of 0, a range that wraps or is not
 * inside one area, with __GFP_COMP a count that is not a power of two,
 * an order >= MAX_PAGE_ORDER or a start not aligned to @count, and for a
 * range with a pfn already allocated (the error of
 * cleancache_backend_get_folio(), as v2); -EOPNOTSUPP when that pfn
 * belongs to a compound folio GCMA handed out (likewise); -ENXIO from a
 * thread attached to no machine. Nothing is allocated on failure.
 */
int gcma_alloc_range(unsigned long start_pfn, unsigned long count, gfp_t gfp)
{
	struct gcma *g = gcma_get_state();
	struct gcma_area *area = NULL;
	unsigned long end, busy;
	unsigned int order = 0;
	struct folio *base;
	int ret = -EINVAL;

	if (!g)
		return -ENXIO;
	if (WARN_ON(gfp & ~__GFP_BITS_MASK))
		goto out;
	if (gfp & __GFP_COMP) {
		if (!is_power_of_2(count))
			goto out;
		order = ilog2(count);
		if (order >= MAX_PAGE_ORDER || !IS_ALIGNED(start_pfn, count))
			goto out;
	}
	if (!gcma_range_end(start_pfn, count, &end))
		goto out;
	area = find_area(g, start_pfn, end);
	if (!area)
		goto out;

	/* The bitmap decides ownership: a pfn handed out fails here. */
	if (!gcma_claim_range(area, start_pfn, end, &busy)) {
		ret = folio_test_large(pfn_folio(busy)) ? -EOPNOTSUPP : -EINVAL;
		goto out;
	}

	/*
	 * Order-0 pages leave cleancache at refcount 1, set in the visit
	 * that takes each out (the bitmap made them ours); a compound
	 * folio's tails stay at 0 and its head is set below.
	 */
	ret = cleancache_backend_get_range_allocated(area->pool_id, start_pfn, count,
					     order ? 0 : 1);
	if (WARN(ret, "gcma: %s: pfns [%#lx, %#lx) not in the pool (%d)",
		 area->name, start_pfn, end, ret)) {
		gcma_unmark_range(area, start_pfn, end);
		goto out;
	}
	base = gcma_pfn_desc(start_pfn);
	gcma_post_alloc(base, count, gfp);
	if (order) {
		set_page_refcounted(folio_page(base, 0));
		prep_compound_page(folio_page(base, 0), order);
	}
out:
	if (area) {
		gcma_stat_inc(area, ret ? GCMA_STAT_ALLOC_FAIL :
					  GCMA_STAT_ALLOC_SUCCESS);
		if (!ret)
			atomic_long_add((long)count,
					&area->stats[GCMA_STAT_ALLOC_PAGES]);
	}
	trace_gcma_alloc_range(area ? area->name : NULL, start_pfn, count, gfp,
			       ret);
	sim_cost(SIM_COST_RANGE_CALL, 1);
	sim_cost(SIM_COST_RANGE_PAGE, ret ? 0 : count);
	return ret;
}

/*
 * Flags a page must not carry when it is freed (the kernel's
 * PAGE_FLAGS_CHECK_AT_FREE, as far as the model has them).
 */
#define GCMA_FLAGS_CHECK_AT_FREE \
	((1UL << PG_locked) | (1UL << PG_lru) | (1UL << PG_writeback) | \
	 (1UL << PG_private))

/*
 * Is @page still in use by its caller: a flag above, or an owner in
 * ->mapping or ->private? The kernel's free_page_is_bad() reports such a
 * page (bad_page()) and does not free it; so does pass 1: a WARN naming
 * the pfn and why, and the free fails with nothing changed.
 */
static bool gcma_page_in_use(struct folio *page)
{
	bool tail = PageTail(&page->page);
	unsigned long flags = page->flags;
	/*
	 * A tail page's ->mapping word is its folio's, not an owner: a
	 * kernel keeps TAIL_MAPPING there (prep_compound_tail()), or in
	 * the first two tails folio fields, and its free path checks those
	 * instead (free_tail_page_prepare()).
	 */
	void *mapping = tail ? NULL : (void *)page->mapping;

	/*
	 * The second page of a large folio keeps the folio's order in its
	 * flags word (_flags_1): not the page's flags, as the kernel's
	 * free_pages_prepare() clears PAGE_FLAGS_SECOND before it checks.
	 */
	if (unlikely(tail) &&
	    folio_page(page_folio(&page->page), 1) == &page->page)
		flags &= ~PAGE_FLAGS_SECOND;
	if (likely(!(flags & GCMA_FLAGS_CHECK_AT_FREE) &&
		   !mapping && !page->private))
		return false;
	if (flags & GCMA_FLAGS_CHECK_AT_FREE)
		WARN(1, "gcma: freeing pfn %#lx with flags %#lx",
		     folio_pfn(page), flags & PAGEFLAGS_MASK);
	else if (mapping)
		WARN(1, "gcma: freeing pfn %#lx with mapping %p",
		     folio_pfn(page), mapping);
	else
		WARN(1, "gcma: freeing pfn %#lx with private %p",
		     folio_pfn(page), page->private);
	return true;
}

/*
 * Pass 1 of gcma_free_range(), from the top down: whether every folio of
 * [@base, +@count) lies inside it and holds exactly one reference, the
 * one GCMA gave, and no page is still in use (gcma_page_in_use(): a
 * WARN). Loads only. Every page is visited, tails too, so the
 * next address never waits for this page's flags: the loads of a pass
 * overlap (a folio-by-folio walk would chain them).
 */
static bool gcma_free_check(struct folio *base, unsigned long count)
{
	const struct page *first = folio_page(base, 0);
	const struct page *end = folio_page(base, count);
	unsigned long i = count;

	while (i--) {
		struct page *page = folio_page(base, i);
		struct folio *folio = folio_range_nth(base, i);

		if (unlikely(gcma_page_in_use(folio)))
			return false;
		if (unlikely(PageTail(page))) {
			folio = page_folio(page);
			/* Starting before the range. */
			if (folio_page(folio, 0) < first)
				return false;
		}
		/* Past the range's end, or not GCMA's one reference. */
		if (folio_page(folio, folio_nr_pages(folio)) > end ||
		    folio_ref_count(folio) != 1)
			return false;
		if (i && !(i % GCMA_RESCHED_PFNS))
			cond_resched();
	}
	return true;
}

/* free_pages_prepare()'s flag reset for one page (pass 1 checked them). */
static inline void gcma_prepare_page(struct page *page)
{
	page->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
}

/*
 * Pass 2 of gcma_free_range(), from the top down: the kernel's
 * free_pages_prepare() for every page, as far as the model has it, and
 * the page made ready for the pool, in one visit of each descriptor.
 * Flags, owner fields and the reference go (plain stores: see
 * gcma_free_range()); a compound folio splits on the way, since clearing
 * the head's flags drops PG_head and its order, and linking a tail page
 * for the pool overwrites its compound_head. cleancache poisons the
 * pages when the range is spliced in.
 */
static void gcma_free_prepare(struct gcma_area *area, struct folio *base,
			      unsigned long count)
{
	const int pool_id = area->pool_id;	/* not reloaded per page */
	unsigned long i = count;

	while (i--) {
		struct folio *folio = folio_range_nth(base, i);

		gcma_prepare_page(folio_page(folio, 0));
		folio_set_count(folio, 0);
		cc_link_owned_folio(folio, pool_id, base, count);
		if (i && !(i % GCMA_RESCHED_PFNS))
			cond_resched();
	}
}

/*
 * Pass 2 as v2 has it (SIM_DEFECT_GCMA_FREE_STRIDE): its loop adds
 * folio_nr_pages() to the pfn and the for statement adds one more, so
 * after each folio it prepares, the next pfn is skipped: an order-0
 * range has every other page prepared, and a skipped page keeps its
 * flags (a compound head its PG_head and order) when it is donated.
 * Every page is still donated, as v2's free_folio_range() does.
 */
static void gcma_free_prepare_stride(struct gcma_area *area,
				     struct folio *base, unsigned long count)
{
	unsigned long i;

	for (i = 0; i < count; i++) {
		struct folio *folio = page_folio(folio_page(base, i));
		unsigned long nr = folio_nr_pages(folio);

		for (unsigned long j = 0; j < nr; j++)
			gcma_prepare_page(folio_page(folio, j));
		i += nr;
	}
	for (i = 0; i < count; i++) {
		struct folio *folio = folio_range_nth(base, i);

		folio_set_count(folio, 0);
		cc_link_owned_folio(folio, area->pool_id, base, count);
	}
}

/**
 * gcma_free_range() - give a range allocated by gcma_alloc_range() back.
 * @start_pfn: first pfn.
 * @count: number of pfns.
 *
 * Every folio of the range must have been handed out by GCMA, lie
 * entirely inside the range and hold exactly the reference GCMA gave.
 * The range is claimed in the area's freeing bitmap (an overlapping free
 * running at the same time fails here), then a first pass checks every
 * folio without changing anything: if a folio is not allocated, starts
 * before the range, extends past its end or holds another reference, or
 * a page is still in use (locked, on an LRU, under writeback, PG_private,
 * ->mapping or ->private set: a WARN naming the pfn, the kernel's "bad
 * page"), the call fails and nothing changes. Otherwise a second pass prepares
 * every page and makes it ready for the area's pool, and the range is
 * spliced into the pool at once, in ascending pfn order.
 *
 * Context: Process context; may cond_resched(); never waits otherwise.
 * Return: 0; -EINVAL for a count of 0, a range that wraps or is not
 * inside one area, a range a concurrent gcma_free_range() is freeing, or
 * any folio that fails the checks above (nothing changed); the error of
 * cleancache_backend_put_linked() if the donation fails (a WARN: a
 * bug; the pages stay allocated at refcount 0); -ENXIO from a thread
 * attached to no machine.
 */
int gcma_free_range(unsigned long start_pfn, unsigned long count)
{
	struct gcma *g = gcma_get_state();
	struct gcma_area *area = NULL;
	unsigned long end, bit;
	struct folio *base;
	int ret = -EINVAL;

	if (!g)
		return -ENXIO;
	if (!gcma_range_end(start_pfn, count, &end))
		goto out;
	area = find_area(g, start_pfn, end);
	if (!area)
		goto out;

	if (!gcma_range_claimed(area, start_pfn, end))
		goto out;
	if (!gcma_bits_claim(area->freeing, start_pfn - area->start_pfn,
			     end - area->start_pfn, &bit))
		goto out;
	base = gcma_pfn_desc(start_pfn);

	/*
	 * Pass 1 only loads; pass 2 drops the references with plain
	 * stores. That is safe because nothing else can change these
	 * counts in between:
	 *  - another gcma_free_range() of any of these pfns failed to claim
	 *    the freeing bits above, and gcma_alloc_range() fails on the
	 *    allocation bits, which stay set until the pages are donated;
	 *  - a holder of another reference would have shown in the count,
	 *    and nobody can take a new one without holding one already
	 *    (folio_get()) except by a speculative folio_try_get() on a pfn
	 *    it does not own. The model's only such caller is
	 *    alloc_contig_range()'s migration scan, which walks classic CMA
	 *    ranges; they never overlap a GCMA area (both are made of
	 *    reserved boot pages, and registration takes them out of that
	 *    state). Code that adds a pfn walker taking speculative
	 *    references must skip GCMA areas, or pass 2 must go back to
	 *    folio_ref_freeze() per folio (docs/gcma.md, "Free").
	 * The kernel's atomic 1 -> 0 per page would cost more than all the
	 * rest of a range free.
	 */
	if (!gcma_free_check(base, count)) {
		gcma_bits_clear(area->freeing, start_pfn - area->start_pfn,
				end - area->start_pfn);
		goto out;
	}
	if (sim_defect(SIM_DEFECT_GCMA_FREE_STRIDE))
		gcma_free_prepare_stride(area, base, count);
	else
		gcma_free_prepare(area, base, count);
	ret = cleancache_backend_put_linked(area->pool_id, start_pfn, count);
	WARN(ret, "gcma: %s: donating pfns [%#lx, %#lx) failed (%d)",
	     area->name, start_pfn, end, ret);
	/*
	 * Drop the freeing claim first: a free of these pfns that starts
	 * now finds them at refcount 0 (or, once reallocated, anew).
	 */
	gcma_bits_clear(area->freeing, start_pfn - area->start_pfn,
			end - area->start_pfn);
	if (!ret)
		gcma_unmark_range(area, start_pfn, end);
out:
	if (area) {
		gcma_stat_inc(area, ret ? GCMA_STAT_FREE_FAIL :
					  GCMA_STAT_FREE_SUCCESS);
		if (!ret)
			atomic_long_add((long)count,
					&area->stats[GCMA_STAT_FREE_PAGES]);
	}
	trace_gcma_free_range(area ? area->name : NULL, start_pfn, count, ret);
	sim_cost(SIM_COST_RANGE_CALL, 1);
	sim_cost(SIM_COST_RANGE_PAGE, ret ? 0 : count);
	return ret;
}

/**
 * gcma_nr_areas() - how many areas are registered.
 *
 * Context: Any context.
 * Return: the number, or -ENXIO from a thread attached to no machine.
 */
int gcma_nr_areas(void)
{
	struct gcma *g = gcma_get_state();

	return g ? gcma_nr_published(g) : -ENXIO;
}

/**
 * gcma_area_get_info() - what area @id holds.
 * @id: 0 .. gcma_nr_areas() - 1, in registration order.
 * @out: filled in.
 *
 * The counters are read one by one while calls may run.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a NULL @out or an unknown @id; -ENXIO from a
 * thread attached to no machine.
 */
int gcma_area_get_info(int id, struct gcma_area_info *out)
{
	struct gcma *g = gcma_get_state();
	struct gcma_area *area;

	if (!g)
		return -ENXIO;
	if (!out || id < 0 || id >= gcma_nr_published(g))
		return -EINVAL;
	area = &g->areas[id];
	memset(out, 0, sizeof(*out));
	memcpy(out->name, area->name, sizeof(out->name));
	out->start_pfn = area->start_pfn;
	out->end_pfn = area->end_pfn;
	out->pool_id = area->pool_id;
	out->allocated = (unsigned long)atomic_long_read(&area->allocated);
	out->alloc_success = atomic_long_read(&area->stats[GCMA_STAT_ALLOC_SUCCESS]);
	out->alloc_fail = atomic_long_read(&area->stats[GCMA_STAT_ALLOC_FAIL]);
	out->alloc_pages = atomic_long_read(&area->stats[GCMA_STAT_ALLOC_PAGES]);
	out->free_success = atomic_long_read(&area->stats[GCMA_STAT_FREE_SUCCESS]);
	out->free_fail = atomic_long_read(&area->stats[GCMA_STAT_FREE_FAIL]);
	out->free_pages = atomic_long_read(&area->stats[GCMA_STAT_FREE_PAGES]);
	return 0;
}

/* ---- machine-local state ----------------------------------------------- */

/**
 * gcma_state_create() - make one machine's GCMA state (its initcall).
 *
 * Context: Process context, on the machine being created.
 * Return: the state, or NULL if the allocation fails.
 */
void *gcma_state_create(void)
{
	struct gcma *g = kzalloc(sizeof(*g), GFP_KERNEL);

	if (!g)
		return NULL;
	mutex_init(&g->lock);
	atomic_set(&g->nr_areas, 0);
	return g;
}

/**
 * gcma_state_destroy() - free one machine's GCMA state.
 * @state: from gcma_state_create(), or NULL.
 *
 * The areas' pages belong to the machine's memmap and go with it.
 *
 * Context: Machine destruction: no thread attached.
 * Return: nothing.
 */
void gcma_state_destroy(void *state)
{
	struct gcma *g = state;
	int nr;

	if (!g)
		return;
	nr = atomic_read(&g->nr_areas);
	for (int i = 0; i < nr; i++)
		kfree(g->areas[i].bitmap);
	mutex_destroy(&g->lock);
	kfree(g);
}
