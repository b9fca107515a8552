// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The simulated swap devices behind the frontswap-like client, and the
 * swap path that calls frontswap where the kernel does: swap_writepage()
 * (sim_swap_out(): frontswap_store(), else a device write), swap-in
 * (sim_swap_in(): the swap cache, frontswap_load(), else a device read)
 * and swap_entry_free() (sim_swap_free(): frontswap_invalidate_page() and
 * the slot's other copies).
 *
 * A device keeps, per slot, a flag and in data mode a host-memory copy of
 * the page, reserved at the first write of the slot so that a recall
 * (write-back) never allocates for it. A disk charges swap_write and
 * swap_read; a zram-like device charges zram_write and zram_read and
 * holds DIV_ROUND_UP(slots stored * zram_pct, 100) system pages from the
 * page allocator, so its contents take memory from the machine as zram's
 * do. docs/frontswap.md.
 */
#include <libgcma/page_alloc.h>
#include <libgcma/sim_swap.h>
#include "kernel/highmem.h"
#include "kernel/port.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "mm/cleancache_internal.h"
#include "mm/frontswap_internal.h"

/**
 * swapdev_zram_need() - system pages @t's device should hold now.
 * @t: the type.
 *
 * Context: the frontswap lock held.
 * Return: the number; 0 for a disk.
 */
static unsigned long swapdev_zram_need(const struct frontswap_type *t)
{
	if (t->cfg.device != SIM_SWAP_ZRAM)
		return 0;
	return DIV_ROUND_UP(t->nr_device * t->cfg.zram_pct, 100UL);
}

/*
 * Grow or shrink a zram-like device's system pages to what it stores.
 * GFP_NOWAIT: this runs under the frontswap lock, in a recall under
 * cleancache's too. Pages it cannot get are counted as short (stats) and
 * taken at a later call. Called with the lock held.
 */
static void zram_balance(struct frontswap_type *t)
{
	unsigned long need = swapdev_zram_need(t);

	while (t->zram_held < need) {
		struct folio *page = folio_alloc(GFP_NOWAIT | __GFP_NOWARN, 0);

		if (!page)
			break;
		list_add(&page->lru, &t->zram_list);
		t->zram_held++;
	}
	while (t->zram_held > need) {
		struct folio *page = list_first_entry(&t->zram_list,
						      struct folio, lru);

		list_del_init(&page->lru);
		folio_put(page);
		t->zram_held--;
	}
}

/**
 * swapdev_write() - write @folio to slot @offset of @t's device.
 * @fsw: the state.
 * @t: the type.
 * @offset: the slot.
 * @folio: the data.
 *
 * Context: the frontswap lock held; any context (a recall's too).
 * Return: nothing; a device write cannot fail (the copy was reserved).
 */
static void swapdev_write(struct frontswap *fsw, struct frontswap_type *t,
			  pgoff_t offset, const struct folio *folio)
{
	const void *src = folio_address(folio);

	lockdep_assert_held(&fsw->lock);
	if (t->data[offset] && src)
		memcpy(t->data[offset], src, PAGE_SIZE);
	if (!(t->slot[offset] & FSW_DEVICE)) {
		t->slot[offset] |= FSW_DEVICE;
		t->nr_device++;
	}
	sim_cost(t->cfg.device == SIM_SWAP_ZRAM ? SIM_COST_ZRAM_WRITE :
						  SIM_COST_SWAP_WRITE, 1);
	fsw->stats[FSW_STAT_DEVICE_WRITES]++;
	zram_balance(t);
}

/* Read slot @offset of @t's device into @folio; the lock held. */
static void device_read(struct frontswap *fsw, struct frontswap_type *t,
			pgoff_t offset, struct folio *folio)
{
	void *dst = folio_address(folio);

	if (t->data[offset] && dst)
		memcpy(dst, t->data[offset], PAGE_SIZE);
	sim_cost(t->cfg.device == SIM_SWAP_ZRAM ? SIM_COST_ZRAM_READ :
						  SIM_COST_SWAP_READ, 1);
	fsw->stats[FSW_STAT_DEVICE_READS]++;
}

/**
 * swapdev_reserve() - make sure slot @offset has a device copy buffer.
 * @t: the type.
 * @offset: the slot.
 * @folio: the page about to be written (tells data mode).
 *
 * Context: Process context; may allocate.
 * Return: 0, or -ENOMEM (nothing changed).
 */
static int swapdev_reserve(struct frontswap_type *t, pgoff_t offset,
			   const struct folio *folio)
{
	struct frontswap *fsw = frontswap_get_state();
	void *buf;

	if (!frontswap_data_mode(folio) || READ_ONCE(t->data[offset]))
		return 0;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	spin_lock(&fsw->lock);
	if (!t->data[offset]) {
		t->data[offset] = buf;
		buf = NULL;
	}
	spin_unlock(&fsw->lock);
	kfree(buf);
	return 0;
}

/* The simulated devices, as frontswap sees them (lib/mm/frontswap.c). */
static const struct frontswap_device_ops sim_swapdev_ops = {
	.write = swapdev_write,
	.reserve = swapdev_reserve,
	.pages_target = swapdev_zram_need,
};

/*
 * Forget the device's and the swap cache's copies of @offset; the lock
 * held. The swap-cache page is returned for the caller to put once the
 * lock is dropped.
 */
static struct folio *drop_other_copies(struct frontswap_type *t,
				       pgoff_t offset)
{
	struct folio *page = t->swapcache[offset];

	if (t->slot[offset] & FSW_DEVICE) {
		t->slot[offset] &= ~FSW_DEVICE;
		t->nr_device--;
		zram_balance(t);
	}
	if (page) {
		t->swapcache[offset] = NULL;
		t->slot[offset] &= ~FSW_SWAPCACHE;
		t->nr_swapcache--;
	}
	return page;
}

/**
 * sim_swapon() - switch a swap type on.
 * @cfg: the device and policy (struct sim_swap_config).
 *
 * The type gets @cfg->nr_slots empty slots and its own cleancache
 * frontend; frontswap stores into the GCMA areas' donated folios up to
 * the ratio bound (sim_frontswap_set_ratio()).
 *
 * Context: Process context; may allocate.
 * Return: the type (0 .. SIM_MAX_SWAPFILES - 1); -EINVAL for a NULL
 * @cfg, no slots or more than SIM_SWAP_MAX_SLOTS, an unknown device or policy, a zram_pct over 100;
 * -EBUSY when SIM_MAX_SWAPFILES types are on; -ENOMEM (nothing changed);
 * the error of cleancache's registration; -ENXIO from an unattached
 * thread.
 */
int sim_swapon(const struct sim_swap_config *cfg)
{
	struct frontswap *fsw = frontswap_get_state();
	struct frontswap_type *t = NULL;
	int type;

	if (!fsw)
		return -ENXIO;
	if (!cfg || !cfg->nr_slots || cfg->nr_slots > SIM_SWAP_MAX_SLOTS ||
	    (cfg->device != SIM_SWAP_DISK && cfg->device != SIM_SWAP_ZRAM) ||
	    (unsigned int)cfg->policy >= SIM_SWAP_NR_POLICIES ||
	    cfg->zram_pct > 100)
		return -EINVAL;

	mutex_lock(&fsw->swapon_lock);
	for (type = 0; type < SIM_MAX_SWAPFILES; type++)
		if (!fsw->types[type].active) {
			t = &fsw->types[type];
			break;
		}
	if (!t) {
		mutex_unlock(&fsw->swapon_lock);
		return -EBUSY;
	}
	t->cfg = (struct frontswap_type_config){
		.nr_slots = cfg->nr_slots,
		.policy = (enum frontswap_policy)cfg->policy,
		.exclusive_loads = cfg->exclusive_loads,
		.device = cfg->device,
		.zram_pct = cfg->zram_pct,
	};
	t->dev_ops = &sim_swapdev_ops;
	t->slot = kcalloc(cfg->nr_slots, sizeof(*t->slot), GFP_KERNEL);
	t->data = kcalloc(cfg->nr_slots, sizeof(*t->data), GFP_KERNEL);
	t->swapcache = kcalloc(cfg->nr_slots, sizeof(*t->swapcache),
			       GFP_KERNEL);
	if (t->slot && t->data && t->swapcache)
		frontswap_owner_register(t);
	if (!t->slot || !t->data || !t->swapcache ||
	    t->sb.cleancache_id == CLEANCACHE_ID_INVALID) {
		frontswap_type_free(t);
		mutex_unlock(&fsw->swapon_lock);
		return -ENOMEM;
	}
	if (!t->cfg.zram_pct)
		t->cfg.zram_pct = FSW_DEFAULT_ZRAM_PCT;
	t->nr_front = 0;
	t->nr_device = 0;
	t->nr_swapcache = 0;
	t->zram_held = 0;
	smp_store_release(&t->active, true);
	mutex_unlock(&fsw->swapon_lock);
	return type;
}

/**
 * sim_swapoff() - switch a swap type off, dropping everything it holds.
 * @type: the type.
 *
 * Unlike the kernel's swapoff, nothing is read back in: the caller
 * brings back what it still needs first (sim_swap_in()).
 *
 * Context: Process context; no other call on @type may run.
 * Return: 0; -EINVAL for a type that is not on; -ENXIO from an
 * unattached thread.
 */
int sim_swapoff(int type)
{
	struct frontswap *fsw = frontswap_get_state();
	struct frontswap_type *t;

	if (!fsw)
		return -ENXIO;
	mutex_lock(&fsw->swapon_lock);
	t = frontswap_type_get(fsw, type);
	if (!t) {
		mutex_unlock(&fsw->swapon_lock);
		return -EINVAL;
	}
	frontswap_invalidate_area(type);
	/* No entry left: no recall reaches this type any more. */
	cleancache_remove_fs(&t->sb);
	for (pgoff_t i = 0; i < t->cfg.nr_slots; i++) {
		struct folio *page;

		spin_lock(&fsw->lock);
		page = drop_other_copies(t, i);
		spin_unlock(&fsw->lock);
		if (page)
			folio_put(page);
	}
	WRITE_ONCE(t->active, false);
	frontswap_type_free(t);
	mutex_unlock(&fsw->swapon_lock);
	return 0;
}

/**
 * sim_swap_out() - write an anonymous page to swap slot (@type, @offset).
 * @type: the type.
 * @offset: the slot; any copy it held is replaced.
 * @folio: an order-0 folio with the page; not changed.
 *
 * swap_writepage(): frontswap_store() first; if frontswap does not keep
 * the page, it is written to the device.
 *
 * Context: Process context; the caller serialises calls on one slot.
 * Return: 0; -EINVAL for a type that is not on, an offset out of range,
 * a NULL or large folio; -ENOMEM when the slot's device copy cannot be
 * reserved (data mode; nothing changed); -ENXIO from an unattached
 * thread.
 */
int sim_swap_out(int type, pgoff_t offset, struct folio *folio)
{
	struct frontswap *fsw;
	struct frontswap_type *t;
	struct folio *old;
	int ret;

	ret = frontswap_resolve(type, offset, folio, true, &fsw, &t);
	if (!ret)
		ret = swapdev_reserve(t, offset, folio);
	if (ret)
		return ret;

	spin_lock(&fsw->lock);
	old = drop_other_copies(t, offset);
	spin_unlock(&fsw->lock);
	if (old)
		folio_put(old);

	if (frontswap_store(type, offset, folio)) {
		spin_lock(&fsw->lock);
		swapdev_write(fsw, t, offset, folio);
		spin_unlock(&fsw->lock);
	}
	return 0;
}

/* Copy slot @offset from the swap cache, if it is there; the lock held. */
static bool swapcache_read(struct frontswap *fsw, struct frontswap_type *t,
			   pgoff_t offset, struct folio *folio)
{
	struct folio *page = t->swapcache[offset];

	if (!page)
		return false;
	copy_highpage(folio_page(folio, 0), folio_page(page, 0));
	fsw->stats[FSW_STAT_SWAPCACHE_HITS]++;
	return true;
}

/**
 * sim_swap_in() - read swap slot (@type, @offset) into @folio.
 * @type: the type.
 * @offset: the slot.
 * @folio: an order-0 folio to fill.
 *
 * The swap cache first (a put-back page), then frontswap_load(), then
 * the device. Every copy stays until sim_swap_free().
 *
 * Context: Process context; the caller serialises calls on one slot.
 * Return: 0; -ENOENT for a slot that holds nothing; -EINVAL for a type
 * that is not on, an offset out of range, a NULL or large folio; -ENXIO
 * from an unattached thread.
 */
int sim_swap_in(int type, pgoff_t offset, struct folio *folio)
{
	struct frontswap *fsw;
	struct frontswap_type *t;
	bool done;
	int ret;

	ret = frontswap_resolve(type, offset, folio, true, &fsw, &t);
	if (ret)
		return ret;

	spin_lock(&fsw->lock);
	done = swapcache_read(fsw, t, offset, folio);
	spin_unlock(&fsw->lock);
	if (done || !frontswap_load(type, offset, folio))
		return 0;
	/* Not in frontswap, or a recall moved it meanwhile: look again. */
	spin_lock(&fsw->lock);
	done = swapcache_read(fsw, t, offset, folio);
	if (!done && (t->slot[offset] & FSW_DEVICE)) {
		device_read(fsw, t, offset, folio);
		done = true;
	}
	spin_unlock(&fsw->lock);
	return done ? 0 : -ENOENT;
}

/**
 * sim_swap_free() - free swap slot (@type, @offset): every copy goes.
 * @type: the type.
 * @offset: the slot.
 *
 * swap_entry_free(): frontswap_invalidate_page(), then the device's
 * copy and the swap-cache page.
 *
 * Context: Process context; the caller serialises calls on one slot.
 * Return: 0 (also for a slot that held nothing); -EINVAL for a type that
 * is not on or an offset out of range; -ENXIO from an unattached thread.
 */
int sim_swap_free(int type, pgoff_t offset)
{
	struct frontswap *fsw;
	struct frontswap_type *t;
	struct folio *page;
	void *buf;
	int ret;

	ret = frontswap_resolve(type, offset, NULL, false, &fsw, &t);
	if (ret)
		return ret;
	frontswap_invalidate_page(type, offset);
	spin_lock(&fsw->lock);
	page = drop_other_copies(t, offset);
	buf = t->data[offset];
	t->data[offset] = NULL;
	spin_unlock(&fsw->lock);
	if (page)
		folio_put(page);
	kfree(buf);
	return 0;
}

/**
 * sim_frontswap_set_ratio() - the cleancache:frontswap ratio knob.
 * @percent: how much of the GCMA areas' size frontswap may hold, 0..100
 *	(the rest stays for cleancache); 0 switches frontswap off.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for more than 100; -EBUSY when frontswap holds more
 * than the new bound allows (nothing changed); -ENXIO from an unattached
 * thread.
 */
int sim_frontswap_set_ratio(unsigned int percent)
{
	struct frontswap *fsw = frontswap_get_state();
	unsigned int old;
	int ret = 0;

	if (!fsw)
		return -ENXIO;
	if (percent > 100)
		return -EINVAL;
	spin_lock(&fsw->lock);
	old = fsw->ratio;
	WRITE_ONCE(fsw->ratio, percent);
	if (fsw->nr_front > frontswap_limit(fsw)) {
		WRITE_ONCE(fsw->ratio, old);
		ret = -EBUSY;
	}
	spin_unlock(&fsw->lock);
	return ret;
}

/**
 * sim_frontswap_get_ratio() - the ratio knob's value.
 *
 * Context: Any context.
 * Return: the percent (0..100), or -ENXIO from an unattached thread.
 */
int sim_frontswap_get_ratio(void)
{
	struct frontswap *fsw = frontswap_get_state();

	return fsw ? (int)READ_ONCE(fsw->ratio) : -ENXIO;
}

/**
 * sim_frontswap_stats_get() - the swap client's figures, all types.
 * @out: filled in (struct sim_frontswap_stats).
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a NULL @out; -ENXIO from an unattached thread.
 */
int sim_frontswap_stats_get(struct sim_frontswap_stats *out)
{
	struct frontswap *fsw = frontswap_get_state();

	if (!fsw)
		return -ENXIO;
	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	spin_lock(&fsw->lock);
	out->stores = fsw->stats[FSW_STAT_STORES];
	out->store_refused = fsw->stats[FSW_STAT_STORE_REFUSED];
	out->store_failed = fsw->stats[FSW_STAT_STORE_FAILED];
	out->loads = fsw->stats[FSW_STAT_LOADS];
	out->load_misses = fsw->stats[FSW_STAT_LOAD_MISSES];
	out->invalidates = fsw->stats[FSW_STAT_INVALIDATES];
	out->recalls = fsw->stats[FSW_STAT_RECALLS];
	out->recall_dropped = fsw->stats[FSW_STAT_RECALL_DROPPED];
	out->recall_written = fsw->stats[FSW_STAT_RECALL_WRITTEN];
	out->recall_put_back = fsw->stats[FSW_STAT_RECALL_PUT_BACK];
	out->device_writes = fsw->stats[FSW_STAT_DEVICE_WRITES];
	out->device_reads = fsw->stats[FSW_STAT_DEVICE_READS];
	out->swapcache_hits = fsw->stats[FSW_STAT_SWAPCACHE_HITS];
	out->stored = fsw->nr_front;
	out->limit = frontswap_limit(fsw);
	for (int i = 0; i < SIM_MAX_SWAPFILES; i++) {
		struct frontswap_type *t = frontswap_type_get(fsw, i);
		unsigned long need;

		if (!t)
			continue;
		need = frontswap_device_pages_target(t);
		out->device_pages += t->nr_device;
		out->swapcache_pages += t->nr_swapcache;
		out->zram_pages += t->zram_held;
		if (need > t->zram_held)
			out->zram_short += need - t->zram_held;
	}
	spin_unlock(&fsw->lock);
	return 0;
}
