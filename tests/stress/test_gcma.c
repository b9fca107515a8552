// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma - stress of GCMA range allocation against cleancache traffic.
 *
 * One machine, one GCMA area. Allocator threads each own a slice of the
 * area and allocate and free random ranges in it (order-0 runs and
 * __GFP_COMP folios), while cache threads store, restore and invalidate
 * pages of their own fake inodes through cleancache, whose only donated
 * memory is that same area, so allocations keep recalling cached folios
 * and stores keep evicting.
 *
 * Checked:
 * - every allocation of a range the thread knows is free succeeds (the
 *   guarantee), with refcount 1 (head only for __GFP_COMP);
 * - in data mode, what an allocator writes into its pages is still there
 *   when it frees them (cleancache never writes into allocated memory),
 *   and __GFP_ZERO pages read as zero;
 * - every free of a range the thread allocated succeeds; a free of a
 *   range it does not hold fails with -EINVAL;
 * - a restore hit returns the data last stored at that index;
 * - periodically, with every worker paused, cleancache_check() and
 *   gcma_check() pass;
 * - no violation is recorded.
 *
 * With --tagstore, a tag-storage donor (docs/tag_storage.md) of
 * TAG_PAGES pages is cleancache's memory too, and a fifth thread
 * activates it, scribbles over its pages (data mode) and deactivates it
 * in a loop: every activation and deactivation must succeed (the
 * guarantee), with every page at refcount 1 while active; the cachers'
 * restore checks catch a page still read from after activation;
 * tag_storage_check() joins the periodic checks.
 *
 * Usage: test_gcma [--duration S] [--seed N] [--data] [--tagstore]
 * Prints one summary line; exits 1 on any error or if nothing happened.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libgcma/libgcma.h>

#define STRESS_NAME "gcma"
#include "stress_util.h"

#define NR_PAGES	8192UL
#define AREA_PAGES	2048UL
#define NR_ALLOCATORS	2
#define NR_CACHERS	2
#define SLICE		(AREA_PAGES / NR_ALLOCATORS)
#define MAX_HELD	64
#define INODES_PER	4
#define INDEXES		512
#define TAG_PAGES	512UL

static struct sim_machine *machine;
static unsigned long area_start;
static bool data_mode;
static volatile bool stop;
static struct super_block sb;

static unsigned long nr_allocs, nr_frees, nr_pages_alloc;
static unsigned long nr_stores, nr_hits, nr_misses, nr_checks;
static bool tagstore;
static unsigned long tag_start, nr_activations;

/* ---- allocators --------------------------------------------------------- */

struct held {
	unsigned long start;
	unsigned long count;
	uint32_t tag;
};

struct allocator {
	int id;
	uint64_t seed;
	unsigned long base;
	unsigned char used[SLICE];
	struct held held[MAX_HELD];
	int nr_held;
};

static void fill_range(unsigned long start, unsigned long count, uint32_t tag)
{
	if (!data_mode)
		return;
	for (unsigned long i = 0; i < count; i++) {
		uint32_t *p = folio_address((struct folio *)pfn_to_page(start + i));

		for (size_t w = 0; w < PAGE_SIZE / 4; w += 64)
			p[w] = tag ^ (uint32_t)(start + i) ^ (uint32_t)w;
	}
}

static bool range_holds(unsigned long start, unsigned long count,
			uint32_t tag)
{
	if (!data_mode)
		return true;
	for (unsigned long i = 0; i < count; i++) {
		uint32_t *p = folio_address((struct folio *)pfn_to_page(start + i));

		for (size_t w = 0; w < PAGE_SIZE / 4; w += 64)
			if (p[w] != (tag ^ (uint32_t)(start + i) ^ (uint32_t)w))
				return false;
	}
	return true;
}

static bool range_zero(unsigned long start, unsigned long count)
{
	if (!data_mode)
		return true;
	for (unsigned long i = 0; i < count; i++) {
		const unsigned char *p =
			folio_address((struct folio *)pfn_to_page(start + i));

		for (size_t b = 0; b < PAGE_SIZE; b++)
			if (p[b])
				return false;
	}
	return true;
}

static void try_alloc(struct allocator *a)
{
	bool comp = prng(&a->seed) % 3 == 0;
	unsigned long count, off, start;
	gfp_t gfp = GFP_KERNEL;
	bool zero = prng(&a->seed) % 4 == 0;
	struct held *h;
	int ret;

	if (a->nr_held == MAX_HELD)
		return;
	if (comp) {
		count = 1UL << (prng(&a->seed) % 7);
		off = (prng(&a->seed) % SLICE) & ~(count - 1);
		gfp |= __GFP_COMP;
	} else {
		count = 1 + prng(&a->seed) % 48;
		off = prng(&a->seed) % (SLICE - count + 1);
	}
	for (unsigned long i = 0; i < count; i++)
		if (a->used[off + i])
			return;		/* not known free: skip */
	if (zero)
		gfp |= __GFP_ZERO;
	start = a->base + off;
	ret = gcma_alloc_range(start, count, gfp);
	if (ret) {
		error("allocator %d: alloc [%#lx, +%lu) gfp %#x = %d", a->id,
		      start, count, gfp, ret);
		return;
	}
	if (comp && count > 1) {
		struct folio *f = pfn_folio(start);

		if (folio_nr_pages(f) != count || folio_ref_count(f) != 1)
			error("allocator %d: compound [%#lx, +%lu): %lu pages, ref %d",
			      a->id, start, count, folio_nr_pages(f),
			      folio_ref_count(f));
	} else {
		for (unsigned long i = 0; i < count; i++)
			if (folio_ref_count(pfn_folio(start + i)) != 1)
				error("allocator %d: pfn %#lx ref %d", a->id,
				      start + i,
				      folio_ref_count(pfn_folio(start + i)));
	}
	if (zero && !range_zero(start, count))
		error("allocator %d: __GFP_ZERO range [%#lx, +%lu) not zero",
		      a->id, start, count);
	h = &a->held[a->nr_held++];
	h->start = start;
	h->count = count;
	h->tag = (uint32_t)prng(&a->seed);
	fill_range(start, count, h->tag);
	memset(&a->used[off], 1, count);
	add(&nr_allocs, 1);
	add(&nr_pages_alloc, count);
}

static void do_free(struct allocator *a, int i)
{
	struct held h = a->held[i];
	int ret;

	if (!range_holds(h.start, h.count, h.tag))
		error("allocator %d: [%#lx, +%lu) was written while allocated",
		      a->id, h.start, h.count);
	ret = gcma_free_range(h.start, h.count);
	if (ret) {
		error("allocator %d: free [%#lx, +%lu) = %d", a->id, h.start,
		      h.count, ret);
		return;
	}
	memset(&a->used[h.start - a->base], 0, h.count);
	a->held[i] = a->held[--a->nr_held];
	add(&nr_frees, 1);
}

static void try_bad_free(struct allocator *a)
{
	unsigned long off = prng(&a->seed) % SLICE;
	int ret;

	if (a->used[off])
		return;
	ret = gcma_free_range(a->base + off, 1);
	if (ret != -EINVAL)
		error("allocator %d: free of unallocated pfn %#lx = %d", a->id,
		      a->base + off, ret);
}

static void *allocator_main(void *arg)
{
	struct allocator *a = arg;

	if (sim_thread_attach(machine)) {
		error("allocator %d: attach failed", a->id);
		return NULL;
	}
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		unsigned int op = prng(&a->seed) % 16;

		pthread_rwlock_rdlock(&pause_lock);
		if (op < 8)
			try_alloc(a);
		else if (op < 15 && a->nr_held)
			do_free(a, (int)(prng(&a->seed) % a->nr_held));
		else
			try_bad_free(a);
		pthread_rwlock_unlock(&pause_lock);
	}
	pthread_rwlock_rdlock(&pause_lock);
	while (a->nr_held)
		do_free(a, 0);
	pthread_rwlock_unlock(&pause_lock);
	sim_thread_detach();
	return NULL;
}

/* ---- cache users -------------------------------------------------------- */

struct cacher {
	int id;
	uint64_t seed;
	struct inode inode[INODES_PER];
	uint32_t version[INODES_PER][INDEXES];	/* 0: nothing stored */
	struct folio *page;
};

static uint32_t page_tag(int ino, unsigned long index, uint32_t v)
{
	return ((uint32_t)ino << 24) ^ ((uint32_t)index << 12) ^ v;
}

static void set_page(struct cacher *c, uint32_t tag)
{
	uint32_t *p;

	if (!data_mode)
		return;
	p = folio_address(c->page);
	for (size_t w = 0; w < PAGE_SIZE / 4; w += 32)
		p[w] = tag + (uint32_t)w;
}

static bool page_is(struct cacher *c, uint32_t tag)
{
	const uint32_t *p;

	if (!data_mode)
		return true;
	p = folio_address(c->page);
	for (size_t w = 0; w < PAGE_SIZE / 4; w += 32)
		if (p[w] != tag + (uint32_t)w)
			return false;
	return true;
}

static void cacher_op(struct cacher *c)
{
	int i = (int)(prng(&c->seed) % INODES_PER);
	unsigned long index = prng(&c->seed) % INDEXES;
	struct inode *inode = &c->inode[i];
	unsigned int op = prng(&c->seed) % 8;
	struct folio *f = c->page;

	f->mapping = inode->i_mapping;
	f->index = index;
	if (op < 4) {
		uint32_t v = c->version[i][index] + 1;

		set_page(c, page_tag((int)inode->i_ino, index, v));
		folio_set_workingset(f);
		folio_set_locked(f);
		if (cleancache_store_folio(inode, f))
			c->version[i][index] = v;
		else
			c->version[i][index] = 0;
		folio_clear_locked(f);
		add(&nr_stores, 1);
	} else if (op < 7) {
		set_page(c, 0);
		if (cleancache_restore_folio(inode, f)) {
			uint32_t v = c->version[i][index];

			if (!v || !page_is(c, page_tag((int)inode->i_ino, index, v)))
				error("cacher %d: ino %lu index %lu: wrong data restored",
				      c->id, inode->i_ino, index);
			add(&nr_hits, 1);
		} else {
			add(&nr_misses, 1);
		}
	} else {
		folio_set_locked(f);
		cleancache_invalidate_folio(inode, f);
		folio_clear_locked(f);
		c->version[i][index] = 0;
	}
}

static void *cacher_main(void *arg)
{
	struct cacher *c = arg;

	if (sim_thread_attach(machine)) {
		error("cacher %d: attach failed", c->id);
		return NULL;
	}
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		pthread_rwlock_rdlock(&pause_lock);
		cacher_op(c);
		pthread_rwlock_unlock(&pause_lock);
	}
	sim_thread_detach();
	return NULL;
}

/* ---- the tag-storage donor (--tagstore) ---------------------------------- */

static void tag_cycle(unsigned int round)
{
	int ret = tag_storage_activate(0);

	if (ret) {
		error("tag storage: activate = %d", ret);
		return;
	}
	for (unsigned long pfn = tag_start; pfn < tag_start + TAG_PAGES; pfn++) {
		struct folio *f = pfn_folio(pfn);

		if (folio_ref_count(f) != 1)
			error("tag storage: active pfn %#lx ref %d", pfn,
			      folio_ref_count(f));
		if (data_mode)
			memset(folio_address(f), 0x5a ^ (int)round, PAGE_SIZE);
	}
	ret = tag_storage_deactivate(0);
	if (ret)
		error("tag storage: deactivate = %d", ret);
	add(&nr_activations, 1);
}

static void *tagger_main(void *arg)
{
	unsigned int round = 0;

	(void)arg;
	if (sim_thread_attach(machine)) {
		error("tagger: attach failed");
		return NULL;
	}
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		pthread_rwlock_rdlock(&pause_lock);
		tag_cycle(round++);
		pthread_rwlock_unlock(&pause_lock);
	}
	sim_thread_detach();
	return NULL;
}

/* ---- main --------------------------------------------------------------- */

static void check_now(void)
{
	if (cleancache_check())
		error("cleancache_check() failed");
	if (gcma_check())
		error("gcma_check() failed");
	if (tag_storage_check())
		error("tag_storage_check() failed");
	add(&nr_checks, 1);
}

int main(int argc, char **argv)
{
	static struct allocator alloc[NR_ALLOCATORS];
	static struct cacher cache[NR_CACHERS];
	pthread_t tid[NR_ALLOCATORS + NR_CACHERS + 1];
	struct sim_machine_config cfg = { 0 };
	unsigned long violations;
	struct stress_opts opts = STRESS_OPTS_DEFAULT;
	const struct stress_opt options[] = {
		STRESS_OPTS_COMMON(&opts),
		{ .name = "tagstore", .kind = STRESS_OPT_SET, .flag = &tagstore },
	};
	int ret;

	stress_parse(argc, argv, options);
	data_mode = opts.data;

	cfg.name = "gcma-stress";
	cfg.nr_pages = NR_PAGES;
	cfg.data_mode = data_mode ? SIM_DATA_PAGES : SIM_DATA_NONE;
	cfg.violation_mode = SIM_VIOLATION_RECORD;
	cfg.seed = opts.seed;
	ret = sim_machine_create(&cfg, &machine);
	if (ret || sim_thread_attach(machine) ||
	    sim_memblock_alloc(machine, AREA_PAGES, AREA_PAGES, "gcma",
			       &area_start) ||
	    (tagstore && sim_memblock_alloc(machine, TAG_PAGES, 1, "tags",
					    &tag_start)) ||
	    sim_machine_boot_done(machine) ||
	    gcma_register_area("stress", area_start, AREA_PAGES) ||
	    (tagstore && tag_storage_register("tags", tag_start, TAG_PAGES))) {
		fprintf(stderr, "gcma stress: setup failed\n");
		return 1;
	}
	strcpy(sb.s_id, "gcma-stress");
	sb.cleancache_id = CLEANCACHE_ID_INVALID;
	if (cleancache_add_fs(&sb)) {
		fprintf(stderr, "gcma stress: add_fs failed\n");
		return 1;
	}

	stress_pause_init();

	for (int i = 0; i < NR_ALLOCATORS; i++) {
		alloc[i].id = i;
		alloc[i].seed = opts.seed * 1000 + (uint64_t)i;
		alloc[i].base = area_start + (unsigned long)i * SLICE;
		pthread_create(&tid[i], NULL, allocator_main, &alloc[i]);
	}
	for (int i = 0; i < NR_CACHERS; i++) {
		struct cacher *cc = &cache[i];

		cc->id = i;
		cc->seed = opts.seed * 2000 + (uint64_t)i;
		cc->page = folio_alloc(GFP_KERNEL, 0);
		if (!cc->page) {
			fprintf(stderr, "gcma stress: folio_alloc failed\n");
			return 1;
		}
		for (int j = 0; j < INODES_PER; j++) {
			struct inode *inode = &cc->inode[j];

			inode->i_ino = (unsigned long)(i * INODES_PER + j + 1);
			inode->i_sb = &sb;
			inode->i_mapping = &inode->i_data;
			inode->i_data.host = inode;
			INIT_LIST_HEAD(&inode->i_sb_list);
		}
		pthread_create(&tid[NR_ALLOCATORS + i], NULL, cacher_main, cc);
	}

	if (tagstore)
		pthread_create(&tid[NR_ALLOCATORS + NR_CACHERS], NULL,
			       tagger_main, NULL);
	stress_check_every(opts.duration, check_now);
	__atomic_store_n(&stop, true, __ATOMIC_RELAXED);
	for (int i = 0; i < NR_ALLOCATORS + NR_CACHERS + tagstore; i++)
		pthread_join(tid[i], NULL);
	check_now();
	{
		struct gcma_area_info info;

		if (gcma_area_get_info(0, &info) || info.allocated)
			error("area still has %lu pages allocated",
			      info.allocated);
	}

	cleancache_remove_fs(&sb);
	for (int i = 0; i < NR_CACHERS; i++) {
		cache[i].page->mapping = NULL;
		folio_clear_workingset(cache[i].page);
		folio_put(cache[i].page);
	}
	check_now();
	violations = sim_violation_count(machine);
	if (violations)
		error("%lu violations recorded", violations);
	sim_thread_detach();
	sim_machine_destroy(machine);
	pthread_rwlock_destroy(&pause_lock);

	printf("gcma stress: seed=%llu data=%d allocs=%lu frees=%lu pages=%lu stores=%lu hits=%lu misses=%lu checks=%lu activations=%lu errors=%lu\n",
	       (unsigned long long)opts.seed, data_mode, nr_allocs, nr_frees,
	       nr_pages_alloc, nr_stores, nr_hits, nr_misses, nr_checks,
	       nr_activations, nr_errors);
	if (nr_errors || !nr_allocs || !nr_frees || !nr_stores || !nr_hits ||
	    nr_checks < 2 || (tagstore && !nr_activations))
		return 1;
	return 0;
}
