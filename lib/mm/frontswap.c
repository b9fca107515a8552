// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The frontswap-like client: anonymous pages on their way to swap are
 * kept in folios GCMA donated to cleancache, as the 2015 GCMA design (its
 * frontswap backend) and the 2013 frontswap proposal describe, built on
 * the 2025 cleancache backend API the way GCMA is.
 *
 * A swap type is an owned cleancache frontend (cleancache_add_fs_owned())
 * with one inode; the swap offset is the index. A store copies the page
 * into a donated folio (cleancache picks a free one, or evicts the least
 * recently used clean page-cache entry; swap entries themselves are never
 * evicted). When GCMA's gcma_alloc_range() takes such a folio back,
 * cleancache calls frontswap_recall() with the data still in it, and the
 * type's policy decides where the data goes (enum frontswap_policy): the
 * recall never fails and never waits except for the policy's cost.
 *
 * The caller serialises the calls for one slot, as the kernel does with
 * the swap entry and the page lock; recalls may run concurrently from any
 * thread (FSW_STORING / FSW_RECALLED resolve a recall that overtakes a
 * store). docs/frontswap.md has the design and the deviations.
 */
#include <libgcma/gcma.h>
#include <libgcma/page_alloc.h>
#include "kernel/highmem.h"
#include "kernel/port.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "mm/cleancache_internal.h"
#include "mm/frontswap_internal.h"

/**
 * frontswap_get_state() - the attached machine's swap client.
 *
 * Context: Any context.
 * Return: the state, or NULL (reported) from an unattached thread.
 */
struct frontswap *frontswap_get_state(void)
{
	return machine_local(ML_FRONTSWAP);
}

/**
 * frontswap_limit() - how many slots frontswap may hold.
 * @fsw: the state.
 *
 * The ratio applies to the size of every registered GCMA area (the
 * donated area as it was donated, so the bound does not move when GCMA
 * allocates).
 *
 * Context: Any context.
 * Return: the limit in pages.
 */
unsigned long frontswap_limit(struct frontswap *fsw)
{
	unsigned long pages = 0;
	int nr = gcma_nr_areas();

	for (int i = 0; i < nr; i++) {
		struct gcma_area_info info;

		if (!gcma_area_get_info(i, &info))
			pages += info.end_pfn - info.start_pfn;
	}
	return pages * READ_ONCE(fsw->ratio) / 100;
}

/**
 * frontswap_type_get() - an active swap type.
 * @fsw: the state.
 * @type: its number.
 *
 * Context: Any context.
 * Return: the type, or NULL if @type is out of range or not on.
 */
struct frontswap_type *frontswap_type_get(struct frontswap *fsw, long type)
{
	if (type < 0 || type >= FRONTSWAP_MAX_TYPES)
		return NULL;
	if (!READ_ONCE(fsw->types[type].active))
		return NULL;
	return &fsw->types[type];
}

/**
 * frontswap_data_mode() - does @folio have data (a data-mode machine)?
 * @folio: a folio of the attached machine.
 *
 * Context: Any context.
 * Return: true when its contents are kept, false in metadata mode.
 */
bool frontswap_data_mode(const struct folio *folio)
{
	return folio_address(folio) != NULL;
}

static void fsw_stat(struct frontswap *fsw, enum frontswap_stat_item item)
{
	fsw->stats[item]++;
}

/* Clear FSW_FRONT of @offset; called with the lock held. */
static void fsw_clear_front(struct frontswap *fsw, struct frontswap_type *t,
			    pgoff_t offset)
{
	lockdep_assert_held(&fsw->lock);

	if (!(t->slot[offset] & FSW_FRONT))
		return;
	t->slot[offset] &= ~FSW_FRONT;
	t->nr_front--;
	fsw->nr_front--;
}

/*
 * The put-back policy: the data moves to a system page in the swap
 * cache. GFP_NOWAIT: no reclaim under the cleancache lock. A slot that
 * has a swap-cache page already (frontswap_store() leaves the swap cache
 * to its caller) gets the newer data in that page. Return: false if no
 * page could be had (the caller writes back instead).
 */
static bool fsw_put_back(struct frontswap *fsw, struct frontswap_type *t,
			 pgoff_t offset, struct folio *folio)
{
	struct folio *page = t->swapcache[offset];

	if (!page) {
		page = folio_alloc(GFP_NOWAIT | __GFP_NOWARN, 0);
		if (!page)
			return false;
		t->swapcache[offset] = page;
		t->slot[offset] |= FSW_SWAPCACHE;
		t->nr_swapcache++;
	}
	copy_highpage(folio_page(page, 0), folio_page(folio, 0));
	sim_cost(SIM_COST_PAGE_COPY, 1);
	fsw_stat(fsw, FSW_STAT_RECALL_PUT_BACK);
	return true;
}

/* The write-back policy: the data goes to the device now. */
static void fsw_write_back(struct frontswap *fsw, struct frontswap_type *t,
			   pgoff_t offset, struct folio *folio)
{
	t->dev_ops->write(fsw, t, offset, folio);
	fsw_stat(fsw, FSW_STAT_RECALL_WRITTEN);
}

/*
 * frontswap_recall - cleancache's owner callback: GCMA is taking back
 * @folio, which holds slot @index of the type whose inode is @inode. The
 * entry is erased already; the data is still in @folio. Called with the
 * inode's xa_lock held.
 */
static void frontswap_recall(struct inode *inode, pgoff_t index,
			     struct folio *folio)
{
	struct frontswap_type *t = container_of(inode, struct frontswap_type,
						inode);
	struct frontswap *fsw = frontswap_get_state();
	unsigned char bits;

	if (WARN_ON(!fsw || index >= t->cfg.nr_slots))
		return;
	spin_lock(&fsw->lock);
	bits = t->slot[index];
	fsw_stat(fsw, FSW_STAT_RECALLS);
	if (bits & FSW_STORING) {
		/*
		 * A store of new data for this slot is in flight: whatever
		 * this folio holds is superseded. The store sees
		 * FSW_RECALLED and makes the new data safe itself.
		 */
		fsw_clear_front(fsw, t, index);
		t->slot[index] |= FSW_RECALLED;
		fsw_stat(fsw, FSW_STAT_RECALL_DROPPED);
		goto out;
	}
	if (!(bits & FSW_FRONT)) {
		/* Invalidated meanwhile: the entry was stale. */
		fsw_stat(fsw, FSW_STAT_RECALL_DROPPED);
		goto out;
	}
	fsw_clear_front(fsw, t, index);
	switch (t->cfg.policy) {
	case FRONTSWAP_WRITE_THROUGH:
		/* The device has had the data since the store. */
		fsw_stat(fsw, FSW_STAT_RECALL_DROPPED);
		break;
	case FRONTSWAP_PUT_BACK:
		/* No system page to be had: write back instead. */
		if (!fsw_put_back(fsw, t, index, folio))
			fsw_write_back(fsw, t, index, folio);
		break;
	default:
		fsw_write_back(fsw, t, index, folio);
		break;
	}
out:
	spin_unlock(&fsw->lock);
}

static const struct cleancache_owner_ops frontswap_owner_ops = {
	.recall = frontswap_recall,
};

/**
 * frontswap_owner_register() - register @t's superblock with cleancache.
 * @t: a type being switched on; its @sb and @inode are set up here.
 *
 * Context: Process context; may allocate.
 * Return: nothing; on failure @t->sb.cleancache_id is
 * CLEANCACHE_ID_INVALID (the caller checks).
 */
void frontswap_owner_register(struct frontswap_type *t)
{
	memset(&t->sb, 0, sizeof(t->sb));
	snprintf(t->sb.s_id, sizeof(t->sb.s_id), "swap%ld",
		 (long)(t - frontswap_get_state()->types));
	memset(&t->inode, 0, sizeof(t->inode));
	t->inode.i_ino = (unsigned long)(t - frontswap_get_state()->types);
	t->inode.i_sb = &t->sb;
	t->inode.i_mapping = &t->inode.i_data;
	t->inode.i_data.host = &t->inode;
	INIT_LIST_HEAD(&t->inode.i_sb_list);
	if (cleancache_add_fs_owned(&t->sb, &frontswap_owner_ops))
		t->sb.cleancache_id = CLEANCACHE_ID_INVALID;
}

/**
 * frontswap_resolve() - the state and type of a call on slot (@type,
 *	@offset), validated.
 * @type: the swap type.
 * @offset: the slot.
 * @folio: the call's folio, or NULL for a call that takes none.
 * @needs_folio: whether the call takes one (then a NULL or large @folio
 *	is an error).
 * @fswp: the state, set on success.
 * @tp: the type, set on success.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a type that is not on, an offset out of range,
 * a NULL or large folio where one is needed; -ENXIO from an unattached
 * thread.
 */
int frontswap_resolve(long type, pgoff_t offset, const struct folio *folio,
		      bool needs_folio, struct frontswap **fswp,
		      struct frontswap_type **tp)
{
	struct frontswap *fsw = frontswap_get_state();
	struct frontswap_type *t;

	if (!fsw)
		return -ENXIO;
	t = frontswap_type_get(fsw, type);
	if (!t || offset >= t->cfg.nr_slots)
		return -EINVAL;
	if (needs_folio && (!folio || folio_test_large(folio)))
		return -EINVAL;
	*fswp = fsw;
	*tp = t;
	return 0;
}

/**
 * frontswap_store() - keep a page leaving for swap slot (@type, @offset).
 * @type: the swap type (sim_swapon()).
 * @offset: the slot.
 * @folio: an order-0 folio holding the page; not changed.
 *
 * The page is copied into a donated folio, replacing any copy frontswap
 * held for the slot; a write-through type also writes it to the device
 * first. The ratio bound counts slots, so replacing a held slot is never
 * refused. On failure frontswap holds nothing for the slot (a stale copy
 * is dropped), and the caller writes the page to the device, as
 * swap_writepage() does; the device's and the swap cache's copies are
 * the caller's (sim_swap_out() handles them, and reserves the device
 * buffer first). A device buffer this call reserved for a slot the
 * device does not hold is freed again when the call fails.
 *
 * Context: Process context; the caller serialises calls on one slot.
 * Return: 0 if the page is kept: in a donated folio, or, for a
 * write-through type, on the device whenever the donated folio could
 * not be had (cleancache could not take the page, or a recall overtook
 * the store); -EINVAL for an inactive type, an offset out of range, a
 * NULL or large folio; -ENOSPC when the ratio bound is reached; -ENOMEM
 * when the device copy cannot be reserved (data mode) or, for the other
 * policies, cleancache cannot take the page (no free folio and no clean
 * entry to evict, or an allocation failure); -EBUSY when a recall
 * overtook the store (not write-through); -ENXIO from an unattached
 * thread.
 */
int frontswap_store(unsigned int type, pgoff_t offset, struct folio *folio)
{
	struct frontswap *fsw;
	struct frontswap_type *t;
	bool ok, recalled, had_buf;
	void *unused = NULL;
	int ret;

	ret = frontswap_resolve(type, offset, folio, true, &fsw, &t);
	if (ret)
		return ret;
	had_buf = !t->data || READ_ONCE(t->data[offset]);
	ret = t->dev_ops->reserve(t, offset, folio);
	if (ret)
		return ret;

	spin_lock(&fsw->lock);
	if (!(t->slot[offset] & FSW_FRONT)) {
		if (fsw->nr_front >= frontswap_limit(fsw)) {
			fsw_stat(fsw, FSW_STAT_STORE_REFUSED);
			ret = -ENOSPC;
			goto out_unreserve;
		}
		t->slot[offset] |= FSW_FRONT;
		t->nr_front++;
		fsw->nr_front++;
	}
	t->slot[offset] |= FSW_STORING;
	if (t->cfg.policy == FRONTSWAP_WRITE_THROUGH)
		t->dev_ops->write(fsw, t, offset, folio);
	spin_unlock(&fsw->lock);

	ok = cleancache_store_index(&t->inode, offset, folio);

	spin_lock(&fsw->lock);
	recalled = t->slot[offset] & FSW_RECALLED;
	spin_unlock(&fsw->lock);
	/* The new data may be in a folio a recall did not reach: drop it. */
	if (recalled && ok)
		cleancache_invalidate_index(&t->inode, offset);

	spin_lock(&fsw->lock);
	t->slot[offset] &= ~(FSW_STORING | FSW_RECALLED);
	if (ok && !recalled) {
		sim_cost(SIM_COST_CC_STORE, 1);
		fsw_stat(fsw, FSW_STAT_STORES);
		ret = 0;
	} else {
		fsw_clear_front(fsw, t, offset);
		fsw_stat(fsw, FSW_STAT_STORE_FAILED);
		ret = recalled ? -EBUSY : -ENOMEM;
		/* Write-through: the device holds the new page. */
		if (t->cfg.policy == FRONTSWAP_WRITE_THROUGH)
			ret = 0;
	}
out_unreserve:
	/* A failed call leaves no buffer of its own behind. */
	if (ret && !had_buf && !(t->slot[offset] & FSW_DEVICE)) {
		unused = t->data[offset];
		t->data[offset] = NULL;
	}
	spin_unlock(&fsw->lock);
	kfree(unused);
	return ret;
}

/**
 * frontswap_load() - copy slot (@type, @offset) from frontswap.
 * @type: the swap type.
 * @offset: the slot.
 * @folio: an order-0 folio to fill.
 *
 * On a hit the copy stays (or, for a type with exclusive_loads, is
 * dropped: the slot then holds data only where else it did).
 *
 * Context: Process context; the caller serialises calls on one slot.
 * Return: 0 on a hit; -ENOENT when frontswap does not hold the slot (it
 * may be on the device or in the swap cache: sim_swap_in() looks there);
 * -EINVAL for an inactive type, an offset out of range, a NULL or large
 * folio; -ENXIO from an unattached thread.
 */
int frontswap_load(unsigned int type, pgoff_t offset, struct folio *folio)
{
	struct frontswap *fsw;
	struct frontswap_type *t;
	bool held;
	int ret;

	ret = frontswap_resolve(type, offset, folio, true, &fsw, &t);
	if (ret)
		return ret;

	spin_lock(&fsw->lock);
	held = t->slot[offset] & FSW_FRONT;
	spin_unlock(&fsw->lock);
	/* A miss in cleancache: a recall moved the data meanwhile. */
	if (!held || !cleancache_restore_index(&t->inode, offset, folio)) {
		spin_lock(&fsw->lock);
		fsw_stat(fsw, FSW_STAT_LOAD_MISSES);
		spin_unlock(&fsw->lock);
		return -ENOENT;
	}
	sim_cost(SIM_COST_CC_RESTORE, 1);
	spin_lock(&fsw->lock);
	fsw_stat(fsw, FSW_STAT_LOADS);
	if (t->cfg.exclusive_loads)
		fsw_clear_front(fsw, t, offset);
	spin_unlock(&fsw->lock);
	if (t->cfg.exclusive_loads)
		cleancache_invalidate_index(&t->inode, offset);
	return 0;
}

/**
 * frontswap_invalidate_page() - frontswap forgets slot (@type, @offset).
 * @type: the swap type.
 * @offset: the slot.
 *
 * The donated folio holding it, if any, goes back to its pool. The
 * device's and the swap cache's copies are sim_swap_free()'s.
 *
 * Context: Process context; the caller serialises calls on one slot.
 * Return: 0 (also when frontswap did not hold the slot); -EINVAL for an
 * inactive type or an offset out of range; -ENXIO from an unattached
 * thread.
 */
int frontswap_invalidate_page(unsigned int type, pgoff_t offset)
{
	struct frontswap *fsw;
	struct frontswap_type *t;
	bool held;
	int ret;

	ret = frontswap_resolve(type, offset, NULL, false, &fsw, &t);
	if (ret)
		return ret;
	spin_lock(&fsw->lock);
	held = t->slot[offset] & FSW_FRONT;
	if (held) {
		fsw_clear_front(fsw, t, offset);
		fsw_stat(fsw, FSW_STAT_INVALIDATES);
	}
	spin_unlock(&fsw->lock);
	/* Cleared first: a recall that races this sees a stale entry. */
	if (held)
		cleancache_invalidate_index(&t->inode, offset);
	return 0;
}

/**
 * frontswap_invalidate_area() - frontswap forgets every slot of @type.
 * @type: the swap type (swapoff).
 *
 * Context: Process context; no other call on @type may run.
 * Return: 0; -EINVAL for an inactive type; -ENXIO from an unattached
 * thread.
 */
int frontswap_invalidate_area(unsigned int type)
{
	struct frontswap *fsw = frontswap_get_state();
	struct frontswap_type *t;
	unsigned long n;

	if (!fsw)
		return -ENXIO;
	t = frontswap_type_get(fsw, type);
	if (!t)
		return -EINVAL;
	spin_lock(&fsw->lock);
	n = t->nr_front;
	for (pgoff_t i = 0; i < t->cfg.nr_slots && t->nr_front; i++)
		fsw_clear_front(fsw, t, i);
	fsw->stats[FSW_STAT_INVALIDATES] += n;
	spin_unlock(&fsw->lock);
	cleancache_invalidate_inode(&t->inode);
	return 0;
}

/* ---- machine-local state ----------------------------------------------- */

/**
 * frontswap_type_free() - free @t's arrays and the device's host copies.
 * @t: a type being switched off, or that failed to switch on (its arrays
 *	may be NULL; the copies are freed if the data array exists).
 *
 * Context: Process context, or machine destruction.
 * Return: nothing.
 */
void frontswap_type_free(struct frontswap_type *t)
{
	if (t->data && t->slot)
		for (unsigned long i = 0; i < t->cfg.nr_slots; i++)
			kfree(t->data[i]);
	kfree(t->slot);
	kfree(t->data);
	kfree(t->swapcache);
	t->slot = NULL;
	t->data = NULL;
	t->swapcache = NULL;
}

/**
 * frontswap_state_create() - make one machine's swap client.
 *
 * Context: Process context, on the machine being created.
 * Return: the state, or NULL if the allocation fails.
 */
void *frontswap_state_create(void)
{
	struct frontswap *fsw = kzalloc(sizeof(*fsw), GFP_KERNEL);

	if (!fsw)
		return NULL;
	mutex_init(&fsw->swapon_lock);
	spin_lock_init(&fsw->lock);
	fsw->ratio = FSW_DEFAULT_RATIO;
	for (int i = 0; i < FRONTSWAP_MAX_TYPES; i++)
		INIT_LIST_HEAD(&fsw->types[i].zram_list);
	return fsw;
}

/**
 * frontswap_state_destroy() - free one machine's swap client.
 * @state: from frontswap_state_create(), or NULL.
 *
 * Types left on lose their host-memory copies here; their system pages
 * go with the machine's memory, their cleancache objects with
 * cleancache's state.
 *
 * Context: Machine destruction: no thread attached.
 * Return: nothing.
 */
void frontswap_state_destroy(void *state)
{
	struct frontswap *fsw = state;

	if (!fsw)
		return;
	for (int i = 0; i < FRONTSWAP_MAX_TYPES; i++) {
		struct frontswap_type *t = &fsw->types[i];

		if (t->active)
			frontswap_type_free(t);
	}
	mutex_destroy(&fsw->swapon_lock);
	kfree(fsw);
}
