// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The simulated filesystem and page cache: superblocks, inodes and their
 * page caches, driving cleancache from the places the kernel calls it.
 *
 * What stands for what (docs/simulated-fs.md has the whole story):
 *
 *   sim_fs_mount()            alloc_super() -> cleancache_add_fs()
 *   sim_fs_unmount()          evict_inodes(), then cleancache_remove_fs()
 *   sim_page_cache_read()     filemap_read(): on a miss filemap_add_folio()
 *                             (refault detection), then filemap_read_folio()
 *                             -> cleancache_restore_folio() before any I/O
 *   sim_page_cache_readahead() page_cache_ra_unbounded() + read_pages()
 *                             -> restore_from_cleancache() (the walk API)
 *   sim_page_cache_evict()    __remove_mapping(): store_into_cleancache()
 *                             (store if uptodate && mappedtodisk, else
 *                             invalidate), then a shadow entry
 *   sim_page_cache_truncate() truncate_inode_pages_range(): per folio
 *                             cleancache_invalidate_folio(), then the whole
 *                             inode (the RFC's hook, which v1/v2 dropped)
 *   sim_inode_evict()         evict(): truncate everything, then
 *                             cleancache_invalidate_inode()
 *
 * Locking, outermost first:
 *
 *   sim_inode.lock        one inode's page cache, versions and i_size;
 *                         cleancache hooks are called under it (the
 *                         kernel calls them under the folio lock and
 *                         i_rwsem), so cleancache's locks nest inside it
 *   sim_fs.lock           the inode map and list of one filesystem
 *   sim_fs.lru_lock       the LRU of one filesystem
 *   zone lock             free system pages (folio_put() under any of the
 *                         above; lib/mm/page_alloc.c)
 *
 * Two inode locks are never held at once: reclaim, which must lock the
 * inode of the LRU tail, runs with no inode lock held. A read or readahead
 * that needs memory drops its inode lock, makes room and allocates, then
 * retakes the lock and looks again (a read of one page only if a folio
 * was inserted into the inode's cache meanwhile: sim_inode.inserts). The LRU lock is never held while an
 * inode lock is taken: reclaim isolates the tail folio under the LRU lock,
 * pins its inode, drops the LRU lock and only then locks the inode.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/bug.h"
#include "kernel/slab.h"
#include "kernel/rcupdate.h"
#include "kernel/port.h"
#include "kernel/vmscan.h"
#include "sim/fs_internal.h"

/* Folios direct reclaim evicts at least (the kernel's SWAP_CLUSTER_MAX). */
#define SIM_RECLAIM_BATCH	32

/* Is the calling thread attached to (or borrowing) @fs's machine? */
static int sim_fs_attached(const struct sim_fs *fs)
{
	return sim_tls_machine && sim_tls_machine == fs->m ? 0 : -ENXIO;
}

/* Pages in @si's file: the first index past the end. */
static pgoff_t sim_inode_end(const struct sim_inode *si)
{
	return (pgoff_t)DIV_ROUND_UP((uint64_t)si->vfs.i_size, PAGE_SIZE);
}

/* ---- page contents ------------------------------------------------- */

static uint64_t sim_mix64(uint64_t z)
{
	z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
	z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
	return z ^ (z >> 33);
}

/* The version of page @index if @versions has none for it; si->lock held. */
static unsigned long sim_trunc_version(const struct sim_inode *si,
				       pgoff_t index)
{
	unsigned long version = 0;

	for (struct sim_trunc *t = si->truncs; t && t->start <= index;
	     t = t->next)
		version = t->version;
	return version;
}

/* The version of page @index; si->lock held. */
static unsigned long sim_page_version(struct sim_inode *si, pgoff_t index)
{
	void *entry = xa_load(&si->versions, index);

	if (entry)
		return xa_to_value(entry);
	return sim_trunc_version(si, index);
}

/*
 * Fill @buf with the contents of page @index at @version: four
 * interleaved xorshift64 streams (three shifts per word, no multiply),
 * seeded from the page's identity, so the CPU runs the four dependency
 * chains side by side.
 */
static void sim_fill_page(const struct inode *inode, pgoff_t index,
			  unsigned long version, void *buf)
{
	uint64_t *word = buf;
	uint64_t x[4], seed;

	seed = sim_mix64(inode->i_sb->s_dev ^ 0x6c696267636d6146ULL);
	seed = sim_mix64(seed ^ inode->i_ino);
	seed = sim_mix64(seed ^ inode->i_generation);
	seed = sim_mix64(seed ^ index);
	seed = sim_mix64(seed ^ version);
	for (int l = 0; l < 4; l++)
		x[l] = sim_mix64(seed + (uint64_t)l) | 1;
	for (size_t i = 0; i < PAGE_SIZE / sizeof(*word); i += 4) {
		for (int l = 0; l < 4; l++) {
			x[l] ^= x[l] << 13;
			x[l] ^= x[l] >> 7;
			x[l] ^= x[l] << 17;
			word[i + l] = x[l];
		}
	}
}

/* ---- the page cache: inside one inode (si->lock held) --------------- */

/* folio_mark_accessed(): the second access activates. */
static void sim_mark_accessed(struct folio *folio)
{
	if (!folio_test_referenced(folio)) {
		folio_set_referenced(folio);
	} else if (!folio_test_active(folio)) {
		/*
		 * One LRU here, no deactivation pass: an active folio is
		 * marked workingset now rather than when it would have been
		 * deactivated, which in the kernel happens before it can be
		 * reclaimed. Either way it is workingset at eviction.
		 */
		folio_set_active(folio);
		folio_set_workingset(folio);
		folio_clear_referenced(folio);
	}
}

/**
 * sim_lru_add() - put a page-cache folio at the head of @fs's LRU.
 * @fs: its filesystem.
 * @folio: a folio of one of @fs's inodes, on no LRU.
 *
 * Context: takes @fs's LRU lock; the caller holds the inode's lock.
 * Return: nothing.
 */
void sim_lru_add(struct sim_fs *fs, struct folio *folio)
{
	sim_lock(&fs->lru_lock);
	list_add(&folio->lru, &fs->lru);
	folio_set_lru(folio);
	sim_unlock(&fs->lru_lock);
}

/* Move @folio to the head of the LRU, if it is on it (not isolated). */
static void sim_lru_rotate(struct sim_fs *fs, struct folio *folio)
{
	sim_lock(&fs->lru_lock);
	if (folio_test_lru(folio))
		list_move(&folio->lru, &fs->lru);
	sim_unlock(&fs->lru_lock);
}

/*
 * Put a new locked folio into @si's page cache at @index. Only the
 * xarray store can fail, and then nothing has changed. *@old receives the
 * entry it replaced: NULL or a shadow.
 */
static int sim_pc_insert(struct sim_inode *si, struct folio *folio,
			 pgoff_t index, void **old)
{
	void *entry;

	/* A pfn scanner holding a reference may read ->mapping meanwhile. */
	WRITE_ONCE(folio->mapping, &si->vfs.i_data);
	folio->index = index;
	entry = xa_store(&si->vfs.i_data.i_pages, index, folio, GFP_KERNEL);
	if (xa_is_err(entry)) {
		WRITE_ONCE(folio->mapping, NULL);
		folio->index = 0;
		return xa_err(entry);
	}
	si->inserts++;
	*old = entry;
	return 0;
}

/*
 * The rest of filemap_add_folio() for a folio sim_pc_insert() placed:
 * accounting, the LRU, and workingset_refault() for a shadow it replaced.
 * Cannot fail.
 */
static void sim_pc_added(struct sim_fs *fs, struct sim_inode *si,
			 struct folio *folio, void *old)
{
	si->vfs.i_data.nrpages++;
	__atomic_fetch_add(&fs->nr_cached, 1, __ATOMIC_RELAXED);
	if (fs->opts.anon)
		folio_set_swapbacked(folio);
	if (fs->opts.anon || fs->opts.mapped)
		folio_set_mapped(folio);
	sim_lru_add(fs, folio);

	if (xa_is_value(old)) {
		unsigned long now = __atomic_load_n(&fs->nonresident_age,
						    __ATOMIC_RELAXED);
		unsigned long distance = now - xa_to_value(old);

		fs_stat_inc(fs, refaults);
		if (distance <= fs->capacity) {
			folio_set_active(folio);
			folio_set_workingset(folio);
			fs_stat_inc(fs, workingset);
		}
	}
	if (sim_trace_on())
		sim_trace_event("mm_filemap_add_to_page_cache",
				"dev 0:%lu ino %lx pfn=0x%lx ofs=%llu order=0",
				fs->sb.s_dev, si->vfs.i_ino,
				sim_desc_pfn(fs->m, folio),
				(unsigned long long)folio->index << PAGE_SHIFT);
}

/*
 * Take @folio out of @si's page cache, leaving @shadow (or nothing) in
 * its slot, and off the LRU unless a reclaimer isolated it. The cache's
 * reference is the caller's to drop, after unlocking the folio.
 */
static void sim_pc_delete(struct sim_fs *fs, struct sim_inode *si,
			  struct folio *folio, void *shadow)
{
	struct xarray *xa = &si->vfs.i_data.i_pages;
	void *old;

	/* Replacing or erasing an entry never allocates: this cannot fail. */
	if (shadow)
		old = xa_store(xa, folio->index, shadow, GFP_KERNEL);
	else
		old = xa_erase(xa, folio->index);
	WARN_ON(old != folio);
	si->vfs.i_data.nrpages--;
	__atomic_fetch_sub(&fs->nr_cached, 1, __ATOMIC_RELAXED);
	/* Its buffer heads, if any, go with it (try_to_release_folio()). */
	folio_clear_private(folio);
	sim_lock(&fs->lru_lock);
	if (folio_test_clear_lru(folio))
		list_del_init(&folio->lru);
	sim_unlock(&fs->lru_lock);
	if (sim_trace_on())
		sim_trace_event("mm_filemap_delete_from_page_cache",
				"dev 0:%lu ino %lx pfn=0x%lx ofs=%llu order=0",
				fs->sb.s_dev, si->vfs.i_ino,
				sim_desc_pfn(fs->m, folio),
				(unsigned long long)folio->index << PAGE_SHIFT);
	/* A reader holding a reference may read ->mapping meanwhile. */
	WRITE_ONCE(folio->mapping, NULL);
}

/*
 * "Read from disk": the page's current contents; uptodate, on disk. An
 * anonymous page of a filesystem with a swap type that has a slot is read
 * from it instead (sim_fs_swap_in()).
 */
static void sim_pc_read_disk(struct sim_fs *fs, struct sim_inode *si,
			     struct folio *folio)
{
	/* A swapped-out anonymous page comes back from its slot. */
	if (fs->opts.swap && sim_fs_swap_in(fs, si, folio)) {
		folio_set_uptodate(folio);
		return;
	}
	if (fs->m->data)
		sim_fill_page(&si->vfs, folio->index,
			      sim_page_version(si, folio->index),
			      folio_address(folio));
	/* Anonymous memory comes "from swap" and is never mapped to disk. */
	if (!fs->opts.anon)
		folio_set_mappedtodisk(folio);
	folio_set_uptodate(folio);
	fs_stat_inc(fs, disk_reads);
	sim_cost(SIM_COST_DISK_READ, 1);
}

/*
 * filemap_read_folio() for a locked, new folio: cleancache first, before
 * any I/O; a restored folio is uptodate but, as in the kernel, not
 * mappedtodisk. Unlocks the folio.
 */
static void sim_pc_read_folio(struct sim_fs *fs, struct sim_inode *si,
			      struct folio *folio)
{
	if (cleancache_restore_folio(&si->vfs, folio)) {
		sim_cost(SIM_COST_CC_RESTORE, 1);
		folio_set_uptodate(folio);
		fs_stat_inc(fs, cleancache_hits);
	} else {
		sim_pc_read_disk(fs, si, folio);
	}
	folio_clear_locked(folio);
}

/*
 * The device is busy with queued writes until @fs->io_busy_until
 * (virtual ns); queue one more write of @cost ns behind them. Return the
 * time the write completes.
 */
static uint64_t sim_io_queue(struct sim_fs *fs, uint64_t now, uint64_t cost)
{
	uint64_t busy = __atomic_load_n(&fs->io_busy_until, __ATOMIC_RELAXED);
	uint64_t done;

	do {
		done = (busy > now ? busy : now) + cost;
	} while (!__atomic_compare_exchange_n(&fs->io_busy_until, &busy, done,
					      false, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return done;
}

/**
 * sim_pc_writeback() - write a dirty folio back (to "swap" for an
 * anonymous one); clean afterwards.
 * @fs: its filesystem.
 * @folio: a page-cache folio of @fs.
 * @sync: the caller waits for the write (reclaim, migration); else it is
 *	queued and the caller goes on (the flusher).
 *
 * The filesystem's device serves writes one after another: a queued
 * write occupies it for SIM_COST_WRITEBACK without charging anyone; a
 * synchronous one waits behind whatever is queued (sim_cost_wait(), the
 * "unpredictable write-back latency" of the 2015 letter), then pays its
 * own write.
 *
 * With a swap type (sim_fs_options.swap) an anonymous folio goes to its
 * swap slot (sim_fs_swap_out(): frontswap or the device, their costs);
 * without one, or when no slot is to be had, the writeback is charged
 * SIM_COST_WRITEBACK.
 *
 * Context: the caller holds the inode's lock.
 * Return: nothing.
 */
void sim_pc_writeback(struct sim_fs *fs, struct folio *folio, bool sync)
{
	struct sim_cost_model model;
	uint64_t now, done;

	if (fs->opts.swap && folio_test_dirty(folio) &&
	    sim_fs_swap_out(fs, SIM_I(folio->mapping->host), folio)) {
		folio_clear_dirty(folio);
		fs_stat_inc(fs, writebacks);
		return;
	}
	if (!folio_test_clear_dirty(folio))
		return;
	fs_stat_inc(fs, writebacks);
	if (sim_cost_model_get(fs->m, &model))
		return;
	now = sim_clock_now(fs->m);
	done = sim_io_queue(fs, now, model.ns[SIM_COST_WRITEBACK]);
	if (!sync)
		return;
	/* Wait for the writes queued before ours, then pay our own. */
	sim_cost_wait(done - now - model.ns[SIM_COST_WRITEBACK]);
	sim_cost(SIM_COST_WRITEBACK, 1);
}

/**
 * sim_pc_evict_folio() - reclaim @folio, which is in @si's page cache, as
 * __remove_mapping() does.
 * @fs: the filesystem.
 * @si: the inode.
 * @folio: the folio.
 * @sync: a dirty folio's write is waited for (direct reclaim), else
 *	queued (kswapd).
 *
 * A mapped folio is unmapped first; a dirty one is written back; with the
 * folio locked, it is stored in cleancache if it is uptodate and mapped to
 * disk, else cleancache's copy is invalidated (store_into_cleancache());
 * a shadow entry with the eviction's sequence number takes its slot; the
 * cache's reference is dropped.
 *
 * Context: the caller holds @si's lock.
 * Return: nothing.
 */
void sim_pc_evict_folio(struct sim_fs *fs, struct sim_inode *si,
			struct folio *folio, bool sync)
{
	unsigned long seq;

	folio_set_locked(folio);
	if (folio_test_clear_mapped(folio))
		sim_cost(SIM_COST_PAGE_UNMAP, 1);
	if (folio_test_dirty(folio))
		sim_pc_writeback(fs, folio, sync);
	if (folio_test_uptodate(folio) && folio_test_mappedtodisk(folio))
		sim_cost(SIM_COST_CC_STORE,
			 cleancache_store_folio(&si->vfs, folio));
	else
		cleancache_invalidate_folio(&si->vfs, folio);
	seq = __atomic_add_fetch(&fs->nonresident_age, 1, __ATOMIC_RELAXED);
	sim_pc_delete(fs, si, folio, xa_mk_value(seq));
	folio_clear_locked(folio);
	fs_stat_inc(fs, evictions);
	folio_put(folio);
}

/*
 * Start the cache misses of a truncation batch together: each folio's
 * descriptor, then (under the LRU lock, which guards the pointers) its
 * LRU neighbours', which list_del_init() writes. Handled one by one, each
 * folio waited for its misses in turn: the truncation took 8% of the
 * default scenario's CPU, mostly on its first touch of the folio.
 */
static void sim_pc_prefetch_batch(struct sim_fs *fs, void **entries,
				  unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		if (!xa_is_value(entries[i]))
			__builtin_prefetch(entries[i], 1);
	sim_lock(&fs->lru_lock);
	for (unsigned int i = 0; i < nr; i++) {
		struct folio *folio = entries[i];

		if (xa_is_value(folio) || !folio_test_lru(folio))
			continue;
		__builtin_prefetch(folio->lru.next, 1);
		__builtin_prefetch(folio->lru.prev, 1);
	}
	sim_unlock(&fs->lru_lock);
}

/* How many entries one pass of sim_pc_truncate_from() gathers. */
#define SIM_TRUNC_BATCH		16

/*
 * Drop every folio and shadow at or above @start, as
 * truncate_inode_pages_range() does: each folio, locked, gets
 * cleancache_invalidate_folio() (folio_invalidate()'s hook), leaves the
 * cache without a shadow and loses the cache's reference. Dirty data is
 * discarded.
 *
 * Like find_lock_entries(), each pass gathers a batch of entries with one
 * cursor walk under the RCU read lock, then handles them in index order
 * outside it. si->lock, held throughout, keeps every other writer of the
 * cache away, so the batch stays what the cache holds.
 */
static void sim_pc_truncate_from(struct sim_fs *fs, struct sim_inode *si,
				 pgoff_t start)
{
	struct xarray *xa = &si->vfs.i_data.i_pages;
	unsigned long indices[SIM_TRUNC_BATCH];
	void *entries[SIM_TRUNC_BATCH];
	unsigned long index = start;
	unsigned int nr, i;
	bool last = false;

	do {
		XA_STATE(xas, xa, index);
		void *entry;

		nr = 0;
		rcu_read_lock();
		xas_for_each(&xas, entry, ULONG_MAX) {
			if (xas_retry(&xas, entry))
				continue;
			indices[nr] = xas.xa_index;
			entries[nr] = entry;
			if (++nr == SIM_TRUNC_BATCH)
				break;
		}
		rcu_read_unlock();
		sim_pc_prefetch_batch(fs, entries, nr);
		for (i = 0; i < nr; i++) {
			if (xa_is_value(entries[i])) {
				xa_erase(xa, indices[i]);
			} else {
				struct folio *folio = entries[i];

				folio_set_locked(folio);
				cleancache_invalidate_folio(&si->vfs, folio);
				sim_pc_delete(fs, si, folio, NULL);
				folio_clear_locked(folio);
				folio_put(folio);
			}
		}
		if (nr) {
			index = indices[nr - 1];
			last = index == ULONG_MAX;
			index++;
		}
	} while (nr == SIM_TRUNC_BATCH && !last);
	if (fs->opts.swap)
		sim_fs_swap_free(fs, si, start, ULONG_MAX);
}

/* Forget the versions of pages at and above @start. Cannot fail. */
static void sim_versions_cut(struct sim_inode *si, pgoff_t start)
{
	struct xarray *xa = &si->versions;
	unsigned long index = start;
	void *entry;

	/* All of them (a truncation to 0): free the tree in one walk. */
	if (!start) {
		xa_destroy(xa);
		return;
	}
	while ((entry = xa_find(xa, &index, ULONG_MAX, XA_PRESENT))) {
		xa_erase(xa, index);
		if (index == ULONG_MAX)
			break;
		index++;
	}
}

/* Free every truncation record of @si from *@link on. */
static void sim_truncs_free(struct sim_trunc **link)
{
	struct sim_trunc *t = *link;

	*link = NULL;
	while (t) {
		struct sim_trunc *next = t->next;

		kfree(t);
		t = next;
	}
}

/* ---- reclaim -------------------------------------------------------- */

/**
 * sim_inode_get() - keep @si alive while its lock is not held.
 * @si: a live inode, or one a reference already keeps alive.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_inode_get(struct sim_inode *si)
{
	__atomic_fetch_add(&si->refs, 1, __ATOMIC_RELAXED);
}

static void sim_inode_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct sim_inode, rcu));
}

/**
 * sim_inode_put() - drop a reference to @si.
 * @si: the inode.
 *
 * The last reference frees the (evicted) inode after an RCU grace
 * period, as the kernel frees inodes: a migrator that found a folio's
 * mapping under rcu_read_lock() may still read it.
 *
 * Context: Any context; takes no lock.
 * Return: nothing.
 */
void sim_inode_put(struct sim_inode *si)
{
	if (__atomic_sub_fetch(&si->refs, 1, __ATOMIC_ACQ_REL))
		return;
	WARN_ON(!si->dead || si->vfs.i_data.nrpages || !xa_empty(&si->swap));
	xa_destroy(&si->vfs.i_data.i_pages);
	xa_destroy(&si->swap);
	xa_destroy(&si->versions);
	sim_truncs_free(&si->truncs);
	call_rcu(&si->rcu, sim_inode_free_rcu);
}

/*
 * Reclaim the LRU tail of @fs. Called with no inode lock held. The tail is
 * isolated (off the LRU, PG_lru clear, one reference held) and its inode
 * pinned under the LRU lock; then, under the inode's lock, it is evicted
 * if it is still in that inode's page cache (a truncation or an explicit
 * eviction may have removed it meanwhile).
 *
 * Return: false when the LRU is empty; true when a folio was taken off
 * it, with *@evicted saying whether this call evicted it.
 */
static bool sim_fs_reclaim_one(struct sim_fs *fs, bool *evicted, bool sync)
{
	struct sim_inode *si;
	struct folio *folio;
	pgoff_t index;

	*evicted = false;
	/* No swap at all: anonymous memory cannot be reclaimed. */
	if (fs->opts.anon && fs->opts.no_swap)
		return false;
	sim_lock(&fs->lru_lock);
	if (list_empty(&fs->lru)) {
		sim_unlock(&fs->lru_lock);
		return false;
	}
	folio = list_last_entry(&fs->lru, struct folio, lru);
	list_del_init(&folio->lru);
	folio_clear_lru(folio);
	folio_get(folio);
	/* A folio on the LRU is in its inode's cache: the inode is alive. */
	si = SIM_I(folio->mapping->host);
	index = folio->index;
	sim_inode_get(si);
	sim_unlock(&fs->lru_lock);

	sim_lock(&si->lock);
	if (xa_load(&si->vfs.i_data.i_pages, index) == folio) {
		sim_pc_evict_folio(fs, si, folio, sync);
		*evicted = true;
	}
	sim_unlock(&si->lock);
	folio_put(folio);
	sim_inode_put(si);
	return true;
}

/*
 * Reclaim LRU tails until @want more folios fit in @fs's page cache and
 * the machine has @want free pages, or the LRU is empty. Called with no
 * inode lock held. Room made here is not given back if the caller then
 * fails: it is memory pressure, not a change the caller undoes.
 */
static void sim_fs_make_room(struct sim_fs *fs, unsigned long want)
{
	bool evicted;

	while (__atomic_load_n(&fs->nr_cached, __ATOMIC_RELAXED) + want >
	       fs->capacity || sim_nr_free_pages(fs->m) < want)
		if (!sim_fs_reclaim_one(fs, &evicted, true))
			break;
}

/*
 * Allocate up to @n folios for @fs's page cache onto @list (linked by
 * lru), making room first. Called with no inode lock held.
 * Return: how many were allocated.
 */
static unsigned long sim_fs_alloc_folios(struct sim_fs *fs, unsigned long n,
					 struct list_head *list)
{
	unsigned long got = 0;

	sim_fs_make_room(fs, n);
	while (got < n) {
		struct folio *folio = folio_alloc(GFP_HIGHUSER_MOVABLE, 0);

		if (!folio)
			break;
		list_add_tail(&folio->lru, list);
		got++;
	}
	return got;
}

/* Give back folios sim_fs_alloc_folios() made and nobody used. */
static void sim_fs_free_folios(struct list_head *list)
{
	while (!list_empty(list)) {
		struct folio *folio = list_first_entry(list, struct folio, lru);

		list_del_init(&folio->lru);
		folio_put(folio);
	}
}

/*
 * sim_pc_get() for a page that was not cached when the caller, holding
 * si->lock all along, last looked (below the end of the file then): drop
 * the lock to make room and allocate, retake it and read the page in.
 * While the lock was out the file may have shrunk, or another thread may
 * have read the page in; the latter is looked for only if a folio was
 * inserted into the inode's cache meanwhile (@si->inserts moved), since
 * nothing else fills an empty or shadow slot.
 *
 * Return: as sim_pc_get().
 */
static int sim_pc_get_miss(struct sim_fs *fs, struct sim_inode *si,
			   pgoff_t index, struct folio **foliop, bool *hit)
{
	unsigned long inserts = si->inserts;
	struct folio *new;
	LIST_HEAD(spare);
	void *entry, *old = NULL;
	int ret = 0;

	sim_unlock(&si->lock);
	sim_fs_alloc_folios(fs, 1, &spare);
	sim_lock(&si->lock);
	if (list_empty(&spare))
		return -ENOMEM;
	if (index >= sim_inode_end(si)) {
		ret = -EINVAL;
		goto out;
	}
	if (si->inserts != inserts) {
		entry = xa_load(&si->vfs.i_data.i_pages, index);
		if (entry && !xa_is_value(entry)) {
			*foliop = entry;
			*hit = true;
			goto out;
		}
	}
	new = list_first_entry(&spare, struct folio, lru);
	list_del_init(&new->lru);
	folio_set_locked(new);
	ret = sim_pc_insert(si, new, index, &old);
	if (ret) {
		folio_clear_locked(new);
		folio_put(new);
		return ret;
	}
	sim_pc_added(fs, si, new, old);
	sim_pc_read_folio(fs, si, new);
	*foliop = new;
	*hit = false;
	return 0;
out:
	/* A folio we allocated but found the page cached (or cut) after all. */
	sim_fs_free_folios(&spare);
	return ret;
}

/*
 * Find page @index of @si in the page cache, or read it in. Called and
 * returns with si->lock held, but drops it to make room and allocate,
 * so the caller must not rely on anything it saw before.
 *
 * Return: 0 with *@foliop (no extra reference) uptodate and unlocked and
 * *@hit saying whether it was already cached; -EINVAL if @index is (or
 * became) past the end of the file; -ENOMEM with nothing changed.
 */
static int sim_pc_get(struct sim_fs *fs, struct sim_inode *si, pgoff_t index,
		      struct folio **foliop, bool *hit)
{
	void *entry;

	if (index >= sim_inode_end(si))
		return -EINVAL;
	entry = xa_load(&si->vfs.i_data.i_pages, index);
	if (entry && !xa_is_value(entry)) {
		*foliop = entry;
		*hit = true;
		return 0;
	}
	return sim_pc_get_miss(fs, si, index, foliop, hit);
}

/*
 * Read the locked, new folios at [@start, @start + @nr) of @si, which
 * are consecutive in the page cache, as read_pages() does: first
 * restore_from_cleancache(), a walk that restores the longest prefix the
 * inode's cleancache entries cover and stops at the first miss; then the
 * rest from disk. Unlocks every folio.
 */
static void sim_pc_read_run(struct sim_fs *fs, struct sim_inode *si,
			    pgoff_t start, unsigned long nr)
{
	struct xarray *xa = &si->vfs.i_data.i_pages;
	struct cleancache_inode *ccinode;
	pgoff_t index = start;

	ccinode = cleancache_start_inode_walk(&si->vfs, nr);
	/* The kernel tests only for NULL; an ERR_PTR also means no walk. */
	if (!IS_ERR_OR_NULL(ccinode)) {
		for (; index < start + nr; index++) {
			struct folio *folio = xa_load(xa, index);

			if (!cleancache_restore_from_inode(ccinode, folio))
				break;
			folio_set_uptodate(folio);
			folio_clear_locked(folio);
			fs_stat_inc(fs, readahead_restored);
			sim_cost(SIM_COST_CC_RESTORE, 1);
		}
		cleancache_end_inode_walk(ccinode);
	}
	for (; index < start + nr; index++) {
		struct folio *folio = xa_load(xa, index);

		sim_pc_read_disk(fs, si, folio);
		folio_clear_locked(folio);
	}
}

/* ---- public calls --------------------------------------------------- */

/* Check @inode and the caller's attachment; *@fsp gets its fs. */
static int sim_inode_check(const struct inode *inode, struct sim_fs **fsp)
{
	if (!inode || !inode->i_sb || !inode->i_sb->s_fs_info)
		return -EINVAL;
	*fsp = SIM_FS(inode->i_sb);
	return sim_fs_attached(*fsp);
}

/*
 * Check @inode, lock it and find the folio caching page @index. Return 0
 * with the inode's lock held, *@fsp its fs and *@foliop the folio; else
 * -errno with no lock held (-ENOENT: the page is not cached).
 */
int sim_pc_find_locked(struct inode *inode, pgoff_t index,
		       struct sim_fs **fsp, struct folio **foliop)
{
	void *entry;
	int ret;

	ret = sim_inode_check(inode, fsp);
	if (ret)
		return ret;
	sim_lock(&SIM_I(inode)->lock);
	entry = xa_load(&inode->i_data.i_pages, index);
	if (!entry || xa_is_value(entry)) {
		sim_unlock(&SIM_I(inode)->lock);
		return -ENOENT;
	}
	*foliop = entry;
	return 0;
}

/**
 * sim_fs_mount() - mount a new simulated filesystem.
 * @name: its name (s_id), shorter than 32 bytes.
 * @cache_pages: page-cache folios it may hold, at least 1.
 * @sb_out: receives the superblock.
 *
 * The superblock gets a device number never used before on this machine
 * and is registered with cleancache_add_fs(), whose result is ignored, as
 * alloc_super() does: if registration fails, sb->cleancache_id stays
 * CLEANCACHE_ID_INVALID and every cleancache hook of this filesystem is a
 * no-op (stores fail, restores miss). The filesystem has one LRU of its
 * own page-cache folios; reads reclaim its tail when @cache_pages are
 * cached or the machine has no free page.
 *
 * Context: Process context; the thread must be attached to the machine.
 * Return: 0; -EINVAL for a NULL argument or 0 pages; -ENAMETOOLONG;
 * -ENXIO for an unattached thread; -ENOMEM.
 */
int sim_fs_mount(const char *name, unsigned long cache_pages,
		 struct super_block **sb_out)
{
	return sim_fs_mount_opts(name, cache_pages, NULL, sb_out);
}

/**
 * sim_fs_mount_opts() - mount a simulated filesystem with options.
 * @name: as for sim_fs_mount().
 * @cache_pages: as for sim_fs_mount().
 * @opts: behaviour (struct sim_fs_options); NULL for the defaults (all
 *	false: a disk filesystem whose dirty folios are written back before
 *	migration and whose pages are not mapped).
 * @sb_out: receives the superblock.
 *
 * An @opts->anon filesystem does not register with cleancache. With
 * @opts->swap its anonymous pages swap through type @opts->swap_type
 * (lib/sim/fs_swap.c): the type should be on (sim_swapon()) and stay on
 * while the filesystem is mounted; when it is not, pages are written back
 * as without a type.
 *
 * Context: Process context; the thread must be attached to the machine.
 * Return: as sim_fs_mount(); also -EINVAL for @opts->swap without
 * @opts->anon or a swap_type out of 0..SIM_MAX_SWAPFILES-1, -EBUSY when a
 * mounted filesystem already uses that swap type.
 */
int sim_fs_mount_opts(const char *name, unsigned long cache_pages,
		      const struct sim_fs_options *opts,
		      struct super_block **sb_out)
{
	struct sim_machine *m = sim_tls_machine;
	struct sim_fs_state *state;
	struct sim_fs *fs;
	int ret;

	if (!m)
		return -ENXIO;
	if (!name || !sb_out || !cache_pages)
		return -EINVAL;
	if (strlen(name) >= sizeof(fs->sb.s_id))
		return -ENAMETOOLONG;
	state = m->fs;
	fs = kzalloc(sizeof(*fs), GFP_KERNEL);
	if (!fs)
		return -ENOMEM;
	fs->m = m;
	fs->sb.cleancache_id = CLEANCACHE_ID_INVALID;
	snprintf(fs->sb.s_id, sizeof(fs->sb.s_id), "%s", name);
	fs->sb.s_fs_info = fs;
	sim_lock_init(&fs->lock);
	xa_init(&fs->inodes);
	INIT_LIST_HEAD(&fs->inode_list);
	fs->capacity = cache_pages;
	if (opts)
		fs->opts = *opts;
	sim_lock_init(&fs->lru_lock);
	INIT_LIST_HEAD(&fs->lru);

	xa_init_flags(&fs->swap_slots, XA_FLAGS_ALLOC);

	sim_lock(&state->lock);
	ret = sim_fs_swap_check_opts(state, &fs->opts);
	if (!ret) {
		fs->sb.s_dev = ++state->last_dev;
		/* On the list at once: a second mount of the type is refused. */
		list_add_tail(&fs->mount_node, &state->mounts);
	}
	sim_unlock(&state->lock);
	if (ret) {
		kfree(fs);
		return ret;
	}
	if (!fs->opts.anon)
		cleancache_add_fs(&fs->sb);
	*sb_out = &fs->sb;
	return 0;
}

/* Unmount @fs; the caller is attached to (or borrowing) its machine. */
static void sim_fs_unmount_fs(struct sim_fs *fs)
{
	struct sim_fs_state *state = fs->m->fs;
	struct sim_inode *si;

	for (;;) {
		sim_lock(&fs->lock);
		si = list_first_entry_or_null(&fs->inode_list, struct sim_inode,
					      vfs.i_sb_list);
		sim_unlock(&fs->lock);
		if (!si)
			break;
		sim_inode_evict(&si->vfs);
	}
	WARN_ON(!list_empty(&fs->lru) || fs->nr_cached ||
		!xa_empty(&fs->swap_slots));
	cleancache_remove_fs(&fs->sb);

	sim_lock(&state->lock);
	list_del(&fs->mount_node);
	sim_unlock(&state->lock);
	xa_destroy(&fs->inodes);
	xa_destroy(&fs->swap_slots);
	kfree(fs);
}

/**
 * sim_fs_unmount() - unmount a simulated filesystem.
 * @sb: its superblock; invalid afterwards.
 *
 * Inodes still live are evicted first, as evict_inodes() does at
 * unmount (their struct inode pointers become invalid), then
 * cleancache_remove_fs() drops whatever cleancache still holds for it.
 * No other thread may be using the filesystem.
 *
 * Context: Process context; the thread must be attached to @sb's machine.
 * Return: 0; -EINVAL for a NULL @sb; -ENXIO when the thread is not
 * attached to @sb's machine.
 */
int sim_fs_unmount(struct super_block *sb)
{
	int ret;

	if (!sb || !sb->s_fs_info)
		return -EINVAL;
	ret = sim_fs_attached(SIM_FS(sb));
	if (ret)
		return ret;
	sim_fs_unmount_fs(SIM_FS(sb));
	return 0;
}

/**
 * sim_fs_get_stats() - what a simulated filesystem has done.
 * @sb: its superblock.
 * @out: receives the counters.
 *
 * Context: Any context; the counters are read one by one, not as a
 * snapshot, while other threads may update them.
 * Return: 0, or -EINVAL for a NULL argument.
 */
int sim_fs_get_stats(const struct super_block *sb, struct sim_fs_stats *out)
{
	const struct sim_fs_stats *s;

	if (!sb || !sb->s_fs_info || !out)
		return -EINVAL;
	s = &SIM_FS(sb)->stats;
#define COPY(field) out->field = __atomic_load_n(&s->field, __ATOMIC_RELAXED)
	COPY(reads);
	COPY(cache_hits);
	COPY(cleancache_hits);
	COPY(readahead_restored);
	COPY(disk_reads);
	COPY(writes);
	COPY(writebacks);
	COPY(evictions);
	COPY(refaults);
	COPY(workingset);
	COPY(swap_outs);
	COPY(swap_ins);
	COPY(swap_full);
#undef COPY
	return 0;
}

/**
 * sim_inode_create() - create inode @ino on @sb (iget of a new inode).
 * @sb: the filesystem.
 * @ino: inode number; may be one whose inode was evicted.
 * @size: file size in bytes, at least 0.
 * @inode_out: receives the inode.
 *
 * i_generation is 0 the first time @ino is used on @sb and one more each
 * time it is used again, so a reused inode number names different
 * contents (sim_page_expected() mixes the generation in).
 *
 * Context: Process context; the thread must be attached to @sb's machine.
 * Return: 0; -EINVAL for a NULL pointer or a negative @size; -EEXIST if
 * @ino is live on @sb; -ENXIO when not attached to @sb's machine;
 * -ENOMEM (nothing changed).
 */
int sim_inode_create(struct super_block *sb, unsigned long ino, int64_t size,
		     struct inode **inode_out)
{
	struct sim_inode *si;
	struct sim_fs *fs;
	void *entry;
	int ret;

	if (!sb || !sb->s_fs_info || !inode_out || size < 0)
		return -EINVAL;
	fs = SIM_FS(sb);
	ret = sim_fs_attached(fs);
	if (ret)
		return ret;
	si = kzalloc(sizeof(*si), GFP_KERNEL);
	if (!si)
		return -ENOMEM;
	sim_lock_init(&si->lock);
	si->refs = 1;
	xa_init(&si->versions);
	xa_init(&si->swap);
	si->vfs.i_ino = ino;
	si->vfs.i_size = size;
	si->vfs.i_sb = sb;
	si->vfs.i_mapping = &si->vfs.i_data;
	si->vfs.i_data.host = &si->vfs;
	si->vfs.i_data.a_ops = &sim_pc_aops;
	xa_init(&si->vfs.i_data.i_pages);
	INIT_LIST_HEAD(&si->vfs.i_sb_list);

	sim_lock(&fs->lock);
	entry = xa_load(&fs->inodes, ino);
	if (entry && !xa_is_value(entry)) {
		ret = -EEXIST;
	} else {
		si->vfs.i_generation = entry ? (uint32_t)xa_to_value(entry) : 0;
		entry = xa_store(&fs->inodes, ino, si, GFP_KERNEL);
		ret = xa_err(entry);
	}
	if (!ret) {
		list_add_tail(&si->vfs.i_sb_list, &fs->inode_list);
		fs->nr_inodes++;
	}
	sim_unlock(&fs->lock);
	if (ret) {
		kfree(si);
		return ret;
	}
	*inode_out = &si->vfs;
	return 0;
}

/**
 * sim_inode_evict() - evict an inode (the last iput() of a deleted or
 * uncached file).
 * @inode: the inode; invalid afterwards.
 *
 * As evict() with truncate_inode_pages_final(): every page-cache folio
 * is invalidated in cleancache and dropped, shadows too; then
 * cleancache_invalidate_inode() drops every entry cleancache still holds
 * for the inode (the hook v1/v2 lack: without it entries for offsets no
 * longer in the page cache would survive, and cleancache matches inodes
 * by address, which a new inode may reuse). The inode number becomes
 * free, with the next generation. No other thread may use @inode.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine.
 * Return: 0; -EINVAL for a NULL or already evicted inode; -ENXIO when not
 * attached to the inode's machine.
 */
int sim_inode_evict(struct inode *inode)
{
	struct sim_inode *si;
	struct sim_fs *fs;
	void *old;
	int ret;

	ret = sim_inode_check(inode, &fs);
	if (ret)
		return ret;
	si = SIM_I(inode);
	sim_lock(&si->lock);
	if (si->dead) {
		sim_unlock(&si->lock);
		return -EINVAL;
	}
	sim_pc_truncate_from(fs, si, 0);
	cleancache_invalidate_inode(inode);
	sim_versions_cut(si, 0);
	sim_truncs_free(&si->truncs);
	si->dead = true;
	sim_unlock(&si->lock);

	sim_lock(&fs->lock);
	/* Replacing an entry never allocates. */
	old = xa_store(&fs->inodes, inode->i_ino,
		       xa_mk_value((uint32_t)(inode->i_generation + 1)),
		       GFP_KERNEL);
	WARN_ON(old != si);
	list_del_init(&inode->i_sb_list);
	fs->nr_inodes--;
	sim_unlock(&fs->lock);
	sim_inode_put(si);
	return 0;
}

/**
 * sim_page_cache_read() - read page @index of @inode (filemap_read()).
 * @inode: the file.
 * @index: page index, below the end of the file.
 * @folio_out: receives the folio with a reference the caller must
 *	folio_put(); may be NULL if the caller does not want it.
 *
 * A page-cache hit moves the folio to the head of the LRU. A miss makes
 * room if the cache is full (or the machine has no free page) by
 * reclaiming the LRU tail, allocates a folio, locks it and adds it to the
 * page cache; a shadow entry left by reclaim at most cache_pages
 * evictions ago marks it active and workingset (workingset_refault()).
 * Then, before any I/O, cleancache_restore_folio(); on a miss the page is
 * read from disk (the pattern of sim_page_expected(), uptodate and
 * mappedtodisk). Every read marks the folio accessed: the first sets
 * PG_referenced, the second activates it, which also marks it
 * workingset.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: 0; -EINVAL for a NULL @inode or an index at or past the end of
 * the file; -ENXIO when not attached to the inode's machine; -ENOMEM
 * (nothing changed, except that room may have been made).
 */
int sim_page_cache_read(struct inode *inode, pgoff_t index,
			struct folio **folio_out)
{
	struct sim_inode *si;
	struct folio *folio;
	struct sim_fs *fs;
	bool hit;
	int ret;

	ret = sim_inode_check(inode, &fs);
	if (ret)
		return ret;
	si = SIM_I(inode);
	sim_lock(&si->lock);
	ret = sim_pc_get(fs, si, index, &folio, &hit);
	if (!ret) {
		fs_stat_inc(fs, reads);
		if (hit) {
			fs_stat_inc(fs, cache_hits);
			sim_lru_rotate(fs, folio);
		}
		sim_mark_accessed(folio);
		if (folio_out) {
			folio_get(folio);
			*folio_out = folio;
		}
	}
	sim_unlock(&si->lock);
	return ret;
}

/**
 * sim_page_cache_readahead() - read pages [@index, @index + @nr_pages)
 * of @inode ahead of use (page_cache_ra_unbounded() and read_pages()).
 * @inode: the file.
 * @index: first page, below the end of the file.
 * @nr_pages: window size, at least 1; cut at the end of the file and at
 *	the cache's capacity and at the machine's size.
 *
 * The missing folios of the window are allocated, locked and added to the
 * page cache (with refault detection). Each run of consecutive new
 * folios is then read as read_pages() reads a batch: a cleancache inode
 * walk restores the longest prefix it can and stops at the first miss
 * (restore_from_cleancache()); the rest comes from disk. Pages already
 * cached are left alone, and readahead does not mark anything accessed.
 * Readahead is best effort: if memory runs out part-way, the pages
 * allocated so far are read and the call succeeds.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: 0; -EINVAL for a NULL @inode, 0 pages or an index at or past
 * the end of the file; -ENXIO when not attached to the inode's machine;
 * -ENOMEM when not a single missing page could be added (nothing changed,
 * except that room may have been made).
 */
int sim_page_cache_readahead(struct inode *inode, pgoff_t index,
			     unsigned long nr_pages)
{
	struct xarray *xa;
	unsigned long nr, missing = 0, added = 0;
	struct sim_inode *si;
	struct sim_fs *fs;
	LIST_HEAD(folios);
	int ret;

	ret = sim_inode_check(inode, &fs);
	if (ret)
		return ret;
	if (!nr_pages)
		return -EINVAL;
	si = SIM_I(inode);
	xa = &inode->i_data.i_pages;

	sim_lock(&si->lock);
	if (index >= sim_inode_end(si)) {
		sim_unlock(&si->lock);
		return -EINVAL;
	}
	/* No more than the cache, or the machine, could hold. */
	nr = min(min(nr_pages, sim_inode_end(si) - index),
		 min(fs->capacity, fs->m->nr_pages));
	for (pgoff_t i = index; i < index + nr; i++) {
		void *entry = xa_load(xa, i);

		if (!entry || xa_is_value(entry))
			missing++;
	}
	sim_unlock(&si->lock);
	if (!missing)
		return 0;

	if (!sim_fs_alloc_folios(fs, missing, &folios))
		return -ENOMEM;

	sim_lock(&si->lock);
	/* The file may have shrunk while the lock was dropped. */
	if (index < sim_inode_end(si))
		nr = min(nr, sim_inode_end(si) - index);
	else
		nr = 0;
	ret = 0;
	for (pgoff_t i = index;
	     i < index + nr && !ret && !list_empty(&folios);) {
		pgoff_t start = i;

		/* One run: consecutive missing pages, while folios last. */
		while (i < index + nr && !list_empty(&folios)) {
			void *entry = xa_load(xa, i), *old = NULL;
			struct folio *folio;

			if (entry && !xa_is_value(entry))
				break;
			folio = list_first_entry(&folios, struct folio, lru);
			list_del_init(&folio->lru);
			folio_set_locked(folio);
			ret = sim_pc_insert(si, folio, i, &old);
			if (ret) {
				folio_clear_locked(folio);
				folio_put(folio);
				break;
			}
			sim_pc_added(fs, si, folio, old);
			added++;
			i++;
		}
		if (i > start)
			sim_pc_read_run(fs, si, start, i - start);
		else if (!ret)
			i++;	/* a cached page: skip it */
	}
	sim_unlock(&si->lock);
	sim_fs_free_folios(&folios);
	return added || !ret ? 0 : ret;
}

/**
 * sim_page_cache_write() - write (all of) page @index of @inode.
 * @inode: the file.
 * @index: page index, below the end of the file (writes do not extend a
 *	file: grow it with sim_page_cache_truncate()).
 *
 * The page is read first if it is not cached (as a partial write would
 * need), then it gets a new version, its data (in data mode) become the
 * pattern of that version, and it is dirtied and marked accessed. A
 * cleancache copy of the old contents may remain until the folio leaves
 * the page cache, where the store or invalidation replaces it.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: 0; -EINVAL for a NULL @inode or an index at or past the end of
 * the file; -ENXIO when not attached to the inode's machine; -ENOMEM
 * (nothing changed, except that room may have been made and, if the file
 * changed size meanwhile, the page may have been read).
 */
int sim_page_cache_write(struct inode *inode, pgoff_t index)
{
	struct sim_inode *si;
	struct folio *folio;
	struct sim_fs *fs;
	void *slot, *entry;
	unsigned long version;
	bool hit;
	int ret;

	ret = sim_inode_check(inode, &fs);
	if (ret)
		return ret;
	si = SIM_I(inode);
	sim_lock(&si->lock);
	if (index >= sim_inode_end(si)) {
		ret = -EINVAL;
		goto out;
	}
	entry = xa_load(&inode->i_data.i_pages, index);
	if (entry && !xa_is_value(entry)) {
		/*
		 * Cached: nothing drops the lock, so the new version's one
		 * store comes first, and if it fails nothing has changed.
		 */
		folio = entry;
		hit = true;
		version = si->clock + 1;
		ret = xa_err(xa_store(&si->versions, index,
				      xa_mk_value(version), GFP_KERNEL));
		if (ret)
			goto out;
		si->clock = version;
		goto write;
	}
	/*
	 * Make sure the page's version slot exists before reading, storing
	 * the version it has anyway (@versions has none for it: the
	 * truncations' say): the update after the read then only replaces
	 * an entry and cannot fail.
	 */
	slot = xa_load(&si->versions, index);
	if (!slot) {
		entry = xa_mk_value(sim_trunc_version(si, index));
		ret = xa_err(xa_store(&si->versions, index, entry, GFP_KERNEL));
		if (ret)
			goto out;
	}
	ret = sim_pc_get_miss(fs, si, index, &folio, &hit);
	if (ret) {
		/* Drop the slot made above unless a writer used it since. */
		if (!slot)
			xa_cmpxchg(&si->versions, index, entry, NULL,
				   GFP_KERNEL);
		goto out;
	}
	version = ++si->clock;
	/* Only if a truncation dropped our slot while the lock was out. */
	entry = xa_store(&si->versions, index, xa_mk_value(version),
			 GFP_KERNEL);
	ret = xa_err(entry);
	if (ret) {
		si->clock--;
		goto out;
	}
write:
	if (hit)
		sim_lru_rotate(fs, folio);
	folio_set_locked(folio);
	if (fs->m->data)
		sim_fill_page(inode, index, version, folio_address(folio));
	folio_set_dirty(folio);
	folio_clear_locked(folio);
	/* The copy in swap is stale now: free its slot. */
	if (fs->opts.swap)
		sim_fs_swap_free(fs, si, index, index);
	sim_mark_accessed(folio);
	fs_stat_inc(fs, writes);
out:
	sim_unlock(&si->lock);
	return ret;
}

/**
 * sim_page_cache_writeback() - write page @index of @inode back.
 * @inode: the file.
 * @index: a page in the page cache.
 *
 * A dirty folio becomes clean (counted in writebacks); a clean one is
 * left alone. The write is queued on the filesystem's device, as the
 * flusher's are: the caller is not charged, but a synchronous write that
 * comes later (reclaim, migration) waits behind it in virtual time.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: 0; -EINVAL for a NULL @inode; -ENXIO when not attached to the
 * inode's machine; -ENOENT when the page is not in the page cache.
 */
int sim_page_cache_writeback(struct inode *inode, pgoff_t index)
{
	struct folio *folio;
	struct sim_fs *fs;
	int ret;

	ret = sim_pc_find_locked(inode, index, &fs, &folio);
	if (ret)
		return ret;
	sim_pc_writeback(fs, folio, false);
	sim_unlock(&SIM_I(inode)->lock);
	return 0;
}

/**
 * sim_page_cache_evict() - reclaim page @index of @inode from the page
 * cache (__remove_mapping() for that one folio).
 * @inode: the file.
 * @index: a page in the page cache.
 *
 * A dirty folio is written back first. Then, with the folio locked, it is
 * stored in cleancache if it is uptodate and mapped to disk (cleancache
 * keeps it only if it is PG_workingset), else cleancache's copy at that
 * index is invalidated. The folio leaves the page cache, a shadow entry
 * with the eviction's sequence number takes its slot, and the cache's
 * reference is dropped: the folio is freed unless someone else holds a
 * reference.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: 0; -EINVAL for a NULL @inode; -ENXIO when not attached to the
 * inode's machine; -ENOENT when the page is not in the page cache.
 */
int sim_page_cache_evict(struct inode *inode, pgoff_t index)
{
	struct folio *folio;
	struct sim_fs *fs;
	int ret;

	ret = sim_pc_find_locked(inode, index, &fs, &folio);
	if (ret)
		return ret;
	sim_pc_evict_folio(fs, SIM_I(inode), folio, true);
	sim_unlock(&SIM_I(inode)->lock);
	return 0;
}

/**
 * sim_page_cache_shrink() - reclaim up to @nr_pages from the tail of
 * @sb's page-cache LRU, each as sim_page_cache_evict() would.
 * @sb: the filesystem.
 * @nr_pages: folios to evict.
 *
 * Context: Process context; the thread must be attached to @sb's
 * machine; must not hold an inode of @sb busy (takes inode locks).
 * Return: folios evicted: fewer than @nr_pages only if the LRU ran empty;
 * 0 for a NULL @sb or a thread not attached to @sb's machine.
 */
unsigned long sim_page_cache_shrink(struct super_block *sb,
				    unsigned long nr_pages)
{
	unsigned long done = 0;
	struct sim_fs *fs;
	bool evicted;

	if (!sb || !sb->s_fs_info)
		return 0;
	fs = SIM_FS(sb);
	if (sim_fs_attached(fs))
		return 0;
	while (done < nr_pages && sim_fs_reclaim_one(fs, &evicted, true))
		done += evicted;
	return done;
}

/**
 * sim_page_cache_truncate() - set @inode's size (truncate_setsize() and
 * truncate_pagecache()).
 * @inode: the file.
 * @new_size: the new size in bytes, at least 0; may be larger than now.
 *
 * Every folio wholly past the new end is invalidated in cleancache
 * (folio_invalidate()'s hook) and removed without a shadow; shadows past
 * the end go too; dirty data there is discarded. Then, as the RFC did at
 * the end of truncate_inode_pages_range() and the brief requires,
 * cleancache_invalidate_inode() drops every cleancache entry of the
 * inode, including those below the new end: a partial truncation, or
 * even an extension, empties the inode's cleancache. Pages cut off get a
 * new version, so if the file grows again they read as new contents. The
 * bytes past a new end inside its last page are not zeroed: contents are
 * whole-page patterns.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: 0; -EINVAL for a NULL @inode or a negative size; -ENXIO when
 * not attached to the inode's machine; -ENOMEM (nothing changed).
 */
int sim_page_cache_truncate(struct inode *inode, int64_t new_size)
{
	struct sim_trunc *rec = NULL, **link;
	struct sim_inode *si;
	struct sim_fs *fs;
	pgoff_t new_end;
	int ret;

	ret = sim_inode_check(inode, &fs);
	if (ret)
		return ret;
	if (new_size < 0)
		return -EINVAL;
	si = SIM_I(inode);
	new_end = (pgoff_t)DIV_ROUND_UP((uint64_t)new_size, PAGE_SIZE);
	sim_lock(&si->lock);
	if (new_end < sim_inode_end(si)) {
		rec = kmalloc(sizeof(*rec), GFP_KERNEL);
		if (!rec) {
			sim_unlock(&si->lock);
			return -ENOMEM;
		}
	}
	sim_pc_truncate_from(fs, si, new_end);
	if (rec) {
		/* Records at or above new_end are superseded by this one. */
		for (link = &si->truncs; *link && (*link)->start < new_end;)
			link = &(*link)->next;
		sim_truncs_free(link);
		rec->start = new_end;
		rec->version = ++si->clock;
		rec->next = NULL;
		*link = rec;
		sim_versions_cut(si, new_end);
	}
	cleancache_invalidate_inode(inode);
	inode->i_size = new_size;
	sim_unlock(&si->lock);
	return 0;
}

/**
 * sim_page_cache_lookup() - the folio caching page @index of @inode.
 * @inode: the file.
 * @index: page index.
 *
 * No reference is taken: the folio may leave the page cache at any time
 * unless the caller keeps other threads off the inode.
 *
 * Context: Any context; the thread must be attached to the inode's
 * machine.
 * Return: the folio, or NULL if the page is not cached, for bad arguments
 * or a thread not attached to the inode's machine.
 */
struct folio *sim_page_cache_lookup(struct inode *inode, pgoff_t index)
{
	struct sim_fs *fs;
	void *entry;

	if (sim_inode_check(inode, &fs))
		return NULL;
	entry = xa_load(&inode->i_data.i_pages, index);
	return entry && !xa_is_value(entry) ? entry : NULL;
}

/**
 * sim_page_cache_get() - the folio caching page @index of @inode, with a
 * reference (filemap_get_folio()).
 * @inode: the file.
 * @index: page index.
 *
 * Unlike sim_page_cache_lookup(), the folio cannot be freed while the
 * caller holds the reference, which it drops with folio_put(); it may
 * still leave the page cache.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: the folio, or NULL if the page is not cached, for bad arguments
 * or a thread not attached to the inode's machine.
 */
struct folio *sim_page_cache_get(struct inode *inode, pgoff_t index)
{
	struct folio *folio;
	struct sim_fs *fs;

	if (sim_pc_find_locked(inode, index, &fs, &folio))
		return NULL;
	folio_get(folio);
	sim_unlock(&SIM_I(inode)->lock);
	return folio;
}

/**
 * sim_page_expected() - the 4 KiB a correct read of page @index of
 * @inode returns now.
 * @inode: the file.
 * @index: page index.
 * @buf: receives PAGE_SIZE bytes.
 *
 * A pseudo-random pattern derived from the filesystem's device number,
 * the inode number and generation, the index and the page's version (new
 * at each write and when a truncation cuts the page off), so no two
 * pages, and no two versions of a page, look alike.
 *
 * Context: Process context; the thread must be attached to the inode's
 * machine; takes the inode's lock.
 * Return: 0; -EINVAL for a NULL argument; -ENXIO when not attached to the
 * inode's machine.
 */
int sim_page_expected(const struct inode *inode, pgoff_t index, void *buf)
{
	struct sim_inode *si;
	unsigned long version;
	struct sim_fs *fs;
	int ret;

	if (!buf)
		return -EINVAL;
	ret = sim_inode_check(inode, &fs);
	if (ret)
		return ret;
	si = SIM_I(inode);
	sim_lock(&si->lock);
	version = sim_page_version(si, index);
	sim_unlock(&si->lock);
	sim_fill_page(inode, index, version, buf);
	return 0;
}

/* ---- per machine ---------------------------------------------------- */

/**
 * sim_fs_init() - give @m an empty filesystem table.
 * @m: a machine being created.
 *
 * Context: Process context, from sim_machine_create().
 * Return: 0, or -ENOMEM.
 */
int sim_fs_init(struct sim_machine *m)
{
	struct sim_fs_state *state = calloc(1, sizeof(*state));

	if (!state)
		return -ENOMEM;
	sim_lock_init(&state->lock);
	INIT_LIST_HEAD(&state->mounts);
	m->fs = state;
	return 0;
}

/**
 * sim_fs_exit() - unmount what is still mounted on @m and free the table.
 * @m: a machine being destroyed (or whose creation failed).
 *
 * Context: Process context, with @m borrowed through sim_machine_enter()
 * (unmounting calls cleancache); nobody else uses the machine.
 * Return: nothing.
 */
void sim_fs_exit(struct sim_machine *m)
{
	struct sim_fs_state *state = m->fs;
	struct sim_fs *fs;

	if (!state)
		return;
	while ((fs = list_first_entry_or_null(&state->mounts, struct sim_fs,
					      mount_node)))
		sim_fs_unmount_fs(fs);
	m->fs = NULL;
	free(state);
}

/*
 * Evict one LRU tail from each mounted filesystem of one kind (@anon or
 * file) in turn; return how many folios that evicted. Mounts do not go
 * away while their machine allocates, so the list lock is dropped around
 * each eviction (which takes inode locks).
 */
static unsigned long sim_fs_reclaim_pass(struct sim_fs_state *state,
					 bool anon, bool sync)
{
	unsigned long progress = 0;
	struct sim_fs *fs;
	bool evicted;

	sim_lock(&state->lock);
	list_for_each_entry(fs, &state->mounts, mount_node) {
		if (fs->opts.anon != anon || (anon && state->noswap))
			continue;
		sim_unlock(&state->lock);
		if (sim_fs_reclaim_one(fs, &evicted, sync) && evicted)
			progress++;
		sim_lock(&state->lock);
	}
	sim_unlock(&state->lock);
	return progress;
}

/*
 * Anonymous memory is scanned in SIM_ANON_ROUNDS of every
 * SIM_RECLAIM_ROUNDS rounds, and whenever no file page could go: about
 * the split the kernel's default swappiness (60 against 140 for file
 * pages) gives while both lists are large.
 */
#define SIM_RECLAIM_ROUNDS	10
#define SIM_ANON_ROUNDS		3

static unsigned long sim_fs_reclaim_round(struct sim_fs_state *state,
					  bool sync)
{
	unsigned long round = __atomic_fetch_add(&state->reclaim_rounds, 1,
						 __ATOMIC_RELAXED);
	unsigned long progress = sim_fs_reclaim_pass(state, false, sync);

	if (!progress || round % SIM_RECLAIM_ROUNDS < SIM_ANON_ROUNDS)
		progress += sim_fs_reclaim_pass(state, true, sync);
	return progress;
}

/**
 * sim_fs_direct_reclaim() - direct reclaim for an allocation that found
 * no free page (the page allocator's try_to_free_pages() hook, registered
 * at boot by sim_page_alloc_boot_hooks()): evict up to SWAP_CLUSTER_MAX
 * page-cache folios, taking LRU tails from the machine's filesystems in
 * turn.
 * @gfp: the failed allocation's flags; nothing is done without
 *	__GFP_DIRECT_RECLAIM.
 * @order: its order (the target is 2^@order pages, at least the batch).
 *
 * Eviction takes inode locks, so the caller must hold none (the page
 * cache drops its inode lock before it allocates; migration holds none).
 *
 * Context: Process context; the thread must be attached.
 * Return: folios evicted.
 */
unsigned long sim_fs_direct_reclaim(gfp_t gfp, unsigned int order)
{
	struct sim_machine *m = sim_tls_machine;
	unsigned long want = max(1UL << order, (unsigned long)SIM_RECLAIM_BATCH);
	unsigned long done = 0, progress;

	if (!m || !(gfp & __GFP_DIRECT_RECLAIM))
		return 0;
	do {
		progress = sim_fs_reclaim_round(m->fs, true);
		done += progress;
	} while (progress && done < want);
	return done;
}

/**
 * sim_fs_reclaim() - background reclaim (kswapd): evict page-cache folios
 * of @m's filesystems, LRU tails in turn, until @m has @free_target free
 * pages or nothing is left to evict.
 * @m: the machine; the calling thread must be attached to it.
 * @free_target: free pages wanted (the zone's high watermark).
 *
 * The evictions' costs (cleancache stores, unmaps) are charged to the
 * calling thread, which stands for kswapd: a workload calls this between
 * its own steps so that allocations, contiguous ones included, find free
 * pages without direct reclaim most of the time. Dirty folios are queued
 * on their device, as kswapd's pageout() does, not waited for: a
 * synchronous write that comes later waits behind them.
 *
 * Context: Process context; no page-cache lock held.
 * Return: folios evicted; 0 for a NULL @m or one the thread is not
 * attached to.
 */
unsigned long sim_fs_reclaim(struct sim_machine *m, unsigned long free_target)
{
	unsigned long done = 0, progress = 1;

	if (!m || m != sim_tls_machine)
		return 0;
	while (progress && sim_nr_free_pages(m) < free_target) {
		progress = sim_fs_reclaim_round(m->fs, false);
		done += progress;
	}
	return done;
}
