// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A digest of a machine's state (<libgcma/digest.h>), one 64-bit hash per
 * part. Pointers never enter it: a folio is named by its pfn, an inode by
 * (device, inode number, generation), a cleancache inode by (fs id,
 * inode number), and list order by the pfns in list order. So two
 * machines built and driven alike digest equal, and a failed call that
 * changed nothing leaves the digest as it was.
 *
 * In: everything that decides what a later call does. Out: statistics
 * counters, the clock and what only records history (when a pin was
 * made), the trace, the kernel log, violations, fault rules, defect
 * switches, the checker's SEEN bit, and the list links inside
 * descriptors (their order is hashed instead). docs/testing.md,
 * "Fault injection", has the list and the reasons.
 */
#include <string.h>

#include "kernel/bitmap.h"
#include "kernel/list_walk.h"
#include "kernel/memcheck.h"
#include "kernel/page_type.h"
#include "mm/cleancache_internal.h"
#include "mm/cma_internal.h"
#include "mm/frontswap_internal.h"
#include "mm/gcma_internal.h"
#include "mm/page_alloc_internal.h"
#include "sim/fs_internal.h"
#include "sim/sim_internal.h"

static const char *const sim_digest_part_names[SIM_DIGEST_NR_PARTS] = {
	[SIM_DIGEST_BOOT] = "boot",
	[SIM_DIGEST_MEMMAP] = "memmap",
	[SIM_DIGEST_DATA] = "data",
	[SIM_DIGEST_PAGE_ALLOC] = "page_alloc",
	[SIM_DIGEST_CLEANCACHE] = "cleancache",
	[SIM_DIGEST_GCMA] = "gcma",
	[SIM_DIGEST_CMA] = "cma",
	[SIM_DIGEST_FS] = "fs",
	[SIM_DIGEST_PINS] = "pins",
	[SIM_DIGEST_FRONTSWAP] = "frontswap",
};

/**
 * sim_hash_str() - feed a string into a hash, its length first.
 * @s: the hash.
 * @str: the string; NULL hashes like "".
 *
 * Context: Any context.
 * Return: nothing.
 */
void sim_hash_str(struct sim_hash *s, const char *str)
{
	size_t len = str ? strlen(str) : 0;

	sim_hash_u64(s, len);
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = 0;

		memcpy(&w, str + i, len - i < 8 ? len - i : 8);
		sim_hash_u64(s, w);
	}
}

static void hash_bits(struct sim_hash *s, const unsigned long *map,
		      unsigned long nbits)
{
	for (unsigned long i = 0; i < BITS_TO_LONGS(nbits); i++) {
		unsigned long w = map[i];

		if ((i + 1) * BITS_PER_LONG > nbits && nbits % BITS_PER_LONG)
			w &= (1UL << (nbits % BITS_PER_LONG)) - 1;
		sim_hash_u64(s, w);
	}
}

/*
 * The pfns of a list of descriptors linked by ->lru, in list order. A
 * list bad input corrupted (a link that does not point back, an entry
 * that is no descriptor, more entries than pages) is reported as a CHECK
 * violation naming @what, and hashes as far as it was walked.
 */
static void hash_folio_list(struct sim_hash *s, struct sim_machine *m,
			    struct list_head *head, const char *what)
{
	struct list_head *pos, *prev;
	unsigned long n;

	list_for_each_checked(pos, prev, head, n, m->nr_pages) {
		const struct folio *folio = list_entry(pos, struct folio, lru);

		if (!sim_desc_in(m, folio))
			break;
		sim_hash_u64(s, sim_desc_pfn(m, folio));
	}
	sim_hash_u64(s, n);
	if (list_walk_broken(pos, prev, head)) {
		s->corrupt++;
		sim_report_violation("CHECK", __FILE__, __LINE__, __func__,
				     "digest: %s is corrupt after %lu entries",
				     what, n);
	}
}

/* One page of data as it is, without telling Valgrind what it read. */
static void hash_page(struct sim_hash *s, const void *page)
{
	uint64_t buf[PAGE_SIZE / sizeof(uint64_t)];

	memcpy(buf, page, PAGE_SIZE);
	/* Undefined bytes (never written) hash as whatever they hold. */
	(void)VALGRIND_MAKE_MEM_DEFINED(buf, sizeof(buf));
	for (size_t i = 0; i < PAGE_SIZE / sizeof(uint64_t); i++)
		sim_hash_u64(s, buf[i]);
}

static void digest_boot(struct sim_machine *m, struct sim_hash *s)
{
	sim_hash_u64(s, m->nr_pages);
	sim_hash_u64(s, m->base_pfn);
	sim_hash_u64(s, m->data_mode);
	pthread_mutex_lock(&m->lock);
	sim_hash_u64(s, m->booted);
	sim_hash_u64(s, m->nr_regions);
	for (unsigned long i = 0; i < m->nr_regions; i++) {
		sim_hash_u64(s, m->regions[i].base_pfn);
		sim_hash_u64(s, m->regions[i].nr_pages);
		sim_hash_str(s, m->regions[i].name);
	}
	pthread_mutex_unlock(&m->lock);
}

/* Who a folio's mapping is, as a number that is not an address. */
static void hash_mapping(struct sim_hash *s, const struct page *desc,
			 unsigned long word)
{
	if (!desc->mapping) {
		sim_hash_u64(s, 0);
	} else if (cc_word_tagged(word)) {
		const struct cleancache_inode *ccinode =
			(const void *)desc->mapping;

		sim_hash_u64(s, 1);
		sim_hash_u64(s, ccinode->fs ? (uint64_t)ccinode->fs->id :
					      ~0ULL);
		sim_hash_u64(s, ccinode->ino);
	} else {
		const struct inode *inode =
			container_of(desc->mapping, struct inode, i_data);

		sim_hash_u64(s, 2);
		sim_hash_u64(s, inode->i_sb ? inode->i_sb->s_dev : 0);
		sim_hash_u64(s, inode->i_ino);
		sim_hash_u64(s, inode->i_generation);
	}
	if (cc_word_tagged(word))
		sim_hash_u64(s, word & ~CC_PRIV_SEEN);
	else
		sim_hash_u64(s, word ? 1 : 0);	/* fs inode record */
}

static void digest_memmap(struct sim_machine *m, struct sim_hash *s)
{
	for (unsigned long i = 0; i < m->nr_pages; i++) {
		const struct page *desc = &m->memmap[i];
		unsigned long head = desc->compound_head;
		bool buddy = PageBuddy(desc);

		sim_hash_u64(s, desc->flags);
		sim_hash_u64(s, (uint32_t)atomic_read(&desc->_refcount));
		sim_hash_u64(s, (uint32_t)atomic_read(&desc->_pincount));
		sim_hash_u64(s, desc->index);
		sim_hash_u64(s, desc->page_type);
		if (buddy)
			sim_hash_u64(s, buddy_order(desc));
		/* A tail's head by distance; a list link is not state. */
		if (head & 1)
			sim_hash_u64(s, i - (unsigned long)((const struct page *)
				     (head - 1) - m->memmap));
		else
			sim_hash_u64(s, ~0ULL);
		hash_mapping(s, desc,
			     buddy ? 0 : (unsigned long)desc->private_);
	}
}

static void digest_data(struct sim_machine *m, struct sim_hash *s)
{
	if (!m->data)
		return;
	for (unsigned long i = 0; i < m->nr_pages; i++) {
		bool poisoned = sim_page_poisoned(m, m->base_pfn + i);

		sim_hash_u64(s, poisoned);
		if (!poisoned)
			hash_page(s, m->data + i * PAGE_SIZE);
	}
}

static void digest_page_alloc(struct sim_machine *m, struct sim_hash *s)
{
	struct zone *zone = m->local[ML_PAGE_ALLOC];

	if (!zone || !zone->initialized)
		return;
	spin_lock(&zone->lock);
	sim_hash_u64(s, zone->zone_start_pfn);
	sim_hash_u64(s, zone->zone_end_pfn);
	for (unsigned long i = 0; i < zone->nr_pageblocks; i++)
		sim_hash_u64(s, zone->pageblock_flags[i]);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			hash_folio_list(s, m,
					&zone->free_area[o].free_list[mt],
					"a free list");
	/* Per-CPU lists only while on: a digest without them is unchanged. */
	if (zone->pcp_cpus) {
		sim_hash_u64(s, zone->pcp_cpus);
		sim_hash_u64(s, zone->pcp_high);
		sim_hash_u64(s, zone->pcp_batch);
		sim_hash_u64(s, zone->cma_pcp_buddy);
		for (unsigned int cpu = 0; cpu < zone->pcp_cpus; cpu++)
			for (int mt = 0; mt < NR_PCP_LISTS; mt++)
				hash_folio_list(s, m, &zone->pcp[cpu].lists[mt],
						"a per-CPU list");
	}
	spin_unlock(&zone->lock);
}

static void digest_ccinode(struct sim_machine *m, struct sim_hash *s,
			   struct cleancache_inode *ccinode)
{
	unsigned long index;
	struct folio *folio;

	sim_hash_u64(s, ccinode->ino);
	sim_hash_u64(s, ccinode->hashed);
	xa_for_each(&ccinode->folios, index, folio) {
		sim_hash_u64(s, index);
		sim_hash_u64(s, sim_desc_pfn(m, folio));
	}
}

static void digest_cleancache(struct sim_machine *m, struct sim_hash *s)
{
	struct cleancache *cc = m->local[ML_CLEANCACHE];
	struct cleancache_fs *fs;
	unsigned long id;
	int nr = atomic_read(&cc->nr_pools);

	sim_hash_u64(s, nr);
	for (int i = 0; i < nr; i++) {
		struct cleancache_pool *pool = &cc->pools[i];

		spin_lock(&pool->lock);
		sim_hash_str(s, pool->name);
		sim_hash_u64(s, atomic_long_read(&pool->size));
		sim_hash_u64(s, atomic_long_read(&pool->cached));
		hash_folio_list(s, m, &pool->folio_list, "a pool's free list");
		spin_unlock(&pool->lock);
	}
	spin_lock(&cc->lru_lock);
	hash_folio_list(s, m, &cc->lru, "the cleancache LRU");
	spin_unlock(&cc->lru_lock);
	xa_for_each(&cc->fs_xa, id, fs) {
		sim_hash_u64(s, id);
		sim_hash_u64(s, fs->ops != NULL);
		spin_lock(&fs->hash_lock);
		for (unsigned int b = 0; b < CLEANCACHE_INODE_HASH_SIZE; b++)
			for (struct hlist_node *n = fs->inode_hash[b].first; n;
			     n = n->next)
				digest_ccinode(m, s, container_of(n,
					struct cleancache_inode, hash));
		spin_unlock(&fs->hash_lock);
	}
}

static void digest_gcma(struct sim_machine *m, struct sim_hash *s)
{
	struct gcma *g = m->local[ML_GCMA];
	int nr = atomic_read(&g->nr_areas);

	sim_hash_u64(s, nr);
	for (int i = 0; i < nr; i++) {
		struct gcma_area *area = &g->areas[i];
		unsigned long count = area->end_pfn - area->start_pfn;

		sim_hash_str(s, area->name);
		sim_hash_u64(s, area->pool_id);
		sim_hash_u64(s, area->start_pfn);
		sim_hash_u64(s, area->end_pfn);
		hash_bits(s, area->bitmap, count);
		hash_bits(s, area->freeing, count);
	}
}

static void digest_cma(struct sim_machine *m, struct sim_hash *s)
{
	struct cma_state *st = m->local[ML_CMA];

	sim_hash_u64(s, st->nr_areas);
	for (int i = 0; i < st->nr_areas; i++) {
		struct cma *c = &st->areas[i];

		sim_hash_str(s, c->name);
		sim_hash_u64(s, c->base_pfn);
		sim_hash_u64(s, c->count);
		sim_hash_u64(s, c->order_per_bit);
		sim_hash_u64(s, c->gcma);
		sim_hash_u64(s, c->active);
		if (c->bitmap)
			hash_bits(s, c->bitmap, cma_bitmap_maxno(c));
	}
}

/* An xarray of values or pointers: indices, and values as they are. */
static void hash_value_xa(struct sim_hash *s, struct xarray *xa)
{
	unsigned long index;
	void *entry;

	xa_for_each(xa, index, entry) {
		sim_hash_u64(s, index);
		sim_hash_u64(s, xa_is_value(entry) ? xa_to_value(entry) : 1);
	}
}

static void digest_inode(struct sim_machine *m, struct sim_hash *s,
			 struct sim_inode *si)
{
	unsigned long index;
	void *entry;

	sim_hash_u64(s, si->vfs.i_generation);
	sim_hash_u64(s, (uint64_t)si->vfs.i_size);
	sim_hash_u64(s, si->dead);
	sim_hash_u64(s, si->clock);
	hash_value_xa(s, &si->versions);
	for (struct sim_trunc *t = si->truncs; t; t = t->next) {
		sim_hash_u64(s, t->start);
		sim_hash_u64(s, t->version);
	}
	hash_value_xa(s, &si->swap);
	sim_hash_u64(s, si->vfs.i_data.nrpages);
	xa_for_each(&si->vfs.i_data.i_pages, index, entry) {
		sim_hash_u64(s, index);
		if (xa_is_value(entry))
			sim_hash_u64(s, xa_to_value(entry));
		else
			sim_hash_u64(s, ~sim_desc_pfn(m, entry));
	}
}

static void digest_fs(struct sim_machine *m, struct sim_hash *s)
{
	struct sim_fs_state *state = m->fs;
	struct sim_fs *fs;

	sim_lock(&state->lock);
	sim_hash_u64(s, state->last_dev);
	list_for_each_entry(fs, &state->mounts, mount_node) {
		unsigned long ino;
		void *entry;

		sim_hash_u64(s, fs->sb.s_dev);
		sim_hash_str(s, fs->sb.s_id);
		sim_hash_u64(s, (uint64_t)fs->sb.cleancache_id);
		sim_hash_u64(s, fs->capacity);
		sim_hash_u64(s, fs->nr_cached);
		sim_hash_u64(s, fs->nonresident_age);
		sim_lock(&fs->lock);
		xa_for_each(&fs->inodes, ino, entry) {
			sim_hash_u64(s, ino);
			if (xa_is_value(entry))
				sim_hash_u64(s, xa_to_value(entry));
			else
				digest_inode(m, s, SIM_I(entry));
		}
		sim_unlock(&fs->lock);
		sim_lock(&fs->lru_lock);
		hash_folio_list(s, m, &fs->lru, "an fs LRU");
		sim_unlock(&fs->lru_lock);
		xa_for_each(&fs->swap_slots, ino, entry)
			sim_hash_u64(s, ino ^ ((uint64_t)SIM_I(entry)->vfs.i_ino
					       << 32));
	}
	sim_unlock(&state->lock);
}

static void digest_frontswap(struct sim_machine *m, struct sim_hash *s)
{
	struct frontswap *fsw = m->local[ML_FRONTSWAP];

	spin_lock(&fsw->lock);
	sim_hash_u64(s, fsw->ratio);
	sim_hash_u64(s, fsw->nr_front);
	for (int i = 0; i < SIM_MAX_SWAPFILES; i++) {
		struct frontswap_type *t = &fsw->types[i];

		sim_hash_u64(s, t->active);
		if (!t->active)
			continue;
		sim_hash_u64(s, t->cfg.nr_slots);
		sim_hash_u64(s, t->cfg.device);
		sim_hash_u64(s, t->cfg.zram_pct);
		sim_hash_u64(s, t->cfg.policy);
		sim_hash_u64(s, t->cfg.exclusive_loads);
		for (unsigned long j = 0; j < t->cfg.nr_slots; j++) {
			sim_hash_u64(s, t->slot[j]);
			sim_hash_u64(s, t->swapcache && t->swapcache[j] ?
				     sim_desc_pfn(m, t->swapcache[j]) : ~0UL);
			/* The buffer is kept for the slot; its data counts
			 * only while the device holds the page. */
			if (t->data && t->data[j] && (t->slot[j] & FSW_DEVICE))
				hash_page(s, t->data[j]);
		}
		hash_folio_list(s, m, &t->zram_list, "a zram list");
	}
	spin_unlock(&fsw->lock);
}

/**
 * sim_machine_digest() - digest a machine's state.
 * @m: the machine; the calling thread must be attached to it.
 * @out: filled in: one digest per part and their combination.
 *
 * Reads the whole memmap (and every unpoisoned page in data mode). The
 * machine must be quiet: no other thread inside a call of the model.
 *
 * Context: Process context, attached to @m, not inside rcu_read_lock().
 * Return: 0; -EINVAL for a NULL @m or @out; -ENXIO when the calling
 * thread is not attached to @m; -EUCLEAN, with @out filled in and a
 * CHECK violation per list, when a list of descriptors is corrupt (a
 * free list, a pool's list, an LRU that bad input spliced into another:
 * each is hashed as far as its walk got).
 */
int sim_machine_digest(struct sim_machine *m, struct sim_digest *out)
{
	static void (*const fn[SIM_DIGEST_NR_PARTS])(struct sim_machine *,
						     struct sim_hash *) = {
		[SIM_DIGEST_BOOT] = digest_boot,
		[SIM_DIGEST_MEMMAP] = digest_memmap,
		[SIM_DIGEST_DATA] = digest_data,
		[SIM_DIGEST_PAGE_ALLOC] = digest_page_alloc,
		[SIM_DIGEST_CLEANCACHE] = digest_cleancache,
		[SIM_DIGEST_GCMA] = digest_gcma,
		[SIM_DIGEST_CMA] = digest_cma,
		[SIM_DIGEST_FS] = digest_fs,
		[SIM_DIGEST_PINS] = sim_pin_digest,
		[SIM_DIGEST_FRONTSWAP] = digest_frontswap,
	};
	struct sim_hash total = { 0 };
	unsigned int corrupt = 0;

	if (!m || !out)
		return -EINVAL;
	if (sim_machine_of_thread() != m)
		return -ENXIO;
	for (int p = 0; p < SIM_DIGEST_NR_PARTS; p++) {
		struct sim_hash s = { .h = (uint64_t)p + 1 };

		fn[p](m, &s);
		out->part[p] = s.h;
		sim_hash_u64(&total, s.h);
		corrupt += s.corrupt;
	}
	out->total = total.h;
	/* Its own findings only: other threads may record violations. */
	return corrupt ? -EUCLEAN : 0;
}

/**
 * sim_digest_part_name() - printable name of a digest part.
 * @part: the part.
 *
 * Context: Any context.
 * Return: a static string such as "memmap"; NULL for an unknown part.
 */
const char *sim_digest_part_name(enum sim_digest_part part)
{
	if ((unsigned int)part >= SIM_DIGEST_NR_PARTS)
		return NULL;
	return sim_digest_part_names[part];
}

/**
 * sim_digest_diff() - which parts of two digests differ.
 * @a: a digest.
 * @b: another.
 *
 * Context: Any context.
 * Return: bit p set when part p differs (0: the digests are equal).
 */
unsigned int sim_digest_diff(const struct sim_digest *a,
			     const struct sim_digest *b)
{
	unsigned int bits = 0;

	for (int p = 0; p < SIM_DIGEST_NR_PARTS; p++)
		if (a->part[p] != b->part[p])
			bits |= 1u << p;
	return bits;
}
