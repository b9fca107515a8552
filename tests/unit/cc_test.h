/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Fixture shared by the cleancache test programs (test_cleancache_*.c,
 * test_gcma*.c, ...): the declarations; the code is in cc_test.c,
 * compiled once and linked into every unit test (tests/unit/meson.build).
 *
 * Each test gets a fresh machine with the test thread attached, a boot-time
 * carve-out whose pages the test donates to cleancache, and one fake
 * superblock registered with cleancache_add_fs() with fake inodes on it,
 * filled in by hand as the kernel's KUnit test does:
 *
 *   pfn 0                                   carve_pfn           nr_pages
 *       |<------- system memory ------------->|<-- carve-out -->|
 *        folio_alloc(): page-cache folios,      PG_reserved, ref 1 until
 *        the aux folio, simulated fs pages      donated (then ref 0)
 *
 * The carve-out comes from sim_memblock_alloc(), which allocates top-down,
 * so it ends at the last pfn of the machine whenever the alignment allows.
 *
 * The fixture tracks what the test did (donated folios and their pools,
 * allocated folios, extra superblocks, simulated mounts) and undoes it in
 * teardown: every donated folio is taken back with get_folio() (which must
 * succeed), every fs is removed or unmounted, every folio is freed, and
 * test_machine_down() then fails the test on a leaked kmalloc object or an
 * unclaimed violation.
 *
 * CHECK_CC() runs the invariant checker; tests call it after every step.
 * CC_EXPECT() compares the stats with a snapshot plus expected deltas and
 * checks the equation cached == stored - (invalidated + reclaimed +
 * recalled) and the per-pool sums.
 */
#ifndef _GCMA_CC_TEST_H
#define _GCMA_CC_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kernel/kernel.h"
#include "kernel/slab.h"

#define CC_CARVE_MAX	256
#define CC_NR_INODES	8
#define CC_MAX_PAGES	1024
#define CC_MAX_SB	4
#define CC_MAX_MOUNTS	4

/* What the fixture knows of a carve-out pfn. */
enum cc_donor_state {
	CC_D_RESERVED = 0,	/* as memblock left it: PG_reserved, ref 1 */
	CC_D_OWNED,		/* the test's: not reserved, any refcount */
	CC_D_DONATED,		/* in cleancache, pool in donor_pool[] */
	CC_D_LARGE,		/* part of a large folio the test built */
};

/**
 * struct cc_opts - how to build a test's machine.
 * @nr_pages: pfns of the machine (at pfn 0).
 * @nr_carve: pages of the carve-out.
 * @carve_align: its alignment in pages (a power of two).
 * @mode: SIM_DATA_PAGES when contents matter, else SIM_DATA_NONE.
 * @no_sb: do not register the fake superblock.
 */
struct cc_opts {
	unsigned long nr_pages;
	unsigned long nr_carve;
	unsigned long carve_align;
	enum sim_data_mode mode;
	bool no_sb;
};

/**
 * struct cc_test - one test's world.
 * @tm: the machine, attached to the test thread.
 * @m: @tm.m.
 * @data: the machine has page data.
 * @carve_pfn: first pfn of the carve-out.
 * @nr_carve: its length.
 * @state: per carve-out pfn, enum cc_donor_state.
 * @donor_pool: per carve-out pfn, the pool it was donated to.
 * @sb: the fake superblock.
 * @inode: fake inodes on @sb, i_ino = array index.
 * @extra_sb: more fake superblocks, see cc_add_sb().
 * @nr_extra_sb: how many of @extra_sb are in use.
 * @pages: folios from folio_alloc(), freed at teardown.
 * @nr_pages: how many.
 * @mounts: simulated filesystems, unmounted at teardown.
 * @nr_mounts: how many.
 * @walk: a readahead walk in progress, ended at teardown if a failed
 *	assertion left it open.
 */
struct cc_test {
	struct test_machine tm;
	struct sim_machine *m;
	bool data;
	unsigned long carve_pfn;
	unsigned long nr_carve;
	unsigned char state[CC_CARVE_MAX];
	int donor_pool[CC_CARVE_MAX];
	struct super_block sb;
	struct inode inode[CC_NR_INODES];
	struct super_block extra_sb[CC_MAX_SB];
	unsigned int nr_extra_sb;
	struct folio *pages[CC_MAX_PAGES];
	unsigned int nr_pages;
	struct super_block *mounts[CC_MAX_MOUNTS];
	unsigned int nr_mounts;
	struct cleancache_inode *walk;
};

static inline struct cc_test *cc(void **state)
{
	return *state;
}

/* ---- the invariant checker ------------------------------------------ */

void __cc_check(const char *file, int line);

/* CHECK_CC - the cleancache invariant checker must pass, now. */
#define CHECK_CC()	__cc_check(__FILE__, __LINE__)

/* ---- stats ---------------------------------------------------------- */

/*
 * struct cc_delta - expected change of the global counters since a
 * snapshot. Fields named in @any are not compared (the spec leaves them
 * open for that call); the equation and the per-pool sums always are.
 */
struct cc_delta {
	long stored;
	long skipped;
	long restored;
	long missed;
	long reclaimed;
	long recalled;
	long invalidated;
	unsigned int any;
};

#define CC_ANY_STORED		0x01u
#define CC_ANY_SKIPPED		0x02u
#define CC_ANY_RESTORED		0x04u
#define CC_ANY_MISSED		0x08u
#define CC_ANY_RECLAIMED	0x10u
#define CC_ANY_RECALLED		0x20u
#define CC_ANY_INVALIDATED	0x40u
#define CC_ANY_ALL		0x7fu

void cc_stats(struct cleancache_stats *s);

void __cc_expect(struct cleancache_stats *snap,
		 struct cc_delta d, const char *file, int line);

/*
 * CC_EXPECT(&snap, .stored = 1, ...) - the checker passes and the counters
 * moved by exactly the given deltas (0 for those not named) since @snap;
 * @snap becomes the current stats.
 */
#define CC_EXPECT(snap, ...) \
	__cc_expect((snap), (struct cc_delta){ __VA_ARGS__ }, __FILE__, __LINE__)

/* The figures of pool @id must be @size, @cached and @recalled. */
#define CC_EXPECT_POOL(id, sz, cch, rec)				\
	do {								\
		struct cleancache_stats __s;				\
									\
		cc_stats(&__s);						\
		assert_true((id) < __s.nr_pools);			\
		assert_int_equal(__s.pools[(id)].size, (sz));		\
		assert_int_equal(__s.pools[(id)].cached, (cch));	\
		assert_int_equal(__s.pools[(id)].recalled, (rec));	\
	} while (0)

/* ---- page contents -------------------------------------------------- */

/* A tag no stored page uses: what a folio holds before a restore. */
#define CC_SCRIBBLE	0xdeadbeefu

/*
 * Fill @folio's page (data mode) with a pattern derived from @tag; the
 * scribble is a cheaper constant fill.
 */
void cc_fill(struct cc_test *t, struct folio *folio,
	     uint32_t tag);

/* Does @folio hold the pattern of @tag? Always true without data. */
bool cc_holds(struct cc_test *t, struct folio *folio,
	      uint32_t tag);

/* Do two folios hold the same bytes? Always true without data. */
bool cc_same(struct cc_test *t, struct folio *a,
	     struct folio *b);

/* ---- carve-out folios ----------------------------------------------- */

struct folio *cc_donor(struct cc_test *t, unsigned long i);

unsigned long cc_donor_index(struct cc_test *t,
			     struct folio *folio);

/*
 * Take carve-out page @i over from memblock, as a backend does: clear
 * PG_reserved and freeze the reference to 0, ready to donate.
 */
struct folio *cc_own(struct cc_test *t, unsigned long i);

/* Record that the test donated carve-out page @i to @pool by itself. */
void cc_mark_donated(struct cc_test *t, unsigned long i,
		     int pool);

/* Record that carve-out page @i came back from cleancache. */
void cc_mark_taken(struct cc_test *t, unsigned long i);

/* Donate carve-out page @i to @pool with put_folio(). */
struct folio *cc_donate(struct cc_test *t, int pool,
			unsigned long i);

/*
 * Donate carve-out pages [@first, @first + @n) to @pool as GCMA does:
 * list_add() in ascending pfn order, then one put_folios().
 */
void cc_donate_gcma(struct cc_test *t, int pool,
		    unsigned long first, unsigned long n);

/* Take carve-out page @i back from its pool: must succeed at refcount 0. */
struct folio *cc_take(struct cc_test *t, unsigned long i);

/*
 * Build a large folio of @order from carve-out pages [@first, ...), with
 * the head at @head_ref; @first must be aligned to 1 << @order.
 */
struct folio *cc_make_large(struct cc_test *t,
			    unsigned long first,
			    unsigned int order, int head_ref);

/* Split a folio from cc_make_large() and give its pages back to memblock. */
void cc_unmake_large(struct cc_test *t, struct folio *head);

/* ---- page-cache folios and fake inodes ------------------------------ */

/* A folio of system memory (refcount 1), freed at teardown. */
struct folio *cc_page(struct cc_test *t);

/* A fake inode @ino of @sb, filled in by hand as the KUnit test does. */
void cc_inode_init(struct inode *inode, struct super_block *sb,
		   unsigned long ino);

/* A fake superblock registered with cleancache_add_fs(). */
struct super_block *cc_add_sb(struct cc_test *t);

/* Mount a simulated filesystem, unmounted at teardown. */
struct super_block *cc_mount(struct cc_test *t,
			     const char *name,
			     unsigned long cache_pages);

/* Unmount a filesystem from cc_mount() before teardown. */
void cc_unmount(struct cc_test *t, struct super_block *sb);

/*
 * The frontend calls as the page cache makes them: the folio carries the
 * inode's mapping and the index, and is locked around store and
 * invalidate. @workingset sets or clears PG_workingset for the store.
 */
bool cc_store(struct inode *inode, struct folio *folio,
	      pgoff_t index, bool workingset);

/* cc_store() of a page holding the pattern of @tag, as a workingset page. */
bool cc_store_tag(struct cc_test *t, struct inode *inode,
		  struct folio *folio, pgoff_t index,
		  uint32_t tag);

/* Restore (inode, index) into @folio, scribbled first. */
bool cc_restore(struct cc_test *t, struct inode *inode,
		struct folio *folio, pgoff_t index);

/*
 * (inode, index) must restore into @folio with the pattern of @tag, or
 * miss (@tag 0) leaving @folio as it was.
 */
#define CC_RESTORE_HIT(t, inode, folio, index, tag)			\
	do {								\
		if (!cc_restore((t), (inode), (folio), (index)))	\
			fail_msg("restore of ino %lu index %lu missed",	\
				 (inode)->i_ino, (unsigned long)(index)); \
		if (!cc_holds((t), (folio), (tag)))			\
			fail_msg("restore of ino %lu index %lu: wrong contents", \
				 (inode)->i_ino, (unsigned long)(index)); \
		CHECK_CC();						\
	} while (0)

#define CC_RESTORE_MISS(t, inode, folio, index)				\
	do {								\
		if (cc_restore((t), (inode), (folio), (index)))		\
			fail_msg("restore of ino %lu index %lu hit",	\
				 (inode)->i_ino, (unsigned long)(index)); \
		if (!cc_holds((t), (folio), CC_SCRIBBLE))		\
			fail_msg("a missed restore wrote into the folio"); \
		CHECK_CC();						\
	} while (0)

/* Invalidate (inode, index) with the folio locked, as truncate does. */
bool cc_invalidate(struct inode *inode, struct folio *folio,
		   pgoff_t index);

/* Register a pool that must get id @want. */
int cc_pool(const char *name, int want);

/* ---- setup and teardown --------------------------------------------- */

int cc_setup_opts(void **state, const struct cc_opts *o);

/* 1024 pages with page data; the top 64 are the carve-out. */
int cc_setup(void **state);

/* The same, metadata only. */
int cc_setup_meta(void **state);

/* 1024 pages with page data; the top 256 (pfn 768, aligned) the carve-out. */
#define CC_CARVE256_PFN		768UL
#define CC_CARVE256_PAGES	256UL
int cc_setup_carve256(void **state);

int cc_teardown(void **state);

#endif /* _GCMA_CC_TEST_H */
