// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * alloc_contig_range(): classic CMA's way to a free pfn range, by
 * isolating the range and migrating (or reclaiming) every folio in it.
 *
 * The steps are the kernel's (mm/page_alloc.c, mm/compaction.c,
 * mm/migrate.c), reduced to what decides success and cost:
 *
 *   1. start_isolate_page_range(): the pageblocks of the range become
 *      MIGRATE_ISOLATE, so the buddy allocator hands out none of their
 *      free pages and pages freed there stay there.
 *   2. lru_add_drain_all() + drain_all_pages(): one SIM_COST_DRAIN.
 *   3. __alloc_contig_migrate_range(): walk the range; isolate the LRU
 *      folios found in batches of COMPACT_CLUSTER_MAX; drop the clean
 *      unmapped file folios of a batch (reclaim_clean_pages_from_list()),
 *      migrate the others to new folios outside the range
 *      (migrate_pages(), up to NR_MAX_MIGRATE_PAGES_RETRY passes over the
 *      folios that were busy); a batch still busy after five rounds ends
 *      the walk with -EBUSY.
 *   4. test_pages_isolated(): every pfn must now be free; else -EBUSY
 *      ("PFNs busy"), reported at the pfn that walk failed on
 *      (test_pages_isolated_at(), the kernel tracepoint's fin_pfn), even
 *      if that page is free by the time of the report.
 *   5. isolate_freepages_range(): take exactly [start, end) out of the
 *      buddy allocator, one reference per page.
 *   6. undo_isolate_page_range() in every case.
 *
 * A busy folio is one with references besides its owner's and the
 * isolation's: a pin (O_DIRECT, vmsplice, GUP) or a user holding it. The
 * pass loop calls cond_resched() and charges SIM_COST_MIGRATE_PASS, so
 * virtual time moves on while it retries and a short pin may expire
 * meanwhile (that time is the "pin wait").
 *
 * A failure is reported the kernel's way, through the log: the range
 * ("alloc_contig_range: [start, end) PFNs busy") and a dump_page() of the
 * first folio that stayed (refcount, flags and who holds a pin), and
 * through @info (struct acr_info, as in the Android kernels): what was
 * migrated, reclaimed and unmapped, which step failed, at which pfn.
 * Each wait for a busy folio and each failed attempt is also blamed on
 * the folio that caused it (contig_blame_wait(), contig_blame_failure():
 * Android's page_pinner), so the simulation can say which of CMA's
 * hurdles it was (include/libgcma/hurdle.h).
 */
#include "kernel/bug.h"
#include "kernel/kernel.h"
#include "kernel/mmdebug.h"
#include "kernel/printk.h"
#include "kernel/rcupdate.h"
#include "kernel/port.h"
#include "kernel/string.h"
#include "kernel/trace_cma.h"
#include "mm/page_alloc_internal.h"
#include <libgcma/cma.h>
#include <libgcma/fs.h>

/* Folios isolated per batch (compaction's COMPACT_CLUSTER_MAX). */
#define CONTIG_BATCH			32
/* migrate_pages() passes over busy folios (NR_MAX_MIGRATE_PAGES_RETRY). */
#define MIGRATE_PASSES			10
/* Rounds of migrate_pages() on one batch before giving up. */
#define CONTIG_BATCH_TRIES		5

/**
 * struct contig_isolated - a folio isolated for migration, and its owner's
 * operations (its mapping may be cleared by a truncation meanwhile).
 * @folio: the folio.
 * @a_ops: its owner's address_space_operations.
 */
struct contig_isolated {
	struct folio *folio;
	const struct address_space_operations *a_ops;
};

/**
 * struct contig_walk - one alloc_contig_range() call in progress.
 * @end: first pfn past the range.
 * @pfn: where the isolation scan goes on.
 * @batch: isolated folios not yet migrated or put back.
 * @nr: entries in @batch.
 * @info: what happened so far.
 */
struct contig_walk {
	unsigned long end, pfn;
	struct contig_isolated batch[CONTIG_BATCH];
	unsigned int nr;
	struct acr_info *info;
};

/*
 * Try to isolate the LRU folio @folio: a reference first (a free or
 * frozen page refuses it), then PG_lru and the mapping, then the owner's
 * ->isolate_folio() under RCU, since the owner may be going away.
 * Return: the owner's operations, or NULL if not isolated.
 */
static const struct address_space_operations *
contig_isolate_folio(struct folio *folio)
{
	const struct address_space_operations *a_ops = NULL;
	struct address_space *mapping;

	if (!folio_try_get(folio))
		return NULL;
	rcu_read_lock();
	mapping = READ_ONCE(folio->mapping);
	if (folio_test_lru(folio) && mapping) {
		a_ops = READ_ONCE(mapping->a_ops);
		if (a_ops && !a_ops->isolate_folio(folio))
			a_ops = NULL;
	}
	rcu_read_unlock();
	folio_put(folio);
	return a_ops;
}

/*
 * isolate_migratepages_range(): from @w->pfn, isolate up to CONTIG_BATCH
 * LRU folios into @w->batch. Free buddy blocks are skipped whole; a page
 * in use that is not on an LRU (unmovable, or between allocation and its
 * owner) is left for test_pages_isolated() to report.
 */
static void contig_isolate_batch(struct contig_walk *w)
{
	while (w->pfn < w->end && w->nr < CONTIG_BATCH) {
		struct page *page = pfn_to_page(w->pfn);
		const struct address_space_operations *a_ops;
		struct folio *folio;

		if (PageBuddy(page)) {
			unsigned int order = buddy_order_unsafe(page);

			w->pfn += order <= MAX_PAGE_ORDER ? 1UL << order : 1;
			continue;
		}
		folio = page_folio(page);
		a_ops = contig_isolate_folio(folio);
		if (!a_ops) {
			w->pfn++;
			continue;
		}
		w->batch[w->nr].folio = folio;
		w->batch[w->nr].a_ops = a_ops;
		w->nr++;
		if (folio_mapped(folio))
			w->info->nr_mapped += folio_nr_pages(folio);
		w->pfn = folio_pfn(folio) + folio_nr_pages(folio);
	}
}

/* End the isolation of @w->batch[@i]; the last entry takes its place. */
static void contig_putback(struct contig_walk *w, unsigned int i)
{
	struct contig_isolated done = w->batch[i];

	w->batch[i] = w->batch[--w->nr];
	done.a_ops->putback_folio(done.folio);
}

/* reclaim_clean_pages_from_list(): drop what need not be copied. */
static void contig_reclaim_clean(struct contig_walk *w)
{
	unsigned int i = 0;

	while (i < w->nr) {
		const struct contig_isolated *e = &w->batch[i];

		if (e->a_ops->reclaim_folio &&
		    e->a_ops->reclaim_folio(e->folio)) {
			w->info->nr_reclaimed++;
			contig_putback(w, i);
			continue;
		}
		i++;
	}
}

/*
 * One migrate_pages() pass over @w->batch. Return: folios left busy, or
 * -ENOMEM when no target folio could be allocated (the kernel gives up on
 * the whole range then).
 */
static long contig_migrate_pass(struct contig_walk *w)
{
	unsigned int i = 0;
	long busy = 0;

	while (i < w->nr) {
		const struct contig_isolated *e = &w->batch[i];
		struct address_space *mapping = READ_ONCE(e->folio->mapping);
		struct folio *dst;
		int ret;

		if (!mapping) {
			/* Truncated while isolated: freed when put back. */
			contig_putback(w, i);
			continue;
		}
		dst = folio_alloc(GFP_HIGHUSER_MOVABLE, 0);
		if (!dst)
			return -ENOMEM;
		ret = e->a_ops->migrate_folio(mapping, dst, e->folio,
					      MIGRATE_SYNC);
		if (ret == -EAGAIN) {
			folio_put(dst);
			busy++;
			i++;
			continue;
		}
		if (ret)
			folio_put(dst);
		else
			w->info->nr_migrated++;
		contig_putback(w, i);
	}
	return busy;
}

/*
 * The first folio still isolated goes into the report: its pfn in @info
 * and a dump_page() that says who pins it.
 */
static void contig_report_busy(struct contig_walk *w, gfp_t gfp)
{
	struct folio *folio;

	if (!w->nr)
		return;
	folio = w->batch[0].folio;
	contig_blame_failure(folio, -EBUSY);
	w->info->err |= ACR_ERR_MIGRATE;
	if (!w->info->failed_pfn)
		w->info->failed_pfn = folio_pfn(folio);
	if (!(gfp & __GFP_NOWARN))
		dump_page((struct page *)folio, "migration failure");
}

/* __alloc_contig_migrate_range(). Return: 0, -EBUSY or -ENOMEM. */
static int contig_migrate_range(struct contig_walk *w, gfp_t gfp)
{
	unsigned int tries = 0;
	long busy = 0;
	int ret = 0;

	while (w->pfn < w->end || w->nr) {
		if (!w->nr) {
			contig_isolate_batch(w);
			tries = 0;
			if (!w->nr)
				break;
		} else if (++tries == CONTIG_BATCH_TRIES) {
			ret = -EBUSY;
			break;
		}
		contig_reclaim_clean(w);
		for (unsigned int pass = 0; pass < MIGRATE_PASSES; pass++) {
			busy = contig_migrate_pass(w);
			if (busy <= 0)
				break;
			/*
			 * A busy folio (the batch holds only those now): let
			 * time pass, pins may go.
			 */
			contig_blame_wait(w->batch[0].folio,
					  SIM_COST_MIGRATE_PASS, 1);
			cond_resched();
		}
		if (busy < 0) {
			/* No migration target: nothing of the range to blame. */
			contig_blame_failure(NULL, -ENOMEM);
			ret = -ENOMEM;
			break;
		}
	}
	if (ret == -EBUSY)
		contig_report_busy(w, gfp);
	while (w->nr)
		contig_putback(w, 0);
	return ret;
}

/* gfp flags alloc_contig_range() accepts (the kernel's filtering). */
#define CONTIG_GFP_ALLOWED						\
	(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY | __GFP_RETRY_MAYFAIL | \
	 __GFP_COMP | __GFP_ZERO)

/**
 * alloc_contig_range() - take a pfn range for a contiguous allocation by
 * moving everything out of it.
 * @start: first pfn.
 * @end: first pfn past the range.
 * @migratetype: the pageblocks' type to restore afterwards (MIGRATE_CMA
 *	for a CMA area).
 * @gfp: GFP_KERNEL, optionally with __GFP_NOWARN, __GFP_NORETRY,
 *	__GFP_RETRY_MAYFAIL, __GFP_ZERO; __GFP_COMP is accepted and left to
 *	the caller (cma_alloc() builds the folio).
 * @info: receives counters and the cause of a failure; may be NULL.
 *
 * On success every page of the range has refcount 1 and no flags, and
 * belongs to the caller, who frees it with free_contig_range(). On failure
 * nothing of the range is allocated: migrated folios stay migrated (the
 * kernel does not move them back), reclaimed ones stay reclaimed.
 *
 * Context: Process context; may sleep (virtual time passes). The caller
 * serialises calls on overlapping ranges (cma->alloc_mutex); the
 * pageblock isolation turns a concurrent one into -EBUSY.
 * Return: 0; -EINVAL for an empty, reversed or out-of-memory range, a
 * migratetype other than MIGRATE_CMA or MIGRATE_MOVABLE, or gfp flags
 * outside the list above; -EBUSY when the range could not be isolated or
 * a folio in it could not be moved (pinned, unmovable, or in use); -ENOMEM
 * when no page was left to migrate to; -ENXIO from a thread attached to
 * no machine (an API violation).
 */
int alloc_contig_range(unsigned long start, unsigned long end,
		       int migratetype, gfp_t gfp, struct acr_info *info)
{
	struct acr_info dummy;
	struct contig_walk w = { .end = end, .pfn = start };
	unsigned long pfn = start;	/* test_pages_isolated_at() leaves it on -EINVAL */
	int ret;

	w.info = info ? info : &dummy;
	memset(w.info, 0, sizeof(*w.info));
	if (unlikely(!caller_attached(__func__)))
		return -ENXIO;
	if (start >= end || !pfn_valid(start) || !pfn_valid(end - 1) ||
	    (migratetype != MIGRATE_CMA && migratetype != MIGRATE_MOVABLE) ||
	    (gfp & ~CONTIG_GFP_ALLOWED))
		return -EINVAL;

	ret = start_isolate_page_range(start, end, migratetype);
	if (ret) {
		contig_blame_failure(NULL, ret);
		w.info->err |= ACR_ERR_ISOLATE;
		w.info->failed_pfn = start;
		goto out;
	}
	sim_cost(SIM_COST_ISOLATE, DIV_ROUND_UP(end - start, pageblock_nr_pages));
	/* The range's pages on per-CPU lists go to the isolate lists. */
	drain_all_pages(page_zone_local());
	sim_cost(SIM_COST_DRAIN, 1);

	ret = contig_migrate_range(&w, gfp);
	if (ret && ret != -EBUSY)
		goto undo;
	if (test_pages_isolated_at(start, end, &pfn)) {
		/* @pfn failed the test; it may be free by now */
		contig_isolation_window(start, end);

		ret = -EBUSY;
		if (!(w.info->err & ACR_ERR_MIGRATE))
			contig_blame_failure(page_folio(pfn_to_page(pfn)), ret);
		w.info->err |= ACR_ERR_TEST;
		if (!w.info->failed_pfn)
			w.info->failed_pfn = pfn;
		if (!(gfp & __GFP_NOWARN)) {
			pr_info("%s: [%lx, %lx) PFNs busy\n", __func__,
				start, end);
			if (!(w.info->err & ACR_ERR_MIGRATE))
				dump_page(pfn_to_page(pfn), "isolation failure");
		}
		goto undo;
	}
	ret = 0;
	if (isolate_freepages_range(start, end) != end)
		ret = -EBUSY;
undo:
	undo_isolate_page_range(start, end, migratetype);
	sim_cost(SIM_COST_ISOLATE, DIV_ROUND_UP(end - start, pageblock_nr_pages));
out:
	trace_mm_alloc_contig_migrate_range_info(start, end, migratetype,
						 w.info->nr_migrated,
						 w.info->nr_reclaimed,
						 w.info->nr_mapped, ret);
	return ret;
}
