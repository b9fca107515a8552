// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The executor (exec.h): one machine per program, one handler per op
 * kind, the checkers and the model comparison after every op (each at
 * its cadence, check_all()).
 */
#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "dirty.h"
#include "exec.h"
#include "exec_frontswap.h"
#include "exec_hurdle.h"
#include "refmodel.h"
#include "retire.h"

#define NR_SLOTS	8		/* CMA allocations and pins held */
#define CACHE_PAGES	40
#define ODIRECT_NS	5000		/* a file O_DIRECT pin lasts 5 us */
#define CMA_GFP		(GFP_KERNEL | __GFP_NOWARN)

/**
 * struct cma_slot - a CMA allocation the executor holds.
 * @page: its first page (what cma_release_pages() takes).
 * @pfn: its first pfn.
 * @count: pages; 0 for an empty slot.
 * @area: 0 classic, 1 guarantee.
 * @comp: one compound folio.
 */
struct cma_slot {
	struct page *page;
	unsigned long pfn, count;
	int area;
	bool comp;
};

/**
 * struct pin_slot - an untimed pin the executor holds.
 * @pin: its handle; NULL for an empty slot.
 * @pfn: the GCMA/CMA folio head the model counts it on, or ULONG_MAX for
 *	a page-cache folio (the model does not follow those).
 */
struct pin_slot {
	struct sim_pin *pin;
	unsigned long pfn;
};

/**
 * struct gops_env - one run.
 * @m: the machine.
 * @nr_pages: its pfns.
 * @sb: the filesystem.
 * @inode: its inodes (NULL after a forget whose re-creation failed).
 * @cma: the two CMA areas, or NULLs.
 * @cma_slot: CMA allocations held.
 * @pin: untimed pins held.
 * @fault_pending: a fault rule is armed for the next op.
 * @rules: a fault rule may be armed (set by a fail op, cleared with
 *	the rules).
 * @armed: @rules was set when the current op started (without a rule
 *	no allocation fails on purpose: the counters are not read).
 * @inj_before: allocations failed on purpose before the current op.
 * @skipped: the current op was skipped.
 * @unchanged: the current op can have changed nothing: it was skipped,
 *	only armed a fault rule, or failed (nothing_to_look_at()).
 * @swap_op: the current op is one of the swap client's.
 * @swap_look: the swap client's checker and model comparison run after
 *	the current op (check_all()).
 * @swap: the swap types and pages of the swap ops.
 * @rm: the reference model.
 * @dirty: the pfns the current op touched.
 */
struct gops_env {
	struct sim_machine *m;
	unsigned long nr_pages;
	struct super_block *sb;
	struct inode *inode[RM_NR_INODES];
	struct cma *cma[RM_NR_CMA];
	struct cma_slot cma_slot[NR_SLOTS];
	struct pin_slot pin[NR_SLOTS];
	bool fault_pending;
	bool rules;
	bool armed;
	unsigned long inj_before;
	bool skipped;
	bool unchanged;
	bool swap_op;
	bool swap_look;
	struct gops_swap swap;
	/* After the rest: env_setup() zeroes it apart. */
	struct refmodel rm;
	struct gops_dirty dirty;
};

/* ---- set-up ------------------------------------------------------------- */

/*
 * A one-page machine that lives from the first run to exit. The library
 * starts its call_rcu worker with the first machine and stops and joins
 * it with the last (docs/architecture.md); without this anchor every run
 * would pay a thread start and a join on top of the RCU barrier that
 * each machine's teardown needs.
 */
static struct sim_machine *anchor;

static void anchor_put(void)
{
	sim_machine_destroy(anchor);
	anchor = NULL;
}

/*
 * Each run frees what its machine allocated, which leaves the top of the
 * heap free: glibc then gives it back with brk(), and the next run's
 * allocations fault it in again. With the call_rcu worker's thread alive
 * each shrink is a TLB shootdown (an IPI to the other CPU): 14% of the
 * executor's time at 256 pages. Keep the heap instead; what a run frees
 * is reused by the next one.
 */
#define GOPS_HEAP_KEEP	(256UL << 20)

static void anchor_get(void)
{
	struct sim_machine_config cfg = { .name = "fuzz-anchor", .nr_pages = 1 };

	if (anchor)
		return;
	mallopt(M_TRIM_THRESHOLD, GOPS_HEAP_KEEP);
	mallopt(M_TOP_PAD, 16 << 20);
	if (!sim_machine_create(&cfg, &anchor))
		atexit(anchor_put);
}

static int find_gcma_pool(const char *name, unsigned long *start)
{
	struct gcma_area_info info;

	for (int id = 0; id < gcma_nr_areas(); id++)
		if (!gcma_area_get_info(id, &info) &&
		    !strcmp(info.name, name)) {
			*start = info.start_pfn;
			return info.pool_id;
		}
	return -ENOENT;
}

static int reserve(struct gops_env *e, unsigned long nr, const char *name,
		   unsigned long *pfn)
{
	return sim_memblock_alloc(e->m, nr, nr, name, pfn);
}

/* Switch on the defects of @mask (bit i: enum sim_defect_id i). */
static int set_defects(struct sim_machine *m, unsigned int mask)
{
	for (int id = 0; id < SIM_DEFECT_NR; id++) {
		int ret;

		if (!(mask & (1u << id)))
			continue;
		ret = sim_defect_set(m, id, true);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * GCMA_OPS_LRU_BATCH=1 in the environment runs every program with
 * cleancache's lru_batch option on (docs/cleancache.md, "LRU batching"):
 * the reference model does not depend on the LRU order, and the checkers
 * verify the batches' guarantee.
 */
static bool lru_batch_wanted(void)
{
	const char *v = getenv("GCMA_OPS_LRU_BATCH");

	return v && *v && strcmp(v, "0");
}

/*
 * GCMA_OPS_FRESH=1 in the environment, or struct gops_options'
 * fresh_machine, runs every program on a newly created machine instead of
 * the previous run's machine reset (retire.h).
 */
static bool fresh_wanted(const struct gops_options *opts)
{
	static int env = -1;

	if (env < 0) {
		const char *v = getenv("GCMA_OPS_FRESH");

		env = v && *v && strcmp(v, "0");
	}
	return env || (opts && opts->fresh_machine);
}

static int env_setup(struct gops_env *e, unsigned long nr_pages,
		     const struct gops_options *opts)
{
	struct sim_machine_config cfg = {
		.name = "fuzz", .nr_pages = nr_pages,
		.data_mode = SIM_DATA_PAGES,
		.violation_mode = SIM_VIOLATION_RECORD, .seed = 1,
	};
	unsigned long donor, gstart;
	int ret, pool;

	anchor_get();
	/* rm_init() zeroes the model (30 KiB) once more: not here too. */
	memset(e, 0, offsetof(struct gops_env, rm));
	memset(&e->dirty, 0, sizeof(e->dirty));
	e->nr_pages = nr_pages;
	rm_init(&e->rm, nr_pages);
	ret = gops_machine_get(&cfg, fresh_wanted(opts), &e->m);
	if (ret)
		return ret;
	ret = set_defects(e->m, opts ? opts->defects : 0);
	if (!ret)
		ret = sim_thread_attach(e->m);
	if (!ret && lru_batch_wanted())
		ret = cleancache_set_lru_batch(true);
	if (!ret && nr_pages >= 2048) {
		ret = sim_cma_declare(e->m, "fz-cma", 0, RM_CMA_PAGES, 0, false,
				      &e->cma[0]);
		if (!ret)
			ret = sim_cma_declare(e->m, "fz-gcma", 0, RM_CMA_PAGES,
					      0, true, &e->cma[1]);
	}
	for (int a = 0; !ret && a < RM_NR_DIRECT; a++)
		ret = reserve(e, RM_DIRECT_PAGES, a ? "fz-area1" : "fz-area0",
			      &e->rm.direct_start[a]);
	if (!ret)
		ret = reserve(e, RM_DONOR_PAGES, "fz-donor", &donor);
	if (!ret && nr_pages >= 2048)
		ret = reserve(e, RM_TAG_PAGES, "fz-tags", &e->rm.tag_start);
	if (!ret)
		ret = sim_machine_boot_done(e->m);
	if (ret)
		return ret;
	/* The donor pages become the executor's: in use, refcount 1. */
	e->rm.donor_start = donor;
	for (unsigned long i = 0; i < RM_DONOR_PAGES; i++)
		__folio_clear_reserved(pfn_folio(donor + i));
	if (e->cma[1]) {
		pool = find_gcma_pool("fz-gcma", &gstart);
		if (pool < 0)
			return pool;
		rm_add_cma(&e->rm, (unsigned long)(cma_get_base(e->cma[0]) >>
						   PAGE_SHIFT), gstart, pool);
	}
	ret = sim_fs_mount("fz", CACHE_PAGES, &e->sb);
	for (int i = 0; !ret && i < RM_NR_INODES; i++)
		ret = sim_inode_create(e->sb, (unsigned long)i + 1,
				       (int64_t)RM_FILE_PAGES * PAGE_SIZE,
				       &e->inode[i]);
	return ret ?: gops_swap_setup(&e->swap) ?:
		gops_dirty_init(&e->dirty, e->m);
}

static void clear_rules(struct gops_env *e)
{
	sim_fault_clear(e->m);
	e->rules = false;
}

/* @passed: every op passed every check; the machine may be reused. */
static void env_teardown(struct gops_env *e, bool passed)
{
	if (!e->m)
		return;
	clear_rules(e);
	gops_swap_teardown(&e->swap);
	for (int i = 0; i < NR_SLOTS; i++)
		if (e->pin[i].pin)
			sim_unpin(e->pin[i].pin);
	gops_dirty_exit(&e->dirty);
	if (e->sb)
		sim_fs_unmount(e->sb);
	sim_thread_detach();
	gops_machine_put(e->m, passed);
	e->m = NULL;
}

/* Allocations failed on purpose so far. */
static unsigned long injected(const struct gops_env *e)
{
	struct sim_fault_stats s;
	unsigned long n = 0;

	sim_fault_get_stats(e->m, &s);
	for (int c = 0; c < SIM_FAULT_NR_CLASSES; c++)
		n += s.injected[c];
	return n;
}

/* Did the current op meet a failure injected on purpose? */
static bool faulted(const struct gops_env *e)
{
	return e->armed && injected(e) != e->inj_before;
}

static bool env_faulted(const void *e)
{
	return faulted(e);
}

/* ---- data checks -------------------------------------------------------- */

/**
 * gops_page_hash() - a hash of 16 words spread over a page: enough to
 * tell the simulated filesystem's patterns apart.
 * @folio: an order-0 folio with data.
 *
 * Context: Any context.
 * Return: the hash.
 */
uint64_t gops_page_hash(struct folio *folio)
{
	const uint64_t *w = folio_address(folio);
	uint64_t h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < 16; i++) {
		h ^= w[i * (PAGE_SIZE / 8 / 16) + (unsigned int)i % 4];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The stamp the executor writes into the first and last word of a page. */
static uint64_t stamp_of(unsigned long pfn)
{
	return 0x5eed0000deadbeefULL ^ (pfn * 0x9e3779b97f4a7c15ULL);
}

/* After an allocation: zeroed if asked, then stamp every page. */
static void alloc_data(struct gops_env *e, unsigned long pfn,
		       unsigned long count, bool zero)
{
	for (unsigned long p = pfn; p < pfn + count; p++) {
		uint64_t *w = folio_address((struct folio *)pfn_to_page(p));

		if (zero && (w[0] || w[PAGE_SIZE / 8 - 1] ||
			     w[PAGE_SIZE / 16]))
			rm_fail(&e->rm, "pfn %#lx: not zeroed for __GFP_ZERO",
				p);
		w[0] = w[PAGE_SIZE / 8 - 1] = stamp_of(p);
	}
}

/* Before a free the model expects to succeed: every stamp still there. */
static void free_data(struct gops_env *e, unsigned long pfn,
		      unsigned long count)
{
	for (unsigned long p = pfn; p < pfn + count; p++) {
		uint64_t *w = folio_address((struct folio *)pfn_to_page(p));

		if (w[0] != stamp_of(p) || w[PAGE_SIZE / 8 - 1] != stamp_of(p))
			rm_fail(&e->rm, "pfn %#lx: allocated page lost its data",
				p);
	}
}

/* ---- op handlers: each returns the call's result, or 1 for "skip" ------- */

/* The op was not run (its target does not exist or is not ours). */
static int skip(struct gops_env *e)
{
	e->skipped = true;
	return 0;
}

static int op_register_area(struct gops_env *e, const struct gop *op)
{
	int area = (int)op->arg[0], pool = -1, ret;
	unsigned long start;

	ret = gcma_register_area(area ? "fz-area1" : "fz-area0",
				 e->rm.direct_start[area], RM_DIRECT_PAGES);
	if (!ret)
		pool = find_gcma_pool(area ? "fz-area1" : "fz-area0", &start);
	rm_register_area(&e->rm, area, ret, pool, faulted(e));
	return ret;
}

static int first_free_pool_slot(const struct refmodel *rm)
{
	for (int s = 0; s < RM_NR_POOL_SLOTS; s++)
		if (rm->pool_id[s] < 0)
			return s;
	return -1;
}

/*
 * The first four pools are named after their slots; every pool past them
 * is "fz-pool-more", so the second of those meets -EEXIST (the model
 * expects it: a registered name is refused).
 */
static int op_register_pool(struct gops_env *e, const struct gop *op)
{
	static const char *const names[] = { "fz-pool0", "fz-pool1",
					     "fz-pool2", "fz-pool3" };
	int slot = first_free_pool_slot(&e->rm);
	int ret = cleancache_backend_register_pool(slot >= 0 ? names[slot] :
							       "fz-pool-more");

	rm_register_pool(&e->rm, slot, ret, faulted(e));
	return ret;
}

/* The pool id of a slot; an unregistered slot gives an id no pool has. */
static int slot_pool(const struct gops_env *e, unsigned int slot)
{
	return e->rm.pool_id[slot] >= 0 ? e->rm.pool_id[slot] : 99;
}

static struct folio *donor_folio(const struct gops_env *e, unsigned long off)
{
	return pfn_folio(e->rm.donor_start + off);
}

static int op_donate(struct gops_env *e, const struct gop *op, bool range)
{
	unsigned int slot = op->arg[0];
	unsigned long off = op->arg[1], count = range ? op->arg[2] : 1;
	int ret;

	if (off + count > RM_DONOR_PAGES)
		return skip(e);		/* not the executor's pages */
	/* A backend donates at refcount 0 (pages it holds are at 1). */
	for (unsigned long i = off; i < off + count; i++)
		if (e->rm.donor_slot[i] < 0)
			folio_set_count(donor_folio(e, i), 0);
	ret = range ? cleancache_backend_put_range(slot_pool(e, slot),
						   e->rm.donor_start + off,
						   count) :
		      cleancache_backend_put_folio(slot_pool(e, slot),
						   donor_folio(e, off));
	if (ret)
		for (unsigned long i = off; i < off + count; i++)
			if (e->rm.donor_slot[i] < 0)
				folio_set_count(donor_folio(e, i), 1);
	rm_donate(&e->rm, (int)slot, off, count, ret);
	return ret;
}

static int op_take(struct gops_env *e, const struct gop *op, bool range)
{
	unsigned int slot = op->arg[0];
	unsigned long off = op->arg[1], count = range ? op->arg[2] : 1;
	int ret;

	ret = range ? cleancache_backend_get_range(slot_pool(e, slot),
						   e->rm.donor_start + off,
						   count) :
		      cleancache_backend_get_folio(slot_pool(e, slot),
						   donor_folio(e, off));
	/* A range call that fails gives back what it took: recalled. */
	if (!ret || (range && count && e->rm.pool_id[slot] >= 0))
		rm_swap_recall_point(&e->rm);
	rm_take(&e->rm, (int)slot, off, count, range, ret);
	if (!ret)
		for (unsigned long i = off; i < off + count; i++)
			folio_set_count(donor_folio(e, i), 1);
	return ret;
}

static int op_read(struct gops_env *e, const struct gop *op)
{
	int ino = (int)op->arg[0];
	struct folio *folio;
	int ret;

	if (!e->inode[ino])
		return skip(e);
	ret = sim_page_cache_read(e->inode[ino], op->arg[1], &folio);
	rm_file_result(&e->rm, "sim_page_cache_read", ino, op->arg[1], 0,
		       faulted(e), ret);
	if (!ret) {
		rm_file_seen(&e->rm, ino, op->arg[1], gops_page_hash(folio), false);
		folio_put(folio);
	}
	return ret;
}

static int op_readahead(struct gops_env *e, const struct gop *op)
{
	int ino = (int)op->arg[0];
	int ret;

	if (!e->inode[ino])
		return skip(e);
	ret = sim_page_cache_readahead(e->inode[ino], op->arg[1], op->arg[2]);
	rm_file_result(&e->rm, "sim_page_cache_readahead", ino, op->arg[1],
		       op->arg[2] ? 0 : RM_F_BADARG, faulted(e), ret);
	return ret;
}

static int op_write(struct gops_env *e, const struct gop *op)
{
	int ino = (int)op->arg[0];
	struct folio *folio;
	int ret;

	if (!e->inode[ino])
		return skip(e);
	ret = sim_page_cache_write(e->inode[ino], op->arg[1]);
	rm_file_result(&e->rm, "sim_page_cache_write", ino, op->arg[1], 0,
		       faulted(e), ret);
	if (ret)
		return ret;
	folio = sim_page_cache_lookup(e->inode[ino], op->arg[1]);
	if (!folio)
		rm_fail(&e->rm, "ino slot %d index %u: not cached after a write",
			ino, op->arg[1]);
	else
		rm_file_seen(&e->rm, ino, op->arg[1], gops_page_hash(folio), true);
	return ret;
}

static int op_page(struct gops_env *e, const struct gop *op)
{
	int ino = (int)op->arg[0];
	bool evict = op->kind == GOP_EVICT;
	int ret;

	if (!e->inode[ino])
		return skip(e);
	ret = evict ? sim_page_cache_evict(e->inode[ino], op->arg[1]) :
		      sim_page_cache_writeback(e->inode[ino], op->arg[1]);
	rm_file_result(&e->rm, evict ? "sim_page_cache_evict" :
				       "sim_page_cache_writeback",
		       ino, op->arg[1], RM_F_ENOENT, faulted(e), ret);
	return ret;
}

static int op_shrink(struct gops_env *e, const struct gop *op)
{
	unsigned long n = sim_page_cache_shrink(e->sb, op->arg[0]);

	if (n > op->arg[0])
		rm_fail(&e->rm, "sim_page_cache_shrink(%u) reclaimed %lu",
			op->arg[0], n);
	return (int)n;
}

static int op_truncate(struct gops_env *e, const struct gop *op)
{
	int ino = (int)op->arg[0];
	int ret;

	if (!e->inode[ino])
		return skip(e);
	ret = sim_page_cache_truncate(e->inode[ino],
				      (int64_t)op->arg[1] * PAGE_SIZE);
	rm_truncate(&e->rm, ino, op->arg[1], ret, faulted(e));
	return ret;
}

static int op_forget(struct gops_env *e, const struct gop *op)
{
	int ino = (int)op->arg[0];
	int ret;

	if (!e->inode[ino])
		return skip(e);
	ret = sim_inode_evict(e->inode[ino]);
	if (ret) {
		rm_fail(&e->rm, "sim_inode_evict returned %d", ret);
		return ret;
	}
	e->inode[ino] = NULL;
	rm_forget(&e->rm, ino);
	/* The next incarnation, without the fault rule (not this op's). */
	clear_rules(e);
	ret = sim_inode_create(e->sb, (unsigned long)ino + 1,
			       (int64_t)RM_FILE_PAGES * PAGE_SIZE,
			       &e->inode[ino]);
	if (ret)
		rm_fail(&e->rm, "sim_inode_create returned %d", ret);
	return ret;
}

/*
 * The absolute range of a direct-area op, or false when it reaches into
 * the `guarantee` CMA area, which only CMA may allocate from (a GCMA
 * allocation there that CMA does not know of fails cma_check(): a misuse,
 * not a defect).
 */
static bool direct_range(const struct gops_env *e, const struct gop *op,
			 unsigned long *start, unsigned long count)
{
	unsigned long s = e->rm.direct_start[op->arg[0]] + op->arg[1];

	*start = s;
	if (!e->rm.has_cma)
		return true;
	return s + count <= e->rm.cma_start[1] ||
	       s >= e->rm.cma_start[1] + RM_CMA_PAGES;
}

static int op_gcma_alloc(struct gops_env *e, const struct gop *op)
{
	unsigned long start, count = op->arg[2];
	gfp_t gfp = GFP_KERNEL;
	int ret;

	if (!direct_range(e, op, &start, count))
		return skip(e);
	if (op->arg[3] & 1)
		gfp |= __GFP_COMP;
	if (op->arg[3] & 2)
		gfp |= __GFP_ZERO;
	ret = gcma_alloc_range(start, count, gfp);
	if (!ret)
		rm_swap_recall_point(&e->rm);
	rm_gcma_alloc(&e->rm, start, count, op->arg[3], ret);
	if (!ret)
		alloc_data(e, start, count, op->arg[3] & 2);
	return ret;
}

static int op_gcma_free(struct gops_env *e, const struct gop *op)
{
	unsigned long start, count = op->arg[2];
	int ret;

	if (!direct_range(e, op, &start, count))
		return skip(e);
	for (unsigned long p = start; p < start + count; p++)
		if (rm_gcma_allocated(&e->rm, p))
			free_data(e, p, 1);
	ret = gcma_free_range(start, count);
	rm_gcma_free(&e->rm, start, count, ret);
	return ret;
}

/*
 * The user of GCMA-allocated pages leaves page flags on them, as a driver
 * that maps or fills them does (PG_referenced, PG_uptodate, PG_dirty on
 * the folio of each allocated pfn of the range). gcma_free_range() must
 * clear them (free_pages_prepare()); the model is unchanged.
 */
static int op_use_gcma(struct gops_env *e, const struct gop *op)
{
	unsigned long start, count = op->arg[2];

	if (!direct_range(e, op, &start, count))
		return skip(e);
	for (unsigned long p = start; p < start + count; p++) {
		struct folio *folio;

		if (!rm_gcma_allocated(&e->rm, p))
			continue;
		folio = page_folio(pfn_to_page(p));
		folio_set_referenced(folio);
		folio_set_uptodate(folio);
		folio_set_dirty(folio);
	}
	return 0;
}

static int op_cma_alloc(struct gops_env *e, const struct gop *op)
{
	int area = (int)op->arg[0], slot;
	unsigned long count = op->arg[1], pfn = 0;
	gfp_t gfp = CMA_GFP;
	struct page *page = NULL;
	int ret;

	for (slot = 0; slot < NR_SLOTS; slot++)
		if (!e->cma_slot[slot].count)
			break;
	if (!e->cma[area] || slot == NR_SLOTS)
		return skip(e);
	if (op->arg[3] & 1)
		gfp |= __GFP_COMP;
	if (op->arg[3] & 2)
		gfp |= __GFP_ZERO;
	ret = cma_alloc_pages(e->cma[area], count, op->arg[2], gfp, &page);
	if (area == 1 && !ret)
		rm_swap_recall_point(&e->rm);
	if (!ret)
		pfn = page_to_pfn(page);
	rm_cma_alloc(&e->rm, area, count, op->arg[2], op->arg[3], faulted(e),
		     ret, pfn);
	if (ret)
		return ret;
	e->cma_slot[slot] = (struct cma_slot){ page, pfn, count, area,
					       op->arg[3] & 1 };
	alloc_data(e, pfn, count, op->arg[3] & 2);
	return ret;
}

static int op_cma_release(struct gops_env *e, const struct gop *op)
{
	struct cma_slot *s = &e->cma_slot[op->arg[0]];
	unsigned long count;
	int ret;

	if (!s->count)
		return skip(e);
	/* part=1: the first half only (cuts a compound folio). */
	count = op->arg[1] && s->count > 1 ? s->count / 2 : s->count;
	free_data(e, s->pfn, count);
	ret = cma_release_pages(e->cma[s->area], s->page, count);
	rm_cma_release(&e->rm, s->area, s->pfn, count,
		       s->comp && count < s->count, ret);
	if (ret)
		return ret;
	s->pfn += count;
	s->page = pfn_to_page(s->pfn);
	s->count -= count;
	return ret;
}

static int free_pin_slot(const struct gops_env *e)
{
	for (int i = 0; i < NR_SLOTS; i++)
		if (!e->pin[i].pin)
			return i;
	return -1;
}

/* Pin @folio of kind @kind into a free slot; @pfn as for struct pin_slot. */
static int pin_into_slot(struct gops_env *e, struct folio *folio,
			 enum sim_pin_kind kind, unsigned long pfn)
{
	int i = free_pin_slot(e);

	if (i < 0)
		return -ENOSPC;
	return sim_pin_folio(folio, kind, 0, "fuzz", &e->pin[i].pin) ?:
	       (e->pin[i].pfn = pfn, 0);
}

static int op_pin_file(struct gops_env *e, const struct gop *op)
{
	static const enum sim_pin_kind kinds[] = {
		SIM_PIN_ODIRECT, SIM_PIN_VMSPLICE, SIM_PIN_LONGTERM };
	int ino = (int)op->arg[0];
	struct folio *folio;
	int ret;

	if (!e->inode[ino] || free_pin_slot(e) < 0)
		return skip(e);
	folio = sim_page_cache_get(e->inode[ino], op->arg[1]);
	if (!folio)
		return skip(e);
	if (kinds[op->arg[2]] == SIM_PIN_ODIRECT)
		ret = sim_pin_folio(folio, SIM_PIN_ODIRECT, ODIRECT_NS, "dio",
				    NULL);
	else
		ret = pin_into_slot(e, folio, kinds[op->arg[2]], ULONG_MAX);
	folio_put(folio);
	if (ret && !(ret == -EAGAIN && kinds[op->arg[2]] == SIM_PIN_LONGTERM) &&
	    !(ret == -ENOMEM && faulted(e)))
		rm_fail(&e->rm, "sim_pin_folio of a page-cache folio returned %d",
			ret);
	return ret;
}

static int op_pin_alloc(struct gops_env *e, unsigned long pfn, bool in_use,
			unsigned int kind)
{
	enum sim_pin_kind k = kind ? SIM_PIN_LONGTERM : SIM_PIN_VMSPLICE;
	int ret;

	if (free_pin_slot(e) < 0)
		return skip(e);
	ret = pin_into_slot(e, pfn_folio(pfn), k, pfn);
	/* -ENOMEM: the pin's allocation failed on purpose; nothing changed. */
	if (!(ret == -ENOMEM && faulted(e)))
		rm_pin(&e->rm, pfn, in_use, kind, ret);
	return ret;
}

static int op_pin_gcma(struct gops_env *e, const struct gop *op)
{
	unsigned long pfn = e->rm.direct_start[op->arg[0]] + op->arg[1];

	/*
	 * Only pages GCMA handed out: the others are reserved boot pages
	 * (pinnable, refcount 1, but then no longer registrable) or donated
	 * ones (refcount 0, refused).
	 */
	if (!rm_gcma_allocated(&e->rm, pfn))
		return skip(e);
	return op_pin_alloc(e, rm_gcma_head(&e->rm, pfn), true, op->arg[2]);
}

static int op_pin_cma(struct gops_env *e, const struct gop *op)
{
	struct cma_slot *s = &e->cma_slot[op->arg[0]];

	if (!s->count)
		return skip(e);
	/* A slot cut by a partial release may start at a tail: skip. */
	if (s->comp && s->area == 1 && rm_gcma_head(&e->rm, s->pfn) != s->pfn)
		return skip(e);
	if (s->comp && s->area == 0 && PageTail(s->page))
		return skip(e);
	return op_pin_alloc(e, s->pfn, true, op->arg[1]);
}

static int op_unpin(struct gops_env *e, const struct gop *op)
{
	struct pin_slot *p = &e->pin[op->arg[0]];
	int ret;

	if (!p->pin)
		return skip(e);
	ret = sim_unpin(p->pin);
	if (ret)
		rm_fail(&e->rm, "sim_unpin returned %d", ret);
	else if (p->pfn != ULONG_MAX)
		rm_unpin(&e->rm, p->pfn);
	p->pin = NULL;
	return ret;
}

static int op_fault(struct gops_env *e, const struct gop *op, int index)
{
	int ret;

	if (op->kind == GOP_FAIL_NTH)
		ret = sim_fault_fail_nth(e->m, op->arg[0], op->arg[1] + 1UL);
	else
		ret = sim_fault_set_probability(e->m, op->arg[0],
						op->arg[1] * 3900U,
						(uint64_t)index + 1);
	e->fault_pending = !ret;
	e->rules |= !ret;
	return ret;
}

/*
 * The tag-storage donor's ops (refmodel_tag.c). An activation takes
 * pages a frontswap store may be using: a recall point for its model.
 */
static int op_tag(struct gops_env *e, const struct gop *op)
{
	int ret;

	switch (op->kind) {
	case GOP_TAG_REGISTER:
		if (!e->rm.tag_start)
			return skip(e);		/* a small machine: none */
		ret = tag_storage_register("fz-tags", e->rm.tag_start,
					   RM_TAG_PAGES);
		rm_tag_register(&e->rm, ret, faulted(e));
		return ret;
	case GOP_TAG_ACTIVATE:
		ret = tag_storage_activate(0);
		if (!ret)
			rm_swap_recall_point(&e->rm);
		rm_tag_activate(&e->rm, ret);
		return ret;
	default:
		ret = tag_storage_deactivate(0);
		rm_tag_deactivate(&e->rm, ret);
		return ret;
	}
}

/*
 * pcp cpus=C high=H cma=T: per-CPU page lists with C slots (0: off,
 * which drains them), high 2^(H+2) and batch a quarter of it; CMA pages
 * freed to the lists (T=1) or to the buddy (the 2013 switch).
 */
static int op_pcp(struct gops_env *e, const struct gop *op)
{
	unsigned int high = 4U << op->arg[1];
	int ret = sim_page_alloc_set_pcp(e->m, op->arg[0], high, high / 4);

	return ret ? ret : sim_page_alloc_set_cma_pcp(e->m, op->arg[2]);
}

static int run_op(struct gops_env *e, const struct gop *op, int index)
{
	switch (op->kind) {
	case GOP_REGISTER_AREA:	return op_register_area(e, op);
	case GOP_REGISTER_POOL:	return op_register_pool(e, op);
	case GOP_DONATE:	return op_donate(e, op, false);
	case GOP_TAKE:		return op_take(e, op, false);
	case GOP_DONATE_RANGE:	return op_donate(e, op, true);
	case GOP_TAKE_RANGE:	return op_take(e, op, true);
	case GOP_READ:		return op_read(e, op);
	case GOP_READAHEAD:	return op_readahead(e, op);
	case GOP_WRITE:		return op_write(e, op);
	case GOP_WRITEBACK:
	case GOP_EVICT:		return op_page(e, op);
	case GOP_SHRINK:	return op_shrink(e, op);
	case GOP_TRUNCATE:	return op_truncate(e, op);
	case GOP_FORGET:	return op_forget(e, op);
	case GOP_GCMA_ALLOC:	return op_gcma_alloc(e, op);
	case GOP_GCMA_FREE:	return op_gcma_free(e, op);
	case GOP_CMA_ALLOC:	return op_cma_alloc(e, op);
	case GOP_CMA_RELEASE:	return op_cma_release(e, op);
	case GOP_PIN_FILE:	return op_pin_file(e, op);
	case GOP_PIN_GCMA:	return op_pin_gcma(e, op);
	case GOP_PIN_CMA:	return op_pin_cma(e, op);
	case GOP_UNPIN:		return op_unpin(e, op);
	case GOP_FAIL_NTH:
	case GOP_FAIL_PROB:	return op_fault(e, op, index);
	case GOP_CLOCK:
		return sim_clock_advance(e->m, op->arg[0] * 1000ULL);
	case GOP_USE_GCMA:	return op_use_gcma(e, op);
	case GOP_SWAPON ... GOP_SWAP_RATIO:
		return gops_swap_op(&e->swap, &e->rm, op, env_faulted, e,
				    &e->skipped);
	case GOP_TAG_REGISTER ... GOP_TAG_DEACTIVATE:
		return op_tag(e, op);
	case GOP_PCP:		return op_pcp(e, op);
	case GOP_BH_ATTACH:
		if (!e->inode[op->arg[0]])
			return skip(e);
		return gops_bh_attach(&e->rm, e->inode[op->arg[0]],
				      (int)op->arg[0], op->arg[1], op->arg[2],
				      faulted(e));
	case GOP_NOSWAP:	return gops_noswap(&e->rm, e->m, op->arg[0]);
	}
	return -EINVAL;
}

/* ---- after every op ----------------------------------------------------- */

/* Does pfn @p have the refcount the model expects? Else record it. */
static bool refcount_ok(struct refmodel *rm, unsigned long p)
{
	int want = 0, got = page_ref_count(pfn_to_page(p));

	if (rm->gcma[p] == RM_GCMA_PAGE || rm->gcma[p] == RM_GCMA_HEAD)
		want = 1 + rm->pins[p];
	if (got != want)
		rm_fail(rm, "pfn %#lx: refcount %d, the model expects %d", p,
			got, want);
	return got == want;
}

/*
 * The refcounts the model expects in registered area @id: at every pfn
 * when @full, else at the pfns the op touched (a refcount lives in the
 * descriptor; a model that changed where the machine did not is caught
 * by the next whole look, GOPS_FULL_CHECK_EVERY ops later at most).
 */
static void check_refcounts(struct gops_env *e, int id, bool full)
{
	const struct gops_dirty *d = &e->dirty;
	struct refmodel *rm = &e->rm;
	unsigned long start = rm->areas[id].start, end = rm->areas[id].end;
	struct page *base = pfn_to_page(start);

	if (!full) {
		for (unsigned long i = 0; i < d->nr; i++)
			if (d->pfns[i] >= start && d->pfns[i] < end &&
			    !refcount_ok(rm, d->pfns[i]))
				return;
		return;
	}
	/* No call per pfn: the descriptors are walked in place. */
	for (unsigned long i = 0; i < end - start; i++) {
		unsigned long p = start + i;
		int want = 0;

		if (rm->gcma[p] == RM_GCMA_PAGE || rm->gcma[p] == RM_GCMA_HEAD)
			want = 1 + rm->pins[p];
		if (page_ref_count(nth_page(base, i)) != want) {
			refcount_ok(rm, p);
			return;
		}
	}
}

/*
 * The machine's counters against the model; the refcounts of the GCMA
 * areas' pfns all when @full, else the touched ones. check_all() calls
 * it at every whole check and after every op that touched a pfn: an
 * allocation, a donation or a take-back changes descriptors, and a
 * counter that moved without one is seen at the next whole check.
 */
static void compare(struct gops_env *e, bool full)
{
	struct cleancache_pool_stats ps;
	struct refmodel *rm = &e->rm;
	struct gcma_area_info info;
	struct cma_stats st;

	if (gcma_nr_areas() != rm->nr_areas)
		rm_fail(rm, "%d GCMA areas, the model has %d", gcma_nr_areas(),
			rm->nr_areas);
	for (int id = 0; !rm->failed && id < rm->nr_areas; id++) {
		if (gcma_area_get_info(id, &info) ||
		    info.start_pfn != rm->areas[id].start ||
		    info.allocated != rm_area_allocated(rm, id))
			rm_fail(rm, "GCMA area %d: %lu pages allocated, the model has %lu",
				id, info.allocated, rm_area_allocated(rm, id));
		check_refcounts(e, id, full);
	}
	/* One pool at a time: the whole stats struct is 3.6 KiB to copy. */
	for (int pool = 0; !rm->failed && pool <= rm->nr_pools; pool++) {
		int ret = cleancache_pool_stats_get(pool, &ps);

		if (pool == rm->nr_pools) {
			if (ret != -ENOENT)
				rm_fail(rm, "cleancache pool %d exists, the model has %d pools",
					pool, rm->nr_pools);
		} else if (ret) {
			rm_fail(rm, "cleancache pool %d: %d, the model has %d pools",
				pool, ret, rm->nr_pools);
		} else if (ps.size != rm_pool_size(rm, pool) ||
			   ps.cached > ps.size) {
			rm_fail(rm, "pool %d: size %llu cached %llu, the model's size %lu",
				pool, (unsigned long long)ps.size,
				(unsigned long long)ps.cached,
				rm_pool_size(rm, pool));
		}
	}
	for (int a = 0; !rm->failed && rm->has_cma && a < RM_NR_CMA; a++)
		if (cma_get_stats(e->cma[a], &st) ||
		    st.available_pages != rm_cma_available(rm, a))
			rm_fail(rm, "CMA area %d: %lu pages available, the model has %lu",
				a, st.available_pages, rm_cma_available(rm, a));
}

/*
 * A checker returned non-zero: record which, with the first problem it
 * reported (checkers log each as a CHECK violation) for the message.
 */
static void checker_failed(struct gops_env *e, const char *which,
			   unsigned long before)
{
	struct sim_violation v;

	if (sim_violation_count(e->m) > before &&
	    !sim_violation_get(e->m, before, &v))
		rm_fail(&e->rm, "%s failed: %s", which, v.msg);
	else
		rm_fail(&e->rm, "%s failed", which);
}

/*
 * The checkers restricted to the pfns the op touched (dirty.h): each
 * reports a subset of what its whole version reports; an op that touched
 * no pfn has nothing to re-check (the free lists are linked through the
 * descriptors, cleancache's pools and LRU too); cma_check() runs
 * whenever the op changed a descriptor in a CMA area.
 */
static void check_touched(struct gops_env *e, unsigned long n)
{
	const struct gops_dirty *d = &e->dirty;
	bool in_cma = false;

	for (int a = 0; e->rm.has_cma && a < RM_NR_CMA; a++)
		in_cma |= gops_dirty_any(d, e->rm.cma_start[a], RM_CMA_PAGES);
	if (d->nr && gcma_check_pfns(d->pfns, d->nr))
		checker_failed(e, "gcma_check_pfns()", n);
	if (d->nr && cleancache_check_pfns(d->pfns, d->nr))
		checker_failed(e, "cleancache_check_pfns()", n);
	if (in_cma && cma_check())
		checker_failed(e, "cma_check()", n);
	if (e->rm.tag_registered &&
	    gops_dirty_any(d, e->rm.tag_start, RM_TAG_PAGES) &&
	    tag_storage_check())
		checker_failed(e, "tag_storage_check()", n);
	if (d->nr && sim_page_alloc_check_blocks(e->m, d->pfns, d->nr))
		checker_failed(e, "page allocator check of the touched pfns", n);
}

/*
 * After every op: the violations, the checkers (whole when @full, else
 * over what the op touched), the model. gops_run_opts() asks for @full
 * every GOPS_FULL_CHECK_EVERY ops and after the last.
 */
static void check_all(struct gops_env *e, bool full)
{
	struct refmodel *rm = &e->rm;
	unsigned long n = sim_violation_count(e->m);
	struct sim_violation v;

	e->swap_look = gops_swap_on(&e->swap) &&
		       (full || e->dirty.nr || (e->swap_op && !e->unchanged));
	if (n) {
		if (!sim_violation_get(e->m, n - 1, &v))
			rm_fail(rm, "%lu violation(s); last: %s at %s:%d %s(): %s",
				n, v.kind, v.file, v.line, v.func, v.msg);
		else
			rm_fail(rm, "%lu violation(s)", n);
	}
	/*
	 * The client's own state is not in the memmap: its whole checker
	 * after every swap op that did not fail (one that failed changed
	 * nothing: its state is looked at by the next) and every op that
	 * touched a pfn (a recall, a store into a pool folio), and at every
	 * whole check.
	 */
	if (e->swap_look && frontswap_check())
		checker_failed(e, "frontswap_check()", n);
	if (!full) {
		check_touched(e, n);
		goto model;
	}
	if (gcma_check())
		checker_failed(e, "gcma_check()", n);
	if (tag_storage_check())
		checker_failed(e, "tag_storage_check()", n);
	if (cleancache_check())
		checker_failed(e, "cleancache_check()", n);
	if (e->cma[0] && cma_check())
		checker_failed(e, "cma_check()", n);
	if (sim_page_alloc_check(e->m))
		checker_failed(e, "page allocator check", n);
model:
	if (!rm->failed && (full || e->dirty.nr))
		compare(e, full);
	if (e->swap_look)
		gops_swap_compare(rm);
}

static int print_cma_area(struct cma *cma, void *out)
{
	return cma_debugfs_show(cma, out);
}

/**
 * gops_print_state() - what a reader of a failed run wants to see.
 * @m: the run's machine.
 * @out: where to print.
 *
 * The machine's page states and reservations, every recorded violation,
 * the GCMA areas, cleancache's counters, the CMA areas' bitmaps and the
 * buddy free lists.
 *
 * Context: The calling thread is attached to @m.
 * Return: nothing.
 */
void gops_print_state(struct sim_machine *m, FILE *out)
{
	struct gcma_area_info info;
	struct sim_violation v;

	fprintf(out, "--- machine state at the failure\n");
	sim_machine_show(m, out);
	for (unsigned long i = 0; i < sim_violation_count(m); i++)
		if (!sim_violation_get(m, i, &v))
			fprintf(out, "violation %lu: %s at %s:%d %s(): %s\n", i,
				v.kind, v.file, v.line, v.func, v.msg);
	for (int id = 0; id < gcma_nr_areas(); id++)
		if (!gcma_area_get_info(id, &info))
			fprintf(out, "gcma area %d %s: pfns [%#lx, %#lx) pool %d, %lu allocated\n",
				id, info.name, info.start_pfn, info.end_pfn,
				info.pool_id, info.allocated);
	cleancache_stats_show(out);
	cma_for_each_area(print_cma_area, out);
	sim_page_alloc_show(m, out);
}

/*
 * Is the check after op @i of @nr a whole one? After the last op, and
 * after every @every-th op unless the last is fewer than @every / 2 ops
 * later (its whole check is near: a 67-op input gets two, after ops 31
 * and 66, not three). So whole checks are at most 1.5 * @every - 1 ops
 * apart and one is always after the last.
 */
static bool full_check_due(const struct gops_options *opts, unsigned int i,
			   unsigned int nr)
{
	unsigned int every = opts && opts->full_check_every ?
			     opts->full_check_every : GOPS_FULL_CHECK_EVERY;

	if (i + 1 == nr)
		return true;
	return (i + 1) % every == 0 && nr - (i + 1) >= every / 2;
}

/*
 * Is there nothing for op @op, which returned @r, to have changed? A
 * skipped op called nothing that changes the machine, a fail op only
 * arms a rule, and a call that failed changes nothing (the library's
 * rule; 41% of the bench's ops fail, most of them their argument
 * checks). Such an op is not looked at: a change made anyway is in the
 * next look's pfns (the copy is the last look's), and the whole checks
 * every GOPS_FULL_CHECK_EVERY ops and after the last see it regardless.
 */
static bool nothing_to_look_at(const struct gops_env *e, const struct gop *op,
			       int r)
{
	return e->skipped || r < 0 || op->kind == GOP_FAIL_NTH ||
	       op->kind == GOP_FAIL_PROB;
}

/*
 * What op @i, which returned @r, touched, for its checks; the test's
 * hook (struct gops_options) runs before, or after with what it changes
 * kept from the touched pfns.
 */
static void collect_touched(struct gops_env *e, const struct gop *op, int r,
			    const struct gops_options *opts, unsigned int i)
{
	bool hook = opts && opts->after_op;

	if (hook && !opts->after_op_unseen)
		opts->after_op(e->m, i, opts->arg);
	e->unchanged = nothing_to_look_at(e, op, r);
	if (e->unchanged)
		e->dirty.nr = 0;
	else
		gops_dirty_collect(&e->dirty);
	if (hook && opts->after_op_unseen) {
		opts->after_op(e->m, i, opts->arg);
		gops_dirty_absorb(&e->dirty);
	}
}

/**
 * gops_run() - run a program on a fresh machine, checking after each op.
 * @p: the program.
 * @trace: where to print each op with its result, one line each (NULL:
 *	nowhere).
 * @res: receives how the run ended.
 *
 * Context: The calling thread must not be attached to a machine; it is
 * attached to the run's machine meanwhile. The machine is destroyed
 * together with the next runs' (retire.h), at the latest at exit.
 * Return: 0 when every op passed every check; -EUCLEAN at the first op
 * after which a checker, a recorded violation or the reference model
 * disagreed (@res->msg says which); another -errno when the machine
 * could not be set up.
 */
int gops_run(const struct gops_program *p, FILE *trace,
	     struct gops_result *res)
{
	return gops_run_opts(p, trace, NULL, res);
}

/**
 * gops_run_opts() - gops_run() with options.
 * @p: the program.
 * @trace: as gops_run().
 * @opts: NULL for none; see struct gops_options.
 * @res: receives how the run ended.
 *
 * Context: as gops_run().
 * Return: as gops_run(); -EINVAL if a defect switch could not be set.
 */
int gops_run_opts(const struct gops_program *p, FILE *trace,
		  const struct gops_options *opts, struct gops_result *res)
{
	struct gops_env *e = malloc(sizeof(*e));
	char line[GOPS_LINE_MAX], rbuf[24];
	int ret;

	memset(res, 0, sizeof(*res));
	res->failed_op = -1;
	if (!e)
		return -ENOMEM;
	ret = env_setup(e, gops_geometry_pages[p->geometry], opts);
	if (ret) {
		snprintf(res->msg, sizeof(res->msg), "set-up failed: %d", ret);
		goto out;
	}
	if (trace)
		fprintf(trace, "machine pages=%lu\n", e->nr_pages);
	for (unsigned int i = 0; i < p->nr; i++) {
		const struct gop *op = &p->ops[i];
		bool pending = e->fault_pending, fault;
		int r;

		e->armed = e->rules;
		e->inj_before = e->armed ? injected(e) : 0;
		e->skipped = false;
		e->swap_op = op->kind >= GOP_SWAPON &&
			     op->kind <= GOP_SWAP_RATIO;
		r = run_op(e, op, (int)i);
		fault = faulted(e);
		if (pending && op->kind != GOP_FAIL_NTH &&
		    op->kind != GOP_FAIL_PROB) {
			clear_rules(e);
			e->fault_pending = false;
		}
		res->nr_run = i + 1;
		collect_touched(e, op, r, opts, i);
		if (!e->rm.failed)
			check_all(e, full_check_due(opts, i, p->nr));
		if (trace) {
			gops_format(op, e->skipped ? "skip" :
					gops_errno_name(r, rbuf, sizeof(rbuf)),
				    line, sizeof(line));
			fprintf(trace, "%s%s\n", line,
				fault ? " (fault injected)" : "");
		}
		if (e->rm.failed) {
			res->failed_op = (int)i;
			snprintf(res->msg, sizeof(res->msg), "op %u (%s): %s",
				 i, gops_kind_name(op->kind), e->rm.msg);
			ret = -EUCLEAN;
			if (opts && opts->state)
				gops_print_state(e->m, opts->state);
			break;
		}
	}
out:
	env_teardown(e, !ret);
	free(e);
	return ret;
}
