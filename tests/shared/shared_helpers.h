/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Helpers of the shared test bodies (tests/shared/README.md), written
 * against the macro layer only ("shared_test.h"), so that they compile
 * unchanged in both harnesses: page patterns, the frontend calls as the
 * page cache makes them, and the cleancache counters compared with a
 * snapshot.
 */
#ifndef _GCMA_SHARED_HELPERS_H
#define _GCMA_SHARED_HELPERS_H

#include <libgcma/cleancache.h>
#include <libgcma/folio.h>
#include "shared_test.h"

/* A tag no stored page uses: what a folio holds before a restore. */
#define ST_SCRIBBLE	0xdeadbeefu

/* ST_CHECK_CC - the cleancache invariant checker must pass, now. */
#define ST_CHECK_CC()	ST_ASSERT_EQ(cleancache_check(), 0)

/* Fill @folio's page with the pattern of @tag. */
static inline void st_fill(struct folio *folio, uint32_t tag)
{
	uint32_t *word = folio_address(folio);
	unsigned long i;

	for (i = 0; i < PAGE_SIZE / sizeof(*word); i++)
		word[i] = tag + (uint32_t)i;
}

/* Does @folio hold the pattern of @tag? */
static inline bool st_holds(struct folio *folio, uint32_t tag)
{
	const uint32_t *word = folio_address(folio);
	unsigned long i;

	for (i = 0; i < PAGE_SIZE / sizeof(*word); i++)
		if (word[i] != tag + (uint32_t)i)
			return false;
	return true;
}

/* Do two folios hold the same bytes? */
static inline bool st_same(struct folio *a, struct folio *b)
{
	return !memcmp(folio_address(a), folio_address(b), PAGE_SIZE);
}

/*
 * Store @folio as (inode, @index) as the page cache does: the folio
 * carries the inode's mapping and the index, is a workingset page and is
 * locked around the call.
 */
static inline bool st_store(struct inode *inode, struct folio *folio,
			    pgoff_t index)
{
	bool stored;

	folio->mapping = inode->i_mapping;
	folio->index = index;
	folio_set_workingset(folio);
	__folio_set_locked(folio);
	stored = cleancache_store_folio(inode, folio);
	__folio_clear_locked(folio);
	return stored;
}

/* Restore (inode, @index) into @folio, scribbled first. */
static inline bool st_restore(struct inode *inode, struct folio *folio,
			      pgoff_t index)
{
	folio->mapping = inode->i_mapping;
	folio->index = index;
	st_fill(folio, ST_SCRIBBLE);
	return cleancache_restore_folio(inode, folio);
}

/* A snapshot of the counters, for ST_EXPECT(). */
static inline struct cleancache_stats *st_stats(struct st_ctx *st)
{
	struct cleancache_stats *s = st_zalloc(st, sizeof(*s));

	ST_ASSERT_EQ(cleancache_stats_get(s), 0);
	return s;
}

/* Expected changes of the counters since a snapshot (0 if not named). */
struct st_delta {
	long stored;
	long skipped;
	long restored;
	long missed;
	long reclaimed;
	long recalled;
	long invalidated;
};

/*
 * ST_EXPECT(snap, .stored = 1, ...) - the checker passes, the counters
 * moved by exactly the given deltas since @snap, and cached equals stored
 * minus everything dropped; @snap becomes the current counters.
 */
#define ST_EXPECT(snap, ...) \
	st_expect(st, (snap), (struct st_delta){ __VA_ARGS__ })

static inline void st_expect(struct st_ctx *st, struct cleancache_stats *snap,
			     struct st_delta d)
{
	struct cleancache_stats *now = st->stats_now;

	ST_CHECK_CC();
	ST_ASSERT_EQ(cleancache_stats_get(now), 0);
	ST_ASSERT_EQ(now->stored - snap->stored, d.stored);
	ST_ASSERT_EQ(now->skipped - snap->skipped, d.skipped);
	ST_ASSERT_EQ(now->restored - snap->restored, d.restored);
	ST_ASSERT_EQ(now->missed - snap->missed, d.missed);
	ST_ASSERT_EQ(now->reclaimed - snap->reclaimed, d.reclaimed);
	ST_ASSERT_EQ(now->recalled - snap->recalled, d.recalled);
	ST_ASSERT_EQ(now->invalidated - snap->invalidated, d.invalidated);
	ST_ASSERT_EQ(now->cached, now->stored - (now->invalidated +
			now->reclaimed + now->recalled));
	*snap = *now;
}

/* Pool @id must own @size folios, @cached of them cached, @recalled ever. */
static inline void st_expect_pool(struct st_ctx *st, int id,
				  unsigned long size, unsigned long cached,
				  unsigned long recalled)
{
	struct cleancache_pool_stats ps;

	ST_ASSERT_EQ(cleancache_pool_stats_get(id, &ps), 0);
	ST_ASSERT_EQ(ps.size, size);
	ST_ASSERT_EQ(ps.cached, cached);
	ST_ASSERT_EQ(ps.recalled, recalled);
}

/*
 * Take reserved page @pfn over as a backend does before donating it:
 * not reserved any more, its reference frozen to 0.
 */
static inline struct folio *st_own(struct st_ctx *st, unsigned long pfn)
{
	struct folio *folio = pfn_folio(pfn);

	ST_ASSERT_TRUE(folio_test_reserved(folio));
	folio_clear_reserved(folio);
	ST_ASSERT_TRUE(folio_ref_freeze(folio, 1));
	return folio;
}

#endif /* _GCMA_SHARED_HELPERS_H */
