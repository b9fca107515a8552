// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The machine's free system memory: an interim order-0 page allocator.
 *
 * At sim_machine_boot_done() every pfn that nobody owns (not reserved by
 * memblock, refcount 0, not part of a large folio) goes on one free list,
 * linked through folio->lru like the buddy allocator's free lists. The
 * list is LIFO: a page freed by __folio_put() is the next one handed out,
 * which keeps it cache-hot as the kernel's per-cpu lists do; at boot the
 * list is built so that the lowest pfns come out first. Building it walks
 * the whole memmap, as the kernel's memmap_init does, so booting a large
 * machine makes its memmap resident.
 *
 * A page on the list is marked with SIM_PAGE_BUDDY in sim_private (the
 * simulation's PageBuddy), so a page that reaches __folio_put() twice, or
 * that somebody took over without folio_alloc(), is reported rather than
 * linked twice.
 *
 * Only order 0 for now: the page allocator model with migrate types and
 * buddy orders replaces this file.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/bug.h"
#include "sim/internal.h"

/* sim_private of a page on the free list. */
#define SIM_PAGE_BUDDY		0x62756464UL	/* "budd" */

/**
 * struct sim_pagepool - free system pages of one machine.
 * @lock: protects @free and @nr_free.
 * @free: free pages, linked through folio->lru; taken from the head.
 * @nr_free: pages on @free.
 */
struct sim_pagepool {
	spinlock_t lock;
	struct list_head free;
	unsigned long nr_free;
};

/* Is @f a page nobody owns, fit for the free list? */
static bool sim_page_unowned(const struct folio *f)
{
	return !folio_test_reserved(f) && !folio_test_head(f) &&
	       !PageTail((const struct page *)f) && folio_ref_count(f) == 0;
}

/**
 * sim_pagepool_init() - put every unowned pfn of @m on its free list.
 * @m: a machine leaving its boot phase.
 *
 * Context: Process context, from sim_machine_boot_done() with @m->lock
 * held.
 * Return: 0, or -ENOMEM (nothing changed).
 */
int sim_pagepool_init(struct sim_machine *m)
{
	struct sim_pagepool *pool = calloc(1, sizeof(*pool));

	if (!pool)
		return -ENOMEM;
	spin_lock_init(&pool->lock);
	INIT_LIST_HEAD(&pool->free);
	/* Highest pfn first on a LIFO list: the lowest pfn comes out first. */
	for (unsigned long i = m->nr_pages; i--;) {
		struct folio *f = &m->memmap[i];

		if (!sim_page_unowned(f))
			continue;
		f->sim_private = SIM_PAGE_BUDDY;
		list_add(&f->lru, &pool->free);
		pool->nr_free++;
	}
	__atomic_store_n(&m->pagepool, pool, __ATOMIC_RELEASE);
	return 0;
}

/**
 * sim_pagepool_exit() - forget @m's free list.
 * @m: a machine being destroyed.
 *
 * The pages themselves belong to the memmap, which goes away with @m.
 *
 * Context: Process context; nobody else uses the machine.
 * Return: nothing.
 */
void sim_pagepool_exit(struct sim_machine *m)
{
	struct sim_pagepool *pool = m->pagepool;

	if (!pool)
		return;
	m->pagepool = NULL;
	pthread_mutex_destroy(&pool->lock.mutex);
	free(pool);
}

/*
 * __folio_put() of a page already on the free list has just reset its lru
 * to an empty list, while its neighbours still point at it. Find them (a
 * forward and a backward walk, each stopping at the page) and link the
 * page back between them, so the list is whole again.
 */
static void sim_pagepool_relink(struct sim_pagepool *pool, struct folio *folio)
{
	struct list_head *entry = &folio->lru, *prev, *next;

	for (prev = &pool->free; prev->next != entry; prev = prev->next)
		;
	for (next = &pool->free; next->prev != entry; next = next->prev)
		;
	entry->prev = prev;
	entry->next = next;
}

/**
 * sim_pagepool_free() - give a freed page back to @m's free list.
 * @m: the machine.
 * @folio: an order-0 page __folio_put() has just reset.
 *
 * Context: Any context; takes the pool lock (a leaf lock).
 * Return: nothing. A page already on the list (freed twice, or taken
 * over without folio_alloc() and freed) is a VM_BUG_ON_FOLIO violation
 * and stays on the list once.
 */
void sim_pagepool_free(struct sim_machine *m, struct folio *folio)
{
	struct sim_pagepool *pool = m->pagepool;

	spin_lock(&pool->lock);
	if (VM_BUG_ON_FOLIO(folio->sim_private == SIM_PAGE_BUDDY, folio)) {
		sim_pagepool_relink(pool, folio);
		spin_unlock(&pool->lock);
		return;
	}
	folio->sim_private = SIM_PAGE_BUDDY;
	list_add(&folio->lru, &pool->free);
	pool->nr_free++;
	spin_unlock(&pool->lock);
}

/* Take the first page of the free list that is still unowned, or NULL. */
static struct folio *sim_pagepool_take(struct sim_machine *m,
				       struct sim_pagepool *pool)
{
	struct folio *folio;

	spin_lock(&pool->lock);
	while ((folio = list_first_entry_or_null(&pool->free, struct folio,
						 lru))) {
		list_del_init(&folio->lru);
		pool->nr_free--;
		folio->sim_private = 0;
		/*
		 * Somebody used a free page without allocating it: report the
		 * bad page and leave it to them, as the kernel's
		 * check_new_page() does.
		 */
		if (VM_BUG_ON_FOLIO(!sim_page_unowned(folio) || folio->flags,
				    folio))
			continue;
		break;
	}
	spin_unlock(&pool->lock);
	return folio;
}

/**
 * folio_alloc() - allocate a folio of system memory.
 * @gfp: allocation flags; __GFP_ZERO zeroes the page in data mode.
 * @order: allocation order; only 0 is supported for now.
 *
 * The folio comes with refcount 1, no flags, no mapping, and in data mode
 * its page is unpoisoned (zeroed with __GFP_ZERO, else undefined). It is
 * freed by the folio_put() that drops its last reference. Each call is an
 * allocation of fault class SIM_FAULT_PAGE_ALLOC.
 *
 * Context: Any context after sim_machine_boot_done(); the thread must be
 * attached.
 * Return: the folio, or NULL when no free page is left, when the failure
 * is injected, for an unattached thread (reported), and with a WARN
 * violation for an order above 0, unknown gfp bits, or a call during the
 * machine's boot phase.
 */
struct folio *folio_alloc(gfp_t gfp, unsigned int order)
{
	struct sim_machine *m = sim_require_machine(__func__);
	struct sim_pagepool *pool;
	struct folio *folio;

	if (!m)
		return NULL;
	if (WARN(order > 0, "folio_alloc: order %u not supported yet", order) ||
	    WARN_ON(gfp & ~__GFP_BITS_MASK))
		return NULL;
	pool = __atomic_load_n(&m->pagepool, __ATOMIC_ACQUIRE);
	if (WARN(!pool, "folio_alloc before sim_machine_boot_done()"))
		return NULL;
	if (sim_fault_should_fail(SIM_FAULT_PAGE_ALLOC, PAGE_SIZE, gfp))
		return NULL;
	folio = sim_pagepool_take(m, pool);
	if (!folio)
		return NULL;
	folio->mapping = NULL;
	folio->index = 0;
	folio->private = NULL;
	folio_set_count(folio, 1);
	__sim_poison_range(m, sim_desc_pfn(m, folio), 1, false);
	if ((gfp & __GFP_ZERO) && m->data)
		memset(folio_address(folio), 0, PAGE_SIZE);
	return folio;
}

/**
 * sim_nr_free_pages() - free system pages of @m.
 * @m: the machine.
 *
 * Context: Any context; the answer may be stale at once.
 * Return: pages on the free list; 0 for a NULL @m or before boot.
 */
unsigned long sim_nr_free_pages(const struct sim_machine *m)
{
	struct sim_pagepool *pool;
	unsigned long n;

	if (!m)
		return 0;
	pool = __atomic_load_n(&m->pagepool, __ATOMIC_ACQUIRE);
	if (!pool)
		return 0;
	spin_lock(&pool->lock);
	n = pool->nr_free;
	spin_unlock(&pool->lock);
	return n;
}
