/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The KUnit half of libgcma's two-harness macro layer: the shared test
 * bodies (libgcma's tests/shared/<name>_cases.c, ported with their #include
 * lines rewritten and nothing else) include "shared_test.h"; in a kernel
 * tree that is this file, in libgcma its CMocka half
 * (tests/shared/cmocka/shared_test.h), which lists the names both give.
 *
 * Here the cases of a suite run one after the other in one booted kernel,
 * so the world a case builds is undone or put out of reach by the
 * suite's exit callback:
 *
 * - st_reserve() takes a high-order block from the page allocator, splits
 *   it and marks every page reserved at refcount 1, as memblock leaves a
 *   boot carve-out. Its pages never go back to the allocator: a GCMA area
 *   or a cleancache pool may still know them. After the case, every GCMA
 *   area the case registered is allocated whole (its pool is empty then,
 *   so a later case's stores cannot land there), and every page still
 *   donated to a pool is taken back. The pages stay out of the
 *   allocator (a few hundred per case, in a test kernel).
 * - Pool and area names cannot be used twice in a boot: st_name() adds a
 *   sequence number.
 * - The fake superblock is removed from cleancache, the page-cache folios
 *   go back to the allocator.
 * - When a checker fails after the case, nothing is undone: the state is
 *   not trusted any more (later cases may fail too; read the first
 *   failure).
 */
#ifndef _MM_SHARED_TEST_H
#define _MM_SHARED_TEST_H

#include <kunit/test.h>
#include <linux/cleancache.h>
#include <linux/fs.h>
#include <linux/gcma.h>
#include <linux/gfp.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>

#include "cleancache_internal.h"

#define ST_NR_INODES	8
#define ST_MAX_RANGES	8
#define ST_MAX_FOLIOS	64
#define ST_MAX_NAMES	8

/**
 * struct st_ctx - one case's world (the fields up to @test are the ones
 * the shared bodies may read; both harnesses have them).
 * @range_start: first pfn of each st_reserve() range.
 * @range_nr: its length.
 * @nr_ranges: how many.
 * @stats_now: scratch for the shared helpers' stats reads.
 * @test: the running case.
 * @sb: the fake superblock, registered with cleancache_add_fs().
 * @inodes: ST_NR_INODES fake inodes on @sb.
 * @folios: st_folio() folios, freed after the case.
 * @nr_folios: how many.
 * @first_area: gcma_nr_areas() when the case began.
 * @names: st_name() results.
 * @nr_names: how many.
 */
struct st_ctx {
	unsigned long range_start[ST_MAX_RANGES];
	unsigned long range_nr[ST_MAX_RANGES];
	unsigned int nr_ranges;
	struct cleancache_stats *stats_now;
	struct kunit *test;
	struct super_block *sb;
	struct inode *inodes;
	struct folio *folios[ST_MAX_FOLIOS];
	unsigned int nr_folios;
	int first_area;
	char names[ST_MAX_NAMES][GCMA_AREA_NAME_MAX_LEN];
	unsigned int nr_names;
};

#define ST_CASE(name)							\
	static void name##_body(struct st_ctx *st);			\
	static void name(struct kunit *test)				\
	{								\
		name##_body(test->priv);				\
	}								\
	static void name##_body(struct st_ctx *st)

#define ST_RUN(name)	KUNIT_CASE(name)

#define ST_SUITE(sname, ...)						\
	static struct kunit_case sname##_cases[] = { __VA_ARGS__, {} };	\
	static struct kunit_suite sname##_suite = {			\
		.name = #sname,						\
		.init = st_init,					\
		.exit = st_exit,					\
		.test_cases = sname##_cases,				\
	};								\
	kunit_test_suite(sname##_suite)

#define ST_ASSERT_EQ(a, b)	KUNIT_ASSERT_EQ(st->test, (long)(a), (long)(b))
#define ST_ASSERT_TRUE(c)	KUNIT_ASSERT_TRUE(st->test, c)
#define ST_ASSERT_FALSE(c)	KUNIT_ASSERT_FALSE(st->test, c)
#define ST_ASSERT_PTR_EQ(a, b)	KUNIT_ASSERT_PTR_EQ(st->test, a, b)
#define ST_ASSERT_NOT_NULL(p)	KUNIT_ASSERT_NOT_NULL(st->test, p)
#define ST_FAIL(...)		KUNIT_FAIL_AND_ABORT(st->test, __VA_ARGS__)

/* Taken by the shared bodies; the names of one boot. */
static unsigned int st_name_seq;

static inline unsigned long st_reserve(struct st_ctx *st, unsigned long nr)
{
	unsigned int order = order_base_2(nr);
	unsigned long pfn, i;
	struct page *page;

	KUNIT_ASSERT_LT(st->test, st->nr_ranges, ST_MAX_RANGES);
	KUNIT_ASSERT_LT(st->test, order, MAX_PAGE_ORDER + 1);
	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
	KUNIT_ASSERT_NOT_NULL(st->test, page);
	split_page(page, order);
	pfn = page_to_pfn(page);
	for (i = 0; i < 1UL << order; i++)
		SetPageReserved(pfn_to_page(pfn + i));
	st->range_start[st->nr_ranges] = pfn;
	st->range_nr[st->nr_ranges++] = nr;
	return pfn;
}

static inline struct folio *st_folio(struct st_ctx *st)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, 0);

	KUNIT_ASSERT_NOT_NULL(st->test, folio);
	if (st->nr_folios == ST_MAX_FOLIOS) {
		folio_put(folio);
		KUNIT_FAIL_AND_ABORT(st->test, "%s: too many folios",
				     __func__);
	}
	st->folios[st->nr_folios++] = folio;
	return folio;
}

static inline struct inode *st_inode(struct st_ctx *st, unsigned int i)
{
	KUNIT_ASSERT_LT(st->test, i, ST_NR_INODES);
	return &st->inodes[i];
}

static inline const char *st_name(struct st_ctx *st, const char *base)
{
	char *name;

	KUNIT_ASSERT_LT(st->test, st->nr_names, ST_MAX_NAMES);
	name = st->names[st->nr_names++];
	snprintf(name, GCMA_AREA_NAME_MAX_LEN, "%s.%u", base, ++st_name_seq);
	return name;
}

static inline void *st_zalloc(struct st_ctx *st, size_t size)
{
	void *p = kunit_kzalloc(st->test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(st->test, p);
	return p;
}

static int st_init(struct kunit *test)
{
	struct st_ctx *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	unsigned int i;

	if (!st)
		return -ENOMEM;
	st->test = test;
	test->priv = st;
	st->stats_now = kunit_kzalloc(test, sizeof(*st->stats_now),
				      GFP_KERNEL);
	st->sb = kzalloc(sizeof(*st->sb), GFP_KERNEL);
	st->inodes = kcalloc(ST_NR_INODES, sizeof(*st->inodes), GFP_KERNEL);
	if (!st->stats_now || !st->sb || !st->inodes) {
		kfree(st->sb);
		kfree(st->inodes);
		return -ENOMEM;
	}
	strscpy(st->sb->s_id, "st-kunit", sizeof(st->sb->s_id));
	st->sb->cleancache_id = CLEANCACHE_ID_INVALID;
	for (i = 0; i < ST_NR_INODES; i++) {
		struct inode *inode = &st->inodes[i];

		inode->i_ino = i;
		inode->i_sb = st->sb;
		inode->i_mapping = &inode->i_data;
		inode->i_data.host = inode;
		INIT_LIST_HEAD(&inode->i_sb_list);
	}
	st->first_area = IS_ENABLED(CONFIG_GCMA) ? gcma_nr_areas() : 0;
	return cleancache_add_fs(st->sb);
}

/* Allocate whatever is left of the areas the case registered. */
static void st_retire_areas(struct st_ctx *st)
{
	struct gcma_area_info info;
	unsigned long pfn;
	int id;

	for (id = st->first_area; id < gcma_nr_areas(); id++) {
		if (gcma_area_get_info(id, &info))
			continue;
		for (pfn = info.start_pfn; pfn < info.end_pfn; pfn++)
			gcma_alloc_range(pfn, 1, GFP_KERNEL);
	}
}

static void st_exit(struct kunit *test)
{
	struct st_ctx *st = test->priv;
	unsigned int i;
	unsigned long pfn;

	if (cleancache_check() || (IS_ENABLED(CONFIG_GCMA) && gcma_check())) {
		kunit_err(test, "a checker fails: the case's pages are left as they are\n");
		return;
	}
	if (IS_ENABLED(CONFIG_GCMA))
		st_retire_areas(st);
	for (i = 0; i < st->nr_ranges; i++) {
		for (pfn = st->range_start[i];
		     pfn < st->range_start[i] + st->range_nr[i]; pfn++) {
			struct folio *folio = page_folio(pfn_to_page(pfn));
			int pool = folio_cc_pool_id(folio);

			if (pool >= 0)
				cleancache_backend_get_folio(pool, folio);
		}
	}
	if (st->sb->cleancache_id != CLEANCACHE_ID_INVALID)
		cleancache_remove_fs(st->sb);
	for (i = 0; i < st->nr_folios; i++) {
		struct folio *folio = st->folios[i];

		__folio_clear_locked(folio);
		folio_clear_workingset(folio);
		folio->mapping = NULL;
		if (folio_ref_count(folio) == 1)
			folio_put(folio);
	}
	kfree(st->inodes);
	kfree(st->sb);
}

#endif /* _MM_SHARED_TEST_H */
