// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Contiguous memory areas (the kernel's mm/cma.c), classic and GCMA.
 *
 * An area is declared while the machine boots, from memory memblock
 * reserved, and activated by sim_machine_boot_done() through
 * cma_activate_areas(): a classic area's pageblocks go to the page
 * allocator as MIGRATE_CMA, where movable allocations may borrow them; a
 * `guarantee` area is registered with GCMA, where cleancache borrows them.
 *
 * cma_alloc() searches the area's bitmap (one bit per 2^order_per_bit
 * pages) for a free aligned run, marks it, and asks for the pages:
 * alloc_contig_range() for a classic area, which migrates the borrowers
 * out and may fail with -EBUSY on a pinned folio, in which case the next
 * aligned position is tried; gcma_alloc_range() for a GCMA area, which
 * drops clean cached pages and does not fail that way. A failed attempt
 * clears its bits again.
 *
 * Deviations from the kernel (docs/cma.md): every entry point validates
 * its arguments and returns -errno (cma_alloc_pages(), cma_release_pages();
 * cma_alloc() and cma_release() keep the kernel's signatures on top);
 * cma_release() of a range that is not allocated, or whose pages hold
 * extra references, fails with nothing changed instead of corrupting the
 * area; for a GCMA area it reports gcma_free_range()'s error instead of
 * ignoring it (v2 ignores it), and keeps the range allocated then.
 *
 * Locking: cma->lock (a leaf) protects the bitmap and available_count;
 * cma->alloc_mutex serialises the area's range allocations, as in the
 * kernel; cma_state->lock serialises declaration and activation.
 */
#include <libgcma/gcma.h>
#include "kernel/bitmap.h"
#include "kernel/bug.h"
#include "kernel/port.h"
#include "kernel/memblock.h"
#include "kernel/printk.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "kernel/trace_cma.h"
#include "mm/cma_internal.h"
#include "mm/gcma_internal.h"
#include "mm/page_alloc_internal.h"

#define CMA_MIN_ALIGNMENT_PAGES	pageblock_nr_pages

/**
 * cma_get_state() - the attached machine's CMA areas.
 *
 * Context: Any context.
 * Return: the state, or NULL (reported) for a thread attached to no
 * machine.
 */
struct cma_state *cma_get_state(void)
{
	return machine_local(ML_CMA);
}

/**
 * cma_is_area() - is @cma one of @st's declared areas?
 * @st: a machine's CMA state.
 * @cma: a pointer from the caller.
 *
 * Context: Any context.
 * Return: true if @cma points at a declared area of @st.
 */
bool cma_is_area(struct cma_state *st, const struct cma *cma)
{
	/* areas below @nr are filled in: pairs with cma_record()'s release */
	int nr = smp_load_acquire(&st->nr_areas);

	return cma >= st->areas && cma < st->areas + nr;
}

static bool cma_name_taken(struct cma_state *st, const char *name)
{
	for (int i = 0; i < st->nr_areas; i++)
		if (!strcmp(st->areas[i].name, name))
			return true;
	return false;
}

static bool cma_overlaps(struct cma_state *st, unsigned long pfn,
			 unsigned long count)
{
	for (int i = 0; i < st->nr_areas; i++) {
		const struct cma *c = &st->areas[i];

		if (pfn < c->base_pfn + c->count && c->base_pfn < pfn + count)
			return true;
	}
	return false;
}

/* Every pfn of the range is a reserved boot page. */
static bool cma_range_reserved(unsigned long pfn, unsigned long count)
{
	if (!pfn_valid(pfn) || !pfn_valid(pfn + count - 1))
		return false;
	for (unsigned long i = 0; i < count; i++)
		if (!folio_test_reserved((struct folio *)pfn_to_page(pfn + i)))
			return false;
	return true;
}

/*
 * What both declaration paths check before anything is reserved or
 * recorded (the range's reservation and overlap are the caller's).
 */
static int cma_validate(struct cma_state *st, unsigned long pfn,
			unsigned long count, unsigned int order_per_bit,
			const char *name, bool gcma)
{
	if (!count || !IS_ALIGNED(pfn | count, CMA_MIN_ALIGNMENT_PAGES) ||
	    order_per_bit > pageblock_order)
		return -EINVAL;
	if (slab_is_available())
		return -EBUSY;
	if (name && strlen(name) >= (gcma ? GCMA_AREA_NAME_MAX_LEN :
				     CMA_MAX_NAME))
		return -ENAMETOOLONG;
	if (st->nr_areas == MAX_CMA_AREAS)
		return -ENOSPC;
	if (name && cma_name_taken(st, name))
		return -EEXIST;
	return 0;
}

/* Record a validated, reserved area. Cannot fail. */
static struct cma *cma_record(struct cma_state *st, unsigned long pfn,
			      unsigned long count, unsigned int order_per_bit,
			      const char *name, bool gcma)
{
	struct cma *cma = &st->areas[st->nr_areas];

	memset(cma, 0, sizeof(*cma));
	cma->base_pfn = pfn;
	cma->count = count;
	cma->available_count = count;
	cma->order_per_bit = order_per_bit;
	cma->gcma = gcma;
	spin_lock_init(&cma->lock);
	mutex_init(&cma->alloc_mutex);
	if (name)
		snprintf(cma->name, sizeof(cma->name), "%s", name);
	else
		snprintf(cma->name, sizeof(cma->name), "cma%d", st->nr_areas);
	/* the area before the count: pairs with cma_is_area()'s acquire */
	smp_store_release(&st->nr_areas, st->nr_areas + 1);
	return cma;
}

/**
 * __cma_init_reserved_mem() - make reserved boot memory a CMA area.
 * @base: physical address of the first byte.
 * @size: bytes; @base and @size are multiples of a pageblock.
 * @order_per_bit: bitmap granularity: 2^@order_per_bit pages per bit, at
 *	most pageblock_order.
 * @name: area name (NULL: "cma<N>"); unique per machine; shorter than
 *	CMA_MAX_NAME, or than GCMA_AREA_NAME_MAX_LEN for a GCMA area.
 * @res_cma: receives the area.
 * @gcma: the area is a `guarantee` area, served by GCMA.
 *
 * Every page of the range must be reserved (memblock) and belong to no
 * other area. The area becomes usable at sim_machine_boot_done().
 *
 * Context: Process context, during the machine's boot phase; the thread
 * must be attached.
 * Return: 0; -EINVAL for a NULL @res_cma, an empty or misaligned range,
 * a range outside memory or not reserved, or an @order_per_bit above
 * pageblock_order; -EBUSY after boot, or when the range overlaps another
 * area; -ENAMETOOLONG; -EEXIST for a name in use; -ENOSPC when
 * MAX_CMA_AREAS are declared; -ENXIO for an unattached thread. Nothing
 * changes on failure.
 */
int __cma_init_reserved_mem(phys_addr_t base, phys_addr_t size,
			    unsigned int order_per_bit, const char *name,
			    struct cma **res_cma, bool gcma)
{
	struct cma_state *st = cma_get_state();
	unsigned long pfn = PHYS_PFN(base), count = PHYS_PFN(size);
	int ret;

	if (!st)
		return -ENXIO;
	if (!res_cma || !PAGE_ALIGNED(base | size))
		return -EINVAL;
	mutex_lock(&st->lock);
	ret = cma_validate(st, pfn, count, order_per_bit, name, gcma);
	if (!ret && !cma_range_reserved(pfn, count))
		ret = -EINVAL;
	if (!ret && cma_overlaps(st, pfn, count))
		ret = -EBUSY;
	if (!ret)
		*res_cma = cma_record(st, pfn, count, order_per_bit, name, gcma);
	mutex_unlock(&st->lock);
	return ret;
}

/**
 * cma_init_reserved_mem() - make reserved boot memory a classic CMA area.
 * @base: as for __cma_init_reserved_mem().
 * @size: likewise.
 * @order_per_bit: likewise.
 * @name: likewise.
 * @res_cma: likewise.
 *
 * Context: as __cma_init_reserved_mem().
 * Return: as __cma_init_reserved_mem().
 */
int cma_init_reserved_mem(phys_addr_t base, phys_addr_t size,
			  unsigned int order_per_bit, const char *name,
			  struct cma **res_cma)
{
	return __cma_init_reserved_mem(base, size, order_per_bit, name,
				       res_cma, false);
}

/**
 * cma_declare_contiguous() - reserve memory for a classic CMA area.
 * @base: where the area must start (with @fixed), or the lowest address
 *	it may start at; 0 for anywhere.
 * @size: bytes, a multiple of a pageblock.
 * @limit: first address the area must not reach; 0 for no limit.
 * @alignment: alignment in bytes; at least a pageblock is used.
 * @order_per_bit: as for __cma_init_reserved_mem().
 * @fixed: the area must start exactly at @base.
 * @name: as for __cma_init_reserved_mem().
 * @res_cma: receives the area.
 *
 * Everything is checked before memory is reserved, so a failure reserves
 * nothing.
 *
 * Context: Process context, during the machine's boot phase; the thread
 * must be attached.
 * Return: 0; the errors of __cma_init_reserved_mem(); -EINVAL for a
 * misaligned fixed @base or a @limit below the end of a fixed area;
 * -EBUSY when a fixed range is already reserved; -ENOMEM when no free
 * range fits below @limit.
 */
int cma_declare_contiguous(phys_addr_t base, phys_addr_t size,
			   phys_addr_t limit, phys_addr_t alignment,
			   unsigned int order_per_bit, bool fixed,
			   const char *name, struct cma **res_cma)
{
	return cma_declare_contiguous_area(base, size, limit, alignment,
					order_per_bit, fixed, name, res_cma,
					false);
}

/**
 * cma_declare_contiguous_area() - cma_declare_contiguous() for a classic
 * (@gcma false) or GCMA-backed area.
 * @base: as for cma_declare_contiguous().
 * @size: likewise.
 * @limit: likewise.
 * @alignment: likewise.
 * @order_per_bit: likewise.
 * @fixed: likewise.
 * @name: likewise.
 * @res_cma: likewise.
 * @gcma: the area is served by GCMA.
 *
 * Context: as cma_declare_contiguous().
 * Return: as cma_declare_contiguous().
 */
int cma_declare_contiguous_area(phys_addr_t base, phys_addr_t size,
			     phys_addr_t limit, phys_addr_t alignment,
			     unsigned int order_per_bit, bool fixed,
			     const char *name, struct cma **res_cma, bool gcma)
{
	struct cma_state *st = cma_get_state();
	unsigned long count = PHYS_PFN(size), align_pages, pfn;
	int ret;

	if (!st)
		return -ENXIO;
	if (!res_cma || !PAGE_ALIGNED(base | size | limit | alignment) ||
	    (alignment && !is_power_of_2(alignment)))
		return -EINVAL;
	align_pages = max(PHYS_PFN(alignment), CMA_MIN_ALIGNMENT_PAGES);
	mutex_lock(&st->lock);
	ret = cma_validate(st, 0, count, order_per_bit, name, gcma);
	if (ret)
		goto out;
	if (fixed) {
		pfn = PHYS_PFN(base);
		if (!IS_ALIGNED(pfn, align_pages) ||
		    (limit && base + size > limit)) {
			ret = -EINVAL;
			goto out;
		}
		ret = memblock_reserve(base, size);
	} else {
		phys_addr_t got = memblock_phys_alloc_range(size,
				PFN_PHYS(align_pages), base, limit);

		ret = got ? 0 : -ENOMEM;
		pfn = PHYS_PFN(got);
	}
	if (!ret)
		*res_cma = cma_record(st, pfn, count, order_per_bit, name,
				      gcma);
out:
	mutex_unlock(&st->lock);
	return ret;
}

/* Activate one area; on failure it stays declared but unusable. */
static void cma_activate_area(struct cma *cma)
{
	unsigned long nbits = cma_bitmap_maxno(cma);
	int ret = 0;

	cma->bitmap = kcalloc(BITS_TO_LONGS(nbits), sizeof(unsigned long),
			      GFP_KERNEL);
	if (!cma->bitmap) {
		ret = -ENOMEM;
	} else if (cma->gcma) {
		ret = gcma_register_area(cma->name, cma->base_pfn, cma->count);
	} else {
		for (unsigned long pfn = cma->base_pfn;
		     pfn < cma->base_pfn + cma->count;
		     pfn += pageblock_nr_pages)
			init_cma_reserved_pageblock(pfn_to_page(pfn));
	}
	if (ret) {
		pr_err("CMA area %s could not be activated: %d\n", cma->name,
		       ret);
		kfree(cma->bitmap);
		cma->bitmap = NULL;
		return;
	}
	cma->active = true;
}

/**
 * cma_activate_areas() - activate every declared area (the kernel's
 * cma_init_reserved_areas() core_initcall).
 *
 * Called once by sim_machine_boot_done(), after the page allocator is up.
 * An area that cannot be activated is logged and refuses allocations.
 *
 * Context: Process context; the machine's boot is ending.
 * Return: the number of areas activated.
 */
int cma_activate_areas(void)
{
	struct cma_state *st = cma_get_state();
	int done = 0;

	if (!st)
		return 0;
	mutex_lock(&st->lock);
	for (int i = 0; i < st->nr_areas; i++) {
		if (st->areas[i].active)
			continue;
		cma_activate_area(&st->areas[i]);
		done += st->areas[i].active;
	}
	mutex_unlock(&st->lock);
	return done;
}

/* Clear the bits of [@pfn, @pfn + @count) and account them available. */
static void cma_clear_bitmap(struct cma *cma, unsigned long pfn,
			     unsigned long count)
{
	unsigned long bitmap_no = (pfn - cma->base_pfn) >> cma->order_per_bit;
	unsigned long bits = cma_bitmap_pages_to_bits(cma, count);

	spin_lock(&cma->lock);
	bitmap_clear(cma->bitmap, bitmap_no, bits);
	cma->available_count += bits << cma->order_per_bit;
	spin_unlock(&cma->lock);
}

/* Accumulate what one alloc_contig_range() attempt did. */
static void cma_account_acr(struct cma *cma, const struct acr_info *info)
{
	cma_stat_add(cma, CMA_NR_MIGRATED, info->nr_migrated);
	cma_stat_add(cma, CMA_NR_RECLAIMED, info->nr_reclaimed);
	cma_stat_add(cma, CMA_NR_MAPPED, info->nr_mapped);
	cma_stat_add(cma, CMA_ERR_ISOLATE, !!(info->err & ACR_ERR_ISOLATE));
	cma_stat_add(cma, CMA_ERR_MIGRATE, !!(info->err & ACR_ERR_MIGRATE));
	cma_stat_add(cma, CMA_ERR_TEST, !!(info->err & ACR_ERR_TEST));
}

/*
 * Get [@pfn, @pfn + @count) from the area's backend; *@failed_pfn gets
 * the pfn a classic attempt failed on, or 0.
 */
static int cma_range_alloc(struct cma *cma, unsigned long pfn,
			   unsigned long count, gfp_t gfp,
			   unsigned long *failed_pfn)
{
	struct acr_info info;
	int ret;

	*failed_pfn = 0;
	mutex_lock(&cma->alloc_mutex);
	if (cma->gcma) {
		ret = gcma_alloc_range(pfn, count, gfp & (__GFP_COMP | __GFP_ZERO));
	} else {
		ret = alloc_contig_range(pfn, pfn + count, MIGRATE_CMA,
					 gfp & ~(__GFP_COMP | __GFP_ZERO),
					 &info);
		cma_account_acr(cma, &info);
		*failed_pfn = info.failed_pfn;
	}
	mutex_unlock(&cma->alloc_mutex);
	return ret;
}

/*
 * Finish a classic allocation as post_alloc_hook() and prep_new_page()
 * would: zero the pages for __GFP_ZERO, make one compound folio for
 * __GFP_COMP. (GCMA does both itself.)
 */
static void cma_classic_prep(unsigned long pfn, unsigned long count,
			     gfp_t gfp)
{
	struct page *page = pfn_to_page(pfn);

	if (gfp & __GFP_ZERO)
		for (unsigned long i = 0; i < count; i++) {
			void *addr = folio_address((struct folio *)
						   nth_page(page, i));

			if (addr)
				memset(addr, 0, PAGE_SIZE);
		}
	if ((gfp & __GFP_COMP) && count > 1) {
		for (unsigned long i = 1; i < count; i++)
			set_page_count(nth_page(page, i), 0);
		prep_compound_page(page, ilog2(count));
	}
}

/* gfp flags cma_alloc_pages() accepts. */
#define CMA_GFP_ALLOWED	(GFP_KERNEL | __GFP_NOWARN | __GFP_COMP | __GFP_ZERO)

/* The arguments of cma_alloc_pages(), checked before anything happens. */
static int cma_alloc_validate(struct cma *cma, unsigned long count,
			      unsigned int align, gfp_t gfp,
			      struct page **pagep)
{
	struct cma_state *st = cma_get_state();

	if (!st)
		return -ENXIO;
	if (!cma || !pagep || !cma_is_area(st, cma) || !cma->active ||
	    !count || count > cma->count || (gfp & ~CMA_GFP_ALLOWED) ||
	    align >= BITS_PER_LONG / 2)
		return -EINVAL;
	if ((gfp & __GFP_COMP) &&
	    (!is_power_of_2(count) || ilog2(count) >= MAX_PAGE_ORDER ||
	     align < (unsigned int)ilog2(count)))
		return -EINVAL;
	return 0;
}

/**
 * cma_alloc_pages() - allocate pages from a contiguous area, with the
 * error code (the kernel's __cma_alloc(), returning -errno).
 * @cma: the area.
 * @count: pages.
 * @align: the first pfn is a multiple of 2^@align.
 * @gfp: GFP_KERNEL, optionally with __GFP_NOWARN (no failure report),
 *	__GFP_ZERO, __GFP_COMP (one compound folio: @count a power of two
 *	below 2^MAX_PAGE_ORDER and @align at least its order).
 * @pagep: receives the first page.
 *
 * Searches the bitmap from the start for a free aligned run; a classic
 * area that finds a folio it cannot move there (-EBUSY) tries the next
 * aligned position, until the bitmap has no run left. On failure without
 * __GFP_NOWARN the log gets "cma_alloc: <name>: alloc failed, req-size: N
 * pages, ret: E" and the free extents (cma_debug_show_areas()). Every
 * call counts its pages in the area's alloc_pages_success or
 * alloc_pages_fail.
 *
 * Context: Process context; may sleep (virtual time passes); the thread
 * must be attached to the area's machine.
 * Return: 0 with *@pagep set; -EINVAL for a NULL or unknown @cma, an area
 * not activated, a @count of 0 or above the area's size, gfp flags
 * outside the list above, an @align of BITS_PER_LONG / 2 or more, or a bad
 * __GFP_COMP request; -ENOMEM when the bitmap has no free run for the
 * request; -EBUSY when every free run held a folio that could not be
 * moved; another error of alloc_contig_range() or gcma_alloc_range()
 * (which ends the search, as in the kernel); -ENXIO for an unattached
 * thread. Nothing is allocated on failure.
 */
int cma_alloc_pages(struct cma *cma, unsigned long count, unsigned int align,
		    gfp_t gfp, struct page **pagep)
{
	unsigned long mask, offset, maxno, bits, bitmap_no, start = 0;
	unsigned long pfn = 0, failed_pfn;
	int ret;

	ret = cma_alloc_validate(cma, count, align, gfp, pagep);
	if (ret)
		return ret;
	trace_cma_alloc_start(cma->name, count, READ_ONCE(cma->available_count),
			      cma->count, align);
	/* GCMA charges its own range call. */
	if (!cma->gcma)
		sim_cost(SIM_COST_RANGE_CALL, 1);
	mask = align > cma->order_per_bit ?
	       (1UL << (align - cma->order_per_bit)) - 1 : 0;
	offset = align > cma->order_per_bit ?
		 (ALIGN(cma->base_pfn, 1UL << align) - cma->base_pfn) >>
		 cma->order_per_bit : 0;
	maxno = cma_bitmap_maxno(cma);
	bits = cma_bitmap_pages_to_bits(cma, count);

	ret = -ENOMEM;
	for (;;) {
		spin_lock(&cma->lock);
		bitmap_no = bitmap_find_next_zero_area_off(cma->bitmap, maxno,
							   start, bits, mask,
							   offset);
		if (bitmap_no >= maxno) {
			spin_unlock(&cma->lock);
			break;
		}
		bitmap_set(cma->bitmap, bitmap_no, bits);
		cma->available_count -= bits << cma->order_per_bit;
		spin_unlock(&cma->lock);

		pfn = cma->base_pfn + (bitmap_no << cma->order_per_bit);
		ret = cma_range_alloc(cma, pfn, count, gfp, &failed_pfn);
		if (!ret)
			break;
		cma_clear_bitmap(cma, pfn, count);
		if (ret != -EBUSY)
			break;
		cma_stat_add(cma, CMA_BUSY_RETRIES, 1);
		/* Moving on is time lost to what the attempt failed on. */
		if (failed_pfn)
			contig_blame_wait(pfn_folio(failed_pfn),
					  SIM_COST_BUSY_RETRY, 1);
		else
			sim_cost(SIM_COST_BUSY_RETRY, 1);
		pr_debug("%s(): memory range at pfn 0x%lx is busy, retrying\n",
			 __func__, pfn);
		trace_cma_alloc_busy_retry(cma->name, pfn, count, align);
		start = bitmap_no + mask + 1;
	}

	if (!ret) {
		if (!cma->gcma)
			cma_classic_prep(pfn, count, gfp);
		*pagep = pfn_to_page(pfn);
		cma_stat_add(cma, CMA_ALLOC_PAGES_SUCCESS, count);
	} else {
		cma_stat_add(cma, CMA_ALLOC_PAGES_FAIL, count);
		if (!(gfp & __GFP_NOWARN)) {
			pr_err("cma_alloc: %s: alloc failed, req-size: %lu pages, ret: %d\n",
			       cma->name, count, ret);
			cma_debug_show_areas(cma);
		}
	}
	trace_cma_alloc_finish(cma->name, ret ? -1UL : pfn, count, align, ret);
	return ret;
}

/**
 * cma_alloc() - allocate pages from a contiguous area (kernel signature).
 * @cma: the area.
 * @count: pages.
 * @align: the first pfn is a multiple of 2^@align.
 * @no_warn: do not report a failure in the log.
 *
 * cma_alloc_pages() with GFP_KERNEL (| __GFP_NOWARN).
 *
 * Context: as cma_alloc_pages().
 * Return: the first page, or NULL on any failure (the error code is in
 * the cma_alloc_finish trace event).
 */
struct page *cma_alloc(struct cma *cma, unsigned long count,
		       unsigned int align, bool no_warn)
{
	struct page *page;

	if (cma_alloc_pages(cma, count, align,
			    GFP_KERNEL | (no_warn ? __GFP_NOWARN : 0), &page))
		return NULL;
	return page;
}

/* Is every bit covering [@pfn, @pfn + @count) set? */
static bool cma_range_allocated(struct cma *cma, unsigned long pfn,
				unsigned long count)
{
	unsigned long first = (pfn - cma->base_pfn) >> cma->order_per_bit;
	unsigned long last = (pfn + count - 1 - cma->base_pfn) >>
			     cma->order_per_bit;
	bool ok;

	spin_lock(&cma->lock);
	ok = find_next_zero_bit(cma->bitmap, last + 1, first) > last;
	spin_unlock(&cma->lock);
	return ok;
}

/*
 * Classic release, phase one: every page must be the caller's alone. An
 * order-0 page has refcount 1; a compound folio must start at @pfn, fit
 * in the range and have refcount 1 on its head.
 */
static bool cma_classic_releasable(unsigned long pfn, unsigned long count)
{
	unsigned long end = pfn + count;

	while (pfn < end) {
		struct page *page = pfn_to_page(pfn);
		struct folio *folio = page_folio(page);
		unsigned long nr = folio_nr_pages(folio);

		if ((struct page *)folio != page || nr > end - pfn ||
		    folio_ref_count(folio) != 1 || PageBuddy(page))
			return false;
		pfn += nr;
	}
	return true;
}

/* Classic release, phase two: give every folio back. */
static void cma_classic_free(unsigned long pfn, unsigned long count)
{
	unsigned long end = pfn + count;

	while (pfn < end) {
		struct folio *folio = page_folio(pfn_to_page(pfn));
		unsigned long nr = folio_nr_pages(folio);

		folio_put(folio);
		sim_cost(SIM_COST_PAGE_FREE, nr);
		pfn += nr;
	}
}

/**
 * cma_release_pages() - give pages back to a contiguous area, with the
 * error code.
 * @cma: the area.
 * @pages: the first page, as cma_alloc() returned it (or a page inside an
 *	allocation, to release part of it).
 * @count: pages.
 *
 * The range must be allocated (every bitmap bit covering it set). A
 * classic area checks that the caller holds the only reference to every
 * page (and whole compound folios) before it frees any; a GCMA area has
 * gcma_free_range() do the same. Then the bits are cleared and the pages
 * counted in release_pages_success.
 *
 * Context: Process context; the thread must be attached to the area's
 * machine.
 * Return: 0; -EINVAL for a NULL or unknown @cma or @pages, an area not
 * activated, a @count of 0, a range not inside the area or not
 * allocated, a page with another reference or a compound folio cut by
 * the range, and the errors of gcma_free_range() for a GCMA area; -ENXIO
 * for an unattached thread. Nothing changes on failure.
 */
int cma_release_pages(struct cma *cma, const struct page *pages,
		      unsigned long count)
{
	struct cma_state *st = cma_get_state();
	unsigned long pfn;
	int ret;

	if (!st)
		return -ENXIO;
	if (!cma || !pages || !cma_is_area(st, cma) || !cma->active || !count)
		return -EINVAL;
	pfn = page_to_pfn((struct page *)pages);
	if (pfn < cma->base_pfn || pfn >= cma->base_pfn + cma->count ||
	    count > cma->base_pfn + cma->count - pfn ||
	    !cma_range_allocated(cma, pfn, count))
		return -EINVAL;
	if (cma->gcma) {
		ret = gcma_free_range(pfn, count);
		if (ret) {
			pr_warn("cma_release: %s: gcma_free_range(0x%lx, %lu) failed: %d\n",
				cma->name, pfn, count, ret);
			/* v2 clears the bits and reports success anyway. */
			if (!sim_defect(SIM_DEFECT_RELEASE_IGNORES_ERROR))
				return ret;
		}
	} else {
		if (!cma_classic_releasable(pfn, count))
			return -EINVAL;
		cma_classic_free(pfn, count);
	}
	cma_clear_bitmap(cma, pfn, count);
	cma_stat_add(cma, CMA_RELEASE_PAGES_SUCCESS, count);
	trace_cma_release(cma->name, pfn, count);
	return 0;
}

/**
 * cma_release() - give pages back to a contiguous area (kernel
 * signature).
 * @cma: the area.
 * @pages: the first page.
 * @count: pages.
 *
 * Context: as cma_release_pages().
 * Return: true if the pages were released; false, with nothing changed,
 * for any error of cma_release_pages() (v2 returns true even when
 * gcma_free_range() failed).
 */
bool cma_release(struct cma *cma, const struct page *pages,
		 unsigned long count)
{
	return cma_release_pages(cma, pages, count) == 0;
}

/**
 * cma_state_create() - a machine's empty CMA state.
 *
 * Context: sim_machine_create().
 * Return: the state, or NULL.
 */
void *cma_state_create(void)
{
	struct cma_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (st)
		mutex_init(&st->lock);
	return st;
}

/**
 * cma_state_destroy() - free a machine's CMA state.
 * @state: from cma_state_create().
 *
 * Context: sim_machine_destroy(), nobody attached.
 * Return: nothing.
 */
void cma_state_destroy(void *state)
{
	struct cma_state *st = state;

	for (int i = 0; i < st->nr_areas; i++) {
		kfree(st->areas[i].bitmap);
		mutex_destroy(&st->areas[i].alloc_mutex);
	}
	mutex_destroy(&st->lock);
	kfree(st);
}
