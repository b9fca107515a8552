/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The reference model of the fuzz executor: what the machine must hold
 * and what each call must return, written for clarity, not speed.
 *
 * It knows, per pfn, what GCMA handed out (order-0 page, compound head
 * or tail) and the pins on it; each CMA area's bitmap; which donor pages
 * the executor holds and which it donated to which pool; how many pools
 * exist; each file's size and, per page, the contents seen last (a hash)
 * and the contents it may no longer have (after a write, a truncation or
 * a new incarnation of the inode).
 *
 * Each rm_*() call takes the result the real call returned, checks it
 * against the results the documentation allows and, if it is allowed,
 * applies it. Where the real code may choose (docs/testing.md, "The
 * reference model", lists each rule), the model accepts the allowed set
 * and learns the choice from the result. The first disagreement is kept
 * in @msg; later calls do nothing.
 */
#ifndef _GCMA_OPS_REFMODEL_H
#define _GCMA_OPS_REFMODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "refmodel_swap.h"

#define RM_MAX_PFNS	4096
#define RM_NR_DIRECT	2	/* direct GCMA areas (register_area) */
#define RM_DIRECT_PAGES	64
#define RM_NR_CMA	2	/* 0: classic, 1: guarantee */
#define RM_CMA_PAGES	512
#define RM_DONOR_PAGES	32
#define RM_NR_POOL_SLOTS	4
#define RM_NR_INODES	4
#define RM_FILE_PAGES	24
#define RM_MAX_AREAS	(RM_NR_DIRECT + 1)
#define RM_TAG_PAGES	16	/* the tag-storage donor (>= 2048 pages) */

/* What GCMA did with a pfn. */
enum rm_gcma_page {
	RM_GCMA_NONE,		/* not handed out (or not a GCMA pfn) */
	RM_GCMA_PAGE,		/* an order-0 page */
	RM_GCMA_HEAD,		/* the head of a compound folio */
	RM_GCMA_TAIL,		/* a tail; rm.head[] says whose */
};

/**
 * struct rm_area - a GCMA area the model knows is registered.
 * @start: first pfn.
 * @end: first pfn past it.
 * @pool: its cleancache pool id.
 * @allocated: pages GCMA handed out (kept by gcma_mark/gcma_unmark).
 */
struct rm_area {
	unsigned long start, end;
	int pool;
	unsigned long allocated;
};

/**
 * struct rm_page - what is known of one file page's contents.
 * @known: @hash holds the contents last seen.
 * @hash: that hash.
 * @has_stale: @stale holds contents the page may not show any more.
 * @stale: that hash.
 */
struct rm_page {
	bool known;
	uint64_t hash;
	bool has_stale;
	uint64_t stale;
};

/**
 * struct refmodel - the whole reference state.
 * @nr_pfns: pfns of the machine.
 * @gcma: per pfn, enum rm_gcma_page.
 * @head: per pfn of a compound folio, its head pfn.
 * @order: per head pfn, the folio's order.
 * @pins: per pfn (a folio head or order-0 page), untimed pins on it.
 * @areas: registered GCMA areas, in registration order.
 * @nr_areas: how many.
 * @direct_start: first pfn of each direct area (registered or not).
 * @direct_id: index in @areas of each direct area, -1 if unregistered.
 * @nr_pools: cleancache pools registered (ids are dense from 0).
 * @extra_pool: a pool past the slots was registered; they all share one
 *	name, so the next one is refused (-EEXIST).
 * @cma_start: first pfn of each CMA area (0 pages if none).
 * @cma_bits: per CMA area, its bitmap (one bool per page).
 * @cma_used: per CMA area, bits set.
 * @has_cma: the machine has the two CMA areas.
 * @donor_start: first pfn of the donor region.
 * @donor_slot: per donor page, -1 when the executor holds it, else the
 *	pool slot it was donated to.
 * @pool_id: per pool slot, its pool id, -1 until registered.
 * @size: per inode, its size in pages.
 * @page: per inode, per page (a little past the largest size).
 * @tag_start: first pfn of the tag-storage donor's pages, 0 if none.
 * @tag_registered: tag_storage_register() succeeded (donor id 0).
 * @tag_pool: its pool id, once registered.
 * @tag_active: it is activated.
 * @swap: the frontswap-like client (refmodel_swap.h).
 * @failed: a disagreement was found.
 * @msg: the first one.
 */
struct refmodel {
	unsigned long nr_pfns;
	uint8_t gcma[RM_MAX_PFNS];
	uint16_t head[RM_MAX_PFNS];
	uint8_t order[RM_MAX_PFNS];
	uint8_t pins[RM_MAX_PFNS];
	struct rm_area areas[RM_MAX_AREAS];
	int nr_areas;
	unsigned long direct_start[RM_NR_DIRECT];
	int direct_id[RM_NR_DIRECT];
	int nr_pools;
	bool extra_pool;
	unsigned long cma_start[RM_NR_CMA];
	bool cma_bits[RM_NR_CMA][RM_CMA_PAGES];
	unsigned long cma_used[RM_NR_CMA];
	bool has_cma;
	unsigned long donor_start;
	int8_t donor_slot[RM_DONOR_PAGES];
	int pool_id[RM_NR_POOL_SLOTS];
	unsigned int size[RM_NR_INODES];
	struct rm_page page[RM_NR_INODES][RM_FILE_PAGES + 8];
	unsigned long tag_start;
	bool tag_registered;
	int tag_pool;
	bool tag_active;
	struct rm_swap swap;
	bool failed;
	char msg[512];
};

void rm_init(struct refmodel *rm, unsigned long nr_pfns);
void rm_fail(struct refmodel *rm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rm_expect(struct refmodel *rm, const char *what, int ret, int want);

/* Set-up, as the executor built the machine. */
void rm_add_cma(struct refmodel *rm, unsigned long classic_start,
		unsigned long guarantee_start, int guarantee_pool);

/* GCMA. */
int rm_gcma_area_of(const struct refmodel *rm, unsigned long start,
		    unsigned long count);
bool rm_gcma_allocated(const struct refmodel *rm, unsigned long pfn);
unsigned long rm_gcma_head(const struct refmodel *rm, unsigned long pfn);
void rm_register_area(struct refmodel *rm, int area, int ret, int pool,
		      bool faulted);
void rm_gcma_alloc(struct refmodel *rm, unsigned long start,
		   unsigned long count, unsigned int gfp, int ret);
void rm_gcma_free(struct refmodel *rm, unsigned long start,
		  unsigned long count, int ret);
unsigned long rm_area_allocated(const struct refmodel *rm, int id);

/* Pools and donor pages. */
void rm_register_pool(struct refmodel *rm, int slot, int ret, bool faulted);
void rm_donate(struct refmodel *rm, int slot, unsigned long off,
	       unsigned long count, int ret);
void rm_take(struct refmodel *rm, int slot, unsigned long off,
	     unsigned long count, bool range, int ret);
unsigned long rm_pool_size(const struct refmodel *rm, int pool);

/* The tag-storage donor (refmodel_tag.c). */
void rm_tag_register(struct refmodel *rm, int ret, bool faulted);
void rm_tag_activate(struct refmodel *rm, int ret);
void rm_tag_deactivate(struct refmodel *rm, int ret);
bool rm_tag_pool_size(const struct refmodel *rm, int pool,
		      unsigned long *size);

/* CMA. */
void rm_cma_alloc(struct refmodel *rm, int area, unsigned long count,
		  unsigned int align, unsigned int gfp, bool faulted,
		  int ret, unsigned long pfn);
void rm_cma_release(struct refmodel *rm, int area, unsigned long pfn,
		    unsigned long count, bool cut, int ret);
unsigned long rm_cma_available(const struct refmodel *rm, int area);

/* Pins of GCMA or CMA pages (untimed, with a handle). */
void rm_pin(struct refmodel *rm, unsigned long pfn, bool in_use,
	    bool longterm, int ret);
void rm_unpin(struct refmodel *rm, unsigned long pfn);

/* Files. rm_file_result() flags: */
#define RM_F_ENOENT	1u	/* -ENOENT allowed: the page may not be cached */
#define RM_F_BADARG	2u	/* an argument besides the index is invalid */
void rm_file_result(struct refmodel *rm, const char *what, int ino,
		    unsigned long idx, unsigned int flags, bool faulted,
		    int ret);
void rm_file_seen(struct refmodel *rm, int ino, unsigned long idx,
		  uint64_t hash, bool written);
void rm_truncate(struct refmodel *rm, int ino, unsigned int pages, int ret,
		 bool faulted);
void rm_forget(struct refmodel *rm, int ino);

#endif /* _GCMA_OPS_REFMODEL_H */
